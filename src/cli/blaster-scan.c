/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * blaster-scan: the core on the command line. Plain C and no GLib, so that the same program
 * builds for Windows XP. The contract (options, JSON keys, exit status) is in DESIGN.md.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-text.h"
#include "scan-error.h"
#include "scan-live.h"
#include "scan-platform.h"
#include "scan-report.h"
#include "scan-rules.h"
#include "scan-run.h"

enum
{
  EXIT_CLEAN = 0,
  EXIT_EVIDENCE = 1,
  EXIT_ERROR = 2,
};

typedef struct
{
  bool json;
  bool quick;
  const char *rules_file;
  const char *path;
} cli_options;

static void
usage (void)
{
  cli_printf (_("Usage: %s [OPTION…] [PATH]\n"), "blaster-scan");
  cli_printf ("%s", _("Checks a Windows disk or folder for the Blaster worm (MS03-026) and its "
                      "variants.\n\n"));
  cli_printf ("%s", _("  PATH          root of an attached Windows disk, or any folder;\n"
                      "                none: this computer (Windows only)\n"
                      "  --json        write the report as JSON on standard output\n"
                      "  --quick       check only the places the worm uses, not the whole volume\n"
                      "  --rules FILE  use another indicator catalogue\n"
                      "  --help        show this help\n"
                      "  --version     show the version\n\n"));
  cli_printf ("%s", _("Exit status: 0 no evidence of infection, 1 evidence of infection,\n"
                      "2 error (nothing scanned).\n"));
}

static int
parse_args (int argc, char **argv, cli_options *o)
{
  bool options_done = false;
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (!options_done && strcmp (a, "--") == 0)
        options_done = true;
      else if (!options_done && strcmp (a, "--json") == 0)
        o->json = true;
      else if (!options_done && strcmp (a, "--quick") == 0)
        o->quick = true;
      else if (!options_done && strcmp (a, "--rules") == 0)
        {
          if (++i == argc)
            {
              cli_eprintf (_("%s: --rules needs a file name\n"), "blaster-scan");
              return -1;
            }
          o->rules_file = argv[i];
        }
      else if (!options_done && strncmp (a, "--rules=", 8) == 0)
        o->rules_file = a + 8;
      else if (!options_done && strcmp (a, "--help") == 0)
        {
          usage ();
          exit (EXIT_CLEAN);
        }
      else if (!options_done && strcmp (a, "--version") == 0)
        {
          cli_printf ("blaster-scan %s\n", PACKAGE_VERSION);
          exit (EXIT_CLEAN);
        }
      else if (!options_done && a[0] == '-' && a[1] != '\0')
        {
          cli_eprintf (_("%s: unknown option %s\n"), "blaster-scan", a);
          cli_eprintf (_("Try '%s --help' for more information.\n"), "blaster-scan");
          return -1;
        }
      else if (o->path)
        {
          cli_eprintf (_("%s: only one PATH can be scanned at a time\n"), "blaster-scan");
          return -1;
        }
      else
        o->path = a;
    }
  return 0;
}

/* Shows scanning progress on a terminal; stays silent when stderr is a file or a pipe. */
static int
show_progress (void *user, const scan_progress *p)
{
  static unsigned long long last;
  if (p->kind != SCAN_PROGRESS_TICK) /* a scan's events: the count line says enough */
    return 0;
  if (p->phase == SCAN_PHASE_PREPARE) /* the live checks, before any file is read */
    {
      cli_progress ("%s", _("Checking what runs on this computer…"));
      return 0;
    }
  if (p->entries - last < 20000 && p->entries != 0)
    return 0;
  last = p->entries;
  cli_progress (ngettext_ ("Checking… %llu entry", "Checking… %llu entries", p->entries),
                (unsigned long long) p->entries);
  return 0;
}

/* A verdict as every front end names it (scan_infection_label and the others, scan-report.h):
 * its name, then what it means, on the line FORMAT ("Infection:     %s\n") makes. */
static void
print_verdict (const char *format, const char *label, const char *summary)
{
  char verdict[512];
  /* Translators: a verdict's name ("Infected", "Not patched"), then what it means. */
  snprintf (verdict, sizeof verdict, _("%s: %s"), _(label), _(summary));
  cli_printf (format, verdict);
}

static const char *
target_text (scan_target_kind k)
{
  switch (k)
    {
    case SCAN_TARGET_LIVE:
      return _("this computer");
    case SCAN_TARGET_OFFLINE:
      return _("a Windows disk or folder");
    case SCAN_TARGET_FOLDER:
    default:
      return _("a folder with no Windows folder in it");
    }
}

static void
print_reasons (const scan_report *r, bool infection_part)
{
  for (size_t i = 0; i < r->n_reasons; i++)
    {
      scan_reason_code code = r->reasons[i].code;
      bool vuln = scan_reason_is_vulnerability (code);
      if (vuln == infection_part)
        continue;
      const char *one, *many;
      scan_reason_text (code, &one, &many);
      cli_printf ("    - ");
      if (scan_reason_has_arg (code))
        cli_printf (_(one), r->reasons[i].arg);
      else
        cli_printf (ngettext_ (one, many, r->reasons[i].n),
                    (unsigned long long) r->reasons[i].n);
      cli_printf ("\n");
    }
}

