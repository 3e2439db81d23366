/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Prevention page: the advisory's section 2. The updates of the catalogue with what the
 * check knows of each and why (the registry's record, the service pack, a later update; or why
 * nothing is known), Windows Update (the 2003 advice, said to be that, and the Microsoft Update
 * Catalog, whose entries are unconfirmed), the checks by hand in Add or Remove Programs (the
 * advisory's three entries, the updates that replace MS03-026 and Service Pack 2), whether IIS
 * is installed (and what the checked Windows says of it), and antivirus software.
 */
#include "config.h"

#include "bc-prevention-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdlib.h>

#include "bc-links.h"
#include "bc-report.h"

struct _BcPreventionPage
{
  BcPage parent_instance;

  GPtrArray *links;

  GtkListBox *patches_list;
  GtkWidget *iis_state_box;
  GtkImage *iis_state_icon;
  GtkLabel *iis_state_label;
  GtkWidget *windows_update_button;
  GtkLabel *windows_update_address;
  GtkLabel *windows_update_note;
  GtkWidget *catalog_intro;
  GtkWidget *catalog_button;
  GtkLabel *catalog_address;
  GtkWidget *basics_button;
};

G_DEFINE_FINAL_TYPE (BcPreventionPage, bc_prevention_page, BC_TYPE_PAGE)

static void
open_link_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcPreventionPage *self = BC_PREVENTION_PAGE (widget);
  const BcLink *link = self->links ? bc_links_find (self->links, g_variant_get_string (param, NULL))
                                   : NULL;

  if (link)
    bc_page_show_uri (BC_PAGE (self), bc_link_best_address (link));
}

/* The Microsoft Update Catalog's search, kept with Windows Update's link (its "catalog"). */
static void
open_catalog_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcPreventionPage *self = BC_PREVENTION_PAGE (widget);
  const BcLink *update = self->links ? bc_links_find (self->links, "windows-update") : NULL;

  if (update && update->catalog)
    bc_page_show_uri (BC_PAGE (self), update->catalog);
}

/* The version of Windows the report speaks of, as the catalogue numbers them (scan_os), by
 * the CurrentVersion its registry gives, as the core's registry check maps it; -1 for any
 * other. */
static int
report_os (const scan_report *report)
{
  static const char *const versions[SCAN_OS__COUNT] = {
    [SCAN_OS_NT4] = "4.0",
    [SCAN_OS_WIN2000] = "5.0",
    [SCAN_OS_WINXP] = "5.1",
    [SCAN_OS_WIN2003] = "5.2",
  };

  for (int os = 0; os < SCAN_OS__COUNT; os++)
    if (g_strcmp0 (report->os_version, versions[os]) == 0)
      return os;
  return -1;
}

/* A fact read from the disk, made safe to show; NULL when it is not known or empty. */
static char *
fact_text (const char *fact)
{
  char *shown, *copy;

  if (!fact || !*fact)
    return NULL;
  shown = scan_display_text (fact);
  copy = g_strdup (shown ? shown : "?");
  free (shown);
  return copy;
}

/* The checked Windows by its name ("Microsoft Windows XP"), or its version number. */
static char *
windows_name (const scan_report *report)
{
  g_autofree char *version = NULL;
  char *product = fact_text (report->os_product);

  if (product)
    return product;
  version = fact_text (report->os_version);
  /* Translators: %s is a version number of Windows, such as 5.1 */
  return version ? g_strdup_printf (_("Windows version %s"), version) : NULL;
}

