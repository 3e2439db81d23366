/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One page-layout engine, two documents. A document is a list of blocks (a title, a heading, a
 * paragraph, a list item, a QR code with words beside it), each one Pango markup with a style
 * (bc-report-private.h). Paginating lays every block out at the page width and places it line by
 * line, so a long list or a long path runs on to the next page instead of being cut; a heading
 * never stays alone at the bottom of a page, and a QR code is never split. Drawing a page shows
 * what was placed on it. This file also holds the full report's content and the sections it
 * shares with the receipt (bc-receipt.c), writing a PDF, and printing.
 */
#include "config.h"

#include "bc-report.h"
#include "bc-report-private.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <stdlib.h>

#include "bc-config.h"
#include "bc-language.h"
#include "bc-links.h"
#include "bc-qr.h"
#include "bc-registry-location.h"
#include "bc-removal-text.h"
#include "bc-script.h"
#include "scan-error.h"

/* The PDF's margins: about 2 cm, wide enough for any printer that prints it again. */
#define PDF_MARGIN 56.0
/* The same margins for a printer, in millimetres. */
#define PRINT_MARGIN_MM 20.0

typedef struct
{
  double size;         /* points */
  PangoWeight weight;
  double indent;       /* points from the left edge */
  double hang;         /* a hanging indent for the bullet, points */
  double space_before; /* points; dropped at the top of a page */
  gboolean keep_with_next;
  gboolean rule_above;
  gboolean monospace;
} StyleInfo;

/* Sizes for reading on paper: 10.5 pt text, never below 8.5 pt. */
static const StyleInfo styles[BC_BLOCK__COUNT] = {
  [BC_BLOCK_TITLE] = { 22, PANGO_WEIGHT_BOLD, 0, 0, 0, TRUE, FALSE, FALSE },
  [BC_BLOCK_SUBTITLE] = { 10.5, PANGO_WEIGHT_NORMAL, 0, 0, 4, FALSE, FALSE, FALSE },
  [BC_BLOCK_HEADING] = { 14, PANGO_WEIGHT_BOLD, 0, 0, 20, TRUE, TRUE, FALSE },
  [BC_BLOCK_SUBHEADING] = { 12, PANGO_WEIGHT_BOLD, 0, 0, 12, TRUE, FALSE, FALSE },
  [BC_BLOCK_VERDICT] = { 12.5, PANGO_WEIGHT_BOLD, 0, 18, 8, FALSE, FALSE, FALSE },
  [BC_BLOCK_TEXT] = { 10.5, PANGO_WEIGHT_NORMAL, 0, 0, 6, FALSE, FALSE, FALSE },
  [BC_BLOCK_ITEM] = { 10.5, PANGO_WEIGHT_NORMAL, 4, 16, 4, FALSE, FALSE, FALSE },
  [BC_BLOCK_STEP] = { 10.5, PANGO_WEIGHT_NORMAL, 4, 16, 6, TRUE, FALSE, FALSE },
  [BC_BLOCK_DETAIL] = { 9.5, PANGO_WEIGHT_NORMAL, 20, 0, 1, FALSE, FALSE, FALSE },
  [BC_BLOCK_CODE] = { 8.5, PANGO_WEIGHT_NORMAL, 20, 0, 1, FALSE, FALSE, TRUE },
  [BC_BLOCK_QR] = { 10.5, PANGO_WEIGHT_NORMAL, 0, 0, 10, FALSE, FALSE, FALSE },
};

/* A QR code on paper: 72 pt (25 mm) square, its quiet zone included, so that a module of the
 * longest address (version 5, 45 modules) is 0.56 mm, which a phone reads from a hand's width. */
#define QR_SIZE 72.0
#define QR_GAP 14.0
#define QR_ADDRESS_SIZE 8.5

/* Extra room between the lines of a paragraph, points. */
#define LEADING 1.5
#define FOOTER_SIZE 8.5
#define FOOTER_HEIGHT 22.0

#define COLOR_TEXT BC_REPORT_COLOR_TEXT
#define COLOR_DIM BC_REPORT_COLOR_DIM
#define COLOR_RULE 0xc0bfbc

typedef struct
{
  BcBlockStyle style;
  char *markup;
  char *bullet; /* in the hanging indent of the first line; NULL: none */
  guint32 color;
  char *uri;           /* a PDF link on the block's lines; NULL: none */
  char *qr;            /* BC_BLOCK_QR: the text of the code, drawn left of the words */
  PangoLayout *layout; /* of the last pagination */
} Block;

/* One line of a block, a rule, or a QR code, placed on a page. */
typedef struct
{
  int page;
  PangoLayoutLine *line; /* NULL: a rule across the page at BASELINE, or QR */
  double x, baseline;    /* for a QR code: its top left corner */
  guint32 color;
  const char *uri; /* the block's */
  const char *qr;  /* the block's code */
} Placed;

struct _BcReport
{
  GObject parent_instance;

  char *title;    /* "Blaster Check report" */
  GArray *blocks; /* of Block */
  char *footer;   /* "Blaster Check report, <date>" */

  /* The last layout. */
  PangoContext *context;
  GArray *placed; /* of Placed */
  int n_pages;
  double width, height;
};

G_DEFINE_FINAL_TYPE (BcReport, bc_report, G_TYPE_OBJECT)

/* Building a document. */

void
bc_report__add_markup (BcReport *self, BcBlockStyle style, guint32 color, const char *bullet,
                       char *markup)
{
  Block block = { style, markup, g_strdup (bullet), color, NULL, NULL, NULL };
  g_array_append_val (self->blocks, block);
}

void
bc_report__add_text (BcReport *self, BcBlockStyle style, const char *text)
{
  bc_report__add_markup (self, style, COLOR_TEXT, NULL, g_markup_escape_text (text, -1));
}

void
bc_report__add_item (BcReport *self, const char *text)
{
  bc_report__add_markup (self, BC_BLOCK_ITEM, COLOR_TEXT, "•", g_markup_escape_text (text, -1));
}

void
bc_report__link_last (BcReport *self, const char *uri)
{
  Block *last;

  g_return_if_fail (self->blocks->len > 0);
  last = &g_array_index (self->blocks, Block, self->blocks->len - 1);
  g_free (last->uri);
  last->uri = g_strdup (uri);
}

void
bc_report__add_qr (BcReport *self, const char *title, const char *address, const char *note)
{
  /* The address in full, in a typewriter face: someone may have to type it. Its slashes stay
   * where they are in a report that reads right to left. */
  g_autofree char *shown = bc_script_isolate (address);
  g_autofree char *markup
    = g_markup_printf_escaped ("<b>%s</b>\n<span font_family=\"Monospace\" size=\"%d\">%s</span>",
                               title, (int) (QR_ADDRESS_SIZE * PANGO_SCALE), shown);
  g_autofree char *note_markup
    = note ? g_markup_printf_escaped ("\n<span size=\"%d\" foreground=\"#%06x\">%s</span>",
                                      (int) (styles[BC_BLOCK_DETAIL].size * PANGO_SCALE),
                                      COLOR_DIM, note)
           : NULL;
  Block *block;

  bc_report__add_markup (self, BC_BLOCK_QR, COLOR_TEXT, NULL,
                         g_strconcat (markup, note_markup ? note_markup : "", NULL));
  block = &g_array_index (self->blocks, Block, self->blocks->len - 1);
  block->uri = g_strdup (address);
  block->qr = g_strdup (address);
}

