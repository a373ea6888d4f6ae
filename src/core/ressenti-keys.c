/* ressenti-keys.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ressenti-keys.h"

static const RessentiKey keys[] = {
  { "Ctrl+O", N_("Everywhere"), N_("Import files…") },
  { "Ctrl+Shift+O", N_("Everywhere"), N_("Import from a typed path…") },
  { "Ctrl+F", N_("Everywhere"), N_("Search calls") },
  { "Ctrl+?", N_("Everywhere"), N_("Keyboard shortcuts") },
  { "F1", N_("Everywhere"), N_("Help") },
  { "F10", N_("Everywhere"), N_("Main menu") },
  { "Ctrl+Q", N_("Everywhere"), N_("Quit") },
  { "Enter", N_("Search field"), N_("Go to the list of calls") },
  { "Up, Down", N_("List of calls"), N_("Move from call to call") },
  { "Enter", N_("List of calls"), N_("Open the call") },
  { "Delete", N_("List of calls"), N_("Delete the call, after confirmation") },
  { "Escape", N_("Call"), N_("Back to the library") },
  { "Alt+Left", N_("Call"), N_("Back to the library") },
  { "Escape", N_("Dialogs"), N_("Close without doing anything") },
  { NULL, NULL, NULL }
};

const RessentiKey *
ressenti_keys_get (void)
{
  return keys;
}
