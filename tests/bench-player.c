/* bench-player.c — how soon the player and the dedicated voice are heard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by build-aux/bench-player, inside tests/audio-session (a private
 * PulseAudio whose only sink is a null sink). Everything is measured on
 * what reaches that sink's monitor, recorded with pulsesrc; what the player
 * or speech-dispatcher report is used only to know when to go on.
 *
 * 1. Seek latency: a call-like file (a line-noise floor with 20 tone bursts
 *    of 400 ms, each at its own frequency, at known times) plays; the
 *    benchmark jumps to 100 ms into a burst picked at random and finds
 *    that burst's frequency on the monitor. Latency: from the call to
 *    ressenti_player_seek() to its first samples. Accuracy: the burst must
 *    be heard for the 300 ms it has left; more or less means the jump
 *    landed early or late. Baseline, in the same run and the same
 *    recording: ressenti_player_play() from PAUSED (after a jump made while
 *    paused) to the first samples. A plain GStreamer pipeline (uridecodebin
 *    ! autoaudiosink) doing the same two things is printed for reference.
 * 2. Announcement latency of the dedicated voice: the announcer with the
 *    RessentiVoice backend says a short message; latency is from
 *    ressenti_announcer_announce() to the onset of speech. Baselines, each
 *    message said by each in turn: spd-say, another client of the same
 *    speech-dispatcher (a process started, a connection opened), and
 *    espeak-ng run directly (its own PulseAudio output, no
 *    speech-dispatcher). The first message, which starts
 *    speech-dispatcher's output module, is printed apart.
 * 3. The app's voice while the screen reader talks: spd-say stands for
 *    Orca, another client of the same speech-dispatcher saying a long
 *    sentence at SPD_MESSAGE, the priority Orca uses; one to two seconds
 *    in, the app's voice announces a short message, queued or
 *    interrupting. The two voices are told apart on the monitor by their
 *    pitch (the stand-in speaks at the highest pitch, the app at the
 *    default one; each is first recorded alone): the stand-in's sentence
 *    heard to its end, cut, or talked over, and when the app's message
 *    starts. The baseline is what the stand-in still had to say when the
 *    app spoke: a ratio of 1 means the app's message waited for it.
 *
 * Time base. Every time is CLOCK_MONOTONIC (g_get_monotonic_time ()). The
 * capture pipeline runs on GStreamer's system clock, which is that clock,
 * and pulsesrc re-timestamps each buffer it reads: the clock time it read
 * the buffer, less the buffer's length, less the latency PulseAudio reports
 * for the record stream (the audio still in its buffers). So a recorded
 * sample's time is when it reached the monitor, that is when PulseAudio
 * mixed it into the null sink, and not when the benchmark received it: what
 * is subtracted is the whole capture path (PulseAudio's record buffer, the
 * 5 ms fragments, the hop to this process and its scheduling). Those
 * timestamps jitter by a few milliseconds when this process is late (2
 * cores), and lateness only ever adds: a sample's time is taken from the
 * earliest-timestamped buffers around it (±100 ms, a lower envelope). The
 * subtracted delay is measured for every buffer and printed, and the
 * player's rows are also printed with nothing subtracted (when the capture
 * received the sound), an upper bound. The null sink mixes in blocks of a
 * few milliseconds, which reach the monitor at once: times are good to
 * about ±5 ms. A sound card would play each sample one output latency
 * later, the same for every row.
 *
 * 4. Markers said as playback reaches them: a call with a click at each
 *    marker (every 7 s); a RessentiMarkerWatcher says each one through the
 *    dedicated voice. Lateness: from the click's onset to the speech's,
 *    both on the monitor, so the capture's delay cancels out; and the
 *    watcher's own part, from the click to its call to the announcer
 *    (negative: called before the click reached the monitor). The same run
 *    again with the markers among 10,000 (the others, one every few
 *    milliseconds, left out by the filter). After each marker one is
 *    placed (inserted into the model, its confirmation said): from that
 *    call to speech heard. Playback's timing: the clicks' spacing on the
 *    monitor.
 *
 * It prints one line per metric (median, 95th percentile, baseline, ratio)
 * and fails only when the measurement failed: no sound recorded, an event
 * not found, speech-dispatcher not reachable. Slowness never fails it.
 * BENCH_PLAYER_KEEP=DIR keeps each recording (raw F32LE mono, 44.1 kHz);
 * BENCH_PLAYER_DEBUG=1 prints each jump and each round.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "ressenti-announcer.h"
#include "ressenti-marker-watcher.h"
#include "ressenti-media.h"
#include "ressenti-player.h"
#include "ressenti-test-audio.h"
#include "ressenti-voice.h"

/* The null sink's rate: the capture needs no resampling. */
#define CAPTURE_RATE 44100
/* pulsesrc's fragment, in microseconds. */
#define CAPTURE_FRAGMENT_US 5000
/* Buffers on each side of a sample whose timestamps give its time. */
#define ENVELOPE_BUFFERS 20

/* The test call */
#define CALL_RATE 16000
#define CALL_SECONDS 62
#define N_BURSTS 20
#define BURST_FIRST_S 2.0
#define BURST_SPACING_S 3.0
#define BURST_MS 400
#define BURST_RAMP_MS 5
#define BURST_LEVEL 0.3
#define BURST_BASE_HZ 500.0
#define BURST_STEP_HZ 300.0
#define NOISE_RMS 0.003
/* Jumps land this far into a burst, so the new audio starts with it. */
#define INTO_BURST_MS 100
#define SEEK_TOLERANCE_MS 50.0

/* The time a sample reached the monitor is known to about this: the sink
 * mixes in blocks of a few milliseconds, which reach the monitor at once. */
#define RESOLUTION_MS 5.0
/* Sound: a 2.5 ms window louder than this (dBFS) on the silent monitor. */
#define SOUND_DB -45.0
/* The window in which a burst is looked for (Goertzel). */
#define TONE_WINDOW_MS 10

/* The screen reader's long sentence, and the app's message said over it. */
#define LONG_SENTENCE "Vous êtes sur la liste des appels du service client, " \
                      "trois appels sont affichés, le premier date du douze mars"
#define APP_MESSAGE "Marqueur ajouté."

static const char *const messages[] = {
  "Lecture.",
  "Pause.",
  "Trois appels importés.",
  "Deux minutes treize.",
  "Tour du client.",
  "Marqueur ajouté.",
  "Vitesse un virgule cinq.",
  "Début de l'appel.",
  "Aucun résultat.",
  "Canal du client seul.",
};

static void
die (const char *format,
     ...) G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN;

static void
die (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  fprintf (stderr, "bench-player: measurement failed: ");
  vfprintf (stderr, format, args);
  fprintf (stderr, "\n");
  va_end (args);
  exit (1);
}

static void
progress (const char *text)
{
  static gint64 started = 0;

  if (started == 0)
    started = g_get_monotonic_time ();
  fprintf (stderr, "bench-player: [%3.0f s] %s\n", (g_get_monotonic_time () - started) / 1e6, text);
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

/* Statistics */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The @p quantile (nearest rank) of @values; NAN when empty. */
static double
quantile (GArray *values,
          double  p)
{
  g_autoptr(GArray) sorted = NULL;
  guint rank;

  if (values->len == 0)
    return NAN;
  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_doubles);
  if (p == 0.5 && sorted->len % 2 == 0)
    return (g_array_index (sorted, double, sorted->len / 2 - 1) +
            g_array_index (sorted, double, sorted->len / 2)) / 2.0;
  rank = (guint) ceil (p * sorted->len);
  return g_array_index (sorted, double, CLAMP (rank, 1, sorted->len) - 1);
}

static GArray *
doubles_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static void
doubles_add (GArray *values,
             double  value)
{
  g_array_append_val (values, value);
}

/* Recording the monitor */

typedef struct
{
  gsize        first;        /* index of its first sample */
  guint        n;
  GstClockTime pts;
  gint64       arrival_us;   /* when the handoff got it */
  gboolean     discont;
  gint64       offset_us;    /* time of sample 0 by this buffer, enveloped */
} Chunk;

typedef struct
{
  GstElement *pipeline;
  GMutex      lock;
  GArray     *samples;       /* float, mono, CAPTURE_RATE */
  GArray     *chunks;
  gint64      base_us;
  GArray     *delays_ms;     /* the capture delay subtracted, per buffer */
} Capture;

static void
capture_handoff_cb (GstElement *fakesink,
                    GstBuffer  *buffer,
                    GstPad     *pad,
                    Capture    *capture)
{
  GstMapInfo map;
  Chunk chunk = { 0 };

  chunk.arrival_us = g_get_monotonic_time ();
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return;
  g_mutex_lock (&capture->lock);
  chunk.first = capture->samples->len;
  chunk.n = map.size / sizeof (float);
  chunk.pts = GST_BUFFER_PTS (buffer);
  chunk.discont = GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DISCONT);
  g_array_append_vals (capture->samples, map.data, chunk.n);
  g_array_append_val (capture->chunks, chunk);
  g_mutex_unlock (&capture->lock);
  gst_buffer_unmap (buffer, &map);
}

static gsize
capture_length (Capture *capture)
{
  gsize n;

  g_mutex_lock (&capture->lock);
  n = capture->samples->len;
  g_mutex_unlock (&capture->lock);
  return n;
}

