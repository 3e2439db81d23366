/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the Recovery, Prevention and Help and links pages tell a user to do, read off the screen
 * of the real wizard on a fixture disk. TAP output.
 *
 *   test-content infected   msblast.exe: Recovery's steps in Microsoft's order (the firewall
 *                           before the PC goes back on the network), in English, in Japanese and
 *                           in the PDF report; the step 1 text about which computer is unplugged;
 *                           Prevention's MS03-039 / MS04-012 bulletin buttons, its by-hand list
 *                           and Service Pack 2 line, Windows Update as the 2003 advice; Help and
 *                           links says what the link check needs the network for
 *   test-content welchia    Welchia's wins\dllhost.exe: Recovery says to stop its services first,
 *                           how to open Registry Editor, and the Windows 2000 folder
 *   test-content welchia-service   no worm file, but the SYSTEM hive has Welchia B's WksPatch
 *                           service (tests/gui/hives/system-welchia-b.json): the same steps, and
 *                           its key among the registry entries to delete
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bc-report.h"
#include "bc-session.h"
#include "gui-test.h"

static const char *mode;
static char *fixture;

/* Where NEEDLE starts in HAYSTACK, or -1. */
static gssize
at (const char *haystack, const char *needle)
{
  const char *p = haystack && needle ? strstr (haystack, needle) : NULL;
  return p ? p - haystack : -1;
}

/* Whether every text of WORDS is in TEXT, each after the one before. */
static gboolean
in_order (const char *text, const char *const *words, const char **missing)
{
  gssize last = -1;

  for (const char *const *w = words; *w; w++)
    {
      gssize here = at (text, *w);
      if (here <= last)
        {
          *missing = *w;
          return FALSE;
        }
      last = here;
    }
  return TRUE;
}

static void
check_recovery_order (BcWindow *window)
{
  g_autofree char *text = page_text (window);
  const char *missing = NULL;
  const char *const en[] = {
    "Step 1: Unplug the network cable",
    "Step 2: Turn System Restore off for now",
    "Step 3: Remove the worm",
    "3.1 Turn on the firewall, while the PC is still unplugged",
    "Protect my computer and network by limiting or preventing access to this computer from "
    "the Internet",
    "3.2 Stop the worm",
    "3.3 Connect the PC again and install the updates",
    "connect the PC to the network again",
    "Install MS03-039",
    "then MS03-007",
    "3.4 Delete the worm",
    "Step 4: Turn System Restore back on",
    NULL
  };

  gboolean ordered = in_order (text, en, &missing);

  ok (ordered,
      "Recovery: the advisory's four steps around Microsoft's order, the firewall before the "
      "PC is connected again (missing or out of order: %s)", missing ? missing : "none");
  ok (strstr (text, "Windows 2000 has no Internet Connection Firewall") != NULL
        && strstr (text, "download the updates on another computer") != NULL,
      "Recovery: says what to do on Windows 2000, which has no firewall");
  ok (strstr (text, "no longer offers updates for Windows XP") != NULL,
      "Recovery: says Windows Update is not what it was in 2003");
  ok (strstr (text, "Start, then Run, type regedit") != NULL,
      "Recovery: says how to open Registry Editor");

  /* The network: the checked PC is another computer, whose cable the wizard cannot see. */
  ok (strstr (text, "This computer is still connected to a network") == NULL
        && strstr (text, "No network: good") == NULL,
      "Recovery: no live network state of this computer when a disk was checked");
  ok (strstr (text, "It is the PC the disk comes from that must be unplugged, not this "
                    "computer") != NULL,
      "Recovery: says the PC the disk comes from is the one to unplug");
  ok (strstr (text, "does not speak of it") == NULL && strstr (text, "The line above") == NULL,
      "Recovery: no 'the line above does not speak of it'");
}

static void
check_recovery_japanese (BcWindow *window)
{
  g_autofree char *text = NULL;
  const char *missing = NULL;
  const char *firewall, *reconnect, *delete;

  set_language ("ja");
  pump (200);
  text = page_text (window);
  firewall = gettext ("3.1 Turn on the firewall, while the PC is still unplugged");
  reconnect = gettext ("3.3 Connect the PC again and install the updates");
  delete = gettext ("3.4 Delete the worm");
  {
    const char *const ja[] = { firewall,
                               /* Windows XP's own words for the box (MS04-012, JA) */
                               "インターネットからのこのコンピュータへのアクセスを制限したり"
                               "防いだりして、コンピュータとネットワークを保護する",
                               reconnect, delete, NULL };

    gboolean ordered = in_order (text, ja, &missing);

    ok (has_japanese (firewall) && has_japanese (reconnect) && ordered,
        "ja: Recovery turns the firewall on, in Windows XP's words, before the PC is "
        "connected again (missing or out of order: %s)", missing ? missing : "none");
  }
  ok (strstr (text, "「ネットワーク接続」") != NULL || strstr (text, "[ネットワーク接続]") != NULL,
      "ja: the firewall's click path names Network Connections as Windows XP does");
  set_language ("en");
}

