/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bc-page.h"

G_BEGIN_DECLS

#define BC_TYPE_PREVENTION_PAGE (bc_prevention_page_get_type ())
G_DECLARE_FINAL_TYPE (BcPreventionPage, bc_prevention_page, BC, PREVENTION_PAGE, BcPage)

G_END_DECLS
