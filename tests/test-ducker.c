/* test-ducker.c — the call lowered while the app speaks, heard on the sink
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under tests/audio-session. The "call" is a low sine (CALL_HZ)
 * played by RessentiPlayer; the sink's monitor is recorded on the
 * monotonic clock (tests/ressenti-test-audio.c) and the call's level is
 * measured in a narrow band around CALL_HZ, where neither the earcons nor
 * espeak-ng's voice (whose lowest harmonic is its pitch, above 90 Hz)
 * have energy. Times are taken from the recording: the delay between a
 * change and the moment it is heard (the player's output buffer) is
 * measured and reported, and the windows checked are placed after it.
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <unistd.h>

#include "ressenti-announcer.h"
#include "ressenti-ducker.h"
#include "ressenti-earcons.h"
#include "ressenti-media.h"
#include "ressenti-player.h"
#include "ressenti-test-audio.h"
#include "ressenti-test-util.h"
#include "ressenti-voice.h"

#define RATE RESSENTI_TEST_AUDIO_RATE
#define CALL_HZ 70.0
#define CALL_LEVEL 0.5
#define CALL_SECONDS 12
/* The call's level is measured over windows of this length (7 periods). */
#define WINDOW_MS 100
#define DUCK_LEVEL 0.3
/* The call at CALL_LEVEL moves by at most 0.005 from one sample to the
 * next; a gain changed at once would make a step of up to 0.35. */
#define MAX_STEP 0.02

#define TEST_TIMEOUT_S 90

static void
test_timeout_handler (int signum)
{
  static const char message[] = "Bail out! the test did not finish in 90 s\n";

  if (write (STDOUT_FILENO, message, sizeof message - 1) < 0)
    _exit (3);
  abort ();
}

/* A stand-in for the voice or the earcons: an object with a boolean
 * property the test sets. */
#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, GObject)

struct _TestSource
{
  GObject  parent_instance;
  gboolean active;
};

G_DEFINE_FINAL_TYPE (TestSource, test_source, G_TYPE_OBJECT)

enum { SOURCE_PROP_0, SOURCE_PROP_ACTIVE, SOURCE_N_PROPS };
static GParamSpec *source_properties[SOURCE_N_PROPS];

static void
test_source_set_active (TestSource *self,
                        gboolean    active)
{
  if (self->active == active)
    return;
  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), source_properties[SOURCE_PROP_ACTIVE]);
}

static void
test_source_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  g_value_set_boolean (value, TEST_SOURCE (object)->active);
}

static void
test_source_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  test_source_set_active (TEST_SOURCE (object), g_value_get_boolean (value));
}

static void
test_source_class_init (TestSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_source_get_property;
  object_class->set_property = test_source_set_property;
  source_properties[SOURCE_PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, SOURCE_N_PROPS, source_properties);
}

static void
test_source_init (TestSource *self)
{
}

typedef struct
{
  char           *dir;
  char           *call;
  RessentiPlayer *player;
  gint64          wait_position;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  signal (SIGALRM, test_timeout_handler);
  alarm (TEST_TIMEOUT_S);
  fixture->dir = ressenti_test_mkdtemp ("ducker");
  fixture->call = g_build_filename (fixture->dir, "call.wav", NULL);
  ressenti_test_write_sine_wav (fixture->call, CALL_HZ, CALL_LEVEL, CALL_SECONDS, RATE);
  fixture->player = ressenti_player_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->player);
  alarm (0);
  ressenti_test_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->call);
}

static gboolean
duration_known (gpointer data)
{
  return ressenti_player_get_duration (((Fixture *) data)->player) > 0;
}

static gboolean
position_reached (gpointer data)
{
  Fixture *fixture = data;

  return ressenti_player_get_position (fixture->player) >= fixture->wait_position;
}

