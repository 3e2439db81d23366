/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-walk: the tree walker (scan-walk.c) over real folders, through the POSIX backend.
 *
 * Each case builds a small tree of empty files in a fresh folder, walks it, and compares what the
 * visitor saw with what is on disk. The folder reader is wrapped to count open folders, so the
 * max_open promise of scan-walk.h can be checked too.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scan-error.h"
#include "scan-platform.h"
#include "scan-walk.h"
#include "test-util.h"

/* The folder reader under test, wrapped to count what it holds open. */

static const scan_fs_ops *real_fs;
static int open_now, open_peak;
static unsigned long open_child_calls;

static void
note_open (void)
{
  if (++open_now > open_peak)
    open_peak = open_now;
}

static int
counting_open_root (const char *path, scan_dir **out, scan_node_id *id)
{
  int rc = real_fs->open_root (path, out, id);
  if (rc == 0)
    note_open ();
  return rc;
}

static int
counting_open_child (scan_dir *parent, const char *name, scan_dir **out, scan_node_id *id)
{
  int rc = real_fs->open_child (parent, name, out, id);
  open_child_calls++;
  if (rc == 0)
    note_open ();
  return rc;
}

static int
counting_read (scan_dir *dir, scan_dirent *ent)
{
  return real_fs->read (dir, ent);
}

static void
counting_close (scan_dir *dir)
{
  if (dir)
    open_now--;
  real_fs->close (dir);
}

static const scan_fs_ops counting_fs = {
  .open_root = counting_open_root,
  .open_child = counting_open_child,
  .read = counting_read,
  .close = counting_close,
};

/* What one walk saw. */

typedef struct
{
  char *path; /* dir + '/' + name */
  scan_ent_type type;
  unsigned depth;
  size_t dir_len;
} seen_entry;

typedef struct
{
  seen_entry *seen;
  size_t n, cap;
  char *error_paths[16];
  int error_codes[16];
  size_t n_errors;
  bool dir_ends_in_separator; /* the walker's contract says it never does */
  bool dir_len_wrong;
  size_t stop_at;    /* the visitor fails on this visit (1-based); 0: never */
  int stop_code;
  unsigned progress_calls;
  unsigned cancel_at; /* progress cancels on this call (1-based); 0: never */
  uint64_t last_progress_entries;
  bool progress_saw_4096;
} recorder;

static int
record_visit (void *user, const scan_walk_entry *e)
{
  recorder *r = user;
  if (r->n == r->cap)
    {
      r->cap = r->cap ? r->cap * 2 : 64;
      r->seen = realloc (r->seen, r->cap * sizeof *r->seen);
      REQUIRE (r->seen != NULL);
    }
  if (strlen (e->dir) != e->dir_len)
    r->dir_len_wrong = true;
  if (e->dir_len > 1 && e->dir[e->dir_len - 1] == '/')
    r->dir_ends_in_separator = true;
  char *path = malloc (e->dir_len + e->name_len + 2);
  REQUIRE (path != NULL);
  memcpy (path, e->dir, e->dir_len);
  path[e->dir_len] = '/';
  memcpy (path + e->dir_len + 1, e->name, e->name_len);
  path[e->dir_len + 1 + e->name_len] = '\0';
  r->seen[r->n++] = (seen_entry) { path, e->type, e->depth, e->dir_len };
  if (r->stop_at && r->n == r->stop_at)
    return r->stop_code;
  return 0;
}

static void
record_error (void *user, const char *path, int code)
{
  recorder *r = user;
  if (r->n_errors < 16)
    {
      r->error_paths[r->n_errors] = strdup (path);
      r->error_codes[r->n_errors] = code;
    }
  r->n_errors++;
}

static int
record_progress (void *user, uint64_t entries, const char *dir)
{
  recorder *r = user;
  r->progress_calls++;
  r->last_progress_entries = entries;
  if (entries == 4096)
    r->progress_saw_4096 = true;
  return r->cancel_at && r->progress_calls == r->cancel_at;
}

