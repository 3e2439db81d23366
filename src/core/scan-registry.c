/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The registry checks. Every fact comes from the catalogue (data/rules/) or from
 * shared/advisory/blaster-facts.md §3: the Updates keys, CSDVersion, W3SVC, DisableSR.
 */
#include "scan-registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-private.h"

#define RUN_KEY "Microsoft\\Windows\\CurrentVersion\\Run"
#define RUNONCE_KEY "Microsoft\\Windows\\CurrentVersion\\RunOnce"
#define CURRENT_VERSION_KEY "Microsoft\\Windows NT\\CurrentVersion"
#define SYSTEM_RESTORE_KEY "Microsoft\\Windows NT\\CurrentVersion\\SystemRestore"
#define UPDATES_KEY "Microsoft\\Updates"

typedef struct
{
  const scan_registry_ops *ops;
  const scan_rules *rules;
  scan_report *report;
  /* Between a hive and a key in locations: "…\config\SOFTWARE: Microsoft\…" for a hive file,
   * "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\…" for the live registry. */
  const char *join;
  /* The live registry's control set is CurrentControlSet; a hive file's is in Select. */
  bool live;
  const scan_os_facts *os; /* the running Windows's own version (live), or NULL */
  int fatal;
  /* For a hive file, how the checked Windows names the hive being read (see
   * windows_registry_location): its root key, the user whose NTUSER.DAT it is, and the control
   * set Select\Current names (empty when Select could not tell). */
  const char *win_root;
  const char *win_user;
  char win_current_set[32];
  /* A hive file's volume: every folder and hive below its root (the first ROOT_LEN bytes of each
   * path) is opened one step at a time from the root (open_below), never by its full name. */
  const scan_fs_ops *fs;
  char sep;
  size_t root_len;
  /* Asked every CANCEL_EVERY services or values; nonzero stops the check (SCAN_ECANCELED). */
  int (*cancel) (void *user);
  void *cancel_user;
  unsigned cancel_count;
} checker;

enum
{
  CANCEL_EVERY = 256,
};

/* Whether the front end asked to stop: asks it every CANCEL_EVERY calls (and sets c->fatal). */
static bool
cancelled (checker *c)
{
  if (c->fatal)
    return true;
  if (!c->cancel || c->cancel_count++ % CANCEL_EVERY != 0)
    return false;
  if (c->cancel (c->cancel_user))
    c->fatal = SCAN_ECANCELED;
  return c->fatal != 0;
}

void
scan_reg_values_free (scan_reg_value *values, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      free (values[i].name);
      free (values[i].text);
    }
  free (values);
}

void
scan_reg_names_free (char **names, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free (names[i]);
  free (names);
}

/* Case-insensitive (ASCII) substring search: registry data such as "C:\WINDOWS\system32\
 * msblast.exe" or "%SystemRoot%\System32\wins\dllhost.exe" names the program in any case. */
static bool
contains_nocase (const char *haystack, const char *needle)
{
  size_t n = strlen (needle), h = strlen (haystack);
  for (size_t i = 0; n <= h && i <= h - n; i++)
    if (scan__eq_nocase (haystack + i, n, needle, n))
      return true;
  return false;
}

/* Whether DATA (a command line or image path) names the file FOLDER/NAME of the catalogue,
 * e.g. "system32/wins" + "dllhost.exe" in "%SystemRoot%\System32\wins\dllhost.exe". */
static bool
names_worm_path (const char *data, const char *folder, const char *name)
{
  char want[512];
  int n = snprintf (want, sizeof want, "\\%s\\%s", folder, name);
  if (n < 0 || (size_t) n >= sizeof want)
    return false;
  for (char *c = want; *c; c++)
    if (*c == '/')
      *c = '\\';
  return contains_nocase (data, want);
}

static const char *
value_text (const scan_reg_value *values, size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (values[i].text && scan__eq_nocase (values[i].name, strlen (values[i].name), name,
                                           strlen (name)))
      return values[i].text;
  return NULL;
}

static const scan_reg_value *
value_named (const scan_reg_value *values, size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (scan__eq_nocase (values[i].name, strlen (values[i].name), name, strlen (name)))
      return &values[i];
  return NULL;
}

static void
add_error (checker *c, const char *hive_path, const char *key, int rc)
{
  char location[4096];
  if (rc == SCAN_ENOMEM)
    {
      c->fatal = SCAN_ENOMEM;
      return;
    }
  snprintf (location, sizeof location, "%s%s%s", hive_path, key && *key ? c->join : "",
            key ? key : "");
  if (scan_report_add_error (c->report, location, rc) < 0)
    c->fatal = SCAN_ENOMEM;
}

