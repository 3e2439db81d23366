/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The removal (scan-remove.h): plan, journal, carry out, finish after a crash, undo.
 *
 * Every action is a small state machine whose state is written to the manifest before the
 * change it stands for is made, and whose next step is decided from the manifest and from what
 * is actually on the disk (both ends of a rename are looked at). So the same function finishes a
 * fresh removal, a removal killed at any point, and one whose disk filled up: each step either
 * happened whole (a rename is atomic on one volume) or not at all.
 */
#include "scan-remove.h"

#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-json.h"
#include "scan-remove-private.h"

/* The quarantine's names: at most this many bytes of the original name, so that the prefix and
 * the suffix still fit in one name of 255 bytes. */
enum
{
  MAX_NAME_KEPT = 200,
};

typedef struct
{
  const scan_remove_options *o;
  scan_removal *r;
  size_t root_len;
  unsigned points; /* checkpoints passed */
  int stop;        /* the checkpoint's stop (a crash, in a test), kept to the end */
  bool dirty;      /* a state changed since the manifest was last written */
} job;

bool
scan_remove_can_take (const scan_finding *f)
{
  if (f->severity == SCAN_SEV_INFO)
    return false;
  switch (f->kind)
    {
    case SCAN_FINDING_FILE:
    case SCAN_FINDING_PROCESS:
      return true;
    case SCAN_FINDING_REGISTRY:
    case SCAN_FINDING_SERVICE:
      return f->hive && f->key && f->name; /* its place in parts: what the removal changes */
    default:
      return false; /* a mutex or a port ends with its program; a Prefetch entry is history */
    }
}

bool
scan_remove_takes (const scan_finding *f)
{
  return f->severity == SCAN_SEV_INFECTION && scan_remove_can_take (f);
}

/* Paths. */

/* ROOT, SEP and REL joined, malloc'd; REL alone when ROOT is "" (live: full paths). */
static char *
join (const char *root, char sep, const char *rel)
{
  scan__buf b = { 0 };
  size_t root_len = scan__root_length (root, sep);
  int rc = scan__buf_append (&b, root, root_len);
  if (rc == 0 && root_len && root[root_len - 1] != sep)
    rc = scan__buf_append (&b, &sep, 1);
  if (rc == 0)
    rc = scan__buf_append (&b, rel, strlen (rel));
  if (rc < 0)
    {
      scan__buf_free (&b);
      return NULL;
    }
  return b.data;
}

/* Where an action's file is now: its place below the root (or its full path, live). */
static char *
original_path (const job *j, const scan_action *a)
{
  return j->r->live ? scan__strdup (a->path) : join (j->r->root, j->o->separator, a->path);
}

static char *
in_quarantine (const job *j, const char *name)
{
  return join (j->r->quarantine, j->o->separator, name);
}

/* The last part of PATH. */
static const char *
base_name (const char *path, char sep)
{
  const char *slash = strrchr (path, sep);
  const char *other = sep == '\\' ? strrchr (path, '/') : NULL;
  if (other && (!slash || other > slash))
    slash = other;
  return slash ? slash + 1 : path;
}

/* "0007-msblast.exe.quarantined": the action's number keeps names apart, the suffix keeps the
 * file from running (no .exe at the end); a long name is cut at a character's start. */
static char *
quarantine_name (size_t number, const char *path, char sep, const char *suffix)
{
  const char *name = base_name (path, sep);
  size_t len = strlen (name);
  if (len > MAX_NAME_KEPT)
    {
      len = MAX_NAME_KEPT;
      while (len && ((unsigned char) name[len] & 0xc0) == 0x80)
        len--;
    }
  size_t size = len + strlen (suffix) + 32;
  char *out = malloc (size);
  if (out)
    snprintf (out, size, "%04zu-%.*s%s", number, (int) len, name, suffix);
  return out;
}

/* The journal. */

static int
checkpoint (job *j)
{
  if (j->stop)
    return j->stop;
  j->points++;
  if (j->o->checkpoint && j->o->checkpoint (j->o->user, j->points) != 0)
    j->stop = SCAN_ECANCELED;
  return j->stop;
}

/* Writes the manifest whole; then a checkpoint. */
static int
journal (job *j)
{
  scan__buf b = { 0 };
  if (j->stop)
    return j->stop;
  int rc = scan__manifest_write (j->r, j->o->separator, &b);
  char *path = rc == 0 ? in_quarantine (j, SCAN_MANIFEST_NAME) : NULL;
  if (rc == 0 && !path)
    rc = SCAN_ENOMEM;
  if (rc == 0)
    rc = j->o->ops->write_whole (path, j->root_len, b.data, b.len);
  free (path);
  scan__buf_free (&b);
  if (rc < 0)
    return rc;
  j->r->journal_writes++;
  j->dirty = false;
  return checkpoint (j);
}

/* Writes the manifest if a state changed since it was last written. */
static int
flush (job *j)
{
  return j->dirty ? journal (j) : (j->stop ? j->stop : 0);
}

/*
 * Marks A as in STATE (with ERROR). The manifest is written when the removal has done every
 * action's part of a phase (carry_out), not once per action: each write costs two fsyncs, and
 * the write-ahead rule only asks that an action's "started" (with what undoing it needs) and a
 * hive's "edited" (with its copy's hash) are on the disk before the step that changes the
 * person's disk, which the phases guarantee. A crash in between is no harm: every action's next
 * step is decided from the disk as well as from the manifest.
 */
static int
settle (job *j, scan_action *a, scan_step_state state, int error)
{
  a->state = state;
  a->error = error;
  j->dirty = true;
  return checkpoint (j);
}

/* Planning.
 *
 * Every finding to take out becomes an item (its action's kind, place and name); the items are
 * sorted, so that findings of one place meet, and each run of equal items is one action. A
 * hive's changes are sorted and made unique the same way, and a SYSTEM hive is opened once for
 * all its services' control sets: the plan costs n log n in the findings, also for a hostile
 * hive with ten thousand of the worm's services. */

typedef struct
{
  int pass;              /* the order actions are carried out in (see plan) */
  scan_action_kind kind;
  char *path;            /* malloc'd: below the root, or the full place live */
  const char *name;      /* a live value's name; NULL otherwise */
  size_t finding;        /* its index in the report */
} plan_item;

/* ASCII case-insensitive order, as Windows compares the names the worm uses; NULL first. */
static int
compare_nocase (const char *a, const char *b)
{
  if (!a || !b)
    return (a != NULL) - (b != NULL);
  for (;; a++, b++)
    {
      unsigned char x = (unsigned char) scan__lower (*a), y = (unsigned char) scan__lower (*b);
      if (x != y || !x)
        return (int) x - (int) y;
    }
}

static int
compare_items (const void *pa, const void *pb)
{
  const plan_item *a = pa, *b = pb;
  if (a->pass != b->pass)
    return a->pass - b->pass;
  if (a->kind != b->kind)
    return (int) a->kind - (int) b->kind;
  int c = compare_nocase (a->path, b->path);
  return c ? c : compare_nocase (a->name, b->name);
}

