/* ressenti-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "ressenti-config.h"

char *
ressenti_config_library_dir (const char *override)
{
  const char *env = g_getenv ("RESSENTI_LIBRARY");

  if (override != NULL && *override != '\0')
    return g_canonicalize_filename (override, NULL);
  if (env != NULL && *env != '\0')
    return g_canonicalize_filename (env, NULL);
  return g_build_filename (g_get_user_data_dir (), "ressenti", NULL);
}

const char *
ressenti_config_demo_dir (void)
{
  const char *env = g_getenv ("RESSENTI_DEMO_DIR");

  if (env != NULL && *env != '\0')
    return env;
  return PKGDATADIR "/demo";
}

char *
ressenti_config_demo_metadata (void)
{
  return g_build_filename (ressenti_config_demo_dir (), "demo-calls.csv", NULL);
}

void
ressenti_config_init_i18n (void)
{
  const char *dir = g_getenv ("RESSENTI_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
