/* ressenti-keys.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ressenti-keys.h"

static const RessentiKey keys[] = {
  { "Ctrl+O", N_("Everywhere"), N_("Import files…"), NULL },
  { "Ctrl+Shift+O", N_("Everywhere"), N_("Import from a typed path…"), NULL },
  { "Ctrl+F", N_("Everywhere"), N_("Search calls"), NULL },
  { "Ctrl+H", N_("Everywhere"), N_("Messages spoken recently"), NULL },
  { "Ctrl+,", N_("Everywhere"), N_("Preferences"), NULL },
  { "Ctrl+?", N_("Everywhere"), N_("Keyboard shortcuts"), NULL },
  { "F1", N_("Everywhere"), N_("Help"), NULL },
  { "F10", N_("Everywhere"), N_("Main menu"), NULL },
  { "Ctrl+Q", N_("Everywhere"), N_("Quit"), NULL },
  { "Enter", N_("Search field"), N_("Go to the list of calls"), NULL },
  { "Up, Down", N_("List of calls"), N_("Move from call to call"), NULL },
  { "Enter", N_("List of calls"), N_("Open the call"), NULL },
  { "Delete", N_("List of calls"), N_("Delete the call, after confirmation"), NULL },
  { "Escape", N_("Call"), N_("Back to the library"), NULL },
  { "Alt+Left", N_("Call"), N_("Back to the library"), NULL },
  { "Space", N_("Player"), N_("Play or pause"), "player.toggle" },
  { "Right", N_("Player"), N_("Next, by the chosen unit"), "player.next" },
  { "Left", N_("Player"), N_("Previous, by the chosen unit"), "player.previous" },
  { "Down", N_("Player"), N_("Choose the next unit: speaker turn, pause, 10 seconds, 1 minute"), "player.unit-next" },
  { "Up", N_("Player"), N_("Choose the previous unit"), "player.unit-previous" },
  { "Shift+Right", N_("Player"), N_("Forward by the short step"), "player.forward" },
  { "Shift+Left", N_("Player"), N_("Back by the short step"), "player.back" },
  { "Ctrl+Right", N_("Player"), N_("Forward by the long step"), "player.forward-long" },
  { "Ctrl+Left", N_("Player"), N_("Back by the long step"), "player.back-long" },
  { "Home", N_("Player"), N_("Go to the start"), "player.start" },
  { "End", N_("Player"), N_("Go to the end"), "player.end" },
  { "Ctrl+G", N_("Player"), N_("Go to a time…"), "player.go-to" },
  { "W", N_("Player"), N_("Where am I; twice: percentage and time left"), "player.where" },
  { "R", N_("Player"), N_("Replay the last seconds"), "player.replay" },
  { "C", N_("Player"), N_("Side heard: both, customer only, agent only"), "player.side" },
  { "Plus", N_("Player"), N_("Faster"), "player.faster" },
  { "Minus", N_("Player"), N_("Slower"), "player.slower" },
  { "Backspace", N_("Player"), N_("Normal speed"), "player.normal-speed" },
  { "Ctrl+Up", N_("Player"), N_("Louder"), "player.louder" },
  { "Ctrl+Down", N_("Player"), N_("Quieter"), "player.quieter" },
  { "A", N_("Player"), N_("Loop start here"), "player.loop-start" },
  { "B", N_("Player"), N_("Loop end here, and loop"), "player.loop-end" },
  { "L", N_("Player"), N_("Stop looping"), "player.loop-clear" },
  { "Shift+F1", N_("Player"), N_("Key describer on or off: keys say what they do"), "player.describe-keys" },
  { "Escape", N_("Dialogs"), N_("Close without doing anything"), NULL },
  { NULL, NULL, NULL, NULL }
};

const RessentiKey *
ressenti_keys_get (void)
{
  return keys;
}

const RessentiKey *
ressenti_keys_find_action (const char *action)
{
  g_return_val_if_fail (action != NULL, NULL);

  for (const RessentiKey *key = keys; key->keys != NULL; key++)
    if (g_strcmp0 (key->action, action) == 0)
      return key;
  return NULL;
}
