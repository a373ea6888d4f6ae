/* ressenti-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ressenti-application.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_WINDOW (ressenti_window_get_type ())
G_DECLARE_FINAL_TYPE (RessentiWindow, ressenti_window, RESSENTI, WINDOW, AdwApplicationWindow)

RessentiWindow *ressenti_window_new    (RessentiApplication *application,
                                        GSettings           *settings);
/* Imports files and folders; @metadata_file may be NULL. */
void            ressenti_window_import (RessentiWindow      *self,
                                        const char * const  *paths,
                                        const char          *metadata_file);
/* The library, or NULL until it is open (it opens in a worker at start). */
RessentiStore  *ressenti_window_get_store (RessentiWindow   *self);

G_END_DECLS
