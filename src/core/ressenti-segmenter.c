/* ressenti-segmenter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Voice activity is decided per channel and per 10 ms frame, against that
 * channel's own noise floor, with two thresholds (hysteresis): a burst of
 * frames above the lower "off" threshold is speech if it holds enough
 * frames above the higher "on" threshold, and then it counts from its first
 * to its last frame above "off". That recovers soft word onsets and decays
 * that a single threshold would cut, without letting the background
 * trigger speech on its own.
 *
 * On telephone lines each channel also carries the other side, some 20 to
 * 30 dB lower (crosstalk). A frame much quieter than the other channel's
 * (crosstalk_db) is taken as that leak and never starts speech; the quiet
 * end of speech may come a little closer to it (crosstalk_hysteresis_db),
 * as it does when the other side starts talking over it.
 *
 * A burst with too few frames above "on" is kept only if it follows speech
 * closely (weak_bridge_ms): it is then the quiet end of a word after a
 * short dip; alone, it is the background, a click or a breath.
 *
 * Each frame is judged half a second late, against the floor as it is by
 * then: the floor has heard the background after the frame too, which
 * matters at the start of a recording, before the floor has settled.
 *
 * Bursts closer than min_silence_ms are one turn (the hangover that keeps
 * the gaps between words and sentences inside a turn), and turns shorter
 * than min_speech_ms are dropped. Bursts are kept as frame spans until the
 * end, a few hundred kilobytes at most even for a long call; no audio is
 * kept.
 *
 * Some "stereo" files carry the same audio on both sides: exports that
 * duplicate a mono line, and low-bitrate stereo codecs (Opus below about
 * 20 kbit/s) that merge the channels. Both sides would then seem to speak
 * all the time. When nearly every frame of speech has the same level on
 * both channels, the call is segmented as a mono one, and the result says
 * so (layout MONO, one channel).
 *
 * The last 50 to 130 ms of a turn usually fade out under the background,
 * so the detected ends come early: by 24 to 113 ms (median) on the demo
 * calls without correction. end_offset_ms puts them back by a typical
 * amount, so that moving to the next pause lands in the silence rather
 * than on the last syllable. Onsets rise fast: starts need no offset.
 */
#include "config.h"

#include <math.h>

#include "ressenti-analysis-private.h"
#include "ressenti-features.h"
#include "ressenti-segmenter.h"

#define N_CHANNELS_MAX 2
/* Frames of delay between a frame's level and the floor it is judged by. */
#define FLOOR_LAG_FRAMES 50
/* Two channels within this many dB of each other in a frame of speech … */
#define IDENTICAL_DB 1.0f
/* … in this share of at least DUAL_MONO_MIN_FRAMES frames of speech, are
 * the same audio. Two real sides differ by 15 dB or more on most frames. */
#define DUAL_MONO_SHARE 0.9
#define DUAL_MONO_MIN_FRAMES 100

typedef struct
{
  guint64 first;
  guint64 last;          /* inclusive */
  guint   high_frames;
} Burst;

typedef enum
{
  LEVEL_LOW,      /* background, or the other side leaking in */
  LEVEL_MID,      /* between the thresholds */
  LEVEL_HIGH,     /* surely speech */
} FrameLevel;

typedef struct
{
  gboolean  in_burst;
  Burst     burst;
  GArray   *bursts;       /* Burst: every burst of at least two frames */
} Channel;

struct _RessentiSegmenter
{
  RessentiSegmenterParams params;
  RessentiChannelLayout   layout;
  guint                   n_channels;
  guint                   min_onset_frames;
  Channel                 channels[N_CHANNELS_MAX];
  /* The speech levels of the last FLOOR_LAG_FRAMES frames, waiting to be
   * judged; frame i is at slot i % FLOOR_LAG_FRAMES. */
  float                   pending[FLOOR_LAG_FRAMES][N_CHANNELS_MAX];
  guint64                 n_frames;
  float                   floors[N_CHANNELS_MAX];
  /* Frames of speech, and those with the same level on both channels. */
  guint64                 n_speech_frames;
  guint64                 n_identical_frames;
};

