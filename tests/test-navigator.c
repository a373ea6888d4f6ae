/* test-navigator.c — stepping by unit and "where am I", as spoken
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ressenti-analysis-private.h"
#include "ressenti-marker-item.h"
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
  gboolean ok = ressenti_navigator_step (result, NULL, unit, position, 60000, direction, &target, &text);

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
  /* Marker comes last, so that Up from the first unit reaches it. */
  g_assert_cmpint (ressenti_nav_unit_cycle (RESSENTI_NAV_UNIT_1_MINUTE, 1), ==, RESSENTI_NAV_UNIT_MARKER);
  g_assert_cmpint (ressenti_nav_unit_cycle (RESSENTI_NAV_UNIT_MARKER, 1), ==, RESSENTI_NAV_UNIT_TURN);
  g_assert_cmpint (ressenti_nav_unit_cycle (RESSENTI_NAV_UNIT_TURN, -1), ==, RESSENTI_NAV_UNIT_MARKER);
  {
    g_autofree char *marker = ressenti_nav_unit_announcement (RESSENTI_NAV_UNIT_MARKER);

    g_assert_cmpstr (marker, ==, "Move by: marker");
  }
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
  first = ressenti_navigator_where_am_i (result, NULL, 6000, 60000, RESSENTI_NAV_PAUSED, FALSE);
  g_assert_cmpstr (first, ==, "6 seconds of 1 minute, paused, Customer speaking, next: Agent at 14 seconds");
  second = ressenti_navigator_where_am_i (result, NULL, 6000, 60000, RESSENTI_NAV_PAUSED, TRUE);
  g_assert_cmpstr (second, ==, "10 percent, 54 seconds left");
  overlap = ressenti_navigator_where_am_i (result, NULL, 4800, 60000, RESSENTI_NAV_PLAYING, FALSE);
  g_assert_cmpstr (overlap, ==, "4 seconds of 1 minute, playing, Agent and Customer speaking at once, next: Agent at 14 seconds");
  silence = ressenti_navigator_where_am_i (result, NULL, 30000, 60000, RESSENTI_NAV_PLAYING, FALSE);
  g_assert_cmpstr (silence, ==, "30 seconds of 1 minute, playing");
}

/* Markers */

/* 10 s frustration (customer, strong), 20 s warm (agent), 30 s anger
 * (customer, strong, with a text), 40 s worry on both sides; a key from
 * another library at 50 s. */
