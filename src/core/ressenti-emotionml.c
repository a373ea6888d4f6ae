/* ressenti-emotionml.c — markers as W3C EmotionML 1.0
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One <emotion> per marker, in the EmotionML namespace
 * (http://www.w3.org/2009/10/emotionml), in a document with
 * version="1.0":
 *
 *     <emotion category-set="http://www.w3.org/TR/emotion-voc/xml#everyday-categories">
 *       <info>
 *         <ressenti:marker side="customer" entry="anger" intensity="3" kind="span">
 *           <ressenti:text>la voix monte</ressenti:text>
 *         </ressenti:marker>
 *       </info>
 *       <category name="angry" value="1"/>
 *       <reference uri="CALL#t=62.5,69"/>
 *     </emotion>
 *
 * - The category: the entry's W3C word in its W3C vocabulary when it has
 *   one (entry->emotionml_set/name: the "everyday categories"), else the
 *   entry's key in Ressenti's own vocabulary, declared in the document
 *   (<vocabulary type="category" id="ressenti-categories">, each item
 *   with its label in <info>) and referred to as "#ressenti-categories".
 * - The intensity: EmotionML 1.0 has no <intensity> element (earlier
 *   drafts had); the intensity of a category is its value attribute, a
 *   scale from 0 to 1. Intensity 1 → 0.33, 2 → 0.67, 3 → 1.0. Reading
 *   gives 1 below 0.5, 2 below 0.84, 3 above; no value gives 2.
 * - The time: a media fragment on the reference to the call's audio
 *   (W3C Media Fragments, NPT seconds): "#t=start,end" for a span,
 *   "#t=start" for a moment. The start/end attributes of <emotion> are
 *   not used: they are absolute times (milliseconds since 1970), not
 *   places in a recording.
 * - <info> holds what EmotionML cannot say, in Ressenti's namespace
 *   (RESSENTI_NS): side, entry key, intensity 1–3, moment or span, text.
 *   When present it is what is read back, so that the round trip is
 *   exact; without it (a file from another tool) the category, its value
 *   and the reference's time are read, the side is the customer.
 *
 * Reading checks the document against the W3C schema (data/emotionml/,
 * compiled into the core's resources; no network access) and then what
 * a schema cannot: version="1.0" on the root, every category a member of
 * the vocabulary its category-set names (the document's own, or a W3C
 * vocabulary of "Vocabularies for EmotionML"), a start before the end, an
 * intensity from 0 to 1. A fault inside an <emotion> is a problem at its
 * line (that emotion is left out); a fault of the document itself refuses
 * the file.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "ressenti-core-resources.h"
#include "ressenti-marker-formats-private.h"

#define EMOTIONML_NS "http://www.w3.org/2009/10/emotionml"
#define RESSENTI_NS "https://ressenti.github.io/ns/markers/1"
#define RESSENTI_VOCABULARY_ID "ressenti-categories"
#define W3C_VOC "http://www.w3.org/TR/emotion-voc/xml#"
#define SCHEMA_RESOURCE "/io/github/ressenti/Ressenti/emotionml/emotionml.xsd"
#define RESOURCE_SCHEME "resource://"

/* libxml2 2.12 made the error of a structured handler const. */
#if LIBXML_VERSION >= 21200
#define RESSENTI_XML_ERROR const xmlError
#else
#define RESSENTI_XML_ERROR xmlError
#endif

/* The category vocabularies of the W3C Note "Vocabularies for EmotionML"
 * (http://www.w3.org/TR/emotion-voc/), to check names against. */
static const char * const big6[] = {
  "anger", "disgust", "fear", "happiness", "sadness", "surprise", NULL,
};
static const char * const everyday_categories[] = {
  "affectionate", "afraid", "amused", "angry", "bored", "confident", "content",
  "disappointed", "excited", "happy", "interested", "loving", "pleased", "relaxed",
  "sad", "satisfied", "worried", NULL,
};
static const char * const occ_categories[] = {
  "admiration", "anger", "disappointment", "distress", "fear", "fears-confirmed",
  "gloating", "gratification", "gratitude", "happy-for", "hate", "hope", "joy", "love",
  "pity", "pride", "relief", "remorse", "reproach", "resentment", "satisfaction",
  "shame", NULL,
};
static const char * const fsre_categories[] = {
  "anger", "anxiety", "being-hurt", "compassion", "contempt", "contentment", "despair",
  "disappointment", "disgust", "fear", "guilt", "happiness", "hate", "interest",
  "irritation", "jealousy", "joy", "love", "pleasure", "pride", "sadness", "shame",
  "stress", "surprise", NULL,
};
static const char * const frijda_categories[] = {
  "anger", "arrogance", "desire", "disgust", "enjoyment", "fear", "humility",
  "indifference", "interest", "resignation", "shock", "surprise", NULL,
};

