/* ressenti-preferences-window.h — how the app speaks, sounds and moves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ressenti-store.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_PREFERENCES_WINDOW (ressenti_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RessentiPreferencesWindow, ressenti_preferences_window, RESSENTI, PREFERENCES_WINDOW, AdwWindow)

/* @store: the open library, or NULL while it is being opened (the
 * vocabulary group then says that the library is not open yet). */
RessentiPreferencesWindow *ressenti_preferences_window_new (GtkWindow     *parent,
                                                            GSettings     *settings,
                                                            RessentiStore *store);

G_END_DECLS
