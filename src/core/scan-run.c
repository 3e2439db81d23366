/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "scan-run.h"

#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-private.h"
#include "scan-walk.h"

typedef struct
{
  const scan_options *o;
  scan_report *r;
  scan_phase phase;
  size_t root_len;  /* length of the root as the walker writes it */
  char *win_rel;    /* the Windows folder's name as found on disk; "" if the root is it */
  scan__buf expect; /* scratch for folder comparisons */
  int fatal;        /* SCAN_ENOMEM from inside a callback */
  uint64_t entries[SCAN_PHASE_VOLUME + 1]; /* entries seen in each phase */
  uint64_t entries_before; /* of the volumes scanned before this one, for the progress count */
  uint64_t files[SCAN_PHASE_VOLUME + 1];   /* regular files seen in each phase */
} scan_job;

/* The folder of an entry relative to the root, without a leading separator. */
static const char *
relative_dir (const scan_job *job, const scan_walk_entry *e, size_t *len)
{
  const char *rel = e->dir + job->root_len;
  if (*rel == job->o->separator)
    rel++;
  *len = e->dir_len - (size_t) (rel - e->dir);
  return rel;
}

/* Is REL (LEN bytes) the catalogue folder FOLDER? Exactly below the Windows folder, or (SUFFIX)
 * anywhere as the end of the path, as in a copy of a Windows tree. */
static bool
folder_matches (scan_job *job, const char *rel, size_t len, const char *folder, bool suffix)
{
  scan__buf *x = &job->expect;
  char sep = job->o->separator;
  x->len = 0;
  if (!suffix && job->win_rel[0] && (scan__buf_append (x, job->win_rel, strlen (job->win_rel)) < 0
                                     || scan__buf_append (x, &sep, 1) < 0))
    goto nomem;
  if (scan__buf_append (x, folder, strlen (folder)) < 0)
    goto nomem;
  for (size_t i = 0; i < x->len; i++)
    if (x->data[i] == '/')
      x->data[i] = sep;
  if (!suffix)
    return scan__eq_nocase (rel, len, x->data, x->len);
  if (len < x->len || (len > x->len && rel[len - x->len - 1] != sep))
    return false;
  return scan__eq_nocase (rel + len - x->len, x->len, x->data, x->len);

nomem:
  job->fatal = SCAN_ENOMEM;
  return false;
}

/*
 * The file at PATH (below the root) as the checked Windows names it, into OUT; *NAMED false when
 * it has no such name.
 * - A live check: PATH is already that name (C:\WINDOWS\…).
 * - An attached disk: the drive letter is C: for the volume that holds the Windows folder. A
 *   mounted disk does not tell which letter its Windows gave it, and SYSTEM\MountedDevices, which
 *   does, names volumes by disk signature and partition offset, which a mount point (or a copied
 *   folder) cannot be matched to; Windows itself is almost always on C:. The root is taken as the
 *   volume's root; when the root is the Windows folder itself, its own name comes first.
 * - A folder with no Windows folder in it: no Windows names it (a copy, a USB stick's folder), so
 *   there is no name to give, rather than a made-up one.
 */
static int
windows_file_location (const scan_job *job, const char *path, scan__buf *out, bool *named)
{
  const scan_report *r = job->r;
  char sep = job->o->separator;
  int rc = 0;

  *named = false;
  if (r->target_kind == SCAN_TARGET_LIVE)
    {
      *named = true;
      return scan__buf_append (out, path, strlen (path));
    }
  if (!r->windows_dir || strlen (path) < job->root_len)
    return 0;
  const char *rel = path + job->root_len;
  if (*rel == sep)
    rel++;
  rc = scan__buf_append (out, "C:\\", 3);
  if (rc == 0 && strlen (r->windows_dir) <= job->root_len)
    {
      /* The root is the Windows folder: its last part ("WINDOWS", "WINNT"). */
      const char *name = r->windows_dir, *end = r->windows_dir + job->root_len;
      for (const char *c = r->windows_dir; c < end; c++)
        if (*c == sep && c + 1 < end)
          name = c + 1;
      size_t len = (size_t) (end - name);
      while (len && name[len - 1] == sep)
        len--;
      rc = scan__buf_append (out, name, len);
      if (rc == 0 && *rel)
        rc = scan__buf_append (out, "\\", 1);
    }
  for (const char *c = rel; rc == 0 && *c; c++)
    rc = scan__buf_append (out, *c == sep ? "\\" : c, 1);
  *named = rc == 0;
  return rc;
}

