/* ressenti-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pipeline:
 *
 *   filesrc ! decodebin ! audioconvert ! F32 stereo ! scaletempo
 *     ! audioconvert (split: L R L R) ! F32 4 channels ! deinterleave
 *        src_0 (L) ! queue ! volume a ─┐
 *        src_1 (R) ! queue ! volume b ─┤
 *        src_2 (L) ! queue ! volume c ─┤ interleave
 *        src_3 (R) ! queue ! volume d ─┘
 *     ! audioconvert (join: left = 0 + 1, right = 2 + 3) ! F32 stereo
 *     ! volume ! audioconvert ! audioresample ! autoaudiosink
 *
 * Channel focus is a 2×2 matrix applied while playing: left out = a·L + b·R,
 * right out = c·L + d·R. audioconvert's mix-matrix cannot change once
 * negotiated (GStreamer 1.22), so the two matrices are fixed and the four
 * gains are live `volume` elements: (1 0 0 1) is the original stereo image,
 * (0 1 0 1) the right side in both ears, (1 0 1 0) the left side. A mono
 * call is made stereo first, so the graph is the same for every file.
 *
 * Ducking (the call lowered while the app speaks or plays an earcon) is a
 * gain applied by a buffer probe in front of the volume element: the
 * gain moves towards the level asked for over DUCK_RAMP_MS, sample by
 * sample, so the change makes no click, and the user's volume is left
 * as it is. A `volume` element would jump at once.
 *
 * Speed is a seek with a rate; scaletempo keeps the pitch. A–B loops are
 * segment seeks: when the source has sent everything up to B, a
 * non-flushing seek back to A follows while the queued audio still plays,
 * so the listener hears no gap.
 *
 * Bus messages are handled by a bus watch on the creator's main context;
 * nothing is emitted from a streaming thread.
 *
 * GStreamer 1.22 traps worked around here, each found by tests/test-player:
 * - a flushing seek sent to the pipeline reaches interleave, which
 *   deadlocks in PAUSED: seeks are sent upstream from before scaletempo;
 * - scaletempo replays up to ~50 ms of the old position after a flush:
 *   it is replaced by a fresh one during the flush (replace_tempo());
 * - scaletempo's empty first buffer at speeds below 1 makes interleave
 *   end the stream: empty buffers are dropped;
 * - the bus's SEGMENT_DONE cannot be told from a stale one: the end of a
 *   loop pass is taken from the stream itself (segment_events_cb());
 * - autoaudiosink falls back silently to a fakesink: that is reported as
 *   "no audio output";
 * - pulsesink's clock (libpulse 16) now and then leaps thousands of years
 *   ahead after the quick cork and uncork of a flushing seek while
 *   playing, and stays there (its time never runs backwards): playback
 *   would stay stuck for good. The leap is detected and the pipeline
 *   rebuilt where the listener is (check_clock()).
 */
#include "config.h"

#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/audio/audio.h>

#include "ressenti-media.h"
#include "ressenti-player.h"
#include "ressenti-spoken.h"

#define POSITION_INTERVAL_MS 50
/* Opening or a jump that has not settled after this long is a failure: the
 * player must never hang silently. */
#define SETTLE_TIMEOUT_S 5
#define N_FOCUS_GAINS 4
/* How long a change of the duck level takes to be made, whatever its size. */
#define DUCK_RAMP_MS 40
/* What the sink keeps ahead of the loudspeaker, and so how late a change
 * of volume or duck level is heard: the call must be lowered soon after a
 * voice or an earcon starts. GStreamer's default is 200 ms; with 50 ms the
 * sound server ran dry in a third of the runs of tests/test-ducker on a
 * loaded two-core machine (an audible gap), with 100 ms once in twelve,
 * unheard. */
#define OUTPUT_BUFFER_MS 100
/* How far the pipeline's clock may run ahead of the system's between two
 * readings before it is taken as broken (see check_clock()). The leap seen
 * is of thousands of years; a clock that is merely inaccurate drifts by
 * milliseconds. */
#define CLOCK_LEAP_MAX_S 60

struct _RessentiPlayer
{
  GObject                parent_instance;

  GMainContext          *context;
  GstElement            *pipeline;
  GstElement            *decoded_convert;   /* where decodebin links */
  GstElement            *focus_gain[N_FOCUS_GAINS];
  GstElement            *volume_element;
  GstElement            *sink;
  /* scaletempo, and the elements around it: it is replaced after a flush
   * (see replace_tempo()). Seeks are sent upstream from before it. */
  GstElement            *tempo;
  GstElement            *before_tempo;
  GstElement            *after_tempo;
  GstPad                *seek_pad;
  gint                   tempo_used;        /* atomic: it has stretched */
  GSource               *bus_source;
  GSource               *position_source;
  GSource               *settle_source;
  GFileMonitor          *monitor;

  char                  *path;
  char                  *file_name;         /* base name, for messages */
  char                  *title;             /* or what the caller named it */
  RessentiChannelLayout  layout;
  guint                  channels;          /* decoded; 0 until prerolled */

  RessentiPlayerState    state;
  RessentiChannelFocus   focus;
  gint64                 position_ms;
  gint64                 duration_ms;
  double                 speed;
  double                 volume;
  gint64                 loop_start_ms;
  gint64                 loop_end_ms;
  gboolean               looping;
  /* Counts the flushing seeks issued, and the count as it was when the
   * last flush passed scaletempo (set in a streaming thread). */
  guint                  flush_serial;
  guint                  flushed_serial;

  /* The duck level asked for (main thread; read by the streaming thread
   * under duck_lock), and the gain applied now and its step per frame
   * towards it (streaming thread only). */
  GMutex                 duck_lock;
  double                 duck;
  double                 duck_gain;
  double                 duck_target;
  double                 duck_step;
  int                    duck_rate;

  gboolean               prerolled;
  /* The pipeline has played since it last prerolled from READY; until it
   * has, play() starts it cold (see start_cold). */
  gboolean               started;
  gboolean               play_when_settled;
  gboolean               seeking;           /* a flushing seek is settling */
  gint64                 pending_seek_ms;   /* to do once settled, or -1 */
  gboolean               at_end;
  gboolean               failed;

  /* When the pipeline was built, and the last reading of its clock with
   * the system's time then (see check_clock()). */
  gint64                 built_us;
  GstClockTime           clock_reading;
  gint64                 clock_reading_us;
};

G_DEFINE_FINAL_TYPE (RessentiPlayer, ressenti_player, G_TYPE_OBJECT)

G_DEFINE_QUARK (ressenti-player-error-quark, ressenti_player_error)

