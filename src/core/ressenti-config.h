/* ressenti-config.h — where things live, decided once for the app and the CLI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The library folder: @override (from --library) if given, else the
 * RESSENTI_LIBRARY environment variable, else $XDG_DATA_HOME/ressenti. */
char       *ressenti_config_library_dir (const char *override);
/* Where the demo calls were installed (RESSENTI_DEMO_DIR overrides). */
const char *ressenti_config_demo_dir    (void);
/* The demo calls' metadata file inside the demo folder. */
char       *ressenti_config_demo_metadata (void);
/* setlocale + bindtextdomain (RESSENTI_LOCALEDIR overrides LOCALEDIR). */
void        ressenti_config_init_i18n   (void);

G_END_DECLS
