/* ressenti-announcer.h — the one way the app makes itself heard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything the user must hear (results of actions, errors, counts,
 * progress) goes through ressenti_announcer_announce(). The announcer filters
 * by the user's verbosity, keeps a history of the last messages, and hands
 * each message to its backends: the screen reader (src/ui), the test log
 * (RessentiAnnouncerLog), the dedicated voice (RessentiVoice) and the
 * earcons (RessentiEarcons). With no backend ("off") nothing is spoken,
 * but the history is still kept.
 */
#pragma once

#include <gio/gio.h>

#include "ressenti-announcer-backend.h"

G_BEGIN_DECLS

#define RESSENTI_ANNOUNCER_HISTORY_LENGTH 50

#define RESSENTI_TYPE_ANNOUNCER (ressenti_announcer_get_type ())
G_DECLARE_FINAL_TYPE (RessentiAnnouncer, ressenti_announcer, RESSENTI, ANNOUNCER, GObject)

RessentiAnnouncer *ressenti_announcer_new            (void);
void               ressenti_announcer_add_backend    (RessentiAnnouncer        *self,
                                                      RessentiAnnouncerBackend *backend);
void               ressenti_announcer_remove_backend (RessentiAnnouncer        *self,
                                                      RessentiAnnouncerBackend *backend);
void               ressenti_announcer_remove_all_backends (RessentiAnnouncer   *self);
RessentiVerbosity  ressenti_announcer_get_verbosity  (RessentiAnnouncer        *self);
void               ressenti_announcer_set_verbosity  (RessentiAnnouncer        *self,
                                                      RessentiVerbosity         verbosity);
/* Speaks @text if @verbosity is not above the user's setting. Returns TRUE
 * if the message was passed on. Safe to call from any thread: messages from
 * other threads are handed to the main context. */
gboolean           ressenti_announcer_announce       (RessentiAnnouncer        *self,
                                                      const char               *text,
                                                      RessentiAnnouncePriority  priority,
                                                      RessentiVerbosity         verbosity,
                                                      RessentiAnnounceCategory  category);
/* Shorthand for an error: interrupting, spoken at every verbosity. */
void               ressenti_announcer_error          (RessentiAnnouncer        *self,
                                                      const char               *text);
/* The spoken messages, oldest first (RessentiAnnouncement*), at most
 * RESSENTI_ANNOUNCER_HISTORY_LENGTH. */
GPtrArray         *ressenti_announcer_get_history    (RessentiAnnouncer        *self);

G_END_DECLS