/* A path as the person should read it: its bytes may not be UTF-8 (an old Windows disk). */
static char *
display_path (const char *path)
{
  return bc_display_text (path);
}

char *
bc_report__now_text (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  /* Translators: the date and time the report was made, for g_date_time_format () */
  return g_date_time_format (now, _("%Y-%m-%d %H:%M"));
}

static guint32
infection_color (scan_infection v)
{
  switch (v)
    {
    case SCAN_INFECTION_INFECTED:
      return 0xa51d2d;
    case SCAN_INFECTION_SUSPICIOUS:
      return 0x9c6e03;
    case SCAN_INFECTION_CLEAN:
      return 0x1b7a44;
    case SCAN_INFECTION_INCOMPLETE:
    default:
      return COLOR_DIM;
    }
}

/* Marks beside the verdict's words, so that it reads without colour (printed in black). */
static const char *
infection_mark (scan_infection v)
{
  switch (v)
    {
    case SCAN_INFECTION_INFECTED:
      return "✖";
    case SCAN_INFECTION_SUSPICIOUS:
      return "⚠";
    case SCAN_INFECTION_CLEAN:
      return "✔";
    case SCAN_INFECTION_INCOMPLETE:
    default:
      return "?";
    }
}

static const char *
vulnerability_mark (scan_vulnerability v)
{
  switch (v)
    {
    case SCAN_VULN_PATCHED:
      return "✔";
    case SCAN_VULN_UNPATCHED:
      return "✖";
    case SCAN_VULN_UNKNOWN:
    default:
      return "?";
    }
}

static guint32
vulnerability_color (scan_vulnerability v)
{
  switch (v)
    {
    case SCAN_VULN_PATCHED:
      return 0x1b7a44;
    case SCAN_VULN_UNPATCHED:
      return 0xa51d2d;
    case SCAN_VULN_UNKNOWN:
    default:
      return COLOR_DIM;
    }
}

static const char *
symptom_text (BcSymptom symptom)
{
  switch (symptom)
    {
    case BC_SYMPTOM_SHUTDOWN_DIALOG:
      return _("The “System Shutdown” window with a 60-second countdown");
    case BC_SYMPTOM_RPC_ERROR:
      return _("The message that the Remote Procedure Call (RPC) service terminated "
               "unexpectedly");
    case BC_SYMPTOM_SVCHOST_ERROR:
      return _("Errors of svchost.exe (Generic Host Process for Win32 Services)");
    case BC_SYMPTOM_RESTARTS:
      return _("The PC restarts again and again");
    case BC_SYMPTOM__COUNT:
    default:
      g_return_val_if_reached ("");
    }
}

static const char *
step_text (BcRecoveryStep step)
{
  switch (step)
    {
    case BC_STEP_UNPLUG:
      return _("1. Unplug the PC from the network (LAN)");
    case BC_STEP_RESTORE_OFF:
      return _("2. Turn System Restore off for the time being");
    case BC_STEP_REMOVE:
      return _("3. Remove the worm in the order of Microsoft’s guide");
    case BC_STEP_RESTORE_ON:
      return _("4. Turn System Restore back on");
    case BC_STEP__COUNT:
    default:
      g_return_val_if_reached ("");
    }
}

/* Sections both documents share. */

void
bc_report__add_target (BcReport *self, BcSession *session, gboolean details)
{
  const scan_report *report = bc_session_get_report (session);
  const char *path = bc_session_get_target_path (session);
  g_autofree char *shown = path ? bc_script_display_filename (path) : NULL;
  g_autofree char *text = NULL;

  /* Translators: a heading in the printed report */
  bc_report__add_text (self, BC_BLOCK_HEADING, _("What was checked"));
  switch (bc_session_get_target_kind (session))
    {
    case BC_TARGET_THIS_COMPUTER:
      text = g_strdup (_("This computer."));
      break;
    case BC_TARGET_DISK:
      /* Translators: %s is where the disk is mounted, such as /media/usb */
      text = g_strdup_printf (_("An attached Windows disk: %s"), shown ? shown : "");
      break;
    case BC_TARGET_FOLDER:
      /* Translators: %s is a folder */
      text = g_strdup_printf (_("A folder: %s"), shown ? shown : "");
      break;
    case BC_TARGET_BY_HAND:
      text = g_strdup (_("This computer, checked by hand with the guided steps."));
      break;
    case BC_TARGET_NONE:
    default:
      text = g_strdup (_("Nothing was chosen to check."));
      break;
    }
  bc_report__add_text (self, BC_BLOCK_TEXT, text);

  if (!report || bc_session_get_target_kind (session) == BC_TARGET_BY_HAND)
    return;
  if (report->windows_dir && details)
    {
      g_autofree char *dir = display_path (report->windows_dir);
      g_autofree char *line = g_strdup_printf (_("Windows folder: %s"), dir);
      bc_report__add_text (self, BC_BLOCK_DETAIL, line);
    }
  if (report->os_product)
    {
      g_autoptr (GString) os = g_string_new (report->os_product);
      if (report->os_version)
        g_string_append_printf (os, " %s", report->os_version);
      if (report->os_service_pack)
        g_string_append_printf (os, " %s", report->os_service_pack);
      g_autofree char *shown_os = display_path (os->str);
      g_autofree char *line = g_strdup_printf (_("Windows: %s"), shown_os);
      bc_report__add_text (self, BC_BLOCK_DETAIL, line);
    }
  if (!details)
    return;
  g_autofree char *stats
    = g_strdup_printf (ngettext ("%llu entry checked in %.1f seconds.",
                                 "%llu entries checked in %.1f seconds.", report->entries),
                       (unsigned long long) report->entries, report->seconds);
  bc_report__add_text (self, BC_BLOCK_DETAIL, stats);
  if (report->quick)
    bc_report__add_text (self, BC_BLOCK_DETAIL,
                         _("Quick check: only the places the worm uses were checked."));
}

/* The updates STATES (one Windows's) as report lines, "KB823980 (MS03-026): installed", the
 * missing ones only when ONLY_MISSING; NULL when none of them is known. */
static char **
update_lines (const scan_report *report, const scan_patch_state *states, gboolean only_missing)
{
  size_t n_patches;
  const scan_patch *patches = scan_rules_patches (report->rules, &n_patches);
  gboolean any_known = FALSE;
  g_autoptr (GStrvBuilder) lines = g_strv_builder_new ();

  for (size_t i = 0; states && i < n_patches; i++)
    any_known |= states[i] != SCAN_PATCH_UNKNOWN;
  if (!any_known)
    return NULL;
  for (size_t i = 0; i < n_patches; i++)
    {
      if (only_missing && states[i] != SCAN_PATCH_MISSING)
        continue;
      /* Translators: an update, its bulletin and whether it is installed:
       * "KB823980 (MS03-026): installed" */
      g_autofree char *line = g_strdup_printf (_("%s (%s): %s"), patches[i].id,
                                               patches[i].bulletin,
                                               _(scan_patch_state_text (states[i])));
      g_strv_builder_add (lines, line);
    }
  return g_strv_builder_end (lines);
}

static void
add_reasons (BcReport *self, GPtrArray *reasons)
{
  for (guint i = 0; i < reasons->len; i++)
    bc_report__add_item (self, g_ptr_array_index (reasons, i));
}

