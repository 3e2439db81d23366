/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The receipt is short on purpose: a customer reads it at home, on paper, with no wizard to ask.
 * Its next steps are the Recovery and Prevention pages' own sentences (the same msgids, so the
 * same translations), with a box to tick for each; its links are QR codes a phone can open. What
 * a technician needs beyond that (every finding, the places not checked, the catalogue) is in
 * the full report.
 */
#include "config.h"

#include "bc-receipt.h"
#include "bc-report-private.h"

#include <glib/gi18n.h>

#include "bc-links.h"

/* More findings than this are counted, not listed: the receipt stays one or two pages. */
#define MAX_FINDINGS 5

const char *const bc_receipt_link_ids[] = { "windows-update", "ms03-026", "msrt", NULL };

/* A step to do at home: its title in bold with a box to tick (ticked when done here), and the
 * page's explanation under it. */
static void
add_step (BcReport *self, gboolean done, const char *title, const char *const *details)
{
  bc_report__add_markup (self, details[0] ? BC_BLOCK_STEP : BC_BLOCK_ITEM, BC_REPORT_COLOR_TEXT,
                         done ? "☑" : "☐",
                         g_markup_printf_escaped ("<b>%s</b>", title));
  for (const char *const *d = details; *d; d++)
    bc_report__add_text (self, BC_BLOCK_DETAIL, *d);
}

/* The steps' titles say what to do; under them are only the how-tos a person needs at home (the
 * click paths), not the pages' explanations of why (the removal tool is in the links): the
 * receipt stays one or two pages, in Japanese too, whose lines are taller. */
static void
add_recovery (BcReport *self, BcSession *session)
{
  /* The Recovery page's words (ui/bc-recovery-page.ui). */
  const char *const none[] = { NULL };
  const char *const restore_off[]
    = { _("On Windows XP:\n"
          "1. Click Start, then Control Panel.\n"
          "2. Click Performance and Maintenance, then System.\n"
          "3. Click the System Restore tab.\n"
          "4. Tick “Turn off System Restore on all drives”.\n"
          "5. Click OK."),
        NULL };
  const char *const restore_on[]
    = { _("When the worm is gone, open the System Restore tab as in step 2, untick “Turn off "
          "System Restore on all drives”, and click OK."),
        NULL };
  /* Step 3 in the order of Microsoft's guide: the firewall before the network. The updates and
   * where to get them are the Prevention steps below. */
  const scan_report *report = bc_session_get_report (session);
  const char *os = report && bc_session_get_target_kind (session) != BC_TARGET_BY_HAND
                     ? report->os_version : NULL;
  /* Windows 2000 has no firewall, XP has: where the checked Windows is known, only its way. */
  gboolean xp = !os || !g_str_equal (os, "5.0");
  gboolean w2k = !os || g_str_equal (os, "5.0");
  const char *remove[8];
  guint n = 0;

  remove[n++] = _("3.1 Turn on the firewall, while the PC is still unplugged");
  if (xp)
    /* Translators: the Recovery page's firewall steps on one line, for the paper receipt;
     * use the exact names Windows XP shows in your language */
    remove[n++] = _("On Windows XP: Start, Control Panel, Network and Internet Connections, "
                    "Network Connections; right-click each connection, Properties, Advanced "
                    "tab; tick “Protect my computer and network by limiting or preventing access "
                    "to this computer from the Internet”, OK.");
  if (w2k)
    remove[n++] = _("Windows 2000 has no Internet Connection Firewall. Keep a Windows 2000 PC "
                    "unplugged all the way through: download the updates on another computer, "
                    "bring them over on a USB stick or a CD, and install them from there.");
  remove[n++] = _("3.2 Stop the worm");
  remove[n++] = _("3.3 Connect the PC again and install the updates");
  remove[n++] = _("3.4 Delete the worm");
  remove[n++] = _("1. Delete the worm’s file from the %WinDir%\\System32 folder (usually "
                  "C:\\WINDOWS\\system32; on Windows 2000, C:\\WINNT\\system32).\n"
                  "2. Open Registry Editor: click Start, then Run, type regedit, and click OK.\n"
                  "3. Delete the value the worm added under "
                  "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run: for "
                  "Blaster A it is “windows auto update”.\n"
                  "4. Empty the Recycle Bin.\n"
                  "5. Restart the PC.");
  remove[n] = NULL;

  bc_report__add_text (self, BC_BLOCK_SUBHEADING, _("Recovery"));
  add_step (self, bc_session_get_step_done (session, BC_STEP_UNPLUG),
            _("Step 1: Unplug the network cable"), none);
  add_step (self, bc_session_get_step_done (session, BC_STEP_RESTORE_OFF),
            _("Step 2: Turn System Restore off for now"), restore_off);
  add_step (self, bc_session_get_step_done (session, BC_STEP_REMOVE),
            _("Step 3: Remove the worm"), (const char *const *) remove);
  add_step (self, bc_session_get_step_done (session, BC_STEP_RESTORE_ON),
            _("Step 4: Turn System Restore back on"), restore_on);
}

