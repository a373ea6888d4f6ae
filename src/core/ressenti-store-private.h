/* ressenti-store-private.h — hooks of the store for its tests only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ressenti-store.h"

G_BEGIN_DECLS

/* Caps the database at @max_pages pages (SQLite's max_page_count) so that
 * the tests can make the library "full" without filling a real disk. A
 * value of 0 or less caps it at its current size. */
void ressenti_store_limit_pages_for_testing (RessentiStore *self,
                                             int            max_pages);

G_END_DECLS
