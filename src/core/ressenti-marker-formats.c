/* ressenti-marker-formats.c — markers in WebVTT, Audacity labels and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The conventions, exactly (README.md says the same for users):
 *
 * Times are milliseconds in the app. Files hold seconds with a decimal
 * point ("12.345"), WebVTT its own "00:00:12.345".
 *
 * WebVTT. "WEBVTT" header, a NOTE saying what the file is, then one cue
 * per marker in time order:
 *
 *     ressenti-3 side=customer entry=anger intensity=3 kind=span text=la%20voix%20monte
 *     00:01:02.500 --> 00:01:09.000
 *     <v Client>Anger, strong: la voix monte</v>
 *
 * The identifier holds the marker exactly (fields name=value, values
 * percent-encoded, UTF-8 kept), so that reading the file back gives the
 * same markers; it is what is read back when present. A moment
 * (kind=moment) gets a one-second cue, cut short at the next marker's
 * start. The voice is "Client" (customer), "Conseiller" (agent) or
 * "Client et conseiller" (both), the text is for people and players. A cue
 * without a Ressenti identifier is read from its voice (Client/Customer,
 * Conseiller/Agent, …; customer when there is none) and its text: an
 * entry's label, key or French word, optionally followed by ", intensity"
 * and ": text"; a text that names no entry gives an "other" marker with
 * that text. A cue that lasts 0 s is a moment. The reader follows the W3C
 * WebVTT parser (signature, blocks, timestamps); cues it drops are
 * reported with their line, and so are cues that end before they start
 * and blocks that are neither cues nor NOTE/STYLE/REGION blocks.
 *
 * Audacity labels. One line per marker: start TAB end TAB label, seconds
 * with six decimals as Audacity writes them; a moment has end = start.
 * The label is "Entry label | intensity | side | text", the side as in
 * WebVTT, the text's backslashes, tabs and line breaks written \\, \t,
 * \n. Reading accepts a label of one field ("colère"), any number of
 * decimals, a decimal comma, and skips the frequency lines ("\" TAB low
 * TAB high) Audacity writes after labels of spectral selections.
 *
 * CSV (RFC 4180). Header row "start,end,side,entry,label,intensity,text",
 * comma separated, CRLF line ends, fields quoted when they hold a comma,
 * semicolon, quote, line break or outer space. end is empty for a moment;
 * side is customer, agent or both; entry the vocabulary key (label is for
 * people). A text or label beginning with = + - @ TAB CR or ' gets a '
 * in front so that spreadsheets never run it as a formula; reading
 * removes it. Reading finds the separator (, or ;) from the header,
 * accepts columns in any order and French names (début, fin, côté,
 * entrée, libellé, intensité, texte), decimal commas, a UTF-8 BOM, and
 * Windows-1252 files (French Excel).
 *
 * Every marker read is checked as the store would check it
 * (ressenti_marker_check()); one that fails is a problem, not a marker.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ressenti-marker-formats-private.h"
#include "ressenti-spoken.h"
#include "ressenti-types.h"

G_DEFINE_QUARK (ressenti-marker-format-error-quark, ressenti_marker_format_error)

/* The moment's cue in WebVTT. */
#define MOMENT_CUE_MS 1000
#define WEBVTT_ID_PREFIX "ressenti-"

/* Voices (WebVTT) and side words (Audacity): French, as the listeners
 * say them; fixed, not translated, so that files read the same
 * everywhere. */
static const char * const side_voices[] = { "Client", "Conseiller", "Client et conseiller" };

static const char * const format_names[] = { "webvtt", "audacity", "csv", "emotionml" };
static const char * const format_extensions[] = { "vtt", "txt", "csv", "emotionml" };

G_STATIC_ASSERT (G_N_ELEMENTS (side_voices) == RESSENTI_N_SIDES);
G_STATIC_ASSERT (G_N_ELEMENTS (format_names) == RESSENTI_N_MARKER_FORMATS);
G_STATIC_ASSERT (G_N_ELEMENTS (format_extensions) == RESSENTI_N_MARKER_FORMATS);

/* ------------------------------------------------------------------ */
/* Formats                                                             */
/* ------------------------------------------------------------------ */

static gboolean
format_is_valid (RessentiMarkerFormat format)
{
  return format >= 0 && format < RESSENTI_N_MARKER_FORMATS;
}

const char *
ressenti_marker_format_to_string (RessentiMarkerFormat format)
{
  g_return_val_if_fail (format_is_valid (format), NULL);
  return format_names[format];
}

gboolean
ressenti_marker_format_from_string (const char           *str,
                                    RessentiMarkerFormat *format)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (str, format_names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  if (str != NULL && g_ascii_strcasecmp (str, "vtt") == 0)
    {
      *format = RESSENTI_MARKER_FORMAT_WEBVTT;
      return TRUE;
    }
  return FALSE;
}

const char *
ressenti_marker_format_extension (RessentiMarkerFormat format)
{
  g_return_val_if_fail (format_is_valid (format), NULL);
  return format_extensions[format];
}

const char *
ressenti_marker_format_describe (RessentiMarkerFormat format)
{
  switch (format)
    {
    case RESSENTI_MARKER_FORMAT_WEBVTT:
      /* Translators: a file format for markers. */
      return _("WebVTT subtitles");
    case RESSENTI_MARKER_FORMAT_AUDACITY:
      /* Translators: a file format for markers (Audacity's label track). */
      return _("Audacity labels");
    case RESSENTI_MARKER_FORMAT_CSV:
      /* Translators: a file format for markers (a spreadsheet table). */
      return _("CSV table");
    case RESSENTI_MARKER_FORMAT_EMOTIONML:
      /* Translators: a file format for markers (the W3C standard). */
      return _("EmotionML");
    case RESSENTI_N_MARKER_FORMATS:
    case RESSENTI_MARKER_FORMAT_AUTO:
    default:
      g_return_val_if_reached (NULL);
    }
}

RessentiMarkerFormat
ressenti_marker_format_for_name (const char *file_name)
{
  const char *dot;

  if (file_name == NULL)
    return RESSENTI_MARKER_FORMAT_AUTO;
  dot = strrchr (file_name, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return RESSENTI_MARKER_FORMAT_AUTO;
  dot++;
  if (g_ascii_strcasecmp (dot, "vtt") == 0 || g_ascii_strcasecmp (dot, "webvtt") == 0)
    return RESSENTI_MARKER_FORMAT_WEBVTT;
  if (g_ascii_strcasecmp (dot, "txt") == 0)
    return RESSENTI_MARKER_FORMAT_AUDACITY;
  if (g_ascii_strcasecmp (dot, "csv") == 0)
    return RESSENTI_MARKER_FORMAT_CSV;
  if (g_ascii_strcasecmp (dot, "emotionml") == 0 || g_ascii_strcasecmp (dot, "xml") == 0)
    return RESSENTI_MARKER_FORMAT_EMOTIONML;
  return RESSENTI_MARKER_FORMAT_AUTO;
}

/* ------------------------------------------------------------------ */
/* Results                                                             */
/* ------------------------------------------------------------------ */

void
ressenti_marker_problem_free (RessentiMarkerProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

static RessentiMarkerParse *
parse_new (RessentiMarkerFormat format)
{
  RessentiMarkerParse *parse = g_new0 (RessentiMarkerParse, 1);

  parse->format = format;
  parse->markers = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_free);
  parse->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  parse->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_problem_free);
  return parse;
}

void
ressenti_marker_parse_free (RessentiMarkerParse *parse)
{
  if (parse == NULL)
    return;
  g_ptr_array_unref (parse->markers);
  g_array_unref (parse->lines);
  g_ptr_array_unref (parse->problems);
  g_free (parse);
}

void
ressenti_marker_parse_add_problem (RessentiMarkerParse *parse,
                                   guint                line,
                                   const char          *format,
                                   ...)
{
  RessentiMarkerProblem *problem = g_new0 (RessentiMarkerProblem, 1);
  va_list args;

  va_start (args, format);
  problem->line = line;
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (parse->problems, problem);
}

void
ressenti_marker_parse_take_marker (RessentiMarkerParse *parse,
                                   RessentiMarker      *marker,
                                   guint                line,
                                   RessentiVocabulary  *vocabulary)
{
  g_autoptr(GError) error = NULL;

  if (!ressenti_marker_check (marker, vocabulary, &error))
    {
      ressenti_marker_parse_add_problem (parse, line, "%s", error->message);
      ressenti_marker_free (marker);
      return;
    }
  g_ptr_array_add (parse->markers, marker);
  g_array_append_val (parse->lines, line);
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const RessentiMarkerProblem *pa = *(RessentiMarkerProblem * const *) a;
  const RessentiMarkerProblem *pb = *(RessentiMarkerProblem * const *) b;

  return (pa->line > pb->line) - (pa->line < pb->line);
}

