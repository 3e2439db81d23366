/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-session.h"

#include <errno.h>
#include <gio/gunixmounts.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "scan-error.h"
#include "scan-platform.h"

/* How often the main thread looks at the worker's progress: often enough to look live. */
#define PROGRESS_INTERVAL_MS 100

/* One event of the scan (scan_progress_kind, never a tick), on its way to the main thread. */
typedef struct
{
  scan_progress_kind kind;
  scan_phase phase;
  guint64 count;
  char *dir;
  int status;
} ScanEvent;

typedef struct
{
  GMutex lock;
  scan_phase phase;
  guint64 entries;
  char *dir;
  GQueue events; /* ScanEvents not yet emitted, oldest first: none is dropped */
  GCancellable *cancellable;
  /* A test's hold (bc_session_hold_scan): the worker waits when this phase starts. */
  GCond cond;
  int hold_phase; /* -1: none */
  gboolean released;
} ScanShared;

struct _BcSession
{
  GObject parent_instance;

  scan_rules *rules;
  BcAnswer symptoms[BC_SYMPTOM__COUNT];
  BcTargetKind target_kind;
  char *target_path;
  GHashTable *guided; /* name → GINT_TO_POINTER (BcAnswer) */
  BcAnswer guided_in_wins;
  gboolean steps[BC_STEP__COUNT];
  gboolean recovery_wanted; /* asked for although nothing was found */

  scan_report *report;
  char *scan_error;
  /* The running scan's shared state, owned by its job; NULL when none runs. A reset forgets the
   * scan at once (its job ends on its own, and its result is dropped): a kiosk's next customer
   * never sees the last one's folders. */
  ScanShared *scan;
  guint progress_source;
  guint workers; /* scan threads still running, forgotten ones too */
  int hold_phase; /* bc_session_hold_scan's phase, or -1 */

  GPtrArray *files; /* written by this session: deleted by a reset */

  /* "Remove it for me". WRITABLE and MOUNT_POINT are the target's, found by the scan's worker. */
  int writable; /* 0, SCAN_EROFS, SCAN_EACCES; 1: not known */
  char *mount_point;
  scan_removal *removal;     /* the last removal of REPORT, or NULL */
  scan_report *report_after; /* the check after it (or after its undo), or NULL */
  int remove_error;          /* why the last removal or undo could not run at all, or 0 */
  /* The running removal or undo, owned by its task; NULL when none runs. A reset, or a new
   * scan, forgets it: it then owns the report it works from, and frees what it made. */
  struct RemoveJob *remove_job;
};

