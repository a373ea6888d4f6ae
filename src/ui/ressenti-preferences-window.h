/* ressenti-preferences-window.h — how the app speaks, sounds and moves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RESSENTI_TYPE_PREFERENCES_WINDOW (ressenti_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RessentiPreferencesWindow, ressenti_preferences_window, RESSENTI, PREFERENCES_WINDOW, AdwWindow)

RessentiPreferencesWindow *ressenti_preferences_window_new (GtkWindow *parent,
                                                            GSettings *settings);

G_END_DECLS
