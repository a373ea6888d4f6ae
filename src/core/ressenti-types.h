/* ressenti-types.h — domain enumerations and error domains of the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Which side of a stereo call carries the agent. A stereo call imported
 * without this knowledge is UNKNOWN until the user says. */
typedef enum
{
  RESSENTI_CHANNEL_LAYOUT_UNKNOWN = 0,
  RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT,
  RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT,
  RESSENTI_CHANNEL_LAYOUT_MONO,
} RessentiChannelLayout;

/* The life of one review (one listener's pass over one recording). NONE is
 * not stored: it describes a recording nobody has reviewed yet. */
typedef enum
{
  RESSENTI_REVIEW_STATUS_NONE = 0,
  RESSENTI_REVIEW_STATUS_ASSIGNED,
  RESSENTI_REVIEW_STATUS_IN_PROGRESS,
  RESSENTI_REVIEW_STATUS_SUBMITTED,
  RESSENTI_REVIEW_STATUS_DELIVERED,
  RESSENTI_REVIEW_STATUS_ACKNOWLEDGED,
} RessentiReviewStatus;

typedef enum
{
  RESSENTI_ROLE_LISTENER = 0,
  RESSENTI_ROLE_AGENT,
  RESSENTI_ROLE_COORDINATOR,
  RESSENTI_ROLE_ADMINISTRATOR,
} RessentiRole;

/* What the access log records about a recording. */
typedef enum
{
  RESSENTI_ACCESS_IMPORT = 0,
  RESSENTI_ACCESS_OPEN,
  RESSENTI_ACCESS_EXPORT,
  RESSENTI_ACCESS_DELETE,
} RessentiAccessAction;

#define RESSENTI_STORE_ERROR (ressenti_store_error_quark ())
typedef enum
{
  RESSENTI_STORE_ERROR_FAILED,
  RESSENTI_STORE_ERROR_NETWORK_FS,    /* the library is on a network file system */
  RESSENTI_STORE_ERROR_PERMISSION,    /* cannot create or write the directory */
  RESSENTI_STORE_ERROR_CORRUPT,       /* not a database, or integrity check failed */
  RESSENTI_STORE_ERROR_TOO_NEW,       /* made by a newer Ressenti */
  RESSENTI_STORE_ERROR_NOT_FOUND,     /* no such row */
  RESSENTI_STORE_ERROR_DISK_FULL,
  RESSENTI_STORE_ERROR_INVALID,       /* a value the library refuses (a marker's intensity…) */
} RessentiStoreError;

#define RESSENTI_IMPORT_ERROR (ressenti_import_error_quark ())
typedef enum
{
  RESSENTI_IMPORT_ERROR_FAILED,
  RESSENTI_IMPORT_ERROR_NOT_FOUND,
  RESSENTI_IMPORT_ERROR_UNREADABLE,
  RESSENTI_IMPORT_ERROR_EMPTY,
  RESSENTI_IMPORT_ERROR_TOO_LARGE,
  RESSENTI_IMPORT_ERROR_UNSUPPORTED,
  RESSENTI_IMPORT_ERROR_NO_AUDIO,
  RESSENTI_IMPORT_ERROR_CORRUPT,
  RESSENTI_IMPORT_ERROR_TRUNCATED,
  RESSENTI_IMPORT_ERROR_METADATA,     /* malformed CSV sidecar */
  RESSENTI_IMPORT_ERROR_DISK_FULL,
  RESSENTI_IMPORT_ERROR_CANCELLED,
} RessentiImportError;

GQuark ressenti_store_error_quark  (void);
GQuark ressenti_import_error_quark (void);

const char            *ressenti_channel_layout_to_string   (RessentiChannelLayout layout);
RessentiChannelLayout  ressenti_channel_layout_from_string (const char           *str);
const char            *ressenti_review_status_to_string    (RessentiReviewStatus  status);
RessentiReviewStatus   ressenti_review_status_from_string  (const char           *str);
const char            *ressenti_role_to_string             (RessentiRole          role);
const char            *ressenti_access_action_to_string    (RessentiAccessAction  action);

/* Runs @func on @context's thread, always later (an idle source), never in
 * the calling thread. g_main_context_invoke() would run it at once in the
 * calling thread whenever nothing iterates @context at that moment. */
void                   ressenti_main_context_post          (GMainContext         *context,
                                                            GSourceFunc           func,
                                                            gpointer              data,
                                                            GDestroyNotify        notify);

/* Human, translated, sentence-case words for the UI and the announcer. */
const char            *ressenti_channel_layout_describe    (RessentiChannelLayout layout);
const char            *ressenti_review_status_describe     (RessentiReviewStatus  status);

G_END_DECLS
