/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Checking page: runs the scan of the chosen disk or folder and shows how far it is — the
 * three parts of a scan as a list, a pulsing bar, the count, the folder being read — with Cancel.
 * The scan runs in the session's worker thread; this page only starts it, stops it, and shows
 * what the session reports, so leaving and coming back shows the same scan, not a new one.
 *
 * Which part runs, and what it found (the Windows folder, the registry read), comes from the
 * scan's own events ("scan-event": each one, in order), never from the ticks: those are
 * throttled, and only count. A page built after the scan (a language switch) has no events, and
 * says what the report says.
 */
#include "config.h"

#include "bc-checking-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "bc-a11y.h"
#include "bc-script.h"
#include "scan-run.h"

#define N_PHASES 3

/* What the page shows, decided from the session alone (see current_state). */
typedef enum
{
  STATE_IDLE,        /* nothing started yet for this target */
  STATE_RUNNING,
  STATE_DONE,
  STATE_CANCELLED,
  STATE_ERROR,       /* the scan could not run at all */
  STATE_UNAVAILABLE, /* a target this version cannot check (this computer, live) */
} State;

/* The mark in front of one part of the scan: a shape and a word each, never colour alone. */
typedef enum
{
  MARK_WAITING,
  MARK_NOW,
  MARK_DONE,
  MARK_SKIPPED,
  MARK_STOPPED,
  MARK_NOT_DONE,
} Mark;

/* Whether the scan found a Windows folder, as its events said. */
typedef enum
{
  WINDOWS_NOT_KNOWN_YET,
  WINDOWS_FOUND,
  WINDOWS_NONE,
} Windows;

/* The Windows's registry, as the scan's events said. */
typedef enum
{
  REGISTRY_NOT_YET,
  REGISTRY_READING,
  REGISTRY_READ,
  REGISTRY_UNSUPPORTED,
} Registry;

struct _BcCheckingPage
{
  BcPage parent_instance;

  GtkLabel *target_label;
  GtkWidget *phase_list;
  AdwActionRow *phase_rows[N_PHASES];
  GtkImage *phase_icons[N_PHASES];
  GtkSpinner *phase_spinners[N_PHASES];
  GtkStack *state_stack;
  GtkProgressBar *progress;
  GtkLabel *count_label;
  GtkLabel *folder_label;
  GtkImage *ended_icon;
  GtkLabel *ended_title;
  GtkLabel *ended_detail;
  GtkWidget *back_button;

  /* What the running (or last) scan of this page reported: its events, never a guess. */
  gboolean events_seen;           /* any event: else only the report can tell (a rebuilt page) */
  gboolean started[N_PHASES];
  gboolean ended[N_PHASES];
  Windows windows;
  char *windows_name;             /* WINDOWS_FOUND's folders, for display ("WINDOWS, WINNT") */
  Registry registry;
  gboolean cancelling;
};

G_DEFINE_FINAL_TYPE (BcCheckingPage, bc_checking_page, BC_TYPE_PAGE)

/* Formatting. */

