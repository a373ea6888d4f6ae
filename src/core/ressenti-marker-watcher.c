/* ressenti-marker-watcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a crossing is found. The watcher keeps a *cursor*, a position in the
 * call: markers that start at or before it are behind the listener
 * (reached, or skipped by a jump). Between two positions of playback, the
 * markers that start in (cursor, position] are crossed; the last of them
 * that passes the filter is the one said, and the cursor moves on to the
 * position. A jump puts the cursor where it lands.
 *
 * Positions come from the player's 50 ms ticks, each the sink's position
 * at that moment. Each one is an *anchor*: (position, monotonic time,
 * speed) predicts the position at any later time, so the next marker's
 * crossing time is known and a one-shot timer (a GSource with a ready
 * time, to the microsecond) fires then. The ticks re-anchor it; they also
 * catch any crossing the timer missed. After a jump or a start there is
 * no anchor until the first tick shows playback moving: the sink takes
 * tens of milliseconds to resume, and a prediction from the moment of the
 * jump would say a marker just after the landing before it is heard (or,
 * with quick jumps, one never heard at all). The timer may fire a few
 * milliseconds before the marker is heard when the clock and the
 * prediction differ; the tick after it never says the marker again (the
 * cursor is past it).
 *
 * Looking up markers is a binary search on the model (get_item is O(1) on
 * RessentiReviewSession, O(log n) on a GListStore), then a scan of at most SCAN_LIMIT markers
 * for one that passes the filter; past that the timer is set at the last
 * marker scanned, a checkpoint where the scan goes on. The next marker is
 * cached until the cursor passes it or the markers or filter change.
 */
#include "config.h"

#include "ressenti-spoken.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ressenti-marker-watcher.h"

/* A position that goes back by more than this without a jump is a new pass
 * of an A–B loop (or another call): the markers after it count again.
 * Less is the jitter of a position settling after a jump. */
#define BACKWARD_SLACK_MS 50
/* A marker noticed this long (of real time) after its moment is dropped:
 * said so late, it would describe something the listener has left. */
#define STALE_US (1000 * G_TIME_SPAN_MILLISECOND)
/* After a jump, a marker reached within this time waits behind the jump's
 * own message instead of cutting it off. */
#define JUMP_GRACE_US (1000 * G_TIME_SPAN_MILLISECOND)
/* A generous guess of how long a voice takes per character of a marker's
 * sentence (about 12 characters a second), to know whether it may still
 * be speaking when the next marker comes. */
#define SPEECH_US_PER_CHAR (80 * G_TIME_SPAN_MILLISECOND)
#define SCAN_LIMIT 64
/* Markers this close (in real time) to the one reached are the same moment
 * to a listener: the last of them is said at once, in place of the first,
 * rather than each cutting off the one before a few milliseconds later. */
#define BURST_US (100 * G_TIME_SPAN_MILLISECOND)
#define BURST_SCAN_LIMIT 256

