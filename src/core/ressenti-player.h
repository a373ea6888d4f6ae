/* ressenti-player.h — plays one recorded call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The player a listener drives from the keyboard: play, pause, accurate
 * jumps, replay of the last seconds, an A–B loop, speed without a change of
 * pitch, volume, and one side of a stereo call in both ears. It needs no
 * GTK. Every signal and property notification is emitted on the
 * thread-default main context of the thread that created the player; call
 * its methods from that thread too.
 */
#pragma once

#include <gio/gio.h>

#include "ressenti-types.h"

G_BEGIN_DECLS

#define RESSENTI_PLAYER_ERROR (ressenti_player_error_quark ())
typedef enum
{
  RESSENTI_PLAYER_ERROR_FAILED,
  RESSENTI_PLAYER_ERROR_NOT_OPEN,          /* no recording is open */
  RESSENTI_PLAYER_ERROR_VANISHED,          /* the file was removed */
  RESSENTI_PLAYER_ERROR_UNREADABLE,        /* no permission to read it */
  RESSENTI_PLAYER_ERROR_UNDECODABLE,       /* damaged or not audio */
  RESSENTI_PLAYER_ERROR_MISSING_PLUGIN,    /* GStreamer lacks an element */
  RESSENTI_PLAYER_ERROR_NO_OUTPUT,         /* no audio device or sound server */
  RESSENTI_PLAYER_ERROR_FOCUS_UNAVAILABLE, /* mono, or the sides are unknown */
  RESSENTI_PLAYER_ERROR_LOOP,              /* an A–B loop that cannot be */
} RessentiPlayerError;

typedef enum
{
  RESSENTI_PLAYER_STATE_STOPPED = 0,
  RESSENTI_PLAYER_STATE_PAUSED,
  RESSENTI_PLAYER_STATE_PLAYING,
} RessentiPlayerState;

/* Which side of a stereo call is heard. BOTH is the original stereo image;
 * CUSTOMER and AGENT put that one side in both ears. */
typedef enum
{
  RESSENTI_CHANNEL_FOCUS_BOTH = 0,
  RESSENTI_CHANNEL_FOCUS_CUSTOMER,
  RESSENTI_CHANNEL_FOCUS_AGENT,
} RessentiChannelFocus;

#define RESSENTI_PLAYER_SPEED_MIN  0.5
#define RESSENTI_PLAYER_SPEED_MAX  3.0
#define RESSENTI_PLAYER_SPEED_STEP 0.1
/* The shortest A–B loop, in milliseconds. */
#define RESSENTI_PLAYER_LOOP_MIN_MS 200

#define RESSENTI_TYPE_PLAYER_STATE (ressenti_player_state_get_type ())
#define RESSENTI_TYPE_CHANNEL_FOCUS (ressenti_channel_focus_get_type ())
GType  ressenti_player_state_get_type  (void);
GType  ressenti_channel_focus_get_type (void);
GQuark ressenti_player_error_quark     (void);

#define RESSENTI_TYPE_PLAYER (ressenti_player_get_type ())
G_DECLARE_FINAL_TYPE (RessentiPlayer, ressenti_player, RESSENTI, PLAYER, GObject)

RessentiPlayer       *ressenti_player_new               (void);

/* Opens @path, closing what was open, and prepares it for playing from the
 * start (STOPPED). Fails at once, with a translated message, when the file
 * is not there or cannot be read, a GStreamer plugin is missing, or no
 * audio output is available. Problems found later — the file is damaged,
 * removed, the audio device goes away — arrive through ::error, after which
 * the player is STOPPED until the next open. @layout says which side the
 * agent is on; channel focus needs AGENT_LEFT or AGENT_RIGHT. */
gboolean              ressenti_player_open              (RessentiPlayer        *self,
                                                         const char            *path,
                                                         RessentiChannelLayout  layout,
                                                         GError               **error);
void                  ressenti_player_close             (RessentiPlayer        *self);
gboolean              ressenti_player_is_open           (RessentiPlayer        *self);
/* The name messages give the recording ("Call of 12 March"); by default the
 * file's base name. */
