/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The What to check page: this computer, an attached Windows disk, a folder, or by hand. One
 * group of radio buttons across all rows; the session's target is the truth, and the buttons
 * only show it (sync_selection), so a target given on the command line or a reset shows too.
 *
 * The attached disks are found in a worker thread: listing the mounts is quick, but looking for
 * the Windows folder and reading its registry (which Windows it is) reads each disk, and a
 * sleeping or failing disk can take seconds.
 *
 * In kiosk mode there is no folder to choose and no "this computer": the customer's disk is
 * attached and mounted by staff, and the file chooser cannot be fenced in — GtkFileChooserNative
 * hands the choice to the desktop's own dialog (or a portal), which browses every folder, other
 * disks and the network, types any path, and can make folders. So the kiosk offers the attached
 * Windows disks the probe finds among the mounted volumes, and checking by hand. A folder given
 * on the command line by staff is still shown, and can be chosen again.
 */
#include "config.h"

#include "bc-target-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdlib.h>

#include "bc-a11y.h"
#include "bc-config.h"
#include "bc-script.h"
#include "scan-error.h"
#include "scan-platform.h"
#include "scan-run.h"

/* One disk row: a mounted volume with Windows on it, or the disk the session already names. */
typedef struct
{
  char *mount_point;
  char *label;       /* NULL: none */
  char *windows_dir; /* full path; NULL: no Windows folder found */
  char *os_product;  /* from its registry, made safe to show; NULL: not known */
  char *os_service_pack; /* likewise: "Service Pack 2" */
  guint64 size;      /* 0: not known */
  gboolean read_only;
  gboolean mounted;  /* FALSE for a path that is no mount point of its own */
} Disk;

typedef struct
{
  BcSession *session;      /* keeps RULES alive */
  const scan_rules *rules; /* the catalogue, for the registry check */
  char *extra;     /* a path to look at besides the volumes (the session's disk), or NULL */
  GPtrArray *disks;
  int list_rc;     /* scan_platform_list_volumes' result */
} ProbeJob;

struct _BcTargetPage
{
  BcPage parent_instance;

  AdwActionRow *computer_row;
  GtkCheckButton *computer_check;
  AdwPreferencesGroup *disks_group;
  GtkWidget *disks_heading;     /* the group's title, a label above it that wraps */
  GtkWidget *disks_description;
  AdwActionRow *looking_row;
  GtkSpinner *looking_spinner;
  AdwActionRow *none_row;
  AdwActionRow *folder_row;
  GtkCheckButton *folder_check;
  GtkButton *choose_button;
  GtkCheckButton *by_hand_check;
  GtkWidget *no_windows_box;
  GtkWidget *choose_again_button;

  GPtrArray *disk_rows;    /* the AdwActionRows made for disks */
  char *folder;            /* the folder chosen last, kept while another choice is tried */
  GCancellable *probing;   /* non-NULL while disks are being looked for */
  GtkNativeDialog *chooser;
  gboolean syncing;        /* the buttons follow the session: a toggle then is no choice */
  char *no_windows_path;   /* the disk Next found no Windows on (the warning shows), or NULL */
  char *no_windows_ok;     /* the disk the person chose to check anyway, or NULL */
};

G_DEFINE_FINAL_TYPE (BcTargetPage, bc_target_page, BC_TYPE_PAGE)

static void
disk_free (Disk *disk)
{
  g_free (disk->mount_point);
  g_free (disk->label);
  g_free (disk->windows_dir);
  g_free (disk->os_product);
  g_free (disk->os_service_pack);
  g_free (disk);
}

static void
probe_job_free (ProbeJob *job)
{
  g_clear_object (&job->session);
  g_free (job->extra);
  g_clear_pointer (&job->disks, g_ptr_array_unref);
  g_free (job);
}

/* A fact from the registry, made safe to show (a hostile hive may hold anything); NULL when
 * not known or empty. */
static char *
fact_copy (const char *fact)
{
  char *shown, *copy;

  if (!fact || !*fact)
    return NULL;
  shown = scan_display_text (fact);
  copy = g_strdup (shown);
  free (shown);
  return copy;
}