/*
 * KEY\NAME of a hive file as the checked Windows names it, in Registry Editor's words, into OUT:
 * - SOFTWARE and SYSTEM are HKEY_LOCAL_MACHINE\SOFTWARE and HKEY_LOCAL_MACHINE\SYSTEM;
 * - the control set Select\Current names is CurrentControlSet, the name Registry Editor shows and
 *   the advice uses; any other ControlSet00N (or one Select could not confirm) keeps its name;
 * - a user's NTUSER.DAT is HKEY_CURRENT_USER when that user is logged on: the finding says which
 *   user (windows_user) by the profile folder the hive is in, "Documents and Settings\NAME",
 *   which Windows names after the user's logon name when it creates the profile. A SID would be
 *   exact but means nothing to the person at the PC, and a hive file does not hold its own.
 * A live check reads the registry by these names already: its location is the name.
 */
static void
windows_registry_location (const checker *c, const char *location, const char *key,
                           const char *name, char *out, size_t size)
{
  size_t set_len = strlen (c->win_current_set);
  if (c->live || !c->win_root)
    {
      snprintf (out, size, "%s", location);
      return;
    }
  if (set_len && strlen (key) >= set_len
      && scan__eq_nocase (key, set_len, c->win_current_set, set_len)
      && (key[set_len] == '\\' || key[set_len] == '\0'))
    {
      snprintf (out, size, "%s\\CurrentControlSet%s\\%s", c->win_root, key + set_len, name);
      return;
    }
  snprintf (out, size, "%s\\%s\\%s", c->win_root, key, name);
}

static void
add_finding (checker *c, scan_finding_kind kind, scan_severity severity, scan_why why,
             const scan_indicator *ind, const char *hive_path, const char *key, const char *name)
{
  char location[4096], windows_location[4096];
  snprintf (location, sizeof location, "%s%s%s\\%s", hive_path, c->join, key, name);
  windows_registry_location (c, location, key, name, windows_location, sizeof windows_location);
  if (scan_report_add_registry_finding (c->report, kind, severity, why, ind, location,
                                        windows_location, c->live ? NULL : c->win_user,
                                        hive_path, key, name)
      < 0)
    c->fatal = SCAN_ENOMEM;
}

/* Whether a real Windows program has NAME (dllhost.exe, svchost.exe). */
static bool
legit_name (const scan_rules *rules, const char *name)
{
  const scan_indicator *const *m = scan_rules_match_name (rules, name, strlen (name));
  for (; m && *m; m++)
    if ((*m)->kind == SCAN_IND_LEGIT)
      return true;
  return false;
}

/* Run and RunOnce: a value the worm sets (its name and its program), or any value that starts a
 * worm program by its name. */
static void
check_run_key (checker *c, scan_hive *hive, const char *hive_path, const char *key)
{
  scan_reg_value *values = NULL;
  size_t n = 0, n_inds;
  const scan_indicator *inds = scan_rules_indicators (c->rules, &n_inds);
  int rc = c->ops->values (hive, key, &values, &n);

  if (rc == SCAN_ENOENT)
    return;
  if (rc < 0)
    {
      add_error (c, hive_path, key, rc);
      return;
    }
  for (size_t v = 0; v < n && !cancelled (c); v++)
    {
      const scan_reg_value *value = &values[v];
      if (!value->text)
        continue;
      const scan_indicator *match = NULL, *by_program = NULL;
      bool in_worm_folder = false;
      for (size_t i = 0; i < n_inds && !match; i++)
        {
          const scan_indicator *ind = &inds[i];
          if (ind->kind == SCAN_IND_RUN && contains_nocase (value->text, ind->data)
              && scan__eq_nocase (value->name, strlen (value->name), ind->name, strlen (ind->name)))
            match = ind;
          else if (ind->kind == SCAN_IND_FILE && !in_worm_folder
                   && contains_nocase (value->text, ind->name))
            {
              /* Started from the worm's own folder: as strong as a service running it. A real
               * Windows name (svchost.exe) elsewhere means nothing; a worm-only name
               * (msblast.exe) is worth a look wherever it is started from. Every entry of the
               * name is tried: svchost.exe is Welchia's in two folders. */
              if (names_worm_path (value->text, ind->folder, ind->name))
                by_program = ind, in_worm_folder = true;
              else if (!by_program && !legit_name (c->rules, ind->name))
                by_program = ind;
            }
        }
      if (match)
        add_finding (c, SCAN_FINDING_REGISTRY,
                     match->confirmed ? SCAN_SEV_INFECTION : SCAN_SEV_SUSPICIOUS,
                     match->confirmed ? SCAN_WHY_RUN_VALUE : SCAN_WHY_RUN_VALUE_UNCONFIRMED, match,
                     hive_path, key, value->name);
      else if (by_program)
        add_finding (c, SCAN_FINDING_REGISTRY,
                     in_worm_folder && by_program->confirmed ? SCAN_SEV_INFECTION
                                                             : SCAN_SEV_SUSPICIOUS,
                     SCAN_WHY_RUN_PROGRAM, by_program, hive_path, key, value->name);
    }
  scan_reg_values_free (values, n);
}

