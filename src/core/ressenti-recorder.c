/* ressenti-recorder.c — a voice note recorded from the microphone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pulsesrc → audioconvert → audioresample → S16 mono 48 kHz → opusenc →
 * oggmux (pages of at most 500 ms) → fdsink on a descriptor opened here.
 * A probe on the encoder's input counts what was captured (the note's
 * length, the longest-length limit), measures its peak (silence) and,
 * once a second, syncs the descriptor: it runs in the streaming thread,
 * never on the main loop.
 */
#include "config.h"

#define G_LOG_DOMAIN "ressenti-recorder"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "ressenti-recorder.h"

#define RATE 48000
/* Ogg pages reach the file within this much of being captured. */
#define PAGE_DELAY_NS (500 * GST_MSECOND)
/* After stop(), the end of the stream has this long to reach the file. */
#define STOP_TIMEOUT_MS 3000
#define OPUS_BITRATE 32000

G_DEFINE_QUARK (ressenti-recorder-error-quark, ressenti_recorder_error)

struct _RessentiRecorder
{
  GObject       parent_instance;

  GstElement   *pipeline;
  GMainContext *context;
  GSource      *bus_source;
  GSource      *silence_source;
  GSource      *stop_source;
  int           fd;
  char         *path;
  gint64        max_ms;
  gboolean      recording;
  gboolean      capturing;
  gboolean      stopping;
  GSource      *capturing_source;

  /* Written by the streaming thread. */
  gint          frames;          /* atomic; 12 hours at most */
  gint          heard;           /* atomic: a sample above the silence level */
  gint          limit_reached;   /* atomic */
  gint64        last_sync_us;
};

G_DEFINE_FINAL_TYPE (RessentiRecorder, ressenti_recorder, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_RECORDING,
  PROP_CAPTURING,
  PROP_MAX_DURATION,
  N_PROPS
};

enum
{
  FINISHED,
  FAILED,
  WARNING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* Inputs                                                              */
/* ------------------------------------------------------------------ */

void
ressenti_recorder_input_free (RessentiRecorderInput *input)
{
  if (input == NULL)
    return;
  g_free (input->id);
  g_free (input->description);
  g_free (input);
}

static char *
device_source_name (GstDevice *device)
{
  char *name = NULL;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (device), "internal-name") != NULL)
    g_object_get (device, "internal-name", &name, NULL);
  return name;
}

/* What an output plays, seen as a source: never a microphone. */
static gboolean
is_monitor (GstDevice  *device,
            const char *name)
{
  g_autoptr(GstStructure) props = gst_device_get_properties (device);
  const char *class = props != NULL ? gst_structure_get_string (props, "device.class") : NULL;

  return g_strcmp0 (class, "monitor") == 0 || (name != NULL && g_str_has_suffix (name, ".monitor"));
}

static RessentiRecorderInput *
input_from_device (GstDevice *device)
{
  g_autoptr(GstStructure) props = gst_device_get_properties (device);
  g_autofree char *name = device_source_name (device);
  RessentiRecorderInput *input;
  gboolean is_default = FALSE;

  if (name == NULL || is_monitor (device, name))
    return NULL;
  if (props != NULL)
    gst_structure_get_boolean (props, "is-default", &is_default);
  input = g_new0 (RessentiRecorderInput, 1);
  input->id = g_steal_pointer (&name);
  input->description = gst_device_get_display_name (device);
  input->is_default = is_default;
  return input;
}

static int
compare_inputs (gconstpointer a,
                gconstpointer b)
{
  const RessentiRecorderInput *x = *(RessentiRecorderInput * const *) a;
  const RessentiRecorderInput *y = *(RessentiRecorderInput * const *) b;

  if (x->is_default != y->is_default)
    return x->is_default ? -1 : 1;
  return g_strcmp0 (x->description, y->description);
}