/* Which Windows DISK holds, from its registry hives, into DISK: a scratch report of the registry
 * check, of which only the OS facts are kept. Reads the disk: worker thread only. */
static void
probe_windows_version (ProbeJob *job, Disk *disk)
{
  const scan_registry_ops *registry = scan_platform_offline_registry ();
  const scan_rules *rules = job->rules;
  scan_report scratch;

  if (!registry || !disk->windows_dir)
    return;
  scan_report_init (&scratch, rules);
  if (scan_registry_check_offline (registry, scan_platform_fs (), scan_platform_separator (),
                                   disk->mount_point, disk->windows_dir, rules, &scratch) == 0)
    {
      disk->os_product = fact_copy (scratch.os_product);
      disk->os_service_pack = fact_copy (scratch.os_service_pack);
    }
  scan_report_clear (&scratch);
}

/* The probe, in the worker thread: plain data in, plain data out, no widget touched. */
static void
probe_worker (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ProbeJob *job = data;
  const scan_fs_ops *fs = scan_platform_fs ();
  char sep = scan_platform_separator ();
  scan_volume *volumes = NULL;
  size_t n = 0;
  gboolean extra_seen = FALSE;

  job->list_rc = scan_platform_list_volumes (&volumes, &n);
  for (size_t i = 0; i < n && !g_cancellable_is_cancelled (cancellable); i++)
    {
      char *windows_dir = NULL;
      gboolean is_extra = g_strcmp0 (volumes[i].mount_point, job->extra) == 0;

      if (scan_probe_windows (fs, sep, volumes[i].mount_point, &windows_dir) != 1 && !is_extra)
        continue;
      Disk *disk = g_new0 (Disk, 1);
      disk->mount_point = g_strdup (volumes[i].mount_point);
      disk->label = g_strdup (volumes[i].label);
      disk->windows_dir = g_strdup (windows_dir);
      disk->size = volumes[i].size;
      disk->read_only = volumes[i].read_only;
      disk->mounted = TRUE;
      free (windows_dir);
      probe_windows_version (job, disk);
      g_ptr_array_add (job->disks, disk);
      extra_seen = extra_seen || is_extra;
    }
  scan_platform_free_volumes (volumes, n);

  if (job->extra && !extra_seen && !g_cancellable_is_cancelled (cancellable))
    {
      char *windows_dir = NULL;
      Disk *disk = g_new0 (Disk, 1);
      scan_probe_windows (fs, sep, job->extra, &windows_dir);
      disk->mount_point = g_strdup (job->extra);
      disk->windows_dir = g_strdup (windows_dir);
      free (windows_dir);
      probe_windows_version (job, disk);
      g_ptr_array_add (job->disks, disk);
    }
  g_task_return_boolean (task, TRUE);
}

/* Rows. */

static const char *
row_path (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "bc-path");
}

static GtkCheckButton *
row_check (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "bc-check");
}

static GtkWidget *
find_disk_row (BcTargetPage *self, const char *path)
{
  for (guint i = 0; i < self->disk_rows->len; i++)
    if (g_strcmp0 (row_path (self->disk_rows->pdata[i]), path) == 0)
      return self->disk_rows->pdata[i];
  return NULL;
}

static void
clear_disk_rows (BcTargetPage *self)
{
  for (guint i = 0; i < self->disk_rows->len; i++)
    adw_preferences_group_remove (self->disks_group, self->disk_rows->pdata[i]);
  g_ptr_array_set_size (self->disk_rows, 0);
}

/* The row's lines: where the disk is and how big, which Windows, its Windows folder, how it is
 * mounted. */
