/* ressenti-vocabulary-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How it is built, for a screen reader on GTK 4.8 and Orca 43:
 *
 * - Each kind is a GtkListBox (boxed-list) of AdwActionRows, named after
 *   the kind. A row's accessible label is its whole sentence ("Anger. Key
 *   6 — A raised or hard voice…"): arrowing through the list says it.
 *   "Retired" is said and shown in words, not by a colour.
 * - The rows are never rebuilt: a change updates them in place and the
 *   list is sorted again, so the focus stays on the row (or the button)
 *   that was used, and moving an entry three times is Alt+Up three times.
 * - The buttons of a row are icon buttons whose accessible label names
 *   the entry ("Move “Anger” up"); they are never made insensitive (that
 *   would drop the focus): at an end, "already first" is said instead.
 * - Changes are queued and run one after the other in a GTask worker (the
 *   store refuses the main thread); a move is relative (−1, +1) and worked
 *   out in the worker against the library's current order, so queued moves
 *   add up. After each change the vocabulary is read again in the same
 *   worker, the rows follow it, the result is announced and "changed" is
 *   emitted with the new snapshot.
 * - Adding, renaming and redefining use a small dialog with two labelled
 *   entries; it stays open, with the error shown and announced, until the
 *   library has accepted the change: nothing typed is lost.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-application.h"
#include "ressenti-vocabulary-editor.h"

#define N_KINDS 2
#define N_DIGIT_KEYS 9

typedef struct
{
  char                   *key;
  RessentiVocabularyKind  kind;
  guint                   position;   /* index in its kind, from 0: the sort order */
  AdwActionRow           *row;
  GtkWidget              *up;
  GtkWidget              *down;
  GtkWidget              *edit;
  GtkWidget              *retire;
} Row;

struct _RessentiVocabularyEditor
{
  GtkWidget            parent_instance;

  RessentiStore       *store;
  RessentiVocabulary  *vocabulary;

  GtkLabel            *status_label;
  GtkWidget           *groups[N_KINDS];
  GtkListBox          *lists[N_KINDS];
  GHashTable          *rows;          /* key → Row* (owned by the row widget) */

  GQueue               ops;           /* Op*, the first one running */
  GCancellable        *cancellable;

  /* A message waiting for the window to have the keyboard again (after a
   * dialog closed), so that it reaches the focused row. */
  char                *pending_message;
  GtkWidget           *pending_window;  /* weak */
  gulong               pending_handler;
  guint                pending_timeout;
};

