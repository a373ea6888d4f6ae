/* ressenti-review-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "My review" group of the call page: the status of the listener's
 * review of this call, its summary, and the buttons to start it, list its
 * markers and submit it. The review itself (RessentiReviewSession) is
 * shared with the player, where markers are placed; the call page hands it
 * over when the "session" property changes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-application.h"
#include "ressenti-review-view.h"
#include "ressenti-spoken.h"

struct _RessentiReviewView
{
  GtkWidget              parent_instance;

  AdwActionRow          *status_row;
  GtkEntry              *summary_entry;
  GtkButton             *start_button;
  GtkButton             *markers_button;
  GtkButton             *submit_button;

  RessentiStore         *store;
  RessentiRecording     *recording;
  RessentiReviewSession *session;
  GCancellable          *cancellable;
  gboolean               starting;
};

G_DEFINE_FINAL_TYPE (RessentiReviewView, ressenti_review_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "In progress, 3 markers" or "Submitted on 23 November 2026, 3 markers". */
static char *
describe_status (RessentiReviewView *self)
{
  const RessentiReviewInfo *info;
  guint n_markers;
  g_autofree char *markers = NULL;
  g_autofree char *status = NULL;

  if (self->session == NULL)
    return g_strdup (_("Not started"));
  info = ressenti_review_session_get_info (self->session);
  n_markers = g_list_model_get_n_items (ressenti_review_session_get_markers (self->session));
  markers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u marker", "%u markers", n_markers), n_markers);
  if (info->status == RESSENTI_REVIEW_STATUS_SUBMITTED && info->submitted_at != NULL)
    {
      g_autofree char *date = ressenti_spoken_date (info->submitted_at);

      /* Translators: %s is a date ("23 November 2026"). */
      status = g_strdup_printf (_("Submitted on %s"), date);
    }
  else
    status = g_strdup (ressenti_review_status_describe (info->status));
  /* Translators: the status of my review, then its number of markers:
   * "In progress, 3 markers". */
  return g_strdup_printf (_("%1$s, %2$s"), status, markers);
}

/* The call's own status (in the library's list and the page's heading)
 * is the most advanced among its reviews: mine may have moved it. */
static void
update_recording_status (RessentiReviewView *self)
{
  RessentiReviewStatus status;

  if (self->session == NULL || self->recording == NULL)
    return;
  status = ressenti_review_session_get_info (self->session)->status;
  if (status > ressenti_recording_get_review_status (self->recording))
    ressenti_recording_set_review_status (self->recording, status);
}

void
ressenti_review_view_refresh (RessentiReviewView *self)
{
  g_autofree char *status = NULL;
  g_autofree char *label = NULL;
  gboolean open;

  g_return_if_fail (RESSENTI_IS_REVIEW_VIEW (self));

  open = self->session != NULL;
  status = describe_status (self);
  adw_action_row_set_subtitle (self->status_row, status);
  /* Translators: the status row as spoken: "Status: In progress, 3 markers". */
  label = g_strdup_printf (_("Status: %s"), status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  gtk_widget_set_sensitive (GTK_WIDGET (self->summary_entry), open);
  gtk_widget_set_visible (GTK_WIDGET (self->markers_button), open);
  gtk_widget_set_visible (GTK_WIDGET (self->submit_button), open);
  /* A hidden button takes the focus with it, and the message said on the
   * focused widget would go unheard: the focus moves first. */
  if (open && gtk_widget_has_focus (GTK_WIDGET (self->start_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->markers_button));
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), !open && self->recording != NULL);
  update_recording_status (self);
}

static void
set_session (RessentiReviewView    *self,
             RessentiReviewSession *session)
{
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (ressenti_review_session_get_markers (self->session), self);
  if (!g_set_object (&self->session, session))
    return;
  if (session != NULL)
    {
      const char *summary = ressenti_review_session_get_info (session)->summary;

      g_signal_connect_swapped (ressenti_review_session_get_markers (session), "items-changed",
                                G_CALLBACK (ressenti_review_view_refresh), self);
      gtk_editable_set_text (GTK_EDITABLE (self->summary_entry), summary != NULL ? summary : "");
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->summary_entry), "");
  ressenti_review_view_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
session_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RessentiReviewView) self = user_data;
  g_autoptr(RessentiReviewSession) session = NULL;
  g_autoptr(GError) error = NULL;
  gboolean starting = self->starting;

  self->starting = FALSE;
  session = ressenti_review_session_open_finish (result, &error);
  if (error != NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (starting)
        /* Translators: %s says why. */
        text = g_strdup_printf (_("The review could not be started: %s"), error->message);
      else
        /* Translators: %s says why. */
        text = g_strdup_printf (_("Your review could not be loaded: %s"), error->message);
      ressenti_say_error (text);
      return;
    }
  set_session (self, session);
  if (starting && session != NULL)
    ressenti_say_result (_("Review started. Digits 1 to 9 place markers in the player."));
}

