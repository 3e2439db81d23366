/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Links as QR codes, never a browser (issue #6): the real application under Xvfb, its link
 * buttons activated as a user activates them, the QR code read back with zbarimg from a real
 * rendering of the dialog, and a fake web browser that leaves a marker file when anything starts
 * it. TAP output.
 *
 *   test-links-qr kiosk     --kiosk: every link of the Links page, Windows Update on Prevention
 *                           and the removal tool on Recovery show a QR code; no browser starts
 *   test-links-qr browser   no kiosk: a link starts the (fake) browser, so the checks can fail
 *   test-links-qr setting   no kiosk, link-mode = "qr" (GSettings, memory backend): QR codes;
 *                           back to "browser": the page follows and the browser starts again
 *   test-links-qr ja        --kiosk in Japanese: the dialog speaks Japanese
 *   test-links-qr no-browser  no kiosk, and no web browser on the computer: Open shows the
 *                           address and its QR code, saying why, in English and Japanese
 *   test-links-qr render OUTDIR   pictures of the dialog over the wizard, 1024 × 768, in English
 *                           and Japanese, then in large text: it fits, and its code reads
 *
 * The fake browser is the default for http and https in this process's own XDG folders
 * (XDG_DATA_HOME, XDG_CONFIG_HOME: a .desktop file and mimeapps.list), and BROWSER names it too.
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bc-config.h"
#include "bc-links.h"
#include "bc-qr-dialog.h"
#include "gui-test.h"

#define WIDTH 1024
#define HEIGHT 768
#define SENTENCE_EN "Scan this with your phone’s camera to open the page."
#define SENTENCE_JA "スマートフォンのカメラでこのコードを読み取ると、ページが開きます。"

static const char *mode;
static const char *render_dir;
static char *home;   /* the temporary folder: XDG folders, the fake browser, its marker, PNGs */
static char *marker; /* the fake browser appends each address it is given to this file */
static int shot;     /* PNG files written so far */

/* What the fake browser was asked to open, or NULL: it never ran. */
static char *
marker_text (void)
{
  return fake_browser_opened (marker);
}

static gboolean
browser_ran (BcWindow *window)
{
  return g_file_test (marker, G_FILE_TEST_EXISTS);
}

/* The QR code dialog on screen, or NULL. */
static BcQrDialog *
qr_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  BcQrDialog *found = NULL;

  for (guint i = 0; !found && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);
      if (BC_IS_QR_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        found = BC_QR_DIALOG (window);
    }
  return found;
}

static gboolean
dialog_shown (BcWindow *window)
{
  return qr_dialog () != NULL;
}

static gboolean
dialog_gone (BcWindow *window)
{
  return qr_dialog () == NULL;
}

/* Draws WIDGET as it is on screen at X, Y of SNAPSHOT. */
static void
add_widget (GtkSnapshot *snapshot, GtkWidget *widget, int x, int y)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  gtk_snapshot_restore (snapshot);
}

/* Renders WIDGET as it is on screen to a PNG file at PATH, with OVER (when not NULL) centred on
 * it, as a window manager centres a dialog on its parent. */
static gboolean
save_over_png (GtkWidget *widget, GtkWidget *over, const char *path)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  if (width <= 0 || height <= 0)
    {
      g_object_unref (gtk_snapshot_free_to_node (snapshot));
      return FALSE;
    }
  add_widget (snapshot, widget, 0, 0);
  if (over)
    add_widget (snapshot, over, (width - gtk_widget_get_width (over)) / 2,
                (height - gtk_widget_get_height (over)) / 2);
  node = gtk_snapshot_free_to_node (snapshot);
  if (!node)
    return FALSE;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