static int
add_finding (scan_job *job, const scan_walk_entry *e, scan_finding_kind kind, scan_severity severity,
             scan_why why, const scan_indicator *ind)
{
  scan__buf loc = { 0 }, win = { 0 };
  char sep = job->o->separator;
  bool named = false;
  int rc = scan__buf_append (&loc, e->dir, e->dir_len);
  if (rc == 0 && (e->dir_len == 0 || e->dir[e->dir_len - 1] != sep))
    rc = scan__buf_append (&loc, &sep, 1);
  if (rc == 0)
    rc = scan__buf_append (&loc, e->name, e->name_len);
  if (rc == 0)
    rc = windows_file_location (job, loc.data, &win, &named);
  if (rc == 0)
    rc = scan_report_add_finding_at (job->r, kind, severity, why, ind, loc.data,
                                     named ? win.data : NULL, NULL);
  scan__buf_free (&loc);
  scan__buf_free (&win);
  return rc;
}

static int
classify_name (scan_job *job, const scan_walk_entry *e, const scan_indicator *const *matches)
{
  size_t rel_len;
  const char *rel = relative_dir (job, e, &rel_len);
  const scan_indicator *first_file = NULL;
  bool legit_name = false, found = false;
  int rc = 0;

  for (const scan_indicator *const *m = matches; *m && rc == 0; m++)
    {
      const scan_indicator *ind = *m;
      if (ind->kind == SCAN_IND_LEGIT)
        {
          legit_name = true;
          continue;
        }
      if (!first_file)
        first_file = ind;
      if (job->win_rel && folder_matches (job, rel, rel_len, ind->folder, false))
        {
          found = true;
          rc = add_finding (job, e, SCAN_FINDING_FILE,
                            ind->confirmed ? SCAN_SEV_INFECTION : SCAN_SEV_SUSPICIOUS,
                            ind->confirmed ? SCAN_WHY_WORM_FOLDER : SCAN_WHY_WORM_FOLDER_UNCONFIRMED,
                            ind);
        }
      else if (folder_matches (job, rel, rel_len, ind->folder, true))
        {
          found = true;
          rc = add_finding (job, e, SCAN_FINDING_FILE, SCAN_SEV_SUSPICIOUS, SCAN_WHY_FOLDER_COPY, ind);
        }
    }
  /* A real Windows program's name (dllhost.exe, svchost.exe) means nothing outside the worm's
   * folders: it sits in System32, dllcache and service-pack backups on every healthy PC. */
  if (rc == 0 && !found && !legit_name && first_file)
    rc = add_finding (job, e, SCAN_FINDING_FILE, SCAN_SEV_SUSPICIOUS, SCAN_WHY_NAME_ELSEWHERE,
                      first_file);
  return rc < 0 ? rc : job->fatal;
}

static int
classify_prefetch (scan_job *job, const scan_walk_entry *e)
{
  for (const scan_indicator *const *p = scan_rules_prefetch (job->o->rules); *p; p++)
    {
      size_t n = strlen ((*p)->name);
      if (e->name_len <= n || !scan__eq_nocase (e->name, n, (*p)->name, n))
        continue;
      size_t rel_len;
      const char *rel = relative_dir (job, e, &rel_len);
      if (job->win_rel && folder_matches (job, rel, rel_len, "Prefetch", false))
        return add_finding (job, e, SCAN_FINDING_PREFETCH, SCAN_SEV_SUSPICIOUS, SCAN_WHY_PREFETCH, *p);
    }
  return job->fatal;
}

static int
visit (void *user, const scan_walk_entry *e)
{
  scan_job *job = user;
  /* A folder or a link is not a program, whatever its name. */
  if (e->type != SCAN_ENT_FILE)
    return 0;
  job->files[job->phase]++;
  const scan_indicator *const *matches = scan_rules_match_name (job->o->rules, e->name, e->name_len);
  if (matches)
    return classify_name (job, e, matches);
  return classify_prefetch (job, e);
}

static void
walk_error (void *user, const char *path, int code)
{
  scan_job *job = user;
  if (scan_report_add_error (job->r, path, code) < 0)
    job->fatal = SCAN_ENOMEM;
}

static int
walk_progress (void *user, uint64_t entries, const char *dir)
{
  scan_job *job = user;
  if (!job->o->progress)
    return 0;
  scan_progress p = { .phase = job->phase,
                      .entries = job->entries_before + job->entries[SCAN_PHASE_KNOWN]
                                 + job->entries[SCAN_PHASE_VOLUME] + entries,
                      .dir = dir,
                      .kind = SCAN_PROGRESS_TICK };
  return job->o->progress (job->o->user, &p);
}

