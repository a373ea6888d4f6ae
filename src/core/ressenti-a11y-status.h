/* ressenti-a11y-status.h — is a screen reader running?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The accessibility bus launcher publishes org.a11y.Status
 * ScreenReaderEnabled on the session bus (GNOME sets it when the user turns
 * the screen reader on). The "auto" announcer setting reads it to choose a
 * default: the screen reader when one runs, the app's own voice otherwise.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Asks without blocking. No accessibility bus, or no answer within a
 * second, counts as "not running" (with the reason in @error). */
void     ressenti_a11y_screen_reader_enabled_async  (GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean ressenti_a11y_screen_reader_enabled_finish (GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
