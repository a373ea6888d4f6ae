/* ressenti-recording.h — one call in the library, as the rest of the app sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ressenti-types.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_RECORDING (ressenti_recording_get_type ())
G_DECLARE_FINAL_TYPE (RessentiRecording, ressenti_recording, RESSENTI, RECORDING, GObject)

/* Everything the importer knows about a call before the store keeps it.
 * Strings may be NULL (unknown). */
typedef struct
{
  char                  *content_hash;   /* SHA-256, hex */
  char                  *extension;      /* "wav", "mp3", "ogg", … without dot */
  char                  *codec;          /* human codec description */
  char                  *container;
  gint64                 duration_ms;
  guint                  channels;
  guint                  sample_rate;
  RessentiChannelLayout  layout;
  GDateTime             *call_date;
  char                  *agent;          /* pseudonym, e.g. "A-17" */
  char                  *service;        /* team or service name */
  char                  *customer;       /* customer pseudonym */
} RessentiRecordingDraft;

void ressenti_recording_draft_clear (RessentiRecordingDraft *draft);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RessentiRecordingDraft, ressenti_recording_draft_clear)

RessentiRecording     *ressenti_recording_new_from_draft   (const char                   *id,
                                                            const char                   *file_name,
                                                            GDateTime                    *imported_at,
                                                            const RessentiRecordingDraft *draft);
const char            *ressenti_recording_get_id           (RessentiRecording *self);
const char            *ressenti_recording_get_content_hash (RessentiRecording *self);
/* The file's name inside the library's audio folder. */
const char            *ressenti_recording_get_file_name    (RessentiRecording *self);
const char            *ressenti_recording_get_codec        (RessentiRecording *self);
const char            *ressenti_recording_get_container    (RessentiRecording *self);
gint64                 ressenti_recording_get_duration_ms  (RessentiRecording *self);
guint                  ressenti_recording_get_channels     (RessentiRecording *self);
guint                  ressenti_recording_get_sample_rate  (RessentiRecording *self);
GDateTime             *ressenti_recording_get_call_date    (RessentiRecording *self);
GDateTime             *ressenti_recording_get_imported_at  (RessentiRecording *self);
const char            *ressenti_recording_get_agent        (RessentiRecording *self);
const char            *ressenti_recording_get_service      (RessentiRecording *self);
const char            *ressenti_recording_get_customer     (RessentiRecording *self);
RessentiChannelLayout  ressenti_recording_get_layout       (RessentiRecording *self);
void                   ressenti_recording_set_layout       (RessentiRecording     *self,
                                                            RessentiChannelLayout  layout);
RessentiReviewStatus   ressenti_recording_get_review_status (RessentiRecording   *self);
void                   ressenti_recording_set_review_status (RessentiRecording   *self,
                                                             RessentiReviewStatus status);

/* The one sentence a listener hears for this call, e.g. "Call of 12 March
 * 2026, agent A-17, service Cotisations, 6 minutes 20, not reviewed". */
char                  *ressenti_recording_describe         (RessentiRecording *self);

G_END_DECLS