G_DEFINE_ENUM_TYPE (RessentiPlayerState, ressenti_player_state,
  G_DEFINE_ENUM_VALUE (RESSENTI_PLAYER_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (RESSENTI_PLAYER_STATE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (RESSENTI_PLAYER_STATE_PLAYING, "playing"))

G_DEFINE_ENUM_TYPE (RessentiChannelFocus, ressenti_channel_focus,
  G_DEFINE_ENUM_VALUE (RESSENTI_CHANNEL_FOCUS_BOTH, "both"),
  G_DEFINE_ENUM_VALUE (RESSENTI_CHANNEL_FOCUS_CUSTOMER, "customer"),
  G_DEFINE_ENUM_VALUE (RESSENTI_CHANNEL_FOCUS_AGENT, "agent"))

enum {
  PROP_0,
  PROP_POSITION,
  PROP_DURATION,
  PROP_STATE,
  PROP_SPEED,
  PROP_VOLUME,
  PROP_DUCK,
  PROP_CHANNEL_FOCUS,
  PROP_LOOP_START,
  PROP_LOOP_END,
  N_PROPS
};

enum {
  ERROR,
  END_OF_STREAM,
  JUMPED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The four gains of the focus matrix: (L→left, R→left, L→right, R→right). */
static const double gains_both[N_FOCUS_GAINS] = { 1.0, 0.0, 0.0, 1.0 };
static const double gains_left[N_FOCUS_GAINS] = { 1.0, 0.0, 1.0, 0.0 };
static const double gains_right[N_FOCUS_GAINS] = { 0.0, 1.0, 0.0, 1.0 };

/* Stereo in, L R L R out (rows are output channels). */
static const float split_matrix[4 * 2] = {
  1, 0,
  0, 1,
  1, 0,
  0, 1,
};
/* Four channels in, left = 0 + 1, right = 2 + 3 out. */
static const float join_matrix[2 * 4] = {
  1, 1, 0, 0,
  0, 0, 1, 1,
};

static void ressenti_player_fail (RessentiPlayer *self,
                                  GError         *error);
static void issue_seek           (RessentiPlayer *self,
                                  gint64          position_ms,
                                  gboolean        flush);
static void read_stream_facts    (RessentiPlayer *self);
static void start_cold_at        (RessentiPlayer *self,
                                  gint64          position_ms);
static void start_position_ticks (RessentiPlayer *self);

/* Properties and small helpers */

static void
set_position (RessentiPlayer *self,
              gint64          position_ms)
{
  if (self->duration_ms > 0)
    position_ms = MIN (position_ms, self->duration_ms);
  position_ms = MAX (position_ms, 0);
  if (self->position_ms == position_ms)
    return;
  self->position_ms = position_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static void
set_duration (RessentiPlayer *self,
              gint64          duration_ms)
{
  if (self->duration_ms == duration_ms)
    return;
  self->duration_ms = duration_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

/* pulsesink's clock is libpulse's pa_stream_get_time(). With PulseAudio 16
 * it now and then leaps thousands of years ahead right after the stream is
 * uncorked a few milliseconds after being corked — the flush of a jump
 * made while playing, then the first write of the new audio; about once in
 * 150 such jumps on a null sink. The times read all end in 616 ns: a 64-bit
 * count of microseconds that wrapped below zero (the timing smoother's
 * unsigned arithmetic, most likely), times 1000. libpulse's time never
 * runs backwards, so the clock stays there: the running time stops, the
 * position no longer moves, and the sink ends up waiting for room on the
 * sound server for good; later jumps, pause and play do not help. Nothing
 * brings that stream back, so the pipeline is built again where the
 * listener is (the cold start path) as soon as a reading shows the leap:
 * one gap of a few tens of milliseconds, in a run of jumps. Returns TRUE
 * if it did so. */
static gboolean
check_clock (RessentiPlayer *self)
{
  g_autoptr(GstClock) clock = NULL;
  GstClockTime time;
  gint64 now_us = g_get_monotonic_time ();
  GstClockTime leap_max = CLOCK_LEAP_MAX_S * GST_SECOND;
  gboolean broken = FALSE;

  if (self->pipeline == NULL || !self->started)
    return FALSE;
  clock = gst_element_get_clock (self->pipeline);
  if (clock == NULL)
    return FALSE;
  time = gst_clock_get_time (clock);
  if (!GST_CLOCK_TIME_IS_VALID (time))
    return FALSE;

  /* Ahead of the system's time since the last reading... */
  if (GST_CLOCK_TIME_IS_VALID (self->clock_reading) && time > self->clock_reading &&
      time - self->clock_reading > (GstClockTime) (now_us - self->clock_reading_us) * GST_USECOND + leap_max)
    broken = TRUE;
  /* ...or, for an audio sink's clock (the time its stream has played), of
   * the time since the pipeline was built: a leap while paused. */
  if (GST_IS_AUDIO_CLOCK (clock) &&
      time > (GstClockTime) (now_us - self->built_us) * GST_USECOND + leap_max)
    broken = TRUE;
  self->clock_reading = time;
  self->clock_reading_us = now_us;
  if (!broken)
    return FALSE;

  g_debug ("The audio clock leapt to %" GST_TIME_FORMAT ": the player starts again at %" G_GINT64_FORMAT " ms",
           GST_TIME_ARGS (time), self->pending_seek_ms >= 0 ? self->pending_seek_ms : self->position_ms);
  start_cold_at (self, self->pending_seek_ms >= 0 ? self->pending_seek_ms : self->position_ms);
  return TRUE;
}

static gboolean
position_tick_cb (gpointer user_data)
{
  RessentiPlayer *self = user_data;
  gint64 position = 0;

  if (self->state == RESSENTI_PLAYER_STATE_PLAYING && check_clock (self))
    {
      /* The ticks stopped with the old pipeline. */
      if (self->state == RESSENTI_PLAYER_STATE_PLAYING)
        start_position_ticks (self);
      return G_SOURCE_REMOVE;
    }

  /* While a jump settles the pipeline still reports the old position; the
   * target was published when the jump was asked for. */
  if (!self->seeking && self->prerolled && self->pending_seek_ms < 0 &&
      gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position))
    set_position (self, position / GST_MSECOND);
  /* An MP3 without a Xing or Info header has no duration until the parser
   * has seen enough of it. */
  if (self->duration_ms < 0 && self->prerolled)
    read_stream_facts (self);
  return G_SOURCE_CONTINUE;
}

static void
stop_position_ticks (RessentiPlayer *self)
{
  if (self->position_source != NULL)
    g_source_destroy (self->position_source);
  g_clear_pointer (&self->position_source, g_source_unref);
}

static void
start_position_ticks (RessentiPlayer *self)
{
  if (self->position_source != NULL)
    return;
  self->position_source = g_timeout_source_new (POSITION_INTERVAL_MS);
  g_source_set_callback (self->position_source, position_tick_cb, self, NULL);
  g_source_set_name (self->position_source, "[ressenti] player position");
  g_source_attach (self->position_source, self->context);
}

static void
set_state (RessentiPlayer      *self,
           RessentiPlayerState  state)
{
  if (state == RESSENTI_PLAYER_STATE_PLAYING)
    start_position_ticks (self);
  else
    stop_position_ticks (self);

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_loop_points (RessentiPlayer *self,
                 gint64          start_ms,
                 gint64          end_ms)
{
  if (self->loop_start_ms != start_ms)
    {
      self->loop_start_ms = start_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOP_START]);
    }
  if (self->loop_end_ms != end_ms)
    {
      self->loop_end_ms = end_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOP_END]);
    }
  self->looping = start_ms >= 0 && end_ms > start_ms;
}

static const char *
display_name (RessentiPlayer *self)
{
  if (self->title != NULL)
    return self->title;
  return self->file_name != NULL ? self->file_name : "";
}

/* Where playback is now: a jump not yet settled counts as done. */
static gint64
current_position (RessentiPlayer *self)
{
  gint64 position = 0;

  if (self->pending_seek_ms >= 0)
    return self->pending_seek_ms;
  if (!self->seeking && self->prerolled && !self->at_end &&
      gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position))
    return position / GST_MSECOND;
  return self->position_ms;
}

/* Errors */

static gboolean
message_is_from (GstMessage *message,
                 GstElement *element)
{
  GstObject *src = GST_MESSAGE_SRC (message);

  return element != NULL && src != NULL &&
         (src == GST_OBJECT (element) || gst_object_has_as_ancestor (src, GST_OBJECT (element)));
}

