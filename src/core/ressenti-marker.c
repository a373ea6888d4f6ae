/* ressenti-marker.c — one emotion marker of a review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ressenti-marker.h"
#include "ressenti-spoken.h"
#include "ressenti-types.h"

static const char * const side_names[] = { "customer", "agent", "both" };

G_STATIC_ASSERT (G_N_ELEMENTS (side_names) == RESSENTI_N_SIDES);

RessentiMarker *
ressenti_marker_new (gint64        start_ms,
                     RessentiSide  side,
                     const char   *entry_key)
{
  RessentiMarker *marker = g_new0 (RessentiMarker, 1);

  marker->start_ms = start_ms;
  marker->end_ms = -1;
  marker->side = side;
  marker->entry_key = g_strdup (entry_key);
  marker->intensity = RESSENTI_INTENSITY_DEFAULT;
  return marker;
}

RessentiMarker *
ressenti_marker_copy (const RessentiMarker *marker)
{
  RessentiMarker *copy;

  g_return_val_if_fail (marker != NULL, NULL);

  copy = g_new0 (RessentiMarker, 1);
  *copy = *marker;
  copy->id = g_strdup (marker->id);
  copy->review_id = g_strdup (marker->review_id);
  copy->entry_key = g_strdup (marker->entry_key);
  copy->text = g_strdup (marker->text);
  copy->author = g_strdup (marker->author);
  copy->created_at = marker->created_at != NULL ? g_date_time_ref (marker->created_at) : NULL;
  copy->updated_at = marker->updated_at != NULL ? g_date_time_ref (marker->updated_at) : NULL;
  return copy;
}

void
ressenti_marker_free (RessentiMarker *marker)
{
  if (marker == NULL)
    return;
  g_free (marker->id);
  g_free (marker->review_id);
  g_free (marker->entry_key);
  g_free (marker->text);
  g_free (marker->author);
  g_clear_pointer (&marker->created_at, g_date_time_unref);
  g_clear_pointer (&marker->updated_at, g_date_time_unref);
  g_free (marker);
}

G_DEFINE_BOXED_TYPE (RessentiMarker, ressenti_marker, ressenti_marker_copy, ressenti_marker_free)

/* ------------------------------------------------------------------ */
/* Order and sameness                                                  */
/* ------------------------------------------------------------------ */

#define CMP(x, y) G_STMT_START { if ((x) != (y)) return (x) < (y) ? -1 : 1; } G_STMT_END

static int
compare_content (const RessentiMarker *a,
                 const RessentiMarker *b)
{
  int cmp;

  CMP (a->start_ms, b->start_ms);
  CMP (MAX (a->end_ms, -1), MAX (b->end_ms, -1));
  CMP (a->side, b->side);
  if ((cmp = g_strcmp0 (a->entry_key, b->entry_key)) != 0)
    return cmp;
  CMP (a->intensity, b->intensity);
  return g_strcmp0 (a->text, b->text);
}

int
ressenti_marker_compare (const RessentiMarker *a,
                         const RessentiMarker *b)
{
  int cmp = compare_content (a, b);

  return cmp != 0 ? cmp : g_strcmp0 (a->id, b->id);
}

int
ressenti_marker_compare_indirect (gconstpointer a,
                                  gconstpointer b)
{
  return ressenti_marker_compare (*(RessentiMarker * const *) a, *(RessentiMarker * const *) b);
}

gboolean
ressenti_marker_same_content (const RessentiMarker *a,
                              const RessentiMarker *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return compare_content (a, b) == 0;
}

guint
ressenti_marker_content_hash (const RessentiMarker *marker)
{
  guint hash;

  g_return_val_if_fail (marker != NULL, 0);

  hash = g_int64_hash (&marker->start_ms);
  hash = hash * 31 + (guint) MAX (marker->end_ms, -1);
  hash = hash * 31 + (guint) marker->side;
  hash = hash * 31 + (marker->entry_key != NULL ? g_str_hash (marker->entry_key) : 0);
  hash = hash * 31 + (guint) marker->intensity;
  return hash * 31 + (marker->text != NULL ? g_str_hash (marker->text) : 0);
}

/* ------------------------------------------------------------------ */
/* Sides                                                               */
/* ------------------------------------------------------------------ */

const char *
ressenti_side_to_string (RessentiSide side)
{
  g_return_val_if_fail (side < RESSENTI_N_SIDES, side_names[0]);
  return side_names[side];
}

/* "call" is what a marker about the whole of a mono call was written as
 * in earlier libraries: it reads as both sides. */
gboolean
ressenti_side_from_string (const char   *str,
                           RessentiSide *side)
{
  g_return_val_if_fail (side != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (side_names); i++)
    if (g_str_equal (side_names[i], str))
      {
        *side = (RessentiSide) i;
        return TRUE;
      }
  if (g_strcmp0 (str, "call") == 0)
    {
      *side = RESSENTI_SIDE_BOTH;
      return TRUE;
    }
  return FALSE;
}