static void
recorder_clear (recorder *r)
{
  for (size_t i = 0; i < r->n; i++)
    free (r->seen[i].path);
  free (r->seen);
  for (size_t i = 0; i < r->n_errors && i < 16; i++)
    free (r->error_paths[i]);
  memset (r, 0, sizeof *r);
}

/* Walks ROOT with the counting reader; the options a case does not care about stay at their
 * defaults. */
static int
walk (const char *root, const char *const *start, unsigned max_depth, unsigned max_open,
      recorder *r, scan_walk_stats *stats)
{
  scan_walk_options o = {
    .fs = &counting_fs,
    .root = root,
    .start = start,
    .max_depth = max_depth,
    .max_open = max_open,
    .separator = '/',
    .visit = record_visit,
    .error = record_error,
    .progress = record_progress,
    .user = r,
  };
  memset (stats, 0, sizeof *stats);
  open_now = open_peak = 0;
  open_child_calls = 0;
  int rc = scan_walk (&o, stats);
  /* Whatever happened, every folder the walk opened must be closed again. */
  CHECK_INT (open_now, 0);
  CHECK (!r->dir_ends_in_separator);
  CHECK (!r->dir_len_wrong);
  return rc;
}

/* The visits of ROOT/REL (REL NULL: none). */
static const seen_entry *
find_seen (const recorder *r, const char *root, const char *rel, size_t *count)
{
  char *path = test_path (root, rel);
  const seen_entry *first = NULL;
  *count = 0;
  for (size_t i = 0; i < r->n; i++)
    if (strcmp (r->seen[i].path, path) == 0)
      {
        if (!first)
          first = &r->seen[i];
        (*count)++;
      }
  free (path);
  return first;
}

/* Checks that ROOT/REL was visited exactly once, as TYPE at DEPTH. */
static void
check_seen (const recorder *r, const char *root, const char *rel, scan_ent_type type,
            unsigned depth)
{
  size_t count;
  const seen_entry *e = find_seen (r, root, rel, &count);
  if (!CHECK_INT (count, 1))
    {
      fprintf (stderr, "  (entry: ");
      test__print_escaped (stderr, rel);
      fprintf (stderr, ")\n");
      return;
    }
  if (!CHECK_INT (e->type, type) || !CHECK_INT (e->depth, depth))
    fprintf (stderr, "  (entry: %s)\n", rel);
}

/* How many visits lie below ROOT/REL/ (the walker went inside it). */
static size_t
count_below (const recorder *r, const char *root, const char *rel)
{
  char *prefix = test_path (root, rel);
  size_t len = strlen (prefix), n = 0;
  for (size_t i = 0; i < r->n; i++)
    if (strncmp (r->seen[i].path, prefix, len) == 0 && r->seen[i].path[len] == '/')
      n++;
  free (prefix);
  return n;
}

static unsigned
depth_of (const char *rel)
{
  unsigned d = 1;
  for (const char *c = rel; *c; c++)
    d += *c == '/';
  return d;
}

/* If this breaks, a scan skips files (a worm file can hide in a folder never listed) or counts
 * them twice (wrong totals, duplicate findings). */
