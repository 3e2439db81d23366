/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Kiosk mode, as the customer and the staff meet it: the real application started with
 * --kiosk, a real window on a virtual display, real key and pointer events from the X server
 * (xdotool, XTest) and the close message a window manager sends. TAP output.
 *
 *   test-kiosk keys | pin | no-pin | idle | wipe-idle | wipe-done | desktop | desktop-delete |
 *              desktop-quit | stays-wm | stays-unmap | stays-move | stays-resize | finish-home |
 *              finish-kiosk
 *   test-kiosk render OUTDIR   (the kiosk's screens, in English and Japanese, to PNG files)
 *
 * Settings come from GSettings' memory backend (GSETTINGS_BACKEND=memory, set here): a short
 * idle-timeout, a known staff-pin-hash.
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bc-config.h"
#include "bc-idle-warning.h"
#include "bc-language.h"
#include "bc-page.h"
#include "bc-session.h"
#include "gui-test.h"

/* The PIN 2468 as the setting stores it, made by Python (hashlib.pbkdf2_hmac), not by the code
 * under test: rounds 1000, salt 00 01 … 0f. */
#define PIN "2468"
#define PIN_HASH                                                                                   \
  "pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e0f$"                                           \
  "da0af9c4241f45ec5701b0f2e490f9c794db8f2aacca766c6081a721d04be295"

static const char *mode;
static char *fixture;
static const char *render_dir;
static gboolean window_gone;

/* Helpers. */

static void
window_destroyed (GtkWidget *widget)
{
  window_gone = TRUE;
}

/* Whether the window is still there: not destroyed, shown, one of the app's windows. */
static gboolean
window_open (BcWindow *window)
{
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  return !window_gone && gtk_widget_get_visible (GTK_WIDGET (window))
         && g_list_find (gtk_application_get_windows (app), window) != NULL;
}

static gboolean
window_closed (BcWindow *window)
{
  return !window_open (window);
}

static gulong
xid (BcWindow *window)
{
  return (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));
}

/* Runs xdotool with ARGS: real input, through the X server's XTest extension. */
static gboolean
xdotool (const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, "xdotool");
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add (argv, (char *) *a);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                     NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      note ("xdotool %s failed: %s", args[0], error->message);
      return FALSE;
    }
  return TRUE;
}

/* Presses KEYS ("ctrl+w") on the keyboard, with WINDOW focused, and lets the app react. */
static gboolean
press (BcWindow *window, const char *keys)
{
  g_autofree char *id = g_strdup_printf ("%lu", xid (window));
  const char *focus[] = { "windowfocus", id, NULL };
  const char *key[] = { "key", "--clearmodifiers", keys, NULL };
  gboolean sent = xdotool (focus);

  pump (100);
  sent = sent && xdotool (key);
  pump (400);
  return sent;
}

/* Moves the real pointer to X, Y on the screen. */
static gboolean
move_pointer (int x, int y)
{
  g_autofree char *sx = g_strdup_printf ("%d", x), *sy = g_strdup_printf ("%d", y);
  const char *args[] = { "mousemove", sx, sy, NULL };
  return xdotool (args);
}

/* What a window manager sends when its close button is clicked or Alt+F4 pressed: the
 * WM_DELETE_WINDOW message of the ICCCM. */
static void
send_wm_delete (BcWindow *window)
{
  Display *dpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (window)));
  XEvent event = { 0 };

  event.xclient.type = ClientMessage;
  event.xclient.window = xid (window);
  event.xclient.message_type = XInternAtom (dpy, "WM_PROTOCOLS", False);
  event.xclient.format = 32;
  event.xclient.data.l[0] = (long) XInternAtom (dpy, "WM_DELETE_WINDOW", False);
  event.xclient.data.l[1] = CurrentTime;
  XSendEvent (dpy, event.xclient.window, False, NoEventMask, &event);
  XFlush (dpy);
  pump (400);
}

/* Every text in WIDGET and below, shown or not: labels, editable text, tooltips. */
static void
all_text (GtkWidget *widget, GString *out)
{
  const char *tip = gtk_widget_get_tooltip_text (widget);

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_EDITABLE (widget) && gtk_editable_get_delegate (GTK_EDITABLE (widget)) == NULL)
    g_string_append_printf (out, "%s\n", gtk_editable_get_text (GTK_EDITABLE (widget)));
  if (tip)
    g_string_append_printf (out, "%s\n", tip);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    all_text (c, out);
}

/* The text of every window the app has open, shown or not. */
static char *
every_text (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) w = g_list_model_get_item (toplevels, i);
      all_text (w, out);
    }
  return g_string_free (out, FALSE);
}

/* Whether S has Japanese beyond the language names that are always shown in their own
 * language (日本語 on Welcome, "Language / 言語" on the language menu). */
static gboolean
japanese_besides_names (const char *s)
{
  g_autofree char *a = g_strdup (s);
  /* Every language's own name (中文 (中国) has kanji too) and the menu's "Language / 言語". */
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (const char *const *code = bc_language_list (); *code; code++)
    g_ptr_array_add (names, (gpointer) bc_language_native_name (*code));
  g_ptr_array_add (names, (gpointer) "言語");
  for (guint i = 0; i < names->len; i++)
    {
      g_auto (GStrv) parts = g_strsplit (a, g_ptr_array_index (names, i), -1);
      g_free (a);
      a = g_strjoinv ("", parts);
    }
  return has_japanese (a);
}

/* A window over WINDOW (a dialog) whose text contains TEXT; NULL when none. */
static GtkWindow *
find_dialog (BcWindow *window, const char *text)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (w == GTK_WINDOW (window) || !gtk_widget_get_visible (GTK_WIDGET (w))
          || gtk_window_get_transient_for (w) != GTK_WINDOW (window))
        continue;
      g_autoptr (GString) s = g_string_new (NULL);
      collect_text (GTK_WIDGET (w), s);
      if (!text || strstr (s->str, text))
        return w;
    }
  return NULL;
}