/* Opens the call and plays it until it is heard. */
static void
play_call (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ressenti_player_open (fixture->player, fixture->call, RESSENTI_CHANNEL_LAYOUT_MONO, &error));
  g_assert_no_error (error);
  g_assert_true (ressenti_test_run_until (duration_known, fixture, 10000));
  ressenti_player_play (fixture->player);
  fixture->wait_position = 1200;
  g_assert_true (ressenti_test_run_until (position_reached, fixture, 10000));
}

/* Measures on the recording */

/* What was played until now reaches the recording a little later. */
static void
stop_capture (RessentiTestCapture *capture)
{
  ressenti_test_run_for (300);
  ressenti_test_capture_stop (capture);
}

/* The call's level (amplitude at CALL_HZ) in the window starting at
 * @time_us. */
static double
call_level_at (RessentiTestCapture *capture,
               gint64               time_us)
{
  gsize n = 0;
  const float *samples = ressenti_test_capture_samples (capture, &n);
  gsize from = ressenti_test_capture_frame_at (capture, time_us);
  gsize length = RATE * WINDOW_MS / 1000;

  g_assert_cmpuint (from + length, <=, n);
  return ressenti_test_audio_tone (samples + from, length, CALL_HZ);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The median of the call's level over the windows in [@from_us, @to_us):
 * a stray burst of another sound cannot move it. */
static double
call_level (RessentiTestCapture *capture,
            gint64               from_us,
            gint64               to_us)
{
  g_autoptr(GArray) levels = g_array_new (FALSE, FALSE, sizeof (double));

  g_assert_cmpint (to_us - from_us, >=, WINDOW_MS * 1000);
  for (gint64 t = from_us; t + WINDOW_MS * 1000 <= to_us; t += WINDOW_MS * 1000 / 2)
    {
      double level = call_level_at (capture, t);

      g_array_append_val (levels, level);
    }
  g_array_sort (levels, compare_doubles);
  return g_array_index (levels, double, levels->len / 2);
}

/* When, after @from_us, the call's level first crosses @threshold going
 * down (@falling) or up, to 10 ms; -1 if it never does before @to_us. */
static gint64
crossing (RessentiTestCapture *capture,
          gint64               from_us,
          gint64               to_us,
          double               threshold,
          gboolean             falling)
{
  for (gint64 t = from_us; t + WINDOW_MS * 1000 <= to_us; t += 10000)
    {
      double level = call_level_at (capture, t);

      if (falling ? level < threshold : level > threshold)
        return t + WINDOW_MS * 1000 / 2;   /* the middle of the window */
    }
  return -1;
}

static double
max_step (RessentiTestCapture *capture,
          gint64               from_us,
          gint64               to_us)
{
  const float *samples = ressenti_test_capture_samples (capture, NULL);
  gsize from = ressenti_test_capture_frame_at (capture, from_us);
  gsize to = ressenti_test_capture_frame_at (capture, to_us);
  double step = 0.0;

  for (gsize f = from + 1; f < to; f++)
    step = MAX (step, fabs (samples[f] - samples[f - 1]));
  return step;
}

/* The logic, without sound */

static gboolean
not_ducking (gpointer data)
{
  return !ressenti_ducker_get_ducking (data);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_logic (Fixture       *fixture,
            gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;
  g_autoptr(RessentiDucker) ducker = ressenti_ducker_new (player);
  TestSource *a = g_object_new (TEST_TYPE_SOURCE, NULL);
  g_autoptr(TestSource) b = g_object_new (TEST_TYPE_SOURCE, NULL);
  g_autoptr(TestSource) c = g_object_new (TEST_TYPE_SOURCE, NULL);
  guint duck_changes = 0;
  gint64 start;
  double held_ms;

  ressenti_player_set_volume (player, 0.8);
  g_assert_cmpfloat (ressenti_ducker_get_level (ducker), ==, 0.3);
  g_assert_true (ressenti_ducker_get_enabled (ducker));
  g_assert_false (ressenti_ducker_get_ducking (ducker));
  g_assert_cmpfloat (ressenti_player_get_duck (player), ==, 1.0);
  ressenti_ducker_watch (ducker, G_OBJECT (a), "active");
  ressenti_ducker_watch (ducker, G_OBJECT (b), "active");

  /* One source. */
  test_source_set_active (a, TRUE);
  g_assert_true (ressenti_ducker_get_ducking (ducker));
  g_assert_cmpfloat (ressenti_player_get_duck (player), ==, 0.3);
  g_assert_cmpfloat (ressenti_player_get_volume (player), ==, 0.8);

  /* Two overlapping: the call stays down while either is on. */
  test_source_set_active (b, TRUE);
  test_source_set_active (a, FALSE);
  ressenti_test_run_for (400);
  g_assert_true (ressenti_ducker_get_ducking (ducker));

  /* The last one falls: held, then restored. */
  start = g_get_monotonic_time ();
  test_source_set_active (b, FALSE);
  g_assert_true (ressenti_ducker_get_ducking (ducker));
  g_assert_true (ressenti_test_run_until (not_ducking, ducker, 2000));
  held_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("restored %.0f ms after the last source fell", held_ms);
  g_assert_cmpfloat (held_ms, >=, RESSENTI_DUCKER_HOLD_MS - 5);
  g_assert_cmpfloat (held_ms, <, RESSENTI_DUCKER_HOLD_MS + 150);
  g_assert_cmpfloat (ressenti_player_get_duck (player), ==, 1.0);
  g_assert_cmpfloat (ressenti_player_get_volume (player), ==, 0.8);

  /* Back to back within the hold: the call does not come up in between. */
  g_signal_connect (player, "notify::duck", G_CALLBACK (count_cb), &duck_changes);
  test_source_set_active (a, TRUE);
  test_source_set_active (a, FALSE);
  ressenti_test_run_for (150);
  test_source_set_active (b, TRUE);
  test_source_set_active (b, FALSE);
  ressenti_test_run_for (150);
  test_source_set_active (a, TRUE);
  g_assert_cmpuint (duck_changes, ==, 1);

  /* The level, changed while ducking, applies at once. */
  ressenti_ducker_set_level (ducker, 0.5);
  g_assert_cmpfloat (ressenti_player_get_duck (player), ==, 0.5);

  /* Disabled: restored at once, and not lowered again. */
  ressenti_ducker_set_enabled (ducker, FALSE);
  g_assert_false (ressenti_ducker_get_ducking (ducker));
  g_assert_cmpfloat (ressenti_player_get_duck (player), ==, 1.0);
  test_source_set_active (b, TRUE);
  g_assert_cmpfloat (ressenti_player_get_duck (player), ==, 1.0);
  test_source_set_active (b, FALSE);
  ressenti_ducker_set_enabled (ducker, TRUE);
  g_assert_cmpfloat (ressenti_player_get_duck (player), ==, 0.5);   /* a is still on */

  /* A source finalized while on no longer holds the call down. */
  g_clear_object (&a);
  g_assert_true (ressenti_ducker_get_ducking (ducker));
  g_assert_true (ressenti_test_run_until (not_ducking, ducker, 2000));
  g_assert_cmpfloat (ressenti_player_get_duck (player), ==, 1.0);

  /* A source already on when watched. */
  test_source_set_active (c, TRUE);
  ressenti_ducker_watch (ducker, G_OBJECT (c), "active");
  g_assert_cmpfloat (ressenti_player_get_duck (player), ==, 0.5);

  /* The ducker going away restores the call. */
  g_clear_object (&ducker);
  g_assert_cmpfloat (ressenti_player_get_duck (player), ==, 1.0);
  /* And no longer listens to its sources. */
  test_source_set_active (c, FALSE);
  test_source_set_active (c, TRUE);
  g_assert_cmpfloat (ressenti_player_get_duck (player), ==, 1.0);
  g_assert_cmpfloat (ressenti_player_get_volume (player), ==, 0.8);
}

/* A source toggled by the test, heard */

static void
test_heard (Fixture       *fixture,
            gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;
  g_autoptr(RessentiDucker) ducker = ressenti_ducker_new (player);
  g_autoptr(TestSource) source = g_object_new (TEST_TYPE_SOURCE, NULL);
  g_autoptr(RessentiTestCapture) capture = NULL;
  gint64 on_at, off_at, restored_at, end_at;
  gint64 heard_down, heard_up;
  double before, ducked, held, after, lag_ms, step;

  ressenti_ducker_watch (ducker, G_OBJECT (source), "active");
  capture = ressenti_test_capture_start ();
  play_call (fixture);
  ressenti_test_run_for (500);

  on_at = g_get_monotonic_time ();
  test_source_set_active (source, TRUE);
  g_assert_cmpfloat (ressenti_player_get_duck (player), ==, DUCK_LEVEL);
  ressenti_test_run_for (1200);
  off_at = g_get_monotonic_time ();
  test_source_set_active (source, FALSE);
  g_assert_true (ressenti_test_run_until (not_ducking, ducker, 2000));
  restored_at = g_get_monotonic_time ();
  ressenti_test_run_for (1000);
  end_at = g_get_monotonic_time ();
  g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_PLAYING);
  stop_capture (capture);

  before = call_level (capture, on_at - 700 * 1000, on_at);
  heard_down = crossing (capture, on_at, off_at, before * (1.0 + DUCK_LEVEL) / 2.0, TRUE);
  g_assert_cmpint (heard_down, >, 0);
  lag_ms = (heard_down - on_at) / 1000.0;
  ducked = call_level (capture, heard_down + 100 * 1000, off_at);
  /* During the hold the call stays down. */
  held = call_level (capture, off_at + (heard_down - on_at), off_at + (heard_down - on_at) + 200 * 1000);
  heard_up = crossing (capture, off_at, end_at, before * (1.0 + DUCK_LEVEL) / 2.0, FALSE);
  g_assert_cmpint (heard_up, >, 0);
  after = call_level (capture, heard_up + 150 * 1000, end_at);
  /* Where a change of level is heard: a click would be there. */
  step = MAX (max_step (capture, heard_down - 150 * 1000, heard_down + 150 * 1000),
              max_step (capture, heard_up - 150 * 1000, heard_up + 150 * 1000));

  g_test_message ("call level %.4f; ducked %.4f (%.2f) heard %.0f ms after the source rose; "
                  "during the hold %.4f (%.2f); restored %.4f (%.2f) heard %.0f ms after the source fell "
                  "(the ducker restored it after %.0f ms); largest step %.4f",
                  before, ducked, ducked / before, lag_ms, held, held / before,
                  after, after / before, (heard_up - off_at) / 1000.0,
                  (restored_at - off_at) / 1000.0, step);
  g_assert_cmpfloat_with_epsilon (before, CALL_LEVEL, 0.05);
  g_assert_cmpfloat_with_epsilon (ducked / before, DUCK_LEVEL, 0.03);
  g_assert_cmpfloat (held / before, <, DUCK_LEVEL + 0.05);
  g_assert_cmpfloat_with_epsilon (after / before, 1.0, 0.05);
  /* Restored after the hold, not before. */
  g_assert_cmpfloat ((heard_up - off_at) / 1000.0, >, RESSENTI_DUCKER_HOLD_MS);
  /* Lowered and restored smoothly, over about 40 ms: no click. */
  g_assert_cmpfloat (step, <, MAX_STEP);
  /* The user's volume is untouched. */
  g_assert_cmpfloat (ressenti_player_get_volume (player), ==, 1.0);
}

/* The earcons duck the call while they sound. The call is lowered as
 * soon as one is played, but the player's output buffer (100 ms) makes
 * that heard after the earcon's own (80 ms) and the ramp: the shortest
 * earcons are over before, the longest, ERROR (150 ms), ends over a
 * lowered call. */
static void
test_earcons (Fixture       *fixture,
              gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;
  g_autoptr(RessentiDucker) ducker = ressenti_ducker_new (player);
  g_autoptr(RessentiEarcons) earcons = ressenti_earcons_new ();
  g_autoptr(RessentiTestCapture) capture = NULL;
  guint earcon_hz = ressenti_earcon_get_frequency (RESSENTI_EARCON_ERROR);
  gsize tail = RATE * 40 / 1000;
  const float *samples;
  gint64 played_at, end_at, heard_down;
  gsize from, to, onset, end;
  double before, during, last, after;

  if (!ressenti_earcons_get_available (earcons))
    g_error ("the earcons are not available: %s", ressenti_earcons_get_error (earcons));
  ressenti_ducker_watch (ducker, G_OBJECT (earcons), "sounding");
  capture = ressenti_test_capture_start ();
  play_call (fixture);
  ressenti_test_run_for (500);

  played_at = g_get_monotonic_time ();
  ressenti_earcons_play (earcons, RESSENTI_EARCON_ERROR);
  g_assert_true (ressenti_ducker_get_ducking (ducker));
  g_assert_true (ressenti_test_run_until (not_ducking, ducker, 3000));
  ressenti_test_run_for (800);
  end_at = g_get_monotonic_time ();
  stop_capture (capture);
  samples = ressenti_test_capture_samples (capture, NULL);

  /* The earcon, found by its own frequency over the call: the first run
   * of 10 ms windows where it is strong, within 600 ms of play(). */
  from = ressenti_test_capture_frame_at (capture, played_at);
  to = ressenti_test_capture_frame_at (capture, played_at + 600 * 1000);
  onset = to;
  end = from;
  for (gsize f = from; f + RATE / 100 <= to; f += RATE / 200)
    {
      gboolean strong = ressenti_test_audio_tone (samples + f, RATE / 100, earcon_hz) > 0.05;

      if (strong)
        {
          onset = MIN (onset, f);
          end = f + RATE / 100;
        }
      else if (onset < to)
        break;
    }
  g_assert_cmpuint (onset, <, to);
  g_assert_cmpuint (end - onset, >, 2 * tail);

  before = call_level (capture, played_at - 600 * 1000, played_at);
  heard_down = crossing (capture, played_at, end_at, before * (1.0 + DUCK_LEVEL) / 2.0, TRUE);
  g_assert_cmpint (heard_down, >, 0);
  during = ressenti_test_audio_tone (samples + onset, end - onset, CALL_HZ);
  last = ressenti_test_audio_tone (samples + end - tail, tail, CALL_HZ);
  after = call_level (capture, ressenti_test_capture_time_of (capture, end) + (RESSENTI_DUCKER_HOLD_MS + 400) * 1000, end_at);
  g_test_message ("call level %.4f; the earcon heard %.0f ms after play() for %.0f ms, the call lowered "
                  "%.0f ms after play(); call level over the earcon %.4f (%.2f), over its last 40 ms %.4f (%.2f); "
                  "after %.4f (%.2f)",
                  before, (ressenti_test_capture_time_of (capture, onset) - played_at) / 1000.0,
                  (end - onset) * 1000.0 / RATE, (heard_down - played_at) / 1000.0,
                  during, during / before, last, last / before, after, after / before);
  g_assert_cmpfloat (last / before, <, DUCK_LEVEL + 0.1);
  g_assert_cmpfloat_with_epsilon (after / before, 1.0, 0.05);
}

/* The dedicated voice, for real */

static gboolean
voice_speaking (gpointer data)
{
  return ressenti_voice_get_speaking (data);
}

static gboolean
voice_silent (gpointer data)
{
  return !ressenti_voice_get_speaking (data);
}


/* Energy above the call: the second difference of the signal, a
 * high-pass filter that leaves the 70 Hz call at 0.01 % of its level and
 * speech (above 200 Hz) at a few %. */
static double
speech_level (RessentiTestCapture *capture,
              gint64               from_us,
              gint64               to_us)
{
  const float *samples = ressenti_test_capture_samples (capture, NULL);
  gsize from = ressenti_test_capture_frame_at (capture, from_us);
  gsize to = ressenti_test_capture_frame_at (capture, to_us);
  double sum = 0.0;

  for (gsize f = from + 2; f < to; f++)
    {
      double d = samples[f] - 2.0 * samples[f - 1] + samples[f - 2];

      sum += d * d;
    }
  return sqrt (sum / MAX (to - from, 1));
}

static void
test_voice (Fixture       *fixture,
            gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;
  g_autoptr(RessentiDucker) ducker = ressenti_ducker_new (player);
  g_autoptr(RessentiAnnouncer) announcer = ressenti_announcer_new ();
  g_autoptr(RessentiVoice) voice = ressenti_voice_new ();
  g_autoptr(RessentiTestCapture) capture = NULL;
  gint64 begin_at, end_at, stop_at;
  double before, during, after, speech_before, speech_during;

  g_assert_true (ressenti_voice_wait_ready (voice, 15000));
  /* The suite's rule: what cannot be tested fails. */
  if (!ressenti_voice_get_available (voice))
    g_error ("the voice is not available: %s", ressenti_voice_get_error (voice));
  ressenti_voice_set_language (voice, "fr");
  ressenti_announcer_add_backend (announcer, RESSENTI_ANNOUNCER_BACKEND (voice));
  ressenti_ducker_watch (ducker, G_OBJECT (voice), "speaking");
  capture = ressenti_test_capture_start ();
  play_call (fixture);
  ressenti_test_run_for (600);

  ressenti_announcer_announce (announcer, "Trois appels importés. Le client rappelle demain.",
                               RESSENTI_ANNOUNCE_INTERRUPT, RESSENTI_VERBOSITY_TERSE,
                               RESSENTI_ANNOUNCE_CATEGORY_RESULT);
  g_assert_true (ressenti_test_run_until (voice_speaking, voice, 15000));
  begin_at = g_get_monotonic_time ();
  g_assert_true (ressenti_ducker_get_ducking (ducker));
  g_assert_true (ressenti_test_run_until (voice_silent, voice, 20000));
  end_at = g_get_monotonic_time ();
  g_assert_true (ressenti_test_run_until (not_ducking, ducker, 2000));
  ressenti_test_run_for (900);
  stop_at = g_get_monotonic_time ();
  g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_PLAYING);
  stop_capture (capture);
  ressenti_test_stop_speech_dispatcher ();

  g_assert_cmpint (end_at - begin_at, >, 800 * 1000);
  before = call_level (capture, begin_at - 800 * 1000, begin_at - 100 * 1000);
  during = call_level (capture, begin_at + 400 * 1000, end_at - 100 * 1000);
  after = call_level (capture, end_at + (RESSENTI_DUCKER_HOLD_MS + 400) * 1000, stop_at);
  speech_before = speech_level (capture, begin_at - 800 * 1000, begin_at - 100 * 1000);
  speech_during = speech_level (capture, begin_at + 100 * 1000, end_at);
  g_test_message ("voice spoke for %.1f s (level above the call %.5f, before it %.5f); call level %.4f, "
                  "while speaking %.4f (%.2f), after %.4f (%.2f)",
                  (end_at - begin_at) / 1e6, speech_during, speech_before,
                  before, during, during / before, after, after / before);
  /* The voice was heard in the sink... */
  g_assert_cmpfloat (speech_during, >, 10.0 * speech_before);
  /* ...over a lowered call, restored after it. */
  g_assert_cmpfloat (during / before, <, DUCK_LEVEL + 0.1);
  g_assert_cmpfloat_with_epsilon (after / before, 1.0, 0.05);
  g_assert_cmpfloat (ressenti_player_get_volume (player), ==, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* No SIGPIPE handling here: the voice closes its connection after
   * speech-dispatcher was stopped, and must survive the failed write by
   * itself, as the app must. */
  ressenti_test_init_i18n ();
  ressenti_test_set_language ("en");
  ressenti_media_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ducker/logic", test_logic);
  ADD ("/ducker/heard", test_heard);
  ADD ("/ducker/earcons", test_earcons);
  ADD ("/ducker/voice", test_voice);

#undef ADD

  return g_test_run ();
}
