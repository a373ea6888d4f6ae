/* test-analysis.c — speaker turns, pauses and overlaps against ground truth
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo calls (build-aux/make-demo-calls) come with the exact times of
 * every turn, pause and overlap. Each call and each encoding of call 1 is
 * analysed and compared with them: navigation must land within ±150 ms of
 * every turn start and pause boundary. Every check is written as a
 * "problem finder", so that the same code can also be shown to find
 * problems when the segmentation is broken on purpose (the /negative
 * tests): a check that cannot fail proves nothing.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "ressenti-analysis.h"
#include "ressenti-features.h"
#include "ressenti-media.h"
#include "ressenti-test-util.h"

/* The target for next/previous by turn and by pause. */
#define START_TOLERANCE_MS 150
#define PAUSE_TOLERANCE_MS 150
/* Ends of turns are not navigation targets, but pause starts are ends.
 * Measured on the demo calls: at most 96 ms off (see the report). */
#define END_TOLERANCE_MS   150
/* At 16 kbit/s, MP3 smears the last syllable of a turn: its end is found
 * late, up to 127 ms on Debian 12 and 206 ms on Debian 13 (its LAME and
 * mpg123). A pause begins where a turn ends, so its start is smeared the
 * same way (169 ms once on Debian 13). That variant allows 250 ms for turn
 * ends and pause starts; turn starts and pause ends, where the listener
 * lands and hears speech begin, keep 150 ms. */
#define LOW_BITRATE_END_TOLERANCE_MS 250
static int end_tolerance_ms = END_TOLERANCE_MS;

/* Typical start error, a guard against a detector that still lands within
 * ±150 ms but has become late across the board (measured: at most 16 ms). */
#define MEDIAN_START_TOLERANCE_MS 25
/* The LAME encoder delay (576) plus the decoder delay (529), in samples,
 * of an MP3 with no gapless tag: its audio is that much late. */
#define MP3_DELAY_SAMPLES 1105

/* A tiny JSON reader ------------------------------------------------------ */

/* json-glib is not part of the stack: this reads the ground-truth files
 * into GVariants (objects a{sv}, arrays av, numbers d, strings s, b). */
typedef struct
{
  const char *p;
  const char *end;
} JsonCursor;

static GVariant *json_value (JsonCursor *c);

static void
json_skip_space (JsonCursor *c)
{
  while (c->p < c->end && g_ascii_isspace (*c->p))
    c->p++;
}

static gboolean
json_expect (JsonCursor *c,
             char        ch)
{
  json_skip_space (c);
  if (c->p >= c->end || *c->p != ch)
    return FALSE;
  c->p++;
  return TRUE;
}

static char *
json_string (JsonCursor *c)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (!json_expect (c, '"'))
    return NULL;
  while (c->p < c->end && *c->p != '"')
    {
      char ch = *c->p++;

      if (ch != '\\')
        {
          g_string_append_c (out, ch);
          continue;
        }
      if (c->p >= c->end)
        return NULL;
      ch = *c->p++;
      switch (ch)
        {
        case 'n': g_string_append_c (out, '\n'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'u':
          {
            char hex[5] = { 0 };
            gunichar u;

            if (c->end - c->p < 4)
              return NULL;
            memcpy (hex, c->p, 4);
            c->p += 4;
            u = (gunichar) g_ascii_strtoull (hex, NULL, 16);
            /* The ground truth is written with ensure_ascii=False: no
             * surrogate pairs to join. */
            g_string_append_unichar (out, u);
          }
          break;
        default:
          g_string_append_c (out, ch);
          break;
        }
    }
  if (c->p >= c->end)
    return NULL;
  c->p++;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GVariant *
json_object (JsonCursor *c)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  json_skip_space (c);
  if (c->p < c->end && *c->p == '}')
    {
      c->p++;
      return g_variant_builder_end (&builder);
    }
  for (;;)
    {
      g_autofree char *key = json_string (c);
      GVariant *value;

      if (key == NULL || !json_expect (c, ':') || (value = json_value (c)) == NULL)
        {
          g_variant_builder_clear (&builder);
          return NULL;
        }
      g_variant_builder_add (&builder, "{sv}", key, value);
      if (json_expect (c, '}'))
        return g_variant_builder_end (&builder);
      if (!json_expect (c, ','))
        {
          g_variant_builder_clear (&builder);
          return NULL;
        }
    }
}

static GVariant *
json_array (JsonCursor *c)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("av"));
  json_skip_space (c);
  if (c->p < c->end && *c->p == ']')
    {
      c->p++;
      return g_variant_builder_end (&builder);
    }
  for (;;)
    {
      GVariant *value = json_value (c);

      if (value == NULL)
        {
          g_variant_builder_clear (&builder);
          return NULL;
        }
      g_variant_builder_add (&builder, "v", value);
      if (json_expect (c, ']'))
        return g_variant_builder_end (&builder);
      if (!json_expect (c, ','))
        {
          g_variant_builder_clear (&builder);
          return NULL;
        }
    }
}

static GVariant *
json_value (JsonCursor *c)
{
  json_skip_space (c);
  if (c->p >= c->end)
    return NULL;

  switch (*c->p)
    {
    case '{':
      c->p++;
      return json_object (c);
    case '[':
      c->p++;
      return json_array (c);
    case '"':
      {
        char *str = json_string (c);

        return str != NULL ? g_variant_new_take_string (str) : NULL;
      }
    default:
      break;
    }

  if (g_str_has_prefix (c->p, "true"))
    {
      c->p += 4;
      return g_variant_new_boolean (TRUE);
    }
  if (g_str_has_prefix (c->p, "false"))
    {
      c->p += 5;
      return g_variant_new_boolean (FALSE);
    }
  if (g_str_has_prefix (c->p, "null"))
    {
      c->p += 4;
      return g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL);
    }

  {
    char *number_end = NULL;
    double value = g_ascii_strtod (c->p, &number_end);

    if (number_end == c->p)
      return NULL;
    c->p = number_end;
    return g_variant_new_double (value);
  }
}

static GVariant *
json_parse (const char *text,
            gsize       length)
{
  JsonCursor cursor = { text, text + length };
  GVariant *value = json_value (&cursor);

  if (value != NULL)
    g_variant_ref_sink (value);
  return value;
}

/* Ground truth ------------------------------------------------------------ */

typedef struct
{
  RessentiSpeaker speaker;   /* AGENT or CUSTOMER */
  guint           channel;   /* 0 left, 1 right */
  gint64          start_ms;
  gint64          end_ms;
} TruthTurn;

typedef struct
{
  RessentiChannelLayout layout;
  gint64                duration_ms;
  gint64                duration_slack_ms;   /* decoded length may differ by this */
  GArray               *turns;      /* TruthTurn */
  GArray               *pauses;     /* RessentiSpan */
  GArray               *overlaps;   /* RessentiSpan */
} Truth;

static void
truth_free (Truth *truth)
{
  g_array_unref (truth->turns);
  g_array_unref (truth->pauses);
  g_array_unref (truth->overlaps);
  g_free (truth);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Truth, truth_free)

static gint64
seconds_to_ms (GVariant   *object,
               const char *key)
{
  double seconds = 0;

  g_assert_true (g_variant_lookup (object, key, "d", &seconds));
  return (gint64) llround (seconds * 1000.0);
}

static GArray *
read_spans (GVariant   *root,
            const char *key)
{
  g_autoptr(GVariant) array = g_variant_lookup_value (root, key, G_VARIANT_TYPE ("av"));
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (RessentiSpan));

  g_assert_nonnull (array);
  for (gsize i = 0; i < g_variant_n_children (array); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (array, i);
      g_autoptr(GVariant) item = g_variant_get_variant (boxed);
      RessentiSpan span = { seconds_to_ms (item, "start_s"), seconds_to_ms (item, "end_s") };

      g_array_append_val (spans, span);
    }
  return spans;
}