/* The text of the one QR code in the PNG file PATH, as zbarimg reads it; NULL: none found. */
static char *
decode_png (const char *path)
{
  const char *argv[] = { "zbarimg", "--raw", "-q", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    {
      note ("zbarimg did not run: %s", error->message);
      return NULL;
    }
  if (!g_spawn_check_wait_status (status, NULL) || !out)
    return NULL;
  return g_strdup (g_strchomp (out));
}

/* Renders DIALOG (over WINDOW, when not NULL) to a new PNG file and decodes its QR code. */
static char *
decode_rendering (GtkWidget *dialog, GtkWidget *window)
{
  g_autofree char *name = g_strdup_printf ("qr-%02d.png", ++shot);
  g_autofree char *path = g_build_filename (home, name, NULL);

  pump (100); /* the code is drawn */
  if (window ? !save_over_png (window, dialog, path) : !save_over_png (dialog, NULL, path))
    {
      note ("could not render %s", path);
      return NULL;
    }
  return decode_png (path);
}

/* Presses KEY (an xdotool key name) on the keyboard, WINDOW having the keyboard focus. */
static void
press_key (gpointer window, const char *key)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = NULL;
  g_autoptr (GError) error = NULL;
  int status = -1;

  if (!GDK_IS_X11_SURFACE (surface))
    {
      note ("not an X11 window: cannot press %s", key);
      return;
    }
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  /* No window manager under Xvfb: xdotool gives the window the focus itself. */
  const char *argv[] = { "timeout", "10", "xdotool", "windowfocus", "--sync", xid,
                         "key", key, NULL };
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, &error)
      || !g_spawn_check_wait_status (status, NULL))
    note ("xdotool could not press %s: %s", key, error ? error->message : "it failed");
}

static char *
widget_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);
  collect_text (widget, out);
  return g_string_free (out, FALSE);
}

/* Every visible button below ROOT whose words contain TEXT (see find_button ()). */
static void
find_buttons (GtkWidget *root, const char *text, GPtrArray *out)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return;
  if (GTK_IS_BUTTON (root) && find_button (root, text) == root)
    {
      g_ptr_array_add (out, root);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    find_buttons (c, text, out);
}

static const char *
button_target (GtkWidget *button)
{
  GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  return target && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING)
           ? g_variant_get_string (target, NULL)
           : "";
}

/* Every address a link of the advisory opens (its best address, and its catalog address),
 * each with its link's title, in the wizard's language. */
static GHashTable *
expected_addresses (void)
{
  GHashTable *addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) links = bc_links_load (NULL);

  for (guint i = 0; links && i < links->len; i++)
    {
      const BcLink *link = g_ptr_array_index (links, i);
      g_hash_table_insert (addresses, g_strdup (bc_link_best_address (link)),
                           g_strdup (link->title));
      if (link->catalog)
        g_hash_table_insert (addresses, g_strdup (link->catalog), g_strdup (link->title));
    }
  return addresses;
}

static void
go (BcWindow *window, const char *page)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", page);
  pump (300);
}

enum close_by
{
  BY_ESCAPE,
  BY_ENTER,
  BY_CLOSE_BUTTON,
  LEAVE_OPEN,
};

/* Activates BUTTON and checks the QR code dialog it brings: over WINDOW, modal, TITLE, the
 * sentence in the wizard's language (SENTENCE), the address written out and in the code (read
 * from a real rendering); then closes it as CLOSE says. WHAT names the link in the TAP lines. */
static void
check_qr_button (BcWindow *window, GtkWidget *button, const char *address, const char *title,
                 const char *sentence, enum close_by close, const char *what)
{
  gtk_widget_activate (button);
  if (!ok (pump_until (dialog_shown, window, 3000), "%s: a QR code window appears", what))
    return;
  BcQrDialog *dialog = qr_dialog ();
  g_autofree char *text = widget_text (GTK_WIDGET (dialog));

  ok (gtk_window_get_modal (GTK_WINDOW (dialog))
        && gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window),
      "%s: it is modal, over the wizard", what);
  ok (title && strstr (text, title) != NULL, "%s: it shows the link's title (%s)", what, title);
  ok (strstr (text, sentence) != NULL, "%s: it says to scan it with the phone", what);
  ok (strstr (text, address) != NULL, "%s: the address is written under the code", what);
  g_autofree char *decoded = decode_rendering (GTK_WIDGET (dialog), NULL);
  if (!ok (g_strcmp0 (decoded, address) == 0, "%s: its QR code reads %s", what, address))
    note ("zbarimg read: %s", decoded ? decoded : "(nothing)");

  switch (close)
    {
    case BY_ESCAPE:
      press_key (dialog, "Escape");
      ok (pump_until (dialog_gone, window, 3000), "%s: Escape closes it", what);
      break;
    case BY_ENTER:
      {
        GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));
        g_autofree char *focus_text = focus ? widget_text (focus) : g_strdup ("");
        ok (GTK_IS_BUTTON (focus)
              && (strstr (focus_text, "Close") || strstr (focus_text, "閉じる")),
            "%s: the keyboard focus is on its Close button (%s)", what, g_strstrip (focus_text));
        press_key (dialog, "Return");
        ok (pump_until (dialog_gone, window, 3000), "%s: Enter closes it", what);
        break;
      }
    case BY_CLOSE_BUTTON:
      {
        GtkWidget *close_button = find_button (GTK_WIDGET (dialog), "Close");
        if (!close_button)
          close_button = find_button (GTK_WIDGET (dialog), "閉じる");
        ok (close_button != NULL, "%s: it has a Close button", what);
        if (close_button)
          gtk_widget_activate (close_button);
        ok (pump_until (dialog_gone, window, 3000), "%s: Close closes it", what);
        break;
      }
    case LEAVE_OPEN:
      break;
    }
}