void
ressenti_marker_parse_check_duration (RessentiMarkerParse *parse,
                                      gint64               duration_ms)
{
  g_return_if_fail (parse != NULL);

  for (guint i = 0; i < parse->markers->len;)
    {
      RessentiMarker *marker = g_ptr_array_index (parse->markers, i);
      gint64 last = MAX (marker->start_ms, marker->end_ms);

      if (duration_ms >= 0 && last > duration_ms)
        {
          g_autofree char *at = ressenti_marker_formats_seconds (last);
          g_autofree char *length = ressenti_marker_formats_seconds (duration_ms);

          ressenti_marker_parse_add_problem (parse, g_array_index (parse->lines, guint, i),
                                             /* Translators: %1$s and %2$s are times in
                                              * seconds ("75.250"). */
                                             _("This marker reaches %1$s s, after the end of the "
                                               "call (%2$s s)."),
                                             at, length);
          g_ptr_array_remove_index (parse->markers, i);
          g_array_remove_index (parse->lines, i);
          continue;
        }
      i++;
    }
  g_ptr_array_sort (parse->problems, compare_problems);
}

/* ------------------------------------------------------------------ */
/* Words, numbers, times                                               */
/* ------------------------------------------------------------------ */

static gboolean
folded_in (const char         *folded,
           const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_equal (folded, words[i]))
      return TRUE;
  return FALSE;
}

gboolean
ressenti_marker_formats_side_from_word (const char   *word,
                                        RessentiSide *side)
{
  /* Folded: lower case, no accents. */
  static const char * const customer[] = { "customer", "client", "cliente", "caller",
                                           "appelant", "appelante", NULL };
  static const char * const agent[] = { "agent", "conseiller", "conseillere", "advisor",
                                        "adviser", "operator", "operateur", "operatrice", NULL };
  static const char * const both[] = { "both", "both sides", "les deux", "deux",
                                       "client et conseiller", "customer and agent",
                                       "conseiller et client", "agent and customer", NULL };
  g_autofree char *folded = ressenti_text_fold (word);

  if (folded_in (folded, customer))
    *side = RESSENTI_SIDE_CUSTOMER;
  else if (folded_in (folded, agent))
    *side = RESSENTI_SIDE_AGENT;
  else if (folded_in (folded, both))
    *side = RESSENTI_SIDE_BOTH;
  else
    return FALSE;
  return TRUE;
}

gboolean
ressenti_marker_formats_intensity_from_word (const char *word,
                                             int        *intensity)
{
  static const char * const words[3][6] = {
    { "mild", "low", "leger", "legere", "faible", NULL },
    { "moderate", "medium", "modere", "moderee", "moyen", "moyenne" },
    { "strong", "high", "fort", "forte", "intense", NULL },
  };
  g_autofree char *folded = ressenti_text_fold (word);

  if (strlen (folded) == 1 && folded[0] >= '1' && folded[0] <= '3')
    {
      *intensity = folded[0] - '0';
      return TRUE;
    }
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *translated = ressenti_text_fold (ressenti_intensity_describe (i + 1));

      if (g_str_equal (folded, translated))
        {
          *intensity = i + 1;
          return TRUE;
        }
      for (int j = 0; j < 6 && words[i][j] != NULL; j++)
        if (g_str_equal (folded, words[i][j]))
          {
            *intensity = i + 1;
            return TRUE;
          }
    }
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

char *
ressenti_marker_formats_text_or_null (const char *text)
{
  if (text == NULL || is_blank (text))
    return NULL;
  return g_strdup (text);
}

char *
ressenti_marker_formats_seconds (gint64 milliseconds)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%03d", milliseconds / 1000,
                          (int) (milliseconds % 1000));
}

gboolean
ressenti_marker_formats_parse_seconds (const char *text,
                                       gint64     *milliseconds)
{
  gint64 seconds = 0;
  gint64 fraction = 0;
  int n_decimals = 0;
  gboolean round_up = FALSE;
  const char *p = text;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      seconds = seconds * 10 + (*p - '0');
      if (seconds > G_MAXINT64 / 10000)
        return FALSE;
    }
  if (*p == '.' || *p == ',')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      for (; g_ascii_isdigit (*p); p++, n_decimals++)
        {
          if (n_decimals < 3)
            fraction = fraction * 10 + (*p - '0');
          else if (n_decimals == 3)
            round_up = *p >= '5';
        }
    }
  if (*p != '\0')
    return FALSE;
  for (; n_decimals < 3; n_decimals++)
    fraction *= 10;
  *milliseconds = seconds * 1000 + fraction + (round_up ? 1 : 0);
  return TRUE;
}

static char *
display_name_for (const char *file_name)
{
  if (file_name == NULL)
    /* Translators: how a file of markers is named in messages when its
     * name is not known. */
    return g_strdup (_("the file"));
  return g_filename_display_basename (file_name);
}

/* The side's fixed word (WebVTT voice, Audacity field). */
static const char *
side_voice (RessentiSide side)
{
  return side >= 0 && side < RESSENTI_N_SIDES ? side_voices[side] : side_voices[0];
}

/* ------------------------------------------------------------------ */
/* Finding the entry a text names                                      */
/* ------------------------------------------------------------------ */

/* Sets @marker's entry, intensity and text from a text written by a
 * person or another tool: "Colère", "Anger, strong: raised voice",
 * "colère: il hausse le ton". What names no entry gives "other" with the
 * whole text. */
static void
marker_from_free_text (RessentiMarker     *marker,
                       const char         *text,
                       RessentiVocabulary *vocabulary)
{
  const RessentiVocabularyEntry *entry;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *head = NULL;
  const char *rest = NULL;
  const char *colon;
  const char *newline;

  g_clear_pointer (&marker->entry_key, g_free);
  g_clear_pointer (&marker->text, g_free);

  entry = ressenti_vocabulary_match_text (vocabulary, trimmed);
  if (entry != NULL)
    {
      marker->entry_key = g_strdup (entry->key);
      return;
    }

  /* "head: rest" or "head\nrest". */
  colon = strchr (trimmed, ':');
  newline = strchr (trimmed, '\n');
  if (newline != NULL && (colon == NULL || newline < colon))
    colon = newline;
  head = colon != NULL ? g_strndup (trimmed, colon - trimmed) : g_strdup (trimmed);
  if (colon != NULL)
    rest = colon + 1;
  g_strstrip (head);

  entry = ressenti_vocabulary_match_text (vocabulary, head);
  if (entry == NULL)
    {
      /* "Anger, strong" */
      char *comma = strrchr (head, ',');
      int intensity;

      if (comma != NULL && ressenti_marker_formats_intensity_from_word (comma + 1, &intensity))
        {
          g_autofree char *label = g_strndup (head, comma - head);

          entry = ressenti_vocabulary_match_text (vocabulary, label);
          if (entry != NULL)
            marker->intensity = intensity;
        }
    }
  if (entry != NULL)
    {
      g_autofree char *rest_copy = rest != NULL ? g_strstrip (g_strdup (rest)) : NULL;

      marker->entry_key = g_strdup (entry->key);
      marker->text = ressenti_marker_formats_text_or_null (rest_copy);
      return;
    }

  marker->entry_key = g_strdup (RESSENTI_VOCABULARY_OTHER);
  marker->text = ressenti_marker_formats_text_or_null (trimmed);
}

/* ------------------------------------------------------------------ */
/* Reading files                                                       */
/* ------------------------------------------------------------------ */

static gboolean
looks_like_seconds (const char *field)
{
  gint64 ms;
  g_autofree char *copy = g_strstrip (g_strdup (field));

  return ressenti_marker_formats_parse_seconds (copy, &ms);
}

