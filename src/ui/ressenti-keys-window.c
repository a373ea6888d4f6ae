/* ressenti-keys-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-keys.h"
#include "ressenti-keys-window.h"

struct _RessentiKeysWindow
{
  AdwWindow   parent_instance;

  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (RessentiKeysWindow, ressenti_keys_window, ADW_TYPE_WINDOW)

/* Orca 43 reads an AdwActionRow as its title and subtitle, whatever its
 * accessible label: the keys go in the title so they are heard first. */
static GtkWidget *
key_row_new (const RessentiKey *key)
{
  GtkWidget *row = adw_action_row_new ();
  /* Translators: one line of the key list, e.g. "Ctrl+O: Import files…
   * (Everywhere)". */
  g_autofree char *sentence = g_strdup_printf (_("%1$s: %2$s (%3$s)"), key->keys,
                                               _(key->description), _(key->where));
  /* Translators: what a key does and where, e.g. "Import files…
   * (Everywhere)". */
  g_autofree char *subtitle = g_strdup_printf (_("%1$s (%2$s)"), _(key->description), _(key->where));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), key->keys);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);
  return row;
}

static void
ressenti_keys_window_class_init (RessentiKeysWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ressenti_keys_window_init (RessentiKeysWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Keyboard shortcuts"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 640);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Keyboard shortcuts"), -1);

  for (const RessentiKey *key = ressenti_keys_get (); key->keys != NULL; key++)
    gtk_list_box_append (self->list, key_row_new (key));

  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
}

RessentiKeysWindow *
ressenti_keys_window_new (GtkWindow *parent)
{
  return g_object_new (RESSENTI_TYPE_KEYS_WINDOW, "transient-for", parent, NULL);
}
