/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * While a scan runs, idle time does not count: a whole disk can take many minutes, and the
 * customer waiting for it is not gone. The count starts again when the scan ends, so the result
 * gets the full timeout to be read.
 */
#include "config.h"

#include "bc-kiosk.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "bc-config.h"
#include "bc-idle-warning.h"
#include "bc-pin-dialog.h"
#include "bc-pin.h"

struct _BcKiosk
{
  GObject parent_instance;

  BcWindow *window; /* weak: the window owns the kiosk */
  BcIdle *idle;
  BcIdleWarning *warning;      /* over the page; the window owns it */
  GtkWindow *staff_dialog;     /* the PIN prompt, or the word that no PIN is set */
  GtkWindow *done_dialog;      /* "Start over for the next customer?" */
  GdkSurface *surface;         /* weak: the window's, watched while it is realized */
  guint keep_source;           /* a check of the window's place, soon */
  guint keep_timer;            /* …and one every second, whatever was (or was not) told */
};

G_DEFINE_FINAL_TYPE (BcKiosk, bc_kiosk, G_TYPE_OBJECT)

static guint
idle_timeout_setting (void)
{
  GSettings *settings = bc_config_settings ();
  return settings ? g_settings_get_uint (settings, "idle-timeout") : 180;
}

/* Full screen. */

static void
fullscreen_changed (GtkWindow *window)
{
  /* A window manager's menu or shortcut may take it out of full screen: back it goes. */
  if (!gtk_window_is_fullscreen (window))
    gtk_window_fullscreen (window);
}

/* Kept there. A window manager's minimise (its menu, a key, a taskbar), or with none anybody's
 * unmap, move or resize of the window from outside, would leave the next customer a desktop or a
 * corner of the wizard: the kiosk puts itself back, full screen, on the screen, the whole
 * monitor. What changed is seen in the surface's state and size; a check every second catches
 * what no signal tells. */

static gboolean
keep_check (gpointer data)
{
  BcKiosk *self = data;
  GtkWindow *window = GTK_WINDOW (self->window);
  GdkSurface *surface = self->surface;
  GdkMonitor *monitor;
  GdkRectangle area = { 0 };
  GdkToplevelState state;
  gboolean small, away;

  self->keep_source = 0;
  if (!surface || !gtk_widget_get_visible (GTK_WIDGET (window)))
    return G_SOURCE_REMOVE;
  state = gdk_toplevel_get_state (GDK_TOPLEVEL (surface));
  monitor = gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface), surface);
  if (monitor)
    gdk_monitor_get_geometry (monitor, &area);
  small = gdk_surface_get_width (surface) < area.width
          || gdk_surface_get_height (surface) < area.height;
  away = !gdk_surface_get_mapped (surface) || (state & GDK_TOPLEVEL_STATE_MINIMIZED);
#ifdef GDK_WINDOWING_X11
  /* GTK cannot move or resize a shown window, and GDK does not resize one that is full screen
   * (a window manager would): with none, the window is put back in place itself. */
  if (GDK_IS_X11_SURFACE (surface) && !away)
    {
      Display *xdisplay = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));
      Window xid = gdk_x11_surface_get_xid (surface), child;
      int scale = gdk_surface_get_scale_factor (surface); /* X counts device pixels */
      int x = area.x * scale, y = area.y * scale;

      XTranslateCoordinates (xdisplay, xid, DefaultRootWindow (xdisplay), 0, 0, &x, &y, &child);
      if (small || x != area.x * scale || y != area.y * scale)
        XMoveResizeWindow (xdisplay, xid, area.x * scale, area.y * scale,
                           (unsigned) (area.width * scale), (unsigned) (area.height * scale));
    }
#endif
  if (!(state & GDK_TOPLEVEL_STATE_FULLSCREEN))
    gtk_window_fullscreen (window);
  if (state & GDK_TOPLEVEL_STATE_MINIMIZED)
    gtk_window_unminimize (window);
  if (away)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      gtk_window_present (window);
      /* …under the dialogs it had over it: a modal one hidden behind would leave a kiosk that
       * takes no input. */
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr (GtkWindow) over = g_list_model_get_item (toplevels, i);
          if (gtk_window_get_transient_for (over) == window
              && gtk_widget_get_visible (GTK_WIDGET (over)))
            gtk_window_present (over);
        }
    }
  return G_SOURCE_REMOVE;
}

static void
keep_soon (BcKiosk *self)
{
  /* Soon, not now: a window manager sends its changes one after another. */
  if (!self->keep_source)
    self->keep_source = g_timeout_add (100, keep_check, self);
}

static gboolean
keep_tick (gpointer data)
{
  keep_soon (data);
  return G_SOURCE_CONTINUE;
}

