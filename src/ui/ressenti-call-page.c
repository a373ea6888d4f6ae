/* ressenti-call-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-application.h"
#include "ressenti-call-page.h"
#include "ressenti-player-view.h"
#include "ressenti-review-view.h"
#include "ressenti-spoken.h"

struct _RessentiCallPage
{
  GtkWidget          parent_instance;

  GtkButton         *back_button;
  GtkLabel          *heading_label;
  GtkListBox        *details_list;
  AdwComboRow       *layout_row;
  GtkListBox        *reviews_list;
  RessentiPlayerView *player_view;
  RessentiReviewView *review_view;

  RessentiStore     *store;
  RessentiRecording *recording;
  GPtrArray         *detail_rows;
  GCancellable      *cancellable;
  gboolean           setting_layout;
};

G_DEFINE_FINAL_TYPE (RessentiCallPage, ressenti_call_page, GTK_TYPE_WIDGET)

enum {
  BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The choices of the layout row, in this order. */
static const RessentiChannelLayout stereo_layouts[] = {
  RESSENTI_CHANNEL_LAYOUT_UNKNOWN,
  RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT,
  RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT,
};

static void
announce (const char               *text,
          RessentiAnnouncePriority  priority,
          RessentiAnnounceCategory  category)
{
  RessentiAnnouncer *announcer = ressenti_announcer_get_default ();

  if (announcer != NULL)
    ressenti_announcer_announce (announcer, text, priority, RESSENTI_VERBOSITY_TERSE, category);
}

/* A read-only row "Title: value"; its accessible label says both, since
 * the row is what gets focus when the list is walked with the arrows. */
static GtkWidget *
detail_row_new (const char *title,
                const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *label = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  /* Translators: a detail of a call as spoken, e.g. "Agent: A-17". */
  label = g_strdup_printf (_("%1$s: %2$s"), title, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return row;
}

static void
clear_details (RessentiCallPage *self)
{
  for (guint i = 0; i < self->detail_rows->len; i++)
    gtk_list_box_remove (self->details_list, g_ptr_array_index (self->detail_rows, i));
  g_ptr_array_set_size (self->detail_rows, 0);
}

static void
add_detail (RessentiCallPage *self,
            const char       *title,
            const char       *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;
  row = detail_row_new (title, value);
  /* Details go above the layout row, which stays last. */
  gtk_list_box_insert (self->details_list, row, (int) self->detail_rows->len);
  g_ptr_array_add (self->detail_rows, row);
}

static void
fill_details (RessentiCallPage *self)
{
  RessentiRecording *recording = self->recording;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *duration = ressenti_spoken_duration (ressenti_recording_get_duration_ms (recording));
  g_autofree char *format = NULL;
  GDateTime *call_date = ressenti_recording_get_call_date (recording);

  clear_details (self);
  if (call_date != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (call_date);

      date = ressenti_spoken_date (call_date);
      /* Translators: a time of day, as a g_date_time_format() string. */
      time = g_date_time_format (local, _("%H:%M"));
      add_detail (self, _("Date"), date);
      add_detail (self, _("Time"), time);
    }
  add_detail (self, _("Agent"), ressenti_recording_get_agent (recording));
  add_detail (self, _("Service"), ressenti_recording_get_service (recording));
  add_detail (self, _("Customer"), ressenti_recording_get_customer (recording));
  add_detail (self, _("Duration"), duration);
  /* Translators: the audio format of a call: %1$s is the codec, %2$u the
   * sample rate, %3$s "mono" or "stereo". */
  format = g_strdup_printf (_("%1$s, %2$u Hz, %3$s"),
                            ressenti_recording_get_codec (recording) ?: _("unknown codec"),
                            ressenti_recording_get_sample_rate (recording),
                            ressenti_recording_get_channels (recording) == 1 ? _("mono") : _("stereo"));
  add_detail (self, _("Format"), format);
}

static void
fill_layout (RessentiCallPage *self)
{
  RessentiChannelLayout layout = ressenti_recording_get_layout (self->recording);
  gboolean stereo = ressenti_recording_get_channels (self->recording) >= 2;

  gtk_widget_set_visible (GTK_WIDGET (self->layout_row), stereo);
  self->setting_layout = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (stereo_layouts); i++)
    if (stereo_layouts[i] == layout)
      adw_combo_row_set_selected (self->layout_row, i);
  self->setting_layout = FALSE;
}

