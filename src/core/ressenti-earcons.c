/* ressenti-earcons.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pipeline:
 *
 *   appsrc (F32 mono, 48 kHz) ! volume ! audioconvert ! audioresample ! sink
 *
 * The source is fed continuously in chunks of CHUNK_MS: the chunks of the
 * earcon being played, or silence. So starting an earcon needs no state
 * change, no seek and no flush: the next chunk is simply the new earcon's
 * first, and it is heard after what is already buffered downstream (the
 * sink's buffer is kept short, BUFFER_MS). Cutting off an earcon is the
 * same move. Each chunk carries its place in the stream, so the time the
 * end of an earcon is heard is known exactly (on the sink's clock), which
 * is when "sounding" falls. An earcon cut off fades out over one chunk
 * first, so the cut makes no click.
 *
 * Feeding silence keeps the sound server busy: after IDLE_PAUSE_S without
 * an earcon the pipeline pauses (the server stream is corked) and the next
 * play() resumes it, which costs a few milliseconds. Starting the stream
 * the first time costs far more (about 300 ms on PulseAudio's null sink),
 * so it is started at once and runs silence until the first pause.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gst/gst.h>
#include <gst/app/gstappsrc.h>
#include <gst/audio/audio.h>

#include "ressenti-earcons.h"
#include "ressenti-media.h"

#define RATE 48000
/* Also the fade-out of an earcon cut off. */
#define CHUNK_MS 5
#define CHUNK_SAMPLES (RATE * CHUNK_MS / 1000)
/* What the sink keeps ahead of the loudspeaker: the delay before an
 * earcon is heard, and the margin against a late chunk. On a two-core
 * machine kept busy by other processes, the sound server ran dry in the
 * middle of earcons (a crackle) in half of the runs of tests/test-earcons
 * with 40 ms, a quarter with 60 ms, rarely with 80 ms. */
#define BUFFER_MS 80
#define FADE_MS 5
#define PEAK 0.5
#define IDLE_PAUSE_S 3
/* "sounding" falls at the latest this long after an earcon should have
 * ended, even if the sink never said so: the call must not stay ducked. */
#define SOUNDING_GRACE_MS 1000
#define MAX_TONES 3

typedef struct
{
  guint hz;   /* 0: a gap */
  guint ms;
} Tone;

typedef struct
{
  guint main_hz;
  Tone  tones[MAX_TONES];
} Figure;

/* The main frequencies are a minor third (× 1.19) apart, from 262 Hz to
 * 1760 Hz. Rising figures say "on" (play, recording started), falling
 * ones "off" (pause, stopped) or "wrong" (error); the most frequent,
 * MOVE, is the shortest of the single tones.
 *
 * The marker families take the ends of the range, where nothing else
 * sounds, and a shape that suits them: calm is one smooth tone, tension
 * two quick high pulses, low spirits the lowest and longest tone; the
 * agent's delivery a bright tone of its own, so that a marker about the
 * agent is never mistaken for one about the customer. */
static const Figure figures[RESSENTI_N_EARCONS] = {
  [RESSENTI_EARCON_MOVE] = { 1047, { { 1047, 60 } } },
  [RESSENTI_EARCON_BOUNDARY] = { 370, { { 370, 45 }, { 0, 30 }, { 370, 45 } } },
  [RESSENTI_EARCON_ERROR] = { 311, { { 415, 40 }, { 311, 110 } } },
  [RESSENTI_EARCON_PLAY] = { 523, { { 392, 35 }, { 523, 65 } } },
  [RESSENTI_EARCON_PAUSE] = { 440, { { 587, 35 }, { 440, 65 } } },
  [RESSENTI_EARCON_MARKER] = { 740, { { 740, 80 } } },
  [RESSENTI_EARCON_RECORD_START] = { 880, { { 698, 40 }, { 880, 80 } } },
  [RESSENTI_EARCON_RECORD_STOP] = { 622, { { 831, 40 }, { 622, 80 } } },
  [RESSENTI_EARCON_MARKER_CALM] = { 1245, { { 1245, 110 } } },
  [RESSENTI_EARCON_MARKER_TENSE] = { 1760, { { 1760, 35 }, { 0, 25 }, { 1760, 35 } } },
  [RESSENTI_EARCON_MARKER_LOW] = { 262, { { 262, 140 } } },
  [RESSENTI_EARCON_MARKER_DELIVERY] = { 1480, { { 1480, 90 } } },
};