G_DEFINE_FINAL_TYPE (RessentiVocabularyEditor, ressenti_vocabulary_editor, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Announcing ---------------------------------------------------------------- */

static void
pending_clear (RessentiVocabularyEditor *self)
{
  if (self->pending_window != NULL)
    {
      g_clear_signal_handler (&self->pending_handler, self->pending_window);
      g_object_remove_weak_pointer (G_OBJECT (self->pending_window), (gpointer *) &self->pending_window);
      self->pending_window = NULL;
    }
  self->pending_handler = 0;
  g_clear_handle_id (&self->pending_timeout, g_source_remove);
  g_clear_pointer (&self->pending_message, g_free);
}

static void
pending_flush (RessentiVocabularyEditor *self)
{
  g_autofree char *text = g_steal_pointer (&self->pending_message);

  pending_clear (self);
  if (text != NULL)
    ressenti_say_result (text);
}

static void
root_active_cb (GtkWindow                *window,
                GParamSpec               *pspec,
                RessentiVocabularyEditor *self)
{
  if (gtk_window_is_active (window))
    pending_flush (self);
}

static gboolean
pending_timeout_cb (gpointer user_data)
{
  RessentiVocabularyEditor *self = user_data;

  self->pending_timeout = 0;
  pending_flush (self);
  return G_SOURCE_REMOVE;
}

/* Says @text once the editor's window has the keyboard: right after a
 * dialog closes, the window manager gives it back a moment later, and
 * until then the message would go to another window's focus. Said anyway
 * after a second. */
static void
say_when_active (RessentiVocabularyEditor *self,
                 const char               *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  pending_clear (self);
  if (!GTK_IS_WINDOW (root) || gtk_window_is_active (GTK_WINDOW (root)))
    {
      ressenti_say_result (text);
      return;
    }
  self->pending_message = g_strdup (text);
  self->pending_window = GTK_WIDGET (root);
  g_object_add_weak_pointer (G_OBJECT (root), (gpointer *) &self->pending_window);
  self->pending_handler = g_signal_connect (root, "notify::is-active", G_CALLBACK (root_active_cb), self);
  self->pending_timeout = g_timeout_add (1000, pending_timeout_cb, self);
}

/* Where an entry is ----------------------------------------------------------- */

/* The entry's place in its kind (from 1) and its digit key (1–9, or 0:
 * retired, or after the ninth active entry). */
static gboolean
entry_place (RessentiVocabulary *vocabulary,
             const char         *key,
             guint              *position,
             guint              *digit)
{
  g_autoptr(GPtrArray) entries = ressenti_vocabulary_get_entries (vocabulary);
  const RessentiVocabularyEntry *entry = ressenti_vocabulary_lookup (vocabulary, key);
  guint index = 0;
  guint active = 0;

  *position = 0;
  *digit = 0;
  if (entry == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const RessentiVocabularyEntry *other = g_ptr_array_index (entries, i);

      if (other->kind != entry->kind)
        continue;
      index++;
      if (!other->retired)
        active++;
      if (other == entry)
        {
          *position = index;
          *digit = !entry->retired && active <= N_DIGIT_KEYS ? active : 0;
          return TRUE;
        }
    }
  return FALSE;
}

/* "key 6", "no digit key", "retired": said after a change. */
static char *
describe_key (const RessentiVocabularyEntry *entry,
              guint                          digit)
{
  if (entry->retired)
    return g_strdup (_("retired"));
  if (digit == 0)
    return g_strdup (_("no digit key"));
  /* Translators: the digit key that marks with this entry in the player. */
  return g_strdup_printf (_("key %u"), digit);
}

/* Rows ------------------------------------------------------------------------- */

static void
row_free (Row *row)
{
  g_free (row->key);
  g_free (row);
}

/* GTK 4.8 labels a button by its child, and Orca 43 says the labelled-by
 * text: an icon button would be "GtkImage". Its accessible label is what
 * is said instead; the tooltip (GTK 4.8 makes it the description, said
 * after the name) gives the key. */
static void
set_button_label (GtkWidget  *button,
                  const char *icon_name,
                  const char *label,
                  const char *tooltip)
{
  if (icon_name != NULL)
    gtk_button_set_icon_name (GTK_BUTTON (button), icon_name);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (button, tooltip);
}

static void
row_update (Row                           *row,
            const RessentiVocabularyEntry *entry,
            guint                          position,
            guint                          digit)
{
  g_autofree char *status = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *up = NULL;
  g_autofree char *down = NULL;
  g_autofree char *edit = NULL;
  g_autofree char *retire = NULL;
  const char *definition = entry->definition != NULL ? entry->definition : "";

  row->position = position;
  if (entry->retired)
    /* Translators: shown and said with an entry no longer offered for new markers. */
    status = g_strdup (_("Retired"));
  else if (digit == 0)
    /* Translators: an entry after the ninth: it has no digit key in the player. */
    status = g_strdup (_("No digit key"));
  else
    /* Translators: the digit key that marks with this entry in the player. */
    status = g_strdup_printf (_("Key %u"), digit);
  if (*definition != '\0')
    /* Translators: a vocabulary row's subtitle: "Key 3" or "Retired", then
     * the entry's definition. */
    subtitle = g_strdup_printf (_("%1$s — %2$s"), status, definition);
  else
    subtitle = g_strdup (status);
  /* Translators: what a screen reader says for a vocabulary row: the
   * entry's name, then its subtitle ("Anger. Key 6 — A raised voice…"). */
  sentence = g_strdup_printf (_("%1$s. %2$s"), entry->label, subtitle);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), entry->label);
  adw_action_row_set_subtitle (row->row, subtitle);
  /* The row's relations are dropped (row_new): its label is all of it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->row), GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);

  /* Translators: a button; %s is an entry of the vocabulary. */
  up = g_strdup_printf (_("Move “%s” up"), entry->label);
  /* Translators: a button; %s is an entry of the vocabulary. */
  down = g_strdup_printf (_("Move “%s” down"), entry->label);
  /* Translators: a button; %s is an entry of the vocabulary. */
  edit = g_strdup_printf (_("Rename or redefine “%s”"), entry->label);
  retire = entry->retired
           /* Translators: a button; %s is a retired entry of the vocabulary. */
           ? g_strdup_printf (_("Restore “%s”"), entry->label)
           /* Translators: a button; %s is an entry of the vocabulary. */
           : g_strdup_printf (_("Retire “%s”"), entry->label);
  set_button_label (row->up, NULL, up, _("Move up (Alt+Up)"));
  set_button_label (row->down, NULL, down, _("Move down (Alt+Down)"));
  set_button_label (row->edit, NULL, edit, _("Rename or redefine (Enter on the row)"));
  if (entry->retired)
    set_button_label (row->retire, "edit-undo-symbolic", retire, _("Restore: offered again for new markers"));
  else
    set_button_label (row->retire, "list-remove-symbolic", retire,
                      _("Retire: no longer offered for new markers; markers that use it keep it"));
}

static int
row_compare (GtkListBoxRow *a,
             GtkListBoxRow *b,
             gpointer       user_data)
{
  Row *ra = g_object_get_data (G_OBJECT (a), "ressenti-row");
  Row *rb = g_object_get_data (G_OBJECT (b), "ressenti-row");

  if (ra == NULL || rb == NULL)
    return 0;
  return ra->position < rb->position ? -1 : ra->position > rb->position;
}

