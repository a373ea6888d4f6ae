/* ressenti-features.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The frame bank deinterleaves decoded PCM into one sliding window per
 * channel and, every hop, runs the extractors in order on each channel,
 * then hands all channels' feature vectors to one consumer (the segmenter)
 * so that it can compare the channels frame by frame.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ressenti-features.h"

#define MAX_CHANNELS 8
#define MAX_HOPS_PER_WINDOW 8

typedef struct
{
  const RessentiFeatureExtractor *extractor;
  gpointer                        states[MAX_CHANNELS];   /* NULL: not run */
} BankEntry;

struct _RessentiFeatureBank
{
  guint     n_channels;
  guint     sample_rate;
  guint     hop_size;
  guint     window_size;
  guint     hop_fill;          /* new samples in the current hop */
  guint64   n_frames;
  gboolean  started;
  gboolean  finished;

  float    *windows[MAX_CHANNELS];
  float     features[MAX_CHANNELS][RESSENTI_N_FEATURES];
  const float *feature_rows[MAX_CHANNELS];
  GArray   *entries;           /* BankEntry */

  RessentiFeatureFrameFunc frame_func;
  gpointer                 frame_data;
};

/* Energy ------------------------------------------------------------------ */

#define PRE_EMPHASIS 0.95f

/* The window is a whole number of hops, so the sum of squares of each hop
 * is computed once and the window's is the sum of the last few. */
typedef struct
{
  float plain[MAX_HOPS_PER_WINDOW];
  float emphasised[MAX_HOPS_PER_WINDOW];
  guint slot;
} EnergyState;

static float
power_to_db (float mean_square)
{
  if (mean_square <= 1e-10f)
    return RESSENTI_FEATURE_SILENCE_DB;
  return 10.0f * log10f (mean_square);
}

static void
energy_process (gpointer                    state,
                const RessentiFeatureFrame *frame,
                float                      *features)
{
  EnergyState *energy = state;
  const float *hop = frame->window + frame->window_size - frame->hop_size;
  guint n_hops = MIN (frame->window_size / frame->hop_size, MAX_HOPS_PER_WINDOW);
  /* Four partial sums each, so that the loop needs no strict order of
   * additions and runs several at once: this loop is most of the work. */
  float plain[4] = { 0 }, emphasised[4] = { 0 };
  float plain_sum = 0, emphasised_sum = 0;
  guint i;

  /* hop[-1] is the last sample of the previous hop, still in the window. */
  for (i = 0; i + 4 <= frame->hop_size; i += 4)
    for (guint k = 0; k < 4; k++)
      {
        float x = hop[i + k];
        float y = x - PRE_EMPHASIS * hop[(int) (i + k) - 1];

        plain[k] += x * x;
        emphasised[k] += y * y;
      }
  for (; i < frame->hop_size; i++)
    {
      float y = hop[i] - PRE_EMPHASIS * hop[(int) i - 1];

      plain[0] += hop[i] * hop[i];
      emphasised[0] += y * y;
    }

  energy->plain[energy->slot] = plain[0] + plain[1] + plain[2] + plain[3];
  energy->emphasised[energy->slot] = emphasised[0] + emphasised[1] + emphasised[2] + emphasised[3];
  energy->slot = (energy->slot + 1) % n_hops;

  for (i = 0; i < n_hops; i++)
    {
      plain_sum += energy->plain[i];
      emphasised_sum += energy->emphasised[i];
    }
  features[RESSENTI_FEATURE_LEVEL_DB] = power_to_db (plain_sum / frame->window_size);
  features[RESSENTI_FEATURE_SPEECH_LEVEL_DB] = power_to_db (emphasised_sum / frame->window_size);
}

const RessentiFeatureExtractor ressenti_feature_energy = {
  .name = "energy",
  .state_size = sizeof (EnergyState),
  .process = energy_process,
};

/* Noise floor ------------------------------------------------------------- */

