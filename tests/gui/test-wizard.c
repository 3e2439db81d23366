/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The wizard, walked as a user walks it: the real application with its real command line, a
 * real window on a (virtual) display, Back/Next and the buttons activated, the text on screen
 * read back. TAP output.
 *
 *   test-wizard infected|clean|by-hand|cancel|reset|phases|no-windows
 *   test-wizard render OUTDIR WIDTH HEIGHT   (every page, in every language, to PNG files)
 *
 * infected/clean build a fixture disk and pass it as PATH, then walk every page in English,
 * switch to Japanese on the Result page and check the words change; cancel checks "/" (a large
 * tree) and presses Cancel; by-hand answers the guided checks (none, some, all); phases holds
 * the check in its whole-volume walk and reads the Checking page; no-windows takes the Windows
 * folder off the chosen disk and expects the warning and a result that is not green.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bc-page.h"
#include "bc-pages.h"
#include "bc-report.h"
#include "bc-session.h"
#include "gui-test.h"

static const char *mode;
static char *fixture;
static const char *render_dir;
static int render_width, render_height;

static void
check_pdf (BcSession *session, gboolean infected)
{
  g_autofree char *en = report_pdf_text (session, fixture);
  ok (en && strstr (en, "Blaster Check") != NULL, "the PDF report can be saved and read");
  ok (en && strstr (en, infected ? "Infected" : "Clean") != NULL,
      "the PDF report gives the verdict in words");
  ok (en && (strstr (en, "msblast.exe") != NULL) == infected,
      infected ? "the PDF report names the worm file" : "the PDF report names no worm file");

  set_language ("ja");
  g_autofree char *ja = report_pdf_text (session, fixture);
  ok (ja && has_japanese (ja) && strstr (ja, infected ? "Infected" : "Clean") == NULL,
      "in Japanese, the PDF report is in Japanese");
  set_language ("en");
}

/* Runs the main loop until the page ID is on screen (a button's click comes a moment after it is
 * activated); TRUE if it came within a second. */
static const char *awaited_page;

static gboolean
page_shown (BcWindow *window)
{
  return g_str_equal (page_id (window), awaited_page);
}

static gboolean
await_page (BcWindow *window, const char *id)
{
  awaited_page = id;
  return pump_until (page_shown, window, 1000);
}