static void
check_run_keys (checker *c, scan_hive *hive, const char *hive_path, const char *prefix)
{
  char key[256];
  snprintf (key, sizeof key, "%s%s", prefix, RUN_KEY);
  check_run_key (c, hive, hive_path, key);
  snprintf (key, sizeof key, "%s%s", prefix, RUNONCE_KEY);
  check_run_key (c, hive, hive_path, key);
}

/* The machine's Run keys, and on 64-bit Windows those of its 32-bit programs (Wow6432Node). */
static void
check_machine_run_keys (checker *c, scan_hive *software, const char *hive_path)
{
  check_run_keys (c, software, hive_path, "");
  check_run_keys (c, software, hive_path, "Wow6432Node\\");
}

/* The control set Windows boots with: SYSTEM\Select\Current names ControlSet00N. */
static void
current_control_set (checker *c, scan_hive *system, const char *hive_path, char *out, size_t size)
{
  scan_reg_value *values = NULL;
  size_t n = 0;
  unsigned current = 1;
  if (c->live)
    {
      snprintf (out, size, "CurrentControlSet");
      return;
    }
  int rc = c->ops->values (system, "Select", &values, &n);
  if (rc == 0)
    {
      const scan_reg_value *v = value_named (values, n, "Current");
      if (v && v->type == SCAN_REG_DWORD && v->dword >= 1 && v->dword <= 999)
        {
          current = v->dword;
          snprintf (c->win_current_set, sizeof c->win_current_set, "ControlSet%03u", current);
        }
      scan_reg_values_free (values, n);
    }
  else if (rc != SCAN_ENOENT)
    add_error (c, hive_path, "Select", rc);
  snprintf (out, size, "ControlSet%03u", current);
}

/* One service of the services walk. */
typedef struct
{
  checker *c;
  const char *hive_path;
  const char *services_key;
  const scan_indicator *inds;
  size_t n_inds;
} services_walk;

static int
check_service (void *user, const char *service, const scan_reg_value *values, size_t n, int rc)
{
  services_walk *w = user;
  checker *c = w->c;
  const scan_indicator *inds = w->inds;
  size_t len = strlen (service);

  if (cancelled (c))
    return c->fatal;
  if (scan__eq_nocase (service, len, "W3SVC", 5))
    c->report->iis = 1;
  if (rc < 0 && rc != SCAN_ENOENT)
    {
      char key[1024]; /* a key name is at most 255 UTF-16 units: 765 bytes of UTF-8 */
      snprintf (key, sizeof key, "%s\%s", w->services_key, service);
      add_error (c, w->hive_path, key, rc);
      return c->fatal;
    }
  const scan_indicator *match = NULL, *by_image = NULL;
  for (size_t i = 0; i < w->n_inds && !match; i++)
    if (inds[i].kind == SCAN_IND_SERVICE
        && scan__eq_nocase (service, len, inds[i].name, strlen (inds[i].name)))
      match = &inds[i];
  const char *image = value_text (values, n, "ImagePath");
  for (size_t i = 0; i < w->n_inds && image && !by_image; i++)
    if (inds[i].kind == SCAN_IND_FILE && names_worm_path (image, inds[i].folder, inds[i].name))
      by_image = &inds[i];
  if (match)
    add_finding (c, SCAN_FINDING_SERVICE,
                 match->confirmed ? SCAN_SEV_INFECTION : SCAN_SEV_SUSPICIOUS, SCAN_WHY_SERVICE,
                 match, w->hive_path, w->services_key, service);
  else if (by_image)
    add_finding (c, SCAN_FINDING_SERVICE, SCAN_SEV_INFECTION, SCAN_WHY_SERVICE_IMAGE, by_image,
                 w->hive_path, w->services_key, service);
  return c->fatal;
}

/* Services: the worm's own (RpcPatch, RpcTftpd, WksPatch), or any whose image is a worm file in
 * the worm's folder; and whether IIS (W3SVC) is installed. The Services key is walked once: a
 * hive of 60,000 services takes moments, not minutes, and a cancel stops it. */
static void
check_services (checker *c, scan_hive *system, const char *hive_path)
{
  char control_set[32], services_key[64];
  services_walk w = { .c = c, .hive_path = hive_path, .services_key = services_key };
  w.inds = scan_rules_indicators (c->rules, &w.n_inds);

  current_control_set (c, system, hive_path, control_set, sizeof control_set);
  snprintf (services_key, sizeof services_key, "%s\\Services", control_set);
  if (c->ops->each_subkey)
    {
      c->report->iis = 0;
      int rc = c->ops->each_subkey (system, services_key, check_service, &w);
      if (rc < 0 && !c->fatal)
        {
          c->report->iis = -1;
          add_error (c, hive_path, services_key, rc);
        }
      return;
    }

  char **names = NULL;
  size_t n_names = 0;
  int rc = c->ops->subkeys (system, services_key, &names, &n_names);
  if (rc < 0)
    {
      add_error (c, hive_path, services_key, rc);
      return;
    }
  c->report->iis = 0;
  for (size_t s = 0; s < n_names && !c->fatal; s++)
    {
      char key[1024];
      scan_reg_value *values = NULL;
      size_t n = 0;
      snprintf (key, sizeof key, "%s\\%s", services_key, names[s]);
      rc = c->ops->values (system, key, &values, &n);
      check_service (&w, names[s], values, n, rc);
      scan_reg_values_free (values, n);
    }
  scan_reg_names_free (names, n_names);
}

