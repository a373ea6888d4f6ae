/* ressenti-metadata.h — what the telephony export says about a call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two sources: the file name (a date such as 2026-03-12 or 20260312, with an
 * optional time), and CSV "sidecar" files beside the recordings. A sidecar
 * is any .csv file whose header has a "file" column; its other columns, all
 * optional, are date, agent, service, customer and layout. Columns the app
 * does not know (a caller's number, say) are ignored and never stored.
 */
#pragma once

#include <gio/gio.h>

#include "ressenti-types.h"

G_BEGIN_DECLS

typedef struct
{
  GDateTime             *date;
  char                  *agent;
  char                  *service;
  char                  *customer;
  RessentiChannelLayout  layout;
  gboolean               has_layout;
} RessentiCallMetadata;

void                  ressenti_call_metadata_free (RessentiCallMetadata *metadata);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiCallMetadata, ressenti_call_metadata_free)

/* Parses a sidecar. Returns a table from a recording's base name to its
 * RessentiCallMetadata, or NULL with a RESSENTI_IMPORT_ERROR_METADATA error
 * naming the file and line. Returns an empty table (no error) when the file
 * is a CSV without a "file" column, i.e. not a sidecar. */
GHashTable *ressenti_metadata_read_csv       (const char  *path,
                                              GError     **error);
/* Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF);
 * @display_name is used in error messages. */
GHashTable *ressenti_metadata_parse_csv      (const char  *text,
                                              gsize        length,
                                              const char  *display_name,
                                              GError     **error);
/* The date and time found in a file name, or NULL. */
GDateTime  *ressenti_metadata_date_from_name (const char  *basename);
/* Parses "2026-03-12", "2026-03-12 10:30", "2026-03-12T10:30:00", "12/03/2026". */
GDateTime  *ressenti_metadata_parse_date     (const char  *text);

G_END_DECLS
