/* ressenti-media.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording is accepted only if it can be heard to the end: GstDiscoverer
 * tells what the file claims to be, and a decode pass to a fakesink proves
 * it. Telephony exports are often cut off by a failed copy, and a listener
 * must not discover that twenty minutes into a review.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/audio/audio.h>
#include <gst/pbutils/pbutils.h>

#include "ressenti-media.h"
#include "ressenti-spoken.h"
#include "ressenti-types.h"

/* A file may hold this much less audio than its header says (encoder
 * padding, rounding) before it is called incomplete. */
#define TRUNCATION_TOLERANCE_MS 500
#define DISCOVER_TIMEOUT (15 * GST_SECOND)
/* How often an audio sink is fed, at most. */
#define SINK_PERIOD_MS 10

void
ressenti_media_info_clear (RessentiMediaInfo *info)
{
  g_clear_pointer (&info->codec, g_free);
  g_clear_pointer (&info->container, g_free);
}

void
ressenti_media_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      gst_init (NULL, NULL);
      g_once_init_leave (&initialized, 1);
    }
}

static char *
describe_caps (GstCaps *caps)
{
  if (caps == NULL)
    return NULL;
  return gst_pb_utils_get_codec_description (caps);
}

static gboolean
set_error_from_discoverer (GstDiscovererInfo  *info,
                           const GError       *gst_error,
                           const char         *display_name,
                           GError            **error)
{
  switch (gst_discoverer_info_get_result (info))
    {
    case GST_DISCOVERER_MISSING_PLUGINS:
      g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_UNSUPPORTED,
                   _("“%s” is in a format whose decoder is not installed. Install the GStreamer plugins for it and import it again."),
                   display_name);
      return FALSE;

    case GST_DISCOVERER_TIMEOUT:
      g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_CORRUPT,
                   _("“%s” could not be read in time: the file may be damaged."),
                   display_name);
      return FALSE;

    case GST_DISCOVERER_URI_INVALID:
    case GST_DISCOVERER_ERROR:
    case GST_DISCOVERER_BUSY:
    case GST_DISCOVERER_OK:
    default:
      break;
    }

  if (gst_error != NULL && g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND))
    g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_UNSUPPORTED,
                 _("“%s” is not in an audio format Ressenti can read."), display_name);
  else
    g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_CORRUPT,
                 _("“%s” is damaged: its audio cannot be read."), display_name);
  return FALSE;
}

static gboolean
discover (const char         *path,
          const char         *display_name,
          RessentiMediaInfo  *media,
          gint64             *declared_ms,
          GError            **error)
{
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GList *audio_streams;
  GstDiscovererAudioInfo *audio;
  GstDiscovererStreamInfo *top;

  discoverer = gst_discoverer_new (DISCOVER_TIMEOUT, &gst_error);
  if (discoverer == NULL)
    {
      g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_FAILED,
                   _("GStreamer cannot inspect audio files: %s"), gst_error->message);
      return FALSE;
    }

  info = gst_discoverer_discover_uri (discoverer, uri, &gst_error);
  if (info == NULL || gst_discoverer_info_get_result (info) != GST_DISCOVERER_OK)
    {
      if (info == NULL)
        {
          g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_UNSUPPORTED,
                       _("“%s” is not in an audio format Ressenti can read."), display_name);
          return FALSE;
        }
      return set_error_from_discoverer (info, gst_error, display_name, error);
    }

  audio_streams = gst_discoverer_info_get_audio_streams (info);
  if (audio_streams == NULL)
    {
      g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_NO_AUDIO,
                   _("“%s” contains no audio."), display_name);
      return FALSE;
    }

  audio = audio_streams->data;
  media->channels = gst_discoverer_audio_info_get_channels (audio);
  media->sample_rate = gst_discoverer_audio_info_get_sample_rate (audio);
  {
    g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (audio));
    media->codec = describe_caps (caps);
  }

  top = gst_discoverer_info_get_stream_info (info);
  if (top != NULL && GST_IS_DISCOVERER_CONTAINER_INFO (top))
    {
      g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (top);
      media->container = describe_caps (caps);
    }
  g_clear_object (&top);
  gst_discoverer_stream_info_list_free (audio_streams);

  *declared_ms = (gint64) (gst_discoverer_info_get_duration (info) / GST_MSECOND);
  return TRUE;
}

/* For WAV the header states the size of the audio data; a copy cut short
 * keeps the header, so the file is shorter than the header promises. Returns
 * the declared duration in ms, or -1 when the header says nothing usable. */
