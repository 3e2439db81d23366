/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Recovery page: the advisory's four steps, in order, each with a done-check kept in the
 * session. Step 3 follows Microsoft's own guide for Windows XP (blaster-facts.md §5,
 * JA-XPGUIDE): the Internet Connection Firewall goes on before the PC is connected again to get
 * MS03-039 and MS03-007, and only then is the worm deleted. Step 1 shows, live, whether this
 * computer is still on a network only when this computer is the one checked (elsewhere the
 * wizard cannot see the PC's cable, and its own network does not matter here); steps 2 and 4 say
 * whether the checked Windows had System Restore on; step 3 lists the worm files the check
 * found and the registry entries to delete (those the registry showed, or when it could not be
 * read, the Run values the variants add), and how to stop Welchia's services when it was found.
 */
#include "config.h"

#include "bc-recovery-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdlib.h>

#include "bc-links.h"
#include "bc-registry-location.h"
#include "bc-removal-view.h"
#include "bc-report.h"

/* A hostile hive may hold thousands of entries like the worm's: more lines would only slow the
 * page down; the Result page and the saved report list them. */
#define MAX_REGISTRY_ENTRIES 50

struct _BcRecoveryPage
{
  BcPage parent_instance;

  GNetworkMonitor *monitor;
  gboolean network_available;
  GPtrArray *links;

  GtkWidget *network_box;
  GtkWidget *msrt_button;
  GtkImage *network_icon;
  GtkLabel *network_label;
  GtkWidget *network_off_label;
  GtkLabel *which_pc_label;
  GtkWidget *found_box;
  GtkLabel *files_label;
  GtkWidget *run_heading;
  GtkLabel *run_label;
  GtkWidget *registry_box;
  GtkBox *registry_list;
  GtkWidget *welchia_box;
  BcRemovalView *removal_view;
  GtkWidget *restore_off_state;
  GtkLabel *restore_off_label;
  GtkWidget *restore_on_state;
  GtkLabel *restore_on_label;
  GtkWidget *all_done_box;
  GtkCheckButton *unplug_done;
  GtkCheckButton *restore_off_done;
  GtkCheckButton *remove_done;
  GtkCheckButton *restore_on_done;
};

G_DEFINE_FINAL_TYPE (BcRecoveryPage, bc_recovery_page, BC_TYPE_PAGE)

static GtkCheckButton *
done_button (BcRecoveryPage *self, BcRecoveryStep step)
{
  switch (step)
    {
    case BC_STEP_UNPLUG:
      return self->unplug_done;
    case BC_STEP_RESTORE_OFF:
      return self->restore_off_done;
    case BC_STEP_REMOVE:
      return self->remove_done;
    case BC_STEP_RESTORE_ON:
    default:
      return self->restore_on_done;
    }
}

static void
done_toggled (BcRecoveryPage *self, GtkCheckButton *button)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));

  for (BcRecoveryStep step = 0; step < BC_STEP__COUNT; step++)
    if (done_button (self, step) == button)
      bc_session_set_step_done (session, step, gtk_check_button_get_active (button));
}

static void
set_status_class (GtkWidget *widget, const char *style_class)
{
  gtk_widget_remove_css_class (widget, "success");
  gtk_widget_remove_css_class (widget, "warning");
  gtk_widget_add_css_class (widget, style_class);
}

/* The monitor speaks of this computer only, so it is shown only when this computer is the one
 * checked: nothing is ticked for the user; going off the network while the page is open is only
 * confirmed. */
