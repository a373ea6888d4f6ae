/* ressenti-announcer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ressenti-announcer.h"
#include "ressenti-types.h"

struct _RessentiAnnouncer
{
  GObject            parent_instance;

  GPtrArray         *backends;
  GPtrArray         *history;
  GMainContext      *context;
  GThread           *thread;        /* the thread that made it */
  RessentiVerbosity  verbosity;
};

G_DEFINE_FINAL_TYPE (RessentiAnnouncer, ressenti_announcer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VERBOSITY,
  N_PROPS
};

enum {
  ANNOUNCED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
ressenti_announcer_dispose (GObject *object)
{
  RessentiAnnouncer *self = (RessentiAnnouncer *) object;

  if (self->backends != NULL)
    g_ptr_array_set_size (self->backends, 0);

  G_OBJECT_CLASS (ressenti_announcer_parent_class)->dispose (object);
}

static void
ressenti_announcer_finalize (GObject *object)
{
  RessentiAnnouncer *self = (RessentiAnnouncer *) object;

  g_clear_pointer (&self->backends, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (ressenti_announcer_parent_class)->finalize (object);
}

static void
ressenti_announcer_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RessentiAnnouncer *self = RESSENTI_ANNOUNCER (object);

  switch (prop_id)
    {
    case PROP_VERBOSITY:
      g_value_set_int (value, self->verbosity);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_announcer_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RessentiAnnouncer *self = RESSENTI_ANNOUNCER (object);

  switch (prop_id)
    {
    case PROP_VERBOSITY:
      ressenti_announcer_set_verbosity (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_announcer_class_init (RessentiAnnouncerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ressenti_announcer_dispose;
  object_class->finalize = ressenti_announcer_finalize;
  object_class->get_property = ressenti_announcer_get_property;
  object_class->set_property = ressenti_announcer_set_property;

  properties[PROP_VERBOSITY] =
    g_param_spec_int ("verbosity", NULL, NULL,
                      RESSENTI_VERBOSITY_TERSE, RESSENTI_VERBOSITY_VERBOSE,
                      RESSENTI_VERBOSITY_NORMAL,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RessentiAnnouncer::announced:
   * @announcement: (type gpointer): the RessentiAnnouncement passed on
   *
   * Emitted on the main context after a message went to the backends.
   */
  signals[ANNOUNCED] =
    g_signal_new ("announced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
ressenti_announcer_init (RessentiAnnouncer *self)
{
  self->backends = g_ptr_array_new_with_free_func (g_object_unref);
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_announcement_free);
  self->context = g_main_context_ref_thread_default ();
  self->thread = g_thread_self ();
  self->verbosity = RESSENTI_VERBOSITY_NORMAL;
}

RessentiAnnouncer *
ressenti_announcer_new (void)
{
  return g_object_new (RESSENTI_TYPE_ANNOUNCER, NULL);
}

void
ressenti_announcer_add_backend (RessentiAnnouncer        *self,
                                RessentiAnnouncerBackend *backend)
{
  g_return_if_fail (RESSENTI_IS_ANNOUNCER (self));
  g_return_if_fail (RESSENTI_IS_ANNOUNCER_BACKEND (backend));

  g_ptr_array_add (self->backends, g_object_ref (backend));
}

void
ressenti_announcer_remove_backend (RessentiAnnouncer        *self,
                                   RessentiAnnouncerBackend *backend)
{
  g_return_if_fail (RESSENTI_IS_ANNOUNCER (self));

  g_ptr_array_remove (self->backends, backend);
}

void
ressenti_announcer_remove_all_backends (RessentiAnnouncer *self)
{
  g_return_if_fail (RESSENTI_IS_ANNOUNCER (self));

  g_ptr_array_set_size (self->backends, 0);
}

RessentiVerbosity
ressenti_announcer_get_verbosity (RessentiAnnouncer *self)
{
  g_return_val_if_fail (RESSENTI_IS_ANNOUNCER (self), RESSENTI_VERBOSITY_NORMAL);

  return self->verbosity;
}

void
ressenti_announcer_set_verbosity (RessentiAnnouncer *self,
                                  RessentiVerbosity  verbosity)
{
  g_return_if_fail (RESSENTI_IS_ANNOUNCER (self));

  verbosity = CLAMP (verbosity, RESSENTI_VERBOSITY_TERSE, RESSENTI_VERBOSITY_VERBOSE);
  if (self->verbosity == verbosity)
    return;
  self->verbosity = verbosity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERBOSITY]);
}

static void
deliver (RessentiAnnouncer          *self,
         const RessentiAnnouncement *announcement)
{
  g_ptr_array_add (self->history, ressenti_announcement_copy (announcement));
  if (self->history->len > RESSENTI_ANNOUNCER_HISTORY_LENGTH)
    g_ptr_array_remove_range (self->history, 0, self->history->len - RESSENTI_ANNOUNCER_HISTORY_LENGTH);

  for (guint i = 0; i < self->backends->len; i++)
    ressenti_announcer_backend_speak (g_ptr_array_index (self->backends, i), announcement);

  g_signal_emit (self, signals[ANNOUNCED], 0, announcement);
}

typedef struct
{
  RessentiAnnouncer    *announcer;
  RessentiAnnouncement *announcement;
} Delivery;

static gboolean
deliver_from_thread_cb (gpointer user_data)
{
  Delivery *delivery = user_data;

  deliver (delivery->announcer, delivery->announcement);
  g_object_unref (delivery->announcer);
  ressenti_announcement_free (delivery->announcement);
  g_free (delivery);

  return G_SOURCE_REMOVE;
}

gboolean
ressenti_announcer_announce (RessentiAnnouncer        *self,
                             const char               *text,
                             RessentiAnnouncePriority  priority,
                             RessentiVerbosity         verbosity,
                             RessentiAnnounceCategory  category)
{
  RessentiAnnouncement announcement = {
    .text = (char *) text,
    .priority = priority,
    .verbosity = verbosity,
    .category = category,
    .monotonic_time = g_get_monotonic_time (),
  };

  g_return_val_if_fail (RESSENTI_IS_ANNOUNCER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (*text == '\0' || verbosity > self->verbosity)
    return FALSE;

  /* From its own thread a message goes out at once, whether or not a main
   * loop runs; from another thread it is posted to the announcer's
   * context (g_main_context_is_owner() is FALSE between iterations, so it
   * cannot tell the threads apart). */
  if (g_thread_self () == self->thread || g_main_context_is_owner (self->context))
    deliver (self, &announcement);
  else
    {
      Delivery *delivery = g_new0 (Delivery, 1);

      delivery->announcer = g_object_ref (self);
      delivery->announcement = ressenti_announcement_copy (&announcement);
      ressenti_main_context_post (self->context, deliver_from_thread_cb, delivery, NULL);
    }

  return TRUE;
}

void
ressenti_announcer_error (RessentiAnnouncer *self,
                          const char        *text)
{
  ressenti_announcer_announce (self, text,
                               RESSENTI_ANNOUNCE_INTERRUPT,
                               RESSENTI_VERBOSITY_TERSE,
                               RESSENTI_ANNOUNCE_CATEGORY_ERROR);
}

GPtrArray *
ressenti_announcer_get_history (RessentiAnnouncer *self)
{
  g_return_val_if_fail (RESSENTI_IS_ANNOUNCER (self), NULL);

  return self->history;
}
