/* ressenti-exchange-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A typed path rather than GTK's file chooser, as for importing calls
 * (ressenti-path-dialog.c): the chooser exposes unnamed objects to a
 * screen reader. Reading, checking and writing the file happen in a
 * worker; the markers go into the review through the session, so an
 * import is one step of its undo history.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ressenti-application.h"
#include "ressenti-exchange-dialog.h"
#include "ressenti-marker-formats.h"

struct _RessentiExchangeDialog
{
  AdwWindow              parent_instance;

  GtkLabel              *prompt_label;
  GtkListBox            *format_list;
  AdwComboRow           *format_row;
  GtkEntry              *path_entry;
  GtkLabel              *result_label;
  GtkScrolledWindow     *problems_scroller;
  GtkListBox            *problems_list;
  GtkButton             *anyway_button;
  GtkButton             *go_button;

  RessentiReviewSession *session;
  gboolean               import;
  char                  *media_name;
  gint64                 duration_ms;
  GCancellable          *cancellable;
  /* Markers read from a file with problems, waiting for the user's say. */
  GPtrArray             *pending;
};

G_DEFINE_FINAL_TYPE (RessentiExchangeDialog, ressenti_exchange_dialog, ADW_TYPE_WINDOW)

/* Shown under the path and spoken. */
static void
show_result (RessentiExchangeDialog *self,
             const char             *text,
             gboolean                error)
{
  gtk_label_set_text (self->result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), TRUE);
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->result_label), "error");
      ressenti_say_error (text);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "error");
      ressenti_say_result (text);
    }
}

static char *
expand_path (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*stripped == '\0')
    return NULL;
  if (g_str_equal (stripped, "~"))
    return g_strdup (g_get_home_dir ());
  if (g_str_has_prefix (stripped, "~/"))
    return g_build_filename (g_get_home_dir (), stripped + 2, NULL);
  return g_canonicalize_filename (stripped, NULL);
}

static RessentiVocabulary *
vocabulary (RessentiExchangeDialog *self)
{
  return ressenti_review_session_get_vocabulary (self->session);
}

static void
set_busy (RessentiExchangeDialog *self,
          gboolean                busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->go_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->anyway_button), !busy);
}

/* ------------------------------------------------------------------ */
/* Export                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  RessentiMarkerFormat  format;
  GPtrArray            *markers;
  RessentiVocabulary   *vocabulary;
  char                 *media_name;
  char                 *path;
} Export;

static void
export_free (Export *export)
{
  g_ptr_array_unref (export->markers);
  g_object_unref (export->vocabulary);
  g_free (export->media_name);
  g_free (export->path);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  data = ressenti_markers_export (export->format, export->markers, export->vocabulary,
                                  export->media_name, &length);
  /* Private to the user: the markers are personal data. */
  if (!g_file_set_contents_full (export->path, data, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RessentiExchangeDialog *self = RESSENTI_EXCHANGE_DIALOG (source);
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n = export->markers->len;

  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why (no space left, no permission…). */
      text = g_strdup_printf (_("The markers could not be written: %s"), error->message);
      show_result (self, text, TRUE);
      return;
    }
  /* Translators: %1$u markers written to the file %2$s. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$u marker exported to %2$s", "%1$u markers exported to %2$s", n),
                          n, export->path);
  show_result (self, text, FALSE);
}

static GPtrArray *
copy_markers (RessentiExchangeDialog *self)
{
  GListModel *model = ressenti_review_session_get_markers (self->session);
  guint n = g_list_model_get_n_items (model);
  GPtrArray *markers = g_ptr_array_new_full (n, (GDestroyNotify) ressenti_marker_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RessentiMarkerItem) item = g_list_model_get_item (model, i);

      g_ptr_array_add (markers, ressenti_marker_copy (ressenti_marker_item_get_marker (item)));
    }
  return markers;
}

static void
start_export (RessentiExchangeDialog *self,
              char                   *path)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, exported_cb, NULL);
  Export *export = g_new0 (Export, 1);

  export->format = adw_combo_row_get_selected (self->format_row);
  export->markers = copy_markers (self);
  export->vocabulary = g_object_ref (vocabulary (self));
  export->media_name = g_strdup (self->media_name);
  export->path = path;
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, export_thread);
}

/* The same name with the chosen format's extension. */
static void
format_changed_cb (RessentiExchangeDialog *self)
{
  RessentiMarkerFormat format = adw_combo_row_get_selected (self->format_row);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->path_entry));
  const char *dot = strrchr (text, '.');
  const char *slash = strrchr (text, '/');
  g_autofree char *stem = NULL;
  g_autofree char *path = NULL;

  if (dot == NULL || (slash != NULL && dot < slash))
    return;
  stem = g_strndup (text, dot - text);
  path = g_strconcat (stem, ".", ressenti_marker_format_extension (format), NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->path_entry), path);
}

