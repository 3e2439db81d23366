/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The link doctor: are web addresses still there? All of them at once, on libcurl's multi
 * interface, each with its own time limit, never a hang. Addresses in, one result per address
 * out; what a *link* of the advisory then opens is decided by the wizard (bc-links.h).
 *
 * Rules for every address: http and https only (also for redirects), TLS verified, at most
 * BC_LINK_MAX_REDIRECTS redirects (followed here, one by one, to tell a loop from a long chain
 * and to refuse file:// or ftp://), a body read up to BC_LINK_BODY_CAP bytes and no further,
 * a connect timeout and a total timeout, the proxy from the environment (http_proxy,
 * https_proxy, all_proxy, no_proxy: libcurl reads them). Nothing is sent but a GET.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BC_LINK_MAX_REDIRECTS 5
#define BC_LINK_BODY_CAP (64 * 1024)
#define BC_LINK_DEFAULT_TIMEOUT_S 20
/** The Wayback Machine's availability API; BLASTER_CHECK_WAYBACK_API replaces it (tests). */
#define BC_LINK_WAYBACK_API "https://archive.org/wayback/available"
/** The copy asked for: the day Blaster was found (blaster-facts.md §1: 2003-08-11). */
#define BC_LINK_WAYBACK_TIMESTAMP "20030811"

typedef enum
{
  BC_LINK_NOT_CHECKED, /* never asked, cancelled, or not an http/https address */
  BC_LINK_LIVE,        /* it answered 2xx itself */
  BC_LINK_MOVED,       /* it redirects, and the last address answers 2xx */
  BC_LINK_DEAD,        /* the network works, this address does not */
  BC_LINK_OFFLINE,     /* no server at all could be reached in the run: nothing is known */
} BcLinkState;

/** Why an address is dead, offline or not checked. */
typedef enum
{
  BC_LINK_PROBLEM_NONE,
  BC_LINK_PROBLEM_HTTP_STATUS,        /* an answer that is not the page: 4xx, 5xx… (http_status) */
  BC_LINK_PROBLEM_BAD_REDIRECT,       /* a 3xx without an address to go to */
  BC_LINK_PROBLEM_REDIRECT_LOOP,
  BC_LINK_PROBLEM_TOO_MANY_REDIRECTS,
  BC_LINK_PROBLEM_REDIRECT_SCHEME,    /* a redirect to file://, ftp://… (final_address) */
  BC_LINK_PROBLEM_SLOW,               /* connected (TCP), but the TLS handshake or the answer
                                       * did not come in time */
  BC_LINK_PROBLEM_TLS,                /* the certificate or the TLS handshake failed */
  BC_LINK_PROBLEM_NO_HOST,            /* the name (or the proxy's) is not known */
  BC_LINK_PROBLEM_NO_CONNECTION,      /* refused, unreachable, or the connect timeout passed */
  BC_LINK_PROBLEM_NETWORK,            /* any other transfer error (detail) */
  BC_LINK_PROBLEM_SCHEME,             /* the address is not http or https */
  BC_LINK_PROBLEM_CANCELLED,
} BcLinkProblem;

/** What is known about one address. */
typedef struct
{
  char *address;
  BcLinkState state;
  BcLinkProblem problem;
  int http_status;       /* the last answer's status; 0: no answer */
  char *final_address;   /* where the redirects led: MOVED, or the last address of a dead chain
                          * (a 404 after them, a refused file://…); NULL: no redirect */
  char *detail;          /* libcurl's own words (English) for TLS and NETWORK; NULL otherwise */
  char *archived;        /* dead original: the Wayback Machine's copy closest to 2003, or NULL */
  char *archived_timestamp; /* its capture time, "20030815034523" */
  double seconds;        /* how long the check took, redirects included */
  gint64 checked_at;     /* when it ended, seconds since 1970 (UTC) */
} BcAddressCheck;

/** Frees CHECK and its strings (NULL: nothing). */
void bc_address_check_free (BcAddressCheck *check);
/** A deep copy of CHECK. */
BcAddressCheck *bc_address_check_copy (const BcAddressCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcAddressCheck, bc_address_check_free)

/** One address to check; ASK_ARCHIVE: when it is dead, look for its archived copy. */
typedef struct
{
  const char *address;
  gboolean ask_archive;
} BcLinkCheckRequest;

/**
 * How to check. A dead address's archive lookup has a time limit of its own, as long again.
 * Options and the environment (proxies, BLASTER_CHECK_WAYBACK_API) are read when the check
 * starts, in the calling thread.
 */
typedef struct
{
  int timeout_s;             /* one address, all its redirects; 0: BC_LINK_DEFAULT_TIMEOUT_S */
  const char *wayback_api;   /* NULL: BLASTER_CHECK_WAYBACK_API, else BC_LINK_WAYBACK_API */
} BcLinkCheckOptions;

/** Called as each address is done (INDEX into the requests). */
typedef void (*BcLinkCheckFunc) (guint index, const BcAddressCheck *check, gpointer user_data);

/**
 * Checks N addresses at once and returns their results in the requests' order (a GPtrArray of
 * BcAddressCheck). Blocks until every one is done or CANCELLABLE fires (the rest: not checked,
 * cancelled); PROGRESS, if given, is called in this thread as each ends. When no server at all
 * could be reached, every address that failed for want of a network is OFFLINE, not dead.
 */
GPtrArray *bc_link_check_run (const BcLinkCheckRequest *requests, guint n,
                              const BcLinkCheckOptions *options, GCancellable *cancellable,
                              BcLinkCheckFunc progress, gpointer user_data);

/**
 * bc_link_check_run () in a worker thread. PROGRESS is called in the calling thread's
 * thread-default main context; CALLBACK too, at the end. The requests are copied.
 */
void bc_link_check_async (const BcLinkCheckRequest *requests, guint n,
                          const BcLinkCheckOptions *options, GCancellable *cancellable,
                          BcLinkCheckFunc progress, gpointer progress_data,
                          GAsyncReadyCallback callback, gpointer user_data);

/** The results (a GPtrArray of BcAddressCheck); after a cancel, those not done are not checked. */
GPtrArray *bc_link_check_finish (GAsyncResult *result, GError **error);

/** "live", "moved", "dead", "offline", "not-checked": for JSON and the store. */
const char *bc_link_state_to_string (BcLinkState state);
/** The state NAME names; not checked for any other NAME. */
BcLinkState bc_link_state_from_string (const char *name);
/** "http-status", "redirect-loop"…; NULL for BC_LINK_PROBLEM_NONE. */
const char *bc_link_problem_to_string (BcLinkProblem problem);
/** The problem NAME names; none for NULL or any other NAME. */
BcLinkProblem bc_link_problem_from_string (const char *name);

/** The state as a word for the user ("Live", "Gone"…), translated. */
const char *bc_link_state_label (BcLinkState state);
/** Why, as a sentence for the user, translated; NULL when there is nothing to say. */
char *bc_address_check_reason (const BcAddressCheck *check);

G_END_DECLS
