/* ressenti-test-audio.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <gst/gst.h>

#include "ressenti-test-audio.h"

#define RATE RESSENTI_TEST_AUDIO_RATE

typedef struct
{
  gsize        frame;   /* the buffer's first frame */
  GstClockTime pts;
} Mark;

struct _RessentiTestCapture
{
  GstElement  *pipeline;
  GstClockTime base_time;
  GMutex       lock;
  GArray      *samples;   /* float, mono */
  GArray      *marks;     /* Mark, one per buffer */
};

static void
handoff_cb (GstElement          *fakesink,
            GstBuffer           *buffer,
            GstPad              *pad,
            RessentiTestCapture *capture)
{
  GstMapInfo map;
  Mark mark;

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return;
  g_mutex_lock (&capture->lock);
  mark.frame = capture->samples->len;
  mark.pts = GST_BUFFER_PTS (buffer);
  if (GST_CLOCK_TIME_IS_VALID (mark.pts))
    g_array_append_val (capture->marks, mark);
  g_array_append_vals (capture->samples, map.data, map.size / sizeof (float));
  g_mutex_unlock (&capture->lock);
  gst_buffer_unmap (buffer, &map);
}

static gsize
recorded_frames (RessentiTestCapture *capture)
{
  gsize n;

  g_mutex_lock (&capture->lock);
  n = capture->samples->len;
  g_mutex_unlock (&capture->lock);
  return n;
}

RessentiTestCapture *
ressenti_test_capture_start (void)
{
  const char *sink = g_getenv ("AUDIO_SESSION_SINK");
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstClock) clock = NULL;
  RessentiTestCapture *capture = g_new0 (RessentiTestCapture, 1);
  GstElement *fakesink;
  gint64 start;

  if (sink == NULL)
    g_error ("AUDIO_SESSION_SINK is not set: run this test under tests/audio-session");
  description = g_strdup_printf ("pulsesrc device=%s.monitor "
                                 "! audio/x-raw,format=F32LE,layout=interleaved,rate=%d,channels=1 "
                                 "! fakesink name=out signal-handoffs=true sync=false",
                                 sink, RATE);
  capture->pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  /* GStreamer's system clock is CLOCK_MONOTONIC (its default type), as
   * g_get_monotonic_time(). */
  clock = gst_system_clock_obtain ();
  gst_pipeline_use_clock (GST_PIPELINE (capture->pipeline), clock);
  g_mutex_init (&capture->lock);
  capture->samples = g_array_new (FALSE, FALSE, sizeof (float));
  capture->marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  fakesink = gst_bin_get_by_name (GST_BIN (capture->pipeline), "out");
  g_signal_connect (fakesink, "handoff", G_CALLBACK (handoff_cb), capture);
  gst_object_unref (fakesink);
  g_assert_cmpint (gst_element_set_state (capture->pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);

  /* Wait until samples flow, and keep a little silence before the test. */
  start = g_get_monotonic_time ();
  while (recorded_frames (capture) < RATE / 5)
    {
      ressenti_test_run_for (20);
      if (g_get_monotonic_time () - start > 5 * G_USEC_PER_SEC)
        g_error ("nothing recorded from %s.monitor in 5 s", sink);
    }
  capture->base_time = gst_element_get_base_time (capture->pipeline);
  return capture;
}

void
ressenti_test_capture_stop (RessentiTestCapture *capture)
{
  static guint n_saved = 0;
  const char *dir = g_getenv ("RESSENTI_TEST_CAPTURE_DIR");

  if (capture->pipeline == NULL)
    return;
  gst_element_set_state (capture->pipeline, GST_STATE_NULL);
  g_clear_object (&capture->pipeline);
  /* For a closer look: raw F32LE mono at RATE, e.g. with
   * `sox -t raw -r 48000 -e float -b 32 -c 1 capture-00.raw out.wav`. */
  if (dir != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s/capture-%02u.raw", dir, n_saved++);

      g_file_set_contents (path, (const char *) capture->samples->data,
                           capture->samples->len * sizeof (float), NULL);
    }
}

void
ressenti_test_capture_free (RessentiTestCapture *capture)
{
  if (capture == NULL)
    return;
  ressenti_test_capture_stop (capture);
  g_array_unref (capture->samples);
  g_array_unref (capture->marks);
  g_mutex_clear (&capture->lock);
  g_free (capture);
}

const float *
ressenti_test_capture_samples (RessentiTestCapture *capture,
                               gsize               *n_frames)
{
  g_assert_null (capture->pipeline);
  if (n_frames != NULL)
    *n_frames = capture->samples->len;
  return (const float *) capture->samples->data;
}

