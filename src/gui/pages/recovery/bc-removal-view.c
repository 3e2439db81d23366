/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The lists are rebuilt only when what they show changes (another report, another removal, a
 * removal's state), never on every change of the session: the suspicious items' boxes keep
 * their ticks while the person reads. What the removal does is the core's (scan-remove.h) and
 * the session's (bc_session_remove_async); the words are the core's msgids (scan_strerror,
 * scan_step_state_text, the verdicts' labels), translated here.
 */
#include "config.h"

#include "bc-removal-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "bc-config.h"
#include "bc-pin-dialog.h"
#include "bc-pin.h"
#include "bc-registry-location.h"
#include "bc-removal-text.h"
#include "bc-report.h"
#include "scan-error.h"

struct _BcRemovalView
{
  GtkWidget parent_instance;

  BcSession *session;
  /* What the lists show now, to rebuild them only when it changes. */
  const scan_report *shown_report;
  const scan_removal *shown_removal;
  int shown_state; /* the removal's state when shown; -1: none */
  gboolean undoing; /* the running job is an undo */
  GtkWindow *dialog; /* weak: the question or the PIN prompt, while one is open */
  gboolean disposed;

  GtkWidget *plan_box;
  GtkBox *plan_list;
  GtkWidget *suspicious_heading;
  GtkBox *suspicious_list;
  GtkWidget *readonly_box;
  GtkLabel *readonly_label;
  GtkLabel *remount_label;
  GtkWidget *progress_box;
  GtkLabel *progress_label;
  GtkProgressBar *progress_bar;
  GtkWidget *result_box;
  GtkImage *before_icon;
  GtkLabel *before_label;
  GtkImage *after_icon;
  GtkLabel *after_label;
  GtkLabel *outcome_heading;
  GtkBox *outcome_list;
  GtkLabel *quarantine_label;
  GtkLabel *error_label;
  GtkWidget *remove_button;
  GtkWidget *undo_button;
};

G_DEFINE_FINAL_TYPE (BcRemovalView, bc_removal_view, GTK_TYPE_WIDGET)

typedef enum
{
  ASK_REMOVE,
  ASK_UNDO,
} Ask;

static void update (BcRemovalView *self);

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_box_remove (box, child);
}

static GtkWidget *
new_label (const char *text, const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (style_class)
    gtk_widget_add_css_class (label, style_class);
  return label;
}

/* What a removal does with finding F, in the words the person is told before it is done. */
static const char *
change_text (const scan_finding *f)
{
  if (f->kind == SCAN_FINDING_FILE)
    return _("moved into the quarantine");
  /* A service is taken out of ControlSet002 and the others too (scan-remove-plan.c), or
   * Windows would start it again from a copy: the person is told so. */
  if (f->kind == SCAN_FINDING_SERVICE)
    /* Translators: "control set": the registry's copies of the system's settings
     * (ControlSet001, ControlSet002…), as Microsoft's help names them */
    return _("deleted from the registry, in every control set (a copy of the registry file is "
             "kept)");
  return _("deleted from the registry (a copy of the registry file is kept)");
}

/* "C:\WINDOWS\system32\msblast.exe: moved into the quarantine" */
static char *
plan_text (const scan_finding *f)
{
  g_autofree char *place = bc_report_finding_place (f);

  /* Translators: a change "Remove it for me" will make: the place as the PC names it (a file,
   * or a registry value or key as Registry Editor shows it), then what is done with it */
  return g_strdup_printf (_("%1$s: %2$s"), place, change_text (f));
}

/* Whether the removal would take anything out on its own (an infection), without a tick. */
static gboolean
takes_infection (const scan_report *report)
{
  for (size_t i = 0; report && i < report->n_findings; i++)
    if (scan_remove_takes (&report->findings[i]))
      return TRUE;
  return FALSE;
}

static gboolean
takes_something (const scan_report *report)
{
  for (size_t i = 0; report && i < report->n_findings; i++)
    if (scan_remove_takes (&report->findings[i]) || scan_remove_can_take (&report->findings[i]))
      return TRUE;
  return FALSE;
}

/* What will change: each finding a removal takes out on its own, then each suspicious one it
 * takes out only when ticked (unticked to begin with). */
static gboolean
any_ticked (BcRemovalView *self)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->suspicious_list)); c;
       c = gtk_widget_get_next_sibling (c))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (c)))
      return TRUE;
  return FALSE;
}

