/* ressenti-recording.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ressenti-recording.h"
#include "ressenti-spoken.h"

struct _RessentiRecording
{
  GObject                parent_instance;

  char                  *id;
  char                  *file_name;
  GDateTime             *imported_at;
  RessentiRecordingDraft draft;
  RessentiReviewStatus   review_status;
};

G_DEFINE_FINAL_TYPE (RessentiRecording, ressenti_recording, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LAYOUT,
  PROP_REVIEW_STATUS,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
ressenti_recording_draft_clear (RessentiRecordingDraft *draft)
{
  g_clear_pointer (&draft->content_hash, g_free);
  g_clear_pointer (&draft->extension, g_free);
  g_clear_pointer (&draft->codec, g_free);
  g_clear_pointer (&draft->container, g_free);
  g_clear_pointer (&draft->call_date, g_date_time_unref);
  g_clear_pointer (&draft->agent, g_free);
  g_clear_pointer (&draft->service, g_free);
  g_clear_pointer (&draft->customer, g_free);
}

static void
ressenti_recording_finalize (GObject *object)
{
  RessentiRecording *self = (RessentiRecording *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->imported_at, g_date_time_unref);
  ressenti_recording_draft_clear (&self->draft);

  G_OBJECT_CLASS (ressenti_recording_parent_class)->finalize (object);
}

static void
ressenti_recording_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RessentiRecording *self = RESSENTI_RECORDING (object);

  switch (prop_id)
    {
    case PROP_LAYOUT:
      g_value_set_int (value, self->draft.layout);
      break;

    case PROP_REVIEW_STATUS:
      g_value_set_int (value, self->review_status);
      break;

    case PROP_DESCRIPTION:
      g_value_take_string (value, ressenti_recording_describe (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_recording_class_init (RessentiRecordingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ressenti_recording_finalize;
  object_class->get_property = ressenti_recording_get_property;

  properties[PROP_LAYOUT] =
    g_param_spec_int ("layout", NULL, NULL,
                      RESSENTI_CHANNEL_LAYOUT_UNKNOWN, RESSENTI_CHANNEL_LAYOUT_MONO,
                      RESSENTI_CHANNEL_LAYOUT_UNKNOWN,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVIEW_STATUS] =
    g_param_spec_int ("review-status", NULL, NULL,
                      RESSENTI_REVIEW_STATUS_NONE, RESSENTI_REVIEW_STATUS_ACKNOWLEDGED,
                      RESSENTI_REVIEW_STATUS_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The spoken sentence; notified whenever something in it changes. */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ressenti_recording_init (RessentiRecording *self)
{
}

RessentiRecording *
ressenti_recording_new_from_draft (const char                   *id,
                                   const char                   *file_name,
                                   GDateTime                    *imported_at,
                                   const RessentiRecordingDraft *draft)
{
  RessentiRecording *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (draft != NULL, NULL);

  self = g_object_new (RESSENTI_TYPE_RECORDING, NULL);
  self->id = g_strdup (id);
  self->file_name = g_strdup (file_name);
  self->imported_at = imported_at ? g_date_time_ref (imported_at) : NULL;
  self->draft.content_hash = g_strdup (draft->content_hash);
  self->draft.extension = g_strdup (draft->extension);
  self->draft.codec = g_strdup (draft->codec);
  self->draft.container = g_strdup (draft->container);
  self->draft.duration_ms = draft->duration_ms;
  self->draft.channels = draft->channels;
  self->draft.sample_rate = draft->sample_rate;
  self->draft.layout = draft->layout;
  self->draft.call_date = draft->call_date ? g_date_time_ref (draft->call_date) : NULL;
  self->draft.agent = g_strdup (draft->agent);
  self->draft.service = g_strdup (draft->service);
  self->draft.customer = g_strdup (draft->customer);

  return self;
}

#define GETTER(type, name, expr) \
  type \
  ressenti_recording_get_##name (RessentiRecording *self) \
  { \
    g_return_val_if_fail (RESSENTI_IS_RECORDING (self), 0); \
    return expr; \
  }

GETTER (const char *, id, self->id)
GETTER (const char *, content_hash, self->draft.content_hash)
GETTER (const char *, file_name, self->file_name)
GETTER (const char *, codec, self->draft.codec)
GETTER (const char *, container, self->draft.container)
GETTER (gint64, duration_ms, self->draft.duration_ms)
GETTER (guint, channels, self->draft.channels)
GETTER (guint, sample_rate, self->draft.sample_rate)
GETTER (GDateTime *, call_date, self->draft.call_date)
GETTER (GDateTime *, imported_at, self->imported_at)
GETTER (const char *, agent, self->draft.agent)
GETTER (const char *, service, self->draft.service)
GETTER (const char *, customer, self->draft.customer)
GETTER (RessentiChannelLayout, layout, self->draft.layout)
GETTER (RessentiReviewStatus, review_status, self->review_status)

#undef GETTER

void
ressenti_recording_set_layout (RessentiRecording     *self,
                               RessentiChannelLayout  layout)
{
  g_return_if_fail (RESSENTI_IS_RECORDING (self));

  if (self->draft.layout == layout)
    return;
  self->draft.layout = layout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

void
ressenti_recording_set_review_status (RessentiRecording    *self,
                                      RessentiReviewStatus  status)
{
  g_return_if_fail (RESSENTI_IS_RECORDING (self));

  if (self->review_status == status)
    return;
  self->review_status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW_STATUS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

char *
ressenti_recording_describe (RessentiRecording *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *duration = NULL;
  g_autofree char *status = NULL;

  g_return_val_if_fail (RESSENTI_IS_RECORDING (self), NULL);

  if (self->draft.call_date != NULL)
    {
      g_autofree char *date = ressenti_spoken_date (self->draft.call_date);
      /* Translators: the start of a call's spoken description; %s is a date
       * such as "12 March 2026". */
      g_string_append_printf (text, _("Call of %s"), date);
    }
  else
    g_string_append (text, _("Call of unknown date"));

  if (self->draft.agent != NULL && *self->draft.agent != '\0')
    {
      g_string_append (text, _(", "));
      /* Translators: %s is an agent's pseudonym such as "A-17". */
      g_string_append_printf (text, _("agent %s"), self->draft.agent);
    }
  if (self->draft.service != NULL && *self->draft.service != '\0')
    {
      g_string_append (text, _(", "));
      /* Translators: %s is the name of a service or team. */
      g_string_append_printf (text, _("service %s"), self->draft.service);
    }

  duration = ressenti_spoken_duration (self->draft.duration_ms);
  g_string_append (text, _(", "));
  g_string_append (text, duration);

  if (self->draft.channels == 2 && self->draft.layout == RESSENTI_CHANNEL_LAYOUT_UNKNOWN)
    {
      g_autofree char *layout = g_utf8_strdown (ressenti_channel_layout_describe (self->draft.layout), -1);

      g_string_append (text, _(", "));
      g_string_append (text, layout);
    }

  status = g_utf8_strdown (ressenti_review_status_describe (self->review_status), -1);
  g_string_append (text, _(", "));
  g_string_append (text, status);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