G_DEFINE_FINAL_TYPE (BcSession, bc_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,
  SCAN_PROGRESS,
  SCAN_EVENT,
  SCAN_FINISHED,
  REMOVE_PROGRESS,
  RESET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed (BcSession *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The scan, in the worker thread. */

typedef struct
{
  const scan_rules *rules;
  char *path;
  ScanShared *shared;
  scan_report *report;
  int rc;
  int writable; /* as BcSession's */
  char *mount_point;
} ScanJob;

static void
scan_event_free (ScanEvent *event)
{
  g_free (event->dir);
  g_free (event);
}

static void
scan_shared_free (ScanShared *shared)
{
  g_mutex_clear (&shared->lock);
  g_cond_clear (&shared->cond);
  g_queue_clear_full (&shared->events, (GDestroyNotify) scan_event_free);
  g_free (shared->dir);
  g_clear_object (&shared->cancellable);
  g_free (shared);
}

static void
scan_job_free (ScanJob *job)
{
  if (job->report)
    {
      scan_report_clear (job->report);
      g_free (job->report);
    }
  scan_shared_free (job->shared);
  g_free (job->path);
  g_free (job->mount_point);
  g_free (job);
}

/* Whether PATH, the root of an offline target, can be changed, and where its volume is mounted:
 * asked once after the check, so that the page offers no removal that cannot work and can say
 * how to mount the disk writable. */
static void
probe_writable (const char *path, int *writable, char **mount_point)
{
  const scan_remove_ops *ops = scan_platform_remove_ops ();
  GUnixMountEntry *mount = g_unix_mount_for (path, NULL);

  *writable = ops && ops->writable ? ops->writable (path) : 1;
  if (*writable < 0 && *writable != SCAN_EROFS && *writable != SCAN_EACCES)
    *writable = 1; /* not known: the removal itself will say */
  if (mount)
    {
      *mount_point = g_strdup (g_unix_mount_get_mount_path (mount));
      if (g_unix_mount_is_readonly (mount))
        *writable = SCAN_EROFS;
      g_unix_mount_free (mount);
    }
}


static int
worker_progress (void *user, const scan_progress *p)
{
  ScanShared *shared = user;
  g_mutex_lock (&shared->lock);
  shared->phase = p->phase;
  if (p->kind != SCAN_PROGRESS_TICK)
    {
      /* An event is what the page tells the user: queued, never overwritten by the next one. */
      ScanEvent *event = g_new0 (ScanEvent, 1);
      event->kind = p->kind;
      event->phase = p->phase;
      event->count = p->count;
      event->dir = g_strdup (p->dir);
      event->status = p->status;
      g_queue_push_tail (&shared->events, event);
      if (p->kind == SCAN_PROGRESS_PHASE_START && (int) p->phase == shared->hold_phase)
        while (!shared->released && !g_cancellable_is_cancelled (shared->cancellable))
          g_cond_wait_until (&shared->cond, &shared->lock,
                             g_get_monotonic_time () + 20 * G_TIME_SPAN_MILLISECOND);
    }
  else
    {
      shared->entries = p->entries;
      if (p->dir && g_strcmp0 (shared->dir, p->dir) != 0)
        {
          g_free (shared->dir);
          shared->dir = g_strdup (p->dir);
        }
    }
  g_mutex_unlock (&shared->lock);
  /* Called at every folder and every few thousand entries: a cancel is seen within milliseconds. */
  return g_cancellable_is_cancelled (shared->cancellable);
}

/* How the session checks a disk or folder: this platform's folder and hive readers, RULES. */
static scan_options
disk_scan_options (const scan_rules *rules)
{
  return (scan_options) {
    .rules = rules,
    .fs = scan_platform_fs (),
    .separator = scan_platform_separator (),
    .registry = scan_platform_offline_registry (),
  };
}

static void
worker (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ScanJob *job = data;
  scan_options o = disk_scan_options (job->rules);

  o.progress = worker_progress;
  o.user = job->shared;
  job->report = g_new0 (scan_report, 1);
  scan_report_init (job->report, job->rules);
  job->rc = scan_run_path (&o, job->path, job->report);
  job->writable = 1;
  if (job->rc >= 0 && job->report->target_kind == SCAN_TARGET_OFFLINE)
    probe_writable (job->path, &job->writable, &job->mount_point);
  g_task_return_boolean (task, TRUE);
}

/* Emits "scan-event" for each event the worker queued since the last time, in order. */
static void
emit_events (BcSession *self, ScanShared *shared)
{
  GQueue events = G_QUEUE_INIT;
  ScanEvent *event;

  g_mutex_lock (&shared->lock);
  events = shared->events;
  g_queue_init (&shared->events);
  g_mutex_unlock (&shared->lock);
  while ((event = g_queue_pop_head (&events)))
    {
      /* A handler may reset the session: the rest of this scan's events belong to nobody. */
      if (self->scan == shared)
        g_signal_emit (self, signals[SCAN_EVENT], 0, (guint) event->kind, (guint) event->phase,
                       event->count, event->dir, event->status);
      scan_event_free (event);
    }
}

static gboolean
emit_progress (gpointer data)
{
  BcSession *self = data;
  ScanShared *shared = self->scan;
  g_autofree char *dir = NULL;
  scan_phase phase;
  guint64 entries;

  emit_events (self, shared);
  if (self->scan != shared)
    return G_SOURCE_REMOVE;
  g_mutex_lock (&shared->lock);
  phase = shared->phase;
  entries = shared->entries;
  dir = g_strdup (shared->dir);
  g_mutex_unlock (&shared->lock);
  g_signal_emit (self, signals[SCAN_PROGRESS], 0, (guint) phase, entries, dir);
  return G_SOURCE_CONTINUE;
}

static void
scan_done (GObject *source, GAsyncResult *result, gpointer data)
{
  BcSession *self = BC_SESSION (source);
  ScanJob *job = g_task_get_task_data (G_TASK (result));

  if (--self->workers == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (job->shared != self->scan)
    return; /* forgotten by a reset: its result belongs to nobody now */
  emit_events (self, job->shared); /* the last ones, before the scan is said to be over */
  if (job->shared != self->scan)
    return;
  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->scan = NULL;
  if (job->rc < 0)
    {
      g_autofree char *shown = g_filename_display_name (job->path);
      if (job->rc == SCAN_EEMPTY)
        /* Translators: %s is a folder or where a disk should be mounted, with nothing in it */
        self->scan_error = g_strdup_printf (_("Nothing to check here: %s is empty. Is the disk "
                                              "mounted?"),
                                            shown);
      else
        /* Translators: the first %s is a folder, the second why it cannot be read. */
        self->scan_error = g_strdup_printf (_("%s cannot be checked: %s"), shown,
                                            _(scan_strerror (job->rc)));
    }
  else
    {
      self->report = job->report;
      job->report = NULL;
      self->writable = job->writable;
      self->mount_point = g_steal_pointer (&job->mount_point);
    }
  g_signal_emit (self, signals[SCAN_FINISHED], 0);
  changed (self);
}

/* "Remove it for me": a removal or an undo, in the worker thread. */

typedef struct RemoveJob
{
  BcSession *session; /* for its signals; the task holds a reference */
  gboolean undo;
  gboolean forgotten; /* by a reset or a new scan: what it made belongs to nobody */
  const scan_rules *rules;
  char *root;
  const scan_report *report; /* the session's, or OWN_REPORT once forgotten */
  scan_report *own_report;
  /* The check again, when an earlier removal cut short was finished first: the plan and the
   * check after are made from it (BEFORE), not from the session's report. */
  scan_report *fresh;
  const scan_report *before;
  gsize *also;
  gsize n_also;
  GCancellable *cancellable;
  scan_removal *removal; /* made by a removal; handed over by the session for an undo */
  scan_report *after;
  int rc;
  GTask *caller; /* bc_session_remove_async's task */
} RemoveJob;

/* One action begun, on its way to the main thread. */
typedef struct
{
  BcSession *session;
  RemoveJob *job; /* compared only: it may be gone by now */
  guint index, n;
  char *where;
} RemoveTick;

static void
free_report (scan_report *report)
{
  if (!report)
    return;
  scan_report_clear (report);
  g_free (report);
}

static void
free_removal (scan_removal *removal)
{
  if (!removal)
    return;
  scan_removal_clear (removal);
  g_free (removal);
}

static void
remove_job_free (RemoveJob *job)
{
  free_report (job->own_report);
  free_report (job->fresh);
  free_report (job->after);
  free_removal (job->removal);
  g_free (job->root);
  g_free (job->also);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->caller);
  g_free (job);
}

static void
remove_tick_free (RemoveTick *tick)
{
  g_object_unref (tick->session);
  g_free (tick->where);
  g_free (tick);
}

static gboolean
emit_remove_progress (gpointer data)
{
  RemoveTick *tick = data;

  if (tick->session->remove_job == tick->job)
    g_signal_emit (tick->session, signals[REMOVE_PROGRESS], 0, tick->index, tick->n, tick->where);
  return G_SOURCE_REMOVE;
}

static void
remove_progress (void *user, const scan_action *action, size_t index, size_t n)
{
  RemoveJob *job = user;
  RemoveTick *tick = g_new0 (RemoveTick, 1);

  tick->session = g_object_ref (job->session);
  tick->job = job;
  tick->index = (guint) index;
  tick->n = (guint) n;
  tick->where = g_strdup (action->windows_location ? action->windows_location : action->path);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, emit_remove_progress, tick,
                              (GDestroyNotify) remove_tick_free);
}

static int
remove_cancelled (void *user)
{
  RemoveJob *job = user;
  return g_cancellable_is_cancelled (job->cancellable);
}

static scan_remove_options
remove_options (RemoveJob *job)
{
  scan_remove_options o = {
    .ops = scan_platform_remove_ops (),
    .registry = scan_platform_offline_registry (),
    .separator = scan_platform_separator (),
    .also = job->also,
    .n_also = job->n_also,
    .cancel = remove_cancelled,
    .progress = remove_progress,
    .user = job,
  };
  return o;
}

/* The check after: the places checked again (a quick check, as the session's scan but for the
 * whole-volume search), and the report's verdict with what the removal took out gone. */
static void
check_after (RemoveJob *job, const scan_remove_options *o)
{
  scan_options so = disk_scan_options (job->rules);
  scan_report recheck;
  int rc;

  so.quick = true;
  scan_report_init (&recheck, job->rules);
  rc = scan_run_path (&so, job->root, &recheck);
  job->after = g_new0 (scan_report, 1);
  scan_report_init (job->after, job->rules);
  if (scan_remove_check_after (o, job->before, job->removal, rc >= 0 ? &recheck : NULL,
                               job->after) < 0)
    g_clear_pointer (&job->after, free_report);
  scan_report_clear (&recheck);
}

/* The disk checked again, as the session's check did, after an earlier removal cut short was
 * finished: that one took out (or, an undo, put back) things the session's report still lists,
 * and a plan made from that report would try them again and fail. The suspicious findings the
 * person ticked are found again by kind and place; one that is gone is dropped. */
static int
check_again_progress (void *user, const scan_progress *p)
{
  return remove_cancelled (user);
}

static void
check_again (RemoveJob *job)
{
  scan_options so = disk_scan_options (job->rules);
  gsize kept = 0;

  so.progress = check_again_progress;
  so.user = job;
  job->fresh = g_new0 (scan_report, 1);
  scan_report_init (job->fresh, job->rules);
  if (scan_run_path (&so, job->root, job->fresh) < 0)
    {
      g_clear_pointer (&job->fresh, free_report); /* the session's report, then */
      return;
    }
  for (gsize k = 0; k < job->n_also; k++)
    {
      const scan_finding *ticked = &job->report->findings[job->also[k]];
      for (size_t i = 0; i < job->fresh->n_findings; i++)
        if (job->fresh->findings[i].kind == ticked->kind
            && g_strcmp0 (job->fresh->findings[i].location, ticked->location) == 0)
          {
            job->also[kept++] = i;
            break;
          }
    }
  job->n_also = kept;
  job->before = job->fresh;
}

static void
remove_worker (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  RemoveJob *job = data;
  scan_remove_options o;

  job->before = job->report;
  o = remove_options (job);
  if (!o.ops)
    job->rc = SCAN_EUNSUPPORTED;
  else if (job->undo)
    job->rc = scan_remove_undo (&o, job->removal);
  else
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

      /* A removal of this disk cut short earlier (the power, a crash) is finished first, as
       * blaster-scan --remove does: its journal says where it stopped. The disk is then
       * checked again, and this removal planned from what is there now. */
      if (scan_remove_finish_unfinished (&o, job->root, NULL, NULL) > 0)
        {
          check_again (job);
          o = remove_options (job);
        }
      job->removal = g_new0 (scan_removal, 1);
      job->rc = scan_remove_run (&o, job->before, job->root, stamp, job->removal);
      if (job->removal->n_actions == 0)
        g_clear_pointer (&job->removal, free_removal);
    }
  if (job->removal)
    check_after (job, &o);
  g_task_return_boolean (task, TRUE);
}

