/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-scan: one scan from a path to a decided report (scan-run.c, scan-report.c), with the
 * built-in catalogue and the POSIX folder reader, over small trees of empty files named like the
 * worm's. The name and the folder together decide; these cases pin down which folder means what.
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

/* Builds a tree from ENTRIES (NULL-terminated): a trailing '/' makes a folder, else a file. */
static char *
make_tree (const char *const *entries)
{
  char *root = fixture_new ();
  for (size_t i = 0; entries[i]; i++)
    {
      size_t len = strlen (entries[i]);
      if (entries[i][len - 1] == '/')
        {
          char *dir = strndup (entries[i], len - 1);
          REQUIRE (dir != NULL);
          fixture_mkdir (root, dir);
          free (dir);
        }
      else
        fixture_touch (root, entries[i]);
    }
  return root;
}

static void
drop_tree (char *root)
{
  fixture_remove (root);
  free (root);
}

typedef struct
{
  unsigned calls;
  unsigned cancel_at;       /* cancel on this call (1-based); 0: never */
  bool cancel_in_volume;    /* cancel on the first call of the whole-volume phase */
  bool saw_phase[3];
} progress_state;

static int
on_progress (void *user, const scan_progress *p)
{
  progress_state *s = user;
  s->calls++;
  if (p->phase <= SCAN_PHASE_VOLUME)
    s->saw_phase[p->phase] = true;
  if (s->cancel_in_volume && p->phase == SCAN_PHASE_VOLUME)
    return 1;
  return s->cancel_at && s->calls == s->cancel_at;
}

/* Scans ROOT into REPORT (which the caller clears). */
static int
scan (const char *root, bool quick, progress_state *progress, scan_report *report)
{
  scan_options o = {
    .rules = rules,
    .fs = scan_platform_fs (),
    .separator = scan_platform_separator (),
    .quick = quick,
    .progress = progress ? on_progress : NULL,
    .user = progress,
  };
  scan_report_init (report, rules);
  return scan_run_path (&o, root, report);
}

static bool
has_reason (const scan_report *r, scan_reason_code code)
{
  return test_find_reason (r, code) != NULL;
}

/* Checks that the report holds exactly one finding, at ROOT/REL, with these properties. */
static void
check_single_finding (const scan_report *r, const char *root, const char *rel,
                      scan_finding_kind kind, scan_severity severity, scan_why why,
                      const char *family, const char *variant)
{
  if (!CHECK_INT (r->n_findings, 1))
    {
      for (size_t i = 0; i < r->n_findings; i++)
        fprintf (stderr, "  finding: %s\n", r->findings[i].location);
      return;
    }
  const scan_finding *f = &r->findings[0];
  char *location = test_path (root, rel);
  CHECK_STR (f->location, location);
  free (location);
  CHECK_INT (f->kind, kind);
  CHECK_INT (f->severity, severity);
  CHECK_INT (f->why, why);
  if (CHECK (f->indicator != NULL && f->indicator->variant != NULL))
    {
      CHECK_STR (f->indicator->variant->family, family);
      CHECK_STR (f->indicator->variant->id, variant);
    }
}

static void
check_windows_dir (const scan_report *r, const char *root, const char *rel)
{
  char *expected = rel ? test_path (root, rel[0] ? rel : NULL) : NULL;
  CHECK_STR (r->windows_dir, expected);
  CHECK_INT (r->target_kind, rel ? SCAN_TARGET_OFFLINE : SCAN_TARGET_FOLDER);
  free (expected);
}

/* The first finding's place as the checked Windows names it (NULL: no Windows names it). If this
 * breaks, the person is told to delete a Linux mount path that does not exist on the PC. */
static void
check_windows_location (const scan_report *r, const char *expected)
{
  if (CHECK (r->n_findings >= 1))
    {
      CHECK_STR (r->findings[0].windows_location, expected);
      CHECK (r->findings[0].windows_user == NULL);
    }
}

