/* ressenti-voice-note.c — one voice note of a review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ressenti-spoken.h"
#include "ressenti-voice-note.h"

G_DEFINE_BOXED_TYPE (RessentiVoiceNote, ressenti_voice_note, ressenti_voice_note_copy, ressenti_voice_note_free)

RessentiVoiceNote *
ressenti_voice_note_copy (const RessentiVoiceNote *note)
{
  RessentiVoiceNote *copy;

  g_return_val_if_fail (note != NULL, NULL);

  copy = g_new0 (RessentiVoiceNote, 1);
  *copy = *note;
  copy->id = g_strdup (note->id);
  copy->review_id = g_strdup (note->review_id);
  copy->file_name = g_strdup (note->file_name);
  copy->transcript = g_strdup (note->transcript);
  copy->language = g_strdup (note->language);
  copy->marker_id = g_strdup (note->marker_id);
  copy->author = g_strdup (note->author);
  copy->created_at = note->created_at != NULL ? g_date_time_ref (note->created_at) : NULL;
  copy->updated_at = note->updated_at != NULL ? g_date_time_ref (note->updated_at) : NULL;
  return copy;
}

void
ressenti_voice_note_free (RessentiVoiceNote *note)
{
  if (note == NULL)
    return;
  g_free (note->id);
  g_free (note->review_id);
  g_free (note->file_name);
  g_free (note->transcript);
  g_free (note->language);
  g_free (note->marker_id);
  g_free (note->author);
  g_clear_pointer (&note->created_at, g_date_time_unref);
  g_clear_pointer (&note->updated_at, g_date_time_unref);
  g_free (note);
}

const char *
ressenti_transcript_source_to_string (RessentiTranscriptSource source)
{
  switch (source)
    {
    case RESSENTI_TRANSCRIPT_TYPED:
      return "typed";
    case RESSENTI_TRANSCRIPT_ENGINE:
      return "engine";
    case RESSENTI_TRANSCRIPT_NONE:
    default:
      return NULL;
    }
}

gboolean
ressenti_transcript_source_from_string (const char               *text,
                                        RessentiTranscriptSource *source)
{
  g_return_val_if_fail (source != NULL, FALSE);

  if (g_strcmp0 (text, "typed") == 0)
    *source = RESSENTI_TRANSCRIPT_TYPED;
  else if (g_strcmp0 (text, "engine") == 0)
    *source = RESSENTI_TRANSCRIPT_ENGINE;
  else
    return FALSE;
  return TRUE;
}

char *
ressenti_voice_note_describe (const RessentiVoiceNote *note,
                              gboolean                 with_transcript)
{
  g_autofree char *duration = NULL;
  g_autofree char *at = NULL;
  g_autofree char *sentence = NULL;

  g_return_val_if_fail (note != NULL, NULL);

  duration = ressenti_spoken_duration (note->duration_ms);
  at = ressenti_spoken_duration (note->at_ms);
  if (note->author != NULL)
    /* Translators: a voice note: %1$s its length ("4 seconds"), %2$s where
     * it is in the call ("2 minutes 13"), %3$s who dictated it. */
    sentence = g_strdup_printf (_("Voice note, %1$s, at %2$s, by %3$s"), duration, at, note->author);
  else
    /* Translators: a voice note: %1$s its length, %2$s where it is. */
    sentence = g_strdup_printf (_("Voice note, %1$s, at %2$s"), duration, at);
  if (!with_transcript || note->transcript == NULL)
    return g_steal_pointer (&sentence);
  /* Translators: a voice note's description, then its transcript. */
  return g_strdup_printf (_("%1$s: “%2$s”"), sentence, note->transcript);
}
