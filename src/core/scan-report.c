/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "scan-report.h"

#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-private.h"

/* Enough for any real disk; a hostile tree full of worm names cannot grow the report forever. */
#define MAX_FINDINGS 10000
#define MAX_ERRORS 10000

static const char *const why_texts[] = {
#define SCAN__WHY_TEXT(name, msg) msg,
  SCAN_WHY_MAP (SCAN__WHY_TEXT)
#undef SCAN__WHY_TEXT
};

static const struct
{
  const char *singular, *plural;
} reason_texts[SCAN_REASON__COUNT] = {
  [SCAN_REASON_INFECTED_FILES]
  = NP_ ("%llu worm file was found where the worm puts it.",
         "%llu worm files were found where the worm puts them."),
  [SCAN_REASON_RUNNING]
  = NP_ ("%llu sign shows the worm running now (its program or its marker).",
         "%llu signs show the worm running now (its program or its marker)."),
  [SCAN_REASON_SUSPICIOUS_RUNNING]
  = NP_ ("%llu running program or open port looks like the worm's, but is not proof of it.",
         "%llu running programs or open ports look like the worm's, but are not proof of it."),
  [SCAN_REASON_SUSPICIOUS_FILES]
  = NP_ ("%llu file has a worm's name but is not where the worm puts it.",
         "%llu files have a worm's name but are not where the worm puts them."),
  [SCAN_REASON_PREFETCH]
  = NP_ ("%llu Prefetch entry shows that a worm program ran on this Windows.",
         "%llu Prefetch entries show that a worm program ran on this Windows."),
  [SCAN_REASON_UNREADABLE]
  = NP_ ("%llu place could not be checked; see the errors.",
         "%llu places could not be checked; see the errors."),
  [SCAN_REASON_CANCELLED]
  = NP_ ("The scan was cancelled before it finished.", "The scan was cancelled before it finished."),
  [SCAN_REASON_NOTHING_FOUND]
  = NP_ ("Every check ran and found nothing of the worm.",
         "Every check ran and found nothing of the worm."),
  [SCAN_REASON_QUICK]
  = NP_ ("Only the places the worm uses were checked (quick scan), not the whole volume.",
         "Only the places the worm uses were checked (quick scan), not the whole volume."),
  [SCAN_REASON_REGISTRY_NOT_READ]
  = NP_ ("The registry (the settings of this Windows) was not read, so it is not known which "
         "updates are installed.",
         "The registry (the settings of this Windows) was not read, so it is not known which "
         "updates are installed."),
  [SCAN_REASON_NOT_WINDOWS]
  = NP_ ("No Windows folder was found here, so there are no updates to check.",
         "No Windows folder was found here, so there are no updates to check."),
  [SCAN_REASON_REGISTRY_ENTRIES]
  = NP_ ("%llu registry entry belongs to the worm (it starts the worm with Windows).",
         "%llu registry entries belong to the worm (they start the worm with Windows)."),
  [SCAN_REASON_SUSPICIOUS_REGISTRY]
  = NP_ ("%llu registry entry looks like the worm's, but is not proof of it.",
         "%llu registry entries look like the worm's, but are not proof of it."),
  [SCAN_REASON_REGISTRY_UNSUPPORTED]
  = NP_ ("This program cannot read an attached disk's registry on this system, so the "
         "installed updates are not known.",
         "This program cannot read an attached disk's registry on this system, so the "
         "installed updates are not known."),
  [SCAN_REASON_REGISTRY_UNREADABLE]
  = NP_ ("The registry (the settings of this Windows) could not be read (see the errors), so it "
         "is not known which updates are installed.",
         "The registry (the settings of this Windows) could not be read (see the errors), so it "
         "is not known which updates are installed."),
  [SCAN_REASON_OS_UNKNOWN]
  = NP_ ("The registry does not say which Windows this is, so the updates it needs are not known.",
         "The registry does not say which Windows this is, so the updates it needs are not known."),
  [SCAN_REASON_OS_NOT_COVERED]
  = NP_ ("%s: the bulletins give no registry key of the updates for this Windows, so they cannot "
         "be checked here.",
         "%s: the bulletins give no registry key of the updates for this Windows, so they cannot "
         "be checked here."),
  [SCAN_REASON_PATCH_INSTALLED]
  = NP_ ("The update %s is installed.", "The update %s is installed."),
  [SCAN_REASON_PATCH_INCLUDED]
  = NP_ ("%s includes the fix.", "%s includes the fix."),
  [SCAN_REASON_PATCH_MISSING]
  = NP_ ("%s has none of the three updates that close the hole the worm uses: MS03-026 "
         "(KB823980), MS03-039 (KB824146) or MS04-012 (KB828741), which replaces the other two. "
         "Its service pack does not include them either. (A Windows installed with the updates "
         "built in looks the same.)",
         "%s has none of the three updates that close the hole the worm uses: MS03-026 "
         "(KB823980), MS03-039 (KB824146) or MS04-012 (KB828741), which replaces the other two. "
         "Its service pack does not include them either. (A Windows installed with the updates "
         "built in looks the same.)"),
  [SCAN_REASON_FILES_ONLY]
  = NP_ ("Only files were checked: there is no Windows folder here, so its registry and updates "
         "were not checked.",
         "Only files were checked: there is no Windows folder here, so its registry and updates "
         "were not checked."),
  [SCAN_REASON_CHECKS_RAN_CLEAN]
  = NP_ ("The checks that ran found nothing of the worm.",
         "The checks that ran found nothing of the worm."),
};

