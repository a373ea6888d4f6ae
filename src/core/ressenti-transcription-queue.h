/* ressenti-transcription-queue.h — voice notes transcribed one by one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After a note is recorded the app adds it here. The queue runs the
 * transcriber on one note at a time in a worker thread and writes the
 * text into the store as the engine's transcript — which never replaces
 * one a person typed (ressenti_store_set_voice_note_transcript()). Each
 * note ends in ::transcribed or ::failed on the main context of the
 * thread that made the queue. With no engine available, notes are not
 * queued at all: is_available() says why, for the UI to say.
 */
#pragma once

#include <gio/gio.h>

#include "ressenti-store.h"
#include "ressenti-transcriber.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_TRANSCRIPTION_QUEUE (ressenti_transcription_queue_get_type ())
G_DECLARE_FINAL_TYPE (RessentiTranscriptionQueue, ressenti_transcription_queue, RESSENTI, TRANSCRIPTION_QUEUE, GObject)

RessentiTranscriptionQueue *ressenti_transcription_queue_new          (RessentiStore              *store,
                                                                      RessentiTranscriber        *transcriber);
/* FALSE with the transcriber's reason when notes cannot be transcribed. */
gboolean                    ressenti_transcription_queue_is_available (RessentiTranscriptionQueue *self,
                                                                      char                      **reason);
/* Queues the note; @language "fr", "en" or "auto". FALSE (nothing
 * queued) when no engine is available. */
gboolean                    ressenti_transcription_queue_add          (RessentiTranscriptionQueue *self,
                                                                      const RessentiVoiceNote    *note,
                                                                      const char                 *language);
/* Notes waiting or being transcribed. */
guint                       ressenti_transcription_queue_get_pending  (RessentiTranscriptionQueue *self);
/* Stops the note under way and forgets the others. */
void                        ressenti_transcription_queue_cancel       (RessentiTranscriptionQueue *self);

G_END_DECLS