/* Prints S with bytes that are not UTF-8 shown as \xNN. */
static void
print_path (const char *s)
{
  char *shown = scan_display_text (s);
  cli_printf ("%s", shown ? shown : s);
  free (shown);
}

static void
print_text (const scan_report *r)
{
  size_t n_patches;
  const scan_patch *patches = scan_rules_patches (r->rules, &n_patches);

  cli_printf (_("Checked: "));
  print_path (r->root);
  cli_printf (" (%s)\n", target_text (r->target_kind));
  if (r->windows_dir)
    {
      cli_printf (_("Windows folder: "));
      print_path (r->windows_dir);
      cli_printf ("\n");
    }
  cli_printf (ngettext_ ("%llu entry checked in %.1f s.\n", "%llu entries checked in %.1f s.\n",
                         r->entries),
              (unsigned long long) r->entries, r->seconds);
  cli_printf ("\n");

  print_verdict (_("Infection:     %s\n"), scan_infection_label (r->infection),
                 scan_infection_summary (r->infection));
  print_reasons (r, true);
  print_verdict (_("Vulnerability: %s\n"), scan_vulnerability_label (r->vulnerability),
                 scan_vulnerability_summary (r->vulnerability));
  print_reasons (r, false);

  /* A disk with more than one Windows (dual boot): what each one's own check found. */
  if (r->n_windows > 1)
    {
      cli_printf ("\n%s\n", _("Each Windows on this disk:"));
      for (size_t i = 0; i < r->n_windows; i++)
        {
          const scan_windows *w = &r->windows[i];
          cli_printf ("  ");
          print_path (w->windows_dir);
          if (w->os_product)
            {
              cli_printf (" (");
              print_path (w->os_product);
              if (w->os_service_pack)
                {
                  cli_printf (" ");
                  print_path (w->os_service_pack);
                }
              cli_printf (")");
            }
          cli_printf ("\n    ");
          print_verdict (_("Infection:     %s\n"), scan_infection_label (w->infection),
                         scan_infection_summary (w->infection));
          cli_printf ("    ");
          print_verdict (_("Vulnerability: %s\n"), scan_vulnerability_label (w->vulnerability),
                         scan_vulnerability_summary (w->vulnerability));
        }
    }

  if (r->n_findings)
    {
      cli_printf ("\n%s\n", _("Found:"));
      for (size_t i = 0; i < r->n_findings; i++)
        {
          const scan_finding *f = &r->findings[i];
          const scan_variant *v = f->indicator->variant;
          cli_printf ("  [%s] %s: ", _(scan_severity_text (f->severity)),
                      _(scan_finding_kind_text (f->kind)));
          /* The place as the checked PC names it first: the person removes it there. The disk
           * path after it, unless it is the same (a live check). */
          print_path (f->windows_location ? f->windows_location : f->location);
          cli_printf ("\n");
          if (f->windows_user)
            {
              /* TRANSLATORS: the Windows user whose own registry (HKEY_CURRENT_USER) holds this;
               * the name of the user's folder in "Documents and Settings" follows. */
              cli_printf ("      %s", _("User: "));
              print_path (f->windows_user);
              cli_printf ("\n");
            }
          if (f->windows_location && strcmp (f->windows_location, f->location) != 0)
            {
              /* TRANSLATORS: the path of the file (or registry file) on the disk as this
               * computer mounted it follows. */
              cli_printf ("      %s", _("On the attached disk: "));
              print_path (f->location);
              cli_printf ("\n");
            }
          cli_printf ("      ");
          if (v && !f->indicator->any_variant)
            cli_printf (_("%s, variant %s: "), v->family_name, v->id);
          else if (v)
            cli_printf ("%s: ", v->family_name);
          cli_printf ("%s\n", _(scan_why_text (f->why)));
        }
      if (r->findings_dropped)
        cli_printf (ngettext_ ("  … and %llu more, not listed.\n",
                               "  … and %llu more, not listed.\n", r->findings_dropped),
                    (unsigned long long) r->findings_dropped);
    }
  if (r->n_errors)
    {
      cli_printf ("\n%s\n", _("Could not check:"));
      for (size_t i = 0; i < r->n_errors; i++)
        {
          cli_printf ("  ");
          const scan_error_entry *e = &r->errors[i];
          print_path (e->whole_check ? _(e->location) : e->location);
          cli_printf (": %s\n", _(scan_strerror (e->code)));
        }
      if (r->errors_dropped)
        cli_printf (ngettext_ ("  … and %llu more, not listed.\n",
                               "  … and %llu more, not listed.\n", r->errors_dropped),
                    (unsigned long long) r->errors_dropped);
    }
  if (n_patches)
    {
      cli_printf ("\n%s\n", _("Updates against the worm:"));
      /* A disk with more than one Windows: each one's own updates, under its name. */
      for (size_t w = 0; w < (r->n_windows > 1 ? r->n_windows : 1); w++)
        {
          const scan_patch_state *states = r->patch_states;
          const char *indent = "";
          if (r->n_windows > 1)
            {
              const scan_windows *win = &r->windows[w];
              cli_printf ("  ");
              print_path (win->windows_location ? win->windows_location : win->windows_dir);
              cli_printf (":\n");
              states = win->patch_states;
              indent = "  ";
            }
          for (size_t i = 0; i < n_patches; i++)
            cli_printf ("  %s%-9s %-9s %s\n", indent, patches[i].id, patches[i].bulletin,
                        _(scan_patch_state_text (states ? states[i] : SCAN_PATCH_UNKNOWN)));
        }
    }
  cli_printf ("\n");
  cli_printf (_("Indicator catalogue %s (SHA-256 %.16s…)\n"), scan_rules_version (r->rules),
              scan_rules_sha256 (r->rules));
}

