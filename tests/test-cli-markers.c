/* test-cli-markers.c — `ressenti markers check|import|export`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the built executable (RESSENTI_EXE) on a library in a temporary
 * folder, with demo calls imported by `ressenti import`.
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ressenti-marker-formats.h"
#include "ressenti-test-util.h"

typedef struct
{
  char *dir;
  char *library;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = ressenti_test_mkdtemp ("cli-markers");
  fixture->library = g_build_filename (fixture->dir, "library", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  ressenti_test_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->library);
}

/* Runs `ressenti ARGS…` in @language ("en", "fr"); returns its exit status. */
static int
run_cli_in (const char          *language,
            const char * const  *argv,
            char               **out,
            char               **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  const char *exe = g_getenv ("RESSENTI_EXE");
  int status = 0;

  g_assert_nonnull (exe);
  g_ptr_array_add (args, (gpointer) exe);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  env = g_environ_setenv (env, "LANGUAGE", language, TRUE);
  env = g_environ_setenv (env, "LC_ALL", g_str_equal (language, "fr") ? "fr_FR.UTF-8" : "en_US.UTF-8", TRUE);
  g_spawn_sync (NULL, (char **) args->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static int
run_cli (const char * const  *argv,
         char               **out,
         char               **err)
{
  return run_cli_in ("en", argv, out, err);
}

/* Imports a demo call with `ressenti import`; returns its id. */
static char *
import_call (Fixture    *fixture,
             const char *name)
{
  g_autofree char *path = ressenti_test_demo_file (name);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "import", "--library", fixture->library, path, NULL };
  const char *as;

  g_assert_cmpint (run_cli (argv, &out, &err), ==, 0);
  as = strstr (out, " as ");
  g_assert_nonnull (as);
  return g_strstrip (g_strdup (as + 4));
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "markers", name, NULL);
}

static RessentiMarker *
marker (gint64       start,
        gint64       end,
        RessentiSide side,
        const char  *key,
        int          intensity,
        const char  *text)
{
  RessentiMarker *m = ressenti_marker_new (start, side, key);

  m->end_ms = end;
  m->intensity = intensity;
  m->text = g_strdup (text);
  return m;
}

