/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-remove.h: taking out what a check found, with a journal, and putting it back.
 *
 * A removal works from a decided report. It plans one action per thing to change — a file moved
 * into the quarantine, a hive file of an attached disk replaced by an edited copy, a live
 * registry value or service deleted, a running program ended — and writes the plan to the
 * quarantine's manifest (JSON) before it touches anything. Each action is marked "started" in
 * the manifest before it is done and "done" after (write-ahead), so that a removal cut short by
 * a crash, a kill or a full disk is finished by the next removal of the same target
 * (scan_remove_resume) or reverted (scan_remove_undo), and nothing is lost either way.
 *
 * Nothing is deleted outright: files and hives are moved (renamed, on their own volume) into
 * ROOT/BlasterCheck-Quarantine/<time>/ under names that cannot run ("0001-msblast.exe.quarantined"),
 * and what a live registry value or service held is kept in the manifest.
 *
 * The core decides what to do and in which order and keeps the journal; the platform does each
 * step (scan_remove_ops: posix/ for an attached disk, win32/ for a running Windows).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "scan-registry.h"
#include "scan-report.h"

/** The quarantine's folder in the root of the volume it serves. */
#define SCAN_QUARANTINE_FOLDER "BlasterCheck-Quarantine"
/** The manifest's name inside one removal's folder. */
#define SCAN_MANIFEST_NAME "manifest.json"
/** The largest manifest read back (a hostile or broken one is refused beyond it). */
#define SCAN_MANIFEST_MAX (8u << 20)
/** The manifest's format, its first member: a reader refuses any other. */
#define SCAN_MANIFEST_FORMAT "blaster-check-quarantine/1"

/** What the file system says of a file, as the manifest keeps it. */
typedef struct scan_file_facts
{
  uint64_t size;
  char sha256[65];      /* 64 lowercase hex digits */
  int64_t mtime, atime; /* seconds since 1970 (UTC) */
  int64_t ctime;        /* POSIX: the inode's change time; Windows: the creation time */
  uint32_t mode;        /* POSIX permission bits; 0 on Windows */
  /* The Windows attributes (FILE_ATTRIBUTE_*: read-only 0x1, hidden 0x2, system 0x4, archive
   * 0x20) where the file system keeps them (NTFS through ntfs-3g's system.ntfs_attrib, FAT's
   * attribute byte, Windows itself); HAS_ATTRIBUTES false where they cannot be read. */
  uint32_t attributes;
  bool has_attributes;
} scan_file_facts;

/** One change inside a registry hive file of an attached disk. */
typedef struct scan_hive_change
{
  const char *key;  /* below the hive's root, '\\'-separated, any case: "ControlSet001\\Services" */
  const char *name; /* a value of KEY to delete; NULL: delete KEY itself with all below it */
} scan_hive_change;

/**
 * The steps a removal needs from the platform. Paths are full paths in the platform's own form
 * (UTF-8). ROOT_LEN, where given, is as in scan_registry_ops.open: what lies below the first
 * ROOT_LEN bytes is reached one folder at a time, with no link followed and no other mount
 * entered (SCAN_ELINK, SCAN_EXDEV). Every function returns 0 or a negative SCAN_E… code; a
 * volume that is mounted read-only gives SCAN_EROFS, a full one SCAN_ENOSPC. Live-only members
 * are NULL where there is no live system (posix/).
 */
