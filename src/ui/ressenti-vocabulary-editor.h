/* ressenti-vocabulary-editor.h — the library's vocabulary, edited by keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two lists, customer emotions and agent delivery, each entry a row: its
 * label, where it is on the digit keys (or that it is retired), its
 * definition. Add, rename and redefine (a small dialog), move up and down
 * (buttons, or Alt+Up and Alt+Down on a row), retire and restore (never
 * delete: markers keep their entry). Every change goes to the store in a
 * worker thread, then the lists are brought up to date and the result is
 * announced; errors are shown and announced and nothing typed is lost.
 */
#pragma once

#include <adwaita.h>

#include "ressenti-store.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_VOCABULARY_EDITOR (ressenti_vocabulary_editor_get_type ())
G_DECLARE_FINAL_TYPE (RessentiVocabularyEditor, ressenti_vocabulary_editor, RESSENTI, VOCABULARY_EDITOR, GtkWidget)

/* @store may be NULL (the library is not open yet): the editor says so. */
GtkWidget          *ressenti_vocabulary_editor_new            (RessentiStore            *store);
void                ressenti_vocabulary_editor_set_store      (RessentiVocabularyEditor *self,
                                                               RessentiStore            *store);
/* The vocabulary as last loaded, or NULL before it is. */
RessentiVocabulary *ressenti_vocabulary_editor_get_vocabulary (RessentiVocabularyEditor *self);

/* Signals:
 *   "changed" (RessentiVocabulary *vocabulary): a change was kept in the
 *   library; @vocabulary is the new snapshot. Not emitted by the first
 *   load. */

G_END_DECLS