static Truth *
truth_load (const char *json_name)
{
  g_autofree char *path = ressenti_test_demo_file (json_name);
  g_autofree char *text = NULL;
  g_autofree char *layout = NULL;
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) turns = NULL;
  gsize length = 0;
  Truth *truth = g_new0 (Truth, 1);

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  root = json_parse (text, length);
  g_assert_nonnull (root);

  g_assert_true (g_variant_lookup (root, "layout", "s", &layout));
  truth->layout = ressenti_channel_layout_from_string (layout);
  truth->duration_ms = seconds_to_ms (root, "duration_s");
  truth->duration_slack_ms = 100;
  truth->pauses = read_spans (root, "pauses");
  truth->overlaps = read_spans (root, "overlaps");
  truth->turns = g_array_new (FALSE, FALSE, sizeof (TruthTurn));

  turns = g_variant_lookup_value (root, "turns", G_VARIANT_TYPE ("av"));
  g_assert_nonnull (turns);
  for (gsize i = 0; i < g_variant_n_children (turns); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (turns, i);
      g_autoptr(GVariant) item = g_variant_get_variant (boxed);
      g_autofree char *speaker = NULL;
      g_autofree char *channel = NULL;
      TruthTurn turn;

      g_assert_true (g_variant_lookup (item, "speaker", "s", &speaker));
      g_assert_true (g_variant_lookup (item, "channel", "s", &channel));
      turn.speaker = g_str_equal (speaker, "agent") ? RESSENTI_SPEAKER_AGENT : RESSENTI_SPEAKER_CUSTOMER;
      turn.channel = g_str_equal (channel, "left") ? 0 : 1;
      turn.start_ms = seconds_to_ms (item, "start_s");
      turn.end_ms = seconds_to_ms (item, "end_s");
      g_array_append_val (truth->turns, turn);
    }

  g_assert_cmpuint (truth->turns->len, >, 10);
  g_assert_cmpuint (truth->pauses->len, >, 0);
  g_assert_cmpuint (truth->overlaps->len, >, 0);
  return truth;
}

/* Shifts every time by @ms: a codec delay makes the whole file late, and
 * longer by as much plus the padding of its last frame. */
static void
truth_shift (Truth  *truth,
             gint64  ms)
{
  truth->duration_slack_ms += ms + 100;
  for (guint i = 0; i < truth->turns->len; i++)
    {
      g_array_index (truth->turns, TruthTurn, i).start_ms += ms;
      g_array_index (truth->turns, TruthTurn, i).end_ms += ms;
    }
  for (guint i = 0; i < truth->pauses->len; i++)
    {
      RessentiSpan *span = &g_array_index (truth->pauses, RessentiSpan, i);

      /* The pause at the very start grows, the one at the very end is
       * cut: neither edge of the file moves. */
      if (span->start_ms > 0)
        span->start_ms += ms;
      span->end_ms = MIN (span->end_ms + ms, truth->duration_ms);
    }
  for (guint i = 0; i < truth->overlaps->len; i++)
    {
      g_array_index (truth->overlaps, RessentiSpan, i).start_ms += ms;
      g_array_index (truth->overlaps, RessentiSpan, i).end_ms += ms;
    }
}

/* Checking ---------------------------------------------------------------- */

typedef struct
{
  GPtrArray *problems;        /* char*: empty when everything is right */
  GArray    *start_errors;    /* gint64 ms, detected − true */
  GArray    *end_errors;
  GArray    *pause_start_errors;
  GArray    *pause_end_errors;
} Report;

static Report *
report_new (void)
{
  Report *report = g_new0 (Report, 1);

  report->problems = g_ptr_array_new_with_free_func (g_free);
  report->start_errors = g_array_new (FALSE, FALSE, sizeof (gint64));
  report->end_errors = g_array_new (FALSE, FALSE, sizeof (gint64));
  report->pause_start_errors = g_array_new (FALSE, FALSE, sizeof (gint64));
  report->pause_end_errors = g_array_new (FALSE, FALSE, sizeof (gint64));
  return report;
}

static void
report_free (Report *report)
{
  g_ptr_array_unref (report->problems);
  g_array_unref (report->start_errors);
  g_array_unref (report->end_errors);
  g_array_unref (report->pause_start_errors);
  g_array_unref (report->pause_end_errors);
  g_free (report);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Report, report_free)

