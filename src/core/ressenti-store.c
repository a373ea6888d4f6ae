/* ressenti-store.c — the library on disk: an SQLite database and an audio folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout of a library directory (0700):
 *
 *   library.db          the database (0600), in WAL mode
 *   audio/              the imported calls, named <sha256>.<extension>
 *   audio/.staging-*    copies being imported (removed when stale)
 *
 * Durability: an import copies the call into a staging file (the importer
 * fsyncs it), then, inside one write transaction, renames it to its final
 * name, fsyncs the folder and inserts the rows. A crash before the commit
 * leaves an audio file no row references, which the next open removes.
 */
#include "config.h"

#define G_LOG_DOMAIN "ressenti-store"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ressenti-fs.h"
#include "ressenti-store.h"
#include "ressenti-store-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define DB_FILE_NAME            "library.db"
#define AUDIO_DIR_NAME          "audio"
#define NOTES_DIR_NAME          "notes"
#define STAGING_PREFIX          ".staging-"
#define BUSY_TIMEOUT_MS         5000
#define DEFAULT_RECORDINGS_DAYS 183
#define DEFAULT_ANALYSIS_DAYS   365

struct _RessentiStore
{
  GObject   parent_instance;

  char     *directory;
  char     *audio_dir;
  char     *notes_dir;   /* voice notes: NOTES_DIR_NAME/<id>.opus */
  char     *db_path;
  char     *current_user;

  /* One connection for the whole store. SQLite serialises single calls
   * (SQLITE_OPEN_FULLMUTEX); the mutex keeps multi-statement transactions
   * and sqlite3_errmsg() together. */
  sqlite3  *db;
  GMutex    mutex;

  int       forbid_main_thread;   /* atomic */
};

G_DEFINE_FINAL_TYPE (RessentiStore, ressenti_store, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ */
/* Schema                                                              */
/* ------------------------------------------------------------------ */

#define REVIEW_STATUSES \
  "'assigned', 'in-progress', 'submitted', 'delivered', 'acknowledged'"

#define NOW_SQL "strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')"

static const char migration_1[] =
  "CREATE TABLE users ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  login        TEXT NOT NULL UNIQUE,"
  "  display_name TEXT,"
  "  role         TEXT NOT NULL DEFAULT 'listener'"
  "               CHECK (role IN ('listener', 'agent', 'coordinator', 'administrator')),"
  "  created_at   TEXT NOT NULL,"
  "  updated_at   TEXT NOT NULL,"
  "  author       TEXT"
  ");"
  "CREATE TABLE services ("
  "  id         TEXT PRIMARY KEY NOT NULL,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  author     TEXT"
  ");"
  "CREATE TABLE agents ("
  "  id         TEXT PRIMARY KEY NOT NULL,"
  "  pseudonym  TEXT NOT NULL UNIQUE,"
  "  service_id TEXT REFERENCES services (id) ON DELETE SET NULL,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  author     TEXT"
  ");"
  "CREATE INDEX agents_service_id ON agents (service_id);"
  "CREATE TABLE recordings ("
  "  id                 TEXT PRIMARY KEY NOT NULL,"
  "  content_hash       TEXT NOT NULL UNIQUE,"
  "  file_name          TEXT NOT NULL UNIQUE,"
  "  extension          TEXT NOT NULL DEFAULT '',"
  "  codec              TEXT,"
  "  container          TEXT,"
  "  duration_ms        INTEGER NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),"
  "  channels           INTEGER NOT NULL DEFAULT 0 CHECK (channels >= 0),"
  "  sample_rate        INTEGER NOT NULL DEFAULT 0 CHECK (sample_rate >= 0),"
  "  channel_layout     TEXT NOT NULL DEFAULT 'unknown'"
  "                     CHECK (channel_layout IN ('unknown', 'agent-left', 'agent-right', 'mono')),"
  "  call_date          TEXT,"
  "  agent_id           TEXT REFERENCES agents (id) ON DELETE SET NULL,"
  "  service_id         TEXT REFERENCES services (id) ON DELETE SET NULL,"
  "  customer_pseudonym TEXT,"
  "  imported_at        TEXT NOT NULL,"
  "  created_at         TEXT NOT NULL,"
  "  updated_at         TEXT NOT NULL,"
  "  author             TEXT"
  ");"
  "CREATE INDEX recordings_agent_id ON recordings (agent_id);"
  "CREATE INDEX recordings_service_id ON recordings (service_id);"
  "CREATE INDEX recordings_call_date ON recordings (call_date);"
  "CREATE TABLE reviews ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,"
  "  listener_id  TEXT NOT NULL REFERENCES users (id),"
  "  status       TEXT NOT NULL CHECK (status IN (" REVIEW_STATUSES ")),"
  "  summary      TEXT,"
  "  created_at   TEXT NOT NULL,"
  "  updated_at   TEXT NOT NULL,"
  "  author       TEXT,"
  "  UNIQUE (recording_id, listener_id)"
  ");"
  "CREATE INDEX reviews_listener_id ON reviews (listener_id);"
  "CREATE TABLE review_status_changes ("
  "  id         TEXT PRIMARY KEY NOT NULL,"
  "  review_id  TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,"
  "  status     TEXT NOT NULL CHECK (status IN (" REVIEW_STATUSES ")),"
  "  changed_at TEXT NOT NULL,"
  "  changed_by TEXT NOT NULL"
  ");"
  "CREATE INDEX review_status_changes_review_id ON review_status_changes (review_id);"
  "CREATE TABLE voice_notes ("
  "  id          TEXT PRIMARY KEY NOT NULL,"
  "  review_id   TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,"
  "  at_ms       INTEGER NOT NULL CHECK (at_ms >= 0),"
  "  file_name   TEXT NOT NULL,"
  "  duration_ms INTEGER NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),"
  "  transcript  TEXT,"
  "  created_at  TEXT NOT NULL,"
  "  updated_at  TEXT NOT NULL,"
  "  author      TEXT"
  ");"
  "CREATE INDEX voice_notes_review_id ON voice_notes (review_id);"
  "CREATE TABLE markers ("
  "  id            TEXT PRIMARY KEY NOT NULL,"
  "  review_id     TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,"
  "  start_ms      INTEGER NOT NULL CHECK (start_ms >= 0),"
  "  end_ms        INTEGER CHECK (end_ms IS NULL OR end_ms >= start_ms),"
  "  side          TEXT NOT NULL CHECK (side IN ('customer', 'agent', 'both', 'call')),"
  "  entry_key     TEXT NOT NULL,"
  "  intensity     INTEGER NOT NULL DEFAULT 1 CHECK (intensity BETWEEN 1 AND 3),"
  "  text          TEXT,"
  "  voice_note_id TEXT REFERENCES voice_notes (id) ON DELETE SET NULL,"
  "  created_at    TEXT NOT NULL,"
  "  updated_at    TEXT NOT NULL,"
  "  author        TEXT"
  ");"
  "CREATE INDEX markers_review_id ON markers (review_id);"
  "CREATE INDEX markers_voice_note_id ON markers (voice_note_id);";

/* The access log names the recording by id without a foreign key: the
 * log of a deletion must outlive the recording. */
static const char migration_2[] =
  "CREATE TABLE access_log ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  user_login   TEXT NOT NULL,"
  "  recording_id TEXT NOT NULL,"
  "  action       TEXT NOT NULL CHECK (action IN ('import', 'open', 'export', 'delete')),"
  "  at           TEXT NOT NULL"
  ");"
  "CREATE INDEX access_log_recording_id ON access_log (recording_id);"
  "CREATE INDEX access_log_at ON access_log (at);"
  "CREATE TABLE listening_sessions ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  user_login   TEXT NOT NULL,"
  "  recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,"
  "  started_at   TEXT NOT NULL,"
  "  ended_at     TEXT,"
  "  listened_ms  INTEGER NOT NULL DEFAULT 0 CHECK (listened_ms >= 0)"
  ");"
  "CREATE INDEX listening_sessions_recording_id ON listening_sessions (recording_id);";

static const char migration_3[] =
  "CREATE TABLE vocabulary_entries ("
  "  id         TEXT PRIMARY KEY NOT NULL,"
  "  key        TEXT NOT NULL UNIQUE,"
  "  kind       TEXT NOT NULL CHECK (kind IN ('customer-emotion', 'agent-delivery')),"
  "  label      TEXT NOT NULL,"
  "  position   INTEGER NOT NULL DEFAULT 0,"
  "  retired    INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  author     TEXT"
  ");"
  "CREATE TABLE evaluation_grids ("
  "  id            TEXT PRIMARY KEY NOT NULL,"
  "  name          TEXT NOT NULL,"
  "  version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
  "  criteria_json TEXT NOT NULL CHECK (json_valid (criteria_json)),"
  "  created_at    TEXT NOT NULL,"
  "  updated_at    TEXT NOT NULL,"
  "  author        TEXT,"
  "  UNIQUE (name, version)"
  ");"
  "CREATE TABLE grid_answers ("
  "  id             TEXT PRIMARY KEY NOT NULL,"
  "  review_id      TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,"
  "  grid_id        TEXT NOT NULL REFERENCES evaluation_grids (id),"
  "  criterion      TEXT NOT NULL,"
  "  value          TEXT,"
  "  not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),"
  "  created_at     TEXT NOT NULL,"
  "  updated_at     TEXT NOT NULL,"
  "  author         TEXT,"
  "  UNIQUE (review_id, grid_id, criterion)"
  ");"
  "CREATE INDEX grid_answers_grid_id ON grid_answers (grid_id);"
  "CREATE TABLE library_settings ("
  "  key        TEXT PRIMARY KEY NOT NULL,"
  "  value      TEXT,"
  "  updated_at TEXT NOT NULL,"
  "  author     TEXT"
  ");"
  "INSERT INTO library_settings (key, value, updated_at) VALUES"
  "  ('retention_recordings_days', '183', " NOW_SQL "),"
  "  ('retention_analysis_days', '365', " NOW_SQL ");"
  "ALTER TABLE recordings ADD COLUMN retain_until TEXT;"
  "ALTER TABLE reviews ADD COLUMN retain_until TEXT;"
  "UPDATE recordings SET retain_until = strftime ('%Y-%m-%dT%H:%M:%fZ', imported_at,"
  "  '+' || (SELECT value FROM library_settings WHERE key = 'retention_recordings_days') || ' days');"
  "UPDATE reviews SET retain_until = strftime ('%Y-%m-%dT%H:%M:%fZ', created_at,"
  "  '+' || (SELECT value FROM library_settings WHERE key = 'retention_analysis_days') || ' days');"
  "CREATE INDEX recordings_retain_until ON recordings (retain_until);"
  "CREATE INDEX reviews_retain_until ON reviews (retain_until);";

/* What the player page needs: the analysis of a call (a serialised
 * RessentiAnalysisResult, kept with the version of the algorithm that made
 * it) and where each user stopped in each call. Listening time goes to the
 * listening_sessions table of migration 2. */
static const char migration_4[] =
  "CREATE TABLE analysis_cache ("
  "  recording_id      TEXT PRIMARY KEY NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,"
  "  algorithm_version INTEGER NOT NULL,"
  "  data              BLOB NOT NULL,"
  "  created_at        TEXT NOT NULL,"
  "  updated_at        TEXT NOT NULL,"
  "  author            TEXT"
  ");"
  "CREATE TABLE playback_positions ("
  "  user_login   TEXT NOT NULL,"
  "  recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,"
  "  position_ms  INTEGER NOT NULL CHECK (position_ms >= 0),"
  "  updated_at   TEXT NOT NULL,"
  "  PRIMARY KEY (user_login, recording_id)"
  ");"
  "CREATE INDEX playback_positions_recording_id ON playback_positions (recording_id);";

/* Markers and their vocabulary. An entry's label is the user's own when
 * custom_label is 1; a built-in entry the user has not renamed keeps its
 * source-language label there and is shown translated. A NULL definition
 * of a built-in entry is its translated default too. The earcon is kept by
 * its nick ("marker"), so that new earcons need no migration. The built-in
 * entries are inserted by seed_vocabulary() in the same transaction. The
 * markers' (review_id, start_ms) index replaces the one on review_id. */
static const char migration_5[] =
  "ALTER TABLE vocabulary_entries ADD COLUMN custom_label INTEGER NOT NULL DEFAULT 1"
  "  CHECK (custom_label IN (0, 1));"
  "ALTER TABLE vocabulary_entries ADD COLUMN definition TEXT;"
  "ALTER TABLE vocabulary_entries ADD COLUMN builtin INTEGER NOT NULL DEFAULT 0"
  "  CHECK (builtin IN (0, 1));"
  "ALTER TABLE vocabulary_entries ADD COLUMN earcon TEXT NOT NULL DEFAULT 'marker';"
  "ALTER TABLE vocabulary_entries ADD COLUMN emotionml_set TEXT;"
  "ALTER TABLE vocabulary_entries ADD COLUMN emotionml_name TEXT;"
  "CREATE INDEX vocabulary_entries_kind_position ON vocabulary_entries (kind, position);"
  "CREATE INDEX markers_review_id_start_ms ON markers (review_id, start_ms);"
  "DROP INDEX markers_review_id;";

/* Voice notes: their state (a note still "recording" at start-up was cut
 * off by a crash and is recovered), where a transcript came from, its
 * language, and a deletion that can be undone (deleted_at). A note is
 * attached to a marker by markers.voice_note_id (migration 1).
 *
 * Full-text search over what listeners wrote and said: marker texts,
 * voice-note transcripts and review summaries, in one FTS5 table kept by
 * triggers. unicode61 with remove_diacritics 2 makes "reclamation" find
 * "réclamation". kind, item_id and review_id are not searched. */
static const char migration_6[] =
  "ALTER TABLE voice_notes ADD COLUMN state TEXT NOT NULL DEFAULT 'complete'"
  "  CHECK (state IN ('recording', 'complete'));"
  "ALTER TABLE voice_notes ADD COLUMN transcript_source TEXT"
  "  CHECK (transcript_source IS NULL OR transcript_source IN ('typed', 'engine'));"
  "ALTER TABLE voice_notes ADD COLUMN language TEXT;"
  "ALTER TABLE voice_notes ADD COLUMN deleted_at TEXT;"
  "CREATE INDEX voice_notes_state ON voice_notes (state) WHERE state = 'recording';"
  "CREATE VIRTUAL TABLE search_index USING fts5 ("
  "  kind UNINDEXED, item_id UNINDEXED, review_id UNINDEXED, body,"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE TRIGGER markers_search_insert AFTER INSERT ON markers WHEN new.text IS NOT NULL BEGIN"
  "  INSERT INTO search_index (kind, item_id, review_id, body)"
  "    VALUES ('marker', new.id, new.review_id, new.text);"
  "END;"
  "CREATE TRIGGER markers_search_update AFTER UPDATE OF text ON markers BEGIN"
  "  DELETE FROM search_index WHERE kind = 'marker' AND item_id = old.id;"
  "  INSERT INTO search_index (kind, item_id, review_id, body)"
  "    SELECT 'marker', new.id, new.review_id, new.text WHERE new.text IS NOT NULL;"
  "END;"
  "CREATE TRIGGER markers_search_delete AFTER DELETE ON markers BEGIN"
  "  DELETE FROM search_index WHERE kind = 'marker' AND item_id = old.id;"
  "END;"
  "CREATE TRIGGER voice_notes_search_insert AFTER INSERT ON voice_notes"
  "  WHEN new.transcript IS NOT NULL AND new.deleted_at IS NULL BEGIN"
  "  INSERT INTO search_index (kind, item_id, review_id, body)"
  "    VALUES ('transcript', new.id, new.review_id, new.transcript);"
  "END;"
  "CREATE TRIGGER voice_notes_search_update AFTER UPDATE OF transcript, deleted_at ON voice_notes BEGIN"
  "  DELETE FROM search_index WHERE kind = 'transcript' AND item_id = old.id;"
  "  INSERT INTO search_index (kind, item_id, review_id, body)"
  "    SELECT 'transcript', new.id, new.review_id, new.transcript"
  "     WHERE new.transcript IS NOT NULL AND new.deleted_at IS NULL;"
  "END;"
  "CREATE TRIGGER voice_notes_search_delete AFTER DELETE ON voice_notes BEGIN"
  "  DELETE FROM search_index WHERE kind = 'transcript' AND item_id = old.id;"
  "END;"
  "CREATE TRIGGER reviews_search_insert AFTER INSERT ON reviews WHEN new.summary IS NOT NULL BEGIN"
  "  INSERT INTO search_index (kind, item_id, review_id, body)"
  "    VALUES ('summary', new.id, new.id, new.summary);"
  "END;"
  "CREATE TRIGGER reviews_search_update AFTER UPDATE OF summary ON reviews BEGIN"
  "  DELETE FROM search_index WHERE kind = 'summary' AND item_id = old.id;"
  "  INSERT INTO search_index (kind, item_id, review_id, body)"
  "    SELECT 'summary', new.id, new.id, new.summary WHERE new.summary IS NOT NULL;"
  "END;"
  "CREATE TRIGGER reviews_search_delete AFTER DELETE ON reviews BEGIN"
  "  DELETE FROM search_index WHERE kind = 'summary' AND item_id = old.id;"
  "END;"
  "INSERT INTO search_index (kind, item_id, review_id, body)"
  "  SELECT 'marker', id, review_id, text FROM markers WHERE text IS NOT NULL;"
  "INSERT INTO search_index (kind, item_id, review_id, body)"
  "  SELECT 'transcript', id, review_id, transcript FROM voice_notes WHERE transcript IS NOT NULL;"
  "INSERT INTO search_index (kind, item_id, review_id, body)"
  "  SELECT 'summary', id, id, summary FROM reviews WHERE summary IS NOT NULL;";

typedef gboolean (*MigrationFunc) (RessentiStore  *self,
                                   GError        **error);

static gboolean seed_vocabulary (RessentiStore  *self,
                                 GError        **error);
static gboolean purge_deleted_voice_notes (RessentiStore  *self,
                                           GError        **error);

typedef struct
{
  const char    *sql;
  MigrationFunc  then;   /* runs after @sql, in the same transaction */
} Migration;

/* migrations[v] takes a database from version v - 1 to version v. */
static const Migration migrations[] = {
  { NULL, NULL },
  { migration_1, NULL },
  { migration_2, NULL },
  { migration_3, NULL },
  { migration_4, NULL },
  { migration_5, seed_vocabulary },
  { migration_6, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == RESSENTI_STORE_SCHEMA_VERSION + 1);

/* The SQL rank of a review status is its RessentiReviewStatus value, so
 * that max() over a recording's reviews gives its most advanced one. */
G_STATIC_ASSERT (RESSENTI_REVIEW_STATUS_ASSIGNED == 1);
G_STATIC_ASSERT (RESSENTI_REVIEW_STATUS_IN_PROGRESS == 2);
G_STATIC_ASSERT (RESSENTI_REVIEW_STATUS_SUBMITTED == 3);
G_STATIC_ASSERT (RESSENTI_REVIEW_STATUS_DELIVERED == 4);
G_STATIC_ASSERT (RESSENTI_REVIEW_STATUS_ACKNOWLEDGED == 5);

#define STATUS_RANK_SQL \
  "CASE v.status WHEN 'assigned' THEN 1 WHEN 'in-progress' THEN 2" \
  " WHEN 'submitted' THEN 3 WHEN 'delivered' THEN 4 WHEN 'acknowledged' THEN 5 END"

#define RECORDING_SELECT_SQL \
  "SELECT r.id, r.file_name, r.imported_at, r.content_hash, r.extension," \
  "       r.codec, r.container, r.duration_ms, r.channels, r.sample_rate," \
  "       r.channel_layout, r.call_date, a.pseudonym, s.name, r.customer_pseudonym," \
  "       (SELECT max (" STATUS_RANK_SQL ") FROM reviews v WHERE v.recording_id = r.id)" \
  "  FROM recordings r" \
  "  LEFT JOIN agents a ON a.id = r.agent_id" \
  "  LEFT JOIN services s ON s.id = r.service_id"

#define REVIEW_SELECT_SQL \
  "SELECT v.id, v.recording_id, u.login, v.status, v.summary, v.created_at, v.updated_at," \
  "       (SELECT count (*) FROM markers m WHERE m.review_id = v.id)," \
  "       (SELECT count (*) FROM voice_notes n WHERE n.review_id = v.id AND n.deleted_at IS NULL)," \
  "       (SELECT max (c.changed_at) FROM review_status_changes c" \
  "         WHERE c.review_id = v.id AND c.status = 'submitted')" \
  "  FROM reviews v JOIN users u ON u.id = v.listener_id"

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

/* Times are stored as ISO 8601 UTC text with milliseconds, the format
 * SQLite's strftime ('%Y-%m-%dT%H:%M:%fZ') writes: fixed width, so text
 * order is time order. */
static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

static char *
format_time_plus_days (GDateTime *time,
                       gint64     days)
{
  g_autoptr(GDateTime) later = g_date_time_add_days (time, (int) CLAMP (days, 1, 100 * 366));

  return format_time (later);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = column_text (stmt, column);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static RessentiStoreError
error_code_from_errno (int saved_errno)
{
  switch (saved_errno)
    {
    case EACCES:
    case EPERM:
    case EROFS:
      return RESSENTI_STORE_ERROR_PERMISSION;
    case ENOSPC:
    case EDQUOT:
      return RESSENTI_STORE_ERROR_DISK_FULL;
    default:
      return RESSENTI_STORE_ERROR_FAILED;
    }
}

/* Moves an error of another domain (GIO, file utils) into the store's. */
static void
propagate_as_store_error (GError **error,
                          GError  *other)
{
  RessentiStoreError code = RESSENTI_STORE_ERROR_FAILED;

  if (g_error_matches (other, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
      || g_error_matches (other, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
    code = RESSENTI_STORE_ERROR_DISK_FULL;
  else if (g_error_matches (other, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED)
           || g_error_matches (other, G_IO_ERROR, G_IO_ERROR_READ_ONLY)
           || g_error_matches (other, G_FILE_ERROR, G_FILE_ERROR_ACCES)
           || g_error_matches (other, G_FILE_ERROR, G_FILE_ERROR_PERM)
           || g_error_matches (other, G_FILE_ERROR, G_FILE_ERROR_ROFS))
    code = RESSENTI_STORE_ERROR_PERMISSION;
  g_set_error_literal (error, RESSENTI_STORE_ERROR, code, other->message);
  g_error_free (other);
}

static gboolean
is_sha256_hex (const char *str)
{
  guint i;

  if (str == NULL)
    return FALSE;
  for (i = 0; str[i] != '\0'; i++)
    if (!g_ascii_isxdigit (str[i]))
      return FALSE;
  return i == 64;
}

static gboolean
is_valid_extension (const char *extension)
{
  guint i;

  if (extension == NULL)
    return TRUE;
  for (i = 0; extension[i] != '\0'; i++)
    if (!g_ascii_isalnum (extension[i]))
      return FALSE;
  return i <= 16;
}

/* The extension as the library keeps it: lower-case letters and digits
 * only (it becomes part of a file name), at most 16 of them. */
static char *
safe_extension (const char *extension)
{
  GString *safe = g_string_new (NULL);

  for (const char *p = extension; p != NULL && *p != '\0' && safe->len < 16; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (safe, g_ascii_tolower (*p));
  return g_string_free (safe, FALSE);
}

static char *
audio_file_name (const char *content_hash,
                 const char *extension)
{
  if (*extension == '\0')
    return g_strdup (content_hash);
  return g_strconcat (content_hash, ".", extension, NULL);
}

/* A name an import leaves behind: "<sha256>" or "<sha256>.<extension>". */
static gboolean
looks_like_audio_file_name (const char *name)
{
  const char *dot = strchr (name, '.');
  g_autofree char *stem = dot != NULL ? g_strndup (name, dot - name) : g_strdup (name);

  return is_sha256_hex (stem) && (dot == NULL || is_valid_extension (dot + 1));
}

static void
check_thread (RessentiStore *self,
              const char    *function)
{
  if (g_atomic_int_get (&self->forbid_main_thread)
      && g_main_context_is_owner (g_main_context_default ()))
    g_critical ("%s() called on the main thread: use the _async variant or a worker thread",
                function);
}

/* ------------------------------------------------------------------ */
/* SQLite plumbing                                                     */
/* ------------------------------------------------------------------ */

/* Sets @error from the SQLite result code @rc; always returns FALSE. */
static gboolean
set_sqlite_error (RessentiStore  *self,
                  int             rc,
                  GError        **error)
{
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_DISK_FULL,
                   _("The disk that holds the library database “%s” is full. "
                     "Free some space, then try again."),
                   self->db_path);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_CORRUPT,
                   _("The library database “%s” is damaged (%s)."),
                   self->db_path, detail);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION,
                   _("Ressenti cannot write to the library database “%s” (%s). "
                     "Check the permissions of the file and of its folder."),
                   self->db_path, detail);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_FAILED,
                   _("The library database “%s” is busy: another program has been "
                     "writing to it for more than 5 seconds. Try again."),
                   self->db_path);
      break;
    default:
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_FAILED,
                   _("Could not read or write the library database “%s”: %s"),
                   self->db_path, detail);
      break;
    }
  return FALSE;
}

/* Runs one or more statements without parameters. */
static gboolean
exec_sql (RessentiStore  *self,
          const char     *sql,
          GError        **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  return rc == SQLITE_OK || set_sqlite_error (self, rc, error);
}

/* Binds the values in @args, one per character of @types: 's' a string
 * (NULL binds SQL NULL), 'i' a gint64, 'e' a gint64 end time (negative
 * binds SQL NULL), 'b' a GBytes (NULL binds SQL NULL). */
static gboolean
bind_values (RessentiStore  *self,
             sqlite3_stmt   *stmt,
             const char     *types,
             va_list         args,
             GError        **error)
{
  for (int i = 0; types[i] != '\0'; i++)
    {
      const char *text;
      GBytes *bytes;
      gconstpointer data;
      gsize size = 0;
      gint64 end;
      int rc;

      switch (types[i])
        {
        case 's':
          text = va_arg (args, const char *);
          rc = text != NULL
               ? sqlite3_bind_text (stmt, i + 1, text, -1, SQLITE_TRANSIENT)
               : sqlite3_bind_null (stmt, i + 1);
          break;
        case 'i':
          rc = sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
          break;
        case 'e':
          end = va_arg (args, gint64);
          rc = end >= 0 ? sqlite3_bind_int64 (stmt, i + 1, end) : sqlite3_bind_null (stmt, i + 1);
          break;
        case 'b':
          bytes = va_arg (args, GBytes *);
          data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;
          /* Empty bytes have no data pointer, and a NULL pointer would bind
           * SQL NULL instead of an empty blob. */
          rc = bytes != NULL
               ? sqlite3_bind_blob64 (stmt, i + 1, size > 0 ? data : "", size, SQLITE_TRANSIENT)
               : sqlite3_bind_null (stmt, i + 1);
          break;
        default:
          g_assert_not_reached ();
        }
      if (rc != SQLITE_OK)
        return set_sqlite_error (self, rc, error);
    }
  return TRUE;
}

static sqlite3_stmt *
prepare_valist (RessentiStore  *self,
                GError        **error,
                const char     *sql,
                const char     *types,
                va_list         args)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  if (!bind_values (self, stmt, types, args, error))
    return NULL;
  return g_steal_pointer (&stmt);
}