static char *
disk_subtitle (const Disk *disk)
{
  g_autoptr (GString) s = g_string_new (NULL);
  g_autofree char *where = bc_script_display_filename (disk->mount_point);

  if (disk->size > 0)
    {
      g_autofree char *size = g_format_size (disk->size);
      /* Translators: %1$s is where a disk is mounted (/media/ann/WINXP), %2$s its size (40 GB) */
      g_string_append_printf (s, _("%1$s (%2$s)"), where, size);
    }
  else
    g_string_append (s, where);

  if (disk->os_product)
    g_string_append_c (s, '\n');
  if (disk->os_product && disk->os_service_pack)
    /* Translators: a Windows and its service pack, as its registry names them, e.g.
     * "Microsoft Windows XP, Service Pack 1" */
    g_string_append_printf (s, _("%1$s, %2$s"), disk->os_product, disk->os_service_pack);
  else if (disk->os_product)
    g_string_append (s, disk->os_product);

  g_string_append_c (s, '\n');
  if (disk->windows_dir)
    {
      g_autofree char *name = g_filename_display_basename (disk->windows_dir);
      /* Translators: %s is the name of the Windows folder on the disk, such as WINDOWS */
      g_string_append_printf (s, _("Windows folder: %s"), name);
    }
  else
    g_string_append (s, _("No Windows folder was found here: it will be searched as a folder."));

  if (disk->mounted)
    {
      g_string_append_c (s, '\n');
      g_string_append (s, disk->read_only
                            ? _("Mounted read-only: nothing on it can be changed (recommended).")
                            : _("Mounted read-write. Mounting it read-only is safer: then nothing "
                                "on it can be changed by mistake."));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void check_toggled (GtkCheckButton *check, BcTargetPage *self);

static GtkWidget *
add_disk_row (BcTargetPage *self, const Disk *disk)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", "drive-harddisk-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  g_autofree char *title = disk->label ? g_utf8_make_valid (disk->label, -1)
                                       : g_filename_display_basename (disk->mount_point);
  g_autofree char *subtitle = disk_subtitle (disk);

  /* Paths and labels are shown as they are, never read as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* A prefix goes before the ones already there: the icon first, so the button is leftmost. */
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->computer_check);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  if (disk->mounted)
    {
      /* The mount's state in a shape as well as in words: a lock, or a warning sign. */
      GtkWidget *state = gtk_image_new_from_icon_name (disk->read_only
                                                         ? "changes-prevent-symbolic"
                                                         : "dialog-warning-symbolic");
      const char *tip = disk->read_only ? _("Read-only") : _("Read-write");
      gtk_widget_set_tooltip_text (state, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (state), GTK_ACCESSIBLE_PROPERTY_LABEL, tip,
                                      -1);
      gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
      if (!disk->read_only)
        gtk_widget_add_css_class (state, "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
    }

  g_object_set_data_full (G_OBJECT (row), "bc-path", g_strdup (disk->mount_point), g_free);
  g_object_set_data (G_OBJECT (row), "bc-check", check);
  adw_preferences_group_add (self->disks_group, row);
  g_ptr_array_add (self->disk_rows, row);
  return row;
}

/* Everything that follows from the session and the probe's state, in one place. */

static void
update_actions (BcTargetPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "target.refresh", self->probing == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "target.choose-folder",
                                 self->chooser == NULL && !bc_config_kiosk ());
}

static void
sync_selection (BcTargetPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  BcTargetKind kind = bc_session_get_target_kind (session);
  const char *path = bc_session_get_target_path (session);
  GtkCheckButton *active = NULL;

  self->syncing = TRUE;
  switch (kind)
    {
    case BC_TARGET_THIS_COMPUTER:
      active = self->computer_check;
      break;
    case BC_TARGET_DISK:
      {
        GtkWidget *row = find_disk_row (self, path);
        /* Before the probe has listed it the disk has no row yet; it gets one when it ends. */
        if (row)
          active = row_check (row);
      }
      break;
    case BC_TARGET_FOLDER:
      if (path && g_strcmp0 (self->folder, path) != 0)
        {
          g_free (self->folder);
          self->folder = g_strdup (path);
        }
      active = self->folder_check;
      break;
    case BC_TARGET_BY_HAND:
      active = self->by_hand_check;
      break;
    case BC_TARGET_NONE:
    default:
      break;
    }

  if (active)
    gtk_check_button_set_active (active, TRUE);
  else
    {
      /* Nothing chosen (a reset, or a disk still being looked for): no button is on. */
      GtkCheckButton *all[] = { self->computer_check, self->folder_check, self->by_hand_check };
      for (guint i = 0; i < G_N_ELEMENTS (all); i++)
        gtk_check_button_set_active (all[i], FALSE);
      for (guint i = 0; i < self->disk_rows->len; i++)
        gtk_check_button_set_active (row_check (self->disk_rows->pdata[i]), FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->folder_row), !bc_config_kiosk () || self->folder);
  if (self->folder)
    {
      g_autofree char *shown = g_filename_display_name (self->folder);
      adw_action_row_set_subtitle (self->folder_row, shown);
    }
  else
    adw_action_row_set_subtitle (self->folder_row,
                                 _("Search any folder, such as a copy of a PC’s files. Choose "
                                   "it with the button."));

  bc_page_set_complete (BC_PAGE (self), kind != BC_TARGET_NONE
                                          && (path != NULL || kind == BC_TARGET_BY_HAND
                                              || kind == BC_TARGET_THIS_COMPUTER));
  /* The warning is about one disk: another choice takes it away. */
  if (self->no_windows_path && (kind != BC_TARGET_DISK || g_strcmp0 (path, self->no_windows_path)))
    g_clear_pointer (&self->no_windows_path, g_free);
  gtk_widget_set_visible (self->no_windows_box, self->no_windows_path != NULL);
  self->syncing = FALSE;
}