void
ressenti_segmenter_params_init_default (RessentiSegmenterParams *params)
{
  *params = (RessentiSegmenterParams) {
    .pause_threshold_ms = 1000,
    .on_db = 7.0f,
    .off_db = 3.0f,
    .min_on_dbfs = -65.0f,
    .crosstalk_db = 15.0f,
    .crosstalk_hysteresis_db = 4.0f,
    .min_onset_ms = 40,
    .min_speech_ms = 100,
    .min_silence_ms = 700,
    .min_silence_mono_ms = 400,
    .min_overlap_ms = 200,
    .weak_bridge_ms = 100,
    .start_offset_ms = 0,
    .end_offset_ms = 50,
  };
}

RessentiSegmenter *
ressenti_segmenter_new (const RessentiSegmenterParams *params,
                        guint                          n_channels,
                        RessentiChannelLayout          layout)
{
  RessentiSegmenter *self;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (n_channels > 0, NULL);

  self = g_new0 (RessentiSegmenter, 1);
  self->params = *params;
  self->n_channels = MIN (n_channels, N_CHANNELS_MAX);
  /* On one channel the speakers cannot be told apart, and a change of
   * speaker is only a gap like the one between two sentences: a shorter
   * hangover cuts the call into utterances, which at least stop at most
   * changes of speaker, rather than into long stretches that hide them. */
  if (self->n_channels == 1)
    self->params.min_silence_ms = params->min_silence_mono_ms;
  /* A gap a turn bridges must not be long enough to be a pause, or it
   * would be neither. */
  self->params.min_silence_ms = MIN (self->params.min_silence_ms, params->pause_threshold_ms);
  self->layout = self->n_channels == 1 ? RESSENTI_CHANNEL_LAYOUT_MONO : layout;
  if (self->layout == RESSENTI_CHANNEL_LAYOUT_MONO && self->n_channels == 2)
    self->layout = RESSENTI_CHANNEL_LAYOUT_UNKNOWN;
  self->min_onset_frames = MAX (1, params->min_onset_ms / RESSENTI_FEATURE_HOP_MS);
  for (guint c = 0; c < self->n_channels; c++)
    self->channels[c].bursts = g_array_new (FALSE, FALSE, sizeof (Burst));
  return self;
}

void
ressenti_segmenter_free (RessentiSegmenter *self)
{
  if (self == NULL)
    return;
  /* All of them: a call found to be dual mono has lost its second. */
  for (guint c = 0; c < N_CHANNELS_MAX; c++)
    g_clear_pointer (&self->channels[c].bursts, g_array_unref);
  g_free (self);
}

/* Frames ------------------------------------------------------------------ */

static FrameLevel
classify (RessentiSegmenter *self,
          guint              channel,
          const float       *levels,
          const float       *floors)
{
  const RessentiSegmenterParams *p = &self->params;
  float level = levels[channel];
  float floor_db = floors[channel];
  float on, off;

  /* A NAN floor is not known yet: the first few frames. */
  if (isnan (level) || isnan (floor_db))
    return LEVEL_LOW;

  /* On a digitally silent line the floor is meaningless: an absolute
   * minimum keeps dither and codec noise from being speech. */
  on = MAX (floor_db + p->on_db, p->min_on_dbfs);
  off = MAX (floor_db + p->off_db, p->min_on_dbfs - (p->on_db - p->off_db));

  /* Crosstalk has its own hysteresis: speech starts only clear of the
   * other side by crosstalk_db, but its quiet end may continue a little
   * closer to it, when the other side talks over it. */
  if (self->n_channels == 2 && p->crosstalk_db > 0 && !isnan (levels[1 - channel]))
    {
      float other = levels[1 - channel];

      on = MAX (on, other - p->crosstalk_db);
      off = MAX (off, other - p->crosstalk_db - p->crosstalk_hysteresis_db);
    }

  if (level >= on)
    return LEVEL_HIGH;
  if (level >= off)
    return LEVEL_MID;
  return LEVEL_LOW;
}