static const struct
{
  const char         *id;
  const char * const *names;
} w3c_vocabularies[] = {
  { "big6", big6 },
  { "everyday-categories", everyday_categories },
  { "occ-categories", occ_categories },
  { "fsre-categories", fsre_categories },
  { "frijda-categories", frijda_categories },
};

/* The names of a W3C category vocabulary named by @uri, or NULL. */
static const char * const *
w3c_vocabulary (const char *uri)
{
  const char *id;

  if (g_str_has_prefix (uri, W3C_VOC))
    id = uri + strlen (W3C_VOC);
  else if (g_str_has_prefix (uri, "https://www.w3.org/TR/emotion-voc/xml#"))
    id = uri + strlen ("https://www.w3.org/TR/emotion-voc/xml#");
  else
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (w3c_vocabularies); i++)
    if (g_str_equal (id, w3c_vocabularies[i].id))
      return w3c_vocabularies[i].names;
  return NULL;
}

static gboolean
same_vocabulary (const char *a,
                 const char *b)
{
  if (a == NULL || b == NULL)
    return FALSE;
  if (g_str_has_prefix (a, "https://"))
    a += strlen ("https://");
  else if (g_str_has_prefix (a, "http://"))
    a += strlen ("http://");
  if (g_str_has_prefix (b, "https://"))
    b += strlen ("https://");
  else if (g_str_has_prefix (b, "http://"))
    b += strlen ("http://");
  return g_str_equal (a, b);
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/* A name fit for an NMTOKEN (vocabulary item, category name). */
static char *
nmtoken_for_key (const char *key)
{
  GString *out = g_string_new (NULL);

  for (const char *p = key; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || c == '-' || c == '_' || c == '.' || c == ':')
        g_string_append_unichar (out, c);
      else
        g_string_append_c (out, '_');
    }
  if (out->len == 0)
    g_string_append_c (out, '_');
  return g_string_free (out, FALSE);
}

static const char *
intensity_value (int intensity)
{
  switch (intensity)
    {
    case 1:
      return "0.33";
    case 2:
      return "0.67";
    default:
      return "1.0";
    }
}

static const xmlChar *
X (const char *s)
{
  return (const xmlChar *) s;
}

