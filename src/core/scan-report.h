/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-report.h: what a scan found, the two-part verdict, and the JSON report.
 *
 * The report holds codes and data, never translated text: each code has an English msgid here
 * (marked with N_/NP_) that front ends translate. The JSON report is written in English, for
 * scripts; its keys are the contract in DESIGN.md.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "scan-rules.h"

/* Marks a singular/plural pair for xgettext (keyword NP_:1,2) without translating it. */
#define NP_(singular, plural) { singular, plural }

typedef enum
{
  SCAN_TARGET_LIVE,    /* this computer, running */
  SCAN_TARGET_OFFLINE, /* an attached Windows disk, or a Windows folder */
  SCAN_TARGET_FOLDER,  /* any other folder */
} scan_target_kind;

typedef enum
{
  SCAN_FINDING_FILE,
  SCAN_FINDING_PROCESS,
  SCAN_FINDING_MUTEX,
  SCAN_FINDING_REGISTRY,
  SCAN_FINDING_SERVICE,
  SCAN_FINDING_PORT,
  SCAN_FINDING_PREFETCH,
} scan_finding_kind;

typedef enum
{
  SCAN_SEV_INFECTION,  /* strong evidence: the worm is (or was just) on this system */
  SCAN_SEV_SUSPICIOUS, /* worth a look: a name match in an unexpected place, a past run */
  SCAN_SEV_INFO,
} scan_severity;

#define SCAN_WHY_MAP(X)                                                                          \
  X (WORM_FOLDER, N_ ("a worm's file in the folder the worm puts it in"))                       \
  X (WORM_FOLDER_UNCONFIRMED,                                                                    \
     N_ ("in the folder the worm uses, but the sources do not confirm this file name"))         \
  X (FOLDER_COPY, N_ ("a worm's file name in a folder named like the worm's, outside this Windows folder")) \
  X (NAME_ELSEWHERE, N_ ("a worm's file name, outside the folder the worm uses"))               \
  X (PREFETCH, N_ ("a Prefetch entry: a worm program ran on this Windows"))                    \
  X (RUN_VALUE, N_ ("the value the worm sets to start itself with Windows"))                  \
  X (RUN_VALUE_UNCONFIRMED,                                                                      \
     N_ ("a value like the one the worm sets; the sources disagree on this variant's value"))    \
  X (RUN_PROGRAM, N_ ("a value that starts a program with a worm's name"))                     \
  X (SERVICE, N_ ("a service the worm installs"))                                               \
  X (SERVICE_IMAGE, N_ ("a service that runs a worm's file from the worm's folder"))           \
  X (PROCESS_WORM_FOLDER, N_ ("a worm's program running from the folder the worm puts it in"))   \
  X (PROCESS_WORM_FOLDER_UNCONFIRMED,                                                             \
     N_ ("a program running from the folder the worm uses, but the sources do not confirm this "  \
         "file name"))                                                                           \
  X (PROCESS_NAME, N_ ("a program with a worm's name running, outside the folder the worm uses")) \
  X (PROCESS_WRONG_FOLDER,                                                                       \
     N_ ("a Windows program's name, running from a folder Windows does not run it from"))       \
  X (MUTEX, N_ ("the marker (mutex) the worm creates while it runs"))                           \
  X (MUTEX_UNCONFIRMED,                                                                          \
     N_ ("a marker (mutex) like the worm's, but the sources do not confirm this name"))         \
  X (PORT, N_ ("a program listening on a port the worm opens"))

/** Why one finding was reported. */
typedef enum
{
#define SCAN__WHY_ENUM(name, msg) SCAN_WHY_##name,
  SCAN_WHY_MAP (SCAN__WHY_ENUM)
#undef SCAN__WHY_ENUM
  SCAN_WHY__COUNT
} scan_why;