/* (a) If this breaks, the original Blaster on an attached Windows disk goes unreported. */
static void
test_blaster_a (void)
{
  test_case ("(a) WINDOWS/System32/MSBLAST.EXE: infected, Blaster A");
  static const char *const tree[] = { "WINDOWS/System32/MSBLAST.EXE",
                                      "WINDOWS/System32/kernel32.dll", "Documents/letter.txt",
                                      NULL };
  char *root = make_tree (tree);
  scan_report r;
  CHECK_INT (scan (root, false, NULL, &r), 0);
  CHECK_INT (r.infection, SCAN_INFECTION_INFECTED);
  /* Found twice (the worm's folders first, then the whole volume), reported once. */
  check_single_finding (&r, root, "WINDOWS/System32/MSBLAST.EXE", SCAN_FINDING_FILE,
                        SCAN_SEV_INFECTION, SCAN_WHY_WORM_FOLDER, "blaster", "A");
  check_windows_location (&r, "C:\\WINDOWS\\System32\\MSBLAST.EXE");
  check_windows_dir (&r, root, "WINDOWS");
  const scan_reason *reason = test_find_reason (&r, SCAN_REASON_INFECTED_FILES);
  if (CHECK (reason != NULL))
    CHECK_INT (reason->n, 1);
  CHECK (!has_reason (&r, SCAN_REASON_NOTHING_FOUND));
  /* These scans pass no registry reader: the report says the registry could not be read here. */
  CHECK (has_reason (&r, SCAN_REASON_REGISTRY_UNSUPPORTED));
  CHECK_INT (r.vulnerability, SCAN_VULN_UNKNOWN);
  CHECK (!r.cancelled);
  CHECK_INT (r.n_errors, 0);
  /* Six entries on disk; the worm's folders are listed twice but counted once. */
  CHECK_INT (r.entries, 6);
  CHECK_INT (r.files, 3);
  size_t n_patches;
  scan_rules_patches (rules, &n_patches);
  if (CHECK (r.patch_states != NULL))
    for (size_t i = 0; i < n_patches; i++)
      CHECK_INT (r.patch_states[i], SCAN_PATCH_UNKNOWN);
  scan_report_clear (&r);

  /* The same disk given as "ROOT/" (shell completion adds the '/'): the same paths, no "//". */
  test_case ("(a) the same with a trailing separator on the root");
  char *slashed = test_path (root, "");
  size_t len = strlen (slashed);
  slashed = realloc (slashed, len + 2);
  REQUIRE (slashed != NULL);
  strcpy (slashed + len, "/");
  CHECK_INT (scan (slashed, false, NULL, &r), 0);
  CHECK_INT (r.infection, SCAN_INFECTION_INFECTED);
  check_single_finding (&r, root, "WINDOWS/System32/MSBLAST.EXE", SCAN_FINDING_FILE,
                        SCAN_SEV_INFECTION, SCAN_WHY_WORM_FOLDER, "blaster", "A");
  check_windows_location (&r, "C:\\WINDOWS\\System32\\MSBLAST.EXE");
  check_windows_dir (&r, root, "WINDOWS");
  scan_report_clear (&r);
  free (slashed);
  drop_tree (root);
}

/* (b) If this breaks, Welchia's worm file is missed on Windows 2000 (WINNT, lowercase). */
static void
test_welchia_a (void)
{
  test_case ("(b) winnt/system32/wins/dllhost.exe: infected, Welchia A");
  static const char *const tree[] = { "winnt/system32/wins/dllhost.exe", NULL };
  char *root = make_tree (tree);
  scan_report r;
  CHECK_INT (scan (root, false, NULL, &r), 0);
  CHECK_INT (r.infection, SCAN_INFECTION_INFECTED);
  check_single_finding (&r, root, "winnt/system32/wins/dllhost.exe", SCAN_FINDING_FILE,
                        SCAN_SEV_INFECTION, SCAN_WHY_WORM_FOLDER, "welchia", "A");
  check_windows_dir (&r, root, "winnt");
  scan_report_clear (&r);
  drop_tree (root);
}

/* (c) If this breaks, every healthy Windows is reported infected: dllhost.exe and svchost.exe
 * are real Windows programs in System32. */
