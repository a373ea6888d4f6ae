/* ressenti-screen-reader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a message reaches the screen reader depends on the GTK the app was
 * built with (see ../shared notes on GTK 4.8 and Orca 43, summarised in
 * ARCHITECTURE.md):
 *
 * - GTK ≥ 4.14: gtk_accessible_announce(), which Orca ≥ 45.2 speaks.
 *   Priority mapping: RESSENTI_ANNOUNCE_INTERRUPT → HIGH ("assertive"),
 *   RESSENTI_ANNOUNCE_QUEUE → MEDIUM ("polite").
 * - GTK 4.8 (Debian 12) has no announcement API and sends no live-region
 *   events; Orca 43 only speaks a change of the accessible description of
 *   the focused widget. So the message becomes the focused widget's
 *   description, and the widget's own description is put back when focus
 *   leaves it (putting it back at once would make Orca read it too). Orca
 *   skips a description equal to the previous one, so a repeated message
 *   gets a trailing space, alternately, as OSARA does. Orca speaks each
 *   change at once, cutting the one before: a QUEUE message waits until the
 *   one before has probably been said (an estimate from its length at
 *   Orca's default rate); an INTERRUPT message goes at once and drops
 *   whatever was waiting.
 */
#include "config.h"

#include "ressenti-screen-reader.h"

struct _RessentiScreenReader
{
  GObject         parent_instance;

  GWeakRef        application;
  /* The widget whose description holds a message, and what it had. */
  GtkWidget      *borrowed;
  char           *borrowed_description;
  gulong          focus_handler;
  GtkWindow      *focus_window;
  char           *last_text;
  gboolean        pad;
  /* GTK 4.8 path: QUEUE messages waiting for the one being said, which
   * went to @paced_focus and takes until @busy_until_us. */
  GQueue          waiting;
  gint64          busy_until_us;
  GtkWidget      *paced_focus;
  gsize           paced_focus_time;  /* when focus reached it (ms) */
  guint           pace_source;
};

static void backend_iface_init (RessentiAnnouncerBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RessentiScreenReader, ressenti_screen_reader, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RESSENTI_TYPE_ANNOUNCER_BACKEND, backend_iface_init))

static void
set_description (GtkWidget  *widget,
                 const char *text)
{
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
give_back (RessentiScreenReader *self)
{
  if (self->focus_window != NULL)
    {
      g_clear_signal_handler (&self->focus_handler, self->focus_window);
      g_object_remove_weak_pointer (G_OBJECT (self->focus_window), (gpointer *) &self->focus_window);
      self->focus_window = NULL;
    }
  if (self->borrowed != NULL)
    {
      set_description (self->borrowed, self->borrowed_description);
      g_object_remove_weak_pointer (G_OBJECT (self->borrowed), (gpointer *) &self->borrowed);
      self->borrowed = NULL;
    }
  g_clear_pointer (&self->borrowed_description, g_free);
}

static void
focus_widget_changed_cb (RessentiScreenReader *self)
{
  give_back (self);
}

static GtkWidget *
find_focus (RessentiScreenReader *self,
            GtkWindow           **window_out)
{
  g_autoptr(GtkApplication) app = g_weak_ref_get (&self->application);
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *window;
  GtkWidget *focus;

  *window_out = NULL;
  if (app == NULL)
    return NULL;
  window = gtk_application_get_active_window (app);
  /* A dialog may be on top, and dialogs are not the application's windows:
   * prefer whichever toplevel has the keyboard. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (gtk_window_is_active (toplevel))
        {
          /* The list keeps its reference: the pointer stays valid. */
          window = toplevel;
          break;
        }
    }
  if (window == NULL)
    return NULL;
  *window_out = window;
  focus = gtk_root_get_focus (GTK_ROOT (window));
  /* In an entry the focus is its inner GtkText, which has no object of its
   * own on the accessibility bus: the entry is what Orca knows. */
  if (focus != NULL && GTK_IS_TEXT (focus) && gtk_widget_get_parent (focus) != NULL &&
      GTK_IS_EDITABLE (gtk_widget_get_parent (focus)))
    focus = gtk_widget_get_parent (focus);
  /* A focused widget on its way out (a removed list row) takes what is
   * said with it: the window says it instead. */
  if (focus != NULL && !gtk_widget_get_mapped (focus))
    focus = NULL;
  return focus != NULL ? focus : GTK_WIDGET (window);
}

#if GTK_CHECK_VERSION (4, 14, 0)
static void
speak_announce (RessentiScreenReader       *self,
                const RessentiAnnouncement *announcement)
{
  GtkWindow *window = NULL;
  GtkWidget *target = find_focus (self, &window);
  GtkAccessibleAnnouncementPriority priority;

  if (target == NULL)
    return;
  priority = announcement->priority == RESSENTI_ANNOUNCE_INTERRUPT
             ? GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_HIGH
             : GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_accessible_announce (GTK_ACCESSIBLE (target), announcement->text, priority);
  G_GNUC_END_IGNORE_DEPRECATIONS
}
#endif