void
bc_report__add_verdicts (BcReport *self, BcSession *session, gboolean only_missing)
{
  g_autoptr (GPtrArray) infection_reasons = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) vulnerability_reasons = g_ptr_array_new_with_free_func (g_free);
  scan_infection infection = bc_session_get_infection (session, infection_reasons);
  scan_vulnerability vulnerability = bc_session_get_vulnerability (session, vulnerability_reasons);
  const scan_report *report = bc_session_get_report (session);

  /* Translators: a heading in the printed report: is the worm on the PC? */
  bc_report__add_text (self, BC_BLOCK_HEADING, _("Infection"));
  bc_report__add_markup (self, BC_BLOCK_VERDICT, infection_color (infection),
                         infection_mark (infection),
                         g_markup_escape_text (bc_report_infection_text (infection), -1));
  add_reasons (self, infection_reasons);

  /* Translators: a heading in the printed report: can the worm get in? */
  bc_report__add_text (self, BC_BLOCK_HEADING, _("Vulnerability"));
  bc_report__add_markup (self, BC_BLOCK_VERDICT, vulnerability_color (vulnerability),
                         vulnerability_mark (vulnerability),
                         g_markup_escape_text (bc_report_vulnerability_text (vulnerability), -1));
  add_reasons (self, vulnerability_reasons);

  /* The update list says something only when the scan could read the registry; a disk with more
   * than one Windows has one per Windows, below. */
  if (report && report->patch_states && report->n_windows <= 1
      && bc_session_get_target_kind (session) != BC_TARGET_BY_HAND)
    {
      g_auto (GStrv) lines = update_lines (report, report->patch_states, only_missing);
      for (char **line = lines; line && *line; line++)
        bc_report__add_item (self, *line);
    }

  /* A disk with two or more Windows (dual boot): each one's folder as the PC names it, which
   * Windows it is, and its own verdict. */
  if (report && report->n_windows > 1
      && bc_session_get_target_kind (session) != BC_TARGET_BY_HAND)
    {
      bc_report__add_text (self, BC_BLOCK_HEADING, _("Each Windows on this disk"));
      for (size_t i = 0; i < report->n_windows; i++)
        {
          const scan_windows *w = &report->windows[i];
          g_autofree char *title = bc_report_windows_title (report, w);
          /* One item each: the Windows, then its verdict's words on lines of their own. */
          g_auto (GStrv) updates = update_lines (report, w->patch_states, only_missing);
          g_autofree char *update_text = updates ? g_strjoinv ("\n", updates) : NULL;
          g_autofree char *item
            = g_strjoin ("\n", title, bc_report_infection_text (w->infection),
                         bc_report_vulnerability_text (w->vulnerability),
                         update_text && *update_text ? update_text : NULL, NULL);
          bc_report__add_item (self, item);
        }
    }
}

/* W's folder as the checked PC names it ("C:\\WINNT", from the core), then which Windows it is
 * when the registry said. */
char *
bc_report_windows_title (const scan_report *report, const scan_windows *w)
{
  g_autofree char *folder
    = bc_display_text (w->windows_location ? w->windows_location
                       : w->windows_dir    ? w->windows_dir
                                           : "");
  g_autofree char *name = NULL;

  (void) report;
  if (w->os_product && *w->os_product)
    {
      g_autofree char *product = bc_display_text (w->os_product);
      g_autofree char *service_pack = w->os_service_pack && *w->os_service_pack
                                        ? bc_display_text (w->os_service_pack)
                                        : NULL;
      name = service_pack ? g_strdup_printf (_("%1$s, %2$s"), product, service_pack)
                          : g_steal_pointer (&product);
    }
  /* Translators: a Windows folder as the PC names it, then which Windows it is:
   * "C:\WINNT: Microsoft Windows 2000, Service Pack 4" */
  return name ? g_strdup_printf (_("%1$s: %2$s"), folder, name) : g_steal_pointer (&folder);
}

/* Where a finding is, as the checked PC names it (the core's windows_location), since the person
 * removes it there: a registry value by its name and key as Registry Editor shows them on the
 * PC, a file by its Windows path (C:\WINDOWS\system32\msblast.exe). Only a finding no Windows
 * names (a folder with no Windows in it) is given by its path on the disk. */
char *
bc_report_finding_place (const scan_finding *f)
{
  g_auto (BcRegistryLocation) where = { 0 };

  if ((f->kind != SCAN_FINDING_REGISTRY && f->kind != SCAN_FINDING_SERVICE)
      || !bc_registry_location_parse (f->location, &where))
    return display_path (f->windows_location ? f->windows_location : f->location);

  g_autofree char *name = bc_display_text (where.name);
  g_autofree char *key = NULL;
  if (f->windows_location)
    {
      /* The key is the Windows name without the value's or service's name at its end. */
      const char *last = strrchr (f->windows_location, '\\');
      g_autofree char *parent
        = last ? g_strndup (f->windows_location, (gsize) (last - f->windows_location))
               : g_strdup (f->windows_location);
      key = bc_display_text (parent);
    }
  else
    key = bc_display_text (where.key);
  if (f->kind == SCAN_FINDING_SERVICE)
    {
      g_autofree char *service_key = g_strdup_printf ("%s\\%s", key, name);

      /* Translators: %1$s is a service's registry key
       * (HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\RpcPatch), %2$s the service's
       * name */
      return g_strdup_printf (_("Key %1$s (the service “%2$s”)"), service_key, name);
    }
  if (f->windows_user)
    {
      g_autofree char *user = bc_display_text (f->windows_user);

      /* Translators: %1$s is a value's name, %2$s its registry key
       * (HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run), %3$s the Windows
       * user whose own registry that is (the name of the user's folder in
       * "Documents and Settings") */
      return g_strdup_printf (_("Value “%1$s” in %2$s, when the user “%3$s” is logged on"), name,
                              key, user);
    }
  if (g_str_has_prefix (where.key, "HKEY_CURRENT_USER"))
    {
      g_autofree char *hive = bc_display_text (where.hive);

      /* Translators: %1$s is a value's name, %2$s its registry key, %3$s the user's registry
       * file on the checked disk (…\Documents and Settings\NAME\NTUSER.DAT) */
      return g_strdup_printf (_("Value “%1$s” in %2$s (the user whose registry file is %3$s)"),
                              name, key, hive);
    }
  /* Translators: %1$s is a value's name ("windows auto update"), %2$s its registry key
   * (HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run) */
  return g_strdup_printf (_("Value “%1$s” in %2$s"), name, key);
}

/* The file on the attached disk a finding was read from (the file itself, or the registry file
 * that holds it), for the technician's details; NULL when it is the place already shown. */
static char *
finding_disk_path (const scan_finding *f)
{
  g_auto (BcRegistryLocation) where = { 0 };

  if (!f->windows_location || strcmp (f->windows_location, f->location) == 0)
    return NULL;
  if ((f->kind == SCAN_FINDING_REGISTRY || f->kind == SCAN_FINDING_SERVICE)
      && bc_registry_location_parse (f->location, &where))
    return display_path (where.hive);
  return display_path (f->location);
}

static void
add_more (BcReport *self, guint64 more)
{
  g_autofree char *text = g_strdup_printf (ngettext ("… and %llu more, not listed.",
                                                     "… and %llu more, not listed.", more),
                                           (unsigned long long) more);
  bc_report__add_text (self, BC_BLOCK_TEXT, text);
}