/* N with its digits grouped as the user's locale groups them (12,345). */
static char *
format_count (guint64 n)
{
  const char *sep = localeconv ()->thousands_sep;
  g_autofree char *digits = NULL;
  GString *s;

  if (sep && *sep)
    return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);

  /* The "C" locale groups nothing, and 1234567 is hard to read: group by the language's way. */
  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  s = g_string_new (NULL);
  for (gsize i = 0, len = strlen (digits); i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        /* Translators: groups the digits of big numbers (12,345) where the system does not
           say how; use your language's usual separator: a comma, a dot or a space */
        g_string_append (s, C_("thousands separator", ","));
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

static char *
format_seconds (double seconds)
{
  guint total;

  if (seconds < 60)
    /* Translators: a duration in seconds, such as 3.2 s */
    return g_strdup_printf (_("%.1f s"), seconds);
  total = (guint) (seconds + 0.5);
  /* Translators: a duration in minutes and seconds, such as 2 min 5 s */
  return g_strdup_printf (_("%u min %u s"), total / 60, total % 60);
}

/* The count of checked entries as a sentence: the running line or the finished one. */
static char *
count_sentence (guint64 n, gboolean finished, double seconds)
{
  g_autofree char *count = format_count (n);
  gulong plural = (gulong) MIN (n, (guint64) G_MAXULONG);

  if (finished)
    {
      g_autofree char *time = format_seconds (seconds);
      /* Translators: %1$s is a number (12,345), %2$s a duration (3.2 s) */
      return g_strdup_printf (ngettext ("Done: %1$s file or folder checked in %2$s.",
                                        "Done: %1$s files and folders checked in %2$s.", plural),
                              count, time);
    }
  /* Translators: %s is a number (12,345) */
  return g_strdup_printf (ngettext ("%s file or folder checked", "%s files and folders checked",
                                    plural),
                          count);
}

/* Updating. */

static State
current_state (BcCheckingPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  const char *path = bc_session_get_target_path (session);
  const scan_report *report = bc_session_get_report (session);

  if (bc_session_is_scanning (session))
    return STATE_RUNNING;
  if (!path)
    return STATE_UNAVAILABLE;
  /* A report is this target's only if it is of the same path: another disk needs its own scan. */
  if (report && g_strcmp0 (report->root, path) == 0)
    return report->cancelled ? STATE_CANCELLED : STATE_DONE;
  if (bc_session_get_scan_error (session))
    return STATE_ERROR;
  return STATE_IDLE;
}

static void
set_mark (BcCheckingPage *self, guint i, Mark mark, const char *words)
{
  static const char *const icons[] = {
    [MARK_WAITING] = "content-loading-symbolic",
    [MARK_DONE] = "object-select-symbolic",
    [MARK_SKIPPED] = "action-unavailable-symbolic",
    [MARK_STOPPED] = "process-stop-symbolic",
    [MARK_NOT_DONE] = "action-unavailable-symbolic",
  };
  const char *defaults[] = {
    /* Translators: the state of one part of the check: not started yet */
    [MARK_WAITING] = C_("part of the check", "Waiting"),
    /* Translators: the state of one part of the check: running now */
    [MARK_NOW] = C_("part of the check", "Now"),
    /* Translators: the state of one part of the check: finished */
    [MARK_DONE] = C_("part of the check", "Done"),
    /* Translators: the state of one part of the check: left out */
    [MARK_SKIPPED] = C_("part of the check", "Skipped"),
    /* Translators: the state of one part of the check: cancelled while it ran */
    [MARK_STOPPED] = C_("part of the check", "Stopped"),
    /* Translators: the state of one part of the check: never started, the check was cancelled */
    [MARK_NOT_DONE] = C_("part of the check", "Not done"),
  };

  gtk_widget_set_visible (GTK_WIDGET (self->phase_spinners[i]), mark == MARK_NOW);
  gtk_spinner_set_spinning (self->phase_spinners[i], mark == MARK_NOW);
  gtk_widget_set_visible (GTK_WIDGET (self->phase_icons[i]), mark != MARK_NOW);
  if (mark != MARK_NOW)
    gtk_image_set_from_icon_name (self->phase_icons[i], icons[mark]);
  adw_action_row_set_subtitle (self->phase_rows[i], words ? words : defaults[mark]);
  if (mark == MARK_WAITING || mark == MARK_SKIPPED || mark == MARK_NOT_DONE)
    gtk_widget_add_css_class (GTK_WIDGET (self->phase_rows[i]), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->phase_rows[i]), "dim-label");
}

