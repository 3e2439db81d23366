/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-live: the live check's decisions (scan-live.c) over a described machine: which running
 * programs, mutexes and ports are the worm, which are Windows, and what the report says when a
 * check cannot run. What Windows itself answers is tested for real under Wine (tests/win32/);
 * here the machine is a table, so that every rule of place can be pinned down on Linux too.
 * The files are real: a small tree read with the POSIX folder reader.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-live.h"
#include "scan-platform.h"
#include "scan-report.h"
#include "scan-rules.h"
#include "test-util.h"

static scan_rules *rules;

typedef struct
{
  uint32_t pid;
  const char *name;
  const char *image; /* relative to the machine's root; NULL: not known */
  int image_error;
} proc_spec;

/* The machine the fake backend describes: one at a time. */
static struct
{
  char *root;                  /* the system drive: a real folder */
  char *second;                /* another fixed drive, or NULL */
  const proc_spec *procs;      /* terminated by name NULL */
  int procs_error;             /* processes() fails with this when nonzero */
  const char *const *mutexes;  /* the names that exist, NULL-terminated */
  const scan_listener *ports;  /* terminated by port 0 */
} machine;

static char *
xstrdup (const char *s)
{
  char *d = strdup (s);
  REQUIRE (d != NULL);
  return d;
}

static int
fake_system_paths (char **root, char **windows_dir)
{
  *root = xstrdup (machine.root);
  *windows_dir = test_path (machine.root, "WINDOWS");
  return 0;
}

static int
fake_fixed_drives (char ***roots, size_t *n)
{
  *roots = calloc (2, sizeof **roots);
  REQUIRE (*roots != NULL);
  (*roots)[0] = xstrdup (machine.root);
  *n = 1;
  if (machine.second)
    (*roots)[(*n)++] = xstrdup (machine.second);
  return 0;
}

static int
fake_processes (scan_process **out, size_t *n)
{
  size_t count = 0;
  *out = NULL;
  *n = 0;
  if (machine.procs_error)
    return machine.procs_error;
  while (machine.procs && machine.procs[count].name)
    count++;
  *out = calloc (count + 1, sizeof **out);
  REQUIRE (*out != NULL);
  for (size_t i = 0; i < count; i++)
    {
      const proc_spec *s = &machine.procs[i];
      (*out)[i].pid = s->pid;
      (*out)[i].name = xstrdup (s->name);
      (*out)[i].image = s->image ? test_path (machine.root, s->image) : NULL;
      (*out)[i].image_error = s->image_error;
    }
  *n = count;
  return 0;
}

static int
fake_mutex_exists (const char *name)
{
  for (const char *const *m = machine.mutexes; m && *m; m++)
    if (strcmp (*m, name) == 0)
      return 1;
  return 0;
}

static int
fake_listeners (scan_listener **out, size_t *n)
{
  size_t count = 0;
  while (machine.ports && machine.ports[count].port)
    count++;
  *out = calloc (count + 1, sizeof **out);
  REQUIRE (*out != NULL);
  if (count)
    memcpy (*out, machine.ports, count * sizeof **out);
  *n = count;
  return 0;
}

static const scan_live_ops fake_live = {
  .system_paths = fake_system_paths,
  .fixed_drives = fake_fixed_drives,
  .processes = fake_processes,
  .mutex_exists = fake_mutex_exists,
  .listeners = fake_listeners,
  .os_facts = NULL,
  .registry = NULL, /* the registry checks have their own suites (tests/hive, tests/win32) */
};

static int cancel_calls; /* cancel on this progress call; 0: never */
static int progress_calls;

static int
on_progress (void *user, const scan_progress *p)
{
  progress_calls++;
  return cancel_calls && progress_calls == cancel_calls;
}

static void
check_live (bool quick, scan_report *report)
{
  scan_options o = {
    .rules = rules,
    .fs = scan_platform_fs (),
    .separator = scan_platform_separator (),
    .quick = quick,
    .progress = on_progress,
  };
  progress_calls = 0;
  scan_report_init (report, rules);
  REQUIRE (scan_run_live (&o, &fake_live, report) == 0);
}