static void
test_real_programs (void)
{
  test_case ("(c) WINDOWS/system32/dllhost.exe and svchost.exe: clean");
  static const char *const tree[] = { "WINDOWS/system32/dllhost.exe",
                                      "WINDOWS/system32/svchost.exe",
                                      "WINDOWS/system32/dllcache/svchost.exe", NULL };
  char *root = make_tree (tree);
  scan_report r;
  CHECK_INT (scan (root, false, NULL, &r), 0);
  CHECK_INT (r.infection, SCAN_INFECTION_CLEAN);
  CHECK_INT (r.n_findings, 0);
  /* No registry reader here: clean for the checks that ran, never "Every check ran". */
  CHECK (has_reason (&r, SCAN_REASON_CHECKS_RAN_CLEAN));
  CHECK (!has_reason (&r, SCAN_REASON_NOTHING_FOUND));
  CHECK (!scan_report_every_check_ran (&r));
  scan_report_clear (&r);
  drop_tree (root);
}

/* (d) If this breaks, Welchia B (svchost.exe in drivers) is missed or taken for Welchia A. */
static void
test_welchia_b (void)
{
  test_case ("(d) WINDOWS/system32/drivers/svchost.exe: infected, Welchia B");
  static const char *const tree[] = { "WINDOWS/system32/drivers/svchost.exe",
                                      "WINDOWS/system32/svchost.exe", NULL };
  char *root = make_tree (tree);
  scan_report r;
  CHECK_INT (scan (root, false, NULL, &r), 0);
  CHECK_INT (r.infection, SCAN_INFECTION_INFECTED);
  check_single_finding (&r, root, "WINDOWS/system32/drivers/svchost.exe", SCAN_FINDING_FILE,
                        SCAN_SEV_INFECTION, SCAN_WHY_WORM_FOLDER, "welchia", "B");
  scan_report_clear (&r);
  drop_tree (root);
}

/* (e) If this breaks, a worm's file saved elsewhere (a download, a quarantine copy) is either
 * missed or called an infection. */
static void
test_name_elsewhere (void)
{
  test_case ("(e) Documents/teekids.exe: suspicious, a worm's name elsewhere");
  static const char *const tree[] = { "WINDOWS/system32/", "Documents/teekids.exe", NULL };
  char *root = make_tree (tree);
  scan_report r;
  CHECK_INT (scan (root, false, NULL, &r), 0);
  CHECK_INT (r.infection, SCAN_INFECTION_SUSPICIOUS);
  check_single_finding (&r, root, "Documents/teekids.exe", SCAN_FINDING_FILE, SCAN_SEV_SUSPICIOUS,
                        SCAN_WHY_NAME_ELSEWHERE, "blaster", "C");
  check_windows_location (&r, "C:\\Documents\\teekids.exe");
  const scan_reason *reason = test_find_reason (&r, SCAN_REASON_SUSPICIOUS_FILES);
  if (CHECK (reason != NULL))
    CHECK_INT (reason->n, 1);
  CHECK (!has_reason (&r, SCAN_REASON_INFECTED_FILES));
  scan_report_clear (&r);
  drop_tree (root);
}

/* (f) If this breaks, a folder that merely has the worm's name raises an alarm. */
static void
test_folder_named_like_worm (void)
{
  test_case ("(f) a folder named msblast.exe in system32: clean");
  static const char *const tree[] = { "WINDOWS/system32/msblast.exe/", NULL };
  char *root = make_tree (tree);
  scan_report r;
  CHECK_INT (scan (root, false, NULL, &r), 0);
  CHECK_INT (r.infection, SCAN_INFECTION_CLEAN);
  CHECK_INT (r.n_findings, 0);
  scan_report_clear (&r);
  drop_tree (root);
}

/* (g) If this breaks, a backup copy of an infected Windows folder is either missed or reported as
 * this computer's infection. */