/* The rows as the scan's events tell them, while it runs or when it was cancelled. */
static void
update_phases_from_events (BcCheckingPage *self, gboolean cancelled)
{
  Mark unfinished = cancelled ? MARK_STOPPED : MARK_NOW;
  Mark unstarted = cancelled ? MARK_NOT_DONE : MARK_WAITING;
  g_autofree char *found = NULL;

  if (self->windows == WINDOWS_FOUND)
    {
      /* Translators: %s is the Windows folder that was found, such as WINDOWS, or the list of
       * them on a disk with two Windows, such as "WINDOWS, WINNT" */
      found = g_strdup_printf (_("Done: found %s"), self->windows_name);
      set_mark (self, SCAN_PHASE_PREPARE, MARK_DONE, found);
    }
  else if (self->windows == WINDOWS_NONE)
    set_mark (self, SCAN_PHASE_PREPARE, MARK_DONE,
              _("Done: there is no Windows folder here, so every folder is searched"));
  else
    set_mark (self, SCAN_PHASE_PREPARE, self->started[SCAN_PHASE_PREPARE] ? unfinished : unstarted,
              NULL);

  if (self->windows == WINDOWS_NONE)
    set_mark (self, SCAN_PHASE_KNOWN, MARK_SKIPPED, _("Skipped: there is no Windows folder here"));
  else if (self->registry == REGISTRY_READ)
    set_mark (self, SCAN_PHASE_KNOWN, MARK_DONE, _("Done, and the Windows registry was read"));
  else if (self->registry == REGISTRY_UNSUPPORTED)
    set_mark (self, SCAN_PHASE_KNOWN, MARK_DONE,
              _("Done; the Windows registry cannot be read on this system"));
  else if (self->registry == REGISTRY_READING)
    set_mark (self, SCAN_PHASE_KNOWN, unfinished,
              cancelled ? NULL : _("Now: reading the Windows registry"));
  else
    set_mark (self, SCAN_PHASE_KNOWN, self->started[SCAN_PHASE_KNOWN] ? unfinished : unstarted,
              NULL);

  set_mark (self, SCAN_PHASE_VOLUME, self->ended[SCAN_PHASE_VOLUME] ? MARK_DONE
                                     : self->started[SCAN_PHASE_VOLUME] ? unfinished
                                                                        : unstarted,
            NULL);
}

static void
update_phases (BcCheckingPage *self, State state)
{
  const scan_report *report = bc_session_get_report (bc_page_get_session (BC_PAGE (self)));
  g_autofree char *found = NULL;
  guint reached;

  switch (state)
    {
    case STATE_RUNNING:
      update_phases_from_events (self, FALSE);
      break;

    case STATE_DONE:
      if (self->events_seen && self->ended[SCAN_PHASE_VOLUME])
        {
          update_phases_from_events (self, FALSE);
          break;
        }
      /* After a language switch the page is new and knows only what the report says. */
      if (report->windows_dir)
        {
          g_autofree char *name = g_filename_display_basename (report->windows_dir);
          /* Translators: %s is the Windows folder that was found, such as WINDOWS, or the list of
       * them on a disk with two Windows, such as "WINDOWS, WINNT" */
          found = g_strdup_printf (_("Done: found %s"), name);
          set_mark (self, 0, MARK_DONE, found);
          set_mark (self, 1, MARK_DONE, NULL);
        }
      else
        {
          set_mark (self, 0, MARK_DONE, _("Done: there is no Windows folder here, so every "
                                          "folder is searched"));
          set_mark (self, 1, MARK_SKIPPED, _("Skipped: there is no Windows folder here"));
        }
      set_mark (self, 2, MARK_DONE, NULL);
      break;

    case STATE_CANCELLED:
      if (self->events_seen)
        {
          update_phases_from_events (self, TRUE);
          break;
        }
      /* After a language switch the page is new and knows only what the report says. */
      reached = report->windows_dir ? (guint) SCAN_PHASE_KNOWN : 0;
      for (guint i = 0; i < N_PHASES; i++)
        {
          if (i == SCAN_PHASE_KNOWN && !report->windows_dir && reached > i)
            set_mark (self, i, MARK_SKIPPED, _("Skipped: there is no Windows folder here"));
          else
            set_mark (self, i, i < reached ? MARK_DONE
                               : i == reached ? MARK_STOPPED : MARK_NOT_DONE, NULL);
        }
      break;

    case STATE_IDLE:
    case STATE_ERROR:
    case STATE_UNAVAILABLE:
    default:
      for (guint i = 0; i < N_PHASES; i++)
        set_mark (self, i, MARK_WAITING, NULL);
      break;
    }
}

/* The folder line: empty between folders. An empty label would be read by its type name
 * ("GtkLabel") under GTK 4.8: screen readers skip it while it says nothing. */
static void
set_folder_line (BcCheckingPage *self, const char *text)
{
  gtk_label_set_label (self->folder_label, text);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->folder_label), GTK_ACCESSIBLE_STATE_HIDDEN,
                               *text == '\0', -1);
}