char *
ressenti_emotionml_write (GPtrArray          *markers,
                          RessentiVocabulary *vocabulary,
                          const char         *media_uri)
{
  xmlDocPtr doc = xmlNewDoc (X ("1.0"));
  xmlNodePtr root = xmlNewNode (NULL, X ("emotionml"));
  xmlNsPtr ns = xmlNewNs (root, X (EMOTIONML_NS), NULL);
  xmlNsPtr ressenti_ns = xmlNewNs (root, X (RESSENTI_NS), X ("ressenti"));
  g_autoptr(GHashTable) own_entries = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) own_keys = g_ptr_array_new ();
  xmlChar *memory = NULL;
  int size = 0;
  char *text;

  xmlSetNs (root, ns);
  xmlNewProp (root, X ("version"), X ("1.0"));
  xmlDocSetRootElement (doc, root);
  if (media_uri == NULL || *media_uri == '\0')
    media_uri = "call";

  /* Ressenti's own words, for the entries no W3C word fits. */
  for (guint i = 0; i < markers->len; i++)
    {
      const RessentiMarker *marker = g_ptr_array_index (markers, i);
      const RessentiVocabularyEntry *entry = ressenti_vocabulary_lookup (vocabulary, marker->entry_key);

      if ((entry == NULL || entry->emotionml_set == NULL || entry->emotionml_name == NULL) &&
          g_hash_table_add (own_entries, marker->entry_key))
        g_ptr_array_add (own_keys, marker->entry_key);
    }
  if (own_keys->len > 0)
    {
      xmlNodePtr vocab = xmlNewChild (root, ns, X ("vocabulary"), NULL);

      xmlNewProp (vocab, X ("type"), X ("category"));
      xmlNewProp (vocab, X ("id"), X (RESSENTI_VOCABULARY_ID));
      for (guint i = 0; i < own_keys->len; i++)
        {
          const char *key = g_ptr_array_index (own_keys, i);
          g_autofree char *name = nmtoken_for_key (key);
          xmlNodePtr item = xmlNewChild (vocab, ns, X ("item"), NULL);
          xmlNodePtr info = xmlNewChild (item, ns, X ("info"), NULL);

          xmlNewProp (item, X ("name"), X (name));
          xmlNewTextChild (info, ressenti_ns, X ("label"),
                           X (ressenti_vocabulary_get_label (vocabulary, key)));
        }
    }

  for (guint i = 0; i < markers->len; i++)
    {
      const RessentiMarker *marker = g_ptr_array_index (markers, i);
      const RessentiVocabularyEntry *entry = ressenti_vocabulary_lookup (vocabulary, marker->entry_key);
      gboolean w3c = entry != NULL && entry->emotionml_set != NULL && entry->emotionml_name != NULL;
      xmlNodePtr emotion = xmlNewChild (root, ns, X ("emotion"), NULL);
      xmlNodePtr info = xmlNewChild (emotion, ns, X ("info"), NULL);
      xmlNodePtr about = xmlNewChild (info, ressenti_ns, X ("marker"), NULL);
      xmlNodePtr category;
      xmlNodePtr reference;
      g_autofree char *name = w3c ? g_strdup (entry->emotionml_name) : nmtoken_for_key (marker->entry_key);
      g_autofree char *start = ressenti_marker_formats_seconds (marker->start_ms);
      g_autofree char *end = marker->end_ms >= 0 ? ressenti_marker_formats_seconds (marker->end_ms) : NULL;
      g_autofree char *intensity = g_strdup_printf ("%d", marker->intensity);
      g_autofree char *uri = NULL;

      xmlNewProp (emotion, X ("category-set"), X (w3c ? entry->emotionml_set : "#" RESSENTI_VOCABULARY_ID));
      xmlNewProp (about, X ("side"), X (ressenti_side_to_string (marker->side)));
      xmlNewProp (about, X ("entry"), X (marker->entry_key));
      xmlNewProp (about, X ("intensity"), X (intensity));
      xmlNewProp (about, X ("kind"), X (marker->end_ms < 0 ? "moment" : "span"));
      if (marker->text != NULL)
        xmlNewTextChild (about, ressenti_ns, X ("text"), X (marker->text));

      category = xmlNewChild (emotion, ns, X ("category"), NULL);
      xmlNewProp (category, X ("name"), X (name));
      xmlNewProp (category, X ("value"), X (intensity_value (marker->intensity)));

      uri = end != NULL ? g_strdup_printf ("%s#t=%s,%s", media_uri, start, end)
                        : g_strdup_printf ("%s#t=%s", media_uri, start);
      reference = xmlNewChild (emotion, ns, X ("reference"), NULL);
      xmlNewProp (reference, X ("uri"), X (uri));
    }

  xmlDocDumpFormatMemoryEnc (doc, &memory, &size, "UTF-8", 1);
  text = g_strndup ((const char *) memory, size);
  xmlFree (memory);
  xmlFreeDoc (doc);
  return text;
}

/* ------------------------------------------------------------------ */
/* The schema                                                          */
/* ------------------------------------------------------------------ */

static xmlExternalEntityLoader previous_loader;

/* Serves resource:// URLs (the schema's include) from the core's
 * resources and refuses anything else: no file, no network. */
