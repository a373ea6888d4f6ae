/* test-player.c — the player, judged by what reaches the loudspeaker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under tests/audio-session: a private PulseAudio with a null sink. The
 * player plays to that sink through autoaudiosink, as in the application,
 * and the test records the sink's monitor with pulsesrc, then analyses the
 * recorded samples. Positions the player reports are used only to know
 * when an action was asked for, never as evidence that it happened.
 *
 * The test signal (written at test time): stereo, 44.1 kHz, a 440 Hz tone
 * on the left (the agent, for AGENT_LEFT) and 1000 Hz on the right (the
 * customer); the tones' amplitude is 0.05 + 0.02 × n during second n, so a
 * stretch of recorded audio says which second of the file it is; at each
 * whole second a click on both channels marks the time exactly. The click
 * is a burst of 3 kHz at 0.9, not a step, because lossy codecs smear a step
 * (DC) into a long tail; and it lasts 20 ms, not 5, because at 1.5×
 * scaletempo drops up to 15 ms of every 45 ms of input: a 5 ms click went
 * unheard about once in five.
 *
 * Waits are on the player's position, not fixed times: the sound server
 * may take a moment to start a stream.
 * Each test is killed after 120 s (alarm), so a player that blocks the
 * main loop fails instead of hanging. RESSENTI_TEST_CAPTURE_DIR=DIR keeps
 * the recordings (raw S16LE stereo, 44.1 kHz) for a closer look.
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "ressenti-media.h"
#include "ressenti-player.h"
#include "ressenti-test-audio.h"
#include "ressenti-test-util.h"

#define RATE 44100
#define SIGNAL_SECONDS 14
#define CLICK_MS 20
#define CLICK_LEVEL 0.9
#define CLICK_HZ 3000.0
#define TONE_BASE 0.05
#define TONE_STEP 0.02
#define LEFT_HZ 440.0
#define RIGHT_HZ 1000.0

/* Tolerances */
#define SEEK_TOLERANCE_S 0.050
#define SPEED_TOLERANCE 0.03
#define PITCH_TOLERANCE 0.03
/* Audio of the old position heard after a jump was asked for. The player's
 * position (what is being heard when it is read) is the reference; 60 ms
 * covers the 50 ms between two readings of it and scheduling. */
#define OLD_AUDIO_MAX_S 0.060
/* A loop pass must last its length within this: a flushing seek at the
 * loop end would leave a gap of 50 ms or more. */
#define LOOP_TOLERANCE_S 0.020

/* Recording the null sink's monitor */

typedef struct
{
  GstElement *pipeline;
  GMutex      lock;
  GArray     *samples;   /* gint16, interleaved stereo */
} Capture;

static void
capture_handoff_cb (GstElement *fakesink,
                    GstBuffer  *buffer,
                    GstPad     *pad,
                    Capture    *capture)
{
  GstMapInfo map;

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return;
  g_mutex_lock (&capture->lock);
  g_array_append_vals (capture->samples, map.data, map.size / sizeof (gint16));
  g_mutex_unlock (&capture->lock);
  gst_buffer_unmap (buffer, &map);
}

static gsize
capture_frames (Capture *capture)
{
  gsize n;

  g_mutex_lock (&capture->lock);
  n = capture->samples->len / 2;
  g_mutex_unlock (&capture->lock);
  return n;
}

static void run_for (guint ms);

static Capture *
capture_start (void)
{
  const char *sink = g_getenv ("AUDIO_SESSION_SINK");
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  Capture *capture = g_new0 (Capture, 1);
  GstElement *fakesink;
  guint64 start;

  if (sink == NULL)
    g_error ("AUDIO_SESSION_SINK is not set: run this test under tests/audio-session");
  description = g_strdup_printf ("pulsesrc device=%s.monitor "
                                 "! audio/x-raw,format=S16LE,layout=interleaved,rate=%d,channels=2 "
                                 "! fakesink name=out signal-handoffs=true sync=false",
                                 sink, RATE);
  capture->pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  g_mutex_init (&capture->lock);
  capture->samples = g_array_new (FALSE, FALSE, sizeof (gint16));
  fakesink = gst_bin_get_by_name (GST_BIN (capture->pipeline), "out");
  g_signal_connect (fakesink, "handoff", G_CALLBACK (capture_handoff_cb), capture);
  gst_object_unref (fakesink);
  g_assert_cmpint (gst_element_set_state (capture->pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);

  /* Wait until samples flow, and keep a little silence before the test. */
  start = g_get_monotonic_time ();
  while (capture_frames (capture) < RATE / 5)
    {
      run_for (20);
      if (g_get_monotonic_time () - start > 5 * G_USEC_PER_SEC)
        g_error ("nothing recorded from %s.monitor in 5 s", sink);
    }
  return capture;
}

static void
capture_stop (Capture *capture)
{
  static guint n_saved = 0;
  const char *dir = g_getenv ("RESSENTI_TEST_CAPTURE_DIR");

  gst_element_set_state (capture->pipeline, GST_STATE_NULL);
  g_clear_object (&capture->pipeline);
  /* For a closer look: raw S16LE stereo at RATE, e.g. with
   * `sox -t raw -r 44100 -e signed -b 16 -c 2 capture-00.raw out.wav`. */
  if (dir != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s/capture-%02u.raw", dir, n_saved++);

      g_file_set_contents (path, (const char *) capture->samples->data,
                           capture->samples->len * sizeof (gint16), NULL);
    }
}

static void
capture_free (Capture *capture)
{
  if (capture == NULL)
    return;
  if (capture->pipeline != NULL)
    capture_stop (capture);
  g_array_unref (capture->samples);
  g_mutex_clear (&capture->lock);
  g_free (capture);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Capture, capture_free)

/* Analysis of recorded samples (after capture_stop) */

static gsize
n_frames (Capture *capture)
{
  return capture->samples->len / 2;
}

static double
sample (Capture *capture,
        gsize    frame,
        guint    channel)
{
  return g_array_index (capture->samples, gint16, frame * 2 + channel) / 32768.0;
}

static double
frames_to_s (gssize frames)
{
  return (double) frames / RATE;
}

static gssize
s_to_frames (double seconds)
{
  return (gssize) (seconds * RATE);
}

static gboolean
is_click_frame (Capture *capture,
                gsize    frame)
{
  return fabs (sample (capture, frame, 0)) > 0.6 && fabs (sample (capture, frame, 1)) > 0.6;
}

/* Onsets of clicks (both channels above 0.6) in [from, to); onsets closer
 * than 100 ms to the previous one are the same click. */
static GArray *
find_clicks (Capture *capture,
             gsize    from,
             gsize    to)
{
  GArray *clicks = g_array_new (FALSE, FALSE, sizeof (gsize));
  gssize last = -RATE;

  to = MIN (to, n_frames (capture));
  for (gsize f = from; f < to; f++)
    if (is_click_frame (capture, f) && (gssize) f - last > RATE / 10)
      {
        g_array_append_val (clicks, f);
        last = f;
      }
  return clicks;
}

/* Peak of the tones in [from, from + length), clicks left out. */
static double
tone_peak (Capture *capture,
           gsize    from,
           gsize    length)
{
  double peak = 0.0;

  for (gsize f = from; f < MIN (from + length, n_frames (capture)); f++)
    for (guint c = 0; c < 2; c++)
      {
        double v = fabs (sample (capture, f, c));

        if (v < 0.5)
          peak = MAX (peak, v);
      }
  return peak;
}

/* Which second of the test signal a stretch is from, by its tone level;
 * -1 for silence. */
static int
second_of_level (double peak)
{
  if (peak < TONE_BASE / 2)
    return -1;
  return (int) floor ((peak - TONE_BASE) / TONE_STEP + 0.5);
}

/* The second a click starts: the tone level after it (not right after:
 * a lossy codec rings for a few milliseconds after a click). */
static int
second_after_click (Capture *capture,
                    gsize    click)
{
  return second_of_level (tone_peak (capture, click + s_to_frames (0.05), s_to_frames (0.1)));
}

static gsize
first_sound (Capture *capture,
             gsize    from)
{
  for (gsize f = from; f < n_frames (capture); f++)
    if (fabs (sample (capture, f, 0)) > 0.02 || fabs (sample (capture, f, 1)) > 0.02)
      return f;
  return n_frames (capture);
}

/* Power of @hz in a channel over a window (Goertzel). */
static double
tone_power (Capture *capture,
            gsize    from,
            gsize    length,
            guint    channel,
            double   hz)
{
  double coeff = 2.0 * cos (2.0 * G_PI * hz / RATE);
  double s1 = 0.0, s2 = 0.0;

  for (gsize f = from; f < MIN (from + length, n_frames (capture)); f++)
    {
      double s0 = sample (capture, f, channel) + coeff * s1 - s2;

      s2 = s1;
      s1 = s0;
    }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / ((double) length * length);
}

/* The strongest frequency of a channel between 0.5 × and 2 × @expected_hz,
 * to 0.25 %, over [from, from + length). Counting zero crossings is not
 * enough: the splices scaletempo makes at 0.7× add and remove crossings
 * (measured 11 % low with the pitch intact). */
static double
peak_hz (Capture *capture,
         gsize    from,
         gsize    length,
         guint    channel,
         double   expected_hz)
{
  double best_hz = 0.0, best_power = 0.0;

  for (double hz = expected_hz / 2.0; hz <= expected_hz * 2.0; hz *= 1.0025)
    {
      double power = tone_power (capture, from, length, channel, hz);

      if (power > best_power)
        {
          best_power = power;
          best_hz = hz;
        }
    }
  return best_hz;
}

/* The clicks in [from, to) with the second each one marks (the tone level
 * after it). */
typedef struct
{
  gsize frame;
  int   second;
} Click;

static GArray *
identify_clicks (Capture *capture,
                 gsize    from,
                 gsize    to)
{
  g_autoptr(GArray) onsets = find_clicks (capture, from, to);
  GArray *clicks = g_array_new (FALSE, FALSE, sizeof (Click));

  for (guint i = 0; i < onsets->len; i++)
    {
      Click click = { g_array_index (onsets, gsize, i), 0 };

      /* One cut off by the end of the recording cannot be identified. */
      if (click.frame + s_to_frames (0.16) > n_frames (capture))
        break;
      click.second = second_after_click (capture, click.frame);
      g_array_append_val (clicks, click);
    }
  return clicks;
}

static char *
describe_clicks (GArray *clicks)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < clicks->len; i++)
    {
      Click *click = &g_array_index (clicks, Click, i);

      g_string_append_printf (text, "%s%d@%.3f", i > 0 ? " " : "", click->second, frames_to_s (click->frame));
    }
  return g_string_free (text, FALSE);
}

