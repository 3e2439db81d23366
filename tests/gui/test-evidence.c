/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the wizard says was found, and the words of its verdict, read off the screen of the real
 * wizard and from its PDF report, on a fixture disk. TAP output.
 *
 *   test-evidence location BLASTER-SCAN   an XP SP1 disk with Blaster's file, its Run value (the
 *                   machine's and a user's) and Welchia's RpcPatch service: the Result page, the
 *                   Recovery page and the PDF report name each as the PC does
 *                   (C:\WINDOWS\system32\msblast.exe, HKEY_LOCAL_MACHINE\…, CurrentControlSet,
 *                   the user's HKEY_CURRENT_USER), never by the path this computer mounted the
 *                   disk at, which appears only after "On the attached disk:"; and the verdict
 *                   words of the Result page, the PDF and blaster-scan's text report are the same
 *                   (Infected, Not patched), in English and in Japanese
 *   test-evidence words BLASTER-SCAN      the same comparison of verdict words on an XP SP2 disk
 *                   with Blaster's file (Infected, Patched)
 *   test-evidence many BLASTER-SCAN       5,000 more empty files with the worm's name (a hostile
 *                   disk): the Result page is shown with every finding in a list that makes rows
 *                   only for what is on screen; its first row and a row scrolled to far down are
 *                   readable. The memory used before and after is a TAP note (not a check).
 *   test-evidence dual BLASTER-SCAN       a dual-boot disk (a clean XP SP2 in WINDOWS, a Windows
 *                   2000 SP4 in WINNT with Blaster's Run value): the Result page and the PDF have
 *                   a section "Each Windows on this disk" naming C:\WINNT with its own word
 *                   (Infected) and C:\WINDOWS with its own (Clean)
 *   test-evidence one BLASTER-SCAN        one Windows (the infected fixture): no such section
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bc-report.h"
#include "bc-session.h"
#include "gui-test.h"
#include "scan-report.h"

static const char *mode;
static const char *scanner;
static char *fixture;

#define MSBLAST "C:\\WINDOWS\\system32\\msblast.exe"
#define RUN_KEY "\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"
#define MACHINE_RUN "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run"
#define USER_RUN "HKEY_CURRENT_USER" RUN_KEY
#define RPCPATCH "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\RpcPatch"

/* Whether each line of TEXT (labels, one a line) that is a path on this computer's copy of the
 * disk (the reasons may name the folder checked, in a sentence) comes right after one of the words that introduce it ("On the attached disk:", "Registry
 * file:"); *BAD gets the first line that does not. */
static gboolean
disk_paths_introduced (const char *text, char **bad)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (int i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], fixture)
        && (i == 0
            || (!g_str_equal (lines[i - 1], gettext ("On the attached disk:"))
                && !g_str_equal (lines[i - 1], gettext ("Registry file:")))))
      {
        *bad = g_strdup (lines[i]);
        return FALSE;
      }
  return TRUE;
}

static void
check_result_locations (BcWindow *window)
{
  g_autofree char *text = page_text (window);
  g_autofree char *bad = NULL;
  g_autofree char *mounted = g_build_filename (fixture, "WINDOWS", "system32", "msblast.exe", NULL);
  const char *msblast = strstr (text, MSBLAST);
  const char *disk = strstr (text, mounted);

  ok (msblast != NULL, "Result: the worm's file is named as the PC names it: " MSBLAST);
  ok (msblast && disk && msblast < disk,
      "Result: the Windows name comes first, the path on this computer after it");
  ok (strstr (text, MACHINE_RUN "\\windows auto update") != NULL,
      "Result: the machine's Run value as Registry Editor names it");
  ok (strstr (text, RPCPATCH) != NULL && strstr (text, "ControlSet001") == NULL,
      "Result: the service under CurrentControlSet, not the hive's ControlSet001");
  ok (strstr (text, USER_RUN "\\windows auto update") != NULL && strstr (text, "alice") != NULL,
      "Result: the user's Run value in HKEY_CURRENT_USER, with the user's name (alice)");
  gboolean introduced = disk_paths_introduced (text, &bad);

  ok (introduced,
      "Result: this computer's path of the disk appears only after \"On the attached disk:\" "
      "or \"Registry file:\" (not: %s)", bad ? bad : "-");
}