/* ------------------------------------------------------------------ */
/* The filter                                                          */
/* ------------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (RessentiMarkerFilter, ressenti_marker_filter,
                     ressenti_marker_filter_copy, ressenti_marker_filter_free)

G_DEFINE_ENUM_TYPE (RessentiMarkerFilterSide, ressenti_marker_filter_side,
  G_DEFINE_ENUM_VALUE (RESSENTI_MARKER_FILTER_SIDE_ALL, "all"),
  G_DEFINE_ENUM_VALUE (RESSENTI_MARKER_FILTER_SIDE_CUSTOMER, "customer"),
  G_DEFINE_ENUM_VALUE (RESSENTI_MARKER_FILTER_SIDE_AGENT, "agent"))

G_DEFINE_ENUM_TYPE (RessentiMarkerFilterKind, ressenti_marker_filter_kind,
  G_DEFINE_ENUM_VALUE (RESSENTI_MARKER_FILTER_KIND_ALL, "all"),
  G_DEFINE_ENUM_VALUE (RESSENTI_MARKER_FILTER_KIND_CUSTOMER_EMOTION, "customer-emotion"),
  G_DEFINE_ENUM_VALUE (RESSENTI_MARKER_FILTER_KIND_AGENT_DELIVERY, "agent-delivery"))

G_DEFINE_ENUM_TYPE (RessentiMarkerAnnounce, ressenti_marker_announce,
  G_DEFINE_ENUM_VALUE (RESSENTI_MARKER_ANNOUNCE_EARCON, "earcon"),
  G_DEFINE_ENUM_VALUE (RESSENTI_MARKER_ANNOUNCE_CATEGORY, "category"),
  G_DEFINE_ENUM_VALUE (RESSENTI_MARKER_ANNOUNCE_FULL, "full"))

RessentiMarkerFilter *
ressenti_marker_filter_new (void)
{
  return g_new0 (RessentiMarkerFilter, 1);
}

RessentiMarkerFilter *
ressenti_marker_filter_copy (const RessentiMarkerFilter *filter)
{
  RessentiMarkerFilter *copy;

  g_return_val_if_fail (filter != NULL, NULL);

  copy = g_new0 (RessentiMarkerFilter, 1);
  *copy = *filter;
  copy->entry_key = g_strdup (filter->entry_key);
  return copy;
}

void
ressenti_marker_filter_free (RessentiMarkerFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->entry_key);
  g_free (filter);
}

gboolean
ressenti_marker_filter_is_all (const RessentiMarkerFilter *filter)
{
  return filter == NULL ||
         (filter->kind == RESSENTI_MARKER_FILTER_KIND_ALL &&
          filter->side == RESSENTI_MARKER_FILTER_SIDE_ALL &&
          filter->entry_key == NULL);
}

gboolean
ressenti_marker_filter_equal (const RessentiMarkerFilter *a,
                              const RessentiMarkerFilter *b)
{
  if (ressenti_marker_filter_is_all (a) || ressenti_marker_filter_is_all (b))
    return ressenti_marker_filter_is_all (a) && ressenti_marker_filter_is_all (b);
  return a->kind == b->kind && a->side == b->side && g_strcmp0 (a->entry_key, b->entry_key) == 0;
}

gboolean
ressenti_marker_filter_matches (const RessentiMarkerFilter *filter,
                                const RessentiMarker       *marker,
                                RessentiVocabulary         *vocabulary)
{
  g_return_val_if_fail (marker != NULL, FALSE);

  if (filter == NULL)
    return TRUE;
  if (filter->entry_key != NULL && g_strcmp0 (filter->entry_key, marker->entry_key) != 0)
    return FALSE;

  switch (filter->side)
    {
    case RESSENTI_MARKER_FILTER_SIDE_CUSTOMER:
      if (marker->side == RESSENTI_SIDE_AGENT)
        return FALSE;
      break;
    case RESSENTI_MARKER_FILTER_SIDE_AGENT:
      if (marker->side == RESSENTI_SIDE_CUSTOMER)
        return FALSE;
      break;
    case RESSENTI_MARKER_FILTER_SIDE_ALL:
    default:
      break;
    }

  if (filter->kind != RESSENTI_MARKER_FILTER_KIND_ALL)
    {
      const RessentiVocabularyEntry *entry =
        vocabulary != NULL ? ressenti_vocabulary_lookup (vocabulary, marker->entry_key) : NULL;
      RessentiVocabularyKind kind = entry != NULL ? entry->kind : ressenti_side_vocabulary_kind (marker->side);
      RessentiVocabularyKind wanted = filter->kind == RESSENTI_MARKER_FILTER_KIND_AGENT_DELIVERY
                                      ? RESSENTI_VOCABULARY_AGENT_DELIVERY
                                      : RESSENTI_VOCABULARY_CUSTOMER_EMOTION;

      if (kind != wanted)
        return FALSE;
    }
  return TRUE;
}

char *
ressenti_marker_filter_describe (const RessentiMarkerFilter *filter,
                                 RessentiVocabulary         *vocabulary)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (!ressenti_marker_filter_is_all (filter))
    {
      if (filter->side == RESSENTI_MARKER_FILTER_SIDE_CUSTOMER)
        /* Translators: part of the markers filter as it is spoken
         * ("Markers: customer only, anger"). */
        g_ptr_array_add (parts, g_strdup (_("customer only")));
      else if (filter->side == RESSENTI_MARKER_FILTER_SIDE_AGENT)
        /* Translators: part of the markers filter as it is spoken. */
        g_ptr_array_add (parts, g_strdup (_("agent only")));
      if (filter->kind == RESSENTI_MARKER_FILTER_KIND_CUSTOMER_EMOTION)
        /* Translators: part of the markers filter as it is spoken: only
         * the markers of emotions heard in the customer's voice. */
        g_ptr_array_add (parts, g_strdup (_("customer emotions")));
      else if (filter->kind == RESSENTI_MARKER_FILTER_KIND_AGENT_DELIVERY)
        /* Translators: part of the markers filter as it is spoken: only
         * the markers about the agent's delivery (warm, rushed…). */
        g_ptr_array_add (parts, g_strdup (_("agent delivery")));
      if (filter->entry_key != NULL)
        {
          const char *label = vocabulary != NULL ? ressenti_vocabulary_get_label (vocabulary, filter->entry_key)
                                                 : filter->entry_key;

          g_ptr_array_add (parts, ressenti_text_lower_first (label));
        }
    }
  if (parts->len == 0)
    /* Translators: the markers filter lets every marker pass ("Markers:
     * all"). */
    g_ptr_array_add (parts, g_strdup (_("all")));
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the parts of the markers filter. */
  joined = g_strjoinv (C_("marker filter", ", "), (char **) parts->pdata);
  /* Translators: the markers filter as it is spoken: %s is what passes
   * ("all", "customer only, frustration / annoyance"). */
  return g_strdup_printf (_("Markers: %s"), joined);
}