/* The format of text that has no telling extension. */
static RessentiMarkerFormat
sniff_format (const char *text)
{
  const char *p = text;
  g_autofree char *first_line = NULL;
  g_autofree char *folded = NULL;
  const char *end;

  if (g_str_has_prefix (text, "WEBVTT"))
    return RESSENTI_MARKER_FORMAT_WEBVTT;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '<')
    return RESSENTI_MARKER_FORMAT_EMOTIONML;

  end = strpbrk (text, "\r\n");
  first_line = end != NULL ? g_strndup (text, end - text) : g_strdup (text);
  if (strchr (first_line, '\t') != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (first_line, "\t", 3);

      if (looks_like_seconds (fields[0]))
        return RESSENTI_MARKER_FORMAT_AUDACITY;
    }
  folded = ressenti_text_fold (first_line);
  if ((strchr (folded, ',') != NULL || strchr (folded, ';') != NULL) &&
      (strstr (folded, "start") != NULL || strstr (folded, "debut") != NULL))
    return RESSENTI_MARKER_FORMAT_CSV;
  return RESSENTI_MARKER_FORMAT_AUTO;
}

static void
set_not_text_error (GError    **error,
                    const char *display)
{
  g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_BINARY,
               /* Translators: %s is a file name. */
               _("“%s” is not a text file: it cannot hold markers."), display);
}

/* The file's text as UTF-8 without a byte order mark, or NULL. */
static char *
decode_text (const char            *data,
             gsize                  length,
             RessentiMarkerFormat   format,
             const char            *display,
             GError               **error)
{
  g_autofree char *converted = NULL;

  /* UTF-16 with its byte order mark (Windows "Unicode" text). */
  if (length >= 2 && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
                      ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)))
    {
      const char *charset = (guchar) data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
      gsize written = 0;

      converted = g_convert (data + 2, length - 2, "UTF-8", charset, NULL, &written, NULL);
      if (converted == NULL)
        {
          set_not_text_error (error, display);
          return NULL;
        }
      data = converted;
      length = written;
    }

  if (memchr (data, '\0', length) != NULL)
    {
      set_not_text_error (error, display);
      return NULL;
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_autofree char *latin = NULL;

      /* French Excel saves CSV files in Windows-1252. */
      if (format == RESSENTI_MARKER_FORMAT_CSV)
        latin = g_convert (data, length, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
      if (latin == NULL)
        {
          /* Count the bytes that are not text: many means binary. */
          gsize n_control = 0;

          for (gsize i = 0; i < MIN (length, 4096); i++)
            if ((guchar) data[i] < 0x20 && data[i] != '\n' && data[i] != '\r' && data[i] != '\t')
              n_control++;
          if (n_control > 0)
            set_not_text_error (error, display);
          else
            g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID,
                         /* Translators: %s is a file name. */
                         _("“%s” is not written in UTF-8: save it as UTF-8 text and try again."),
                         display);
          return NULL;
        }
      return g_steal_pointer (&latin);
    }
  return g_strndup (data, length);
}

static RessentiMarkerParse *parse_webvtt   (const char          *text,
                                            const char          *display,
                                            RessentiVocabulary  *vocabulary,
                                            GError             **error);
static RessentiMarkerParse *parse_audacity (const char          *text,
                                            RessentiVocabulary  *vocabulary);
static RessentiMarkerParse *parse_csv      (const char          *text,
                                            const char          *display,
                                            RessentiVocabulary  *vocabulary,
                                            GError             **error);

RessentiMarkerParse *
ressenti_markers_parse (const char            *data,
                        gsize                  length,
                        const char            *file_name,
                        RessentiMarkerFormat   format,
                        RessentiVocabulary    *vocabulary,
                        GError               **error)
{
  g_autofree char *display = display_name_for (file_name);
  g_autofree char *text = NULL;
  RessentiMarkerParse *parse = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (format == RESSENTI_MARKER_FORMAT_AUTO || format_is_valid (format), NULL);
  g_return_val_if_fail (RESSENTI_IS_VOCABULARY (vocabulary), NULL);

  if (length > RESSENTI_MARKER_FILE_MAX)
    {
      g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_TOO_BIG,
                   /* Translators: %1$s is a file name, %2$d a number of megabytes. */
                   _("“%1$s” is too big for a file of markers (more than %2$d MB)."),
                   display, RESSENTI_MARKER_FILE_MAX / (1024 * 1024));
      return NULL;
    }
  if (format == RESSENTI_MARKER_FORMAT_AUTO)
    format = ressenti_marker_format_for_name (file_name);

  /* EmotionML is XML: libxml2 reads its encoding declaration itself. */
  if (format == RESSENTI_MARKER_FORMAT_EMOTIONML)
    {
      parse = parse_new (format);
      if (!ressenti_emotionml_read (parse, data, length, display, vocabulary, error))
        g_clear_pointer (&parse, ressenti_marker_parse_free);
      else
        g_ptr_array_sort (parse->problems, compare_problems);
      return parse;
    }

  text = decode_text (data, length, format, display, error);
  if (text == NULL)
    return NULL;

  if (format == RESSENTI_MARKER_FORMAT_AUTO)
    {
      format = sniff_format (text);
      if (format == RESSENTI_MARKER_FORMAT_AUTO)
        {
          g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_UNKNOWN,
                       /* Translators: %s is a file name. */
                       _("“%s” is not a file of markers Ressenti can read. Use WebVTT (.vtt), "
                         "Audacity labels (.txt), CSV (.csv) or EmotionML (.emotionml)."),
                       display);
          return NULL;
        }
      if (format == RESSENTI_MARKER_FORMAT_EMOTIONML)
        return ressenti_markers_parse (data, length, file_name, format, vocabulary, error);
    }

  switch (format)
    {
    case RESSENTI_MARKER_FORMAT_WEBVTT:
      parse = parse_webvtt (text, display, vocabulary, error);
      break;
    case RESSENTI_MARKER_FORMAT_AUDACITY:
      parse = parse_audacity (text, vocabulary);
      break;
    case RESSENTI_MARKER_FORMAT_CSV:
      parse = parse_csv (text, display, vocabulary, error);
      break;
    case RESSENTI_MARKER_FORMAT_EMOTIONML:
    case RESSENTI_N_MARKER_FORMATS:
    case RESSENTI_MARKER_FORMAT_AUTO:
    default:
      g_assert_not_reached ();
    }
  if (parse != NULL)
    g_ptr_array_sort (parse->problems, compare_problems);
  return parse;
}

RessentiMarkerParse *
ressenti_markers_parse_file (const char            *path,
                             RessentiMarkerFormat   format,
                             RessentiVocabulary    *vocabulary,
                             GError               **error)
{
  g_autofree char *display = display_name_for (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf info;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &info) != 0)
    {
      int saved = errno;

      g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_READ,
                   /* Translators: %1$s is a file name, %2$s the system's reason. */
                   _("“%1$s” cannot be read: %2$s."), display, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (info.st_mode))
    {
      g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_READ,
                   /* Translators: %s is a path given as a file of markers. */
                   _("“%s” is not a file."), display);
      return NULL;
    }
  if (info.st_size > RESSENTI_MARKER_FILE_MAX)
    return ressenti_markers_parse ("", RESSENTI_MARKER_FILE_MAX + 1, path, format, vocabulary, error);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error_literal (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_READ,
                           local_error->message);
      return NULL;
    }
  return ressenti_markers_parse (contents, length, path, format, vocabulary, error);
}

/* ------------------------------------------------------------------ */
/* WebVTT                                                              */
/* ------------------------------------------------------------------ */

static void
append_vtt_timestamp (GString *out,
                      gint64   ms)
{
  g_string_append_printf (out, "%02" G_GINT64_FORMAT ":%02d:%02d.%03d",
                          ms / 3600000, (int) (ms / 60000 % 60), (int) (ms / 1000 % 60),
                          (int) (ms % 1000));
}

/* Cue text: the escapes of WebVTT, and nothing that could end the cue
 * (an empty line, "-->" which the escaped ">" cannot make). */
static void
append_vtt_escaped (GString    *out,
                    const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '&':
        g_string_append (out, "&amp;");
        break;
      case '<':
        g_string_append (out, "&lt;");
        break;
      case '>':
        g_string_append (out, "&gt;");
        break;
      case '\r':
        break;
      case '\n':
        /* A line of its own, never an empty one. */
        if (out->len > 0 && out->str[out->len - 1] != '\n')
          g_string_append_c (out, '\n');
        break;
      default:
        g_string_append_c (out, *p);
      }
}

/* A NOTE's text may hold anything but "-->" and empty lines. */
static void
append_vtt_note (GString    *out,
                 const char *note)
{
  g_auto(GStrv) lines = g_strsplit (note, "\n", -1);

  g_string_append (out, "NOTE\n");
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) line = g_string_new (lines[i]);

      g_string_replace (line, "-->", "->", 0);
      if (line->len == 0)
        continue;
      g_string_append_printf (out, "%s\n", line->str);
    }
  g_string_append_c (out, '\n');
}