static void
show_ended (BcCheckingPage *self, const char *icon, const char *style, const char *title,
            const char *detail)
{
  gtk_image_set_from_icon_name (self->ended_icon, icon);
  gtk_widget_remove_css_class (GTK_WIDGET (self->ended_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->ended_icon), "error");
  if (style)
    gtk_widget_add_css_class (GTK_WIDGET (self->ended_icon), style);
  gtk_label_set_label (self->ended_title, title);
  gtk_label_set_label (self->ended_detail, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->ended_detail), detail && *detail);
  gtk_stack_set_visible_child_name (self->state_stack, "ended");
}

/* The one place that turns the session's state into what the page shows and allows. */
static void
update (BcCheckingPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  const scan_report *report = bc_session_get_report (session);
  const char *path = bc_session_get_target_path (session);
  State state = current_state (self);
  g_autofree char *shown = path ? bc_script_display_filename (path) : NULL;
  g_autofree char *target = NULL;

  switch (bc_session_get_target_kind (session))
    {
    case BC_TARGET_DISK:
      /* Translators: %s is where the disk is mounted, such as /media/ann/WINXP */
      target = g_strdup_printf (_("The Windows disk at %s"), shown);
      break;
    case BC_TARGET_FOLDER:
      /* Translators: %s is a folder, such as /home/ann/backup */
      target = g_strdup_printf (_("The folder %s"), shown);
      break;
    case BC_TARGET_THIS_COMPUTER:
      target = g_strdup (_("This computer"));
      break;
    case BC_TARGET_NONE:
    case BC_TARGET_BY_HAND:
    default:
      target = g_strdup ("");
      break;
    }
  gtk_label_set_label (self->target_label, target);

  if (state != STATE_RUNNING)
    self->cancelling = FALSE;
  update_phases (self, state);
  gtk_widget_set_visible (self->phase_list, state != STATE_ERROR && state != STATE_UNAVAILABLE);
  gtk_widget_set_visible (self->back_button, state == STATE_ERROR || state == STATE_UNAVAILABLE);

  switch (state)
    {
    case STATE_RUNNING:
    case STATE_IDLE:
      gtk_stack_set_visible_child_name (self->state_stack, "running");
      if (self->cancelling)
        set_folder_line (self, _("Stopping the check…"));
      break;
    case STATE_DONE:
      {
        g_autofree char *summary = count_sentence (report->entries, TRUE, report->seconds);
        g_autoptr (GString) detail = g_string_new (summary);
        g_string_append_c (detail, '\n');
        g_string_append (detail, _("See the result to learn what it found."));
        guint64 errors = report->n_errors + report->errors_dropped;
        if (errors > 0)
          {
            g_autofree char *count = format_count (errors);
            g_string_append_c (detail, '\n');
            /* Translators: %s is a number; the result page lists the places */
            g_string_append_printf (detail,
                                    ngettext ("%s place could not be read: the result lists it.",
                                              "%s places could not be read: the result lists "
                                              "them.",
                                              (gulong) MIN (errors, (guint64) G_MAXULONG)),
                                    count);
          }
        show_ended (self, "system-search-symbolic", NULL,
                    _("The check is finished."),
                    detail->str);
        gtk_progress_bar_set_fraction (self->progress, 1.0);
      }
      break;
    case STATE_CANCELLED:
      {
        g_autofree char *count = format_count (report->entries);
        /* Translators: %s is a number (12,345) */
        g_autofree char *detail = g_strdup_printf (ngettext ("%s file or folder had been checked.",
                                                             "%s files and folders had been "
                                                             "checked.",
                                                             (gulong) MIN (report->entries,
                                                                           (guint64) G_MAXULONG)),
                                                   count);
        show_ended (self, "dialog-warning-symbolic", "warning",
                    _("The check was cancelled. The result will say it is incomplete."), detail);
      }
      break;
    case STATE_ERROR:
      show_ended (self, "dialog-error-symbolic", "error", _("The check could not run."),
                  bc_session_get_scan_error (session));
      break;
    case STATE_UNAVAILABLE:
    default:
      show_ended (self, "dialog-error-symbolic", "error",
                  _("Checking this computer while it runs is not available yet."),
                  _("Check its Windows disk, a folder, or check by hand."));
      break;
    }

  bc_page_set_complete (BC_PAGE (self), state == STATE_DONE || state == STATE_CANCELLED);
  bc_page_set_can_go_back (BC_PAGE (self), state != STATE_RUNNING);
  bc_page_set_next_label (BC_PAGE (self), state == STATE_DONE || state == STATE_CANCELLED
                                            /* Translators: the Next button after the check */
                                            ? _("See the _result")
                                            : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checking.cancel",
                                 state == STATE_RUNNING && !self->cancelling);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checking.again",
                                 state != STATE_RUNNING && state != STATE_UNAVAILABLE);
}

