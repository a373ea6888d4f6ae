/* ressenti-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ressenti-announcer.h"
#include "ressenti-earcons.h"
#include "ressenti-store.h"
#include "ressenti-voice.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_APPLICATION (ressenti_application_get_type ())
G_DECLARE_FINAL_TYPE (RessentiApplication, ressenti_application, RESSENTI, APPLICATION, AdwApplication)

RessentiApplication *ressenti_application_new           (void);
RessentiAnnouncer   *ressenti_application_get_announcer (RessentiApplication *self);
/* The library directory chosen at start-up (--library, RESSENTI_LIBRARY,
 * or the default). */
const char          *ressenti_application_get_library_dir (RessentiApplication *self);

/* Tells the whole application that the library's vocabulary changed
 * (preferences): emits "vocabulary-changed" with the new snapshot.
 *
 * Signal "vocabulary-changed" (RessentiVocabulary *vocabulary): a change
 * to the vocabulary was kept in the library. Pages that name markers or
 * put entries on the digit keys connect to it (g_signal_connect_object)
 * and take @vocabulary, e.g. ressenti_review_session_set_vocabulary(). */
void                 ressenti_application_vocabulary_changed (RessentiApplication *self,
                                                              RessentiVocabulary  *vocabulary);

/* The application's announcer, for widgets anywhere. */
RessentiAnnouncer   *ressenti_announcer_get_default     (void);
/* The outcome of what the user just did, said at once (interrupting) and
 * at every verbosity; and an error. Both do nothing without an
 * application (tests of single widgets). */
void                 ressenti_say_result                (const char          *text);
void                 ressenti_say_error                 (const char          *text);
/* The dedicated voice once the settings asked for it (else NULL), and the
 * earcons; players duck under both. */
RessentiVoice       *ressenti_voice_get_default         (void);
RessentiEarcons     *ressenti_earcons_get_default       (void);

G_END_DECLS