static int
compare_changes (const void *pa, const void *pb)
{
  const scan_action_change *a = pa, *b = pb;
  int c = compare_nocase (a->key, b->key);
  return c ? c : compare_nocase (a->name, b->name);
}

static int
add_finding_index (scan_action *a, size_t index)
{
  if (scan__grow ((void **) &a->findings, a->n_findings, sizeof *a->findings) < 0)
    return SCAN_ENOMEM;
  a->findings[a->n_findings++] = index;
  return 0;
}

static int
add_change (scan_action *a, const char *key, const char *name, const char *windows_location)
{
  if (scan__grow ((void **) &a->changes, a->n_changes, sizeof *a->changes) < 0)
    return SCAN_ENOMEM;
  scan_action_change *c = &a->changes[a->n_changes++];
  c->key = scan__strdup (key);
  c->name = name ? scan__strdup (name) : NULL;
  c->windows_location = windows_location ? scan__strdup (windows_location) : NULL;
  return c->key && (!name || c->name) && (!windows_location || c->windows_location)
           ? 0
           : SCAN_ENOMEM;
}

/* Sorts A's changes and drops repeats (a value two variants' indicators both found). */
static void
unique_changes (scan_action *a)
{
  if (a->n_changes < 2)
    return;
  qsort (a->changes, a->n_changes, sizeof *a->changes, compare_changes);
  size_t kept = 1;
  for (size_t i = 1; i < a->n_changes; i++)
    {
      scan_action_change *c = &a->changes[i];
      if (compare_changes (c, &a->changes[kept - 1]) == 0)
        {
          free (c->key);
          free (c->name);
          free (c->windows_location);
          continue;
        }
      a->changes[kept++] = *c;
    }
  a->n_changes = kept;
}

/* A service's key is copied into every control set (ControlSet001 for now, others for "Last
 * Known Good"): the worm's service is taken out of each that has it, or Windows would start it
 * again from the copy. A's service changes name the checked set's key; the others are added. */
static int
plan_control_sets (const job *j, scan_action *a)
{
  const scan_registry_ops *reg = j->o->registry;
  size_t n_found = a->n_changes;
  scan_hive *hive = NULL;
  char **sets = NULL;
  size_t n_sets = 0;
  int rc = 0;
  bool services = false;
  for (size_t i = 0; i < n_found; i++)
    services = services || !a->changes[i].name;
  if (!services || !reg)
    return 0;
  char *path = original_path (j, a);
  if (!path)
    return SCAN_ENOMEM;
  if (reg->open (path, j->root_len, &hive) < 0)
    {
      free (path);
      return 0; /* the check after says whether the one found is gone */
    }
  free (path);
  if (reg->subkeys (hive, "", &sets, &n_sets) == 0)
    for (size_t i = 0; rc == 0 && i < n_found; i++)
      {
        /* "ControlSet001\Services\RpcPatch": the service's name after the set's part. */
        const char *key = a->changes[i].key;
        const char *rest = strchr (key, '\\');
        if (a->changes[i].name || !rest)
          continue;
        for (size_t k = 0; rc == 0 && k < n_sets; k++)
          {
            char other[1200];
            scan_reg_value *values = NULL;
            size_t n = 0;
            if (strlen (sets[k]) != 13 || !scan__eq_nocase (sets[k], 10, "ControlSet", 10)
                || scan__eq_nocase (sets[k], 13, key, (size_t) (rest - key)))
              continue;
            if (snprintf (other, sizeof other, "%s%s", sets[k], rest) >= (int) sizeof other)
              continue;
            if (reg->values (hive, other, &values, &n) == 0)
              {
                char where[1300];
                snprintf (where, sizeof where, "HKEY_LOCAL_MACHINE\\SYSTEM\\%s", other);
                rc = add_change (a, other, NULL, where);
              }
            scan_reg_values_free (values, n);
          }
      }
  scan_reg_names_free (sets, n_sets);
  reg->close (hive);
  return rc;
}

/* The hive file's name as that Windows names it: C:\ and the path below the volume's root. */
static char *
hive_windows_location (const char *rel, char sep)
{
  char *out = join ("C:\\", '\\', rel);
  for (char *p = out ? out + 3 : NULL; p && *p; p++)
    if (*p == sep)
      *p = '\\';
  return out;
}

/* The item for finding F (index I) into *ITEM; false when it is not this removal's to take. */
static int
make_item (const job *j, const scan_finding *f, size_t i, plan_item *item, bool *take)
{
  const scan_removal *r = j->r;
  char sep = j->o->separator;
  *take = false;
  memset (item, 0, sizeof *item);
  item->finding = i;
  const char *path = f->location;
  if (!r->live)
    {
      if (f->kind == SCAN_FINDING_PROCESS)
        return 0; /* nothing runs on an attached disk */
      const char *file = f->kind == SCAN_FINDING_FILE ? f->location : f->hive;
      if (!file || strlen (file) <= j->root_len || memcmp (file, r->root, j->root_len) != 0)
        return 0; /* not below the root: not this disk's to change */
      path = file + j->root_len;
      while (*path == sep)
        path++;
    }
  /* Live: the programs first (they would put back what is taken out while they run), then
   * services, Run values, files (passes 0 to 3). An attached disk: files, then the hives. */
  switch (f->kind)
    {
    case SCAN_FINDING_PROCESS:
      *item = (plan_item) { 0, SCAN_ACTION_PROCESS, scan__strdup (path), NULL, i };
      break;
    case SCAN_FINDING_FILE:
      *item = (plan_item) { r->live ? 3 : 1, SCAN_ACTION_FILE, scan__strdup (path), NULL, i };
      break;
    case SCAN_FINDING_SERVICE:
      *item = r->live ? (plan_item) { 1, SCAN_ACTION_SERVICE, scan__strdup (f->name), NULL, i }
                      : (plan_item) { 3, SCAN_ACTION_HIVE, scan__strdup (path), NULL, i };
      break;
    case SCAN_FINDING_REGISTRY:
      if (r->live)
        {
          size_t size = strlen (f->hive) + strlen (f->key) + 2;
          item->path = malloc (size);
          if (item->path)
            snprintf (item->path, size, "%s\\%s", f->hive, f->key);
          item->pass = 2;
          item->kind = SCAN_ACTION_VALUE;
          item->name = f->name;
        }
      else
        *item = (plan_item) { 3, SCAN_ACTION_HIVE, scan__strdup (path), NULL, i };
      break;
    default:
      return 0;
    }
  *take = true;
  return item->path ? 0 : SCAN_ENOMEM;
}

