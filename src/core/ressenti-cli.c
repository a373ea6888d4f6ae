/* ressenti-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Commands that need no display:
 *
 * `ressenti import [--library DIR] [--metadata FILE.csv] PATH…` imports files
 * and folders: one line per file on standard output (imported or already
 * present, with the recording's id) or on standard error (the reason it
 * failed), and a non-zero exit status if any failed.
 *
 * `ressenti markers check FILE` reads a file of markers without importing
 * it: the number of markers found on standard output, each problem as
 * "FILE:LINE: message" on standard error; exit status 1 when the file is
 * refused or has problems (it could not be imported as it is).
 *
 * `ressenti markers import CALL_ID FILE [--partial]` adds the file's markers
 * to the current user's review of the call (started if there is none). A
 * file with problems imports nothing (exit status 1) unless --partial says
 * to import the markers that are fine. Importing a file again adds nothing:
 * markers already in the review are skipped.
 *
 * `ressenti markers export CALL_ID FORMAT [-o FILE]` writes the current
 * user's review of the call as webvtt, audacity, csv or emotionml, to
 * standard output or to FILE (mode 0600: markers are personal data).
 *
 * Usage errors give exit status 2.
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ressenti-cli.h"
#include "ressenti-config.h"
#include "ressenti-importer.h"
#include "ressenti-marker-formats.h"
#include "ressenti-store.h"

static const char * const commands[] = { "import", "markers", NULL };

/* The command word of @argv, or NULL. */
static const char *
find_command (int    argc,
              char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      /* Skip the value of an option given as two words. */
      if (g_str_equal (argv[i], "--library") || g_str_equal (argv[i], "-l") ||
          g_str_equal (argv[i], "--metadata") || g_str_equal (argv[i], "-m") ||
          g_str_equal (argv[i], "--output") || g_str_equal (argv[i], "-o"))
        {
          i++;
          continue;
        }
      if (argv[i][0] == '-')
        continue;
      return g_strv_contains (commands, argv[i]) ? argv[i] : NULL;
    }
  return NULL;
}

gboolean
ressenti_cli_is_command (int    argc,
                         char **argv)
{
  return find_command (argc, argv) != NULL;
}

/* `ressenti import` ------------------------------------------------------ */

static void
item_done_cb (RessentiImporter   *importer,
              RessentiImportItem *item,
              gpointer            user_data)
{
  if (item->error != NULL)
    g_printerr ("%s: %s\n", item->path, item->error->message);
  else if (item->already_present)
    /* Translators: a line of `ressenti import` output; %1$s is a file,
     * %2$s the id of the recording already in the library. */
    g_print (_("%1$s: already in the library as %2$s\n"), item->path,
             ressenti_recording_get_id (item->recording));
  else
    /* Translators: %1$s is a file, %2$s the id of the new recording. */
    g_print (_("%1$s: imported as %2$s\n"), item->path,
             ressenti_recording_get_id (item->recording));
}

static int
run_import (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = NULL;
  g_autoptr(RessentiImporter) importer = NULL;
  g_autoptr(RessentiImportReport) report = NULL;
  g_autofree char *library = NULL;
  g_autofree char *metadata = NULL;
  g_autofree char *directory = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *summary = NULL;
  GOptionEntry entries[] = {
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, &library, N_("Use the library in DIR"), N_("DIR") },
    { "metadata", 'm', 0, G_OPTION_ARG_FILENAME, &metadata, N_("Read the calls’ metadata from this CSV file"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("import PATH…") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Import recorded calls (files or folders) into the library."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ressenti: %s\n", error->message);
      return 2;
    }

  /* The first remaining word is the command itself. */
  if (paths == NULL || paths[0] == NULL || paths[1] == NULL)
    {
      g_printerr (_("ressenti: nothing to import. Usage: ressenti import [--library DIR] [--metadata FILE.csv] PATH…\n"));
      return 2;
    }

  directory = ressenti_config_library_dir (library);
  store = ressenti_store_open (directory, &error);
  if (store == NULL)
    {
      g_printerr ("ressenti: %s\n", error->message);
      return 1;
    }

  importer = ressenti_importer_new (store);
  if (metadata != NULL)
    ressenti_importer_set_metadata_file (importer, metadata);
  g_signal_connect (importer, "item-done", G_CALLBACK (item_done_cb), NULL);

  report = ressenti_importer_import (importer, (const char * const *) paths + 1, NULL);
  summary = ressenti_import_report_describe (report);
  g_printerr ("%s\n", summary);

  return report->n_failed > 0 || report->cancelled ? 1 : 0;
}

/* `ressenti markers` ----------------------------------------------------- */

static void
print_markers_usage (void)
{
  g_printerr ("%s\n",
              /* Translators: the usage of `ressenti markers`; keep the command
               * words, options and format names in English. */
              _("Usage:\n"
                "  ressenti markers check FILE\n"
                "  ressenti markers import CALL_ID FILE [--partial]\n"
                "  ressenti markers export CALL_ID webvtt|audacity|csv|emotionml [-o FILE]\n"
                "Options: --library DIR"));
}

