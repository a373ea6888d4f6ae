/* ressenti-importer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each file is checked (exists, readable, not empty, not huge), copied into
 * the library's audio folder under a staging name while its SHA-256 is
 * computed, fsynced, probed and decoded to the end (ressenti-media.c), and
 * only then handed to the store, which renames it and inserts its rows in
 * one transaction. A failure at any step removes the staged copy: the
 * library never holds half a recording.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ressenti-importer.h"
#include "ressenti-media.h"
#include "ressenti-metadata.h"

#define COPY_BUFFER_SIZE (256 * 1024)

struct _RessentiImporter
{
  GObject        parent_instance;

  RessentiStore *store;
  char          *metadata_file;
  /* Where ::progress and ::item-done are emitted; NULL means "right here". */
  GMainContext  *signal_context;
};

G_DEFINE_FINAL_TYPE (RessentiImporter, ressenti_importer, G_TYPE_OBJECT)

enum {
  PROGRESS,
  ITEM_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
ressenti_import_item_free (RessentiImportItem *item)
{
  if (item == NULL)
    return;
  g_free (item->path);
  g_free (item->display_name);
  g_clear_object (&item->recording);
  g_clear_error (&item->error);
  g_free (item);
}

void
ressenti_import_report_free (RessentiImportReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->items, g_ptr_array_unref);
  g_free (report);
}

static void
ressenti_importer_finalize (GObject *object)
{
  RessentiImporter *self = (RessentiImporter *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->metadata_file, g_free);
  g_clear_pointer (&self->signal_context, g_main_context_unref);

  G_OBJECT_CLASS (ressenti_importer_parent_class)->finalize (object);
}

static void
ressenti_importer_class_init (RessentiImporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ressenti_importer_finalize;

  /**
   * RessentiImporter::progress:
   * @done: files finished so far
   * @total: files to import
   * @display_name: the file being imported next, or NULL at the end
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * RessentiImporter::item-done:
   * @item: (type gpointer): the RessentiImportItem just finished
   */
  signals[ITEM_DONE] =
    g_signal_new ("item-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
ressenti_importer_init (RessentiImporter *self)
{
}

RessentiImporter *
ressenti_importer_new (RessentiStore *store)
{
  RessentiImporter *self;

  g_return_val_if_fail (RESSENTI_IS_STORE (store), NULL);

  self = g_object_new (RESSENTI_TYPE_IMPORTER, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
ressenti_importer_set_metadata_file (RessentiImporter *self,
                                     const char       *path)
{
  g_return_if_fail (RESSENTI_IS_IMPORTER (self));

  g_free (self->metadata_file);
  self->metadata_file = g_strdup (path);
}

/* Signals ----------------------------------------------------------------- */

typedef struct
{
  RessentiImporter   *self;
  guint               signal_id;
  guint               done;
  guint               total;
  char               *display_name;
  RessentiImportItem *item;   /* borrowed: the report owns it */
  GMutex              mutex;
  GCond               cond;
  gboolean            emitted;
} Emission;

static gboolean
emit_cb (gpointer user_data)
{
  Emission *emission = user_data;

  if (emission->signal_id == signals[PROGRESS])
    g_signal_emit (emission->self, signals[PROGRESS], 0,
                   emission->done, emission->total, emission->display_name);
  else
    g_signal_emit (emission->self, signals[ITEM_DONE], 0, emission->item);

  g_mutex_lock (&emission->mutex);
  emission->emitted = TRUE;
  g_cond_signal (&emission->cond);
  g_mutex_unlock (&emission->mutex);

  return G_SOURCE_REMOVE;
}

/* Emits on the caller's main context and waits for it, so the item handed
 * to ::item-done stays valid during the handlers. */
static void
emit (RessentiImporter   *self,
      guint               signal_id,
      guint               done,
      guint               total,
      const char         *display_name,
      RessentiImportItem *item)
{
  Emission emission = { self, signal_id, done, total, (char *) display_name, item };

  if (self->signal_context == NULL || g_main_context_is_owner (self->signal_context))
    {
      emit_cb (&emission);
      return;
    }

  g_mutex_init (&emission.mutex);
  g_cond_init (&emission.cond);
  g_main_context_invoke (self->signal_context, emit_cb, &emission);
  g_mutex_lock (&emission.mutex);
  while (!emission.emitted)
    g_cond_wait (&emission.cond, &emission.mutex);
  g_mutex_unlock (&emission.mutex);
  g_mutex_clear (&emission.mutex);
  g_cond_clear (&emission.cond);
}

/* Finding the files ------------------------------------------------------- */

static gboolean
is_sidecar_name (const char *name)
{
  return g_str_has_suffix (name, ".csv") || g_str_has_suffix (name, ".CSV");
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
collect_folder (const char *folder,
                GPtrArray  *files)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      /* Reported as an unreadable file by import_one(). */
      g_ptr_array_add (files, g_strdup (folder));
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && !is_sidecar_name (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (folder, g_ptr_array_index (names, i), NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        collect_folder (child, files);
      else
        g_ptr_array_add (files, g_steal_pointer (&child));
    }
}

static GPtrArray *
collect_files (const char * const *paths)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      if (g_file_test (paths[i], G_FILE_TEST_IS_DIR))
        collect_folder (paths[i], files);
      else
        g_ptr_array_add (files, g_strdup (paths[i]));
    }

  return files;
}

/* Metadata ---------------------------------------------------------------- */

typedef struct
{
  GHashTable *tables;   /* folder → GHashTable (name → metadata) */
  GHashTable *errors;   /* folder → GError* of a malformed sidecar */
  GHashTable *explicit_table;
  GError     *explicit_error;
} MetadataCache;

static void
metadata_cache_clear (MetadataCache *cache)
{
  g_clear_pointer (&cache->tables, g_hash_table_unref);
  g_clear_pointer (&cache->errors, g_hash_table_unref);
  g_clear_pointer (&cache->explicit_table, g_hash_table_unref);
  g_clear_error (&cache->explicit_error);
}

static void
merge_table (GHashTable *into,
             GHashTable *from)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_replace (into, key, value);
    }
}

static void
load_folder_sidecars (MetadataCache *cache,
                      const char    *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) ressenti_call_metadata_free);
  const char *name;

  g_hash_table_insert (cache->tables, g_strdup (folder), table);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GHashTable) sidecar = NULL;
      GError *error = NULL;

      if (!is_sidecar_name (name))
        continue;
      path = g_build_filename (folder, name, NULL);
      sidecar = ressenti_metadata_read_csv (path, &error);
      if (sidecar == NULL)
        {
          g_hash_table_insert (cache->errors, g_strdup (folder), error);
          return;
        }
      merge_table (table, sidecar);
    }
}

