/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bc-page.h"

G_BEGIN_DECLS

#define BC_TYPE_FINISH_PAGE (bc_finish_page_get_type ())
G_DECLARE_FINAL_TYPE (BcFinishPage, bc_finish_page, BC, FINISH_PAGE, BcPage)

G_END_DECLS
