/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gui-test.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bc-language.h"
#include "bc-page.h"
#include "bc-report.h"
#include "bc-session.h"

static int test_number;
static int failures;

gboolean
ok (gboolean cond, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *what = NULL;

  va_start (ap, fmt);
  what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  printf ("%s %d - %s\n", cond ? "ok" : "not ok", ++test_number, what);
  if (!cond)
    failures++;
  fflush (stdout);
  return cond;
}

void
note (const char *fmt, ...)
{
  va_list ap;
  g_autofree char *what = NULL;

  va_start (ap, fmt);
  what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  /* Every line a note of its own: a bare line is not TAP. */
  g_auto (GStrv) lines = g_strsplit (what, "\n", -1);
  for (char **line = lines; *line; line++)
    printf ("# %s\n", *line);
  fflush (stdout);
}

int
test_failures (void)
{
  return failures;
}

/* Lets the main loop run for MS milliseconds: redraws, signals, idle handlers. */
void
pump (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

/* Runs the main loop until COND (WINDOW) holds or TIMEOUT_MS passes; TRUE if it held. */
gboolean
pump_until (gboolean (*cond) (BcWindow *), BcWindow *window, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      if (cond (window))
        return TRUE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return cond (window);
}

/* The stack that holds the pages (menus and rows have stacks of their own). */
static GtkStack *
find_page_stack (GtkWidget *root)
{
  if (GTK_IS_STACK (root) && BC_IS_PAGE (gtk_stack_get_visible_child (GTK_STACK (root))))
    return GTK_STACK (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkStack *found = find_page_stack (c);
      if (found)
        return found;
    }
  return NULL;
}

GtkWidget *
visible_page (BcWindow *window)
{
  return gtk_stack_get_visible_child (find_page_stack (GTK_WIDGET (window)));
}

/* Every text the user can see in WIDGET: labels, and so the rows and buttons made of them. */
void
collect_text (GtkWidget *widget, GString *out)
{
  /* A stack's other pages are "visible" but not child-visible: they are not on screen. */
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_text (c, out);
}

char *
page_text (BcWindow *window)
{
  GString *out = g_string_new (NULL);
  collect_text (visible_page (window), out);
  return g_string_free (out, FALSE);
}

char *
window_text (BcWindow *window)
{
  GString *out = g_string_new (NULL);
  collect_text (GTK_WIDGET (window), out);
  return g_string_free (out, FALSE);
}

/* A button of the visible page whose label contains TEXT. */
GtkWidget *
find_button (GtkWidget *root, const char *text)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_visible (root))
    {
      g_autoptr (GString) label = g_string_new (NULL);
      collect_text (root, label);
      if (gtk_button_get_label (GTK_BUTTON (root)))
        g_string_append (label, gtk_button_get_label (GTK_BUTTON (root)));
      /* Mnemonic underscores are not part of the words a user reads. */
      g_auto (GStrv) parts = g_strsplit (label->str, "_", -1);
      g_autofree char *plain = g_strjoinv ("", parts);
      if (strstr (plain, text))
        return root;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, text);
      if (found)
        return found;
    }
  return NULL;
}

gboolean
has_japanese (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff))
        return TRUE;
    }
  return FALSE;
}

const char *
page_id (BcWindow *window)
{
  return bc_window_get_page_id (window);
}

void
next (BcWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
  pump (80);
}

void
back (BcWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  pump (80);
}

gboolean
scan_done (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);
  return !bc_session_is_scanning (session)
         && (bc_session_get_report (session) || bc_session_get_scan_error (session));
}

gboolean
scanning (BcWindow *window)
{
  return bc_session_is_scanning (bc_window_get_session (window));
}

void
touch (const char *root, const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0755);
  g_file_set_contents (path, "", 0, NULL);
}

/* ROOT/REL as a real registry hive, made from SPEC (tests/gui/hives/) by tests/hive/make-hive.py,
 * which also checks it with an independent reader. */
void
make_hive (const char *root, const char *rel, const char *spec)
{
  const char *source = g_getenv ("BLASTER_CHECK_SOURCE_ROOT");
  g_autofree char *tool = g_build_filename (source ? source : ".", "tests/hive/make-hive.py", NULL);
  g_autofree char *spec_path = g_build_filename (source ? source : ".", "tests/gui/hives", spec,
                                                 NULL);
  g_autofree char *out = g_build_filename (root, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (out);
  const char *argv[] = { "python3", tool, out, spec_path, NULL };
  int status = -1;

  g_mkdir_with_parents (dir, 0755);
  /* Its own report would land among the TAP lines. */
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    note ("could not make the hive %s", rel);
}

char *
build_fixture (gboolean infected)
{
  char *fixture = g_dir_make_tmp ("blaster-gui-XXXXXX", NULL);
  make_hive (fixture, "WINDOWS/system32/config/SOFTWARE", "software-xp-sp2.json");
  make_hive (fixture, "WINDOWS/system32/config/SYSTEM", "system.json");
  touch (fixture, "WINDOWS/system32/kernel32.dll");
  touch (fixture, "WINDOWS/system32/dllhost.exe");
  touch (fixture, "WINDOWS/system32/svchost.exe");
  touch (fixture, "Documents and Settings/user/letter.doc");
  if (infected)
    touch (fixture, "WINDOWS/system32/msblast.exe");
  return fixture;
}

int
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  if (dir)
    while ((name = g_dir_read_name (dir)))
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  return g_rmdir (path);
}

