/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bc-page.h"

G_BEGIN_DECLS

#define BC_TYPE_CHECKING_PAGE (bc_checking_page_get_type ())
G_DECLARE_FINAL_TYPE (BcCheckingPage, bc_checking_page, BC, CHECKING_PAGE, BcPage)

G_END_DECLS
