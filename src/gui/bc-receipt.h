/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bc-receipt: the customer's receipt, the paper a service counter hands over. One or two A4
 * pages in the wizard's language: the date, what was checked, the two-part verdict with its
 * reasons, what was found, the next steps (the Recovery and Prevention pages' own words), and
 * the links that matter as QR codes with their addresses beside them. It is a BcReport: the same
 * page-layout engine as the full report, printed with bc_report_print_async ().
 */
#pragma once

#include "bc-report.h"

G_BEGIN_DECLS

/** The ids (data/links/links.ini) of the links the receipt prints as QR codes, in its order. */
extern const char *const bc_receipt_link_ids[];

/**
 * The receipt of everything SESSION knows now, with today's date, in the current language.
 * Later changes to the session do not reach it.
 */
BcReport *bc_receipt_new (BcSession *session);

G_END_DECLS