void
bc_report__add_findings (BcReport *self, BcSession *session, gsize max_findings, gboolean details)
{
  const scan_report *report = bc_session_get_report (session);
  gsize shown;

  if (!report || bc_session_get_target_kind (session) == BC_TARGET_BY_HAND)
    return;

  shown = max_findings && report->n_findings > max_findings ? max_findings : report->n_findings;
  /* Translators: a heading in the printed report */
  bc_report__add_text (self, BC_BLOCK_HEADING, _("What was found"));
  if (report->n_findings == 0)
    bc_report__add_text (self, BC_BLOCK_TEXT, _("No file of the worm was found."));
  for (gsize i = 0; i < shown; i++)
    {
      const scan_finding *f = &report->findings[i];
      const scan_variant *v = f->indicator->variant;
      g_autofree char *place = bc_report_finding_place (f);
      g_autofree char *what = NULL;

      if (v && !f->indicator->any_variant)
        /* Translators: a worm family and its variant letter, then why it was reported */
        what = g_strdup_printf (_("%s, variant %s: "), v->family_name, v->id);
      else if (v)
        what = g_strdup_printf ("%s: ", v->family_name);
      /* Translators: what a finding is and where, in a printed list:
       * "file: C:\WINDOWS\system32\msblast.exe", "registry value: Value “…” in HKEY_…" */
      g_autofree char *line = g_strdup_printf (_("%1$s: %2$s"), _(scan_finding_kind_text (f->kind)),
                                               place);
      bc_report__add_markup (self, BC_BLOCK_ITEM, COLOR_TEXT, "•",
                             g_markup_printf_escaped ("<b>[%s]</b> %s",
                                                      _(scan_severity_text (f->severity)), line));
      if (!details)
        continue;
      g_autofree char *detail = g_strconcat (what ? what : "", _(scan_why_text (f->why)), NULL);
      bc_report__add_text (self, BC_BLOCK_DETAIL, detail);
      g_autofree char *disk = finding_disk_path (f);
      if (disk)
        {
          /* Translators: where a finding is on the attached disk, as this computer mounted it
           * (the file, or the registry file that holds it) */
          g_autofree char *on_disk = g_strdup_printf (_("On the attached disk: %s"), disk);
          bc_report__add_text (self, BC_BLOCK_DETAIL, on_disk);
        }
    }
  if (report->findings_dropped || shown < report->n_findings)
    add_more (self, report->findings_dropped + (report->n_findings - shown));

  if (!details || report->n_errors == 0)
    return;
  /* Translators: a heading in the printed report */
  bc_report__add_text (self, BC_BLOCK_HEADING, _("Places that could not be checked"));
  for (size_t i = 0; i < report->n_errors; i++)
    {
      g_autofree char *location = display_path (report->errors[i].location);
      /* Translators: a place that could not be checked, and why: "/mnt/x: permission denied" */
      g_autofree char *line = g_strdup_printf (_("%s: %s"), location,
                                               _(scan_strerror (report->errors[i].code)));
      bc_report__add_item (self, line);
    }
  if (report->errors_dropped)
    add_more (self, report->errors_dropped);
}

void
bc_report__add_removal (BcReport *self, BcSession *session)
{
  const scan_removal *removal = bc_session_get_removal (session);
  const scan_report *before = bc_session_get_report (session);
  const scan_report *after = bc_session_get_report_after (session);
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  g_autofree char *quarantine = NULL;

  if (!removal || !before)
    return;
  /* Translators: a heading in the printed report and receipt: what "Remove it for me" did */
  bc_report__add_text (self, BC_BLOCK_HEADING, _("Removed by this program"));
  /* Translators: the verdict of the check before the removal */
  before_text = g_strdup_printf (_("Before the removal: %s"),
                                 bc_report_infection_text (before->infection));
  bc_report__add_markup (self, BC_BLOCK_VERDICT, infection_color (before->infection),
                         infection_mark (before->infection),
                         g_markup_escape_text (before_text, -1));
  if (after)
    /* Translators: the verdict of the check again after the removal (or after its undo) */
    after_text = g_strdup_printf (removal->state == SCAN_REMOVAL_UNDONE
                                    ? _("After the undo, checked again: %s")
                                    : _("After the removal, checked again: %s"),
                                  bc_report_infection_text (after->infection));
  bc_report__add_markup (self, BC_BLOCK_VERDICT,
                         after ? infection_color (after->infection) : COLOR_DIM,
                         after ? infection_mark (after->infection) : "?",
                         g_markup_escape_text (after_text ? after_text : _("Not checked again"),
                                               -1));
  for (size_t i = 0; i < removal->n_actions && i < BC_REMOVAL_MAX_LINES; i++)
    {
      g_autofree char *places = bc_removal_action_places (&removal->actions[i]);
      g_autofree char *outcome = bc_removal_action_outcome (&removal->actions[i]);

      bc_report__add_item (self, places);
      bc_report__add_text (self, BC_BLOCK_DETAIL, outcome);
    }
  if (removal->n_actions > BC_REMOVAL_MAX_LINES)
    add_more (self, removal->n_actions - BC_REMOVAL_MAX_LINES);
  quarantine = bc_script_display_filename (removal->quarantine ? removal->quarantine : "");
  bc_report__add_text (self, BC_BLOCK_TEXT,
                       _("What was removed is kept in the quarantine on the disk, where Undo "
                         "finds it:"));
  bc_report__add_text (self, BC_BLOCK_CODE, quarantine);
}

/* The full report's own sections. */

static void
add_symptoms (BcReport *self, BcSession *session)
{
  gboolean any = FALSE;

  /* Translators: a heading in the printed report */
  bc_report__add_text (self, BC_BLOCK_HEADING, _("Symptoms you have seen"));
  for (int i = 0; i < BC_SYMPTOM__COUNT; i++)
    if (bc_session_get_symptom (session, i) == BC_ANSWER_YES)
      {
        bc_report__add_item (self, symptom_text (i));
        any = TRUE;
      }
  if (!any)
    bc_report__add_text (self, BC_BLOCK_TEXT, _("None of the symptoms was answered “seen”."));
}

static void
add_steps (BcReport *self, BcSession *session)
{
  /* Translators: a heading in the printed report */
  bc_report__add_text (self, BC_BLOCK_HEADING, _("Recovery steps"));
  for (int i = 0; i < BC_STEP__COUNT; i++)
    {
      gboolean done = bc_session_get_step_done (session, i);
      g_autofree char *line = NULL;

      if (done)
        /* Translators: a recovery step that was done: "1. Unplug …: done" */
        line = g_strdup_printf (_("%s: done"), step_text (i));
      else
        /* Translators: a recovery step not done yet: "1. Unplug …: not done" */
        line = g_strdup_printf (_("%s: not done"), step_text (i));
      bc_report__add_markup (self, BC_BLOCK_ITEM, COLOR_TEXT, done ? "☑" : "☐",
                             g_markup_escape_text (line, -1));
      /* Step 3's order is what keeps the PC from getting the worm again: the firewall before
       * the network (the Recovery page's headings, ui/bc-recovery-page.ui). */
      if (i == BC_STEP_REMOVE)
        {
          const char *const order[]
            = { _("3.1 Turn on the firewall, while the PC is still unplugged"),
                _("3.2 Stop the worm"),
                _("3.3 Connect the PC again and install the updates"),
                _("3.4 Delete the worm"),
                _("Windows 2000 has no Internet Connection Firewall. Keep a Windows 2000 PC "
                  "unplugged all the way through: download the updates on another computer, "
                  "bring them over on a USB stick or a CD, and install them from there.") };

          for (guint k = 0; k < G_N_ELEMENTS (order); k++)
            bc_report__add_text (self, BC_BLOCK_DETAIL, order[k]);
        }
    }
}