static void
update_network (BcRecoveryPage *self)
{
  gboolean available = g_network_monitor_get_network_available (self->monitor);
  gboolean this_pc = bc_session_get_target_kind (bc_page_get_session (BC_PAGE (self)))
                     == BC_TARGET_THIS_COMPUTER;

  gtk_widget_set_visible (self->network_box, this_pc);
  if (!this_pc)
    {
      gtk_widget_set_visible (self->network_off_label, FALSE);
      self->network_available = available;
      return;
    }

  if (available)
    {
      gtk_image_set_from_icon_name (self->network_icon, "dialog-warning-symbolic");
      gtk_label_set_text (self->network_label, _("This computer is still connected to a network"));
      set_status_class (self->network_box, "warning");
      gtk_widget_set_visible (self->network_off_label, FALSE);
    }
  else
    {
      gtk_image_set_from_icon_name (self->network_icon, "emblem-ok-symbolic");
      /* Translators: being off the network is what this step asks for */
      gtk_label_set_text (self->network_label, _("No network: good"));
      set_status_class (self->network_box, "success");
      if (self->network_available && gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_set_visible (self->network_off_label, TRUE);
    }
  self->network_available = available;
}

static void
update_which_pc (BcRecoveryPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  const char *text;

  switch (bc_session_get_target_kind (session))
    {
    case BC_TARGET_THIS_COMPUTER:
      text = _("This is the computer you checked: keep it off the network until step 3 says "
               "to connect it again.");
      break;
    case BC_TARGET_DISK:
      text = _("You checked the PC’s disk on this computer. It is the PC the disk comes from "
               "that must be unplugged, not this computer: this program cannot see that PC’s "
               "cable, so make sure it is out.");
      break;
    default:
      text = _("It is the PC with the worm that must be unplugged. This program cannot see "
               "that PC’s cable, so make sure it is out.");
      break;
    }
  gtk_label_set_text (self->which_pc_label, text);
}

/* The Run values of the variants found, from the catalogue: where the sources disagree on a
 * value's name, every reading is listed and said to be unconfirmed. */
static void
show_run_values (BcRecoveryPage *self, GPtrArray *variants)
{
  const scan_rules *rules = bc_session_get_rules (bc_page_get_session (BC_PAGE (self)));
  g_autoptr (GString) lines = g_string_new (NULL);
  const scan_indicator *indicators;
  size_t n;

  indicators = scan_rules_indicators (rules, &n);
  for (size_t i = 0; i < n; i++)
    {
      const scan_indicator *ind = &indicators[i];

      if (ind->kind != SCAN_IND_RUN || !g_ptr_array_find (variants, ind->variant, NULL))
        continue;
      if (lines->len)
        g_string_append_c (lines, '\n');
      if (ind->confirmed)
        /* Translators: a registry value; the first %s is its name, the second its data
         * (a file name), the third the worm's name, e.g. "Blaster (MSBlast, Lovsan)", the
         * fourth the variant's letter */
        g_string_append_printf (lines, _("“%s” = “%s” (%s %s)"), ind->name, ind->data,
                                ind->variant->family_name, ind->variant->id);
      else
        /* Translators: as above, for a name the sources disagree on */
        g_string_append_printf (lines, _("“%s” = “%s” (%s %s; not confirmed: the sources "
                                         "disagree)"),
                                ind->name, ind->data, ind->variant->family_name,
                                ind->variant->id);
    }
  gtk_label_set_text (self->run_label, lines->str);
  gtk_widget_set_visible (self->run_heading, lines->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->run_label), lines->len > 0);
}

/* One registry entry to delete, as Registry Editor on the PC names it (CurrentControlSet, a
 * user's HKEY_CURRENT_USER with the user's name): the words of the report and the receipt. */
static char *
registry_entry_text (const scan_finding *f)
{
  return bc_report_finding_place (f);
}

/* Adds an entry to step 3's list of registry entries: one label each, selectable, wrapped
 * anywhere (a key has no spaces to wrap at). */
static void
add_registry_entry (BcRecoveryPage *self, const scan_finding *f)
{
  g_autofree char *text = registry_entry_text (f);
  GtkWidget *label;

  if (!text)
    return;
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (self->registry_list, label);
}

/* What step 3 asks to delete: the worm files the scan found, by their paths (one label, one a
 * line, so that they can be selected and copied together), and the registry entries. */
static void
update_found (BcRecoveryPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  const scan_report *report = bc_session_get_report (session);
  g_autoptr (GPtrArray) variants = g_ptr_array_new ();
  g_autoptr (GString) files = g_string_new (NULL);
  guint entries = 0;
  gboolean welchia = FALSE;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->registry_list))))
    gtk_box_remove (self->registry_list, child);

  /* A report left over from before the user chose to check by hand does not speak for it. */
  if (report && bc_session_get_target_kind (session) != BC_TARGET_BY_HAND)
    for (size_t i = 0; i < report->n_findings; i++)
      {
        const scan_finding *f = &report->findings[i];
        char *shown;

        if (f->severity != SCAN_SEV_INFECTION)
          continue;
        if (f->indicator && f->indicator->variant
            && g_strcmp0 (f->indicator->variant->family, "welchia") == 0)
          welchia = TRUE;
        if (f->kind == SCAN_FINDING_REGISTRY || f->kind == SCAN_FINDING_SERVICE)
          {
            if (entries++ < MAX_REGISTRY_ENTRIES)
              add_registry_entry (self, f);
            continue;
          }
        if (f->kind != SCAN_FINDING_FILE)
          continue;
        /* As the PC names it (C:\WINDOWS\…): the person deletes it there. */
        shown = scan_display_text (f->windows_location ? f->windows_location : f->location);
        if (files->len)
          g_string_append_c (files, '\n');
        g_string_append (files, shown ? shown : "?");
        free (shown);
        /* The catalogue's Run values stand in for the registry only when it was not read. */
        if (!report->registry_read && f->indicator && f->indicator->variant
            && !g_ptr_array_find (variants, f->indicator->variant, NULL))
          g_ptr_array_add (variants, (gpointer) f->indicator->variant);
      }
  if (entries > MAX_REGISTRY_ENTRIES)
    {
      guint more = entries - MAX_REGISTRY_ENTRIES;
      g_autofree char *text = g_strdup_printf (ngettext ("And %u more entry, listed on the Result "
                                                         "page.",
                                                         "And %u more entries, listed on the "
                                                         "Result page.", more),
                                               more);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (self->registry_list, label);
    }
  gtk_label_set_text (self->files_label, files->str);
  show_run_values (self, variants);
  gtk_widget_set_visible (self->found_box, files->len > 0);
  gtk_widget_set_visible (self->welchia_box, welchia);
  gtk_widget_set_visible (self->registry_box,
                          gtk_widget_get_first_child (GTK_WIDGET (self->registry_list)) != NULL);
}

