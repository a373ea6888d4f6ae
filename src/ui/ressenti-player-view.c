/* ressenti-player-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys: a key controller on the timeline looks the key up in a small
 * binding table and activates the matching widget action ("player.next");
 * the buttons use the same actions. The key describer (Shift+F1) makes the
 * same lookup say the key's entry of the app's key table instead of acting.
 * Letters are matched case-insensitively and symbols whatever Shift is
 * (on AZERTY "+" needs Shift, "-" does not); no binding needs AltGr, the
 * keypad, Insert or CapsLock (Orca's keys).
 *
 * Store work (analysis cache, resume position, listening sessions) goes
 * through the store's async calls; nothing here blocks the main loop.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-analysis.h"
#include "ressenti-application.h"
#include "ressenti-ducker.h"
#include "ressenti-earcons.h"
#include "ressenti-keys.h"
#include "ressenti-marker-editor.h"
#include "ressenti-marker-watcher.h"
#include "ressenti-markers-window.h"
#include "ressenti-navigator.h"
#include "ressenti-player-view.h"
#include "ressenti-spoken.h"
#include "ressenti-time-dialog.h"
#include "ressenti-timeline.h"
#include "ressenti-voice.h"

/* How often the position and the listening time are saved while playing,
 * so that a crash loses little. */
#define SAVE_INTERVAL_S 15
/* A second press of "where am I" within this delay gives the other form. */
#define WHERE_TWICE_MS 800
/* Positions this close to either end are not offered for resuming. */
#define RESUME_MARGIN_MS 3000

struct _RessentiPlayerView
{
  GtkWidget               parent_instance;

  RessentiTimeline       *timeline;
  GtkLabel               *status_label;
  GtkProgressBar         *analysis_bar;
  GtkLabel               *error_label;
  GtkButton              *play_button;
  AdwButtonContent       *play_content;

  GSettings              *settings;
  RessentiPlayer         *player;
  RessentiDucker         *ducker;
  RessentiMarkerEditor   *editor;
  RessentiMarkerWatcher  *watcher;
  /* Which markers are heard and visited (F cycles through choices). */
  RessentiMarkerFilter   *filter;
  guint                   filter_choice;
  RessentiStore          *store;
  RessentiRecording      *recording;
  RessentiAnalysisResult *result;
  RessentiAnalysis       *analysis;
  GCancellable           *cancellable;

  RessentiNavUnit         unit;
  gboolean                describing;
  gint64                  last_where_ms;     /* monotonic, of the last W */
  gboolean                last_where_second;
  guint                   preview_source;
  guint                   progress_source;
  guint                   save_source;
  guint                   say_position_source;

  /* Listening time: the session's id once the store made it, the time
   * counted so far and when the current stretch of playing began. */
  char                   *session_id;
  gboolean                session_requested;
  gint64                  listened_ms;
  gint64                  playing_since_us;
};

G_DEFINE_FINAL_TYPE (RessentiPlayerView, ressenti_player_view, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------------ */
/* Speaking                                                            */
/* ------------------------------------------------------------------ */

static RessentiAnnouncePriority
navigation_priority (RessentiPlayerView *self)
{
  return g_settings_get_boolean (self->settings, "interrupt")
         ? RESSENTI_ANNOUNCE_INTERRUPT : RESSENTI_ANNOUNCE_QUEUE;
}

static void
say (RessentiPlayerView       *self,
     const char               *text,
     RessentiVerbosity         verbosity,
     RessentiAnnounceCategory  category)
{
  RessentiAnnouncer *announcer = ressenti_announcer_get_default ();

  if (announcer != NULL)
    ressenti_announcer_announce (announcer, text, navigation_priority (self), verbosity, category);
}

static void
say_error (const char *text)
{
  RessentiAnnouncer *announcer = ressenti_announcer_get_default ();

  if (announcer != NULL)
    ressenti_announcer_error (announcer, text);
}

static void
earcon (RessentiEarcon which)
{
  RessentiEarcons *earcons = ressenti_earcons_get_default ();

  if (earcons != NULL)
    ressenti_earcons_play (earcons, which);
}

static void
show_error (RessentiPlayerView *self,
            const char         *text)
{
  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
  if (text != NULL)
    say_error (text);
}

/* ------------------------------------------------------------------ */
/* What is shown                                                       */
/* ------------------------------------------------------------------ */

static const char *
side_describe (RessentiChannelFocus focus)
{
  switch (focus)
    {
    case RESSENTI_CHANNEL_FOCUS_CUSTOMER:
      return _("Customer only");
    case RESSENTI_CHANNEL_FOCUS_AGENT:
      return _("Agent only");
    case RESSENTI_CHANNEL_FOCUS_BOTH:
    default:
      return _("Both sides");
    }
}

/* The player knows the length once it has read the file; the library
 * knew it at import, so the timeline has it from the start. */
static gint64
call_duration (RessentiPlayerView *self)
{
  gint64 duration = ressenti_player_get_duration (self->player);

  if (duration < 0 && self->recording != NULL)
    duration = ressenti_recording_get_duration_ms (self->recording);
  return duration;
}

static void
update_status (RessentiPlayerView *self)
{
  gint64 position = ressenti_player_get_position (self->player);
  gint64 duration = call_duration (self);
  g_autofree char *now = ressenti_clock_time (position);
  g_autofree char *total = duration >= 0 ? ressenti_clock_time (duration) : g_strdup ("–");
  g_autofree char *text = NULL;
  const char *state;

  switch (ressenti_player_get_state (self->player))
    {
    case RESSENTI_PLAYER_STATE_PLAYING:
      state = _("Playing");
      break;
    case RESSENTI_PLAYER_STATE_PAUSED:
      state = _("Paused");
      break;
    case RESSENTI_PLAYER_STATE_STOPPED:
    default:
      state = _("Stopped");
      break;
    }
  /* Translators: the player's status line: %1$s position, %2$s length
   * ("2:13 / 6:20"), %3$s state, %4$.1f the speed, %5$s the side heard,
   * %6$s the unit to move by. */
  text = g_strdup_printf (_("%1$s / %2$s · %3$s · speed %4$.1f× · %5$s · move by %6$s"),
                          now, total, state, ressenti_player_get_speed (self->player),
                          side_describe (ressenti_player_get_channel_focus (self->player)),
                          ressenti_nav_unit_describe (self->unit));
  gtk_label_set_text (self->status_label, text);
  ressenti_timeline_set_duration (self->timeline, duration);
  ressenti_timeline_set_position (self->timeline, position);
}

static void
update_play_button (RessentiPlayerView *self)
{
  gboolean playing = ressenti_player_get_state (self->player) == RESSENTI_PLAYER_STATE_PLAYING;
  const char *label = playing ? _("Pause") : _("Play");

  adw_button_content_set_label (self->play_content, label);
  adw_button_content_set_icon_name (self->play_content,
                                    playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* ------------------------------------------------------------------ */
/* Resume position and listening sessions                              */
/* ------------------------------------------------------------------ */

static void
store_write_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = GPOINTER_TO_INT (user_data)
                ? ressenti_store_update_listening_session_finish (RESSENTI_STORE (source), result, &error)
                : ressenti_store_set_resume_position_finish (RESSENTI_STORE (source), result, &error);

  /* Losing a resume position or a few seconds of listening time is not
   * worth interrupting the listener; it goes to the log. */
  if (!ok)
    g_warning ("Could not save listening data: %s", error->message);
  g_application_release (g_application_get_default ());
}

static gint64
listened_so_far (RessentiPlayerView *self)
{
  gint64 total = self->listened_ms;

  if (self->playing_since_us > 0)
    total += (g_get_monotonic_time () - self->playing_since_us) / 1000;
  return total;
}

/* Saves the position and the listening time; @ended closes the session.
 * Writes are not cancelled: they must land even when the page closes. */
static void
save_listening (RessentiPlayerView *self,
                gboolean            ended)
{
  if (self->store == NULL || self->recording == NULL || !ressenti_player_is_open (self->player))
    return;
  /* Each write holds the application, so that closing the window does not
   * end the process before the position is saved. */
  g_application_hold (g_application_get_default ());
  ressenti_store_set_resume_position_async (self->store, ressenti_recording_get_id (self->recording),
                                            ressenti_player_get_position (self->player), NULL,
                                            store_write_done_cb, GINT_TO_POINTER (FALSE));
  if (self->session_id != NULL)
    g_application_hold (g_application_get_default ());
  if (self->session_id != NULL)
    ressenti_store_update_listening_session_async (self->store, self->session_id, listened_so_far (self),
                                                   ended, NULL, store_write_done_cb, GINT_TO_POINTER (TRUE));
}

static gboolean
save_tick_cb (gpointer user_data)
{
  save_listening (user_data, FALSE);
  return G_SOURCE_CONTINUE;
}

static void
session_started_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RessentiPlayerView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ressenti_store_start_listening_session_finish (RESSENTI_STORE (source), result, &error);

  if (id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not record a listening session: %s", error->message);
      return;
    }
  g_free (self->session_id);
  self->session_id = g_steal_pointer (&id);
}

static void
start_session_once (RessentiPlayerView *self)
{
  if (self->session_requested || self->store == NULL)
    return;
  self->session_requested = TRUE;
  ressenti_store_start_listening_session_async (self->store, ressenti_recording_get_id (self->recording),
                                                self->cancellable, session_started_cb, g_object_ref (self));
}

static void
resume_position_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RessentiPlayerView) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 position = ressenti_store_get_resume_position_finish (RESSENTI_STORE (source), result, &error);
  gint64 duration = ressenti_recording_get_duration_ms (self->recording);
  g_autofree char *spoken = NULL;
  g_autofree char *text = NULL;

  if (position < 0)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the resume position: %s", error->message);
      return;
    }
  if (position < RESUME_MARGIN_MS || (duration > 0 && position > duration - RESUME_MARGIN_MS)
      || ressenti_player_get_position (self->player) > 0
      || ressenti_player_get_state (self->player) == RESSENTI_PLAYER_STATE_PLAYING)
    return;

  ressenti_player_seek (self->player, position);
  spoken = ressenti_spoken_duration (position);
  /* Translators: said when a call opens where the listener stopped last
   * time; %s is the position ("2 minutes 13"). */
  text = g_strdup_printf (_("Resuming at %s. Home goes to the start."), spoken);
  /* After the call's sentence, not instead of it. */
  ressenti_announcer_announce (ressenti_announcer_get_default (), text, RESSENTI_ANNOUNCE_QUEUE,
                               RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_NAVIGATION);
}