void
scan_report_init (scan_report *r, const scan_rules *rules)
{
  memset (r, 0, sizeof *r);
  r->rules = rules;
  r->infection = SCAN_INFECTION_INCOMPLETE;
  r->vulnerability = SCAN_VULN_UNKNOWN;
  r->iis = -1;
  r->system_restore = -1;
}

bool
scan_reason_is_vulnerability (scan_reason_code code)
{
  switch (code)
    {
    case SCAN_REASON_REGISTRY_NOT_READ:
    case SCAN_REASON_NOT_WINDOWS:
    case SCAN_REASON_REGISTRY_UNSUPPORTED:
    case SCAN_REASON_REGISTRY_UNREADABLE:
    case SCAN_REASON_OS_UNKNOWN:
    case SCAN_REASON_OS_NOT_COVERED:
    case SCAN_REASON_PATCH_INSTALLED:
    case SCAN_REASON_PATCH_INCLUDED:
    case SCAN_REASON_PATCH_MISSING:
      return true;
    default:
      return false;
    }
}

bool
scan_reason_has_arg (scan_reason_code code)
{
  switch (code)
    {
    case SCAN_REASON_OS_NOT_COVERED:
    case SCAN_REASON_PATCH_INSTALLED:
    case SCAN_REASON_PATCH_INCLUDED:
    case SCAN_REASON_PATCH_MISSING:
      return true;
    default:
      return false;
    }
}

void
scan_report_add_vulnerability_reason (scan_report *r, scan_reason_code code, const char *arg)
{
  if (r->n_vuln_reasons == sizeof r->vuln_reasons / sizeof r->vuln_reasons[0])
    return;
  scan_reason *reason = &r->vuln_reasons[r->n_vuln_reasons++];
  memset (reason, 0, sizeof *reason);
  reason->code = code;
  if (arg)
    snprintf (reason->arg, sizeof reason->arg, "%s", arg);
}

static void finding_set_free (struct scan__finding_set *set);

void
scan_report_clear (scan_report *r)
{
  const scan_rules *rules = r->rules;
  for (size_t i = 0; i < r->n_findings; i++)
    {
      free (r->findings[i].location);
      free (r->findings[i].windows_location);
      free (r->findings[i].windows_user);
      free (r->findings[i].hive);
      free (r->findings[i].key);
      free (r->findings[i].name);
    }
  for (size_t i = 0; i < r->n_errors; i++)
    free (r->errors[i].location);
  free (r->findings);
  finding_set_free (r->finding_set);
  free (r->errors);
  free (r->root);
  free (r->file_system);
  free (r->windows_dir);
  free (r->os_product);
  free (r->os_version);
  free (r->os_service_pack);
  free (r->os_build);
  free (r->patch_states);
  for (size_t i = 0; i < r->n_windows; i++)
    {
      free (r->windows[i].windows_dir);
      free (r->windows[i].windows_location);
      free (r->windows[i].patch_states);
      free (r->windows[i].os_product);
      free (r->windows[i].os_version);
      free (r->windows[i].os_service_pack);
    }
  free (r->windows);
  scan_report_init (r, rules);
}

static char *
dup_or_null (const char *s, bool *failed)
{
  char *copy = s ? scan__strdup (s) : NULL;
  if (s && !copy)
    *failed = true;
  return copy;
}

int
scan_report_add_windows (scan_report *r, const scan_windows *windows)
{
  bool failed = false;
  scan_windows w = *windows;
  w.windows_dir = dup_or_null (windows->windows_dir, &failed);
  w.windows_location = dup_or_null (windows->windows_location, &failed);
  w.os_product = dup_or_null (windows->os_product, &failed);
  w.os_version = dup_or_null (windows->os_version, &failed);
  w.os_service_pack = dup_or_null (windows->os_service_pack, &failed);
  w.patch_states = NULL;
  if (windows->patch_states)
    {
      size_t n_patches;
      scan_rules_patches (r->rules, &n_patches);
      if ((w.patch_states = malloc ((n_patches ? n_patches : 1) * sizeof *w.patch_states)))
        memcpy (w.patch_states, windows->patch_states, n_patches * sizeof *w.patch_states);
      else
        failed = true;
    }
  if (failed || scan__grow ((void **) &r->windows, r->n_windows, sizeof *r->windows) < 0)
    {
      free (w.patch_states);
      free (w.windows_dir);
      free (w.windows_location);
      free (w.os_product);
      free (w.os_version);
      free (w.os_service_pack);
      return SCAN_ENOMEM;
    }
  r->windows[r->n_windows++] = w;
  return 0;
}

