/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bc-page.h"

G_BEGIN_DECLS

#define BC_TYPE_TARGET_PAGE (bc_target_page_get_type ())
G_DECLARE_FINAL_TYPE (BcTargetPage, bc_target_page, BC, TARGET_PAGE, BcPage)

G_END_DECLS
