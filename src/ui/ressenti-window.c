/* ressenti-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window opens the library in a worker (never SQLite on the main
 * thread), then shows the library page; it owns imports (file chooser,
 * typed path, drag and drop, demo calls) and moves between the library and
 * a call.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-call-page.h"
#include "ressenti-config.h"
#include "ressenti-importer.h"
#include "ressenti-library-page.h"
#include "ressenti-note-recovery.h"
#include "ressenti-path-dialog.h"
#include "ressenti-window.h"

struct _RessentiWindow
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *stack;
  GtkLabel             *error_label;
  RessentiLibraryPage  *library_page;
  RessentiCallPage     *call_page;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkWidget            *import_button;

  RessentiStore        *store;
  RessentiImporter     *importer;
  GCancellable         *import_cancellable;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (RessentiWindow, ressenti_window, ADW_TYPE_APPLICATION_WINDOW)

static RessentiAnnouncer *
announcer (void)
{
  return ressenti_announcer_get_default ();
}

static void
announce_now (const char               *text,
              RessentiAnnouncePriority  priority,
              RessentiVerbosity         verbosity,
              RessentiAnnounceCategory  category)
{
  if (announcer () != NULL)
    ressenti_announcer_announce (announcer (), text, priority, verbosity, category);
}

/* Says a result. The screen-reader backend waits by itself until a focus
 * change made just before has been presented. */
static void
announce_result (const char *text)
{
  announce_now (text, RESSENTI_ANNOUNCE_INTERRUPT, RESSENTI_VERBOSITY_TERSE,
                RESSENTI_ANNOUNCE_CATEGORY_RESULT);
}

static void
show_error_page (RessentiWindow *self,
                 const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_widget_grab_focus (GTK_WIDGET (self->error_label));
  announce_result (message);
}

static void import_progress_cb (RessentiWindow *self,
                                guint           done,
                                guint           total,
                                const char     *display_name);

/* Library ----------------------------------------------------------------- */

static void
library_loaded_cb (gpointer user_data)
{
  RessentiWindow *self = user_data;

  gtk_stack_set_visible_child_name (self->stack, "library");
  ressenti_library_page_focus (self->library_page);
}

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RessentiWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  RessentiStore *store = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *recovered = NULL;

  if (store == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error_page (self, error->message);
      return;
    }

  self->store = store;
  ressenti_store_forbid_main_thread (store);
  self->importer = ressenti_importer_new (store);
  g_signal_connect_object (self->importer, "progress", G_CALLBACK (import_progress_cb), self, G_CONNECT_SWAPPED);
  ressenti_library_page_set_store (self->library_page, store);
  ressenti_library_page_reload (self->library_page, G_CALLBACK (library_loaded_cb), self);
  recovered = ressenti_recovered_notes_sentence (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result),
                                                                                      "ressenti-recovered")));
  if (recovered != NULL)
    announce_now (recovered, RESSENTI_ANNOUNCE_QUEUE, RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
}

static void
open_store_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  RessentiStore *store = ressenti_store_open (task_data, &error);
  guint recovered = 0;

  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Voice notes a crash cut off last time are made whole before anything
   * shows them; a failure here only leaves them for the next start. */
  if (!ressenti_recover_voice_notes (store, &recovered, NULL, &error))
    {
      g_warning ("Voice notes cut off last time could not be looked for: %s", error->message);
      g_clear_error (&error);
    }
  g_object_set_data (G_OBJECT (task), "ressenti-recovered", GUINT_TO_POINTER (recovered));
  g_task_return_pointer (task, store, g_object_unref);
}

static void
open_store (RessentiWindow *self,
            const char     *directory)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, store_opened_cb, g_object_ref (self));

  g_task_set_task_data (task, g_strdup (directory), g_free);
  g_task_run_in_thread (task, open_store_thread);
}

/* Moving between pages ---------------------------------------------------- */

static void
open_recording_cb (RessentiWindow    *self,
                   RessentiRecording *recording)
{
  ressenti_call_page_show (self->call_page, self->store, recording);
  gtk_stack_set_visible_child_name (self->stack, "call");
  ressenti_call_page_focus (self->call_page);
}

static void
back_cb (RessentiWindow *self)
{
  gtk_stack_set_visible_child_name (self->stack, "library");
  /* The list remembers its focused row: back lands on the call left. */
  ressenti_library_page_focus (self->library_page);
}

/* Importing --------------------------------------------------------------- */

