/* test-import.c — importing calls, good and bad, from the API and the CLI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every class of bad input gets its exact message, in English and French,
 * and leaves the library as it was. The demo calls (built by
 * build-aux/make-demo-calls) are the good input.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ressenti-importer.h"
#include "ressenti-media.h"
#include "ressenti-store.h"
#include "ressenti-test-util.h"

typedef struct
{
  char          *dir;       /* scratch folder for input files */
  char          *library;   /* the library folder */
  RessentiStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = ressenti_test_mkdtemp ("import-input");
  fixture->library = ressenti_test_mkdtemp ("import-library");
  fixture->store = ressenti_store_open (fixture->library, &error);
  g_assert_no_error (error);
  ressenti_test_set_language ("en");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->store);
  ressenti_test_rmdir (fixture->dir);
  ressenti_test_rmdir (fixture->library);
  g_free (fixture->dir);
  g_free (fixture->library);
  ressenti_test_set_language ("en");
}

static char *
scratch_path (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
copy_file (const char *from,
           const char *to,
           gsize       max_bytes)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, MIN (length, max_bytes), NULL));
}

static RessentiImportReport *
import_paths (Fixture            *fixture,
              const char * const *paths,
              const char         *metadata)
{
  g_autoptr(RessentiImporter) importer = ressenti_importer_new (fixture->store);

  if (metadata != NULL)
    ressenti_importer_set_metadata_file (importer, metadata);
  return ressenti_importer_import (importer, paths, NULL);
}

static guint
count_recordings (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) recordings = ressenti_store_list_recordings (fixture->store, &error);

  g_assert_no_error (error);
  return recordings->len;
}

static guint
count_audio_files (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (ressenti_store_get_audio_dir (fixture->store), 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Imports one bad file: it must fail with @code and exactly @message, and
 * leave the library with what it had. */
static void
assert_refused (Fixture    *fixture,
                const char *path,
                int         code,
                const char *message)
{
  const char *paths[] = { path, NULL };
  guint before = count_recordings (fixture);
  guint files_before = count_audio_files (fixture);
  g_autoptr(RessentiImportReport) report = import_paths (fixture, paths, NULL);
  RessentiImportItem *item;

  g_assert_cmpuint (report->items->len, ==, 1);
  item = g_ptr_array_index (report->items, 0);
  g_assert_error (item->error, RESSENTI_IMPORT_ERROR, code);
  g_assert_cmpstr (item->error->message, ==, message);
  g_assert_null (item->recording);
  g_assert_cmpuint (report->n_failed, ==, 1);
  g_assert_cmpuint (count_recordings (fixture), ==, before);
  /* No staged copy left behind. */
  g_assert_cmpuint (count_audio_files (fixture), ==, files_before);
}

/* A 1×1 PNG: recognised media, but no audio in it. */
static const guint8 tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
  0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
  0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
  0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

/* Makes the bad files; returns their paths by name. */
static void
make_bad_files (Fixture *fixture)
{
  g_autofree char *demo_wav = ressenti_test_demo_file ("demo-1.wav");
  g_autofree char *empty = scratch_path (fixture, "empty.wav");
  g_autofree char *text = scratch_path (fixture, "notes.wav");
  g_autofree char *png = scratch_path (fixture, "picture.wav");
  g_autofree char *fifo = scratch_path (fixture, "pipe.wav");
  g_autofree char *huge = scratch_path (fixture, "huge.wav");
  g_autofree char *cut = scratch_path (fixture, "cut.wav");
  int fd;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (text, "Compte rendu de l'appel : rappeler lundi.\n", -1, NULL));
  g_assert_true (g_file_set_contents (png, (const char *) tiny_png, sizeof tiny_png, NULL));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  /* A sparse 5 GiB file: huge on paper, nothing on disk. */
  fd = g_open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, G_GINT64_CONSTANT (5) * 1024 * 1024 * 1024), ==, 0);
  close (fd);
  /* 44-byte header + 30 s of 16 kHz 16-bit stereo: the header still
   * announces the whole call. */
  copy_file (demo_wav, cut, 44 + 30 * 16000 * 4);
}

