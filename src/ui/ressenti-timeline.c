/* ressenti-timeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ressenti-marker-item.h"
#include "ressenti-spoken.h"
#include "ressenti-timeline.h"

struct _RessentiTimeline
{
  GtkWidget               parent_instance;

  gint64                  duration_ms;
  gint64                  position_ms;
  gint64                  loop_start_ms;
  gint64                  loop_end_ms;
  RessentiAnalysisResult *result;
  GListModel             *markers;
};

G_DEFINE_FINAL_TYPE (RessentiTimeline, ressenti_timeline, GTK_TYPE_WIDGET)

enum {
  SEEK_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Lane heights are in units of the font's height, so the timeline grows
 * with the text-scaling setting. */
#define LANE_LINES   1.8
#define PAUSE_LINES  0.9
#define GAP_PX       4.0
#define POSITION_PX  4.0
/* The row of markers above the lanes. */
#define MARKER_LINES 0.7

/* One lane of the drawing. */
typedef struct
{
  const char      *label;
  RessentiSpeaker  speaker;
  gboolean         pauses;    /* the lane of pauses rather than a speaker's */
} Lane;

static int
font_height (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int height = PANGO_PIXELS (pango_font_metrics_get_height (metrics));

  pango_font_metrics_unref (metrics);
  return MAX (height, 10);
}

static guint
get_lanes (RessentiTimeline *self,
           Lane              lanes[3])
{
  guint n = 0;
  RessentiChannelLayout layout = self->result != NULL
                                 ? ressenti_analysis_result_get_layout (self->result)
                                 : RESSENTI_CHANNEL_LAYOUT_MONO;

  if (layout == RESSENTI_CHANNEL_LAYOUT_AGENT_LEFT || layout == RESSENTI_CHANNEL_LAYOUT_AGENT_RIGHT)
    {
      lanes[n++] = (Lane) { _("Customer"), RESSENTI_SPEAKER_CUSTOMER, FALSE };
      lanes[n++] = (Lane) { _("Agent"), RESSENTI_SPEAKER_AGENT, FALSE };
    }
  else if (layout == RESSENTI_CHANNEL_LAYOUT_UNKNOWN)
    {
      lanes[n++] = (Lane) { _("Left"), RESSENTI_SPEAKER_LEFT, FALSE };
      lanes[n++] = (Lane) { _("Right"), RESSENTI_SPEAKER_RIGHT, FALSE };
    }
  else
    lanes[n++] = (Lane) { _("Speech"), RESSENTI_SPEAKER_SPEECH, FALSE };
  lanes[n++] = (Lane) { _("Pauses"), RESSENTI_SPEAKER_SPEECH, TRUE };
  return n;
}

static void
ressenti_timeline_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  RessentiTimeline *self = RESSENTI_TIMELINE (widget);
  int line = font_height (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = line * 12;
      *natural = line * 40;
    }
  else
    {
      Lane lanes[3];
      guint n = get_lanes (self, lanes);

      *minimum = *natural = (int) ((n - 1) * (line * LANE_LINES + GAP_PX)
                                   + line * PAUSE_LINES + line * 1.5 + 2 * GAP_PX
                                   + line * MARKER_LINES + GAP_PX);
    }
}

/* The lane labels' width, at the left. */
static double
label_width (RessentiTimeline *self,
             const Lane       *lanes,
             guint             n)
{
  int widest = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), lanes[i].label);
      int width;

      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }
  return widest + 12.0;
}

static double
x_of (gint64 ms,
      gint64 duration_ms,
      double left,
      double width)
{
  if (duration_ms <= 0)
    return left;
  return left + width * (double) CLAMP (ms, 0, duration_ms) / (double) duration_ms;
}