static void
append_id_field (GString    *out,
                 const char *name,
                 const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, TRUE);

  g_string_append_printf (out, " %s=%s", name, escaped);
}

/* One cue of the file: a marker's whole time, or a part of it. */
typedef struct
{
  guint  marker;   /* index in the sorted markers */
  guint  part;     /* from 1 */
  gint64 start;
  gint64 end;
} VttPiece;

static int
compare_pieces (gconstpointer a,
                gconstpointer b)
{
  const VttPiece *pa = a;
  const VttPiece *pb = b;

  if (pa->start != pb->start)
    return pa->start < pb->start ? -1 : 1;
  if (pa->end != pb->end)
    return pa->end < pb->end ? -1 : 1;
  if (pa->marker != pb->marker)
    return pa->marker < pb->marker ? -1 : 1;
  return (pa->part > pb->part) - (pa->part < pb->part);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 ta = *(const gint64 *) a;
  gint64 tb = *(const gint64 *) b;

  return (ta > tb) - (ta < tb);
}

/* The cues for @markers (sorted). Cues are in start order, as WebVTT
 * requires; a marker whose time holds the end of another is cut there
 * into parts, so that the cues' ends never go back either: GStreamer's
 * subparse drops a cue that ends before the cue it read last ends. */
static GArray *
webvtt_pieces (GPtrArray *markers)
{
  GArray *pieces = g_array_new (FALSE, FALSE, sizeof (VttPiece));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree gint64 *cue_ends = g_new (gint64, markers->len + 1);

  for (guint i = 0; i < markers->len; i++)
    {
      const RessentiMarker *marker = g_ptr_array_index (markers, i);
      gint64 end = marker->end_ms;

      if (end < 0)
        {
          /* A moment: one second, cut short at the next marker that
           * starts later. */
          end = marker->start_ms + MOMENT_CUE_MS;
          for (guint j = i + 1; j < markers->len; j++)
            {
              const RessentiMarker *next = g_ptr_array_index (markers, j);

              if (next->start_ms > marker->start_ms)
                {
                  end = MIN (end, next->start_ms);
                  break;
                }
            }
        }
      cue_ends[i] = end;
      g_array_append_val (ends, end);
    }
  g_array_sort (ends, compare_times);

  for (guint i = 0; i < markers->len; i++)
    {
      const RessentiMarker *marker = g_ptr_array_index (markers, i);
      VttPiece piece = { i, 1, marker->start_ms, 0 };

      for (guint k = 0; k < ends->len; k++)
        {
          gint64 cut = g_array_index (ends, gint64, k);

          if (cut <= piece.start || cut >= cue_ends[i])
            continue;
          piece.end = cut;
          g_array_append_val (pieces, piece);
          piece.part++;
          piece.start = cut;
        }
      piece.end = cue_ends[i];
      g_array_append_val (pieces, piece);
    }
  g_array_sort (pieces, compare_pieces);
  return pieces;
}

static char *
webvtt_write (GPtrArray          *markers,
              RessentiVocabulary *vocabulary)
{
  GString *out = g_string_new ("WEBVTT - Ressenti\n\n");
  g_autoptr(GArray) pieces = webvtt_pieces (markers);

  append_vtt_note (out,
                   /* Translators: a comment at the top of an exported WebVTT
                    * file. Keep the lines short; never write "-->". */
                   _("Emotion markers of one review, written by Ressenti.\n"
                     "Each cue’s identifier holds its marker for Ressenti to read back;\n"
                     "the cue’s text is for people: edit the identifier to change a marker.\n"
                     "A marker that spans the end of another is cut into parts (part=2…)."));

  for (guint p = 0; p < pieces->len; p++)
    {
      const VttPiece *piece = &g_array_index (pieces, VttPiece, p);
      const RessentiMarker *marker = g_ptr_array_index (markers, piece->marker);
      const char *label = ressenti_vocabulary_get_label (vocabulary, marker->entry_key);
      const char *intensity = ressenti_intensity_describe (marker->intensity);
      g_autofree char *summary = NULL;

      /* The identifier: the marker, exactly (its first part), or which
       * marker a part continues. */
      g_string_append_printf (out, WEBVTT_ID_PREFIX "%u", piece->marker + 1);
      if (piece->part > 1)
        g_string_append_printf (out, " part=%u", piece->part);
      else
        {
          append_id_field (out, "side", ressenti_side_to_string (marker->side));
          append_id_field (out, "entry", marker->entry_key);
          g_string_append_printf (out, " intensity=%d", marker->intensity);
          if (marker->end_ms < 0)
            g_string_append (out, " kind=moment");
          else
            {
              g_autofree char *length = ressenti_marker_formats_seconds (marker->end_ms - marker->start_ms);

              g_string_append_printf (out, " kind=span duration=%s", length);
            }
          if (marker->text != NULL)
            append_id_field (out, "text", marker->text);
        }
      g_string_append_c (out, '\n');

      append_vtt_timestamp (out, piece->start);
      g_string_append (out, " --> ");
      append_vtt_timestamp (out, piece->end);
      g_string_append_c (out, '\n');

      /* The text, for people. */
      if (marker->text != NULL)
        /* Translators: the text of a WebVTT cue for a marker: %1$s is the
         * emotion ("Anger"), %2$s its intensity ("strong"), %3$s the
         * listener's text. */
        summary = g_strdup_printf (_("%1$s, %2$s: %3$s"), label, intensity != NULL ? intensity : "",
                                   marker->text);
      else
        /* Translators: the text of a WebVTT cue for a marker without text:
         * %1$s is the emotion ("Anger"), %2$s its intensity ("strong"). */
        summary = g_strdup_printf (_("%1$s, %2$s"), label, intensity != NULL ? intensity : "");
      g_string_append_printf (out, "<v %s>", side_voice (marker->side));
      append_vtt_escaped (out, summary);
      while (out->len > 0 && out->str[out->len - 1] == '\n')
        g_string_truncate (out, out->len - 1);
      g_string_append (out, "</v>\n\n");
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *input;
  gsize       length;
  gsize       position;
  guint       line;       /* of the character at position, from 1 */
  gboolean    seen_cue;
} VttParser;

/* Collects the characters up to (not including) the next LF; moves past
 * the LF if there is one. Returns FALSE at the end of the input (no line
 * at all). Sets *at_eof when the line was not ended by an LF. */
static gboolean
vtt_collect_line (VttParser  *p,
                  char      **line,
                  guint      *line_number,
                  gboolean   *at_eof)
{
  gsize start = p->position;
  const char *lf;

  if (p->position > p->length)
    return FALSE;
  lf = memchr (p->input + start, '\n', p->length - start);
  *line_number = p->line;
  if (lf == NULL)
    {
      *line = g_strndup (p->input + start, p->length - start);
      p->position = p->length + 1;   /* past the end */
      *at_eof = TRUE;
    }
  else
    {
      *line = g_strndup (p->input + start, lf - (p->input + start));
      p->position = lf - p->input + 1;
      p->line++;
      *at_eof = FALSE;
    }
  return TRUE;
}

static gboolean
vtt_past_end (VttParser *p)
{
  return p->position >= p->length;
}

static void
vtt_skip_newlines (VttParser *p)
{
  while (p->position < p->length && p->input[p->position] == '\n')
    {
      p->position++;
      p->line++;
    }
}

/* "collect a WebVTT timestamp". */
static gboolean
vtt_collect_timestamp (const char **cursor,
                       gint64      *ms)
{
  const char *s = *cursor;
  gboolean hours_first = FALSE;
  gint64 value1 = 0, value2 = 0, value3 = 0, value4 = 0;
  int n;

  if (!g_ascii_isdigit (*s))
    return FALSE;
  for (n = 0; g_ascii_isdigit (*s); s++, n++)
    {
      value1 = value1 * 10 + (*s - '0');
      if (value1 > G_MAXINT64 / 100000)
        return FALSE;
    }
  if (n != 2 || value1 > 59)
    hours_first = TRUE;
  if (*s != ':')
    return FALSE;
  s++;
  for (n = 0; g_ascii_isdigit (*s); s++, n++)
    value2 = value2 * 10 + (*s - '0');
  if (n != 2)
    return FALSE;
  if (hours_first || *s == ':')
    {
      if (*s != ':')
        return FALSE;
      s++;
      for (n = 0; g_ascii_isdigit (*s); s++, n++)
        value3 = value3 * 10 + (*s - '0');
      if (n != 2)
        return FALSE;
    }
  else
    {
      value3 = value2;
      value2 = value1;
      value1 = 0;
    }
  if (*s != '.')
    return FALSE;
  s++;
  for (n = 0; g_ascii_isdigit (*s); s++, n++)
    value4 = value4 * 10 + (*s - '0');
  if (n != 3)
    return FALSE;
  if (value2 > 59 || value3 > 59)
    return FALSE;
  *ms = ((value1 * 60 + value2) * 60 + value3) * 1000 + value4;
  *cursor = s;
  return TRUE;
}

static gboolean
vtt_is_space (char c)
{
  /* ASCII whitespace of the WebVTT spec (LF cannot occur in a line). */
  return c == ' ' || c == '\t' || c == '\f' || c == '\r';
}

/* "collect WebVTT cue timings and settings" (the settings are not
 * needed). */
static gboolean
vtt_collect_timings (const char *line,
                     gint64     *start,
                     gint64     *end)
{
  const char *s = line;

  while (vtt_is_space (*s))
    s++;
  if (!vtt_collect_timestamp (&s, start))
    return FALSE;
  while (vtt_is_space (*s))
    s++;
  if (s[0] != '-' || s[1] != '-' || s[2] != '>')
    return FALSE;
  s += 3;
  while (vtt_is_space (*s))
    s++;
  return vtt_collect_timestamp (&s, end);
}

typedef struct
{
  gboolean  is_cue;
  char     *identifier;
  gint64    start;
  gint64    end;
  char     *text;
  guint     first_line;    /* the block's first line */
  guint     timing_line;
  gboolean  timing_failed;
  char     *first_text;    /* the block's first line, for blocks that are not cues */
} VttBlock;

static void
vtt_block_clear (VttBlock *block)
{
  g_free (block->identifier);
  g_free (block->text);
  g_free (block->first_text);
}

/* "collect a WebVTT block". */
static void
vtt_collect_block (VttParser *p,
                   gboolean   in_header,
                   VttBlock  *block)
{
  guint line_count = 0;
  gsize previous_position = p->position;
  guint previous_line = p->line;
  g_autoptr(GString) buffer = g_string_new (NULL);
  gboolean seen_eof = FALSE;
  gboolean seen_arrow = FALSE;
  gboolean have_cue = FALSE;

  memset (block, 0, sizeof *block);
  block->first_line = p->line;

  while (TRUE)
    {
      g_autofree char *line = NULL;
      guint line_number = 0;

      if (!vtt_collect_line (p, &line, &line_number, &seen_eof))
        break;
      line_count++;
      if (line_count == 1)
        block->first_text = g_strdup (line);

      if (strstr (line, "-->") != NULL)
        {
          if (!in_header && (line_count == 1 || (line_count == 2 && !seen_arrow)))
            {
              seen_arrow = TRUE;
              previous_position = p->position;
              previous_line = p->line;
              g_free (block->identifier);
              block->identifier = g_strdup (buffer->str);
              block->timing_line = line_number;
              if (vtt_collect_timings (line, &block->start, &block->end))
                {
                  have_cue = TRUE;
                  g_string_truncate (buffer, 0);
                  p->seen_cue = TRUE;
                }
              else
                {
                  have_cue = FALSE;
                  block->timing_failed = TRUE;
                }
            }
          else
            {
              p->position = previous_position;
              p->line = previous_line;
              break;
            }
        }
      else if (*line == '\0')
        break;
      else
        {
          /* STYLE and REGION blocks are not needed: their text is
           * collected and dropped like any block that is not a cue. */
          if (buffer->len > 0)
            g_string_append_c (buffer, '\n');
          g_string_append (buffer, line);
          previous_position = p->position;
          previous_line = p->line;
        }
      if (seen_eof)
        break;
    }

  if (have_cue)
    {
      block->is_cue = TRUE;
      block->text = g_strdup (buffer->str);
    }
}

/* Decodes the character references of cue text that matter here. */
static void
vtt_append_unescaped (GString    *out,
                      const char *text,
                      gsize       length)
{
  static const struct { const char *name; const char *value; } named[] = {
    { "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "nbsp;", "\xC2\xA0" },
    { "lrm;", "\xE2\x80\x8E" }, { "rlm;", "\xE2\x80\x8F" }, { "quot;", "\"" }, { "apos;", "'" },
  };
  const char *end = text + length;

  for (const char *p = text; p < end; p++)
    {
      gboolean done = FALSE;

      if (*p != '&')
        {
          g_string_append_c (out, *p);
          continue;
        }
      for (guint i = 0; i < G_N_ELEMENTS (named) && !done; i++)
        {
          gsize n = strlen (named[i].name);

          if ((gsize) (end - p - 1) >= n && strncmp (p + 1, named[i].name, n) == 0)
            {
              g_string_append (out, named[i].value);
              p += n;
              done = TRUE;
            }
        }
      if (!done && p + 1 < end && p[1] == '#')
        {
          const char *q = p + 2;
          gboolean hex = q < end && (*q == 'x' || *q == 'X');
          guint64 value = 0;
          int n_digits = 0;

          if (hex)
            q++;
          for (; q < end && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)) && n_digits < 8; q++, n_digits++)
            value = value * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*q) : *q - '0');
          if (n_digits > 0 && q < end && *q == ';' && value > 0 && g_unichar_validate ((gunichar) value))
            {
              g_string_append_unichar (out, (gunichar) value);
              p = q;
              done = TRUE;
            }
        }
      if (!done)
        g_string_append_c (out, '&');
    }
}