/* The test signal */

static void
write_signal (const char *path,
              guint       channels,
              guint       seconds)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint32 n = RATE * seconds;

  ressenti_test_append_wav_header (out, channels, RATE, n);

  for (guint32 i = 0; i < n; i++)
    {
      double t = (double) i / RATE;
      double level = TONE_BASE + TONE_STEP * (i / RATE);
      gboolean click = i % RATE < RATE * CLICK_MS / 1000;

      for (guint c = 0; c < channels; c++)
        {
          double hz = c == 0 ? LEFT_HZ : RIGHT_HZ;
          double v = click ? CLICK_LEVEL * sin (2.0 * G_PI * CLICK_HZ * t) : level * sin (2.0 * G_PI * hz * t);

          ressenti_test_append_sample (out, v);
        }
    }
  g_file_set_contents (path, out->str, out->len, &error);
  g_assert_no_error (error);
}

/* Encodes @wav with a GStreamer @encoder description ("opusenc ! oggmux"). */
static void
transcode (const char *wav,
           const char *encoder,
           const char *out)
{
  g_autofree char *description = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! audioconvert "
                                                  "! audioresample ! %s ! filesink location=\"%s\"",
                                                  wav, encoder, out);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* Main loop helpers */

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds; FALSE after @timeout_ms. */
static gboolean
run_until (Condition condition,
           gpointer  data,
           guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, flag_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

/* No test may hang, even when the player blocks the main thread: a test
 * still running after this long is killed with a message. */
#define TEST_TIMEOUT_S 120

static void
test_timeout_handler (int signum)
{
  static const char message[] = "Bail out! the test did not finish in 120 s: the player hung\n";

  if (write (STDOUT_FILENO, message, sizeof message - 1) < 0)
    _exit (3);
  abort ();
}

/* Fixture */

typedef struct
{
  char           *dir;
  char           *stereo;     /* the test signal, WAV */
  RessentiPlayer *player;
  GError         *error;      /* the last ::error */
  guint           n_errors;
  guint           n_eos;
  guint           n_position_notifies;
  gint64          wait_position;
} Fixture;

static void
player_error_cb (RessentiPlayer *player,
                 const GError   *error,
                 Fixture        *fixture)
{
  g_clear_error (&fixture->error);
  fixture->error = g_error_copy (error);
  fixture->n_errors++;
}

static void
player_eos_cb (RessentiPlayer *player,
               Fixture        *fixture)
{
  fixture->n_eos++;
}

static void
position_notify_cb (RessentiPlayer *player,
                    GParamSpec     *pspec,
                    Fixture        *fixture)
{
  fixture->n_position_notifies++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  signal (SIGALRM, test_timeout_handler);
  alarm (TEST_TIMEOUT_S);
  fixture->dir = ressenti_test_mkdtemp ("player");
  fixture->stereo = g_build_filename (fixture->dir, "signal.wav", NULL);
  write_signal (fixture->stereo, 2, SIGNAL_SECONDS);
  fixture->player = ressenti_player_new ();
  g_signal_connect (fixture->player, "error", G_CALLBACK (player_error_cb), fixture);
  g_signal_connect (fixture->player, "end-of-stream", G_CALLBACK (player_eos_cb), fixture);
  g_signal_connect (fixture->player, "notify::position", G_CALLBACK (position_notify_cb), fixture);
  ressenti_test_set_language ("en");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->player);
  g_clear_error (&fixture->error);
  ressenti_test_set_language ("en");
  alarm (0);
  ressenti_test_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->stereo);
}

static gboolean
duration_known (gpointer data)
{
  Fixture *fixture = data;

  return ressenti_player_get_duration (fixture->player) > 0 || fixture->n_errors > 0;
}

static gboolean
position_reached (gpointer data)
{
  Fixture *fixture = data;

  return ressenti_player_get_position (fixture->player) >= fixture->wait_position ||
         fixture->n_errors > 0;
}

static gboolean
got_error (gpointer data)
{
  return ((Fixture *) data)->n_errors > 0;
}

static gboolean
got_eos (gpointer data)
{
  return ((Fixture *) data)->n_eos > 0 || ((Fixture *) data)->n_errors > 0;
}

/* Opens @path and waits until it is ready to play. */
static void
open_ready (Fixture               *fixture,
            const char            *path,
            RessentiChannelLayout  layout)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ressenti_player_open (fixture->player, path, layout, &error));
  g_assert_no_error (error);
  g_assert_true (run_until (duration_known, fixture, 10000));
  g_assert_no_error (fixture->error);
}

/* Plays until the player says it is at @position_ms. */
static void
play_until (Fixture *fixture,
            gint64   position_ms)
{
  fixture->wait_position = position_ms;
  g_assert_true (run_until (position_reached, fixture, 15000));
  g_assert_no_error (fixture->error);
}

/* The capture frame at which the media position @ms was first heard, from
 * the identified clicks (the marks of the recording). */
static gsize
frame_of_media_ms (GArray *clicks,
                   gint64  ms)
{
  for (guint i = 0; i < clicks->len; i++)
    {
      Click *click = &g_array_index (clicks, Click, i);

      if (click->second * 1000 <= ms && ms - click->second * 1000 < 1000)
        return click->frame + s_to_frames ((ms - click->second * 1000) / 1000.0);
    }
  g_error ("no click of second %" G_GINT64_FORMAT " was recorded", ms / 1000);
  return 0;
}

static const Click *
first_click_after (GArray *clicks,
                   gsize   frame)
{
  for (guint i = 0; i < clicks->len; i++)
    if (g_array_index (clicks, Click, i).frame > frame)
      return &g_array_index (clicks, Click, i);
  return NULL;
}

/* Opening */