/* The idle warning, when it is shown over the page. */
static GtkWidget *
find_warning (GtkWidget *root)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return NULL;
  if (BC_IS_IDLE_WARNING (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_warning (c);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
countdown_shown (BcWindow *window)
{
  return find_warning (GTK_WIDGET (window)) != NULL;
}

/* Whether the warning says one second is left (singular). */
static gboolean
one_second_left (BcWindow *window)
{
  GtkWidget *warning = find_warning (GTK_WIDGET (window));
  g_autoptr (GString) text = g_string_new (NULL);
  if (warning)
    collect_text (warning, text);
  return strstr (text->str, "starts over in 1 second,") != NULL;
}

static gboolean
on_welcome (BcWindow *window)
{
  return g_str_equal (page_id (window), "welcome") && !countdown_shown (window);
}

static gboolean
in_english (BcWindow *window)
{
  return g_strcmp0 (bc_language_get (), "en") == 0;
}

/* A widget below ROOT, shown, that activates ACTION (a header bar button). */
static GtkWidget *
find_actionable (GtkWidget *root, const char *action)
{
  if (GTK_IS_ACTIONABLE (root) && gtk_widget_get_visible (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_actionable (c, action);
      if (found)
        return found;
    }
  return NULL;
}

/* The window's close button (GtkWindowControls' "close"), when one is shown. */
static GtkWidget *
find_close_button (GtkWidget *root)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return NULL;
  if (GTK_IS_BUTTON (root) && gtk_widget_has_css_class (root, "close")
      && gtk_widget_get_ancestor (root, GTK_TYPE_WINDOW_CONTROLS))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_close_button (c);
      if (found)
        return found;
    }
  return NULL;
}

/* A click, as the keyboard's Enter or Space makes one: GTK shows the button pressed for a
 * quarter of a second before it acts. */
static void
click (GtkWidget *button)
{
  if (button)
    gtk_widget_activate (button);
  pump (400);
}

/* The clipboard's text, as a paste reads it; NULL when it holds none. */
static void
text_read (GObject *source, GAsyncResult *result, gpointer data)
{
  char **out = data;
  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (!*out)
    *out = g_strdup ("");
}

static char *
clipboard_text (GdkClipboard *clipboard)
{
  char *text = NULL;
  gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  gdk_clipboard_read_text_async (clipboard, NULL, text_read, &text);
  while (!text && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  if (text && !*text)
    g_clear_pointer (&text, g_free);
  return text;
}

/* The natural height of WIDGET: it grows with the text. */
static int
natural_height (GtkWidget *widget)
{
  int min = 0, nat = 0;
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  return nat;
}

/* The first label below ROOT with the style class CLASS (NULL: any), shown. */
static GtkWidget *
find_label (GtkWidget *root, const char *klass)
{
  if (GTK_IS_LABEL (root) && (!klass || gtk_widget_has_css_class (root, klass))
      && *gtk_label_get_text (GTK_LABEL (root)))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, klass);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
large_text_state (void)
{
  g_autoptr (GVariant) state
    = g_action_group_get_action_state (G_ACTION_GROUP (g_application_get_default ()),
                                       "large-text");
  return state && g_variant_get_boolean (state);
}

static void
toggle_large_text (gboolean on)
{
  g_action_group_change_action_state (G_ACTION_GROUP (g_application_get_default ()),
                                      "large-text", g_variant_new_boolean (on));
  pump (300);
}

/* Scenarios. */

/* The keys and messages that close a window do not close the kiosk. */
static void
test_keys (BcWindow *window)
{
  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (
    gtk_widget_get_display (GTK_WIDGET (window)), gtk_native_get_surface (GTK_NATIVE (window)));
  GdkRectangle area = { 0 };

  if (monitor)
    gdk_monitor_get_geometry (monitor, &area);
  ok (gtk_window_is_fullscreen (GTK_WINDOW (window)), "the kiosk is full screen");
  ok (gtk_widget_get_width (GTK_WIDGET (window)) == area.width
        && gtk_widget_get_height (GTK_WIDGET (window)) == area.height,
      "…it covers the whole monitor: %dx%d on %dx%d", gtk_widget_get_width (GTK_WIDGET (window)),
      gtk_widget_get_height (GTK_WIDGET (window)), area.width, area.height);
  ok (find_close_button (GTK_WIDGET (window)) == NULL, "there is no close button");
  ok (find_actionable (GTK_WIDGET (window), "win.done") != NULL,
      "there is an \"I’m Done\" button in the header bar");

  /* Keys reach the kiosk at all: Alt+Right is Next. */
  gboolean reached = press (window, "alt+Right");
  ok (reached && g_str_equal (page_id (window), "symptoms"),
      "a real key press reaches the kiosk: Alt+Right goes to the next page (got %s)",
      page_id (window));

  /* Keys first, then the close messages: each check finds the window still there. */
  static const char *const keys[] = { "alt+F4", "Escape", "F11", "ctrl+q", "ctrl+w" };
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gboolean sent = press (window, keys[i]);
      ok (sent && window_open (window) && gtk_window_is_fullscreen (GTK_WINDOW (window)),
          "%s leaves the window open and full screen", keys[i]);
    }
  send_wm_delete (window);
  ok (window_open (window), "the window manager's close message (WM_DELETE_WINDOW: its close "
                            "button, Alt+F4) leaves the window open");
  gtk_window_close (GTK_WINDOW (window));
  pump (300);
  ok (window_open (window), "a close request (gtk_window_close) leaves the window open");
  gtk_widget_activate_action (GTK_WIDGET (window), "window.close", NULL);
  pump (300);
  ok (window_open (window), "the window.close action leaves the window open");
  ok (g_str_equal (page_id (window), "symptoms"), "…and on the same page (got %s)",
      page_id (window));

  /* GTK's inspector would let anyone change the running app. */
  guint before = g_list_model_get_n_items (gtk_window_get_toplevels ());
  press (window, "ctrl+shift+d");
  press (window, "ctrl+shift+i");
  pump (500);
  ok (g_list_model_get_n_items (gtk_window_get_toplevels ()) == before,
      "Ctrl+Shift+D and Ctrl+Shift+I open no GTK inspector (no new window: %u, was %u)",
      g_list_model_get_n_items (gtk_window_get_toplevels ()), before);
}

/* No staff PIN set: the shortcut says so, and the kiosk stays. */
static void
test_no_pin (BcWindow *window)
{
  press (window, "ctrl+alt+shift+q");
  GtkWindow *dialog = find_dialog (window, "No staff PIN is set");
  ok (dialog != NULL, "with no PIN set, the staff shortcut says that no staff PIN is set");
  g_autoptr (GString) text = g_string_new (NULL);
  if (dialog)
    collect_text (GTK_WIDGET (dialog), text);
  ok (strstr (text->str, "--set-staff-pin") != NULL, "…and how to set one");
  ok (find_dialog (window, "Enter the staff PIN") == NULL, "…and asks for no PIN");
  click (dialog ? find_button (GTK_WIDGET (dialog), "Close") : NULL);
  ok (window_open (window) && find_dialog (window, NULL) == NULL,
      "closing the message leaves the kiosk open");
}

/* The staff exit: a wrong PIN keeps the kiosk, the right one closes it. */
static void
test_pin (BcWindow *window)
{
  ok (press (window, "ctrl+shift+q") && find_dialog (window, NULL) == NULL,
      "Ctrl+Shift+Q (one modifier short) asks for nothing");
  press (window, "ctrl+alt+shift+q");
  GtkWindow *dialog = find_dialog (window, "Enter the staff PIN");
  ok (dialog != NULL, "Ctrl+Alt+Shift+Q asks for the staff PIN");
  if (!dialog)
    return;
  GtkWidget *entry = gtk_window_get_focus (dialog);
  ok (GTK_IS_EDITABLE (entry), "the PIN entry has the keyboard focus");
  if (!GTK_IS_EDITABLE (entry))
    return;

  /* A wrong PIN, typed on the real keyboard, then Enter. */
  g_autofree char *id = g_strdup_printf ("%lu",
    (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (dialog))));
  const char *focus[] = { "windowfocus", id, NULL };
  const char *type[] = { "type", "1357", NULL };
  const char *enter[] = { "key", "Return", NULL };
  xdotool (focus);
  pump (100);
  xdotool (type);
  pump (200);
  ok (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (entry)), "1357"),
      "the PIN typed on the keyboard is in the entry");
  xdotool (enter);
  pump (300);
  ok (window_open (window), "a wrong PIN leaves the kiosk open");
  g_autoptr (GString) text = g_string_new (NULL);
  collect_text (GTK_WIDGET (dialog), text);
  ok (strstr (text->str, "Wrong PIN") != NULL, "…and says the PIN is wrong");
  ok (!gtk_widget_is_sensitive (entry), "…and the next PIN must wait");

  /* The right PIN during the wait is not even tried. */
  gtk_editable_set_text (GTK_EDITABLE (entry), PIN);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "pin.unlock", NULL);
  pump (200);
  ok (window_open (window), "during the wait, even the right PIN does nothing");

  pump (1200);
  ok (gtk_widget_is_sensitive (entry), "after a second the PIN can be tried again");
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (entry);
  xdotool (focus);
  pump (100);
  const char *type_pin[] = { "type", PIN, NULL };
  xdotool (type_pin);
  pump (200);
  xdotool (enter);
  ok (pump_until (window_closed, window, 3000), "the right PIN closes the kiosk");
}

