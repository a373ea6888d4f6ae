/* ressenti-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-a11y-status.h"
#include "ressenti-announcer-log.h"
#include "ressenti-application.h"
#include "ressenti-config.h"
#include "ressenti-earcons.h"
#include "ressenti-history-window.h"
#include "ressenti-keys-window.h"
#include "ressenti-preferences-window.h"
#include "ressenti-screen-reader.h"
#include "ressenti-voice.h"
#include "ressenti-window.h"

struct _RessentiApplication
{
  AdwApplication     parent_instance;

  RessentiAnnouncer *announcer;
  /* Made once and kept, so that players can duck under them; they are
   * added to the announcer or not as the settings say. */
  RessentiVoice     *voice;
  RessentiEarcons   *earcons;
  GCancellable      *detection;
  GSettings         *settings;
  char              *library_override;
  char              *library_dir;
};

G_DEFINE_FINAL_TYPE (RessentiApplication, ressenti_application, ADW_TYPE_APPLICATION)

enum {
  VOCABULARY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

RessentiApplication *
ressenti_application_new (void)
{
  return g_object_new (RESSENTI_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/ressenti/Ressenti",
                       NULL);
}

static void
ressenti_application_dispose (GObject *object)
{
  RessentiApplication *self = (RessentiApplication *) object;

  g_cancellable_cancel (self->detection);
  g_clear_object (&self->detection);
  g_clear_object (&self->announcer);
  g_clear_object (&self->voice);
  g_clear_object (&self->earcons);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ressenti_application_parent_class)->dispose (object);
}

static void
ressenti_application_finalize (GObject *object)
{
  RessentiApplication *self = (RessentiApplication *) object;

  g_clear_pointer (&self->library_override, g_free);
  g_clear_pointer (&self->library_dir, g_free);

  G_OBJECT_CLASS (ressenti_application_parent_class)->finalize (object);
}

static int
ressenti_application_handle_local_options (GApplication *app,
                                           GVariantDict *options)
{
  RessentiApplication *self = RESSENTI_APPLICATION (app);
  g_autofree char *library = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "library", "^ay", &library))
    self->library_override = g_steal_pointer (&library);

  return -1;
}

static void
voice_available_cb (RessentiVoice *voice)
{
  if (!ressenti_voice_get_available (voice))
    g_warning ("%s", ressenti_voice_get_error (voice));
}

static void
voice_rate_changed_cb (RessentiApplication *self)
{
  if (self->voice != NULL)
    ressenti_voice_set_rate (self->voice, g_settings_get_int (self->settings, "voice-rate"));
}

static void
voice_type_changed_cb (RessentiApplication *self)
{
  g_autofree char *voice_type = g_settings_get_string (self->settings, "voice-type");

  if (self->voice != NULL)
    ressenti_voice_set_voice_type (self->voice, voice_type);
}

/* An empty setting follows the language the app is shown in. */
static void
voice_language_changed_cb (RessentiApplication *self)
{
  g_autofree char *language = g_settings_get_string (self->settings, "voice-language");

  if (self->voice == NULL)
    return;
  if (*language == '\0')
    {
      /* Translators: the language code of this translation, for the
       * dedicated voice ("fr" in French). */
      g_free (language);
      language = g_strdup (_("en"));
    }
  ressenti_voice_set_language (self->voice, language);
}

static RessentiVoice *
ensure_voice (RessentiApplication *self)
{
  if (self->voice == NULL)
    {
      self->voice = ressenti_voice_new ();
      g_signal_connect (self->voice, "notify::available", G_CALLBACK (voice_available_cb), NULL);
      ressenti_voice_set_rate (self->voice, g_settings_get_int (self->settings, "voice-rate"));
      voice_language_changed_cb (self);
      voice_type_changed_cb (self);
    }
  return self->voice;
}

static void
add_voice (RessentiApplication *self)
{
  ressenti_announcer_add_backend (self->announcer, RESSENTI_ANNOUNCER_BACKEND (ensure_voice (self)));
}