static void
test_open (Fixture       *fixture,
           gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;

  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  g_assert_cmpint (ressenti_player_get_duration (player), ==, SIGNAL_SECONDS * 1000);
  g_assert_cmpint (ressenti_player_get_position (player), ==, 0);
  g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_STOPPED);
  g_assert_true (ressenti_player_can_focus (player, NULL));
  g_assert_cmpstr (ressenti_player_get_title (player), ==, NULL);

  /* Play, pause, toggle, stop. */
  ressenti_player_play (player);
  g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_PLAYING);
  fixture->n_position_notifies = 0;
  run_for (2000);
  /* About 20 position updates a second. */
  g_test_message ("%u position notifications in 2 s", fixture->n_position_notifies);
  g_assert_cmpuint (fixture->n_position_notifies, >=, 30);
  g_assert_cmpuint (fixture->n_position_notifies, <=, 45);
  g_assert_cmpint (ressenti_player_get_position (player), >, 1700);
  g_assert_cmpint (ressenti_player_get_position (player), <, 2300);

  ressenti_player_toggle (player);
  g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_PAUSED);
  {
    gint64 paused_at = ressenti_player_get_position (player);

    run_for (300);
    g_assert_cmpint (ressenti_player_get_position (player), ==, paused_at);
  }
  ressenti_player_seek (player, 5000);
  /* The target is published at once. */
  g_assert_cmpint (ressenti_player_get_position (player), ==, 5000);
  ressenti_player_seek_relative (player, -1500);
  g_assert_cmpint (ressenti_player_get_position (player), ==, 3500);
  run_for (300);
  g_assert_cmpint (ressenti_player_get_position (player), ==, 3500);

  ressenti_player_stop (player);
  g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_STOPPED);
  g_assert_cmpint (ressenti_player_get_position (player), ==, 0);
  g_assert_cmpuint (fixture->n_errors, ==, 0);

  ressenti_player_close (player);
  g_assert_false (ressenti_player_is_open (player));
  g_assert_cmpint (ressenti_player_get_duration (player), ==, -1);
}

static void
test_end_of_stream (Fixture       *fixture,
                    gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;

  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  ressenti_player_seek (player, SIGNAL_SECONDS * 1000 - 800);
  ressenti_player_play (player);
  g_assert_true (run_until (got_eos, fixture, 5000));
  g_assert_cmpuint (fixture->n_eos, ==, 1);
  g_assert_no_error (fixture->error);
  g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_STOPPED);
  g_assert_cmpint (ressenti_player_get_position (player), ==, SIGNAL_SECONDS * 1000);

  /* Playing again starts from the beginning. */
  ressenti_player_play (player);
  run_for (500);
  g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_PLAYING);
  g_assert_cmpint (ressenti_player_get_position (player), <, 700);

  /* Jumping to the end ends playback at once. */
  fixture->n_eos = 0;
  ressenti_player_seek_to_end (player);
  g_assert_true (run_until (got_eos, fixture, 2000));
  g_assert_cmpuint (fixture->n_eos, ==, 1);
  g_assert_cmpuint (fixture->n_errors, ==, 0);
}

/* Seeking, measured in the recording */

/* Jump while paused, then play: the first audio is the target. The first
 * click heard must come (next second − target) after the first sound. */
static void
check_seek_paused (Fixture    *fixture,
                   const char *path,
                   gint64      target_ms)
{
  g_autoptr(Capture) capture = NULL;
  g_autoptr(GArray) clicks = NULL;
  g_autofree char *described = NULL;
  g_autofree char *name = g_path_get_basename (path);
  const Click *click;
  gsize start, sound;
  double offset, expected;
  int first_level;

  open_ready (fixture, path, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  ressenti_player_seek (fixture->player, target_ms);
  g_assert_cmpint (ressenti_player_get_state (fixture->player), ==, RESSENTI_PLAYER_STATE_PAUSED);
  run_for (300);

  capture = capture_start ();
  start = capture_frames (capture);
  ressenti_player_play (fixture->player);
  play_until (fixture, target_ms + 1300);
  capture_stop (capture);
  g_assert_no_error (fixture->error);

  sound = first_sound (capture, start);
  g_assert_cmpuint (sound, <, n_frames (capture));
  clicks = identify_clicks (capture, sound, n_frames (capture));
  described = describe_clicks (clicks);
  click = first_click_after (clicks, sound);
  g_assert_nonnull (click);
  offset = frames_to_s (click->frame - sound);
  expected = (1000 - target_ms % 1000) / 1000.0;
  first_level = second_of_level (tone_peak (capture, sound + s_to_frames (0.01), s_to_frames (0.02)));
  g_test_message ("%s: seek to %.3f s while paused: first sound at %.3f s (level of second %d), "
                  "first click %.3f s later (expected %.3f), clicks: %s",
                  name, target_ms / 1000.0, frames_to_s (sound), first_level,
                  offset, expected, described);
  g_assert_cmpint (first_level, ==, target_ms / 1000);
  g_assert_cmpint (click->second, ==, target_ms / 1000 + 1);
  g_assert_cmpfloat_with_epsilon (offset, expected, SEEK_TOLERANCE_S);
}

/* A call opened and left paused a while (the listener reads its details)
 * starts at once when played: pulsesink's clock, left running while
 * paused, made the first play wait as long as the pause had lasted. */
static void
test_start_after_wait (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(Capture) capture = NULL;
  gsize start, sound;
  int first_level;

  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  run_for (3000);
  capture = capture_start ();
  start = capture_frames (capture);
  ressenti_player_play (fixture->player);
  run_for (1500);
  capture_stop (capture);
  g_assert_no_error (fixture->error);

  sound = first_sound (capture, start);
  g_assert_cmpuint (sound, <, n_frames (capture));
  first_level = second_of_level (tone_peak (capture, sound + s_to_frames (0.03), s_to_frames (0.02)));
  g_test_message ("after 3 s paused, play() was heard %.3f s later (level of second %d)",
                  frames_to_s (sound - start), first_level);
  g_assert_cmpfloat (frames_to_s (sound - start), <, 0.5);
  g_assert_cmpint (first_level, ==, 0);
}

static void
test_seek_paused (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *opus = g_build_filename (fixture->dir, "signal.opus", NULL);
  g_autofree char *mp3 = g_build_filename (fixture->dir, "signal.mp3", NULL);

  transcode (fixture->stereo, "opusenc bitrate=64000 ! oggmux", opus);
  /* With a LAME Info header (xingmux), as telephony exports and the demo
   * calls have it: without one GStreamer knows no duration at first. */
  transcode (fixture->stereo, "lamemp3enc target=bitrate bitrate=128 cbr=true ! xingmux ! id3v2mux", mp3);

  check_seek_paused (fixture, fixture->stereo, 3300);
  check_seek_paused (fixture, fixture->stereo, 7850);
  check_seek_paused (fixture, opus, 6640);
  check_seek_paused (fixture, opus, 2170);
  check_seek_paused (fixture, mp3, 5420);
}

/* Jump while playing at @speed, from about @asked_ms to @target_ms:
 * nothing of the old position is heard after the jump was asked for — not
 * before the new audio, not in the gap between them — and the new audio
 * is the target. */
static void
check_seek_playing (Fixture *fixture,
                    double   speed,
                    gint64   asked_ms,
                    gint64   target_ms)
{
  RessentiPlayer *player = fixture->player;
  g_autoptr(Capture) capture = NULL;
  g_autoptr(GArray) clicks = NULL;
  g_autofree char *described = NULL;
  gint64 asked_at;
  gsize asked_frame, old_end, new_start, window = s_to_frames (0.005);
  const Click *click, *old_click;
  double stray = 0.0, expected = (1000 - target_ms % 1000) / 1000.0 / speed;
  int old_second;

  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  ressenti_player_set_speed (player, speed);
  capture = capture_start ();
  ressenti_player_play (player);
  play_until (fixture, asked_ms);
  asked_at = ressenti_player_get_position (player);
  ressenti_player_seek (player, target_ms);
  run_for (1500);
  capture_stop (capture);
  g_assert_no_error (fixture->error);

  clicks = identify_clicks (capture, 0, n_frames (capture));
  described = describe_clicks (clicks);
  g_test_message ("%.1f×: clicks heard: %s", speed, described);
  old_second = asked_at / 1000;
  old_click = first_click_after (clicks, 0);
  while (old_click != NULL && old_click->second != old_second)
    old_click = first_click_after (clicks, old_click->frame);
  g_assert_nonnull (old_click);
  asked_frame = old_click->frame + s_to_frames ((asked_at - old_second * 1000) / 1000.0 / speed);

  /* Walk the old audio from its last click to where its level changes,
   * then on to where the target's level starts. */
  old_end = old_click->frame + s_to_frames ((CLICK_MS / speed + 30) / 1000.0);
  while (old_end + window < n_frames (capture) &&
         second_of_level (tone_peak (capture, old_end, window)) == old_second)
    old_end += window;
  new_start = old_end;
  while (new_start + window < n_frames (capture) &&
         second_of_level (tone_peak (capture, new_start, window)) != target_ms / 1000)
    {
      /* Between them only silence: scaletempo keeps a few milliseconds of
       * what it had before a flush and plays them after it. */
      if (new_start > old_end && second_of_level (tone_peak (capture, new_start, window)) >= 0)
        stray += frames_to_s (window);
      new_start += window;
    }
  g_test_message ("%.1f×: jump asked at %.3f s (heard at %.3f s of the recording); old audio ends %.3f s "
                  "after that; then %.3f s without the target's audio, %.3f s of it not silent",
                  speed, asked_at / 1000.0, frames_to_s (asked_frame),
                  frames_to_s ((gssize) old_end - (gssize) asked_frame), frames_to_s (new_start - old_end), stray);
  g_assert_cmpfloat (frames_to_s ((gssize) old_end - (gssize) asked_frame), <=, OLD_AUDIO_MAX_S);
  /* Two 5 ms windows may straddle an edge (the fresh scaletempo fades in
   * over 6 ms); the old blip was 25 ms at 0.7×. */
  g_assert_cmpfloat (stray, <=, 0.0101);
  click = first_click_after (clicks, new_start);
  g_assert_nonnull (click);
  g_test_message ("%.1f×: first click of the new audio %.3f s after its start (expected %.3f)",
                  speed, frames_to_s (click->frame - new_start), expected);
  g_assert_cmpint (click->second, ==, target_ms / 1000 + 1);
  g_assert_cmpfloat_with_epsilon (frames_to_s (click->frame - new_start), expected, SEEK_TOLERANCE_S);
  /* The jump is not a long silence either. */
  g_assert_cmpfloat (frames_to_s (new_start - old_end), <, 0.3);
}

static void
test_seek_playing (Fixture       *fixture,
                   gconstpointer  user_data)
{
  check_seek_playing (fixture, 1.0, 2400, 6350);
  check_seek_playing (fixture, 1.5, 2400, 9350);
  check_seek_playing (fixture, 0.7, 2400, 7650);
}

/* Jumps made quickly one after another while playing (a listener holding
 * Shift+Right): after every one, playback goes on from the landing within
 * a second — once in about 130 jumps it used to stay stuck for good, the
 * player saying PLAYING and the sink waiting on the sound server — and
 * what is played reaches the loudspeaker. */
#define RAPID_SEEKS 200
#define RAPID_MOVE_TIMEOUT_MS 1000

typedef struct
{
  Fixture *fixture;
  gint64   landing;
} Landing;

static gboolean
moved_past_landing (gpointer data)
{
  Landing *landing = data;

  return ressenti_player_get_position (landing->fixture->player) > landing->landing ||
         landing->fixture->n_errors > 0;
}

static void
test_rapid_seeks_while_playing (Fixture       *fixture,
                                gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;
  g_autoptr(Capture) capture = NULL;
  gint64 started_us, longest_wait_us = 0;
  gsize from, end, silent_run = 0, longest_silence = 0, window = s_to_frames (0.010);

  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  capture = capture_start ();
  started_us = g_get_monotonic_time ();
  ressenti_player_play (player);
  play_until (fixture, 1000);

  for (guint i = 0; i < RAPID_SEEKS; i++)
    {
      gint64 position = ressenti_player_get_position (player);
      /* Forward mostly, as with a key held down, and back before the end. */
      gint64 delta = position < 9000 ? g_test_rand_int_range (300, 1500) : -g_test_rand_int_range (4000, 8000);
      Landing landing = { fixture, 0 };
      gint64 asked_us;

      ressenti_player_seek_relative (player, delta);
      landing.landing = ressenti_player_get_position (player);
      asked_us = g_get_monotonic_time ();
      run_for (g_test_rand_int_range (100, 251));
      g_assert_no_error (fixture->error);
      g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_PLAYING);
      if (!moved_past_landing (&landing))
        {
          if (!run_until (moved_past_landing, &landing, RAPID_MOVE_TIMEOUT_MS))
            g_error ("jump %u of %u (to %" G_GINT64_FORMAT " ms): playback did not move in %.1f s "
                     "(position %" G_GINT64_FORMAT " ms, state PLAYING)",
                     i + 1, RAPID_SEEKS, landing.landing,
                     (g_get_monotonic_time () - asked_us) / 1e6, ressenti_player_get_position (player));
          longest_wait_us = MAX (longest_wait_us, g_get_monotonic_time () - asked_us);
        }
      g_assert_no_error (fixture->error);
    }
  /* And it goes on playing after the last one. */
  fixture->wait_position = ressenti_player_get_position (player) + 800;
  g_assert_true (run_until (position_reached, fixture, 3000));
  capture_stop (capture);
  g_assert_no_error (fixture->error);
  g_test_message ("%u jumps; the longest wait for playback to move after one: %.3f s",
                  RAPID_SEEKS, longest_wait_us / 1e6);

  /* Heard: from the first sound, no silence longer than a jump's gap
   * (the signal's tones never fall silent), and sound to the end. */
  from = first_sound (capture, 0);
  g_assert_cmpuint (from, <, n_frames (capture));
  end = n_frames (capture);
  for (gsize f = from; f + window <= end; f += window)
    {
      if (tone_peak (capture, f, window) < TONE_BASE / 2 && !is_click_frame (capture, f))
        silent_run += window;
      else
        silent_run = 0;
      longest_silence = MAX (longest_silence, silent_run);
    }
  g_test_message ("recorded %.1f s (%.1f s of playing); the longest silence %.3f s",
                  frames_to_s (end), (g_get_monotonic_time () - started_us) / 1e6,
                  frames_to_s (longest_silence));
  g_assert_cmpfloat (frames_to_s (longest_silence), <, 0.5);
  g_assert_cmpfloat (tone_peak (capture, end - s_to_frames (0.3), s_to_frames (0.3)), >, TONE_BASE / 2);
}

