/* test-announcer.c — the announcer core and its test backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ressenti-announcer.h"
#include "ressenti-announcer-log.h"
#include "ressenti-test-util.h"

static void
test_verbosity (void)
{
  g_autoptr(RessentiAnnouncer) announcer = ressenti_announcer_new ();
  g_autoptr(RessentiAnnouncerLog) log = ressenti_announcer_log_new (NULL);
  GPtrArray *messages = ressenti_announcer_log_get_messages (log);

  ressenti_announcer_add_backend (announcer, RESSENTI_ANNOUNCER_BACKEND (log));
  ressenti_announcer_set_verbosity (announcer, RESSENTI_VERBOSITY_TERSE);

  g_assert_false (ressenti_announcer_announce (announcer, "progress", RESSENTI_ANNOUNCE_QUEUE,
                                               RESSENTI_VERBOSITY_VERBOSE, RESSENTI_ANNOUNCE_CATEGORY_PROGRESS));
  g_assert_false (ressenti_announcer_announce (announcer, "count", RESSENTI_ANNOUNCE_QUEUE,
                                               RESSENTI_VERBOSITY_NORMAL, RESSENTI_ANNOUNCE_CATEGORY_COUNT));
  ressenti_announcer_error (announcer, "error");
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (ressenti_announcer_log_get_last_text (log), ==, "error");
  g_assert_cmpint (((RessentiAnnouncement *) g_ptr_array_index (messages, 0))->priority, ==, RESSENTI_ANNOUNCE_INTERRUPT);
  g_assert_cmpint (((RessentiAnnouncement *) g_ptr_array_index (messages, 0))->category, ==, RESSENTI_ANNOUNCE_CATEGORY_ERROR);

  ressenti_announcer_set_verbosity (announcer, RESSENTI_VERBOSITY_VERBOSE);
  g_assert_true (ressenti_announcer_announce (announcer, "progress", RESSENTI_ANNOUNCE_QUEUE,
                                              RESSENTI_VERBOSITY_VERBOSE, RESSENTI_ANNOUNCE_CATEGORY_PROGRESS));
  g_assert_cmpuint (messages->len, ==, 2);

  /* An empty message is never spoken. */
  g_assert_false (ressenti_announcer_announce (announcer, "", RESSENTI_ANNOUNCE_QUEUE,
                                               RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT));
}

static void
test_off_keeps_history (void)
{
  g_autoptr(RessentiAnnouncer) announcer = ressenti_announcer_new ();
  GPtrArray *history;

  for (guint i = 0; i < RESSENTI_ANNOUNCER_HISTORY_LENGTH + 7; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);

      ressenti_announcer_announce (announcer, text, RESSENTI_ANNOUNCE_QUEUE,
                                   RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
    }
  history = ressenti_announcer_get_history (announcer);
  g_assert_cmpuint (history->len, ==, RESSENTI_ANNOUNCER_HISTORY_LENGTH);
  g_assert_cmpstr (((RessentiAnnouncement *) g_ptr_array_index (history, 0))->text, ==, "message 7");
  g_assert_cmpstr (((RessentiAnnouncement *) g_ptr_array_index (history, history->len - 1))->text, ==, "message 56");
}

static void
test_log_file (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("announcer");
  g_autofree char *path = g_build_filename (dir, "spoken.log", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(RessentiAnnouncer) announcer = ressenti_announcer_new ();
  g_autoptr(RessentiAnnouncerLog) log = ressenti_announcer_log_new (path);

  ressenti_announcer_add_backend (announcer, RESSENTI_ANNOUNCER_BACKEND (log));
  ressenti_announcer_announce (announcer, "Imported 3 calls.", RESSENTI_ANNOUNCE_INTERRUPT,
                               RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
  ressenti_announcer_announce (announcer, "1 call", RESSENTI_ANNOUNCE_QUEUE,
                               RESSENTI_VERBOSITY_NORMAL, RESSENTI_ANNOUNCE_CATEGORY_COUNT);

  /* Written and flushed at once: a test reading it while the app runs
   * sees every line. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "result\tinterrupt\tImported 3 calls.\ncount\tqueue\t1 call\n");
  ressenti_test_rmdir (dir);
}

typedef struct
{
  RessentiAnnouncer *announcer;
  GThread           *main_thread;
  GThread           *delivered_on;
  GMainLoop         *loop;
} ThreadData;

static gpointer
announce_from_thread (gpointer user_data)
{
  ThreadData *data = user_data;

  ressenti_announcer_announce (data->announcer, "from a worker", RESSENTI_ANNOUNCE_QUEUE,
                               RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
  return NULL;
}

static void
announced_cb (RessentiAnnouncer *announcer,
              gpointer           announcement,
              ThreadData        *data)
{
  data->delivered_on = g_thread_self ();
  g_main_loop_quit (data->loop);
}

static void
test_from_thread (void)
{
  ThreadData data = { 0 };
  GThread *thread;

  data.announcer = ressenti_announcer_new ();
  data.main_thread = g_thread_self ();
  data.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (data.announcer, "announced", G_CALLBACK (announced_cb), &data);

  thread = g_thread_new ("announce", announce_from_thread, &data);
  g_main_loop_run (data.loop);
  g_thread_join (thread);

  g_assert_true (data.delivered_on == data.main_thread);
  g_main_loop_unref (data.loop);
  g_object_unref (data.announcer);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/announcer/verbosity", test_verbosity);
  g_test_add_func ("/announcer/off-keeps-history", test_off_keeps_history);
  g_test_add_func ("/announcer/log-file", test_log_file);
  g_test_add_func ("/announcer/from-thread", test_from_thread);

  return g_test_run ();
}