static GListModel *
make_markers (void)
{
  GListStore *store = g_list_store_new (RESSENTI_TYPE_MARKER_ITEM);
  struct { gint64 start; RessentiSide side; const char *key; int intensity; const char *text; } rows[] = {
    { 10000, RESSENTI_SIDE_CUSTOMER, "frustration", 3, NULL },
    { 20000, RESSENTI_SIDE_AGENT, "warm", 2, NULL },
    { 30000, RESSENTI_SIDE_CUSTOMER, "anger", 3, "shouts" },
    { 40000, RESSENTI_SIDE_BOTH, "worry", 1, NULL },
    { 50000, RESSENTI_SIDE_CUSTOMER, "elsewhere", 2, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(RessentiMarker) marker = ressenti_marker_new (rows[i].start, rows[i].side, rows[i].key);
      g_autoptr(RessentiMarkerItem) item = NULL;

      marker->intensity = rows[i].intensity;
      marker->text = g_strdup (rows[i].text);
      item = ressenti_marker_item_new (marker);
      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

static void
assert_marker_step (const RessentiNavMarkers *markers,
                    gint64                    position,
                    int                       direction,
                    gboolean                  expect_ok,
                    gint64                    expect_target,
                    const char               *expect_text)
{
  g_autofree char *text = NULL;
  gint64 target = -1;
  gboolean ok = ressenti_navigator_step (NULL, markers, RESSENTI_NAV_UNIT_MARKER, position, 60000,
                                         direction, &target, &text);

  g_assert_cmpstr (text, ==, expect_text);
  g_assert_cmpint (ok, ==, expect_ok);
  if (ok)
    g_assert_cmpint (target, ==, expect_target);
}

static void
test_markers (void)
{
  g_autoptr(GListModel) model = make_markers ();
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autoptr(GListModel) empty = G_LIST_MODEL (g_list_store_new (RESSENTI_TYPE_MARKER_ITEM));
  RessentiNavMarkers markers = { model, NULL, NULL };
  RessentiNavMarkers none = { empty, NULL, NULL };
  RessentiMarkerFilter customer = { RESSENTI_MARKER_FILTER_KIND_ALL, RESSENTI_MARKER_FILTER_SIDE_CUSTOMER, NULL };
  RessentiMarkerFilter agent = { RESSENTI_MARKER_FILTER_KIND_ALL, RESSENTI_MARKER_FILTER_SIDE_AGENT, NULL };
  RessentiMarkerFilter delivery = { RESSENTI_MARKER_FILTER_KIND_AGENT_DELIVERY, RESSENTI_MARKER_FILTER_SIDE_ALL, NULL };
  RessentiMarkerFilter sadness = { RESSENTI_MARKER_FILTER_KIND_ALL, RESSENTI_MARKER_FILTER_SIDE_CUSTOMER, (char *) "sadness" };

  ressenti_test_set_language ("en");
  vocabulary = ressenti_vocabulary_new (NULL);
  markers.vocabulary = vocabulary;

  assert_marker_step (&markers, 0, 1, TRUE, 10000, "Frustration / annoyance, strong, customer, 10 seconds");
  /* From a marker's start, "next" goes to the one after. */
  assert_marker_step (&markers, 10000, 1, TRUE, 20000, "Warm, moderate, agent, 20 seconds");
  assert_marker_step (&markers, 25000, 1, TRUE, 30000, "Anger, strong, customer, 30 seconds");
  /* A key the vocabulary does not know is said as it is. */
  assert_marker_step (&markers, 45000, 1, TRUE, 50000, "elsewhere, moderate, customer, 50 seconds");
  assert_marker_step (&markers, 50000, 1, FALSE, 0, "No further marker.");
  /* Well after a marker, "previous" goes to it; within the grace, to the
   * one before, as with the other units. */
  assert_marker_step (&markers, 35000, -1, TRUE, 30000, "Anger, strong, customer, 30 seconds");
  assert_marker_step (&markers, 30000 + RESSENTI_NAV_PREVIOUS_GRACE_MS - 1, -1, TRUE, 20000,
                      "Warm, moderate, agent, 20 seconds");
  assert_marker_step (&markers, 30000 + RESSENTI_NAV_PREVIOUS_GRACE_MS + 1, -1, TRUE, 30000,
                      "Anger, strong, customer, 30 seconds");
  assert_marker_step (&markers, 11000, -1, FALSE, 0, "No earlier marker.");

  /* Filters: a marker on both sides counts for either side. */
  markers.filter = &customer;
  assert_marker_step (&markers, 10000, 1, TRUE, 30000, "Anger, strong, customer, 30 seconds");
  assert_marker_step (&markers, 30000, 1, TRUE, 40000, "Worry, mild, both sides, 40 seconds");
  markers.filter = &agent;
  assert_marker_step (&markers, 0, 1, TRUE, 20000, "Warm, moderate, agent, 20 seconds");
  assert_marker_step (&markers, 20000, 1, TRUE, 40000, "Worry, mild, both sides, 40 seconds");
  assert_marker_step (&markers, 40000, 1, FALSE, 0, "No further marker.");
  /* By kind: worry is a customer emotion, whatever its side. */
  markers.filter = &delivery;
  assert_marker_step (&markers, 20000, 1, FALSE, 0, "No further marker.");
  assert_marker_step (&markers, 59000, -1, TRUE, 20000, "Warm, moderate, agent, 20 seconds");
  markers.filter = &sadness;
  assert_marker_step (&markers, 0, 1, FALSE, 0,
                      "No marker matches the filter. Markers: customer only, sadness / dejection");

  /* No markers, or no review. */
  assert_marker_step (&none, 0, 1, FALSE, 0, "There are no markers yet.");
  assert_marker_step (NULL, 0, -1, FALSE, 0, "There are no markers yet.");
}

static void
test_filter_describe (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = ressenti_vocabulary_new (NULL);
  g_autoptr(RessentiMarkerFilter) filter = ressenti_marker_filter_new ();
  g_autoptr(RessentiMarkerFilter) copy = NULL;
  g_autofree char *all = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *delivery = NULL;
  g_autoptr(RessentiMarker) both = ressenti_marker_new (0, RESSENTI_SIDE_BOTH, "warm");
  g_autoptr(RessentiMarker) imported = ressenti_marker_new (0, RESSENTI_SIDE_AGENT, "unknown");

  ressenti_test_set_language ("en");
  g_assert_true (ressenti_marker_filter_is_all (filter));
  g_assert_true (ressenti_marker_filter_is_all (NULL));
  all = ressenti_marker_filter_describe (filter, vocabulary);
  g_assert_cmpstr (all, ==, "Markers: all");

  filter->side = RESSENTI_MARKER_FILTER_SIDE_CUSTOMER;
  filter->entry_key = g_strdup ("frustration");
  customer = ressenti_marker_filter_describe (filter, vocabulary);
  g_assert_cmpstr (customer, ==, "Markers: customer only, frustration / annoyance");
  copy = ressenti_marker_filter_copy (filter);
  g_assert_true (ressenti_marker_filter_equal (filter, copy));
  g_assert_false (ressenti_marker_filter_equal (filter, NULL));
  g_assert_false (ressenti_marker_filter_matches (filter, both, vocabulary));

  g_clear_pointer (&filter->entry_key, g_free);
  filter->side = RESSENTI_MARKER_FILTER_SIDE_AGENT;
  filter->kind = RESSENTI_MARKER_FILTER_KIND_AGENT_DELIVERY;
  delivery = ressenti_marker_filter_describe (filter, vocabulary);
  g_assert_cmpstr (delivery, ==, "Markers: agent only, agent delivery");
  /* "warm" on both sides is a delivery entry; an entry the vocabulary
   * does not know has the kind of its side. */
  g_assert_true (ressenti_marker_filter_matches (filter, both, vocabulary));
  g_assert_true (ressenti_marker_filter_matches (filter, imported, vocabulary));
  filter->kind = RESSENTI_MARKER_FILTER_KIND_CUSTOMER_EMOTION;
  g_assert_false (ressenti_marker_filter_matches (filter, imported, vocabulary));
}

static void
test_where_am_i_markers (void)
{
  g_autoptr(GListModel) model = make_markers ();
  g_autoptr(RessentiVocabulary) vocabulary = ressenti_vocabulary_new (NULL);
  RessentiMarkerFilter agent = { RESSENTI_MARKER_FILTER_KIND_ALL, RESSENTI_MARKER_FILTER_SIDE_AGENT, NULL };
  RessentiNavMarkers markers = { model, NULL, vocabulary };
  g_autofree char *between = NULL;
  g_autofree char *on = NULL;
  g_autofree char *before = NULL;
  g_autofree char *filtered = NULL;
  g_autofree char *after = NULL;

  ressenti_test_set_language ("en");
  between = ressenti_navigator_where_am_i (NULL, &markers, 25000, 60000, RESSENTI_NAV_PAUSED, FALSE);
  g_assert_cmpstr (between, ==, "25 seconds of 1 minute, paused, previous marker: Warm, 5 seconds ago, "
                                "next marker: Anger, in 5 seconds");
  /* Landed on a marker: it is the previous one, 0 seconds ago. */
  on = ressenti_navigator_where_am_i (NULL, &markers, 30000, 60000, RESSENTI_NAV_PAUSED, FALSE);
  g_assert_cmpstr (on, ==, "30 seconds of 1 minute, paused, previous marker: Anger, 0 seconds ago, "
                           "next marker: Worry, in 10 seconds");
  before = ressenti_navigator_where_am_i (NULL, &markers, 0, 60000, RESSENTI_NAV_STOPPED, FALSE);
  g_assert_cmpstr (before, ==, "0 seconds of 1 minute, stopped, next marker: Frustration / annoyance, in 10 seconds");
  markers.filter = &agent;
  filtered = ressenti_navigator_where_am_i (NULL, &markers, 25000, 60000, RESSENTI_NAV_PLAYING, FALSE);
  g_assert_cmpstr (filtered, ==, "25 seconds of 1 minute, playing, previous marker: Warm, 5 seconds ago, "
                                 "next marker: Worry, in 15 seconds");
  after = ressenti_navigator_where_am_i (NULL, &markers, 55000, 60000, RESSENTI_NAV_PLAYING, FALSE);
  g_assert_cmpstr (after, ==, "55 seconds of 1 minute, playing, previous marker: Worry, 15 seconds ago");
}

/* 10,000 markers: each step is a binary search, and lands right. */
static void
test_many_markers (void)
{
  GListStore *store = g_list_store_new (RESSENTI_TYPE_MARKER_ITEM);
  g_autoptr(GListModel) model = G_LIST_MODEL (store);
  RessentiMarkerFilter agent = { RESSENTI_MARKER_FILTER_KIND_ALL, RESSENTI_MARKER_FILTER_SIDE_AGENT, NULL };
  RessentiNavMarkers markers = { model, NULL, NULL };
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  /* One every 360 ms over an hour; every hundredth on the agent's side. */
  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr(RessentiMarker) marker = ressenti_marker_new ((gint64) i * 360,
                                                              i % 100 == 99 ? RESSENTI_SIDE_AGENT : RESSENTI_SIDE_CUSTOMER,
                                                              i % 100 == 99 ? "rushed" : "impatience");

      g_ptr_array_add (items, ressenti_marker_item_new (marker));
    }
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  for (gint64 position = 0; position < 3600000; position += 77777)
    {
      gint64 target = -1;
      g_autofree char *text = NULL;

      g_assert_true (ressenti_navigator_step (NULL, &markers, RESSENTI_NAV_UNIT_MARKER, position, 3600000, 1, &target, &text));
      g_assert_cmpint (target, ==, (position / 360 + 1) * 360);
    }
  markers.filter = &agent;
  for (gint64 position = 0; position < 3564000; position += 77777)
    {
      gint64 target = -1;
      g_autofree char *text = NULL;

      g_assert_true (ressenti_navigator_step (NULL, &markers, RESSENTI_NAV_UNIT_MARKER, position, 3600000, 1, &target, &text));
      g_assert_cmpint (target % 36000, ==, 99 * 360);
      g_assert_cmpint (target, >, position);
      g_assert_cmpint (target - position, <=, 36000);
    }
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
  g_test_add_func ("/navigator/markers", test_markers);
  g_test_add_func ("/navigator/marker-filter", test_filter_describe);
  g_test_add_func ("/navigator/where-am-i-markers", test_where_am_i_markers);
  g_test_add_func ("/navigator/many-markers", test_many_markers);

  return g_test_run ();
}