struct _RessentiEarcons
{
  GObject       parent_instance;

  GMainContext *context;
  GstElement   *pipeline;
  GstElement   *src;
  GstElement   *volume_element;
  GstElement   *sink;
  GSource      *bus_source;
  GSource      *idle_source;
  GSource      *grace_source;

  double        volume;
  gboolean      muted;
  gboolean      sounding;
  gboolean      available;
  gboolean      paused;
  char         *error;
  /* Counts play() calls; "sounding" falls only for the last one. */
  guint         serial;

  /* Rendered earcons (float samples at RATE), read-only once made. */
  GBytes       *rendered[RESSENTI_N_EARCONS];

  /* Shared with the streaming thread. */
  GMutex        lock;
  GBytes       *current;       /* the earcon being fed, or NULL */
  gsize         current_pos;   /* in samples */
  guint         current_serial;
  GBytes       *next;          /* the one to feed after it, or NULL */
  guint         next_serial;
  guint64       fed;           /* samples fed since the start */
  GstClockID    heard_id;      /* waits for the end of the current earcon */
};

static void backend_iface_init (RessentiAnnouncerBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RessentiEarcons, ressenti_earcons, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RESSENTI_TYPE_ANNOUNCER_BACKEND, backend_iface_init))

G_DEFINE_ENUM_TYPE (RessentiEarcon, ressenti_earcon,
  G_DEFINE_ENUM_VALUE (RESSENTI_EARCON_MOVE, "move"),
  G_DEFINE_ENUM_VALUE (RESSENTI_EARCON_BOUNDARY, "boundary"),
  G_DEFINE_ENUM_VALUE (RESSENTI_EARCON_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (RESSENTI_EARCON_PLAY, "play"),
  G_DEFINE_ENUM_VALUE (RESSENTI_EARCON_PAUSE, "pause"),
  G_DEFINE_ENUM_VALUE (RESSENTI_EARCON_MARKER, "marker"),
  G_DEFINE_ENUM_VALUE (RESSENTI_EARCON_RECORD_START, "record-start"),
  G_DEFINE_ENUM_VALUE (RESSENTI_EARCON_RECORD_STOP, "record-stop"),
  G_DEFINE_ENUM_VALUE (RESSENTI_EARCON_MARKER_CALM, "marker-calm"),
  G_DEFINE_ENUM_VALUE (RESSENTI_EARCON_MARKER_TENSE, "marker-tense"),
  G_DEFINE_ENUM_VALUE (RESSENTI_EARCON_MARKER_LOW, "marker-low"),
  G_DEFINE_ENUM_VALUE (RESSENTI_EARCON_MARKER_DELIVERY, "marker-delivery"))

enum {
  PROP_0,
  PROP_VOLUME,
  PROP_MUTED,
  PROP_SOUNDING,
  PROP_AVAILABLE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The earcons' table */

guint
ressenti_earcon_get_frequency (RessentiEarcon earcon)
{
  g_return_val_if_fail (earcon < RESSENTI_N_EARCONS, 0);

  return figures[earcon].main_hz;
}

guint
ressenti_earcon_get_duration (RessentiEarcon earcon)
{
  guint ms = 0;

  g_return_val_if_fail (earcon < RESSENTI_N_EARCONS, 0);

  for (guint i = 0; i < MAX_TONES; i++)
    ms += figures[earcon].tones[i].ms;
  return ms;
}

const char *
ressenti_earcon_describe (RessentiEarcon earcon)
{
  switch (earcon)
    {
    case RESSENTI_EARCON_MOVE:
      return _("Landed on a unit");
    case RESSENTI_EARCON_BOUNDARY:
      return _("No further unit: the start or the end is reached");
    case RESSENTI_EARCON_ERROR:
      return _("Something went wrong");
    case RESSENTI_EARCON_PLAY:
      return _("Playback started");
    case RESSENTI_EARCON_PAUSE:
      return _("Playback paused");
    case RESSENTI_EARCON_MARKER:
      return _("A marker was placed or reached");
    case RESSENTI_EARCON_RECORD_START:
      return _("Recording of a voice note started");
    case RESSENTI_EARCON_RECORD_STOP:
      return _("Recording of a voice note stopped");
    case RESSENTI_EARCON_MARKER_CALM:
      return _("A marker of calm or satisfaction was reached");
    case RESSENTI_EARCON_MARKER_TENSE:
      return _("A marker of impatience, frustration or anger was reached");
    case RESSENTI_EARCON_MARKER_LOW:
      return _("A marker of sadness or resignation was reached");
    case RESSENTI_EARCON_MARKER_DELIVERY:
      return _("A marker about the agent’s delivery was reached");
    case RESSENTI_N_EARCONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Renders a figure: each tone follows the last with its phase kept, so a
 * change of pitch makes no click, and every stretch of sound fades in and
 * out over FADE_MS. */
static GBytes *
render (const Figure *figure)
{
  gsize fade = RATE * FADE_MS / 1000;
  gsize total = 0;
  gsize at = 0;
  double phase = 0.0;
  float *samples;

  for (guint i = 0; i < MAX_TONES; i++)
    total += (gsize) RATE * figure->tones[i].ms / 1000;
  samples = g_new0 (float, total);

  for (guint i = 0; i < MAX_TONES && figure->tones[i].ms > 0; i++)
    {
      const Tone *tone = &figure->tones[i];
      gsize length = (gsize) RATE * tone->ms / 1000;
      /* Where this stretch of sound (tones without a gap) starts and ends. */
      gboolean starts = i == 0 || figure->tones[i - 1].hz == 0;
      gboolean ends = i + 1 == MAX_TONES || figure->tones[i + 1].ms == 0 || figure->tones[i + 1].hz == 0;

      if (tone->hz == 0)
        {
          at += length;
          phase = 0.0;
          continue;
        }
      for (gsize n = 0; n < length; n++)
        {
          double gain = PEAK;

          if (starts && n < fade)
            gain *= 0.5 - 0.5 * cos (G_PI * n / fade);
          if (ends && length - n <= fade)
            gain *= 0.5 - 0.5 * cos (G_PI * (length - n - 1) / fade);
          samples[at + n] = (float) (gain * sin (phase));
          phase = fmod (phase + 2.0 * G_PI * tone->hz / RATE, 2.0 * G_PI);
        }
      at += length;
    }
  return g_bytes_new_take (samples, total * sizeof (float));
}

/* "sounding" */

static void
set_sounding (RessentiEarcons *self,
              gboolean         sounding)
{
  if (self->sounding == sounding)
    return;
  self->sounding = sounding;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUNDING]);
}

static gboolean
idle_pause_cb (gpointer user_data)
{
  RessentiEarcons *self = user_data;

  g_clear_pointer (&self->idle_source, g_source_unref);
  if (self->pipeline != NULL && !self->sounding)
    {
      gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
      self->paused = TRUE;
    }
  return G_SOURCE_REMOVE;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static GSource *
add_timeout (RessentiEarcons *self,
             guint            ms,
             GSourceFunc      func,
             const char      *name)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_set_name (source, name);
  g_source_attach (source, self->context);
  return source;
}

static void
pause_when_idle (RessentiEarcons *self)
{
  clear_source (&self->idle_source);
  if (self->pipeline != NULL)
    self->idle_source = add_timeout (self, IDLE_PAUSE_S * 1000, idle_pause_cb, "[ressenti] earcons idle");
}

static void
end_sounding (RessentiEarcons *self)
{
  clear_source (&self->grace_source);
  set_sounding (self, FALSE);
  pause_when_idle (self);
}

static gboolean
grace_cb (gpointer user_data)
{
  RessentiEarcons *self = user_data;

  g_clear_pointer (&self->grace_source, g_source_unref);
  g_debug ("The end of an earcon was not reported by the sink in time");
  end_sounding (self);
  return G_SOURCE_REMOVE;
}

/* Shared by the clock's wait and the idle source it adds: nothing on the
 * clock's thread holds a reference on the earcons. */
typedef struct
{
  GWeakRef      self;
  GMainContext *context;
  guint         serial;
} Heard;

static void
heard_clear (gpointer data)
{
  Heard *heard = data;

  g_weak_ref_clear (&heard->self);
  g_main_context_unref (heard->context);
}

static void
heard_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, heard_clear);
}

