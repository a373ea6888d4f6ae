/* ressenti-markers-window.h — the list of my markers in this call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ressenti-marker-editor.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_MARKERS_WINDOW (ressenti_markers_window_get_type ())
G_DECLARE_FINAL_TYPE (RessentiMarkersWindow, ressenti_markers_window, RESSENTI, MARKERS_WINDOW, AdwWindow)

/* One row per marker of @editor's review, in time order, each a sentence
 * ("2 minutes 13, customer, frustration, strong — “…”"). Enter emits
 * ::play-marker (the marker's id); Delete, F2 and Ctrl+Z act through
 * @editor; its buttons import and export the markers
 * (RessentiExchangeDialog; @media_name names the call's audio in the
 * exported files). A GtkListView, so 10,000 markers cost no more than a screen. */
RessentiMarkersWindow *ressenti_markers_window_new (GtkWindow            *parent,
                                                    RessentiMarkerEditor *editor,
                                                    const char           *media_name,
                                                    gint64                duration_ms);

G_END_DECLS