/* The cue's text without its tags, and the annotation of its first voice
 * span ("<v Client>" → "Client"), if any. */
static char *
vtt_plain_text (const char  *cue_text,
                char       **voice)
{
  GString *out = g_string_new (NULL);
  const char *p = cue_text;

  *voice = NULL;
  while (*p != '\0')
    {
      const char *lt = strchr (p, '<');
      const char *gt;

      if (lt == NULL)
        {
          vtt_append_unescaped (out, p, strlen (p));
          break;
        }
      vtt_append_unescaped (out, p, lt - p);
      gt = strchr (lt, '>');
      if (gt == NULL)
        break;
      /* <v Name>, <v.class Name> */
      if (*voice == NULL && lt[1] == 'v' && (lt[2] == ' ' || lt[2] == '\t' || lt[2] == '.'))
        {
          const char *name = lt + 2;
          g_autoptr(GString) annotation = g_string_new (NULL);

          while (name < gt && *name != ' ' && *name != '\t')
            name++;
          vtt_append_unescaped (annotation, name, gt - name);
          g_strstrip (annotation->str);
          if (annotation->str[0] != '\0')
            *voice = g_strdup (annotation->str);
        }
      p = gt + 1;
    }
  return g_string_free (out, FALSE);
}

/* Reads the fields of a Ressenti identifier into @marker; FALSE if
 * something is missing or damaged. */
static gboolean
vtt_read_identifier (const char     *identifier,
                     RessentiMarker *marker,
                     gboolean       *moment,
                     gint64         *duration)
{
  g_auto(GStrv) fields = g_strsplit (identifier, " ", -1);
  gboolean have_side = FALSE, have_entry = FALSE, have_intensity = FALSE, have_kind = FALSE;

  *duration = -1;

  for (guint i = 1; fields[i] != NULL; i++)
    {
      char *equals = strchr (fields[i], '=');
      g_autofree char *value = NULL;

      if (fields[i][0] == '\0')
        continue;
      if (equals == NULL)
        return FALSE;
      *equals = '\0';
      value = g_uri_unescape_string (equals + 1, NULL);
      if (value == NULL || !g_utf8_validate (value, -1, NULL))
        return FALSE;

      if (g_str_equal (fields[i], "side"))
        have_side = ressenti_side_from_string (value, &marker->side);
      else if (g_str_equal (fields[i], "entry") && *value != '\0')
        {
          g_free (marker->entry_key);
          marker->entry_key = g_steal_pointer (&value);
          have_entry = TRUE;
        }
      else if (g_str_equal (fields[i], "intensity"))
        {
          guint64 number = 0;

          have_intensity = g_ascii_string_to_unsigned (value, 10, 0, 100, &number, NULL);
          marker->intensity = (int) number;
        }
      else if (g_str_equal (fields[i], "kind"))
        {
          have_kind = g_str_equal (value, "moment") || g_str_equal (value, "span");
          *moment = g_str_equal (value, "moment");
        }
      else if (g_str_equal (fields[i], "text"))
        {
          g_free (marker->text);
          marker->text = g_steal_pointer (&value);
        }
      else if (g_str_equal (fields[i], "duration") &&
               !ressenti_marker_formats_parse_seconds (value, duration))
        return FALSE;
      /* Other fields: from a later version, ignored. */
    }
  return have_side && have_entry && have_intensity && have_kind;
}