static GError *
no_output_error (void)
{
  return g_error_new_literal (RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_NO_OUTPUT,
                              _("No audio output is available. Check that a sound device is connected and that the sound server (PulseAudio or PipeWire) is running."));
}

/* Import decodes every file to the end, so this is rare: a file damaged
 * in the library since, or one GStreamer reads differently when seeking.
 * Saying where it broke lets the listener skip past it. */
static GError *
undecodable_error (RessentiPlayer *self)
{
  g_autofree char *at = NULL;

  if (!self->prerolled || self->position_ms < 1000)
    return g_error_new (RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_UNDECODABLE,
                        _("The recording “%s” cannot be played: the file is damaged or is not audio Ressenti can read."),
                        display_name (self));
  at = ressenti_spoken_duration (self->position_ms);
  return g_error_new (RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_UNDECODABLE,
                      _("The recording “%s” is damaged: it cannot be played after %s."),
                      display_name (self), at);
}

static GError *
vanished_error (RessentiPlayer *self)
{
  return g_error_new (RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_VANISHED,
                      _("The recording “%s” is no longer in the library folder."),
                      display_name (self));
}

/* Turns a GStreamer error into one a listener can act on. */
static GError *
translate_gst_error (RessentiPlayer *self,
                     GstMessage     *message,
                     const GError   *gst_error)
{
  if (message_is_from (message, self->sink))
    return no_output_error ();

  if (self->path != NULL && !g_file_test (self->path, G_FILE_TEST_EXISTS))
    return vanished_error (self);

  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ) ||
      g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED) ||
      g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ))
    return g_error_new (RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_UNREADABLE,
                        _("The recording “%s” cannot be read: check the permissions of the library folder."),
                        display_name (self));

  if (g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN) ||
      g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND))
    return g_error_new (RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_MISSING_PLUGIN,
                        _("The recording “%s” cannot be played: the GStreamer plugin for its format is not installed."),
                        display_name (self));

  if (gst_error->domain == GST_STREAM_ERROR)
    return undecodable_error (self);

  return g_error_new (RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_FAILED,
                      _("The recording “%s” cannot be played: %s"),
                      display_name (self), gst_error->message);
}

static GError *
error_from_message (RessentiPlayer *self,
                    GstMessage     *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("Player error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (message),
           gst_error->message, debug != NULL ? debug : "");
  return translate_gst_error (self, message, gst_error);
}

/* The watchdog for opening and jumping */

static gboolean
settle_timeout_cb (gpointer user_data)
{
  RessentiPlayer *self = user_data;

  g_clear_pointer (&self->settle_source, g_source_unref);
  /* Seen with damaged Ogg files: the demuxer waits for a page that never
   * comes. */
  ressenti_player_fail (self, undecodable_error (self));
  return G_SOURCE_REMOVE;
}

static void
stop_settle_watchdog (RessentiPlayer *self)
{
  if (self->settle_source != NULL)
    g_source_destroy (self->settle_source);
  g_clear_pointer (&self->settle_source, g_source_unref);
}

static void
start_settle_watchdog (RessentiPlayer *self)
{
  stop_settle_watchdog (self);
  self->settle_source = g_timeout_source_new_seconds (SETTLE_TIMEOUT_S);
  g_source_set_callback (self->settle_source, settle_timeout_cb, self, NULL);
  g_source_set_name (self->settle_source, "[ressenti] player watchdog");
  g_source_attach (self->settle_source, self->context);
}

/* The pipeline */

static void
tear_down_pipeline (RessentiPlayer *self)
{
  stop_position_ticks (self);
  stop_settle_watchdog (self);
  if (self->bus_source != NULL)
    g_source_destroy (self->bus_source);
  g_clear_pointer (&self->bus_source, g_source_unref);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
    }
  g_clear_object (&self->monitor);

  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->seek_pad);
  self->tempo = self->before_tempo = self->after_tempo = NULL;
  for (guint i = 0; i < N_FOCUS_GAINS; i++)
    self->focus_gain[i] = NULL;
  self->decoded_convert = NULL;
  self->volume_element = NULL;
  self->sink = NULL;
}

/* Stops everything, keeps what is needed to say what happened, and emits
 * ::error. Takes @error. */
static void
ressenti_player_fail (RessentiPlayer *self,
                      GError         *error)
{
  g_autoptr(GError) owned = error;

  if (self->failed)
    return;
  self->failed = TRUE;
  tear_down_pipeline (self);
  self->seeking = FALSE;
  self->pending_seek_ms = -1;
  set_state (self, RESSENTI_PLAYER_STATE_STOPPED);
  g_signal_emit (self, signals[ERROR], 0, owned);
}

static GstElement *
add_element (GstElement  *pipeline,
             const char  *factory,
             const char  *name,
             GError     **error)
{
  GstElement *element;

  if (error != NULL && *error != NULL)
    return NULL;
  element = gst_element_factory_make (factory, name);
  if (element == NULL)
    {
      g_set_error (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_MISSING_PLUGIN,
                   _("Playing needs the GStreamer element “%s”: install the GStreamer base and good plugins (gstreamer1.0-plugins-base, gstreamer1.0-plugins-good)."),
                   factory);
      return NULL;
    }
  gst_bin_add (GST_BIN (pipeline), element);
  return element;
}

static GstElement *
add_capsfilter (GstElement  *pipeline,
                const char  *caps_string,
                GError     **error)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string (caps_string);
  GstElement *filter = add_element (pipeline, "capsfilter", NULL, error);

  if (filter != NULL)
    g_object_set (filter, "caps", caps, NULL);
  return filter;
}

static void
set_mix_matrix (GstElement  *convert,
                guint        out_channels,
                guint        in_channels,
                const float *gains)
{
  GValue matrix = G_VALUE_INIT;

  g_value_init (&matrix, GST_TYPE_ARRAY);
  for (guint out = 0; out < out_channels; out++)
    {
      GValue row = G_VALUE_INIT;

      g_value_init (&row, GST_TYPE_ARRAY);
      for (guint in = 0; in < in_channels; in++)
        {
          GValue gain = G_VALUE_INIT;

          g_value_init (&gain, G_TYPE_FLOAT);
          g_value_set_float (&gain, gains[out * in_channels + in]);
          gst_value_array_append_and_take_value (&row, &gain);
        }
      gst_value_array_append_and_take_value (&matrix, &row);
    }
  g_object_set_property (G_OBJECT (convert), "mix-matrix", &matrix);
  g_value_unset (&matrix);
}

static GstElement *
make_sink (GError **error)
{
  const char *description = NULL;
  GstElement *sink = ressenti_media_make_audio_sink (OUTPUT_BUFFER_MS, &description);

  if (sink == NULL)
    g_set_error (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_MISSING_PLUGIN,
                 _("Playing needs the GStreamer element “%s”: install the GStreamer base and good plugins (gstreamer1.0-plugins-base, gstreamer1.0-plugins-good)."),
                 description);
  return sink;
}

/* Called from a streaming thread: only link here, to an element of the
 * same pipeline (never through the player, whose pipeline may have been
 * replaced meanwhile). */
static void
decodebin_pad_added_cb (GstElement *decodebin,
                        GstPad     *pad,
                        GstElement *convert)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr(GstPad) sink_pad = NULL;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (!g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps, 0)), "audio/"))
    return;
  sink_pad = gst_element_get_static_pad (convert, "sink");
  if (!gst_pad_is_linked (sink_pad))
    gst_pad_link (pad, sink_pad);
}

