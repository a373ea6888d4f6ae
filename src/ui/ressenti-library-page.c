/* ressenti-library-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each row of the list is one sentence ("Call of 12 March 2026, agent A-17,
 * service Cotisations, 6 minutes 20, not reviewed"), set as the row's own
 * accessible label: GTK 4.8 has no gtk_list_item_set_accessible_label(), and
 * Orca 43 then speaks the whole sentence when the row gets focus.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-application.h"
#include "ressenti-library-page.h"
#include "ressenti-list-window.h"
#include "ressenti-recording.h"
#include "ressenti-spoken.h"

/* Time between the last change of the search or filters and the spoken
 * count, so typing a word does not make the app talk after each letter. */
#define COUNT_ANNOUNCE_DELAY_MS 600

typedef enum {
  DATE_ANY,
  DATE_TODAY,
  DATE_WEEK,
  DATE_MONTH,
  DATE_YEAR,
} DateFilter;

struct _RessentiLibraryPage
{
  GtkWidget           parent_instance;

  GtkStack           *content_stack;
  GtkButton          *demo_button;
  GtkSearchEntry     *search_entry;
  AdwComboRow        *agent_row;
  AdwComboRow        *service_row;
  AdwComboRow        *status_row;
  AdwComboRow        *date_row;
  GtkLabel           *count_label;
  GtkLabel           *no_match_label;
  GtkListView        *list_view;

  RessentiStore      *store;
  GListStore         *recordings;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GtkCustomFilter    *filter;
  GtkStringList      *agents;
  GtkStringList      *services;
  GCancellable       *cancellable;
  guint               announce_source;
  gboolean            updating_filters;

  /* Calls whose reviews hold the searched words (marker texts, voice-note
   * transcripts, summaries), from the store's full-text search. */
  GHashTable         *found;
  GCancellable       *search_cancellable;
};

/* At most this many hits are looked at for a search. */
#define SEARCH_LIMIT 1000

G_DEFINE_FINAL_TYPE (RessentiLibraryPage, ressenti_library_page, GTK_TYPE_WIDGET)

enum {
  OPEN_RECORDING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static RessentiAnnouncer *
announcer (void)
{
  return ressenti_announcer_get_default ();
}

static void
announce (const char               *text,
          RessentiAnnounceCategory  category)
{
  if (announcer () != NULL)
    ressenti_announcer_announce (announcer (), text, RESSENTI_ANNOUNCE_QUEUE,
                                 RESSENTI_VERBOSITY_NORMAL, category);
}

/* Filtering --------------------------------------------------------------- */

static gboolean
matches_date (RessentiRecording *recording,
              DateFilter         date_filter)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) since = NULL;
  GDateTime *date = ressenti_recording_get_call_date (recording);

  if (date_filter == DATE_ANY)
    return TRUE;
  if (date == NULL)
    return FALSE;

  now = g_date_time_new_now_local ();
  switch (date_filter)
    {
    case DATE_TODAY:
      since = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                     g_date_time_get_day_of_month (now), 0, 0, 0);
      break;
    case DATE_WEEK:
      since = g_date_time_add_days (now, -7);
      break;
    case DATE_MONTH:
      since = g_date_time_add_days (now, -30);
      break;
    case DATE_YEAR:
      since = g_date_time_add_years (now, -1);
      break;
    case DATE_ANY:
    default:
      return TRUE;
    }
  return g_date_time_compare (date, since) >= 0;
}

