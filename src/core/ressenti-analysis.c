/* ressenti-analysis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * uridecodebin → audioconvert → audioresample → appsink, with the appsink
 * asking for interleaved 32-bit float at 8 kHz, one or two channels. Each
 * buffer is fed, in GStreamer's streaming thread, to the feature bank
 * (ressenti-features.c), whose frames go to the segmenter
 * (ressenti-segmenter.c): this file knows nothing about the features. The
 * buffers are analysed as they are decoded and dropped at once, so memory
 * does not depend on the length of the recording.
 *
 * Pulling the buffers from another thread would hand every 64 ms of audio
 * from one thread to the other, which alone costs half the decoding time;
 * so the thread that runs the analysis only watches: the bus for the end
 * or an error, the cancellable, and the progress, ten times a second.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/audio/audio.h>

#include "ressenti-analysis.h"
#include "ressenti-features.h"
#include "ressenti-media.h"
#include "ressenti-spoken.h"

/* How often the watching thread looks at the cancellable and progress. */
#define WATCH_INTERVAL (100 * GST_MSECOND)
/* A hole longer than this in the buffers' timestamps is filled with
 * silence, so that times stay those of playback. */
#define GAP_TOLERANCE_MS 20

struct _RessentiAnalysis
{
  GObject                 parent_instance;

  GFile                  *file;
  char                   *display_name;
  RessentiChannelLayout   layout;
  RessentiSegmenterParams params;
  double                  progress;
  gint                    running;    /* atomic: a _run_async() is under way */
  /* Where "progress" is notified during _run_async(). */
  GMainContext           *context;
};

