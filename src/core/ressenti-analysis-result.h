/* ressenti-analysis-result.h — speaker turns, pauses and overlaps of a call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ressenti-types.h"

G_BEGIN_DECLS

#define RESSENTI_ANALYSIS_ERROR (ressenti_analysis_error_quark ())
typedef enum
{
  RESSENTI_ANALYSIS_ERROR_FAILED,
  RESSENTI_ANALYSIS_ERROR_UNSUPPORTED,   /* no decoder for the file */
  RESSENTI_ANALYSIS_ERROR_CORRUPT,       /* the audio cannot be decoded */
  RESSENTI_ANALYSIS_ERROR_NO_AUDIO,
  RESSENTI_ANALYSIS_ERROR_INVALID_DATA,  /* serialised result is malformed */
  RESSENTI_ANALYSIS_ERROR_OUTDATED,      /* serialised by another algorithm version */
} RessentiAnalysisError;

GQuark ressenti_analysis_error_quark (void);

/* Bump whenever a change to the analysis would give different turns or
 * pauses for the same file: cached results of another version are then
 * refused by ressenti_analysis_result_deserialize() and recomputed. */
#define RESSENTI_ANALYSIS_ALGORITHM_VERSION 1

/* Who speaks in a turn. Which side is the agent comes from the channel
 * layout; a stereo call of unknown layout has LEFT and RIGHT, a mono call
 * only SPEECH. Nothing here says anything about how anyone feels. */
typedef enum
{
  RESSENTI_SPEAKER_SPEECH = 0,
  RESSENTI_SPEAKER_AGENT,
  RESSENTI_SPEAKER_CUSTOMER,
  RESSENTI_SPEAKER_LEFT,
  RESSENTI_SPEAKER_RIGHT,
} RessentiSpeaker;

const char *ressenti_speaker_to_string (RessentiSpeaker speaker);
/* "Agent", "Customer", "Left channel", … translated, for the announcer. */
const char *ressenti_speaker_describe  (RessentiSpeaker speaker);

typedef struct
{
  gint64 start_ms;
  gint64 end_ms;
} RessentiSpan;

typedef struct
{
  gint64          start_ms;
  gint64          end_ms;
  RessentiSpeaker speaker;
  guint           channel;    /* 0 left (or mono), 1 right */
  gboolean        overlap;    /* the other side speaks during part of it */
} RessentiTurn;

typedef struct _RessentiAnalysisResult RessentiAnalysisResult;

#define RESSENTI_TYPE_ANALYSIS_RESULT (ressenti_analysis_result_get_type ())
GType ressenti_analysis_result_get_type (void) G_GNUC_CONST;

RessentiAnalysisResult *ressenti_analysis_result_ref   (RessentiAnalysisResult *result);
void                    ressenti_analysis_result_unref (RessentiAnalysisResult *result);

/* The layout the turns were labelled with (MONO for a one-channel call). */
RessentiChannelLayout ressenti_analysis_result_get_layout             (const RessentiAnalysisResult *result);
guint                 ressenti_analysis_result_get_n_channels         (const RessentiAnalysisResult *result);
gint64                ressenti_analysis_result_get_duration_ms        (const RessentiAnalysisResult *result);
guint                 ressenti_analysis_result_get_pause_threshold_ms (const RessentiAnalysisResult *result);

/* Turns of every speaker sorted by start (two may overlap); pauses (gaps of
 * at least the pause threshold in which nobody speaks, the edges of the
 * recording included) and overlaps (both sides speaking) sorted by start.
 * The arrays belong to @result. */
const RessentiTurn *ressenti_analysis_result_get_turns    (const RessentiAnalysisResult *result,
                                                           guint                        *n_turns);
const RessentiSpan *ressenti_analysis_result_get_pauses   (const RessentiAnalysisResult *result,
                                                           guint                        *n_pauses);
const RessentiSpan *ressenti_analysis_result_get_overlaps (const RessentiAnalysisResult *result,
                                                           guint                        *n_overlaps);

/* Navigation by unit: the index of the first turn (pause) starting after
 * @position_ms, or of the last one starting before it; -1 if none. */
int ressenti_analysis_result_next_turn     (const RessentiAnalysisResult *result,
                                            gint64                        position_ms);
int ressenti_analysis_result_previous_turn (const RessentiAnalysisResult *result,
                                            gint64                        position_ms);
int ressenti_analysis_result_next_pause    (const RessentiAnalysisResult *result,
                                            gint64                        position_ms);
int ressenti_analysis_result_previous_pause (const RessentiAnalysisResult *result,
                                            gint64                        position_ms);

/* A compact, architecture-independent form for caching (a little-endian
 * GVariant of type RESSENTI_ANALYSIS_RESULT_VARIANT_TYPE, about 12 bytes a
 * turn). Deserialising checks everything and fails with INVALID_DATA, or
 * OUTDATED for another RESSENTI_ANALYSIS_ALGORITHM_VERSION: re-analyse then. */
#define RESSENTI_ANALYSIS_RESULT_VARIANT_TYPE "(yuyyuua(uuyyy)a(uu)a(uu))"
GBytes                 *ressenti_analysis_result_serialize   (const RessentiAnalysisResult *result);
RessentiAnalysisResult *ressenti_analysis_result_deserialize (GBytes                       *bytes,
                                                              GError                      **error);
gboolean                ressenti_analysis_result_equal       (const RessentiAnalysisResult *a,
                                                              const RessentiAnalysisResult *b);
/* A readable dump, for debugging and logs. */
char                   *ressenti_analysis_result_to_string   (const RessentiAnalysisResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiAnalysisResult, ressenti_analysis_result_unref)

G_END_DECLS
