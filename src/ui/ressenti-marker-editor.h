/* ressenti-marker-editor.h — placing and changing markers from the player's
 * keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the marker keys of the player do, kept out of the player view: a
 * digit places a marker at the playing position, and the keys that follow
 * (intensity, text, end of a span, nudges, delete, undo) act on the
 * *current* marker — the one last placed, changed, reached or landed on.
 * Every change is confirmed in words once the library has it.
 */
#pragma once

#include <adwaita.h>

#include "ressenti-player.h"
#include "ressenti-review-session.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_MARKER_EDITOR (ressenti_marker_editor_get_type ())
G_DECLARE_FINAL_TYPE (RessentiMarkerEditor, ressenti_marker_editor, RESSENTI, MARKER_EDITOR, GObject)

/* @owner is the widget whose root the dialogs are transient for, and on
 * which "call.start-review" is activated when a marker is placed before
 * the review exists. */
RessentiMarkerEditor  *ressenti_marker_editor_new         (GtkWidget             *owner,
                                                           RessentiPlayer        *player);
void                   ressenti_marker_editor_set_session (RessentiMarkerEditor  *self,
                                                           RessentiReviewSession *session);
RessentiReviewSession *ressenti_marker_editor_get_session (RessentiMarkerEditor  *self);
/* The side new markers go to (customer by default). */
RessentiSide           ressenti_marker_editor_get_side    (RessentiMarkerEditor  *self);
const char            *ressenti_marker_editor_get_current (RessentiMarkerEditor  *self);
void                   ressenti_marker_editor_set_current (RessentiMarkerEditor  *self,
                                                           const char            *marker_id);

/* The entry digit @n (1–9) stands for on the current side, or NULL. */
const RessentiVocabularyEntry *ressenti_marker_editor_get_digit_entry (RessentiMarkerEditor *self,
                                                                       guint                 n);

void ressenti_marker_editor_place        (RessentiMarkerEditor *self,
                                          guint                 digit);
void ressenti_marker_editor_place_entry  (RessentiMarkerEditor *self,
                                          const char           *entry_key);
void ressenti_marker_editor_pick         (RessentiMarkerEditor *self);
void ressenti_marker_editor_switch_side  (RessentiMarkerEditor *self);
void ressenti_marker_editor_intensity    (RessentiMarkerEditor *self,
                                          int                   direction);
void ressenti_marker_editor_end_span     (RessentiMarkerEditor *self);
void ressenti_marker_editor_nudge        (RessentiMarkerEditor *self,
                                          int                   direction);
void ressenti_marker_editor_delete       (RessentiMarkerEditor *self);
void ressenti_marker_editor_undo         (RessentiMarkerEditor *self,
                                          gboolean              redo);
/* Opens the marker dialog on the current marker; with @text_only the
 * focus starts in its text. */
void ressenti_marker_editor_edit         (RessentiMarkerEditor *self,
                                          gboolean              text_only);
void ressenti_marker_editor_define       (RessentiMarkerEditor *self);
/* Opens the dialog on the marker @marker_id (from the markers list). */
void ressenti_marker_editor_edit_marker  (RessentiMarkerEditor *self,
                                          const char           *marker_id,
                                          GtkWindow            *parent);
void ressenti_marker_editor_delete_marker (RessentiMarkerEditor *self,
                                           const char           *marker_id);

G_END_DECLS