/* Why nothing is known of PATCH: the user should know what would tell them. */
static char *
unknown_text (BcPreventionPage *self, const scan_patch *patch)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  const scan_report *report = bc_session_get_report (session);
  g_autofree char *name = NULL;
  int os;

  if (bc_session_get_target_kind (session) == BC_TARGET_BY_HAND)
    return g_strdup (_("Not known: checked by hand. See “Check the updates by hand” below."));
  if (!report)
    return g_strdup (_("Not known: no check of this PC has run."));
  if (!report->windows_dir)
    return g_strdup (_("Not known: no Windows folder was found in what was checked."));
  if (!report->registry_read)
    return g_strdup (report->target_kind == SCAN_TARGET_LIVE
                       ? _("Not known: this computer’s registry has not been read.")
                       : _("Not known: the registry of the checked Windows could not be read."));

  /* The registry was read, yet says nothing of this update. A known version has a name. */
  os = report_os (report);
  name = windows_name (report);
  if (os < 0 && !name)
    return g_strdup (_("Not known: the registry does not say which Windows this is."));
  if (os < 0)
    /* Translators: %s is a Windows, such as "Microsoft Windows Vista" */
    return g_strdup_printf (_("Not known: this check does not cover %s."), name);
  /* The catalogue has no key for this update on this Windows: the update may not apply to it
   * (MS03-007 on Server 2003), its bulletin may name no key (Windows NT 4.0), or the sources
   * give none (MS04-012). Which of these it is the catalogue does not say, so neither does this. */
  if (!patch->keys[os])
    /* Translators: %s is a Windows, such as "Microsoft Windows XP" */
    return g_strdup_printf (_("Not known: no registry key is known that shows this update on "
                              "%s. See “Check the updates by hand” below."), name);
  return g_strdup (_("Not known: the registry does not show whether this update is installed."));
}

/* The later update that replaced PATCH and is installed, or NULL. PATCHES is the catalogue's
 * list, which STATES (a Windows's patch states) follow. */
static const scan_patch *
replaced_by (const scan_patch_state *states, const scan_patch *patches, const scan_patch *patch)
{
  if (!states)
    return NULL;
  for (const scan_patch **by = patch->superseded_by; by && *by; by++)
    {
      scan_patch_state state = states[*by - patches];

      if (state == SCAN_PATCH_INSTALLED || state == SCAN_PATCH_INCLUDED)
        return *by;
    }
  return NULL;
}

static GtkWidget *
text_label (const char *text, const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  if (style_class)
    gtk_widget_add_css_class (label, style_class);
  return label;
}

/* One Windows's view of the updates: the report's own (the first Windows), or one of a disk with
 * more than one (WINDOWS is then that one, else NULL). */
typedef struct
{
  const scan_windows *windows;
  const scan_patch_state *states;
  const char *service_pack;
} WindowsUpdates;

/* The state in words with an icon, never in colour alone, and below it why the check says so. */
static GtkWidget *
state_box (BcPreventionPage *self, const scan_patch *patches, const scan_patch *patch,
           const WindowsUpdates *of, scan_patch_state state)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *text = NULL;
  g_autofree char *why = NULL;
  g_autofree char *service_pack = fact_text (of->service_pack);
  const char *icon, *style;
  GtkWidget *image;

  switch (state)
    {
    case SCAN_PATCH_INSTALLED:
      icon = "emblem-ok-symbolic";
      text = g_strdup (_("Installed"));
      why = g_strdup (_("The registry of the checked Windows records this update."));
      style = "success";
      break;
    case SCAN_PATCH_MISSING:
      icon = "dialog-warning-symbolic";
      text = g_strdup (_("Missing: install it"));
      why = service_pack
              /* Translators: %s is the installed service pack, as Windows names it
               * ("Service Pack 1") */
              ? g_strdup_printf (_("The registry has no record of it, and %s does not include "
                                   "it."), service_pack)
              : g_strdup (_("The registry has no record of it, and no service pack that "
                            "includes it is installed."));
      style = "error";
      break;
    case SCAN_PATCH_INCLUDED:
      icon = "emblem-ok-symbolic";
      text = service_pack
               /* Translators: %s is the installed service pack ("Service Pack 2") */
               ? g_strdup_printf (_("Included in %s, which is installed"), service_pack)
               : g_strdup (_("Included in the service pack that is installed"));
      style = "success";
      break;
    case SCAN_PATCH_SUPERSEDED:
      {
        const scan_patch *by = replaced_by (of->states, patches, patch);

        icon = "emblem-ok-symbolic";
        /* Translators: %1$s is a security bulletin, %2$s its update: "MS03-039 (KB824146)" */
        text = by ? g_strdup_printf (_("Replaced by %1$s (%2$s), which is installed"),
                                     by->bulletin, by->id)
                  : g_strdup (_("Replaced by a later update that is installed"));
        style = "success";
      }
      break;
    case SCAN_PATCH_UNKNOWN:
    default:
      icon = "dialog-question-symbolic";
      /* Why it is not known is told of the first Windows, whose facts the report holds. */
      text = of->windows ? g_strdup (_("Not known: the registry does not show whether this update "
                                       "is installed."))
                         : unknown_text (self, patch);
      style = "dim-label";
      break;
    }
  /* The words beside it say the state: screen readers skip the sign. */
  image = g_object_new (GTK_TYPE_IMAGE, "icon-name", icon, "accessible-role",
                        GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), text_label (text, NULL));
  gtk_widget_add_css_class (box, style);
  if (why)
    {
      GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *why_label = text_label (why, "dim-label");

      /* Outside the toned box: the state carries the colour, the reason is only dimmed. */
      gtk_widget_set_margin_start (why_label, 24);
      gtk_box_append (GTK_BOX (outer), box);
      gtk_box_append (GTK_BOX (outer), why_label);
      return outer;
    }
  return box;
}