/* Walks from Welcome to Finish on a disk given as PATH; the verdict words are checked. */
static void
walk_disk (BcWindow *window, gboolean infected)
{
  /* A clean disk does not walk through removal: Result goes on to Prevention. */
  static const char *const infected_order[] = { "welcome", "symptoms", "target", "checking",
                                                "result", "recovery", "prevention", "links",
                                                "finish" };
  static const char *const clean_order[] = { "welcome", "symptoms", "target", "checking",
                                             "result", "prevention", "links", "finish" };
  const char *const *order = infected ? infected_order : clean_order;
  guint n_order = infected ? G_N_ELEMENTS (infected_order) : G_N_ELEMENTS (clean_order);
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
      ok (strstr (text, "Clean: no sign of the worm") != NULL,
          "Result says Clean: there is no sign of the worm");
      ok (strstr (text, "msblast.exe") == NULL, "Result names no worm file");
    }
  ok (strstr (text, "Microsoft Windows XP, Service Pack 2") != NULL,
      "Result says which Windows the disk's registry names");
  ok (strstr (text, "Patched: ") != NULL,
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
  ok (strstr (text, "Infected") == NULL && strstr (text, "Clean:") == NULL,
      "no English verdict is left on screen in Japanese");
  g_clear_pointer (&text, g_free);
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "language",
                                  g_variant_new_string ("en"));
  pump (200);
  text = page_text (window);
  ok (strstr (text, infected ? "Infected" : "Clean: no sign of the worm") != NULL,
      "switching back to English shows the English verdict again");
  g_clear_pointer (&text, g_free);

  ok ((find_button (visible_page (window), "recovery steps anyway") != NULL) == !infected,
      infected ? "Result offers no \"recovery steps anyway\": they come next"
               : "Result offers the recovery steps anyway");
  for (i = 5; i < n_order; i++)
    {
      next (window);
      ok (g_str_equal (page_id (window), order[i]), "then %s (got %s)", order[i], page_id (window));
    }
  next (window);
  ok (g_str_equal (page_id (window), "finish"), "Finish is the last page");
  check_pdf (bc_window_get_session (window), infected);

  for (i = n_order - 1; i > 4; i--)
    back (window);
  ok (g_str_equal (page_id (window), "result"), "Back returns through the pages to Result");
  if (!infected)
    {
      GtkWidget *anyway = find_button (visible_page (window), "recovery steps anyway");
      if (anyway)
        gtk_widget_activate (anyway);
      ok (await_page (window, "recovery"),
          "asked for, the recovery steps show on a clean disk too (got %s)", page_id (window));
      next (window);
      ok (g_str_equal (page_id (window), "prevention"), "…and Prevention follows them (got %s)",
          page_id (window));
      back (window);
      back (window);
      ok (g_str_equal (page_id (window), "result"), "Back returns to Result (got %s)",
          page_id (window));
    }
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
  /* A loaded machine may take a moment to build the page. */
  char *result = page_text (window);
  for (int tries = 0; tries < 30 && !strstr (result, "Not complete"); tries++)
    {
      pump (100);
      g_free (result);
      result = page_text (window);
    }
  ok (strstr (result, "Not complete") != NULL, "Result says Not complete");
  g_free (result);
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

  /* Nothing answered: Next all the same, and the Result says what was not checked. */
  GtkWidget *next_button = find_button (GTK_WIDGET (window), "Next");
  ok (next_button && gtk_widget_is_sensitive (next_button), "Next is enabled with no name answered");
  next (window);
  ok (g_str_equal (page_id (window), "result"), "with none answered, Next goes to Result (got %s)",
      page_id (window));
  g_autofree char *none = page_text (window);
  ok (strstr (none, "These names were not checked: msblast.exe, penis32.exe, teekids.exe, "
                    "dllhost.exe, mspatch.exe.") != NULL,
      "Result says the five names were not checked");
  ok (strstr (none, "Clean") == NULL
        && bc_session_get_infection (session, NULL) == SCAN_INFECTION_INCOMPLETE,
      "…and is not complete, never clean");
  back (window);

  /* Two answered: the other three are "not checked". */
  bc_session_set_guided (session, "msblast.exe", BC_ANSWER_NO);
  bc_session_set_guided (session, "penis32.exe", BC_ANSWER_NO);
  pump (50);
  next (window);
  g_autofree char *two = page_text (window);
  ok (strstr (two, "These names were not checked: teekids.exe, dllhost.exe, mspatch.exe.") != NULL,
      "with two answered, Result says the other three were not checked");
  ok (strstr (two, "msblast.exe, ") == NULL, "…and not the two that were");
  ok (bc_session_get_infection (session, NULL) == SCAN_INFECTION_INCOMPLETE,
      "…and the check is not complete");
  next (window);
  ok (g_str_equal (page_id (window), "prevention"),
      "nothing found by hand: Result goes on to Prevention (got %s)", page_id (window));
  back (window);
  back (window);
  ok (g_str_equal (page_id (window), "guided"), "Back returns to the checks (got %s)",
      page_id (window));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    bc_session_set_guided (session, names[i], BC_ANSWER_NO);
  bc_session_set_guided (session, "teekids.exe", BC_ANSWER_YES);
  pump (50);
  next (window);
  ok (g_str_equal (page_id (window), "result"), "then Result (got %s)", page_id (window));
  g_autofree char *result = page_text (window);
  ok (strstr (result, "teekids.exe") != NULL, "Result names what was found by hand");
  ok (strstr (result, "Suspicious") != NULL && strstr (result, "Infected") == NULL,
      "a guided answer is a sign (Suspicious), not proof");
  ok (strstr (result, "not checked") == NULL, "every name answered: none is \"not checked\"");
  ok (strstr (result, "blaster-scan.exe from a USB stick") != NULL
        && strstr (result, "bring the PC’s disk here") != NULL,
      "found by hand: Result says how to check that PC for sure, or to bring its disk");
  next (window);
  ok (g_str_equal (page_id (window), "recovery"),
      "found by hand: Result goes on to Recovery (got %s)", page_id (window));
}

