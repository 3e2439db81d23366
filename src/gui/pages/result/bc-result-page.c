/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Result page: the two-part verdict (is the worm here; is the hole closed), each as an icon
 * and words with the session's reasons, what to do next, what the registry says of the checked
 * Windows (its version, IIS, System Restore), and a scan's evidence: the findings and the places
 * that could not be checked. Everything is recomputed from the session when it changes and when
 * the page is shown, so it never shows an answer older than the session's.
 */
#include "config.h"

#include "bc-result-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "bc-finding-item.h"
#include "bc-registry-location.h"
#include "bc-report.h"
#include "scan-error.h"

/* A hostile or badly damaged disk may yield thousands of places that could not be checked:
 * more rows would only slow the page down, and the saved report keeps them all. The findings
 * are all shown, in a list that makes rows only for what is on screen. */
#define MAX_ROWS 200
/* A finding's row is 70 to 130 pixels tall (a file: 4 lines; a user's registry value: 6). */
#define ROW_HEIGHT_GUESS 130

struct _BcResultPage
{
  BcPage parent_instance;

  GtkImage *infection_icon;
  GtkLabel *infection_label;
  GtkBox *infection_reasons;
  GtkImage *vulnerability_icon;
  GtkLabel *vulnerability_label;
  GtkBox *vulnerability_reasons;
  GtkLabel *next_label;
  GtkWidget *recovery_button; /* nothing found: the recovery steps all the same, if wanted */
  AdwPreferencesGroup *about_group;
  AdwActionRow *windows_row;
  GtkImage *windows_icon;
  AdwActionRow *iis_row;
  GtkImage *iis_icon;
  AdwActionRow *restore_row;
  GtkImage *restore_icon;
  AdwPreferencesGroup *each_windows_group; /* two or more Windows: each one's own verdict */
  GtkListBox *each_windows_list;
  AdwPreferencesGroup *findings_group;
  GtkListView *findings_view;   /* the findings, rows made only for those on screen */
  GtkWidget *findings_scroller; /* its own scroller, inside the page's */
  GListStore *findings;         /* of BcFindingItem */
  guint resize_source;          /* the scroller measured again: the rows' heights are known */
  GtkListBox *findings_list;    /* "And N more…", "None of the worm's files…" */
  AdwPreferencesGroup *errors_group;
  GtkListBox *errors_list;
};

G_DEFINE_FINAL_TYPE (BcResultPage, bc_result_page, BC_TYPE_PAGE)

/* The colour classes a verdict may put on its icon; the words always say the same. */
static const char *const tones[] = { "error", "warning", "success" };

static void
set_verdict (GtkImage *icon, GtkLabel *label, const char *icon_name, const char *tone,
             const char *text)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tones); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (icon), tones[i]);
  if (tone)
    gtk_widget_add_css_class (GTK_WIDGET (icon), tone);
  gtk_image_set_from_icon_name (icon, icon_name);
  gtk_label_set_text (label, text);
}

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)))
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

/* REASONS as a bulleted list in BOX. */
static void
show_reasons (GtkBox *box, GPtrArray *reasons)
{
  remove_children (GTK_WIDGET (box));
  for (guint i = 0; i < reasons->len; i++)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *bullet = gtk_label_new ("•");
      GtkWidget *text = gtk_label_new (reasons->pdata[i]);

      gtk_widget_set_valign (bullet, GTK_ALIGN_START);
      gtk_accessible_update_state (GTK_ACCESSIBLE (bullet), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                                   -1);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_widget_set_hexpand (text, TRUE);
      gtk_box_append (GTK_BOX (line), bullet);
      gtk_box_append (GTK_BOX (line), text);
      gtk_box_append (box, line);
    }
}

/* A path, whole or ellipsized in the middle (the file name at its end matters most), with the
 * whole path in its tooltip; selectable, so that it can be copied. */
static GtkWidget *
location_label (const char *location)
{
  g_autofree char *shown = bc_display_text (location);
  GtkWidget *label = gtk_label_new (shown);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_tooltip_text (label, shown);
  gtk_widget_add_css_class (label, "monospace");
  return label;
}

static GtkWidget *
dim_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* A row of evidence; Tab stops on it, and a screen reader says the words of NAME and NAME2
 * (NULL: none), as a row has no name of its own. */
static GtkWidget *
evidence_row (GtkWidget *content, GtkWidget *name, GtkWidget *name2)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (content, "result-evidence");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), content);
  if (name2)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    name, name2, NULL, -1);
  else
    gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    name, NULL, -1);
  return row;
}