static gboolean
shutdown_seen (BcWindow *window)
{
  return bc_session_get_symptom (bc_window_get_session (window), BC_SYMPTOM_SHUTDOWN_DIALOG)
         == BC_ANSWER_YES;
}

/* Idle: input keeps the session; without it, the warning counts down, then Welcome. */
static void
test_idle (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);
  GSettings *settings = bc_config_settings ();

  next (window);
  click (find_button (visible_page (window), "I have seen this"));
  /* A keyboard-style activation clicks 250 ms later, and a busy first frame can delay that. */
  ok (pump_until (shutdown_seen, window, 3000), "a symptom is answered");

  /* Real pointer motion, every half second for 5 s: more than the timeout and the warning. */
  g_settings_set_uint (settings, "idle-timeout", 2);
  gboolean warned = FALSE;
  for (int i = 0; i < 10; i++)
    {
      move_pointer (300 + 40 * (i % 2), 300);
      pump (500);
      warned = warned || countdown_shown (window);
    }
  ok (!warned && g_str_equal (page_id (window), "symptoms"),
      "while the pointer moves, no warning comes (5 s, timeout 2 s)");

  gint64 t0 = g_get_monotonic_time ();
  gboolean came = pump_until (countdown_shown, window, 4000);
  double waited = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
  ok (came && waited >= 1.0, "without input, the warning comes after %.1f s (the pointer last "
                             "moved 0.5 s before)", waited);
  GtkWidget *warning = find_warning (GTK_WIDGET (window));
  g_autoptr (GString) text = g_string_new (NULL);
  if (warning)
    collect_text (warning, text);
  note ("the warning: %s", text->str);
  ok (strstr (text->str, "Are you still there?") && strstr (text->str, "starts over in 2 seconds"),
      "the warning asks \"Are you still there?\" and counts the seconds down");
  ok (pump_until (one_second_left, window, 1800), "…a second later: 1 second");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (window));
  GtkWidget *focus = gtk_root_get_focus (root);
  ok (focus && warning && gtk_widget_is_ancestor (focus, warning),
      "\"I’m Still Here\" has the keyboard focus");
  click (warning ? find_button (warning, "Still Here") : NULL);
  ok (!countdown_shown (window) && g_str_equal (page_id (window), "symptoms")
        && bc_session_get_symptom (session, BC_SYMPTOM_SHUTDOWN_DIALOG) == BC_ANSWER_YES,
      "\"I’m Still Here\" keeps the page and the answers");

  /* While the warning shows, a nudged mouse is nobody; a key is somebody. */
  ok (pump_until (countdown_shown, window, 4000), "left alone again, the warning comes again");
  move_pointer (500, 500);
  pump (300);
  ok (countdown_shown (window), "moving the pointer does not hide the warning");
  press (window, "shift");
  ok (!countdown_shown (window) && g_str_equal (page_id (window), "symptoms"),
      "a key (Shift) hides it and keeps the page");

  ok (pump_until (countdown_shown, window, 4000), "left alone, the warning comes once more");
  ok (pump_until (on_welcome, window, 5000), "…then the wizard starts over on Welcome");
  ok (bc_session_get_symptom (session, BC_SYMPTOM_SHUTDOWN_DIALOG) == BC_ANSWER_UNKNOWN,
      "…with the answer forgotten");

  /* A running scan is no idleness: the count starts when it ends. A scan of / takes about a
   * second here; without the pause the warning would come 2 s after the last input, that is
   * about 1 s after the scan's end, not 2 s. */
  next (window);
  next (window);
  bc_session_set_target (session, BC_TARGET_FOLDER, "/");
  next (window);
  gint64 start = g_get_monotonic_time ();
  ok (g_str_equal (page_id (window), "checking") && scanning (window), "a scan of / runs");
  gboolean warned_scanning = FALSE;
  while (scanning (window) && g_get_monotonic_time () - start < 30 * G_USEC_PER_SEC)
    {
      warned_scanning = warned_scanning || countdown_shown (window);
      pump (20);
    }
  gint64 end = g_get_monotonic_time ();
  ok (!warned_scanning, "no warning while the scan ran (%.2f s)",
      (double) (end - start) / G_USEC_PER_SEC);
  pump_until (countdown_shown, window, 5000);
  double after = (double) (g_get_monotonic_time () - end) / G_USEC_PER_SEC;
  ok (countdown_shown (window) && after >= 1.7 && end - start >= G_USEC_PER_SEC * 8 / 10,
      "the warning comes 2 s after the scan ended, not after the last input (%.2f s after; "
      "the scan took %.2f s; 0.8 s are needed to tell)", after,
      (double) (end - start) / G_USEC_PER_SEC);
  ok (pump_until (on_welcome, window, 5000), "…then the wizard starts over");

  /* "I'm Done" while a scan runs: the scan is forgotten at once, its result never shows. */
  next (window);
  next (window);
  bc_session_set_target (session, BC_TARGET_FOLDER, "/");
  next (window);
  ok (scanning (window), "another scan of / runs");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.done", NULL);
  pump (200);
  GtkWindow *ask = find_dialog (window, "Start over for the next customer?");
  ok (ask != NULL && scanning (window), "\"I’m Done\" during the scan asks first");
  click (ask ? find_button (GTK_WIDGET (ask), "Start Over") : NULL);
  ok (g_str_equal (page_id (window), "welcome") && !scanning (window),
      "…\"Start Over\": Welcome at once, the scan forgotten");
  pump (2000);
  ok (bc_session_get_report (session) == NULL && bc_session_get_scan_error (session) == NULL
        && g_str_equal (page_id (window), "welcome"),
      "…and its result does not come back when its thread ends");
  g_settings_set_uint (settings, "idle-timeout", 600);
}

