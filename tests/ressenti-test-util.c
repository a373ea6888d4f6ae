/* ressenti-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "ressenti-test-util.h"

/* glibc's counter of loaded catalogs: bumping it makes gettext look again
 * after LANGUAGE changes (as the gettext manual recommends). */
extern int _nl_msg_cat_cntr;

char *
ressenti_test_mkdtemp (const char *template_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpl = g_strdup_printf ("%s-XXXXXX", template_name);
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

static void
rmdir_recursive (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          rmdir_recursive (child);
          g_object_unref (info);
        }
    }
  g_file_delete (file, NULL, NULL);
}

void
ressenti_test_rmdir (const char *path)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  /* Give back write permission taken away by permission tests. */
  g_chmod (path, 0700);
  rmdir_recursive (file);
}

char *
ressenti_test_demo_file (const char *name)
{
  const char *dir = g_getenv ("RESSENTI_DEMO_DIR");
  g_autofree char *path = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_error ("demo file %s is missing: build the demo calls first", path);
  return g_steal_pointer (&path);
}

void
ressenti_test_init_i18n (void)
{
  const char *dir = g_getenv ("RESSENTI_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

void
ressenti_test_set_language (const char *language)
{
  const char *locale = g_str_equal (language, "fr") ? "fr_FR.UTF-8" : "en_US.UTF-8";

  if (setlocale (LC_ALL, locale) == NULL)
    g_error ("locale %s is not available: generate it (locale-gen)", locale);
  g_setenv ("LANGUAGE", language, TRUE);
  /* Make gettext forget its cached catalog lookups. */
  ++_nl_msg_cat_cntr;
}

RessentiRecording *
ressenti_test_add_call (RessentiStore *store,
                        const char    *seed)
{
  g_auto(RessentiRecordingDraft) draft = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *staged = ressenti_store_new_staging_path (store);
  RessentiRecording *recording;

  g_assert_true (g_file_set_contents (staged, seed, -1, NULL));
  draft.content_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
  draft.extension = g_strdup ("wav");
  draft.duration_ms = 600000;
  draft.channels = 2;
  draft.sample_rate = 8000;
  recording = ressenti_store_add_recording (store, &draft, staged, NULL, &error);
  g_assert_no_error (error);
  return recording;
}
