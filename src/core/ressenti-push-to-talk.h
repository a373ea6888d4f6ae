/* ressenti-push-to-talk.h — the dictation key, pressed and released
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4 key events carry no "repeat" flag: a key held down sends press
 * after press (X11 with detectable auto-repeat, Wayland) and one release.
 * This tracks the key's state from its presses and releases and says
 * when a note starts and stops, in both modes:
 *   hold   — push-to-talk: recording while the key is down;
 *   toggle — a press starts, the next press stops.
 * A press while the key is already down is auto-repeat and does nothing.
 * The window losing the keyboard focus counts as a release (the release
 * goes elsewhere and would never come), and a note that ends by itself
 * (longest length, an error) is told with ressenti_push_to_talk_ended().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  RESSENTI_PUSH_TO_TALK_NOTHING = 0,
  RESSENTI_PUSH_TO_TALK_START,
  RESSENTI_PUSH_TO_TALK_STOP,
} RessentiPushToTalkAction;

typedef struct
{
  gboolean toggle;     /* the mode: FALSE for hold */
  gboolean down;       /* the key is held */
  gboolean recording;  /* a note is being recorded */
} RessentiPushToTalk;

RessentiPushToTalkAction ressenti_push_to_talk_press     (RessentiPushToTalk *self);
RessentiPushToTalkAction ressenti_push_to_talk_release   (RessentiPushToTalk *self);
RessentiPushToTalkAction ressenti_push_to_talk_focus_out (RessentiPushToTalk *self);
/* The note stopped by itself: the next press starts a new one. */
void                     ressenti_push_to_talk_ended     (RessentiPushToTalk *self);

G_END_DECLS
