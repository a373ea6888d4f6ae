/* test-earcons.c — the earcons, judged by what reaches the loudspeaker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under tests/audio-session: the earcons play to the private null sink
 * as in the application, and the sink's monitor is recorded on the
 * monotonic clock (tests/ressenti-test-audio.c), so each earcon is found
 * in the recording from the moment it was played and measured there: its
 * frequency, length, level, fades, and how long after play() it was
 * heard (reported, not asserted: it depends on the machine).
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <unistd.h>

#include "ressenti-announcer.h"
#include "ressenti-earcons.h"
#include "ressenti-media.h"
#include "ressenti-test-audio.h"
#include "ressenti-test-util.h"

#define RATE RESSENTI_TEST_AUDIO_RATE
/* An earcon at the default volume peaks at 0.25; silence stays below
 * 0.0005 on the null sink. */
#define SOUND_THRESHOLD 0.01
#define SILENCE_PEAK 0.001
#define FREQUENCY_TOLERANCE 0.03
#define MIN_FREQUENCY_RATIO 1.15
/* A sine of 1760 Hz (the highest earcon) at 0.25 moves by at most 0.058
 * from one sample to the next; a click (a step) by up to 0.25 or more. */
#define MAX_STEP 0.08

#define TEST_TIMEOUT_S 60

static void
test_timeout_handler (int signum)
{
  static const char message[] = "Bail out! the test did not finish in 60 s: the earcons hung\n";

  if (write (STDOUT_FILENO, message, sizeof message - 1) < 0)
    _exit (3);
  abort ();
}

static void
start_alarm (void)
{
  signal (SIGALRM, test_timeout_handler);
  alarm (TEST_TIMEOUT_S);
}

static RessentiEarcons *
new_earcons (void)
{
  RessentiEarcons *earcons = ressenti_earcons_new ();

  if (!ressenti_earcons_get_available (earcons))
    g_error ("the earcons are not available: %s", ressenti_earcons_get_error (earcons));
  g_assert_null (ressenti_earcons_get_error (earcons));
  return earcons;
}

static const char *
nick (RessentiEarcon earcon)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (RESSENTI_TYPE_EARCON);

  return g_enum_get_value (klass, earcon)->value_nick;
}

typedef struct
{
  RessentiEarcons *earcons;
  guint            n_rises;
  guint            n_falls;
  gint64           fell_at;
} Watch;

static void
sounding_cb (RessentiEarcons *earcons,
             GParamSpec      *pspec,
             Watch           *watch)
{
  if (ressenti_earcons_get_sounding (earcons))
    watch->n_rises++;
  else
    {
      watch->n_falls++;
      watch->fell_at = g_get_monotonic_time ();
    }
}

static void
watch_init (Watch           *watch,
            RessentiEarcons *earcons)
{
  watch->earcons = earcons;
  g_signal_connect (earcons, "notify::sounding", G_CALLBACK (sounding_cb), watch);
}

static gboolean
not_sounding (gpointer data)
{
  return !ressenti_earcons_get_sounding (((Watch *) data)->earcons);
}

typedef struct
{
  RessentiEarcon earcon;
  gint64         played_at;
  gint64         fell_at;
} Shot;

/* Plays @earcon; "sounding" must rise at once and fall once. */
static Shot
play_and_wait (Watch          *watch,
               RessentiEarcon  earcon)
{
  Shot shot = { earcon, 0, 0 };
  guint rises = watch->n_rises;
  guint falls = watch->n_falls;

  shot.played_at = g_get_monotonic_time ();
  ressenti_earcons_play (watch->earcons, earcon);
  g_assert_true (ressenti_earcons_get_sounding (watch->earcons));
  g_assert_cmpuint (watch->n_rises, ==, rises + 1);
  g_assert_true (ressenti_test_run_until (not_sounding, watch, 3000));
  g_assert_cmpuint (watch->n_falls, ==, falls + 1);
  shot.fell_at = watch->fell_at;
  return shot;
}

