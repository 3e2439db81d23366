/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-hive.c: a libFuzzer target for the registry layer — hive files read with hivex
 * (src/platform/posix/scan-hive-posix.c) and the checks that read them
 * (src/core/scan-registry.c). Built by tests/fuzz/build-fuzz.sh, run by run-fuzz.sh.
 *
 * Each input is one hive file. hivex opens files (and maps them), so the input is written to a
 * fixture disk in a temporary folder of this process, built once:
 *
 *   TMP/disk/WINDOWS/system32/config/SOFTWARE
 *   TMP/disk/WINDOWS/system32/config/SYSTEM          the same file (a hard link)
 *   TMP/disk/Documents and Settings/ann/NTUSER.DAT   the same file (a hard link)
 *   TMP/disk/Documents and Settings/Default User/    no hive: skipped, as on a real disk
 *
 * Then, per input:
 *   1. what the scanner reads, through scan_platform_offline_registry () directly: the values
 *      of CurrentVersion, Run, RunOnce, SystemRestore, the Updates subkeys two levels down and
 *      the patch keys, Select, the subkeys of ControlSet001\Services and the values of each,
 *      the user's Run key; and a small walk of the whole tree (bounded: hostile hives loop);
 *   2. what the scan does: scan_registry_check_offline () on the fixture disk with the
 *      built-in catalogue, then scan_report_decide () and scan_report_write_json () to
 *      /dev/null.
 * Everything is freed each run: libFuzzer's leak check (LeakSanitizer) is on.
 *
 * The base block's checksum (the XOR of its first 127 dwords, at 0x1FC) is recomputed before
 * the file is written: hivex refuses a hive whose checksum is wrong, and a mutator cannot keep
 * an XOR of 508 bytes right, so without this nearly every mutation of the header would stop at
 * that check. BLASTER_FUZZ_RAW=1 in the environment writes the input exactly as it is.
 * BLASTER_FUZZ_SAVE=PATH additionally copies each written hive file to PATH (to hand a
 * reproducer to hivexsh, reglookup or blaster-scan); BLASTER_FUZZ_JSON=1 writes each report
 * to standard output instead of /dev/null.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan-error.h"
#include "scan-platform.h"
#include "scan-registry.h"
#include "scan-report.h"
#include "scan-rules.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

enum
{
  WALK_MAX_DEPTH = 5,    /* keys below the root */
  WALK_MAX_KEYS = 200,   /* keys visited per input, at most */
  KEY_MAX = 1024,        /* longest key path the walk builds */
};

static char tmp_root[4096];     /* TMP: this process's folder */
static char disk_root[4200];    /* TMP/disk */
static char windows_dir[4300];  /* TMP/disk/WINDOWS */
static char *hive_paths[3];     /* SOFTWARE, SYSTEM, NTUSER.DAT */
static bool hives_linked;       /* the three are one file: one write is enough */
static bool raw_input;          /* BLASTER_FUZZ_RAW: leave the checksum alone */
static const char *save_path;   /* BLASTER_FUZZ_SAVE */
static scan_rules *rules;
static FILE *devnull;
static uint8_t *scratch;        /* the input with its checksum fixed */
static size_t scratch_size;

static void
die (const char *what)
{
  fprintf (stderr, "fuzz-hive: %s: %s\n", what, strerror (errno));
  abort ();
}

static char *
path_join (const char *a, const char *b)
{
  size_t la = strlen (a), lb = strlen (b);
  char *p = malloc (la + 1 + lb + 1);
  if (!p)
    die ("malloc");
  memcpy (p, a, la);
  p[la] = '/';
  memcpy (p + la + 1, b, lb + 1);
  return p;
}

static void
make_dir (const char *parent, const char *name)
{
  char *p = path_join (parent, name);
  if (mkdir (p, 0700) < 0 && errno != EEXIST)
    die (p);
  free (p);
}

/* Removes the fixture disk when the fuzzer exits normally (-runs, -max_total_time). After a
 * crash it stays: run-fuzz.sh puts TMPDIR inside its own work folder. */