static void queue_move    (RessentiVocabularyEditor *self,
                           const char               *key,
                           int                       delta);
static void queue_retire  (RessentiVocabularyEditor *self,
                           const char               *key);
static void open_edit_dialog (RessentiVocabularyEditor *self,
                              const char               *key);

static Row *
row_of (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "ressenti-row") : NULL;
}

static RessentiVocabularyEditor *
editor_of (GtkWidget *widget)
{
  return RESSENTI_VOCABULARY_EDITOR (gtk_widget_get_ancestor (widget, RESSENTI_TYPE_VOCABULARY_EDITOR));
}

static void
up_clicked_cb (GtkButton *button)
{
  Row *row = row_of (GTK_WIDGET (button));

  if (row != NULL)
    queue_move (editor_of (GTK_WIDGET (button)), row->key, -1);
}

static void
down_clicked_cb (GtkButton *button)
{
  Row *row = row_of (GTK_WIDGET (button));

  if (row != NULL)
    queue_move (editor_of (GTK_WIDGET (button)), row->key, +1);
}

static void
edit_clicked_cb (GtkButton *button)
{
  Row *row = row_of (GTK_WIDGET (button));

  if (row != NULL)
    open_edit_dialog (editor_of (GTK_WIDGET (button)), row->key);
}

static void
retire_clicked_cb (GtkButton *button)
{
  Row *row = row_of (GTK_WIDGET (button));

  if (row != NULL)
    queue_retire (editor_of (GTK_WIDGET (button)), row->key);
}

/* Alt+Up, Alt+Down on a row, or on one of its buttons. */
static gboolean
row_key_pressed_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    gpointer               user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  Row *row = row_of (widget);
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if (row == NULL || mods != GDK_ALT_MASK)
    return GDK_EVENT_PROPAGATE;
  if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    queue_move (editor_of (widget), row->key, -1);
  else if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    queue_move (editor_of (widget), row->key, +1);
  else
    return GDK_EVENT_PROPAGATE;
  return GDK_EVENT_STOP;
}

/* A row's buttons are Tab stops only while the focus is in that row:
 * otherwise Tab would walk the four buttons of every entry before leaving
 * the list. Up and Down go from row to row. */
static void
row_buttons_set_focusable (Row      *row,
                           gboolean  focusable)
{
  gtk_widget_set_focusable (row->up, focusable);
  gtk_widget_set_focusable (row->down, focusable);
  gtk_widget_set_focusable (row->edit, focusable);
  gtk_widget_set_focusable (row->retire, focusable);
}

static void
row_focus_enter_cb (GtkEventControllerFocus *controller)
{
  Row *row = row_of (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));

  if (row != NULL)
    row_buttons_set_focusable (row, TRUE);
}

static void
row_focus_leave_cb (GtkEventControllerFocus *controller)
{
  Row *row = row_of (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));

  if (row != NULL)
    row_buttons_set_focusable (row, FALSE);
}

static GtkWidget *
icon_button_new (const char *icon_name,
                 GCallback   clicked)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", clicked, NULL);
  return button;
}