GPtrArray *
bc_report__begin_links (BcReport *self)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *links = bc_links_load (&error);

  /* Translators: a heading in the printed report: the advisory's web pages */
  bc_report__add_text (self, BC_BLOCK_HEADING, _("Links"));
  if (!links)
    {
      /* Translators: %s says why, e.g. a line of the links file that is malformed */
      g_autofree char *text = g_strdup_printf (_("The links could not be loaded: %s"),
                                               error->message);
      bc_report__add_text (self, BC_BLOCK_TEXT, text);
    }
  return links;
}

static void
add_links (BcReport *self)
{
  g_autoptr (GPtrArray) links = bc_report__begin_links (self);
  if (!links)
    return;
  bc_report__add_text (self, BC_BLOCK_TEXT,
                       _("Most addresses of 2003 no longer work. Each link shows the best "
                         "address known today: a newer page where one is known, or else the "
                         "copy kept by the Internet Archive."));
  for (guint i = 0; i < links->len; i++)
    {
      const BcLink *link = g_ptr_array_index (links, i);
      const char *address = bc_link_best_address (link);
      bc_report__add_item (self, link->title);
      bc_report__add_text (self, BC_BLOCK_CODE, address);
      bc_report__link_last (self, address);
      if (link->status)
        bc_report__add_markup (self, BC_BLOCK_DETAIL, COLOR_DIM, NULL,
                               g_markup_escape_text (link->status, -1));
    }
}

static void
add_about (BcReport *self, BcSession *session)
{
  const scan_rules *rules = bc_session_get_rules (session);
  const char *origin = scan_rules_origin (rules);
  g_autofree char *version = NULL;

  /* Translators: a heading in the printed report: the program and catalogue that made it */
  bc_report__add_text (self, BC_BLOCK_HEADING, _("About this report"));
  version = g_strdup_printf (_("Made by Blaster Check %s."), PACKAGE_VERSION);
  bc_report__add_text (self, BC_BLOCK_TEXT, version);
  /* Translators: the first %s is the catalogue's version, the second where it came from */
  g_autofree char *catalogue
    = g_strdup_printf (_("Indicator catalogue: version %s (%s)"), scan_rules_version (rules),
                       g_strcmp0 (origin, "built-in") == 0 ? _("built into the program")
                                                           : origin);
  bc_report__add_text (self, BC_BLOCK_TEXT, catalogue);
  g_autofree char *sha = g_strdup_printf ("SHA-256: %s", scan_rules_sha256 (rules));
  bc_report__add_text (self, BC_BLOCK_CODE, sha);
}

static void
build (BcReport *self, BcSession *session)
{
  g_autofree char *date = bc_report__now_text ();

  bc_report__add_text (self, BC_BLOCK_TITLE, self->title);
  g_autofree char *made = g_strdup_printf (_("Made on %s"), date);
  bc_report__add_markup (self, BC_BLOCK_SUBTITLE, COLOR_DIM, NULL,
                         g_markup_escape_text (made, -1));
  bc_report__add_text (self, BC_BLOCK_SUBTITLE,
                       _("This report shows what was checked for the Blaster worm (MS03-026) "
                         "and its variants, what was found, and what was done. Keep it, or show "
                         "it to whoever helps you with this PC."));

  bc_report__add_target (self, session, TRUE);
  bc_report__add_verdicts (self, session, FALSE);
  bc_report__add_findings (self, session, 0, TRUE);
  bc_report__add_removal (self, session);
  add_symptoms (self, session);
  add_steps (self, session);
  add_links (self);
  add_about (self, session);
}

/* Layout. */

static void
set_color (cairo_t *cr, guint32 rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

/* cairo's attribute string for a link to URI: quotes and backslashes escaped. */
static char *
link_attributes (const char *uri)
{
  GString *attributes = g_string_new ("uri='");

  for (const char *c = uri; *c; c++)
    {
      if (*c == '\'' || *c == '\\')
        g_string_append_c (attributes, '\\');
      g_string_append_c (attributes, *c);
    }
  g_string_append_c (attributes, '\'');
  return g_string_free (attributes, FALSE);
}

/* Fonts in points whatever the target: the same layout on a PDF and on a printer. */
static PangoContext *
create_context (cairo_t *cr)
{
  PangoContext *context = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (context, 72);
  /* Han characters take the shapes of the report's language: Japanese, Chinese or Korean. */
  pango_context_set_language (context, pango_language_from_string (bc_language_get ()));
  /* In Arabic every paragraph reads right to left, one that starts with a path or a Latin name
   * too: the paths inside are isolated left to right (bc_display_text). */
  pango_context_set_base_dir (context, bc_script_is_rtl () ? PANGO_DIRECTION_RTL
                                                           : PANGO_DIRECTION_LTR);
  return context;
}

static PangoLayout *
create_layout (PangoContext *context, const StyleInfo *style, double width)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_new ();

  /* The language's own faces (bc-script.c): the PDF embeds Noto Sans CJK SC in Simplified
   * Chinese, not the Japanese shapes fontconfig would find first. */
  pango_font_description_set_family (font, bc_script_font_family (style->monospace));
  pango_font_description_set_size (font, (int) (style->size * PANGO_SCALE));
  pango_font_description_set_weight (font, style->weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  /* Long paths have no spaces: they break anywhere rather than run off the page. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) ((width - style->indent) * PANGO_SCALE));
  if (bc_script_is_rtl ())
    {
      /* Right to left: every paragraph, set against the right margin. */
      pango_layout_set_auto_dir (layout, FALSE);
      pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
    }
  return layout;
}

/* How far in from the block's indent its words start: a QR code's words are beside it. */
static double
text_offset (const Block *block)
{
  return block->qr ? QR_SIZE + QR_GAP : 0;
}

/* Where the block's words (their layout box) start, and its QR code on a page WIDTH wide: the
 * indent and the code are on the left, or on the right when the report reads right to left. */
static double
text_x (const Block *block)
{
  return bc_script_is_rtl () ? 0 : styles[block->style].indent + text_offset (block);
}

static double
qr_x (const Block *block, double width)
{
  double indent = styles[block->style].indent;
  return bc_script_is_rtl () ? width - indent - QR_SIZE : indent;
}

/* Whether TEXT holds a letter written right to left (Arabic, Hebrew…). */
static gboolean
has_rtl_letters (const char *text, gsize length)
{
  for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
    switch (g_unichar_get_script (g_utf8_get_char (p)))
      {
      case G_UNICODE_SCRIPT_ARABIC:
      case G_UNICODE_SCRIPT_HEBREW:
      case G_UNICODE_SCRIPT_SYRIAC:
      case G_UNICODE_SCRIPT_THAANA:
      case G_UNICODE_SCRIPT_NKO:
        return TRUE;
      default:
        break;
      }
  return FALSE;
}

/* The block's markup as laid out. Right to left, a paragraph without a letter of the language
 * (an address, a command, a page title Microsoft gave in English) keeps its own order, left to
 * right, isolated inside the right-to-left paragraph: its quotes and final full stop stay where
 * it put them. Paragraphs end at newlines, which no tag spans. */
static char *
block_markup (const Block *block)
{
  g_auto (GStrv) lines = NULL;

  if (!bc_script_is_rtl ())
    return g_strdup (block->markup);
  lines = g_strsplit (block->markup, "\n", -1);
  for (char **line = lines; *line; line++)
    if (**line && !has_rtl_letters (*line, strlen (*line)))
      {
        char *isolated = g_strconcat ("\u2066", *line, "\u2069", NULL);
        g_free (*line);
        *line = isolated;
      }
  return g_strjoinv ("\n", lines);
}

