/* ressenti-vocabulary.c — the words a listener marks a call with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in entries live in one table: key, kind, English label and
 * definition (the gettext source), the W3C EmotionML word, and the French
 * words, so that an importer recognises "colère" whatever language the app
 * runs in.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ressenti-spoken.h"
#include "ressenti-vocabulary.h"

#define EVERYDAY_CATEGORIES "http://www.w3.org/TR/emotion-voc/xml#everyday-categories"
#define MAX_ALIASES 4

typedef struct
{
  const char             *key;
  RessentiVocabularyKind  kind;
  const char             *label;        /* N_() */
  const char             *definition;   /* N_() */
  /* A word of EVERYDAY_CATEGORIES, or NULL when none fits. */
  const char             *emotionml_name;
  /* French words users type, whatever the running language. */
  const char             *french[MAX_ALIASES];
} BuiltinEntry;

/* PRODUCT.md's starting vocabulary. Frustration has no EmotionML word:
 * "angry" would merge it with anger on export, and nothing else in the
 * everyday categories is close; resignation maps to "disappointed", the
 * nearest everyday word for giving up. */
static const BuiltinEntry builtin_entries[] = {
  { "calm", RESSENTI_VOCABULARY_CUSTOMER_EMOTION,
    /* Translators: an emotion heard in a customer's voice. */
    N_("Calm / neutral"),
    N_("An even voice at an ordinary pace, with no particular tension."),
    "relaxed", { "calme / neutre", "calme", "neutre" } },
  { "satisfaction", RESSENTI_VOCABULARY_CUSTOMER_EMOTION,
    /* Translators: an emotion heard in a customer's voice. */
    N_("Satisfaction / relief"),
    N_("The voice brightens or relaxes: thanks, a sigh of relief, a lighter tone."),
    "satisfied", { "satisfaction / soulagement", "soulagement" } },
  { "worry", RESSENTI_VOCABULARY_CUSTOMER_EMOTION,
    /* Translators: an emotion heard in a customer's voice. */
    N_("Worry"),
    N_("A tense or unsteady voice, questions asked again, fear of what comes next."),
    "worried", { "inquiétude", "inquiet", "inquiète" } },
  { "confusion", RESSENTI_VOCABULARY_CUSTOMER_EMOTION,
    /* Translators: an emotion heard in a customer's voice. */
    N_("Confusion"),
    N_("Hesitations, puzzled questions, asking for things to be repeated."),
    NULL, { "confusion", "perplexité" } },
  { "impatience", RESSENTI_VOCABULARY_CUSTOMER_EMOTION,
    /* Translators: an emotion heard in a customer's voice. */
    N_("Impatience"),
    N_("Faster speech, sighs, cutting in: the customer wants it to move on."),
    NULL, { "impatience", "impatient", "impatiente" } },
  { "frustration", RESSENTI_VOCABULARY_CUSTOMER_EMOTION,
    /* Translators: an emotion heard in a customer's voice. */
    N_("Frustration / annoyance"),
    N_("A tighter, insistent voice: the customer feels blocked or not heard."),
    NULL, { "frustration / agacement", "agacement", "agacé", "agacée" } },
  { "anger", RESSENTI_VOCABULARY_CUSTOMER_EMOTION,
    /* Translators: an emotion heard in a customer's voice. */
    N_("Anger"),
    N_("A raised or hard voice, sharp words, talking over the agent."),
    "angry", { "colère", "en colère", "énervement" } },
  { "sadness", RESSENTI_VOCABULARY_CUSTOMER_EMOTION,
    /* Translators: an emotion heard in a customer's voice. */
    N_("Sadness / dejection"),
    N_("A low, slow, flat voice, sometimes breaking."),
    "sad", { "tristesse / abattement", "tristesse", "abattement", "triste" } },
  { "resignation", RESSENTI_VOCABULARY_CUSTOMER_EMOTION,
    /* Translators: an emotion heard in a customer's voice. */
    N_("Resignation / weariness"),
    N_("A tired voice that gives up: “never mind”, “as usual”."),
    "disappointed", { "résignation / lassitude", "résignation", "lassitude", "résigné" } },
  { RESSENTI_VOCABULARY_OTHER, RESSENTI_VOCABULARY_CUSTOMER_EMOTION,
    /* Translators: an emotion heard in a customer's voice that has no
     * word of its own; the marker's text says what it was. */
    N_("Other"),
    N_("Something else was heard; the marker’s text says what."),
    NULL, { "autre" } },
  { "warm", RESSENTI_VOCABULARY_AGENT_DELIVERY,
    /* Translators: a quality of an agent's delivery. */
    N_("Warm"),
    N_("A friendly, attentive voice that makes contact."),
    NULL, { "chaleureux", "chaleureuse" } },
  { "rushed", RESSENTI_VOCABULARY_AGENT_DELIVERY,
    /* Translators: a quality of an agent's delivery. */
    N_("Rushed"),
    N_("Fast speech that leaves the customer little room."),
    NULL, { "pressé", "pressée" } },
  { "hesitant", RESSENTI_VOCABULARY_AGENT_DELIVERY,
    /* Translators: a quality of an agent's delivery. */
    N_("Hesitant"),
    N_("Pauses, fillers and restarts: the agent sounds unsure."),
    NULL, { "hésitant", "hésitante" } },
  { "monotone", RESSENTI_VOCABULARY_AGENT_DELIVERY,
    /* Translators: a quality of an agent's delivery. */
    N_("Monotone"),
    N_("A flat voice with little melody, as if reading."),
    NULL, { "monocorde", "monotone" } },
  { "reassuring", RESSENTI_VOCABULARY_AGENT_DELIVERY,
    /* Translators: a quality of an agent's delivery. */
    N_("Reassuring"),
    N_("A calm, steady voice that eases the customer’s worry."),
    NULL, { "rassurant", "rassurante" } },
};