/* ------------------------------------------------------------------ */
/* Import                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  char               *path;
  RessentiVocabulary *vocabulary;
  gint64              duration_ms;
} Import;

static void
import_free (Import *import)
{
  g_free (import->path);
  g_object_unref (import->vocabulary);
  g_free (import);
}

static void
parse_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Import *import = task_data;
  g_autoptr(GError) error = NULL;
  RessentiMarkerParse *parse;

  parse = ressenti_markers_parse_file (import->path, RESSENTI_MARKER_FORMAT_AUTO, import->vocabulary, &error);
  if (parse == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (import->duration_ms > 0)
    ressenti_marker_parse_check_duration (parse, import->duration_ms);
  g_task_return_pointer (task, parse, (GDestroyNotify) ressenti_marker_parse_free);
}

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RessentiExchangeDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint added = 0, skipped = 0;

  set_busy (self, FALSE);
  if (!ressenti_review_session_import_finish (RESSENTI_REVIEW_SESSION (source), result, &added, &skipped, &error))
    {
      /* Translators: %s says why; nothing was imported. */
      text = g_strdup_printf (_("Nothing was imported: %s"), error->message);
      show_result (self, text, TRUE);
      return;
    }
  if (skipped == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u marker imported. Ctrl+Z in the list undoes.",
                                         "%u markers imported. Ctrl+Z in the list undoes.", added), added);
  else
    /* Translators: %1$u markers added, %2$u were already in the review. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$u marker imported, %2$u already there.",
                                         "%1$u markers imported, %2$u already there.", added), added, skipped);
  gtk_widget_set_visible (GTK_WIDGET (self->anyway_button), FALSE);
  show_result (self, text, FALSE);
}

static void
import_markers (RessentiExchangeDialog *self,
                GPtrArray              *markers)
{
  set_busy (self, TRUE);
  ressenti_review_session_import_async (self->session, markers, imported_cb, g_object_ref (self));
}

static void
show_problems (RessentiExchangeDialog *self,
               RessentiMarkerParse    *parse)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
  for (guint i = 0; i < parse->problems->len; i++)
    {
      RessentiMarkerProblem *problem = g_ptr_array_index (parse->problems, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = problem->line > 0
                               /* Translators: a problem of an imported file, at a line. */
                               ? g_strdup_printf (_("Line %1$u: %2$s"), problem->line, problem->message)
                               : g_strdup (problem->message);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      gtk_list_box_append (self->problems_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_scroller), parse->problems->len > 0);
}

