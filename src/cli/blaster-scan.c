/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * blaster-scan: the core on the command line. Plain C and no GLib, so that the same program
 * builds for Windows XP. The contract (options, JSON keys, exit status) is in DESIGN.md.
 */
#include "config.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli-text.h"
#include "scan-error.h"
#include "scan-image.h"
#include "scan-live.h"
#include "scan-platform.h"
#include "scan-remove.h"
#include "scan-report.h"
#include "scan-rules.h"
#include "scan-run.h"

enum
{
  EXIT_CLEAN = 0,
  EXIT_EVIDENCE = 1,
  EXIT_ERROR = 2,
};

enum
{
  MAX_ALSO = 64,
};

typedef struct
{
  bool json;
  bool quick;
  bool remove;
  const char *undo;           /* --undo: the quarantine folder */
  const char *also[MAX_ALSO]; /* --also: suspicious findings to take out too, by location */
  size_t n_also;
  const char *rules_file;
  const char *path;
  unsigned partition; /* --partition: of a disk image or device; 0: the one with Windows */
} cli_options;

static void
usage (void)
{
  cli_printf (_("Usage: %s [OPTION…] [PATH]\n"), "blaster-scan");
  cli_printf ("%s", _("Checks a Windows disk or folder for the Blaster worm (MS03-026) and its "
                      "variants.\n\n"));
  cli_printf ("%s", _("  PATH          root of an attached Windows disk, or any folder;\n"
                      "                or a disk that is not mounted: a disk image (.img .dd\n"
                      "                .raw .001 .E01 .vhd .vmdk) or a device (/dev/sdb), read\n"
                      "                without mounting or changing it;\n"
                      "                none: this computer (Windows only)\n"
                      "  --partition N of a disk image or device: check partition N (1, 2, …);\n"
                      "                without it, the first partition that holds Windows\n"
                      "  --json        write the report as JSON on standard output\n"
                      "  --quick       check only the places the worm uses, not the whole volume\n"
                      "  --rules FILE  use another indicator catalogue\n"
                      "  --remove      take out what the check finds as infection: files into a\n"
                      "                quarantine on the same disk, the worm's registry values\n"
                      "                and services (a copy of each registry file is kept),\n"
                      "                its programs (this computer); then check again\n"
                      "  --also PLACE  with --remove: take out this suspicious finding too (its\n"
                      "                place as the report gives it); may be given again\n"
                      "  --undo FOLDER put back everything the removal with that quarantine\n"
                      "                folder changed\n"
                      "  --help        show this help\n"
                      "  --version     show the version\n\n"));
  cli_printf ("%s", _("Exit status: 0 no evidence of infection, 1 evidence of infection,\n"
                      "2 error (nothing scanned).\n"
                      "With --remove, the check after the removal decides: 0 nothing is left,\n"
                      "1 evidence is left, 2 error (nothing was changed).\n"
                      "With --undo: 0 everything was put back, 1 some things were not (each\n"
                      "says why), 2 error (nothing was put back).\n"));
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
      else if (!options_done && strcmp (a, "--remove") == 0)
        o->remove = true;
      else if (!options_done && (strcmp (a, "--undo") == 0 || strcmp (a, "--also") == 0))
        {
          if (++i == argc)
            {
              cli_eprintf (_("%s: %s needs a folder or a place\n"), "blaster-scan", a);
              return -1;
            }
          if (a[2] == 'u')
            o->undo = argv[i];
          else if (o->n_also == MAX_ALSO)
            {
              cli_eprintf (_("%s: --also can be given at most %d times\n"), "blaster-scan",
                           MAX_ALSO);
              return -1;
            }
          else
            o->also[o->n_also++] = argv[i];
        }
      else if (!options_done && strcmp (a, "--partition") == 0)
        {
          char *end;
          unsigned long n = ++i < argc ? strtoul (argv[i], &end, 10) : 0;
          if (i == argc || n == 0 || n > 1000 || *end || !isdigit ((unsigned char) argv[i][0]))
            {
              cli_eprintf (_("%s: --partition needs a partition number (1, 2, …)\n"),
                           "blaster-scan");
              return -1;
            }
          o->partition = (unsigned) n;
        }
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
  if (o->undo && (o->remove || o->path || o->n_also))
    {
      cli_eprintf (_("%s: --undo takes only the quarantine folder (and --json)\n"),
                   "blaster-scan");
      return -1;
    }
  if (o->n_also && !o->remove)
    {
      cli_eprintf (_("%s: --also goes with --remove\n"), "blaster-scan");
      return -1;
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
  if (r->partition)
    cli_printf (_("Partition %u (%s) of this disk, read without mounting it\n"), r->partition,
                r->file_system ? r->file_system : "?");
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
              /* Translators: the Windows user whose own registry (HKEY_CURRENT_USER) holds this;
               * the name of the user's folder in "Documents and Settings" follows. */
              cli_printf ("      %s", _("User: "));
              print_path (f->windows_user);
              cli_printf ("\n");
            }
          if (f->windows_location && strcmp (f->windows_location, f->location) != 0)
            {
              /* Translators: the path of the file (or registry file) on the disk as this
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

/* Removal and undo. */

#ifdef BLASTER_SCAN_TEST_HOOKS
/* The test suite's crash: BLASTER_SCAN_KILL_AT=N ends the process at the removal's N-th
 * checkpoint (scan_remove_options.checkpoint) as a power cut would: no clean-up, no flush.
 * Built only with the tests (src/cli/meson.build). */
static int
kill_at (void *user, unsigned point)
{
  const unsigned *at = user;
  if (*at && point == *at)
    {
#ifdef SIGKILL
      raise (SIGKILL);
#endif
      _Exit (137);
    }
  return 0;
}
#endif

static void
remove_options (scan_remove_options *ro, unsigned *kill)
{
  *kill = 0;
  *ro = (scan_remove_options) {
    .ops = scan_platform_remove_ops (),
    .registry = scan_platform_offline_registry (),
    .separator = scan_platform_separator (),
  };
#ifdef BLASTER_SCAN_TEST_HOOKS
  const char *at = getenv ("BLASTER_SCAN_KILL_AT");
  *kill = at ? (unsigned) strtoul (at, NULL, 10) : 0;
  ro->checkpoint = kill_at;
  ro->user = kill;
#endif
}

/* Where a live removal keeps its quarantine: the system drive's root ("C:\"). */
static const char *
live_root (char out[8])
{
  const char *drive = getenv ("SystemDrive");
  if (!drive || strlen (drive) != 2 || drive[1] != ':')
    drive = "C:";
  snprintf (out, 8, "%s\\", drive);
  return out;
}

/* Whether anything can be changed at ROOT (the disk) or on this computer (live); says why not. */
static bool
can_change (const scan_remove_options *ro, const char *root, bool live)
{
  int rc = live && ro->ops->is_admin ? ro->ops->is_admin () : 0;
  if (rc == 0)
    rc = ro->ops->writable (root);
  if (rc == 0)
    return true;
  char *shown = scan_display_text (root);
  if (rc == SCAN_EROFS)
    cli_eprintf (_("%s: %s is mounted read-only, so nothing on it can be changed.\n"
                   "Mount it writable first, for example:\n"
                   "  sudo mount -o remount,rw %s\n"),
                 "blaster-scan", shown ? shown : root, shown ? shown : root);
  else if (rc == SCAN_ENOTADMIN)
    cli_eprintf (_("%s: only an administrator can remove the worm from this computer.\n"
                   "Open the command prompt with \"Run as administrator\" and try again.\n"),
                 "blaster-scan");
  else
    cli_eprintf (_("%s: nothing can be changed at %s: %s\n"), "blaster-scan",
                 shown ? shown : root, _(scan_strerror (rc)));
  free (shown);
  return false;
}

static void
print_action (const scan_action *a)
{
  cli_printf ("  [%s] %s: ", _(scan_step_state_text (a->state)), _(scan_action_kind_text (a->kind)));
  print_path (a->windows_location ? a->windows_location : a->path);
  cli_printf ("\n");
  for (size_t i = 0; i < a->n_changes; i++)
    {
      cli_printf ("      ");
      if (a->changes[i].windows_location)
        print_path (a->changes[i].windows_location);
      else
        {
          print_path (a->changes[i].key);
          if (a->changes[i].name)
            {
              cli_printf ("\\");
              print_path (a->changes[i].name);
            }
        }
      cli_printf ("\n");
    }
  if (a->error)
    {
      /* Translators: why a step of the removal (or of its undo) was not done follows. */
      cli_printf ("      %s%s\n", _("Why: "), _(scan_strerror (a->error)));
    }
}

static void
print_removal (const scan_removal *r, bool undo)
{
  cli_printf ("\n%s\n", undo ? _("Undo:") : _("Removal:"));
  for (size_t i = 0; i < r->n_actions; i++)
    print_action (&r->actions[i]);
  cli_printf ("%s", _("Quarantine: "));
  print_path (r->quarantine);
  cli_printf ("\n");
}

typedef struct
{
  const scan_removal *removal;
  const scan_report *after;
  char **resumed;
  size_t n_resumed;
} removal_json;

static int
write_removal_json (void *user, FILE *out)
{
  const removal_json *j = user;
  fputs (",\n  \"resumed\": [", out);
  for (size_t i = 0; i < j->n_resumed; i++)
    {
      char *shown = scan_display_text (j->resumed[i]);
      /* A path is JSON-safe once shown: no control characters, no invalid UTF-8; quotes and
       * backslashes escaped here. */
      fputs (i ? ", \"" : "\"", out);
      for (const char *c = shown ? shown : ""; *c; c++)
        {
          if (*c == '"' || *c == '\\')
            fputc ('\\', out);
          fputc (*c, out);
        }
      fputc ('"', out);
      free (shown);
    }
  fputs ("],\n  \"removal\": ", out);
  if (j->removal)
    scan_removal_write_json (j->removal, 2, out);
  else
    fputs ("null", out);
  fputs (",\n  \"verdict_after\": ", out);
  if (j->after)
    scan_report_write_verdict_json (j->after, 2, out);
  else
    fputs ("null", out);
  return ferror (out) ? SCAN_EIO : 0;
}

typedef struct
{
  char **folders;
  size_t n;
} finished_list;

static void
tell_finished (void *user, const char *quarantine, bool undoing, int rc)
{
  finished_list *list = user;
  char *shown = scan_display_text (quarantine);
  if (rc < 0)
    cli_eprintf (_("%s: could not finish the removal that was cut short in %s: %s\n"),
                 "blaster-scan", shown ? shown : quarantine, _(scan_strerror (rc)));
  else
    cli_eprintf (undoing ? _("%s: finished putting back what %s held (it was cut short)\n")
                         : _("%s: finished the removal that was cut short in %s\n"),
                 "blaster-scan", shown ? shown : quarantine);
  free (shown);
  char *copy = rc == 0 ? strdup (quarantine) : NULL;
  char **grown = copy ? realloc (list->folders, (list->n + 1) * sizeof *grown) : NULL;
  if (grown)
    {
      list->folders = grown;
      list->folders[list->n++] = copy;
    }
  else
    free (copy);
}

/* Finishes the removals of ROOT that were cut short (a crash, a kill, a full disk), first:
 * their manifests say how far each got. Their folders go into *RESUMED. */
static void
finish_unfinished (const scan_remove_options *ro, const char *root, char ***resumed, size_t *n)
{
  finished_list list = { NULL, 0 };
  scan_remove_finish_unfinished (ro, root, tell_finished, &list);
  *resumed = list.folders;
  *n = list.n;
}

/* --remove, after the check BEFORE: takes out what it found, checks again, and reports both. */
static int
run_remove (const cli_options *o, const scan_options *opts, const scan_remove_options *base,
            const char *root, char **resumed, size_t n_resumed, scan_report *before)
{
  scan_remove_options ro = *base;
  size_t also[MAX_ALSO];
  scan_removal removal = { 0 };
  scan_report recheck, after;
  int status = EXIT_ERROR;

  if (before->target_kind == SCAN_TARGET_FOLDER && o->n_also == 0)
    {
      /* Most likely the wrong folder (/mnt rather than /mnt/win): "nothing to remove" would
       * read as an all-clear for a disk that was never looked at. */
      char *shown = scan_display_text (root);
      cli_eprintf (_("%s: %s holds no Windows folder, so nothing was removed. Give the folder "
                     "where the Windows disk is mounted (the one that holds WINDOWS or WINNT), "
                     "or name a finding with --also.\n"),
                   "blaster-scan", shown ? shown : root);
      free (shown);
      return EXIT_ERROR;
    }
  for (size_t k = 0; k < o->n_also; k++)
    {
      size_t i = 0;
      for (; i < before->n_findings; i++)
        if (strcmp (before->findings[i].location, o->also[k]) == 0
            || (before->findings[i].windows_location
                && strcmp (before->findings[i].windows_location, o->also[k]) == 0))
          break;
      if (i == before->n_findings || !scan_remove_can_take (&before->findings[i]))
        {
          char *shown = scan_display_text (o->also[k]);
          cli_eprintf (i == before->n_findings
                         ? _("%s: --also %s: the check found nothing there; nothing was changed\n")
                         : _("%s: --also %s: this finding cannot be taken out; nothing was changed\n"),
                       "blaster-scan", shown ? shown : o->also[k]);
          free (shown);
          return EXIT_ERROR;
        }
      also[k] = i;
    }
  ro.also = also;
  ro.n_also = o->n_also;

  char now[32];
  time_t t = time (NULL);
  strftime (now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime (&t));
  int rc = scan_remove_run (&ro, before, root, now, &removal);
  scan_report_init (&recheck, before->rules);
  scan_report_init (&after, before->rules);
  bool removed = rc != SCAN_ENOENT && removal.journal_writes > 0;
  if (rc < 0 && rc != SCAN_ENOENT && !removed)
    {
      cli_eprintf (_("%s: nothing was removed: %s\n"), "blaster-scan", _(scan_strerror (rc)));
      goto out;
    }
  if (removed)
    {
      /* The check after: the known places and the registry again, with the removal's own
       * record of each place it emptied. */
      scan_options quick = *opts;
      quick.quick = true;
      quick.progress = NULL;
      int again = o->path ? scan_run_path (&quick, o->path, &recheck)
                          : scan_run_live (&quick, scan_platform_live (), &recheck);
      if (scan_remove_check_after (&ro, before, &removal, again == 0 ? &recheck : NULL, &after) < 0)
        goto out;
    }

  if (o->json)
    {
      removal_json j = { removed ? &removal : NULL, removed ? &after : NULL, resumed, n_resumed };
      if (scan_report_write_json_more (before, "blaster-scan", PACKAGE_VERSION, write_removal_json,
                                       &j, cli_json_stream ())
          < 0)
        goto out;
    }
  else
    {
      print_text (before);
      if (removed)
        print_removal (&removal, false);
      else
        cli_printf ("\n%s\n", n_resumed ? _("Nothing more to remove: the removal that was cut "
                                             "short is finished.")
                                         : _("Nothing to remove: the check found nothing that is "
                                             "taken out on its own."));
      cli_printf ("\n");
      print_verdict (_("Before: %s\n"), scan_infection_label (before->infection),
                     scan_infection_summary (before->infection));
      if (removed)
        {
          print_verdict (_("After: %s\n"), scan_infection_label (after.infection),
                         scan_infection_summary (after.infection));
          print_reasons (&after, true);
          /* Only when something was changed: refused and failed steps changed nothing. */
          bool changed = false;
          for (size_t i = 0; i < removal.n_actions; i++)
            changed = changed || removal.actions[i].state == SCAN_STEP_DONE;
          char *shown = scan_display_text (removal.quarantine);
          if (changed)
            cli_printf (_("To put everything back: %s --undo \"%s\"\n"), "blaster-scan",
                        shown ? shown : removal.quarantine);
          free (shown);
        }
    }
  if (rc < 0 && removed)
    {
      char *shown = scan_display_text (removal.quarantine);
      cli_eprintf (_("%s: the removal stopped part way: %s\n"
                     "Run the same command again to finish it, or put back what it changed with\n"
                     "  %s --undo \"%s\"\n"),
                   "blaster-scan", _(scan_strerror (rc)), "blaster-scan",
                   shown ? shown : removal.quarantine);
      free (shown);
    }
  {
    scan_infection left = removed ? after.infection : before->infection;
    status = left == SCAN_INFECTION_INFECTED || left == SCAN_INFECTION_SUSPICIOUS ? EXIT_EVIDENCE
                                                                                 : EXIT_CLEAN;
  }
out:
  scan_removal_clear (&removal);
  scan_report_clear (&recheck);
  scan_report_clear (&after);
  return status;
}

/* --undo FOLDER: puts back what the removal with that quarantine changed. */
static int
run_undo (const cli_options *o)
{
  scan_remove_options ro;
  unsigned kill;
  scan_removal r;
  remove_options (&ro, &kill);
  char *shown = scan_display_text (o->undo);
  const char *name = shown ? shown : o->undo;
  int status = EXIT_ERROR;

  /* "BlasterCheck-Quarantine/20261207-235900" or "." given from inside the disk: the folder
   * above the quarantine's is the disk's root, so the path must name it. */
  char *full = NULL;
  int rc = scan_platform_full_path (o->undo, &full);
  if (rc == 0)
    rc = scan_removal_load (ro.ops, full, ro.separator, &r);
  free (full);
  if (rc < 0)
    {
      cli_eprintf (_("%s: cannot read the quarantine %s: %s\n"), "blaster-scan", name,
                   _(scan_strerror (rc)));
      free (shown);
      return EXIT_ERROR;
    }
  if (r.live && !scan_platform_live_supported ())
    cli_eprintf (_("%s: %s was made on a running Windows; put it back there, with "
                   "blaster-scan.exe --undo\n"),
                 "blaster-scan", name);
  else if (can_change (&ro, r.live ? o->undo : r.root, r.live))
    {
      rc = scan_remove_undo (&ro, &r);
      if (rc < 0)
        cli_eprintf (_("%s: the undo stopped part way: %s\n"), "blaster-scan",
                     _(scan_strerror (rc)));
      if (o->json)
        {
          FILE *out = cli_json_stream ();
          fprintf (out, "{\n  \"tool\": {\"name\": \"blaster-scan\", \"version\": \"%s\"},\n"
                        "  \"undo\": ",
                   PACKAGE_VERSION);
          scan_removal_write_json (&r, 2, out);
          fputs ("\n}\n", out);
        }
      else
        print_removal (&r, true);
      status = rc == 0 ? EXIT_CLEAN : rc == 1 ? EXIT_EVIDENCE : EXIT_ERROR;
      if (cli_flush () < 0)
        status = EXIT_ERROR;
    }
  scan_removal_clear (&r);
  free (shown);
  return status;
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

/* The partitions of IMAGE on standard error, one a line: its number, file system, size and
 * the partition table's words. */
static void
list_partitions (const scan_image *image)
{
  size_t n;
  const scan_image_part *parts = scan_image_parts (image, &n);
  for (size_t i = 0; i < n; i++)
    cli_eprintf ("  %u  %s  %llu MiB  %s\n", parts[i].number,
                 parts[i].fs_type ? parts[i].fs_type : _("no file system this program reads"),
                 (unsigned long long) (parts[i].size >> 20),
                 parts[i].description ? parts[i].description : "");
}

/* The partition of IMAGE to check: --partition N, else the first that holds Windows, else the
 * only one with a file system; 0 when there is no such one. */
static unsigned
choose_partition (const cli_options *o, scan_image *image)
{
  size_t n;
  const scan_image_part *parts = scan_image_parts (image, &n);
  unsigned with_fs = 0, only = 0;
  if (o->partition)
    return o->partition;
  for (size_t i = 0; i < n; i++)
    {
      char *windows_dir = NULL;
      if (!parts[i].fs_type || scan_image_use (image, parts[i].number) < 0)
        continue;
      with_fs++;
      only = parts[i].number;
      if (scan_probe_windows (scan_image_fs (), '/', scan_image_root (image), &windows_dir) == 1)
        {
          free (windows_dir);
          return parts[i].number;
        }
    }
  return with_fs == 1 ? only : 0;
}

/* PATH, a disk image or a device: opened read-only with the partition to check, which OPTS
 * then read. 0, or -1 with the reason said. */
static int
open_image (const cli_options *o, scan_options *opts, scan_image **image)
{
  char *shown = scan_display_text (o->path);
  const char *name = shown ? shown : o->path;
  int rc = scan_image_open (o->path, image);
  if (rc < 0)
    {
      cli_eprintf (_("%s: cannot read %s as a disk: %s\n"), "blaster-scan", name,
                   _(scan_strerror (rc)));
      free (shown);
      return -1;
    }
  unsigned number = choose_partition (o, *image);
  rc = number ? scan_image_use (*image, number) : SCAN_ENOENT;
  if (rc < 0)
    {
      if (number == 0)
        cli_eprintf (_("%s: %s: no partition with Windows on it was found; choose one with "
                       "--partition N:\n"),
                     "blaster-scan", name);
      else
        cli_eprintf (_("%s: %s: partition %u: %s. Its partitions:\n"), "blaster-scan", name,
                     number,
                     rc == SCAN_EINVAL ? _("there is no such partition") : _(scan_strerror (rc)));
      list_partitions (*image);
      free (shown);
      return -1;
    }
  free (shown);
  opts->fs = scan_image_fs ();
  opts->registry = scan_image_registry ();
  return 0;
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
  if (o.undo)
    return run_undo (&o);
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

  /* A disk that is not mounted (an image, a device): read through the image reader, never
   * changed. */
  scan_image *image = NULL;
  const char *path = o.path;
  char **resumed = NULL;
  size_t n_resumed = 0;
  int is_image = o.path ? scan_image_is_image (o.path) : 0;
  if (is_image == 1 && o.remove)
    {
      cli_eprintf (_("%s: %s is a disk image or a device, which this program only reads. To "
                     "remove the worm, mount its Windows partition writable and give that "
                     "folder.\n"),
                   "blaster-scan", o.path);
      goto out;
    }
  if (is_image == 1 && open_image (&o, &opts, &image) < 0)
    goto out;
  if (image)
    path = scan_image_root (image);
  else if (o.partition)
    {
      cli_eprintf (_("%s: --partition goes with a disk image or a device\n"), "blaster-scan");
      goto out;
    }

  scan_remove_options ro;
  unsigned kill;
  char drive[8];
  const char *root = path ? path : live_root (drive);
  if (o.remove)
    {
      /* Said before a long check, not after: nothing can be changed here. */
      remove_options (&ro, &kill);
      if (!can_change (&ro, root, !o.path))
        goto out;
      finish_unfinished (&ro, root, &resumed, &n_resumed);
    }
  /* No PATH: this computer, live (only where it is Windows, checked above). */
  int rc = path ? scan_run_path (&opts, path, &report)
                : scan_run_live (&opts, scan_platform_live (), &report);
  if (opts.progress)
    cli_progress_end ();
  if (image && rc >= 0)
    {
      const scan_image_part *used = scan_image_used (image);
      report.partition = used->number;
      report.file_system = used->fs_type ? strdup (used->fs_type) : NULL;
    }
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

  if (o.remove)
    {
      status = run_remove (&o, &opts, &ro, root, resumed, n_resumed, &report);
      if (cli_flush () < 0)
        status = EXIT_ERROR;
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
  for (size_t i = 0; i < n_resumed; i++)
    free (resumed[i]);
  free (resumed);
  scan_image_close (image);
  scan_report_clear (&report);
  scan_rules_free (rules);
  return status;
}
