/* ressenti-analysis-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An immutable, reference-counted result once built: the worker thread
 * builds it, then any thread may read it.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ressenti-analysis-private.h"

#define FORMAT_VERSION 1

struct _RessentiAnalysisResult
{
  RessentiChannelLayout layout;
  guint                 n_channels;
  gint64                duration_ms;
  guint                 pause_threshold_ms;
  GArray               *turns;      /* RessentiTurn */
  GArray               *pauses;     /* RessentiSpan */
  GArray               *overlaps;   /* RessentiSpan */
};

G_DEFINE_QUARK (ressenti-analysis-error-quark, ressenti_analysis_error)
G_DEFINE_BOXED_TYPE (RessentiAnalysisResult, ressenti_analysis_result,
                     ressenti_analysis_result_ref, ressenti_analysis_result_unref)

static const char * const speaker_names[] = {
  "speech", "agent", "customer", "left", "right",
};

const char *
ressenti_speaker_to_string (RessentiSpeaker speaker)
{
  g_return_val_if_fail (speaker < G_N_ELEMENTS (speaker_names), "speech");
  return speaker_names[speaker];
}

const char *
ressenti_speaker_describe (RessentiSpeaker speaker)
{
  switch (speaker)
    {
    case RESSENTI_SPEAKER_AGENT:
      return _("Agent");
    case RESSENTI_SPEAKER_CUSTOMER:
      return _("Customer");
    case RESSENTI_SPEAKER_LEFT:
      return _("Left channel");
    case RESSENTI_SPEAKER_RIGHT:
      return _("Right channel");
    case RESSENTI_SPEAKER_SPEECH:
    default:
      return _("Speech");
    }
}

RessentiAnalysisResult *
ressenti_analysis_result_new (RessentiChannelLayout layout,
                              guint                 n_channels,
                              gint64                duration_ms,
                              guint                 pause_threshold_ms)
{
  RessentiAnalysisResult *result = g_atomic_rc_box_new0 (RessentiAnalysisResult);

  result->layout = layout;
  result->n_channels = n_channels;
  result->duration_ms = duration_ms;
  result->pause_threshold_ms = pause_threshold_ms;
  result->turns = g_array_new (FALSE, TRUE, sizeof (RessentiTurn));
  result->pauses = g_array_new (FALSE, TRUE, sizeof (RessentiSpan));
  result->overlaps = g_array_new (FALSE, TRUE, sizeof (RessentiSpan));
  return result;
}

static void
result_clear (RessentiAnalysisResult *result)
{
  g_clear_pointer (&result->turns, g_array_unref);
  g_clear_pointer (&result->pauses, g_array_unref);
  g_clear_pointer (&result->overlaps, g_array_unref);
}

RessentiAnalysisResult *
ressenti_analysis_result_ref (RessentiAnalysisResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return g_atomic_rc_box_acquire (result);
}

void
ressenti_analysis_result_unref (RessentiAnalysisResult *result)
{
  g_return_if_fail (result != NULL);
  g_atomic_rc_box_release_full (result, (GDestroyNotify) result_clear);
}

void
ressenti_analysis_result_add_turn (RessentiAnalysisResult *result,
                                   const RessentiTurn     *turn)
{
  g_array_append_vals (result->turns, turn, 1);
}

void
ressenti_analysis_result_add_pause (RessentiAnalysisResult *result,
                                    gint64                  start_ms,
                                    gint64                  end_ms)
{
  RessentiSpan span = { start_ms, end_ms };

  g_array_append_val (result->pauses, span);
}

void
ressenti_analysis_result_add_overlap (RessentiAnalysisResult *result,
                                      gint64                  start_ms,
                                      gint64                  end_ms)
{
  RessentiSpan span = { start_ms, end_ms };

  g_array_append_val (result->overlaps, span);
}

RessentiChannelLayout
ressenti_analysis_result_get_layout (const RessentiAnalysisResult *result)
{
  return result->layout;
}

guint
ressenti_analysis_result_get_n_channels (const RessentiAnalysisResult *result)
{
  return result->n_channels;
}

gint64
ressenti_analysis_result_get_duration_ms (const RessentiAnalysisResult *result)
{
  return result->duration_ms;
}

guint
ressenti_analysis_result_get_pause_threshold_ms (const RessentiAnalysisResult *result)
{
  return result->pause_threshold_ms;
}

const RessentiTurn *
ressenti_analysis_result_get_turns (const RessentiAnalysisResult *result,
                                    guint                        *n_turns)
{
  if (n_turns != NULL)
    *n_turns = result->turns->len;
  return (const RessentiTurn *) result->turns->data;
}

