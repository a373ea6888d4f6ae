/* test-transcription.c — the pluggable speech-to-text and its queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fake engine stands for whisper.cpp: it answers a known text after a
 * short while, in the worker thread, fails on request, and honours
 * cancellation. The default engine of this build is checked to say why it
 * cannot transcribe (built without whisper.cpp, or no model chosen): it
 * is never silently skipped.
 */
#include "config.h"

#include <string.h>

#include <gst/gst.h>

#include "ressenti-store.h"
#include "ressenti-transcriber.h"
#include "ressenti-transcription-queue.h"
#include "ressenti-test-util.h"

#define HEARD "le client demande un remboursement"

/* The fake engine */

#define TEST_TYPE_ENGINE (test_engine_get_type ())
G_DECLARE_FINAL_TYPE (TestEngine, test_engine, TEST, ENGINE, GObject)

struct _TestEngine
{
  GObject  parent_instance;

  guint    delay_ms;
  gint     n_runs;         /* atomic */
  gboolean on_main_thread; /* a run happened there: never */
};

static void test_engine_iface_init (RessentiTranscriberInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestEngine, test_engine, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RESSENTI_TYPE_TRANSCRIBER, test_engine_iface_init))

static const char *
test_engine_get_name (RessentiTranscriber *self)
{
  return "test";
}

static gboolean
test_engine_is_available (RessentiTranscriber  *self,
                          char                **reason)
{
  return TRUE;
}

static char *
test_engine_transcribe_sync (RessentiTranscriber  *transcriber,
                             const char           *audio_path,
                             const char           *language,
                             GCancellable         *cancellable,
                             GError              **error)
{
  TestEngine *self = TEST_ENGINE (transcriber);

  g_atomic_int_inc (&self->n_runs);
  if (g_main_context_is_owner (g_main_context_default ()))
    self->on_main_thread = TRUE;
  for (guint waited = 0; waited < self->delay_ms; waited += 10)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      g_usleep (10000);
    }
  if (strstr (audio_path, "bad") != NULL || !g_file_test (audio_path, G_FILE_TEST_EXISTS))
    {
      g_set_error_literal (error, RESSENTI_TRANSCRIBER_ERROR, RESSENTI_TRANSCRIBER_ERROR_FAILED, "engine failed");
      return NULL;
    }
  return g_strdup_printf ("  %s (%s)  ", HEARD, language);
}

static void
test_engine_iface_init (RessentiTranscriberInterface *iface)
{
  iface->get_name = test_engine_get_name;
  iface->is_available = test_engine_is_available;
  iface->transcribe_sync = test_engine_transcribe_sync;
}

static void
test_engine_class_init (TestEngineClass *klass)
{
}

static void
test_engine_init (TestEngine *self)
{
  self->delay_ms = 50;
}

/* The library */

typedef struct
{
  char                       *dir;
  RessentiStore              *store;
  RessentiReviewInfo         *review;
  TestEngine                 *engine;
  RessentiTranscriptionQueue *queue;
  GPtrArray                  *transcribed;   /* note ids, in order */
  GPtrArray                  *failed;        /* note ids */
  gboolean                    last_written;
} Fixture;

static void
transcribed_cb (RessentiTranscriptionQueue *queue,
                const char                 *note_id,
                const char                 *text,
                gboolean                    written,
                Fixture                    *fixture)
{
  g_assert_cmpstr (text, ==, HEARD " (fr)");
  g_ptr_array_add (fixture->transcribed, g_strdup (note_id));
  fixture->last_written = written;
}

static void
failed_cb (RessentiTranscriptionQueue *queue,
           const char                 *note_id,
           const GError               *error,
           Fixture                    *fixture)
{
  g_assert_error (error, RESSENTI_TRANSCRIBER_ERROR, RESSENTI_TRANSCRIBER_ERROR_FAILED);
  g_ptr_array_add (fixture->failed, g_strdup (note_id));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiRecording) recording = NULL;

  fixture->dir = ressenti_test_mkdtemp ("transcription");
  fixture->store = ressenti_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  recording = ressenti_test_add_call (fixture->store, "a call");
  fixture->review = ressenti_store_start_review (fixture->store, ressenti_recording_get_id (recording), &error);
  g_assert_no_error (error);
  fixture->engine = g_object_new (TEST_TYPE_ENGINE, NULL);
  fixture->queue = ressenti_transcription_queue_new (fixture->store, RESSENTI_TRANSCRIBER (fixture->engine));
  fixture->transcribed = g_ptr_array_new_with_free_func (g_free);
  fixture->failed = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->queue, "transcribed", G_CALLBACK (transcribed_cb), fixture);
  g_signal_connect (fixture->queue, "failed", G_CALLBACK (failed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_false (fixture->engine->on_main_thread);
  g_clear_object (&fixture->queue);
  g_clear_object (&fixture->engine);
  g_clear_pointer (&fixture->review, ressenti_review_info_free);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->transcribed, g_ptr_array_unref);
  g_clear_pointer (&fixture->failed, g_ptr_array_unref);
  ressenti_test_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* A recorded note, its file written. */
static RessentiVoiceNote *
recorded_note (Fixture *fixture,
               gint64   at_ms,
               gboolean with_file)
{
  g_autoptr(GError) error = NULL;
  RessentiVoiceNote *note = ressenti_store_begin_voice_note (fixture->store, fixture->review->id, at_ms, NULL, &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  g_assert_true (ressenti_store_finish_voice_note (fixture->store, note->id, 2000, &error));
  g_assert_no_error (error);
  path = ressenti_store_get_voice_note_path (fixture->store, note);
  if (with_file)
    g_assert_true (g_file_set_contents (path, "opus", -1, NULL));
  return note;
}

static char *
stored_transcript (Fixture                  *fixture,
                   const char               *note_id,
                   RessentiTranscriptSource *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiVoiceNote) note = ressenti_store_get_voice_note (fixture->store, note_id, &error);

  g_assert_no_error (error);
  *source = note->transcript_source;
  return g_strdup (note->transcript);
}

static gboolean
queue_idle (gpointer data)
{
  return ressenti_transcription_queue_get_pending (((Fixture *) data)->queue) == 0;
}

static void
run_until_idle (Fixture *fixture)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!queue_idle (fixture) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (queue_idle (fixture));
}

