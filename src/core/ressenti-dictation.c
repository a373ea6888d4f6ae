/* ressenti-dictation.c — a voice note dictated at a moment of the call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The steps, each on the owner's context, the store's work in a GTask:
 *   start()  → call paused or lowered → begin_thread (note RECORDING)
 *            → recorder started on the note's file
 *   capturing → start earcon, ::started
 *   stop()   → recorder stopped → finish_thread (note COMPLETE, read back)
 *            → stop earcon, call resumed, ::finished
 * stop() before the note exists is remembered and applied once it does.
 */
#include "config.h"

#define G_LOG_DOMAIN "ressenti-dictation"

#include <glib/gi18n-lib.h>

#include "ressenti-dictation.h"
#include "ressenti-recorder.h"

struct _RessentiDictation
{
  GObject            parent_instance;

  RessentiStore     *store;
  RessentiPlayer    *call;
  RessentiEarcons   *earcons;
  RessentiRecorder  *recorder;

  char              *input_id;
  gboolean           duck;

  gboolean           busy;
  gboolean           stop_asked;
  gboolean           call_was_playing;
  RessentiVoiceNote *note;          /* the note being recorded */
};

G_DEFINE_FINAL_TYPE (RessentiDictation, ressenti_dictation, G_TYPE_OBJECT)

enum
{
  STARTED,
  FINISHED,
  FAILED,
  WARNING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* The store, in worker threads                                        */
/* ------------------------------------------------------------------ */

typedef struct
{
  char   *review_id;
  char   *marker_id;
  char   *note_id;
  gint64  value;      /* at_ms to begin, duration_ms to finish */
} Job;

static void
job_free (Job *job)
{
  g_free (job->review_id);
  g_free (job->marker_id);
  g_free (job->note_id);
  g_free (job);
}

static void
begin_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  RessentiDictation *self = source;
  Job *job = task_data;
  GError *error = NULL;
  RessentiVoiceNote *note = ressenti_store_begin_voice_note (self->store, job->review_id, job->value,
                                                             job->marker_id, &error);

  if (note == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, note, (GDestroyNotify) ressenti_voice_note_free);
}

static void
finish_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RessentiDictation *self = source;
  Job *job = task_data;
  GError *error = NULL;
  RessentiVoiceNote *note = NULL;

  if (ressenti_store_finish_voice_note (self->store, job->note_id, job->value, &error))
    note = ressenti_store_get_voice_note (self->store, job->note_id, &error);
  if (note == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, note, (GDestroyNotify) ressenti_voice_note_free);
}

static void
discard_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RessentiDictation *self = source;
  Job *job = task_data;
  GError *error = NULL;

  if (!ressenti_store_discard_voice_note (self->store, job->note_id, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_job (RessentiDictation   *self,
         Job                 *job,
         GTaskThreadFunc      thread_func,
         GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, NULL);

  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, thread_func);
}

/* ------------------------------------------------------------------ */
/* The call                                                            */
/* ------------------------------------------------------------------ */

static void
hold_call (RessentiDictation *self)
{
  self->call_was_playing = ressenti_player_get_state (self->call) == RESSENTI_PLAYER_STATE_PLAYING;
  if (!self->call_was_playing)
    return;
  if (self->duck)
    ressenti_player_set_duck (self->call, RESSENTI_DICTATION_DUCK_LEVEL);
  else
    ressenti_player_pause (self->call);
}

static void
release_call (RessentiDictation *self)
{
  if (!self->call_was_playing)
    return;
  self->call_was_playing = FALSE;
  if (self->duck)
    ressenti_player_set_duck (self->call, 1.0);
  else
    ressenti_player_play (self->call);
}

static void
play_earcon (RessentiDictation *self,
             RessentiEarcon     earcon)
{
  if (self->earcons != NULL)
    ressenti_earcons_play (self->earcons, earcon);
}

/* ------------------------------------------------------------------ */
/* Ending                                                              */
/* ------------------------------------------------------------------ */