static gboolean
heard_cb (gpointer user_data)
{
  Heard *heard = user_data;
  g_autoptr(RessentiEarcons) self = g_weak_ref_get (&heard->self);

  if (self != NULL && heard->serial == self->serial && self->sounding)
    end_sounding (self);
  return G_SOURCE_REMOVE;
}

/* On the clock's thread, when the end of an earcon is being played. Not
 * g_main_context_invoke(): when nothing iterates the main context at this
 * moment, it would run heard_cb() here. */
static gboolean
heard_clock_cb (GstClock    *clock,
                GstClockTime time,
                GstClockID   id,
                gpointer     user_data)
{
  Heard *heard = user_data;
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, heard_cb, g_atomic_rc_box_acquire (heard), heard_release);
  g_source_set_name (source, "[ressenti] earcon heard");
  g_source_attach (source, heard->context);
  g_source_unref (source);
  return TRUE;
}

/* Feeding, in the streaming thread */

/* Called with the lock held: the earcon's last sample goes out at
 * @end_sample; wake the main context when the sink plays it. */
static void
wait_until_heard (RessentiEarcons *self,
                  guint64          end_sample)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (self->pipeline);
  GstClockTime when;
  Heard *heard;

  if (self->heard_id != NULL)
    {
      gst_clock_id_unschedule (self->heard_id);
      g_clear_pointer (&self->heard_id, gst_clock_id_unref);
    }
  if (clock == NULL)
    return;   /* the grace timeout will end it */
  /* The segment starts at 0 with rate 1: a sample's running time is its
   * timestamp. */
  when = gst_element_get_base_time (self->pipeline) +
         gst_util_uint64_scale_int (end_sample, GST_SECOND, RATE);
  heard = g_atomic_rc_box_new0 (Heard);
  g_weak_ref_init (&heard->self, self);
  heard->context = g_main_context_ref (self->context);
  heard->serial = self->current_serial;
  self->heard_id = gst_clock_new_single_shot_id (clock, when);
  gst_clock_id_wait_async (self->heard_id, heard_clock_cb, heard, heard_release);
}