/* The bulletins' titles of the indicator catalogue (data/rules/blaster.rules), Microsoft's own
 * English names, here only for xgettext: each language then shows the title Microsoft gave the
 * bulletin in it. tests/i18n/check-bulletin-titles.py fails when a catalogue title is not one of
 * these; a title the catalogue changes and no translation knows yet stays English. */
static const char *const bulletin_titles[] G_GNUC_UNUSED = {
  /* Translators: the title of Microsoft's security bulletin MS03-026; use the title of that
   * bulletin as Microsoft published it in your language, if it did */
  N_("Buffer Overrun In RPC Interface Could Allow Code Execution"),
  /* Translators: the title of Microsoft's security bulletin MS03-039; use the title of that
   * bulletin as Microsoft published it in your language, if it did */
  N_("Buffer Overrun In RPCSS Service Could Allow Code Execution"),
  /* Translators: the title of Microsoft's security bulletin MS03-007; use the title of that
   * bulletin as Microsoft published it in your language, if it did */
  N_("Unchecked Buffer In Windows Component Could Cause Server Compromise"),
  /* Translators: the title of Microsoft's security bulletin MS03-013; use the title of that
   * bulletin as Microsoft published it in your language, if it did */
  N_("Buffer Overrun in Windows Kernel Message Handling could Lead to Elevated Privileges"),
  /* Translators: the title of Microsoft's security bulletin MS04-012; use the title of that
   * bulletin as Microsoft published it in your language, if it did */
  N_("Cumulative Update for Microsoft RPC/DCOM"),
};

/* PATCH's row: its name and title, then its state on each Windows of OF (N of them: one, or
 * each Windows of a dual-boot disk under its own name), then its bulletin. */
