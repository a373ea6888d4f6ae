/* test-recorder.c — voice notes recorded from a (stand-in) microphone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under tests/audio-session, whose only sink is the null sink "null":
 * its monitor is the only source, as on a machine without a microphone.
 * A test that needs a microphone makes one: a second null sink,
 * "mic_sink", whose monitor module-remap-source exposes as "mic", a real
 * (non-monitor) source. espeak-ng's speech played into mic_sink is then
 * what the listener says into the microphone. A real microphone delivers
 * samples all the time, silence included; an idle null sink's monitor
 * delivers nothing, so a silent stream (pacat from /dev/zero) keeps
 * mic_sink running while the microphone is plugged.
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "ressenti-note-recovery.h"
#include "ressenti-recorder.h"
#include "ressenti-store.h"
#include "ressenti-test-audio.h"
#include "ressenti-test-util.h"

#define TEST_TIMEOUT_S 120
#define SPEECH "Le client demande un remboursement, le conseiller reste calme et propose une solution."
/* Tolerances the issue sets. */
#define DURATION_TOLERANCE_MS 300
#define RECOVERY_LOSS_MS 1000

static void
test_timeout_handler (int signum)
{
  static const char message[] = "Bail out! the test did not finish in time\n";

  if (write (STDOUT_FILENO, message, sizeof message - 1) < 0)
    _exit (3);
  abort ();
}

typedef struct
{
  guint   n_finished;
  gint64  duration_ms;
  GError *failed;
  GError *warning;
  gint64  warned_at_us;
} Outcome;

static void
finished_cb (RessentiRecorder *recorder,
             gint64            duration_ms,
             Outcome          *outcome)
{
  outcome->n_finished++;
  outcome->duration_ms = duration_ms;
}

static void
failed_cb (RessentiRecorder *recorder,
           const GError     *error,
           Outcome          *outcome)
{
  g_clear_error (&outcome->failed);
  outcome->failed = g_error_copy (error);
}

static void
warning_cb (RessentiRecorder *recorder,
            const GError     *error,
            Outcome          *outcome)
{
  g_clear_error (&outcome->warning);
  outcome->warning = g_error_copy (error);
  outcome->warned_at_us = g_get_monotonic_time ();
}

/* Waits until the microphone's first samples arrive (a sound server may
 * take a moment to start a source; real ones are quick, the test's null
 * sink monitor is not): returns that moment. */
static gint64
wait_capturing (RessentiRecorder *recorder)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!ressenti_recorder_get_capturing (recorder) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
  g_assert_true (ressenti_recorder_get_capturing (recorder));
  return g_get_monotonic_time ();
}

static RessentiRecorder *
recorder_new (Outcome *outcome)
{
  RessentiRecorder *recorder = ressenti_recorder_new ();

  g_signal_connect (recorder, "finished", G_CALLBACK (finished_cb), outcome);
  g_signal_connect (recorder, "failed", G_CALLBACK (failed_cb), outcome);
  g_signal_connect (recorder, "warning", G_CALLBACK (warning_cb), outcome);
  return recorder;
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_error (&outcome->failed);
  g_clear_error (&outcome->warning);
}

static void
wait_finished (Outcome *outcome,
               guint    timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (outcome->n_finished == 0 && outcome->failed == NULL && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
  g_assert_null (outcome->failed);
  g_assert_cmpuint (outcome->n_finished, ==, 1);
}

/* The decoded note's peak (0 to 1). */
static GstPadProbeReturn
peak_cb (GstPad          *pad,
         GstPadProbeInfo *info,
         gpointer         user_data)
{
  double *peak = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstMapInfo map;

  if (buffer != NULL && gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      const gint16 *samples = (const gint16 *) map.data;

      for (gsize i = 0; i < map.size / 2; i++)
        *peak = MAX (*peak, ABS (samples[i]) / 32768.0);
      gst_buffer_unmap (buffer, &map);
    }
  return GST_PAD_PROBE_OK;
}

static double
decoded_peak (const char *path)
{
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  double peak = 0;

  description = g_strdup_printf ("filesrc location=\"%s\" ! oggdemux ! opusdec ! audioconvert"
                                 " ! audio/x-raw,format=S16LE,channels=1 ! fakesink name=out", path);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "out");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, peak_cb, &peak, NULL);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_nonnull (message);
  /* Decoded to its end without an error: the file is whole. */
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  return peak;
}

