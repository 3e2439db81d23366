/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Help and links page: every link of the advisory (data/links/links.ini), grouped as the
 * advisory groups them, each with the address it opens and why that one: most 2003 pages are
 * gone, so a link opens its current address where one is known, else the archived copy.
 * Where no browser may start (bc_config_links_as_qr ()), each link shows its QR code instead,
 * and the page says so; it follows the setting while it is on screen.
 *
 * "Check the links" asks the link doctor (src/links) whether each address still works: each
 * link then says so and opens its best working address; offline, the page says so and each
 * link offers its archived copy as a QR code. Nothing goes out before the user asks (the
 * person may be on an infected PC they were told to unplug); the last results are kept with
 * their time and shown on the next visit.
 */
#include "config.h"

#include "bc-links-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bc-a11y.h"
#include "bc-config.h"
#include "bc-link-store.h"
#include "bc-links.h"
#include "bc-qr-dialog.h"

struct _BcLinksPage
{
  BcPage parent_instance;

  GPtrArray *links;
  GPtrArray *rows; /* the rows added to the groups, to rebuild them when the link mode changes */
  gboolean as_qr;  /* the rows show QR codes, not a browser */
  gboolean rows_as_qr; /* the rows' buttons say Show QR code: as_qr, or offline */

  GHashTable *checks;         /* address → BcAddressCheck: the last check's, or the kept ones */
  GCancellable *checking;     /* a check is running */
  gboolean offline_now;       /* this visit's check found this computer offline */
  guint checks_done, checks_asked;

  AdwToastOverlay *toasts;
  AdwActionRow *check_row;
  GtkWidget *check_spinner;
  GtkButton *check_button;
  GtkWidget *offline_label;
  GtkWidget *intro_browser_label;
  GtkWidget *intro_qr_label;
  GtkLabel *error_label;
  AdwPreferencesGroup *recovery_group;
  AdwPreferencesGroup *prevention_group;
  AdwPreferencesGroup *other_group;
  AdwPreferencesGroup *removal_group;
  /* The groups' titles: labels above them that wrap (a group's title ends in "…"). */
  GtkWidget *recovery_group_heading;
  GtkWidget *prevention_group_heading;
  GtkWidget *other_group_heading;
  GtkWidget *removal_group_heading;
};

G_DEFINE_FINAL_TYPE (BcLinksPage, bc_links_page, BC_TYPE_PAGE)

/* The link whose row offers ADDRESS (its best working address, or its second one: CATALOG). */
static const BcLink *
link_of (BcLinksPage *self, const char *address, gboolean *catalog)
{
  for (guint i = 0; self->links && i < self->links->len; i++)
    {
      const BcLink *link = g_ptr_array_index (self->links, i);
      BcLinkVerdict verdict;

      bc_link_judge (link, self->checks, &verdict);
      *catalog = g_strcmp0 (link->catalog, address) == 0;
      if (*catalog || g_strcmp0 (verdict.opens, address) == 0)
        return link;
    }
  return NULL;
}

static void
open_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcLinksPage *self = BC_LINKS_PAGE (widget);
  const char *address = g_variant_get_string (param, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  gboolean catalog = FALSE;
  const BcLink *link;
  GtkWidget *dialog;

  if (!self->rows_as_qr)
    {
      bc_page_show_uri (BC_PAGE (widget), address);
      return;
    }
  /* The button said Show QR code: the code, also where a browser may start (offline, a browser
   * here reaches nothing), and titled with its link also where the check found another address
   * than the links file's (bc_page_show_uri () knows only those). */
  link = link_of (self, address, &catalog);
  dialog = bc_qr_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                             link ? link->title : address,
                             link && catalog ? link->catalog_note : NULL, address);
  /* As bc_page_show_uri (): the code leaves the screen with the page (an idle reset). */
  g_signal_connect_object (self, "unmap", G_CALLBACK (gtk_window_destroy), dialog,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
copy_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcLinksPage *self = BC_LINKS_PAGE (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (param, NULL));
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Address copied")));
}

static GtkWidget *
text_label (const char *text, const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (style_class)
    gtk_widget_add_css_class (label, style_class);
  return label;
}

/* A note with an icon, so that it does not read as part of the title or the address. */
static GtkWidget *
note_box (const char *icon_name, const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  /* The words beside it say it all: a screen reader skips the icon. */
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", icon_name, "accessible-role",
                                  GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  GtkWidget *label = text_label (text, "caption");

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static GtkWidget *
action_button (const char *icon_name, const char *label, const char *action,
               const char *address, const char *accessible_label)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon_name);
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", address);
  gtk_widget_set_tooltip_text (button, address);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  return button;
}

