/* ressenti-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `ressenti import [--library DIR] [--metadata FILE.csv] PATH…` imports files
 * and folders without a display: one line per file on standard output
 * (imported or already present, with the recording's id) or on standard
 * error (the reason it failed), and a non-zero exit status if any failed.
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "ressenti-cli.h"
#include "ressenti-config.h"
#include "ressenti-importer.h"
#include "ressenti-store.h"

static const char * const commands[] = { "import", NULL };

gboolean
ressenti_cli_is_command (int    argc,
                         char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      /* Skip the value of an option given as two words. */
      if (g_str_equal (argv[i], "--library") || g_str_equal (argv[i], "-l"))
        {
          i++;
          continue;
        }
      if (argv[i][0] == '-')
        continue;
      return g_strv_contains (commands, argv[i]);
    }
  return FALSE;
}

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

int
ressenti_cli_run (int    argc,
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
