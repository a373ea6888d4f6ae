/* ressenti-voice.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libspeechd's calls wait for the server's reply, and its notification
 * callbacks run on its own thread without user data. So one worker thread
 * owns the connection and takes commands from a queue, and the callbacks
 * find the voice through a process-wide pointer (there is one voice per
 * process) and hand the news to the main context.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#if HAVE_SPEECHD
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <libspeechd.h>
#endif

#include "ressenti-voice.h"
#include "ressenti-types.h"

typedef enum
{
  COMMAND_SAY,
  COMMAND_RATE,
  COMMAND_LANGUAGE,
  COMMAND_VOICE_TYPE,
  COMMAND_QUIT,
} CommandKind;

typedef struct
{
  CommandKind  kind;
  char        *text;
  gboolean     interrupt;
  int          value;
} Command;

struct _RessentiVoice
{
  GObject       parent_instance;

  GThread      *thread;
  GAsyncQueue  *commands;
  GMainContext *context;

  /* Written by the worker before it signals "ready". */
  GMutex        ready_mutex;
  GCond         ready_cond;
  gboolean      ready;
  gboolean      available;
  char         *error;

  int           rate;
  char         *language;
  /* Messages begun and not yet ended or cancelled (main thread). */
  int           in_flight;
};

static void backend_iface_init (RessentiAnnouncerBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RessentiVoice, ressenti_voice, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RESSENTI_TYPE_ANNOUNCER_BACKEND, backend_iface_init))