/* Where an earcon was heard in the recording. */
typedef struct
{
  gsize  onset;
  gsize  end;
  double latency_ms;     /* from play() to its first sound */
  double fell_after_ms;  /* from its last sound to "sounding" falling */
} Heard;

static Heard
find_heard (RessentiTestCapture *capture,
            const Shot          *shot,
            gint64               until)
{
  gsize from = ressenti_test_capture_frame_at (capture, shot->played_at);
  gsize to = ressenti_test_capture_frame_at (capture, until);
  Heard heard;

  heard.onset = ressenti_test_capture_find_sound (capture, from, to, SOUND_THRESHOLD);
  if (heard.onset >= to)
    g_error ("earcon %s was not heard", nick (shot->earcon));
  heard.end = ressenti_test_capture_sound_end (capture, heard.onset, to, SOUND_THRESHOLD);
  heard.latency_ms = (ressenti_test_capture_time_of (capture, heard.onset) - shot->played_at) / 1000.0;
  heard.fell_after_ms = (shot->fell_at - ressenti_test_capture_time_of (capture, heard.end)) / 1000.0;
  return heard;
}

static double
max_step (const float *samples,
          gsize        from,
          gsize        to)
{
  double step = 0.0;

  for (gsize f = from + 1; f < to; f++)
    step = MAX (step, fabs (samples[f] - samples[f - 1]));
  return step;
}

/* The table */

static void
test_table (void)
{
  for (RessentiEarcon a = 0; a < RESSENTI_N_EARCONS; a++)
    {
      guint duration = ressenti_earcon_get_duration (a);

      g_assert_cmpuint (duration, >=, 60);
      g_assert_cmpuint (duration, <=, 150);
      g_assert_nonnull (ressenti_earcon_describe (a));
      for (RessentiEarcon b = a + 1; b < RESSENTI_N_EARCONS; b++)
        {
          double fa = ressenti_earcon_get_frequency (a);
          double fb = ressenti_earcon_get_frequency (b);

          g_assert_cmpfloat (MAX (fa, fb) / MIN (fa, fb), >=, MIN_FREQUENCY_RATIO);
        }
    }
  g_assert_cmpstr (ressenti_earcon_describe (RESSENTI_EARCON_MOVE), ==, "Landed on a unit");
  /* The store saves an entry's earcon by its nick: they never change. */
  g_assert_cmpstr (nick (RESSENTI_EARCON_MARKER), ==, "marker");
  g_assert_cmpstr (nick (RESSENTI_EARCON_MARKER_CALM), ==, "marker-calm");
  g_assert_cmpstr (nick (RESSENTI_EARCON_MARKER_TENSE), ==, "marker-tense");
  g_assert_cmpstr (nick (RESSENTI_EARCON_MARKER_LOW), ==, "marker-low");
  g_assert_cmpstr (nick (RESSENTI_EARCON_MARKER_DELIVERY), ==, "marker-delivery");
  ressenti_test_set_language ("fr");
  g_assert_cmpstr (ressenti_earcon_describe (RESSENTI_EARCON_MOVE), ==, "Arrivée sur une unité");
  ressenti_test_set_language ("en");
}

/* Every earcon, measured */