/* Speed */

/* Plays at @speed from 1.2 s to 6.4 s and checks click spacing and tone
 * pitch. */
static void
check_speed (Fixture *fixture,
             double   speed)
{
  g_autoptr(Capture) capture = NULL;
  g_autoptr(GArray) clicks = NULL;
  g_autofree char *described = NULL;
  const Click *first, *last;
  double spacing, left_hz, right_hz;
  gsize from, length;

  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  capture = capture_start ();
  ressenti_player_play (fixture->player);
  play_until (fixture, 1200);
  /* Changed while playing: it applies where the listener is. */
  ressenti_player_set_speed (fixture->player, speed);
  g_assert_cmpfloat (ressenti_player_get_speed (fixture->player), ==, speed);
  play_until (fixture, 6400);
  capture_stop (capture);
  g_assert_no_error (fixture->error);

  clicks = identify_clicks (capture, 0, n_frames (capture));
  described = describe_clicks (clicks);
  g_test_message ("speed %.2f: clicks %s", speed, described);
  /* The clicks after the change: from second 2 on. */
  first = NULL;
  for (guint i = 0; i < clicks->len; i++)
    if (g_array_index (clicks, Click, i).second >= 2)
      {
        first = &g_array_index (clicks, Click, i);
        break;
      }
  g_assert_nonnull (first);
  last = &g_array_index (clicks, Click, clicks->len - 1);
  g_assert_cmpint (last->second, >, first->second);
  spacing = frames_to_s (last->frame - first->frame) / (last->second - first->second);

  /* The tones between two clicks. */
  from = first->frame + s_to_frames (0.05);
  length = s_to_frames (0.5 / speed);
  left_hz = peak_hz (capture, from, length, 0, LEFT_HZ);
  right_hz = peak_hz (capture, from, length, 1, RIGHT_HZ);
  g_test_message ("speed %.2f: spacing %.4f s (expected %.4f); tones %.1f Hz and %.1f Hz",
                  speed, spacing, 1.0 / speed, left_hz, right_hz);

  /* Every second between them was heard once, in order. */
  for (const Click *c = first; c < last; c++)
    g_assert_cmpint ((c + 1)->second, ==, c->second + 1);
  g_assert_cmpint (last->second - first->second, >=, 3);
  g_assert_cmpfloat (fabs (spacing * speed - 1.0), <=, SPEED_TOLERANCE);
  /* Pitch preserved. */
  g_assert_cmpfloat (fabs (left_hz / LEFT_HZ - 1.0), <=, PITCH_TOLERANCE);
  g_assert_cmpfloat (fabs (right_hz / RIGHT_HZ - 1.0), <=, PITCH_TOLERANCE);
}

