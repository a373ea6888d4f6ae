/* ressenti-marker-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change goes through the review session, which writes it on its own
 * thread; the confirmation is spoken in the completion callback, so what
 * the listener hears confirmed is already on disk.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-application.h"
#include "ressenti-entry-picker.h"
#include "ressenti-marker-dialog.h"
#include "ressenti-marker-editor.h"
#include "ressenti-spoken.h"

struct _RessentiMarkerEditor
{
  GObject                parent_instance;

  GtkWidget             *owner;          /* weak */
  RessentiPlayer        *player;
  RessentiReviewSession *session;
  GSettings             *settings;
  RessentiSide           side;
  char                  *current;

  /* A marker asked for before the review existed: placed when it does. */
  RessentiMarker        *pending;
};

G_DEFINE_FINAL_TYPE (RessentiMarkerEditor, ressenti_marker_editor, G_TYPE_OBJECT)

static RessentiVocabulary *
vocabulary (RessentiMarkerEditor *self)
{
  return self->session != NULL ? ressenti_review_session_get_vocabulary (self->session) : NULL;
}

static GtkWindow *
parent_window (RessentiMarkerEditor *self)
{
  GtkRoot *root = self->owner != NULL ? gtk_widget_get_root (self->owner) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static const RessentiMarker *
find_marker (RessentiMarkerEditor *self,
             const char           *id)
{
  g_autoptr(RessentiMarkerItem) item = NULL;
  int index;

  if (self->session == NULL || id == NULL)
    return NULL;
  index = ressenti_review_session_find (self->session, id);
  if (index < 0)
    return NULL;
  item = g_list_model_get_item (ressenti_review_session_get_markers (self->session), (guint) index);
  /* The session's model keeps its own reference to the item. */
  return ressenti_marker_item_get_marker (item);
}

/* The current marker, or NULL after saying there is none. */
static const RessentiMarker *
current_or_say (RessentiMarkerEditor *self)
{
  const RessentiMarker *marker = find_marker (self, self->current);

  if (marker == NULL)
    ressenti_say_result (_("No current marker. Place one with a digit, or go to one."));
  return marker;
}

static void
set_current (RessentiMarkerEditor *self,
             const char           *id)
{
  if (g_strcmp0 (self->current, id) == 0)
    return;
  g_free (self->current);
  self->current = g_strdup (id);
}

/* "2:13.250": a nudge is smaller than the spoken seconds. */
static char *
precise_time (gint64 ms)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d.%03d", ms / 60000, (int) (ms / 1000 % 60), (int) (ms % 1000));
}

/* ------------------------------------------------------------------ */
/* Completions                                                         */
/* ------------------------------------------------------------------ */

typedef enum
{
  CONFIRM_PLACED,
  CONFIRM_CHANGED,
  CONFIRM_NUDGED,
} Confirm;

typedef struct
{
  RessentiMarkerEditor *self;
  Confirm               confirm;
} Change;

static Change *
change_new (RessentiMarkerEditor *self,
            Confirm               confirm)
{
  Change *change = g_new0 (Change, 1);

  change->self = g_object_ref (self);
  change->confirm = confirm;
  return change;
}

static void
change_free (Change *change)
{
  g_object_unref (change->self);
  g_free (change);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Change, change_free)

static void
confirm (RessentiMarkerEditor *self,
         const RessentiMarker *marker,
         Confirm               how)
{
  g_autofree char *text = NULL;

  set_current (self, marker->id);
  if (how == CONFIRM_NUDGED)
    {
      g_autofree char *time = precise_time (marker->start_ms);

      /* Translators: a marker was moved a little; %s is its new time
       * ("2:13.250", minutes, seconds and milliseconds). */
      text = g_strdup_printf (_("Marker at %s"), time);
    }
  else
    text = ressenti_marker_describe_placed (marker, vocabulary (self));
  ressenti_say_result (text);
}