static Capture *
capture_start (void)
{
  const char *sink = g_getenv ("AUDIO_SESSION_SINK");
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstClock) clock = gst_system_clock_obtain ();
  g_autoptr(GstElement) fakesink = NULL;
  Capture *capture = g_new0 (Capture, 1);
  GstClockType clock_type;
  gint64 start;

  if (sink == NULL)
    die ("AUDIO_SESSION_SINK is not set: run this under tests/audio-session (build-aux/bench-player does)");
  g_object_get (clock, "clock-type", &clock_type, NULL);
  if (clock_type != GST_CLOCK_TYPE_MONOTONIC)
    die ("GStreamer's system clock is not CLOCK_MONOTONIC");

  /* re-timestamp: each buffer is stamped with the pipeline clock when read,
   * less its length and the record stream's latency (see the top). Two
   * seconds of buffer: a stall of this process on a busy machine must not
   * drop audio. */
  description = g_strdup_printf ("pulsesrc device=%s.monitor provide-clock=false slave-method=re-timestamp "
                                 "latency-time=%d buffer-time=2000000 "
                                 "! audio/x-raw,format=F32LE,layout=interleaved,rate=%d,channels=1 "
                                 "! fakesink name=out signal-handoffs=true sync=false",
                                 sink, CAPTURE_FRAGMENT_US, CAPTURE_RATE);
  capture->pipeline = gst_parse_launch (description, &error);
  if (capture->pipeline == NULL)
    die ("cannot record %s.monitor: %s", sink, error->message);
  gst_pipeline_use_clock (GST_PIPELINE (capture->pipeline), clock);
  g_mutex_init (&capture->lock);
  capture->samples = g_array_new (FALSE, FALSE, sizeof (float));
  capture->chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  fakesink = gst_bin_get_by_name (GST_BIN (capture->pipeline), "out");
  g_signal_connect (fakesink, "handoff", G_CALLBACK (capture_handoff_cb), capture);
  if (gst_element_set_state (capture->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    die ("cannot record %s.monitor", sink);

  start = g_get_monotonic_time ();
  while (capture_length (capture) < CAPTURE_RATE / 5)
    {
      run_for (20);
      if (g_get_monotonic_time () - start > 5 * G_USEC_PER_SEC)
        die ("nothing recorded from %s.monitor in 5 s", sink);
    }
  capture->base_us = gst_element_get_base_time (capture->pipeline) / 1000;
  return capture;
}

static double
sample_us (gsize n)
{
  return (double) n * G_USEC_PER_SEC / CAPTURE_RATE;
}

/* Stops recording and gives every buffer the time of its samples. */
static void
capture_stop (Capture *capture)
{
  GArray *chunks = capture->chunks;
  g_autofree gint64 *raw = NULL;
  guint segment_start = 0;

  gst_element_set_state (capture->pipeline, GST_STATE_NULL);
  g_clear_object (&capture->pipeline);
  if (chunks->len == 0)
    die ("nothing was recorded");
  if (g_getenv ("BENCH_PLAYER_KEEP") != NULL)
    {
      /* For a closer look: raw F32LE mono at CAPTURE_RATE. */
      static guint n_kept = 0;
      g_autofree char *path = g_strdup_printf ("%s/capture-%u.raw", g_getenv ("BENCH_PLAYER_KEEP"), n_kept++);

      g_file_set_contents (path, capture->samples->data, capture->samples->len * sizeof (float), NULL);
    }

  /* Time of sample 0 according to each buffer's timestamp, then the lowest
   * of its neighbours' (lateness only adds). A buffer marked DISCONT (audio
   * was dropped) starts a new stretch the envelope does not cross. */
  raw = g_new (gint64, chunks->len);
  for (guint i = 0; i < chunks->len; i++)
    {
      Chunk *c = &g_array_index (chunks, Chunk, i);

      raw[i] = capture->base_us + (gint64) (c->pts / 1000) - (gint64) sample_us (c->first);
    }
  for (guint i = 0; i < chunks->len; i++)
    {
      Chunk *c = &g_array_index (chunks, Chunk, i);
      guint segment_end = i + 1;
      gint64 best = G_MAXINT64;

      if (c->discont)
        segment_start = i;
      while (segment_end < chunks->len && segment_end <= i + ENVELOPE_BUFFERS &&
             !g_array_index (chunks, Chunk, segment_end).discont)
        segment_end++;
      for (guint j = MAX (segment_start, i >= ENVELOPE_BUFFERS ? i - ENVELOPE_BUFFERS : 0); j < segment_end; j++)
        best = MIN (best, raw[j]);
      c->offset_us = best;
    }

  capture->delays_ms = doubles_new ();
  for (guint i = 0; i < chunks->len; i++)
    {
      Chunk *c = &g_array_index (chunks, Chunk, i);

      doubles_add (capture->delays_ms,
                   (c->arrival_us - (c->offset_us + sample_us (c->first + c->n))) / 1000.0);
    }
}

static void
capture_free (Capture *capture)
{
  if (capture == NULL)
    return;
  if (capture->pipeline != NULL)
    {
      gst_element_set_state (capture->pipeline, GST_STATE_NULL);
      g_clear_object (&capture->pipeline);
    }
  g_array_unref (capture->samples);
  g_array_unref (capture->chunks);
  g_clear_pointer (&capture->delays_ms, g_array_unref);
  g_mutex_clear (&capture->lock);
  g_free (capture);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Capture, capture_free)

static gsize
n_samples (Capture *capture)
{
  return capture->samples->len;
}

static float
sample (Capture *capture,
        gsize    i)
{
  return g_array_index (capture->samples, float, i);
}

static const Chunk *
chunk_of (Capture *capture,
          gsize    i)
{
  guint lo = 0, hi = capture->chunks->len;

  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (capture->chunks, Chunk, mid).first <= i)
        lo = mid;
      else
        hi = mid;
    }
  return &g_array_index (capture->chunks, Chunk, lo);
}

/* When sample @i reached the monitor (monotonic microseconds). */
static double
time_of (Capture *capture,
         gsize    i)
{
  return chunk_of (capture, i)->offset_us + sample_us (i);
}

/* The first sample that reached the monitor at or after @t_us. */
static gsize
sample_at (Capture *capture,
           gint64   t_us)
{
  guint lo = 0, hi = capture->chunks->len;
  const Chunk *c;
  gsize i;

  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      const Chunk *m = &g_array_index (capture->chunks, Chunk, mid);

      if (m->offset_us + sample_us (m->first) <= t_us)
        lo = mid;
      else
        hi = mid;
    }
  c = &g_array_index (capture->chunks, Chunk, lo);
  for (i = c->first; i < n_samples (capture) && time_of (capture, i) < t_us; i++)
    ;
  return i;
}

static double
ms_between (gint64 from_us,
            double to_us)
{
  return (to_us - from_us) / 1000.0;
}

/* A capture delay above this means the benchmark was not reading for a
 * while (a busy machine): the times around it are not to be trusted. */
#define STALL_MS 30.0

/* Whether the capture kept up over [from, to]: no audio dropped, and no
 * buffer received more than STALL_MS after its samples reached the
 * monitor. */
static gboolean
capture_steady (Capture *capture,
                gsize    from,
                gsize    to)
{
  const Chunk *first = chunk_of (capture, from);
  const Chunk *last = chunk_of (capture, MIN (to, n_samples (capture) - 1));

  for (const Chunk *c = first; c <= last; c++)
    if ((c > first && c->discont) ||
        (c->arrival_us - (c->offset_us + sample_us (c->first + c->n))) / 1000.0 > STALL_MS)
      return FALSE;
  return TRUE;
}

/* Analysis of the recording */

static gsize
ms_to_samples (double ms)
{
  return (gsize) (ms * CAPTURE_RATE / 1000.0);
}

static double
level_db (Capture *capture,
          gsize    from,
          gsize    length)
{
  double sum = 0.0;
  gsize end = MIN (from + length, n_samples (capture));

  if (end <= from)
    return -120.0;
  for (gsize i = from; i < end; i++)
    sum += (double) sample (capture, i) * sample (capture, i);
  return 10.0 * log10 (sum / (end - from) + 1e-12);
}

/* The first sample of sound in [from, to): the first sample above
 * SOUND_DB in the first 2.5 ms window louder than it. -1 if none. */
static gssize
first_sound (Capture *capture,
             gsize    from,
             gsize    to)
{
  gsize window = ms_to_samples (2.5);
  double threshold = pow (10.0, SOUND_DB / 20.0);

  to = MIN (to, n_samples (capture));
  for (gsize i = from; i + window <= to; i += window / 2)
    if (level_db (capture, i, window) > SOUND_DB)
      {
        for (gsize j = i; j < i + window; j++)
          if (fabs (sample (capture, j)) > threshold)
            return j;
        return i;
      }
  return -1;
}

/* The first sample of a silence of at least @gap_ms in [from, to), in
 * 5 ms windows; -1 if there is none. */
static gssize
start_of_silence (Capture *capture,
                  gsize    from,
                  gsize    to,
                  guint    gap_ms)
{
  gsize window = ms_to_samples (5);
  guint quiet = 0;

  to = MIN (to, n_samples (capture));
  for (gsize i = from; i + window <= to; i += window)
    {
      if (level_db (capture, i, window) < SOUND_DB)
        quiet++;
      else
        quiet = 0;
      if (quiet * 5 >= gap_ms)
        return i + window - quiet * window;
    }
  return -1;
}

/* Amplitude of @hz over [from, from + length) (Goertzel). */
static double
tone_amplitude (Capture *capture,
                gsize    from,
                gsize    length,
                double   hz)
{
  double coeff = 2.0 * cos (2.0 * G_PI * hz / CAPTURE_RATE);
  double s1 = 0.0, s2 = 0.0;

  if (from + length > n_samples (capture))
    return 0.0;
  for (gsize i = from; i < from + length; i++)
    {
      double s0 = sample (capture, i) + coeff * s1 - s2;

      s2 = s1;
      s1 = s0;
    }
  return 2.0 * sqrt (fabs (s1 * s1 + s2 * s2 - coeff * s1 * s2)) / length;
}

