/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bc-report-private.h: how a document for paper is put together. BcReport is one page-layout
 * engine with two documents: the full report (bc-report.c) and the customer's receipt
 * (bc-receipt.c). A document is a list of blocks in reading order, each in a style; the engine
 * paginates them (a block runs on to the next page line by line, a heading never stays alone
 * at the bottom, a QR code is never split) and draws any page on any cairo context.
 */
#pragma once

#include "bc-report.h"

G_BEGIN_DECLS

/** How a block looks on paper: its font size, weight, indent and the room above it. */
typedef enum
{
  BC_BLOCK_TITLE,
  BC_BLOCK_SUBTITLE,
  BC_BLOCK_HEADING,
  BC_BLOCK_SUBHEADING,
  BC_BLOCK_VERDICT,
  BC_BLOCK_TEXT,
  BC_BLOCK_ITEM,
  BC_BLOCK_STEP, /* an item that stays on the page of the first line under it */
  BC_BLOCK_DETAIL,
  BC_BLOCK_CODE,
  BC_BLOCK_QR,
  BC_BLOCK__COUNT
} BcBlockStyle;

/** Ink colours, 0xRRGGBB: the text, and what is less important (dates, notes). */
#define BC_REPORT_COLOR_TEXT 0x241f31
#define BC_REPORT_COLOR_DIM 0x5e5c64

/**
 * An empty document. TITLE names it (the PDF's title, the print job's name); FOOTER is printed
 * at the foot of every page, beside the page number.
 */
BcReport *bc_report__new_empty (const char *title, const char *footer);

/**
 * Adds a block of Pango MARKUP (taken: freed by the document) in STYLE and COLOR, with BULLET
 * (NULL: none) hanging in its indent.
 */
void bc_report__add_markup (BcReport *self, BcBlockStyle style, guint32 color, const char *bullet,
                            char *markup);

/** Adds TEXT (plain, escaped here) as a block in STYLE. */
void bc_report__add_text (BcReport *self, BcBlockStyle style, const char *text);

/** Adds TEXT as a list item with a bullet. */
void bc_report__add_item (BcReport *self, const char *text);

/** Makes the last block a link to URI in the PDF, for whoever reads it on a screen. */
void bc_report__link_last (BcReport *self, const char *uri);

/**
 * Adds ADDRESS as a QR code with TITLE and ADDRESS written beside it and NOTE (NULL: none) under
 * them, the address also a link in the PDF. The block is kept whole on one page.
 */
void bc_report__add_qr (BcReport *self, const char *title, const char *address, const char *note);

/*
 * Sections both documents share, in the language in use. DETAILS adds what a technician needs:
 * the Windows folder and the counts; each finding's family, variant and why it was reported; the
 * places that could not be checked. ONLY_MISSING lists only the updates to install, not every
 * update's state; MAX_FINDINGS (0: all) cuts a long list short with a count of the rest.
 */
void bc_report__add_target (BcReport *self, BcSession *session, gboolean details);
void bc_report__add_verdicts (BcReport *self, BcSession *session, gboolean only_missing);
void bc_report__add_findings (BcReport *self, BcSession *session, gsize max_findings,
                              gboolean details);
/* What "Remove it for me" did (nothing when it did not run): the verdict before and after, each
 * change with what became of it, where the quarantine is. */
void bc_report__add_removal (BcReport *self, BcSession *session);

/** The date and time now, as people of the current language write it. */
char *bc_report__now_text (void);

/**
 * Starts the links section of SELF: its heading, and the links in the current language, or NULL
 * after a sentence saying why they could not be loaded. Free with g_ptr_array_unref ().
 */
GPtrArray *bc_report__begin_links (BcReport *self);

G_END_DECLS