G_DEFINE_FINAL_TYPE (RessentiAnalysis, ressenti_analysis, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_LAYOUT,
  PROP_PAUSE_THRESHOLD,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ressenti_analysis_finalize (GObject *object)
{
  RessentiAnalysis *self = (RessentiAnalysis *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (ressenti_analysis_parent_class)->finalize (object);
}

static void
ressenti_analysis_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RessentiAnalysis *self = RESSENTI_ANALYSIS (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_LAYOUT:
      g_value_set_int (value, self->layout);
      break;
    case PROP_PAUSE_THRESHOLD:
      g_value_set_uint (value, self->params.pause_threshold_ms);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_analysis_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RessentiAnalysis *self = RESSENTI_ANALYSIS (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    case PROP_LAYOUT:
      self->layout = g_value_get_int (value);
      break;
    case PROP_PAUSE_THRESHOLD:
      ressenti_analysis_set_pause_threshold (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ressenti_analysis_class_init (RessentiAnalysisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ressenti_analysis_finalize;
  object_class->get_property = ressenti_analysis_get_property;
  object_class->set_property = ressenti_analysis_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A RessentiChannelLayout; the core registers no enum types. */
  properties[PROP_LAYOUT] =
    g_param_spec_int ("layout", NULL, NULL,
                      RESSENTI_CHANNEL_LAYOUT_UNKNOWN, RESSENTI_CHANNEL_LAYOUT_MONO,
                      RESSENTI_CHANNEL_LAYOUT_UNKNOWN,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSE_THRESHOLD] =
    g_param_spec_uint ("pause-threshold", NULL, NULL, 100, 60000, 1000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ressenti_analysis_init (RessentiAnalysis *self)
{
  ressenti_segmenter_params_init_default (&self->params);
}

RessentiAnalysis *
ressenti_analysis_new (GFile                 *file,
                       RessentiChannelLayout  layout)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (RESSENTI_TYPE_ANALYSIS, "file", file, "layout", (int) layout, NULL);
}

GFile *
ressenti_analysis_get_file (RessentiAnalysis *self)
{
  g_return_val_if_fail (RESSENTI_IS_ANALYSIS (self), NULL);
  return self->file;
}

RessentiChannelLayout
ressenti_analysis_get_layout (RessentiAnalysis *self)
{
  g_return_val_if_fail (RESSENTI_IS_ANALYSIS (self), RESSENTI_CHANNEL_LAYOUT_UNKNOWN);
  return self->layout;
}

void
ressenti_analysis_set_display_name (RessentiAnalysis *self,
                                    const char       *display_name)
{
  g_return_if_fail (RESSENTI_IS_ANALYSIS (self));

  g_free (self->display_name);
  self->display_name = g_strdup (display_name);
}

void
ressenti_analysis_set_pause_threshold (RessentiAnalysis *self,
                                       guint             milliseconds)
{
  g_return_if_fail (RESSENTI_IS_ANALYSIS (self));

  if (self->params.pause_threshold_ms == milliseconds)
    return;
  self->params.pause_threshold_ms = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSE_THRESHOLD]);
}

guint
ressenti_analysis_get_pause_threshold (RessentiAnalysis *self)
{
  g_return_val_if_fail (RESSENTI_IS_ANALYSIS (self), 0);
  return self->params.pause_threshold_ms;
}

void
ressenti_analysis_set_params (RessentiAnalysis              *self,
                              const RessentiSegmenterParams *params)
{
  guint threshold;

  g_return_if_fail (RESSENTI_IS_ANALYSIS (self));
  g_return_if_fail (params != NULL);

  threshold = self->params.pause_threshold_ms;
  self->params = *params;
  if (threshold != params->pause_threshold_ms)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSE_THRESHOLD]);
}

void
ressenti_analysis_get_params (RessentiAnalysis        *self,
                              RessentiSegmenterParams *params)
{
  g_return_if_fail (RESSENTI_IS_ANALYSIS (self));
  g_return_if_fail (params != NULL);

  *params = self->params;
}

double
ressenti_analysis_get_progress (RessentiAnalysis *self)
{
  g_return_val_if_fail (RESSENTI_IS_ANALYSIS (self), 0.0);
  return self->progress;
}

/* One run ----------------------------------------------------------------- */

typedef struct
{
  const char                   *display_name;
  RessentiChannelLayout         layout;
  RessentiSegmenterParams       params;
  RessentiAnalysisProgressFunc  progress;
  gpointer                      progress_data;
  double                        reported;

  GstElement                   *pipeline;
  GstElement                   *convert;
  GstElement                   *sink;
  gint                          linked;        /* atomic: set by the streaming thread */
  gint                          other_pads;    /* atomic: a stream that is not audio */

  /* Used by the streaming thread only while the pipeline plays. */
  RessentiFeatureBank          *bank;
  RessentiSegmenter            *segmenter;
  guint                         n_channels;
  guint64                       n_samples;     /* per channel, silence included */
  gboolean                      bad_format;

  gint64                        duration_ns;   /* -1 while unknown */
  gint                          done_samples;  /* atomic: n_samples / 80, for progress */
} Run;

static void
run_clear (Run *run)
{
  if (run->pipeline != NULL)
    gst_element_set_state (run->pipeline, GST_STATE_NULL);
  g_clear_object (&run->pipeline);
  g_clear_pointer (&run->bank, ressenti_feature_bank_free);
  g_clear_pointer (&run->segmenter, ressenti_segmenter_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
pad_added_cb (GstElement *decodebin,
              GstPad     *pad,
              Run        *run)
{
  g_autoptr(GstPad) sink = NULL;

  if (!ressenti_media_pad_is_audio (pad))
    {
      g_atomic_int_set (&run->other_pads, TRUE);
      return;
    }
  if (g_atomic_int_get (&run->linked))
    return;

  sink = gst_element_get_static_pad (run->convert, "sink");
  if (gst_pad_link (pad, sink) == GST_PAD_LINK_OK)
    g_atomic_int_set (&run->linked, TRUE);
}

static GstCaps *
analysis_caps (RessentiChannelLayout layout)
{
  GstCaps *caps = gst_caps_new_simple ("audio/x-raw",
                                       "format", G_TYPE_STRING, GST_AUDIO_NE (F32),
                                       "layout", G_TYPE_STRING, "interleaved",
                                       "rate", G_TYPE_INT, RESSENTI_ANALYSIS_RATE,
                                       NULL);

  /* A mono call is analysed as one channel even if stored as two. */
  if (layout == RESSENTI_CHANNEL_LAYOUT_MONO)
    gst_caps_set_simple (caps, "channels", G_TYPE_INT, 1, NULL);
  else
    gst_caps_set_simple (caps, "channels", GST_TYPE_INT_RANGE, 1, 2, NULL);
  return caps;
}

static GstAppSinkCallbacks sink_callbacks;

static GstElement *
add_element (GstElement *pipeline,
             const char *factory)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element != NULL)
    gst_bin_add (GST_BIN (pipeline), element);
  return element;
}

static gboolean
build_pipeline (Run     *run,
                GFile   *file,
                GError **error)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GstCaps) caps = analysis_caps (run->layout);
  GstElement *decode, *resample;

  run->pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  decode = add_element (run->pipeline, "uridecodebin");
  run->convert = add_element (run->pipeline, "audioconvert");
  resample = add_element (run->pipeline, "audioresample");
  run->sink = add_element (run->pipeline, "appsink");
  if (decode == NULL || run->convert == NULL || resample == NULL || run->sink == NULL ||
      !gst_element_link_many (run->convert, resample, run->sink, NULL))
    {
      g_set_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_FAILED,
                   _("GStreamer’s base plugins are missing: install gstreamer1.0-plugins-base."));
      return FALSE;
    }

  g_object_set (decode, "uri", uri, NULL);
  gst_app_sink_set_caps (GST_APP_SINK (run->sink), caps);
  gst_app_sink_set_max_buffers (GST_APP_SINK (run->sink), 1);
  gst_app_sink_set_drop (GST_APP_SINK (run->sink), FALSE);
  gst_app_sink_set_callbacks (GST_APP_SINK (run->sink), &sink_callbacks, run, NULL);
  g_object_set (run->sink, "sync", FALSE, NULL);
  g_signal_connect (decode, "pad-added", G_CALLBACK (pad_added_cb), run);
  return TRUE;
}

