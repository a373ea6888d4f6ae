/* test-voice.c — the dedicated voice, heard on the sound card's monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs inside tests/audio-session (a private PulseAudio with a null sink):
 * what speech-dispatcher says is recorded from the sink's monitor and
 * measured, so the test proves the voice is heard, not that a call returned.
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "ressenti-announcer.h"
#include "ressenti-test-audio.h"
#include "ressenti-test-util.h"
#include "ressenti-voice.h"

#define RATE 16000

typedef struct
{
  GPid  pid;
  char *path;
} Recorder;

static char *
default_monitor (void)
{
  g_autofree char *sink = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pactl", "get-default-sink", NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &sink, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sink);
  g_strstrip (sink);
  g_assert_cmpstr (sink, !=, "");
  return g_strconcat (sink, ".monitor", NULL);
}

static void
recorder_start (Recorder   *recorder,
                const char *dir)
{
  g_autofree char *monitor = default_monitor ();
  g_autofree char *device = g_strconcat ("--device=", monitor, NULL);
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sh", "-c", NULL, NULL };

  recorder->path = g_build_filename (dir, "monitor.raw", NULL);
  command = g_strdup_printf ("exec parec %s --format=s16le --rate=%d --channels=1 --raw --latency-msec=20 > '%s'",
                             device, RATE, recorder->path);
  argv[2] = command;
  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                 NULL, NULL, &recorder->pid, &error);
  g_assert_no_error (error);
  /* Let the recorder connect before anything is said. */
  g_usleep (500 * 1000);
}

/* Stops the recorder; returns the samples. */
static GBytes *
recorder_stop (Recorder *recorder)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  int status;

  kill (recorder->pid, SIGTERM);
  waitpid (recorder->pid, &status, 0);
  g_spawn_close_pid (recorder->pid);
  g_assert_true (g_file_get_contents (recorder->path, &contents, &length, NULL));
  g_free (recorder->path);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

/* The level of each 50 ms window in dBFS. */
static GArray *
window_levels (GBytes *samples)
{
  gsize n_bytes = 0;
  const gint16 *data = g_bytes_get_data (samples, &n_bytes);
  gsize n = n_bytes / 2;
  gsize window = RATE / 20;
  GArray *levels = g_array_new (FALSE, FALSE, sizeof (double));

  for (gsize start = 0; start + window <= n; start += window)
    {
      double sum = 0;
      double db;

      for (gsize i = start; i < start + window; i++)
        sum += (double) data[i] * data[i];
      db = 10 * log10 (sum / window / (32768.0 * 32768.0) + 1e-12);
      g_array_append_val (levels, db);
    }
  return levels;
}

static void
speaking_changed_cb (RessentiVoice *voice,
                     GParamSpec    *pspec,
                     int           *changes)
{
  (*changes)++;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}


