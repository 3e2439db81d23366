/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Checking by hand page. (Stub: filled in by the wizard issue.)
 */
#include "config.h"

#include "bc-guided-page.h"

#include <glib/gi18n.h>

struct _BcGuidedPage
{
  BcPage parent_instance;
};

G_DEFINE_FINAL_TYPE (BcGuidedPage, bc_guided_page, BC_TYPE_PAGE)

static void
bc_guided_page_class_init (BcGuidedPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-guided-page.ui");
}

static void
bc_guided_page_init (BcGuidedPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Checking by hand"));
}