const RessentiSpan *
ressenti_analysis_result_get_pauses (const RessentiAnalysisResult *result,
                                     guint                        *n_pauses)
{
  if (n_pauses != NULL)
    *n_pauses = result->pauses->len;
  return (const RessentiSpan *) result->pauses->data;
}

const RessentiSpan *
ressenti_analysis_result_get_overlaps (const RessentiAnalysisResult *result,
                                       guint                        *n_overlaps)
{
  if (n_overlaps != NULL)
    *n_overlaps = result->overlaps->len;
  return (const RessentiSpan *) result->overlaps->data;
}

/* Navigation -------------------------------------------------------------- */

/* Both element types start with start_ms, so one search serves both. */
static int
find_start (const GArray *array,
            gint64        position_ms,
            gboolean      forward)
{
  gsize size = g_array_get_element_size ((GArray *) array);

  if (forward)
    {
      for (guint i = 0; i < array->len; i++)
        if (*(const gint64 *) (array->data + i * size) > position_ms)
          return (int) i;
      return -1;
    }

  for (guint i = array->len; i > 0; i--)
    if (*(const gint64 *) (array->data + (i - 1) * size) < position_ms)
      return (int) i - 1;
  return -1;
}

int
ressenti_analysis_result_next_turn (const RessentiAnalysisResult *result,
                                    gint64                        position_ms)
{
  return find_start (result->turns, position_ms, TRUE);
}

int
ressenti_analysis_result_previous_turn (const RessentiAnalysisResult *result,
                                        gint64                        position_ms)
{
  return find_start (result->turns, position_ms, FALSE);
}

int
ressenti_analysis_result_next_pause (const RessentiAnalysisResult *result,
                                     gint64                        position_ms)
{
  return find_start (result->pauses, position_ms, TRUE);
}

int
ressenti_analysis_result_previous_pause (const RessentiAnalysisResult *result,
                                         gint64                        position_ms)
{
  return find_start (result->pauses, position_ms, FALSE);
}

/* Serialisation ----------------------------------------------------------- */

static GVariant *
spans_to_variant (const GArray *spans)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(uu)"));
  for (guint i = 0; i < spans->len; i++)
    {
      const RessentiSpan *span = &g_array_index (spans, RessentiSpan, i);

      g_variant_builder_add (&builder, "(uu)", (guint32) span->start_ms, (guint32) span->end_ms);
    }
  return g_variant_builder_end (&builder);
}

static GVariant *
result_to_variant (const RessentiAnalysisResult *result)
{
  GVariantBuilder turns;

  g_variant_builder_init (&turns, G_VARIANT_TYPE ("a(uuyyy)"));
  for (guint i = 0; i < result->turns->len; i++)
    {
      const RessentiTurn *turn = &g_array_index (result->turns, RessentiTurn, i);

      g_variant_builder_add (&turns, "(uuyyy)", (guint32) turn->start_ms, (guint32) turn->end_ms,
                             (guint8) turn->speaker, (guint8) turn->channel,
                             (guint8) (turn->overlap ? 1 : 0));
    }

  return g_variant_new ("(yuyyuu@a(uuyyy)@a(uu)@a(uu))",
                        (guint8) FORMAT_VERSION, (guint32) RESSENTI_ANALYSIS_ALGORITHM_VERSION,
                        (guint8) result->layout, (guint8) result->n_channels,
                        (guint32) result->duration_ms, (guint32) result->pause_threshold_ms,
                        g_variant_builder_end (&turns),
                        spans_to_variant (result->pauses),
                        spans_to_variant (result->overlaps));
}

GBytes *
ressenti_analysis_result_serialize (const RessentiAnalysisResult *result)
{
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GVariant) normal = NULL;

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (result->duration_ms >= 0 && result->duration_ms <= G_MAXUINT32, NULL);

  variant = g_variant_ref_sink (result_to_variant (result));
  /* Stored little-endian whatever the machine, so that a library on a
   * shared server reads the same on every architecture. */
  if (G_BYTE_ORDER == G_BIG_ENDIAN)
    normal = g_variant_byteswap (variant);
  else
    normal = g_variant_get_normal_form (variant);
  return g_variant_get_data_as_bytes (normal);
}

static gboolean
invalid (GError     **error,
         const char  *why)
{
  g_set_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_INVALID_DATA,
               "Malformed analysis data: %s", why);
  return FALSE;
}

static gboolean
read_spans (GVariant     *array,
            GArray       *spans,
            guint32       duration_ms,
            GError      **error)
{
  GVariantIter iter;
  guint32 start, end;

  g_variant_iter_init (&iter, array);
  while (g_variant_iter_next (&iter, "(uu)", &start, &end))
    {
      RessentiSpan span = { start, end };

      if (start > end || end > duration_ms)
        return invalid (error, "span out of range");
      g_array_append_val (spans, span);
    }
  return TRUE;
}