/* A tone of @hz in [from, to): where it starts and ends (the 10 ms window
 * that holds it half; a window half-filled reads half the amplitude).
 * FALSE if it is not there. */
static gboolean
find_tone (Capture *capture,
           gsize    from,
           gsize    to,
           double   hz,
           double   expected,
           gsize   *onset,
           gsize   *end)
{
  gsize window = ms_to_samples (TONE_WINDOW_MS), hop = ms_to_samples (1), fine = 4;
  double steady;
  gsize i, j;

  to = MIN (to, n_samples (capture));
  for (i = from; i + 2 * window < to; i += hop)
    if (tone_amplitude (capture, i, window, hz) > expected / 4)
      break;
  if (i + 2 * window >= to)
    return FALSE;
  steady = tone_amplitude (capture, i + window, window, hz);
  if (steady < expected / 2)
    return FALSE;
  for (j = i > window ? i - window : 0; j < i + window; j += fine)
    if (tone_amplitude (capture, j, window, hz) >= steady / 2)
      break;
  *onset = j + window / 2;
  for (i = *onset + window; i + window < to; i += hop)
    if (tone_amplitude (capture, i, window, hz) < steady / 2)
      break;
  for (j = i > hop ? i - hop : 0; j <= i; j += fine)
    if (tone_amplitude (capture, j, window, hz) < steady / 2)
      break;
  *end = j + window / 2;
  return TRUE;
}

/* The test call */

static double
burst_start_ms (guint k)
{
  return (BURST_FIRST_S + BURST_SPACING_S * k) * 1000.0;
}

static double
burst_hz (guint k)
{
  return BURST_BASE_HZ + BURST_STEP_HZ * k;
}

/* Mono 16 kHz, like wideband telephony: a noise floor (a phone line) and
 * the bursts, with 5 ms ramps so they do not click. */
static void
write_call (const char *path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  guint32 n = CALL_RATE * CALL_SECONDS;
  guint ramp = CALL_RATE * BURST_RAMP_MS / 1000;

  ressenti_test_append_wav_header (out, 1, CALL_RATE, n);

  for (guint32 i = 0; i < n; i++)
    {
      double t_ms = i * 1000.0 / CALL_RATE;
      double v = g_rand_double_range (rand, -1.0, 1.0) * NOISE_RMS * sqrt (3.0);

      for (guint k = 0; k < N_BURSTS; k++)
        {
          double into = t_ms - burst_start_ms (k);

          if (into >= 0 && into < BURST_MS)
            {
              guint at = (guint) (into * CALL_RATE / 1000.0);
              guint left = BURST_MS * CALL_RATE / 1000 - at;
              double gain = MIN (1.0, MIN ((double) at / ramp, (double) left / ramp));

              v += gain * BURST_LEVEL * sin (2.0 * G_PI * burst_hz (k) * into / 1000.0);
            }
        }
      ressenti_test_append_sample (out, v);
    }
  if (!g_file_set_contents (path, out->str, out->len, &error))
    die ("cannot write the test call: %s", error->message);
}

/* One measured action: asked at @asked_us, burst @burst expected. */
typedef struct
{
  gint64 asked_us;
  guint  burst;
} Jump;

typedef struct
{
  GArray *latency_ms;
  GArray *received_ms;   /* to when the capture received it: nothing subtracted */
  GArray *error_ms;      /* how late the jump landed (negative: early) */
  guint   n_stalled;     /* left out: the capture stalled */
  guint   n_missed;      /* the target never heard */
} JumpResults;

static void
jump_results_init (JumpResults *results)
{
  results->latency_ms = doubles_new ();
  results->received_ms = doubles_new ();
  results->error_ms = doubles_new ();
  results->n_stalled = 0;
  results->n_missed = 0;
}

static void
jump_results_clear (JumpResults *results)
{
  g_clear_pointer (&results->latency_ms, g_array_unref);
  g_clear_pointer (&results->received_ms, g_array_unref);
  g_clear_pointer (&results->error_ms, g_array_unref);
}

/* When the next action after @after_us was asked, of @jumps or @others;
 * G_MAXINT64 if none. */
static gint64
next_action (GArray *jumps,
             GArray *others,
             gint64  after_us)
{
  gint64 next = G_MAXINT64;

  for (guint i = 0; i < jumps->len; i++)
    if (g_array_index (jumps, Jump, i).asked_us > after_us)
      next = MIN (next, g_array_index (jumps, Jump, i).asked_us);
  for (guint i = 0; i < others->len; i++)
    if (g_array_index (others, Jump, i).asked_us > after_us)
      next = MIN (next, g_array_index (others, Jump, i).asked_us);
  return next;
}

/* Finds each jump's burst in the recording, before the next action
 * (@others are the jumps of the other kind). */
static void
analyse_jumps (Capture     *capture,
               GArray      *jumps,
               GArray      *others,
               const char  *what,
               JumpResults *results)
{
  for (guint i = 0; i < jumps->len; i++)
    {
      Jump *jump = &g_array_index (jumps, Jump, i);
      gsize from = sample_at (capture, jump->asked_us);
      gint64 next = next_action (jumps, others, jump->asked_us);
      gsize to = next == G_MAXINT64 ? n_samples (capture) : sample_at (capture, next);
      gsize onset, end;
      double heard_ms;

      if (!find_tone (capture, from, MIN (to, from + ms_to_samples (3000)), burst_hz (jump->burst),
                      BURST_LEVEL, &onset, &end))
        {
          results->n_missed++;
          fprintf (stderr, "bench-player: %s %u: the burst at %.1f s (%.0f Hz) was not heard\n", what, i + 1,
                   burst_start_ms (jump->burst) / 1000.0, burst_hz (jump->burst));
          continue;
        }
      heard_ms = (time_of (capture, end) - time_of (capture, onset)) / 1000.0;
      if (!capture_steady (capture, from, end))
        {
          results->n_stalled++;
          continue;
        }
      if (g_getenv ("BENCH_PLAYER_DEBUG"))
        fprintf (stderr, "%s %u: burst %u asked → onset %.1f ms (arrival of its buffer %.1f ms), heard %.1f ms\n",
                 what, i, jump->burst, ms_between (jump->asked_us, time_of (capture, onset)),
                 ms_between (jump->asked_us, chunk_of (capture, onset)->arrival_us), heard_ms);
      doubles_add (results->latency_ms, ms_between (jump->asked_us, time_of (capture, onset)));
      doubles_add (results->received_ms, ms_between (jump->asked_us, chunk_of (capture, onset)->arrival_us));
      /* The burst fades out over its last BURST_RAMP_MS: it is at half its
       * level, where find_tone() puts its end, half-way through. */
      doubles_add (results->error_ms, (BURST_MS - BURST_RAMP_MS / 2.0 - INTO_BURST_MS) - heard_ms);
    }
}

/* 1. The player */

typedef struct
{
  RessentiPlayer *player;
  gint64          wait_position;
  guint           n_errors;
  char           *error;
} PlayerRun;

static void
player_error_cb (RessentiPlayer *player,
                 const GError   *error,
                 PlayerRun      *run)
{
  run->n_errors++;
  g_free (run->error);
  run->error = g_strdup (error->message);
}

static gboolean
duration_known (gpointer data)
{
  PlayerRun *run = data;

  return ressenti_player_get_duration (run->player) > 0 || run->n_errors > 0;
}

static gboolean
position_reached (gpointer data)
{
  PlayerRun *run = data;

  return ressenti_player_get_position (run->player) >= run->wait_position || run->n_errors > 0;
}

static void
play_until (PlayerRun *run,
            gint64     position_ms)
{
  run->wait_position = position_ms;
  if (!run_until (position_reached, run, 10000))
    die ("the player did not reach %.3f s in 10 s", position_ms / 1000.0);
  if (run->n_errors > 0)
    die ("the player failed: %s", run->error);
}

static guint
pick_burst (GRand *rand,
            guint  previous)
{
  guint k;

  do
    k = g_rand_int_range (rand, 0, N_BURSTS);
  while (k == previous);
  return k;
}

static gint64
target_ms (guint burst)
{
  return (gint64) burst_start_ms (burst) + INTO_BURST_MS;
}