static gint64
wav_declared_ms (const char *path,
                 goffset     file_size,
                 gboolean   *truncated)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  guint8 header[4096];
  gsize n_read = 0;
  guint32 byte_rate = 0;
  gsize offset = 12;

  *truncated = FALSE;
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header, &n_read, NULL, NULL) ||
      n_read < 44 || memcmp (header, "RIFF", 4) != 0 || memcmp (header + 8, "WAVE", 4) != 0)
    return -1;

  while (offset + 8 <= n_read)
    {
      guint32 chunk_size = GUINT32_FROM_LE (*(guint32 *) (header + offset + 4));

      if (memcmp (header + offset, "fmt ", 4) == 0 && offset + 20 <= n_read)
        byte_rate = GUINT32_FROM_LE (*(guint32 *) (header + offset + 16));
      else if (memcmp (header + offset, "data", 4) == 0)
        {
          /* 0 and 0xFFFFFFFF mean "written while streaming, size unknown". */
          if (byte_rate == 0 || chunk_size == 0 || chunk_size == G_MAXUINT32)
            return -1;
          *truncated = (goffset) (offset + 8 + chunk_size) > file_size;
          return (gint64) chunk_size * 1000 / byte_rate;
        }
      offset += 8 + chunk_size + (chunk_size & 1);
    }

  return -1;
}

/* GStreamer trusts the file size for a constant-bitrate MP3, so a copy cut
 * in half just looks like a shorter call. LAME writes the true number of
 * frames in a "Xing" or "Info" header in the first frame: read it. Returns
 * the declared duration in ms, or -1. */
static gint64
mp3_declared_ms (const char *path)
{
  static const guint rates[4][3] = {
    { 11025, 12000, 8000 },   /* MPEG 2.5 */
    { 0, 0, 0 },              /* reserved */
    { 22050, 24000, 16000 },  /* MPEG 2 */
    { 44100, 48000, 32000 },  /* MPEG 1 */
  };
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  guint8 buffer[4096];
  gsize n_read = 0, offset = 0, side_info;
  guint version, rate_index, rate, mono, samples_per_frame;
  const guint8 *tag;
  guint32 flags, frames;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, sizeof buffer, &n_read, NULL, NULL))
    return -1;

  /* Skip an ID3v2 tag (its size is "syncsafe": 7 bits a byte). */
  if (n_read >= 10 && memcmp (buffer, "ID3", 3) == 0)
    offset = 10 + ((buffer[6] & 0x7f) << 21 | (buffer[7] & 0x7f) << 14 | (buffer[8] & 0x7f) << 7 | (buffer[9] & 0x7f));
  if (offset + 4 > n_read || buffer[offset] != 0xff || (buffer[offset + 1] & 0xe0) != 0xe0 ||
      ((buffer[offset + 1] >> 1) & 0x03) != 0x01 /* layer III */)
    return -1;

  version = (buffer[offset + 1] >> 3) & 0x03;
  rate_index = (buffer[offset + 2] >> 2) & 0x03;
  if (version == 1 || rate_index == 3)
    return -1;
  rate = rates[version][rate_index];
  mono = ((buffer[offset + 3] >> 6) & 0x03) == 3;
  side_info = version == 3 ? (mono ? 17 : 32) : (mono ? 9 : 17);
  samples_per_frame = version == 3 ? 1152 : 576;

  tag = buffer + offset + 4 + side_info;
  if (tag + 12 > buffer + n_read || (memcmp (tag, "Xing", 4) != 0 && memcmp (tag, "Info", 4) != 0))
    return -1;
  flags = (guint32) tag[4] << 24 | tag[5] << 16 | tag[6] << 8 | tag[7];
  if ((flags & 0x1) == 0)
    return -1;
  frames = (guint32) tag[8] << 24 | tag[9] << 16 | tag[10] << 8 | tag[11];
  return (gint64) frames * samples_per_frame * 1000 / rate;
}

gboolean
ressenti_media_pad_is_audio (GstPad *pad)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps == NULL || gst_caps_is_empty (caps))
    return FALSE;
  return g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps, 0)), "audio/");
}

static void
set_sink_buffer (GstElement *element,
                 guint       buffer_ms)
{
  if (GST_IS_AUDIO_BASE_SINK (element))
    g_object_set (element,
                  "buffer-time", (gint64) buffer_ms * 1000,
                  "latency-time", (gint64) MIN (SINK_PERIOD_MS, MAX (buffer_ms / 2, 1)) * 1000,
                  NULL);
}

