/* ressenti-vocabulary.h — the words a listener marks a call with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An entry of the vocabulary is of one kind: an emotion heard in the
 * *customer's* voice, or a quality of the *agent's* delivery (warm,
 * rushed…). Nothing in the app labels an agent's emotions (EU AI Act art.
 * 5(1)(f), and PRODUCT.md): markers on the agent's side take delivery
 * entries only.
 *
 * The built-in entries are PRODUCT.md's starting list; their labels and
 * definitions are translated (French is what the users hear). The library
 * keeps the list (ressenti-store.h): a listener may rename, redefine,
 * reorder, add and retire entries. A retired entry is never offered for a
 * new marker, but markers that use it stay readable: entries are found by
 * their stable key, which never changes.
 */
#pragma once

#include <glib-object.h>

#include "ressenti-earcons.h"

G_BEGIN_DECLS

typedef enum
{
  RESSENTI_VOCABULARY_CUSTOMER_EMOTION = 0,
  RESSENTI_VOCABULARY_AGENT_DELIVERY,
} RessentiVocabularyKind;

/* The key of the entry a marker falls back to when nothing else fits (an
 * imported cue whose text names no entry): its text says what was heard. */
#define RESSENTI_VOCABULARY_OTHER "other"

/* The intensity of a marker: 1 mild, 2 moderate, 3 strong. */
#define RESSENTI_INTENSITY_MIN 1
#define RESSENTI_INTENSITY_MAX 3
#define RESSENTI_INTENSITY_DEFAULT 2

typedef struct
{
  char                   *key;          /* stable: "frustration", "warm", "custom-…" */
  RessentiVocabularyKind  kind;
  /* What the user sees and hears, already translated for a built-in
   * entry the user has not renamed. */
  char                   *label;
  char                   *definition;   /* one short sentence, translated likewise */
  guint                   position;     /* order within its kind, from 0 */
  gboolean                retired;
  gboolean                builtin;      /* one of PRODUCT.md's starting list */
  RessentiEarcon          earcon;       /* heard when a marker of it is reached */
  /* The W3C EmotionML vocabulary it maps to on export: the vocabulary's URI
   * ("http://www.w3.org/TR/emotion-voc/xml#everyday-categories") and the
   * category name in it ("worried"); both NULL when no W3C vocabulary has a
   * fitting word (then the export uses Ressenti's own vocabulary). */
  char                   *emotionml_set;
  char                   *emotionml_name;
} RessentiVocabularyEntry;

#define RESSENTI_TYPE_VOCABULARY_ENTRY (ressenti_vocabulary_entry_get_type ())
GType                    ressenti_vocabulary_entry_get_type (void);
RessentiVocabularyEntry *ressenti_vocabulary_entry_copy     (const RessentiVocabularyEntry *entry);
void                     ressenti_vocabulary_entry_free     (RessentiVocabularyEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiVocabularyEntry, ressenti_vocabulary_entry_free)

const char             *ressenti_vocabulary_kind_to_string   (RessentiVocabularyKind kind);
gboolean                ressenti_vocabulary_kind_from_string (const char            *str,
                                                              RessentiVocabularyKind *kind);
/* "customer emotion", "agent delivery" (translated). */
const char             *ressenti_vocabulary_kind_describe    (RessentiVocabularyKind kind);
/* "mild", "moderate", "strong" (translated); NULL outside 1–3. */
const char             *ressenti_intensity_describe          (int                    intensity);

/* The built-in entries, in their default order (customer emotions first),
 * with translated labels and definitions: what a new library is seeded
 * with. A NULL-terminated array owned by the caller. */
RessentiVocabularyEntry **ressenti_vocabulary_default_entries (guint *n_entries);
/* The untranslated (English) label of the built-in entry @key, or NULL:
 * what the library keeps for a built-in entry the user has not renamed. */
const char              *ressenti_vocabulary_builtin_source_label (const char *key);

/* An immutable snapshot of a library's vocabulary, shared by the places
 * that name markers (player, list, exports). A change in preferences makes
 * a new one. */
#define RESSENTI_TYPE_VOCABULARY (ressenti_vocabulary_get_type ())
G_DECLARE_FINAL_TYPE (RessentiVocabulary, ressenti_vocabulary, RESSENTI, VOCABULARY, GObject)

/* Copies the entries (RessentiVocabularyEntry*, any order, retired ones
 * included) of @entries, which stays the caller's; NULL gives the built-in
 * vocabulary. */
RessentiVocabulary            *ressenti_vocabulary_new          (GPtrArray              *entries);
/* Every entry, customer emotions then agent delivery, each by position.
 * The arrays given by get_entries() and get_active() are the caller's to
 * unref (g_autoptr); their entries belong to the vocabulary: do not
 * change either. */
GPtrArray                     *ressenti_vocabulary_get_entries  (RessentiVocabulary     *self);
/* The entry of @key, retired or not, or NULL. */
const RessentiVocabularyEntry *ressenti_vocabulary_lookup       (RessentiVocabulary     *self,
                                                                 const char             *key);
/* The label of @key; for a key the vocabulary does not know (a marker
 * imported from another library), @key itself. */
const char                    *ressenti_vocabulary_get_label    (RessentiVocabulary     *self,
                                                                 const char             *key);
/* Entries that can be chosen for a new marker of @kind (not retired), in
 * order; the first nine are on the digit keys. */
GPtrArray                     *ressenti_vocabulary_get_active   (RessentiVocabulary     *self,
                                                                 RessentiVocabularyKind  kind);
/* The @n-th (1–9) active entry of @kind, or NULL. */
const RessentiVocabularyEntry *ressenti_vocabulary_get_digit    (RessentiVocabulary     *self,
                                                                 RessentiVocabularyKind  kind,
                                                                 guint                   n);
/* The entry whose label or key equals @text, ignoring case and accents
 * ("colère", "Colere", "anger"), or NULL. For importers. */
const RessentiVocabularyEntry *ressenti_vocabulary_match_text   (RessentiVocabulary     *self,
                                                                 const char             *text);

G_END_DECLS
