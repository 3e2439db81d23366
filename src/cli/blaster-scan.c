/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * blaster-scan: the core on the command line. Plain C and no GLib, so that the same program
 * builds for Windows XP. The contract (options, JSON keys, exit status) is in DESIGN.md.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_GETTEXT
#include <libintl.h>
#define _(s) gettext (s)
#define ngettext_(one, many, n) ngettext (one, many, n)
#else
#define _(s) (s)
#define ngettext_(one, many, n) ((n) == 1 ? (one) : (many))
#endif

#include "scan-error.h"
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
usage (FILE *out)
{
  fprintf (out, _("Usage: %s [OPTION…] [PATH]\n"), "blaster-scan");
  fputs (_("Checks a Windows disk or folder for the Blaster worm (MS03-026) and its variants.\n\n"),
         out);
  fputs (_("  PATH          root of an attached Windows disk, or any folder;\n"
           "                none: this computer (Windows only)\n"
           "  --json        write the report as JSON on standard output\n"
           "  --quick       check only the places the worm uses, not the whole volume\n"
           "  --rules FILE  use another indicator catalogue\n"
           "  --help        show this help\n"
           "  --version     show the version\n\n"),
         out);
  fputs (_("Exit status: 0 no evidence of infection, 1 evidence of infection,\n"
           "2 error (nothing scanned).\n"),
         out);
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
              fprintf (stderr, _("%s: --rules needs a file name\n"), "blaster-scan");
              return -1;
            }
          o->rules_file = argv[i];
        }
      else if (!options_done && strncmp (a, "--rules=", 8) == 0)
        o->rules_file = a + 8;
      else if (!options_done && strcmp (a, "--help") == 0)
        {
          usage (stdout);
          exit (EXIT_CLEAN);
        }
      else if (!options_done && strcmp (a, "--version") == 0)
        {
          printf ("blaster-scan %s\n", PACKAGE_VERSION);
          exit (EXIT_CLEAN);
        }
      else if (!options_done && a[0] == '-' && a[1] != '\0')
        {
          fprintf (stderr, _("%s: unknown option %s\n"), "blaster-scan", a);
          fprintf (stderr, _("Try '%s --help' for more information.\n"), "blaster-scan");
          return -1;
        }
      else if (o->path)
        {
          fprintf (stderr, _("%s: only one PATH can be scanned at a time\n"), "blaster-scan");
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
  if (p->entries - last < 20000 && p->entries != 0)
    return 0;
  last = p->entries;
  fprintf (stderr, "\r\033[K");
  fprintf (stderr, ngettext_ ("Checking… %llu entry", "Checking… %llu entries", p->entries),
           (unsigned long long) p->entries);
  fflush (stderr);
  return 0;
}

static const char *
infection_text (scan_infection v)
{
  switch (v)
    {
    case SCAN_INFECTION_INFECTED:
      return _("INFECTED: the worm is on this system");
    case SCAN_INFECTION_SUSPICIOUS:
      return _("SUSPICIOUS: signs of the worm that need a closer look");
    case SCAN_INFECTION_CLEAN:
      return _("CLEAN: no sign of the worm");
    case SCAN_INFECTION_INCOMPLETE:
    default:
      return _("INCOMPLETE: some checks could not run");
    }
}

static const char *
vulnerability_text (scan_vulnerability v)
{
  switch (v)
    {
    case SCAN_VULN_PATCHED:
      return _("PATCHED: the updates against the worm are installed");
    case SCAN_VULN_UNPATCHED:
      return _("NOT PATCHED: the updates against the worm are missing");
    case SCAN_VULN_UNKNOWN:
    default:
      return _("UNKNOWN: whether the updates are installed could not be told");
    }
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
      printf ("    - ");
      if (scan_reason_has_arg (code))
        printf (_(one), r->reasons[i].arg);
      else
        printf (ngettext_ (one, many, r->reasons[i].n), (unsigned long long) r->reasons[i].n);
      printf ("\n");
    }
}

/* Prints S with bytes that are not UTF-8 shown as \xNN. */
static void
print_path (const char *s)
{
  char *shown = scan_display_text (s);
  fputs (shown ? shown : s, stdout);
  free (shown);
}