static gboolean
vtt_is_ressenti_identifier (const char *identifier)
{
  const char *p;

  if (!g_str_has_prefix (identifier, WEBVTT_ID_PREFIX))
    return FALSE;
  p = identifier + strlen (WEBVTT_ID_PREFIX);
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return *p == ' ' || *p == '\0';
}

static void
vtt_take_cue (RessentiMarkerParse *parse,
              VttBlock            *block,
              RessentiVocabulary  *vocabulary)
{
  g_autoptr(RessentiMarker) marker = ressenti_marker_new (block->start, RESSENTI_SIDE_CUSTOMER,
                                                          RESSENTI_VOCABULARY_OTHER);
  guint line = block->timing_line;

  if (block->end < block->start)
    {
      g_autofree char *start = ressenti_marker_formats_seconds (block->start);
      g_autofree char *end = ressenti_marker_formats_seconds (block->end);

      ressenti_marker_parse_add_problem (parse, line,
                                         /* Translators: %1$s and %2$s are times in
                                          * seconds ("12.500"). */
                                         _("This cue ends (%2$s s) before it starts (%1$s s)."),
                                         start, end);
      return;
    }

  if (vtt_is_ressenti_identifier (block->identifier))
    {
      gboolean moment = FALSE;
      gint64 duration = -1;

      /* A later part of a marker cut into parts: its first part says it
       * all. */
      if (strstr (block->identifier, " part=") != NULL)
        return;
      if (!vtt_read_identifier (block->identifier, marker, &moment, &duration))
        {
          ressenti_marker_parse_add_problem (parse, line > 1 ? line - 1 : line,
                                             _("This cue’s Ressenti identifier is damaged: it must "
                                               "give the side, entry, intensity and kind."));
          return;
        }
      if (moment)
        marker->end_ms = -1;
      else if (duration >= 0)
        marker->end_ms = block->start + duration;
      else
        marker->end_ms = block->end;
    }
  else
    {
      g_autofree char *voice = NULL;
      g_autofree char *plain = vtt_plain_text (block->text, &voice);

      if (voice != NULL && !ressenti_marker_formats_side_from_word (voice, &marker->side))
        {
          ressenti_marker_parse_add_problem (parse, line + 1,
                                             /* Translators: %s is the name of a voice in
                                              * a subtitle cue. */
                                             _("The voice “%s” is neither the customer nor the "
                                               "agent (Client, Conseiller or both)."),
                                             voice);
          return;
        }
      if (is_blank (plain))
        {
          ressenti_marker_parse_add_problem (parse, line,
                                             _("This cue has no text: nothing says what was heard."));
          return;
        }
      marker_from_free_text (marker, plain, vocabulary);
      marker->end_ms = block->end > block->start ? block->end : -1;
    }
  ressenti_marker_parse_take_marker (parse, g_steal_pointer (&marker), line, vocabulary);
}

static gboolean
vtt_is_known_block (const char *first_line)
{
  static const char * const names[] = { "NOTE", "STYLE", "REGION" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gsize n = strlen (names[i]);

      if (strncmp (first_line, names[i], n) == 0 &&
          (first_line[n] == '\0' || first_line[n] == ' ' || first_line[n] == '\t'))
        return TRUE;
    }
  return FALSE;
}

static RessentiMarkerParse *
parse_webvtt (const char          *text,
              const char          *display,
              RessentiVocabulary  *vocabulary,
              GError             **error)
{
  g_autoptr(GString) input = g_string_new (text);
  RessentiMarkerParse *parse;
  VttParser p = { 0 };
  g_autofree char *header = NULL;
  guint line_number;
  gboolean at_eof;

  /* CRLF and CR become LF. */
  g_string_replace (input, "\r\n", "\n", 0);
  g_string_replace (input, "\r", "\n", 0);

  /* The signature. */
  if (input->len < 6 || strncmp (input->str, "WEBVTT", 6) != 0 ||
      (input->len > 6 && input->str[6] != ' ' && input->str[6] != '\t' && input->str[6] != '\n'))
    {
      g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID,
                   /* Translators: %s is a file name. Keep WEBVTT as it is. */
                   _("“%s” is not a WebVTT file: it does not begin with the word WEBVTT."),
                   display);
      return NULL;
    }

  parse = parse_new (RESSENTI_MARKER_FORMAT_WEBVTT);
  p.input = input->str;
  p.length = input->len;
  p.line = 1;

  vtt_collect_line (&p, &header, &line_number, &at_eof);
  if (at_eof || vtt_past_end (&p))
    return parse;
  if (p.input[p.position] != '\n')
    {
      VttBlock block;

      vtt_collect_block (&p, TRUE, &block);
      vtt_block_clear (&block);
    }
  else
    {
      p.position++;
      p.line++;
    }
  vtt_skip_newlines (&p);

  while (!vtt_past_end (&p))
    {
      VttBlock block;

      vtt_collect_block (&p, FALSE, &block);
      if (block.is_cue)
        vtt_take_cue (parse, &block, vocabulary);
      else if (block.timing_failed)
        ressenti_marker_parse_add_problem (parse, block.timing_line,
                                           /* Translators: keep "-->" and the example as they are. */
                                           _("This cue’s timing line is not valid (it must look like "
                                             "“00:01:02.500 --> 00:01:09.000”): the cue was dropped."));
      else if (block.first_text != NULL && !vtt_is_known_block (block.first_text))
        ressenti_marker_parse_add_problem (parse, block.first_line,
                                           _("This block is neither a cue nor a NOTE: it has no "
                                             "timing line, and was ignored."));
      vtt_block_clear (&block);
      vtt_skip_newlines (&p);
    }
  return parse;
}

/* ------------------------------------------------------------------ */
/* Audacity labels                                                     */
/* ------------------------------------------------------------------ */

static void
append_label_escaped (GString    *out,
                      const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '\\':
        g_string_append (out, "\\\\");
        break;
      case '\t':
        g_string_append (out, "\\t");
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      default:
        g_string_append_c (out, *p);
      }
}

