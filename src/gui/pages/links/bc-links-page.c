/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Help and links page. (Stub: filled in by the wizard issue.)
 */
#include "config.h"

#include "bc-links-page.h"

#include <glib/gi18n.h>

struct _BcLinksPage
{
  BcPage parent_instance;
};

G_DEFINE_FINAL_TYPE (BcLinksPage, bc_links_page, BC_TYPE_PAGE)

static void
bc_links_page_class_init (BcLinksPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-links-page.ui");
}

static void
bc_links_page_init (BcLinksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Help and links"));
}
