/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Offline registry hives through hivex, read-only. hivex checks the hive's structure as it reads
 * (signatures, cell bounds, value sizes); whatever it refuses comes back as SCAN_EHIVE, so a
 * corrupt hive makes the scan incomplete, never crash. hivex does not notice a subkey list that
 * points back up the tree, so every step down checks that the child's parent is where it came
 * from: a key hidden by such a loop is reported, not taken as absent. hivex also lets a list name
 * the same record again and again (up to 110,000 values of 8 MB each): such a list is damage too,
 * refused before anything is decoded, and the text decoded from one key is capped, so a hive
 * bomb costs neither gigabytes nor hours (tests/fuzz/crashes/).
 *
 * A hive is opened once, by this module, without following a link and without waiting
 * (O_NONBLOCK: a FIFO put in its place opens at once instead of blocking the scan for good), and
 * the descriptor is checked (a regular file, of a hive's size at most) before hivex reads it
 * through /proc/self/fd/N. Opening that name opens the very file the descriptor holds, whatever
 * has since been put at the hive's path, and hivex opens it O_RDONLY (no HIVEX_OPEN_WRITE).
 */
#include "scan-platform.h"

#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "posix-private.h"
#include "scan-error.h"

enum
{
  MAX_KEY_TEXT = 4 << 20, /* bytes of value data decoded from one key: Run keys hold a few dozen */
};

/* The hives of a Windows of that time are some megabytes; a file of gigabytes named SOFTWARE is
 * not one, and hivex would map all of it. */
#define MAX_HIVE_SIZE ((off_t) 1 << 31)

struct scan_hive
{
  hive_h *h;
};

static int
compare_handles (const void *a, const void *b)
{
  size_t x = *(const size_t *) a, y = *(const size_t *) b;
  return x < y ? -1 : x > y;
}

/* Whether the 0-terminated list HANDLES names a record twice. */
static int
repeats_record (const size_t *handles, size_t n)
{
  size_t *sorted = malloc ((n ? n : 1) * sizeof *sorted);
  if (!sorted)
    return SCAN_ENOMEM;
  memcpy (sorted, handles, n * sizeof *sorted);
  qsort (sorted, n, sizeof *sorted, compare_handles);
  int repeated = 0;
  for (size_t i = 1; i < n && !repeated; i++)
    repeated = sorted[i] == sorted[i - 1];
  free (sorted);
  return repeated;
}

int
scan__posix_hivex_error (int e)
{
  switch (e)
    {
    case ENOENT:
    case EACCES:
    case EPERM:
    case ENOMEM:
    case EIO:
    case EROFS:
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
      return scan__posix_error (e, false);
    default:
      return SCAN_EHIVE; /* ENOTSUP, EINVAL, EFAULT, ERANGE, ELOOP: the hive is not sound */
    }
}

int
scan__posix_hive_from_fd (int fd, scan_hive **out)
{
  struct stat st;
  char fd_path[64];
  *out = NULL;
  if (fstat (fd, &st) < 0)
    return scan__posix_hivex_error (errno);
  if (!S_ISREG (st.st_mode))
    return S_ISDIR (st.st_mode) ? SCAN_EHIVE : SCAN_ENOTREG;
  if (st.st_size > MAX_HIVE_SIZE)
    return SCAN_EHIVE;
  snprintf (fd_path, sizeof fd_path, "/proc/self/fd/%d", fd);
  hive_h *h = hivex_open (fd_path, 0); /* no HIVEX_OPEN_WRITE: the disk is never written */
  int e = errno;
  if (!h) /* ENOENT: /proc is not mounted, and the descriptor cannot be named */
    return e == ENOENT ? SCAN_EUNSUPPORTED : scan__posix_hivex_error (e);
  scan_hive *hive = malloc (sizeof *hive);
  if (!hive)
    {
      hivex_close (h);
      return SCAN_ENOMEM;
    }
  hive->h = h;
  *out = hive;
  return 0;
}

static int
hive_open (const char *path, size_t root_len, scan_hive **out)
{
  int fd, rc;
  *out = NULL;
  /* hivex opens whatever is at a name: a FIFO named SOFTWARE would block the scan for good, and
   * a link or a bind mount on the way would lead off the disk. So the file is opened here, once,
   * from the volume's root as the walk would reach it, and checked. */
  if ((rc = scan__posix_open_below (path, root_len, &fd)) < 0)
    return rc;
  rc = scan__posix_hive_from_fd (fd, out);
  close (fd); /* hivex holds its own descriptor of the same file */
  return rc;
}

static void
hive_close (scan_hive *hive)
{
  if (!hive)
    return;
  hivex_close (hive->h);
  free (hive);
}

/* Whether every subkey of NODE names NODE as its parent. A damaged list that points elsewhere
 * (up the tree, making a loop) would otherwise hide the key it replaced. */
static bool
children_sound (scan_hive *hive, hive_node_h node)
{
  hive_node_h *children = hivex_node_children (hive->h, node);
  bool sound = children != NULL;
  for (size_t i = 0; sound && children[i]; i++)
    sound = hivex_node_parent (hive->h, children[i]) == node;
  free (children);
  return sound;
}

/* The node at KEY ('\\'-separated, any case: hivex compares child names case-insensitively). */
static int
find_node (scan_hive *hive, const char *key, hive_node_h *out)
{
  hive_node_h node = hivex_root (hive->h);
  if (!node)
    return scan__posix_hivex_error (errno);
  for (const char *c = key; *c;)
    {
      const char *end = strchr (c, '\\');
      size_t len = end ? (size_t) (end - c) : strlen (c);
      char *name = strndup (c, len);
      if (!name)
        return SCAN_ENOMEM;
      errno = 0;
      hive_node_h child = hivex_node_get_child (hive->h, node, name);
      free (name);
      if (!child && errno)
        return scan__posix_hivex_error (errno);
      if (!child)
        return children_sound (hive, node) ? SCAN_ENOENT : SCAN_EHIVE;
      if (hivex_node_parent (hive->h, child) != node)
        return SCAN_EHIVE;
      node = child;
      c += len + (end ? 1 : 0);
    }
  *out = node;
  return 0;
}

/* The values of NODE, as hive_values gives them. */
static int
node_values (scan_hive *hive, hive_node_h node, scan_reg_value **out, size_t *n_out)
{
  hive_value_h *vals = NULL;
  scan_reg_value *values = NULL;
  size_t n = 0, filled = 0, decoded = 0;
  int rc;

  *out = NULL;
  *n_out = 0;
  if (!(vals = hivex_node_values (hive->h, node)))
    return scan__posix_hivex_error (errno);
  while (vals[n])
    n++;
  if ((rc = repeats_record (vals, n)) != 0)
    {
      rc = rc < 0 ? rc : SCAN_EHIVE;
      goto fail;
    }
  if (!(values = calloc (n ? n : 1, sizeof *values)))
    {
      rc = SCAN_ENOMEM;
      goto fail;
    }
  for (; filled < n; filled++)
    {
      scan_reg_value *v = &values[filled];
      hive_type type;
      size_t len;
      v->name = hivex_value_key (hive->h, vals[filled]);
      if (!v->name || hivex_value_type (hive->h, vals[filled], &type, &len) < 0)
        {
          rc = scan__posix_hivex_error (errno);
          goto fail;
        }
      v->type = (uint32_t) type;
      decoded += len;
      if (decoded > MAX_KEY_TEXT)
        {
          rc = SCAN_EHIVE;
          goto fail;
        }
      if (type == hive_t_REG_SZ || type == hive_t_REG_EXPAND_SZ)
        {
          /* A value that cannot be read may be the very one the worm set: never skip it. */
          if (!(v->text = hivex_value_string (hive->h, vals[filled])))
            {
              rc = scan__posix_hivex_error (errno) == SCAN_ENOMEM ? SCAN_ENOMEM : SCAN_EHIVE;
              goto fail;
            }
        }
      else if (type == hive_t_REG_MULTI_SZ)
        {
          char **strings = hivex_value_multiple_strings (hive->h, vals[filled]);
          if (strings)
            {
              v->text = strings[0];
              for (size_t s = 1; strings[0] && strings[s]; s++)
                free (strings[s]);
              free (strings);
            }
        }
      else if (type == hive_t_REG_DWORD)
        v->dword = (uint32_t) hivex_value_dword (hive->h, vals[filled]);
    }
  free (vals);
  *out = values;
  *n_out = n;
  return 0;

fail:
  if (values)
    scan_reg_values_free (values, filled < n ? filled + 1 : n);
  free (vals);
  return rc;
}

static int
hive_values (scan_hive *hive, const char *key, scan_reg_value **out, size_t *n_out)
{
  hive_node_h node;
  int rc = find_node (hive, key, &node);
  *out = NULL;
  *n_out = 0;
  if (rc < 0)
    return rc;
  return node_values (hive, node, out, n_out);
}

/* KEY is found once and its subkeys are read in list order: looking each one up again by name
 * (hivex_node_get_child reads the whole list) made 60,000 services cost minutes. */
/* KEY's subkeys into *CHILDREN (free it) and *N, each checked to be listed once and to name KEY
 * as its parent: a hostile hive's list may repeat a record or point into another key. */
static int
node_children (scan_hive *hive, const char *key, hive_node_h **children, size_t *n)
{
  hive_node_h node;
  int rc = find_node (hive, key, &node);
  *children = NULL;
  *n = 0;
  if (rc < 0)
    return rc;
  hive_node_h *list = hivex_node_children (hive->h, node);
  if (!list)
    return scan__posix_hivex_error (errno);
  size_t count = 0;
  while (list[count])
    count++;
  if ((rc = repeats_record (list, count)) != 0)
    rc = rc < 0 ? rc : SCAN_EHIVE;
  for (size_t i = 0; i < count && rc == 0; i++)
    if (hivex_node_parent (hive->h, list[i]) != node)
      rc = SCAN_EHIVE;
  if (rc < 0)
    {
      free (list);
      return rc;
    }
  *children = list;
  *n = count;
  return 0;
}

static int
hive_each_subkey (scan_hive *hive, const char *key,
                  int (*fn) (void *user, const char *name, const scan_reg_value *values, size_t n,
                             int rc),
                  void *user)
{
  hive_node_h *children;
  size_t n;
  int rc = node_children (hive, key, &children, &n);
  if (rc < 0)
    return rc;
  for (size_t i = 0; i < n && rc == 0; i++)
    {
      char *name = hivex_node_name (hive->h, children[i]);
      scan_reg_value *values = NULL;
      size_t n_values = 0;
      if (!name)
        {
          rc = scan__posix_hivex_error (errno);
          break;
        }
      int value_rc = node_values (hive, children[i], &values, &n_values);
      if (value_rc == SCAN_ENOMEM)
        rc = value_rc;
      else
        rc = fn (user, name, values, n_values, value_rc);
      scan_reg_values_free (values, n_values);
      free (name);
    }
  free (children);
  return rc;
}

static int
hive_subkeys (scan_hive *hive, const char *key, char ***out, size_t *n_out)
{
  hive_node_h *children;
  size_t n;
  int rc = node_children (hive, key, &children, &n);
  *out = NULL;
  *n_out = 0;
  if (rc < 0)
    return rc;
  char **names = calloc (n ? n : 1, sizeof *names);
  if (!names)
    {
      free (children);
      return SCAN_ENOMEM;
    }
  for (size_t i = 0; i < n; i++)
    {
      if (!(names[i] = hivex_node_name (hive->h, children[i])))
        rc = scan__posix_hivex_error (errno);
      if (rc < 0)
        {
          scan_reg_names_free (names, i);
          free (children);
          return rc;
        }
    }
  free (children);
  *out = names;
  *n_out = n;
  return 0;
}

static const scan_registry_ops hivex_registry = {
  .open = hive_open,
  .values = hive_values,
  .subkeys = hive_subkeys,
  .close = hive_close,
  .each_subkey = hive_each_subkey,
};

const scan_registry_ops *
scan_platform_offline_registry (void)
{
  return &hivex_registry;
}