/* Steps 2 and 4: whether the checked Windows had System Restore on, when its registry said. */
static void
update_restore (BcRecoveryPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  const scan_report *report = bc_session_get_report (session);
  BcTargetKind kind = bc_session_get_target_kind (session);
  int on = report && kind != BC_TARGET_BY_HAND ? report->system_restore : -1;
  const char *text = NULL;

  if (on == 1)
    text = kind == BC_TARGET_DISK ? _("On the checked disk, System Restore is on.")
                                  : _("In the checked Windows, System Restore is on.");
  else if (on == 0)
    text = kind == BC_TARGET_DISK ? _("On the checked disk, System Restore is off.")
                                  : _("In the checked Windows, System Restore is off.");
  gtk_label_set_text (self->restore_off_label, text ? text : "");
  gtk_label_set_text (self->restore_on_label, text ? text : "");
  gtk_widget_set_visible (self->restore_off_state, text != NULL);
  gtk_widget_set_visible (self->restore_on_state, text != NULL);
}

static void
refresh (BcRecoveryPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  gboolean all = TRUE;

  for (BcRecoveryStep step = 0; step < BC_STEP__COUNT; step++)
    {
      gboolean done = bc_session_get_step_done (session, step);
      gtk_check_button_set_active (done_button (self, step), done);
      all = all && done;
    }
  gtk_widget_set_visible (self->all_done_box, all);
  update_which_pc (self);
  update_network (self);
  update_restore (self);
  update_found (self);
}

static void
open_link_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcRecoveryPage *self = BC_RECOVERY_PAGE (widget);
  const BcLink *link = self->links ? bc_links_find (self->links, g_variant_get_string (param, NULL))
                                   : NULL;

  if (link)
    bc_page_show_uri (BC_PAGE (self), bc_link_best_address (link));
}

/* A clean disk does not walk through removal: the page comes when the worm was found or is
 * suspected, or when the person asks for it (bc_session_recovery_applies). */
static gboolean
bc_recovery_page_applies (BcPageClass *klass, BcSession *session)
{
  return bc_session_recovery_applies (session);
}

static void
bc_recovery_page_constructed (GObject *object)
{
  BcRecoveryPage *self = BC_RECOVERY_PAGE (object);

  G_OBJECT_CLASS (bc_recovery_page_parent_class)->constructed (object);
  g_signal_connect_object (bc_page_get_session (BC_PAGE (self)), "changed",
                           G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  bc_removal_view_set_session (self->removal_view, bc_page_get_session (BC_PAGE (self)));
  refresh (self);
}

static void
bc_recovery_page_dispose (GObject *object)
{
  BcRecoveryPage *self = BC_RECOVERY_PAGE (object);

  g_clear_object (&self->monitor);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_RECOVERY_PAGE);
  G_OBJECT_CLASS (bc_recovery_page_parent_class)->dispose (object);
}

static void
bc_recovery_page_class_init (BcRecoveryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bc_recovery_page_constructed;
  object_class->dispose = bc_recovery_page_dispose;
  BC_PAGE_CLASS (klass)->applies = bc_recovery_page_applies;

  g_type_ensure (BC_TYPE_REMOVAL_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-recovery-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, network_box);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, msrt_button);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, network_icon);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, network_label);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, network_off_label);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, which_pc_label);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, found_box);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, files_label);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, run_heading);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, run_label);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, registry_box);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, registry_list);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, welchia_box);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, removal_view);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, restore_off_state);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, restore_off_label);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, restore_on_state);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, restore_on_label);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, all_done_box);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, unplug_done);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, restore_off_done);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, remove_done);
  gtk_widget_class_bind_template_child (widget_class, BcRecoveryPage, restore_on_done);
  gtk_widget_class_bind_template_callback (widget_class, done_toggled);

  gtk_widget_class_install_action (widget_class, "recovery.open-link", "s", open_link_activated);
}

static void
bc_recovery_page_init (BcRecoveryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Recovery"));
  /* Every step is the user's to do on the PC: the wizard goes on whether or not they are ticked. */
  bc_page_set_complete (BC_PAGE (self), TRUE);

  /* Without the links the removal tool's button has nothing to open. */
  self->links = bc_links_load (NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recovery.open-link",
                                 self->links && bc_links_find (self->links, "msrt"));
  bc_page_set_link_button_mode (self->msrt_button, _("Show the QR code of the _removal tool’s page"));

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  g_signal_connect_object (self->monitor, "notify::network-available",
                           G_CALLBACK (update_network), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (update_network), self,
                           G_CONNECT_SWAPPED);
  /* What it shows depends on the session's target: refresh () shows it once there is one. */
}
