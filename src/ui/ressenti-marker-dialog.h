/* ressenti-marker-dialog.h — every detail of one marker, to change it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ressenti-marker.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_MARKER_DIALOG (ressenti_marker_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RessentiMarkerDialog, ressenti_marker_dialog, RESSENTI, MARKER_DIALOG, AdwWindow)

/* Side, entry (those the side accepts), intensity, start, end and text of
 * @marker. Saving emits ::marker-edited (a RessentiMarker with @marker's
 * id) and closes; a wrong time or text is said, and the dialog stays.
 * With @text_first the focus starts in the text. */
RessentiMarkerDialog *ressenti_marker_dialog_new (GtkWindow            *parent,
                                                  const RessentiMarker *marker,
                                                  RessentiVocabulary   *vocabulary,
                                                  gint64                duration_ms,
                                                  gboolean              text_first);

G_END_DECLS