/* ------------------------------------------------------------------ */
/* Markers in a model                                                  */
/* ------------------------------------------------------------------ */

static const RessentiMarker *
marker_at (GListModel         *markers,
           guint               index,
           RessentiMarkerItem **item)
{
  *item = g_list_model_get_item (markers, index);
  return ressenti_marker_item_get_marker (*item);
}

static gint64
start_at (GListModel *markers,
          guint       index)
{
  g_autoptr(RessentiMarkerItem) item = NULL;

  return marker_at (markers, index, &item)->start_ms;
}

static gboolean
matches_at (GListModel                 *markers,
            guint                       index,
            const RessentiMarkerFilter *filter,
            RessentiVocabulary         *vocabulary)
{
  g_autoptr(RessentiMarkerItem) item = NULL;

  if (filter == NULL)
    return TRUE;
  return ressenti_marker_filter_matches (filter, marker_at (markers, index, &item), vocabulary);
}

/* The first index whose marker starts after @ms (@strictly) or at or after
 * it; n when none. */
static guint
bound (GListModel *markers,
       gint64      ms,
       gboolean    strictly)
{
  guint low = 0;
  guint high = g_list_model_get_n_items (markers);

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      gint64 start = start_at (markers, middle);

      if (start < ms || (strictly && start == ms))
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

int
ressenti_marker_model_find_next (GListModel                 *markers,
                                 const RessentiMarkerFilter *filter,
                                 RessentiVocabulary         *vocabulary,
                                 gint64                      after_ms)
{
  guint n;

  if (markers == NULL)
    return -1;
  g_return_val_if_fail (G_IS_LIST_MODEL (markers), -1);

  n = g_list_model_get_n_items (markers);
  for (guint i = bound (markers, after_ms, TRUE); i < n; i++)
    if (matches_at (markers, i, filter, vocabulary))
      return (int) i;
  return -1;
}

int
ressenti_marker_model_find_previous (GListModel                 *markers,
                                     const RessentiMarkerFilter *filter,
                                     RessentiVocabulary         *vocabulary,
                                     gint64                      before_ms)
{
  if (markers == NULL)
    return -1;
  g_return_val_if_fail (G_IS_LIST_MODEL (markers), -1);

  for (guint i = bound (markers, before_ms, FALSE); i > 0; i--)
    if (matches_at (markers, i - 1, filter, vocabulary))
      return (int) i - 1;
  return -1;
}

gboolean
ressenti_marker_model_any (GListModel                 *markers,
                           const RessentiMarkerFilter *filter,
                           RessentiVocabulary         *vocabulary)
{
  return ressenti_marker_model_find_next (markers, filter, vocabulary, G_MININT64) >= 0;
}

/* ------------------------------------------------------------------ */
/* The watcher                                                         */
/* ------------------------------------------------------------------ */

struct _RessentiMarkerWatcher
{
  GObject                 parent_instance;

  GMainContext           *context;
  RessentiPlayer         *player;
  GListModel             *markers;
  RessentiVocabulary     *vocabulary;      /* never NULL */
  gboolean                own_vocabulary;  /* the built-in one, made here */
  RessentiMarkerFilter   *filter;          /* NULL: every marker */
  RessentiAnnouncer      *announcer;
  RessentiEarcons        *earcons;
  RessentiMarkerAnnounce  mode;
  gboolean                interrupt;
  gboolean                pause_at_marker;

  GSource                *timer;

  gint64                  cursor_ms;
  gint64                  last_ms;         /* the last position seen */
  gboolean                playing;
  double                  speed;
  /* The last tick of playback: no timer until there is one after a jump
   * or a start (the sink may take tens of milliseconds to resume). */
  gboolean                anchored;
  gint64                  anchor_ms;
  gint64                  anchor_us;
  /* The next marker (or checkpoint) after the cursor, while valid. */
  gboolean                next_valid;
  gint64                  next_ms;         /* -1: none */
  gint64                  jumped_us;
  gint64                  spoken_until_us;
};

G_DEFINE_FINAL_TYPE (RessentiMarkerWatcher, ressenti_marker_watcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLAYER,
  PROP_MARKERS,
  PROP_VOCABULARY,
  PROP_FILTER,
  PROP_ANNOUNCER,
  PROP_EARCONS,
  PROP_MODE,
  PROP_INTERRUPT,
  PROP_PAUSE_AT_MARKER,
  N_PROPS
};

enum {
  REACHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
invalidate_next (RessentiMarkerWatcher *self)
{
  self->next_valid = FALSE;
}

static void
unschedule (RessentiMarkerWatcher *self)
{
  if (self->timer != NULL)
    g_source_set_ready_time (self->timer, -1);
}

/* The position playback is predicted to be at, at @now_us. */
static gint64
predict (RessentiMarkerWatcher *self,
         gint64                 now_us)
{
  return self->anchor_ms + (gint64) ((now_us - self->anchor_us) * self->speed / 1000.0);
}

/* The next marker passing the filter after the cursor, or a checkpoint
 * SCAN_LIMIT markers on; -1 when none. */
static gint64
find_next_target (RessentiMarkerWatcher *self)
{
  guint n, first, limit;

  if (self->next_valid && (self->next_ms < 0 || self->next_ms > self->cursor_ms))
    return self->next_ms;

  self->next_valid = TRUE;
  self->next_ms = -1;
  if (self->markers == NULL)
    return -1;
  n = g_list_model_get_n_items (self->markers);
  first = bound (self->markers, self->cursor_ms, TRUE);
  limit = MIN (n, first + SCAN_LIMIT);
  for (guint i = first; i < limit; i++)
    if (matches_at (self->markers, i, self->filter, self->vocabulary))
      {
        self->next_ms = start_at (self->markers, i);
        return self->next_ms;
      }
  if (limit < n)
    self->next_ms = start_at (self->markers, limit);
  return self->next_ms;
}

static void
reschedule (RessentiMarkerWatcher *self)
{
  gint64 target, when;

  /* Disposed meanwhile (by a ::reached handler). */
  if (self->timer == NULL)
    return;
  if (!self->playing || !self->anchored || self->markers == NULL || self->speed <= 0.0)
    {
      unschedule (self);
      return;
    }
  target = find_next_target (self);
  if (target < 0)
    {
      unschedule (self);
      return;
    }
  when = self->anchor_us + (gint64) ((target - self->anchor_ms) * 1000.0 / self->speed);
  g_source_set_ready_time (self->timer, MAX (when, 0));
}

/* What is said and played for @marker. */
char *
ressenti_marker_watcher_describe (RessentiMarkerWatcher *self,
                                  const RessentiMarker  *marker,
                                  int                   *earcon)
{
  const RessentiVocabularyEntry *entry;
  gboolean audible;
  int played = -1;
  char *text = NULL;

  g_return_val_if_fail (RESSENTI_IS_MARKER_WATCHER (self), NULL);
  g_return_val_if_fail (marker != NULL, NULL);

  entry = ressenti_vocabulary_lookup (self->vocabulary, marker->entry_key);
  audible = self->earcons != NULL &&
            ressenti_earcons_get_available (self->earcons) &&
            !ressenti_earcons_get_muted (self->earcons);
  if (audible)
    played = entry != NULL ? (int) entry->earcon : (int) RESSENTI_EARCON_MARKER;

  switch (self->mode)
    {
    case RESSENTI_MARKER_ANNOUNCE_EARCON:
      if (!audible)
        text = ressenti_marker_describe (marker, self->vocabulary, RESSENTI_MARKER_SAY_CATEGORY);
      break;
    case RESSENTI_MARKER_ANNOUNCE_FULL:
      text = ressenti_marker_describe (marker, self->vocabulary, RESSENTI_MARKER_SAY_FULL);
      break;
    case RESSENTI_MARKER_ANNOUNCE_CATEGORY:
    default:
      text = ressenti_marker_describe (marker, self->vocabulary, RESSENTI_MARKER_SAY_CATEGORY);
      break;
    }
  if (earcon != NULL)
    *earcon = played;
  return text;
}

static RessentiAnnouncePriority
choose_priority (RessentiMarkerWatcher *self,
                 gint64                 now_us)
{
  /* An earlier marker is probably still being said: this one replaces it,
   * whatever the setting (never a backlog of markers). */
  if (now_us < self->spoken_until_us)
    return RESSENTI_ANNOUNCE_INTERRUPT;
  /* Right after a jump, its own message ("2 minutes 13") comes first. */
  if (self->jumped_us != 0 && now_us - self->jumped_us < JUMP_GRACE_US)
    return RESSENTI_ANNOUNCE_QUEUE;
  return self->interrupt ? RESSENTI_ANNOUNCE_INTERRUPT : RESSENTI_ANNOUNCE_QUEUE;
}

static void
reach (RessentiMarkerWatcher *self,
       RessentiMarkerItem    *item)
{
  const RessentiMarker *marker = ressenti_marker_item_get_marker (item);
  g_autofree char *text = NULL;
  gint64 now = g_get_monotonic_time ();
  int earcon = -1;

  if (self->pause_at_marker && ressenti_player_get_state (self->player) == RESSENTI_PLAYER_STATE_PLAYING)
    ressenti_player_pause (self->player);

  text = ressenti_marker_watcher_describe (self, marker, &earcon);
  if (earcon >= 0)
    ressenti_earcons_play (self->earcons, (RessentiEarcon) earcon);
  if (text != NULL && self->announcer != NULL &&
      ressenti_announcer_announce (self->announcer, text, choose_priority (self, now),
                                   RESSENTI_VERBOSITY_TERSE, RESSENTI_ANNOUNCE_CATEGORY_MARKER))
    self->spoken_until_us = now + (gint64) g_utf8_strlen (text, -1) * SPEECH_US_PER_CHAR;
  g_signal_emit (self, signals[REACHED], 0, item);
}

/* Playback went from the cursor to @position_ms: says the last marker
 * crossed that passes the filter, unless it is stale. */
static void
advance (RessentiMarkerWatcher *self,
         gint64                 position_ms)
{
  g_autoptr(RessentiMarkerItem) chosen = NULL;
  guint first, end;

  if (position_ms <= self->cursor_ms)
    return;
  if (self->markers == NULL)
    {
      self->cursor_ms = position_ms;
      return;
    }
  first = bound (self->markers, self->cursor_ms, TRUE);
  end = bound (self->markers, position_ms, TRUE);
  /* From the last one back: only the last one passing the filter is said. */
  for (guint i = end; i > first && chosen == NULL; i--)
    {
      g_autoptr(RessentiMarkerItem) item = NULL;
      const RessentiMarker *marker = marker_at (self->markers, i - 1, &item);

      if (ressenti_marker_filter_matches (self->filter, marker, self->vocabulary))
        chosen = g_steal_pointer (&item);
    }
  self->cursor_ms = position_ms;
  if (chosen == NULL)
    return;

  /* Those about to be reached with it: the last one is said now. */
  {
    gint64 until = ressenti_marker_item_get_marker (chosen)->start_ms + (gint64) (BURST_US / 1000 * self->speed);
    guint n = g_list_model_get_n_items (self->markers);
    guint limit = MIN (n, end + BURST_SCAN_LIMIT);

    for (guint i = end; i < limit; i++)
      {
        g_autoptr(RessentiMarkerItem) item = NULL;
        const RessentiMarker *marker = marker_at (self->markers, i, &item);

        if (marker->start_ms > until)
          break;
        if (ressenti_marker_filter_matches (self->filter, marker, self->vocabulary))
          {
            g_clear_object (&chosen);
            chosen = g_steal_pointer (&item);
            self->cursor_ms = MAX (self->cursor_ms, marker->start_ms);
          }
      }
  }

  if ((position_ms - ressenti_marker_item_get_marker (chosen)->start_ms) * 1000.0 / self->speed > STALE_US)
    {
      g_debug ("A marker at %" G_GINT64_FORMAT " ms was noticed at %" G_GINT64_FORMAT " ms: too late to say",
               ressenti_marker_item_get_marker (chosen)->start_ms, position_ms);
      return;
    }
  reach (self, chosen);
}

static gboolean
timer_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs timer_funcs = {
  .dispatch = timer_dispatch,
};

static gboolean
timer_cb (gpointer user_data)
{
  RessentiMarkerWatcher *self = user_data;
  g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));
  gint64 target = self->next_valid ? self->next_ms : -1;
  gint64 position;

  if (!self->playing || !self->anchored)
    return G_SOURCE_CONTINUE;
  /* The timer was set for @target: count it as reached even if the
   * prediction, rounded, falls a millisecond short. */
  position = MAX (predict (self, g_get_monotonic_time ()), target);
  advance (self, position);
  reschedule (self);
  return G_SOURCE_CONTINUE;
}

