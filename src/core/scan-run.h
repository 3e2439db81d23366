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

/**
 * What a call of scan_options.progress reports. Ticks are many and a front end may drop all but
 * the last; every other kind happens once per scan at most (per phase for the phase events), in
 * this order, and is what a front end tells the user about the check: it must pass each on.
 */
typedef enum
{
  SCAN_PROGRESS_TICK,          /* a count: folders read so far (phase, entries, dir) */
  SCAN_PROGRESS_PHASE_START,   /* PHASE begins */
  SCAN_PROGRESS_PHASE_END,     /* PHASE ended whole; COUNT: the entries it saw */
  SCAN_PROGRESS_WINDOWS_FOUND, /* DIR: a Windows folder's full path (end of the prepare phase),
                                * once for each Windows of the disk, the first one first */
  SCAN_PROGRESS_WINDOWS_NOT_FOUND, /* no Windows folder: no known places, no registry */
  SCAN_PROGRESS_REGISTRY_START,    /* its registry hives are read next */
  SCAN_PROGRESS_REGISTRY_END,  /* STATUS: 0 read, SCAN_EUNSUPPORTED when this system cannot */
} scan_progress_kind;

/*
 * scan_run_path's events, in order (a cancel ends the list where it happens):
 *   PHASE_START(PREPARE), WINDOWS_FOUND (one per Windows: WINDOWS, then WINNT on a dual-boot
 *   disk) or WINDOWS_NOT_FOUND, PHASE_END(PREPARE),
 *   with Windows: PHASE_START(KNOWN), ticks, PHASE_END(KNOWN), REGISTRY_START, REGISTRY_END (the
 *   known places and the registries of every Windows found),
 *   unless quick: PHASE_START(VOLUME), ticks, PHASE_END(VOLUME).
 */
typedef struct scan_progress
{
  scan_phase phase;
  uint64_t entries; /* entries seen so far in this walk (the whole volume counts the known
                     * places again) */
  const char *dir;  /* TICK: the folder being read; WINDOWS_FOUND: the Windows folder */
  scan_progress_kind kind; /* 0: a tick, so a zeroed struct is one */
  uint64_t count;   /* PHASE_END: the entries that phase saw */
  int status;       /* REGISTRY_END: 0 or a negative SCAN_E… code */
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
  /** Called often (each folder, every few thousand entries: ticks) and at each event (see
   * scan_progress_kind); nonzero cancels the scan. */
  int (*progress) (void *user, const scan_progress *progress);
  void *user;
} scan_options;

/**
 * Scans PATH into REPORT (initialised over the same rules) and decides the verdict.
 * Returns 0 when anything was scanned (a partial or cancelled scan says so in the report),
 * or a negative SCAN_E… code when nothing could be scanned at all: PATH cannot be opened, or
 * SCAN_EEMPTY when it holds no Windows folder and not one file (an empty mount point: a disk
 * that was never mounted), which must not read as clean.
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
