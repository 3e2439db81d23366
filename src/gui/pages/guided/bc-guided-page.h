/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bc-page.h"

G_BEGIN_DECLS

#define BC_TYPE_GUIDED_PAGE (bc_guided_page_get_type ())
G_DECLARE_FINAL_TYPE (BcGuidedPage, bc_guided_page, BC, GUIDED_PAGE, BcPage)

G_END_DECLS
