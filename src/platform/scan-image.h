/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-image.h: disks that are not mounted — a disk image (raw, split raw, E01, VHD, VMDK) or a
 * block device — read through The Sleuth Kit (src/platform/tsk/), never mounted and never
 * opened for writing.
 *
 * scan_image_open finds the partitions (MBR, GPT, or a file system filling the whole image);
 * scan_image_use opens the file system of one; the core then checks it as it checks a mounted
 * disk, through scan_image_fs () and scan_image_registry (), with scan_image_root () as the path
 * (the image's own path: report locations read "IMAGE/WINDOWS/system32/…"). Several images may
 * be open at once; each is told apart by its root.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scan-fs.h"
#include "scan-registry.h"

typedef struct scan_image scan_image;

/** One partition of an image (or the whole image, when it holds a file system directly). */
typedef struct scan_image_part
{
  unsigned number;         /* 1, 2, …: as --partition takes it */
  uint64_t offset, size;   /* in bytes, from the image's start */
  const char *fs_type;     /* "ntfs", "fat32", "fat16", "fat12", "exfat"…: what The Sleuth Kit
                            * found there; NULL when it found no file system it reads */
  const char *description; /* the partition table's words ("NTFS / exFAT (0x07)"), or NULL */
} scan_image_part;

/** Whether this build reads disk images (false: built without The Sleuth Kit, or Windows). */
bool scan_image_supported (void);

/**
 * Whether PATH is something scan_image_open reads rather than a folder: a regular file or a
 * block device. 1, 0, or a negative SCAN_E… code when PATH cannot be looked at.
 */
int scan_image_is_image (const char *path);

/**
 * Opens the image PATH read-only (a split raw image by its first part, "disk.001"; an E01 by
 * its first segment) and lists its partitions. 0 or SCAN_E… (SCAN_EIMAGE: no image of a disk
 * this program reads, or one too damaged to find partitions in).
 */
int scan_image_open (const char *path, scan_image **out);

/** The partitions of IMAGE, *N of them (at least one). */
const scan_image_part *scan_image_parts (const scan_image *image, size_t *n);

/**
 * Opens the file system of partition NUMBER for the check. 0; SCAN_EINVAL when there is no such
 * partition; SCAN_ENOFS when it holds no file system this program reads. The partition in use
 * already is kept as it is.
 */
int scan_image_use (scan_image *image, unsigned number);

/** The partition scan_image_use opened, or NULL. */
const scan_image_part *scan_image_used (const scan_image *image);

/** The path to give scan_run_path for IMAGE's partition in use (the image's path). */
const char *scan_image_root (const scan_image *image);

/** Folders and hives of the partitions in use, by their roots. */
const scan_fs_ops *scan_image_fs (void);
const scan_registry_ops *scan_image_registry (void);

/** Closes IMAGE; NULL is allowed. */
void scan_image_close (scan_image *image);