static void
deinterleave_pad_added_cb (GstElement *deinterleave,
                           GstPad     *pad,
                           GstElement *queues[N_FOCUS_GAINS])
{
  g_autofree char *name = gst_pad_get_name (pad);
  guint64 index = 0;
  g_autoptr(GstPad) queue_pad = NULL;

  if (!g_str_has_prefix (name, "src_") ||
      !g_ascii_string_to_unsigned (name + 4, 10, 0, N_FOCUS_GAINS - 1, &index, NULL))
    return;
  queue_pad = gst_element_get_static_pad (queues[index], "sink");
  if (!gst_pad_is_linked (queue_pad))
    gst_pad_link (pad, queue_pad);
}

/* scaletempo sends an empty buffer while it gathers its first window (at
 * speeds below 1), and interleave takes a round of empty inputs for the
 * end of the stream: playback would stop at once. Nothing is lost by
 * dropping them. */
static GstPadProbeReturn
drop_empty_buffer_cb (GstPad          *pad,
                      GstPadProbeInfo *info,
                      gpointer         user_data)
{
  if (gst_buffer_get_size (GST_PAD_PROBE_INFO_BUFFER (info)) == 0)
    return GST_PAD_PROBE_DROP;
  return GST_PAD_PROBE_OK;
}

/* In stream order: a flush carries the serial of the seek that caused it
 * (the seek is sent from the main thread, and the flush passes here before
 * the call returns); the end of a segment is reported with the serial of
 * the last flush before it. The bus's SEGMENT_DONE message cannot be
 * matched to its seek. */
static GstPadProbeReturn
segment_events_cb (GstPad          *pad,
                   GstPadProbeInfo *info,
                   RessentiPlayer  *self)
{
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstFormat format;
  gint64 position = -1;

  switch (GST_EVENT_TYPE (event))
    {
    case GST_EVENT_FLUSH_STOP:
      g_atomic_int_set (&self->flushed_serial, g_atomic_int_get (&self->flush_serial));
      break;

    case GST_EVENT_SEGMENT:
      {
        const GstSegment *segment;

        /* scaletempo turns a segment with a rate into one with an
         * applied rate when it stretches. */
        gst_event_parse_segment (event, &segment);
        if (segment->applied_rate != 1.0)
          g_atomic_int_set (&self->tempo_used, 1);
      }
      break;

    case GST_EVENT_SEGMENT_DONE:
      gst_event_parse_segment_done (event, &format, &position);
      gst_element_post_message (self->pipeline,
                                gst_message_new_application (GST_OBJECT (self->pipeline),
                                                             gst_structure_new ("ressenti-segment-done",
                                                                                "serial", G_TYPE_UINT, (guint) g_atomic_int_get (&self->flushed_serial),
                                                                                "position", G_TYPE_INT64, format == GST_FORMAT_TIME ? position : (gint64) -1,
                                                                                NULL)));
      break;

    default:
      break;
    }
  return GST_PAD_PROBE_OK;
}

/* scaletempo (GStreamer 1.22) keeps up to ~50 ms of input in its window
 * across a flush and plays it after the jump: a blip of the old position.
 * So after a flush, while nothing streams (the source is stopped until the
 * flush is over), a scaletempo that has stretched is swapped for a fresh
 * one. Called in the thread that seeks, from the probe below. */
static void
replace_tempo (RessentiPlayer *self)
{
  GstElement *fresh = gst_element_factory_make ("scaletempo", NULL);
  GstElement *old = self->tempo;

  if (fresh == NULL)
    return;
  gst_element_unlink_many (self->before_tempo, old, self->after_tempo, NULL);
  gst_bin_add (GST_BIN (self->pipeline), fresh);
  if (!gst_element_link_many (self->before_tempo, fresh, self->after_tempo, NULL))
    g_warning ("Cannot link a new scaletempo");
  gst_element_sync_state_with_parent (fresh);
  gst_element_set_state (old, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (self->pipeline), old);
  self->tempo = fresh;
  g_atomic_int_set (&self->tempo_used, 0);
}

static GstPadProbeReturn
flush_stop_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               RessentiPlayer  *self)
{
  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_FLUSH_STOP &&
      g_atomic_int_get (&self->tempo_used))
    replace_tempo (self);
  return GST_PAD_PROBE_OK;
}

/* The duck gain, on float stereo frames in front of the user's volume.
 * In a streaming thread. */
static GstPadProbeReturn
duck_probe_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               RessentiPlayer  *self)
{
  GstBuffer *buffer;
  GstMapInfo map;
  float *frames;
  gsize n_frames;
  double target;

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

      if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS)
        {
          GstCaps *caps;

          gst_event_parse_caps (event, &caps);
          gst_structure_get_int (gst_caps_get_structure (caps, 0), "rate", &self->duck_rate);
        }
      return GST_PAD_PROBE_OK;
    }

  g_mutex_lock (&self->duck_lock);
  target = self->duck;
  g_mutex_unlock (&self->duck_lock);
  if (target != self->duck_target)
    {
      self->duck_target = target;
      self->duck_step = (target - self->duck_gain) / MAX (self->duck_rate * DUCK_RAMP_MS / 1000, 1);
    }
  if (self->duck_gain == 1.0 && target == 1.0)
    return GST_PAD_PROBE_OK;

  buffer = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  if (!gst_buffer_map (buffer, &map, GST_MAP_READWRITE))
    return GST_PAD_PROBE_OK;
  frames = (float *) map.data;
  n_frames = map.size / (2 * sizeof (float));
  for (gsize i = 0; i < n_frames; i++)
    {
      if (self->duck_gain != target)
        {
          self->duck_gain += self->duck_step;
          if ((self->duck_step > 0 && self->duck_gain > target) ||
              (self->duck_step < 0 && self->duck_gain < target))
            self->duck_gain = target;
        }
      frames[2 * i] *= (float) self->duck_gain;
      frames[2 * i + 1] *= (float) self->duck_gain;
    }
  gst_buffer_unmap (buffer, &map);
  return GST_PAD_PROBE_OK;
}

/* deinterleave → 4 × (queue ! volume) → interleave. */
static gboolean
build_focus_branches (RessentiPlayer  *self,
                      GstElement      *deinterleave,
                      GstElement      *interleave,
                      GError         **error)
{
  GstElement **queues = g_new0 (GstElement *, N_FOCUS_GAINS);

  g_object_set_data_full (G_OBJECT (deinterleave), "ressenti-queues", queues, g_free);
  for (guint i = 0; i < N_FOCUS_GAINS; i++)
    {
      g_autoptr(GstPad) gain_pad = NULL;
      g_autoptr(GstPad) interleave_pad = NULL;

      queues[i] = add_element (self->pipeline, "queue", NULL, error);
      self->focus_gain[i] = add_element (self->pipeline, "volume", NULL, error);
      if (queues[i] == NULL || self->focus_gain[i] == NULL)
        return FALSE;
      g_object_set (self->focus_gain[i], "volume", gains_both[i], NULL);
      gst_element_link (queues[i], self->focus_gain[i]);

      gain_pad = gst_element_get_static_pad (self->focus_gain[i], "src");
      interleave_pad = gst_element_request_pad_simple (interleave, "sink_%u");
      if (gst_pad_link (gain_pad, interleave_pad) != GST_PAD_LINK_OK)
        return FALSE;
    }
  g_signal_connect (deinterleave, "pad-added", G_CALLBACK (deinterleave_pad_added_cb), queues);
  return TRUE;
}

