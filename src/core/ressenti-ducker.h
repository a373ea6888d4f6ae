/* ressenti-ducker.h — lowers the call while the app makes itself heard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dedicated voice and the earcons are heard over the call being
 * reviewed. The ducker watches boolean properties that say "something of
 * the app is sounding" (RessentiVoice's "speaking", RessentiEarcons'
 * "sounding", …): while any of them is TRUE the player's duck level is
 * lowered to "level"; RESSENTI_DUCKER_HOLD_MS after the last one falls it
 * is restored, so that messages coming one after the other do not make
 * the call pump up and down between them.
 */
#pragma once

#include <glib-object.h>

#include "ressenti-player.h"

G_BEGIN_DECLS

#define RESSENTI_DUCKER_HOLD_MS 250

#define RESSENTI_TYPE_DUCKER (ressenti_ducker_get_type ())
G_DECLARE_FINAL_TYPE (RessentiDucker, ressenti_ducker, RESSENTI, DUCKER, GObject)

/* Keeps a reference on @player. Call it from the thread whose main
 * context the watched objects notify on. */
RessentiDucker *ressenti_ducker_new         (RessentiPlayer *player);
/* Ducks the player while @boolean_property of @source is TRUE. @source is
 * not kept alive: once it is finalized it is no longer watched. */
void            ressenti_ducker_watch       (RessentiDucker *self,
                                             GObject        *source,
                                             const char     *boolean_property);
/* The level the call is lowered to (linear, 0 to 1); 0.3 by default. */
double          ressenti_ducker_get_level   (RessentiDucker *self);
void            ressenti_ducker_set_level   (RessentiDucker *self,
                                             double          level);
/* When FALSE the call is never lowered. TRUE by default. */
gboolean        ressenti_ducker_get_enabled (RessentiDucker *self);
void            ressenti_ducker_set_enabled (RessentiDucker *self,
                                             gboolean        enabled);
/* TRUE while the player is lowered (the hold included). */
gboolean        ressenti_ducker_get_ducking (RessentiDucker *self);

G_END_DECLS