GPtrArray *
ressenti_recorder_list_inputs (void)
{
  g_autoptr(GstDeviceMonitor) monitor = gst_device_monitor_new ();
  GPtrArray *inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_recorder_input_free);
  GList *devices;

  gst_device_monitor_add_filter (monitor, "Audio/Source", NULL);
  if (!gst_device_monitor_start (monitor))
    return inputs;
  devices = gst_device_monitor_get_devices (monitor);
  for (GList *l = devices; l != NULL; l = l->next)
    {
      RessentiRecorderInput *input = input_from_device (l->data);

      if (input != NULL)
        g_ptr_array_add (inputs, input);
    }
  g_list_free_full (devices, gst_object_unref);
  gst_device_monitor_stop (monitor);
  g_ptr_array_sort (inputs, compare_inputs);
  return inputs;
}

/* The input asked for if it is there, otherwise the default microphone,
 * otherwise any microphone. */
static char *
choose_input (const char  *wanted,
              GError     **error)
{
  g_autoptr(GPtrArray) inputs = ressenti_recorder_list_inputs ();

  for (guint i = 0; wanted != NULL && *wanted != '\0' && i < inputs->len; i++)
    {
      RessentiRecorderInput *input = g_ptr_array_index (inputs, i);

      if (g_str_equal (input->id, wanted))
        return g_strdup (input->id);
    }
  if (inputs->len > 0)
    return g_strdup (((RessentiRecorderInput *) g_ptr_array_index (inputs, 0))->id);
  g_set_error_literal (error, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_NO_MICROPHONE,
                       _("No microphone: no sound input was found. Plug in a microphone or a headset, "
                         "then choose it in Preferences."));
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Recording                                                           */
/* ------------------------------------------------------------------ */

static void
set_recording (RessentiRecorder *self,
               gboolean          recording)
{
  if (self->recording == recording)
    return;
  self->recording = recording;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

static void
set_capturing (RessentiRecorder *self,
               gboolean          capturing)
{
  if (self->capturing == capturing)
    return;
  self->capturing = capturing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURING]);
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* The pipeline stops first: its streaming thread uses the sources. */
static void
tear_down (RessentiRecorder *self)
{
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->pipeline);
  clear_source (&self->bus_source);
  clear_source (&self->silence_source);
  clear_source (&self->stop_source);
  clear_source (&self->capturing_source);
  if (self->fd >= 0)
    {
      if (fsync (self->fd) != 0)
        g_debug ("fsync of %s: %s", self->path, g_strerror (errno));
      close (self->fd);
      self->fd = -1;
    }
  self->stopping = FALSE;
}

static void
finish (RessentiRecorder *self)
{
  gint64 duration = ressenti_recorder_get_duration (self);

  tear_down (self);
  set_capturing (self, FALSE);
  set_recording (self, FALSE);
  g_signal_emit (self, signals[FINISHED], 0, duration);
}

static void
fail (RessentiRecorder *self,
      GError           *error)
{
  tear_down (self);
  set_capturing (self, FALSE);
  set_recording (self, FALSE);
  g_signal_emit (self, signals[FAILED], 0, error);
}

/* Streaming thread: counts, measures, syncs. */
static GstPadProbeReturn
captured_cb (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         user_data)
{
  RessentiRecorder *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstMapInfo map;
  gint64 frames;
  gint64 now;

  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_PAD_PROBE_OK;
  if (!g_atomic_int_get (&self->heard))
    {
      const gint16 *samples = (const gint16 *) map.data;
      int threshold = (int) (32767.0 * pow (10.0, RESSENTI_RECORDER_SILENCE_DB / 20.0));

      for (gsize i = 0; i < map.size / 2; i++)
        if (ABS ((int) samples[i]) > threshold)
          {
            g_atomic_int_set (&self->heard, TRUE);
            break;
          }
    }
  frames = (gint64) (map.size / 2);
  gst_buffer_unmap (buffer, &map);
  if (g_atomic_int_add (&self->frames, (gint) frames) == 0 && self->capturing_source != NULL)
    /* The first samples: the owner hears of it on its context. */
    g_source_set_ready_time (self->capturing_source, 0);
  frames = g_atomic_int_get (&self->frames);
  if (self->max_ms > 0 && frames * 1000 / RATE >= self->max_ms)
    g_atomic_int_set (&self->limit_reached, TRUE);

  /* What earlier buffers wrote goes to the disk. */
  now = g_get_monotonic_time ();
  if (now - self->last_sync_us >= RESSENTI_RECORDER_SYNC_MS * 1000)
    {
      self->last_sync_us = now;
      if (fsync (self->fd) != 0)
        g_debug ("fsync of %s: %s", self->path, g_strerror (errno));
    }
  return GST_PAD_PROBE_OK;
}