static const char *
selected_string (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  /* The first entry of the agent and service lists means "all". */
  if (item == NULL || adw_combo_row_get_selected (row) == 0)
    return NULL;
  return gtk_string_object_get_string (item);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  RessentiLibraryPage *self = user_data;
  RessentiRecording *recording = item;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *agent = selected_string (self->agent_row);
  const char *service = selected_string (self->service_row);
  guint status = adw_combo_row_get_selected (self->status_row);

  if (agent != NULL && g_strcmp0 (agent, ressenti_recording_get_agent (recording)) != 0)
    return FALSE;
  if (service != NULL && g_strcmp0 (service, ressenti_recording_get_service (recording)) != 0)
    return FALSE;
  /* Entry 0 is "any status"; entry n is RessentiReviewStatus n - 1. */
  if (status != 0 && status != GTK_INVALID_LIST_POSITION &&
      ressenti_recording_get_review_status (recording) != (RessentiReviewStatus) (status - 1))
    return FALSE;
  if (!matches_date (recording, adw_combo_row_get_selected (self->date_row)))
    return FALSE;

  if (search != NULL && *search != '\0')
    {
      g_autofree char *sentence = ressenti_recording_describe (recording);
      g_autofree char *haystack = g_strjoin (" ", sentence,
                                             ressenti_recording_get_customer (recording) ?: "",
                                             NULL);

      return g_str_match_string (search, haystack, TRUE)
             || (self->found != NULL && g_hash_table_contains (self->found, ressenti_recording_get_id (recording)));
    }

  return TRUE;
}

static void
update_count (RessentiLibraryPage *self)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->recordings));
  g_autofree char *count = ressenti_spoken_call_count (n_shown);

  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->no_match_label), n_shown == 0 && n_total > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->list_view), n_shown > 0);
  gtk_stack_set_visible_child_name (self->content_stack, n_total == 0 ? "empty" : "calls");
}

static gboolean
announce_count_cb (gpointer user_data)
{
  RessentiLibraryPage *self = user_data;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *count = ressenti_spoken_call_count (n_shown);

  self->announce_source = 0;
  announce (count, RESSENTI_ANNOUNCE_CATEGORY_COUNT);
  return G_SOURCE_REMOVE;
}

static void
refilter (RessentiLibraryPage *self,
          gboolean             speak)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);

  if (!speak)
    return;
  g_clear_handle_id (&self->announce_source, g_source_remove);
  self->announce_source = g_timeout_add (COUNT_ANNOUNCE_DELAY_MS, announce_count_cb, self);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RessentiLibraryPage *self = user_data;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  hits = ressenti_store_search_finish (RESSENTI_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (hits == NULL)
    {
      /* The calls' own details are still searched: only the log hears. */
      g_warning ("Searching the reviews failed: %s", error->message);
      return;
    }
  for (guint i = 0; i < hits->len; i++)
    g_hash_table_add (self->found, g_strdup (((RessentiSearchHit *) g_ptr_array_index (hits, i))->recording_id));
  refilter (self, TRUE);
}

/* The calls' details are matched at once; what was written and said in
 * their reviews comes from the store a moment later, before the count is
 * said. */
static void
search_changed_cb (RessentiLibraryPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_hash_table_remove_all (self->found);
  if (self->store != NULL && text != NULL && *text != '\0')
    {
      self->search_cancellable = g_cancellable_new ();
      /* The page outlives the search: dispose cancels it first. */
      ressenti_store_search_async (self->store, text, SEARCH_LIMIT, self->search_cancellable,
                                   search_done_cb, self);
    }
  refilter (self, TRUE);
}

static void
filter_row_changed_cb (RessentiLibraryPage *self)
{
  if (!self->updating_filters)
    refilter (self, TRUE);
}