/* The Links page's buttons that say TEXT, checked against the advisory's links: one per
 * address, each with its address as target. Returns them (an array the caller frees). */
static GPtrArray *
link_buttons (BcWindow *window, const char *text, GHashTable *expected)
{
  GPtrArray *buttons = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  find_buttons (visible_page (window), text, buttons);
  for (guint i = 0; i < buttons->len; i++)
    g_hash_table_add (seen, (gpointer) button_target (g_ptr_array_index (buttons, i)));
  gboolean all = g_hash_table_size (seen) == g_hash_table_size (expected);
  GHashTableIter iter;
  gpointer address;
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &address, NULL))
    if (!g_hash_table_contains (seen, address))
      {
        note ("no “%s” button for %s", text, (const char *) address);
        all = FALSE;
      }
  ok (buttons->len == g_hash_table_size (expected) && all,
      "Links: a “%s” button for each of the %u addresses of the advisory's links (found %u)", text,
      g_hash_table_size (expected), buttons->len);
  return buttons;
}

static void
walk_kiosk (BcWindow *window)
{
  g_autoptr (GHashTable) expected = expected_addresses ();
  g_autoptr (GPtrArray) links = bc_links_load (NULL);
  const BcLink *update = bc_links_find (links, "windows-update");
  const BcLink *msrt = bc_links_find (links, "msrt");

  go (window, "links");
  ok (g_str_equal (page_id (window), "links"), "on the Links page (got %s)", page_id (window));
  g_autoptr (GPtrArray) buttons = link_buttons (window, "Show QR code", expected);
  g_autoptr (GPtrArray) open_buttons = g_ptr_array_new ();
  find_buttons (visible_page (window), "Open", open_buttons);
  ok (open_buttons->len == 0, "Links: no button says Open (found %u)", open_buttons->len);
  g_autofree char *text = page_text (window);
  ok (strstr (text, "No web browser opens here") != NULL,
      "Links: the page says that no browser opens, and what the buttons do instead");

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      const char *address = button_target (button);
      g_autofree char *what = g_strdup_printf ("link %u", i + 1);
      enum close_by close = i % 3 == 0 ? BY_ESCAPE : i % 3 == 1 ? BY_ENTER : BY_CLOSE_BUTTON;

      note ("link %u: %s", i + 1, address);
      check_qr_button (window, button, address, g_hash_table_lookup (expected, address),
                       SENTENCE_EN, close, what);
      if (!dialog_gone (window))
        gtk_window_destroy (GTK_WINDOW (qr_dialog ()));
    }
  ok (g_str_equal (page_id (window), "links") && gtk_widget_get_mapped (GTK_WIDGET (window)),
      "after every code, the wizard is still on the Links page");

  go (window, "prevention");
  GtkWidget *button = find_button (visible_page (window), "Windows Update");
  ok (g_str_equal (page_id (window), "prevention") && button && update,
      "Prevention has its Windows Update button");
  if (button && update)
    check_qr_button (window, button, bc_link_best_address (update), update->title, SENTENCE_EN,
                     BY_ESCAPE, "Prevention, Windows Update");

  /* With no scan Recovery applies only when asked for (a clean disk goes on to Prevention). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-recovery", NULL);
  pump (300);
  button = find_button (visible_page (window), "removal tool");
  ok (g_str_equal (page_id (window), "recovery") && button && msrt,
      "Recovery has its removal tool button");
  if (button && msrt)
    check_qr_button (window, button, bc_link_best_address (msrt), msrt->title, SENTENCE_EN,
                     BY_ENTER, "Recovery, removal tool");

  /* By keyboard alone: Enter on a focused link button opens its code, Escape closes it, and the
   * focus is back on the button for the next one. */
  go (window, "links");
  GtkWidget *second = buttons->len > 1 ? g_ptr_array_index (buttons, 1) : NULL;
  if (second && gtk_widget_grab_focus (second))
    {
      press_key (window, "Return");
      ok (pump_until (dialog_shown, window, 3000)
            && g_strcmp0 (bc_qr_dialog_get_uri (qr_dialog ()), button_target (second)) == 0,
          "keyboard: Enter on a focused Show QR code button shows its code");
      if (qr_dialog ())
        press_key (qr_dialog (), "Escape");
      ok (pump_until (dialog_gone, window, 3000), "keyboard: Escape closes it");
      pump (200);
      ok (gtk_root_get_focus (GTK_ROOT (window)) == second,
          "keyboard: the focus is back on the button that opened it");
    }
  else
    ok (FALSE, "keyboard: a Show QR code button takes the focus");

  /* An idle reset (or "I'm done") returns to Welcome: the code must not stay for the next
   * customer. */
  go (window, "links");
  GtkWidget *first = find_button (visible_page (window), "Show QR code");
  if (first)
    check_qr_button (window, first, button_target (first),
                     g_hash_table_lookup (expected, button_target (first)), SENTENCE_EN, LEAVE_OPEN,
                     "left open");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  ok (pump_until (dialog_gone, window, 2000) && g_str_equal (page_id (window), "welcome"),
      "starting over closes the QR code window with the page");

  pump (1500); /* a browser, if one was started, has had time to write its marker */
  g_autofree char *ran = marker_text ();
  if (!ok (ran == NULL, "with --kiosk no web browser was started"))
    note ("the browser was asked to open: %s", ran);
}

