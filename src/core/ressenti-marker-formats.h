/* ressenti-marker-formats.h — a review's markers in files other tools read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four exchange formats, each written so that reading it back gives the
 * same markers (times to the millisecond, sides, entries, intensities,
 * texts):
 *
 * - WebVTT (.vtt): one cue per marker, for any player or subtitle editor;
 * - Audacity labels (.txt): a label track, for listening in Audacity;
 * - CSV (.csv): a table, for spreadsheets;
 * - W3C EmotionML 1.0 (.emotionml): for emotion-aware tools.
 *
 * The exact conventions of each are in README.md ("Markers on the command
 * line") and at the top of ressenti-marker-formats.c.
 *
 * Reading never imports anything: it gives the markers found and the
 * problems met (each with its line), and the caller decides. A file that
 * cannot be read at all (unknown format, binary or too big, no WebVTT
 * signature, not XML, not EmotionML…) is refused with a GError.
 */
#pragma once

#include <glib.h>

#include "ressenti-marker.h"
#include "ressenti-vocabulary.h"

G_BEGIN_DECLS

typedef enum
{
  RESSENTI_MARKER_FORMAT_WEBVTT = 0,
  RESSENTI_MARKER_FORMAT_AUDACITY,
  RESSENTI_MARKER_FORMAT_CSV,
  RESSENTI_MARKER_FORMAT_EMOTIONML,
  RESSENTI_N_MARKER_FORMATS,
  /* For reading: decide from the file's name, then its content. */
  RESSENTI_MARKER_FORMAT_AUTO = -1,
} RessentiMarkerFormat;

#define RESSENTI_MARKER_FORMAT_ERROR (ressenti_marker_format_error_quark ())
GQuark ressenti_marker_format_error_quark (void);

typedef enum
{
  RESSENTI_MARKER_FORMAT_ERROR_READ = 0,   /* the file cannot be read */
  RESSENTI_MARKER_FORMAT_ERROR_UNKNOWN,    /* not one of the four formats */
  RESSENTI_MARKER_FORMAT_ERROR_TOO_BIG,    /* larger than RESSENTI_MARKER_FILE_MAX */
  RESSENTI_MARKER_FORMAT_ERROR_BINARY,     /* not text */
  RESSENTI_MARKER_FORMAT_ERROR_INVALID,    /* the format's rules refuse the whole file */
} RessentiMarkerFormatError;

/* The largest file of markers read, in bytes. */
#define RESSENTI_MARKER_FILE_MAX (8 * 1024 * 1024)

/* "webvtt", "audacity", "csv", "emotionml" (stable, for the command line). */
const char *ressenti_marker_format_to_string   (RessentiMarkerFormat  format);
gboolean    ressenti_marker_format_from_string (const char           *str,
                                                RessentiMarkerFormat *format);
/* The usual file extension, without the dot: "vtt", "txt", "csv",
 * "emotionml". */
const char *ressenti_marker_format_extension   (RessentiMarkerFormat  format);
/* "WebVTT subtitles", "Audacity labels", … (translated). */
const char *ressenti_marker_format_describe    (RessentiMarkerFormat  format);
/* The format a file name's extension says (.vtt, .txt, .csv, .emotionml
 * or .xml), or RESSENTI_MARKER_FORMAT_AUTO when it says none. */
RessentiMarkerFormat ressenti_marker_format_for_name (const char *file_name);

/* Something in a file that kept a marker out, or made the file doubtful. */
typedef struct
{
  guint  line;      /* from 1; 0 when the problem has no line */
  char  *message;   /* a translated sentence */
} RessentiMarkerProblem;

void ressenti_marker_problem_free (RessentiMarkerProblem *problem);

/* What reading a file found. */
typedef struct
{
  RessentiMarkerFormat  format;
  /* RessentiMarker* (no id, no review), in the file's order, each one
   * accepted by ressenti_marker_check() against the vocabulary given. */
  GPtrArray            *markers;
  /* The line where each marker was found (guint), parallel to markers. */
  GArray               *lines;
  /* RessentiMarkerProblem*, by line. Markers with a problem are not in
   * markers. */
  GPtrArray            *problems;
} RessentiMarkerParse;

void ressenti_marker_parse_free (RessentiMarkerParse *parse);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiMarkerParse, ressenti_marker_parse_free)

/* Reads markers from @data (@length bytes, not necessarily
 * NUL-terminated) in @format; with RESSENTI_MARKER_FORMAT_AUTO the format
 * is found from @file_name's extension, else from the content. Entries
 * are found in @vocabulary (by key, EmotionML word, label or French word);
 * a text that names none gives an "other" marker with that text.
 * @file_name (may be NULL) names the file in messages. */
RessentiMarkerParse *ressenti_markers_parse      (const char            *data,
                                                  gsize                  length,
                                                  const char            *file_name,
                                                  RessentiMarkerFormat   format,
                                                  RessentiVocabulary    *vocabulary,
                                                  GError               **error);
/* The same for the file at @path (refused unreadable, not a regular file,
 * or larger than RESSENTI_MARKER_FILE_MAX before it is read). */
RessentiMarkerParse *ressenti_markers_parse_file (const char            *path,
                                                  RessentiMarkerFormat   format,
                                                  RessentiVocabulary    *vocabulary,
                                                  GError               **error);
/* Moves the markers that end after @duration_ms (a call's length) from
 * @parse's markers to its problems. */
void                 ressenti_marker_parse_check_duration (RessentiMarkerParse *parse,
                                                           gint64               duration_ms);

/* Writes @markers (RessentiMarker*, any order: they are written sorted)
 * in @format, labelled from @vocabulary. @media_uri names the call's
 * audio in EmotionML references (a relative URI such as the audio file's
 * name; NULL for "call"). Returns a NUL-terminated UTF-8 text; @length
 * (may be NULL) gets its length. */
char    *ressenti_markers_export            (RessentiMarkerFormat  format,
                                             GPtrArray            *markers,
                                             RessentiVocabulary   *vocabulary,
                                             const char           *media_uri,
                                             gsize                *length);

/* Validates an EmotionML document against the W3C EmotionML 1.0 schema
 * (kept in the core's resources; no network is ever used). Each error is
 * added to @problems (RessentiMarkerProblem*) if given. TRUE when valid. */
gboolean ressenti_emotionml_validate        (const char           *data,
                                             gsize                 length,
                                             GPtrArray            *problems);

G_END_DECLS
