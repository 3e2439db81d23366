/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bc-page.h"

G_BEGIN_DECLS

#define BC_TYPE_WELCOME_PAGE (bc_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (BcWelcomePage, bc_welcome_page, BC, WELCOME_PAGE, BcPage)

G_END_DECLS