/* Called with the lock held: copies up to @n samples of the current
 * earcon into @out, faded out if @fade_out. */
static gsize
feed_current (RessentiEarcons *self,
              float           *out,
              gsize            n,
              gboolean         fade_out)
{
  gsize size = 0;
  const float *samples = g_bytes_get_data (self->current, &size);
  gsize total = size / sizeof (float);

  n = MIN (total - self->current_pos, n);
  for (gsize i = 0; i < n; i++)
    out[i] = samples[self->current_pos + i] * (fade_out ? 1.0f - (float) (i + 1) / n : 1.0f);
  self->current_pos += n;
  return n;
}

static void
need_data_cb (GstAppSrc *src,
              guint      length,
              gpointer   user_data)
{
  RessentiEarcons *self = user_data;
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, CHUNK_SAMPLES * sizeof (float), NULL);
  GstMapInfo map;
  float *out;

  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  memset (map.data, 0, map.size);
  out = (float *) map.data;

  g_mutex_lock (&self->lock);
  if (self->next != NULL && self->current != NULL)
    {
      /* Cut off: this chunk fades the old earcon out, the next one starts
       * the new earcon. */
      feed_current (self, out, CHUNK_SAMPLES, TRUE);
      g_clear_pointer (&self->current, g_bytes_unref);
    }
  else
    {
      if (self->next != NULL)
        {
          self->current = g_steal_pointer (&self->next);
          self->current_pos = 0;
          self->current_serial = self->next_serial;
        }
      if (self->current != NULL)
        {
          gsize n = feed_current (self, out, CHUNK_SAMPLES, FALSE);

          if (self->current_pos * sizeof (float) >= g_bytes_get_size (self->current))
            {
              wait_until_heard (self, self->fed + n);
              g_clear_pointer (&self->current, g_bytes_unref);
            }
        }
    }
  GST_BUFFER_PTS (buffer) = gst_util_uint64_scale_int (self->fed, GST_SECOND, RATE);
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale_int (CHUNK_SAMPLES, GST_SECOND, RATE);
  GST_BUFFER_OFFSET (buffer) = self->fed;
  self->fed += CHUNK_SAMPLES;
  GST_BUFFER_OFFSET_END (buffer) = self->fed;
  g_mutex_unlock (&self->lock);

  gst_buffer_unmap (buffer, &map);
  gst_app_src_push_buffer (src, buffer);
}