/* What a finding weighs, as a badge with an icon and a word. */
static GtkWidget *
severity_badge (scan_severity severity)
{
  GtkWidget *badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  const char *icon, *tone, *word;

  switch (severity)
    {
    case SCAN_SEV_INFECTION:
      icon = "dialog-error-symbolic";
      tone = "error";
      /* Translators: a finding's weight: strong evidence of the worm */
      word = _("Worm");
      break;
    case SCAN_SEV_SUSPICIOUS:
      icon = "dialog-warning-symbolic";
      tone = "warning";
      /* Translators: a finding's weight: worth a closer look */
      word = _("Suspicious");
      break;
    case SCAN_SEV_INFO:
    default:
      icon = "dialog-information-symbolic";
      tone = NULL;
      /* Translators: a finding's weight: for information only */
      word = _("Note");
      break;
    }
  /* The word beside it says the kind: screen readers skip the sign. */
  gtk_box_append (GTK_BOX (badge), g_object_new (GTK_TYPE_IMAGE, "icon-name", icon,
                                                 "accessible-role",
                                                 GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL));
  gtk_box_append (GTK_BOX (badge), gtk_label_new (word));
  gtk_widget_add_css_class (badge, "result-badge");
  if (tone)
    gtk_widget_add_css_class (badge, tone);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  return badge;
}

/* A word such as "Registry:" before a value (a key, a name) that can be selected and copied;
 * the value wraps anywhere, since a registry key has no spaces to wrap at. */
static GtkWidget *
labelled_value (const char *word, const char *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *prefix = gtk_label_new (word);
  g_autofree char *shown = bc_display_text (value);
  GtkWidget *label = gtk_label_new (shown);

  gtk_widget_set_valign (prefix, GTK_ALIGN_START);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_box_append (GTK_BOX (box), prefix);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

/* The disk's own path of a finding, dimmed, after the place as the PC names it: WORD, then the
 * path. */
static GtkWidget *
disk_path_line (const char *word, const char *path)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (line), dim_label (word));
  gtk_box_append (GTK_BOX (line), location_label (path));
  gtk_widget_add_css_class (gtk_widget_get_last_child (line), "dim-label");
  return line;
}

/* A Run value or a service, as Registry Editor on the PC names it (the core's windows_location:
 * CurrentControlSet, HKEY_CURRENT_USER of a user), then the hive file it was read from; FALSE
 * when the location is not of the shape the core writes for them. */
static gboolean
append_registry_location (GtkBox *box, const scan_finding *f)
{
  g_auto (BcRegistryLocation) where = { 0 };
  g_autofree char *full = NULL;

  if (!bc_registry_location_parse (f->location, &where))
    return FALSE;
  full = f->windows_location ? g_strdup (f->windows_location)
                             : g_strdup_printf ("%s\\%s", where.key, where.name);
  if (f->kind == SCAN_FINDING_SERVICE)
    /* Translators: before the name of a Windows service, such as RpcPatch */
    gtk_box_append (box, labelled_value (_("Service:"), where.name));
  /* Translators: before a registry key, such as HKEY_LOCAL_MACHINE\SOFTWARE\…\Run\… */
  gtk_box_append (box, labelled_value (_("Registry:"), full));
  if (f->windows_user)
    /* Translators: before the name of the Windows user whose own registry
     * (HKEY_CURRENT_USER, when that user is logged on) holds this value */
    gtk_box_append (box, labelled_value (_("User:"), f->windows_user));

  /* Translators: before the path of the registry file (hive) on the checked disk */
  gtk_box_append (box, disk_path_line (_("Registry file:"), where.hive));
  return TRUE;
}

/* Where a finding is: as the checked PC names it (C:\WINDOWS\system32\msblast.exe, a registry
 * key), since the person removes it there; then, dimmed, where it is on the attached disk. A
 * finding with no Windows name (a folder with no Windows in it) by its path alone. */
static void
append_location (GtkBox *box, const scan_finding *f)
{
  if ((f->kind == SCAN_FINDING_REGISTRY || f->kind == SCAN_FINDING_SERVICE)
      && append_registry_location (box, f))
    return;
  if (!f->windows_location)
    {
      gtk_box_append (box, location_label (f->location));
      return;
    }
  gtk_box_append (box, location_label (f->windows_location));
  if (strcmp (f->windows_location, f->location) != 0)
    /* Translators: before a file's path on the attached disk, as this computer mounted it */
    gtk_box_append (box, disk_path_line (_("On the attached disk:"), f->location));
}

