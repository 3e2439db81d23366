/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-session.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

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
  g_free (job);
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

static void
worker (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ScanJob *job = data;
  scan_options o = {
    .rules = job->rules,
    .fs = scan_platform_fs (),
    .separator = scan_platform_separator (),
    .registry = scan_platform_offline_registry (),
    .progress = worker_progress,
    .user = job->shared,
  };
  job->report = g_new0 (scan_report, 1);
  scan_report_init (job->report, job->rules);
  job->rc = scan_run_path (&o, job->path, job->report);
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
    }
  g_signal_emit (self, signals[SCAN_FINISHED], 0);
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
  if (self->recovery_wanted)
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

  if (self->report)
    {
      scan_report_clear (self->report);
      g_clear_pointer (&self->report, g_free);
    }
  g_clear_pointer (&self->scan_error, g_free);

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