G_GNUC_PRINTF (2, 3)
static void
problem (Report     *report,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (report->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
add_error (GArray *errors,
           gint64  error)
{
  g_array_append_val (errors, error);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gint64
median (GArray *errors)
{
  g_autoptr(GArray) sorted = NULL;

  if (errors->len == 0)
    return 0;
  sorted = g_array_copy (errors);
  g_array_sort (sorted, compare_gint64);
  return g_array_index (sorted, gint64, sorted->len / 2);
}

static gint64
max_abs (GArray *errors)
{
  gint64 max = 0;

  for (guint i = 0; i < errors->len; i++)
    max = MAX (max, ABS (g_array_index (errors, gint64, i)));
  return max;
}

static char *
describe_errors (GArray *errors)
{
  return g_strdup_printf ("median %+" G_GINT64_FORMAT " max |%" G_GINT64_FORMAT "| ms (n=%u)",
                          median (errors), max_abs (errors), errors->len);
}

/* The label a truth turn must get when analysed with @layout. */
static RessentiSpeaker
expected_speaker (const TruthTurn       *turn,
                  RessentiChannelLayout  layout)
{
  switch (layout)
    {
    case RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT:
      return turn->channel == 0 ? RESSENTI_SPEAKER_AGENT : RESSENTI_SPEAKER_CUSTOMER;
    case RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT:
      return turn->channel == 1 ? RESSENTI_SPEAKER_AGENT : RESSENTI_SPEAKER_CUSTOMER;
    case RESSENTI_CHANNEL_LAYOUT_UNKNOWN:
      return turn->channel == 0 ? RESSENTI_SPEAKER_LEFT : RESSENTI_SPEAKER_RIGHT;
    case RESSENTI_CHANNEL_LAYOUT_MONO:
    default:
      return RESSENTI_SPEAKER_SPEECH;
    }
}

static const RessentiTurn *
nearest_turn (const RessentiAnalysisResult *result,
              RessentiSpeaker               speaker,
              gint64                        start_ms)
{
  guint n;
  const RessentiTurn *turns = ressenti_analysis_result_get_turns (result, &n);
  const RessentiTurn *best = NULL;

  for (guint i = 0; i < n; i++)
    if (turns[i].speaker == speaker &&
        (best == NULL || ABS (turns[i].start_ms - start_ms) < ABS (best->start_ms - start_ms)))
      best = &turns[i];
  return best;
}

static gboolean
truth_turn_overlaps (const Truth     *truth,
                     const TruthTurn *turn)
{
  for (guint i = 0; i < truth->overlaps->len; i++)
    {
      const RessentiSpan *span = &g_array_index (truth->overlaps, RessentiSpan, i);

      if (span->start_ms < turn->end_ms && span->end_ms > turn->start_ms)
        return TRUE;
    }
  return FALSE;
}

/* Every true turn is found, with the right label, start (and end) within
 * tolerance and the right overlap flag; no detected turn is extra. */
static void
check_turns (Report                       *report,
             const RessentiAnalysisResult *result,
             const Truth                  *truth,
             RessentiChannelLayout         layout)
{
  guint n;
  const RessentiTurn *turns = ressenti_analysis_result_get_turns (result, &n);

  for (guint i = 0; i < truth->turns->len; i++)
    {
      const TruthTurn *want = &g_array_index (truth->turns, TruthTurn, i);
      RessentiSpeaker speaker = expected_speaker (want, layout);
      const RessentiTurn *got = nearest_turn (result, speaker, want->start_ms);

      if (got == NULL || ABS (got->start_ms - want->start_ms) > START_TOLERANCE_MS)
        {
          problem (report, "no %s turn starts within %d ms of %.3f s",
                   ressenti_speaker_to_string (speaker), START_TOLERANCE_MS, want->start_ms / 1000.0);
          continue;
        }
      add_error (report->start_errors, got->start_ms - want->start_ms);
      add_error (report->end_errors, got->end_ms - want->end_ms);
      if (ABS (got->end_ms - want->end_ms) > end_tolerance_ms)
        problem (report, "the turn at %.3f s ends at %.3f s, not %.3f s",
                 want->start_ms / 1000.0, got->end_ms / 1000.0, want->end_ms / 1000.0);
      if (got->channel != want->channel)
        problem (report, "the turn at %.3f s is on channel %u", want->start_ms / 1000.0, got->channel);
      if (!got->overlap != !truth_turn_overlaps (truth, want))
        problem (report, "the turn at %.3f s is %sflagged as overlapping",
                 want->start_ms / 1000.0, got->overlap ? "" : "not ");
    }

  for (guint i = 0; i < n; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; j < truth->turns->len && !known; j++)
        {
          const TruthTurn *want = &g_array_index (truth->turns, TruthTurn, j);

          known = expected_speaker (want, layout) == turns[i].speaker &&
                  ABS (turns[i].start_ms - want->start_ms) <= START_TOLERANCE_MS;
        }
      if (!known)
        problem (report, "spurious %s turn %.3f–%.3f s", ressenti_speaker_to_string (turns[i].speaker),
                 turns[i].start_ms / 1000.0, turns[i].end_ms / 1000.0);
    }

  if (ABS (median (report->start_errors)) > MEDIAN_START_TOLERANCE_MS)
    problem (report, "turn starts are typically %+" G_GINT64_FORMAT " ms off", median (report->start_errors));
}

/* Every true pause is found with both boundaries within tolerance, and no
 * pause is reported where someone speaks. */
static void
check_pauses (Report                       *report,
              const RessentiAnalysisResult *result,
              const Truth                  *truth)
{
  guint n;
  const RessentiSpan *pauses = ressenti_analysis_result_get_pauses (result, &n);

  for (guint i = 0; i < truth->pauses->len; i++)
    {
      const RessentiSpan *want = &g_array_index (truth->pauses, RessentiSpan, i);
      const RessentiSpan *got = NULL;

      for (guint j = 0; j < n; j++)
        if (pauses[j].start_ms < want->end_ms && pauses[j].end_ms > want->start_ms)
          got = &pauses[j];
      if (got == NULL)
        {
          problem (report, "the pause %.3f–%.3f s is missing", want->start_ms / 1000.0, want->end_ms / 1000.0);
          continue;
        }
      add_error (report->pause_start_errors, got->start_ms - want->start_ms);
      add_error (report->pause_end_errors, got->end_ms - want->end_ms);
      if (ABS (got->start_ms - want->start_ms) > MAX (PAUSE_TOLERANCE_MS, end_tolerance_ms) ||
          ABS (got->end_ms - want->end_ms) > PAUSE_TOLERANCE_MS)
        problem (report, "the pause %.3f–%.3f s was found at %.3f–%.3f s",
                 want->start_ms / 1000.0, want->end_ms / 1000.0,
                 got->start_ms / 1000.0, got->end_ms / 1000.0);
    }

  for (guint j = 0; j < n; j++)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < truth->pauses->len && !known; i++)
        {
          const RessentiSpan *want = &g_array_index (truth->pauses, RessentiSpan, i);

          known = pauses[j].start_ms < want->end_ms && pauses[j].end_ms > want->start_ms;
        }
      if (!known)
        problem (report, "spurious pause %.3f–%.3f s inside speech",
                 pauses[j].start_ms / 1000.0, pauses[j].end_ms / 1000.0);
    }
}

static void
check_overlaps (Report                       *report,
                const RessentiAnalysisResult *result,
                const Truth                  *truth)
{
  guint n;
  const RessentiSpan *overlaps = ressenti_analysis_result_get_overlaps (result, &n);

  for (guint i = 0; i < truth->overlaps->len; i++)
    {
      const RessentiSpan *want = &g_array_index (truth->overlaps, RessentiSpan, i);
      gboolean found = FALSE;

      for (guint j = 0; j < n; j++)
        found = found || ABS (overlaps[j].start_ms - want->start_ms) <= START_TOLERANCE_MS;
      if (!found)
        problem (report, "the overlap at %.3f s is missing", want->start_ms / 1000.0);
    }
  for (guint j = 0; j < n; j++)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < truth->overlaps->len; i++)
        {
          const RessentiSpan *want = &g_array_index (truth->overlaps, RessentiSpan, i);

          known = known || (overlaps[j].start_ms < want->end_ms && overlaps[j].end_ms > want->start_ms);
        }
      if (!known)
        problem (report, "spurious overlap %.3f–%.3f s", overlaps[j].start_ms / 1000.0, overlaps[j].end_ms / 1000.0);
    }
}

/* A mono call: only speech segments and pauses. A segment never starts or
 * ends in a gap between turns (it may start at a sentence inside a turn),
 * and most true turn starts are segment starts. */
static void
check_mono (Report                       *report,
            const RessentiAnalysisResult *result,
            const Truth                  *truth)
{
  guint n, found = 0;
  const RessentiTurn *turns = ressenti_analysis_result_get_turns (result, &n);

  if (ressenti_analysis_result_get_n_channels (result) != 1)
    problem (report, "analysed as %u channels", ressenti_analysis_result_get_n_channels (result));
  for (guint i = 0; i < n; i++)
    {
      gboolean start_in_turn = FALSE, end_in_turn = FALSE;

      if (turns[i].speaker != RESSENTI_SPEAKER_SPEECH || turns[i].overlap)
        problem (report, "the mono segment at %.3f s is labelled %s", turns[i].start_ms / 1000.0,
                 ressenti_speaker_to_string (turns[i].speaker));
      for (guint j = 0; j < truth->turns->len; j++)
        {
          const TruthTurn *want = &g_array_index (truth->turns, TruthTurn, j);

          start_in_turn = start_in_turn || (turns[i].start_ms >= want->start_ms - START_TOLERANCE_MS &&
                                            turns[i].start_ms < want->end_ms);
          end_in_turn = end_in_turn || (turns[i].end_ms > want->start_ms &&
                                        turns[i].end_ms <= want->end_ms + END_TOLERANCE_MS);
        }
      if (!start_in_turn || !end_in_turn)
        problem (report, "the speech segment %.3f–%.3f s starts or ends where nobody speaks",
                 turns[i].start_ms / 1000.0, turns[i].end_ms / 1000.0);
    }

  for (guint j = 0; j < truth->turns->len; j++)
    {
      const TruthTurn *want = &g_array_index (truth->turns, TruthTurn, j);
      const RessentiTurn *got = nearest_turn (result, RESSENTI_SPEAKER_SPEECH, want->start_ms);

      if (got != NULL && ABS (got->start_ms - want->start_ms) <= START_TOLERANCE_MS)
        {
          found++;
          add_error (report->start_errors, got->start_ms - want->start_ms);
        }
    }
  /* Measured: 15 of the 16 turns of call 1 (the one missed follows its
   * predecessor by 0.3 s). */
  if (found * 10 < truth->turns->len * 8)
    problem (report, "only %u of %u turn starts are segment starts", found, truth->turns->len);

  check_pauses (report, result, truth);
}

