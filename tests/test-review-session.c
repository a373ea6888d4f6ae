/* test-review-session.c — a review open for editing: model, undo, order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "ressenti-review-session.h"
#include "ressenti-store.h"
#include "ressenti-store-private.h"
#include "ressenti-test-util.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  char               *dir;
  RessentiStore      *store;
  char               *recording_id;
  RessentiReviewSession *session;
  GArray             *changes;   /* Change: what items-changed said */
  guint               n_undo_notifies;
  guint               n_item_notifies;
  gboolean            item_notified_after_change;
} Fixture;

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  Change change = { position, removed, added };

  g_array_append_val (fixture->changes, change);
}

/* A kept item says it changed only after the model has (the model's
 * index is then up to date for whoever looks). */
static void
item_notify_cb (GObject    *object,
                GParamSpec *pspec,
                Fixture    *fixture)
{
  fixture->n_item_notifies++;
  fixture->item_notified_after_change = fixture->changes->len > 0;
}

static void
can_undo_notify_cb (GObject    *object,
                    GParamSpec *pspec,
                    Fixture    *fixture)
{
  fixture->n_undo_notifies++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiRecording) recording = NULL;

  fixture->dir = ressenti_test_mkdtemp ("review-session");
  fixture->store = ressenti_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  recording = ressenti_test_add_call (fixture->store, "a reviewed call");
  fixture->recording_id = g_strdup (ressenti_recording_get_id (recording));
  fixture->session = ressenti_review_session_open (fixture->store, fixture->recording_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->session);
  fixture->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_signal_connect (ressenti_review_session_get_markers (fixture->session), "items-changed",
                    G_CALLBACK (items_changed_cb), fixture);
  g_signal_connect (fixture->session, "notify::can-undo", G_CALLBACK (can_undo_notify_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->changes, g_array_unref);
  ressenti_test_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->recording_id);
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (slot);
}

static RessentiMarker *
marker_at (gint64        start_ms,
           RessentiSide  side,
           const char   *key,
           int           intensity)
{
  RessentiMarker *marker = ressenti_marker_new (start_ms, side, key);

  marker->intensity = intensity;
  return marker;
}

static RessentiMarker *
add (Fixture        *fixture,
     RessentiMarker *marker)
{
  g_autoptr(RessentiMarker) owned = marker;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  RessentiMarker *stored;

  ressenti_review_session_add_async (fixture->session, owned, result_cb, &slot);
  result = wait_for (&slot);
  stored = ressenti_review_session_add_finish (fixture->session, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored->id);
  return stored;
}

static RessentiMarker *
update (Fixture              *fixture,
        const RessentiMarker *marker)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  RessentiMarker *stored;

  ressenti_review_session_update_async (fixture->session, marker, result_cb, &slot);
  result = wait_for (&slot);
  stored = ressenti_review_session_update_finish (fixture->session, result, &error);
  g_assert_no_error (error);
  return stored;
}

static RessentiMarker *
delete (Fixture    *fixture,
        const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  RessentiMarker *deleted;

  ressenti_review_session_delete_async (fixture->session, id, result_cb, &slot);
  result = wait_for (&slot);
  deleted = ressenti_review_session_delete_finish (fixture->session, result, &error);
  g_assert_no_error (error);
  return deleted;
}

/* Undoes (or redoes) and checks what it says it did. */
static RessentiMarker *
undo_redo (Fixture                  *fixture,
           gboolean                  redo,
           RessentiReviewChangeKind  expected,
           guint                     expected_n)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  RessentiReviewChangeKind kind = 99;
  RessentiMarker *marker = NULL;
  guint n = 0;

  if (redo)
    ressenti_review_session_redo_async (fixture->session, result_cb, &slot);
  else
    ressenti_review_session_undo_async (fixture->session, result_cb, &slot);
  result = wait_for (&slot);
  g_assert_true (ressenti_review_session_undo_finish (fixture->session, result, &kind, &marker,
                                                      &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kind, ==, expected);
  g_assert_cmpuint (n, ==, expected_n);
  return marker;
}

static void
import (Fixture   *fixture,
        GPtrArray *markers,
        guint      expected_added,
        guint      expected_skipped)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  guint added = 0;
  guint skipped = 0;

  ressenti_review_session_import_async (fixture->session, markers, result_cb, &slot);
  result = wait_for (&slot);
  g_assert_true (ressenti_review_session_import_finish (fixture->session, result, &added, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, expected_added);
  g_assert_cmpuint (skipped, ==, expected_skipped);
}