int
scan_report_take_findings (scan_report *r, const scan_report *other)
{
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < other->n_findings; i++)
    {
      const scan_finding *f = &other->findings[i];
      rc = scan_report_add_registry_finding (r, f->kind, f->severity, f->why, f->indicator,
                                             f->location, f->windows_location, f->windows_user,
                                             f->hive, f->key, f->name);
    }
  for (size_t i = 0; rc == 0 && i < other->n_errors; i++)
    rc = other->errors[i].whole_check
           ? scan_report_add_check_error (r, other->errors[i].location, other->errors[i].code)
           : scan_report_add_error (r, other->errors[i].location, other->errors[i].code);
  for (size_t i = 0; i < SCAN__FINDING_COUNTS; i++)
    r->findings_dropped_by[i] += other->findings_dropped_by[i];
  r->findings_dropped += other->findings_dropped;
  r->errors_dropped += other->errors_dropped;
  if (other->cancelled)
    r->cancelled = true;
  /* What the other registry says of the hole, each reason once. */
  for (size_t j = 0; j < other->n_vuln_reasons; j++)
    {
      const scan_reason *reason = &other->vuln_reasons[j];
      bool seen = false;
      for (size_t k = 0; k < r->n_vuln_reasons && !seen; k++)
        seen = r->vuln_reasons[k].code == reason->code && r->vuln_reasons[k].n == reason->n
               && strcmp (r->vuln_reasons[k].arg, reason->arg) == 0;
      if (!seen && r->n_vuln_reasons < sizeof r->vuln_reasons / sizeof r->vuln_reasons[0])
        r->vuln_reasons[r->n_vuln_reasons++] = *reason;
    }
  return rc;
}

/* How bad an infection state is: infected > suspicious > not complete > clean. */
static int
infection_rank (scan_infection v)
{
  switch (v)
    {
    case SCAN_INFECTION_INFECTED:
      return 3;
    case SCAN_INFECTION_SUSPICIOUS:
      return 2;
    case SCAN_INFECTION_INCOMPLETE:
      return 1;
    case SCAN_INFECTION_CLEAN:
    default:
      return 0;
    }
}

scan_infection
scan_infection_worse (scan_infection a, scan_infection b)
{
  return infection_rank (a) >= infection_rank (b) ? a : b;
}

void
scan_report_merge_windows (scan_report *r)
{
  bool unpatched = false, unknown = false;
  for (size_t i = 0; i < r->n_windows; i++)
    {
      r->infection = scan_infection_worse (r->infection, r->windows[i].infection);
      unpatched = unpatched || r->windows[i].vulnerability == SCAN_VULN_UNPATCHED;
      unknown = unknown || r->windows[i].vulnerability == SCAN_VULN_UNKNOWN;
    }
  if (r->n_windows > 1)
    r->vulnerability = unpatched ? SCAN_VULN_UNPATCHED
                       : unknown ? SCAN_VULN_UNKNOWN
                                 : SCAN_VULN_PATCHED;
}

/*
 * The findings seen so far, to drop a repeated one in constant time (the whole-volume walk lists
 * the known places again; a hostile tree holds thousands of worm names). A slot holds the
 * finding's hash, indicator and kind, and its kept location string (the findings array is sorted
 * later, so no index); a finding beyond the cap keeps only its 64-bit hash, which is enough to
 * count it once.
 */
typedef struct
{
  uint64_t hash; /* 0: an empty slot */
  const scan_indicator *indicator;
  const char *location; /* NULL beyond the cap */
  int kind;
} finding_slot;

struct scan__finding_set
{
  finding_slot *slots;
  size_t cap; /* a power of two, at most half used */
  size_t used;
};

static uint64_t
finding_hash (scan_finding_kind kind, const scan_indicator *indicator, const char *location)
{
  uint64_t h = 14695981039346656037ull; /* FNV-1a */
  for (const unsigned char *c = (const unsigned char *) location; *c; c++)
    h = (h ^ *c) * 1099511628211ull;
  h = (h ^ (uint64_t) (uintptr_t) indicator) * 1099511628211ull;
  h = (h ^ (uint64_t) kind) * 1099511628211ull;
  h ^= h >> 29;
  return h ? h : 1;
}

static finding_slot *
finding_set_find (struct scan__finding_set *set, uint64_t hash, scan_finding_kind kind,
                  const scan_indicator *indicator, const char *location)
{
  for (size_t i = (size_t) hash & (set->cap - 1);; i = (i + 1) & (set->cap - 1))
    {
      finding_slot *slot = &set->slots[i];
      if (slot->hash == 0)
        return slot;
      if (slot->hash == hash && slot->indicator == indicator && slot->kind == (int) kind
          && (!slot->location || strcmp (slot->location, location) == 0))
        return slot;
    }
}

/* Makes room for one more slot. 0 or SCAN_ENOMEM. */
static int
finding_set_reserve (scan_report *r)
{
  struct scan__finding_set *set = r->finding_set;
  if (!set && !(set = r->finding_set = calloc (1, sizeof *set)))
    return SCAN_ENOMEM;
  if (set->cap && (set->used + 1) * 2 <= set->cap)
    return 0;
  size_t cap = set->cap ? set->cap * 2 : 64;
  finding_slot *slots = calloc (cap, sizeof *slots);
  if (!slots)
    return SCAN_ENOMEM;
  for (size_t i = 0; i < set->cap; i++)
    if (set->slots[i].hash)
      {
        size_t j = (size_t) set->slots[i].hash & (cap - 1);
        while (slots[j].hash)
          j = (j + 1) & (cap - 1);
        slots[j] = set->slots[i];
      }
  free (set->slots);
  set->slots = slots;
  set->cap = cap;
  return 0;
}

