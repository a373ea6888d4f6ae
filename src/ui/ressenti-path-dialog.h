/* ressenti-path-dialog.h — import by typing a path, avoiding GTK's file chooser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RESSENTI_TYPE_PATH_DIALOG (ressenti_path_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RessentiPathDialog, ressenti_path_dialog, RESSENTI, PATH_DIALOG, AdwWindow)

RessentiPathDialog *ressenti_path_dialog_new (GtkWindow *parent);

G_END_DECLS