/* Tells the front end of one event of the scan (see scan_progress_kind): SCAN_ECANCELED when it
 * answers "stop". */
static int
report_event (const scan_options *o, scan_progress_kind kind, scan_phase phase, uint64_t count,
              const char *dir, int status)
{
  scan_progress p = { .phase = phase, .entries = count, .dir = dir, .kind = kind,
                      .count = count, .status = status };
  if (!o->progress)
    return 0;
  return o->progress (o->user, &p) ? SCAN_ECANCELED : 0;
}

/* The registry check's question "stop?": a tick of the known places' phase (no folder), so that
 * a Cancel during a hive of 60,000 services is seen at once. */
typedef struct
{
  const scan_options *o;
  uint64_t entries;
} registry_cancel;

static int
registry_cancelled (void *user)
{
  const registry_cancel *rc = user;
  scan_progress p = { .phase = SCAN_PHASE_KNOWN, .entries = rc->entries };
  return rc->o->progress ? rc->o->progress (rc->o->user, &p) : 0;
}

/* The registry of the Windows in R->windows_dir, below the root PATH, into R, a Cancel heard
 * while it is read; where this system cannot read hives, R says so. */
static int
check_registry (const scan_options *o, const char *path, uint64_t known, scan_report *r)
{
  registry_cancel cancel = { o, known };
  if (!o->registry)
    {
      scan_report_add_vulnerability_reason (r, SCAN_REASON_REGISTRY_UNSUPPORTED, NULL);
      return 0;
    }
  return scan_registry_check_offline_cancellable (o->registry, o->fs, o->separator, path,
                                                  r->windows_dir, o->rules, r,
                                                  registry_cancelled, &cancel);
}

/* Finds NAME (any case) among DIR's subfolders; *ACTUAL gets the name as written on disk. */
static int
find_subfolder (const scan_fs_ops *fs, scan_dir *dir, const char *name, char **actual)
{
  scan_dirent ent;
  size_t len = strlen (name);
  int rc;
  *actual = NULL;
  while ((rc = fs->read (dir, &ent)) > 0)
    if (ent.type == SCAN_ENT_DIR && scan__eq_nocase (ent.name, ent.len, name, len))
      {
        *actual = scan__strndup (ent.name, ent.len);
        return *actual ? 1 : SCAN_ENOMEM;
      }
  return rc;
}

/* Appends a separator (unless PATH ends in one) and NAME to PATH. */
static int
path_join (scan__buf *path, char sep, const char *name, size_t len)
{
  if (path->len && path->data[path->len - 1] != sep && scan__buf_append (path, &sep, 1) < 0)
    return SCAN_ENOMEM;
  return scan__buf_append (path, name, len);
}

/* Records that the folder at PATH could not be read; only running out of memory stops the scan. */
static int
note_error (scan_job *job, const char *path, int rc)
{
  if (rc == SCAN_ENOMEM || scan_report_add_error (job->r, path, rc) < 0)
    return SCAN_ENOMEM;
  return 0;
}

/* Called by resolve_each with the on-disk names of one folder found (PARTS, NULL-terminated,
 * below the root): 0, or a negative code that stops resolve_each. */
typedef int (*resolve_fn) (scan_job *job, const char *root, char *const *parts, void *user);

/* One level of resolve_each: the folders named like the next part of REST inside DIR (whose path
 * is PATH, and whose on-disk names from the root are PARTS[0..N-1]). */
