/* test-marker-watcher.c — markers heard as playback reaches them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under tests/audio-session: a real RessentiPlayer plays a generated
 * call (a quiet low tone) to the private null sink; the watcher says the
 * markers through a RessentiAnnouncerLog, which keeps each message with
 * the monotonic time it was made.
 *
 * When was a marker crossed? The player's position ticks (each the sink's
 * position when it was read) are recorded with their monotonic time; the
 * crossing is interpolated between the two ticks around the marker (or,
 * just after a jump, counted back from the first tick after it). An
 * announcement is on time when it was made within LATENESS_MAX_MS of that
 * crossing, either way (the timer may fire a little early right after a
 * jump, before the sink has settled). That is generous on purpose: the
 * benchmark (build-aux/bench-player) measures the real figures on the
 * monitor; this test catches a watcher that waits for ticks, piles up
 * messages or says what it should not.
 *
 * Each test is killed after 120 s (alarm), so a watcher that blocks the
 * main loop fails instead of hanging.
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "ressenti-announcer.h"
#include "ressenti-announcer-log.h"
#include "ressenti-earcons.h"
#include "ressenti-marker-watcher.h"
#include "ressenti-media.h"
#include "ressenti-player.h"
#include "ressenti-test-audio.h"
#include "ressenti-test-util.h"

#define CALL_RATE 48000
#define CALL_SECONDS 24
#define CALL_HZ 150.0
#define CALL_LEVEL 0.03
#define LATENESS_MAX_MS 120.0
#define PAUSE_TOLERANCE_MS 120
#define TEST_TIMEOUT_S 120

static void
test_timeout_handler (int signum)
{
  static const char message[] = "Bail out! the test did not finish in 120 s: the watcher hung\n";

  if (write (STDOUT_FILENO, message, sizeof message - 1) < 0)
    _exit (3);
  abort ();
}

/* ------------------------------------------------------------------ */
/* The fixture                                                         */
/* ------------------------------------------------------------------ */

typedef struct
{
  gint64   time_us;
  gint64   position_ms;
  gboolean after_jump;   /* the first tick after a jump: not interpolated across */
} Tick;

typedef struct
{
  gint64              time_us;
  gint64              start_ms;
  RessentiPlayerState state;
} Reach;

typedef struct
{
  gint64 time_us;
  gint64 from_ms;
  gint64 to_ms;
} Jump;

typedef struct
{
  char                  *dir;
  char                  *wav;
  RessentiPlayer        *player;
  RessentiMarkerWatcher *watcher;
  RessentiAnnouncer     *announcer;
  RessentiAnnouncerLog  *log;
  GListStore            *markers;
  GArray                *ticks;     /* Tick */
  GArray                *reaches;   /* Reach */
  GArray                *jumps;     /* Jump */
  gboolean               jumped;
} Fixture;

static void
position_cb (RessentiPlayer *player,
             GParamSpec     *pspec,
             Fixture        *fixture)
{
  Tick tick = { g_get_monotonic_time (), ressenti_player_get_position (player), fixture->jumped };

  /* Also when paused: the player reads the position once more as it
   * pauses. */
  /* The jump's own notification is not a tick of playback. */
  if (fixture->jumped && fixture->jumps->len > 0 &&
      tick.position_ms == g_array_index (fixture->jumps, Jump, fixture->jumps->len - 1).to_ms)
    return;
  fixture->jumped = FALSE;
  g_array_append_val (fixture->ticks, tick);
}

static void
jumped_cb (RessentiPlayer *player,
           gint64          from_ms,
           gint64          to_ms,
           Fixture        *fixture)
{
  Jump jump = { g_get_monotonic_time (), from_ms, to_ms };

  g_array_append_val (fixture->jumps, jump);
  fixture->jumped = TRUE;
}

static void
reached_cb (RessentiMarkerWatcher *watcher,
            RessentiMarkerItem    *item,
            Fixture               *fixture)
{
  Reach reach = { g_get_monotonic_time (), ressenti_marker_item_get_marker (item)->start_ms,
                  ressenti_player_get_state (fixture->player) };

  g_array_append_val (fixture->reaches, reach);
}

