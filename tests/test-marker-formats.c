/* test-marker-formats.c — markers in WebVTT, Audacity labels, CSV, EmotionML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>

#include "ressenti-marker-formats.h"
#include "ressenti-test-util.h"

#define CUSTOM_KEY "custom-mefiance"

/* The built-in vocabulary and one entry of the listener's own, which has
 * no EmotionML word. */
static RessentiVocabulary *
make_vocabulary (void)
{
  g_autofree RessentiVocabularyEntry **defaults = ressenti_vocabulary_default_entries (NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_vocabulary_entry_free);
  RessentiVocabularyEntry *custom = g_new0 (RessentiVocabularyEntry, 1);

  for (guint i = 0; defaults[i] != NULL; i++)
    g_ptr_array_add (entries, defaults[i]);
  custom->key = g_strdup (CUSTOM_KEY);
  custom->kind = RESSENTI_VOCABULARY_CUSTOMER_EMOTION;
  custom->label = g_strdup ("Méfiance");
  custom->definition = g_strdup ("Le client doute de ce qu’on lui dit.");
  custom->position = 100;
  g_ptr_array_add (entries, custom);
  return ressenti_vocabulary_new (entries);
}

static RessentiMarker *
marker (gint64       start,
        gint64       end,
        RessentiSide side,
        const char  *key,
        int          intensity,
        const char  *text)
{
  RessentiMarker *m = ressenti_marker_new (start, side, key);

  m->end_ms = end;
  m->intensity = intensity;
  m->text = g_strdup (text);
  return m;
}

/* Markers that exercise every corner of every format. */
static GPtrArray *
sample_markers (void)
{
  GPtrArray *markers = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_free);

  g_ptr_array_add (markers, marker (1500, -1, RESSENTI_SIDE_CUSTOMER, "anger", 3,
                                    "la voix monte, \"fort\" <vraiment> & plus\nligne 2 — é à ç"));
  g_ptr_array_add (markers, marker (1500, 4000, RESSENTI_SIDE_AGENT, "warm", 1, NULL));
  g_ptr_array_add (markers, marker (2000, 2001, RESSENTI_SIDE_BOTH, "frustration", 2,
                                    "a --> b; c,d \"e\"\n\nparagraphe"));
  g_ptr_array_add (markers, marker (2000, -1, RESSENTI_SIDE_CUSTOMER, "worry", 2,
                                    "x | y \\ z\tTab | w"));
  g_ptr_array_add (markers, marker (7250, 9999, RESSENTI_SIDE_CUSTOMER, RESSENTI_VOCABULARY_OTHER, 1,
                                    "=SUM(A1) rire nerveux"));
  g_ptr_array_add (markers, marker (8000, -1, RESSENTI_SIDE_CUSTOMER, CUSTOM_KEY, 2, "'cité' -->"));
  g_ptr_array_add (markers, marker (60000, 61000, RESSENTI_SIDE_CUSTOMER, "resignation", 1,
                                    " espaces autour "));
  g_ptr_array_add (markers, marker (3723456, 3725000, RESSENTI_SIDE_CUSTOMER, "calm", 2, "@fin"));
  g_ptr_array_add (markers, marker (3725000, -1, RESSENTI_SIDE_AGENT, "rushed", 3, "-1 point"));
  return markers;
}

static void
assert_same_markers (GPtrArray *expected,
                     GPtrArray *found)
{
  g_autoptr(GPtrArray) a = g_ptr_array_new ();
  g_autoptr(GPtrArray) b = g_ptr_array_new ();

  for (guint i = 0; i < expected->len; i++)
    g_ptr_array_add (a, g_ptr_array_index (expected, i));
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (b, g_ptr_array_index (found, i));

  g_ptr_array_sort (a, ressenti_marker_compare_indirect);
  g_ptr_array_sort (b, ressenti_marker_compare_indirect);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      RessentiMarker *x = g_ptr_array_index (a, i);
      RessentiMarker *y = g_ptr_array_index (b, i);

      g_assert_cmpint (x->start_ms, ==, y->start_ms);
      g_assert_cmpint (x->end_ms, ==, y->end_ms);
      g_assert_cmpint (x->side, ==, y->side);
      g_assert_cmpstr (x->entry_key, ==, y->entry_key);
      g_assert_cmpint (x->intensity, ==, y->intensity);
      g_assert_cmpstr (x->text, ==, y->text);
      g_assert_true (ressenti_marker_same_content (x, y));
    }
}

static void
assert_no_problems (RessentiMarkerParse *parse)
{
  for (guint i = 0; i < parse->problems->len; i++)
    {
      RessentiMarkerProblem *problem = g_ptr_array_index (parse->problems, i);

      g_printerr ("line %u: %s\n", problem->line, problem->message);
    }
  g_assert_cmpuint (parse->problems->len, ==, 0);
}

/* The problem reported at @line, which must exist. */
static const char *
problem_at (RessentiMarkerParse *parse,
            guint                line)
{
  for (guint i = 0; i < parse->problems->len; i++)
    {
      RessentiMarkerProblem *problem = g_ptr_array_index (parse->problems, i);

      if (problem->line == line)
        return problem->message;
    }
  for (guint i = 0; i < parse->problems->len; i++)
    {
      RessentiMarkerProblem *problem = g_ptr_array_index (parse->problems, i);

      g_printerr ("line %u: %s\n", problem->line, problem->message);
    }
  g_error ("no problem at line %u", line);
  return NULL;
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "markers", name, NULL);
}

