/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BcTaskmgrPicture: Windows XP Task Manager on its Processes tab, recreated with widgets and
 * CSS so that a user recognises it (no Microsoft artwork). A picture, not a control: it takes no
 * focus and no clicks, and assistive technologies get its description instead of its many
 * small labels.
 */
#include "config.h"

#include "bc-taskmgr-picture.h"

struct _BcTaskmgrPicture
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (BcTaskmgrPicture, bc_taskmgr_picture, GTK_TYPE_WIDGET)

static void
bc_taskmgr_picture_dispose (GObject *object)
{
  GtkWidget *child;

  /* Nothing of the template is bound to a field: its window is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (bc_taskmgr_picture_parent_class)->dispose (object);
}

static void
bc_taskmgr_picture_class_init (BcTaskmgrPictureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bc_taskmgr_picture_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-taskmgr-picture.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bc_taskmgr_picture_init (BcTaskmgrPicture *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