static void
test_speed_fast (Fixture       *fixture,
                 gconstpointer  user_data)
{
  check_speed (fixture, 1.5);
}

static void
test_speed_slow (Fixture       *fixture,
                 gconstpointer  user_data)
{
  check_speed (fixture, 0.7);
}

static void
test_speed_steps (Fixture       *fixture,
                  gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;

  g_assert_cmpfloat (ressenti_player_get_speed (player), ==, 1.0);
  for (int i = 0; i < 30; i++)
    ressenti_player_change_speed (player, 1);
  g_assert_cmpfloat (ressenti_player_get_speed (player), ==, 3.0);
  for (int i = 0; i < 5; i++)
    ressenti_player_change_speed (player, -1);
  g_assert_cmpfloat (ressenti_player_get_speed (player), ==, 2.5);
  ressenti_player_set_speed (player, 0.1);
  g_assert_cmpfloat (ressenti_player_get_speed (player), ==, 0.5);
  ressenti_player_change_speed (player, 3);
  g_assert_cmpfloat (ressenti_player_get_speed (player), ==, 0.8);
}

/* Volume */

static void
test_volume (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(Capture) capture = NULL;
  gsize sound;
  double full, half;

  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  ressenti_player_seek (fixture->player, 5100);
  capture = capture_start ();
  ressenti_player_play (fixture->player);
  play_until (fixture, 5600);
  ressenti_player_set_volume (fixture->player, 0.5);
  g_assert_cmpfloat (ressenti_player_get_volume (fixture->player), ==, 0.5);
  play_until (fixture, 7400);
  ressenti_player_set_volume (fixture->player, 7.0);
  g_assert_cmpfloat (ressenti_player_get_volume (fixture->player), ==, 1.0);
  capture_stop (capture);
  g_assert_no_error (fixture->error);

  /* The first sound is second 5.100 of the file. Second 5 is heard
   * before the change, 7.05–7.15 s well after it (clicks at half volume
   * are too low for find_clicks: count from the first sound). */
  sound = first_sound (capture, 0);
  full = tone_peak (capture, sound + s_to_frames (0.05), s_to_frames (0.25));
  half = tone_peak (capture, sound + s_to_frames (1.95), s_to_frames (0.1));
  g_test_message ("tone peak %.4f at volume 1 (second 5), %.4f at volume 0.5 (second 7)", full, half);
  g_assert_cmpfloat_with_epsilon (full, TONE_BASE + 5 * TONE_STEP, 0.005);
  g_assert_cmpfloat_with_epsilon (half / (TONE_BASE + 7 * TONE_STEP), 0.5, 0.02);
}

/* Channel focus */

typedef struct
{
  double left_440, left_1000, right_440, right_1000;
} Tones;

static Tones
measure_tones (Capture *capture,
               gsize    from,
               gsize    length)
{
  Tones t;

  t.left_440 = tone_power (capture, from, length, 0, LEFT_HZ);
  t.left_1000 = tone_power (capture, from, length, 0, RIGHT_HZ);
  t.right_440 = tone_power (capture, from, length, 1, LEFT_HZ);
  t.right_1000 = tone_power (capture, from, length, 1, RIGHT_HZ);
  return t;
}

/* Each output channel holds the expected source tone, 30 dB above the
 * other. @left_hz / @right_hz: what each ear must hear. */
static void
assert_tones (const char *phase,
              Tones       t,
              double      left_hz,
              double      right_hz)
{
  double left_ratio = left_hz == LEFT_HZ ? t.left_440 / t.left_1000 : t.left_1000 / t.left_440;
  double right_ratio = right_hz == LEFT_HZ ? t.right_440 / t.right_1000 : t.right_1000 / t.right_440;

  g_test_message ("%s: left ear %.0f Hz dominates %.1f dB, right ear %.0f Hz dominates %.1f dB",
                  phase, left_hz, 10.0 * log10 (left_ratio), right_hz, 10.0 * log10 (right_ratio));
  g_assert_cmpfloat (left_ratio, >, 1000.0);
  g_assert_cmpfloat (right_ratio, >, 1000.0);
}

/* Where, after @mark, the left ear's dominant tone becomes @hz. */
static double
switch_delay (Capture *capture,
              gsize    mark,
              guint    channel,
              double   hz)
{
  gsize window = s_to_frames (0.01);
  double other = hz == LEFT_HZ ? RIGHT_HZ : LEFT_HZ;

  for (gsize f = mark; f + window < n_frames (capture); f += window / 2)
    if (tone_power (capture, f, window, channel, hz) > 10.0 * tone_power (capture, f, window, channel, other))
      return frames_to_s (f - mark);
  return -1.0;
}

static void
test_focus_switch (Fixture       *fixture,
                   gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;
  g_autoptr(Capture) capture = NULL;
  g_autoptr(GError) error = NULL;
  gsize mark_customer, mark_agent, mark_both, end;
  gsize settle = s_to_frames (0.35), span = s_to_frames (0.6);
  double delay;

  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  capture = capture_start ();
  ressenti_player_play (player);
  play_until (fixture, 1000);

  /* Switched while playing. */
  mark_customer = capture_frames (capture);
  g_assert_true (ressenti_player_set_channel_focus (player, RESSENTI_CHANNEL_FOCUS_CUSTOMER, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ressenti_player_get_channel_focus (player), ==, RESSENTI_CHANNEL_FOCUS_CUSTOMER);
  run_for (1200);
  mark_agent = capture_frames (capture);
  g_assert_true (ressenti_player_set_channel_focus (player, RESSENTI_CHANNEL_FOCUS_AGENT, &error));
  run_for (1200);
  mark_both = capture_frames (capture);
  g_assert_true (ressenti_player_set_channel_focus (player, RESSENTI_CHANNEL_FOCUS_BOTH, &error));
  run_for (1200);
  end = capture_frames (capture);
  capture_stop (capture);
  g_assert_no_error (fixture->error);
  g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_PLAYING);

  assert_tones ("both, before", measure_tones (capture, mark_customer - span, span), LEFT_HZ, RIGHT_HZ);
  assert_tones ("customer", measure_tones (capture, mark_customer + settle, span), RIGHT_HZ, RIGHT_HZ);
  assert_tones ("agent", measure_tones (capture, mark_agent + settle, span), LEFT_HZ, LEFT_HZ);
  assert_tones ("both, after", measure_tones (capture, mark_both + settle, MIN (span, end - mark_both - settle)),
                LEFT_HZ, RIGHT_HZ);

  /* The kept side is the same in both ears. */
  {
    double diff = 0.0, energy = 0.0;

    for (gsize f = mark_customer + settle; f < mark_customer + settle + span; f++)
      {
        diff += pow (sample (capture, f, 0) - sample (capture, f, 1), 2);
        energy += pow (sample (capture, f, 1), 2);
      }
    g_test_message ("customer mode: left − right is %.1f dB below the signal",
                    diff > 0.0 ? 10.0 * log10 (energy / diff) : INFINITY);
    g_assert_cmpfloat (diff, <, energy / 1000.0);
  }

  delay = switch_delay (capture, mark_customer, 0, RIGHT_HZ);
  g_test_message ("the left ear switched to the customer %.3f s after the request", delay);
  g_assert_cmpfloat (delay, >=, 0.0);
  g_assert_cmpfloat (delay, <, 0.35);
}

static void
test_focus_unavailable (Fixture       *fixture,
                        gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;
  g_autofree char *mono = g_build_filename (fixture->dir, "mono.wav", NULL);
  g_autoptr(GError) error = NULL;

  write_signal (mono, 1, 3);

  open_ready (fixture, mono, RESSENTI_CHANNEL_LAYOUT_MONO);
  g_assert_false (ressenti_player_can_focus (player, &error));
  g_assert_error (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_FOCUS_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "This call is mono: both sides are on one channel.");
  g_clear_error (&error);
  g_assert_false (ressenti_player_set_channel_focus (player, RESSENTI_CHANNEL_FOCUS_CUSTOMER, &error));
  g_assert_cmpstr (error->message, ==, "This call is mono: both sides are on one channel.");
  g_clear_error (&error);
  g_assert_cmpint (ressenti_player_get_channel_focus (player), ==, RESSENTI_CHANNEL_FOCUS_BOTH);
  /* BOTH is always allowed. */
  g_assert_true (ressenti_player_set_channel_focus (player, RESSENTI_CHANNEL_FOCUS_BOTH, &error));

  /* A mono file the caller believed stereo: the file decides. */
  open_ready (fixture, mono, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  g_assert_false (ressenti_player_set_channel_focus (player, RESSENTI_CHANNEL_FOCUS_AGENT, &error));
  g_assert_cmpstr (error->message, ==, "This call is mono: both sides are on one channel.");
  g_clear_error (&error);

  /* Stereo, but nobody said which side is which. */
  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_UNKNOWN);
  g_assert_false (ressenti_player_set_channel_focus (player, RESSENTI_CHANNEL_FOCUS_CUSTOMER, &error));
  g_assert_error (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_FOCUS_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==,
                   "Which side of this call is the customer is not known. Set the channel layout of the call first.");
  g_clear_error (&error);

  /* And in French, the users' language. */
  ressenti_test_set_language ("fr");
  open_ready (fixture, mono, RESSENTI_CHANNEL_LAYOUT_MONO);
  g_assert_false (ressenti_player_can_focus (player, &error));
  g_assert_cmpstr (error->message, ==, "Cet appel est en mono : les deux interlocuteurs sont sur un seul canal.");
}

