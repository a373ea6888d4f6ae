/* ressenti-list-window.h — the skeleton of a window that is one list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key list and the message history are both a titled window holding a
 * boxed, labelled GtkListBox that Escape closes: Orca reads such a list
 * row by row, unlike GtkShortcutsWindow or a text view.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Fills @window (an AdwWindow being initialised) and returns its list, to
 * which the caller appends rows. The list's accessible label is @title. */
GtkListBox *ressenti_list_window_setup (AdwWindow  *window,
                                        const char *title);

G_END_DECLS