static void
remove_done (GObject *source, GAsyncResult *result, gpointer data)
{
  BcSession *self = BC_SESSION (source);
  RemoveJob *job = g_task_get_task_data (G_TASK (result));
  GTask *caller = g_steal_pointer (&job->caller);
  /* Nothing could be changed at all: the disk read-only, not ours to write, nothing to take
   * out. Cancelled, or some actions refused, is a removal that ran: its actions say. */
  gboolean ran = job->removal != NULL && job->removal->journal_writes > 0
                 && !(job->undo && job->rc < 0);

  if (--self->workers == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (!job->forgotten)
    {
      self->remove_job = NULL;
      free_removal (self->removal);
      self->removal = g_steal_pointer (&job->removal);
      free_report (self->report_after);
      self->report_after = g_steal_pointer (&job->after);
      self->remove_error = ran ? 0 : job->rc;
      if (job->rc == SCAN_EROFS || job->rc == SCAN_EACCES)
        self->writable = job->rc;
      changed (self);
    }
  if (ran)
    g_task_return_boolean (caller, TRUE);
  else
    g_task_return_new_error (caller, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                             _(scan_strerror (job->rc)));
  g_object_unref (caller);
}

/* A reset or a new scan while a removal runs: the job keeps the report it reads, and what it
 * makes is dropped when it ends (its journal on the disk says what it did). */
static void
forget_remove_job (BcSession *self)
{
  RemoveJob *job = self->remove_job;

  if (!job)
    return;
  g_cancellable_cancel (job->cancellable);
  job->forgotten = TRUE;
  if (job->report == self->report)
    {
      job->own_report = self->report;
      self->report = NULL;
    }
  self->remove_job = NULL;
}

/* Forgets the removal (memory only) and the report it was made from. */
static void
clear_removal (BcSession *self)
{
  forget_remove_job (self);
  g_clear_pointer (&self->removal, free_removal);
  g_clear_pointer (&self->report_after, free_report);
  self->remove_error = 0;
}

static void
start_remove_job (BcSession *self, RemoveJob *job, GCancellable *cancellable,
                  GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
  g_autoptr (GTask) task = NULL;

  job->session = self;
  job->rules = self->rules;
  /* The disk the report is of (the target may have been changed since without a new check). */
  job->root = g_strdup (self->report && self->report->root ? self->report->root
                                                           : self->target_path);
  job->report = self->report;
  job->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  job->caller = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (job->caller, tag);
  self->remove_job = job;
  self->remove_error = 0;

  task = g_task_new (self, NULL, remove_done, NULL);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, job, (GDestroyNotify) remove_job_free);
  g_task_run_in_thread (task, remove_worker);
  if (self->workers++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  changed (self);
}

/* Verdicts. */

static void
add_reason (GPtrArray *reasons, char *text)
{
  if (reasons)
    g_ptr_array_add (reasons, text);
  else
    g_free (text);
}

static void
add_report_reasons (const scan_report *r, gboolean vulnerability, GPtrArray *reasons)
{
  for (size_t i = 0; i < r->n_reasons; i++)
    {
      const char *one, *many;
      if (scan_reason_is_vulnerability (r->reasons[i].code) != vulnerability)
        continue;
      scan_reason_text (r->reasons[i].code, &one, &many);
      if (scan_reason_has_arg (r->reasons[i].code))
        add_reason (reasons, g_strdup_printf (_(one), r->reasons[i].arg));
      else
        add_reason (reasons, g_strdup_printf (ngettext (one, many, r->reasons[i].n),
                                              (unsigned long long) r->reasons[i].n));
    }
}

static gboolean
any_symptom (BcSession *self)
{
  for (int i = 0; i < BC_SYMPTOM__COUNT; i++)
    if (self->symptoms[i] == BC_ANSWER_YES)
      return TRUE;
  return FALSE;
}

/* The advisory's check 2: the image names to look for in Task Manager and Search. */
static const char *const advisory_names[] = {
  "msblast.exe", "penis32.exe", "teekids.exe", "dllhost.exe", "mspatch.exe", NULL,
};

const char *const *
bc_session_guided_names (void)
{
  return advisory_names;
}

static scan_infection
guided_infection (BcSession *self, GPtrArray *reasons)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean unanswered = FALSE;
  scan_infection v = SCAN_INFECTION_CLEAN;
  g_autoptr (GString) not_checked = g_string_new (NULL);
  guint n_not_checked = 0;

  /* A name not answered is a name not checked: no blocker, but no "clean" either. Other names
   * (the variants') are optional. */
  for (const char *const *name = advisory_names; *name; name++)
    if (bc_session_get_guided (self, *name) == BC_ANSWER_UNKNOWN)
      {
        unanswered = TRUE;
        if (n_not_checked++ > 0)
          /* Translators: between the names of a list, as in "msblast.exe, teekids.exe" */
          g_string_append (not_checked, C_("list separator", ", "));
        g_string_append (not_checked, *name);
      }

  g_hash_table_iter_init (&iter, self->guided);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BcAnswer answer = GPOINTER_TO_INT (value);
      if (answer != BC_ANSWER_YES)
        continue;
      if (g_ascii_strcasecmp (key, "dllhost.exe") == 0)
        {
          /* dllhost.exe runs on every healthy PC: only the copy in System32\wins is Welchia. */
          if (self->guided_in_wins == BC_ANSWER_YES)
            {
              v = SCAN_INFECTION_SUSPICIOUS;
              add_reason (reasons, g_strdup (_("You found dllhost.exe in the System32\\wins "
                                               "folder, where the Welchia worm puts it.")));
            }
          else if (self->guided_in_wins == BC_ANSWER_UNKNOWN)
            unanswered = TRUE;
          continue;
        }
      v = SCAN_INFECTION_SUSPICIOUS;
      /* Translators: %s is a file name such as msblast.exe. */
      add_reason (reasons, g_strdup_printf (_("You found %s, a name the worm uses. Only a scan "
                                              "can prove that it is the worm."),
                                            (const char *) key));
    }
  if (n_not_checked > 0)
    /* Translators: %s is a list of file names, such as "penis32.exe, mspatch.exe" */
    add_reason (reasons, g_strdup_printf (ngettext ("This name was not checked: %s.",
                                                    "These names were not checked: %s.",
                                                    n_not_checked),
                                          not_checked->str));
  if (v != SCAN_INFECTION_CLEAN)
    /* Found by hand is a sign, not proof: the way to know for sure, on the PC or here. */
    add_reason (reasons, g_strdup (_("To know for sure, check that PC with blaster-scan.exe from "
                                     "a USB stick: on the PC, click Start, then Run, type cmd "
                                     "and press Enter; then type the stick’s letter and the "
                                     "program’s name, such as E:\\blaster-scan.exe, and press "
                                     "Enter. Or bring the PC’s disk here and check it as an "
                                     "attached Windows disk.")));
  if (v == SCAN_INFECTION_CLEAN && unanswered)
    {
      if (n_not_checked == 0)
        add_reason (reasons, g_strdup (_("Not every check by hand was answered.")));
      return SCAN_INFECTION_INCOMPLETE;
    }
  if (v == SCAN_INFECTION_CLEAN)
    add_reason (reasons, g_strdup (_("None of the worm's names was found by hand.")));
  return v;
}