static void
bench_player (const char  *call,
              guint        n_seeks,
              GRand       *rand,
              JumpResults *seeks,
              JumpResults *plays,
              GArray      *capture_delays)
{
  g_autoptr(RessentiPlayer) player = ressenti_player_new ();
  g_autoptr(Capture) capture = NULL;
  g_autoptr(GArray) seek_jumps = g_array_new (FALSE, FALSE, sizeof (Jump));
  g_autoptr(GArray) play_jumps = g_array_new (FALSE, FALSE, sizeof (Jump));
  g_autoptr(GError) error = NULL;
  PlayerRun run = { player, 0, 0, NULL };
  guint burst = N_BURSTS;

  g_signal_connect (player, "error", G_CALLBACK (player_error_cb), &run);
  if (!ressenti_player_open (player, call, RESSENTI_CHANNEL_LAYOUT_MONO, &error))
    die ("the player cannot open the test call: %s", error->message);
  if (!run_until (duration_known, &run, 10000) || run.n_errors > 0)
    die ("the player did not read the test call: %s", run.error != NULL ? run.error : "timed out");

  capture = capture_start ();
  ressenti_player_play (player);
  play_until (&run, 1000);

  /* Jumps while playing, and every other one a start from pause: both in
   * the same recording, so they share its conditions. */
  for (guint i = 0; i < n_seeks; i++)
    {
      Jump jump;

      burst = pick_burst (rand, burst);
      jump.burst = burst;
      jump.asked_us = g_get_monotonic_time ();
      ressenti_player_seek (player, target_ms (burst));
      g_array_append_val (seek_jumps, jump);
      /* Past the burst's end, then a random wait: the next action does not
       * fall at the same point of the sink's cycle. */
      run_for (500);
      play_until (&run, target_ms (burst) + 400);
      run_for (g_rand_int_range (rand, 0, 300));

      if (i % 2 == 1)
        {
          burst = pick_burst (rand, burst);
          ressenti_player_pause (player);
          ressenti_player_seek (player, target_ms (burst));
          run_for (400 + g_rand_int_range (rand, 0, 200));
          jump.burst = burst;
          jump.asked_us = g_get_monotonic_time ();
          ressenti_player_play (player);
          g_array_append_val (play_jumps, jump);
          run_for (500);
          play_until (&run, target_ms (burst) + 400);
          run_for (g_rand_int_range (rand, 0, 300));
        }
    }
  ressenti_player_pause (player);
  run_for (300);
  capture_stop (capture);
  ressenti_player_close (player);
  if (run.n_errors > 0)
    die ("the player failed: %s", run.error);

  analyse_jumps (capture, seek_jumps, play_jumps, "seek", seeks);
  analyse_jumps (capture, play_jumps, seek_jumps, "play from pause", plays);
  g_array_append_vals (capture_delays, capture->delays_ms->data, capture->delays_ms->len);
  g_free (run.error);
}

/* The same with a plain GStreamer pipeline, for reference. */

static void
plain_seek (GstElement *pipeline,
            gint64      position_ms)
{
  if (!gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
                                GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                position_ms * GST_MSECOND))
    die ("the plain pipeline refused a seek");
}

static void
plain_wait_state (GstElement *pipeline)
{
  GstState state;

  if (gst_element_get_state (pipeline, &state, NULL, 5 * GST_SECOND) == GST_STATE_CHANGE_FAILURE)
    die ("the plain pipeline failed to change state");
}

static void
bench_plain (const char  *call,
             guint        n,
             GRand       *rand,
             JumpResults *seeks,
             JumpResults *plays)
{
  g_autoptr(GFile) file = g_file_new_for_path (call);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *description =
    g_strdup_printf ("uridecodebin uri=\"%s\" ! audioconvert ! audioresample ! autoaudiosink", uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(Capture) capture = NULL;
  g_autoptr(GArray) seek_jumps = g_array_new (FALSE, FALSE, sizeof (Jump));
  g_autoptr(GArray) play_jumps = g_array_new (FALSE, FALSE, sizeof (Jump));
  guint burst = N_BURSTS;

  if (pipeline == NULL)
    die ("cannot make the plain pipeline: %s", error->message);
  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  plain_wait_state (pipeline);
  capture = capture_start ();
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  run_for (1200);

  for (guint i = 0; i < n; i++)
    {
      Jump jump;

      burst = pick_burst (rand, burst);
      jump.burst = burst;
      jump.asked_us = g_get_monotonic_time ();
      plain_seek (pipeline, target_ms (burst));
      g_array_append_val (seek_jumps, jump);
      run_for (900 + g_rand_int_range (rand, 0, 300));

      burst = pick_burst (rand, burst);
      gst_element_set_state (pipeline, GST_STATE_PAUSED);
      plain_wait_state (pipeline);
      plain_seek (pipeline, target_ms (burst));
      plain_wait_state (pipeline);
      run_for (400 + g_rand_int_range (rand, 0, 200));
      jump.burst = burst;
      jump.asked_us = g_get_monotonic_time ();
      gst_element_set_state (pipeline, GST_STATE_PLAYING);
      g_array_append_val (play_jumps, jump);
      run_for (1400 + g_rand_int_range (rand, 0, 300));
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  run_for (300);
  capture_stop (capture);

  analyse_jumps (capture, seek_jumps, play_jumps, "plain pipeline seek", seeks);
  analyse_jumps (capture, play_jumps, seek_jumps, "plain pipeline play from pause", plays);
}

/* 2 and 3. Speech */

/* The app's voice, followed through its "speaking" property. */
typedef struct
{
  RessentiVoice     *voice;
  RessentiAnnouncer *announcer;
  guint              falls;
} App;

static void
speaking_cb (RessentiVoice *voice,
             GParamSpec    *pspec,
             App           *app)
{
  if (!ressenti_voice_get_speaking (voice))
    app->falls++;
}

static gboolean
app_done (gpointer data)
{
  App *app = data;

  return app->falls > 0 && !ressenti_voice_get_speaking (app->voice);
}

static gint64
app_say (App                      *app,
         const char               *text,
         RessentiAnnouncePriority  priority)
{
  gint64 asked;

  app->falls = 0;
  asked = g_get_monotonic_time ();
  ressenti_announcer_announce (app->announcer, text, priority, RESSENTI_VERBOSITY_TERSE,
                               RESSENTI_ANNOUNCE_CATEGORY_RESULT);
  return asked;
}

static void
app_wait (App        *app,
          const char *text)
{
  if (!run_until (app_done, app, 20000))
    die ("the app's voice did not finish \"%s\" in 20 s", text);
}

/* The other speakers are processes: spd-say (another client of the same
 * speech-dispatcher, as Orca is) and espeak-ng. A second libspeechd
 * connection in this process is not an option: libspeechd 0.11's
 * spd_close() cancels its connection's reader thread, which may hold a
 * stdio lock, and with two threaded connections in one process it then
 * waits for that lock forever (seen here, in the voice's dispose). */
typedef struct
{
  GPid     pid;
  gboolean exited;
} Child;

static void
child_exited_cb (GPid     pid,
                 int      status,
                 gpointer user_data)
{
  Child *child = user_data;

  child->exited = TRUE;
  g_spawn_close_pid (pid);
}

static gboolean
child_exited (gpointer data)
{
  return ((Child *) data)->exited;
}

/* Starts @argv; returns when it was asked. */
static gint64
child_start (const char *const *argv,
             Child             *child)
{
  g_autoptr(GError) error = NULL;
  gint64 asked = g_get_monotonic_time ();

  child->exited = FALSE;
  if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                      NULL, NULL, &child->pid, &error))
    die ("cannot run %s: %s", argv[0], error->message);
  g_child_watch_add (child->pid, child_exited_cb, child);
  return asked;
}

static void
child_wait (Child      *child,
            const char *what)
{
  if (!run_until (child_exited, child, 30000))
    die ("%s did not finish in 30 s", what);
}

/* The screen reader's stand-in: a message at SPD_MESSAGE, Orca's priority;
 * -w: the process ends when the message has been said or discarded. */
static gint64
spd_say_start (const char *text,
               Child      *child)
{
  const char *argv[] = { "spd-say", "-N", "orca", "-l", "fr", "-p", "100", "-P", "message", "-w", text, NULL };

  return child_start (argv, child);
}

static gint64
espeak_start (const char *text,
              Child      *child)
{
  const char *argv[] = { "espeak-ng", "-v", "fr", text, NULL };

  return child_start (argv, child);
}

/* From @asked_us, the onset of sound in the next @within_ms; NAN if the
 * capture stalled meanwhile. */
static double
onset_latency (Capture    *capture,
               gint64      asked_us,
               guint       within_ms,
               const char *what)
{
  gsize from = sample_at (capture, asked_us);
  gssize onset = first_sound (capture, from, from + ms_to_samples (within_ms));

  if (onset < 0)
    die ("%s: no speech heard within %.1f s", what, within_ms / 1000.0);
  if (!capture_steady (capture, from, onset))
    return NAN;
  return ms_between (asked_us, time_of (capture, onset));
}

typedef struct
{
  GArray *app_ms;
  GArray *spd_say_ms;
  GArray *espeak_ms;
  double  cold_ms;     /* the app's first message */
  guint   n_stalled;   /* left out: the capture stalled */
} VoiceResults;

static void
add_onset (VoiceResults *results,
           GArray       *values,
           double        ms)
{
  if (isnan (ms))
    results->n_stalled++;
  else
    doubles_add (values, ms);
}

static void
bench_voice (App          *app,
             guint         n_messages,
             VoiceResults *results,
             GArray       *capture_delays)
{
  g_autoptr(Capture) capture = capture_start ();
  g_autofree gint64 *app_asked = g_new (gint64, n_messages);
  g_autofree gint64 *spd_say_asked = g_new (gint64, n_messages);
  g_autofree gint64 *espeak_asked = g_new (gint64, n_messages);
  gint64 cold_asked;

  /* The first message starts speech-dispatcher's output module. */
  cold_asked = app_say (app, "Prêt.", RESSENTI_ANNOUNCE_QUEUE);
  app_wait (app, "Prêt.");
  run_for (400);

  /* The three in turn, each message once by each. */
  for (guint i = 0; i < n_messages; i++)
    {
      const char *text = messages[i % G_N_ELEMENTS (messages)];
      Child child = { 0 };

      app_asked[i] = app_say (app, text, RESSENTI_ANNOUNCE_QUEUE);
      app_wait (app, text);
      run_for (300);

      spd_say_asked[i] = spd_say_start (text, &child);
      child_wait (&child, "spd-say");
      run_for (300);

      espeak_asked[i] = espeak_start (text, &child);
      child_wait (&child, "espeak-ng");
      run_for (300);
    }
  capture_stop (capture);

  results->cold_ms = onset_latency (capture, cold_asked, 10000, "the app's first message");
  for (guint i = 0; i < n_messages; i++)
    {
      add_onset (results, results->app_ms, onset_latency (capture, app_asked[i], 5000, "the app's voice"));
      add_onset (results, results->spd_say_ms, onset_latency (capture, spd_say_asked[i], 5000, "spd-say"));
      add_onset (results, results->espeak_ms, onset_latency (capture, espeak_asked[i], 5000, "espeak-ng"));
    }
  g_array_append_vals (capture_delays, capture->delays_ms->data, capture->delays_ms->len);
}