static void
end (RessentiDictation *self)
{
  g_clear_pointer (&self->note, ressenti_voice_note_free);
  self->busy = FALSE;
  self->stop_asked = FALSE;
  release_call (self);
}

static void
discard_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("A voice note that holds nothing could not be removed: %s", error->message);
}

/* The note holds nothing worth keeping: it goes, and @error is said. */
static void
fail (RessentiDictation *self,
      const GError      *error)
{
  if (self->note != NULL)
    {
      Job *job = g_new0 (Job, 1);

      job->note_id = g_strdup (self->note->id);
      run_job (self, job, discard_thread, discard_done_cb);
    }
  end (self);
  g_signal_emit (self, signals[FAILED], 0, error);
}

static void
finish_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RessentiDictation *self = RESSENTI_DICTATION (source);
  g_autoptr(RessentiVoiceNote) note = NULL;
  g_autoptr(GError) error = NULL;

  note = g_task_propagate_pointer (G_TASK (result), &error);
  if (note == NULL)
    {
      /* Still RECORDING in the library: recovered at the next start. */
      end (self);
      g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }
  play_earcon (self, RESSENTI_EARCON_RECORD_STOP);
  end (self);
  g_signal_emit (self, signals[FINISHED], 0, note);
}

static void
keep_note (RessentiDictation *self,
           gint64             duration_ms)
{
  Job *job = g_new0 (Job, 1);

  job->note_id = g_strdup (self->note->id);
  job->value = duration_ms;
  run_job (self, job, finish_thread, finish_done_cb);
}

static void
recorder_finished_cb (RessentiDictation *self,
                      gint64             duration_ms)
{
  g_autoptr(GError) error = NULL;

  if (duration_ms >= RESSENTI_DICTATION_MIN_MS)
    {
      keep_note (self, duration_ms);
      return;
    }
  error = g_error_new_literal (RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_EMPTY,
                               _("The voice note was too short to keep: hold the key while you speak."));
  fail (self, error);
}

/* What was written stays when there is something in it. */
static void
recorder_failed_cb (RessentiDictation *self,
                    const GError      *error)
{
  if (ressenti_recorder_get_duration (self->recorder) >= RESSENTI_DICTATION_MIN_MS)
    keep_note (self, ressenti_recorder_get_duration (self->recorder));
  else
    fail (self, error);
  if (self->busy)
    g_signal_emit (self, signals[WARNING], 0, error);
}

static void
recorder_warning_cb (RessentiDictation *self,
                     const GError      *error)
{
  g_signal_emit (self, signals[WARNING], 0, error);
}

static void
capturing_cb (RessentiDictation *self)
{
  if (!ressenti_recorder_get_capturing (self->recorder))
    return;
  play_earcon (self, RESSENTI_EARCON_RECORD_START);
  g_signal_emit (self, signals[STARTED], 0);
}

/* ------------------------------------------------------------------ */
/* Starting                                                            */
/* ------------------------------------------------------------------ */

static void
begin_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RessentiDictation *self = RESSENTI_DICTATION (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  self->note = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->note == NULL)
    {
      fail (self, error);
      return;
    }
  path = ressenti_store_get_voice_note_path (self->store, self->note);
  if (!ressenti_recorder_start (self->recorder, self->input_id, path, &error))
    {
      fail (self, error);
      return;
    }
  if (self->stop_asked)
    ressenti_recorder_stop (self->recorder);
}

gboolean
ressenti_dictation_start (RessentiDictation *self,
                          const char        *review_id,
                          gint64             at_ms,
                          const char        *marker_id)
{
  Job *job;

  g_return_val_if_fail (RESSENTI_IS_DICTATION (self), FALSE);
  g_return_val_if_fail (review_id != NULL, FALSE);

  if (self->busy)
    return FALSE;
  self->busy = TRUE;
  self->stop_asked = FALSE;
  hold_call (self);
  job = g_new0 (Job, 1);
  job->review_id = g_strdup (review_id);
  job->marker_id = g_strdup (marker_id);
  job->value = MAX (at_ms, 0);
  run_job (self, job, begin_thread, begin_done_cb);
  return TRUE;
}