/* Deletes every file the session wrote. */
static void
delete_files (BcSession *self)
{
  for (guint i = 0; i < self->files->len; i++)
    if (g_unlink (self->files->pdata[i]) != 0 && errno != ENOENT)
      g_warning ("%s could not be deleted: %s", (const char *) self->files->pdata[i],
                 g_strerror (errno));
  g_ptr_array_set_size (self->files, 0);
}

/* GObject. */

static void
bc_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BcSession *self = BC_SESSION (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, bc_session_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_session_finalize (GObject *object)
{
  BcSession *self = BC_SESSION (object);

  delete_files (self);
  g_ptr_array_unref (self->files);
  if (self->scan)
    g_cancellable_cancel (self->scan->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->report)
    {
      scan_report_clear (self->report);
      g_free (self->report);
    }
  clear_removal (self);
  g_free (self->mount_point);
  g_free (self->scan_error);
  g_free (self->target_path);
  g_hash_table_unref (self->guided);
  scan_rules_free (self->rules);
  G_OBJECT_CLASS (bc_session_parent_class)->finalize (object);
}

static void
bc_session_dispose (GObject *object)
{
  BcSession *self = BC_SESSION (object);

  /* A scan still running holds a reference: it ends (cancelled) before the session does. */
  if (self->scan)
    g_cancellable_cancel (self->scan->cancellable);
  G_OBJECT_CLASS (bc_session_parent_class)->dispose (object);
}

static void
bc_session_class_init (BcSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bc_session_dispose;
  object_class->finalize = bc_session_finalize;
  object_class->get_property = bc_session_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BcSession::changed:
   * Any answer, target, step or result changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BcSession::scan-progress:
   * @phase: a scan_phase
   * @entries: entries checked so far
   * @folder: the folder being read (file system encoding)
   */
  signals[SCAN_PROGRESS] = g_signal_new ("scan-progress", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                         G_TYPE_UINT, G_TYPE_UINT64, G_TYPE_STRING);
  /**
   * BcSession::scan-event:
   * @kind: a scan_progress_kind, never SCAN_PROGRESS_TICK
   * @phase: a scan_phase
   * @count: PHASE_END: the entries that phase saw
   * @folder: WINDOWS_FOUND: the Windows folder (file system encoding); else NULL
   * @status: REGISTRY_END: 0, or a negative SCAN_E… code
   * One event of the running scan, each one emitted once, in the scan's order, before the
   * "scan-progress" tick that follows it and before "scan-finished".
   */
  signals[SCAN_EVENT] = g_signal_new ("scan-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_UINT,
                                      G_TYPE_UINT, G_TYPE_UINT64, G_TYPE_STRING, G_TYPE_INT);
  /**
   * BcSession::scan-finished:
   * The scan ended: finished, failed or cancelled (see the report).
   */
  signals[SCAN_FINISHED] = g_signal_new ("scan-finished", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BcSession::remove-progress:
   * @index: the action that begins (from 0)
   * @n: how many actions there are
   * @where: the place it changes, as the checked Windows names it (its bytes, not yet safe to
   *   show: bc_display_text)
   * A removal's or an undo's action begins.
   */
  signals[REMOVE_PROGRESS] = g_signal_new ("remove-progress", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * BcSession::reset:
   * Everything was forgotten: the wizard starts over.
   */
  signals[RESET] = g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);
}

static void
bc_session_init (BcSession *self)
{
  self->guided = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->files = g_ptr_array_new_with_free_func (g_free);
  self->hold_phase = -1;
  self->writable = 1;
}

/* Public API. */

BcSession *
bc_session_new (const char *rules_file, GError **error)
{
  g_autoptr (BcSession) self = g_object_new (BC_TYPE_SESSION, NULL);
  scan_rules_diag diag;
  int rc = rules_file ? scan_rules_load_file (rules_file, &self->rules, &diag)
                      : scan_rules_load_builtin (&self->rules, &diag);

  if (rc < 0)
    {
      if (diag.line)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s:%u: %s", diag.file,
                     diag.line, diag.message);
      else
        /* A catalogue refused as a whole says why (empty, a folder, no worm files to look
         * for…), as blaster-scan does. */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", diag.file,
                     diag.message[0] ? _(diag.message) : _(scan_strerror (rc)));
      return NULL;
    }
  return g_steal_pointer (&self);
}