static void
finding_set_free (struct scan__finding_set *set)
{
  if (set)
    free (set->slots);
  free (set);
}

/* Which count of scan_report_decide a finding adds to (an index of findings_dropped_by). */
enum
{
  COUNT_PREFETCH,
  COUNT_RUNNING,
  COUNT_RUNNING_MAYBE,
  COUNT_REGISTRY,
  COUNT_REGISTRY_MAYBE,
  COUNT_INFECTED,
  COUNT_SUSPICIOUS_FILES,
  COUNT_OTHER,
  COUNT__N
};
_Static_assert (COUNT__N == SCAN__FINDING_COUNTS, "findings_dropped_by has a slot per count");

static int
finding_count (scan_finding_kind kind, scan_severity severity)
{
  if (kind == SCAN_FINDING_PREFETCH)
    return COUNT_PREFETCH;
  if (kind == SCAN_FINDING_PROCESS || kind == SCAN_FINDING_MUTEX || kind == SCAN_FINDING_PORT)
    return severity == SCAN_SEV_INFECTION ? COUNT_RUNNING : COUNT_RUNNING_MAYBE;
  if (kind == SCAN_FINDING_REGISTRY || kind == SCAN_FINDING_SERVICE)
    return severity == SCAN_SEV_INFECTION ? COUNT_REGISTRY : COUNT_REGISTRY_MAYBE;
  if (severity == SCAN_SEV_INFECTION)
    return COUNT_INFECTED;
  return severity == SCAN_SEV_SUSPICIOUS ? COUNT_SUSPICIOUS_FILES : COUNT_OTHER;
}

int
scan_report_add_finding (scan_report *r, scan_finding_kind kind, scan_severity severity,
                         scan_why why, const scan_indicator *indicator, const char *location)
{
  return scan_report_add_finding_at (r, kind, severity, why, indicator, location, NULL, NULL);
}

int
scan_report_add_finding_at (scan_report *r, scan_finding_kind kind, scan_severity severity,
                            scan_why why, const scan_indicator *indicator, const char *location,
                            const char *windows_location, const char *windows_user)
{
  if (finding_set_reserve (r) < 0)
    return SCAN_ENOMEM;
  uint64_t hash = finding_hash (kind, indicator, location);
  finding_slot *slot = finding_set_find (r->finding_set, hash, kind, indicator, location);
  if (slot->hash)
    return 0;
  if (r->n_findings == MAX_FINDINGS)
    {
      /* Not kept, but counted once, by the reason it counts for. */
      *slot = (finding_slot) { hash, indicator, NULL, (int) kind };
      r->finding_set->used++;
      r->findings_dropped++;
      r->findings_dropped_by[finding_count (kind, severity)]++;
      return 0;
    }
  char *copy = scan__strdup (location);
  char *win = windows_location ? scan__strdup (windows_location) : NULL;
  char *user = windows_user ? scan__strdup (windows_user) : NULL;
  if (!copy || (windows_location && !win) || (windows_user && !user)
      || scan__grow ((void **) &r->findings, r->n_findings, sizeof *r->findings) < 0)
    {
      free (copy);
      free (win);
      free (user);
      return SCAN_ENOMEM;
    }
  r->findings[r->n_findings++] = (scan_finding) { kind, severity, why, indicator, copy, win, user, NULL, NULL, NULL };
  *slot = (finding_slot) { hash, indicator, copy, (int) kind };
  r->finding_set->used++;
  return 0;
}

int
scan_report_add_registry_finding (scan_report *r, scan_finding_kind kind, scan_severity severity,
                                  scan_why why, const scan_indicator *indicator,
                                  const char *location, const char *windows_location,
                                  const char *windows_user, const char *hive, const char *key,
                                  const char *name)
{
  size_t before = r->n_findings;
  int rc = scan_report_add_finding_at (r, kind, severity, why, indicator, location,
                                       windows_location, windows_user);
  if (rc < 0 || r->n_findings == before || !(hive || key || name))
    return rc; /* not kept: already there, or beyond the cap */
  scan_finding *f = &r->findings[r->n_findings - 1];
  f->hive = hive ? scan__strdup (hive) : NULL;
  f->key = key ? scan__strdup (key) : NULL;
  f->name = name ? scan__strdup (name) : NULL;
  if ((hive && !f->hive) || (key && !f->key) || (name && !f->name))
    return SCAN_ENOMEM;
  return 0;
}

int
scan_report_add_error (scan_report *r, const char *location, int code)
{
  if (code == SCAN_ECANCELED)
    {
      r->cancelled = true;
      return 0;
    }
  /* The known places are listed again by the whole-volume walk: one error per place. */
  for (size_t i = 0; i < r->n_errors; i++)
    if (r->errors[i].code == code && strcmp (r->errors[i].location, location) == 0)
      return 0;
  if (r->n_errors == MAX_ERRORS)
    {
      r->errors_dropped++;
      return 0;
    }
  char *copy = scan__strdup (location);
  if (!copy || scan__grow ((void **) &r->errors, r->n_errors, sizeof *r->errors) < 0)
    {
      free (copy);
      return SCAN_ENOMEM;
    }
  r->errors[r->n_errors++] = (scan_error_entry) { copy, code, false };
  return 0;
}