static void
test_voice_is_heard (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("voice");
  g_autoptr(RessentiAnnouncer) announcer = ressenti_announcer_new ();
  g_autoptr(RessentiVoice) voice = NULL;
  g_autoptr(GBytes) samples = NULL;
  g_autoptr(GArray) levels = NULL;
  Recorder recorder = { 0 };
  int changes = 0;
  gboolean timed_out = FALSE;
  guint loud = 0;
  double tail = -200;

  recorder_start (&recorder, dir);
  voice = ressenti_voice_new ();
  g_assert_true (ressenti_voice_wait_ready (voice, 15000));
  if (!ressenti_voice_get_available (voice))
    g_error ("the voice is not available: %s", ressenti_voice_get_error (voice));
  ressenti_voice_set_language (voice, "fr");
  g_signal_connect (voice, "notify::speaking", G_CALLBACK (speaking_changed_cb), &changes);
  ressenti_announcer_add_backend (announcer, RESSENTI_ANNOUNCER_BACKEND (voice));

  g_usleep (300 * 1000);
  ressenti_announcer_announce (announcer, "Bonjour. Trois appels importés.", RESSENTI_ANNOUNCE_INTERRUPT,
                               RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);

  /* "speaking" goes up, then down when the message has been said. */
  g_timeout_add_seconds (20, timeout_cb, &timed_out);
  while (changes < 2 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_assert_false (ressenti_voice_get_speaking (voice));
  g_usleep (300 * 1000);

  samples = recorder_stop (&recorder);
  levels = window_levels (samples);
  for (guint i = 0; i < levels->len; i++)
    {
      double db = g_array_index (levels, double, i);

      if (db > -40)
        loud++;
      if (i + 4 >= levels->len)
        tail = MAX (tail, db);
    }
  g_test_message ("%u loud windows of 50 ms out of %u; after the end: %.1f dBFS", loud, levels->len, tail);
  /* At least half a second of speech, and silence once "speaking" fell:
   * the sink's monitor does not deliver before the first sound, so the
   * silence is measured after. */
  g_assert_cmpuint (loud, >=, 10);
  g_assert_cmpfloat (tail, <, -60);

  ressenti_test_rmdir (dir);
}

/* Freeing the voice while speech-dispatcher runs must not hang (libspeechd
 * 0.11's spd_close() can deadlock on its own reader thread). */
static void
test_voice_closes (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RessentiAnnouncer) announcer = ressenti_announcer_new ();
      /* Two connections in one process: where the hang was seen. */
      RessentiVoice *voice = ressenti_voice_new ();
      RessentiVoice *other = ressenti_voice_new ();

      g_assert_true (ressenti_voice_wait_ready (voice, 15000));
      g_assert_true (ressenti_voice_wait_ready (other, 15000));
      if (!ressenti_voice_get_available (voice))
        g_error ("the voice is not available: %s", ressenti_voice_get_error (voice));
      ressenti_announcer_add_backend (announcer, RESSENTI_ANNOUNCER_BACKEND (voice));
      ressenti_announcer_add_backend (announcer, RESSENTI_ANNOUNCER_BACKEND (other));
      for (int round = 0; round < 3; round++)
        {
          ressenti_announcer_announce (announcer, "Un message interrompu.", RESSENTI_ANNOUNCE_INTERRUPT,
                                       RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
          g_usleep (200 * 1000);
        }
      ressenti_announcer_remove_all_backends (announcer);
      g_object_unref (voice);
      g_object_unref (other);
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_voice_unavailable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RessentiAnnouncer) announcer = ressenti_announcer_new ();
      g_autoptr(RessentiVoice) voice = NULL;

      /* A socket nobody listens on, and no autospawn there. */
      g_setenv ("SPEECHD_ADDRESS", "unix_socket:/nonexistent/ressenti/speechd.sock", TRUE);
      voice = ressenti_voice_new ();
      g_assert_true (ressenti_voice_wait_ready (voice, 15000));
      g_assert_false (ressenti_voice_get_available (voice));
      g_assert_true (g_str_has_prefix (ressenti_voice_get_error (voice),
                                       "The dedicated voice is not available: speech-dispatcher could not be reached"));
      /* Messages are dropped, nothing blocks or crashes. */
      ressenti_announcer_add_backend (announcer, RESSENTI_ANNOUNCER_BACKEND (voice));
      ressenti_announcer_error (announcer, "Lost message");
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ressenti_test_init_i18n ();
  ressenti_test_set_language ("en");

  g_test_add_func ("/voice/heard", test_voice_is_heard);
  g_test_add_func ("/voice/closes", test_voice_closes);
  g_test_add_func ("/voice/unavailable", test_voice_unavailable);

  /* The tests share the speech-dispatcher the first one started: stopping
   * it between them raced with the next one's autospawn ("already
   * running"; Debian 13's pid file is not where the helper looks). It is
   * stopped once, at the end. */
  status = g_test_run ();
  ressenti_test_stop_speech_dispatcher ();
  return status;
}
