/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Checking page. (Stub: filled in by the wizard issue.)
 */
#include "config.h"

#include "bc-checking-page.h"

#include <glib/gi18n.h>

struct _BcCheckingPage
{
  BcPage parent_instance;
};

G_DEFINE_FINAL_TYPE (BcCheckingPage, bc_checking_page, BC_TYPE_PAGE)

static void
bc_checking_page_class_init (BcCheckingPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-checking-page.ui");
}

static void
bc_checking_page_init (BcCheckingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Checking"));
}
