/* ressenti-navigator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ressenti-navigator.h"
#include "ressenti-spoken.h"

const char *
ressenti_nav_unit_describe (RessentiNavUnit unit)
{
  switch (unit)
    {
    case RESSENTI_NAV_UNIT_PAUSE:
      return _("pause");
    case RESSENTI_NAV_UNIT_10_SECONDS:
      return _("10 seconds");
    case RESSENTI_NAV_UNIT_1_MINUTE:
      return _("1 minute");
    case RESSENTI_NAV_UNIT_MARKER:
      /* Translators: a navigation unit ("Move by: marker"): the emotion
       * markers of the review. */
      return _("marker");
    case RESSENTI_NAV_UNIT_TURN:
    case RESSENTI_NAV_N_UNITS:
    default:
      return _("speaker turn");
    }
}

char *
ressenti_nav_unit_announcement (RessentiNavUnit unit)
{
  /* Translators: said when the navigation unit changes; %s is a unit such
   * as "speaker turn" or "10 seconds". */
  return g_strdup_printf (_("Move by: %s"), ressenti_nav_unit_describe (unit));
}

RessentiNavUnit
ressenti_nav_unit_cycle (RessentiNavUnit unit,
                         int             direction)
{
  int next = ((int) unit + (direction >= 0 ? 1 : -1) + RESSENTI_NAV_N_UNITS) % RESSENTI_NAV_N_UNITS;

  return (RessentiNavUnit) next;
}

static gboolean
refuse (char       **announcement,
        const char  *text)
{
  *announcement = g_strdup (text);
  return FALSE;
}

static gboolean
refuse_end (int    direction,
            char **announcement)
{
  return refuse (announcement, direction > 0 ? _("No further: this is the last one.")
                                             : _("No further: this is the first one."));
}

/* The index of the first unit starting strictly after @position_ms
 * (direction > 0), or of the last one starting before it minus the grace
 * (direction < 0), or -1. @units is an array of @n structures of @stride
 * bytes whose first member is their start (RessentiTurn and RessentiSpan
 * both are). */
static int
find_start (gconstpointer units,
            gsize         stride,
            guint         n,
            gint64        position_ms,
            int           direction)
{
#define START(i) (*(const gint64 *) ((const char *) units + (gsize) (i) * stride))
  if (direction > 0)
    {
      for (guint i = 0; i < n; i++)
        if (START (i) > position_ms)
          return (int) i;
      return -1;
    }
  for (guint i = n; i > 0; i--)
    if (START (i - 1) < position_ms - RESSENTI_NAV_PREVIOUS_GRACE_MS)
      return (int) i - 1;
  return -1;
#undef START
}

G_STATIC_ASSERT (G_STRUCT_OFFSET (RessentiTurn, start_ms) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (RessentiSpan, start_ms) == 0);

static gboolean
step_turn (const RessentiAnalysisResult  *result,
           gint64                         position_ms,
           int                            direction,
           gint64                        *target_ms,
           char                         **announcement)
{
  guint n = 0;
  const RessentiTurn *turns = ressenti_analysis_result_get_turns (result, &n);
  int index = find_start (turns, sizeof *turns, n, position_ms, direction);
  g_autofree char *at = NULL;

  if (index < 0)
    return refuse_end (direction, announcement);

  *target_ms = turns[index].start_ms;
  at = ressenti_spoken_duration (turns[index].start_ms);
  /* Translators: where a step by speaker turn landed: %1$s is who speaks
   * ("Customer"), %2$s the time ("2 minutes 13"). */
  *announcement = g_strdup_printf (_("%1$s, %2$s"), ressenti_speaker_describe (turns[index].speaker), at);
  return TRUE;
}

static gboolean
step_pause (const RessentiAnalysisResult  *result,
            gint64                         position_ms,
            int                            direction,
            gint64                        *target_ms,
            char                         **announcement)
{
  guint n = 0;
  const RessentiSpan *pauses = ressenti_analysis_result_get_pauses (result, &n);
  int index = find_start (pauses, sizeof *pauses, n, position_ms, direction);
  g_autofree char *length = NULL;

  if (index < 0)
    return refuse_end (direction, announcement);

  *target_ms = pauses[index].start_ms;
  length = ressenti_spoken_duration (pauses[index].end_ms - pauses[index].start_ms);
  /* Translators: where a step by pause landed; %s is its length. */
  *announcement = g_strdup_printf (_("Pause of %s"), length);
  return TRUE;
}