int
scan_report_add_check_error (scan_report *r, const char *check, int code)
{
  size_t before = r->n_errors;
  int rc = scan_report_add_error (r, check, code);
  if (rc == 0 && r->n_errors > before)
    r->errors[before].whole_check = true;
  return rc;
}

static int
compare_findings (const void *a, const void *b)
{
  const scan_finding *x = a, *y = b;
  if (x->severity != y->severity)
    return (int) x->severity - (int) y->severity;
  int c = strcmp (x->location, y->location);
  if (c)
    return c;
  return x->indicator->line < y->indicator->line ? -1 : x->indicator->line > y->indicator->line;
}

static int
compare_errors (const void *a, const void *b)
{
  const scan_error_entry *x = a, *y = b;
  return strcmp (x->location, y->location);
}

bool
scan_report_every_check_ran (const scan_report *r)
{
  return r->windows_dir && r->registry_read && !r->quick && !r->cancelled && r->n_errors == 0
         && r->errors_dropped == 0;
}

static void
add_reason (scan_report *r, scan_reason_code code, uint64_t n)
{
  if (r->n_reasons < sizeof r->reasons / sizeof r->reasons[0])
    r->reasons[r->n_reasons++] = (scan_reason) { .code = code, .n = n };
}

int
scan_report_decide (scan_report *r)
{
  uint64_t infected = 0, suspicious_files = 0, prefetch = 0, registry = 0, registry_maybe = 0;
  uint64_t running = 0, running_maybe = 0;
  size_t n_patches;

  /* qsort must not be given NULL, even for zero elements. */
  if (r->n_findings)
    qsort (r->findings, r->n_findings, sizeof *r->findings, compare_findings);
  if (r->n_errors)
    qsort (r->errors, r->n_errors, sizeof *r->errors, compare_errors);
  /* The kept findings and those beyond the cap: every count below is the true one. */
  uint64_t counts[SCAN__FINDING_COUNTS];
  memcpy (counts, r->findings_dropped_by, sizeof counts);
  for (size_t i = 0; i < r->n_findings; i++)
    counts[finding_count (r->findings[i].kind, r->findings[i].severity)]++;
  prefetch = counts[COUNT_PREFETCH];
  running = counts[COUNT_RUNNING];
  running_maybe = counts[COUNT_RUNNING_MAYBE];
  registry = counts[COUNT_REGISTRY];
  registry_maybe = counts[COUNT_REGISTRY_MAYBE];
  infected = counts[COUNT_INFECTED];
  suspicious_files = counts[COUNT_SUSPICIOUS_FILES];
  uint64_t errors = r->n_errors + r->errors_dropped;

  r->n_reasons = 0;
  if (running)
    add_reason (r, SCAN_REASON_RUNNING, running);
  if (infected)
    add_reason (r, SCAN_REASON_INFECTED_FILES, infected);
  if (registry)
    add_reason (r, SCAN_REASON_REGISTRY_ENTRIES, registry);
  if (registry_maybe)
    add_reason (r, SCAN_REASON_SUSPICIOUS_REGISTRY, registry_maybe);
  if (running_maybe)
    add_reason (r, SCAN_REASON_SUSPICIOUS_RUNNING, running_maybe);
  if (suspicious_files)
    add_reason (r, SCAN_REASON_SUSPICIOUS_FILES, suspicious_files);
  if (prefetch)
    add_reason (r, SCAN_REASON_PREFETCH, prefetch);
  if (errors)
    add_reason (r, SCAN_REASON_UNREADABLE, errors);
  if (r->cancelled)
    add_reason (r, SCAN_REASON_CANCELLED, 0);

  bool any_infection = running || infected || registry;
  for (size_t i = 0; i < r->n_findings; i++)
    any_infection = any_infection || r->findings[i].severity == SCAN_SEV_INFECTION;
  if (any_infection)
    r->infection = SCAN_INFECTION_INFECTED;
  else if (suspicious_files || prefetch || registry || registry_maybe || running_maybe)
    r->infection = SCAN_INFECTION_SUSPICIOUS;
  else if (errors || r->cancelled)
    r->infection = SCAN_INFECTION_INCOMPLETE;
  else
    {
      /* Clean: nothing found. "Every check ran" only when it did; a plain folder stays clean
       * (the file check is the one that applies to it), but says what was not checked. */
      r->infection = SCAN_INFECTION_CLEAN;
      add_reason (r, scan_report_every_check_ran (r) ? SCAN_REASON_NOTHING_FOUND
                                                     : SCAN_REASON_CHECKS_RAN_CLEAN,
                  0);
    }
  if (!r->windows_dir && r->target_kind != SCAN_TARGET_LIVE)
    add_reason (r, SCAN_REASON_FILES_ONLY, 0);
  if (r->quick)
    add_reason (r, SCAN_REASON_QUICK, 0);

  /* The vulnerability is the registry check's to decide; without it, it cannot be known. */
  if (!r->registry_read)
    r->vulnerability = SCAN_VULN_UNKNOWN;
  if (r->n_vuln_reasons == 0)
    add_reason (r, r->windows_dir ? SCAN_REASON_REGISTRY_NOT_READ : SCAN_REASON_NOT_WINDOWS, 0);
  for (size_t i = 0; i < r->n_vuln_reasons && r->n_reasons < 32; i++)
    r->reasons[r->n_reasons++] = r->vuln_reasons[i];

  if (!r->patch_states)
    {
      scan_rules_patches (r->rules, &n_patches);
      r->patch_states = malloc ((n_patches ? n_patches : 1) * sizeof *r->patch_states);
      if (!r->patch_states)
        return SCAN_ENOMEM;
      for (size_t i = 0; i < n_patches; i++)
        r->patch_states[i] = SCAN_PATCH_UNKNOWN;
    }
  return 0;
}