static void
lay_out_block (BcReport *self, Block *block, double width)
{
  const StyleInfo *style = &styles[block->style];
  g_autofree char *text = block_markup (block);

  g_clear_object (&block->layout);
  block->layout = create_layout (self->context, style, width - text_offset (block));
  if (block->bullet)
    {
      /* The bullet hangs in the indent; wrapped lines start under the text. */
      g_autofree char *markup = g_strdup_printf ("%s\t%s", block->bullet, text);
      PangoTabArray *tabs = pango_tab_array_new_with_positions (1, TRUE, PANGO_TAB_LEFT,
                                                                (int) style->hang);
      pango_layout_set_tabs (block->layout, tabs);
      pango_tab_array_free (tabs);
      pango_layout_set_indent (block->layout, (int) (-style->hang * PANGO_SCALE));
      pango_layout_set_markup (block->layout, markup, -1);
    }
  else
    pango_layout_set_markup (block->layout, text, -1);
}

static double
first_line_height (Block *block)
{
  PangoRectangle logical;

  pango_layout_line_get_extents (pango_layout_get_line_readonly (block->layout, 0), NULL,
                                 &logical);
  return logical.height / (double) PANGO_SCALE + LEADING;
}

/* The height a block needs at the bottom of a page: a QR code's block is kept whole; of a
 * paragraph, two lines (one alone at the bottom is easily missed). */
static double
needed_height (Block *block)
{
  PangoRectangle logical;

  if (block->qr)
    {
      pango_layout_get_extents (block->layout, NULL, &logical);
      return MAX (QR_SIZE, logical.height / (double) PANGO_SCALE);
    }
  if (pango_layout_get_line_count (block->layout) < 2)
    return first_line_height (block);
  pango_layout_line_get_extents (pango_layout_get_line_readonly (block->layout, 1), NULL,
                                 &logical);
  return first_line_height (block) + logical.height / (double) PANGO_SCALE + LEADING;
}

static void
clear_placed (Placed *placed)
{
  g_clear_pointer (&placed->line, pango_layout_line_unref);
}

static void
clear_block (Block *block)
{
  g_free (block->markup);
  g_free (block->bullet);
  g_free (block->uri);
  g_free (block->qr);
  g_clear_object (&block->layout);
}

/* Places BLOCK's lines from Y on PAGE, breaking to new pages where they do not fit (never in a
 * QR code's block, which needed_height () made room for). Returns the Y below the block. */
static double
place_lines (BcReport *self, Block *block, int *page, double y, double bottom)
{
  double x = text_x (block);
  PangoLayoutIter *iter;

  if (block->qr)
    {
      PangoRectangle logical;
      Placed code = { *page, NULL, qr_x (block, self->width), y, COLOR_TEXT, block->uri,
                      block->qr };

      g_array_append_val (self->placed, code);
      /* The words beside the code are centred on it when they are shorter. */
      pango_layout_get_extents (block->layout, NULL, &logical);
      y += MAX (0, (QR_SIZE - logical.height / (double) PANGO_SCALE) / 2);
    }

  iter = pango_layout_get_iter (block->layout);
  do
    {
      PangoRectangle logical;
      double line_height, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line_height = logical.height / (double) PANGO_SCALE + LEADING;
      baseline = (pango_layout_iter_get_baseline (iter) - logical.y) / (double) PANGO_SCALE;
      if (!block->qr && y > 0 && y + line_height > bottom)
        {
          (*page)++;
          y = 0;
        }
      Placed placed = {
        *page,
        pango_layout_line_ref (pango_layout_iter_get_line_readonly (iter)),
        x + logical.x / (double) PANGO_SCALE,
        y + baseline,
        block->color,
        block->uri,
        NULL,
      };
      g_array_append_val (self->placed, placed);
      y += line_height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  return y;
}

/* GObject. */

static void
bc_report_finalize (GObject *object)
{
  BcReport *self = BC_REPORT (object);

  g_array_unref (self->placed);
  g_array_unref (self->blocks);
  g_clear_object (&self->context);
  g_free (self->title);
  g_free (self->footer);
  G_OBJECT_CLASS (bc_report_parent_class)->finalize (object);
}

static void
bc_report_class_init (BcReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bc_report_finalize;
}

static void
bc_report_init (BcReport *self)
{
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, (GDestroyNotify) clear_block);
  self->placed = g_array_new (FALSE, TRUE, sizeof (Placed));
  g_array_set_clear_func (self->placed, (GDestroyNotify) clear_placed);
}

/* Public API. */

BcReport *
bc_report__new_empty (const char *title, const char *footer)
{
  BcReport *self = g_object_new (BC_TYPE_REPORT, NULL);

  self->title = g_strdup (title);
  self->footer = g_strdup (footer);
  return self;
}

BcReport *
bc_report_new (BcSession *session)
{
  g_autofree char *date = NULL;
  g_autofree char *footer = NULL;
  BcReport *self;

  g_return_val_if_fail (BC_IS_SESSION (session), NULL);
  date = bc_report__now_text ();
  /* Translators: the footer of each page of the printed report; %s is the date */
  footer = g_strdup_printf (_("Blaster Check report, %s"), date);
  self = bc_report__new_empty (_("Blaster Check report"), footer);
  build (self, session);
  return self;
}

const char *
bc_report_get_title (BcReport *self)
{
  g_return_val_if_fail (BC_IS_REPORT (self), NULL);
  return self->title;
}

int
bc_report_paginate (BcReport *self, cairo_t *cr, double width, double height)
{
  double bottom = height - FOOTER_HEIGHT;
  double y = 0;
  int page = 0;

  g_return_val_if_fail (BC_IS_REPORT (self), 0);
  g_return_val_if_fail (cr != NULL, 0);

  g_clear_object (&self->context);
  self->context = create_context (cr);
  g_array_set_size (self->placed, 0);
  self->width = width;
  self->height = height;

  for (guint i = 0; i < self->blocks->len; i++)
    lay_out_block (self, &g_array_index (self->blocks, Block, i), width);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);
      const StyleInfo *style = &styles[block->style];
      double space = y > 0 ? style->space_before : 0;
      double needed = needed_height (block);

      /* A heading (or a step's title) goes to the next page with the first line of what it
       * heads, and a heading over a subheading with both. */
      for (guint k = i; styles[g_array_index (self->blocks, Block, k).style].keep_with_next
                        && k + 1 < self->blocks->len;
           k++)
        {
          Block *next = &g_array_index (self->blocks, Block, k + 1);
          needed += styles[next->style].space_before + needed_height (next);
        }
      if (y > 0 && y + space + needed > bottom)
        {
          page++;
          y = 0;
          space = 0;
        }
      y += space;
      if (style->rule_above && y > 0)
        {
          Placed rule = { page, NULL, 0, y - style->space_before / 2, COLOR_RULE, NULL, NULL };
          g_array_append_val (self->placed, rule);
        }
      if (block->qr)
        y = MAX (place_lines (self, block, &page, y, bottom), y + QR_SIZE);
      else
        y = place_lines (self, block, &page, y, bottom);
    }

  self->n_pages = page + 1;
  return self->n_pages;
}

int
bc_report_get_n_pages (BcReport *self)
{
  g_return_val_if_fail (BC_IS_REPORT (self), 0);
  return self->n_pages;
}

