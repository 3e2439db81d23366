/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BcSession: everything one person's visit to the wizard produced — the answers, the chosen
 * target, the scan and its report, the steps done. Pages read and write it; they never talk to
 * each other. Starting over (or a kiosk reset) wipes it whole.
 */
#pragma once

#include <gio/gio.h>

#include "scan-remove.h"
#include "scan-report.h"
#include "scan-rules.h"
#include "scan-run.h"

G_BEGIN_DECLS

typedef enum
{
  BC_TARGET_NONE,
  BC_TARGET_THIS_COMPUTER,
  BC_TARGET_DISK,
  BC_TARGET_FOLDER,
  BC_TARGET_BY_HAND,
} BcTargetKind;

/** The symptoms the advisory and Microsoft describe, each answered on the Symptoms page. */
typedef enum
{
  BC_SYMPTOM_SHUTDOWN_DIALOG, /* "System Shutdown" with its 60-second countdown */
  BC_SYMPTOM_RPC_ERROR,       /* "Remote Procedure Call (RPC) service terminated unexpectedly" */
  BC_SYMPTOM_SVCHOST_ERROR,   /* svchost.exe / Generic Host Process errors */
  BC_SYMPTOM_RESTARTS,        /* the PC restarts again and again */
  BC_SYMPTOM__COUNT
} BcSymptom;

typedef enum
{
  BC_ANSWER_UNKNOWN,
  BC_ANSWER_YES,
  BC_ANSWER_NO,
} BcAnswer;

/** The recovery steps of the advisory, in order. */
typedef enum
{
  BC_STEP_UNPLUG,          /* 1) unplug the LAN */
  BC_STEP_RESTORE_OFF,     /* 2) turn System Restore off */
  BC_STEP_REMOVE,          /* 3) remove the worm */
  BC_STEP_RESTORE_ON,      /* 4) turn System Restore back on */
  BC_STEP__COUNT
} BcRecoveryStep;

#define BC_TYPE_SESSION (bc_session_get_type ())
G_DECLARE_FINAL_TYPE (BcSession, bc_session, BC, SESSION, GObject)

/** A new, empty session over the built-in catalogue (or RULES_FILE, when not NULL). */
BcSession *bc_session_new (const char *rules_file, GError **error);

/** The indicator catalogue in use. */
const scan_rules *bc_session_get_rules (BcSession *self);

/** Whether the user has seen SYMPTOM (the Symptoms page's answers). */
void bc_session_set_symptom (BcSession *self, BcSymptom symptom, BcAnswer answer);
BcAnswer bc_session_get_symptom (BcSession *self, BcSymptom symptom);

/** What to check. PATH is the disk's mount point or the folder; NULL otherwise. */
void bc_session_set_target (BcSession *self, BcTargetKind kind, const char *path);
BcTargetKind bc_session_get_target_kind (BcSession *self);
const char *bc_session_get_target_path (BcSession *self);

/** The names the advisory asks to look for by hand, NULL-terminated (msblast.exe, …). */
const char *const *bc_session_guided_names (void);

/** By hand: whether the user saw NAME (a process or file name of the advisory's list). */
void bc_session_set_guided (BcSession *self, const char *name, BcAnswer answer);
BcAnswer bc_session_get_guided (BcSession *self, const char *name);
/** By hand: whether a dllhost.exe the user found was in System32\wins. */
void bc_session_set_guided_in_wins (BcSession *self, BcAnswer answer);
BcAnswer bc_session_get_guided_in_wins (BcSession *self);

/** Whether the user has done recovery STEP (the Recovery page's check boxes). */
void bc_session_set_step_done (BcSession *self, BcRecoveryStep step, gboolean done);
gboolean bc_session_get_step_done (BcSession *self, BcRecoveryStep step);

/**
 * Whether the person asked for the recovery steps although the verdict does not call for them
 * (the Result page's "Show the recovery steps anyway"). A reset forgets it.
 */
void bc_session_set_recovery_wanted (BcSession *self, gboolean wanted);
gboolean bc_session_get_recovery_wanted (BcSession *self);
/**
 * Whether the Recovery page belongs on the path: the worm was found or is suspected (infected,
 * suspicious), or the person asked for the steps. A clean or incomplete check goes from Result
 * to Prevention: a clean disk does not walk through removal.
 */
gboolean bc_session_recovery_applies (BcSession *self);

/**
 * Starts scanning the target (a disk or a folder) in a worker thread. On the main thread,
 * "scan-event" is emitted once for each event the scan reports (the Windows folder found or not,
 * each phase's start and end, the registry read: scan_progress_kind), in order, none dropped;
 * "scan-progress" a few times a second with the latest count; "scan-finished" once at the end
 * (also after a cancel), after the last "scan-event".
 */
void bc_session_start_scan (BcSession *self);
/** Asks the running scan to stop; it stops within a fraction of a second. */
void bc_session_cancel_scan (BcSession *self);
/**
 * For tests: the scans started from now on wait as soon as PHASE (a scan_phase; -1: none)
 * starts — its "scan-event" is emitted, the walk waits — until bc_session_release_scan () or a
 * cancel. A test sees the page as it is in the middle of a long check, however fast this one is.
 */
