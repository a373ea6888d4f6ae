/* ressenti-push-to-talk.c — the dictation key, pressed and released
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ressenti-push-to-talk.h"

RessentiPushToTalkAction
ressenti_push_to_talk_press (RessentiPushToTalk *self)
{
  g_return_val_if_fail (self != NULL, RESSENTI_PUSH_TO_TALK_NOTHING);

  /* Auto-repeat of a key already down. */
  if (self->down)
    return RESSENTI_PUSH_TO_TALK_NOTHING;
  self->down = TRUE;
  if (self->toggle && self->recording)
    {
      self->recording = FALSE;
      return RESSENTI_PUSH_TO_TALK_STOP;
    }
  if (self->recording)
    return RESSENTI_PUSH_TO_TALK_NOTHING;
  self->recording = TRUE;
  return RESSENTI_PUSH_TO_TALK_START;
}

RessentiPushToTalkAction
ressenti_push_to_talk_release (RessentiPushToTalk *self)
{
  g_return_val_if_fail (self != NULL, RESSENTI_PUSH_TO_TALK_NOTHING);

  /* A release without a press: the key went down elsewhere. */
  if (!self->down)
    return RESSENTI_PUSH_TO_TALK_NOTHING;
  self->down = FALSE;
  if (self->toggle || !self->recording)
    return RESSENTI_PUSH_TO_TALK_NOTHING;
  self->recording = FALSE;
  return RESSENTI_PUSH_TO_TALK_STOP;
}

RessentiPushToTalkAction
ressenti_push_to_talk_focus_out (RessentiPushToTalk *self)
{
  g_return_val_if_fail (self != NULL, RESSENTI_PUSH_TO_TALK_NOTHING);

  /* In toggle mode the note goes on: the listener stops it on coming
   * back. */
  return ressenti_push_to_talk_release (self);
}

void
ressenti_push_to_talk_ended (RessentiPushToTalk *self)
{
  g_return_if_fail (self != NULL);

  self->recording = FALSE;
}