/* The player */

static void
jumped_cb (RessentiPlayer        *player,
           gint64                 from_ms,
           gint64                 to_ms,
           RessentiMarkerWatcher *self)
{
  gint64 now = g_get_monotonic_time ();

  self->cursor_ms = to_ms;
  self->last_ms = to_ms;
  /* Until playback is heard moving from there, nothing is predicted: a
   * marker just after the landing is caught by the first tick. */
  self->anchored = FALSE;
  self->jumped_us = now;
  /* The jump's own message cuts off, or follows, the last marker's. */
  self->spoken_until_us = 0;
  invalidate_next (self);
  reschedule (self);
}

static void
position_cb (RessentiPlayer        *player,
             GParamSpec            *pspec,
             RessentiMarkerWatcher *self)
{
  gint64 position = ressenti_player_get_position (player);
  gboolean moved = position != self->last_ms;

  if (position < self->last_ms - BACKWARD_SLACK_MS)
    {
      /* Back without a jump: the next pass of an A–B loop. */
      self->cursor_ms = position;
      invalidate_next (self);
    }
  self->last_ms = position;
  if (!self->playing)
    {
      self->cursor_ms = MAX (self->cursor_ms, position);
      return;
    }
  /* The jump's own notification, or the sink not moving yet. */
  if (!self->anchored && !moved)
    return;
  self->anchored = TRUE;
  self->anchor_ms = position;
  self->anchor_us = g_get_monotonic_time ();
  advance (self, position);
  reschedule (self);
}