static RessentiMarkerParse *
parse_data_file (const char          *name,
                 RessentiVocabulary  *vocabulary,
                 GError             **error)
{
  g_autofree char *path = data_path (name);

  return ressenti_markers_parse_file (path, RESSENTI_MARKER_FORMAT_AUTO, vocabulary, error);
}

/* Round trips ------------------------------------------------------------ */

static void
test_round_trip (gconstpointer user_data)
{
  RessentiMarkerFormat format = GPOINTER_TO_INT (user_data);
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GPtrArray) markers = sample_markers ();
  g_autoptr(RessentiMarkerParse) parse = NULL;
  g_autoptr(RessentiMarkerParse) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("markers.%s", ressenti_marker_format_extension (format));
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  gsize length = 0;

  text = ressenti_markers_export (format, markers, vocabulary, "call.wav", &length);
  g_assert_cmpuint (length, ==, strlen (text));
  g_assert_true (g_utf8_validate (text, -1, NULL));

  /* Read back by extension… */
  parse = ressenti_markers_parse (text, length, name, RESSENTI_MARKER_FORMAT_AUTO, vocabulary, &error);
  g_assert_no_error (error);
  g_assert_cmpint (parse->format, ==, format);
  assert_no_problems (parse);
  assert_same_markers (markers, parse->markers);
  g_assert_cmpuint (parse->lines->len, ==, parse->markers->len);

  /* …and by content, and written again the same. */
  again = ressenti_markers_parse (text, length, NULL, RESSENTI_MARKER_FORMAT_AUTO, vocabulary, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->format, ==, format);
  assert_same_markers (markers, again->markers);
  text2 = ressenti_markers_export (format, again->markers, vocabulary, "call.wav", NULL);
  g_assert_cmpstr (text, ==, text2);
}

static void
test_round_trip_empty (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  for (int format = 0; format < RESSENTI_N_MARKER_FORMATS; format++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RessentiMarkerParse) parse = NULL;
      g_autofree char *text = ressenti_markers_export (format, none, vocabulary, NULL, NULL);

      parse = ressenti_markers_parse (text, strlen (text), NULL, format, vocabulary, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (parse->markers->len, ==, 0);
      g_assert_cmpuint (parse->problems->len, ==, 0);
    }
}

/* The exact conventions, as README.md documents them. */
static void
test_written_forms (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = ressenti_vocabulary_new (NULL);
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_free);
  g_autofree char *vtt = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *eml = NULL;

  ressenti_test_set_language ("en");
  g_ptr_array_add (markers, marker (62500, 69000, RESSENTI_SIDE_CUSTOMER, "anger", 3, "voix, \"haute\""));
  g_ptr_array_add (markers, marker (70000, -1, RESSENTI_SIDE_AGENT, "warm", 2, NULL));

  vtt = ressenti_markers_export (RESSENTI_MARKER_FORMAT_WEBVTT, markers, vocabulary, NULL, NULL);
  g_assert_true (g_str_has_prefix (vtt, "WEBVTT"));
  g_assert_nonnull (strstr (vtt, "\n\nressenti-1 side=customer entry=anger intensity=3 kind=span "
                                 "duration=6.500 text=voix%2C%20%22haute%22\n"
                                 "00:01:02.500 --> 00:01:09.000\n"
                                 "<v Client>Anger, strong: voix, \"haute\"</v>\n\n"));
  g_assert_nonnull (strstr (vtt, "\n\nressenti-2 side=agent entry=warm intensity=2 kind=moment\n"
                                 "00:01:10.000 --> 00:01:11.000\n"
                                 "<v Conseiller>Warm, moderate</v>\n\n"));

  labels = ressenti_markers_export (RESSENTI_MARKER_FORMAT_AUDACITY, markers, vocabulary, NULL, NULL);
  g_assert_cmpstr (labels, ==,
                   "62.500000\t69.000000\tAnger | 3 | Client | voix, \"haute\"\n"
                   "70.000000\t70.000000\tWarm | 2 | Conseiller\n");

  csv = ressenti_markers_export (RESSENTI_MARKER_FORMAT_CSV, markers, vocabulary, NULL, NULL);
  g_assert_cmpstr (csv, ==,
                   "start,end,side,entry,label,intensity,text\r\n"
                   "62.500,69.000,customer,anger,Anger,3,\"voix, \"\"haute\"\"\"\r\n"
                   "70.000,,agent,warm,Warm,2,\r\n");

  eml = ressenti_markers_export (RESSENTI_MARKER_FORMAT_EMOTIONML, markers, vocabulary, "a.wav", NULL);
  g_assert_nonnull (strstr (eml, "<emotionml xmlns=\"http://www.w3.org/2009/10/emotionml\""));
  g_assert_nonnull (strstr (eml, "version=\"1.0\""));
  g_assert_nonnull (strstr (eml, "<emotion category-set=\"http://www.w3.org/TR/emotion-voc/xml#everyday-categories\">"));
  g_assert_nonnull (strstr (eml, "<category name=\"angry\" value=\"1.0\"/>"));
  g_assert_nonnull (strstr (eml, "<reference uri=\"a.wav#t=62.500,69.000\"/>"));
  g_assert_nonnull (strstr (eml, "<vocabulary type=\"category\" id=\"ressenti-categories\">"));
  g_assert_nonnull (strstr (eml, "<emotion category-set=\"#ressenti-categories\">"));
  g_assert_nonnull (strstr (eml, "<category name=\"warm\" value=\"0.67\"/>"));
  g_assert_nonnull (strstr (eml, "<reference uri=\"a.wav#t=70.000\"/>"));
}

