/* ressenti-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every control is bound to its GSettings key, so a change takes effect at
 * once and is kept. Controls are chosen for what Orca 43 reads: AdwComboRow
 * for choices (GtkDropDown is read as a bare toggle button), check buttons
 * for on/off, spin buttons for numbers (a GtkScale is silent when moved).
 * It is a plain AdwWindow holding one AdwPreferencesPage: libadwaita 1.2's
 * AdwPreferencesWindow exposes its stack pages, view switcher and search
 * entry by type name, and Orca 43 says "GtkStackPage panel" on opening.
 *
 * The last group is the library's vocabulary (RessentiVocabularyEditor),
 * which is kept in the library, not in GSettings. Each change it keeps is
 * passed on as RessentiApplication::vocabulary-changed, which the pages
 * showing markers follow.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-application.h"
#include "ressenti-preferences-window.h"
#include "ressenti-vocabulary-editor.h"

struct _RessentiPreferencesWindow
{
  AdwWindow             parent_instance;

  GSettings            *settings;
  RessentiStore        *store;
  GtkWidget            *vocabulary_editor;
};

G_DEFINE_FINAL_TYPE (RessentiPreferencesWindow, ressenti_preferences_window, ADW_TYPE_WINDOW)

typedef struct
{
  const char *value;   /* as stored */
  const char *label;   /* N_() */
} Choice;

static const Choice announcer_choices[] = {
  { "auto", N_("Automatic: the screen reader if one is running, otherwise the app’s voice") },
  { "screen-reader", N_("The screen reader") },
  { "voice", N_("The app’s own voice") },
  { "screen-reader-and-voice", N_("Both the screen reader and the app’s voice") },
  { "off", N_("Silent") },
  { NULL, NULL }
};

static const Choice voice_type_choices[] = {
  { "default", N_("The speech server’s default") },
  { "male1", N_("Male voice 1") },
  { "male2", N_("Male voice 2") },
  { "female1", N_("Female voice 1") },
  { "female2", N_("Female voice 2") },
  { "child_male", N_("Child voice, male") },
  { "child_female", N_("Child voice, female") },
  { NULL, NULL }
};

static const Choice marker_announce_choices[] = {
  /* Translators: what is heard when playback reaches a marker. */
  { "earcon", N_("Earcon only") },
  /* Translators: a marker is said by its category ("Frustration, strong, customer"). */
  { "category", N_("Category") },
  { "full", N_("Everything, with its text") },
  { NULL, NULL }
};

static const Choice dictation_mode_choices[] = {
  /* Translators: push-to-talk. */
  { "hold", N_("Hold the key while speaking") },
  { "toggle", N_("Press once to start, again to stop") },
  { NULL, NULL }
};

static const Choice dictation_playback_choices[] = {
  { "pause", N_("Paused, then goes on") },
  { "duck", N_("Keeps playing, lowered") },
  { NULL, NULL }
};

static const Choice note_playback_choices[] = {
  /* Translators: a voice note reached during playback. */
  { "in-place", N_("Played in place: the call pauses, the note plays, the call goes on") },
  { "announce", N_("Announced only") },
  { "skip", N_("Skipped") },
  { NULL, NULL }
};

static const Choice transcription_language_choices[] = {
  { "auto", N_("Detected") },
  { "fr", N_("French") },
  { "en", N_("English") },
  { NULL, NULL }
};

static const Choice verbosity_choices[] = {
  { "terse", N_("Terse: results and errors") },
  { "normal", N_("Normal") },
  { "verbose", N_("Verbose: with progress") },
  { NULL, NULL }
};

/* A combo row bound to a string (or enum) key. */
typedef struct
{
  GSettings    *settings;
  const char   *key;
  const Choice *choices;
} ComboBinding;

static void
combo_selected_cb (AdwComboRow  *row,
                   GParamSpec   *pspec,
                   ComboBinding *binding)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected != GTK_INVALID_LIST_POSITION)
    g_settings_set_string (binding->settings, binding->key, binding->choices[selected].value);
}

static void
combo_select_current (AdwComboRow  *row,
                      ComboBinding *binding)
{
  g_autofree char *current = g_settings_get_string (binding->settings, binding->key);

  for (guint i = 0; binding->choices[i].value != NULL; i++)
    if (g_str_equal (binding->choices[i].value, current))
      adw_combo_row_set_selected (row, i);
}