/* Enter in the search goes to the results, as in GNOME's own lists. */
static void
search_activate_cb (RessentiLibraryPage *self)
{
  /* Say the count now rather than after the focus has moved on. */
  if (self->announce_source != 0)
    {
      g_clear_handle_id (&self->announce_source, g_source_remove);
      announce_count_cb (self);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* Rows -------------------------------------------------------------------- */

static void
set_row_sentence (GtkListItem       *list_item,
                  RessentiRecording *recording)
{
  g_autofree char *sentence = ressenti_recording_describe (recording);

  ressenti_list_item_set_sentence (list_item, sentence);
}

static void
recording_description_changed_cb (RessentiRecording *recording,
                                  GParamSpec        *pspec,
                                  GtkListItem       *list_item)
{
  set_row_sentence (list_item, recording);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item)
{
  RessentiRecording *recording = gtk_list_item_get_item (list_item);

  set_row_sentence (list_item, recording);
  g_signal_connect_object (recording, "notify::description",
                           G_CALLBACK (recording_description_changed_cb), list_item, 0);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  RessentiRecording *recording = gtk_list_item_get_item (list_item);

  if (recording != NULL)
    g_signal_handlers_disconnect_by_func (recording, recording_description_changed_cb, list_item);
}

static void
list_activate_cb (RessentiLibraryPage *self,
                  guint                position)
{
  g_autoptr(RessentiRecording) recording = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  /* A count said after the call has opened would only confuse. */
  g_clear_handle_id (&self->announce_source, g_source_remove);
  if (recording != NULL)
    g_signal_emit (self, signals[OPEN_RECORDING], 0, recording);
}

/* Deleting ---------------------------------------------------------------- */

typedef struct
{
  RessentiLibraryPage *self;
  RessentiRecording   *recording;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->recording);
  g_free (data);
}

static void
delete_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DeleteData *data = user_data;
  RessentiLibraryPage *self = data->self;
  g_autoptr(GError) error = NULL;

  if (!ressenti_store_delete_recording_finish (RESSENTI_STORE (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The call could not be deleted: %s"), error->message);

      if (announcer () != NULL)
        ressenti_announcer_error (announcer (), text);
    }
  else
    {
      guint position;
      g_autofree char *count = NULL;
      g_autofree char *text = NULL;

      if (g_list_store_find (self->recordings, data->recording, &position))
        g_list_store_remove (self->recordings, position);
      update_count (self);
      count = ressenti_spoken_call_count (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)));
      /* Translators: said after a deletion; %s is the number of calls left
       * in the list, such as "2 calls". */
      text = g_strdup_printf (_("Call deleted. %s left."), count);
      ressenti_library_page_focus (self);
      if (announcer () != NULL)
        ressenti_announcer_announce (announcer (), text, RESSENTI_ANNOUNCE_INTERRUPT,
                                     RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
    }

  delete_data_free (data);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DeleteData       *data)
{
  if (g_str_equal (response, "delete"))
    ressenti_store_delete_recording_async (data->self->store,
                                           ressenti_recording_get_id (data->recording),
                                           NULL, delete_done_cb, data);
  else
    {
      ressenti_library_page_focus (data->self);
      delete_data_free (data);
    }
}

static void
delete_selected (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RessentiLibraryPage *self = RESSENTI_LIBRARY_PAGE (widget);
  RessentiRecording *recording = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *sentence = NULL;
  g_autofree char *heading = NULL;
  DeleteData *data;
  GtkWidget *dialog;

  if (recording == NULL || self->store == NULL)
    return;

  sentence = ressenti_recording_describe (recording);
  /* The heading carries the whole question: Orca 43 reads the heading of
   * a message dialog and its focused button, never the body. */
  /* Translators: %s is a call's spoken description, starting with "Call of". */
  heading = g_strdup_printf (_("Delete this call? %s"), sentence);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("Its reviews, markers and voice notes are deleted with it. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("Cancel"),
                                    "delete", _("Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (DeleteData, 1);
  data->self = g_object_ref (self);
  data->recording = g_object_ref (recording);
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Loading ----------------------------------------------------------------- */

static int
collate_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static void
fill_string_list (GtkStringList *list,
                  const char    *all_label,
                  GHashTable    *values)
{
  g_autofree const char **sorted = (const char **) g_hash_table_get_keys_as_array (values, NULL);
  guint n = g_strv_length ((char **) sorted);

  g_qsort_with_data (sorted, n, sizeof (char *), collate_strings, NULL);
  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)), NULL);
  gtk_string_list_append (list, all_label);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, sorted[i]);
}

