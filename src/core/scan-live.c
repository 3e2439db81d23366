/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The live check. What runs is decided by the catalogue's names and folders, as files are:
 * msblast.exe running from System32 is the worm; svchost.exe running from System32 is Windows,
 * from System32\wins it is Welchia, from anywhere else it is worth a look.
 */
#include "scan-live.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-private.h"

/* Where a whole check could not run; front ends translate these like any msgid. */
#define LOCATION_PROCESSES N_ ("running programs")
#define LOCATION_PORTS N_ ("listening ports")
#define LOCATION_DRIVES N_ ("fixed drives")

typedef struct
{
  const scan_options *o;
  const scan_live_ops *live;
  scan_report *r;
  const char *windows_dir;
  scan_process *procs;
  size_t n_procs;
  int fatal; /* SCAN_ENOMEM */
} live_job;

void
scan_processes_free (scan_process *p, size_t n)
{
  for (size_t i = 0; p && i < n; i++)
    {
      free (p[i].name);
      free (p[i].image);
    }
  free (p);
}

static void
add_error (live_job *job, const char *location, int code)
{
  if (code == SCAN_ENOMEM || scan_report_add_error (job->r, location, code) < 0)
    job->fatal = SCAN_ENOMEM;
}

/* A whole check that could not run; CHECK is one of the LOCATION_ msgids above. */
static void
add_check_error (live_job *job, const char *check, int code)
{
  if (code == SCAN_ENOMEM || scan_report_add_check_error (job->r, check, code) < 0)
    job->fatal = SCAN_ENOMEM;
}

static void
add_finding (live_job *job, scan_finding_kind kind, scan_severity severity, scan_why why,
             const scan_indicator *ind, const char *location)
{
  /* The running Windows's own names (its programs' paths, its markers, its ports). */
  if (scan_report_add_finding_at (job->r, kind, severity, why, ind, location, location, NULL) < 0)
    job->fatal = SCAN_ENOMEM;
}

/* Whether the folder of IMAGE (a full path) is FOLDER ('/'-separated, relative to the Windows
 * folder), compared as Windows compares names. */
static bool
image_folder_is (const live_job *job, const char *image, const char *folder)
{
  char sep = job->o->separator;
  const char *last = strrchr (image, sep);
  scan__buf want = { 0 };
  bool same = false;

  if (!last)
    return false;
  if (scan__buf_append (&want, job->windows_dir, strlen (job->windows_dir)) == 0
      && scan__buf_append (&want, &sep, 1) == 0
      && scan__buf_append (&want, folder, strlen (folder)) == 0)
    {
      for (size_t i = 0; i < want.len; i++)
        if (want.data[i] == '/')
          want.data[i] = sep;
      same = scan__eq_nocase (image, (size_t) (last - image), want.data, want.len);
    }
  scan__buf_free (&want);
  return same;
}

/* A real Windows program's own folder. 64-bit Windows runs the 32-bit build of dllhost.exe from
 * SysWOW64, its System32 for 32-bit programs: that is the same place, not a disguise. */
static bool
in_legit_folder (const live_job *job, const char *image, const scan_indicator *legit)
{
  if (image_folder_is (job, image, legit->folder))
    return true;
  return scan__eq_nocase (legit->folder, strlen (legit->folder), "system32", 8)
         && image_folder_is (job, image, "SysWOW64");
}

