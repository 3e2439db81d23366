/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Welcome page: what this is, the language, Start. The language is chosen from a drop-down
 * list of the languages the wizard speaks (po/LINGUAS), each named in its own language and
 * script, so that whoever cannot read the current one still finds theirs; one button holds ten
 * languages or thirty alike, and a long list can be searched.
 */
#include "config.h"

#include "bc-welcome-page.h"

#include <glib/gi18n.h>

#include "bc-a11y.h"
#include "bc-language.h"

/* From this many languages on, the list no longer fits its popup at once (about twelve rows
 * at 800×600): typing a few letters of one's language's name finds it. */
#define SEARCH_FROM 13

struct _BcWelcomePage
{
  BcPage parent_instance;

  GtkDropDown *language_choice;
  GtkLabel *language_label;
};

G_DEFINE_FINAL_TYPE (BcWelcomePage, bc_welcome_page, BC_TYPE_PAGE)

/* A language of the list (its code) by its own name: what is shown and what is searched. */
static char *
native_name_of_item (GtkStringObject *item, gpointer data)
{
  return g_strdup (bc_language_native_name (gtk_string_object_get_string (item)));
}

static void
setup_item (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_item (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  const char *code = gtk_string_object_get_string (gtk_list_item_get_item (item));
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  PangoAttrList *attrs = pango_attr_list_new ();

  gtk_label_set_text (label, bc_language_native_name (code));
  /* Each name in its own language's glyphs: 中文 (中国) in Chinese, not Japanese, forms. */
  pango_attr_list_insert (attrs, pango_attr_language_new (pango_language_from_string (code)));
  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
}

/* Switching the language rebuilds this page: done once the list has closed, not in the middle
 * of its own signal. */
static gboolean
switch_language (gpointer data)
{
  BcWelcomePage *self = data;
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->language_choice);

  if (item && g_strcmp0 (gtk_string_object_get_string (item), bc_language_get ()) != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.language", "s",
                                gtk_string_object_get_string (item));
  return G_SOURCE_REMOVE;
}

static void
language_chosen (BcWelcomePage *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, switch_language, g_object_ref (self), g_object_unref);
}

/* The list opens upwards: the choice sits low on the page (at 800×600 its top is 440 pixels
 * down, 150 from the screen's bottom), and a list opened downwards would show two languages at a
 * time. Its popover is GtkDropDown's own child (GTK 4.8 has no property for this). */
static void
open_list_upwards (BcWelcomePage *self)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->language_choice)); c;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_POPOVER (c))
      gtk_popover_set_position (GTK_POPOVER (c), GTK_POS_TOP);
}

/* GTK 4.8 leaves the drop-down's own button unnamed: a screen reader says "GtkToggleButton".
 * It is named as its list is ("Language:"), and says the language chosen. */
static void
name_list_button (BcWelcomePage *self)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->language_choice)); c;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_TOGGLE_BUTTON (c))
      {
        gtk_accessible_update_relation (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        self->language_label, NULL, -1);
        gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        bc_language_native_name (bc_language_get ()), -1);
      }
}

static void
bc_welcome_page_class_init (BcWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BcWelcomePage, language_choice);
  gtk_widget_class_bind_template_child (widget_class, BcWelcomePage, language_label);
}

static void
bc_welcome_page_init (BcWelcomePage *self)
{
  g_autoptr (GtkStringList) languages = gtk_string_list_new (bc_language_list ());
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkExpression) name = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                G_CALLBACK (native_name_of_item),
                                                                NULL, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (languages));

  gtk_widget_init_template (GTK_WIDGET (self));
  bc_a11y_name_mnemonic_buttons (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Welcome"));
  /* Translators: the label of the Next button on the first page */
  bc_page_set_next_label (BC_PAGE (self), _("_Start"));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), NULL);
  gtk_drop_down_set_factory (self->language_choice, factory);
  gtk_drop_down_set_expression (self->language_choice, name);
  gtk_drop_down_set_enable_search (self->language_choice, n >= SEARCH_FROM);
  gtk_drop_down_set_model (self->language_choice, G_LIST_MODEL (languages));
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (bc_language_list ()[i], bc_language_get ()) == 0)
      gtk_drop_down_set_selected (self->language_choice, i);
  name_list_button (self);
  open_list_upwards (self);
  g_signal_connect_swapped (self->language_choice, "notify::selected",
                            G_CALLBACK (language_chosen), self);
}
