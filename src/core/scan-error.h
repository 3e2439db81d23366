/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-error.h: the core's error codes.
 *
 * Every core function that can fail returns 0 or one negative SCAN_E… code from the one table
 * below (not errno, which means different things on Windows and POSIX). The messages are English
 * msgids marked for translation; front ends pass them through gettext.
 */
#pragma once

/* Marks a string for xgettext without translating it here: the core never translates. Spelled as
 * GLib spells it, so that front ends may include <glib/gi18n.h> as well. */
#ifndef N_
#define N_(String) (String)
#endif

#define SCAN_ERRNO_MAP(X)                                                               \
  X (NOMEM, N_ ("out of memory"))                                                       \
  X (ACCES, N_ ("permission denied"))                                                   \
  X (NOENT, N_ ("no such file or folder"))                                              \
  X (NOTDIR, N_ ("not a folder"))                                                       \
  X (IO, N_ ("input/output error"))                                                     \
  X (NAMETOOLONG, N_ ("name too long"))                                                 \
  X (LINK, N_ ("a link, not followed"))                                                 \
  X (CYCLE, N_ ("this folder contains itself (a loop); not entered again"))            \
  X (XDEV, N_ ("another volume is mounted here; it was not scanned"))                   \
  X (VANISHED, N_ ("removed while it was being scanned"))                               \
  X (TOOMANY, N_ ("too many open files"))                                               \
  X (PARSE, N_ ("the indicator catalogue is malformed"))                                \
  X (HIVE, N_ ("the registry hive is damaged"))                                         \
  X (INVAL, N_ ("invalid argument"))                                                    \
  X (CANCELED, N_ ("cancelled"))                                                        \
  X (UNSUPPORTED, N_ ("not supported on this system"))                                  \
  X (OTHER, N_ ("unexpected system error"))                                             \
  X (EMPTY, N_ ("nothing to check here: is the disk mounted?"))                         \
  X (NOTREG, N_ ("not a regular file (a pipe, a device…), so it was not read"))            \
  X (ROFS, N_ ("the disk is mounted read-only, so nothing on it can be changed"))          \
  X (NOSPC, N_ ("the disk is full"))                                                    \
  X (EXIST, N_ ("something else is at that place now"))                                  \
  X (HIVEDIRTY, N_ ("Windows did not close this registry file cleanly: on its next start it " \
                    "would undo any change made to it. Start that Windows once and shut it "    \
                    "down properly, then remove the worm again"))                           \
  X (OTHERVOLUME, N_ ("on another volume than the quarantine, so it cannot be moved there")) \
  X (CHANGED, N_ ("changed since the removal, so it was not put back"))                  \
  X (NOTADMIN, N_ ("only an administrator can change this"))                            \
  X (TOOBIG, N_ ("the file is too large to read"))                                      \
  X (MANIFEST, N_ ("not a quarantine this program made, or its manifest is damaged")) \
  X (IMAGE, N_ ("not an image of a disk this program can read, or a damaged one"))      \
  X (NOFS, N_ ("no file system this program can read on this partition"))

enum
{
  SCAN_OK = 0,
#define SCAN__ERR_ENUM(name, msg) SCAN_E##name,
  SCAN__ERR_FIRST = -100,
  SCAN_ERRNO_MAP (SCAN__ERR_ENUM)
#undef SCAN__ERR_ENUM
  SCAN__ERR_LAST
};

/** The English message of CODE (a negative SCAN_E… value), "unknown error" for anything else. */
const char *scan_strerror (int code);

/** The short stable name of CODE, e.g. "EACCES", for JSON and logs. */
const char *scan_err_name (int code);
