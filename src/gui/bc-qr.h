/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * QR codes (libqrencode) for the links: drawn with cairo, on screen (BcQrView, with the address
 * written under it, for a kiosk where no browser may open) and on paper (the report, the
 * customer's receipt).
 */
#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * Draws TEXT as a QR code (error correction M, its quiet zone of four modules included) in the
 * SIZE × SIZE square at X, Y of CR, black on white, each module on whole device pixels where
 * the scale allows. Returns FALSE, drawing nothing, when TEXT cannot be encoded (too long).
 */
gboolean bc_qr_draw (cairo_t *cr, const char *text, double x, double y, double size);

#define BC_TYPE_QR_VIEW (bc_qr_view_get_type ())
G_DECLARE_FINAL_TYPE (BcQrView, bc_qr_view, BC, QR_VIEW, GtkWidget)

/**
 * A QR code of URI, SIZE pixels square, with URI written under it (selectable, so that staff can
 * copy it). Its accessible label says what it is: "QR code of <URI>".
 */
GtkWidget *bc_qr_view_new (const char *uri, int size);

/** The address the view shows. */
const char *bc_qr_view_get_uri (BcQrView *self);

G_END_DECLS
