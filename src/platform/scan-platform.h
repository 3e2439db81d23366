/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-platform.h: what the core needs from the operating system, one interface with two
 * backends: posix/ (Linux and other POSIX systems: attached disks, folders) and win32/ (Windows:
 * the same, plus the live checks of issue #5). Only the backends may use _WIN32.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scan-fs.h"
#include "scan-live.h"
#include "scan-registry.h"
#include "scan-remove.h"

/** The folder reader of this platform. */
const scan_fs_ops *scan_platform_fs (void);

/** The path separator of this platform: '/' or '\\'. */
char scan_platform_separator (void);

/**
 * PATH made absolute (from the current folder), malloc'd into *OUT: a removal's quarantine named
 * as "BlasterCheck-Quarantine/…" or "." must still show which disk it is on. POSIX: links on
 * the way are resolved (realpath); Windows: GetFullPathNameW. 0 or SCAN_E….
 */
int scan_platform_full_path (const char *path, char **out);

/** True where this computer can be checked live (it runs Windows). */
bool scan_platform_live_supported (void);

/**
 * What the live check reads of the running Windows (programs, mutexes, ports, the live registry,
 * the drives), or NULL where this computer is not Windows.
 */
const scan_live_ops *scan_platform_live (void);

/** One mounted volume that could be an attached Windows disk. */
typedef struct scan_volume
{
  char *mount_point; /* where its files are: "/media/ann/WINXP", "E:\" (UTF-8 on Windows) */
  char *device;      /* what is mounted: "/dev/sdb1", "\Device\HarddiskVolume3" */
  char *label;       /* the volume's name, or NULL when it has none */
  char *fs_type;     /* "ntfs3", "fuseblk", "vfat", "NTFS", "FAT32"… */
  uint64_t size;     /* in bytes; 0 when not known */
  bool read_only;    /* mounted read-only: nothing on it can be changed, by mistake or at all */
} scan_volume;

/**
 * Lists the mounted volumes on which a Windows installation could be: disks, not the system's
 * pseudo file systems. Whether one holds Windows is for scan_probe_windows() to say.
 *
 * POSIX (Linux): reads /proc/self/mountinfo and keeps block devices (/dev/…) and the file
 * systems Windows disks use (ntfs, ntfs3, fuseblk, vfat, msdos, exfat); skips proc, sysfs,
 * tmpfs, cgroup, overlay, squashfs and the like, and anything mounted under /proc, /sys, /dev
 * or /run (but /run/media is kept). Of mounts stacked on one mount point only the top one is
 * listed. The label comes from /dev/disk/by-label, the size from statvfs.
 * Windows: the fixed and removable drives that hold a readable volume.
 *
 * For tests, two environment variables replace the system's files (POSIX only):
 * BLASTER_CHECK_MOUNTINFO names a file read instead of /proc/self/mountinfo, and
 * BLASTER_CHECK_BY_LABEL a folder read instead of /dev/disk/by-label.
 *
 * On 0, *OUT holds *N volumes (possibly none; *OUT may then be NULL), to be freed with
 * scan_platform_free_volumes(). Otherwise a negative SCAN_E… code (SCAN_EUNSUPPORTED where the
 * system does not say what is mounted), and *OUT is NULL and *N is 0.
 */
int scan_platform_list_volumes (scan_volume **out, size_t *n);

/** Frees the N volumes V that scan_platform_list_volumes() returned; V may be NULL. */
void scan_platform_free_volumes (scan_volume *v, size_t n);

/**
 * The reader of an attached Windows disk's registry hives (hivex on POSIX), or NULL where this
 * build cannot read them — the scan then says so in its report.
 */
const scan_registry_ops *scan_platform_offline_registry (void);

/**
 * The steps a removal takes on this platform (scan-remove.h): files moved into a quarantine on
 * their own volume and hive files edited on a copy (posix/: an attached disk; hivex's write API),
 * or the running Windows's programs, registry values, services and files (win32/).
 */
const scan_remove_ops *scan_platform_remove_ops (void);
