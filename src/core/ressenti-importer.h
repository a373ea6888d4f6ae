/* ressenti-importer.h — bringing calls into the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ressenti-recording.h"
#include "ressenti-store.h"

G_BEGIN_DECLS

/* The largest file accepted: a one-hour stereo call in 48 kHz WAV is about
 * 700 MB; 4 GiB is also the largest a WAV file can be. */
#define RESSENTI_IMPORT_MAX_BYTES (G_GINT64_CONSTANT (4) * 1024 * 1024 * 1024)

typedef struct
{
  char              *path;            /* as given or found in a folder */
  char              *display_name;    /* base name, for messages */
  RessentiRecording *recording;       /* NULL on failure */
  gboolean           already_present;
  GError            *error;           /* NULL on success */
} RessentiImportItem;

typedef struct
{
  GPtrArray *items;         /* RessentiImportItem*, in the order processed */
  guint      n_imported;
  guint      n_already_present;
  guint      n_failed;
  gboolean   cancelled;
} RessentiImportReport;

void ressenti_import_item_free   (RessentiImportItem   *item);
void ressenti_import_report_free (RessentiImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiImportReport, ressenti_import_report_free)

/* One translated summary sentence (or two) for the announcer, e.g.
 * "Imported 3 calls." or "Imported 2 calls. 1 file could not be imported:
 * “x.wav” is empty (0 bytes)." */
char *ressenti_import_report_describe (const RessentiImportReport *report);

#define RESSENTI_TYPE_IMPORTER (ressenti_importer_get_type ())
G_DECLARE_FINAL_TYPE (RessentiImporter, ressenti_importer, RESSENTI, IMPORTER, GObject)

RessentiImporter     *ressenti_importer_new         (RessentiStore     *store);
/* An explicit metadata CSV used in addition to the sidecars found beside
 * the files (see ressenti-metadata.h). */
void                  ressenti_importer_set_metadata_file (RessentiImporter *self,
                                                           const char       *path);
/* Imports @paths (files and folders, folders recursively) one after the
 * other. Blocking: the UI uses the _async variant, the CLI this one.
 * ::item-done and ::progress are emitted on the thread-default main
 * context of the caller of _async, or synchronously here. Returns NULL only
 * if nothing could be attempted (cancelled at once). */
RessentiImportReport *ressenti_importer_import      (RessentiImporter  *self,
                                                     const char * const *paths,
                                                     GCancellable      *cancellable);
void                  ressenti_importer_import_async  (RessentiImporter   *self,
                                                       const char * const *paths,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
RessentiImportReport *ressenti_importer_import_finish (RessentiImporter   *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

G_END_DECLS