static void
show_probe_state (BcTargetPage *self, gboolean probing, int list_rc)
{
  gtk_widget_set_visible (GTK_WIDGET (self->looking_row), probing);
  gtk_spinner_set_spinning (self->looking_spinner, probing);
  gtk_widget_set_visible (GTK_WIDGET (self->none_row), !probing && self->disk_rows->len == 0);
  if (list_rc < 0 && list_rc != SCAN_EUNSUPPORTED)
    {
      /* Translators: %s says why, such as "permission denied" */
      g_autofree char *why = g_strdup_printf (_("The list of disks could not be read: %s."),
                                              _(scan_strerror (list_rc)));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->none_row), why);
      adw_action_row_set_subtitle (self->none_row,
                                   bc_config_kiosk ()
                                     ? _("Ask the staff to attach the disk again.")
                                     : _("Choose the disk’s folder with “A folder…” instead."));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->none_row),
                                     _("No Windows disk is attached."));
      adw_action_row_set_subtitle (self->none_row,
                                   _("Connect the PC’s disk (a USB dock works) and press Look "
                                     "again."));
    }
}

static void
probe_done (GObject *source, GAsyncResult *result, gpointer data)
{
  BcTargetPage *self = BC_TARGET_PAGE (source);
  ProbeJob *job = g_task_get_task_data (G_TASK (result));
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  /* Cancelled: the page is gone (or a newer probe replaced this one); its rows are not ours. */
  if (g_cancellable_is_cancelled (cancellable))
    return;
  g_clear_object (&self->probing);

  clear_disk_rows (self);
  for (guint i = 0; i < job->disks->len; i++)
    add_disk_row (self, job->disks->pdata[i]);
  show_probe_state (self, FALSE, job->list_rc);
  sync_selection (self);
  update_actions (self);
}

static void
start_probe (BcTargetPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  ProbeJob *job = g_new0 (ProbeJob, 1);
  g_autoptr (GTask) task = NULL;

  if (self->probing)
    return;
  self->probing = g_cancellable_new ();
  job->session = g_object_ref (session);
  job->rules = bc_session_get_rules (session);
  if (bc_session_get_target_kind (session) == BC_TARGET_DISK)
    job->extra = g_strdup (bc_session_get_target_path (session));
  job->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) disk_free);

  task = g_task_new (self, self->probing, probe_done, NULL);
  g_task_set_source_tag (task, start_probe);
  g_task_set_task_data (task, job, (GDestroyNotify) probe_job_free);
  g_task_run_in_thread (task, probe_worker);
  show_probe_state (self, TRUE, 0);
  update_actions (self);
}

/* Choosing. */

static void
chooser_response (GtkNativeDialog *dialog, int response, BcTargetPage *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file)
    path = g_file_get_path (file);
  g_clear_object (&self->chooser);

  if (path)
    {
      g_free (self->folder);
      self->folder = g_steal_pointer (&path);
      bc_session_set_target (bc_page_get_session (BC_PAGE (self)), BC_TARGET_FOLDER,
                             self->folder);
    }
  /* Cancelled (or a folder with no local path): the buttons show the session's choice again. */
  sync_selection (self);
  update_actions (self);
}

