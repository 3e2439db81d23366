/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The link doctor's network side: one curl multi handle, one easy handle per address (and per
 * hop: redirects are followed here, not by libcurl, so that a loop, a long chain and a
 * redirect to file:// each get their own answer), and after a dead address its archived copy
 * asked of the Wayback Machine in the same loop. See bc-link-check.h for the rules.
 */
#include "bc-link-check.h"

#include <curl/curl.h>
#include <glib/gi18n.h>

#include "bc-link-json.h"

typedef struct Job Job;

/* One address being checked, or its archived copy being looked up. */
struct Job
{
  BcAddressCheck *result;
  guint index;
  gboolean ask_archive;
  gboolean is_archive_lookup; /* this job asks the Wayback Machine about RESULT */
  GPtrArray *visited;         /* the addresses asked so far, the first one included */
  gint64 started_us;
  gint64 deadline_us;
  CURL *easy;
  GByteArray *body;           /* the archive lookup's answer; link checks keep none */
  gsize body_bytes;
  gboolean stopped_early;     /* the write callback stopped the transfer: enough was read */
  char *location;             /* the last answer's Location header, as sent */
  char error[CURL_ERROR_SIZE];
};

/* What a run needs from its options and the environment, read in the thread that asked for
 * the check: a worker thread must not read the environment while the wizard may change it
 * (its language), so libcurl is given the proxies rather than reading them itself. */
typedef struct
{
  int timeout_s;
  char *wayback_api;
  char *http_proxy;  /* as libcurl reads them: http_proxy (never HTTP_PROXY: CGI sets that) */
  char *https_proxy; /* https_proxy or HTTPS_PROXY */
  char *all_proxy;   /* all_proxy or ALL_PROXY: for either, when the one above is not set */
  char *no_proxy;    /* no_proxy or NO_PROXY */
} Settings;

typedef struct
{
  CURLM *multi;
  const Settings *settings;
  GPtrArray *jobs;    /* every Job of the run, archive lookups included */
  gboolean reached;   /* some server answered, or at least accepted a connection */
  guint running;      /* jobs not done yet */
  GPtrArray *done;    /* the Jobs whose result is final since the last report */
  GPtrArray *waiting; /* dead for want of a network: their archive lookup waits for one */
} Run;

void
bc_address_check_free (BcAddressCheck *check)
{
  if (!check)
    return;
  g_free (check->address);
  g_free (check->final_address);
  g_free (check->detail);
  g_free (check->archived);
  g_free (check->archived_timestamp);
  g_free (check);
}

BcAddressCheck *
bc_address_check_copy (const BcAddressCheck *check)
{
  BcAddressCheck *copy = g_memdup2 (check, sizeof *check);

  copy->address = g_strdup (check->address);
  copy->final_address = g_strdup (check->final_address);
  copy->detail = g_strdup (check->detail);
  copy->archived = g_strdup (check->archived);
  copy->archived_timestamp = g_strdup (check->archived_timestamp);
  return copy;
}

static gboolean
is_web_address (const char *address)
{
  const char *scheme = g_uri_peek_scheme (address);

  return g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0;
}

static void
job_free (Job *job)
{
  if (job->easy)
    curl_easy_cleanup (job->easy);
  if (job->visited)
    g_ptr_array_unref (job->visited);
  if (job->body)
    g_byte_array_unref (job->body);
  g_free (job->location);
  g_free (job);
}

/* Keeps the archive lookup's answer up to the cap; a link check needs no body but its first
 * BC_LINK_BODY_CAP bytes (a page that sends even those too slowly is too slow), and none at all
 * once the status says it is not the page (3xx, 4xx, 5xx). Returning less than SIZE × N stops
 * the transfer. */