enum {
  PROP_0,
  PROP_SPEAKING,
  PROP_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The voice the speech-dispatcher callbacks report to. */
G_LOCK_DEFINE_STATIC (current);
static GWeakRef current_voice;

static void
command_free (Command *command)
{
  g_free (command->text);
  g_free (command);
}

static void
push (RessentiVoice *self,
      CommandKind    kind,
      const char    *text,
      gboolean       interrupt,
      int            value)
{
  Command *command = g_new0 (Command, 1);

  command->kind = kind;
  command->text = g_strdup (text);
  command->interrupt = interrupt;
  command->value = value;
  g_async_queue_push (self->commands, command);
}

#if HAVE_SPEECHD
/* Notifications ------------------------------------------------------------ */

typedef struct
{
  RessentiVoice *self;
  int            delta;
} SpeakingChange;

static gboolean
speaking_changed_cb (gpointer user_data)
{
  SpeakingChange *change = user_data;
  RessentiVoice *self = change->self;
  gboolean was = self->in_flight > 0;

  self->in_flight = MAX (0, self->in_flight + change->delta);
  if (was != (self->in_flight > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKING]);

  g_object_unref (self);
  g_free (change);
  return G_SOURCE_REMOVE;
}

static void
notification_cb (size_t              msg_id,
                 size_t              client_id,
                 SPDNotificationType state)
{
  RessentiVoice *self;
  SpeakingChange *change;

  G_LOCK (current);
  self = g_weak_ref_get (&current_voice);
  G_UNLOCK (current);
  if (self == NULL)
    return;

  change = g_new0 (SpeakingChange, 1);
  change->self = self;
  change->delta = state == SPD_EVENT_BEGIN ? 1 : -1;
  if (state == SPD_EVENT_BEGIN || state == SPD_EVENT_END || state == SPD_EVENT_CANCEL)
    ressenti_main_context_post (self->context, speaking_changed_cb, change, NULL);
  else
    {
      g_object_unref (self);
      g_free (change);
    }
}

#endif /* HAVE_SPEECHD */

/* The worker --------------------------------------------------------------- */

static gboolean
notify_available_cb (gpointer user_data)
{
  RessentiVoice *self = user_data;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
set_ready (RessentiVoice *self,
           gboolean       available,
           const char    *error)
{
  g_mutex_lock (&self->ready_mutex);
  self->ready = TRUE;
  self->available = available;
  self->error = g_strdup (error);
  g_cond_broadcast (&self->ready_cond);
  g_mutex_unlock (&self->ready_mutex);
  ressenti_main_context_post (self->context, notify_available_cb, g_object_ref (self), NULL);
}

#if HAVE_SPEECHD
static SPDConnection *
connect_to_server (RessentiVoice *self)
{
  g_autofree char *reason = NULL;
  char *error_result = NULL;
  SPDConnectionAddress *address = spd_get_default_address (&error_result);
  SPDConnection *connection = NULL;

  if (address != NULL)
    {
      connection = spd_open2 ("ressenti", "announcer", NULL, SPD_MODE_THREADED,
                              address, TRUE, &error_result);
      SPDConnectionAddress__free (address);
    }

  if (connection == NULL)
    {
      reason = g_strdup_printf (_("The dedicated voice is not available: speech-dispatcher could not be reached (%s)."),
                                error_result != NULL ? error_result : _("no reason given"));
      g_free (error_result);
      set_ready (self, FALSE, reason);
      return NULL;
    }

  connection->callback_begin = notification_cb;
  connection->callback_end = notification_cb;
  connection->callback_cancel = notification_cb;
  spd_set_notification_on (connection, SPD_BEGIN);
  spd_set_notification_on (connection, SPD_END);
  spd_set_notification_on (connection, SPD_CANCEL);
  set_ready (self, TRUE, NULL);
  return connection;
}

/* libspeechd 0.11's spd_close() cancels its reader thread while that thread
 * waits in getline() on the connection's stream, which leaves the stream's
 * lock taken: spd_close()'s own fclose() then waits for ever. Shutting the
 * socket down first lets the reader thread see the end of the stream, close
 * it and leave by itself; spd_close() then finds nothing to wait for. */
static void
close_connection (SPDConnection *connection)
{
  shutdown (connection->socket, SHUT_RDWR);
  for (guint i = 0; i < 200 && g_atomic_pointer_get (&connection->stream) != NULL; i++)
    g_usleep (5000);
  spd_close (connection);
}

static void
run_command (SPDConnection *connection,
             Command       *command)
{
  switch (command->kind)
    {
    case COMMAND_SAY:
      if (command->interrupt)
        spd_cancel (connection);
      spd_say (connection, SPD_MESSAGE, command->text);
      break;

    case COMMAND_RATE:
      spd_set_voice_rate (connection, command->value);
      break;

    case COMMAND_VOICE_TYPE:
      spd_set_voice_type (connection, (SPDVoiceType) command->value);
      break;

    case COMMAND_LANGUAGE:
      spd_set_language (connection, command->text);
      break;

    case COMMAND_QUIT:
    default:
      break;
    }
}

/* A write to a speech-dispatcher that went away raises SIGPIPE, which
 * would end the app. Blocked in this thread (and so in libspeechd's reader
 * thread, which inherits the mask), the write fails with EPIPE instead. */
static void
block_sigpipe (void)
{
  sigset_t set;

  sigemptyset (&set);
  sigaddset (&set, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &set, NULL);
}

static gpointer
worker (gpointer user_data)
{
  RessentiVoice *self = user_data;
  SPDConnection *connection;

  block_sigpipe ();
  connection = connect_to_server (self);

  for (;;)
    {
      Command *command = g_async_queue_pop (self->commands);
      gboolean quit = command->kind == COMMAND_QUIT;

      if (connection != NULL && !quit)
        run_command (connection, command);
      command_free (command);
      if (quit)
        break;
    }

  if (connection != NULL)
    {
      spd_cancel (connection);
      close_connection (connection);
    }
  return NULL;
}
#else
/* Built without libspeechd: the voice says so and drops messages. */
static gpointer
worker (gpointer user_data)
{
  RessentiVoice *self = user_data;

  set_ready (self, FALSE, _("The dedicated voice is not available: Ressenti was built without speech-dispatcher."));
  for (;;)
    {
      Command *command = g_async_queue_pop (self->commands);
      gboolean quit = command->kind == COMMAND_QUIT;

      command_free (command);
      if (quit)
        break;
    }
  return NULL;
}
#endif /* HAVE_SPEECHD */

/* The backend -------------------------------------------------------------- */

static void
ressenti_voice_speak (RessentiAnnouncerBackend   *backend,
                      const RessentiAnnouncement *announcement)
{
  RessentiVoice *self = RESSENTI_VOICE (backend);

  push (self, COMMAND_SAY, announcement->text,
        announcement->priority == RESSENTI_ANNOUNCE_INTERRUPT, 0);
}

static void
backend_iface_init (RessentiAnnouncerBackendInterface *iface)
{
  iface->speak = ressenti_voice_speak;
}

/* The object --------------------------------------------------------------- */

static void
ressenti_voice_dispose (GObject *object)
{
  RessentiVoice *self = (RessentiVoice *) object;

  if (self->thread != NULL)
    {
      push (self, COMMAND_QUIT, NULL, FALSE, 0);
      g_thread_join (self->thread);
      self->thread = NULL;
    }

  G_OBJECT_CLASS (ressenti_voice_parent_class)->dispose (object);
}

static void
ressenti_voice_finalize (GObject *object)
{
  RessentiVoice *self = (RessentiVoice *) object;

  g_clear_pointer (&self->commands, g_async_queue_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->language, g_free);
  g_mutex_clear (&self->ready_mutex);
  g_cond_clear (&self->ready_cond);

  G_OBJECT_CLASS (ressenti_voice_parent_class)->finalize (object);
}

static void
ressenti_voice_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RessentiVoice *self = RESSENTI_VOICE (object);

  switch (prop_id)
    {
    case PROP_SPEAKING:
      g_value_set_boolean (value, ressenti_voice_get_speaking (self));
      break;

    case PROP_AVAILABLE:
      g_value_set_boolean (value, ressenti_voice_get_available (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_voice_class_init (RessentiVoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ressenti_voice_dispose;
  object_class->finalize = ressenti_voice_finalize;
  object_class->get_property = ressenti_voice_get_property;

  properties[PROP_SPEAKING] =
    g_param_spec_boolean ("speaking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ressenti_voice_init (RessentiVoice *self)
{
  self->commands = g_async_queue_new_full ((GDestroyNotify) command_free);
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->ready_mutex);
  g_cond_init (&self->ready_cond);
}

RessentiVoice *
ressenti_voice_new (void)
{
  RessentiVoice *self = g_object_new (RESSENTI_TYPE_VOICE, NULL);

  G_LOCK (current);
  g_weak_ref_set (&current_voice, self);
  G_UNLOCK (current);

  self->thread = g_thread_new ("ressenti-voice", worker, self);
  return self;
}

void
ressenti_voice_set_rate (RessentiVoice *self,
                         int            rate)
{
  g_return_if_fail (RESSENTI_IS_VOICE (self));

  self->rate = CLAMP (rate, -100, 100);
  push (self, COMMAND_RATE, NULL, FALSE, self->rate);
}

int
ressenti_voice_get_rate (RessentiVoice *self)
{
  g_return_val_if_fail (RESSENTI_IS_VOICE (self), 0);

  return self->rate;
}

void
ressenti_voice_set_language (RessentiVoice *self,
                             const char    *language)
{
  g_return_if_fail (RESSENTI_IS_VOICE (self));

  g_free (self->language);
  self->language = g_strdup (language);
  if (language != NULL)
    push (self, COMMAND_LANGUAGE, language, FALSE, 0);
}

#if HAVE_SPEECHD
static const struct
{
  const char   *name;
  SPDVoiceType  type;
} voice_types[] = {
  { "male1", SPD_MALE1 }, { "male2", SPD_MALE2 }, { "male3", SPD_MALE3 },
  { "female1", SPD_FEMALE1 }, { "female2", SPD_FEMALE2 }, { "female3", SPD_FEMALE3 },
  { "child_male", SPD_CHILD_MALE }, { "child_female", SPD_CHILD_FEMALE },
};
#endif

void
ressenti_voice_set_voice_type (RessentiVoice *self,
                               const char    *voice_type)
{
  g_return_if_fail (RESSENTI_IS_VOICE (self));

#if HAVE_SPEECHD
  if (voice_type == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (voice_types); i++)
    if (g_str_equal (voice_types[i].name, voice_type))
      push (self, COMMAND_VOICE_TYPE, NULL, FALSE, (int) voice_types[i].type);
#endif
}

gboolean
ressenti_voice_get_speaking (RessentiVoice *self)
{
  g_return_val_if_fail (RESSENTI_IS_VOICE (self), FALSE);

  return self->in_flight > 0;
}

gboolean
ressenti_voice_get_available (RessentiVoice *self)
{
  gboolean available;

  g_return_val_if_fail (RESSENTI_IS_VOICE (self), FALSE);

  g_mutex_lock (&self->ready_mutex);
  available = self->available;
  g_mutex_unlock (&self->ready_mutex);
  return available;
}

const char *
ressenti_voice_get_error (RessentiVoice *self)
{
  const char *error;

  g_return_val_if_fail (RESSENTI_IS_VOICE (self), NULL);

  g_mutex_lock (&self->ready_mutex);
  error = self->error;
  g_mutex_unlock (&self->ready_mutex);
  return error;
}

gboolean
ressenti_voice_wait_ready (RessentiVoice *self,
                           guint          timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean ready;

  g_return_val_if_fail (RESSENTI_IS_VOICE (self), FALSE);

  g_mutex_lock (&self->ready_mutex);
  while (!self->ready)
    if (!g_cond_wait_until (&self->ready_cond, &self->ready_mutex, end))
      break;
  ready = self->ready;
  g_mutex_unlock (&self->ready_mutex);
  return ready;
}