static gboolean
build_pipeline (RessentiPlayer  *self,
                GError         **error)
{
  GstElement *src, *decodebin, *to_float, *tempo, *split, *deinterleave;
  GstElement *interleave, *join, *out_convert, *resample;
  GstElement *stereo_filter, *quad_filter, *join_filter;
  GstElement *sink;

  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("ressenti-player"));
  self->built_us = g_get_monotonic_time ();
  self->clock_reading = GST_CLOCK_TIME_NONE;
  src = add_element (self->pipeline, "filesrc", NULL, error);
  decodebin = add_element (self->pipeline, "decodebin", NULL, error);
  to_float = add_element (self->pipeline, "audioconvert", NULL, error);
  stereo_filter = add_capsfilter (self->pipeline,
                                  "audio/x-raw, format=F32LE, layout=interleaved, channels=2, channel-mask=(bitmask)0x3",
                                  error);
  tempo = add_element (self->pipeline, "scaletempo", NULL, error);
  split = add_element (self->pipeline, "audioconvert", NULL, error);
  /* GStreamer 1.22's audioconvert wants a real four-channel layout here
   * (front and rear pairs); the positions mean nothing downstream. */
  quad_filter = add_capsfilter (self->pipeline,
                                "audio/x-raw, format=F32LE, layout=interleaved, channels=4, channel-mask=(bitmask)0x33",
                                error);
  deinterleave = add_element (self->pipeline, "deinterleave", NULL, error);
  interleave = add_element (self->pipeline, "interleave", NULL, error);
  join = add_element (self->pipeline, "audioconvert", NULL, error);
  join_filter = add_capsfilter (self->pipeline,
                                "audio/x-raw, format=F32LE, layout=interleaved, channels=2, channel-mask=(bitmask)0x3",
                                error);
  self->volume_element = add_element (self->pipeline, "volume", NULL, error);
  out_convert = add_element (self->pipeline, "audioconvert", NULL, error);
  resample = add_element (self->pipeline, "audioresample", NULL, error);
  if (error != NULL && *error != NULL)
    return FALSE;

  sink = make_sink (error);
  if (sink == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), sink);
  self->sink = sink;
  self->decoded_convert = to_float;
  self->tempo = tempo;
  self->before_tempo = stereo_filter;
  self->after_tempo = split;
  self->seek_pad = gst_element_get_static_pad (stereo_filter, "src");
  gst_pad_add_probe (self->seek_pad, GST_PAD_PROBE_TYPE_EVENT_FLUSH,
                     (GstPadProbeCallback) flush_stop_cb, self, NULL);
  {
    g_autoptr(GstPad) after_pad = gst_element_get_static_pad (split, "sink");

    gst_pad_add_probe (after_pad, GST_PAD_PROBE_TYPE_BUFFER, drop_empty_buffer_cb, NULL, NULL);
    gst_pad_add_probe (after_pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_EVENT_FLUSH,
                       (GstPadProbeCallback) segment_events_cb, self, NULL);
  }

  g_object_set (src, "location", self->path, NULL);
  g_object_set (deinterleave, "keep-positions", FALSE, NULL);
  g_object_set (interleave, "channel-positions-from-input", FALSE, NULL);
  g_object_set (self->volume_element, "volume", self->volume, NULL);
  /* A new stream starts at the duck level, without a ramp. */
  self->duck_gain = self->duck_target = self->duck;
  self->duck_step = 0.0;
  self->duck_rate = 0;
  {
    g_autoptr(GstPad) volume_pad = gst_element_get_static_pad (self->volume_element, "sink");

    gst_pad_add_probe (volume_pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                       (GstPadProbeCallback) duck_probe_cb, self, NULL);
  }
  set_mix_matrix (split, 4, 2, split_matrix);
  set_mix_matrix (join, 2, 4, join_matrix);

  g_signal_connect (decodebin, "pad-added", G_CALLBACK (decodebin_pad_added_cb), to_float);
  if (!gst_element_link (src, decodebin) ||
      !gst_element_link_many (to_float, stereo_filter, tempo, split, quad_filter, deinterleave, NULL) ||
      !gst_element_link_many (interleave, join, join_filter, self->volume_element,
                              out_convert, resample, sink, NULL) ||
      !build_focus_branches (self, deinterleave, interleave, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_FAILED,
                             _("The audio player could not be set up."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
sink_is_fake (RessentiPlayer *self)
{
  return ressenti_media_audio_sink_is_fake (self->sink);
}

/* Bus messages, on the main context */

static void
apply_focus_gains (RessentiPlayer *self)
{
  const double *gains = gains_both;
  gboolean agent_left = self->layout == RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT;

  if (self->focus == RESSENTI_CHANNEL_FOCUS_CUSTOMER)
    gains = agent_left ? gains_right : gains_left;
  else if (self->focus == RESSENTI_CHANNEL_FOCUS_AGENT)
    gains = agent_left ? gains_left : gains_right;

  for (guint i = 0; i < N_FOCUS_GAINS; i++)
    if (self->focus_gain[i] != NULL)
      g_object_set (self->focus_gain[i], "volume", gains[i], NULL);
}

static void
read_stream_facts (RessentiPlayer *self)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (self->decoded_convert, "sink");
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  gint64 duration = 0;
  int channels = 0;

  if (caps != NULL && gst_structure_get_int (gst_caps_get_structure (caps, 0), "channels", &channels))
    self->channels = channels;
  /* A stereo layout on a mono file: nothing to focus on. */
  if (self->channels == 1 && self->focus != RESSENTI_CHANNEL_FOCUS_BOTH)
    {
      self->focus = RESSENTI_CHANNEL_FOCUS_BOTH;
      apply_focus_gains (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_FOCUS]);
    }
  /* Asked of the decoder itself: interleave answers for its four inputs
   * together, and fails if one of them does. */
  if ((gst_pad_peer_query_duration (pad, GST_FORMAT_TIME, &duration) ||
       gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration)) && duration > 0)
    set_duration (self, duration / GST_MSECOND);
}

static void
on_async_done (RessentiPlayer *self)
{
  gint64 position = 0;

  stop_settle_watchdog (self);
  if (!self->prerolled)
    {
      self->prerolled = TRUE;
      read_stream_facts (self);
      /* A speed or loop chosen before the file was ready needs a seek. */
      if (self->pending_seek_ms < 0 && (self->speed != 1.0 || self->looping))
        self->pending_seek_ms = self->position_ms;
    }
  self->seeking = FALSE;

  if (self->pending_seek_ms >= 0)
    {
      gint64 target = self->pending_seek_ms;

      self->pending_seek_ms = -1;
      issue_seek (self, target, TRUE);
      return;
    }
  if (!self->at_end && gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position))
    set_position (self, position / GST_MSECOND);
  /* A cold start (start_cold) is back where it was: play now. */
  if (self->play_when_settled)
    {
      self->play_when_settled = FALSE;
      self->started = TRUE;
      gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
    }
}

static void
on_end_of_stream (RessentiPlayer *self)
{
  self->at_end = TRUE;
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  if (self->duration_ms > 0)
    set_position (self, self->duration_ms);
  set_state (self, RESSENTI_PLAYER_STATE_STOPPED);
  g_signal_emit (self, signals[END_OF_STREAM], 0);
}

/* The whole segment up to B has gone past scaletempo: queue the next pass
 * behind it, without flushing, so that it follows seamlessly. If the loop
 * was cleared meanwhile, go on past B the same way. One from before the
 * last flushing seek is stale. */
