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

enum
{
  PROP_0,
  PROP_MARKER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ressenti_marker_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RessentiMarkerItem *self = RESSENTI_MARKER_ITEM (object);

  switch (prop_id)
    {
    case PROP_MARKER:
      g_value_set_boxed (value, self->marker);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

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
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ressenti_marker_item_finalize;
  object_class->get_property = ressenti_marker_item_get_property;

  /**
   * RessentiMarkerItem:marker:
   *
   * The marker, as last saved.
   */
  properties[PROP_MARKER] =
    g_param_spec_boxed ("marker", NULL, NULL, RESSENTI_TYPE_MARKER,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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

void
ressenti_marker_item_set_marker (RessentiMarkerItem   *self,
                                 const RessentiMarker *marker)
{
  RessentiMarker *old;

  g_return_if_fail (RESSENTI_IS_MARKER_ITEM (self));
  g_return_if_fail (marker != NULL);

  old = g_steal_pointer (&self->marker);
  self->marker = ressenti_marker_copy (marker);
  g_clear_pointer (&old, ressenti_marker_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKER]);
}