static void
forget_events (BcCheckingPage *self)
{
  self->events_seen = FALSE;
  memset (self->started, 0, sizeof self->started);
  memset (self->ended, 0, sizeof self->ended);
  self->windows = WINDOWS_NOT_KNOWN_YET;
  g_clear_pointer (&self->windows_name, g_free);
  self->registry = REGISTRY_NOT_YET;
}

static void
start (BcCheckingPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));

  if (bc_session_is_scanning (session) || !bc_session_get_target_path (session))
    return;
  forget_events (self);
  self->cancelling = FALSE;
  gtk_progress_bar_set_fraction (self->progress, 0.0);
  gtk_label_set_label (self->count_label, _("Starting…"));
  set_folder_line (self, "");
  bc_session_start_scan (session); /* emits "changed": update() follows */
}

/* Callbacks. */

static void
session_scan_progress (BcCheckingPage *self, guint phase, guint64 entries, const char *folder)
{
  g_autofree char *count = count_sentence (entries, FALSE, 0);

  /* A tick only counts: which part of the check runs is the events' to say. */
  gtk_progress_bar_pulse (self->progress);
  gtk_label_set_label (self->count_label, count);
  if (self->cancelling)
    return;
  if (folder)
    {
      g_autofree char *name = bc_script_display_filename (folder);
      /* Translators: %s is the folder being read now */
      g_autofree char *text = g_strdup_printf (_("Folder: %s"), name);
      set_folder_line (self, text);
    }
}

static void
session_scan_event (BcCheckingPage *self, guint kind, guint phase, guint64 count,
                    const char *folder, int status)
{
  if (phase >= N_PHASES)
    return;
  self->events_seen = TRUE;
  switch ((scan_progress_kind) kind)
    {
    case SCAN_PROGRESS_PHASE_START:
      self->started[phase] = TRUE;
      break;
    case SCAN_PROGRESS_PHASE_END:
      self->ended[phase] = TRUE;
      break;
    case SCAN_PROGRESS_WINDOWS_FOUND:
      {
        /* One event per Windows of the disk (a dual-boot disk has two): each one is named. */
        g_autofree char *name = folder ? g_filename_display_basename (folder) : g_strdup ("");
        char *names = self->windows == WINDOWS_FOUND && self->windows_name
                        /* Translators: between the names of Windows folders found on one disk,
                         * as in "Done: found WINDOWS, WINNT" */
                        ? g_strconcat (self->windows_name, _(", "), name, NULL)
                        : g_steal_pointer (&name);
        g_free (self->windows_name);
        self->windows_name = names;
        self->windows = WINDOWS_FOUND;
      }
      break;
    case SCAN_PROGRESS_WINDOWS_NOT_FOUND:
      self->windows = WINDOWS_NONE;
      break;
    case SCAN_PROGRESS_REGISTRY_START:
      self->registry = REGISTRY_READING;
      break;
    case SCAN_PROGRESS_REGISTRY_END:
      self->registry = status == 0 ? REGISTRY_READ : REGISTRY_UNSUPPORTED;
      break;
    case SCAN_PROGRESS_TICK:
    default:
      return;
    }
  update_phases (self, current_state (self));
}

static void
cancel_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcCheckingPage *self = BC_CHECKING_PAGE (widget);

  self->cancelling = TRUE;
  bc_session_cancel_scan (bc_page_get_session (BC_PAGE (self)));
  update (self);
}