/* Open (or Show QR code, AS_QR) and Copy for ADDRESS; WHAT names it for screen readers. */
static GtkWidget *
address_buttons (const char *address, const char *what, gboolean as_qr)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *open_name
    = as_qr ? /* Translators: for screen readers; %s is the title of a link */
              g_strdup_printf (_("Show the QR code of “%s”"), what)
            : /* Translators: for screen readers; %s is the title of a link */
              g_strdup_printf (_("Open “%s”"), what);
  /* Translators: for screen readers; %s is the title of a link */
  g_autofree char *copy_name = g_strdup_printf (_("Copy the address of “%s”"), what);

  gtk_widget_set_margin_top (box, 6);
  if (as_qr)
    /* Translators: a button that shows a web page's address as a QR code to scan with a phone
     * (in a kiosk, where no browser may open) */
    gtk_box_append (GTK_BOX (box), action_button ("phone-symbolic", _("Show _QR code"),
                                                  "links.open", address, open_name));
  else
    /* Translators: a button that opens a web page in the browser */
    gtk_box_append (GTK_BOX (box), action_button ("adw-external-link-symbolic", _("_Open"),
                                                  "links.open", address, open_name));
  gtk_box_append (GTK_BOX (box), action_button ("edit-copy-symbolic", _("_Copy address"),
                                                "links.copy", address, copy_name));
  return box;
}

/* Why the link goes where it goes, in the words of the mode: "opens" or "its QR code leads". */
static const char *
opens_note (const BcLink *link, const BcLinkVerdict *verdict, gboolean as_qr)
{
  switch (verdict->opens_kind)
    {
    case BC_LINK_OPENS_ORIGINAL:
      return as_qr ? _("The 2003 address still works; its QR code leads there.")
                   : _("The 2003 address still works; this opens it.");
    case BC_LINK_OPENS_MOVED:
      return as_qr ? _("The 2003 address now leads to a new one; its QR code leads there.")
                   : _("The 2003 address now leads to a new one; this opens it.");
    case BC_LINK_OPENS_CURRENT:
      if (!link->dead && verdict->state != BC_LINK_DEAD)
        return NULL;
      return as_qr ? _("The 2003 page is gone; its QR code leads to its current address.")
                   : _("The 2003 page is gone; this opens its current address.");
    case BC_LINK_OPENS_ARCHIVE:
    default:
      /* Offline says nothing of the page: only the links file's "dead" does (the offline label
       * says why the archived copy is offered). */
      if (!link->dead && verdict->state != BC_LINK_DEAD)
        return NULL;
      return as_qr ? _("The 2003 page is gone; its QR code leads to the archived copy.")
                   : _("The 2003 page is gone; this opens the archived copy.");
    }
}

/* What the check found, as a line for the row: "Gone: the server has no such page (HTTP 404)."
 * MAIN: the check of the link's own address (STATE's), when there is one. */
static GtkWidget *
state_box (BcLinkState state, const BcAddressCheck *main)
{
  g_autofree char *reason = main && state != BC_LINK_OFFLINE ? bc_address_check_reason (main)
                                                             : NULL;
  /* Translators: a link's state after the check, and why: "Gone: The server has no such page
   * (HTTP 404)." */
  g_autofree char *text = reason ? g_strdup_printf (_("%s: %s"), bc_link_state_label (state),
                                                    reason)
                                 : g_strdup (bc_link_state_label (state));
  const char *icon = state == BC_LINK_LIVE || state == BC_LINK_MOVED ? "emblem-ok-symbolic"
                     : state == BC_LINK_OFFLINE    ? "network-offline-symbolic"
                     : state == BC_LINK_NOT_CHECKED ? "dialog-question-symbolic"
                                                    : "dialog-warning-symbolic";
  GtkWidget *box = note_box (icon, text);

  gtk_widget_add_css_class (box, "link-state");
  return box;
}

/* "The Internet Archive's copy is from 2003-08-15." from its capture time. */
static char *
archive_date_note (const BcLinkVerdict *verdict)
{
  const char *stamp = verdict->original ? verdict->original->archived_timestamp : NULL;
  g_autoptr (GDateTime) date = NULL;
  g_autofree char *day = NULL;
  int y, m, d;

  if (!verdict->archive_found || !stamp || sscanf (stamp, "%4d%2d%2d", &y, &m, &d) != 3)
    return NULL;
  date = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (!date)
    return NULL;
  /* Translators: a day, as strftime () writes it (GLib's %-m: the month without a 0) */
  day = g_date_time_format (date, _("%Y-%m-%d"));
  /* Translators: %s is a date */
  return g_strdup_printf (_("The Internet Archive’s copy is from %s."), day);
}

