/* test-keys.c — the README's keyboard map matches the app's own key list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "ressenti-keys.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keys/readme", test_readme_lists_every_key);
  return g_test_run ();
}