static void
test_folder_copy (void)
{
  test_case ("(g) backup/WINDOWS/system32/msblast.exe in a plain folder: suspicious copy");
  static const char *const tree[] = { "backup/WINDOWS/system32/msblast.exe", NULL };
  char *root = make_tree (tree);
  scan_report r;
  CHECK_INT (scan (root, false, NULL, &r), 0);
  check_windows_dir (&r, root, NULL);
  CHECK_INT (r.infection, SCAN_INFECTION_SUSPICIOUS);
  check_single_finding (&r, root, "backup/WINDOWS/system32/msblast.exe", SCAN_FINDING_FILE,
                        SCAN_SEV_SUSPICIOUS, SCAN_WHY_FOLDER_COPY, "blaster", "A");
  /* No Windows folder here: no Windows names this file, so it has no such name. */
  check_windows_location (&r, NULL);
  CHECK (has_reason (&r, SCAN_REASON_NOT_WINDOWS));
  scan_report_clear (&r);
  drop_tree (root);
}

/* (h) If this breaks, scanning a Windows folder itself (C:\WINDOWS copied off a disk) finds
 * nothing. */
static void
test_root_is_windows (void)
{
  test_case ("(h) the root is the Windows folder: offline, infected");
  static const char *const tree[] = { "system32/msblast.exe", NULL };
  char *root = make_tree (tree);
  scan_report r;
  CHECK_INT (scan (root, false, NULL, &r), 0);
  check_windows_dir (&r, root, "");
  CHECK_INT (r.infection, SCAN_INFECTION_INFECTED);
  check_single_finding (&r, root, "system32/msblast.exe", SCAN_FINDING_FILE, SCAN_SEV_INFECTION,
                        SCAN_WHY_WORM_FOLDER, "blaster", "A");
  /* The root's own name is the Windows folder's. */
  const char *base = strrchr (root, '/');
  char expected[4096];
  REQUIRE (base != NULL);
  snprintf (expected, sizeof expected, "C:\\%s\\system32\\msblast.exe", base + 1);
  check_windows_location (&r, expected);
  scan_report_clear (&r);
  drop_tree (root);
}

/* (i) If this breaks, a Windows where the worm ran and was deleted shows no trace of it. */
static void
test_prefetch (void)
{
  test_case ("(i) WINDOWS/Prefetch/MSBLAST.EXE-12345678.pf: suspicious, prefetch");
  static const char *const tree[] = { "WINDOWS/system32/",
                                      "WINDOWS/Prefetch/MSBLAST.EXE-12345678.pf",
                                      "WINDOWS/Prefetch/NOTEPAD.EXE-0000.pf",
                                      "Documents/MSBLAST.EXE-12345678.pf", NULL };
  char *root = make_tree (tree);
  scan_report r;
  CHECK_INT (scan (root, false, NULL, &r), 0);
  CHECK_INT (r.infection, SCAN_INFECTION_SUSPICIOUS);
  /* Only in the Prefetch folder does such a name mean the program ran. */
  check_single_finding (&r, root, "WINDOWS/Prefetch/MSBLAST.EXE-12345678.pf",
                        SCAN_FINDING_PREFETCH, SCAN_SEV_SUSPICIOUS, SCAN_WHY_PREFETCH, "blaster",
                        "A");
  CHECK (has_reason (&r, SCAN_REASON_PREFETCH));
  scan_report_clear (&r);
  drop_tree (root);
}

/* (j) If this breaks, a quick scan either reads the whole disk (slow) or misses the worm's own
 * folders, or does not say that it was quick. */
static void
test_quick (void)
{
  test_case ("(j) quick: the worm's folders only");
  static const char *const tree[] = { "WINDOWS/system32/msblast.exe",
                                      "WINDOWS/system32/wins/dllhost.exe",
                                      "Documents/teekids.exe", NULL };
  char *root = make_tree (tree);
  scan_report r;
  progress_state progress = { 0 };
  CHECK_INT (scan (root, true, &progress, &r), 0);
  CHECK (r.quick);
  CHECK_INT (r.infection, SCAN_INFECTION_INFECTED);
  CHECK_INT (r.n_findings, 2);
  for (size_t i = 0; i < r.n_findings; i++)
    {
      CHECK (strstr (r.findings[i].location, "teekids") == NULL);
      CHECK (strstr (r.findings[i].location, "/WINDOWS/system32/") != NULL);
    }
  CHECK (has_reason (&r, SCAN_REASON_QUICK));
  CHECK (progress.saw_phase[SCAN_PHASE_KNOWN]);
  CHECK (!progress.saw_phase[SCAN_PHASE_VOLUME]);
  scan_report_clear (&r);

  /* A folder with no Windows in it has no places of the worm's: quick must not mean "nothing
   * checked", so it is searched whole. */
  test_case ("(j) quick on a folder without Windows still searches it");
  static const char *const plain[] = { "backup/WINDOWS/system32/msblast.exe", NULL };
  char *plain_root = make_tree (plain);
  CHECK_INT (scan (plain_root, true, NULL, &r), 0);
  CHECK_INT (r.infection, SCAN_INFECTION_SUSPICIOUS);
  CHECK_INT (r.n_findings, 1);
  CHECK (!has_reason (&r, SCAN_REASON_NOTHING_FOUND));
  scan_report_clear (&r);
  drop_tree (plain_root);

  /* The same tree in full: the third file is found too, and the reason is gone. */
  CHECK_INT (scan (root, false, NULL, &r), 0);
  CHECK_INT (r.n_findings, 3);
  CHECK (!has_reason (&r, SCAN_REASON_QUICK));
  scan_report_clear (&r);
  drop_tree (root);
}