static GtkWidget *
combo_row_new (GSettings    *settings,
               const char   *key,
               const char   *title,
               const Choice *choices)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  ComboBinding *binding = g_new0 (ComboBinding, 1);

  for (guint i = 0; choices[i].value != NULL; i++)
    gtk_string_list_append (model, _(choices[i].label));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  binding->settings = settings;
  binding->key = key;
  binding->choices = choices;
  g_object_set_data_full (G_OBJECT (row), "ressenti-binding", binding, g_free);
  combo_select_current (ADW_COMBO_ROW (row), binding);
  g_signal_connect (row, "notify::selected", G_CALLBACK (combo_selected_cb), binding);
  return row;
}

/* A check button bound to a boolean key; Orca reads its name and state. */
static GtkWidget *
check_new (GSettings  *settings,
           const char *key,
           const char *label)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);

  gtk_widget_set_margin_top (check, 6);
  gtk_widget_set_margin_bottom (check, 6);
  g_settings_bind (settings, key, check, "active", G_SETTINGS_BIND_DEFAULT);
  return check;
}

static gboolean
percent_get (GValue   *value,
             GVariant *variant,
             gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100.0);
  return TRUE;
}

static GVariant *
percent_set (const GValue       *value,
             const GVariantType *expected_type,
             gpointer            user_data)
{
  return g_variant_new_double (g_value_get_double (value) / 100.0);
}

/* A row with a spin button bound to a numeric key. Orca 43 names the spin
 * button after the row's title and reads the subtitle (the unit) as its
 * description: an accessible label would only be said twice. A "percent"
 * row shows a 0–1 key as 0–100. */
static GtkWidget *
spin_row_new (GSettings  *settings,
              const char *key,
              const char *title,
              const char *unit,
              double      min,
              double      max,
              double      step,
              gboolean    percent)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), unit);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  if (percent)
    g_settings_bind_with_mapping (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT,
                                  percent_get, percent_set, NULL, NULL);
  else
    g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  return row;
}

/* A typed path (the file chooser is not a route for every listener). */
static GtkWidget *
text_row_new (GSettings  *settings,
              const char *key,
              const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_settings_bind (settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
  return row;
}

static AdwPreferencesGroup *
group_new (AdwPreferencesPage *page,
           const char         *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
  return ADW_PREFERENCES_GROUP (group);
}

/* The window's content: a header bar over one preferences page. */
static AdwPreferencesPage *
page_new (RessentiPreferencesWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
  return ADW_PREFERENCES_PAGE (page);
}

static void
vocabulary_changed_cb (RessentiVocabularyEditor *editor,
                       RessentiVocabulary       *vocabulary,
                       gpointer                  user_data)
{
  GApplication *app = g_application_get_default ();

  if (RESSENTI_IS_APPLICATION (app))
    ressenti_application_vocabulary_changed (RESSENTI_APPLICATION (app), vocabulary);
}

static void
build_vocabulary (RessentiPreferencesWindow *self,
                  AdwPreferencesPage        *page)
{
  AdwPreferencesGroup *group = group_new (page, _("Vocabulary"));

  adw_preferences_group_set_description (group,
                                         _("The words calls are marked with, kept in the library for every "
                                           "listener. In each list the first nine entries that are not "
                                           "retired are on the keys 1 to 9 of the player. On an entry, "
                                           "Alt+Up and Alt+Down move it, Enter renames or redefines it. "
                                           "An entry is retired, never deleted: markers keep it."));
  self->vocabulary_editor = ressenti_vocabulary_editor_new (self->store);
  g_signal_connect (self->vocabulary_editor, "changed", G_CALLBACK (vocabulary_changed_cb), NULL);
  adw_preferences_group_add (group, self->vocabulary_editor);
}

static void
build_voice_notes (RessentiPreferencesWindow *self,
                   AdwPreferencesPage        *page)
{
  GSettings *s = self->settings;
  AdwPreferencesGroup *group = group_new (page, _("Voice notes"));
  GtkWidget *speed;

  adw_preferences_group_add (group, combo_row_new (s, "dictation-mode", _("The dictation key (V)"),
                                                  dictation_mode_choices));
  adw_preferences_group_add (group, combo_row_new (s, "dictation-playback", _("The call while dictating"),
                                                  dictation_playback_choices));
  adw_preferences_group_add (group, spin_row_new (s, "dictation-max-seconds", _("Longest note"),
                                                  _("seconds"), 5, 900, 5, FALSE));
  adw_preferences_group_add (group, combo_row_new (s, "note-playback", _("When playback reaches a voice note"),
                                                  note_playback_choices));
  speed = spin_row_new (s, "note-speed", _("Speed of voice notes"), _("times normal speed"), 0.5, 3.0, 0.1, FALSE);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (speed))), 1);
  adw_preferences_group_add (group, speed);
  adw_preferences_group_add (group, text_row_new (s, "transcription-model",
                                                  _("Speech recognition model (a whisper.cpp model file)")));
  adw_preferences_group_add (group, combo_row_new (s, "transcription-language", _("Language of voice notes"),
                                                  transcription_language_choices));
}