const scan_rules *
bc_session_get_rules (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), NULL);
  return self->rules;
}

void
bc_session_set_symptom (BcSession *self, BcSymptom symptom, BcAnswer answer)
{
  g_return_if_fail (BC_IS_SESSION (self));
  g_return_if_fail (symptom < BC_SYMPTOM__COUNT);
  if (self->symptoms[symptom] == answer)
    return;
  self->symptoms[symptom] = answer;
  changed (self);
}

BcAnswer
bc_session_get_symptom (BcSession *self, BcSymptom symptom)
{
  g_return_val_if_fail (BC_IS_SESSION (self), BC_ANSWER_UNKNOWN);
  g_return_val_if_fail (symptom < BC_SYMPTOM__COUNT, BC_ANSWER_UNKNOWN);
  return self->symptoms[symptom];
}

void
bc_session_set_target (BcSession *self, BcTargetKind kind, const char *path)
{
  g_return_if_fail (BC_IS_SESSION (self));
  if (self->target_kind == kind && g_strcmp0 (self->target_path, path) == 0)
    return;
  self->target_kind = kind;
  g_free (self->target_path);
  self->target_path = g_strdup (path);
  changed (self);
}

BcTargetKind
bc_session_get_target_kind (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), BC_TARGET_NONE);
  return self->target_kind;
}

