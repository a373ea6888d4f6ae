/* ressenti-transcriber.h — speech to text for voice notes, pluggable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A transcriber turns a voice note (Ogg Opus) into text. Engines plug in
 * by implementing this interface; transcribe_sync() runs in a worker
 * thread (ressenti_transcriber_transcribe_async()), never on the main
 * loop. An engine that cannot work here says why (is_available()), in a
 * sentence the app shows and speaks: the app is fully usable without one,
 * notes stay audio and a person can type their transcript.
 *
 * ressenti_transcriber_new_default() gives the whisper.cpp engine when
 * this copy was built with it (meson feature "libwhisper"), otherwise an
 * engine that is never available and says so.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RESSENTI_TRANSCRIBER_ERROR (ressenti_transcriber_error_quark ())

typedef enum
{
  RESSENTI_TRANSCRIBER_ERROR_FAILED,
  RESSENTI_TRANSCRIBER_ERROR_UNAVAILABLE,
  RESSENTI_TRANSCRIBER_ERROR_CANCELLED,
} RessentiTranscriberError;

GQuark ressenti_transcriber_error_quark (void);

#define RESSENTI_TYPE_TRANSCRIBER (ressenti_transcriber_get_type ())
G_DECLARE_INTERFACE (RessentiTranscriber, ressenti_transcriber, RESSENTI, TRANSCRIBER, GObject)

struct _RessentiTranscriberInterface
{
  GTypeInterface parent_iface;

  const char *(*get_name)        (RessentiTranscriber  *self);
  gboolean    (*is_available)    (RessentiTranscriber  *self,
                                  char                **reason);
  /* In a worker thread. @language: "fr", "en" or "auto". */
  char       *(*transcribe_sync) (RessentiTranscriber  *self,
                                  const char           *audio_path,
                                  const char           *language,
                                  GCancellable         *cancellable,
                                  GError              **error);
};

const char *ressenti_transcriber_get_name          (RessentiTranscriber  *self);
/* FALSE with a translated, speakable *reason when it cannot transcribe. */
gboolean    ressenti_transcriber_is_available      (RessentiTranscriber  *self,
                                                    char                **reason);
char       *ressenti_transcriber_transcribe_sync   (RessentiTranscriber  *self,
                                                    const char           *audio_path,
                                                    const char           *language,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void        ressenti_transcriber_transcribe_async  (RessentiTranscriber  *self,
                                                    const char           *audio_path,
                                                    const char           *language,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* The text (stripped; NULL with @error when nothing was recognised). */
char       *ressenti_transcriber_transcribe_finish (RessentiTranscriber  *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* The engine this copy of Ressenti has; @model_path the whisper.cpp model
 * file chosen in Preferences (NULL or empty: none). */
RessentiTranscriber *ressenti_transcriber_new_default (const char *model_path);

/* A note decoded to mono float samples at @rate, for engines. */
float      *ressenti_transcriber_decode            (const char           *audio_path,
                                                    guint                 rate,
                                                    gsize                *n_samples,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

G_END_DECLS