static gboolean
duration_known (gpointer data)
{
  return ressenti_player_get_duration (((Fixture *) data)->player) > 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  signal (SIGALRM, test_timeout_handler);
  alarm (TEST_TIMEOUT_S);
  ressenti_test_set_language ("en");
  fixture->dir = ressenti_test_mkdtemp ("marker-watcher-XXXXXX");
  fixture->wav = g_build_filename (fixture->dir, "call.wav", NULL);
  ressenti_test_write_sine_wav (fixture->wav, CALL_HZ, CALL_LEVEL, CALL_SECONDS, CALL_RATE);

  fixture->player = ressenti_player_new ();
  g_assert_true (ressenti_player_open (fixture->player, fixture->wav, RESSENTI_CHANNEL_LAYOUT_MONO, &error));
  g_assert_no_error (error);
  g_assert_true (ressenti_test_run_until (duration_known, fixture, 5000));

  fixture->announcer = ressenti_announcer_new ();
  fixture->log = ressenti_announcer_log_new (NULL);
  ressenti_announcer_add_backend (fixture->announcer, RESSENTI_ANNOUNCER_BACKEND (fixture->log));
  fixture->markers = g_list_store_new (RESSENTI_TYPE_MARKER_ITEM);
  fixture->watcher = ressenti_marker_watcher_new (fixture->player);
  ressenti_marker_watcher_set_markers (fixture->watcher, G_LIST_MODEL (fixture->markers));
  ressenti_marker_watcher_set_announcer (fixture->watcher, fixture->announcer);

  fixture->ticks = g_array_new (FALSE, FALSE, sizeof (Tick));
  fixture->reaches = g_array_new (FALSE, FALSE, sizeof (Reach));
  fixture->jumps = g_array_new (FALSE, FALSE, sizeof (Jump));
  g_signal_connect (fixture->player, "notify::position", G_CALLBACK (position_cb), fixture);
  g_signal_connect (fixture->player, "jumped", G_CALLBACK (jumped_cb), fixture);
  g_signal_connect (fixture->watcher, "reached", G_CALLBACK (reached_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->watcher);
  if (fixture->player != NULL)
    ressenti_player_close (fixture->player);
  g_clear_object (&fixture->player);
  g_clear_object (&fixture->announcer);
  g_clear_object (&fixture->log);
  g_clear_object (&fixture->markers);
  g_clear_pointer (&fixture->ticks, g_array_unref);
  g_clear_pointer (&fixture->reaches, g_array_unref);
  g_clear_pointer (&fixture->jumps, g_array_unref);
  ressenti_test_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->wav, g_free);
  alarm (0);
}

static RessentiMarker *
make_marker (gint64        start_ms,
             RessentiSide  side,
             const char   *key,
             int           intensity,
             const char   *text)
{
  RessentiMarker *marker = ressenti_marker_new (start_ms, side, key);

  marker->intensity = intensity;
  marker->text = g_strdup (text);
  return marker;
}

/* Appends: markers are added in time order. */
static void
add_marker (Fixture      *fixture,
            gint64        start_ms,
            RessentiSide  side,
            const char   *key,
            int           intensity,
            const char   *text)
{
  g_autoptr(RessentiMarker) marker = make_marker (start_ms, side, key, intensity, text);
  g_autoptr(RessentiMarkerItem) item = ressenti_marker_item_new (marker);

  g_list_store_append (fixture->markers, item);
}

typedef struct
{
  Fixture *fixture;
  gint64   position_ms;
  guint    n;
} Until;

static gboolean
reached_position (gpointer data)
{
  Until *until = data;

  return ressenti_player_get_position (until->fixture->player) >= until->position_ms;
}

static void
play_until (Fixture *fixture,
            gint64   position_ms)
{
  Until until = { fixture, position_ms, 0 };

  if (!ressenti_test_run_until (reached_position, &until, 20000))
    g_error ("playback did not reach %" G_GINT64_FORMAT " ms in 20 s: at %" G_GINT64_FORMAT " ms, state %d",
             position_ms, ressenti_player_get_position (fixture->player),
             ressenti_player_get_state (fixture->player));
}

static gboolean
reached_n (gpointer data)
{
  Until *until = data;

  return until->fixture->reaches->len >= until->n;
}

static void
wait_for_reaches (Fixture *fixture,
                  guint    n)
{
  Until until = { fixture, 0, n };

  g_assert_true (ressenti_test_run_until (reached_n, &until, 20000));
}