void
bc_report_draw_page (BcReport *self, cairo_t *cr, int page, double width, double height)
{
  g_autoptr (PangoLayout) footer = NULL;
  g_autofree char *page_text = NULL;
  PangoFontDescription *font;
  gboolean rtl = bc_script_is_rtl ();
  int footer_width;

  g_return_if_fail (BC_IS_REPORT (self));
  g_return_if_fail (cr != NULL);

  if (!self->context || width != self->width || height != self->height)
    bc_report_paginate (self, cr, width, height);

  cairo_save (cr);
  for (guint i = 0; i < self->placed->len; i++)
    {
      Placed *placed = &g_array_index (self->placed, Placed, i);
      if (placed->page != page)
        continue;
      set_color (cr, placed->color);
      if (placed->line)
        {
          g_autofree char *link = NULL;
          if (placed->uri)
            {
              link = link_attributes (placed->uri);
              cairo_tag_begin (cr, CAIRO_TAG_LINK, link);
            }
          cairo_move_to (cr, placed->x, placed->baseline);
          pango_cairo_show_layout_line (cr, placed->line);
          if (placed->uri)
            cairo_tag_end (cr, CAIRO_TAG_LINK);
        }
      else if (placed->qr)
        bc_qr_draw (cr, placed->qr, placed->x, placed->baseline, QR_SIZE);
      else
        {
          cairo_set_line_width (cr, 0.6);
          cairo_move_to (cr, 0, placed->baseline);
          cairo_line_to (cr, width, placed->baseline);
          cairo_stroke (cr);
        }
    }

  /* The footer: what this is on the left, the page number on the right (mirrored right to
   * left). */
  footer = pango_layout_new (self->context);
  font = pango_font_description_new ();
  pango_font_description_set_family (font, bc_script_font_family (FALSE));
  pango_font_description_set_size (font, (int) (FOOTER_SIZE * PANGO_SCALE));
  pango_layout_set_font_description (footer, font);
  pango_font_description_free (font);
  set_color (cr, COLOR_DIM);
  /* Translators: the page number in the printed report's footer */
  page_text = g_strdup_printf (_("Page %d of %d"), page + 1, self->n_pages);
  pango_layout_set_text (footer, page_text, -1);
  pango_layout_get_size (footer, &footer_width, NULL);
  cairo_move_to (cr, rtl ? 0 : width - footer_width / (double) PANGO_SCALE,
                 height - FOOTER_SIZE * 1.5);
  pango_cairo_show_layout (cr, footer);
  pango_layout_set_width (footer, (int) ((width - footer_width / (double) PANGO_SCALE - 24)
                                         * PANGO_SCALE));
  pango_layout_set_ellipsize (footer, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (footer, self->footer, -1);
  if (rtl)
    {
      pango_layout_set_auto_dir (footer, FALSE);
      pango_layout_set_alignment (footer, PANGO_ALIGN_RIGHT);
    }
  cairo_move_to (cr, rtl ? footer_width / (double) PANGO_SCALE + 24 : 0,
                 height - FOOTER_SIZE * 1.5);
  pango_cairo_show_layout (cr, footer);
  cairo_restore (cr);
}

/* Saving. */

typedef struct
{
  GOutputStream *out;
  GError *error; /* the first write error */
} PdfSink;

static cairo_status_t
write_pdf (void *closure, const unsigned char *data, unsigned int length)
{
  PdfSink *sink = closure;

  if (sink->error)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->out, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
bc_report_write_pdf (BcReport *self, const char *path, GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileOutputStream) out = NULL;
  g_autoptr (GCancellable) abandon = NULL;
  PdfSink sink = { NULL, NULL };
  const double width = BC_REPORT_PAGE_WIDTH - 2 * PDF_MARGIN;
  const double height = BC_REPORT_PAGE_HEIGHT - 2 * PDF_MARGIN;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  gboolean existed;
  int n_pages;

  g_return_val_if_fail (BC_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Replacing writes a temporary file and renames it at the end: a failure keeps the old one. */
  file = g_file_new_for_path (path);
  existed = g_file_query_exists (file, NULL);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (!out)
    return FALSE;
  sink.out = G_OUTPUT_STREAM (out);

  surface = cairo_pdf_surface_create_for_stream (write_pdf, &sink, BC_REPORT_PAGE_WIDTH,
                                                 BC_REPORT_PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "Blaster Check " PACKAGE_VERSION);
  cr = cairo_create (surface);
  n_pages = bc_report_paginate (self, cr, width, height);
  for (int page = 0; page < n_pages; page++)
    {
      cairo_save (cr);
      cairo_translate (cr, PDF_MARGIN, PDF_MARGIN);
      bc_report_draw_page (self, cr, page, width, height);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status == CAIRO_STATUS_SUCCESS && !sink.error)
    return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);

  /* Closing with a cancelled cancellable drops the temporary file instead of renaming it. */
  abandon = g_cancellable_new ();
  g_cancellable_cancel (abandon);
  g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
  if (!existed)
    g_file_delete (file, NULL, NULL);
  if (sink.error)
    g_propagate_error (error, sink.error);
  else
    /* Translators: %s is cairo's own (English) reason */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The PDF could not be made: %s"),
                 cairo_status_to_string (status));
  return FALSE;
}

gboolean
bc_report_save_pdf (BcSession *session, const char *path, GError **error)
{
  g_autoptr (BcReport) report = NULL;

  g_return_val_if_fail (BC_IS_SESSION (session), FALSE);
  report = bc_report_new (session);
  return bc_report_write_pdf (report, path, error);
}

/* Printing: the same pages as the PDF, on the paper the print dialog chooses. */

typedef struct
{
  GtkPrintOperation *operation;
  GtkWindow *dialog;   /* weak: the print dialog while it is open */
  gulong cancelled_id; /* on the task's cancellable */
  gboolean returned;
  gboolean previewed; /* a kiosk's preview was declined: nothing was printed */
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_weak_pointer (&job->dialog);
  g_clear_object (&job->operation);
  g_free (job);
}

static void
begin_print (GtkPrintOperation *operation, GtkPrintContext *context, BcReport *self)
{
  int n_pages = bc_report_paginate (self, gtk_print_context_get_cairo_context (context),
                                    gtk_print_context_get_width (context),
                                    gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, n_pages);
}

static void
draw_page (GtkPrintOperation *operation, GtkPrintContext *context, int page, BcReport *self)
{
  bc_report_draw_page (self, gtk_print_context_get_cairo_context (context), page,
                       gtk_print_context_get_width (context),
                       gtk_print_context_get_height (context));
}

static void print_done (GtkPrintOperation *operation, GtkPrintOperationResult result,
                        GTask *task);

/* Hands the outcome to the caller once, whether "done" or gtk_print_operation_run () tells it. */
static void
print_return (GTask *task, GtkPrintOperationResult result, GError *error)
{
  PrintJob *job = g_task_get_task_data (task);

  if (job->returned)
    {
      g_clear_error (&error);
      return;
    }
  job->returned = TRUE;
  g_signal_handlers_disconnect_by_func (job->operation, print_done, task);
  if (job->cancelled_id)
    g_cancellable_disconnect (g_task_get_cancellable (task), job->cancelled_id);
  job->cancelled_id = 0;
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      if (!error)
        /* Translators: when the printing system gives no reason */
        error = g_error_new_literal (GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL,
                                     _("unknown error"));
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);
  if (job->previewed || g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    result = GTK_PRINT_OPERATION_RESULT_CANCEL;
  g_task_return_int (task, result);
}

static void
unref_task (gpointer task, GClosure *closure)
{
  g_object_unref (task);
}

