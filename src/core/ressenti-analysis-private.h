/* ressenti-analysis-private.h — building a result, for the segmenter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ressenti-analysis-result.h"

G_BEGIN_DECLS

RessentiAnalysisResult *ressenti_analysis_result_new (RessentiChannelLayout layout,
                                                      guint                 n_channels,
                                                      gint64                duration_ms,
                                                      guint                 pause_threshold_ms);
/* Appended as given: callers add them in order of start. */
void ressenti_analysis_result_add_turn    (RessentiAnalysisResult *result,
                                           const RessentiTurn     *turn);
void ressenti_analysis_result_add_pause   (RessentiAnalysisResult *result,
                                           gint64                  start_ms,
                                           gint64                  end_ms);
void ressenti_analysis_result_add_overlap (RessentiAnalysisResult *result,
                                           gint64                  start_ms,
                                           gint64                  end_ms);

G_END_DECLS
