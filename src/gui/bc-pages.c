/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-pages.h"

#include "pages/checking/bc-checking-page.h"
#include "pages/finish/bc-finish-page.h"
#include "pages/guided/bc-guided-page.h"
#include "pages/links/bc-links-page.h"
#include "pages/prevention/bc-prevention-page.h"
#include "pages/recovery/bc-recovery-page.h"
#include "pages/result/bc-result-page.h"
#include "pages/symptoms/bc-symptoms-page.h"
#include "pages/target/bc-target-page.h"
#include "pages/welcome/bc-welcome-page.h"

/* The advisory's order: what this is, the symptoms, what to check, the check (by scan or by
 * hand: each page says whether it applies), the verdict, recovery, prevention, links, the end. */
const BcPageEntry bc_pages[] = {
  { "welcome", bc_welcome_page_get_type },
  { "symptoms", bc_symptoms_page_get_type },
  { "target", bc_target_page_get_type },
  { "checking", bc_checking_page_get_type },
  { "guided", bc_guided_page_get_type },
  { "result", bc_result_page_get_type },
  { "recovery", bc_recovery_page_get_type },
  { "prevention", bc_prevention_page_get_type },
  { "links", bc_links_page_get_type },
  { "finish", bc_finish_page_get_type },
};

const guint bc_n_pages = G_N_ELEMENTS (bc_pages);