typedef struct scan_finding
{
  scan_finding_kind kind;
  scan_severity severity;
  scan_why why;
  const scan_indicator *indicator; /* its variant names the family */
  char *location;                  /* full path, in the file system's bytes */
  /*
   * The same place as the checked Windows itself names it, for the person who removes it on
   * that PC: C:\WINDOWS\system32\msblast.exe, HKEY_LOCAL_MACHINE\SOFTWARE\…\Run\name,
   * HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\RpcPatch. A live check's findings
   * already are such names: the same text as LOCATION. NULL for a finding outside any Windows
   * (a folder with no Windows folder in it): no Windows names it, so no name can be given.
   * How the drive letter, the control set and a user's hive are named: scan-run.c and
   * scan-registry.c (windows_file_location, windows_registry_location).
   */
  char *windows_location;
  /* A finding in a user's own registry (NTUSER.DAT, HKEY_CURRENT_USER when that user is logged
   * on): the user, named by the profile folder the hive is in ("Documents and Settings\NAME"),
   * which Windows names after the user's logon name. NULL for anything else. */
  char *windows_user;
  /* A registry or service finding's place as parts, so that nothing parses LOCATION back: the
   * hive (an attached disk: the hive file's full path; live: the root key's name,
   * "HKEY_LOCAL_MACHINE\\SOFTWARE"), the key below it ("Microsoft\\Windows\\CurrentVersion\\Run",
   * "ControlSet001\\Services") and the value's or the service's name. NULL for other findings. */
  char *hive, *key, *name;
} scan_finding;

typedef enum
{
  SCAN_INFECTION_CLEAN,
  SCAN_INFECTION_SUSPICIOUS,
  SCAN_INFECTION_INFECTED,
  SCAN_INFECTION_INCOMPLETE,
} scan_infection;

typedef enum
{
  SCAN_VULN_PATCHED,
  SCAN_VULN_UNPATCHED,
  SCAN_VULN_UNKNOWN,
} scan_vulnerability;

typedef enum
{
  SCAN_PATCH_INSTALLED,
  SCAN_PATCH_MISSING,
  SCAN_PATCH_INCLUDED,
  SCAN_PATCH_SUPERSEDED,
  SCAN_PATCH_UNKNOWN,
} scan_patch_state;

/** The reasons behind the verdict; N is the count the sentence speaks of. */
typedef enum
{
  SCAN_REASON_INFECTED_FILES,
  SCAN_REASON_RUNNING,
  SCAN_REASON_SUSPICIOUS_RUNNING,
  SCAN_REASON_SUSPICIOUS_FILES,
  SCAN_REASON_PREFETCH,
  SCAN_REASON_UNREADABLE,
  SCAN_REASON_CANCELLED,
  SCAN_REASON_NOTHING_FOUND,
  SCAN_REASON_QUICK,
  SCAN_REASON_REGISTRY_NOT_READ,
  SCAN_REASON_NOT_WINDOWS,
  SCAN_REASON_REGISTRY_ENTRIES,
  SCAN_REASON_SUSPICIOUS_REGISTRY,
  SCAN_REASON_REGISTRY_UNSUPPORTED,
  SCAN_REASON_REGISTRY_UNREADABLE,
  SCAN_REASON_OS_UNKNOWN,
  SCAN_REASON_OS_NOT_COVERED,
  SCAN_REASON_PATCH_INSTALLED,
  SCAN_REASON_PATCH_INCLUDED,
  SCAN_REASON_PATCH_MISSING,
  SCAN_REASON_FILES_ONLY,      /* no Windows folder: only the file check ran */
  SCAN_REASON_CHECKS_RAN_CLEAN, /* clean, but not every check ran (see scan_report_every_check_ran) */
  SCAN_REASON__COUNT
} scan_reason_code;

/** A verdict reason: its sentence speaks of the count N, or of ARG (a name), never both. */
typedef struct scan_reason
{
  scan_reason_code code;
  uint64_t n;
  char arg[96];
} scan_reason;

typedef struct scan_error_entry
{
  char *location;
  int code;          /* SCAN_E… */
  bool whole_check;  /* LOCATION names a whole check ("running programs"), an English msgid
                        that front ends translate, rather than a place */
} scan_error_entry;

/** One Windows installation of the checked volume, with its own part of the verdict. */
typedef struct scan_windows
{
  char *windows_dir;                               /* its folder's full path */
  char *windows_location; /* the folder as that Windows names it ("C:\\WINNT"), see scan_finding */
  char *os_product, *os_version, *os_service_pack; /* NULL: not known */
  scan_infection infection;
  scan_vulnerability vulnerability;
  /* Its own updates: one per catalogue patch, in catalogue order (as scan_report.patch_states,
   * which are the first Windows's); NULL when not known. */
  scan_patch_state *patch_states;
} scan_windows;

/* How many counts of findings scan_report_decide keeps apart (the COUNT_ enum in scan-report.c). */
#define SCAN__FINDING_COUNTS 8