static void
draw_label (GtkSnapshot      *snapshot,
            RessentiTimeline *self,
            const char       *text,
            double            y,
            double            height,
            const GdkRGBA    *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int text_height;

  pango_layout_get_pixel_size (layout, NULL, &text_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, (float) (y + (height - text_height) / 2)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* An outlined rectangle, for pauses and the loop: shape, not colour,
 * tells them from turns. */
static void
draw_outline (GtkSnapshot   *snapshot,
              double         x,
              double         y,
              double         width,
              double         height,
              double         line,
              const GdkRGBA *color)
{
  GskRoundedRect rect;
  float widths[4] = { (float) line, (float) line, (float) line, (float) line };
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT ((float) x, (float) y,
                                                               (float) MAX (width, 2 * line),
                                                               (float) height), 0);
  gtk_snapshot_append_border (snapshot, &rect, widths, colors);
}

static void
draw_lane (GtkSnapshot      *snapshot,
           RessentiTimeline *self,
           const Lane       *lane,
           double            left,
           double            width,
           double            y,
           double            height,
           const GdkRGBA    *color)
{
  guint n;

  if (self->result == NULL)
    return;
  if (lane->pauses)
    {
      const RessentiSpan *pauses = ressenti_analysis_result_get_pauses (self->result, &n);

      for (guint i = 0; i < n; i++)
        {
          double x0 = x_of (pauses[i].start_ms, self->duration_ms, left, width);
          double x1 = x_of (pauses[i].end_ms, self->duration_ms, left, width);

          draw_outline (snapshot, x0, y, x1 - x0, height, 2, color);
        }
      return;
    }
  {
    const RessentiTurn *turns = ressenti_analysis_result_get_turns (self->result, &n);

    for (guint i = 0; i < n; i++)
      {
        double x0, x1;

        if (turns[i].speaker != lane->speaker)
          continue;
        x0 = x_of (turns[i].start_ms, self->duration_ms, left, width);
        x1 = x_of (turns[i].end_ms, self->duration_ms, left, width);
        gtk_snapshot_append_color (snapshot, color,
                                   &GRAPHENE_RECT_INIT ((float) x0, (float) y, (float) MAX (x1 - x0, 1.0), (float) height));
      }
  }
}

/* The markers, in a row of their own above the lanes: a block for a
 * moment, a bar for a span, and a thin line down through the lanes. With
 * thousands of markers only one is drawn per pixel column. */
static void
draw_markers (GtkSnapshot      *snapshot,
              RessentiTimeline *self,
              double            left,
              double            width,
              double            row_height,
              double            lanes_bottom,
              const GdkRGBA    *fg,
              const GdkRGBA    *dim)
{
  guint n = self->markers != NULL ? g_list_model_get_n_items (self->markers) : 0;
  double block = MAX (row_height * 0.6, 4.0);
  double last_x = -1;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RessentiMarkerItem) item = g_list_model_get_item (self->markers, i);
      const RessentiMarker *marker = ressenti_marker_item_get_marker (item);
      double x = x_of (marker->start_ms, self->duration_ms, left, width);

      if (marker->end_ms > marker->start_ms)
        {
          double x1 = x_of (marker->end_ms, self->duration_ms, left, width);

          gtk_snapshot_append_color (snapshot, fg,
                                     &GRAPHENE_RECT_INIT ((float) x, (float) (row_height - block / 2),
                                                          (float) MAX (x1 - x, 2.0), (float) (block / 2)));
        }
      if (x - last_x < 1.0)
        continue;
      last_x = x;
      gtk_snapshot_append_color (snapshot, fg,
                                 &GRAPHENE_RECT_INIT ((float) (x - block / 2), (float) (row_height - block),
                                                      (float) block, (float) block));
      gtk_snapshot_append_color (snapshot, dim,
                                 &GRAPHENE_RECT_INIT ((float) x, (float) row_height, 1, (float) (lanes_bottom - row_height)));
    }
}

