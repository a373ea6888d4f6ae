/* ressenti-dictation.h — a voice note dictated at a moment of the call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the dictation key does, without the key: start() pauses the call
 * (or lowers it, "duck"), makes the note in the library (RECORDING, so a
 * crash leaves it to be recovered) and records into its file; the start
 * earcon plays once the microphone's samples flow (::started); stop()
 * ends the note, completes it in the library with its length, plays the
 * stop earcon and resumes the call (::finished with the note). A failure
 * (no microphone, the input went away) resumes the call, removes a note
 * that holds nothing, and is reported (::failed); a silent microphone is
 * reported while recording goes on (::warning).
 *
 * GTK-free; the store is only called from worker threads.
 */
#pragma once

#include <glib-object.h>

#include "ressenti-earcons.h"
#include "ressenti-player.h"
#include "ressenti-store.h"

G_BEGIN_DECLS

/* A note shorter than this was a slip of the key: it is not kept. */
#define RESSENTI_DICTATION_MIN_MS 300
/* The call's level while dictating with "duck". */
#define RESSENTI_DICTATION_DUCK_LEVEL 0.2

#define RESSENTI_TYPE_DICTATION (ressenti_dictation_get_type ())
G_DECLARE_FINAL_TYPE (RessentiDictation, ressenti_dictation, RESSENTI, DICTATION, GObject)

RessentiDictation *ressenti_dictation_new               (RessentiStore     *store,
                                                         RessentiPlayer    *call);
/* NULL: no earcons. */
void               ressenti_dictation_set_earcons       (RessentiDictation *self,
                                                         RessentiEarcons   *earcons);
/* The microphone (a source name; NULL or "": the default one). */
void               ressenti_dictation_set_input         (RessentiDictation *self,
                                                         const char        *input_id);
void               ressenti_dictation_set_max_duration  (RessentiDictation *self,
                                                         gint64             max_ms);
/* TRUE: the call goes on, lowered, while dictating; FALSE: it pauses. */
void               ressenti_dictation_set_duck          (RessentiDictation *self,
                                                         gboolean           duck);
/* Starts a note in @review_id at @at_ms, attached to @marker_id if not
 * NULL. FALSE (nothing happens) while a note is under way. */
gboolean           ressenti_dictation_start             (RessentiDictation *self,
                                                         const char        *review_id,
                                                         gint64             at_ms,
                                                         const char        *marker_id);
void               ressenti_dictation_stop              (RessentiDictation *self);
/* TRUE from start() until ::finished or ::failed. */
gboolean           ressenti_dictation_get_busy          (RessentiDictation *self);

G_END_DECLS