static Row *
row_new (RessentiVocabularyEditor      *self,
         const RessentiVocabularyEntry *entry)
{
  Row *row = g_new0 (Row, 1);
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus;

  row->key = g_strdup (entry->key);
  row->kind = entry->kind;
  row->row = ADW_ACTION_ROW (adw_action_row_new ());
  /* The user's words are not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  /* AdwActionRow is labelled by its title and described by its subtitle;
   * Orca 43 would say the title only (a list item's labelled-by text): the
   * row's accessible label (row_update) says title, key and definition. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row->row), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row->row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), TRUE);
  row->up = icon_button_new ("go-up-symbolic", G_CALLBACK (up_clicked_cb));
  row->down = icon_button_new ("go-down-symbolic", G_CALLBACK (down_clicked_cb));
  row->edit = icon_button_new ("document-edit-symbolic", G_CALLBACK (edit_clicked_cb));
  row->retire = icon_button_new ("list-remove-symbolic", G_CALLBACK (retire_clicked_cb));
  adw_action_row_add_suffix (row->row, row->up);
  adw_action_row_add_suffix (row->row, row->down);
  adw_action_row_add_suffix (row->row, row->edit);
  adw_action_row_add_suffix (row->row, row->retire);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (row_key_pressed_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (row->row), keys);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "enter", G_CALLBACK (row_focus_enter_cb), NULL);
  g_signal_connect (focus, "leave", G_CALLBACK (row_focus_leave_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (row->row), focus);
  g_object_set_data_full (G_OBJECT (row->row), "ressenti-row", row, (GDestroyNotify) row_free);
  gtk_list_box_append (self->lists[entry->kind], GTK_WIDGET (row->row));
  g_hash_table_insert (self->rows, row->key, row);
  return row;
}

static void
row_activated_cb (GtkListBox    *list,
                  GtkListBoxRow *list_row,
                  gpointer       user_data)
{
  Row *row = g_object_get_data (G_OBJECT (list_row), "ressenti-row");

  if (row != NULL)
    open_edit_dialog (editor_of (GTK_WIDGET (list)), row->key);
}

static void
show_status (RessentiVocabularyEditor *self,
             const char               *text)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

/* Brings the rows up to @vocabulary: texts, keys, order. Rows are kept
 * (the focus stays where it was). */
static void
apply_vocabulary (RessentiVocabularyEditor *self,
                  RessentiVocabulary       *vocabulary)
{
  g_autoptr(GPtrArray) entries = ressenti_vocabulary_get_entries (vocabulary);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint index[N_KINDS] = { 0, 0 };
  guint active[N_KINDS] = { 0, 0 };
  GHashTableIter iter;
  Row *row;

  g_set_object (&self->vocabulary, vocabulary);
  for (guint i = 0; i < entries->len; i++)
    {
      const RessentiVocabularyEntry *entry = g_ptr_array_index (entries, i);
      guint kind = entry->kind;
      guint digit = 0;

      if (kind >= N_KINDS)
        continue;
      row = g_hash_table_lookup (self->rows, entry->key);
      if (row == NULL)
        row = row_new (self, entry);
      if (!entry->retired && ++active[kind] <= N_DIGIT_KEYS)
        digit = active[kind];
      row_update (row, entry, index[kind]++, digit);
      g_hash_table_add (seen, row->key);
    }
  /* Entries are never deleted; a row without an entry can only come from
   * another library. */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    if (!g_hash_table_contains (seen, row->key))
      {
        g_hash_table_iter_remove (&iter);
        gtk_list_box_remove (self->lists[row->kind], GTK_WIDGET (row->row));
      }
  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      gtk_list_box_invalidate_sort (self->lists[kind]);
      gtk_widget_set_visible (self->groups[kind], TRUE);
    }
}

static void
focus_row (RessentiVocabularyEditor *self,
           const char               *key)
{
  Row *row = key != NULL ? g_hash_table_lookup (self->rows, key) : NULL;

  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row->row));
}

/* Changes in a worker ------------------------------------------------------------- */

typedef enum
{
  OP_LOAD,
  OP_ADD,
  OP_UPDATE,
  OP_MOVE,
} OpType;

typedef struct
{
  OpType                   type;
  RessentiStore           *store;
  char                    *key;         /* MOVE, UPDATE; ADD: set by the worker */
  int                      delta;       /* MOVE: −1 up, +1 down */
  RessentiVocabularyKind   kind;        /* ADD */
  char                    *label;       /* ADD */
  char                    *definition;  /* ADD */
  RessentiVocabularyEntry *entry;       /* UPDATE: the entry as it is to be */
  RessentiVocabularyEntry *before;      /* UPDATE: as it was */
  GtkWidget               *dialog;      /* weak: waits for the result (ADD, UPDATE) */
  GtkWidget               *return_focus; /* weak: where the focus goes back after the dialog */
  gboolean                 at_end;      /* MOVE: nothing to do, already first or last */
} Op;

static void
op_free (Op *op)
{
  g_clear_object (&op->store);
  g_free (op->key);
  g_free (op->label);
  g_free (op->definition);
  g_clear_pointer (&op->entry, ressenti_vocabulary_entry_free);
  g_clear_pointer (&op->before, ressenti_vocabulary_entry_free);
  if (op->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (op->dialog), (gpointer *) &op->dialog);
  if (op->return_focus != NULL)
    g_object_remove_weak_pointer (G_OBJECT (op->return_focus), (gpointer *) &op->return_focus);
  g_free (op);
}

/* A move relative to the library's current order, so that moves queued
 * one after the other add up. */
static gboolean
move_in_worker (Op      *op,
                GError **error)
{
  g_autoptr(RessentiVocabulary) vocabulary = ressenti_store_get_vocabulary (op->store, error);
  g_autoptr(GPtrArray) entries = NULL;
  const RessentiVocabularyEntry *moved;
  int index = -1;
  int n = 0;

  if (vocabulary == NULL)
    return FALSE;
  moved = ressenti_vocabulary_lookup (vocabulary, op->key);
  if (moved == NULL)
    {
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND,
                   _("The vocabulary has no entry “%s”."), op->key);
      return FALSE;
    }
  entries = ressenti_vocabulary_get_entries (vocabulary);
  for (guint i = 0; i < entries->len; i++)
    {
      const RessentiVocabularyEntry *entry = g_ptr_array_index (entries, i);

      if (entry->kind != moved->kind)
        continue;
      if (entry == moved)
        index = n;
      n++;
    }
  if (index + op->delta < 0 || index + op->delta >= n)
    {
      op->at_end = TRUE;
      return TRUE;
    }
  return ressenti_store_move_vocabulary_entry (op->store, op->key, (guint) (index + op->delta), error);
}