static char *
dup_or_null (const char *s)
{
  return s ? scan__strdup (s) : NULL;
}

/* The Windows of SOFTWARE\Microsoft\Windows NT\CurrentVersion: "5.1" is XP, and so on. */
static int
read_os (checker *c, scan_hive *software, const char *hive_path, unsigned *sp)
{
  scan_reg_value *values = NULL;
  size_t n = 0;
  int os = -1;
  int rc = c->ops->values (software, CURRENT_VERSION_KEY, &values, &n);

  *sp = 0;
  if (rc < 0)
    {
      if (rc == SCAN_ENOENT)
        return -1;
      add_error (c, hive_path, CURRENT_VERSION_KEY, rc);
      return -2;
    }
  const char *version = value_text (values, n, "CurrentVersion");
  const char *csd = value_text (values, n, "CSDVersion");
  scan_report *r = c->report;
  const char *product = value_text (values, n, "ProductName");
  const char *build = value_text (values, n, "CurrentBuildNumber");
  if (c->os)
    {
      /* The running Windows says its version itself: the registry's CurrentVersion stays
       * "6.3" on Windows 10, and a service pack's CSDVersion can lag behind. */
      version = c->os->version;
      csd = c->os->service_pack[0] ? c->os->service_pack : NULL;
      build = c->os->build[0] ? c->os->build : build;
    }
  r->os_product = dup_or_null (product);
  r->os_version = dup_or_null (version);
  r->os_service_pack = dup_or_null (csd);
  r->os_build = dup_or_null (build);
  if ((product && !r->os_product) || (version && !r->os_version) || (csd && !r->os_service_pack)
      || (build && !r->os_build))
    {
      c->fatal = SCAN_ENOMEM;
      scan_reg_values_free (values, n);
      return -2;
    }
  /* CSDVersion reads "Service Pack 2"; hotfixes have written odd strings ("Service Pack 3 RC
   * 1.32"), so only the first number after the words counts. */
  if (csd && contains_nocase (csd, "Service Pack "))
    {
      const char *digits = csd;
      while (*digits && (*digits < '0' || *digits > '9'))
        digits++;
      *sp = (unsigned) strtoul (digits, NULL, 10);
    }
  if (version)
    {
      static const struct { const char *version; scan_os os; } versions[] = {
        { "4.0", SCAN_OS_NT4 }, { "5.0", SCAN_OS_WIN2000 }, { "5.1", SCAN_OS_WINXP },
        { "5.2", SCAN_OS_WIN2003 },
      };
      for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
        if (strcmp (version, versions[i].version) == 0)
          os = (int) versions[i].os;
    }
  scan_reg_values_free (values, n);
  return os;
}

static bool
key_exists (checker *c, scan_hive *hive, const char *hive_path, const char *key)
{
  scan_reg_value *values = NULL;
  size_t n = 0;
  int rc = c->ops->values (hive, key, &values, &n);
  if (rc == 0)
    scan_reg_values_free (values, n);
  else if (rc != SCAN_ENOENT)
    add_error (c, hive_path, key, rc);
  return rc == 0;
}

static const char *
os_label (scan_os os)
{
  switch (os)
    {
    case SCAN_OS_NT4: return "Windows NT 4.0";
    case SCAN_OS_WIN2000: return "Windows 2000";
    case SCAN_OS_WINXP: return "Windows XP";
    case SCAN_OS_WIN2003: default: return "Windows Server 2003";
    }
}

/* Each patch: installed (its Updates key), included (the service pack has it), superseded (a
 * later update that includes it is there), missing — then the vulnerability from the patches
 * that close the worm's hole (fixes=rpc). */
