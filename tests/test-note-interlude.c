/* test-note-interlude.c — a voice note heard in place, checked on the sink
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under tests/audio-session. The call is a sine at CALL_HZ, the note
 * an Ogg Opus sine at NOTE_HZ; the sink's monitor is recorded on the
 * monotonic clock (tests/ressenti-test-audio.c), and each one's level is
 * measured in a narrow band around its frequency. What the listener must
 * hear, in order: the call, then the note alone (the call paused), then
 * the call again from the place it paused.
 */
#include "config.h"

#include <signal.h>
#include <unistd.h>

#include <gst/gst.h>

#include "ressenti-note-interlude.h"
#include "ressenti-player.h"
#include "ressenti-test-audio.h"
#include "ressenti-test-util.h"

#define RATE RESSENTI_TEST_AUDIO_RATE
#define CALL_HZ 300.0
#define NOTE_HZ 1000.0
#define LEVEL 0.4
#define CALL_SECONDS 14.0
#define NOTE_SECONDS 1.5
/* Levels are measured over windows of this length. */
#define WINDOW_MS 100
/* Above this a tone is heard; below QUIET it is not (a 0.4 sine gives
 * about 0.4; Opus and the resampler leave well under 0.02 elsewhere). */
#define HEARD 0.15
#define QUIET 0.03

#define TEST_TIMEOUT_S 90

static void
test_timeout_handler (int signum)
{
  static const char message[] = "Bail out! the test did not finish in 90 s\n";

  if (write (STDOUT_FILENO, message, sizeof message - 1) < 0)
    _exit (3);
  abort ();
}

typedef struct
{
  char                  *dir;
  char                  *call_path;
  char                  *note_path;
  RessentiPlayer        *call;
  RessentiNoteInterlude *interlude;
  gint64                 wait_position;
  guint                  n_finished;
  gboolean               completed;
  GError                *error;
  gint64                 finished_at_us;
  gint64                 call_position_at_finish;
} Fixture;

/* An Ogg Opus note, encoded the way the recorder writes them. */
static void
write_note (const char *path)
{
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  guint n_buffers = (guint) (NOTE_SECONDS * 48000 / 960);

  description = g_strdup_printf ("audiotestsrc wave=sine freq=%g volume=%g samplesperbuffer=960 num-buffers=%u"
                                 " ! audio/x-raw,rate=48000,channels=1 ! audioconvert ! opusenc"
                                 " ! oggmux ! filesink location=\"%s\"",
                                 NOTE_HZ, LEVEL, n_buffers, path);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static void
finished_cb (RessentiNoteInterlude *interlude,
             gboolean               completed,
             const GError          *error,
             Fixture               *fixture)
{
  fixture->n_finished++;
  fixture->completed = completed;
  g_clear_error (&fixture->error);
  fixture->error = error != NULL ? g_error_copy (error) : NULL;
  fixture->finished_at_us = g_get_monotonic_time ();
  fixture->call_position_at_finish = ressenti_player_get_position (fixture->call);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  signal (SIGALRM, test_timeout_handler);
  alarm (TEST_TIMEOUT_S);
  fixture->dir = ressenti_test_mkdtemp ("note-interlude");
  fixture->call_path = g_build_filename (fixture->dir, "call.wav", NULL);
  fixture->note_path = g_build_filename (fixture->dir, "note.opus", NULL);
  ressenti_test_write_sine_wav (fixture->call_path, CALL_HZ, LEVEL, CALL_SECONDS, RATE);
  write_note (fixture->note_path);
  fixture->call = ressenti_player_new ();
  fixture->interlude = ressenti_note_interlude_new (fixture->call);
  g_signal_connect (fixture->interlude, "finished", G_CALLBACK (finished_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->interlude);
  g_clear_object (&fixture->call);
  g_clear_error (&fixture->error);
  alarm (0);
  ressenti_test_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->call_path);
  g_free (fixture->note_path);
}

static gboolean
duration_known (gpointer data)
{
  return ressenti_player_get_duration (((Fixture *) data)->call) > 0;
}

static gboolean
position_reached (gpointer data)
{
  Fixture *fixture = data;

  return ressenti_player_get_position (fixture->call) >= fixture->wait_position;
}

static gboolean
note_finished (gpointer data)
{
  return ((Fixture *) data)->n_finished > 0;
}

/* Opens the call and plays it until @position_ms. */
static void
play_call_to (Fixture *fixture,
              gint64   position_ms)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ressenti_player_open (fixture->call, fixture->call_path, RESSENTI_CHANNEL_LAYOUT_MONO, &error));
  g_assert_no_error (error);
  g_assert_true (ressenti_test_run_until (duration_known, fixture, 10000));
  ressenti_player_play (fixture->call);
  fixture->wait_position = position_ms;
  g_assert_true (ressenti_test_run_until (position_reached, fixture, 10000));
}

