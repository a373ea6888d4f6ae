/* test-metadata.c — CSV sidecars and dates in file names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ressenti-metadata.h"
#include "ressenti-test-util.h"

static GHashTable *
parse (const char  *text,
       GError     **error)
{
  return ressenti_metadata_parse_csv (text, strlen (text), "calls.csv", error);
}

static void
test_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) table = parse ("\xEF\xBB\xBF" "file,date,agent,service,customer,layout,phone\r\n"
                                       "a.wav,2026-03-12 10:30,A-17,Cotisations,C-1,agent-left,0612345678\r\n"
                                       "\"b, with comma.wav\",12/03/2026,A-23,\"Service \"\"Réclamations\"\"\",,AGENT-RIGHT,\r\n"
                                       "\r\n",
                                       &error);
  RessentiCallMetadata *a, *b;

  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (table), ==, 2);
  a = g_hash_table_lookup (table, "a.wav");
  g_assert_nonnull (a);
  g_assert_cmpstr (a->agent, ==, "A-17");
  g_assert_cmpstr (a->service, ==, "Cotisations");
  g_assert_cmpstr (a->customer, ==, "C-1");
  g_assert_true (a->has_layout);
  g_assert_cmpint (a->layout, ==, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  g_assert_cmpint (g_date_time_get_hour (a->date), ==, 10);
  g_assert_cmpint (g_date_time_get_minute (a->date), ==, 30);

  b = g_hash_table_lookup (table, "b, with comma.wav");
  g_assert_nonnull (b);
  g_assert_cmpstr (b->service, ==, "Service \"Réclamations\"");
  g_assert_null (b->customer);
  g_assert_cmpint (b->layout, ==, RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT);
  g_assert_cmpint (g_date_time_get_day_of_month (b->date), ==, 12);
  g_assert_cmpint (g_date_time_get_month (b->date), ==, 3);
}

static void
test_not_a_sidecar (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) table = parse ("name,value\nx,1\n", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (table), ==, 0);
}

static void
assert_rejected (const char *text,
                 const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) table = parse (text, &error);

  g_assert_null (table);
  g_assert_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_METADATA);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_malformed_english (void)
{
  ressenti_test_set_language ("en");
  assert_rejected ("file,date\na.wav,yesterday\n",
                   "The metadata file “calls.csv” is malformed at line 2: “yesterday” is not a date (write 2026-03-12 or 2026-03-12 10:30).");
  assert_rejected ("file,agent\na.wav,A-1\nb.wav\n",
                   "The metadata file “calls.csv” is malformed at line 3: it has 1 fields where the header has 2.");
  assert_rejected ("file,layout\na.wav,left\n",
                   "The metadata file “calls.csv” is malformed at line 2: “left” is not a channel layout (write agent-left, agent-right, mono or unknown).");
  assert_rejected ("file,agent\n\"a.wav,A-1\n",
                   "The metadata file “calls.csv” is malformed at line 2: a quoted field is never closed.");
  assert_rejected ("file,agent\na.wav,A-1\na.wav,A-2\n",
                   "The metadata file “calls.csv” is malformed at line 3: “a.wav” is listed twice.");
  assert_rejected ("file,agent\n,A-1\n",
                   "The metadata file “calls.csv” is malformed at line 2: the “file” column is empty.");
  assert_rejected ("file\n\xff\xfe\n",
                   "The metadata file “calls.csv” is malformed at line 1: the file is not UTF-8 text.");
}

static void
test_malformed_french (void)
{
  ressenti_test_set_language ("fr");
  assert_rejected ("file,date\na.wav,hier\n",
                   "Le fichier de métadonnées « calls.csv » est mal formé à la ligne 2 : « hier » n’est pas une date (écrivez 2026-03-12 ou 2026-03-12 10:30).");
  ressenti_test_set_language ("en");
}

static void
test_date_from_name (void)
{
  struct { const char *name; int y, m, d, h, min; } cases[] = {
    { "2026-03-12_A-17.wav", 2026, 3, 12, 0, 0 },
    { "appel_20260312_1030.mp3", 2026, 3, 12, 10, 30 },
    { "call 2026-03-12 14h05.opus", 2026, 3, 12, 14, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) date = ressenti_metadata_date_from_name (cases[i].name);

      g_assert_nonnull (date);
      g_assert_cmpint (g_date_time_get_year (date), ==, cases[i].y);
      g_assert_cmpint (g_date_time_get_month (date), ==, cases[i].m);
      g_assert_cmpint (g_date_time_get_day_of_month (date), ==, cases[i].d);
      g_assert_cmpint (g_date_time_get_hour (date), ==, cases[i].h);
      g_assert_cmpint (g_date_time_get_minute (date), ==, cases[i].min);
    }
  g_assert_null (ressenti_metadata_date_from_name ("call-0612345678.wav"));
  g_assert_null (ressenti_metadata_date_from_name ("demo-1.wav"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ressenti_test_init_i18n ();

  g_test_add_func ("/metadata/valid", test_valid);
  g_test_add_func ("/metadata/not-a-sidecar", test_not_a_sidecar);
  g_test_add_func ("/metadata/malformed/english", test_malformed_english);
  g_test_add_func ("/metadata/malformed/french", test_malformed_french);
  g_test_add_func ("/metadata/date-from-name", test_date_from_name);

  return g_test_run ();
}