/* The pipeline */

static void
set_unavailable (RessentiEarcons *self,
                 const char      *reason)
{
  gboolean was = self->available;

  g_free (self->error);
  self->error = g_strdup (reason);
  self->available = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  if (was)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

static char *
no_output_reason (void)
{
  return g_strdup (_("Earcons cannot be played: no audio output is available. Check that a sound device is connected and that the sound server (PulseAudio or PipeWire) is running."));
}

static void
tear_down (RessentiEarcons *self)
{
  clear_source (&self->bus_source);
  clear_source (&self->idle_source);
  clear_source (&self->grace_source);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_mutex_lock (&self->lock);
  if (self->heard_id != NULL)
    {
      gst_clock_id_unschedule (self->heard_id);
      g_clear_pointer (&self->heard_id, gst_clock_id_unref);
    }
  g_clear_pointer (&self->current, g_bytes_unref);
  g_clear_pointer (&self->next, g_bytes_unref);
  g_mutex_unlock (&self->lock);
  g_clear_object (&self->pipeline);
  self->src = self->volume_element = self->sink = NULL;
}

/* The output stopped for good (the sound server went away): say so, and
 * let play() do nothing from now on. */
static void
fail (RessentiEarcons *self,
      const char      *reason)
{
  tear_down (self);
  set_sounding (self, FALSE);
  set_unavailable (self, reason);
}

static gboolean
is_from (GstMessage *message,
         GstElement *element)
{
  GstObject *src = GST_MESSAGE_SRC (message);

  return element != NULL && src != NULL &&
         (src == GST_OBJECT (element) || gst_object_has_as_ancestor (src, GST_OBJECT (element)));
}

static char *
reason_from_message (RessentiEarcons *self,
                     GstMessage      *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &error, &debug);
  g_debug ("Earcons error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (message),
           error->message, debug != NULL ? debug : "");
  if (is_from (message, self->sink))
    return no_output_reason ();
  return g_strdup_printf (_("Earcons cannot be played: %s"), error->message);
}

static gboolean
bus_message_cb (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  RessentiEarcons *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autofree char *reason = reason_from_message (self, message);

      /* This destroys the source this callback runs from. */
      fail (self, reason);
    }
  return G_SOURCE_CONTINUE;
}

static GstElement *
add_element (RessentiEarcons  *self,
             const char       *factory,
             char            **missing)
{
  GstElement *element;

  if (*missing != NULL)
    return NULL;
  element = gst_element_factory_make (factory, NULL);
  if (element == NULL)
    {
      *missing = g_strdup (factory);
      return NULL;
    }
  gst_bin_add (GST_BIN (self->pipeline), element);
  return element;
}