static void
state_cb (RessentiPlayer        *player,
          GParamSpec            *pspec,
          RessentiMarkerWatcher *self)
{
  gboolean playing = ressenti_player_get_state (player) == RESSENTI_PLAYER_STATE_PLAYING;

  if (playing == self->playing)
    return;
  self->playing = playing;
  /* The first tick of playback anchors the prediction. */
  self->anchored = FALSE;
  reschedule (self);
}

static void
speed_cb (RessentiPlayer        *player,
          GParamSpec            *pspec,
          RessentiMarkerWatcher *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->playing)
    {
      self->anchor_ms = predict (self, now);
      self->anchor_us = now;
    }
  self->speed = ressenti_player_get_speed (player);
  reschedule (self);
}

static void
items_changed_cb (GListModel            *markers,
                  guint                  position,
                  guint                  removed,
                  guint                  added,
                  RessentiMarkerWatcher *self)
{
  invalidate_next (self);
  reschedule (self);
}

/* GObject */

static void
set_player (RessentiMarkerWatcher *self,
            RessentiPlayer        *player)
{
  g_return_if_fail (RESSENTI_IS_PLAYER (player));

  self->player = g_object_ref (player);
  g_signal_connect_object (player, "jumped", G_CALLBACK (jumped_cb), self, 0);
  g_signal_connect_object (player, "notify::position", G_CALLBACK (position_cb), self, 0);
  g_signal_connect_object (player, "notify::state", G_CALLBACK (state_cb), self, 0);
  g_signal_connect_object (player, "notify::speed", G_CALLBACK (speed_cb), self, 0);
  self->speed = ressenti_player_get_speed (player);
  self->cursor_ms = ressenti_player_get_position (player);
  self->last_ms = self->cursor_ms;
  self->playing = ressenti_player_get_state (player) == RESSENTI_PLAYER_STATE_PLAYING;
}