static const char * const kind_names[] = { "customer-emotion", "agent-delivery" };

static const BuiltinEntry *
find_builtin (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (builtin_entries); i++)
    if (g_str_equal (builtin_entries[i].key, key))
      return &builtin_entries[i];
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Entries                                                             */
/* ------------------------------------------------------------------ */

RessentiVocabularyEntry *
ressenti_vocabulary_entry_copy (const RessentiVocabularyEntry *entry)
{
  RessentiVocabularyEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (RessentiVocabularyEntry, 1);
  *copy = *entry;
  copy->key = g_strdup (entry->key);
  copy->label = g_strdup (entry->label);
  copy->definition = g_strdup (entry->definition);
  copy->emotionml_set = g_strdup (entry->emotionml_set);
  copy->emotionml_name = g_strdup (entry->emotionml_name);
  return copy;
}

void
ressenti_vocabulary_entry_free (RessentiVocabularyEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->key);
  g_free (entry->label);
  g_free (entry->definition);
  g_free (entry->emotionml_set);
  g_free (entry->emotionml_name);
  g_free (entry);
}

G_DEFINE_BOXED_TYPE (RessentiVocabularyEntry, ressenti_vocabulary_entry,
                     ressenti_vocabulary_entry_copy, ressenti_vocabulary_entry_free)

const char *
ressenti_vocabulary_kind_to_string (RessentiVocabularyKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), kind_names[0]);
  return kind_names[kind];
}