static xmlParserInputPtr
resource_loader (const char       *url,
                 const char       *id,
                 xmlParserCtxtPtr  ctxt)
{
  g_autoptr(GBytes) bytes = NULL;
  xmlParserInputBufferPtr buffer;
  xmlParserInputPtr input;
  gsize size = 0;
  const char *data;

  if (url == NULL || !g_str_has_prefix (url, RESOURCE_SCHEME))
    return NULL;
  bytes = g_resource_lookup_data (ressenti_core_get_resource (), url + strlen (RESOURCE_SCHEME),
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  buffer = xmlParserInputBufferCreateMem (data, (int) size, XML_CHAR_ENCODING_NONE);
  if (buffer == NULL)
    return NULL;
  input = xmlNewIOInputStream (ctxt, buffer, XML_CHAR_ENCODING_NONE);
  if (input == NULL)
    {
      xmlFreeParserInputBuffer (buffer);
      return NULL;
    }
  input->filename = (char *) xmlStrdup (X (url));
  return input;
}

static void
ignore_error (void               *user_data,
              RESSENTI_XML_ERROR *error)
{
}

static gpointer
load_schema (gpointer data)
{
  xmlSchemaParserCtxtPtr parser;
  xmlSchemaPtr schema;

  xmlInitParser ();
  previous_loader = xmlGetExternalEntityLoader ();
  xmlSetExternalEntityLoader (resource_loader);
  parser = xmlSchemaNewParserCtxt (RESOURCE_SCHEME SCHEMA_RESOURCE);
  xmlSchemaSetParserStructuredErrors (parser, ignore_error, NULL);
  schema = xmlSchemaParse (parser);
  xmlSchemaFreeParserCtxt (parser);
  xmlSetExternalEntityLoader (previous_loader);
  if (schema == NULL)
    g_critical ("The EmotionML schema in the resources cannot be compiled");
  return schema;
}

static xmlSchemaPtr
get_schema (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_schema, NULL);
  return once.retval;
}

typedef struct
{
  GPtrArray  *problems;   /* RessentiMarkerProblem*, or NULL */
  GHashTable *bad_nodes;  /* xmlNodePtr of the <emotion> elements at fault */
  guint       n_errors;
  guint       document_line;
  char       *document_message;   /* the first error outside any <emotion> */
} SchemaErrors;

static gboolean
is_element (xmlNodePtr  node,
            const char *ns,
            const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         g_str_equal ((const char *) node->ns->href, ns) &&
         g_str_equal ((const char *) node->name, name);
}

static char *
clean_message (const char *message)
{
  char *copy = g_strdup (message != NULL ? message : "");

  return g_strstrip (copy);
}

static void
collect_schema_error (void               *user_data,
                      RESSENTI_XML_ERROR *error)
{
  SchemaErrors *errors = user_data;
  xmlNodePtr node = error->node;
  xmlNodePtr emotion = NULL;
  g_autofree char *message = clean_message (error->message);
  guint line = error->line > 0 ? (guint) error->line : 0;

  if (error->level < XML_ERR_ERROR)
    return;
  errors->n_errors++;
  for (xmlNodePtr n = node; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
    if (is_element (n, EMOTIONML_NS, "emotion"))
      emotion = n;
  if (node != NULL && line == 0)
    line = (guint) xmlGetLineNo (node);

  if (emotion != NULL && errors->bad_nodes != NULL)
    g_hash_table_add (errors->bad_nodes, emotion);
  else if (errors->document_message == NULL)
    {
      errors->document_line = line;
      errors->document_message = g_strdup (message);
    }
  if (errors->problems != NULL)
    ressenti_marker_parse_add_problem (&(RessentiMarkerParse) { .problems = errors->problems }, line,
                                       /* Translators: %s is the XML library's message (English). */
                                       _("Not valid EmotionML: %s"), message);
}

static gboolean
validate_doc (xmlDocPtr     doc,
              SchemaErrors *errors)
{
  xmlSchemaPtr schema = get_schema ();
  xmlSchemaValidCtxtPtr validator;
  int result;

  if (schema == NULL)
    return FALSE;
  validator = xmlSchemaNewValidCtxt (schema);
  xmlSchemaSetValidStructuredErrors (validator, collect_schema_error, errors);
  result = xmlSchemaValidateDoc (validator, doc);
  xmlSchemaFreeValidCtxt (validator);
  return result == 0 && errors->n_errors == 0;
}

/* Parses without network, entities or DTDs; NULL with @line and
 * @message set when the text is not well-formed. */
static xmlDocPtr
read_doc (const char  *data,
          gsize        length,
          guint       *line,
          char       **message)
{
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;

  xmlInitParser ();
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    return NULL;
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    {
      const xmlError *error = xmlCtxtGetLastError (ctxt);

      *line = error != NULL && error->line > 0 ? (guint) error->line : 0;
      *message = clean_message (error != NULL ? error->message : NULL);
    }
  xmlFreeParserCtxt (ctxt);
  return doc;
}

gboolean
ressenti_emotionml_validate (const char *data,
                             gsize       length,
                             GPtrArray  *problems)
{
  SchemaErrors errors = { problems, NULL, 0, 0, NULL };
  g_autofree char *message = NULL;
  guint line = 0;
  xmlDocPtr doc;
  gboolean valid;

  g_return_val_if_fail (data != NULL, FALSE);

  if (length > RESSENTI_MARKER_FILE_MAX)
    return FALSE;
  doc = read_doc (data, length, &line, &message);
  if (doc == NULL)
    {
      if (problems != NULL)
        ressenti_marker_parse_add_problem (&(RessentiMarkerParse) { .problems = problems }, line,
                                           /* Translators: %s is the XML library's message
                                            * (English). */
                                           _("Not well-formed XML: %s"), message);
      return FALSE;
    }
  valid = validate_doc (doc, &errors);
  g_free (errors.document_message);
  xmlFreeDoc (doc);
  return valid;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

static char *
get_attr (xmlNodePtr  node,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, X (name));
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static guint
line_of (xmlNodePtr node)
{
  long line = xmlGetLineNo (node);

  return line > 0 ? (guint) line : 0;
}

static xmlNodePtr
first_child (xmlNodePtr  node,
             const char *ns,
             const char *name)
{
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (is_element (child, ns, name))
      return child;
  return NULL;
}

/* A clock value of Media Fragments' NPT: "12.5", "1:02.5", "0:01:02.5". */
static gboolean
parse_npt (const char *text,
           gint64     *ms)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  guint n = g_strv_length (parts);
  gint64 total = 0;

  if (n == 0 || n > 3)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      gint64 value;

      if (i + 1 < n)
        {
          guint64 whole;

          if (!g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXINT32, &whole, NULL))
            return FALSE;
          if (i > 0 && whole > 59)
            return FALSE;
          total = (total + (gint64) whole) * 60;
        }
      else
        {
          if (strchr (parts[i], ',') != NULL || !ressenti_marker_formats_parse_seconds (parts[i], &value))
            return FALSE;
          if (n > 1 && value >= 60000)
            return FALSE;
          total = total * 1000 + value;
        }
    }
  *ms = total;
  return TRUE;
}