static void
ressenti_marker_watcher_dispose (GObject *object)
{
  RessentiMarkerWatcher *self = (RessentiMarkerWatcher *) object;

  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
  ressenti_marker_watcher_set_markers (self, NULL);
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_clear_object (&self->player);
  g_clear_object (&self->announcer);
  g_clear_object (&self->earcons);
  g_clear_object (&self->vocabulary);

  G_OBJECT_CLASS (ressenti_marker_watcher_parent_class)->dispose (object);
}

static void
ressenti_marker_watcher_finalize (GObject *object)
{
  RessentiMarkerWatcher *self = (RessentiMarkerWatcher *) object;

  g_clear_pointer (&self->filter, ressenti_marker_filter_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (ressenti_marker_watcher_parent_class)->finalize (object);
}

static void
ressenti_marker_watcher_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RessentiMarkerWatcher *self = RESSENTI_MARKER_WATCHER (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;
    case PROP_MARKERS:
      g_value_set_object (value, self->markers);
      break;
    case PROP_VOCABULARY:
      g_value_set_object (value, self->vocabulary);
      break;
    case PROP_FILTER:
      g_value_set_boxed (value, self->filter);
      break;
    case PROP_ANNOUNCER:
      g_value_set_object (value, self->announcer);
      break;
    case PROP_EARCONS:
      g_value_set_object (value, self->earcons);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_INTERRUPT:
      g_value_set_boolean (value, self->interrupt);
      break;
    case PROP_PAUSE_AT_MARKER:
      g_value_set_boolean (value, self->pause_at_marker);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_marker_watcher_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  RessentiMarkerWatcher *self = RESSENTI_MARKER_WATCHER (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      set_player (self, g_value_get_object (value));
      break;
    case PROP_MARKERS:
      ressenti_marker_watcher_set_markers (self, g_value_get_object (value));
      break;
    case PROP_VOCABULARY:
      ressenti_marker_watcher_set_vocabulary (self, g_value_get_object (value));
      break;
    case PROP_FILTER:
      ressenti_marker_watcher_set_filter (self, g_value_get_boxed (value));
      break;
    case PROP_ANNOUNCER:
      ressenti_marker_watcher_set_announcer (self, g_value_get_object (value));
      break;
    case PROP_EARCONS:
      ressenti_marker_watcher_set_earcons (self, g_value_get_object (value));
      break;
    case PROP_MODE:
      ressenti_marker_watcher_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_INTERRUPT:
      ressenti_marker_watcher_set_interrupt (self, g_value_get_boolean (value));
      break;
    case PROP_PAUSE_AT_MARKER:
      ressenti_marker_watcher_set_pause_at_marker (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_marker_watcher_class_init (RessentiMarkerWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ressenti_marker_watcher_dispose;
  object_class->finalize = ressenti_marker_watcher_finalize;
  object_class->get_property = ressenti_marker_watcher_get_property;
  object_class->set_property = ressenti_marker_watcher_set_property;

  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL, RESSENTI_TYPE_PLAYER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MARKERS] =
    g_param_spec_object ("markers", NULL, NULL, G_TYPE_LIST_MODEL, rw);
  properties[PROP_VOCABULARY] =
    g_param_spec_object ("vocabulary", NULL, NULL, RESSENTI_TYPE_VOCABULARY, rw);
  properties[PROP_FILTER] =
    g_param_spec_boxed ("filter", NULL, NULL, RESSENTI_TYPE_MARKER_FILTER, rw);
  properties[PROP_ANNOUNCER] =
    g_param_spec_object ("announcer", NULL, NULL, RESSENTI_TYPE_ANNOUNCER, rw);
  properties[PROP_EARCONS] =
    g_param_spec_object ("earcons", NULL, NULL, RESSENTI_TYPE_EARCONS, rw);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, RESSENTI_TYPE_MARKER_ANNOUNCE,
                       RESSENTI_MARKER_ANNOUNCE_CATEGORY, rw);
  properties[PROP_INTERRUPT] =
    g_param_spec_boolean ("interrupt", NULL, NULL, TRUE, rw);
  properties[PROP_PAUSE_AT_MARKER] =
    g_param_spec_boolean ("pause-at-marker", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RessentiMarkerWatcher::reached:
   * @item: the RessentiMarkerItem reached
   *
   * Playback reached a marker that passes the filter, and it was made
   * heard (after the pause, with pause-at-marker). Only the last of
   * markers crossed together is reached.
   */
  signals[REACHED] =
    g_signal_new ("reached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RESSENTI_TYPE_MARKER_ITEM);
}

static void
ressenti_marker_watcher_init (RessentiMarkerWatcher *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->mode = RESSENTI_MARKER_ANNOUNCE_CATEGORY;
  self->interrupt = TRUE;
  self->speed = 1.0;
  self->vocabulary = ressenti_vocabulary_new (NULL);
  self->own_vocabulary = TRUE;
  self->timer = g_source_new (&timer_funcs, sizeof (GSource));
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  /* Before the default sources: a marker is said on time even when the
   * main loop has other things ready. */
  g_source_set_priority (self->timer, G_PRIORITY_HIGH);
  g_source_set_name (self->timer, "[ressenti] next marker");
  g_source_attach (self->timer, self->context);
}

RessentiMarkerWatcher *
ressenti_marker_watcher_new (RessentiPlayer *player)
{
  g_return_val_if_fail (RESSENTI_IS_PLAYER (player), NULL);

  return g_object_new (RESSENTI_TYPE_MARKER_WATCHER, "player", player, NULL);
}

RessentiPlayer *
ressenti_marker_watcher_get_player (RessentiMarkerWatcher *self)
{
  g_return_val_if_fail (RESSENTI_IS_MARKER_WATCHER (self), NULL);

  return self->player;
}

void
ressenti_marker_watcher_set_markers (RessentiMarkerWatcher *self,
                                     GListModel            *markers)
{
  g_return_if_fail (RESSENTI_IS_MARKER_WATCHER (self));
  g_return_if_fail (markers == NULL || G_IS_LIST_MODEL (markers));

  if (self->markers == markers)
    return;
  if (self->markers != NULL)
    g_signal_handlers_disconnect_by_func (self->markers, items_changed_cb, self);
  g_set_object (&self->markers, markers);
  if (markers != NULL)
    g_signal_connect_object (markers, "items-changed", G_CALLBACK (items_changed_cb), self, 0);
  invalidate_next (self);
  if (self->player != NULL)
    reschedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKERS]);
}

GListModel *
ressenti_marker_watcher_get_markers (RessentiMarkerWatcher *self)
{
  g_return_val_if_fail (RESSENTI_IS_MARKER_WATCHER (self), NULL);

  return self->markers;
}

void
ressenti_marker_watcher_set_vocabulary (RessentiMarkerWatcher *self,
                                        RessentiVocabulary    *vocabulary)
{
  g_return_if_fail (RESSENTI_IS_MARKER_WATCHER (self));
  g_return_if_fail (vocabulary == NULL || RESSENTI_IS_VOCABULARY (vocabulary));

  if (vocabulary == NULL)
    {
      if (self->own_vocabulary)
        return;
      g_clear_object (&self->vocabulary);
      self->vocabulary = ressenti_vocabulary_new (NULL);
      self->own_vocabulary = TRUE;
    }
  else
    {
      if (vocabulary == self->vocabulary)
        return;
      g_set_object (&self->vocabulary, vocabulary);
      self->own_vocabulary = FALSE;
    }
  invalidate_next (self);
  if (self->player != NULL)
    reschedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOCABULARY]);
}

