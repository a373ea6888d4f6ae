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
 *   gets a trailing space, alternately, as OSARA does.
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
  GtkWindow *window;
  GtkWidget *focus;

  *window_out = NULL;
  if (app == NULL)
    return NULL;
  window = gtk_application_get_active_window (app);
  if (window == NULL)
    return NULL;
  /* A dialog or the keys window may be on top; prefer the toplevel that
   * has the keyboard. */
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (gtk_window_is_active (l->data))
      {
        window = l->data;
        break;
      }
  *window_out = window;
  focus = gtk_root_get_focus (GTK_ROOT (window));
  /* In an entry the focus is its inner GtkText, which has no object of its
   * own on the accessibility bus: the entry is what Orca knows. */
  if (focus != NULL && GTK_IS_TEXT (focus) && gtk_widget_get_parent (focus) != NULL &&
      GTK_IS_EDITABLE (gtk_widget_get_parent (focus)))
    focus = gtk_widget_get_parent (focus);
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

/* Milliseconds to wait before @window's focus has been presented. */
static guint
focus_settle_delay (GtkWindow *window)
{
  gint64 moved = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (window), "ressenti-focus-time"));
  gint64 since = g_get_monotonic_time () / 1000 - moved;

  return since >= FOCUS_SETTLE_MS ? 0 : (guint) (FOCUS_SETTLE_MS - since);
}

static void speak_description (RessentiScreenReader       *self,
                               const RessentiAnnouncement *announcement);

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
  speak_description (self, announcement);
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