/* 3. The app's voice while the screen reader talks */

/* Who speaks when, told by the pitch of the voice: the screen reader's
 * stand-in speaks at the highest pitch speech-dispatcher offers, the app's
 * voice at the default one, an octave-ish apart with espeak-ng. */
enum { VOICE_NONE, VOICE_SR, VOICE_APP };

#define PITCH_HOP_MS 10
#define PITCH_WINDOW_MS 40
#define PITCH_DECIMATE 4

/* The fundamental frequency of the PITCH_WINDOW_MS from @from, or 0 when
 * the window is quiet or not voiced (normalised autocorrelation below
 * 0.7). The signal is decimated by averaging, which also low-passes it. */
static double
pitch_hz (Capture *capture,
          gsize    from)
{
  enum {
    RATE = CAPTURE_RATE / PITCH_DECIMATE,
    N = RATE * PITCH_WINDOW_MS / 1000,
    MIN_LAG = RATE / 400,
    MAX_LAG = RATE / 70,
  };
  float x[N + MAX_LAG];
  double r[MAX_LAG + 1];
  double best = 0.0;
  int best_lag = 0;

  if (from + (N + MAX_LAG) * PITCH_DECIMATE > n_samples (capture) ||
      level_db (capture, from, N * PITCH_DECIMATE) < SOUND_DB + 5)
    return 0.0;
  for (int i = 0; i < N + MAX_LAG; i++)
    {
      float sum = 0;

      for (int j = 0; j < PITCH_DECIMATE; j++)
        sum += sample (capture, from + i * PITCH_DECIMATE + j);
      x[i] = sum / PITCH_DECIMATE;
    }
  for (int lag = MIN_LAG; lag <= MAX_LAG; lag++)
    {
      double xy = 0, xx = 0, yy = 0;

      for (int i = 0; i < N; i++)
        {
          xy += (double) x[i] * x[i + lag];
          xx += (double) x[i] * x[i];
          yy += (double) x[i + lag] * x[i + lag];
        }
      r[lag] = xy / sqrt (xx * yy + 1e-20);
      if (r[lag] > best)
        {
          best = r[lag];
          best_lag = lag;
        }
    }
  if (best < 0.7)
    return 0.0;
  /* A multiple of the period correlates as well: take the shortest lag
   * that is a local peak almost as high. */
  for (int lag = MIN_LAG + 1; lag < best_lag; lag++)
    if (r[lag] >= 0.9 * best && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1])
      return (double) RATE / lag;
  return (double) RATE / best_lag;
}

/* The pitch every PITCH_HOP_MS over [from, to). */
static GArray *
pitch_track (Capture *capture,
             gsize    from,
             gsize    to)
{
  GArray *track = doubles_new ();
  gsize hop = ms_to_samples (PITCH_HOP_MS);

  for (gsize i = from; i < MIN (to, n_samples (capture)); i += hop)
    doubles_add (track, pitch_hz (capture, i));
  return track;
}

/* The median pitch of the voiced windows of a track. */
static double
median_pitch (GArray *track)
{
  g_autoptr(GArray) voiced = doubles_new ();

  for (guint i = 0; i < track->len; i++)
    if (g_array_index (track, double, i) > 0)
      doubles_add (voiced, g_array_index (track, double, i));
  return quantile (voiced, 0.5);
}

typedef struct
{
  double  sr_hz;             /* median pitch of the screen reader's stand-in */
  double  app_hz;            /* of the app's voice */
  double  split_hz;          /* between them */
  double  sr_span_ms;        /* the sentence alone: first to last voiced window */
} Voices;

static int
voice_of (Voices *voices,
          double  hz)
{
  if (hz <= 0)
    return VOICE_NONE;
  if ((hz > voices->split_hz) == (voices->sr_hz > voices->split_hz))
    return VOICE_SR;
  return VOICE_APP;
}

typedef struct
{
  gint64 said_us;      /* the screen reader's sentence asked */
  gint64 asked_us;     /* the app's message asked */
  gint64 end_us;       /* the round was over */
} Overlap;

typedef struct
{
  GArray *delay_ms;          /* the app's message asked → heard */
  GArray *remaining_ms;      /* what the screen reader still had to say then */
  GArray *after_stop_ms;     /* the app's onset after the screen reader's last sound */
  guint   n_full;            /* the sentence heard to its end, then the app */
  guint   n_cut;             /* the sentence stopped early, then the app */
  guint   n_over;            /* both voices at once */
} OverlapResults;

/* Each round: where the screen reader's voice starts and last sounds, and
 * where the app's voice starts (five of ten windows in its pitch). */
static void
analyse_overlaps (Capture        *capture,
                  GArray         *overlaps,
                  Voices         *voices,
                  OverlapResults *results)
{
  gsize hop = ms_to_samples (PITCH_HOP_MS), window = ms_to_samples (PITCH_WINDOW_MS);

  for (guint i = 0; i < overlaps->len; i++)
    {
      Overlap *o = &g_array_index (overlaps, Overlap, i);
      gsize from = sample_at (capture, o->said_us);
      gsize asked = sample_at (capture, o->asked_us);
      g_autoptr(GArray) track = pitch_track (capture, from, sample_at (capture, o->end_us));
      guint asked_at = (asked - from) / hop;
      gint sr_first = -1, sr_last = -1, app_first = -1;
      guint sr_during_app = 0;
      gsize sr_end, app_onset;
      gssize sound;
      double span_ms;

      for (guint w = 0; w < track->len; w++)
        if (voice_of (voices, g_array_index (track, double, w)) == VOICE_SR)
          {
            sr_first = w;
            break;
          }
      for (guint w = asked_at; w + 10 <= track->len && app_first < 0; w++)
        {
          guint n_app = 0;

          if (voice_of (voices, g_array_index (track, double, w)) != VOICE_APP)
            continue;
          for (guint v = w; v < w + 10; v++)
            n_app += voice_of (voices, g_array_index (track, double, v)) == VOICE_APP;
          if (n_app >= 5)
            app_first = w;
        }
      if (sr_first < 0)
        die ("the screen reader's sentence was not heard");
      if (app_first < 0)
        die ("the app's message was not heard (no window in its voice's pitch)");
      /* The screen reader's last window before the app's voice, and how
       * much of it there is while the app speaks. */
      for (guint w = sr_first; w < (guint) app_first; w++)
        if (voice_of (voices, g_array_index (track, double, w)) == VOICE_SR)
          sr_last = w;
      for (guint w = app_first; w < MIN (track->len, (guint) app_first + 60); w++)
        sr_during_app += voice_of (voices, g_array_index (track, double, w)) == VOICE_SR;

      /* The screen reader's last sound: the start of the first silence
       * after its last voiced window (a final consonant is not voiced).
       * The app's onset: its first sound after that silence, or its first
       * window if there is no silence between them. */
      sound = start_of_silence (capture, from + sr_last * hop, from + app_first * hop + window, 50);
      sr_end = sound >= 0 ? (gsize) sound : from + app_first * hop;
      sound = sound >= 0 ? first_sound (capture, sr_end, from + app_first * hop + window) : -1;
      app_onset = sound >= 0 ? (gsize) sound : from + app_first * hop;
      span_ms = (sr_last - sr_first) * (double) PITCH_HOP_MS;

      /* Cut means stopped where the app spoke, one to two seconds into the
       * sentence; its length said alone varies by a few hundred
       * milliseconds (speech-dispatcher's pauses at commas). */
      if (sr_during_app >= 10)
        results->n_over++;
      else if (span_ms >= 0.8 * voices->sr_span_ms)
        results->n_full++;
      else
        results->n_cut++;
      if (g_getenv ("BENCH_PLAYER_DEBUG"))
        fprintf (stderr, "overlap %u: sentence voiced from %.0f ms to %.0f ms after it was asked (alone: %.0f ms), "
                 "app asked at %.0f ms, heard at %.0f ms; %u of its first 60 windows in the other voice\n", i,
                 ms_between (o->said_us, time_of (capture, from + sr_first * hop)),
                 ms_between (o->said_us, time_of (capture, from + sr_last * hop)), voices->sr_span_ms,
                 (o->asked_us - o->said_us) / 1000.0, ms_between (o->said_us, time_of (capture, app_onset)),
                 sr_during_app);
      doubles_add (results->delay_ms, ms_between (o->asked_us, time_of (capture, app_onset)));
      doubles_add (results->remaining_ms, ms_between (o->asked_us, time_of (capture, from + sr_first * hop) +
                                                      voices->sr_span_ms * 1000.0));
      doubles_add (results->after_stop_ms, (time_of (capture, app_onset) - time_of (capture, sr_end)) / 1000.0);
    }
}

/* The pitch and voiced span of a voice said alone, from @said_us to
 * @end_us. */
static double
voice_alone (Capture *capture,
             gint64   said_us,
             gint64   end_us,
             double  *span_ms)
{
  g_autoptr(GArray) track = pitch_track (capture, sample_at (capture, said_us), sample_at (capture, end_us));
  gint first = -1, last = -1;

  for (guint w = 0; w < track->len; w++)
    if (g_array_index (track, double, w) > 0)
      {
        if (first < 0)
          first = w;
        last = w;
      }
  if (first < 0)
    die ("a voice said alone was not heard");
  if (span_ms != NULL)
    *span_ms = (last - first) * (double) PITCH_HOP_MS;
  return median_pitch (track);
}

