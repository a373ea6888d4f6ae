/* ressenti-ducker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ressenti-ducker.h"

typedef struct
{
  RessentiDucker *self;
  GObject        *source;     /* not owned: a weak reference */
  char           *property;
  gulong          handler;
  gboolean        on;
} Watch;

struct _RessentiDucker
{
  GObject         parent_instance;

  GMainContext   *context;
  RessentiPlayer *player;
  GPtrArray      *watches;    /* Watch* */
  GSource        *hold_source;
  double          level;
  gboolean        enabled;
  gboolean        ducking;
};

G_DEFINE_FINAL_TYPE (RessentiDucker, ressenti_ducker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLAYER,
  PROP_LEVEL,
  PROP_ENABLED,
  PROP_DUCKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
watch_free (Watch *watch)
{
  g_free (watch->property);
  g_free (watch);
}

static void
set_ducking (RessentiDucker *self,
             gboolean        ducking)
{
  ressenti_player_set_duck (self->player, ducking ? self->level : 1.0);
  if (self->ducking == ducking)
    return;
  self->ducking = ducking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUCKING]);
}

static void
clear_hold (RessentiDucker *self)
{
  if (self->hold_source != NULL)
    g_source_destroy (self->hold_source);
  g_clear_pointer (&self->hold_source, g_source_unref);
}

static gboolean
hold_done_cb (gpointer user_data)
{
  RessentiDucker *self = user_data;

  g_clear_pointer (&self->hold_source, g_source_unref);
  set_ducking (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
update (RessentiDucker *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->watches->len && !any; i++)
    any = ((Watch *) g_ptr_array_index (self->watches, i))->on;

  if (any && self->enabled)
    {
      clear_hold (self);
      set_ducking (self, TRUE);
    }
  else if (!self->enabled)
    {
      clear_hold (self);
      set_ducking (self, FALSE);
    }
  else if (self->ducking && self->hold_source == NULL)
    {
      self->hold_source = g_timeout_source_new (RESSENTI_DUCKER_HOLD_MS);
      g_source_set_callback (self->hold_source, hold_done_cb, self, NULL);
      g_source_set_name (self->hold_source, "[ressenti] ducker hold");
      g_source_attach (self->hold_source, self->context);
    }
}

static void
source_notify_cb (GObject    *source,
                  GParamSpec *pspec,
                  Watch      *watch)
{
  gboolean on = FALSE;

  g_object_get (source, watch->property, &on, NULL);
  if (on == watch->on)
    return;
  watch->on = on;
  update (watch->self);
}

/* The source is gone: it no longer keeps the call lowered. */
static void
source_finalized_cb (gpointer  user_data,
                     GObject  *where_the_object_was)
{
  Watch *watch = user_data;
  RessentiDucker *self = watch->self;

  g_ptr_array_remove (self->watches, watch);
  update (self);
}

/* GObject */

static void
ressenti_ducker_dispose (GObject *object)
{
  RessentiDucker *self = (RessentiDucker *) object;

  if (self->watches != NULL)
    {
      for (guint i = 0; i < self->watches->len; i++)
        {
          Watch *watch = g_ptr_array_index (self->watches, i);

          g_signal_handler_disconnect (watch->source, watch->handler);
          g_object_weak_unref (watch->source, source_finalized_cb, watch);
        }
      g_clear_pointer (&self->watches, g_ptr_array_unref);
    }
  clear_hold (self);
  /* The call must not stay lowered without a ducker to restore it. */
  if (self->player != NULL)
    set_ducking (self, FALSE);
  g_clear_object (&self->player);

  G_OBJECT_CLASS (ressenti_ducker_parent_class)->dispose (object);
}

static void
ressenti_ducker_finalize (GObject *object)
{
  RessentiDucker *self = (RessentiDucker *) object;

  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (ressenti_ducker_parent_class)->finalize (object);
}

static void
ressenti_ducker_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RessentiDucker *self = RESSENTI_DUCKER (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;

    case PROP_LEVEL:
      g_value_set_double (value, self->level);
      break;

    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    case PROP_DUCKING:
      g_value_set_boolean (value, self->ducking);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_ducker_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RessentiDucker *self = RESSENTI_DUCKER (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      self->player = g_value_dup_object (value);
      break;

    case PROP_LEVEL:
      ressenti_ducker_set_level (self, g_value_get_double (value));
      break;

    case PROP_ENABLED:
      ressenti_ducker_set_enabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_ducker_class_init (RessentiDuckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ressenti_ducker_dispose;
  object_class->finalize = ressenti_ducker_finalize;
  object_class->get_property = ressenti_ducker_get_property;
  object_class->set_property = ressenti_ducker_set_property;

  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL, RESSENTI_TYPE_PLAYER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL] =
    g_param_spec_double ("level", NULL, NULL, 0.0, 1.0, 0.3, rw);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE, rw);
  properties[PROP_DUCKING] =
    g_param_spec_boolean ("ducking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ressenti_ducker_init (RessentiDucker *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->watches = g_ptr_array_new_with_free_func ((GDestroyNotify) watch_free);
  self->level = 0.3;
  self->enabled = TRUE;
}

RessentiDucker *
ressenti_ducker_new (RessentiPlayer *player)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (player), NULL);

  return g_object_new (RESSENTI_TYPE_DUCKER, "player", player, NULL);
}

void
ressenti_ducker_watch (RessentiDucker *self,
                       GObject        *source,
                       const char     *boolean_property)
{
  g_autofree char *signal = NULL;
  GParamSpec *pspec;
  Watch *watch;

  g_return_if_fail (RESSENTI_IS_DUCKER (self));
  g_return_if_fail (G_IS_OBJECT (source));
  g_return_if_fail (boolean_property != NULL);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (source), boolean_property);
  g_return_if_fail (pspec != NULL && pspec->value_type == G_TYPE_BOOLEAN &&
                    (pspec->flags & G_PARAM_READABLE));

  watch = g_new0 (Watch, 1);
  watch->self = self;
  watch->source = source;
  watch->property = g_strdup (pspec->name);
  signal = g_strconcat ("notify::", watch->property, NULL);
  watch->handler = g_signal_connect (source, signal, G_CALLBACK (source_notify_cb), watch);
  g_object_weak_ref (source, source_finalized_cb, watch);
  g_object_get (source, watch->property, &watch->on, NULL);
  g_ptr_array_add (self->watches, watch);
  update (self);
}

double
ressenti_ducker_get_level (RessentiDucker *self)
{
  g_return_val_if_fail (RESSENTI_IS_DUCKER (self), 0.3);

  return self->level;
}

void
ressenti_ducker_set_level (RessentiDucker *self,
                           double          level)
{
  g_return_if_fail (RESSENTI_IS_DUCKER (self));

  level = CLAMP (level, 0.0, 1.0);
  if (level == self->level)
    return;
  self->level = level;
  if (self->ducking)
    ressenti_player_set_duck (self->player, level);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

gboolean
ressenti_ducker_get_enabled (RessentiDucker *self)
{
  g_return_val_if_fail (RESSENTI_IS_DUCKER (self), FALSE);

  return self->enabled;
}

void
ressenti_ducker_set_enabled (RessentiDucker *self,
                             gboolean        enabled)
{
  g_return_if_fail (RESSENTI_IS_DUCKER (self));

  enabled = !!enabled;
  if (enabled == self->enabled)
    return;
  self->enabled = enabled;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

gboolean
ressenti_ducker_get_ducking (RessentiDucker *self)
{
  g_return_val_if_fail (RESSENTI_IS_DUCKER (self), FALSE);

  return self->ducking;
}