static void
check_patches (checker *c, scan_hive *software, const char *hive_path)
{
  scan_report *r = c->report;
  size_t n_patches;
  const scan_patch *patches = scan_rules_patches (c->rules, &n_patches);
  unsigned sp = 0;
  int os = read_os (c, software, hive_path, &sp);
  char label[96];

  if (!r->patch_states)
    {
      r->patch_states = malloc ((n_patches ? n_patches : 1) * sizeof *r->patch_states);
      if (!r->patch_states)
        {
          c->fatal = SCAN_ENOMEM;
          return;
        }
    }
  for (size_t i = 0; i < n_patches; i++)
    r->patch_states[i] = SCAN_PATCH_UNKNOWN;
  r->registry_read = true;
  r->vulnerability = SCAN_VULN_UNKNOWN;

  if (os == -2)
    {
      r->registry_read = false;
      scan_report_add_vulnerability_reason (r, SCAN_REASON_REGISTRY_UNREADABLE, NULL);
      return;
    }
  if (os < 0)
    {
      if (r->os_product)
        scan_report_add_vulnerability_reason (r, SCAN_REASON_OS_NOT_COVERED, r->os_product);
      else
        scan_report_add_vulnerability_reason (r, SCAN_REASON_OS_UNKNOWN, NULL);
      return;
    }
  snprintf (label, sizeof label, sp ? "%s Service Pack %u" : "%s", os_label ((scan_os) os), sp);

  for (size_t i = 0; i < n_patches; i++)
    {
      const scan_patch *p = &patches[i];
      bool installed = false;
      for (const char **key = p->keys[os]; key && *key && !installed; key++)
        {
          char path[1024];
          if (snprintf (path, sizeof path, "%s\\%s", UPDATES_KEY, *key) < (int) sizeof path)
            installed = key_exists (c, software, hive_path, path);
        }
      if (installed)
        r->patch_states[i] = SCAN_PATCH_INSTALLED;
      else if (p->included_in_sp[os] && sp >= p->included_in_sp[os])
        r->patch_states[i] = SCAN_PATCH_INCLUDED;
      else if (p->keys[os])
        r->patch_states[i] = SCAN_PATCH_MISSING;
    }
  /* A later update counts for the ones it replaces: a second pass, in catalogue order. */
  for (size_t i = 0; i < n_patches; i++)
    if (r->patch_states[i] == SCAN_PATCH_MISSING || r->patch_states[i] == SCAN_PATCH_UNKNOWN)
      for (const scan_patch **by = patches[i].superseded_by; by && *by; by++)
        {
          size_t j = (size_t) (*by - patches);
          if (r->patch_states[j] == SCAN_PATCH_INSTALLED || r->patch_states[j] == SCAN_PATCH_INCLUDED)
            r->patch_states[i] = SCAN_PATCH_SUPERSEDED;
        }

  /* "Not patched" only when every way of being patched was looked for: each update that closes
   * the worm's hole (fixes=rpc: MS03-026, MS03-039, MS04-012) has a key for this Windows that
   * was not there, and the service pack includes none. An update the sources give no key for
   * (NT 4.0's) could be installed unseen: then the answer is "not known". */
  bool covered = false, any_rpc = false, all_looked_for = true;
  for (size_t i = 0; i < n_patches; i++)
    {
      if (!patches[i].fixes || strcmp (patches[i].fixes, "rpc") != 0)
        continue;
      any_rpc = true;
      all_looked_for = all_looked_for && patches[i].keys[os];
      char arg[96];
      snprintf (arg, sizeof arg, "%s (%s)", patches[i].id, patches[i].bulletin);
      switch (r->patch_states[i])
        {
        case SCAN_PATCH_INSTALLED:
          covered = true;
          scan_report_add_vulnerability_reason (r, SCAN_REASON_PATCH_INSTALLED, arg);
          break;
        case SCAN_PATCH_INCLUDED:
          if (!covered)
            scan_report_add_vulnerability_reason (r, SCAN_REASON_PATCH_INCLUDED, label);
          covered = true;
          break;
        default:
          break;
        }
    }
  if (covered)
    r->vulnerability = SCAN_VULN_PATCHED;
  else if (any_rpc && all_looked_for)
    {
      r->vulnerability = SCAN_VULN_UNPATCHED;
      scan_report_add_vulnerability_reason (r, SCAN_REASON_PATCH_MISSING, label);
    }
  else
    scan_report_add_vulnerability_reason (r, SCAN_REASON_OS_NOT_COVERED, label);
}

static void
check_system_restore (checker *c, scan_hive *software)
{
  scan_reg_value *values = NULL;
  size_t n = 0;
  if (c->ops->values (software, SYSTEM_RESTORE_KEY, &values, &n) < 0)
    return;
  const scan_reg_value *v = value_named (values, n, "DisableSR");
  if (v && v->type == SCAN_REG_DWORD)
    c->report->system_restore = v->dword ? 0 : 1;
  else
    c->report->system_restore = 1; /* the key without DisableSR: System Restore is on */
  scan_reg_values_free (values, n);
}

/* Finding hive files. */

/*
 * Opens the folder PATH of C's volume one step at a time from the root, each folder a child of
 * the one before (open_child): a link or another mount on the way (a bind mount over
 * system32\config, a Documents and Settings that leads off the disk) is refused as the walk
 * refuses it, and a folder swapped for a link after it was listed is not followed.
 */