/* Orca reads a widget's description when it presents the widget's focus;
 * a description set in the same moment is then heard twice (with the
 * focus, and again as a change). So a message that comes right after a
 * focus change waits until Orca has presented the focus. */
#define FOCUS_SETTLE_MS 300

static void
window_focus_moved_cb (GtkWindow *window)
{
  g_object_set_data (G_OBJECT (window), "ressenti-focus-time",
                     GSIZE_TO_POINTER ((gsize) (g_get_monotonic_time () / 1000)));
}

static void
track_focus_moves (GtkWindow *window)
{
  if (g_object_get_data (G_OBJECT (window), "ressenti-focus-tracked") != NULL)
    return;
  g_object_set_data (G_OBJECT (window), "ressenti-focus-tracked", GINT_TO_POINTER (TRUE));
  g_signal_connect (window, "notify::focus-widget", G_CALLBACK (window_focus_moved_cb), NULL);
  window_focus_moved_cb (window);
}

/* When the focus last moved in @window, in monotonic milliseconds. */
static gsize
focus_time (GtkWindow *window)
{
  return window != NULL ? GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (window), "ressenti-focus-time")) : 0;
}

/* Milliseconds to wait before @window's focus has been presented. */
static guint
focus_settle_delay (GtkWindow *window)
{
  gint64 moved = (gint64) focus_time (window);
  gint64 since = g_get_monotonic_time () / 1000 - moved;

  return since >= FOCUS_SETTLE_MS ? 0 : (guint) (FOCUS_SETTLE_MS - since);
}

/* How long Orca takes to say @text at its default rate (about 15
 * characters a second), capped: a QUEUE message waits that long after the
 * one before. Longer than needed at fast rates, which only delays. */
#define SPEAKING_US_PER_CHAR 60000
#define SPEAKING_MAX_US      (6 * G_USEC_PER_SEC)

static gint64
speaking_time_us (const char *text)
{
  return MIN ((gint64) g_utf8_strlen (text, -1) * SPEAKING_US_PER_CHAR + 200000, SPEAKING_MAX_US);
}

static void speak_description (RessentiScreenReader       *self,
                               const RessentiAnnouncement *announcement);

/* Records that @text goes to @target (the focus of @window) from @delay_ms
 * on: queued messages wait until it has been said. */
static void
mark_busy (RessentiScreenReader *self,
           GtkWindow            *window,
           GtkWidget            *target,
           guint                 delay_ms,
           const char           *text)
{
  self->paced_focus_time = focus_time (window);
  if (self->paced_focus != target)
    {
      if (self->paced_focus != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->paced_focus), (gpointer *) &self->paced_focus);
      self->paced_focus = target;
      g_object_add_weak_pointer (G_OBJECT (target), (gpointer *) &self->paced_focus);
    }
  self->busy_until_us = g_get_monotonic_time () + (gint64) delay_ms * 1000 + speaking_time_us (text);
}

typedef struct
{
  RessentiScreenReader *self;
  RessentiAnnouncement *announcement;
} Deferred;

static gboolean
deferred_cb (gpointer user_data)
{
  Deferred *deferred = user_data;

  speak_description (deferred->self, deferred->announcement);
  g_object_unref (deferred->self);
  ressenti_announcement_free (deferred->announcement);
  g_free (deferred);
  return G_SOURCE_REMOVE;
}

static void
speak_description (RessentiScreenReader       *self,
                   const RessentiAnnouncement *announcement)
{
  GtkWindow *window = NULL;
  GtkWidget *target = find_focus (self, &window);
  g_autofree char *text = NULL;
  guint delay;

  if (target == NULL)
    return;

  track_focus_moves (window);
  delay = focus_settle_delay (window);
  if (delay > 0)
    {
      Deferred *deferred = g_new0 (Deferred, 1);

      deferred->self = g_object_ref (self);
      deferred->announcement = ressenti_announcement_copy (announcement);
      g_timeout_add (delay, deferred_cb, deferred);
      /* Queued messages wait for this one too. */
      mark_busy (self, window, target, delay, announcement->text);
      return;
    }

  if (target != self->borrowed)
    {
      give_back (self);
      self->borrowed = target;
      g_object_add_weak_pointer (G_OBJECT (target), (gpointer *) &self->borrowed);
      /* GTK 4.8 has no getter for accessible properties; the widgets of
       * this app keep their own descriptions in the "ressenti-description"
       * data so they can be put back. */
      self->borrowed_description = g_strdup (g_object_get_data (G_OBJECT (target), "ressenti-description"));
      self->focus_window = window;
      g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->focus_window);
      self->focus_handler = g_signal_connect_swapped (window, "notify::focus-widget",
                                                      G_CALLBACK (focus_widget_changed_cb), self);
    }

  if (g_strcmp0 (self->last_text, announcement->text) == 0)
    self->pad = !self->pad;
  else
    self->pad = FALSE;
  g_free (self->last_text);
  self->last_text = g_strdup (announcement->text);

  text = self->pad ? g_strconcat (announcement->text, " ", NULL) : g_strdup (announcement->text);
  set_description (target, text);
  mark_busy (self, window, target, 0, announcement->text);
}