static void
on_segment_done (RessentiPlayer     *self,
                 const GstStructure *structure)
{
  guint serial = 0;
  gint64 end = 0;

  if (!gst_structure_get_uint (structure, "serial", &serial) ||
      serial != (guint) g_atomic_int_get (&self->flush_serial))
    return;
  if (self->looping)
    {
      issue_seek (self, self->loop_start_ms, FALSE);
      return;
    }
  if (gst_structure_get_int64 (structure, "position", &end) && end >= 0)
    issue_seek (self, end / GST_MSECOND, FALSE);
}

static void
on_warning (RessentiPlayer *self,
            GstMessage     *message)
{
  g_autoptr(GError) warning = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_warning (message, &warning, &debug);
  g_debug ("Player warning from %s: %s (%s)", GST_MESSAGE_SRC_NAME (message),
           warning->message, debug != NULL ? debug : "");
}

static gboolean
bus_message_cb (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  RessentiPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      ressenti_player_fail (self, error_from_message (self, message));
      break;

    case GST_MESSAGE_WARNING:
      on_warning (self, message);
      break;

    case GST_MESSAGE_ASYNC_DONE:
      on_async_done (self);
      break;

    case GST_MESSAGE_EOS:
      on_end_of_stream (self);
      break;

    case GST_MESSAGE_APPLICATION:
      if (gst_message_has_name (message, "ressenti-segment-done"))
        on_segment_done (self, gst_message_get_structure (message));
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      if (self->prerolled)
        read_stream_facts (self);
      break;

    default:
      break;
    }
  /* ressenti_player_fail() may have destroyed this source. */
  return G_SOURCE_CONTINUE;
}

static void
file_changed_cb (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other_file,
                 GFileMonitorEvent  event,
                 RessentiPlayer    *self)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
      /* The open file could still be read to the end, but a recording
       * removed from the library (purged at the end of its retention
       * period, or deleted) must not go on being heard. */
      if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
        ressenti_player_fail (self, vanished_error (self));
      break;

    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    default:
      break;
    }
}

static void
watch_file (RessentiPlayer *self)
{
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GError) error = NULL;

  /* The monitor delivers its events on the thread-default context. */
  g_main_context_push_thread_default (self->context);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  g_main_context_pop_thread_default (self->context);
  if (self->monitor == NULL)
    {
      g_debug ("Cannot watch %s: %s", self->path, error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (file_changed_cb), self);
}

static void
watch_bus (RessentiPlayer *self)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);

  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, (GSourceFunc) bus_message_cb, self, NULL);
  g_source_set_name (self->bus_source, "[ressenti] player bus");
  g_source_attach (self->bus_source, self->context);
}

/* Seeking */

static void
issue_seek (RessentiPlayer *self,
            gint64          position_ms,
            gboolean        flush)
{
  GstSeekFlags flags = GST_SEEK_FLAG_ACCURATE;
  /* Always set the end: "none" would keep the end of an earlier loop. */
  gint64 stop = GST_CLOCK_TIME_NONE;
  GstEvent *event;

  if (flush)
    flags |= GST_SEEK_FLAG_FLUSH;
  if (self->looping)
    {
      flags |= GST_SEEK_FLAG_SEGMENT;
      stop = self->loop_end_ms * GST_MSECOND;
    }
  event = gst_event_new_seek (self->speed, GST_FORMAT_TIME, flags,
                              GST_SEEK_TYPE_SET, position_ms * GST_MSECOND,
                              GST_SEEK_TYPE_SET, stop);
  if (flush)
    g_atomic_int_inc (&self->flush_serial);
  /* Not through the pipeline: that would reach interleave, which on a
   * flushing seek takes its collect lock before flushing downstream and
   * deadlocks against a sink waiting in preroll (GStreamer 1.22). Sent
   * above the branches, the seek flushes everything from the source down
   * in the usual order. */
  if (!gst_pad_send_event (self->seek_pad, event))
    {
      g_debug ("The player could not seek to %" G_GINT64_FORMAT " ms", position_ms);
      return;
    }
  if (flush)
    {
      self->seeking = TRUE;
      start_settle_watchdog (self);
    }
}

static gboolean
check_open (RessentiPlayer *self)
{
  return self->pipeline != NULL && !self->failed;
}

/* Jumps to @position_ms (flushing) with the current speed and loop. */
static void
jump (RessentiPlayer *self,
      gint64          position_ms)
{
  gint64 from = self->position_ms;

  if (self->duration_ms > 0)
    position_ms = MIN (position_ms, self->duration_ms);
  position_ms = MAX (position_ms, 0);
  /* Before "position" changes, so that a watcher knows the change that
   * follows is a jump, not playback. */
  g_signal_emit (self, signals[JUMPED], 0, from, position_ms);
  self->at_end = FALSE;
  set_position (self, position_ms);
  position_ms = self->position_ms;
  if (!self->prerolled || self->seeking)
    {
      self->pending_seek_ms = position_ms;
      return;
    }
  issue_seek (self, position_ms, TRUE);
}

/* GObject */

static void
ressenti_player_dispose (GObject *object)
{
  RessentiPlayer *self = (RessentiPlayer *) object;

  tear_down_pipeline (self);

  G_OBJECT_CLASS (ressenti_player_parent_class)->dispose (object);
}

static void
ressenti_player_finalize (GObject *object)
{
  RessentiPlayer *self = (RessentiPlayer *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->duck_lock);

  G_OBJECT_CLASS (ressenti_player_parent_class)->finalize (object);
}