static void
import_progress_cb (RessentiWindow *self,
                    guint           done,
                    guint           total,
                    const char     *display_name)
{
  g_autofree char *text = NULL;

  if (total == 0)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
  if (display_name != NULL)
    {
      /* Translators: %1$s is a file name, %2$u and %3$u count files. */
      text = g_strdup_printf (_("Importing “%1$s” (%2$u of %3$u)"), display_name, done + 1, total);
      gtk_label_set_text (self->progress_label, text);
      announce_now (text, RESSENTI_ANNOUNCE_QUEUE, RESSENTI_VERBOSITY_VERBOSE,
                    RESSENTI_ANNOUNCE_CATEGORY_PROGRESS);
    }
}

static void
show_failures (RessentiWindow             *self,
               const RessentiImportReport *report,
               const char                 *summary)
{
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  for (guint i = 0; i < report->items->len; i++)
    {
      RessentiImportItem *item = g_ptr_array_index (report->items, i);

      if (item->error != NULL)
        g_string_append_printf (body, "%s\n", item->error->message);
    }

  /* Orca 43 reads only the heading and the focused button of a message
   * dialog, so the heading is the whole summary. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), summary, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  RessentiWindow       *self;
  RessentiImportReport *report;
  gboolean              was_empty;
} ImportDone;

static void
import_reloaded_cb (gpointer user_data)
{
  ImportDone *done = user_data;
  RessentiWindow *self = done->self;
  g_autofree char *summary = ressenti_import_report_describe (done->report);

  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  /* The "Add demo calls" button of the empty library is gone: focus the
   * list it became. Otherwise the focus stays where the user put it. */
  if (done->was_empty || focus == NULL || !gtk_widget_get_mapped (focus))
    ressenti_library_page_focus (self->library_page);
  if (done->report->n_failed > 0)
    show_failures (self, done->report, summary);
  announce_result (summary);

  g_object_unref (done->self);
  ressenti_import_report_free (done->report);
  g_free (done);
}

static void
import_finished_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RessentiWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  RessentiImportReport *report;
  ImportDone *done;

  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  g_clear_object (&self->import_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", FALSE);

  report = ressenti_importer_import_finish (RESSENTI_IMPORTER (source), result, &error);
  if (report == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The import failed: %s"), error->message);

      announce_now (text, RESSENTI_ANNOUNCE_INTERRUPT, RESSENTI_VERBOSITY_TERSE,
                    RESSENTI_ANNOUNCE_CATEGORY_ERROR);
      return;
    }

  done = g_new0 (ImportDone, 1);
  done->self = g_object_ref (self);
  done->report = report;
  done->was_empty = ressenti_library_page_is_empty (self->library_page);
  ressenti_library_page_reload (self->library_page, G_CALLBACK (import_reloaded_cb), done);
}

void
ressenti_window_import (RessentiWindow     *self,
                        const char * const *paths,
                        const char         *metadata_file)
{
  g_autofree char *text = NULL;
  guint n_paths;

  g_return_if_fail (RESSENTI_IS_WINDOW (self));

  if (self->importer == NULL)
    {
      announce_now (_("The library is not open yet."), RESSENTI_ANNOUNCE_INTERRUPT,
                    RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_ERROR);
      return;
    }
  if (self->import_cancellable != NULL)
    {
      announce_now (_("An import is already running. Wait for it to finish or cancel it."),
                    RESSENTI_ANNOUNCE_INTERRUPT, RESSENTI_VERBOSITY_TERSE,
                    RESSENTI_ANNOUNCE_CATEGORY_ERROR);
      return;
    }

  n_paths = g_strv_length ((char **) paths);
  self->import_cancellable = g_cancellable_new ();
  ressenti_importer_set_metadata_file (self->importer, metadata_file);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, _("Importing…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", TRUE);

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Importing %u item…", "Importing %u items…", n_paths), n_paths);
  announce_now (text, RESSENTI_ANNOUNCE_QUEUE, RESSENTI_VERBOSITY_NORMAL, RESSENTI_ANNOUNCE_CATEGORY_PROGRESS);

  ressenti_importer_import_async (self->importer, paths, self->import_cancellable,
                                  import_finished_cb, g_object_ref (self));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RessentiWindow *self = RESSENTI_WINDOW (widget);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

static void
add_demo_calls_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RessentiWindow *self = RESSENTI_WINDOW (widget);
  const char *dir = ressenti_config_demo_dir ();
  g_autofree char *metadata = ressenti_config_demo_metadata ();
  g_autofree char *one = g_build_filename (dir, "demo-1.wav", NULL);
  g_autofree char *two = g_build_filename (dir, "demo-2.wav", NULL);
  g_autofree char *three = g_build_filename (dir, "demo-3.wav", NULL);
  const char *paths[] = { one, two, three, NULL };

  if (!g_file_test (one, G_FILE_TEST_EXISTS))
    {
      g_autofree char *text = g_strdup_printf (_("The demo calls are not installed (looked in “%s”)."), dir);

      announce_now (text, RESSENTI_ANNOUNCE_INTERRUPT, RESSENTI_VERBOSITY_TERSE,
                    RESSENTI_ANNOUNCE_CATEGORY_ERROR);
      return;
    }
  ressenti_window_import (self, paths, metadata);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     RessentiWindow  *self)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) paths = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      paths = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      g_ptr_array_add (paths, NULL);
      ressenti_window_import (self, (const char * const *) paths->pdata, NULL);
    }
  g_object_unref (chooser);
}

