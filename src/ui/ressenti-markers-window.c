/* ressenti-markers-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list shows the review session's own model: a change made here, in
 * the player or by undo appears at once, and the row that had the focus
 * keeps it when it can.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-application.h"
#include "ressenti-exchange-dialog.h"
#include "ressenti-list-window.h"
#include "ressenti-markers-window.h"

struct _RessentiMarkersWindow
{
  AdwWindow             parent_instance;

  GtkListView          *list_view;
  GtkLabel             *count_label;
  GtkWidget            *import_button;
  GtkSingleSelection   *selection;
  RessentiMarkerEditor *editor;
  char                 *media_name;
  gint64                duration_ms;
};

G_DEFINE_FINAL_TYPE (RessentiMarkersWindow, ressenti_markers_window, ADW_TYPE_WINDOW)

enum {
  PLAY_MARKER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static RessentiVocabulary *
vocabulary (RessentiMarkersWindow *self)
{
  RessentiReviewSession *session = ressenti_marker_editor_get_session (self->editor);

  return session != NULL ? ressenti_review_session_get_vocabulary (session) : NULL;
}

static void
set_row_sentence (GtkListItem           *list_item,
                  RessentiMarkersWindow *self)
{
  RessentiMarkerItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *sentence = ressenti_marker_describe_row (ressenti_marker_item_get_marker (item),
                                                            vocabulary (self));

  ressenti_list_item_set_sentence (list_item, sentence);
}

/* A changed marker keeps its item (and its row, which keeps the focus):
 * the row follows the item. */
static void
row_marker_changed_cb (GtkListItem *list_item)
{
  GtkWidget *window = gtk_widget_get_ancestor (gtk_list_item_get_child (list_item), RESSENTI_TYPE_MARKERS_WINDOW);

  if (window != NULL)
    set_row_sentence (list_item, RESSENTI_MARKERS_WINDOW (window));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             RessentiMarkersWindow    *self)
{
  g_signal_connect_object (gtk_list_item_get_item (list_item), "notify::marker",
                           G_CALLBACK (row_marker_changed_cb), list_item, G_CONNECT_SWAPPED);
  set_row_sentence (list_item, self);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), row_marker_changed_cb, list_item);
}

static const RessentiMarker *
selected_marker (RessentiMarkersWindow *self)
{
  RessentiMarkerItem *item = gtk_single_selection_get_selected_item (self->selection);

  return item != NULL ? ressenti_marker_item_get_marker (item) : NULL;
}

static void
update_count (RessentiMarkersWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  g_autofree char *text = NULL;

  text = n == 0 ? g_strdup (_("No markers yet. In the player, digits 1 to 9 place them."))
                : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u marker", "%u markers", n), n);
  gtk_label_set_text (self->count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->list_view), n > 0);
}

#if GTK_CHECK_VERSION (4, 12, 0)
/* GTK ≥ 4.12 gives the focus of a removed row to the first row, unselected:
 * a listener who deletes the fifth marker would land on the first. The
 * focus goes to the row that took the removed one's place (or the new
 * last row), selected, before the deletion is said, so that it is said
 * there. GTK 4.8 does this by itself. (The list view has handled the
 * change already: it connected to the model first.) */
