/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the POSIX backend's modules share: the folder reader's rule for not leaving the volume. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "scan-registry.h"

/**
 * Opens the file at PATH, whose first ROOT_LEN bytes are the checked volume's root, the way the
 * walk reaches it: the root opened, then each folder below it relative to the one before, with
 * no link followed (SCAN_ELINK) and no other mount entered (SCAN_EXDEV: a bind mount of an
 * outside folder or file has the disk's own device, only its mount ID differs), and the file
 * itself opened O_RDONLY | O_NONBLOCK | O_NOFOLLOW (a FIFO put there opens at once). ROOT_LEN 0:
 * PATH is opened as it is, without following a link at its end. *FD gets the descriptor.
 * 0 or SCAN_E….
 */
int scan__posix_open_below (const char *path, size_t root_len, int *fd);

/**
 * Opens the folder at PATH as scan__posix_open_below reaches it (O_DIRECTORY: a file there is
 * SCAN_ENOTDIR, a link SCAN_ELINK). PATH may be the root itself (its first ROOT_LEN bytes,
 * trailing '/' aside), which is opened as the walk opens the root. For the removal's *at calls
 * (scan-remove-posix.c) in the folder of the file they change. 0 or SCAN_E….
 */
int scan__posix_open_folder_below (const char *path, size_t root_len, int *fd);

/**
 * The SCAN_E… code of errno E, for every POSIX file of the backend (one table). CHILD: E came
 * from a name the walk had just listed in its folder, so ENOENT means it vanished since.
 */
int scan__posix_error (int e, bool child);

/**
 * The SCAN_E… code of an errno that hivex left: the system's own errors as scan__posix_error
 * reads them, anything else (EINVAL, ENOTSUP, ELOOP, ERANGE: hivex's words for a structure it
 * cannot follow) SCAN_EHIVE.
 */
int scan__posix_hivex_error (int e);

/**
 * Opens the hive in the open regular file FD read-only with hivex, as the offline registry's
 * open does once it has the file (a hive read out of a disk image into memory, say). FD stays
 * the caller's: hivex opens the file again. 0 or SCAN_E….
 */
int scan__posix_hive_from_fd (int fd, scan_hive **out);