/* The demo call: the agent is on the left. */
typedef struct
{
  double start_s, end_s;
} Span;

/* The longest turn of @speaker that overlaps no turn of the other side,
 * from the ground truth in demo-1.json. */
static Span
solo_turn (const char *json,
           const char *speaker)
{
  g_autoptr(GRegex) regex = g_regex_new ("\"speaker\":\\s*\"(agent|customer)\",\\s*\"channel\":\\s*\"\\w+\","
                                         "\\s*\"start_s\":\\s*([0-9.]+),\\s*\"end_s\":\\s*([0-9.]+)",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GArray) turns = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GArray) is_speaker = g_array_new (FALSE, FALSE, sizeof (gboolean));
  Span best = { 0, 0 };

  g_regex_match (regex, json, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *who = g_match_info_fetch (match, 1);
      g_autofree char *start = g_match_info_fetch (match, 2);
      g_autofree char *end = g_match_info_fetch (match, 3);
      Span turn = { g_ascii_strtod (start, NULL), g_ascii_strtod (end, NULL) };
      gboolean mine = g_str_equal (who, speaker);

      g_array_append_val (turns, turn);
      g_array_append_val (is_speaker, mine);
      g_match_info_next (match, NULL);
    }
  g_assert_cmpuint (turns->len, >=, 10);

  for (guint i = 0; i < turns->len; i++)
    {
      Span turn = g_array_index (turns, Span, i);
      gboolean overlapped = FALSE;

      if (!g_array_index (is_speaker, gboolean, i))
        continue;
      for (guint j = 0; j < turns->len; j++)
        {
          Span other = g_array_index (turns, Span, j);

          if (!g_array_index (is_speaker, gboolean, j) && other.start_s < turn.end_s + 0.3 && other.end_s > turn.start_s - 0.3)
            overlapped = TRUE;
        }
      if (!overlapped && turn.end_s - turn.start_s > best.end_s - best.start_s)
        best = turn;
    }
  g_assert_cmpfloat (best.end_s - best.start_s, >, 2.5);
  return best;
}

static double
rms (Capture *capture,
     gsize    from,
     gsize    length,
     guint    channel)
{
  double sum = 0.0;

  for (gsize f = from; f < from + length; f++)
    sum += pow (sample (capture, f, channel), 2);
  return sqrt (sum / length);
}

/* Plays 1.6 s of @turn with @focus; returns the RMS of each ear. */
static void
listen_to_turn (Fixture              *fixture,
                Span                  turn,
                RessentiChannelFocus  focus,
                double                ears[2])
{
  g_autoptr(Capture) capture = NULL;
  gsize sound;

  g_assert_true (ressenti_player_set_channel_focus (fixture->player, focus, NULL));
  ressenti_player_seek (fixture->player, (gint64) (turn.start_s * 1000) + 200);
  run_for (300);
  capture = capture_start ();
  ressenti_player_play (fixture->player);
  /* What is measured here is which ear hears what, not how soon: on
   * Debian 13, under the parallel suite, the first sound once came 1.5 s
   * after play() (logged below; the start latency itself is the subject of
   * /player/start-after-wait and the benchmark). Leave room for it. */
  run_for (4500);
  ressenti_player_pause (fixture->player);
  capture_stop (capture);
  g_assert_no_error (fixture->error);

  sound = first_sound (capture, 0);
  g_test_message ("first sound %.3f s into the capture", frames_to_s (sound));
  g_assert_cmpuint (sound + s_to_frames (1.6), <, n_frames (capture));
  ears[0] = rms (capture, sound, s_to_frames (1.6), 0);
  ears[1] = rms (capture, sound, s_to_frames (1.6), 1);
}

/* @speaking: the ear (0 left) of the side that speaks in BOTH. Each focus
 * must put its side (agent left) in both ears, at the level that side has
 * in BOTH. */
static void
assert_focus_heard (const double both[2],
                    const double agent[2],
                    const double customer[2],
                    guint        speaking)
{
  g_assert_cmpfloat (both[speaking], >, 3.0 * both[1 - speaking]);
  for (guint ear = 0; ear < 2; ear++)
    {
      g_assert_cmpfloat_with_epsilon (agent[ear] / both[0], 1.0, 0.15);
      g_assert_cmpfloat_with_epsilon (customer[ear] / both[1], 1.0, 0.15);
    }
}

static void
test_focus_demo_call (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *wav = ressenti_test_demo_file ("demo-1.wav");
  g_autofree char *json_path = ressenti_test_demo_file ("demo-1.json");
  g_autofree char *json = NULL;
  Span agent_turn, customer_turn;
  double both[2], customer[2], agent[2];

  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "\"layout\": \"agent-left\""));
  agent_turn = solo_turn (json, "agent");
  customer_turn = solo_turn (json, "customer");
  open_ready (fixture, wav, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);

  /* While only the agent speaks, the left ear is the loud one in BOTH;
   * AGENT puts that side in both ears, CUSTOMER the other (the customer's
   * crosstalk and noise, 14 dB lower). The same the other way round. */
  listen_to_turn (fixture, agent_turn, RESSENTI_CHANNEL_FOCUS_BOTH, both);
  listen_to_turn (fixture, agent_turn, RESSENTI_CHANNEL_FOCUS_AGENT, agent);
  listen_to_turn (fixture, agent_turn, RESSENTI_CHANNEL_FOCUS_CUSTOMER, customer);
  g_test_message ("agent turn %.2f–%.2f s, RMS left/right: both %.4f/%.4f, agent %.4f/%.4f, customer %.4f/%.4f",
                  agent_turn.start_s, agent_turn.end_s, both[0], both[1], agent[0], agent[1], customer[0], customer[1]);
  assert_focus_heard (both, agent, customer, 0);

  listen_to_turn (fixture, customer_turn, RESSENTI_CHANNEL_FOCUS_BOTH, both);
  listen_to_turn (fixture, customer_turn, RESSENTI_CHANNEL_FOCUS_AGENT, agent);
  listen_to_turn (fixture, customer_turn, RESSENTI_CHANNEL_FOCUS_CUSTOMER, customer);
  g_test_message ("customer turn %.2f–%.2f s, RMS left/right: both %.4f/%.4f, agent %.4f/%.4f, customer %.4f/%.4f",
                  customer_turn.start_s, customer_turn.end_s, both[0], both[1], agent[0], agent[1], customer[0], customer[1]);
  assert_focus_heard (both, agent, customer, 1);
}

/* Replay and loop */

static void
test_replay (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(Capture) capture = NULL;
  g_autoptr(GArray) clicks = NULL;
  g_autofree char *described = NULL;
  gint64 asked_at, target;
  gsize asked_frame;
  const Click *click;
  int expected[] = { 2, 3, 4 };

  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  capture = capture_start ();
  ressenti_player_play (fixture->player);
  play_until (fixture, 3600);
  asked_at = ressenti_player_get_position (fixture->player);
  ressenti_player_replay (fixture->player, 2);
  target = asked_at - 2000;
  play_until (fixture, 4400);
  capture_stop (capture);
  g_assert_no_error (fixture->error);

  clicks = identify_clicks (capture, 0, n_frames (capture));
  described = describe_clicks (clicks);
  asked_frame = frame_of_media_ms (clicks, asked_at);
  g_test_message ("replay 2 s asked at %.3f s: clicks %s", asked_at / 1000.0, described);

  /* After the request: the seconds from the target on, in order; the
   * first one (target rounded up) at the right distance from the request. */
  click = first_click_after (clicks, asked_frame);
  g_assert_nonnull (click);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_true (click + i < &g_array_index (clicks, Click, clicks->len));
      g_assert_cmpint (click[i].second, ==, expected[i]);
    }
  g_assert_cmpfloat_with_epsilon (frames_to_s (click->frame - asked_frame),
                                  (2000 - target) / 1000.0, 0.09);
}