static GtkWidget *
finding_content (const scan_finding *f)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  const scan_variant *variant = f->indicator ? f->indicator->variant : NULL;
  g_autofree char *what = NULL;
  GtkWidget *badge = severity_badge (f->severity);
  GtkWidget *title;

  if (variant)
    /* Translators: a worm and its variant, e.g. "Blaster / MSBlast / Lovsan, variant A" */
    what = g_strdup_printf (_("%s, variant %s"), variant->family_name, variant->id);
  title = gtk_label_new (what ? what : "");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  /* An empty label is read by its type name ("GtkLabel") under GTK 4.8. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_STATE_HIDDEN, what == NULL,
                               -1);

  gtk_box_append (GTK_BOX (top), badge);
  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (GTK_BOX (box), top);
  append_location (GTK_BOX (box), f);
  gtk_box_append (GTK_BOX (box), dim_label (_(scan_why_text (f->why))));
  /* "Worm Blaster / MSBlast / Lovsan, variant A": the badge's word, then what was found. A
   * list view's row has no name of its own (GTK 4.8): its content is named. */
  gtk_widget_add_css_class (box, "result-evidence");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  gtk_widget_get_last_child (badge), what ? title : NULL, NULL,
                                  -1);
  return box;
}

/* A finding comes on screen: its row, from the session's report as it is now (a report
 * replaced since the list was filled is refilled on the session's "changed"). */
static void
bind_finding (GtkSignalListItemFactory *factory, GtkListItem *item, BcResultPage *self)
{
  BcFindingItem *finding = gtk_list_item_get_item (item);
  const scan_report *report = bc_session_get_report (bc_page_get_session (BC_PAGE (self)));

  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  if (!report || !finding || bc_finding_item_get_index (finding) >= report->n_findings)
    {
      gtk_list_item_set_child (item, NULL);
      return;
    }
  gtk_list_item_set_child (item,
                           finding_content (&report->findings[bc_finding_item_get_index (finding)]));
}

static void
unbind_finding (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer unused)
{
  gtk_list_item_set_child (item, NULL);
}

static gboolean
resize_findings (gpointer user_data)
{
  BcResultPage *self = user_data;
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (self->findings_scroller);
  GtkWidget *view = GTK_WIDGET (self->findings_view);
  GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (scroller);
  int most = gtk_scrolled_window_get_max_content_height (scroller);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->findings));
  guint rows = 0;
  double bottom = 0;

  self->resize_source = 0;
  /* Every row made: the list is as tall as the bottom of its lowest row. Not all: taller than
   * the scroller may be. */
  for (GtkWidget *row = gtk_widget_get_first_child (view); row;
       row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;

      if (gtk_widget_get_visible (row) && gtk_widget_compute_bounds (row, view, &bounds))
        {
          bottom = MAX (bottom, bounds.origin.y + bounds.size.height);
          rows++;
        }
    }
  if (rows < n)
    bottom = most;
  else
    bottom += gtk_adjustment_get_value (v);
  if (bottom > 0)
    gtk_scrolled_window_set_min_content_height (scroller, MIN ((int) (bottom + 0.999), most));
  return G_SOURCE_REMOVE;
}

/* The page's scroller gives its content its minimum height, and GTK 4.8's list view knows its
 * rows' heights only once it has laid them out: when the list's height (its scroller's
 * "upper") changes, the scroller is made as tall, up to its max-content-height. */
static void
findings_height_changed (BcResultPage *self)
{
  if (!self->resize_source)
    self->resize_source = g_idle_add (resize_findings, self);
}

/* The findings list: N items, one for each of the report's findings. */
static void
show_findings (BcResultPage *self, guint n)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, bc_finding_item_new (i));
  g_list_store_splice (self->findings, 0, g_list_model_get_n_items (G_LIST_MODEL (self->findings)),
                       items->pdata, items->len);
  gtk_widget_set_visible (self->findings_scroller, n > 0);
  /* Until the rows are laid out: a height for each, a little more than most need (corrected
   * by findings_height_changed ()), so that the first layout already shows them. */
  gtk_scrolled_window_set_min_content_height (
    GTK_SCROLLED_WINDOW (self->findings_scroller),
    (int) MIN ((guint64) n * ROW_HEIGHT_GUESS,
               (guint64) gtk_scrolled_window_get_max_content_height (
                 GTK_SCROLLED_WINDOW (self->findings_scroller))));
}