/* Minimum statistics: the quietest frame of the last few seconds is a lower
 * bound of the background, since even continuous speech has short gaps.
 * Frames close to that minimum are background, and their running mean is
 * the floor. The window must be longer than any stretch of speech without
 * a gap; the floor may rise only slowly, so that a long loud stretch does
 * not drag it up, but falls as soon as the background does.
 *
 * The minimum is taken over the highest level of three frames in a row, so
 * that one or two odd frames cannot drag it down: a low-bitrate codec now
 * and then leaves a near-silent frame in the middle of the background.
 *
 * Two kinds of frames say nothing about the background and are skipped:
 * the first few, where decoders fade in (an MP3 starts with some 40 ms of
 * near silence, Opus with a ramp), and digital silence (a muted line, or
 * hold), far below any level that could matter. Counted, either would
 * hold the floor far too low for the length of the window, and the
 * background would pass for speech meanwhile. During the first frames the
 * floor is NAN (unknown, nothing is speech).
 *
 * A decoder's fade-in can also be slower than those frames (an 8 kHz MP3
 * rises from silence over some 130 ms). So, until the window has filled
 * once, a stretch of 400 ms whose level stays within a few dB (steady
 * background, where speech would rise and fall by far more) replaces a
 * minimum that lies well below it. Later in the call this is not done: a
 * long, even "euh…" must not be taken for the background. */
#define FLOOR_BLOCK_FRAMES   25      /* 250 ms */
#define FLOOR_N_BLOCKS       12      /* a 3 s window */
#define FLOOR_NOISE_SPREAD   5.0f    /* dB above the minimum still counted as noise */
#define FLOOR_SMOOTHING      0.033f  /* about 300 ms time constant at 10 ms hops */
#define FLOOR_MAX_RISE       0.05f   /* dB per frame: 5 dB per second */
#define FLOOR_SKIP_FRAMES    5       /* 50 ms */
#define FLOOR_IGNORE_BELOW_DB (-75.0f)
#define FLOOR_STEADY_FRAMES  40      /* 400 ms */
#define FLOOR_SMOOTH_FRAMES  3       /* 30 ms */
#define FLOOR_STEADY_RANGE   6.0f    /* dB */

typedef struct
{
  float    block_min[FLOOR_N_BLOCKS];
  guint    n_blocks;                  /* valid entries of block_min */
  guint    block_slot;
  float    current_min;
  guint    current_frames;
  float    blocks_min;                /* of the full blocks; G_MAXFLOAT if none */
  float    floor;
  gboolean has_floor;
  float    recent[FLOOR_STEADY_FRAMES];
  guint    n_recent;
  float    levels[FLOOR_SMOOTH_FRAMES];
  guint    n_levels;
} NoiseFloorState;

/* The minimum of the full blocks changes only when a block completes. */
static void
noise_floor_update_blocks_min (NoiseFloorState *noise)
{
  noise->blocks_min = G_MAXFLOAT;
  for (guint i = 0; i < noise->n_blocks; i++)
    noise->blocks_min = MIN (noise->blocks_min, noise->block_min[i]);
}

static float
noise_floor_window_min (NoiseFloorState *noise)
{
  return noise->current_frames > 0 ? MIN (noise->blocks_min, noise->current_min) : noise->blocks_min;
}

static void
noise_floor_push_min (NoiseFloorState *noise,
                      float            level)
{
  if (noise->current_frames == 0 || level < noise->current_min)
    noise->current_min = level;
  if (++noise->current_frames < FLOOR_BLOCK_FRAMES)
    return;

  /* The current block is full: it replaces the oldest one, so the window
   * holds the last FLOOR_N_BLOCKS blocks plus the one being filled. */
  noise->block_min[noise->block_slot] = noise->current_min;
  noise->block_slot = (noise->block_slot + 1) % FLOOR_N_BLOCKS;
  noise->n_blocks = MIN (noise->n_blocks + 1, FLOOR_N_BLOCKS);
  noise->current_frames = 0;
  noise_floor_update_blocks_min (noise);
}

/* The highest level of the last FLOOR_SMOOTH_FRAMES frames: a frame only
 * counts as quiet if its neighbours are too. */
