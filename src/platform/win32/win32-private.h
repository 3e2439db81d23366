/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * win32-private.h: what the Windows backend's files share (scan__win32_*). UTF-8 inside, UTF-16
 * only at the Windows calls; error codes turned into SCAN_E… ones.
 */
#pragma once

#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0501
#endif
#include <windows.h>

#include <stdbool.h>

#include "scan-registry.h"

/** S (UTF-8) as a malloc'd UTF-16 string, or NULL (out of memory, or S is not UTF-8). */
wchar_t *scan__win32_utf16 (const char *s);

/** W as a malloc'd UTF-8 string, or NULL when out of memory. */
char *scan__win32_utf8 (const wchar_t *w);

/** The SCAN_E… code of a Windows error (GetLastError(), or what a Reg* call returned). */
int scan__win32_error (DWORD e);

/**
 * Turns off WOW64's redirection of System32 to SysWOW64 for this (single-threaded) program, so
 * that the 32-bit build sees the real System32 on 64-bit Windows. Done once; nothing to do on
 * 32-bit Windows. DLLs the program loads later must be loaded before (see the live backend).
 */
void scan__win32_no_redirection (void);

/** Whether this is a 32-bit program on 64-bit Windows. */
bool scan__win32_is_wow64 (void);

/** The running Windows's registry (scan-registry-win32.c). */
extern const scan_registry_ops scan__win32_live_registry;