typedef struct scan_report
{
  const scan_rules *rules;

  scan_target_kind target_kind;
  char *root;
  /* A disk image or device read without mounting it (scan-image.h): the partition read (1,
   * 2, …) and its file system ("ntfs", "fat32"…); 0 and NULL for a folder or this computer. */
  unsigned partition;
  char *file_system;
  /* The Windows folder's full path. NULL when no Windows folder was found: then only the file
   * check ran (no registry, no updates), the target is SCAN_TARGET_FOLDER, and a front end must
   * not call the result an all-clear for a Windows disk (see scan_report_every_check_ran). */
  char *windows_dir;
  char *os_product, *os_version, *os_service_pack; /* NULL: not known */

  scan_finding *findings;
  size_t n_findings;
  uint64_t findings_dropped; /* beyond the cap, counted but not kept */
  /* The findings beyond the cap by the reason they count for (scan_report_decide), so that the
   * reasons give the true numbers; and the set that finds a repeated finding in constant time. */
  uint64_t findings_dropped_by[SCAN__FINDING_COUNTS];
  struct scan__finding_set *finding_set;
  scan_error_entry *errors;
  size_t n_errors;
  uint64_t errors_dropped;

  bool quick;
  bool cancelled;
  uint64_t entries;
  uint64_t files; /* the regular files among ENTRIES: what the file check looked at */
  double seconds;

  char *os_build;
  int iis;            /* IIS (W3SVC) installed: 1, not: 0, not known: -1 */
  int system_restore; /* System Restore on: 1, off: 0, not known: -1 */
  bool registry_read; /* the registry decided the patches and the vulnerability */

  scan_infection infection;
  scan_vulnerability vulnerability;
  scan_reason reasons[32]; /* the infection's, then the vulnerability's */
  size_t n_reasons;
  scan_reason vuln_reasons[16]; /* set by the registry check, merged into reasons by decide */
  size_t n_vuln_reasons;
  scan_patch_state *patch_states; /* one per catalogue patch, in catalogue order */
  /* Every Windows installation of the volume (WINDOWS and WINNT side by side on a dual-boot
   * disk), the first being WINDOWS_DIR; empty when no Windows was found or for a live check.
   * The verdict above is the worst of theirs (scan_report_merge_windows). */
  scan_windows *windows;
  size_t n_windows;
} scan_report;

/** An empty report over RULES (which must outlive it). */
void scan_report_init (scan_report *report, const scan_rules *rules);

/** Frees what the report holds and empties it. */
void scan_report_clear (scan_report *report);

/** Adds a finding unless the same indicator was already found at LOCATION. 0 or SCAN_ENOMEM. */
int scan_report_add_finding (scan_report *report, scan_finding_kind kind, scan_severity severity,
                             scan_why why, const scan_indicator *indicator, const char *location);

/**
 * scan_report_add_finding, with the place as the checked Windows names it (WINDOWS_LOCATION) and,
 * for a user's registry, that user (WINDOWS_USER); either may be NULL (see scan_finding).
 */
int scan_report_add_finding_at (scan_report *report, scan_finding_kind kind,
                                scan_severity severity, scan_why why,
                                const scan_indicator *indicator, const char *location,
                                const char *windows_location, const char *windows_user);

/**
 * scan_report_add_finding_at for a registry value or a service: HIVE, KEY and NAME are its place
 * in parts (see scan_finding), kept with it.
 */
int scan_report_add_registry_finding (scan_report *report, scan_finding_kind kind,
                                      scan_severity severity, scan_why why,
                                      const scan_indicator *indicator, const char *location,
                                      const char *windows_location, const char *windows_user,
                                      const char *hive, const char *key, const char *name);

/** Records a place that could not be checked. 0 or SCAN_ENOMEM. */
int scan_report_add_error (scan_report *report, const char *location, int code);

/** Records a whole check that could not run; CHECK is its English msgid (marked N_). */
int scan_report_add_check_error (scan_report *report, const char *check, int code);

/** Adds a reason about the vulnerability (the registry's findings); ARG may be NULL. */
void scan_report_add_vulnerability_reason (scan_report *report, scan_reason_code code,
                                           const char *arg);

/** Whether REASON is about the vulnerability rather than the infection. */
bool scan_reason_is_vulnerability (scan_reason_code code);

/** Whether the sentence of CODE takes the reason's ARG (%s) rather than its count N (%llu). */
bool scan_reason_has_arg (scan_reason_code code);