static void
print_text (const scan_report *r)
{
  size_t n_patches;
  const scan_patch *patches = scan_rules_patches (r->rules, &n_patches);

  printf (_("Checked: "));
  print_path (r->root);
  printf (" (%s)\n", target_text (r->target_kind));
  if (r->windows_dir)
    {
      printf (_("Windows folder: "));
      print_path (r->windows_dir);
      printf ("\n");
    }
  printf (ngettext_ ("%llu entry checked in %.1f s.\n", "%llu entries checked in %.1f s.\n",
                     r->entries),
          (unsigned long long) r->entries, r->seconds);
  printf ("\n");

  printf (_("Infection:     %s\n"), infection_text (r->infection));
  print_reasons (r, true);
  printf (_("Vulnerability: %s\n"), vulnerability_text (r->vulnerability));
  print_reasons (r, false);

  if (r->n_findings)
    {
      printf ("\n%s\n", _("Found:"));
      for (size_t i = 0; i < r->n_findings; i++)
        {
          const scan_finding *f = &r->findings[i];
          const scan_variant *v = f->indicator->variant;
          printf ("  [%s] ", _(scan_severity_text (f->severity)));
          print_path (f->location);
          printf ("\n      ");
          if (v && !f->indicator->any_variant)
            printf (_("%s, variant %s: "), v->family_name, v->id);
          else if (v)
            printf ("%s: ", v->family_name);
          printf ("%s\n", _(scan_why_text (f->why)));
        }
      if (r->findings_dropped)
        printf (ngettext_ ("  … and %llu more, not listed.\n", "  … and %llu more, not listed.\n",
                           r->findings_dropped),
                (unsigned long long) r->findings_dropped);
    }
  if (r->n_errors)
    {
      printf ("\n%s\n", _("Could not check:"));
      for (size_t i = 0; i < r->n_errors; i++)
        {
          printf ("  ");
          print_path (r->errors[i].location);
          printf (": %s\n", _(scan_strerror (r->errors[i].code)));
        }
      if (r->errors_dropped)
        printf (ngettext_ ("  … and %llu more, not listed.\n", "  … and %llu more, not listed.\n",
                           r->errors_dropped),
                (unsigned long long) r->errors_dropped);
    }
  if (n_patches)
    {
      printf ("\n%s\n", _("Updates against the worm:"));
      for (size_t i = 0; i < n_patches; i++)
        printf ("  %-9s %-9s %s\n", patches[i].id, patches[i].bulletin,
                _(scan_patch_state_text (r->patch_states[i])));
    }
  printf ("\n");
  printf (_("Indicator catalogue %s (SHA-256 %.16s…)\n"), scan_rules_version (r->rules),
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
    fprintf (stderr, "blaster-scan: %s:%u: %s\n", diag.file, diag.line, diag.message);
  else
    fprintf (stderr, "blaster-scan: %s: %s\n", diag.file, _(scan_strerror (rc)));
  fprintf (stderr, _("%s: the indicator catalogue could not be loaded; nothing was scanned\n"),
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

  setlocale (LC_ALL, "");
#ifdef HAVE_GETTEXT
  const char *localedir = getenv ("BLASTER_CHECK_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
#endif

  if (parse_args (argc, argv, &o) < 0)
    return EXIT_ERROR;
  if (!o.path && !scan_platform_live_supported ())
    {
      fprintf (stderr,
               _("%s: this computer is not running Windows, so it cannot be checked live.\n"
                 "Give the folder where a Windows disk is mounted, for example:\n"
                 "  %s /media/disk\n"),
               "blaster-scan", "blaster-scan");
      return EXIT_ERROR;
    }
  if (!o.path)
    {
      fprintf (stderr, _("%s: the live check of this computer is not available yet\n"),
               "blaster-scan");
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
    .progress = isatty (STDERR_FILENO) ? show_progress : NULL,
  };
  scan_report_init (&report, rules);
  int rc = scan_run_path (&opts, o.path, &report);
  if (opts.progress)
    fprintf (stderr, "\r\033[K");
  if (rc < 0)
    {
      char *shown = scan_display_text (o.path);
      fprintf (stderr, _("%s: cannot scan %s: %s\n"), "blaster-scan", shown ? shown : o.path,
               _(scan_strerror (rc)));
      free (shown);
      goto out;
    }

  if (o.json)
    rc = scan_report_write_json (&report, "blaster-scan", PACKAGE_VERSION, stdout);
  else
    print_text (&report);
  if (fflush (stdout) != 0 || rc < 0)
    {
      fprintf (stderr, _("%s: the report could not be written\n"), "blaster-scan");
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