static void
import_files_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Calls"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
path_chosen_cb (RessentiPathDialog *dialog,
                const char         *path,
                RessentiWindow     *self)
{
  const char *paths[] = { path, NULL };

  ressenti_window_import (self, paths, NULL);
}

static void
import_path_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RessentiPathDialog *dialog = ressenti_path_dialog_new (GTK_WINDOW (widget));

  g_signal_connect_object (dialog, "path-chosen", G_CALLBACK (path_chosen_cb), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RessentiWindow *self = RESSENTI_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "library");
  ressenti_library_page_focus_search (self->library_page);
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         RessentiWindow *self)
{
  GSList *files = g_value_get_boxed (value);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  for (GSList *l = files; l != NULL; l = l->next)
    {
      char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  if (paths->len == 0)
    return FALSE;
  g_ptr_array_add (paths, NULL);
  ressenti_window_import (self, (const char * const *) paths->pdata, NULL);
  return TRUE;
}

/* Object ------------------------------------------------------------------ */

/* RESSENTI_TEST_PLANT_UNLABELLED puts an icon-only button without a name in
 * the header bar: the accessibility audit must catch it. */
static void
plant_unlabelled (RessentiWindow *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  GtkWidget *box = gtk_widget_get_parent (self->import_button);

  gtk_widget_set_name (button, "planted-unlabelled");
  if (box != NULL)
    gtk_widget_insert_after (button, box, self->import_button);
}

static void
ressenti_window_dispose (GObject *object)
{
  RessentiWindow *self = (RessentiWindow *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->importer);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), RESSENTI_TYPE_WINDOW);

  G_OBJECT_CLASS (ressenti_window_parent_class)->dispose (object);
}

static void
ressenti_window_class_init (RessentiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ressenti_window_dispose;

  g_type_ensure (RESSENTI_TYPE_LIBRARY_PAGE);
  g_type_ensure (RESSENTI_TYPE_CALL_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ressenti/Ressenti/ressenti-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RessentiWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RessentiWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, RessentiWindow, library_page);
  gtk_widget_class_bind_template_child (widget_class, RessentiWindow, call_page);
  gtk_widget_class_bind_template_child (widget_class, RessentiWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, RessentiWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, RessentiWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RessentiWindow, import_button);

  gtk_widget_class_install_action (widget_class, "win.import-files", NULL, import_files_action);
  gtk_widget_class_install_action (widget_class, "win.import-path", NULL, import_path_action);
  gtk_widget_class_install_action (widget_class, "win.add-demo-calls", NULL, add_demo_calls_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import-files", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_O, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.import-path", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.import-path", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

static void
ressenti_window_init (RessentiWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", FALSE);

  g_signal_connect_swapped (self->library_page, "open-recording", G_CALLBACK (open_recording_cb), self);
  g_signal_connect_swapped (self->call_page, "back", G_CALLBACK (back_cb), self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  if (g_getenv ("RESSENTI_TEST_PLANT_UNLABELLED") != NULL)
    plant_unlabelled (self);
}

RessentiWindow *
ressenti_window_new (RessentiApplication *application,
                     GSettings           *settings)
{
  RessentiWindow *self = g_object_new (RESSENTI_TYPE_WINDOW, "application", application, NULL);

  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  open_store (self, ressenti_application_get_library_dir (application));
  return self;
}

RessentiStore *
ressenti_window_get_store (RessentiWindow *self)
{
  g_return_val_if_fail (RESSENTI_IS_WINDOW (self), NULL);

  return self->store;
}