static void
ressenti_timeline_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  RessentiTimeline *self = RESSENTI_TIMELINE (widget);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  int line = font_height (widget);
  GdkRGBA fg;
  GdkRGBA dim;
  Lane lanes[3];
  guint n = get_lanes (self, lanes);
  double left = label_width (self, lanes, n);
  double width = MAX (w - left - GAP_PX, 1.0);
  double marker_row = line * MARKER_LINES;
  double y = marker_row + GAP_PX;

  /* gtk_widget_get_color() is GTK 4.10; the style context gives the same
   * foreground, which high-contrast themes make black or white. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = fg;
  dim.alpha *= 0.25f;

  for (guint i = 0; i < n; i++)
    {
      double lane_height = lanes[i].pauses ? line * PAUSE_LINES : line * LANE_LINES;

      draw_label (snapshot, self, lanes[i].label, y, lane_height, &fg);
      /* A faint track shows the lane's extent. */
      gtk_snapshot_append_color (snapshot, &dim,
                                 &GRAPHENE_RECT_INIT ((float) left, (float) (y + lane_height / 2 - 0.5),
                                                      (float) width, 1));
      draw_lane (snapshot, self, &lanes[i], left, width, y, lane_height, &fg);
      y += lane_height + GAP_PX;
    }

  draw_markers (snapshot, self, left, width, marker_row, y, &fg, &dim);

  if (self->loop_start_ms >= 0 && self->loop_end_ms > self->loop_start_ms)
    {
      double x0 = x_of (self->loop_start_ms, self->duration_ms, left, width);
      double x1 = x_of (self->loop_end_ms, self->duration_ms, left, width);

      draw_outline (snapshot, x0, 1, x1 - x0, y - 2, 1, &fg);
    }

  /* The position: a thick line across every lane, with a block below it
   * so it is found at a glance even when it crosses a turn. */
  {
    double x = x_of (self->position_ms, self->duration_ms, left, width);

    gtk_snapshot_append_color (snapshot, &fg,
                               &GRAPHENE_RECT_INIT ((float) (x - POSITION_PX / 2), 0,
                                                    (float) POSITION_PX, (float) h));
    gtk_snapshot_append_color (snapshot, &fg,
                               &GRAPHENE_RECT_INIT ((float) (x - 2 * POSITION_PX), (float) (h - 2 * POSITION_PX),
                                                    (float) (4 * POSITION_PX), (float) (2 * POSITION_PX)));
  }

  /* Keyboard focus: a frame round the whole timeline. */
  if (gtk_widget_has_focus (widget))
    draw_outline (snapshot, 0, 0, w, h, 3, &fg);
}

char *
ressenti_timeline_position_text (RessentiTimeline *self)
{
  g_return_val_if_fail (RESSENTI_IS_TIMELINE (self), NULL);

  return ressenti_spoken_position (self->position_ms, self->duration_ms);
}

/* The description is kept in "ressenti-description" too: the screen-reader
 * backend puts a widget's own description back from there after it has
 * borrowed it for a message. */
