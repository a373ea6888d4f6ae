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

/* Attributes what the store does from now on to @login instead of the OS
 * user, so that one test can play two listeners. Call it before the store
 * is shared with other threads. */
void ressenti_store_set_current_user_for_testing (RessentiStore *self,
                                                  const char    *login);

/* Makes the open connection refuse every write (SQLite's query_only), as
 * a library whose file cannot be written any more would: the tests check
 * the errors of writes without a read-only file system. */
void ressenti_store_refuse_writes_for_testing (RessentiStore *self);

G_END_DECLS