/* Walks as a customer does, leaving traces everywhere; returns the tracked file's path. */
static char *
walk_and_leave_traces (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  g_autofree char *text = NULL;
  char *file = NULL;
  int fd;

  next (window);
  click (find_button (visible_page (window), "I have seen this"));
  next (window);
  ok (g_str_equal (page_id (window), "target"), "the customer reaches What to check");
  text = page_text (window);
  ok (strstr (text, fixture) != NULL, "the attached disk is offered with its path");
  GtkWidget *chooser = find_button (visible_page (window), "Choose…");
  ok (chooser == NULL || !gtk_widget_get_mapped (chooser),
      "a kiosk offers no folder to choose (no file chooser)");
  ok (strstr (text, "This computer") == NULL, "…and not the kiosk computer itself");
  g_clear_pointer (&text, g_free);
  next (window);
  ok (pump_until (scan_done, window, 60000), "the scan of the infected disk finishes");
  next (window);
  text = page_text (window);
  ok (g_str_equal (page_id (window), "result") && strstr (text, "msblast.exe") != NULL,
      "Result names msblast.exe");
  g_clear_pointer (&text, g_free);

  set_language ("ja");
  next (window);
  bc_session_set_step_done (session, BC_STEP_UNPLUG, TRUE);
  bc_session_set_guided (session, "msblast.exe", BC_ANSWER_YES);
  bc_session_set_guided_in_wins (session, BC_ANSWER_NO);
  text = window_text (window);
  ok (japanese_besides_names (text), "the customer reads the wizard in Japanese");
  g_clear_pointer (&text, g_free);

  fd = g_file_open_tmp ("blaster-receipt-XXXXXX.pdf", &file, NULL);
  if (fd >= 0)
    close (fd);
  bc_session_track_file (session, file);
  ok (g_file_test (file, G_FILE_TEST_EXISTS), "the session wrote a file (a receipt)");

  gdk_clipboard_set_text (gdk_display_get_clipboard (display), fixture);
  gdk_clipboard_set_text (gdk_display_get_primary_clipboard (display), "msblast.exe");
  pump (100);
  g_autofree char *copied = clipboard_text (gdk_display_get_clipboard (display));
  ok (g_strcmp0 (copied, fixture) == 0, "the customer copied the disk's path");

  toggle_large_text (TRUE);
  GSettings *settings = bc_config_settings ();
  ok (large_text_state () && !g_settings_get_boolean (settings, "large-text"),
      "in kiosk mode, large text is the customer's choice: the setting stays off");

  /* A window left open over the wizard: here the staff shortcut's message (no PIN is set). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.staff-exit", NULL);
  pump (300);
  ok (find_dialog (window, NULL) != NULL, "a message is left open over the wizard");
  return file;
}

/* Nothing of the last customer is left. */
static void
check_wiped (BcWindow *window, const char *file)
{
  BcSession *session = bc_window_get_session (window);
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  gboolean answers_gone = TRUE;

  ok (window_open (window) && gtk_window_is_fullscreen (GTK_WINDOW (window)),
      "the kiosk is still open and full screen");
  ok (g_str_equal (page_id (window), "welcome"), "it shows Welcome (got %s)", page_id (window));
  for (int i = 0; i < BC_SYMPTOM__COUNT; i++)
    answers_gone = answers_gone && bc_session_get_symptom (session, i) == BC_ANSWER_UNKNOWN;
  ok (answers_gone, "the symptom answers are gone");
  answers_gone = bc_session_get_guided_in_wins (session) == BC_ANSWER_UNKNOWN;
  for (const char *const *n = bc_session_guided_names (); *n; n++)
    answers_gone = answers_gone && bc_session_get_guided (session, *n) == BC_ANSWER_UNKNOWN;
  ok (answers_gone, "the answers of the checks by hand are gone");
  answers_gone = TRUE;
  for (int i = 0; i < BC_STEP__COUNT; i++)
    answers_gone = answers_gone && !bc_session_get_step_done (session, i);
  ok (answers_gone, "the recovery steps are unticked");
  ok (bc_session_get_target_kind (session) == BC_TARGET_NONE
        && bc_session_get_target_path (session) == NULL,
      "no target is chosen, no path kept");
  ok (bc_session_get_report (session) == NULL && bc_session_get_scan_error (session) == NULL
        && !bc_session_is_scanning (session),
      "the scan and its report are gone");
  gboolean english = pump_until (in_english, window, 3000);
  ok (english, "the language is back to English (got %s)", bc_language_get ());
  pump (200);

  g_autofree char *shown = window_text (window);
  g_autofree char *everything = every_text ();
  ok (strstr (everything, fixture) == NULL, "no text anywhere holds the disk's path");
  ok (strstr (everything, "msblast") == NULL, "no text anywhere names msblast");
  ok (!japanese_besides_names (shown) && strstr (shown, "Welcome") != NULL,
      "the screen is in English, no Japanese left");
  if (japanese_besides_names (shown))
    note ("%s", shown);
  if (!ok (!japanese_besides_names (everything), "no Japanese text anywhere, shown or hidden"))
    {
      g_auto (GStrv) lines = g_strsplit (everything, "\n", -1);
      for (char **l = lines; *l; l++)
        if (japanese_besides_names (*l))
          note ("left: %s", *l);
    }
  ok (find_dialog (window, NULL) == NULL, "no window is left over the kiosk");
  ok (file && !g_file_test (file, G_FILE_TEST_EXISTS), "the file the session wrote is deleted");
  g_autofree char *clip = clipboard_text (gdk_display_get_clipboard (display));
  g_autofree char *primary = clipboard_text (gdk_display_get_primary_clipboard (display));
  ok (clip == NULL, "the clipboard is empty (got %s)", clip ? clip : "nothing");
  ok (primary == NULL, "the primary selection is empty (got %s)", primary ? primary : "nothing");
  ok (!large_text_state (), "large text is back to the setting (off)");
}

static void
test_wipe (BcWindow *window)
{
  g_autofree char *file = walk_and_leave_traces (window);
  GSettings *settings = bc_config_settings ();

  if (g_str_equal (mode, "wipe-idle"))
    {
      g_settings_set_uint (settings, "idle-timeout", 2);
      ok (pump_until (countdown_shown, window, 4000), "left alone, the warning comes");
      ok (pump_until (on_welcome, window, 5000), "…then the wizard starts over");
    }
  else
    {
      /* This customer went back to English: the pages must be built anew all the same (no
       * language switch does it here), or hidden ones keep the result. */
      set_language ("en");
      GtkWidget *done = find_actionable (GTK_WIDGET (window), "win.done");
      ok (done != NULL, "the header bar has the \"I’m Done\" button");

      /* One click (a customer who meant Back) forgets nothing: it asks first. */
      g_autofree char *page = g_strdup (page_id (window));
      click (done);
      GtkWindow *ask = find_dialog (window, "Start over for the next customer?");
      g_autoptr (GString) words = g_string_new (NULL);
      if (ask)
        collect_text (GTK_WIDGET (ask), words);
      ok (ask != NULL && strstr (words->str, "Everything shown here will be forgotten."),
          "one click on \"I’m Done\" asks \"Start over for the next customer? Everything shown "
          "here will be forgotten.\"");
      ok (g_str_equal (page_id (window), page)
            && bc_session_get_report (bc_window_get_session (window)) != NULL
            && g_file_test (file, G_FILE_TEST_EXISTS),
          "…and wipes nothing yet: the page (%s), the report and the receipt are still there",
          page_id (window));
      ok (ask && ADW_IS_MESSAGE_DIALOG (ask)
            && g_strcmp0 (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (ask)),
                          "cancel") == 0,
          "…Cancel is the default (Enter keeps the visit)");
      click (ask ? find_button (GTK_WIDGET (ask), "Cancel") : NULL);
      ok (find_dialog (window, "Start over") == NULL && g_str_equal (page_id (window), page)
            && bc_session_get_report (bc_window_get_session (window)) != NULL,
          "Cancel keeps the visit, on the same page");

      click (done);
      ask = find_dialog (window, "Start over for the next customer?");
      ok (ask != NULL, "\"I’m Done\" asks again");
      click (ask ? find_button (GTK_WIDGET (ask), "Start Over") : NULL);
    }
  check_wiped (window, file);
}

