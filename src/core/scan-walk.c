/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The walker keeps a stack of frames, one per folder on the current path. A frame lists its
 * folder completely before any subfolder is entered, keeping only the subfolders' names; so one
 * directory buffer is live at a time and a closed frame can be reopened from its parent by name.
 */
#include "scan-walk.h"

#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-private.h"

typedef struct
{
  scan_dir *dir; /* NULL while closed to respect max_open */
  scan_node_id id;
  size_t path_len; /* the folder's path is path.data[0 .. path_len) */
  size_t name_off; /* where its own name starts in the path */
  scan__buf pending; /* subfolder names, each NUL-terminated */
  size_t pending_pos;
} frame;

typedef struct
{
  const scan_walk_options *o;
  scan_walk_stats *stats;
  scan__buf path;
  frame *frames;
  size_t depth; /* frames in use */
  size_t cap;
  unsigned open; /* frames with an open dir */
  unsigned max_open;
  uint64_t root_dev;
} walker;

static void
report (walker *w, int code)
{
  w->stats->errors++;
  if (w->o->error)
    w->o->error (w->o->user, w->path.data, code);
}

/* Appends a separator (unless the path already ends in one) and NAME to the path. */
static int
path_push (walker *w, const char *name, size_t len)
{
  int rc;
  if (w->path.len > 0 && w->path.data[w->path.len - 1] != w->o->separator
      && (rc = scan__buf_append (&w->path, &w->o->separator, 1)) < 0)
    return rc;
  return scan__buf_append (&w->path, name, len);
}

static void
path_truncate (walker *w, size_t len)
{
  w->path.len = len;
  w->path.data[len] = '\0';
}

static void
close_frame_dir (walker *w, frame *f)
{
  if (f->dir)
    {
      w->o->fs->close (f->dir);
      f->dir = NULL;
      w->open--;
    }
}

/* Closes the open frame nearest the root (never the first: it anchors every reopen). */
static void
make_room (walker *w)
{
  if (w->open < w->max_open)
    return;
  for (size_t i = 1; i + 1 < w->depth; i++)
    if (w->frames[i].dir)
      {
        close_frame_dir (w, &w->frames[i]);
        return;
      }
}

/* Reopens frame K by name from its nearest open ancestor, checking that each folder is the one
 * that was there before (a folder replaced mid-scan is reported, not entered). */
static int
reopen (walker *w, size_t k)
{
  size_t j = k;
  while (j > 0 && !w->frames[j].dir)
    j--;
  scan_dir *cur = w->frames[j].dir;
  int rc = 0;
  for (size_t i = j + 1; i <= k; i++)
    {
      frame *f = &w->frames[i];
      size_t name_len = f->path_len - f->name_off;
      char *name = scan__strndup (w->path.data + f->name_off, name_len);
      scan_dir *next = NULL;
      scan_node_id id;
      if (!name)
        rc = SCAN_ENOMEM;
      else
        rc = w->o->fs->open_child (cur, name, &next, &id);
      free (name);
      if (rc == 0 && (id.dev != f->id.dev || id.ino != f->id.ino))
        {
          w->o->fs->close (next);
          rc = SCAN_EVANISHED;
        }
      if (cur != w->frames[j].dir)
        w->o->fs->close (cur);
      if (rc < 0)
        return rc;
      cur = next;
    }
  make_room (w);
  w->frames[k].dir = cur;
  w->open++;
  return 0;
}

static int
push_frame (walker *w, scan_dir *dir, scan_node_id id, size_t name_off)
{
  if (w->depth == w->cap)
    {
      size_t cap = w->cap ? w->cap * 2 : 32;
      frame *frames = realloc (w->frames, cap * sizeof *frames);
      if (!frames)
        return SCAN_ENOMEM;
      w->frames = frames;
      w->cap = cap;
    }
  frame *f = &w->frames[w->depth++];
  memset (f, 0, sizeof *f);
  f->dir = dir;
  f->id = id;
  f->path_len = w->path.len;
  f->name_off = name_off;
  w->open++;
  return 0;
}

static void
pop_frame (walker *w)
{
  frame *f = &w->frames[--w->depth];
  close_frame_dir (w, f);
  scan__buf_free (&f->pending);
  if (w->depth > 0)
    path_truncate (w, w->frames[w->depth - 1].path_len);
}