static void
marker_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Change) change = user_data;
  RessentiReviewSession *session = RESSENTI_REVIEW_SESSION (source);
  g_autoptr(RessentiMarker) marker = NULL;
  g_autoptr(GError) error = NULL;

  if (change->confirm == CONFIRM_PLACED)
    marker = ressenti_review_session_add_finish (session, result, &error);
  else
    marker = ressenti_review_session_update_finish (session, result, &error);
  if (marker == NULL)
    {
      /* Translators: %s says why; nothing already saved is lost. */
      g_autofree char *text = g_strdup_printf (change->confirm == CONFIRM_PLACED
                                               ? _("The marker could not be saved: %s")
                                               : _("The marker could not be changed: %s"),
                                               error->message);

      ressenti_say_error (text);
      return;
    }
  confirm (change->self, marker, change->confirm);
}

static void
add_marker (RessentiMarkerEditor *self,
            const RessentiMarker *marker)
{
  ressenti_review_session_add_async (self->session, marker, marker_written_cb, change_new (self, CONFIRM_PLACED));
}

static void
update_marker (RessentiMarkerEditor *self,
               const RessentiMarker *marker,
               Confirm               how)
{
  ressenti_review_session_update_async (self->session, marker, marker_written_cb, change_new (self, how));
}

/* ------------------------------------------------------------------ */
/* Placing                                                             */
/* ------------------------------------------------------------------ */

const RessentiVocabularyEntry *
ressenti_marker_editor_get_digit_entry (RessentiMarkerEditor *self,
                                        guint                 n)
{
  RessentiVocabulary *vocab = vocabulary (self);
  g_autoptr(RessentiVocabulary) fallback = NULL;

  g_return_val_if_fail (RESSENTI_IS_MARKER_EDITOR (self), NULL);

  /* Before the review is open the built-in order is the best guess; the
   * library's own order applies as soon as it is. */
  if (vocab == NULL)
    return NULL;
  return ressenti_vocabulary_get_digit (vocab, ressenti_side_vocabulary_kind (self->side), n);
}

static void
place_at (RessentiMarkerEditor *self,
          RessentiMarker       *marker)
{
  if (self->session != NULL)
    {
      add_marker (self, marker);
      ressenti_marker_free (marker);
      return;
    }
  g_clear_pointer (&self->pending, ressenti_marker_free);
  self->pending = marker;
  if (self->owner != NULL)
    gtk_widget_activate_action (self->owner, "call.start-review", NULL);
}

void
ressenti_marker_editor_place_entry (RessentiMarkerEditor *self,
                                    const char           *entry_key)
{
  gint64 position;

  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  if (!ressenti_player_is_open (self->player))
    {
      ressenti_say_result (_("No call is open."));
      return;
    }
  position = ressenti_player_get_position (self->player);
  place_at (self, ressenti_marker_new (position, self->side, entry_key));
}

void
ressenti_marker_editor_place (RessentiMarkerEditor *self,
                              guint                 digit)
{
  const RessentiVocabularyEntry *entry;

  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  if (self->session == NULL)
    {
      g_autoptr(RessentiVocabulary) builtin = ressenti_vocabulary_new (NULL);

      /* No review yet: the digit means what it means in a new library;
       * placing starts the review. */
      entry = ressenti_vocabulary_get_digit (builtin, ressenti_side_vocabulary_kind (self->side), digit);
      if (entry != NULL)
        ressenti_marker_editor_place_entry (self, entry->key);
      else
        ressenti_say_result (_("No marker on this key"));
      return;
    }
  entry = ressenti_marker_editor_get_digit_entry (self, digit);
  if (entry == NULL)
    {
      ressenti_say_result (_("No marker on this key"));
      return;
    }
  ressenti_marker_editor_place_entry (self, entry->key);
}

static void
entry_chosen_cb (RessentiMarkerEditor *self,
                 const char           *key)
{
  ressenti_marker_editor_place_entry (self, key);
}

