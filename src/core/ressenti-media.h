/* ressenti-media.h — what an audio file holds, and whether it is whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct
{
  gint64  duration_ms;   /* decoded duration */
  guint   channels;
  guint   sample_rate;
  char   *codec;         /* e.g. "A-law audio", "MPEG-1 Layer 3 (MP3)" */
  char   *container;     /* e.g. "WAV", "Ogg", or NULL */
} RessentiMediaInfo;

void ressenti_media_info_clear (RessentiMediaInfo *info);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RessentiMediaInfo, ressenti_media_info_clear)

/* TRUE when a pad decodebin just added carries audio. */
gboolean ressenti_media_pad_is_audio (GstPad *pad);

/* The audio output, as a bin: autoaudiosink, or what the environment
 * variable RESSENTI_AUDIO_SINK describes (a gst-launch description, for
 * tests). Its sink keeps @buffer_ms of audio ahead of the loudspeaker
 * (0: the sink's default, 200 ms for pulsesink): what is sent is heard
 * that much later. NULL if it cannot be made; @description, if not NULL,
 * is set to the description used, for the message. */
GstElement *ressenti_media_make_audio_sink    (guint         buffer_ms,
                                               const char  **description);
/* TRUE when @sink (from ressenti_media_make_audio_sink(), once started) is
 * autoaudiosink fallen back to a fakesink: no real output was found. A
 * fakesink named in RESSENTI_AUDIO_SINK does not count. */
gboolean    ressenti_media_audio_sink_is_fake (GstElement  *sink);

/* Calls GStreamer's initialisation once; safe from any thread. */
void     ressenti_media_init  (void);

/* Probes @path with GstDiscoverer, then decodes it to the end (faster than
 * real time, no output) to make sure the audio is whole: a file that cannot
 * be decoded is CORRUPT, one that holds less audio than its header declares
 * is TRUNCATED, one with no audio stream NO_AUDIO, one GStreamer does not
 * recognise UNSUPPORTED. Errors are in the RESSENTI_IMPORT_ERROR domain with
 * translated messages naming @display_name. Blocking: call it in a worker. */
gboolean ressenti_media_probe (const char         *path,
                               const char         *display_name,
                               RessentiMediaInfo  *info,
                               GCancellable       *cancellable,
                               GError            **error);

G_END_DECLS