static float
noise_floor_smooth (NoiseFloorState *noise,
                    float            level)
{
  float high = level;

  noise->levels[noise->n_levels++ % FLOOR_SMOOTH_FRAMES] = level;
  for (guint i = 0; i < MIN (noise->n_levels, FLOOR_SMOOTH_FRAMES); i++)
    high = MAX (high, noise->levels[i]);
  return high;
}

/* During the first window: if the last FLOOR_STEADY_FRAMES frames are
 * steady and well above the minimum, they are the background. */
static void
noise_floor_check_steady (NoiseFloorState *noise,
                          float            level)
{
  float low = level, high = level;

  if (noise->n_blocks >= FLOOR_N_BLOCKS)
    return;

  noise->recent[noise->n_recent++ % FLOOR_STEADY_FRAMES] = level;
  if (noise->n_recent < FLOOR_STEADY_FRAMES)
    return;
  for (guint i = 0; i < FLOOR_STEADY_FRAMES; i++)
    {
      low = MIN (low, noise->recent[i]);
      high = MAX (high, noise->recent[i]);
    }
  if (high - low >= FLOOR_STEADY_RANGE || low <= noise_floor_window_min (noise) + FLOOR_NOISE_SPREAD)
    return;

  for (guint i = 0; i < noise->n_blocks; i++)
    noise->block_min[i] = low;
  noise->current_min = low;
  noise_floor_update_blocks_min (noise);
}

static void
noise_floor_process (gpointer                    state,
                     const RessentiFeatureFrame *frame,
                     float                      *features)
{
  NoiseFloorState *noise = state;
  float level = features[RESSENTI_FEATURE_SPEECH_LEVEL_DB];
  float min;

  if (isnan (level) || frame->index < FLOOR_SKIP_FRAMES)
    {
      features[RESSENTI_FEATURE_NOISE_FLOOR_DB] = noise->has_floor ? noise->floor : NAN;
      return;
    }
  /* A line this quiet has its floor at most here: what matters is that
   * speech stands out of it. */
  if (level < FLOOR_IGNORE_BELOW_DB)
    {
      features[RESSENTI_FEATURE_NOISE_FLOOR_DB] = noise->has_floor ? noise->floor : FLOOR_IGNORE_BELOW_DB;
      return;
    }

  noise_floor_push_min (noise, noise_floor_smooth (noise, level));
  noise_floor_check_steady (noise, level);
  min = noise_floor_window_min (noise);

  if (!noise->has_floor)
    {
      noise->floor = level;
      noise->has_floor = TRUE;
    }
  else if (level < min + FLOOR_NOISE_SPREAD)
    {
      float step = FLOOR_SMOOTHING * (level - noise->floor);

      noise->floor += MIN (step, FLOOR_MAX_RISE);
    }

  /* The mean of the background lies between its minimum and a little
   * above: this also corrects at once a floor first taken in speech. */
  noise->floor = CLAMP (noise->floor, min, min + FLOOR_NOISE_SPREAD);

  features[RESSENTI_FEATURE_NOISE_FLOOR_DB] = noise->floor;
}

static void
noise_floor_init (gpointer state,
                  guint    sample_rate)
{
  NoiseFloorState *noise = state;

  noise->blocks_min = G_MAXFLOAT;
}

const RessentiFeatureExtractor ressenti_feature_noise_floor = {
  .name = "noise-floor",
  .state_size = sizeof (NoiseFloorState),
  .init = noise_floor_init,
  .process = noise_floor_process,
};

/* Frame bank -------------------------------------------------------------- */

