/* ressenti-screen-reader.h — the announcer backend that speaks through Orca
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ressenti-announcer-backend.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_SCREEN_READER (ressenti_screen_reader_get_type ())
G_DECLARE_FINAL_TYPE (RessentiScreenReader, ressenti_screen_reader, RESSENTI, SCREEN_READER, GObject)

RessentiScreenReader *ressenti_screen_reader_new (GtkApplication *application);

G_END_DECLS