/* JSON output. */

static void
json_string (FILE *out, const char *s)
{
  const unsigned char *c = (const unsigned char *) (s ? s : "");
  const unsigned char *end = c + strlen ((const char *) c);
  fputc ('"', out);
  while (c < end)
    {
      size_t n = scan__utf8_seq_len (c, end);
      if (n == 0)
        fprintf (out, "\\\\x%02X", *c++); /* not UTF-8: the text \xNN, as scan_display_text */
      else if (*c == '"' || *c == '\\')
        fprintf (out, "\\%c", *c++);
      else if (*c < 0x20 || *c == 0x7f)
        fprintf (out, "\\u%04x", *c++);
      else
        {
          fwrite (c, 1, n, out);
          c += n;
        }
    }
  fputc ('"', out);
}

static void
json_key (FILE *out, int indent, const char *key)
{
  fprintf (out, "%*s\"%s\": ", indent, "", key);
}

static void
json_kv (FILE *out, int indent, const char *key, const char *value, bool last)
{
  json_key (out, indent, key);
  if (value)
    json_string (out, value);
  else
    fputs ("null", out);
  fputs (last ? "\n" : ",\n", out);
}

static void
json_reason (FILE *out, const scan_reason *reason)
{
  char text[512];
  const char *one, *many;
  scan_reason_text (reason->code, &one, &many);
  if (scan_reason_has_arg (reason->code))
    snprintf (text, sizeof text, one, reason->arg);
  else
    snprintf (text, sizeof text, reason->n == 1 ? one : many, (unsigned long long) reason->n);
  json_string (out, text);
}

/* "patches": one object per catalogue patch with its state in STATES (NULL: all unknown), at
 * INDENT spaces; with NAMES its bulletin and title too; LAST: no comma after the list. */
static void
json_patches (FILE *out, int indent, const scan_patch *patches, size_t n,
              const scan_patch_state *states, bool names, bool last)
{
  fprintf (out, "%*s\"patches\": [", indent, "");
  for (size_t i = 0; i < n; i++)
    {
      fprintf (out, "%s%*s{\n", i ? ",\n" : "\n", indent + 2, "");
      json_kv (out, indent + 4, "id", patches[i].id, false);
      if (names)
        {
          json_kv (out, indent + 4, "bulletin", patches[i].bulletin, false);
          json_kv (out, indent + 4, "title", patches[i].title, false);
        }
      json_kv (out, indent + 4, "status",
               scan_patch_state_name (states ? states[i] : SCAN_PATCH_UNKNOWN), true);
      fprintf (out, "%*s}", indent + 2, "");
    }
  if (n)
    fprintf (out, "\n%*s]%s\n", indent, "", last ? "" : ",");
  else
    fprintf (out, "]%s\n", last ? "" : ",");
}

int
scan_report_write_json (const scan_report *r, const char *tool_name, const char *tool_version,
                        FILE *out)
{
  return scan_report_write_json_more (r, tool_name, tool_version, NULL, NULL, out);
}

int
scan_report_write_verdict_json (const scan_report *r, int indent, FILE *out)
{
  fputs ("{\n", out);
  json_kv (out, indent + 2, "infection", scan_infection_name (r->infection), false);
  json_kv (out, indent + 2, "vulnerability", scan_vulnerability_name (r->vulnerability), false);
  fprintf (out, "%*s\"reasons\": [", indent + 2, "");
  for (size_t i = 0; i < r->n_reasons; i++)
    {
      fprintf (out, i ? ",\n%*s" : "\n%*s", indent + 4, "");
      json_reason (out, &r->reasons[i]);
    }
  if (r->n_reasons)
    fprintf (out, "\n%*s]", indent + 2, "");
  else
    fputs ("]", out);
  fprintf (out, "\n%*s}", indent, "");
  return ferror (out) ? SCAN_EIO : 0;
}