static void
print_done (GtkPrintOperation *operation, GtkPrintOperationResult result, GTask *task)
{
  GError *error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    gtk_print_operation_get_error (operation, &error);
  print_return (task, result, error);
}

/* The print dialog (a GtkPrintUnixDialog where there is one) opened over PARENT. Looked up by
 * its type's name: GTK's unix-print headers are not needed for that. */
static GtkWindow *
find_print_dialog (GtkWindow *parent)
{
  GType type = g_type_from_name ("GtkPrintUnixDialog");
  g_autoptr (GListModel) toplevels = NULL;

  if (!type || !parent)
    return NULL;
  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type)
          && gtk_window_get_transient_for (window) == parent)
        return window;
    }
  return NULL;
}

static gboolean
close_dialog (gpointer data)
{
  PrintJob *job = g_task_get_task_data (G_TASK (data));

  if (job->dialog)
    gtk_window_close (job->dialog);
  return G_SOURCE_REMOVE;
}

static void
print_cancelled (GCancellable *cancellable, GTask *task)
{
  PrintJob *job = g_task_get_task_data (task);

  /* Stops a print that is drawing; an open dialog is closed, which ends the operation. Not from
   * here: its "done" would disconnect this handler while it runs, which waits for it forever. */
  gtk_print_operation_cancel (job->operation);
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, close_dialog, g_object_ref (task), g_object_unref);
}

/* A kiosk declines the preview (another program, with its own Save As): the operation still
 * needs a cairo context to prepare the pages on, and ends at once. */
static void
preview_ready (GtkPrintOperationPreview *preview, GtkPrintContext *context, gpointer data)
{
  gtk_print_operation_preview_end_preview (preview);
}

static gboolean
kiosk_preview (GtkPrintOperation *operation, GtkPrintOperationPreview *preview,
               GtkPrintContext *context, GtkWindow *parent, GTask *task)
{
  PrintJob *job = g_task_get_task_data (task);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  job->previewed = TRUE;
  gtk_print_context_set_cairo_context (context, cr, 72, 72);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_signal_connect (preview, "ready", G_CALLBACK (preview_ready), NULL);
  return TRUE;
}

/* Takes the Preview button off DIALOG: its "manual-capabilities" without "preview". The flags
 * type is looked up by the property, as the dialog's type is. */
static void
drop_preview (GtkWindow *dialog)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (dialog),
                                                    "manual-capabilities");
  g_autoptr (GFlagsClass) flags = NULL;
  GFlagsValue *preview;
  guint capabilities;

  if (!pspec || !G_TYPE_IS_FLAGS (pspec->value_type))
    return;
  flags = g_type_class_ref (pspec->value_type);
  preview = g_flags_get_value_by_nick (flags, "preview");
  if (!preview)
    return;
  g_object_get (dialog, "manual-capabilities", &capabilities, NULL);
  g_object_set (dialog, "manual-capabilities", capabilities & ~preview->value, NULL);
}

/* The print backends a kiosk offers: printers only. The "file" backend's Print to File opens a
 * file chooser anywhere on this computer. GTK reads the setting each time a dialog opens. */
static void
restrict_print_backends (gboolean kiosk)
{
  static char *usual;
  GtkSettings *settings = gtk_settings_get_default ();

  if (!settings)
    return;
  if (!usual)
    g_object_get (settings, "gtk-print-backends", &usual, NULL);
  g_object_set (settings, "gtk-print-backends", kiosk ? "cups" : usual, NULL);
}

void
bc_report_print_async (BcReport *self, GtkPrintOperationAction action, const char *export_path,
                       GtkWindow *parent, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr (GError) error = NULL;
  gboolean kiosk = bc_config_kiosk ();
  GtkPrintOperationResult result;
  PrintJob *job;

  g_return_if_fail (BC_IS_REPORT (self));
  g_return_if_fail (action == GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG
                    || (action == GTK_PRINT_OPERATION_ACTION_EXPORT && export_path));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bc_report_print_async);
  job = g_new0 (PrintJob, 1);
  job->operation = gtk_print_operation_new ();
  g_task_set_task_data (task, job, (GDestroyNotify) print_job_free);

  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  /* The PDF's margins, so that both look alike; wider than any printer's own. */
  gtk_page_setup_set_top_margin (setup, PRINT_MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, PRINT_MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, PRINT_MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, PRINT_MARGIN_MM, GTK_UNIT_MM);
  gtk_print_operation_set_default_page_setup (job->operation, setup);
  gtk_print_operation_set_unit (job->operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (job->operation, TRUE);
  gtk_print_operation_set_job_name (job->operation, self->title);
  gtk_print_operation_set_allow_async (job->operation, TRUE);
  if (export_path)
    gtk_print_operation_set_export_filename (job->operation, export_path);
  g_signal_connect_object (job->operation, "begin-print", G_CALLBACK (begin_print), self, 0);
  g_signal_connect_object (job->operation, "draw-page", G_CALLBACK (draw_page), self, 0);
  /* "done" holds the task until the operation is over; print_return () lets it go. */
  g_signal_connect_data (job->operation, "done", G_CALLBACK (print_done), g_object_ref (task),
                         unref_task, 0);
  if (kiosk)
    g_signal_connect (job->operation, "preview", G_CALLBACK (kiosk_preview), task);
  if (action == GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG)
    restrict_print_backends (kiosk);

  result = gtk_print_operation_run (job->operation, action, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    {
      g_set_weak_pointer (&job->dialog, find_print_dialog (parent));
      /* The dialog's Preview button would start another program: not in a kiosk. */
      if (kiosk && job->dialog)
        drop_preview (job->dialog);
      if (cancellable)
        job->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (print_cancelled),
                                                   task, NULL);
    }
  else
    print_return (task, result, g_steal_pointer (&error));
}

GtkPrintOperationResult
bc_report_print_finish (BcReport *self, GAsyncResult *result, GError **error)
{
  gssize outcome;

  g_return_val_if_fail (g_task_is_valid (result, self), GTK_PRINT_OPERATION_RESULT_ERROR);
  outcome = g_task_propagate_int (G_TASK (result), error);
  return outcome < 0 ? GTK_PRINT_OPERATION_RESULT_ERROR : (GtkPrintOperationResult) outcome;
}

/* LABEL ("Infected") and SUMMARY ("the worm is on this PC"), the core's one name per state,
 * translated and joined. Interned: a handful of strings per language, valid for the program's
 * life, so callers keep a plain const char *. */
static const char *
verdict_words (const char *label, const char *summary)
{
  /* Translators: a verdict's name, then what it means: "Infected: the worm is on this PC" */
  g_autofree char *words = g_strdup_printf (_("%1$s: %2$s"), _(label), _(summary));

  return g_intern_string (words);
}

const char *
bc_report_infection_text (scan_infection verdict)
{
  return verdict_words (scan_infection_label (verdict), scan_infection_summary (verdict));
}

const char *
bc_report_vulnerability_text (scan_vulnerability verdict)
{
  return verdict_words (scan_vulnerability_label (verdict), scan_vulnerability_summary (verdict));
}

const char *
bc_report_infection_icon (scan_infection verdict)
{
  switch (verdict)
    {
    case SCAN_INFECTION_INFECTED:
      return "dialog-error-symbolic";
    case SCAN_INFECTION_SUSPICIOUS:
      return "dialog-warning-symbolic";
    case SCAN_INFECTION_CLEAN:
      return "emblem-ok-symbolic";
    case SCAN_INFECTION_INCOMPLETE:
    default:
      return "dialog-question-symbolic";
    }
}
