/* ressenti-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ressenti-types.h"

G_DEFINE_QUARK (ressenti-store-error-quark, ressenti_store_error)
G_DEFINE_QUARK (ressenti-import-error-quark, ressenti_import_error)

static const char * const layout_names[] = {
  "unknown", "agent-left", "agent-right", "mono",
};

static const char * const status_names[] = {
  "none", "assigned", "in-progress", "submitted", "delivered", "acknowledged",
};

static const char * const role_names[] = {
  "listener", "agent", "coordinator", "administrator",
};

static const char * const access_names[] = {
  "import", "open", "export", "delete",
};

static int
index_of (const char * const *names,
          guint               n_names,
          const char         *str)
{
  for (guint i = 0; str != NULL && i < n_names; i++)
    if (g_str_equal (names[i], str))
      return (int) i;
  return 0;
}

const char *
ressenti_channel_layout_to_string (RessentiChannelLayout layout)
{
  g_return_val_if_fail (layout < G_N_ELEMENTS (layout_names), "unknown");
  return layout_names[layout];
}

RessentiChannelLayout
ressenti_channel_layout_from_string (const char *str)
{
  return (RessentiChannelLayout) index_of (layout_names, G_N_ELEMENTS (layout_names), str);
}

const char *
ressenti_review_status_to_string (RessentiReviewStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), "none");
  return status_names[status];
}

RessentiReviewStatus
ressenti_review_status_from_string (const char *str)
{
  return (RessentiReviewStatus) index_of (status_names, G_N_ELEMENTS (status_names), str);
}

const char *
ressenti_role_to_string (RessentiRole role)
{
  g_return_val_if_fail (role < G_N_ELEMENTS (role_names), "listener");
  return role_names[role];
}

const char *
ressenti_access_action_to_string (RessentiAccessAction action)
{
  g_return_val_if_fail (action < G_N_ELEMENTS (access_names), "open");
  return access_names[action];
}

const char *
ressenti_channel_layout_describe (RessentiChannelLayout layout)
{
  switch (layout)
    {
    case RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT:
      return _("Agent on the left, customer on the right");
    case RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT:
      return _("Agent on the right, customer on the left");
    case RESSENTI_CHANNEL_LAYOUT_MONO:
      return _("Mono");
    case RESSENTI_CHANNEL_LAYOUT_UNKNOWN:
    default:
      return _("Layout unknown");
    }
}

const char *
ressenti_review_status_describe (RessentiReviewStatus status)
{
  switch (status)
    {
    case RESSENTI_REVIEW_STATUS_ASSIGNED:
      return _("Assigned");
    case RESSENTI_REVIEW_STATUS_IN_PROGRESS:
      return _("Review in progress");
    case RESSENTI_REVIEW_STATUS_SUBMITTED:
      return _("Review submitted");
    case RESSENTI_REVIEW_STATUS_DELIVERED:
      return _("Feedback delivered");
    case RESSENTI_REVIEW_STATUS_ACKNOWLEDGED:
      return _("Feedback acknowledged");
    case RESSENTI_REVIEW_STATUS_NONE:
    default:
      return _("Not reviewed");
    }
}

void
ressenti_main_context_post (GMainContext   *context,
                            GSourceFunc     func,
                            gpointer        data,
                            GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[ressenti] posted");
  g_source_attach (source, context);
  g_source_unref (source);
}
