/* ressenti-recorder.h — a voice note recorded from the microphone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The listener's voice goes from a microphone (a PulseAudio source) to an
 * Ogg Opus file as it is spoken: written without buffering in the app
 * (fdsink on a descriptor of our own), in Ogg pages of at most half a
 * second, and synced to the disk every second — so that a crash or a
 * kill -9 loses at most the last second, and ressenti_recorder_recover()
 * makes the rest a whole file again at the next start.
 *
 * A monitor source (what an output plays) is never a microphone: on a
 * machine without one, the default source is the sound card's monitor,
 * and recording it would record the call. Without a microphone, start()
 * fails at once with RESSENTI_RECORDER_ERROR_NO_MICROPHONE. A microphone
 * that gives only silence for the first two seconds is reported by
 * ::warning (RESSENTI_RECORDER_ERROR_SILENT); the recording goes on.
 *
 * GTK-free. Signals come on the thread-default main context of the thread
 * that called start().
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RESSENTI_RECORDER_ERROR (ressenti_recorder_error_quark ())

typedef enum
{
  RESSENTI_RECORDER_ERROR_FAILED,
  RESSENTI_RECORDER_ERROR_NO_MICROPHONE,  /* no input but monitors */
  RESSENTI_RECORDER_ERROR_SILENT,         /* a warning: only silence so far */
  RESSENTI_RECORDER_ERROR_DEVICE,         /* the input failed or went away */
  RESSENTI_RECORDER_ERROR_WRITE,          /* the file cannot be written */
  RESSENTI_RECORDER_ERROR_EMPTY,          /* a note with no sound in it */
} RessentiRecorderError;

GQuark ressenti_recorder_error_quark (void);

/* Silence for this long from the start: ::warning. */
#define RESSENTI_RECORDER_SILENCE_MS 2000
/* Below this peak level the input is silent. */
#define RESSENTI_RECORDER_SILENCE_DB -60.0
/* The disk is synced at least this often while recording. */
#define RESSENTI_RECORDER_SYNC_MS 1000

/* A sound input the user can choose. */
typedef struct
{
  char     *id;           /* the PulseAudio source name */
  char     *description;  /* "Built-in Audio Analog Stereo" */
  gboolean  is_default;
} RessentiRecorderInput;

void       ressenti_recorder_input_free  (RessentiRecorderInput *input);
/* The inputs that are microphones (never monitors), the default first. */
GPtrArray *ressenti_recorder_list_inputs (void);

#define RESSENTI_TYPE_RECORDER (ressenti_recorder_get_type ())
G_DECLARE_FINAL_TYPE (RessentiRecorder, ressenti_recorder, RESSENTI, RECORDER, GObject)

RessentiRecorder *ressenti_recorder_new              (void);
/* Records from @input_id (NULL or unknown: the default microphone) into a
 * new file at @path (which must not exist). Returns FALSE with @error
 * when it cannot start: no microphone, the file cannot be made. Then
 * ::finished (or ::failed) follows, once. */
gboolean          ressenti_recorder_start            (RessentiRecorder  *self,
                                                      const char        *input_id,
                                                      const char        *path,
                                                      GError           **error);
/* Ends the note: what was captured is written and the file closed, then
 * ::finished. Nothing when not recording. */
void              ressenti_recorder_stop             (RessentiRecorder  *self);
gboolean          ressenti_recorder_get_recording    (RessentiRecorder  *self);
/* TRUE once samples arrive (::notify::capturing): a sound server may take
 * a moment to start a source, and what is said before is not recorded.
 * The start earcon belongs here, not at start(). */
gboolean          ressenti_recorder_get_capturing    (RessentiRecorder  *self);
/* Milliseconds captured so far. */
gint64            ressenti_recorder_get_duration     (RessentiRecorder  *self);
/* 0 for no limit; reached, the note ends by itself. */
void              ressenti_recorder_set_max_duration (RessentiRecorder  *self,
                                                      gint64             max_ms);
gint64            ressenti_recorder_get_max_duration (RessentiRecorder  *self);

/* The length of the Ogg Opus note at @path, from its packets; -1 with
 * @error when it cannot be read. */
gint64            ressenti_recorder_measure          (const char        *path,
                                                      GError           **error);
/* Makes a note cut off by a crash a whole file again (remuxed in place,
 * through a file beside it); its length in *duration_ms. A file with no
 * sound in it is left as it is (RESSENTI_RECORDER_ERROR_EMPTY).
 * Synchronous: call it from a worker thread. */
gboolean          ressenti_recorder_recover          (const char        *path,
                                                      gint64            *duration_ms,
                                                      GError           **error);

G_END_DECLS