static void
add_prevention (BcReport *self, BcSession *session, gboolean recovery)
{
  const scan_report *report = bc_session_get_report (session);
  BcTargetKind kind = bc_session_get_target_kind (session);
  int iis = report && kind != BC_TARGET_BY_HAND ? report->iis : -1;
  /* The Prevention page's words (ui/bc-prevention-page.ui, bc-prevention-page.c). */
  const char *const update[]
    = { _("This was the 2003 advice: run Windows Update on the PC as soon as possible, as it "
          "installed these updates easily. Windows Update no longer offers updates for Windows XP."),
        NULL };
  const char *const iis_unknown[]
    = { _("If IIS is installed, the PC also needs the MS03-007 update. MS03-013 includes "
          "MS03-007: install MS03-013."),
        NULL };
  const char *const iis_installed[]
    = { kind == BC_TARGET_DISK ? _("On the checked disk, IIS is installed: install MS03-013 "
                                   "(which includes MS03-007).")
                               : _("In the checked Windows, IIS is installed: install MS03-013 "
                                   "(which includes MS03-007)."),
        NULL };
  const char *const antivirus[]
    = { _("Keep antivirus software running all the time, and update its virus definitions to "
          "the latest, so that it watches the PC."),
        NULL };

  /* Without the recovery steps, prevention is all there is to do, and there is room to say why. */
  if (recovery)
    bc_report__add_text (self, BC_BLOCK_SUBHEADING, _("Prevention"));
  else
    bc_report__add_text (self, BC_BLOCK_TEXT,
                         _("Protect every PC, infected or not, so that the worm cannot get in: "
                           "install Microsoft’s updates, check whether IIS is installed, and "
                           "keep antivirus software running."));
  add_step (self, FALSE, _("Windows Update"), update);
  /* Where the check saw no IIS, there is nothing to do about it. */
  if (iis != 0)
    add_step (self, FALSE, _("Is IIS installed?"), iis == 1 ? iis_installed : iis_unknown);
  add_step (self, FALSE, _("Antivirus software"), antivirus);
}

static void
add_next_steps (BcReport *self, BcSession *session)
{
  scan_infection infection = bc_session_get_infection (session, NULL);
  /* A clean PC has nothing to remove: its receipt speaks of protection only. */
  gboolean recovery
    = infection == SCAN_INFECTION_INFECTED || infection == SCAN_INFECTION_SUSPICIOUS;

  /* Translators: a heading in the printed receipt: what the customer does at home */
  bc_report__add_text (self, BC_BLOCK_HEADING, _("Next steps"));
  if (recovery)
    add_recovery (self, session);
  add_prevention (self, session, recovery);
}

static void
add_codes (BcReport *self)
{
  g_autoptr (GPtrArray) links = bc_report__begin_links (self);
  if (!links)
    return;
  bc_report__add_text (self, BC_BLOCK_TEXT,
                       _("To open a page, point a phone’s camera at its code, or type the "
                         "address printed beside it."));
  for (const char *const *id = bc_receipt_link_ids; *id; id++)
    {
      const BcLink *link = bc_links_find (links, *id);

      if (link)
        bc_report__add_qr (self, link->title, bc_link_best_address (link), NULL);
    }
}

BcReport *
bc_receipt_new (BcSession *session)
{
  g_autofree char *date = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *made = NULL;
  BcReport *self;

  g_return_val_if_fail (BC_IS_SESSION (session), NULL);
  date = bc_report__now_text ();
  /* Translators: the footer of each page of the printed receipt; %s is the date */
  footer = g_strdup_printf (_("Blaster Check receipt, %s"), date);
  /* Translators: the title of the short paper handed to a customer at a service counter */
  self = bc_report__new_empty (_("Blaster Check receipt"), footer);

  bc_report__add_text (self, BC_BLOCK_TITLE, bc_report_get_title (self));
  made = g_strdup_printf (_("Made on %s"), date);
  bc_report__add_markup (self, BC_BLOCK_SUBTITLE, BC_REPORT_COLOR_DIM, NULL,
                         g_markup_escape_text (made, -1));

  bc_report__add_target (self, session, FALSE);
  bc_report__add_verdicts (self, session, TRUE);
  bc_report__add_findings (self, session, MAX_FINDINGS, FALSE);
  bc_report__add_removal (self, session);
  add_next_steps (self, session);
  add_codes (self);
  return self;
}