static int
open_below (const checker *c, const char *path, scan_dir **out)
{
  scan_node_id id;
  size_t len = strlen (path), root_len = c->root_len < len ? c->root_len : len;
  char *root = scan__strndup (path, root_len);
  *out = NULL;
  if (!root)
    return SCAN_ENOMEM;
  int rc = c->fs->open_root (root, out, &id);
  free (root);
  for (const char *part = path + root_len; rc == 0 && *part;)
    {
      while (*part == c->sep)
        part++;
      size_t n = strcspn (part, (char[]) { c->sep, '\0' });
      if (n == 0)
        break;
      char name[1024];
      scan_dir *child = NULL;
      if (n >= sizeof name)
        rc = SCAN_ENAMETOOLONG;
      else
        {
          memcpy (name, part, n);
          name[n] = '\0';
          rc = c->fs->open_child (*out, name, &child, &id);
        }
      c->fs->close (*out);
      *out = child;
      part += n;
    }
  return rc;
}

/* The full paths of every entry of TYPE named NAME in any case in FOLDER, each with its NUL, into
 * OUT: a Windows folder copied to a case-sensitive disk can hold both system32 and System32, and
 * for Windows they are one folder. 0 or SCAN_E… (OUT keeps what was read before an error). */
static int
list_twins (const checker *c, const char *folder, const char *name, scan_ent_type type,
            scan__buf *out)
{
  const scan_fs_ops *fs = c->fs;
  char sep = c->sep;
  scan_dir *dir = NULL;
  scan_dirent ent;
  size_t n = strlen (folder);
  bool add_sep = n && folder[n - 1] != sep;
  int rc = open_below (c, folder, &dir);

  if (rc < 0)
    return rc;
  while ((rc = fs->read (dir, &ent)) > 0)
    if (ent.type == type && scan__eq_nocase (ent.name, ent.len, name, strlen (name))
        && (scan__buf_append (out, folder, n) < 0 || (add_sep && scan__buf_append (out, &sep, 1) < 0)
            || scan__buf_append (out, ent.name, ent.len + 1) < 0))
      {
        rc = SCAN_ENOMEM;
        break;
      }
  fs->close (dir);
  return rc;
}

/* A link or a pipe, device… named NAME (any case) in FOLDER, where a hive file was looked for:
 * SCAN_ELINK or SCAN_ENOTREG with *PATH its full path, or 0. Such a hive was not read, and the
 * report says so instead of "no such file". */
static int
find_odd_hive (const checker *c, const char *folder, const char *name, char **path)
{
  const scan_fs_ops *fs = c->fs;
  char sep = c->sep;
  scan_dir *dir = NULL;
  scan_dirent ent;
  scan__buf found = { 0 };
  size_t n = strlen (folder);
  int rc = 0;

  *path = NULL;
  if (open_below (c, folder, &dir) < 0)
    return 0;
  while (rc == 0 && fs->read (dir, &ent) > 0)
    if ((ent.type == SCAN_ENT_LINK || ent.type == SCAN_ENT_OTHER)
        && scan__eq_nocase (ent.name, ent.len, name, strlen (name)))
      {
        rc = ent.type == SCAN_ENT_LINK ? SCAN_ELINK : SCAN_ENOTREG;
        if (scan__buf_append (&found, folder, n) < 0
            || (n && folder[n - 1] != sep && scan__buf_append (&found, &sep, 1) < 0)
            || scan__buf_append (&found, ent.name, ent.len) < 0)
          rc = SCAN_ENOMEM;
      }
  fs->close (dir);
  if (rc < 0 && rc != SCAN_ENOMEM)
    *path = found.data;
  else
    scan__buf_free (&found);
  return rc;
}

/* Follows NAMES (a NULL-terminated list, any case, never through a link) from FROM; the last is
 * of LAST_TYPE. Every twin on the way is tried (list_twins) until one leads to the end: the
 * first that does is returned. On failure *RC says why and *FAILED (when not NULL) receives the
 * first folder that could not be read, or NULL when something was simply not there. */
static char *
find_path (const checker *c, const char *from, const char *const *names, scan_ent_type last_type,
           int *rc, char **failed)
{
  scan__buf twins = { 0 };
  char *found = NULL, *first_failed = NULL;
  int first_rc = 0, lrc;

  *rc = 0;
  if (failed)
    *failed = NULL;
  if (!*names)
    {
      if (!(found = scan__strdup (from)))
        *rc = SCAN_ENOMEM;
      return found;
    }
  lrc = list_twins (c, from, names[0], names[1] ? SCAN_ENT_DIR : last_type, &twins);
  if (lrc == SCAN_ENOMEM)
    {
      scan__buf_free (&twins);
      *rc = lrc;
      return NULL;
    }
  if (lrc < 0)
    {
      first_rc = lrc;
      if (failed && !(first_failed = scan__strdup (from)))
        first_rc = SCAN_ENOMEM;
    }
  else if (twins.len == 0 && !names[1] && last_type == SCAN_ENT_FILE && failed)
    first_rc = find_odd_hive (c, from, names[0], &first_failed);
  for (size_t off = 0; !found && first_rc != SCAN_ENOMEM && off < twins.len;
       off += strlen (twins.data + off) + 1)
    {
      char *child_failed = NULL;
      int crc;
      found = find_path (c, twins.data + off, names + 1, last_type, &crc,
                         failed ? &child_failed : NULL);
      if (crc == SCAN_ENOMEM || (crc < 0 && first_rc == 0))
        {
          first_rc = crc;
          free (first_failed);
          first_failed = child_failed;
        }
      else
        free (child_failed);
    }
  scan__buf_free (&twins);
  if (found)
    {
      free (first_failed);
      return found;
    }
  *rc = first_rc;
  if (failed)
    *failed = first_failed;
  else
    free (first_failed);
  return NULL;
}

