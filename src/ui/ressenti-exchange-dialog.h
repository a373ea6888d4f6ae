/* ressenti-exchange-dialog.h — markers to and from other tools (WebVTT,
 * Audacity labels, CSV, EmotionML)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ressenti-review-session.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_EXCHANGE_DIALOG (ressenti_exchange_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RessentiExchangeDialog, ressenti_exchange_dialog, RESSENTI, EXCHANGE_DIALOG, AdwWindow)

/* Export: a format and a typed path (a file of the user's, mode 0600).
 * Import: a typed path; a file with problems lists them, line by line, and
 * imports nothing unless the user then asks for the markers found; the
 * import is one undoable step, and markers already there are skipped.
 * @media_name names the call's audio in the files that refer to it. */
RessentiExchangeDialog *ressenti_exchange_dialog_new (GtkWindow             *parent,
                                                      RessentiReviewSession *session,
                                                      gboolean               import,
                                                      const char            *media_name,
                                                      gint64                 duration_ms);

G_END_DECLS