static size_t
receive (char *data, size_t size, size_t n, void *user_data)
{
  Job *job = user_data;
  size_t bytes = size * n;
  long status = 0;

  curl_easy_getinfo (job->easy, CURLINFO_RESPONSE_CODE, &status);
  if (!job->is_archive_lookup && (status < 200 || status >= 300))
    {
      job->stopped_early = TRUE;
      return 0;
    }
  if (job->body)
    g_byte_array_append (job->body, (const guint8 *) data,
                         MIN (bytes, BC_LINK_BODY_CAP - job->body->len));
  job->body_bytes += bytes;
  if (job->body_bytes >= BC_LINK_BODY_CAP)
    {
      job->stopped_early = TRUE;
      return 0;
    }
  return bytes;
}

/* Keeps the Location header of the last answer (a hop may see a 100 Continue, a proxy's 200
 * Connection established…: each status line starts afresh). libcurl's CURLINFO_REDIRECT_URL
 * is not there when the transfer is stopped early, as every 3xx here is. */
static size_t
receive_header (char *data, size_t size, size_t n, void *user_data)
{
  Job *job = user_data;
  size_t bytes = size * n;
  g_autofree char *line = g_strndup (data, bytes);

  g_strstrip (line);
  if (g_str_has_prefix (line, "HTTP/"))
    g_clear_pointer (&job->location, g_free);
  else if (g_ascii_strncasecmp (line, "Location:", strlen ("Location:")) == 0)
    {
      g_free (job->location);
      job->location = g_strstrip (g_strdup (line + strlen ("Location:")));
    }
  return bytes;
}

/* LOCATION (maybe relative) against BASE, as a browser reads it; NULL when it makes no URL. */
static char *
resolve (const char *base, const char *location)
{
  CURLU *url = curl_url ();
  char *joined = NULL, *result = NULL;

  if (curl_url_set (url, CURLUPART_URL, base, 0) == CURLUE_OK
      && curl_url_set (url, CURLUPART_URL, location,
                       CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) == CURLUE_OK
      && curl_url_get (url, CURLUPART_URL, &joined, 0) == CURLUE_OK)
    result = g_strdup (joined);
  curl_free (joined);
  curl_url_cleanup (url);
  return result;
}

static const char *
first_set (const char *name, const char *other_name)
{
  const char *value = g_getenv (name);

  if ((!value || !*value) && other_name)
    value = g_getenv (other_name);
  return value && *value ? value : NULL;
}

static Settings *
settings_new (const BcLinkCheckOptions *options)
{
  Settings *settings = g_new0 (Settings, 1);
  const char *wayback = options && options->wayback_api
                          ? options->wayback_api
                          : first_set ("BLASTER_CHECK_WAYBACK_API", NULL);

  settings->timeout_s = options && options->timeout_s > 0 ? options->timeout_s
                                                          : BC_LINK_DEFAULT_TIMEOUT_S;
  settings->wayback_api = g_strdup (wayback ? wayback : BC_LINK_WAYBACK_API);
  settings->http_proxy = g_strdup (first_set ("http_proxy", NULL));
  settings->https_proxy = g_strdup (first_set ("https_proxy", "HTTPS_PROXY"));
  settings->all_proxy = g_strdup (first_set ("all_proxy", "ALL_PROXY"));
  settings->no_proxy = g_strdup (first_set ("no_proxy", "NO_PROXY"));
  return settings;
}

static void
settings_free (Settings *settings)
{
  g_free (settings->wayback_api);
  g_free (settings->http_proxy);
  g_free (settings->https_proxy);
  g_free (settings->all_proxy);
  g_free (settings->no_proxy);
  g_free (settings);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Settings, settings_free)

/* The proxy for ADDRESS; "" for none (an empty CURLOPT_PROXY also keeps libcurl from reading
 * the environment itself). */
static const char *
proxy_for (const Settings *settings, const char *address)
{
  const char *proxy = g_str_has_prefix (address, "https:") ? settings->https_proxy
                                                           : settings->http_proxy;

  if (!proxy)
    proxy = settings->all_proxy;
  return proxy ? proxy : "";
}

static void finish_job (Run *run, Job *job, BcLinkState state, BcLinkProblem problem);