gint64
ressenti_test_capture_time_of (RessentiTestCapture *capture,
                               gsize                frame)
{
  const Mark *mark = NULL;

  g_assert_cmpuint (capture->marks->len, >, 0);
  /* The last buffer that starts at or before @frame. */
  for (guint i = 0; i < capture->marks->len; i++)
    {
      const Mark *m = &g_array_index (capture->marks, Mark, i);

      if (m->frame > frame && mark != NULL)
        break;
      mark = m;
    }
  return (gint64) ((capture->base_time + mark->pts) / 1000) +
         ((gint64) frame - (gint64) mark->frame) * G_USEC_PER_SEC / RATE;
}

gsize
ressenti_test_capture_frame_at (RessentiTestCapture *capture,
                                gint64               time_us)
{
  const Mark *mark = NULL;
  gint64 offset;

  g_assert_cmpuint (capture->marks->len, >, 0);
  for (guint i = 0; i < capture->marks->len; i++)
    {
      const Mark *m = &g_array_index (capture->marks, Mark, i);

      if ((gint64) ((capture->base_time + m->pts) / 1000) > time_us && mark != NULL)
        break;
      mark = m;
    }
  offset = (time_us - (gint64) ((capture->base_time + mark->pts) / 1000)) * RATE / G_USEC_PER_SEC;
  return (gsize) CLAMP ((gint64) mark->frame + offset, 0, (gint64) capture->samples->len);
}

gsize
ressenti_test_capture_find_sound (RessentiTestCapture *capture,
                                  gsize                from,
                                  gsize                to,
                                  double               threshold)
{
  const float *samples = (const float *) capture->samples->data;

  to = MIN (to, capture->samples->len);
  for (gsize f = from; f < to; f++)
    if (fabs (samples[f]) > threshold)
      return f;
  return to;
}

gsize
ressenti_test_capture_sound_end (RessentiTestCapture *capture,
                                 gsize                from,
                                 gsize                to,
                                 double               threshold)
{
  const float *samples = (const float *) capture->samples->data;

  to = MIN (to, capture->samples->len);
  for (gsize f = to; f > from; f--)
    if (fabs (samples[f - 1]) > threshold)
      return f;
  return from;
}

/* Measures */

double
ressenti_test_audio_peak (const float *samples,
                          gsize        n)
{
  double peak = 0.0;

  for (gsize i = 0; i < n; i++)
    peak = MAX (peak, fabs (samples[i]));
  return peak;
}

double
ressenti_test_audio_rms (const float *samples,
                         gsize        n)
{
  double sum = 0.0;

  if (n == 0)
    return 0.0;
  for (gsize i = 0; i < n; i++)
    sum += (double) samples[i] * samples[i];
  return sqrt (sum / n);
}

double
ressenti_test_audio_tone (const float *samples,
                          gsize        n,
                          double       hz)
{
  double coeff = 2.0 * cos (2.0 * G_PI * hz / RATE);
  double s1 = 0.0, s2 = 0.0, weights = 0.0;

  if (n < 2)
    return 0.0;
  for (gsize i = 0; i < n; i++)
    {
      double w = 0.5 - 0.5 * cos (2.0 * G_PI * i / (n - 1));
      double s0 = w * samples[i] + coeff * s1 - s2;

      weights += w;
      s2 = s1;
      s1 = s0;
    }
  /* |X(hz)| is the amplitude × the window's sum / 2. */
  return 2.0 * sqrt (MAX (s1 * s1 + s2 * s2 - coeff * s1 * s2, 0.0)) / weights;
}

double
ressenti_test_audio_dominant_hz (const float *samples,
                                 gsize        n,
                                 double       low_hz,
                                 double       high_hz)
{
  double best_hz = 0.0, best = 0.0;

  for (double hz = low_hz; hz <= high_hz; hz *= 1.0025)
    {
      double amplitude = ressenti_test_audio_tone (samples, n, hz);

      if (amplitude > best)
        {
          best = amplitude;
          best_hz = hz;
        }
    }
  return best_hz;
}