static void
test_bad_input_english (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *missing = scratch_path (fixture, "missing.wav");
  g_autofree char *empty = scratch_path (fixture, "empty.wav");
  g_autofree char *text = scratch_path (fixture, "notes.wav");
  g_autofree char *png = scratch_path (fixture, "picture.wav");
  g_autofree char *fifo = scratch_path (fixture, "pipe.wav");
  g_autofree char *huge = scratch_path (fixture, "huge.wav");
  g_autofree char *cut = scratch_path (fixture, "cut.wav");

  make_bad_files (fixture);

  assert_refused (fixture, missing, RESSENTI_IMPORT_ERROR_NOT_FOUND, "“missing.wav” does not exist.");
  assert_refused (fixture, empty, RESSENTI_IMPORT_ERROR_EMPTY, "“empty.wav” is empty (0 bytes).");
  assert_refused (fixture, text, RESSENTI_IMPORT_ERROR_UNSUPPORTED,
                  "“notes.wav” is not in an audio format Ressenti can read.");
  assert_refused (fixture, png, RESSENTI_IMPORT_ERROR_NO_AUDIO, "“picture.wav” contains no audio.");
  assert_refused (fixture, fifo, RESSENTI_IMPORT_ERROR_UNSUPPORTED, "“pipe.wav” is not a regular file.");
  assert_refused (fixture, huge, RESSENTI_IMPORT_ERROR_TOO_LARGE,
                  "“huge.wav” is too large (5.4\u00a0GB): Ressenti imports calls of up to 4.3\u00a0GB.");
  assert_refused (fixture, cut, RESSENTI_IMPORT_ERROR_TRUNCATED,
                  "“cut.wav” is incomplete: it should hold 1 minute 14 of audio but holds only 30 seconds. "
                  "It was probably cut off while being copied.");
}

static void
test_bad_input_french (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *missing = scratch_path (fixture, "absent.wav");
  g_autofree char *empty = scratch_path (fixture, "empty.wav");
  g_autofree char *text = scratch_path (fixture, "notes.wav");
  g_autofree char *png = scratch_path (fixture, "picture.wav");
  g_autofree char *fifo = scratch_path (fixture, "pipe.wav");
  g_autofree char *huge = scratch_path (fixture, "huge.wav");
  g_autofree char *cut = scratch_path (fixture, "cut.wav");

  make_bad_files (fixture);
  ressenti_test_set_language ("fr");

  assert_refused (fixture, missing, RESSENTI_IMPORT_ERROR_NOT_FOUND, "« absent.wav » n’existe pas.");
  assert_refused (fixture, empty, RESSENTI_IMPORT_ERROR_EMPTY, "« empty.wav » est vide (0 octet).");
  assert_refused (fixture, text, RESSENTI_IMPORT_ERROR_UNSUPPORTED,
                  "« notes.wav » n’est pas dans un format audio que Ressenti sait lire.");
  assert_refused (fixture, png, RESSENTI_IMPORT_ERROR_NO_AUDIO, "« picture.wav » ne contient pas de son.");
  assert_refused (fixture, fifo, RESSENTI_IMPORT_ERROR_UNSUPPORTED, "« pipe.wav » n’est pas un fichier ordinaire.");
  assert_refused (fixture, huge, RESSENTI_IMPORT_ERROR_TOO_LARGE,
                  "« huge.wav » est trop volumineux (5,4\u00a0Go) : Ressenti importe des appels de 4,3\u00a0Go au plus.");
  assert_refused (fixture, cut, RESSENTI_IMPORT_ERROR_TRUNCATED,
                  "« cut.wav » est incomplet : il devrait contenir 1 minute 14 de son mais n’en contient que 30 secondes. "
                  "Il a sans doute été coupé pendant une copie.");
}