static char *
label_unescape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0' && strchr ("\\tnr", p[1]) != NULL)
        {
          p++;
          g_string_append_c (out, *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : '\\');
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
audacity_write (GPtrArray          *markers,
                RessentiVocabulary *vocabulary)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < markers->len; i++)
    {
      const RessentiMarker *marker = g_ptr_array_index (markers, i);
      const char *label = ressenti_vocabulary_get_label (vocabulary, marker->entry_key);
      g_autofree char *start = ressenti_marker_formats_seconds (marker->start_ms);
      g_autofree char *end = ressenti_marker_formats_seconds (marker->end_ms < 0 ? marker->start_ms
                                                                                  : marker->end_ms);

      /* A label that holds the separator is written as its key. */
      if (strchr (label, '|') != NULL)
        label = marker->entry_key;
      g_string_append_printf (out, "%s000\t%s000\t", start, end);
      append_label_escaped (out, label);
      g_string_append_printf (out, " | %d | %s", marker->intensity, side_voice (marker->side));
      if (marker->text != NULL)
        {
          g_string_append (out, " | ");
          append_label_escaped (out, marker->text);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
audacity_take_line (RessentiMarkerParse *parse,
                    const char          *line,
                    guint                line_number,
                    RessentiVocabulary  *vocabulary)
{
  g_auto(GStrv) fields = g_strsplit (line, "\t", 3);
  g_autoptr(RessentiMarker) marker = NULL;
  g_autofree char *label = NULL;
  gint64 start, end;
  guint n_fields = g_strv_length (fields);

  for (guint i = 0; i < n_fields && i < 2; i++)
    g_strstrip (fields[i]);
  if (n_fields < 2 || !ressenti_marker_formats_parse_seconds (fields[0], &start))
    {
      ressenti_marker_parse_add_problem (parse, line_number,
                                         _("This line is not an Audacity label: it must hold a "
                                           "start, an end and a label, separated by tabs."));
      return;
    }
  if (n_fields == 2 && !ressenti_marker_formats_parse_seconds (fields[1], &end))
    {
      /* "start TAB label" */
      end = start;
      label = g_strdup (fields[1]);
    }
  else if (!ressenti_marker_formats_parse_seconds (fields[1], &end))
    {
      ressenti_marker_parse_add_problem (parse, line_number,
                                         /* Translators: %s is what was found instead of a time. */
                                         _("“%s” is not a time in seconds."), fields[1]);
      return;
    }
  else
    label = g_strdup (n_fields == 3 ? fields[2] : "");

  if (end < start)
    {
      ressenti_marker_parse_add_problem (parse, line_number,
                                         _("This label ends (%2$s s) before it starts (%1$s s)."),
                                         fields[0], fields[1]);
      return;
    }

  marker = ressenti_marker_new (start, RESSENTI_SIDE_CUSTOMER, RESSENTI_VOCABULARY_OTHER);
  marker->end_ms = end > start ? end : -1;

  if (strchr (label, '|') == NULL)
    {
      g_autofree char *plain = label_unescape (label);

      if (is_blank (plain))
        {
          ressenti_marker_parse_add_problem (parse, line_number,
                                             _("This label is empty: nothing says what was heard."));
          return;
        }
      marker_from_free_text (marker, plain, vocabulary);
    }
  else
    {
      /* "Entry | intensity | side | text" */
      g_auto(GStrv) parts = g_strsplit (label, "|", 4);
      g_autofree char *entry_text = label_unescape (parts[0]);
      const RessentiVocabularyEntry *entry;

      g_strstrip (entry_text);
      entry = ressenti_vocabulary_match_text (vocabulary, entry_text);
      if (parts[1] != NULL && !ressenti_marker_formats_intensity_from_word (parts[1], &marker->intensity))
        {
          g_strstrip (parts[1]);
          ressenti_marker_parse_add_problem (parse, line_number,
                                             /* Translators: %s is what was found instead of an
                                              * intensity. */
                                             _("“%s” is not an intensity: write 1, 2 or 3."),
                                             parts[1]);
          return;
        }
      if (parts[1] != NULL && parts[2] != NULL &&
          !ressenti_marker_formats_side_from_word (parts[2], &marker->side))
        {
          g_strstrip (parts[2]);
          ressenti_marker_parse_add_problem (parse, line_number,
                                             /* Translators: %s is what was found instead of a
                                              * side of the call. */
                                             _("“%s” is not a side of the call: write Client, "
                                               "Conseiller or Client et conseiller."),
                                             parts[2]);
          return;
        }
      if (parts[1] != NULL && parts[2] != NULL && parts[3] != NULL)
        {
          /* One space after the separator is the writer's, not the text's. */
          const char *text = parts[3][0] == ' ' ? parts[3] + 1 : parts[3];
          g_autofree char *unescaped = label_unescape (text);

          marker->text = ressenti_marker_formats_text_or_null (unescaped);
        }
      g_free (marker->entry_key);
      if (entry != NULL)
        marker->entry_key = g_strdup (entry->key);
      else
        {
          marker->entry_key = g_strdup (RESSENTI_VOCABULARY_OTHER);
          if (marker->text == NULL)
            marker->text = ressenti_marker_formats_text_or_null (entry_text);
          else if (!is_blank (entry_text))
            {
              char *joined = g_strdup_printf ("%s: %s", entry_text, marker->text);

              g_free (marker->text);
              marker->text = joined;
            }
        }
    }
  ressenti_marker_parse_take_marker (parse, g_steal_pointer (&marker), line_number, vocabulary);
}

static RessentiMarkerParse *
parse_audacity (const char         *text,
                RessentiVocabulary *vocabulary)
{
  RessentiMarkerParse *parse = parse_new (RESSENTI_MARKER_FORMAT_AUDACITY);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean after_label = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      if (is_blank (line))
        {
          after_label = FALSE;
          continue;
        }
      if (line[0] == '\\')
        {
          /* A frequency line: "\" TAB low TAB high, after a label. */
          g_auto(GStrv) fields = g_strsplit (line, "\t", -1);
          gboolean valid = g_strv_length (fields) == 3 && g_str_equal (fields[0], "\\");

          for (guint j = 1; valid && j < 3; j++)
            {
              char *end = NULL;

              g_ascii_strtod (fields[j], &end);
              valid = end != fields[j];
            }
          if (!valid || !after_label)
            ressenti_marker_parse_add_problem (parse, i + 1,
                                               _("This line is neither a label nor the frequency "
                                                 "range of the label before it."));
          after_label = FALSE;
          continue;
        }
      audacity_take_line (parse, line, i + 1, vocabulary);
      after_label = TRUE;
    }
  return parse;
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */
/* ------------------------------------------------------------------ */

enum
{
  COLUMN_START,
  COLUMN_END,
  COLUMN_SIDE,
  COLUMN_ENTRY,
  COLUMN_LABEL,
  COLUMN_INTENSITY,
  COLUMN_TEXT,
  N_COLUMNS
};

static const char * const column_names[N_COLUMNS] = {
  "start", "end", "side", "entry", "label", "intensity", "text",
};

/* Folded names a column may have in a file. */
static const char * const column_aliases[N_COLUMNS][5] = {
  { "start", "debut", "start (s)", "debut (s)", NULL },
  { "end", "fin", "end (s)", "fin (s)", NULL },
  { "side", "cote", "speaker", "locuteur", NULL },
  { "entry", "entree", "key", "cle", NULL },
  { "label", "libelle", "emotion", NULL },
  { "intensity", "intensite", NULL },
  { "text", "texte", "comment", "commentaire", NULL },
};

static gboolean
csv_needs_guard (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r'", text[0]) != NULL;
}

static void
append_csv_field (GString    *out,
                  const char *value,
                  gboolean    guard)
{
  g_autofree char *guarded = NULL;

  if (value == NULL)
    return;
  if (guard && csv_needs_guard (value))
    value = guarded = g_strconcat ("'", value, NULL);
  if (strpbrk (value, ",;\"\r\n") != NULL || g_ascii_isspace (value[0]) ||
      (value[0] != '\0' && g_ascii_isspace (value[strlen (value) - 1])))
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
}

static char *
csv_write (GPtrArray          *markers,
           RessentiVocabulary *vocabulary)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < N_COLUMNS; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "," : "", column_names[i]);
  g_string_append (out, "\r\n");

  for (guint i = 0; i < markers->len; i++)
    {
      const RessentiMarker *marker = g_ptr_array_index (markers, i);
      g_autofree char *start = ressenti_marker_formats_seconds (marker->start_ms);
      g_autofree char *end = marker->end_ms < 0 ? g_strdup ("")
                                                 : ressenti_marker_formats_seconds (marker->end_ms);

      g_string_append_printf (out, "%s,%s,%s,", start, end, ressenti_side_to_string (marker->side));
      append_csv_field (out, marker->entry_key, FALSE);
      g_string_append_c (out, ',');
      append_csv_field (out, ressenti_vocabulary_get_label (vocabulary, marker->entry_key), TRUE);
      g_string_append_printf (out, ",%d,", marker->intensity);
      append_csv_field (out, marker->text, TRUE);
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *p;
  guint       line;
  char        separator;
} CsvReader;

/* Reads one record; FALSE at the end of the text. *first_line gets the
 * record's first line; *unterminated is set for a quote never closed. */
static gboolean
csv_read_record (CsvReader  *reader,
                 GPtrArray  *fields,
                 guint      *first_line,
                 gboolean   *unterminated)
{
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = reader->p;

  g_ptr_array_set_size (fields, 0);
  *unterminated = FALSE;
  if (*p == '\0')
    return FALSE;
  *first_line = reader->line;

  while (TRUE)
    {
      if (*p == '"')
        {
          p++;
          while (TRUE)
            {
              if (*p == '\0')
                {
                  *unterminated = TRUE;
                  break;
                }
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else if (*p == '\r' && p[1] == '\n')
                {
                  g_string_append_c (field, '\n');
                  reader->line++;
                  p += 2;
                }
              else
                {
                  if (*p == '\n')
                    reader->line++;
                  g_string_append_c (field, *p);
                  p++;
                }
            }
          /* Anything between the closing quote and the separator is kept
           * (lenient, as spreadsheets are). */
        }
      while (*p != '\0' && *p != reader->separator && *p != '\n' && *p != '\r')
        g_string_append_c (field, *p++);

      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == reader->separator)
        {
          p++;
          continue;
        }
      if (*p == '\r')
        p++;
      if (*p == '\n')
        {
          p++;
          reader->line++;
        }
      break;
    }
  reader->p = p;
  return TRUE;
}