/* EmotionML against the W3C schema ------------------------------------- */

static void
test_emotionml_schema (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GPtrArray) markers = sample_markers ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_problem_free);
  g_autofree char *text = ressenti_markers_export (RESSENTI_MARKER_FORMAT_EMOTIONML, markers, vocabulary,
                                                   "call.wav", NULL);
  g_autofree char *dir = ressenti_test_mkdtemp ("emotionml");
  g_autofree char *path = g_build_filename (dir, "export.emotionml", NULL);
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "..", "data", "emotionml", "emotionml.xsd", NULL);
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  const char *invalid = "<emotionml xmlns=\"http://www.w3.org/2009/10/emotionml\" version=\"1.0\">"
                        "<emotion><category name=\"x\" value=\"2\"/></emotion></emotionml>";

  /* In process (the schema compiled into the core)… */
  g_assert_true (ressenti_emotionml_validate (text, strlen (text), problems));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_false (ressenti_emotionml_validate (invalid, strlen (invalid), problems));
  g_assert_cmpuint (problems->len, >, 0);

  /* …and by xmllint with the files of data/emotionml, without network. */
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  if (xmllint != NULL)
    {
      const char *argv[] = { xmllint, "--nonet", "--noout", "--schema", schema, path, NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
      g_assert_no_error (error);
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("xmllint refused the export: %s", err);
      g_assert_nonnull (strstr (err, "validates"));
    }
  else
    g_test_message ("xmllint is not installed: only the in-process validation ran");
  ressenti_test_rmdir (dir);
}

/* WebVTT through GStreamer's subparse ----------------------------------- */

/* "00:00:12.345" */
static gint64
vtt_time (const char *text)
{
  guint h, m, sec, ms;

  g_assert_cmpint (sscanf (text, "%u:%2u:%2u.%3u", &h, &m, &sec, &ms), ==, 4);
  return ((gint64) h * 3600 + m * 60 + sec) * 1000 + ms;
}

static void
test_webvtt_subparse (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GPtrArray) markers = sample_markers ();
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;
  g_autofree char *dir = ressenti_test_mkdtemp ("webvtt");
  g_autofree char *path = g_build_filename (dir, "markers.vtt", NULL);
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElementFactory) factory = gst_element_factory_find ("subparse");
  GstSample *sample;
  guint n = 0;

  /* gst-plugins-base has it on Debian 12 and 13. */
  g_assert_nonnull (factory);

  /* A span holding other markers, as listeners make them. */
  g_ptr_array_add (markers, marker (10000, 30000, RESSENTI_SIDE_CUSTOMER, "frustration", 2, "long"));
  g_ptr_array_add (markers, marker (12000, -1, RESSENTI_SIDE_CUSTOMER, "anger", 3, NULL));
  g_ptr_array_add (markers, marker (15000, 16000, RESSENTI_SIDE_AGENT, "hesitant", 1, NULL));
  g_ptr_array_add (markers, marker (15000, 40000, RESSENTI_SIDE_CUSTOMER, "worry", 1, NULL));
  text = ressenti_markers_export (RESSENTI_MARKER_FORMAT_WEBVTT, markers, vocabulary, NULL, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  /* The cues the file holds. */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *arrow = strstr (lines[i], " --> ");
      gint64 start, end;

      if (arrow == NULL)
        continue;
      start = vtt_time (lines[i]);
      end = vtt_time (arrow + 5);
      g_assert_cmpint (start, <, end);
      /* In start order, and their ends never go back. */
      if (starts->len > 0)
        {
          g_assert_cmpint (start, >=, g_array_index (starts, gint64, starts->len - 1));
          g_assert_cmpint (end, >=, g_array_index (ends, gint64, ends->len - 1));
        }
      g_array_append_val (starts, start);
      g_array_append_val (ends, end);
    }
  g_assert_cmpuint (starts->len, >, markers->len);

  /* The same cues, at the same times, through subparse. */
  description = g_strdup_printf ("filesrc location=\"%s\" ! subparse ! appsink name=sink sync=false", path);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);

  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 10 * GST_SECOND)) != NULL)
    {
      GstBuffer *buffer = gst_sample_get_buffer (sample);

      g_assert_cmpuint (n, <, starts->len);
      g_assert_cmpuint (GST_BUFFER_PTS (buffer), ==, g_array_index (starts, gint64, n) * GST_MSECOND);
      g_assert_cmpuint (GST_BUFFER_DURATION (buffer), ==,
                        (g_array_index (ends, gint64, n) - g_array_index (starts, gint64, n)) * GST_MSECOND);
      gst_sample_unref (sample);
      n++;
    }
  g_assert_true (gst_app_sink_is_eos (GST_APP_SINK (sink)));
  g_assert_cmpuint (n, ==, starts->len);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  ressenti_test_rmdir (dir);
}