/* The kiosk stays: whatever takes it away (minimised by a window manager, unmapped or resized
 * from outside with none), it comes back full screen. */

static gboolean minimized_seen;

static void
state_seen (GdkToplevel *toplevel)
{
  if (gdk_toplevel_get_state (toplevel) & GDK_TOPLEVEL_STATE_MINIMIZED)
    minimized_seen = TRUE;
}

/* Whether the X window is on the screen (mapped and viewable), as the X server says. */
static gboolean
x_viewable (BcWindow *window)
{
  Display *dpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (window)));
  XWindowAttributes attrs = { 0 };
  return XGetWindowAttributes (dpy, xid (window), &attrs) && attrs.map_state == IsViewable;
}

static gboolean
x_gone (BcWindow *window)
{
  return !x_viewable (window);
}

/* The X window's size, as the X server says. */
static void
x_size (BcWindow *window, int *width, int *height)
{
  Display *dpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (window)));
  XWindowAttributes attrs = { 0 };
  XGetWindowAttributes (dpy, xid (window), &attrs);
  *width = attrs.width;
  *height = attrs.height;
}

static GdkRectangle
monitor_area (BcWindow *window)
{
  GdkRectangle area = { 0 };
  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (
    gtk_widget_get_display (GTK_WIDGET (window)), gtk_native_get_surface (GTK_NATIVE (window)));
  if (monitor)
    gdk_monitor_get_geometry (monitor, &area);
  return area;
}

/* Back as it was: on the screen, not minimised, full screen, the whole monitor. */
static gboolean
kiosk_back (BcWindow *window)
{
  GdkRectangle area = monitor_area (window);
  GdkToplevel *toplevel = GDK_TOPLEVEL (gtk_native_get_surface (GTK_NATIVE (window)));
  int w, h;

  x_size (window, &w, &h);
  return x_viewable (window) && !(gdk_toplevel_get_state (toplevel) & GDK_TOPLEVEL_STATE_MINIMIZED)
         && gtk_window_is_fullscreen (GTK_WINDOW (window)) && w == area.width
         && h == area.height && gtk_widget_get_width (GTK_WIDGET (window)) == area.width
         && gtk_widget_get_height (GTK_WIDGET (window)) == area.height;
}

/* Whether the window's top left corner is the monitor's, as the X server says. */
static gboolean
x_at_corner (BcWindow *window)
{
  Display *dpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (window)));
  GdkRectangle area = monitor_area (window);
  Window child;
  int x = -1, y = -1;

  XTranslateCoordinates (dpy, xid (window), DefaultRootWindow (dpy), 0, 0, &x, &y, &child);
  return x == area.x && y == area.y;
}

/* Whether OVER's X window is mapped and stacked above WINDOW's (no window manager: both are
 * children of the root window). */
static gboolean
above (GtkWidget *over, BcWindow *window)
{
  Display *dpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (window)));
  Window top = (Window) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (over)));
  Window root, parent, *children = NULL;
  unsigned int n = 0;
  int at_top = -1, at_window = -1;
  XWindowAttributes attrs = { 0 };

  if (!XGetWindowAttributes (dpy, top, &attrs) || attrs.map_state != IsViewable)
    return FALSE;
  if (!XQueryTree (dpy, DefaultRootWindow (dpy), &root, &parent, &children, &n))
    return FALSE;
  for (unsigned int i = 0; i < n; i++) /* bottom to top */
    {
      if (children[i] == top)
        at_top = (int) i;
      if (children[i] == xid (window))
        at_window = (int) i;
    }
  XFree (children);
  return at_top >= 0 && at_window >= 0 && at_top > at_window;
}

static gboolean
back_at_corner (BcWindow *window)
{
  return kiosk_back (window) && x_at_corner (window);
}

