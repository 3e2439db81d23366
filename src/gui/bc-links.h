/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The advisory's links (data/links/links.ini, built in as a resource): each with its title in the
 * wizard's language, the 2003 address, the best address for today and what is known about it.
 */
#pragma once

#include <glib.h>

#include "bc-link-check.h"

G_BEGIN_DECLS

/** A current address of one language's own (current[de] in the links file). */
typedef struct
{
  char *language; /* as the links file names it: "ja", "zh_TW" */
  char *address;
} BcLinkLocalized;

/** One link. Text fields are in the language the links were loaded in; NULL: not given. */
typedef struct
{
  char *id;          /* the group name, e.g. "windows-update" */
  char *section;     /* "recovery", "prevention", "other" or "removal" */
  char *title;
  char *description;
  char *original;    /* the address the advisory printed (2003); NULL when not in the advisory */
  char *current;     /* the best current address, where the fact sheet gives one; the
                      * language's own where it has one (see LOCALIZED) */
  GPtrArray *localized; /* BcLinkLocalized: every language's own current address, in file
                         * order, whatever language the links were loaded in; NULL: none */
  char *archive;     /* the Internet Archive's copy of ORIGINAL */
  char *catalog;     /* a second address not verified (the Update Catalog) */
  char *catalog_note;
  char *bulletin;    /* "MS03-026" when the page is that bulletin */
  char *status;      /* for the user: what is dead or unconfirmed about the link */
  char *note;        /* for maintainers, English */
  char *checked;     /* what the last link check found it opens (bc_link_judge ()); NULL: none */
  gboolean dead;     /* the 2003 address is gone */
  gboolean in_advisory;
} BcLink;

/** Frees LINK and what it holds. */
void bc_link_free (BcLink *link);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcLink, bc_link_free)

/**
 * The address to open: what the last link check found works (kept results, read when the links
 * were loaded), else the current one if there is one, else the archived copy.
 */
const char *bc_link_best_address (const BcLink *link);

/**
 * Parses a links file (DATA) with its texts in LANGUAGE ("ja"; NULL: the environment's).
 * Returns the links in file order (a GPtrArray of BcLink that frees them), or NULL with ERROR
 * set when the file is malformed or a link lacks a title, a section or an address to open.
 */
GPtrArray *bc_links_parse (GBytes *data, const char *language, GError **error);

/**
 * The links, in the wizard's current language (see bc_links_parse ()): the built-in ones, or
 * those of the file given to bc_links_set_file (); each with what the last link check found it
 * opens, where one was kept (bc-link-store.h).
 */
GPtrArray *bc_links_load (GError **error);

/**
 * Reads the links from PATH from now on (--links FILE); NULL: the built-in ones again. A file
 * larger than BC_LINKS_FILE_MAX (bc-link-store.h), not a file, or empty is refused, unread.
 */
void bc_links_set_file (const char *path);

/** Which address of a link opens after a check. */
typedef enum
{
  BC_LINK_OPENS_ORIGINAL, /* the 2003 address still works */
  BC_LINK_OPENS_MOVED,    /* where the 2003 address now redirects */
  BC_LINK_OPENS_CURRENT,  /* the current address (or where it redirects) */
  BC_LINK_OPENS_ARCHIVE,  /* the archived copy */
} BcLinkOpens;

/** What a link comes to, from the results of a check (any of them may be missing). */
typedef struct
{
  BcLinkState state;              /* its 2003 address's (the current one's, if it has none) */
  const BcAddressCheck *original; /* its 2003 address's check (maybe "not checked"), or NULL */
  const BcAddressCheck *current;  /* its current address's check, or NULL */
  const BcAddressCheck *main;     /* the one STATE comes from: ORIGINAL, or CURRENT without one */
  const char *opens;              /* the best working address */
  BcLinkOpens opens_kind;
  const char *archive;            /* the archived copy: the Wayback Machine's, else the file's */
  gboolean archive_found;         /* ARCHIVE is a copy the Wayback Machine named */
} BcLinkVerdict;

/**
 * Judges LINK from CHECKS (address → BcAddressCheck; NULL: none). Nothing checked: its state
 * is not checked and it opens what the links file says (the current address, else the archived
 * copy). The verdict points into LINK and CHECKS.
 */
void bc_link_judge (const BcLink *link, GHashTable *checks, BcLinkVerdict *verdict);

/** How many of LINKS are in each state (COUNTS, indexed by BcLinkState) after CHECKS. */
void bc_links_count (GPtrArray *links, GHashTable *checks, guint counts[BC_LINK_OFFLINE + 1]);

/** Whether CHECKS found this computer offline for LINKS: some offline, none reached. */
gboolean bc_links_offline (GPtrArray *links, GHashTable *checks);

/**
 * The addresses to check for LINKS, each once: 2003 addresses ask for an archived copy. The
 * current address of every language is among them, not only the loaded language's, so that
 * one check tells each language whether its own page is there.
 */
GArray *bc_links_requests (GPtrArray *links);

/** The link with ID in LINKS, or NULL. */
const BcLink *bc_links_find (GPtrArray *links, const char *id);

/** The link that is BULLETIN's page ("MS03-026") in LINKS, or NULL. */
const BcLink *bc_links_find_bulletin (GPtrArray *links, const char *bulletin);

G_END_DECLS