/* A marker cut into parts for subparse reads back whole. */
static void
test_webvtt_parts (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_free);
  g_autoptr(RessentiMarkerParse) parse = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_add (markers, marker (10000, 30000, RESSENTI_SIDE_CUSTOMER, "frustration", 2, "long"));
  g_ptr_array_add (markers, marker (12000, -1, RESSENTI_SIDE_CUSTOMER, "anger", 3, NULL));
  text = ressenti_markers_export (RESSENTI_MARKER_FORMAT_WEBVTT, markers, vocabulary, NULL, NULL);
  g_assert_nonnull (strstr (text, "ressenti-1 side=customer entry=frustration intensity=2 kind=span "
                                  "duration=20.000 text=long\n00:00:10.000 --> 00:00:13.000\n"));
  g_assert_nonnull (strstr (text, "ressenti-2 side=customer entry=anger intensity=3 kind=moment\n"
                                  "00:00:12.000 --> 00:00:13.000\n"));
  g_assert_nonnull (strstr (text, "ressenti-1 part=2\n00:00:13.000 --> 00:00:30.000\n"));
  parse = ressenti_markers_parse (text, strlen (text), "x.vtt", RESSENTI_MARKER_FORMAT_AUTO, vocabulary, &error);
  g_assert_no_error (error);
  assert_no_problems (parse);
  assert_same_markers (markers, parse->markers);
}

/* WebVTT: the parser's rules -------------------------------------------- */

static void
test_webvtt_signature (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  const char *refused[] = {
    "", "WEBVT", "WEBVTX", "webvtt\n\n00:01.000 --> 00:02.000\ncolère\n",
    "WEBVTTX\n", "WEBVTT-\n", " WEBVTT\n", "\xEF\xBB\xBF WEBVTT\n",
  };
  const char *accepted[] = {
    "WEBVTT", "WEBVTT\n", "WEBVTT \n", "WEBVTT\tsomething\n", "\xEF\xBB\xBFWEBVTT\n",
    "WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\ncolère\r\n",
  };

  ressenti_test_set_language ("en");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RessentiMarkerParse) parse = ressenti_markers_parse (refused[i], strlen (refused[i]), "x.vtt",
                                                                    RESSENTI_MARKER_FORMAT_AUTO,
                                                                    vocabulary, &error);

      g_assert_null (parse);
      g_assert_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "“x.vtt” is not a WebVTT file: it does not begin with the word WEBVTT.");
    }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RessentiMarkerParse) parse = ressenti_markers_parse (accepted[i], strlen (accepted[i]), "x.vtt",
                                                                    RESSENTI_MARKER_FORMAT_AUTO,
                                                                    vocabulary, &error);

      g_assert_no_error (error);
      assert_no_problems (parse);
    }
}

static void
test_webvtt_foreign (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiMarkerParse) parse = NULL;
  RessentiMarker *m;

  ressenti_test_set_language ("en");
  parse = parse_data_file ("foreign.vtt", vocabulary, &error);
  g_assert_no_error (error);
  assert_no_problems (parse);
  g_assert_cmpuint (parse->markers->len, ==, 6);

  /* A bare French word, no voice: the customer. */
  m = g_ptr_array_index (parse->markers, 0);
  g_assert_cmpint (m->start_ms, ==, 1000);
  g_assert_cmpint (m->end_ms, ==, 2500);
  g_assert_cmpint (m->side, ==, RESSENTI_SIDE_CUSTOMER);
  g_assert_cmpstr (m->entry_key, ==, "anger");
  g_assert_null (m->text);
  g_assert_cmpuint (g_array_index (parse->lines, guint, 0), ==, 6);

  /* A voice, an intensity and a text; minutes-only timestamps. */
  m = g_ptr_array_index (parse->markers, 1);
  g_assert_cmpint (m->start_ms, ==, 62000);
  g_assert_cmpint (m->side, ==, RESSENTI_SIDE_AGENT);
  g_assert_cmpstr (m->entry_key, ==, "warm");
  g_assert_cmpint (m->intensity, ==, 3);
  g_assert_cmpstr (m->text, ==, "très posé & <calme>");

  /* No entry named: "other" with the text. */
  m = g_ptr_array_index (parse->markers, 2);
  g_assert_cmpstr (m->entry_key, ==, RESSENTI_VOCABULARY_OTHER);
  g_assert_cmpstr (m->text, ==, "Il rit jaune");
  g_assert_cmpint (m->side, ==, RESSENTI_SIDE_BOTH);

  /* A zero-length cue is a moment; hours of more than two digits. */
  m = g_ptr_array_index (parse->markers, 3);
  g_assert_cmpint (m->end_ms, ==, -1);
  g_assert_cmpstr (m->entry_key, ==, "worry");
  m = g_ptr_array_index (parse->markers, 4);
  g_assert_cmpint (m->start_ms, ==, 100 * 3600000 + 1);
  g_assert_cmpstr (m->entry_key, ==, CUSTOM_KEY);

  /* A cue right after another one, without a blank line between. */
  m = g_ptr_array_index (parse->markers, 5);
  g_assert_cmpstr (m->entry_key, ==, "sadness");
}