/* Lists the top frame's folder: every entry to the visitor, subfolder names kept for later. */
static int
list_top (walker *w)
{
  const scan_walk_options *o = w->o;
  frame *f = &w->frames[w->depth - 1];
  unsigned depth = (unsigned) w->depth;
  bool descend = o->max_depth == 0 || depth < o->max_depth;
  scan_dirent ent;
  int rc;

  while ((rc = o->fs->read (f->dir, &ent)) > 0)
    {
      if ((++w->stats->entries & 4095) == 0 && o->progress
          && o->progress (o->user, w->stats->entries, w->path.data))
        return SCAN_ECANCELED;
      if (o->visit)
        {
          scan_walk_entry e = { w->path.data, w->path.len, ent.name, ent.len, ent.type, depth };
          int v = o->visit (o->user, &e);
          if (v < 0)
            return v;
        }
      if (ent.type == SCAN_ENT_DIR && descend)
        {
          int a = scan__buf_append (&f->pending, ent.name, ent.len + 1);
          if (a < 0)
            return a;
        }
    }
  if (rc < 0)
    report (w, rc);
  if (f->pending.len == 0)
    close_frame_dir (w, f);
  return 0;
}

/* Enters the top frame's next pending subfolder. */
static int
enter_next (walker *w)
{
  const scan_walk_options *o = w->o;
  size_t top = w->depth - 1;
  frame *f = &w->frames[top];
  const char *name = f->pending.data + f->pending_pos;
  size_t len = strlen (name);
  scan_dir *child = NULL;
  scan_node_id id;
  int rc;

  f->pending_pos += len + 1;
  if (!f->dir && (rc = reopen (w, top)) < 0)
    {
      report (w, rc);
      f->pending_pos = f->pending.len; /* the rest cannot be reached either */
      return 0;
    }
  size_t parent_len = w->path.len;
  if ((rc = path_push (w, name, len)) < 0)
    return rc;
  size_t name_off = w->path.len - len;

  make_room (w);
  rc = o->fs->open_child (f->dir, name, &child, &id);
  if (rc == 0 && id.dev != w->root_dev)
    rc = SCAN_EXDEV;
  for (size_t i = 0; rc == 0 && i < w->depth; i++)
    if (w->frames[i].id.dev == id.dev && w->frames[i].id.ino == id.ino)
      rc = SCAN_ECYCLE;
  if (rc < 0)
    {
      o->fs->close (child);
      if (rc != SCAN_ELINK) /* a folder replaced by a link after listing: nothing to report */
        report (w, rc);
      path_truncate (w, parent_len);
      return rc == SCAN_ENOMEM ? rc : 0;
    }
  if ((rc = push_frame (w, child, id, name_off)) < 0)
    {
      o->fs->close (child);
      return rc;
    }
  w->stats->folders++;
  if (o->progress && o->progress (o->user, w->stats->entries, w->path.data))
    return SCAN_ECANCELED;
  return list_top (w);
}

int
scan_walk (const scan_walk_options *o, scan_walk_stats *stats)
{
  walker w = { .o = o, .stats = stats, .max_open = o->max_open ? o->max_open : 64 };
  scan_dir *dir = NULL;
  scan_node_id id;
  int rc;

  /* The whole volume, where its file system has an order of its own (an image's NTFS). */
  if (!o->start && o->max_depth == 0 && o->fs->walk_volume)
    {
      rc = o->fs->walk_volume (o, stats);
      if (rc != SCAN_EUNSUPPORTED)
        return rc;
    }

  if (w.max_open < 2)
    w.max_open = 2;
  /* The root as given, without trailing separators unless it is nothing else ("/", "C:\"). */
  size_t root_len = strlen (o->root);
  while (root_len > 1 && o->root[root_len - 1] == o->separator
         && !(root_len == 3 && o->root[1] == ':'))
    root_len--;
  if ((rc = scan__buf_append (&w.path, o->root, root_len)) < 0)
    return rc;

  if ((rc = o->fs->open_root (w.path.data, &dir, &id)) < 0)
    goto out;
  w.root_dev = id.dev;
  for (const char *const *c = o->start; c && *c; c++)
    {
      scan_dir *next = NULL;
      if ((rc = path_push (&w, *c, strlen (*c))) < 0)
        goto out;
      rc = o->fs->open_child (dir, *c, &next, &id);
      o->fs->close (dir);
      dir = next;
      if (rc == 0 && id.dev != w.root_dev)
        rc = SCAN_EXDEV;
      if (rc < 0)
        goto out;
    }
  if ((rc = push_frame (&w, dir, id, 0)) < 0)
    goto out;
  dir = NULL;
  stats->folders++;
  if (o->progress && o->progress (o->user, stats->entries, w.path.data))
    rc = SCAN_ECANCELED;
  else
    rc = list_top (&w);

  while (rc == 0 && w.depth > 0)
    {
      frame *f = &w.frames[w.depth - 1];
      if (f->pending_pos < f->pending.len)
        rc = enter_next (&w);
      else
        pop_frame (&w);
    }

out:
  if (dir)
    o->fs->close (dir);
  while (w.depth > 0)
    pop_frame (&w);
  free (w.frames);
  scan__buf_free (&w.path);
  return rc;
}