static gboolean
step_time (gint64   step_ms,
           gint64   position_ms,
           gint64   duration_ms,
           int      direction,
           gint64  *target_ms,
           char   **announcement)
{
  gint64 target = position_ms + (direction > 0 ? step_ms : -step_ms);

  if (direction > 0 && position_ms >= duration_ms)
    return refuse (announcement, _("End of the call."));
  if (direction < 0 && position_ms <= 0)
    return refuse (announcement, _("Start of the call."));

  *target_ms = CLAMP (target, 0, duration_ms);
  *announcement = ressenti_spoken_duration (*target_ms);
  return TRUE;
}

static RessentiVocabulary *
vocabulary_of (const RessentiNavMarkers *markers)
{
  if (markers != NULL && markers->vocabulary != NULL)
    return g_object_ref (markers->vocabulary);
  return ressenti_vocabulary_new (NULL);
}

static gboolean
step_marker (const RessentiNavMarkers  *markers,
             gint64                     position_ms,
             int                        direction,
             gint64                    *target_ms,
             char                     **announcement)
{
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autoptr(RessentiMarkerItem) item = NULL;
  const RessentiMarker *marker;
  int index;

  if (markers == NULL || markers->markers == NULL || g_list_model_get_n_items (markers->markers) == 0)
    return refuse (announcement, _("There are no markers yet."));

  vocabulary = vocabulary_of (markers);
  if (direction > 0)
    index = ressenti_marker_model_find_next (markers->markers, markers->filter, vocabulary, position_ms);
  else
    index = ressenti_marker_model_find_previous (markers->markers, markers->filter, vocabulary,
                                                 position_ms - RESSENTI_NAV_PREVIOUS_GRACE_MS);
  if (index < 0)
    {
      g_autofree char *filter = NULL;

      if (ressenti_marker_model_any (markers->markers, markers->filter, vocabulary))
        return refuse (announcement, direction > 0 ? _("No further marker.") : _("No earlier marker."));
      filter = ressenti_marker_filter_describe (markers->filter, vocabulary);
      /* Translators: moving by marker found none that passes the filter;
       * %s is the filter as it is spoken ("Markers: agent only"). */
      *announcement = g_strdup_printf (_("No marker matches the filter. %s"), filter);
      return FALSE;
    }

  item = g_list_model_get_item (markers->markers, (guint) index);
  marker = ressenti_marker_item_get_marker (item);
  *target_ms = marker->start_ms;
  *announcement = ressenti_marker_describe_placed (marker, vocabulary);
  return TRUE;
}

gboolean
ressenti_navigator_step (const RessentiAnalysisResult *result,
                         const RessentiNavMarkers     *markers,
                         RessentiNavUnit               unit,
                         gint64                        position_ms,
                         gint64                        duration_ms,
                         int                           direction,
                         gint64                       *target_ms,
                         char                        **announcement)
{
  g_return_val_if_fail (target_ms != NULL, FALSE);
  g_return_val_if_fail (announcement != NULL, FALSE);

  *target_ms = position_ms;
  switch (unit)
    {
    case RESSENTI_NAV_UNIT_10_SECONDS:
      return step_time (10000, position_ms, duration_ms, direction, target_ms, announcement);
    case RESSENTI_NAV_UNIT_1_MINUTE:
      return step_time (60000, position_ms, duration_ms, direction, target_ms, announcement);
    case RESSENTI_NAV_UNIT_MARKER:
      return step_marker (markers, position_ms, direction, target_ms, announcement);
    case RESSENTI_NAV_UNIT_TURN:
    case RESSENTI_NAV_UNIT_PAUSE:
    case RESSENTI_NAV_N_UNITS:
    default:
      break;
    }

  if (result == NULL)
    return refuse (announcement, _("The call is still being analysed: moving by turn and pause works in a moment."));
  if (unit == RESSENTI_NAV_UNIT_PAUSE)
    return step_pause (result, position_ms, direction, target_ms, announcement);
  return step_turn (result, position_ms, direction, target_ms, announcement);
}

/* Who speaks at @position_ms ("Customer", "Agent and customer"), or NULL. */
static char *
speaking_at (const RessentiAnalysisResult *result,
             gint64                        position_ms)
{
  guint n = 0;
  const RessentiTurn *turns = ressenti_analysis_result_get_turns (result, &n);
  g_autoptr(GPtrArray) who = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    if (turns[i].start_ms <= position_ms && position_ms < turns[i].end_ms)
      {
        const char *name = ressenti_speaker_describe (turns[i].speaker);

        if (!g_ptr_array_find_with_equal_func (who, name, g_str_equal, NULL))
          g_ptr_array_add (who, (gpointer) name);
      }

  if (who->len == 0)
    return NULL;
  if (who->len == 1)
    /* Translators: %s is who speaks now, e.g. "Customer". */
    return g_strdup_printf (_("%s speaking"), (const char *) g_ptr_array_index (who, 0));
  /* Translators: two sides speak at once; %1$s and %2$s are who. */
  return g_strdup_printf (_("%1$s and %2$s speaking at once"),
                          (const char *) g_ptr_array_index (who, 0),
                          (const char *) g_ptr_array_index (who, 1));
}

