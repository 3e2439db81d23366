/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The count is a time stamp of the last input and a timer that looks at it four times a second:
 * pointer motion arrives a hundred times a second, and restarting a timer for each would cost
 * more than remembering when it came.
 */
#include "config.h"

#include "bc-idle.h"

#define TICK_MS 250

struct _BcIdle
{
  GObject parent_instance;

  guint timeout_s;
  gboolean paused;
  gboolean warning;
  guint last_left;      /* the seconds left last announced by "countdown" */
  gint64 last_input;    /* g_get_monotonic_time () */
  guint tick;
  /* The pointer's last place: a motion event that does not move it (GTK makes some when a window
   * appears under a pointer that stands still) is nobody's input. */
  GdkSurface *motion_surface;
  double motion_x, motion_y;
};

G_DEFINE_FINAL_TYPE (BcIdle, bc_idle, G_TYPE_OBJECT)

enum
{
  WARNING,
  COUNTDOWN,
  RESUMED,
  EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
restart (BcIdle *self)
{
  self->last_input = g_get_monotonic_time ();
}

guint
bc_idle_get_warning_seconds (BcIdle *self)
{
  g_return_val_if_fail (BC_IS_IDLE (self), 0);
  return MIN (BC_IDLE_WARNING_S, self->timeout_s);
}

static void
end_warning (BcIdle *self)
{
  if (!self->warning)
    return;
  self->warning = FALSE;
  g_signal_emit (self, signals[RESUMED], 0);
}

static gboolean
tick (gpointer data)
{
  BcIdle *self = data;
  gint64 now = g_get_monotonic_time ();
  gint64 quiet_s = (now - self->last_input) / G_USEC_PER_SEC;
  guint warn_s = bc_idle_get_warning_seconds (self);

  if (self->paused || self->timeout_s == 0)
    {
      restart (self);
      return G_SOURCE_CONTINUE;
    }
  /* TIMEOUT_S of quiet, then the warning for WARN_S more (the setting's own words: after this
   * many seconds the wizard warns, then forgets). */
  if (quiet_s >= (gint64) self->timeout_s + warn_s)
    {
      self->warning = FALSE;
      restart (self);
      g_signal_emit (self, signals[EXPIRED], 0);
      return G_SOURCE_CONTINUE;
    }
  if (quiet_s >= (gint64) self->timeout_s)
    {
      guint left = (guint) ((gint64) self->timeout_s + warn_s - quiet_s);
      if (!self->warning)
        {
          self->warning = TRUE;
          self->last_left = 0;
          g_signal_emit (self, signals[WARNING], 0);
        }
      if (left != self->last_left)
        {
          self->last_left = left;
          g_signal_emit (self, signals[COUNTDOWN], 0, left);
        }
    }
  return G_SOURCE_CONTINUE;
}

/* Input as the window receives it, before any widget: never stopped (FALSE). */
static gboolean
input_event (GtkEventControllerLegacy *controller, GdkEvent *event, BcIdle *self)
{
  GdkEventType type = gdk_event_get_event_type (event);

  switch (type)
    {
    case GDK_MOTION_NOTIFY:
      {
        double x, y;
        GdkSurface *surface = gdk_event_get_surface (event);
        if (!gdk_event_get_position (event, &x, &y)
            || (surface == self->motion_surface && x == self->motion_x && y == self->motion_y))
          return FALSE;
        self->motion_surface = surface;
        self->motion_x = x;
        self->motion_y = y;
        /* While the warning shows, only a key, a click or a touch says "still here": the mouse
         * nudged by someone passing by should not hide it. */
        if (self->warning)
          return FALSE;
        restart (self);
        return FALSE;
      }
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_TOUCHPAD_HOLD:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
      restart (self);
      end_warning (self);
      return FALSE;
    default:
      /* Crossing, focus, proximity and the like happen without anyone there. */
      return FALSE;
    }
}

static void
bc_idle_dispose (GObject *object)
{
  BcIdle *self = BC_IDLE (object);

  g_clear_handle_id (&self->tick, g_source_remove);
  G_OBJECT_CLASS (bc_idle_parent_class)->dispose (object);
}

static void
bc_idle_class_init (BcIdleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bc_idle_dispose;

  /**
   * BcIdle::warning:
   * No input for the timeout: the countdown starts.
   */
  signals[WARNING] = g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BcIdle::countdown:
   * @seconds: seconds left before "expired"
   */
  signals[COUNTDOWN] = g_signal_new ("countdown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * BcIdle::resumed:
   * Input during the warning: someone is there after all.
   */
  signals[RESUMED] = g_signal_new ("resumed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BcIdle::expired:
   * The warning ran out without input.
   */
  signals[EXPIRED] = g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bc_idle_init (BcIdle *self)
{
  restart (self);
  self->tick = g_timeout_add (TICK_MS, tick, self);
}

BcIdle *
bc_idle_new (guint timeout_s)
{
  BcIdle *self = g_object_new (BC_TYPE_IDLE, NULL);
  self->timeout_s = timeout_s;
  return self;
}

void
bc_idle_watch (BcIdle *self, GtkWidget *widget)
{
  GtkEventController *controller;

  g_return_if_fail (BC_IS_IDLE (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  /* The legacy controller sees every event, of every kind, in the capture phase: before a
   * widget that handles it can stop it (a button eats its click). */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (input_event), self, 0);
  gtk_widget_add_controller (widget, controller);
}

void
bc_idle_set_timeout (BcIdle *self, guint timeout_s)
{
  g_return_if_fail (BC_IS_IDLE (self));
  self->timeout_s = timeout_s;
  restart (self);
  end_warning (self);
}

guint
bc_idle_get_timeout (BcIdle *self)
{
  g_return_val_if_fail (BC_IS_IDLE (self), 0);
  return self->timeout_s;
}

void
bc_idle_set_paused (BcIdle *self, gboolean paused)
{
  g_return_if_fail (BC_IS_IDLE (self));
  if (self->paused == !!paused)
    return;
  self->paused = !!paused;
  restart (self);
  end_warning (self);
}

void
bc_idle_poke (BcIdle *self)
{
  g_return_if_fail (BC_IS_IDLE (self));
  restart (self);
  end_warning (self);
}

gboolean
bc_idle_is_warning (BcIdle *self)
{
  g_return_val_if_fail (BC_IS_IDLE (self), FALSE);
  return self->warning;
}