static void
test_heard (void)
{
  g_autoptr(RessentiEarcons) earcons = NULL;
  g_autoptr(RessentiTestCapture) capture = NULL;
  Shot shots[RESSENTI_N_EARCONS];
  double measured[RESSENTI_N_EARCONS];
  double warm_sum = 0.0, warm_max = 0.0, first_latency = 0.0;
  Watch watch = { 0 };
  const float *samples;
  gint64 stopped_at;

  start_alarm ();
  earcons = new_earcons ();
  watch_init (&watch, earcons);
  g_assert_cmpfloat (ressenti_earcons_get_volume (earcons), ==, 0.5);
  capture = ressenti_test_capture_start ();
  for (RessentiEarcon e = 0; e < RESSENTI_N_EARCONS; e++)
    {
      shots[e] = play_and_wait (&watch, e);
      ressenti_test_run_for (120);
    }
  stopped_at = g_get_monotonic_time ();
  ressenti_test_capture_stop (capture);
  samples = ressenti_test_capture_samples (capture, NULL);

  for (RessentiEarcon e = 0; e < RESSENTI_N_EARCONS; e++)
    {
      gint64 until = e + 1 < RESSENTI_N_EARCONS ? shots[e + 1].played_at : stopped_at;
      Heard heard = find_heard (capture, &shots[e], until);
      gsize length = heard.end - heard.onset;
      double length_ms = length * 1000.0 / RATE;
      double expected = ressenti_earcon_get_frequency (e);
      double peak = ressenti_test_audio_peak (samples + heard.onset, length);
      double start_peak = ressenti_test_audio_peak (samples + heard.onset, RATE / 1000);
      double end_peak = ressenti_test_audio_peak (samples + heard.end - RATE / 1000, RATE / 1000);
      double step = max_step (samples, heard.onset - RATE / 100, heard.end + RATE / 100);

      measured[e] = ressenti_test_audio_dominant_hz (samples + heard.onset, length, 200.0, 2000.0);
      g_test_message ("%-12s %7.1f Hz (published %4.0f), %5.1f ms (%u), peak %.3f, "
                      "first/last ms %.3f/%.3f, largest step %.4f; heard %5.1f ms after play(), "
                      "\"sounding\" fell %5.1f ms after its end",
                      nick (e), measured[e], expected, length_ms, ressenti_earcon_get_duration (e),
                      peak, start_peak, end_peak, step, heard.latency_ms, heard.fell_after_ms);

      g_assert_cmpfloat (fabs (measured[e] / expected - 1.0), <, FREQUENCY_TOLERANCE);
      g_assert_cmpfloat (fabs (length_ms - ressenti_earcon_get_duration (e)), <, 15.0);
      /* Fades in and out: no click at either end. */
      g_assert_cmpfloat (start_peak, <, 0.5 * peak);
      g_assert_cmpfloat (end_peak, <, 0.5 * peak);
      g_assert_cmpfloat (step, <, MAX_STEP);
      /* "sounding" lasts until the end is heard, and not much longer. */
      g_assert_cmpfloat (heard.fell_after_ms, >, -10.0);
      g_assert_cmpfloat (heard.fell_after_ms, <, 150.0);

      if (e == 0)
        first_latency = heard.latency_ms;
      else
        {
          warm_sum += heard.latency_ms;
          warm_max = MAX (warm_max, heard.latency_ms);
        }
    }
  g_test_message ("latency from play() to the first sound on the monitor: %.1f ms for the first "
                  "earcon after start-up, then %.1f ms on average, %.1f ms at most",
                  first_latency, warm_sum / (RESSENTI_N_EARCONS - 1), warm_max);

  /* Told apart by ear: the measured frequencies, too, are a minor
   * third or more apart. */
  for (RessentiEarcon a = 0; a < RESSENTI_N_EARCONS; a++)
    for (RessentiEarcon b = a + 1; b < RESSENTI_N_EARCONS; b++)
      g_assert_cmpfloat (MAX (measured[a], measured[b]) / MIN (measured[a], measured[b]), >=, MIN_FREQUENCY_RATIO);
  alarm (0);
}

/* After 3 s without an earcon the output is paused (the sound server's
 * stream corked); the next earcon resumes it. */