static char *
next_event (const RessentiAnalysisResult *result,
            gint64                        position_ms)
{
  int index = ressenti_analysis_result_next_turn (result, position_ms);
  guint n = 0;
  const RessentiTurn *turns = ressenti_analysis_result_get_turns (result, &n);
  g_autofree char *at = NULL;

  if (index < 0 || (guint) index >= n)
    return NULL;
  at = ressenti_spoken_duration (turns[index].start_ms);
  /* Translators: the next speaker turn: %1$s is who, %2$s when. */
  return g_strdup_printf (_("next: %1$s at %2$s"), ressenti_speaker_describe (turns[index].speaker), at);
}

/* The nearest markers passing the filter: the last one at or before
 * @position_ms, the first one after it. */
static void
append_nearest_markers (GString                  *text,
                        const RessentiNavMarkers *markers,
                        gint64                    position_ms)
{
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  int previous, next;

  if (markers == NULL || markers->markers == NULL)
    return;
  vocabulary = vocabulary_of (markers);
  previous = ressenti_marker_model_find_previous (markers->markers, markers->filter, vocabulary, position_ms + 1);
  next = ressenti_marker_model_find_next (markers->markers, markers->filter, vocabulary, position_ms);
  if (previous >= 0)
    {
      g_autoptr(RessentiMarkerItem) item = g_list_model_get_item (markers->markers, (guint) previous);
      const RessentiMarker *marker = ressenti_marker_item_get_marker (item);
      g_autofree char *ago = ressenti_spoken_duration (position_ms - marker->start_ms);

      /* Translators: part of "where am I": the nearest marker before the
       * position: %1$s is its entry ("Anger"), %2$s how long ago it is
       * ("3 seconds"). */
      g_string_append_printf (text, _(", previous marker: %1$s, %2$s ago"),
                              ressenti_vocabulary_get_label (vocabulary, marker->entry_key), ago);
    }
  if (next >= 0)
    {
      g_autoptr(RessentiMarkerItem) item = g_list_model_get_item (markers->markers, (guint) next);
      const RessentiMarker *marker = ressenti_marker_item_get_marker (item);
      g_autofree char *in = ressenti_spoken_duration (marker->start_ms - position_ms);

      /* Translators: part of "where am I": the nearest marker after the
       * position: %1$s is its entry ("Calm / neutral"), %2$s how long
       * until it ("12 seconds"). */
      g_string_append_printf (text, _(", next marker: %1$s, in %2$s"),
                              ressenti_vocabulary_get_label (vocabulary, marker->entry_key), in);
    }
}

static const char *
describe_playback (RessentiNavPlayback playback)
{
  switch (playback)
    {
    case RESSENTI_NAV_PLAYING:
      return _("playing");
    case RESSENTI_NAV_PAUSED:
      return _("paused");
    case RESSENTI_NAV_STOPPED:
    default:
      return _("stopped");
    }
}

char *
ressenti_navigator_where_am_i (const RessentiAnalysisResult *result,
                               const RessentiNavMarkers     *markers,
                               gint64                        position_ms,
                               gint64                        duration_ms,
                               RessentiNavPlayback           playback,
                               gboolean                      second_form)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (second_form)
    {
      g_autofree char *left = ressenti_spoken_duration (MAX (duration_ms - position_ms, 0));
      int percent = duration_ms > 0 ? (int) (position_ms * 100 / duration_ms) : 0;

      /* Translators: the second form of "where am I": %1$d is a percentage
       * of the call, %2$s the time left. */
      g_string_append_printf (text, _("%1$d percent, %2$s left"), percent, left);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  {
    g_autofree char *position = ressenti_spoken_position (position_ms, duration_ms);

    /* Translators: %1$s is the position ("2 minutes 13 of 6 minutes 20"),
     * %2$s the player's state ("paused"). */
    g_string_append_printf (text, _("%1$s, %2$s"), position, describe_playback (playback));
  }
  if (result != NULL)
    {
      g_autofree char *speaking = speaking_at (result, position_ms);
      g_autofree char *next = next_event (result, position_ms);

      if (speaking != NULL)
        g_string_append_printf (text, _(", %s"), speaking);
      if (next != NULL)
        g_string_append_printf (text, _(", %s"), next);
    }
  append_nearest_markers (text, markers, position_ms);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
