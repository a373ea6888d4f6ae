/* ressenti-path-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK's file chooser exposes unnamed objects to a screen reader (see the
 * audit's exceptions); typing a path is the route that avoids it. "~" is
 * understood, and a path that does not exist is said at once, leaving the
 * dialog open to correct it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-application.h"
#include "ressenti-path-dialog.h"

struct _RessentiPathDialog
{
  AdwWindow  parent_instance;

  GtkEntry  *path_entry;
  GtkButton *import_button;
};

G_DEFINE_FINAL_TYPE (RessentiPathDialog, ressenti_path_dialog, ADW_TYPE_WINDOW)

enum {
  PATH_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
expand_path (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (g_str_equal (stripped, "~"))
    return g_strdup (g_get_home_dir ());
  if (g_str_has_prefix (stripped, "~/"))
    return g_build_filename (g_get_home_dir (), stripped + 2, NULL);
  return g_canonicalize_filename (stripped, NULL);
}

static void
import_clicked_cb (RessentiPathDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->path_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *path = NULL;

  if (*stripped == '\0')
    {
      ressenti_say_error (_("Type the path of a file or folder first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->path_entry));
      return;
    }

  path = expand_path (text);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” does not exist."), path);

      ressenti_say_error (message);
      gtk_widget_grab_focus (GTK_WIDGET (self->path_entry));
      return;
    }

  g_signal_emit (self, signals[PATH_CHOSEN], 0, path);
  gtk_window_close (GTK_WINDOW (self));
}

static void
ressenti_path_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RESSENTI_TYPE_PATH_DIALOG);

  G_OBJECT_CLASS (ressenti_path_dialog_parent_class)->dispose (object);
}

static void
ressenti_path_dialog_class_init (RessentiPathDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ressenti_path_dialog_dispose;

  /**
   * RessentiPathDialog::path-chosen:
   * @path: the absolute path typed, which exists
   */
  signals[PATH_CHOSEN] =
    g_signal_new ("path-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ressenti/Ressenti/ressenti-path-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RessentiPathDialog, path_entry);
  gtk_widget_class_bind_template_child (widget_class, RessentiPathDialog, import_button);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ressenti_path_dialog_init (RessentiPathDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->import_button));
}

RessentiPathDialog *
ressenti_path_dialog_new (GtkWindow *parent)
{
  return g_object_new (RESSENTI_TYPE_PATH_DIALOG, "transient-for", parent, NULL);
}
