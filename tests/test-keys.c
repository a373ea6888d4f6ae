/* test-keys.c — the README's keyboard map matches the app's own key list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "ressenti-keys.h"
#include "ressenti-test-util.h"

static void
test_readme_lists_every_key (void)
{
  g_autofree char *readme_path = g_build_filename (SRCDIR, "README.md", NULL);
  g_autofree char *readme = NULL;

  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, NULL));
  for (const RessentiKey *key = ressenti_keys_get (); key->keys != NULL; key++)
    {
      g_autofree char *row = g_strdup_printf ("| %s | %s | %s |", key->keys, key->where, key->description);

      if (strstr (readme, row) == NULL)
        g_error ("README.md has no keyboard-map row “%s”", row);
    }
}

/* Key names are translated when shown or spoken; letters, digits and
 * function keys stay. */
static void
test_translate (void)
{
  g_autofree char *en = NULL;
  g_autofree char *fr = NULL;
  g_autofree char *fr_list = NULL;

  ressenti_test_set_language ("en");
  en = ressenti_keys_translate ("Ctrl+Shift+Z");
  g_assert_cmpstr (en, ==, "Ctrl+Shift+Z");
  ressenti_test_set_language ("fr");
  fr = ressenti_keys_translate ("Shift+I");
  g_assert_cmpstr (fr, ==, "Maj+I");
  fr_list = ressenti_keys_translate ("Up, Down, Delete, F2, 1 … 9");
  g_assert_cmpstr (fr_list, ==, "Haut, Bas, Suppr, F2, 1 … 9");
  ressenti_test_set_language ("en");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ressenti_test_init_i18n ();
  g_test_add_func ("/keys/readme", test_readme_lists_every_key);
  g_test_add_func ("/keys/translate", test_translate);
  return g_test_run ();
}