gboolean
ressenti_vocabulary_kind_from_string (const char             *str,
                                      RessentiVocabularyKind *kind)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (kind_names[i], str))
      {
        *kind = (RessentiVocabularyKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
ressenti_vocabulary_kind_describe (RessentiVocabularyKind kind)
{
  switch (kind)
    {
    case RESSENTI_VOCABULARY_AGENT_DELIVERY:
      /* Translators: the kind of a vocabulary entry: a quality of the
       * agent's way of speaking (warm, rushed…). */
      return _("agent delivery");
    case RESSENTI_VOCABULARY_CUSTOMER_EMOTION:
    default:
      /* Translators: the kind of a vocabulary entry: an emotion heard in
       * the customer's voice. */
      return _("customer emotion");
    }
}

const char *
ressenti_intensity_describe (int intensity)
{
  switch (intensity)
    {
    case 1:
      /* Translators: the intensity of an emotion marker, 1 of 3. */
      return C_("marker intensity", "mild");
    case 2:
      /* Translators: the intensity of an emotion marker, 2 of 3. */
      return C_("marker intensity", "moderate");
    case 3:
      /* Translators: the intensity of an emotion marker, 3 of 3. */
      return C_("marker intensity", "strong");
    default:
      return NULL;
    }
}

/* The family a built-in entry sounds as when playback reaches it
 * (ressenti-earcons.h): the listener knows the kind of moment before the
 * words. Worry, confusion and "other" are neither tense nor low, and keep
 * the plain marker earcon. */
static RessentiEarcon
builtin_earcon (const BuiltinEntry *builtin)
{
  static const struct { const char *key; RessentiEarcon earcon; } families[] = {
    { "calm", RESSENTI_EARCON_MARKER_CALM },
    { "satisfaction", RESSENTI_EARCON_MARKER_CALM },
    { "impatience", RESSENTI_EARCON_MARKER_TENSE },
    { "frustration", RESSENTI_EARCON_MARKER_TENSE },
    { "anger", RESSENTI_EARCON_MARKER_TENSE },
    { "sadness", RESSENTI_EARCON_MARKER_LOW },
    { "resignation", RESSENTI_EARCON_MARKER_LOW },
  };

  if (builtin->kind == RESSENTI_VOCABULARY_AGENT_DELIVERY)
    return RESSENTI_EARCON_MARKER_DELIVERY;
  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    if (g_str_equal (families[i].key, builtin->key))
      return families[i].earcon;
  return RESSENTI_EARCON_MARKER;
}

static RessentiVocabularyEntry *
entry_from_builtin (const BuiltinEntry *builtin,
                    guint               position)
{
  RessentiVocabularyEntry *entry = g_new0 (RessentiVocabularyEntry, 1);

  entry->key = g_strdup (builtin->key);
  entry->kind = builtin->kind;
  entry->label = g_strdup (_(builtin->label));
  entry->definition = g_strdup (_(builtin->definition));
  entry->position = position;
  entry->builtin = TRUE;
  entry->earcon = builtin_earcon (builtin);
  if (builtin->emotionml_name != NULL)
    {
      entry->emotionml_set = g_strdup (EVERYDAY_CATEGORIES);
      entry->emotionml_name = g_strdup (builtin->emotionml_name);
    }
  return entry;
}

RessentiVocabularyEntry **
ressenti_vocabulary_default_entries (guint *n_entries)
{
  RessentiVocabularyEntry **entries = g_new0 (RessentiVocabularyEntry *,
                                              G_N_ELEMENTS (builtin_entries) + 1);
  guint positions[2] = { 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (builtin_entries); i++)
    entries[i] = entry_from_builtin (&builtin_entries[i], positions[builtin_entries[i].kind]++);
  if (n_entries != NULL)
    *n_entries = G_N_ELEMENTS (builtin_entries);
  return entries;
}

const char *
ressenti_vocabulary_builtin_source_label (const char *key)
{
  const BuiltinEntry *builtin = find_builtin (key);

  return builtin != NULL ? builtin->label : NULL;
}

/* ------------------------------------------------------------------ */
/* Matching text                                                       */
/* ------------------------------------------------------------------ */

/* Whether @folded (a folded text) is @name, or one half of it when @name
 * is "a / b". */
static gboolean
name_matches (const char *name,
              const char *folded)
{
  g_autofree char *folded_name = NULL;
  g_auto(GStrv) halves = NULL;

  if (name == NULL || *name == '\0')
    return FALSE;
  folded_name = ressenti_text_fold (name);
  if (g_str_equal (folded_name, folded))
    return TRUE;
  if (strstr (name, " / ") == NULL)
    return FALSE;
  halves = g_strsplit (name, " / ", -1);
  for (guint i = 0; halves[i] != NULL; i++)
    {
      g_autofree char *half = ressenti_text_fold (halves[i]);

      if (*half != '\0' && g_str_equal (half, folded))
        return TRUE;
    }
  return FALSE;
}

static gboolean
entry_matches (const RessentiVocabularyEntry *entry,
               const char                    *folded)
{
  const BuiltinEntry *builtin = entry->builtin ? find_builtin (entry->key) : NULL;

  if (name_matches (entry->label, folded))
    return TRUE;
  if (builtin == NULL)
    return FALSE;
  if (name_matches (builtin->label, folded) || name_matches (_(builtin->label), folded))
    return TRUE;
  for (guint i = 0; i < MAX_ALIASES && builtin->french[i] != NULL; i++)
    if (name_matches (builtin->french[i], folded))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* RessentiVocabulary                                                  */
/* ------------------------------------------------------------------ */

struct _RessentiVocabulary
{
  GObject     parent_instance;

  GPtrArray  *entries;   /* RessentiVocabularyEntry*, by kind then position */
  GHashTable *by_key;    /* key → entry (owned by @entries) */
};

G_DEFINE_FINAL_TYPE (RessentiVocabulary, ressenti_vocabulary, G_TYPE_OBJECT)

static void
ressenti_vocabulary_finalize (GObject *object)
{
  RessentiVocabulary *self = RESSENTI_VOCABULARY (object);

  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (ressenti_vocabulary_parent_class)->finalize (object);
}

static void
ressenti_vocabulary_class_init (RessentiVocabularyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ressenti_vocabulary_finalize;
}

static void
ressenti_vocabulary_init (RessentiVocabulary *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ressenti_vocabulary_entry_free);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const RessentiVocabularyEntry *x = *(RessentiVocabularyEntry * const *) a;
  const RessentiVocabularyEntry *y = *(RessentiVocabularyEntry * const *) b;

  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  return g_strcmp0 (x->key, y->key);
}

static void
add_entry (RessentiVocabulary      *self,
           RessentiVocabularyEntry *entry)
{
  if (entry->key == NULL || g_hash_table_contains (self->by_key, entry->key))
    {
      g_warning ("Vocabulary entry with a missing or repeated key “%s” ignored",
                 entry->key != NULL ? entry->key : "");
      ressenti_vocabulary_entry_free (entry);
      return;
    }
  if (entry->label == NULL)
    entry->label = g_strdup (entry->key);
  if (entry->definition == NULL)
    entry->definition = g_strdup ("");
  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->by_key, entry->key, entry);
}

RessentiVocabulary *
ressenti_vocabulary_new (GPtrArray *entries)
{
  RessentiVocabulary *self = g_object_new (RESSENTI_TYPE_VOCABULARY, NULL);

  if (entries == NULL)
    {
      g_autofree RessentiVocabularyEntry **defaults = ressenti_vocabulary_default_entries (NULL);

      for (guint i = 0; defaults[i] != NULL; i++)
        add_entry (self, defaults[i]);
    }
  else
    {
      for (guint i = 0; i < entries->len; i++)
        add_entry (self, ressenti_vocabulary_entry_copy (g_ptr_array_index (entries, i)));
    }
  g_ptr_array_sort (self->entries, compare_entries);
  return self;
}

GPtrArray *
ressenti_vocabulary_get_entries (RessentiVocabulary *self)
{
  g_return_val_if_fail (RESSENTI_IS_VOCABULARY (self), NULL);
  return g_ptr_array_ref (self->entries);
}

const RessentiVocabularyEntry *
ressenti_vocabulary_lookup (RessentiVocabulary *self,
                            const char         *key)
{
  g_return_val_if_fail (RESSENTI_IS_VOCABULARY (self), NULL);
  return key != NULL ? g_hash_table_lookup (self->by_key, key) : NULL;
}

const char *
ressenti_vocabulary_get_label (RessentiVocabulary *self,
                               const char         *key)
{
  const RessentiVocabularyEntry *entry = ressenti_vocabulary_lookup (self, key);

  return entry != NULL ? entry->label : key;
}

GPtrArray *
ressenti_vocabulary_get_active (RessentiVocabulary     *self,
                                RessentiVocabularyKind  kind)
{
  GPtrArray *active;

  g_return_val_if_fail (RESSENTI_IS_VOCABULARY (self), NULL);

  active = g_ptr_array_new ();
  for (guint i = 0; i < self->entries->len; i++)
    {
      RessentiVocabularyEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->kind == kind && !entry->retired)
        g_ptr_array_add (active, entry);
    }
  return active;
}