static void
close_burst (RessentiSegmenter *self,
             Channel           *channel)
{
  if (channel->in_burst &&
      (channel->burst.high_frames >= self->min_onset_frames || channel->burst.last > channel->burst.first))
    g_array_append_val (channel->bursts, channel->burst);
  channel->in_burst = FALSE;
}

static void
count_identical (RessentiSegmenter *self,
                 const float       *levels,
                 gboolean           speech)
{
  if (!speech || self->n_channels != 2 || isnan (levels[0]) || isnan (levels[1]))
    return;
  self->n_speech_frames++;
  if (fabsf (levels[0] - levels[1]) < IDENTICAL_DB)
    self->n_identical_frames++;
}

/* Judges frame @index, whose levels are @levels, against @floors. */
static void
judge_frame (RessentiSegmenter *self,
             guint64            index,
             const float       *levels,
             const float       *floors)
{
  gboolean speech = FALSE;

  for (guint c = 0; c < self->n_channels; c++)
    {
      Channel *channel = &self->channels[c];
      FrameLevel level = classify (self, c, levels, floors);

      speech = speech || level == LEVEL_HIGH;

      if (level == LEVEL_LOW)
        {
          close_burst (self, channel);
          continue;
        }
      if (!channel->in_burst)
        {
          channel->in_burst = TRUE;
          channel->burst.first = index;
          channel->burst.high_frames = 0;
        }
      channel->burst.last = index;
      if (level == LEVEL_HIGH)
        channel->burst.high_frames++;
    }
  count_identical (self, levels, speech);
}

void
ressenti_segmenter_push_frame (RessentiSegmenter   *self,
                               guint64              index,
                               const float * const *features)
{
  float *slot = self->pending[self->n_frames % FLOOR_LAG_FRAMES];

  g_return_if_fail (index == self->n_frames);

  for (guint c = 0; c < self->n_channels; c++)
    self->floors[c] = features[c][RESSENTI_FEATURE_NOISE_FLOOR_DB];
  if (self->n_frames >= FLOOR_LAG_FRAMES)
    judge_frame (self, self->n_frames - FLOOR_LAG_FRAMES, slot, self->floors);
  for (guint c = 0; c < self->n_channels; c++)
    slot[c] = features[c][RESSENTI_FEATURE_SPEECH_LEVEL_DB];
  self->n_frames++;
}

/* Judges the frames still waiting, against the last floors. */
static void
flush_pending (RessentiSegmenter *self)
{
  guint64 first = self->n_frames > FLOOR_LAG_FRAMES ? self->n_frames - FLOOR_LAG_FRAMES : 0;

  for (guint64 i = first; i < self->n_frames; i++)
    judge_frame (self, i, self->pending[i % FLOOR_LAG_FRAMES], self->floors);
  for (guint c = 0; c < self->n_channels; c++)
    close_burst (self, &self->channels[c]);
}

/* Turns ------------------------------------------------------------------- */

static gint64
frame_to_ms (guint64 frame)
{
  return (gint64) frame * RESSENTI_FEATURE_HOP_MS;
}

static gboolean
is_strong (RessentiSegmenter *self,
           const Burst       *burst)
{
  return burst->high_frames >= self->min_onset_frames;
}

/* Which bursts are speech: those with enough frames above on_db, and the
 * weak ones (only above off_db) that follow speech closely: the quiet end
 * of a word after a short dip. Weak bursts alone are the background.
 * (Bridging soft onsets the same way was tried and changed nothing on the
 * demo calls: onsets rise fast enough.) */
static gboolean *
keep_bursts (RessentiSegmenter *self,
             const GArray      *bursts)
{
  guint64 bridge = self->params.weak_bridge_ms / RESSENTI_FEATURE_HOP_MS;
  gboolean *keep = g_new0 (gboolean, bursts->len + 1);
  const Burst *anchor = NULL;

  for (guint i = 0; i < bursts->len; i++)
    {
      const Burst *burst = &g_array_index (bursts, Burst, i);

      keep[i] = is_strong (self, burst) || (anchor != NULL && burst->first - anchor->last <= bridge);
      if (keep[i])
        anchor = burst;
    }
  return keep;
}