static void
check_recovery_locations (BcWindow *window)
{
  g_autofree char *text = page_text (window);

  ok (strstr (text, MSBLAST) != NULL, "Recovery: the file to delete is " MSBLAST);
  ok (strstr (text, RPCPATCH) != NULL, "Recovery: the service's key is under CurrentControlSet");
  ok (strstr (text, MACHINE_RUN) != NULL && strstr (text, USER_RUN) != NULL
        && strstr (text, "alice") != NULL,
      "Recovery: the Run values as Registry Editor names them, the user's with the user");
  ok (strstr (text, fixture) == NULL,
      "Recovery: the list of what to delete holds no path of this computer (%s)", fixture);
}

static void
check_pdf_locations (BcWindow *window)
{
  g_autofree char *text = report_pdf_text (bc_window_get_session (window), fixture);
  g_autofree char *found = NULL;
  const char *start, *end;

  if (!ok (text != NULL, "PDF: the report is saved and read back"))
    return;
  if (g_getenv ("TEST_EVIDENCE_DUMP"))
    fprintf (stderr, "%s\n", text);
  start = strstr (text, "What was found");
  end = start ? strstr (start, "Places that could not be checked") : NULL;
  found = start ? g_strndup (start, end ? (gsize) (end - start) : strlen (start)) : NULL;
  if (!ok (found != NULL, "PDF: it has a \"What was found\" section"))
    return;
  ok (has_words (found, "file: " MSBLAST), "PDF: the worm's file is named " MSBLAST);
  ok (has_words (found, "Key " RPCPATCH), "PDF: the service's key is under CurrentControlSet");
  ok (has_words (found, "in " MACHINE_RUN), "PDF: the machine's Run value under HKEY_LOCAL_MACHINE");
  ok (has_words (found, "in " USER_RUN ", when the user “alice” is logged on"),
      "PDF: the user's Run value under HKEY_CURRENT_USER, and whose it is");
  {
    g_autofree char *squeezed = squeeze (found);
    g_autofree char *root = squeeze (fixture);
    g_autofree char *introduced = g_strconcat ("Ontheattacheddisk:", root, NULL);
    int paths = 0, after_words = 0;

    for (const char *p = strstr (squeezed, root); p; p = strstr (p + 1, root))
      paths++;
    for (const char *p = strstr (squeezed, introduced); p; p = strstr (p + 1, introduced))
      after_words++;
    ok (paths > 0 && paths == after_words,
        "PDF: the path on this computer is given only as \"On the attached disk:\" (%d of %d)",
        after_words, paths);
  }
}

/* The part of blaster-scan's text report after PREFIX's line start ("Infection:     "), in
 * LANGUAGE: what the command line says of the verdict. */
static char *
cli_verdict (const char *language, const char *prefix_format)
{
  g_auto (GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { scanner, fixture, NULL };
  const char *cut = strstr (prefix_format, "%s");
  int status = -1;

  env = g_environ_setenv (env, "LANGUAGE", language, TRUE);
  env = g_environ_setenv (env, "LANG", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "LC_ALL");
  env = g_environ_unsetenv (env, "LC_MESSAGES");
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, &status, &error))
    {
      note ("blaster-scan did not run: %s", error->message);
      return NULL;
    }
  prefix = g_strndup (prefix_format, cut ? (gsize) (cut - prefix_format) : 0);
  {
    g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
    for (int i = 0; lines[i]; i++)
      if (*prefix && g_str_has_prefix (lines[i], prefix))
        return g_strdup (lines[i] + strlen (prefix));
  }
  note ("no line starting with \"%s\" in blaster-scan's report:\n%s", prefix, out);
  return NULL;
}