static void
show_plan (BcRemovalView *self, const scan_report *report)
{
  guint suspicious = 0, taken = 0;

  clear_box (self->plan_list);
  clear_box (self->suspicious_list);
  for (size_t i = 0; report && i < report->n_findings; i++)
    {
      const scan_finding *f = &report->findings[i];
      g_autofree char *text = NULL;

      if (scan_remove_takes (f))
        {
          if (taken++ < BC_REMOVAL_MAX_LINES)
            {
              text = plan_text (f);
              gtk_box_append (self->plan_list, new_label (text, NULL));
            }
        }
      else if (scan_remove_can_take (f) && suspicious < BC_REMOVAL_MAX_LINES)
        {
          GtkWidget *check = gtk_check_button_new ();
          GtkWidget *label;

          text = plan_text (f);
          label = new_label (text, NULL);
          gtk_check_button_set_child (GTK_CHECK_BUTTON (check), label);
          gtk_accessible_update_relation (GTK_ACCESSIBLE (check),
                                          GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
          g_object_set_data (G_OBJECT (check), "finding", GSIZE_TO_POINTER (i));
          /* Only suspicious items: Remove works once one is ticked. */
          g_signal_connect_object (check, "toggled", G_CALLBACK (update), self,
                                   G_CONNECT_SWAPPED);
          gtk_box_append (self->suspicious_list, check);
          suspicious++;
        }
    }
  if (taken > BC_REMOVAL_MAX_LINES)
    {
      /* All of them are removed all the same: the list only stops growing. */
      g_autofree char *more = bc_removal_more_text (taken - BC_REMOVAL_MAX_LINES);
      gtk_box_append (self->plan_list, new_label (more, NULL));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->plan_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->plan_list)) != NULL);
  gtk_widget_set_visible (self->suspicious_heading, suspicious > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->suspicious_list), suspicious > 0);
}

static const char *
outcome_class (scan_step_state state)
{
  switch (state)
    {
    case SCAN_STEP_DONE:
    case SCAN_STEP_UNDONE:
      return "success";
    case SCAN_STEP_FAILED:
    case SCAN_STEP_REFUSED:
    case SCAN_STEP_UNDO_REFUSED:
      return "error";
    case SCAN_STEP_PLANNED:
    case SCAN_STEP_STARTED:
    case SCAN_STEP_EDITED:
    default:
      return "dim-label";
    }
}

static void
show_outcomes (BcRemovalView *self, const scan_removal *removal)
{
  g_autofree char *quarantine = NULL;
  g_autofree char *where = NULL;

  clear_box (self->outcome_list);
  gtk_label_set_text (self->outcome_heading,
                      removal->state == SCAN_REMOVAL_UNDONE
                        || removal->state == SCAN_REMOVAL_UNDOING
                        ? _("What was put back:")
                        : _("What was done:"));
  for (size_t i = 0; i < removal->n_actions && i < BC_REMOVAL_MAX_LINES; i++)
    {
      const scan_action *a = &removal->actions[i];
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      g_autofree char *places = bc_removal_action_places (a);
      g_autofree char *outcome = bc_removal_action_outcome (a);
      GtkWidget *place_label = new_label (places, NULL);

      gtk_label_set_selectable (GTK_LABEL (place_label), TRUE);
      gtk_box_append (GTK_BOX (row), place_label);
      gtk_box_append (GTK_BOX (row), new_label (outcome, outcome_class (a->state)));
      gtk_box_append (self->outcome_list, row);
    }
  if (removal->n_actions > BC_REMOVAL_MAX_LINES)
    {
      g_autofree char *more = bc_removal_more_text (removal->n_actions - BC_REMOVAL_MAX_LINES);
      gtk_box_append (self->outcome_list, new_label (more, NULL));
    }
  quarantine = bc_script_display_filename (removal->quarantine ? removal->quarantine : "");
  /* Translators: %s is the folder on the disk (as this computer mounted it) that keeps what
   * was removed */
  where = g_strdup_printf (_("What was removed is kept in the quarantine on the disk: %s"),
                           quarantine);
  gtk_label_set_text (self->quarantine_label, where);
}

static void
show_verdicts (BcRemovalView *self, const scan_report *before, const scan_report *after)
{
  gtk_image_set_from_icon_name (self->before_icon, bc_report_infection_icon (before->infection));
  gtk_label_set_text (self->before_label, bc_report_infection_text (before->infection));
  gtk_widget_set_visible (GTK_WIDGET (self->after_icon), after != NULL);
  if (after)
    {
      gtk_image_set_from_icon_name (self->after_icon, bc_report_infection_icon (after->infection));
      gtk_label_set_text (self->after_label, bc_report_infection_text (after->infection));
    }
  else
    /* Translators: the check after the removal could not run */
    gtk_label_set_text (self->after_label, _("Not checked again"));
}

