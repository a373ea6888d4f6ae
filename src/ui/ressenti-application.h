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

/* The application's announcer, for widgets anywhere. */
RessentiAnnouncer   *ressenti_announcer_get_default     (void);
/* The dedicated voice once the settings asked for it (else NULL), and the
 * earcons; players duck under both. */
RessentiVoice       *ressenti_voice_get_default         (void);
RessentiEarcons     *ressenti_earcons_get_default       (void);

G_END_DECLS