static gboolean
has_input (GPtrArray  *inputs,
           const char *id)
{
  for (guint i = 0; i < inputs->len; i++)
    if (g_str_equal (((RessentiRecorderInput *) g_ptr_array_index (inputs, i))->id, id))
      return TRUE;
  return FALSE;
}

/* Tests */

static void
test_inputs (void)
{
  g_autoptr(GPtrArray) without = ressenti_recorder_list_inputs ();
  g_autoptr(GPtrArray) with = NULL;
  g_autoptr(RessentiTestMicrophone) mic = NULL;

  /* Only the null sink's monitor: no microphone at all. */
  g_assert_cmpuint (without->len, ==, 0);
  mic = ressenti_test_microphone_plug ();
  with = ressenti_recorder_list_inputs ();
  g_assert_true (has_input (with, "mic"));
  for (guint i = 0; i < with->len; i++)
    g_assert_false (g_str_has_suffix (((RessentiRecorderInput *) g_ptr_array_index (with, i))->id, ".monitor"));
  g_assert_cmpuint (with->len, ==, 1);
  g_assert_cmpstr (((RessentiRecorderInput *) g_ptr_array_index (with, 0))->description, ==, "Microphone");
}

static void
test_dictate (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("recorder-dictate");
  g_autofree char *note = g_build_filename (dir, "note.opus", NULL);
  g_autofree char *wav = ressenti_test_write_speech (dir, SPEECH);
  g_autoptr(RessentiTestMicrophone) mic = ressenti_test_microphone_plug ();
  g_autoptr(RessentiRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0 };
  gint64 started, stopped, measured;
  GPid speaker;

  recorder = recorder_new (&outcome);
  g_assert_true (ressenti_recorder_start (recorder, "mic", note, &error));
  g_assert_no_error (error);
  g_assert_true (ressenti_recorder_get_recording (recorder));
  started = wait_capturing (recorder);
  speaker = ressenti_test_speak_into_microphone (wav);
  ressenti_test_wait_process (speaker);
  ressenti_test_run_for (500);
  stopped = g_get_monotonic_time ();
  ressenti_recorder_stop (recorder);
  wait_finished (&outcome, 5000);
  g_assert_false (ressenti_recorder_get_recording (recorder));
  g_assert_null (outcome.warning);

  measured = ressenti_recorder_measure (note, &error);
  g_assert_no_error (error);
  g_test_message ("recorded for %" G_GINT64_FORMAT " ms; the recorder says %" G_GINT64_FORMAT
                  " ms, the file holds %" G_GINT64_FORMAT " ms",
                  (stopped - started) / 1000, outcome.duration_ms, measured);
  g_assert_cmpint (ABS (outcome.duration_ms - (stopped - started) / 1000), <=, DURATION_TOLERANCE_MS);
  g_assert_cmpint (ABS (measured - (stopped - started) / 1000), <=, DURATION_TOLERANCE_MS);
  /* What was said is in it. */
  g_assert_cmpfloat (decoded_peak (note), >, 0.05);
  outcome_clear (&outcome);
  ressenti_test_rmdir (dir);
}

static void
test_silent (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("recorder-silent");
  g_autofree char *note = g_build_filename (dir, "note.opus", NULL);
  g_autoptr(RessentiTestMicrophone) mic = ressenti_test_microphone_plug ();
  g_autoptr(RessentiRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0 };
  gint64 started;

  recorder = recorder_new (&outcome);
  g_assert_true (ressenti_recorder_start (recorder, "mic", note, &error));
  g_assert_no_error (error);
  started = wait_capturing (recorder);
  ressenti_test_run_for (2600);
  g_assert_nonnull (outcome.warning);
  g_assert_error (outcome.warning, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_SILENT);
  g_assert_true (g_str_has_prefix (outcome.warning->message, "No sound from the microphone"));
  g_assert_cmpint (outcome.warned_at_us - started, <=, 2500000);
  /* The recording goes on: the listener may just not have spoken yet. */
  g_assert_true (ressenti_recorder_get_recording (recorder));
  ressenti_recorder_stop (recorder);
  wait_finished (&outcome, 5000);
  outcome_clear (&outcome);
  ressenti_test_rmdir (dir);
}