static int
plan (job *j, const scan_report *report)
{
  const scan_remove_options *o = j->o;
  scan_removal *r = j->r;
  plan_item *items = NULL;
  size_t n_items = 0;
  int rc = 0;

  for (size_t i = 0; rc == 0 && i < report->n_findings; i++)
    {
      const scan_finding *f = &report->findings[i];
      bool asked = false, take;
      for (size_t k = 0; k < o->n_also; k++)
        asked = asked || o->also[k] == i;
      if (!(scan_remove_takes (f) || (asked && scan_remove_can_take (f))))
        continue;
      plan_item item;
      rc = make_item (j, f, i, &item, &take);
      if (rc == 0 && take && scan__grow ((void **) &items, n_items, sizeof *items) < 0)
        rc = SCAN_ENOMEM;
      if (rc == 0 && take)
        items[n_items++] = item;
      else
        free (item.path);
    }
  if (n_items)
    qsort (items, n_items, sizeof *items, compare_items);
  if (rc == 0 && n_items)
    {
      r->actions = calloc (n_items, sizeof *r->actions);
      rc = r->actions ? 0 : SCAN_ENOMEM;
    }
  for (size_t i = 0; rc == 0 && i < n_items; i++)
    {
      const plan_item *it = &items[i];
      const scan_finding *f = &report->findings[it->finding];
      scan_action *a = r->n_actions ? &r->actions[r->n_actions - 1] : NULL;
      if (!a || compare_items (it, &items[i - 1]) != 0)
        {
          a = &r->actions[r->n_actions++];
          a->kind = it->kind;
          a->path = scan__strdup (it->path);
          a->name = it->name ? scan__strdup (it->name) : NULL;
          a->windows_location
            = a->kind == SCAN_ACTION_HIVE ? hive_windows_location (a->path, o->separator)
              : f->windows_location       ? scan__strdup (f->windows_location)
                                          : NULL;
          if (!a->path || (it->name && !a->name)
              || (!a->windows_location && (a->kind == SCAN_ACTION_HIVE || f->windows_location)))
            rc = SCAN_ENOMEM;
        }
      if (rc == 0 && a->kind == SCAN_ACTION_HIVE)
        {
          if (f->kind == SCAN_FINDING_SERVICE)
            {
              size_t size = strlen (f->key) + strlen (f->name) + 2;
              char *key = malloc (size);
              if (key)
                snprintf (key, size, "%s\\%s", f->key, f->name);
              rc = key ? add_change (a, key, NULL, f->windows_location) : SCAN_ENOMEM;
              free (key);
            }
          else
            rc = add_change (a, f->key, f->name, f->windows_location);
        }
      if (rc == 0)
        rc = add_finding_index (a, it->finding);
    }
  for (size_t i = 0; i < n_items; i++)
    free (items[i].path);
  free (items);
  for (size_t i = 0; rc == 0 && i < r->n_actions; i++)
    {
      scan_action *a = &r->actions[i];
      if (a->kind != SCAN_ACTION_HIVE)
        continue;
      unique_changes (a);
      rc = plan_control_sets (j, a);
      unique_changes (a);
    }
  /* The quarantine's names, now that the order is known. */
  char sep = o->separator;
  for (size_t i = 0; rc == 0 && i < r->n_actions; i++)
    {
      scan_action *a = &r->actions[i];
      if (a->kind == SCAN_ACTION_FILE)
        rc = (a->quarantined = quarantine_name (i + 1, a->path, sep, ".quarantined")) ? 0 : SCAN_ENOMEM;
      else if (a->kind == SCAN_ACTION_HIVE)
        rc = (a->quarantined = quarantine_name (i + 1, a->path, sep, ".original"))
                 && (a->edited = quarantine_name (i + 1, a->path, sep, ".edited"))
               ? 0
               : SCAN_ENOMEM;
    }
  return rc;
}

/* The quarantine's folder: ROOT/BlasterCheck-Quarantine/<time>, a new one ("-2"… when two
 * removals start in the same second). */
static int
make_quarantine (job *j, const char *now)
{
  const scan_remove_ops *ops = j->o->ops;
  char sep = j->o->separator;
  char stamp[32];
  size_t n = 0;
  /* "2026-12-07T23:59:00Z" → "20261207-235900" */
  for (const char *p = now; *p && n < 15; p++)
    if (*p >= '0' && *p <= '9')
      {
        stamp[n++] = *p;
        if (n == 8)
          stamp[n++] = '-';
      }
  stamp[n] = '\0';
  char *top = join (j->r->root, sep, SCAN_QUARANTINE_FOLDER);
  if (!top)
    return SCAN_ENOMEM;
  int rc = ops->make_folder (top, j->root_len);
  if (rc == SCAN_EEXIST)
    rc = 0;
  for (unsigned k = 1; rc == 0 && k < 100; k++)
    {
      char name[48];
      if (k == 1)
        snprintf (name, sizeof name, "%s", stamp);
      else
        snprintf (name, sizeof name, "%s-%u", stamp, k);
      char *folder = join (top, sep, name);
      if (!folder)
        {
          rc = SCAN_ENOMEM;
          break;
        }
      rc = ops->make_folder (folder, j->root_len);
      if (rc == 0)
        {
          j->r->quarantine = folder;
          break;
        }
      free (folder);
      if (rc == SCAN_EEXIST)
        rc = 0;
    }
  free (top);
  if (rc == 0 && !j->r->quarantine)
    rc = SCAN_EEXIST;
  return rc;
}

/* Carrying out, one action. */

static int
exists (const job *j, const char *path)
{
  return j->o->ops->exists (path, j->root_len);
}

/* A file into the quarantine. */
static int
do_file (job *j, scan_action *a, scan_step_state upto)
{
  const scan_remove_ops *ops = j->o->ops;
  char *orig = original_path (j, a), *q = in_quarantine (j, a->quarantined);
  int rc = orig && q ? 0 : SCAN_ENOMEM;

  if (rc == 0 && a->state == SCAN_STEP_PLANNED)
    {
      rc = ops->file_facts (orig, j->root_len, &a->before);
      a->checked = rc == 0;
      if (rc < 0 && rc != SCAN_ENOMEM)
        rc = settle (j, a, SCAN_STEP_FAILED, rc);
      else if (rc == 0)
        rc = settle (j, a, SCAN_STEP_STARTED, 0);
    }
  if (rc == 0 && a->state == SCAN_STEP_STARTED && upto == SCAN_STEP_DONE)
    {
      int at_orig = exists (j, orig), at_q = exists (j, q);
      if (at_orig < 0 || at_q < 0)
        rc = settle (j, a, SCAN_STEP_FAILED, at_orig < 0 ? at_orig : at_q);
      else if (!at_orig && at_q)
        rc = settle (j, a, SCAN_STEP_DONE, 0); /* moved just before a crash */
      else if (at_orig && at_q)
        rc = settle (j, a, SCAN_STEP_FAILED, SCAN_EEXIST);
      else if (!at_orig)
        rc = settle (j, a, SCAN_STEP_FAILED, SCAN_EVANISHED);
      else
        {
          /* After a crash the file at the place may not be the one whose facts were written:
           * what is moved is what the manifest must name. */
          scan_file_facts now = a->before;
          rc = a->checked ? 0 : ops->file_facts (orig, j->root_len, &now);
          if (rc == 0 && strcmp (now.sha256, a->before.sha256) != 0)
            {
              a->before = now;
              rc = journal (j);
            }
          if (rc == 0)
            {
              rc = ops->move (orig, q, j->root_len);
              if (rc == 0)
                rc = checkpoint (j);
              if (rc == 0)
                rc = settle (j, a, SCAN_STEP_DONE, 0);
              else if (rc != j->stop && rc != SCAN_ENOMEM)
                rc = settle (j, a,
                             rc == SCAN_EOTHERVOLUME ? SCAN_STEP_REFUSED : SCAN_STEP_FAILED, rc);
            }
          else if (rc != j->stop && rc != SCAN_ENOMEM)
            rc = settle (j, a, SCAN_STEP_FAILED, rc);
        }
    }
  free (orig);
  free (q);
  return rc;
}

