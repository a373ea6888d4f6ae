/* ressenti-note-recovery.c — voice notes cut off by a crash, made whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "ressenti-note-recovery"

#include <glib/gi18n-lib.h>

#include "ressenti-note-recovery.h"
#include "ressenti-recorder.h"

typedef enum
{
  KEPT,        /* left for next time */
  RECOVERED,
  DISCARDED,
} Outcome;

static Outcome
recover_one (RessentiStore           *store,
             const RessentiVoiceNote *note)
{
  g_autofree char *path = ressenti_store_get_voice_note_path (store, note);
  g_autoptr(GError) error = NULL;
  gint64 duration = 0;

  if (g_file_test (path, G_FILE_TEST_EXISTS) && ressenti_recorder_recover (path, &duration, &error))
    {
      if (ressenti_store_finish_voice_note (store, note->id, duration, &error))
        return RECOVERED;
      g_warning ("The recovered voice note %s could not be completed: %s", note->id, error->message);
      return KEPT;
    }
  if (error != NULL && !g_error_matches (error, RESSENTI_RECORDER_ERROR, RESSENTI_RECORDER_ERROR_EMPTY))
    {
      g_warning ("The voice note %s cut off last time cannot be recovered now: %s", note->id, error->message);
      return KEPT;
    }
  /* No file, or nothing in it: the note never held anything. */
  g_clear_error (&error);
  if (!ressenti_store_discard_voice_note (store, note->id, &error))
    {
      g_warning ("The empty voice note %s could not be removed: %s", note->id, error->message);
      return KEPT;
    }
  return DISCARDED;
}

gboolean
ressenti_recover_voice_notes (RessentiStore  *store,
                              guint          *n_recovered,
                              guint          *n_discarded,
                              GError        **error)
{
  g_autoptr(GPtrArray) notes = NULL;
  guint counts[3] = { 0, 0, 0 };

  g_return_val_if_fail (RESSENTI_IS_STORE (store), FALSE);

  notes = ressenti_store_list_unfinished_voice_notes (store, error);
  if (notes == NULL)
    return FALSE;
  for (guint i = 0; i < notes->len; i++)
    counts[recover_one (store, g_ptr_array_index (notes, i))]++;
  if (n_recovered != NULL)
    *n_recovered = counts[RECOVERED];
  if (n_discarded != NULL)
    *n_discarded = counts[DISCARDED];
  return TRUE;
}

char *
ressenti_recovered_notes_sentence (guint n_recovered)
{
  if (n_recovered == 0)
    return NULL;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u voice note cut off last time was recovered.",
                                       "%u voice notes cut off last time were recovered.", n_recovered),
                          n_recovered);
}
