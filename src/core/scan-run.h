/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-run.h: one file-system scan, from a path to a decided report.
 *
 * Finds the Windows folder of an attached disk (WINDOWS, WINNT, any case), checks the places the
 * worm uses first, then, unless quick, the whole volume. Classification lives here: the name and
 * the folder together decide, never the name alone.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "scan-fs.h"
#include "scan-registry.h"
#include "scan-report.h"

typedef enum
{
  SCAN_PHASE_PREPARE, /* finding the Windows folder */
  SCAN_PHASE_KNOWN,   /* the places the worm uses */
  SCAN_PHASE_VOLUME,  /* every folder of the volume */
} scan_phase;

typedef struct scan_progress
{
  scan_phase phase;
  uint64_t entries; /* entries seen so far, all phases */
  const char *dir;  /* the folder being read */
} scan_progress;

typedef struct scan_options
{
  const scan_rules *rules;
  const scan_fs_ops *fs;
  char separator; /* '/' (POSIX) or '\\' (Windows) */
  bool quick;
  unsigned max_open; /* folders held open at once; 0: the walker's default */
  /** Reads an attached Windows's registry hives; NULL where this system cannot (it says so). */
  const scan_registry_ops *registry;
  /** Called often (each folder, every few thousand entries); nonzero cancels the scan. */
  int (*progress) (void *user, const scan_progress *progress);
  void *user;
} scan_options;

/**
 * Scans PATH into REPORT (initialised over the same rules) and decides the verdict.
 * Returns 0 when anything was scanned (a partial or cancelled scan says so in the report),
 * or a negative SCAN_E… code when nothing could be scanned at all (PATH cannot be opened).
 */
int scan_run_path (const scan_options *options, const char *path, scan_report *report);

/**
 * Whether ROOT holds a Windows installation (WINDOWS or WINNT with System32, any case, or
 * System32 in ROOT itself), as scan_run_path would find it. On 1, *WINDOWS_DIR receives the
 * Windows folder's full path (free it). Returns 1, 0 (not Windows, or not readable), or
 * SCAN_ENOMEM. Fast: it lists only the folders on the way.
 */
int scan_probe_windows (const scan_fs_ops *fs, char separator, const char *root,
                        char **windows_dir);