/* Whether TEXT begins with the word LABEL as a whole ("感染" but not "感染の疑い"). */
static gboolean
begins_with_word (const char *text, const char *label)
{
  const char *after;

  if (!text || !g_str_has_prefix (text, label))
    return FALSE;
  after = text + strlen (label);
  return *after == '\0' || !g_unichar_isalnum (g_utf8_get_char (after));
}

/* Whether a line of TEXT (labels, one a line) begins with the word LABEL. */
static gboolean
line_begins_with_word (const char *text, const char *label)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (int i = 0; lines[i]; i++)
    if (begins_with_word (lines[i], label))
      return TRUE;
  return FALSE;
}

/* The Result page, the PDF report and blaster-scan name this verdict with the same word, in the
 * language LANG. */
static void
check_words (BcWindow *window, const char *lang, scan_infection infection,
             scan_vulnerability vulnerability)
{
  BcSession *session = bc_window_get_session (window);
  const char *infection_word, *vulnerability_word;
  g_autofree char *page = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *pdf_squeezed = NULL;
  g_autofree char *cli_infection = NULL;
  g_autofree char *cli_vulnerability = NULL;

  set_language (lang);
  pump (200);
  infection_word = gettext (scan_infection_label (infection));
  vulnerability_word = gettext (scan_vulnerability_label (vulnerability));
  page = page_text (window);
  pdf = report_pdf_text (session, fixture);
  pdf_squeezed = squeeze (pdf);
  cli_infection = cli_verdict (lang, gettext ("Infection:     %s\n"));
  cli_vulnerability = cli_verdict (lang, gettext ("Vulnerability: %s\n"));

  if (g_str_equal (lang, "ja"))
    ok (has_japanese (infection_word) && has_japanese (vulnerability_word),
        "ja: the verdict words are translated (%s, %s)", infection_word, vulnerability_word);
  ok (line_begins_with_word (page, infection_word),
      "%s: the Result page calls the infection \"%s\"", lang, infection_word);
  ok (line_begins_with_word (page, vulnerability_word),
      "%s: the Result page calls the vulnerability \"%s\"", lang, vulnerability_word);
  {
    g_autofree char *a = g_strdup_printf (gettext ("%1$s: %2$s"), infection_word, "");
    g_autofree char *b = g_strdup_printf (gettext ("%1$s: %2$s"), vulnerability_word, "");
    g_autofree char *sa = squeeze (a);
    g_autofree char *sb = squeeze (b);

    ok (pdf && strstr (pdf_squeezed, sa), "%s: the PDF report calls the infection \"%s\"", lang,
        infection_word);
    ok (pdf && strstr (pdf_squeezed, sb), "%s: the PDF report calls the vulnerability \"%s\"",
        lang, vulnerability_word);
  }
  ok (begins_with_word (cli_infection, infection_word),
      "%s: blaster-scan calls the infection \"%s\" too (it says: %s)", lang, infection_word,
      cli_infection ? cli_infection : "nothing");
  ok (begins_with_word (cli_vulnerability, vulnerability_word),
      "%s: blaster-scan calls the vulnerability \"%s\" too (it says: %s)", lang,
      vulnerability_word, cli_vulnerability ? cli_vulnerability : "nothing");
  if (g_str_equal (lang, "en"))
    ok (!strstr (pdf_squeezed, "Protected:") && !strstr (page, "Protected"),
        "en: no other name for the same state (\"Protected\")");
  set_language ("en");
  pump (200);
}

static void
test_location (BcWindow *window)
{
  if (!ok (go_to (window, "result"), "the wizard reaches Result (on %s)", page_id (window)))
    return;
  /* TEST_EVIDENCE_PNG=FILE: the Result page as drawn, to look at. */
  if (g_getenv ("TEST_EVIDENCE_PNG"))
    {
      GtkWidget *scrolled = find_widget_of_type (visible_page (window), GTK_TYPE_SCROLLED_WINDOW);
      if (scrolled)
        {
          GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
          gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
          pump (200);
        }
      save_png (GTK_WIDGET (window), g_getenv ("TEST_EVIDENCE_PNG"));
    }
  check_result_locations (window);
  check_pdf_locations (window);
  check_words (window, "en", SCAN_INFECTION_INFECTED, SCAN_VULN_UNPATCHED);
  check_words (window, "ja", SCAN_INFECTION_INFECTED, SCAN_VULN_UNPATCHED);
  if (!ok (go_to (window, "recovery"), "then Recovery (on %s)", page_id (window)))
    return;
  check_recovery_locations (window);
}