/* ------------------------------------------------------------------ */
/* Analysis                                                            */
/* ------------------------------------------------------------------ */

static void
set_result (RessentiPlayerView     *self,
            RessentiAnalysisResult *result)
{
  g_clear_pointer (&self->result, ressenti_analysis_result_unref);
  if (result != NULL)
    self->result = ressenti_analysis_result_ref (result);
  ressenti_timeline_set_result (self->timeline, result);
}

static void
stop_progress (RessentiPlayerView *self)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->analysis_bar), FALSE);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  RessentiPlayerView *self = user_data;
  double fraction = self->analysis != NULL ? ressenti_analysis_get_progress (self->analysis) : 0.0;
  /* Translators: %d is a percentage. */
  g_autofree char *text = g_strdup_printf (_("Analysing the call: %d %%"), (int) (fraction * 100));

  gtk_progress_bar_set_fraction (self->analysis_bar, fraction);
  gtk_progress_bar_set_text (self->analysis_bar, text);
  return G_SOURCE_CONTINUE;
}

static void
analysis_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The result is in use; only the next opening will analyse again. */
  if (!ressenti_store_save_analysis_finish (RESSENTI_STORE (source), result, &error))
    g_warning ("Could not keep the analysis in the library: %s", error->message);
}

static void
announce_analysis (RessentiPlayerView *self)
{
  guint n_turns = 0;
  guint n_pauses = 0;
  g_autofree char *turns = NULL;
  g_autofree char *pauses = NULL;
  g_autofree char *text = NULL;

  ressenti_analysis_result_get_turns (self->result, &n_turns);
  ressenti_analysis_result_get_pauses (self->result, &n_pauses);
  turns = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u speaker turn", "%u speaker turns", n_turns), n_turns);
  pauses = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pause", "%u pauses", n_pauses), n_pauses);
  /* Translators: %1$s is "12 speaker turns", %2$s "3 pauses". */
  text = g_strdup_printf (_("Call analysed: %1$s, %2$s."), turns, pauses);
  /* News the listener did not ask for: it waits for what is being said. */
  ressenti_announcer_announce (ressenti_announcer_get_default (), text, RESSENTI_ANNOUNCE_QUEUE,
                               RESSENTI_VERBOSITY_NORMAL, RESSENTI_ANNOUNCE_CATEGORY_PROGRESS);
}

static void
analysis_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RessentiPlayerView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiAnalysisResult) analysed = NULL;
  g_autoptr(GBytes) bytes = NULL;

  analysed = ressenti_analysis_run_finish (RESSENTI_ANALYSIS (source), result, &error);
  if ((gpointer) source != (gpointer) self->analysis)
    return;  /* another call was opened meanwhile */
  g_clear_object (&self->analysis);
  stop_progress (self);
  if (analysed == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The call could not be analysed; moving by speaker turn and pause is unavailable: %s"),
                                                   error->message);
          show_error (self, text);
        }
      return;
    }
  set_result (self, analysed);
  announce_analysis (self);
  bytes = ressenti_analysis_result_serialize (analysed);
  ressenti_store_save_analysis_async (self->store, ressenti_recording_get_id (self->recording),
                                      RESSENTI_ANALYSIS_ALGORITHM_VERSION, bytes, NULL,
                                      analysis_saved_cb, NULL);
}