static GError *
error_from_message (RessentiRecorder *self,
                    GstMessage       *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *source = GST_MESSAGE_SRC_NAME (message) != NULL ? g_strdup (GST_MESSAGE_SRC_NAME (message))
                                                                   : NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("error from %s: %s (%s)", source, gst_error->message, debug);
  if (g_strcmp0 (source, "sink") == 0)
    return g_error_new (RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_WRITE,
                        /* Translators: %s says why (from the system). */
                        _("The voice note cannot be saved: %s"), gst_error->message);
  if (g_strcmp0 (source, "src") == 0)
    return g_error_new (RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_DEVICE,
                        /* Translators: %s says why (from the sound system). */
                        _("The microphone stopped working: %s"), gst_error->message);
  return g_error_new (RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_FAILED,
                      _("The voice note could not be recorded: %s"), gst_error->message);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  RessentiRecorder *self = user_data;
  g_autoptr(GError) error = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      finish (self);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_ERROR:
      error = error_from_message (self, message);
      fail (self, error);
      return G_SOURCE_REMOVE;

    default:
      break;
    }
  if (g_atomic_int_get (&self->limit_reached) && !self->stopping)
    ressenti_recorder_stop (self);
  return G_SOURCE_CONTINUE;
}

static gboolean silence_cb (gpointer user_data);
static GSource *attach_timeout (RessentiRecorder *self,
                                guint             ms,
                                GSourceFunc       func);

static gboolean
capturing_cb (gpointer user_data)
{
  RessentiRecorder *self = user_data;

  g_source_set_ready_time (self->capturing_source, -1);
  if (!self->recording || self->stopping || self->capturing)
    return G_SOURCE_CONTINUE;
  set_capturing (self, TRUE);
  /* Silence is measured from the first samples on. */
  clear_source (&self->silence_source);
  self->silence_source = attach_timeout (self, RESSENTI_RECORDER_SILENCE_MS, silence_cb);
  return G_SOURCE_CONTINUE;
}

static gboolean
silence_cb (gpointer user_data)
{
  RessentiRecorder *self = user_data;
  g_autoptr(GError) warning = NULL;

  clear_source (&self->silence_source);
  if (g_atomic_int_get (&self->heard) || !self->recording)
    return G_SOURCE_REMOVE;
  warning = g_error_new_literal (RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_SILENT,
                                 _("No sound from the microphone: check that it is not muted and that the "
                                   "right input is chosen in Preferences."));
  g_signal_emit (self, signals[WARNING], 0, warning);
  return G_SOURCE_REMOVE;
}

/* The longest length is checked on each bus message and here, 10 times a
 * second, on the owner's context. */
static gboolean
limit_cb (gpointer user_data)
{
  RessentiRecorder *self = user_data;

  if (g_atomic_int_get (&self->limit_reached) && !self->stopping)
    ressenti_recorder_stop (self);
  return G_SOURCE_CONTINUE;
}

static GSource *
attach_timeout (RessentiRecorder *self,
                guint             ms,
                GSourceFunc       func)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);
  return source;
}

/* gst_parse_launch() may return a pipeline and an error both (an element
 * missing): that is a failure too. */
