/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Undoing a removal (scan-remove.h): its actions put back, the last first, each only when its
 * place and the quarantine hold what the manifest says (a file's or a hive's hash, a value's
 * contents); anything else is refused, never overwritten.
 */
#include "scan-remove.h"

#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-remove-private.h"

/* The file of A back from the quarantine, its hash checked before and after. */
static int
undo_file (scan__remove_job *j, scan_action *a)
{
  const scan_remove_ops *ops = j->o->ops;
  char *orig = scan__remove_original_path (j, a),
       *q = scan__remove_in_quarantine (j, a->quarantined);
  int rc = orig && q ? 0 : SCAN_ENOMEM;
  if (rc < 0)
    goto out;
  int at_orig = scan__remove_exists (j, orig), at_q = scan__remove_exists (j, q);
  if (at_orig < 0 || at_q < 0)
    rc = scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED, at_orig < 0 ? at_orig : at_q);
  else if (at_orig && !at_q)
    {
      /* Never moved (cut short before), or moved back by an undo cut short before it could
       * say so: either way the file at the place is the one the manifest names, or it is
       * something else that must not be taken for it. */
      scan_file_facts now;
      rc = ops->file_facts (orig, j->root_len, &now);
      if (rc == 0)
        rc = scan__remove_settle (j, a,
                                  strcmp (now.sha256, a->before.sha256) == 0
                                    ? SCAN_STEP_UNDONE
                                    : SCAN_STEP_UNDO_REFUSED,
                                  strcmp (now.sha256, a->before.sha256) == 0 ? 0 : SCAN_EEXIST);
      else if (rc != SCAN_ENOMEM)
        rc = scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED, rc);
    }
  else if (at_orig)
    rc = scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED, SCAN_EEXIST);
  else if (!at_q)
    rc = scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED, SCAN_ENOENT);
  else
    {
      scan_file_facts now;
      rc = ops->file_facts (q, j->root_len, &now);
      if (rc == 0 && strcmp (now.sha256, a->before.sha256) != 0)
        rc = scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED, SCAN_ECHANGED);
      else if (rc == 0)
        {
          rc = ops->move (q, orig, j->root_len);
          if (rc == 0)
            rc = scan__remove_checkpoint (j);
          if (rc == 0)
            rc = scan__remove_settle (j, a, SCAN_STEP_UNDONE, 0);
          else if (rc != j->stop && rc != SCAN_ENOMEM)
            rc = scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED, rc);
        }
      else if (rc != SCAN_ENOMEM)
        rc = scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED, rc);
    }
out:
  free (orig);
  free (q);
  return rc;
}

/* The hive of A back: the edited one goes into the quarantine (under its ".edited" name), the
 * original comes back; only when the hive is still as the removal left it. */
static int
undo_hive (scan__remove_job *j, scan_action *a)
{
  const scan_remove_ops *ops = j->o->ops;
  char *hive = scan__remove_original_path (j, a),
       *orig = scan__remove_in_quarantine (j, a->quarantined),
       *copy = scan__remove_in_quarantine (j, a->edited);
  int rc = hive && orig && copy ? 0 : SCAN_ENOMEM;
  if (rc < 0)
    goto out;
  int kept = scan__remove_exists (j, orig);
  if ((a->state == SCAN_STEP_STARTED || a->state == SCAN_STEP_FAILED) && kept == 0)
    {
      /* The hive itself was never swapped: only a half-made copy may be left. */
      rc = scan__remove_drop_copy (j, copy);
      if (rc == 0)
        rc = scan__remove_settle (j, a, SCAN_STEP_UNDONE, 0);
      goto out;
    }
  int at_hive = scan__remove_exists (j, hive), at_orig = scan__remove_exists (j, orig),
      at_copy = scan__remove_exists (j, copy);
  if (at_hive < 0 || at_orig < 0 || at_copy < 0)
    rc = scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED,
                              at_hive < 0 ? at_hive : at_orig < 0 ? at_orig : at_copy);
  else if (at_hive && !at_orig)
    {
      /* The swap never began, or an undo cut short already put the original back: the hive
       * at the place is the original then (an edited copy left in the quarantine stays there,
       * kept). Anything else has changed since, and there is no original left to put back. */
      scan_file_facts now;
      rc = ops->file_facts (hive, j->root_len, &now);
      bool original = rc == 0 && strcmp (now.sha256, a->before.sha256) == 0;
      if (rc == 0)
        rc = scan__remove_settle (j, a, original ? SCAN_STEP_UNDONE : SCAN_STEP_UNDO_REFUSED,
                                  original ? 0 : SCAN_ECHANGED);
      else if (rc != SCAN_ENOMEM)
        rc = scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED, rc);
    }
  else if (!at_orig)
    rc = scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED, SCAN_ENOENT);
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
            rc = scan__remove_checkpoint (j);
        }
      if (rc == 0)
        rc = ops->file_facts (orig, j->root_len, &now);
      if (rc == 0 && strcmp (now.sha256, a->before.sha256) != 0)
        rc = SCAN_ECHANGED;
      if (rc == 0)
        rc = ops->move (orig, hive, j->root_len);
      if (rc == 0)
        rc = scan__remove_checkpoint (j);
      if (rc == 0)
        rc = scan__remove_settle (j, a, SCAN_STEP_UNDONE, 0);
      else if (rc != j->stop && rc != SCAN_ENOMEM)
        rc = scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED, rc);
    }
out:
  free (hive);
  free (orig);
  free (copy);
  return rc;
}

static int
undo_saved (scan__remove_job *j, scan_action *a)
{
  const scan_remove_ops *ops = j->o->ops;
  bool value = a->kind == SCAN_ACTION_VALUE;
  if (!a->saved)
    return scan__remove_settle (j, a, SCAN_STEP_UNDONE, 0); /* it was gone already */
  if (value ? !ops->value_restore : !ops->service_restore)
    return scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED, SCAN_EUNSUPPORTED);
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
    rc = scan__remove_checkpoint (j);
  if (rc == 0)
    return scan__remove_settle (j, a, SCAN_STEP_UNDONE, 0);
  return rc == j->stop || rc == SCAN_ENOMEM
           ? rc
           : scan__remove_settle (j, a, SCAN_STEP_UNDO_REFUSED, rc);
}

int
scan_remove_undo (const scan_remove_options *o, scan_removal *r)
{
  scan__remove_job j;
  scan__remove_job_init (&j, o, r);
  r->state = SCAN_REMOVAL_UNDOING;
  int rc = scan__remove_journal (&j);
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
  rc = scan__remove_journal (&j);
  return rc < 0 ? rc : refused ? 1 : 0;
}
