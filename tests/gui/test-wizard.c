/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The wizard, walked as a user walks it: the real application with its real command line, a
 * real window on a (virtual) display, Back/Next and the buttons activated, the text on screen
 * read back. TAP output.
 *
 *   test-wizard infected|clean|by-hand|cancel|reset
 *   test-wizard render OUTDIR WIDTH HEIGHT   (every page, in every language, to PNG files)
 *
 * infected/clean build a fixture disk and pass it as PATH, then walk every page in English,
 * switch to Japanese on the Result page and check the words change; cancel checks "/" (a large
 * tree) and presses Cancel; by-hand answers the guided checks.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bc-application.h"
#include "bc-language.h"
#include "bc-page.h"
#include "bc-pages.h"
#include "bc-report.h"
#include "bc-session.h"
#include "bc-window.h"

static int test_number;
static int failures;
static const char *mode;
static char *fixture;
static const char *render_dir;
static int render_width, render_height;

static void
ok (gboolean cond, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
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
}

/* Lets the main loop run for MS milliseconds: redraws, signals, idle handlers. */
static void
pump (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

/* Runs the main loop until COND (WINDOW) holds or TIMEOUT_MS passes; TRUE if it held. */
static gboolean
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

static GtkWidget *
visible_page (BcWindow *window)
{
  return gtk_stack_get_visible_child (find_page_stack (GTK_WIDGET (window)));
}

/* Every text the user can see in WIDGET: labels, and so the rows and buttons made of them. */
static void
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

static char *
page_text (BcWindow *window)
{
  GString *out = g_string_new (NULL);
  collect_text (visible_page (window), out);
  return g_string_free (out, FALSE);
}

static char *
window_text (BcWindow *window)
{
  GString *out = g_string_new (NULL);
  collect_text (GTK_WIDGET (window), out);
  return g_string_free (out, FALSE);
}

/* A button of the visible page whose label contains TEXT. */
static GtkWidget *
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

static gboolean
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

static const char *
page_id (BcWindow *window)
{
  return bc_window_get_page_id (window);
}

static void
next (BcWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
  pump (80);
}

static void
back (BcWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  pump (80);
}

static gboolean
scan_done (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);
  return !bc_session_is_scanning (session)
         && (bc_session_get_report (session) || bc_session_get_scan_error (session));
}

static gboolean
scanning (BcWindow *window)
{
  return bc_session_is_scanning (bc_window_get_session (window));
}

static void
touch (const char *root, const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0755);
  g_file_set_contents (path, "", 0, NULL);
}

/* The text of the PDF report the Finish page saves, as pdftotext reads it; NULL on failure. */
static char *
report_pdf_text (BcSession *session)
{
  g_autofree char *pdf = g_build_filename (fixture, "report.pdf", NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };

  if (!bc_report_save_pdf (session, pdf, &error))
    {
      printf ("# the PDF could not be saved: %s\n", error->message);
      return NULL;
    }
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &text, NULL, NULL, &error))
    printf ("# pdftotext did not run: %s\n", error->message);
  g_unlink (pdf);
  return text;
}

static void
check_pdf (BcSession *session, gboolean infected)
{
  g_autofree char *en = report_pdf_text (session);
  ok (en && strstr (en, "Blaster Check") != NULL, "the PDF report can be saved and read");
  ok (en && strstr (en, infected ? "Infected" : "Clean") != NULL,
      "the PDF report gives the verdict in words");
  ok (en && (strstr (en, "msblast.exe") != NULL) == infected,
      infected ? "the PDF report names the worm file" : "the PDF report names no worm file");

  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "language",
                                  g_variant_new_string ("ja"));
  pump (100);
  g_autofree char *ja = report_pdf_text (session);
  ok (ja && has_japanese (ja) && strstr (ja, infected ? "Infected" : "Clean") == NULL,
      "in Japanese, the PDF report is in Japanese");
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "language",
                                  g_variant_new_string ("en"));
  pump (100);
}