static void
layout_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RessentiCallPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ressenti_store_set_channel_layout_finish (RESSENTI_STORE (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The channel layout could not be saved: %s"), error->message);

      ressenti_announcer_error (ressenti_announcer_get_default (), text);
      fill_layout (self);
      return;
    }
  announce (_("Channel layout saved."), RESSENTI_ANNOUNCE_QUEUE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
  ressenti_player_view_layout_changed (self->player_view);
}

static void
layout_selected_cb (RessentiCallPage *self)
{
  guint selected = adw_combo_row_get_selected (self->layout_row);
  RessentiChannelLayout layout;

  if (self->setting_layout || self->recording == NULL || selected >= G_N_ELEMENTS (stereo_layouts))
    return;
  layout = stereo_layouts[selected];
  if (layout == ressenti_recording_get_layout (self->recording))
    return;

  ressenti_recording_set_layout (self->recording, layout);
  ressenti_store_set_channel_layout_async (self->store, ressenti_recording_get_id (self->recording),
                                           layout, self->cancellable, layout_saved_cb,
                                           g_object_ref (self));
}

static GtkWidget *
review_row_new (const RessentiReviewInfo *review)
{
  g_autofree char *status = g_utf8_strdown (ressenti_review_status_describe (review->status), -1);
  g_autofree char *markers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u marker", "%u markers", review->n_markers),
                                              review->n_markers);
  g_autofree char *notes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u voice note", "%u voice notes", review->n_voice_notes),
                                            review->n_voice_notes);
  /* Translators: %s is the login of the listener who wrote the review. */
  g_autofree char *title = g_strdup_printf (_("Review by %s"), review->listener);
  g_autofree char *value = g_strdup_printf ("%s, %s, %s", status, markers, notes);

  return detail_row_new (title, value);
}

static void
reviews_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RessentiCallPage) self = user_data;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  reviews = ressenti_store_list_reviews_finish (RESSENTI_STORE (source), result, &error);
  if (reviews == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The reviews could not be loaded: %s"), error->message);

          ressenti_announcer_error (ressenti_announcer_get_default (), text);
        }
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->reviews_list))) != NULL)
    gtk_list_box_remove (self->reviews_list, child);

  if (reviews->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No reviews yet"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("No reviews yet"), -1);
      gtk_list_box_append (self->reviews_list, row);
    }
  for (guint i = 0; i < reviews->len; i++)
    gtk_list_box_append (self->reviews_list, review_row_new (g_ptr_array_index (reviews, i)));
}

static void
access_logged_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Not being able to log is serious (the log is a legal duty), but it
   * must not keep the listener from working: say it. */
  if (!ressenti_store_log_access_finish (RESSENTI_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Opening this call could not be written to the access log: %s"),
                                               error->message);

      ressenti_announcer_error (ressenti_announcer_get_default (), text);
    }
}

static void
load_reviews (RessentiCallPage *self)
{
  ressenti_store_list_reviews_async (self->store, ressenti_recording_get_id (self->recording),
                                     self->cancellable, reviews_loaded_cb, g_object_ref (self));
}

/* The player places markers in the review the review view opened; the
 * list of all reviews shows the new one. */
static void
review_session_changed_cb (RessentiCallPage *self)
{
  RessentiReviewSession *session = ressenti_review_view_get_session (self->review_view);

  ressenti_player_view_set_review_session (self->player_view, session);
  if (session != NULL && self->recording != NULL)
    load_reviews (self);
}

static void
start_review_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ressenti_review_view_start (RESSENTI_CALL_PAGE (widget)->review_view);
}

static void
markers_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ressenti_player_view_show_markers (RESSENTI_CALL_PAGE (widget)->player_view);
}

static void
recording_description_cb (RessentiCallPage *self)
{
  g_autofree char *sentence = NULL;

  if (self->recording == NULL)
    return;
  sentence = ressenti_recording_describe (self->recording);
  gtk_label_set_text (self->heading_label, sentence);
}