int
scan_report_write_json_more (const scan_report *r, const char *tool_name,
                             const char *tool_version, int (*more) (void *user, FILE *out),
                             void *user, FILE *out)
{
  size_t n_patches;
  const scan_patch *patches = scan_rules_patches (r->rules, &n_patches);

  fputs ("{\n  \"tool\": {\n", out);
  json_kv (out, 4, "name", tool_name, false);
  json_kv (out, 4, "version", tool_version, false);
  fputs ("    \"rules\": {\n", out);
  json_kv (out, 6, "version", scan_rules_version (r->rules), false);
  json_kv (out, 6, "sha256", scan_rules_sha256 (r->rules), false);
  json_kv (out, 6, "origin", scan_rules_origin (r->rules), true);
  fputs ("    }\n  },\n  \"target\": {\n", out);
  json_kv (out, 4, "kind", scan_target_kind_name (r->target_kind), false);
  json_kv (out, 4, "root", r->root, false);
  if (r->partition)
    {
      fprintf (out, "    \"image\": {\"partition\": %u, \"file_system\": ", r->partition);
      if (r->file_system)
        json_string (out, r->file_system);
      else
        fputs ("null", out);
      fputs ("},\n", out);
    }
  else
    fputs ("    \"image\": null,\n", out);
  json_kv (out, 4, "windows_dir", r->windows_dir, false);
  fputs ("    \"os\": {\n", out);
  json_kv (out, 6, "product", r->os_product, false);
  json_kv (out, 6, "version", r->os_version, false);
  json_kv (out, 6, "service_pack", r->os_service_pack, false);
  json_kv (out, 6, "build", r->os_build, true);
  fputs ("    },\n", out);
  fprintf (out, "    \"iis\": %s,\n", r->iis < 0 ? "null" : r->iis ? "true" : "false");
  fprintf (out, "    \"system_restore\": %s,\n",
           r->system_restore < 0 ? "null" : r->system_restore ? "\"on\"" : "\"off\"");
  fputs ("    \"windows\": [", out);
  for (size_t i = 0; i < r->n_windows; i++)
    {
      const scan_windows *w = &r->windows[i];
      fputs (i ? ",\n      {\n" : "\n      {\n", out);
      json_kv (out, 8, "windows_dir", w->windows_dir, false);
      json_kv (out, 8, "windows_location", w->windows_location, false);
      fputs ("        \"os\": {\n", out);
      json_kv (out, 10, "product", w->os_product, false);
      json_kv (out, 10, "version", w->os_version, false);
      json_kv (out, 10, "service_pack", w->os_service_pack, true);
      fputs ("        },\n", out);
      json_kv (out, 8, "infection", scan_infection_name (w->infection), false);
      json_kv (out, 8, "vulnerability", scan_vulnerability_name (w->vulnerability), false);
      /* Its own updates, by the catalogue's ids (the top-level patches[] give their names). */
      json_patches (out, 8, patches, n_patches, w->patch_states, false, true);
      fputs ("      }", out);
    }
  fputs (r->n_windows ? "\n    ]\n" : "]\n", out);
  fputs ("  },\n  \"verdict\": {\n", out);
  json_kv (out, 4, "infection", scan_infection_name (r->infection), false);
  json_kv (out, 4, "vulnerability", scan_vulnerability_name (r->vulnerability), false);
  fputs ("    \"reasons\": [", out);
  for (size_t i = 0; i < r->n_reasons; i++)
    {
      fputs (i ? ",\n      " : "\n      ", out);
      json_reason (out, &r->reasons[i]);
    }
  fputs (r->n_reasons ? "\n    ]\n  },\n" : "]\n  },\n", out);

  fputs ("  \"findings\": [", out);
  for (size_t i = 0; i < r->n_findings; i++)
    {
      const scan_finding *f = &r->findings[i];
      const scan_variant *v = f->indicator->variant;
      fputs (i ? ",\n    {\n" : "\n    {\n", out);
      json_kv (out, 6, "kind", scan_finding_kind_name (f->kind), false);
      json_kv (out, 6, "family", v ? v->family : NULL, false);
      json_kv (out, 6, "variant", v && !f->indicator->any_variant ? v->id : NULL, false);
      json_kv (out, 6, "location", f->location, false);
      json_kv (out, 6, "windows_location", f->windows_location, false);
      json_kv (out, 6, "windows_user", f->windows_user, false);
      if (f->hive)
        {
          /* A registry value or service, in parts: the hive (file, or live root key), the key
           * below it, the value's or service's name. */
          fputs ("      \"registry\": {", out);
          json_string (out, "hive");
          fputs (": ", out);
          json_string (out, f->hive);
          fputs (", \"key\": ", out);
          json_string (out, f->key);
          fputs (", \"name\": ", out);
          json_string (out, f->name);
          fputs ("},\n", out);
        }
      json_kv (out, 6, "severity", scan_severity_name (f->severity), false);
      json_kv (out, 6, "reason", scan_why_text (f->why), false);
      json_kv (out, 6, "indicator", f->indicator->name, false);
      json_key (out, 6, "confirmed");
      fputs (f->indicator->confirmed ? "true,\n" : "false,\n", out);
      json_kv (out, 6, "source", f->indicator->source, true);
      fputs ("    }", out);
    }
  fputs (r->n_findings ? "\n  ],\n" : "],\n", out);
  fprintf (out, "  \"findings_omitted\": %llu,\n", (unsigned long long) r->findings_dropped);

  json_patches (out, 2, patches, n_patches, r->patch_states, true, false);

  fputs ("  \"errors\": [", out);
  for (size_t i = 0; i < r->n_errors; i++)
    {
      fputs (i ? ",\n    {\n" : "\n    {\n", out);
      json_kv (out, 6, "location", r->errors[i].location, false);
      json_kv (out, 6, "code", scan_err_name (r->errors[i].code), false);
      json_kv (out, 6, "message", scan_strerror (r->errors[i].code), true);
      fputs ("    }", out);
    }
  fputs (r->n_errors ? "\n  ],\n" : "],\n", out);
  fprintf (out, "  \"errors_omitted\": %llu,\n", (unsigned long long) r->errors_dropped);

  fputs ("  \"stats\": {\n", out);
  fprintf (out, "    \"entries\": %llu,\n", (unsigned long long) r->entries);
  /* Not %f: a locale with a decimal comma would make that invalid JSON. */
  unsigned long long ms = (unsigned long long) (r->seconds * 1000 + 0.5);
  fprintf (out, "    \"seconds\": %llu.%03llu,\n", ms / 1000, ms % 1000);
  fprintf (out, "    \"quick\": %s,\n", r->quick ? "true" : "false");
  fprintf (out, "    \"cancelled\": %s\n", r->cancelled ? "true" : "false");
  fputs ("  }", out);
  if (more && more (user, out) < 0)
    return SCAN_EIO;
  fputs ("\n}\n", out);
  return ferror (out) ? SCAN_EIO : 0;
}