static GtkWidget *
patch_row (BcPreventionPage *self, const scan_patch *patches, const scan_patch *patch,
           const WindowsUpdates *of, size_t n)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const BcLink *bulletin = self->links ? bc_links_find_bulletin (self->links, patch->bulletin)
                                       : NULL;
  /* Translators: a security bulletin and its update, e.g. "MS03-026 (KB823980)" */
  g_autofree char *name = g_strdup_printf (_("%s (%s)"), patch->bulletin, patch->id);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), text_label (name, "heading"));
  /* The catalogue's title, the bulletin's English name, as Microsoft titled it in the user's
   * language (bulletin_titles above). */
  if (patch->title)
    gtk_box_append (GTK_BOX (box), text_label (_(patch->title), NULL));
  for (size_t i = 0; i < n; i++)
    {
      scan_patch_state state = of[i].states ? of[i].states[patch - patches] : SCAN_PATCH_UNKNOWN;
      if (of[i].windows)
        {
          const scan_report *report = bc_session_get_report (bc_page_get_session (BC_PAGE (self)));
          g_autofree char *title = bc_report_windows_title (report, of[i].windows);
          GtkWidget *label = text_label (title, "caption-heading");

          gtk_widget_set_margin_top (label, 6);
          gtk_box_append (GTK_BOX (box), label);
        }
      gtk_box_append (GTK_BOX (box), state_box (self, patches, patch, &of[i], state));
    }

  if (bulletin)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();
      /* Translators: for screen readers; %s is a bulletin such as MS03-026 */
      g_autofree char *accessible = g_strdup_printf (_("Open Microsoft’s bulletin %s"),
                                                     patch->bulletin);

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "adw-external-link-symbolic");
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Open the _bulletin"));
      adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_margin_top (button, 6);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "prevention.open-link");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", bulletin->id);
      gtk_widget_set_tooltip_text (button, bc_link_best_address (bulletin));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* What the checked Windows says of IIS, above the way to see it by hand; nothing when not known. */
static void
update_iis (BcPreventionPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  const scan_report *report = bc_session_get_report (session);
  BcTargetKind kind = bc_session_get_target_kind (session);
  int iis = report && kind != BC_TARGET_BY_HAND ? report->iis : -1;

  gtk_widget_set_visible (self->iis_state_box, iis >= 0);
  gtk_widget_remove_css_class (self->iis_state_box, "warning");
  gtk_widget_remove_css_class (self->iis_state_box, "success");
  if (iis == 1)
    {
      gtk_image_set_from_icon_name (self->iis_state_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (self->iis_state_box, "warning");
      gtk_label_set_text (self->iis_state_label,
                          kind == BC_TARGET_DISK
                            ? _("On the checked disk, IIS is installed: install MS03-013 (which "
                                "includes MS03-007).")
                            : _("In the checked Windows, IIS is installed: install MS03-013 "
                                "(which includes MS03-007)."));
    }
  else if (iis == 0)
    {
      gtk_image_set_from_icon_name (self->iis_state_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (self->iis_state_box, "success");
      gtk_label_set_text (self->iis_state_label,
                          kind == BC_TARGET_DISK
                            ? _("On the checked disk, IIS is not installed.")
                            : _("In the checked Windows, IIS is not installed."));
    }
}

static void
refresh (BcPreventionPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  const scan_report *report = bc_session_get_report (session);
  gboolean by_hand = bc_session_get_target_kind (session) == BC_TARGET_BY_HAND;
  const scan_patch *patches;
  GtkWidget *child;
  size_t n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->patches_list))))
    gtk_list_box_remove (self->patches_list, child);
  patches = scan_rules_patches (bc_session_get_rules (session), &n);
  /* A report left over from before the user chose to check by hand does not speak for it. A disk
   * with more than one Windows: each one's own updates, under its name. */
  g_autofree WindowsUpdates *of = NULL;
  size_t n_of = 1;
  if (report && !by_hand && report->n_windows > 1)
    {
      n_of = report->n_windows;
      of = g_new0 (WindowsUpdates, n_of);
      for (size_t w = 0; w < n_of; w++)
        of[w] = (WindowsUpdates) { &report->windows[w], report->windows[w].patch_states,
                                   report->windows[w].os_service_pack };
    }
  else
    {
      of = g_new0 (WindowsUpdates, 1);
      if (report && !by_hand)
        of[0] = (WindowsUpdates) { NULL, report->patch_states, report->os_service_pack };
    }
  for (size_t i = 0; i < n; i++)
    gtk_list_box_append (self->patches_list, patch_row (self, patches, &patches[i], of, n_of));
  update_iis (self);
}

