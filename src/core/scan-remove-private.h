/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-remove-private.h: between the removal's files (scan-remove.c and its plan, undo and report
 * in scan-remove-*.c) and its manifest (scan-manifest.c), not part of the core's API.
 */
#pragma once

#include "scan-private.h"
#include "scan-remove.h"

/** REMOVAL as the manifest's JSON text, appended to B. 0 or SCAN_ENOMEM. */
int scan__manifest_write (const scan_removal *removal, char separator, scan__buf *b);

/**
 * Reads the manifest's LEN bytes TEXT into REMOVAL (empty before; its QUARANTINE and ROOT are
 * the caller's to set after). Every name is checked: an action's path below the root must not
 * be absolute or climb out (".." or an empty part), a name in the quarantine must be one plain
 * name. 0, SCAN_EMANIFEST or SCAN_ENOMEM.
 */
int scan__manifest_read (const char *text, size_t len, char separator, scan_removal *removal);

/** Frees what ACTION holds. */
void scan__action_clear (scan_action *action);

/* The removal at work, shared by scan-remove.c, scan-remove-plan.c, scan-remove-undo.c and
 * scan-remove-report.c. */

/** One run over a removal: planning, carrying out, finishing or undoing it. */
typedef struct scan__remove_job
{
  const scan_remove_options *o;
  scan_removal *r;
  size_t root_len;
  unsigned points; /* checkpoints passed */
  int stop;        /* the checkpoint's stop (a crash, in a test), kept to the end */
  bool dirty;      /* a state changed since the manifest was last written */
} scan__remove_job;

/** J set up for the removal R with the options O, at no checkpoint yet. */
void scan__remove_job_init (scan__remove_job *j, const scan_remove_options *o, scan_removal *r);

/** ROOT, SEP and REL joined, malloc'd (NULL when out of memory); REL alone when ROOT is "". */
char *scan__remove_join (const char *root, char sep, const char *rel);

/** Where ACTION's file is now, malloc'd: its place below the root (or its full path, live). */
char *scan__remove_original_path (const scan__remove_job *j, const scan_action *action);

/** NAME in the removal's quarantine folder, malloc'd. */
char *scan__remove_in_quarantine (const scan__remove_job *j, const char *name);

/** Whether anything is at PATH: 1, 0 or SCAN_E… (the platform's exists). */
int scan__remove_exists (const scan__remove_job *j, const char *path);

/** Counts a checkpoint: 0, or the stop (SCAN_ECANCELED) once the options' checkpoint asked for
 * one, from then on. */
int scan__remove_checkpoint (scan__remove_job *j);

/** Writes the manifest whole, then a checkpoint. 0 or SCAN_E…. */
int scan__remove_journal (scan__remove_job *j);

/** Marks ACTION as in STATE (with ERROR), written with the next journal; then a checkpoint. */
int scan__remove_settle (scan__remove_job *j, scan_action *action, scan_step_state state,
                         int error);

/** Removes a hive's edited copy COPY if it is there: the program's own file, never the
 * person's. 0 or SCAN_E…. */
int scan__remove_drop_copy (scan__remove_job *j, const char *copy);

/** Plans the removal from REPORT: its actions, in the order they are carried out in, with their
 * names in the quarantine. 0 or SCAN_ENOMEM. */
int scan__remove_plan (scan__remove_job *j, const scan_report *report);