static void
print_problems (const char          *path,
                RessentiMarkerParse *parse)
{
  for (guint i = 0; i < parse->problems->len; i++)
    {
      const RessentiMarkerProblem *problem = g_ptr_array_index (parse->problems, i);

      if (problem->line > 0)
        g_printerr ("%s:%u: %s\n", path, problem->line, problem->message);
      else
        g_printerr ("%s: %s\n", path, problem->message);
    }
}

static RessentiStore *
open_store (const char *library)
{
  g_autofree char *directory = ressenti_config_library_dir (library);
  g_autoptr(GError) error = NULL;
  RessentiStore *store = ressenti_store_open (directory, &error);

  if (store == NULL)
    g_printerr ("ressenti: %s\n", error->message);
  return store;
}

static RessentiVocabulary *
get_vocabulary (RessentiStore *store)
{
  g_autoptr(GError) error = NULL;
  RessentiVocabulary *vocabulary = ressenti_store_get_vocabulary (store, &error);

  if (vocabulary == NULL)
    g_printerr ("ressenti: %s\n", error->message);
  return vocabulary;
}

static int
markers_check (const char *library,
               const char *path)
{
  g_autofree char *directory = ressenti_config_library_dir (library);
  g_autofree char *database = g_build_filename (directory, "library.db", NULL);
  g_autoptr(RessentiStore) store = NULL;
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autoptr(RessentiMarkerParse) parse = NULL;
  g_autoptr(GError) error = NULL;
  guint n_markers;

  /* The library's words if there is a library; never make one. */
  if (g_file_test (database, G_FILE_TEST_EXISTS))
    {
      store = open_store (library);
      if (store == NULL)
        return 1;
      vocabulary = get_vocabulary (store);
      if (vocabulary == NULL)
        return 1;
    }
  else
    vocabulary = ressenti_vocabulary_new (NULL);

  parse = ressenti_markers_parse_file (path, RESSENTI_MARKER_FORMAT_AUTO, vocabulary, &error);
  if (parse == NULL)
    {
      g_printerr ("ressenti: %s\n", error->message);
      return 1;
    }

  n_markers = parse->markers->len;
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        /* Translators: output of `ressenti markers check`: %1$s is a
                         * file, %2$u a number, %3$s a format ("WebVTT subtitles"). */
                        "%1$s: %2$u marker (%3$s).\n",
                        "%1$s: %2$u markers (%3$s).\n", n_markers),
           path, n_markers, ressenti_marker_format_describe (parse->format));
  print_problems (path, parse);
  if (parse->problems->len > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               /* Translators: %u is a number of problems. */
                               "%u problem: as it is, the file can only be imported with --partial.\n",
                               "%u problems: as it is, the file can only be imported with --partial.\n",
                               parse->problems->len),
                  parse->problems->len);
      return 1;
    }
  return 0;
}

static RessentiRecording *
get_recording (RessentiStore *store,
               const char    *call_id)
{
  g_autoptr(GError) error = NULL;
  RessentiRecording *recording = ressenti_store_get_recording (store, call_id, &error);

  if (recording == NULL)
    {
      if (error != NULL && !g_error_matches (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND))
        g_printerr ("ressenti: %s\n", error->message);
      else
        g_printerr (_("ressenti: the library has no call “%s”. `ressenti import` gives the ids of "
                      "imported calls.\n"),
                    call_id);
    }
  return recording;
}

static int
markers_import (const char *library,
                const char *call_id,
                const char *path,
                gboolean    partial)
{
  g_autoptr(RessentiStore) store = NULL;
  g_autoptr(RessentiRecording) recording = NULL;
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autoptr(RessentiMarkerParse) parse = NULL;
  g_autoptr(RessentiReviewInfo) review = NULL;
  g_autoptr(GError) error = NULL;
  guint n_added = 0;
  guint n_skipped = 0;

  store = open_store (library);
  if (store == NULL)
    return 1;
  recording = get_recording (store, call_id);
  if (recording == NULL)
    return 1;
  vocabulary = get_vocabulary (store);
  if (vocabulary == NULL)
    return 1;

  parse = ressenti_markers_parse_file (path, RESSENTI_MARKER_FORMAT_AUTO, vocabulary, &error);
  if (parse == NULL)
    {
      g_printerr ("ressenti: %s\n", error->message);
      return 1;
    }
  ressenti_marker_parse_check_duration (parse, ressenti_recording_get_duration_ms (recording));
  print_problems (path, parse);
  if (parse->problems->len > 0 && !partial)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               /* Translators: %u is a number of problems. */
                               "Nothing was imported: the file has %u problem. Correct it, or "
                               "import the other markers with --partial.\n",
                               "Nothing was imported: the file has %u problems. Correct them, or "
                               "import the other markers with --partial.\n",
                               parse->problems->len),
                  parse->problems->len);
      return 1;
    }

  review = ressenti_store_get_my_review (store, call_id, &error);
  if (review == NULL && error == NULL)
    review = ressenti_store_start_review (store, call_id, &error);
  if (review == NULL)
    {
      g_printerr ("ressenti: %s\n", error->message);
      return 1;
    }
  if (!ressenti_store_import_markers (store, review->id, parse->markers, &n_added, &n_skipped, &error))
    {
      g_printerr ("ressenti: %s\n", error->message);
      return 1;
    }

  if (n_skipped == 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          /* Translators: %u is a number of markers. */
                          "%u marker imported.\n", "%u markers imported.\n", n_added),
             n_added);
  else
    {
      g_autofree char *added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             /* Translators: the first half of
                                                              * "3 markers imported, 2 already
                                                              * in the review." */
                                                             "%u marker imported",
                                                             "%u markers imported", n_added),
                                                n_added);

      g_print (g_dngettext (GETTEXT_PACKAGE,
                            /* Translators: %1$s is "3 markers imported", %2$u a number of
                             * markers that were already there. */
                            "%1$s, %2$u already in the review.\n",
                            "%1$s, %2$u already in the review.\n", n_skipped),
               added, n_skipped);
    }
  return 0;
}