static void
update_filter_choices (RessentiLibraryPage *self,
                       GPtrArray           *recordings)
{
  g_autoptr(GHashTable) agents = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) services = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *agent = g_strdup (selected_string (self->agent_row));
  g_autofree char *service = g_strdup (selected_string (self->service_row));

  for (guint i = 0; i < recordings->len; i++)
    {
      RessentiRecording *recording = g_ptr_array_index (recordings, i);

      if (ressenti_recording_get_agent (recording) != NULL)
        g_hash_table_add (agents, (gpointer) ressenti_recording_get_agent (recording));
      if (ressenti_recording_get_service (recording) != NULL)
        g_hash_table_add (services, (gpointer) ressenti_recording_get_service (recording));
    }

  self->updating_filters = TRUE;
  fill_string_list (self->agents, _("All agents"), agents);
  fill_string_list (self->services, _("All services"), services);
  /* Keep what the user had chosen, if it still exists. */
  adw_combo_row_set_selected (self->agent_row, 0);
  adw_combo_row_set_selected (self->service_row, 0);
  for (guint i = 1; agent != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->agents)); i++)
    if (g_str_equal (gtk_string_list_get_string (self->agents, i), agent))
      adw_combo_row_set_selected (self->agent_row, i);
  for (guint i = 1; service != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->services)); i++)
    if (g_str_equal (gtk_string_list_get_string (self->services, i), service))
      adw_combo_row_set_selected (self->service_row, i);
  self->updating_filters = FALSE;
}

typedef struct
{
  RessentiLibraryPage *self;
  GCallback            then;
  gpointer             then_data;
} ReloadData;

static void
reload_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ReloadData *data = user_data;
  RessentiLibraryPage *self = data->self;
  g_autoptr(GPtrArray) recordings = NULL;
  g_autoptr(GError) error = NULL;

  recordings = ressenti_store_list_recordings_finish (RESSENTI_STORE (source), result, &error);
  if (recordings == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && announcer () != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("The calls could not be listed: %s"), error->message);

          ressenti_announcer_error (announcer (), text);
        }
    }
  else
    {
      update_filter_choices (self, recordings);
      g_list_store_splice (self->recordings, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (self->recordings)),
                           recordings->pdata, recordings->len);
      refilter (self, FALSE);
      if (data->then != NULL)
        ((void (*) (gpointer)) data->then) (data->then_data);
    }

  g_object_unref (data->self);
  g_free (data);
}

void
ressenti_library_page_reload (RessentiLibraryPage *self,
                              GCallback            then,
                              gpointer             then_data)
{
  ReloadData *data;

  g_return_if_fail (RESSENTI_IS_LIBRARY_PAGE (self));
  g_return_if_fail (self->store != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  data = g_new0 (ReloadData, 1);
  data->self = g_object_ref (self);
  data->then = then;
  data->then_data = then_data;
  ressenti_store_list_recordings_async (self->store, self->cancellable, reload_done_cb, data);
}

void
ressenti_library_page_set_store (RessentiLibraryPage *self,
                                 RessentiStore       *store)
{
  g_return_if_fail (RESSENTI_IS_LIBRARY_PAGE (self));

  g_set_object (&self->store, store);
}

gboolean
ressenti_library_page_is_empty (RessentiLibraryPage *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->recordings)) == 0;
}

