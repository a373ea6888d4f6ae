/* test-spoken.c — durations, dates and counts as a listener hears them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "ressenti-recording.h"
#include "ressenti-spoken.h"
#include "ressenti-test-util.h"

static void
assert_duration (gint64      ms,
                 const char *expected)
{
  g_autofree char *text = ressenti_spoken_duration (ms);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_duration_english (void)
{
  ressenti_test_set_language ("en");
  assert_duration (0, "0 seconds");
  assert_duration (1000, "1 second");
  assert_duration (45999, "45 seconds");
  assert_duration (60000, "1 minute");
  assert_duration (133000, "2 minutes 13");
  assert_duration (380000, "6 minutes 20");
  assert_duration (3600000, "1 hour");
  assert_duration (3900000, "1 hour 5 minutes");
  assert_duration (7260000, "2 hours 1 minute");
  assert_duration (-5, "0 seconds");
}

static void
test_duration_french (void)
{
  ressenti_test_set_language ("fr");
  assert_duration (1000, "1 seconde");
  assert_duration (133000, "2 minutes 13");
  assert_duration (60000, "1 minute");
  assert_duration (3900000, "1 heure 5 minutes");
  assert_duration (7200000, "2 heures");
}

static void
test_date (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) date = g_date_time_new (tz, 2026, 3, 2, 10, 30, 0);
  g_autofree char *en = NULL;
  g_autofree char *fr = NULL;

  ressenti_test_set_language ("en");
  en = ressenti_spoken_date (date);
  g_assert_cmpstr (en, ==, "2 March 2026");
  ressenti_test_set_language ("fr");
  fr = ressenti_spoken_date (date);
  g_assert_cmpstr (fr, ==, "2 mars 2026");
}

static void
test_call_count (void)
{
  g_autofree char *none = NULL;
  g_autofree char *one = NULL;
  g_autofree char *many = NULL;
  g_autofree char *fr_one = NULL;
  g_autofree char *fr_many = NULL;

  ressenti_test_set_language ("en");
  none = ressenti_spoken_call_count (0);
  one = ressenti_spoken_call_count (1);
  many = ressenti_spoken_call_count (12);
  g_assert_cmpstr (none, ==, "No calls");
  g_assert_cmpstr (one, ==, "1 call");
  g_assert_cmpstr (many, ==, "12 calls");
  ressenti_test_set_language ("fr");
  fr_one = ressenti_spoken_call_count (1);
  fr_many = ressenti_spoken_call_count (12);
  g_assert_cmpstr (fr_one, ==, "1 appel");
  g_assert_cmpstr (fr_many, ==, "12 appels");
}

static void
test_position (void)
{
  g_autofree char *en = NULL;
  g_autofree char *fr = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *clock = ressenti_clock_time (133999);
  g_autofree char *long_clock = ressenti_clock_time (3725000);

  ressenti_test_set_language ("en");
  en = ressenti_spoken_position (133000, 380000);
  unknown = ressenti_spoken_position (5000, -1);
  g_assert_cmpstr (en, ==, "2 minutes 13 of 6 minutes 20");
  g_assert_cmpstr (unknown, ==, "5 seconds");
  ressenti_test_set_language ("fr");
  fr = ressenti_spoken_position (133000, 380000);
  g_assert_cmpstr (fr, ==, "2 minutes 13 sur 6 minutes 20");
  g_assert_cmpstr (clock, ==, "2:13");
  g_assert_cmpstr (long_clock, ==, "1:02:05");
}

static void
test_parse_time (void)
{
  static const struct { const char *text; gint64 ms; } good[] = {
    { "2:13", 133000 }, { "1:02:05", 3725000 }, { "133", 133000 }, { " 0:07 ", 7000 },
    { "2m13", 133000 }, { "2 min 13 s", 133000 }, { "2 minutes 13", 133000 },
    { "1h5", 3900000 }, { "45s", 45000 }, { "3 m", 180000 }, { "1h 2m 3s", 3723000 },
  };
  static const char * const bad[] = {
    "", "abc", "2:75", "1:2:3:4", "-5", "2.5", "12:", "m", "1:60:00", "99999999999",
  };
  gint64 ms;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      ms = -1;
      if (!ressenti_parse_time (good[i].text, &ms))
        g_error ("“%s” was refused", good[i].text);
      g_assert_cmpint (ms, ==, good[i].ms);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (ressenti_parse_time (bad[i], &ms))
      g_error ("“%s” was accepted as %" G_GINT64_FORMAT " ms", bad[i], ms);
}

static void
test_parse_time_precise (void)
{
  static const struct { const char *text; gint64 ms; } good[] = {
    { "2:13.250", 133250 }, { "2:13,25", 133250 }, { "133.5", 133500 }, { "2:13", 133000 },
    { " 0:07.007 ", 7007 },
  };
  static const char * const bad[] = { "2:13.", "2:13.2500", "2:13.a", ".5", "2:75.1", "1.2.3" };
  g_autofree char *clock = ressenti_clock_time_precise (133250);
  gint64 ms;

  g_assert_cmpstr (clock, ==, "2:13.250");
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      ms = -1;
      if (!ressenti_parse_time_precise (good[i].text, &ms))
        g_error ("“%s” was refused", good[i].text);
      g_assert_cmpint (ms, ==, good[i].ms);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (ressenti_parse_time_precise (bad[i], &ms))
      g_error ("“%s” was accepted as %" G_GINT64_FORMAT " ms", bad[i], ms);
}

static void
test_recording_sentence (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  RessentiRecordingDraft draft = { 0 };
  g_autoptr(RessentiRecording) recording = NULL;
  g_autofree char *en = NULL;
  g_autofree char *fr = NULL;
  g_autofree char *unknown = NULL;

  draft.call_date = g_date_time_new (tz, 2026, 3, 12, 10, 30, 0);
  draft.agent = g_strdup ("A-17");
  draft.service = g_strdup ("Cotisations");
  draft.duration_ms = 380000;
  draft.channels = 2;
  draft.layout = RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT;
  recording = ressenti_recording_new_from_draft ("id", "x.wav", NULL, &draft);
  ressenti_recording_draft_clear (&draft);

  ressenti_test_set_language ("en");
  en = ressenti_recording_describe (recording);
  g_assert_cmpstr (en, ==, "Call of 12 March 2026, agent A-17, service Cotisations, 6 minutes 20, not reviewed");
  ressenti_test_set_language ("fr");
  fr = ressenti_recording_describe (recording);
  g_assert_cmpstr (fr, ==, "Appel du 12 mars 2026, conseiller A-17, service Cotisations, 6 minutes 20, non écouté");

  ressenti_test_set_language ("en");
  ressenti_recording_set_layout (recording, RESSENTI_CHANNEL_LAYOUT_UNKNOWN);
  ressenti_recording_set_review_status (recording, RESSENTI_REVIEW_STATUS_IN_PROGRESS);
  unknown = ressenti_recording_describe (recording);
  g_assert_cmpstr (unknown, ==, "Call of 12 March 2026, agent A-17, service Cotisations, 6 minutes 20, layout unknown, review in progress");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ressenti_test_init_i18n ();

  g_test_add_func ("/spoken/duration/english", test_duration_english);
  g_test_add_func ("/spoken/duration/french", test_duration_french);
  g_test_add_func ("/spoken/date", test_date);
  g_test_add_func ("/spoken/call-count", test_call_count);
  g_test_add_func ("/spoken/position", test_position);
  g_test_add_func ("/spoken/parse-time", test_parse_time);
  g_test_add_func ("/spoken/parse-time-precise", test_parse_time_precise);
  g_test_add_func ("/spoken/recording-sentence", test_recording_sentence);

  return g_test_run ();
}
