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

/* GtkListView rows that are one sentence: the factory's "setup" gives the
 * list item a wrapping label; "bind" sets the sentence, which is also the
 * row's accessible label (GTK 4.8 has no gtk_list_item_set_accessible_label:
 * the label goes on the row widget, the parent of the child, which Orca 43
 * then speaks whole). */
void        ressenti_list_item_setup_label   (GtkSignalListItemFactory *factory,
                                              GtkListItem              *list_item);
void        ressenti_list_item_set_sentence  (GtkListItem              *list_item,
                                              const char               *sentence);

G_END_DECLS