static gboolean
x_small (BcWindow *window)
{
  int w, h;
  x_size (window, &w, &h);
  return w < monitor_area (window).width;
}

static void
test_stays (BcWindow *window)
{
  g_autofree char *id = g_strdup_printf ("%lu", xid (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkRectangle area = monitor_area (window);
  int w = 0, h = 0;

  next (window);
  ok (pump_until (kiosk_back, window, 3000), "the kiosk is on the screen, full screen, %dx%d",
      area.width, area.height);
  g_signal_connect (surface, "notify::state", G_CALLBACK (state_seen), NULL);

  if (g_str_equal (mode, "stays-wm"))
    {
      const char *minimize[] = { "windowminimize", id, NULL };
      ok (xdotool (minimize), "xdotool asks the window manager (openbox) to minimise the kiosk");
      gboolean went = pump_until (x_gone, window, 3000) || minimized_seen;
      ok (went, "…and openbox minimises it (%s)",
          minimized_seen ? "the state says minimised" : "the window left the screen");
      ok (pump_until (kiosk_back, window, 5000),
          "the kiosk comes back on its own: on the screen, not minimised, full screen");
      minimized_seen = FALSE;
      pump (1500);
      ok (kiosk_back (window) && !minimized_seen, "…and stays so");

      /* As a customer would: Alt+Space opens openbox's window menu, "Ico_nify" (N) minimises.
       * The keys go to the focused window: the kiosk is given the focus first, and a menu that
       * did not open in time (a loaded machine) is tried again, as a person would. */
      const char *focus[] = { "windowfocus", "--sync", id, NULL };
      const char *alt_space[] = { "key", "--clearmodifiers", "alt+space", NULL };
      const char *iconify[] = { "key", "n", NULL };
      went = FALSE;
      minimized_seen = FALSE;
      for (int attempt = 0; attempt < 3 && !went; attempt++)
        {
          xdotool (focus);
          pump (300);
          xdotool (alt_space);
          pump (800);
          xdotool (iconify);
          went = pump_until (x_gone, window, 3000) || minimized_seen;
          if (!went)
            {
              const char *escape[] = { "key", "Escape", NULL };
              note ("Alt+Space, Iconify: try %d left the kiosk on the screen", attempt + 1);
              xdotool (escape);
              pump (300);
            }
        }
      ok (went, "Alt+Space, Iconify: openbox's window menu minimises the kiosk");
      ok (pump_until (kiosk_back, window, 5000), "…and it comes back, full screen");

      /* The window manager's own way to leave full screen (its menu or a key). */
      Display *dpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (window)));
      XEvent event = { 0 };
      event.xclient.type = ClientMessage;
      event.xclient.window = xid (window);
      event.xclient.message_type = XInternAtom (dpy, "_NET_WM_STATE", False);
      event.xclient.format = 32;
      event.xclient.data.l[0] = 0; /* remove */
      event.xclient.data.l[1] = (long) XInternAtom (dpy, "_NET_WM_STATE_FULLSCREEN", False);
      event.xclient.data.l[3] = 1;
      XSendEvent (dpy, DefaultRootWindow (dpy), False,
                  SubstructureRedirectMask | SubstructureNotifyMask, &event);
      XFlush (dpy);
      pump (300);
      ok (pump_until (kiosk_back, window, 5000),
          "the window manager takes full screen away: the kiosk takes it back");
    }
  else if (g_str_equal (mode, "stays-unmap"))
    {
      const char *unmap[] = { "windowunmap", id, NULL };
      ok (xdotool (unmap), "with no window manager, xdotool unmaps the kiosk's window");
      ok (pump_until (kiosk_back, window, 5000), "the kiosk is back on the screen, full screen");
      pump (1000);
      ok (kiosk_back (window), "…and stays there");

      /* Again with a modal question over it: it must come back over the kiosk, not under. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.done", NULL);
      pump (300);
      GtkWindow *ask = find_dialog (window, "Start over for the next customer?");
      ok (ask != NULL && above (GTK_WIDGET (ask), window),
          "\"I’m Done\" asks, over the kiosk");
      ok (xdotool (unmap), "xdotool unmaps the kiosk's window again");
      ok (pump_until (kiosk_back, window, 5000), "the kiosk is back on the screen");
      pump (500);
      ok (ask && above (GTK_WIDGET (ask), window),
          "…and the question is still over it, where it can be answered");
      click (ask ? find_button (GTK_WIDGET (ask), "Cancel") : NULL);
    }
  else if (g_str_equal (mode, "stays-move"))
    {
      const char *move[] = { "windowmove", id, "300", "200", NULL };
      ok (xdotool (move), "with no window manager, xdotool moves the kiosk's window to 300,200");
      ok (pump_until (back_at_corner, window, 5000),
          "the kiosk is back at the top left corner, the whole monitor");
      pump (1000);
      ok (back_at_corner (window), "…and stays there");
    }
  else
    {
      const char *resize[] = { "windowsize", id, "400", "300", NULL };
      ok (xdotool (resize), "with no window manager, xdotool makes the kiosk's window 400x300");
      gboolean shrank = pump_until (x_small, window, 2000);
      x_size (window, &w, &h);
      note ("the window after the resize: %dx%d (%s)", w, h, shrank ? "it shrank" : "never seen");
      ok (pump_until (kiosk_back, window, 5000), "the kiosk is back to the whole monitor");
      x_size (window, &w, &h);
      note ("now: %dx%d, GTK %dx%d", w, h, gtk_widget_get_width (GTK_WIDGET (window)),
            gtk_widget_get_height (GTK_WIDGET (window)));
      pump (1000);
      ok (kiosk_back (window), "…and stays so");
    }
  ok (g_str_equal (page_id (window), "symptoms"), "the page is the same (got %s)",
      page_id (window));
}

/* Finish speaks of the receipt, a counter's paper, only at a counter: in both languages. */
static void
test_finish (BcWindow *window)
{
  gboolean kiosk = g_str_equal (mode, "finish-kiosk");
  static const char *const langs[] = { "en", "ja" };

  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      set_language (langs[l]);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", "finish");
      pump (300);
      g_autofree char *text = page_text (window);
      g_autofree char *lower = g_utf8_strdown (text, -1);
      /* The Japanese for the receipt, as the catalogue has it: お客様控え. */
      const char *receipt_ja = "お客様控え";
      gboolean speaks = strstr (lower, "receipt") || strstr (text, receipt_ja);
      gboolean button = find_button (visible_page (window),
                                     l == 0 ? "Print the receipt" : receipt_ja) != NULL;

      ok (g_str_equal (page_id (window), "finish"), "%s: Finish is shown (got %s)", langs[l],
          page_id (window));
      if (l == 1)
        ok (japanese_besides_names (text) && !strstr (text, "The report lists")
              && !strstr (text, "Starting over"),
            "ja: the page is in Japanese, its words for this mode too");
      if (kiosk)
        {
          ok (speaks && button, "%s, kiosk: Finish offers the receipt (its words and its button)",
              langs[l]);
          ok (l == 1 || !strstr (text, "Save"),
              "%s, kiosk: Finish does not say to save the report (no Save here)", langs[l]);
        }
      else
        {
          ok (!speaks && !button, "%s, at home: Finish says nothing of a receipt", langs[l]);
          ok (l == 1 || strstr (text, "Save the report as PDF"),
              "%s, at home: Finish offers to save the report", langs[l]);
        }
      if (speaks != kiosk)
        note ("%s", text);
    }
  set_language ("en");
  if (kiosk)
    {
      /* Finish's own Start over is "I'm Done" at a counter: it asks, as the header's does. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", "finish");
      pump (300);
      gtk_widget_activate_action (visible_page (window), "finish.start-over", NULL);
      pump (300);
      GtkWindow *ask = find_dialog (window, "Start over for the next customer?");
      ok (ask != NULL && g_str_equal (page_id (window), "finish"),
          "kiosk: Finish's Start over asks first, as \"I’m Done\" does");
      click (ask ? find_button (GTK_WIDGET (ask), "Start Over") : NULL);
      ok (find_dialog (window, NULL) == NULL && g_str_equal (page_id (window), "welcome"),
          "…and \"Start Over\" shows Welcome (got %s)", page_id (window));
    }
}

/* Outside kiosk mode the window closes as any window does; large text writes the setting. */
static void
test_desktop (BcWindow *window)
{
  GSettings *settings = bc_config_settings ();
  GtkWidget *title = find_label (visible_page (window), "title-1");
  GtkWidget *body = title ? gtk_widget_get_next_sibling (title) : NULL;
  int title_h, body_h;

  ok (!gtk_window_is_fullscreen (GTK_WINDOW (window)), "not full screen");
  ok (find_close_button (GTK_WIDGET (window)) != NULL, "the window has its close button");
  ok (find_actionable (GTK_WIDGET (window), "win.done") == NULL, "no \"I’m Done\" button");
  press (window, "ctrl+alt+shift+q");
  ok (find_dialog (window, NULL) == NULL, "the staff shortcut does nothing");
  press (window, "Escape");
  ok (window_open (window), "Escape does not close the wizard");

  /* The inspector key the kiosk blocks does open something here (Debian enables it). */
  guint before = g_list_model_get_n_items (gtk_window_get_toplevels ());
  press (window, "ctrl+shift+d");
  pump (500);
  guint after = g_list_model_get_n_items (gtk_window_get_toplevels ());
  ok (after > before, "outside kiosk mode Ctrl+Shift+D opens the GTK inspector (or its prompt)");
  for (guint i = g_list_model_get_n_items (gtk_window_get_toplevels ()); i-- > 0;)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (gtk_window_get_toplevels (), i);
      if (w != GTK_WINDOW (window))
        gtk_window_destroy (w);
    }
  pump (200);

  title_h = title ? natural_height (title) : 0;
  body_h = GTK_IS_LABEL (body) ? natural_height (body) : 0;
  toggle_large_text (TRUE);
  ok (g_settings_get_boolean (settings, "large-text"), "the menu's Large Text writes the setting");
  int title_large = title ? natural_height (title) : 0;
  int body_large = GTK_IS_LABEL (body) ? natural_height (body) : 0;
  ok (title_h > 0 && title_large >= title_h * 13 / 10,
      "large text: the page title grows (%d to %d px)", title_h, title_large);
  ok (body_h > 0 && body_large >= body_h * 13 / 10, "large text: the body text grows (%d to %d px)",
      body_h, body_large);
  g_settings_set_boolean (settings, "large-text", FALSE);
  pump (300);
  ok (!large_text_state () && title && natural_height (title) == title_h,
      "the setting turned off elsewhere: the text follows, back to %d px", title_h);
  g_settings_set_boolean (settings, "large-text", TRUE);
  pump (300);
  ok (large_text_state () && title && natural_height (title) == title_large,
      "…and on again: %d px", title_large);
  toggle_large_text (FALSE);

  if (g_str_equal (mode, "desktop-delete"))
    {
      send_wm_delete (window);
      ok (window_closed (window), "the window manager's close message closes the window");
    }
  else if (g_str_equal (mode, "desktop-quit"))
    {
      press (window, "ctrl+q");
      ok (window_closed (window), "Ctrl+Q closes the window");
    }
  else
    {
      press (window, "ctrl+w");
      ok (window_closed (window), "Ctrl+W closes the window");
    }
}

/* Draws WIDGET (a window) into OUTDIR/NAME.png. */
static void
save_shot (GtkWidget *widget, const char *name)
{
  int width, height;
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (render_dir, file, NULL);

  pump (300);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node)
    texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                           &GRAPHENE_RECT_INIT (0, 0, width, height));
  ok (texture && gdk_texture_save_to_png (texture, path), "rendered %s", file);
}