static gboolean
read_turns (GVariant               *array,
            RessentiAnalysisResult *result,
            GError                **error)
{
  GVariantIter iter;
  guint32 start, end;
  guint8 speaker, channel, flags;

  g_variant_iter_init (&iter, array);
  while (g_variant_iter_next (&iter, "(uuyyy)", &start, &end, &speaker, &channel, &flags))
    {
      RessentiTurn turn = { start, end, speaker, channel, (flags & 1) != 0 };

      if (start > end || end > result->duration_ms)
        return invalid (error, "turn out of range");
      if (speaker > RESSENTI_SPEAKER_RIGHT || channel >= result->n_channels || flags > 1)
        return invalid (error, "unknown speaker, channel or flag");
      g_array_append_val (result->turns, turn);
    }
  return TRUE;
}

RessentiAnalysisResult *
ressenti_analysis_result_deserialize (GBytes  *bytes,
                                      GError **error)
{
  g_autoptr(GVariant) stored = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GVariant) turns = NULL;
  g_autoptr(GVariant) pauses = NULL;
  g_autoptr(GVariant) overlaps = NULL;
  g_autoptr(RessentiAnalysisResult) result = NULL;
  guint8 format, layout, n_channels;
  guint32 algorithm, duration, threshold;

  g_return_val_if_fail (bytes != NULL, NULL);

  stored = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (RESSENTI_ANALYSIS_RESULT_VARIANT_TYPE),
                                                         bytes, FALSE));
  variant = G_BYTE_ORDER == G_BIG_ENDIAN ? g_variant_byteswap (stored) : g_variant_ref (stored);
  /* GVariant reads any bytes safely, but data that is not in normal form
   * was not written by ressenti_analysis_result_serialize(). */
  if (!g_variant_is_normal_form (variant))
    {
      invalid (error, "not a serialised analysis");
      return NULL;
    }

  g_variant_get (variant, "(yuyyuu@a(uuyyy)@a(uu)@a(uu))", &format, &algorithm, &layout,
                 &n_channels, &duration, &threshold, &turns, &pauses, &overlaps);
  if (format != FORMAT_VERSION)
    {
      invalid (error, "unknown format version");
      return NULL;
    }
  if (algorithm != RESSENTI_ANALYSIS_ALGORITHM_VERSION)
    {
      g_set_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_OUTDATED,
                   "Analysis made by algorithm version %u, this is version %u",
                   algorithm, RESSENTI_ANALYSIS_ALGORITHM_VERSION);
      return NULL;
    }
  if (layout > RESSENTI_CHANNEL_LAYOUT_MONO || n_channels < 1 || n_channels > 2)
    {
      invalid (error, "unknown layout or channel count");
      return NULL;
    }

  result = ressenti_analysis_result_new (layout, n_channels, duration, threshold);
  if (!read_turns (turns, result, error) ||
      !read_spans (pauses, result->pauses, duration, error) ||
      !read_spans (overlaps, result->overlaps, duration, error))
    return NULL;
  return g_steal_pointer (&result);
}

static gboolean
arrays_equal (const GArray *a,
              const GArray *b)
{
  gsize size = g_array_get_element_size ((GArray *) a);

  return a->len == b->len && memcmp (a->data, b->data, a->len * size) == 0;
}

gboolean
ressenti_analysis_result_equal (const RessentiAnalysisResult *a,
                                const RessentiAnalysisResult *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->layout != b->layout || a->n_channels != b->n_channels ||
      a->duration_ms != b->duration_ms || a->pause_threshold_ms != b->pause_threshold_ms ||
      a->turns->len != b->turns->len)
    return FALSE;

  /* Turns are compared field by field: their padding is not data. */
  for (guint i = 0; i < a->turns->len; i++)
    {
      const RessentiTurn *x = &g_array_index (a->turns, RessentiTurn, i);
      const RessentiTurn *y = &g_array_index (b->turns, RessentiTurn, i);

      if (x->start_ms != y->start_ms || x->end_ms != y->end_ms || x->speaker != y->speaker ||
          x->channel != y->channel || !x->overlap != !y->overlap)
        return FALSE;
    }
  return arrays_equal (a->pauses, b->pauses) && arrays_equal (a->overlaps, b->overlaps);
}

char *
ressenti_analysis_result_to_string (const RessentiAnalysisResult *result)
{
  g_autoptr(GVariant) variant = g_variant_ref_sink (result_to_variant (result));

  return g_variant_print (variant, FALSE);
}