static void
op_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Op *op = task_data;
  GError *error = NULL;
  RessentiVocabulary *vocabulary;
  gboolean ok = TRUE;

  switch (op->type)
    {
    case OP_LOAD:
      break;
    case OP_ADD:
      {
        RessentiVocabularyEntry *added = ressenti_store_add_vocabulary_entry (op->store, op->kind, op->label,
                                                                              op->definition, &error);

        ok = added != NULL;
        if (ok)
          {
            op->key = g_strdup (added->key);
            ressenti_vocabulary_entry_free (added);
          }
      }
      break;
    case OP_UPDATE:
      ok = ressenti_store_update_vocabulary_entry (op->store, op->entry, &error);
      break;
    case OP_MOVE:
      ok = move_in_worker (op, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The change is kept; what the library holds now is what is shown. */
  vocabulary = ressenti_store_get_vocabulary (op->store, &error);
  if (vocabulary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, vocabulary, g_object_unref);
}

static void run_next_op (RessentiVocabularyEditor *self);

static void
dialog_show_error (GtkWidget  *dialog,
                   const char *text)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (dialog), "ressenti-error-label");
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "ressenti-name-entry");

  g_object_set_data (G_OBJECT (dialog), "ressenti-busy", NULL);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_visible (label, TRUE);
  gtk_widget_grab_focus (entry);
}

/* The sentence said after a change. */
static char *
describe_result (RessentiVocabularyEditor *self,
                 Op                       *op)
{
  const RessentiVocabularyEntry *entry;
  g_autofree char *where = NULL;
  guint position;
  guint digit;

  if (op->type == OP_LOAD || op->key == NULL)
    return NULL;
  entry = ressenti_vocabulary_lookup (self->vocabulary, op->key);
  if (entry == NULL || !entry_place (self->vocabulary, op->key, &position, &digit))
    return g_strdup (_("The vocabulary was changed."));
  where = describe_key (entry, digit);

  switch (op->type)
    {
    case OP_MOVE:
      if (op->at_end)
        return op->delta < 0
               /* Translators: %s is an entry of the vocabulary, which cannot move up. */
               ? g_strdup_printf (_("%s is already first."), entry->label)
               /* Translators: %s is an entry of the vocabulary, which cannot move down. */
               : g_strdup_printf (_("%s is already last."), entry->label);
      /* Translators: "Anger moved to position 6, key 6" (or "no digit
       * key", or "retired"). */
      return g_strdup_printf (_("%1$s moved to position %2$u, %3$s."), entry->label, position, where);
    case OP_ADD:
      /* Translators: "Doubt added at position 12, no digit key". */
      return g_strdup_printf (_("%1$s added at position %2$u, %3$s."), entry->label, position, where);
    case OP_UPDATE:
      if (op->before->retired != entry->retired)
        return entry->retired
               /* Translators: %s is an entry of the vocabulary. */
               ? g_strdup_printf (_("%s retired: no longer offered for new markers; markers that use it keep it."),
                                  entry->label)
               /* Translators: "Anger restored, key 7". */
               : g_strdup_printf (_("%1$s restored, %2$s."), entry->label, where);
      if (g_strcmp0 (op->before->label, entry->label) != 0
          && g_strcmp0 (op->before->definition, entry->definition) != 0)
        /* Translators: an entry was given a new name and a new definition. */
        return g_strdup_printf (_("%1$s renamed %2$s, with its new definition."), op->before->label, entry->label);
      if (g_strcmp0 (op->before->label, entry->label) != 0)
        /* Translators: %1$s the old name of an entry, %2$s its new name. */
        return g_strdup_printf (_("%1$s renamed %2$s."), op->before->label, entry->label);
      /* Translators: %s is an entry of the vocabulary. */
      return g_strdup_printf (_("Definition of %s saved."), entry->label);
    case OP_LOAD:
    default:
      return NULL;
    }
}

static void
op_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RessentiVocabularyEditor) self = user_data;
  Op *op = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiVocabulary) vocabulary = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *message = NULL;

  g_queue_pop_head (&self->ops);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_cancellable_is_cancelled (self->cancellable))
    {
      op_free (op);
      return;
    }

  if (vocabulary == NULL)
    {
      if (op->type == OP_LOAD)
        {
          /* Translators: %s says why (from the library). */
          message = g_strdup_printf (_("The vocabulary could not be read: %s"), error->message);
          for (guint kind = 0; kind < N_KINDS; kind++)
            gtk_widget_set_visible (self->groups[kind], self->vocabulary != NULL);
        }
      else
        /* Translators: %s says why (from the library); nothing was changed. */
        message = g_strdup_printf (_("The vocabulary was not changed: %s"), error->message);
      if (op->dialog != NULL)
        dialog_show_error (op->dialog, message);
      else
        show_status (self, message);
      ressenti_say_error (message);
    }
  else
    {
      show_status (self, NULL);
      apply_vocabulary (self, vocabulary);
      message = describe_result (self, op);
      if (op->type != OP_LOAD && !op->at_end)
        g_signal_emit (self, signals[CHANGED], 0, vocabulary);
      if (op->dialog != NULL)
        {
          gtk_window_destroy (GTK_WINDOW (op->dialog));
          if (op->return_focus != NULL && op->type == OP_UPDATE)
            gtk_widget_grab_focus (op->return_focus);
          else
            focus_row (self, op->key);
          if (message != NULL)
            say_when_active (self, message);
        }
      else if (message != NULL)
        ressenti_say_result (message);
    }
  op_free (op);
  run_next_op (self);
}