#define MANY 5000

/* This process's resident memory, as /proc/self/status says it ("123456 kB"). */
static char *
memory_used (void)
{
  g_autofree char *status = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return g_strdup ("?");
  for (char *line = strtok (status, "\n"); line; line = strtok (NULL, "\n"))
    if (g_str_has_prefix (line, "VmRSS:") || g_str_has_prefix (line, "VmHWM:"))
      g_string_append_printf (out, "%s%s", out->len ? ", " : "", line);
  return g_strdup (out->str);
}

static gboolean
list_shows_one_of (GtkWidget *list, const scan_report *report, size_t from, size_t to,
                   size_t *found)
{
  g_autoptr (GString) text = g_string_new (NULL);

  collect_text (list, text);
  for (size_t i = from; i < to; i++)
    if (report->findings[i].windows_location
        && strstr (text->str, report->findings[i].windows_location))
      {
        *found = i;
        return TRUE;
      }
  return FALSE;
}

static void
test_many (BcWindow *window)
{
  g_autofree char *before = memory_used ();
  g_autofree char *after = NULL;
  const scan_report *report;
  GtkWidget *list, *scroller;
  GtkAdjustment *v;
  guint rows = 0;
  size_t found = 0;
  gboolean shown;

  note ("memory before the check: %s", before);
  if (!ok (go_to (window, "result"), "the wizard reaches Result with %d more worm-named files "
           "(on %s)", MANY, page_id (window)))
    return;
  pump (500);
  after = memory_used ();
  note ("memory with the Result page shown: %s", after);
  report = bc_session_get_report (bc_window_get_session (window));
  if (!ok (report && report->n_findings > MANY, "the check found them all (%zu findings)",
           report ? report->n_findings : 0))
    return;

  list = find_widget_of_type (visible_page (window), GTK_TYPE_LIST_VIEW);
  if (!ok (list != NULL, "Result: the findings are in a list view"))
    return;
  ok (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))))
        == report->n_findings,
      "Result: the list holds every finding (%zu)", report->n_findings);
  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    rows++;
  note ("rows made: %u for %zu findings", rows, report->n_findings);
  ok (rows < 500, "Result: rows are made only for what is on screen (%u rows)", rows);
  ok (list_shows_one_of (list, report, 0, 1, &found),
      "Result: the first finding is readable: %s", report->findings[0].windows_location);

  scroller = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  v = scroller ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)) : NULL;
  if (!ok (v != NULL, "Result: the list scrolls"))
    return;
  gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v) * 0.75);
  pump (500);
  shown = list_shows_one_of (list, report, report->n_findings / 2, report->n_findings, &found);
  ok (shown, "Result: scrolled three quarters down, a finding of the second half is readable "
      "(#%zu: %s)", found, shown ? report->findings[found].windows_location : "none");
  /* TEST_EVIDENCE_PNG=FILE: the list as drawn, the page scrolled down to it, to look at. */
  if (g_getenv ("TEST_EVIDENCE_PNG"))
    {
      GtkWidget *page = gtk_widget_get_ancestor (gtk_widget_get_parent (scroller),
                                                 GTK_TYPE_SCROLLED_WINDOW);
      if (page)
        {
          v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page));
          gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
          pump (300);
        }
      save_png (GTK_WIDGET (window), g_getenv ("TEST_EVIDENCE_PNG"));
    }
}

/* A dual-boot disk: a clean XP SP2 in WINDOWS, a Windows 2000 SP4 in WINNT with Blaster's Run
 * value. The Result page and the PDF name each Windows with its own verdict words. */