const char *
bc_session_get_target_path (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), NULL);
  return self->target_path;
}

void
bc_session_set_guided (BcSession *self, const char *name, BcAnswer answer)
{
  g_return_if_fail (BC_IS_SESSION (self));
  g_return_if_fail (name != NULL);
  g_hash_table_insert (self->guided, g_ascii_strdown (name, -1), GINT_TO_POINTER (answer));
  changed (self);
}

BcAnswer
bc_session_get_guided (BcSession *self, const char *name)
{
  g_return_val_if_fail (BC_IS_SESSION (self), BC_ANSWER_UNKNOWN);
  g_autofree char *key = g_ascii_strdown (name, -1);
  return GPOINTER_TO_INT (g_hash_table_lookup (self->guided, key));
}

void
bc_session_set_guided_in_wins (BcSession *self, BcAnswer answer)
{
  g_return_if_fail (BC_IS_SESSION (self));
  self->guided_in_wins = answer;
  changed (self);
}

BcAnswer
bc_session_get_guided_in_wins (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), BC_ANSWER_UNKNOWN);
  return self->guided_in_wins;
}

void
bc_session_set_step_done (BcSession *self, BcRecoveryStep step, gboolean done)
{
  g_return_if_fail (BC_IS_SESSION (self));
  g_return_if_fail (step < BC_STEP__COUNT);
  if (self->steps[step] == !!done)
    return;
  self->steps[step] = !!done;
  changed (self);
}

