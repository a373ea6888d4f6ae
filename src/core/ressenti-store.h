/* ressenti-store.h — the library: recordings, reviews and their history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every SQL statement of the application lives behind this API (in
 * ressenti-store.c), so that another backend (a team server) can be added
 * without touching the callers.
 *
 * Threading: every function is synchronous and thread-safe (one connection
 * guarded by a mutex). The GTK application never calls them on the main
 * thread: it goes through the _async variants, or runs them in a GTask of its
 * own. After ressenti_store_forbid_main_thread() a call from the thread that
 * owns the default main context is reported with g_critical().
 */
#pragma once

#include <gio/gio.h>

#include "ressenti-marker.h"
#include "ressenti-recording.h"
#include "ressenti-types.h"
#include "ressenti-vocabulary.h"
#include "ressenti-voice-note.h"

G_BEGIN_DECLS

#define RESSENTI_STORE_SCHEMA_VERSION 6

#define RESSENTI_TYPE_STORE (ressenti_store_get_type ())
G_DECLARE_FINAL_TYPE (RessentiStore, ressenti_store, RESSENTI, STORE, GObject)

/* A review as the call page lists it. */
typedef struct
{
  char                 *id;
  char                 *recording_id;
  char                 *listener;        /* login of the listener */
  RessentiReviewStatus  status;
  char                 *summary;
  GDateTime            *created_at;
  GDateTime            *updated_at;
  GDateTime            *submitted_at;    /* last change to SUBMITTED, or NULL */
  guint                 n_markers;
  guint                 n_voice_notes;
} RessentiReviewInfo;

void ressenti_review_info_free (RessentiReviewInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiReviewInfo, ressenti_review_info_free)

/* Opens (creating if needed) the library in @directory: makes the directory
 * (mode 0700) and its audio/ folder, refuses a network file system, opens
 * library.db (0600) in WAL mode with synchronous=FULL and foreign keys,
 * checks its integrity, applies pending migrations (each in a transaction),
 * removes leftovers of an interrupted import, and makes sure the current OS
 * user exists (as a listener). */
RessentiStore *ressenti_store_open              (const char     *directory,
                                                 GError        **error);
const char    *ressenti_store_get_directory     (RessentiStore  *self);
/* Absolute path of the folder that holds the imported audio. */
const char    *ressenti_store_get_audio_dir     (RessentiStore  *self);
char          *ressenti_store_get_audio_path    (RessentiStore     *self,
                                                 RessentiRecording *recording);
/* Login of the user every change is attributed to (the OS user). */
const char    *ressenti_store_get_current_user  (RessentiStore  *self);
void           ressenti_store_forbid_main_thread (RessentiStore *self);

/* Adds a recording whose audio was already copied into @staged_path (a file
 * inside the audio folder, named by ressenti_store_new_staging_path()). In
 * one transaction: if a recording with the same content hash exists, the
 * staged file is removed and the existing recording returned with
 * *already_present = TRUE; otherwise the staged file is renamed to its final
 * name (hash + extension), the directory synced, and the rows inserted
 * (agent and service created on first use, an "import" access-log entry).
 * A crash at any point leaves either no recording or a whole one. */
RessentiRecording *ressenti_store_add_recording (RessentiStore                *self,
                                                 const RessentiRecordingDraft *draft,
                                                 const char                   *staged_path,
                                                 gboolean                     *already_present,
                                                 GError                      **error);
/* A fresh path inside the audio folder for the importer to copy into;
 * leftovers of such files are removed by ressenti_store_open(). */
char              *ressenti_store_new_staging_path (RessentiStore *self);
RessentiRecording *ressenti_store_find_by_hash  (RessentiStore   *self,
                                                 const char      *content_hash,
                                                 GError         **error);
RessentiRecording *ressenti_store_get_recording (RessentiStore   *self,
                                                 const char      *id,
                                                 GError         **error);
/* All recordings, newest call first, each with its review status (the most
 * advanced status among its reviews). */
GPtrArray         *ressenti_store_list_recordings (RessentiStore *self,
                                                   GError       **error);
/* Removes the recording, its reviews (markers, notes) and its audio file,
 * and logs the deletion. */
gboolean           ressenti_store_delete_recording (RessentiStore *self,
                                                    const char    *id,
                                                    GError       **error);
gboolean           ressenti_store_set_channel_layout (RessentiStore        *self,
                                                      const char           *id,
                                                      RessentiChannelLayout layout,
                                                      GError              **error);
gboolean           ressenti_store_log_access     (RessentiStore        *self,
                                                  const char           *recording_id,
                                                  RessentiAccessAction  action,
                                                  GError              **error);
/* Number of access-log rows for @recording_id and @action (for tests and
 * reports). */