/* Merges the speech bursts separated by less than min_silence_ms, drops
 * what is shorter than min_speech_ms, and converts to milliseconds. */
static GArray *
channel_segments (RessentiSegmenter *self,
                  Channel           *channel,
                  gint64             min_silence_ms,
                  gint64             duration_ms)
{
  const RessentiSegmenterParams *p = &self->params;
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (RessentiSpan));
  g_autofree gboolean *keep = keep_bursts (self, channel->bursts);
  RessentiSpan current = { -1, -1 };

  for (guint i = 0; i <= channel->bursts->len; i++)
    {
      const Burst *burst = i < channel->bursts->len ? &g_array_index (channel->bursts, Burst, i) : NULL;
      gint64 start = burst != NULL ? frame_to_ms (burst->first) : G_MAXINT64;
      gint64 end = burst != NULL ? frame_to_ms (burst->last) : G_MAXINT64;

      if (burst != NULL && !keep[i])
        continue;
      if (current.start_ms >= 0 && start - current.end_ms < min_silence_ms)
        {
          current.end_ms = end;
          continue;
        }
      if (current.start_ms >= 0 && current.end_ms - current.start_ms >= (gint64) p->min_speech_ms)
        {
          current.start_ms = CLAMP (current.start_ms + p->start_offset_ms, 0, duration_ms);
          current.end_ms = CLAMP (current.end_ms + p->end_offset_ms, current.start_ms, duration_ms);
          g_array_append_val (segments, current);
        }
      current = (RessentiSpan) { start, end };
    }
  return g_steal_pointer (&segments);
}

static RessentiSpeaker
speaker_for_channel (RessentiSegmenter *self,
                     guint              channel)
{
  switch (self->layout)
    {
    case RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT:
      return channel == 0 ? RESSENTI_SPEAKER_AGENT : RESSENTI_SPEAKER_CUSTOMER;
    case RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT:
      return channel == 0 ? RESSENTI_SPEAKER_CUSTOMER : RESSENTI_SPEAKER_AGENT;
    case RESSENTI_CHANNEL_LAYOUT_UNKNOWN:
      return channel == 0 ? RESSENTI_SPEAKER_LEFT : RESSENTI_SPEAKER_RIGHT;
    case RESSENTI_CHANNEL_LAYOUT_MONO:
    default:
      return RESSENTI_SPEAKER_SPEECH;
    }
}

/* Intersections of two sorted lists of disjoint spans. */
static GArray *
intersect (const GArray *a,
           const GArray *b,
           gint64        min_ms)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (RessentiSpan));
  guint i = 0, j = 0;

  while (i < a->len && j < b->len)
    {
      const RessentiSpan *x = &g_array_index (a, RessentiSpan, i);
      const RessentiSpan *y = &g_array_index (b, RessentiSpan, j);
      RessentiSpan both = { MAX (x->start_ms, y->start_ms), MIN (x->end_ms, y->end_ms) };

      if (both.end_ms - both.start_ms >= min_ms && both.end_ms > both.start_ms)
        g_array_append_val (out, both);
      if (x->end_ms < y->end_ms)
        i++;
      else
        j++;
    }
  return out;
}

static gboolean
touches_any (const RessentiSpan *span,
             const GArray       *spans)
{
  for (guint i = 0; i < spans->len; i++)
    {
      const RessentiSpan *other = &g_array_index (spans, RessentiSpan, i);

      if (other->start_ms < span->end_ms && other->end_ms > span->start_ms)
        return TRUE;
    }
  return FALSE;
}

static int
compare_turns (gconstpointer a,
               gconstpointer b)
{
  const RessentiTurn *x = a, *y = b;

  if (x->start_ms != y->start_ms)
    return x->start_ms < y->start_ms ? -1 : 1;
  return (int) x->channel - (int) y->channel;
}