/* Asks for ADDRESS, the job's next hop, with what is left of its time. */
static void
start_hop (Run *run, Job *job, const char *address)
{
  gint64 left_ms = MAX (1, (job->deadline_us - g_get_monotonic_time ()) / 1000);
  long connect_ms = MIN (10000, run->settings->timeout_s * 1000 / 2);

  if (job->easy)
    curl_easy_cleanup (job->easy);
  job->easy = curl_easy_init ();
  if (!job->easy)
    {
      finish_job (run, job, BC_LINK_DEAD, BC_LINK_PROBLEM_NETWORK);
      return;
    }
  job->stopped_early = FALSE;
  job->body_bytes = 0;
  g_clear_pointer (&job->location, g_free);
  job->error[0] = '\0';
  curl_easy_setopt (job->easy, CURLOPT_URL, address);
  curl_easy_setopt (job->easy, CURLOPT_PRIVATE, job);
  curl_easy_setopt (job->easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (job->easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (job->easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (job->easy, CURLOPT_NOSIGNAL, 1L);
  /* Do not wait for a name lookup that hangs (a silent name server) when giving up on it. */
  curl_easy_setopt (job->easy, CURLOPT_QUICK_EXIT, 1L);
  curl_easy_setopt (job->easy, CURLOPT_PROXY, proxy_for (run->settings, address));
  curl_easy_setopt (job->easy, CURLOPT_NOPROXY,
                    run->settings->no_proxy ? run->settings->no_proxy : "");
  curl_easy_setopt (job->easy, CURLOPT_CONNECTTIMEOUT_MS, MIN (connect_ms, (long) left_ms));
  curl_easy_setopt (job->easy, CURLOPT_TIMEOUT_MS, (long) left_ms);
  curl_easy_setopt (job->easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (job->easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (job->easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt (job->easy, CURLOPT_USERAGENT, "BlasterCheck link doctor (libcurl)");
  curl_easy_setopt (job->easy, CURLOPT_WRITEFUNCTION, receive);
  curl_easy_setopt (job->easy, CURLOPT_WRITEDATA, job);
  curl_easy_setopt (job->easy, CURLOPT_HEADERFUNCTION, receive_header);
  curl_easy_setopt (job->easy, CURLOPT_HEADERDATA, job);
  curl_easy_setopt (job->easy, CURLOPT_ERRORBUFFER, job->error);
  if (curl_multi_add_handle (run->multi, job->easy) != CURLM_OK)
    finish_job (run, job, BC_LINK_DEAD, BC_LINK_PROBLEM_NETWORK);
}

static Job *
job_new (Run *run, BcAddressCheck *result, guint index, gboolean is_archive_lookup,
         const char *address)
{
  Job *job = g_new0 (Job, 1);

  job->result = result;
  job->index = index;
  job->is_archive_lookup = is_archive_lookup;
  job->visited = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (job->visited, g_strdup (address));
  job->started_us = g_get_monotonic_time ();
  job->deadline_us = job->started_us + (gint64) run->settings->timeout_s * G_USEC_PER_SEC;
  if (is_archive_lookup)
    job->body = g_byte_array_new ();
  g_ptr_array_add (run->jobs, job);
  run->running++;
  start_hop (run, job, address);
  return job;
}

/* Asks the Wayback Machine for the copy of JOB's address closest to 2003, with a time limit
 * of its own. */
static void
start_archive_lookup (Run *run, Job *job)
{
  g_autofree char *escaped = g_uri_escape_string (job->result->address, NULL, FALSE);
  g_autofree char *query = g_strdup_printf ("%s?url=%s&timestamp=%s",
                                            run->settings->wayback_api, escaped,
                                            BC_LINK_WAYBACK_TIMESTAMP);

  job_new (run, job->result, job->index, TRUE, query);
}

/* The Wayback Machine's answer: {"archived_snapshots": {"closest": {"available": true,
 * "url": "http://web.archive.org/web/20030815…/…", "timestamp": "20030815…", "status": "200"}}}.
 * Anything else (no copy, a copy of an error page, not JSON) leaves RESULT without a copy. */
static void
read_archive_answer (BcAddressCheck *result, GByteArray *body)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root, *closest;
  const char *url, *status;

  /* Too deep for json-glib's recursive parser: not an answer the API gives. */
  if (bc_json_too_deep ((const char *) body->data, body->len, BC_JSON_MAX_DEPTH)
      || !json_parser_load_from_data (parser, (const char *) body->data, body->len, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  root = json_node_get_object (json_parser_get_root (parser));
  closest = bc_json_object (bc_json_object (root, "archived_snapshots"), "closest");
  if (!bc_json_boolean (closest, "available", FALSE))
    return;
  url = bc_json_string (closest, "url");
  status = bc_json_string (closest, "status");
  if (!url || !is_web_address (url) || (status && strcmp (status, "200") != 0))
    return;
  /* The API answers with http://; the same copy is served over https. */
  if (g_str_has_prefix (url, "http://web.archive.org/"))
    result->archived = g_strconcat ("https://", url + strlen ("http://"), NULL);
  else
    result->archived = g_strdup (url);
  result->archived_timestamp = g_strdup (bc_json_string (closest, "timestamp"));
}

/* Failures that say nothing about the address when nothing at all could be reached. */
static gboolean
needs_network (BcLinkProblem problem)
{
  return problem == BC_LINK_PROBLEM_NO_HOST || problem == BC_LINK_PROBLEM_NO_CONNECTION
         || problem == BC_LINK_PROBLEM_NETWORK;
}

/* The job is done; its result is final unless an archive lookup follows. */
static void
finish_job (Run *run, Job *job, BcLinkState state, BcLinkProblem problem)
{
  BcAddressCheck *result = job->result;

  run->running--;
  curl_multi_remove_handle (run->multi, job->easy);
  if (job->is_archive_lookup)
    {
      if (state == BC_LINK_LIVE)
        read_archive_answer (result, job->body);
      g_ptr_array_add (run->done, job);
      return;
    }
  result->state = state;
  result->problem = problem;
  result->seconds = (g_get_monotonic_time () - job->started_us) / (double) G_USEC_PER_SEC;
  result->checked_at = g_get_real_time () / G_USEC_PER_SEC;
  if (state != BC_LINK_DEAD || !job->ask_archive)
    g_ptr_array_add (run->done, job);
  else if (needs_network (problem) && !run->reached)
    g_ptr_array_add (run->waiting, job); /* offline, perhaps: the archive would not answer */
  else
    start_archive_lookup (run, job);
}

/* Some server answered: the network is there, and the lookups that waited for it start. */
static void
reach (Run *run)
{
  if (run->reached)
    return;
  run->reached = TRUE;
  for (guint i = 0; i < run->waiting->len; i++)
    start_archive_lookup (run, g_ptr_array_index (run->waiting, i));
  g_ptr_array_set_size (run->waiting, 0);
}

static gboolean
visited (Job *job, const char *address)
{
  for (guint i = 0; i < job->visited->len; i++)
    if (g_strcmp0 (g_ptr_array_index (job->visited, i), address) == 0)
      return TRUE;
  return FALSE;
}

/* A hop answered with STATUS: done, or on to where it redirects. */
static void
answered (Run *run, Job *job, long status)
{
  BcAddressCheck *result = job->result;
  const char *asked = g_ptr_array_index (job->visited, job->visited->len - 1);
  g_autofree char *location = NULL;

  result->http_status = (int) status;
  if (status >= 200 && status < 300)
    {
      if (g_strcmp0 (asked, result->address) != 0)
        {
          g_free (result->final_address);
          result->final_address = g_strdup (asked);
          finish_job (run, job, BC_LINK_MOVED, BC_LINK_PROBLEM_NONE);
        }
      else
        finish_job (run, job, BC_LINK_LIVE, BC_LINK_PROBLEM_NONE);
      return;
    }
  if (status < 300 || status >= 400)
    {
      finish_job (run, job, BC_LINK_DEAD, BC_LINK_PROBLEM_HTTP_STATUS);
      return;
    }
  if (job->location && *job->location)
    location = resolve (asked, job->location);
  if (!location)
    {
      finish_job (run, job, BC_LINK_DEAD, BC_LINK_PROBLEM_BAD_REDIRECT);
      return;
    }
  g_free (result->final_address);
  result->final_address = g_strdup (location);
  if (!is_web_address (location))
    finish_job (run, job, BC_LINK_DEAD, BC_LINK_PROBLEM_REDIRECT_SCHEME);
  else if (visited (job, location))
    finish_job (run, job, BC_LINK_DEAD, BC_LINK_PROBLEM_REDIRECT_LOOP);
  else if (job->visited->len > BC_LINK_MAX_REDIRECTS)
    finish_job (run, job, BC_LINK_DEAD, BC_LINK_PROBLEM_TOO_MANY_REDIRECTS);
  else if (g_get_monotonic_time () >= job->deadline_us)
    finish_job (run, job, BC_LINK_DEAD, BC_LINK_PROBLEM_SLOW);
  else
    {
      char *next = g_steal_pointer (&location);

      g_ptr_array_add (job->visited, next);
      curl_multi_remove_handle (run->multi, job->easy);
      start_hop (run, job, next);
    }
}

/* A transfer ended with CODE (not an answer read to the end): what that says of the address. */
static BcLinkProblem
problem_of (CURLcode code, gboolean connected)
{
  switch (code)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return BC_LINK_PROBLEM_NO_HOST;
    case CURLE_COULDNT_CONNECT:
      return BC_LINK_PROBLEM_NO_CONNECTION;
    case CURLE_OPERATION_TIMEDOUT:
      return connected ? BC_LINK_PROBLEM_SLOW : BC_LINK_PROBLEM_NO_CONNECTION;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return BC_LINK_PROBLEM_TLS;
    default:
      return BC_LINK_PROBLEM_NETWORK;
    }
}

static void
transfer_done (Run *run, Job *job, CURLcode code)
{
  long status = 0;
  curl_off_t connect_us = 0, pretransfer_us = 0;
  long connects = 0;
  gboolean connected;
  BcLinkProblem problem;

  curl_easy_getinfo (job->easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo (job->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
  /* A connection used again (the next hop on the same server) has no connect time. */
  curl_easy_getinfo (job->easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
  /* A TLS handshake that never ends leaves both at 0, yet the server accepted the TCP
   * connection: that is a server too slow, not a missing network. */
  curl_easy_getinfo (job->easy, CURLINFO_NUM_CONNECTS, &connects);
  connected = connect_us > 0 || pretransfer_us > 0 || connects > 0;
  if (status > 0 || connected)
    reach (run);

  if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && job->stopped_early))
    {
      if (job->is_archive_lookup)
        finish_job (run, job, status == 200 ? BC_LINK_LIVE : BC_LINK_DEAD,
                    BC_LINK_PROBLEM_NONE);
      else
        answered (run, job, status);
      return;
    }
  problem = problem_of (code, connected);
  if (!job->is_archive_lookup)
    {
      job->result->http_status = (int) status;
      if (problem == BC_LINK_PROBLEM_TLS || problem == BC_LINK_PROBLEM_NETWORK)
        job->result->detail = g_strdup (job->error[0] ? job->error : curl_easy_strerror (code));
    }
  finish_job (run, job, BC_LINK_DEAD, problem);
}

/* Reports the results made final since the last time; a failure for want of a network waits
 * for the end of the run (offline or dead) unless some server was reached already. */
static void
report_done (Run *run, gboolean at_end, gboolean *reported, BcLinkCheckFunc progress,
             gpointer user_data)
{
  for (guint i = 0; i < run->done->len;)
    {
      Job *job = g_ptr_array_index (run->done, i);
      BcAddressCheck *result = job->result;

      if (!at_end && !run->reached && result->state == BC_LINK_DEAD
          && needs_network (result->problem))
        {
          i++;
          continue;
        }
      if (at_end && !run->reached && result->state == BC_LINK_DEAD
          && needs_network (result->problem))
        result->state = BC_LINK_OFFLINE;
      if (progress && !reported[job->index])
        progress (job->index, result, user_data);
      reported[job->index] = TRUE;
      g_ptr_array_remove_index (run->done, i);
    }
}

static void
wake (GCancellable *cancellable, gpointer multi)
{
  curl_multi_wakeup (multi);
}

static gpointer
init_curl (gpointer unused)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

static GPtrArray *
run_checks (const BcLinkCheckRequest *requests, guint n, const Settings *settings,
            GCancellable *cancellable, BcLinkCheckFunc progress, gpointer user_data)
{
  static GOnce once = G_ONCE_INIT;
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_address_check_free);
  g_autofree gboolean *reported = g_new0 (gboolean, MAX (n, 1));
  Run run = { .settings = settings };
  gulong wake_id = 0;

  g_once (&once, init_curl, NULL);
  run.multi = curl_multi_init ();
  run.jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  run.done = g_ptr_array_new ();
  run.waiting = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    {
      BcAddressCheck *result = g_new0 (BcAddressCheck, 1);

      result->address = g_strdup (requests[i].address);
      g_ptr_array_add (results, result);
      if (is_web_address (result->address))
        job_new (&run, result, i, FALSE, result->address)->ask_archive = requests[i].ask_archive;
      else
        result->problem = BC_LINK_PROBLEM_SCHEME;
    }

  if (cancellable)
    wake_id = g_cancellable_connect (cancellable, G_CALLBACK (wake), run.multi, NULL);
  while (run.running > 0 && !g_cancellable_is_cancelled (cancellable))
    {
      int still_running, queued;
      CURLMsg *message;

      curl_multi_perform (run.multi, &still_running);
      while ((message = curl_multi_info_read (run.multi, &queued)))
        {
          Job *job = NULL;

          if (message->msg != CURLMSG_DONE)
            continue;
          curl_easy_getinfo (message->easy_handle, CURLINFO_PRIVATE, (char **) &job);
          transfer_done (&run, job, message->data.result);
        }
      report_done (&run, FALSE, reported, progress, user_data);
      if (run.running > 0)
        curl_multi_poll (run.multi, NULL, 0, 1000, NULL);
    }
  g_cancellable_disconnect (cancellable, wake_id);
  /* Lookups still waiting for a network: none came, and these addresses are offline. */
  g_ptr_array_extend_and_steal (run.done, g_steal_pointer (&run.waiting));
  report_done (&run, TRUE, reported, progress, user_data);

  /* Cancelled, or never an http/https address: not checked (an unfinished check is reset). */
  for (guint i = 0; i < n; i++)
    {
      BcAddressCheck *result = g_ptr_array_index (results, i);

      if (reported[i])
        continue;
      /* A dead address whose archive lookup was cut short keeps what was found. */
      if (result->problem != BC_LINK_PROBLEM_SCHEME && result->checked_at == 0)
        {
          g_clear_pointer (&result->final_address, g_free);
          result->state = BC_LINK_NOT_CHECKED;
          result->problem = BC_LINK_PROBLEM_CANCELLED;
          result->http_status = 0;
        }
      if (progress)
        progress (i, result, user_data);
    }
  for (guint i = 0; i < run.jobs->len; i++)
    curl_multi_remove_handle (run.multi, ((Job *) g_ptr_array_index (run.jobs, i))->easy);
  g_ptr_array_unref (run.done);
  g_ptr_array_unref (run.jobs);
  curl_multi_cleanup (run.multi);
  return results;
}

GPtrArray *
bc_link_check_run (const BcLinkCheckRequest *requests, guint n,
                   const BcLinkCheckOptions *options, GCancellable *cancellable,
                   BcLinkCheckFunc progress, gpointer user_data)
{
  g_autoptr (Settings) settings = settings_new (options);

  return run_checks (requests, n, settings, cancellable, progress, user_data);
}

/* ---- In a worker thread -------------------------------------------------------------------- */

typedef struct
{
  BcLinkCheckRequest *requests;
  guint n;
  Settings *settings; /* read in the caller's thread */
  BcLinkCheckFunc progress;
  gpointer progress_data;
  GMainContext *context; /* the caller's, where PROGRESS runs */
} AsyncRun;

typedef struct
{
  BcLinkCheckFunc progress;
  gpointer progress_data;
  guint index;
  BcAddressCheck *check;
} Progress;

static void
async_run_free (AsyncRun *data)
{
  for (guint i = 0; i < data->n; i++)
    g_free ((char *) data->requests[i].address);
  g_free (data->requests);
  settings_free (data->settings);
  g_main_context_unref (data->context);
  g_free (data);
}

static gboolean
progress_in_caller (gpointer user_data)
{
  Progress *p = user_data;

  p->progress (p->index, p->check, p->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer user_data)
{
  Progress *p = user_data;

  bc_address_check_free (p->check);
  g_free (p);
}

static void
progress_from_thread (guint index, const BcAddressCheck *check, gpointer user_data)
{
  AsyncRun *data = user_data;
  Progress *p = g_new0 (Progress, 1);
  GSource *source = g_idle_source_new ();

  p->progress = data->progress;
  p->progress_data = data->progress_data;
  p->index = index;
  p->check = bc_address_check_copy (check);

  /* Always a source (g_main_context_invoke () would call it here, in this thread, whenever it
   * can take the context), and above the default priority: each result reaches the caller
   * before the task's end does. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT - 1);
  g_source_set_callback (source, progress_in_caller, p, progress_free);
  g_source_attach (source, data->context);
  g_source_unref (source);
}

static void
run_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AsyncRun *data = task_data;
  GPtrArray *results = run_checks (data->requests, data->n, data->settings, cancellable,
                                   data->progress ? progress_from_thread : NULL, data);

  /* Cancelled too: what was found before is true, the rest says "not checked". */
  g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

void
bc_link_check_async (const BcLinkCheckRequest *requests, guint n,
                     const BcLinkCheckOptions *options, GCancellable *cancellable,
                     BcLinkCheckFunc progress, gpointer progress_data,
                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  AsyncRun *data = g_new0 (AsyncRun, 1);

  /* The task's cancellable would turn the results into an error: cancelling is the run's. */
  g_task_set_check_cancellable (task, FALSE);

  data->requests = g_new0 (BcLinkCheckRequest, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      data->requests[i].address = g_strdup (requests[i].address);
      data->requests[i].ask_archive = requests[i].ask_archive;
    }
  data->n = n;
  data->settings = settings_new (options);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_source_tag (task, bc_link_check_async);
  g_task_set_task_data (task, data, (GDestroyNotify) async_run_free);
  g_task_run_in_thread (task, run_in_thread);
}

GPtrArray *
bc_link_check_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Words ----------------------------------------------------------------------------------- */

static const char *const state_names[] = {
  [BC_LINK_NOT_CHECKED] = "not-checked",
  [BC_LINK_LIVE] = "live",
  [BC_LINK_MOVED] = "moved",
  [BC_LINK_DEAD] = "dead",
  [BC_LINK_OFFLINE] = "offline",
};

static const char *const problem_names[] = {
  [BC_LINK_PROBLEM_NONE] = NULL,
  [BC_LINK_PROBLEM_HTTP_STATUS] = "http-status",
  [BC_LINK_PROBLEM_BAD_REDIRECT] = "bad-redirect",
  [BC_LINK_PROBLEM_REDIRECT_LOOP] = "redirect-loop",
  [BC_LINK_PROBLEM_TOO_MANY_REDIRECTS] = "too-many-redirects",
  [BC_LINK_PROBLEM_REDIRECT_SCHEME] = "redirect-scheme",
  [BC_LINK_PROBLEM_SLOW] = "slow",
  [BC_LINK_PROBLEM_TLS] = "tls",
  [BC_LINK_PROBLEM_NO_HOST] = "no-host",
  [BC_LINK_PROBLEM_NO_CONNECTION] = "no-connection",
  [BC_LINK_PROBLEM_NETWORK] = "network",
  [BC_LINK_PROBLEM_SCHEME] = "scheme",
  [BC_LINK_PROBLEM_CANCELLED] = "cancelled",
};

const char *
bc_link_state_to_string (BcLinkState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

BcLinkState
bc_link_state_from_string (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (state_names[i], name) == 0)
      return i;
  return BC_LINK_NOT_CHECKED;
}

const char *
bc_link_problem_to_string (BcLinkProblem problem)
{
  g_return_val_if_fail (problem < G_N_ELEMENTS (problem_names), NULL);
  return problem_names[problem];
}

BcLinkProblem
bc_link_problem_from_string (const char *name)
{
  for (guint i = 1; name && i < G_N_ELEMENTS (problem_names); i++)
    if (g_strcmp0 (problem_names[i], name) == 0)
      return i;
  return BC_LINK_PROBLEM_NONE;
}

const char *
bc_link_state_label (BcLinkState state)
{
  switch (state)
    {
    case BC_LINK_LIVE:
      /* Translators: a web page's state after the link check: it is there */
      return C_("link state", "Live");
    case BC_LINK_MOVED:
      /* Translators: a web page's state: its address now leads elsewhere, which works */
      return C_("link state", "Moved");
    case BC_LINK_DEAD:
      /* Translators: a web page's state: the page is not there any more */
      return C_("link state", "Gone");
    case BC_LINK_OFFLINE:
      /* Translators: a web page's state: this computer could not reach the internet */
      return C_("link state", "Offline");
    case BC_LINK_NOT_CHECKED:
    default:
      /* Translators: a web page's state: nobody checked it yet */
      return C_("link state", "Not checked");
    }
}

char *
bc_address_check_reason (const BcAddressCheck *check)
{
  switch (check->problem)
    {
    case BC_LINK_PROBLEM_NONE:
      if (check->state == BC_LINK_MOVED)
        /* Translators: %s is a web address */
        return g_strdup_printf (_("It now leads to %s."), check->final_address);
      return NULL;
    case BC_LINK_PROBLEM_HTTP_STATUS:
      if (check->http_status >= 500 || check->http_status == 429)
        /* Translators: %d is an HTTP status code such as 500 */
        return g_strdup_printf (_("The server reported an error (HTTP %d); it may be "
                                  "temporary."), check->http_status);
      if (check->http_status == 404 || check->http_status == 410)
        /* Translators: %d is an HTTP status code such as 404 */
        return g_strdup_printf (_("The server has no such page (HTTP %d)."),
                                check->http_status);
      /* Translators: %d is an HTTP status code such as 403 */
      return g_strdup_printf (_("The server refused to give the page (HTTP %d)."),
                              check->http_status);
    case BC_LINK_PROBLEM_BAD_REDIRECT:
      /* Translators: %d is an HTTP status code such as 302 */
      return g_strdup_printf (_("It redirects (HTTP %d), but not to a usable address."),
                              check->http_status);
    case BC_LINK_PROBLEM_REDIRECT_LOOP:
      return g_strdup (_("Its redirections go round in a circle."));
    case BC_LINK_PROBLEM_TOO_MANY_REDIRECTS:
      /* Translators: %d is a number such as 5 */
      return g_strdup_printf (_("It redirects more than %d times."), BC_LINK_MAX_REDIRECTS);
    case BC_LINK_PROBLEM_REDIRECT_SCHEME:
      /* Translators: %s is an address that is not a web page, such as file:///etc/passwd */
      return g_strdup_printf (_("It redirects to %s, which is not a web page: not followed."),
                              check->final_address);
    case BC_LINK_PROBLEM_SLOW:
      return g_strdup (_("The server answered too slowly."));
    case BC_LINK_PROBLEM_TLS:
      return g_strdup (_("Its secure connection could not be verified."));
    case BC_LINK_PROBLEM_NO_HOST:
      return g_strdup (_("The server's name is not known."));
    case BC_LINK_PROBLEM_NO_CONNECTION:
      return g_strdup (_("The server could not be reached."));
    case BC_LINK_PROBLEM_NETWORK:
      return g_strdup (_("The connection failed."));
    case BC_LINK_PROBLEM_SCHEME:
      return g_strdup (_("Not a web address: not checked."));
    case BC_LINK_PROBLEM_CANCELLED:
      return g_strdup (_("The check was stopped before it was done."));
    default:
      return NULL;
    }
}