/* Removes the edited copy of a hive if it is there (a half-made one after a crash or a full
 * disk): the program's own file, never the person's. */
static int
drop_copy (job *j, const char *copy)
{
  int there = exists (j, copy);
  if (there < 0)
    return there;
  return there ? j->o->ops->remove_own (copy, j->root_len) : 0;
}

/* An attached disk's hive: edited into a new copy in the quarantine (committed, flushed; the
 * hive's facts and hash taken from the bytes that were edited); the original into the
 * quarantine; the copy into its place. */
static int
do_hive (job *j, scan_action *a, scan_step_state upto)
{
  const scan_remove_ops *ops = j->o->ops;
  char *hive = original_path (j, a), *orig = in_quarantine (j, a->quarantined),
       *copy = in_quarantine (j, a->edited);
  int rc = hive && orig && copy ? 0 : SCAN_ENOMEM;

  if (rc == 0 && !(ops->hive_state && ops->hive_edit_copy))
    rc = settle (j, a, SCAN_STEP_REFUSED, SCAN_EUNSUPPORTED); /* no hive writer here */
  else if (rc == 0 && a->state == SCAN_STEP_PLANNED)
    {
      /* Nothing is kept at "started": the hive's facts and hash are taken as it is read for
       * the edit, and written with "edited", before anything on the disk changes. */
      rc = ops->hive_state (hive, j->root_len);
      a->checked = rc == 0;
      if (rc == SCAN_EHIVEDIRTY)
        rc = settle (j, a, SCAN_STEP_REFUSED, rc);
      else if (rc < 0 && rc != SCAN_ENOMEM)
        rc = settle (j, a, SCAN_STEP_FAILED, rc);
      else if (rc == 0)
        rc = settle (j, a, SCAN_STEP_STARTED, 0);
    }
  if (rc == 0 && a->state == SCAN_STEP_STARTED && upto != SCAN_STEP_STARTED)
    {
      /* Again when finishing after a crash: Windows may have run in between, so the hive may
       * be dirty now. */
      rc = a->checked ? 0 : ops->hive_state (hive, j->root_len);
      if (rc < 0)
        {
          if (rc != SCAN_ENOMEM && rc != j->stop)
            rc = settle (j, a, rc == SCAN_EHIVEDIRTY ? SCAN_STEP_REFUSED : SCAN_STEP_FAILED, rc);
          goto out;
        }
      scan_hive_change *changes = calloc (a->n_changes, sizeof *changes);
      rc = changes ? drop_copy (j, copy) : SCAN_ENOMEM;
      for (size_t i = 0; changes && i < a->n_changes; i++)
        changes[i] = (scan_hive_change) { a->changes[i].key, a->changes[i].name };
      scan_file_facts before;
      if (rc == 0)
        rc = ops->hive_edit_copy (hive, copy, j->root_len, changes, a->n_changes, &before,
                                  a->after_sha256);
      free (changes);
      if (rc == 0)
        {
          a->before = before;
          rc = settle (j, a, SCAN_STEP_EDITED, 0);
        }
      else if (rc != SCAN_ENOMEM)
        {
          int dropped = drop_copy (j, copy);
          rc = settle (j, a, SCAN_STEP_FAILED, rc);
          if (rc == 0 && dropped < 0)
            rc = dropped;
        }
    }
  if (rc == 0 && a->state == SCAN_STEP_EDITED && upto == SCAN_STEP_DONE)
    {
      int at_hive = exists (j, hive), at_orig = exists (j, orig), at_copy = exists (j, copy);
      if (at_hive < 0 || at_orig < 0 || at_copy < 0)
        rc = settle (j, a, SCAN_STEP_FAILED, at_hive < 0 ? at_hive : at_orig < 0 ? at_orig : at_copy);
      else if (at_hive && !at_orig && at_copy)
        {
          rc = ops->move (hive, orig, j->root_len);
          if (rc == 0)
            rc = checkpoint (j);
          if (rc == 0)
            at_hive = 0, at_orig = 1;
          else if (rc != j->stop)
            {
              drop_copy (j, copy);
              rc = settle (j, a, SCAN_STEP_FAILED, rc);
            }
        }
      if (rc == 0 && a->state == SCAN_STEP_EDITED)
        {
          if (!at_hive && at_orig && at_copy)
            {
              rc = ops->move (copy, hive, j->root_len);
              if (rc == 0)
                rc = checkpoint (j);
              if (rc == 0)
                rc = settle (j, a, SCAN_STEP_DONE, 0);
              else if (rc != j->stop)
                {
                  /* The original goes back where it was: the hive is as before, and the step
                   * failed. If even that fails, the step stays "edited" (the original in the
                   * quarantine, the copy beside it) and the removal stops: the next removal
                   * or undo finds the two and finishes the one or the other. */
                  int back = ops->move (orig, hive, j->root_len);
                  if (back == 0)
                    {
                      drop_copy (j, copy);
                      rc = settle (j, a, SCAN_STEP_FAILED, rc);
                    }
                }
            }
          else if (at_hive && at_orig && !at_copy)
            rc = settle (j, a, SCAN_STEP_DONE, 0); /* swapped just before a crash */
          else if (at_hive && !at_orig)
            {
              drop_copy (j, copy); /* never swapped: the hive is the original, untouched */
              rc = settle (j, a, SCAN_STEP_FAILED, SCAN_EVANISHED);
            }
          else
            rc = SCAN_EVANISHED; /* neither the hive nor its original where they should be:
                                    nothing is touched, and the manifest keeps what it knows */
        }
    }
out:
  free (hive);
  free (orig);
  free (copy);
  return rc;
}

/* After an action's change (RC: its result): done, or failed with why; a stop (a crash, in a
 * test) and a lack of memory pass through, with nothing written. */
static int
finish_step (job *j, scan_action *a, int rc)
{
  if (rc == 0)
    rc = checkpoint (j);
  if (rc == 0)
    return settle (j, a, SCAN_STEP_DONE, 0);
  return rc == j->stop || rc == SCAN_ENOMEM ? rc : settle (j, a, SCAN_STEP_FAILED, rc);
}