static void
unwatch_surface (BcKiosk *self)
{
  if (self->surface)
    g_signal_handlers_disconnect_by_data (self->surface, self);
  g_clear_weak_pointer (&self->surface);
}

static void
watch_surface (BcKiosk *self)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self->window));

  if (surface == self->surface)
    return;
  unwatch_surface (self);
  if (!surface)
    return;
  g_set_weak_pointer (&self->surface, surface);
  g_signal_connect_swapped (surface, "notify::state", G_CALLBACK (keep_soon), self);
  g_signal_connect_swapped (surface, "notify::mapped", G_CALLBACK (keep_soon), self);
  g_signal_connect_swapped (surface, "notify::width", G_CALLBACK (keep_soon), self);
  g_signal_connect_swapped (surface, "notify::height", G_CALLBACK (keep_soon), self);
}

static void
go_fullscreen (GtkWindow *window)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GListModel *monitors = gdk_display_get_monitors (display);
  g_autoptr (GdkMonitor) monitor = g_list_model_get_n_items (monitors) > 0
                                     ? g_list_model_get_item (monitors, 0)
                                     : NULL;

  /* Where no window manager runs (a bare X session, as kiosks often are) full screen is only
   * a wish nobody grants: the window asks for the whole monitor itself, and X puts it at the
   * top left corner. */
  if (monitor)
    {
      GdkRectangle area;
      gdk_monitor_get_geometry (monitor, &area);
      gtk_window_set_default_size (window, area.width, area.height);
    }
  gtk_window_set_deletable (window, FALSE);
  gtk_window_fullscreen (window);
  g_signal_connect (window, "notify::fullscreened", G_CALLBACK (fullscreen_changed), NULL);
}

/* Every window of the app. */

/* Keys a customer must not have. GTK's inspector (Ctrl+Shift+I, Ctrl+Shift+D; Debian enables its
 * keys by default) edits the running app, any widget, any setting. Seen first, in the capture
 * phase, and stopped: no binding of any window or widget gets them. */
static gboolean
key_filter (GtkEventControllerKey *controller, guint keyval, guint keycode,
            GdkModifierType state, gpointer data)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  guint key = gdk_keyval_to_lower (keyval);

  return mods == (GDK_CONTROL_MASK | GDK_SHIFT_MASK) && (key == GDK_KEY_i || key == GDK_KEY_d);
}

/* A window the app opens (the kiosk's, a dialog over it): its input counts for the idle time,
 * and it has no inspector keys. */
static void
guard_window (BcKiosk *self, GtkWindow *window)
{
  GtkEventController *keys;

  if (g_object_get_data (G_OBJECT (window), "bc-kiosk-guarded"))
    return;
  g_object_set_data (G_OBJECT (window), "bc-kiosk-guarded", GINT_TO_POINTER (1));
  bc_idle_watch (self->idle, GTK_WIDGET (window));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_filter), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);
}

static void
toplevels_changed (BcKiosk *self, guint position, guint removed, guint added, GListModel *list)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (list, i);
      guard_window (self, window);
    }
}

/* The idle warning. */

static void
hide_warning (BcKiosk *self)
{
  if (self->warning)
    bc_idle_warning_hide (self->warning);
}

static void
idle_countdown (BcKiosk *self, guint seconds)
{
  if (self->warning)
    bc_idle_warning_show (self->warning, seconds);
}

static void
idle_expired (BcKiosk *self)
{
  hide_warning (self);
  bc_window_wipe (self->window);
}

static void
idle_timeout_changed (BcKiosk *self)
{
  bc_idle_set_timeout (self->idle, idle_timeout_setting ());
}

static void
session_changed (BcKiosk *self, BcSession *session)
{
  /* A removal (and the check after it) is waited for as a scan is. */
  bc_idle_set_paused (self->idle,
                      bc_session_is_scanning (session) || bc_session_is_removing (session));
}

/* "I'm Done": one click from Back, so it asks first. */

static void
done_answered (BcKiosk *self, const char *response)
{
  if (g_strcmp0 (response, "start-over") == 0)
    bc_window_wipe (self->window); /* closes this dialog too, as every window over the kiosk */
}

/* The staff exit. */

static gboolean
leave (gpointer window)
{
  gtk_window_destroy (window); /* not "close": the window refuses that */
  return G_SOURCE_REMOVE;
}

static void
staff_unlocked (BcKiosk *self)
{
  /* The files of the session go now, not when the process ends. */
  bc_session_reset (bc_window_get_session (self->window));
  /* The prompt goes first, and the window once the prompt's signal is over: a dialog must not
   * outlive the window it belongs to. */
  gtk_widget_set_visible (GTK_WIDGET (self->staff_dialog), FALSE);
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, leave, g_object_ref (self->window), g_object_unref);
}

/* GObject. */

