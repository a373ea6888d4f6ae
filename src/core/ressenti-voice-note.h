/* ressenti-voice-note.h — one voice note of a review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A voice note is a remark the listener dictated at a moment of the call
 * (at_ms), kept as Ogg Opus in the library's notes folder. It may be
 * attached to a marker (the marker names the note: markers.voice_note_id)
 * or stand alone. While it is being recorded its state is RECORDING: a
 * note still in that state when the app starts was cut off by a crash and
 * is recovered. Its transcript is typed by a person or written by a
 * speech recognition engine; a typed one is never overwritten by an
 * engine.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  RESSENTI_VOICE_NOTE_RECORDING = 0,
  RESSENTI_VOICE_NOTE_COMPLETE,
} RessentiVoiceNoteState;

typedef enum
{
  RESSENTI_TRANSCRIPT_NONE = 0,
  RESSENTI_TRANSCRIPT_TYPED,
  RESSENTI_TRANSCRIPT_ENGINE,
} RessentiTranscriptSource;

typedef struct
{
  char                     *id;
  char                     *review_id;
  gint64                    at_ms;
  char                     *file_name;    /* relative to the library's folder */
  gint64                    duration_ms;
  RessentiVoiceNoteState    state;
  char                     *transcript;   /* NULL or non-empty */
  RessentiTranscriptSource  transcript_source;
  char                     *language;     /* of the transcript: "fr", "en"; NULL */
  char                     *marker_id;    /* the marker it is attached to; NULL */
  char                     *author;
  GDateTime                *created_at;
  GDateTime                *updated_at;
} RessentiVoiceNote;

#define RESSENTI_TYPE_VOICE_NOTE (ressenti_voice_note_get_type ())
GType              ressenti_voice_note_get_type (void);
RessentiVoiceNote *ressenti_voice_note_copy     (const RessentiVoiceNote *note);
void               ressenti_voice_note_free     (RessentiVoiceNote       *note);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiVoiceNote, ressenti_voice_note_free)

/* "typed", "engine"; NULL for NONE. And back (FALSE for anything else). */
const char *ressenti_transcript_source_to_string   (RessentiTranscriptSource  source);
gboolean    ressenti_transcript_source_from_string (const char               *text,
                                                    RessentiTranscriptSource *source);

/* What a listener hears of a note: "Voice note, 4 seconds, at 2 minutes
 * 13, by alice" — with @with_transcript, followed by its transcript when
 * it has one. Translated. */
char       *ressenti_voice_note_describe           (const RessentiVoiceNote  *note,
                                                    gboolean                  with_transcript);

G_END_DECLS