/* The whole screen, as the customer sees it, dialogs and all, into OUTDIR/NAME-screen.png. */
static void
save_screen (const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s/%s-screen.png", render_dir, name);
  g_autofree char *command
    = g_strdup_printf ("sh -c 'xwd -root -silent | convert xwd:- \"%s\"'", path);
  int status = -1;

  pump (300);
  ok (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL)
        && g_spawn_check_wait_status (status, NULL),
      "captured the screen: %s-screen.png", name);
}

static void
render (BcWindow *window)
{
  static const char *const langs[] = { "en", "ja" };
  GSettings *settings = bc_config_settings ();

  g_mkdir_with_parents (render_dir, 0755);
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      g_autofree char *prefix = g_strdup_printf ("%s-kiosk", langs[l]);
      set_language (langs[l]);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", "welcome");
      g_autofree char *welcome = g_strconcat (prefix, "-welcome", NULL);
      save_shot (GTK_WIDGET (window), welcome);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", "target");
      g_autofree char *target = g_strconcat (prefix, "-target", NULL);
      pump (800);
      save_shot (GTK_WIDGET (window), target);

      toggle_large_text (TRUE);
      g_autofree char *large = g_strconcat (prefix, "-large-target", NULL);
      save_shot (GTK_WIDGET (window), large);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", "welcome");
      g_autofree char *large_welcome = g_strconcat (prefix, "-large-welcome", NULL);
      save_shot (GTK_WIDGET (window), large_welcome);
      toggle_large_text (FALSE);

      /* "I'm Done" asks first; Finish as a counter has it. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.done", NULL);
      pump (300);
      GtkWindow *ask = find_dialog (window, NULL);
      if (ask)
        {
          g_autofree char *name = g_strconcat (prefix, "-done", NULL);
          save_shot (GTK_WIDGET (ask), name);
          save_screen (name);
          gtk_window_destroy (ask);
        }
      gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", "finish");
      g_autofree char *finish = g_strconcat (prefix, "-finish", NULL);
      save_shot (GTK_WIDGET (window), finish);

      g_settings_set_uint (settings, "idle-timeout", 3);
      if (pump_until (countdown_shown, window, 5000))
        {
          g_autofree char *name = g_strconcat (prefix, "-countdown", NULL);
          save_shot (GTK_WIDGET (window), name);
        }
      g_settings_set_uint (settings, "idle-timeout", 600);
      pump (200);

      g_settings_set_string (settings, "staff-pin-hash", PIN_HASH);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.staff-exit", NULL);
      pump (300);
      GtkWindow *pin = find_dialog (window, NULL);
      if (pin)
        {
          g_autofree char *name = g_strconcat (prefix, "-pin", NULL);
          save_shot (GTK_WIDGET (pin), name);
          save_screen (name);
          GtkWidget *entry = gtk_window_get_focus (pin);
          if (GTK_IS_EDITABLE (entry))
            gtk_editable_set_text (GTK_EDITABLE (entry), "0000");
          gtk_widget_activate_action (GTK_WIDGET (pin), "pin.unlock", NULL);
          pump (300);
          g_autofree char *wrong = g_strconcat (prefix, "-pin-wrong", NULL);
          save_shot (GTK_WIDGET (pin), wrong);
          gtk_window_destroy (pin);
        }
      g_settings_set_string (settings, "staff-pin-hash", "");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.staff-exit", NULL);
      pump (300);
      GtkWindow *none = find_dialog (window, NULL);
      if (none)
        {
          g_autofree char *name = g_strconcat (prefix, "-no-pin", NULL);
          save_shot (GTK_WIDGET (none), name);
          gtk_window_destroy (none);
        }
      pump (1200); /* the wrong PIN's wait */
    }
}