static int
resolve_level (scan_job *job, const char *root, scan_dir *dir, scan__buf *path, const char *rest,
               char **parts, size_t n, size_t max_parts, resolve_fn fn, void *user)
{
  const scan_fs_ops *fs = job->o->fs;
  scan__buf twins = { 0 }; /* the names that match, each with its NUL */
  scan_dirent ent;
  int rc, found = 0;

  if (!*rest)
    {
      parts[n] = NULL;
      rc = fn (job, root, parts, user);
      return rc < 0 ? rc : 1;
    }
  const char *end = strchr (rest, '/');
  size_t len = end ? (size_t) (end - rest) : strlen (rest);
  const char *next = rest + len + (end ? 1 : 0);
  if (n == max_parts)
    return note_error (job, path->data, SCAN_ENAMETOOLONG);

  /* Every twin first, then each in turn: reading a folder and opening its children interleave
   * badly on some file systems. */
  while ((rc = fs->read (dir, &ent)) > 0)
    if (ent.type == SCAN_ENT_DIR && scan__eq_nocase (ent.name, ent.len, rest, len)
        && scan__buf_append (&twins, ent.name, ent.len + 1) < 0)
      {
        rc = SCAN_ENOMEM;
        break;
      }
  if (rc < 0)
    rc = note_error (job, path->data, rc); /* the twins read so far are still tried */

  for (size_t off = 0; rc == 0 && off < twins.len; off += strlen (twins.data + off) + 1)
    {
      const char *name = twins.data + off;
      size_t before = path->len;
      scan_dir *child = NULL;
      scan_node_id id;
      rc = path_join (path, job->o->separator, name, strlen (name));
      if (rc == 0 && (rc = fs->open_child (dir, name, &child, &id)) < 0)
        rc = note_error (job, path->data, rc);
      else if (rc == 0)
        {
          parts[n] = (char *) name;
          rc = resolve_level (job, root, child, path, next, parts, n + 1, max_parts, fn, user);
          fs->close (child);
          if (rc > 0)
            {
              found += rc;
              rc = 0;
            }
        }
      path->len = before;
      if (path->data)
        path->data[before] = '\0';
    }
  scan__buf_free (&twins);
  return rc < 0 ? rc : found;
}

/*
 * Calls FN for every folder below the root whose path is REL ('/'-separated, each part in any
 * case), and returns how many there were, or FN's negative code or SCAN_ENOMEM.
 *
 * Every one, not the first: a Windows folder copied to a case-sensitive disk can hold system32
 * and System32 side by side (WINDOWS and windows, wins and WINS, Prefetch and prefetch). For
 * Windows they are one folder, so a worm file in either is where the worm puts it, and each is
 * looked in. A folder on the way that cannot be read is an error in the report, at its full
 * path; its twins are still tried.
 */
static int
resolve_each (scan_job *job, const char *root, const char *rel, size_t max_parts, resolve_fn fn,
              void *user)
{
  const scan_fs_ops *fs = job->o->fs;
  scan__buf path = { 0 };
  scan_dir *dir = NULL;
  scan_node_id id;
  char *parts[16];
  int rc = scan__buf_append (&path, root, job->root_len);

  if (max_parts > 15)
    max_parts = 15;
  if (rc == 0 && (rc = fs->open_root (root, &dir, &id)) < 0)
    rc = note_error (job, path.data, rc);
  else if (rc == 0)
    {
      rc = resolve_level (job, root, dir, &path, rel, parts, 0, max_parts, fn, user);
      fs->close (dir);
    }
  scan__buf_free (&path);
  return rc;
}

/* A resolve_fn: keeps the first folder's top-level name in *(char **) USER. */
static int
keep_first (scan_job *job, const char *root, char *const *parts, void *user)
{
  char **first = user;
  (void) job;
  (void) root;
  if (!*first && !(*first = scan__strdup (parts[0])))
    return SCAN_ENOMEM;
  return 0;
}

/* The names a Windows folder has in the root of its disk (any case). */
static const char *const windows_names[] = { "WINDOWS", "WINNT" };
#define N_WINDOWS_NAMES (sizeof windows_names / sizeof windows_names[0])

/* A WINDOWS or WINNT in the root that is a link (never followed: it may lead off the disk) is
 * not passed over in silence: the report lists it as not checked, with the reason. */
static int
note_linked_windows (scan_job *job, const char *root, const char *const *names, size_t n_names)
{
  const scan_fs_ops *fs = job->o->fs;
  scan_dir *dir = NULL;
  scan_node_id id;
  scan_dirent ent;
  int rc = 0;

  if (fs->open_root (root, &dir, &id) < 0)
    return 0; /* the root itself is reported by the walk */
  while (rc == 0 && fs->read (dir, &ent) > 0)
    for (size_t i = 0; rc == 0 && i < n_names; i++)
      if (ent.type == SCAN_ENT_LINK && scan__eq_nocase (ent.name, ent.len, names[i], strlen (names[i])))
        {
          scan__buf path = { 0 };
          rc = scan__buf_append (&path, root, job->root_len);
          if (rc == 0)
            rc = path_join (&path, job->o->separator, ent.name, ent.len);
          if (rc == 0)
            rc = note_error (job, path.data, SCAN_ELINK);
          scan__buf_free (&path);
        }
  fs->close (dir);
  return rc;
}

/* Looks for WINDOWS or WINNT (any case, any of its twins) holding System32 (any case), or
 * System32 in the root itself. A Windows folder that cannot be read is still the Windows folder:
 * the disk is a Windows disk, and the report says what could not be checked. */
