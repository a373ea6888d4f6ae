/* ressenti-history-window.h — the messages the app spoke, to review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A message said while the listener was busy, or cut by the next one, can
 * be read again here: the announcer's last 50 messages, newest first, in
 * an accessible list that grows while it is open.
 */
#pragma once

#include <adwaita.h>

#include "ressenti-announcer.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_HISTORY_WINDOW (ressenti_history_window_get_type ())
G_DECLARE_FINAL_TYPE (RessentiHistoryWindow, ressenti_history_window, RESSENTI, HISTORY_WINDOW, AdwWindow)

RessentiHistoryWindow *ressenti_history_window_new (GtkWindow         *parent,
                                                    RessentiAnnouncer *announcer);

G_END_DECLS