/* Prepares @sql and binds the values that follow (see bind_values()). */
static sqlite3_stmt *
query (RessentiStore  *self,
       GError        **error,
       const char     *sql,
       const char     *types,
       ...)
{
  sqlite3_stmt *stmt;
  va_list args;

  va_start (args, types);
  stmt = prepare_valist (self, error, sql, types, args);
  va_end (args);
  return stmt;
}

/* Returns SQLITE_ROW or SQLITE_DONE, or 0 with @error set. */
static int
step (RessentiStore  *self,
      sqlite3_stmt   *stmt,
      GError        **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;
  return set_sqlite_error (self, rc, error);
}

/* Runs a statement that returns no rows, with bound values. */
static gboolean
run (RessentiStore  *self,
     GError        **error,
     const char     *sql,
     const char     *types,
     ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;
  int rc;

  va_start (args, types);
  stmt = prepare_valist (self, error, sql, types, args);
  va_end (args);
  if (stmt == NULL)
    return FALSE;
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    ;
  return rc == SQLITE_DONE;
}

/* Runs a query for one text value: *value is NULL when there is no row. */
static gboolean
select_text (RessentiStore  *self,
             GError        **error,
             char          **value,
             const char     *sql,
             const char     *types,
             ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;
  int rc;

  *value = NULL;
  va_start (args, types);
  stmt = prepare_valist (self, error, sql, types, args);
  va_end (args);
  if (stmt == NULL || (rc = step (self, stmt, error)) == 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    *value = g_strdup (column_text (stmt, 0));
  return TRUE;
}

static gboolean
select_int (RessentiStore  *self,
            GError        **error,
            gint64         *value,
            gboolean       *found,
            const char     *sql,
            const char     *types,
            ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;
  int rc;

  va_start (args, types);
  stmt = prepare_valist (self, error, sql, types, args);
  va_end (args);
  if (stmt == NULL || (rc = step (self, stmt, error)) == 0)
    return FALSE;
  *found = rc == SQLITE_ROW;
  *value = *found ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* BEGIN IMMEDIATE takes the write lock at once, so that the transaction
 * never has to upgrade a read lock (which could fail with SQLITE_BUSY
 * half-way through) and so that imports and the removal of leftovers
 * exclude each other. */
static gboolean
begin (RessentiStore  *self,
       GError        **error)
{
  return exec_sql (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (RessentiStore  *self,
        GError        **error)
{
  return exec_sql (self, "COMMIT", error);
}

static void
rollback (RessentiStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
get_user_version (RessentiStore  *self,
                  int            *version,
                  GError        **error)
{
  gint64 value = 0;
  gboolean found;

  if (!select_int (self, error, &value, &found, "PRAGMA user_version", ""))
    return FALSE;
  *version = (int) value;
  return TRUE;
}

static gboolean
get_retention_days (RessentiStore  *self,
                    const char     *key,
                    gint64          fallback,
                    gint64         *days,
                    GError        **error)
{
  gboolean found;

  if (!select_int (self, error, days, &found,
                   "SELECT value FROM library_settings WHERE key = ?", "s", key))
    return FALSE;
  if (!found || *days <= 0)
    *days = fallback;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

static gboolean
check_local_disk (const char  *directory,
                  GError     **error)
{
  g_autofree char *fs_type = NULL;

  if (!ressenti_fs_is_network (directory, &fs_type))
    return TRUE;
  g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NETWORK_FS,
               _("The library at “%s” is on a network file system (%s). Ressenti "
                 "needs a local disk: SQLite’s write-ahead log does not work over "
                 "the network."),
               directory, fs_type);
  return FALSE;
}

/* Makes the creation of @path durable. A failure only means that a power
 * cut could undo the creation, which the next open redoes. */
static void
sync_parent_dir (const char *path)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  if (!ressenti_fs_sync_dir (parent, &error))
    g_debug ("%s", error->message);
}

/* Creates @path (and missing parents) private to the user, or checks that
 * the existing folder is writable. */
static gboolean
ensure_private_dir (const char  *path,
                    GError     **error)
{
  int saved_errno;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (g_access (path, W_OK | X_OK) == 0)
        return TRUE;
      saved_errno = errno;
      g_set_error (error, RESSENTI_STORE_ERROR, error_code_from_errno (saved_errno),
                   _("Ressenti cannot write to the folder “%s”: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_mkdir_with_parents (path, 0700) != 0 || g_chmod (path, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, RESSENTI_STORE_ERROR, error_code_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }
  sync_parent_dir (path);
  return TRUE;
}

/* Creates the database file ourselves so that it is 0600 whatever the
 * umask; SQLite then gives its -wal and -shm files the same mode. */
static gboolean
create_db_file (RessentiStore  *self,
                GError        **error)
{
  int fd = open (self->db_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
  int saved_errno = errno;

  if (fd < 0 && saved_errno == EEXIST)
    return TRUE;
  if (fd >= 0 && fchmod (fd, 0600) == 0 && fsync (fd) == 0)
    {
      close (fd);
      sync_parent_dir (self->db_path);
      return TRUE;
    }
  saved_errno = errno;
  if (fd >= 0)
    {
      close (fd);
      g_unlink (self->db_path);
    }
  g_set_error (error, RESSENTI_STORE_ERROR, error_code_from_errno (saved_errno),
               _("Could not create the library database “%s”: %s"),
               self->db_path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
open_connection (RessentiStore  *self,
                 GError        **error)
{
  int rc;

  if (!create_db_file (self, error))
    return FALSE;

  rc = sqlite3_open_v2 (self->db_path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  return TRUE;
}

static gboolean
set_corrupt_error (RessentiStore  *self,
                   const char     *detail,
                   GError        **error)
{
  g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_CORRUPT,
               _("The library database “%s” is damaged (%s). Nothing was changed: "
                 "restore the file from a backup, or choose another folder for the "
                 "library."),
               self->db_path, detail);
  return FALSE;
}

/* Reads the whole database (PRAGMA quick_check) before anything writes to
 * it: a damaged file is reported and left exactly as it was. */
static gboolean
check_integrity (RessentiStore  *self,
                 GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check (5)", -1, &stmt, NULL);

  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      const char *line;

      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        break;
      line = column_text (stmt, 0);
      if (line != NULL && !g_str_equal (line, "ok"))
        g_string_append_printf (problems, "%s%s", problems->len > 0 ? "; " : "", line);
    }

  if ((rc & 0xff) == SQLITE_NOTADB)
    {
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_CORRUPT,
                   _("The file “%s” is not a Ressenti library database, or its "
                     "beginning is damaged. Nothing was changed: restore the file "
                     "from a backup, or choose another folder for the library."),
                   self->db_path);
      return FALSE;
    }
  if ((rc & 0xff) == SQLITE_CORRUPT)
    return set_corrupt_error (self, sqlite3_errmsg (self->db), error);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  if (problems->len > 0)
    return set_corrupt_error (self, problems->str, error);
  return TRUE;
}

static gboolean
check_version (RessentiStore  *self,
               int            *version,
               GError        **error)
{
  gint64 n_objects = 0;
  gboolean found;

  if (!get_user_version (self, version, error))
    return FALSE;

  if (*version > RESSENTI_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_TOO_NEW,
                   _("The library “%s” was written by a newer version of Ressenti "
                     "(library format %d; this version reads formats up to %d). "
                     "Nothing was changed: update Ressenti to open it."),
                   self->directory, *version, RESSENTI_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  /* Version 0 must mean an empty file: never add our tables to another
   * program's database. */
  if (*version == 0
      && !select_int (self, error, &n_objects, &found, "SELECT count (*) FROM sqlite_master", ""))
    return FALSE;
  if (*version < 0 || n_objects > 0)
    {
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_CORRUPT,
                   _("The file “%s” is a database, but not a Ressenti library. "
                     "Nothing was changed: choose another folder for the library."),
                   self->db_path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
configure_connection (RessentiStore  *self,
                      GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *mode;

  stmt = query (self, error, "PRAGMA journal_mode = WAL", "");
  if (stmt == NULL || step (self, stmt, error) != SQLITE_ROW)
    return FALSE;
  mode = column_text (stmt, 0);
  if (mode == NULL || g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_FAILED,
                   _("Could not turn on write-ahead logging for the library database "
                     "“%s” (the journal mode stayed “%s”). Ressenti needs a local disk."),
                   self->db_path, mode != NULL ? mode : "?");
      return FALSE;
    }
  return exec_sql (self,
                   "PRAGMA synchronous = FULL;"
                   "PRAGMA foreign_keys = ON;",
                   error);
}

/* Takes the database from version @version - 1 to @version in one
 * transaction. Another process may have done it while we waited for the
 * write lock, hence the second look at user_version. */
static gboolean
migrate_to (RessentiStore  *self,
            int             version,
            GError        **error)
{
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version);
  int current = 0;

  if (!begin (self, error))
    return FALSE;
  if (!get_user_version (self, &current, error))
    goto fail;
  if (current < version
      && (!exec_sql (self, migrations[version].sql, error)
          || (migrations[version].then != NULL && !migrations[version].then (self, error))
          || !exec_sql (self, set_version, error)))
    goto fail;
  if (!commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static gboolean
migrate (RessentiStore  *self,
         int             from_version,
         int             to_version,
         GError        **error)
{
  for (int version = from_version + 1; version <= to_version; version++)
    if (!migrate_to (self, version, error))
      return FALSE;
  return TRUE;
}

/* A staging file belongs to the process whose id its name carries; it is
 * stale once that process is gone. Names without a process id are stale. */
static gboolean
staging_file_is_stale (const char *name)
{
  const char *rest = name + strlen (STAGING_PREFIX);
  char *end = NULL;
  gint64 pid = g_ascii_strtoll (rest, &end, 10);

  if (end == rest || *end != '-' || pid <= 0 || pid > G_MAXINT)
    return TRUE;
  return kill ((pid_t) pid, 0) != 0 && errno == ESRCH;
}

static GHashTable *
referenced_file_names (RessentiStore  *self,
                       GError        **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = query (self, error, "SELECT file_name FROM recordings", "");
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    g_hash_table_add (names, g_strdup (column_text (stmt, 0)));
  return rc == SQLITE_DONE ? g_steal_pointer (&names) : NULL;
}

static GPtrArray *
find_leftovers (RessentiStore  *self,
                GHashTable     *referenced,
                GError        **error)
{
  g_autoptr(GPtrArray) leftovers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  GError *local_error = NULL;
  const char *name;

  dir = g_dir_open (self->audio_dir, 0, &local_error);
  if (dir == NULL)
    {
      propagate_as_store_error (error, local_error);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean stale_staging = g_str_has_prefix (name, STAGING_PREFIX)
                               && staging_file_is_stale (name);
      gboolean orphan = looks_like_audio_file_name (name)
                        && !g_hash_table_contains (referenced, name);

      if (stale_staging || orphan)
        g_ptr_array_add (leftovers, g_build_filename (self->audio_dir, name, NULL));
    }
  return g_steal_pointer (&leftovers);
}

/* Removes what an interrupted import left: staging copies of processes
 * that are gone, and audio files renamed into place whose transaction never
 * committed. Holding the write lock, no import can be between its rename
 * and its commit meanwhile. */
static gboolean
remove_leftovers (RessentiStore  *self,
                  GError        **error)
{
  g_autoptr(GHashTable) referenced = NULL;
  g_autoptr(GPtrArray) leftovers = NULL;

  if (!begin (self, error))
    return FALSE;
  referenced = referenced_file_names (self, error);
  if (referenced != NULL)
    leftovers = find_leftovers (self, referenced, error);
  if (leftovers == NULL)
    {
      rollback (self);
      return FALSE;
    }

  for (guint i = 0; i < leftovers->len; i++)
    {
      const char *path = g_ptr_array_index (leftovers, i);

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Could not remove the leftover file %s: %s", path, g_strerror (errno));
      else
        g_debug ("Removed the leftover file %s", path);
    }
  if (leftovers->len > 0)
    ressenti_fs_sync_dir (self->audio_dir, NULL);

  /* Nothing was written: ending the transaction just lets go of the lock. */
  rollback (self);
  return TRUE;
}

static gboolean
ensure_current_user (RessentiStore  *self,
                     const char     *now,
                     GError        **error)
{
  g_autofree char *id = g_uuid_string_random ();
  const char *real_name = g_get_real_name ();

  if (g_str_equal (real_name, "Unknown"))
    real_name = NULL;
  return run (self, error,
              "INSERT INTO users (id, login, display_name, role, created_at, updated_at, author)"
              " VALUES (?, ?, ?, 'listener', ?, ?, ?)"
              " ON CONFLICT (login) DO NOTHING",
              "ssssss", id, self->current_user, real_name, now, now, self->current_user);
}

static gboolean
open_library (RessentiStore  *self,
              GError        **error)
{
  g_autofree char *now = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  int version = 0;

  now = format_time (now_time);
  return open_connection (self, error)
         && check_integrity (self, error)
         && check_version (self, &version, error)
         && configure_connection (self, error)
         && migrate (self, version, RESSENTI_STORE_SCHEMA_VERSION, error)
         && ensure_private_dir (self->audio_dir, error)
         && ensure_private_dir (self->notes_dir, error)
         && remove_leftovers (self, error)
         && purge_deleted_voice_notes (self, error)
         && ensure_current_user (self, now, error);
}

static RessentiStore *
store_new (const char *directory,
           const char *db_path)
{
  RessentiStore *self = g_object_new (RESSENTI_TYPE_STORE, NULL);

  self->directory = g_strdup (directory);
  self->audio_dir = g_build_filename (directory, AUDIO_DIR_NAME, NULL);
  self->notes_dir = g_build_filename (directory, NOTES_DIR_NAME, NULL);
  self->db_path = g_strdup (db_path);
  self->current_user = g_strdup (g_get_user_name ());
  return self;
}

RessentiStore *
ressenti_store_open (const char  *directory,
                     GError     **error)
{
  g_autoptr(RessentiStore) self = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *db_path = NULL;

  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  absolute = g_canonicalize_filename (directory, NULL);
  /* Nothing is created on a network file system. */
  if (!check_local_disk (absolute, error) || !ensure_private_dir (absolute, error))
    return NULL;

  db_path = g_build_filename (absolute, DB_FILE_NAME, NULL);
  self = store_new (absolute, db_path);
  if (!open_library (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
ressenti_store_create_at_version (const char  *db_path,
                                  int          version,
                                  GError     **error)
{
  g_autoptr(RessentiStore) self = NULL;
  g_autofree char *directory = NULL;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (version >= 1 && version <= RESSENTI_STORE_SCHEMA_VERSION, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  directory = g_path_get_dirname (db_path);
  self = store_new (directory, db_path);
  return open_connection (self, error)
         && exec_sql (self, "PRAGMA foreign_keys = ON", error)
         && migrate (self, 0, version, error);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
ressenti_store_finalize (GObject *object)
{
  RessentiStore *self = RESSENTI_STORE (object);

  if (self->db != NULL && sqlite3_close (self->db) != SQLITE_OK)
    g_warning ("Could not close the library database %s: %s",
               self->db_path, sqlite3_errmsg (self->db));
  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->audio_dir, g_free);
  g_clear_pointer (&self->notes_dir, g_free);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->current_user, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (ressenti_store_parent_class)->finalize (object);
}

static void
ressenti_store_class_init (RessentiStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ressenti_store_finalize;
}

static void
ressenti_store_init (RessentiStore *self)
{
  g_mutex_init (&self->mutex);
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */
/* ------------------------------------------------------------------ */

const char *
ressenti_store_get_directory (RessentiStore *self)
{
  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  return self->directory;
}

const char *
ressenti_store_get_audio_dir (RessentiStore *self)
{
  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  return self->audio_dir;
}

char *
ressenti_store_get_audio_path (RessentiStore     *self,
                               RessentiRecording *recording)
{
  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (RESSENTI_IS_RECORDING (recording), NULL);
  return g_build_filename (self->audio_dir, ressenti_recording_get_file_name (recording), NULL);
}

const char *
ressenti_store_get_current_user (RessentiStore *self)
{
  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  return self->current_user;
}

void
ressenti_store_forbid_main_thread (RessentiStore *self)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_atomic_int_set (&self->forbid_main_thread, TRUE);
}

void
ressenti_store_limit_pages_for_testing (RessentiStore *self,
                                        int            max_pages)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *sql = NULL;
  gint64 count = 0;
  gboolean found;

  g_return_if_fail (RESSENTI_IS_STORE (self));

  locker = g_mutex_locker_new (&self->mutex);
  if (max_pages <= 0 && select_int (self, NULL, &count, &found, "PRAGMA page_count", ""))
    max_pages = (int) count;
  sql = g_strdup_printf ("PRAGMA max_page_count = %d", max_pages);
  exec_sql (self, sql, NULL);
}

void
ressenti_store_set_current_user_for_testing (RessentiStore *self,
                                             const char    *login)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_return_if_fail (login != NULL && *login != '\0');

  locker = g_mutex_locker_new (&self->mutex);
  g_free (self->current_user);
  self->current_user = g_strdup (login);
}

void
ressenti_store_refuse_writes_for_testing (RessentiStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (RESSENTI_IS_STORE (self));

  locker = g_mutex_locker_new (&self->mutex);
  exec_sql (self, "PRAGMA query_only = ON", NULL);
}

/* ------------------------------------------------------------------ */
/* Recordings                                                          */
/* ------------------------------------------------------------------ */

static RessentiRecording *
recording_from_row (sqlite3_stmt *stmt)
{
  g_auto(RessentiRecordingDraft) draft = { 0 };
  g_autoptr(GDateTime) imported_at = column_time (stmt, 2);
  RessentiRecording *recording;

  draft.content_hash = g_strdup (column_text (stmt, 3));
  draft.extension = g_strdup (column_text (stmt, 4));
  draft.codec = g_strdup (column_text (stmt, 5));
  draft.container = g_strdup (column_text (stmt, 6));
  draft.duration_ms = sqlite3_column_int64 (stmt, 7);
  draft.channels = (guint) CLAMP (sqlite3_column_int64 (stmt, 8), 0, G_MAXUINT);
  draft.sample_rate = (guint) CLAMP (sqlite3_column_int64 (stmt, 9), 0, G_MAXUINT);
  draft.layout = ressenti_channel_layout_from_string (column_text (stmt, 10));
  draft.call_date = column_time (stmt, 11);
  draft.agent = g_strdup (column_text (stmt, 12));
  draft.service = g_strdup (column_text (stmt, 13));
  draft.customer = g_strdup (column_text (stmt, 14));

  recording = ressenti_recording_new_from_draft (column_text (stmt, 0), column_text (stmt, 1),
                                                 imported_at, &draft);
  ressenti_recording_set_review_status (recording,
                                        (RessentiReviewStatus) sqlite3_column_int (stmt, 15));
  return recording;
}

/* Returns the recording whose column @column equals @value; NULL without
 * an error when there is none. */
static RessentiRecording *
fetch_recording (RessentiStore  *self,
                 const char     *column,
                 const char     *value,
                 GError        **error)
{
  g_autofree char *sql = g_strconcat (RECORDING_SELECT_SQL " WHERE r.", column, " = ?", NULL);
  g_autoptr(sqlite3_stmt) stmt = query (self, error, sql, "s", value);

  if (stmt == NULL || step (self, stmt, error) != SQLITE_ROW)
    return NULL;
  return recording_from_row (stmt);
}

static gboolean
set_recording_not_found (GError     **error,
                         const char  *id)
{
  g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND,
               _("The library has no recording with the identifier “%s” (it may have been deleted)."),
               id);
  return FALSE;
}

static gboolean
set_review_not_found (GError     **error,
                      const char  *id)
{
  g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND,
               _("The library has no review with the identifier “%s” (it may have been deleted)."),
               id);
  return FALSE;
}

/* After a statement that changes the rows of one recording (an UPDATE of
 * it, or an INSERT … SELECT from it): no row changed means that there is
 * no such recording. */
static gboolean
check_recording_changed (RessentiStore  *self,
                         const char     *recording_id,
                         GError        **error)
{
  return sqlite3_changes (self->db) > 0 || set_recording_not_found (error, recording_id);
}

static gboolean
insert_access (RessentiStore         *self,
               const char            *recording_id,
               RessentiAccessAction   action,
               const char            *now,
               GError               **error)
{
  g_autofree char *id = g_uuid_string_random ();

  return run (self, error,
              "INSERT INTO access_log (id, user_login, recording_id, action, at)"
              " VALUES (?, ?, ?, ?, ?)",
              "sssss", id, self->current_user, recording_id,
              ressenti_access_action_to_string (action), now);
}

/* Sets *id to the service called @name, created on first use; NULL when
 * the name is unknown. */
static gboolean
ensure_service (RessentiStore  *self,
                const char     *name,
                const char     *now,
                char          **id,
                GError        **error)
{
  *id = NULL;
  if (name == NULL || *name == '\0')
    return TRUE;
  if (!select_text (self, error, id, "SELECT id FROM services WHERE name = ?", "s", name))
    return FALSE;
  if (*id != NULL)
    return TRUE;
  *id = g_uuid_string_random ();
  return run (self, error,
              "INSERT INTO services (id, name, created_at, updated_at, author)"
              " VALUES (?, ?, ?, ?, ?)",
              "sssss", *id, name, now, now, self->current_user);
}

/* Sets *id to the agent with @pseudonym, created on first use and linked
 * to @service_id when it has no service yet. */
static gboolean
ensure_agent (RessentiStore  *self,
              const char     *pseudonym,
              const char     *service_id,
              const char     *now,
              char          **id,
              GError        **error)
{
  *id = NULL;
  if (pseudonym == NULL || *pseudonym == '\0')
    return TRUE;
  if (!select_text (self, error, id, "SELECT id FROM agents WHERE pseudonym = ?", "s", pseudonym))
    return FALSE;
  if (*id == NULL)
    {
      *id = g_uuid_string_random ();
      return run (self, error,
                  "INSERT INTO agents (id, pseudonym, service_id, created_at, updated_at, author)"
                  " VALUES (?, ?, ?, ?, ?, ?)",
                  "ssssss", *id, pseudonym, service_id, now, now, self->current_user);
    }
  return service_id == NULL
         || run (self, error,
                 "UPDATE agents SET service_id = ?, updated_at = ?"
                 " WHERE id = ? AND service_id IS NULL",
                 "sss", service_id, now, *id);
}

static gboolean
move_file (const char  *from,
           const char  *to,
           GError     **error)
{
  int saved_errno;

  if (g_rename (from, to) == 0)
    return TRUE;
  saved_errno = errno;
  g_set_error (error, RESSENTI_STORE_ERROR, error_code_from_errno (saved_errno),
               _("Could not move the imported copy “%s” into the library: %s"),
               from, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
sync_audio_dir (RessentiStore  *self,
                GError        **error)
{
  GError *local_error = NULL;

  if (ressenti_fs_sync_dir (self->audio_dir, &local_error))
    return TRUE;
  propagate_as_store_error (error, local_error);
  return FALSE;
}

/* Puts the audio file back where the importer left it after a failed
 * transaction, so that no file exists without its row. */
static void
undo_move (RessentiStore *self,
           const char    *final_path,
           const char    *staged_path)
{
  if (g_rename (final_path, staged_path) != 0)
    g_unlink (final_path);
  ressenti_fs_sync_dir (self->audio_dir, NULL);
}

static gboolean
insert_recording_row (RessentiStore                 *self,
                      const RessentiRecordingDraft  *draft,
                      const char                    *id,
                      const char                    *file_name,
                      const char                    *extension,
                      GDateTime                     *now,
                      const char                    *service_id,
                      const char                    *agent_id,
                      gint64                         retention_days,
                      GError                       **error)
{
  g_autofree char *now_text = format_time (now);
  g_autofree char *retain_until = format_time_plus_days (now, retention_days);
  g_autofree char *call_date = draft->call_date != NULL ? format_time (draft->call_date) : NULL;

  return run (self, error,
              "INSERT INTO recordings (id, content_hash, file_name, extension, codec, container,"
              " duration_ms, channels, sample_rate, channel_layout, call_date, agent_id,"
              " service_id, customer_pseudonym, imported_at, created_at, updated_at, author,"
              " retain_until)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              "ssssssiiisssssssss" "s",
              id, draft->content_hash, file_name, extension,
              draft->codec, draft->container,
              (gint64) MAX (draft->duration_ms, 0), (gint64) draft->channels,
              (gint64) draft->sample_rate,
              ressenti_channel_layout_to_string (draft->layout),
              call_date, agent_id, service_id, draft->customer,
              now_text, now_text, now_text, self->current_user, retain_until);
}

/* The import proper, inside the write transaction begun by the caller;
 * commits, or rolls back and puts the staged file back. */
static RessentiRecording *
import_new_recording (RessentiStore                 *self,
                      const RessentiRecordingDraft  *draft,
                      const char                    *staged_path,
                      GError                       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = format_time (now);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *extension = safe_extension (draft->extension);
  g_autofree char *file_name = audio_file_name (draft->content_hash, extension);
  g_autofree char *final_path = g_build_filename (self->audio_dir, file_name, NULL);
  g_autofree char *service_id = NULL;
  g_autofree char *agent_id = NULL;
  gint64 days = DEFAULT_RECORDINGS_DAYS;
  gboolean moved = FALSE;

  if (!get_retention_days (self, "retention_recordings_days", DEFAULT_RECORDINGS_DAYS,
                           &days, error)
      || !ensure_service (self, draft->service, now_text, &service_id, error)
      || !ensure_agent (self, draft->agent, service_id, now_text, &agent_id, error))
    goto fail;

  if (!move_file (staged_path, final_path, error))
    goto fail;
  moved = TRUE;

  if (!sync_audio_dir (self, error)
      || !insert_recording_row (self, draft, id, file_name, extension, now, service_id, agent_id,
                                days, error)
      || !insert_access (self, id, RESSENTI_ACCESS_IMPORT, now_text, error)
      || !commit (self, error))
    goto fail;

  return ressenti_recording_new_from_draft (id, file_name, now, draft);

fail:
  rollback (self);
  if (moved)
    undo_move (self, final_path, staged_path);
  return NULL;
}

static gboolean
is_staging_path (RessentiStore *self,
                 const char    *path)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;

  if (path == NULL)
    return FALSE;
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  return g_str_equal (dir, self->audio_dir) && g_str_has_prefix (base, STAGING_PREFIX);
}

RessentiRecording *
ressenti_store_add_recording (RessentiStore                *self,
                              const RessentiRecordingDraft *draft,
                              const char                   *staged_path,
                              gboolean                     *already_present,
                              GError                      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(RessentiRecording) recording = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (draft != NULL, NULL);
  g_return_val_if_fail (is_sha256_hex (draft->content_hash), NULL);
  g_return_val_if_fail (is_staging_path (self, staged_path), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (already_present != NULL)
    *already_present = FALSE;
  if (!begin (self, error))
    return NULL;

  recording = fetch_recording (self, "content_hash", draft->content_hash, &local_error);
  if (local_error != NULL)
    {
      rollback (self);
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (recording == NULL)
    return import_new_recording (self, draft, staged_path, error);

  /* The same call is already in the library: the copy is not needed. */
  if (g_unlink (staged_path) != 0 && errno != ENOENT)
    g_warning ("Could not remove the staged copy %s: %s", staged_path, g_strerror (errno));
  rollback (self);
  if (already_present != NULL)
    *already_present = TRUE;
  return g_steal_pointer (&recording);
}

char *
ressenti_store_new_staging_path (RessentiStore *self)
{
  g_autofree char *uuid = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);

  uuid = g_uuid_string_random ();
  name = g_strdup_printf (STAGING_PREFIX "%d-%s", (int) getpid (), uuid);
  return g_build_filename (self->audio_dir, name, NULL);
}

RessentiRecording *
ressenti_store_find_by_hash (RessentiStore  *self,
                             const char     *content_hash,
                             GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (content_hash != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  return fetch_recording (self, "content_hash", content_hash, error);
}

RessentiRecording *
ressenti_store_get_recording (RessentiStore  *self,
                              const char     *id,
                              GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GError *local_error = NULL;
  RessentiRecording *recording;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  recording = fetch_recording (self, "id", id, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (recording == NULL)
    set_recording_not_found (error, id);
  return recording;
}

GPtrArray *
ressenti_store_list_recordings (RessentiStore  *self,
                                GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) recordings = NULL;
  int rc;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  stmt = query (self, error,
                RECORDING_SELECT_SQL " ORDER BY r.call_date DESC, r.imported_at DESC, r.rowid DESC",
                "");
  if (stmt == NULL)
    return NULL;
  recordings = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (recordings, recording_from_row (stmt));
  return rc == SQLITE_DONE ? g_steal_pointer (&recordings) : NULL;
}

/* Removes an audio file once no row names it. The check runs under the
 * write lock so that a concurrent import of the same call (which renames a
 * file to the same name under that lock) cannot lose its file. */
static void
remove_audio_file (RessentiStore *self,
                   const char    *file_name)
{
  g_autofree char *path = g_build_filename (self->audio_dir, file_name, NULL);
  g_autoptr(GError) error = NULL;
  gint64 count = 0;
  gboolean found;

  if (!begin (self, &error)
      || !select_int (self, &error, &count, &found,
                      "SELECT count (*) FROM recordings WHERE file_name = ?", "s", file_name))
    {
      /* The file stays; the next open removes it. */
      g_debug ("Could not check %s before removing it: %s", path, error->message);
    }
  else if (count == 0 && g_unlink (path) != 0 && errno != ENOENT)
    {
      g_warning ("Could not remove the audio file %s: %s", path, g_strerror (errno));
    }
  rollback (self);
}

gboolean
ressenti_store_delete_recording (RessentiStore  *self,
                                 const char     *id,
                                 GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autofree char *file_name = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin (self, error))
    return FALSE;
  if (!select_text (self, error, &file_name,
                    "SELECT file_name FROM recordings WHERE id = ?", "s", id))
    goto fail;
  if (file_name == NULL)
    {
      set_recording_not_found (error, id);
      goto fail;
    }
  if (!run (self, error, "DELETE FROM recordings WHERE id = ?", "s", id)
      || !insert_access (self, id, RESSENTI_ACCESS_DELETE, now, error)
      || !commit (self, error))
    goto fail;

  remove_audio_file (self, file_name);
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

gboolean
ressenti_store_set_channel_layout (RessentiStore          *self,
                                   const char             *id,
                                   RessentiChannelLayout   layout,
                                   GError                **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (layout <= RESSENTI_CHANNEL_LAYOUT_MONO, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  return run (self, error,
              "UPDATE recordings SET channel_layout = ?, updated_at = ? WHERE id = ?",
              "sss", ressenti_channel_layout_to_string (layout), now, id)
         && check_recording_changed (self, id, error);
}

gboolean
ressenti_store_log_access (RessentiStore         *self,
                           const char            *recording_id,
                           RessentiAccessAction   action,
                           GError               **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (recording_id != NULL, FALSE);
  g_return_val_if_fail (action <= RESSENTI_ACCESS_DELETE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  return insert_access (self, recording_id, action, now, error);
}

gint64
ressenti_store_count_access (RessentiStore         *self,
                             const char            *recording_id,
                             RessentiAccessAction   action,
                             GError               **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 count = 0;
  gboolean found;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), -1);
  g_return_val_if_fail (recording_id != NULL, -1);
  g_return_val_if_fail (action <= RESSENTI_ACCESS_DELETE, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  if (!select_int (self, error, &count, &found,
                   "SELECT count (*) FROM access_log WHERE recording_id = ? AND action = ?",
                   "ss", recording_id, ressenti_access_action_to_string (action)))
    return -1;
  return count;
}

/* ------------------------------------------------------------------ */
/* Reviews                                                             */
/* ------------------------------------------------------------------ */

void
ressenti_review_info_free (RessentiReviewInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->recording_id);
  g_free (info->listener);
  g_free (info->summary);
  g_clear_pointer (&info->created_at, g_date_time_unref);
  g_clear_pointer (&info->updated_at, g_date_time_unref);
  g_clear_pointer (&info->submitted_at, g_date_time_unref);
  g_free (info);
}

static RessentiReviewInfo *
review_info_from_row (sqlite3_stmt *stmt)
{
  RessentiReviewInfo *info = g_new0 (RessentiReviewInfo, 1);

  info->id = g_strdup (column_text (stmt, 0));
  info->recording_id = g_strdup (column_text (stmt, 1));
  info->listener = g_strdup (column_text (stmt, 2));
  info->status = ressenti_review_status_from_string (column_text (stmt, 3));
  info->summary = g_strdup (column_text (stmt, 4));
  info->created_at = column_time (stmt, 5);
  info->updated_at = column_time (stmt, 6);
  info->n_markers = (guint) sqlite3_column_int64 (stmt, 7);
  info->n_voice_notes = (guint) sqlite3_column_int64 (stmt, 8);
  info->submitted_at = column_time (stmt, 9);
  return info;
}

static RessentiReviewInfo *
fetch_review (RessentiStore  *self,
              const char     *id,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = query (self, error, REVIEW_SELECT_SQL " WHERE v.id = ?", "s", id);
  int rc;

  if (stmt == NULL || (rc = step (self, stmt, error)) == 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      set_review_not_found (error, id);
      return NULL;
    }
  return review_info_from_row (stmt);
}

static gboolean
record_status_change (RessentiStore         *self,
                      const char            *review_id,
                      RessentiReviewStatus   status,
                      const char            *now,
                      GError               **error)
{
  g_autofree char *id = g_uuid_string_random ();

  return run (self, error,
              "INSERT INTO review_status_changes (id, review_id, status, changed_at, changed_by)"
              " VALUES (?, ?, ?, ?, ?)",
              "sssss", id, review_id, ressenti_review_status_to_string (status), now,
              self->current_user);
}

/* Changes the status of a review inside the caller's transaction, and
 * records the change; a status that does not change is not recorded. */
static gboolean
change_status (RessentiStore         *self,
               const char            *review_id,
               RessentiReviewStatus   status,
               const char            *now,
               GError               **error)
{
  g_autofree char *current = NULL;

  if (!select_text (self, error, &current, "SELECT status FROM reviews WHERE id = ?", "s", review_id))
    return FALSE;
  if (current == NULL)
    return set_review_not_found (error, review_id);
  if (ressenti_review_status_from_string (current) == status)
    return TRUE;
  return run (self, error, "UPDATE reviews SET status = ?, updated_at = ? WHERE id = ?",
              "sss", ressenti_review_status_to_string (status), now, review_id)
         && record_status_change (self, review_id, status, now, error);
}

static gboolean
current_user_id (RessentiStore  *self,
                 const char     *now,
                 char          **id,
                 GError        **error)
{
  return ensure_current_user (self, now, error)
         && select_text (self, error, id, "SELECT id FROM users WHERE login = ?", "s",
                         self->current_user);
}

static gboolean
create_review (RessentiStore  *self,
               const char     *recording_id,
               const char     *listener_id,
               GDateTime      *now_time,
               char          **review_id,
               GError        **error)
{
  g_autofree char *now = format_time (now_time);
  g_autofree char *exists = NULL;
  g_autofree char *retain_until = NULL;
  gint64 days = DEFAULT_ANALYSIS_DAYS;

  if (!select_text (self, error, &exists, "SELECT id FROM recordings WHERE id = ?", "s", recording_id))
    return FALSE;
  if (exists == NULL)
    return set_recording_not_found (error, recording_id);
  if (!get_retention_days (self, "retention_analysis_days", DEFAULT_ANALYSIS_DAYS, &days, error))
    return FALSE;

  retain_until = format_time_plus_days (now_time, days);
  *review_id = g_uuid_string_random ();
  return run (self, error,
              "INSERT INTO reviews (id, recording_id, listener_id, status, created_at, updated_at,"
              " author, retain_until) VALUES (?, ?, ?, 'in-progress', ?, ?, ?, ?)",
              "sssssss", *review_id, recording_id, listener_id, now, now, self->current_user,
              retain_until)
         && record_status_change (self, *review_id, RESSENTI_REVIEW_STATUS_IN_PROGRESS, now, error);
}

RessentiReviewInfo *
ressenti_store_start_review (RessentiStore  *self,
                             const char     *recording_id,
                             GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autofree char *user_id = NULL;
  g_autofree char *review_id = NULL;
  g_autofree char *status = NULL;
  RessentiReviewInfo *info;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (recording_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin (self, error))
    return NULL;
  if (!current_user_id (self, now, &user_id, error)
      || !select_text (self, error, &review_id,
                       "SELECT id FROM reviews WHERE recording_id = ? AND listener_id = ?",
                       "ss", recording_id, user_id))
    goto fail;

  if (review_id == NULL)
    {
      if (!create_review (self, recording_id, user_id, now_time, &review_id, error))
        goto fail;
    }
  else if (!select_text (self, error, &status, "SELECT status FROM reviews WHERE id = ?", "s", review_id)
           /* A review assigned to the user starts when the user starts it. */
           || (ressenti_review_status_from_string (status) == RESSENTI_REVIEW_STATUS_ASSIGNED
               && !change_status (self, review_id, RESSENTI_REVIEW_STATUS_IN_PROGRESS, now, error)))
    {
      goto fail;
    }

  info = fetch_review (self, review_id, error);
  if (info == NULL || !commit (self, error))
    {
      ressenti_review_info_free (info);
      goto fail;
    }
  return info;

fail:
  rollback (self);
  return NULL;
}

gboolean
ressenti_store_set_review_status (RessentiStore         *self,
                                  const char            *review_id,
                                  RessentiReviewStatus   status,
                                  GError               **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (review_id != NULL, FALSE);
  g_return_val_if_fail (status > RESSENTI_REVIEW_STATUS_NONE
                        && status <= RESSENTI_REVIEW_STATUS_ACKNOWLEDGED, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin (self, error))
    return FALSE;
  if (!change_status (self, review_id, status, now, error) || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
ressenti_store_list_reviews (RessentiStore  *self,
                             const char     *recording_id,
                             GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  int rc;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (recording_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  stmt = query (self, error,
                REVIEW_SELECT_SQL " WHERE v.recording_id = ? ORDER BY v.created_at, v.rowid",
                "s", recording_id);
  if (stmt == NULL)
    return NULL;
  reviews = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_review_info_free);
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (reviews, review_info_from_row (stmt));
  return rc == SQLITE_DONE ? g_steal_pointer (&reviews) : NULL;
}

/* ------------------------------------------------------------------ */
/* Vocabulary                                                          */
/* ------------------------------------------------------------------ */

#define VOCABULARY_SELECT_SQL \
  "SELECT key, kind, label, custom_label, definition, position, retired, builtin, earcon," \
  "       emotionml_set, emotionml_name" \
  "  FROM vocabulary_entries"

static const char *
earcon_to_nick (RessentiEarcon earcon)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (RESSENTI_TYPE_EARCON);
  GEnumValue *value = g_enum_get_value (enum_class, (int) earcon);

  /* Nicks are static strings: they outlive the class reference. */
  return value != NULL ? value->value_nick : "marker";
}

/* An earcon this version does not know (written by a newer one) sounds as
 * the plain marker earcon. */
static RessentiEarcon
earcon_from_nick (const char *nick)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (RESSENTI_TYPE_EARCON);
  GEnumValue *value = nick != NULL ? g_enum_get_value_by_nick (enum_class, nick) : NULL;

  return value != NULL ? (RessentiEarcon) value->value : RESSENTI_EARCON_MARKER;
}

/* The built-in entries in the running language, by key. */
static GHashTable *
default_entries_by_key (void)
{
  g_autofree RessentiVocabularyEntry **defaults = ressenti_vocabulary_default_entries (NULL);
  GHashTable *by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) ressenti_vocabulary_entry_free);

  for (guint i = 0; defaults[i] != NULL; i++)
    g_hash_table_insert (by_key, defaults[i]->key, defaults[i]);
  return by_key;
}

/* Migration 5: the built-in entries, after whatever entries of their kind
 * the library already has. Labels are kept in the source language and
 * shown translated (custom_label = 0, definition NULL). */
static gboolean
seed_vocabulary (RessentiStore  *self,
                 GError        **error)
{
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  guint n_entries = 0;
  g_autofree RessentiVocabularyEntry **defaults = ressenti_vocabulary_default_entries (&n_entries);
  gboolean ok = TRUE;

  for (guint i = 0; i < n_entries; i++)
    {
      RessentiVocabularyEntry *entry = defaults[i];
      g_autofree char *id = g_uuid_string_random ();
      const char *kind = ressenti_vocabulary_kind_to_string (entry->kind);

      ok = ok && run (self, error,
                      "INSERT INTO vocabulary_entries (id, key, kind, label, custom_label, position,"
                      " builtin, earcon, emotionml_set, emotionml_name, created_at, updated_at)"
                      " VALUES (?, ?, ?, ?, 0,"
                      "  (SELECT count (*) FROM vocabulary_entries WHERE kind = ?),"
                      "  1, ?, ?, ?, ?, ?)"
                      " ON CONFLICT (key) DO NOTHING",
                      "ssssssssss", id, entry->key, kind,
                      ressenti_vocabulary_builtin_source_label (entry->key), kind,
                      earcon_to_nick (entry->earcon), entry->emotionml_set,
                      entry->emotionml_name, now, now);
      ressenti_vocabulary_entry_free (entry);
    }
  return ok;
}

static RessentiVocabularyEntry *
vocabulary_entry_from_row (sqlite3_stmt *stmt,
                           GHashTable   *defaults)
{
  RessentiVocabularyEntry *entry = g_new0 (RessentiVocabularyEntry, 1);
  const RessentiVocabularyEntry *builtin = NULL;

  entry->key = g_strdup (column_text (stmt, 0));
  if (!ressenti_vocabulary_kind_from_string (column_text (stmt, 1), &entry->kind))
    entry->kind = RESSENTI_VOCABULARY_CUSTOMER_EMOTION;
  entry->position = (guint) CLAMP (sqlite3_column_int64 (stmt, 5), 0, G_MAXUINT);
  entry->retired = sqlite3_column_int (stmt, 6) != 0;
  entry->builtin = sqlite3_column_int (stmt, 7) != 0;
  entry->earcon = earcon_from_nick (column_text (stmt, 8));
  entry->emotionml_set = g_strdup (column_text (stmt, 9));
  entry->emotionml_name = g_strdup (column_text (stmt, 10));
  if (entry->builtin)
    builtin = g_hash_table_lookup (defaults, entry->key);

  if (builtin != NULL && sqlite3_column_int (stmt, 3) == 0)
    entry->label = g_strdup (builtin->label);
  else
    entry->label = g_strdup (column_text (stmt, 2));
  if (builtin != NULL && sqlite3_column_type (stmt, 4) == SQLITE_NULL)
    entry->definition = g_strdup (builtin->definition);
  else
    entry->definition = g_strdup (column_text (stmt, 4) != NULL ? column_text (stmt, 4) : "");
  return entry;
}

static RessentiVocabulary *
fetch_vocabulary (RessentiStore  *self,
                  GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = query (self, error, VOCABULARY_SELECT_SQL, "");
  g_autoptr(GHashTable) defaults = default_entries_by_key ();
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_vocabulary_entry_free);
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (entries, vocabulary_entry_from_row (stmt, defaults));
  if (rc != SQLITE_DONE)
    return NULL;
  return ressenti_vocabulary_new (entries);
}

RessentiVocabulary *
ressenti_store_get_vocabulary (RessentiStore  *self,
                               GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  return fetch_vocabulary (self, error);
}

#define VOCABULARY_LABEL_MAX 80

/* A label the user typed: not blank, not too long, and no other entry
 * is called so (in any language the app recognises: a new "Colère" would
 * be taken for anger on import). */
static gboolean
check_label (RessentiVocabulary  *vocabulary,
             const char          *label,
             const char          *own_key,
             GError             **error)
{
  g_autofree char *stripped = NULL;
  const RessentiVocabularyEntry *same;

  if (label == NULL || !g_utf8_validate (label, -1, NULL)
      || *(stripped = g_strstrip (g_strdup (label))) == '\0')
    {
      g_set_error_literal (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_INVALID,
                           _("A word of the vocabulary needs a name."));
      return FALSE;
    }
  if (g_utf8_strlen (stripped, -1) > VOCABULARY_LABEL_MAX)
    {
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_INVALID,
                   _("A word of the vocabulary is limited to %d characters."),
                   VOCABULARY_LABEL_MAX);
      return FALSE;
    }
  same = ressenti_vocabulary_match_text (vocabulary, stripped);
  if (same == NULL || g_strcmp0 (same->key, own_key) == 0)
    return TRUE;
  g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_INVALID,
               same->retired
               /* Translators: %1$s is the name the user typed, %2$s the
                * name of the existing entry. */
               ? _("“%1$s” is already in the vocabulary, as “%2$s”, which is retired: "
                   "bring that one back instead.")
               : _("“%1$s” is already in the vocabulary, as “%2$s”."),
               stripped, same->label);
  return FALSE;
}

static gboolean
set_entry_not_found (GError     **error,
                     const char  *key)
{
  g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND,
               _("The vocabulary has no entry “%s”."), key);
  return FALSE;
}

RessentiVocabularyEntry *
ressenti_store_add_vocabulary_entry (RessentiStore           *self,
                                     RessentiVocabularyKind   kind,
                                     const char              *label,
                                     const char              *definition,
                                     GError                 **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *key = g_strconcat ("custom-", uuid, NULL);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *name = NULL;
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  const char *kind_name = ressenti_vocabulary_kind_to_string (kind);

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (kind <= RESSENTI_VOCABULARY_AGENT_DELIVERY, NULL);
  g_return_val_if_fail (definition == NULL || g_utf8_validate (definition, -1, NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (definition != NULL && *definition == '\0')
    definition = NULL;
  if (!begin (self, error))
    return NULL;
  if ((vocabulary = fetch_vocabulary (self, error)) == NULL
      || !check_label (vocabulary, label, NULL, error)
      || !run (self, error,
               "INSERT INTO vocabulary_entries (id, key, kind, label, custom_label, definition,"
               " position, builtin, earcon, created_at, updated_at, author)"
               " VALUES (?, ?, ?, ?, 1, ?,"
               "  (SELECT count (*) FROM vocabulary_entries WHERE kind = ?),"
               "  0, ?, ?, ?, ?)",
               "ssssssssss", id, key, kind_name, (name = g_strstrip (g_strdup (label))),
               definition, kind_name, earcon_to_nick (RESSENTI_EARCON_MARKER), now, now,
               self->current_user)
      || !commit (self, error))
    {
      rollback (self);
      return NULL;
    }
  g_clear_object (&vocabulary);
  vocabulary = fetch_vocabulary (self, error);
  if (vocabulary == NULL)
    return NULL;
  return ressenti_vocabulary_entry_copy (ressenti_vocabulary_lookup (vocabulary, key));
}

/* What is written for @entry's label and definition: a built-in entry
 * given its translated (or source) default follows the translation. */
static void
stored_texts (const RessentiVocabularyEntry  *entry,
              char                          **label,
              gboolean                       *custom_label,
              char                          **definition)
{
  g_autoptr(GHashTable) defaults = default_entries_by_key ();
  const RessentiVocabularyEntry *builtin = entry->builtin
                                           ? g_hash_table_lookup (defaults, entry->key) : NULL;
  const char *source = ressenti_vocabulary_builtin_source_label (entry->key);

  *label = g_strstrip (g_strdup (entry->label));
  *custom_label = builtin == NULL
                  || (g_strcmp0 (*label, builtin->label) != 0 && g_strcmp0 (*label, source) != 0);
  if (!*custom_label)
    {
      g_free (*label);
      *label = g_strdup (source);
    }
  *definition = entry->definition != NULL && *entry->definition != '\0'
                ? g_strdup (entry->definition) : NULL;
  if (builtin != NULL && (*definition == NULL || g_str_equal (*definition, builtin->definition)))
    g_clear_pointer (definition, g_free);
}

gboolean
ressenti_store_update_vocabulary_entry (RessentiStore                  *self,
                                        const RessentiVocabularyEntry  *entry,
                                        GError                        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autofree char *label = NULL;
  g_autofree char *definition = NULL;
  const RessentiVocabularyEntry *current;
  RessentiVocabularyEntry copy;
  gboolean custom_label;
  gboolean mapped;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (entry != NULL && entry->key != NULL, FALSE);
  g_return_val_if_fail (entry->definition == NULL || g_utf8_validate (entry->definition, -1, NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin (self, error))
    return FALSE;
  if ((vocabulary = fetch_vocabulary (self, error)) == NULL)
    goto fail;
  if ((current = ressenti_vocabulary_lookup (vocabulary, entry->key)) == NULL)
    {
      set_entry_not_found (error, entry->key);
      goto fail;
    }
  if (!check_label (vocabulary, entry->label, entry->key, error))
    goto fail;
  /* Only the caller's texts count: whether the entry is built in is the
   * library's to say. */
  copy = *entry;
  copy.builtin = current->builtin;
  stored_texts (&copy, &label, &custom_label, &definition);
  mapped = entry->emotionml_set != NULL && entry->emotionml_name != NULL;
  if (!run (self, error,
            "UPDATE vocabulary_entries SET label = ?, custom_label = ?, definition = ?,"
            " earcon = ?, emotionml_set = ?, emotionml_name = ?, retired = ?,"
            " updated_at = ?, author = ? WHERE key = ?",
            "sissssisss", label, (gint64) custom_label, definition,
            earcon_to_nick (entry->earcon), mapped ? entry->emotionml_set : NULL,
            mapped ? entry->emotionml_name : NULL, (gint64) (entry->retired != FALSE),
            now, self->current_user, entry->key)
      || !commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

gboolean
ressenti_store_move_vocabulary_entry (RessentiStore  *self,
                                      const char     *key,
                                      guint           position,
                                      GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  const RessentiVocabularyEntry *moved;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin (self, error))
    return FALSE;
  if ((vocabulary = fetch_vocabulary (self, error)) == NULL)
    goto fail;
  if ((moved = ressenti_vocabulary_lookup (vocabulary, key)) == NULL)
    {
      set_entry_not_found (error, key);
      goto fail;
    }
  entries = ressenti_vocabulary_get_entries (vocabulary);
  for (guint i = 0; i < entries->len; i++)
    {
      RessentiVocabularyEntry *entry = g_ptr_array_index (entries, i);

      if (entry->kind == moved->kind && entry != moved)
        g_ptr_array_add (order, entry);
    }
  g_ptr_array_insert (order, (int) MIN (position, order->len), (gpointer) moved);
  for (guint i = 0; i < order->len; i++)
    {
      RessentiVocabularyEntry *entry = g_ptr_array_index (order, i);

      if (!run (self, error,
                "UPDATE vocabulary_entries SET position = ?, updated_at = ?, author = ?"
                " WHERE key = ? AND position IS NOT ?",
                "isssi", (gint64) i, now, self->current_user, entry->key, (gint64) i))
        goto fail;
    }
  if (!commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* The current user's reviews                                          */
/* ------------------------------------------------------------------ */

/* Inside the caller's transaction: @review_id exists and is the current
 * user's. Several listeners' reviews of one call never mix. */
static gboolean
check_my_review (RessentiStore  *self,
                 const char     *review_id,
                 GError        **error)
{
  g_autofree char *listener = NULL;

  if (!select_text (self, error, &listener,
                    "SELECT u.login FROM reviews v JOIN users u ON u.id = v.listener_id"
                    " WHERE v.id = ?",
                    "s", review_id))
    return FALSE;
  if (listener == NULL)
    return set_review_not_found (error, review_id);
  if (g_str_equal (listener, self->current_user))
    return TRUE;
  g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION,
               /* Translators: %s is the login of another listener. */
               _("This review is %s’s: only they can change it. Start your own review "
                 "of the call instead."),
               listener);
  return FALSE;
}

static gboolean
touch_review (RessentiStore  *self,
              const char     *review_id,
              const char     *now,
              GError        **error)
{
  return run (self, error, "UPDATE reviews SET updated_at = ? WHERE id = ?", "ss", now, review_id);
}

RessentiReviewInfo *
ressenti_store_get_my_review (RessentiStore  *self,
                              const char     *recording_id,
                              GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (recording_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  stmt = query (self, error, REVIEW_SELECT_SQL " WHERE v.recording_id = ? AND u.login = ?",
                "ss", recording_id, self->current_user);
  if (stmt == NULL || (rc = step (self, stmt, error)) != SQLITE_ROW)
    return NULL;
  return review_info_from_row (stmt);
}

RessentiReviewInfo *
ressenti_store_get_review (RessentiStore  *self,
                           const char     *review_id,
                           GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (review_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  return fetch_review (self, review_id, error);
}

gboolean
ressenti_store_set_review_summary (RessentiStore  *self,
                                   const char     *review_id,
                                   const char     *summary,
                                   GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (review_id != NULL, FALSE);
  g_return_val_if_fail (summary == NULL || g_utf8_validate (summary, -1, NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (summary != NULL && *summary == '\0')
    summary = NULL;
  if (!begin (self, error))
    return FALSE;
  if (!check_my_review (self, review_id, error)
      || !run (self, error, "UPDATE reviews SET summary = ?, updated_at = ? WHERE id = ?",
               "sss", summary, now, review_id)
      || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Markers                                                             */
/* ------------------------------------------------------------------ */

#define MARKER_SELECT_SQL \
  "SELECT id, review_id, start_ms, end_ms, side, entry_key, intensity, text, author," \
  "       created_at, updated_at" \
  "  FROM markers"

#define MARKER_INSERT_SQL \
  "INSERT INTO markers (id, review_id, start_ms, end_ms, side, entry_key, intensity, text," \
  " created_at, updated_at, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

static RessentiMarker *
marker_from_row (sqlite3_stmt *stmt)
{
  RessentiMarker *marker = g_new0 (RessentiMarker, 1);

  marker->id = g_strdup (column_text (stmt, 0));
  marker->review_id = g_strdup (column_text (stmt, 1));
  marker->start_ms = sqlite3_column_int64 (stmt, 2);
  marker->end_ms = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 3);
  /* A moment written with end = start by an earlier version is a moment. */
  if (marker->end_ms <= marker->start_ms)
    marker->end_ms = -1;
  if (!ressenti_side_from_string (column_text (stmt, 4), &marker->side))
    marker->side = RESSENTI_SIDE_BOTH;
  marker->entry_key = g_strdup (column_text (stmt, 5));
  marker->intensity = CLAMP (sqlite3_column_int (stmt, 6), RESSENTI_INTENSITY_MIN,
                             RESSENTI_INTENSITY_MAX);
  marker->text = g_strdup (column_text (stmt, 7));
  marker->author = g_strdup (column_text (stmt, 8));
  marker->created_at = column_time (stmt, 9);
  marker->updated_at = column_time (stmt, 10);
  return marker;
}

static GPtrArray *
fetch_markers (RessentiStore  *self,
               const char     *review_id,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) markers = NULL;
  int rc;

  stmt = query (self, error, MARKER_SELECT_SQL " WHERE review_id = ? ORDER BY start_ms",
                "s", review_id);
  if (stmt == NULL)
    return NULL;
  markers = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_free);
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (markers, marker_from_row (stmt));
  if (rc != SQLITE_DONE)
    return NULL;
  g_ptr_array_sort (markers, ressenti_marker_compare_indirect);
  return g_steal_pointer (&markers);
}

static RessentiMarker *
fetch_marker (RessentiStore  *self,
              const char     *marker_id,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = query (self, error, MARKER_SELECT_SQL " WHERE id = ?",
                                        "s", marker_id);
  int rc;

  if (stmt == NULL || (rc = step (self, stmt, error)) == 0)
    return NULL;
  if (rc == SQLITE_ROW)
    return marker_from_row (stmt);
  g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND,
               _("This marker is no longer in the library: it was deleted."));
  return NULL;
}

/* Copies what the store set (id, review, author, dates) into @marker. */
static void
take_stored_fields (RessentiMarker *marker,
                    RessentiMarker *stored)
{
  g_free (marker->id);
  marker->id = g_steal_pointer (&stored->id);
  g_free (marker->review_id);
  marker->review_id = g_steal_pointer (&stored->review_id);
  g_free (marker->author);
  marker->author = g_steal_pointer (&stored->author);
  g_clear_pointer (&marker->created_at, g_date_time_unref);
  marker->created_at = g_steal_pointer (&stored->created_at);
  g_clear_pointer (&marker->updated_at, g_date_time_unref);
  marker->updated_at = g_steal_pointer (&stored->updated_at);
}

/* The markers' insert statement, kept prepared for a whole import. */
static gboolean
bind_marker (RessentiStore         *self,
             sqlite3_stmt          *stmt,
             const RessentiMarker  *marker,
             const char            *review_id,
             const char            *created_at,
             const char            *now,
             GError               **error)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (sqlite3_bind_text (stmt, 1, marker->id, -1, SQLITE_TRANSIENT) != SQLITE_OK
      || sqlite3_bind_text (stmt, 2, review_id, -1, SQLITE_TRANSIENT) != SQLITE_OK
      || sqlite3_bind_int64 (stmt, 3, marker->start_ms) != SQLITE_OK
      || (marker->end_ms >= 0 && sqlite3_bind_int64 (stmt, 4, marker->end_ms) != SQLITE_OK)
      || sqlite3_bind_text (stmt, 5, ressenti_side_to_string (marker->side), -1,
                            SQLITE_STATIC) != SQLITE_OK
      || sqlite3_bind_text (stmt, 6, marker->entry_key, -1, SQLITE_TRANSIENT) != SQLITE_OK
      || sqlite3_bind_int (stmt, 7, marker->intensity) != SQLITE_OK
      || (marker->text != NULL
          && sqlite3_bind_text (stmt, 8, marker->text, -1, SQLITE_TRANSIENT) != SQLITE_OK)
      || sqlite3_bind_text (stmt, 9, created_at, -1, SQLITE_TRANSIENT) != SQLITE_OK
      || sqlite3_bind_text (stmt, 10, now, -1, SQLITE_TRANSIENT) != SQLITE_OK
      || sqlite3_bind_text (stmt, 11, self->current_user, -1, SQLITE_TRANSIENT) != SQLITE_OK)
    return set_sqlite_error (self, sqlite3_errcode (self->db), error);
  return step (self, stmt, error) == SQLITE_DONE;
}

static gboolean
set_marker_exists (GError **error)
{
  g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_INVALID,
               _("This marker is already in the library."));
  return FALSE;
}

/* Inserts @marker (given a new id if it has none) into @review_id and
 * copies the stored fields back, inside the caller's transaction. A
 * marker put back with its id keeps its creation time. */
static gboolean
insert_marker (RessentiStore   *self,
               sqlite3_stmt    *stmt,
               RessentiMarker  *marker,
               const char      *review_id,
               const char      *now,
               GError         **error)
{
  g_autofree char *created_at = marker->id != NULL && marker->created_at != NULL
                                ? format_time (marker->created_at) : g_strdup (now);
  g_autofree char *existing = NULL;
  g_autoptr(RessentiMarker) stored = NULL;

  if (marker->id == NULL)
    marker->id = g_uuid_string_random ();
  else if (!select_text (self, error, &existing, "SELECT id FROM markers WHERE id = ?", "s",
                         marker->id))
    return FALSE;
  if (existing != NULL)
    return set_marker_exists (error);
  if (!bind_marker (self, stmt, marker, review_id, created_at, now, error))
    return FALSE;
  stored = g_new0 (RessentiMarker, 1);
  stored->id = g_strdup (marker->id);
  stored->review_id = g_strdup (review_id);
  stored->author = g_strdup (self->current_user);
  stored->created_at = g_date_time_new_from_iso8601 (created_at, NULL);
  stored->updated_at = g_date_time_new_from_iso8601 (now, NULL);
  take_stored_fields (marker, stored);
  return TRUE;
}

static sqlite3_stmt *
prepare_marker_insert (RessentiStore  *self,
                       GError        **error)
{
  return query (self, error, MARKER_INSERT_SQL, "");
}

GPtrArray *
ressenti_store_list_markers (RessentiStore  *self,
                             const char     *review_id,
                             GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *exists = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (review_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!select_text (self, error, &exists, "SELECT id FROM reviews WHERE id = ?", "s", review_id))
    return NULL;
  if (exists == NULL)
    {
      set_review_not_found (error, review_id);
      return NULL;
    }
  return fetch_markers (self, review_id, error);
}

/* Checks @marker against the library's vocabulary, inside the caller's
 * transaction. */
static gboolean
check_marker (RessentiStore         *self,
              const RessentiMarker  *marker,
              RessentiVocabulary   **vocabulary,
              GError               **error)
{
  if (*vocabulary == NULL && (*vocabulary = fetch_vocabulary (self, error)) == NULL)
    return FALSE;
  return ressenti_marker_check (marker, *vocabulary, error);
}

gboolean
ressenti_store_add_marker (RessentiStore   *self,
                           RessentiMarker  *marker,
                           GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *given_id = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (marker != NULL && marker->review_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  given_id = g_strdup (marker->id);
  if (!begin (self, error))
    return FALSE;
  if (!check_my_review (self, marker->review_id, error)
      || !check_marker (self, marker, &vocabulary, error)
      || (stmt = prepare_marker_insert (self, error)) == NULL
      || !insert_marker (self, stmt, marker, marker->review_id, now, error)
      || !touch_review (self, marker->review_id, now, error)
      || !commit (self, error))
    {
      rollback (self);
      /* A failed add leaves the caller's marker as it was. */
      g_free (marker->id);
      marker->id = g_steal_pointer (&given_id);
      return FALSE;
    }
  return TRUE;
}

/* Inside the caller's transaction: the marker @marker_id exists and its
 * review is the current user's; gives that review. */
static gboolean
check_my_marker (RessentiStore  *self,
                 const char     *marker_id,
                 char          **review_id,
                 GError        **error)
{
  g_autoptr(RessentiMarker) existing = fetch_marker (self, marker_id, error);

  if (existing == NULL || !check_my_review (self, existing->review_id, error))
    return FALSE;
  *review_id = g_steal_pointer (&existing->review_id);
  return TRUE;
}

gboolean
ressenti_store_update_marker (RessentiStore   *self,
                              RessentiMarker  *marker,
                              GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autoptr(RessentiMarker) stored = NULL;
  g_autofree char *review_id = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (marker != NULL && marker->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin (self, error))
    return FALSE;
  if (!check_my_marker (self, marker->id, &review_id, error)
      || !check_marker (self, marker, &vocabulary, error)
      || !run (self, error,
               "UPDATE markers SET start_ms = ?, end_ms = ?, side = ?, entry_key = ?,"
               " intensity = ?, text = ?, updated_at = ?, author = ? WHERE id = ?",
               "iessissss", marker->start_ms, marker->end_ms,
               ressenti_side_to_string (marker->side), marker->entry_key,
               (gint64) marker->intensity, marker->text, now, self->current_user, marker->id)
      || !touch_review (self, review_id, now, error)
      || (stored = fetch_marker (self, marker->id, error)) == NULL
      || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  take_stored_fields (marker, stored);
  return TRUE;
}

gboolean
ressenti_store_delete_marker (RessentiStore  *self,
                              const char     *marker_id,
                              GError        **error)
{
  const char *ids[] = { marker_id, NULL };

  g_return_val_if_fail (marker_id != NULL, FALSE);
  return ressenti_store_delete_markers (self, ids, error);
}

gboolean
ressenti_store_delete_markers (RessentiStore       *self,
                               const char * const  *marker_ids,
                               GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autoptr(GHashTable) reviews = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer review_id;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (marker_ids != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin (self, error))
    return FALSE;
  for (guint i = 0; marker_ids[i] != NULL; i++)
    {
      char *owner = NULL;

      if (!check_my_marker (self, marker_ids[i], &owner, error)
          || !run (self, error, "DELETE FROM markers WHERE id = ?", "s", marker_ids[i]))
        {
          g_free (owner);
          goto fail;
        }
      g_hash_table_add (reviews, owner);
    }
  g_hash_table_iter_init (&iter, reviews);
  while (g_hash_table_iter_next (&iter, &review_id, NULL))
    if (!touch_review (self, review_id, now, error))
      goto fail;
  if (!commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* Inserts every marker of @markers into @review_id with one prepared
 * statement, inside the caller's transaction; @skip (may be NULL) says
 * which to leave out. */
static gboolean
insert_markers (RessentiStore  *self,
                const char     *review_id,
                GPtrArray      *markers,
                const gboolean *skip,
                const char     *now,
                GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_marker_insert (self, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < markers->len; i++)
    if ((skip == NULL || !skip[i])
        && !insert_marker (self, stmt, g_ptr_array_index (markers, i), review_id, now, error))
      return FALSE;
  return TRUE;
}

/* Checks every marker of @markers; the error names the one at fault. */
static gboolean
check_markers (RessentiStore  *self,
               GPtrArray      *markers,
               GError        **error)
{
  g_autoptr(RessentiVocabulary) vocabulary = fetch_vocabulary (self, error);

  if (vocabulary == NULL)
    return FALSE;
  for (guint i = 0; i < markers->len; i++)
    if (!ressenti_marker_check (g_ptr_array_index (markers, i), vocabulary, error))
      {
        if (markers->len > 1)
          /* Translators: put before the reason a marker was refused, when
           * several were added at once; %u counts from 1. */
          g_prefix_error (error, _("Marker %u: "), i + 1);
        return FALSE;
      }
  return TRUE;
}

/* Which markers of @markers say what one already in @review_id, or an
 * earlier one of @markers, says. */
static gboolean *
find_duplicates (RessentiStore  *self,
                 const char     *review_id,
                 GPtrArray      *markers,
                 guint          *n_duplicates,
                 GError        **error)
{
  g_autoptr(GPtrArray) existing = fetch_markers (self, review_id, error);
  g_autoptr(GHashTable) seen = NULL;
  gboolean *duplicate;

  if (existing == NULL)
    return NULL;
  seen = g_hash_table_new ((GHashFunc) ressenti_marker_content_hash,
                           (GEqualFunc) ressenti_marker_same_content);
  for (guint i = 0; i < existing->len; i++)
    g_hash_table_add (seen, g_ptr_array_index (existing, i));
  duplicate = g_new0 (gboolean, markers->len + 1);
  *n_duplicates = 0;
  for (guint i = 0; i < markers->len; i++)
    {
      duplicate[i] = !g_hash_table_add (seen, g_ptr_array_index (markers, i));
      *n_duplicates += duplicate[i] ? 1 : 0;
    }
  return duplicate;
}

static void
forget_ids (GPtrArray *markers)
{
  for (guint i = 0; i < markers->len; i++)
    {
      RessentiMarker *marker = g_ptr_array_index (markers, i);

      g_clear_pointer (&marker->id, g_free);
    }
}

gboolean
ressenti_store_import_markers (RessentiStore  *self,
                               const char     *review_id,
                               GPtrArray      *markers,
                               guint          *n_added,
                               guint          *n_skipped,
                               GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autofree gboolean *skip = NULL;
  guint n_duplicates = 0;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (review_id != NULL, FALSE);
  g_return_val_if_fail (markers != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  /* Identifiers from another library mean nothing here. */
  forget_ids (markers);
  if (!begin (self, error))
    return FALSE;
  if (!check_my_review (self, review_id, error)
      || !check_markers (self, markers, error)
      || (skip = find_duplicates (self, review_id, markers, &n_duplicates, error)) == NULL
      || !insert_markers (self, review_id, markers, skip, now, error)
      || !touch_review (self, review_id, now, error)
      || !commit (self, error))
    {
      rollback (self);
      forget_ids (markers);
      return FALSE;
    }
  if (n_added != NULL)
    *n_added = markers->len - n_duplicates;
  if (n_skipped != NULL)
    *n_skipped = n_duplicates;
  return TRUE;
}

gboolean
ressenti_store_restore_markers (RessentiStore  *self,
                                const char     *review_id,
                                GPtrArray      *markers,
                                GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (review_id != NULL, FALSE);
  g_return_val_if_fail (markers != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin (self, error))
    return FALSE;
  if (!check_my_review (self, review_id, error)
      || !check_markers (self, markers, error)
      || !insert_markers (self, review_id, markers, NULL, now, error)
      || !touch_review (self, review_id, now, error)
      || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Voice notes                                                         */
/* ------------------------------------------------------------------ */

#define VOICE_NOTE_SELECT_SQL \
  "SELECT n.id, n.review_id, n.at_ms, n.file_name, n.duration_ms, n.state, n.transcript," \
  "       n.transcript_source, n.language," \
  "       (SELECT m.id FROM markers m WHERE m.voice_note_id = n.id ORDER BY m.start_ms LIMIT 1)," \
  "       n.author, n.created_at, n.updated_at" \
  "  FROM voice_notes n"

static RessentiVoiceNote *
voice_note_from_row (sqlite3_stmt *stmt)
{
  RessentiVoiceNote *note = g_new0 (RessentiVoiceNote, 1);

  note->id = g_strdup (column_text (stmt, 0));
  note->review_id = g_strdup (column_text (stmt, 1));
  note->at_ms = sqlite3_column_int64 (stmt, 2);
  note->file_name = g_strdup (column_text (stmt, 3));
  note->duration_ms = sqlite3_column_int64 (stmt, 4);
  note->state = g_strcmp0 (column_text (stmt, 5), "recording") == 0
                ? RESSENTI_VOICE_NOTE_RECORDING : RESSENTI_VOICE_NOTE_COMPLETE;
  note->transcript = g_strdup (column_text (stmt, 6));
  if (!ressenti_transcript_source_from_string (column_text (stmt, 7), &note->transcript_source))
    note->transcript_source = RESSENTI_TRANSCRIPT_NONE;
  note->language = g_strdup (column_text (stmt, 8));
  note->marker_id = g_strdup (column_text (stmt, 9));
  note->author = g_strdup (column_text (stmt, 10));
  note->created_at = column_time (stmt, 11);
  note->updated_at = column_time (stmt, 12);
  return note;
}

static GPtrArray *
fetch_voice_notes (RessentiStore  *self,
                   GError        **error,
                   const char     *where,
                   const char     *types,
                   const char     *value)
{
  g_autofree char *sql = g_strconcat (VOICE_NOTE_SELECT_SQL, " WHERE ", where,
                                      " ORDER BY n.at_ms, n.created_at", NULL);
  g_autoptr(sqlite3_stmt) stmt = query (self, error, sql, types, value);
  g_autoptr(GPtrArray) notes = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  notes = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_voice_note_free);
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (notes, voice_note_from_row (stmt));
  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&notes);
}

/* The note @note_id, deleted or not. */
static RessentiVoiceNote *
fetch_voice_note (RessentiStore  *self,
                  const char     *note_id,
                  GError        **error)
{
  g_autoptr(GPtrArray) notes = fetch_voice_notes (self, error, "n.id = ?", "s", note_id);

  if (notes == NULL)
    return NULL;
  if (notes->len == 0)
    {
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND,
                   _("This voice note is no longer in the library: it was deleted."));
      return NULL;
    }
  return g_ptr_array_steal_index (notes, 0);
}

/* Inside the caller's transaction: the note exists and its review is the
 * current user's. */
static RessentiVoiceNote *
check_my_voice_note (RessentiStore  *self,
                     const char     *note_id,
                     GError        **error)
{
  g_autoptr(RessentiVoiceNote) note = fetch_voice_note (self, note_id, error);

  if (note == NULL || !check_my_review (self, note->review_id, error))
    return NULL;
  return g_steal_pointer (&note);
}

/* Runs @sql (bound to the values that follow) on the current user's note
 * @note_id, in a transaction that also touches its review. */
static gboolean
change_my_voice_note (RessentiStore  *self,
                      const char     *note_id,
                      GError        **error,
                      const char     *sql,
                      const char     *types,
                      ...)
{
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autoptr(RessentiVoiceNote) note = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;
  int rc = 0;

  if (!begin (self, error))
    return FALSE;
  if ((note = check_my_voice_note (self, note_id, error)) != NULL)
    {
      va_start (args, types);
      stmt = prepare_valist (self, error, sql, types, args);
      va_end (args);
    }
  if (stmt != NULL)
    while ((rc = step (self, stmt, error)) == SQLITE_ROW)
      ;
  if (rc != SQLITE_DONE
      || !run (self, error, "UPDATE voice_notes SET updated_at = ? WHERE id = ?", "ss", now, note_id)
      || !touch_review (self, note->review_id, now, error)
      || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

char *
ressenti_store_get_voice_note_path (RessentiStore           *self,
                                    const RessentiVoiceNote *note)
{
  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (note != NULL && note->file_name != NULL, NULL);
  return g_build_filename (self->directory, note->file_name, NULL);
}

RessentiVoiceNote *
ressenti_store_begin_voice_note (RessentiStore  *self,
                                 const char     *review_id,
                                 gint64          at_ms,
                                 const char     *marker_id,
                                 GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *file_name = g_strdup_printf (NOTES_DIR_NAME "/%s.opus", id);
  g_autofree char *marker_review = NULL;
  RessentiVoiceNote *note = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (review_id != NULL && at_ms >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin (self, error))
    return NULL;
  if (!check_my_review (self, review_id, error)
      || (marker_id != NULL
          && !select_text (self, error, &marker_review, "SELECT review_id FROM markers WHERE id = ?", "s",
                           marker_id)))
    goto failed;
  if (marker_id != NULL && g_strcmp0 (marker_review, review_id) != 0)
    {
      g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND,
                   _("This marker is no longer in the library: it was deleted."));
      goto failed;
    }
  if (!run (self, error,
            "INSERT INTO voice_notes (id, review_id, at_ms, file_name, duration_ms, state,"
            " created_at, updated_at, author) VALUES (?, ?, ?, ?, 0, 'recording', ?, ?, ?)",
            "ssissss", id, review_id, at_ms, file_name, now, now, self->current_user)
      || (marker_id != NULL
          && !run (self, error, "UPDATE markers SET voice_note_id = ? WHERE id = ?", "ss", id, marker_id))
      || !touch_review (self, review_id, now, error)
      || (note = fetch_voice_note (self, id, error)) == NULL
      || !commit (self, error))
    goto failed;
  return note;

failed:
  g_clear_pointer (&note, ressenti_voice_note_free);
  rollback (self);
  return NULL;
}

gboolean
ressenti_store_finish_voice_note (RessentiStore  *self,
                                  const char     *note_id,
                                  gint64          duration_ms,
                                  GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (note_id != NULL && duration_ms >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  return change_my_voice_note (self, note_id, error,
                               "UPDATE voice_notes SET duration_ms = ?, state = 'complete' WHERE id = ?",
                               "is", duration_ms, note_id);
}

gboolean
ressenti_store_set_voice_note_timing (RessentiStore  *self,
                                      const char     *note_id,
                                      gint64          at_ms,
                                      gint64          duration_ms,
                                      GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (note_id != NULL && at_ms >= 0 && duration_ms >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  return change_my_voice_note (self, note_id, error,
                               "UPDATE voice_notes SET at_ms = ?, duration_ms = ? WHERE id = ?",
                               "iis", at_ms, duration_ms, note_id);
}

gboolean
ressenti_store_delete_voice_note (RessentiStore  *self,
                                  const char     *note_id,
                                  GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (note_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  return change_my_voice_note (self, note_id, error,
                               "UPDATE voice_notes SET deleted_at = ? WHERE id = ?", "ss", now, note_id);
}

gboolean
ressenti_store_restore_voice_note (RessentiStore  *self,
                                   const char     *note_id,
                                   GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (note_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  return change_my_voice_note (self, note_id, error,
                               "UPDATE voice_notes SET deleted_at = NULL WHERE id = ?", "s", note_id);
}

/* Removes the row, then the file: a crash in between leaves a file no row
 * names, which is harmless; the other way round would leave a note whose
 * audio is gone. */
gboolean
ressenti_store_discard_voice_note (RessentiStore  *self,
                                   const char     *note_id,
                                   GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(RessentiVoiceNote) note = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (note_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin (self, error))
    return FALSE;
  if ((note = check_my_voice_note (self, note_id, error)) == NULL
      || !run (self, error, "DELETE FROM voice_notes WHERE id = ?", "s", note_id)
      || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  path = g_build_filename (self->directory, note->file_name, NULL);
  if (g_unlink (path) != 0 && errno != ENOENT)
    g_warning ("Could not remove the voice note %s: %s", path, g_strerror (errno));
  return TRUE;
}

/* A typed transcript is a person's words: an engine's never replaces it.
 * Anyone may type one (a colleague transcribing a listener's note). */
gboolean
ressenti_store_set_voice_note_transcript (RessentiStore             *self,
                                          const char                *note_id,
                                          const char                *transcript,
                                          RessentiTranscriptSource   source,
                                          const char                *language,
                                          gboolean                  *changed,
                                          GError                   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autoptr(RessentiVoiceNote) note = NULL;
  gboolean kept;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (note_id != NULL, FALSE);
  g_return_val_if_fail (transcript == NULL || g_utf8_validate (transcript, -1, NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (transcript != NULL && *transcript == '\0')
    transcript = NULL;
  if (transcript == NULL)
    source = RESSENTI_TRANSCRIPT_NONE;
  if (!begin (self, error))
    return FALSE;
  if ((note = fetch_voice_note (self, note_id, error)) == NULL)
    goto failed;
  kept = source == RESSENTI_TRANSCRIPT_ENGINE && note->transcript_source == RESSENTI_TRANSCRIPT_TYPED;
  if (!kept
      && !run (self, error,
               "UPDATE voice_notes SET transcript = ?, transcript_source = ?, language = ?, updated_at = ?"
               " WHERE id = ?",
               "sssss", transcript, ressenti_transcript_source_to_string (source), language, now, note_id))
    goto failed;
  if (!commit (self, error))
    goto failed;
  if (changed != NULL)
    *changed = !kept;
  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

RessentiVoiceNote *
ressenti_store_get_voice_note (RessentiStore  *self,
                               const char     *note_id,
                               GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (note_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  return fetch_voice_note (self, note_id, error);
}

GPtrArray *
ressenti_store_list_voice_notes (RessentiStore  *self,
                                 const char     *review_id,
                                 GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (review_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  return fetch_voice_notes (self, error, "n.review_id = ? AND n.deleted_at IS NULL", "s", review_id);
}

/* The current user's notes still being recorded: at start-up, notes a
 * crash cut off. (Another user of the same library may be recording
 * theirs right now.) */
GPtrArray *
ressenti_store_list_unfinished_voice_notes (RessentiStore  *self,
                                            GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);
  return fetch_voice_notes (self, error, "n.state = 'recording' AND n.author = ?", "s", self->current_user);
}

/* At opening: notes deleted in an earlier run are gone for good (undo
 * lives as long as the window that did it), rows first, then files. */
static gboolean
purge_deleted_voice_notes (RessentiStore  *self,
                           GError        **error)
{
  g_autoptr(GPtrArray) notes = NULL;

  if (!begin (self, error))
    return FALSE;
  if ((notes = fetch_voice_notes (self, error, "n.deleted_at IS NOT NULL", "", NULL)) == NULL
      || !run (self, error, "DELETE FROM voice_notes WHERE deleted_at IS NOT NULL", "")
      || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  for (guint i = 0; i < notes->len; i++)
    {
      RessentiVoiceNote *note = g_ptr_array_index (notes, i);
      g_autofree char *path = g_build_filename (self->directory, note->file_name, NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Could not remove the deleted voice note %s: %s", path, g_strerror (errno));
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

void
ressenti_search_hit_free (RessentiSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->recording_id);
  g_free (hit->review_id);
  g_free (hit->item_id);
  g_free (hit->snippet);
  g_free (hit);
}

/* The listener's words as an FTS5 query: each word a quoted prefix term,
 * all of them required. Only letters and digits make words, so quotes,
 * operators and parentheses in what was typed never reach FTS5 as
 * syntax. NULL when there is no word. */
char *
ressenti_store_search_query (const char *text)
{
  g_autoptr(GString) fts = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = text; p != NULL; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          g_string_append_printf (fts, "%s\"%s\"*", fts->len > 0 ? " " : "", word->str);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  return fts->len > 0 ? g_string_free (g_steal_pointer (&fts), FALSE) : NULL;
}

static RessentiSearchHit *
search_hit_from_row (sqlite3_stmt *stmt)
{
  RessentiSearchHit *hit = g_new0 (RessentiSearchHit, 1);
  const char *kind = column_text (stmt, 0);

  hit->kind = g_strcmp0 (kind, "marker") == 0 ? RESSENTI_SEARCH_MARKER
              : g_strcmp0 (kind, "transcript") == 0 ? RESSENTI_SEARCH_TRANSCRIPT
              : RESSENTI_SEARCH_SUMMARY;
  hit->item_id = g_strdup (column_text (stmt, 1));
  hit->review_id = g_strdup (column_text (stmt, 2));
  hit->recording_id = g_strdup (column_text (stmt, 3));
  hit->snippet = g_strdup (column_text (stmt, 4));
  hit->at_ms = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 5);
  return hit;
}

GPtrArray *
ressenti_store_search (RessentiStore  *self,
                       const char     *text,
                       guint           limit,
                       GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *fts = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  int rc;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_search_hit_free);
  if ((fts = ressenti_store_search_query (text)) == NULL)
    return g_steal_pointer (&hits);
  locker = g_mutex_locker_new (&self->mutex);
  stmt = query (self, error,
                "SELECT s.kind, s.item_id, s.review_id, v.recording_id,"
                "       snippet (search_index, 3, '', '', '…', 12),"
                "       CASE s.kind WHEN 'marker' THEN (SELECT start_ms FROM markers WHERE id = s.item_id)"
                "                   WHEN 'transcript' THEN (SELECT at_ms FROM voice_notes WHERE id = s.item_id)"
                "       END"
                "  FROM search_index s JOIN reviews v ON v.id = s.review_id"
                " WHERE search_index MATCH ? ORDER BY rank LIMIT ?",
                "si", fts, (gint64) (limit > 0 ? limit : G_MAXINT));
  if (stmt == NULL)
    return NULL;
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (hits, search_hit_from_row (stmt));
  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&hits);
}

/* ------------------------------------------------------------------ */
/* Playback: analysis cache, resume positions, listening sessions      */
/* ------------------------------------------------------------------ */

/* The rows below name a recording through a foreign key. Each is written
 * by one INSERT … SELECT from the recording, so that a recording that does
 * not exist (or was just deleted) inserts nothing and is reported as such,
 * rather than as a constraint failure. */

gboolean
ressenti_store_save_analysis (RessentiStore  *self,
                              const char     *recording_id,
                              guint           algorithm_version,
                              GBytes         *data,
                              GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (recording_id != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  return run (self, error,
              "INSERT INTO analysis_cache (recording_id, algorithm_version, data, created_at,"
              " updated_at, author)"
              " SELECT id, ?, ?, ?, ?, ? FROM recordings WHERE id = ?"
              " ON CONFLICT (recording_id) DO UPDATE SET"
              "  algorithm_version = excluded.algorithm_version, data = excluded.data,"
              "  updated_at = excluded.updated_at, author = excluded.author",
              "ibssss", (gint64) algorithm_version, data, now, now, self->current_user,
              recording_id)
         && check_recording_changed (self, recording_id, error);
}

GBytes *
ressenti_store_load_analysis (RessentiStore  *self,
                              const char     *recording_id,
                              guint           algorithm_version,
                              GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gconstpointer blob;
  int size;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (recording_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  stmt = query (self, error,
                "SELECT data FROM analysis_cache WHERE recording_id = ? AND algorithm_version = ?",
                "si", recording_id, (gint64) algorithm_version);
  if (stmt == NULL || step (self, stmt, error) != SQLITE_ROW)
    return NULL;
  /* SQLite's order: the pointer first, then its size. */
  blob = sqlite3_column_blob (stmt, 0);
  size = sqlite3_column_bytes (stmt, 0);
  return g_bytes_new (blob, (gsize) size);
}

gboolean
ressenti_store_set_resume_position (RessentiStore  *self,
                                    const char     *recording_id,
                                    gint64          position_ms,
                                    GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (recording_id != NULL, FALSE);
  g_return_val_if_fail (position_ms >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  return run (self, error,
              "INSERT INTO playback_positions (user_login, recording_id, position_ms, updated_at)"
              " SELECT ?, id, ?, ? FROM recordings WHERE id = ?"
              " ON CONFLICT (user_login, recording_id) DO UPDATE SET"
              "  position_ms = excluded.position_ms, updated_at = excluded.updated_at",
              "siss", self->current_user, position_ms, now, recording_id)
         && check_recording_changed (self, recording_id, error);
}

gint64
ressenti_store_get_resume_position (RessentiStore  *self,
                                    const char     *recording_id,
                                    GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 position = 0;
  gboolean found;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), -1);
  g_return_val_if_fail (recording_id != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!select_int (self, error, &position, &found,
                   "SELECT position_ms FROM playback_positions"
                   " WHERE user_login = ? AND recording_id = ?",
                   "ss", self->current_user, recording_id))
    return -1;
  return found ? position : -1;
}

char *
ressenti_store_start_listening_session (RessentiStore  *self,
                                        const char     *recording_id,
                                        GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);
  g_autofree char *id = g_uuid_string_random ();

  g_return_val_if_fail (RESSENTI_IS_STORE (self), NULL);
  g_return_val_if_fail (recording_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!run (self, error,
            "INSERT INTO listening_sessions (id, user_login, recording_id, started_at)"
            " SELECT ?, ?, id, ? FROM recordings WHERE id = ?",
            "ssss", id, self->current_user, now, recording_id)
      || !check_recording_changed (self, recording_id, error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
ressenti_store_update_listening_session (RessentiStore  *self,
                                         const char     *session_id,
                                         gint64          listened_ms,
                                         gboolean        ended,
                                         GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = format_time (now_time);

  g_return_val_if_fail (RESSENTI_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (listened_ms >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  /* A session that is not ending keeps the end it may already have. */
  if (!run (self, error,
            "UPDATE listening_sessions SET listened_ms = ?, ended_at = coalesce (?, ended_at)"
            " WHERE id = ?",
            "iss", listened_ms, ended ? now : NULL, session_id))
    return FALSE;
  if (sqlite3_changes (self->db) > 0)
    return TRUE;
  g_set_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND,
               _("The library has no listening session with the identifier “%s” (its "
                 "recording may have been deleted)."),
               session_id);
  return FALSE;
}

gint64
ressenti_store_get_listened_ms (RessentiStore  *self,
                                const char     *recording_id,
                                GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 total = 0;
  gboolean found;

  g_return_val_if_fail (RESSENTI_IS_STORE (self), -1);
  g_return_val_if_fail (recording_id != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  check_thread (self, G_STRFUNC);
  locker = g_mutex_locker_new (&self->mutex);

  if (!select_int (self, error, &total, &found,
                   "SELECT coalesce (sum (listened_ms), 0) FROM listening_sessions"
                   " WHERE recording_id = ?",
                   "s", recording_id))
    return -1;
  return total;
}

/* ------------------------------------------------------------------ */
/* Async wrappers                                                      */
/* ------------------------------------------------------------------ */

/* The arguments of a call: an identifier, a number, and, for the calls
 * that need them, a flag and bytes. */
typedef struct
{
  char     *id;
  gint64    value;
  gboolean  flag;
  GBytes   *bytes;
} TaskData;

static void
task_data_free (gpointer data)
{
  TaskData *task_data = data;

  g_free (task_data->id);
  g_clear_pointer (&task_data->bytes, g_bytes_unref);
  g_free (task_data);
}

static void
run_task_full (RessentiStore       *self,
               gpointer             source_tag,
               const char          *id,
               gint64               value,
               gboolean             flag,
               GBytes              *bytes,
               GTaskThreadFunc      thread_func,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  TaskData *data = g_new0 (TaskData, 1);

  data->id = g_strdup (id);
  data->value = value;
  data->flag = flag;
  data->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, task_data_free);
  g_task_run_in_thread (task, thread_func);
}

static void
run_task (RessentiStore       *self,
          gpointer             source_tag,
          const char          *id,
          gint64               value,
          GTaskThreadFunc      thread_func,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  run_task_full (self, source_tag, id, value, FALSE, NULL, thread_func,
                 cancellable, callback, user_data);
}

/* A NULL @pointer without @error is a result too ("nothing stored"). */
static void
return_pointer_or_error (GTask          *task,
                         gpointer        pointer,
                         GDestroyNotify  free_func,
                         GError         *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pointer, free_func);
}

static void
return_boolean_or_error (GTask    *task,
                         gboolean  ok,
                         GError   *error)
{
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Through a GValue rather than g_task_return_int(), whose gssize is 32
 * bits wide on some systems. */
static void
return_int64_or_error (GTask  *task,
                       gint64  value,
                       GError *error)
{
  g_auto(GValue) result = G_VALUE_INIT;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_value_init (&result, G_TYPE_INT64);
  g_value_set_int64 (&result, value);
  g_task_return_value (task, &result);
}

static gint64
propagate_int64 (GTask   *task,
                 GError **error)
{
  g_auto(GValue) result = G_VALUE_INIT;

  if (!g_task_propagate_value (task, &result, error))
    return -1;
  return g_value_get_int64 (&result);
}

static void
list_recordings_thread (GTask        *task,
                        gpointer      source,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *recordings;

  if (g_task_return_error_if_cancelled (task))
    return;
  recordings = ressenti_store_list_recordings (source, &error);
  return_pointer_or_error (task, recordings, (GDestroyNotify) g_ptr_array_unref, error);
}

void
ressenti_store_list_recordings_async (RessentiStore       *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  run_task (self, ressenti_store_list_recordings_async, NULL, 0, list_recordings_thread,
            cancellable, callback, user_data);
}

GPtrArray *
ressenti_store_list_recordings_finish (RessentiStore  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ressenti_store_list_recordings_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
delete_recording_thread (GTask        *task,
                         gpointer      source,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;
  ok = ressenti_store_delete_recording (source, data->id, &error);
  return_boolean_or_error (task, ok, error);
}

void
ressenti_store_delete_recording_async (RessentiStore       *self,
                                       const char          *id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_return_if_fail (id != NULL);
  run_task (self, ressenti_store_delete_recording_async, id, 0, delete_recording_thread,
            cancellable, callback, user_data);
}

gboolean
ressenti_store_delete_recording_finish (RessentiStore  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ressenti_store_delete_recording_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
list_reviews_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  GPtrArray *reviews;

  if (g_task_return_error_if_cancelled (task))
    return;
  reviews = ressenti_store_list_reviews (source, data->id, &error);
  return_pointer_or_error (task, reviews, (GDestroyNotify) g_ptr_array_unref, error);
}

void
ressenti_store_list_reviews_async (RessentiStore       *self,
                                   const char          *recording_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_return_if_fail (recording_id != NULL);
  run_task (self, ressenti_store_list_reviews_async, recording_id, 0, list_reviews_thread,
            cancellable, callback, user_data);
}

GPtrArray *
ressenti_store_list_reviews_finish (RessentiStore  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ressenti_store_list_reviews_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
search_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  GPtrArray *hits;

  if (g_task_return_error_if_cancelled (task))
    return;
  hits = ressenti_store_search (source, data->id, (guint) data->value, &error);
  return_pointer_or_error (task, hits, (GDestroyNotify) g_ptr_array_unref, error);
}

void
ressenti_store_search_async (RessentiStore       *self,
                             const char          *text,
                             guint                limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_return_if_fail (text != NULL);
  run_task (self, ressenti_store_search_async, text, limit, search_thread, cancellable, callback, user_data);
}

GPtrArray *
ressenti_store_search_finish (RessentiStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ressenti_store_search_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
log_access_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;
  ok = ressenti_store_log_access (source, data->id, (RessentiAccessAction) data->value, &error);
  return_boolean_or_error (task, ok, error);
}

void
ressenti_store_log_access_async (RessentiStore        *self,
                                 const char           *recording_id,
                                 RessentiAccessAction  action,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_return_if_fail (recording_id != NULL);
  run_task (self, ressenti_store_log_access_async, recording_id, (int) action,
            log_access_thread, cancellable, callback, user_data);
}

gboolean
ressenti_store_log_access_finish (RessentiStore  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ressenti_store_log_access_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
set_channel_layout_thread (GTask        *task,
                           gpointer      source,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;
  ok = ressenti_store_set_channel_layout (source, data->id,
                                          (RessentiChannelLayout) data->value, &error);
  return_boolean_or_error (task, ok, error);
}

void
ressenti_store_set_channel_layout_async (RessentiStore         *self,
                                         const char            *id,
                                         RessentiChannelLayout  layout,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_return_if_fail (id != NULL);
  run_task (self, ressenti_store_set_channel_layout_async, id, (int) layout,
            set_channel_layout_thread, cancellable, callback, user_data);
}

gboolean
ressenti_store_set_channel_layout_finish (RessentiStore  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ressenti_store_set_channel_layout_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_analysis_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;
  ok = ressenti_store_save_analysis (source, data->id, (guint) data->value, data->bytes, &error);
  return_boolean_or_error (task, ok, error);
}

void
ressenti_store_save_analysis_async (RessentiStore       *self,
                                    const char          *recording_id,
                                    guint                algorithm_version,
                                    GBytes              *data,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_return_if_fail (recording_id != NULL);
  g_return_if_fail (data != NULL);
  run_task_full (self, ressenti_store_save_analysis_async, recording_id, algorithm_version,
                 FALSE, data, save_analysis_thread, cancellable, callback, user_data);
}

gboolean
ressenti_store_save_analysis_finish (RessentiStore  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ressenti_store_save_analysis_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_analysis_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;
  bytes = ressenti_store_load_analysis (source, data->id, (guint) data->value, &error);
  return_pointer_or_error (task, bytes, (GDestroyNotify) g_bytes_unref, error);
}

void
ressenti_store_load_analysis_async (RessentiStore       *self,
                                    const char          *recording_id,
                                    guint                algorithm_version,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_return_if_fail (recording_id != NULL);
  run_task (self, ressenti_store_load_analysis_async, recording_id, algorithm_version,
            load_analysis_thread, cancellable, callback, user_data);
}

GBytes *
ressenti_store_load_analysis_finish (RessentiStore  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ressenti_store_load_analysis_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
set_resume_position_thread (GTask        *task,
                            gpointer      source,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;
  ok = ressenti_store_set_resume_position (source, data->id, data->value, &error);
  return_boolean_or_error (task, ok, error);
}

void
ressenti_store_set_resume_position_async (RessentiStore       *self,
                                          const char          *recording_id,
                                          gint64               position_ms,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_return_if_fail (recording_id != NULL);
  g_return_if_fail (position_ms >= 0);
  run_task (self, ressenti_store_set_resume_position_async, recording_id, position_ms,
            set_resume_position_thread, cancellable, callback, user_data);
}

gboolean
ressenti_store_set_resume_position_finish (RessentiStore  *self,
                                           GAsyncResult   *result,
                                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ressenti_store_set_resume_position_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
get_resume_position_thread (GTask        *task,
                            gpointer      source,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  gint64 position;

  if (g_task_return_error_if_cancelled (task))
    return;
  position = ressenti_store_get_resume_position (source, data->id, &error);
  return_int64_or_error (task, position, error);
}

void
ressenti_store_get_resume_position_async (RessentiStore       *self,
                                          const char          *recording_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_return_if_fail (recording_id != NULL);
  run_task (self, ressenti_store_get_resume_position_async, recording_id, 0,
            get_resume_position_thread, cancellable, callback, user_data);
}

gint64
ressenti_store_get_resume_position_finish (RessentiStore  *self,
                                           GAsyncResult   *result,
                                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ressenti_store_get_resume_position_async, -1);
  return propagate_int64 (G_TASK (result), error);
}

static void
start_listening_session_thread (GTask        *task,
                                gpointer      source,
                                gpointer      task_data,
                                GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  char *session_id;

  if (g_task_return_error_if_cancelled (task))
    return;
  session_id = ressenti_store_start_listening_session (source, data->id, &error);
  return_pointer_or_error (task, session_id, g_free, error);
}

void
ressenti_store_start_listening_session_async (RessentiStore       *self,
                                              const char          *recording_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_return_if_fail (recording_id != NULL);
  run_task (self, ressenti_store_start_listening_session_async, recording_id, 0,
            start_listening_session_thread, cancellable, callback, user_data);
}

char *
ressenti_store_start_listening_session_finish (RessentiStore  *self,
                                               GAsyncResult   *result,
                                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ressenti_store_start_listening_session_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
update_listening_session_thread (GTask        *task,
                                 gpointer      source,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;
  ok = ressenti_store_update_listening_session (source, data->id, data->value, data->flag, &error);
  return_boolean_or_error (task, ok, error);
}

void
ressenti_store_update_listening_session_async (RessentiStore       *self,
                                               const char          *session_id,
                                               gint64               listened_ms,
                                               gboolean             ended,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_return_if_fail (RESSENTI_IS_STORE (self));
  g_return_if_fail (session_id != NULL);
  g_return_if_fail (listened_ms >= 0);
  run_task_full (self, ressenti_store_update_listening_session_async, session_id, listened_ms,
                 ended, NULL, update_listening_session_thread, cancellable, callback, user_data);
}

gboolean
ressenti_store_update_listening_session_finish (RessentiStore  *self,
                                                GAsyncResult   *result,
                                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ressenti_store_update_listening_session_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