static void
test_after_idle (void)
{
  g_autoptr(RessentiEarcons) earcons = NULL;
  g_autoptr(RessentiTestCapture) capture = NULL;
  Watch watch = { 0 };
  Shot before, after;
  Heard heard;
  const float *samples;
  double hz;

  start_alarm ();
  earcons = new_earcons ();
  watch_init (&watch, earcons);
  capture = ressenti_test_capture_start ();
  before = play_and_wait (&watch, RESSENTI_EARCON_PLAY);
  ressenti_test_run_for (3500);
  after = play_and_wait (&watch, RESSENTI_EARCON_MOVE);
  ressenti_test_run_for (100);
  ressenti_test_capture_stop (capture);
  samples = ressenti_test_capture_samples (capture, NULL);

  find_heard (capture, &before, after.played_at);
  heard = find_heard (capture, &after, g_get_monotonic_time ());
  hz = ressenti_test_audio_dominant_hz (samples + heard.onset, heard.end - heard.onset, 200.0, 2000.0);
  g_test_message ("after 3.5 s without an earcon: %.1f Hz, heard %.1f ms after play(), \"sounding\" fell %.1f ms after its end",
                  hz, heard.latency_ms, heard.fell_after_ms);
  g_assert_cmpfloat (fabs (hz / ressenti_earcon_get_frequency (RESSENTI_EARCON_MOVE) - 1.0), <, FREQUENCY_TOLERANCE);
  g_assert_cmpfloat (fabs ((heard.end - heard.onset) * 1000.0 / RATE - ressenti_earcon_get_duration (RESSENTI_EARCON_MOVE)), <, 15.0);
  g_assert_cmpfloat (heard.fell_after_ms, >, -10.0);
  g_assert_cmpfloat (heard.fell_after_ms, <, 150.0);
  alarm (0);
}

/* Volume and mute */

static void
test_volume (void)
{
  static const double volumes[] = { 1.0, 0.5, 0.25 };
  g_autoptr(RessentiEarcons) earcons = NULL;
  g_autoptr(RessentiTestCapture) capture = NULL;
  Shot shots[G_N_ELEMENTS (volumes)];
  double rms[G_N_ELEMENTS (volumes)];
  double peak_full = 0.0;
  Watch watch = { 0 };
  const float *samples;
  gint64 stopped_at;

  start_alarm ();
  earcons = new_earcons ();
  watch_init (&watch, earcons);
  capture = ressenti_test_capture_start ();
  for (guint i = 0; i < G_N_ELEMENTS (volumes); i++)
    {
      ressenti_earcons_set_volume (earcons, volumes[i]);
      g_assert_cmpfloat (ressenti_earcons_get_volume (earcons), ==, volumes[i]);
      shots[i] = play_and_wait (&watch, RESSENTI_EARCON_MARKER);
      ressenti_test_run_for (100);
    }
  stopped_at = g_get_monotonic_time ();
  ressenti_test_capture_stop (capture);
  samples = ressenti_test_capture_samples (capture, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (volumes); i++)
    {
      Heard heard = find_heard (capture, &shots[i], i + 1 < G_N_ELEMENTS (volumes) ? shots[i + 1].played_at : stopped_at);
      /* The steady middle of the tone, fades left out. */
      gsize from = heard.onset + RATE / 100;

      rms[i] = ressenti_test_audio_rms (samples + from, RATE * 50 / 1000);
      if (i == 0)
        peak_full = ressenti_test_audio_peak (samples + from, RATE * 50 / 1000);
      g_test_message ("volume %.2f: RMS %.4f (%.1f dBFS)", volumes[i], rms[i], 20.0 * log10 (rms[i]));
    }
  /* At full volume the rendered peak (0.5) reaches the sink unchanged. */
  g_assert_cmpfloat_with_epsilon (peak_full, 0.5, 0.05);
  g_assert_cmpfloat_with_epsilon (rms[1] / rms[0], 0.5, 0.03);
  g_assert_cmpfloat_with_epsilon (rms[2] / rms[0], 0.25, 0.02);

  ressenti_earcons_set_volume (earcons, 3.0);
  g_assert_cmpfloat (ressenti_earcons_get_volume (earcons), ==, 1.0);
  alarm (0);
}