static int
find_windows (scan_job *job, const char *root)
{
  char *name = NULL;
  int rc;

  for (size_t i = 0; i < N_WINDOWS_NAMES; i++)
    {
      char rel[32];
      size_t errors_before = job->r->n_errors;
      snprintf (rel, sizeof rel, "%s/system32", windows_names[i]);
      if ((rc = resolve_each (job, root, rel, 2, keep_first, &name)) < 0)
        {
          free (name);
          return rc;
        }
      if (name)
        {
          job->win_rel = name;
          return 1;
        }
      if (job->r->n_errors > errors_before)
        {
          /* WINDOWS (or its System32) is there but cannot be opened: still a Windows disk, with
           * that error. */
          scan_dir *dir = NULL;
          scan_node_id id;
          if (job->o->fs->open_root (root, &dir, &id) == 0)
            {
              rc = find_subfolder (job->o->fs, dir, windows_names[i], &name);
              job->o->fs->close (dir);
              if (rc == SCAN_ENOMEM)
                return rc;
            }
          if (name)
            {
              job->win_rel = name;
              return 1;
            }
        }
    }
  if ((rc = note_linked_windows (job, root, windows_names, N_WINDOWS_NAMES)) < 0)
    return rc;
  if ((rc = resolve_each (job, root, "system32", 1, keep_first, &name)) <= 0)
    return rc;
  free (name);
  job->win_rel = scan__strdup ("");
  return job->win_rel ? 1 : SCAN_ENOMEM;
}

/* The other Windows folders of the root beside the one found (a dual-boot disk: WINDOWS and
 * WINNT side by side, each with System32): their on-disk names into NAMES (up to MAX, free
 * each); returns how many, or SCAN_ENOMEM. Twins of the found one (windows, WINDOWS) are it. */
static int
find_other_windows (scan_job *job, const char *root, char **names, size_t max)
{
  size_t n = 0;

  if (!job->win_rel || !job->win_rel[0])
    return 0;
  for (size_t i = 0; i < N_WINDOWS_NAMES && n < max; i++)
    {
      char rel[32];
      char *name = NULL;
      int rc;
      snprintf (rel, sizeof rel, "%s/system32", windows_names[i]);
      if ((rc = resolve_each (job, root, rel, 2, keep_first, &name)) < 0)
        {
          free (name);
          return rc;
        }
      if (name && !scan__eq_nocase (name, strlen (name), job->win_rel, strlen (job->win_rel)))
        names[n++] = name;
      else
        free (name);
    }
  return (int) n;
}

/* Does LOCATION lie in the folder DIR (its full path)? */
static bool
location_in (const char *location, const char *dir, char sep)
{
  size_t len = strlen (dir);
  return location && strncmp (location, dir, len) == 0
         && (location[len] == sep || location[len] == '\0');
}

/* The infection part of the first Windows: what the report holds, but for the other
 * installations' findings and errors (OTHERS, N of them). */
static scan_infection
first_windows_infection (const scan_report *r, scan_report *const others, size_t n, char sep)
{
  bool infected = false, suspicious = false, incomplete = r->cancelled;
  for (size_t i = 0; i < r->n_findings; i++)
    {
      bool theirs = false;
      for (size_t j = 0; j < n && !theirs; j++)
        theirs = location_in (r->findings[i].location, others[j].windows_dir, sep);
      if (theirs)
        continue;
      infected = infected || r->findings[i].severity == SCAN_SEV_INFECTION;
      suspicious = suspicious || r->findings[i].severity == SCAN_SEV_SUSPICIOUS;
    }
  for (size_t i = 0; i < r->n_errors; i++)
    {
      bool theirs = false;
      for (size_t j = 0; j < n && !theirs; j++)
        theirs = location_in (r->errors[i].location, others[j].windows_dir, sep);
      incomplete = incomplete || !theirs;
    }
  incomplete = incomplete || r->errors_dropped;
  return infected ? SCAN_INFECTION_INFECTED
         : suspicious ? SCAN_INFECTION_SUSPICIOUS
         : incomplete ? SCAN_INFECTION_INCOMPLETE
                      : SCAN_INFECTION_CLEAN;
}

/* Adds the Windows that S checked (S may be the job's own report) to the job's report, with
 * INFECTION as its part of the verdict and its folder as it names it ("C:\\WINNT"). */
