/* ressenti-review-session.c — the current user's review of one call, open
 * for editing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change is an Op. Ops wait in @pending, on the owner's thread, and
 * go one at a time to the session's writer thread (a GThreadPool of one
 * exclusive thread); its result comes back to the owner's main context,
 * where the model and the history change and the caller's callback runs;
 * then the next Op goes. So writes happen in the order they were asked
 * for, and an undo asked for while a change is being written undoes that
 * change.
 *
 * The model is a sorted array of RessentiMarkerItem; each change is merged
 * into it and announced with one items-changed signal covering what lies
 * between the unchanged beginning and the unchanged end.
 */
#include "config.h"

#define G_LOG_DOMAIN "ressenti-review-session"

#include <glib/gi18n-lib.h>

#include "ressenti-review-session.h"

#define HISTORY_MAX 200

typedef enum
{
  OP_ADD,
  OP_UPDATE,
  OP_DELETE,
  OP_IMPORT,
  OP_UNDO,
  OP_REDO,
  OP_SUMMARY,
  OP_SUBMIT,
} OpKind;

/* One step of the history, with what it takes to do it again or undo it. */
typedef struct
{
  RessentiReviewChangeKind  kind;
  RessentiMarker           *before;    /* update, delete */
  RessentiMarker           *after;     /* add, update */
  GPtrArray                *markers;   /* import: the markers added */
} Change;

typedef struct
{
  OpKind          kind;
  GTask          *task;
  RessentiStore  *store;
  char           *review_id;
  /* What to write. */
  RessentiMarker *marker;
  char           *marker_id;
  GPtrArray      *markers;
  char           *summary;
  Change         *change;    /* undo, redo: the step, owned by the history */
  RessentiReviewChangeKind change_kind;
  RessentiMarker *before;    /* update, delete: as it was in the model */
  /* What happened. */
  GError         *error;
  GPtrArray      *removed;   /* ids (char*) gone from the model */
  GPtrArray      *upserted;  /* RessentiMarker* as stored, new or changed */
  RessentiMarker *result;
  guint           n_added;
  guint           n_skipped;
  RessentiReviewInfo *info;
} Op;

struct _RessentiReviewSession
{
  GObject             parent_instance;

  RessentiStore      *store;
  RessentiReviewInfo *info;
  RessentiVocabulary *vocabulary;
  GPtrArray          *items;    /* RessentiMarkerItem*, in ressenti_marker_compare() order */
  GHashTable         *by_id;    /* marker id → item (owned by @items) */

  GMainContext       *context;
  GThreadPool        *writer;
  GQueue              pending;  /* Op*, not yet sent to the writer */
  gboolean            writing;
  GQueue              undo;     /* Change*, newest first */
  GQueue              redo;
};

enum
{
  PROP_0,
  PROP_VOCABULARY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_INFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ressenti_review_session_list_model_init (GListModelInterface *iface);
static void write_cb (gpointer data,
                      gpointer user_data);

G_DEFINE_FINAL_TYPE_WITH_CODE (RessentiReviewSession, ressenti_review_session, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ressenti_review_session_list_model_init))

/* ------------------------------------------------------------------ */
/* Changes and operations                                              */
/* ------------------------------------------------------------------ */

static void
change_free (Change *change)
{
  g_clear_pointer (&change->before, ressenti_marker_free);
  g_clear_pointer (&change->after, ressenti_marker_free);
  g_clear_pointer (&change->markers, g_ptr_array_unref);
  g_free (change);
}

static gpointer
copy_marker_cb (gconstpointer marker,
                gpointer      user_data)
{
  return ressenti_marker_copy (marker);
}

static GPtrArray *
markers_copy (GPtrArray *markers)
{
  GPtrArray *copy = g_ptr_array_copy (markers, copy_marker_cb, NULL);

  g_ptr_array_set_free_func (copy, (GDestroyNotify) ressenti_marker_free);
  return copy;
}

static GPtrArray *
new_marker_array (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_free);
}