/* Each pass of a loop around seconds 2 and 3 must sound the same: their
 * clicks alternate, 1 s apart, and from 3 back to 2 takes what the loop
 * holds besides that second — no gap at the joint. */
static void
assert_loop_heard (GArray *clicks,
                   guint   first,
                   guint   n_passes,
                   double  loop_s)
{
  for (guint i = first; i < first + 2 * n_passes; i++)
    {
      Click *click;

      g_assert_cmpuint (i, <, clicks->len);
      click = &g_array_index (clicks, Click, i);
      g_assert_cmpint (click->second, ==, (i - first) % 2 == 0 ? 2 : 3);
      if (i > first)
        g_assert_cmpfloat_with_epsilon (frames_to_s (click->frame - (click - 1)->frame),
                                        click->second == 3 ? 1.0 : loop_s - 1.0, LOOP_TOLERANCE_S);
    }
}

static guint
index_of_second (GArray *clicks,
                 int     second,
                 guint   from)
{
  for (guint i = from; i < clicks->len; i++)
    if (g_array_index (clicks, Click, i).second == second)
      return i;
  g_error ("second %d not heard", second);
  return 0;
}

static void
test_loop (Fixture       *fixture,
           gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;
  g_autoptr(Capture) capture = NULL;
  g_autoptr(GArray) clicks = NULL;
  g_autofree char *described = NULL;
  g_autoptr(GError) error = NULL;
  gint64 position;
  guint first;

  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  g_assert_true (ressenti_player_set_loop (player, 1500, 3500, &error));
  g_assert_true (ressenti_player_get_looping (player));
  g_assert_cmpint (ressenti_player_get_position (player), ==, 1500);
  capture = capture_start ();
  ressenti_player_play (player);
  run_for (7500);
  position = ressenti_player_get_position (player);
  capture_stop (capture);
  g_assert_no_error (fixture->error);

  clicks = identify_clicks (capture, 0, n_frames (capture));
  described = describe_clicks (clicks);
  g_test_message ("loop 1.5–3.5 s: clicks %s; position at the end %" G_GINT64_FORMAT " ms", described, position);
  g_assert_cmpint (position, >=, 1500);
  g_assert_cmpint (position, <=, 3500);
  first = index_of_second (clicks, 2, 0);
  /* Three passes: 2 3 2 3 2 3, one click a second (loop end to start is
   * seamless). */
  assert_loop_heard (clicks, first, 3, 2.0);
}

/* The loop keeps the speed: at 1.5× seconds 2 and 3 alternate, every click
 * 1/1.5 s after the previous one, across the joint too. */
static void
test_loop_fast (Fixture       *fixture,
                gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;
  g_autoptr(Capture) capture = NULL;
  g_autoptr(GArray) clicks = NULL;
  g_autofree char *described = NULL;
  guint first;

  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  ressenti_player_set_speed (player, 1.5);
  g_assert_true (ressenti_player_set_loop (player, 1500, 3500, NULL));
  capture = capture_start ();
  ressenti_player_play (player);
  run_for (6000);
  capture_stop (capture);
  g_assert_no_error (fixture->error);

  clicks = identify_clicks (capture, 0, n_frames (capture));
  described = describe_clicks (clicks);
  g_test_message ("loop 1.5–3.5 s at 1.5×: clicks %s", described);
  first = index_of_second (clicks, 2, 0);
  g_assert_cmpuint (clicks->len, >=, first + 6);
  for (guint i = first; i < first + 6; i++)
    {
      Click *click = &g_array_index (clicks, Click, i);

      g_assert_cmpint (click->second, ==, (i - first) % 2 == 0 ? 2 : 3);
      /* scaletempo moves a click by up to one 30 ms stride. */
      if (i > first)
        g_assert_cmpfloat_with_epsilon (frames_to_s (click->frame - (click - 1)->frame), 1.0 / 1.5, 0.035);
    }
}