static void
test_truncated_and_damaged_codecs (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autofree char *mp3 = ressenti_test_demo_file ("demo-1.mp3");
  g_autofree char *opus = ressenti_test_demo_file ("demo-1.opus");
  g_autofree char *cut_mp3 = scratch_path (fixture, "cut.mp3");
  g_autofree char *cut_opus = scratch_path (fixture, "cut.opus");
  g_autofree char *contents = NULL;
  const char *paths[] = { cut_mp3, NULL };
  gsize length = 0;

  g_assert_true (g_file_get_contents (mp3, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cut_mp3, contents, length / 2, NULL));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (opus, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cut_opus, contents, length / 2, NULL));

  {
    g_autoptr(RessentiImportReport) report = import_paths (fixture, paths, NULL);
    RessentiImportItem *item = g_ptr_array_index (report->items, 0);

    /* The MP3's LAME header gives its length: half of it is missing. */
    g_assert_error (item->error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_TRUNCATED);
    g_assert_true (g_str_has_prefix (item->error->message,
                                     "“cut.mp3” is incomplete: it should hold 1 minute 14 of audio but holds only "));
  }
  g_assert_cmpuint (count_recordings (fixture), ==, 0);
  g_assert_cmpuint (count_audio_files (fixture), ==, 0);

  /* An Ogg file cut in the middle of a page: whatever GStreamer makes of
   * it, it is refused or it is imported whole with the audio that is
   * there, never half-stored. */
  paths[0] = cut_opus;
  {
    g_autoptr(RessentiImportReport) report = import_paths (fixture, paths, NULL);
    RessentiImportItem *item = g_ptr_array_index (report->items, 0);

    if (item->error != NULL)
      g_assert_cmpuint (count_audio_files (fixture), ==, 0);
    else
      {
        g_assert_cmpint (ressenti_recording_get_duration_ms (item->recording), <, 40000);
        g_assert_cmpuint (count_audio_files (fixture), ==, 1);
      }
  }
}