/* LINK's row: title, description, the address it opens, what the check found and why, its
 * buttons (Open, or Show QR code when AS_QR, and Copy address). */
static GtkWidget *
link_row (const BcLink *link, const BcLinkVerdict *verdict, gboolean as_qr)
{
  /* An AdwPreferencesRow: AdwPreferencesGroup puts only those into its boxed list. */
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  const char *note = opens_note (link, verdict, as_qr);
  g_autofree char *archive_date = archive_date_note (verdict);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  /* Titles are data: never markup (a <a href> in one would be a link to a browser). */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), link->title);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_box_append (GTK_BOX (box), text_label (link->title, "heading"));
  if (link->description)
    gtk_box_append (GTK_BOX (box), text_label (link->description, NULL));
  gtk_box_append (GTK_BOX (box), text_label (verdict->opens, "dim-label"));

  /* Also "Not checked: The check was stopped before it was done.": a check that said nothing
   * of a link must not look like no check at all. */
  if (verdict->main)
    gtk_box_append (GTK_BOX (box), state_box (verdict->state, verdict->main));
  if (note)
    gtk_box_append (GTK_BOX (box), note_box ("dialog-information-symbolic", note));
  else if (!link->in_advisory)
    gtk_box_append (GTK_BOX (box), note_box ("dialog-information-symbolic",
                                             _("This link is not in the 2003 advisory.")));
  if (archive_date && verdict->opens_kind == BC_LINK_OPENS_ARCHIVE)
    gtk_box_append (GTK_BOX (box), note_box ("dialog-information-symbolic", archive_date));
  if (link->status)
    gtk_box_append (GTK_BOX (box), note_box ("dialog-question-symbolic", link->status));
  gtk_box_append (GTK_BOX (box), address_buttons (verdict->opens, link->title, as_qr));

  /* A second address nobody verified (the Update Catalog): offered, and said to be unverified. */
  if (link->catalog)
    {
      g_autofree char *what = g_strdup_printf ("%s (%s)", link->title, link->catalog);

      gtk_widget_set_margin_top (GTK_WIDGET (gtk_widget_get_last_child (box)), 6);
      gtk_box_append (GTK_BOX (box), note_box ("dialog-question-symbolic",
                                               link->catalog_note ? link->catalog_note
                                                                  : link->catalog));
      gtk_box_append (GTK_BOX (box), text_label (link->catalog, "dim-label"));
      gtk_box_append (GTK_BOX (box), address_buttons (link->catalog, what, as_qr));
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* The list inside WIDGET: an AdwPreferencesGroup's, which libadwaita 1.2 does not give out. */
static GtkWidget *
find_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *list = find_list (c);
      if (list)
        return list;
    }
  return NULL;
}

/* GROUP's list read by the heading above it and the description under that, as a titled
 * group's list would be. */
static void
label_list (AdwPreferencesGroup *group, GtkWidget *heading)
{
  GtkWidget *list = find_list (GTK_WIDGET (group));

  if (list)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    heading, NULL, GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                    gtk_widget_get_next_sibling (heading), NULL, -1);
}

static AdwPreferencesGroup *
group_for (BcLinksPage *self, const char *section)
{
  if (g_strcmp0 (section, "recovery") == 0)
    return self->recovery_group;
  if (g_strcmp0 (section, "prevention") == 0)
    return self->prevention_group;
  if (g_strcmp0 (section, "removal") == 0)
    return self->removal_group;
  return self->other_group;
}

/* Whether a link goes into SECTION's group (group_for () puts unknown sections in "other"). */
static gboolean
has_section (BcLinksPage *self, const char *section)
{
  for (guint i = 0; self->links && i < self->links->len; i++)
    {
      const BcLink *link = g_ptr_array_index (self->links, i);
      if (group_for (self, link->section) == group_for (self, section))
        return TRUE;
    }
  return FALSE;
}

/* "Checked 2026-11-26 15:40: 3 live, 2 moved, 10 gone." for the kept results, or NULL when
 * none of the links was ever checked. */