static void
add_turns (RessentiSegmenter      *self,
           RessentiAnalysisResult *result,
           GArray                **segments,
           const GArray           *overlaps)
{
  g_autoptr(GArray) turns = g_array_new (FALSE, FALSE, sizeof (RessentiTurn));

  for (guint c = 0; c < self->n_channels; c++)
    for (guint i = 0; i < segments[c]->len; i++)
      {
        const RessentiSpan *span = &g_array_index (segments[c], RessentiSpan, i);
        RessentiTurn turn = {
          .start_ms = span->start_ms,
          .end_ms = span->end_ms,
          .speaker = speaker_for_channel (self, c),
          .channel = c,
          .overlap = touches_any (span, overlaps),
        };

        g_array_append_val (turns, turn);
      }
  g_array_sort (turns, compare_turns);
  for (guint i = 0; i < turns->len; i++)
    ressenti_analysis_result_add_turn (result, &g_array_index (turns, RessentiTurn, i));
}

/* Pauses are the gaps of at least the threshold in the union of every
 * channel's turns, the start and the end of the recording included. */
static void
add_pauses (RessentiSegmenter      *self,
            RessentiAnalysisResult *result,
            GArray                **segments,
            gint64                  duration_ms)
{
  gint64 threshold = self->params.pause_threshold_ms;
  gint64 covered = 0;
  guint next[N_CHANNELS_MAX] = { 0 };

  for (;;)
    {
      const RessentiSpan *earliest = NULL;
      guint from = 0;

      for (guint c = 0; c < self->n_channels; c++)
        {
          const RessentiSpan *span;

          if (next[c] >= segments[c]->len)
            continue;
          span = &g_array_index (segments[c], RessentiSpan, next[c]);
          if (earliest == NULL || span->start_ms < earliest->start_ms)
            {
              earliest = span;
              from = c;
            }
        }
      if (earliest == NULL)
        break;
      next[from]++;
      if (earliest->start_ms - covered >= threshold)
        ressenti_analysis_result_add_pause (result, covered, earliest->start_ms);
      covered = MAX (covered, earliest->end_ms);
    }
  if (duration_ms - covered >= threshold)
    ressenti_analysis_result_add_pause (result, covered, duration_ms);
}

static gboolean
is_dual_mono (RessentiSegmenter *self)
{
  return self->n_channels == 2 && self->n_speech_frames >= DUAL_MONO_MIN_FRAMES &&
         self->n_identical_frames >= DUAL_MONO_SHARE * self->n_speech_frames;
}

RessentiAnalysisResult *
ressenti_segmenter_finish (RessentiSegmenter *self,
                           gint64             duration_ms)
{
  RessentiAnalysisResult *result;
  GArray *segments[N_CHANNELS_MAX] = { NULL };
  g_autoptr(GArray) overlaps = NULL;
  gint64 min_silence = self->params.min_silence_ms;

  g_return_val_if_fail (self != NULL, NULL);

  flush_pending (self);
  if (is_dual_mono (self))
    {
      g_debug ("Both channels carry the same audio (%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
               " frames of speech): segmenting as mono", self->n_identical_frames, self->n_speech_frames);
      self->n_channels = 1;
      self->layout = RESSENTI_CHANNEL_LAYOUT_MONO;
      min_silence = MIN (self->params.min_silence_mono_ms, self->params.pause_threshold_ms);
    }

  result = ressenti_analysis_result_new (self->layout, self->n_channels, duration_ms,
                                         self->params.pause_threshold_ms);
  for (guint c = 0; c < self->n_channels; c++)
    segments[c] = channel_segments (self, &self->channels[c], min_silence, duration_ms);

  if (self->n_channels == 2)
    overlaps = intersect (segments[0], segments[1], self->params.min_overlap_ms);
  else
    overlaps = g_array_new (FALSE, FALSE, sizeof (RessentiSpan));
  for (guint i = 0; i < overlaps->len; i++)
    {
      const RessentiSpan *span = &g_array_index (overlaps, RessentiSpan, i);

      ressenti_analysis_result_add_overlap (result, span->start_ms, span->end_ms);
    }

  add_turns (self, result, segments, overlaps);
  add_pauses (self, result, segments, duration_ms);

  for (guint c = 0; c < self->n_channels; c++)
    g_array_unref (segments[c]);
  return result;
}
