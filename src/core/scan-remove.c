/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The removal (scan-remove.h): what is taken, the journal, carrying it out, finishing after a
 * crash. The plan is made in scan-remove-plan.c, undone in scan-remove-undo.c, checked after and
 * written out in scan-remove-report.c; what they share is in scan-remove-private.h.
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
#include "scan-remove-private.h"

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
char *
scan__remove_join (const char *root, char sep, const char *rel)
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
char *
scan__remove_original_path (const scan__remove_job *j, const scan_action *a)
{
  return j->r->live ? scan__strdup (a->path)
                    : scan__remove_join (j->r->root, j->o->separator, a->path);
}

char *
scan__remove_in_quarantine (const scan__remove_job *j, const char *name)
{
  return scan__remove_join (j->r->quarantine, j->o->separator, name);
}

/* The journal. */

int
scan__remove_checkpoint (scan__remove_job *j)
{
  if (j->stop)
    return j->stop;
  j->points++;
  if (j->o->checkpoint && j->o->checkpoint (j->o->user, j->points) != 0)
    j->stop = SCAN_ECANCELED;
  return j->stop;
}

/* Writes the manifest whole; then a checkpoint. */
int
scan__remove_journal (scan__remove_job *j)
{
  scan__buf b = { 0 };
  if (j->stop)
    return j->stop;
  int rc = scan__manifest_write (j->r, j->o->separator, &b);
  char *path = rc == 0 ? scan__remove_in_quarantine (j, SCAN_MANIFEST_NAME) : NULL;
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
  return scan__remove_checkpoint (j);
}

/* Writes the manifest if a state changed since it was last written. */
static int
flush (scan__remove_job *j)
{
  return j->dirty ? scan__remove_journal (j) : (j->stop ? j->stop : 0);
}

/*
 * Marks A as in STATE (with ERROR). The manifest is written when the removal has done every
 * action's part of a phase (carry_out), not once per action: each write costs two fsyncs, and
 * the write-ahead rule only asks that an action's "started" (with what undoing it needs) and a
 * hive's "edited" (with its copy's hash) are on the disk before the step that changes the
 * person's disk, which the phases guarantee. A crash in between is no harm: every action's next
 * step is decided from the disk as well as from the manifest.
 */
int
scan__remove_settle (scan__remove_job *j, scan_action *a, scan_step_state state, int error)
{
  a->state = state;
  a->error = error;
  j->dirty = true;
  return scan__remove_checkpoint (j);
}

/* The quarantine's folder: ROOT/BlasterCheck-Quarantine/<time>, a new one ("-2"… when two
 * removals start in the same second). */
static int
make_quarantine (scan__remove_job *j, const char *now)
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
  char *top = scan__remove_join (j->r->root, sep, SCAN_QUARANTINE_FOLDER);
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
      char *folder = scan__remove_join (top, sep, name);
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

int
scan__remove_exists (const scan__remove_job *j, const char *path)
{
  return j->o->ops->exists (path, j->root_len);
}

/* A file into the quarantine. */
static int
do_file (scan__remove_job *j, scan_action *a, scan_step_state upto)
{
  const scan_remove_ops *ops = j->o->ops;
  char *orig = scan__remove_original_path (j, a),
       *q = scan__remove_in_quarantine (j, a->quarantined);
  int rc = orig && q ? 0 : SCAN_ENOMEM;

  if (rc == 0 && a->state == SCAN_STEP_PLANNED)
    {
      rc = ops->file_facts (orig, j->root_len, &a->before);
      a->checked = rc == 0;
      if (rc < 0 && rc != SCAN_ENOMEM)
        rc = scan__remove_settle (j, a, SCAN_STEP_FAILED, rc);
      else if (rc == 0)
        rc = scan__remove_settle (j, a, SCAN_STEP_STARTED, 0);
    }
  if (rc == 0 && a->state == SCAN_STEP_STARTED && upto == SCAN_STEP_DONE)
    {
      int at_orig = scan__remove_exists (j, orig), at_q = scan__remove_exists (j, q);
      if (at_orig < 0 || at_q < 0)
        rc = scan__remove_settle (j, a, SCAN_STEP_FAILED, at_orig < 0 ? at_orig : at_q);
      else if (!at_orig && at_q)
        rc = scan__remove_settle (j, a, SCAN_STEP_DONE, 0); /* moved just before a crash */
      else if (at_orig && at_q)
        rc = scan__remove_settle (j, a, SCAN_STEP_FAILED, SCAN_EEXIST);
      else if (!at_orig)
        rc = scan__remove_settle (j, a, SCAN_STEP_FAILED, SCAN_EVANISHED);
      else
        {
          /* After a crash the file at the place may not be the one whose facts were written:
           * what is moved is what the manifest must name. */
          scan_file_facts now = a->before;
          rc = a->checked ? 0 : ops->file_facts (orig, j->root_len, &now);
          if (rc == 0 && strcmp (now.sha256, a->before.sha256) != 0)
            {
              a->before = now;
              rc = scan__remove_journal (j);
            }
          if (rc == 0)
            {
              rc = ops->move (orig, q, j->root_len);
              if (rc == 0)
                rc = scan__remove_checkpoint (j);
              if (rc == 0)
                rc = scan__remove_settle (j, a, SCAN_STEP_DONE, 0);
              else if (rc != j->stop && rc != SCAN_ENOMEM)
                rc = scan__remove_settle (j, a,
                                          rc == SCAN_EOTHERVOLUME ? SCAN_STEP_REFUSED
                                                                  : SCAN_STEP_FAILED,
                                          rc);
            }
          else if (rc != j->stop && rc != SCAN_ENOMEM)
            rc = scan__remove_settle (j, a, SCAN_STEP_FAILED, rc);
        }
    }
  free (orig);
  free (q);
  return rc;
}