static Report *
check_result (const RessentiAnalysisResult *result,
              const Truth                  *truth,
              RessentiChannelLayout         layout)
{
  Report *report = report_new ();

  if (layout == RESSENTI_CHANNEL_LAYOUT_MONO)
    {
      check_mono (report, result, truth);
      return report;
    }
  if (ressenti_analysis_result_get_layout (result) != layout)
    problem (report, "labelled with layout %s", ressenti_channel_layout_to_string (ressenti_analysis_result_get_layout (result)));
  if (ABS (ressenti_analysis_result_get_duration_ms (result) - truth->duration_ms) > truth->duration_slack_ms)
    problem (report, "lasts %" G_GINT64_FORMAT " ms, not %" G_GINT64_FORMAT,
             ressenti_analysis_result_get_duration_ms (result), truth->duration_ms);
  check_turns (report, result, truth, layout);
  check_pauses (report, result, truth);
  check_overlaps (report, result, truth);
  return report;
}

static void
log_report (const char   *name,
            const Report *report)
{
  g_autofree char *starts = describe_errors (report->start_errors);
  g_autofree char *ends = describe_errors (report->end_errors);
  g_autofree char *pause_starts = describe_errors (report->pause_start_errors);
  g_autofree char *pause_ends = describe_errors (report->pause_end_errors);

  g_test_message ("%s: turn starts %s; turn ends %s; pause starts %s; pause ends %s",
                  name, starts, ends, pause_starts, pause_ends);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("%s: %s", name, (const char *) g_ptr_array_index (report->problems, i));
}

/* Running ----------------------------------------------------------------- */

static RessentiAnalysisResult *
analyse (const char                    *path,
         RessentiChannelLayout          layout,
         const RessentiSegmenterParams *params)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(RessentiAnalysis) analysis = ressenti_analysis_new (file, layout);
  g_autoptr(GError) error = NULL;
  RessentiAnalysisResult *result;

  if (params != NULL)
    ressenti_analysis_set_params (analysis, params);
  result = ressenti_analysis_run (analysis, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static Report *
analyse_and_check (const char                    *path,
                   const Truth                   *truth,
                   RessentiChannelLayout          layout,
                   const RessentiSegmenterParams *params)
{
  g_autoptr(RessentiAnalysisResult) result = analyse (path, layout, params);
  g_autofree char *name = g_path_get_basename (path);
  Report *report = check_result (result, truth, layout);

  log_report (name, report);
  return report;
}

static void
assert_no_problems (const Report *report)
{
  if (report->problems->len > 0)
    g_test_fail_printf ("%u problems, the first: %s", report->problems->len,
                        (const char *) g_ptr_array_index (report->problems, 0));
}

typedef struct
{
  const char *audio;
  const char *truth;
} DemoCase;

static void
test_demo (gconstpointer data)
{
  const DemoCase *demo = data;
  g_autofree char *path = ressenti_test_demo_file (demo->audio);
  g_autoptr(Truth) truth = truth_load (demo->truth);
  g_autoptr(Report) report = analyse_and_check (path, truth, truth->layout, NULL);

  assert_no_problems (report);
}

/* Labels follow the layout: the same call read with the sides swapped
 * swaps agent and customer, and read with an unknown layout says left and
 * right. */
static void
test_layouts (void)
{
  g_autofree char *path = ressenti_test_demo_file ("demo-3.wav");
  g_autoptr(Truth) truth = truth_load ("demo-3.json");
  g_autoptr(Report) unknown = NULL;
  g_autoptr(Report) swapped = NULL;
  g_autoptr(RessentiAnalysisResult) result = NULL;
  guint n;
  const RessentiTurn *turns;

  g_assert_cmpint (truth->layout, ==, RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT);

  /* The call opens with the agent, on the right. */
  result = analyse (path, RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT, NULL);
  turns = ressenti_analysis_result_get_turns (result, &n);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpint (turns[0].speaker, ==, RESSENTI_SPEAKER_AGENT);
  g_assert_cmpuint (turns[0].channel, ==, 1);
  g_clear_pointer (&result, ressenti_analysis_result_unref);

  result = analyse (path, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, NULL);
  turns = ressenti_analysis_result_get_turns (result, &n);
  g_assert_cmpint (turns[0].speaker, ==, RESSENTI_SPEAKER_CUSTOMER);
  /* Checked against the true layout, the swapped labels are all wrong. */
  swapped = check_result (result, truth, RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT);
  g_assert_cmpuint (swapped->problems->len, >=, truth->turns->len);

  unknown = analyse_and_check (path, truth, RESSENTI_CHANNEL_LAYOUT_UNKNOWN, NULL);
  assert_no_problems (unknown);
}

/* A mono call: the two sides mixed down to one channel. Only speech and
 * pauses can be found, and crosstalk rejection cannot help. */
static void
test_mono (void)
{
  g_autofree char *path = ressenti_test_demo_file ("demo-1.wav");
  g_autoptr(Truth) truth = truth_load ("demo-1.json");
  g_autoptr(Report) report = analyse_and_check (path, truth, RESSENTI_CHANNEL_LAYOUT_MONO, NULL);

  assert_no_problems (report);
}

/* Encodes @wav_name at test time with the GStreamer @encoder description
 * (between "audioconvert !" and "! filesink") into the scratch folder. */
static char *
encode (const char *wav_name,
        const char *encoder,
        const char *out_name)
{
  g_autofree char *wav = ressenti_test_demo_file (wav_name);
  g_autofree char *dir = ressenti_test_mkdtemp ("analysis-codec");
  g_autofree char *out = g_build_filename (dir, out_name, NULL);
  g_autofree char *description =
    g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! audioconvert ! audioresample ! %s ! "
                     "filesink location=\"%s\"", wav, encoder, out);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  ressenti_media_init ();
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  return g_steal_pointer (&out);
}

static void
remove_scratch (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  ressenti_test_rmdir (dir);
}

/* The lowest bitrates a call archive uses: MP3 at 16 kbit/s (8 kHz,
 * joint stereo), which GStreamer can encode here (gsmenc, from
 * gstreamer1.0-plugins-bad, is not installed). Its audio is late by the
 * MP3 delay, and so is what the listener hears: the truth moves with it. */
static void
test_low_bitrate_mp3 (void)
{
  g_autofree char *path = encode ("demo-1.wav",
                                  "audio/x-raw,rate=8000 ! lamemp3enc target=bitrate bitrate=16 cbr=true",
                                  "demo-1-16k.mp3");
  g_autoptr(Truth) truth = truth_load ("demo-1.json");
  g_autoptr(Report) report = NULL;

  truth_shift (truth, MP3_DELAY_SAMPLES * 1000 / 8000);
  end_tolerance_ms = LOW_BITRATE_END_TOLERANCE_MS;
  report = analyse_and_check (path, truth, truth->layout, NULL);
  end_tolerance_ms = END_TOLERANCE_MS;
  assert_no_problems (report);
  remove_scratch (path);
}

/* Opus at 24 kbit/s in voice mode, as VoIP systems record. (Below about
 * 20 kbit/s the encoder merges the two channels: see the report.) */
static void
test_low_bitrate_opus (void)
{
  g_autofree char *path = encode ("demo-1.wav", "opusenc bitrate=24000 audio-type=voice ! oggmux",
                                  "demo-1-24k.opus");
  g_autoptr(Truth) truth = truth_load ("demo-1.json");
  g_autoptr(Report) report = analyse_and_check (path, truth, truth->layout, NULL);

  assert_no_problems (report);
  remove_scratch (path);
}

