/* ressenti-transcriber-whisper.c — voice notes transcribed by whisper.cpp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "ressenti-transcriber"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <whisper.h>

#include "ressenti-transcriber-whisper.h"

/* whisper.cpp takes 16 kHz mono float. */
#define WHISPER_RATE 16000

struct _RessentiTranscriberWhisper
{
  GObject  parent_instance;

  char    *model_path;
};

static void transcriber_iface_init (RessentiTranscriberInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RessentiTranscriberWhisper, ressenti_transcriber_whisper, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RESSENTI_TYPE_TRANSCRIBER, transcriber_iface_init))

static const char *
whisper_get_name (RessentiTranscriber *transcriber)
{
  return "whisper.cpp";
}

static gboolean
whisper_is_available (RessentiTranscriber  *transcriber,
                      char                **reason)
{
  RessentiTranscriberWhisper *self = RESSENTI_TRANSCRIBER_WHISPER (transcriber);

  if (self->model_path == NULL || *self->model_path == '\0')
    {
      if (reason != NULL)
        *reason = g_strdup (_("Transcription is unavailable: no speech recognition model is chosen. "
                              "Choose a whisper.cpp model file in Preferences."));
      return FALSE;
    }
  if (g_access (self->model_path, R_OK) != 0)
    {
      if (reason != NULL)
        /* Translators: %s is a file name. */
        *reason = g_strdup_printf (_("Transcription is unavailable: the model file “%s” cannot be read."),
                                   self->model_path);
      return FALSE;
    }
  return TRUE;
}

/* Whisper's abort callback: stops when the note's transcription is
 * cancelled. */
static bool
abort_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

static char *
run_whisper (struct whisper_context *context,
             const float            *samples,
             gsize                   n_samples,
             const char             *language,
             GCancellable           *cancellable,
             GError                **error)
{
  struct whisper_full_params params = whisper_full_default_params (WHISPER_SAMPLING_GREEDY);
  g_autoptr(GString) text = g_string_new (NULL);

  params.language = language;
  params.print_progress = false;
  params.print_realtime = false;
  params.print_timestamps = false;
  params.print_special = false;
  params.n_threads = (int) MAX (1, g_get_num_processors () - 1);
  params.abort_callback = abort_cb;
  params.abort_callback_user_data = cancellable;
  if (whisper_full (context, params, samples, (int) n_samples) != 0)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error_literal (error, RESSENTI_TRANSCRIBER_ERROR, RESSENTI_TRANSCRIBER_ERROR_FAILED,
                             _("Speech recognition failed on this voice note."));
      return NULL;
    }
  for (int i = 0; i < whisper_full_n_segments (context); i++)
    g_string_append (text, whisper_full_get_segment_text (context, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
whisper_transcribe_sync (RessentiTranscriber  *transcriber,
                         const char           *audio_path,
                         const char           *language,
                         GCancellable         *cancellable,
                         GError              **error)
{
  RessentiTranscriberWhisper *self = RESSENTI_TRANSCRIBER_WHISPER (transcriber);
  struct whisper_context_params context_params = whisper_context_default_params ();
  struct whisper_context *context;
  g_autofree float *samples = NULL;
  gsize n_samples = 0;
  char *text;

  samples = ressenti_transcriber_decode (audio_path, WHISPER_RATE, &n_samples, cancellable, error);
  if (samples == NULL)
    return NULL;
  context = whisper_init_from_file_with_params (self->model_path, context_params);
  if (context == NULL)
    {
      g_set_error (error, RESSENTI_TRANSCRIBER_ERROR, RESSENTI_TRANSCRIBER_ERROR_UNAVAILABLE,
                   _("Transcription is unavailable: the model file “%s” is not a whisper.cpp model."),
                   self->model_path);
      return NULL;
    }
  text = run_whisper (context, samples, n_samples, language, cancellable, error);
  whisper_free (context);
  return text;
}

static void
transcriber_iface_init (RessentiTranscriberInterface *iface)
{
  iface->get_name = whisper_get_name;
  iface->is_available = whisper_is_available;
  iface->transcribe_sync = whisper_transcribe_sync;
}

static void
ressenti_transcriber_whisper_finalize (GObject *object)
{
  RessentiTranscriberWhisper *self = RESSENTI_TRANSCRIBER_WHISPER (object);

  g_free (self->model_path);

  G_OBJECT_CLASS (ressenti_transcriber_whisper_parent_class)->finalize (object);
}

static void
ressenti_transcriber_whisper_class_init (RessentiTranscriberWhisperClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ressenti_transcriber_whisper_finalize;
}

static void
ressenti_transcriber_whisper_init (RessentiTranscriberWhisper *self)
{
}

RessentiTranscriberWhisper *
ressenti_transcriber_whisper_new (const char *model_path)
{
  RessentiTranscriberWhisper *self = g_object_new (RESSENTI_TYPE_TRANSCRIBER_WHISPER, NULL);

  self->model_path = g_strdup (model_path);
  return self;
}