/* The time of a media fragment "…#t=[npt:]start[,end]". */
static gboolean
fragment_time (const char *uri,
               gint64     *start,
               gint64     *end,
               gboolean   *has_end)
{
  const char *hash = strchr (uri, '#');
  g_auto(GStrv) params = NULL;

  if (hash == NULL)
    return FALSE;
  params = g_strsplit (hash + 1, "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      g_autofree char *value = NULL;
      const char *v;
      const char *comma;
      g_autofree char *first = NULL;

      if (!g_str_has_prefix (params[i], "t="))
        continue;
      value = g_uri_unescape_string (params[i] + 2, NULL);
      if (value == NULL)
        return FALSE;
      v = value;
      if (g_str_has_prefix (v, "npt:"))
        v += 4;
      comma = strchr (v, ',');
      first = comma != NULL ? g_strndup (v, comma - v) : g_strdup (v);
      /* "t=,20" starts at 0. */
      if (*first == '\0')
        *start = 0;
      else if (!parse_npt (first, start))
        return FALSE;
      *has_end = comma != NULL;
      if (comma != NULL && !parse_npt (comma + 1, end))
        return FALSE;
      return TRUE;
    }
  return FALSE;
}

typedef struct
{
  RessentiMarkerParse *parse;
  RessentiVocabulary  *vocabulary;
  xmlNodePtr           root;
  GHashTable          *local;        /* id → GHashTable of item names (category vocabularies) */
  GHashTable          *bad_nodes;
} Reader;

static void
read_local_vocabularies (Reader *reader)
{
  for (xmlNodePtr node = reader->root->children; node != NULL; node = node->next)
    {
      g_autofree char *id = NULL;
      g_autofree char *type = NULL;
      GHashTable *names;

      if (!is_element (node, EMOTIONML_NS, "vocabulary"))
        continue;
      id = get_attr (node, "id");
      type = get_attr (node, "type");
      if (id == NULL || type == NULL || !g_str_equal (type, "category"))
        continue;
      names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (xmlNodePtr item = node->children; item != NULL; item = item->next)
        if (is_element (item, EMOTIONML_NS, "item"))
          {
            char *name = get_attr (item, "name");

            if (name != NULL)
              g_hash_table_add (names, g_strstrip (name));
          }
      g_hash_table_insert (reader->local, g_steal_pointer (&id), names);
    }
}