/* Opus at 12 kbit/s merges the two channels into the same audio: the sides
 * cannot be told apart any more, and the call is analysed as a mono one
 * rather than as both sides talking all the time. */
static void
test_merged_channels (void)
{
  g_autofree char *path = encode ("demo-1.wav", "opusenc bitrate=12000 audio-type=voice ! oggmux",
                                  "demo-1-12k.opus");
  g_autoptr(Truth) truth = truth_load ("demo-1.json");
  g_autoptr(RessentiAnalysisResult) result = analyse (path, truth->layout, NULL);
  g_autoptr(Report) report = check_result (result, truth, RESSENTI_CHANNEL_LAYOUT_MONO);

  log_report ("demo-1-12k.opus", report);
  g_assert_cmpint (ressenti_analysis_result_get_layout (result), ==, RESSENTI_CHANNEL_LAYOUT_MONO);
  assert_no_problems (report);
  remove_scratch (path);
}

/* Keyboard clicks --------------------------------------------------------- */

/* Copies demo-1.wav with the agent typing through the hold (the long pause
 * after "je vous mets en attente"): 30 ms decaying clicks of white noise
 * every 120 to 250 ms on the agent's channel, peaking at @amplitude. */
static char *
make_typing_variant (double amplitude)
{
  g_autofree char *wav = ressenti_test_demo_file ("demo-1.wav");
  g_autofree char *dir = ressenti_test_mkdtemp ("analysis-typing");
  g_autofree char *out = g_build_filename (dir, "demo-1-typing.wav", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize length = 0, data = 12;
  gint16 *samples;
  gsize n_frames;
  const guint rate = 16000;

  g_assert_true (g_file_get_contents (wav, &contents, &length, NULL));
  /* Find the "data" chunk of the RIFF file. */
  while (data + 8 <= length && memcmp (contents + data, "data", 4) != 0)
    data += 8 + GUINT32_FROM_LE (*(guint32 *) (contents + data + 4));
  g_assert_cmpuint (data + 8, <, length);
  samples = (gint16 *) (contents + data + 8);
  n_frames = (length - data - 8) / 4;

  for (double t = 39.2; t < 44.7; t += g_rand_double_range (rand, 0.12, 0.25))
    {
      gsize first = (gsize) (t * rate);

      for (guint i = 0; i < rate * 30 / 1000 && first + i < n_frames; i++)
        {
          double v = amplitude * 32767 * exp (-(double) i / (0.006 * rate)) * g_rand_double_range (rand, -1, 1);
          gint16 *left = &samples[2 * (first + i)];

          *left = (gint16) CLAMP (*left + v, -32768, 32767);
        }
    }
  g_assert_true (g_file_set_contents (out, contents, length, NULL));
  return g_steal_pointer (&out);
}

static void
test_typing (void)
{
  g_autofree char *path = make_typing_variant (0.1);
  g_autoptr(Truth) truth = truth_load ("demo-1.json");
  g_autoptr(Report) report = analyse_and_check (path, truth, truth->layout, NULL);

  assert_no_problems (report);
  remove_scratch (path);
}

/* A stretch of an Opus file destroyed (40 kB zeroed, about 7 s of audio):
 * the decoder skips it, and everything after it must stay at its time. */
static void
test_lost_data (void)
{
  g_autofree char *opus = ressenti_test_demo_file ("demo-1.opus");
  g_autofree char *dir = ressenti_test_mkdtemp ("analysis-lost");
  g_autofree char *path = g_build_filename (dir, "damaged.opus", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(Truth) truth = truth_load ("demo-1.json");
  g_autoptr(RessentiAnalysisResult) result = NULL;
  gsize length = 0;
  guint checked = 0;

  g_assert_true (g_file_get_contents (opus, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 60000);
  memset (contents + 20000, 0, 40000);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  result = analyse (path, truth->layout, NULL);
  g_assert_cmpint (ABS (ressenti_analysis_result_get_duration_ms (result) - truth->duration_ms), <=, 100);
  for (guint i = 0; i < truth->turns->len; i++)
    {
      const TruthTurn *want = &g_array_index (truth->turns, TruthTurn, i);
      const RessentiTurn *got;

      if (want->start_ms < 15000)
        continue;
      got = nearest_turn (result, want->speaker, want->start_ms);
      g_assert_nonnull (got);
      g_assert_cmpint (ABS (got->start_ms - want->start_ms), <=, START_TOLERANCE_MS);
      checked++;
    }
  g_assert_cmpuint (checked, >, 10);
  ressenti_test_rmdir (dir);
}

/* Negative controls ------------------------------------------------------- */

/* Without crosstalk rejection the other side's louder words, leaking 25 dB
 * down, become turns of their own. */
static void
test_negative_no_crosstalk_rejection (void)
{
  g_autofree char *path = ressenti_test_demo_file ("demo-1.wav");
  g_autoptr(Truth) truth = truth_load ("demo-1.json");
  g_autoptr(Report) report = NULL;
  RessentiSegmenterParams params;

  ressenti_segmenter_params_init_default (&params);
  params.crosstalk_db = 0;
  report = analyse_and_check (path, truth, truth->layout, &params);
  g_assert_cmpuint (report->problems->len, >, 0);
}

/* Without hysteresis, one threshold has to do both jobs. Low (where "off"
 * is), the typing in the hold becomes speech; high (where "on" is), every
 * start comes late, noticeably on call 3. */
static void
test_negative_no_hysteresis (void)
{
  g_autofree char *typing = make_typing_variant (0.1);
  g_autofree char *demo_3 = ressenti_test_demo_file ("demo-3.wav");
  g_autoptr(Truth) truth_1 = truth_load ("demo-1.json");
  g_autoptr(Truth) truth_3 = truth_load ("demo-3.json");
  g_autoptr(Report) low = NULL;
  g_autoptr(Report) high = NULL;
  RessentiSegmenterParams params;

  ressenti_segmenter_params_init_default (&params);
  params.on_db = params.off_db;
  low = analyse_and_check (typing, truth_1, truth_1->layout, &params);
  g_assert_cmpuint (low->problems->len, >, 0);

  ressenti_segmenter_params_init_default (&params);
  params.off_db = params.on_db;
  params.crosstalk_hysteresis_db = 0;
  high = analyse_and_check (demo_3, truth_3, truth_3->layout, &params);
  g_assert_cmpuint (high->problems->len, >, 0);

  remove_scratch (typing);
}

/* Without the hangover, the gaps between sentences split turns. */
static void
test_negative_no_hangover (void)
{
  g_autofree char *path = ressenti_test_demo_file ("demo-1.wav");
  g_autoptr(Truth) truth = truth_load ("demo-1.json");
  g_autoptr(Report) report = NULL;
  RessentiSegmenterParams params;

  ressenti_segmenter_params_init_default (&params);
  params.min_silence_ms = 100;
  report = analyse_and_check (path, truth, truth->layout, &params);
  g_assert_cmpuint (report->problems->len, >, 0);
}

/* Pause threshold --------------------------------------------------------- */

static void
test_pause_threshold (void)
{
  g_autofree char *path = ressenti_test_demo_file ("demo-1.wav");
  g_autoptr(Truth) truth = truth_load ("demo-1.json");
  g_autoptr(RessentiAnalysisResult) result = NULL;
  RessentiSegmenterParams params;
  const RessentiSpan *pauses;
  guint n, expected = 0;

  /* Only the hold (6.5 s) is longer than 2 s in call 1. */
  for (guint i = 0; i < truth->pauses->len; i++)
    {
      const RessentiSpan *span = &g_array_index (truth->pauses, RessentiSpan, i);

      expected += span->end_ms - span->start_ms >= 2000;
    }
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, truth->pauses->len);

  ressenti_segmenter_params_init_default (&params);
  params.pause_threshold_ms = 2000;
  result = analyse (path, truth->layout, &params);
  pauses = ressenti_analysis_result_get_pauses (result, &n);
  g_assert_cmpuint (n, ==, expected);
  g_assert_cmpuint (ressenti_analysis_result_get_pause_threshold_ms (result), ==, 2000);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (pauses[i].end_ms - pauses[i].start_ms, >=, 2000);
}

/* Navigation -------------------------------------------------------------- */

static void
test_navigation (void)
{
  g_autofree char *path = ressenti_test_demo_file ("demo-1.wav");
  g_autoptr(Truth) truth = truth_load ("demo-1.json");
  g_autoptr(RessentiAnalysisResult) result = analyse (path, truth->layout, NULL);
  const RessentiTurn *turns;
  const RessentiSpan *pauses;
  guint n_turns, n_pauses;
  gint64 position = 0;
  int index;

  turns = ressenti_analysis_result_get_turns (result, &n_turns);
  pauses = ressenti_analysis_result_get_pauses (result, &n_pauses);

  /* "Next turn" from the start visits every true turn in order. */
  for (guint i = 0; i < truth->turns->len; i++)
    {
      const TruthTurn *want = &g_array_index (truth->turns, TruthTurn, i);

      index = ressenti_analysis_result_next_turn (result, position);
      g_assert_cmpint (index, >=, 0);
      g_assert_cmpint (ABS (turns[index].start_ms - want->start_ms), <=, START_TOLERANCE_MS);
      position = turns[index].start_ms;
    }
  g_assert_cmpint (ressenti_analysis_result_next_turn (result, position), ==, -1);

  /* "Previous turn" walks back to the first. */
  for (guint i = truth->turns->len - 1; i > 0; i--)
    {
      index = ressenti_analysis_result_previous_turn (result, position);
      g_assert_cmpint (index, >=, 0);
      g_assert_cmpint (ABS (turns[index].start_ms - g_array_index (truth->turns, TruthTurn, i - 1).start_ms),
                       <=, START_TOLERANCE_MS);
      position = turns[index].start_ms;
    }
  g_assert_cmpint (ressenti_analysis_result_previous_turn (result, position), ==, -1);

  /* By pause, both ways. */
  index = ressenti_analysis_result_next_pause (result, 0);
  g_assert_cmpint (index, ==, 0);
  g_assert_cmpint (ABS (pauses[0].start_ms - g_array_index (truth->pauses, RessentiSpan, 0).start_ms),
                   <=, PAUSE_TOLERANCE_MS);
  g_assert_cmpint (ressenti_analysis_result_previous_pause (result, truth->duration_ms),
                   ==, (int) n_pauses - 1);
  g_assert_cmpint (ressenti_analysis_result_next_pause (result, pauses[n_pauses - 1].start_ms), ==, -1);
}

/* Serialisation ----------------------------------------------------------- */

static GBytes *
variant_bytes (GVariant *value)
{
  g_autoptr(GVariant) sunk = g_variant_ref_sink (value);

  return g_variant_get_data_as_bytes (sunk);
}

static void
test_serialize (void)
{
  g_autofree char *path = ressenti_test_demo_file ("demo-1.wav");
  g_autoptr(RessentiAnalysisResult) result = analyse (path, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, NULL);
  g_autoptr(RessentiAnalysisResult) back = NULL;
  g_autoptr(GBytes) bytes = ressenti_analysis_result_serialize (result);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) garbage = NULL;
  g_autoptr(GBytes) cut = NULL;
  g_autoptr(GBytes) outdated = NULL;
  g_autoptr(GBytes) nonsense = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_turns;

  ressenti_analysis_result_get_turns (result, &n_turns);
  g_assert_cmpuint (n_turns, >, 10);
  /* About 12 bytes a turn: small enough for a database column. */
  g_assert_cmpuint (g_bytes_get_size (bytes), <, 64 + 16 * (n_turns + 10));

  back = ressenti_analysis_result_deserialize (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (ressenti_analysis_result_equal (result, back));
  again = ressenti_analysis_result_serialize (back);
  g_assert_true (g_bytes_equal (bytes, again));
  text = ressenti_analysis_result_to_string (back);
  g_assert_nonnull (strstr (text, "("));
  g_clear_pointer (&back, ressenti_analysis_result_unref);

  /* Damaged data is refused, never read past. */
  garbage = g_bytes_new_static ("not an analysis at all", 22);
  back = ressenti_analysis_result_deserialize (garbage, &error);
  g_assert_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_INVALID_DATA);
  g_assert_null (back);
  g_clear_error (&error);

  cut = g_bytes_new_from_bytes (bytes, 0, g_bytes_get_size (bytes) / 2);
  back = ressenti_analysis_result_deserialize (cut, &error);
  g_assert_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_INVALID_DATA);
  g_assert_null (back);
  g_clear_error (&error);

  /* Another algorithm version: the cache must analyse again. */
  outdated = variant_bytes (g_variant_new_parsed ("(byte 1, uint32 999, byte 1, byte 2, uint32 1000, uint32 1000,"
                                                  " @a(uuyyy) [], @a(uu) [], @a(uu) [])"));
  back = ressenti_analysis_result_deserialize (outdated, &error);
  g_assert_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_OUTDATED);
  g_assert_null (back);
  g_clear_error (&error);

  /* Well-formed but impossible: a turn ending after the call. */
  nonsense = variant_bytes (g_variant_new ("(yuyyuu@a(uuyyy)@a(uu)@a(uu))", 1, RESSENTI_ANALYSIS_ALGORITHM_VERSION,
                                           1, 2, 1000, 1000,
                                           g_variant_new_parsed ("[(uint32 0, uint32 5000, byte 1, byte 0, byte 0)]"),
                                           g_variant_new_parsed ("@a(uu) []"),
                                           g_variant_new_parsed ("@a(uu) []")));
  back = ressenti_analysis_result_deserialize (nonsense, &error);
  g_assert_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_INVALID_DATA);
  g_assert_null (back);
}