static void
frame_cb (guint64              index,
          const float * const *features,
          guint                n_channels,
          gpointer             user_data)
{
  ressenti_segmenter_push_frame (user_data, index, features);
}

/* Once the decoded format is known. Which extractors run, on which
 * channels, is the registry's business (ressenti-features.c). */
static void
start_analysis (Run                *run,
                const GstAudioInfo *info)
{
  RessentiChannelLayout layout = info->channels == 1 ? RESSENTI_CHANNEL_LAYOUT_MONO : run->layout;

  run->n_channels = info->channels;
  run->bank = ressenti_feature_bank_new (info->channels, info->rate);
  ressenti_feature_bank_add_registered (run->bank, layout);
  run->segmenter = ressenti_segmenter_new (&run->params, info->channels, layout);
  ressenti_feature_bank_set_frame_func (run->bank, frame_cb, run->segmenter);
}

/* Runs in the streaming thread. */
static gboolean
process_sample (Run       *run,
                GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstMapInfo map;
  gsize n_frames;

  if (run->bank == NULL)
    {
      GstAudioInfo info;

      if (!gst_audio_info_from_caps (&info, gst_sample_get_caps (sample)) ||
          info.rate != RESSENTI_ANALYSIS_RATE || info.channels < 1 || info.channels > 2)
        return FALSE;
      start_analysis (run, &info);
    }

  if (GST_BUFFER_PTS_IS_VALID (buffer))
    {
      guint64 expected = gst_util_uint64_scale (GST_BUFFER_PTS (buffer), RESSENTI_ANALYSIS_RATE, GST_SECOND);

      if (expected > run->n_samples + RESSENTI_ANALYSIS_RATE * GAP_TOLERANCE_MS / 1000)
        {
          ressenti_feature_bank_push_silence (run->bank, expected - run->n_samples);
          run->n_samples = expected;
        }
    }

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return FALSE;
  n_frames = map.size / (sizeof (float) * run->n_channels);
  ressenti_feature_bank_push (run->bank, (const float *) map.data, n_frames);
  run->n_samples += n_frames;
  gst_buffer_unmap (buffer, &map);

  g_atomic_int_set (&run->done_samples, (gint) MIN (run->n_samples / 80, G_MAXINT));
  return TRUE;
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  Run *run = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_EOS;
  if (!process_sample (run, sample))
    {
      run->bad_format = TRUE;
      return GST_FLOW_ERROR;
    }
  return GST_FLOW_OK;
}