static void
again_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  start (BC_CHECKING_PAGE (widget));
}

/* BcPage. */

static gboolean
bc_checking_page_applies (BcPageClass *klass, BcSession *session)
{
  switch (bc_session_get_target_kind (session))
    {
    case BC_TARGET_THIS_COMPUTER:
    case BC_TARGET_DISK:
    case BC_TARGET_FOLDER:
      return TRUE;
    case BC_TARGET_NONE:
    case BC_TARGET_BY_HAND:
    default:
      return FALSE;
    }
}

static void
bc_checking_page_shown (BcPage *page)
{
  BcCheckingPage *self = BC_CHECKING_PAGE (page);
  State state = current_state (self);

  /* Back and Next again (or a language switch) must not scan the same target twice. */
  if (state == STATE_IDLE || state == STATE_ERROR)
    start (self);
  update (self);
}

/* GObject. */

static void
bc_checking_page_finalize (GObject *object)
{
  g_free (BC_CHECKING_PAGE (object)->windows_name);
  G_OBJECT_CLASS (bc_checking_page_parent_class)->finalize (object);
}

static void
bc_checking_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BC_TYPE_CHECKING_PAGE);
  G_OBJECT_CLASS (bc_checking_page_parent_class)->dispose (object);
}

static void
bc_checking_page_constructed (GObject *object)
{
  BcCheckingPage *self = BC_CHECKING_PAGE (object);
  BcSession *session = bc_page_get_session (BC_PAGE (self));

  G_OBJECT_CLASS (bc_checking_page_parent_class)->constructed (object);
  g_signal_connect_object (session, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "scan-progress", G_CALLBACK (session_scan_progress), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "scan-event", G_CALLBACK (session_scan_event), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

static void
bc_checking_page_class_init (BcCheckingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BcPageClass *page_class = BC_PAGE_CLASS (klass);

  object_class->constructed = bc_checking_page_constructed;
  object_class->dispose = bc_checking_page_dispose;
  object_class->finalize = bc_checking_page_finalize;
  page_class->applies = bc_checking_page_applies;
  page_class->shown = bc_checking_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-checking-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BcCheckingPage, target_label);
  gtk_widget_class_bind_template_child (widget_class, BcCheckingPage, phase_list);
  for (guint i = 0; i < N_PHASES; i++)
    {
      static const char *const rows[] = { "phase_row0", "phase_row1", "phase_row2" };
      static const char *const icons[] = { "phase_icon0", "phase_icon1", "phase_icon2" };
      static const char *const spinners[] = { "phase_spinner0", "phase_spinner1",
                                              "phase_spinner2" };
      gssize at = (gssize) (i * sizeof (gpointer));

      /* Three rows of the same shape: bound into arrays, so the code can loop over them. */
      gtk_widget_class_bind_template_child_full (
        widget_class, rows[i], FALSE, G_STRUCT_OFFSET (BcCheckingPage, phase_rows) + at);
      gtk_widget_class_bind_template_child_full (
        widget_class, icons[i], FALSE, G_STRUCT_OFFSET (BcCheckingPage, phase_icons) + at);
      gtk_widget_class_bind_template_child_full (
        widget_class, spinners[i], FALSE, G_STRUCT_OFFSET (BcCheckingPage, phase_spinners) + at);
    }
  gtk_widget_class_bind_template_child (widget_class, BcCheckingPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, BcCheckingPage, progress);
  gtk_widget_class_bind_template_child (widget_class, BcCheckingPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, BcCheckingPage, folder_label);
  gtk_widget_class_bind_template_child (widget_class, BcCheckingPage, ended_icon);
  gtk_widget_class_bind_template_child (widget_class, BcCheckingPage, ended_title);
  gtk_widget_class_bind_template_child (widget_class, BcCheckingPage, ended_detail);
  gtk_widget_class_bind_template_child (widget_class, BcCheckingPage, back_button);

  gtk_widget_class_install_action (widget_class, "checking.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "checking.again", NULL, again_activated);
}

static void
bc_checking_page_init (BcCheckingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bc_a11y_name_mnemonic_buttons (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Checking"));
}
