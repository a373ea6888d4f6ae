/* ressenti-entry-picker.h — choose a marker from the whole vocabulary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ressenti-marker.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_ENTRY_PICKER (ressenti_entry_picker_get_type ())
G_DECLARE_FINAL_TYPE (RessentiEntryPicker, ressenti_entry_picker, RESSENTI, ENTRY_PICKER, AdwWindow)

/* Lists the active entries @side accepts; typing narrows the list (label
 * or definition, accents and case ignored). Emits ::entry-chosen (the
 * entry's key) and closes when one is activated. */
RessentiEntryPicker *ressenti_entry_picker_new (GtkWindow          *parent,
                                                RessentiVocabulary *vocabulary,
                                                RessentiSide        side);

G_END_DECLS
