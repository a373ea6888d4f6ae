/* ressenti-keys-window.h — the app's keys as an accessible list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkShortcutsWindow exposes unnamed objects to screen readers on GTK 4.8;
 * this window is a plain list whose rows Orca reads as sentences.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RESSENTI_TYPE_KEYS_WINDOW (ressenti_keys_window_get_type ())
G_DECLARE_FINAL_TYPE (RessentiKeysWindow, ressenti_keys_window, RESSENTI, KEYS_WINDOW, AdwWindow)

RessentiKeysWindow *ressenti_keys_window_new (GtkWindow *parent);

G_END_DECLS