/* Worker, progress and cancellation --------------------------------------- */

/* The demo calls are analysed in a few tens of milliseconds, less than the
 * tenth of a second between two progress reports: these tests use call 2
 * repeated LONG_CALL_REPEATS times (25 minutes) in a scratch folder. */
#define LONG_CALL_REPEATS 20
static char *
make_long_call (void)
{
  g_autofree char *wav = ressenti_test_demo_file ("demo-2.wav");
  g_autofree char *dir = ressenti_test_mkdtemp ("analysis-long");
  g_autofree char *out = g_build_filename (dir, "long.wav", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GByteArray) long_call = g_byte_array_new ();
  gsize length = 0, data = 12;
  guint32 data_size, riff_size;

  g_assert_true (g_file_get_contents (wav, &contents, &length, NULL));
  while (data + 8 <= length && memcmp (contents + data, "data", 4) != 0)
    data += 8 + GUINT32_FROM_LE (*(guint32 *) (contents + data + 4));
  g_assert_cmpuint (data + 8, <, length);

  data_size = GUINT32_TO_LE ((guint32) (LONG_CALL_REPEATS * (length - data - 8)));
  riff_size = GUINT32_TO_LE ((guint32) (data + LONG_CALL_REPEATS * (length - data - 8)));
  g_byte_array_append (long_call, (const guint8 *) contents, data + 8);
  memcpy (long_call->data + 4, &riff_size, 4);
  memcpy (long_call->data + data + 4, &data_size, 4);
  for (guint i = 0; i < LONG_CALL_REPEATS; i++)
    g_byte_array_append (long_call, (const guint8 *) contents + data + 8, length - data - 8);
  g_assert_true (g_file_set_contents (out, (const char *) long_call->data, long_call->len, NULL));
  return g_steal_pointer (&out);
}

