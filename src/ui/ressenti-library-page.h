/* ressenti-library-page.h — the list of calls, with search and filters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ressenti-store.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_LIBRARY_PAGE (ressenti_library_page_get_type ())
G_DECLARE_FINAL_TYPE (RessentiLibraryPage, ressenti_library_page, RESSENTI, LIBRARY_PAGE, GtkWidget)

void     ressenti_library_page_set_store    (RessentiLibraryPage *self,
                                             RessentiStore       *store);
/* Reloads the calls from the store (in a worker); @then runs on the main
 * thread once the list shows them. */
void     ressenti_library_page_reload       (RessentiLibraryPage *self,
                                             GCallback            then,
                                             gpointer             then_data);
gboolean ressenti_library_page_is_empty     (RessentiLibraryPage *self);
guint    ressenti_library_page_get_n_shown  (RessentiLibraryPage *self);
void     ressenti_library_page_focus        (RessentiLibraryPage *self);
void     ressenti_library_page_focus_search (RessentiLibraryPage *self);

G_END_DECLS
