/* test-navigator.c — stepping by unit and "where am I", as spoken
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ressenti-analysis-private.h"
#include "ressenti-navigator.h"
#include "ressenti-test-util.h"

/* Agent 0–5 s, customer 4.5–12 s (overlapping), a 2 s pause, agent 14–20 s,
 * silence to the end at 60 s. */
static RessentiAnalysisResult *
make_result (void)
{
  RessentiAnalysisResult *result = ressenti_analysis_result_new (RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, 2, 60000, 1000);
  RessentiTurn turns[] = {
    { 0, 5000, RESSENTI_SPEAKER_AGENT, 0, TRUE },
    { 4500, 12000, RESSENTI_SPEAKER_CUSTOMER, 1, TRUE },
    { 14000, 20000, RESSENTI_SPEAKER_AGENT, 0, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (turns); i++)
    ressenti_analysis_result_add_turn (result, &turns[i]);
  ressenti_analysis_result_add_pause (result, 12000, 14000);
  ressenti_analysis_result_add_pause (result, 20000, 60000);
  ressenti_analysis_result_add_overlap (result, 4500, 5000);
  return result;
}

static void
assert_step (const RessentiAnalysisResult *result,
             RessentiNavUnit               unit,
             gint64                        position,
             int                           direction,
             gboolean                      expect_ok,
             gint64                        expect_target,
             const char                   *expect_text)
{
  g_autofree char *text = NULL;
  gint64 target = -1;
  gboolean ok = ressenti_navigator_step (result, unit, position, 60000, direction, &target, &text);

  g_assert_cmpint (ok, ==, expect_ok);
  if (ok)
    g_assert_cmpint (target, ==, expect_target);
  g_assert_cmpstr (text, ==, expect_text);
}

static void
test_turns (void)
{
  g_autoptr(RessentiAnalysisResult) result = make_result ();

  ressenti_test_set_language ("en");
  assert_step (result, RESSENTI_NAV_UNIT_TURN, 0, 1, TRUE, 4500, "Customer, 4 seconds");
  assert_step (result, RESSENTI_NAV_UNIT_TURN, 4500, 1, TRUE, 14000, "Agent, 14 seconds");
  assert_step (result, RESSENTI_NAV_UNIT_TURN, 14000, 1, FALSE, 0, "No further: this is the last one.");
  /* Just after landing on a turn, "previous" goes to the one before. */
  assert_step (result, RESSENTI_NAV_UNIT_TURN, 14500, -1, TRUE, 4500, "Customer, 4 seconds");
  /* Well inside a turn, "previous" goes to its start. */
  assert_step (result, RESSENTI_NAV_UNIT_TURN, 18000, -1, TRUE, 14000, "Agent, 14 seconds");
  assert_step (result, RESSENTI_NAV_UNIT_TURN, 1000, -1, FALSE, 0, "No further: this is the first one.");

  ressenti_test_set_language ("fr");
  assert_step (result, RESSENTI_NAV_UNIT_TURN, 0, 1, TRUE, 4500, "Client, 4 secondes");
  ressenti_test_set_language ("en");
}

static void
test_pauses_and_time (void)
{
  g_autoptr(RessentiAnalysisResult) result = make_result ();

  ressenti_test_set_language ("en");
  assert_step (result, RESSENTI_NAV_UNIT_PAUSE, 0, 1, TRUE, 12000, "Pause of 2 seconds");
  assert_step (result, RESSENTI_NAV_UNIT_PAUSE, 12000, 1, TRUE, 20000, "Pause of 40 seconds");
  assert_step (result, RESSENTI_NAV_UNIT_10_SECONDS, 133000 - 80000, 1, TRUE, 60000, "1 minute");
  assert_step (result, RESSENTI_NAV_UNIT_10_SECONDS, 25000, -1, TRUE, 15000, "15 seconds");
  assert_step (result, RESSENTI_NAV_UNIT_1_MINUTE, 30000, -1, TRUE, 0, "0 seconds");
  assert_step (result, RESSENTI_NAV_UNIT_1_MINUTE, 60000, 1, FALSE, 0, "End of the call.");
  assert_step (result, RESSENTI_NAV_UNIT_10_SECONDS, 0, -1, FALSE, 0, "Start of the call.");
  /* Time units work before the analysis; turns say it is coming. */
  assert_step (NULL, RESSENTI_NAV_UNIT_10_SECONDS, 0, 1, TRUE, 10000, "10 seconds");
  assert_step (NULL, RESSENTI_NAV_UNIT_TURN, 0, 1, FALSE, 0,
               "The call is still being analysed: moving by turn and pause works in a moment.");
}

static void
test_units (void)
{
  g_autofree char *text = NULL;
  g_autofree char *french = NULL;

  ressenti_test_set_language ("en");
  text = ressenti_nav_unit_announcement (RESSENTI_NAV_UNIT_PAUSE);
  g_assert_cmpstr (text, ==, "Move by: pause");
  g_assert_cmpint (ressenti_nav_unit_cycle (RESSENTI_NAV_UNIT_1_MINUTE, 1), ==, RESSENTI_NAV_UNIT_TURN);
  g_assert_cmpint (ressenti_nav_unit_cycle (RESSENTI_NAV_UNIT_TURN, -1), ==, RESSENTI_NAV_UNIT_1_MINUTE);
  ressenti_test_set_language ("fr");
  french = ressenti_nav_unit_announcement (RESSENTI_NAV_UNIT_TURN);
  g_assert_cmpstr (french, ==, "Déplacement par : tour de parole");
  ressenti_test_set_language ("en");
}

static void
test_where_am_i (void)
{
  g_autoptr(RessentiAnalysisResult) result = make_result ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *overlap = NULL;
  g_autofree char *silence = NULL;

  ressenti_test_set_language ("en");
  first = ressenti_navigator_where_am_i (result, 6000, 60000, RESSENTI_NAV_PAUSED, FALSE);
  g_assert_cmpstr (first, ==, "6 seconds of 1 minute, paused, Customer speaking, next: Agent at 14 seconds");
  second = ressenti_navigator_where_am_i (result, 6000, 60000, RESSENTI_NAV_PAUSED, TRUE);
  g_assert_cmpstr (second, ==, "10 percent, 54 seconds left");
  overlap = ressenti_navigator_where_am_i (result, 4800, 60000, RESSENTI_NAV_PLAYING, FALSE);
  g_assert_cmpstr (overlap, ==, "4 seconds of 1 minute, playing, Agent and Customer speaking at once, next: Agent at 14 seconds");
  silence = ressenti_navigator_where_am_i (result, 30000, 60000, RESSENTI_NAV_PLAYING, FALSE);
  g_assert_cmpstr (silence, ==, "30 seconds of 1 minute, playing");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ressenti_test_init_i18n ();

  g_test_add_func ("/navigator/turns", test_turns);
  g_test_add_func ("/navigator/pauses-and-time", test_pauses_and_time);
  g_test_add_func ("/navigator/units", test_units);
  g_test_add_func ("/navigator/where-am-i", test_where_am_i);

  return g_test_run ();
}