gboolean
bc_session_get_step_done (BcSession *self, BcRecoveryStep step)
{
  g_return_val_if_fail (BC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (step < BC_STEP__COUNT, FALSE);
  return self->steps[step];
}

void
bc_session_set_recovery_wanted (BcSession *self, gboolean wanted)
{
  g_return_if_fail (BC_IS_SESSION (self));
  if (self->recovery_wanted == !!wanted)
    return;
  self->recovery_wanted = !!wanted;
  changed (self);
}

gboolean
bc_session_get_recovery_wanted (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), FALSE);
  return self->recovery_wanted;
}

gboolean
bc_session_recovery_applies (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), FALSE);
  /* After a removal the verdict may be clean: the page that shows it, and its Undo, stay. */
  if (self->recovery_wanted || self->removal || self->remove_job)
    return TRUE;
  switch (bc_session_get_infection (self, NULL))
    {
    case SCAN_INFECTION_INFECTED:
    case SCAN_INFECTION_SUSPICIOUS:
      return TRUE;
    case SCAN_INFECTION_CLEAN:
    case SCAN_INFECTION_INCOMPLETE:
    default:
      return FALSE;
    }
}

void
bc_session_start_scan (BcSession *self)
{
  g_return_if_fail (BC_IS_SESSION (self));
  g_return_if_fail (self->scan == NULL);
  g_return_if_fail (self->target_path != NULL);

  /* The removal spoke of the last report: both go (the quarantine on the disk stays). */
  clear_removal (self);
  if (self->report)
    {
      scan_report_clear (self->report);
      g_clear_pointer (&self->report, g_free);
    }
  g_clear_pointer (&self->scan_error, g_free);
  g_clear_pointer (&self->mount_point, g_free);
  self->writable = 1;

  self->scan = g_new0 (ScanShared, 1);
  g_mutex_init (&self->scan->lock);
  g_cond_init (&self->scan->cond);
  g_queue_init (&self->scan->events);
  self->scan->hold_phase = self->hold_phase;
  self->scan->cancellable = g_cancellable_new ();

  ScanJob *job = g_new0 (ScanJob, 1);
  job->rules = self->rules;
  job->path = g_strdup (self->target_path);
  job->shared = self->scan;

  g_autoptr (GTask) task = g_task_new (self, self->scan->cancellable, scan_done, NULL);
  g_task_set_source_tag (task, bc_session_start_scan);
  g_task_set_task_data (task, job, (GDestroyNotify) scan_job_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, worker);
  if (self->workers++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  self->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, emit_progress, self);
  changed (self);
}

void
bc_session_cancel_scan (BcSession *self)
{
  g_return_if_fail (BC_IS_SESSION (self));
  if (self->scan)
    g_cancellable_cancel (self->scan->cancellable);
}

void
bc_session_hold_scan (BcSession *self, int phase)
{
  g_return_if_fail (BC_IS_SESSION (self));
  self->hold_phase = phase;
}

void
bc_session_release_scan (BcSession *self)
{
  g_return_if_fail (BC_IS_SESSION (self));
  self->hold_phase = -1;
  if (!self->scan)
    return;
  g_mutex_lock (&self->scan->lock);
  self->scan->released = TRUE;
  g_cond_broadcast (&self->scan->cond);
  g_mutex_unlock (&self->scan->lock);
}

gboolean
bc_session_is_scanning (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), FALSE);
  return self->scan != NULL;
}

const scan_report *
bc_session_get_report (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), NULL);
  return self->report;
}

const char *
bc_session_get_scan_error (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), NULL);
  return self->scan_error;
}

scan_infection
bc_session_get_infection (BcSession *self, GPtrArray *reasons)
{
  scan_infection v;

  g_return_val_if_fail (BC_IS_SESSION (self), SCAN_INFECTION_INCOMPLETE);

  if (self->target_kind == BC_TARGET_BY_HAND)
    v = guided_infection (self, reasons);
  else if (self->report_after)
    {
      /* After a removal, what the check after found is the verdict. */
      v = self->report_after->infection;
      add_report_reasons (self->report_after, FALSE, reasons);
    }
  else if (self->report)
    {
      v = self->report->infection;
      /* A Windows disk (or this computer) with no Windows folder is the wrong disk, or one not
       * mounted: its files may be fine, but the PC's worm places and registry were never seen. */
      if (self->report->target_kind == SCAN_TARGET_FOLDER
          && (self->target_kind == BC_TARGET_DISK || self->target_kind == BC_TARGET_THIS_COMPUTER))
        {
          v = scan_infection_worse (v, SCAN_INFECTION_INCOMPLETE);
          add_reason (reasons, g_strdup (_("There is no Windows folder on this disk, so the places "
                                           "the worm uses and its registry were not checked. Is "
                                           "it the right disk, and is it mounted?")));
        }
      add_report_reasons (self->report, FALSE, reasons);
    }
  else
    {
      v = SCAN_INFECTION_INCOMPLETE;
      add_reason (reasons, g_strdup (self->scan_error ? self->scan_error
                                                      : _("No check has been run yet.")));
    }

  if (any_symptom (self))
    {
      /* The advisory: the error messages alone mean the PC may be infected. */
      v = scan_infection_worse (v, SCAN_INFECTION_SUSPICIOUS);
      add_reason (reasons, g_strdup (_("You have seen the symptoms of the worm's attack "
                                       "(the shutdown countdown, RPC or svchost errors, or "
                                       "restarts).")));
    }
  return v;
}

