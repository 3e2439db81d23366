/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bc-page.h"

G_BEGIN_DECLS

#define BC_TYPE_RESULT_PAGE (bc_result_page_get_type ())
G_DECLARE_FINAL_TYPE (BcResultPage, bc_result_page, BC, RESULT_PAGE, BcPage)

G_END_DECLS
