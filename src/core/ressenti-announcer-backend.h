/* ressenti-announcer-backend.h — something that can make a message heard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  /* Wait for what is being said to finish. */
  RESSENTI_ANNOUNCE_QUEUE = 0,
  /* Cut off what is being said: errors, and results of the key just pressed. */
  RESSENTI_ANNOUNCE_INTERRUPT,
} RessentiAnnouncePriority;

/* How talkative the user wants the app to be. A message carries the lowest
 * verbosity at which it is still spoken. */
typedef enum
{
  RESSENTI_VERBOSITY_TERSE = 0,
  RESSENTI_VERBOSITY_NORMAL,
  RESSENTI_VERBOSITY_VERBOSE,
} RessentiVerbosity;

typedef enum
{
  RESSENTI_ANNOUNCE_CATEGORY_RESULT = 0,  /* the outcome of an action */
  RESSENTI_ANNOUNCE_CATEGORY_ERROR,
  RESSENTI_ANNOUNCE_CATEGORY_PROGRESS,
  RESSENTI_ANNOUNCE_CATEGORY_COUNT,       /* how many results a search found */
  RESSENTI_ANNOUNCE_CATEGORY_NAVIGATION,
  RESSENTI_ANNOUNCE_CATEGORY_HINT,
  /* a marker reached during playback (RessentiMarkerWatcher); the earcons
   * backend plays nothing for it: the watcher plays the marker's own */
  RESSENTI_ANNOUNCE_CATEGORY_MARKER,
} RessentiAnnounceCategory;

typedef struct
{
  char                     *text;
  RessentiAnnouncePriority  priority;
  RessentiVerbosity         verbosity;
  RessentiAnnounceCategory  category;
  gint64                    monotonic_time;  /* g_get_monotonic_time () when made */
} RessentiAnnouncement;

RessentiAnnouncement *ressenti_announcement_copy (const RessentiAnnouncement *announcement);
void                  ressenti_announcement_free (RessentiAnnouncement       *announcement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiAnnouncement, ressenti_announcement_free)

const char *ressenti_announce_category_to_string (RessentiAnnounceCategory category);

#define RESSENTI_TYPE_ANNOUNCER_BACKEND (ressenti_announcer_backend_get_type ())
G_DECLARE_INTERFACE (RessentiAnnouncerBackend, ressenti_announcer_backend, RESSENTI, ANNOUNCER_BACKEND, GObject)

struct _RessentiAnnouncerBackendInterface
{
  GTypeInterface parent_iface;

  /* Called on the main context. @announcement is only valid during the call. */
  void (*speak) (RessentiAnnouncerBackend   *self,
                 const RessentiAnnouncement *announcement);
};

void ressenti_announcer_backend_speak (RessentiAnnouncerBackend   *self,
                                       const RessentiAnnouncement *announcement);

G_END_DECLS