static void
test_import_demo_calls (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *one = ressenti_test_demo_file ("demo-1.wav");
  g_autofree char *two = ressenti_test_demo_file ("demo-2.wav");
  g_autofree char *three = ressenti_test_demo_file ("demo-3.wav");
  g_autofree char *csv = ressenti_test_demo_file ("demo-calls.csv");
  const char *paths[] = { one, two, three, NULL };
  g_autoptr(RessentiImportReport) report = import_paths (fixture, paths, csv);
  g_autoptr(RessentiImportReport) again = NULL;
  g_autofree char *summary = ressenti_import_report_describe (report);
  g_autofree char *summary_again = NULL;
  RessentiRecording *first;

  g_assert_cmpuint (report->n_imported, ==, 3);
  g_assert_cmpuint (report->n_failed, ==, 0);
  g_assert_cmpstr (summary, ==, "Imported 3 calls.");

  first = ((RessentiImportItem *) g_ptr_array_index (report->items, 0))->recording;
  g_assert_cmpstr (ressenti_recording_get_agent (first), ==, "A-17");
  g_assert_cmpstr (ressenti_recording_get_service (first), ==, "Cotisations");
  g_assert_cmpint (ressenti_recording_get_layout (first), ==, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  g_assert_cmpuint (ressenti_recording_get_channels (first), ==, 2);
  g_assert_cmpuint (ressenti_recording_get_sample_rate (first), ==, 16000);
  g_assert_cmpint (ressenti_recording_get_duration_ms (first), >=, 74000);
  g_assert_cmpint (ressenti_recording_get_duration_ms (first), <=, 75500);
  g_assert_cmpint (ressenti_recording_get_layout (((RessentiImportItem *) g_ptr_array_index (report->items, 2))->recording),
                   ==, RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT);
  g_assert_cmpint (ressenti_store_count_access (fixture->store, ressenti_recording_get_id (first),
                                                RESSENTI_ACCESS_IMPORT, NULL), ==, 1);

  /* The same files again: one recording each, nothing copied twice. */
  again = import_paths (fixture, paths, csv);
  summary_again = ressenti_import_report_describe (again);
  g_assert_cmpuint (again->n_imported, ==, 0);
  g_assert_cmpuint (again->n_already_present, ==, 3);
  g_assert_cmpstr (summary_again, ==, "3 calls were already in the library.");
  g_assert_cmpuint (count_recordings (fixture), ==, 3);
  g_assert_cmpuint (count_audio_files (fixture), ==, 3);
}

static void
test_codecs (Fixture       *fixture,
             gconstpointer  user_data)
{
  const char *names[] = { "demo-1-alaw.wav", "demo-1.mp3", "demo-1.opus" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = ressenti_test_demo_file (names[i]);
      const char *paths[] = { path, NULL };
      g_autoptr(RessentiImportReport) report = import_paths (fixture, paths, NULL);
      RessentiImportItem *item = g_ptr_array_index (report->items, 0);

      g_assert_no_error (item->error);
      g_assert_cmpuint (ressenti_recording_get_channels (item->recording), ==, 2);
      /* No metadata: a stereo call's layout is unknown until the user says. */
      g_assert_cmpint (ressenti_recording_get_layout (item->recording), ==, RESSENTI_CHANNEL_LAYOUT_UNKNOWN);
      g_assert_cmpint (ABS (ressenti_recording_get_duration_ms (item->recording) - 74890), <, 200);
      g_assert_nonnull (ressenti_recording_get_codec (item->recording));
    }
  g_assert_cmpuint (count_recordings (fixture), ==, 3);
}

static void
test_folder_with_sidecar (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *demo = ressenti_test_demo_file ("demo-2.wav");
  g_autofree char *folder = scratch_path (fixture, "export");
  g_autofree char *nested = g_build_filename (folder, "mars", NULL);
  g_autofree char *wav = g_build_filename (nested, "appel-2026-03-20_0915.wav", NULL);
  g_autofree char *csv = g_build_filename (nested, "export.csv", NULL);
  const char *paths[] = { folder, NULL };
  g_autoptr(RessentiImportReport) report = NULL;
  RessentiRecording *recording;

  g_assert_cmpint (g_mkdir_with_parents (nested, 0700), ==, 0);
  copy_file (demo, wav, G_MAXSIZE);
  g_assert_true (g_file_set_contents (csv,
                                      "file;agent;service;customer;layout;phone\n"
                                      "appel-2026-03-20_0915.wav;A-40;Prestations;C-9;agent-left;0612345678\n",
                                      -1, NULL));

  report = import_paths (fixture, paths, NULL);
  g_assert_cmpuint (report->n_imported, ==, 1);
  g_assert_cmpuint (report->items->len, ==, 1);
  recording = ((RessentiImportItem *) g_ptr_array_index (report->items, 0))->recording;
  g_assert_cmpstr (ressenti_recording_get_agent (recording), ==, "A-40");
  g_assert_cmpstr (ressenti_recording_get_customer (recording), ==, "C-9");
  g_assert_cmpint (ressenti_recording_get_layout (recording), ==, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  /* The date came from the file name. */
  g_assert_cmpint (g_date_time_get_day_of_month (ressenti_recording_get_call_date (recording)), ==, 20);
  g_assert_cmpint (g_date_time_get_hour (ressenti_recording_get_call_date (recording)), ==, 9);
}

static void
test_malformed_sidecar (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *demo = ressenti_test_demo_file ("demo-2.wav");
  g_autofree char *wav = scratch_path (fixture, "call.wav");
  g_autofree char *csv = scratch_path (fixture, "calls.csv");
  const char *paths[] = { fixture->dir, NULL };
  g_autoptr(RessentiImportReport) report = NULL;
  RessentiImportItem *item;

  copy_file (demo, wav, G_MAXSIZE);
  g_assert_true (g_file_set_contents (csv, "file,date\ncall.wav,31/02/2026\n", -1, NULL));

  report = import_paths (fixture, paths, NULL);
  g_assert_cmpuint (report->n_failed, ==, 1);
  item = g_ptr_array_index (report->items, 0);
  g_assert_error (item->error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_METADATA);
  g_assert_cmpstr (item->error->message, ==,
                   "The metadata file “calls.csv” is malformed at line 2: “31/02/2026” is not a date (write 2026-03-12 or 2026-03-12 10:30).");
  g_assert_cmpuint (count_recordings (fixture), ==, 0);
}

static void
test_mixed_report (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *demo = ressenti_test_demo_file ("demo-3.wav");
  g_autofree char *other = ressenti_test_demo_file ("demo-2.wav");
  g_autofree char *empty = scratch_path (fixture, "empty.wav");
  const char *paths[] = { demo, empty, NULL };
  const char *french_paths[] = { other, empty, NULL };
  g_autoptr(RessentiImportReport) report = NULL;
  g_autoptr(RessentiImportReport) french_report = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *french = NULL;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  report = import_paths (fixture, paths, NULL);
  summary = ressenti_import_report_describe (report);
  g_assert_cmpstr (summary, ==, "Imported 1 call. 1 file could not be imported: “empty.wav” is empty (0 bytes).");

  ressenti_test_set_language ("fr");
  french_report = import_paths (fixture, french_paths, NULL);
  french = ressenti_import_report_describe (french_report);
  g_assert_cmpstr (french, ==, "1 appel importé. 1 fichier n’a pas pu être importé : « empty.wav » est vide (0 octet).");
}

static void
cancel_on_first_item_cb (RessentiImporter   *importer,
                         RessentiImportItem *item,
                         GCancellable       *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *one = ressenti_test_demo_file ("demo-1.wav");
  g_autofree char *two = ressenti_test_demo_file ("demo-2.wav");
  const char *paths[] = { one, two, NULL };
  g_autoptr(RessentiImporter) importer = ressenti_importer_new (fixture->store);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RessentiImportReport) report = NULL;
  g_autofree char *summary = NULL;

  g_signal_connect (importer, "item-done", G_CALLBACK (cancel_on_first_item_cb), cancellable);
  report = ressenti_importer_import (importer, paths, cancellable);
  summary = ressenti_import_report_describe (report);
  g_assert_true (report->cancelled);
  g_assert_cmpuint (report->n_imported, ==, 1);
  g_assert_cmpstr (summary, ==, "Import cancelled after 1 call.");
  /* What was imported before the cancel stays. */
  g_assert_cmpuint (count_recordings (fixture), ==, 1);
  g_assert_cmpuint (count_audio_files (fixture), ==, 1);
}

/* The command line ------------------------------------------------------- */

static int
run_cli (const char * const *argv,
         char              **out,
         char              **err)
{
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *exe = g_getenv ("RESSENTI_EXE");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_assert_nonnull (exe);
  g_ptr_array_add (args, (gpointer) exe);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autofree char *one = ressenti_test_demo_file ("demo-1.wav");
  g_autofree char *empty = scratch_path (fixture, "empty.wav");
  g_autofree char *library = g_build_filename (fixture->dir, "cli-library", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  const char *good[] = { "import", "--library", library, one, NULL };
  const char *bad[] = { "import", "--library", library, one, empty, NULL };
  const char *none[] = { "import", NULL };

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));

  g_assert_cmpint (run_cli (good, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, one));
  g_assert_nonnull (strstr (out, ": imported as "));
  g_assert_nonnull (strstr (err, "Imported 1 call."));

  /* Any failure makes the exit status non-zero; one line per file. */
  g_assert_cmpint (run_cli (bad, &out2, &err2), ==, 1);
  g_assert_nonnull (strstr (out2, ": already in the library as "));
  g_assert_nonnull (strstr (err2, "“empty.wav” is empty (0 bytes)."));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (none, &out, &err), ==, 2);
}