static void
run_next_op (RessentiVocabularyEditor *self)
{
  Op *op = g_queue_peek_head (&self->ops);
  g_autoptr(GTask) task = NULL;

  if (op == NULL)
    return;
  task = g_task_new (NULL, self->cancellable, op_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, run_next_op);
  g_task_set_task_data (task, op, NULL);
  g_task_run_in_thread (task, op_thread);
}

/* Queues @op; it runs when the ones before it have finished. */
static void
queue_op (RessentiVocabularyEditor *self,
          Op                       *op)
{
  if (self->store == NULL)
    {
      ressenti_say_error (_("The library is not open yet."));
      op_free (op);
      return;
    }
  op->store = g_object_ref (self->store);
  g_queue_push_tail (&self->ops, op);
  if (self->ops.length == 1)
    run_next_op (self);
}

static void
queue_move (RessentiVocabularyEditor *self,
            const char               *key,
            int                       delta)
{
  Op *op = g_new0 (Op, 1);

  op->type = OP_MOVE;
  op->key = g_strdup (key);
  op->delta = delta;
  queue_op (self, op);
}

static void
queue_retire (RessentiVocabularyEditor *self,
              const char               *key)
{
  const RessentiVocabularyEntry *entry = self->vocabulary != NULL
                                         ? ressenti_vocabulary_lookup (self->vocabulary, key) : NULL;
  Op *op;

  if (entry == NULL)
    return;
  op = g_new0 (Op, 1);
  op->type = OP_UPDATE;
  op->key = g_strdup (key);
  op->before = ressenti_vocabulary_entry_copy (entry);
  op->entry = ressenti_vocabulary_entry_copy (entry);
  op->entry->retired = !entry->retired;
  queue_op (self, op);
}

static void
reload (RessentiVocabularyEditor *self)
{
  Op *op;

  if (self->store == NULL)
    {
      show_status (self, _("The library is not open yet: its vocabulary can be edited once it is."));
      for (guint kind = 0; kind < N_KINDS; kind++)
        gtk_widget_set_visible (self->groups[kind], FALSE);
      return;
    }
  if (self->vocabulary == NULL)
    show_status (self, _("Reading the vocabulary…"));
  op = g_new0 (Op, 1);
  op->type = OP_LOAD;
  queue_op (self, op);
}

/* The dialog: add, rename, redefine ------------------------------------------------ */

typedef struct
{
  RessentiVocabularyEditor *editor;
  char                     *key;    /* NULL: adding */
  RessentiVocabularyKind    kind;
  GtkWidget                *return_focus;
} DialogData;

static void
dialog_data_free (DialogData *data)
{
  g_object_unref (data->editor);
  g_free (data->key);
  if (data->return_focus != NULL)
    g_object_remove_weak_pointer (G_OBJECT (data->return_focus), (gpointer *) &data->return_focus);
  g_free (data);
}

