/* ressenti-test-util.h — helpers shared by the core tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ressenti-store.h"

G_BEGIN_DECLS

/* A fresh private directory under the test's temporary folder; removed
 * recursively by ressenti_test_rmdir(). */
char     *ressenti_test_mkdtemp     (const char *template_name);
void      ressenti_test_rmdir       (const char *path);
/* Path of a generated demo call (built by build-aux/make-demo-calls), e.g.
 * "demo-1-stereo.wav"; skips the test with a failure if it is missing. */
char     *ressenti_test_demo_file   (const char *name);
/* Sets up gettext the way the application does (RESSENTI_LOCALEDIR). */
void      ressenti_test_init_i18n   (void);
/* Switches the message language ("en", "fr") for the assertions that
 * follow; needs the fr_FR.UTF-8 locale on the machine. */
void      ressenti_test_set_language (const char *language);

/* Adds a call whose audio is the text @seed (10 minutes, stereo, as the
 * store is told) to @store. */
RessentiRecording *ressenti_test_add_call (RessentiStore *store,
                                           const char    *seed);

G_END_DECLS
