/* ressenti-transcriber.c — speech to text for voice notes, pluggable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "ressenti-transcriber"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "ressenti-transcriber.h"
#if HAVE_WHISPER
#include "ressenti-transcriber-whisper.h"
#endif

G_DEFINE_QUARK (ressenti-transcriber-error-quark, ressenti_transcriber_error)

G_DEFINE_INTERFACE (RessentiTranscriber, ressenti_transcriber, G_TYPE_OBJECT)

static void
ressenti_transcriber_default_init (RessentiTranscriberInterface *iface)
{
}

const char *
ressenti_transcriber_get_name (RessentiTranscriber *self)
{
  g_return_val_if_fail (RESSENTI_IS_TRANSCRIBER (self), NULL);
  return RESSENTI_TRANSCRIBER_GET_IFACE (self)->get_name (self);
}

gboolean
ressenti_transcriber_is_available (RessentiTranscriber  *self,
                                   char                **reason)
{
  g_return_val_if_fail (RESSENTI_IS_TRANSCRIBER (self), FALSE);
  if (reason != NULL)
    *reason = NULL;
  return RESSENTI_TRANSCRIBER_GET_IFACE (self)->is_available (self, reason);
}

char *
ressenti_transcriber_transcribe_sync (RessentiTranscriber  *self,
                                      const char           *audio_path,
                                      const char           *language,
                                      GCancellable         *cancellable,
                                      GError              **error)
{
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (RESSENTI_IS_TRANSCRIBER (self), NULL);
  g_return_val_if_fail (audio_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ressenti_transcriber_is_available (self, &reason))
    {
      g_set_error_literal (error, RESSENTI_TRANSCRIBER_ERROR, RESSENTI_TRANSCRIBER_ERROR_UNAVAILABLE, reason);
      return NULL;
    }
  text = RESSENTI_TRANSCRIBER_GET_IFACE (self)->transcribe_sync (self, audio_path, language != NULL ? language : "auto",
                                                                cancellable, error);
  if (text == NULL)
    return NULL;
  g_strstrip (text);
  if (*text == '\0')
    {
      g_set_error_literal (error, RESSENTI_TRANSCRIBER_ERROR, RESSENTI_TRANSCRIBER_ERROR_FAILED,
                           _("No words were recognised in this voice note."));
      return NULL;
    }
  return g_steal_pointer (&text);
}

typedef struct
{
  char *audio_path;
  char *language;
} Job;

static void
job_free (Job *job)
{
  g_free (job->audio_path);
  g_free (job->language);
  g_free (job);
}

static void
transcribe_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  char *text = ressenti_transcriber_transcribe_sync (source_object, job->audio_path, job->language,
                                                    cancellable, &error);

  if (text == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, text, g_free);
}

void
ressenti_transcriber_transcribe_async (RessentiTranscriber  *self,
                                       const char           *audio_path,
                                       const char           *language,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (RESSENTI_IS_TRANSCRIBER (self));
  g_return_if_fail (audio_path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ressenti_transcriber_transcribe_async);
  job = g_new0 (Job, 1);
  job->audio_path = g_strdup (audio_path);
  job->language = g_strdup (language);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, transcribe_thread);
}

char *
ressenti_transcriber_transcribe_finish (RessentiTranscriber  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Decoding a note for an engine                                       */
/* ------------------------------------------------------------------ */

/* Pulls what the pipeline decodes until its end, an error on its bus (kept
 * in *message) or cancellation. */
static gboolean
pull_samples (GstElement    *pipeline,
              GstElement    *sink,
              GByteArray    *samples,
              GstMessage   **message,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);

  while (!g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 100 * GST_MSECOND);
      GstBuffer *buffer;
      GstMapInfo map;

      if (sample == NULL)
        {
          if (gst_app_sink_is_eos (GST_APP_SINK (sink))
              || (*message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR)) != NULL)
            return TRUE;
          continue;
        }
      buffer = gst_sample_get_buffer (sample);
      if (buffer != NULL && gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          g_byte_array_append (samples, map.data, map.size);
          gst_buffer_unmap (buffer, &map);
        }
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

float *
ressenti_transcriber_decode (const char    *audio_path,
                             guint          rate,
                             gsize         *n_samples,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *quoted = g_strescape (audio_path, NULL);
  g_autofree char *description = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GByteArray) samples = g_byte_array_new ();
  gboolean pulled;

  g_return_val_if_fail (audio_path != NULL && n_samples != NULL, NULL);

  description = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! audioresample"
                                 " ! audio/x-raw,format=F32LE,channels=1,rate=%u ! appsink name=out sync=false",
                                 quoted, rate);
  pipeline = gst_parse_launch (description, &parse_error);
  if (pipeline == NULL || parse_error != NULL)
    {
      g_set_error (error, RESSENTI_TRANSCRIBER_ERROR, RESSENTI_TRANSCRIBER_ERROR_FAILED,
                   _("The voice note cannot be read: %s"), parse_error != NULL ? parse_error->message : "");
      return NULL;
    }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "out");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  pulled = pull_samples (pipeline, sink, samples, &message, cancellable, error);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (!pulled)
    return NULL;
  if (message != NULL)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, RESSENTI_TRANSCRIBER_ERROR, RESSENTI_TRANSCRIBER_ERROR_FAILED,
                   _("The voice note cannot be read: %s"), gst_error->message);
      return NULL;
    }
  *n_samples = samples->len / sizeof (float);
  return (float *) g_byte_array_free (g_steal_pointer (&samples), FALSE);
}

/* ------------------------------------------------------------------ */
/* No engine                                                           */
/* ------------------------------------------------------------------ */

/* What a copy built without any engine has: never available, and says
 * so. An implementation detail of new_default(). */
#define TYPE_NO_TRANSCRIBER (no_transcriber_get_type ())
G_DECLARE_FINAL_TYPE (NoTranscriber, no_transcriber, RESSENTI, NO_TRANSCRIBER, GObject)

struct _NoTranscriber
{
  GObject parent_instance;
};

static void no_transcriber_iface_init (RessentiTranscriberInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NoTranscriber, no_transcriber, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RESSENTI_TYPE_TRANSCRIBER, no_transcriber_iface_init))

static const char *
no_transcriber_get_name (RessentiTranscriber *self)
{
  return "none";
}

static gboolean
no_transcriber_is_available (RessentiTranscriber  *self,
                             char                **reason)
{
  if (reason != NULL)
    *reason = g_strdup (_("Transcription is unavailable: this copy of Ressenti was built without "
                          "speech recognition (whisper.cpp). Notes stay audio; their transcript "
                          "can be typed."));
  return FALSE;
}

static char *
no_transcriber_transcribe_sync (RessentiTranscriber  *self,
                                const char           *audio_path,
                                const char           *language,
                                GCancellable         *cancellable,
                                GError              **error)
{
  g_assert_not_reached ();
  return NULL;
}

static void
no_transcriber_iface_init (RessentiTranscriberInterface *iface)
{
  iface->get_name = no_transcriber_get_name;
  iface->is_available = no_transcriber_is_available;
  iface->transcribe_sync = no_transcriber_transcribe_sync;
}

static void
no_transcriber_class_init (NoTranscriberClass *klass)
{
}

static void
no_transcriber_init (NoTranscriber *self)
{
}

RessentiTranscriber *
ressenti_transcriber_new_default (const char *model_path)
{
#if HAVE_WHISPER
  return RESSENTI_TRANSCRIBER (ressenti_transcriber_whisper_new (model_path));
#else
  return RESSENTI_TRANSCRIBER (g_object_new (TYPE_NO_TRANSCRIBER, NULL));
#endif
}