static void
check_pdf (BcWindow *window)
{
  g_autofree char *en = report_pdf_text (bc_window_get_session (window), fixture);
  const char *missing = NULL;
  const char *const order[] = { "1. Unplug the PC from the network",
                                "2. Turn System Restore off",
                                "3. Remove the worm in the order of Microsoft",
                                "3.1 Turn on the firewall",
                                "3.3 Connect the PC again",
                                "3.4 Delete the worm",
                                "4. Turn System Restore back on",
                                NULL };

  gboolean ordered = en && in_order (en, order, &missing);

  ok (ordered,
      "PDF report: the recovery steps in Microsoft's order, firewall first (missing or out of "
      "order: %s)", missing ? missing : "none");

  set_language ("ja");
  missing = NULL;
  {
    g_autofree char *ja = report_pdf_text (bc_window_get_session (window), fixture);
    g_autofree char *flat = squeeze (ja);
    g_autofree char *firewall = squeeze (gettext ("3.1 Turn on the firewall, while the PC is "
                                                  "still unplugged"));
    g_autofree char *reconnect = squeeze (gettext ("3.3 Connect the PC again and install the "
                                                   "updates"));
    g_autofree char *delete = squeeze (gettext ("3.4 Delete the worm"));
    const char *const ja_order[] = { firewall, reconnect, delete, NULL };
    gboolean ja_ordered = flat && has_japanese (firewall) && in_order (flat, ja_order, &missing);

    ok (ja_ordered, "ja: the PDF report has the firewall step before the reconnection, in "
                    "Japanese (missing or out of order: %s)", missing ? missing : "none");
  }
  set_language ("en");
}

static void
check_prevention (BcWindow *window)
{
  GtkWidget *page = visible_page (window);
  g_autofree char *text = page_text (window);

  ok (find_action_button (page, "prevention.open-link", "ms03-039") != NULL,
      "Prevention: MS03-039 has its bulletin button");
  ok (find_action_button (page, "prevention.open-link", "ms04-012") != NULL,
      "Prevention: MS04-012 has its bulletin button");
  ok (find_action_button (page, "prevention.open-link", "ms03-026") != NULL,
      "Prevention: MS03-026 still has its bulletin button");
  ok (strstr (text, "MS03-039 (replaces MS03-026): an entry with KB824146") != NULL
        && strstr (text, "MS04-012 (replaces MS03-026 and MS03-039): an entry with KB828741")
             != NULL,
      "Prevention: the by-hand list has MS03-039 (KB824146) and MS04-012 (KB828741)");
  ok (strstr (text, "Windows XP Service Pack 2 already includes these updates") != NULL,
      "Prevention: says Service Pack 2 already includes these updates");
  ok (strstr (text, "is an update that is not installed") == NULL
        && strstr (text, "An entry not found here is not always a missing update") != NULL,
      "Prevention: a missing entry is not said to be an update not installed");
  ok (strstr (text, "This was the 2003 advice") != NULL
        && strstr (text, "Windows Update no longer offers updates for Windows XP") != NULL
        && strstr (text, "Run Windows Update now") == NULL,
      "Prevention: Windows Update is the 2003 advice, and no longer offers XP updates");
  ok (find_action_button (page, "prevention.open-catalog", NULL) != NULL
        && strstr (text, "not confirmed") != NULL,
      "Prevention: points to the Microsoft Update Catalog, said to be unconfirmed");

  set_language ("ja");
  pump (200);
  {
    g_autofree char *ja = page_text (window);
    const char *sp2 = gettext ("Windows XP Service Pack 2 already includes these updates: a PC "
                               "with Service Pack 2 needs none of these entries.\n"
                               "An entry not found here is not always a missing update: "
                               "MS03-039 or MS04-012 replaces MS03-026, and Service Pack 2 "
                               "includes them all. Only when neither the entry nor what replaces "
                               "it is there does the PC need the update.");
    ok (has_japanese (sp2) && strstr (ja, sp2) != NULL,
        "ja: Prevention's Service Pack 2 line is in Japanese");
  }
  set_language ("en");
}

