/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bc-page.h"

G_BEGIN_DECLS

#define BC_TYPE_RECOVERY_PAGE (bc_recovery_page_get_type ())
G_DECLARE_FINAL_TYPE (BcRecoveryPage, bc_recovery_page, BC, RECOVERY_PAGE, BcPage)

G_END_DECLS