/* Live: a registry value or a service, kept in the manifest, then deleted. */
static int
do_saved (job *j, scan_action *a, scan_step_state upto)
{
  const scan_remove_ops *ops = j->o->ops;
  bool value = a->kind == SCAN_ACTION_VALUE;
  int rc = 0;

  if (value ? !ops->value_save : !ops->service_save)
    return settle (j, a, SCAN_STEP_REFUSED, SCAN_EUNSUPPORTED);
  if (a->state == SCAN_STEP_PLANNED)
    {
      rc = value ? ops->value_save (a->path, a->name, &a->saved)
                 : ops->service_save (a->path, &a->saved);
      if (rc == SCAN_ENOENT)
        return settle (j, a, SCAN_STEP_DONE, 0); /* gone already: nothing to put back */
      if (rc < 0)
        return rc == SCAN_ENOMEM ? rc : settle (j, a, SCAN_STEP_FAILED, rc);
      if ((rc = settle (j, a, SCAN_STEP_STARTED, 0)) < 0)
        return rc;
    }
  if (a->state == SCAN_STEP_STARTED && upto == SCAN_STEP_DONE)
    {
      rc = value ? ops->value_delete (a->path, a->name) : ops->service_delete (a->path);
      rc = finish_step (j, a, rc == SCAN_ENOENT ? 0 : rc); /* gone already: done */
    }
  return rc;
}

/* Live: a running program ended. */
static int
do_process (job *j, scan_action *a, scan_step_state upto)
{
  const scan_remove_ops *ops = j->o->ops;
  int rc = 0;
  if (!ops->end_process)
    return settle (j, a, SCAN_STEP_REFUSED, SCAN_EUNSUPPORTED);
  if (a->state == SCAN_STEP_PLANNED && (rc = settle (j, a, SCAN_STEP_STARTED, 0)) < 0)
    return rc;
  if (a->state == SCAN_STEP_STARTED && upto == SCAN_STEP_DONE)
    rc = finish_step (j, a, ops->end_process (a->path, &a->ended));
  return rc;
}

/* One action, as far as UPTO (started, edited, done). */
static int
do_action (job *j, scan_action *a, scan_step_state upto)
{
  switch (a->kind)
    {
    case SCAN_ACTION_FILE:
      return do_file (j, a, upto);
    case SCAN_ACTION_HIVE:
      return do_hive (j, a, upto);
    case SCAN_ACTION_VALUE:
    case SCAN_ACTION_SERVICE:
      return do_saved (j, a, upto);
    case SCAN_ACTION_PROCESS:
    default:
      return do_process (j, a, upto);
    }
}

/*
 * Three phases, each ended by one write of the manifest: every action gets what undoing it
 * needs (its file's facts and hash, a live value's contents: "started"); every hive's copy is
 * made and edited ("edited", with the copy's hash); then the changes to the person's disk or
 * system, in the plan's order. Only the last phase changes anything that is not the removal's
 * own, and it starts with all of it on the disk.
 */
static int
carry_out (job *j)
{
  static const scan_step_state phases[] = { SCAN_STEP_STARTED, SCAN_STEP_EDITED, SCAN_STEP_DONE };
  scan_removal *r = j->r;
  int rc = 0;
  for (size_t p = 0; rc == 0 && p < sizeof phases / sizeof *phases; p++)
    {
      for (size_t i = 0; rc == 0 && i < r->n_actions; i++)
        {
          scan_action *a = &r->actions[i];
          if (a->state != SCAN_STEP_PLANNED && a->state != SCAN_STEP_STARTED
              && a->state != SCAN_STEP_EDITED)
            continue;
          if (j->o->cancel && j->o->cancel (j->o->user))
            {
              rc = SCAN_ECANCELED;
              break;
            }
          if (j->o->progress && phases[p] == SCAN_STEP_DONE)
            j->o->progress (j->o->user, a, i, r->n_actions);
          rc = do_action (j, a, phases[p]);
        }
      if (rc == 0)
        rc = flush (j);
    }
  if (j->stop)
    return j->stop;
  /* Cancelled: what is not done stays as it is (planned, or started with nothing changed by
   * it); a later removal plans afresh from a new check. */
  r->state = SCAN_REMOVAL_REMOVED;
  int written = journal (j);
  return rc < 0 ? rc : written;
}

static void
job_init (job *j, const scan_remove_options *o, scan_removal *r)
{
  memset (j, 0, sizeof *j);
  j->o = o;
  j->r = r;
  j->root_len = r->live ? 0 : scan__root_length (r->root, o->separator);
}

int
scan_remove_run (const scan_remove_options *o, const scan_report *report, const char *root,
                 const char *now, scan_removal *out)
{
  job j;
  memset (out, 0, sizeof *out);
  out->live = report->target_kind == SCAN_TARGET_LIVE;
  out->root = scan__strdup (root);
  out->created = scan__strdup (now);
  if (!out->root || !out->created)
    return SCAN_ENOMEM;
  job_init (&j, o, out);

  int rc = plan (&j, report);
  if (rc < 0)
    return rc;
  if (out->n_actions == 0)
    return SCAN_ENOENT;
  if (out->live && o->ops->is_admin && (rc = o->ops->is_admin ()) < 0)
    return rc;
  if ((rc = o->ops->writable (root)) < 0)
    return rc;
  if ((rc = make_quarantine (&j, now)) < 0)
    return rc;
  /* The plan is on the disk before anything is changed. */
  if ((rc = journal (&j)) < 0)
    return rc;
  return carry_out (&j);
}

/* Reading a removal back, and finishing it. */

int
scan_removal_load (const scan_remove_ops *ops, const char *quarantine, char separator,
                   scan_removal *out)
{
  memset (out, 0, sizeof *out);
  size_t len = scan__root_length (quarantine, separator);
  char *folder = scan__strndup (quarantine, len);
  char *manifest = folder ? join (folder, separator, SCAN_MANIFEST_NAME) : NULL;
  char *text = NULL;
  size_t text_len = 0;
  int rc = manifest ? 0 : SCAN_ENOMEM;

  /* The disk's root is the folder above BlasterCheck-Quarantine, wherever it is mounted now. */
  char *root = NULL;
  if (rc == 0)
    {
      char *cut = strrchr (folder, separator);
      char *parent = cut && cut > folder ? scan__strndup (folder, (size_t) (cut - folder)) : NULL;
      char *up = parent ? strrchr (parent, separator) : NULL;
      const char *parent_name = up ? up + 1 : parent;
      if (parent && scan__eq_nocase (parent_name, strlen (parent_name), SCAN_QUARANTINE_FOLDER,
                                     strlen (SCAN_QUARANTINE_FOLDER)))
        {
          size_t root_len = (size_t) (parent_name - parent);
          if (root_len > 1 && !(root_len == 3 && parent[1] == ':'))
            root_len--; /* the separator before the quarantine's folder */
          root = root_len ? scan__strndup (parent, root_len) : scan__strdup ("/");
        }
      free (parent);
      if (!root)
        rc = SCAN_EMANIFEST; /* not in a quarantine's folder: not one this program made */
    }
  if (rc == 0)
    rc = ops->read_whole (manifest, scan__root_length (root, separator), SCAN_MANIFEST_MAX,
                          &text, &text_len);
  if (rc == SCAN_ETOOBIG)
    rc = SCAN_EMANIFEST;
  if (rc == 0)
    rc = scan__manifest_read (text, text_len, separator, out);
  if (rc == 0 && out->live && ops->trusted)
    rc = ops->trusted (folder); /* a manifest anyone could have written is none of ours */
  if (rc == 0 && out->live)
    {
      /* A live removal's root is its quarantine's drive; its paths are full. */
      free (root);
      root = scan__strdup ("");
      rc = root ? 0 : SCAN_ENOMEM;
    }
  if (rc == 0)
    {
      out->root = root;
      out->quarantine = folder;
      root = folder = NULL;
    }
  else
    scan_removal_clear (out);
  free (root);
  free (folder);
  free (manifest);
  free (text);
  return rc;
}