static const RessentiAnnouncement *
message (Fixture *fixture,
         guint    i)
{
  GPtrArray *messages = ressenti_announcer_log_get_messages (fixture->log);

  g_assert_cmpuint (i, <, messages->len);
  return g_ptr_array_index (messages, i);
}

static guint
n_messages (Fixture *fixture)
{
  return ressenti_announcer_log_get_messages (fixture->log)->len;
}

/* Where the last jump before @time_us landed, or -1. */
static gint64
landing_before (Fixture *fixture,
                gint64   time_us)
{
  gint64 landing = -1;

  for (guint i = 0; i < fixture->jumps->len; i++)
    if (g_array_index (fixture->jumps, Jump, i).time_us <= time_us)
      landing = g_array_index (fixture->jumps, Jump, i).to_ms;
  return landing;
}

/* When playback crossed @start_ms, interpolated between the two ticks of
 * one stretch of playback around it: the last crossing before @said_us
 * (and a little after, in case it was said early); counted on from the
 * last tick of a stretch when a jump came before the next one; -1 if the
 * ticks do not show one. */
static gint64
crossing_time (Fixture *fixture,
               gint64   start_ms,
               gint64   said_us)
{
  gint64 found = -1;

  for (guint i = 1; i < fixture->ticks->len; i++)
    {
      const Tick *before = &g_array_index (fixture->ticks, Tick, i - 1);
      const Tick *after = &g_array_index (fixture->ticks, Tick, i);
      gint64 crossed;

      /* Between a landing and the first tick after it: the watcher
       * waits for that tick, and playback crossed the marker as long
       * before it as the position says. */
      if (after->after_jump && after->position_ms >= start_ms &&
          landing_before (fixture, after->time_us) < start_ms)
        crossed = after->time_us - (after->position_ms - start_ms) * G_TIME_SPAN_MILLISECOND;
      else if (after->after_jump || before->position_ms >= start_ms || after->position_ms < start_ms ||
               after->position_ms <= before->position_ms)
        continue;
      else
        crossed = before->time_us + (gint64) ((double) (start_ms - before->position_ms) /
                                              (after->position_ms - before->position_ms) *
                                              (after->time_us - before->time_us));
      if (crossed <= said_us + (gint64) LATENESS_MAX_MS * G_TIME_SPAN_MILLISECOND)
        found = crossed;
    }
  if (found >= 0)
    return found;
  /* Said by the timer after the last tick of a stretch (a jump came
   * before the next tick): counted on from that tick. */
  for (guint i = 0; i < fixture->ticks->len; i++)
    {
      const Tick *tick = &g_array_index (fixture->ticks, Tick, i);
      gboolean last_of_stretch = i + 1 == fixture->ticks->len ||
                                 g_array_index (fixture->ticks, Tick, i + 1).after_jump;
      gint64 crossed = tick->time_us + (start_ms - tick->position_ms) * G_TIME_SPAN_MILLISECOND;

      if (last_of_stretch && start_ms > tick->position_ms && start_ms - tick->position_ms <= 100 &&
          crossed <= said_us + (gint64) LATENESS_MAX_MS * G_TIME_SPAN_MILLISECOND)
        found = crossed;
    }
  return found;
}

/* The announcement made at @time_us was on time for @start_ms. */
static double
assert_on_time (Fixture    *fixture,
                gint64      start_ms,
                gint64      time_us)
{
  gint64 crossed = crossing_time (fixture, start_ms, time_us);
  double lateness;

  if (crossed < 0)
    {
      for (guint i = 0; i < fixture->ticks->len; i++)
        {
          const Tick *tick = &g_array_index (fixture->ticks, Tick, i);

          if (ABS (tick->position_ms - start_ms) < 1500)
            g_test_message ("tick at %" G_GINT64_FORMAT " us: %" G_GINT64_FORMAT " ms%s",
                            tick->time_us, tick->position_ms, tick->after_jump ? " (after a jump)" : "");
        }
      for (guint i = 0; i < fixture->jumps->len; i++)
        {
          const Jump *jump = &g_array_index (fixture->jumps, Jump, i);

          g_test_message ("jump at %" G_GINT64_FORMAT " us: %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " ms",
                          jump->time_us, jump->from_ms, jump->to_ms);
        }
      g_error ("no two ticks around the marker at %" G_GINT64_FORMAT " ms, said at %" G_GINT64_FORMAT " us",
               start_ms, time_us);
    }
  lateness = (time_us - crossed) / 1000.0;
  g_test_message ("marker at %6" G_GINT64_FORMAT " ms said %+6.1f ms after playback crossed it",
                  start_ms, lateness);
  g_assert_cmpfloat (fabs (lateness), <, LATENESS_MAX_MS);
  return lateness;
}