static void
check_process (live_job *job, const scan_process *p)
{
  const scan_indicator *const *matches
    = scan_rules_match_name (job->o->rules, p->name, strlen (p->name));
  const scan_indicator *first_file = NULL;
  bool legit_name = false, legit_place = false, found = false;

  for (const scan_indicator *const *m = matches; m && *m; m++)
    {
      const scan_indicator *ind = *m;
      if (ind->kind == SCAN_IND_LEGIT)
        {
          legit_name = true;
          legit_place = legit_place || (p->image && in_legit_folder (job, p->image, ind));
          continue;
        }
      if (!first_file)
        first_file = ind;
      if (p->image && image_folder_is (job, p->image, ind->folder))
        {
          found = true;
          add_finding (job, SCAN_FINDING_PROCESS,
                       ind->confirmed ? SCAN_SEV_INFECTION : SCAN_SEV_SUSPICIOUS,
                       ind->confirmed ? SCAN_WHY_PROCESS_WORM_FOLDER
                                      : SCAN_WHY_PROCESS_WORM_FOLDER_UNCONFIRMED,
                       ind, p->image);
        }
    }
  if (found || !first_file)
    return;
  if (!p->image)
    {
      /* svchost.exe of another user, path unknown: it may be Windows or Welchia. Say that it
       * could not be checked. A worm-only name is worth a look wherever it runs from. */
      if (legit_name)
        {
          char location[512];
          snprintf (location, sizeof location, "%s (PID %lu)", p->name, (unsigned long) p->pid);
          add_error (job, location, p->image_error ? p->image_error : SCAN_EOTHER);
        }
      else
        add_finding (job, SCAN_FINDING_PROCESS, SCAN_SEV_SUSPICIOUS, SCAN_WHY_PROCESS_NAME,
                     first_file, p->name);
      return;
    }
  if (legit_name && !legit_place)
    add_finding (job, SCAN_FINDING_PROCESS, SCAN_SEV_SUSPICIOUS, SCAN_WHY_PROCESS_WRONG_FOLDER,
                 first_file, p->image);
  else if (!legit_name)
    add_finding (job, SCAN_FINDING_PROCESS, SCAN_SEV_SUSPICIOUS, SCAN_WHY_PROCESS_NAME,
                 first_file, p->image);
}

static void
check_processes (live_job *job)
{
  int rc = job->live->processes (&job->procs, &job->n_procs);
  if (rc < 0)
    {
      add_check_error (job, LOCATION_PROCESSES, rc);
      return;
    }
  for (size_t i = 0; i < job->n_procs && !job->fatal; i++)
    check_process (job, &job->procs[i]);
}

/* Each mutex name of the catalogue once: Windows holds one object per name. */
static void
check_mutexes (live_job *job)
{
  size_t n;
  const scan_indicator *inds = scan_rules_indicators (job->o->rules, &n);

  for (size_t i = 0; i < n && !job->fatal; i++)
    {
      const scan_indicator *ind = &inds[i];
      bool seen = ind->kind != SCAN_IND_MUTEX;
      for (size_t j = 0; j < i && !seen; j++)
        seen = inds[j].kind == SCAN_IND_MUTEX
               && scan__eq_nocase (inds[j].name, strlen (inds[j].name), ind->name,
                                   strlen (ind->name));
      if (seen)
        continue;
      int rc = job->live->mutex_exists (ind->name);
      if (rc == 1)
        add_finding (job, SCAN_FINDING_MUTEX,
                     ind->confirmed ? SCAN_SEV_INFECTION : SCAN_SEV_SUSPICIOUS,
                     ind->confirmed ? SCAN_WHY_MUTEX : SCAN_WHY_MUTEX_UNCONFIRMED, ind, ind->name);
      else if (rc < 0)
        add_error (job, ind->name, rc);
    }
}

static const scan_process *
process_of (const live_job *job, uint32_t pid)
{
  for (size_t i = 0; pid && i < job->n_procs; i++)
    if (job->procs[i].pid == pid)
      return &job->procs[i];
  return NULL;
}

/* A listener on a port the worm opens: worth a look, not proof (other programs may use 4444 or
 * run a TFTP server). The program that listens is named where Windows says it. */
static void
check_listeners (live_job *job)
{
  scan_listener *ls = NULL;
  size_t n_ls = 0, n_inds;
  const scan_indicator *inds = scan_rules_indicators (job->o->rules, &n_inds);
  int rc = job->live->listeners (&ls, &n_ls);

  if (rc < 0)
    {
      add_check_error (job, LOCATION_PORTS, rc);
      return;
    }
  for (size_t l = 0; l < n_ls && !job->fatal; l++)
    for (size_t i = 0; i < n_inds; i++)
      {
        const scan_indicator *ind = &inds[i];
        if (ind->kind != SCAN_IND_PORT || !ind->evidence || ind->udp != ls[l].udp
            || ind->number != ls[l].port)
          continue;
        const scan_process *p = process_of (job, ls[l].pid);
        char location[1024];
        int len = snprintf (location, sizeof location, "%s %s:%u", ls[l].udp ? "UDP" : "TCP",
                            ls[l].address, (unsigned) ls[l].port);
        if (p && len > 0 && (size_t) len < sizeof location)
          snprintf (location + len, sizeof location - (size_t) len, " (%s)",
                    p->image ? p->image : p->name);
        add_finding (job, SCAN_FINDING_PORT, SCAN_SEV_SUSPICIOUS, SCAN_WHY_PORT, ind, location);
        break;
      }
  free (ls);
}

