/* test-dictation.c — a voice note dictated during a call, end to end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under tests/audio-session with the stand-in microphone of
 * tests/ressenti-test-audio.c: the call plays (a sine), a note is started
 * at its position, espeak-ng speaks into the microphone, the note is
 * stopped. The call pauses (or is lowered) meanwhile and goes on after;
 * the note is in the library, complete, as long as what was recorded.
 */
#include "config.h"

#include <signal.h>
#include <unistd.h>

#include <gst/gst.h>

#include "ressenti-dictation.h"
#include "ressenti-recorder.h"
#include "ressenti-store.h"
#include "ressenti-test-audio.h"
#include "ressenti-test-util.h"

#define TEST_TIMEOUT_S 90
#define SPEECH "Ici le client hausse le ton."

static void
test_timeout_handler (int signum)
{
  static const char message[] = "Bail out! the test did not finish in time\n";

  if (write (STDOUT_FILENO, message, sizeof message - 1) < 0)
    _exit (3);
  abort ();
}

typedef struct
{
  char               *dir;
  RessentiStore      *store;
  RessentiReviewInfo *review;
  RessentiPlayer     *call;
  RessentiDictation  *dictation;
  guint               n_started;
  RessentiVoiceNote  *finished;
  GError             *failed;
  gint64              wait_position;
} Fixture;

static void
started_cb (RessentiDictation *dictation,
            Fixture           *fixture)
{
  fixture->n_started++;
}

static void
finished_cb (RessentiDictation       *dictation,
             const RessentiVoiceNote *note,
             Fixture                 *fixture)
{
  fixture->finished = ressenti_voice_note_copy (note);
}