/* (k) If this breaks, a disk that was never mounted (its empty mount point) is called clean: a
 * false all-clear. An empty folder, or one of empty folders only, is SCAN_EEMPTY; a folder with
 * one ordinary file is clean for the file check, and says the registry and updates were not. */
static void
test_empty (void)
{
  test_case ("(k) an empty folder, a folder of empty folders: SCAN_EEMPTY, not clean");
  static const char *const empty[] = { NULL };
  static const char *const folders[] = { "media/", "media/disk/", "lost+found/", NULL };
  static const char *const one_file[] = { "photos/2003-08-11.jpg", NULL };
  const char *const *trees[] = { empty, folders };
  scan_report r;
  for (size_t i = 0; i < 2; i++)
    for (int quick = 0; quick < 2; quick++)
      {
        char *root = make_tree (trees[i]);
        CHECK_INT (scan (root, quick, NULL, &r), SCAN_EEMPTY);
        scan_report_clear (&r);
        drop_tree (root);
      }
  CHECK_STR (scan_err_name (SCAN_EEMPTY), "EEMPTY");

  test_case ("(k) a folder with one ordinary file: clean, only files were checked");
  char *root = make_tree (one_file);
  CHECK_INT (scan (root, false, NULL, &r), 0);
  check_windows_dir (&r, root, NULL);
  CHECK_INT (r.infection, SCAN_INFECTION_CLEAN);
  CHECK (has_reason (&r, SCAN_REASON_CHECKS_RAN_CLEAN));
  CHECK (has_reason (&r, SCAN_REASON_FILES_ONLY));
  CHECK (!has_reason (&r, SCAN_REASON_NOTHING_FOUND));
  CHECK_INT (r.vulnerability, SCAN_VULN_UNKNOWN);
  CHECK (has_reason (&r, SCAN_REASON_NOT_WINDOWS));
  CHECK (!has_reason (&r, SCAN_REASON_REGISTRY_NOT_READ));
  CHECK_INT (r.n_findings, 0);
  CHECK_INT (r.entries, 2);
  CHECK_INT (r.files, 1);
  CHECK_STR (r.root, root);
  scan_report_clear (&r);
  drop_tree (root);
}

/* (l) If this breaks, a mistyped path gives "clean" instead of an error. */
static void
test_missing_root (void)
{
  test_case ("(l) a root that does not exist: SCAN_ENOENT");
  char *dir = fixture_new ();
  char *missing = test_path (dir, "not-there");
  scan_report r;
  CHECK_INT (scan (missing, false, NULL, &r), SCAN_ENOENT);
  CHECK_INT (r.n_findings, 0);
  scan_report_clear (&r);
  free (missing);
  drop_tree (dir);
}