int
scan_remove_unfinished (const scan_remove_ops *ops, const char *root, char separator,
                        char ***paths, size_t *n)
{
  *paths = NULL;
  *n = 0;
  char *top = join (root, separator, SCAN_QUARANTINE_FOLDER);
  char **names = NULL;
  size_t n_names = 0;
  int rc = top ? ops->list_folder (top, scan__root_length (root, separator), &names, &n_names)
               : SCAN_ENOMEM;
  if (rc == SCAN_ENOENT)
    rc = 0;
  /* Oldest first: the folders are named by their time (list_folder gives them sorted). */
  for (size_t i = 0; rc == 0 && i < n_names; i++)
    {
      char *folder = join (top, separator, names[i]);
      scan_removal r;
      if (!folder)
        {
          rc = SCAN_ENOMEM;
          break;
        }
      if (scan_removal_load (ops, folder, separator, &r) == 0
          && (r.state == SCAN_REMOVAL_REMOVING || r.state == SCAN_REMOVAL_UNDOING))
        {
          if (scan__grow ((void **) paths, *n, sizeof **paths) < 0)
            rc = SCAN_ENOMEM;
          else
            {
              (*paths)[(*n)++] = folder;
              folder = NULL;
            }
        }
      scan_removal_clear (&r);
      free (folder);
    }
  for (size_t i = 0; i < n_names; i++)
    free (names[i]);
  free (names);
  free (top);
  if (rc < 0)
    {
      for (size_t i = 0; i < *n; i++)
        free ((*paths)[i]);
      free (*paths);
      *paths = NULL;
      *n = 0;
    }
  return rc;
}

int
scan_remove_finish_unfinished (const scan_remove_options *o, const char *root,
                               void (*each) (void *user, const char *quarantine, bool undoing,
                                             int rc),
                               void *user)
{
  char **paths = NULL;
  size_t n = 0;
  int rc = scan_remove_unfinished (o->ops, root, o->separator, &paths, &n);
  if (rc < 0)
    return rc;
  for (size_t i = 0; i < n; i++)
    {
      scan_removal r;
      int done = scan_removal_load (o->ops, paths[i], o->separator, &r);
      bool undoing = done == 0 && r.state == SCAN_REMOVAL_UNDOING;
      if (done == 0)
        done = scan_remove_resume (o, &r);
      if (each)
        each (user, paths[i], undoing, done);
      scan_removal_clear (&r);
      free (paths[i]);
    }
  free (paths);
  return (int) (n < 10000 ? n : 10000);
}

int
scan_remove_resume (const scan_remove_options *o, scan_removal *r)
{
  job j;
  if (r->state == SCAN_REMOVAL_UNDOING)
    {
      int rc = scan_remove_undo (o, r);
      return rc < 0 ? rc : 0;
    }
  if (r->state != SCAN_REMOVAL_REMOVING)
    return 0;
  job_init (&j, o, r);
  return carry_out (&j);
}

/* Undo. */

/* The file of A back from the quarantine, its hash checked before and after. */
static int
undo_file (job *j, scan_action *a)
{
  const scan_remove_ops *ops = j->o->ops;
  char *orig = original_path (j, a), *q = in_quarantine (j, a->quarantined);
  int rc = orig && q ? 0 : SCAN_ENOMEM;
  if (rc < 0)
    goto out;
  int at_orig = exists (j, orig), at_q = exists (j, q);
  if (at_orig < 0 || at_q < 0)
    rc = settle (j, a, SCAN_STEP_UNDO_REFUSED, at_orig < 0 ? at_orig : at_q);
  else if (at_orig && !at_q)
    {
      /* Never moved (cut short before), or moved back by an undo cut short before it could
       * say so: either way the file at the place is the one the manifest names, or it is
       * something else that must not be taken for it. */
      scan_file_facts now;
      rc = ops->file_facts (orig, j->root_len, &now);
      if (rc == 0)
        rc = settle (j, a, strcmp (now.sha256, a->before.sha256) == 0 ? SCAN_STEP_UNDONE
                                                                      : SCAN_STEP_UNDO_REFUSED,
                     strcmp (now.sha256, a->before.sha256) == 0 ? 0 : SCAN_EEXIST);
      else if (rc != SCAN_ENOMEM)
        rc = settle (j, a, SCAN_STEP_UNDO_REFUSED, rc);
    }
  else if (at_orig)
    rc = settle (j, a, SCAN_STEP_UNDO_REFUSED, SCAN_EEXIST);
  else if (!at_q)
    rc = settle (j, a, SCAN_STEP_UNDO_REFUSED, SCAN_ENOENT);
  else
    {
      scan_file_facts now;
      rc = ops->file_facts (q, j->root_len, &now);
      if (rc == 0 && strcmp (now.sha256, a->before.sha256) != 0)
        rc = settle (j, a, SCAN_STEP_UNDO_REFUSED, SCAN_ECHANGED);
      else if (rc == 0)
        {
          rc = ops->move (q, orig, j->root_len);
          if (rc == 0)
            rc = checkpoint (j);
          if (rc == 0)
            rc = settle (j, a, SCAN_STEP_UNDONE, 0);
          else if (rc != j->stop && rc != SCAN_ENOMEM)
            rc = settle (j, a, SCAN_STEP_UNDO_REFUSED, rc);
        }
      else if (rc != SCAN_ENOMEM)
        rc = settle (j, a, SCAN_STEP_UNDO_REFUSED, rc);
    }
out:
  free (orig);
  free (q);
  return rc;
}

/* The hive of A back: the edited one goes into the quarantine (under its ".edited" name), the
 * original comes back; only when the hive is still as the removal left it. */
