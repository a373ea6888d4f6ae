/* ressenti-list-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ressenti-list-window.h"

GtkListBox *
ressenti_list_window_setup (AdwWindow  *window,
                            const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());

  g_return_val_if_fail (ADW_IS_WINDOW (window), NULL);

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);

  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (list), "boxed-list");
  gtk_widget_set_margin_top (GTK_WIDGET (list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (list), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (list), 12);
  gtk_widget_set_valign (GTK_WIDGET (list), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (list));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (window, box);
  return list;
}

void
ressenti_list_item_setup_label (GtkSignalListItemFactory *factory,
                                GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 10);
  gtk_widget_set_margin_bottom (label, 10);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_item_set_child (list_item, label);
}

void
ressenti_list_item_set_sentence (GtkListItem *list_item,
                                 const char  *sentence)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_text (GTK_LABEL (label), sentence);
#if GTK_CHECK_VERSION (4, 12, 0)
  /* Newer than the API pinned for Debian 12: allowed behind this check. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_list_item_set_accessible_label (list_item, sentence);
  G_GNUC_END_IGNORE_DEPRECATIONS
#else
  if (gtk_widget_get_parent (label) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (label)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);
#endif
}