static void
walk_browser (BcWindow *window)
{
  go (window, "links");
  GtkWidget *open = find_button (visible_page (window), "Open");
  g_autoptr (GPtrArray) qr_buttons = g_ptr_array_new ();
  find_buttons (visible_page (window), "Show QR code", qr_buttons);
  ok (open != NULL && qr_buttons->len == 0,
      "without --kiosk the links say Open, none Show QR code");
  if (!open)
    return;
  gtk_widget_activate (open);
  ok (pump_until (browser_ran, window, 10000), "Open starts the web browser");
  pump (200);
  g_autofree char *ran = marker_text ();
  ok (ran && strstr (ran, button_target (open)) != NULL,
      "…with the link's address (%s)", button_target (open));
  ok (dialog_gone (window), "…and shows no QR code");
}

/* The windows on screen other than WINDOW and the QR code dialog (an error dialog). */
static guint
other_windows (BcWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) w = g_list_model_get_item (toplevels, i);
      if (w != GTK_WIDGET (window) && !BC_IS_QR_DIALOG (w) && gtk_widget_get_mapped (w))
        n++;
    }
  return n;
}

/* No web browser on this computer (no handler for http and https at all): Open offers the
 * address and its QR code instead of an error, in English and in Japanese. */
static void
walk_no_browser (BcWindow *window)
{
  static const char *const langs[] = { "en", "ja" };

  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      set_language (langs[l]);
      go (window, "links");
      GtkWidget *open = find_button (visible_page (window), l == 0 ? "Open" : "開く");
      if (!ok (open != NULL, "%s: without --kiosk the links have Open buttons", langs[l]))
        return;
      const char *address = button_target (open);
      g_autofree char *what = g_strdup_printf ("%s, no browser, Open", langs[l]);
      g_autoptr (GHashTable) titles = expected_addresses ();
      check_qr_button (window, open, address, g_hash_table_lookup (titles, address),
                       l == 0 ? SENTENCE_EN : SENTENCE_JA, LEAVE_OPEN, what);
      BcQrDialog *dialog = qr_dialog ();
      g_autofree char *text = dialog ? widget_text (GTK_WIDGET (dialog)) : g_strdup ("");
      const char *why = gettext ("No web browser could open the page on this computer. Here is "
                                 "its address instead.");
      ok (strstr (text, why) != NULL && (l == 0 || has_japanese (why)),
          "%s: it says that no web browser could open the page here: %s", what, why);
      ok (other_windows (window) == 0, "%s: no error message besides it", what);
      if (dialog)
        gtk_window_destroy (GTK_WINDOW (dialog));
      pump (200);
    }
  set_language ("en");
  ok (!browser_ran (window), "no browser ran");
}

