/* ressenti-keys-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-keys.h"
#include "ressenti-keys-window.h"
#include "ressenti-list-window.h"

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
  g_autofree char *keys = ressenti_keys_translate (key->keys);
  /* Translators: one line of the key list, e.g. "Ctrl+O: Import files…
   * (Everywhere)". */
  g_autofree char *sentence = g_strdup_printf (_("%1$s: %2$s (%3$s)"), keys,
                                               _(key->description), _(key->where));
  /* Translators: what a key does and where, e.g. "Import files…
   * (Everywhere)". */
  g_autofree char *subtitle = g_strdup_printf (_("%1$s (%2$s)"), _(key->description), _(key->where));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), keys);
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
  self->list = ressenti_list_window_setup (ADW_WINDOW (self), _("Keyboard shortcuts"));
  for (const RessentiKey *key = ressenti_keys_get (); key->keys != NULL; key++)
    gtk_list_box_append (self->list, key_row_new (key));
}

RessentiKeysWindow *
ressenti_keys_window_new (GtkWindow *parent)
{
  return g_object_new (RESSENTI_TYPE_KEYS_WINDOW, "transient-for", parent, NULL);
}
