/* test-a11y-status.c — screen-reader detection against a private D-Bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A private session bus (GTestDBus) where the test itself plays the
 * accessibility bus launcher: it owns org.a11y.Bus and publishes
 * org.a11y.Status.ScreenReaderEnabled, which the detection must read.
 */
#include "config.h"

#include <gio/gio.h>

#include "ressenti-a11y-status.h"

static const char introspection[] =
  "<node>"
  "  <interface name='org.a11y.Status'>"
  "    <property name='IsEnabled' type='b' access='readwrite'/>"
  "    <property name='ScreenReaderEnabled' type='b' access='readwrite'/>"
  "  </interface>"
  "</node>";

static gboolean screen_reader_enabled;

static GVariant *
get_property_cb (GDBusConnection *connection,
                 const char      *sender,
                 const char      *object_path,
                 const char      *interface_name,
                 const char      *property_name,
                 GError         **error,
                 gpointer         user_data)
{
  if (g_str_equal (property_name, "ScreenReaderEnabled"))
    return g_variant_new_boolean (screen_reader_enabled);
  return g_variant_new_boolean (TRUE);
}

static const GDBusInterfaceVTable vtable = { NULL, get_property_cb, NULL, { 0 } };

typedef struct
{
  gboolean  done;
  gboolean  enabled;
  GError   *error;
} Answer;

static void
answer_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Answer *answer = user_data;

  answer->enabled = ressenti_a11y_screen_reader_enabled_finish (result, &answer->error);
  answer->done = TRUE;
}

static Answer
ask (void)
{
  Answer answer = { 0 };

  ressenti_a11y_screen_reader_enabled_async (NULL, answer_cb, &answer);
  while (!answer.done)
    g_main_context_iteration (NULL, TRUE);
  return answer;
}

static void
test_detection (void)
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GError) error = NULL;
  Answer answer;
  guint object_id;
  guint name_id;

  g_test_dbus_up (bus);
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  /* Nobody owns org.a11y.Bus: "not running", with a reason. */
  answer = ask ();
  g_assert_false (answer.enabled);
  g_assert_nonnull (answer.error);
  g_clear_error (&answer.error);

  node = g_dbus_node_info_new_for_xml (introspection, &error);
  g_assert_no_error (error);
  object_id = g_dbus_connection_register_object (connection, "/org/a11y/bus", node->interfaces[0],
                                                 &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  name_id = g_bus_own_name_on_connection (connection, "org.a11y.Bus", G_BUS_NAME_OWNER_FLAGS_NONE,
                                          NULL, NULL, NULL, NULL);
  /* Let the name be taken before asking. */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (100000);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  screen_reader_enabled = TRUE;
  answer = ask ();
  g_assert_no_error (answer.error);
  g_assert_true (answer.enabled);

  screen_reader_enabled = FALSE;
  answer = ask ();
  g_assert_no_error (answer.error);
  g_assert_false (answer.enabled);

  g_bus_unown_name (name_id);
  g_dbus_connection_unregister_object (connection, object_id);
  g_clear_object (&connection);
  g_test_dbus_down (bus);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/a11y-status/detection", test_detection);
  return g_test_run ();
}