void bc_session_hold_scan (BcSession *self, int phase);
/** Lets a held scan go on, and holds no later one. */
void bc_session_release_scan (BcSession *self);
gboolean bc_session_is_scanning (BcSession *self);
/** The report of the last finished scan, or NULL. */
const scan_report *bc_session_get_report (BcSession *self);
/** Why the last scan could not run at all (it then has no report), or NULL. */
const char *bc_session_get_scan_error (BcSession *self);

/**
 * The infection verdict of everything known: the scan's report if there is one, the guided
 * answers, the symptoms. Reasons (translated sentences) are added to REASONS when not NULL.
 */
scan_infection bc_session_get_infection (BcSession *self, GPtrArray *reasons);
/** The vulnerability verdict, likewise. */
scan_vulnerability bc_session_get_vulnerability (BcSession *self, GPtrArray *reasons);

/**
 * Whether the checked target is one the wizard can take the worm out of for the person ("Remove
 * it for me"): an attached Windows disk or a Windows folder, checked offline and found to hold a
 * Windows folder. Never this computer (its Windows is not running here), never by hand, never a
 * plain folder without Windows. Whether there is anything to take out is for the caller to see
 * (scan_remove_takes, scan_remove_can_take over the report's findings).
 */
gboolean bc_session_removal_applies (BcSession *self);
/**
 * Whether the checked target can be changed, as the last scan found it: 0, SCAN_EROFS (mounted
 * read-only), SCAN_EACCES (no right to write there), or 1 when not known (no scan, or not a
 * target a removal works on). A removal that found the disk read-only says so here too.
 */
int bc_session_get_writable (BcSession *self);
/** Where the checked target's volume is mounted ("/media/ann/WINXP"), or NULL when not known. */
const char *bc_session_get_mount_point (BcSession *self);

/**
 * Takes the worm out of the checked disk in a worker thread: a removal cut short earlier on the
 * same disk is finished first, then what the report found is moved into the disk's quarantine
 * (files) or deleted (registry values and services, on a copy of each registry file), with
 * ALSO (N_ALSO indexes into the report's findings, copied) the suspicious findings the person
 * ticked; then the places are checked again (a quick check) for the verdict after.
 * "remove-progress" is emitted on the main thread as each action begins. CANCELLABLE stops what
 * is not begun. A reset meanwhile forgets the result (the quarantine on the disk stays).
 */
void bc_session_remove_async (BcSession *self, const gsize *also, gsize n_also,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data);
/**
 * The end of bc_session_remove_async: TRUE when the removal ran (each action says what became
 * of it: bc_session_get_removal), FALSE with ERROR when nothing could be changed at all
 * (bc_session_get_remove_error says why: SCAN_EROFS, SCAN_EACCES, SCAN_ENOENT…).
 */
gboolean bc_session_remove_finish (BcSession *self, GAsyncResult *result, GError **error);
/**
 * Puts back everything the session's removal changed, in a worker thread, then checks again.
 * Each action says whether it was put back or why not. "remove-progress" as for a removal.
 */
void bc_session_undo_async (BcSession *self, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
/** The end of bc_session_undo_async: TRUE when the undo ran (some actions may have been
 * refused, each with its reason), FALSE with ERROR when it could not run at all. */
gboolean bc_session_undo_finish (BcSession *self, GAsyncResult *result, GError **error);
/** Whether a removal or an undo runs now. */
gboolean bc_session_is_removing (BcSession *self);
/** The last removal of this report (its quarantine, its actions and their states), or NULL. */
const scan_removal *bc_session_get_removal (BcSession *self);
/**
 * The verdict after the last removal or undo: the report checked again. NULL when there was
 * none. While there is one, bc_session_get_infection speaks of it: the verdict after.
 */
const scan_report *bc_session_get_report_after (BcSession *self);
/** Why the last removal or undo could not run at all (a SCAN_E… code), or 0. */
int bc_session_get_remove_error (BcSession *self);

/**
 * A file this session wrote (a receipt's temporary PDF…): bc_session_reset () deletes it, and so
 * does the session's end. The next kiosk customer finds none of the last one's files.
 */
void bc_session_track_file (BcSession *self, const char *path);

/**
 * Whether a scan's worker thread still runs, a forgotten one included (it ends within a fraction
 * of a second of a reset). The environment (the language) must not change meanwhile: the
 * thread may read it. Notified as "busy".
 */
gboolean bc_session_get_busy (BcSession *self);

/**
 * Forgets everything: answers, guided answers, target, report, steps, a running scan (its result
 * is dropped), the removal (from memory only: its quarantine on the disk stays, as does a
 * running removal's journal); deletes the files given to bc_session_track_file (). Emits
 * "reset".
 */
void bc_session_reset (BcSession *self);

G_END_DECLS