static void
test_every_entry_once (void)
{
  test_case ("walk: every entry is visited exactly once");
  static const char *const files[] = {
    "a/b/c/deep.txt", "a/file.txt", "top.txt", ".hidden", "with space/x y.txt",
    ".config/settings", "e/f/g/h.bin",
  };
  static const char *const dirs[] = {
    "a", "a/b", "a/b/c", "with space", ".config", "d", "e", "e/f", "e/f/g",
  };
  char *root = fixture_new ();
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
    fixture_touch (root, files[i]);
  fixture_mkdir (root, "d");

  recorder r = { 0 };
  scan_walk_stats stats;
  CHECK_INT (walk (root, NULL, 0, 0, &r, &stats), 0);
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
    check_seen (&r, root, files[i], SCAN_ENT_FILE, depth_of (files[i]));
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
    check_seen (&r, root, dirs[i], SCAN_ENT_DIR, depth_of (dirs[i]));
  size_t total = sizeof files / sizeof files[0] + sizeof dirs / sizeof dirs[0];
  CHECK_INT (r.n, total);
  CHECK_INT (stats.entries, total);
  CHECK_INT (stats.folders, sizeof dirs / sizeof dirs[0] + 1); /* and the root */
  CHECK_INT (stats.errors, 0);
  CHECK_INT (r.n_errors, 0);
  /* The root's own folder is entered first: progress names it. */
  CHECK (r.progress_calls >= 1);
  recorder_clear (&r);

  /* The root given with a trailing '/' is written once, without "//" in any path. */
  test_case ("walk: a root with a trailing separator");
  char *slashed = test_path (root, "");
  size_t len = strlen (slashed);
  slashed = realloc (slashed, len + 3);
  REQUIRE (slashed != NULL);
  strcpy (slashed + len, "//");
  CHECK_INT (walk (slashed, NULL, 0, 0, &r, &stats), 0);
  CHECK_INT (r.n, total);
  check_seen (&r, root, "top.txt", SCAN_ENT_FILE, 1);
  check_seen (&r, root, "a/b/c/deep.txt", SCAN_ENT_FILE, 4);
  recorder_clear (&r);
  free (slashed);

  /* Start folders: the walk begins below the root, as the scanner's quick phase does. */
  test_case ("walk: start folders below the root");
  static const char *const start[] = { "a", "b", NULL };
  CHECK_INT (walk (root, start, 1, 0, &r, &stats), 0);
  CHECK_INT (r.n, 1);
  check_seen (&r, root, "a/b/c", SCAN_ENT_DIR, 1);
  recorder_clear (&r);

  static const char *const missing[] = { "nope", NULL };
  CHECK (walk (root, missing, 0, 0, &r, &stats) < 0);
  CHECK_INT (r.n, 0);
  recorder_clear (&r);

  test_case ("walk: a root that does not exist, or is a file");
  char *nowhere = test_path (root, "nowhere");
  CHECK_INT (walk (nowhere, NULL, 0, 0, &r, &stats), SCAN_ENOENT);
  CHECK_INT (r.n, 0);
  free (nowhere);
  char *file = test_path (root, "top.txt");
  CHECK_INT (walk (file, NULL, 0, 0, &r, &stats), SCAN_ENOTDIR);
  CHECK_INT (r.n, 0);
  free (file);
  recorder_clear (&r);

  fixture_remove (root);
  free (root);
}

/* If this breaks, a scan loops forever on a link to a parent folder, or leaves the disk it was
 * asked to scan through a link (and reports the scanning computer's own files). */
static void
test_links (void)
{
  test_case ("walk: links are reported, never followed");
  char *root = fixture_new ();
  fixture_touch (root, "a/real/file.txt");
  fixture_symlink (root, "..", "a/loop");
  fixture_symlink (root, "/", "out");
  fixture_symlink (root, "real/file.txt", "a/file-link");
  fixture_symlink (root, "does-not-exist", "dangling");

  recorder r = { 0 };
  scan_walk_stats stats;
  CHECK_INT (walk (root, NULL, 0, 0, &r, &stats), 0);
  check_seen (&r, root, "a/loop", SCAN_ENT_LINK, 2);
  check_seen (&r, root, "out", SCAN_ENT_LINK, 1);
  check_seen (&r, root, "a/file-link", SCAN_ENT_LINK, 2);
  check_seen (&r, root, "dangling", SCAN_ENT_LINK, 1);
  check_seen (&r, root, "a/real/file.txt", SCAN_ENT_FILE, 3);
  CHECK_INT (count_below (&r, root, "a/loop"), 0);
  CHECK_INT (count_below (&r, root, "out"), 0);
  CHECK_INT (r.n, 7); /* a, a/real, a/real/file.txt and the four links */
  CHECK_INT (r.n_errors, 0);
  recorder_clear (&r);

  /* A start folder that is a link is refused, so a crafted disk cannot redirect the scan. */
  test_case ("walk: a start folder that is a link is refused");
  fixture_symlink (root, "a", "via-link");
  static const char *const start[] = { "via-link", "real", NULL };
  CHECK_INT (walk (root, start, 0, 0, &r, &stats), SCAN_ELINK);
  CHECK_INT (r.n, 0);
  recorder_clear (&r);

  fixture_remove (root);
  free (root);
}