void                  ressenti_player_set_title         (RessentiPlayer        *self,
                                                         const char            *title);
const char           *ressenti_player_get_title         (RessentiPlayer        *self);

void                  ressenti_player_play              (RessentiPlayer        *self);
void                  ressenti_player_pause             (RessentiPlayer        *self);
void                  ressenti_player_toggle            (RessentiPlayer        *self);
/* Pauses, goes back to the start and clears the loop. */
void                  ressenti_player_stop              (RessentiPlayer        *self);
RessentiPlayerState   ressenti_player_get_state         (RessentiPlayer        *self);

/* Milliseconds; the duration is -1 until the file has been read. */
gint64                ressenti_player_get_position      (RessentiPlayer        *self);
gint64                ressenti_player_get_duration      (RessentiPlayer        *self);

/* Accurate, flushing jumps: nothing of the old position is heard after
 * them. A jump outside the A–B loop ends the loop. Jumping to the end
 * ends playback (::end-of-stream). Every jump emits ::jumped (from, to)
 * before "position" changes. */
void                  ressenti_player_seek              (RessentiPlayer        *self,
                                                         gint64                 position_ms);
void                  ressenti_player_seek_relative     (RessentiPlayer        *self,
                                                         gint64                 delta_ms);
void                  ressenti_player_seek_to_start     (RessentiPlayer        *self);
void                  ressenti_player_seek_to_end       (RessentiPlayer        *self);
/* Jumps back @seconds and plays. */
void                  ressenti_player_replay            (RessentiPlayer        *self,
                                                         guint                  seconds);

/* 0.5 to 3.0, in hundredths; the pitch is kept. Speed and volume stay as
 * they are when another recording is opened; channel focus and the loop
 * do not. */
double                ressenti_player_get_speed         (RessentiPlayer        *self);
void                  ressenti_player_set_speed         (RessentiPlayer        *self,
                                                         double                 speed);
/* Changes the speed by @steps × RESSENTI_PLAYER_SPEED_STEP. */
void                  ressenti_player_change_speed      (RessentiPlayer        *self,
                                                         int                    steps);

/* Linear, 0 to 1. */
double                ressenti_player_get_volume        (RessentiPlayer        *self);
void                  ressenti_player_set_volume        (RessentiPlayer        *self,
                                                         double                 volume);

/* Lowers the call to @level (linear, 0 to 1) on top of the volume, while
 * the app speaks or plays an earcon; 1 restores it. The change is made
 * smoothly over a few tens of milliseconds, also while playing, and the
 * volume keeps the user's value. It stays when another recording is
 * opened. See RessentiDucker. */
double                ressenti_player_get_duck          (RessentiPlayer        *self);
void                  ressenti_player_set_duck          (RessentiPlayer        *self,
                                                         double                 level);

/* TRUE if the open call is stereo with a known layout; otherwise FALSE and
 * a translated reason in @error. */
gboolean              ressenti_player_can_focus         (RessentiPlayer        *self,
                                                         GError               **error);
RessentiChannelFocus  ressenti_player_get_channel_focus (RessentiPlayer        *self);
gboolean              ressenti_player_set_channel_focus (RessentiPlayer        *self,
                                                         RessentiChannelFocus   focus,
                                                         GError               **error);

/* A–B loop. set_loop_start() marks A at the current position (and forgets
 * B); set_loop_end() marks B there and starts looping from A. */
gboolean              ressenti_player_set_loop_start    (RessentiPlayer        *self,
                                                         GError               **error);
gboolean              ressenti_player_set_loop_end      (RessentiPlayer        *self,
                                                         GError               **error);
gboolean              ressenti_player_set_loop          (RessentiPlayer        *self,
                                                         gint64                 start_ms,
                                                         gint64                 end_ms,
                                                         GError               **error);
void                  ressenti_player_clear_loop        (RessentiPlayer        *self);
/* -1 when not set. */
gint64                ressenti_player_get_loop_start    (RessentiPlayer        *self);
gint64                ressenti_player_get_loop_end      (RessentiPlayer        *self);
gboolean              ressenti_player_get_looping       (RessentiPlayer        *self);

G_END_DECLS