static void
test_webvtt_problems (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiMarkerParse) parse = NULL;

  ressenti_test_set_language ("en");
  parse = parse_data_file ("problems.vtt", vocabulary, &error);
  g_assert_no_error (error);
  /* The good cue is there; each bad one is reported at its line. */
  g_assert_cmpuint (parse->markers->len, ==, 1);
  g_assert_cmpstr (problem_at (parse, 6), ==,
                   "This cue’s timing line is not valid (it must look like "
                   "“00:01:02.500 --> 00:01:09.000”): the cue was dropped.");
  g_assert_cmpstr (problem_at (parse, 9), ==,
                   "This cue’s timing line is not valid (it must look like "
                   "“00:01:02.500 --> 00:01:09.000”): the cue was dropped.");
  g_assert_cmpstr (problem_at (parse, 12), ==, "This cue ends (1.000 s) before it starts (5.000 s).");
  g_assert_cmpstr (problem_at (parse, 15), ==,
                   "This block is neither a cue nor a NOTE: it has no timing line, and was ignored.");
  g_assert_cmpstr (problem_at (parse, 19), ==,
                   "The voice “Narrateur” is neither the customer nor the agent (Client, Conseiller or both).");
  g_assert_cmpstr (problem_at (parse, 21), ==,
                   "This cue’s Ressenti identifier is damaged: it must give the side, entry, intensity and kind.");
  g_assert_cmpstr (problem_at (parse, 26), ==,
                   "The intensity of a marker is 1 (mild), 2 (moderate) or 3 (strong), not 7.");
  g_assert_cmpuint (parse->problems->len, ==, 7);
}

/* Audacity ---------------------------------------------------------------- */

static void
test_audacity_labels (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiMarkerParse) parse = NULL;
  RessentiMarker *m;

  ressenti_test_set_language ("en");
  parse = parse_data_file ("spectral-labels.txt", vocabulary, &error);
  g_assert_no_error (error);
  g_assert_cmpint (parse->format, ==, RESSENTI_MARKER_FORMAT_AUDACITY);

  /* Frequency lines are skipped; labels written by hand are read. */
  g_assert_cmpuint (parse->markers->len, ==, 4);
  m = g_ptr_array_index (parse->markers, 0);
  g_assert_cmpint (m->start_ms, ==, 1250);
  g_assert_cmpint (m->end_ms, ==, 3500);
  g_assert_cmpstr (m->entry_key, ==, "anger");
  m = g_ptr_array_index (parse->markers, 1);
  g_assert_cmpint (m->start_ms, ==, 4000);
  g_assert_cmpint (m->end_ms, ==, -1);
  g_assert_cmpstr (m->entry_key, ==, "impatience");
  g_assert_cmpint (m->intensity, ==, 1);
  g_assert_cmpint (m->side, ==, RESSENTI_SIDE_CUSTOMER);
  g_assert_cmpstr (m->text, ==, "soupire");
  m = g_ptr_array_index (parse->markers, 2);
  g_assert_cmpint (m->start_ms, ==, 10500);
  g_assert_cmpstr (m->entry_key, ==, RESSENTI_VOCABULARY_OTHER);
  g_assert_cmpstr (m->text, ==, "bruit de fond");
  m = g_ptr_array_index (parse->markers, 3);
  g_assert_cmpint (m->start_ms, ==, 12346);   /* 12,3456 rounded, decimal comma */
  g_assert_cmpint (m->side, ==, RESSENTI_SIDE_AGENT);
  g_assert_cmpstr (m->entry_key, ==, "hesitant");

  g_assert_cmpstr (problem_at (parse, 8), ==,
                   "This line is not an Audacity label: it must hold a start, an end and a label, "
                   "separated by tabs.");
  g_assert_cmpstr (problem_at (parse, 9), ==, "This label ends (2.0 s) before it starts (3.0 s).");
  g_assert_cmpstr (problem_at (parse, 10), ==,
                   "This line is neither a label nor the frequency range of the label before it.");
  g_assert_cmpstr (problem_at (parse, 11), ==, "“9” is not an intensity: write 1, 2 or 3.");
  g_assert_cmpstr (problem_at (parse, 12), ==,
                   "“Narrateur” is not a side of the call: write Client, Conseiller or Client et conseiller.");
  g_assert_cmpuint (parse->problems->len, ==, 5);
}

/* CSV -------------------------------------------------------------------- */