typedef struct scan_remove_ops
{
  /** Whether files can be created and renamed on the volume whose root is ROOT: 0,
   * SCAN_EROFS (mounted read-only) or SCAN_EACCES (no right to write there). */
  int (*writable) (const char *root);
  /** Size, times, attributes and SHA-256 of the regular file at PATH (not a link: SCAN_ELINK;
   * not a regular file: SCAN_ENOTREG). */
  int (*file_facts) (const char *path, size_t root_len, scan_file_facts *out);
  /** Whether anything (a file, a folder, a link) is at PATH: 1, 0 or SCAN_E…. */
  int (*exists) (const char *path, size_t root_len);
  /** Renames FROM to TO, both below the same root, on one volume (atomic; never a copy:
   * SCAN_EOTHERVOLUME when they are on different volumes). Never replaces: SCAN_EEXIST when
   * something is at TO. The moved file keeps its bytes, times and attributes. Flushed (the
   * folders of both ends) before it returns. */
  int (*move) (const char *from, const char *to, size_t root_len);
  /** Creates the folder PATH (its parent exists); SCAN_EEXIST when something is there. */
  int (*make_folder) (const char *path, size_t root_len);
  /** Lists the names in the folder PATH ("." and ".." left out), each malloc'd, in *NAMES (one
   * malloc'd array), sorted by their bytes (strcmp); at most 100000 names (SCAN_ETOOMANY
   * beyond). */
  int (*list_folder) (const char *path, size_t root_len, char ***names, size_t *n);
  /** Writes LEN bytes at DATA as the file PATH, whole or not at all: a new file beside it,
   * written, flushed, renamed over PATH, the folder flushed. */
  int (*write_whole) (const char *path, size_t root_len, const void *data, size_t len);
  /** Reads the regular file PATH whole into *DATA (malloc'd, NUL-terminated, *LEN bytes);
   * SCAN_ETOOBIG when it is longer than LIMIT bytes. */
  int (*read_whole) (const char *path, size_t root_len, size_t limit, char **data, size_t *len);
  /** Deletes PATH, a file this removal itself made in its quarantine folder (a half-made copy
   * of a hive after a crash): never one of the person's files. */
  int (*remove_own) (const char *path, size_t root_len);

  /* Hive files of an attached disk (posix/: hivex). */

  /** Whether the hive file PATH is clean (0) or was not closed cleanly by Windows
   * (SCAN_EHIVEDIRTY: the base block's primary and secondary sequence numbers differ, so
   * Windows would replay its .LOG file over any change); SCAN_EHIVE when it is no hive. */
  int (*hive_state) (const char *path, size_t root_len);
  /** Makes the N CHANGES to the hive file FROM through hivex's write API and writes the
   * result to the new file TO (SCAN_EEXIST when TO exists), flushed, with FROM's permissions
   * and attributes; FROM itself is never written. A value or key that is not there is no
   * error (the change is made); on any error no TO is left. FROM_FACTS: FROM's facts and hash,
   * of the very bytes that were edited; TO_SHA256: the copy's hash. */
  int (*hive_edit_copy) (const char *from, const char *to, size_t root_len,
                         const scan_hive_change *changes, size_t n, scan_file_facts *from_facts,
                         char to_sha256[65]);

  /* The live system (win32/); NULL elsewhere. Keys are full names:
   * "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run",
   * "HKEY_USERS\\S-1-5-21-…\\Software\\…". */

  /** 0 when this process may change the system (an administrator's, elevated), else
   * SCAN_ENOTADMIN. */
  int (*is_admin) (void);
  /** 0 when only administrators can have written in the quarantine folder PATH of a live
   * removal (its manifest makes an undo restore services and Run values), else
   * SCAN_EMANIFEST: such a removal is neither finished nor undone. */
  int (*trusted) (const char *path);
  /** Ends every running program whose image is the file PATH; *ENDED receives how many.
   * 0 also when none runs. */
  int (*end_process) (const char *path, unsigned *ended);
  /** What the value NAME of KEY holds, as the platform's own text (type and bytes), malloc'd
   * into *SAVED, kept in the manifest for value_restore. SCAN_ENOENT when it is not there. */
  int (*value_save) (const char *key, const char *name, char **saved);
  /** Deletes the value NAME of KEY; SCAN_ENOENT when it is not there. */
  int (*value_delete) (const char *key, const char *name);
  /** Sets the value NAME of KEY back as SAVED held it; SCAN_EEXIST when a value NAME is
   * there. */
  int (*value_restore) (const char *key, const char *name, const char *saved);
  /** The service NAME's whole registry key and configuration as text (*SAVED, malloc'd), for
   * service_restore. SCAN_ENOENT when there is no such service. */
  int (*service_save) (const char *name, char **saved);
  /** Stops the service NAME (waiting a bounded time) and deletes it. */
  int (*service_delete) (const char *name);
  /** Creates the service NAME again as SAVED describes it; SCAN_EEXIST when one is there. */
  int (*service_restore) (const char *name, const char *saved);
} scan_remove_ops;

/** What one action of a removal changes. */
typedef enum
{
  SCAN_ACTION_FILE,    /* a file moved into the quarantine */
  SCAN_ACTION_HIVE,    /* offline: a hive file swapped for an edited copy, the original kept */
  SCAN_ACTION_VALUE,   /* live: a registry value deleted, what it held kept in the manifest */
  SCAN_ACTION_SERVICE, /* live: a service stopped and deleted, its key kept in the manifest */
  SCAN_ACTION_PROCESS, /* live: a running program ended (this one cannot be undone) */
} scan_action_kind;

/** Where an action is. The manifest spells these as its "state" strings. */
typedef enum
{
  SCAN_STEP_PLANNED, /* written down, not begun */
  SCAN_STEP_STARTED, /* begun: the manifest holds what undoing it needs */
  SCAN_STEP_EDITED,  /* a hive's copy is edited, committed and flushed; the swap is next */
  SCAN_STEP_DONE,
  SCAN_STEP_FAILED,  /* could not be done; ERROR says why; nothing was changed by it */
  SCAN_STEP_REFUSED, /* not attempted, on purpose (a dirty hive, another volume); ERROR says why */
  SCAN_STEP_UNDONE,  /* put back as it was */
  SCAN_STEP_UNDO_REFUSED, /* not put back; ERROR says why (something is at the place now) */
} scan_step_state;

