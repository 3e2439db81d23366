/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Welcome page: what this is, the language, Start. The language buttons are made from the
 * list of languages the wizard speaks (po/LINGUAS), each labelled in its own language, so that
 * whoever cannot read the current one still finds theirs.
 */
#include "config.h"

#include "bc-welcome-page.h"

#include <glib/gi18n.h>

#include "bc-a11y.h"
#include "bc-language.h"

struct _BcWelcomePage
{
  BcPage parent_instance;

  GtkBox *language_buttons;
  GtkLabel *language_label;
};

G_DEFINE_FINAL_TYPE (BcWelcomePage, bc_welcome_page, BC_TYPE_PAGE)

static void
bc_welcome_page_class_init (BcWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BcWelcomePage, language_buttons);
  gtk_widget_class_bind_template_child (widget_class, BcWelcomePage, language_label);
}

static void
bc_welcome_page_init (BcWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bc_a11y_name_mnemonic_buttons (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Welcome"));
  /* Translators: the label of the Next button on the first page */
  bc_page_set_next_label (BC_PAGE (self), _("_Start"));

  for (const char *const *code = bc_language_list (); *code; code++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (bc_language_native_name (*code));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.language");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", *code);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      self->language_label, NULL, -1);
      gtk_box_append (self->language_buttons, button);
    }
}
