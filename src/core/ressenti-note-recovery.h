/* ressenti-note-recovery.h — voice notes cut off by a crash, made whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At start-up the current user's notes still in the RECORDING state were
 * cut off (a crash, kill -9, power loss). Each is remuxed into a whole
 * file (ressenti_recorder_recover(): at most the last second is lost) and
 * completed with its real length; one whose file is missing or holds no
 * sound is discarded. One that cannot be read now is left for the next
 * start, never deleted.
 */
#pragma once

#include "ressenti-store.h"

G_BEGIN_DECLS

/* Synchronous (a worker thread). FALSE only when the store cannot list
 * the notes. */
gboolean  ressenti_recover_voice_notes        (RessentiStore  *store,
                                               guint          *n_recovered,
                                               guint          *n_discarded,
                                               GError        **error);
/* "1 voice note cut off last time was recovered." — NULL for none. */
char     *ressenti_recovered_notes_sentence   (guint           n_recovered);

G_END_DECLS
