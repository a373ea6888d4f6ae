/* ressenti-entry-picker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The way to every entry of the vocabulary, not only the nine on the
 * digit keys: a search field over a list. Each row says its entry, its
 * key and its definition, so the list doubles as the place where the
 * definitions are heard.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-application.h"
#include "ressenti-entry-picker.h"
#include "ressenti-spoken.h"

struct _RessentiEntryPicker
{
  AdwWindow       parent_instance;

  GtkSearchEntry *search_entry;
  GtkListBox     *list;
  GtkLabel       *count_label;

  char           *folded_query;
  guint           announce_source;
};

/* Time between the last keystroke in the search and the spoken count: the
 * count of "a", then "an", then "ang" would cut the echo of each letter. */
#define COUNT_ANNOUNCE_DELAY_MS 600

G_DEFINE_FINAL_TYPE (RessentiEntryPicker, ressenti_entry_picker, ADW_TYPE_WINDOW)

enum {
  ENTRY_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
filter_cb (GtkListBoxRow *row,
           gpointer       user_data)
{
  RessentiEntryPicker *self = user_data;
  const char *haystack = g_object_get_data (G_OBJECT (row), "ressenti-folded");

  return self->folded_query == NULL || *self->folded_query == '\0' ||
         (haystack != NULL && strstr (haystack, self->folded_query) != NULL);
}

static GtkListBoxRow *
first_visible_row (RessentiEntryPicker *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

static guint
count_visible (RessentiEntryPicker *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && filter_cb (GTK_LIST_BOX_ROW (child), self))
      n++;
  return n;
}

static gboolean
announce_count_cb (gpointer user_data)
{
  RessentiEntryPicker *self = user_data;
  RessentiAnnouncer *announcer = ressenti_announcer_get_default ();

  self->announce_source = 0;
  if (announcer != NULL)
    ressenti_announcer_announce (announcer, gtk_label_get_text (self->count_label), RESSENTI_ANNOUNCE_QUEUE,
                                 RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_COUNT);
  return G_SOURCE_REMOVE;
}

static void
search_changed_cb (RessentiEntryPicker *self)
{
  g_autofree char *text = NULL;
  guint n;

  g_free (self->folded_query);
  self->folded_query = ressenti_text_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_list_box_invalidate_filter (self->list);
  n = count_visible (self);
  text = n == 0 ? g_strdup (_("No marker matches"))
                : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u marker matches", "%u markers match", n), n);
  gtk_label_set_text (self->count_label, text);
  g_clear_handle_id (&self->announce_source, g_source_remove);
  self->announce_source = g_timeout_add (COUNT_ANNOUNCE_DELAY_MS, announce_count_cb, self);
}

static void
choose (RessentiEntryPicker *self,
        GtkListBoxRow       *row)
{
  const char *key = g_object_get_data (G_OBJECT (row), "ressenti-key");

  if (key == NULL)
    return;
  /* The choice is what is said next, not the count. */
  g_clear_handle_id (&self->announce_source, g_source_remove);
  g_signal_emit (self, signals[ENTRY_CHOSEN], 0, key);
  gtk_window_close (GTK_WINDOW (self));
}

static void
row_activated_cb (RessentiEntryPicker *self,
                  GtkListBoxRow       *row)
{
  choose (self, row);
}

static void
search_activate_cb (RessentiEntryPicker *self)
{
  GtkListBoxRow *row = first_visible_row (self);

  if (row != NULL && count_visible (self) > 0)
    choose (self, row);
}

static gboolean
search_key_cb (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               RessentiEntryPicker   *self)
{
  GtkListBoxRow *row;

  if (keyval != GDK_KEY_Down || (row = first_visible_row (self)) == NULL)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (row));
  return TRUE;
}

static GtkWidget *
row_new (const RessentiVocabularyEntry *entry,
         guint                          digit)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *haystack = NULL;
  g_autofree char *subtitle = NULL;
  const char *definition = entry->definition != NULL ? entry->definition : "";

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (digit > 0)
    /* Translators: the subtitle of a row of the marker picker: the digit
     * key that places the entry, and its definition. */
    subtitle = g_strdup_printf (_("Key %1$u — %2$s"), digit, definition);
  else
    subtitle = g_strdup (definition);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* The row's name is its title (what Orca 43 says of it); the key and the
   * definition are its description, said after. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  haystack = g_strconcat (entry->label, " ", entry->key, " ", definition, NULL);
  g_object_set_data_full (G_OBJECT (row), "ressenti-folded", ressenti_text_fold (haystack), g_free);
  g_object_set_data_full (G_OBJECT (row), "ressenti-key", g_strdup (entry->key), g_free);
  return row;
}

static void
fill (RessentiEntryPicker *self,
      RessentiVocabulary  *vocabulary,
      RessentiSide         side)
{
  static const RessentiVocabularyKind kinds[] = {
    RESSENTI_VOCABULARY_CUSTOMER_EMOTION, RESSENTI_VOCABULARY_AGENT_DELIVERY,
  };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GPtrArray) active = ressenti_vocabulary_get_active (vocabulary, kinds[k]);
      gboolean on_digits = kinds[k] == ressenti_side_vocabulary_kind (side);

      for (guint i = 0; i < active->len; i++)
        {
          const RessentiVocabularyEntry *entry = g_ptr_array_index (active, i);

          if (ressenti_side_accepts (side, entry))
            gtk_list_box_append (self->list, row_new (entry, on_digits && i < 9 ? i + 1 : 0));
        }
    }
}

static void
ressenti_entry_picker_dispose (GObject *object)
{
  RessentiEntryPicker *self = (RessentiEntryPicker *) object;

  g_clear_handle_id (&self->announce_source, g_source_remove);

  G_OBJECT_CLASS (ressenti_entry_picker_parent_class)->dispose (object);
}

static void
ressenti_entry_picker_finalize (GObject *object)
{
  RessentiEntryPicker *self = (RessentiEntryPicker *) object;

  g_free (self->folded_query);

  G_OBJECT_CLASS (ressenti_entry_picker_parent_class)->finalize (object);
}

static void
ressenti_entry_picker_class_init (RessentiEntryPickerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ressenti_entry_picker_dispose;
  G_OBJECT_CLASS (klass)->finalize = ressenti_entry_picker_finalize;

  /**
   * RessentiEntryPicker::entry-chosen:
   * @key: the key of the chosen vocabulary entry
   */
  signals[ENTRY_CHOSEN] = g_signal_new ("entry-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ressenti/Ressenti/ressenti-entry-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, RessentiEntryPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RessentiEntryPicker, list);
  gtk_widget_class_bind_template_child (widget_class, RessentiEntryPicker, count_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ressenti_entry_picker_init (RessentiEntryPicker *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->list, filter_cb, self, NULL);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (search_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  /* GtkSearchEntry takes Escape for itself (stop-search): close from there. */
  g_signal_connect_swapped (self->search_entry, "stop-search", G_CALLBACK (gtk_window_close), self);
}

RessentiEntryPicker *
ressenti_entry_picker_new (GtkWindow          *parent,
                           RessentiVocabulary *vocabulary,
                           RessentiSide        side)
{
  RessentiEntryPicker *self = g_object_new (RESSENTI_TYPE_ENTRY_PICKER, "transient-for", parent, NULL);
  g_autofree char *text = NULL;
  guint n;

  fill (self, vocabulary, side);
  n = count_visible (self);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u marker", "%u markers", n), n);
  gtk_label_set_text (self->count_label, text);
  return self;
}