/* A disk that cannot be changed: why, and (read-only) the command that mounts it writable. */
static void
show_readonly (BcRemovalView *self, int why)
{
  const char *mount_point = bc_session_get_mount_point (self->session);

  if (why == SCAN_EROFS)
    {
      gtk_label_set_text (self->readonly_label,
                          _("This disk is mounted read-only, so this program cannot change "
                            "anything on it. To remove the worm here, mount the disk writable "
                            "with this command in a terminal, then check it again:"));
      if (mount_point)
        {
          /* Quoted for the shell only where it needs it: most mount points read as they are. */
          gboolean plain = strspn (mount_point, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                "0123456789/._-+:@%,")
                           == strlen (mount_point);
          g_autofree char *quoted = plain ? g_strdup (mount_point) : g_shell_quote (mount_point);
          g_autofree char *shown = bc_script_display_filename (quoted);
          g_autofree char *command = g_strdup_printf ("sudo mount -o remount,rw %s", shown);
          gtk_label_set_text (self->remount_label, command);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->remount_label), mount_point != NULL);
    }
  else
    {
      gtk_label_set_text (self->readonly_label,
                          _("This program may not change the files on this disk (the disk’s "
                            "permissions do not allow it). Start it as a user who may, or "
                            "remove the worm by hand as below."));
      gtk_widget_set_visible (GTK_WIDGET (self->remount_label), FALSE);
    }
}

static gboolean
any_done (const scan_removal *removal)
{
  for (size_t i = 0; removal && i < removal->n_actions; i++)
    if (removal->actions[i].state == SCAN_STEP_DONE)
      return TRUE;
  return FALSE;
}

/* The one place where what is shown, and which buttons work, follow from the session. */
static void
update (BcRemovalView *self)
{
  BcSession *session = self->session;
  const scan_report *report = session ? bc_session_get_report (session) : NULL;
  const scan_removal *removal = session ? bc_session_get_removal (session) : NULL;
  gboolean removing = session && bc_session_is_removing (session);
  /* A job forgotten by a reset may still run on the same disk: nothing new starts until it
   * ends (two threads must never write one disk's quarantine). */
  gboolean busy = session && bc_session_get_busy (session);
  int writable = session ? bc_session_get_writable (session) : 1;
  int error = session ? bc_session_get_remove_error (session) : 0;
  gboolean applies = session && bc_session_removal_applies (session);
  gboolean shown = applies && (removing || removal || takes_something (report));
  gboolean readonly = writable == SCAN_EROFS || writable == SCAN_EACCES;
  /* Before a removal, or after its undo: what a removal would change. */
  gboolean planning = !removing && (!removal || removal->state == SCAN_REMOVAL_UNDONE);
  gboolean can_remove;
  gboolean can_undo = shown && !removing && !busy && removal
                      && removal->state == SCAN_REMOVAL_REMOVED
                      && any_done (removal) && !self->dialog;

  gtk_widget_set_visible (GTK_WIDGET (self), shown);
  if (report != self->shown_report)
    {
      self->shown_report = report;
      show_plan (self, report);
    }
  if (removal != self->shown_removal || (removal && (int) removal->state != self->shown_state))
    {
      self->shown_removal = removal;
      self->shown_state = removal ? (int) removal->state : -1;
      if (removal)
        show_outcomes (self, removal);
    }
  if (removal && report)
    show_verdicts (self, report, bc_session_get_report_after (session));
  /* After the lists: a suspicious item's tick may be all there is to remove. */
  can_remove = shown && planning && !readonly && !busy && !self->dialog
               && (takes_infection (report) || any_ticked (self));

  gtk_widget_set_visible (self->plan_box, shown && planning && !readonly);
  gtk_widget_set_visible (self->readonly_box, shown && planning && readonly);
  if (readonly)
    show_readonly (self, writable);
  gtk_widget_set_visible (self->progress_box, removing);
  gtk_widget_set_visible (self->result_box, !removing && removal != NULL);

  if (error && error != SCAN_EROFS && error != SCAN_EACCES)
    {
      g_autofree char *text = g_strdup_printf (_("The worm could not be removed: %s"),
                                               _(scan_strerror (error)));
      gtk_label_set_text (self->error_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label),
                          error && error != SCAN_EROFS && error != SCAN_EACCES);

  /* No button that cannot work: a read-only disk has none. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "removal.remove", can_remove);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "removal.undo", can_undo);
  gtk_widget_set_visible (self->remove_button, shown && planning && !readonly);
  gtk_widget_set_visible (self->undo_button, can_undo || (self->dialog && removal && !planning));
}

static void
progress (BcRemovalView *self, guint index, guint n, const char *where)
{
  g_autofree char *shown = bc_display_text (where);
  g_autofree char *text = NULL;

  if (self->undoing)
    /* Translators: an undo under way: "Putting back 1 of 3: C:\WINDOWS\system32\msblast.exe" */
    text = g_strdup_printf (_("Putting back %1$u of %2$u: %3$s"), index + 1, n, shown);
  else
    /* Translators: a removal under way: "Removing 1 of 3: C:\WINDOWS\system32\msblast.exe" */
    text = g_strdup_printf (_("Removing %1$u of %2$u: %3$s"), index + 1, n, shown);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, n ? (double) index / n : 0);
}

