/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-live.h: the live check of a running Windows, from what it runs to a decided report.
 *
 * The platform backend (src/platform/win32/) says what runs — programs and their image paths,
 * named mutexes, listening ports, the Windows version — and gives the live registry; the core
 * decides here what of it is the worm, with the same catalogue and the same rules of place as
 * the file scan: a name means nothing without its folder.
 */
#pragma once

#include <stdint.h>

#include "scan-registry.h"
#include "scan-run.h"

/** One running program. */
typedef struct scan_process
{
  uint32_t pid;
  char *name;      /* the program's file name, "msblast.exe" (UTF-8) */
  char *image;     /* its full path, "C:\\WINDOWS\\system32\\msblast.exe"; NULL when not known */
  int image_error; /* why IMAGE is NULL: a SCAN_E… code (SCAN_EACCES for another user's program) */
} scan_process;

/** One port a program listens on. */
typedef struct scan_listener
{
  bool udp;
  char address[48]; /* the local address, "0.0.0.0", "127.0.0.1" */
  uint16_t port;
  uint32_t pid; /* the owning program; 0 when Windows does not say (before XP SP2) */
} scan_listener;

typedef struct scan_live_ops
{
  /** The system drive's root ("C:\\") and the Windows folder ("C:\\WINDOWS"), malloc'd. */
  int (*system_paths) (char **root, char **windows_dir);
  /** The roots of the fixed drives ("C:\\", "D:\\"), to be freed with scan_reg_names_free. */
  int (*fixed_drives) (char ***roots, size_t *n);
  /** The running programs; free with scan_processes_free. 0 or SCAN_E…. */
  int (*processes) (scan_process **out, size_t *n);
  /** Whether a mutex named NAME exists: 1, 0, or SCAN_E…. */
  int (*mutex_exists) (const char *name);
  /** The listening TCP ports and the bound UDP ports; free with free(). 0 or SCAN_E…. */
  int (*listeners) (scan_listener **out, size_t *n);
  /** The version of the running Windows. 0 or SCAN_E… (then the registry's words are used). */
  int (*os_facts) (scan_os_facts *out);
  /** The live registry (see scan_registry_check_live). */
  const scan_registry_ops *registry;
} scan_live_ops;

/** Frees N processes and the array. */
void scan_processes_free (scan_process *p, size_t n);

/**
 * Checks the running Windows into REPORT (initialised over the same rules): running programs,
 * the worm's mutexes, its ports, the registry (Run and RunOnce of the machine and the current
 * user, services, the OS, the patches, IIS, System Restore), then the files: the places the worm
 * uses on the system drive, and unless O->quick every fixed drive whole. O->fs, O->separator,
 * O->rules, O->quick and the progress callback are used; O->registry is not (LIVE has its own).
 * Returns 0 when anything was checked (a check that could not run is an error in the report),
 * or a negative SCAN_E… code when the Windows folder itself cannot be told.
 */
int scan_run_live (const scan_options *o, const scan_live_ops *live, scan_report *report);