static void
run_analysis (RessentiPlayerView *self)
{
  g_autofree char *path = ressenti_store_get_audio_path (self->store, self->recording);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = ressenti_recording_describe (self->recording);

  g_clear_object (&self->analysis);
  self->analysis = ressenti_analysis_new (file, ressenti_recording_get_layout (self->recording));
  ressenti_analysis_set_display_name (self->analysis, name);
  gtk_widget_set_visible (GTK_WIDGET (self->analysis_bar), TRUE);
  progress_tick_cb (self);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->progress_source = g_timeout_add (250, progress_tick_cb, self);
  ressenti_analysis_run_async (self->analysis, self->cancellable, analysis_done_cb, g_object_ref (self));
}

static void
cached_analysis_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RessentiPlayerView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ressenti_store_load_analysis_finish (RESSENTI_STORE (source), result, &error);
  g_autoptr(RessentiAnalysisResult) cached = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes != NULL)
    cached = ressenti_analysis_result_deserialize (bytes, NULL);
  /* A result labelled with another channel layout is stale. */
  if (cached != NULL &&
      ressenti_analysis_result_get_layout (cached) == ressenti_recording_get_layout (self->recording))
    {
      set_result (self, cached);
      return;
    }
  run_analysis (self);
}

static void
start_analysis (RessentiPlayerView *self)
{
  set_result (self, NULL);
  ressenti_store_load_analysis_async (self->store, ressenti_recording_get_id (self->recording),
                                      RESSENTI_ANALYSIS_ALGORITHM_VERSION, self->cancellable,
                                      cached_analysis_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Moving                                                              */
/* ------------------------------------------------------------------ */

static RessentiNavPlayback
nav_playback (RessentiPlayerView *self)
{
  switch (ressenti_player_get_state (self->player))
    {
    case RESSENTI_PLAYER_STATE_PLAYING:
      return RESSENTI_NAV_PLAYING;
    case RESSENTI_PLAYER_STATE_PAUSED:
      return RESSENTI_NAV_PAUSED;
    case RESSENTI_PLAYER_STATE_STOPPED:
    default:
      return RESSENTI_NAV_STOPPED;
    }
}

static gboolean
preview_done_cb (gpointer user_data)
{
  RessentiPlayerView *self = user_data;

  self->preview_source = 0;
  ressenti_player_pause (self->player);
  return G_SOURCE_REMOVE;
}

/* As in talking-book players, a move made while paused plays a short
 * preview of where it landed, then pauses again. */
static void
jump (RessentiPlayerView *self,
      gint64              target_ms)
{
  guint preview_s = g_settings_get_uint (self->settings, "preview-seconds");
  gboolean playing = ressenti_player_get_state (self->player) == RESSENTI_PLAYER_STATE_PLAYING;

  ressenti_player_seek (self->player, target_ms);
  if (self->preview_source != 0)
    {
      g_source_remove (self->preview_source);
      self->preview_source = 0;
      playing = FALSE;
    }
  if (!playing && preview_s > 0)
    {
      ressenti_player_play (self->player);
      self->preview_source = g_timeout_add_seconds (preview_s, preview_done_cb, self);
    }
  update_status (self);
}

static gboolean
require_open (RessentiPlayerView *self)
{
  if (ressenti_player_is_open (self->player))
    return TRUE;
  say (self, _("No call is playing."), RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_ERROR);
  return FALSE;
}

/* The review's markers as the navigator sees them; markers NULL when no
 * review is open. */
static RessentiNavMarkers
nav_markers (RessentiPlayerView *self)
{
  RessentiReviewSession *session = ressenti_marker_editor_get_session (self->editor);
  RessentiNavMarkers markers = { NULL, self->filter, NULL };

  if (session != NULL)
    {
      markers.markers = ressenti_review_session_get_markers (session);
      markers.vocabulary = ressenti_review_session_get_vocabulary (session);
    }
  return markers;
}

/* A landing on a marker makes it the current one, for the keys that
 * change a marker. */
static void
landed_on_marker (RessentiPlayerView *self,
                  gint64              target_ms)
{
  RessentiNavMarkers markers = nav_markers (self);
  g_autoptr(RessentiMarkerItem) item = NULL;
  int index;

  if (markers.markers == NULL)
    return;
  index = ressenti_marker_model_find_next (markers.markers, markers.filter, markers.vocabulary, target_ms - 1);
  if (index < 0)
    return;
  item = g_list_model_get_item (markers.markers, (guint) index);
  ressenti_marker_editor_set_current (self->editor, ressenti_marker_item_get_marker (item)->id);
}

static void
step (RessentiPlayerView *self,
      RessentiNavUnit     unit,
      int                 direction)
{
  RessentiNavMarkers markers = nav_markers (self);
  gint64 target = 0;
  g_autofree char *text = NULL;
  gint64 position = ressenti_player_get_position (self->player);
  gint64 duration = call_duration (self);

  if (!require_open (self))
    return;
  /* A landing on a turn is its start minus the lead-in: the next turn is
   * looked for from after that lead-in, or Right would land on the same
   * turn again. */
  if (unit == RESSENTI_NAV_UNIT_TURN && direction > 0)
    position += (gint64) g_settings_get_uint (self->settings, "lead-in-ms");
  if (!ressenti_navigator_step (self->result, &markers, unit, position, duration, direction, &target, &text))
    {
      earcon (RESSENTI_EARCON_BOUNDARY);
      say (self, text, RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_HINT);
      return;
    }
  /* The lead-in lets the first syllable of a turn be heard whole. */
  if (unit == RESSENTI_NAV_UNIT_TURN)
    target = MAX (target - (gint64) g_settings_get_uint (self->settings, "lead-in-ms"), 0);
  jump (self, target);
  if (unit == RESSENTI_NAV_UNIT_MARKER)
    landed_on_marker (self, target);
  say (self, text, RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_NAVIGATION);
}

/* A jump by a number of seconds, announced as the position reached. */
static void
step_seconds (RessentiPlayerView *self,
              gint64              delta_ms)
{
  gint64 duration = call_duration (self);
  gint64 target;
  g_autofree char *text = NULL;

  if (!require_open (self))
    return;
  target = ressenti_player_get_position (self->player) + delta_ms;
  if (duration >= 0)
    target = MIN (target, duration);
  target = MAX (target, 0);
  jump (self, target);
  text = ressenti_spoken_duration (target);
  say (self, text, RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_NAVIGATION);
}

static void
change_unit (RessentiPlayerView *self,
             int                 direction)
{
  g_autofree char *text = NULL;

  self->unit = ressenti_nav_unit_cycle (self->unit, direction);
  text = ressenti_nav_unit_announcement (self->unit);
  say (self, text, RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
  update_status (self);
}

static void
where_am_i (RessentiPlayerView *self)
{
  gint64 now = g_get_monotonic_time () / 1000;
  gboolean second = !self->last_where_second && now - self->last_where_ms < WHERE_TWICE_MS;
  g_autofree char *text = NULL;
  RessentiNavMarkers markers = nav_markers (self);

  self->last_where_ms = now;
  self->last_where_second = second;
  if (!require_open (self))
    return;
  text = ressenti_navigator_where_am_i (self->result, &markers, ressenti_player_get_position (self->player),
                                       call_duration (self),
                                       nav_playback (self), second);
  /* Asked for: it always cuts what is being said. */
  /* The timeline's description is not refreshed here: on GTK 4.8 Orca
   * would speak that change at once, cutting this sentence. */
  ressenti_announcer_announce (ressenti_announcer_get_default (), text, RESSENTI_ANNOUNCE_INTERRUPT,
                               RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
}

static void
say_speed (RessentiPlayerView *self)
{
  /* Translators: %.1f is the playback speed, 1.0 being normal. */
  g_autofree char *text = g_strdup_printf (_("Speed %.1f"), ressenti_player_get_speed (self->player));

  g_settings_set_double (self->settings, "speed", ressenti_player_get_speed (self->player));
  say (self, text, RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
  update_status (self);
}

static void
change_volume (RessentiPlayerView *self,
               double              delta)
{
  double volume = CLAMP (ressenti_player_get_volume (self->player) + delta, 0.0, 1.0);
  /* Translators: %d is the call's volume in percent. */
  g_autofree char *text = g_strdup_printf (_("Volume %d percent"), (int) (volume * 100 + 0.5));

  ressenti_player_set_volume (self->player, volume);
  say (self, text, RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
}

static void
cycle_side (RessentiPlayerView *self)
{
  g_autoptr(GError) error = NULL;
  RessentiChannelFocus next = (ressenti_player_get_channel_focus (self->player) + 1) % 3;

  if (!ressenti_player_set_channel_focus (self->player, next, &error))
    {
      say (self, error->message, RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_ERROR);
      return;
    }
  say (self, side_describe (next), RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
  update_status (self);
}

static void
set_loop_point (RessentiPlayerView *self,
                gboolean            end)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL;
  g_autofree char *text = NULL;
  gboolean ok = end ? ressenti_player_set_loop_end (self->player, &error)
                    : ressenti_player_set_loop_start (self->player, &error);

  if (!ok)
    {
      say (self, error->message, RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_ERROR);
      return;
    }
  start = ressenti_spoken_duration (ressenti_player_get_loop_start (self->player));
  if (end)
    {
      g_autofree char *stop = ressenti_spoken_duration (ressenti_player_get_loop_end (self->player));

      /* Translators: %1$s and %2$s are positions ("1 minute 2"). */
      text = g_strdup_printf (_("Looping from %1$s to %2$s"), start, stop);
    }
  else
    /* Translators: %s is a position ("1 minute 2"). */
    text = g_strdup_printf (_("Loop start at %s"), start);
  ressenti_timeline_set_loop (self->timeline, ressenti_player_get_loop_start (self->player),
                              ressenti_player_get_loop_end (self->player));
  say (self, text, RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
}

static void end_of_stream_cb (RessentiPlayerView *self);

static void
go_to_start (RessentiPlayerView *self)
{
  if (!require_open (self))
    return;
  jump (self, 0);
  say (self, _("Start of the call"), RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_NAVIGATION);
}

static void
go_to_end (RessentiPlayerView *self)
{
  gboolean playing;

  if (!require_open (self))
    return;
  /* While playing, the player ends playback there and end_of_stream_cb
   * says so; paused, nothing flows to tell it. */
  playing = ressenti_player_get_state (self->player) == RESSENTI_PLAYER_STATE_PLAYING;
  g_clear_handle_id (&self->preview_source, g_source_remove);
  ressenti_player_seek_to_end (self->player);
  if (!playing)
    end_of_stream_cb (self);
}

static void
replay (RessentiPlayerView *self)
{
  if (!require_open (self))
    return;
  g_clear_handle_id (&self->preview_source, g_source_remove);
  ressenti_player_replay (self->player, g_settings_get_uint (self->settings, "replay-seconds"));
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */
/* ------------------------------------------------------------------ */

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RessentiPlayerView *self = RESSENTI_PLAYER_VIEW (widget);

  if (!require_open (self))
    return;
  /* Space during a preview keeps playing from there. */
  if (self->preview_source != 0)
    {
      g_clear_handle_id (&self->preview_source, g_source_remove);
      return;
    }
  ressenti_player_toggle (self->player);
  /* The sound starting or stopping says most; the earcon confirms it for
   * those who keep earcons on. */
  earcon (ressenti_player_get_state (self->player) == RESSENTI_PLAYER_STATE_PLAYING
          ? RESSENTI_EARCON_PLAY : RESSENTI_EARCON_PAUSE);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RessentiPlayerView *self = RESSENTI_PLAYER_VIEW (widget);
  gint64 short_ms = (gint64) g_settings_get_uint (self->settings, "short-step-seconds") * 1000;
  gint64 long_ms = (gint64) g_settings_get_uint (self->settings, "long-step-seconds") * 1000;

  if (g_str_equal (action_name, "player.next"))
    step (self, self->unit, +1);
  else if (g_str_equal (action_name, "player.previous"))
    step (self, self->unit, -1);
  else if (g_str_equal (action_name, "player.forward"))
    step_seconds (self, short_ms);
  else if (g_str_equal (action_name, "player.back"))
    step_seconds (self, -short_ms);
  else if (g_str_equal (action_name, "player.forward-long"))
    step_seconds (self, long_ms);
  else if (g_str_equal (action_name, "player.back-long"))
    step_seconds (self, -long_ms);
  else if (g_str_equal (action_name, "player.start"))
    go_to_start (self);
  else if (g_str_equal (action_name, "player.end"))
    go_to_end (self);
  else if (g_str_equal (action_name, "player.replay"))
    replay (self);
}

static void
unit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  change_unit (RESSENTI_PLAYER_VIEW (widget), g_str_equal (action_name, "player.unit-next") ? +1 : -1);
}

static void
where_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  where_am_i (RESSENTI_PLAYER_VIEW (widget));
}

static gboolean
say_position_cb (gpointer user_data)
{
  RessentiPlayerView *self = user_data;
  g_autofree char *text = ressenti_spoken_duration (ressenti_player_get_position (self->player));

  self->say_position_source = 0;
  say (self, text, RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_NAVIGATION);
  return G_SOURCE_REMOVE;
}

/* The dialog checked the time against the call's length. */
static void
time_chosen_cb (RessentiPlayerView *self,
                gint64              position_ms)
{
  ressenti_player_view_focus (self);
  jump (self, position_ms);
  /* Said once the dialog has gone and the main window has the keyboard
   * again: said now, it would go to the closing dialog. */
  g_clear_handle_id (&self->say_position_source, g_source_remove);
  self->say_position_source = g_timeout_add (200, say_position_cb, self);
}

static void
go_to_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RessentiPlayerView *self = RESSENTI_PLAYER_VIEW (widget);
  RessentiTimeDialog *dialog;

  if (!require_open (self))
    return;
  dialog = ressenti_time_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), call_duration (self));
  g_signal_connect_object (dialog, "time-chosen", G_CALLBACK (time_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sound_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RessentiPlayerView *self = RESSENTI_PLAYER_VIEW (widget);

  if (!require_open (self))
    return;
  if (g_str_equal (action_name, "player.faster"))
    ressenti_player_change_speed (self->player, +1);
  else if (g_str_equal (action_name, "player.slower"))
    ressenti_player_change_speed (self->player, -1);
  else if (g_str_equal (action_name, "player.normal-speed"))
    ressenti_player_set_speed (self->player, 1.0);
  else if (g_str_equal (action_name, "player.louder"))
    {
      change_volume (self, +0.1);
      return;
    }
  else if (g_str_equal (action_name, "player.quieter"))
    {
      change_volume (self, -0.1);
      return;
    }
  else if (g_str_equal (action_name, "player.side"))
    {
      cycle_side (self);
      return;
    }
  say_speed (self);
}

static void
loop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RessentiPlayerView *self = RESSENTI_PLAYER_VIEW (widget);

  if (!require_open (self))
    return;
  if (g_str_equal (action_name, "player.loop-clear"))
    {
      ressenti_player_clear_loop (self->player);
      ressenti_timeline_set_loop (self->timeline, -1, -1);
      say (self, _("Loop off"), RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
      return;
    }
  set_loop_point (self, g_str_equal (action_name, "player.loop-end"));
}

static void
describe_keys_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RessentiPlayerView *self = RESSENTI_PLAYER_VIEW (widget);

  self->describing = !self->describing;
  say (self, self->describing
             ? _("Key describer on: each key says what it does. Shift+F1 turns it off.")
             : _("Key describer off"),
       RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
}

/* ------------------------------------------------------------------ */
/* Markers                                                             */
/* ------------------------------------------------------------------ */

static void
marker_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RessentiPlayerView *self = RESSENTI_PLAYER_VIEW (widget);
  RessentiMarkerEditor *editor = self->editor;
  const char *name = action_name + strlen ("marker.");

  if (g_str_equal (name, "pick"))
    ressenti_marker_editor_pick (editor);
  else if (g_str_equal (name, "side"))
    ressenti_marker_editor_switch_side (editor);
  else if (g_str_equal (name, "stronger") || g_str_equal (name, "milder"))
    ressenti_marker_editor_intensity (editor, g_str_equal (name, "stronger") ? 1 : -1);
  else if (g_str_equal (name, "text") || g_str_equal (name, "edit"))
    ressenti_marker_editor_edit (editor, g_str_equal (name, "text"));
  else if (g_str_equal (name, "end-span"))
    ressenti_marker_editor_end_span (editor);
  else if (g_str_equal (name, "earlier") || g_str_equal (name, "later"))
    ressenti_marker_editor_nudge (editor, g_str_equal (name, "later") ? 1 : -1);
  else if (g_str_equal (name, "delete"))
    ressenti_marker_editor_delete (editor);
  else if (g_str_equal (name, "define"))
    ressenti_marker_editor_define (editor);
  else if (g_str_equal (name, "undo") || g_str_equal (name, "redo"))
    ressenti_marker_editor_undo (editor, g_str_equal (name, "redo"));
}

/* Plays from a little before the marker (the lead-in), so its moment is
 * heard from its beginning. */
static void
play_marker_cb (RessentiPlayerView *self,
                const char         *marker_id)
{
  RessentiReviewSession *session = ressenti_marker_editor_get_session (self->editor);
  g_autoptr(RessentiMarkerItem) item = NULL;
  int index;
  gint64 target;

  if (session == NULL || !require_open (self) || (index = ressenti_review_session_find (session, marker_id)) < 0)
    return;
  item = g_list_model_get_item (ressenti_review_session_get_markers (session), (guint) index);
  target = ressenti_marker_item_get_marker (item)->start_ms - (gint64) g_settings_get_uint (self->settings, "lead-in-ms");
  g_clear_handle_id (&self->preview_source, g_source_remove);
  ressenti_player_seek (self->player, MAX (target, 0));
  ressenti_player_play (self->player);
}

void
ressenti_player_view_show_markers (RessentiPlayerView *self)
{
  RessentiMarkersWindow *window;
  g_autofree char *audio = NULL;
  g_autofree char *media_name = NULL;
  GtkRoot *root;

  g_return_if_fail (RESSENTI_IS_PLAYER_VIEW (self));

  if (ressenti_marker_editor_get_session (self->editor) == NULL)
    {
      say (self, _("No markers yet: your review of this call has not started. Digits 1 to 9 start it."),
           RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
      return;
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  /* Exported files name the call by its audio file in the library, named
   * by content: nothing personal. */
  audio = ressenti_store_get_audio_path (self->store, self->recording);
  media_name = g_path_get_basename (audio);
  window = ressenti_markers_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->editor,
                                        media_name, call_duration (self));
  g_signal_connect_object (window, "play-marker", G_CALLBACK (play_marker_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

/* F: the choices of filter, in turn. The last one keeps only the entry of
 * the current marker, so "only this emotion" is two or three presses away. */
typedef enum
{
  FILTER_ALL = 0,
  FILTER_CUSTOMER_EMOTIONS,
  FILTER_AGENT_DELIVERY,
  FILTER_CUSTOMER_SIDE,
  FILTER_AGENT_SIDE,
  FILTER_CURRENT_ENTRY,
  N_FILTER_CHOICES
} FilterChoice;

static const char *
current_entry_key (RessentiPlayerView *self)
{
  RessentiReviewSession *session = ressenti_marker_editor_get_session (self->editor);
  const char *id = ressenti_marker_editor_get_current (self->editor);
  g_autoptr(RessentiMarkerItem) item = NULL;
  int index;

  if (session == NULL || id == NULL || (index = ressenti_review_session_find (session, id)) < 0)
    return NULL;
  item = g_list_model_get_item (ressenti_review_session_get_markers (session), (guint) index);
  /* The model keeps the item alive. */
  return ressenti_marker_item_get_marker (item)->entry_key;
}

static void
filter_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RessentiPlayerView *self = RESSENTI_PLAYER_VIEW (widget);
  RessentiNavMarkers markers = nav_markers (self);
  g_autoptr(RessentiMarkerFilter) filter = ressenti_marker_filter_new ();
  g_autofree char *text = NULL;

  self->filter_choice = (self->filter_choice + 1) % N_FILTER_CHOICES;
  if (self->filter_choice == FILTER_CURRENT_ENTRY && current_entry_key (self) == NULL)
    self->filter_choice = FILTER_ALL;
  switch ((FilterChoice) self->filter_choice)
    {
    case FILTER_CUSTOMER_EMOTIONS:
      filter->kind = RESSENTI_MARKER_FILTER_KIND_CUSTOMER_EMOTION;
      break;
    case FILTER_AGENT_DELIVERY:
      filter->kind = RESSENTI_MARKER_FILTER_KIND_AGENT_DELIVERY;
      break;
    case FILTER_CUSTOMER_SIDE:
      filter->side = RESSENTI_MARKER_FILTER_SIDE_CUSTOMER;
      break;
    case FILTER_AGENT_SIDE:
      filter->side = RESSENTI_MARKER_FILTER_SIDE_AGENT;
      break;
    case FILTER_CURRENT_ENTRY:
      filter->entry_key = g_strdup (current_entry_key (self));
      break;
    case FILTER_ALL:
    case N_FILTER_CHOICES:
    default:
      break;
    }
  ressenti_marker_filter_free (self->filter);
  self->filter = g_steal_pointer (&filter);
  ressenti_marker_watcher_set_filter (self->watcher, self->filter);
  text = ressenti_marker_filter_describe (self->filter, markers.vocabulary);
  say (self, text, RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_RESULT);
}

static void
session_vocabulary_cb (RessentiPlayerView    *self,
                       GParamSpec            *pspec,
                       RessentiReviewSession *session)
{
  ressenti_marker_watcher_set_vocabulary (self->watcher, ressenti_review_session_get_vocabulary (session));
}

void
ressenti_player_view_set_review_session (RessentiPlayerView    *self,
                                         RessentiReviewSession *session)
{
  RessentiReviewSession *old;

  g_return_if_fail (RESSENTI_IS_PLAYER_VIEW (self));

  old = ressenti_marker_editor_get_session (self->editor);
  if (old == session)
    return;
  if (old != NULL)
    g_signal_handlers_disconnect_by_func (old, session_vocabulary_cb, self);
  ressenti_marker_editor_set_session (self->editor, session);
  ressenti_marker_watcher_set_markers (self->watcher,
                                       session != NULL ? ressenti_review_session_get_markers (session) : NULL);
  ressenti_timeline_set_markers (self->timeline,
                                 session != NULL ? ressenti_review_session_get_markers (session) : NULL);
  ressenti_marker_watcher_set_vocabulary (self->watcher,
                                          session != NULL ? ressenti_review_session_get_vocabulary (session) : NULL);
  if (session != NULL)
    g_signal_connect_object (session, "notify::vocabulary", G_CALLBACK (session_vocabulary_cb), self,
                             G_CONNECT_SWAPPED);
}

/* A marker reached by playback becomes the current one: T, I or Delete
 * then act on what was just heard. */
static void
marker_reached_cb (RessentiPlayerView *self,
                   RessentiMarkerItem *item)
{
  ressenti_marker_editor_set_current (self->editor, ressenti_marker_item_get_marker (item)->id);
}

/* ------------------------------------------------------------------ */
/* Keys                                                                */
/* ------------------------------------------------------------------ */

#define ANY_SHIFT 0x80000000u

typedef struct
{
  guint       keyval;
  guint       modifiers;   /* GdkModifierType, or ANY_SHIFT */
  const char *action;
} Binding;

static const Binding bindings[] = {
  { GDK_KEY_space, 0, "player.toggle" },
  { GDK_KEY_Right, 0, "player.next" },
  { GDK_KEY_Left, 0, "player.previous" },
  { GDK_KEY_Down, 0, "player.unit-next" },
  { GDK_KEY_Up, 0, "player.unit-previous" },
  { GDK_KEY_Right, GDK_SHIFT_MASK, "player.forward" },
  { GDK_KEY_Left, GDK_SHIFT_MASK, "player.back" },
  { GDK_KEY_Right, GDK_CONTROL_MASK, "player.forward-long" },
  { GDK_KEY_Left, GDK_CONTROL_MASK, "player.back-long" },
  { GDK_KEY_Home, 0, "player.start" },
  { GDK_KEY_End, 0, "player.end" },
  { GDK_KEY_g, GDK_CONTROL_MASK, "player.go-to" },
  { GDK_KEY_w, 0, "player.where" },
  { GDK_KEY_r, 0, "player.replay" },
  { GDK_KEY_c, 0, "player.side" },
  { GDK_KEY_plus, ANY_SHIFT, "player.faster" },
  { GDK_KEY_equal, ANY_SHIFT, "player.faster" },
  { GDK_KEY_minus, ANY_SHIFT, "player.slower" },
  { GDK_KEY_BackSpace, 0, "player.normal-speed" },
  { GDK_KEY_Up, GDK_CONTROL_MASK, "player.louder" },
  { GDK_KEY_Down, GDK_CONTROL_MASK, "player.quieter" },
  { GDK_KEY_a, 0, "player.loop-start" },
  { GDK_KEY_b, 0, "player.loop-end" },
  { GDK_KEY_l, 0, "player.loop-clear" },
  { GDK_KEY_F1, GDK_SHIFT_MASK, "player.describe-keys" },
  { GDK_KEY_m, 0, "marker.pick" },
  { GDK_KEY_s, 0, "marker.side" },
  { GDK_KEY_i, 0, "marker.stronger" },
  { GDK_KEY_i, GDK_SHIFT_MASK, "marker.milder" },
  { GDK_KEY_t, 0, "marker.text" },
  { GDK_KEY_e, 0, "marker.end-span" },
  { GDK_KEY_comma, ANY_SHIFT, "marker.earlier" },
  { GDK_KEY_period, ANY_SHIFT, "marker.later" },
  { GDK_KEY_Delete, 0, "marker.delete" },
  { GDK_KEY_F2, 0, "marker.edit" },
  { GDK_KEY_d, 0, "marker.define" },
  { GDK_KEY_f, 0, "marker.filter" },
  { GDK_KEY_z, GDK_CONTROL_MASK, "marker.undo" },
  { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "marker.redo" },
  { GDK_KEY_y, GDK_CONTROL_MASK, "marker.redo" },
};

/* The digit (1–9) of the key pressed, whatever the layout: the keyval
 * when it is a digit (QWERTY, or Shift on AZERTY), otherwise a digit the
 * same physical key gives at its first two levels (AZERTY's unshifted
 * digit row gives "&", "é"…). 0 for any other key. The keypad is left to
 * the screen reader. */
static guint
digit_of_key (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  g_autofree GdkKeymapKey *keys = NULL;
  g_autofree guint *keyvals = NULL;
  int n = 0;
  guint layout;

  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    return keyval - GDK_KEY_0;
  if (event == NULL || gdk_event_get_event_type (event) != GDK_KEY_PRESS)
    return 0;
  layout = gdk_key_event_get_layout (event);
  if (!gdk_display_map_keycode (gdk_event_get_display (event), keycode, &keys, &keyvals, &n))
    return 0;
  for (int i = 0; i < n; i++)
    if (keys[i].group == (int) layout && keys[i].level <= 1 &&
        keyvals[i] >= GDK_KEY_1 && keyvals[i] <= GDK_KEY_9)
      return keyvals[i] - GDK_KEY_0;
  return 0;
}

static const char *
find_binding (guint           keyval,
              GdkModifierType state)
{
  guint mods = state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK);
  guint lower = gdk_keyval_to_lower (keyval);

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    {
      const Binding *b = &bindings[i];
      gboolean letter = gdk_keyval_to_upper (b->keyval) != b->keyval;

      if (b->modifiers == ANY_SHIFT)
        {
          if (keyval == b->keyval && (mods & ~GDK_SHIFT_MASK) == 0)
            return b->action;
        }
      else if ((letter ? lower : keyval) == b->keyval && mods == b->modifiers)
        return b->action;
    }
  return NULL;
}

static void
describe_key (RessentiPlayerView *self,
              const char         *action)
{
  const RessentiKey *key = ressenti_keys_find_action (action);
  g_autofree char *text = NULL;
  g_autofree char *keys = NULL;

  if (key == NULL)
    return;
  keys = ressenti_keys_translate (key->keys);
  if (g_str_equal (action, "player.next") || g_str_equal (action, "player.previous"))
    /* Translators: the key describer: %1$s the key, %2$s what it does,
     * %3$s the unit chosen now ("speaker turn"). */
    text = g_strdup_printf (_("%1$s: %2$s, now %3$s"), keys, _(key->description),
                            ressenti_nav_unit_describe (self->unit));
  else
    /* Translators: the key describer: %1$s the key, %2$s what it does. */
    text = g_strdup_printf (_("%1$s: %2$s"), keys, _(key->description));
  ressenti_announcer_announce (ressenti_announcer_get_default (), text, RESSENTI_ANNOUNCE_INTERRUPT,
                               RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_HINT);
}

static gboolean
is_modifier (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Shift_L: case GDK_KEY_Shift_R:
    case GDK_KEY_Control_L: case GDK_KEY_Control_R:
    case GDK_KEY_Alt_L: case GDK_KEY_Alt_R:
    case GDK_KEY_Super_L: case GDK_KEY_Super_R:
    case GDK_KEY_ISO_Level3_Shift: case GDK_KEY_Caps_Lock:
    case GDK_KEY_Insert: case GDK_KEY_Meta_L: case GDK_KEY_Meta_R:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
describe_digit (RessentiPlayerView *self,
                guint               digit)
{
  const RessentiVocabularyEntry *entry = ressenti_marker_editor_get_digit_entry (self->editor, digit);
  g_autofree char *text = NULL;

  if (entry == NULL)
    /* Translators: the key describer on a digit with no marker. */
    text = g_strdup_printf (_("%u: no marker on this key"), digit);
  else
    /* Translators: the key describer on a digit: %1$u the digit, %2$s the
     * entry it places ("Anger"), %3$s its definition. */
    text = g_strdup_printf (_("%1$u: place a marker, %2$s: %3$s"), digit, entry->label,
                            entry->definition != NULL ? entry->definition : "");
  ressenti_announcer_announce (ressenti_announcer_get_default (), text, RESSENTI_ANNOUNCE_INTERRUPT,
                               RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_HINT);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                RessentiPlayerView    *self)
{
  guint digit = (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) == 0 ? digit_of_key (controller, keyval, keycode) : 0;
  const char *action = digit > 0 ? NULL : find_binding (keyval, state);

  if (digit > 0)
    {
      if (self->describing)
        describe_digit (self, digit);
      else
        ressenti_marker_editor_place (self->editor, digit);
      return TRUE;
    }

  if (self->describing && (action == NULL || !g_str_equal (action, "player.describe-keys")))
    {
      /* Tab and Escape keep working, so the describer never traps. */
      if (action == NULL && (is_modifier (keyval) || keyval == GDK_KEY_Tab ||
                             keyval == GDK_KEY_ISO_Left_Tab || keyval == GDK_KEY_Escape))
        return FALSE;
      if (action != NULL)
        describe_key (self, action);
      else
        ressenti_announcer_announce (ressenti_announcer_get_default (), _("Not a player key"),
                                     RESSENTI_ANNOUNCE_INTERRUPT, RESSENTI_VERBOSITY_TERSE,
                                     RESSENTI_ANNOUNCE_CATEGORY_HINT);
      return TRUE;
    }
  if (action == NULL)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Player signals                                                      */
/* ------------------------------------------------------------------ */

static void
state_changed_cb (RessentiPlayerView *self)
{
  RessentiPlayerState state = ressenti_player_get_state (self->player);

  update_play_button (self);
  update_status (self);
  if (state == RESSENTI_PLAYER_STATE_PLAYING)
    {
      start_session_once (self);
      if (self->playing_since_us == 0)
        self->playing_since_us = g_get_monotonic_time ();
      if (self->save_source == 0)
        self->save_source = g_timeout_add_seconds (SAVE_INTERVAL_S, save_tick_cb, self);
      return;
    }
  if (self->playing_since_us > 0)
    {
      self->listened_ms += (g_get_monotonic_time () - self->playing_since_us) / 1000;
      self->playing_since_us = 0;
    }
  g_clear_handle_id (&self->save_source, g_source_remove);
  save_listening (self, FALSE);
}

static void
player_error_cb (RessentiPlayerView *self,
                 const GError       *error)
{
  g_clear_handle_id (&self->preview_source, g_source_remove);
  show_error (self, error->message);
}

static void
end_of_stream_cb (RessentiPlayerView *self)
{
  g_clear_handle_id (&self->preview_source, g_source_remove);
  earcon (RESSENTI_EARCON_BOUNDARY);
  say (self, _("End of the call"), RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_NAVIGATION);
}

static void
seek_requested_cb (RessentiPlayerView *self,
                   gint64              position_ms)
{
  if (ressenti_player_is_open (self->player))
    jump (self, position_ms);
}

/* ------------------------------------------------------------------ */
/* Opening and closing                                                 */
/* ------------------------------------------------------------------ */

static void
end_session (RessentiPlayerView *self)
{
  if (self->playing_since_us > 0)
    {
      self->listened_ms += (g_get_monotonic_time () - self->playing_since_us) / 1000;
      self->playing_since_us = 0;
    }
  save_listening (self, TRUE);
  g_clear_pointer (&self->session_id, g_free);
  self->session_requested = FALSE;
  self->listened_ms = 0;
}

void
ressenti_player_view_close (RessentiPlayerView *self)
{
  g_return_if_fail (RESSENTI_IS_PLAYER_VIEW (self));

  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->say_position_source, g_source_remove);
  if (ressenti_player_get_state (self->player) == RESSENTI_PLAYER_STATE_PLAYING)
    ressenti_player_pause (self->player);
  end_session (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->analysis);
  stop_progress (self);
  ressenti_player_close (self->player);
  set_result (self, NULL);
  ressenti_timeline_set_loop (self->timeline, -1, -1);
}

static void
open_player (RessentiPlayerView *self)
{
  g_autofree char *path = ressenti_store_get_audio_path (self->store, self->recording);
  g_autofree char *title = ressenti_recording_describe (self->recording);
  g_autoptr(GError) error = NULL;

  show_error (self, NULL);
  if (!ressenti_player_open (self->player, path, ressenti_recording_get_layout (self->recording), &error))
    {
      show_error (self, error->message);
      return;
    }
  ressenti_player_set_title (self->player, title);
  ressenti_player_set_speed (self->player, g_settings_get_double (self->settings, "speed"));
  update_status (self);
}

void
ressenti_player_view_open (RessentiPlayerView *self,
                           RessentiStore      *store,
                           RessentiRecording  *recording)
{
  g_return_if_fail (RESSENTI_IS_PLAYER_VIEW (self));
  g_return_if_fail (RESSENTI_IS_STORE (store));
  g_return_if_fail (RESSENTI_IS_RECORDING (recording));

  ressenti_player_view_close (self);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->store, store);
  g_set_object (&self->recording, recording);

  /* The voice exists only once the user chose it: watch it at each opening
   * (watching a source twice is harmless). */
  if (ressenti_voice_get_default () != NULL)
    ressenti_ducker_watch (self->ducker, G_OBJECT (ressenti_voice_get_default ()), "speaking");
  if (ressenti_earcons_get_default () != NULL)
    ressenti_ducker_watch (self->ducker, G_OBJECT (ressenti_earcons_get_default ()), "sounding");
  /* The app's announcer and earcons exist once the window is up; the
   * earcons are muted by the app when the user turns them off. */
  ressenti_marker_watcher_set_announcer (self->watcher, ressenti_announcer_get_default ());
  ressenti_marker_watcher_set_earcons (self->watcher, ressenti_earcons_get_default ());
  open_player (self);
  if (!ressenti_player_is_open (self->player))
    return;
  start_analysis (self);
  if (g_settings_get_boolean (self->settings, "resume"))
    ressenti_store_get_resume_position_async (store, ressenti_recording_get_id (recording), self->cancellable,
                                              resume_position_cb, g_object_ref (self));
}

void
ressenti_player_view_layout_changed (RessentiPlayerView *self)
{
  gint64 position;

  g_return_if_fail (RESSENTI_IS_PLAYER_VIEW (self));

  if (self->recording == NULL || !ressenti_player_is_open (self->player))
    return;
  /* Channel focus and the speaker labels both depend on the layout:
   * reopen at the same place, and analyse again. */
  position = ressenti_player_get_position (self->player);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->analysis);
  stop_progress (self);
  ressenti_player_pause (self->player);
  open_player (self);
  if (!ressenti_player_is_open (self->player))
    return;
  ressenti_player_seek (self->player, position);
  run_analysis (self);
}

void
ressenti_player_view_focus (RessentiPlayerView *self)
{
  g_return_if_fail (RESSENTI_IS_PLAYER_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->timeline));
}

RessentiPlayer *
ressenti_player_view_get_player (RessentiPlayerView *self)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER_VIEW (self), NULL);

  return self->player;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
ressenti_player_view_dispose (GObject *object)
{
  RessentiPlayerView *self = (RessentiPlayerView *) object;

  if (self->player != NULL)
    {
      ressenti_player_view_close (self);
      g_signal_handlers_disconnect_by_data (self->player, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), RESSENTI_TYPE_PLAYER_VIEW);
  g_clear_object (&self->ducker);
  g_clear_object (&self->editor);
  g_clear_object (&self->watcher);
  g_clear_pointer (&self->filter, ressenti_marker_filter_free);
  g_clear_object (&self->player);
  g_clear_object (&self->store);
  g_clear_object (&self->recording);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ressenti_player_view_parent_class)->dispose (object);
}

static void
ressenti_player_view_class_init (RessentiPlayerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char * const moves[] = {
    "player.next", "player.previous", "player.forward", "player.back", "player.forward-long",
    "player.back-long", "player.start", "player.end", "player.replay",
  };
  static const char * const sounds[] = {
    "player.faster", "player.slower", "player.normal-speed", "player.louder", "player.quieter",
    "player.side",
  };
  static const char * const loops[] = { "player.loop-start", "player.loop-end", "player.loop-clear" };
  static const char * const markers[] = {
    "marker.pick", "marker.side", "marker.stronger", "marker.milder", "marker.text", "marker.edit",
    "marker.end-span", "marker.earlier", "marker.later", "marker.delete", "marker.define",
    "marker.undo", "marker.redo",
  };

  object_class->dispose = ressenti_player_view_dispose;

  g_type_ensure (RESSENTI_TYPE_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ressenti/Ressenti/ressenti-player-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RessentiPlayerView, timeline);
  gtk_widget_class_bind_template_child (widget_class, RessentiPlayerView, status_label);
  gtk_widget_class_bind_template_child (widget_class, RessentiPlayerView, analysis_bar);
  gtk_widget_class_bind_template_child (widget_class, RessentiPlayerView, error_label);
  gtk_widget_class_bind_template_child (widget_class, RessentiPlayerView, play_button);
  gtk_widget_class_bind_template_child (widget_class, RessentiPlayerView, play_content);
  gtk_widget_class_bind_template_callback (widget_class, seek_requested_cb);

  gtk_widget_class_install_action (widget_class, "player.toggle", NULL, toggle_action);
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    gtk_widget_class_install_action (widget_class, moves[i], NULL, move_action);
  for (guint i = 0; i < G_N_ELEMENTS (sounds); i++)
    gtk_widget_class_install_action (widget_class, sounds[i], NULL, sound_action);
  for (guint i = 0; i < G_N_ELEMENTS (loops); i++)
    gtk_widget_class_install_action (widget_class, loops[i], NULL, loop_action);
  gtk_widget_class_install_action (widget_class, "player.unit-next", NULL, unit_action);
  gtk_widget_class_install_action (widget_class, "player.unit-previous", NULL, unit_action);
  gtk_widget_class_install_action (widget_class, "player.where", NULL, where_action);
  gtk_widget_class_install_action (widget_class, "player.go-to", NULL, go_to_action);
  gtk_widget_class_install_action (widget_class, "player.describe-keys", NULL, describe_keys_action);
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    gtk_widget_class_install_action (widget_class, markers[i], NULL, marker_action);
  gtk_widget_class_install_action (widget_class, "marker.filter", NULL, filter_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ressenti_player_view_init (RessentiPlayerView *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->player = ressenti_player_new ();
  self->unit = RESSENTI_NAV_UNIT_TURN;
  self->ducker = ressenti_ducker_new (self->player);
  self->editor = ressenti_marker_editor_new (GTK_WIDGET (self), self->player);
  self->watcher = ressenti_marker_watcher_new (self->player);
  self->filter = ressenti_marker_filter_new ();
  g_settings_bind (self->settings, "marker-announce", self->watcher, "mode", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "marker-interrupt", self->watcher, "interrupt", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "marker-pause", self->watcher, "pause-at-marker", G_SETTINGS_BIND_GET);
  g_signal_connect_swapped (self->watcher, "reached", G_CALLBACK (marker_reached_cb), self);
  g_settings_bind (self->settings, "ducking", self->ducker, "enabled", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "duck-level", self->ducker, "level", G_SETTINGS_BIND_GET);

  g_signal_connect_swapped (self->player, "notify::state", G_CALLBACK (state_changed_cb), self);
  g_signal_connect_swapped (self->player, "notify::position", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->player, "notify::duration", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->player, "notify::loop-start", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->player, "error", G_CALLBACK (player_error_cb), self);
  g_signal_connect_swapped (self->player, "end-of-stream", G_CALLBACK (end_of_stream_cb), self);

  /* Bubble phase on the timeline only: the player's keys never reach it
   * from another widget, and Escape or Alt+Left still go up to the page. */
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->timeline), keys);
  update_play_button (self);
  update_status (self);
}
