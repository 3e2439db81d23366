/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bc-page.h"

G_BEGIN_DECLS

#define BC_TYPE_LINKS_PAGE (bc_links_page_get_type ())
G_DECLARE_FINAL_TYPE (BcLinksPage, bc_links_page, BC, LINKS_PAGE, BcPage)

G_END_DECLS