gint64             ressenti_store_count_access   (RessentiStore        *self,
                                                  const char           *recording_id,
                                                  RessentiAccessAction  action,
                                                  GError              **error);

/* Reviews. Starting a review twice for the same listener returns the same
 * review. Every status change is recorded with its time and author. */
RessentiReviewInfo *ressenti_store_start_review  (RessentiStore  *self,
                                                  const char     *recording_id,
                                                  GError        **error);
gboolean            ressenti_store_set_review_status (RessentiStore        *self,
                                                      const char           *review_id,
                                                      RessentiReviewStatus  status,
                                                      GError              **error);
/* RessentiReviewInfo*, oldest first. */
GPtrArray          *ressenti_store_list_reviews  (RessentiStore  *self,
                                                  const char     *recording_id,
                                                  GError        **error);
/* The current user's review of @recording_id, or NULL without an error
 * when they have none. */
RessentiReviewInfo *ressenti_store_get_my_review (RessentiStore  *self,
                                                  const char     *recording_id,
                                                  GError        **error);
RessentiReviewInfo *ressenti_store_get_review    (RessentiStore  *self,
                                                  const char     *review_id,
                                                  GError        **error);
/* The review's short written summary; NULL or "" clears it. Only the
 * review's listener may change it (RESSENTI_STORE_ERROR_PERMISSION). */
gboolean            ressenti_store_set_review_summary (RessentiStore *self,
                                                       const char    *review_id,
                                                       const char    *summary,
                                                       GError       **error);

/* Every function below that changes a review or its markers refuses, with
 * RESSENTI_STORE_ERROR_PERMISSION, a review that is not the current
 * user's: several listeners' reviews of one call never mix. Each change is
 * one transaction, committed (synchronous=FULL) before the call returns. */

/* Markers of @review_id (RessentiMarker*), sorted with
 * ressenti_marker_compare(). */
GPtrArray          *ressenti_store_list_markers  (RessentiStore  *self,
                                                  const char     *review_id,
                                                  GError        **error);
/* Inserts @marker into its review. A marker without an id gets a new one;
 * one with an id keeps it, and its creation time (undoing a deletion puts
 * the same marker back). Sets the id, author and dates on @marker. Errors
 * about the marker itself are RESSENTI_STORE_ERROR_INVALID
 * (ressenti_marker_check()). Refuses an entry that does not
 * exist in the vocabulary or that @marker's side does not accept, an
 * intensity outside 1–3, an end not after the start, an empty text. */
gboolean            ressenti_store_add_marker    (RessentiStore  *self,
                                                  RessentiMarker *marker,
                                                  GError        **error);
/* Replaces the marker of the same id (same checks); sets updated_at. */
gboolean            ressenti_store_update_marker (RessentiStore  *self,
                                                  RessentiMarker *marker,
                                                  GError        **error);
gboolean            ressenti_store_delete_marker (RessentiStore  *self,
                                                  const char     *marker_id,
                                                  GError        **error);
/* Deletes the markers of @marker_ids (NULL-terminated) in one transaction:
 * all or nothing (undoing an import). */
gboolean            ressenti_store_delete_markers (RessentiStore       *self,
                                                   const char * const  *marker_ids,
                                                   GError             **error);
/* Puts @markers (RessentiMarker*, review_id ignored) back into @review_id
 * in one transaction, all or nothing, each with its id and creation time
 * (redoing an import, undoing deletions); no duplicate is skipped. */
gboolean            ressenti_store_restore_markers (RessentiStore *self,
                                                    const char    *review_id,
                                                    GPtrArray     *markers,
                                                    GError       **error);
/* Adds @markers (RessentiMarker*, review_id ignored) to @review_id in one
 * transaction: all or nothing. A marker with the same content as one
 * already in the review, or as an earlier one of @markers
 * (ressenti_marker_same_content()), is skipped, so importing a file twice
 * adds nothing the second time. Gives how many were added and skipped.
 * Sets the id, review, author and dates of each marker added; the id of
 * a skipped one (and of every one, on failure) is NULL: ids of another
 * library are never kept. An invalid marker fails the whole import, its
 * error prefixed with its number ("Marker 3: …"). */
gboolean            ressenti_store_import_markers (RessentiStore *self,
                                                   const char    *review_id,
                                                   GPtrArray     *markers,
                                                   guint         *n_added,
                                                   guint         *n_skipped,
                                                   GError       **error);

/* The vocabulary. A new library is seeded with the built-in entries. */
RessentiVocabulary *ressenti_store_get_vocabulary (RessentiStore *self,
                                                   GError       **error);