static GstAppSinkCallbacks sink_callbacks = {
  .new_sample = new_sample_cb,
};

/* In the watching thread. */
static void
report_progress (Run *run)
{
  guint64 samples = (guint64) g_atomic_int_get (&run->done_samples) * 80;
  double fraction;

  if (run->progress == NULL)
    return;
  if (run->duration_ns <= 0 &&
      !gst_element_query_duration (run->pipeline, GST_FORMAT_TIME, &run->duration_ns))
    run->duration_ns = -1;
  if (run->duration_ns <= 0)
    return;

  fraction = (double) samples * GST_SECOND / RESSENTI_ANALYSIS_RATE / run->duration_ns;
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (fraction - run->reported < 0.01)
    return;
  run->reported = fraction;
  run->progress (fraction, run->progress_data);
}

static void
set_gst_error (Run          *run,
               const GError *gst_error,
               GError      **error)
{
  g_autofree char *at = ressenti_spoken_duration ((gint64) (run->n_samples * 1000 / RESSENTI_ANALYSIS_RATE));

  if (!g_atomic_int_get (&run->linked) && g_atomic_int_get (&run->other_pads))
    g_set_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_NO_AUDIO,
                 _("“%s” contains no audio."), run->display_name);
  else if (g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND) ||
           g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN))
    g_set_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_UNSUPPORTED,
                 _("“%s” is in a format whose decoder is not installed: install the GStreamer plugins for it."),
                 run->display_name);
  else if (g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND) ||
           g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE))
    g_set_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_UNSUPPORTED,
                 _("“%s” is not in an audio format Ressenti can read."), run->display_name);
  else if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND))
    g_set_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_FAILED,
                 _("“%s” cannot be found."), run->display_name);
  else if (gst_error->domain == GST_RESOURCE_ERROR)
    g_set_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_FAILED,
                 _("“%s” cannot be read."), run->display_name);
  else
    g_set_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_CORRUPT,
                 _("“%s” is damaged: its audio cannot be decoded after %s."),
                 run->display_name, at);
}

/* Returns TRUE and sets @error if the pipeline reported an error. */
static gboolean
check_bus (Run     *run,
           GstBus  *bus,
           GError **error)
{
  g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  if (message == NULL)
    return FALSE;
  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("Analysing %s failed: %s (%s)", run->display_name, gst_error->message, debug);
  set_gst_error (run, gst_error, error);
  return TRUE;
}

/* Plays the pipeline to the end, watching it; FALSE with @error set on
 * failure or cancellation. */
static gboolean
play_to_end (Run           *run,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (run->pipeline);

  if (gst_element_set_state (run->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      if (!check_bus (run, bus, error))
        g_set_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_FAILED,
                     _("“%s” cannot be read."), run->display_name);
      return FALSE;
    }

  for (;;)
    {
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      report_progress (run);

      message = gst_bus_timed_pop_filtered (bus, WATCH_INTERVAL, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (message == NULL)
        continue;
      /* Stopping the pipeline waits for the streaming thread: after this,
       * what it wrote in @run can be read here. */
      gst_element_set_state (run->pipeline, GST_STATE_NULL);
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        return TRUE;

      if (run->bad_format)
        g_set_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_FAILED,
                     _("“%s” cannot be analysed: its audio could not be converted."),
                     run->display_name);
      else
        {
          g_autoptr(GError) gst_error = NULL;
          g_autofree char *debug = NULL;

          gst_message_parse_error (message, &gst_error, &debug);
          g_debug ("Analysing %s failed: %s (%s)", run->display_name, gst_error->message, debug);
          set_gst_error (run, gst_error, error);
        }
      return FALSE;
    }
}

/* What one run needs, copied from the object when it starts, so that the
 * worker never reads what the main thread may change meanwhile. */
