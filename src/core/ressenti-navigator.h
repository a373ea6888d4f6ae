/* ressenti-navigator.h — moving through a call by unit, and saying where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As in talking-book (DAISY) players: the listener chooses a unit, then
 * steps to the next or previous one; each step says only where it landed
 * ("Customer, 2 minutes 13", "Pause of 6 seconds"). Pure logic over a
 * position and the analysis result, so it is tested without sound; the UI
 * seeks the player to the target and hands the text to the announcer.
 */
#pragma once

#include <glib.h>

#include "ressenti-analysis-result.h"
#include "ressenti-marker-watcher.h"

G_BEGIN_DECLS

typedef enum
{
  RESSENTI_NAV_UNIT_TURN = 0,
  RESSENTI_NAV_UNIT_PAUSE,
  RESSENTI_NAV_UNIT_10_SECONDS,
  RESSENTI_NAV_UNIT_1_MINUTE,
  RESSENTI_NAV_UNIT_MARKER,     /* the review's markers, through the filter */
  RESSENTI_NAV_N_UNITS,
} RessentiNavUnit;

/* What the player is doing, as "where am I" says it. (The navigator does
 * not depend on the player: the UI passes the player's state.) */
typedef enum
{
  RESSENTI_NAV_STOPPED = 0,
  RESSENTI_NAV_PAUSED,
  RESSENTI_NAV_PLAYING,
} RessentiNavPlayback;

/* Pressing "previous" within this much of a unit's start goes to the unit
 * before, as a track "previous" button does. */
#define RESSENTI_NAV_PREVIOUS_GRACE_MS 1500

/* The review's markers, for moving by marker and for "where am I". */
typedef struct
{
  GListModel                 *markers;     /* RessentiMarkerItem in time order; NULL: none */
  const RessentiMarkerFilter *filter;      /* NULL: every marker (ressenti-marker-watcher.h) */
  RessentiVocabulary         *vocabulary;  /* names them; NULL: the built-in vocabulary */
} RessentiNavMarkers;

/* "speaker turn", "pause", "10 seconds", "1 minute", "marker" (translated). */
const char *ressenti_nav_unit_describe     (RessentiNavUnit unit);
/* "Move by: speaker turn". */
char       *ressenti_nav_unit_announcement (RessentiNavUnit unit);
RessentiNavUnit ressenti_nav_unit_cycle    (RessentiNavUnit unit,
                                            int             direction);

/* Finds where a step of @unit in @direction (+1 next, -1 previous) from
 * @position_ms lands. Returns TRUE with *target_ms and a translated
 * *announcement; FALSE with *announcement saying why not (no further unit,
 * analysis not ready, no marker, none passing the filter). @result may be
 * NULL while the analysis runs; @markers may be NULL when no review is
 * open. A step by marker lands on the marker's start and says it as
 * ressenti_marker_describe_placed() does ("Frustration / annoyance,
 * strong, customer, 2 minutes 13"); a marker watcher does not say it
 * again (a jump landing on a marker does not reach it). */
gboolean    ressenti_navigator_step        (const RessentiAnalysisResult *result,
                                            const RessentiNavMarkers     *markers,
                                            RessentiNavUnit               unit,
                                            gint64                        position_ms,
                                            gint64                        duration_ms,
                                            int                           direction,
                                            gint64                       *target_ms,
                                            char                        **announcement);

/* "Where am I": position, duration, state, who is speaking, the next event,
 * and the nearest markers passing the filter, before and after ("previous
 * marker: Anger, 3 seconds ago, next marker: Calm / neutral, in 12
 * seconds"). @second_form gives the other form (percentage, time left). */
char       *ressenti_navigator_where_am_i  (const RessentiAnalysisResult *result,
                                            const RessentiNavMarkers     *markers,
                                            gint64                        position_ms,
                                            gint64                        duration_ms,
                                            RessentiNavPlayback           playback,
                                            gboolean                      second_form);

G_END_DECLS