static char *
checked_line (BcLinksPage *self)
{
  guint counts[BC_LINK_OFFLINE + 1];
  gint64 newest = 0;
  g_autoptr (GDateTime) when = NULL;
  g_autofree char *when_text = NULL;

  for (guint i = 0; i < self->links->len; i++)
    {
      BcLinkVerdict verdict;

      bc_link_judge (g_ptr_array_index (self->links, i), self->checks, &verdict);
      if (verdict.original)
        newest = MAX (newest, verdict.original->checked_at);
      if (verdict.current)
        newest = MAX (newest, verdict.current->checked_at);
    }
  if (newest == 0)
    return NULL;
  when = g_date_time_new_from_unix_local (newest);
  /* Translators: a date and time, as strftime () writes it */
  when_text = g_date_time_format (when, _("%Y-%m-%d %H:%M"));
  bc_links_count (self->links, self->checks, counts);
  if (bc_links_offline (self->links, self->checks))
    /* Translators: %s is a date and time */
    return g_strdup_printf (_("Checked %s: this computer was offline."), when_text);
  if (counts[BC_LINK_NOT_CHECKED] == 0)
    /* Translators: %s is a date and time, then how many links are in each state */
    return g_strdup_printf (_("Checked %s: %u live, %u moved, %u gone."), when_text,
                            counts[BC_LINK_LIVE], counts[BC_LINK_MOVED], counts[BC_LINK_DEAD]);
  /* Translators: %s is a date and time, then how many links are in each state (a check that
   * was stopped leaves some not checked) */
  return g_strdup_printf (_("Checked %s: %u live, %u moved, %u gone, %u not checked."),
                          when_text, counts[BC_LINK_LIVE], counts[BC_LINK_MOVED],
                          counts[BC_LINK_DEAD], counts[BC_LINK_NOT_CHECKED]);
}

/* The check's row: what is known, from when, or how far the check is. */
static void
show_check_state (BcLinksPage *self)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->check_spinner, self->checking != NULL);
  gtk_spinner_set_spinning (GTK_SPINNER (self->check_spinner), self->checking != NULL);
  if (self->checking)
    {
      gtk_button_set_label (self->check_button, _("_Stop"));
      /* Translators: the link check's progress: "3 of 17 addresses checked…" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u address checked…",
                                           "%u of %u addresses checked…", self->checks_asked),
                              self->checks_done, self->checks_asked);
      adw_action_row_set_subtitle (self->check_row, text);
      return;
    }
  text = self->links ? checked_line (self) : NULL;
  gtk_button_set_label (self->check_button, text ? _("Check _again") : _("Check the _links"));
  adw_action_row_set_subtitle (self->check_row,
                               text ? text
                                    : _("Not checked yet. The check asks each page’s server "
                                        "whether the page is still there, and the Internet "
                                        "Archive about the pages that are gone; nothing about "
                                        "this computer is sent."));
}

/* (Re)builds the rows for the link mode in force and what the check found. */
static void
fill (BcLinksPage *self)
{
  self->as_qr = bc_config_links_as_qr ();
  /* Offline now, a browser here would show nothing: the code is for a phone. (Results kept
   * from an earlier visit say it was offline then; this computer may be online again.) */
  self->rows_as_qr = self->as_qr || (self->offline_now && !self->checking);
  gtk_widget_set_visible (self->intro_browser_label, !self->as_qr);
  gtk_widget_set_visible (self->intro_qr_label, self->as_qr);
  gtk_widget_set_visible (self->offline_label, self->offline_now && !self->checking);
  show_check_state (self);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      adw_preferences_group_remove (
        ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)), row);
    }
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; self->links && i < self->links->len; i++)
    {
      const BcLink *link = g_ptr_array_index (self->links, i);
      BcLinkVerdict verdict;
      GtkWidget *row;

      bc_link_judge (link, self->checks, &verdict);
      row = link_row (link, &verdict, self->rows_as_qr);
      adw_preferences_group_add (group_for (self, link->section), row);
      g_ptr_array_add (self->rows, row);
    }
  /* A group without links (another links file, --links) would be a heading over nothing. */
  gtk_widget_set_visible (GTK_WIDGET (self->recovery_group), has_section (self, "recovery"));
  gtk_widget_set_visible (GTK_WIDGET (self->prevention_group), has_section (self, "prevention"));
  gtk_widget_set_visible (GTK_WIDGET (self->other_group), has_section (self, "other"));
  gtk_widget_set_visible (GTK_WIDGET (self->removal_group), has_section (self, "removal"));
}

static void
check_progress (guint index, const BcAddressCheck *check, gpointer user_data)
{
  BcLinksPage *self = user_data;

  if (!self->checks) /* disposed (a kiosk's wipe): the check is being cancelled */
    return;
  self->checks_done++;
  show_check_state (self);
}