static void
test_csv_french_excel (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiMarkerParse) parse = NULL;
  RessentiMarker *m;

  /* Semicolons, decimal commas, French column names, Windows-1252. */
  parse = parse_data_file ("excel-fr.csv", vocabulary, &error);
  g_assert_no_error (error);
  assert_no_problems (parse);
  g_assert_cmpuint (parse->markers->len, ==, 3);
  m = g_ptr_array_index (parse->markers, 0);
  g_assert_cmpint (m->start_ms, ==, 12500);
  g_assert_cmpint (m->end_ms, ==, 15000);
  g_assert_cmpstr (m->entry_key, ==, "anger");
  g_assert_cmpint (m->intensity, ==, 3);
  g_assert_cmpstr (m->text, ==, "élève la voix; répète « non »");
  m = g_ptr_array_index (parse->markers, 1);
  g_assert_cmpint (m->end_ms, ==, -1);
  g_assert_cmpint (m->side, ==, RESSENTI_SIDE_AGENT);
  g_assert_cmpstr (m->entry_key, ==, "reassuring");
  g_assert_cmpint (m->intensity, ==, 2);
  m = g_ptr_array_index (parse->markers, 2);
  g_assert_cmpstr (m->entry_key, ==, RESSENTI_VOCABULARY_OTHER);
  g_assert_cmpstr (m->text, ==, "Méfiance polie: doute");
}

static void
test_csv_problems (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiMarkerParse) parse = NULL;
  g_autoptr(RessentiMarkerParse) none = NULL;
  const char *no_header = "12.5,15,customer,anger\r\n";

  ressenti_test_set_language ("en");
  parse = parse_data_file ("problems.csv", vocabulary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parse->markers->len, ==, 2);
  /* Line numbers count the lines inside quoted fields. */
  g_assert_cmpuint (g_array_index (parse->lines, guint, 1), ==, 5);
  g_assert_cmpstr (problem_at (parse, 6), ==, "The start “abc” is not a time in seconds.");
  g_assert_cmpstr (problem_at (parse, 7), ==, "This marker ends (1.000 s) before it starts (2.000 s).");
  g_assert_cmpstr (problem_at (parse, 8), ==, "“someone” is not a side of the call: write customer, agent or both.");
  g_assert_cmpstr (problem_at (parse, 9), ==,
                   "“Anger” cannot be marked on the agent’s side: a marker about the agent says how they speak (warm, rushed…), never what they feel.");
  g_assert_cmpstr (problem_at (parse, 10), ==,
                   "A quoted field that starts on this line is never closed: the rest of the file was not read.");

  none = ressenti_markers_parse (no_header, strlen (no_header), "x.csv", RESSENTI_MARKER_FORMAT_AUTO,
                                 vocabulary, &error);
  g_assert_null (none);
  g_assert_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "“x.csv” has no header row naming its columns: the first row must name at least "
                   "start and entry (or label).");
}

/* EmotionML -------------------------------------------------------------- */

static void
test_emotionml_foreign (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiMarkerParse) parse = NULL;
  RessentiMarker *m;

  parse = parse_data_file ("foreign.emotionml", vocabulary, &error);
  g_assert_no_error (error);
  assert_no_problems (parse);
  g_assert_cmpuint (parse->markers->len, ==, 4);
  /* big6 "anger", value 0.9, npt time with a clock value. */
  m = g_ptr_array_index (parse->markers, 0);
  g_assert_cmpstr (m->entry_key, ==, "anger");
  g_assert_cmpint (m->intensity, ==, 3);
  g_assert_cmpint (m->start_ms, ==, 70000);
  g_assert_cmpint (m->end_ms, ==, 72500);
  /* everyday "worried" → worry (the entry's EmotionML word), no value. */
  m = g_ptr_array_index (parse->markers, 1);
  g_assert_cmpstr (m->entry_key, ==, "worry");
  g_assert_cmpint (m->intensity, ==, 2);
  g_assert_cmpint (m->end_ms, ==, -1);
  /* A word of the document's own vocabulary that names no entry. */
  m = g_ptr_array_index (parse->markers, 2);
  g_assert_cmpstr (m->entry_key, ==, RESSENTI_VOCABULARY_OTHER);
  g_assert_cmpstr (m->text, ==, "amusement");
  g_assert_cmpint (m->intensity, ==, 1);
  /* The root's category-set is inherited. */
  m = g_ptr_array_index (parse->markers, 3);
  g_assert_cmpstr (m->entry_key, ==, "sadness");
}

static void
test_emotionml_problems (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiMarkerParse) parse = NULL;

  ressenti_test_set_language ("en");
  parse = parse_data_file ("problems.emotionml", vocabulary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parse->markers->len, ==, 1);
  g_assert_cmpstr (problem_at (parse, 9), ==,
                   "“joy” is not a category of the vocabulary "
                   "“http://www.w3.org/TR/emotion-voc/xml#everyday-categories”.");
  g_assert_cmpstr (problem_at (parse, 14), ==, "This emotion ends (4.000 s) before it starts (5.000 s).");
  g_assert_true (g_str_has_prefix (problem_at (parse, 17), "Not valid EmotionML: "));
  g_assert_cmpstr (problem_at (parse, 21), ==,
                   "The category vocabulary “#mine” is not declared in the document.");
  g_assert_cmpstr (problem_at (parse, 25), ==,
                   "The category vocabulary “http://example.com/voc#x” is unknown to Ressenti: its "
                   "categories cannot be checked.");
  g_assert_cmpstr (problem_at (parse, 27), ==,
                   "This emotion has no time: a marker needs a reference to the call with #t=start,end.");
  g_assert_cmpuint (parse->problems->len, ==, 6);
  /* By line. */
  for (guint i = 1; i < parse->problems->len; i++)
    g_assert_cmpuint (((RessentiMarkerProblem *) g_ptr_array_index (parse->problems, i - 1))->line, <=,
                      ((RessentiMarkerProblem *) g_ptr_array_index (parse->problems, i))->line);
}

