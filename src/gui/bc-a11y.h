/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What screen readers need and GTK 4.8 does not do by itself.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * Gives every button below ROOT (ROOT too) whose label has a mnemonic ("_Start") its words alone
 * as its accessible name, now and whenever its label changes. GTK 4.8 names such a button with
 * the raw label and the words both, and a screen reader reads "underscore Start Start".
 * Buttons added below ROOT later need another call.
 */
void bc_a11y_name_mnemonic_buttons (GtkWidget *root);

/**
 * Names the lists inside ROW (an AdwExpanderRow of libadwaita 1.2) after LABEL and hides its
 * arrow from screen readers: unnamed, they are read by their type names ("GtkListBox",
 * "GtkImage"), and the row's expanded state already says what the arrow shows.
 */
void bc_a11y_name_expander_row (GtkWidget *row, const char *label);

G_END_DECLS
