/* ressenti-segmenter.h — voice activity per channel, turns and pauses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ressenti-analysis-result.h"
#include "ressenti-types.h"

G_BEGIN_DECLS

/* Levels are the pre-emphasised speech level of ressenti-features.h, in dB
 * above the channel's noise floor unless said otherwise. */
typedef struct
{
  guint pause_threshold_ms;  /* a gap this long with nobody speaking is a pause */
  float on_db;               /* a frame this far above the floor is surely speech */
  float off_db;              /* speech goes on while frames stay this far above */
  float min_on_dbfs;         /* absolute level below which nothing is speech */
  float crosstalk_db;        /* a frame this much quieter than the other
                              * channel's is the other side leaking in; 0
                              * turns the rejection off */
  float crosstalk_hysteresis_db; /* how much closer than that a quiet
                                  * end of speech may still come */
  guint min_onset_ms;        /* frames above on_db a burst needs to count */
  guint min_speech_ms;       /* shorter turns are dropped as clicks */
  guint min_silence_ms;      /* shorter gaps do not end a turn (hangover);
                              * never more than the pause threshold */
  guint min_silence_mono_ms; /* the same on a one-channel call */
  guint min_overlap_ms;      /* shorter double talk is not an overlap */
  guint weak_bridge_ms;      /* a burst only above off_db this close after
                              * speech is its quiet end */
  int   start_offset_ms;     /* added to every detected start … */
  int   end_offset_ms;       /* … and end, to make up for the fade-out of
                              * the last syllable under the background */
} RessentiSegmenterParams;

void ressenti_segmenter_params_init_default (RessentiSegmenterParams *params);

typedef struct _RessentiSegmenter RessentiSegmenter;

/* @layout labels the channels of a two-channel stream; a one-channel stream
 * is always MONO. Channels beyond the second are ignored. */
RessentiSegmenter      *ressenti_segmenter_new        (const RessentiSegmenterParams *params,
                                                       guint                          n_channels,
                                                       RessentiChannelLayout          layout);
void                    ressenti_segmenter_free       (RessentiSegmenter             *self);
/* One frame of every channel, as given by RessentiFeatureFrameFunc. */
void                    ressenti_segmenter_push_frame (RessentiSegmenter             *self,
                                                       guint64                        index,
                                                       const float * const           *features);
/* Closes what is open and builds the result; @duration_ms is the length of
 * the decoded audio. A two-channel call whose channels carry the same audio
 * gives a mono result. Call it once. */
RessentiAnalysisResult *ressenti_segmenter_finish     (RessentiSegmenter             *self,
                                                       gint64                         duration_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiSegmenter, ressenti_segmenter_free)

G_END_DECLS