static void
screen_reader_detected_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  RessentiApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean running = ressenti_a11y_screen_reader_enabled_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("Screen reader running: %s%s%s", running ? "yes" : "no",
           error != NULL ? "; " : "", error != NULL ? error->message : "");
  /* Without a screen reader, nobody would hear the messages: the app's own
   * voice says them. */
  if (!running)
    add_voice (self);
}

/* Chooses the backends from the settings; the RESSENTI_ANNOUNCER variable
 * (the same values) overrides them for tests, and RESSENTI_ANNOUNCER_LOG
 * adds the test log. Earcons are added beside any of them unless turned
 * off. */
static void
setup_backends (RessentiApplication *self)
{
  const char *env = g_getenv ("RESSENTI_ANNOUNCER");
  const char *log = g_getenv ("RESSENTI_ANNOUNCER_LOG");
  g_autofree char *backend = NULL;

  g_cancellable_cancel (self->detection);
  g_clear_object (&self->detection);
  ressenti_announcer_remove_all_backends (self->announcer);

  backend = env != NULL ? g_strdup (env) : g_settings_get_string (self->settings, "announcer");
  if (g_str_equal (backend, "voice") || g_str_equal (backend, "screen-reader-and-voice"))
    add_voice (self);
  if (g_str_equal (backend, "screen-reader") || g_str_equal (backend, "screen-reader-and-voice") ||
      g_str_equal (backend, "auto"))
    {
      g_autoptr(RessentiScreenReader) reader = ressenti_screen_reader_new (GTK_APPLICATION (self));

      ressenti_announcer_add_backend (self->announcer, RESSENTI_ANNOUNCER_BACKEND (reader));
    }
  if (g_str_equal (backend, "auto"))
    {
      self->detection = g_cancellable_new ();
      ressenti_a11y_screen_reader_enabled_async (self->detection, screen_reader_detected_cb, self);
    }
  if (!g_str_equal (backend, "off") && self->earcons != NULL)
    ressenti_announcer_add_backend (self->announcer, RESSENTI_ANNOUNCER_BACKEND (self->earcons));

  if (log != NULL && *log != '\0')
    {
      g_autoptr(RessentiAnnouncerLog) file_log = ressenti_announcer_log_new (log);

      ressenti_announcer_add_backend (self->announcer, RESSENTI_ANNOUNCER_BACKEND (file_log));
    }
}

static void
announcer_setting_changed_cb (RessentiApplication *self)
{
  setup_backends (self);
}

/* The setting is an enum (its nick is stored); the property an int. */
static gboolean
verbosity_from_setting (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  if (g_str_equal (nick, "terse"))
    g_value_set_int (value, RESSENTI_VERBOSITY_TERSE);
  else if (g_str_equal (nick, "verbose"))
    g_value_set_int (value, RESSENTI_VERBOSITY_VERBOSE);
  else
    g_value_set_int (value, RESSENTI_VERBOSITY_NORMAL);
  return TRUE;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_show_uri (window, "help:ressenti", GDK_CURRENT_TIME);
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  RessentiKeysWindow *keys = ressenti_keys_window_new (parent);

  gtk_window_present (GTK_WINDOW (keys));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *developers[] = { _("The Ressenti developers"), NULL };

  adw_show_about_window (window,
                         "application-name", _("Ressenti"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Listen again to recorded calls and note how the customer felt."),
                         NULL);
}

static void
history_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RessentiApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  RessentiHistoryWindow *history = ressenti_history_window_new (parent, self->announcer);

  gtk_window_present (GTK_WINDOW (history));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  RessentiApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  RessentiStore *store = NULL;
  RessentiPreferencesWindow *preferences;

  /* The library is the main window's (NULL while it is being opened). */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RESSENTI_IS_WINDOW (l->data))
      {
        store = ressenti_window_get_store (l->data);
        break;
      }
  preferences = ressenti_preferences_window_new (parent, self->settings, store);

  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "history", history_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
  { "help", help_action },
  { "shortcuts", shortcuts_action },
  { "about", about_action },
};