/* Tests */

static void
test_queue (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RessentiVoiceNote) first = recorded_note (fixture, 1000, TRUE);
  g_autoptr(RessentiVoiceNote) second = recorded_note (fixture, 5000, TRUE);
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *text = NULL;
  RessentiTranscriptSource source;

  g_assert_true (ressenti_transcription_queue_is_available (fixture->queue, NULL));
  g_assert_true (ressenti_transcription_queue_add (fixture->queue, first, "fr"));
  g_assert_true (ressenti_transcription_queue_add (fixture->queue, second, "fr"));
  g_assert_cmpuint (ressenti_transcription_queue_get_pending (fixture->queue), ==, 2);
  run_until_idle (fixture);
  /* One at a time, in order, each written as the engine's. */
  g_assert_cmpuint (fixture->transcribed->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->transcribed, 0), ==, first->id);
  g_assert_cmpstr (g_ptr_array_index (fixture->transcribed, 1), ==, second->id);
  g_assert_true (fixture->last_written);
  text = stored_transcript (fixture, second->id, &source);
  g_assert_cmpstr (text, ==, HEARD " (fr)");
  g_assert_cmpint (source, ==, RESSENTI_TRANSCRIPT_ENGINE);
  g_assert_cmpint (g_atomic_int_get (&fixture->engine->n_runs), ==, 2);
  /* And it is found. */
  hits = ressenti_store_search (fixture->store, "remboursement", 0, NULL);
  g_assert_cmpuint (hits->len, ==, 2);
}

static void
test_typed_kept (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RessentiVoiceNote) note = recorded_note (fixture, 1000, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RessentiTranscriptSource source;

  g_assert_true (ressenti_store_set_voice_note_transcript (fixture->store, note->id, "typed by a colleague",
                                                           RESSENTI_TRANSCRIPT_TYPED, "fr", NULL, &error));
  g_assert_true (ressenti_transcription_queue_add (fixture->queue, note, "fr"));
  run_until_idle (fixture);
  g_assert_cmpuint (fixture->transcribed->len, ==, 1);
  g_assert_false (fixture->last_written);
  text = stored_transcript (fixture, note->id, &source);
  g_assert_cmpstr (text, ==, "typed by a colleague");
  g_assert_cmpint (source, ==, RESSENTI_TRANSCRIPT_TYPED);
}

static void
test_failure (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RessentiVoiceNote) lost = recorded_note (fixture, 1000, FALSE);
  g_autoptr(RessentiVoiceNote) fine = recorded_note (fixture, 2000, TRUE);
  g_autofree char *text = NULL;
  RessentiTranscriptSource source;

  g_assert_true (ressenti_transcription_queue_add (fixture->queue, lost, "fr"));
  g_assert_true (ressenti_transcription_queue_add (fixture->queue, fine, "fr"));
  run_until_idle (fixture);
  g_assert_cmpuint (fixture->failed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->failed, 0), ==, lost->id);
  text = stored_transcript (fixture, lost->id, &source);
  g_assert_null (text);
  g_assert_cmpint (source, ==, RESSENTI_TRANSCRIPT_NONE);
  /* The next note is not held up. */
  g_assert_cmpuint (fixture->transcribed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->transcribed, 0), ==, fine->id);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RessentiVoiceNote) first = recorded_note (fixture, 1000, TRUE);
  g_autoptr(RessentiVoiceNote) second = recorded_note (fixture, 2000, TRUE);
  g_autofree char *text = NULL;
  RessentiTranscriptSource source;

  fixture->engine->delay_ms = 2000;
  g_assert_true (ressenti_transcription_queue_add (fixture->queue, first, "fr"));
  g_assert_true (ressenti_transcription_queue_add (fixture->queue, second, "fr"));
  g_usleep (100000);
  ressenti_transcription_queue_cancel (fixture->queue);
  run_until_idle (fixture);
  /* Neither said, nor written; the engine stopped early. */
  g_assert_cmpuint (fixture->transcribed->len, ==, 0);
  g_assert_cmpuint (fixture->failed->len, ==, 0);
  text = stored_transcript (fixture, first->id, &source);
  g_assert_null (text);
  g_assert_cmpint (g_atomic_int_get (&fixture->engine->n_runs), ==, 1);
}