/* The strongest level of a tone at @hz in 30 ms windows over @n frames
 * from @from. */
static double
max_tone (const float *samples,
          gsize        from,
          gsize        n,
          double       hz)
{
  gsize window = RESSENTI_TEST_AUDIO_RATE * 30 / 1000;
  gsize step = RESSENTI_TEST_AUDIO_RATE * 5 / 1000;
  double best = 0.0;

  for (gsize f = from; f + window <= from + n; f += step)
    best = MAX (best, ressenti_test_audio_tone (samples + f, window, hz));
  return best;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

/* Three markers, said one by one as they are crossed, on time. */
static void
test_crossing (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const expected[] = {
    "Frustration / annoyance, strong, customer",
    "Anger, strong, customer",
    "Calm / neutral, mild, customer",
  };

  add_marker (fixture, 1000, RESSENTI_SIDE_CUSTOMER, "frustration", 3, NULL);
  add_marker (fixture, 2000, RESSENTI_SIDE_CUSTOMER, "anger", 3, "shouts");
  add_marker (fixture, 3000, RESSENTI_SIDE_CUSTOMER, "calm", 1, NULL);
  ressenti_player_play (fixture->player);
  play_until (fixture, 3300);
  ressenti_player_pause (fixture->player);
  ressenti_test_run_for (300);

  g_assert_cmpuint (n_messages (fixture), ==, 3);
  g_assert_cmpuint (fixture->reaches->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const RessentiAnnouncement *said = message (fixture, i);
      const Reach *reach = &g_array_index (fixture->reaches, Reach, i);

      g_assert_cmpstr (said->text, ==, expected[i]);
      g_assert_cmpint (said->category, ==, RESSENTI_ANNOUNCE_CATEGORY_MARKER);
      g_assert_cmpint (said->priority, ==, RESSENTI_ANNOUNCE_INTERRUPT);
      g_assert_cmpint (reach->start_ms, ==, 1000 * (i + 1));
      assert_on_time (fixture, reach->start_ms, said->monotonic_time);
    }
}

/* A jump reaches nothing: not what it skipped, nor a marker exactly where
 * it lands (moving by marker already said it). What follows is reached as
 * playback goes on; within a second of the jump it is queued behind the
 * jump's own message. A jump back arms the markers after it again. */
static void
test_jumps (Fixture       *fixture,
            gconstpointer  data)
{
  add_marker (fixture, 1000, RESSENTI_SIDE_CUSTOMER, "worry", 2, NULL);
  add_marker (fixture, 1500, RESSENTI_SIDE_CUSTOMER, "confusion", 2, NULL);
  add_marker (fixture, 5000, RESSENTI_SIDE_CUSTOMER, "anger", 3, NULL);
  add_marker (fixture, 9000, RESSENTI_SIDE_CUSTOMER, "sadness", 2, NULL);

  /* Landing on a marker while paused, as a step by marker does. */
  ressenti_player_seek (fixture->player, 1000);
  ressenti_player_play (fixture->player);
  play_until (fixture, 1800);
  g_assert_cmpuint (fixture->reaches->len, ==, 1);
  g_assert_cmpint (g_array_index (fixture->reaches, Reach, 0).start_ms, ==, 1500);
  g_assert_cmpstr (message (fixture, 0)->text, ==, "Confusion, moderate, customer");
  g_assert_cmpint (message (fixture, 0)->priority, ==, RESSENTI_ANNOUNCE_QUEUE);
  assert_on_time (fixture, 1500, message (fixture, 0)->monotonic_time);

  /* Forward over the marker at 5 s, while playing: not said. */
  ressenti_player_seek (fixture->player, 6000);
  play_until (fixture, 6500);
  g_assert_cmpuint (fixture->reaches->len, ==, 1);

  /* Back before 1 s: the markers after the landing count again. */
  ressenti_player_seek (fixture->player, 300);
  play_until (fixture, 1700);
  g_assert_cmpuint (fixture->reaches->len, ==, 3);
  g_assert_cmpint (g_array_index (fixture->reaches, Reach, 1).start_ms, ==, 1000);
  g_assert_cmpint (g_array_index (fixture->reaches, Reach, 2).start_ms, ==, 1500);
  /* The first within a second of the jump: queued; the next one cuts it
   * off, since it is probably still being said. */
  g_assert_cmpint (message (fixture, 1)->priority, ==, RESSENTI_ANNOUNCE_QUEUE);
  g_assert_cmpint (message (fixture, 2)->priority, ==, RESSENTI_ANNOUNCE_INTERRUPT);
  ressenti_player_pause (fixture->player);
  ressenti_test_run_for (200);
  g_assert_cmpuint (n_messages (fixture), ==, 3);
}

/* Many markers and repeated forward jumps while playing: only markers
 * actually played through are said, at most one per stretch of playback
 * between two jumps here (they are 250 ms apart and a stretch lasts
 * about 100 ms), each on time, and nothing arrives after playback stops.
 *
 * Known player bug, not the watcher's: about one jump in eighty made
 * while playing leaves pulsesink blocked for good (PLAYING, the position
 * standing still, its streaming thread waiting in
 * pa_threaded_mainloop_wait; neither a flushing seek to the same place nor
 * PAUSED → PLAYING unblocks it). It shows here as "playback did not
 * reach …"; 8 jumps keep the chance of meeting it about one run in ten. */
static void
test_fast_seeking (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 paused_at_us, paused_ms;
  const Reach *last;

  for (gint64 start = 1000; start <= 22000; start += 250)
    add_marker (fixture, start, RESSENTI_SIDE_CUSTOMER, start % 1000 == 0 ? "anger" : "impatience", 2, NULL);
  ressenti_player_play (fixture->player);
  play_until (fixture, 1100);
  for (guint i = 0; i < 8; i++)
    {
      ressenti_player_seek_relative (fixture->player, 1000);
      ressenti_test_run_for (100);
    }
  {
    gint64 landed = g_array_index (fixture->jumps, Jump, fixture->jumps->len - 1).to_ms;

    play_until (fixture, landed + 800);
  }
  ressenti_player_pause (fixture->player);
  paused_at_us = g_get_monotonic_time ();
  paused_ms = ressenti_player_get_position (fixture->player);
  ressenti_test_run_for (1200);

  g_test_message ("%u jumps, %u markers said", fixture->jumps->len, fixture->reaches->len);
  g_assert_cmpuint (n_messages (fixture), ==, fixture->reaches->len);
  g_assert_cmpuint (fixture->reaches->len, >=, 2);
  for (guint i = 0; i < fixture->reaches->len; i++)
    {
      const Reach *reach = &g_array_index (fixture->reaches, Reach, i);
      gint64 from = 0, until = paused_ms, until_us = paused_at_us;
      guint in_stretch = 0;

      /* The stretch of playback it was said in: after the last jump made
       * before it, up to the next jump. */
      for (guint j = 0; j < fixture->jumps->len; j++)
        {
          const Jump *jump = &g_array_index (fixture->jumps, Jump, j);

          if (jump->time_us <= reach->time_us)
            from = jump->to_ms;
          else
            {
              until = jump->from_ms;
              until_us = jump->time_us;
              break;
            }
        }
      /* Played through: after the landing, before the next jump. */
      g_assert_cmpint (reach->start_ms, >, from);
      g_assert_cmpint (reach->start_ms, <=, until + 100);
      g_assert_cmpint (reach->time_us, <=, until_us);
      for (guint k = 0; k < fixture->reaches->len; k++)
        {
          const Reach *other = &g_array_index (fixture->reaches, Reach, k);

          if (other->start_ms > from && other->start_ms <= until)
            in_stretch++;
        }
      /* At most one per stretch, unless the stretch played long enough to
       * cross two markers (a loaded machine). */
      g_assert_cmpuint (in_stretch, <=, 1 + (until - from) / 250);
      if (i > 0)
        g_assert_cmpint (reach->start_ms, >, g_array_index (fixture->reaches, Reach, i - 1).start_ms);
      assert_on_time (fixture, reach->start_ms, message (fixture, i)->monotonic_time);
    }
  /* Nothing late: the last said is the last marker played through. */
  last = &g_array_index (fixture->reaches, Reach, fixture->reaches->len - 1);
  g_assert_cmpint (last->time_us, <=, paused_at_us);
  g_assert_cmpint (last->start_ms, ==, (paused_ms / 250) * 250);
}

/* The player pauses at the marker, then it is said; playing again goes on
 * without saying it twice. */
static void
test_pause_at_marker (Fixture       *fixture,
                      gconstpointer  data)
{
  add_marker (fixture, 1000, RESSENTI_SIDE_CUSTOMER, "frustration", 2, NULL);
  add_marker (fixture, 1800, RESSENTI_SIDE_AGENT, "rushed", 2, NULL);
  ressenti_marker_watcher_set_pause_at_marker (fixture->watcher, TRUE);

  ressenti_player_play (fixture->player);
  for (guint i = 0; i < 2; i++)
    {
      const Reach *reach;
      gint64 position;

      wait_for_reaches (fixture, i + 1);
      reach = &g_array_index (fixture->reaches, Reach, i);
      g_assert_cmpint (reach->state, ==, RESSENTI_PLAYER_STATE_PAUSED);
      g_assert_cmpint (ressenti_player_get_state (fixture->player), ==, RESSENTI_PLAYER_STATE_PAUSED);
      ressenti_test_run_for (300);
      position = ressenti_player_get_position (fixture->player);
      g_test_message ("paused at %" G_GINT64_FORMAT " ms for the marker at %" G_GINT64_FORMAT " ms",
                      position, reach->start_ms);
      g_assert_cmpint (ABS (position - reach->start_ms), <, PAUSE_TOLERANCE_MS);
      g_assert_cmpuint (n_messages (fixture), ==, i + 1);
      assert_on_time (fixture, reach->start_ms, message (fixture, i)->monotonic_time);
      ressenti_player_play (fixture->player);
    }
  g_assert_cmpstr (message (fixture, 1)->text, ==, "Rushed, moderate, agent");
  play_until (fixture, 2300);
  g_assert_cmpuint (n_messages (fixture), ==, 2);
  g_assert_cmpint (ressenti_player_get_state (fixture->player), ==, RESSENTI_PLAYER_STATE_PLAYING);
}

/* A marker the filter leaves out is silent. */
static void
test_filter (Fixture       *fixture,
             gconstpointer  data)
{
  RessentiMarkerFilter agent = { RESSENTI_MARKER_FILTER_KIND_ALL, RESSENTI_MARKER_FILTER_SIDE_AGENT, NULL };
  RessentiMarkerFilter calm = { RESSENTI_MARKER_FILTER_KIND_CUSTOMER_EMOTION, RESSENTI_MARKER_FILTER_SIDE_ALL,
                                (char *) "calm" };

  add_marker (fixture, 1000, RESSENTI_SIDE_CUSTOMER, "frustration", 3, NULL);
  add_marker (fixture, 1400, RESSENTI_SIDE_AGENT, "warm", 2, NULL);
  add_marker (fixture, 1800, RESSENTI_SIDE_BOTH, "worry", 1, NULL);
  add_marker (fixture, 2200, RESSENTI_SIDE_CUSTOMER, "calm", 1, NULL);

  ressenti_marker_watcher_set_filter (fixture->watcher, &agent);
  ressenti_player_play (fixture->player);
  play_until (fixture, 2500);
  g_assert_cmpuint (fixture->reaches->len, ==, 2);
  g_assert_cmpint (g_array_index (fixture->reaches, Reach, 0).start_ms, ==, 1400);
  g_assert_cmpint (g_array_index (fixture->reaches, Reach, 1).start_ms, ==, 1800);
  g_assert_cmpstr (message (fixture, 0)->text, ==, "Warm, moderate, agent");
  g_assert_cmpstr (message (fixture, 1)->text, ==, "Worry, mild, both sides");

  /* Changed while playing, after a jump back. */
  ressenti_player_seek (fixture->player, 0);
  ressenti_marker_watcher_set_filter (fixture->watcher, &calm);
  play_until (fixture, 2500);
  ressenti_player_pause (fixture->player);
  g_assert_cmpuint (fixture->reaches->len, ==, 3);
  g_assert_cmpint (g_array_index (fixture->reaches, Reach, 2).start_ms, ==, 2200);
  g_assert_cmpuint (n_messages (fixture), ==, 3);
  assert_on_time (fixture, 2200, message (fixture, 2)->monotonic_time);
}

/* What each mode says, and in earcon mode what is heard. */
static void
test_modes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RessentiEarcons) earcons = ressenti_earcons_new ();
  g_autoptr(RessentiTestCapture) capture = NULL;
  g_autoptr(RessentiMarker) span = make_marker (3000, RESSENTI_SIDE_CUSTOMER, "anger", 3, "shouts");
  g_autofree char *category = NULL;
  g_autofree char *full = NULL;
  g_autofree char *fallback = NULL;
  const float *samples;
  int earcon = -1;

  if (!ressenti_earcons_get_available (earcons))
    g_error ("the earcons are not available: %s", ressenti_earcons_get_error (earcons));
  span->end_ms = 5000;
  ressenti_marker_watcher_set_earcons (fixture->watcher, earcons);

  /* The sentences. */
  ressenti_marker_watcher_set_mode (fixture->watcher, RESSENTI_MARKER_ANNOUNCE_CATEGORY);
  category = ressenti_marker_watcher_describe (fixture->watcher, span, &earcon);
  g_assert_cmpstr (category, ==, "Anger, strong, customer");
  g_assert_cmpint (earcon, ==, RESSENTI_EARCON_MARKER_TENSE);
  ressenti_marker_watcher_set_mode (fixture->watcher, RESSENTI_MARKER_ANNOUNCE_FULL);
  full = ressenti_marker_watcher_describe (fixture->watcher, span, &earcon);
  g_assert_cmpstr (full, ==, "Anger, strong, customer, for 2 seconds: shouts");
  ressenti_marker_watcher_set_mode (fixture->watcher, RESSENTI_MARKER_ANNOUNCE_EARCON);
  g_assert_null (ressenti_marker_watcher_describe (fixture->watcher, span, &earcon));
  g_assert_cmpint (earcon, ==, RESSENTI_EARCON_MARKER_TENSE);
  /* Earcons off: earcon mode says the category rather than nothing. */
  ressenti_earcons_set_muted (earcons, TRUE);
  fallback = ressenti_marker_watcher_describe (fixture->watcher, span, &earcon);
  g_assert_cmpstr (fallback, ==, "Anger, strong, customer");
  g_assert_cmpint (earcon, ==, -1);
  ressenti_earcons_set_muted (earcons, FALSE);

  /* Earcon only, heard: anger sounds tense (1760 Hz), sadness low (262 Hz). */
  add_marker (fixture, 1000, RESSENTI_SIDE_CUSTOMER, "anger", 3, NULL);
  add_marker (fixture, 2000, RESSENTI_SIDE_CUSTOMER, "sadness", 2, NULL);
  add_marker (fixture, 3000, RESSENTI_SIDE_CUSTOMER, "frustration", 3, "tight voice");
  add_marker (fixture, 4000, RESSENTI_SIDE_CUSTOMER, "satisfaction", 1, "thanks");
  capture = ressenti_test_capture_start ();
  ressenti_player_play (fixture->player);
  wait_for_reaches (fixture, 2);
  ressenti_test_run_for (400);
  g_assert_cmpuint (n_messages (fixture), ==, 0);
  ressenti_marker_watcher_set_mode (fixture->watcher, RESSENTI_MARKER_ANNOUNCE_CATEGORY);
  wait_for_reaches (fixture, 3);
  ressenti_marker_watcher_set_mode (fixture->watcher, RESSENTI_MARKER_ANNOUNCE_FULL);
  wait_for_reaches (fixture, 4);
  ressenti_player_pause (fixture->player);
  ressenti_test_run_for (300);
  ressenti_test_capture_stop (capture);
  samples = ressenti_test_capture_samples (capture, NULL);

  for (guint i = 0; i < 2; i++)
    {
      const Reach *reach = &g_array_index (fixture->reaches, Reach, i);
      double hz = i == 0 ? ressenti_earcon_get_frequency (RESSENTI_EARCON_MARKER_TENSE)
                         : ressenti_earcon_get_frequency (RESSENTI_EARCON_MARKER_LOW);
      double other = i == 0 ? ressenti_earcon_get_frequency (RESSENTI_EARCON_MARKER_LOW)
                            : ressenti_earcon_get_frequency (RESSENTI_EARCON_MARKER_TENSE);
      /* The earcon is heard within 300 ms of the marker being reached. */
      gsize from = ressenti_test_capture_frame_at (capture, reach->time_us);
      gsize n = RESSENTI_TEST_AUDIO_RATE * 3 / 10;
      double level = max_tone (samples, from, n, hz);
      double wrong = max_tone (samples, from, n, other);

      g_test_message ("marker at %" G_GINT64_FORMAT " ms: %.0f Hz at %.4f, %.0f Hz at %.4f",
                      reach->start_ms, hz, level, other, wrong);
      g_assert_cmpfloat (level, >, 0.05);
      g_assert_cmpfloat (level, >, 5.0 * wrong);
    }
  g_assert_cmpuint (n_messages (fixture), ==, 2);
  g_assert_cmpstr (message (fixture, 0)->text, ==, "Frustration / annoyance, strong, customer");
  g_assert_cmpstr (message (fixture, 1)->text, ==, "Satisfaction / relief, mild, customer: thanks");
}