/* Removes the edited copy of a hive if it is there (a half-made one after a crash or a full
 * disk): the program's own file, never the person's. */
int
scan__remove_drop_copy (scan__remove_job *j, const char *copy)
{
  int there = scan__remove_exists (j, copy);
  if (there < 0)
    return there;
  return there ? j->o->ops->remove_own (copy, j->root_len) : 0;
}

/* An attached disk's hive: edited into a new copy in the quarantine (committed, flushed; the
 * hive's facts and hash taken from the bytes that were edited); the original into the
 * quarantine; the copy into its place. */
static int
do_hive (scan__remove_job *j, scan_action *a, scan_step_state upto)
{
  const scan_remove_ops *ops = j->o->ops;
  char *hive = scan__remove_original_path (j, a),
       *orig = scan__remove_in_quarantine (j, a->quarantined),
       *copy = scan__remove_in_quarantine (j, a->edited);
  int rc = hive && orig && copy ? 0 : SCAN_ENOMEM;

  if (rc == 0 && !(ops->hive_state && ops->hive_edit_copy))
    rc = scan__remove_settle (j, a, SCAN_STEP_REFUSED, SCAN_EUNSUPPORTED); /* no hive writer here */
  else if (rc == 0 && a->state == SCAN_STEP_PLANNED)
    {
      /* Nothing is kept at "started": the hive's facts and hash are taken as it is read for
       * the edit, and written with "edited", before anything on the disk changes. */
      rc = ops->hive_state (hive, j->root_len);
      a->checked = rc == 0;
      if (rc == SCAN_EHIVEDIRTY)
        rc = scan__remove_settle (j, a, SCAN_STEP_REFUSED, rc);
      else if (rc < 0 && rc != SCAN_ENOMEM)
        rc = scan__remove_settle (j, a, SCAN_STEP_FAILED, rc);
      else if (rc == 0)
        rc = scan__remove_settle (j, a, SCAN_STEP_STARTED, 0);
    }
  if (rc == 0 && a->state == SCAN_STEP_STARTED && upto != SCAN_STEP_STARTED)
    {
      /* Again when finishing after a crash: Windows may have run in between, so the hive may
       * be dirty now. */
      rc = a->checked ? 0 : ops->hive_state (hive, j->root_len);
      if (rc < 0)
        {
          if (rc != SCAN_ENOMEM && rc != j->stop)
            rc = scan__remove_settle (j, a,
                                      rc == SCAN_EHIVEDIRTY ? SCAN_STEP_REFUSED : SCAN_STEP_FAILED,
                                      rc);
          goto out;
        }
      scan_hive_change *changes = calloc (a->n_changes, sizeof *changes);
      rc = changes ? scan__remove_drop_copy (j, copy) : SCAN_ENOMEM;
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
          rc = scan__remove_settle (j, a, SCAN_STEP_EDITED, 0);
        }
      else if (rc != SCAN_ENOMEM)
        {
          int dropped = scan__remove_drop_copy (j, copy);
          rc = scan__remove_settle (j, a, SCAN_STEP_FAILED, rc);
          if (rc == 0 && dropped < 0)
            rc = dropped;
        }
    }
  if (rc == 0 && a->state == SCAN_STEP_EDITED && upto == SCAN_STEP_DONE)
    {
      int at_hive = scan__remove_exists (j, hive), at_orig = scan__remove_exists (j, orig),
          at_copy = scan__remove_exists (j, copy);
      if (at_hive < 0 || at_orig < 0 || at_copy < 0)
        rc = scan__remove_settle (j, a, SCAN_STEP_FAILED,
                                  at_hive < 0 ? at_hive : at_orig < 0 ? at_orig : at_copy);
      else if (at_hive && !at_orig && at_copy)
        {
          rc = ops->move (hive, orig, j->root_len);
          if (rc == 0)
            rc = scan__remove_checkpoint (j);
          if (rc == 0)
            at_hive = 0, at_orig = 1;
          else if (rc != j->stop)
            {
              scan__remove_drop_copy (j, copy);
              rc = scan__remove_settle (j, a, SCAN_STEP_FAILED, rc);
            }
        }
      if (rc == 0 && a->state == SCAN_STEP_EDITED)
        {
          if (!at_hive && at_orig && at_copy)
            {
              rc = ops->move (copy, hive, j->root_len);
              if (rc == 0)
                rc = scan__remove_checkpoint (j);
              if (rc == 0)
                rc = scan__remove_settle (j, a, SCAN_STEP_DONE, 0);
              else if (rc != j->stop)
                {
                  /* The original goes back where it was: the hive is as before, and the step
                   * failed. If even that fails, the step stays "edited" (the original in the
                   * quarantine, the copy beside it) and the removal stops: the next removal
                   * or undo finds the two and finishes the one or the other. */
                  int back = ops->move (orig, hive, j->root_len);
                  if (back == 0)
                    {
                      scan__remove_drop_copy (j, copy);
                      rc = scan__remove_settle (j, a, SCAN_STEP_FAILED, rc);
                    }
                }
            }
          else if (at_hive && at_orig && !at_copy)
            rc = scan__remove_settle (j, a, SCAN_STEP_DONE, 0); /* swapped just before a crash */
          else if (at_hive && !at_orig)
            {
              /* never swapped: the hive is the original, untouched */
              scan__remove_drop_copy (j, copy);
              rc = scan__remove_settle (j, a, SCAN_STEP_FAILED, SCAN_EVANISHED);
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
finish_step (scan__remove_job *j, scan_action *a, int rc)
{
  if (rc == 0)
    rc = scan__remove_checkpoint (j);
  if (rc == 0)
    return scan__remove_settle (j, a, SCAN_STEP_DONE, 0);
  return rc == j->stop || rc == SCAN_ENOMEM ? rc : scan__remove_settle (j, a, SCAN_STEP_FAILED, rc);
}

/* Live: a registry value or a service, kept in the manifest, then deleted. */
static int
do_saved (scan__remove_job *j, scan_action *a, scan_step_state upto)
{
  const scan_remove_ops *ops = j->o->ops;
  bool value = a->kind == SCAN_ACTION_VALUE;
  int rc = 0;

  if (value ? !ops->value_save : !ops->service_save)
    return scan__remove_settle (j, a, SCAN_STEP_REFUSED, SCAN_EUNSUPPORTED);
  if (a->state == SCAN_STEP_PLANNED)
    {
      rc = value ? ops->value_save (a->path, a->name, &a->saved)
                 : ops->service_save (a->path, &a->saved);
      if (rc == SCAN_ENOENT) /* gone already: nothing to put back */
        return scan__remove_settle (j, a, SCAN_STEP_DONE, 0);
      if (rc < 0)
        return rc == SCAN_ENOMEM ? rc : scan__remove_settle (j, a, SCAN_STEP_FAILED, rc);
      if ((rc = scan__remove_settle (j, a, SCAN_STEP_STARTED, 0)) < 0)
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
do_process (scan__remove_job *j, scan_action *a, scan_step_state upto)
{
  const scan_remove_ops *ops = j->o->ops;
  int rc = 0;
  if (!ops->end_process)
    return scan__remove_settle (j, a, SCAN_STEP_REFUSED, SCAN_EUNSUPPORTED);
  if (a->state == SCAN_STEP_PLANNED && (rc = scan__remove_settle (j, a, SCAN_STEP_STARTED, 0)) < 0)
    return rc;
  if (a->state == SCAN_STEP_STARTED && upto == SCAN_STEP_DONE)
    rc = finish_step (j, a, ops->end_process (a->path, &a->ended));
  return rc;
}

/* One action, as far as UPTO (started, edited, done). */
static int
do_action (scan__remove_job *j, scan_action *a, scan_step_state upto)
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
carry_out (scan__remove_job *j)
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
  int written = scan__remove_journal (j);
  return rc < 0 ? rc : written;
}

void
scan__remove_job_init (scan__remove_job *j, const scan_remove_options *o, scan_removal *r)
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
  scan__remove_job j;
  memset (out, 0, sizeof *out);
  out->live = report->target_kind == SCAN_TARGET_LIVE;
  out->root = scan__strdup (root);
  out->created = scan__strdup (now);
  if (!out->root || !out->created)
    return SCAN_ENOMEM;
  scan__remove_job_init (&j, o, out);

  int rc = scan__remove_plan (&j, report);
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
  if ((rc = scan__remove_journal (&j)) < 0)
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
  char *manifest = folder ? scan__remove_join (folder, separator, SCAN_MANIFEST_NAME) : NULL;
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
  char *top = scan__remove_join (root, separator, SCAN_QUARANTINE_FOLDER);
  char **names = NULL;
  size_t n_names = 0;
  int rc = top ? ops->list_folder (top, scan__root_length (root, separator), &names, &n_names)
               : SCAN_ENOMEM;
  if (rc == SCAN_ENOENT)
    rc = 0;
  /* Oldest first: the folders are named by their time (list_folder gives them sorted). */
  for (size_t i = 0; rc == 0 && i < n_names; i++)
    {
      char *folder = scan__remove_join (top, separator, names[i]);
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
  scan__remove_job j;
  if (r->state == SCAN_REMOVAL_UNDOING)
    {
      int rc = scan_remove_undo (o, r);
      return rc < 0 ? rc : 0;
    }
  if (r->state != SCAN_REMOVAL_REMOVING)
    return 0;
  scan__remove_job_init (&j, o, r);
  return carry_out (&j);
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