RessentiVocabulary *
ressenti_marker_watcher_get_vocabulary (RessentiMarkerWatcher *self)
{
  g_return_val_if_fail (RESSENTI_IS_MARKER_WATCHER (self), NULL);

  return self->vocabulary;
}

void
ressenti_marker_watcher_set_filter (RessentiMarkerWatcher      *self,
                                    const RessentiMarkerFilter *filter)
{
  g_return_if_fail (RESSENTI_IS_MARKER_WATCHER (self));

  if (ressenti_marker_filter_equal (self->filter, filter))
    return;
  g_clear_pointer (&self->filter, ressenti_marker_filter_free);
  if (!ressenti_marker_filter_is_all (filter))
    self->filter = ressenti_marker_filter_copy (filter);
  invalidate_next (self);
  if (self->player != NULL)
    reschedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

const RessentiMarkerFilter *
ressenti_marker_watcher_get_filter (RessentiMarkerWatcher *self)
{
  g_return_val_if_fail (RESSENTI_IS_MARKER_WATCHER (self), NULL);

  return self->filter;
}

void
ressenti_marker_watcher_set_announcer (RessentiMarkerWatcher *self,
                                       RessentiAnnouncer     *announcer)
{
  g_return_if_fail (RESSENTI_IS_MARKER_WATCHER (self));
  g_return_if_fail (announcer == NULL || RESSENTI_IS_ANNOUNCER (announcer));

  if (g_set_object (&self->announcer, announcer))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOUNCER]);
}

