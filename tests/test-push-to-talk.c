/* test-push-to-talk.c — the dictation key's presses and releases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ressenti-push-to-talk.h"

#define NOTHING RESSENTI_PUSH_TO_TALK_NOTHING
#define START RESSENTI_PUSH_TO_TALK_START
#define STOP RESSENTI_PUSH_TO_TALK_STOP

static void
test_hold (void)
{
  RessentiPushToTalk ptt = { .toggle = FALSE };

  g_assert_cmpint (ressenti_push_to_talk_press (&ptt), ==, START);
  /* Auto-repeat: presses while the key is down. */
  for (guint i = 0; i < 20; i++)
    g_assert_cmpint (ressenti_push_to_talk_press (&ptt), ==, NOTHING);
  g_assert_cmpint (ressenti_push_to_talk_release (&ptt), ==, STOP);
  g_assert_cmpint (ressenti_push_to_talk_release (&ptt), ==, NOTHING);
  g_assert_cmpint (ressenti_push_to_talk_press (&ptt), ==, START);
  g_assert_cmpint (ressenti_push_to_talk_release (&ptt), ==, STOP);
}

static void
test_toggle (void)
{
  RessentiPushToTalk ptt = { .toggle = TRUE };

  g_assert_cmpint (ressenti_push_to_talk_press (&ptt), ==, START);
  g_assert_cmpint (ressenti_push_to_talk_press (&ptt), ==, NOTHING);
  g_assert_cmpint (ressenti_push_to_talk_release (&ptt), ==, NOTHING);
  g_assert_true (ptt.recording);
  g_assert_cmpint (ressenti_push_to_talk_press (&ptt), ==, STOP);
  g_assert_cmpint (ressenti_push_to_talk_press (&ptt), ==, NOTHING);
  g_assert_cmpint (ressenti_push_to_talk_release (&ptt), ==, NOTHING);
  g_assert_false (ptt.recording);
  g_assert_cmpint (ressenti_push_to_talk_press (&ptt), ==, START);
}

/* The window loses the focus while the key is down: its release goes
 * elsewhere. */
static void
test_focus_out (void)
{
  RessentiPushToTalk hold = { .toggle = FALSE };
  RessentiPushToTalk toggle = { .toggle = TRUE };

  g_assert_cmpint (ressenti_push_to_talk_press (&hold), ==, START);
  g_assert_cmpint (ressenti_push_to_talk_focus_out (&hold), ==, STOP);
  g_assert_cmpint (ressenti_push_to_talk_release (&hold), ==, NOTHING);
  g_assert_cmpint (ressenti_push_to_talk_press (&hold), ==, START);

  g_assert_cmpint (ressenti_push_to_talk_press (&toggle), ==, START);
  g_assert_cmpint (ressenti_push_to_talk_focus_out (&toggle), ==, NOTHING);
  g_assert_true (toggle.recording);
  g_assert_cmpint (ressenti_push_to_talk_press (&toggle), ==, STOP);
}

/* The note ended by itself (longest length) while the key was held. */
static void
test_ended (void)
{
  RessentiPushToTalk hold = { .toggle = FALSE };
  RessentiPushToTalk toggle = { .toggle = TRUE };

  g_assert_cmpint (ressenti_push_to_talk_press (&hold), ==, START);
  ressenti_push_to_talk_ended (&hold);
  g_assert_cmpint (ressenti_push_to_talk_press (&hold), ==, NOTHING);
  g_assert_cmpint (ressenti_push_to_talk_release (&hold), ==, NOTHING);
  g_assert_cmpint (ressenti_push_to_talk_press (&hold), ==, START);

  g_assert_cmpint (ressenti_push_to_talk_press (&toggle), ==, START);
  g_assert_cmpint (ressenti_push_to_talk_release (&toggle), ==, NOTHING);
  ressenti_push_to_talk_ended (&toggle);
  g_assert_cmpint (ressenti_push_to_talk_press (&toggle), ==, START);
}

/* A release that comes without its press (the key went down in another
 * window) does nothing. */
static void
test_stray_release (void)
{
  RessentiPushToTalk ptt = { .toggle = FALSE };

  g_assert_cmpint (ressenti_push_to_talk_release (&ptt), ==, NOTHING);
  g_assert_false (ptt.recording);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/push-to-talk/hold", test_hold);
  g_test_add_func ("/push-to-talk/toggle", test_toggle);
  g_test_add_func ("/push-to-talk/focus-out", test_focus_out);
  g_test_add_func ("/push-to-talk/ended", test_ended);
  g_test_add_func ("/push-to-talk/stray-release", test_stray_release);
  return g_test_run ();
}