static void
check_registry (live_job *job)
{
  const scan_live_ops *live = job->live;
  scan_os_facts facts;

  if (!live->registry)
    {
      scan_report_add_vulnerability_reason (job->r, SCAN_REASON_REGISTRY_UNSUPPORTED, NULL);
      return;
    }
  bool have_facts = live->os_facts && live->os_facts (&facts) == 0;
  if (scan_registry_check_live (live->registry, have_facts ? &facts : NULL, job->o->rules, job->r)
      < 0)
    job->fatal = SCAN_ENOMEM;
}

/* The system drive's known places (and, unless quick, the whole drive), then every other fixed
 * drive whole. */
static int
check_files (live_job *job, const char *root)
{
  uint64_t entries = 0;
  bool whole = !job->o->quick;
  int rc = scan__scan_volume (job->o, job->r, root, job->windows_dir, whole, &entries);
  char **drives = NULL;
  size_t n_drives = 0;

  if (rc == 0 && !job->o->quick)
    {
      int drc = job->live->fixed_drives (&drives, &n_drives);
      if (drc < 0)
        add_check_error (job, LOCATION_DRIVES, drc);
      for (size_t i = 0; i < n_drives && rc == 0 && !job->fatal; i++)
        if (!scan__eq_nocase (drives[i], strlen (drives[i]), root, strlen (root)))
          rc = scan__scan_volume (job->o, job->r, drives[i], NULL, true, &entries);
      scan_reg_names_free (drives, n_drives);
    }
  job->r->entries = entries;
  return rc;
}

/* Lets the progress callback cancel between the checks. */
static int
between_checks (const live_job *job)
{
  scan_progress p = { .phase = SCAN_PHASE_PREPARE, .kind = SCAN_PROGRESS_TICK };
  if (job->o->progress && job->o->progress (job->o->user, &p))
    return SCAN_ECANCELED;
  return job->fatal;
}

int
scan_run_live (const scan_options *o, const scan_live_ops *live, scan_report *r)
{
  live_job job = { .o = o, .live = live, .r = r };
  double start = scan__now ();
  char *root = NULL, *windows_dir = NULL;
  int rc = live->system_paths (&root, &windows_dir);

  if (rc < 0)
    return rc;
  r->target_kind = SCAN_TARGET_LIVE;
  r->root = root;
  r->windows_dir = windows_dir;
  /* The folder comparisons expect "C:\\WINDOWS", never "C:\\WINDOWS\\". */
  for (size_t len = strlen (windows_dir);
       len > strlen (root) && windows_dir[len - 1] == o->separator; len--)
    windows_dir[len - 1] = '\0';
  r->quick = o->quick;
  job.windows_dir = windows_dir;

  /* What runs first: it is seen in moments, and a worm that runs needs the network cable out
   * before anything else. Then the registry, then the files, the long part. */
  if ((rc = between_checks (&job)) == 0)
    check_processes (&job);
  if (rc == 0 && (rc = between_checks (&job)) == 0)
    check_mutexes (&job);
  if (rc == 0 && (rc = between_checks (&job)) == 0)
    check_listeners (&job);
  if (rc == 0 && (rc = between_checks (&job)) == 0)
    check_registry (&job);
  if (rc == 0 && (rc = between_checks (&job)) == 0)
    rc = check_files (&job, root);
  scan_processes_free (job.procs, job.n_procs);

  if (rc == SCAN_ECANCELED)
    {
      r->cancelled = true;
      rc = 0;
    }
  if (rc == 0 && job.fatal)
    rc = job.fatal;
  r->seconds = scan__now () - start;
  if (rc < 0)
    return rc;
  return scan_report_decide (r);
}