/* A healthy machine's tree: Windows's own dllhost.exe and svchost.exe. */
static void
new_machine (void)
{
  memset (&machine, 0, sizeof machine);
  machine.root = fixture_new ();
  fixture_touch (machine.root, "WINDOWS/system32/svchost.exe");
  fixture_touch (machine.root, "WINDOWS/system32/dllhost.exe");
  fixture_touch (machine.root, "WINDOWS/SysWOW64/dllhost.exe");
  fixture_mkdir (machine.root, "WINDOWS/Prefetch");
}

static void
drop_machine (scan_report *report)
{
  scan_report_clear (report);
  fixture_remove (machine.root);
  free (machine.root);
  if (machine.second)
    {
      fixture_remove (machine.second);
      free (machine.second);
    }
  memset (&machine, 0, sizeof machine);
  cancel_calls = 0;
}

/* The finding of KIND at LOCATION (relative to the root when REL), or NULL. */
static const scan_finding *
finding_at (const scan_report *r, scan_finding_kind kind, const char *location, bool rel)
{
  char *want = rel ? test_path (machine.root, location) : xstrdup (location);
  const scan_finding *found = NULL;
  for (size_t i = 0; i < r->n_findings && !found; i++)
    if (r->findings[i].kind == kind && strcmp (r->findings[i].location, want) == 0)
      found = &r->findings[i];
  if (!found)
    {
      fprintf (stderr, "  no %s finding at %s; the findings are:\n", scan_finding_kind_name (kind),
               want);
      for (size_t i = 0; i < r->n_findings; i++)
        fprintf (stderr, "    %s %s\n", scan_finding_kind_name (r->findings[i].kind),
                 r->findings[i].location);
    }
  free (want);
  return found;
}

/* If this breaks: every healthy Windows is reported as infected for its own svchost.exe, or for
 * the 32-bit dllhost.exe that 64-bit Windows runs from SysWOW64, or for RPC's port 135. */
static void
test_healthy (void)
{
  test_case ("a healthy machine: Windows's own programs and port 135 are not the worm");
  static const proc_spec procs[] = {
    { 4, "System", NULL, SCAN_EACCES },
    { 800, "svchost.exe", "WINDOWS/system32/svchost.exe", 0 },
    { 801, "SVCHOST.EXE", "WINDOWS/System32/svchost.exe", 0 },
    { 900, "dllhost.exe", "WINDOWS/SysWOW64/dllhost.exe", 0 },
    { 901, "explorer.exe", "WINDOWS/explorer.exe", 0 },
    { 0, NULL, NULL, 0 },
  };
  static const scan_listener ports[] = {
    { .udp = false, .address = "0.0.0.0", .port = 135, .pid = 800 },
    { .udp = true, .address = "0.0.0.0", .port = 123, .pid = 800 },
    { .port = 0 },
  };
  scan_report r;
  new_machine ();
  machine.procs = procs;
  machine.ports = ports;
  check_live (false, &r);
  CHECK_INT (r.target_kind, SCAN_TARGET_LIVE);
  CHECK_STR (r.root, machine.root);
  CHECK_INT (r.n_findings, 0);
  CHECK_INT (r.n_errors, 0);
  CHECK_INT (r.infection, SCAN_INFECTION_CLEAN);
  CHECK (r.entries >= 4);
  drop_machine (&r);
}