static void
op_free (Op *op)
{
  g_clear_object (&op->task);
  g_clear_object (&op->store);
  g_free (op->review_id);
  g_clear_pointer (&op->marker, ressenti_marker_free);
  g_free (op->marker_id);
  g_clear_pointer (&op->markers, g_ptr_array_unref);
  g_free (op->summary);
  g_clear_pointer (&op->before, ressenti_marker_free);
  g_clear_error (&op->error);
  g_clear_pointer (&op->removed, g_ptr_array_unref);
  g_clear_pointer (&op->upserted, g_ptr_array_unref);
  g_clear_pointer (&op->result, ressenti_marker_free);
  g_clear_pointer (&op->info, ressenti_review_info_free);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static Op *
op_new (RessentiReviewSession *self,
        OpKind                 kind,
        gpointer               source_tag,
        GAsyncReadyCallback    callback,
        gpointer               user_data)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (op->task, source_tag);
  op->store = g_object_ref (self->store);
  op->review_id = g_strdup (self->info->id);
  op->removed = g_ptr_array_new_with_free_func (g_free);
  op->upserted = new_marker_array ();
  return op;
}

/* ------------------------------------------------------------------ */
/* The writer thread                                                   */
/* ------------------------------------------------------------------ */

static gboolean
write_add (Op *op)
{
  g_autoptr(RessentiMarker) marker = ressenti_marker_copy (op->marker);

  g_free (marker->review_id);
  marker->review_id = g_strdup (op->review_id);
  if (!ressenti_store_add_marker (op->store, marker, &op->error))
    return FALSE;
  op->result = ressenti_marker_copy (marker);
  g_ptr_array_add (op->upserted, g_steal_pointer (&marker));
  return TRUE;
}

static gboolean
write_update (Op             *op,
              const RessentiMarker *wanted)
{
  g_autoptr(RessentiMarker) marker = ressenti_marker_copy (wanted);

  if (!ressenti_store_update_marker (op->store, marker, &op->error))
    return FALSE;
  op->result = ressenti_marker_copy (marker);
  g_ptr_array_add (op->upserted, g_steal_pointer (&marker));
  return TRUE;
}

static gboolean
write_delete (Op                   *op,
              const RessentiMarker *marker)
{
  if (!ressenti_store_delete_marker (op->store, marker->id, &op->error))
    return FALSE;
  op->result = ressenti_marker_copy (marker);
  g_ptr_array_add (op->removed, g_strdup (marker->id));
  return TRUE;
}

/* Puts @markers back with their ids. */
static gboolean
write_restore (Op        *op,
               GPtrArray *markers)
{
  g_autoptr(GPtrArray) copies = markers_copy (markers);

  if (!ressenti_store_restore_markers (op->store, op->review_id, copies, &op->error))
    return FALSE;
  if (copies->len == 1)
    op->result = ressenti_marker_copy (g_ptr_array_index (copies, 0));
  g_ptr_array_extend_and_steal (op->upserted, g_steal_pointer (&copies));
  return TRUE;
}

static gboolean
write_import (Op *op)
{
  g_autoptr(GPtrArray) copies = markers_copy (op->markers);

  if (!ressenti_store_import_markers (op->store, op->review_id, copies, &op->n_added,
                                      &op->n_skipped, &op->error))
    return FALSE;
  for (guint i = 0; i < copies->len; i++)
    {
      RessentiMarker *marker = g_ptr_array_index (copies, i);

      if (marker->id != NULL)
        g_ptr_array_add (op->upserted, ressenti_marker_copy (marker));
    }
  return TRUE;
}

static gboolean
write_delete_all (Op        *op,
                  GPtrArray *markers)
{
  g_autofree const char **ids = g_new0 (const char *, markers->len + 1);

  for (guint i = 0; i < markers->len; i++)
    ids[i] = ((RessentiMarker *) g_ptr_array_index (markers, i))->id;
  if (!ressenti_store_delete_markers (op->store, ids, &op->error))
    return FALSE;
  for (guint i = 0; i < markers->len; i++)
    g_ptr_array_add (op->removed, g_strdup (ids[i]));
  return TRUE;
}

static gboolean
write_one (Op             *op,
           RessentiMarker *marker)
{
  g_autoptr(GPtrArray) one = new_marker_array ();

  g_ptr_array_add (one, ressenti_marker_copy (marker));
  return write_restore (op, one);
}