static int
undo_hive (job *j, scan_action *a)
{
  const scan_remove_ops *ops = j->o->ops;
  char *hive = original_path (j, a), *orig = in_quarantine (j, a->quarantined),
       *copy = in_quarantine (j, a->edited);
  int rc = hive && orig && copy ? 0 : SCAN_ENOMEM;
  if (rc < 0)
    goto out;
  int kept = exists (j, orig);
  if ((a->state == SCAN_STEP_STARTED || a->state == SCAN_STEP_FAILED) && kept == 0)
    {
      /* The hive itself was never swapped: only a half-made copy may be left. */
      rc = drop_copy (j, copy);
      if (rc == 0)
        rc = settle (j, a, SCAN_STEP_UNDONE, 0);
      goto out;
    }
  int at_hive = exists (j, hive), at_orig = exists (j, orig), at_copy = exists (j, copy);
  if (at_hive < 0 || at_orig < 0 || at_copy < 0)
    rc = settle (j, a, SCAN_STEP_UNDO_REFUSED, at_hive < 0 ? at_hive : at_orig < 0 ? at_orig : at_copy);
  else if (at_hive && !at_orig)
    {
      /* The swap never began, or an undo cut short already put the original back: the hive
       * at the place is the original then (an edited copy left in the quarantine stays there,
       * kept). Anything else has changed since, and there is no original left to put back. */
      scan_file_facts now;
      rc = ops->file_facts (hive, j->root_len, &now);
      bool original = rc == 0 && strcmp (now.sha256, a->before.sha256) == 0;
      if (rc == 0)
        rc = settle (j, a, original ? SCAN_STEP_UNDONE : SCAN_STEP_UNDO_REFUSED,
                     original ? 0 : SCAN_ECHANGED);
      else if (rc != SCAN_ENOMEM)
        rc = settle (j, a, SCAN_STEP_UNDO_REFUSED, rc);
    }
  else if (!at_orig)
    rc = settle (j, a, SCAN_STEP_UNDO_REFUSED, SCAN_ENOENT);
  else
    {
      scan_file_facts now;
      rc = 0;
      if (at_hive)
        {
          /* Swapped: the hive must still be the edited copy, not one Windows has written since. */
          rc = ops->file_facts (hive, j->root_len, &now);
          if (rc == 0 && strcmp (now.sha256, a->after_sha256) != 0)
            rc = SCAN_ECHANGED;
          else if (rc == 0 && at_copy)
            rc = SCAN_EEXIST;
          else if (rc == 0)
            rc = ops->move (hive, copy, j->root_len);
          if (rc == 0)
            rc = checkpoint (j);
        }
      if (rc == 0)
        rc = ops->file_facts (orig, j->root_len, &now);
      if (rc == 0 && strcmp (now.sha256, a->before.sha256) != 0)
        rc = SCAN_ECHANGED;
      if (rc == 0)
        rc = ops->move (orig, hive, j->root_len);
      if (rc == 0)
        rc = checkpoint (j);
      if (rc == 0)
        rc = settle (j, a, SCAN_STEP_UNDONE, 0);
      else if (rc != j->stop && rc != SCAN_ENOMEM)
        rc = settle (j, a, SCAN_STEP_UNDO_REFUSED, rc);
    }
out:
  free (hive);
  free (orig);
  free (copy);
  return rc;
}

static int
undo_saved (job *j, scan_action *a)
{
  const scan_remove_ops *ops = j->o->ops;
  bool value = a->kind == SCAN_ACTION_VALUE;
  if (!a->saved)
    return settle (j, a, SCAN_STEP_UNDONE, 0); /* it was gone already */
  if (value ? !ops->value_restore : !ops->service_restore)
    return settle (j, a, SCAN_STEP_UNDO_REFUSED, SCAN_EUNSUPPORTED);
  int rc = value ? ops->value_restore (a->path, a->name, a->saved)
                 : ops->service_restore (a->path, a->saved);
  if (rc == SCAN_EEXIST)
    {
      /* Cut short before it was deleted, or put back by an undo cut short before it could say
       * so: what is there now is what the manifest keeps. Anything else is not ours. */
      char *now = NULL;
      int saved = value ? ops->value_save (a->path, a->name, &now) : ops->service_save (a->path, &now);
      if (saved == 0 && strcmp (now, a->saved) == 0)
        rc = 0;
      else if (saved == SCAN_ENOMEM)
        rc = saved;
      free (now);
    }
  if (rc == 0)
    rc = checkpoint (j);
  if (rc == 0)
    return settle (j, a, SCAN_STEP_UNDONE, 0);
  return rc == j->stop || rc == SCAN_ENOMEM ? rc : settle (j, a, SCAN_STEP_UNDO_REFUSED, rc);
}

int
scan_remove_undo (const scan_remove_options *o, scan_removal *r)
{
  job j;
  job_init (&j, o, r);
  r->state = SCAN_REMOVAL_UNDOING;
  int rc = journal (&j);
  bool refused = false;
  for (size_t i = r->n_actions; rc == 0 && i-- > 0;)
    {
      scan_action *a = &r->actions[i];
      if (o->progress)
        o->progress (o->user, a, r->n_actions - 1 - i, r->n_actions);
      bool begun = a->state == SCAN_STEP_STARTED || a->state == SCAN_STEP_EDITED
                   || a->state == SCAN_STEP_DONE || a->state == SCAN_STEP_UNDO_REFUSED;
      if ((a->kind == SCAN_ACTION_HIVE || a->kind == SCAN_ACTION_FILE)
          && a->state == SCAN_STEP_FAILED && a->before.sha256[0])
        begun = true; /* a half-made copy may be left, or a move that failed only in its
                       * flush may have happened: the disk says */
      if (!begun || a->kind == SCAN_ACTION_PROCESS)
        continue; /* nothing changed, or an ended program: nothing to put back */
      if (a->state == SCAN_STEP_UNDO_REFUSED)
        a->state = SCAN_STEP_DONE; /* asked again: try again */
      switch (a->kind)
        {
        case SCAN_ACTION_FILE:
          rc = undo_file (&j, a);
          break;
        case SCAN_ACTION_HIVE:
          rc = undo_hive (&j, a);
          break;
        default:
          rc = undo_saved (&j, a);
          break;
        }
      refused = refused || a->state == SCAN_STEP_UNDO_REFUSED;
    }
  if (rc < 0)
    return rc;
  r->state = SCAN_REMOVAL_UNDONE;
  rc = journal (&j);
  return rc < 0 ? rc : refused ? 1 : 0;
}

/* The check after. */