typedef struct
{
  GMainLoop              *loop;
  GCancellable           *cancellable;
  RessentiAnalysisResult *result;
  GError                 *error;
  double                  cancel_at;      /* cancel once progress passes this; >1 never */
  double                  last_progress;
  guint                   n_notifications;
  GThread                *main_thread;
} AsyncRun;

static void
progress_notify_cb (RessentiAnalysis *analysis,
                    GParamSpec       *pspec,
                    AsyncRun         *run)
{
  double progress = ressenti_analysis_get_progress (analysis);

  /* Notified on the caller's main context, never from the worker. */
  g_assert_true (g_thread_self () == run->main_thread);
  g_assert_cmpfloat (progress, >=, run->last_progress);
  run->last_progress = progress;
  run->n_notifications++;
  if (progress > run->cancel_at)
    g_cancellable_cancel (run->cancellable);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->result = ressenti_analysis_run_finish (RESSENTI_ANALYSIS (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
run_async (const char *path,
           AsyncRun   *run)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(RessentiAnalysis) analysis = ressenti_analysis_new (file, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);

  run->loop = g_main_loop_new (NULL, FALSE);
  run->cancellable = g_cancellable_new ();
  run->main_thread = g_thread_self ();
  g_signal_connect (analysis, "notify::progress", G_CALLBACK (progress_notify_cb), run);
  ressenti_analysis_run_async (analysis, run->cancellable, run_done_cb, run);
  g_main_loop_run (run->loop);
  /* Let the last progress notifications queued by the worker arrive. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_object (&run->cancellable);
}

static void
test_async (void)
{
  g_autofree char *path = make_long_call ();
  g_autoptr(RessentiAnalysisResult) sync = analyse (path, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, NULL);
  AsyncRun run = { .cancel_at = 2.0 };
  guint n_turns;

  run_async (path, &run);
  g_assert_no_error (run.error);
  g_assert_nonnull (run.result);
  g_assert_true (ressenti_analysis_result_equal (sync, run.result));
  ressenti_analysis_result_get_turns (run.result, &n_turns);
  g_assert_cmpuint (n_turns, ==, LONG_CALL_REPEATS * 16);
  /* Reported at most ten times a second, in steps of at least 1 %, and
   * 1.0 at the end. */
  g_assert_cmpfloat (run.last_progress, ==, 1.0);
  g_assert_cmpuint (run.n_notifications, >=, 3);
  g_assert_cmpuint (run.n_notifications, <=, 102);
  ressenti_analysis_result_unref (run.result);
  remove_scratch (path);
}

static void
test_cancel_async (void)
{
  g_autofree char *path = make_long_call ();
  AsyncRun run = { .cancel_at = 0.0 };

  run_async (path, &run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (run.result);
  /* It stopped in the middle, not at the end. */
  g_assert_cmpfloat (run.last_progress, >, 0.0);
  g_assert_cmpfloat (run.last_progress, <, 0.9);
  g_clear_error (&run.error);
  remove_scratch (path);
}

typedef struct
{
  GCancellable *cancellable;
  double        last;
} SyncProgress;

static void
sync_progress_cb (double   fraction,
                  gpointer user_data)
{
  SyncProgress *progress = user_data;

  progress->last = fraction;
  if (fraction > 0)
    g_cancellable_cancel (progress->cancellable);
}

static void
test_cancel_sync (void)
{
  g_autofree char *path = make_long_call ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(RessentiAnalysis) analysis = ressenti_analysis_new (file, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiAnalysisResult) result = NULL;
  SyncProgress progress = { cancellable, 0 };

  result = ressenti_analysis_run (analysis, sync_progress_cb, &progress, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  g_assert_cmpfloat (progress.last, >, 0.0);
  g_assert_cmpfloat (progress.last, <, 0.9);
  remove_scratch (path);
}

/* Bad input --------------------------------------------------------------- */

static void
assert_analysis_fails (const char *path,
                       int         code_a,
                       int         code_b)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(RessentiAnalysis) analysis = ressenti_analysis_new (file, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT);
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiAnalysisResult) result = NULL;
  g_autofree char *name = g_path_get_basename (path);

  ressenti_test_set_language ("en");
  result = ressenti_analysis_run (analysis, NULL, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
  g_assert_true (error->domain == RESSENTI_ANALYSIS_ERROR);
  g_assert_true (error->code == code_a || error->code == code_b);
  /* The message names the file, for the announcer. */
  g_assert_nonnull (strstr (error->message, name));
}

static void
test_bad_files (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("analysis-bad");
  g_autofree char *garbage = g_build_filename (dir, "garbage.wav", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.mp3", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken-header.wav", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.wav", NULL);
  g_autofree char *demo = ressenti_test_demo_file ("demo-1.wav");
  g_autofree char *contents = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint8 noise[65536];
  gsize length = 0;

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (garbage, (const char *) noise, sizeof noise, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  /* A WAV whose format chunk says it has no channels. */
  g_assert_true (g_file_get_contents (demo, &contents, &length, NULL));
  g_assert_cmpint (memcmp (contents + 12, "fmt ", 4), ==, 0);
  contents[22] = contents[23] = 0;
  g_assert_true (g_file_set_contents (broken, contents, length, NULL));

  assert_analysis_fails (garbage, RESSENTI_ANALYSIS_ERROR_UNSUPPORTED, RESSENTI_ANALYSIS_ERROR_CORRUPT);
  assert_analysis_fails (empty, RESSENTI_ANALYSIS_ERROR_UNSUPPORTED, RESSENTI_ANALYSIS_ERROR_CORRUPT);
  assert_analysis_fails (broken, RESSENTI_ANALYSIS_ERROR_CORRUPT, RESSENTI_ANALYSIS_ERROR_CORRUPT);
  assert_analysis_fails (missing, RESSENTI_ANALYSIS_ERROR_FAILED, RESSENTI_ANALYSIS_ERROR_FAILED);
  ressenti_test_rmdir (dir);
}

/* Feature extractors ------------------------------------------------------ */

/* An extractor of the test's own, added without touching anything else:
 * it counts frames and checks what it is given. */
typedef struct
{
  guint   frames;
  guint   window_size;
  float   last_level;
} CountState;

static guint n_count_finished;

static void
count_process (gpointer                    state,
               const RessentiFeatureFrame *frame,
               float                      *features)
{
  CountState *count = state;

  g_assert_cmpuint (frame->index, ==, count->frames);
  count->frames++;
  count->window_size = frame->window_size;
  /* It runs after the energy extractor, so it sees its output. */
  count->last_level = features[RESSENTI_FEATURE_LEVEL_DB];
}

static void
count_finish (gpointer state)
{
  n_count_finished++;
}

static const RessentiFeatureExtractor count_extractor = {
  .name = "count",
  .state_size = sizeof (CountState),
  .process = count_process,
  .finish = count_finish,
};

typedef struct
{
  guint64 frames;
  float   level[2];
  float   speech[2];
  float   floor[2];
} Collected;

static void
collect_cb (guint64              index,
            const float * const *features,
            guint                n_channels,
            gpointer             user_data)
{
  Collected *collected = user_data;

  collected->frames++;
  for (guint c = 0; c < n_channels; c++)
    {
      collected->level[c] = features[c][RESSENTI_FEATURE_LEVEL_DB];
      collected->speech[c] = features[c][RESSENTI_FEATURE_SPEECH_LEVEL_DB];
      collected->floor[c] = features[c][RESSENTI_FEATURE_NOISE_FLOOR_DB];
    }
}

static void
test_feature_bank (void)
{
  g_autoptr(RessentiFeatureBank) bank = ressenti_feature_bank_new (2, 8000);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  Collected collected = { 0 };
  float *samples = g_new (float, 2 * 8000);

  /* Left: a 1 kHz sine at amplitude 0.1 (RMS −23 dBFS); right: uniform
   * noise of RMS 0.01 (−40 dBFS). The noise floor runs on the right only,
   * the test's own extractor on the left only. */
  ressenti_feature_bank_add (bank, &ressenti_feature_energy, 0x3);
  ressenti_feature_bank_add (bank, &ressenti_feature_noise_floor, 0x2);
  ressenti_feature_bank_add (bank, &count_extractor, 0x1);
  ressenti_feature_bank_set_frame_func (bank, collect_cb, &collected);
  g_assert_cmpuint (ressenti_feature_bank_get_hop_size (bank), ==, 80);

  for (guint second = 0; second < 5; second++)
    {
      for (guint i = 0; i < 8000; i++)
        {
          samples[2 * i] = 0.1f * sinf (2 * G_PI * 1000 * i / 8000.0f);
          samples[2 * i + 1] = (float) g_rand_double_range (rand, -0.01 * sqrt (3), 0.01 * sqrt (3));
        }
      /* Pushed in odd-sized pieces, to cross hop boundaries anywhere. */
      for (guint done = 0; done < 8000; done += 777)
        ressenti_feature_bank_push (bank, samples + 2 * done, MIN (777, 8000 - done));
    }
  ressenti_feature_bank_push_silence (bank, 40);
  n_count_finished = 0;
  ressenti_feature_bank_finish (bank);
  g_free (samples);

  /* 5 s + 40 samples, the last partial hop completed with silence. */
  g_assert_cmpuint (collected.frames, ==, 501);
  g_assert_cmpuint (ressenti_feature_bank_get_n_frames (bank), ==, 501);
  g_assert_cmpuint (n_count_finished, ==, 1);
  /* The last frame is half silence (the window is two hops): 3 dB down. */
  g_assert_cmpfloat_with_epsilon (collected.level[0], -23.0f - 3.0f - 1.5f, 1.5f);
  g_assert_cmpfloat_with_epsilon (collected.level[1], -40.0f - 1.5f - 1.5f, 1.5f);
  g_assert_true (isnan (collected.floor[0]));
  /* The floor of steady noise sits at its (pre-emphasised) level. */
  g_assert_cmpfloat_with_epsilon (collected.floor[1], collected.speech[1] + 3.0f, 3.0f);
}

/* Feelings are looked for on the customer's channel only: never on the
 * agent's, and on neither side when nobody knows which is which. */
static void
test_channel_masks (void)
{
  g_assert_cmphex (ressenti_feature_channel_mask (RESSENTI_FEATURE_CHANNELS_CUSTOMER,
                                                  RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, 2), ==, 0x2);
  g_assert_cmphex (ressenti_feature_channel_mask (RESSENTI_FEATURE_CHANNELS_CUSTOMER,
                                                  RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT, 2), ==, 0x1);
  g_assert_cmphex (ressenti_feature_channel_mask (RESSENTI_FEATURE_CHANNELS_CUSTOMER,
                                                  RESSENTI_CHANNEL_LAYOUT_UNKNOWN, 2), ==, 0);
  g_assert_cmphex (ressenti_feature_channel_mask (RESSENTI_FEATURE_CHANNELS_CUSTOMER,
                                                  RESSENTI_CHANNEL_LAYOUT_MONO, 2), ==, 0);
  /* A mono call: cues about the call, attributed to nobody. */
  g_assert_cmphex (ressenti_feature_channel_mask (RESSENTI_FEATURE_CHANNELS_CUSTOMER,
                                                  RESSENTI_CHANNEL_LAYOUT_MONO, 1), ==, 0x1);
  g_assert_cmphex (ressenti_feature_channel_mask (RESSENTI_FEATURE_CHANNELS_ALL,
                                                  RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, 2), ==, 0x3);
  g_assert_cmphex (ressenti_feature_channel_mask (RESSENTI_FEATURE_CHANNELS_ALL,
                                                  RESSENTI_CHANNEL_LAYOUT_MONO, 1), ==, 0x1);
}

/* Digital silence (a muted line): no speech is invented, and the whole
 * recording is one pause. */
static void
test_silence (void)
{
  g_autofree char *dir = ressenti_test_mkdtemp ("analysis-silence");
  g_autofree char *path = g_build_filename (dir, "silence.wav", NULL);
  g_autofree char *description =
    g_strdup_printf ("audiotestsrc wave=silence num-buffers=100 samplesperbuffer=1600 ! "
                     "audio/x-raw,rate=16000,channels=2 ! wavenc ! filesink location=\"%s\"", path);
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(RessentiAnalysisResult) result = NULL;
  const RessentiSpan *pauses;
  guint n;

  ressenti_media_init ();
  pipeline = gst_parse_launch (description, NULL);
  g_assert_nonnull (pipeline);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);

  result = analyse (path, RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT, NULL);
  ressenti_analysis_result_get_turns (result, &n);
  g_assert_cmpuint (n, ==, 0);
  pauses = ressenti_analysis_result_get_pauses (result, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (pauses[0].start_ms, ==, 0);
  g_assert_cmpint (pauses[0].end_ms, ==, 10000);
  ressenti_test_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  static const DemoCase demos[] = {
    { "demo-1.wav", "demo-1.json" },
    { "demo-2.wav", "demo-2.json" },
    { "demo-3.wav", "demo-3.json" },
    { "demo-1-alaw.wav", "demo-1.json" },
    { "demo-1.mp3", "demo-1.json" },
    { "demo-1.opus", "demo-1.json" },
  };

  g_test_init (&argc, &argv, NULL);
  ressenti_test_init_i18n ();
  ressenti_media_init ();

  for (guint i = 0; i < G_N_ELEMENTS (demos); i++)
    {
      g_autofree char *name = g_strdup_printf ("/analysis/demo/%s", demos[i].audio);

      g_test_add_data_func (name, &demos[i], test_demo);
    }
  g_test_add_func ("/analysis/codec/mp3-16kbit", test_low_bitrate_mp3);
  g_test_add_func ("/analysis/codec/opus-24kbit", test_low_bitrate_opus);
  g_test_add_func ("/analysis/codec/opus-12kbit-merged", test_merged_channels);
  g_test_add_func ("/analysis/robustness/typing", test_typing);
  g_test_add_func ("/analysis/robustness/silence", test_silence);
  g_test_add_func ("/analysis/robustness/lost-data", test_lost_data);
  g_test_add_func ("/analysis/layout", test_layouts);
  g_test_add_func ("/analysis/mono", test_mono);
  g_test_add_func ("/analysis/pause-threshold", test_pause_threshold);
  g_test_add_func ("/analysis/navigation", test_navigation);
  g_test_add_func ("/analysis/serialize", test_serialize);
  g_test_add_func ("/analysis/async", test_async);
  g_test_add_func ("/analysis/cancel/async", test_cancel_async);
  g_test_add_func ("/analysis/cancel/sync", test_cancel_sync);
  g_test_add_func ("/analysis/bad-files", test_bad_files);
  g_test_add_func ("/analysis/feature-bank", test_feature_bank);
  g_test_add_func ("/analysis/channel-masks", test_channel_masks);
  g_test_add_func ("/analysis/negative/no-crosstalk-rejection", test_negative_no_crosstalk_rejection);
  g_test_add_func ("/analysis/negative/no-hysteresis", test_negative_no_hysteresis);
  g_test_add_func ("/analysis/negative/no-hangover", test_negative_no_hangover);

  return g_test_run ();
}
