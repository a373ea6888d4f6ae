/* ressenti-test-audio.h — recording and measuring what reaches the sink
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For tests run under tests/audio-session: the null sink's monitor is
 * recorded (mono, float, RESSENTI_TEST_AUDIO_RATE) on the system's
 * monotonic clock, so that a recorded frame can be matched with the
 * g_get_monotonic_time() of an action, and measured.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RESSENTI_TEST_AUDIO_RATE 48000

typedef struct _RessentiTestCapture RessentiTestCapture;

/* Starts recording and returns once samples flow. */
RessentiTestCapture *ressenti_test_capture_start    (void);
/* Stops recording; what was recorded stays (and is saved in
 * $RESSENTI_TEST_CAPTURE_DIR if set). */
void                 ressenti_test_capture_stop     (RessentiTestCapture *capture);
void                 ressenti_test_capture_free     (RessentiTestCapture *capture);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiTestCapture, ressenti_test_capture_free)

/* The samples recorded (after ressenti_test_capture_stop()). */
const float         *ressenti_test_capture_samples  (RessentiTestCapture *capture,
                                                     gsize               *n_frames);
/* The frame heard at monotonic time @time_us, and the other way round. */
gsize                ressenti_test_capture_frame_at (RessentiTestCapture *capture,
                                                     gint64               time_us);
gint64               ressenti_test_capture_time_of  (RessentiTestCapture *capture,
                                                     gsize                frame);
/* The first frame in [@from, @to) whose magnitude exceeds @threshold, or
 * @to. */
gsize                ressenti_test_capture_find_sound (RessentiTestCapture *capture,
                                                       gsize                from,
                                                       gsize                to,
                                                       double               threshold);
/* The last such frame + 1, or @from. */
gsize                ressenti_test_capture_sound_end  (RessentiTestCapture *capture,
                                                       gsize                from,
                                                       gsize                to,
                                                       double               threshold);

/* Measures over @n samples at RESSENTI_TEST_AUDIO_RATE. */
double  ressenti_test_audio_peak        (const float *samples,
                                         gsize        n);
double  ressenti_test_audio_rms         (const float *samples,
                                         gsize        n);
/* The amplitude of a sine at @hz (Goertzel, Hann window: a narrow band). */
double  ressenti_test_audio_tone        (const float *samples,
                                         gsize        n,
                                         double       hz);
/* The strongest frequency between @low_hz and @high_hz, to 0.25 %. */
double  ressenti_test_audio_dominant_hz (const float *samples,
                                         gsize        n,
                                         double       low_hz,
                                         double       high_hz);

/* A 16-bit PCM WAV: the header for @n_frames of @channels at @rate, then
 * each sample (-1 to 1) appended in turn. */
void    ressenti_test_append_wav_header (GString    *out,
                                         guint       channels,
                                         guint       rate,
                                         guint32     n_frames);
void    ressenti_test_append_sample     (GString    *out,
                                         double      value);
/* Writes a mono 16-bit WAV of @seconds of a @hz sine at @level (linear)
 * at @rate. */
void    ressenti_test_write_sine_wav    (const char *path,
                                         double      hz,
                                         double      level,
                                         double      seconds,
                                         guint       rate);

/* A stand-in microphone, under tests/audio-session: a second null sink,
 * "mic_sink", exposed as the real (non-monitor) source "mic" by
 * module-remap-source, kept running by a silent stream (a real microphone
 * delivers samples all the time; an idle null sink's monitor does not).
 * What is played into mic_sink is what the listener says. */
typedef struct _RessentiTestMicrophone RessentiTestMicrophone;

RessentiTestMicrophone *ressenti_test_microphone_plug      (void);
void                    ressenti_test_microphone_unplug    (RessentiTestMicrophone *mic);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiTestMicrophone, ressenti_test_microphone_unplug)
/* Plays @wav into the microphone; returns the player process. */
GPid                    ressenti_test_speak_into_microphone (const char *wav);
/* espeak-ng (French) says @text into DIR/speech.wav; returns its path. */
char                   *ressenti_test_write_speech          (const char *dir,
                                                             const char *text);
void                    ressenti_test_wait_process          (GPid        pid);
/* Runs @command; fails the test if it fails; its output, stripped. */
char                   *ressenti_test_run_command           (const char *command);

/* Main loop helpers. */
void     ressenti_test_run_for   (guint      ms);
gboolean ressenti_test_run_until (gboolean (*condition) (gpointer data),
                                  gpointer   data,
                                  guint      timeout_ms);

/* speech-dispatcher outlives its clients: stops the one a test started
 * (by the pid file in the session's runtime directory) and waits until it
 * has gone, at most 5 s. */
void    ressenti_test_stop_speech_dispatcher (void);

G_END_DECLS
