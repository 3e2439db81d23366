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
 * SIZE × SIZE square at X, Y of CR, black on white, without antialiasing. Each module falls on
 * whole pixels when SIZE is a multiple of bc_qr_modules () and X, Y are whole (BcQrView sees to
 * that on screen); on paper any size will do. Returns FALSE, drawing nothing, when TEXT cannot be
 * encoded (too long).
 */
gboolean bc_qr_draw (cairo_t *cr, const char *text, double x, double y, double size);

/** The side of TEXT's QR code in modules, its quiet zone included; 0 when it cannot be encoded. */
int bc_qr_modules (const char *text);

#define BC_TYPE_QR_VIEW (bc_qr_view_get_type ())
G_DECLARE_FINAL_TYPE (BcQrView, bc_qr_view, BC, QR_VIEW, GtkWidget)

/**
 * A QR code of URI, SIZE pixels square, with URI written under it (selectable, so that staff can
 * copy it). The code itself is drawn as large as whole-pixel modules allow inside that square,
 * its white quiet zone included, so that a phone's camera finds sharp, even modules. Its
 * accessible label says what it is: "QR code of <URI>".
 */
GtkWidget *bc_qr_view_new (const char *uri, int size);

/** The address the view shows. */
const char *bc_qr_view_get_uri (BcQrView *self);

G_END_DECLS
