/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BC_TYPE_TASKMGR_PICTURE (bc_taskmgr_picture_get_type ())
G_DECLARE_FINAL_TYPE (BcTaskmgrPicture, bc_taskmgr_picture, BC, TASKMGR_PICTURE, GtkWidget)

G_END_DECLS