int
scan_remove_check_after (const scan_remove_options *o, const scan_report *before,
                         const scan_removal *removal, const scan_report *recheck,
                         scan_report *after)
{
  int rc = 0;
  after->target_kind = before->target_kind;
  after->root = before->root ? scan__strdup (before->root) : NULL;
  after->windows_dir = before->windows_dir ? scan__strdup (before->windows_dir) : NULL;
  if ((before->root && !after->root) || (before->windows_dir && !after->windows_dir))
    return SCAN_ENOMEM;
  /* What the fresh check finds is there, whatever the removal says. */
  if (recheck)
    rc = scan_report_take_findings (after, recheck);
  size_t root_len = removal->live ? 0 : scan__root_length (removal->root, o->separator);
  /* Which findings a finished action took out, marked in one pass over the actions. */
  bool *removed = calloc (before->n_findings + 1, sizeof *removed);
  if (!removed)
    return SCAN_ENOMEM;
  for (size_t i = 0; i < removal->n_actions; i++)
    for (size_t k = 0; removal->actions[i].state == SCAN_STEP_DONE && k < removal->actions[i].n_findings; k++)
      if (removal->actions[i].findings[k] < before->n_findings)
        removed[removal->actions[i].findings[k]] = true;
  for (size_t i = 0; rc == 0 && i < before->n_findings; i++)
    {
      const scan_finding *f = &before->findings[i];
      /* A file is looked for at its place, removed or not: the fresh check may not reach every
       * place, and a removal finished before this one may have taken it. What runs (programs,
       * their mutexes, their ports) is what the fresh check saw running: a mutex ends with the
       * program that held it, and no action names it. */
      bool running = f->kind == SCAN_FINDING_PROCESS || f->kind == SCAN_FINDING_MUTEX
                     || f->kind == SCAN_FINDING_PORT;
      bool back = f->kind == SCAN_FINDING_FILE ? o->ops->exists (f->location, root_len) != 0
                  : running && recheck       ? false
                                             : !removed[i];
      if (back)
        rc = scan_report_add_registry_finding (after, f->kind, f->severity, f->why, f->indicator,
                                               f->location, f->windows_location, f->windows_user,
                                               f->hive, f->key, f->name);
    }
  free (removed);
  for (size_t i = 0; rc == 0 && i < before->n_errors; i++)
    rc = before->errors[i].whole_check
           ? scan_report_add_check_error (after, before->errors[i].location, before->errors[i].code)
           : scan_report_add_error (after, before->errors[i].location, before->errors[i].code);
  if (rc < 0)
    return rc;
  /* The rest of the verdict is the first check's: the whole volume was walked then, and the
   * registry and the updates are as they were (a removal changes no update). */
  after->quick = before->quick;
  after->cancelled = before->cancelled;
  after->entries = before->entries;
  after->files = before->files;
  after->seconds = before->seconds;
  after->registry_read = before->registry_read;
  after->iis = before->iis;
  after->system_restore = before->system_restore;
  memcpy (after->vuln_reasons, before->vuln_reasons, sizeof after->vuln_reasons);
  after->n_vuln_reasons = before->n_vuln_reasons;
  for (size_t i = 0; rc == 0 && i < before->n_windows; i++)
    rc = scan_report_add_windows (after, &before->windows[i]);
  if (rc == 0 && before->patch_states)
    {
      size_t n_patches;
      scan_rules_patches (before->rules, &n_patches);
      after->patch_states = malloc (n_patches * sizeof *after->patch_states + 1);
      if (!after->patch_states)
        return SCAN_ENOMEM;
      memcpy (after->patch_states, before->patch_states, n_patches * sizeof *after->patch_states);
    }
  if (rc == 0)
    rc = scan_report_decide (after);
  if (rc == 0)
    {
      /* Each Windows's infection part: from what is left of its own findings is not kept apart,
       * so the one verdict stands for each. */
      for (size_t i = 0; i < after->n_windows; i++)
        after->windows[i].infection = after->infection;
      after->vulnerability = before->vulnerability;
    }
  return rc;
}

/* Output. */

static void
json_text (FILE *out, const char *s)
{
  scan__buf b = { 0 };
  if (scan__json_put_string (&b, s) == 0)
    fputs (b.data, out);
  scan__buf_free (&b);
}

int
scan_removal_write_json (const scan_removal *r, int indent, FILE *out)
{
  char sep = r->quarantine && strchr (r->quarantine, '\\') && !strchr (r->quarantine, '/') ? '\\' : '/';
  char *manifest = r->quarantine ? join (r->quarantine, sep, SCAN_MANIFEST_NAME) : NULL;
  fprintf (out, "{\n%*s\"quarantine\": ", indent + 2, "");
  json_text (out, r->quarantine);
  fprintf (out, ",\n%*s\"manifest\": ", indent + 2, "");
  json_text (out, manifest);
  fprintf (out, ",\n%*s\"state\": \"%s\",\n%*s\"actions\": [", indent + 2, "",
           scan_removal_state_name (r->state), indent + 2, "");
  for (size_t i = 0; i < r->n_actions; i++)
    {
      const scan_action *a = &r->actions[i];
      char *path = (a->kind == SCAN_ACTION_FILE || a->kind == SCAN_ACTION_HIVE) && !r->live
                     ? join (r->root, sep, a->path)
                     : NULL;
      fprintf (out, "%s\n%*s{\"what\": \"%s\", \"path\": ", i ? "," : "", indent + 4, "",
               scan_action_kind_name (a->kind));
      json_text (out, path ? path : a->path);
      if (a->name)
        {
          fputs (", \"name\": ", out);
          json_text (out, a->name);
        }
      fputs (", \"windows_location\": ", out);
      json_text (out, a->windows_location);
      fprintf (out, ", \"state\": \"%s\", \"done\": %s, \"error\": ", scan_step_state_name (a->state),
               a->state == SCAN_STEP_DONE ? "true" : "false");
      if (a->error)
        fprintf (out, "\"%s\"", scan_err_name (a->error));
      else
        fputs ("null", out);
      fputs (", \"quarantined\": ", out);
      json_text (out, a->quarantined);
      if (a->kind == SCAN_ACTION_PROCESS)
        fprintf (out, ", \"ended\": %u", a->ended);
      if (a->n_changes)
        {
          fputs (", \"changes\": [", out);
          for (size_t k = 0; k < a->n_changes; k++)
            {
              fputs (k ? ", {\"key\": " : "{\"key\": ", out);
              json_text (out, a->changes[k].key);
              fputs (", \"name\": ", out);
              json_text (out, a->changes[k].name);
              fputs (", \"windows_location\": ", out);
              json_text (out, a->changes[k].windows_location);
              fputs ("}", out);
            }
          fputs ("]", out);
        }
      fputs ("}", out);
      free (path);
    }
  fprintf (out, "%s]\n%*s}", r->n_actions ? "\n" : "", indent, "");
  free (manifest);
  return ferror (out) ? SCAN_EIO : 0;
}

void
scan_removal_clear (scan_removal *r)
{
  for (size_t i = 0; i < r->n_actions; i++)
    scan__action_clear (&r->actions[i]);
  free (r->actions);
  free (r->root);
  free (r->quarantine);
  free (r->created);
  memset (r, 0, sizeof *r);
}

/* What each step does, also where it was not done: where the originals are kept is said once,
 * beside the quarantine's path, not on each line. */
const char *
scan_action_kind_text (scan_action_kind kind)
{
  static const char *const texts[] = {
    N_ ("moved into the quarantine"),
    N_ ("registry file changed"),
    N_ ("registry value deleted"),
    N_ ("service stopped and deleted"),
    N_ ("program ended"),
  };
  return texts[kind];
}

const char *
scan_step_state_text (scan_step_state state)
{
  static const char *const texts[] = {
    N_ ("not begun"), N_ ("begun, not finished"), N_ ("begun, not finished"), N_ ("done"),
    N_ ("could not be done"), N_ ("not done"), N_ ("put back"), N_ ("not put back"),
  };
  return texts[state];
}