static void
test_dual (BcWindow *window)
{
  const char *infected = bc_report_infection_text (SCAN_INFECTION_INFECTED);
  const char *clean = bc_report_infection_text (SCAN_INFECTION_CLEAN);
  g_autofree char *text = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *winnt = g_strdup_printf (gettext ("%1$s: %2$s"), "C:\\WINNT",
                                            "Microsoft Windows 2000, Service Pack 4");
  g_autofree char *windows = g_strdup_printf (gettext ("%1$s: %2$s"), "C:\\WINDOWS",
                                              "Microsoft Windows XP, Service Pack 2");
  const char *heading = gettext ("Each Windows on this disk");

  /* The Checking page names both Windows as the scan finds them, not only the first. */
  gboolean at_checking = go_to (window, "checking");
  if (ok (at_checking, "the wizard reaches Checking (on %s)", page_id (window))
      && ok (pump_until (scan_done, window, 60000), "the check ends"))
    {
      g_autofree char *checking = page_text (window);
      g_autofree char *both = g_strconcat ("WINDOWS", gettext (", "), "WINNT", NULL);
      g_autofree char *found = g_strdup_printf (gettext ("Done: found %s"), both);
      ok (strstr (checking, found) != NULL, "Checking: \"%s\" (both Windows named)", found);
    }
  if (!ok (go_to (window, "result"), "the wizard reaches Result (on %s)", page_id (window)))
    return;
  text = page_text (window);
  if (g_getenv ("TEST_EVIDENCE_DUMP"))
    fprintf (stderr, "%s\n", text);
  {
    const char *h = strstr (text, heading);
    const char *nt = h ? strstr (h, winnt) : NULL;
    const char *xp = h ? strstr (h, windows) : NULL;
    g_autofree char *nt_words = g_strdup_printf ("%s\n%s", winnt, infected);
    g_autofree char *xp_words = g_strdup_printf ("%s\n%s", windows, clean);

    ok (h != NULL, "Result: a section \"%s\"", heading);
    ok (nt && xp, "Result: it lists both Windows (%s, %s)", winnt, windows);
    ok (strstr (text, nt_words) != NULL, "Result: WINNT's own word is \"%s\"", infected);
    ok (strstr (text, xp_words) != NULL, "Result: WINDOWS's own word is \"%s\"", clean);
  }
  pdf = report_pdf_text (bc_window_get_session (window), fixture);
  if (!ok (pdf != NULL, "PDF: the report is saved and read back"))
    return;
  if (g_getenv ("TEST_EVIDENCE_DUMP"))
    fprintf (stderr, "%s\n", pdf);
  {
    g_autofree char *all = squeeze (pdf);
    g_autofree char *h = squeeze (heading);
    g_autofree char *nt = g_strdup_printf ("%s%s", winnt, infected);
    g_autofree char *xp = g_strdup_printf ("%s%s", windows, clean);
    g_autofree char *snt = squeeze (nt);
    g_autofree char *sxp = squeeze (xp);
    const char *section = strstr (all, h);

    ok (section != NULL, "PDF: a section \"%s\"", heading);
    ok (section && strstr (section, snt), "PDF: WINNT is \"%s\"", infected);
    ok (section && strstr (section, sxp), "PDF: WINDOWS is \"%s\"", clean);
    /* Each Windows's own updates under it: Windows 2000 SP4 lacks MS03-026's. */
    g_autofree char *line = g_strdup_printf (gettext ("%s (%s): %s"), "KB823980", "MS03-026",
                                             gettext (scan_patch_state_text (SCAN_PATCH_MISSING)));
    g_autofree char *sline = squeeze (line);
    const char *nt_item = section ? strstr (section, snt) : NULL;
    ok (nt_item && strstr (nt_item, sline), "PDF: under WINNT, \"%s\"", line);
  }

  /* Prevention: MS03-026's update on each Windows under its name — included in XP SP2, missing
   * on Windows 2000 SP4 (the first Windows's states alone said "included"). */
  if (!ok (go_to (window, "prevention"), "the wizard reaches Prevention"))
    return;
  {
    g_autofree char *page = page_text (window);
    g_autofree char *name = g_strdup_printf (gettext ("%s (%s)"), "MS03-026", "KB823980");
    const char *row = strstr (page, name);
    const char *next = row ? strstr (row, "MS03-039") : NULL;
    const char *xp = row ? strstr (row, windows) : NULL;
    const char *nt = row ? strstr (row, winnt) : NULL;
    const char *missing = nt ? strstr (nt, gettext ("Missing: install it")) : NULL;

    if (g_getenv ("TEST_EVIDENCE_DUMP"))
      fprintf (stderr, "%s\n", page);
    ok (xp && (!next || xp < next), "Prevention: MS03-026's row names %s", windows);
    ok (missing && (!next || missing < next),
        "Prevention: MS03-026 is \"%s\" on %s", gettext ("Missing: install it"), winnt);
  }
}

