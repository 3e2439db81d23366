/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-image.c: a libFuzzer target for the disk image reader (src/platform/tsk/scan-image-tsk.c,
 * issue #13) and the check that reads through it. Built by tests/fuzz/build-fuzz.sh, run by
 * `FUZZ_TARGET=image tests/fuzz/run-fuzz.sh`.
 *
 * Each input is one disk image: written to a file in this process's temporary folder, opened
 * with scan_image_open, and each partition with a file system checked as blaster-scan checks it
 * (scan_run_path with the image's folder and hive readers: the known places, the hives read out
 * of the image, the whole volume in MFT order on NTFS), the report decided and written as JSON
 * to /dev/null. The Sleuth Kit itself is not instrumented: its crashes show as SEGV, and the
 * fuzzer gets no coverage from inside it. Everything is freed each run (LeakSanitizer is on).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan-error.h"
#include "scan-image.h"
#include "scan-report.h"
#include "scan-rules.h"
#include "scan-run.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char image_path[4200];
static scan_rules *rules;
static FILE *devnull;

static void
die (const char *what)
{
  fprintf (stderr, "fuzz-image: %s: %s\n", what, strerror (errno));
  abort ();
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  const char *tmp = getenv ("TMPDIR");
  char folder[4096];
  snprintf (folder, sizeof folder, "%s/fuzz-image-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp (folder))
    die ("mkdtemp");
  snprintf (image_path, sizeof image_path, "%s/disk.img", folder);
  scan_rules_diag diag;
  if (scan_rules_load_builtin (&rules, &diag) < 0)
    die ("the built-in catalogue");
  devnull = fopen ("/dev/null", "w");
  if (!devnull)
    die ("/dev/null");
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FILE *f = fopen (image_path, "wb");
  if (!f || (size && fwrite (data, 1, size, f) != size) || fclose (f) != 0)
    die ("writing the image");
  scan_image *image;
  if (scan_image_open (image_path, &image) < 0)
    return 0;
  size_t n;
  const scan_image_part *parts = scan_image_parts (image, &n);
  for (size_t i = 0; i < n; i++)
    {
      if (!parts[i].fs_type || scan_image_use (image, parts[i].number) < 0)
        continue;
      scan_options o = {
        .rules = rules,
        .fs = scan_image_fs (),
        .separator = '/',
        .registry = scan_image_registry (),
      };
      scan_report report;
      scan_report_init (&report, rules);
      if (scan_run_path (&o, scan_image_root (image), &report) >= 0)
        scan_report_write_json (&report, "fuzz-image", "0", devnull);
      scan_report_clear (&report);
    }
  scan_image_close (image);
  return 0;
}
