/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one table that holds the wizard's page order. A new page is one line here (and its
 * folder under pages/, its .ui, the resource list and POTFILES).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  const char *id;          /* the page's name in the stack, for tests and scripts */
  GType (*get_type) (void);
} BcPageEntry;

extern const BcPageEntry bc_pages[];
extern const guint bc_n_pages;

G_END_DECLS