/**
 * Whether every check ran: a Windows folder was found, its registry read, the whole volume
 * walked (not quick), and nothing failed or was cancelled. Only then does a clean verdict say
 * "Every check ran and found nothing" (SCAN_REASON_NOTHING_FOUND); a clean verdict without it
 * (a plain folder, a quick scan) is clean for the checks that ran, and says which did not.
 */
bool scan_report_every_check_ran (const scan_report *report);

/** Adds a copy of the installation WINDOWS to REPORT's list, with its own verdict part. 0 or
 * SCAN_ENOMEM. */
int scan_report_add_windows (scan_report *report, const scan_windows *windows);

/**
 * Takes OTHER's findings, errors and vulnerability reasons (the check of another Windows of the
 * same volume; a reason REPORT already has is not repeated) into REPORT. 0 or SCAN_ENOMEM.
 */
int scan_report_take_findings (scan_report *report, const scan_report *other);

/**
 * After scan_report_decide: the verdict becomes the worst of the installations' (infected >
 * suspicious > not complete > clean; not patched if any is, else not known if any is).
 */
void scan_report_merge_windows (scan_report *report);

/** The worse of two infection states: infected > suspicious > not complete > clean. */
scan_infection scan_infection_worse (scan_infection a, scan_infection b);

/** Sorts the findings and errors and decides the verdict and its reasons. 0 or SCAN_ENOMEM. */
int scan_report_decide (scan_report *report);

/** Writes the report as JSON (DESIGN.md's contract). 0 or SCAN_EIO. */
int scan_report_write_json (const scan_report *report, const char *tool_name,
                            const char *tool_version, FILE *out);

/**
 * scan_report_write_json, with more members: MORE (when not NULL) is called before the report's
 * closing brace and writes them, each starting with ",\n  \"name\": ". 0 or SCAN_EIO.
 */
int scan_report_write_json_more (const scan_report *report, const char *tool_name,
                                 const char *tool_version, int (*more) (void *user, FILE *out),
                                 void *user, FILE *out);

/** The verdict as the JSON report's "verdict" object ({infection, vulnerability, reasons}),
 * its lines at INDENT spaces. 0 or SCAN_EIO. */
int scan_report_write_verdict_json (const scan_report *report, int indent, FILE *out);

/** Stable names, as the JSON report spells them. */
const char *scan_infection_name (scan_infection v);
const char *scan_vulnerability_name (scan_vulnerability v);
const char *scan_finding_kind_name (scan_finding_kind k);
const char *scan_severity_name (scan_severity s);
const char *scan_patch_state_name (scan_patch_state s);
const char *scan_target_kind_name (scan_target_kind k);

/*
 * One name per verdict, everywhere a person reads it (the CLI's text report, the wizard's result
 * page, the PDF report, the receipt): English msgids that front ends translate. The label is the
 * state's name ("Infected"); the summary says in a few words what it means ("the worm is on this
 * PC"), to follow the label. The JSON report keeps its stable names (scan_infection_name).
 */

/** "Infected", "Suspicious", "Clean" or "Not complete". */
const char *scan_infection_label (scan_infection v);

/** "the worm is on this PC", "signs of the worm that need a closer look", "no sign of the worm",
 * "some checks could not run". */
const char *scan_infection_summary (scan_infection v);

/** "Patched", "Not patched" or "Not known". */
const char *scan_vulnerability_label (scan_vulnerability v);

/** "the hole the worm uses is closed", "the update that closes the hole the worm uses is missing",
 * "the check could not find out whether the hole the worm uses is closed". */
const char *scan_vulnerability_summary (scan_vulnerability v);

/** The English msgid naming a severity for people ("infection", "suspicious", "note"). */
const char *scan_severity_text (scan_severity s);

/** The English msgid naming a finding's kind for people ("file", "running program", "mutex"…). */
const char *scan_finding_kind_text (scan_finding_kind k);

/** The English msgid naming a patch state for people ("installed", "replaced by a later update"…). */
const char *scan_patch_state_text (scan_patch_state s);

/** The English msgid explaining WHY. */
const char *scan_why_text (scan_why why);

/** The English singular and plural msgids of a verdict reason; they hold one %llu or none. */
void scan_reason_text (scan_reason_code code, const char **singular, const char **plural);

/**
 * S made safe to show: bytes that are not UTF-8 become the text \xNN, control characters \xNN too.
 * Returns a malloc'd string, or NULL when out of memory.
 */
char *scan_display_text (const char *s);