static int
load_rules (const cli_options *o, scan_rules **rules)
{
  scan_rules_diag diag;
  int rc = o->rules_file ? scan_rules_load_file (o->rules_file, rules, &diag)
                         : scan_rules_load_builtin (rules, &diag);
  if (rc == 0)
    return 0;
  if (diag.line)
    cli_eprintf ("blaster-scan: %s:%u: %s\n", diag.file, diag.line, diag.message);
  else /* the reason for the whole file ("the file is empty"), an English msgid; else the code's */
    cli_eprintf ("blaster-scan: %s: %s\n", diag.file,
                 diag.message[0] ? _(diag.message) : _(scan_strerror (rc)));
  cli_eprintf (_("%s: the indicator catalogue could not be loaded; nothing was scanned\n"),
               "blaster-scan");
  return rc;
}

int
main (int argc, char **argv)
{
  cli_options o = { 0 };
  scan_rules *rules = NULL;
  scan_report report;
  int status = EXIT_ERROR;

#ifdef SIGPIPE
  /* `blaster-scan | head`: a reader that stops early must not kill the scanner with SIGPIPE
   * (exit 141, which a script reads as a crash). The failed write then ends the run as below. */
  signal (SIGPIPE, SIG_IGN);
#endif
  cli_text_init (&argc, &argv);

  if (parse_args (argc, argv, &o) < 0)
    return EXIT_ERROR;
  if (!o.path && !scan_platform_live_supported ())
    {
      cli_eprintf (_("%s: this computer is not running Windows, so it cannot be checked live.\n"
                     "Give the folder where a Windows disk is mounted, for example:\n"
                     "  %s /media/disk\n"),
                   "blaster-scan", "blaster-scan");
      return EXIT_ERROR;
    }
  if (load_rules (&o, &rules) < 0)
    return EXIT_ERROR;

  scan_options opts = {
    .rules = rules,
    .fs = scan_platform_fs (),
    .separator = scan_platform_separator (),
    .quick = o.quick,
    .registry = scan_platform_offline_registry (),
    .progress = cli_stderr_is_terminal () ? show_progress : NULL,
  };
  scan_report_init (&report, rules);
  /* No PATH: this computer, live (only where it is Windows, checked above). */
  int rc = o.path ? scan_run_path (&opts, o.path, &report)
                  : scan_run_live (&opts, scan_platform_live (), &report);
  if (opts.progress)
    cli_progress_end ();
  if (rc < 0 && !o.path)
    {
      cli_eprintf (_("%s: cannot check this computer: %s\n"), "blaster-scan",
                   _(scan_strerror (rc)));
      goto out;
    }
  if (rc < 0)
    {
      char *shown = scan_display_text (o.path);
      cli_eprintf (_("%s: cannot scan %s: %s\n"), "blaster-scan", shown ? shown : o.path,
                   _(scan_strerror (rc)));
      free (shown);
      goto out;
    }

  if (o.json)
    rc = scan_report_write_json (&report, "blaster-scan", PACKAGE_VERSION, cli_json_stream ());
  else
    print_text (&report);
  if (cli_flush () < 0 || rc < 0)
    {
      /* As `ls | head` does with SIGPIPE ignored, the status is the write error's (2: not the
       * whole report reached its reader, so no script may take it for a verdict); but a reader
       * that went away on purpose (head, less quit early) is not told what it chose not to read. */
      if (!cli_output_closed ())
        cli_eprintf (_("%s: the report could not be written\n"), "blaster-scan");
      goto out;
    }
  status = report.infection == SCAN_INFECTION_INFECTED
                   || report.infection == SCAN_INFECTION_SUSPICIOUS
             ? EXIT_EVIDENCE
             : EXIT_CLEAN;
out:
  scan_report_clear (&report);
  scan_rules_free (rules);
  return status;
}
