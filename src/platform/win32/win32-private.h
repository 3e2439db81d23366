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
 * WOW64 sends a 32-bit program's System32 to SysWOW64 on 64-bit Windows. The folder reader needs
 * the real System32, so it turns that off around its own file calls, and back on at once: DLLs
 * that Windows loads inside other calls need it on. Off: returns a token for _on (); nothing to
 * do (32-bit Windows, a 64-bit build): a token that _on () ignores.
 */
void *scan__win32_redirection_off (void);
void scan__win32_redirection_on (void *token);

/** Whether this is a 32-bit program on 64-bit Windows. */
bool scan__win32_is_wow64 (void);

/** The full path ("C:\WINDOWS\system32\x.exe", long names) of the program PID runs, as the live
 * check sees it (scan-live-win32.c), or NULL with *ERROR saying why. */
char *scan__win32_process_image (DWORD pid, int *error);

/** The running Windows's registry (scan-registry-win32.c). */
extern const scan_registry_ops scan__win32_live_registry;