static void
choose_folder (BcTargetPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  if (self->chooser || bc_config_kiosk ()) /* no chooser at a kiosk: see the top of the file */
    return;
  chooser = gtk_file_chooser_native_new (_("Choose a folder to check"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Choose"),
                                         _("_Cancel"));
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  if (self->folder)
    {
      g_autoptr (GFile) current = g_file_new_for_path (self->folder);
      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), current, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (self->chooser);
  update_actions (self);
}

static void
check_toggled (GtkCheckButton *check, BcTargetPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));

  if (self->syncing || !gtk_check_button_get_active (check))
    return;
  if (check == self->computer_check)
    bc_session_set_target (session, BC_TARGET_THIS_COMPUTER, NULL);
  else if (check == self->by_hand_check)
    bc_session_set_target (session, BC_TARGET_BY_HAND, NULL);
  else if (check == self->folder_check)
    {
      /* A folder is needed before the choice means anything: ask for one the first time. */
      if (self->folder)
        bc_session_set_target (session, BC_TARGET_FOLDER, self->folder);
      else
        choose_folder (self);
    }
  else
    {
      GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_ACTION_ROW);
      if (row && row_path (row))
        bc_session_set_target (session, BC_TARGET_DISK, row_path (row));
    }
}

static void
check_anyway_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcTargetPage *self = BC_TARGET_PAGE (widget);

  if (!self->no_windows_path)
    return;
  g_free (self->no_windows_ok);
  self->no_windows_ok = g_steal_pointer (&self->no_windows_path);
  gtk_widget_set_visible (self->no_windows_box, FALSE);
  gtk_widget_activate_action (widget, "win.next", NULL);
}

static void
choose_again_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcTargetPage *self = BC_TARGET_PAGE (widget);

  /* Nothing chosen until the person chooses: the list is looked at again, as the disk may just
   * have been mounted. */
  g_clear_pointer (&self->no_windows_path, g_free);
  bc_session_set_target (bc_page_get_session (BC_PAGE (self)), BC_TARGET_NONE, NULL);
  start_probe (self);
}

static void
refresh_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  start_probe (BC_TARGET_PAGE (widget));
}

static void
choose_folder_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  choose_folder (BC_TARGET_PAGE (widget));
}

static void
session_reset (BcTargetPage *self)
{
  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->no_windows_path, g_free);
  g_clear_pointer (&self->no_windows_ok, g_free);
  gtk_widget_set_visible (self->no_windows_box, FALSE);
  /* The next person's disk is another one: look again once the page is reached. */
  clear_disk_rows (self);
  show_probe_state (self, self->probing != NULL, 0);
}

/* BcPage. */

/* A Windows disk chosen must hold Windows: else the person is asked before the check (the wrong
 * disk, or its mount point with nothing mounted on it), and the result will not be green. The
 * disk was probed when listed; it is looked at again here, as it may have gone since. Only the
 * folders on the way are read: quick, even on the main thread. */
static gboolean
bc_target_page_leave_forward (BcPage *page)
{
  BcTargetPage *self = BC_TARGET_PAGE (page);
  BcSession *session = bc_page_get_session (page);
  const char *path = bc_session_get_target_path (session);
  char *windows_dir = NULL;
  int rc;

  if (bc_session_get_target_kind (session) != BC_TARGET_DISK || !path
      || g_strcmp0 (path, self->no_windows_ok) == 0)
    return TRUE;
  rc = scan_probe_windows (scan_platform_fs (), scan_platform_separator (), path, &windows_dir);
  free (windows_dir);
  if (rc == 1)
    return TRUE;
  g_free (self->no_windows_path);
  self->no_windows_path = g_strdup (path);
  gtk_widget_set_visible (self->no_windows_box, TRUE);
  gtk_widget_grab_focus (self->choose_again_button);
  return FALSE;
}

static void
bc_target_page_shown (BcPage *page)
{
  /* Disks come and go (a dock plugged in while the user read the symptoms): look each time. */
  start_probe (BC_TARGET_PAGE (page));
}

