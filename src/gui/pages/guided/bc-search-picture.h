/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BC_TYPE_SEARCH_PICTURE (bc_search_picture_get_type ())
G_DECLARE_FINAL_TYPE (BcSearchPicture, bc_search_picture, BC, SEARCH_PICTURE, GtkWidget)

G_END_DECLS