static void
bc_kiosk_dispose (GObject *object)
{
  BcKiosk *self = BC_KIOSK (object);

  g_clear_handle_id (&self->keep_source, g_source_remove);
  g_clear_handle_id (&self->keep_timer, g_source_remove);
  unwatch_surface (self);
  g_clear_weak_pointer (&self->warning);
  if (self->done_dialog)
    gtk_window_destroy (self->done_dialog);
  g_clear_weak_pointer (&self->done_dialog);
  if (self->staff_dialog)
    gtk_window_destroy (self->staff_dialog);
  g_clear_weak_pointer (&self->staff_dialog);
  g_clear_object (&self->idle);
  G_OBJECT_CLASS (bc_kiosk_parent_class)->dispose (object);
}

static void
bc_kiosk_class_init (BcKioskClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bc_kiosk_dispose;
}

static void
bc_kiosk_init (BcKiosk *self)
{
}

/* Public API. */

BcKiosk *
bc_kiosk_new (BcWindow *window)
{
  BcKiosk *self;
  GSettings *settings = bc_config_settings ();
  BcSession *session;

  g_return_val_if_fail (BC_IS_WINDOW (window), NULL);

  self = g_object_new (BC_TYPE_KIOSK, NULL);
  self->window = window;
  session = bc_window_get_session (window);
  go_fullscreen (GTK_WINDOW (window));
  g_signal_connect_object (window, "realize", G_CALLBACK (watch_surface), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (window, "unrealize", G_CALLBACK (unwatch_surface), self,
                           G_CONNECT_SWAPPED);
  watch_surface (self);
  self->keep_timer = g_timeout_add_seconds (1, keep_tick, self);

  self->idle = bc_idle_new (idle_timeout_setting ());
  toplevels_changed (self, 0, 0, g_list_model_get_n_items (gtk_window_get_toplevels ()),
                     gtk_window_get_toplevels ());
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (toplevels_changed), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->warning, BC_IDLE_WARNING (bc_idle_warning_new ()));
  bc_window_add_overlay (window, GTK_WIDGET (self->warning));
  g_signal_connect_object (self->warning, "answered", G_CALLBACK (bc_idle_poke), self->idle,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->idle, "countdown", G_CALLBACK (idle_countdown), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->idle, "resumed", G_CALLBACK (hide_warning), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->idle, "expired", G_CALLBACK (idle_expired), self,
                           G_CONNECT_SWAPPED);
  if (settings)
    g_signal_connect_object (settings, "changed::idle-timeout", G_CALLBACK (idle_timeout_changed),
                             self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed), self,
                           G_CONNECT_SWAPPED);
  session_changed (self, session);
  return self;
}

void
bc_kiosk_staff_exit (BcKiosk *self)
{
  GSettings *settings = bc_config_settings ();
  g_autofree char *stored = settings ? g_settings_get_string (settings, "staff-pin-hash") : NULL;
  GtkWindow *dialog;

  g_return_if_fail (BC_IS_KIOSK (self));

  if (self->staff_dialog)
    {
      gtk_window_present (self->staff_dialog);
      return;
    }
  if (bc_pin_stored_valid (stored))
    {
      dialog = GTK_WINDOW (bc_pin_dialog_new (GTK_WINDOW (self->window), stored,
                                                 bc_pin_staff_throttle ()));
      g_signal_connect_object (dialog, "unlocked", G_CALLBACK (staff_unlocked), self,
                               G_CONNECT_SWAPPED);
    }
  else
    {
      AdwMessageDialog *message = ADW_MESSAGE_DIALOG (
        adw_message_dialog_new (GTK_WINDOW (self->window), _("No staff PIN is set"),
                                _("Kiosk mode can be left from the screen only with the staff "
                                  "PIN, and none is set. An administrator sets one with "
                                  "“blaster-check --set-staff-pin” (see the README).")));
      adw_message_dialog_add_response (message, "close", _("_Close"));
      dialog = GTK_WINDOW (message);
    }
  g_set_weak_pointer (&self->staff_dialog, dialog);
  gtk_window_present (dialog);
}

void
bc_kiosk_done (BcKiosk *self)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (BC_IS_KIOSK (self));

  if (self->done_dialog)
    {
      gtk_window_present (self->done_dialog);
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (self->window),
                            /* Translators: kiosk mode, after "I'm Done": the counter's next
                             * customer starts on a clean wizard */
                            _("Start over for the next customer?"),
                            _("Everything shown here will be forgotten.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    /* Translators: the button that forgets the visit */
                                    "start-over", _("_Start Over"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "start-over", ADW_RESPONSE_DESTRUCTIVE);
  /* Enter, or a second click where "I'm Done" was, keeps the visit. */
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (done_answered), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->done_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

BcIdle *
bc_kiosk_get_idle (BcKiosk *self)
{
  g_return_val_if_fail (BC_IS_KIOSK (self), NULL);
  return self->idle;
}
