/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-finding-item.h"

struct _BcFindingItem
{
  GObject parent_instance;
  guint index;
};

G_DEFINE_FINAL_TYPE (BcFindingItem, bc_finding_item, G_TYPE_OBJECT)

static void
bc_finding_item_class_init (BcFindingItemClass *klass)
{
}

static void
bc_finding_item_init (BcFindingItem *self)
{
}

BcFindingItem *
bc_finding_item_new (guint index)
{
  BcFindingItem *self = g_object_new (BC_TYPE_FINDING_ITEM, NULL);

  self->index = index;
  return self;
}

guint
bc_finding_item_get_index (BcFindingItem *self)
{
  g_return_val_if_fail (BC_IS_FINDING_ITEM (self), 0);
  return self->index;
}