static void
job_done (GObject *source, GAsyncResult *result, gpointer data)
{
  BcRemovalView *self = data;
  g_autoptr (GError) error = NULL;

  if (g_async_result_is_tagged (result, bc_session_undo_async))
    bc_session_undo_finish (BC_SESSION (source), result, &error);
  else
    bc_session_remove_finish (BC_SESSION (source), result, &error);
  /* What went wrong is the session's to keep (bc_session_get_remove_error): update shows it. */
  if (!self->disposed)
    {
      self->undoing = FALSE;
      update (self);
    }
  g_object_unref (self);
}

static GPtrArray *
ticked (BcRemovalView *self)
{
  GPtrArray *also = g_ptr_array_new ();

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->suspicious_list)); c;
       c = gtk_widget_get_next_sibling (c))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (c)))
      g_ptr_array_add (also, g_object_get_data (G_OBJECT (c), "finding"));
  return also;
}

static void
start (BcRemovalView *self, Ask what)
{
  gtk_label_set_text (self->progress_label, what == ASK_UNDO ? _("Putting everything back…")
                                                             : _("Removing the worm…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  self->undoing = what == ASK_UNDO;
  if (what == ASK_UNDO)
    bc_session_undo_async (self->session, NULL, job_done, g_object_ref (self));
  else
    {
      g_autoptr (GPtrArray) also = ticked (self);
      g_autofree gsize *indexes = g_new0 (gsize, also->len + 1);

      for (guint i = 0; i < also->len; i++)
        indexes[i] = GPOINTER_TO_SIZE (also->pdata[i]);
      bc_session_remove_async (self->session, indexes, also->len, NULL, job_done,
                               g_object_ref (self));
    }
  update (self);
}

static void
confirm_answered (BcRemovalView *self, const char *response, AdwMessageDialog *dialog)
{
  Ask what = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "ask"));

  g_clear_weak_pointer (&self->dialog);
  if (g_strcmp0 (response, "go") == 0 && !self->disposed)
    start (self, what);
  else
    update (self);
}

/* The one question before anything is changed. */
static void
confirm (BcRemovalView *self, Ask what)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  if (what == ASK_UNDO)
    {
      dialog = ADW_MESSAGE_DIALOG (
        adw_message_dialog_new (GTK_WINDOW (root), _("Put everything back?"),
                                _("Every file and registry file this program removed goes back "
                                  "where it was, byte for byte: the worm too. Nothing that is at "
                                  "one of those places now is overwritten: the page then says "
                                  "what was not put back, and why.")));
      /* Translators: the button that undoes the removal */
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "go", _("_Put Back"),
                                        NULL);
    }
  else
    {
      dialog = ADW_MESSAGE_DIALOG (
        adw_message_dialog_new (GTK_WINDOW (root), _("Remove the worm from this disk?"),
                                _("The changes listed on the page are made now: the worm’s "
                                  "files are moved into the quarantine on the disk and its "
                                  "registry entries are deleted. Then the disk is checked again. "
                                  "Undo puts everything back.")));
      /* Translators: the button that starts "Remove it for me" */
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "go", _("_Remove"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "go", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "ask", GINT_TO_POINTER (what));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_answered), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  update (self);
}