/* Walks from Welcome to Finish on a disk given as PATH; the verdict words are checked. */
static void
walk_disk (BcWindow *window, gboolean infected)
{
  static const char *const order[] = { "welcome", "symptoms", "target", "checking", "result",
                                       "recovery", "prevention", "links", "finish" };
  g_autofree char *text = NULL;
  guint i;

  ok (g_str_equal (page_id (window), "welcome"), "the wizard opens on Welcome (got %s)",
      page_id (window));
  text = window_text (window);
  ok (strstr (text, "Blaster") != NULL, "Welcome says what this is about");
  g_clear_pointer (&text, g_free);

  next (window);
  ok (g_str_equal (page_id (window), "symptoms"), "Next goes to Symptoms (got %s)", page_id (window));
  text = page_text (window);
  ok (strstr (text, "System Shutdown") != NULL,
      "Symptoms shows the System Shutdown dialog recreated");
  g_clear_pointer (&text, g_free);

  next (window);
  ok (g_str_equal (page_id (window), "target"), "then What to check (got %s)", page_id (window));
  ok (bc_session_get_target_kind (bc_window_get_session (window)) == BC_TARGET_DISK,
      "the disk given on the command line is preselected as a Windows disk");

  next (window);
  ok (g_str_equal (page_id (window), "checking"), "then Checking (got %s)", page_id (window));
  ok (pump_until (scan_done, window, 60000), "the scan finishes");
  pump (200);
  text = page_text (window);
  ok (strstr (text, "checked") != NULL, "Checking says how much was checked");
  g_clear_pointer (&text, g_free);

  next (window);
  ok (g_str_equal (page_id (window), "result"), "then Result (got %s)", page_id (window));
  text = page_text (window);
  if (infected)
    {
      ok (strstr (text, "Infected") != NULL, "Result says Infected in words");
      ok (strstr (text, "msblast.exe") != NULL, "Result names the worm file found");
    }
  else
    {
      ok (strstr (text, "No sign of the worm") != NULL, "Result says there is no sign of the worm");
      ok (strstr (text, "msblast.exe") == NULL, "Result names no worm file");
    }
  ok (strstr (text, "Microsoft Windows XP, Service Pack 2") != NULL,
      "Result says which Windows the disk's registry names");
  ok (strstr (text, "Patched: the MS03-026 fix is installed") != NULL,
      "XP Service Pack 2 includes the fix: the Result page says the PC is patched");
  g_clear_pointer (&text, g_free);

  /* Switching language at any moment re-renders the page, in place. */
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "language",
                                  g_variant_new_string ("ja"));
  pump (200);
  ok (g_str_equal (page_id (window), "result"), "switching to Japanese stays on Result");
  text = window_text (window);
  if (g_getenv ("TEST_WIZARD_DUMP"))
    fprintf (stderr, "%s\n", text);
  ok (has_japanese (text), "after switching, the window speaks Japanese");
  ok (strstr (text, "Infected") == NULL && strstr (text, "No sign of the worm") == NULL,
      "no English verdict is left on screen in Japanese");
  g_clear_pointer (&text, g_free);
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "language",
                                  g_variant_new_string ("en"));
  pump (200);
  text = page_text (window);
  ok (strstr (text, infected ? "Infected" : "No sign of the worm") != NULL,
      "switching back to English shows the English verdict again");
  g_clear_pointer (&text, g_free);

  for (i = 5; i < G_N_ELEMENTS (order); i++)
    {
      next (window);
      ok (g_str_equal (page_id (window), order[i]), "then %s (got %s)", order[i], page_id (window));
    }
  next (window);
  ok (g_str_equal (page_id (window), "finish"), "Finish is the last page");
  check_pdf (bc_window_get_session (window), infected);

  for (i = G_N_ELEMENTS (order) - 1; i > 4; i--)
    back (window);
  ok (g_str_equal (page_id (window), "result"), "Back returns through the pages to Result");
  back (window);
  ok (g_str_equal (page_id (window), "checking"), "Back from Result returns to Checking");
  ok (!bc_session_is_scanning (bc_window_get_session (window)),
      "going back to Checking does not scan the same disk again");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  pump (100);
  ok (g_str_equal (page_id (window), "welcome"), "Start over returns to Welcome");
  ok (bc_session_get_report (bc_window_get_session (window)) == NULL,
      "Start over forgets the result");
}