static void
test_emotionml_refused (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  struct { const char *name; const char *message; } cases[] = {
    { "no-version.emotionml",
      "“no-version.emotionml” does not say which EmotionML it is: the root needs version=\"1.0\"." },
    { "not-xml.emotionml", NULL },
    { "wrong-root.xml",
      "“wrong-root.xml” is not an EmotionML document: its root must be <emotionml> in the "
      "namespace http://www.w3.org/2009/10/emotionml." },
    { "doctype.emotionml",
      "“doctype.emotionml” has a DOCTYPE declaration, which EmotionML does not use: it was not read." },
    { "invalid-root.emotionml", NULL },
  };

  ressenti_test_set_language ("en");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RessentiMarkerParse) parse = parse_data_file (cases[i].name, vocabulary, &error);

      g_assert_null (parse);
      g_assert_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      else
        g_assert_true (g_str_has_prefix (error->message, "“"));
    }
}

/* Detection, size, binary --------------------------------------------------- */

static void
test_detection (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiMarkerParse) parse = NULL;
  g_autofree char *big = g_malloc0 (RESSENTI_MARKER_FILE_MAX + 1);
  const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  const char *prose = "Bonjour,\nvoici mes remarques.\n";

  ressenti_test_set_language ("en");
  g_assert_cmpint (ressenti_marker_format_for_name ("a/b.VTT"), ==, RESSENTI_MARKER_FORMAT_WEBVTT);
  g_assert_cmpint (ressenti_marker_format_for_name ("b.txt"), ==, RESSENTI_MARKER_FORMAT_AUDACITY);
  g_assert_cmpint (ressenti_marker_format_for_name ("b.csv"), ==, RESSENTI_MARKER_FORMAT_CSV);
  g_assert_cmpint (ressenti_marker_format_for_name ("b.xml"), ==, RESSENTI_MARKER_FORMAT_EMOTIONML);
  g_assert_cmpint (ressenti_marker_format_for_name ("b.emotionml"), ==, RESSENTI_MARKER_FORMAT_EMOTIONML);
  g_assert_cmpint (ressenti_marker_format_for_name ("b.dat"), ==, RESSENTI_MARKER_FORMAT_AUTO);
  g_assert_cmpint (ressenti_marker_format_for_name ("dir.vtt/b"), ==, RESSENTI_MARKER_FORMAT_AUTO);

  parse = ressenti_markers_parse (big, RESSENTI_MARKER_FILE_MAX + 1, "big.vtt",
                                  RESSENTI_MARKER_FORMAT_AUTO, vocabulary, &error);
  g_assert_null (parse);
  g_assert_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_TOO_BIG);
  g_assert_cmpstr (error->message, ==, "“big.vtt” is too big for a file of markers (more than 8 MB).");
  g_clear_error (&error);

  parse = ressenti_markers_parse (binary, sizeof binary - 1, "image.csv",
                                  RESSENTI_MARKER_FORMAT_AUTO, vocabulary, &error);
  g_assert_null (parse);
  g_assert_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_BINARY);
  g_assert_cmpstr (error->message, ==, "“image.csv” is not a text file: it cannot hold markers.");
  g_clear_error (&error);

  parse = ressenti_markers_parse (prose, strlen (prose), "notes.dat",
                                  RESSENTI_MARKER_FORMAT_AUTO, vocabulary, &error);
  g_assert_null (parse);
  g_assert_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_UNKNOWN);
  g_assert_cmpstr (error->message, ==,
                   "“notes.dat” is not a file of markers Ressenti can read. Use WebVTT (.vtt), "
                   "Audacity labels (.txt), CSV (.csv) or EmotionML (.emotionml).");
  g_clear_error (&error);

  parse = parse_data_file ("missing.vtt", vocabulary, &error);
  g_assert_null (parse);
  g_assert_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_READ);
  g_assert_cmpstr (error->message, ==, "“missing.vtt” cannot be read: No such file or directory.");
}

static void
test_duration (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = make_vocabulary ();
  g_autoptr(GPtrArray) markers = sample_markers ();
  g_autofree char *csv = ressenti_markers_export (RESSENTI_MARKER_FORMAT_CSV, markers, vocabulary, NULL, NULL);
  g_autoptr(RessentiMarkerParse) parse = NULL;
  g_autoptr(GError) error = NULL;

  ressenti_test_set_language ("en");
  parse = ressenti_markers_parse (csv, strlen (csv), "m.csv", RESSENTI_MARKER_FORMAT_AUTO, vocabulary, &error);
  g_assert_no_error (error);
  ressenti_marker_parse_check_duration (parse, 3724000);
  g_assert_cmpuint (parse->markers->len, ==, markers->len - 2);
  g_assert_cmpuint (parse->problems->len, ==, 2);
  /* Lines count those inside quoted texts. */
  g_assert_cmpstr (problem_at (parse, 12), ==,
                   "This marker reaches 3725.000 s, after the end of the call (3724.000 s).");
}

