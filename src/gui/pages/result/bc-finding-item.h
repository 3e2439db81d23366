/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One finding of a scan report, by its index: what the Result page's findings list model
 * (a GListStore) holds. The row itself is made from the report when it comes on screen.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BC_TYPE_FINDING_ITEM (bc_finding_item_get_type ())
G_DECLARE_FINAL_TYPE (BcFindingItem, bc_finding_item, BC, FINDING_ITEM, GObject)

/** An item for the finding at INDEX of the report. */
BcFindingItem *bc_finding_item_new (guint index);

/** The index of its finding in the report. */
guint bc_finding_item_get_index (BcFindingItem *self);

G_END_DECLS
