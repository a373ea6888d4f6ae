/* test-store.c — the library on disk: SQLite files in temporary folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ressenti-fs.h"
#include "ressenti-store.h"
#include "ressenti-store-private.h"
#include "ressenti-test-util.h"

#define STAGED_SIZE (1024 * 1024)

static GThread *main_thread;

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static char *
sha256_of (const char *seed)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
}

static char *
db_path_in (const char *dir)
{
  return g_build_filename (dir, "library.db", NULL);
}

static RessentiStore *
open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  RessentiStore *store = ressenti_store_open (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* Stages @contents the way the importer does, and returns the path. */
static char *
stage_contents (RessentiStore *store,
                const char    *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = ressenti_store_new_staging_path (store);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
fill_draft (RessentiRecordingDraft *draft,
            const char             *seed,
            const char             *agent,
            const char             *service,
            const char             *call_date)
{
  draft->content_hash = sha256_of (seed);
  draft->extension = g_strdup ("wav");
  draft->codec = g_strdup ("PCM 16-bit");
  draft->container = g_strdup ("WAV");
  draft->duration_ms = 380000;
  draft->channels = 2;
  draft->sample_rate = 8000;
  draft->layout = RESSENTI_CHANNEL_LAYOUT_UNKNOWN;
  draft->call_date = call_date != NULL ? g_date_time_new_from_iso8601 (call_date, NULL) : NULL;
  draft->agent = g_strdup (agent);
  draft->service = g_strdup (service);
  draft->customer = g_strdup ("C-42");
}

/* Imports a call whose audio content is @seed itself. */
static RessentiRecording *
add_call (RessentiStore *store,
          const char    *seed,
          const char    *agent,
          const char    *service,
          const char    *call_date,
          gboolean      *already_present)
{
  g_auto(RessentiRecordingDraft) draft = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *staged = NULL;
  RessentiRecording *recording;

  fill_draft (&draft, seed, agent, service, call_date);
  staged = stage_contents (store, seed);
  recording = ressenti_store_add_recording (store, &draft, staged, already_present, &error);
  g_assert_no_error (error);
  g_assert_nonnull (recording);
  g_assert_false (g_file_test (staged, G_FILE_TEST_EXISTS));
  return recording;
}

static sqlite3 *
raw_open (const char *dir)
{
  g_autofree char *path = db_path_in (dir);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static double
raw_double (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  double value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static guint
file_mode (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_mode & 0777;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
assert_file_unchanged (const char *path,
                       GBytes     *before)
{
  g_autoptr(GBytes) after = read_bytes (path);

  g_assert_true (g_bytes_equal (before, after));
}

static guint
count_files_with_prefix (const char *dir,
                         const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      n++;
  return n;
}

/* "/a b" as mountinfo writes it: "/a\040b". */
static char *
escape_mount_path (const char *path)
{
  GString *out = g_string_new (NULL);

  for (const char *p = path; *p != '\0'; p++)
    {
      if (*p == ' ')
        g_string_append (out, "\\040");
      else if (*p == '\\')
        g_string_append (out, "\\134");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
canonical (const char *path)
{
  char *resolved = realpath (path, NULL);
  char *result;

  g_assert_nonnull (resolved);
  result = g_strdup (resolved);
  free (resolved);
  return result;
}

/* Writes a fake mount table into @tmp: the root is ext4 and each pair of
 * @mounts (a path relative to @tmp, a type) is mounted on top, in order;
 * points the store at it with RESSENTI_MOUNTINFO. */
static void
fake_mountinfo (const char         *tmp,
                const char * const *mounts)
{
  g_autofree char *base = canonical (tmp);
  g_autofree char *path = g_build_filename (tmp, "mountinfo", NULL);
  g_autoptr(GString) table = g_string_new ("22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
                                           "23 22 0:21 / /proc rw,nosuid - proc proc rw\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; mounts[i] != NULL; i += 2)
    {
      g_autofree char *point = g_build_filename (base, mounts[i], NULL);
      g_autofree char *escaped = escape_mount_path (point);

      g_string_append_printf (table, "%u 22 0:%u / %s rw,relatime shared:%u master:1 - %s server:/export rw\n",
                              50 + i, 45 + i, escaped, 2 + i, mounts[i + 1]);
    }
  g_file_set_contents (path, table->str, -1, &error);
  g_assert_no_error (error);
  g_setenv ("RESSENTI_MOUNTINFO", path, TRUE);
}

static void
make_dir (const char *tmp,
          const char *name)
{
  g_autofree char *path = g_build_filename (tmp, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
}

/* ------------------------------------------------------------------ */
/* File system                                                         */
/* ------------------------------------------------------------------ */

static void
assert_network (const char *tmp,
                const char *relative,
                gboolean    expected,
                const char *expected_type)
{
  g_autofree char *path = g_build_filename (tmp, relative, NULL);
  g_autofree char *type = NULL;

  g_assert_cmpint (ressenti_fs_is_network (path, &type), ==, expected);
  g_assert_cmpstr (type, ==, expected_type);
}

static void
test_fs_is_network (void)
{
  g_autofree char *tmp = ressenti_test_mkdtemp ("store-fs");
  g_autofree char *link = g_build_filename (tmp, "link", NULL);
  const char * const mounts[] = {
    "nfs", "nfs4",
    "my share", "cifs",
    "my", "nfs",
    "over", "nfs",
    "over", "ext4",          /* mounted on top of the NFS one */
    "ssh", "fuse.sshfs",
    "usb", "vfat",
    NULL,
  };

  make_dir (tmp, "nfs");
  make_dir (tmp, "my share");
  make_dir (tmp, "my");
  make_dir (tmp, "mystuff");
  make_dir (tmp, "over");
  make_dir (tmp, "ssh");
  make_dir (tmp, "usb");
  g_assert_cmpint (symlink ("nfs", link), ==, 0);
  fake_mountinfo (tmp, mounts);

  assert_network (tmp, "", FALSE, "ext4");
  assert_network (tmp, "nfs", TRUE, "nfs4");
  /* A path that does not exist yet is judged by its nearest ancestor. */
  assert_network (tmp, "nfs/not/yet/there", TRUE, "nfs4");
  assert_network (tmp, "my share/library", TRUE, "cifs");
  assert_network (tmp, "my/library", TRUE, "nfs");
  /* "/…/my" is a prefix of "/…/mystuff" but not its mount point. */
  assert_network (tmp, "mystuff/library", FALSE, "ext4");
  assert_network (tmp, "over/library", FALSE, "ext4");
  assert_network (tmp, "ssh/library", TRUE, "fuse.sshfs");
  assert_network (tmp, "usb/library", FALSE, "vfat");
  /* Symbolic links are followed to where the files really are. */
  assert_network (tmp, "link/library", TRUE, "nfs4");

  g_unsetenv ("RESSENTI_MOUNTINFO");
  ressenti_test_rmdir (tmp);
}

static void
test_fs_sync_dir (void)
{
  g_autofree char *tmp = ressenti_test_mkdtemp ("store-sync");
  g_autofree char *missing = g_build_filename (tmp, "missing", NULL);
  g_autofree char *file = g_build_filename (tmp, "file", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (ressenti_fs_sync_dir (tmp, &error));
  g_assert_no_error (error);

  g_assert_false (ressenti_fs_sync_dir (missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  g_assert_false (ressenti_fs_sync_dir (file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);

  ressenti_test_rmdir (tmp);
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

static void
test_open_creates (void)
{
  g_autofree char *tmp = ressenti_test_mkdtemp ("store-open");
  g_autofree char *dir = g_build_filename (tmp, "nested", "library", NULL);
  g_autofree char *audio = g_build_filename (dir, "audio", NULL);
  g_autofree char *db = db_path_in (dir);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *journal = NULL;
  g_autofree char *role = NULL;
  g_autoptr(RessentiStore) store = NULL;
  g_autoptr(RessentiRecording) recording = NULL;
  sqlite3 *raw;
  mode_t old_umask;

  /* With no umask at all, only the store's own choices keep files private. */
  old_umask = umask (0);
  store = open_store (dir);
  recording = add_call (store, "open-creates", "A-1", "Service", NULL, NULL);
  umask (old_umask);

  g_assert_cmpstr (ressenti_store_get_directory (store), ==, dir);
  g_assert_cmpstr (ressenti_store_get_audio_dir (store), ==, audio);
  g_assert_cmpstr (ressenti_store_get_current_user (store), ==, g_get_user_name ());
  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_cmpuint (file_mode (audio), ==, 0700);
  g_assert_cmpuint (file_mode (db), ==, 0600);
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);

  raw = raw_open (dir);
  journal = raw_text (raw, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (raw_int (raw, "PRAGMA user_version"), ==, RESSENTI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM users"), ==, 1);
  role = raw_text (raw, "SELECT role || ':' || login FROM users");
  g_assert_true (g_str_has_prefix (role, "listener:"));
  g_assert_cmpstr (role + strlen ("listener:"), ==, g_get_user_name ());
  g_assert_cmpint (raw_int (raw, "SELECT value FROM library_settings"
                                 " WHERE key = 'retention_recordings_days'"), ==, 183);
  g_assert_cmpint (raw_int (raw, "SELECT value FROM library_settings"
                                 " WHERE key = 'retention_analysis_days'"), ==, 365);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM sqlite_master WHERE type = 'table' AND name IN"
                                 " ('users', 'services', 'agents', 'recordings', 'reviews',"
                                 "  'review_status_changes', 'markers', 'voice_notes', 'access_log',"
                                 "  'listening_sessions', 'vocabulary_entries', 'evaluation_grids',"
                                 "  'grid_answers', 'library_settings', 'analysis_cache',"
                                 "  'playback_positions')"), ==, 16);
  sqlite3_close (raw);

  ressenti_test_rmdir (tmp);
}

static void
test_open_reopen (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-reopen");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) first = add_call (store, "reopen-1", "A-1", "S", "2026-01-01T10:00:00Z", NULL);
  g_autoptr(RessentiRecording) second = add_call (store, "reopen-2", "A-2", "S", "2026-01-02T10:00:00Z", NULL);
  g_autoptr(RessentiReviewInfo) review = ressenti_store_start_review (store, ressenti_recording_get_id (first), NULL);
  g_autoptr(GPtrArray) recordings = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  sqlite3 *raw;

  g_assert_nonnull (review);
  g_clear_object (&store);

  store = open_store (dir);
  recordings = ressenti_store_list_recordings (store, NULL);
  g_assert_cmpuint (recordings->len, ==, 2);
  g_assert_cmpstr (ressenti_recording_get_id (g_ptr_array_index (recordings, 0)), ==,
                   ressenti_recording_get_id (second));
  g_assert_cmpstr (ressenti_recording_get_id (g_ptr_array_index (recordings, 1)), ==,
                   ressenti_recording_get_id (first));
  g_assert_cmpint (ressenti_recording_get_review_status (g_ptr_array_index (recordings, 1)), ==,
                   RESSENTI_REVIEW_STATUS_IN_PROGRESS);
  reviews = ressenti_store_list_reviews (store, ressenti_recording_get_id (first), NULL);
  g_assert_cmpuint (reviews->len, ==, 1);
  g_assert_cmpstr (((RessentiReviewInfo *) g_ptr_array_index (reviews, 0))->id, ==, review->id);

  raw = raw_open (dir);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM users"), ==, 1);
  sqlite3_close (raw);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static void
test_open_not_a_folder (void)
{
  g_autofree char *tmp = ressenti_test_mkdtemp ("store-file");
  g_autofree char *file = g_build_filename (tmp, "library", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = NULL;

  g_assert_true (g_file_set_contents (file, "not a folder", -1, NULL));
  store = ressenti_store_open (file, &error);
  g_assert_null (store);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, file));

  ressenti_test_rmdir (tmp);
}

/* A folder the user may not write to. Root may write anywhere, so as root
 * the check runs in a subprocess that has become "nobody". */
static char *
read_only_scratch (GPid parent)
{
  return g_strdup_printf ("%s/ressenti-store-ro-%d", g_get_tmp_dir (), (int) parent);
}

static void
test_open_read_only (void)
{
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      tmp = read_only_scratch (getpid ());
      g_chmod (tmp, 0700);
      ressenti_test_rmdir (tmp);
      g_test_trap_assert_passed ();
      return;
    }

  tmp = read_only_scratch (getppid ());
  dir = g_build_filename (tmp, "library", NULL);
  g_assert_cmpint (g_mkdir_with_parents (tmp, 0755), ==, 0);
  g_assert_cmpint (g_chmod (tmp, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (dir, 0555), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  if (geteuid () == 0)
    {
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }

  store = ressenti_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
}

/* ------------------------------------------------------------------ */
/* Recordings                                                          */
/* ------------------------------------------------------------------ */

static void
test_recording_lifecycle (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-life");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) added = NULL;
  g_autoptr(RessentiRecording) second = NULL;
  g_autoptr(RessentiRecording) got = NULL;
  g_autoptr(RessentiRecording) missing = NULL;
  g_autoptr(GPtrArray) recordings = NULL;
  g_autoptr(GDateTime) expected_date = g_date_time_new_from_iso8601 ("2026-03-12T10:15:00+01:00", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = sha256_of ("call-1");
  g_autofree char *file_name = g_strconcat (hash, ".wav", NULL);
  g_autofree char *audio_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *second_path = NULL;
  g_autofree char *id = NULL;
  RessentiRecording *listed;
  gboolean already = TRUE;
  sqlite3 *raw;

  added = add_call (store, "call-1", "A-17", "Cotisations", "2026-03-12T10:15:00+01:00", &already);
  g_assert_false (already);
  id = g_strdup (ressenti_recording_get_id (added));
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpstr (ressenti_recording_get_file_name (added), ==, file_name);

  audio_path = ressenti_store_get_audio_path (store, added);
  g_assert_true (g_file_get_contents (audio_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "call-1");

  recordings = ressenti_store_list_recordings (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recordings->len, ==, 1);
  listed = g_ptr_array_index (recordings, 0);
  g_assert_cmpstr (ressenti_recording_get_id (listed), ==, id);
  g_assert_cmpstr (ressenti_recording_get_content_hash (listed), ==, hash);
  g_assert_cmpstr (ressenti_recording_get_file_name (listed), ==, file_name);
  g_assert_cmpstr (ressenti_recording_get_codec (listed), ==, "PCM 16-bit");
  g_assert_cmpstr (ressenti_recording_get_container (listed), ==, "WAV");
  g_assert_cmpint (ressenti_recording_get_duration_ms (listed), ==, 380000);
  g_assert_cmpuint (ressenti_recording_get_channels (listed), ==, 2);
  g_assert_cmpuint (ressenti_recording_get_sample_rate (listed), ==, 8000);
  g_assert_cmpstr (ressenti_recording_get_agent (listed), ==, "A-17");
  g_assert_cmpstr (ressenti_recording_get_service (listed), ==, "Cotisations");
  g_assert_cmpstr (ressenti_recording_get_customer (listed), ==, "C-42");
  g_assert_true (g_date_time_equal (ressenti_recording_get_call_date (listed), expected_date));
  g_assert_nonnull (ressenti_recording_get_imported_at (listed));
  g_assert_cmpint (ressenti_recording_get_layout (listed), ==, RESSENTI_CHANNEL_LAYOUT_UNKNOWN);
  g_assert_cmpint (ressenti_recording_get_review_status (listed), ==, RESSENTI_REVIEW_STATUS_NONE);

  got = ressenti_store_find_by_hash (store, hash, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ressenti_recording_get_id (got), ==, id);
  g_clear_object (&got);
  missing = ressenti_store_find_by_hash (store, "0000", &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  g_assert_true (ressenti_store_set_channel_layout (store, id, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, &error));
  g_assert_no_error (error);
  got = ressenti_store_get_recording (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ressenti_recording_get_layout (got), ==, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  g_clear_object (&got);
  g_assert_false (ressenti_store_set_channel_layout (store, "no-such-id", RESSENTI_CHANNEL_LAYOUT_MONO, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ressenti_store_log_access (store, id, RESSENTI_ACCESS_OPEN, NULL));
  g_assert_true (ressenti_store_log_access (store, id, RESSENTI_ACCESS_OPEN, NULL));
  g_assert_cmpint (ressenti_store_count_access (store, id, RESSENTI_ACCESS_OPEN, NULL), ==, 2);
  g_assert_cmpint (ressenti_store_count_access (store, id, RESSENTI_ACCESS_IMPORT, NULL), ==, 1);
  g_assert_cmpint (ressenti_store_count_access (store, id, RESSENTI_ACCESS_EXPORT, NULL), ==, 0);

  /* The same agent and service are reused, the agent linked to the service. */
  second = add_call (store, "call-2", "A-17", "Cotisations", "2026-03-13T09:00:00Z", NULL);
  raw = raw_open (dir);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM agents"), ==, 1);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM services"), ==, 1);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM agents a JOIN services s ON s.id = a.service_id"
                                 " WHERE a.pseudonym = 'A-17' AND s.name = 'Cotisations'"), ==, 1);
  g_assert_cmpfloat (raw_double (raw, "SELECT julianday (retain_until) - julianday (imported_at)"
                                      " FROM recordings LIMIT 1"), ==, 183.0);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM recordings WHERE author IS NULL"), ==, 0);
  sqlite3_close (raw);

  g_assert_true (ressenti_store_delete_recording (store, id, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (audio_path, G_FILE_TEST_EXISTS));
  got = ressenti_store_get_recording (store, id, &error);
  g_assert_null (got);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (ressenti_store_count_access (store, id, RESSENTI_ACCESS_IMPORT, NULL), ==, 1);
  g_assert_cmpint (ressenti_store_count_access (store, id, RESSENTI_ACCESS_DELETE, NULL), ==, 1);
  g_assert_false (ressenti_store_delete_recording (store, id, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A recording whose file has already gone is still deleted. */
  second_path = ressenti_store_get_audio_path (store, second);
  g_assert_cmpint (g_unlink (second_path), ==, 0);
  g_assert_true (ressenti_store_delete_recording (store, ressenti_recording_get_id (second), &error));
  g_assert_no_error (error);
  g_clear_pointer (&recordings, g_ptr_array_unref);
  recordings = ressenti_store_list_recordings (store, NULL);
  g_assert_cmpuint (recordings->len, ==, 0);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static void
test_recording_duplicate (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-dup");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) first = NULL;
  g_autoptr(RessentiRecording) again = NULL;
  g_autoptr(GPtrArray) recordings = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gboolean already = TRUE;
  sqlite3 *raw;

  first = add_call (store, "same call", "A-1", "S", NULL, &already);
  g_assert_false (already);
  /* add_call() checks that the second staged copy is gone. */
  again = add_call (store, "same call", "A-1", "S", NULL, &already);
  g_assert_true (already);
  g_assert_cmpstr (ressenti_recording_get_id (again), ==, ressenti_recording_get_id (first));

  recordings = ressenti_store_list_recordings (store, NULL);
  g_assert_cmpuint (recordings->len, ==, 1);
  path = ressenti_store_get_audio_path (store, first);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "same call");
  g_assert_cmpuint (count_files_with_prefix (ressenti_store_get_audio_dir (store), ""), ==, 1);

  raw = raw_open (dir);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM access_log WHERE action = 'import'"), ==, 1);
  sqlite3_close (raw);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static RessentiRecording *
add_with_extension (RessentiStore *store,
                    const char    *seed,
                    const char    *extension)
{
  g_auto(RessentiRecordingDraft) draft = { 0 };
  g_autofree char *staged = stage_contents (store, seed);
  g_autoptr(GError) error = NULL;
  RessentiRecording *recording;

  fill_draft (&draft, seed, NULL, NULL, NULL);
  g_free (draft.extension);
  draft.extension = g_strdup (extension);
  recording = ressenti_store_add_recording (store, &draft, staged, NULL, &error);
  g_assert_no_error (error);
  return recording;
}

static void
test_recording_extensions (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-ext");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) odd = add_with_extension (store, "odd", "M-4A ../x");
  g_autoptr(RessentiRecording) none = add_with_extension (store, "none", NULL);
  g_autofree char *odd_hash = sha256_of ("odd");
  g_autofree char *odd_name = g_strconcat (odd_hash, ".m4ax", NULL);
  g_autofree char *none_hash = sha256_of ("none");
  g_autofree char *odd_path = ressenti_store_get_audio_path (store, odd);
  g_autofree char *none_path = ressenti_store_get_audio_path (store, none);

  /* The extension comes from a user's file name: it cannot leave the
   * audio folder or break the name. */
  g_assert_cmpstr (ressenti_recording_get_file_name (odd), ==, odd_name);
  g_assert_cmpstr (ressenti_recording_get_file_name (none), ==, none_hash);
  g_assert_true (g_file_test (odd_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (none_path, G_FILE_TEST_IS_REGULAR));

  /* Reopening keeps both: they are referenced. */
  g_clear_object (&store);
  store = open_store (dir);
  g_assert_true (g_file_test (odd_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (none_path, G_FILE_TEST_IS_REGULAR));

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static const char *
listed_id (GPtrArray *recordings,
           guint      i)
{
  return ressenti_recording_get_id (g_ptr_array_index (recordings, i));
}

static void
test_recording_order_and_status (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-order");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) a = add_call (store, "a", "A-1", "S", "2026-01-10T10:00:00Z", NULL);
  g_autoptr(RessentiRecording) b = add_call (store, "b", "A-1", "S", "2026-03-01T10:00:00Z", NULL);
  g_autoptr(RessentiRecording) c = add_call (store, "c", NULL, NULL, NULL, NULL);
  /* In Paris time, this call is on 1 February; in UTC on 31 January. */
  g_autoptr(RessentiRecording) d = add_call (store, "d", "A-2", NULL, "2026-02-01T00:30:00+01:00", NULL);
  g_autoptr(RessentiReviewInfo) review = ressenti_store_start_review (store, ressenti_recording_get_id (a), NULL);
  g_autoptr(GPtrArray) recordings = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *raw;

  recordings = ressenti_store_list_recordings (store, NULL);
  g_assert_cmpuint (recordings->len, ==, 4);
  g_assert_cmpstr (listed_id (recordings, 0), ==, ressenti_recording_get_id (b));
  g_assert_cmpstr (listed_id (recordings, 1), ==, ressenti_recording_get_id (d));
  g_assert_cmpstr (listed_id (recordings, 2), ==, ressenti_recording_get_id (a));
  g_assert_cmpstr (listed_id (recordings, 3), ==, ressenti_recording_get_id (c));
  g_assert_null (ressenti_recording_get_agent (g_ptr_array_index (recordings, 3)));
  g_assert_null (ressenti_recording_get_service (g_ptr_array_index (recordings, 1)));
  g_assert_cmpint (ressenti_recording_get_review_status (g_ptr_array_index (recordings, 2)), ==,
                   RESSENTI_REVIEW_STATUS_IN_PROGRESS);
  g_assert_cmpint (ressenti_recording_get_review_status (g_ptr_array_index (recordings, 0)), ==,
                   RESSENTI_REVIEW_STATUS_NONE);

  /* Another listener's review of the same call is further along. */
  raw = raw_open (dir);
  sql = g_strdup_printf ("INSERT INTO users (id, login, role, created_at, updated_at)"
                         " VALUES ('u2', 'other', 'listener', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');"
                         "INSERT INTO reviews (id, recording_id, listener_id, status, created_at, updated_at)"
                         " VALUES ('v2', '%s', 'u2', 'delivered', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');",
                         ressenti_recording_get_id (a));
  raw_exec (raw, sql);
  sqlite3_close (raw);
  g_clear_pointer (&recordings, g_ptr_array_unref);
  recordings = ressenti_store_list_recordings (store, NULL);
  g_assert_cmpint (ressenti_recording_get_review_status (g_ptr_array_index (recordings, 2)), ==,
                   RESSENTI_REVIEW_STATUS_DELIVERED);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static void
test_recording_disk_full (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-full");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) first = add_call (store, "full-0", "A-1", "S", NULL, NULL);
  g_autoptr(RessentiRecording) after = NULL;
  g_autoptr(GPtrArray) recordings = NULL;
  g_autoptr(GError) error = NULL;
  guint added = 1;
  gboolean failed = FALSE;

  ressenti_store_limit_pages_for_testing (store, 0);
  for (guint i = 1; i < 2000 && !failed; i++)
    {
      g_auto(RessentiRecordingDraft) draft = { 0 };
      g_autofree char *seed = g_strdup_printf ("full-%u", i);
      g_autofree char *staged = stage_contents (store, seed);
      g_autofree char *final = NULL;
      g_autoptr(RessentiRecording) recording = NULL;

      fill_draft (&draft, seed, "A-1", "S", NULL);
      recording = ressenti_store_add_recording (store, &draft, staged, NULL, &error);
      if (recording != NULL)
        {
          added++;
          continue;
        }
      failed = TRUE;
      g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_DISK_FULL);
      /* The copy is back where the importer left it, nothing half-added. */
      g_assert_true (g_file_test (staged, G_FILE_TEST_EXISTS));
      final = g_strconcat (ressenti_store_get_audio_dir (store), "/", draft.content_hash, ".wav", NULL);
      g_assert_false (g_file_test (final, G_FILE_TEST_EXISTS));
      g_unlink (staged);
    }
  g_assert_true (failed);

  recordings = ressenti_store_list_recordings (store, NULL);
  g_assert_cmpuint (recordings->len, ==, added);
  g_assert_cmpuint (count_files_with_prefix (ressenti_store_get_audio_dir (store), ".staging-"), ==, 0);
  g_assert_cmpuint (count_files_with_prefix (ressenti_store_get_audio_dir (store), ""), ==, added);

  /* Once there is room again, imports work. */
  ressenti_store_limit_pages_for_testing (store, 1000000);
  after = add_call (store, "after the storm", "A-1", "S", NULL, NULL);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static void
test_leftovers_removed (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-left");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) kept = add_call (store, "kept", "A-1", "S", NULL, NULL);
  g_autofree char *audio = g_strdup (ressenti_store_get_audio_dir (store));
  g_autofree char *kept_path = ressenti_store_get_audio_path (store, kept);
  g_autofree char *orphan_hash = sha256_of ("orphan");
  g_autofree char *orphan = g_strconcat (audio, "/", orphan_hash, ".wav", NULL);
  g_autofree char *old_layout = g_build_filename (audio, ".staging-0b5e8f4a-5c1d-4a8e-9a55-2f5b8cbbf7e3", NULL);
  g_autofree char *dead = g_build_filename (audio, ".staging-2147483646-6d1c", NULL);
  g_autofree char *mine = ressenti_store_new_staging_path (store);
  g_autofree char *unrelated = g_build_filename (audio, "notes.txt", NULL);
  const char *files[] = { orphan, old_layout, dead, mine, unrelated };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_assert_true (g_file_set_contents (files[i], "leftover", -1, NULL));
  g_clear_object (&store);

  store = open_store (dir);
  g_assert_true (g_file_test (kept_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (old_layout, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  /* This process is alive: its staging copy may be an import under way. */
  g_assert_true (g_file_test (mine, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (unrelated, G_FILE_TEST_EXISTS));

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* Migrations, versions, integrity                                     */
/* ------------------------------------------------------------------ */

#define T0 "'2025-06-01T08:00:00.000Z'"

static void
fill_old_library (const char *dir,
                  int         version,
                  const char *hash)
{
  g_autofree char *sql = NULL;
  sqlite3 *raw = raw_open (dir);

  sql = g_strdup_printf (
    "INSERT INTO users (id, login, display_name, role, created_at, updated_at)"
    " VALUES ('u1', 'marie', 'Marie', 'listener', " T0 ", " T0 ");"
    "INSERT INTO services (id, name, created_at, updated_at) VALUES ('s1', 'Cotisations', " T0 ", " T0 ");"
    "INSERT INTO agents (id, pseudonym, service_id, created_at, updated_at)"
    " VALUES ('a1', 'A-17', 's1', " T0 ", " T0 ");"
    "INSERT INTO recordings (id, content_hash, file_name, extension, duration_ms, channels,"
    " sample_rate, channel_layout, call_date, agent_id, service_id, customer_pseudonym,"
    " imported_at, created_at, updated_at)"
    " VALUES ('r1', '%s', '%s.wav', 'wav', 61000, 1, 8000, 'mono', '2025-06-01T09:00:00.000Z',"
    " 'a1', 's1', 'C-9', '2025-06-02T10:00:00.000Z', " T0 ", " T0 ");"
    "INSERT INTO reviews (id, recording_id, listener_id, status, summary, created_at, updated_at)"
    " VALUES ('v1', 'r1', 'u1', 'submitted', 'Appel difficile', '2025-06-03T10:00:00.000Z', " T0 ");"
    "INSERT INTO voice_notes (id, review_id, at_ms, file_name, duration_ms, transcript, created_at,"
    " updated_at, author)"
    " VALUES ('n1', 'v1', 2000, 'n1.ogg', 1500, 'une réclamation', " T0 ", " T0 ", 'marie');"
    "INSERT INTO markers (id, review_id, start_ms, side, entry_key, intensity, text, voice_note_id,"
    " created_at, updated_at, author)"
    " VALUES ('m1', 'v1', 1000, 'customer', 'frustration', 2, 'voix qui monte', 'n1', " T0 ", " T0 ","
    " 'marie');",
    hash, hash);
  raw_exec (raw, sql);
  if (version >= 2)
    raw_exec (raw, "INSERT INTO access_log (id, user_login, recording_id, action, at)"
                   " VALUES ('l1', 'marie', 'r1', 'import', '2025-06-02T10:00:00.000Z');"
                   "INSERT INTO listening_sessions (id, user_login, recording_id, started_at, ended_at,"
                   " listened_ms)"
                   " VALUES ('ls1', 'marie', 'r1', '2025-06-03T10:00:00.000Z',"
                   " '2025-06-03T10:01:00.000Z', 42000)");
  /* From version 3 on, the application sets the retention dates itself. */
  if (version >= 3)
    raw_exec (raw, "UPDATE recordings SET retain_until = strftime ('%Y-%m-%dT%H:%M:%fZ', imported_at, '+183 days');"
                   "UPDATE reviews SET retain_until = strftime ('%Y-%m-%dT%H:%M:%fZ', created_at, '+365 days');");
  sqlite3_close (raw);
}

static void
assert_migrated_notes (RessentiStore *store)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  RessentiVoiceNote *note;
  const char *words[] = { "voix", "reclamation", "difficile" };
  const RessentiSearchKind kinds[] = { RESSENTI_SEARCH_MARKER, RESSENTI_SEARCH_TRANSCRIPT, RESSENTI_SEARCH_SUMMARY };

  notes = ressenti_store_list_voice_notes (store, "v1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  note = g_ptr_array_index (notes, 0);
  g_assert_cmpint (note->state, ==, RESSENTI_VOICE_NOTE_COMPLETE);
  g_assert_cmpstr (note->marker_id, ==, "m1");
  g_assert_cmpstr (note->transcript, ==, "une réclamation");
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_clear_pointer (&hits, g_ptr_array_unref);
      hits = ressenti_store_search (store, words[i], 10, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (hits->len, ==, 1);
      g_assert_cmpint (((RessentiSearchHit *) g_ptr_array_index (hits, 0))->kind, ==, kinds[i]);
      g_assert_cmpstr (((RessentiSearchHit *) g_ptr_array_index (hits, 0))->recording_id, ==, "r1");
    }
}

static void
assert_migrated_markers (RessentiStore *store,
                         const char    *dir)
{
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) markers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;
  RessentiMarker *marker;
  sqlite3 *raw;

  vocabulary = ressenti_store_get_vocabulary (store, &error);
  g_assert_no_error (error);
  entries = ressenti_vocabulary_get_entries (vocabulary);
  g_assert_cmpuint (entries->len, ==, 15);
  g_assert_cmpstr (ressenti_vocabulary_get_digit (vocabulary, RESSENTI_VOCABULARY_CUSTOMER_EMOTION, 6)->key,
                   ==, "frustration");

  /* A marker "about the call" of an earlier version reads as both sides. */
  raw = raw_open (dir);
  raw_exec (raw, "INSERT INTO markers (id, review_id, start_ms, end_ms, side, entry_key, intensity,"
                 " created_at, updated_at)"
                 " VALUES ('m9', 'v1', 5000, 5000, 'call', 'calm', 1, " T0 ", " T0 ")");
  sqlite3_close (raw);
  markers = ressenti_store_list_markers (store, "v1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (markers->len, ==, 2);
  marker = g_ptr_array_index (markers, 0);
  g_assert_cmpstr (marker->id, ==, "m1");
  sentence = ressenti_marker_describe_placed (marker, vocabulary);
  g_assert_cmpstr (sentence, ==, "Frustration / annoyance, moderate, customer, 1 second");
  marker = g_ptr_array_index (markers, 1);
  g_assert_cmpint (marker->side, ==, RESSENTI_SIDE_BOTH);
  g_assert_cmpint (marker->end_ms, ==, -1);
}

static void
test_migrate_from (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *dir = ressenti_test_mkdtemp ("store-migrate");
  g_autofree char *db = db_path_in (dir);
  g_autofree char *hash = sha256_of ("old call");
  g_autofree char *audio = g_build_filename (dir, "audio", NULL);
  g_autofree char *audio_file = g_strconcat (audio, "/", hash, ".wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = NULL;
  g_autoptr(GPtrArray) recordings = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GBytes) analysis = g_bytes_new_static ("turns", 5);
  g_autoptr(GBytes) loaded = NULL;
  RessentiRecording *recording;
  RessentiReviewInfo *review;
  sqlite3 *raw;

  g_assert_true (ressenti_store_create_at_version (db, version, &error));
  g_assert_no_error (error);
  raw = raw_open (dir);
  g_assert_cmpint (raw_int (raw, "PRAGMA user_version"), ==, version);
  sqlite3_close (raw);
  fill_old_library (dir, version, hash);
  g_assert_cmpint (g_mkdir (audio, 0700), ==, 0);
  g_assert_true (g_file_set_contents (audio_file, "old call", -1, NULL));

  store = open_store (dir);
  recordings = ressenti_store_list_recordings (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recordings->len, ==, 1);
  recording = g_ptr_array_index (recordings, 0);
  g_assert_cmpstr (ressenti_recording_get_id (recording), ==, "r1");
  g_assert_cmpstr (ressenti_recording_get_agent (recording), ==, "A-17");
  g_assert_cmpstr (ressenti_recording_get_service (recording), ==, "Cotisations");
  g_assert_cmpint (ressenti_recording_get_layout (recording), ==, RESSENTI_CHANNEL_LAYOUT_MONO);
  g_assert_cmpint (ressenti_recording_get_review_status (recording), ==, RESSENTI_REVIEW_STATUS_SUBMITTED);
  g_assert_true (g_file_test (audio_file, G_FILE_TEST_EXISTS));

  reviews = ressenti_store_list_reviews (store, "r1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reviews->len, ==, 1);
  review = g_ptr_array_index (reviews, 0);
  g_assert_cmpstr (review->listener, ==, "marie");
  g_assert_cmpuint (review->n_markers, ==, 1);
  g_assert_cmpuint (review->n_voice_notes, ==, 1);
  g_assert_cmpint (ressenti_store_count_access (store, "r1", RESSENTI_ACCESS_IMPORT, NULL), ==,
                   version >= 2 ? 1 : 0);

  raw = raw_open (dir);
  g_assert_cmpint (raw_int (raw, "PRAGMA user_version"), ==, RESSENTI_STORE_SCHEMA_VERSION);
  g_assert_cmpfloat (raw_double (raw, "SELECT julianday (retain_until) - julianday (imported_at)"
                                      " FROM recordings WHERE id = 'r1'"), ==, 183.0);
  g_assert_cmpfloat (raw_double (raw, "SELECT julianday (retain_until) - julianday (created_at)"
                                      " FROM reviews WHERE id = 'v1'"), ==, 365.0);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM library_settings"), ==, 2);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM users"), ==, 2);
  sqlite3_close (raw);

  g_assert_cmpint (ressenti_store_get_listened_ms (store, "r1", NULL), ==, version >= 2 ? 42000 : 0);
  /* What version 4 added works for the migrated recording. */
  g_assert_true (ressenti_store_save_analysis (store, "r1", 1, analysis, &error));
  g_assert_no_error (error);
  loaded = ressenti_store_load_analysis (store, "r1", 1, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, analysis));
  g_assert_true (ressenti_store_set_resume_position (store, "r1", 1500, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ressenti_store_get_resume_position (store, "r1", NULL), ==, 1500);

  /* Version 5: the vocabulary is seeded and the old marker reads. */
  assert_migrated_markers (store, dir);
  /* Version 6: the old note is complete, attached to its marker, and what
   * was written before is found. */
  assert_migrated_notes (store);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

/* A table in the way makes migration @to_version fail half-way, after it
 * created @created_first: everything it did is rolled back. */
typedef struct
{
  int         to_version;
  const char *in_the_way;
  const char *created_first;
} FailedMigration;

static const FailedMigration failed_migrations[] = {
  { 3, "CREATE TABLE evaluation_grids (x)", "'vocabulary_entries', 'library_settings'" },
  { 4, "CREATE TABLE playback_positions (x)", "'analysis_cache'" },
  { 5, "CREATE INDEX markers_review_id_start_ms ON markers (start_ms)",
    "'vocabulary_entries_kind_position'" },
  { 6, "CREATE TABLE search_index (x)", "'voice_notes_state'" },
};

static void
test_migrate_failure_rolls_back (gconstpointer data)
{
  const FailedMigration *failed = data;
  g_autofree char *dir = ressenti_test_mkdtemp ("store-migrate-fail");
  g_autofree char *db = db_path_in (dir);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = NULL;
  sqlite3 *raw;

  g_assert_true (ressenti_store_create_at_version (db, failed->to_version - 1, &error));
  raw = raw_open (dir);
  raw_exec (raw, failed->in_the_way);
  sqlite3_close (raw);

  store = ressenti_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_FAILED);

  raw = raw_open (dir);
  g_assert_cmpint (raw_int (raw, "PRAGMA user_version"), ==, failed->to_version - 1);
  sql = g_strdup_printf ("SELECT count (*) FROM sqlite_master WHERE name IN (%s)", failed->created_first);
  g_assert_cmpint (raw_int (raw, sql), ==, 0);
  sqlite3_close (raw);
  ressenti_test_rmdir (dir);
}

static void
test_too_new (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-new");
  g_autofree char *db = db_path_in (dir);
  g_autofree char *audio = g_build_filename (dir, "audio", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autofree char *newer = g_strdup_printf ("PRAGMA user_version = %d", RESSENTI_STORE_SCHEMA_VERSION + 1);
  sqlite3 *raw;

  g_assert_true (ressenti_store_create_at_version (db, RESSENTI_STORE_SCHEMA_VERSION, &error));
  raw = raw_open (dir);
  raw_exec (raw, newer);
  sqlite3_close (raw);
  before = read_bytes (db);

  store = ressenti_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_TOO_NEW);
  assert_file_unchanged (db, before);
  g_assert_false (g_file_test (audio, G_FILE_TEST_EXISTS));

  ressenti_test_rmdir (dir);
}

static void
assert_open_corrupt (const char *dir)
{
  g_autofree char *db = db_path_in (dir);
  g_autofree char *audio = g_build_filename (dir, "audio", NULL);
  gboolean had_audio = g_file_test (audio, G_FILE_TEST_EXISTS);
  g_autoptr(GBytes) before = read_bytes (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = NULL;

  store = ressenti_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, db));
  g_assert_nonnull (strstr (error->message, "Nothing was changed"));
  assert_file_unchanged (db, before);
  g_assert_cmpint (g_file_test (audio, G_FILE_TEST_EXISTS), ==, had_audio);
}

static void
test_corrupt_not_a_database (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-junk");
  g_autofree char *db = db_path_in (dir);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  guint8 junk[8192];

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) g_test_rand_int_range (0, 256);
  g_assert_true (g_file_set_contents (db, (const char *) junk, sizeof junk, NULL));

  assert_open_corrupt (dir);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  ressenti_test_rmdir (dir);
}

static void
test_corrupt_damaged_page (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-damaged");
  g_autofree char *db = db_path_in (dir);
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "damaged", "A-1", "S", NULL, NULL);
  gint64 page_size;
  gint64 root_page;
  guint8 junk[65536];
  sqlite3 *raw;
  int fd;

  /* Enough rows for the recordings table to span several pages. */
  raw = raw_open (dir);
  raw_exec (raw, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
                 " INSERT INTO recordings (id, content_hash, file_name, imported_at, created_at, updated_at)"
                 " SELECT 'id-' || i, 'hash-' || i, 'file-' || i, " T0 ", " T0 ", " T0 " FROM n");
  sqlite3_close (raw);
  g_clear_object (&store);

  raw = raw_open (dir);
  page_size = raw_int (raw, "PRAGMA page_size");
  root_page = raw_int (raw, "SELECT rootpage FROM sqlite_master WHERE name = 'recordings'");
  raw_exec (raw, "PRAGMA wal_checkpoint (TRUNCATE)");
  sqlite3_close (raw);
  g_assert_cmpint (page_size, <=, (gint64) sizeof junk);

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) g_test_rand_int_range (0, 256);
  fd = open (db, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, junk, page_size, (root_page - 1) * page_size), ==, page_size);
  g_assert_cmpint (pwrite (fd, junk, page_size, 2 * page_size), ==, page_size);
  g_assert_cmpint (fsync (fd), ==, 0);
  close (fd);

  assert_open_corrupt (dir);
  ressenti_test_rmdir (dir);
}

static void
test_corrupt_foreign_database (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-foreign");
  g_autofree char *db = db_path_in (dir);
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  raw_exec (raw, "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)");
  sqlite3_close (raw);

  assert_open_corrupt (dir);
  ressenti_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* Network file systems                                                */
/* ------------------------------------------------------------------ */

static void
test_network_refused (void)
{
  g_autofree char *tmp = ressenti_test_mkdtemp ("store-nfs");
  g_autofree char *dir = g_build_filename (tmp, "share", "library", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = NULL;
  const char * const mounts[] = { "share", "nfs4", NULL };

  make_dir (tmp, "share");
  fake_mountinfo (tmp, mounts);
  store = ressenti_store_open (dir, &error);
  g_unsetenv ("RESSENTI_MOUNTINFO");

  g_assert_null (store);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NETWORK_FS);
  g_assert_nonnull (strstr (error->message, "nfs4"));
  g_assert_nonnull (strstr (error->message, dir));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  ressenti_test_rmdir (tmp);
}

static void
test_network_local_ok (void)
{
  g_autofree char *tmp = ressenti_test_mkdtemp ("store-ext4");
  g_autofree char *dir = g_build_filename (tmp, "share", "library", NULL);
  g_autoptr(RessentiStore) store = NULL;
  const char * const mounts[] = { "share", "ext4", NULL };

  make_dir (tmp, "share");
  fake_mountinfo (tmp, mounts);
  store = open_store (dir);
  g_unsetenv ("RESSENTI_MOUNTINFO");
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  g_clear_object (&store);
  ressenti_test_rmdir (tmp);
}

static void
test_network_escaped_space (void)
{
  g_autofree char *tmp = ressenti_test_mkdtemp ("store-space");
  g_autofree char *dir = g_build_filename (tmp, "team share", "library", NULL);
  g_autofree char *beside = g_build_filename (tmp, "team", "library", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = NULL;
  g_autoptr(RessentiStore) local = NULL;
  const char * const mounts[] = { "team share", "cifs", NULL };

  make_dir (tmp, "team share");
  make_dir (tmp, "team");
  fake_mountinfo (tmp, mounts);
  store = ressenti_store_open (dir, &error);
  local = ressenti_store_open (beside, NULL);
  g_unsetenv ("RESSENTI_MOUNTINFO");

  g_assert_null (store);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NETWORK_FS);
  g_assert_nonnull (strstr (error->message, "cifs"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_nonnull (local);

  g_clear_object (&local);
  ressenti_test_rmdir (tmp);
}

/* ------------------------------------------------------------------ */
/* Concurrency                                                         */
/* ------------------------------------------------------------------ */

typedef struct
{
  RessentiStore *store;
  gint64         run_until;
  guint          n_lists;
  guint          n_wrong;
  gint64         longest_us;
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;

  while (g_get_monotonic_time () < reader->run_until)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) recordings = ressenti_store_list_recordings (reader->store, NULL);
      gint64 elapsed = g_get_monotonic_time () - start;

      reader->n_lists++;
      reader->longest_us = MAX (reader->longest_us, elapsed);
      if (recordings == NULL || recordings->len != 1)
        reader->n_wrong++;
    }
  return NULL;
}

static void
test_concurrent_readers (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-readers");
  g_autoptr(RessentiStore) writer_store = open_store (dir);
  g_autoptr(RessentiStore) reader_store = open_store (dir);
  g_autoptr(RessentiRecording) first = add_call (writer_store, "before", "A-1", "S", NULL, NULL);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) after_writer = NULL;
  Reader reader = { reader_store, 0, 0, 0, 0 };
  GThread *thread;
  sqlite3 *raw = raw_open (dir);

  /* EXCLUSIVE would lock readers out in rollback-journal mode; in WAL mode
   * they go on reading the last committed state. */
  raw_exec (raw, "BEGIN EXCLUSIVE");
  raw_exec (raw, "INSERT INTO recordings (id, content_hash, file_name, imported_at, created_at, updated_at)"
                 " VALUES ('raw', 'raw-hash', 'raw-file', " T0 ", " T0 ", " T0 ")");

  reader.run_until = g_get_monotonic_time () + 500 * G_TIME_SPAN_MILLISECOND;
  thread = g_thread_new ("reader", reader_thread, &reader);
  g_thread_join (thread);

  g_assert_cmpuint (reader.n_lists, >=, 5);
  g_assert_cmpuint (reader.n_wrong, ==, 0);
  g_assert_cmpint (reader.longest_us, <, G_USEC_PER_SEC);

  raw_exec (raw, "COMMIT");
  sqlite3_close (raw);
  after = ressenti_store_list_recordings (reader_store, NULL);
  g_assert_cmpuint (after->len, ==, 2);
  after_writer = ressenti_store_list_recordings (writer_store, NULL);
  g_assert_cmpuint (after_writer->len, ==, 2);

  g_clear_object (&writer_store);
  g_clear_object (&reader_store);
  ressenti_test_rmdir (dir);
}

typedef struct
{
  RessentiStore *store;
  guint          index;
} Importer;

static gpointer
importer_thread (gpointer data)
{
  Importer *importer = data;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *seed = g_strdup_printf ("thread %u call %u", importer->index, i);
      g_autoptr(RessentiRecording) recording = add_call (importer->store, seed, "A-1", "S", NULL, NULL);
      g_autoptr(GPtrArray) recordings = ressenti_store_list_recordings (importer->store, NULL);
      g_autoptr(RessentiReviewInfo) review = ressenti_store_start_review (importer->store,
                                                                          ressenti_recording_get_id (recording),
                                                                          NULL);

      g_assert_nonnull (recordings);
      g_assert_nonnull (review);
    }
  return NULL;
}

static void
test_threads_one_store (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-threads");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(GPtrArray) recordings = NULL;
  Importer importers[4];
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      importers[i].store = store;
      importers[i].index = i;
      threads[i] = g_thread_new ("importer", importer_thread, &importers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  recordings = ressenti_store_list_recordings (store, NULL);
  g_assert_cmpuint (recordings->len, ==, 40);
  for (guint i = 0; i < recordings->len; i++)
    g_assert_cmpint (ressenti_recording_get_review_status (g_ptr_array_index (recordings, i)), ==,
                     RESSENTI_REVIEW_STATUS_IN_PROGRESS);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* Reviews                                                             */
/* ------------------------------------------------------------------ */

static gint64
raw_count_status_changes (sqlite3    *raw,
                          const char *review_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM review_status_changes"
                                          " WHERE review_id = '%s'", review_id);

  return raw_int (raw, sql);
}

static void
test_reviews (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-reviews");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "reviewed", "A-1", "S", NULL, NULL);
  const char *recording_id = ressenti_recording_get_id (recording);
  g_autoptr(RessentiReviewInfo) mine = NULL;
  g_autoptr(RessentiReviewInfo) again = NULL;
  g_autoptr(RessentiReviewInfo) none = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *last_status = NULL;
  RessentiReviewInfo *first;
  RessentiReviewInfo *second;
  sqlite3 *raw;

  mine = ressenti_store_start_review (store, recording_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mine->recording_id, ==, recording_id);
  g_assert_cmpstr (mine->listener, ==, g_get_user_name ());
  g_assert_cmpint (mine->status, ==, RESSENTI_REVIEW_STATUS_IN_PROGRESS);
  g_assert_nonnull (mine->created_at);
  g_assert_nonnull (mine->updated_at);
  g_assert_cmpuint (mine->n_markers, ==, 0);

  again = ressenti_store_start_review (store, recording_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->id, ==, mine->id);

  none = ressenti_store_start_review (store, "no-such-recording", &error);
  g_assert_null (none);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  raw = raw_open (dir);
  g_assert_cmpint (raw_count_status_changes (raw, mine->id), ==, 1);
  g_assert_cmpfloat (raw_double (raw, "SELECT julianday (retain_until) - julianday (created_at) FROM reviews"),
                     ==, 365.0);

  g_assert_true (ressenti_store_set_review_status (store, mine->id, RESSENTI_REVIEW_STATUS_SUBMITTED, &error));
  g_assert_no_error (error);
  g_assert_true (ressenti_store_set_review_status (store, mine->id, RESSENTI_REVIEW_STATUS_SUBMITTED, &error));
  g_assert_cmpint (raw_count_status_changes (raw, mine->id), ==, 2);
  sql = g_strdup_printf ("SELECT status || '/' || changed_by FROM review_status_changes"
                         " WHERE review_id = '%s' ORDER BY changed_at DESC, rowid DESC LIMIT 1", mine->id);
  last_status = raw_text (raw, sql);
  g_assert_true (g_str_has_prefix (last_status, "submitted/"));
  g_assert_cmpstr (last_status + strlen ("submitted/"), ==, g_get_user_name ());
  g_assert_false (ressenti_store_set_review_status (store, "no-such-review", RESSENTI_REVIEW_STATUS_DELIVERED, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A second listener, who cannot be a second OS user here. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf (
    "INSERT INTO users (id, login, role, created_at, updated_at)"
    " VALUES ('u2', 'other', 'listener', '2999-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z');"
    "INSERT INTO reviews (id, recording_id, listener_id, status, created_at, updated_at)"
    " VALUES ('v2', '%s', 'u2', 'assigned', '2999-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z');"
    "INSERT INTO voice_notes (id, review_id, at_ms, file_name, created_at, updated_at)"
    " VALUES ('n2', 'v2', 10, 'n2.ogg', " T0 ", " T0 ");"
    "INSERT INTO markers (id, review_id, start_ms, side, entry_key, intensity, created_at, updated_at)"
    " VALUES ('m1', '%s', 10, 'customer', 'worry', 1, " T0 ", " T0 "),"
    "        ('m2', '%s', 20, 'both', 'calm', 3, " T0 ", " T0 ");",
    recording_id, mine->id, mine->id);
  raw_exec (raw, sql);

  reviews = ressenti_store_list_reviews (store, recording_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reviews->len, ==, 2);
  first = g_ptr_array_index (reviews, 0);
  second = g_ptr_array_index (reviews, 1);
  g_assert_cmpstr (first->id, ==, mine->id);
  g_assert_cmpstr (first->listener, ==, g_get_user_name ());
  g_assert_cmpint (first->status, ==, RESSENTI_REVIEW_STATUS_SUBMITTED);
  g_assert_cmpuint (first->n_markers, ==, 2);
  g_assert_cmpuint (first->n_voice_notes, ==, 0);
  g_assert_cmpstr (second->id, ==, "v2");
  g_assert_cmpstr (second->listener, ==, "other");
  g_assert_cmpint (second->status, ==, RESSENTI_REVIEW_STATUS_ASSIGNED);
  g_assert_cmpuint (second->n_markers, ==, 0);
  g_assert_cmpuint (second->n_voice_notes, ==, 1);

  /* Deleting the recording takes its reviews, markers and notes along. */
  g_assert_true (ressenti_store_delete_recording (store, recording_id, NULL));
  g_assert_cmpint (raw_int (raw, "SELECT (SELECT count (*) FROM reviews) + (SELECT count (*) FROM markers)"
                                 " + (SELECT count (*) FROM voice_notes)"
                                 " + (SELECT count (*) FROM review_status_changes)"), ==, 0);
  sqlite3_close (raw);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static void
test_review_assigned_starts (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-assigned");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "assigned", "A-1", "S", NULL, NULL);
  g_autoptr(RessentiReviewInfo) started = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *raw = raw_open (dir);

  sql = g_strdup_printf ("INSERT INTO reviews (id, recording_id, listener_id, status, created_at, updated_at)"
                         " SELECT 'v1', '%s', id, 'assigned', " T0 ", " T0 " FROM users WHERE login = '%s'",
                         ressenti_recording_get_id (recording), g_get_user_name ());
  raw_exec (raw, sql);

  started = ressenti_store_start_review (store, ressenti_recording_get_id (recording), NULL);
  g_assert_cmpstr (started->id, ==, "v1");
  g_assert_cmpint (started->status, ==, RESSENTI_REVIEW_STATUS_IN_PROGRESS);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM review_status_changes"
                                 " WHERE review_id = 'v1' AND status = 'in-progress'"), ==, 1);
  sqlite3_close (raw);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* Playback: analysis cache, resume positions, listening sessions      */
/* ------------------------------------------------------------------ */

static GBytes *
random_bytes (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_test_rand_int_range (0, 256);
  return g_bytes_new_take (data, size);
}

static void
assert_no_analysis (RessentiStore *store,
                    const char    *recording_id,
                    guint          algorithm_version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) loaded = ressenti_store_load_analysis (store, recording_id, algorithm_version, &error);

  g_assert_no_error (error);
  g_assert_null (loaded);
}

static void
assert_analysis (RessentiStore *store,
                 const char    *recording_id,
                 guint          algorithm_version,
                 GBytes        *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) loaded = ressenti_store_load_analysis (store, recording_id, algorithm_version, &error);

  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_true (g_bytes_equal (loaded, expected));
}

static void
test_analysis_cache (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-analysis");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "analysed", "A-1", "S", NULL, NULL);
  const char *id = ressenti_recording_get_id (recording);
  g_autoptr(GBytes) first = g_bytes_new_static ("first result", 12);
  g_autoptr(GBytes) second = g_bytes_new_static ("second", 6);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) large = random_bytes (2 * 1024 * 1024);
  g_autoptr(GError) error = NULL;
  g_autofree char *created_before = NULL;
  g_autofree char *created_after = NULL;
  g_autofree char *author = NULL;
  sqlite3 *raw;

  assert_no_analysis (store, id, 1);

  g_assert_true (ressenti_store_save_analysis (store, id, 1, first, &error));
  g_assert_no_error (error);
  assert_analysis (store, id, 1, first);
  /* Made by another algorithm version: as if there were none. */
  assert_no_analysis (store, id, 2);

  raw = raw_open (dir);
  created_before = raw_text (raw, "SELECT created_at FROM analysis_cache");

  /* Saving again replaces the previous result. */
  g_assert_true (ressenti_store_save_analysis (store, id, 1, second, &error));
  g_assert_no_error (error);
  assert_analysis (store, id, 1, second);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM analysis_cache"), ==, 1);
  created_after = raw_text (raw, "SELECT created_at FROM analysis_cache");
  g_assert_cmpstr (created_after, ==, created_before);
  g_assert_cmpint (raw_int (raw, "SELECT updated_at >= created_at FROM analysis_cache"), ==, 1);
  author = raw_text (raw, "SELECT author FROM analysis_cache");
  g_assert_cmpstr (author, ==, g_get_user_name ());

  /* A new algorithm version replaces the old result too. */
  g_assert_true (ressenti_store_save_analysis (store, id, 2, first, &error));
  assert_no_analysis (store, id, 1);
  assert_analysis (store, id, 2, first);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM analysis_cache"), ==, 1);

  /* Empty is a value, not an absence. */
  g_assert_true (ressenti_store_save_analysis (store, id, 2, empty, &error));
  g_assert_no_error (error);
  assert_analysis (store, id, 2, empty);

  /* A long call's analysis, kept across reopening. */
  g_assert_true (ressenti_store_save_analysis (store, id, 2, large, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (raw, "SELECT length (data) FROM analysis_cache"), ==, 2 * 1024 * 1024);
  sqlite3_close (raw);
  g_clear_object (&store);
  store = open_store (dir);
  assert_analysis (store, id, 2, large);

  /* A recording that does not exist: a clear error when saving, nothing
   * when loading. */
  g_assert_false (ressenti_store_save_analysis (store, "no-such-recording", 1, first, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-recording"));
  g_clear_error (&error);
  assert_no_analysis (store, "no-such-recording", 1);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

/* A second store on the same library, used by another listener. */
static RessentiStore *
open_store_as (const char *dir,
               const char *login)
{
  RessentiStore *store = open_store (dir);

  ressenti_store_set_current_user_for_testing (store, login);
  g_assert_cmpstr (ressenti_store_get_current_user (store), ==, login);
  return store;
}

static void
test_resume_positions (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-resume");
  g_autoptr(RessentiStore) mine = open_store (dir);
  g_autoptr(RessentiStore) theirs = open_store_as (dir, "other-listener");
  g_autoptr(RessentiRecording) recording = add_call (mine, "resumed", "A-1", "S", NULL, NULL);
  g_autoptr(RessentiRecording) another = add_call (mine, "not resumed", "A-1", "S", NULL, NULL);
  const char *id = ressenti_recording_get_id (recording);
  g_autoptr(GError) error = NULL;
  sqlite3 *raw;

  g_assert_cmpint (ressenti_store_get_resume_position (mine, id, &error), ==, -1);
  g_assert_no_error (error);

  g_assert_true (ressenti_store_set_resume_position (mine, id, 61234, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ressenti_store_get_resume_position (mine, id, &error), ==, 61234);
  g_assert_no_error (error);
  /* Another listener has not been there, nor has anyone in another call. */
  g_assert_cmpint (ressenti_store_get_resume_position (theirs, id, &error), ==, -1);
  g_assert_no_error (error);
  g_assert_cmpint (ressenti_store_get_resume_position (mine, ressenti_recording_get_id (another), NULL), ==, -1);

  g_assert_true (ressenti_store_set_resume_position (theirs, id, 5000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ressenti_store_get_resume_position (theirs, id, NULL), ==, 5000);
  g_assert_cmpint (ressenti_store_get_resume_position (mine, id, NULL), ==, 61234);

  /* The last position wins, the beginning included. */
  g_assert_true (ressenti_store_set_resume_position (mine, id, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ressenti_store_get_resume_position (mine, id, NULL), ==, 0);
  g_assert_cmpint (ressenti_store_get_resume_position (theirs, id, NULL), ==, 5000);

  raw = raw_open (dir);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM playback_positions"), ==, 2);
  sqlite3_close (raw);

  /* Reopened, the store is the OS user's again. */
  g_clear_object (&theirs);
  theirs = open_store (dir);
  g_assert_cmpint (ressenti_store_get_resume_position (theirs, id, NULL), ==, 0);

  g_assert_false (ressenti_store_set_resume_position (mine, "no-such-recording", 10, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-recording"));
  g_clear_error (&error);
  g_assert_cmpint (ressenti_store_get_resume_position (mine, "no-such-recording", &error), ==, -1);
  g_assert_no_error (error);

  g_clear_object (&mine);
  g_clear_object (&theirs);
  ressenti_test_rmdir (dir);
}

static void
test_listening_sessions (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-sessions");
  g_autoptr(RessentiStore) mine = open_store (dir);
  g_autoptr(RessentiStore) theirs = open_store_as (dir, "other-listener");
  g_autoptr(RessentiRecording) recording = add_call (mine, "listened", "A-1", "S", NULL, NULL);
  g_autoptr(RessentiRecording) silent = add_call (mine, "never listened", "A-1", "S", NULL, NULL);
  const char *id = ressenti_recording_get_id (recording);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *other = NULL;
  g_autofree char *none = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *row = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *raw = raw_open (dir);

  g_assert_cmpint (ressenti_store_get_listened_ms (mine, id, &error), ==, 0);
  g_assert_no_error (error);

  first = ressenti_store_start_listening_session (mine, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (first));
  sql = g_strdup_printf ("SELECT user_login || '/' || recording_id || '/' || listened_ms || '/'"
                         " || (started_at IS NOT NULL) || '/' || (ended_at IS NULL)"
                         " FROM listening_sessions WHERE id = '%s'", first);
  row = raw_text (raw, sql);
  g_assert_true (g_str_has_prefix (row, g_get_user_name ()));
  g_assert_true (g_str_has_suffix (row, "/0/1/1"));
  g_assert_nonnull (strstr (row, id));

  /* Updates set the time heard; the session ends only when told. */
  g_assert_true (ressenti_store_update_listening_session (mine, first, 30000, FALSE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&row, g_free);
  row = raw_text (raw, sql);
  g_assert_true (g_str_has_suffix (row, "/30000/1/1"));
  g_assert_true (ressenti_store_update_listening_session (mine, first, 45000, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&row, g_free);
  row = raw_text (raw, sql);
  g_assert_true (g_str_has_suffix (row, "/45000/1/0"));
  g_assert_cmpint (ressenti_store_get_listened_ms (mine, id, NULL), ==, 45000);

  /* Sessions add up, whoever listened. */
  second = ressenti_store_start_listening_session (mine, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, !=, first);
  g_assert_true (ressenti_store_update_listening_session (mine, second, 15000, FALSE, &error));
  other = ressenti_store_start_listening_session (theirs, id, &error);
  g_assert_no_error (error);
  g_assert_true (ressenti_store_update_listening_session (theirs, other, 5000, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ressenti_store_get_listened_ms (mine, id, NULL), ==, 65000);
  g_assert_cmpint (ressenti_store_get_listened_ms (mine, ressenti_recording_get_id (silent), NULL), ==, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT user_login FROM listening_sessions WHERE id = '%s'", other);
  g_clear_pointer (&row, g_free);
  row = raw_text (raw, sql);
  g_assert_cmpstr (row, ==, "other-listener");

  g_assert_false (ressenti_store_update_listening_session (mine, "no-such-session", 1000, TRUE, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-session"));
  g_clear_error (&error);
  g_assert_cmpint (ressenti_store_get_listened_ms (mine, id, NULL), ==, 65000);

  none = ressenti_store_start_listening_session (mine, "no-such-recording", &error);
  g_assert_null (none);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-recording"));
  g_clear_error (&error);
  g_assert_cmpint (raw_int (raw, "SELECT count (*) FROM listening_sessions"), ==, 3);
  sqlite3_close (raw);

  g_clear_object (&mine);
  g_clear_object (&theirs);
  ressenti_test_rmdir (dir);
}

static gint64
raw_count_for (sqlite3    *raw,
               const char *table,
               const char *recording_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE recording_id = '%s'",
                                          table, recording_id);

  return raw_int (raw, sql);
}

/* Gives @recording_id an analysis, a position for each of two users and a
 * listening session. */
static void
play (RessentiStore *mine,
      RessentiStore *theirs,
      const char    *recording_id)
{
  g_autoptr(GBytes) analysis = g_bytes_new_static ("turns", 5);
  g_autofree char *session = ressenti_store_start_listening_session (mine, recording_id, NULL);

  g_assert_nonnull (session);
  g_assert_true (ressenti_store_update_listening_session (mine, session, 1000, TRUE, NULL));
  g_assert_true (ressenti_store_save_analysis (mine, recording_id, 1, analysis, NULL));
  g_assert_true (ressenti_store_set_resume_position (mine, recording_id, 1000, NULL));
  g_assert_true (ressenti_store_set_resume_position (theirs, recording_id, 2000, NULL));
}

static void
test_playback_cascade (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-cascade");
  g_autoptr(RessentiStore) mine = open_store (dir);
  g_autoptr(RessentiStore) theirs = open_store_as (dir, "other-listener");
  g_autoptr(RessentiRecording) deleted = add_call (mine, "deleted", "A-1", "S", NULL, NULL);
  g_autoptr(RessentiRecording) kept = add_call (mine, "kept", "A-1", "S", NULL, NULL);
  const char *deleted_id = ressenti_recording_get_id (deleted);
  const char *kept_id = ressenti_recording_get_id (kept);
  const char *tables[] = { "analysis_cache", "playback_positions", "listening_sessions" };
  const gint64 rows[] = { 1, 2, 1 };
  sqlite3 *raw = raw_open (dir);

  play (mine, theirs, deleted_id);
  play (mine, theirs, kept_id);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_assert_cmpint (raw_count_for (raw, tables[i], deleted_id), ==, rows[i]);

  g_assert_true (ressenti_store_delete_recording (mine, deleted_id, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_assert_cmpint (raw_count_for (raw, tables[i], deleted_id), ==, 0);
      g_assert_cmpint (raw_count_for (raw, tables[i], kept_id), ==, rows[i]);
    }
  sqlite3_close (raw);
  assert_no_analysis (mine, deleted_id, 1);
  g_assert_cmpint (ressenti_store_get_resume_position (theirs, deleted_id, NULL), ==, -1);
  g_assert_cmpint (ressenti_store_get_listened_ms (mine, deleted_id, NULL), ==, 0);
  g_assert_cmpint (ressenti_store_get_resume_position (theirs, kept_id, NULL), ==, 2000);

  g_clear_object (&mine);
  g_clear_object (&theirs);
  ressenti_test_rmdir (dir);
}

/* The write fails with the store's permission error, naming the database. */
static void
assert_refused (GError     *error,
                const char *dir)
{
  g_autofree char *db = db_path_in (dir);

  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, db));
}

static void
test_playback_read_only (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-playback-ro");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "read-only", "A-1", "S", NULL, NULL);
  const char *id = ressenti_recording_get_id (recording);
  g_autoptr(GBytes) analysis = g_bytes_new_static ("turns", 5);
  g_autoptr(GError) error = NULL;

  g_assert_true (ressenti_store_set_resume_position (store, id, 1000, NULL));
  ressenti_store_refuse_writes_for_testing (store);

  g_assert_false (ressenti_store_set_resume_position (store, id, 2000, &error));
  assert_refused (error, dir);
  g_clear_error (&error);
  g_assert_false (ressenti_store_save_analysis (store, id, 1, analysis, &error));
  assert_refused (error, dir);
  g_clear_error (&error);
  g_assert_null (ressenti_store_start_listening_session (store, id, &error));
  assert_refused (error, dir);
  g_clear_error (&error);

  /* Reading still works, and nothing changed. */
  g_assert_cmpint (ressenti_store_get_resume_position (store, id, &error), ==, 1000);
  g_assert_no_error (error);
  assert_no_analysis (store, id, 1);
  g_assert_cmpint (ressenti_store_get_listened_ms (store, id, NULL), ==, 0);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* A killed import                                                     */
/* ------------------------------------------------------------------ */

static void
write_random_file (const char *path)
{
  guint32 chunk[16384];
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  for (guint written = 0; written < STAGED_SIZE; written += sizeof chunk)
    {
      for (guint i = 0; i < G_N_ELEMENTS (chunk); i++)
        chunk[i] = g_random_int ();
      g_assert_cmpint (write (fd, chunk, sizeof chunk), ==, sizeof chunk);
    }
  g_assert_cmpint (fsync (fd), ==, 0);
  close (fd);
}

/* The child side: imports calls until killed. */
static int
child_import (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = ressenti_store_open (dir, &error);

  if (store == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < 10000; i++)
    {
      g_auto(RessentiRecordingDraft) draft = { 0 };
      g_autofree char *staged = ressenti_store_new_staging_path (store);
      g_autofree char *seed = g_uuid_string_random ();
      g_autoptr(RessentiRecording) recording = NULL;

      write_random_file (staged);
      fill_draft (&draft, seed, "A-1", "S", NULL);
      /* Tells the parent an import transaction is about to start. */
      if (write (STDOUT_FILENO, "+", 1) != 1)
        return 1;
      recording = ressenti_store_add_recording (store, &draft, staged, NULL, &error);
      if (recording == NULL)
        {
          g_printerr ("child: %s\n", error->message);
          return 1;
        }
    }
  return 0;
}

/* Kills an importing child at a random moment: @in_transaction aims at
 * the few milliseconds of add_recording() (rename, fsync, insert, commit),
 * otherwise anywhere 50 to 300 ms after it started. */
static void
kill_one_import (const char *self_exe,
                 const char *dir,
                 gboolean    in_transaction)
{
  const char *argv[] = { self_exe, "--child-import", dir, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;
  int out_fd = -1;
  int status = 0;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  if (in_transaction)
    {
      int n_imports = g_test_rand_int_range (1, 4);
      char c;

      for (int i = 0; i < n_imports; i++)
        g_assert_cmpint (read (out_fd, &c, 1), ==, 1);
      g_usleep (g_test_rand_int_range (0, 3000));
    }
  else
    {
      g_usleep (g_test_rand_int_range (50, 301) * G_TIME_SPAN_MILLISECOND);
    }
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  close (out_fd);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  /* The child must have died of the kill, not of an error of its own. */
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
}

/* Counts what a kill left behind, before the next open cleans it up. */
static void
count_leftovers (const char *dir,
                 guint      *n_staging,
                 guint      *n_orphans)
{
  g_autofree char *audio_dir = g_build_filename (dir, "audio", NULL);
  g_autoptr(GDir) audio = g_dir_open (audio_dir, 0, NULL);
  sqlite3 *raw = raw_open (dir);
  const char *name;

  while (audio != NULL && (name = g_dir_read_name (audio)) != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM recordings WHERE file_name = '%s'", name);

      if (g_str_has_prefix (name, ".staging-"))
        (*n_staging)++;
      else if (raw_int (raw, sql) == 0)
        (*n_orphans)++;
    }
  sqlite3_close (raw);
}

static void
test_killed_import (void)
{
  g_autofree char *tmp = ressenti_test_mkdtemp ("store-kill");
  g_autofree char *dir = g_build_filename (tmp, "library", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *check = NULL;
  g_autoptr(RessentiStore) store = NULL;
  g_autoptr(GPtrArray) recordings = NULL;
  g_autoptr(GHashTable) referenced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) audio = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *name;
  sqlite3 *raw;
  guint n_rows = 0;
  guint n_staging = 0;
  guint n_orphans = 0;

  g_assert_nonnull (self_exe);
  for (guint i = 0; i < 15; i++)
    {
      kill_one_import (self_exe, dir, i >= 5);
      count_leftovers (dir, &n_staging, &n_orphans);
    }
  g_test_message ("the kills left %u staging copies and %u audio files without a row",
                  n_staging, n_orphans);

  store = open_store (dir);
  raw = raw_open (dir);
  check = raw_text (raw, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "SELECT file_name FROM recordings", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *file_name = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *path = g_build_filename (dir, "audio", file_name, NULL);
      GStatBuf buf;

      g_assert_cmpint (g_stat (path, &buf), ==, 0);
      g_assert_cmpint (buf.st_size, ==, STAGED_SIZE);
      g_hash_table_add (referenced, g_strdup (file_name));
      n_rows++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
  g_test_message ("%u imports survived the kills", n_rows);
  g_assert_cmpuint (n_rows, >, 0);

  recordings = ressenti_store_list_recordings (store, NULL);
  g_assert_cmpuint (recordings->len, ==, n_rows);
  audio = g_dir_open (ressenti_store_get_audio_dir (store), 0, NULL);
  while ((name = g_dir_read_name (audio)) != NULL)
    {
      g_assert_false (g_str_has_prefix (name, ".staging-"));
      g_assert_true (g_hash_table_contains (referenced, name));
    }

  g_clear_object (&store);
  ressenti_test_rmdir (tmp);
}

/* ------------------------------------------------------------------ */
/* Reviews, markers and the vocabulary                                 */
/* ------------------------------------------------------------------ */

static RessentiMarker *
marker_at (gint64        start_ms,
           RessentiSide  side,
           const char   *key,
           int           intensity,
           const char   *text)
{
  RessentiMarker *marker = ressenti_marker_new (start_ms, side, key);

  marker->intensity = intensity;
  marker->text = g_strdup (text);
  return marker;
}

/* Adds a marker to @review_id and checks it got what the store sets. */
static RessentiMarker *
add_marker_ok (RessentiStore  *store,
               const char     *review_id,
               RessentiMarker *marker)
{
  g_autoptr(GError) error = NULL;

  marker->review_id = g_strdup (review_id);
  g_assert_true (ressenti_store_add_marker (store, marker, &error));
  g_assert_no_error (error);
  g_assert_nonnull (marker->id);
  g_assert_cmpstr (marker->author, ==, ressenti_store_get_current_user (store));
  g_assert_nonnull (marker->created_at);
  g_assert_nonnull (marker->updated_at);
  return marker;
}

static void
assert_add_refused (RessentiStore  *store,
                    const char     *review_id,
                    RessentiMarker *marker,
                    int             code)
{
  g_autoptr(RessentiMarker) owned = marker;
  g_autoptr(GError) error = NULL;

  owned->review_id = g_strdup (review_id);
  g_assert_false (ressenti_store_add_marker (store, owned, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_null (owned->id);
}

static guint
count_markers (RessentiStore *store,
               const char    *review_id)
{
  g_autoptr(GPtrArray) markers = ressenti_store_list_markers (store, review_id, NULL);

  g_assert_nonnull (markers);
  return markers->len;
}

static void
test_review_calls (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-review-calls");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "review calls", "A-1", "S", NULL, NULL);
  const char *recording_id = ressenti_recording_get_id (recording);
  g_autoptr(RessentiReviewInfo) none = NULL;
  g_autoptr(RessentiReviewInfo) started = NULL;
  g_autoptr(RessentiReviewInfo) resumed = NULL;
  g_autoptr(RessentiReviewInfo) mine = NULL;
  g_autoptr(RessentiReviewInfo) submitted = NULL;
  g_autoptr(GDateTime) before_submit = NULL;
  g_autoptr(GError) error = NULL;

  none = ressenti_store_get_my_review (store, recording_id, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  started = ressenti_store_start_review (store, recording_id, &error);
  g_assert_no_error (error);
  g_assert_null (started->submitted_at);
  resumed = ressenti_store_start_review (store, recording_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resumed->id, ==, started->id);

  g_assert_true (ressenti_store_set_review_summary (store, started->id, "Client apaisé à la fin.", &error));
  g_assert_no_error (error);
  mine = ressenti_store_get_my_review (store, recording_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mine->id, ==, started->id);
  g_assert_cmpstr (mine->summary, ==, "Client apaisé à la fin.");
  g_clear_pointer (&mine, ressenti_review_info_free);
  g_assert_true (ressenti_store_set_review_summary (store, started->id, "", &error));
  mine = ressenti_store_get_review (store, started->id, &error);
  g_assert_no_error (error);
  g_assert_null (mine->summary);

  /* Times are kept to the millisecond. */
  before_submit = g_date_time_new_now_utc ();
  g_usleep (2000);
  g_assert_true (ressenti_store_set_review_status (store, started->id,
                                                   RESSENTI_REVIEW_STATUS_SUBMITTED, &error));
  g_assert_no_error (error);
  submitted = ressenti_store_get_review (store, started->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (submitted->status, ==, RESSENTI_REVIEW_STATUS_SUBMITTED);
  g_assert_nonnull (submitted->submitted_at);
  g_assert_cmpint (g_date_time_compare (submitted->submitted_at, before_submit), >, 0);

  g_clear_pointer (&mine, ressenti_review_info_free);
  mine = ressenti_store_get_review (store, "no-such-review", &error);
  g_assert_null (mine);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static void
test_review_two_listeners (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-two-listeners");
  g_autoptr(RessentiStore) marie = open_store_as (dir, "marie");
  g_autoptr(RessentiStore) paul = open_store_as (dir, "paul");
  g_autoptr(RessentiRecording) recording = add_call (marie, "two listeners", "A-1", "S", NULL, NULL);
  const char *recording_id = ressenti_recording_get_id (recording);
  g_autoptr(RessentiReviewInfo) hers = ressenti_store_start_review (marie, recording_id, NULL);
  g_autoptr(RessentiReviewInfo) his = ressenti_store_start_review (paul, recording_id, NULL);
  g_autoptr(RessentiReviewInfo) his_again = NULL;
  g_autoptr(RessentiMarker) her_marker = NULL;
  g_autoptr(RessentiMarker) his_marker = NULL;
  g_autoptr(RessentiMarker) changed = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_free);
  g_autoptr(GError) error = NULL;
  const char *ids[2] = { NULL, NULL };

  g_assert_nonnull (hers);
  g_assert_nonnull (his);
  g_assert_cmpstr (hers->id, !=, his->id);
  his_again = ressenti_store_get_my_review (paul, recording_id, NULL);
  g_assert_cmpstr (his_again->id, ==, his->id);

  her_marker = add_marker_ok (marie, hers->id, marker_at (1000, RESSENTI_SIDE_CUSTOMER, "anger", 3, NULL));
  his_marker = add_marker_ok (paul, his->id, marker_at (2000, RESSENTI_SIDE_AGENT, "warm", 1, NULL));
  g_assert_cmpuint (count_markers (marie, hers->id), ==, 1);
  g_assert_cmpuint (count_markers (marie, his->id), ==, 1);

  /* Each can read the other's review, and change none of it. */
  assert_add_refused (marie, his->id, marker_at (5, RESSENTI_SIDE_CUSTOMER, "calm", 1, NULL),
                      RESSENTI_STORE_ERROR_PERMISSION);
  assert_add_refused (paul, hers->id, marker_at (5, RESSENTI_SIDE_CUSTOMER, "calm", 1, NULL),
                      RESSENTI_STORE_ERROR_PERMISSION);
  changed = ressenti_marker_copy (her_marker);
  changed->intensity = 1;
  g_assert_false (ressenti_store_update_marker (paul, changed, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ressenti_store_delete_marker (paul, her_marker->id, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  ids[0] = her_marker->id;
  g_assert_false (ressenti_store_delete_markers (paul, ids, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ressenti_store_set_review_summary (paul, hers->id, "not mine", &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_ptr_array_add (batch, marker_at (7, RESSENTI_SIDE_CUSTOMER, "worry", 2, NULL));
  g_assert_false (ressenti_store_import_markers (paul, hers->id, batch, NULL, NULL, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ressenti_store_restore_markers (marie, his->id, batch, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_cmpuint (count_markers (paul, hers->id), ==, 1);
  g_assert_cmpuint (count_markers (paul, his->id), ==, 1);

  g_clear_object (&marie);
  g_clear_object (&paul);
  ressenti_test_rmdir (dir);
}

static void
test_markers_crud (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-markers");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "markers", "A-1", "S", NULL, NULL);
  g_autoptr(RessentiReviewInfo) review = ressenti_store_start_review (store, ressenti_recording_get_id (recording), NULL);
  g_autoptr(RessentiMarker) moment = NULL;
  g_autoptr(RessentiMarker) span = NULL;
  g_autoptr(RessentiMarker) agent = NULL;
  g_autoptr(RessentiMarker) both = NULL;
  g_autoptr(GPtrArray) markers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiReviewInfo) counted = NULL;
  g_autofree char *long_text = NULL;
  g_autofree char *longest = NULL;
  RessentiMarker *listed;

  span = marker_at (133000, RESSENTI_SIDE_CUSTOMER, "frustration", 3, "voice rises when the refund is refused");
  span->end_ms = 140000;
  add_marker_ok (store, review->id, span);
  moment = add_marker_ok (store, review->id, marker_at (133000, RESSENTI_SIDE_CUSTOMER, "anger", 2, NULL));
  agent = add_marker_ok (store, review->id, marker_at (5000, RESSENTI_SIDE_AGENT, "rushed", 1, NULL));
  /* Both sides take either kind. */
  both = add_marker_ok (store, review->id, marker_at (6000, RESSENTI_SIDE_BOTH, "hesitant", 1, NULL));
  g_clear_pointer (&both, ressenti_marker_free);
  both = add_marker_ok (store, review->id, marker_at (6000, RESSENTI_SIDE_BOTH, "calm", 1, NULL));

  markers = ressenti_store_list_markers (store, review->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (markers->len, ==, 5);
  /* Time order; at the same time, the moment before the span. */
  listed = g_ptr_array_index (markers, 0);
  g_assert_cmpstr (listed->id, ==, agent->id);
  g_assert_cmpint (listed->side, ==, RESSENTI_SIDE_AGENT);
  listed = g_ptr_array_index (markers, 3);
  g_assert_cmpstr (listed->id, ==, moment->id);
  g_assert_cmpint (listed->end_ms, ==, -1);
  listed = g_ptr_array_index (markers, 4);
  g_assert_cmpstr (listed->id, ==, span->id);
  g_assert_cmpint (listed->end_ms, ==, 140000);
  g_assert_cmpstr (listed->text, ==, "voice rises when the refund is refused");
  g_assert_cmpstr (listed->review_id, ==, review->id);
  counted = ressenti_store_get_review (store, review->id, NULL);
  g_assert_cmpuint (counted->n_markers, ==, 5);

  /* Changing: a span becomes a moment, and the text goes. */
  span->end_ms = -1;
  span->intensity = 1;
  g_clear_pointer (&span->text, g_free);
  g_assert_true (ressenti_store_update_marker (store, span, &error));
  g_assert_no_error (error);
  g_clear_pointer (&markers, g_ptr_array_unref);
  markers = ressenti_store_list_markers (store, review->id, NULL);
  listed = g_ptr_array_index (markers, 4);
  g_assert_cmpstr (listed->id, ==, span->id);
  g_assert_cmpint (listed->end_ms, ==, -1);
  g_assert_cmpint (listed->intensity, ==, 1);
  g_assert_null (listed->text);

  /* What the store refuses. */
  assert_add_refused (store, review->id, marker_at (1, RESSENTI_SIDE_AGENT, "anger", 2, NULL),
                      RESSENTI_STORE_ERROR_INVALID);
  assert_add_refused (store, review->id, marker_at (1, RESSENTI_SIDE_CUSTOMER, "warm", 2, NULL),
                      RESSENTI_STORE_ERROR_INVALID);
  assert_add_refused (store, review->id, marker_at (1, RESSENTI_SIDE_CUSTOMER, "no-such-entry", 2, NULL),
                      RESSENTI_STORE_ERROR_INVALID);
  assert_add_refused (store, review->id, marker_at (1, RESSENTI_SIDE_CUSTOMER, "anger", 0, NULL),
                      RESSENTI_STORE_ERROR_INVALID);
  assert_add_refused (store, review->id, marker_at (1, RESSENTI_SIDE_CUSTOMER, "anger", 4, NULL),
                      RESSENTI_STORE_ERROR_INVALID);
  assert_add_refused (store, review->id, marker_at (-1, RESSENTI_SIDE_CUSTOMER, "anger", 2, NULL),
                      RESSENTI_STORE_ERROR_INVALID);
  assert_add_refused (store, review->id, marker_at (1, RESSENTI_SIDE_CUSTOMER, "anger", 2, ""),
                      RESSENTI_STORE_ERROR_INVALID);
  assert_add_refused (store, review->id, marker_at (1, RESSENTI_SIDE_CUSTOMER, "anger", 2, "  "),
                      RESSENTI_STORE_ERROR_INVALID);
  g_clear_pointer (&moment, ressenti_marker_free);
  moment = marker_at (10, RESSENTI_SIDE_CUSTOMER, "anger", 2, NULL);
  moment->end_ms = 10;
  assert_add_refused (store, review->id, g_steal_pointer (&moment), RESSENTI_STORE_ERROR_INVALID);
  moment = marker_at (10, RESSENTI_SIDE_CUSTOMER, "anger", 2, NULL);
  moment->end_ms = 5;
  assert_add_refused (store, review->id, g_steal_pointer (&moment), RESSENTI_STORE_ERROR_INVALID);
  /* The limit counts characters, not bytes. */
  long_text = g_strnfill (RESSENTI_MARKER_TEXT_MAX + 1, 'a');
  assert_add_refused (store, review->id, marker_at (1, RESSENTI_SIDE_CUSTOMER, "anger", 2, long_text),
                      RESSENTI_STORE_ERROR_INVALID);
  {
    GString *accents = g_string_new (NULL);

    for (int i = 0; i < RESSENTI_MARKER_TEXT_MAX; i++)
      g_string_append (accents, "é");
    longest = g_string_free (accents, FALSE);
  }
  g_clear_pointer (&moment, ressenti_marker_free);
  moment = add_marker_ok (store, review->id, marker_at (1, RESSENTI_SIDE_CUSTOMER, "anger", 2, longest));
  g_assert_cmpuint (count_markers (store, review->id), ==, 6);

  /* An update is checked the same way, and leaves the marker as it was. */
  agent->entry_key = (g_free (agent->entry_key), g_strdup ("anger"));
  g_assert_false (ressenti_store_update_marker (store, agent, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (ressenti_store_delete_marker (store, moment->id, &error));
  g_assert_no_error (error);
  g_assert_false (ressenti_store_delete_marker (store, moment->id, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Put back with its id, as undoing a deletion does. */
  g_assert_true (ressenti_store_add_marker (store, moment, &error));
  g_assert_no_error (error);
  g_assert_false (ressenti_store_add_marker (store, moment, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_markers (store, review->id), ==, 6);

  g_clear_pointer (&markers, g_ptr_array_unref);
  markers = ressenti_store_list_markers (store, "no-such-review", &error);
  g_assert_null (markers);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static GPtrArray *
many_markers (guint n,
              guint offset)
{
  GPtrArray *markers = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("marker %u", i + offset);

      g_ptr_array_add (markers, marker_at ((gint64) (i + offset) * 250, RESSENTI_SIDE_CUSTOMER,
                                           i % 2 ? "worry" : "calm", 1 + (int) (i % 3), text));
    }
  return markers;
}

static void
test_markers_import (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-import-markers");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "import markers", "A-1", "S", NULL, NULL);
  g_autoptr(RessentiReviewInfo) review = ressenti_store_start_review (store, ressenti_recording_get_id (recording), NULL);
  g_autoptr(RessentiMarker) existing = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_free);
  g_autoptr(GPtrArray) big = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  RessentiMarker *foreign;
  guint added = 99;
  guint skipped = 99;

  existing = add_marker_ok (store, review->id, marker_at (1000, RESSENTI_SIDE_CUSTOMER, "anger", 3, "shouts"));
  /* The same as the existing one, twice the same, and one new; ids and
   * review of another library are ignored. */
  g_ptr_array_add (batch, marker_at (1000, RESSENTI_SIDE_CUSTOMER, "anger", 3, "shouts"));
  g_ptr_array_add (batch, marker_at (2000, RESSENTI_SIDE_AGENT, "warm", 2, NULL));
  g_ptr_array_add (batch, marker_at (2000, RESSENTI_SIDE_AGENT, "warm", 2, NULL));
  foreign = marker_at (3000, RESSENTI_SIDE_CUSTOMER, "worry", 1, NULL);
  foreign->id = g_strdup (existing->id);
  foreign->review_id = g_strdup ("another-library");
  g_ptr_array_add (batch, foreign);

  g_assert_true (ressenti_store_import_markers (store, review->id, batch, &added, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpuint (skipped, ==, 2);
  g_assert_null (((RessentiMarker *) g_ptr_array_index (batch, 0))->id);
  g_assert_nonnull (((RessentiMarker *) g_ptr_array_index (batch, 1))->id);
  g_assert_null (((RessentiMarker *) g_ptr_array_index (batch, 2))->id);
  g_assert_cmpstr (foreign->id, !=, existing->id);
  g_assert_cmpstr (foreign->review_id, ==, review->id);
  g_assert_cmpuint (count_markers (store, review->id), ==, 3);

  /* Twice the same file adds nothing. */
  g_assert_true (ressenti_store_import_markers (store, review->id, batch, &added, &skipped, &error));
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (skipped, ==, 4);
  g_assert_cmpuint (count_markers (store, review->id), ==, 3);

  /* All or nothing: one bad marker among many, and none is added. */
  big = many_markers (1000, 100);
  g_ptr_array_add (big, marker_at (5, RESSENTI_SIDE_AGENT, "anger", 2, NULL));
  g_assert_false (ressenti_store_import_markers (store, review->id, big, &added, &skipped, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1001"));
  g_clear_error (&error);
  g_assert_cmpuint (count_markers (store, review->id), ==, 3);
  g_assert_null (((RessentiMarker *) g_ptr_array_index (big, 0))->id);

  /* 10,000 markers in one review. */
  g_clear_pointer (&big, g_ptr_array_unref);
  big = many_markers (10000, 10);
  g_assert_true (ressenti_store_import_markers (store, review->id, big, &added, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 10000);
  listed = ressenti_store_list_markers (store, review->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 10003);
  for (guint i = 1; i < listed->len; i++)
    g_assert_cmpint (ressenti_marker_compare_indirect (&g_ptr_array_index (listed, i - 1),
                                                       &g_ptr_array_index (listed, i)), <, 0);
  g_assert_true (ressenti_store_import_markers (store, review->id, big, &added, &skipped, &error));
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (skipped, ==, 10000);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static void
test_vocabulary_builtin (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-vocabulary");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiVocabulary) vocabulary = ressenti_store_get_vocabulary (store, NULL);
  g_autoptr(GPtrArray) entries = ressenti_vocabulary_get_entries (vocabulary);
  g_autoptr(GPtrArray) customer = ressenti_vocabulary_get_active (vocabulary, RESSENTI_VOCABULARY_CUSTOMER_EMOTION);
  g_autoptr(GPtrArray) delivery = ressenti_vocabulary_get_active (vocabulary, RESSENTI_VOCABULARY_AGENT_DELIVERY);
  const RessentiVocabularyEntry *entry;
  static const struct { const char *text; const char *key; } matches[] = {
    { "colère", "anger" }, { "Colere", "anger" }, { "ANGER", "anger" }, { " anger ", "anger" },
    { "agacement", "frustration" }, { "Frustration / agacement", "frustration" },
    { "annoyance", "frustration" }, { "frustration", "frustration" },
    { "inquiétude", "worry" }, { "chaleureux", "warm" }, { "pressé", "rushed" },
    { "Pressee", "rushed" }, { "calme", "calm" }, { "neutral", "calm" },
    { "lassitude", "resignation" }, { "autre", "other" }, { "monocorde", "monotone" },
  };

  g_assert_cmpuint (entries->len, ==, 15);
  g_assert_cmpuint (customer->len, ==, 10);
  g_assert_cmpuint (delivery->len, ==, 5);
  entry = g_ptr_array_index (customer, 0);
  g_assert_cmpstr (entry->key, ==, "calm");
  g_assert_true (entry->builtin);
  g_assert_cmpstr (entry->emotionml_name, ==, "relaxed");
  g_assert_cmpstr (entry->emotionml_set, ==, "http://www.w3.org/TR/emotion-voc/xml#everyday-categories");
  g_assert_cmpint (entry->earcon, ==, RESSENTI_EARCON_MARKER_CALM);
  g_assert_cmpstr (ressenti_vocabulary_get_digit (vocabulary, RESSENTI_VOCABULARY_AGENT_DELIVERY, 1)->key,
                   ==, "warm");
  g_assert_null (ressenti_vocabulary_get_digit (vocabulary, RESSENTI_VOCABULARY_AGENT_DELIVERY, 6));
  g_assert_null (ressenti_vocabulary_lookup (vocabulary, "confusion")->emotionml_name);
  g_assert_cmpstr (ressenti_vocabulary_get_label (vocabulary, "anger"), ==, "Anger");
  g_assert_cmpstr (ressenti_vocabulary_get_label (vocabulary, "imported-key"), ==, "imported-key");
  for (guint i = 0; i < 15; i++)
    {
      entry = g_ptr_array_index (entries, i);
      g_assert_cmpstr (entry->definition, !=, "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (matches); i++)
    {
      entry = ressenti_vocabulary_match_text (vocabulary, matches[i].text);
      g_assert_nonnull (entry);
      g_assert_cmpstr (entry->key, ==, matches[i].key);
    }
  g_assert_null (ressenti_vocabulary_match_text (vocabulary, "joie"));
  g_assert_null (ressenti_vocabulary_match_text (vocabulary, ""));

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static void
test_vocabulary_edit (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-vocabulary-edit");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "vocabulary edit", "A-1", "S", NULL, NULL);
  g_autoptr(RessentiReviewInfo) review = ressenti_store_start_review (store, ressenti_recording_get_id (recording), NULL);
  g_autoptr(RessentiMarker) angry = add_marker_ok (store, review->id, marker_at (1000, RESSENTI_SIDE_CUSTOMER, "anger", 3, NULL));
  g_autoptr(RessentiMarker) worried = add_marker_ok (store, review->id, marker_at (2000, RESSENTI_SIDE_CUSTOMER, "worry", 1, NULL));
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autoptr(RessentiVocabularyEntry) entry = NULL;
  g_autoptr(RessentiVocabularyEntry) custom = NULL;
  g_autoptr(RessentiVocabularyEntry) refused = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;
  sqlite3 *raw;

  /* Rename anger: its markers follow. */
  vocabulary = ressenti_store_get_vocabulary (store, NULL);
  entry = ressenti_vocabulary_entry_copy (ressenti_vocabulary_lookup (vocabulary, "anger"));
  entry->label = (g_free (entry->label), g_strdup ("Fury"));
  entry->definition = (g_free (entry->definition), g_strdup ("Shouting."));
  g_assert_true (ressenti_store_update_vocabulary_entry (store, entry, &error));
  g_assert_no_error (error);
  g_clear_object (&vocabulary);
  vocabulary = ressenti_store_get_vocabulary (store, NULL);
  sentence = ressenti_marker_describe (angry, vocabulary, RESSENTI_MARKER_SAY_CATEGORY);
  g_assert_cmpstr (sentence, ==, "Fury, strong, customer");
  g_assert_cmpstr (ressenti_vocabulary_lookup (vocabulary, "anger")->definition, ==, "Shouting.");
  /* The French word still finds it. */
  g_assert_cmpstr (ressenti_vocabulary_match_text (vocabulary, "colère")->key, ==, "anger");

  /* Given its default back, it follows the translation again. */
  entry->label = (g_free (entry->label), g_strdup ("Anger"));
  entry->definition = (g_free (entry->definition), NULL);
  g_assert_true (ressenti_store_update_vocabulary_entry (store, entry, &error));
  raw = raw_open (dir);
  g_assert_cmpint (raw_int (raw, "SELECT custom_label FROM vocabulary_entries WHERE key = 'anger'"), ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT definition IS NULL FROM vocabulary_entries WHERE key = 'anger'"), ==, 1);
  sqlite3_close (raw);

  /* A name another entry has is refused. */
  entry->label = (g_free (entry->label), g_strdup ("inquiétude"));
  g_assert_false (ressenti_store_update_vocabulary_entry (store, entry, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Reorder: anger first. */
  g_assert_true (ressenti_store_move_vocabulary_entry (store, "anger", 0, &error));
  g_assert_no_error (error);
  g_assert_true (ressenti_store_move_vocabulary_entry (store, "calm", 100, &error));
  g_clear_object (&vocabulary);
  vocabulary = ressenti_store_get_vocabulary (store, NULL);
  active = ressenti_vocabulary_get_active (vocabulary, RESSENTI_VOCABULARY_CUSTOMER_EMOTION);
  g_assert_cmpstr (((RessentiVocabularyEntry *) g_ptr_array_index (active, 0))->key, ==, "anger");
  g_assert_cmpstr (((RessentiVocabularyEntry *) g_ptr_array_index (active, 1))->key, ==, "satisfaction");
  g_assert_cmpstr (((RessentiVocabularyEntry *) g_ptr_array_index (active, 9))->key, ==, "calm");
  g_assert_cmpuint (((RessentiVocabularyEntry *) g_ptr_array_index (active, 9))->position, ==, 9);
  g_clear_pointer (&active, g_ptr_array_unref);

  /* Retire worry: not offered, but its marker reads as before. */
  g_clear_pointer (&entry, ressenti_vocabulary_entry_free);
  entry = ressenti_vocabulary_entry_copy (ressenti_vocabulary_lookup (vocabulary, "worry"));
  entry->retired = TRUE;
  g_assert_true (ressenti_store_update_vocabulary_entry (store, entry, &error));
  g_clear_object (&vocabulary);
  vocabulary = ressenti_store_get_vocabulary (store, NULL);
  active = ressenti_vocabulary_get_active (vocabulary, RESSENTI_VOCABULARY_CUSTOMER_EMOTION);
  g_assert_cmpuint (active->len, ==, 9);
  g_clear_pointer (&sentence, g_free);
  sentence = ressenti_marker_describe (worried, vocabulary, RESSENTI_MARKER_SAY_CATEGORY);
  g_assert_cmpstr (sentence, ==, "Worry, mild, customer");
  g_assert_cmpuint (count_markers (store, review->id), ==, 2);

  /* A new entry, at the end of its kind, usable at once. */
  custom = ressenti_store_add_vocabulary_entry (store, RESSENTI_VOCABULARY_AGENT_DELIVERY,
                                                " Patient ", "Lets the customer finish.", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (custom->key, "custom-"));
  g_assert_cmpstr (custom->label, ==, "Patient");
  g_assert_cmpuint (custom->position, ==, 5);
  g_assert_false (custom->builtin);
  g_assert_null (custom->emotionml_name);
  g_assert_cmpint (custom->earcon, ==, RESSENTI_EARCON_MARKER);
  g_clear_pointer (&worried, ressenti_marker_free);
  worried = add_marker_ok (store, review->id, marker_at (3000, RESSENTI_SIDE_AGENT, custom->key, 2, NULL));
  refused = ressenti_store_add_vocabulary_entry (store, RESSENTI_VOCABULARY_AGENT_DELIVERY,
                                                 "patient", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_INVALID);
  g_clear_error (&error);
  refused = ressenti_store_add_vocabulary_entry (store, RESSENTI_VOCABULARY_AGENT_DELIVERY,
                                                 "   ", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* An earcon this version does not know sounds as the marker earcon. */
  raw = raw_open (dir);
  raw_exec (raw, "UPDATE vocabulary_entries SET earcon = 'from-the-future' WHERE key = 'calm'");
  sqlite3_close (raw);
  g_clear_object (&vocabulary);
  vocabulary = ressenti_store_get_vocabulary (store, NULL);
  g_assert_cmpint (ressenti_vocabulary_lookup (vocabulary, "calm")->earcon, ==, RESSENTI_EARCON_MARKER);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

/* The child of test_killed_marker: adds one marker, says so, and waits
 * to be killed. */
static int
child_marker (const char *dir,
              const char *review_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiStore) store = ressenti_store_open (dir, &error);
  g_autoptr(RessentiMarker) marker = NULL;

  if (store == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  marker = marker_at (42000, RESSENTI_SIDE_CUSTOMER, "impatience", 2, "sighs");
  marker->review_id = g_strdup (review_id);
  if (!ressenti_store_add_marker (store, marker, &error))
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  g_print ("committed %s\n", marker->id);
  fflush (stdout);
  for (;;)
    g_usleep (G_USEC_PER_SEC);
}

static void
test_killed_marker (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-kill-marker");
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "killed marker", "A-1", "S", NULL, NULL);
  g_autoptr(RessentiReviewInfo) review = ressenti_store_start_review (store, ressenti_recording_get_id (recording), NULL);
  const char *argv[] = { self_exe, "--child-marker", dir, review->id, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) markers = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  RessentiMarker *marker;
  GPid pid;
  int out_fd = -1;
  int status = 0;

  /* Only the child has the library open when it is killed. */
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

  store = open_store (dir);
  markers = ressenti_store_list_markers (store, review->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (markers->len, ==, 1);
  marker = g_ptr_array_index (markers, 0);
  g_assert_cmpstr (marker->id, ==, line + strlen ("committed "));
  g_assert_cmpstr (marker->entry_key, ==, "impatience");
  g_assert_cmpstr (marker->text, ==, "sighs");

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* Threads and async                                                   */
/* ------------------------------------------------------------------ */

/* Each synchronous call the guard must catch on the main thread. */
typedef struct
{
  const char *name;
  void      (*call) (RessentiStore *store);
} GuardedCall;

static void
call_list_recordings (RessentiStore *store)
{
  g_autoptr(GPtrArray) recordings = ressenti_store_list_recordings (store, NULL);
}

static void
call_save_analysis (RessentiStore *store)
{
  g_autoptr(GBytes) data = g_bytes_new_static ("turns", 5);

  ressenti_store_save_analysis (store, "r", 1, data, NULL);
}

static void
call_load_analysis (RessentiStore *store)
{
  g_autoptr(GBytes) data = ressenti_store_load_analysis (store, "r", 1, NULL);
}

static void
call_set_resume_position (RessentiStore *store)
{
  ressenti_store_set_resume_position (store, "r", 0, NULL);
}

static void
call_get_resume_position (RessentiStore *store)
{
  ressenti_store_get_resume_position (store, "r", NULL);
}

static void
call_start_listening_session (RessentiStore *store)
{
  g_autofree char *id = ressenti_store_start_listening_session (store, "r", NULL);
}

static void
call_update_listening_session (RessentiStore *store)
{
  ressenti_store_update_listening_session (store, "s", 0, TRUE, NULL);
}

static void
call_get_listened_ms (RessentiStore *store)
{
  ressenti_store_get_listened_ms (store, "r", NULL);
}

static const GuardedCall guarded_calls[] = {
  { "ressenti_store_list_recordings", call_list_recordings },
  { "ressenti_store_save_analysis", call_save_analysis },
  { "ressenti_store_load_analysis", call_load_analysis },
  { "ressenti_store_set_resume_position", call_set_resume_position },
  { "ressenti_store_get_resume_position", call_get_resume_position },
  { "ressenti_store_start_listening_session", call_start_listening_session },
  { "ressenti_store_update_listening_session", call_update_listening_session },
  { "ressenti_store_get_listened_ms", call_get_listened_ms },
};

static void
test_main_thread_guard (gconstpointer data)
{
  const GuardedCall *guarded = data;
  g_autofree char *expected = NULL;

  if (g_test_subprocess ())
    {
      g_autofree char *dir = ressenti_test_mkdtemp ("store-guard");
      g_autoptr(RessentiStore) store = open_store (dir);

      ressenti_store_forbid_main_thread (store);
      g_assert_true (g_main_context_acquire (NULL));
      /* Criticals are fatal in tests: this aborts the subprocess. */
      guarded->call (store);
      g_main_context_release (NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  expected = g_strdup_printf ("*%s()*called on the main thread*", guarded->name);
  g_test_trap_assert_stderr (expected);
}

static void
test_main_thread_allowed (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-allowed");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(GPtrArray) recordings = NULL;

  /* Without forbid_main_thread() (the command-line tool), no critical. */
  g_assert_true (g_main_context_acquire (NULL));
  recordings = ressenti_store_list_recordings (store, NULL);
  g_main_context_release (NULL);
  g_assert_nonnull (recordings);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_true (g_thread_self () == main_thread);
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
test_async (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-async");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "async", "A-1", "S", NULL, NULL);
  g_autoptr(RessentiRecording) got = NULL;
  g_autoptr(RessentiReviewInfo) review = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GPtrArray) array = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = ressenti_recording_get_id (recording);
  GAsyncResult *result = NULL;

  /* The worker threads never own the main context: no critical. */
  ressenti_store_forbid_main_thread (store);

  ressenti_store_list_recordings_async (store, NULL, got_result, &result);
  array = ressenti_store_list_recordings_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (array->len, ==, 1);
  g_assert_cmpstr (ressenti_recording_get_id (g_ptr_array_index (array, 0)), ==, id);
  g_clear_object (&result);
  g_clear_pointer (&array, g_ptr_array_unref);

  ressenti_store_log_access_async (store, id, RESSENTI_ACCESS_OPEN, NULL, got_result, &result);
  g_assert_true (ressenti_store_log_access_finish (store, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (ressenti_store_count_access (store, id, RESSENTI_ACCESS_OPEN, NULL), ==, 1);

  ressenti_store_set_channel_layout_async (store, id, RESSENTI_CHANNEL_LAYOUT_MONO, NULL, got_result, &result);
  g_assert_true (ressenti_store_set_channel_layout_finish (store, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  got = ressenti_store_get_recording (store, id, NULL);
  g_assert_cmpint (ressenti_recording_get_layout (got), ==, RESSENTI_CHANNEL_LAYOUT_MONO);

  review = ressenti_store_start_review (store, id, NULL);
  ressenti_store_list_reviews_async (store, id, NULL, got_result, &result);
  array = ressenti_store_list_reviews_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (array->len, ==, 1);
  g_assert_cmpstr (((RessentiReviewInfo *) g_ptr_array_index (array, 0))->id, ==, review->id);
  g_clear_object (&result);
  g_clear_pointer (&array, g_ptr_array_unref);

  g_cancellable_cancel (cancelled);
  ressenti_store_list_recordings_async (store, cancelled, got_result, &result);
  array = ressenti_store_list_recordings_finish (store, wait_for (&result), &error);
  g_assert_null (array);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  ressenti_store_delete_recording_async (store, id, NULL, got_result, &result);
  g_assert_true (ressenti_store_delete_recording_finish (store, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  ressenti_store_delete_recording_async (store, id, NULL, got_result, &result);
  g_assert_false (ressenti_store_delete_recording_finish (store, wait_for (&result), &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_object (&result);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

/* The player page's calls, all from the main loop of a thread that owns
 * the default main context, as GTK's does, with the guard on: a
 * synchronous call made there would be a fatal critical. */
static void
test_playback_async (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-playback-async");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "async playback", "A-1", "S", NULL, NULL);
  g_autoptr(GBytes) analysis = random_bytes (64 * 1024);
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *session = NULL;
  g_autofree char *no_session = NULL;
  const char *id = ressenti_recording_get_id (recording);
  GAsyncResult *result = NULL;

  ressenti_store_forbid_main_thread (store);
  g_assert_true (g_main_context_acquire (NULL));

  ressenti_store_load_analysis_async (store, id, 1, NULL, got_result, &result);
  loaded = ressenti_store_load_analysis_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  g_clear_object (&result);

  ressenti_store_save_analysis_async (store, id, 1, analysis, NULL, got_result, &result);
  g_assert_true (ressenti_store_save_analysis_finish (store, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  ressenti_store_load_analysis_async (store, id, 1, NULL, got_result, &result);
  loaded = ressenti_store_load_analysis_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, analysis));
  g_clear_pointer (&loaded, g_bytes_unref);
  g_clear_object (&result);

  ressenti_store_load_analysis_async (store, id, 2, NULL, got_result, &result);
  loaded = ressenti_store_load_analysis_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  g_clear_object (&result);

  ressenti_store_save_analysis_async (store, "no-such-recording", 1, analysis, NULL, got_result, &result);
  g_assert_false (ressenti_store_save_analysis_finish (store, wait_for (&result), &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  ressenti_store_get_resume_position_async (store, id, NULL, got_result, &result);
  g_assert_cmpint (ressenti_store_get_resume_position_finish (store, wait_for (&result), &error), ==, -1);
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Beyond 32 bits of milliseconds, which g_task_return_int() could lose. */
  ressenti_store_set_resume_position_async (store, id, G_GINT64_CONSTANT (5000000000), NULL,
                                            got_result, &result);
  g_assert_true (ressenti_store_set_resume_position_finish (store, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  ressenti_store_get_resume_position_async (store, id, NULL, got_result, &result);
  g_assert_cmpint (ressenti_store_get_resume_position_finish (store, wait_for (&result), &error), ==,
                   G_GINT64_CONSTANT (5000000000));
  g_assert_no_error (error);
  g_clear_object (&result);

  ressenti_store_start_listening_session_async (store, id, NULL, got_result, &result);
  session = ressenti_store_start_listening_session_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (session));
  g_clear_object (&result);

  ressenti_store_start_listening_session_async (store, "no-such-recording", NULL, got_result, &result);
  no_session = ressenti_store_start_listening_session_finish (store, wait_for (&result), &error);
  g_assert_null (no_session);
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  ressenti_store_update_listening_session_async (store, session, 12000, TRUE, NULL, got_result, &result);
  g_assert_true (ressenti_store_update_listening_session_finish (store, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  ressenti_store_update_listening_session_async (store, "no-such-session", 12000, TRUE, NULL,
                                                 got_result, &result);
  g_assert_false (ressenti_store_update_listening_session_finish (store, wait_for (&result), &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  /* A read-only library: the error reaches the main loop. */
  ressenti_store_refuse_writes_for_testing (store);
  ressenti_store_set_resume_position_async (store, id, 1000, NULL, got_result, &result);
  g_assert_false (ressenti_store_set_resume_position_finish (store, wait_for (&result), &error));
  assert_refused (error, dir);
  g_clear_error (&error);
  g_clear_object (&result);

  g_main_context_release (NULL);
  g_assert_cmpint (ressenti_store_get_listened_ms (store, id, NULL), ==, 12000);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

/* Voice notes: begun while recording, finished, listed in time order,
 * attached to a marker, transcribed (typed beats engine), deleted and
 * restored, gone for good at the next opening; another listener's refused. */
static void
test_voice_notes (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-notes");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiStore) theirs = open_store_as (dir, "other-listener");
  g_autoptr(RessentiRecording) recording = add_call (store, "notes", "A-1", "S", NULL, NULL);
  g_autoptr(RessentiReviewInfo) review = ressenti_store_start_review (store, ressenti_recording_get_id (recording), NULL);
  g_autoptr(RessentiMarker) marker = add_marker_ok (store, review->id,
                                                    marker_at (9000, RESSENTI_SIDE_CUSTOMER, "anger", 2, NULL));
  g_autoptr(RessentiVoiceNote) late = NULL;
  g_autoptr(RessentiVoiceNote) early = NULL;
  g_autoptr(RessentiVoiceNote) got = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(RessentiReviewInfo) counted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *sentence = NULL;
  gboolean changed = FALSE;
  RessentiVoiceNote *listed;

  late = ressenti_store_begin_voice_note (store, review->id, 20000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (late->state, ==, RESSENTI_VOICE_NOTE_RECORDING);
  g_assert_cmpstr (late->author, ==, ressenti_store_get_current_user (store));
  path = ressenti_store_get_voice_note_path (store, late);
  g_assert_true (g_str_has_prefix (path, dir));
  g_assert_true (g_str_has_suffix (path, ".opus"));
  /* The folder is there for the recorder, private. */
  folder = g_path_get_dirname (path);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_set_contents (path, "opus", -1, NULL));
  early = ressenti_store_begin_voice_note (store, review->id, 9000, marker->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (early->marker_id, ==, marker->id);

  unfinished = ressenti_store_list_unfinished_voice_notes (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unfinished->len, ==, 2);
  g_clear_pointer (&unfinished, g_ptr_array_unref);
  /* Another listener's unfinished notes are not theirs to recover. */
  unfinished = ressenti_store_list_unfinished_voice_notes (theirs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unfinished->len, ==, 0);
  g_clear_pointer (&unfinished, g_ptr_array_unref);

  g_assert_true (ressenti_store_finish_voice_note (store, late->id, 4200, &error));
  g_assert_no_error (error);
  g_assert_true (ressenti_store_finish_voice_note (store, early->id, 1500, &error));
  g_assert_no_error (error);
  unfinished = ressenti_store_list_unfinished_voice_notes (store, &error);
  g_assert_cmpuint (unfinished->len, ==, 0);

  notes = ressenti_store_list_voice_notes (store, review->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 2);
  listed = g_ptr_array_index (notes, 0);
  g_assert_cmpstr (listed->id, ==, early->id);
  g_assert_cmpstr (listed->marker_id, ==, marker->id);
  listed = g_ptr_array_index (notes, 1);
  g_assert_cmpstr (listed->id, ==, late->id);
  g_assert_cmpint (listed->state, ==, RESSENTI_VOICE_NOTE_COMPLETE);
  g_assert_cmpint (listed->duration_ms, ==, 4200);
  g_assert_null (listed->marker_id);
  counted = ressenti_store_get_review (store, review->id, NULL);
  g_assert_cmpuint (counted->n_voice_notes, ==, 2);
  g_clear_pointer (&counted, ressenti_review_info_free);

  /* Said as a listener hears it. */
  ressenti_test_set_language ("en");
  sentence = ressenti_voice_note_describe (listed, FALSE);
  g_assert_true (g_str_has_prefix (sentence, "Voice note, 4 seconds, at 20 seconds, by "));

  /* Another listener can change nothing of it, but may type its
   * transcript (a colleague transcribing). */
  g_assert_false (ressenti_store_delete_voice_note (theirs, late->id, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ressenti_store_finish_voice_note (theirs, late->id, 1, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (ressenti_store_begin_voice_note (theirs, review->id, 0, NULL, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  /* An engine writes a transcript; a typed one replaces it; an engine
   * never replaces a typed one. */
  g_assert_true (ressenti_store_set_voice_note_transcript (store, late->id, "remboursement refusé",
                                                           RESSENTI_TRANSCRIPT_ENGINE, "fr", &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_true (ressenti_store_set_voice_note_transcript (theirs, late->id, "le remboursement est refusé",
                                                           RESSENTI_TRANSCRIPT_TYPED, "fr", &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_true (ressenti_store_set_voice_note_transcript (store, late->id, "autre chose",
                                                           RESSENTI_TRANSCRIPT_ENGINE, "fr", &changed, &error));
  g_assert_no_error (error);
  g_assert_false (changed);
  got = ressenti_store_get_voice_note (store, late->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->transcript, ==, "le remboursement est refusé");
  g_assert_cmpint (got->transcript_source, ==, RESSENTI_TRANSCRIPT_TYPED);
  g_assert_cmpstr (got->language, ==, "fr");
  g_clear_pointer (&got, ressenti_voice_note_free);

  /* Trim or re-record: the timing changes. */
  g_assert_true (ressenti_store_set_voice_note_timing (store, late->id, 20300, 3800, &error));
  g_assert_no_error (error);
  got = ressenti_store_get_voice_note (store, late->id, &error);
  g_assert_cmpint (got->at_ms, ==, 20300);
  g_assert_cmpint (got->duration_ms, ==, 3800);
  g_clear_pointer (&got, ressenti_voice_note_free);

  /* Deleted, then restored; deleted again, it is gone at the next
   * opening, file and all. */
  g_assert_true (ressenti_store_delete_voice_note (store, late->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = ressenti_store_list_voice_notes (store, review->id, &error);
  g_assert_cmpuint (notes->len, ==, 1);
  counted = ressenti_store_get_review (store, review->id, NULL);
  g_assert_cmpuint (counted->n_voice_notes, ==, 1);
  g_clear_pointer (&counted, ressenti_review_info_free);
  g_assert_true (ressenti_store_restore_voice_note (store, late->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = ressenti_store_list_voice_notes (store, review->id, &error);
  g_assert_cmpuint (notes->len, ==, 2);
  g_assert_true (ressenti_store_delete_voice_note (store, late->id, &error));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_object (&store);
  g_clear_object (&theirs);
  store = open_store (dir);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (ressenti_store_get_voice_note (store, late->id, &error));
  g_assert_error (error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Discarded (a recording that failed): row and file gone at once. */
  g_clear_pointer (&path, g_free);
  path = ressenti_store_get_voice_note_path (store, early);
  g_assert_true (g_file_set_contents (path, "opus", -1, NULL));
  g_assert_true (ressenti_store_discard_voice_note (store, early->id, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = ressenti_store_list_voice_notes (store, review->id, &error);
  g_assert_cmpuint (notes->len, ==, 0);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

static guint
count_hits (RessentiStore      *store,
            const char         *text,
            RessentiSearchKind  kind,
            const char         *item_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = ressenti_store_search (store, text, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    {
      RessentiSearchHit *hit = g_ptr_array_index (hits, i);

      if (hit->kind == kind && (item_id == NULL || g_strcmp0 (hit->item_id, item_id) == 0))
        n++;
    }
  return n;
}

/* Search finds a word of a marker's text, of a typed transcript and of a
 * summary, without accents and by the start of a word; follows changes
 * and deletions; never chokes on what is typed. */
static void
test_search (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("store-search");
  g_autoptr(RessentiStore) store = open_store (dir);
  g_autoptr(RessentiRecording) recording = add_call (store, "searched", "A-1", "S", NULL, NULL);
  const char *recording_id = ressenti_recording_get_id (recording);
  g_autoptr(RessentiReviewInfo) review = ressenti_store_start_review (store, recording_id, NULL);
  g_autoptr(RessentiMarker) marker = add_marker_ok (store, review->id,
                                                    marker_at (133000, RESSENTI_SIDE_CUSTOMER, "frustration", 3,
                                                               "voix qui monte au remboursement"));
  g_autoptr(RessentiVoiceNote) note = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  RessentiSearchHit *hit;
  static const char * const hostile[] = {
    "\"", "\"\"", "AND", "OR NOT", "*", "NEAR(", "'; DROP TABLE markers; --", "body:x", "^", "(", ")",
    "-", "+", "{", "}", ":", "\\", "", "   ", NULL
  };

  note = ressenti_store_begin_voice_note (store, review->id, 60000, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ressenti_store_set_voice_note_transcript (store, note->id, "Le client parle d'une réclamation",
                                                           RESSENTI_TRANSCRIPT_TYPED, "fr", NULL, &error));
  g_assert_true (ressenti_store_set_review_summary (store, review->id, "Appel difficile, bien repris", &error));
  g_assert_no_error (error);

  /* A word of the marker's text, by its start. */
  hits = ressenti_store_search (store, "rembours", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (hit->kind, ==, RESSENTI_SEARCH_MARKER);
  g_assert_cmpstr (hit->item_id, ==, marker->id);
  g_assert_cmpstr (hit->recording_id, ==, recording_id);
  g_assert_cmpstr (hit->review_id, ==, review->id);
  g_assert_cmpint (hit->at_ms, ==, 133000);
  g_assert_nonnull (strstr (hit->snippet, "remboursement"));
  /* The transcript's word, typed without its accent and capitalised. */
  g_assert_cmpuint (count_hits (store, "RECLAMATION", RESSENTI_SEARCH_TRANSCRIPT, note->id), ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = ressenti_store_search (store, "reclamation", 10, &error);
  g_assert_cmpint (((RessentiSearchHit *) g_ptr_array_index (hits, 0))->at_ms, ==, 60000);
  /* The summary's. */
  g_assert_cmpuint (count_hits (store, "difficile", RESSENTI_SEARCH_SUMMARY, review->id), ==, 1);
  /* Every word must be there. */
  g_assert_cmpuint (count_hits (store, "appel repris", RESSENTI_SEARCH_SUMMARY, NULL), ==, 1);
  g_assert_cmpuint (count_hits (store, "appel remboursement", RESSENTI_SEARCH_SUMMARY, NULL), ==, 0);

  /* Changes follow: the old words go, the new ones come. */
  g_free (marker->text);
  marker->text = g_strdup ("ton sec");
  g_assert_true (ressenti_store_update_marker (store, marker, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_hits (store, "remboursement", RESSENTI_SEARCH_MARKER, NULL), ==, 0);
  g_assert_cmpuint (count_hits (store, "sec", RESSENTI_SEARCH_MARKER, marker->id), ==, 1);
  g_assert_true (ressenti_store_delete_voice_note (store, note->id, &error));
  g_assert_cmpuint (count_hits (store, "reclamation", RESSENTI_SEARCH_TRANSCRIPT, NULL), ==, 0);
  g_assert_true (ressenti_store_restore_voice_note (store, note->id, &error));
  g_assert_cmpuint (count_hits (store, "reclamation", RESSENTI_SEARCH_TRANSCRIPT, NULL), ==, 1);
  g_assert_true (ressenti_store_delete_marker (store, marker->id, &error));
  g_assert_cmpuint (count_hits (store, "sec", RESSENTI_SEARCH_MARKER, NULL), ==, 0);
  g_assert_true (ressenti_store_set_review_summary (store, review->id, NULL, &error));
  g_assert_cmpuint (count_hits (store, "difficile", RESSENTI_SEARCH_SUMMARY, NULL), ==, 0);

  /* What is typed is never query syntax. */
  for (guint i = 0; hostile[i] != NULL; i++)
    {
      g_clear_pointer (&hits, g_ptr_array_unref);
      hits = ressenti_store_search (store, hostile[i], 10, &error);
      g_assert_no_error (error);
      g_assert_nonnull (hits);
    }
  g_assert_null (ressenti_store_search_query ("  \"*( "));
  g_assert_cmpstr (ressenti_store_search_query ("l'appel, \"refusé\""), ==, "\"l\"* \"appel\"* \"refusé\"*");

  /* A deleted call takes its reviews' words with it. */
  g_assert_true (ressenti_store_delete_recording (store, recording_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_hits (store, "reclamation", RESSENTI_SEARCH_TRANSCRIPT, NULL), ==, 0);

  g_clear_object (&store);
  ressenti_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--child-import"))
    return child_import (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "--child-marker"))
    return child_marker (argv[2], argv[3]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ressenti_test_init_i18n ();
  main_thread = g_thread_self ();
  g_unsetenv ("RESSENTI_MOUNTINFO");

  g_test_add_func ("/store/fs/is-network", test_fs_is_network);
  g_test_add_func ("/store/fs/sync-dir", test_fs_sync_dir);
  g_test_add_func ("/store/open/creates", test_open_creates);
  g_test_add_func ("/store/open/reopen", test_open_reopen);
  g_test_add_func ("/store/open/not-a-folder", test_open_not_a_folder);
  g_test_add_func ("/store/open/read-only", test_open_read_only);
  g_test_add_func ("/store/recording/lifecycle", test_recording_lifecycle);
  g_test_add_func ("/store/recording/duplicate", test_recording_duplicate);
  g_test_add_func ("/store/recording/extensions", test_recording_extensions);
  g_test_add_func ("/store/recording/order-and-status", test_recording_order_and_status);
  g_test_add_func ("/store/recording/disk-full", test_recording_disk_full);
  g_test_add_func ("/store/recording/leftovers", test_leftovers_removed);
  for (int version = 1; version < RESSENTI_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *path = g_strdup_printf ("/store/migrate/from-%d", version);

      g_test_add_data_func (path, GINT_TO_POINTER (version), test_migrate_from);
    }
  for (guint i = 0; i < G_N_ELEMENTS (failed_migrations); i++)
    {
      g_autofree char *path = g_strdup_printf ("/store/migrate/failure-rolls-back/to-%d",
                                               failed_migrations[i].to_version);

      g_test_add_data_func (path, &failed_migrations[i], test_migrate_failure_rolls_back);
    }
  g_test_add_func ("/store/migrate/too-new", test_too_new);
  g_test_add_func ("/store/corrupt/not-a-database", test_corrupt_not_a_database);
  g_test_add_func ("/store/corrupt/damaged-page", test_corrupt_damaged_page);
  g_test_add_func ("/store/corrupt/foreign-database", test_corrupt_foreign_database);
  g_test_add_func ("/store/network/refused", test_network_refused);
  g_test_add_func ("/store/network/local-ok", test_network_local_ok);
  g_test_add_func ("/store/network/escaped-space", test_network_escaped_space);
  g_test_add_func ("/store/concurrency/readers-during-write", test_concurrent_readers);
  g_test_add_func ("/store/concurrency/threads-one-store", test_threads_one_store);
  g_test_add_func ("/store/reviews/basics", test_reviews);
  g_test_add_func ("/store/reviews/assigned-starts", test_review_assigned_starts);
  g_test_add_func ("/store/reviews/calls", test_review_calls);
  g_test_add_func ("/store/reviews/two-listeners", test_review_two_listeners);
  g_test_add_func ("/store/markers/crud", test_markers_crud);
  g_test_add_func ("/store/voice-notes", test_voice_notes);
  g_test_add_func ("/store/search", test_search);
  g_test_add_func ("/store/markers/import", test_markers_import);
  g_test_add_func ("/store/vocabulary/builtin", test_vocabulary_builtin);
  g_test_add_func ("/store/vocabulary/edit", test_vocabulary_edit);
  g_test_add_func ("/store/crash/killed-marker", test_killed_marker);
  g_test_add_func ("/store/playback/analysis-cache", test_analysis_cache);
  g_test_add_func ("/store/playback/resume-positions", test_resume_positions);
  g_test_add_func ("/store/playback/listening-sessions", test_listening_sessions);
  g_test_add_func ("/store/playback/cascade", test_playback_cascade);
  g_test_add_func ("/store/playback/read-only", test_playback_read_only);
  g_test_add_func ("/store/crash/killed-import", test_killed_import);
  for (guint i = 0; i < G_N_ELEMENTS (guarded_calls); i++)
    {
      g_autofree char *path = g_strdup_printf ("/store/thread/main-thread-guard/%s",
                                               guarded_calls[i].name + strlen ("ressenti_store_"));

      g_strdelimit (path, "_", '-');
      g_test_add_data_func (path, &guarded_calls[i], test_main_thread_guard);
    }
  g_test_add_func ("/store/thread/main-thread-allowed", test_main_thread_allowed);
  g_test_add_func ("/store/thread/async", test_async);
  g_test_add_func ("/store/thread/playback-async", test_playback_async);

  return g_test_run ();
}