static int
add_windows (const scan_job *job, const scan_report *s, scan_infection infection)
{
  scan__buf location = { 0 };
  bool named = false;
  int rc = windows_file_location (job, s->windows_dir, &location, &named);
  scan_windows w = { .windows_dir = s->windows_dir,
                     .windows_location = named ? location.data : NULL,
                     .os_product = s->os_product,
                     .os_version = s->os_version,
                     .os_service_pack = s->os_service_pack,
                     .infection = infection,
                     .vulnerability = s->vulnerability,
                     .patch_states = s->patch_states };
  if (rc == 0)
    rc = scan_report_add_windows (job->r, &w);
  scan__buf_free (&location);
  return rc;
}

static int
walk (scan_job *job, const char *root, const char *const *start, unsigned max_depth)
{
  scan_walk_stats stats = { 0 };
  scan_walk_options w = {
    .fs = job->o->fs,
    .root = root,
    .start = start,
    .max_depth = max_depth,
    .max_open = job->o->max_open,
    .separator = job->o->separator,
    .visit = visit,
    .error = walk_error,
    .progress = walk_progress,
    .user = job,
  };
  int rc = scan_walk (&w, &stats);
  job->entries[job->phase] += stats.entries;
  return rc;
}

/* A resolve_fn: lists one of the places the worm uses (not recursively). */
static int
walk_found (scan_job *job, const char *root, char *const *parts, void *user)
{
  (void) user;
  int rc = walk (job, root, (const char *const *) parts, 1);
  /* The folder changed between finding and listing it: one place not checked, not an end to
   * the scan. */
  if (rc < 0 && rc != SCAN_ECANCELED && rc != SCAN_ENOMEM)
    {
      int walk_rc = rc;
      scan__buf where = { 0 };
      rc = scan__buf_append (&where, root, job->root_len);
      for (size_t j = 0; parts[j] && rc == 0; j++)
        rc = path_join (&where, job->o->separator, parts[j], strlen (parts[j]));
      if (rc == 0)
        rc = note_error (job, where.data, walk_rc);
      scan__buf_free (&where);
    }
  if (rc == 0 && job->fatal)
    rc = job->fatal;
  return rc;
}

/* The places the worm uses, each listed once (not recursively), in every twin (resolve_each). */
static int
walk_known (scan_job *job, const char *root)
{
  size_t n;
  const scan_indicator *inds = scan_rules_indicators (job->o->rules, &n);
  const char *folders[32];
  size_t n_folders = 0;
  int rc = 0;

  folders[n_folders++] = "Prefetch";
  for (size_t i = 0; i < n && n_folders < 32; i++)
    {
      bool seen = inds[i].kind != SCAN_IND_FILE;
      for (size_t j = 0; j < n_folders && !seen; j++)
        seen = scan__eq_nocase (folders[j], strlen (folders[j]), inds[i].folder,
                                strlen (inds[i].folder));
      if (!seen)
        folders[n_folders++] = inds[i].folder;
    }

  for (size_t i = 0; i < n_folders && rc == 0; i++)
    {
      scan__buf rel = { 0 };
      if ((job->win_rel[0] && (scan__buf_append (&rel, job->win_rel, strlen (job->win_rel)) < 0
                               || scan__buf_append (&rel, "/", 1) < 0))
          || scan__buf_append (&rel, folders[i], strlen (folders[i])) < 0)
        rc = SCAN_ENOMEM;
      /* The Windows folder's own name may hold any byte but '/'; resolve it part by part. */
      else if ((rc = resolve_each (job, root, rel.data, 15, walk_found, NULL)) > 0)
        rc = 0;
      scan__buf_free (&rel);
      if (rc == 0 && job->fatal)
        rc = job->fatal;
    }
  return rc;
}

/* A Windows folder's full path: the root, a separator, the folder's name NAME (none if NAME is
 * "": the root is the Windows folder). NULL when out of memory. */
static char *
windows_dir_path (const scan_job *job, const char *root, const char *name)
{
  scan__buf dir = { 0 };
  if (scan__buf_append (&dir, root, job->root_len) < 0
      || (name[0] && path_join (&dir, job->o->separator, name, strlen (name)) < 0))
    {
      scan__buf_free (&dir);
      return NULL;
    }
  return dir.data;
}

int
scan_probe_windows (const scan_fs_ops *fs, char separator, const char *root, char **windows_dir)
{
  scan_options o = { .fs = fs, .separator = separator };
  scan_report scratch; /* errors on the way are not this function's to report */
  scan_job job = { .o = &o, .r = &scratch, .root_len = scan__root_length (root, separator) };
  int rc;

  *windows_dir = NULL;
  scan_report_init (&scratch, NULL);
  rc = find_windows (&job, root);
  if (rc == 1 && !(*windows_dir = windows_dir_path (&job, root, job.win_rel)))
    rc = SCAN_ENOMEM;
  free (job.win_rel);
  scan_report_clear (&scratch);
  return rc;
}