static gboolean
build_pipeline (RessentiEarcons *self)
{
  g_autoptr(GstCaps) caps = NULL;
  g_autofree char *missing = NULL;
  GstAppSrcCallbacks callbacks = { .need_data = need_data_cb };
  const char *description = NULL;
  GstElement *convert, *resample;

  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("ressenti-earcons"));
  self->src = add_element (self, "appsrc", &missing);
  self->volume_element = add_element (self, "volume", &missing);
  convert = add_element (self, "audioconvert", &missing);
  resample = add_element (self, "audioresample", &missing);
  if (missing == NULL)
    {
      self->sink = ressenti_media_make_audio_sink (BUFFER_MS, &description);
      if (self->sink == NULL)
        missing = g_strdup (description);
      else
        gst_bin_add (GST_BIN (self->pipeline), self->sink);
    }
  if (missing != NULL)
    {
      g_autofree char *reason =
        g_strdup_printf (_("Earcons cannot be played: the GStreamer element “%s” is missing. Install the GStreamer base and good plugins (gstreamer1.0-plugins-base, gstreamer1.0-plugins-good)."),
                         missing);

      set_unavailable (self, reason);
      return FALSE;
    }

  caps = gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, GST_AUDIO_NE (F32),
                              "layout", G_TYPE_STRING, "interleaved",
                              "rate", G_TYPE_INT, RATE,
                              "channels", G_TYPE_INT, 1,
                              NULL);
  /* One chunk waits in the source at most, so a new earcon is the next
   * thing fed. */
  g_object_set (self->src,
                "caps", caps,
                "format", GST_FORMAT_TIME,
                "stream-type", GST_APP_STREAM_TYPE_STREAM,
                "is-live", FALSE,
                "block", FALSE,
                "max-bytes", (guint64) CHUNK_SAMPLES * sizeof (float),
                NULL);
  gst_app_src_set_callbacks (GST_APP_SRC (self->src), &callbacks, self, NULL);
  g_object_set (self->volume_element, "volume", self->volume, "mute", self->muted, NULL);
  if (!gst_element_link_many (self->src, self->volume_element, convert, resample, self->sink, NULL))
    {
      set_unavailable (self, _("Earcons cannot be played: the audio pipeline could not be set up."));
      return FALSE;
    }
  return TRUE;
}

/* Opens the output and starts playing silence, so that the first earcon
 * is heard at once; what fails here is told by "available" and "error". */
static void
start (RessentiEarcons *self)
{
  g_autoptr(GstBus) bus = NULL;

  if (!build_pipeline (self))
    {
      tear_down (self);
      return;
    }
  bus = gst_element_get_bus (self->pipeline);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      g_autofree char *reason = message != NULL ? reason_from_message (self, message) : no_output_reason ();

      tear_down (self);
      set_unavailable (self, reason);
      return;
    }
  if (ressenti_media_audio_sink_is_fake (self->sink))
    {
      g_autofree char *reason = no_output_reason ();

      tear_down (self);
      set_unavailable (self, reason);
      return;
    }
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, (GSourceFunc) bus_message_cb, self, NULL);
  g_source_set_name (self->bus_source, "[ressenti] earcons bus");
  g_source_attach (self->bus_source, self->context);
  self->available = TRUE;
  pause_when_idle (self);
}

/* The backend */

static void
ressenti_earcons_speak (RessentiAnnouncerBackend   *backend,
                        const RessentiAnnouncement *announcement)
{
  RessentiEarcons *self = RESSENTI_EARCONS (backend);

  /* The UI plays the other earcons itself, where it knows what they mean
   * (play, pause, boundary…). */
  switch (announcement->category)
    {
    case RESSENTI_ANNOUNCE_CATEGORY_ERROR:
      ressenti_earcons_play (self, RESSENTI_EARCON_ERROR);
      break;

    case RESSENTI_ANNOUNCE_CATEGORY_NAVIGATION:
      ressenti_earcons_play (self, RESSENTI_EARCON_MOVE);
      break;

    case RESSENTI_ANNOUNCE_CATEGORY_RESULT:
    case RESSENTI_ANNOUNCE_CATEGORY_PROGRESS:
    case RESSENTI_ANNOUNCE_CATEGORY_COUNT:
    case RESSENTI_ANNOUNCE_CATEGORY_HINT:
    case RESSENTI_ANNOUNCE_CATEGORY_MARKER:
    default:
      break;
    }
}

static void
backend_iface_init (RessentiAnnouncerBackendInterface *iface)
{
  iface->speak = ressenti_earcons_speak;
}

/* GObject */

static void
ressenti_earcons_dispose (GObject *object)
{
  RessentiEarcons *self = (RessentiEarcons *) object;

  tear_down (self);

  G_OBJECT_CLASS (ressenti_earcons_parent_class)->dispose (object);
}

static void
ressenti_earcons_finalize (GObject *object)
{
  RessentiEarcons *self = (RessentiEarcons *) object;

  for (guint i = 0; i < RESSENTI_N_EARCONS; i++)
    g_clear_pointer (&self->rendered[i], g_bytes_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ressenti_earcons_parent_class)->finalize (object);
}