/* Does (@backward: undoes) @change. */
static gboolean
write_change (Op       *op,
              Change   *change,
              gboolean  backward)
{
  switch (change->kind)
    {
    case RESSENTI_REVIEW_CHANGE_ADD:
      return backward ? write_delete (op, change->after) : write_one (op, change->after);
    case RESSENTI_REVIEW_CHANGE_UPDATE:
      return write_update (op, backward ? change->before : change->after);
    case RESSENTI_REVIEW_CHANGE_DELETE:
      return backward ? write_one (op, change->before) : write_delete (op, change->before);
    case RESSENTI_REVIEW_CHANGE_IMPORT:
      return backward ? write_delete_all (op, change->markers)
                      : write_restore (op, change->markers);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
write_op (Op *op)
{
  switch (op->kind)
    {
    case OP_ADD:
      return write_add (op);
    case OP_UPDATE:
      return write_update (op, op->marker);
    case OP_DELETE:
      return write_delete (op, op->before);
    case OP_IMPORT:
      return write_import (op);
    case OP_UNDO:
    case OP_REDO:
      return write_change (op, op->change, op->kind == OP_UNDO);
    case OP_SUMMARY:
      return ressenti_store_set_review_summary (op->store, op->review_id, op->summary, &op->error);
    case OP_SUBMIT:
      return ressenti_store_set_review_status (op->store, op->review_id,
                                               RESSENTI_REVIEW_STATUS_SUBMITTED, &op->error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean write_done_cb (gpointer data);

/* On the writer thread. */
static void
write_cb (gpointer data,
          gpointer user_data)
{
  Op *op = data;
  RessentiReviewSession *self = g_task_get_source_object (op->task);

  if (write_op (op))
    {
      g_autoptr(GError) error = NULL;

      /* The write is committed; a review that cannot be read back just
       * keeps its old counts. */
      op->info = ressenti_store_get_review (op->store, op->review_id, &error);
      if (error != NULL)
        g_debug ("Could not read the review back: %s", error->message);
    }
  ressenti_main_context_post (self->context, write_done_cb, op, NULL);
}

/* ------------------------------------------------------------------ */
/* The model                                                           */
/* ------------------------------------------------------------------ */

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  return ressenti_marker_compare (ressenti_marker_item_get_marker (*(RessentiMarkerItem * const *) a),
                                  ressenti_marker_item_get_marker (*(RessentiMarkerItem * const *) b));
}

/* The items for @markers, sorted: a marker already in the model keeps its
 * item, which takes the new content (its notifications held until the
 * model has changed) and goes into @updated. */
static GPtrArray *
items_for (RessentiReviewSession *self,
           GPtrArray             *markers,
           GHashTable            *updated)
{
  GPtrArray *items = g_ptr_array_new_full (markers->len, g_object_unref);

  for (guint i = 0; i < markers->len; i++)
    {
      const RessentiMarker *marker = g_ptr_array_index (markers, i);
      RessentiMarkerItem *item = marker->id != NULL ? g_hash_table_lookup (self->by_id, marker->id) : NULL;

      if (item == NULL)
        {
          g_ptr_array_add (items, ressenti_marker_item_new (marker));
          continue;
        }
      g_object_freeze_notify (G_OBJECT (item));
      ressenti_marker_item_set_marker (item, marker);
      g_hash_table_add (updated, g_object_ref (item));
      g_ptr_array_add (items, g_object_ref (item));
    }
  g_ptr_array_sort (items, compare_items);
  return items;
}

/* The items of @old not in @gone, merged with @incoming (sorted). */
static GPtrArray *
merge_items (GPtrArray  *old,
             GHashTable *gone,
             GPtrArray  *incoming)
{
  GPtrArray *merged = g_ptr_array_new_full (old->len + incoming->len, g_object_unref);
  guint i = 0;
  guint j = 0;

  while (i < old->len || j < incoming->len)
    {
      RessentiMarkerItem *kept = i < old->len ? g_ptr_array_index (old, i) : NULL;

      if (kept != NULL && g_hash_table_contains (gone, ressenti_marker_item_get_marker (kept)->id))
        {
          i++;
          continue;
        }
      if (kept != NULL
          && (j == incoming->len || compare_items (&kept, &g_ptr_array_index (incoming, j)) < 0))
        {
          g_ptr_array_add (merged, g_object_ref (kept));
          i++;
        }
      else
        {
          g_ptr_array_add (merged, g_object_ref (g_ptr_array_index (incoming, j++)));
        }
    }
  return merged;
}

static void
index_items (RessentiReviewSession *self)
{
  g_hash_table_remove_all (self->by_id);
  for (guint i = 0; i < self->items->len; i++)
    {
      RessentiMarkerItem *item = g_ptr_array_index (self->items, i);

      g_hash_table_insert (self->by_id, ressenti_marker_item_get_marker (item)->id, item);
    }
}

/* Replaces the items, and says what changed: everything between the
 * common beginning and the common end of the old and new lists, where an
 * item in @updated (a changed marker that kept its item) counts as a
 * difference. A list view finds the same item among those removed and
 * added, and keeps its row and the focus on it. The index is rebuilt
 * first: handlers may call find(). */
static void
replace_items (RessentiReviewSession *self,
               GPtrArray             *items,
               GHashTable            *updated)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->items);
  guint first = 0;
  guint tail = 0;

  self->items = items;
  index_items (self);

  while (first < old->len && first < items->len
         && g_ptr_array_index (old, first) == g_ptr_array_index (items, first)
         && !g_hash_table_contains (updated, g_ptr_array_index (old, first)))
    first++;
  while (tail < old->len - first && tail < items->len - first
         && g_ptr_array_index (old, old->len - 1 - tail)
            == g_ptr_array_index (items, items->len - 1 - tail)
         && !g_hash_table_contains (updated, g_ptr_array_index (old, old->len - 1 - tail)))
    tail++;
  if (old->len - first - tail == 0 && items->len - first - tail == 0)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), first, old->len - first - tail,
                              items->len - first - tail);
}