static void
check_no_microphone (const char *input_id,
                     const char *note)
{
  g_autoptr(RessentiRecorder) recorder = ressenti_recorder_new ();
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  g_assert_false (ressenti_recorder_start (recorder, input_id, note, &error));
  g_assert_error (error, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_NO_MICROPHONE);
  g_assert_true (g_str_has_prefix (error->message, "No microphone"));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * G_USEC_PER_SEC);
  g_assert_false (g_file_test (note, G_FILE_TEST_EXISTS));
  g_assert_false (ressenti_recorder_get_recording (recorder));
}

static void
test_no_microphone (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("recorder-none");
  g_autofree char *note = g_build_filename (dir, "note.opus", NULL);

  check_no_microphone (NULL, note);
  /* Not even when the monitor is the default source, or asked for. */
  g_free (ressenti_test_run_command ("pactl set-default-source null.monitor"));
  check_no_microphone (NULL, note);
  check_no_microphone ("null.monitor", note);
  ressenti_test_rmdir (dir);
}

static void
test_max_duration (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("recorder-max");
  g_autofree char *note = g_build_filename (dir, "note.opus", NULL);
  g_autofree char *wav = ressenti_test_write_speech (dir, SPEECH);
  g_autoptr(RessentiTestMicrophone) mic = ressenti_test_microphone_plug ();
  g_autoptr(RessentiRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0 };
  gint64 measured;
  GPid speaker;

  recorder = recorder_new (&outcome);
  ressenti_recorder_set_max_duration (recorder, 1500);
  speaker = ressenti_test_speak_into_microphone (wav);
  g_assert_true (ressenti_recorder_start (recorder, NULL, note, &error));
  g_assert_no_error (error);
  wait_finished (&outcome, 6000);
  measured = ressenti_recorder_measure (note, &error);
  g_assert_no_error (error);
  g_test_message ("stopped by itself at %" G_GINT64_FORMAT " ms; the file holds %" G_GINT64_FORMAT " ms",
                  outcome.duration_ms, measured);
  g_assert_cmpint (ABS (outcome.duration_ms - 1500), <=, DURATION_TOLERANCE_MS);
  g_assert_cmpint (ABS (measured - 1500), <=, DURATION_TOLERANCE_MS);
  ressenti_test_wait_process (speaker);
  outcome_clear (&outcome);
  ressenti_test_rmdir (dir);
}

/* The child: records into argv's path and says "started" once the
 * recorder runs, then records until it is killed. */
static int
child_record (const char *path)
{
  g_autoptr(RessentiRecorder) recorder = ressenti_recorder_new ();
  g_autoptr(GError) error = NULL;

  if (!ressenti_recorder_start (recorder, "mic", path, &error))
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  wait_capturing (recorder);
  g_print ("started\n");
  fflush (stdout);
  while (TRUE)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

/* A library with one call and the user's review of it. */
static RessentiStore *
library_with_review (const char          *dir,
                     RessentiReviewInfo **review)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiRecording) recording = NULL;
  RessentiStore *store = ressenti_store_open (dir, &error);

  g_assert_no_error (error);
  recording = ressenti_test_add_call (store, "a call");
  *review = ressenti_store_start_review (store, ressenti_recording_get_id (recording), &error);
  g_assert_no_error (error);
  return store;
}

/* A note being recorded when the app is killed: at the next start it is
 * recovered, whole and in the library, within a second of what was said;
 * notes that never got any sound are discarded. */
