/* ressenti-announcer-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ressenti-announcer-backend.h"

G_DEFINE_INTERFACE (RessentiAnnouncerBackend, ressenti_announcer_backend, G_TYPE_OBJECT)

static void
ressenti_announcer_backend_default_init (RessentiAnnouncerBackendInterface *iface)
{
}

void
ressenti_announcer_backend_speak (RessentiAnnouncerBackend   *self,
                                  const RessentiAnnouncement *announcement)
{
  g_return_if_fail (RESSENTI_IS_ANNOUNCER_BACKEND (self));
  g_return_if_fail (announcement != NULL);

  RESSENTI_ANNOUNCER_BACKEND_GET_IFACE (self)->speak (self, announcement);
}

RessentiAnnouncement *
ressenti_announcement_copy (const RessentiAnnouncement *announcement)
{
  RessentiAnnouncement *copy = g_new0 (RessentiAnnouncement, 1);

  *copy = *announcement;
  copy->text = g_strdup (announcement->text);
  return copy;
}

void
ressenti_announcement_free (RessentiAnnouncement *announcement)
{
  if (announcement == NULL)
    return;
  g_free (announcement->text);
  g_free (announcement);
}

const char *
ressenti_announce_category_to_string (RessentiAnnounceCategory category)
{
  switch (category)
    {
    case RESSENTI_ANNOUNCE_CATEGORY_ERROR:
      return "error";
    case RESSENTI_ANNOUNCE_CATEGORY_PROGRESS:
      return "progress";
    case RESSENTI_ANNOUNCE_CATEGORY_COUNT:
      return "count";
    case RESSENTI_ANNOUNCE_CATEGORY_NAVIGATION:
      return "navigation";
    case RESSENTI_ANNOUNCE_CATEGORY_HINT:
      return "hint";
    case RESSENTI_ANNOUNCE_CATEGORY_MARKER:
      return "marker";
    case RESSENTI_ANNOUNCE_CATEGORY_RESULT:
    default:
      return "result";
    }
}