static void
apply_to_model (RessentiReviewSession *self,
                GPtrArray             *removed,
                GPtrArray             *upserted)
{
  g_autoptr(GHashTable) gone = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) updated = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  g_autoptr(GPtrArray) incoming = NULL;
  GHashTableIter iter;
  gpointer item;

  for (guint i = 0; i < removed->len; i++)
    g_hash_table_add (gone, g_ptr_array_index (removed, i));
  for (guint i = 0; i < upserted->len; i++)
    g_hash_table_add (gone, ((RessentiMarker *) g_ptr_array_index (upserted, i))->id);
  /* items_for() gives updated items their new marker: the index's keys
   * (their old ids' strings) are not looked at again until
   * replace_items() has rebuilt it. */
  incoming = items_for (self, upserted, updated);
  replace_items (self, merge_items (self->items, gone, incoming), updated);
  g_hash_table_iter_init (&iter, updated);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    g_object_thaw_notify (G_OBJECT (item));
}

/* ------------------------------------------------------------------ */
/* The history                                                         */
/* ------------------------------------------------------------------ */

static void
clear_history (GQueue *queue)
{
  g_queue_clear_full (queue, (GDestroyNotify) change_free);
}

static void
push_undo (RessentiReviewSession *self,
           Change                *change)
{
  g_queue_push_head (&self->undo, change);
  while (self->undo.length > HISTORY_MAX)
    change_free (g_queue_pop_tail (&self->undo));
}

static Change *
change_new (RessentiReviewChangeKind  kind,
            RessentiMarker           *before,
            RessentiMarker           *after)
{
  Change *change = g_new0 (Change, 1);

  change->kind = kind;
  change->before = before != NULL ? ressenti_marker_copy (before) : NULL;
  change->after = after != NULL ? ressenti_marker_copy (after) : NULL;
  return change;
}

/* What a successful op does to the history. */
static void
record_op (RessentiReviewSession *self,
           Op                    *op)
{
  Change *change = NULL;

  switch (op->kind)
    {
    case OP_ADD:
      change = change_new (RESSENTI_REVIEW_CHANGE_ADD, NULL, op->result);
      break;
    case OP_UPDATE:
      change = change_new (RESSENTI_REVIEW_CHANGE_UPDATE, op->before, op->result);
      break;
    case OP_DELETE:
      change = change_new (RESSENTI_REVIEW_CHANGE_DELETE, op->before, NULL);
      break;
    case OP_IMPORT:
      if (op->upserted->len == 0)
        return;
      change = change_new (RESSENTI_REVIEW_CHANGE_IMPORT, NULL, NULL);
      change->markers = markers_copy (op->upserted);
      break;
    case OP_UNDO:
      g_queue_push_head (&self->redo, g_queue_pop_head (&self->undo));
      return;
    case OP_REDO:
      push_undo (self, g_queue_pop_head (&self->redo));
      return;
    case OP_SUMMARY:
    case OP_SUBMIT:
    default:
      return;
    }
  push_undo (self, change);
  clear_history (&self->redo);
}

/* ------------------------------------------------------------------ */
/* Running operations in order                                         */
/* ------------------------------------------------------------------ */

static void dispatch_next (RessentiReviewSession *self);

static void
return_op (Op *op)
{
  g_autoptr(GTask) task = g_steal_pointer (&op->task);

  if (op->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&op->error));
      op_free (op);
      return;
    }
  g_task_return_pointer (task, op, (GDestroyNotify) op_free);
}