static void
failed_cb (RessentiDictation *dictation,
           const GError      *error,
           Fixture           *fixture)
{
  fixture->failed = g_error_copy (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RessentiRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *call_path = NULL;

  signal (SIGALRM, test_timeout_handler);
  alarm (TEST_TIMEOUT_S);
  fixture->dir = ressenti_test_mkdtemp ("dictation");
  fixture->store = ressenti_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  recording = ressenti_test_add_call (fixture->store, "a dictated call");
  fixture->review = ressenti_store_start_review (fixture->store, ressenti_recording_get_id (recording), &error);
  g_assert_no_error (error);
  /* From here on, as in the app: the store only from worker threads. */
  ressenti_store_forbid_main_thread (fixture->store);
  call_path = g_build_filename (fixture->dir, "call.wav", NULL);
  ressenti_test_write_sine_wav (call_path, 300, 0.3, 20, RESSENTI_TEST_AUDIO_RATE);
  fixture->call = ressenti_player_new ();
  g_assert_true (ressenti_player_open (fixture->call, call_path, RESSENTI_CHANNEL_LAYOUT_MONO, &error));
  g_assert_no_error (error);
  fixture->dictation = ressenti_dictation_new (fixture->store, fixture->call);
  g_signal_connect (fixture->dictation, "started", G_CALLBACK (started_cb), fixture);
  g_signal_connect (fixture->dictation, "finished", G_CALLBACK (finished_cb), fixture);
  g_signal_connect (fixture->dictation, "failed", G_CALLBACK (failed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->dictation);
  g_clear_object (&fixture->call);
  g_clear_pointer (&fixture->review, ressenti_review_info_free);
  g_clear_pointer (&fixture->finished, ressenti_voice_note_free);
  g_clear_error (&fixture->failed);
  g_clear_object (&fixture->store);
  alarm (0);
  ressenti_test_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
position_reached (gpointer data)
{
  Fixture *fixture = data;

  return ressenti_player_get_position (fixture->call) >= fixture->wait_position;
}

static gboolean
started (gpointer data)
{
  return ((Fixture *) data)->n_started > 0 || ((Fixture *) data)->failed != NULL;
}

static gboolean
ended (gpointer data)
{
  return ((Fixture *) data)->finished != NULL || ((Fixture *) data)->failed != NULL;
}

static void
play_call_to (Fixture *fixture,
              gint64   position_ms)
{
  ressenti_player_play (fixture->call);
  fixture->wait_position = position_ms;
  g_assert_true (ressenti_test_run_until (position_reached, fixture, 10000));
}

static void
test_note (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(RessentiTestMicrophone) mic = ressenti_test_microphone_plug ();
  g_autofree char *wav = ressenti_test_write_speech (fixture->dir, SPEECH);
  g_autofree char *path = NULL;
  gint64 at, held, capturing_at, stopped_at, measured;
  GPid speaker;

  play_call_to (fixture, 1500);
  at = ressenti_player_get_position (fixture->call);
  g_assert_true (ressenti_dictation_start (fixture->dictation, fixture->review->id, at, NULL));
  g_assert_true (ressenti_dictation_get_busy (fixture->dictation));
  /* A second start while one runs does nothing. */
  g_assert_false (ressenti_dictation_start (fixture->dictation, fixture->review->id, at, NULL));
  /* The call pauses at once. */
  g_assert_cmpint (ressenti_player_get_state (fixture->call), ==, RESSENTI_PLAYER_STATE_PAUSED);
  held = ressenti_player_get_position (fixture->call);

  g_assert_true (ressenti_test_run_until (started, fixture, 5000));
  g_assert_no_error (fixture->failed);
  capturing_at = g_get_monotonic_time ();
  speaker = ressenti_test_speak_into_microphone (wav);
  ressenti_test_wait_process (speaker);
  ressenti_test_run_for (300);
  g_assert_cmpint (ressenti_player_get_state (fixture->call), ==, RESSENTI_PLAYER_STATE_PAUSED);
  stopped_at = g_get_monotonic_time ();
  ressenti_dictation_stop (fixture->dictation);
  g_assert_true (ressenti_test_run_until (ended, fixture, 5000));
  g_assert_no_error (fixture->failed);

  /* The note: complete, where it was asked, as long as what was recorded,
   * not silent. */
  g_assert_cmpint (fixture->finished->state, ==, RESSENTI_VOICE_NOTE_COMPLETE);
  g_assert_cmpint (fixture->finished->at_ms, ==, at);
  g_assert_cmpstr (fixture->finished->review_id, ==, fixture->review->id);
  g_test_message ("recorded %" G_GINT64_FORMAT " ms; the note holds %" G_GINT64_FORMAT " ms",
                  (stopped_at - capturing_at) / 1000, fixture->finished->duration_ms);
  g_assert_cmpint (ABS (fixture->finished->duration_ms - (stopped_at - capturing_at) / 1000), <=, 300);
  g_assert_false (ressenti_dictation_get_busy (fixture->dictation));
  path = g_build_filename (fixture->dir, fixture->finished->file_name, NULL);
  measured = ressenti_recorder_measure (path, NULL);
  g_assert_cmpint (ABS (measured - fixture->finished->duration_ms), <=, 50);

  /* The call goes on from where it paused. */
  g_assert_cmpint (ressenti_player_get_state (fixture->call), ==, RESSENTI_PLAYER_STATE_PLAYING);
  fixture->wait_position = held + 500;
  g_assert_true (ressenti_test_run_until (position_reached, fixture, 5000));
  g_assert_cmpint (ressenti_player_get_position (fixture->call), <, held + 2000);
}

static void
test_duck (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(RessentiTestMicrophone) mic = ressenti_test_microphone_plug ();
  g_autofree char *wav = ressenti_test_write_speech (fixture->dir, SPEECH);
  GPid speaker;

  ressenti_dictation_set_duck (fixture->dictation, TRUE);
  play_call_to (fixture, 1000);
  g_assert_true (ressenti_dictation_start (fixture->dictation, fixture->review->id, 1000, NULL));
  g_assert_cmpint (ressenti_player_get_state (fixture->call), ==, RESSENTI_PLAYER_STATE_PLAYING);
  g_assert_cmpfloat (ressenti_player_get_duck (fixture->call), ==, RESSENTI_DICTATION_DUCK_LEVEL);
  g_assert_true (ressenti_test_run_until (started, fixture, 5000));
  speaker = ressenti_test_speak_into_microphone (wav);
  ressenti_test_wait_process (speaker);
  ressenti_dictation_stop (fixture->dictation);
  g_assert_true (ressenti_test_run_until (ended, fixture, 5000));
  g_assert_no_error (fixture->failed);
  g_assert_nonnull (fixture->finished);
  g_assert_cmpfloat (ressenti_player_get_duck (fixture->call), ==, 1.0);
  g_assert_cmpint (ressenti_player_get_state (fixture->call), ==, RESSENTI_PLAYER_STATE_PLAYING);
}

/* Without a microphone: said within two seconds, no note left, the call
 * goes on. */
static void
test_no_microphone (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 asked;

  play_call_to (fixture, 1000);
  asked = g_get_monotonic_time ();
  g_assert_true (ressenti_dictation_start (fixture->dictation, fixture->review->id, 1000, NULL));
  g_assert_true (ressenti_test_run_until (ended, fixture, 5000));
  g_assert_cmpint (g_get_monotonic_time () - asked, <, 2 * G_USEC_PER_SEC);
  g_assert_error (fixture->failed, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_NO_MICROPHONE);
  g_assert_null (fixture->finished);
  g_assert_cmpuint (fixture->n_started, ==, 0);
  g_assert_cmpint (ressenti_player_get_state (fixture->call), ==, RESSENTI_PLAYER_STATE_PLAYING);
  /* The note made for it is gone (checked off the main thread's guard). */
  ressenti_test_run_for (300);
  g_clear_object (&fixture->dictation);
  g_clear_object (&fixture->store);
  fixture->store = ressenti_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  notes = ressenti_store_list_voice_notes (fixture->store, fixture->review->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 0);
}

/* A slip of the key (released before anything was said) keeps nothing. */
static void
test_too_short (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RessentiTestMicrophone) mic = ressenti_test_microphone_plug ();

  g_assert_true (ressenti_dictation_start (fixture->dictation, fixture->review->id, 0, NULL));
  ressenti_dictation_stop (fixture->dictation);
  g_assert_true (ressenti_test_run_until (ended, fixture, 5000));
  g_assert_error (fixture->failed, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_EMPTY);
  g_assert_false (ressenti_dictation_get_busy (fixture->dictation));
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  ressenti_test_init_i18n ();
  ressenti_test_set_language ("en");

  g_test_add ("/dictation/note", Fixture, NULL, fixture_set_up, test_note, fixture_tear_down);
  g_test_add ("/dictation/duck", Fixture, NULL, fixture_set_up, test_duck, fixture_tear_down);
  g_test_add ("/dictation/no-microphone", Fixture, NULL, fixture_set_up, test_no_microphone, fixture_tear_down);
  g_test_add ("/dictation/too-short", Fixture, NULL, fixture_set_up, test_too_short, fixture_tear_down);
  return g_test_run ();
}