static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RessentiExchangeDialog *self = RESSENTI_EXCHANGE_DIALOG (source);
  g_autoptr(RessentiMarkerParse) parse = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *anyway = NULL;
  guint n_markers, n_problems;

  set_busy (self, FALSE);
  parse = g_task_propagate_pointer (G_TASK (result), &error);
  if (parse == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_result (self, error->message, TRUE);
      return;
    }
  show_problems (self, parse);
  n_markers = parse->markers->len;
  n_problems = parse->problems->len;
  if (n_problems == 0 && n_markers == 0)
    {
      show_result (self, _("The file holds no markers."), TRUE);
      return;
    }
  if (n_problems == 0)
    {
      import_markers (self, parse->markers);
      return;
    }
  /* Nothing partial without the user's say: list the problems, and offer
   * the markers that were read. */
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  self->pending = g_ptr_array_ref (parse->markers);
  /* Translators: %1$u markers read, %2$u problems found in the file. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%1$u marker read, and problems: %2$u. Nothing was imported; the problems are listed below.",
                                       "%1$u markers read, and problems: %2$u. Nothing was imported; the problems are listed below.",
                                       n_markers),
                          n_markers, n_problems);
  show_result (self, text, TRUE);
  if (n_markers > 0)
    {
      anyway = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import the %u marker read", "Import the %u markers read",
                                             n_markers), n_markers);
      gtk_button_set_label (self->anyway_button, anyway);
      gtk_widget_set_visible (GTK_WIDGET (self->anyway_button), TRUE);
    }
}

static void
start_import (RessentiExchangeDialog *self,
              char                   *path)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, parsed_cb, NULL);
  Import *import = g_new0 (Import, 1);

  import->path = path;
  import->vocabulary = g_object_ref (vocabulary (self));
  import->duration_ms = self->duration_ms;
  g_task_set_task_data (task, import, (GDestroyNotify) import_free);
  gtk_widget_set_visible (GTK_WIDGET (self->anyway_button), FALSE);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, parse_thread);
}

static void
anyway_clicked_cb (RessentiExchangeDialog *self)
{
  g_autoptr(GPtrArray) markers = g_steal_pointer (&self->pending);

  if (markers != NULL)
    import_markers (self, markers);
}

static void
go_clicked_cb (RessentiExchangeDialog *self)
{
  char *path = expand_path (gtk_editable_get_text (GTK_EDITABLE (self->path_entry)));

  if (path == NULL)
    {
      show_result (self, _("Type the path of a file first."), TRUE);
      return;
    }
  if (self->import)
    start_import (self, path);
  else
    start_export (self, path);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
ressenti_exchange_dialog_dispose (GObject *object)
{
  RessentiExchangeDialog *self = (RessentiExchangeDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RESSENTI_TYPE_EXCHANGE_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->media_name, g_free);

  G_OBJECT_CLASS (ressenti_exchange_dialog_parent_class)->dispose (object);
}

static void
ressenti_exchange_dialog_class_init (RessentiExchangeDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ressenti_exchange_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ressenti/Ressenti/ressenti-exchange-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RessentiExchangeDialog, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, RessentiExchangeDialog, format_list);
  gtk_widget_class_bind_template_child (widget_class, RessentiExchangeDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, RessentiExchangeDialog, path_entry);
  gtk_widget_class_bind_template_child (widget_class, RessentiExchangeDialog, result_label);
  gtk_widget_class_bind_template_child (widget_class, RessentiExchangeDialog, problems_scroller);
  gtk_widget_class_bind_template_child (widget_class, RessentiExchangeDialog, problems_list);
  gtk_widget_class_bind_template_child (widget_class, RessentiExchangeDialog, anyway_button);
  gtk_widget_class_bind_template_child (widget_class, RessentiExchangeDialog, go_button);
  gtk_widget_class_bind_template_callback (widget_class, go_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, anyway_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ressenti_exchange_dialog_init (RessentiExchangeDialog *self)
{
  g_autoptr(GtkStringList) formats = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->go_button));
  self->cancellable = g_cancellable_new ();
  for (RessentiMarkerFormat format = 0; format < RESSENTI_N_MARKER_FORMATS; format++)
    gtk_string_list_append (formats, ressenti_marker_format_describe (format));
  adw_combo_row_set_expression (self->format_row,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (formats));
}

RessentiExchangeDialog *
ressenti_exchange_dialog_new (GtkWindow             *parent,
                              RessentiReviewSession *session,
                              gboolean               import,
                              const char            *media_name,
                              gint64                 duration_ms)
{
  RessentiExchangeDialog *self = g_object_new (RESSENTI_TYPE_EXCHANGE_DIALOG, "transient-for", parent, NULL);

  self->session = g_object_ref (session);
  self->import = import;
  self->media_name = g_strdup (media_name);
  self->duration_ms = duration_ms;
  gtk_widget_set_visible (GTK_WIDGET (self->format_list), !import);
  if (import)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Import markers"));
      gtk_label_set_text (self->prompt_label,
                          _("Type the path of a WebVTT, Audacity labels, CSV or EmotionML file. Its markers are added "
                            "to your review; markers already there are skipped, and a file with problems is listed "
                            "before anything is imported."));
      gtk_button_set_label (self->go_button, _("Import"));
    }
  else
    {
      /* The library names audio by its content hash: eight characters of
       * it tell one call's export from another's. */
      g_autofree char *stem = g_strndup (media_name != NULL ? media_name : "", 8);
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      /* Translators: the file name offered for an export, %s a short
       * code of the call; no spaces. */
      name = g_strdup_printf (_("markers-%s"), stem);
      path = g_strconcat ("~/", name, ".", ressenti_marker_format_extension (RESSENTI_MARKER_FORMAT_WEBVTT), NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Export markers"));
      gtk_label_set_text (self->prompt_label,
                          _("Choose a format, then type where to write the file. WebVTT plays in any video or audio "
                            "player; Audacity labels open in Audacity; CSV opens in a spreadsheet; EmotionML is the "
                            "W3C format for emotions."));
      gtk_editable_set_text (GTK_EDITABLE (self->path_entry), path);
      gtk_button_set_label (self->go_button, _("Export"));
      g_signal_connect_swapped (self->format_row, "notify::selected", G_CALLBACK (format_changed_cb), self);
    }
  return self;
}