void
ressenti_marker_watcher_set_earcons (RessentiMarkerWatcher *self,
                                     RessentiEarcons       *earcons)
{
  g_return_if_fail (RESSENTI_IS_MARKER_WATCHER (self));
  g_return_if_fail (earcons == NULL || RESSENTI_IS_EARCONS (earcons));

  if (g_set_object (&self->earcons, earcons))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EARCONS]);
}

void
ressenti_marker_watcher_set_mode (RessentiMarkerWatcher  *self,
                                  RessentiMarkerAnnounce  mode)
{
  g_return_if_fail (RESSENTI_IS_MARKER_WATCHER (self));
  g_return_if_fail (mode <= RESSENTI_MARKER_ANNOUNCE_FULL);

  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

RessentiMarkerAnnounce
ressenti_marker_watcher_get_mode (RessentiMarkerWatcher *self)
{
  g_return_val_if_fail (RESSENTI_IS_MARKER_WATCHER (self), RESSENTI_MARKER_ANNOUNCE_CATEGORY);

  return self->mode;
}

void
ressenti_marker_watcher_set_interrupt (RessentiMarkerWatcher *self,
                                       gboolean               interrupt)
{
  g_return_if_fail (RESSENTI_IS_MARKER_WATCHER (self));

  interrupt = !!interrupt;
  if (self->interrupt == interrupt)
    return;
  self->interrupt = interrupt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERRUPT]);
}

gboolean
ressenti_marker_watcher_get_interrupt (RessentiMarkerWatcher *self)
{
  g_return_val_if_fail (RESSENTI_IS_MARKER_WATCHER (self), TRUE);

  return self->interrupt;
}

void
ressenti_marker_watcher_set_pause_at_marker (RessentiMarkerWatcher *self,
                                             gboolean               pause)
{
  g_return_if_fail (RESSENTI_IS_MARKER_WATCHER (self));

  pause = !!pause;
  if (self->pause_at_marker == pause)
    return;
  self->pause_at_marker = pause;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSE_AT_MARKER]);
}

gboolean
ressenti_marker_watcher_get_pause_at_marker (RessentiMarkerWatcher *self)
{
  g_return_val_if_fail (RESSENTI_IS_MARKER_WATCHER (self), FALSE);

  return self->pause_at_marker;
}