/* Keeps what the check found (bc_link_store_add (): a stopped check's unfinished addresses
 * leave the older results in place), then shows it. */
static void
check_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (BcLinksPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) checks = bc_link_check_finish (result, &error);
  g_autoptr (GHashTable) kept = NULL;
  g_autoptr (GHashTable) found = NULL;

  g_clear_object (&self->checking);
  if (!self->checks || !checks)
    return;
  found = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < checks->len; i++)
    {
      BcAddressCheck *check = g_ptr_array_index (checks, i);
      g_hash_table_insert (found, check->address, check);
    }
  self->offline_now = bc_links_offline (self->links, found);
  kept = bc_link_store_add (checks, &error);
  if (kept)
    {
      g_hash_table_unref (self->checks);
      self->checks = g_steal_pointer (&kept);
    }
  else
    {
      /* Shown all the same, only not kept for the next visit. */
      g_warning ("%s", error->message);
      bc_link_checks_merge (self->checks, checks);
    }
  fill (self);
}

static void
check_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcLinksPage *self = BC_LINKS_PAGE (widget);
  g_autoptr (GArray) requests = NULL;

  if (self->checking)
    {
      g_cancellable_cancel (self->checking);
      return;
    }
  if (!self->links)
    return;
  requests = bc_links_requests (self->links);
  self->checking = g_cancellable_new ();
  self->checks_done = 0;
  self->checks_asked = requests->len;
  bc_link_check_async ((BcLinkCheckRequest *) (void *) requests->data, requests->len, NULL,
                       self->checking, check_progress, self, check_done, g_object_ref (self));
  gtk_widget_set_visible (self->offline_label, FALSE);
  show_check_state (self);
}

/* kiosk-mode or link-mode changed (an administrator, or a test): follow them. */
static void
settings_changed (BcLinksPage *self, const char *key, GSettings *settings)
{
  if (bc_config_links_as_qr () != self->as_qr)
    fill (self);
}

static void
bc_links_page_dispose (GObject *object)
{
  BcLinksPage *self = BC_LINKS_PAGE (object);

  if (self->checking)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_LINKS_PAGE);
  G_OBJECT_CLASS (bc_links_page_parent_class)->dispose (object);
}

static void
bc_links_page_class_init (BcLinksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bc_links_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-links-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, check_row);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, offline_label);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, intro_browser_label);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, intro_qr_label);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, recovery_group);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, prevention_group);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, other_group);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, removal_group);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, recovery_group_heading);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, prevention_group_heading);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, other_group_heading);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, removal_group_heading);

  gtk_widget_class_install_action (widget_class, "links.open", "s", open_activated);
  gtk_widget_class_install_action (widget_class, "links.copy", "s", copy_activated);
  gtk_widget_class_install_action (widget_class, "links.check", NULL, check_activated);
}

static void
bc_links_page_init (BcLinksPage *self)
{
  g_autoptr (GError) error = NULL;
  GSettings *settings = bc_config_settings ();
  GtkWidget *list;

  gtk_widget_init_template (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Help and links"));
  bc_page_set_complete (BC_PAGE (self), TRUE);

  self->rows = g_ptr_array_new ();
  self->checks = bc_link_store_load (&error);
  if (!self->checks)
    {
      /* Damaged or foreign: start without, and the next check replaces it; the person is told
       * why the last results are not shown. */
      g_autofree char *text = g_strdup_printf (
        _("The results of the last link check could not be read, so they are not shown: %s"),
        error->message);
      g_warning ("%s", error->message);
      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      g_clear_error (&error);
      self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) bc_address_check_free);
    }
  self->links = bc_links_load (&error);
  if (!self->links)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  fill (self);
  if (settings)
    g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed), self,
                             G_CONNECT_SWAPPED);

  /* Screen readers: the check's button by its words alone, whatever its label becomes, and the
   * check's list, whose group has no title to be named after, by its row's question. */
  bc_a11y_name_mnemonic_buttons (GTK_WIDGET (self->check_button));
  label_list (self->recovery_group, self->recovery_group_heading);
  label_list (self->prevention_group, self->prevention_group_heading);
  label_list (self->other_group, self->other_group_heading);
  label_list (self->removal_group, self->removal_group_heading);
  list = gtk_widget_get_ancestor (GTK_WIDGET (self->check_row), GTK_TYPE_LIST_BOX);
  if (list)
    gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Are these pages still there?"), -1);
}