/* GObject. */

static void
bc_target_page_dispose (GObject *object)
{
  BcTargetPage *self = BC_TARGET_PAGE (object);

  if (self->probing)
    g_cancellable_cancel (self->probing);
  g_clear_object (&self->probing);
  if (self->chooser)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  g_clear_pointer (&self->disk_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_TARGET_PAGE);
  G_OBJECT_CLASS (bc_target_page_parent_class)->dispose (object);
}

static void
bc_target_page_finalize (GObject *object)
{
  BcTargetPage *self = BC_TARGET_PAGE (object);

  g_free (self->folder);
  g_free (self->no_windows_path);
  g_free (self->no_windows_ok);
  G_OBJECT_CLASS (bc_target_page_parent_class)->finalize (object);
}

static void
bc_target_page_constructed (GObject *object)
{
  BcTargetPage *self = BC_TARGET_PAGE (object);
  BcSession *session = bc_page_get_session (BC_PAGE (self));

  G_OBJECT_CLASS (bc_target_page_parent_class)->constructed (object);
  g_signal_connect_object (session, "changed", G_CALLBACK (sync_selection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "reset", G_CALLBACK (session_reset), self,
                           G_CONNECT_SWAPPED);
  sync_selection (self);
}

static void
bc_target_page_class_init (BcTargetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BcPageClass *page_class = BC_PAGE_CLASS (klass);

  object_class->constructed = bc_target_page_constructed;
  object_class->dispose = bc_target_page_dispose;
  object_class->finalize = bc_target_page_finalize;
  page_class->shown = bc_target_page_shown;
  page_class->leave_forward = bc_target_page_leave_forward;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-target-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, computer_row);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, computer_check);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, disks_group);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, disks_heading);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, disks_description);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, looking_row);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, looking_spinner);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, none_row);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, folder_row);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, folder_check);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, choose_button);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, by_hand_check);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, no_windows_box);
  gtk_widget_class_bind_template_child (widget_class, BcTargetPage, choose_again_button);
  gtk_widget_class_bind_template_callback (widget_class, check_toggled);

  gtk_widget_class_install_action (widget_class, "target.refresh", NULL, refresh_activated);
  gtk_widget_class_install_action (widget_class, "target.check-anyway", NULL,
                                   check_anyway_activated);
  gtk_widget_class_install_action (widget_class, "target.choose-again", NULL,
                                   choose_again_activated);
  gtk_widget_class_install_action (widget_class, "target.choose-folder", NULL,
                                   choose_folder_activated);
}

static void
bc_target_page_init (BcTargetPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bc_a11y_name_mnemonic_buttons (GTK_WIDGET (self));
  /* The first group has no title: its list would be read as "GtkListBox". */
  GtkWidget *computer_list = gtk_widget_get_parent (GTK_WIDGET (self->computer_row));
  gtk_accessible_update_property (GTK_ACCESSIBLE (computer_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("This computer"), -1);
  /* The disks' heading is a label above their group (it wraps, a group's title is cut with
   * "…"): their list is read by it, as a titled group's list would be. */
  GtkWidget *disks_list = gtk_widget_get_parent (GTK_WIDGET (self->looking_row));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (disks_list),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->disks_heading, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->disks_description,
                                  NULL, -1);
  bc_page_set_title (BC_PAGE (self), _("What to check"));
  self->disk_rows = g_ptr_array_new ();

  /* The live check of a running Windows comes later: until then the row explains, but is off. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->computer_row), FALSE);
  adw_action_row_set_subtitle (self->computer_row,
                               scan_platform_live_supported ()
                                 ? _("Checking the running Windows is not available yet. Check "
                                     "a disk, a folder, or check by hand.")
                                 : _("This computer is not running Windows. Check its Windows "
                                     "disk, a folder, or check by hand."));
  if (bc_config_kiosk ())
    {
      /* "This computer" would be the kiosk itself: its group goes. */
      gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->computer_row),
                                                       ADW_TYPE_PREFERENCES_GROUP),
                              FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->choose_button), FALSE);
    }
  show_probe_state (self, FALSE, 0);
  update_actions (self);
}