/* Waits for the scan's event of KIND (and PHASE) to reach the main thread. */
static guint awaited_kind, awaited_phase;
static gboolean awaited_seen;

static void
on_scan_event (BcSession *session, guint kind, guint phase, guint64 count, const char *folder,
               int status, gpointer data)
{
  if (kind == awaited_kind && phase == awaited_phase)
    awaited_seen = TRUE;
}

static gboolean
event_seen (BcWindow *window)
{
  return awaited_seen;
}

static gboolean
await_event (BcWindow *window, guint kind, guint phase)
{
  awaited_kind = kind;
  awaited_phase = phase;
  awaited_seen = FALSE;
  /* The page's own handler ran before: it was connected first. */
  return pump_until (event_seen, window, 30000);
}

/* The Checking page says what the check reported, while it runs: the whole-volume walk is held
 * (bc_session_hold_scan) to look at the page in the middle of a long check. */
static void
walk_phases (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);

  bc_session_hold_scan (session, SCAN_PHASE_VOLUME);
  next (window);
  next (window);
  next (window);
  ok (g_str_equal (page_id (window), "checking"), "on Checking (got %s)", page_id (window));
  g_signal_connect (session, "scan-event", G_CALLBACK (on_scan_event), NULL);
  ok (await_event (window, SCAN_PROGRESS_PHASE_START, SCAN_PHASE_VOLUME),
      "the whole-volume walk starts");
  pump (50);
  g_autofree char *text = page_text (window);
  if (g_getenv ("TEST_WIZARD_DUMP"))
    fprintf (stderr, "%s\n", text);
  ok (scanning (window), "the check still runs");
  ok (strstr (text, "Done: found WINDOWS") != NULL,
      "while the whole disk is walked, the page already says the Windows folder was found");
  ok (strstr (text, "Done, and the Windows registry was read") != NULL,
      "…and that the worm's places and the registry are done");
  ok (strstr (text, "Skipped") == NULL, "…and never says \"Skipped\"");
  bc_session_release_scan (session);
  ok (pump_until (scan_done, window, 60000), "released, the check finishes");
  pump (100);
  g_clear_pointer (&text, g_free);
  text = page_text (window);
  ok (strstr (text, "Done: found WINDOWS") != NULL && strstr (text, "Skipped") == NULL
        && strstr (text, "The check is finished") != NULL,
      "at the end it still says the Windows folder was found, nothing skipped");

  /* A folder with no Windows: "Skipped", said as soon as the check knows it. */
  g_autofree char *folder = g_dir_make_tmp ("blaster-gui-XXXXXX", NULL);
  touch (folder, "Documents/letter.doc");
  touch (folder, "Documents/photo.jpg");
  bc_session_hold_scan (session, SCAN_PHASE_VOLUME);
  bc_session_set_target (session, BC_TARGET_FOLDER, folder);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", "checking");
  ok (await_event (window, SCAN_PROGRESS_PHASE_START, SCAN_PHASE_VOLUME),
      "a folder: the whole-folder walk starts");
  pump (50);
  g_clear_pointer (&text, g_free);
  text = page_text (window);
  ok (strstr (text, "Skipped: there is no Windows folder here") != NULL
        && strstr (text, "Done: there is no Windows folder here") != NULL,
      "a folder with no Windows: the page says so, and that the worm's places are skipped");
  bc_session_release_scan (session);
  ok (pump_until (scan_done, window, 60000), "released, the check finishes");
  g_signal_handlers_disconnect_by_func (session, on_scan_event, NULL);
  remove_tree (folder);

  /* An empty folder (a mount point with no disk mounted on it): an error, said on the page. */
  g_autofree char *empty = g_dir_make_tmp ("blaster-gui-XXXXXX", NULL);
  bc_session_set_target (session, BC_TARGET_FOLDER, empty);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", "checking");
  ok (pump_until (scan_done, window, 60000), "an empty folder: the check ends");
  pump (100);
  g_clear_pointer (&text, g_free);
  text = page_text (window);
  ok (strstr (text, "The check could not run.") != NULL
        && strstr (text, "Nothing to check here: ") != NULL
        && strstr (text, "Is the disk mounted?") != NULL,
      "an empty folder: the page says there is nothing to check, and asks if the disk is mounted");
  ok (bc_session_get_report (session) == NULL, "…and there is no report to call it clean");
  g_rmdir (empty);
}

