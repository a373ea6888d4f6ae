/* ressenti-announcer-log.h — an announcer backend that writes messages down
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by the tests: it keeps every message it is given and, when made with
 * a file name, appends one line per message to that file
 * ("category<TAB>priority<TAB>text"), flushed at once, so a test driving the
 * real application can read what it announced.
 */
#pragma once

#include "ressenti-announcer-backend.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_ANNOUNCER_LOG (ressenti_announcer_log_get_type ())
G_DECLARE_FINAL_TYPE (RessentiAnnouncerLog, ressenti_announcer_log, RESSENTI, ANNOUNCER_LOG, GObject)

RessentiAnnouncerLog *ressenti_announcer_log_new      (const char           *file_name);
/* RessentiAnnouncement*, oldest first. */
GPtrArray            *ressenti_announcer_log_get_messages (RessentiAnnouncerLog *self);
/* The last message's text, or NULL. */
const char           *ressenti_announcer_log_get_last_text (RessentiAnnouncerLog *self);
void                  ressenti_announcer_log_clear     (RessentiAnnouncerLog *self);

G_END_DECLS
