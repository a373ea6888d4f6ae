/* ressenti-marker-item.c — a marker as an item of a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ressenti-marker-item.h"

struct _RessentiMarkerItem
{
  GObject         parent_instance;

  RessentiMarker *marker;
};

G_DEFINE_FINAL_TYPE (RessentiMarkerItem, ressenti_marker_item, G_TYPE_OBJECT)

static void
ressenti_marker_item_finalize (GObject *object)
{
  RessentiMarkerItem *self = RESSENTI_MARKER_ITEM (object);

  g_clear_pointer (&self->marker, ressenti_marker_free);

  G_OBJECT_CLASS (ressenti_marker_item_parent_class)->finalize (object);
}

static void
ressenti_marker_item_class_init (RessentiMarkerItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ressenti_marker_item_finalize;
}

static void
ressenti_marker_item_init (RessentiMarkerItem *self)
{
}

RessentiMarkerItem *
ressenti_marker_item_new (const RessentiMarker *marker)
{
  RessentiMarkerItem *self;

  g_return_val_if_fail (marker != NULL, NULL);

  self = g_object_new (RESSENTI_TYPE_MARKER_ITEM, NULL);
  self->marker = ressenti_marker_copy (marker);
  return self;
}

const RessentiMarker *
ressenti_marker_item_get_marker (RessentiMarkerItem *self)
{
  g_return_val_if_fail (RESSENTI_IS_MARKER_ITEM (self), NULL);
  return self->marker;
}
