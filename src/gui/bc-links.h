/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The advisory's links (data/links/links.ini, built in as a resource): each with its title in the
 * wizard's language, the 2003 address, the best address for today and what is known about it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/** One link. Text fields are in the language the links were loaded in; NULL: not given. */
typedef struct
{
  char *id;          /* the group name, e.g. "windows-update" */
  char *section;     /* "recovery", "prevention", "other" or "removal" */
  char *title;
  char *description;
  char *original;    /* the address the advisory printed (2003); NULL when not in the advisory */
  char *current;     /* the best current address, where the fact sheet gives one */
  char *archive;     /* the Internet Archive's copy of ORIGINAL */
  char *catalog;     /* a second address not verified (the Update Catalog) */
  char *catalog_note;
  char *bulletin;    /* "MS03-026" when the page is that bulletin */
  char *status;      /* for the user: what is dead or unconfirmed about the link */
  char *note;        /* for maintainers, English */
  gboolean dead;     /* the 2003 address is gone */
  gboolean in_advisory;
} BcLink;

/** Frees LINK and what it holds. */
void bc_link_free (BcLink *link);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcLink, bc_link_free)

/** The address to open: the current one if there is one, else the archived copy. */
const char *bc_link_best_address (const BcLink *link);

/**
 * Parses a links file (DATA) with its texts in LANGUAGE ("ja"; NULL: the environment's).
 * Returns the links in file order (a GPtrArray of BcLink that frees them), or NULL with ERROR
 * set when the file is malformed or a link lacks a title, a section or an address to open.
 */
GPtrArray *bc_links_parse (GBytes *data, const char *language, GError **error);

/** The built-in links, in the wizard's current language (see bc_links_parse ()). */
GPtrArray *bc_links_load (GError **error);

/** The link with ID in LINKS, or NULL. */
const BcLink *bc_links_find (GPtrArray *links, const char *id);

/** The link that is BULLETIN's page ("MS03-026") in LINKS, or NULL. */
const BcLink *bc_links_find_bulletin (GPtrArray *links, const char *bulletin);

G_END_DECLS
