/* ressenti-timeline.h — the call drawn large: turns, pauses, position
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For low-vision and sighted listeners: one lane per side (or one for a
 * mono call) with the speaker turns as solid blocks, a lane of pauses, the
 * A–B loop and a thick position line, in the theme's foreground colour
 * (high contrast follows the theme; sides are told apart by their labelled
 * lanes, never by colour). It takes keyboard focus: the player's keys act
 * on it. For screen readers its accessible description carries the
 * position ("2 minutes 13 of 6 minutes 20"), set when it gets focus and
 * when asked, never on every tick while playing (Orca 43 would speak each
 * change). Clicking asks for a seek through ::seek-requested.
 */
#pragma once

#include <gtk/gtk.h>

#include "ressenti-analysis-result.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_TIMELINE (ressenti_timeline_get_type ())
G_DECLARE_FINAL_TYPE (RessentiTimeline, ressenti_timeline, RESSENTI, TIMELINE, GtkWidget)

GtkWidget *ressenti_timeline_new              (void);
/* Milliseconds; -1 when unknown. */
void       ressenti_timeline_set_duration     (RessentiTimeline             *self,
                                               gint64                        duration_ms);
gint64     ressenti_timeline_get_duration     (RessentiTimeline             *self);
void       ressenti_timeline_set_position     (RessentiTimeline             *self,
                                               gint64                        position_ms);
gint64     ressenti_timeline_get_position     (RessentiTimeline             *self);
/* NULL while the analysis runs. */
void       ressenti_timeline_set_result       (RessentiTimeline             *self,
                                               const RessentiAnalysisResult *result);
/* -1, -1 for no loop. */
/* The review's markers (RessentiMarkerItem), drawn above the lanes; NULL
 * for none. Followed through ::items-changed. */
void       ressenti_timeline_set_markers      (RessentiTimeline             *self,
                                               GListModel                   *markers);
void       ressenti_timeline_set_loop         (RessentiTimeline             *self,
                                               gint64                        start_ms,
                                               gint64                        end_ms);
/* Puts the spoken position into the accessible description now (Orca
 * speaks it if the timeline has focus). */
void       ressenti_timeline_describe_position (RessentiTimeline            *self);
/* "2 minutes 13 of 6 minutes 20". */
char      *ressenti_timeline_position_text    (RessentiTimeline             *self);

G_END_DECLS
