/* ressenti-keys.h — the one list of the app's keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keys window and the README's keyboard map are both checked against
 * this table (tests/test-keys.c), so they cannot drift apart.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *keys;         /* as written for people: "Ctrl+Shift+O" */
  const char *where;        /* untranslated context: "Everywhere", "Library", … */
  const char *description;  /* untranslated (N_): translate it to show it */
  const char *action;       /* the widget action it activates, or NULL */
} RessentiKey;

/* A NULL-terminated table (the last entry's keys are NULL). */
const RessentiKey *ressenti_keys_get (void);
/* The entry of the key table for @action ("player.toggle"), or NULL. */
const RessentiKey *ressenti_keys_find_action (const char *action);

/* @written ("Shift+I", "Up, Down") as written for people in the user's
 * language: each key name translated ("Maj+I" in French), letters,
 * digits, function keys and separators kept. */
char              *ressenti_keys_translate   (const char *written);

G_END_DECLS