/** One registry change an action makes: a value, or a key (a service's, in one control set). */
typedef struct scan_action_change
{
  char *key;              /* offline: below the hive's root; live: the full key name */
  char *name;             /* the value's name; NULL: the key itself */
  char *windows_location; /* as Registry Editor names it on that PC */
} scan_action_change;

/** One action of a removal, as the manifest keeps it: what, where, how far it got, and what
 * undoing it needs (the original's facts and hash, a live value's saved contents). */
typedef struct scan_action
{
  scan_action_kind kind;
  scan_step_state state;
  int error;             /* SCAN_E… of a FAILED, REFUSED or UNDO_REFUSED step; else 0 */
  char *path;            /* FILE, HIVE: the file's path below the root (the root's separator);
                          * live: the full path. VALUE: the key; SERVICE: the service's name;
                          * PROCESS: the program's path */
  char *windows_location; /* the place as that Windows names it (C:\WINDOWS\…, HKEY_…) */
  char *quarantined;     /* FILE, HIVE: the name of the moved original in the quarantine folder */
  char *edited;          /* HIVE: the name of the edited copy while it is in the quarantine */
  scan_file_facts before; /* FILE, HIVE: the file as it was (its hash is what undo restores) */
  char after_sha256[65];  /* HIVE: the edited copy's hash ("" until it is made) */
  char *saved;            /* VALUE, SERVICE: what the platform saved (value_save, service_save) */
  char *name;             /* VALUE: the value's name */
  scan_action_change *changes; /* HIVE: what is changed in it */
  size_t n_changes;
  unsigned ended;         /* PROCESS: how many programs were ended */
  bool checked;           /* its facts were taken by this process (not kept in the manifest):
                           * a step read back from a manifest looks at the disk again first */
  /* Which findings of the report this action takes out (indexes into report.findings, as the
   * removal saw them); for a front end that shows each finding with what became of it. */
  size_t *findings;
  size_t n_findings;
} scan_action;

/** The state of a whole removal, as the manifest's "state" says it. */
typedef enum
{
  SCAN_REMOVAL_REMOVING, /* under way, or cut short: scan_remove_resume finishes it */
  SCAN_REMOVAL_REMOVED,  /* every action reached DONE, FAILED or REFUSED */
  SCAN_REMOVAL_UNDOING,  /* an undo under way, or cut short: scan_remove_undo goes on */
  SCAN_REMOVAL_UNDONE,   /* every action undone or refused with its reason */
} scan_removal_state;

/** One removal: its quarantine and its journal. */
typedef struct scan_removal
{
  scan_removal_state state;
  bool live;             /* this computer, running (paths are full; the root is "") */
  char *root;            /* the volume's root (an attached disk), or the quarantine's drive
                          * ("C:\\") live */
  char *quarantine;      /* the full path of this removal's folder in the quarantine */
  char *created;         /* when it began, "2026-12-07T23:59:00Z" */
  scan_action *actions;
  size_t n_actions;
  unsigned journal_writes; /* how many times the manifest was written in this run */
} scan_removal;

/** How a removal (or an undo, or finishing one) runs. */
typedef struct scan_remove_options
{
  const scan_remove_ops *ops;
  /** Reads hives (to find a service's key in every control set). NULL live. */
  const scan_registry_ops *registry;
  char separator;
  /** Takes out SUSPICIOUS findings too, but only those whose index (into report.findings) is
   * listed here; INFECTION findings are always taken out. NULL, 0: none. */
  const size_t *also;
  size_t n_also;
  /** Called after every write of the manifest and after every step it journals, with how
   * many such points this run has passed (1, 2, …); nonzero stops the removal there, as a
   * crash would (a test kills the process at each point in turn). May be NULL. */
  int (*checkpoint) (void *user, unsigned point);
  /** Asked between actions; nonzero cancels what is not begun (the manifest says so). */
  int (*cancel) (void *user);
  /** Told when an action begins (INDEX of N) for a progress display. May be NULL. */
  void (*progress) (void *user, const scan_action *action, size_t index, size_t n);
  void *user;
} scan_remove_options;

/** Whether FINDING is one a removal takes out on its own (severity infection, of a kind that can
 * be removed: file, Run value, service, running program). */
bool scan_remove_takes (const scan_finding *finding);

/** Whether FINDING could be taken out when the person asks for it (a suspicious file, Run value,
 * service or program); prefetch entries, mutexes and ports never are. */
bool scan_remove_can_take (const scan_finding *finding);

