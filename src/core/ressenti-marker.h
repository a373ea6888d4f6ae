/* ressenti-marker.h — one emotion marker of a review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A marker is a moment (or a span) of the call where a listener heard
 * something: who (the customer, the agent, both), which vocabulary entry,
 * how strong, and an optional short text. Markers belong to one review
 * (one listener's pass over one call); the store keeps them
 * (ressenti-store.h), RessentiReviewSession edits them with undo.
 */
#pragma once

#include <glib-object.h>

#include "ressenti-vocabulary.h"

G_BEGIN_DECLS

typedef enum
{
  RESSENTI_SIDE_CUSTOMER = 0,
  RESSENTI_SIDE_AGENT,
  RESSENTI_SIDE_BOTH,
  RESSENTI_N_SIDES
} RessentiSide;

/* The longest text of a marker, in characters. */
#define RESSENTI_MARKER_TEXT_MAX 500

typedef struct
{
  char         *id;          /* NULL until stored */
  char         *review_id;
  gint64        start_ms;
  gint64        end_ms;      /* -1 for a moment; > start_ms for a span */
  RessentiSide  side;
  char         *entry_key;   /* a RessentiVocabularyEntry key */
  int           intensity;   /* 1–3 */
  char         *text;        /* NULL or non-empty */
  char         *author;      /* login; set by the store */
  GDateTime    *created_at;  /* set by the store */
  GDateTime    *updated_at;
} RessentiMarker;

#define RESSENTI_TYPE_MARKER (ressenti_marker_get_type ())
GType           ressenti_marker_get_type (void);
/* A moment at @start_ms, intensity RESSENTI_INTENSITY_DEFAULT, no text. */
RessentiMarker *ressenti_marker_new      (gint64                start_ms,
                                          RessentiSide          side,
                                          const char           *entry_key);
RessentiMarker *ressenti_marker_copy     (const RessentiMarker *marker);
void            ressenti_marker_free     (RessentiMarker       *marker);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiMarker, ressenti_marker_free)

/* Sort order of markers everywhere: start, then end (moments first), then
 * side, entry key, intensity and text, so that equal markers are next to
 * each other, and last the id (a total order). For g_ptr_array_sort()
 * (arguments are RessentiMarker**). */
int             ressenti_marker_compare_indirect (gconstpointer a,
                                                  gconstpointer b);
int             ressenti_marker_compare          (const RessentiMarker *a,
                                                  const RessentiMarker *b);
/* TRUE when @a and @b say the same thing (times, side, entry, intensity,
 * text), whatever their ids, authors and dates: how importers recognise a
 * marker that is already there. */
gboolean        ressenti_marker_same_content     (const RessentiMarker *a,
                                                  const RessentiMarker *b);
/* A hash of what ressenti_marker_same_content() compares, for hash tables
 * of markers (g_hash_table_new (hash, same_content) with casts). */
guint           ressenti_marker_content_hash     (const RessentiMarker *marker);
/* The checks the store makes before writing @marker: its entry exists in
 * @vocabulary and its side accepts it, intensity 1–3, start ≥ 0, end -1
 * or after the start, text NULL or non-blank, valid UTF-8, at most
 * RESSENTI_MARKER_TEXT_MAX characters. Fails with
 * RESSENTI_STORE_ERROR_INVALID and a translated sentence. */
gboolean        ressenti_marker_check            (const RessentiMarker  *marker,
                                                  RessentiVocabulary    *vocabulary,
                                                  GError               **error);

/* "customer", "agent", "both" (stable, for files). */
const char     *ressenti_side_to_string   (RessentiSide  side);
gboolean        ressenti_side_from_string (const char   *str,
                                           RessentiSide *side);
/* "customer", "agent", "both sides" (translated). */
const char     *ressenti_side_describe    (RessentiSide  side);
/* The kind of entry a marker on @side may use: agent → delivery, anything
 * else → customer emotion. */
RessentiVocabularyKind ressenti_side_vocabulary_kind (RessentiSide side);
/* Whether @entry may be used on @side (agent side: delivery entries only;
 * customer side: customer emotions only; both sides: either). */
gboolean        ressenti_side_accepts      (RessentiSide                   side,
                                            const RessentiVocabularyEntry *entry);

/* How much a marker says when it is spoken. */
typedef enum
{
  RESSENTI_MARKER_SAY_CATEGORY = 0,  /* "Frustration, strong, customer" */
  RESSENTI_MARKER_SAY_FULL,          /* … and its span and text */
} RessentiMarkerSay;

/* The sentence for a marker reached during playback. */
char           *ressenti_marker_describe         (const RessentiMarker *marker,
                                                  RessentiVocabulary   *vocabulary,
                                                  RessentiMarkerSay     say);
/* The terse confirmation of a placed or changed marker, with its time:
 * "Frustration, strong, customer, 2 minutes 13". */
char           *ressenti_marker_describe_placed  (const RessentiMarker *marker,
                                                  RessentiVocabulary   *vocabulary);
/* A row of the markers list: "2 minutes 13, customer, frustration, strong
 * — “voice rises when the refund is refused”". */
char           *ressenti_marker_describe_row     (const RessentiMarker *marker,
                                                  RessentiVocabulary   *vocabulary);

G_END_DECLS