RessentiFeatureBank *
ressenti_feature_bank_new (guint n_channels,
                           guint sample_rate)
{
  RessentiFeatureBank *bank;

  g_return_val_if_fail (n_channels > 0 && n_channels <= MAX_CHANNELS, NULL);
  g_return_val_if_fail (sample_rate >= 1000, NULL);

  bank = g_new0 (RessentiFeatureBank, 1);
  bank->n_channels = n_channels;
  bank->sample_rate = sample_rate;
  bank->hop_size = sample_rate * RESSENTI_FEATURE_HOP_MS / 1000;
  bank->window_size = bank->hop_size * (RESSENTI_FEATURE_WINDOW_MS / RESSENTI_FEATURE_HOP_MS);
  bank->entries = g_array_new (FALSE, TRUE, sizeof (BankEntry));
  for (guint c = 0; c < n_channels; c++)
    {
      bank->windows[c] = g_new0 (float, bank->window_size);
      bank->feature_rows[c] = bank->features[c];
    }
  return bank;
}

void
ressenti_feature_bank_free (RessentiFeatureBank *bank)
{
  if (bank == NULL)
    return;

  for (guint i = 0; i < bank->entries->len; i++)
    {
      BankEntry *entry = &g_array_index (bank->entries, BankEntry, i);

      for (guint c = 0; c < bank->n_channels; c++)
        {
          if (entry->states[c] == NULL)
            continue;
          if (entry->extractor->clear != NULL)
            entry->extractor->clear (entry->states[c]);
          g_free (entry->states[c]);
        }
    }
  g_array_unref (bank->entries);
  for (guint c = 0; c < bank->n_channels; c++)
    g_free (bank->windows[c]);
  g_free (bank);
}

void
ressenti_feature_bank_add (RessentiFeatureBank            *bank,
                           const RessentiFeatureExtractor *extractor,
                           guint32                         channel_mask)
{
  BankEntry entry = { extractor, { NULL } };

  g_return_if_fail (bank != NULL && extractor != NULL && extractor->process != NULL);
  g_return_if_fail (!bank->started);

  for (guint c = 0; c < bank->n_channels; c++)
    {
      if ((channel_mask & (1u << c)) == 0)
        continue;
      entry.states[c] = g_malloc0 (MAX (extractor->state_size, 1));
      if (extractor->init != NULL)
        extractor->init (entry.states[c], bank->sample_rate);
    }
  g_array_append_val (bank->entries, entry);
}

void
ressenti_feature_bank_set_frame_func (RessentiFeatureBank      *bank,
                                      RessentiFeatureFrameFunc  func,
                                      gpointer                  user_data)
{
  g_return_if_fail (bank != NULL);

  bank->frame_func = func;
  bank->frame_data = user_data;
}

guint
ressenti_feature_bank_get_hop_size (RessentiFeatureBank *bank)
{
  return bank->hop_size;
}

guint64
ressenti_feature_bank_get_n_frames (RessentiFeatureBank *bank)
{
  return bank->n_frames;
}

static void
run_frame (RessentiFeatureBank *bank)
{
  RessentiFeatureFrame frame = {
    .index = bank->n_frames,
    .sample_rate = bank->sample_rate,
    .window_size = bank->window_size,
    .hop_size = bank->hop_size,
  };

  for (guint c = 0; c < bank->n_channels; c++)
    {
      for (guint f = 0; f < RESSENTI_N_FEATURES; f++)
        bank->features[c][f] = NAN;

      frame.channel = c;
      frame.window = bank->windows[c];
      for (guint i = 0; i < bank->entries->len; i++)
        {
          BankEntry *entry = &g_array_index (bank->entries, BankEntry, i);

          if (entry->states[c] != NULL)
            entry->extractor->process (entry->states[c], &frame, bank->features[c]);
        }
    }

  if (bank->frame_func != NULL)
    bank->frame_func (bank->n_frames, bank->feature_rows, bank->n_channels, bank->frame_data);
  bank->n_frames++;

  /* Slide every window by one hop. */
  for (guint c = 0; c < bank->n_channels; c++)
    memmove (bank->windows[c], bank->windows[c] + bank->hop_size,
             (bank->window_size - bank->hop_size) * sizeof (float));
  bank->hop_fill = 0;
}