/* A CSV file of markers that fit in a demo call. */
static char *
write_sample (Fixture *fixture)
{
  g_autoptr(RessentiVocabulary) vocabulary = ressenti_vocabulary_new (NULL);
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_free);
  g_autofree char *text = NULL;
  char *path = g_build_filename (fixture->dir, "sample.csv", NULL);

  g_ptr_array_add (markers, marker (1500, -1, RESSENTI_SIDE_CUSTOMER, "anger", 3,
                                    "la voix monte, \"fort\" <vraiment> & plus\nligne 2"));
  g_ptr_array_add (markers, marker (1500, 4000, RESSENTI_SIDE_AGENT, "warm", 1, NULL));
  g_ptr_array_add (markers, marker (10000, 30000, RESSENTI_SIDE_BOTH, "frustration", 2, "a --> b; c"));
  g_ptr_array_add (markers, marker (12000, -1, RESSENTI_SIDE_CUSTOMER, "worry", 1, "x | y \\ z"));
  g_ptr_array_add (markers, marker (40000, 41000, RESSENTI_SIDE_CUSTOMER, RESSENTI_VOCABULARY_OTHER, 2,
                                    "=rire nerveux"));
  text = ressenti_markers_export (RESSENTI_MARKER_FORMAT_CSV, markers, vocabulary, NULL, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* Import, then export in every format and import each export into a
 * second call: the first adds every marker, the others none, so every
 * format carried the markers exactly. */
static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *call1 = import_call (fixture, "demo-1.wav");
  g_autofree char *call2 = import_call (fixture, "demo-2.wav");
  g_autofree char *sample = write_sample (fixture);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *check[] = { "markers", "check", "--library", fixture->library, sample, NULL };
  const char *import[] = { "markers", "import", "--library", fixture->library, call1, sample, NULL };

  g_assert_cmpint (run_cli (check, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "sample.csv: 5 markers (CSV table).\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (import, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "5 markers imported.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Again: nothing doubled. */
  g_assert_cmpint (run_cli (import, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "0 markers imported, 5 already in the review.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  for (int format = 0; format < RESSENTI_N_MARKER_FORMATS; format++)
    {
      const char *name = ressenti_marker_format_to_string (format);
      g_autofree char *file_name = g_strdup_printf ("export.%s", ressenti_marker_format_extension (format));
      g_autofree char *path = g_build_filename (fixture->dir, file_name, NULL);
      g_autofree char *stdout_text = NULL;
      g_autofree char *contents = NULL;
      const char *export_file[] = { "markers", "export", "--library", fixture->library, call1, name,
                                    "-o", path, NULL };
      const char *export_stdout[] = { "markers", "export", "--library", fixture->library, call1, name,
                                      NULL };
      const char *import_other[] = { "markers", "import", "--library", fixture->library, call2, path,
                                     NULL };
      GStatBuf info;

      g_assert_cmpint (run_cli (export_file, &out, &err), ==, 0);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, "5 markers written to "));
      g_assert_cmpint (g_stat (path, &info), ==, 0);
      g_assert_cmpint (info.st_mode & 0777, ==, 0600);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);

      /* Standard output holds the same. */
      g_assert_cmpint (run_cli (export_stdout, &stdout_text, &err), ==, 0);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (stdout_text, ==, contents);
      g_clear_pointer (&err, g_free);

      if (format == RESSENTI_MARKER_FORMAT_EMOTIONML)
        {
          /* It names the call by its audio file in the library. */
          g_assert_nonnull (strstr (contents, ".wav#t=1.500\"/>"));
          g_assert_true (ressenti_emotionml_validate (contents, strlen (contents), NULL));
        }

      g_assert_cmpint (run_cli (import_other, &out, &err), ==, 0);
      if (format == 0)
        g_assert_cmpstr (out, ==, "5 markers imported.\n");
      else
        g_assert_cmpstr (out, ==, "0 markers imported, 5 already in the review.\n");
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
}

/* A file with problems imports nothing without --partial. */
static void
test_partial (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *call = import_call (fixture, "demo-1.wav");
  g_autofree char *problems = data_path ("problems.vtt");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *check[] = { "markers", "check", "--library", fixture->library, problems, NULL };
  const char *import[] = { "markers", "import", "--library", fixture->library, call, problems, NULL };
  const char *partial[] = { "markers", "import", "--library", fixture->library, "--partial", call, problems, NULL };
  const char *export[] = { "markers", "export", "--library", fixture->library, call, "csv", NULL };
  g_autofree char *line6 = g_strdup_printf ("%s:6: This cue’s timing line is not valid", problems);
  g_autofree char *line26 = g_strdup_printf ("%s:26: The intensity of a marker is 1 (mild), 2 (moderate) "
                                             "or 3 (strong), not 7.\n", problems);

  g_assert_cmpint (run_cli (check, &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, "problems.vtt: 1 marker (WebVTT subtitles).\n"));
  g_assert_nonnull (strstr (err, line6));
  g_assert_nonnull (strstr (err, line26));
  g_assert_nonnull (strstr (err, "7 problems: as it is, the file can only be imported with --partial.\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (import, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, line6));
  g_assert_nonnull (strstr (err, "Nothing was imported: the file has 7 problems. Correct them, or import "
                                 "the other markers with --partial.\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Nothing was imported: not even a review was started. */
  g_assert_cmpint (run_cli (export, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "you have no review of the call"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (partial, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "1 marker imported.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (export, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "start,end,side,entry,label,intensity,text\r\n"
                            "1.000,2.000,customer,anger,Anger,2,\r\n");
}

/* Markers past the end of the call are problems of the import. */
static void
test_past_the_end (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *call = import_call (fixture, "demo-1.wav");
  g_autofree char *foreign = data_path ("foreign.emotionml");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *import[] = { "markers", "import", "--library", fixture->library, call, foreign, NULL };
  const char *partial[] = { "markers", "import", "--partial", "--library", fixture->library, call, foreign, NULL };

  g_assert_cmpint (run_cli (import, &out, &err), ==, 1);
  /* The demo call's length depends on the espeak-ng that made it. */
  g_assert_nonnull (strstr (err, "This marker reaches 80.000 s, after the end of the call ("));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (partial, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "1 marker imported.\n");
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *call = import_call (fixture, "demo-1.wav");
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.vtt", NULL);
  g_autofree char *binary = g_build_filename (fixture->dir, "image.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *check_bad[] = { "markers", "check", bad, NULL };
  const char *import_bad[] = { "markers", "import", "--library", fixture->library, call, bad, NULL };
  const char *import_binary[] = { "markers", "import", "--library", fixture->library, call, binary, NULL };
  const char *no_call[] = { "markers", "import", "--library", fixture->library, "no-such-call", bad, NULL };
  const char *bad_format[] = { "markers", "export", "--library", fixture->library, call, "srt", NULL };
  const char *usage[] = { "markers", "import", call, NULL };
  const char *usage2[] = { "markers", NULL };

  g_assert_true (g_file_set_contents (bad, "Sous-titres\n\n00:01.000 --> 00:02.000\ncolère\n", -1, NULL));
  g_assert_true (g_file_set_contents (binary, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, NULL));

  g_assert_cmpint (run_cli (check_bad, &out, &err), ==, 1);
  g_assert_cmpstr (err, ==, "ressenti: “bad.vtt” is not a WebVTT file: it does not begin with the word WEBVTT.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (import_bad, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "is not a WebVTT file"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (import_binary, &out, &err), ==, 1);
  g_assert_cmpstr (err, ==, "ressenti: “image.csv” is not a text file: it cannot hold markers.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (no_call, &out, &err), ==, 1);
  g_assert_cmpstr (err, ==, "ressenti: the library has no call “no-such-call”. `ressenti import` gives "
                            "the ids of imported calls.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (bad_format, &out, &err), ==, 2);
  g_assert_cmpstr (err, ==, "ressenti: “srt” is not a format of markers: use webvtt, audacity, csv or "
                            "emotionml.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (usage, &out, &err), ==, 2);
  g_assert_true (g_str_has_prefix (err, "Usage:\n  ressenti markers check FILE\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (usage2, &out, &err), ==, 2);
}

/* The French of these messages is in po-fr-additions.po until it is
 * merged into po/fr.po. */
static void
test_french (Fixture       *fixture,
             gconstpointer  user_data)
{
  const char *msgid = "Nothing was imported: the file has %u problem. Correct it, or "
                      "import the other markers with --partial.\n";
  g_autofree char *call = NULL;
  g_autofree char *problems = data_path ("problems.vtt");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *import[] = { "markers", "import", "--library", fixture->library, NULL, problems, NULL };
  gboolean translated;

  ressenti_test_set_language ("fr");
  translated = !g_str_equal (g_dngettext (GETTEXT_PACKAGE, msgid, msgid, 2), msgid);
  ressenti_test_set_language ("en");
  if (!translated)
    {
      g_test_skip ("the French of the marker formats (po-fr-additions.po) is not in po/fr.po yet");
      return;
    }

  call = import_call (fixture, "demo-1.wav");
  import[4] = call;
  g_assert_cmpint (run_cli_in ("fr", import, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, ":12: Ce sous-titre finit (1.000 s) avant de commencer (5.000 s).\n"));
  g_assert_nonnull (strstr (err, "Rien n’a été importé : le fichier a 7 problèmes. Corrigez-les, ou "
                                 "importez les autres marqueurs avec --partial.\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ressenti_test_init_i18n ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli-markers/round-trip", test_round_trip);
  ADD ("/cli-markers/partial", test_partial);
  ADD ("/cli-markers/past-the-end", test_past_the_end);
  ADD ("/cli-markers/refused", test_refused);
  ADD ("/cli-markers/french", test_french);

  return g_test_run ();
}