void
ressenti_review_view_show (RessentiReviewView *self,
                           RessentiStore      *store,
                           RessentiRecording  *recording)
{
  g_return_if_fail (RESSENTI_IS_REVIEW_VIEW (self));

  ressenti_review_view_clear (self);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->store, store);
  g_set_object (&self->recording, recording);
  ressenti_review_view_refresh (self);
  ressenti_review_session_open_async (store, ressenti_recording_get_id (recording), FALSE, self->cancellable,
                                      session_opened_cb, g_object_ref (self));
}

void
ressenti_review_view_clear (RessentiReviewView *self)
{
  g_return_if_fail (RESSENTI_IS_REVIEW_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->starting = FALSE;
  set_session (self, NULL);
  g_clear_object (&self->recording);
}

void
ressenti_review_view_start (RessentiReviewView *self)
{
  g_return_if_fail (RESSENTI_IS_REVIEW_VIEW (self));

  if (self->session != NULL || self->starting || self->recording == NULL)
    return;
  self->starting = TRUE;
  ressenti_review_session_open_async (self->store, ressenti_recording_get_id (self->recording), TRUE,
                                      self->cancellable, session_opened_cb, g_object_ref (self));
}

RessentiReviewSession *
ressenti_review_view_get_session (RessentiReviewView *self)
{
  g_return_val_if_fail (RESSENTI_IS_REVIEW_VIEW (self), NULL);

  return self->session;
}

static void
summary_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RessentiReviewView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ressenti_review_session_set_summary_finish (RESSENTI_REVIEW_SESSION (source), result, &error))
    {
      /* Translators: %s says why. The text typed stays in the field. */
      g_autofree char *text = g_strdup_printf (_("The summary could not be saved: %s"), error->message);

      ressenti_say_error (text);
      return;
    }
  ressenti_say_result (_("Summary saved"));
}

static void
summary_apply_cb (RessentiReviewView *self)
{
  if (self->session == NULL)
    return;
  ressenti_review_session_set_summary_async (self->session, gtk_editable_get_text (GTK_EDITABLE (self->summary_entry)),
                                             summary_saved_cb, g_object_ref (self));
}

static void
submitted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RessentiReviewView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ressenti_review_session_submit_finish (RESSENTI_REVIEW_SESSION (source), result, &error))
    {
      /* Translators: %s says why. */
      g_autofree char *text = g_strdup_printf (_("The review could not be submitted: %s"), error->message);

      ressenti_say_error (text);
      return;
    }
  ressenti_review_view_refresh (self);
  ressenti_say_result (_("Review submitted. You can still change it until it is delivered."));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RessentiReviewView *self = RESSENTI_REVIEW_VIEW (widget);

  if (self->session == NULL)
    return;
  if (ressenti_review_session_get_info (self->session)->status >= RESSENTI_REVIEW_STATUS_SUBMITTED)
    {
      ressenti_say_result (_("This review is already submitted."));
      return;
    }
  /* The summary being typed goes with the review. */
  ressenti_review_session_set_summary_async (self->session, gtk_editable_get_text (GTK_EDITABLE (self->summary_entry)),
                                             NULL, NULL);
  ressenti_review_session_submit_async (self->session, submitted_cb, g_object_ref (self));
}

static void
ressenti_review_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RessentiReviewView *self = RESSENTI_REVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_review_view_dispose (GObject *object)
{
  RessentiReviewView *self = (RessentiReviewView *) object;

  ressenti_review_view_clear (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RESSENTI_TYPE_REVIEW_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ressenti_review_view_parent_class)->dispose (object);
}

static void
ressenti_review_view_class_init (RessentiReviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ressenti_review_view_get_property;
  object_class->dispose = ressenti_review_view_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, RESSENTI_TYPE_REVIEW_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ressenti/Ressenti/ressenti-review-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RessentiReviewView, status_row);
  gtk_widget_class_bind_template_child (widget_class, RessentiReviewView, summary_entry);
  gtk_widget_class_bind_template_child (widget_class, RessentiReviewView, start_button);
  gtk_widget_class_bind_template_child (widget_class, RessentiReviewView, markers_button);
  gtk_widget_class_bind_template_child (widget_class, RessentiReviewView, submit_button);
  gtk_widget_class_bind_template_callback (widget_class, summary_apply_cb);
  gtk_widget_class_install_action (widget_class, "review.submit", NULL, submit_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

/* A change in the vocabulary (preferences) names the markers anew, in the
 * player as in the lists. */
static void
vocabulary_changed_cb (RessentiReviewView *self,
                       RessentiVocabulary *vocabulary)
{
  if (self->session != NULL && vocabulary != NULL)
    ressenti_review_session_set_vocabulary (self->session, vocabulary);
}

static void
ressenti_review_view_init (RessentiReviewView *self)
{
  GApplication *application = g_application_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  if (RESSENTI_IS_APPLICATION (application))
    g_signal_connect_object (application, "vocabulary-changed", G_CALLBACK (vocabulary_changed_cb), self,
                             G_CONNECT_SWAPPED);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  ressenti_review_view_refresh (self);
}