static void
test_loop_marks (Fixture       *fixture,
                 gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;
  g_autoptr(Capture) capture = NULL;
  g_autoptr(GArray) clicks = NULL;
  g_autofree char *described = NULL;
  g_autoptr(GError) error = NULL;
  double loop_s;
  guint first, after;

  open_ready (fixture, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  /* B before A is refused. */
  g_assert_false (ressenti_player_set_loop_end (player, &error));
  g_assert_error (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_LOOP);
  g_clear_error (&error);

  capture = capture_start ();
  ressenti_player_play (player);
  play_until (fixture, 1500);
  g_assert_true (ressenti_player_set_loop_start (player, &error));
  g_assert_cmpint (ressenti_player_get_loop_start (player), >=, 1500);
  play_until (fixture, 3500);
  g_assert_true (ressenti_player_set_loop_end (player, &error));
  g_assert_no_error (error);
  g_assert_true (ressenti_player_get_looping (player));
  g_test_message ("loop marked from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " ms",
                  ressenti_player_get_loop_start (player), ressenti_player_get_loop_end (player));
  loop_s = (ressenti_player_get_loop_end (player) - ressenti_player_get_loop_start (player)) / 1000.0;
  run_for (4300);
  /* Clearing the loop lets playback run on past B without a jump. */
  ressenti_player_clear_loop (player);
  g_assert_false (ressenti_player_get_looping (player));
  g_assert_cmpint (ressenti_player_get_loop_start (player), ==, -1);
  run_for (3500);
  capture_stop (capture);
  g_assert_no_error (fixture->error);

  clicks = identify_clicks (capture, 0, n_frames (capture));
  described = describe_clicks (clicks);
  g_test_message ("loop marked while playing, then cleared: clicks %s", described);
  /* 0 1 2 3 | 2 3 | 2 3 ... then on: 4 5 after the last 3. */
  first = index_of_second (clicks, 3, 0) + 1;
  assert_loop_heard (clicks, first, 2, loop_s);
  after = index_of_second (clicks, 4, first);
  g_assert_cmpint (g_array_index (clicks, Click, after - 1).second, ==, 3);
  g_assert_cmpint (g_array_index (clicks, Click, after + 1).second, ==, 5);
  g_assert_cmpfloat_with_epsilon (frames_to_s (g_array_index (clicks, Click, after).frame -
                                               g_array_index (clicks, Click, after - 1).frame),
                                  1.0, LOOP_TOLERANCE_S);
}

/* Bad files, no output */

static void
test_vanished (Fixture       *fixture,
               gconstpointer  user_data)
{
  RessentiPlayer *player = fixture->player;
  g_autofree char *copy = g_build_filename (fixture->dir, "call-to-purge.wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (fixture->stereo, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));

  /* Removed after opening, before playing. */
  ressenti_player_set_title (player, "Call of 12 March");
  open_ready (fixture, copy, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  g_assert_cmpint (g_unlink (copy), ==, 0);
  ressenti_player_play (player);
  g_assert_true (run_until (got_error, fixture, 5000));
  g_assert_error (fixture->error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_VANISHED);
  g_assert_cmpstr (fixture->error->message, ==, "The recording “Call of 12 March” is no longer in the library folder.");
  g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_STOPPED);
  g_assert_false (ressenti_player_is_open (player));
  g_assert_cmpuint (fixture->n_errors, ==, 1);

  /* Removed while playing: it stops within a moment. */
  ressenti_player_set_title (player, NULL);
  g_clear_error (&fixture->error);
  fixture->n_errors = 0;
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  open_ready (fixture, copy, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  ressenti_player_play (fixture->player);
  run_for (500);
  g_assert_cmpint (g_unlink (copy), ==, 0);
  g_assert_true (run_until (got_error, fixture, 3000));
  g_assert_cmpstr (fixture->error->message, ==, "The recording “call-to-purge.wav” is no longer in the library folder.");
  g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_STOPPED);
  /* The player is quiet afterwards: play does nothing, no second error. */
  ressenti_player_play (player);
  run_for (300);
  g_assert_cmpuint (fixture->n_errors, ==, 1);
  g_assert_cmpint (ressenti_player_get_state (player), ==, RESSENTI_PLAYER_STATE_STOPPED);

  /* Not there at all when opening. */
  g_assert_false (ressenti_player_open (player, copy, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, &error));
  g_assert_error (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_VANISHED);
  g_assert_cmpstr (error->message, ==, "The recording “call-to-purge.wav” is no longer in the library folder.");
  g_clear_error (&error);

  ressenti_test_set_language ("fr");
  g_assert_false (ressenti_player_open (player, copy, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, &error));
  g_assert_cmpstr (error->message, ==,
                   "L’enregistrement « call-to-purge.wav » n’est plus dans le dossier de la bibliothèque.");
}

static void
check_corrupt (Fixture    *fixture,
               const char *name,
               const char *contents,
               gsize       length)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("The recording “%s” cannot be played: the file is damaged "
                                               "or is not audio Ressenti can read.", name);
  gint64 start = g_get_monotonic_time ();

  g_clear_error (&fixture->error);
  fixture->n_errors = 0;
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  g_assert_true (ressenti_player_open (fixture->player, path, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, &error));
  g_assert_no_error (error);
  ressenti_player_play (fixture->player);
  g_assert_true (run_until (got_error, fixture, 12000));
  g_test_message ("%s: “%s” after %.2f s", name, fixture->error->message,
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_error (fixture->error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_UNDECODABLE);
  g_assert_cmpstr (fixture->error->message, ==, expected);
  g_assert_cmpint (ressenti_player_get_state (fixture->player), ==, RESSENTI_PLAYER_STATE_STOPPED);
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *noise = g_malloc (200000);
  g_autofree char *opus = g_build_filename (fixture->dir, "signal.opus", NULL);
  g_autofree char *damaged = NULL;
  gsize length;

  for (gsize i = 0; i < 200000; i++)
    noise[i] = g_rand_int (rand) & 0xff;
  check_corrupt (fixture, "noise.wav", noise, 200000);

  /* A WAV header that promises PCM and holds none. */
  check_corrupt (fixture, "header-only.wav", "RIFF\x24\0\0\0WAVEfmt \x10\0\0\0", 20);

  /* An Ogg Opus file whose header pages are damaged. */
  transcode (fixture->stereo, "opusenc ! oggmux", opus);
  g_assert_true (g_file_get_contents (opus, &damaged, &length, NULL));
  for (gsize i = 40; i < 400 && i < length; i++)
    damaged[i] = noise[i];
  check_corrupt (fixture, "damaged.opus", damaged, length);
}

/* A stream that never starts (here a sink fed nothing: "valve drop=true"
 * lets no buffer through, so the pipeline never finishes prerolling, as
 * GStreamer 1.22 sometimes does with a damaged Ogg file after another
 * failure): the player gives up with an error instead of waiting forever. */
static void
test_stall (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double waited;

  g_setenv ("RESSENTI_AUDIO_SINK", "valve drop=true ! fakesink", TRUE);
  g_assert_true (ressenti_player_open (fixture->player, fixture->stereo, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, &error));
  g_assert_no_error (error);
  /* The first play builds the pipeline again (see start_cold in the
   * player): the sink stays the stalling one until then. */
  ressenti_player_play (fixture->player);
  g_unsetenv ("RESSENTI_AUDIO_SINK");
  g_assert_true (run_until (got_error, fixture, 15000));
  waited = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("“%s” after %.2f s", fixture->error->message, waited);
  g_assert_error (fixture->error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_UNDECODABLE);
  g_assert_cmpfloat (waited, >=, 4.5);
  g_assert_cmpfloat (waited, <, 8.0);
  g_assert_cmpint (ressenti_player_get_state (fixture->player), ==, RESSENTI_PLAYER_STATE_STOPPED);
}

/* With the sound server out of reach. In a subprocess, because PulseAudio
 * clients keep their connection for the life of the process. */
static void
test_no_output (Fixture       *fixture,
                gconstpointer  user_data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      const char *mode = g_getenv ("RESSENTI_TEST_NO_OUTPUT");

      if (g_strcmp0 (mode, "pulsesink") == 0)
        g_setenv ("RESSENTI_AUDIO_SINK", "pulsesink server=unix:/nonexistent/pulse", TRUE);
      else
        g_setenv ("PULSE_SERVER", "unix:/nonexistent/pulse", TRUE);
      g_assert_false (ressenti_player_open (fixture->player, fixture->stereo,
                                            RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, &error));
      g_assert_error (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_NO_OUTPUT);
      g_assert_cmpstr (error->message, ==,
                       "No audio output is available. Check that a sound device is connected and "
                       "that the sound server (PulseAudio or PipeWire) is running.");
      g_assert_false (ressenti_player_is_open (fixture->player));
      return;
    }

  /* autoaudiosink finds no usable sink and would fall back to silence. */
  g_setenv ("RESSENTI_TEST_NO_OUTPUT", "autoaudiosink", TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  /* A named sink that cannot connect. */
  g_setenv ("RESSENTI_TEST_NO_OUTPUT", "pulsesink", TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("RESSENTI_TEST_NO_OUTPUT");
}

/* Signals on the creator's context */

typedef struct
{
  char         *path;
  GThread      *caller;
  gboolean      wrong_thread;
  guint         n_notifies;
  guint         n_eos;
  GMainContext *context;
} ThreadData;

static void
thread_notify_cb (GObject    *object,
                  GParamSpec *pspec,
                  ThreadData *data)
{
  data->n_notifies++;
  if (g_thread_self () != data->caller || g_main_context_get_thread_default () != data->context)
    data->wrong_thread = TRUE;
}

static void
thread_eos_cb (RessentiPlayer *player,
               ThreadData     *data)
{
  data->n_eos++;
  if (g_thread_self () != data->caller)
    data->wrong_thread = TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gpointer
player_thread (gpointer user_data)
{
  ThreadData *data = user_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(RessentiPlayer) player = NULL;
  g_autoptr(GError) error = NULL;
  GSource *tick;
  gint64 deadline;

  g_main_context_push_thread_default (context);
  data->caller = g_thread_self ();
  data->context = context;
  /* Wakes the loop below even if the player sends nothing here. */
  tick = g_timeout_source_new (100);
  g_source_set_callback (tick, tick_cb, NULL, NULL);
  g_source_attach (tick, context);
  player = ressenti_player_new ();
  g_signal_connect (player, "notify", G_CALLBACK (thread_notify_cb), data);
  g_signal_connect (player, "end-of-stream", G_CALLBACK (thread_eos_cb), data);
  g_assert_true (ressenti_player_open (player, data->path, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, &error));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ressenti_player_get_duration (player) < 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);
  ressenti_player_seek (player, ressenti_player_get_duration (player) - 500);
  ressenti_player_play (player);
  while (data->n_eos == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);
  g_clear_object (&player);
  g_source_destroy (tick);
  g_source_unref (tick);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_thread_context (Fixture       *fixture,
                     gconstpointer  user_data)
{
  ThreadData data = { fixture->stereo, NULL, FALSE, 0, 0, NULL };
  GThread *thread = g_thread_new ("player", player_thread, &data);

  /* The default main context is not iterated meanwhile: anything the
   * player sent there would never arrive. */
  g_thread_join (thread);
  g_assert_cmpuint (data.n_eos, ==, 1);
  g_assert_cmpuint (data.n_notifies, >, 5);
  g_assert_false (data.wrong_thread);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ressenti_test_init_i18n ();
  ressenti_media_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/player/open", test_open);
  ADD ("/player/end-of-stream", test_end_of_stream);
  ADD ("/player/start-after-wait", test_start_after_wait);
  ADD ("/player/seek/paused", test_seek_paused);
  ADD ("/player/seek/playing", test_seek_playing);
  ADD ("/player/seek/rapid-while-playing", test_rapid_seeks_while_playing);
  ADD ("/player/speed/fast", test_speed_fast);
  ADD ("/player/speed/slow", test_speed_slow);
  ADD ("/player/speed/steps", test_speed_steps);
  ADD ("/player/volume", test_volume);
  ADD ("/player/focus/switch", test_focus_switch);
  ADD ("/player/focus/unavailable", test_focus_unavailable);
  ADD ("/player/focus/demo-call", test_focus_demo_call);
  ADD ("/player/replay", test_replay);
  ADD ("/player/loop", test_loop);
  ADD ("/player/loop/marks", test_loop_marks);
  ADD ("/player/loop/fast", test_loop_fast);
  ADD ("/player/error/vanished", test_vanished);
  ADD ("/player/error/corrupt", test_corrupt);
  ADD ("/player/error/stall", test_stall);
  ADD ("/player/error/no-output", test_no_output);
  ADD ("/player/thread-context", test_thread_context);

#undef ADD

  return g_test_run ();
}
