/* ressenti-review-session.h — the current user's review of one call, open
 * for editing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the call page works with while a listener reviews a call: the
 * review's markers in time order (a GListModel of RessentiMarkerItem, for
 * lists and for the player's crossing watcher), and the changes to them
 * with undo and redo.
 *
 * Every change is written by one worker thread of its own, in the order
 * the changes were asked for, each committed before its callback runs; the
 * model changes in that callback, on the thread-default main context of
 * the thread that opened the session (call every method from there). So a
 * marker the listener has heard confirmed is on disk: a crash or a
 * `kill -9` after the confirmation loses nothing.
 *
 * Undo and redo cover adding, changing and deleting markers (and importing
 * a file of markers, as one step). Undoing a deletion puts the same marker
 * back, with its id.
 */
#pragma once

#include <gio/gio.h>

#include "ressenti-marker.h"
#include "ressenti-marker-item.h"
#include "ressenti-store.h"

G_BEGIN_DECLS

/* What an undo or a redo did, for its spoken confirmation. */
typedef enum
{
  RESSENTI_REVIEW_CHANGE_ADD = 0,
  RESSENTI_REVIEW_CHANGE_UPDATE,
  RESSENTI_REVIEW_CHANGE_DELETE,
  RESSENTI_REVIEW_CHANGE_IMPORT,
} RessentiReviewChangeKind;

#define RESSENTI_TYPE_REVIEW_SESSION (ressenti_review_session_get_type ())
G_DECLARE_FINAL_TYPE (RessentiReviewSession, ressenti_review_session, RESSENTI, REVIEW_SESSION, GObject)

/* Opens the current user's review of @recording_id with its markers and
 * the vocabulary, in a worker. With @start, a review is started (status
 * in progress) if the user has none; without, finishing gives NULL and no
 * error when there is none. */
void                   ressenti_review_session_open_async  (RessentiStore        *store,
                                                            const char           *recording_id,
                                                            gboolean              start,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
RessentiReviewSession *ressenti_review_session_open_finish (GAsyncResult         *result,
                                                            GError              **error);
/* The same, synchronously (tests, command line). */
RessentiReviewSession *ressenti_review_session_open        (RessentiStore        *store,
                                                            const char           *recording_id,
                                                            gboolean              start,
                                                            GError              **error);

/* The review as it is now (status, summary, submitted time, counts). */
const RessentiReviewInfo *ressenti_review_session_get_info       (RessentiReviewSession *self);
RessentiStore            *ressenti_review_session_get_store      (RessentiReviewSession *self);
/* The vocabulary the markers are named with; replaced (and "vocabulary"
 * notified) by ressenti_review_session_set_vocabulary(). */
RessentiVocabulary       *ressenti_review_session_get_vocabulary (RessentiReviewSession *self);
void                      ressenti_review_session_set_vocabulary (RessentiReviewSession *self,
                                                                  RessentiVocabulary    *vocabulary);
/* The markers, a GListModel of RessentiMarkerItem in ressenti_marker_compare()
 * order. Owned by the session. */
GListModel               *ressenti_review_session_get_markers    (RessentiReviewSession *self);
/* Index of the marker with @id in the model, or -1. */
int                       ressenti_review_session_find           (RessentiReviewSession *self,
                                                                  const char            *marker_id);

/* Changes. Each _finish gives the marker as stored (a copy, to free) or
 * NULL with an error; nothing changes in the model on failure. */
void            ressenti_review_session_add_async      (RessentiReviewSession *self,
                                                        const RessentiMarker  *marker,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
RessentiMarker *ressenti_review_session_add_finish     (RessentiReviewSession *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);
/* @marker carries the id of the marker it replaces. */
void            ressenti_review_session_update_async   (RessentiReviewSession *self,
                                                        const RessentiMarker  *marker,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
RessentiMarker *ressenti_review_session_update_finish  (RessentiReviewSession *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);
/* Gives the deleted marker. */
void            ressenti_review_session_delete_async   (RessentiReviewSession *self,
                                                        const char            *marker_id,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
RessentiMarker *ressenti_review_session_delete_finish  (RessentiReviewSession *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);

/* Adds @markers (RessentiMarker*) as one undoable step, skipping those
 * already there (ressenti_store_import_markers()). */
void            ressenti_review_session_import_async   (RessentiReviewSession *self,
                                                        GPtrArray             *markers,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
gboolean        ressenti_review_session_import_finish  (RessentiReviewSession *self,
                                                        GAsyncResult          *result,
                                                        guint                 *n_added,
                                                        guint                 *n_skipped,
                                                        GError               **error);

gboolean        ressenti_review_session_can_undo       (RessentiReviewSession *self);
gboolean        ressenti_review_session_can_redo       (RessentiReviewSession *self);
/* Undoes (redoes) the last change. _finish gives what was undone (redone)
 * and the marker it concerned (for an import: NULL, and *n_markers says
 * how many); FALSE with an error when there was nothing to undo or the
 * write failed (then the history is unchanged). */
void            ressenti_review_session_undo_async     (RessentiReviewSession *self,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
void            ressenti_review_session_redo_async     (RessentiReviewSession *self,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
gboolean        ressenti_review_session_undo_finish    (RessentiReviewSession     *self,
                                                        GAsyncResult              *result,
                                                        RessentiReviewChangeKind  *kind,
                                                        RessentiMarker           **marker,
                                                        guint                     *n_markers,
                                                        GError                   **error);
#define ressenti_review_session_redo_finish ressenti_review_session_undo_finish

/* The summary and the status. Submitting records the time; a submitted
 * review can still be changed until it is delivered (a later issue). */
void            ressenti_review_session_set_summary_async  (RessentiReviewSession *self,
                                                            const char            *summary,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
gboolean        ressenti_review_session_set_summary_finish (RessentiReviewSession *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);
void            ressenti_review_session_submit_async       (RessentiReviewSession *self,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
gboolean        ressenti_review_session_submit_finish      (RessentiReviewSession *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);

G_END_DECLS