static int
csv_column_for (const char *name)
{
  g_autofree char *folded = ressenti_text_fold (name);

  for (int i = 0; i < N_COLUMNS; i++)
    for (int j = 0; j < 5 && column_aliases[i][j] != NULL; j++)
      if (g_str_equal (folded, column_aliases[i][j]))
        return i;
  return -1;
}

static const char *
csv_field (GPtrArray *fields,
           const int *columns,
           int        column)
{
  if (columns[column] < 0 || (guint) columns[column] >= fields->len)
    return "";
  return g_ptr_array_index (fields, columns[column]);
}

static char *
csv_unguard (const char *value)
{
  if (value[0] == '\'' && csv_needs_guard (value + 1))
    return g_strdup (value + 1);
  return g_strdup (value);
}

static gboolean
csv_parse_time (const char *field,
                gint64     *ms)
{
  g_autofree char *copy = g_strstrip (g_strdup (field));

  return ressenti_marker_formats_parse_seconds (copy, ms);
}

static void
csv_take_record (RessentiMarkerParse *parse,
                 GPtrArray           *fields,
                 const int           *columns,
                 guint                line,
                 RessentiVocabulary  *vocabulary)
{
  g_autoptr(RessentiMarker) marker = ressenti_marker_new (0, RESSENTI_SIDE_CUSTOMER, NULL);
  g_autofree char *side = g_strstrip (g_strdup (csv_field (fields, columns, COLUMN_SIDE)));
  g_autofree char *entry_text = g_strstrip (g_strdup (csv_field (fields, columns, COLUMN_ENTRY)));
  g_autofree char *label = csv_unguard (csv_field (fields, columns, COLUMN_LABEL));
  g_autofree char *intensity = g_strstrip (g_strdup (csv_field (fields, columns, COLUMN_INTENSITY)));
  g_autofree char *text = csv_unguard (csv_field (fields, columns, COLUMN_TEXT));
  const char *end = csv_field (fields, columns, COLUMN_END);
  const RessentiVocabularyEntry *entry = NULL;
  gint64 end_ms = -1;

  if (!csv_parse_time (csv_field (fields, columns, COLUMN_START), &marker->start_ms))
    {
      ressenti_marker_parse_add_problem (parse, line,
                                         /* Translators: %s is what was found instead of a time. */
                                         _("The start “%s” is not a time in seconds."),
                                         csv_field (fields, columns, COLUMN_START));
      return;
    }
  if (!is_blank (end) && !csv_parse_time (end, &end_ms))
    {
      ressenti_marker_parse_add_problem (parse, line,
                                         /* Translators: %s is what was found instead of a time. */
                                         _("The end “%s” is not a time in seconds."), end);
      return;
    }
  if (end_ms >= 0 && end_ms < marker->start_ms)
    {
      g_autofree char *start_text = ressenti_marker_formats_seconds (marker->start_ms);
      g_autofree char *end_text = ressenti_marker_formats_seconds (end_ms);

      ressenti_marker_parse_add_problem (parse, line,
                                         _("This marker ends (%2$s s) before it starts (%1$s s)."),
                                         start_text, end_text);
      return;
    }
  marker->end_ms = end_ms > marker->start_ms ? end_ms : -1;

  if (*side != '\0' && !ressenti_marker_formats_side_from_word (side, &marker->side))
    {
      ressenti_marker_parse_add_problem (parse, line,
                                         /* Translators: %s is what was found instead of a side
                                          * of the call; keep the English words. */
                                         _("“%s” is not a side of the call: write customer, agent "
                                           "or both."),
                                         side);
      return;
    }
  if (*intensity != '\0' && !ressenti_marker_formats_intensity_from_word (intensity, &marker->intensity))
    {
      ressenti_marker_parse_add_problem (parse, line,
                                         _("“%s” is not an intensity: write 1, 2 or 3."), intensity);
      return;
    }

  marker->text = ressenti_marker_formats_text_or_null (text);
  if (*entry_text != '\0')
    entry = ressenti_vocabulary_lookup (vocabulary, entry_text);
  if (entry == NULL && *entry_text != '\0')
    entry = ressenti_vocabulary_match_text (vocabulary, entry_text);
  if (entry == NULL && !is_blank (label))
    entry = ressenti_vocabulary_match_text (vocabulary, label);
  if (entry != NULL)
    marker->entry_key = g_strdup (entry->key);
  else
    {
      /* What names no entry is said in the text of an "other" marker. */
      const char *said = !is_blank (label) ? label : entry_text;

      marker->entry_key = g_strdup (RESSENTI_VOCABULARY_OTHER);
      if (!is_blank (said))
        {
          g_autofree char *trimmed = g_strstrip (g_strdup (said));
          char *joined = marker->text != NULL ? g_strdup_printf ("%s: %s", trimmed, marker->text)
                                              : g_strdup (trimmed);

          g_free (marker->text);
          marker->text = joined;
        }
    }
  ressenti_marker_parse_take_marker (parse, g_steal_pointer (&marker), line, vocabulary);
}

static char
csv_guess_separator (const char *text)
{
  guint commas = 0, semicolons = 0;
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0' && (quoted || (*p != '\n' && *p != '\r')); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == ',')
        commas++;
      else if (!quoted && *p == ';')
        semicolons++;
    }
  return semicolons > commas ? ';' : ',';
}

static RessentiMarkerParse *
parse_csv (const char          *text,
           const char          *display,
           RessentiVocabulary  *vocabulary,
           GError             **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  RessentiMarkerParse *parse;
  CsvReader reader = { text, 1, csv_guess_separator (text) };
  int columns[N_COLUMNS];
  guint line = 0;
  gboolean unterminated = FALSE;

  for (int i = 0; i < N_COLUMNS; i++)
    columns[i] = -1;
  if (csv_read_record (&reader, fields, &line, &unterminated))
    for (guint i = 0; i < fields->len; i++)
      {
        int column = csv_column_for (g_ptr_array_index (fields, i));

        if (column >= 0 && columns[column] < 0)
          columns[column] = i;
      }
  if (columns[COLUMN_START] < 0 || (columns[COLUMN_ENTRY] < 0 && columns[COLUMN_LABEL] < 0))
    {
      g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID,
                   /* Translators: %s is a file name; keep the column names in English. */
                   _("“%s” has no header row naming its columns: the first row must name at least "
                     "start and entry (or label)."),
                   display);
      return NULL;
    }

  parse = parse_new (RESSENTI_MARKER_FORMAT_CSV);
  while (csv_read_record (&reader, fields, &line, &unterminated))
    {
      gboolean empty = TRUE;

      if (unterminated)
        {
          ressenti_marker_parse_add_problem (parse, line,
                                             _("A quoted field that starts on this line is never "
                                               "closed: the rest of the file was not read."));
          break;
        }
      for (guint i = 0; i < fields->len && empty; i++)
        empty = is_blank (g_ptr_array_index (fields, i));
      if (!empty)
        csv_take_record (parse, fields, columns, line, vocabulary);
    }
  return parse;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

char *
ressenti_markers_export (RessentiMarkerFormat  format,
                         GPtrArray            *markers,
                         RessentiVocabulary   *vocabulary,
                         const char           *media_uri,
                         gsize                *length)
{
  g_autoptr(GPtrArray) sorted = NULL;
  char *text = NULL;

  g_return_val_if_fail (format_is_valid (format), NULL);
  g_return_val_if_fail (markers != NULL, NULL);
  g_return_val_if_fail (RESSENTI_IS_VOCABULARY (vocabulary), NULL);

  /* A copy of the pointers only (g_ptr_array_copy() would take the free
   * function too). */
  sorted = g_ptr_array_sized_new (markers->len);
  for (guint i = 0; i < markers->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (markers, i));
  g_ptr_array_sort (sorted, ressenti_marker_compare_indirect);

  switch (format)
    {
    case RESSENTI_MARKER_FORMAT_WEBVTT:
      text = webvtt_write (sorted, vocabulary);
      break;
    case RESSENTI_MARKER_FORMAT_AUDACITY:
      text = audacity_write (sorted, vocabulary);
      break;
    case RESSENTI_MARKER_FORMAT_CSV:
      text = csv_write (sorted, vocabulary);
      break;
    case RESSENTI_MARKER_FORMAT_EMOTIONML:
      text = ressenti_emotionml_write (sorted, vocabulary, media_uri);
      break;
    case RESSENTI_N_MARKER_FORMATS:
    case RESSENTI_MARKER_FORMAT_AUTO:
    default:
      g_assert_not_reached ();
    }
  if (length != NULL)
    *length = strlen (text);
  return text;
}
