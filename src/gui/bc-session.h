/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BcSession: everything one person's visit to the wizard produced — the answers, the chosen
 * target, the scan and its report, the steps done. Pages read and write it; they never talk to
 * each other. Starting over (or a kiosk reset) wipes it whole.
 */
#pragma once

#include <gio/gio.h>

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
 * is dropped); deletes the files given to bc_session_track_file (). Emits "reset".
 */
void bc_session_reset (BcSession *self);

G_END_DECLS