static void
check_library_consistent (const char *library)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = ressenti_store_open (library, &error);
  g_autoptr(GPtrArray) recordings = NULL;
  g_autofree char *db_path = g_build_filename (library, "library.db", NULL);
  g_autoptr(GDir) dir = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *name;
  guint n_files = 0;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  recordings = ressenti_store_list_recordings (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < recordings->len; i++)
    {
      RessentiRecording *recording = g_ptr_array_index (recordings, i);
      g_autofree char *path = ressenti_store_get_audio_path (store, recording);
      g_autofree char *contents = NULL;
      g_autofree char *hash = NULL;
      gsize length;

      /* A whole recording: its file is there and is the file imported. */
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
      g_assert_cmpstr (hash, ==, ressenti_recording_get_content_hash (recording));
    }

  /* No staged copy and no orphan file after reopening. */
  dir = g_dir_open (ressenti_store_get_audio_dir (store), 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_prefix (name, ".staging"));
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, recordings->len);
}

static void
test_cli_killed (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *library = g_build_filename (fixture->dir, "killed-library", NULL);
  const char *demos[] = { "demo-1.wav", "demo-2.wav", "demo-3.wav", "demo-1-alaw.wav", "demo-1.mp3", "demo-1.opus" };
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *exe = g_getenv ("RESSENTI_EXE");
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  g_ptr_array_add (argv, g_strdup (exe));
  g_ptr_array_add (argv, g_strdup ("import"));
  g_ptr_array_add (argv, g_strdup ("--library"));
  g_ptr_array_add (argv, g_strdup (library));
  for (guint i = 0; i < G_N_ELEMENTS (demos); i++)
    {
      g_autofree char *demo = ressenti_test_demo_file (demos[i]);

      /* Slightly different copies, so every round has new files to add. */
      for (guint round = 0; round < 4; round++)
        {
          g_autofree char *name = g_strdup_printf ("r%u-%s", round, demos[i]);
          g_autofree char *copy = scratch_path (fixture, name);
          g_autofree char *contents = NULL;
          gsize length;

          g_assert_true (g_file_get_contents (demo, &contents, &length, NULL));
          g_assert_true (g_file_set_contents (copy, contents, length, NULL));
          /* Flip one byte deep in the audio data. */
          contents[length - 1000 - round] ^= 0x01;
          g_assert_true (g_file_set_contents (copy, contents, length, NULL));
          g_ptr_array_add (argv, g_steal_pointer (&copy));
        }
    }
  g_ptr_array_add (argv, NULL);

  for (guint attempt = 0; attempt < 6; attempt++)
    {
      g_autoptr(GError) error = NULL;
      GPid pid;
      int status;

      g_spawn_async (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &pid, &error);
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 150, 900) * 1000);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);

      if (g_file_test (library, G_FILE_TEST_IS_DIR))
        check_library_consistent (library);
    }
}

