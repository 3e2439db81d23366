/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The What to check page. (Stub: filled in by the wizard issue.)
 */
#include "config.h"

#include "bc-target-page.h"

#include <glib/gi18n.h>

struct _BcTargetPage
{
  BcPage parent_instance;
};

G_DEFINE_FINAL_TYPE (BcTargetPage, bc_target_page, BC_TYPE_PAGE)

static void
bc_target_page_class_init (BcTargetPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-target-page.ui");
}

static void
bc_target_page_init (BcTargetPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("What to check"));
}