static GstElement *
parse_launch (const char  *description,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &local_error);

  if (local_error == NULL && pipeline != NULL)
    return g_steal_pointer (&pipeline);
  g_set_error (error, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_FAILED,
               _("GStreamer cannot record or read voice notes: %s"),
               local_error != NULL ? local_error->message : description);
  return NULL;
}

static GstElement *
build_pipeline (RessentiRecorder  *self,
                const char        *device,
                GError           **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GstPad) pad = NULL;
  GstElement *pipeline;

  description = g_strdup_printf ("pulsesrc name=src device=\"%s\" client-name=Ressenti"
                                 " ! audioconvert ! audioresample"
                                 " ! audio/x-raw,format=S16LE,rate=%d,channels=1"
                                 " ! opusenc name=encoder bitrate=%d audio-type=voice"
                                 " ! oggmux max-delay=%" G_GUINT64_FORMAT " max-page-delay=%" G_GUINT64_FORMAT
                                 " ! fdsink name=sink fd=%d sync=false",
                                 device, RATE, OPUS_BITRATE, (guint64) PAGE_DELAY_NS, (guint64) PAGE_DELAY_NS,
                                 self->fd);
  pipeline = parse_launch (description, error);
  if (pipeline == NULL)
    return NULL;
  encoder = gst_bin_get_by_name (GST_BIN (pipeline), "encoder");
  pad = gst_element_get_static_pad (encoder, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, captured_cb, self, NULL);
  return pipeline;
}

static gboolean
open_file (RessentiRecorder  *self,
           const char        *path,
           GError           **error)
{
  int saved_errno;

  self->fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (self->fd >= 0)
    return TRUE;
  saved_errno = errno;
  g_set_error (error, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_WRITE,
               _("The voice note cannot be saved: %s"), g_strerror (saved_errno));
  return FALSE;
}

gboolean
ressenti_recorder_start (RessentiRecorder  *self,
                         const char        *input_id,
                         const char        *path,
                         GError           **error)
{
  g_autofree char *device = NULL;
  g_autoptr(GstBus) bus = NULL;

  g_return_val_if_fail (RESSENTI_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (!self->recording, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((device = choose_input (input_id, error)) == NULL || !open_file (self, path, error))
    return FALSE;
  g_free (self->path);
  self->path = g_strdup (path);
  g_atomic_int_set (&self->frames, 0);
  g_atomic_int_set (&self->heard, FALSE);
  g_atomic_int_set (&self->limit_reached, FALSE);
  self->last_sync_us = g_get_monotonic_time ();
  if ((self->pipeline = build_pipeline (self, device, error)) == NULL)
    {
      tear_down (self);
      g_unlink (path);
      return FALSE;
    }
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  /* Made ready by the streaming thread on the first samples. */
  self->capturing_source = g_timeout_source_new (G_MAXUINT);
  g_source_set_ready_time (self->capturing_source, -1);
  g_source_set_callback (self->capturing_source, capturing_cb, self, NULL);
  g_source_attach (self->capturing_source, self->context);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, (GSourceFunc) G_CALLBACK (bus_cb), self, NULL);
  g_source_attach (self->bus_source, self->context);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        g_propagate_error (error, error_from_message (self, message));
      else
        g_set_error_literal (error, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_DEVICE,
                             _("The microphone could not be opened."));
      tear_down (self);
      g_unlink (path);
      return FALSE;
    }
  /* A microphone that gives no samples at all is silent too. */
  self->silence_source = attach_timeout (self, 2 * RESSENTI_RECORDER_SILENCE_MS, silence_cb);
  self->stop_source = attach_timeout (self, 100, limit_cb);
  set_recording (self, TRUE);
  return TRUE;
}

