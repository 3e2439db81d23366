/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-registry.h: what a Windows registry says about the worm and the patches.
 *
 * The core reads registry hives through scan_registry_ops, which a platform backend implements:
 * hive files of an attached disk through hivex (posix/), the live registry (win32/). The
 * checks themselves — Run values, services, the patch keys, the service pack, IIS, System
 * Restore — are the same for both and live here.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scan-fs.h"
#include "scan-report.h"
#include "scan-rules.h"

enum
{
  SCAN_REG_SZ = 1,
  SCAN_REG_EXPAND_SZ = 2,
  SCAN_REG_BINARY = 3,
  SCAN_REG_DWORD = 4,
  SCAN_REG_MULTI_SZ = 7,
};

/** One registry value. */
typedef struct scan_reg_value
{
  char *name;     /* "" for the key's default value; UTF-8 */
  uint32_t type;  /* SCAN_REG_… */
  char *text;     /* string types, UTF-8 (the first string of a MULTI_SZ); NULL otherwise */
  uint32_t dword; /* SCAN_REG_DWORD */
} scan_reg_value;

typedef struct scan_hive scan_hive; /* defined by the backend */

typedef struct scan_registry_ops
{
  /**
   * Opens the hive file at PATH read-only. 0 or SCAN_E… (a damaged hive: SCAN_EHIVE). PATH's
   * first ROOT_LEN bytes are the checked volume's root: what lies below it is reached one folder
   * at a time, with no link followed and no other mount entered (SCAN_ELINK, SCAN_EXDEV), as the
   * walk does. The live registry names a root key as PATH, with ROOT_LEN 0.
   */
  int (*open) (const char *path, size_t root_len, scan_hive **out);
  /**
   * The values of KEY ('\\'-separated below the hive's root, any case; "" is the root).
   * 0; SCAN_ENOENT when KEY does not exist; SCAN_EHIVE when the hive is damaged there.
   */
  int (*values) (scan_hive *hive, const char *key, scan_reg_value **out, size_t *n);
  /** The names of KEY's subkeys, as values() for errors. */
  int (*subkeys) (scan_hive *hive, const char *key, char ***out, size_t *n);
  void (*close) (scan_hive *hive);
  /**
   * Walks KEY's subkeys once, calling FN with each one's name and values (as values() gives them;
   * RC: 0, or that subkey's SCAN_E… code with no values) — one pass, where values() on each
   * subkey would look every one up again from the root. FN's nonzero return stops the walk and is
   * returned (a cancel). 0; errors of KEY itself as values(). NULL: the core uses subkeys() and
   * values() instead.
   */
  int (*each_subkey) (scan_hive *hive, const char *key,
                      int (*fn) (void *user, const char *name, const scan_reg_value *values,
                                 size_t n, int rc),
                      void *user);
} scan_registry_ops;

/** Frees N values and the array, as scan_registry_ops.values returned them. */
void scan_reg_values_free (scan_reg_value *values, size_t n);
/** Frees N names and the array, as scan_registry_ops.subkeys returned them. */
void scan_reg_names_free (char **names, size_t n);

/**
 * Finds the hives of the Windows installation WINDOWS_DIR on the volume ROOT (SOFTWARE and SYSTEM
 * in System32\config, each user's NTUSER.DAT under Documents and Settings or Users, names in any
 * case), reads them with OPS, and adds to REPORT: registry and service findings, the OS facts,
 * IIS, System Restore, each patch's state and the vulnerability verdict. Errors (a missing or
 * corrupt hive) go to the report's errors. 0, or SCAN_ENOMEM.
 */
int scan_registry_check_offline (const scan_registry_ops *ops, const scan_fs_ops *fs,
                                 char separator, const char *root, const char *windows_dir,
                                 const scan_rules *rules, scan_report *report);

/**
 * scan_registry_check_offline, asking CANCEL (when not NULL) now and then during its long loops
 * (every few hundred services or values): when CANCEL returns nonzero the check stops there,
 * marks REPORT cancelled and returns SCAN_ECANCELED.
 */
int scan_registry_check_offline_cancellable (const scan_registry_ops *ops, const scan_fs_ops *fs,
                                             char separator, const char *root,
                                             const char *windows_dir, const scan_rules *rules,
                                             scan_report *report, int (*cancel) (void *user),
                                             void *user);

/** What a running Windows says of itself (RtlGetVersion), over its registry's words. */
typedef struct scan_os_facts
{
  char version[16];       /* "5.1" */
  char service_pack[128]; /* "Service Pack 3"; "" when none */
  char build[16];         /* "2600"; "" when not known */
} scan_os_facts;

/**
 * The same checks on the running Windows's registry: OPS opens "HKEY_LOCAL_MACHINE\SOFTWARE",
 * "HKEY_LOCAL_MACHINE\SYSTEM" and "HKEY_USERS" (every loaded user's Run keys, as
 * "HKEY_USERS\<SID>\Software\…"; "HKEY_CURRENT_USER" where HKEY_USERS cannot be listed) by
 * those names. OS, when not NULL, gives
 * the version and service pack instead of the registry's. Locations read as full key paths
 * ("HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run\<value>").
 * 0, or SCAN_ENOMEM.
 */
int scan_registry_check_live (const scan_registry_ops *ops, const scan_os_facts *os,
                              const scan_rules *rules, scan_report *report);