/* French -------------------------------------------------------------------- */

/* The French of these messages is in po-fr-additions.po until it is
 * merged into po/fr.po. */
static gboolean
french_available (void)
{
  const char *msgid = "This cue ends (%2$s s) before it starts (%1$s s).";

  ressenti_test_set_language ("fr");
  if (g_str_equal (_(msgid), msgid))
    {
      ressenti_test_set_language ("en");
      g_test_skip ("the French of the marker formats (po-fr-additions.po) is not in po/fr.po yet");
      return FALSE;
    }
  return TRUE;
}

static void
test_french (void)
{
  g_autoptr(RessentiVocabulary) vocabulary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiMarkerParse) parse = NULL;
  g_autoptr(RessentiMarkerParse) csv = NULL;
  g_autoptr(RessentiMarkerParse) eml = NULL;
  g_autoptr(RessentiMarkerParse) none = NULL;
  const char *no_signature = "Sous-titres\n";

  if (!french_available ())
    return;
  vocabulary = make_vocabulary ();

  none = ressenti_markers_parse (no_signature, strlen (no_signature), "x.vtt", RESSENTI_MARKER_FORMAT_AUTO,
                                 vocabulary, &error);
  g_assert_null (none);
  g_assert_cmpstr (error->message, ==,
                   "« x.vtt » n’est pas un fichier WebVTT : il ne commence pas par le mot WEBVTT.");
  g_clear_error (&error);

  parse = parse_data_file ("problems.vtt", vocabulary, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (problem_at (parse, 6), ==,
                   "La ligne de temps de ce sous-titre n’est pas valide (elle doit ressembler à "
                   "« 00:01:02.500 --> 00:01:09.000 ») : le sous-titre a été ignoré.");
  g_assert_cmpstr (problem_at (parse, 12), ==, "Ce sous-titre finit (1.000 s) avant de commencer (5.000 s).");
  g_assert_cmpstr (problem_at (parse, 19), ==,
                   "La voix « Narrateur » n’est ni le client ni le conseiller (Client, Conseiller ou les deux).");

  csv = parse_data_file ("problems.csv", vocabulary, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (problem_at (csv, 6), ==, "Le début « abc » n’est pas un temps en secondes.");
  g_assert_cmpstr (problem_at (csv, 8), ==,
                   "« someone » n’est pas un côté de l’appel : écrivez customer, agent ou both.");

  eml = parse_data_file ("problems.emotionml", vocabulary, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (problem_at (eml, 21), ==,
                   "Le vocabulaire de catégories « #mine » n’est pas déclaré dans le document.");

  g_clear_pointer (&none, ressenti_marker_parse_free);
  none = parse_data_file ("no-version.emotionml", vocabulary, &error);
  g_assert_null (none);
  g_assert_cmpstr (error->message, ==,
                   "« no-version.emotionml » ne dit pas de quel EmotionML il s’agit : la racine doit "
                   "porter version=\"1.0\".");
  g_clear_error (&error);

  ressenti_test_set_language ("en");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ressenti_test_init_i18n ();
  gst_init (&argc, &argv);

  for (int format = 0; format < RESSENTI_N_MARKER_FORMATS; format++)
    {
      g_autofree char *path = g_strdup_printf ("/marker-formats/round-trip/%s",
                                               ressenti_marker_format_to_string (format));

      g_test_add_data_func (path, GINT_TO_POINTER (format), test_round_trip);
    }
  g_test_add_func ("/marker-formats/round-trip/empty", test_round_trip_empty);
  g_test_add_func ("/marker-formats/written-forms", test_written_forms);
  g_test_add_func ("/marker-formats/emotionml/schema", test_emotionml_schema);
  g_test_add_func ("/marker-formats/webvtt/subparse", test_webvtt_subparse);
  g_test_add_func ("/marker-formats/webvtt/parts", test_webvtt_parts);
  g_test_add_func ("/marker-formats/webvtt/signature", test_webvtt_signature);
  g_test_add_func ("/marker-formats/webvtt/foreign", test_webvtt_foreign);
  g_test_add_func ("/marker-formats/webvtt/problems", test_webvtt_problems);
  g_test_add_func ("/marker-formats/audacity/labels", test_audacity_labels);
  g_test_add_func ("/marker-formats/csv/french-excel", test_csv_french_excel);
  g_test_add_func ("/marker-formats/csv/problems", test_csv_problems);
  g_test_add_func ("/marker-formats/emotionml/foreign", test_emotionml_foreign);
  g_test_add_func ("/marker-formats/emotionml/problems", test_emotionml_problems);
  g_test_add_func ("/marker-formats/emotionml/refused", test_emotionml_refused);
  g_test_add_func ("/marker-formats/detection", test_detection);
  g_test_add_func ("/marker-formats/duration", test_duration);
  g_test_add_func ("/marker-formats/french", test_french);

  return g_test_run ();
}