/* 10,000 markers in one review: every step is a binary search, crossings
 * stay right (no timing asserted here: see build-aux/bench-player). */
static void
test_many_markers (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  RessentiMarkerFilter anger = { RESSENTI_MARKER_FILTER_KIND_ALL, RESSENTI_MARKER_FILTER_SIDE_ALL, (char *) "anger" };
  gint64 landed;
  guint first;

  /* One every 2 ms over 20 s; anger at 3 s and 6 s only. */
  for (guint i = 0; i < 10000; i++)
    {
      gint64 start = (gint64) i * 2;
      g_autoptr(RessentiMarker) marker =
        make_marker (start, RESSENTI_SIDE_CUSTOMER, start == 3000 || start == 6000 ? "anger" : "other", 1, NULL);

      g_ptr_array_add (items, ressenti_marker_item_new (marker));
    }
  g_list_store_splice (fixture->markers, 0, 0, items->pdata, items->len);

  ressenti_marker_watcher_set_filter (fixture->watcher, &anger);
  ressenti_player_seek (fixture->player, 2500);
  ressenti_player_play (fixture->player);
  play_until (fixture, 6400);
  g_assert_cmpuint (fixture->reaches->len, ==, 2);
  g_assert_cmpint (g_array_index (fixture->reaches, Reach, 0).start_ms, ==, 3000);
  g_assert_cmpint (g_array_index (fixture->reaches, Reach, 1).start_ms, ==, 6000);

  /* Every marker: one every 2 ms is one moment after another; the last
   * of each 100 ms is said, each interrupting the one before. */
  ressenti_marker_watcher_set_filter (fixture->watcher, NULL);
  ressenti_player_seek (fixture->player, 8000);
  landed = 8000;
  first = fixture->reaches->len;
  play_until (fixture, 9000);
  ressenti_player_pause (fixture->player);
  ressenti_test_run_for (200);
  g_test_message ("1 s of playback over 500 markers: %u said", fixture->reaches->len - first);
  g_assert_cmpuint (fixture->reaches->len - first, >=, 3);
  g_assert_cmpuint (fixture->reaches->len - first, <=, 20);
  for (guint i = first; i < fixture->reaches->len; i++)
    {
      const Reach *reach = &g_array_index (fixture->reaches, Reach, i);

      g_assert_cmpint (reach->start_ms, >, landed);
      g_assert_cmpint (reach->start_ms, <=, ressenti_player_get_position (fixture->player) + 200);
      if (i > first)
        g_assert_cmpint (reach->start_ms, >, g_array_index (fixture->reaches, Reach, i - 1).start_ms);
      g_assert_cmpint (message (fixture, i)->priority, ==,
                       i == first ? RESSENTI_ANNOUNCE_QUEUE : RESSENTI_ANNOUNCE_INTERRUPT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ressenti_test_init_i18n ();
  ressenti_media_init ();

#define ADD(path, func) \
  g_test_add ("/marker-watcher/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("crossing", test_crossing);
  ADD ("jumps", test_jumps);
  ADD ("fast-seeking", test_fast_seeking);
  ADD ("pause-at-marker", test_pause_at_marker);
  ADD ("filter", test_filter);
  ADD ("modes", test_modes);
  ADD ("many-markers", test_many_markers);
#undef ADD

  return g_test_run ();
}