/* Main loop */

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
ressenti_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
ressenti_test_run_until (gboolean (*condition) (gpointer data),
                         gpointer   data,
                         guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, flag_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

void
ressenti_test_stop_speech_dispatcher (void)
{
  g_autofree char *pid_file = g_build_filename (g_get_user_runtime_dir (), "speech-dispatcher", "pid",
                                                "speech-dispatcher.pid", NULL);
  g_autofree char *contents = NULL;

  pid_t pid;

  if (!g_file_get_contents (pid_file, &contents, NULL, NULL) || (pid = atoi (contents)) <= 0)
    return;
  kill (pid, SIGTERM);
  /* Wait until it is gone: one still shutting down makes the next test's
   * autospawn fail ("Speech Dispatcher already running"). */
  for (guint i = 0; i < 100 && kill (pid, 0) == 0; i++)
    g_usleep (50000);
}

static void
put_le (GString *out,
        guint32  value,
        guint    n_bytes)
{
  for (guint i = 0; i < n_bytes; i++)
    g_string_append_c (out, (value >> (8 * i)) & 0xff);
}

void
ressenti_test_append_wav_header (GString *out,
                                 guint    channels,
                                 guint    rate,
                                 guint32  n_frames)
{
  guint32 data_size = n_frames * channels * 2;

  g_string_append (out, "RIFF");
  put_le (out, 36 + data_size, 4);
  g_string_append (out, "WAVEfmt ");
  put_le (out, 16, 4);
  put_le (out, 1, 2);   /* PCM */
  put_le (out, channels, 2);
  put_le (out, rate, 4);
  put_le (out, rate * channels * 2, 4);
  put_le (out, channels * 2, 2);
  put_le (out, 16, 2);
  g_string_append (out, "data");
  put_le (out, data_size, 4);
}

void
ressenti_test_append_sample (GString *out,
                             double   value)
{
  put_le (out, (guint16) (gint16) lrint (CLAMP (value, -1.0, 1.0) * 32767.0), 2);
}

void
ressenti_test_write_sine_wav (const char *path,
                              double      hz,
                              double      level,
                              double      seconds,
                              guint       rate)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint32 n = (guint32) lrint (rate * seconds);

  ressenti_test_append_wav_header (out, 1, rate, n);
  for (guint32 i = 0; i < n; i++)
    ressenti_test_append_sample (out, level * sin (2.0 * G_PI * hz * i / rate));
  g_file_set_contents (path, out->str, out->len, &error);
  g_assert_no_error (error);
}

char *
ressenti_test_run_command (const char *command)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_command_line_sync (command, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", command, err);
  return g_strstrip (g_steal_pointer (&out));
}

struct _RessentiTestMicrophone
{
  char *sink_module;
  char *source_module;
  GPid  room_tone;
};

RessentiTestMicrophone *
ressenti_test_microphone_plug (void)
{
  RessentiTestMicrophone *mic = g_new0 (RessentiTestMicrophone, 1);
  const char *argv[] = { "pacat", "--playback", "--device=mic_sink", "--raw", "--format=s16le",
                         "--rate=48000", "--channels=1", "/dev/zero", NULL };
  g_autoptr(GError) error = NULL;

  mic->sink_module = ressenti_test_run_command ("pactl load-module module-null-sink sink_name=mic_sink");
  mic->source_module = ressenti_test_run_command ("pactl load-module module-remap-source master=mic_sink.monitor"
                                    " source_name=mic source_properties=device.description=Microphone");
  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                 NULL, NULL, &mic->room_tone, &error);
  g_assert_no_error (error);
  /* Until it runs, the monitor is idle. */
  g_usleep (300 * 1000);
  return mic;
}

void
ressenti_test_microphone_unplug (RessentiTestMicrophone *mic)
{
  g_autofree char *a = g_strdup_printf ("pactl unload-module %s", mic->source_module);
  g_autofree char *b = g_strdup_printf ("pactl unload-module %s", mic->sink_module);
  int status;

  kill (mic->room_tone, SIGTERM);
  waitpid (mic->room_tone, &status, 0);
  g_spawn_close_pid (mic->room_tone);
  g_free (ressenti_test_run_command (a));
  g_free (ressenti_test_run_command (b));
  g_free (mic->sink_module);
  g_free (mic->source_module);
  g_free (mic);
}


GPid
ressenti_test_speak_into_microphone (const char *wav)
{
  const char *argv[] = { "paplay", "--device=mic_sink", wav, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

void
ressenti_test_wait_process (GPid pid)
{
  int status = 0;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
}

char *
ressenti_test_write_speech (const char *dir,
                            const char *text)
{
  g_autofree char *command = NULL;
  char *wav = g_build_filename (dir, "speech.wav", NULL);

  command = g_strdup_printf ("espeak-ng -v fr -s 170 -w '%s' '%s'", wav, text);
  g_free (ressenti_test_run_command (command));
  return wav;
}