/**
 * Takes out what REPORT (decided, of the disk whose root is ROOT, or live when REPORT is) found:
 * makes the quarantine folder, writes the plan, then does each action, journaled. *OUT receives
 * the removal (free it with scan_removal_clear) also when it fails part way; its actions say
 * what became of each. NOW is the time to name the folder by ("2026-12-07T23:59:00Z").
 * Returns 0 when every action was done, failed or refused with its reason (see each action's
 * state), SCAN_ECANCELED or the checkpoint's stop; SCAN_EROFS, SCAN_EACCES, SCAN_ENOTADMIN
 * when nothing could be changed at all; SCAN_ENOENT when there was nothing to take out (no
 * quarantine is made then).
 */
int scan_remove_run (const scan_remove_options *options, const scan_report *report,
                     const char *root, const char *now, scan_removal *out);

/**
 * Reads the removal in the quarantine folder QUARANTINE (its manifest). The root of an attached
 * disk is the folder above SCAN_QUARANTINE_FOLDER, wherever the disk is mounted now. 0,
 * SCAN_ENOENT (no manifest), SCAN_EMANIFEST (not a manifest this program wrote, or damaged).
 */
int scan_removal_load (const scan_remove_ops *ops, const char *quarantine, char separator,
                       scan_removal *out);

/**
 * The removals of the volume ROOT that were cut short (state REMOVING or UNDOING), oldest
 * first, as full paths of their quarantine folders in *PATHS (malloc'd, each malloc'd).
 */
int scan_remove_unfinished (const scan_remove_ops *ops, const char *root, char separator,
                            char ***paths, size_t *n);

/**
 * Finishes a removal cut short (state REMOVING): looks at each action where it stands on disk
 * and completes it; UNDOING goes on undoing. 0 or as scan_remove_run.
 */
int scan_remove_resume (const scan_remove_options *options, scan_removal *removal);

/**
 * Finishes every removal of the volume ROOT that was cut short (scan_remove_unfinished, then
 * scan_removal_load and scan_remove_resume each, oldest first), as a removal of that volume
 * does before anything else. EACH (may be NULL) is told of each one: its quarantine folder,
 * whether it was an undo that was cut short, and the resume's 0 or SCAN_E…. Returns how many
 * were found, or a negative SCAN_E… when the quarantine could not be listed.
 */
int scan_remove_finish_unfinished (const scan_remove_options *options, const char *root,
                                   void (*each) (void *user, const char *quarantine,
                                                 bool undoing, int rc),
                                   void *user);

/**
 * Puts back everything REMOVAL changed, newest first: files and hives byte for byte (their
 * SHA-256 checked before and after), live values and services as they were. An action whose
 * place holds something else now (a file at the original path, a hive Windows has changed
 * since) is not put back: UNDO_REFUSED with SCAN_EEXIST or SCAN_ECHANGED. Ended programs stay
 * ended. 0 when every action was undone or had nothing to undo; 1 when some were refused (each
 * says why); a negative SCAN_E… when the manifest could not be written.
 */
int scan_remove_undo (const scan_remove_options *options, scan_removal *removal);

/**
 * The check after a removal: AFTER (initialised, empty) becomes BEFORE's verdict with what the
 * removal took out gone — BEFORE's findings that no DONE action took out, and those that are
 * back (a removed file at its place again, or what RECHECK, a fresh check of the known places
 * and the registry, finds) — decided again. RECHECK may be NULL (only the removed files'
 * places are looked at). 0 or SCAN_ENOMEM.
 */
int scan_remove_check_after (const scan_remove_options *options, const scan_report *before,
                             const scan_removal *removal, const scan_report *recheck,
                             scan_report *after);

/** Writes REMOVAL as the "removal" member's value (JSON object: quarantine, manifest, state,
 * actions[]{what, path, windows_location, state, error, quarantined}) to OUT, at INDENT spaces.
 * 0 or SCAN_EIO. */
int scan_removal_write_json (const scan_removal *removal, int indent, FILE *out);

/** Frees what REMOVAL holds. */
void scan_removal_clear (scan_removal *removal);

/** Stable names: "file", "hive", "value", "service", "process". */
const char *scan_action_kind_name (scan_action_kind kind);
/** Stable names: "planned", "started", "edited", "done", "failed", "refused", "undone",
 * "undo-refused". */
const char *scan_step_state_name (scan_step_state state);
/** Stable names: "removing", "removed", "undoing", "undone". */
const char *scan_removal_state_name (scan_removal_state state);

/** English msgids for people: "moved into the quarantine", "registry changed", … */
const char *scan_action_kind_text (scan_action_kind kind);
/** English msgids for people: "done", "could not be done", "put back", … */
const char *scan_step_state_text (scan_step_state state);
