/* ressenti-marker-formats-private.h — what the format readers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ressenti-marker-formats.h"

G_BEGIN_DECLS

/* Adds a problem at @line (from 1; 0 for none). */
void     ressenti_marker_parse_add_problem (RessentiMarkerParse *parse,
                                            guint                line,
                                            const char          *format,
                                            ...) G_GNUC_PRINTF (3, 4);
/* Checks @marker (taken) against @vocabulary: kept in the markers, or
 * reported as a problem at @line. */
void     ressenti_marker_parse_take_marker (RessentiMarkerParse *parse,
                                            RessentiMarker      *marker,
                                            guint                line,
                                            RessentiVocabulary  *vocabulary);

/* Lower case, no accents, no surrounding spaces: for matching words. */
/* "customer", "client", "Conseiller", "les deux"… (any case, accents or
 * not). */
gboolean ressenti_marker_formats_side_from_word      (const char   *word,
                                                      RessentiSide *side);
/* "1"–"3", "strong", "fort", "modérée"… */
gboolean ressenti_marker_formats_intensity_from_word (const char *word,
                                                      int        *intensity);
/* NULL for NULL, empty or blank text; else a copy. */
char    *ressenti_marker_formats_text_or_null        (const char *text);
/* "12.345" (seconds, exactly three decimals). */
char    *ressenti_marker_formats_seconds             (gint64 milliseconds);
/* Reads "12", "12.3456", "12,5" as seconds, rounded to the millisecond;
 * nothing else (no sign, no exponent, no spaces). */
gboolean ressenti_marker_formats_parse_seconds       (const char *text,
                                                      gint64     *milliseconds);

/* EmotionML (ressenti-emotionml.c). */
char    *ressenti_emotionml_write (GPtrArray          *markers,
                                   RessentiVocabulary *vocabulary,
                                   const char         *media_uri);
gboolean ressenti_emotionml_read  (RessentiMarkerParse *parse,
                                   const char          *data,
                                   gsize                length,
                                   const char          *display_name,
                                   RessentiVocabulary  *vocabulary,
                                   GError             **error);

G_END_DECLS