/* link-mode = "qr" without kiosk mode, set as an administrator sets it; then back. */
static void
walk_setting (BcWindow *window)
{
  GSettings *settings = bc_config_settings ();
  g_autoptr (GHashTable) expected = expected_addresses ();

  if (!ok (settings != NULL, "the settings schema is there"))
    return;
  ok (!bc_config_kiosk (), "not in kiosk mode");
  g_settings_set_string (settings, "link-mode", "qr");
  go (window, "links");
  GtkWidget *button = find_button (visible_page (window), "Show QR code");
  ok (button != NULL && find_button (visible_page (window), "Open") == NULL,
      "link-mode qr: the links say Show QR code, none Open");
  if (button)
    check_qr_button (window, button, button_target (button),
                     g_hash_table_lookup (expected, button_target (button)), SENTENCE_EN, BY_ESCAPE,
                     "link-mode qr");
  pump (1500);
  ok (!browser_ran (window), "link-mode qr: no web browser was started");

  /* The page follows the setting while it is on screen. */
  g_settings_set_string (settings, "link-mode", "browser");
  pump (300);
  GtkWidget *open = find_button (visible_page (window), "Open");
  ok (open != NULL && find_button (visible_page (window), "Show QR code") == NULL,
      "link-mode back to browser: the links say Open again");
  if (!open)
    return;
  gtk_widget_activate (open);
  ok (pump_until (browser_ran, window, 10000) && dialog_gone (window),
      "link-mode browser: Open starts the browser, no QR code");
}

static void
walk_japanese (BcWindow *window)
{
  set_language ("ja");
  go (window, "links");
  g_autoptr (GHashTable) expected = expected_addresses (); /* the Japanese titles and addresses */
  g_autoptr (GPtrArray) buttons = link_buttons (window, "QR コードを表示", expected);
  g_autofree char *text = page_text (window);
  ok (strstr (text, "Show QR code") == NULL && strstr (text, "No web browser") == NULL,
      "in Japanese, the Links page has no English left about QR codes");
  if (buttons->len == 0)
    return;
  GtkWidget *button = g_ptr_array_index (buttons, 0);
  const char *address = button_target (button);
  check_qr_button (window, button, address, g_hash_table_lookup (expected, address), SENTENCE_JA,
                   BY_CLOSE_BUTTON, "in Japanese");
  /* The dialog's text once more, for the English the check above would not see. */
  gtk_widget_activate (button);
  if (pump_until (dialog_shown, window, 3000))
    {
      g_autofree char *dialog_text = widget_text (GTK_WIDGET (qr_dialog ()));
      ok (has_japanese (dialog_text) && strstr (dialog_text, SENTENCE_EN) == NULL
            && strstr (dialog_text, "Close") == NULL,
          "in Japanese, the QR code window has no English sentence or button");
      gtk_window_destroy (GTK_WINDOW (qr_dialog ()));
    }
  pump (1000);
  ok (!browser_ran (window), "in Japanese too, no web browser was started");
}

/* Pictures for people to look at: the dialog over the wizard, for the longest address (the
 * densest code) and the first, in each language, then in large text. */
