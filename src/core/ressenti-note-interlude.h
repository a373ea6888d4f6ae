/* ressenti-note-interlude.h — a voice note heard in place in the call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When playback reaches a voice note (or the listener asks for one), the
 * note is heard "in place": the call pauses, the note plays with its own
 * player (and its own speed), then the call goes on from exactly where it
 * was — and only if it was playing. Stopping the note early resumes the
 * call the same way.
 */
#pragma once

#include <glib-object.h>

#include "ressenti-player.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_NOTE_INTERLUDE (ressenti_note_interlude_get_type ())
G_DECLARE_FINAL_TYPE (RessentiNoteInterlude, ressenti_note_interlude, RESSENTI, NOTE_INTERLUDE, GObject)

/* Keeps a reference on @call. */
RessentiNoteInterlude *ressenti_note_interlude_new        (RessentiPlayer        *call);
/* Pauses the call and plays the note at @path at @speed (see
 * RESSENTI_PLAYER_SPEED_MIN/MAX). A note already playing is stopped
 * first (without resuming the call in between). On failure the call is
 * left as it was. ::finished follows, once. */
gboolean               ressenti_note_interlude_play       (RessentiNoteInterlude *self,
                                                           const char            *path,
                                                           double                 speed,
                                                           GError               **error);
/* Stops the note, if one plays, and resumes the call as if it had ended. */
void                   ressenti_note_interlude_stop       (RessentiNoteInterlude *self);
/* TRUE from play() until ::finished. */
gboolean               ressenti_note_interlude_get_active (RessentiNoteInterlude *self);
/* The note's own player, e.g. for its position while it plays. */
RessentiPlayer        *ressenti_note_interlude_get_player (RessentiNoteInterlude *self);

G_END_DECLS
