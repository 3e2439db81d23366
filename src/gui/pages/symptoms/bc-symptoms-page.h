/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bc-page.h"

G_BEGIN_DECLS

#define BC_TYPE_SYMPTOMS_PAGE (bc_symptoms_page_get_type ())
G_DECLARE_FINAL_TYPE (BcSymptomsPage, bc_symptoms_page, BC, SYMPTOMS_PAGE, BcPage)

G_END_DECLS