static void
bench_overlap (App            *app,
               guint           rounds,
               GRand          *rand,
               OverlapResults *queued,
               OverlapResults *interrupting,
               Voices         *voices,
               GArray         *capture_delays)
{
  g_autoptr(Capture) capture = capture_start ();
  g_autoptr(GArray) queued_runs = g_array_new (FALSE, FALSE, sizeof (Overlap));
  g_autoptr(GArray) interrupting_runs = g_array_new (FALSE, FALSE, sizeof (Overlap));
  Child child = { 0 };
  gint64 sr_said, sr_done, app_said, app_done_us;

  /* Each voice alone: their pitches, and the sentence's length. */
  sr_said = spd_say_start (LONG_SENTENCE, &child);
  child_wait (&child, "spd-say");
  sr_done = g_get_monotonic_time ();
  run_for (300);
  app_said = app_say (app, APP_MESSAGE, RESSENTI_ANNOUNCE_QUEUE);
  app_wait (app, APP_MESSAGE);
  app_done_us = g_get_monotonic_time ();
  run_for (500);

  for (guint r = 0; r < 2 * rounds; r++)
    {
      gboolean interrupt = r % 2 == 1;
      Overlap o = { 0 };

      o.said_us = spd_say_start (LONG_SENTENCE, &child);
      /* Its speech starts within ~100 ms; the app speaks one to two
       * seconds into it. */
      run_for (1000 + g_rand_int_range (rand, 0, 1000));
      o.asked_us = app_say (app, APP_MESSAGE, interrupt ? RESSENTI_ANNOUNCE_INTERRUPT : RESSENTI_ANNOUNCE_QUEUE);
      child_wait (&child, "spd-say");
      app_wait (app, APP_MESSAGE);
      run_for (300);
      o.end_us = g_get_monotonic_time ();
      g_array_append_val (interrupt ? interrupting_runs : queued_runs, o);
      run_for (200);
    }
  capture_stop (capture);

  voices->sr_hz = voice_alone (capture, sr_said, sr_done, &voices->sr_span_ms);
  voices->app_hz = voice_alone (capture, app_said, app_done_us, NULL);
  voices->split_hz = sqrt (voices->sr_hz * voices->app_hz);
  if (MAX (voices->sr_hz, voices->app_hz) < 1.25 * MIN (voices->sr_hz, voices->app_hz))
    die ("the two voices cannot be told apart by pitch (%.0f Hz and %.0f Hz)", voices->sr_hz, voices->app_hz);

  analyse_overlaps (capture, queued_runs, voices, queued);
  analyse_overlaps (capture, interrupting_runs, voices, interrupting);
  g_array_append_vals (capture_delays, capture->delays_ms->data, capture->delays_ms->len);
}


static void
overlap_results_init (OverlapResults *results)
{
  memset (results, 0, sizeof *results);
  results->delay_ms = doubles_new ();
  results->remaining_ms = doubles_new ();
  results->after_stop_ms = doubles_new ();
}

static void
overlap_results_clear (OverlapResults *results)
{
  g_clear_pointer (&results->delay_ms, g_array_unref);
  g_clear_pointer (&results->remaining_ms, g_array_unref);
  g_clear_pointer (&results->after_stop_ms, g_array_unref);
}

static void
stop_speech_dispatcher (void)
{
  g_autofree char *pid_file = g_build_filename (g_get_user_runtime_dir (), "speech-dispatcher", "pid",
                                                "speech-dispatcher.pid", NULL);
  g_autofree char *contents = NULL;

  /* speech-dispatcher outlives its clients: stop the one this run started
   * (the session's runtime directory is private). */
  if (g_file_get_contents (pid_file, &contents, NULL, NULL) && atoi (contents) > 0)
    kill (atoi (contents), SIGTERM);
}

/* 4. Markers heard during playback */

/* The markers' call: a noise floor, and a click (a short burst of
 * MARKER_CLICK_HZ) at each marker's time, so that the moment playback
 * crosses a marker is seen on the monitor, like the voice that says it. */
#define MARKER_FIRST_S 2.0
#define MARKER_SPACING_S 7.0
#define MARKER_CLICK_MS 10
#define MARKER_CLICK_HZ 3000.0
#define MARKER_CLICK_LEVEL 0.3
/* A marker is placed this long after each one is said, between two. */
#define MARKER_PLACE_AFTER_MS 2500
#define MANY_MARKERS 10000

static double
marker_start_ms (guint k)
{
  return (MARKER_FIRST_S + MARKER_SPACING_S * k) * 1000.0;
}

static void
write_marker_call (const char *path,
                   guint       n_markers)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  guint32 n = (guint32) ((marker_start_ms (n_markers) + 1000.0) * CALL_RATE / 1000.0);
  guint ramp = CALL_RATE / 1000;

  ressenti_test_append_wav_header (out, 1, CALL_RATE, n);
  for (guint32 i = 0; i < n; i++)
    {
      double t_ms = i * 1000.0 / CALL_RATE;
      double v = g_rand_double_range (rand, -1.0, 1.0) * NOISE_RMS * sqrt (3.0);

      for (guint k = 0; k < n_markers; k++)
        {
          double into = t_ms - marker_start_ms (k);

          if (into >= 0 && into < MARKER_CLICK_MS)
            {
              guint at = (guint) (into * CALL_RATE / 1000.0);
              guint left = MARKER_CLICK_MS * CALL_RATE / 1000 - at;
              double gain = MIN (1.0, MIN ((double) at / ramp, (double) left / ramp));

              v += gain * MARKER_CLICK_LEVEL * sin (2.0 * G_PI * MARKER_CLICK_HZ * into / 1000.0);
            }
        }
      ressenti_test_append_sample (out, v);
    }
  if (!g_file_set_contents (path, out->str, out->len, &error))
    die ("cannot write the markers' call: %s", error->message);
}

typedef struct
{
  GArray *lateness_ms;   /* click heard → voice heard */
  GArray *reach_ms;      /* click heard → the watcher announces (its own part) */
  GArray *place_ms;      /* placing asked → voice heard */
  GArray *spacing_ms;    /* |click spacing on the monitor − MARKER_SPACING_S| */
  guint   n_stalled;
  guint   n_missed;
} MarkerResults;

static void
marker_results_init (MarkerResults *results)
{
  memset (results, 0, sizeof *results);
  results->lateness_ms = doubles_new ();
  results->reach_ms = doubles_new ();
  results->place_ms = doubles_new ();
  results->spacing_ms = doubles_new ();
}

static void
marker_results_clear (MarkerResults *results)
{
  g_clear_pointer (&results->lateness_ms, g_array_unref);
  g_clear_pointer (&results->reach_ms, g_array_unref);
  g_clear_pointer (&results->place_ms, g_array_unref);
  g_clear_pointer (&results->spacing_ms, g_array_unref);
}

static void
marker_reached_cb (RessentiMarkerWatcher *watcher,
                   RessentiMarkerItem    *item,
                   GArray                *reached)
{
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (reached, now);
}

static int
compare_marker_items (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return ressenti_marker_compare (ressenti_marker_item_get_marker ((RessentiMarkerItem *) a),
                                  ressenti_marker_item_get_marker ((RessentiMarkerItem *) b));
}

static int
compare_marker_items_indirect (gconstpointer a,
                               gconstpointer b)
{
  return compare_marker_items (*(RessentiMarkerItem **) a, *(RessentiMarkerItem **) b, NULL);
}

static RessentiMarkerItem *
marker_item (gint64      start_ms,
             const char *key)
{
  g_autoptr(RessentiMarker) marker = ressenti_marker_new (start_ms, RESSENTI_SIDE_CUSTOMER, key);

  marker->intensity = 3;
  return ressenti_marker_item_new (marker);
}

/* One run: @n_markers said by the dedicated voice as playback reaches
 * them, among MANY_MARKERS - @n_markers others the filter leaves out when
 * @many (as many markers as one review may hold, one every few
 * milliseconds of the call); after each one, a marker is placed (added to
 * the model, its confirmation said) as a listener's key press would. */
