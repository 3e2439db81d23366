/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-sha256.h: SHA-256 in pieces, for files read a block at a time (the removal's manifest
 * names every file it moves by its hash, and undo checks it).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct scan_sha256
{
  uint32_t h[8];
  uint64_t len;
  unsigned char buf[64];
  size_t fill;
  bool fast; /* the CPU's SHA instructions (asked once per hash: CPUID is slow in a VM) */
} scan_sha256;

/** Starts a hash. */
void scan_sha256_init (scan_sha256 *ctx);
/** Hashes LEN more bytes at DATA. */
void scan_sha256_update (scan_sha256 *ctx, const void *data, size_t len);
/** Ends the hash: 64 lowercase hex digits and a NUL into HEX. */
void scan_sha256_final (scan_sha256 *ctx, char hex[65]);