static void
check_hive (checker *c, const char *windows_dir, const char *name,
            void (*check) (checker *, scan_hive *, const char *))
{
  static const char *const config[] = { "system32", "config", NULL, NULL };
  const char *names[4] = { config[0], config[1], name, NULL };
  int rc;
  char *failed = NULL;
  if (c->fatal)
    return;
  char sep = c->sep;
  char *path = find_path (c, windows_dir, names, SCAN_ENT_FILE, &rc, &failed);
  scan_hive *hive = NULL;

  if (!path)
    {
      if (rc == SCAN_ENOMEM)
        c->fatal = rc;
      else if (failed) /* a folder on the way could not be read: the walk reports it too */
        add_error (c, failed, NULL, rc);
      else
        {
          char location[4096];
          snprintf (location, sizeof location, "%s%csystem32%cconfig%c%s", windows_dir, sep, sep,
                    sep, name);
          add_error (c, location, NULL, SCAN_ENOENT);
        }
      free (failed);
      return;
    }
  rc = c->ops->open (path, c->root_len, &hive);
  if (rc < 0)
    add_error (c, path, NULL, rc);
  else
    {
      char win_root[64];
      snprintf (win_root, sizeof win_root, "HKEY_LOCAL_MACHINE\\%s", name);
      c->win_root = win_root;
      check (c, hive, path);
      c->win_root = NULL;
      c->ops->close (hive);
    }
  free (path);
}

static void
check_software (checker *c, scan_hive *software, const char *path)
{
  check_machine_run_keys (c, software, path);
  check_patches (c, software, path);
  check_system_restore (c, software);
}

static void
check_system (checker *c, scan_hive *system, const char *path)
{
  check_services (c, system, path);
}

static void
check_user (checker *c, scan_hive *user, const char *path)
{
  check_run_keys (c, user, path, "Software\\");
}

/* Every user's NTUSER.DAT under "Documents and Settings" (2000, XP) or "Users" (later). */
static void
check_users (checker *c, const char *root)
{
  const scan_fs_ops *fs = c->fs;
  char sep = c->sep;
  static const char *const homes[] = { "Documents and Settings", "Users" };
  scan__buf home_list = { 0 };
  for (size_t h = 0; h < 2 && !c->fatal; h++)
    {
      int rc = list_twins (c, root, homes[h], SCAN_ENT_DIR, &home_list);
      if (rc < 0)
        add_error (c, root, NULL, rc);
    }
  /* Every twin of the folder (Documents and Settings, documents and settings): each user's hive
   * in any of them. */
  for (size_t home_off = 0; home_off < home_list.len && !c->fatal;
       home_off += strlen (home_list.data + home_off) + 1)
    {
      int rc;
      char *failed = NULL;
      char *home = scan__strdup (home_list.data + home_off);
      scan_dir *dir = NULL;
      scan_dirent ent;
      if (!home)
        {
          c->fatal = SCAN_ENOMEM;
          break;
        }
      if ((rc = open_below (c, home, &dir)) < 0)
        {
          add_error (c, home, NULL, rc); /* the users' hives cannot be found: say so */
          free (home);
          continue;
        }
      /* The user folders' names first: reading a folder and opening files in it interleave badly
       * on some file systems. */
      scan__buf users = { 0 };
      while ((rc = fs->read (dir, &ent)) > 0)
        if (ent.type == SCAN_ENT_DIR && scan__buf_append (&users, ent.name, ent.len + 1) < 0)
          c->fatal = SCAN_ENOMEM;
      fs->close (dir);
      if (rc < 0)
        add_error (c, home, NULL, rc);
      for (size_t off = 0; off < users.len && !c->fatal; off += strlen (users.data + off) + 1)
        {
          /* The user's own folder by its exact name: "alice" and "Alice" are two users here. */
          const char *hive_name[] = { "NTUSER.DAT", NULL };
          const char *user = users.data + off;
          size_t home_len = strlen (home);
          if (cancelled (c))
            break;
          scan__buf user_dir = { 0 };
          char *path = NULL;
          if (scan__buf_append (&user_dir, home, home_len) < 0
              || (home_len && home[home_len - 1] != sep && scan__buf_append (&user_dir, &sep, 1) < 0)
              || scan__buf_append (&user_dir, user, strlen (user)) < 0)
            {
              scan__buf_free (&user_dir);
              c->fatal = SCAN_ENOMEM;
              break;
            }
          path = find_path (c, user_dir.data, hive_name, SCAN_ENT_FILE, &rc, &failed);
          scan__buf_free (&user_dir);
          scan_hive *hive = NULL;
          if (!path)
            {
              /* "All Users", "Default User" have no hive: nothing to read. A user folder that
               * cannot be opened may hide one: that is said. */
              if (failed)
                add_error (c, failed, NULL, rc);
              free (failed);
              continue;
            }
          rc = c->ops->open (path, c->root_len, &hive);
          if (rc < 0)
            add_error (c, path, NULL, rc);
          else
            {
              c->win_root = "HKEY_CURRENT_USER";
              c->win_user = users.data + off;
              check_user (c, hive, path);
              c->win_root = c->win_user = NULL;
              c->ops->close (hive);
            }
          free (path);
        }
      scan__buf_free (&users);
      free (home);
    }
  scan__buf_free (&home_list);
}