typedef struct
{
  GFile                   *file;
  char                    *display_name;
  RessentiChannelLayout    layout;
  RessentiSegmenterParams  params;
} RunConfig;

static RunConfig *
run_config_new (RessentiAnalysis *self)
{
  RunConfig *config = g_new0 (RunConfig, 1);

  config->file = g_object_ref (self->file);
  config->display_name = self->display_name != NULL ? g_strdup (self->display_name)
                                                    : g_file_get_basename (self->file);
  config->layout = self->layout;
  config->params = self->params;
  return config;
}

static void
run_config_free (RunConfig *config)
{
  g_object_unref (config->file);
  g_free (config->display_name);
  g_free (config);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunConfig, run_config_free)

static RessentiAnalysisResult *
run_config (const RunConfig               *config,
            RessentiAnalysisProgressFunc   progress,
            gpointer                       user_data,
            GCancellable                  *cancellable,
            GError                       **error)
{
  g_auto(Run) run = { 0 };

  ressenti_media_init ();
  run.display_name = config->display_name;
  run.layout = config->layout;
  run.params = config->params;
  run.progress = progress;
  run.progress_data = user_data;
  run.duration_ns = -1;

  if (!build_pipeline (&run, config->file, error) || !play_to_end (&run, cancellable, error))
    return NULL;

  if (run.bank == NULL || run.n_samples == 0)
    {
      g_set_error (error, RESSENTI_ANALYSIS_ERROR, RESSENTI_ANALYSIS_ERROR_NO_AUDIO,
                   _("“%s” contains no audio."), run.display_name);
      return NULL;
    }

  ressenti_feature_bank_finish (run.bank);
  if (progress != NULL)
    progress (1.0, user_data);
  return ressenti_segmenter_finish (run.segmenter,
                                    (gint64) (run.n_samples * 1000 / RESSENTI_ANALYSIS_RATE));
}

RessentiAnalysisResult *
ressenti_analysis_run (RessentiAnalysis              *self,
                       RessentiAnalysisProgressFunc   progress,
                       gpointer                       user_data,
                       GCancellable                  *cancellable,
                       GError                       **error)
{
  g_autoptr(RunConfig) config = NULL;

  g_return_val_if_fail (RESSENTI_IS_ANALYSIS (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  config = run_config_new (self);
  return run_config (config, progress, user_data, cancellable, error);
}

/* Worker ------------------------------------------------------------------ */

typedef struct
{
  RessentiAnalysis *self;
  double            fraction;
} ProgressUpdate;

static gboolean
apply_progress_cb (gpointer data)
{
  ProgressUpdate *update = data;

  update->self->progress = update->fraction;
  g_object_notify_by_pspec (G_OBJECT (update->self), properties[PROP_PROGRESS]);
  return G_SOURCE_REMOVE;
}

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_object_unref (update->self);
  g_free (update);
}

static void
post_progress (double   fraction,
               gpointer user_data)
{
  RessentiAnalysis *self = user_data;
  ProgressUpdate *update = g_new0 (ProgressUpdate, 1);

  update->self = g_object_ref (self);
  update->fraction = fraction;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                              apply_progress_cb, update, progress_update_free);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RessentiAnalysis *self = source_object;
  GError *error = NULL;
  RessentiAnalysisResult *result = run_config (task_data, post_progress, self, cancellable, &error);

  g_atomic_int_set (&self->running, FALSE);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) ressenti_analysis_result_unref);
}

void
ressenti_analysis_run_async (RessentiAnalysis    *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RESSENTI_IS_ANALYSIS (self));
  g_return_if_fail (g_atomic_int_compare_and_exchange (&self->running, FALSE, TRUE));

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->progress = 0.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ressenti_analysis_run_async);
  g_task_set_task_data (task, run_config_new (self), (GDestroyNotify) run_config_free);
  /* Cancelling stops the decoder within a tenth of a second: no need to
   * return early and leave a pipeline running behind. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

RessentiAnalysisResult *
ressenti_analysis_run_finish (RessentiAnalysis  *self,
                              GAsyncResult      *result,
                              GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