void
ressenti_marker_editor_pick (RessentiMarkerEditor *self)
{
  g_autoptr(RessentiVocabulary) builtin = NULL;
  RessentiVocabulary *vocab;
  RessentiEntryPicker *picker;

  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  vocab = vocabulary (self);
  if (vocab == NULL)
    vocab = builtin = ressenti_vocabulary_new (NULL);
  picker = ressenti_entry_picker_new (parent_window (self), vocab, self->side);
  g_signal_connect_object (picker, "entry-chosen", G_CALLBACK (entry_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (picker));
}

void
ressenti_marker_editor_switch_side (RessentiMarkerEditor *self)
{
  const char *text;

  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  self->side = (self->side + 1) % RESSENTI_N_SIDES;
  switch (self->side)
    {
    case RESSENTI_SIDE_AGENT:
      text = _("New markers: agent side, delivery qualities");
      break;
    case RESSENTI_SIDE_BOTH:
      text = _("New markers: both sides");
      break;
    case RESSENTI_SIDE_CUSTOMER:
    case RESSENTI_N_SIDES:
    default:
      text = _("New markers: customer side, emotions");
      break;
    }
  ressenti_say_result (text);
}

/* ------------------------------------------------------------------ */
/* Changing the current marker                                         */
/* ------------------------------------------------------------------ */

void
ressenti_marker_editor_intensity (RessentiMarkerEditor *self,
                                  int                   direction)
{
  const RessentiMarker *current;
  g_autoptr(RessentiMarker) changed = NULL;
  int span = RESSENTI_INTENSITY_MAX - RESSENTI_INTENSITY_MIN + 1;

  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  if ((current = current_or_say (self)) == NULL)
    return;
  changed = ressenti_marker_copy (current);
  /* Round: strong is followed by mild again, so one key reaches all. */
  changed->intensity = RESSENTI_INTENSITY_MIN +
                       ((changed->intensity - RESSENTI_INTENSITY_MIN + direction + span) % span);
  update_marker (self, changed, CONFIRM_CHANGED);
}

void
ressenti_marker_editor_end_span (RessentiMarkerEditor *self)
{
  const RessentiMarker *current;
  g_autoptr(RessentiMarker) changed = NULL;
  gint64 position;

  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  if ((current = current_or_say (self)) == NULL)
    return;
  position = ressenti_player_get_position (self->player);
  if (position <= current->start_ms)
    {
      ressenti_say_result (_("A span ends after its start: play past the marker first."));
      return;
    }
  changed = ressenti_marker_copy (current);
  changed->end_ms = position;
  update_marker (self, changed, CONFIRM_CHANGED);
}

void
ressenti_marker_editor_nudge (RessentiMarkerEditor *self,
                              int                   direction)
{
  const RessentiMarker *current;
  g_autoptr(RessentiMarker) changed = NULL;
  gint64 step, start, duration;

  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  if ((current = current_or_say (self)) == NULL)
    return;
  step = g_settings_get_uint (self->settings, "marker-step-ms");
  duration = ressenti_player_get_duration (self->player);
  start = current->start_ms + direction * step;
  start = MAX (start, 0);
  if (duration > 0)
    start = MIN (start, duration);
  if (current->end_ms >= 0 && start >= current->end_ms)
    {
      ressenti_say_result (_("The marker reaches its end: it cannot move later."));
      return;
    }
  if (start == current->start_ms)
    {
      ressenti_say_result (direction < 0 ? _("The marker is at the start of the call") : _("The marker is at the end of the call"));
      return;
    }
  changed = ressenti_marker_copy (current);
  changed->start_ms = start;
  update_marker (self, changed, CONFIRM_NUDGED);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RessentiMarkerEditor) self = user_data;
  g_autoptr(RessentiMarker) marker = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  g_autofree char *text = NULL;

  marker = ressenti_review_session_delete_finish (RESSENTI_REVIEW_SESSION (source), result, &error);
  if (marker == NULL)
    {
      /* Translators: %s says why. */
      text = g_strdup_printf (_("The marker could not be deleted: %s"), error->message);
      ressenti_say_error (text);
      return;
    }
  if (g_strcmp0 (self->current, marker->id) == 0)
    set_current (self, NULL);
  what = ressenti_marker_describe_placed (marker, vocabulary (self));
  /* Translators: %s is the deleted marker ("Anger, strong, customer, 2
   * minutes 13"). */
  text = g_strdup_printf (_("Deleted: %s. Ctrl+Z undoes."), what);
  ressenti_say_result (text);
}