/* This build's own engine says why it cannot transcribe, in words. */
static void
test_default_engine (void)
{
  g_autoptr(RessentiTranscriber) none = ressenti_transcriber_new_default (NULL);
  g_autofree char *reason = NULL;
  g_autofree char *reason_fr = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (ressenti_transcriber_is_available (none, &reason));
  ressenti_test_set_language ("fr");
  g_assert_false (ressenti_transcriber_is_available (none, &reason_fr));
  ressenti_test_set_language ("en");
#if HAVE_WHISPER
  g_assert_cmpstr (ressenti_transcriber_get_name (none), ==, "whisper.cpp");
  g_assert_true (g_str_has_prefix (reason, "Transcription is unavailable: no speech recognition model is chosen."));
#else
  g_assert_cmpstr (ressenti_transcriber_get_name (none), ==, "none");
  g_assert_cmpstr (reason, ==, "Transcription is unavailable: this copy of Ressenti was built without "
                               "speech recognition (whisper.cpp). Notes stay audio; their transcript "
                               "can be typed.");
#endif
  g_assert_true (g_str_has_prefix (reason_fr, "La transcription n’est pas disponible"));
  g_assert_null (ressenti_transcriber_transcribe_sync (none, "/nonexistent.opus", "fr", NULL, &error));
  g_assert_error (error, RESSENTI_TRANSCRIBER_ERROR, RESSENTI_TRANSCRIBER_ERROR_UNAVAILABLE);
}

static void
test_unavailable_queue (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RessentiTranscriber) none = ressenti_transcriber_new_default (NULL);
  g_autoptr(RessentiTranscriptionQueue) queue = ressenti_transcription_queue_new (fixture->store, none);
  g_autoptr(RessentiVoiceNote) note = recorded_note (fixture, 1000, TRUE);
  g_autofree char *reason = NULL;

  g_assert_false (ressenti_transcription_queue_is_available (queue, &reason));
  g_assert_nonnull (reason);
  g_assert_false (ressenti_transcription_queue_add (queue, note, "fr"));
  g_assert_cmpuint (ressenti_transcription_queue_get_pending (queue), ==, 0);
}

/* A note decoded for an engine: 16 kHz mono float, as long as the note. */
static void
test_decode (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("transcription-decode");
  g_autofree char *path = g_build_filename (dir, "note.opus", NULL);
  g_autofree char *command = NULL;
  g_autofree float *samples = NULL;
  g_autoptr(GError) error = NULL;
  gsize n = 0;
  float peak = 0;
  int status = 0;

  command = g_strdup_printf ("gst-launch-1.0 -q audiotestsrc num-buffers=150 samplesperbuffer=480 freq=440"
                             " ! audio/x-raw,rate=48000,channels=1 ! audioconvert ! opusenc ! oggmux"
                             " ! filesink location=%s", path);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  samples = ressenti_transcriber_decode (path, 16000, &n, NULL, &error);
  g_assert_no_error (error);
  /* 150 × 10 ms = 1.5 s. */
  g_assert_cmpuint (n, >=, 16000 * 14 / 10);
  g_assert_cmpuint (n, <=, 16000 * 16 / 10);
  for (gsize i = 0; i < n; i++)
    peak = MAX (peak, ABS (samples[i]));
  g_assert_cmpfloat (peak, >, 0.1);
  g_clear_pointer (&samples, g_free);
  samples = ressenti_transcriber_decode ("/nonexistent/note.opus", 16000, &n, NULL, &error);
  g_assert_null (samples);
  g_assert_error (error, RESSENTI_TRANSCRIBER_ERROR, RESSENTI_TRANSCRIBER_ERROR_FAILED);
  ressenti_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  ressenti_test_init_i18n ();
  ressenti_test_set_language ("en");

  g_test_add ("/transcription/queue", Fixture, NULL, fixture_set_up, test_queue, fixture_tear_down);
  g_test_add ("/transcription/typed-kept", Fixture, NULL, fixture_set_up, test_typed_kept, fixture_tear_down);
  g_test_add ("/transcription/failure", Fixture, NULL, fixture_set_up, test_failure, fixture_tear_down);
  g_test_add ("/transcription/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/transcription/unavailable-queue", Fixture, NULL, fixture_set_up, test_unavailable_queue,
              fixture_tear_down);
  g_test_add_func ("/transcription/default-engine", test_default_engine);
  g_test_add_func ("/transcription/decode", test_decode);
  return g_test_run ();
}