scan_vulnerability
bc_session_get_vulnerability (BcSession *self, GPtrArray *reasons)
{
  scan_vulnerability v = SCAN_VULN_UNKNOWN;

  g_return_val_if_fail (BC_IS_SESSION (self), SCAN_VULN_UNKNOWN);

  if (self->report && self->target_kind != BC_TARGET_BY_HAND)
    v = self->report->vulnerability;
  if (v == SCAN_VULN_UNKNOWN
      && (self->symptoms[BC_SYMPTOM_SHUTDOWN_DIALOG] == BC_ANSWER_YES
          || self->symptoms[BC_SYMPTOM_RPC_ERROR] == BC_ANSWER_YES))
    {
      /* RPC crashes when the worm attacks a PC without the fix (KB826955). */
      add_reason (reasons, g_strdup (_("The RPC service crashed on this PC: that happens when "
                                       "the worm attacks a PC without the MS03-026 update.")));
      return SCAN_VULN_UNPATCHED;
    }
  if (self->report && self->target_kind != BC_TARGET_BY_HAND)
    add_report_reasons (self->report, TRUE, reasons);
  if (v == SCAN_VULN_UNKNOWN)
    add_reason (reasons, g_strdup (_("Check Add or Remove Programs for the updates, as the "
                                     "Prevention step shows.")));
  return v;
}

void
bc_session_reset (BcSession *self)
{
  g_return_if_fail (BC_IS_SESSION (self));

  bc_session_cancel_scan (self);
  self->scan = NULL; /* its job still owns it, and frees it when the worker has stopped */
  g_clear_handle_id (&self->progress_source, g_source_remove);
  memset (self->symptoms, 0, sizeof self->symptoms);
  memset (self->steps, 0, sizeof self->steps);
  self->recovery_wanted = FALSE;
  self->target_kind = BC_TARGET_NONE;
  g_clear_pointer (&self->target_path, g_free);
  g_hash_table_remove_all (self->guided);
  self->guided_in_wins = BC_ANSWER_UNKNOWN;
  clear_removal (self);
  g_clear_pointer (&self->mount_point, g_free);
  self->writable = 1;
  if (self->report)
    {
      scan_report_clear (self->report);
      g_clear_pointer (&self->report, g_free);
    }
  g_clear_pointer (&self->scan_error, g_free);
  delete_files (self);
  g_signal_emit (self, signals[RESET], 0);
  changed (self);
}

void
bc_session_track_file (BcSession *self, const char *path)
{
  g_return_if_fail (BC_IS_SESSION (self));
  g_return_if_fail (path != NULL);
  g_ptr_array_add (self->files, g_strdup (path));
}

gboolean
bc_session_get_busy (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), FALSE);
  return self->workers > 0;
}

gboolean
bc_session_removal_applies (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), FALSE);
  return self->report && self->target_path
         && (self->target_kind == BC_TARGET_DISK || self->target_kind == BC_TARGET_FOLDER)
         && self->report->target_kind == SCAN_TARGET_OFFLINE;
}

int
bc_session_get_writable (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), 1);
  return self->writable;
}

const char *
bc_session_get_mount_point (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), NULL);
  return self->mount_point;
}

void
bc_session_remove_async (BcSession *self, const gsize *also, gsize n_also,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  RemoveJob *job;

  g_return_if_fail (BC_IS_SESSION (self));
  g_return_if_fail (self->remove_job == NULL && self->scan == NULL);
  g_return_if_fail (bc_session_removal_applies (self));

  job = g_new0 (RemoveJob, 1);
  job->also = n_also ? g_memdup2 (also, n_also * sizeof *also) : NULL;
  job->n_also = n_also;
  start_remove_job (self, job, cancellable, callback, user_data, bc_session_remove_async);
}

gboolean
bc_session_remove_finish (BcSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
bc_session_undo_async (BcSession *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                       gpointer user_data)
{
  RemoveJob *job;

  g_return_if_fail (BC_IS_SESSION (self));
  g_return_if_fail (self->remove_job == NULL && self->scan == NULL);
  g_return_if_fail (self->removal != NULL && self->report != NULL);

  job = g_new0 (RemoveJob, 1);
  job->undo = TRUE;
  /* The job changes the removal's states as it goes: the session has none meanwhile. */
  job->removal = g_steal_pointer (&self->removal);
  start_remove_job (self, job, cancellable, callback, user_data, bc_session_undo_async);
}

gboolean
bc_session_undo_finish (BcSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
bc_session_is_removing (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), FALSE);
  return self->remove_job != NULL;
}

const scan_removal *
bc_session_get_removal (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), NULL);
  return self->removal;
}

const scan_report *
bc_session_get_report_after (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), NULL);
  return self->report_after;
}

int
bc_session_get_remove_error (BcSession *self)
{
  g_return_val_if_fail (BC_IS_SESSION (self), 0);
  return self->remove_error;
}