static void
cleanup (void)
{
  for (int i = 2; i >= 0; i--)
    if (hive_paths[i])
      {
        unlink (hive_paths[i]);
        free (hive_paths[i]);
        hive_paths[i] = NULL;
      }
  static const char *const dirs[] = {
    "disk/Documents and Settings/ann", "disk/Documents and Settings/Default User",
    "disk/Documents and Settings", "disk/WINDOWS/system32/config", "disk/WINDOWS/system32",
    "disk/WINDOWS", "disk", NULL,
  };
  for (const char *const *d = dirs; *d; d++)
    {
      char *p = path_join (tmp_root, *d);
      rmdir (p);
      free (p);
    }
  rmdir (tmp_root);
  scan_rules_free (rules);
  rules = NULL;
  free (scratch);
  scratch = NULL;
  if (devnull)
    fclose (devnull);
  devnull = NULL;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  const char *tmpdir = getenv ("TMPDIR");
  if (!tmpdir || !*tmpdir)
    tmpdir = "/tmp";
  snprintf (tmp_root, sizeof tmp_root, "%s/blaster-fuzz-hive.XXXXXX", tmpdir);
  if (!mkdtemp (tmp_root))
    die (tmp_root);
  snprintf (disk_root, sizeof disk_root, "%s/disk", tmp_root);
  snprintf (windows_dir, sizeof windows_dir, "%s/WINDOWS", disk_root);
  make_dir (tmp_root, "disk");
  make_dir (disk_root, "WINDOWS");
  make_dir (windows_dir, "system32");
  make_dir (windows_dir, "system32/config");
  make_dir (disk_root, "Documents and Settings");
  make_dir (disk_root, "Documents and Settings/ann");
  make_dir (disk_root, "Documents and Settings/Default User");

  hive_paths[0] = path_join (windows_dir, "system32/config/SOFTWARE");
  hive_paths[1] = path_join (windows_dir, "system32/config/SYSTEM");
  hive_paths[2] = path_join (disk_root, "Documents and Settings/ann/NTUSER.DAT");
  int fd = open (hive_paths[0], O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    die (hive_paths[0]);
  close (fd);
  hives_linked = link (hive_paths[0], hive_paths[1]) == 0
                 && link (hive_paths[0], hive_paths[2]) == 0;
  if (!hives_linked) /* a file system without hard links: three files, three writes */
    for (int i = 1; i < 3; i++)
      {
        unlink (hive_paths[i]);
        if ((fd = open (hive_paths[i], O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
          die (hive_paths[i]);
        close (fd);
      }

  const char *raw = getenv ("BLASTER_FUZZ_RAW");
  raw_input = raw && *raw && strcmp (raw, "0") != 0;
  save_path = getenv ("BLASTER_FUZZ_SAVE");
  if (save_path && !*save_path)
    save_path = NULL;

  scan_rules_diag diag = { 0 };
  int rc = scan_rules_load_builtin (&rules, &diag);
  if (rc < 0)
    {
      fprintf (stderr, "fuzz-hive: the built-in catalogue does not load: %s:%u: %s\n", diag.file,
               diag.line, diag.message);
      abort ();
    }
  const char *json = getenv ("BLASTER_FUZZ_JSON");
  if (json && *json && strcmp (json, "0") != 0)
    devnull = fdopen (dup (STDOUT_FILENO), "w"); /* the reports, to look at */
  else
    devnull = fopen ("/dev/null", "w");
  if (!devnull)
    die ("/dev/null");
  atexit (cleanup);
  return 0;
}

static void
write_file (const char *path, const uint8_t *data, size_t size)
{
  /* Truncated and rewritten in place, never replaced: the hard links stay one file. */
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    die (path);
  for (size_t off = 0; off < size;)
    {
      ssize_t w = write (fd, data + off, size - off);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        die (path);
      off += (size_t) w;
    }
  close (fd);
}

/* The hive file this input stands for: the input, its base block checksum recomputed. */
static const uint8_t *
hive_bytes (const uint8_t *data, size_t size)
{
  if (raw_input || size < 512)
    return data;
  if (scratch_size < size)
    {
      free (scratch);
      if (!(scratch = malloc (size)))
        die ("malloc");
      scratch_size = size;
    }
  memcpy (scratch, data, size);
  uint32_t sum = 0;
  for (size_t i = 0; i < 508; i += 4)
    sum ^= (uint32_t) scratch[i] | (uint32_t) scratch[i + 1] << 8
           | (uint32_t) scratch[i + 2] << 16 | (uint32_t) scratch[i + 3] << 24;
  scratch[508] = (uint8_t) sum;
  scratch[509] = (uint8_t) (sum >> 8);
  scratch[510] = (uint8_t) (sum >> 16);
  scratch[511] = (uint8_t) (sum >> 24);
  return scratch;
}

/* Every error code the registry ops may return (a damaged hive: SCAN_EHIVE; scan-registry.h
 * still says SCAN_EPARSE, which the backend used before): anything else is a bug. */
static void
check_rc (int rc, const char *what)
{
  if (rc == 0 || rc == SCAN_ENOENT || rc == SCAN_EHIVE || rc == SCAN_EPARSE || rc == SCAN_EIO
      || rc == SCAN_EACCES || rc == SCAN_ENOMEM)
    return;
  fprintf (stderr, "fuzz-hive: %s returned %d, which scan-registry.h does not allow\n", what, rc);
  abort ();
}

/* Uses what a scan_reg_value holds, so that a bad pointer or unterminated text shows. */
static size_t
touch_values (const scan_reg_value *values, size_t n)
{
  size_t sum = 0;
  for (size_t i = 0; i < n; i++)
    {
      if (!values[i].name)
        {
          fprintf (stderr, "fuzz-hive: a value without a name\n");
          abort ();
        }
      sum += strlen (values[i].name) + values[i].type + values[i].dword;
      if (values[i].text)
        sum += strlen (values[i].text);
    }
  return sum;
}

static size_t
read_values (const scan_registry_ops *ops, scan_hive *hive, const char *key)
{
  scan_reg_value *values = NULL;
  size_t n = 0, sum = 0;
  int rc = ops->values (hive, key, &values, &n);
  check_rc (rc, "values()");
  if (rc == 0)
    sum = touch_values (values, n);
  else if (values || n)
    {
      fprintf (stderr, "fuzz-hive: values() failed (%d) but returned %zu values\n", rc, n);
      abort ();
    }
  scan_reg_values_free (values, n);
  return sum;
}

/* The names of KEY's subkeys; the caller frees them with scan_reg_names_free. */
static int
read_subkeys (const scan_registry_ops *ops, scan_hive *hive, const char *key, char ***names,
              size_t *n)
{
  int rc = ops->subkeys (hive, key, names, n);
  check_rc (rc, "subkeys()");
  if (rc < 0 && (*names || *n))
    {
      fprintf (stderr, "fuzz-hive: subkeys() failed (%d) but returned %zu names\n", rc, *n);
      abort ();
    }
  for (size_t i = 0; i < *n; i++)
    if (!(*names)[i])
      {
        fprintf (stderr, "fuzz-hive: subkeys() returned a NULL name\n");
        abort ();
      }
  return rc;
}

/* KEY\NAME into OUT, or false when it does not fit. */
static bool
sub_path (char *out, size_t size, const char *key, const char *name)
{
  int n = snprintf (out, size, "%s%s%s", key, *key ? "\\" : "", name);
  return n >= 0 && (size_t) n < size;
}

/* Reads every key below KEY, depth first, until the budget is spent. Names holding a '\\' or
 * empty ones cannot be addressed by path: the lookup then fails or lands elsewhere, which is
 * fine — it must only not crash. */
static void
walk (const scan_registry_ops *ops, scan_hive *hive, const char *key, int depth, int *budget)
{
  char **names = NULL;
  size_t n = 0;
  if (--*budget < 0)
    return;
  read_values (ops, hive, key);
  if (depth >= WALK_MAX_DEPTH || read_subkeys (ops, hive, key, &names, &n) < 0)
    return;
  for (size_t i = 0; i < n && *budget > 0; i++)
    {
      char child[KEY_MAX];
      if (sub_path (child, sizeof child, key, names[i]))
        walk (ops, hive, child, depth + 1, budget);
    }
  scan_reg_names_free (names, n);
}

/* What scan-registry.c reads from a hive, through the backend directly. */
static void
read_like_the_scanner (const char *path)
{
  static const char *const keys[] = {
    "Microsoft\\Windows NT\\CurrentVersion",
    "Microsoft\\Windows\\CurrentVersion\\Run",
    "Microsoft\\Windows\\CurrentVersion\\RunOnce",
    "Microsoft\\Windows NT\\CurrentVersion\\SystemRestore",
    "Microsoft\\Updates\\Windows XP\\SP2\\KB823980",
    "Microsoft\\Updates\\Windows 2000\\SP5\\KB823980",
    "microsoft\\UPDATES\\windows xp\\sp1\\q815021", /* any case */
    "Select",
    "ControlSet001\\Services\\RpcPatch",
    "Software\\Microsoft\\Windows\\CurrentVersion\\Run", /* NTUSER.DAT */
    "",                                                  /* the root's own values */
    NULL,
  };
  const scan_registry_ops *ops = scan_platform_offline_registry ();
  scan_hive *hive = NULL;
  int rc = ops->open (path, 0, &hive);
  check_rc (rc, "open()");
  if (rc < 0)
    {
      if (hive)
        {
          fprintf (stderr, "fuzz-hive: open() failed (%d) but returned a hive\n", rc);
          abort ();
        }
      return;
    }

  for (const char *const *k = keys; *k; k++)
    read_values (ops, hive, *k);

  /* The Updates tree two levels down ("Windows XP" → "SP2" → "KB823980"). */
  char **os = NULL;
  size_t n_os = 0;
  if (read_subkeys (ops, hive, "Microsoft\\Updates", &os, &n_os) == 0)
    {
      for (size_t i = 0; i < n_os && i < 8; i++)
        {
          char key[KEY_MAX];
          char **sps = NULL;
          size_t n_sps = 0;
          if (!sub_path (key, sizeof key, "Microsoft\\Updates", os[i])
              || read_subkeys (ops, hive, key, &sps, &n_sps) < 0)
            continue;
          for (size_t j = 0; j < n_sps && j < 8; j++)
            {
              char sp[KEY_MAX];
              char **kbs = NULL;
              size_t n_kbs = 0;
              if (sub_path (sp, sizeof sp, key, sps[j])
                  && read_subkeys (ops, hive, sp, &kbs, &n_kbs) == 0)
                {
                  for (size_t k = 0; k < n_kbs && k < 8; k++)
                    {
                      char kb[KEY_MAX];
                      if (sub_path (kb, sizeof kb, sp, kbs[k]))
                        read_values (ops, hive, kb);
                    }
                  scan_reg_names_free (kbs, n_kbs);
                }
            }
          scan_reg_names_free (sps, n_sps);
        }
      scan_reg_names_free (os, n_os);
    }

  /* The services, and the values of each (scan-registry.c: check_services). */
  char **services = NULL;
  size_t n_services = 0;
  if (read_subkeys (ops, hive, "ControlSet001\\Services", &services, &n_services) == 0)
    {
      for (size_t i = 0; i < n_services; i++)
        {
          char key[KEY_MAX];
          if (sub_path (key, sizeof key, "ControlSet001\\Services", services[i]))
            read_values (ops, hive, key);
        }
      scan_reg_names_free (services, n_services);
    }

  int budget = WALK_MAX_KEYS;
  walk (ops, hive, "", 0, &budget);
  ops->close (hive);
}

/* What a scan of the fixture disk does with its registry. */
static void
scan_like_a_scan (void)
{
  scan_report report;
  scan_report_init (&report, rules);
  report.target_kind = SCAN_TARGET_OFFLINE;
  report.root = strdup (disk_root);
  report.windows_dir = strdup (windows_dir);
  if (!report.root || !report.windows_dir)
    die ("strdup");
  int rc = scan_registry_check_offline (scan_platform_offline_registry (), scan_platform_fs (),
                                        scan_platform_separator (), disk_root, windows_dir, rules,
                                        &report);
  if (rc == 0)
    rc = scan_report_decide (&report);
  if (rc < 0 && rc != SCAN_ENOMEM)
    {
      fprintf (stderr, "fuzz-hive: scan_registry_check_offline: %d\n", rc);
      abort ();
    }
  if (rc == 0)
    {
      scan_report_write_json (&report, "blaster-scan", "fuzz", devnull);
      fflush (devnull);
    }
  scan_report_clear (&report);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const uint8_t *hive = hive_bytes (data, size);
  write_file (hive_paths[0], hive, size);
  if (!hives_linked)
    {
      write_file (hive_paths[1], hive, size);
      write_file (hive_paths[2], hive, size);
    }
  if (save_path)
    write_file (save_path, hive, size);

  read_like_the_scanner (hive_paths[0]);
  scan_like_a_scan ();
  return 0;
}