static GtkWidget *
error_row (const scan_error_entry *e)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *where = location_label (e->location);
  GtkWidget *why = dim_label (_(scan_strerror (e->code)));

  gtk_box_append (GTK_BOX (box), where);
  gtk_box_append (GTK_BOX (box), why);
  return evidence_row (box, where, why);
}

static GtkWidget *
more_row (const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = dim_label (text);

  gtk_box_append (GTK_BOX (box), label);
  return evidence_row (box, label, NULL);
}

/* A fact read from the disk, made safe to show; NULL when it is not known or empty. */
static char *
fact_text (const char *fact)
{
  return fact && *fact ? bc_display_text (fact) : NULL;
}

/* "Microsoft Windows XP, Service Pack 1 (version 5.1, build 2600)", or NULL when the registry
 * did not say which Windows this is. */
static char *
windows_text (const scan_report *report)
{
  g_autofree char *product = fact_text (report->os_product);
  g_autofree char *service_pack = fact_text (report->os_service_pack);
  g_autofree char *version = fact_text (report->os_version);
  g_autofree char *build = fact_text (report->os_build);
  g_autofree char *name = NULL;

  if (!product && !version && !build)
    return NULL;
  if (!product)
    /* Translators: the name of a Windows whose registry does not give its full name */
    product = g_strdup (_("Windows"));
  if (service_pack)
    /* Translators: a Windows and its service pack, as its registry names them, e.g.
     * "Microsoft Windows XP, Service Pack 1" */
    name = g_strdup_printf (_("%1$s, %2$s"), product, service_pack);
  else
    name = g_steal_pointer (&product);

  if (version && build)
    /* Translators: %1$s is a Windows such as "Microsoft Windows XP, Service Pack 1", then its
     * version number (5.1) and build number (2600) */
    return g_strdup_printf (_("%1$s (version %2$s, build %3$s)"), name, version, build);
  if (version)
    /* Translators: %1$s is a Windows, %2$s its version number (5.1) */
    return g_strdup_printf (_("%1$s (version %2$s)"), name, version);
  if (build)
    /* Translators: %1$s is a Windows, %2$s its build number (2600) */
    return g_strdup_printf (_("%1$s (build %2$s)"), name, build);
  return g_steal_pointer (&name);
}

/* A fact about the checked Windows: an icon and words, never the icon alone. */
static void
set_fact (AdwActionRow *row, GtkImage *icon, const char *icon_name, const char *title,
          const char *subtitle)
{
  gtk_image_set_from_icon_name (icon, icon_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle ? subtitle : "");
}

/* What the registry says of the checked Windows; hidden when it said nothing (no registry was
 * read, or the user checks by hand and the report is an earlier one). */
static void
show_about (BcResultPage *self, const scan_report *report)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  g_autofree char *windows = NULL;
  gboolean known = report && bc_session_get_target_kind (session) != BC_TARGET_BY_HAND;

  if (known)
    windows = windows_text (report);
  known = known && (windows || report->iis >= 0 || report->system_restore >= 0);
  gtk_widget_set_visible (GTK_WIDGET (self->about_group), known);
  if (!known)
    return;

  if (windows)
    set_fact (self->windows_row, self->windows_icon, "computer-symbolic", windows, NULL);
  else
    set_fact (self->windows_row, self->windows_icon, "dialog-question-symbolic",
              _("Not known which Windows this is"), NULL);

  switch (report->iis)
    {
    case 1:
      set_fact (self->iis_row, self->iis_icon, "network-server-symbolic",
                _("IIS (Microsoft’s web server) is installed"),
                _("The PC also needs the MS03-007 update: see Prevention."));
      break;
    case 0:
      set_fact (self->iis_row, self->iis_icon, "network-server-symbolic",
                _("IIS (Microsoft’s web server) is not installed"), NULL);
      break;
    default:
      set_fact (self->iis_row, self->iis_icon, "dialog-question-symbolic",
                _("Not known whether IIS (Microsoft’s web server) is installed"), NULL);
      break;
    }

  switch (report->system_restore)
    {
    case 1:
      set_fact (self->restore_row, self->restore_icon, "document-revert-symbolic",
                _("System Restore is on"), NULL);
      break;
    case 0:
      set_fact (self->restore_row, self->restore_icon, "document-revert-symbolic",
                _("System Restore is off"), NULL);
      break;
    default:
      set_fact (self->restore_row, self->restore_icon, "dialog-question-symbolic",
                _("Not known whether System Restore is on"), NULL);
      break;
    }
}