/* Looks up the metadata of @path. Returns FALSE with @error set when a
 * sidecar that applies is malformed; *metadata may stay NULL. */
static gboolean
lookup_metadata (MetadataCache         *cache,
                 const char            *path,
                 RessentiCallMetadata **metadata,
                 GError               **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  GHashTable *table;
  GError *folder_error;

  *metadata = NULL;
  if (cache->explicit_error != NULL)
    {
      g_propagate_error (error, g_error_copy (cache->explicit_error));
      return FALSE;
    }
  if (cache->explicit_table != NULL &&
      (*metadata = g_hash_table_lookup (cache->explicit_table, name)) != NULL)
    return TRUE;

  if (!g_hash_table_contains (cache->tables, folder))
    load_folder_sidecars (cache, folder);
  folder_error = g_hash_table_lookup (cache->errors, folder);
  if (folder_error != NULL)
    {
      g_propagate_error (error, g_error_copy (folder_error));
      return FALSE;
    }
  table = g_hash_table_lookup (cache->tables, folder);
  *metadata = g_hash_table_lookup (table, name);
  return TRUE;
}

/* One file ---------------------------------------------------------------- */

static gboolean
check_file (const char  *path,
            const char  *display_name,
            GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_NOT_FOUND,
                     _("“%s” does not exist."), display_name);
      else
        g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_UNREADABLE,
                     _("“%s” cannot be read: %s."), display_name, g_strerror (saved_errno));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_UNREADABLE,
                   _("The folder “%s” cannot be opened."), display_name);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_UNSUPPORTED,
                   _("“%s” is not a regular file."), display_name);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_EMPTY,
                   _("“%s” is empty (0 bytes)."), display_name);
      return FALSE;
    }
  if (st.st_size > RESSENTI_IMPORT_MAX_BYTES)
    {
      g_autofree char *size = g_format_size ((guint64) st.st_size);
      g_autofree char *limit = g_format_size ((guint64) RESSENTI_IMPORT_MAX_BYTES);

      g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_TOO_LARGE,
                   _("“%s” is too large (%s): Ressenti imports calls of up to %s."),
                   display_name, size, limit);
      return FALSE;
    }
  return TRUE;
}

static void
set_write_error (GError     **error,
                 int          saved_errno,
                 const char  *display_name)
{
  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_DISK_FULL,
                 _("The disk that holds the library is full: “%s” was not imported. Free some space and import it again."),
                 display_name);
  else
    g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_FAILED,
                 _("“%s” could not be copied into the library: %s."),
                 display_name, g_strerror (saved_errno));
}