static void
ressenti_player_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RessentiPlayer *self = RESSENTI_PLAYER (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_int64 (value, self->position_ms);
      break;

    case PROP_DURATION:
      g_value_set_int64 (value, self->duration_ms);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;

    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;

    case PROP_DUCK:
      g_value_set_double (value, self->duck);
      break;

    case PROP_CHANNEL_FOCUS:
      g_value_set_enum (value, self->focus);
      break;

    case PROP_LOOP_START:
      g_value_set_int64 (value, self->loop_start_ms);
      break;

    case PROP_LOOP_END:
      g_value_set_int64 (value, self->loop_end_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_player_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RessentiPlayer *self = RESSENTI_PLAYER (object);

  switch (prop_id)
    {
    case PROP_SPEED:
      ressenti_player_set_speed (self, g_value_get_double (value));
      break;

    case PROP_VOLUME:
      ressenti_player_set_volume (self, g_value_get_double (value));
      break;

    case PROP_CHANNEL_FOCUS:
      ressenti_player_set_channel_focus (self, g_value_get_enum (value), NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_player_class_init (RessentiPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ressenti_player_dispose;
  object_class->finalize = ressenti_player_finalize;
  object_class->get_property = ressenti_player_get_property;
  object_class->set_property = ressenti_player_set_property;

  /* In milliseconds; notified about 20 times a second while playing, and
   * at once after a jump. */
  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, RESSENTI_TYPE_PLAYER_STATE,
                       RESSENTI_PLAYER_STATE_STOPPED, ro);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, RESSENTI_PLAYER_SPEED_MIN,
                         RESSENTI_PLAYER_SPEED_MAX, 1.0, rw);
  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 1.0, rw);
  /* The level the call is lowered to, on top of the volume: 1 when it is
   * not ducked. Set with ressenti_player_set_duck(). */
  properties[PROP_DUCK] =
    g_param_spec_double ("duck", NULL, NULL, 0.0, 1.0, 1.0, ro);
  properties[PROP_CHANNEL_FOCUS] =
    g_param_spec_enum ("channel-focus", NULL, NULL, RESSENTI_TYPE_CHANNEL_FOCUS,
                       RESSENTI_CHANNEL_FOCUS_BOTH, rw);
  properties[PROP_LOOP_START] =
    g_param_spec_int64 ("loop-start", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_LOOP_END] =
    g_param_spec_int64 ("loop-end", NULL, NULL, -1, G_MAXINT64, -1, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RessentiPlayer::error:
   * @error: a #GError in RESSENTI_PLAYER_ERROR with a translated message
   *
   * Playback stopped for good: the file was removed or is damaged, or the
   * audio output went away. The player is STOPPED until the next open.
   */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * RessentiPlayer::end-of-stream:
   *
   * The end of the recording was heard; the player is STOPPED there.
   */
  signals[END_OF_STREAM] =
    g_signal_new ("end-of-stream", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * RessentiPlayer::jumped:
   * @from_ms: the position before the jump
   * @to_ms: where it lands
   *
   * A jump was asked for (seek, replay, stop, a change of speed, a play
   * after the end), just before "position" says the new place. A change
   * of position without it is playback: a crossing (see
   * RessentiMarkerWatcher), or the return to the start of an A–B loop.
   */
  signals[JUMPED] =
    g_signal_new ("jumped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
}

static void
ressenti_player_init (RessentiPlayer *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->state = RESSENTI_PLAYER_STATE_STOPPED;
  self->focus = RESSENTI_CHANNEL_FOCUS_BOTH;
  self->duration_ms = -1;
  self->speed = 1.0;
  self->volume = 1.0;
  g_mutex_init (&self->duck_lock);
  self->duck = 1.0;
  self->loop_start_ms = -1;
  self->loop_end_ms = -1;
  self->pending_seek_ms = -1;
}

RessentiPlayer *
ressenti_player_new (void)
{
  ressenti_media_init ();
  return g_object_new (RESSENTI_TYPE_PLAYER, NULL);
}

/* Opening and closing */

static void
reset_stream_state (RessentiPlayer *self)
{
  self->channels = 0;
  self->prerolled = FALSE;
  self->started = FALSE;
  self->play_when_settled = FALSE;
  self->seeking = FALSE;
  self->pending_seek_ms = -1;
  self->at_end = FALSE;
  self->failed = FALSE;
  set_loop_points (self, -1, -1);
  set_state (self, RESSENTI_PLAYER_STATE_STOPPED);
  set_position (self, 0);
  set_duration (self, -1);
  if (self->focus != RESSENTI_CHANNEL_FOCUS_BOTH)
    {
      self->focus = RESSENTI_CHANNEL_FOCUS_BOTH;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_FOCUS]);
    }
}

void
ressenti_player_close (RessentiPlayer *self)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  tear_down_pipeline (self);
  reset_stream_state (self);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->file_name, g_free);
}

static gboolean
check_file (RessentiPlayer  *self,
            GError         **error)
{
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      g_propagate_error (error, vanished_error (self));
      return FALSE;
    }
  if (!g_file_test (self->path, G_FILE_TEST_IS_REGULAR) || g_access (self->path, R_OK) != 0)
    {
      g_set_error (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_UNREADABLE,
                   _("The recording “%s” cannot be read: check the permissions of the library folder."),
                   display_name (self));
      return FALSE;
    }
  return TRUE;
}

/* Starts the pipeline towards PAUSED (prerolling the start of the file).
 * What fails at once — the sink cannot reach the sound server, the file
 * cannot be opened — is taken from the bus and returned. */
static gboolean
start_pipeline (RessentiPlayer  *self,
                GError         **error)
{
  if (gst_element_set_state (self->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        g_propagate_error (error, error_from_message (self, message));
      else
        g_set_error_literal (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_FAILED,
                             _("The audio player could not be started."));
      return FALSE;
    }
  if (sink_is_fake (self))
    {
      g_propagate_error (error, no_output_error ());
      return FALSE;
    }
  return TRUE;
}

gboolean
ressenti_player_open (RessentiPlayer         *self,
                      const char             *path,
                      RessentiChannelLayout   layout,
                      GError                **error)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ressenti_player_close (self);
  self->path = g_strdup (path);
  self->layout = layout;
  self->file_name = g_path_get_basename (path);

  if (!check_file (self, error) || !build_pipeline (self, error))
    {
      ressenti_player_close (self);
      return FALSE;
    }
  apply_focus_gains (self);
  watch_bus (self);
  watch_file (self);
  if (!start_pipeline (self, error))
    {
      ressenti_player_close (self);
      return FALSE;
    }
  start_settle_watchdog (self);
  return TRUE;
}

gboolean
ressenti_player_is_open (RessentiPlayer *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), FALSE);

  return check_open (self);
}

void
ressenti_player_set_title (RessentiPlayer *self,
                           const char     *title)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  g_free (self->title);
  self->title = g_strdup (title);
}

const char *
ressenti_player_get_title (RessentiPlayer *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), NULL);

  return self->title;
}

/* Transport */

/* pulsesink's clock (GStreamer 1.22, PulseAudio 16) runs from the moment
 * the pipeline prerolls: a pipeline left PAUSED for N seconds before its
 * first PLAYING first writes N seconds of silence (measured on the null
 * sink: the delay equals the time spent PAUSED, with audiotestsrc as with
 * a file; a flushing seek does not reset it, and interleave cannot go
 * through READY and back). A listener opens a call, reads its details,
 * presses Space, and would wait that long. So the first play builds the
 * pipeline again, prerolls it where the listener is (the seek lands before
 * any sound) and plays once that has settled: tens of milliseconds. Once
 * the stream runs, pauses of any length do not have the problem. */
static void
start_cold_at (RessentiPlayer *self,
               gint64          position)
{
  g_autoptr(GError) error = NULL;

  tear_down_pipeline (self);
  self->prerolled = FALSE;
  self->seeking = FALSE;
  self->pending_seek_ms = position > 0 ? position : -1;
  self->play_when_settled = TRUE;
  if (!build_pipeline (self, &error))
    {
      ressenti_player_fail (self, g_steal_pointer (&error));
      return;
    }
  apply_focus_gains (self);
  watch_bus (self);
  watch_file (self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    return;   /* the error message is on its way to ::error */
  start_settle_watchdog (self);
}

static void
start_cold (RessentiPlayer *self)
{
  start_cold_at (self, current_position (self));
}

void
ressenti_player_play (RessentiPlayer *self)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  if (!check_open (self))
    return;
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      ressenti_player_fail (self, vanished_error (self));
      return;
    }
  /* Play after the end starts again from the beginning. */
  if (self->at_end)
    jump (self, 0);
  if (!self->started)
    {
      if (!self->play_when_settled)
        start_cold (self);
      if (check_open (self))
        set_state (self, RESSENTI_PLAYER_STATE_PLAYING);
      return;
    }
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    return;   /* the error message is on its way to ::error */
  set_state (self, RESSENTI_PLAYER_STATE_PLAYING);
}

void
ressenti_player_pause (RessentiPlayer *self)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  if (!check_open (self) || self->state != RESSENTI_PLAYER_STATE_PLAYING)
    return;
  self->play_when_settled = FALSE;
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  set_state (self, RESSENTI_PLAYER_STATE_PAUSED);
  position_tick_cb (self);
}

void
ressenti_player_toggle (RessentiPlayer *self)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  if (self->state == RESSENTI_PLAYER_STATE_PLAYING)
    ressenti_player_pause (self);
  else
    ressenti_player_play (self);
}