static int
markers_export (const char *library,
                const char *call_id,
                const char *format_name,
                const char *output)
{
  g_autoptr(RessentiStore) store = NULL;
  g_autoptr(RessentiRecording) recording = NULL;
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autoptr(RessentiReviewInfo) review = NULL;
  g_autoptr(GPtrArray) markers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *audio = NULL;
  g_autofree char *media_uri = NULL;
  g_autofree char *text = NULL;
  RessentiMarkerFormat format;
  gsize length = 0;

  if (!ressenti_marker_format_from_string (format_name, &format))
    {
      g_printerr (_("ressenti: “%s” is not a format of markers: use webvtt, audacity, csv or "
                    "emotionml.\n"),
                  format_name);
      return 2;
    }

  store = open_store (library);
  if (store == NULL)
    return 1;
  recording = get_recording (store, call_id);
  if (recording == NULL)
    return 1;
  review = ressenti_store_get_my_review (store, call_id, &error);
  if (review == NULL)
    {
      if (error != NULL)
        g_printerr ("ressenti: %s\n", error->message);
      else
        g_printerr (_("ressenti: you have no review of the call “%s”: there are no markers to "
                      "export.\n"),
                    call_id);
      return 1;
    }
  vocabulary = get_vocabulary (store);
  if (vocabulary == NULL)
    return 1;
  markers = ressenti_store_list_markers (store, review->id, &error);
  if (markers == NULL)
    {
      g_printerr ("ressenti: %s\n", error->message);
      return 1;
    }

  /* EmotionML refers to the call by its audio file's name in the library
   * (named by content: nothing personal). */
  audio = ressenti_store_get_audio_path (store, recording);
  media_uri = g_path_get_basename (audio);
  text = ressenti_markers_export (format, markers, vocabulary, media_uri, &length);

  if (output == NULL || g_str_equal (output, "-"))
    {
      if (fwrite (text, 1, length, stdout) != length || fflush (stdout) != 0)
        {
          g_printerr (_("ressenti: the markers could not be written to standard output.\n"));
          return 1;
        }
      return 0;
    }
  if (!g_file_set_contents_full (output, text, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_printerr ("ressenti: %s\n", error->message);
      return 1;
    }
  g_printerr (g_dngettext (GETTEXT_PACKAGE,
                           /* Translators: %1$u is a number of markers, %2$s a file. */
                           "%1$u marker written to %2$s.\n", "%1$u markers written to %2$s.\n",
                           markers->len),
              markers->len, output);
  return 0;
}

static int
run_markers (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *library = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) words = NULL;
  gboolean partial = FALSE;
  guint n_words;
  GOptionEntry entries[] = {
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, &library, N_("Use the library in DIR"), N_("DIR") },
    { "partial", 0, 0, G_OPTION_ARG_NONE, &partial,
      N_("Import the markers that are fine even if the file has problems"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the markers to FILE"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &words, NULL,
      N_("markers check|import|export …") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Check, import and export a review’s emotion markers "
                                           "(WebVTT, Audacity labels, CSV, EmotionML)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ressenti: %s\n", error->message);
      return 2;
    }

  /* words[0] is "markers". */
  n_words = words != NULL ? g_strv_length (words) : 0;
  if (n_words == 3 && g_str_equal (words[1], "check") && !partial && output == NULL)
    return markers_check (library, words[2]);
  if (n_words == 4 && g_str_equal (words[1], "import") && output == NULL)
    return markers_import (library, words[2], words[3], partial);
  if (n_words == 4 && g_str_equal (words[1], "export") && !partial)
    return markers_export (library, words[2], words[3], output);

  print_markers_usage ();
  return 2;
}

int
ressenti_cli_run (int    argc,
                  char **argv)
{
  const char *command = find_command (argc, argv);

  if (g_strcmp0 (command, "markers") == 0)
    return run_markers (argc, argv);
  return run_import (argc, argv);
}