/* The entry of the library a category of a W3C vocabulary or of another
 * tool's vocabulary stands for. */
static const RessentiVocabularyEntry *
entry_for_category (Reader     *reader,
                    const char *set,
                    const char *name)
{
  g_autoptr(GPtrArray) entries = ressenti_vocabulary_get_entries (reader->vocabulary);
  const RessentiVocabularyEntry *found = NULL;

  if (set[0] == '#')
    {
      const RessentiVocabularyEntry *entry = ressenti_vocabulary_lookup (reader->vocabulary, name);

      if (entry != NULL)
        return entry;
    }
  else
    for (guint pass = 0; pass < 2 && found == NULL; pass++)
      for (guint i = 0; i < entries->len && found == NULL; i++)
        {
          const RessentiVocabularyEntry *entry = g_ptr_array_index (entries, i);

          if (entry->retired == (pass == 1) && same_vocabulary (entry->emotionml_set, set) &&
              g_strcmp0 (entry->emotionml_name, name) == 0)
            found = entry;
        }
  if (found != NULL)
    return found;
  return ressenti_vocabulary_match_text (reader->vocabulary, name);
}

/* The marker the Ressenti <info> of an emotion describes; FALSE when it
 * has none, or a damaged one (*damaged). */
static gboolean
read_ressenti_info (xmlNodePtr      emotion,
                    RessentiMarker *marker,
                    gboolean       *moment,
                    gboolean       *damaged)
{
  xmlNodePtr info = first_child (emotion, EMOTIONML_NS, "info");
  xmlNodePtr about = info != NULL ? first_child (info, RESSENTI_NS, "marker") : NULL;
  xmlNodePtr text_node;
  g_autofree char *side = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *intensity = NULL;
  g_autofree char *kind = NULL;
  guint64 number = 0;

  *damaged = FALSE;
  if (about == NULL)
    return FALSE;
  side = get_attr (about, "side");
  entry = get_attr (about, "entry");
  intensity = get_attr (about, "intensity");
  kind = get_attr (about, "kind");
  if (side == NULL || !ressenti_side_from_string (side, &marker->side) ||
      entry == NULL || *entry == '\0' ||
      intensity == NULL || !g_ascii_string_to_unsigned (intensity, 10, 0, 100, &number, NULL) ||
      kind == NULL || !(g_str_equal (kind, "moment") || g_str_equal (kind, "span")))
    {
      *damaged = TRUE;
      return FALSE;
    }
  g_free (marker->entry_key);
  marker->entry_key = g_steal_pointer (&entry);
  marker->intensity = (int) number;
  *moment = g_str_equal (kind, "moment");
  text_node = first_child (about, RESSENTI_NS, "text");
  if (text_node != NULL)
    {
      xmlChar *content = xmlNodeGetContent (text_node);

      marker->text = ressenti_marker_formats_text_or_null ((const char *) content);
      xmlFree (content);
    }
  return TRUE;
}