int
scan_registry_check_offline (const scan_registry_ops *ops, const scan_fs_ops *fs, char separator,
                             const char *root, const char *windows_dir, const scan_rules *rules,
                             scan_report *report)
{
  return scan_registry_check_offline_cancellable (ops, fs, separator, root, windows_dir, rules,
                                                  report, NULL, NULL);
}

int
scan_registry_check_offline_cancellable (const scan_registry_ops *ops, const scan_fs_ops *fs,
                                         char separator, const char *root,
                                         const char *windows_dir, const scan_rules *rules,
                                         scan_report *report, int (*cancel) (void *user),
                                         void *user)
{
  checker c = { .ops = ops, .rules = rules, .report = report, .join = ": ", .cancel = cancel,
                .cancel_user = user, .fs = fs, .sep = separator,
                .root_len = scan__root_length (root, separator) };
  size_t errors = report->n_errors;

  check_hive (&c, windows_dir, "SOFTWARE", check_software);
  check_hive (&c, windows_dir, "SYSTEM", check_system);
  check_users (&c, root);
  if (c.fatal == SCAN_ECANCELED)
    report->cancelled = true;
  else if (!report->registry_read && report->n_errors > errors && report->n_vuln_reasons == 0)
    scan_report_add_vulnerability_reason (report, SCAN_REASON_REGISTRY_UNREADABLE, NULL);
  return c.fatal;
}

/* The live registry: each root is opened as a "hive" by its name. */
static void
check_live_root (checker *c, const char *root, void (*check) (checker *, scan_hive *, const char *))
{
  scan_hive *hive = NULL;
  int rc = c->ops->open (root, 0, &hive);
  if (rc < 0)
    add_error (c, root, NULL, rc);
  else
    {
      check (c, hive, root);
      c->ops->close (hive);
    }
}

/* Every user whose hive Windows has loaded (HKEY_USERS\<SID>): the one at the keyboard, and
 * the one the worm started under, which need not be the one running this check (an
 * administrator's RunAs, a fleet tool running as SYSTEM). Where HKEY_USERS cannot be listed, the
 * current user's own. */
static void
check_live_users (checker *c)
{
  scan_hive *users = NULL;
  char **sids = NULL;
  size_t n = 0;
  int rc = c->ops->open ("HKEY_USERS", 0, &users);

  if (rc == 0)
    rc = c->ops->subkeys (users, "", &sids, &n);
  if (rc < 0)
    {
      if (users)
        c->ops->close (users);
      if (rc == SCAN_ENOMEM)
        c->fatal = rc;
      else
        check_live_root (c, "HKEY_CURRENT_USER", check_user);
      return;
    }
  for (size_t i = 0; i < n && !c->fatal; i++)
    {
      static const char classes[] = "_Classes"; /* file associations, no Run keys */
      size_t len = strlen (sids[i]), cl = sizeof classes - 1;
      char prefix[1024];
      if (len >= cl && scan__eq_nocase (sids[i] + len - cl, cl, classes, cl))
        continue;
      if (snprintf (prefix, sizeof prefix, "%s\\Software\\", sids[i]) < (int) sizeof prefix)
        check_run_keys (c, users, "HKEY_USERS", prefix);
    }
  scan_reg_names_free (sids, n);
  c->ops->close (users);
}

int
scan_registry_check_live (const scan_registry_ops *ops, const scan_os_facts *os,
                          const scan_rules *rules, scan_report *report)
{
  checker c = { .ops = ops, .rules = rules, .report = report, .join = "\\", .live = true,
                .os = os };
  size_t errors = report->n_errors;

  check_live_root (&c, "HKEY_LOCAL_MACHINE\\SOFTWARE", check_software);
  check_live_root (&c, "HKEY_LOCAL_MACHINE\\SYSTEM", check_system);
  check_live_users (&c);
  if (!report->registry_read && report->n_errors > errors && report->n_vuln_reasons == 0)
    scan_report_add_vulnerability_reason (report, SCAN_REASON_REGISTRY_UNREADABLE, NULL);
  return c.fatal;
}