/* Adds an entry at the end of its kind, with a new key ("custom-…"). */
RessentiVocabularyEntry *ressenti_store_add_vocabulary_entry (RessentiStore          *self,
                                                              RessentiVocabularyKind  kind,
                                                              const char             *label,
                                                              const char             *definition,
                                                              GError                **error);
/* Changes the label, definition, earcon, EmotionML mapping and retired
 * flag of the entry with @entry's key (its kind and key never change). A
 * built-in entry given back its translated default label keeps following
 * the translation. */
gboolean            ressenti_store_update_vocabulary_entry (RessentiStore                 *self,
                                                            const RessentiVocabularyEntry *entry,
                                                            GError                       **error);
/* Moves the entry to @position within its kind, shifting the others. */
gboolean            ressenti_store_move_vocabulary_entry   (RessentiStore *self,
                                                            const char    *key,
                                                            guint          position,
                                                            GError       **error);

/* Voice notes (ressenti-voice-note.h). Changes are refused on another
 * listener's review, as for markers; a transcript may be typed by anyone.
 * begin() makes a note in the RECORDING state (its file, at
 * get_voice_note_path(), is for the recorder to write), attached to
 * @marker_id if given; finish() completes it. delete() can be undone by
 * restore() until the library is opened again; discard() removes the note
 * and its file for good (a recording that failed). An engine's transcript
 * never replaces a typed one: *changed says whether it was written. */
char              *ressenti_store_get_voice_note_path         (RessentiStore            *self,
                                                               const RessentiVoiceNote  *note);
RessentiVoiceNote *ressenti_store_begin_voice_note            (RessentiStore            *self,
                                                               const char               *review_id,
                                                               gint64                    at_ms,
                                                               const char               *marker_id,
                                                               GError                  **error);
gboolean           ressenti_store_finish_voice_note           (RessentiStore            *self,
                                                               const char               *note_id,
                                                               gint64                    duration_ms,
                                                               GError                  **error);
gboolean           ressenti_store_set_voice_note_timing       (RessentiStore            *self,
                                                               const char               *note_id,
                                                               gint64                    at_ms,
                                                               gint64                    duration_ms,
                                                               GError                  **error);
gboolean           ressenti_store_delete_voice_note           (RessentiStore            *self,
                                                               const char               *note_id,
                                                               GError                  **error);
gboolean           ressenti_store_restore_voice_note          (RessentiStore            *self,
                                                               const char               *note_id,
                                                               GError                  **error);
gboolean           ressenti_store_discard_voice_note          (RessentiStore            *self,
                                                               const char               *note_id,
                                                               GError                  **error);
gboolean           ressenti_store_set_voice_note_transcript   (RessentiStore            *self,
                                                               const char               *note_id,
                                                               const char               *transcript,
                                                               RessentiTranscriptSource  source,
                                                               const char               *language,
                                                               gboolean                 *changed,
                                                               GError                  **error);
RessentiVoiceNote *ressenti_store_get_voice_note              (RessentiStore            *self,
                                                               const char               *note_id,
                                                               GError                  **error);
/* A review's notes, not deleted, in time order. */
GPtrArray         *ressenti_store_list_voice_notes            (RessentiStore            *self,
                                                               const char               *review_id,
                                                               GError                  **error);
/* The current user's notes still RECORDING: cut off by a crash. */
GPtrArray         *ressenti_store_list_unfinished_voice_notes (RessentiStore            *self,
                                                               GError                  **error);

/* Full-text search over marker texts, voice-note transcripts and review
 * summaries, of every review in the library, best first (at most @limit,
 * 0 for all). Accents and case do not count; each word typed may be the
 * start of a word ("rembours" finds "remboursement"); all must be there.
 * What was typed is never FTS5 syntax: ressenti_store_search_query()
 * makes the query (NULL when there is no word: no hit). */
typedef enum
{
  RESSENTI_SEARCH_MARKER = 0,
  RESSENTI_SEARCH_TRANSCRIPT,
  RESSENTI_SEARCH_SUMMARY,
} RessentiSearchKind;

typedef struct
{
  RessentiSearchKind  kind;
  char               *recording_id;
  char               *review_id;
  char               *item_id;     /* the marker, the note, or the review */
  gint64              at_ms;       /* where in the call; -1 for a summary */
  char               *snippet;     /* a few words around the match */
} RessentiSearchHit;

void       ressenti_search_hit_free    (RessentiSearchHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiSearchHit, ressenti_search_hit_free)
char      *ressenti_store_search_query (const char        *text);
GPtrArray *ressenti_store_search       (RessentiStore     *self,
                                        const char        *text,
                                        guint              limit,
                                        GError           **error);