enum
{
  CHAIN_DEPTH = 300,
  CHAIN_NAME_LEN = 20,
};

static void
chain_name (unsigned level, char name[CHAIN_NAME_LEN + 1])
{
  snprintf (name, CHAIN_NAME_LEN + 1, "d%03u-abcdefghijklmno", level);
}

/* Removes PARENT_FD/NAME and everything in it, by descriptor: the deep chain's full paths are
 * longer than PATH_MAX, so nftw (which hands out full paths) cannot remove it. */
static void
remove_at (int parent_fd, const char *name)
{
  int fd = openat (parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0)
    {
      DIR *d = fdopendir (fd);
      REQUIRE (d != NULL);
      struct dirent *de;
      while ((de = readdir (d)))
        {
          if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
            continue;
          if (de->d_type == DT_DIR)
            remove_at (dirfd (d), de->d_name);
          else
            CHECK (unlinkat (dirfd (d), de->d_name, 0) == 0);
        }
      closedir (d);
      CHECK (unlinkat (parent_fd, name, AT_REMOVEDIR) == 0);
    }
}

/* If this breaks, a deep tree (node_modules, a hostile disk) ends the scan with "name too long"
 * or "too many open files", and the files below are never checked. */
static void
test_deep_chain (void)
{
  test_case ("walk: a 300-deep chain, longer than PATH_MAX, with max_open = 8");
  char *root = fixture_new ();
  char name[CHAIN_NAME_LEN + 1];
  int fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  REQUIRE (fd >= 0);
  /* Each level has a sibling folder listed before and one after the chain's next folder, so that
   * whatever order readdir gives, some folder has to be reopened after the deep part. */
  for (unsigned level = 1; level <= CHAIN_DEPTH; level++)
    {
      chain_name (level, name);
      REQUIRE (mkdirat (fd, "a-side", 0755) == 0);
      REQUIRE (mkdirat (fd, name, 0755) == 0);
      REQUIRE (mkdirat (fd, "z-side", 0755) == 0);
      int next = openat (fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      REQUIRE (next >= 0);
      close (fd);
      fd = next;
    }
  int file = openat (fd, "deepest.txt", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  REQUIRE (file >= 0);
  close (file);
  close (fd);

  /* The path the walker must report for the deepest folder. */
  size_t expected_len = strlen (root) + CHAIN_DEPTH * (CHAIN_NAME_LEN + 1);
  char *expected = malloc (expected_len + 1);
  REQUIRE (expected != NULL);
  strcpy (expected, root);
  for (unsigned level = 1; level <= CHAIN_DEPTH; level++)
    {
      chain_name (level, name);
      strcat (expected, "/");
      strcat (expected, name);
    }

  recorder r = { 0 };
  scan_walk_stats stats;
  CHECK_INT (walk (root, NULL, 0, 8, &r, &stats), 0);
  CHECK_INT (r.n_errors, 0);
  if (r.n_errors)
    fprintf (stderr, "  first error: %s at depth %zu\n", scan_err_name (r.error_codes[0]),
             strlen (r.error_paths[0]) / (CHAIN_NAME_LEN + 1));
  CHECK_INT (r.n, CHAIN_DEPTH * 3 + 1);
  CHECK_INT (stats.folders, CHAIN_DEPTH * 3 + 1);

  const seen_entry *deepest = NULL;
  for (size_t i = 0; i < r.n; i++)
    {
      size_t len = strlen (r.seen[i].path);
      if (len > 12 && strcmp (r.seen[i].path + len - 12, "/deepest.txt") == 0)
        deepest = &r.seen[i];
    }
  if (CHECK (deepest != NULL))
    {
      CHECK_INT (deepest->depth, CHAIN_DEPTH + 1);
      CHECK_INT (deepest->type, SCAN_ENT_FILE);
      CHECK_INT (deepest->dir_len, expected_len);
      CHECK (deepest->dir_len > 4096);
      CHECK (strncmp (deepest->path, expected, expected_len) == 0);
    }
  /* The promise of scan-walk.h: at most max_open folders open at any time... */
  printf ("  %d folders open at most, %lu opened by name\n", open_peak, open_child_calls);
  CHECK (open_peak <= 8);
  /* ...and so folders were closed and opened again by name to reach the later siblings. */
  CHECK (open_child_calls > (unsigned long) (CHAIN_DEPTH * 3));
  recorder_clear (&r);

  /* The default max_open (64) must work just as well. */
  CHECK_INT (walk (root, NULL, 0, 0, &r, &stats), 0);
  CHECK_INT (r.n, CHAIN_DEPTH * 3 + 1);
  CHECK (open_peak <= 64);
  recorder_clear (&r);

  fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  REQUIRE (fd >= 0);
  chain_name (1, name);
  remove_at (fd, name);
  close (fd);
  free (expected);
  fixture_remove (root);
  free (root);
}

/* If this breaks, a quick scan (max_depth 1, the worm's own folders) reads the whole disk. */
static void
test_max_depth (void)
{
  test_case ("walk: max_depth = 1 visits only the first level");
  char *root = fixture_new ();
  fixture_touch (root, "one.txt");
  fixture_touch (root, "sub/two.txt");
  fixture_touch (root, "sub/deeper/three.txt");

  recorder r = { 0 };
  scan_walk_stats stats;
  CHECK_INT (walk (root, NULL, 1, 0, &r, &stats), 0);
  CHECK_INT (r.n, 2);
  check_seen (&r, root, "one.txt", SCAN_ENT_FILE, 1);
  check_seen (&r, root, "sub", SCAN_ENT_DIR, 1);
  CHECK_INT (count_below (&r, root, "sub"), 0);
  CHECK_INT (stats.folders, 1);
  recorder_clear (&r);

  test_case ("walk: max_depth = 2 stops one level lower");
  CHECK_INT (walk (root, NULL, 2, 0, &r, &stats), 0);
  CHECK_INT (r.n, 4);
  check_seen (&r, root, "sub/deeper", SCAN_ENT_DIR, 2);
  CHECK_INT (count_below (&r, root, "sub/deeper"), 0);
  recorder_clear (&r);

  fixture_remove (root);
  free (root);
}

/* If this breaks, the Cancel button does nothing, or a failing visitor (out of memory while
 * recording a finding) is ignored and the scan goes on with a broken report. */
static void
test_stopping (void)
{
  char *root = fixture_new ();
  char rel[32];
  for (int i = 0; i < 10; i++)
    {
      snprintf (rel, sizeof rel, "dir%d/file%d", i, i);
      fixture_touch (root, rel);
    }
  recorder r = { 0 };
  scan_walk_stats stats;

  test_case ("walk: progress returning nonzero cancels");
  r.cancel_at = 1;
  CHECK_INT (walk (root, NULL, 0, 0, &r, &stats), SCAN_ECANCELED);
  CHECK_INT (r.n, 0);
  recorder_clear (&r);

  r.cancel_at = 2; /* the root is listed, then the first subfolder is entered: cancel */
  CHECK_INT (walk (root, NULL, 0, 0, &r, &stats), SCAN_ECANCELED);
  CHECK_INT (r.progress_calls, 2);
  CHECK_INT (r.n, 10);
  CHECK_INT (r.n_errors, 0);
  recorder_clear (&r);

  test_case ("walk: a negative visitor return stops the walk with that code");
  r.stop_at = 3;
  r.stop_code = -4242;
  CHECK_INT (walk (root, NULL, 0, 0, &r, &stats), -4242);
  CHECK_INT (r.n, 3);
  recorder_clear (&r);
  r.stop_at = 15; /* inside a subfolder */
  r.stop_code = SCAN_ENOMEM;
  CHECK_INT (walk (root, NULL, 0, 0, &r, &stats), SCAN_ENOMEM);
  CHECK_INT (r.n, 15);
  recorder_clear (&r);
  fixture_remove (root);
  free (root);

  /* System32 holds thousands of files: progress (and so Cancel) must not wait for its end. */
  test_case ("walk: progress every 4096 entries inside one big folder");
  root = fixture_new ();
  for (int i = 0; i < 5000; i++)
    {
      snprintf (rel, sizeof rel, "f%04d", i);
      fixture_touch (root, rel);
    }
  CHECK_INT (walk (root, NULL, 0, 0, &r, &stats), 0);
  CHECK_INT (r.n, 5000);
  CHECK (r.progress_saw_4096);
  recorder_clear (&r);
  r.cancel_at = 2;
  CHECK_INT (walk (root, NULL, 0, 0, &r, &stats), SCAN_ECANCELED);
  CHECK (r.n < 5000);
  CHECK_INT (r.last_progress_entries, 4096);
  recorder_clear (&r);
  fixture_remove (root);
  free (root);
}

/* If this breaks, files with names in a legacy code page (a Japanese or Russian Windows disk
 * read on Linux) are skipped, or reported under a mangled name no one can find. */
static void
test_names (void)
{
  test_case ("walk: non-UTF-8 and Japanese names keep their exact bytes");
  static const char *const files[] = {
    "\xff\xfe",
    "\xfe\xff-dir/\xff.txt",
    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e/\xe3\x83\x95\xe3\x82\xa1\xe3\x82\xa4\xe3\x83\xab.txt",
    "caf\xe9/latin1.txt",
  };
  char *root = fixture_new ();
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
    fixture_touch (root, files[i]);

  recorder r = { 0 };
  scan_walk_stats stats;
  CHECK_INT (walk (root, NULL, 0, 0, &r, &stats), 0);
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
    check_seen (&r, root, files[i], SCAN_ENT_FILE, depth_of (files[i]));
  check_seen (&r, root, "\xfe\xff-dir", SCAN_ENT_DIR, 1);
  check_seen (&r, root, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", SCAN_ENT_DIR, 1);
  CHECK_INT (r.n, 7);
  CHECK_INT (r.n_errors, 0);
  recorder_clear (&r);
  fixture_remove (root);
  free (root);
}

/* The unreadable case proper, run where permissions apply. */
static void
unreadable_case (void *root)
{
  recorder r = { 0 };
  scan_walk_stats stats;
  CHECK_INT (walk (root, NULL, 0, 0, &r, &stats), 0);
  check_seen (&r, root, "locked", SCAN_ENT_DIR, 1);
  check_seen (&r, root, "open/file.txt", SCAN_ENT_FILE, 2);
  CHECK_INT (count_below (&r, root, "locked"), 0);
  CHECK_INT (stats.errors, 1);
  if (CHECK_INT (r.n_errors, 1))
    {
      char *locked = test_path (root, "locked");
      CHECK_STR (r.error_paths[0], locked);
      CHECK_INT (r.error_codes[0], SCAN_EACCES);
      free (locked);
    }
  recorder_clear (&r);
}

/* If this breaks, a folder the scan could not read is silently skipped and the verdict says
 * "clean" where it should say "incomplete". */
static void
test_unreadable (void)
{
  test_case ("walk: an unreadable folder is reported as SCAN_EACCES, and the walk goes on");
  char *root = fixture_new ();
  fixture_touch (root, "locked/secret.txt");
  fixture_touch (root, "open/file.txt");
  char *locked = test_path (root, "locked");
  REQUIRE (chmod (locked, 0) == 0);
  free (locked);
  test_run_unprivileged (root, unreadable_case, root);
  fixture_remove (root);
  free (root);
}

static pid_t hive_swapper;

static void
hive_hang (int sig)
{
  (void) sig;
  if (hive_swapper > 0)
    kill (hive_swapper, SIGKILL); /* it holds the test's output open */
  static const char msg[] = "FAIL: opening a hive that is swapped for a FIFO blocks the scan\n";
  ssize_t n = write (2, msg, sizeof msg - 1);
  (void) n;
  _exit (1);
}

/* If this breaks, a hive swapped for a FIFO between a check and hivex's open() blocks the scan
 * for good (the wizard shows "Checking…" for ever). Another process keeps swapping a regular file
 * and a FIFO at the hive's name (renameat2 RENAME_EXCHANGE: one atomic step) while the hive is
 * opened again and again; every open must return at once, the FIFO as SCAN_ENOTREG. A link is
 * SCAN_ELINK. */
static void
test_hive_swapped_for_fifo (void)
{
  test_case ("hive: a hive swapped for a FIFO or a link is refused at once, never waited on");
  const scan_registry_ops *reg = scan_platform_offline_registry ();
  char *root = fixture_new ();
  fixture_touch (root, "SOFTWARE");
  char *hive = test_path (root, "SOFTWARE"), *fifo = test_path (root, "fifo");
  char *link = test_path (root, "link");
  REQUIRE (mkfifo (fifo, 0644) == 0);
  REQUIRE (symlink (hive, link) == 0);
  scan_hive *h = NULL;

  signal (SIGALRM, hive_hang);
  alarm (20);
  CHECK_INT (reg->open (fifo, 0, &h), SCAN_ENOTREG);
  CHECK_INT (reg->open (link, 0, &h), SCAN_ELINK);
  CHECK_INT (reg->open (hive, 0, &h), SCAN_EHIVE); /* an empty file is no hive */
  /* Below the volume's root a link on the way is refused too, not only one at the end: the
   * folder "config" that leads elsewhere (a folder swapped for a link after it was listed). */
  char *config = test_path (root, "config"), *through = test_path (root, "config/SOFTWARE");
  REQUIRE (symlink (root, config) == 0);
  CHECK_INT (reg->open (through, strlen (root), &h), SCAN_ELINK);
  CHECK_INT (reg->open (hive, strlen (root), &h), SCAN_EHIVE); /* reached from the root */
  free (config);
  free (through);

  pid_t swapper = hive_swapper = fork ();
  REQUIRE (swapper >= 0);
  if (swapper == 0)
    for (;;)
      if (renameat2 (AT_FDCWD, hive, AT_FDCWD, fifo, RENAME_EXCHANGE) < 0)
        _exit (2);
  unsigned fifo_seen = 0, other = 0;
  for (int i = 0; i < 2000; i++)
    {
      int rc = reg->open (hive, 0, &h);
      if (rc == 0)
        reg->close (h);
      if (rc == SCAN_ENOTREG)
        fifo_seen++;
      else if (rc != SCAN_EHIVE)
        other++;
    }
  int status = 0;
  kill (swapper, SIGKILL);
  waitpid (swapper, &status, 0);
  hive_swapper = 0;
  alarm (0);
  CHECK (WIFSIGNALED (status)); /* not exit 2: the file system can exchange names */
  CHECK (fifo_seen > 0);        /* the swap really raced the opens */
  CHECK_INT (other, 0);
  fixture_remove (root);
  free (hive);
  free (fifo);
  free (link);
  free (root);
}

int
main (int argc, char **argv)
{
  real_fs = scan_platform_fs ();
  CHECK_INT (scan_platform_separator (), '/');

  test_every_entry_once ();
  test_links ();
  test_deep_chain ();
  test_max_depth ();
  test_stopping ();
  test_names ();
  test_unreadable ();
  test_hive_swapped_for_fifo ();
  return test_result (argv[0]);
}