static void
walk_cancel (BcWindow *window)
{
  next (window);
  next (window);
  ok (g_str_equal (page_id (window), "target"), "on What to check (got %s)", page_id (window));
  next (window);
  ok (g_str_equal (page_id (window), "checking"), "on Checking (got %s)", page_id (window));
  ok (pump_until (scanning, window, 5000), "a scan of / runs");
  pump (300);
  ok (scanning (window), "the scan of / is still running after 0.3 s");
  GtkWidget *cancel = find_button (visible_page (window), "Cancel");
  ok (cancel != NULL, "Checking has a Cancel button");
  if (!cancel)
    return;
  gint64 t0 = g_get_monotonic_time ();
  gtk_widget_activate (cancel);
  ok (pump_until (scan_done, window, 1000), "Cancel stops the scan within a second");
  ok (g_get_monotonic_time () - t0 < G_USEC_PER_SEC, "…in %.2f s",
      (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
  const scan_report *report = bc_session_get_report (bc_window_get_session (window));
  ok (report && report->cancelled, "the report says the scan was cancelled");
  pump (200);
  g_autofree char *text = page_text (window);
  ok (strstr (text, "cancelled") != NULL, "Checking says the check was cancelled");
  next (window);
  ok (g_str_equal (page_id (window), "result"), "Next goes on to Result");
  g_autofree char *result = page_text (window);
  ok (strstr (result, "not complete") != NULL, "Result says the check is not complete");
}

/* Start over while a scan runs (what a kiosk's idle reset does): the scan is forgotten at once,
 * nothing of it shows afterwards, and the next customer's check starts normally. */
static void
walk_reset (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);

  next (window);
  next (window);
  bc_session_set_target (session, BC_TARGET_FOLDER, "/");
  next (window);
  ok (pump_until (scanning, window, 5000), "a scan of / runs");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  /* At once: not after the worker has noticed the cancel and wound down. */
  ok (!bc_session_is_scanning (session), "the scan is forgotten at once");
  ok (g_str_equal (page_id (window), "welcome"), "Start over during a scan returns to Welcome");
  pump (1500);
  ok (bc_session_get_report (session) == NULL && bc_session_get_scan_error (session) == NULL,
      "when the forgotten scan ends, its result does not come back");

  next (window);
  next (window);
  bc_session_set_target (session, BC_TARGET_FOLDER, "/");
  next (window);
  ok (g_str_equal (page_id (window), "checking") && pump_until (scanning, window, 5000),
      "the next check starts a new scan");
  GtkWidget *cancel = find_button (visible_page (window), "Cancel");
  if (cancel)
    gtk_widget_activate (cancel);
  ok (pump_until (scan_done, window, 2000), "…which can be cancelled as usual");
}

static void
walk_by_hand (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);
  static const char *const names[] = { "msblast.exe", "penis32.exe", "teekids.exe", "dllhost.exe",
                                       "mspatch.exe" };

  next (window);
  next (window);
  bc_session_set_target (session, BC_TARGET_BY_HAND, NULL);
  pump (50);
  next (window);
  ok (g_str_equal (page_id (window), "guided"), "by hand: the guided checks come next (got %s)",
      page_id (window));
  g_autofree char *text = page_text (window);
  ok (strstr (text, "Task Manager") != NULL, "the guided checks show Task Manager");
  ok (strstr (text, "System32\\wins") != NULL || strstr (text, "system32\\wins") != NULL,
      "the guided checks explain where dllhost.exe is the worm");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    bc_session_set_guided (session, names[i], BC_ANSWER_NO);
  bc_session_set_guided (session, "teekids.exe", BC_ANSWER_YES);
  pump (50);
  next (window);
  ok (g_str_equal (page_id (window), "result"), "then Result (got %s)", page_id (window));
  g_autofree char *result = page_text (window);
  ok (strstr (result, "teekids.exe") != NULL, "Result names what was found by hand");
  ok (strstr (result, "Signs of the worm") != NULL, "a guided answer is a sign, not proof");
}

/* Draws WIDGET as it is on screen into a PNG file at PATH. */
static gboolean
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
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

/* The page's place in the page-order table, from 1: pictures sort in the wizard's order. */
static guint
page_number (const char *id)
{
  for (guint i = 0; i < bc_n_pages; i++)
    if (g_str_equal (bc_pages[i].id, id))
      return i + 1;
  return 0;
}

