/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-progress: what scan_run_path tells its front end while it runs (scan_progress_kind). The
 * wizard's Checking page says only what these events say, so their order is the contract: the
 * Windows folder is named before its places are checked, the known places end before the whole
 * volume starts, a folder without Windows says so at once, and a cancel ends the list.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-platform.h"
#include "scan-report.h"
#include "scan-rules.h"
#include "scan-run.h"
#include "test-util.h"

static scan_rules *rules;

/* The events of one scan as one line of words, ticks left out ("start:0 windows:WINDOWS …"). */
typedef struct
{
  char log[1024];
  unsigned ticks;
  const char *cancel_on; /* stop at the first event whose word starts with this; NULL: never */
} recorder;

static int
record (void *user, const scan_progress *p)
{
  recorder *rec = user;
  char word[256];

  switch (p->kind)
    {
    case SCAN_PROGRESS_TICK:
      rec->ticks++;
      return 0;
    case SCAN_PROGRESS_PHASE_START:
      snprintf (word, sizeof word, "start:%d", (int) p->phase);
      break;
    case SCAN_PROGRESS_PHASE_END:
      snprintf (word, sizeof word, "end:%d=%llu", (int) p->phase, (unsigned long long) p->count);
      break;
    case SCAN_PROGRESS_WINDOWS_FOUND:
      {
        const char *slash = p->dir ? strrchr (p->dir, '/') : NULL;
        snprintf (word, sizeof word, "windows:%s", slash ? slash + 1 : "?");
      }
      break;
    case SCAN_PROGRESS_WINDOWS_NOT_FOUND:
      snprintf (word, sizeof word, "no-windows");
      break;
    case SCAN_PROGRESS_REGISTRY_START:
      snprintf (word, sizeof word, "registry");
      break;
    case SCAN_PROGRESS_REGISTRY_END:
      snprintf (word, sizeof word, "registry-end:%s", p->status == 0 ? "read" : "unsupported");
      break;
    default:
      snprintf (word, sizeof word, "unknown:%d", (int) p->kind);
      break;
    }
  if (rec->log[0])
    strncat (rec->log, " ", sizeof rec->log - strlen (rec->log) - 1);
  strncat (rec->log, word, sizeof rec->log - strlen (rec->log) - 1);
  return rec->cancel_on && strncmp (word, rec->cancel_on, strlen (rec->cancel_on)) == 0;
}

static void
drop_tree (char *root)
{
  fixture_remove (root);
  free (root);
}

static int
scan (const char *root, bool quick, recorder *rec, scan_report *report)
{
  scan_options o = {
    .rules = rules,
    .fs = scan_platform_fs (),
    .separator = scan_platform_separator (),
    .quick = quick,
    .progress = record,
    .user = rec,
  };
  scan_report_init (report, rules);
  return scan_run_path (&o, root, report);
}

/* A Windows tree with N_FILLER files in a folder of its own, beside the worm's places. */
static char *
windows_tree (unsigned n_filler)
{
  char *root = fixture_new ();
  fixture_touch (root, "WINDOWS/system32/svchost.exe");
  fixture_mkdir (root, "WINDOWS/system32/wins");
  fixture_mkdir (root, "WINDOWS/Prefetch");
  for (unsigned i = 0; i < n_filler; i++)
    {
      char rel[64];
      snprintf (rel, sizeof rel, "Documents/file%u.txt", i);
      fixture_touch (root, rel);
    }
  return root;
}

/* The events of a whole scan of a Windows disk, in order; the counts are the walks' own. */
static void
test_windows_order (void)
{
  test_case ("a Windows disk: Windows named, known places, registry, then the whole volume");
  char *root = windows_tree (50);
  recorder rec = { 0 };
  scan_report r;
  CHECK_INT (scan (root, false, &rec, &r), 0);
  /* The known places: Prefetch (empty), system32 (svchost.exe, wins) and wins (empty): 2. The
   * whole volume: WINDOWS, system32, svchost.exe, wins, Prefetch, Documents, 50 files: 56. */
  CHECK_STR (rec.log, "start:0 windows:WINDOWS end:0=0 start:1 end:1=2 registry "
                      "registry-end:unsupported start:2 end:2=56");
  CHECK_INT ((long) r.entries, 56);
  CHECK (rec.ticks > 0);
  scan_report_clear (&r);

  test_case ("quick: no whole-volume phase");
  rec = (recorder) { 0 };
  CHECK_INT (scan (root, true, &rec, &r), 0);
  CHECK_STR (rec.log, "start:0 windows:WINDOWS end:0=0 start:1 end:1=2 registry "
                      "registry-end:unsupported");
  scan_report_clear (&r);
  drop_tree (root);
}

/* A dual-boot disk: each Windows named as it is found, the first one first, before its known
 * places are read; one registry step for both. */
static void
test_dual_boot (void)
{
  test_case ("a dual-boot disk: WINDOWS and WINNT both named in the prepare phase");
  char *root = windows_tree (0);
  fixture_touch (root, "WINNT/system32/svchost.exe");
  recorder rec = { 0 };
  scan_report r;
  CHECK_INT (scan (root, true, &rec, &r), 0);
  CHECK_STR (rec.log, "start:0 windows:WINDOWS windows:WINNT end:0=0 start:1 end:1=3 registry "
                      "registry-end:unsupported");
  CHECK_INT ((long) r.n_windows, 2);
  scan_report_clear (&r);
  drop_tree (root);
}

static void
test_no_windows (void)
{
  test_case ("a folder with no Windows: said at once, no known places, no registry");
  char *root = fixture_new ();
  fixture_touch (root, "Documents/a.txt");
  fixture_touch (root, "Documents/b.txt");
  recorder rec = { 0 };
  scan_report r;
  CHECK_INT (scan (root, false, &rec, &r), 0);
  CHECK_STR (rec.log, "start:0 no-windows end:0=0 start:2 end:2=3");
  CHECK (r.windows_dir == NULL);
  scan_report_clear (&r);
  drop_tree (root);
}

static void
test_cancel (void)
{
  test_case ("cancelled when the whole volume starts: the list ends there, the report says so");
  char *root = windows_tree (10);
  recorder rec = { .cancel_on = "start:2" };
  scan_report r;
  CHECK_INT (scan (root, false, &rec, &r), 0);
  CHECK_STR (rec.log, "start:0 windows:WINDOWS end:0=0 start:1 end:1=2 registry "
                      "registry-end:unsupported start:2");
  CHECK (r.cancelled);
  CHECK_INT (r.infection, SCAN_INFECTION_INCOMPLETE);
  scan_report_clear (&r);

  test_case ("cancelled when Windows is found: nothing after it");
  rec = (recorder) { .cancel_on = "windows" };
  CHECK_INT (scan (root, false, &rec, &r), 0);
  CHECK_STR (rec.log, "start:0 windows:WINDOWS");
  CHECK (r.cancelled);
  scan_report_clear (&r);
  drop_tree (root);
}

int
main (int argc, char **argv)
{
  if (!test_load_builtin_rules (&rules))
    return 1;
  test_windows_order ();
  test_dual_boot ();
  test_no_windows ();
  test_cancel ();
  scan_rules_free (rules);
  return test_result (argv[0]);
}