static void
render (BcWindow *window)
{
  static const char *const langs[] = { "en", "ja", "en-large", "ja-large" };

  g_mkdir_with_parents (render_dir, 0755);
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      if (l == 2)
        g_action_group_change_action_state (G_ACTION_GROUP (g_application_get_default ()),
                                            "large-text", g_variant_new_boolean (TRUE));
      set_language (l % 2 == 0 ? "en" : "ja");
      go (window, "links");
      g_autofree char *page_name = g_strdup_printf ("%s-%dx%d-links-page.png", langs[l], WIDTH,
                                                    HEIGHT);
      g_autofree char *page_path = g_build_filename (render_dir, page_name, NULL);
      ok (save_over_png (GTK_WIDGET (window), NULL, page_path), "rendered %s", page_name);
      g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
      find_buttons (visible_page (window), l % 2 == 0 ? "Show QR code" : "QR コードを表示",
                    buttons);
      GtkWidget *longest = NULL;
      for (guint i = 0; i < buttons->len; i++)
        if (!longest || strlen (button_target (g_ptr_array_index (buttons, i)))
                          > strlen (button_target (longest)))
          longest = g_ptr_array_index (buttons, i);
      for (int which = 0; which < 2 && longest; which++)
        {
          GtkWidget *button = which == 0 ? longest : g_ptr_array_index (buttons, 0);
          gtk_widget_activate (button);
          if (!ok (pump_until (dialog_shown, window, 3000), "%s: the dialog appears", langs[l]))
            continue;
          pump (300);
          GtkWidget *dialog = GTK_WIDGET (qr_dialog ());
          g_autofree char *name = g_strdup_printf ("%s-%dx%d-qr-%s.png", langs[l], WIDTH, HEIGHT,
                                                   which == 0 ? "longest" : "first");
          g_autofree char *path = g_build_filename (render_dir, name, NULL);
          ok (save_over_png (GTK_WIDGET (window), dialog, path), "rendered %s", name);
          ok (gtk_widget_get_width (dialog) <= WIDTH && gtk_widget_get_height (dialog) <= HEIGHT,
              "…the dialog fits a %d × %d screen (it is %d × %d)", WIDTH, HEIGHT,
              gtk_widget_get_width (dialog), gtk_widget_get_height (dialog));
          g_autofree char *decoded = decode_png (path);
          ok (g_strcmp0 (decoded, button_target (button)) == 0, "…its code reads %s",
              button_target (button));
          gtk_window_destroy (GTK_WINDOW (dialog));
          pump (200);
        }
    }
}

static void
run_mode (BcWindow *window)
{
  if (g_str_equal (mode, "kiosk"))
    walk_kiosk (window);
  else if (g_str_equal (mode, "browser"))
    walk_browser (window);
  else if (g_str_equal (mode, "setting"))
    walk_setting (window);
  else if (g_str_equal (mode, "ja"))
    walk_japanese (window);
  else if (g_str_equal (mode, "no-browser"))
    walk_no_browser (window);
  else if (g_str_equal (mode, "render"))
    render (window);
}

int
main (int argc, char **argv)
{
  static const char *const kiosk_args[] = { "--kiosk", NULL };
  const char *const *args = NULL;

  if (argc == 3 && g_str_equal (argv[1], "render"))
    render_dir = argv[2];
  else if (argc != 2 || !g_strv_contains ((const char *const[]) { "kiosk", "browser", "setting",
                                                                   "ja", "no-browser", NULL },
                                          argv[1]))
    {
      fprintf (stderr, "usage: %s kiosk|browser|setting|ja|no-browser\n       %s render OUTDIR\n",
               argv[0], argv[0]);
      return 2;
    }
  mode = argv[1];
  if (!g_str_equal (mode, "browser") && !g_str_equal (mode, "setting")
      && !g_str_equal (mode, "no-browser"))
    args = kiosk_args;

  home = g_dir_make_tmp ("blaster-links-qr-XXXXXX", NULL);
  if (g_str_equal (mode, "no-browser"))
    {
      /* The opposite of the fake browser: no folder this process reads names a program for
       * http or https (its own XDG folders, and the system's, are empty), no BROWSER, and no
       * session bus (whose portal could open it). */
      g_autofree char *empty = g_build_filename (home, "empty", NULL);
      g_mkdir_with_parents (empty, 0755);
      g_setenv ("XDG_DATA_HOME", empty, TRUE);
      g_setenv ("XDG_CONFIG_HOME", empty, TRUE);
      g_setenv ("XDG_DATA_DIRS", empty, TRUE);
      g_setenv ("XDG_CONFIG_DIRS", empty, TRUE);
      g_unsetenv ("BROWSER");
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);
      marker = g_build_filename (home, "browser-ran", NULL);
    }
  else
    marker = fake_browser_install (home);
  /* Settings in memory: nothing of the machine's own (a link-mode set in dconf) counts, and the
   * setting test's change goes nowhere. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  int status = run_app (argv[0], args, run_mode, WIDTH, HEIGHT);
  if (g_getenv ("LINKS_QR_KEEP"))
    fprintf (stderr, "kept %s\n", home);
  else
    remove_tree (home);
  return status;
}