/* If this breaks: Blaster running right now, with its mutex and its shell port, is missed. */
static void
test_blaster_running (void)
{
  test_case ("Blaster A running: its program, its mutex BILLY, its port 4444");
  static const proc_spec procs[] = {
    { 1234, "msblast.exe", "WINDOWS/system32/msblast.exe", 0 },
    { 0, NULL, NULL, 0 },
  };
  static const char *const mutexes[] = { "BILLY", NULL };
  static const scan_listener ports[] = {
    { .udp = false, .address = "0.0.0.0", .port = 4444, .pid = 1234 },
    { .udp = true, .address = "0.0.0.0", .port = 69, .pid = 0 },
    { .port = 0 },
  };
  scan_report r;
  new_machine ();
  fixture_touch (machine.root, "WINDOWS/system32/msblast.exe");
  machine.procs = procs;
  machine.mutexes = mutexes;
  machine.ports = ports;
  check_live (false, &r);

  const scan_finding *f = finding_at (&r, SCAN_FINDING_PROCESS, "WINDOWS/system32/msblast.exe", true);
  if (CHECK (f != NULL))
    {
      CHECK_INT (f->severity, SCAN_SEV_INFECTION);
      CHECK_INT (f->why, SCAN_WHY_PROCESS_WORM_FOLDER);
      CHECK_STR (f->indicator->variant->family, "blaster");
    }
  f = finding_at (&r, SCAN_FINDING_MUTEX, "BILLY", false);
  if (CHECK (f != NULL))
    {
      CHECK_INT (f->severity, SCAN_SEV_INFECTION);
      CHECK_INT (f->why, SCAN_WHY_MUTEX);
    }
  char *image = test_path (machine.root, "WINDOWS/system32/msblast.exe");
  char tcp[4096];
  snprintf (tcp, sizeof tcp, "TCP 0.0.0.0:4444 (%s)", image);
  free (image);
  f = finding_at (&r, SCAN_FINDING_PORT, tcp, false);
  if (CHECK (f != NULL))
    CHECK_INT (f->severity, SCAN_SEV_SUSPICIOUS); /* a port alone is never proof */
  CHECK (finding_at (&r, SCAN_FINDING_PORT, "UDP 0.0.0.0:69", false) != NULL);
  CHECK (finding_at (&r, SCAN_FINDING_FILE, "WINDOWS/system32/msblast.exe", true) != NULL);
  CHECK_INT (r.n_findings, 5);
  /* The running Windows names its own things: each finding's Windows name is its location. */
  for (size_t i = 0; i < r.n_findings; i++)
    {
      CHECK_STR (r.findings[i].windows_location, r.findings[i].location);
      CHECK (r.findings[i].windows_user == NULL);
    }
  CHECK_INT (r.infection, SCAN_INFECTION_INFECTED);
  const scan_reason *running = test_find_reason (&r, SCAN_REASON_RUNNING);
  const scan_reason *maybe = test_find_reason (&r, SCAN_REASON_SUSPICIOUS_RUNNING);
  CHECK (running && running->n == 2);
  CHECK (maybe && maybe->n == 2);
  drop_machine (&r);
}

/* If this breaks: a worm disguised under Windows's own program names, or running from an odd
 * folder, goes unnoticed — or Welchia.B in System32\drivers is only "suspicious". */
static void
test_names_and_folders (void)
{
  test_case ("the name and the folder decide: drivers\\svchost.exe, Temp\\svchost.exe, Temp\\teekids.exe");
  static const proc_spec procs[] = {
    { 10, "svchost.exe", "WINDOWS/system32/drivers/svchost.exe", 0 },
    { 11, "svchost.exe", "Temp/svchost.exe", 0 },
    { 12, "teekids.exe", "Temp/teekids.exe", 0 },
    { 13, "dllhost.exe", "WINDOWS/system32/wins/dllhost.exe", 0 },
    { 0, NULL, NULL, 0 },
  };
  scan_report r;
  new_machine ();
  machine.procs = procs;
  check_live (true, &r);

  const scan_finding *f
    = finding_at (&r, SCAN_FINDING_PROCESS, "WINDOWS/system32/drivers/svchost.exe", true);
  if (CHECK (f != NULL))
    {
      CHECK_INT (f->severity, SCAN_SEV_INFECTION);
      CHECK_STR (f->indicator->variant->family, "welchia");
      CHECK_STR (f->indicator->variant->id, "B");
    }
  f = finding_at (&r, SCAN_FINDING_PROCESS, "WINDOWS/system32/wins/dllhost.exe", true);
  if (CHECK (f != NULL))
    CHECK_INT (f->severity, SCAN_SEV_INFECTION);
  f = finding_at (&r, SCAN_FINDING_PROCESS, "Temp/svchost.exe", true);
  if (CHECK (f != NULL))
    {
      CHECK_INT (f->severity, SCAN_SEV_SUSPICIOUS);
      CHECK_INT (f->why, SCAN_WHY_PROCESS_WRONG_FOLDER);
    }
  f = finding_at (&r, SCAN_FINDING_PROCESS, "Temp/teekids.exe", true);
  if (CHECK (f != NULL))
    {
      CHECK_INT (f->severity, SCAN_SEV_SUSPICIOUS);
      CHECK_INT (f->why, SCAN_WHY_PROCESS_NAME);
    }
  CHECK_INT (r.n_findings, 4);
  CHECK (r.quick);
  drop_machine (&r);
}

/* If this breaks: a program whose folder cannot be read is silently taken for Windows's own,
 * and the report says "clean" without having looked. */