char *
pdf_text (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &text, NULL, NULL, &error))
    note ("pdftotext did not run: %s", error->message);
  return text;
}

void
set_language (const char *code)
{
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "language",
                                  g_variant_new_string (code));
  pump (100);
}

static struct
{
  void (*test) (BcWindow *window);
  int width, height;
} run;

static gboolean
run_test (gpointer data)
{
  GtkApplication *app = data;
  BcWindow *window = BC_WINDOW (gtk_application_get_active_window (app));

  pump (300);
  run.test (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
window_added (GtkApplication *app, GtkWindow *window)
{
  /* Pictures and checks of a page half slid in would show two pages at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  if (run.width)
    gtk_window_set_default_size (window, run.width, run.height);
  if (BC_IS_WINDOW (window))
    g_idle_add (run_test, app);
}

int
run_app (const char *argv0, const char *const *args, void (*test) (BcWindow *window), int width,
         int height)
{
  g_autoptr (BcApplication) app = NULL;
  const char *localedir = g_getenv ("BLASTER_CHECK_LOCALEDIR");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  run.test = test;
  run.width = width;
  run.height = height;
  g_ptr_array_add (argv, (char *) argv0);
  for (const char *const *a = args; a && *a; a++)
    g_ptr_array_add (argv, (char *) *a);
  g_ptr_array_add (argv, NULL);

  g_setenv ("LANGUAGE", "en", TRUE);
  bc_language_init (localedir && *localedir ? localedir : LOCALEDIR);
  app = bc_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added), NULL);
  g_application_run (G_APPLICATION (app), (int) argv->len - 1, (char **) argv->pdata);
  printf ("1..%d\n", test_number);
  return failures ? 1 : 0;
}

gboolean
save_png (GtkWidget *widget, const char *path)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (!node)
    return FALSE;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

char *
fake_browser_install (const char *home)
{
  g_autofree char *script = g_build_filename (home, "fake-browser", NULL);
  g_autofree char *apps = g_build_filename (home, "data/applications", NULL);
  g_autofree char *desktop = g_build_filename (apps, "fake-browser.desktop", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  char *marker = g_build_filename (home, "browser-ran", NULL);
  g_autofree char *script_text
    = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$1\" >> '%s'\n", marker);
  g_autofree char *desktop_text
    = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Fake browser\nExec=%s %%u\n"
                       "MimeType=x-scheme-handler/http;x-scheme-handler/https;text/html;\n",
                       script);

  g_mkdir_with_parents (apps, 0755);
  g_mkdir_with_parents (config, 0755);
  if (!g_file_set_contents (script, script_text, -1, NULL) || g_chmod (script, 0755) != 0
      || !g_file_set_contents (desktop, desktop_text, -1, NULL)
      || !g_file_set_contents (mimeapps, "[Default Applications]\n"
                                         "x-scheme-handler/http=fake-browser.desktop\n"
                                         "x-scheme-handler/https=fake-browser.desktop\n"
                                         "text/html=fake-browser.desktop\n", -1, NULL))
    note ("could not set up the fake browser in %s", home);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("BROWSER", script, TRUE);
  return marker;
}

char *
fake_browser_opened (const char *marker)
{
  char *text = NULL;

  return marker && g_file_get_contents (marker, &text, NULL, NULL) ? text : NULL;
}

GtkWidget *
find_widget_of_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget_of_type (c, type);
      if (found)
        return found;
    }
  return NULL;
}

char *
report_pdf_text (BcSession *session, const char *folder)
{
  g_autofree char *pdf = g_build_filename (folder, "report.pdf", NULL);
  g_autoptr (GError) error = NULL;

  if (!bc_report_save_pdf (session, pdf, &error))
    {
      note ("the PDF could not be saved: %s", error->message);
      return NULL;
    }
  char *text = pdf_text (pdf);
  g_unlink (pdf);
  return text;
}

char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

gboolean
has_words (const char *text, const char *words)
{
  g_autofree char *a = squeeze (text);
  g_autofree char *b = squeeze (words);
  return strstr (a, b) != NULL;
}

gboolean
go_to (BcWindow *window, const char *page)
{
  for (int i = 0; i < 10 && !g_str_equal (page_id (window), page); i++)
    {
      if (g_str_equal (page_id (window), "checking") && !pump_until (scan_done, window, 60000))
        return FALSE;
      next (window);
    }
  pump (200);
  return g_str_equal (page_id (window), page);
}

GtkWidget *
find_action_button (GtkWidget *root, const char *action, const char *target)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return NULL;
  if (GTK_IS_BUTTON (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    {
      GVariant *value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root));
      if (!target
          || (value && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
              && g_str_equal (g_variant_get_string (value, NULL), target)))
        return root;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_action_button (c, action, target);
      if (found)
        return found;
    }
  return NULL;
}