static void
notify_history (RessentiReviewSession *self,
                gboolean               could_undo,
                gboolean               could_redo)
{
  if (could_undo != ressenti_review_session_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != ressenti_review_session_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Back on the owner's main context: the write is committed (or failed). */
static gboolean
write_done_cb (gpointer data)
{
  Op *op = data;
  g_autoptr(RessentiReviewSession) self = g_object_ref (g_task_get_source_object (op->task));
  gboolean could_undo = ressenti_review_session_can_undo (self);
  gboolean could_redo = ressenti_review_session_can_redo (self);

  self->writing = FALSE;
  if (op->error == NULL)
    {
      apply_to_model (self, op->removed, op->upserted);
      record_op (self, op);
      if (op->info != NULL)
        {
          ressenti_review_info_free (self->info);
          self->info = g_steal_pointer (&op->info);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
        }
      notify_history (self, could_undo, could_redo);
    }
  return_op (op);
  dispatch_next (self);
  return G_SOURCE_REMOVE;
}

static const RessentiMarker *
model_marker (RessentiReviewSession *self,
              const char            *marker_id)
{
  RessentiMarkerItem *item = marker_id != NULL ? g_hash_table_lookup (self->by_id, marker_id) : NULL;

  return item != NULL ? ressenti_marker_item_get_marker (item) : NULL;
}

static gboolean
set_nothing_to (GError   **error,
                gboolean   undo)
{
  g_set_error_literal (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND,
                       undo ? _("Nothing to undo.") : _("Nothing to redo."));
  return FALSE;
}

/* On the owner's thread, just before the op is written: what it needs
 * from the model and the history as they are then. */
static gboolean
prepare_op (RessentiReviewSession *self,
            Op                    *op)
{
  const char *id = op->kind == OP_DELETE ? op->marker_id
                   : op->kind == OP_UPDATE ? op->marker->id : NULL;
  const RessentiMarker *current = model_marker (self, id);

  if ((op->kind == OP_DELETE || op->kind == OP_UPDATE) && current == NULL)
    {
      g_set_error_literal (&op->error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND,
                           _("This marker is no longer in the review: it was deleted."));
      return FALSE;
    }
  if (current != NULL)
    op->before = ressenti_marker_copy (current);
  if (op->kind == OP_UNDO || op->kind == OP_REDO)
    {
      op->change = g_queue_peek_head (op->kind == OP_UNDO ? &self->undo : &self->redo);
      if (op->change == NULL)
        return set_nothing_to (&op->error, op->kind == OP_UNDO);
      op->change_kind = op->change->kind;
    }
  return TRUE;
}

static void
dispatch_next (RessentiReviewSession *self)
{
  while (!self->writing && self->pending.length > 0)
    {
      Op *op = g_queue_pop_head (&self->pending);
      g_autoptr(GError) error = NULL;

      if (!prepare_op (self, op))
        {
          return_op (op);
          continue;
        }
      self->writing = TRUE;
      if (!g_thread_pool_push (self->writer, op, &error))
        {
          self->writing = FALSE;
          op->error = g_steal_pointer (&error);
          return_op (op);
        }
    }
}

static void
queue_op (RessentiReviewSession *self,
          Op                    *op)
{
  g_queue_push_tail (&self->pending, op);
  dispatch_next (self);
}

static Op *
finish_op (RessentiReviewSession  *self,
           GAsyncResult           *result,
           gpointer                source_tag,
           GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* GListModel                                                          */
/* ------------------------------------------------------------------ */

static GType
list_model_get_item_type (GListModel *model)
{
  return RESSENTI_TYPE_MARKER_ITEM;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return RESSENTI_REVIEW_SESSION (model)->items->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  RessentiReviewSession *self = RESSENTI_REVIEW_SESSION (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
ressenti_review_session_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
ressenti_review_session_dispose (GObject *object)
{
  RessentiReviewSession *self = RESSENTI_REVIEW_SESSION (object);

  /* Every op holds a reference: none is pending or being written now. */
  if (self->writer != NULL)
    g_thread_pool_free (g_steal_pointer (&self->writer), FALSE, TRUE);
  g_clear_object (&self->vocabulary);
  g_clear_object (&self->store);
  clear_history (&self->undo);
  clear_history (&self->redo);

  G_OBJECT_CLASS (ressenti_review_session_parent_class)->dispose (object);
}

static void
ressenti_review_session_finalize (GObject *object)
{
  RessentiReviewSession *self = RESSENTI_REVIEW_SESSION (object);

  g_clear_pointer (&self->info, ressenti_review_info_free);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (ressenti_review_session_parent_class)->finalize (object);
}

static void
ressenti_review_session_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RessentiReviewSession *self = RESSENTI_REVIEW_SESSION (object);

  switch (prop_id)
    {
    case PROP_VOCABULARY:
      g_value_set_object (value, self->vocabulary);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, ressenti_review_session_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, ressenti_review_session_can_redo (self));
      break;
    case PROP_INFO:
      g_value_set_pointer (value, self->info);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_review_session_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  RessentiReviewSession *self = RESSENTI_REVIEW_SESSION (object);

  switch (prop_id)
    {
    case PROP_VOCABULARY:
      ressenti_review_session_set_vocabulary (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_review_session_class_init (RessentiReviewSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ressenti_review_session_dispose;
  object_class->finalize = ressenti_review_session_finalize;
  object_class->get_property = ressenti_review_session_get_property;
  object_class->set_property = ressenti_review_session_set_property;

  properties[PROP_VOCABULARY] =
    g_param_spec_object ("vocabulary", NULL, NULL, RESSENTI_TYPE_VOCABULARY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The RessentiReviewInfo of get_info(), replaced after each write. */
  properties[PROP_INFO] =
    g_param_spec_pointer ("info", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ressenti_review_session_init (RessentiReviewSession *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->pending);
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

static RessentiReviewSession *
session_new (RessentiStore      *store,
             RessentiReviewInfo *info,
             RessentiVocabulary *vocabulary,
             GPtrArray          *markers,
             GMainContext       *context,
             GError            **error)
{
  g_autoptr(RessentiReviewSession) self = g_object_new (RESSENTI_TYPE_REVIEW_SESSION, NULL);

  self->store = g_object_ref (store);
  self->info = info;
  self->vocabulary = g_object_ref (vocabulary);
  g_ptr_array_unref (self->items);
  self->items = g_ptr_array_new_full (markers->len, g_object_unref);
  for (guint i = 0; i < markers->len; i++)
    g_ptr_array_add (self->items, ressenti_marker_item_new (g_ptr_array_index (markers, i)));
  g_ptr_array_sort (self->items, compare_items);
  index_items (self);
  self->context = g_main_context_ref (context);
  self->writer = g_thread_pool_new (write_cb, NULL, 1, TRUE, error);
  return self->writer != NULL ? g_steal_pointer (&self) : NULL;
}

static RessentiReviewSession *
open_session (RessentiStore  *store,
              const char     *recording_id,
              gboolean        start,
              GMainContext   *context,
              GError        **error)
{
  g_autoptr(RessentiReviewInfo) info = NULL;
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autoptr(GPtrArray) markers = NULL;
  GError *local_error = NULL;

  info = start ? ressenti_store_start_review (store, recording_id, &local_error)
               : ressenti_store_get_my_review (store, recording_id, &local_error);
  if (info == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return NULL;
    }
  vocabulary = ressenti_store_get_vocabulary (store, error);
  if (vocabulary == NULL)
    return NULL;
  markers = ressenti_store_list_markers (store, info->id, error);
  if (markers == NULL)
    return NULL;
  return session_new (store, g_steal_pointer (&info), vocabulary, markers, context, error);
}

typedef struct
{
  char         *recording_id;
  gboolean      start;
  GMainContext *context;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->recording_id);
  g_main_context_unref (data->context);
  g_free (data);
}

static void
open_thread_cb (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  RessentiReviewSession *session;

  if (g_task_return_error_if_cancelled (task))
    return;
  session = open_session (source, data->recording_id, data->start, data->context, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

void
ressenti_review_session_open_async (RessentiStore       *store,
                                    const char          *recording_id,
                                    gboolean             start,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (RESSENTI_IS_STORE (store));
  g_return_if_fail (recording_id != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ressenti_review_session_open_async);
  data = g_new0 (OpenData, 1);
  data->recording_id = g_strdup (recording_id);
  data->start = start;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread_cb);
}

RessentiReviewSession *
ressenti_review_session_open_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ressenti_review_session_open_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

RessentiReviewSession *
ressenti_review_session_open (RessentiStore  *store,
                              const char     *recording_id,
                              gboolean        start,
                              GError        **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  g_return_val_if_fail (RESSENTI_IS_STORE (store), NULL);
  g_return_val_if_fail (recording_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_session (store, recording_id, start, context, error);
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */
/* ------------------------------------------------------------------ */

const RessentiReviewInfo *
ressenti_review_session_get_info (RessentiReviewSession *self)
{
  g_return_val_if_fail (RESSENTI_IS_REVIEW_SESSION (self), NULL);
  return self->info;
}

RessentiStore *
ressenti_review_session_get_store (RessentiReviewSession *self)
{
  g_return_val_if_fail (RESSENTI_IS_REVIEW_SESSION (self), NULL);
  return self->store;
}

RessentiVocabulary *
ressenti_review_session_get_vocabulary (RessentiReviewSession *self)
{
  g_return_val_if_fail (RESSENTI_IS_REVIEW_SESSION (self), NULL);
  return self->vocabulary;
}

void
ressenti_review_session_set_vocabulary (RessentiReviewSession *self,
                                        RessentiVocabulary    *vocabulary)
{
  g_return_if_fail (RESSENTI_IS_REVIEW_SESSION (self));
  g_return_if_fail (RESSENTI_IS_VOCABULARY (vocabulary));

  if (g_set_object (&self->vocabulary, vocabulary))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOCABULARY]);
}

GListModel *
ressenti_review_session_get_markers (RessentiReviewSession *self)
{
  g_return_val_if_fail (RESSENTI_IS_REVIEW_SESSION (self), NULL);
  return G_LIST_MODEL (self);
}

int
ressenti_review_session_find (RessentiReviewSession *self,
                              const char            *marker_id)
{
  RessentiMarkerItem *item;
  guint low = 0;
  guint high;

  g_return_val_if_fail (RESSENTI_IS_REVIEW_SESSION (self), -1);

  item = marker_id != NULL ? g_hash_table_lookup (self->by_id, marker_id) : NULL;
  if (item == NULL)
    return -1;
  /* The order is total (ids break ties): a binary search finds it. */
  high = self->items->len;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      int cmp = compare_items (&g_ptr_array_index (self->items, middle), &item);

      if (cmp == 0)
        return (int) middle;
      if (cmp < 0)
        low = middle + 1;
      else
        high = middle;
    }
  g_return_val_if_reached (-1);
}

gboolean
ressenti_review_session_can_undo (RessentiReviewSession *self)
{
  g_return_val_if_fail (RESSENTI_IS_REVIEW_SESSION (self), FALSE);
  return self->undo.length > 0;
}

gboolean
ressenti_review_session_can_redo (RessentiReviewSession *self)
{
  g_return_val_if_fail (RESSENTI_IS_REVIEW_SESSION (self), FALSE);
  return self->redo.length > 0;
}

/* ------------------------------------------------------------------ */
/* Changes                                                             */
/* ------------------------------------------------------------------ */

void
ressenti_review_session_add_async (RessentiReviewSession *self,
                                   const RessentiMarker  *marker,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data)
{
  Op *op;

  g_return_if_fail (RESSENTI_IS_REVIEW_SESSION (self));
  g_return_if_fail (marker != NULL);

  op = op_new (self, OP_ADD, ressenti_review_session_add_async, callback, user_data);
  op->marker = ressenti_marker_copy (marker);
  queue_op (self, op);
}

static RessentiMarker *
finish_marker (RessentiReviewSession  *self,
               GAsyncResult           *result,
               gpointer                source_tag,
               GError                **error)
{
  g_autoptr(Op) op = finish_op (self, result, source_tag, error);

  return op != NULL ? g_steal_pointer (&op->result) : NULL;
}

RessentiMarker *
ressenti_review_session_add_finish (RessentiReviewSession  *self,
                                    GAsyncResult           *result,
                                    GError                **error)
{
  return finish_marker (self, result, ressenti_review_session_add_async, error);
}

void
ressenti_review_session_update_async (RessentiReviewSession *self,
                                      const RessentiMarker  *marker,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  Op *op;

  g_return_if_fail (RESSENTI_IS_REVIEW_SESSION (self));
  g_return_if_fail (marker != NULL && marker->id != NULL);

  op = op_new (self, OP_UPDATE, ressenti_review_session_update_async, callback, user_data);
  op->marker = ressenti_marker_copy (marker);
  queue_op (self, op);
}

RessentiMarker *
ressenti_review_session_update_finish (RessentiReviewSession  *self,
                                       GAsyncResult           *result,
                                       GError                **error)
{
  return finish_marker (self, result, ressenti_review_session_update_async, error);
}

void
ressenti_review_session_delete_async (RessentiReviewSession *self,
                                      const char            *marker_id,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  Op *op;

  g_return_if_fail (RESSENTI_IS_REVIEW_SESSION (self));
  g_return_if_fail (marker_id != NULL);

  op = op_new (self, OP_DELETE, ressenti_review_session_delete_async, callback, user_data);
  op->marker_id = g_strdup (marker_id);
  queue_op (self, op);
}

RessentiMarker *
ressenti_review_session_delete_finish (RessentiReviewSession  *self,
                                       GAsyncResult           *result,
                                       GError                **error)
{
  return finish_marker (self, result, ressenti_review_session_delete_async, error);
}

void
ressenti_review_session_import_async (RessentiReviewSession *self,
                                      GPtrArray             *markers,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  Op *op;

  g_return_if_fail (RESSENTI_IS_REVIEW_SESSION (self));
  g_return_if_fail (markers != NULL);

  op = op_new (self, OP_IMPORT, ressenti_review_session_import_async, callback, user_data);
  op->markers = markers_copy (markers);
  queue_op (self, op);
}

gboolean
ressenti_review_session_import_finish (RessentiReviewSession  *self,
                                       GAsyncResult           *result,
                                       guint                  *n_added,
                                       guint                  *n_skipped,
                                       GError                **error)
{
  g_autoptr(Op) op = finish_op (self, result, ressenti_review_session_import_async, error);

  if (op == NULL)
    return FALSE;
  if (n_added != NULL)
    *n_added = op->n_added;
  if (n_skipped != NULL)
    *n_skipped = op->n_skipped;
  return TRUE;
}

void
ressenti_review_session_undo_async (RessentiReviewSession *self,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  g_return_if_fail (RESSENTI_IS_REVIEW_SESSION (self));
  queue_op (self, op_new (self, OP_UNDO, ressenti_review_session_undo_async, callback, user_data));
}

void
ressenti_review_session_redo_async (RessentiReviewSession *self,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  g_return_if_fail (RESSENTI_IS_REVIEW_SESSION (self));
  queue_op (self, op_new (self, OP_REDO, ressenti_review_session_redo_async, callback, user_data));
}

gboolean
ressenti_review_session_undo_finish (RessentiReviewSession     *self,
                                     GAsyncResult              *result,
                                     RessentiReviewChangeKind  *kind,
                                     RessentiMarker           **marker,
                                     guint                     *n_markers,
                                     GError                   **error)
{
  gpointer tag = g_task_get_source_tag (G_TASK (result));
  g_autoptr(Op) op = NULL;

  g_return_val_if_fail (tag == ressenti_review_session_undo_async
                        || tag == ressenti_review_session_redo_async, FALSE);

  op = finish_op (self, result, tag, error);
  if (op == NULL)
    return FALSE;
  if (kind != NULL)
    *kind = op->change_kind;
  if (marker != NULL)
    *marker = g_steal_pointer (&op->result);
  if (n_markers != NULL)
    *n_markers = MAX (op->upserted->len, op->removed->len);
  return TRUE;
}

void
ressenti_review_session_set_summary_async (RessentiReviewSession *self,
                                           const char            *summary,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data)
{
  Op *op;

  g_return_if_fail (RESSENTI_IS_REVIEW_SESSION (self));

  op = op_new (self, OP_SUMMARY, ressenti_review_session_set_summary_async, callback, user_data);
  op->summary = g_strdup (summary);
  queue_op (self, op);
}

gboolean
ressenti_review_session_set_summary_finish (RessentiReviewSession  *self,
                                            GAsyncResult           *result,
                                            GError                **error)
{
  g_autoptr(Op) op = finish_op (self, result, ressenti_review_session_set_summary_async, error);

  return op != NULL;
}

void
ressenti_review_session_submit_async (RessentiReviewSession *self,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  g_return_if_fail (RESSENTI_IS_REVIEW_SESSION (self));
  queue_op (self, op_new (self, OP_SUBMIT, ressenti_review_session_submit_async, callback, user_data));
}

gboolean
ressenti_review_session_submit_finish (RessentiReviewSession  *self,
                                       GAsyncResult           *result,
                                       GError                **error)
{
  g_autoptr(Op) op = finish_op (self, result, ressenti_review_session_submit_async, error);

  return op != NULL;
}