/* A file the user may not read. As root nothing is unreadable, so the
 * import runs as "nobody" (setpriv) on a file only root may read. */
static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *demo = ressenti_test_demo_file ("demo-1.opus");
  g_autofree char *secret = scratch_path (fixture, "secret.opus");
  g_autofree char *shared = scratch_path (fixture, "shared");
  g_autofree char *library = g_build_filename (shared, "library", NULL);
  g_autofree char *exe_copy = g_build_filename (shared, "ressenti", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *exe = g_getenv ("RESSENTI_EXE");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  /* GLib ≥ 2.80 gives each isolated test a private (0700) temporary
   * folder: let "nobody" through it (never /tmp itself). */
  if (!g_str_equal (g_get_tmp_dir (), "/tmp"))
    g_chmod (g_get_tmp_dir (), 0711);
  copy_file (demo, secret, G_MAXSIZE);
  g_assert_cmpint (g_chmod (secret, 0000), ==, 0);
  g_assert_cmpint (g_mkdir (shared, 0777), ==, 0);
  g_assert_cmpint (g_chmod (shared, 0777), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
  /* The build tree may be out of reach of "nobody": run a copy. */
  copy_file (exe, exe_copy, G_MAXSIZE);
  g_assert_cmpint (g_chmod (exe_copy, 0755), ==, 0);

  if (getuid () == 0)
    {
      g_ptr_array_add (argv, (gpointer) "setpriv");
      g_ptr_array_add (argv, (gpointer) "--reuid=65534");
      g_ptr_array_add (argv, (gpointer) "--regid=65534");
      g_ptr_array_add (argv, (gpointer) "--clear-groups");
    }
  g_ptr_array_add (argv, exe_copy);
  g_ptr_array_add (argv, (gpointer) "import");
  g_ptr_array_add (argv, (gpointer) "--library");
  g_ptr_array_add (argv, library);
  g_ptr_array_add (argv, secret);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) != 1)
    g_error ("expected exit status 1, got %d; stderr: %s", WEXITSTATUS (status), err);
  g_assert_nonnull (strstr (err, "secret.opus: “secret.opus” cannot be read: Permission denied."));
}