static gboolean
stop_timeout_cb (gpointer user_data)
{
  RessentiRecorder *self = user_data;

  /* The end of the stream never came: what was written stays. */
  g_debug ("no end of stream %d ms after stop: finishing", STOP_TIMEOUT_MS);
  g_clear_pointer (&self->stop_source, g_source_unref);
  finish (self);
  return G_SOURCE_REMOVE;
}

void
ressenti_recorder_stop (RessentiRecorder *self)
{
  g_return_if_fail (RESSENTI_IS_RECORDER (self));

  if (!self->recording || self->stopping)
    return;
  self->stopping = TRUE;
  clear_source (&self->silence_source);
  clear_source (&self->stop_source);
  self->stop_source = attach_timeout (self, STOP_TIMEOUT_MS, stop_timeout_cb);
  /* A live source ends its stream on an EOS sent to the pipeline; the
   * encoder and muxer then write their last page. */
  gst_element_send_event (self->pipeline, gst_event_new_eos ());
}

gboolean
ressenti_recorder_get_capturing (RessentiRecorder *self)
{
  g_return_val_if_fail (RESSENTI_IS_RECORDER (self), FALSE);
  return self->capturing;
}

gboolean
ressenti_recorder_get_recording (RessentiRecorder *self)
{
  g_return_val_if_fail (RESSENTI_IS_RECORDER (self), FALSE);
  return self->recording;
}

gint64
ressenti_recorder_get_duration (RessentiRecorder *self)
{
  g_return_val_if_fail (RESSENTI_IS_RECORDER (self), 0);
  return (gint64) g_atomic_int_get (&self->frames) * 1000 / RATE;
}

void
ressenti_recorder_set_max_duration (RessentiRecorder *self,
                                    gint64            max_ms)
{
  g_return_if_fail (RESSENTI_IS_RECORDER (self));

  max_ms = MAX (max_ms, 0);
  if (self->max_ms == max_ms)
    return;
  self->max_ms = max_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_DURATION]);
}

gint64
ressenti_recorder_get_max_duration (RessentiRecorder *self)
{
  g_return_val_if_fail (RESSENTI_IS_RECORDER (self), 0);
  return self->max_ms;
}

/* ------------------------------------------------------------------ */
/* Reading and recovering notes                                        */
/* ------------------------------------------------------------------ */

static GstPadProbeReturn
count_packets_cb (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  gint64 *total_ns = user_data;

  if (buffer != NULL && GST_BUFFER_DURATION_IS_VALID (buffer))
    *total_ns += (gint64) GST_BUFFER_DURATION (buffer);
  return GST_PAD_PROBE_OK;
}

/* Runs @description to its end, counting the duration of the packets
 * that reach the element named "counted"; -1 on an error. */
static gint64
run_counting (const char  *description,
              GError     **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) counted = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  gint64 total_ns = 0;

  if ((pipeline = parse_launch (description, error)) == NULL)
    return -1;
  counted = gst_bin_get_by_name (GST_BIN (pipeline), "counted");
  pad = gst_element_get_static_pad (counted, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_packets_cb, &total_ns, NULL);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    return total_ns / GST_MSECOND;
  if (message != NULL)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_FAILED,
                   _("The voice note cannot be read: %s"), gst_error->message);
    }
  else
    g_set_error_literal (error, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_FAILED,
                         _("The voice note cannot be read: it took too long."));
  return -1;
}

gint64
ressenti_recorder_measure (const char  *path,
                           GError     **error)
{
  g_autofree char *quoted = NULL;
  g_autofree char *description = NULL;

  g_return_val_if_fail (path != NULL, -1);

  quoted = g_strescape (path, NULL);
  description = g_strdup_printf ("filesrc location=\"%s\" ! oggdemux ! fakesink name=counted", quoted);
  return run_counting (description, error);
}

