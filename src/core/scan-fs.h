/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-fs.h: how the core reads folders, implemented by each platform backend
 * (src/platform/posix/, src/platform/win32/).
 *
 * The core's walker decides what to visit and in which order; a backend only opens and lists
 * folders. A backend never follows a link when it opens a child folder.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef enum
{
  SCAN_ENT_FILE,  /* a regular file */
  SCAN_ENT_DIR,   /* a folder */
  SCAN_ENT_LINK,  /* a symbolic link, junction or other reparse point: never followed */
  SCAN_ENT_OTHER, /* a device, socket, pipe… */
} scan_ent_type;

/** Identifies a folder on its volume, to detect loops and volume boundaries. */
typedef struct scan_node_id
{
  uint64_t dev;
  uint64_t ino;
} scan_node_id;

/** One folder entry, valid until the next read from the same folder. */
typedef struct scan_dirent
{
  const char *name; /* NUL-terminated, in the file system's bytes (UTF-8 on Windows) */
  size_t len;
  scan_ent_type type;
} scan_dirent;

typedef struct scan_dir scan_dir; /* defined by the backend */

struct scan_walk_options; /* scan-walk.h */
struct scan_walk_stats;

typedef struct scan_fs_ops
{
  /** Opens the folder at PATH (links in PATH itself are the caller's choice). 0 or SCAN_E…. */
  int (*open_root) (const char *path, scan_dir **out, scan_node_id *id);
  /** Opens folder NAME inside PARENT, never through a link (SCAN_ELINK then). 0 or SCAN_E…. */
  int (*open_child) (scan_dir *parent, const char *name, scan_dir **out, scan_node_id *id);
  /** The next entry, "." and ".." skipped: 1 with *ENT filled, 0 at the end, or SCAN_E…. */
  int (*read) (scan_dir *dir, scan_dirent *ent);
  /** Closes DIR; NULL is allowed. */
  void (*close) (scan_dir *dir);
  /**
   * Walks the whole volume at ROOT in the file system's own order (NTFS: its Master File
   * Table, read once from start to end) instead of folder by folder, calling VISIT for every
   * entry as the tree walker would (ENTRY's folder, name and type), PROGRESS every few thousand
   * entries (nonzero: stop, SCAN_ECANCELED) and ERROR for what cannot be read. 0 when the walk
   * ran; SCAN_EUNSUPPORTED when this volume has no such order (the walker then goes folder by
   * folder); another SCAN_E… when it could not start. NULL: no such order anywhere. The
   * scan_walk_options are scan-walk.h's.
   */
  int (*walk_volume) (const struct scan_walk_options *options, struct scan_walk_stats *stats);
} scan_fs_ops;