/* (m) If this breaks, a cancelled scan is called clean although it checked nothing. */
static void
test_cancel (void)
{
  test_case ("(m) cancelled before anything was found: incomplete");
  static const char *const tree[] = { "WINDOWS/system32/", "Documents/teekids.exe", NULL };
  char *root = make_tree (tree);
  scan_report r;
  progress_state progress = { .cancel_at = 1 };
  CHECK_INT (scan (root, false, &progress, &r), 0);
  CHECK (r.cancelled);
  CHECK_INT (r.infection, SCAN_INFECTION_INCOMPLETE);
  CHECK (has_reason (&r, SCAN_REASON_CANCELLED));
  CHECK (!has_reason (&r, SCAN_REASON_NOTHING_FOUND));
  CHECK_INT (r.n_findings, 0);
  CHECK_INT (progress.calls, 1);
  scan_report_clear (&r);
  drop_tree (root);

  /* What the worm's folders showed stays in the report when the volume phase is cancelled. */
  test_case ("(m) cancelled after the worm's folders: infected, and says cancelled");
  static const char *const infected[] = { "WINDOWS/system32/msblast.exe", "Documents/teekids.exe",
                                          NULL };
  root = make_tree (infected);
  progress = (progress_state) { .cancel_in_volume = true };
  CHECK_INT (scan (root, false, &progress, &r), 0);
  CHECK (r.cancelled);
  CHECK_INT (r.infection, SCAN_INFECTION_INFECTED);
  CHECK_INT (r.n_findings, 1);
  CHECK (has_reason (&r, SCAN_REASON_CANCELLED));
  scan_report_clear (&r);
  drop_tree (root);
}

static void
unreadable_system32_case (void *root)
{
  scan_report r;
  CHECK_INT (scan (root, false, NULL, &r), 0);
  /* Still a Windows disk: the Windows folder is there, only its System32 is closed. */
  check_windows_dir (&r, root, "WINDOWS");
  CHECK_INT (r.infection, SCAN_INFECTION_INCOMPLETE);
  CHECK (!has_reason (&r, SCAN_REASON_NOTHING_FOUND));
  const scan_reason *reason = test_find_reason (&r, SCAN_REASON_UNREADABLE);
  if (CHECK (reason != NULL))
    CHECK_INT (reason->n, 1);
  /* Listed by both phases, reported once. */
  if (CHECK_INT (r.n_errors, 1))
    {
      char *system32 = test_path (root, "WINDOWS/system32");
      CHECK_STR (r.errors[0].location, system32);
      CHECK_INT (r.errors[0].code, SCAN_EACCES);
      free (system32);
    }
  scan_report_clear (&r);
}

/* If this breaks, a disk whose System32 could not be read is called clean (or not a Windows
 * disk at all), although the worm's own folder was never checked. */
static void
test_unreadable_system32 (void)
{
  test_case ("an unreadable System32: offline, incomplete, one error");
  static const char *const tree[] = { "WINDOWS/system32/wins/", "Documents/letter.txt", NULL };
  char *root = make_tree (tree);
  char *system32 = test_path (root, "WINDOWS/system32");
  REQUIRE (chmod (system32, 0) == 0);
  free (system32);
  test_run_unprivileged (root, unreadable_system32_case, root);
  drop_tree (root);
}

/* A minimal JSON checker (RFC 8259 structure and string escapes, not number ranges): the report
 * is read by scripts, so "almost JSON" is a bug. */
static const char *json_value (const char *s, int depth);

static const char *
json_ws (const char *s)
{
  while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
    s++;
  return s;
}

static const char *
json_string_end (const char *s)
{
  if (*s++ != '"')
    return NULL;
  for (; *s != '"'; s++)
    {
      if ((unsigned char) *s < 0x20)
        return NULL;
      if (*s == '\\')
        {
          s++;
          if (*s == 'u')
            {
              for (int i = 1; i <= 4; i++)
                if (!strchr ("0123456789abcdefABCDEF", s[i]) || !s[i])
                  return NULL;
              s += 4;
            }
          else if (!*s || !strchr ("\"\\/bfnrt", *s))
            return NULL;
        }
    }
  return s + 1;
}