static char *
entry_text (GtkWidget *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
confirm_clicked_cb (GtkWidget *dialog)
{
  DialogData *data = g_object_get_data (G_OBJECT (dialog), "ressenti-dialog-data");
  RessentiVocabularyEditor *self = data->editor;
  g_autofree char *label = entry_text (g_object_get_data (G_OBJECT (dialog), "ressenti-name-entry"));
  g_autofree char *definition = entry_text (g_object_get_data (G_OBJECT (dialog), "ressenti-definition-entry"));
  Op *op;

  if (g_object_get_data (G_OBJECT (dialog), "ressenti-busy") != NULL)
    return;
  if (*label == '\0')
    {
      const char *message = _("Type a name first.");

      dialog_show_error (dialog, message);
      ressenti_say_error (message);
      return;
    }

  op = g_new0 (Op, 1);
  if (data->key == NULL)
    {
      op->type = OP_ADD;
      op->kind = data->kind;
      op->label = g_steal_pointer (&label);
      op->definition = g_steal_pointer (&definition);
    }
  else
    {
      const RessentiVocabularyEntry *entry = self->vocabulary != NULL
                                             ? ressenti_vocabulary_lookup (self->vocabulary, data->key) : NULL;

      if (entry == NULL)
        {
          g_free (op);
          gtk_window_destroy (GTK_WINDOW (dialog));
          return;
        }
      if (g_strcmp0 (entry->label, label) == 0
          && g_strcmp0 (entry->definition != NULL ? entry->definition : "", definition) == 0)
        {
          g_free (op);
          if (data->return_focus != NULL)
            gtk_widget_grab_focus (data->return_focus);
          gtk_window_destroy (GTK_WINDOW (dialog));
          say_when_active (self, _("Nothing was changed."));
          return;
        }
      op->type = OP_UPDATE;
      op->key = g_strdup (data->key);
      op->before = ressenti_vocabulary_entry_copy (entry);
      op->entry = ressenti_vocabulary_entry_copy (entry);
      g_free (op->entry->label);
      op->entry->label = g_steal_pointer (&label);
      g_free (op->entry->definition);
      op->entry->definition = g_steal_pointer (&definition);
      if (data->return_focus != NULL)
        {
          op->return_focus = data->return_focus;
          g_object_add_weak_pointer (G_OBJECT (op->return_focus), (gpointer *) &op->return_focus);
        }
    }
  op->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &op->dialog);
  g_object_set_data (G_OBJECT (dialog), "ressenti-busy", GINT_TO_POINTER (TRUE));
  queue_op (self, op);
}

static GtkWidget *
labelled_entry_new (GtkWidget  *box,
                    const char *title,
                    const char *text)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static void
open_dialog (RessentiVocabularyEditor      *self,
             RessentiVocabularyKind         kind,
             const RessentiVocabularyEntry *entry)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *prompt;
  GtkWidget *name_entry;
  GtkWidget *definition_entry;
  GtkWidget *error_label = gtk_label_new (NULL);
  GtkWidget *cancel = gtk_button_new_with_label (_("Cancel"));
  GtkWidget *confirm;
  GtkShortcutController *shortcuts;
  DialogData *data = g_new0 (DialogData, 1);
  g_autofree char *title = NULL;

  data->editor = g_object_ref (self);
  data->kind = kind;
  if (entry != NULL)
    {
      data->key = g_strdup (entry->key);
      /* Translators: the title of a dialog; %s is an entry of the vocabulary. */
      title = g_strdup_printf (_("Rename or redefine “%s”"), entry->label);
      confirm = gtk_button_new_with_label (_("Save"));
      prompt = gtk_label_new (_("A new name is used everywhere at once, for the markers already made too."));
    }
  else
    {
      title = g_strdup (kind == RESSENTI_VOCABULARY_AGENT_DELIVERY
                        ? _("Add a quality of the agent’s delivery")
                        : _("Add a customer emotion"));
      confirm = gtk_button_new_with_label (_("Add"));
      prompt = gtk_label_new (kind == RESSENTI_VOCABULARY_AGENT_DELIVERY
                              ? _("How the agent spoke, such as “patient” or “curt”: a quality of delivery, "
                                  "never an emotion of the agent.")
                              : _("What can be heard in the customer’s voice, such as “doubt”."));
    }
  if (root != NULL && GTK_IS_ROOT (root))
    {
      GtkWidget *focus = gtk_root_get_focus (root);

      gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
      /* The entry's inner text is what has focus; give it back to the row
       * or button instead. */
      if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
        {
          data->return_focus = focus;
          g_object_add_weak_pointer (G_OBJECT (focus), (gpointer *) &data->return_focus);
        }
    }
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_title (GTK_WINDOW (dialog), title);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, -1);

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_label_set_wrap (GTK_LABEL (prompt), TRUE);
  gtk_label_set_xalign (GTK_LABEL (prompt), 0);
  gtk_widget_set_margin_bottom (prompt, 6);
  gtk_box_append (GTK_BOX (box), prompt);
  name_entry = labelled_entry_new (box, _("Name"), entry != NULL ? entry->label : NULL);
  definition_entry = labelled_entry_new (box, _("Definition, in one short sentence"),
                                         entry != NULL ? entry->definition : NULL);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (name_entry), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  prompt, NULL, -1);
  /* An error stays written under the entries (and is announced). */
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), error_label);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 12);
  gtk_widget_add_css_class (confirm, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), cancel);
  gtk_box_append (GTK_BOX (buttons), confirm);
  gtk_box_append (GTK_BOX (box), buttons);
  adw_window_set_content (ADW_WINDOW (dialog), box);
  gtk_window_set_default_widget (GTK_WINDOW (dialog), confirm);

  g_object_set_data_full (G_OBJECT (dialog), "ressenti-dialog-data", data, (GDestroyNotify) dialog_data_free);
  g_object_set_data (G_OBJECT (dialog), "ressenti-name-entry", name_entry);
  g_object_set_data (G_OBJECT (dialog), "ressenti-definition-entry", definition_entry);
  g_object_set_data (G_OBJECT (dialog), "ressenti-error-label", error_label);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), dialog);
  g_signal_connect_swapped (confirm, "clicked", G_CALLBACK (confirm_clicked_cb), dialog);
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (dialog, GTK_EVENT_CONTROLLER (shortcuts));

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (name_entry);
}