void
ressenti_marker_editor_delete_marker (RessentiMarkerEditor *self,
                                      const char           *marker_id)
{
  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  if (self->session == NULL || find_marker (self, marker_id) == NULL)
    return;
  ressenti_review_session_delete_async (self->session, marker_id, deleted_cb, g_object_ref (self));
}

void
ressenti_marker_editor_delete (RessentiMarkerEditor *self)
{
  const RessentiMarker *current;

  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  if ((current = current_or_say (self)) == NULL)
    return;
  ressenti_marker_editor_delete_marker (self, current->id);
}

/* Translators (all below): said after Ctrl+Z / Ctrl+Shift+Z; %s is the
 * marker ("Anger, strong, customer, 2 minutes 13"). */
static char *
describe_undo (RessentiReviewChangeKind  kind,
               gboolean                  redo,
               const char               *what)
{
  switch (kind)
    {
    case RESSENTI_REVIEW_CHANGE_ADD:
      return redo ? g_strdup_printf (_("Redone: placing %s"), what) : g_strdup_printf (_("Undone: placing %s"), what);
    case RESSENTI_REVIEW_CHANGE_UPDATE:
      return redo ? g_strdup_printf (_("Redone: change to %s"), what) : g_strdup_printf (_("Undone: change, now %s"), what);
    case RESSENTI_REVIEW_CHANGE_DELETE:
      return redo ? g_strdup_printf (_("Redone: deleting %s"), what) : g_strdup_printf (_("Undone: deleting %s"), what);
    case RESSENTI_REVIEW_CHANGE_IMPORT:
    default:
      return g_strdup (what);
    }
}

typedef struct
{
  RessentiMarkerEditor *self;
  gboolean              redo;
} Undo;

static void
undone_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree Undo *undo = user_data;
  g_autoptr(RessentiMarkerEditor) self = undo->self;
  RessentiReviewChangeKind kind = RESSENTI_REVIEW_CHANGE_ADD;
  g_autoptr(RessentiMarker) marker = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  if (!ressenti_review_session_undo_finish (RESSENTI_REVIEW_SESSION (source), result, &kind, &marker, &n, &error))
    {
      ressenti_say_error (error->message);
      return;
    }
  if (kind == RESSENTI_REVIEW_CHANGE_IMPORT)
    text = g_strdup_printf (undo->redo
                            ? g_dngettext (GETTEXT_PACKAGE, "Redone: import of %u marker", "Redone: import of %u markers", n)
                            : g_dngettext (GETTEXT_PACKAGE, "Undone: import of %u marker", "Undone: import of %u markers", n),
                            n);
  else
    {
      g_autofree char *what = ressenti_marker_describe_placed (marker, vocabulary (self));
      gboolean gone = (kind == RESSENTI_REVIEW_CHANGE_ADD) != undo->redo;

      set_current (self, gone ? NULL : marker->id);
      text = describe_undo (kind, undo->redo, what);
    }
  ressenti_say_result (text);
}

void
ressenti_marker_editor_undo (RessentiMarkerEditor *self,
                             gboolean              redo)
{
  Undo *undo;

  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  if (self->session == NULL ||
      !(redo ? ressenti_review_session_can_redo (self->session) : ressenti_review_session_can_undo (self->session)))
    {
      ressenti_say_result (redo ? _("Nothing to redo") : _("Nothing to undo"));
      return;
    }
  undo = g_new0 (Undo, 1);
  undo->self = g_object_ref (self);
  undo->redo = redo;
  if (redo)
    ressenti_review_session_redo_async (self->session, undone_cb, undo);
  else
    ressenti_review_session_undo_async (self->session, undone_cb, undo);
}

static void
marker_edited_cb (RessentiMarkerEditor *self,
                  RessentiMarker       *marker)
{
  if (self->session != NULL)
    update_marker (self, marker, CONFIRM_CHANGED);
}