static void
bench_markers_run (App           *app,
                   const char    *call,
                   guint          n_markers,
                   gboolean       many,
                   MarkerResults *results,
                   GArray        *capture_delays)
{
  g_autoptr(RessentiPlayer) player = ressenti_player_new ();
  g_autoptr(RessentiMarkerWatcher) watcher = NULL;
  g_autoptr(GListStore) store = g_list_store_new (RESSENTI_TYPE_MARKER_ITEM);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) reached = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) clicks = doubles_new ();
  g_autoptr(Capture) capture = NULL;
  g_autoptr(GError) error = NULL;
  RessentiMarkerFilter anger = { RESSENTI_MARKER_FILTER_KIND_ALL, RESSENTI_MARKER_FILTER_SIDE_ALL, (char *) "anger" };
  PlayerRun run = { 0 };
  double call_ms = marker_start_ms (n_markers);

  if (!ressenti_player_open (player, call, RESSENTI_CHANNEL_LAYOUT_MONO, &error))
    die ("the player cannot open the markers' call: %s", error->message);
  run.player = player;
  if (!run_until (duration_known, &run, 5000))
    die ("the player did not read the markers' call in 5 s");

  for (guint k = 0; k < n_markers; k++)
    g_ptr_array_add (items, marker_item ((gint64) marker_start_ms (k), "anger"));
  if (many)
    for (guint i = 0; i < MANY_MARKERS - n_markers; i++)
      g_ptr_array_add (items, marker_item ((gint64) (i * call_ms / (MANY_MARKERS - n_markers)) + 1, "other"));
  g_ptr_array_sort (items, compare_marker_items_indirect);
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  watcher = ressenti_marker_watcher_new (player);
  ressenti_marker_watcher_set_markers (watcher, G_LIST_MODEL (store));
  ressenti_marker_watcher_set_announcer (watcher, app->announcer);
  ressenti_marker_watcher_set_mode (watcher, RESSENTI_MARKER_ANNOUNCE_CATEGORY);
  ressenti_marker_watcher_set_filter (watcher, &anger);
  g_signal_connect (watcher, "reached", G_CALLBACK (marker_reached_cb), reached);

  capture = capture_start ();
  ressenti_player_play (player);
  for (guint k = 0; k < n_markers; k++)
    {
      g_autoptr(RessentiMarkerItem) item = NULL;
      g_autofree char *text = NULL;
      gint64 asked;

      run.wait_position = (gint64) marker_start_ms (k) + MARKER_PLACE_AFTER_MS;
      if (!run_until (position_reached, &run, 20000))
        die ("playback of the markers' call did not reach %" G_GINT64_FORMAT " ms", run.wait_position);
      /* A key press: the marker goes into the model in its place, then
       * its confirmation is said. (The app also writes it to the store,
       * in a worker thread: not measured here.) */
      asked = g_get_monotonic_time ();
      item = marker_item (ressenti_player_get_position (player), "frustration");
      g_list_store_insert_sorted (store, item, compare_marker_items, NULL);
      text = ressenti_marker_describe_placed (ressenti_marker_item_get_marker (item),
                                              ressenti_marker_watcher_get_vocabulary (watcher));
      ressenti_announcer_announce (app->announcer, text, RESSENTI_ANNOUNCE_INTERRUPT, RESSENTI_VERBOSITY_TERSE,
                                   RESSENTI_ANNOUNCE_CATEGORY_RESULT);
      g_array_append_val (placed, asked);
    }
  run.wait_position = (gint64) call_ms;
  run_until (position_reached, &run, 20000);
  ressenti_player_pause (player);
  run_for (300);
  capture_stop (capture);
  g_clear_object (&watcher);
  ressenti_player_close (player);

  if (reached->len != n_markers)
    die ("%u markers reached of %u", reached->len, n_markers);
  for (guint k = 0; k < n_markers; k++)
    {
      gint64 r = g_array_index (reached, gint64, k);
      gint64 p = g_array_index (placed, gint64, k);
      gssize click = first_sound (capture, sample_at (capture, r - 150000), sample_at (capture, r + 150000));
      gssize click_end, voice, place_voice;

      if (click < 0)
        {
          results->n_missed++;
          continue;
        }
      doubles_add (clicks, time_of (capture, click) / 1000.0);
      click_end = start_of_silence (capture, click, click + ms_to_samples (200), 5);
      voice = click_end < 0 ? -1 : first_sound (capture, click_end, click_end + ms_to_samples (3000));
      place_voice = first_sound (capture, sample_at (capture, p), sample_at (capture, p) + ms_to_samples (3000));
      if (voice < 0 || place_voice < 0)
        die ("marker %u: the voice was not heard", k);
      if (capture_steady (capture, click, voice))
        {
          doubles_add (results->lateness_ms, (time_of (capture, voice) - time_of (capture, click)) / 1000.0);
          doubles_add (results->reach_ms, ms_between ((gint64) time_of (capture, click), (double) r));
        }
      else
        results->n_stalled++;
      if (capture_steady (capture, sample_at (capture, p), place_voice))
        doubles_add (results->place_ms, ms_between (p, time_of (capture, place_voice)));
      else
        results->n_stalled++;
      if (getenv ("BENCH_PLAYER_DEBUG") != NULL)
        printf ("marker %u%s: reached %+.1f ms from the click, said %.1f ms after it; placing said %.1f ms after\n",
                k, many ? " (10,000)" : "", (r - time_of (capture, click)) / 1000.0,
                (time_of (capture, voice) - time_of (capture, click)) / 1000.0,
                ms_between (p, time_of (capture, place_voice)));
    }
  for (guint k = 1; k < clicks->len; k++)
    doubles_add (results->spacing_ms,
                 fabs (g_array_index (clicks, double, k) - g_array_index (clicks, double, k - 1) -
                       MARKER_SPACING_S * 1000.0));
  g_array_append_vals (capture_delays, capture->delays_ms->data, capture->delays_ms->len);
}

static void
bench_markers (App           *app,
               guint          n_markers,
               MarkerResults *few,
               MarkerResults *many,
               GArray        *capture_delays)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-markers-XXXXXX", &error);
  g_autofree char *call = NULL;

  if (dir == NULL)
    die ("%s", error->message);
  call = g_build_filename (dir, "markers.wav", NULL);
  write_marker_call (call, n_markers);
  /* The first message starts speech-dispatcher's output module. */
  app_say (app, "Prêt.", RESSENTI_ANNOUNCE_QUEUE);
  app_wait (app, "Prêt.");
  bench_markers_run (app, call, n_markers, FALSE, few, capture_delays);
  bench_markers_run (app, call, n_markers, TRUE, many, capture_delays);
  g_unlink (call);
  g_rmdir (dir);
}

/* The report */

/* Rounded to the millisecond, without printing "-0". */
static double
whole_ms (double ms)
{
  return round (ms) + 0.0;
}

/* printf pads by bytes; names have arrows and minus signs. */
static void
print_name (const char *name,
            guint       width)
{
  glong length = g_utf8_strlen (name, -1);

  printf ("%s%*s", name, (int) MAX (1, (glong) width - length), "");
}

#define NAME_WIDTH 46
#define BASELINE_WIDTH 36

static void
print_header (void)
{
  print_name ("metric", NAME_WIDTH);
  printf ("%3s %9s %9s   ", "n", "median", "p95");
  print_name ("baseline (median)", BASELINE_WIDTH);
  printf ("%6s\n", "ratio");
}

static void
print_metric (const char *name,
              GArray     *values,
              const char *baseline_name,
              GArray     *baseline)
{
  double median = quantile (values, 0.5);
  g_autofree char *base = NULL;

  print_name (name, NAME_WIDTH);
  printf ("%3u %6.0f ms %6.0f ms   ", values->len, whole_ms (median), whole_ms (quantile (values, 0.95)));
  if (baseline != NULL)
    {
      double base_median = quantile (baseline, 0.5);

      base = g_strdup_printf ("%.0f ms %s", whole_ms (base_median), baseline_name);
      print_name (base, BASELINE_WIDTH);
      /* A baseline within the resolution makes a ratio of noise. */
      if (base_median >= RESOLUTION_MS)
        printf ("%6.2f", median / base_median);
      else
        printf ("%6.2f*", median / MAX (base_median, 1.0));
    }
  printf ("\n");
}

static void
print_accuracy (const char *name,
                GArray     *errors)
{
  g_autoptr(GArray) magnitudes = doubles_new ();
  guint within = 0;
  double worst = 0.0;

  for (guint i = 0; i < errors->len; i++)
    {
      double e = g_array_index (errors, double, i);

      doubles_add (magnitudes, fabs (e));
      within += fabs (e) <= SEEK_TOLERANCE_MS;
      if (fabs (e) > fabs (worst))
        worst = e;
    }
  print_name (name, NAME_WIDTH);
  printf ("%3u %6.0f ms %6.0f ms   worst %+.0f ms, %u/%u within ±%.0f ms\n", errors->len,
          quantile (magnitudes, 0.5), quantile (magnitudes, 0.95), worst, within, errors->len, SEEK_TOLERANCE_MS);
}