/* A Windows disk that holds no Windows (the wrong disk, or a mount point with nothing mounted):
 * asked before the check, and never a green result. */
static void
walk_no_windows (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);
  g_autofree char *windows = g_build_filename (fixture, "WINDOWS", NULL);
  g_autofree char *moved = g_build_filename (fixture, "OLD", NULL);

  next (window);
  next (window);
  ok (g_str_equal (page_id (window), "target")
        && bc_session_get_target_kind (session) == BC_TARGET_DISK,
      "on What to check, the disk chosen");
  /* The disk goes (unmounted, another one in its place) after it was listed. */
  ok (g_rename (windows, moved) == 0, "the Windows folder is gone from the disk");
  next (window);
  ok (g_str_equal (page_id (window), "target"), "Next stays on What to check (got %s)",
      page_id (window));
  g_autofree char *text = page_text (window);
  ok (strstr (text, "There is no Windows folder on this disk. Is it the right disk, and is it "
                    "mounted?") != NULL,
      "the page warns that there is no Windows folder on the disk");
  GtkWidget *anyway = find_button (visible_page (window), "Check it anyway");
  ok (anyway != NULL && find_button (visible_page (window), "Choose again") != NULL,
      "…with a way to check it anyway or to choose again");
  if (!anyway)
    return;
  gtk_widget_activate (anyway);
  ok (await_page (window, "checking"), "Check it anyway goes on to Checking (got %s)",
      page_id (window));
  ok (pump_until (scan_done, window, 60000), "the check finishes");
  next (window);
  ok (g_str_equal (page_id (window), "result"), "then Result (got %s)", page_id (window));
  g_clear_pointer (&text, g_free);
  text = page_text (window);
  if (g_getenv ("TEST_WIZARD_DUMP"))
    fprintf (stderr, "%s\n", text);
  ok (bc_session_get_infection (session, NULL) == SCAN_INFECTION_INCOMPLETE,
      "the verdict is not complete, not clean");
  ok (strstr (text, "Clean") == NULL, "Result does not say Clean");
  ok (strstr (text, "There is no Windows folder on this disk") != NULL, "Result says why");
  next (window);
  ok (g_str_equal (page_id (window), "prevention"), "then Prevention, not Recovery (got %s)",
      page_id (window));
  g_rename (moved, windows);
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

static void
run_mode (BcWindow *window)
{
  if (g_str_equal (mode, "infected") || g_str_equal (mode, "clean"))
    walk_disk (window, g_str_equal (mode, "infected"));
  else if (g_str_equal (mode, "cancel"))
    walk_cancel (window);
  else if (g_str_equal (mode, "by-hand"))
    walk_by_hand (window);
  else if (g_str_equal (mode, "reset"))
    walk_reset (window);
  else if (g_str_equal (mode, "phases"))
    walk_phases (window);
  else if (g_str_equal (mode, "no-windows"))
    walk_no_windows (window);
  else if (g_str_equal (mode, "render"))
    render_all (window);
}

int
main (int argc, char **argv)
{
  const char *args[2] = { NULL, NULL };

  if (argc == 5 && g_str_equal (argv[1], "render"))
    {
      render_dir = argv[2];
      render_width = atoi (argv[3]);
      render_height = atoi (argv[4]);
    }
  else if (argc != 2)
    {
      fprintf (stderr, "usage: %s infected|clean|by-hand|cancel|reset|phases|no-windows\n"
                       "       %s render OUTDIR WIDTH HEIGHT\n", argv[0], argv[0]);
      return 2;
    }
  mode = argv[1];
  if (g_str_equal (mode, "infected") || g_str_equal (mode, "clean") || render_dir
      || g_str_equal (mode, "phases") || g_str_equal (mode, "no-windows"))
    args[0] = fixture = build_fixture (g_str_equal (mode, "infected") || render_dir);
  else if (g_str_equal (mode, "cancel"))
    args[0] = "/";

  int status = run_app (argv[0], args, run_mode, render_width, render_height);
  if (fixture)
    remove_tree (fixture);
  return status;
}
