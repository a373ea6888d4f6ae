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
  { "Alt+Up, Alt+Down", N_("Vocabulary, in Preferences"), N_("Move the entry up, down (and on the digit keys)"), NULL },
  { "Enter", N_("Vocabulary, in Preferences"), N_("Rename or redefine the entry"), NULL },
  { "Space", N_("Player"), N_("Play or pause"), "player.toggle" },
  { "Right", N_("Player"), N_("Next, by the chosen unit"), "player.next" },
  { "Left", N_("Player"), N_("Previous, by the chosen unit"), "player.previous" },
  { "Down", N_("Player"), N_("Choose the next unit: speaker turn, pause, 10 seconds, 1 minute, marker"), "player.unit-next" },
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
  { "1 … 9", N_("Player"), N_("Place a marker: the first nine entries of the vocabulary for the side (digit row, with or without Shift, QWERTY or AZERTY)"), NULL },
  { "M", N_("Player"), N_("Choose a marker from the whole vocabulary…"), "marker.pick" },
  { "S", N_("Player"), N_("Side of new markers: customer, agent (delivery), both"), "marker.side" },
  { "I", N_("Player"), N_("Current marker stronger (mild, moderate, strong, then mild again)"), "marker.stronger" },
  { "Shift+I", N_("Player"), N_("Current marker milder"), "marker.milder" },
  { "T", N_("Player"), N_("Text of the current marker…"), "marker.text" },
  { "E", N_("Player"), N_("End the current marker here: it becomes a span"), "marker.end-span" },
  { "Comma", N_("Player"), N_("Move the current marker earlier by the nudge"), "marker.earlier" },
  { "Period", N_("Player"), N_("Move the current marker later by the nudge"), "marker.later" },
  { "F2", N_("Player"), N_("Change every detail of the current marker…"), "marker.edit" },
  { "D", N_("Player"), N_("Definition of the current marker’s entry"), "marker.define" },
  { "F", N_("Player"), N_("Markers heard and visited: all, customer emotions, agent delivery, customer side, agent side, only the current marker’s entry"), "marker.filter" },
  { "Delete", N_("Player"), N_("Delete the current marker"), "marker.delete" },
  { "Ctrl+Z", N_("Player"), N_("Undo the last change to markers"), "marker.undo" },
  { "Ctrl+Shift+Z", N_("Player"), N_("Redo"), "marker.redo" },
  { "Ctrl+Y", N_("Player"), N_("Redo"), "marker.redo" },
  { "Ctrl+M", N_("Call"), N_("My markers in this call: Enter plays from just before one, F2 changes it, Delete deletes it"), NULL },
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

/* The key names of the table, for the translators (context "keyboard
 * key"): translated when shown or spoken, never in the table itself, which
 * the README's English keyboard map must match. */
static const char * const key_names[] = {
  NC_("keyboard key", "Ctrl"), NC_("keyboard key", "Shift"), NC_("keyboard key", "Alt"),
  NC_("keyboard key", "Space"), NC_("keyboard key", "Right"), NC_("keyboard key", "Left"),
  NC_("keyboard key", "Up"), NC_("keyboard key", "Down"), NC_("keyboard key", "Home"),
  NC_("keyboard key", "End"), NC_("keyboard key", "Backspace"), NC_("keyboard key", "Delete"),
  NC_("keyboard key", "Escape"), NC_("keyboard key", "Enter"), NC_("keyboard key", "Tab"),
  NC_("keyboard key", "Comma"), NC_("keyboard key", "Period"), NC_("keyboard key", "Plus"),
  NC_("keyboard key", "Minus"),
};

static const char *
translate_key_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_names); i++)
    if (g_str_equal (name, key_names[i]))
      return g_dpgettext2 (GETTEXT_PACKAGE, "keyboard key", name);
  return name;
}

char *
ressenti_keys_translate (const char *written)
{
  GString *out = g_string_new (NULL);
  const char *p = written;

  g_return_val_if_fail (written != NULL, NULL);

  while (*p != '\0')
    {
      const char *start = p;
      g_autofree char *word = NULL;

      if (!g_ascii_isalnum (*p))
        {
          g_string_append_c (out, *p++);
          continue;
        }
      while (g_ascii_isalnum (*p))
        p++;
      word = g_strndup (start, p - start);
      g_string_append (out, translate_key_name (word));
    }
  return g_string_free (out, FALSE);
}
