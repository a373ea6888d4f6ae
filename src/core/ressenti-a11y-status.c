/* ressenti-a11y-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ressenti-a11y-status.h"

#define A11Y_BUS_NAME   "org.a11y.Bus"
#define A11Y_BUS_PATH   "/org/a11y/bus"
#define A11Y_STATUS     "org.a11y.Status"
#define CALL_TIMEOUT_MS 1000

static void
property_got_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  g_autoptr(GVariant) value = NULL;

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "%s.ScreenReaderEnabled is not a boolean", A11Y_STATUS);
      return;
    }
  g_task_return_boolean (task, g_variant_get_boolean (value));
}

static void
bus_got_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_dbus_connection_call (bus, A11Y_BUS_NAME, A11Y_BUS_PATH, "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", A11Y_STATUS, "ScreenReaderEnabled"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MS,
                          g_task_get_cancellable (task), property_got_cb, g_object_ref (task));
}

void
ressenti_a11y_screen_reader_enabled_async (GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ressenti_a11y_screen_reader_enabled_async);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_got_cb, task);
}

gboolean
ressenti_a11y_screen_reader_enabled_finish (GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