static const RessentiMarker *
marker_in_model (Fixture *fixture,
                 guint    position)
{
  g_autoptr(RessentiMarkerItem) item = g_list_model_get_item (ressenti_review_session_get_markers (fixture->session),
                                                              position);

  g_assert_nonnull (item);
  /* The session keeps its own reference. */
  return ressenti_marker_item_get_marker (item);
}

/* The model says what the library says, in the same order. */
static void
assert_model_is_store (Fixture *fixture)
{
  GListModel *model = ressenti_review_session_get_markers (fixture->session);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = ressenti_store_list_markers (fixture->store, ressenti_review_session_get_info (fixture->session)->id,
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, stored->len);
  for (guint i = 0; i < stored->len; i++)
    {
      const RessentiMarker *mine = marker_in_model (fixture, i);
      RessentiMarker *theirs = g_ptr_array_index (stored, i);

      g_assert_cmpstr (mine->id, ==, theirs->id);
      g_assert_true (ressenti_marker_same_content (mine, theirs));
      g_assert_cmpint (ressenti_review_session_find (fixture->session, mine->id), ==, (int) i);
    }
}

static void
assert_one_change (Fixture *fixture,
                   guint    position,
                   guint    removed,
                   guint    added)
{
  Change *change;

  g_assert_cmpuint (fixture->changes->len, ==, 1);
  change = &g_array_index (fixture->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
  g_array_set_size (fixture->changes, 0);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

static void
open_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static void
test_open (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("review-session-open");
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = ressenti_store_open (dir, &error);
  g_autoptr(RessentiRecording) recording = ressenti_test_add_call (store, "opened call");
  const char *id = ressenti_recording_get_id (recording);
  g_autoptr(RessentiReviewSession) none = NULL;
  g_autoptr(RessentiReviewSession) started = NULL;
  g_autoptr(RessentiReviewSession) resumed = NULL;
  g_autoptr(RessentiReviewSession) failed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  const RessentiReviewInfo *info;

  /* Without starting, no review is no error. */
  ressenti_review_session_open_async (store, id, FALSE, NULL, open_cb, &slot);
  result = wait_for (&slot);
  none = ressenti_review_session_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_clear_object (&result);

  ressenti_review_session_open_async (store, id, TRUE, NULL, open_cb, &slot);
  result = wait_for (&slot);
  started = ressenti_review_session_open_finish (result, &error);
  g_assert_no_error (error);
  info = ressenti_review_session_get_info (started);
  g_assert_cmpint (info->status, ==, RESSENTI_REVIEW_STATUS_IN_PROGRESS);
  g_assert_cmpstr (info->listener, ==, ressenti_store_get_current_user (store));
  g_assert_true (ressenti_review_session_get_store (started) == store);
  g_assert_nonnull (ressenti_review_session_get_vocabulary (started));
  g_assert_true (g_list_model_get_item_type (ressenti_review_session_get_markers (started))
                 == RESSENTI_TYPE_MARKER_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (ressenti_review_session_get_markers (started)), ==, 0);
  g_assert_false (ressenti_review_session_can_undo (started));
  g_assert_false (ressenti_review_session_can_redo (started));

  /* Opening again resumes the same review. */
  resumed = ressenti_review_session_open (store, id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ressenti_review_session_get_info (resumed)->id, ==, info->id);

  failed = ressenti_review_session_open (store, "no-such-call", TRUE, &error);
  g_assert_null (failed);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static void
test_changes (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RessentiMarker) first = NULL;
  g_autoptr(RessentiMarker) second = NULL;
  g_autoptr(RessentiMarker) third = NULL;
  g_autoptr(RessentiMarker) moved = NULL;
  g_autoptr(RessentiMarker) changed = NULL;
  g_autoptr(RessentiMarker) deleted = NULL;
  g_autoptr(RessentiMarkerItem) kept = NULL;
  g_autoptr(RessentiMarkerItem) again = NULL;

  first = add (fixture, marker_at (10000, RESSENTI_SIDE_CUSTOMER, "worry", 1));
  assert_one_change (fixture, 0, 0, 1);
  third = add (fixture, marker_at (30000, RESSENTI_SIDE_CUSTOMER, "anger", 3));
  assert_one_change (fixture, 1, 0, 1);
  second = add (fixture, marker_at (20000, RESSENTI_SIDE_AGENT, "warm", 2));
  assert_one_change (fixture, 1, 0, 1);
  assert_model_is_store (fixture);
  g_assert_cmpint (ressenti_review_session_find (fixture->session, second->id), ==, 1);
  g_assert_cmpint (ressenti_review_session_find (fixture->session, "no-such-marker"), ==, -1);
  g_assert_cmpuint (ressenti_review_session_get_info (fixture->session)->n_markers, ==, 3);
  g_assert_true (ressenti_review_session_can_undo (fixture->session));
  g_assert_cmpuint (fixture->n_undo_notifies, ==, 1);

  /* A change in place keeps its item, which takes the new content and
   * says so once the model has changed; the model still reports the
   * position as changed (the same item removed and added), so that a list
   * view keeps the row and its focus, and other views hear of it. */
  kept = g_list_model_get_item (ressenti_review_session_get_markers (fixture->session), 1);
  g_signal_connect (kept, "notify::marker", G_CALLBACK (item_notify_cb), fixture);
  changed = ressenti_marker_copy (second);
  changed->intensity = 3;
  changed->text = g_strdup ("very warm");
  moved = update (fixture, changed);
  g_assert_cmpstr (moved->text, ==, "very warm");
  assert_one_change (fixture, 1, 1, 1);
  g_assert_cmpuint (fixture->n_item_notifies, ==, 1);
  g_assert_true (fixture->item_notified_after_change);
  again = g_list_model_get_item (ressenti_review_session_get_markers (fixture->session), 1);
  g_assert_true (again == kept);
  g_assert_cmpstr (ressenti_marker_item_get_marker (kept)->text, ==, "very warm");
  g_clear_pointer (&moved, ressenti_marker_free);
  g_clear_object (&again);

  /* Moving the first after the last: the range between changes, the item
   * kept. */
  g_clear_object (&kept);
  kept = g_list_model_get_item (ressenti_review_session_get_markers (fixture->session), 0);
  g_clear_pointer (&changed, ressenti_marker_free);
  changed = ressenti_marker_copy (first);
  changed->start_ms = 40000;
  moved = update (fixture, changed);
  assert_one_change (fixture, 0, 3, 3);
  assert_model_is_store (fixture);
  g_assert_cmpint (ressenti_review_session_find (fixture->session, first->id), ==, 2);
  again = g_list_model_get_item (ressenti_review_session_get_markers (fixture->session), 2);
  g_assert_true (again == kept);

  deleted = delete (fixture, third->id);
  g_assert_cmpstr (deleted->id, ==, third->id);
  assert_one_change (fixture, 1, 1, 0);
  assert_model_is_store (fixture);
  g_assert_cmpuint (ressenti_review_session_get_info (fixture->session)->n_markers, ==, 2);
}

static void
test_undo_redo (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RessentiMarker) added = NULL;
  g_autoptr(RessentiMarker) other = NULL;
  g_autoptr(RessentiMarker) changed = NULL;
  g_autoptr(RessentiMarker) back = NULL;
  RessentiMarker *undone;

  added = add (fixture, marker_at (5000, RESSENTI_SIDE_CUSTOMER, "confusion", 2));
  other = add (fixture, marker_at (9000, RESSENTI_SIDE_CUSTOMER, "calm", 1));
  changed = ressenti_marker_copy (added);
  changed->intensity = 3;
  ressenti_marker_free (update (fixture, changed));
  ressenti_marker_free (delete (fixture, added->id));
  g_array_set_size (fixture->changes, 0);

  /* Undoing the deletion puts the same marker back, as changed. */
  undone = undo_redo (fixture, FALSE, RESSENTI_REVIEW_CHANGE_DELETE, 1);
  g_assert_cmpstr (undone->id, ==, added->id);
  g_assert_cmpint (undone->intensity, ==, 3);
  ressenti_marker_free (undone);
  assert_one_change (fixture, 0, 0, 1);
  g_assert_cmpint (marker_in_model (fixture, 0)->intensity, ==, 3);
  g_assert_true (ressenti_review_session_can_redo (fixture->session));

  undone = undo_redo (fixture, FALSE, RESSENTI_REVIEW_CHANGE_UPDATE, 1);
  g_assert_cmpint (undone->intensity, ==, 2);
  ressenti_marker_free (undone);
  assert_one_change (fixture, 0, 1, 1);
  g_assert_cmpint (marker_in_model (fixture, 0)->intensity, ==, 2);

  ressenti_marker_free (undo_redo (fixture, FALSE, RESSENTI_REVIEW_CHANGE_ADD, 1));
  assert_one_change (fixture, 1, 1, 0);
  assert_model_is_store (fixture);
  ressenti_marker_free (undo_redo (fixture, FALSE, RESSENTI_REVIEW_CHANGE_ADD, 1));
  g_assert_false (ressenti_review_session_can_undo (fixture->session));
  g_assert_cmpuint (g_list_model_get_n_items (ressenti_review_session_get_markers (fixture->session)), ==, 0);

  /* Redo, all the way: the same ids come back. */
  ressenti_marker_free (undo_redo (fixture, TRUE, RESSENTI_REVIEW_CHANGE_ADD, 1));
  back = undo_redo (fixture, TRUE, RESSENTI_REVIEW_CHANGE_ADD, 1);
  g_assert_cmpstr (back->id, ==, other->id);
  ressenti_marker_free (undo_redo (fixture, TRUE, RESSENTI_REVIEW_CHANGE_UPDATE, 1));
  ressenti_marker_free (undo_redo (fixture, TRUE, RESSENTI_REVIEW_CHANGE_DELETE, 1));
  g_assert_false (ressenti_review_session_can_redo (fixture->session));
  g_assert_cmpint (ressenti_review_session_find (fixture->session, added->id), ==, -1);
  g_assert_cmpint (ressenti_review_session_find (fixture->session, other->id), ==, 0);
  assert_model_is_store (fixture);

  /* A new change after an undo drops what could be redone. */
  ressenti_marker_free (undo_redo (fixture, FALSE, RESSENTI_REVIEW_CHANGE_DELETE, 1));
  g_assert_true (ressenti_review_session_can_redo (fixture->session));
  ressenti_marker_free (add (fixture, marker_at (1, RESSENTI_SIDE_BOTH, "other", 1)));
  g_assert_false (ressenti_review_session_can_redo (fixture->session));
}

static GPtrArray *
many_markers (guint n)
{
  GPtrArray *markers = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_free);

  /* Backwards in time: the session sorts them. */
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (markers, marker_at ((gint64) (n - i) * 300, i % 3 ? RESSENTI_SIDE_CUSTOMER : RESSENTI_SIDE_AGENT,
                                         i % 3 ? "impatience" : "rushed", 1 + (int) (i % 3)));
  return markers;
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RessentiMarker) existing = NULL;
  g_autoptr(GPtrArray) markers = many_markers (5);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GListModel *model = ressenti_review_session_get_markers (fixture->session);
  RessentiMarker *undone;

  existing = add (fixture, ressenti_marker_copy (g_ptr_array_index (markers, 2)));
  g_array_set_size (fixture->changes, 0);
  g_ptr_array_add (markers, ressenti_marker_copy (g_ptr_array_index (markers, 0)));
  import (fixture, markers, 4, 2);
  assert_one_change (fixture, 0, 1, 5);
  assert_model_is_store (fixture);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (ids, g_strdup (marker_in_model (fixture, i)->id));

  /* One step undoes the whole import, and only it. */
  undone = undo_redo (fixture, FALSE, RESSENTI_REVIEW_CHANGE_IMPORT, 4);
  g_assert_null (undone);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (marker_in_model (fixture, 0)->id, ==, existing->id);
  assert_model_is_store (fixture);
  undone = undo_redo (fixture, TRUE, RESSENTI_REVIEW_CHANGE_IMPORT, 4);
  g_assert_null (undone);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_assert_cmpstr (marker_in_model (fixture, i)->id, ==, g_ptr_array_index (ids, i));

  /* The same file again adds nothing, and nothing to undo. */
  g_array_set_size (fixture->changes, 0);
  import (fixture, markers, 0, 6);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  ressenti_marker_free (undo_redo (fixture, FALSE, RESSENTI_REVIEW_CHANGE_IMPORT, 4));
}

