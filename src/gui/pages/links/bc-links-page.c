/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Help and links page: every link of the advisory (data/links/links.ini), grouped as the
 * advisory groups them, each with the address it opens and why that one: most 2003 pages are
 * gone, so a link opens its current address where one is known, else the archived copy.
 * Where no browser may start (bc_config_links_as_qr ()), each link shows its QR code instead,
 * and the page says so; it follows the setting while it is on screen.
 */
#include "config.h"

#include "bc-links-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bc-config.h"
#include "bc-links.h"

struct _BcLinksPage
{
  BcPage parent_instance;

  GPtrArray *links;
  GPtrArray *rows; /* the rows added to the groups, to rebuild them when the link mode changes */
  gboolean as_qr;  /* the rows show QR codes, not a browser */

  AdwToastOverlay *toasts;
  GtkWidget *intro_browser_label;
  GtkWidget *intro_qr_label;
  GtkLabel *error_label;
  AdwPreferencesGroup *recovery_group;
  AdwPreferencesGroup *prevention_group;
  AdwPreferencesGroup *other_group;
  AdwPreferencesGroup *removal_group;
};

G_DEFINE_FINAL_TYPE (BcLinksPage, bc_links_page, BC_TYPE_PAGE)

static void
open_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  bc_page_show_uri (BC_PAGE (widget), g_variant_get_string (param, NULL));
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
dead_note (const BcLink *link, gboolean as_qr)
{
  if (as_qr)
    return link->current ? _("The 2003 page is gone; its QR code leads to its current address.")
                         : _("The 2003 page is gone; its QR code leads to the archived copy.");
  return link->current ? _("The 2003 page is gone; this opens its current address.")
                       : _("The 2003 page is gone; this opens the archived copy.");
}

static GtkWidget *
link_row (const BcLink *link, gboolean as_qr)
{
  /* An AdwPreferencesRow: AdwPreferencesGroup puts only those into its boxed list. */
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  const char *address = bc_link_best_address (link);

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
  gtk_box_append (GTK_BOX (box), text_label (address, "dim-label"));

  if (link->dead)
    gtk_box_append (GTK_BOX (box),
                    note_box ("dialog-information-symbolic", dead_note (link, as_qr)));
  else if (!link->in_advisory)
    gtk_box_append (GTK_BOX (box), note_box ("dialog-information-symbolic",
                                             _("This link is not in the 2003 advisory.")));
  if (link->status)
    gtk_box_append (GTK_BOX (box), note_box ("dialog-question-symbolic", link->status));
  gtk_box_append (GTK_BOX (box), address_buttons (address, link->title, as_qr));

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

/* (Re)builds the rows for the link mode in force. */
static void
fill (BcLinksPage *self)
{
  self->as_qr = bc_config_links_as_qr ();
  gtk_widget_set_visible (self->intro_browser_label, !self->as_qr);
  gtk_widget_set_visible (self->intro_qr_label, self->as_qr);

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
      GtkWidget *row = link_row (link, self->as_qr);
      adw_preferences_group_add (group_for (self, link->section), row);
      g_ptr_array_add (self->rows, row);
    }
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

  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
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
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, intro_browser_label);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, intro_qr_label);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, recovery_group);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, prevention_group);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, other_group);
  gtk_widget_class_bind_template_child (widget_class, BcLinksPage, removal_group);

  gtk_widget_class_install_action (widget_class, "links.open", "s", open_activated);
  gtk_widget_class_install_action (widget_class, "links.copy", "s", copy_activated);
}

static void
bc_links_page_init (BcLinksPage *self)
{
  g_autoptr (GError) error = NULL;
  GSettings *settings = bc_config_settings ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Help and links"));
  bc_page_set_complete (BC_PAGE (self), TRUE);

  self->rows = g_ptr_array_new ();
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
}