/* One Windows (the infected fixture): no section for each Windows, on the page or in the PDF. */
static void
test_one_windows (BcWindow *window)
{
  const char *heading = gettext ("Each Windows on this disk");
  g_autofree char *text = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *all = NULL;
  g_autofree char *h = squeeze (heading);

  if (!ok (go_to (window, "result"), "the wizard reaches Result (on %s)", page_id (window)))
    return;
  text = page_text (window);
  ok (strstr (text, heading) == NULL && strstr (text, "C:\\WINDOWS: ") == NULL,
      "Result: one Windows, no section \"%s\"", heading);
  pdf = report_pdf_text (bc_window_get_session (window), fixture);
  all = pdf ? squeeze (pdf) : NULL;
  ok (all && !strstr (all, h), "PDF: one Windows, no section \"%s\"", heading);
}

static void
test_words (BcWindow *window)
{
  if (!ok (go_to (window, "result"), "the wizard reaches Result (on %s)", page_id (window)))
    return;
  check_words (window, "en", SCAN_INFECTION_INFECTED, SCAN_VULN_PATCHED);
  check_words (window, "ja", SCAN_INFECTION_INFECTED, SCAN_VULN_PATCHED);
}

int
main (int argc, char **argv)
{
  int status;

  mode = argc > 1 ? argv[1] : "location";
  scanner = argc > 2 ? argv[2] : "blaster-scan";
  fixture = build_fixture (TRUE);
  if (g_str_equal (mode, "location"))
    {
      g_autofree char *software = g_build_filename (fixture, "WINDOWS/system32/config/SOFTWARE",
                                                    NULL);
      g_autofree char *system = g_build_filename (fixture, "WINDOWS/system32/config/SYSTEM", NULL);

      g_unlink (software);
      g_unlink (system);
      make_hive (fixture, "WINDOWS/system32/config/SOFTWARE", "software-xp-sp1-blaster.json");
      make_hive (fixture, "WINDOWS/system32/config/SYSTEM", "system-rpcpatch.json");
      make_hive (fixture, "Documents and Settings/alice/NTUSER.DAT", "ntuser-blaster.json");
    }
  if (g_str_equal (mode, "dual"))
    {
      g_autofree char *worm = g_build_filename (fixture, "WINDOWS/system32/msblast.exe", NULL);

      g_unlink (worm);
      make_hive (fixture, "WINNT/system32/config/SOFTWARE", "software-w2k-sp4-blaster.json");
      make_hive (fixture, "WINNT/system32/config/SYSTEM", "system.json");
      touch (fixture, "WINNT/system32/kernel32.dll");
      touch (fixture, "WINNT/win.ini");
    }
  if (g_str_equal (mode, "many"))
    for (int i = 0; i < MANY; i++)
      {
        g_autofree char *name = g_strdup_printf ("WINDOWS/system32/d%04d/msblast.exe", i);
        touch (fixture, name);
      }
  {
    const char *const args[] = { fixture, NULL };
    status = run_app (argv[0], args,
                      g_str_equal (mode, "dual")   ? test_dual
                      : g_str_equal (mode, "one")  ? test_one_windows
                      : g_str_equal (mode, "words")  ? test_words
                      : g_str_equal (mode, "many") ? test_many
                                                   : test_location,
                      0, 0);
  }
  remove_tree (fixture);
  g_free (fixture);
  return status;
}