static void
ressenti_application_startup (GApplication *app)
{
  RessentiApplication *self = RESSENTI_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *help_accels[] = { "F1", NULL };
  const char *shortcuts_accels[] = { "<Control>question", NULL };
  const char *history_accels[] = { "<Control>h", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (ressenti_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.history", history_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);

  self->settings = g_settings_new (APP_ID);
  self->announcer = ressenti_announcer_new ();
  g_settings_bind_with_mapping (self->settings, "verbosity", self->announcer, "verbosity",
                                G_SETTINGS_BIND_GET, verbosity_from_setting, NULL, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::announcer",
                           G_CALLBACK (announcer_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::voice-rate",
                           G_CALLBACK (voice_rate_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::voice-language",
                           G_CALLBACK (voice_language_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::voice-type",
                           G_CALLBACK (voice_type_changed_cb), self, G_CONNECT_SWAPPED);
  self->earcons = ressenti_earcons_new ();
  g_settings_bind (self->settings, "earcon-volume", self->earcons, "volume", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "earcons", self->earcons, "muted",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_INVERT_BOOLEAN);
  setup_backends (self);

  self->library_dir = ressenti_config_library_dir (self->library_override);
}

static void
ressenti_application_activate (GApplication *app)
{
  RessentiApplication *self = RESSENTI_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ressenti_window_new (self, self->settings));

  gtk_window_present (window);
}

static void
ressenti_application_class_init (RessentiApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ressenti_application_dispose;
  object_class->finalize = ressenti_application_finalize;
  app_class->handle_local_options = ressenti_application_handle_local_options;
  app_class->startup = ressenti_application_startup;
  app_class->activate = ressenti_application_activate;

  /**
   * RessentiApplication::vocabulary-changed:
   * @vocabulary: the library's vocabulary after the change
   *
   * A change to the vocabulary (Preferences) was kept in the library.
   */
  signals[VOCABULARY_CHANGED] =
    g_signal_new ("vocabulary-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RESSENTI_TYPE_VOCABULARY);
}

static void
ressenti_application_init (RessentiApplication *self)
{
  const GOptionEntry entries[] = {
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, NULL, N_("Use the library in DIR"), N_("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[import PATH…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Listen again to recorded calls and note how the customer felt. "
                                              "“ressenti import PATH…” imports calls without opening a window."));
}

RessentiAnnouncer *
ressenti_application_get_announcer (RessentiApplication *self)
{
  g_return_val_if_fail (RESSENTI_IS_APPLICATION (self), NULL);

  return self->announcer;
}

const char *
ressenti_application_get_library_dir (RessentiApplication *self)
{
  g_return_val_if_fail (RESSENTI_IS_APPLICATION (self), NULL);

  return self->library_dir;
}

void
ressenti_application_vocabulary_changed (RessentiApplication *self,
                                         RessentiVocabulary  *vocabulary)
{
  g_return_if_fail (RESSENTI_IS_APPLICATION (self));
  g_return_if_fail (RESSENTI_IS_VOCABULARY (vocabulary));

  g_signal_emit (self, signals[VOCABULARY_CHANGED], 0, vocabulary);
}

RessentiAnnouncer *
ressenti_announcer_get_default (void)
{
  GApplication *app = g_application_get_default ();

  if (!RESSENTI_IS_APPLICATION (app))
    return NULL;
  return RESSENTI_APPLICATION (app)->announcer;
}

void
ressenti_say_result (const char *text)
{
  RessentiAnnouncer *announcer = ressenti_announcer_get_default ();

  if (announcer != NULL)
    ressenti_announcer_announce (announcer, text, RESSENTI_ANNOUNCE_INTERRUPT,
                                 RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
}

void
ressenti_say_error (const char *text)
{
  RessentiAnnouncer *announcer = ressenti_announcer_get_default ();

  if (announcer != NULL)
    ressenti_announcer_error (announcer, text);
}

RessentiVoice *
ressenti_voice_get_default (void)
{
  GApplication *app = g_application_get_default ();

  if (!RESSENTI_IS_APPLICATION (app))
    return NULL;
  return RESSENTI_APPLICATION (app)->voice;
}

RessentiEarcons *
ressenti_earcons_get_default (void)
{
  GApplication *app = g_application_get_default ();

  if (!RESSENTI_IS_APPLICATION (app))
    return NULL;
  return RESSENTI_APPLICATION (app)->earcons;
}