static void
run_mode (BcWindow *window)
{
  g_object_ref (window); /* a scenario may close it: it must outlive the checks */
  g_signal_connect (window, "destroy", G_CALLBACK (window_destroyed), NULL);
  if (g_str_equal (mode, "keys"))
    test_keys (window);
  else if (g_str_equal (mode, "no-pin"))
    test_no_pin (window);
  else if (g_str_equal (mode, "pin"))
    test_pin (window);
  else if (g_str_equal (mode, "idle"))
    test_idle (window);
  else if (g_str_has_prefix (mode, "wipe-"))
    test_wipe (window);
  else if (g_str_has_prefix (mode, "desktop"))
    test_desktop (window);
  else if (g_str_has_prefix (mode, "finish-"))
    test_finish (window);
  else if (g_str_has_prefix (mode, "stays-"))
    test_stays (window);
  else if (g_str_equal (mode, "render"))
    render (window);
}

/* Starts openbox on the display and waits until it manages windows; its process id, 0 when it
 * did not start. */
static GPid
start_window_manager (void)
{
  const char *argv[] = { "openbox", "--sm-disable", NULL };
  g_autoptr (GError) error = NULL;
  Display *dpy = XOpenDisplay (NULL);
  GPid pid = 0;

  if (!dpy)
    return 0;
  /* Its messages ("Unable to find a valid menu file") must not reach the TAP stream. */
  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    {
      fprintf (stderr, "openbox did not start: %s\n", error->message);
      XCloseDisplay (dpy);
      return 0;
    }
  Atom check = XInternAtom (dpy, "_NET_SUPPORTING_WM_CHECK", False);
  for (int i = 0; i < 100; i++)
    {
      Atom type = None;
      int format = 0;
      unsigned long n = 0, left = 0;
      unsigned char *data = NULL;
      XGetWindowProperty (dpy, DefaultRootWindow (dpy), check, 0, 1, False, AnyPropertyType,
                          &type, &format, &n, &left, &data);
      if (data)
        XFree (data);
      if (n > 0)
        break;
      g_usleep (100000);
    }
  XCloseDisplay (dpy);
  g_usleep (300000);
  return pid;
}

int
main (int argc, char **argv)
{
  GPid wm = 0;
  const char *args[3] = { "--kiosk", NULL, NULL };
  GSettings *settings;

  if (argc == 3 && g_str_equal (argv[1], "render"))
    render_dir = argv[2];
  else if (argc != 2)
    {
      fprintf (stderr, "usage: %s keys|pin|no-pin|idle|wipe-idle|wipe-done|desktop|"
                       "desktop-delete|desktop-quit|stays-wm|stays-unmap|stays-move|"
                       "stays-resize|finish-home|finish-kiosk\n"
                       "       %s render OUTDIR\n", argv[0], argv[0]);
      return 2;
    }
  mode = argv[1];

  /* Settings for this run only, never the user's. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  settings = bc_config_settings ();
  if (!settings)
    {
      printf ("1..1\nnot ok 1 - the settings schema is installed (GSETTINGS_SCHEMA_DIR)\n");
      return 1;
    }
  /* Long enough that no walk is cut short; scenarios shorten it where they test it. */
  g_settings_set_uint (settings, "idle-timeout", 600);
  if (g_str_equal (mode, "pin"))
    g_settings_set_string (settings, "staff-pin-hash", PIN_HASH);

  if (g_str_has_prefix (mode, "desktop") || g_str_equal (mode, "finish-home"))
    args[0] = NULL;
  else if (g_str_has_prefix (mode, "wipe-") || render_dir)
    {
      /* make-hive.py reports on standard output: not TAP, it goes to the log instead. */
      int saved = dup (STDOUT_FILENO);
      fflush (stdout);
      dup2 (STDERR_FILENO, STDOUT_FILENO);
      args[1] = fixture = build_fixture (TRUE);
      fflush (stdout);
      dup2 (saved, STDOUT_FILENO);
      close (saved);
    }

  if (g_str_equal (mode, "stays-wm") && !(wm = start_window_manager ()))
    {
      printf ("1..1\nnot ok 1 - openbox runs (build-aux/deps.sh test installs it)\n");
      return 1;
    }

  int status = run_app (argv[0], args, run_mode, 0, 0);
  if (wm)
    {
      kill (wm, SIGTERM);
      waitpid (wm, NULL, 0);
      g_spawn_close_pid (wm);
    }
  if (fixture)
    remove_tree (fixture);
  return status;
}