static void
read_emotion (Reader     *reader,
              xmlNodePtr  emotion)
{
  RessentiMarkerParse *parse = reader->parse;
  guint line = line_of (emotion);
  g_autoptr(RessentiMarker) marker = ressenti_marker_new (0, RESSENTI_SIDE_CUSTOMER, NULL);
  xmlNodePtr category = first_child (emotion, EMOTIONML_NS, "category");
  g_autofree char *version = get_attr (emotion, "version");
  g_autofree char *set = get_attr (emotion, "category-set");
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  gint64 start = -1, end = -1;
  gboolean has_end = FALSE;
  gboolean moment = FALSE;
  gboolean damaged = FALSE;
  gboolean found_time = FALSE;
  double intensity_value = -1;

  if (version != NULL && !g_str_equal (version, "1.0"))
    {
      ressenti_marker_parse_add_problem (parse, line,
                                         /* Translators: %s is a version number. */
                                         _("This emotion says it is EmotionML version “%s”; "
                                           "Ressenti reads version 1.0."),
                                         version);
      return;
    }
  if (category == NULL)
    {
      ressenti_marker_parse_add_problem (parse, line,
                                         _("This emotion has no category: a marker needs one."));
      return;
    }
  line = line_of (category);
  name = get_attr (category, "name");
  value = get_attr (category, "value");
  if (name != NULL)
    g_strstrip (name);
  if (set == NULL)
    set = get_attr (reader->root, "category-set");

  /* The category must be a member of the vocabulary named. */
  if (set == NULL)
    {
      ressenti_marker_parse_add_problem (parse, line,
                                         _("This category names no vocabulary: EmotionML needs a "
                                           "category-set on the emotion or the document."));
      return;
    }
  if (set[0] == '#')
    {
      GHashTable *names = g_hash_table_lookup (reader->local, set + 1);

      if (names == NULL)
        {
          ressenti_marker_parse_add_problem (parse, line,
                                             /* Translators: %s is a reference such as
                                              * "#my-words". */
                                             _("The category vocabulary “%s” is not declared in "
                                               "the document."),
                                             set);
          return;
        }
      if (!g_hash_table_contains (names, name))
        {
          ressenti_marker_parse_add_problem (parse, line,
                                             /* Translators: %1$s is a category name, %2$s a
                                              * vocabulary. */
                                             _("“%1$s” is not a category of the vocabulary “%2$s”."),
                                             name, set);
          return;
        }
    }
  else
    {
      const char * const *names = w3c_vocabulary (set);

      if (names == NULL)
        {
          ressenti_marker_parse_add_problem (parse, line,
                                             /* Translators: %s is a vocabulary's URI. */
                                             _("The category vocabulary “%s” is unknown to Ressenti: "
                                               "its categories cannot be checked."),
                                             set);
          return;
        }
      if (!g_strv_contains (names, name))
        {
          ressenti_marker_parse_add_problem (parse, line,
                                             _("“%1$s” is not a category of the vocabulary “%2$s”."),
                                             name, set);
          return;
        }
    }

  if (value != NULL)
    {
      char *end_ptr = NULL;

      intensity_value = g_ascii_strtod (value, &end_ptr);
      if (end_ptr == value || *end_ptr != '\0' || !isfinite (intensity_value) ||
          intensity_value < 0 || intensity_value > 1)
        {
          ressenti_marker_parse_add_problem (parse, line,
                                             /* Translators: %s is what was found. */
                                             _("The intensity “%s” is not a value from 0 to 1."),
                                             value);
          return;
        }
    }

  /* The time: the first reference with a media fragment. */
  for (xmlNodePtr child = emotion->children; child != NULL && !found_time; child = child->next)
    if (is_element (child, EMOTIONML_NS, "reference"))
      {
        g_autofree char *uri = get_attr (child, "uri");

        if (uri != NULL && strstr (uri, "t=") != NULL)
          {
            if (!fragment_time (uri, &start, &end, &has_end))
              {
                ressenti_marker_parse_add_problem (parse, line_of (child),
                                                   /* Translators: %s is a URI. */
                                                   _("The time in “%s” cannot be read: write "
                                                     "#t=start,end in seconds."),
                                                   uri);
                return;
              }
            found_time = TRUE;
            line = line_of (child);
          }
      }
  if (!found_time)
    {
      ressenti_marker_parse_add_problem (parse, line_of (emotion),
                                         _("This emotion has no time: a marker needs a reference "
                                           "to the call with #t=start,end."));
      return;
    }
  if (has_end && end < start)
    {
      g_autofree char *start_text = ressenti_marker_formats_seconds (start);
      g_autofree char *end_text = ressenti_marker_formats_seconds (end);

      ressenti_marker_parse_add_problem (parse, line,
                                         _("This emotion ends (%2$s s) before it starts (%1$s s)."),
                                         start_text, end_text);
      return;
    }
  marker->start_ms = start;
  marker->end_ms = has_end && end > start ? end : -1;

  if (read_ressenti_info (emotion, marker, &moment, &damaged))
    {
      if (moment)
        marker->end_ms = -1;
      else if (marker->end_ms < 0)
        {
          ressenti_marker_parse_add_problem (parse, line,
                                             _("This emotion is a stretch of the call, but its "
                                               "reference gives no end."));
          return;
        }
    }
  else if (damaged)
    {
      ressenti_marker_parse_add_problem (parse, line_of (emotion),
                                         _("This emotion’s Ressenti information is damaged: it must "
                                           "give the side, entry, intensity and kind."));
      return;
    }
  else
    {
      const RessentiVocabularyEntry *entry = entry_for_category (reader, set, name);

      if (entry != NULL)
        marker->entry_key = g_strdup (entry->key);
      else
        {
          marker->entry_key = g_strdup (RESSENTI_VOCABULARY_OTHER);
          marker->text = g_strdup (name);
        }
      if (intensity_value >= 0)
        marker->intensity = intensity_value < 0.5 ? 1 : intensity_value < 0.84 ? 2 : 3;
    }
  ressenti_marker_parse_take_marker (parse, g_steal_pointer (&marker), line, reader->vocabulary);
}