const RessentiVocabularyEntry *
ressenti_vocabulary_get_digit (RessentiVocabulary     *self,
                               RessentiVocabularyKind  kind,
                               guint                   n)
{
  g_autoptr(GPtrArray) active = NULL;

  g_return_val_if_fail (RESSENTI_IS_VOCABULARY (self), NULL);

  if (n < 1 || n > 9)
    return NULL;
  active = ressenti_vocabulary_get_active (self, kind);
  return n <= active->len ? g_ptr_array_index (active, n - 1) : NULL;
}

/* Active entries are preferred to retired ones, and the key to the words. */
const RessentiVocabularyEntry *
ressenti_vocabulary_match_text (RessentiVocabulary *self,
                                const char         *text)
{
  g_autofree char *folded = NULL;
  const RessentiVocabularyEntry *entry;

  g_return_val_if_fail (RESSENTI_IS_VOCABULARY (self), NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  folded = ressenti_text_fold (text);
  if (*folded == '\0')
    return NULL;
  entry = g_hash_table_lookup (self->by_key, folded);
  if (entry != NULL)
    return entry;
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->entries->len; i++)
      {
        entry = g_ptr_array_index (self->entries, i);
        if (entry->retired == (pass == 1) && entry_matches (entry, folded))
          return entry;
      }
  return NULL;
}