static void
test_unknown_images (void)
{
  test_case ("programs whose folder Windows does not tell: svchost.exe an error, msblast.exe suspicious");
  static const proc_spec procs[] = {
    { 7, "svchost.exe", NULL, SCAN_EACCES },
    { 8, "msblast.exe", NULL, SCAN_EACCES },
    { 0, NULL, NULL, 0 },
  };
  scan_report r;
  new_machine ();
  machine.procs = procs;
  check_live (true, &r);
  if (CHECK_INT (r.n_errors, 1))
    {
      CHECK_STR (r.errors[0].location, "svchost.exe (PID 7)");
      CHECK_INT (r.errors[0].code, SCAN_EACCES);
    }
  const scan_finding *f = finding_at (&r, SCAN_FINDING_PROCESS, "msblast.exe", false);
  if (CHECK (f != NULL))
    CHECK_INT (f->severity, SCAN_SEV_SUSPICIOUS);
  CHECK_INT (r.infection, SCAN_INFECTION_SUSPICIOUS);
  drop_machine (&r);
}

/* If this breaks: Welchia.B's mutex, which no source confirms, is reported as proof. */
static void
test_unconfirmed_mutex (void)
{
  test_case ("WksPatch_Mutex (UNCONFIRMED in the sources): suspicious, not infected");
  static const char *const mutexes[] = { "WksPatch_Mutex", NULL };
  scan_report r;
  new_machine ();
  machine.mutexes = mutexes;
  check_live (true, &r);
  const scan_finding *f = finding_at (&r, SCAN_FINDING_MUTEX, "WksPatch_Mutex", false);
  if (CHECK (f != NULL))
    {
      CHECK_INT (f->severity, SCAN_SEV_SUSPICIOUS);
      CHECK_INT (f->why, SCAN_WHY_MUTEX_UNCONFIRMED);
    }
  CHECK_INT (r.infection, SCAN_INFECTION_SUSPICIOUS);
  drop_machine (&r);
}

/* If this breaks: when Windows refuses the list of programs, the report still says clean. */
static void
test_processes_fail (void)
{
  test_case ("the list of running programs cannot be read: incomplete, and said so");
  scan_report r;
  new_machine ();
  machine.procs_error = SCAN_EACCES;
  check_live (true, &r);
  if (CHECK_INT (r.n_errors, 1))
    CHECK_STR (r.errors[0].location, "running programs");
  CHECK_INT (r.infection, SCAN_INFECTION_INCOMPLETE);
  drop_machine (&r);
}

/* If this breaks: a worm copy on a second disk is missed, or the quick check takes an hour. */
static void
test_second_drive (void)
{
  test_case ("every fixed drive is searched whole, unless quick");
  scan_report r;
  new_machine ();
  machine.second = fixture_new ();
  fixture_touch (machine.second, "Documents/teekids.exe");
  check_live (false, &r);
  char *where = test_path (machine.second, "Documents/teekids.exe");
  const scan_finding *f = finding_at (&r, SCAN_FINDING_FILE, where, false);
  free (where);
  if (CHECK (f != NULL))
    CHECK_INT (f->severity, SCAN_SEV_SUSPICIOUS);
  scan_report_clear (&r);

  check_live (true, &r);
  CHECK_INT (r.n_findings, 0);
  CHECK_INT (r.infection, SCAN_INFECTION_CLEAN);
  drop_machine (&r);
}

/* If this breaks: Cancel in the middle of the live check is ignored, or the report claims a
 * finished check. */
static void
test_cancel (void)
{
  test_case ("cancelled between the checks: the report says cancelled, not clean");
  static const char *const mutexes[] = { "BILLY", NULL };
  scan_report r;
  new_machine ();
  machine.mutexes = mutexes;
  cancel_calls = 2; /* after the programs, before the mutexes */
  check_live (false, &r);
  CHECK (r.cancelled);
  CHECK (finding_at (&r, SCAN_FINDING_MUTEX, "BILLY", false) == NULL);
  CHECK_INT (r.infection, SCAN_INFECTION_INCOMPLETE);
  drop_machine (&r);
}

int
main (int argc, char **argv)
{
  if (!test_load_builtin_rules (&rules))
    return 1;
  test_healthy ();
  test_blaster_running ();
  test_names_and_folders ();
  test_unknown_images ();
  test_unconfirmed_mutex ();
  test_processes_fail ();
  test_second_drive ();
  test_cancel ();
  scan_rules_free (rules);
  return test_result (argv[0]);
}
