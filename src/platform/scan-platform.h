/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-platform.h: what the core needs from the operating system, one interface with two
 * backends: posix/ (Linux and other POSIX systems: attached disks, folders) and win32/ (Windows:
 * the same, plus the live checks of issue #5). Only the backends may use _WIN32.
 */
#pragma once

#include <stdbool.h>

#include "scan-fs.h"

/** The folder reader of this platform. */
const scan_fs_ops *scan_platform_fs (void);

/** The path separator of this platform: '/' or '\\'. */
char scan_platform_separator (void);

/** True where this computer can be checked live (it runs Windows). */
bool scan_platform_live_supported (void);
