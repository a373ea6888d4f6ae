/* ressenti-marker-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Combo rows (spoken with their value by Orca 43, unlike drop-downs) for
 * the side, the entry and the intensity; plain entries for the times and
 * the text. Changing the side changes the entries offered: the agent's
 * side takes delivery qualities only.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-application.h"
#include "ressenti-marker-dialog.h"
#include "ressenti-spoken.h"

struct _RessentiMarkerDialog
{
  AdwWindow           parent_instance;

  AdwComboRow        *side_row;
  AdwComboRow        *entry_row;
  AdwComboRow        *intensity_row;
  GtkEntry           *start_entry;
  GtkEntry           *end_entry;
  GtkEntry           *text_entry;
  GtkLabel           *error_label;
  GtkButton          *save_button;

  RessentiMarker     *marker;
  RessentiVocabulary *vocabulary;
  GPtrArray          *entry_keys;    /* char*, in entry_row's order */
  gint64              duration_ms;
  gboolean            text_first;
};

G_DEFINE_FINAL_TYPE (RessentiMarkerDialog, ressenti_marker_dialog, ADW_TYPE_WINDOW)

enum {
  MARKER_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
refuse (RessentiMarkerDialog *self,
        const char           *text)
{
  RessentiAnnouncer *announcer = ressenti_announcer_get_default ();

  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (announcer != NULL)
    ressenti_announcer_error (announcer, text);
}

static GtkExpression *
string_expression (void)
{
  return gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
}

/* The entries the chosen side accepts, keeping @keep selected when it is
 * one of them (a retired entry stays listed for the marker that has it). */
static void
fill_entries (RessentiMarkerDialog *self,
              const char           *keep)
{
  RessentiSide side = adw_combo_row_get_selected (self->side_row);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) entries = ressenti_vocabulary_get_entries (self->vocabulary);
  guint selected = 0;

  g_ptr_array_set_size (self->entry_keys, 0);
  for (guint i = 0; i < entries->len; i++)
    {
      const RessentiVocabularyEntry *entry = g_ptr_array_index (entries, i);
      gboolean kept = g_strcmp0 (entry->key, keep) == 0;

      if (!ressenti_side_accepts (side, entry) || (entry->retired && !kept))
        continue;
      if (kept)
        selected = self->entry_keys->len;
      gtk_string_list_append (labels, entry->label);
      g_ptr_array_add (self->entry_keys, g_strdup (entry->key));
    }
  adw_combo_row_set_model (self->entry_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->entry_row, selected);
}

static void
side_changed_cb (RessentiMarkerDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->entry_row);
  const char *key = selected < self->entry_keys->len ? g_ptr_array_index (self->entry_keys, selected) : NULL;
  g_autofree char *keep = g_strdup (key);

  fill_entries (self, keep);
}

static gboolean
read_times (RessentiMarkerDialog *self,
            RessentiMarker       *marker)
{
  const char *start = gtk_editable_get_text (GTK_EDITABLE (self->start_entry));
  const char *end = gtk_editable_get_text (GTK_EDITABLE (self->end_entry));

  if (!ressenti_parse_time_precise (start, &marker->start_ms))
    {
      refuse (self, _("The start is not a time. Type minutes and seconds, such as 2:13."));
      return FALSE;
    }
  marker->end_ms = -1;
  if (*end != '\0' && !ressenti_parse_time_precise (end, &marker->end_ms))
    {
      refuse (self, _("The end is not a time. Type minutes and seconds, such as 2:20, or leave it empty."));
      return FALSE;
    }
  if (self->duration_ms > 0 && MAX (marker->start_ms, marker->end_ms) > self->duration_ms)
    {
      g_autofree char *length = ressenti_spoken_duration (self->duration_ms);
      /* Translators: %s is the call's length ("6 minutes 20"). */
      g_autofree char *text = g_strdup_printf (_("The call lasts only %s."), length);

      refuse (self, text);
      return FALSE;
    }
  if (marker->end_ms >= 0 && marker->end_ms <= marker->start_ms)
    {
      refuse (self, _("The end must come after the start."));
      return FALSE;
    }
  return TRUE;
}

static void
save_clicked_cb (RessentiMarkerDialog *self)
{
  g_autoptr(RessentiMarker) marker = ressenti_marker_copy (self->marker);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_entry))));
  guint entry = adw_combo_row_get_selected (self->entry_row);

  if (!read_times (self, marker))
    return;
  if (entry >= self->entry_keys->len)
    {
      refuse (self, _("Choose what was heard."));
      return;
    }
  marker->side = adw_combo_row_get_selected (self->side_row);
  g_free (marker->entry_key);
  marker->entry_key = g_strdup (g_ptr_array_index (self->entry_keys, entry));
  marker->intensity = RESSENTI_INTENSITY_MIN + (int) adw_combo_row_get_selected (self->intensity_row);
  g_free (marker->text);
  marker->text = *text != '\0' ? g_steal_pointer (&text) : NULL;
  g_signal_emit (self, signals[MARKER_EDITED], 0, marker);
  gtk_window_close (GTK_WINDOW (self));
}