/* Copies @path to @staged (created 0600, must not exist), computing its
 * SHA-256, and makes the copy durable with fsync(). */
static char *
copy_and_hash (const char    *path,
               const char    *staged,
               const char    *display_name,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (COPY_BUFFER_SIZE);
  int in = -1, out = -1;
  char *result = NULL;

  in = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    {
      int saved_errno = errno;

      g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_UNREADABLE,
                   _("“%s” cannot be read: %s."), display_name, g_strerror (saved_errno));
      return NULL;
    }
  out = g_open (staged, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0)
    {
      set_write_error (error, errno, display_name);
      close (in);
      return NULL;
    }

  for (;;)
    {
      gssize n = read (in, buffer, COPY_BUFFER_SIZE);
      gssize written = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_UNREADABLE,
                       _("“%s” cannot be read: %s."), display_name, g_strerror (saved_errno));
          goto out;
        }
      if (n == 0)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      g_checksum_update (checksum, buffer, n);
      while (written < n)
        {
          gssize w = write (out, buffer + written, n - written);

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              set_write_error (error, errno, display_name);
              goto out;
            }
          written += w;
        }
    }

  if (fsync (out) != 0)
    {
      set_write_error (error, errno, display_name);
      goto out;
    }
  result = g_strdup (g_checksum_get_string (checksum));

out:
  close (in);
  if (close (out) != 0 && result != NULL)
    {
      set_write_error (error, errno, display_name);
      g_clear_pointer (&result, g_free);
    }
  return result;
}

static char *
extension_of (const char *display_name)
{
  const char *dot = strrchr (display_name, '.');

  if (dot == NULL || dot == display_name || strlen (dot + 1) > 8 || dot[1] == '\0')
    return g_strdup ("audio");
  return g_ascii_strdown (dot + 1, -1);
}

static GDateTime *
fallback_date (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (st.st_mtime);

      return g_date_time_to_local (utc);
    }
  return g_date_time_new_now_local ();
}

static void
fill_draft (RessentiRecordingDraft     *draft,
            const char                 *path,
            const char                 *display_name,
            char                       *hash,
            RessentiMediaInfo          *media,
            const RessentiCallMetadata *metadata)
{
  draft->content_hash = hash;
  draft->extension = extension_of (display_name);
  draft->codec = g_steal_pointer (&media->codec);
  draft->container = g_steal_pointer (&media->container);
  draft->duration_ms = media->duration_ms;
  draft->channels = media->channels;
  draft->sample_rate = media->sample_rate;

  if (media->channels == 1)
    draft->layout = RESSENTI_CHANNEL_LAYOUT_MONO;
  else if (metadata != NULL && metadata->has_layout)
    draft->layout = metadata->layout;
  else
    draft->layout = RESSENTI_CHANNEL_LAYOUT_UNKNOWN;

  if (metadata != NULL && metadata->date != NULL)
    draft->call_date = g_date_time_ref (metadata->date);
  else if ((draft->call_date = ressenti_metadata_date_from_name (display_name)) == NULL)
    draft->call_date = fallback_date (path);

  if (metadata != NULL)
    {
      draft->agent = g_strdup (metadata->agent);
      draft->service = g_strdup (metadata->service);
      draft->customer = g_strdup (metadata->customer);
    }
}

static void
import_one (RessentiImporter   *self,
            MetadataCache      *cache,
            RessentiImportItem *item,
            GCancellable       *cancellable)
{
  g_auto(RessentiRecordingDraft) draft = { 0 };
  g_auto(RessentiMediaInfo) media = { 0 };
  g_autofree char *staged = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) store_error = NULL;
  RessentiCallMetadata *metadata = NULL;

  if (!check_file (item->path, item->display_name, &item->error) ||
      !lookup_metadata (cache, item->path, &metadata, &item->error))
    return;

  staged = ressenti_store_new_staging_path (self->store);
  hash = copy_and_hash (item->path, staged, item->display_name, cancellable, &item->error);
  if (hash == NULL)
    goto failed;

  item->recording = ressenti_store_find_by_hash (self->store, hash, NULL);
  if (item->recording != NULL)
    {
      item->already_present = TRUE;
      g_unlink (staged);
      return;
    }

  if (!ressenti_media_probe (staged, item->display_name, &media, cancellable, &item->error))
    goto failed;

  fill_draft (&draft, item->path, item->display_name, g_steal_pointer (&hash), &media, metadata);
  item->recording = ressenti_store_add_recording (self->store, &draft, staged,
                                                  &item->already_present, &store_error);
  if (item->recording != NULL)
    return;

  if (g_error_matches (store_error, RESSENTI_STORE_ERROR, RESSENTI_STORE_ERROR_DISK_FULL))
    set_write_error (&item->error, ENOSPC, item->display_name);
  else
    g_set_error (&item->error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_FAILED,
                 _("“%s” could not be added to the library: %s"),
                 item->display_name, store_error->message);