/* A label of one line of an installation's row. */
static GtkWidget *
each_windows_label (const char *text, gboolean heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), heading);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

/* Two or more Windows on the disk (dual boot): one row each, its folder, which Windows it is,
 * and its own verdict in the words used everywhere; nothing for one Windows. */
static void
show_each_windows (BcResultPage *self, const scan_report *report)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  gboolean shown = report && report->n_windows > 1
                   && bc_session_get_target_kind (session) != BC_TARGET_BY_HAND;

  remove_children (GTK_WIDGET (self->each_windows_list));
  gtk_widget_set_visible (GTK_WIDGET (self->each_windows_group), shown);
  if (!shown)
    return;
  for (size_t i = 0; i < report->n_windows; i++)
    {
      const scan_windows *w = &report->windows[i];
      g_autofree char *title = bc_report_windows_title (report, w);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

      gtk_widget_set_margin_top (box, 10);
      gtk_widget_set_margin_bottom (box, 10);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_box_append (GTK_BOX (box), each_windows_label (title, TRUE));
      gtk_box_append (GTK_BOX (box),
                      each_windows_label (bc_report_infection_text (w->infection), FALSE));
      gtk_box_append (GTK_BOX (box),
                      each_windows_label (bc_report_vulnerability_text (w->vulnerability),
                                          FALSE));
      gtk_list_box_append (self->each_windows_list, box);
    }
}

static void
show_evidence (BcResultPage *self, const scan_report *report)
{
  size_t shown;
  guint64 more;

  remove_children (GTK_WIDGET (self->findings_list));
  remove_children (GTK_WIDGET (self->errors_list));
  show_findings (self, report ? (guint) MIN (report->n_findings, G_MAXUINT) : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->findings_list), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->findings_group), report != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->errors_group),
                          report && (report->n_errors || report->errors_dropped));
  if (!report)
    return;

  g_autofree char *root = bc_display_text (report->root);
  g_autofree char *checked
    = g_strdup_printf (ngettext ("%llu file or folder was checked in %s.",
                                 "%llu files and folders were checked in %s.",
                                 (unsigned long) MIN (report->entries, G_MAXULONG)),
                       (unsigned long long) report->entries, root);
  adw_preferences_group_set_description (self->findings_group, checked);

  more = (guint64) (report->n_findings - MIN (report->n_findings, G_MAXUINT))
         + report->findings_dropped;
  if (more)
    {
      g_autofree char *text
        = g_strdup_printf (ngettext ("And %llu more finding, not shown here.",
                                     "And %llu more findings, not shown here.",
                                     (unsigned long) MIN (more, G_MAXULONG)),
                           (unsigned long long) more);
      gtk_list_box_append (self->findings_list, more_row (text));
    }
  if (report->n_findings == 0 && !more)
    gtk_list_box_append (self->findings_list,
                         more_row (_("None of the worm's files was found.")));
  gtk_widget_set_visible (GTK_WIDGET (self->findings_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->findings_list)) != NULL);

  shown = MIN (report->n_errors, MAX_ROWS);
  for (size_t i = 0; i < shown; i++)
    gtk_list_box_append (self->errors_list, error_row (&report->errors[i]));
  more = (guint64) (report->n_errors - shown) + report->errors_dropped;
  if (more)
    {
      g_autofree char *text
        = g_strdup_printf (ngettext ("And %llu more place, not shown here.",
                                     "And %llu more places, not shown here.",
                                     (unsigned long) MIN (more, G_MAXULONG)),
                           (unsigned long long) more);
      gtk_list_box_append (self->errors_list, more_row (text));
    }
}