static void
refocus_after_removal (RessentiMarkersWindow *self,
                       guint                  position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  if (n == 0 || !gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    return;
  /* Newer than the API pinned for Debian 12: allowed behind the check. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_list_view_scroll_to (self->list_view, MIN (position, n - 1),
                           GTK_LIST_SCROLL_FOCUS | GTK_LIST_SCROLL_SELECT, NULL);
  G_GNUC_END_IGNORE_DEPRECATIONS
}
#endif

static void
markers_changed_cb (RessentiMarkersWindow *self,
                    guint                  position,
                    guint                  removed,
                    guint                  added)
{
  update_count (self);
#if GTK_CHECK_VERSION (4, 12, 0)
  if (removed > added)
    refocus_after_removal (self, position);
#endif
}

static void
activate_cb (RessentiMarkersWindow *self,
             guint                  position)
{
  g_autoptr(RessentiMarkerItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item == NULL)
    return;
  ressenti_marker_editor_set_current (self->editor, ressenti_marker_item_get_marker (item)->id);
  g_signal_emit (self, signals[PLAY_MARKER], 0, ressenti_marker_item_get_marker (item)->id);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RessentiMarkersWindow *self = RESSENTI_MARKERS_WINDOW (widget);
  const RessentiMarker *marker = selected_marker (self);

  if (marker != NULL)
    ressenti_marker_editor_delete_marker (self->editor, marker->id);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RessentiMarkersWindow *self = RESSENTI_MARKERS_WINDOW (widget);
  const RessentiMarker *marker = selected_marker (self);

  if (marker == NULL)
    return;
  ressenti_marker_editor_set_current (self->editor, marker->id);
  ressenti_marker_editor_edit_marker (self->editor, marker->id, GTK_WINDOW (self));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RessentiMarkersWindow *self = RESSENTI_MARKERS_WINDOW (widget);

  ressenti_marker_editor_undo (self->editor, g_str_equal (action_name, "markers.redo"));
}

static void
exchange_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RessentiMarkersWindow *self = RESSENTI_MARKERS_WINDOW (widget);
  RessentiExchangeDialog *dialog;

  dialog = ressenti_exchange_dialog_new (GTK_WINDOW (self), ressenti_marker_editor_get_session (self->editor),
                                         g_str_equal (action_name, "markers.import"), self->media_name,
                                         self->duration_ms);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GTK 4.8's list view moves Tab from row to row, so Tab would never
 * leave a long list: it goes to the buttons instead (4.12 has
 * gtk_list_view_set_tab_behavior()). */
static gboolean
list_key_cb (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             RessentiMarkersWindow *self)
{
  if (keyval != GDK_KEY_Tab || (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  gtk_widget_grab_focus (self->import_button);
  return TRUE;
}

static GtkWidget *
buttons_new (RessentiMarkersWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *import = gtk_button_new_with_label (_("Import markers…"));
  GtkWidget *export = gtk_button_new_with_label (_("Export markers…"));

  self->import_button = import;
  gtk_actionable_set_action_name (GTK_ACTIONABLE (import), "markers.import");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (export), "markers.export");
  gtk_box_append (GTK_BOX (box), import);
  gtk_box_append (GTK_BOX (box), export);
  return box;
}

static void
build (RessentiMarkersWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *hint = gtk_label_new (_("Enter plays from just before the marker. F2 changes it, Delete deletes it, Ctrl+Z undoes. Tab goes to importing and exporting."));
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (NULL, NULL));
  gtk_label_set_xalign (self->count_label, 0);
  gtk_label_set_wrap (self->count_label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("My markers"), -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  hint, NULL, -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (list_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->count_label));
  gtk_box_append (GTK_BOX (content), scrolled);
  gtk_box_append (GTK_BOX (content), hint);
  gtk_box_append (GTK_BOX (content), buttons_new (self));
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), content);
  adw_window_set_content (ADW_WINDOW (self), box);
}

static void
ressenti_markers_window_dispose (GObject *object)
{
  RessentiMarkersWindow *self = (RessentiMarkersWindow *) object;

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->editor);
  g_clear_pointer (&self->media_name, g_free);

  G_OBJECT_CLASS (ressenti_markers_window_parent_class)->dispose (object);
}

/* The list takes the focus once the window is on screen: setting a
 * window's focus before it is mapped leaves GTK 4.8 exposing it to AT-SPI
 * as a "filler" that is never active. */
static gboolean
focus_list_cb (gpointer user_data)
{
  g_autoptr(RessentiMarkersWindow) self = user_data;

  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  return G_SOURCE_REMOVE;
}

/* Once the rows exist (after the first layout), the focus goes into the
 * list, on the selected row, rather than on the list as a whole. */
static void
ressenti_markers_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ressenti_markers_window_parent_class)->map (widget);
  g_idle_add_full (G_PRIORITY_LOW, focus_list_cb, g_object_ref (widget), NULL);
}

static void
ressenti_markers_window_class_init (RessentiMarkersWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ressenti_markers_window_dispose;
  widget_class->map = ressenti_markers_window_map;

  /**
   * RessentiMarkersWindow::play-marker:
   * @marker_id: the marker to play from
   */
  signals[PLAY_MARKER] = g_signal_new ("play-marker", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "markers.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "markers.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "markers.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "markers.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "markers.import", NULL, exchange_action);
  gtk_widget_class_install_action (widget_class, "markers.export", NULL, exchange_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "markers.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "markers.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "markers.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "markers.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "markers.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "markers.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "markers.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ressenti_markers_window_init (RessentiMarkersWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_title (GTK_WINDOW (self), _("My markers"));
  build (self);
}

RessentiMarkersWindow *
ressenti_markers_window_new (GtkWindow            *parent,
                             RessentiMarkerEditor *editor,
                             const char           *media_name,
                             gint64                duration_ms)
{
  RessentiMarkersWindow *self = g_object_new (RESSENTI_TYPE_MARKERS_WINDOW, "transient-for", parent, NULL);
  RessentiReviewSession *session = ressenti_marker_editor_get_session (editor);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GListModel *markers = ressenti_review_session_get_markers (session);

  self->editor = g_object_ref (editor);
  self->media_name = g_strdup (media_name);
  self->duration_ms = duration_ms;
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (markers)));
  g_signal_connect (factory, "setup", G_CALLBACK (ressenti_list_item_setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (markers_changed_cb), self);
  update_count (self);
  return self;
}