failed:
  if (g_error_matches (item->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&item->error);
      g_set_error (&item->error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_CANCELLED,
                   _("Import cancelled."));
    }
  g_unlink (staged);
}

RessentiImportReport *
ressenti_importer_import (RessentiImporter   *self,
                          const char * const *paths,
                          GCancellable       *cancellable)
{
  g_autoptr(GPtrArray) files = NULL;
  RessentiImportReport *report;
  MetadataCache cache = { 0 };

  g_return_val_if_fail (RESSENTI_IS_IMPORTER (self), NULL);

  ressenti_media_init ();
  cache.tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  cache.errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_error_free);
  if (self->metadata_file != NULL)
    cache.explicit_table = ressenti_metadata_read_csv (self->metadata_file, &cache.explicit_error);

  files = collect_files (paths);
  report = g_new0 (RessentiImportReport, 1);
  report->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_import_item_free);

  for (guint i = 0; i < files->len; i++)
    {
      RessentiImportItem *item = g_new0 (RessentiImportItem, 1);

      item->path = g_strdup (g_ptr_array_index (files, i));
      item->display_name = g_path_get_basename (item->path);
      emit (self, signals[PROGRESS], i, files->len, item->display_name, NULL);

      if (g_cancellable_is_cancelled (cancellable))
        {
          report->cancelled = TRUE;
          ressenti_import_item_free (item);
          break;
        }

      import_one (self, &cache, item, cancellable);
      g_ptr_array_add (report->items, item);

      if (g_error_matches (item->error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_CANCELLED))
        {
          report->cancelled = TRUE;
          g_ptr_array_remove_index (report->items, report->items->len - 1);
          break;
        }
      if (item->error != NULL)
        report->n_failed++;
      else if (item->already_present)
        report->n_already_present++;
      else
        report->n_imported++;
      emit (self, signals[ITEM_DONE], 0, 0, NULL, item);
    }

  emit (self, signals[PROGRESS], report->items->len, files->len, NULL, NULL);
  metadata_cache_clear (&cache);
  return report;
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RessentiImporter *self = source_object;
  RessentiImportReport *report = ressenti_importer_import (self, task_data, cancellable);

  g_task_return_pointer (task, report, (GDestroyNotify) ressenti_import_report_free);
}

void
ressenti_importer_import_async (RessentiImporter    *self,
                                const char * const  *paths,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RESSENTI_IS_IMPORTER (self));

  g_clear_pointer (&self->signal_context, g_main_context_unref);
  self->signal_context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ressenti_importer_import_async);
  g_task_set_task_data (task, g_strdupv ((char **) paths), (GDestroyNotify) g_strfreev);
  /* The report is returned even when cancelled: what was imported stays. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, import_thread);
}

RessentiImportReport *
ressenti_importer_import_finish (RessentiImporter  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Summary ----------------------------------------------------------------- */

char *
ressenti_import_report_describe (const RessentiImportReport *report)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint shown = 0;

  if (report->cancelled)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "Import cancelled after %u call.",
                                               "Import cancelled after %u calls.",
                                               report->n_imported),
                            report->n_imported);
  else if (report->n_imported > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "Imported %u call.", "Imported %u calls.",
                                               report->n_imported),
                            report->n_imported);
  else if (report->n_failed == 0 && report->n_already_present == 0)
    g_string_append (text, _("No files to import were found."));

  if (report->n_already_present > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u call was already in the library.",
                                                 "%u calls were already in the library.",
                                                 report->n_already_present),
                              report->n_already_present);
    }

  if (report->n_failed > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u file could not be imported:",
                                                 "%u files could not be imported:",
                                                 report->n_failed),
                              report->n_failed);
      for (guint i = 0; i < report->items->len && shown < 3; i++)
        {
          RessentiImportItem *item = g_ptr_array_index (report->items, i);

          if (item->error == NULL)
            continue;
          g_string_append_c (text, ' ');
          g_string_append (text, item->error->message);
          shown++;
        }
      if (report->n_failed > shown)
        {
          g_string_append_c (text, ' ');
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                     "And %u more.", "And %u more.",
                                                     report->n_failed - shown),
                                  report->n_failed - shown);
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