/* The one place where the page shows the session's verdict. */
static void
refresh (BcResultPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  g_autoptr (GPtrArray) infection_reasons = NULL;
  g_autoptr (GPtrArray) vulnerability_reasons = NULL;
  scan_infection infection;
  scan_vulnerability vulnerability;
  const char *next = NULL;

  if (!self->infection_label)
    return; /* disposed */
  infection_reasons = g_ptr_array_new_with_free_func (g_free);
  vulnerability_reasons = g_ptr_array_new_with_free_func (g_free);
  infection = bc_session_get_infection (session, infection_reasons);
  vulnerability = bc_session_get_vulnerability (session, vulnerability_reasons);

  switch (infection)
    {
    case SCAN_INFECTION_INFECTED:
      set_verdict (self->infection_icon, self->infection_label, "dialog-error-symbolic", "error",
                   bc_report_infection_text (infection));
      next = _("Follow the recovery steps next.");
      break;
    case SCAN_INFECTION_SUSPICIOUS:
      set_verdict (self->infection_icon, self->infection_label, "dialog-warning-symbolic",
                   "warning", bc_report_infection_text (infection));
      next = _("Follow the recovery steps next.");
      break;
    case SCAN_INFECTION_CLEAN:
      set_verdict (self->infection_icon, self->infection_label, "emblem-ok-symbolic", "success",
                   bc_report_infection_text (infection));
      next = _("Keep the PC protected: see Prevention.");
      break;
    case SCAN_INFECTION_INCOMPLETE:
    default:
      set_verdict (self->infection_icon, self->infection_label, "dialog-question-symbolic", NULL,
                   bc_report_infection_text (infection));
      next = _("Go back and finish the check if you can.");
      break;
    }
  show_reasons (self->infection_reasons, infection_reasons);

  switch (vulnerability)
    {
    case SCAN_VULN_PATCHED:
      set_verdict (self->vulnerability_icon, self->vulnerability_label, "emblem-ok-symbolic",
                   "success", bc_report_vulnerability_text (vulnerability));
      break;
    case SCAN_VULN_UNPATCHED:
      set_verdict (self->vulnerability_icon, self->vulnerability_label, "dialog-warning-symbolic",
                   "warning", bc_report_vulnerability_text (vulnerability));
      break;
    case SCAN_VULN_UNKNOWN:
    default:
      set_verdict (self->vulnerability_icon, self->vulnerability_label,
                   "dialog-question-symbolic", NULL,
                   bc_report_vulnerability_text (vulnerability));
      break;
    }
  show_reasons (self->vulnerability_reasons, vulnerability_reasons);

  gtk_label_set_text (self->next_label, next);
  gtk_widget_set_visible (self->recovery_button, infection == SCAN_INFECTION_CLEAN
                                                   || infection == SCAN_INFECTION_INCOMPLETE);
  show_about (self, bc_session_get_report (session));
  show_each_windows (self, bc_session_get_report (session));
  show_evidence (self, bc_session_get_report (session));
}

static void
bc_result_page_shown (BcPage *page)
{
  refresh (BC_RESULT_PAGE (page));
}

static void
bc_result_page_constructed (GObject *object)
{
  BcResultPage *self = BC_RESULT_PAGE (object);

  G_OBJECT_CLASS (bc_result_page_parent_class)->constructed (object);
  g_signal_connect_object (bc_page_get_session (BC_PAGE (self)), "changed", G_CALLBACK (refresh),
                           self, G_CONNECT_SWAPPED);
  refresh (self);
}

static void
bc_result_page_dispose (GObject *object)
{
  BcResultPage *self = BC_RESULT_PAGE (object);

  g_clear_handle_id (&self->resize_source, g_source_remove);
  g_clear_object (&self->findings);
  gtk_widget_dispose_template (GTK_WIDGET (object), BC_TYPE_RESULT_PAGE);
  G_OBJECT_CLASS (bc_result_page_parent_class)->dispose (object);
}

static void
bc_result_page_class_init (BcResultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BcPageClass *page_class = BC_PAGE_CLASS (klass);

  object_class->constructed = bc_result_page_constructed;
  object_class->dispose = bc_result_page_dispose;
  page_class->shown = bc_result_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-result-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, infection_icon);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, infection_label);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, infection_reasons);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, vulnerability_icon);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, vulnerability_label);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, vulnerability_reasons);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, next_label);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, recovery_button);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, about_group);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, windows_row);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, windows_icon);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, iis_row);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, iis_icon);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, restore_row);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, restore_icon);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, each_windows_group);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, each_windows_list);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, findings_group);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, findings_view);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, findings_scroller);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, findings_list);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, errors_group);
  gtk_widget_class_bind_template_child (widget_class, BcResultPage, errors_list);
}

static void
bc_result_page_init (BcResultPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Result"));

  self->findings = g_list_store_new (BC_TYPE_FINDING_ITEM);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_finding), self, 0);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_finding), NULL);
  gtk_list_view_set_factory (self->findings_view, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->findings)));
  gtk_list_view_set_model (self->findings_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (
                             GTK_SCROLLED_WINDOW (self->findings_scroller)),
                           "notify::upper", G_CALLBACK (findings_height_changed), self,
                           G_CONNECT_SWAPPED);
}
