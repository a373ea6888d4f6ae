/* ressenti-earcons.h — short sounds that say what happened without words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An earcon is a tone of 60 to 150 ms, or a figure of two tones, with its
 * own fundamental frequency, so that a listener tells them apart at once
 * and long before a sentence would be understood. The UI plays them
 * directly (ressenti_earcons_play()); as an announcer backend they mark
 * errors and navigation, the two kinds of message that come with a key
 * press and must be recognised before the words.
 *
 * Every earcon is rendered once, at start-up, and fed into one pipeline
 * that stays open, so a key press is heard within a few tens of
 * milliseconds. A new earcon cuts off the one still sounding.
 */
#pragma once

#include "ressenti-announcer-backend.h"

G_BEGIN_DECLS

typedef enum
{
  RESSENTI_EARCON_MOVE = 0,      /* landed on a navigation unit */
  RESSENTI_EARCON_BOUNDARY,      /* no further unit: the start or end is reached */
  RESSENTI_EARCON_ERROR,
  RESSENTI_EARCON_PLAY,
  RESSENTI_EARCON_PAUSE,
  RESSENTI_EARCON_MARKER,        /* a marker placed, or reached: generic */
  RESSENTI_EARCON_RECORD_START,
  RESSENTI_EARCON_RECORD_STOP,
  /* Markers reached during playback sound by family, so a listener knows
   * the kind of moment before any word (see ressenti-vocabulary.h: each
   * entry has one). */
  RESSENTI_EARCON_MARKER_CALM,     /* calm, satisfaction */
  RESSENTI_EARCON_MARKER_TENSE,    /* impatience, frustration, anger */
  RESSENTI_EARCON_MARKER_LOW,      /* sadness, resignation */
  RESSENTI_EARCON_MARKER_DELIVERY, /* a quality of the agent's delivery */
  RESSENTI_N_EARCONS
} RessentiEarcon;

#define RESSENTI_TYPE_EARCON (ressenti_earcon_get_type ())
GType       ressenti_earcon_get_type      (void);

/* The earcon's main frequency in hertz: its only tone, or the longer tone
 * of a figure. Any two earcons are at least 15 % apart. */
guint       ressenti_earcon_get_frequency (RessentiEarcon earcon);
/* How long it sounds, in milliseconds. */
guint       ressenti_earcon_get_duration  (RessentiEarcon earcon);
/* What it means, translated ("Landed on a unit"), for preferences and help. */
const char *ressenti_earcon_describe      (RessentiEarcon earcon);

#define RESSENTI_TYPE_EARCONS (ressenti_earcons_get_type ())
G_DECLARE_FINAL_TYPE (RessentiEarcons, ressenti_earcons, RESSENTI, EARCONS, GObject)

/* Opens the audio output at once; if there is none, "available" is FALSE,
 * "error" says why, and earcons are then dropped. Notifications are
 * emitted on the thread-default main context of the caller; call the
 * methods from that thread too. */
RessentiEarcons *ressenti_earcons_new           (void);
/* Plays @earcon now, cutting off the one still sounding. Never blocks.
 * Does nothing when muted or unavailable. */
void             ressenti_earcons_play          (RessentiEarcons *self,
                                                 RessentiEarcon   earcon);
/* Linear, 0 to 1, independent of the call's volume; 0.5 by default. */
double           ressenti_earcons_get_volume    (RessentiEarcons *self);
void             ressenti_earcons_set_volume    (RessentiEarcons *self,
                                                 double           volume);
gboolean         ressenti_earcons_get_muted     (RessentiEarcons *self);
void             ressenti_earcons_set_muted     (RessentiEarcons *self,
                                                 gboolean         muted);
/* TRUE from the moment an earcon is played until its end has been heard
 * (for ducking the call). */
gboolean         ressenti_earcons_get_sounding  (RessentiEarcons *self);
gboolean         ressenti_earcons_get_available (RessentiEarcons *self);
/* Why the earcons are not available (translated), or NULL. */
const char      *ressenti_earcons_get_error     (RessentiEarcons *self);

G_END_DECLS