void
ressenti_player_stop (RessentiPlayer *self)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  if (!check_open (self))
    return;
  self->play_when_settled = FALSE;
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  set_loop_points (self, -1, -1);
  jump (self, 0);
  set_state (self, RESSENTI_PLAYER_STATE_STOPPED);
}

RessentiPlayerState
ressenti_player_get_state (RessentiPlayer *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), RESSENTI_PLAYER_STATE_STOPPED);

  return self->state;
}

gint64
ressenti_player_get_position (RessentiPlayer *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), 0);

  return self->position_ms;
}

gint64
ressenti_player_get_duration (RessentiPlayer *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), -1);

  return self->duration_ms;
}

/* Jumps */

void
ressenti_player_seek (RessentiPlayer *self,
                      gint64          position_ms)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  if (!check_open (self))
    return;
  if (self->looping && (position_ms < self->loop_start_ms || position_ms >= self->loop_end_ms))
    set_loop_points (self, -1, -1);
  jump (self, position_ms);
  if (self->state == RESSENTI_PLAYER_STATE_STOPPED)
    set_state (self, RESSENTI_PLAYER_STATE_PAUSED);
}

void
ressenti_player_seek_relative (RessentiPlayer *self,
                               gint64          delta_ms)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  if (!check_open (self))
    return;
  ressenti_player_seek (self, MAX (current_position (self) + delta_ms, 0));
}

void
ressenti_player_seek_to_start (RessentiPlayer *self)
{
  ressenti_player_seek (self, 0);
}

void
ressenti_player_seek_to_end (RessentiPlayer *self)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  if (!check_open (self) || self->duration_ms < 0)
    return;
  ressenti_player_seek (self, self->duration_ms);
}

void
ressenti_player_replay (RessentiPlayer *self,
                        guint           seconds)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  if (!check_open (self))
    return;
  ressenti_player_seek (self, MAX (current_position (self) - (gint64) seconds * 1000, 0));
  ressenti_player_play (self);
}

/* Speed and volume */

double
ressenti_player_get_speed (RessentiPlayer *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), 1.0);

  return self->speed;
}

void
ressenti_player_set_speed (RessentiPlayer *self,
                           double          speed)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  /* Keep to hundredths so that repeated steps do not drift. */
  speed = CLAMP (speed, RESSENTI_PLAYER_SPEED_MIN, RESSENTI_PLAYER_SPEED_MAX);
  speed = (double) (gint64) (speed * 100.0 + 0.5) / 100.0;
  if (speed == self->speed)
    return;
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);

  /* The new rate starts where the listener is now. */
  if (check_open (self))
    jump (self, current_position (self));
}

void
ressenti_player_change_speed (RessentiPlayer *self,
                              int             steps)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  ressenti_player_set_speed (self, self->speed + steps * RESSENTI_PLAYER_SPEED_STEP);
}

double
ressenti_player_get_volume (RessentiPlayer *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), 1.0);

  return self->volume;
}

void
ressenti_player_set_volume (RessentiPlayer *self,
                            double          volume)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  volume = CLAMP (volume, 0.0, 1.0);
  if (volume == self->volume)
    return;
  self->volume = volume;
  if (self->volume_element != NULL)
    g_object_set (self->volume_element, "volume", volume, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

double
ressenti_player_get_duck (RessentiPlayer *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), 1.0);

  return self->duck;
}

void
ressenti_player_set_duck (RessentiPlayer *self,
                          double          level)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  level = CLAMP (level, 0.0, 1.0);
  if (level == self->duck)
    return;
  g_mutex_lock (&self->duck_lock);
  self->duck = level;
  g_mutex_unlock (&self->duck_lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUCK]);
}

/* Channel focus */

gboolean
ressenti_player_can_focus (RessentiPlayer  *self,
                           GError         **error)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), FALSE);

  if (!check_open (self))
    {
      g_set_error_literal (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_NOT_OPEN,
                           _("No recording is open."));
      return FALSE;
    }
  if (self->layout == RESSENTI_CHANNEL_LAYOUT_MONO || self->channels == 1)
    {
      g_set_error_literal (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_FOCUS_UNAVAILABLE,
                           _("This call is mono: both sides are on one channel."));
      return FALSE;
    }
  if (self->layout != RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT &&
      self->layout != RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT)
    {
      g_set_error_literal (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_FOCUS_UNAVAILABLE,
                           _("Which side of this call is the customer is not known. Set the channel layout of the call first."));
      return FALSE;
    }
  return TRUE;
}

RessentiChannelFocus
ressenti_player_get_channel_focus (RessentiPlayer *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), RESSENTI_CHANNEL_FOCUS_BOTH);

  return self->focus;
}

gboolean
ressenti_player_set_channel_focus (RessentiPlayer        *self,
                                   RessentiChannelFocus   focus,
                                   GError               **error)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), FALSE);
  g_return_val_if_fail (focus <= RESSENTI_CHANNEL_FOCUS_AGENT, FALSE);

  if (focus != RESSENTI_CHANNEL_FOCUS_BOTH && !ressenti_player_can_focus (self, error))
    return FALSE;
  if (focus == self->focus)
    return TRUE;
  self->focus = focus;
  apply_focus_gains (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_FOCUS]);
  return TRUE;
}

/* A–B loop */

gboolean
ressenti_player_set_loop (RessentiPlayer  *self,
                          gint64           start_ms,
                          gint64           end_ms,
                          GError         **error)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), FALSE);

  if (!check_open (self))
    {
      g_set_error_literal (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_NOT_OPEN,
                           _("No recording is open."));
      return FALSE;
    }
  if (start_ms < 0)
    {
      g_set_error_literal (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_LOOP,
                           _("Mark the start of the loop first."));
      return FALSE;
    }
  if (end_ms - start_ms < RESSENTI_PLAYER_LOOP_MIN_MS)
    {
      g_set_error_literal (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_LOOP,
                           _("The end of the loop must come after its start."));
      return FALSE;
    }
  set_loop_points (self, start_ms, end_ms);
  jump (self, start_ms);
  if (self->state == RESSENTI_PLAYER_STATE_STOPPED)
    set_state (self, RESSENTI_PLAYER_STATE_PAUSED);
  return TRUE;
}

gboolean
ressenti_player_set_loop_start (RessentiPlayer  *self,
                                GError         **error)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), FALSE);

  if (!check_open (self))
    {
      g_set_error_literal (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_NOT_OPEN,
                           _("No recording is open."));
      return FALSE;
    }
  /* A running loop ends; playback goes on past its end seamlessly. */
  set_loop_points (self, current_position (self), -1);
  return TRUE;
}

gboolean
ressenti_player_set_loop_end (RessentiPlayer  *self,
                              GError         **error)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), FALSE);

  if (!check_open (self))
    {
      g_set_error_literal (error, RESSENTI_PLAYER_ERROR, RESSENTI_PLAYER_ERROR_NOT_OPEN,
                           _("No recording is open."));
      return FALSE;
    }
  return ressenti_player_set_loop (self, self->loop_start_ms, current_position (self), error);
}

void
ressenti_player_clear_loop (RessentiPlayer *self)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (self));

  set_loop_points (self, -1, -1);
}

gint64
ressenti_player_get_loop_start (RessentiPlayer *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), -1);

  return self->loop_start_ms;
}

gint64
ressenti_player_get_loop_end (RessentiPlayer *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), -1);

  return self->loop_end_ms;
}

gboolean
ressenti_player_get_looping (RessentiPlayer *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (self), FALSE);

  return self->looping;
}
