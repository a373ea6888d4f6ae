/* ressenti-features.h — per-frame feature extractors over decoded audio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ressenti-types.h"

G_BEGIN_DECLS

/* Every feature is computed on 20 ms windows moved by 10 ms hops. Frame i
 * is centred on i × 10 ms: its window covers [i × 10 − 10, i × 10 + 10) ms,
 * the audio before the start counting as silence. */
#define RESSENTI_FEATURE_HOP_MS    10
#define RESSENTI_FEATURE_WINDOW_MS 20

/* A level given for digital silence, instead of minus infinity. */
#define RESSENTI_FEATURE_SILENCE_DB (-100.0f)

/* The slots of one channel's feature vector. An extractor fills its own
 * slots and may read those of the extractors added before it; a slot nobody
 * filled for this channel is NAN. Adding an extractor means adding its
 * slots here, its descriptor below and a line to the registry in
 * ressenti-features.c: the decoding code never changes. */
typedef enum
{
  /* RMS level of the window in dBFS (a full-scale square wave is 0). */
  RESSENTI_FEATURE_LEVEL_DB = 0,
  /* The same level after pre-emphasis (y[n] = x[n] − 0.95 x[n−1]), which
   * weakens the low frequencies where telephone-line hum and pink noise
   * sit, and makes the background far steadier from frame to frame than
   * the plain level: this is what voice-activity detection uses. */
  RESSENTI_FEATURE_SPEECH_LEVEL_DB,
  /* The background-noise estimate of SPEECH_LEVEL_DB for this channel. */
  RESSENTI_FEATURE_NOISE_FLOOR_DB,
  RESSENTI_N_FEATURES
} RessentiFeature;

/* What an extractor sees of one channel at one frame. */
typedef struct
{
  guint64      index;         /* frame number; centred on index × hop */
  guint        channel;
  guint        sample_rate;
  const float *window;        /* window_size samples, oldest first */
  guint        window_size;
  guint        hop_size;      /* the last hop_size samples of window are new */
} RessentiFeatureFrame;

/* An extractor is a table of functions over a private state that the frame
 * bank allocates (zero-filled) once per channel it runs on. */
typedef struct
{
  const char *name;
  gsize       state_size;
  /* Before the first frame. May be NULL. */
  void      (*init)    (gpointer                    state,
                        guint                       sample_rate);
  /* Once per frame: reads @frame and @features (slots of the extractors
   * added before this one) and writes this extractor's slots. */
  void      (*process) (gpointer                    state,
                        const RessentiFeatureFrame *frame,
                        float                      *features);
  /* After the last frame. May be NULL. */
  void      (*finish)  (gpointer                    state);
  /* Frees what the state points to (not the state itself). May be NULL. */
  void      (*clear)   (gpointer                    state);
} RessentiFeatureExtractor;

/* LEVEL_DB and SPEECH_LEVEL_DB. */
extern const RessentiFeatureExtractor ressenti_feature_energy;
/* NOISE_FLOOR_DB; needs ressenti_feature_energy before it. */
extern const RessentiFeatureExtractor ressenti_feature_noise_floor;

/* Which channels an extractor may look at. Anything about feelings looks
 * at the customer only (EU AI Act art. 5(1)(f), see PRODUCT.md): on a
 * stereo call of unknown layout that is no channel at all, on a mono call
 * the one channel, whose cues are then about the call. */
typedef enum
{
  RESSENTI_FEATURE_CHANNELS_ALL,        /* voice activity, for navigation */
  RESSENTI_FEATURE_CHANNELS_CUSTOMER,
} RessentiFeatureChannels;

/* The channel mask (bit 0 is the first channel) for @which on a call of
 * @n_channels channels labelled @layout. */
guint32 ressenti_feature_channel_mask (RessentiFeatureChannels which,
                                       RessentiChannelLayout   layout,
                                       guint                   n_channels);

/* Called once per frame, after every extractor ran on every channel:
 * features[c][f] is feature f of channel c. */
typedef void (*RessentiFeatureFrameFunc) (guint64              index,
                                          const float * const *features,
                                          guint                n_channels,
                                          gpointer             user_data);

/* Cuts interleaved float PCM into frames and runs the extractors on them.
 * It keeps only one window per channel: memory does not grow with the
 * length of the recording. */
typedef struct _RessentiFeatureBank RessentiFeatureBank;

RessentiFeatureBank *ressenti_feature_bank_new      (guint                           n_channels,
                                                     guint                           sample_rate);
void                 ressenti_feature_bank_free     (RessentiFeatureBank            *bank);
/* Runs @extractor on the channels whose bit is set in @channel_mask
 * (bit 0 is the first channel); extractors run in the order added. Only
 * before the first push. */
void                 ressenti_feature_bank_add      (RessentiFeatureBank            *bank,
                                                     const RessentiFeatureExtractor *extractor,
                                                     guint32                         channel_mask);
/* Adds every extractor of the registry (the table at the end of
 * ressenti-features.c), each on the channels it may look at. Adding an
 * extractor to the analysis is adding it to that table. */
void                 ressenti_feature_bank_add_registered (RessentiFeatureBank      *bank,
                                                     RessentiChannelLayout           layout);
void                 ressenti_feature_bank_set_frame_func (RessentiFeatureBank      *bank,
                                                     RessentiFeatureFrameFunc        func,
                                                     gpointer                        user_data);
/* @n_frames frames of n_channels interleaved samples in [-1, 1]. */
void                 ressenti_feature_bank_push     (RessentiFeatureBank            *bank,
                                                     const float                    *samples,
                                                     gsize                           n_frames);
/* @n_frames frames of digital silence (a gap in the decoded stream). */
void                 ressenti_feature_bank_push_silence (RessentiFeatureBank        *bank,
                                                     gsize                           n_frames);
/* Completes the last partial hop with silence and calls every finish. */
void                 ressenti_feature_bank_finish   (RessentiFeatureBank            *bank);
guint                ressenti_feature_bank_get_hop_size (RessentiFeatureBank        *bank);
/* Number of frames produced so far. */
guint64              ressenti_feature_bank_get_n_frames (RessentiFeatureBank        *bank);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiFeatureBank, ressenti_feature_bank_free)

G_END_DECLS
