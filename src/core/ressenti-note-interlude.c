/* ressenti-note-interlude.c — a voice note heard in place in the call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "ressenti-note-interlude"

#include "ressenti-note-interlude.h"

struct _RessentiNoteInterlude
{
  GObject         parent_instance;

  RessentiPlayer *call;
  RessentiPlayer *note;

  gboolean        active;
  /* Where the call was, and whether it was playing, when the note began. */
  gint64          call_position_ms;
  gboolean        call_was_playing;
};

G_DEFINE_FINAL_TYPE (RessentiNoteInterlude, ressenti_note_interlude, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

enum
{
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_active (RessentiNoteInterlude *self,
            gboolean               active)
{
  if (self->active == active)
    return;
  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/* The call goes on from where it was: the pause may have let it move a
 * few milliseconds, and the listener must hear nothing twice or lost. */
static void
resume_call (RessentiNoteInterlude *self)
{
  if (!ressenti_player_is_open (self->call))
    return;
  if (ressenti_player_get_position (self->call) != self->call_position_ms)
    ressenti_player_seek (self->call, self->call_position_ms);
  if (self->call_was_playing)
    ressenti_player_play (self->call);
}

static void
finish (RessentiNoteInterlude *self,
        gboolean               completed,
        const GError          *error)
{
  if (!self->active)
    return;
  ressenti_player_close (self->note);
  resume_call (self);
  set_active (self, FALSE);
  g_signal_emit (self, signals[FINISHED], 0, completed, error);
}

static void
note_end_cb (RessentiNoteInterlude *self)
{
  finish (self, TRUE, NULL);
}

static void
note_error_cb (RessentiNoteInterlude *self,
               const GError          *error)
{
  finish (self, FALSE, error);
}

static void
ressenti_note_interlude_dispose (GObject *object)
{
  RessentiNoteInterlude *self = RESSENTI_NOTE_INTERLUDE (object);

  if (self->note != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->note, self);
      ressenti_player_close (self->note);
    }
  g_clear_object (&self->note);
  g_clear_object (&self->call);

  G_OBJECT_CLASS (ressenti_note_interlude_parent_class)->dispose (object);
}

static void
ressenti_note_interlude_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RessentiNoteInterlude *self = RESSENTI_NOTE_INTERLUDE (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_note_interlude_class_init (RessentiNoteInterludeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ressenti_note_interlude_dispose;
  object_class->get_property = ressenti_note_interlude_get_property;

  /**
   * RessentiNoteInterlude:active:
   *
   * TRUE while a note plays in place of the call.
   */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RessentiNoteInterlude::finished:
   * @completed: TRUE when the note was heard to its end
   * @error: (nullable): why the note stopped, when it failed
   *
   * The note is over and the call is back where it was (playing again if
   * it was playing).
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_ERROR);
}

static void
ressenti_note_interlude_init (RessentiNoteInterlude *self)
{
  self->note = ressenti_player_new ();
  g_signal_connect_swapped (self->note, "end-of-stream", G_CALLBACK (note_end_cb), self);
  g_signal_connect_swapped (self->note, "error", G_CALLBACK (note_error_cb), self);
}

RessentiNoteInterlude *
ressenti_note_interlude_new (RessentiPlayer *call)
{
  RessentiNoteInterlude *self;

  g_return_val_if_fail (RESSENTI_IS_PLAYER (call), NULL);

  self = g_object_new (RESSENTI_TYPE_NOTE_INTERLUDE, NULL);
  self->call = g_object_ref (call);
  return self;
}

gboolean
ressenti_note_interlude_play (RessentiNoteInterlude  *self,
                              const char             *path,
                              double                  speed,
                              GError                **error)
{
  g_return_val_if_fail (RESSENTI_IS_NOTE_INTERLUDE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A note after a note: the call stays paused at the first one's place. */
  if (!self->active)
    {
      self->call_was_playing = ressenti_player_get_state (self->call) == RESSENTI_PLAYER_STATE_PLAYING;
      if (self->call_was_playing)
        ressenti_player_pause (self->call);
      self->call_position_ms = ressenti_player_get_position (self->call);
    }
  if (!ressenti_player_open (self->note, path, RESSENTI_CHANNEL_LAYOUT_MONO, error))
    {
      if (self->active)
        finish (self, FALSE, error != NULL ? *error : NULL);
      else
        resume_call (self);
      return FALSE;
    }
  ressenti_player_set_speed (self->note, speed);
  ressenti_player_play (self->note);
  set_active (self, TRUE);
  return TRUE;
}

void
ressenti_note_interlude_stop (RessentiNoteInterlude *self)
{
  g_return_if_fail (RESSENTI_IS_NOTE_INTERLUDE (self));

  finish (self, FALSE, NULL);
}

gboolean
ressenti_note_interlude_get_active (RessentiNoteInterlude *self)
{
  g_return_val_if_fail (RESSENTI_IS_NOTE_INTERLUDE (self), FALSE);

  return self->active;
}

RessentiPlayer *
ressenti_note_interlude_get_player (RessentiNoteInterlude *self)
{
  g_return_val_if_fail (RESSENTI_IS_NOTE_INTERLUDE (self), NULL);

  return self->note;
}