/* Names and texts. */

const char *
scan_infection_name (scan_infection v)
{
  static const char *const names[] = { "clean", "suspicious", "infected", "incomplete" };
  return names[v];
}

const char *
scan_vulnerability_name (scan_vulnerability v)
{
  static const char *const names[] = { "patched", "unpatched", "unknown" };
  return names[v];
}

const char *
scan_finding_kind_name (scan_finding_kind k)
{
  static const char *const names[]
    = { "file", "process", "mutex", "registry", "service", "port", "prefetch" };
  return names[k];
}

const char *
scan_severity_name (scan_severity s)
{
  static const char *const names[] = { "infection", "suspicious", "info" };
  return names[s];
}

const char *
scan_patch_state_name (scan_patch_state s)
{
  static const char *const names[]
    = { "installed", "missing", "included", "superseded", "unknown" };
  return names[s];
}

const char *
scan_target_kind_name (scan_target_kind k)
{
  static const char *const names[] = { "live", "offline", "folder" };
  return names[k];
}

const char *
scan_infection_label (scan_infection v)
{
  static const char *const labels[] = {
    N_ ("Clean"), N_ ("Suspicious"), N_ ("Infected"), N_ ("Not complete"),
  };
  return labels[v];
}

const char *
scan_infection_summary (scan_infection v)
{
  static const char *const summaries[] = {
    N_ ("no sign of the worm"),
    N_ ("signs of the worm that need a closer look"),
    N_ ("the worm is on this PC"),
    N_ ("some checks could not run"),
  };
  return summaries[v];
}

const char *
scan_vulnerability_label (scan_vulnerability v)
{
  static const char *const labels[] = { N_ ("Patched"), N_ ("Not patched"), N_ ("Not known") };
  return labels[v];
}

const char *
scan_vulnerability_summary (scan_vulnerability v)
{
  static const char *const summaries[] = {
    N_ ("the hole the worm uses is closed"),
    N_ ("the update that closes the hole the worm uses is missing"),
    N_ ("the check could not find out whether the hole the worm uses is closed"),
  };
  return summaries[v];
}

const char *
scan_severity_text (scan_severity s)
{
  static const char *const texts[] = { N_ ("infection"), N_ ("suspicious"), N_ ("note") };
  return texts[s];
}

const char *
scan_finding_kind_text (scan_finding_kind k)
{
  static const char *const texts[] = {
    N_ ("file"),         N_ ("running program"), N_ ("mutex"),          N_ ("registry value"),
    N_ ("service"),      N_ ("open port"),       N_ ("Prefetch entry"),
  };
  return texts[k];
}

const char *
scan_patch_state_text (scan_patch_state s)
{
  static const char *const texts[] = {
    N_ ("installed"),
    N_ ("missing"),
    N_ ("included in the service pack"),
    N_ ("replaced by a later update"),
    N_ ("unknown"),
  };
  return texts[s];
}

const char *
scan_why_text (scan_why why)
{
  return why < SCAN_WHY__COUNT ? why_texts[why] : "";
}

void
scan_reason_text (scan_reason_code code, const char **singular, const char **plural)
{
  *singular = reason_texts[code].singular;
  *plural = reason_texts[code].plural;
}

char *
scan_display_text (const char *s)
{
  scan__buf out = { 0 };
  const unsigned char *c = (const unsigned char *) s;
  const unsigned char *end = c + strlen (s);
  char hex[5];

  if (scan__buf_append (&out, "", 0) < 0)
    return NULL;
  while (c < end)
    {
      size_t n = scan__utf8_seq_len (c, end);
      int rc;
      if (n == 0 || *c < 0x20 || *c == 0x7f)
        {
          snprintf (hex, sizeof hex, "\\x%02X", *c);
          rc = scan__buf_append (&out, hex, 4);
          n = 1;
        }
      else
        rc = scan__buf_append (&out, (const char *) c, n);
      if (rc < 0)
        {
          scan__buf_free (&out);
          return NULL;
        }
      c += n;
    }
  return out.data;
}