static void
test_killed (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("recorder-killed");
  g_autoptr(RessentiReviewInfo) review = NULL;
  g_autoptr(RessentiStore) store = library_with_review (dir, &review);
  g_autoptr(RessentiVoiceNote) note = ressenti_store_begin_voice_note (store, review->id, 12000, NULL, NULL);
  g_autoptr(RessentiVoiceNote) no_file = ressenti_store_begin_voice_note (store, review->id, 20000, NULL, NULL);
  g_autoptr(RessentiVoiceNote) stored = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *path = ressenti_store_get_voice_note_path (store, note);
  g_autofree char *wav = ressenti_test_write_speech (dir, SPEECH);
  g_autoptr(RessentiTestMicrophone) mic = ressenti_test_microphone_plug ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *beside = g_strconcat (path, ".recovered", NULL);
  g_autofree char *sentence = NULL;
  const char *argv[] = { NULL, "--child-record", path, NULL };
  gint64 started, killed;
  guint recovered = 0, discarded = 0;
  GPid child, speaker;
  int out_fd;

  argv[0] = self_path;
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &child, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_assert_cmpint (g_io_channel_read_line (channel, &line, NULL, NULL, &error), ==, G_IO_STATUS_NORMAL);
  g_assert_cmpstr (line, ==, "started\n");
  started = g_get_monotonic_time ();
  speaker = ressenti_test_speak_into_microphone (wav);
  g_usleep (2500 * 1000);
  killed = g_get_monotonic_time ();
  kill (child, SIGKILL);
  ressenti_test_wait_process (child);
  ressenti_test_wait_process (speaker);

  /* The next start. */
  g_assert_true (ressenti_recover_voice_notes (store, &recovered, &discarded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recovered, ==, 1);
  g_assert_cmpuint (discarded, ==, 1);
  sentence = ressenti_recovered_notes_sentence (recovered);
  g_assert_cmpstr (sentence, ==, "1 voice note cut off last time was recovered.");
  stored = ressenti_store_get_voice_note (store, note->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, RESSENTI_VOICE_NOTE_COMPLETE);
  g_test_message ("recorded for %" G_GINT64_FORMAT " ms before the kill; %" G_GINT64_FORMAT " ms recovered",
                  (killed - started) / 1000, stored->duration_ms);
  g_assert_cmpint (stored->duration_ms, >=, (killed - started) / 1000 - RECOVERY_LOSS_MS);
  g_assert_cmpint (stored->duration_ms, <=, (killed - started) / 1000 + DURATION_TOLERANCE_MS);
  g_assert_cmpint (ABS (ressenti_recorder_measure (path, &error) - stored->duration_ms), <=, 50);
  g_assert_no_error (error);
  g_assert_cmpfloat (decoded_peak (path), >, 0.05);
  g_assert_false (g_file_test (beside, G_FILE_TEST_EXISTS));
  notes = ressenti_store_list_voice_notes (store, review->id, &error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_null (ressenti_store_get_voice_note (store, no_file->id, NULL));
  /* Nothing is left to recover. */
  g_assert_true (ressenti_recover_voice_notes (store, &recovered, &discarded, &error));
  g_assert_cmpuint (recovered + discarded, ==, 0);
  g_assert_null (ressenti_recovered_notes_sentence (0));
  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static void
test_recover_empty (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("recorder-empty");
  g_autofree char *empty = g_build_filename (dir, "empty.opus", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.opus", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gint64 duration = 42;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_false (ressenti_recorder_recover (empty, &duration, &error));
  g_assert_error (error, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_true (g_file_test (empty, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents (garbage, "this is not an Ogg file at all", -1, NULL));
  g_assert_false (ressenti_recorder_recover (garbage, &duration, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (garbage, &contents, &length, NULL));
  g_assert_cmpstr (contents, ==, "this is not an Ogg file at all");
  g_assert_cmpint (duration, ==, 42);
  ressenti_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  if (argc == 3 && g_str_equal (argv[1], "--child-record"))
    return child_record (argv[2]);

  g_test_init (&argc, &argv, NULL);
  ressenti_test_init_i18n ();
  ressenti_test_set_language ("en");
  signal (SIGALRM, test_timeout_handler);
  alarm (TEST_TIMEOUT_S);

  g_test_add_func ("/recorder/inputs", test_inputs);
  g_test_add_func ("/recorder/no-microphone", test_no_microphone);
  g_test_add_func ("/recorder/dictate", test_dictate);
  g_test_add_func ("/recorder/silent", test_silent);
  g_test_add_func ("/recorder/max-duration", test_max_duration);
  g_test_add_func ("/recorder/killed", test_killed);
  g_test_add_func ("/recorder/recover-empty", test_recover_empty);
  return g_test_run ();
}