static void
test_muted (void)
{
  g_autoptr(RessentiEarcons) earcons = NULL;
  g_autoptr(RessentiTestCapture) capture = NULL;
  Watch watch = { 0 };
  gint64 muted_at, unmuted_at;
  Shot shot;
  double peak;
  const float *samples;

  start_alarm ();
  earcons = new_earcons ();
  watch_init (&watch, earcons);
  capture = ressenti_test_capture_start ();

  ressenti_earcons_set_muted (earcons, TRUE);
  g_assert_true (ressenti_earcons_get_muted (earcons));
  muted_at = g_get_monotonic_time ();
  for (RessentiEarcon e = 0; e < RESSENTI_N_EARCONS; e++)
    {
      ressenti_earcons_play (earcons, e);
      /* Nothing is heard, so nothing ducks the call. */
      g_assert_false (ressenti_earcons_get_sounding (earcons));
      ressenti_test_run_for (30);
    }
  ressenti_test_run_for (300);
  g_assert_cmpuint (watch.n_rises, ==, 0);

  ressenti_earcons_set_muted (earcons, FALSE);
  unmuted_at = g_get_monotonic_time ();
  /* Far from the silence measured, whatever the recording's jitter. */
  ressenti_test_run_for (300);
  shot = play_and_wait (&watch, RESSENTI_EARCON_MOVE);
  ressenti_test_run_for (100);
  ressenti_test_capture_stop (capture);
  samples = ressenti_test_capture_samples (capture, NULL);

  peak = ressenti_test_audio_peak (samples + ressenti_test_capture_frame_at (capture, muted_at),
                                   ressenti_test_capture_frame_at (capture, unmuted_at) -
                                   ressenti_test_capture_frame_at (capture, muted_at));
  g_test_message ("peak while muted: %.5f", peak);
  g_assert_cmpfloat (peak, <, SILENCE_PEAK);
  /* And heard again once unmuted. */
  find_heard (capture, &shot, g_get_monotonic_time ());
  alarm (0);
}

/* A new earcon cuts off the one sounding, without a click. */
static void
test_cut (void)
{
  g_autoptr(RessentiEarcons) earcons = NULL;
  g_autoptr(RessentiTestCapture) capture = NULL;
  Watch watch = { 0 };
  Shot shot = { RESSENTI_EARCON_ERROR, 0, 0 };
  guint error_hz = ressenti_earcon_get_frequency (RESSENTI_EARCON_ERROR);
  guint move_hz = ressenti_earcon_get_frequency (RESSENTI_EARCON_MOVE);
  const float *samples;
  gsize window = RATE / 100;
  gsize move_onset = 0;
  double length_ms, step, error_after;
  Heard heard;

  start_alarm ();
  earcons = new_earcons ();
  watch_init (&watch, earcons);
  capture = ressenti_test_capture_start ();
  /* Warm up the output first: the cut is what is measured. */
  play_and_wait (&watch, RESSENTI_EARCON_PLAY);
  ressenti_test_run_for (150);

  shot.played_at = g_get_monotonic_time ();
  ressenti_earcons_play (earcons, RESSENTI_EARCON_ERROR);
  ressenti_test_run_for (80);
  g_assert_true (ressenti_earcons_get_sounding (earcons));
  ressenti_earcons_play (earcons, RESSENTI_EARCON_MOVE);
  g_assert_true (ressenti_test_run_until (not_sounding, &watch, 3000));
  shot.fell_at = watch.fell_at;
  /* One rise and one fall for the two: no gap in between. */
  g_assert_cmpuint (watch.n_rises, ==, 2);
  g_assert_cmpuint (watch.n_falls, ==, 2);
  ressenti_test_run_for (200);
  ressenti_test_capture_stop (capture);
  samples = ressenti_test_capture_samples (capture, NULL);

  heard = find_heard (capture, &shot, g_get_monotonic_time ());
  length_ms = (heard.end - heard.onset) * 1000.0 / RATE;
  for (gsize f = heard.onset; f + window <= heard.end; f += window / 2)
    if (ressenti_test_audio_tone (samples + f, window, move_hz) >
        ressenti_test_audio_tone (samples + f, window, error_hz))
      {
        move_onset = f;
        break;
      }
  g_assert_cmpuint (move_onset, >, 0);
  /* After MOVE has started, nothing of ERROR goes on beneath or after it. */
  error_after = ressenti_test_audio_tone (samples + move_onset + window, heard.end - move_onset, error_hz);
  step = max_step (samples, heard.onset, heard.end);
  g_test_message ("ERROR cut by MOVE after %.1f ms; all heard: %.1f ms; ERROR's tone after the cut %.4f; "
                  "largest step %.4f",
                  (move_onset - heard.onset) * 1000.0 / RATE, length_ms, error_after, step);
  g_assert_cmpfloat (length_ms, <, ressenti_earcon_get_duration (RESSENTI_EARCON_ERROR) +
                                   ressenti_earcon_get_duration (RESSENTI_EARCON_MOVE) - 30.0);
  g_assert_cmpfloat (fabs ((heard.end - move_onset) * 1000.0 / RATE - ressenti_earcon_get_duration (RESSENTI_EARCON_MOVE)), <, 15.0);
  g_assert_cmpfloat (error_after, <, 0.01);
  g_assert_cmpfloat (step, <, MAX_STEP);
  alarm (0);
}