static void
ressenti_marker_dialog_dispose (GObject *object)
{
  RessentiMarkerDialog *self = (RessentiMarkerDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RESSENTI_TYPE_MARKER_DIALOG);
  g_clear_pointer (&self->marker, ressenti_marker_free);
  g_clear_pointer (&self->entry_keys, g_ptr_array_unref);
  g_clear_object (&self->vocabulary);

  G_OBJECT_CLASS (ressenti_marker_dialog_parent_class)->dispose (object);
}

/* Focus is set once mapped: before, GTK 4.8 exposes the window to AT-SPI
 * as a "filler" that never becomes active. */
static void
ressenti_marker_dialog_map (GtkWidget *widget)
{
  RessentiMarkerDialog *self = RESSENTI_MARKER_DIALOG (widget);

  GTK_WIDGET_CLASS (ressenti_marker_dialog_parent_class)->map (widget);
  gtk_widget_grab_focus (self->text_first ? GTK_WIDGET (self->text_entry) : GTK_WIDGET (self->side_row));
}

static void
ressenti_marker_dialog_class_init (RessentiMarkerDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ressenti_marker_dialog_dispose;
  widget_class->map = ressenti_marker_dialog_map;

  /**
   * RessentiMarkerDialog::marker-edited:
   * @marker: the marker as the user left it
   */
  signals[MARKER_EDITED] = g_signal_new ("marker-edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, RESSENTI_TYPE_MARKER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ressenti/Ressenti/ressenti-marker-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RessentiMarkerDialog, side_row);
  gtk_widget_class_bind_template_child (widget_class, RessentiMarkerDialog, entry_row);
  gtk_widget_class_bind_template_child (widget_class, RessentiMarkerDialog, intensity_row);
  gtk_widget_class_bind_template_child (widget_class, RessentiMarkerDialog, start_entry);
  gtk_widget_class_bind_template_child (widget_class, RessentiMarkerDialog, end_entry);
  gtk_widget_class_bind_template_child (widget_class, RessentiMarkerDialog, text_entry);
  gtk_widget_class_bind_template_child (widget_class, RessentiMarkerDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RessentiMarkerDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ressenti_marker_dialog_init (RessentiMarkerDialog *self)
{
  g_autoptr(GtkStringList) sides = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) intensities = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  self->entry_keys = g_ptr_array_new_with_free_func (g_free);

  for (RessentiSide side = 0; side < RESSENTI_N_SIDES; side++)
    gtk_string_list_append (sides, ressenti_side_describe (side));
  for (int i = RESSENTI_INTENSITY_MIN; i <= RESSENTI_INTENSITY_MAX; i++)
    gtk_string_list_append (intensities, ressenti_intensity_describe (i));
  adw_combo_row_set_expression (self->side_row, string_expression ());
  adw_combo_row_set_model (self->side_row, G_LIST_MODEL (sides));
  adw_combo_row_set_expression (self->entry_row, string_expression ());
  adw_combo_row_set_expression (self->intensity_row, string_expression ());
  adw_combo_row_set_model (self->intensity_row, G_LIST_MODEL (intensities));
}

RessentiMarkerDialog *
ressenti_marker_dialog_new (GtkWindow            *parent,
                            const RessentiMarker *marker,
                            RessentiVocabulary   *vocabulary,
                            gint64                duration_ms,
                            gboolean              text_first)
{
  RessentiMarkerDialog *self = g_object_new (RESSENTI_TYPE_MARKER_DIALOG, "transient-for", parent, NULL);
  g_autofree char *start = ressenti_clock_time_precise (marker->start_ms);
  g_autofree char *end = marker->end_ms >= 0 ? ressenti_clock_time_precise (marker->end_ms) : g_strdup ("");

  self->marker = ressenti_marker_copy (marker);
  self->vocabulary = g_object_ref (vocabulary);
  self->duration_ms = duration_ms;
  adw_combo_row_set_selected (self->side_row, marker->side);
  fill_entries (self, marker->entry_key);
  g_signal_connect_swapped (self->side_row, "notify::selected", G_CALLBACK (side_changed_cb), self);
  adw_combo_row_set_selected (self->intensity_row, (guint) (marker->intensity - RESSENTI_INTENSITY_MIN));
  gtk_editable_set_text (GTK_EDITABLE (self->start_entry), start);
  gtk_editable_set_text (GTK_EDITABLE (self->end_entry), end);
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), marker->text != NULL ? marker->text : "");
  self->text_first = text_first;
  return self;
}