gboolean
ressenti_emotionml_read (RessentiMarkerParse *parse,
                         const char          *data,
                         gsize                length,
                         const char          *display,
                         RessentiVocabulary  *vocabulary,
                         GError             **error)
{
  g_autoptr(GHashTable) bad_nodes = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) local = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) schema_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_marker_problem_free);
  SchemaErrors errors = { schema_problems, bad_nodes, 0, 0, NULL };
  g_autofree char *message = NULL;
  g_autofree char *version = NULL;
  Reader reader = { parse, vocabulary, NULL, local, bad_nodes };
  gboolean utf16 = length >= 2 && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
                                   ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF));
  guint line = 0;
  xmlDocPtr doc;
  gboolean ok = FALSE;

  if (!utf16 && memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_BINARY,
                   _("“%s” is not a text file: it cannot hold markers."), display);
      return FALSE;
    }
  doc = read_doc (data, length, &line, &message);
  if (doc == NULL)
    {
      g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID,
                   /* Translators: %1$s is a file name, %2$u a line number, %3$s the XML
                    * library's message (English). */
                   _("“%1$s” is not well-formed XML (line %2$u: %3$s)."), display, line, message);
      return FALSE;
    }

  reader.root = xmlDocGetRootElement (doc);
  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID,
                   /* Translators: %s is a file name. DOCTYPE is XML's word. */
                   _("“%s” has a DOCTYPE declaration, which EmotionML does not use: it was not "
                     "read."),
                   display);
      goto out;
    }
  if (!is_element (reader.root, EMOTIONML_NS, "emotionml"))
    {
      g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID,
                   /* Translators: %s is a file name. Keep the element and namespace as they are. */
                   _("“%s” is not an EmotionML document: its root must be <emotionml> in the "
                     "namespace http://www.w3.org/2009/10/emotionml."),
                   display);
      goto out;
    }
  version = get_attr (reader.root, "version");
  if (version == NULL || !g_str_equal (version, "1.0"))
    {
      if (version == NULL)
        g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID,
                     /* Translators: %s is a file name; keep version="1.0" as it is. */
                     _("“%s” does not say which EmotionML it is: the root needs version=\"1.0\"."),
                     display);
      else
        g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID,
                     /* Translators: %1$s is a file name, %2$s a version number. */
                     _("“%1$s” is EmotionML version “%2$s”; Ressenti reads version 1.0."),
                     display, version);
      goto out;
    }

  if (!validate_doc (doc, &errors) && errors.document_message != NULL)
    {
      g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID,
                   /* Translators: %1$s is a file name, %2$u a line number, %3$s the XML
                    * library's message (English). */
                   _("“%1$s” is not valid EmotionML (line %2$u: %3$s)."),
                   display, errors.document_line, errors.document_message);
      goto out;
    }
  if (get_schema () == NULL)
    {
      g_set_error (error, RESSENTI_MARKER_FORMAT_ERROR, RESSENTI_MARKER_FORMAT_ERROR_INVALID,
                   _("The EmotionML schema is missing from this installation of Ressenti."));
      goto out;
    }
  /* The faults inside emotions are problems of those emotions. */
  for (guint i = 0; i < schema_problems->len; i++)
    {
      RessentiMarkerProblem *problem = g_ptr_array_index (schema_problems, i);

      ressenti_marker_parse_add_problem (parse, problem->line, "%s", problem->message);
    }

  read_local_vocabularies (&reader);
  for (xmlNodePtr node = reader.root->children; node != NULL; node = node->next)
    if (is_element (node, EMOTIONML_NS, "emotion") && !g_hash_table_contains (bad_nodes, node))
      read_emotion (&reader, node);
  ok = TRUE;

out:
  g_free (errors.document_message);
  xmlFreeDoc (doc);
  return ok;
}