/* The levels of the call and of the note in the window at @time_us. */
static void
levels_at (RessentiTestCapture *capture,
           gint64               time_us,
           double              *call,
           double              *note)
{
  gsize n = 0;
  const float *samples = ressenti_test_capture_samples (capture, &n);
  gsize from = ressenti_test_capture_frame_at (capture, time_us);
  gsize length = RATE * WINDOW_MS / 1000;

  g_assert_cmpuint (from + length, <=, n);
  *call = ressenti_test_audio_tone (samples + from, length, CALL_HZ);
  *note = ressenti_test_audio_tone (samples + from, length, NOTE_HZ);
}

/* The first window from @from_us on (10 ms steps, until @to_us) where the
 * tone at @hz is heard, as a monotonic time; -1 if none. */
static gint64
first_heard (RessentiTestCapture *capture,
             gint64               from_us,
             gint64               to_us,
             double               hz)
{
  gsize n = 0;
  const float *samples = ressenti_test_capture_samples (capture, &n);
  gsize length = RATE * WINDOW_MS / 1000;

  for (gint64 t = from_us; t < to_us; t += 10000)
    {
      gsize from = ressenti_test_capture_frame_at (capture, t);

      if (from + length <= n && ressenti_test_audio_tone (samples + from, length, hz) > HEARD)
        return t;
    }
  return -1;
}

static void
test_in_place (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(RessentiTestCapture) capture = NULL;
  g_autoptr(GError) error = NULL;
  gint64 asked_us, note_heard_us, call_back_us, paused_at, later_position;
  double call, note;

  play_call_to (fixture, 2000);
  capture = ressenti_test_capture_start ();
  ressenti_test_run_for (700);
  asked_us = g_get_monotonic_time ();
  g_assert_true (ressenti_note_interlude_play (fixture->interlude, fixture->note_path, 1.0, &error));
  g_assert_no_error (error);
  g_assert_true (ressenti_note_interlude_get_active (fixture->interlude));
  paused_at = ressenti_player_get_position (fixture->call);
  g_assert_cmpint (ressenti_player_get_state (fixture->call), ==, RESSENTI_PLAYER_STATE_PAUSED);

  g_assert_true (ressenti_test_run_until (note_finished, fixture, 10000));
  g_assert_true (fixture->completed);
  g_assert_no_error (fixture->error);
  g_assert_false (ressenti_note_interlude_get_active (fixture->interlude));
  /* The call resumes where it paused. */
  g_assert_cmpint (ABS (fixture->call_position_at_finish - paused_at), <=, 50);
  ressenti_test_run_for (1500);
  later_position = ressenti_player_get_position (fixture->call);
  g_assert_cmpint (ressenti_player_get_state (fixture->call), ==, RESSENTI_PLAYER_STATE_PLAYING);
  ressenti_test_run_for (300);
  ressenti_test_capture_stop (capture);

  /* Before: the call alone. */
  levels_at (capture, asked_us - 400000, &call, &note);
  g_test_message ("before the note: call %.3f, note %.3f", call, note);
  g_assert_cmpfloat (call, >, HEARD);
  g_assert_cmpfloat (note, <, QUIET);
  /* Then the note, alone. */
  note_heard_us = first_heard (capture, asked_us, fixture->finished_at_us, NOTE_HZ);
  g_assert_cmpint (note_heard_us, >, 0);
  levels_at (capture, note_heard_us + 300000, &call, &note);
  g_test_message ("the note heard %.0f ms after it was asked for; during it: call %.3f, note %.3f",
                  (note_heard_us - asked_us) / 1000.0, call, note);
  g_assert_cmpfloat (note, >, HEARD);
  g_assert_cmpfloat (call, <, QUIET);
  /* Then the call again, and no note. */
  call_back_us = first_heard (capture, note_heard_us + 300000, fixture->finished_at_us + 1500000, CALL_HZ);
  g_assert_cmpint (call_back_us, >, 0);
  levels_at (capture, call_back_us + 300000, &call, &note);
  g_test_message ("the call back %.0f ms after the note ended: call %.3f, note %.3f",
                  (call_back_us - fixture->finished_at_us) / 1000.0, call, note);
  g_assert_cmpfloat (call, >, HEARD);
  g_assert_cmpfloat (note, <, QUIET);
  /* And it went on from where it was: 1.5 s later it is 1.5 s further
   * (what was heard of the call during the note is none). */
  g_assert_cmpint (later_position - paused_at, >=, 1200);
  g_assert_cmpint (later_position - paused_at, <=, 1800);
}