static void
test_failures (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RessentiMarker) kept = NULL;
  g_autoptr(RessentiMarker) bad = NULL;
  g_autoptr(RessentiMarker) stray = NULL;
  g_autoptr(GPtrArray) batch = many_markers (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  RessentiReviewChangeKind kind;
  RessentiMarker *marker = NULL;
  guint n;

  /* Nothing to undo or redo yet. */
  ressenti_review_session_undo_async (fixture->session, result_cb, &slot);
  result = wait_for (&slot);
  g_assert_false (ressenti_review_session_undo_finish (fixture->session, result, &kind, &marker, &n, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  kept = add (fixture, marker_at (1000, RESSENTI_SIDE_CUSTOMER, "sadness", 2));
  g_array_set_size (fixture->changes, 0);
  fixture->n_undo_notifies = 0;

  /* Anger on the agent's side is refused: model and history stay. */
  bad = marker_at (2000, RESSENTI_SIDE_AGENT, "anger", 2);
  ressenti_review_session_add_async (fixture->session, bad, result_cb, &slot);
  result = wait_for (&slot);
  g_assert_null (ressenti_review_session_add_finish (fixture->session, result, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&result);

  stray = marker_at (2000, RESSENTI_SIDE_CUSTOMER, "anger", 2);
  stray->id = g_strdup ("no-such-marker");
  ressenti_review_session_update_async (fixture->session, stray, result_cb, &slot);
  result = wait_for (&slot);
  g_assert_null (ressenti_review_session_update_finish (fixture->session, result, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  ressenti_review_session_delete_async (fixture->session, "no-such-marker", result_cb, &slot);
  result = wait_for (&slot);
  g_assert_null (ressenti_review_session_delete_finish (fixture->session, result, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  /* An import with one bad marker adds none. */
  g_ptr_array_add (batch, marker_at (5, RESSENTI_SIDE_CUSTOMER, "anger", 9));
  ressenti_review_session_import_async (fixture->session, batch, result_cb, &slot);
  result = wait_for (&slot);
  g_assert_false (ressenti_review_session_import_finish (fixture->session, result, NULL, NULL, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Another listener's review refuses every change. */
  ressenti_store_set_current_user_for_testing (fixture->store, "someone-else");
  ressenti_review_session_delete_async (fixture->session, kept->id, result_cb, &slot);
  result = wait_for (&slot);
  g_assert_null (ressenti_review_session_delete_finish (fixture->session, result, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_clear_object (&result);
  ressenti_review_session_undo_async (fixture->session, result_cb, &slot);
  result = wait_for (&slot);
  g_assert_false (ressenti_review_session_undo_finish (fixture->session, result, NULL, NULL, NULL, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpuint (fixture->n_undo_notifies, ==, 0);
  g_assert_true (ressenti_review_session_can_undo (fixture->session));
  g_assert_false (ressenti_review_session_can_redo (fixture->session));
  g_assert_cmpuint (g_list_model_get_n_items (ressenti_review_session_get_markers (fixture->session)), ==, 1);
  ressenti_store_set_current_user_for_testing (fixture->store, g_get_user_name ());
  assert_model_is_store (fixture);
}

typedef struct
{
  GArray *order;
  guint   index;
  RessentiReviewSession *session;
} Queued;

static void
queued_add_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Queued *queued = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiMarker) marker = ressenti_review_session_add_finish (queued->session, result, &error);

  g_assert_no_error (error);
  g_array_append_val (queued->order, queued->index);
}

static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree Queued *queued = g_new0 (Queued, 100);
  g_autoptr(GAsyncResult) undo_result = NULL;
  g_autoptr(GAsyncResult) summary_result = NULL;
  g_autoptr(RessentiMarker) last = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *undo_slot = NULL;
  GAsyncResult *summary_slot = NULL;
  RessentiReviewChangeKind kind;
  const RessentiReviewInfo *info;

  /* Asked all at once, before any is written. */
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(RessentiMarker) marker = marker_at ((gint64) (100 - i) * 1000, RESSENTI_SIDE_CUSTOMER,
                                                    "frustration", 2);

      queued[i].order = order;
      queued[i].index = i;
      queued[i].session = fixture->session;
      ressenti_review_session_add_async (fixture->session, marker, queued_add_cb, &queued[i]);
    }
  /* An undo asked for now undoes the last of them. */
  ressenti_review_session_undo_async (fixture->session, result_cb, &undo_slot);
  ressenti_review_session_set_summary_async (fixture->session, "Il s’énerve au milieu.", result_cb,
                                             &summary_slot);
  undo_result = wait_for (&undo_slot);
  g_assert_cmpuint (order->len, ==, 100);
  for (guint i = 0; i < order->len; i++)
    g_assert_cmpuint (g_array_index (order, guint, i), ==, i);
  g_assert_true (ressenti_review_session_undo_finish (fixture->session, undo_result, &kind, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kind, ==, RESSENTI_REVIEW_CHANGE_ADD);
  g_assert_cmpint (last->start_ms, ==, 1000);
  summary_result = wait_for (&summary_slot);
  g_assert_true (ressenti_review_session_set_summary_finish (fixture->session, summary_result, &error));
  g_assert_no_error (error);

  info = ressenti_review_session_get_info (fixture->session);
  g_assert_cmpstr (info->summary, ==, "Il s’énerve au milieu.");
  g_assert_cmpuint (info->n_markers, ==, 99);
  g_assert_cmpuint (g_list_model_get_n_items (ressenti_review_session_get_markers (fixture->session)), ==, 99);
  assert_model_is_store (fixture);
}

static void
test_submit (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  const RessentiReviewInfo *info;

  g_assert_null (ressenti_review_session_get_info (fixture->session)->submitted_at);
  ressenti_review_session_submit_async (fixture->session, result_cb, &slot);
  result = wait_for (&slot);
  g_assert_true (ressenti_review_session_submit_finish (fixture->session, result, &error));
  g_assert_no_error (error);
  info = ressenti_review_session_get_info (fixture->session);
  g_assert_cmpint (info->status, ==, RESSENTI_REVIEW_STATUS_SUBMITTED);
  g_assert_nonnull (info->submitted_at);
  /* Submitted, the review still takes markers. */
  ressenti_marker_free (add (fixture, marker_at (1, RESSENTI_SIDE_CUSTOMER, "satisfaction", 1)));
}

static void
test_many (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) markers = many_markers (10000);
  g_autoptr(RessentiReviewSession) reopened = NULL;
  g_autoptr(RessentiMarker) deleted = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model = ressenti_review_session_get_markers (fixture->session);
  const RessentiMarker *middle;
  g_autofree char *middle_id = NULL;

  import (fixture, markers, 10000, 0);
  assert_one_change (fixture, 0, 0, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10000);
  for (guint i = 1; i < 10000; i++)
    g_assert_cmpint (ressenti_marker_compare (marker_in_model (fixture, i - 1),
                                              marker_in_model (fixture, i)), <, 0);
  middle = marker_in_model (fixture, 5000);
  middle_id = g_strdup (middle->id);
  g_assert_cmpint (ressenti_review_session_find (fixture->session, middle_id), ==, 5000);

  deleted = delete (fixture, middle_id);
  assert_one_change (fixture, 5000, 1, 0);
  ressenti_marker_free (undo_redo (fixture, FALSE, RESSENTI_REVIEW_CHANGE_DELETE, 1));
  assert_one_change (fixture, 5000, 0, 1);

  reopened = ressenti_review_session_open (fixture->store, fixture->recording_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ressenti_review_session_get_markers (reopened)), ==, 10000);
  g_assert_cmpuint (ressenti_review_session_get_info (reopened)->n_markers, ==, 10000);
  assert_model_is_store (fixture);
}

/* The child of test_killed: adds a marker through a session, says so
 * once the session confirms it, and waits to be killed. */
static int
child_add (const char *dir,
           const char *recording_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = ressenti_store_open (dir, &error);
  g_autoptr(RessentiReviewSession) session = NULL;
  g_autoptr(RessentiMarker) marker = marker_at (133000, RESSENTI_SIDE_CUSTOMER, "frustration", 3);
  g_autoptr(RessentiMarker) stored = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  if (store != NULL)
    session = ressenti_review_session_open (store, recording_id, TRUE, &error);
  if (session == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  ressenti_review_session_add_async (session, marker, result_cb, &slot);
  result = wait_for (&slot);
  stored = ressenti_review_session_add_finish (session, result, &error);
  if (stored == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  g_print ("committed %s\n", stored->id);
  fflush (stdout);
  for (;;)
    g_usleep (G_USEC_PER_SEC);
}

static void
test_killed (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("review-session-killed");
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = ressenti_store_open (dir, &error);
  g_autoptr(RessentiRecording) recording = ressenti_test_add_call (store, "a call, then a kill");
  g_autofree char *recording_id = g_strdup (ressenti_recording_get_id (recording));
  const char *argv[] = { self_exe, "--child-add", dir, recording_id, NULL };
  g_autoptr(RessentiReviewSession) session = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  const RessentiMarker *marker;
  GPid pid;
  int out_fd = -1;
  int status = 0;

  g_clear_object (&store);
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_assert_cmpint (g_io_channel_read_line (channel, &line, NULL, NULL, &error), ==, G_IO_STATUS_NORMAL);
  g_assert_true (g_str_has_prefix (line, "committed "));
  g_strchomp (line);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  store = ressenti_store_open (dir, &error);
  g_assert_no_error (error);
  session = ressenti_review_session_open (store, recording_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_cmpuint (g_list_model_get_n_items (ressenti_review_session_get_markers (session)), ==, 1);
  {
    g_autoptr(RessentiMarkerItem) item = g_list_model_get_item (ressenti_review_session_get_markers (session), 0);

    marker = ressenti_marker_item_get_marker (item);
    g_assert_cmpstr (marker->id, ==, line + strlen ("committed "));
    g_assert_cmpint (marker->start_ms, ==, 133000);
  }

  g_clear_object (&session);
  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static void
test_sentences (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = ressenti_vocabulary_new (NULL);
  g_autoptr(RessentiMarker) marker = marker_at (133000, RESSENTI_SIDE_CUSTOMER, "frustration", 3);
  g_autoptr(RessentiMarker) agent = marker_at (61000, RESSENTI_SIDE_AGENT, "warm", 1);
  g_autofree char *category = NULL;
  g_autofree char *full = NULL;
  g_autofree char *placed = NULL;
  g_autofree char *row = NULL;
  g_autofree char *agent_row = NULL;
  g_autofree char *unknown = NULL;

  marker->end_ms = 140000;
  marker->text = g_strdup ("voice rises when the refund is refused");
  category = ressenti_marker_describe (marker, vocabulary, RESSENTI_MARKER_SAY_CATEGORY);
  g_assert_cmpstr (category, ==, "Frustration / annoyance, strong, customer");
  full = ressenti_marker_describe (marker, vocabulary, RESSENTI_MARKER_SAY_FULL);
  g_assert_cmpstr (full, ==, "Frustration / annoyance, strong, customer, for 7 seconds: "
                             "voice rises when the refund is refused");
  placed = ressenti_marker_describe_placed (marker, vocabulary);
  g_assert_cmpstr (placed, ==, "Frustration / annoyance, strong, customer, 2 minutes 13, to 2 minutes 20");
  row = ressenti_marker_describe_row (marker, vocabulary);
  g_assert_cmpstr (row, ==, "2 minutes 13 to 2 minutes 20, customer, frustration / annoyance, strong"
                            " — “voice rises when the refund is refused”");
  agent_row = ressenti_marker_describe_row (agent, vocabulary);
  g_assert_cmpstr (agent_row, ==, "1 minute 1, agent, warm, mild");
  g_free (agent->entry_key);
  agent->entry_key = g_strdup ("from-elsewhere");
  unknown = ressenti_marker_describe (agent, vocabulary, RESSENTI_MARKER_SAY_FULL);
  g_assert_cmpstr (unknown, ==, "from-elsewhere, mild, agent");
  g_assert_cmpstr (ressenti_side_describe (RESSENTI_SIDE_BOTH), ==, "both sides");
  g_assert_null (ressenti_intensity_describe (0));
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--child-add"))
    return child_add (argv[2], argv[3]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ressenti_test_init_i18n ();
  ressenti_test_set_language ("en");

  g_test_add_func ("/review-session/sentences", test_sentences);
  g_test_add_func ("/review-session/open", test_open);
  g_test_add ("/review-session/changes", Fixture, NULL, fixture_set_up, test_changes, fixture_tear_down);
  g_test_add ("/review-session/undo-redo", Fixture, NULL, fixture_set_up, test_undo_redo, fixture_tear_down);
  g_test_add ("/review-session/import", Fixture, NULL, fixture_set_up, test_import, fixture_tear_down);
  g_test_add ("/review-session/failures", Fixture, NULL, fixture_set_up, test_failures, fixture_tear_down);
  g_test_add ("/review-session/order", Fixture, NULL, fixture_set_up, test_order, fixture_tear_down);
  g_test_add ("/review-session/submit", Fixture, NULL, fixture_set_up, test_submit, fixture_tear_down);
  g_test_add ("/review-session/many", Fixture, NULL, fixture_set_up, test_many, fixture_tear_down);
  g_test_add_func ("/review-session/killed", test_killed);

  return g_test_run ();
}
