/* ressenti-marker-item.h — a marker as an item of a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ressenti-marker.h"

G_BEGIN_DECLS

/* A marker as an item of a GListModel. A changed marker keeps its item:
 * the model that owns it sets the new content (::notify::marker) so that a
 * list view keeps the row, and the screen reader's focus on it. */
#define RESSENTI_TYPE_MARKER_ITEM (ressenti_marker_item_get_type ())
G_DECLARE_FINAL_TYPE (RessentiMarkerItem, ressenti_marker_item, RESSENTI, MARKER_ITEM, GObject)

RessentiMarkerItem   *ressenti_marker_item_new        (const RessentiMarker *marker);
const RessentiMarker *ressenti_marker_item_get_marker (RessentiMarkerItem   *self);
void                  ressenti_marker_item_set_marker (RessentiMarkerItem   *self,
                                                       const RessentiMarker *marker);

G_END_DECLS
