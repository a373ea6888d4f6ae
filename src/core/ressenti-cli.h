/* ressenti-cli.h — the command-line side: `ressenti import PATH…`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when @argv asks for a command rather than the window. */
gboolean ressenti_cli_is_command (int    argc,
                                  char **argv);
/* Runs the command; returns the process exit status. */
int      ressenti_cli_run        (int    argc,
                                  char **argv);

G_END_DECLS
