/* bench-analysis.c — time the navigation analysis of one file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by build-aux/bench-analysis. Prints one line of key=value pairs:
 * the wall-clock time, the peak resident memory and what was found. With
 * --decode-only it runs the same decoding chain into a fakesink instead,
 * which is the baseline the analysis is compared with. --print lists the
 * turns and pauses, one per line, in seconds.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <gst/gst.h>
#include <gst/audio/audio.h>

#include "ressenti-analysis.h"
#include "ressenti-media.h"

static gboolean
decode_only (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *uri = g_file_get_uri (file);
  /* The caps are those the analysis asks its appsink for. */
  g_autofree char *description =
    g_strdup_printf ("uridecodebin uri=\"%s\" ! audioconvert ! audioresample ! "
                     "audio/x-raw,format=%s,layout=interleaved,rate=%d,channels=[1,2] ! "
                     "fakesink sync=false",
                     uri, GST_AUDIO_NE (F32), RESSENTI_ANALYSIS_RATE);
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  if (pipeline == NULL)
    return FALSE;
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (message, error, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
print_result (const RessentiAnalysisResult *result)
{
  const RessentiTurn *turns;
  const RessentiSpan *spans;
  guint n;

  turns = ressenti_analysis_result_get_turns (result, &n);
  for (guint i = 0; i < n; i++)
    printf ("turn %s %.3f %.3f%s\n", ressenti_speaker_to_string (turns[i].speaker),
            turns[i].start_ms / 1000.0, turns[i].end_ms / 1000.0, turns[i].overlap ? " overlap" : "");
  spans = ressenti_analysis_result_get_pauses (result, &n);
  for (guint i = 0; i < n; i++)
    printf ("pause %.3f %.3f\n", spans[i].start_ms / 1000.0, spans[i].end_ms / 1000.0);
  spans = ressenti_analysis_result_get_overlaps (result, &n);
  for (guint i = 0; i < n; i++)
    printf ("overlap %.3f %.3f\n", spans[i].start_ms / 1000.0, spans[i].end_ms / 1000.0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RessentiAnalysisResult) result = NULL;
  g_autofree char *layout_name = NULL;
  gboolean decode = FALSE, print = FALSE;
  RessentiSegmenterParams params;
  struct rusage usage;
  gint64 started;
  double seconds;
  int pause_ms = -1, min_silence_ms = -1, bridge_ms = -1, min_onset_ms = -1, start_offset_ms = G_MININT, end_offset_ms = G_MININT;
  double on_db = -1, off_db = -1, crosstalk_db = -1, crosstalk_hyst = -1;
  GOptionEntry entries[] = {
    { "layout", 0, 0, G_OPTION_ARG_STRING, &layout_name, "agent-left, agent-right, unknown or mono", "LAYOUT" },
    { "decode-only", 0, 0, G_OPTION_ARG_NONE, &decode, "Only decode, into a fakesink", NULL },
    { "print", 0, 0, G_OPTION_ARG_NONE, &print, "List turns, pauses and overlaps", NULL },
    { "pause-threshold", 0, 0, G_OPTION_ARG_INT, &pause_ms, "Pause threshold", "MS" },
    { "on-db", 0, 0, G_OPTION_ARG_DOUBLE, &on_db, "Speech-on threshold above the floor", "DB" },
    { "off-db", 0, 0, G_OPTION_ARG_DOUBLE, &off_db, "Speech-off threshold above the floor", "DB" },
    { "crosstalk-db", 0, 0, G_OPTION_ARG_DOUBLE, &crosstalk_db, "Crosstalk rejection (0: off)", "DB" },
    { "crosstalk-hysteresis", 0, 0, G_OPTION_ARG_DOUBLE, &crosstalk_hyst, "Crosstalk hysteresis", "DB" },
    { "min-onset", 0, 0, G_OPTION_ARG_INT, &min_onset_ms, "Frames above on-db a burst needs", "MS" },
    { "min-silence", 0, 0, G_OPTION_ARG_INT, &min_silence_ms, "Hangover", "MS" },
    { "weak-bridge", 0, 0, G_OPTION_ARG_INT, &bridge_ms, "Weak-burst bridge", "MS" },
    { "start-offset", 0, 0, G_OPTION_ARG_INT, &start_offset_ms, "Added to starts", "MS" },
    { "end-offset", 0, 0, G_OPTION_ARG_INT, &end_offset_ms, "Added to ends", "MS" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("FILE");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "give one FILE");
      return 2;
    }

  ressenti_media_init ();
  started = g_get_monotonic_time ();
  if (decode)
    {
      if (!decode_only (argv[1], &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);
      g_autoptr(RessentiAnalysis) analysis =
        ressenti_analysis_new (file, ressenti_channel_layout_from_string (layout_name != NULL ? layout_name : "agent-left"));

      ressenti_analysis_get_params (analysis, &params);
      if (pause_ms >= 0) params.pause_threshold_ms = pause_ms;
      if (on_db >= 0) params.on_db = on_db;
      if (off_db >= 0) params.off_db = off_db;
      if (crosstalk_db >= 0) params.crosstalk_db = crosstalk_db;
      if (crosstalk_hyst >= 0) params.crosstalk_hysteresis_db = crosstalk_hyst;
      if (min_onset_ms >= 0) params.min_onset_ms = min_onset_ms;
      if (min_silence_ms >= 0) params.min_silence_ms = min_silence_ms;
      if (bridge_ms >= 0) params.weak_bridge_ms = bridge_ms;
      if (start_offset_ms != G_MININT) params.start_offset_ms = start_offset_ms;
      if (end_offset_ms != G_MININT) params.end_offset_ms = end_offset_ms;
      ressenti_analysis_set_params (analysis, &params);

      result = ressenti_analysis_run (analysis, NULL, NULL, NULL, &error);
      if (result == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  seconds = (g_get_monotonic_time () - started) / 1e6;
  getrusage (RUSAGE_SELF, &usage);

  printf ("mode=%s seconds=%.3f maxrss_kb=%ld", decode ? "decode" : "analysis", seconds, usage.ru_maxrss);
  if (result != NULL)
    {
      guint n_turns, n_pauses, n_overlaps;

      ressenti_analysis_result_get_turns (result, &n_turns);
      ressenti_analysis_result_get_pauses (result, &n_pauses);
      ressenti_analysis_result_get_overlaps (result, &n_overlaps);
      printf (" audio_s=%.1f turns=%u pauses=%u overlaps=%u",
              ressenti_analysis_result_get_duration_ms (result) / 1000.0, n_turns, n_pauses, n_overlaps);
    }
  printf ("\n");
  if (print && result != NULL)
    print_result (result);
  return 0;
}
