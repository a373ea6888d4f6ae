/* ressenti-time-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-application.h"
#include "ressenti-spoken.h"
#include "ressenti-time-dialog.h"

struct _RessentiTimeDialog
{
  AdwWindow  parent_instance;

  GtkLabel  *prompt_label;
  GtkEntry  *time_entry;
  GtkLabel  *error_label;
  GtkButton *go_button;

  gint64     duration_ms;
};

G_DEFINE_FINAL_TYPE (RessentiTimeDialog, ressenti_time_dialog, ADW_TYPE_WINDOW)

enum {
  TIME_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Shown and spoken: the entry keeps the focus, so what is wrong must be
 * heard, not only seen. */
static void
refuse (RessentiTimeDialog *self,
        const char         *text)
{
  RessentiAnnouncer *announcer = ressenti_announcer_get_default ();

  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (announcer != NULL)
    ressenti_announcer_error (announcer, text);
}

static void
go_clicked_cb (RessentiTimeDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->time_entry));
  gint64 ms;

  if (!ressenti_parse_time (text, &ms))
    {
      refuse (self, _("This is not a time. Type minutes and seconds, such as 2:13."));
      return;
    }
  if (self->duration_ms >= 0 && ms > self->duration_ms)
    {
      g_autofree char *length = ressenti_spoken_duration (self->duration_ms);
      /* Translators: %s is the call's length ("6 minutes 20"). */
      g_autofree char *message = g_strdup_printf (_("The call lasts only %s."), length);

      refuse (self, message);
      return;
    }
  g_signal_emit (self, signals[TIME_CHOSEN], 0, ms);
  gtk_window_close (GTK_WINDOW (self));
}

static void
ressenti_time_dialog_class_init (RessentiTimeDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * RessentiTimeDialog::time-chosen:
   * @position_ms: the time typed, in milliseconds
   */
  signals[TIME_CHOSEN] = g_signal_new ("time-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ressenti/Ressenti/ressenti-time-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RessentiTimeDialog, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, RessentiTimeDialog, time_entry);
  gtk_widget_class_bind_template_child (widget_class, RessentiTimeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RessentiTimeDialog, go_button);
  gtk_widget_class_bind_template_callback (widget_class, go_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ressenti_time_dialog_init (RessentiTimeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->go_button));
}

RessentiTimeDialog *
ressenti_time_dialog_new (GtkWindow *parent,
                          gint64     duration_ms)
{
  RessentiTimeDialog *self = g_object_new (RESSENTI_TYPE_TIME_DIALOG, "transient-for", parent, NULL);
  g_autofree char *length = ressenti_spoken_duration (MAX (duration_ms, 0));
  /* Translators: %s is the call's length ("6 minutes 20"). */
  g_autofree char *prompt = g_strdup_printf (_("Type a time in the call, such as 2:13 for 2 minutes 13. The call lasts %s."),
                                             length);

  self->duration_ms = duration_ms;
  gtk_label_set_text (self->prompt_label, prompt);
  return self;
}