static void
build (RessentiPreferencesWindow *self)
{
  GSettings *s = self->settings;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;

  page = page_new (self);
  group = group_new (page, _("How the app speaks"));
  adw_preferences_group_add (group, combo_row_new (s, "announcer", _("Messages are said by"), announcer_choices));
  adw_preferences_group_add (group, combo_row_new (s, "verbosity", _("How much is said"), verbosity_choices));
  adw_preferences_group_add (group, check_new (s, "interrupt", _("A new move cuts off the message being said")));
  group = group_new (page, _("The app’s own voice"));
  adw_preferences_group_add (group, spin_row_new (s, "voice-rate", _("Rate"), _("steps from the default, −100 to 100"),
                                                  -100, 100, 10, FALSE));
  adw_preferences_group_add (group, combo_row_new (s, "voice-type", _("Voice"), voice_type_choices));
  adw_preferences_group_add (group, text_row_new (s, "voice-language",
                                                  _("Language of the app’s voice (such as fr or en; empty: the app’s language)")));

  group = group_new (page, _("Earcons"));
  adw_preferences_group_add (group, check_new (s, "earcons", _("Play earcons: short sounds for moves, ends, errors")));
  adw_preferences_group_add (group, spin_row_new (s, "earcon-volume", _("Earcon volume"), _("percent"),
                                                  0, 100, 10, TRUE));
  group = group_new (page, _("Ducking"));
  adw_preferences_group_add (group, check_new (s, "ducking", _("Lower the call while the app speaks or sounds")));
  adw_preferences_group_add (group, spin_row_new (s, "duck-level", _("Lowered call volume"), _("percent"),
                                                  0, 100, 10, TRUE));

  group = group_new (page, _("Moving in a call"));
  adw_preferences_group_add (group, spin_row_new (s, "short-step-seconds", _("Short step (Shift+arrows)"),
                                                  _("seconds"), 1, 60, 1, FALSE));
  adw_preferences_group_add (group, spin_row_new (s, "long-step-seconds", _("Long step (Ctrl+arrows)"),
                                                  _("seconds"), 5, 600, 5, FALSE));
  adw_preferences_group_add (group, spin_row_new (s, "replay-seconds", _("Replay (R)"),
                                                  _("seconds"), 1, 60, 1, FALSE));
  adw_preferences_group_add (group, spin_row_new (s, "lead-in-ms", _("Lead-in before a speaker turn"),
                                                  _("milliseconds"), 0, 5000, 100, FALSE));
  adw_preferences_group_add (group, spin_row_new (s, "preview-seconds", _("Preview after a move while paused"),
                                                  _("seconds, 0 for none"), 0, 10, 1, FALSE));
  adw_preferences_group_add (group, check_new (s, "resume", _("Open a call where I stopped last time")));

  group = group_new (page, _("Markers"));
  adw_preferences_group_add (group, combo_row_new (s, "marker-announce", _("When playback reaches a marker, say"),
                                                  marker_announce_choices));
  adw_preferences_group_add (group, check_new (s, "marker-interrupt",
                                               _("A marker cuts off the message being said")));
  adw_preferences_group_add (group, check_new (s, "marker-pause", _("Pause at each marker")));
  adw_preferences_group_add (group, spin_row_new (s, "marker-step-ms", _("Marker nudge (comma and period)"),
                                                  _("milliseconds"), 50, 5000, 50, FALSE));

  build_voice_notes (self, page);
  build_vocabulary (self, page);
}

static void
ressenti_preferences_window_dispose (GObject *object)
{
  RessentiPreferencesWindow *self = (RessentiPreferencesWindow *) object;

  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ressenti_preferences_window_parent_class)->dispose (object);
}

static void
ressenti_preferences_window_class_init (RessentiPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ressenti_preferences_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ressenti_preferences_window_init (RessentiPreferencesWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 640);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_title (GTK_WINDOW (self), _("Preferences"));
}

RessentiPreferencesWindow *
ressenti_preferences_window_new (GtkWindow     *parent,
                                 GSettings     *settings,
                                 RessentiStore *store)
{
  RessentiPreferencesWindow *self = g_object_new (RESSENTI_TYPE_PREFERENCES_WINDOW,
                                                  "transient-for", parent, NULL);

  self->settings = g_object_ref (settings);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  build (self);
  return self;
}
