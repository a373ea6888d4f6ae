/* ressenti-time-dialog.h — "Go to a time": a typed position in the call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RESSENTI_TYPE_TIME_DIALOG (ressenti_time_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RessentiTimeDialog, ressenti_time_dialog, RESSENTI, TIME_DIALOG, AdwWindow)

/* Emits ::time-chosen (gint64 milliseconds) and closes when a valid time
 * is typed; says what is wrong otherwise, and stays open. */
RessentiTimeDialog *ressenti_time_dialog_new (GtkWindow *parent,
                                              gint64     duration_ms);

G_END_DECLS
