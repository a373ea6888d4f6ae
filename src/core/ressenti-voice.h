/* ressenti-voice.h — the announcer's own voice, through speech-dispatcher
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dedicated voice speaks wherever the focus is, with its own rate and
 * language, beside (or instead of) the screen reader.
 *
 * Priority mapping (speech-dispatcher's SSIP priorities): every message is
 * said at SPD_MESSAGE, the priority Orca itself uses for what it presents.
 * TEXT or NOTIFICATION would be cut off by every key Orca echoes. An
 * interrupting message first cancels this connection's own queue
 * (spd_cancel), never Orca's; a queued one waits behind the app's previous
 * messages. While Orca talks, speech-dispatcher serialises the two
 * clients' MESSAGE priorities: the app's message waits for Orca's to end.
 */
#pragma once

#include "ressenti-announcer-backend.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_VOICE (ressenti_voice_get_type ())
G_DECLARE_FINAL_TYPE (RessentiVoice, ressenti_voice, RESSENTI, VOICE, GObject)

/* Connects in a worker thread (speech-dispatcher is started if needed); a
 * failure is reported by the "available" and "error" properties, and
 * messages are then dropped. */
RessentiVoice *ressenti_voice_new           (void);
/* -100 (slowest) … 100 (fastest); 0 is the user's default. */
void           ressenti_voice_set_rate      (RessentiVoice *self,
                                             int            rate);
int            ressenti_voice_get_rate      (RessentiVoice *self);
/* "fr", "en", … or NULL for the default. */
void           ressenti_voice_set_language  (RessentiVoice *self,
                                             const char    *language);
/* The kind of voice, as speech-dispatcher names them: "male1", "male2",
 * "male3", "female1", "female2", "female3", "child_male", "child_female";
 * NULL or "default" leaves the speech server's own choice (from the next
 * connection on, once another was set). Unknown names are ignored. */
void           ressenti_voice_set_voice_type (RessentiVoice *self,
                                              const char    *voice_type);
/* TRUE while the voice is saying something (for ducking the call). */
gboolean       ressenti_voice_get_speaking  (RessentiVoice *self);
/* FALSE once connecting failed; the reason is in ressenti_voice_get_error(). */
gboolean       ressenti_voice_get_available (RessentiVoice *self);
const char    *ressenti_voice_get_error     (RessentiVoice *self);
/* Blocks until the worker has connected or given up (tests, start-up). */
gboolean       ressenti_voice_wait_ready    (RessentiVoice *self,
                                             guint          timeout_ms);

G_END_DECLS
