/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BcPage: the base class of every wizard page. A page shows one step; its properties drive the
 * window's Back and Next buttons. Pages never call each other: they read and write the session.
 */
#pragma once

#include <gtk/gtk.h>

#include "bc-session.h"

G_BEGIN_DECLS

#define BC_TYPE_PAGE (bc_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (BcPage, bc_page, BC, PAGE, GtkWidget)

struct _BcPageClass
{
  GtkWidgetClass parent_class;

  /**
   * Whether the page belongs on the path that SESSION's answers have chosen (default: yes). A
   * class-level question: the window asks it of pages it has not built yet.
   */
  gboolean (*applies) (BcPageClass *klass, BcSession *session);
  /** The page has just become the visible one. */
  void (*shown) (BcPage *self);
  /** The user goes back from this page (a page may stop work it started). */
  void (*leave_back) (BcPage *self);
  /**
   * The user goes on from this complete page (Next): FALSE keeps the page on screen, which then
   * shows why (a question to answer first). Default: TRUE.
   */
  gboolean (*leave_forward) (BcPage *self);

  /*< private >*/
  const char *css_resource;
};

/**
 * Gives the page class a style sheet (a resource path), loaded for the display when the first
 * page of the class is built: a page's look stays in the page's files.
 */
void bc_page_class_set_css (BcPageClass *klass, const char *resource_path);

/** The session the page reads and writes. */
BcSession *bc_page_get_session (BcPage *self);

/** The page's title, shown in the header bar. */
const char *bc_page_get_title (BcPage *self);
void bc_page_set_title (BcPage *self, const char *title);

/** Whether the user may go on to the next page. */
gboolean bc_page_get_complete (BcPage *self);
void bc_page_set_complete (BcPage *self, gboolean complete);

/** Whether the user may go back (FALSE while, say, a scan runs). */
gboolean bc_page_get_can_go_back (BcPage *self);
void bc_page_set_can_go_back (BcPage *self, gboolean can_go_back);

/** The Next button's label on this page; NULL: "Next". */
const char *bc_page_get_next_label (BcPage *self);
void bc_page_set_next_label (BcPage *self, const char *label);

/** Whether pages of TYPE (a BcPage subclass) belong on SESSION's path. */
gboolean bc_page_type_applies (GType type, BcSession *session);
/**
 * Opens ADDRESS, a web page, for the user. In the browser, over the page's window; but where no
 * browser may start (bc_config_links_as_qr (): kiosk mode, or link-mode "qr") it shows instead a
 * modal BcQrDialog: the link's title (found among the advisory's links by ADDRESS), a QR code of
 * ADDRESS with the address written under it, and what to do with it. The dialog closes itself
 * when the page leaves the screen. Every link of every page goes through here.
 */
void bc_page_show_uri (BcPage *self, const char *address);

/**
 * Where links are shown as QR codes (bc_config_links_as_qr ()), gives BUTTON (a GtkButton whose
 * child is an AdwButtonContent, opening a link through bc_page_show_uri) the phone icon and
 * QR_LABEL, so that it does not promise a browser it will not open. Elsewhere does nothing.
 */
void bc_page_set_link_button_mode (GtkWidget *button, const char *qr_label);

/** Tells the page it is now the visible one (the window calls this). */
void bc_page_shown (BcPage *self);
/** Tells the page the user goes back from it (the window calls this). */
void bc_page_leave_back (BcPage *self);
/** Asks the page whether the user may go on from it now (the window calls this on Next). */
gboolean bc_page_leave_forward (BcPage *self);

G_END_DECLS
