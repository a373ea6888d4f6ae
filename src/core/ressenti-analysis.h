/* ressenti-analysis.h — the navigation analysis of one recording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ressenti-analysis-result.h"
#include "ressenti-segmenter.h"
#include "ressenti-types.h"

G_BEGIN_DECLS

/* The rate the audio is resampled to before analysis: telephone band. */
#define RESSENTI_ANALYSIS_RATE 8000

#define RESSENTI_TYPE_ANALYSIS (ressenti_analysis_get_type ())
G_DECLARE_FINAL_TYPE (RessentiAnalysis, ressenti_analysis, RESSENTI, ANALYSIS, GObject)

/* Called with the fraction of the recording analysed so far (0 to 1), at
 * most ten times a second and in steps of at least 1 %, then with 1 at the
 * end; only 1 if the length of the recording cannot be known. */
typedef void (*RessentiAnalysisProgressFunc) (double   fraction,
                                              gpointer user_data);

/* Decodes @file once, streaming (a few hundred kilobytes of audio in memory
 * at any time), and finds who speaks when, where the pauses are and where
 * both sides talk at once. @layout names the sides of a stereo call; MONO
 * mixes a stereo file down to one channel. The analysis concerns voice
 * activity only: nothing in it judges anyone's voice or feelings. */
RessentiAnalysis       *ressenti_analysis_new                (GFile                         *file,
                                                              RessentiChannelLayout          layout);
GFile                  *ressenti_analysis_get_file           (RessentiAnalysis              *self);
RessentiChannelLayout   ressenti_analysis_get_layout         (RessentiAnalysis              *self);
/* The name errors give the file; its base name by default. */
void                    ressenti_analysis_set_display_name   (RessentiAnalysis              *self,
                                                              const char                    *display_name);
/* Default 1000 ms. */
void                    ressenti_analysis_set_pause_threshold (RessentiAnalysis             *self,
                                                              guint                          milliseconds);
guint                   ressenti_analysis_get_pause_threshold (RessentiAnalysis             *self);
/* Every tuning knob; the defaults are ressenti_segmenter_params_init_default().
 * Like the other settings, they are read when a run starts. */
void                    ressenti_analysis_set_params         (RessentiAnalysis              *self,
                                                              const RessentiSegmenterParams *params);
void                    ressenti_analysis_get_params         (RessentiAnalysis              *self,
                                                              RessentiSegmenterParams       *params);
/* The fraction done of the analysis running with _run_async(), as the
 * "progress" property, notified on the caller's main context. */
double                  ressenti_analysis_get_progress       (RessentiAnalysis              *self);

/* Blocking: for workers, tests and the command line. @progress is called
 * from this thread. Fails with G_IO_ERROR_CANCELLED, or in the
 * RESSENTI_ANALYSIS_ERROR domain with a translated message. */
RessentiAnalysisResult *ressenti_analysis_run                (RessentiAnalysis              *self,
                                                              RessentiAnalysisProgressFunc   progress,
                                                              gpointer                       user_data,
                                                              GCancellable                  *cancellable,
                                                              GError                       **error);
/* Runs in a worker thread; one run at a time per object. */
void                    ressenti_analysis_run_async          (RessentiAnalysis              *self,
                                                              GCancellable                  *cancellable,
                                                              GAsyncReadyCallback            callback,
                                                              gpointer                       user_data);
RessentiAnalysisResult *ressenti_analysis_run_finish         (RessentiAnalysis              *self,
                                                              GAsyncResult                  *result,
                                                              GError                       **error);

G_END_DECLS