guint
ressenti_library_page_get_n_shown (RessentiLibraryPage *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

void
ressenti_library_page_focus (RessentiLibraryPage *self)
{
  g_return_if_fail (RESSENTI_IS_LIBRARY_PAGE (self));

  if (ressenti_library_page_is_empty (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->demo_button));
  else if (ressenti_library_page_get_n_shown (self) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
ressenti_library_page_focus_search (RessentiLibraryPage *self)
{
  g_return_if_fail (RESSENTI_IS_LIBRARY_PAGE (self));

  if (!ressenti_library_page_is_empty (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Object ------------------------------------------------------------------ */

static GtkStringList *
string_list_of (const char * const *items)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; items[i] != NULL; i++)
    gtk_string_list_append (list, _(items[i]));
  return list;
}

static void
setup_filters (RessentiLibraryPage *self)
{
  static const char * const statuses[] = {
    N_("Any status"), N_("Not reviewed"), N_("Assigned"), N_("Review in progress"),
    N_("Review submitted"), N_("Feedback delivered"), N_("Feedback acknowledged"), NULL
  };
  static const char * const dates[] = {
    N_("Any date"), N_("Today"), N_("Last 7 days"), N_("Last 30 days"), N_("Last 12 months"), NULL
  };
  g_autoptr(GtkStringList) status_list = string_list_of (statuses);
  g_autoptr(GtkStringList) date_list = string_list_of (dates);
  g_autoptr(GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  self->agents = gtk_string_list_new (NULL);
  self->services = gtk_string_list_new (NULL);
  gtk_string_list_append (self->agents, _("All agents"));
  gtk_string_list_append (self->services, _("All services"));

  adw_combo_row_set_expression (self->agent_row, expression);
  adw_combo_row_set_expression (self->service_row, expression);
  adw_combo_row_set_expression (self->status_row, expression);
  adw_combo_row_set_expression (self->date_row, expression);
  adw_combo_row_set_model (self->agent_row, G_LIST_MODEL (self->agents));
  adw_combo_row_set_model (self->service_row, G_LIST_MODEL (self->services));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (status_list));
  adw_combo_row_set_model (self->date_row, G_LIST_MODEL (date_list));

  g_signal_connect_swapped (self->agent_row, "notify::selected", G_CALLBACK (filter_row_changed_cb), self);
  g_signal_connect_swapped (self->service_row, "notify::selected", G_CALLBACK (filter_row_changed_cb), self);
  g_signal_connect_swapped (self->status_row, "notify::selected", G_CALLBACK (filter_row_changed_cb), self);
  g_signal_connect_swapped (self->date_row, "notify::selected", G_CALLBACK (filter_row_changed_cb), self);
}

static void
setup_list (RessentiLibraryPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->recordings = g_list_store_new (RESSENTI_TYPE_RECORDING);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->recordings)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));

  g_signal_connect (factory, "setup", G_CALLBACK (ressenti_list_item_setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (list_activate_cb), self);
}

static void
ressenti_library_page_dispose (GObject *object)
{
  RessentiLibraryPage *self = (RessentiLibraryPage *) object;

  g_clear_handle_id (&self->announce_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* A search still running calls back with "cancelled" and touches
   * nothing of the page. */
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->found, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RESSENTI_TYPE_LIBRARY_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->recordings);
  g_clear_object (&self->agents);
  g_clear_object (&self->services);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ressenti_library_page_parent_class)->dispose (object);
}

static void
ressenti_library_page_class_init (RessentiLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ressenti_library_page_dispose;

  /**
   * RessentiLibraryPage::open-recording:
   * @recording: the call to open
   */
  signals[OPEN_RECORDING] =
    g_signal_new ("open-recording", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RESSENTI_TYPE_RECORDING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ressenti/Ressenti/ressenti-library-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RessentiLibraryPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RessentiLibraryPage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, RessentiLibraryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RessentiLibraryPage, agent_row);
  gtk_widget_class_bind_template_child (widget_class, RessentiLibraryPage, service_row);
  gtk_widget_class_bind_template_child (widget_class, RessentiLibraryPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, RessentiLibraryPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, RessentiLibraryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, RessentiLibraryPage, no_match_label);
  gtk_widget_class_bind_template_child (widget_class, RessentiLibraryPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);

  gtk_widget_class_install_action (widget_class, "library.delete-selected", NULL, delete_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ressenti_library_page_init (RessentiLibraryPage *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  setup_filters (self);
  setup_list (self);

  /* Delete acts on the list only, so it never eats a key typed elsewhere. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("library.delete-selected")));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), shortcuts);

  update_count (self);
}