static void
ressenti_earcons_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RessentiEarcons *self = RESSENTI_EARCONS (object);

  switch (prop_id)
    {
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;

    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;

    case PROP_SOUNDING:
      g_value_set_boolean (value, self->sounding);
      break;

    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_earcons_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RessentiEarcons *self = RESSENTI_EARCONS (object);

  switch (prop_id)
    {
    case PROP_VOLUME:
      ressenti_earcons_set_volume (self, g_value_get_double (value));
      break;

    case PROP_MUTED:
      ressenti_earcons_set_muted (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_earcons_class_init (RessentiEarconsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ressenti_earcons_dispose;
  object_class->finalize = ressenti_earcons_finalize;
  object_class->get_property = ressenti_earcons_get_property;
  object_class->set_property = ressenti_earcons_set_property;

  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 0.5, rw);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE, rw);
  properties[PROP_SOUNDING] =
    g_param_spec_boolean ("sounding", NULL, NULL, FALSE, ro);
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ressenti_earcons_init (RessentiEarcons *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->volume = 0.5;
  g_mutex_init (&self->lock);
  for (guint i = 0; i < RESSENTI_N_EARCONS; i++)
    self->rendered[i] = render (&figures[i]);
}

RessentiEarcons *
ressenti_earcons_new (void)
{
  RessentiEarcons *self;

  ressenti_media_init ();
  self = g_object_new (RESSENTI_TYPE_EARCONS, NULL);
  start (self);
  return self;
}

void
ressenti_earcons_play (RessentiEarcons *self,
                       RessentiEarcon   earcon)
{
  g_return_if_fail (RESSENTI_IS_EARCONS (self));
  g_return_if_fail (earcon < RESSENTI_N_EARCONS);

  if (self->pipeline == NULL || self->muted)
    return;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->next, g_bytes_unref);
  self->next = g_bytes_ref (self->rendered[earcon]);
  self->next_serial = ++self->serial;
  /* The one being cut off will not be heard to its end. */
  if (self->heard_id != NULL)
    {
      gst_clock_id_unschedule (self->heard_id);
      g_clear_pointer (&self->heard_id, gst_clock_id_unref);
    }
  g_mutex_unlock (&self->lock);

  clear_source (&self->idle_source);
  clear_source (&self->grace_source);
  self->grace_source = add_timeout (self, ressenti_earcon_get_duration (earcon) + BUFFER_MS + SOUNDING_GRACE_MS,
                                    grace_cb, "[ressenti] earcons grace");
  if (self->paused)
    {
      gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
      self->paused = FALSE;
    }
  set_sounding (self, TRUE);
}

double
ressenti_earcons_get_volume (RessentiEarcons *self)
{
  g_return_val_if_fail (RESSENTI_IS_EARCONS (self), 0.0);

  return self->volume;
}

void
ressenti_earcons_set_volume (RessentiEarcons *self,
                             double           volume)
{
  g_return_if_fail (RESSENTI_IS_EARCONS (self));

  volume = CLAMP (volume, 0.0, 1.0);
  if (volume == self->volume)
    return;
  self->volume = volume;
  if (self->volume_element != NULL)
    g_object_set (self->volume_element, "volume", volume, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

gboolean
ressenti_earcons_get_muted (RessentiEarcons *self)
{
  g_return_val_if_fail (RESSENTI_IS_EARCONS (self), FALSE);

  return self->muted;
}

void
ressenti_earcons_set_muted (RessentiEarcons *self,
                            gboolean         muted)
{
  g_return_if_fail (RESSENTI_IS_EARCONS (self));

  muted = !!muted;
  if (muted == self->muted)
    return;
  self->muted = muted;
  if (self->volume_element != NULL)
    g_object_set (self->volume_element, "mute", muted, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

gboolean
ressenti_earcons_get_sounding (RessentiEarcons *self)
{
  g_return_val_if_fail (RESSENTI_IS_EARCONS (self), FALSE);

  return self->sounding;
}

gboolean
ressenti_earcons_get_available (RessentiEarcons *self)
{
  g_return_val_if_fail (RESSENTI_IS_EARCONS (self), FALSE);

  return self->available;
}

const char *
ressenti_earcons_get_error (RessentiEarcons *self)
{
  g_return_val_if_fail (RESSENTI_IS_EARCONS (self), NULL);

  return self->error;
}