static const char *
json_value (const char *s, int depth)
{
  s = json_ws (s);
  if (depth > 32)
    return NULL;
  if (*s == '{' || *s == '[')
    {
      char close = *s == '{' ? '}' : ']';
      s = json_ws (s + 1);
      if (*s == close)
        return s + 1;
      for (;;)
        {
          if (close == '}')
            {
              if (!(s = json_string_end (json_ws (s))))
                return NULL;
              s = json_ws (s);
              if (*s++ != ':')
                return NULL;
            }
          if (!(s = json_value (s, depth + 1)))
            return NULL;
          s = json_ws (s);
          if (*s == close)
            return s + 1;
          if (*s++ != ',')
            return NULL;
        }
    }
  if (*s == '"')
    return json_string_end (s);
  if (strncmp (s, "true", 4) == 0 || strncmp (s, "null", 4) == 0)
    return s + 4;
  if (strncmp (s, "false", 5) == 0)
    return s + 5;
  const char *start = s;
  if (*s == '-')
    s++;
  while ((*s >= '0' && *s <= '9') || *s == '.' || *s == 'e' || *s == 'E' || *s == '+' || *s == '-')
    s++;
  return s > start ? s : NULL;
}

/* Is S (LEN bytes) UTF-8? Written here rather than borrowed from the core, which it checks. */
static bool
valid_utf8 (const unsigned char *s, size_t len)
{
  for (size_t i = 0; i < len;)
    {
      unsigned c = s[i], n, cp;
      if (c < 0x80)
        {
          i++;
          continue;
        }
      if (c >= 0xc2 && c <= 0xdf)
        n = 1, cp = c & 0x1f;
      else if (c >= 0xe0 && c <= 0xef)
        n = 2, cp = c & 0x0f;
      else if (c >= 0xf0 && c <= 0xf4)
        n = 3, cp = c & 0x07;
      else
        return false;
      if (i + n >= len)
        return false;
      for (unsigned k = 1; k <= n; k++)
        {
          if ((s[i + k] & 0xc0) != 0x80)
            return false;
          cp = (cp << 6) | (s[i + k] & 0x3f);
        }
      if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff))
          || (cp >= 0xd800 && cp <= 0xdfff))
        return false;
      i += n + 1;
    }
  return true;
}

static char *
report_json (const scan_report *r, size_t *len)
{
  char *text = NULL;
  FILE *out = open_memstream (&text, len);
  REQUIRE (out != NULL);
  CHECK_INT (scan_report_write_json (r, "blaster-scan", "0.1.0", out), 0);
  REQUIRE (fclose (out) == 0);
  return text;
}

/* If this breaks, scripts that read the JSON report (fleet checks) break or misread it: a key is
 * missing, or a non-UTF-8 file name makes the whole document unreadable. */