static void
render_all (BcWindow *window)
{
  static const char *const langs[] = { "en", "ja" };
  static const char *const disk_pages[] = { "welcome", "symptoms", "target", "checking", "result",
                                            "recovery", "prevention", "links", "finish" };
  BcSession *session = bc_window_get_session (window);

  g_mkdir_with_parents (render_dir, 0755);
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "language",
                                      g_variant_new_string (langs[l]));
      bc_session_set_target (session, BC_TARGET_DISK, fixture);
      pump (200);
      for (guint i = 0; i < G_N_ELEMENTS (disk_pages); i++)
        {
          gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", disk_pages[i]);
          if (g_str_equal (disk_pages[i], "checking"))
            pump_until (scan_done, window, 60000);
          pump (400);
          g_autofree char *name = g_strdup_printf ("%s-%dx%d-%02u-%s.png", langs[l], render_width,
                                                   render_height, page_number (disk_pages[i]),
                                                   disk_pages[i]);
          g_autofree char *path = g_build_filename (render_dir, name, NULL);
          ok (g_str_equal (page_id (window), disk_pages[i]) && save_png (GTK_WIDGET (window), path),
              "rendered %s", name);
        }
      /* The guided checks belong to the other path: checking by hand. */
      bc_session_set_target (session, BC_TARGET_BY_HAND, NULL);
      pump (100);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", "guided");
      pump (400);
      g_autofree char *name = g_strdup_printf ("%s-%dx%d-%02u-guided.png", langs[l], render_width,
                                               render_height, page_number ("guided"));
      g_autofree char *path = g_build_filename (render_dir, name, NULL);
      ok (g_str_equal (page_id (window), "guided") && save_png (GTK_WIDGET (window), path),
          "rendered %s", name);
    }
}

static gboolean
run_test (gpointer data)
{
  GtkApplication *app = data;
  BcWindow *window = BC_WINDOW (gtk_application_get_active_window (app));

  pump (300);
  if (g_str_equal (mode, "infected") || g_str_equal (mode, "clean"))
    walk_disk (window, g_str_equal (mode, "infected"));
  else if (g_str_equal (mode, "cancel"))
    walk_cancel (window);
  else if (g_str_equal (mode, "by-hand"))
    walk_by_hand (window);
  else if (g_str_equal (mode, "reset"))
    walk_reset (window);
  else if (g_str_equal (mode, "render"))
    render_all (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
window_added (GtkApplication *app, GtkWindow *window)
{
  /* Pictures and checks of a page half slid in would show two pages at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  if (render_width)
    gtk_window_set_default_size (window, render_width, render_height);
  g_idle_add (run_test, app);
}

/* ROOT/REL as a real registry hive, made from SPEC (tests/gui/hives/) by tests/hive/make-hive.py,
 * which also checks it with an independent reader. */
static void
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
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, NULL) || !g_spawn_check_wait_status (status, NULL))
    printf ("# could not make the hive %s\n", rel);
}

static void
build_fixture (gboolean infected)
{
  fixture = g_dir_make_tmp ("blaster-gui-XXXXXX", NULL);
  make_hive (fixture, "WINDOWS/system32/config/SOFTWARE", "software-xp-sp2.json");
  make_hive (fixture, "WINDOWS/system32/config/SYSTEM", "system.json");
  touch (fixture, "WINDOWS/system32/kernel32.dll");
  touch (fixture, "WINDOWS/system32/dllhost.exe");
  touch (fixture, "WINDOWS/system32/svchost.exe");
  touch (fixture, "Documents and Settings/user/letter.doc");
  if (infected)
    touch (fixture, "WINDOWS/system32/msblast.exe");
}

static int
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

int
main (int argc, char **argv)
{
  g_autoptr (BcApplication) app = NULL;
  const char *localedir = g_getenv ("BLASTER_CHECK_LOCALEDIR");
  char *app_argv[3] = { argv[0], NULL, NULL };

  if (argc == 5 && g_str_equal (argv[1], "render"))
    {
      render_dir = argv[2];
      render_width = atoi (argv[3]);
      render_height = atoi (argv[4]);
    }
  else if (argc != 2)
    {
      fprintf (stderr, "usage: %s infected|clean|by-hand|cancel|reset\n"
                       "       %s render OUTDIR WIDTH HEIGHT\n", argv[0], argv[0]);
      return 2;
    }
  mode = argv[1];
  g_setenv ("LANGUAGE", "en", TRUE);
  bc_language_init (localedir && *localedir ? localedir : LOCALEDIR);
  if (g_str_equal (mode, "infected") || g_str_equal (mode, "clean") || render_dir)
    {
      build_fixture (!g_str_equal (mode, "clean"));
      app_argv[1] = fixture;
    }
  else if (g_str_equal (mode, "cancel"))
    app_argv[1] = (char *) "/";

  app = bc_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added), NULL);
  g_application_run (G_APPLICATION (app), app_argv[1] ? 2 : 1, app_argv);

  if (fixture)
    remove_tree (fixture);
  printf ("1..%d\n", test_number);
  return failures ? 1 : 0;
}