int
scan_run_path (const scan_options *o, const char *path, scan_report *r)
{
  scan_job job = { .o = o, .r = r, .phase = SCAN_PHASE_PREPARE };
  scan_report others[2]; /* the other Windows folders of a dual-boot disk */
  size_t n_others = 0;
  double start = scan__now ();
  scan_dir *probe = NULL;
  scan_node_id id;
  uint64_t known = 0, volume = 0;
  int rc;

  if (!(r->root = scan__strdup (path)))
    return SCAN_ENOMEM;
  /* Nothing at all can be scanned when the root itself does not open. */
  if ((rc = o->fs->open_root (path, &probe, &id)) < 0)
    return rc;
  o->fs->close (probe);

  job.root_len = scan__root_length (path, o->separator);
  rc = report_event (o, SCAN_PROGRESS_PHASE_START, SCAN_PHASE_PREPARE, 0, NULL, 0);
  if (rc == 0 && (rc = find_windows (&job, path)) < 0)
    goto out;
  r->target_kind = job.win_rel ? SCAN_TARGET_OFFLINE : SCAN_TARGET_FOLDER;
  /* A folder with no Windows in it has no known places: quick or not, it is searched whole. */
  r->quick = o->quick && job.win_rel;
  if (job.win_rel)
    {
      if (!(r->windows_dir = windows_dir_path (&job, path, job.win_rel)))
        {
          rc = SCAN_ENOMEM;
          goto out;
        }
      /* A dual-boot disk: every other Windows folder is checked the same way (its known places,
       * its registry), into a report of its own for its part of the verdict; its findings join
       * this one's before the whole-volume walk, which would find them again only as copies. */
      char *names[2];
      int n_other = find_other_windows (&job, path, names, 2);
      rc = n_other < 0 ? n_other : 0;
      for (int i = 0; i < n_other; i++)
        {
          scan_report *s = &others[n_others++];
          scan_report_init (s, o->rules);
          s->target_kind = SCAN_TARGET_OFFLINE;
          if (rc == 0 && (!(s->root = scan__strdup (path))
                          || !(s->windows_dir = windows_dir_path (&job, path, names[i]))))
            rc = SCAN_ENOMEM;
          free (names[i]);
        }
      /* Each event as it happens, so that a front end says what the scan did, not a guess: every
       * Windows found, the first one first. */
      if (rc == 0)
        rc = report_event (o, SCAN_PROGRESS_WINDOWS_FOUND, SCAN_PHASE_PREPARE, 0, r->windows_dir, 0);
      for (size_t i = 0; rc == 0 && i < n_others; i++)
        rc = report_event (o, SCAN_PROGRESS_WINDOWS_FOUND, SCAN_PHASE_PREPARE, 0,
                           others[i].windows_dir, 0);
      if (rc == 0)
        rc = report_event (o, SCAN_PROGRESS_PHASE_END, SCAN_PHASE_PREPARE, 0, NULL, 0);
      if (rc == 0)
        rc = report_event (o, SCAN_PROGRESS_PHASE_START, SCAN_PHASE_KNOWN, 0, NULL, 0);
      if (rc == 0)
        rc = scan__scan_volume (o, r, path, r->windows_dir, false, &known);
      for (size_t i = 0; rc == 0 && i < n_others; i++)
        rc = scan__scan_volume (o, &others[i], path, others[i].windows_dir, false, &known);
      if (rc == 0)
        rc = report_event (o, SCAN_PROGRESS_PHASE_END, SCAN_PHASE_KNOWN, known, NULL, 0);
      if (rc == 0)
        rc = report_event (o, SCAN_PROGRESS_REGISTRY_START, SCAN_PHASE_KNOWN, known, NULL, 0);
      /* The registry next: it is read in moments, and says how the worm starts and whether the
       * hole is closed — worth knowing before the long whole-volume walk. */
      if (rc == 0)
        rc = check_registry (o, path, known, r);
      for (size_t i = 0; rc == 0 && i < n_others; i++)
        rc = check_registry (o, path, known, &others[i]);
      if (rc == 0)
        rc = report_event (o, SCAN_PROGRESS_REGISTRY_END, SCAN_PHASE_KNOWN, known, NULL,
                           o->registry ? 0 : SCAN_EUNSUPPORTED);
      for (size_t i = 0; i < n_others && (rc == 0 || rc == SCAN_ECANCELED); i++)
        {
          int merge_rc = scan_report_take_findings (r, &others[i]);
          if (merge_rc < 0)
            rc = merge_rc;
        }
    }
  else if (rc == 0)
    {
      rc = report_event (o, SCAN_PROGRESS_WINDOWS_NOT_FOUND, SCAN_PHASE_PREPARE, 0, NULL, 0);
      if (rc == 0)
        rc = report_event (o, SCAN_PROGRESS_PHASE_END, SCAN_PHASE_PREPARE, 0, NULL, 0);
    }
  if (rc == 0 && !r->quick)
    {
      r->files = 0; /* the whole volume counts the known places' files again */
      rc = report_event (o, SCAN_PROGRESS_PHASE_START, SCAN_PHASE_VOLUME, 0, NULL, 0);
      if (rc == 0)
        rc = scan__scan_volume (o, r, path, NULL, true, &volume);
      if (rc == 0)
        rc = report_event (o, SCAN_PROGRESS_PHASE_END, SCAN_PHASE_VOLUME, volume, NULL, 0);
    }
  if (rc == SCAN_ECANCELED)
    {
      r->cancelled = true;
      rc = 0;
    }
  /* The whole volume includes the known places: count each entry once. */
  r->entries = r->quick ? known : volume;
  /*
   * Nothing to check here: not one file in the whole target, and no place that could not be
   * read. That is what a disk that was never mounted looks like (its empty mount point), and
   * calling it clean would be a false all-clear. A tree of empty folders (or of links only) is
   * the same: the file check had nothing to look at, and no Windows means no other check ran.
   * A target with a place that could not be read is not empty but incomplete: the report names
   * that place. A cancelled scan says so itself.
   */
  if (rc == 0 && !job.win_rel && r->files == 0 && r->n_errors == 0 && r->errors_dropped == 0
      && !r->cancelled)
    rc = SCAN_EEMPTY;

out:
  r->seconds = scan__now () - start;
  free (job.win_rel);
  scan__buf_free (&job.expect);
  /* The other Windows's own verdicts (what their registry says of the hole joined the reasons with
   * their findings: scan_report_take_findings). */
  for (size_t i = 0; rc == 0 && i < n_others; i++)
    {
      scan_report *s = &others[i];
      s->cancelled = s->cancelled || r->cancelled;
      rc = scan_report_decide (s);
    }
  if (rc == 0)
    rc = scan_report_decide (r);
  /* Each Windows with its own part of the verdict; the verdict is the worst of them. */
  if (rc == 0 && r->windows_dir && r->target_kind == SCAN_TARGET_OFFLINE)
    rc = add_windows (&job, r, n_others ? first_windows_infection (r, others, n_others,
                                                                   o->separator)
                                        : r->infection);
  for (size_t i = 0; i < n_others; i++)
    {
      if (rc == 0)
        rc = add_windows (&job, &others[i], others[i].infection);
      scan_report_clear (&others[i]);
    }
  if (rc == 0)
    scan_report_merge_windows (r);
  return rc;
}