void
ressenti_call_page_show (RessentiCallPage  *self,
                         RessentiStore     *store,
                         RessentiRecording *recording)
{
  g_autofree char *sentence = NULL;

  g_return_if_fail (RESSENTI_IS_CALL_PAGE (self));
  g_return_if_fail (RESSENTI_IS_RECORDING (recording));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->store, store);
  if (self->recording != NULL)
    g_signal_handlers_disconnect_by_func (self->recording, recording_description_cb, self);
  g_set_object (&self->recording, recording);
  g_signal_connect_object (recording, "notify::description", G_CALLBACK (recording_description_cb), self,
                           G_CONNECT_SWAPPED);

  sentence = ressenti_recording_describe (recording);
  gtk_label_set_text (self->heading_label, sentence);
  fill_details (self);
  fill_layout (self);

  ressenti_store_log_access_async (store, ressenti_recording_get_id (recording), RESSENTI_ACCESS_OPEN,
                                   self->cancellable, access_logged_cb, NULL);
  ressenti_player_view_open (self->player_view, store, recording);
  ressenti_review_view_show (self->review_view, store, recording);
  load_reviews (self);
}

RessentiRecording *
ressenti_call_page_get_recording (RessentiCallPage *self)
{
  g_return_val_if_fail (RESSENTI_IS_CALL_PAGE (self), NULL);

  return self->recording;
}

void
ressenti_call_page_focus (RessentiCallPage *self)
{
  g_autofree char *sentence = NULL;

  g_return_if_fail (RESSENTI_IS_CALL_PAGE (self));

  /* The player's timeline takes the focus: the call is ready to hear. */
  ressenti_player_view_focus (self->player_view);
  if (self->recording == NULL)
    return;
  sentence = ressenti_recording_describe (self->recording);
  announce (sentence, RESSENTI_ANNOUNCE_QUEUE, RESSENTI_ANNOUNCE_CATEGORY_NAVIGATION);
  ressenti_announcer_announce (ressenti_announcer_get_default (),
                               _("Space plays. Shift+F1 says what each key does."),
                               RESSENTI_ANNOUNCE_QUEUE, RESSENTI_VERBOSITY_NORMAL,
                               RESSENTI_ANNOUNCE_CATEGORY_HINT);
}

void
ressenti_call_page_close (RessentiCallPage *self)
{
  g_return_if_fail (RESSENTI_IS_CALL_PAGE (self));

  ressenti_player_view_close (self->player_view);
  ressenti_review_view_clear (self->review_view);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ressenti_call_page_close (RESSENTI_CALL_PAGE (widget));
  g_signal_emit (widget, signals[BACK], 0);
}

static void
ressenti_call_page_dispose (GObject *object)
{
  RessentiCallPage *self = (RessentiCallPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RESSENTI_TYPE_CALL_PAGE);
  g_clear_pointer (&self->detail_rows, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->recording);

  G_OBJECT_CLASS (ressenti_call_page_parent_class)->dispose (object);
}

static void
ressenti_call_page_class_init (RessentiCallPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ressenti_call_page_dispose;

  /**
   * RessentiCallPage::back:
   *
   * The user asked to go back to the library.
   */
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (RESSENTI_TYPE_PLAYER_VIEW);
  g_type_ensure (RESSENTI_TYPE_REVIEW_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ressenti/Ressenti/ressenti-call-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RessentiCallPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, RessentiCallPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, RessentiCallPage, details_list);
  gtk_widget_class_bind_template_child (widget_class, RessentiCallPage, layout_row);
  gtk_widget_class_bind_template_child (widget_class, RessentiCallPage, reviews_list);
  gtk_widget_class_bind_template_child (widget_class, RessentiCallPage, player_view);
  gtk_widget_class_bind_template_child (widget_class, RessentiCallPage, review_view);
  gtk_widget_class_bind_template_callback (widget_class, review_session_changed_cb);

  gtk_widget_class_install_action (widget_class, "call.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "call.start-review", NULL, start_review_action);
  gtk_widget_class_install_action (widget_class, "call.markers", NULL, markers_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "call.markers", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "call.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "call.back", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ressenti_call_page_init (RessentiCallPage *self)
{
  g_autoptr(GtkStringList) layouts = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  gtk_widget_init_template (GTK_WIDGET (self));
  self->detail_rows = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (stereo_layouts); i++)
    gtk_string_list_append (layouts, ressenti_channel_layout_describe (stereo_layouts[i]));
  adw_combo_row_set_expression (self->layout_row, expression);
  adw_combo_row_set_model (self->layout_row, G_LIST_MODEL (layouts));
  g_signal_connect_swapped (self->layout_row, "notify::selected", G_CALLBACK (layout_selected_cb), self);
}