gboolean
ressenti_recorder_recover (const char  *path,
                           gint64      *duration_ms,
                           GError     **error)
{
  g_autofree char *quoted = NULL;
  g_autofree char *remuxed = NULL;
  g_autofree char *quoted_remuxed = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gint64 duration;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Killed before the first page reached the disk. */
  if (g_stat (path, &st) == 0 && st.st_size == 0)
    {
      g_set_error_literal (error, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_EMPTY,
                           _("The voice note holds no sound."));
      return FALSE;
    }
  remuxed = g_strconcat (path, ".recovered", NULL);
  quoted = g_strescape (path, NULL);
  quoted_remuxed = g_strescape (remuxed, NULL);
  description = g_strdup_printf ("filesrc location=\"%s\" ! oggdemux ! oggmux ! filesink name=counted location=\"%s\"",
                                 quoted, quoted_remuxed);
  /* What oggmux writes are pages, not timed packets: the remuxed file is
   * measured once written. */
  duration = run_counting (description, &local_error) < 0 ? -1 : ressenti_recorder_measure (remuxed, &local_error);
  if (duration <= 0)
    {
      g_unlink (remuxed);
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_EMPTY,
                             _("The voice note holds no sound."));
      return FALSE;
    }
  /* The new file reaches the disk before it takes the old one's name. */
  if ((fd = g_open (remuxed, O_RDONLY | O_CLOEXEC, 0)) >= 0)
    {
      if (fsync (fd) != 0)
        g_debug ("fsync of %s: %s", remuxed, g_strerror (errno));
      close (fd);
    }
  if (g_rename (remuxed, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (remuxed);
      g_set_error (error, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_WRITE,
                   _("The voice note cannot be saved: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  if (duration_ms != NULL)
    *duration_ms = duration;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
ressenti_recorder_dispose (GObject *object)
{
  RessentiRecorder *self = RESSENTI_RECORDER (object);

  /* Dropped while recording: what was captured stays in the file. */
  tear_down (self);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (ressenti_recorder_parent_class)->dispose (object);
}

static void
ressenti_recorder_finalize (GObject *object)
{
  RessentiRecorder *self = RESSENTI_RECORDER (object);

  g_free (self->path);

  G_OBJECT_CLASS (ressenti_recorder_parent_class)->finalize (object);
}

static void
ressenti_recorder_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RessentiRecorder *self = RESSENTI_RECORDER (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      g_value_set_boolean (value, self->recording);
      break;

    case PROP_CAPTURING:
      g_value_set_boolean (value, self->capturing);
      break;

    case PROP_MAX_DURATION:
      g_value_set_int64 (value, self->max_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_recorder_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RessentiRecorder *self = RESSENTI_RECORDER (object);

  switch (prop_id)
    {
    case PROP_MAX_DURATION:
      ressenti_recorder_set_max_duration (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_recorder_class_init (RessentiRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ressenti_recorder_dispose;
  object_class->finalize = ressenti_recorder_finalize;
  object_class->get_property = ressenti_recorder_get_property;
  object_class->set_property = ressenti_recorder_set_property;

  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RessentiRecorder:capturing:
   *
   * TRUE once the microphone's first samples have arrived, until the note
   * ends: the moment to tell the listener to speak.
   */
  properties[PROP_CAPTURING] =
    g_param_spec_boolean ("capturing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_DURATION] =
    g_param_spec_int64 ("max-duration", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RessentiRecorder::finished:
   * @duration_ms: the length of the note
   *
   * The note is complete on disk (stop(), or the longest length).
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * RessentiRecorder::failed:
   * @error: in RESSENTI_RECORDER_ERROR, translated
   *
   * Recording stopped: the input failed, the file cannot be written. What
   * was written stays.
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * RessentiRecorder::warning:
   * @error: RESSENTI_RECORDER_ERROR_SILENT
   *
   * Something the listener should know; the recording goes on.
   */
  signals[WARNING] =
    g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ressenti_recorder_init (RessentiRecorder *self)
{
  self->fd = -1;
}

RessentiRecorder *
ressenti_recorder_new (void)
{
  return g_object_new (RESSENTI_TYPE_RECORDER, NULL);
}
