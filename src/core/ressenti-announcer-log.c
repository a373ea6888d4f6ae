/* ressenti-announcer-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "ressenti-announcer-log.h"

struct _RessentiAnnouncerLog
{
  GObject    parent_instance;

  GPtrArray *messages;
  FILE      *file;
};

static void backend_iface_init (RessentiAnnouncerBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RessentiAnnouncerLog, ressenti_announcer_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RESSENTI_TYPE_ANNOUNCER_BACKEND, backend_iface_init))

static void
ressenti_announcer_log_speak (RessentiAnnouncerBackend   *backend,
                              const RessentiAnnouncement *announcement)
{
  RessentiAnnouncerLog *self = RESSENTI_ANNOUNCER_LOG (backend);

  g_ptr_array_add (self->messages, ressenti_announcement_copy (announcement));

  if (self->file != NULL)
    {
      fprintf (self->file, "%s\t%s\t%s\n",
               ressenti_announce_category_to_string (announcement->category),
               announcement->priority == RESSENTI_ANNOUNCE_INTERRUPT ? "interrupt" : "queue",
               announcement->text);
      fflush (self->file);
    }
}

static void
backend_iface_init (RessentiAnnouncerBackendInterface *iface)
{
  iface->speak = ressenti_announcer_log_speak;
}

static void
ressenti_announcer_log_finalize (GObject *object)
{
  RessentiAnnouncerLog *self = (RessentiAnnouncerLog *) object;

  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->file, fclose);

  G_OBJECT_CLASS (ressenti_announcer_log_parent_class)->finalize (object);
}

static void
ressenti_announcer_log_class_init (RessentiAnnouncerLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ressenti_announcer_log_finalize;
}

static void
ressenti_announcer_log_init (RessentiAnnouncerLog *self)
{
  self->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_announcement_free);
}

RessentiAnnouncerLog *
ressenti_announcer_log_new (const char *file_name)
{
  RessentiAnnouncerLog *self = g_object_new (RESSENTI_TYPE_ANNOUNCER_LOG, NULL);

  if (file_name != NULL)
    {
      self->file = fopen (file_name, "a");
      if (self->file == NULL)
        g_warning ("Cannot write the announcement log %s", file_name);
    }

  return self;
}

GPtrArray *
ressenti_announcer_log_get_messages (RessentiAnnouncerLog *self)
{
  g_return_val_if_fail (RESSENTI_IS_ANNOUNCER_LOG (self), NULL);

  return self->messages;
}

const char *
ressenti_announcer_log_get_last_text (RessentiAnnouncerLog *self)
{
  RessentiAnnouncement *last;

  g_return_val_if_fail (RESSENTI_IS_ANNOUNCER_LOG (self), NULL);

  if (self->messages->len == 0)
    return NULL;
  last = g_ptr_array_index (self->messages, self->messages->len - 1);
  return last->text;
}

void
ressenti_announcer_log_clear (RessentiAnnouncerLog *self)
{
  g_return_if_fail (RESSENTI_IS_ANNOUNCER_LOG (self));

  g_ptr_array_set_size (self->messages, 0);
}