static void
open_edit_dialog (RessentiVocabularyEditor *self,
                  const char               *key)
{
  const RessentiVocabularyEntry *entry = self->vocabulary != NULL
                                         ? ressenti_vocabulary_lookup (self->vocabulary, key) : NULL;

  if (entry != NULL)
    open_dialog (self, entry->kind, entry);
}

static void
add_clicked_cb (GtkButton *button)
{
  RessentiVocabularyEditor *self = editor_of (GTK_WIDGET (button));
  RessentiVocabularyKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ressenti-kind"));

  if (self->store == NULL)
    {
      ressenti_say_error (_("The library is not open yet."));
      return;
    }
  open_dialog (self, kind, NULL);
}

/* Building --------------------------------------------------------------------------- */

static void
build_kind (RessentiVocabularyEditor *self,
            RessentiVocabularyKind    kind)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *add;
  const char *title;

  if (kind == RESSENTI_VOCABULARY_AGENT_DELIVERY)
    {
      title = _("Agent delivery");
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             _("How the agent spoke: warm, rushed, hesitant… Markers on the "
                                               "agent’s side take these qualities of delivery only: nothing "
                                               "in Ressenti labels an agent’s emotions."));
      add = gtk_button_new_with_label (_("Add a delivery quality…"));
    }
  else
    {
      title = _("Customer emotions");
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             _("What can be heard in the customer’s voice."));
      add = gtk_button_new_with_label (_("Add a customer emotion…"));
    }
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (add), "ressenti-kind", GUINT_TO_POINTER (kind));
  g_signal_connect (add, "clicked", G_CALLBACK (add_clicked_cb), NULL);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_sort_func (GTK_LIST_BOX (list), row_compare, NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_signal_connect (list, "row-activated", G_CALLBACK (row_activated_cb), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);

  gtk_widget_set_parent (group, GTK_WIDGET (self));
  self->groups[kind] = group;
  self->lists[kind] = GTK_LIST_BOX (list);
}

static void
ressenti_vocabulary_editor_dispose (GObject *object)
{
  RessentiVocabularyEditor *self = (RessentiVocabularyEditor *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  pending_clear (self);
  /* The running op is freed by its callback (cancelled); the others here. */
  while (self->ops.length > 1)
    op_free (g_queue_pop_tail (&self->ops));
  g_clear_pointer (&self->rows, g_hash_table_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->vocabulary);

  G_OBJECT_CLASS (ressenti_vocabulary_editor_parent_class)->dispose (object);
}

static void
ressenti_vocabulary_editor_finalize (GObject *object)
{
  RessentiVocabularyEditor *self = (RessentiVocabularyEditor *) object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ressenti_vocabulary_editor_parent_class)->finalize (object);
}

static void
ressenti_vocabulary_editor_class_init (RessentiVocabularyEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ressenti_vocabulary_editor_dispose;
  object_class->finalize = ressenti_vocabulary_editor_finalize;

  /**
   * RessentiVocabularyEditor::changed:
   * @vocabulary: the library's vocabulary after the change
   *
   * A change was kept in the library.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RESSENTI_TYPE_VOCABULARY);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
ressenti_vocabulary_editor_init (RessentiVocabularyEditor *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 24);
  g_queue_init (&self->ops);
  self->cancellable = g_cancellable_new ();
  /* Keys point into the rows, which the list widgets own. */
  self->rows = g_hash_table_new (g_str_hash, g_str_equal);

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->status_label), GTK_WIDGET (self));
  build_kind (self, RESSENTI_VOCABULARY_CUSTOMER_EMOTION);
  build_kind (self, RESSENTI_VOCABULARY_AGENT_DELIVERY);
}

GtkWidget *
ressenti_vocabulary_editor_new (RessentiStore *store)
{
  RessentiVocabularyEditor *self = g_object_new (RESSENTI_TYPE_VOCABULARY_EDITOR, NULL);

  ressenti_vocabulary_editor_set_store (self, store);
  return GTK_WIDGET (self);
}

void
ressenti_vocabulary_editor_set_store (RessentiVocabularyEditor *self,
                                      RessentiStore            *store)
{
  g_return_if_fail (RESSENTI_IS_VOCABULARY_EDITOR (self));
  g_return_if_fail (store == NULL || RESSENTI_IS_STORE (store));

  if (store != NULL && store == self->store)
    return;
  g_set_object (&self->store, store);
  reload (self);
}

RessentiVocabulary *
ressenti_vocabulary_editor_get_vocabulary (RessentiVocabularyEditor *self)
{
  g_return_val_if_fail (RESSENTI_IS_VOCABULARY_EDITOR (self), NULL);

  return self->vocabulary;
}