static gboolean pace_cb (gpointer user_data);

static void
schedule_waiting (RessentiScreenReader *self)
{
  gint64 wait_us = self->busy_until_us - g_get_monotonic_time ();

  if (self->pace_source != 0 || g_queue_is_empty (&self->waiting))
    return;
  self->pace_source = g_timeout_add ((guint) MAX (wait_us / 1000, 0), pace_cb, self);
}

static void
clear_waiting (RessentiScreenReader *self)
{
  g_clear_handle_id (&self->pace_source, g_source_remove);
  g_queue_clear_full (&self->waiting, (GDestroyNotify) ressenti_announcement_free);
}

/* When the focus has moved since the last message, Orca has presented the
 * new focus, cutting that message: nothing is being said for us, and what
 * waited was about the place the listener left. */
static gboolean
focus_moved_on (RessentiScreenReader *self)
{
  GtkWindow *window = NULL;

  /* Focus may have left and come back to the same widget: the time it
   * arrived tells. */
  if (find_focus (self, &window) == self->paced_focus && focus_time (window) == self->paced_focus_time)
    return FALSE;
  clear_waiting (self);
  self->busy_until_us = 0;
  return TRUE;
}

static gboolean
pace_cb (gpointer user_data)
{
  RessentiScreenReader *self = user_data;
  g_autoptr(RessentiAnnouncement) next = NULL;

  self->pace_source = 0;
  if (focus_moved_on (self))
    return G_SOURCE_REMOVE;
  next = g_queue_pop_head (&self->waiting);
  if (next != NULL)
    speak_description (self, next);
  schedule_waiting (self);
  return G_SOURCE_REMOVE;
}

static void
speak_paced (RessentiScreenReader       *self,
             const RessentiAnnouncement *announcement)
{
  focus_moved_on (self);
  if (announcement->priority == RESSENTI_ANNOUNCE_INTERRUPT)
    clear_waiting (self);
  else if (g_get_monotonic_time () < self->busy_until_us || !g_queue_is_empty (&self->waiting))
    {
      g_queue_push_tail (&self->waiting, ressenti_announcement_copy (announcement));
      schedule_waiting (self);
      return;
    }
  speak_description (self, announcement);
}

static void
ressenti_screen_reader_speak (RessentiAnnouncerBackend   *backend,
                              const RessentiAnnouncement *announcement)
{
  RessentiScreenReader *self = RESSENTI_SCREEN_READER (backend);

#if GTK_CHECK_VERSION (4, 14, 0)
  /* The runtime may be older than the headers in a Flatpak-less build. */
  if (gtk_check_version (4, 14, 0) == NULL)
    {
      speak_announce (self, announcement);
      return;
    }
#endif
  speak_paced (self, announcement);
}

static void
backend_iface_init (RessentiAnnouncerBackendInterface *iface)
{
  iface->speak = ressenti_screen_reader_speak;
}

static void
ressenti_screen_reader_dispose (GObject *object)
{
  RessentiScreenReader *self = (RessentiScreenReader *) object;

  clear_waiting (self);
  if (self->paced_focus != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->paced_focus), (gpointer *) &self->paced_focus);
  self->paced_focus = NULL;
  give_back (self);

  G_OBJECT_CLASS (ressenti_screen_reader_parent_class)->dispose (object);
}

static void
ressenti_screen_reader_finalize (GObject *object)
{
  RessentiScreenReader *self = (RessentiScreenReader *) object;

  g_clear_pointer (&self->last_text, g_free);
  g_weak_ref_clear (&self->application);

  G_OBJECT_CLASS (ressenti_screen_reader_parent_class)->finalize (object);
}

static void
ressenti_screen_reader_class_init (RessentiScreenReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ressenti_screen_reader_dispose;
  G_OBJECT_CLASS (klass)->finalize = ressenti_screen_reader_finalize;
}

static void
ressenti_screen_reader_init (RessentiScreenReader *self)
{
  g_weak_ref_init (&self->application, NULL);
}

RessentiScreenReader *
ressenti_screen_reader_new (GtkApplication *application)
{
  RessentiScreenReader *self = g_object_new (RESSENTI_TYPE_SCREEN_READER, NULL);

  g_weak_ref_set (&self->application, application);
  return self;
}
