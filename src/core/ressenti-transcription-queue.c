/* ressenti-transcription-queue.c — voice notes transcribed one by one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "ressenti-transcription"

#include "ressenti-transcription-queue.h"

struct _RessentiTranscriptionQueue
{
  GObject              parent_instance;

  RessentiStore       *store;
  RessentiTranscriber *transcriber;
  GQueue               waiting;     /* Job */
  gboolean             running;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (RessentiTranscriptionQueue, ressenti_transcription_queue, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

enum
{
  TRANSCRIBED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char    *note_id;
  char    *audio_path;
  char    *language;
  char    *text;       /* the result */
  gboolean written;    /* FALSE: a typed transcript was kept */
} Job;

static void
job_free (Job *job)
{
  g_free (job->note_id);
  g_free (job->audio_path);
  g_free (job->language);
  g_free (job->text);
  g_free (job);
}

static void run_next (RessentiTranscriptionQueue *self);

/* Worker thread: transcribe, then write. */
static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RessentiTranscriptionQueue *self = source_object;
  Job *job = task_data;
  GError *error = NULL;

  job->text = ressenti_transcriber_transcribe_sync (self->transcriber, job->audio_path, job->language,
                                                   cancellable, &error);
  if (job->text == NULL
      || !ressenti_store_set_voice_note_transcript (self->store, job->note_id, job->text,
                                                    RESSENTI_TRANSCRIPT_ENGINE,
                                                    g_strcmp0 (job->language, "auto") == 0 ? NULL : job->language,
                                                    &job->written, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RessentiTranscriptionQueue *self = RESSENTI_TRANSCRIPTION_QUEUE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_signal_emit (self, signals[TRANSCRIBED], 0, job->note_id, job->text, job->written);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[FAILED], 0, job->note_id, error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  run_next (self);
}

static void
run_next (RessentiTranscriptionQueue *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->running || (job = g_queue_pop_head (&self->waiting)) == NULL)
    return;
  self->running = TRUE;
  task = g_task_new (self, self->cancellable, job_done_cb, NULL);
  g_task_set_source_tag (task, run_next);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

gboolean
ressenti_transcription_queue_is_available (RessentiTranscriptionQueue  *self,
                                           char                       **reason)
{
  g_return_val_if_fail (RESSENTI_IS_TRANSCRIPTION_QUEUE (self), FALSE);
  return ressenti_transcriber_is_available (self->transcriber, reason);
}

gboolean
ressenti_transcription_queue_add (RessentiTranscriptionQueue *self,
                                  const RessentiVoiceNote    *note,
                                  const char                 *language)
{
  Job *job;

  g_return_val_if_fail (RESSENTI_IS_TRANSCRIPTION_QUEUE (self), FALSE);
  g_return_val_if_fail (note != NULL && note->id != NULL, FALSE);

  if (!ressenti_transcriber_is_available (self->transcriber, NULL))
    return FALSE;
  job = g_new0 (Job, 1);
  job->note_id = g_strdup (note->id);
  job->audio_path = ressenti_store_get_voice_note_path (self->store, note);
  job->language = g_strdup (language != NULL ? language : "auto");
  g_queue_push_tail (&self->waiting, job);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  run_next (self);
  return TRUE;
}

guint
ressenti_transcription_queue_get_pending (RessentiTranscriptionQueue *self)
{
  g_return_val_if_fail (RESSENTI_IS_TRANSCRIPTION_QUEUE (self), 0);
  return self->waiting.length + (self->running ? 1 : 0);
}

void
ressenti_transcription_queue_cancel (RessentiTranscriptionQueue *self)
{
  g_return_if_fail (RESSENTI_IS_TRANSCRIPTION_QUEUE (self));

  g_queue_clear_full (&self->waiting, (GDestroyNotify) job_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
ressenti_transcription_queue_dispose (GObject *object)
{
  RessentiTranscriptionQueue *self = RESSENTI_TRANSCRIPTION_QUEUE (object);

  /* A task under way holds a reference on the queue: dispose comes after
   * it, and only the waiting notes are left to forget. */
  g_queue_clear_full (&self->waiting, (GDestroyNotify) job_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->transcriber);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ressenti_transcription_queue_parent_class)->dispose (object);
}

static void
ressenti_transcription_queue_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  RessentiTranscriptionQueue *self = RESSENTI_TRANSCRIPTION_QUEUE (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_uint (value, ressenti_transcription_queue_get_pending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_transcription_queue_class_init (RessentiTranscriptionQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ressenti_transcription_queue_dispose;
  object_class->get_property = ressenti_transcription_queue_get_property;

  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RessentiTranscriptionQueue::transcribed:
   * @note_id: the note
   * @text: what the engine heard
   * @written: FALSE when a typed transcript was there and was kept
   */
  signals[TRANSCRIBED] =
    g_signal_new ("transcribed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /**
   * RessentiTranscriptionQueue::failed:
   * @note_id: the note
   * @error: why (translated); nothing was written
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
ressenti_transcription_queue_init (RessentiTranscriptionQueue *self)
{
  g_queue_init (&self->waiting);
  self->cancellable = g_cancellable_new ();
}

RessentiTranscriptionQueue *
ressenti_transcription_queue_new (RessentiStore       *store,
                                  RessentiTranscriber *transcriber)
{
  RessentiTranscriptionQueue *self;

  g_return_val_if_fail (RESSENTI_IS_STORE (store), NULL);
  g_return_val_if_fail (RESSENTI_IS_TRANSCRIBER (transcriber), NULL);

  self = g_object_new (RESSENTI_TYPE_TRANSCRIPTION_QUEUE, NULL);
  self->store = g_object_ref (store);
  self->transcriber = g_object_ref (transcriber);
  return self;
}