/* autoaudiosink makes its real sink only while starting. */
static void
sink_element_added_cb (GstBin     *bin,
                       GstBin     *sub_bin,
                       GstElement *element,
                       gpointer    user_data)
{
  set_sink_buffer (element, GPOINTER_TO_UINT (user_data));
}

/* RESSENTI_AUDIO_SINK may name another sink, with properties, for tests
 * ("fakesink sync=true", "pulsesink device=…"). */
GstElement *
ressenti_media_make_audio_sink (guint        buffer_ms,
                                const char **description)
{
  const char *chosen = g_getenv ("RESSENTI_AUDIO_SINK");
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstIterator) iter = NULL;
  GValue item = G_VALUE_INIT;
  GstElement *sink;

  if (chosen == NULL || *chosen == '\0')
    chosen = "autoaudiosink";
  if (description != NULL)
    *description = chosen;
  sink = gst_parse_bin_from_description (chosen, TRUE, &local_error);
  if (sink == NULL)
    {
      g_debug ("Cannot make the audio sink “%s”: %s", chosen, local_error->message);
      return NULL;
    }
  if (buffer_ms == 0)
    return sink;

  iter = gst_bin_iterate_recurse (GST_BIN (sink));
  while (gst_iterator_next (iter, &item) == GST_ITERATOR_OK)
    {
      set_sink_buffer (g_value_get_object (&item), buffer_ms);
      g_value_reset (&item);
    }
  g_value_unset (&item);
  g_signal_connect (sink, "deep-element-added", G_CALLBACK (sink_element_added_cb),
                    GUINT_TO_POINTER (buffer_ms));
  return sink;
}

/* autoaudiosink plugs a fakesink (and only warns) when no real output
 * works: the listener would hear nothing and be told nothing. */
gboolean
ressenti_media_audio_sink_is_fake (GstElement *sink)
{
  const char *chosen = g_getenv ("RESSENTI_AUDIO_SINK");
  g_autoptr(GstIterator) iter = NULL;
  GValue item = G_VALUE_INIT;
  gboolean fake = FALSE;

  g_return_val_if_fail (GST_IS_BIN (sink), FALSE);

  /* A fakesink asked for is not a missing device. */
  if (chosen != NULL && *chosen != '\0')
    return FALSE;
  iter = gst_bin_iterate_recurse (GST_BIN (sink));
  while (gst_iterator_next (iter, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);
      GstElementFactory *factory = gst_element_get_factory (element);

      if (factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), "fakesink"))
        fake = TRUE;
      g_value_reset (&item);
    }
  g_value_unset (&item);
  return fake;
}

typedef struct
{
  GstElement *convert;
  guint64     bytes;
  gboolean    linked;
} DecodeState;

static void
decodebin_pad_added_cb (GstElement  *decodebin,
                        GstPad      *pad,
                        DecodeState *state)
{
  g_autoptr(GstPad) sink = NULL;

  if (state->linked || !ressenti_media_pad_is_audio (pad))
    return;

  sink = gst_element_get_static_pad (state->convert, "sink");
  if (gst_pad_link (pad, sink) == GST_PAD_LINK_OK)
    state->linked = TRUE;
}

static GstPadProbeReturn
count_bytes_cb (GstPad          *pad,
                GstPadProbeInfo *info,
                DecodeState     *state)
{
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  state->bytes += gst_buffer_get_size (buffer);
  return GST_PAD_PROBE_OK;
}

/* Decodes the whole file as fast as possible; returns the decoded
 * duration in ms, or -1 with @error set. @had_warnings tells whether the
 * decoder skipped damaged data on the way. */