/* As an announcer backend */

static void
test_announcer (void)
{
  g_autoptr(RessentiEarcons) earcons = NULL;
  g_autoptr(RessentiAnnouncer) announcer = ressenti_announcer_new ();
  g_autoptr(RessentiTestCapture) capture = NULL;
  Watch watch = { 0 };
  Shot error = { RESSENTI_EARCON_ERROR, 0, 0 };
  Shot navigation = { RESSENTI_EARCON_MOVE, 0, 0 };
  gint64 result_at;
  const float *samples;
  double error_hz, navigation_hz, result_peak;
  Heard heard;

  start_alarm ();
  earcons = new_earcons ();
  watch_init (&watch, earcons);
  ressenti_announcer_add_backend (announcer, RESSENTI_ANNOUNCER_BACKEND (earcons));
  capture = ressenti_test_capture_start ();

  error.played_at = g_get_monotonic_time ();
  ressenti_announcer_error (announcer, "The file is damaged.");
  g_assert_true (ressenti_earcons_get_sounding (earcons));
  g_assert_true (ressenti_test_run_until (not_sounding, &watch, 3000));
  error.fell_at = watch.fell_at;
  ressenti_test_run_for (100);

  result_at = g_get_monotonic_time ();
  ressenti_announcer_announce (announcer, "3 calls imported.", RESSENTI_ANNOUNCE_INTERRUPT,
                               RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
  ressenti_announcer_announce (announcer, "Importing…", RESSENTI_ANNOUNCE_QUEUE,
                               RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_PROGRESS);
  g_assert_false (ressenti_earcons_get_sounding (earcons));
  ressenti_test_run_for (300);

  navigation.played_at = g_get_monotonic_time ();
  ressenti_announcer_announce (announcer, "Customer, 1 minute 12.", RESSENTI_ANNOUNCE_INTERRUPT,
                               RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_NAVIGATION);
  g_assert_true (ressenti_earcons_get_sounding (earcons));
  g_assert_true (ressenti_test_run_until (not_sounding, &watch, 3000));
  navigation.fell_at = watch.fell_at;
  ressenti_test_run_for (100);
  ressenti_test_capture_stop (capture);
  samples = ressenti_test_capture_samples (capture, NULL);

  heard = find_heard (capture, &error, result_at);
  error_hz = ressenti_test_audio_dominant_hz (samples + heard.onset, heard.end - heard.onset, 200.0, 2000.0);
  result_peak = ressenti_test_audio_peak (samples + ressenti_test_capture_frame_at (capture, result_at),
                                          ressenti_test_capture_frame_at (capture, navigation.played_at) -
                                          ressenti_test_capture_frame_at (capture, result_at));
  heard = find_heard (capture, &navigation, g_get_monotonic_time ());
  navigation_hz = ressenti_test_audio_dominant_hz (samples + heard.onset, heard.end - heard.onset, 200.0, 2000.0);
  g_test_message ("error: %.1f Hz; result and progress: peak %.5f; navigation: %.1f Hz",
                  error_hz, result_peak, navigation_hz);
  g_assert_cmpfloat (fabs (error_hz / ressenti_earcon_get_frequency (RESSENTI_EARCON_ERROR) - 1.0), <, FREQUENCY_TOLERANCE);
  g_assert_cmpfloat (result_peak, <, SILENCE_PEAK);
  g_assert_cmpfloat (fabs (navigation_hz / ressenti_earcon_get_frequency (RESSENTI_EARCON_MOVE) - 1.0), <, FREQUENCY_TOLERANCE);
  alarm (0);
}

/* Without an audio output. In a subprocess, because PulseAudio clients
 * keep their connection for the life of the process. */
static void
test_unavailable (void)
{
  static const char *modes[] = { "server", "server-fr", "pulsesink", "missing" };

  if (g_test_subprocess ())
    {
      const char *mode = g_getenv ("RESSENTI_TEST_NO_OUTPUT");
      g_autoptr(RessentiEarcons) earcons = NULL;
      g_autoptr(RessentiAnnouncer) announcer = ressenti_announcer_new ();
      const char *expected;

      if (g_str_equal (mode, "pulsesink"))
        g_setenv ("RESSENTI_AUDIO_SINK", "pulsesink server=unix:/nonexistent/pulse", TRUE);
      else if (g_str_equal (mode, "missing"))
        g_setenv ("RESSENTI_AUDIO_SINK", "ressentinosuchsink", TRUE);
      else
        g_setenv ("PULSE_SERVER", "unix:/nonexistent/pulse", TRUE);
      if (g_str_equal (mode, "server-fr"))
        ressenti_test_set_language ("fr");

      earcons = ressenti_earcons_new ();
      g_assert_false (ressenti_earcons_get_available (earcons));
      if (g_str_equal (mode, "missing"))
        expected = "Earcons cannot be played: the GStreamer element “ressentinosuchsink” is missing. "
                   "Install the GStreamer base and good plugins (gstreamer1.0-plugins-base, "
                   "gstreamer1.0-plugins-good).";
      else if (g_str_equal (mode, "server-fr"))
        expected = "Les signaux sonores ne peuvent pas être joués : aucune sortie audio n’est disponible. "
                   "Vérifiez qu’un périphérique audio est branché et que le serveur de son "
                   "(PulseAudio ou PipeWire) fonctionne.";
      else
        expected = "Earcons cannot be played: no audio output is available. Check that a sound device "
                   "is connected and that the sound server (PulseAudio or PipeWire) is running.";
      g_assert_cmpstr (ressenti_earcons_get_error (earcons), ==, expected);
      {
        g_autofree char *error = NULL;
        gboolean available = TRUE;

        g_object_get (earcons, "error", &error, "available", &available, NULL);
        g_assert_cmpstr (error, ==, expected);
        g_assert_false (available);
      }

      /* Earcons are dropped: nothing blocks, nothing ducks the call. */
      ressenti_earcons_play (earcons, RESSENTI_EARCON_MOVE);
      g_assert_false (ressenti_earcons_get_sounding (earcons));
      ressenti_announcer_add_backend (announcer, RESSENTI_ANNOUNCER_BACKEND (earcons));
      ressenti_announcer_error (announcer, "Lost earcon");
      g_assert_false (ressenti_earcons_get_sounding (earcons));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_setenv ("RESSENTI_TEST_NO_OUTPUT", modes[i], TRUE);
      g_test_message ("without output: %s", modes[i]);
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
    }
  g_unsetenv ("RESSENTI_TEST_NO_OUTPUT");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ressenti_test_init_i18n ();
  ressenti_test_set_language ("en");
  ressenti_media_init ();

  g_test_add_func ("/earcons/table", test_table);
  g_test_add_func ("/earcons/heard", test_heard);
  g_test_add_func ("/earcons/after-idle", test_after_idle);
  g_test_add_func ("/earcons/volume", test_volume);
  g_test_add_func ("/earcons/muted", test_muted);
  g_test_add_func ("/earcons/cut", test_cut);
  g_test_add_func ("/earcons/announcer", test_announcer);
  g_test_add_func ("/earcons/unavailable", test_unavailable);

  return g_test_run ();
}