static void
test_json (void)
{
  test_case ("JSON: the contract's keys, and non-UTF-8 names as \\xNN text");
  static const char *const tree[] = { "WINDOWS/system32/msblast.exe",
                                      "Documents/\xff\xfe/teekids.exe",
                                      "Documents/caf\xc3\xa9 \"quoted\"\\/penis32.exe", NULL };
  char *root = make_tree (tree);
  scan_report r;
  CHECK_INT (scan (root, false, NULL, &r), 0);
  CHECK_INT (r.n_findings, 3);
  size_t len;
  char *json = report_json (&r, &len);
  CHECK_INT (strlen (json), len); /* no NUL byte inside */

  static const char *const keys[] = { "tool", "rules", "sha256", "target", "windows_dir",
                                      "verdict", "infection", "vulnerability", "reasons",
                                      "findings", "patches", "errors", "stats" };
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    {
      char quoted[64];
      snprintf (quoted, sizeof quoted, "\"%s\": ", keys[i]);
      if (!CHECK (strstr (json, quoted) != NULL))
        fprintf (stderr, "  (missing key %s)\n", quoted);
    }
  char sha[80];
  snprintf (sha, sizeof sha, "\"sha256\": \"%s\"", scan_rules_sha256 (rules));
  CHECK (strstr (json, sha) != NULL);
  CHECK (strstr (json, "\"infection\": \"infected\"") != NULL);
  CHECK (strstr (json, "\"vulnerability\": \"unknown\"") != NULL);
  CHECK (strstr (json, "\"kind\": \"offline\"") != NULL);

  /* The byte 0xff is written as the four characters \xFF, escaped once more for JSON. */
  CHECK (strstr (json, "/Documents/\\\\xFF\\\\xFE/teekids.exe\"") != NULL);
  CHECK (memchr (json, 0xff, len) == NULL);
  CHECK (memchr (json, 0xfe, len) == NULL);
  /* Valid UTF-8 is kept as it is; quotes and backslashes are escaped. */
  CHECK (strstr (json, "caf\xc3\xa9 \\\"quoted\\\"\\\\/penis32.exe\"") != NULL);
  CHECK (valid_utf8 ((const unsigned char *) json, len));
  const char *end = json_value (json, 0);
  if (!CHECK (end != NULL && *json_ws (end) == '\0'))
    fprintf (stderr, "%s\n", json);
  free (json);
  scan_report_clear (&r);

  /* An empty report (no findings, no errors) is valid JSON too: empty arrays. */
  test_case ("JSON: a clean report is valid JSON");
  static const char *const clean_tree[] = { "nothing.txt", NULL };
  char *clean = make_tree (clean_tree);
  CHECK_INT (scan (clean, false, NULL, &r), 0);
  json = report_json (&r, &len);
  CHECK (strstr (json, "\"findings\": []") != NULL);
  CHECK (strstr (json, "\"errors\": []") != NULL);
  CHECK (strstr (json, "\"windows_dir\": null") != NULL);
  CHECK (strstr (json, "\"infection\": \"clean\"") != NULL);
  end = json_value (json, 0);
  if (!CHECK (end != NULL && *json_ws (end) == '\0'))
    fprintf (stderr, "%s\n", json);
  free (json);
  scan_report_clear (&r);
  drop_tree (clean);
  drop_tree (root);

  /* What the front ends show: the same \xNN text for bytes that are not UTF-8. */
  test_case ("display text: bytes that are not UTF-8 become \\xNN");
  char *shown = scan_display_text ("a\xff" "b\x01" "c\xc3\xa9");
  CHECK_STR (shown, "a\\xFFb\\x01c\xc3\xa9");
  free (shown);
}

/* If this breaks, a dual-boot disk's second Windows (WINNT beside WINDOWS) is never looked at:
 * its worm file goes unreported by a quick scan, and no installation has a verdict of its own. */
static void
test_dual_boot (void)
{
  test_case ("dual boot: WINDOWS (clean) and WINNT (its System32 holds msblast.exe), quick");
  static const char *const tree[] = { "WINDOWS/system32/", "WINNT/system32/msblast.exe",
                                      "WINNT/win.ini", NULL };
  char *root = make_tree (tree);
  scan_report r;
  CHECK_INT (scan (root, true, NULL, &r), 0);
  CHECK_INT (r.infection, SCAN_INFECTION_INFECTED);
  check_single_finding (&r, root, "WINNT/system32/msblast.exe", SCAN_FINDING_FILE,
                        SCAN_SEV_INFECTION, SCAN_WHY_WORM_FOLDER, "blaster", "A");
  check_windows_location (&r, "C:\\WINNT\\system32\\msblast.exe");
  if (CHECK_INT (r.n_windows, 2))
    {
      char *first = test_path (root, "WINDOWS"), *second = test_path (root, "WINNT");
      CHECK_STR (r.windows_dir, first);
      CHECK_STR (r.windows[0].windows_dir, first);
      CHECK_INT (r.windows[0].infection, SCAN_INFECTION_CLEAN);
      CHECK_STR (r.windows[1].windows_dir, second);
      CHECK_INT (r.windows[1].infection, SCAN_INFECTION_INFECTED);
      free (first);
      free (second);
    }
  scan_report_clear (&r);
  drop_tree (root);
}

int
main (int argc, char **argv)
{
  if (!test_load_builtin_rules (&rules))
    return 1;
  test_blaster_a ();
  test_welchia_a ();
  test_real_programs ();
  test_welchia_b ();
  test_name_elsewhere ();
  test_folder_named_like_worm ();
  test_folder_copy ();
  test_root_is_windows ();
  test_prefetch ();
  test_quick ();
  test_empty ();
  test_missing_root ();
  test_cancel ();
  test_unreadable_system32 ();
  test_json ();
  test_dual_boot ();
  scan_rules_free (rules);
  return test_result (argv[0]);
}