static void
check_links (BcWindow *window)
{
  g_autofree char *text = page_text (window);

  ok (strstr (text, "The check needs this computer, the one running this program, to be on the "
                    "Internet") != NULL
        && strstr (text, "stays unplugged") != NULL,
      "Help and links: says the link check needs this computer online, and the checked PC "
      "stays unplugged");
}

static void
test_infected (BcWindow *window)
{
  if (!ok (go_to (window, "recovery"), "the wizard reaches Recovery (on %s)", page_id (window)))
    return;
  check_recovery_order (window);
  {
    g_autofree char *text = page_text (window);
    ok (strstr (text, "net stop RpcPatch") == NULL,
        "Recovery: no Welchia steps when only Blaster was found");
  }
  check_recovery_japanese (window);
  check_pdf (window);
  if (!ok (go_to (window, "prevention"), "then Prevention (on %s)", page_id (window)))
    return;
  check_prevention (window);
  if (!ok (go_to (window, "links"), "then Help and links (on %s)", page_id (window)))
    return;
  check_links (window);
}

static void
test_welchia (BcWindow *window)
{
  g_autofree char *text = NULL;
  const char *missing = NULL;
  const char *const order[] = { "Welchia (Nachi): stop its services first",
                                "net stop RpcPatch",
                                "net stop WksPatch",
                                "Delete its files: C:\\WINDOWS\\system32\\wins\\dllhost.exe",
                                "Open Registry Editor (Start, Run, type regedit, OK), go to "
                                "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services",
                                NULL };

  if (!ok (go_to (window, "recovery"), "the wizard reaches Recovery (on %s)", page_id (window)))
    return;
  text = page_text (window);
  ok (strstr (text, "wins") != NULL, "Recovery lists Welchia's file");
  gboolean ordered = in_order (text, order, &missing);

  ok (ordered,
      "Recovery: Welchia's services are stopped before its files and keys are deleted "
      "(missing or out of order: %s)", missing ? missing : "none");
  ok (strstr (text, "C:\\WINNT\\system32") != NULL, "Recovery: gives the Windows 2000 folder");
}

static void
test_welchia_service (BcWindow *window)
{
  g_autofree char *text = NULL;

  if (!ok (go_to (window, "recovery"), "the wizard reaches Recovery (on %s)", page_id (window)))
    return;
  text = page_text (window);
  ok (strstr (text, "Welchia (Nachi): stop its services first") != NULL
        && strstr (text, "net stop WksPatch") != NULL,
      "Recovery: Welchia found by its service alone gets the steps to stop it first");
  ok (strstr (text, "WksPatch") < strstr (text, "Welchia (Nachi): stop its services first")
        && strstr (text, "Services") != NULL,
      "Recovery: the WksPatch service's key is among the registry entries to delete");
}

/* Replaces the fixture's SYSTEM hive with SPEC (tests/gui/hives/), made by make-hive.py. */
static gboolean
replace_system_hive (const char *spec)
{
  const char *source = g_getenv ("BLASTER_CHECK_SOURCE_ROOT");
  g_autofree char *tool = g_build_filename (source ? source : ".", "tests/hive/make-hive.py", NULL);
  g_autofree char *spec_path = g_build_filename (source ? source : ".", "tests/gui/hives", spec,
                                                 NULL);
  g_autofree char *out = g_build_filename (fixture, "WINDOWS/system32/config/SYSTEM", NULL);
  const char *argv[] = { "python3", tool, out, spec_path, NULL };
  int status = -1;

  g_unlink (out);
  return g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                       &status, NULL)
         && g_spawn_check_wait_status (status, NULL);
}

int
main (int argc, char **argv)
{
  int status;

  mode = argc > 1 ? argv[1] : "infected";
  fixture = build_fixture (g_str_equal (mode, "infected"));
  if (g_str_equal (mode, "welchia"))
    touch (fixture, "WINDOWS/system32/wins/dllhost.exe");
  if (g_str_equal (mode, "welchia-service") && !replace_system_hive ("system-welchia-b.json"))
    {
      printf ("Bail out! could not make the SYSTEM hive with the WksPatch service\n");
      remove_tree (fixture);
      return 1;
    }
  {
    const char *const args[] = { fixture, NULL };
    status = run_app (argv[0], args,
                      g_str_equal (mode, "welchia")           ? test_welchia
                      : g_str_equal (mode, "welchia-service") ? test_welchia_service
                                                              : test_infected,
                      0, 0);
  }
  remove_tree (fixture);
  g_free (fixture);
  return status;
}