int
scan__scan_volume (const scan_options *o, scan_report *r, const char *root,
                   const char *windows_dir, bool whole, uint64_t *entries)
{
  scan_job job = { .o = o, .r = r, .phase = SCAN_PHASE_KNOWN, .entries_before = *entries,
                   .root_len = scan__root_length (root, o->separator) };
  int rc = 0;

  if (windows_dir)
    {
      /* "C:\\WINDOWS" on the root "C:\\": the known places are below "WINDOWS". */
      const char *rel = windows_dir + (strlen (windows_dir) < job.root_len ? strlen (windows_dir)
                                                                            : job.root_len);
      while (*rel == o->separator)
        rel++;
      if (!(job.win_rel = scan__strdup (rel)))
        return SCAN_ENOMEM;
      rc = walk_known (&job, root);
    }
  if (rc == 0 && whole)
    {
      job.phase = SCAN_PHASE_VOLUME;
      rc = walk (&job, root, NULL, 0);
      if (rc < 0 && rc != SCAN_ECANCELED && rc != SCAN_ENOMEM)
        rc = note_error (&job, root, rc);
    }
  if (rc == 0 && job.fatal)
    rc = job.fatal;
  *entries += whole ? job.entries[SCAN_PHASE_VOLUME] : job.entries[SCAN_PHASE_KNOWN];
  r->files += whole ? job.files[SCAN_PHASE_VOLUME] : job.files[SCAN_PHASE_KNOWN];
  free (job.win_rel);
  scan__buf_free (&job.expect);
  return rc;
}