void
ressenti_marker_editor_edit_marker (RessentiMarkerEditor *self,
                                    const char           *marker_id,
                                    GtkWindow            *parent)
{
  const RessentiMarker *marker;
  RessentiMarkerDialog *dialog;

  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  if ((marker = find_marker (self, marker_id)) == NULL)
    return;
  dialog = ressenti_marker_dialog_new (parent != NULL ? parent : parent_window (self), marker, vocabulary (self),
                                       ressenti_player_get_duration (self->player), FALSE);
  g_signal_connect_object (dialog, "marker-edited", G_CALLBACK (marker_edited_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ressenti_marker_editor_edit (RessentiMarkerEditor *self,
                             gboolean              text_only)
{
  const RessentiMarker *current;
  RessentiMarkerDialog *dialog;

  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  if ((current = current_or_say (self)) == NULL)
    return;
  dialog = ressenti_marker_dialog_new (parent_window (self), current, vocabulary (self),
                                       ressenti_player_get_duration (self->player), text_only);
  g_signal_connect_object (dialog, "marker-edited", G_CALLBACK (marker_edited_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ressenti_marker_editor_define (RessentiMarkerEditor *self)
{
  const RessentiMarker *current;
  const RessentiVocabularyEntry *entry;
  g_autofree char *text = NULL;

  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  if ((current = current_or_say (self)) == NULL)
    return;
  entry = ressenti_vocabulary_lookup (vocabulary (self), current->entry_key);
  if (entry == NULL || entry->definition == NULL || *entry->definition == '\0')
    {
      ressenti_say_result (_("This marker’s entry has no definition"));
      return;
    }
  /* Translators: "Anger: the voice is loud…", an entry and its definition. */
  text = g_strdup_printf (_("%1$s: %2$s"), entry->label, entry->definition);
  ressenti_say_result (text);
}

/* ------------------------------------------------------------------ */
/* The session                                                         */
/* ------------------------------------------------------------------ */

void
ressenti_marker_editor_set_session (RessentiMarkerEditor  *self,
                                    RessentiReviewSession *session)
{
  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  if (!g_set_object (&self->session, session))
    return;
  set_current (self, NULL);
  if (session == NULL)
    {
      g_clear_pointer (&self->pending, ressenti_marker_free);
      return;
    }
  if (self->pending != NULL)
    {
      g_autoptr(RessentiMarker) pending = g_steal_pointer (&self->pending);

      add_marker (self, pending);
    }
}

RessentiReviewSession *
ressenti_marker_editor_get_session (RessentiMarkerEditor *self)
{
  g_return_val_if_fail (RESSENTI_IS_MARKER_EDITOR (self), NULL);

  return self->session;
}

RessentiSide
ressenti_marker_editor_get_side (RessentiMarkerEditor *self)
{
  g_return_val_if_fail (RESSENTI_IS_MARKER_EDITOR (self), RESSENTI_SIDE_CUSTOMER);

  return self->side;
}

const char *
ressenti_marker_editor_get_current (RessentiMarkerEditor *self)
{
  g_return_val_if_fail (RESSENTI_IS_MARKER_EDITOR (self), NULL);

  return self->current;
}

void
ressenti_marker_editor_set_current (RessentiMarkerEditor *self,
                                    const char           *marker_id)
{
  g_return_if_fail (RESSENTI_IS_MARKER_EDITOR (self));

  set_current (self, marker_id);
}

static void
ressenti_marker_editor_dispose (GObject *object)
{
  RessentiMarkerEditor *self = (RessentiMarkerEditor *) object;

  g_clear_weak_pointer (&self->owner);
  g_clear_object (&self->player);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending, ressenti_marker_free);
  g_clear_pointer (&self->current, g_free);

  G_OBJECT_CLASS (ressenti_marker_editor_parent_class)->dispose (object);
}

static void
ressenti_marker_editor_class_init (RessentiMarkerEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ressenti_marker_editor_dispose;
}

static void
ressenti_marker_editor_init (RessentiMarkerEditor *self)
{
  self->side = RESSENTI_SIDE_CUSTOMER;
  self->settings = g_settings_new (APP_ID);
}

RessentiMarkerEditor *
ressenti_marker_editor_new (GtkWidget      *owner,
                            RessentiPlayer *player)
{
  RessentiMarkerEditor *self = g_object_new (RESSENTI_TYPE_MARKER_EDITOR, NULL);

  g_set_weak_pointer (&self->owner, owner);
  self->player = g_object_ref (player);
  return self;
}
