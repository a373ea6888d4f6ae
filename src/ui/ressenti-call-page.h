/* ressenti-call-page.h — one call: its details and its reviews
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ressenti-recording.h"
#include "ressenti-store.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_CALL_PAGE (ressenti_call_page_get_type ())
G_DECLARE_FINAL_TYPE (RessentiCallPage, ressenti_call_page, RESSENTI, CALL_PAGE, GtkWidget)

/* Shows @recording, logs the opening in the access log (in a worker), and
 * loads its reviews. */
void               ressenti_call_page_show          (RessentiCallPage  *self,
                                                     RessentiStore     *store,
                                                     RessentiRecording *recording);
RessentiRecording *ressenti_call_page_get_recording (RessentiCallPage  *self);
/* Puts focus on the page and says which call it is. */
void               ressenti_call_page_focus         (RessentiCallPage  *self);
/* Stops the player, saving the position and the listening time. */
void               ressenti_call_page_close         (RessentiCallPage  *self);

G_END_DECLS
