/* ressenti-player-view.h — the player area of a call page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plays the open call and lets the listener move through it by ear: the
 * player's keys act when the timeline (the "Call position" slider) has
 * focus, so single keys never break text entries, lists or buttons. It
 * runs the call's analysis (or loads it from the library), offers the
 * listener's last position, records listening time, and speaks every move
 * through the announcer.
 */
#pragma once

#include <adwaita.h>

#include "ressenti-player.h"
#include "ressenti-recording.h"
#include "ressenti-review-session.h"
#include "ressenti-store.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_PLAYER_VIEW (ressenti_player_view_get_type ())
G_DECLARE_FINAL_TYPE (RessentiPlayerView, ressenti_player_view, RESSENTI, PLAYER_VIEW, GtkWidget)

/* Opens @recording (closing what was open): the player, the analysis, the
 * resume position. Problems are shown in the view and announced. */
void            ressenti_player_view_open          (RessentiPlayerView *self,
                                                    RessentiStore      *store,
                                                    RessentiRecording  *recording);
/* Stops playing, saves the position and ends the listening session. */
void            ressenti_player_view_close         (RessentiPlayerView *self);
/* The recording's channel layout changed: channel focus and the analysis
 * follow it. */
void            ressenti_player_view_layout_changed (RessentiPlayerView *self);
/* Moves the keyboard focus to the timeline. */
void            ressenti_player_view_focus         (RessentiPlayerView *self);
RessentiPlayer *ressenti_player_view_get_player    (RessentiPlayerView *self);
/* The review markers are placed in (NULL: none yet; placing one then
 * activates "call.start-review" and waits for the session). */
void            ressenti_player_view_set_review_session (RessentiPlayerView    *self,
                                                         RessentiReviewSession *session);
/* Opens the list of the review's markers. */
void            ressenti_player_view_show_markers  (RessentiPlayerView *self);

G_END_DECLS
