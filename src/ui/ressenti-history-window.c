/* ressenti-history-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-history-window.h"
#include "ressenti-list-window.h"

struct _RessentiHistoryWindow
{
  AdwWindow          parent_instance;

  GtkListBox        *list;
  GtkWidget         *empty_row;
  RessentiAnnouncer *announcer;
  guint              n_rows;
};

G_DEFINE_FINAL_TYPE (RessentiHistoryWindow, ressenti_history_window, ADW_TYPE_WINDOW)

/* Announcements carry a monotonic time; the list shows the clock time. */
static char *
clock_time_of (const RessentiAnnouncement *announcement)
{
  gint64 ago_us = g_get_monotonic_time () - announcement->monotonic_time;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add (now, -MAX (ago_us, 0));

  /* Translators: the time a message was spoken, as a g_date_time_format()
   * string. */
  return g_date_time_format (then, _("%H:%M:%S"));
}

/* Orca 43 reads an AdwActionRow as its title and subtitle (an accessible
 * label would only be repeated): the message is the title, so it is heard
 * first, then the time. */
static GtkWidget *
message_row_new (const RessentiAnnouncement *announcement)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *time = clock_time_of (announcement);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), announcement->text);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), time);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, TRUE);
  return row;
}

static void
prepend (RessentiHistoryWindow      *self,
         const RessentiAnnouncement *announcement)
{
  GtkWidget *last;

  if (self->empty_row != NULL)
    {
      gtk_list_box_remove (self->list, self->empty_row);
      self->empty_row = NULL;
    }
  gtk_list_box_prepend (self->list, message_row_new (announcement));
  self->n_rows++;
  /* The announcer keeps the last RESSENTI_ANNOUNCER_HISTORY_LENGTH; so does
   * the list while it is open. */
  while (self->n_rows > RESSENTI_ANNOUNCER_HISTORY_LENGTH &&
         (last = gtk_widget_get_last_child (GTK_WIDGET (self->list))) != NULL)
    {
      gtk_list_box_remove (self->list, last);
      self->n_rows--;
    }
}

static void
announced_cb (RessentiHistoryWindow      *self,
              const RessentiAnnouncement *announcement)
{
  prepend (self, announcement);
}

static void
ressenti_history_window_dispose (GObject *object)
{
  RessentiHistoryWindow *self = (RessentiHistoryWindow *) object;

  if (self->announcer != NULL)
    g_signal_handlers_disconnect_by_data (self->announcer, self);
  g_clear_object (&self->announcer);

  G_OBJECT_CLASS (ressenti_history_window_parent_class)->dispose (object);
}

static void
ressenti_history_window_class_init (RessentiHistoryWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ressenti_history_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ressenti_history_window_init (RessentiHistoryWindow *self)
{
  self->list = ressenti_list_window_setup (ADW_WINDOW (self), _("Messages spoken recently"));
}

RessentiHistoryWindow *
ressenti_history_window_new (GtkWindow         *parent,
                             RessentiAnnouncer *announcer)
{
  RessentiHistoryWindow *self = g_object_new (RESSENTI_TYPE_HISTORY_WINDOW, "transient-for", parent, NULL);
  GPtrArray *history = ressenti_announcer_get_history (announcer);

  self->announcer = g_object_ref (announcer);
  for (guint i = 0; i < history->len; i++)
    prepend (self, g_ptr_array_index (history, i));
  if (history->len == 0)
    {
      self->empty_row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row), _("Nothing has been said yet"));
      gtk_widget_set_focusable (self->empty_row, TRUE);
      gtk_list_box_append (self->list, self->empty_row);
    }
  g_signal_connect_object (announcer, "announced", G_CALLBACK (announced_cb), self, G_CONNECT_SWAPPED);
  return self;
}