const char *
ressenti_side_describe (RessentiSide side)
{
  switch (side)
    {
    case RESSENTI_SIDE_AGENT:
      /* Translators: the side of the call an emotion marker is about. */
      return C_("marker side", "agent");
    case RESSENTI_SIDE_BOTH:
      /* Translators: the side of the call an emotion marker is about:
       * the customer and the agent. */
      return C_("marker side", "both sides");
    case RESSENTI_SIDE_CUSTOMER:
    default:
      /* Translators: the side of the call an emotion marker is about. */
      return C_("marker side", "customer");
    }
}

RessentiVocabularyKind
ressenti_side_vocabulary_kind (RessentiSide side)
{
  return side == RESSENTI_SIDE_AGENT ? RESSENTI_VOCABULARY_AGENT_DELIVERY
                                     : RESSENTI_VOCABULARY_CUSTOMER_EMOTION;
}

gboolean
ressenti_side_accepts (RessentiSide                   side,
                       const RessentiVocabularyEntry *entry)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  switch (side)
    {
    case RESSENTI_SIDE_CUSTOMER:
      return entry->kind == RESSENTI_VOCABULARY_CUSTOMER_EMOTION;
    case RESSENTI_SIDE_AGENT:
      return entry->kind == RESSENTI_VOCABULARY_AGENT_DELIVERY;
    case RESSENTI_SIDE_BOTH:
      return TRUE;
    case RESSENTI_N_SIDES:
    default:
      return FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* Checking                                                            */
/* ------------------------------------------------------------------ */

static gboolean
set_invalid (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_invalid (GError     **error,
             const char  *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (RESSENTI_STORE_ERROR,
                                                RESSENTI_STORE_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
check_entry (const RessentiMarker *marker,
             RessentiVocabulary   *vocabulary,
             GError              **error)
{
  const RessentiVocabularyEntry *entry = ressenti_vocabulary_lookup (vocabulary,
                                                                     marker->entry_key);

  if (entry == NULL)
    return set_invalid (error,
                        /* Translators: %s is the key of a vocabulary entry. */
                        _("The vocabulary has no entry “%s”. Choose another word for this marker."),
                        marker->entry_key != NULL ? marker->entry_key : "");
  if (marker->side >= RESSENTI_N_SIDES)
    return set_invalid (error, _("A marker is about the customer, the agent or both sides."));
  if (marker->side == RESSENTI_SIDE_AGENT && !ressenti_side_accepts (marker->side, entry))
    return set_invalid (error,
                        /* Translators: %s is an emotion ("Anger"). */
                        _("“%s” cannot be marked on the agent’s side: a marker about the "
                          "agent says how they speak (warm, rushed…), never what they feel."),
                        entry->label);
  if (!ressenti_side_accepts (marker->side, entry))
    return set_invalid (error,
                        /* Translators: %s is a quality of an agent's delivery ("Rushed"). */
                        _("“%s” describes the agent’s delivery: a marker on the customer’s "
                          "side takes an emotion of the customer."),
                        entry->label);
  return TRUE;
}

static gboolean
check_text (const char  *text,
            GError     **error)
{
  g_autofree char *stripped = NULL;
  glong length;

  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    return set_invalid (error, _("The text of the marker is not valid text."));
  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return set_invalid (error, _("The text of the marker is empty. Write something, or "
                                 "leave the text out."));
  length = g_utf8_strlen (text, -1);
  if (length > RESSENTI_MARKER_TEXT_MAX)
    return set_invalid (error,
                        /* Translators: %1$d is the limit, %2$ld the length of the text. */
                        _("The text of a marker is limited to %1$d characters; this one "
                          "has %2$ld. Shorten it, or record a voice note instead."),
                        RESSENTI_MARKER_TEXT_MAX, length);
  return TRUE;
}

gboolean
ressenti_marker_check (const RessentiMarker  *marker,
                       RessentiVocabulary    *vocabulary,
                       GError               **error)
{
  g_return_val_if_fail (marker != NULL, FALSE);
  g_return_val_if_fail (RESSENTI_IS_VOCABULARY (vocabulary), FALSE);

  if (!check_entry (marker, vocabulary, error))
    return FALSE;
  if (marker->intensity < RESSENTI_INTENSITY_MIN || marker->intensity > RESSENTI_INTENSITY_MAX)
    return set_invalid (error,
                        _("The intensity of a marker is 1 (mild), 2 (moderate) or 3 "
                          "(strong), not %d."),
                        marker->intensity);
  if (marker->start_ms < 0)
    return set_invalid (error, _("A marker cannot start before the beginning of the call."));
  if (marker->end_ms != -1 && marker->end_ms <= marker->start_ms)
    return set_invalid (error, _("A marker that covers a stretch of the call must end "
                                 "after it starts."));
  return check_text (marker->text, error);
}

/* ------------------------------------------------------------------ */
/* Sentences                                                           */
/* ------------------------------------------------------------------ */

static const char *
intensity_word (int intensity)
{
  const char *word = ressenti_intensity_describe (intensity);

  return word != NULL ? word : "";
}

/* "Frustration / annoyance, strong, customer" */
static char *
describe_category (const RessentiMarker *marker,
                   RessentiVocabulary   *vocabulary)
{
  /* Translators: an emotion marker as it is spoken: %1$s is the emotion
   * ("Frustration"), %2$s its intensity ("strong"), %3$s the side
   * ("customer"). */
  return g_strdup_printf (_("%1$s, %2$s, %3$s"),
                          ressenti_vocabulary_get_label (vocabulary, marker->entry_key),
                          intensity_word (marker->intensity),
                          ressenti_side_describe (marker->side));
}

char *
ressenti_marker_describe (const RessentiMarker *marker,
                          RessentiVocabulary   *vocabulary,
                          RessentiMarkerSay     say)
{
  g_autofree char *sentence = NULL;

  g_return_val_if_fail (marker != NULL, NULL);
  g_return_val_if_fail (RESSENTI_IS_VOCABULARY (vocabulary), NULL);

  sentence = describe_category (marker, vocabulary);
  if (say == RESSENTI_MARKER_SAY_CATEGORY)
    return g_steal_pointer (&sentence);

  if (marker->end_ms > marker->start_ms)
    {
      g_autofree char *length = ressenti_spoken_duration (marker->end_ms - marker->start_ms);
      g_autofree char *with_length = NULL;

      /* Translators: a marker that covers a stretch of the call: %1$s is
       * the marker ("Anger, strong, customer"), %2$s how long it lasts
       * ("7 seconds"). */
      with_length = g_strdup_printf (_("%1$s, for %2$s"), sentence, length);
      g_free (sentence);
      sentence = g_steal_pointer (&with_length);
    }
  if (marker->text != NULL)
    {
      g_autofree char *with_text = NULL;

      /* Translators: a marker followed by its text: %1$s is the marker
       * ("Anger, strong, customer"), %2$s the listener's text. */
      with_text = g_strdup_printf (_("%1$s: %2$s"), sentence, marker->text);
      g_free (sentence);
      sentence = g_steal_pointer (&with_text);
    }
  return g_steal_pointer (&sentence);
}

char *
ressenti_marker_describe_placed (const RessentiMarker *marker,
                                 RessentiVocabulary   *vocabulary)
{
  g_autofree char *category = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_return_val_if_fail (marker != NULL, NULL);
  g_return_val_if_fail (RESSENTI_IS_VOCABULARY (vocabulary), NULL);

  category = describe_category (marker, vocabulary);
  start = ressenti_spoken_duration (marker->start_ms);
  if (marker->end_ms <= marker->start_ms)
    /* Translators: a marker just placed: %1$s is the marker ("Anger,
     * strong, customer"), %2$s its time in the call ("2 minutes 13"). */
    return g_strdup_printf (_("%1$s, %2$s"), category, start);
  end = ressenti_spoken_duration (marker->end_ms);
  /* Translators: a marker just placed over a stretch of the call: %1$s
   * is the marker ("Anger, strong, customer"), %2$s its start and %3$s
   * its end ("2 minutes 13", "2 minutes 20"). */
  return g_strdup_printf (_("%1$s, %2$s, to %3$s"), category, start, end);
}

char *
ressenti_marker_describe_row (const RessentiMarker *marker,
                              RessentiVocabulary   *vocabulary)
{
  g_autofree char *when = NULL;
  g_autofree char *label = NULL;
  g_autofree char *row = NULL;

  g_return_val_if_fail (marker != NULL, NULL);
  g_return_val_if_fail (RESSENTI_IS_VOCABULARY (vocabulary), NULL);

  when = ressenti_spoken_duration (marker->start_ms);
  if (marker->end_ms > marker->start_ms)
    {
      g_autofree char *start = g_steal_pointer (&when);
      g_autofree char *end = ressenti_spoken_duration (marker->end_ms);

      /* Translators: the stretch of the call a marker covers, in a list
       * of markers: "2 minutes 13 to 2 minutes 20". */
      when = g_strdup_printf (_("%1$s to %2$s"), start, end);
    }
  label = ressenti_text_lower_first (ressenti_vocabulary_get_label (vocabulary, marker->entry_key));
  /* Translators: a row of the list of markers: %1$s is its time ("2
   * minutes 13"), %2$s the side ("customer"), %3$s the emotion
   * ("frustration"), %4$s the intensity ("strong"). */
  row = g_strdup_printf (_("%1$s, %2$s, %3$s, %4$s"), when, ressenti_side_describe (marker->side),
                         label, intensity_word (marker->intensity));
  if (marker->text == NULL)
    return g_steal_pointer (&row);
  /* Translators: a row of the list of markers followed by the marker's
   * text: %1$s is the row ("2 minutes 13, customer, anger, strong"),
   * %2$s the text. Use the quotation marks of your language. */
  return g_strdup_printf (_("%1$s — “%2$s”"), row, marker->text);
}
