/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-application.h"
#include "ressenti-cli.h"
#include "ressenti-config.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RessentiApplication) app = NULL;

  ressenti_config_init_i18n ();
  g_set_prgname ("ressenti");

  /* Commands such as `ressenti import` need no display. */
  if (ressenti_cli_is_command (argc, argv))
    return ressenti_cli_run (argc, argv);

  app = ressenti_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