static void
print_overlap (const char     *name,
               OverlapResults *results)
{
  guint n = results->delay_ms->len;

  print_metric (name, results->delay_ms, "rest of SR's sentence", results->remaining_ms);
  printf ("    SR's sentence heard to its end %u/%u, cut %u/%u, talked over %u/%u; "
          "the app's message began %.0f ms (median) after SR's last sound\n",
          results->n_full, n, results->n_cut, n, results->n_over, n, quantile (results->after_stop_ms, 0.5));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GArray) capture_delays = doubles_new ();
  g_autofree char *only = NULL;
  JumpResults seeks, plays, plain_seeks, plain_plays;
  VoiceResults voice = { doubles_new (), doubles_new (), doubles_new (), 0 };
  OverlapResults queued, interrupting;
  MarkerResults few_markers, many_markers;
  Voices voices = { 0 };
  App app = { 0 };
  int n_seeks = 20, n_plain = 5, n_messages = 10, rounds = 3, n_markers = 6, seed = 1;
  gboolean do_player, do_voice, do_overlap, do_markers;
  GOptionEntry entries[] = {
    { "seeks", 0, 0, G_OPTION_ARG_INT, &n_seeks, "Jumps while playing (half as many starts from pause)", "N" },
    { "plain", 0, 0, G_OPTION_ARG_INT, &n_plain, "Jumps and starts of the plain pipeline", "N" },
    { "messages", 0, 0, G_OPTION_ARG_INT, &n_messages, "Messages for the voice latency", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Queued and interrupting messages over the screen reader", "N" },
    { "markers", 0, 0, G_OPTION_ARG_INT, &n_markers, "Markers said during playback, in each of two runs", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the random jump targets and waits", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "player, voice, overlap or markers", "PART" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— how soon the player and the dedicated voice are heard");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1 ||
      n_seeks < 2 || n_plain < 1 || n_messages < 1 || rounds < 1 || n_markers < 2 || n_markers > 100)
    {
      fprintf (stderr, "%s\n", error != NULL ? error->message : "bad arguments (see --help)");
      return 2;
    }
  do_player = only == NULL || g_str_equal (only, "player");
  do_voice = only == NULL || g_str_equal (only, "voice");
  do_overlap = only == NULL || g_str_equal (only, "overlap");
  do_markers = only == NULL || g_str_equal (only, "markers");

  ressenti_media_init ();
  rand = g_rand_new_with_seed (seed);
  jump_results_init (&seeks);
  jump_results_init (&plays);
  jump_results_init (&plain_seeks);
  jump_results_init (&plain_plays);
  overlap_results_init (&queued);
  overlap_results_init (&interrupting);
  marker_results_init (&few_markers);
  marker_results_init (&many_markers);

  if (do_player)
    {
      g_autofree char *dir = g_dir_make_tmp ("bench-player-XXXXXX", &error);
      g_autofree char *call = NULL;

      if (dir == NULL)
        die ("%s", error->message);
      call = g_build_filename (dir, "call.wav", NULL);
      write_call (call);
      progress ("the player: jumps while playing and starts from pause…");
      bench_player (call, n_seeks, rand, &seeks, &plays, capture_delays);
      progress ("a plain GStreamer pipeline, for reference…");
      bench_plain (call, n_plain, rand, &plain_seeks, &plain_plays);
      if (seeks.latency_ms->len == 0 || plays.latency_ms->len == 0 ||
          plain_seeks.latency_ms->len == 0 || plain_plays.latency_ms->len == 0)
        die ("no jump or no start of one kind could be measured (see above)");
      g_unlink (call);
      g_rmdir (dir);
    }

  if (do_voice || do_overlap || do_markers)
    {
      app.voice = ressenti_voice_new ();
      if (!ressenti_voice_wait_ready (app.voice, 15000) || !ressenti_voice_get_available (app.voice))
        die ("the dedicated voice is not available: %s",
             ressenti_voice_get_error (app.voice) != NULL ? ressenti_voice_get_error (app.voice) : "timed out");
      ressenti_voice_set_language (app.voice, "fr");
      g_signal_connect (app.voice, "notify::speaking", G_CALLBACK (speaking_cb), &app);
      app.announcer = ressenti_announcer_new ();
      ressenti_announcer_add_backend (app.announcer, RESSENTI_ANNOUNCER_BACKEND (app.voice));
    }
  if (do_voice)
    {
      progress ("the dedicated voice against spd-say and espeak-ng…");
      bench_voice (&app, n_messages, &voice, capture_delays);
      if (voice.app_ms->len == 0 || voice.spd_say_ms->len == 0 || voice.espeak_ms->len == 0)
        die ("the capture stalled at every message of one speaker: the machine is too busy to measure");
    }
  if (do_overlap)
    {
      progress ("the app's voice while another client (the screen reader) speaks at SPD_MESSAGE…");
      bench_overlap (&app, rounds, rand, &queued, &interrupting, &voices, capture_delays);
    }
  if (do_markers)
    {
      progress ("markers said by the dedicated voice as playback reaches them, among 6 and among 10,000…");
      bench_markers (&app, n_markers, &few_markers, &many_markers, capture_delays);
      if (few_markers.lateness_ms->len == 0 || many_markers.lateness_ms->len == 0 ||
          few_markers.place_ms->len == 0 || many_markers.place_ms->len == 0)
        die ("the capture stalled at every marker of one run: the machine is too busy to measure");
    }

  printf ("\n");
  print_header ();
  if (do_player)
    {
      print_metric ("seek while playing → target heard", seeks.latency_ms, "play from pause", plays.latency_ms);
      print_metric ("play from pause → heard", plays.latency_ms, NULL, NULL);
      print_accuracy ("seek accuracy |landed − target|", seeks.error_ms);
      print_accuracy ("play-from-pause accuracy |landed − target|", plays.error_ms);
      print_metric ("seek → received, nothing subtracted", seeks.received_ms, "play from pause, same",
                    plays.received_ms);
      print_metric ("plain pipeline: seek → heard", plain_seeks.latency_ms, "plain play from pause",
                    plain_plays.latency_ms);
      print_metric ("plain pipeline: play from pause → heard", plain_plays.latency_ms, NULL, NULL);
      print_metric ("seek: the player against the plain pipeline", seeks.latency_ms, "plain seek",
                    plain_seeks.latency_ms);
    }
  if (do_voice)
    {
      print_metric ("voice: announce → speech heard", voice.app_ms, "espeak-ng run directly", voice.espeak_ms);
      print_metric ("voice: announce → speech heard", voice.app_ms, "spd-say, same server", voice.spd_say_ms);
      print_metric ("spd-say → speech heard", voice.spd_say_ms, NULL, NULL);
      print_metric ("espeak-ng run directly → speech heard", voice.espeak_ms, NULL, NULL);
      print_name ("voice: first message (output module starts)", NAME_WIDTH);
      if (isnan (voice.cold_ms))
        printf ("%3u %9s\n", 0, "stalled");
      else
        printf ("%3u %6.0f ms\n", 1, whole_ms (voice.cold_ms));
    }
  if (do_overlap)
    {
      print_overlap ("voice QUEUE while SR talks → heard", &queued);
      print_overlap ("voice INTERRUPT while SR talks → heard", &interrupting);
      printf ("SR: another speech-dispatcher client (spd-say -P message, Orca's priority) saying a %.1f s "
              "sentence; the app speaks 1 to 2 s into it. Voices told apart by pitch: SR %.0f Hz, the app %.0f Hz.\n",
              voices.sr_span_ms / 1000.0, voices.sr_hz, voices.app_hz);
    }
  if (do_markers)
    {
      g_autofree char *few_name = g_strdup_printf ("same, %d markers", n_markers);

      print_metric ("marker crossed → voice heard", few_markers.lateness_ms, "placing → voice heard", few_markers.place_ms);
      print_metric ("marker crossed → voice heard, 10,000 markers", many_markers.lateness_ms, few_name,
                    few_markers.lateness_ms);
      print_metric ("marker crossed → announced (the watcher)", few_markers.reach_ms, NULL, NULL);
      print_metric ("the same, 10,000 markers", many_markers.reach_ms, few_name, few_markers.reach_ms);
      print_metric ("placing → voice heard, 10,000 markers", many_markers.place_ms, few_name, few_markers.place_ms);
      print_metric ("|click spacing − 7 s|, 10,000 markers", many_markers.spacing_ms, few_name,
                    few_markers.spacing_ms);
      printf ("Markers: the call clicks at each marker; \"crossed → heard\" runs from the click to the voice, "
              "both on the monitor (the capture's delay cancels out); target < 150 ms. 10,000 markers: the "
              "voice's markers among 9,9%02d others one every few milliseconds, left out by the filter. "
              "Placing: the marker inserted into the model, then its confirmation said.\n", 100 - n_markers);
      if (few_markers.n_missed + many_markers.n_missed + few_markers.n_stalled + many_markers.n_stalled > 0)
        printf ("Markers whose click was not found: %u; measurements left out, the capture stalled: %u.\n",
                few_markers.n_missed + many_markers.n_missed, few_markers.n_stalled + many_markers.n_stalled);
    }
  if (seeks.n_missed + plays.n_missed + plain_seeks.n_missed + plain_plays.n_missed > 0)
    printf ("Never heard before the next action: %u jumps, %u starts from pause, %u of the plain pipeline.\n",
            seeks.n_missed, plays.n_missed, plain_seeks.n_missed + plain_plays.n_missed);
  if (seeks.n_stalled + plays.n_stalled + plain_seeks.n_stalled + plain_plays.n_stalled + voice.n_stalled > 0)
    printf ("Left out, because the capture stalled meanwhile (a busy machine): %u jumps, %u starts from pause, "
            "%u of the plain pipeline, %u messages.\n", seeks.n_stalled, plays.n_stalled,
            plain_seeks.n_stalled + plain_plays.n_stalled, voice.n_stalled);
  printf ("Times run from the call to when the sound reached the null sink's monitor (PulseAudio mixed it), "
          "to about ±%.0f ms; a sound card adds its own output latency to every row. * ratio to a baseline "
          "within that resolution: indicative only.\n", RESOLUTION_MS);
  printf ("Subtracted from every time, the capture's own delay: median %.1f ms, p95 %.1f ms, max %.1f ms "
          "(%u buffers).\n",
          quantile (capture_delays, 0.5), quantile (capture_delays, 0.95), quantile (capture_delays, 1.0),
          capture_delays->len);
  fflush (stdout);
  progress ("done");

  /* speech-dispatcher first: libspeechd 0.11's spd_close(), in the voice's
   * dispose, cancels the connection's reader thread while it waits for the
   * server inside getline() holding the stream's lock, then blocks forever
   * on that lock (seen here). With the server gone the reader thread has
   * already returned. tests/test-voice.c ends in the same order. */
  if (do_voice || do_overlap || do_markers)
    {
      stop_speech_dispatcher ();
      run_for (500);
    }
  g_clear_object (&app.announcer);
  g_clear_object (&app.voice);

  g_array_unref (voice.app_ms);
  g_array_unref (voice.spd_say_ms);
  g_array_unref (voice.espeak_ms);
  overlap_results_clear (&queued);
  overlap_results_clear (&interrupting);
  marker_results_clear (&few_markers);
  marker_results_clear (&many_markers);
  jump_results_clear (&seeks);
  jump_results_clear (&plays);
  jump_results_clear (&plain_seeks);
  jump_results_clear (&plain_plays);
  return 0;
}