void
ressenti_timeline_describe_position (RessentiTimeline *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (RESSENTI_IS_TIMELINE (self));

  text = ressenti_timeline_position_text (self);
  g_object_set_data_full (G_OBJECT (self), "ressenti-description", g_strdup (text), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
update_value (RessentiTimeline *self)
{
  g_autofree char *text = ressenti_timeline_position_text (self);

  /* Kept for the next time the description is put back (see above), but
   * not set as the description now: Orca 43 speaks every description
   * change of the focused widget, and this runs on every playback tick. */
  g_object_set_data_full (G_OBJECT (self), "ressenti-description", g_strdup (text), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) MAX (self->duration_ms, 0) / 1000.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) self->position_ms / 1000.0,
                                  -1);
#if GTK_CHECK_VERSION (4, 14, 0)
  /* Newer GTK exposes a custom slider's value to AT-SPI, and Orca 45+
   * reads the value text: give it the spoken form, not seconds. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
#endif
}

void
ressenti_timeline_set_duration (RessentiTimeline *self,
                                gint64            duration_ms)
{
  g_return_if_fail (RESSENTI_IS_TIMELINE (self));

  if (self->duration_ms == duration_ms)
    return;
  self->duration_ms = duration_ms;
  update_value (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
ressenti_timeline_get_duration (RessentiTimeline *self)
{
  g_return_val_if_fail (RESSENTI_IS_TIMELINE (self), -1);

  return self->duration_ms;
}

void
ressenti_timeline_set_position (RessentiTimeline *self,
                                gint64            position_ms)
{
  g_return_if_fail (RESSENTI_IS_TIMELINE (self));

  position_ms = MAX (position_ms, 0);
  /* Only whole seconds change what is said; drawing follows every tick. */
  if (self->position_ms / 1000 != position_ms / 1000)
    {
      self->position_ms = position_ms;
      update_value (self);
    }
  self->position_ms = position_ms;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
ressenti_timeline_get_position (RessentiTimeline *self)
{
  g_return_val_if_fail (RESSENTI_IS_TIMELINE (self), 0);

  return self->position_ms;
}

void
ressenti_timeline_set_result (RessentiTimeline             *self,
                              const RessentiAnalysisResult *result)
{
  g_return_if_fail (RESSENTI_IS_TIMELINE (self));

  g_clear_pointer (&self->result, ressenti_analysis_result_unref);
  if (result != NULL)
    self->result = ressenti_analysis_result_ref ((RessentiAnalysisResult *) result);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
ressenti_timeline_set_markers (RessentiTimeline *self,
                               GListModel       *markers)
{
  g_return_if_fail (RESSENTI_IS_TIMELINE (self));

  if (self->markers != NULL)
    g_signal_handlers_disconnect_by_func (self->markers, gtk_widget_queue_draw, self);
  g_set_object (&self->markers, markers);
  if (markers != NULL)
    g_signal_connect_swapped (markers, "items-changed", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ressenti_timeline_set_loop (RessentiTimeline *self,
                            gint64            start_ms,
                            gint64            end_ms)
{
  g_return_if_fail (RESSENTI_IS_TIMELINE (self));

  self->loop_start_ms = start_ms;
  self->loop_end_ms = end_ms;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pressed_cb (GtkGestureClick  *gesture,
            int               n_press,
            double            x,
            double            y,
            RessentiTimeline *self)
{
  Lane lanes[3];
  guint n = get_lanes (self, lanes);
  double left = label_width (self, lanes, n);
  double width = MAX (gtk_widget_get_width (GTK_WIDGET (self)) - left - GAP_PX, 1.0);
  gint64 target;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->duration_ms <= 0 || x < left)
    return;
  target = (gint64) ((x - left) / width * (double) self->duration_ms);
  g_signal_emit (self, signals[SEEK_REQUESTED], 0, CLAMP (target, 0, self->duration_ms));
}

static void
focus_enter_cb (RessentiTimeline *self)
{
  /* Orca reads the description with the focus: make it current. */
  ressenti_timeline_describe_position (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ressenti_timeline_dispose (GObject *object)
{
  RessentiTimeline *self = (RessentiTimeline *) object;

  g_clear_pointer (&self->result, ressenti_analysis_result_unref);
  ressenti_timeline_set_markers (self, NULL);

  G_OBJECT_CLASS (ressenti_timeline_parent_class)->dispose (object);
}

static void
ressenti_timeline_class_init (RessentiTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ressenti_timeline_dispose;
  widget_class->measure = ressenti_timeline_measure;
  widget_class->snapshot = ressenti_timeline_snapshot;

  /**
   * RessentiTimeline::seek-requested:
   * @position_ms: where the user clicked, in milliseconds
   */
  signals[SEEK_REQUESTED] = g_signal_new ("seek-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "ressenti-timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
ressenti_timeline_init (RessentiTimeline *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->duration_ms = -1;
  self->loop_start_ms = -1;
  self->loop_end_ms = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Call position"),
                                  GTK_ACCESSIBLE_PROPERTY_ORIENTATION, GTK_ORIENTATION_HORIZONTAL,
                                  -1);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (focus_enter_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  update_value (self);
}

GtkWidget *
ressenti_timeline_new (void)
{
  return g_object_new (RESSENTI_TYPE_TIMELINE, NULL);
}
