/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-walk.h: the tree walker.
 *
 * Iterative, so depth is limited by memory alone; a folder is listed in full, then closed before
 * its subfolders are entered, so at most `max_open` folders are open at any time however deep the
 * tree. Never follows a link, never enters another volume, never enters a folder twice on one
 * path (loops), and reports every folder it cannot read instead of stopping.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "scan-fs.h"

/** What the visitor sees: the folder's full path (root included) and one entry's name. */
typedef struct scan_walk_entry
{
  const char *dir; /* NUL-terminated; never ends in a separator unless it is the root "/" */
  size_t dir_len;
  const char *name;
  size_t name_len;
  scan_ent_type type;
  unsigned depth; /* 1 for the entries of the walk's first folder */
} scan_walk_entry;

typedef struct scan_walk_options
{
  const scan_fs_ops *fs;
  /** The volume or folder the walk must never leave. */
  const char *root;
  /** Folders to descend from ROOT before the walk starts (no links), NULL-terminated; may be NULL. */
  const char *const *start;
  /** 1: only the start folder's entries; 0: no limit. */
  unsigned max_depth;
  /** Most folders held open at once (0: 64). Deeper folders are reopened from their parents. */
  unsigned max_open;
  char separator; /* '/' or '\\' */

  /** Called for every entry, folders too; a negative return stops the walk with that code. */
  int (*visit) (void *user, const scan_walk_entry *entry);
  /** Called for a folder that could not be opened or read; PATH is its full path. */
  void (*error) (void *user, const char *path, int code);
  /** Called as each folder is entered and every 4096 entries; nonzero cancels (SCAN_ECANCELED). */
  int (*progress) (void *user, uint64_t entries, const char *dir);
  void *user;
} scan_walk_options;

typedef struct scan_walk_stats
{
  uint64_t entries;
  uint64_t folders;
  uint64_t errors;
} scan_walk_stats;

/**
 * Walks the tree. Returns 0 when the walk ran to its end (errors inside the tree go to
 * options->error and the stats), SCAN_ECANCELED, the visitor's negative code, or the error that
 * kept the start folder from opening. STATS is added to, not reset.
 */
int scan_walk (const scan_walk_options *options, scan_walk_stats *stats);