/* Where Windows Update leads, said before the user clicks: the 2003 address is gone. */
static void
show_link_addresses (BcPreventionPage *self)
{
  const BcLink *update = self->links ? bc_links_find (self->links, "windows-update") : NULL;
  const BcLink *basics = self->links ? bc_links_find (self->links, "security-basics") : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prevention.open-link", self->links != NULL);
  gtk_widget_set_visible (self->windows_update_button, update != NULL);
  gtk_widget_set_visible (self->basics_button, basics != NULL);
  gtk_widget_set_visible (self->catalog_intro, update && update->catalog);
  gtk_widget_set_visible (self->catalog_button, update && update->catalog);
  gtk_widget_set_visible (GTK_WIDGET (self->catalog_address), update && update->catalog);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prevention.open-catalog",
                                 update && update->catalog);
  if (update && update->catalog)
    {
      gtk_widget_set_tooltip_text (self->catalog_button, update->catalog);
      gtk_label_set_text (self->catalog_address, update->catalog);
    }
  if (basics)
    gtk_widget_set_tooltip_text (self->basics_button, bc_link_best_address (basics));
  if (!update)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->windows_update_address), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->windows_update_note), FALSE);
      return;
    }
  gtk_widget_set_tooltip_text (self->windows_update_button, bc_link_best_address (update));
  gtk_label_set_text (self->windows_update_address, bc_link_best_address (update));
  if (update->dead)
    gtk_label_set_text (self->windows_update_note,
                        update->current
                          ? _("The 2003 page is gone; this opens its current address.")
                          : _("The 2003 page is gone; this opens the archived copy."));
  else
    gtk_widget_set_visible (GTK_WIDGET (self->windows_update_note), FALSE);
}

static void
bc_prevention_page_constructed (GObject *object)
{
  BcPreventionPage *self = BC_PREVENTION_PAGE (object);

  G_OBJECT_CLASS (bc_prevention_page_parent_class)->constructed (object);
  g_signal_connect_object (bc_page_get_session (BC_PAGE (self)), "changed",
                           G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
}

static void
bc_prevention_page_dispose (GObject *object)
{
  BcPreventionPage *self = BC_PREVENTION_PAGE (object);

  g_clear_pointer (&self->links, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_PREVENTION_PAGE);
  G_OBJECT_CLASS (bc_prevention_page_parent_class)->dispose (object);
}

static void
bc_prevention_page_class_init (BcPreventionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bc_prevention_page_constructed;
  object_class->dispose = bc_prevention_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-prevention-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BcPreventionPage, patches_list);
  gtk_widget_class_bind_template_child (widget_class, BcPreventionPage, iis_state_box);
  gtk_widget_class_bind_template_child (widget_class, BcPreventionPage, iis_state_icon);
  gtk_widget_class_bind_template_child (widget_class, BcPreventionPage, iis_state_label);
  gtk_widget_class_bind_template_child (widget_class, BcPreventionPage, windows_update_button);
  gtk_widget_class_bind_template_child (widget_class, BcPreventionPage, windows_update_address);
  gtk_widget_class_bind_template_child (widget_class, BcPreventionPage, windows_update_note);
  gtk_widget_class_bind_template_child (widget_class, BcPreventionPage, catalog_intro);
  gtk_widget_class_bind_template_child (widget_class, BcPreventionPage, catalog_button);
  gtk_widget_class_bind_template_child (widget_class, BcPreventionPage, catalog_address);
  gtk_widget_class_bind_template_child (widget_class, BcPreventionPage, basics_button);

  gtk_widget_class_install_action (widget_class, "prevention.open-link", "s",
                                   open_link_activated);
  gtk_widget_class_install_action (widget_class, "prevention.open-catalog", NULL,
                                   open_catalog_activated);
}

static void
bc_prevention_page_init (BcPreventionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Prevention"));
  bc_page_set_complete (BC_PAGE (self), TRUE);

  self->links = bc_links_load (NULL);
  show_link_addresses (self);
  bc_page_set_link_button_mode (self->windows_update_button,
                                _("Show the QR code of _Windows Update"));
  bc_page_set_link_button_mode (self->catalog_button,
                                _("Show the QR code of the Microsoft Update _Catalog"));
}