static void
test_paused_call (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 position;

  play_call_to (fixture, 1000);
  ressenti_player_pause (fixture->call);
  ressenti_test_run_for (300);
  position = ressenti_player_get_position (fixture->call);
  g_assert_true (ressenti_note_interlude_play (fixture->interlude, fixture->note_path, 2.0, &error));
  g_assert_no_error (error);
  g_assert_true (ressenti_test_run_until (note_finished, fixture, 10000));
  g_assert_true (fixture->completed);
  ressenti_test_run_for (300);
  /* A paused call stays paused, where it was. */
  g_assert_cmpint (ressenti_player_get_state (fixture->call), ==, RESSENTI_PLAYER_STATE_PAUSED);
  g_assert_cmpint (ABS (ressenti_player_get_position (fixture->call) - position), <=, 50);
}

static void
test_stop (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 paused_at;

  play_call_to (fixture, 1000);
  g_assert_true (ressenti_note_interlude_play (fixture->interlude, fixture->note_path, 1.0, &error));
  g_assert_no_error (error);
  paused_at = ressenti_player_get_position (fixture->call);
  ressenti_test_run_for (400);
  ressenti_note_interlude_stop (fixture->interlude);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_false (fixture->completed);
  g_assert_no_error (fixture->error);
  g_assert_cmpint (ABS (fixture->call_position_at_finish - paused_at), <=, 50);
  fixture->wait_position = paused_at + 500;
  g_assert_true (ressenti_test_run_until (position_reached, fixture, 5000));
  /* Stopping twice says nothing more. */
  ressenti_note_interlude_stop (fixture->interlude);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
}

static void
test_missing_note (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "gone.opus", NULL);
  gint64 position;

  play_call_to (fixture, 1000);
  g_assert_false (ressenti_note_interlude_play (fixture->interlude, missing, 1.0, &error));
  g_assert_error (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_VANISHED);
  g_assert_false (ressenti_note_interlude_get_active (fixture->interlude));
  g_assert_cmpuint (fixture->n_finished, ==, 0);
  /* The call goes on. */
  position = ressenti_player_get_position (fixture->call);
  fixture->wait_position = position + 500;
  g_assert_true (ressenti_test_run_until (position_reached, fixture, 5000));
  g_assert_cmpint (ressenti_player_get_state (fixture->call), ==, RESSENTI_PLAYER_STATE_PLAYING);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  ressenti_test_init_i18n ();

  g_test_add ("/note-interlude/in-place", Fixture, NULL, fixture_set_up, test_in_place, fixture_tear_down);
  g_test_add ("/note-interlude/paused-call", Fixture, NULL, fixture_set_up, test_paused_call, fixture_tear_down);
  g_test_add ("/note-interlude/stop", Fixture, NULL, fixture_set_up, test_stop, fixture_tear_down);
  g_test_add ("/note-interlude/missing-note", Fixture, NULL, fixture_set_up, test_missing_note, fixture_tear_down);
  return g_test_run ();
}