void       ressenti_store_search_async  (RessentiStore       *self,
                                         const char          *text,
                                         guint                limit,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray *ressenti_store_search_finish (RessentiStore       *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* Playback. The analysis of a recording is kept as the opaque bytes of
 * ressenti_analysis_result_serialize(), with the algorithm version that made
 * it; saving replaces what was there. Loading gives NULL without an error
 * when nothing is stored for @recording_id or it was made by another
 * algorithm version (re-analyse then). */
gboolean  ressenti_store_save_analysis         (RessentiStore  *self,
                                                const char     *recording_id,
                                                guint           algorithm_version,
                                                GBytes         *data,
                                                GError        **error);
GBytes   *ressenti_store_load_analysis         (RessentiStore  *self,
                                                const char     *recording_id,
                                                guint           algorithm_version,
                                                GError        **error);
/* Where the current user stopped in @recording_id ("resume where I
 * stopped"); each user has their own. Getting gives -1 when the user has no
 * position for it, and -1 with @error set on failure. */
gboolean  ressenti_store_set_resume_position   (RessentiStore  *self,
                                                const char     *recording_id,
                                                gint64          position_ms,
                                                GError        **error);
gint64    ressenti_store_get_resume_position   (RessentiStore  *self,
                                                const char     *recording_id,
                                                GError        **error);
/* A listening session is one stretch of listening by the current user,
 * started now; updating it sets how much of the call was heard, and @ended
 * also sets its end to now. Returns the new session's identifier. */
char     *ressenti_store_start_listening_session  (RessentiStore  *self,
                                                   const char     *recording_id,
                                                   GError        **error);
gboolean  ressenti_store_update_listening_session (RessentiStore  *self,
                                                   const char     *session_id,
                                                   gint64          listened_ms,
                                                   gboolean        ended,
                                                   GError        **error);
/* Listening time of @recording_id over all sessions of all users; -1 on
 * failure. */
gint64    ressenti_store_get_listened_ms       (RessentiStore  *self,
                                                const char     *recording_id,
                                                GError        **error);

/* Async wrappers for the UI: each runs the synchronous call in a worker
 * thread and completes on the caller's thread-default main context. */
void       ressenti_store_list_recordings_async   (RessentiStore       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray *ressenti_store_list_recordings_finish  (RessentiStore       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void       ressenti_store_delete_recording_async  (RessentiStore       *self,
                                                   const char          *id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean   ressenti_store_delete_recording_finish (RessentiStore       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void       ressenti_store_list_reviews_async      (RessentiStore       *self,
                                                   const char          *recording_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray *ressenti_store_list_reviews_finish     (RessentiStore       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void       ressenti_store_log_access_async        (RessentiStore       *self,
                                                   const char          *recording_id,
                                                   RessentiAccessAction action,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean   ressenti_store_log_access_finish       (RessentiStore       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void       ressenti_store_set_channel_layout_async  (RessentiStore        *self,
                                                     const char           *id,
                                                     RessentiChannelLayout layout,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean   ressenti_store_set_channel_layout_finish (RessentiStore       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* The playback calls. Calls under way at the same time may run in any
 * order: the player starts the next update of a position or a session when
 * the previous one has finished. load_analysis_finish() gives NULL without
 * an error when nothing is stored; get_resume_position_finish() gives -1. */
void       ressenti_store_save_analysis_async     (RessentiStore       *self,
                                                   const char          *recording_id,
                                                   guint                algorithm_version,
                                                   GBytes              *data,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean   ressenti_store_save_analysis_finish    (RessentiStore       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void       ressenti_store_load_analysis_async     (RessentiStore       *self,
                                                   const char          *recording_id,
                                                   guint                algorithm_version,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GBytes    *ressenti_store_load_analysis_finish    (RessentiStore       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void       ressenti_store_set_resume_position_async  (RessentiStore       *self,
                                                      const char          *recording_id,
                                                      gint64               position_ms,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean   ressenti_store_set_resume_position_finish (RessentiStore       *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void       ressenti_store_get_resume_position_async  (RessentiStore       *self,
                                                      const char          *recording_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gint64     ressenti_store_get_resume_position_finish (RessentiStore       *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void       ressenti_store_start_listening_session_async   (RessentiStore       *self,
                                                           const char          *recording_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
char      *ressenti_store_start_listening_session_finish  (RessentiStore       *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void       ressenti_store_update_listening_session_async  (RessentiStore       *self,
                                                           const char          *session_id,
                                                           gint64               listened_ms,
                                                           gboolean             ended,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean   ressenti_store_update_listening_session_finish (RessentiStore       *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* For migration tests: builds a database at an older schema version
 * @version (1 … RESSENTI_STORE_SCHEMA_VERSION) in @db_path, without opening
 * it as a library. */
gboolean   ressenti_store_create_at_version      (const char  *db_path,
                                                  int          version,
                                                  GError     **error);

G_END_DECLS