void
ressenti_dictation_stop (RessentiDictation *self)
{
  g_return_if_fail (RESSENTI_IS_DICTATION (self));

  if (!self->busy)
    return;
  self->stop_asked = TRUE;
  if (ressenti_recorder_get_recording (self->recorder))
    ressenti_recorder_stop (self->recorder);
}

gboolean
ressenti_dictation_get_busy (RessentiDictation *self)
{
  g_return_val_if_fail (RESSENTI_IS_DICTATION (self), FALSE);
  return self->busy;
}

void
ressenti_dictation_set_earcons (RessentiDictation *self,
                                RessentiEarcons   *earcons)
{
  g_return_if_fail (RESSENTI_IS_DICTATION (self));
  g_set_object (&self->earcons, earcons);
}

void
ressenti_dictation_set_input (RessentiDictation *self,
                              const char        *input_id)
{
  g_return_if_fail (RESSENTI_IS_DICTATION (self));
  g_free (self->input_id);
  self->input_id = input_id != NULL && *input_id != '\0' ? g_strdup (input_id) : NULL;
}

void
ressenti_dictation_set_max_duration (RessentiDictation *self,
                                     gint64             max_ms)
{
  g_return_if_fail (RESSENTI_IS_DICTATION (self));
  ressenti_recorder_set_max_duration (self->recorder, max_ms);
}

void
ressenti_dictation_set_duck (RessentiDictation *self,
                             gboolean           duck)
{
  g_return_if_fail (RESSENTI_IS_DICTATION (self));
  self->duck = duck;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
ressenti_dictation_dispose (GObject *object)
{
  RessentiDictation *self = RESSENTI_DICTATION (object);

  /* A note under way keeps what was written, RECORDING: recovered at the
   * next start. */
  if (self->recorder != NULL)
    g_signal_handlers_disconnect_by_data (self->recorder, self);
  g_clear_object (&self->recorder);
  g_clear_pointer (&self->note, ressenti_voice_note_free);
  g_clear_object (&self->earcons);
  g_clear_object (&self->call);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ressenti_dictation_parent_class)->dispose (object);
}

static void
ressenti_dictation_finalize (GObject *object)
{
  RessentiDictation *self = RESSENTI_DICTATION (object);

  g_free (self->input_id);

  G_OBJECT_CLASS (ressenti_dictation_parent_class)->finalize (object);
}

static void
ressenti_dictation_class_init (RessentiDictationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ressenti_dictation_dispose;
  object_class->finalize = ressenti_dictation_finalize;

  /**
   * RessentiDictation::started:
   *
   * The microphone's samples flow: speak now.
   */
  signals[STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * RessentiDictation::finished:
   * @note: the note, complete in the library
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RESSENTI_TYPE_VOICE_NOTE);
  /**
   * RessentiDictation::failed:
   * @error: why there is no note (translated)
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * RessentiDictation::warning:
   * @error: something to say while recording goes on (a silent microphone)
   */
  signals[WARNING] =
    g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ressenti_dictation_init (RessentiDictation *self)
{
  self->recorder = ressenti_recorder_new ();
  g_signal_connect_swapped (self->recorder, "finished", G_CALLBACK (recorder_finished_cb), self);
  g_signal_connect_swapped (self->recorder, "failed", G_CALLBACK (recorder_failed_cb), self);
  g_signal_connect_swapped (self->recorder, "warning", G_CALLBACK (recorder_warning_cb), self);
  g_signal_connect_swapped (self->recorder, "notify::capturing", G_CALLBACK (capturing_cb), self);
}

RessentiDictation *
ressenti_dictation_new (RessentiStore  *store,
                        RessentiPlayer *call)
{
  RessentiDictation *self;

  g_return_val_if_fail (RESSENTI_IS_STORE (store), NULL);
  g_return_val_if_fail (RESSENTI_IS_PLAYER (call), NULL);

  self = g_object_new (RESSENTI_TYPE_DICTATION, NULL);
  self->store = g_object_ref (store);
  self->call = g_object_ref (call);
  return self;
}