/* Copies up to the end of the current hop; returns the frames consumed. */
static gsize
fill_hop (RessentiFeatureBank *bank,
          const float         *samples,
          gsize                n_frames)
{
  gsize n = MIN (n_frames, bank->hop_size - bank->hop_fill);
  guint offset = bank->window_size - bank->hop_size + bank->hop_fill;

  if (samples == NULL)
    for (guint c = 0; c < bank->n_channels; c++)
      memset (bank->windows[c] + offset, 0, n * sizeof (float));
  else if (bank->n_channels == 1)
    memcpy (bank->windows[0] + offset, samples, n * sizeof (float));
  else if (bank->n_channels == 2)
    {
      float *left = bank->windows[0] + offset, *right = bank->windows[1] + offset;

      for (gsize i = 0; i < n; i++)
        {
          left[i] = samples[2 * i];
          right[i] = samples[2 * i + 1];
        }
    }
  else
    for (guint c = 0; c < bank->n_channels; c++)
      for (gsize i = 0; i < n; i++)
        bank->windows[c][offset + i] = samples[i * bank->n_channels + c];
  bank->hop_fill += n;
  if (bank->hop_fill == bank->hop_size)
    run_frame (bank);
  return n;
}

void
ressenti_feature_bank_push (RessentiFeatureBank *bank,
                            const float         *samples,
                            gsize                n_frames)
{
  g_return_if_fail (bank != NULL && !bank->finished);

  bank->started = TRUE;
  while (n_frames > 0)
    {
      gsize n = fill_hop (bank, samples, n_frames);

      if (samples != NULL)
        samples += n * bank->n_channels;
      n_frames -= n;
    }
}

void
ressenti_feature_bank_push_silence (RessentiFeatureBank *bank,
                                    gsize                n_frames)
{
  ressenti_feature_bank_push (bank, NULL, n_frames);
}

void
ressenti_feature_bank_finish (RessentiFeatureBank *bank)
{
  g_return_if_fail (bank != NULL);

  if (bank->finished)
    return;
  if (bank->hop_fill > 0)
    ressenti_feature_bank_push_silence (bank, bank->hop_size - bank->hop_fill);
  bank->finished = TRUE;

  for (guint i = 0; i < bank->entries->len; i++)
    {
      BankEntry *entry = &g_array_index (bank->entries, BankEntry, i);

      for (guint c = 0; c < bank->n_channels; c++)
        if (entry->states[c] != NULL && entry->extractor->finish != NULL)
          entry->extractor->finish (entry->states[c]);
    }
}

/* Registry ---------------------------------------------------------------- */

/* The extractors the analysis runs, in order (an extractor may read the
 * slots of those above it). */
static const struct
{
  const RessentiFeatureExtractor *extractor;
  RessentiFeatureChannels         channels;
} registry[] = {
  { &ressenti_feature_energy, RESSENTI_FEATURE_CHANNELS_ALL },
  { &ressenti_feature_noise_floor, RESSENTI_FEATURE_CHANNELS_ALL },
};

guint32
ressenti_feature_channel_mask (RessentiFeatureChannels which,
                               RessentiChannelLayout   layout,
                               guint                   n_channels)
{
  guint32 all = n_channels >= 32 ? G_MAXUINT32 : (1u << n_channels) - 1;

  if (which == RESSENTI_FEATURE_CHANNELS_ALL)
    return all;
  if (n_channels == 1)
    return all;
  switch (layout)
    {
    case RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT:
      return n_channels == 2 ? 0x2 : 0;
    case RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT:
      return n_channels == 2 ? 0x1 : 0;
    case RESSENTI_CHANNEL_LAYOUT_UNKNOWN:
    case RESSENTI_CHANNEL_LAYOUT_MONO:
    default:
      /* Either side may be the agent's. */
      return 0;
    }
}

void
ressenti_feature_bank_add_registered (RessentiFeatureBank   *bank,
                                      RessentiChannelLayout  layout)
{
  g_return_if_fail (bank != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (registry); i++)
    {
      guint32 mask = ressenti_feature_channel_mask (registry[i].channels, layout, bank->n_channels);

      if (mask != 0)
        ressenti_feature_bank_add (bank, registry[i].extractor, mask);
    }
}