static gint64
decode_to_end (const char    *path,
               const char    *display_name,
               gboolean      *had_warnings,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GstElement) pipeline = gst_pipeline_new (NULL);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstPad) probe_pad = NULL;
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("audio/x-raw", "format", G_TYPE_STRING, "S16LE", NULL);
  GstElement *src = gst_element_factory_make ("filesrc", NULL);
  GstElement *decode = gst_element_factory_make ("decodebin", NULL);
  GstElement *convert = gst_element_factory_make ("audioconvert", NULL);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  DecodeState state = { convert, 0, FALSE };
  gint64 result = -1;
  gboolean done = FALSE;
  int channels = 0, rate = 0;

  *had_warnings = FALSE;
  if (src == NULL || decode == NULL || convert == NULL || filter == NULL || sink == NULL)
    {
      g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_FAILED,
                   _("GStreamer’s base plugins are missing: install gstreamer1.0-plugins-base."));
      return -1;
    }

  g_object_set (src, "location", path, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (sink, "sync", FALSE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), src, decode, convert, filter, sink, NULL);
  gst_element_link (src, decode);
  gst_element_link_many (convert, filter, sink, NULL);
  g_signal_connect (decode, "pad-added", G_CALLBACK (decodebin_pad_added_cb), &state);

  probe_pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (probe_pad, GST_PAD_PROBE_TYPE_BUFFER, (GstPadProbeCallback) count_bytes_cb, &state, NULL);

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  while (!done)
    {
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;

      message = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND,
                                            GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING);
      if (message == NULL)
        continue;

      switch (GST_MESSAGE_TYPE (message))
        {
        case GST_MESSAGE_WARNING:
          *had_warnings = TRUE;
          break;

        case GST_MESSAGE_ERROR:
          {
            g_autofree char *at = NULL;
            g_autoptr(GError) gst_error = NULL;
            gint64 position = 0;

            gst_message_parse_error (message, &gst_error, NULL);
            gst_element_query_position (pipeline, GST_FORMAT_TIME, &position);
            at = ressenti_spoken_duration (position / GST_MSECOND);
            g_debug ("Decoding %s failed: %s", path, gst_error->message);
            if (g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND))
              g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_UNSUPPORTED,
                           _("“%s” is not in an audio format Ressenti can read."), display_name);
            else
              g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_CORRUPT,
                           _("“%s” is damaged: its audio cannot be decoded after %s."),
                           display_name, at);
            done = TRUE;
          }
          break;

        case GST_MESSAGE_EOS:
          {
            g_autoptr(GstCaps) negotiated = gst_pad_get_current_caps (probe_pad);

            if (negotiated != NULL)
              {
                GstStructure *s = gst_caps_get_structure (negotiated, 0);

                gst_structure_get_int (s, "channels", &channels);
                gst_structure_get_int (s, "rate", &rate);
              }
            if (channels > 0 && rate > 0)
              result = (gint64) (state.bytes * 1000 / (2 * (guint64) channels * (guint64) rate));
            else
              g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_NO_AUDIO,
                           _("“%s” contains no audio."), display_name);
            done = TRUE;
          }
          break;

        default:
          break;
        }
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  return result;
}

static gboolean
set_truncated (const char  *display_name,
               gint64       declared_ms,
               gint64       decoded_ms,
               GError     **error)
{
  g_autofree char *declared = ressenti_spoken_duration (declared_ms);
  g_autofree char *decoded = ressenti_spoken_duration (decoded_ms);

  g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_TRUNCATED,
               _("“%s” is incomplete: it should hold %s of audio but holds only %s. It was probably cut off while being copied."),
               display_name, declared, decoded);
  return FALSE;
}

gboolean
ressenti_media_probe (const char         *path,
                      const char         *display_name,
                      RessentiMediaInfo  *info,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_auto(RessentiMediaInfo) media = { 0 };
  g_autoptr(GError) local_error = NULL;
  gint64 declared_ms = 0;
  gint64 wav_ms;
  gint64 decoded_ms;
  gboolean wav_truncated = FALSE;
  gboolean had_warnings = FALSE;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  ressenti_media_init ();

  if (g_stat (path, &st) != 0)
    st.st_size = 0;

  wav_ms = wav_declared_ms (path, st.st_size, &wav_truncated);

  if (!discover (path, display_name, &media, &declared_ms, error))
    return FALSE;
  if (wav_ms >= 0)
    declared_ms = wav_ms;
  else
    {
      gint64 mp3_ms = mp3_declared_ms (path);

      if (mp3_ms > declared_ms)
        declared_ms = mp3_ms;
    }

  decoded_ms = decode_to_end (path, display_name, &had_warnings, cancellable, &local_error);
  if (decoded_ms < 0)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (wav_truncated ||
      (declared_ms > 0 && decoded_ms + TRUNCATION_TOLERANCE_MS < declared_ms * 98 / 100))
    {
      if (had_warnings && !wav_truncated)
        {
          g_autofree char *at = ressenti_spoken_duration (decoded_ms);

          g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_CORRUPT,
                       _("“%s” is damaged: its audio cannot be decoded after %s."),
                       display_name, at);
          return FALSE;
        }
      return set_truncated (display_name, declared_ms, decoded_ms, error);
    }

  if (decoded_ms <= 0)
    {
      g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_NO_AUDIO,
                   _("“%s” contains no audio."), display_name);
      return FALSE;
    }

  media.duration_ms = decoded_ms;
  *info = media;
  memset (&media, 0, sizeof media);
  return TRUE;
}