/* A full disk: a 2 MB file system in a private mount namespace (unshare
 * works as root and, with a user namespace, as anyone). The first call
 * fits, the second does not; the library keeps the first. */
static void
test_disk_full (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *small = ressenti_test_demo_file ("demo-1.opus");
  g_autofree char *big = ressenti_test_demo_file ("demo-2.wav");
  g_autofree char *mount_point = scratch_path (fixture, "tiny");
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *exe = g_getenv ("RESSENTI_EXE");
  int status = 0;
  const char *argv[] = { "unshare", "-rm", "sh", "-c", NULL, NULL };

  g_assert_cmpint (g_mkdir (mount_point, 0700), ==, 0);
  script = g_strdup_printf ("set -u; mount -t tmpfs -o size=2m tmpfs '%1$s' || exit 99; "
                            "'%2$s' import --library '%1$s/lib' '%3$s' || exit 10; "
                            "'%2$s' import --library '%1$s/lib' '%4$s'; echo \"big=$?\"; "
                            "'%2$s' import --library '%1$s/lib' '%3$s' || exit 11",
                            mount_point, exe, small, big);
  argv[4] = script;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) != 0)
    g_error ("the disk-full scenario failed (status %d): %s%s", WEXITSTATUS (status), out, err);
  g_assert_nonnull (strstr (out, "big=1"));
  g_assert_nonnull (strstr (err, "The disk that holds the library is full: “demo-2.wav” was not imported. "
                                 "Free some space and import it again."));
  /* The third run found the first call intact. */
  g_assert_nonnull (strstr (out, ": already in the library as "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ressenti_test_init_i18n ();
  ressenti_media_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/import/bad-input/english", test_bad_input_english);
  ADD ("/import/bad-input/french", test_bad_input_french);
  ADD ("/import/bad-input/codecs", test_truncated_and_damaged_codecs);
  ADD ("/import/demo-calls", test_import_demo_calls);
  ADD ("/import/codecs", test_codecs);
  ADD ("/import/folder-with-sidecar", test_folder_with_sidecar);
  ADD ("/import/malformed-sidecar", test_malformed_sidecar);
  ADD ("/import/mixed-report", test_mixed_report);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/cli", test_cli);
  ADD ("/import/cli-killed", test_cli_killed);
  ADD ("/import/unreadable", test_unreadable);
  ADD ("/import/disk-full", test_disk_full);

#undef ADD

  return g_test_run ();
}