static void
staff_unlocked (BcRemovalView *self, BcPinDialog *dialog)
{
  Ask what = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "ask"));

  g_clear_weak_pointer (&self->dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  confirm (self, what);
}

static void
dialog_gone (BcRemovalView *self, GtkWindow *dialog)
{
  if (self->dialog == dialog)
    g_clear_weak_pointer (&self->dialog);
  if (!self->disposed)
    update (self);
}

/* At a kiosk only staff change a customer's disk: the staff PIN first, as the staff exit asks
 * it; a wrong PIN, or Cancel, changes nothing. Elsewhere the question comes at once. */
static void
ask (BcRemovalView *self, Ask what)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GSettings *settings = bc_config_settings ();
  g_autofree char *stored = NULL;
  GtkWindow *dialog;

  if (self->dialog)
    {
      gtk_window_present (self->dialog);
      return;
    }
  if (!bc_config_kiosk ())
    {
      confirm (self, what);
      return;
    }
  stored = settings ? g_settings_get_string (settings, "staff-pin-hash") : NULL;
  if (bc_pin_stored_valid (stored))
    {
      BcPinDialog *pin = bc_pin_dialog_new (GTK_WINDOW (root), stored, bc_pin_staff_throttle ());

      bc_pin_dialog_set_purpose (pin, _("Staff only"),
                                 what == ASK_UNDO
                                   ? _("Enter the staff PIN to undo the removal.")
                                   : _("Enter the staff PIN to remove the worm from this disk."),
                                 /* Translators: the button that checks the staff PIN */
                                 _("_Continue"));
      g_signal_connect_object (pin, "unlocked", G_CALLBACK (staff_unlocked), self,
                               G_CONNECT_SWAPPED);
      dialog = GTK_WINDOW (pin);
    }
  else
    {
      AdwMessageDialog *message = ADW_MESSAGE_DIALOG (
        adw_message_dialog_new (GTK_WINDOW (root), _("No staff PIN is set"),
                                _("At a kiosk only staff can remove the worm or undo it, with "
                                  "the staff PIN, and none is set. An administrator sets one "
                                  "with “blaster-check --set-staff-pin” (see the README).")));
      adw_message_dialog_add_response (message, "close", _("_Close"));
      dialog = GTK_WINDOW (message);
    }
  g_object_set_data (G_OBJECT (dialog), "ask", GINT_TO_POINTER (what));
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_gone), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (dialog);
  update (self);
}

static void
remove_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  ask (BC_REMOVAL_VIEW (widget), ASK_REMOVE);
}

static void
undo_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  ask (BC_REMOVAL_VIEW (widget), ASK_UNDO);
}

static void
bc_removal_view_dispose (GObject *object)
{
  BcRemovalView *self = BC_REMOVAL_VIEW (object);
  GtkWidget *child;

  self->disposed = TRUE;
  if (self->dialog)
    gtk_window_destroy (self->dialog);
  g_clear_weak_pointer (&self->dialog);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_REMOVAL_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (bc_removal_view_parent_class)->dispose (object);
}

static void
bc_removal_view_class_init (BcRemovalViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bc_removal_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-removal-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, plan_box);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, plan_list);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, suspicious_heading);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, suspicious_list);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, readonly_box);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, readonly_label);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, remount_label);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, progress_box);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, result_box);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, before_icon);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, before_label);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, after_icon);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, after_label);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, outcome_heading);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, outcome_list);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, quarantine_label);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, error_label);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, remove_button);
  gtk_widget_class_bind_template_child (widget_class, BcRemovalView, undo_button);

  gtk_widget_class_install_action (widget_class, "removal.remove", NULL, remove_activated);
  gtk_widget_class_install_action (widget_class, "removal.undo", NULL, undo_activated);
}

static void
bc_removal_view_init (BcRemovalView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown_state = -1;
  update (self);
}

/* Another check's report may sit where the last one was freed: its list is made anew. */
static void
report_replaced (BcRemovalView *self)
{
  self->shown_report = (const scan_report *) self;
  update (self);
}

void
bc_removal_view_set_session (BcRemovalView *self, BcSession *session)
{
  g_return_if_fail (BC_IS_REMOVAL_VIEW (self));
  g_return_if_fail (BC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  g_signal_connect_object (session, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::busy", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "remove-progress", G_CALLBACK (progress), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "scan-finished", G_CALLBACK (report_replaced), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "reset", G_CALLBACK (report_replaced), self,
                           G_CONNECT_SWAPPED);
  update (self);
}
