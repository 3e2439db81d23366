/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Disk images and block devices read through The Sleuth Kit (scan-image.h): the image opened
 * read-only by libtsk (raw, split raw, and E01, VHD and VMDK where Debian's libtsk has libewf,
 * libvhdi and libvmdk), its partitions found (MBR, GPT), a partition's file system read folder
 * by folder as scan_fs_ops, and its hives read out into memory (a memfd) and opened with hivex
 * read-only, as the offline registry opens a hive file.
 *
 * Nothing is mounted and nothing is opened for writing: libtsk opens an image O_RDONLY, and the
 * hive copies live in this process's memory only. Deleted entries (names the file system marks
 * unallocated) and The Sleuth Kit's own virtual folders ($OrphanFiles) are not listed.
 */
#include "scan-image.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <tsk/libtsk.h>
#include <unistd.h>

#include "posix-private.h"
#include "scan-error.h"
#include "scan-platform.h"
#include "scan-walk.h"

enum
{
  READ_BLOCK = 1 << 20,
  MAX_PARTS = 128, /* a GPT holds 128 entries; more is no disk of a PC */
  DIR_CACHE = 16,  /* folders kept loaded: the depth of the known places, and some */
};

/* A hive read out of an image lives in memory while it is read: Windows XP's are some
 * megabytes, and a file of hundreds named SOFTWARE is not one. */
#define MAX_IMAGE_HIVE ((TSK_OFF_T) 256 << 20)

/* A folder as The Sleuth Kit loaded it, with its names sorted for lookups. Loading one costs
 * The Sleuth Kit n² in its entries (each added name is compared with those before), and the
 * walk to a known place opens every folder on the way again: the last few loaded are kept. */
typedef struct loaded_dir
{
  TSK_INUM_T inum;
  TSK_FS_DIR *dir;
  size_t *by_name, n_by_name; /* listed entries' indexes sorted by name, made at the first
                               * lookup */
  unsigned users;             /* scan_dirs reading it now: it stays loaded */
  uint64_t used;              /* when it was last asked for: the oldest unused one goes */
  bool kept;                  /* in the image's cache (else freed with its last user) */
} loaded_dir;

struct scan_image
{
  char *path;
  TSK_IMG_INFO *img;
  TSK_FS_INFO *fs; /* of the partition in use */
  scan_image_part *parts;
  size_t n_parts;
  const scan_image_part *used;
  uint64_t id; /* scan_node_id.dev of its folders */
  loaded_dir *cache[DIR_CACHE];
  uint64_t clock;
  scan_image *next;
};

static void drop_cache (scan_image *image);

/* The images open now, found by their roots (scan_fs_ops and scan_registry_ops have no room for
 * a handle). */
static pthread_mutex_t images_lock = PTHREAD_MUTEX_INITIALIZER;
static scan_image *images;
static uint64_t images_made;

struct scan_dir
{
  scan_image *image;
  loaded_dir *loaded;
  size_t next;
};

bool
scan_image_supported (void)
{
  return true;
}

int
scan_image_is_image (const char *path)
{
  struct stat st;
  if (stat (path, &st) < 0)
    return scan__posix_error (errno, false);
  return S_ISREG (st.st_mode) || S_ISBLK (st.st_mode);
}

/* The file system at OFFSET of IMG, or NULL; the library's error is cleared either way. */
static TSK_FS_INFO *
open_fs (TSK_IMG_INFO *img, TSK_OFF_T offset)
{
  TSK_FS_INFO *fs = tsk_fs_open_img (img, offset, TSK_FS_TYPE_DETECT);
  tsk_error_reset ();
  return fs;
}

/* Adds a partition at OFFSET of SIZE bytes to IMAGE, with its file system's name. */
static int
add_part (scan_image *image, uint64_t offset, uint64_t size, const char *description)
{
  if (image->n_parts == MAX_PARTS)
    return 0;
  scan_image_part *p = &image->parts[image->n_parts];
  TSK_FS_INFO *fs = open_fs (image->img, (TSK_OFF_T) offset);
  p->number = (unsigned) image->n_parts + 1;
  p->offset = offset;
  p->size = size;
  p->fs_type = fs ? tsk_fs_type_toname (fs->ftype) : NULL;
  p->description = description ? strdup (description) : NULL;
  if (fs)
    tsk_fs_close (fs);
  if (description && !p->description)
    return SCAN_ENOMEM;
  image->n_parts++;
  return 0;
}

static int
find_parts (scan_image *image)
{
  image->parts = calloc (MAX_PARTS, sizeof *image->parts);
  if (!image->parts)
    return SCAN_ENOMEM;
  int rc = 0;
  /* A GPT first: The Sleuth Kit's detection reads its protective MBR as well and, finding
   * both, leaks the MBR's table (Debian 12's libtsk 4.11.1). */
  TSK_VS_INFO *vs = tsk_vs_open (image->img, 0, TSK_VS_TYPE_GPT);
  if (!vs)
    vs = tsk_vs_open (image->img, 0, TSK_VS_TYPE_DETECT);
  tsk_error_reset ();
  if (vs)
    {
      for (TSK_PNUM_T i = 0; i < vs->part_count && rc == 0; i++)
        {
          const TSK_VS_PART_INFO *part = tsk_vs_part_get (vs, i);
          /* The table's own sectors and the gaps between partitions are listed too. */
          if (part && (part->flags & TSK_VS_PART_FLAG_ALLOC))
            rc = add_part (image, (uint64_t) part->start * vs->block_size,
                           (uint64_t) part->len * vs->block_size, part->desc);
        }
      tsk_vs_close (vs);
    }
  /* No partition table: a file system may fill the whole image (an image of one partition);
   * without one either, this is no disk this program reads (an empty or a foreign file). */
  if (rc == 0 && image->n_parts == 0)
    {
      rc = add_part (image, 0, (uint64_t) image->img->size, NULL);
      if (rc == 0 && !image->parts[0].fs_type)
        rc = SCAN_EIMAGE;
    }
  return rc;
}

void
scan_image_close (scan_image *image)
{
  if (!image)
    return;
  pthread_mutex_lock (&images_lock);
  for (scan_image **p = &images; *p; p = &(*p)->next)
    if (*p == image)
      {
        *p = image->next;
        break;
      }
  pthread_mutex_unlock (&images_lock);
  drop_cache (image);
  if (image->fs)
    tsk_fs_close (image->fs);
  if (image->img)
    tsk_img_close (image->img);
  for (size_t i = 0; i < image->n_parts; i++)
    free ((char *) image->parts[i].description);
  free (image->parts);
  free (image->path);
  free (image);
}

/* The image format of the file PATH by its own marks: The Sleuth Kit's own detection also tries
 * AFFLIB, whose VMDK code crashes on VMware's files (seen with Debian 12's libafflib0v5), and no
 * AFF image is asked for. A block device and any other file are raw. */
static TSK_IMG_TYPE_ENUM
image_type (const char *path)
{
  static const char ewf[] = "EVF\x09\x0d\x0a\xff\x00", descriptor[] = "# Disk DescriptorFile";
  unsigned char head[512] = { 0 }, tail[512] = { 0 };
  FILE *f = fopen (path, "rbe");
  if (!f)
    return TSK_IMG_TYPE_RAW; /* the library says why it cannot be opened */
  size_t got = fread (head, 1, sizeof head, f);
  struct stat st;
  if (fstat (fileno (f), &st) == 0 && S_ISREG (st.st_mode) && st.st_size >= 1024
      && fseeko (f, st.st_size - (off_t) sizeof tail, SEEK_SET) == 0)
    (void) !fread (tail, 1, sizeof tail, f);
  fclose (f);
  if (got >= 8 && memcmp (head, ewf, 8) == 0)
    return TSK_IMG_TYPE_EWF_EWF;
  if (got >= 4 && (memcmp (head, "KDMV", 4) == 0
                   || memcmp (head, descriptor, sizeof descriptor - 1) == 0))
    return TSK_IMG_TYPE_VMDK_VMDK;
  /* A VHD's footer ends the file; a dynamic one keeps its copy at the start. */
  if (memcmp (tail, "conectix", 8) == 0 || memcmp (head, "conectix", 8) == 0)
    return TSK_IMG_TYPE_VHD_VHD;
  return TSK_IMG_TYPE_RAW;
}

int
scan_image_open (const char *path, scan_image **out)
{
  *out = NULL;
  int is = scan_image_is_image (path);
  if (is <= 0)
    return is < 0 ? is : SCAN_EIMAGE;
  scan_image *image = calloc (1, sizeof *image);
  if (!image || !(image->path = strdup (path)))
    {
      free (image);
      return SCAN_ENOMEM;
    }
  image->img = tsk_img_open_utf8_sing (path, image_type (path), 0);
  tsk_error_reset ();
  int rc = image->img ? find_parts (image) : SCAN_EIMAGE;
  if (rc < 0)
    {
      scan_image_close (image);
      return rc;
    }
  pthread_mutex_lock (&images_lock);
  image->id = 0xd15c000000000000ull | ++images_made;
  image->next = images;
  images = image;
  pthread_mutex_unlock (&images_lock);
  *out = image;
  return 0;
}

const scan_image_part *
scan_image_parts (const scan_image *image, size_t *n)
{
  *n = image->n_parts;
  return image->parts;
}

int
scan_image_use (scan_image *image, unsigned number)
{
  if (number == 0 || number > image->n_parts)
    return SCAN_EINVAL;
  const scan_image_part *p = &image->parts[number - 1];
  if (image->used == p)
    return 0; /* in use already (the one blaster-scan found Windows on): kept, with its folders */
  TSK_FS_INFO *fs = p->fs_type ? open_fs (image->img, (TSK_OFF_T) p->offset) : NULL;
  if (!fs)
    return SCAN_ENOFS;
  drop_cache (image);
  if (image->fs)
    tsk_fs_close (image->fs);
  image->fs = fs;
  image->used = p;
  return 0;
}

const scan_image_part *
scan_image_used (const scan_image *image)
{
  return image->used;
}

const char *
scan_image_root (const scan_image *image)
{
  return image->path;
}

/* The open image whose root is the first LEN bytes of PATH (all of it: LEN SIZE_MAX), with a
 * partition in use; NULL if none. */
static scan_image *
image_of (const char *path, size_t len)
{
  scan_image *found = NULL;
  pthread_mutex_lock (&images_lock);
  for (scan_image *i = images; i && !found; i = i->next)
    {
      size_t n = strlen (i->path);
      if (i->fs && (len == SIZE_MAX ? strcmp (path, i->path) == 0
                                    : n == len && strncmp (path, i->path, n) == 0))
        found = i;
    }
  pthread_mutex_unlock (&images_lock);
  return found;
}

/* --- Folders --------------------------------------------------------------------------------- */

static void
free_loaded (loaded_dir *l)
{
  tsk_fs_dir_close (l->dir);
  free (l->by_name);
  free (l);
}

/* Forgets every kept folder of IMAGE (its partition changes, or it closes). */
static void
drop_cache (scan_image *image)
{
  for (size_t i = 0; i < DIR_CACHE; i++)
    if (image->cache[i])
      {
        if (image->cache[i]->users == 0)
          free_loaded (image->cache[i]);
        else
          image->cache[i]->kept = false; /* its last user frees it */
        image->cache[i] = NULL;
      }
}

/* The folder INUM of IMAGE, loaded or from the cache, with one more user. */
static int
load_dir (scan_image *image, TSK_INUM_T inum, loaded_dir **out)
{
  size_t empty = DIR_CACHE, oldest = DIR_CACHE;
  for (size_t i = 0; i < DIR_CACHE; i++)
    {
      loaded_dir *c = image->cache[i];
      if (c && c->inum == inum)
        {
          c->users++;
          c->used = ++image->clock;
          *out = c;
          return 0;
        }
      if (!c)
        empty = i;
      else if (c->users == 0 && (oldest == DIR_CACHE || c->used < image->cache[oldest]->used))
        oldest = i;
    }
  /* A free place, else the folder asked for least recently that no one reads now; none: this
   * one is not kept. */
  size_t slot = empty < DIR_CACHE ? empty : oldest;
  TSK_FS_DIR *dir = tsk_fs_dir_open_meta (image->fs, inum);
  tsk_error_reset ();
  if (!dir)
    return SCAN_EIO;
  loaded_dir *l = calloc (1, sizeof *l);
  if (!l)
    {
      tsk_fs_dir_close (dir);
      return SCAN_ENOMEM;
    }
  *l = (loaded_dir) { .inum = inum, .dir = dir, .users = 1, .used = ++image->clock };
  if (slot < DIR_CACHE)
    {
      if (image->cache[slot])
        free_loaded (image->cache[slot]);
      image->cache[slot] = l;
      l->kept = true;
    }
  *out = l;
  return 0;
}

static void
unload_dir (loaded_dir *l)
{
  if (--l->users == 0 && !l->kept)
    free_loaded (l);
}

static int
wrap_dir (scan_image *image, TSK_INUM_T inum, scan_dir **out, scan_node_id *id)
{
  scan_dir *d = calloc (1, sizeof *d);
  if (!d)
    return SCAN_ENOMEM;
  int rc = load_dir (image, inum, &d->loaded);
  if (rc < 0)
    {
      free (d);
      return rc;
    }
  d->image = image;
  *out = d;
  *id = (scan_node_id) { image->id, (uint64_t) inum };
  return 0;
}

/* Whether the entry NAME is one the walk sees: allocated (not deleted), not "." or "..", not
 * one of The Sleuth Kit's own virtual entries. */
static bool
listed (const TSK_FS_NAME *name)
{
  return name && name->name && (name->flags & TSK_FS_NAME_FLAG_ALLOC)
         && name->type != TSK_FS_NAME_TYPE_VIRT && name->type != TSK_FS_NAME_TYPE_VIRT_DIR
         && strcmp (name->name, ".") != 0 && strcmp (name->name, "..") != 0;
}

static int
tsk_open_root (const char *path, scan_dir **out, scan_node_id *id)
{
  scan_image *image = image_of (path, SIZE_MAX);
  *out = NULL;
  return image ? wrap_dir (image, image->fs->root_inum, out, id) : SCAN_ENOENT;
}

/* For qsort_r: two entries of the folder DIR by name. */
static int
compare_names (const void *a, const void *b, void *dir)
{
  const TSK_FS_NAME *x = tsk_fs_dir_get_name (dir, *(const size_t *) a),
                    *y = tsk_fs_dir_get_name (dir, *(const size_t *) b);
  return strcmp (x->name, y->name);
}

/* L's entries that the walk sees, sorted by name: a child is found in log n, and opening each
 * child of a folder costs n log n in all, not n². */
static int
index_names (loaded_dir *l)
{
  size_t size = tsk_fs_dir_getsize (l->dir), n = 0;
  l->by_name = malloc ((size ? size : 1) * sizeof *l->by_name);
  if (!l->by_name)
    return SCAN_ENOMEM;
  for (size_t i = 0; i < size; i++)
    if (listed (tsk_fs_dir_get_name (l->dir, i)))
      l->by_name[n++] = i;
  l->n_by_name = n;
  qsort_r (l->by_name, n, sizeof *l->by_name, compare_names, l->dir);
  return 0;
}

/* The entry NAME of L (exactly; else in any case, as Windows would take it), or NULL. */
static int
find_name (loaded_dir *l, const char *name, const TSK_FS_NAME **out)
{
  *out = NULL;
  int rc = l->by_name ? 0 : index_names (l);
  if (rc < 0)
    return rc;
  size_t lo = 0, hi = l->n_by_name;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      const TSK_FS_NAME *at = tsk_fs_dir_get_name (l->dir, l->by_name[mid]);
      int c = strcmp (at->name, name);
      if (c == 0)
        {
          *out = at;
          return 0;
        }
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (size_t i = 0; i < l->n_by_name && !*out; i++)
    {
      const TSK_FS_NAME *at = tsk_fs_dir_get_name (l->dir, l->by_name[i]);
      if (strcasecmp (at->name, name) == 0)
        *out = at;
    }
  return 0;
}

static int
tsk_open_child (scan_dir *parent, const char *name, scan_dir **out, scan_node_id *id)
{
  const TSK_FS_NAME *at;
  *out = NULL;
  int rc = find_name (parent->loaded, name, &at);
  return rc < 0                               ? rc
         : !at                                ? SCAN_ENOENT
         : at->type == TSK_FS_NAME_TYPE_LNK   ? SCAN_ELINK
         : at->type != TSK_FS_NAME_TYPE_DIR   ? SCAN_ENOTDIR
                                              : wrap_dir (parent->image, at->meta_addr, out, id);
}

static int
tsk_read (scan_dir *dir, scan_dirent *ent)
{
  TSK_FS_DIR *d = dir->loaded->dir;
  while (dir->next < tsk_fs_dir_getsize (d))
    {
      const TSK_FS_NAME *name = tsk_fs_dir_get_name (d, dir->next++);
      if (!listed (name))
        continue;
      ent->name = name->name;
      ent->len = strlen (name->name);
      ent->type = name->type == TSK_FS_NAME_TYPE_REG   ? SCAN_ENT_FILE
                  : name->type == TSK_FS_NAME_TYPE_DIR ? SCAN_ENT_DIR
                  : name->type == TSK_FS_NAME_TYPE_LNK ? SCAN_ENT_LINK
                                                       : SCAN_ENT_OTHER;
      return 1;
    }
  return 0;
}

static void
tsk_close_dir (scan_dir *dir)
{
  if (!dir)
    return;
  unload_dir (dir->loaded);
  free (dir);
}

/* --- NTFS in the order of its Master File Table --------------------------------------------- */

/* A folder of the volume, as the MFT names it: its parent and its path once made. */
typedef struct mft_dir
{
  TSK_INUM_T inum, parent;
  uint32_t seq, parent_seq;
  char *name;     /* NULL: a folder with no name of its own (the root) */
  char *path;     /* made on first use */
  size_t path_len;
  unsigned depth;
  unsigned char state; /* DIR_UNMADE, DIR_MADE, DIR_LOST */
} mft_dir;

enum
{
  DIR_UNMADE,
  DIR_MADE,
  DIR_LOST, /* its parents do not lead to the root (an orphan, a loop): the folder walk would
             * not reach it either */
  PROGRESS_EVERY = 4096,
};

/* An entry met before its folder (a folder made later than what it holds takes a later MFT
 * entry): visited once the whole table is read. */
typedef struct mft_later
{
  char *name;
  TSK_INUM_T parent;
  uint32_t parent_seq;
  scan_ent_type type;
} mft_later;

typedef struct mft_walk
{
  const scan_walk_options *o;
  scan_walk_stats *stats;
  scan_image *image;
  mft_dir *dirs; /* in MFT order, which is their inode order: found by binary search */
  size_t n_dirs, cap_dirs;
  size_t *stack; /* make_path's way up: room for every folder */
  mft_later *later;
  size_t n_later, cap_later;
  uint64_t seen;
  int rc;        /* what stops the walk: a cancel, no memory, the visitor's code */
} mft_walk;

static bool
is_virtual (const TSK_FS_META *meta)
{
  return meta->type == TSK_FS_META_TYPE_VIRT || meta->type == TSK_FS_META_TYPE_VIRT_DIR;
}

/* Grows *ITEMS (of SIZE bytes each, *CAP of them) to hold one more; false: no memory. */
static bool
grow (void **items, size_t *cap, size_t n, size_t size)
{
  if (n < *cap)
    return true;
  size_t more = *cap ? 2 * *cap : 1024;
  void *p = realloc (*items, more * size);
  if (!p)
    return false;
  *items = p;
  *cap = more;
  return true;
}

/* The folder META, with its first name (none for the root), into the table of folders. */
static int
add_dir (mft_walk *m, const TSK_FS_META *meta)
{
  size_t cap = m->cap_dirs;
  if (!grow ((void **) &m->dirs, &m->cap_dirs, m->n_dirs, sizeof *m->dirs))
    return SCAN_ENOMEM;
  if (cap != m->cap_dirs)
    {
      size_t *stack = realloc (m->stack, m->cap_dirs * sizeof *stack);
      if (!stack)
        return SCAN_ENOMEM;
      m->stack = stack;
    }
  mft_dir *d = &m->dirs[m->n_dirs];
  *d = (mft_dir) { .inum = meta->addr, .seq = meta->seq, .parent = meta->addr };
  const TSK_FS_META_NAME_LIST *n = meta->name2;
  if (meta->addr != m->image->fs->root_inum && n)
    {
      d->parent = n->par_inode;
      d->parent_seq = n->par_seq;
      if (!(d->name = strdup (n->name)))
        return SCAN_ENOMEM;
    }
  m->n_dirs++;
  return 0;
}

static mft_dir *
find_dir (const mft_walk *m, TSK_INUM_T inum, uint32_t seq)
{
  size_t lo = 0, hi = m->n_dirs;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (m->dirs[mid].inum == inum)
        /* An entry reused since names another file: its old children are orphans. */
        return m->dirs[mid].seq == seq || inum == m->image->fs->root_inum ? &m->dirs[mid] : NULL;
      if (m->dirs[mid].inum < inum)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

/* D's path, made from its parents' (each made once: the walk costs the sum of the folders'
 * path lengths); NULL when D does not lead to the root (DIR_LOST), or, before the end of the
 * table (not FINAL), when a folder on the way has not been met yet. */
static const char *
make_path (mft_walk *m, mft_dir *d, bool final)
{
  size_t n = 0;
  mft_dir *at = d;
  while (at && at->state == DIR_UNMADE)
    {
      if (at->inum == m->image->fs->root_inum)
        {
          if (!(at->path = strdup (m->o->root)))
            {
              m->rc = SCAN_ENOMEM;
              return NULL;
            }
          at->path_len = strlen (at->path);
          at->state = DIR_MADE;
          break;
        }
      if (n == m->n_dirs)
        at = NULL; /* more steps than folders: a loop of parents */
      else
        {
          m->stack[n++] = (size_t) (at - m->dirs);
          mft_dir *up = at->name ? find_dir (m, at->parent, at->parent_seq) : NULL;
          if (!up && !final)
            return NULL; /* its folder may come later in the table */
          at = up;
        }
    }
  bool lost = !at || at->state != DIR_MADE;
  /* Down again, each path its parent's and its name. */
  while (n > 0)
    {
      mft_dir *child = &m->dirs[m->stack[--n]];
      if (lost)
        {
          child->state = DIR_LOST;
          continue;
        }
      size_t name_len = strlen (child->name);
      child->path = malloc (at->path_len + 1 + name_len + 1);
      if (!child->path)
        {
          m->rc = SCAN_ENOMEM;
          return NULL;
        }
      memcpy (child->path, at->path, at->path_len);
      child->path[at->path_len] = m->o->separator;
      memcpy (child->path + at->path_len + 1, child->name, name_len + 1);
      child->path_len = at->path_len + 1 + name_len;
      child->depth = at->depth + 1;
      child->state = DIR_MADE;
      at = child;
    }
  return d->state == DIR_MADE ? d->path : NULL;
}

/* NAME of type TYPE in the folder PARENT (PARENT_SEQ), to the visitor; kept for later when its
 * folder is not known yet (not FINAL). */
static int
visit_name (mft_walk *m, const char *name, TSK_INUM_T parent_inum, uint32_t parent_seq,
            scan_ent_type type, bool final)
{
  mft_dir *parent = find_dir (m, parent_inum, parent_seq);
  const char *dir = parent ? make_path (m, parent, final) : NULL;
  if (m->rc < 0)
    return m->rc;
  if (!dir && !final && (!parent || parent->state != DIR_LOST))
    {
      if (!grow ((void **) &m->later, &m->cap_later, m->n_later, sizeof *m->later))
        return SCAN_ENOMEM;
      mft_later *l = &m->later[m->n_later];
      *l = (mft_later) { strdup (name), parent_inum, parent_seq, type };
      if (!l->name)
        return SCAN_ENOMEM;
      m->n_later++;
      return 0;
    }
  if (!dir)
    return 0; /* not under the root: no path a folder walk would give it */
  scan_walk_entry e = {
    .dir = dir,
    .dir_len = parent->path_len,
    .name = name,
    .name_len = strlen (name),
    .type = type,
    .depth = parent->depth + 1,
  };
  m->stats->entries++;
  if (type == SCAN_ENT_DIR)
    m->stats->folders++;
  int rc = m->o->visit ? m->o->visit (m->o->user, &e) : 0;
  if (rc < 0)
    return rc;
  if (++m->seen % PROGRESS_EVERY == 0 && m->o->progress
      && m->o->progress (m->o->user, m->stats->entries, dir))
    return SCAN_ECANCELED;
  return 0;
}

/* Every entry in use, in the table's order: a folder into the table of folders, then each of
 * its names to the visitor. */
static TSK_WALK_RET_ENUM
visit_entry (TSK_FS_FILE *file, void *data)
{
  mft_walk *m = data;
  const TSK_FS_META *meta = file->meta;
  if (!meta || is_virtual (meta))
    return TSK_WALK_CONT;
  if (meta->type == TSK_FS_META_TYPE_DIR && (m->rc = add_dir (m, meta)) < 0)
    return TSK_WALK_STOP;
  if (meta->addr == m->image->fs->root_inum)
    return TSK_WALK_CONT;
  scan_ent_type type = meta->type == TSK_FS_META_TYPE_REG   ? SCAN_ENT_FILE
                       : meta->type == TSK_FS_META_TYPE_DIR ? SCAN_ENT_DIR
                       : meta->type == TSK_FS_META_TYPE_LNK ? SCAN_ENT_LINK
                                                            : SCAN_ENT_OTHER;
  for (const TSK_FS_META_NAME_LIST *n = meta->name2; n && m->rc == 0; n = n->next)
    m->rc = visit_name (m, n->name, n->par_inode, n->par_seq, type, false);
  return m->rc < 0 ? TSK_WALK_STOP : TSK_WALK_CONT;
}

/* One read of the whole table: each entry is visited as it is met, or (met before its folder)
 * once the table has been read; memory grows with the folders, and with the entries met
 * before their folders. */
static int
tsk_walk_volume (const scan_walk_options *o, scan_walk_stats *stats)
{
  scan_image *image = image_of (o->root, SIZE_MAX);
  if (!image || !TSK_FS_TYPE_ISNTFS (image->fs->ftype))
    return SCAN_EUNSUPPORTED; /* FAT has no such table: folder by folder */
  mft_walk m = { .o = o, .stats = stats, .image = image };
  TSK_FS_META_FLAG_ENUM in_use = TSK_FS_META_FLAG_ALLOC | TSK_FS_META_FLAG_USED;
  uint8_t failed = tsk_fs_meta_walk (image->fs, image->fs->first_inum, image->fs->last_inum,
                                     in_use, visit_entry, &m);
  tsk_error_reset ();
  for (size_t i = 0; i < m.n_later && m.rc == 0; i++)
    m.rc = visit_name (&m, m.later[i].name, m.later[i].parent, m.later[i].parent_seq,
                       m.later[i].type, true);
  /* A damaged MFT: what was read stands, and the volume is said not to be read whole. */
  if (failed && m.rc == 0 && o->error)
    {
      o->error (o->user, o->root, SCAN_EIO);
      stats->errors++;
    }
  for (size_t i = 0; i < m.n_dirs; i++)
    {
      free (m.dirs[i].name);
      free (m.dirs[i].path);
    }
  for (size_t i = 0; i < m.n_later; i++)
    free (m.later[i].name);
  free (m.dirs);
  free (m.stack);
  free (m.later);
  return m.rc;
}

static const scan_fs_ops image_fs = {
  .open_root = tsk_open_root,
  .open_child = tsk_open_child,
  .read = tsk_read,
  .close = tsk_close_dir,
  .walk_volume = tsk_walk_volume,
};

const scan_fs_ops *
scan_image_fs (void)
{
  return &image_fs;
}

/* --- Hives ----------------------------------------------------------------------------------- */

/* The file FILE's bytes into the new memory file *FD. */
static int
read_out (TSK_FS_FILE *file, int *fd)
{
  TSK_OFF_T size = file->meta->size;
  if (size > MAX_IMAGE_HIVE)
    return SCAN_EHIVE;
  char *buf = malloc (READ_BLOCK);
  *fd = memfd_create ("blaster-check-hive", MFD_CLOEXEC);
  int rc = !buf ? SCAN_ENOMEM : *fd < 0 ? scan__posix_error (errno, false) : 0;
  for (TSK_OFF_T off = 0; rc == 0 && off < size;)
    {
      size_t want = size - off < READ_BLOCK ? (size_t) (size - off) : READ_BLOCK;
      ssize_t got = tsk_fs_file_read (file, off, buf, want, TSK_FS_FILE_READ_FLAG_NONE);
      tsk_error_reset ();
      if (got <= 0)
        rc = SCAN_EIO;
      else if (write (*fd, buf, (size_t) got) != got)
        rc = scan__posix_error (errno, false);
      else
        off += got;
    }
  free (buf);
  if (rc < 0 && *fd >= 0)
    {
      close (*fd);
      *fd = -1;
    }
  return rc;
}

/* The file at PATH ('/'-separated below the root) of IMAGE, found through the kept folders
 * (The Sleuth Kit's own path lookup would load each folder on the way again). */
static int
open_path (scan_image *image, const char *path, TSK_FS_FILE **out)
{
  loaded_dir *at;
  TSK_INUM_T inum = image->fs->root_inum;
  int rc = load_dir (image, inum, &at);
  *out = NULL;
  for (const char *p = path; rc == 0 && *p;)
    {
      while (*p == '/')
        p++;
      size_t n = strcspn (p, "/");
      char *part = n ? strndup (p, n) : NULL;
      if (n == 0)
        break;
      if (!part)
        {
          rc = SCAN_ENOMEM;
          break;
        }
      const TSK_FS_NAME *name;
      rc = find_name (at, part, &name);
      free (part);
      p += n;
      if (rc == 0 && !name)
        rc = SCAN_ENOENT;
      if (rc < 0)
        break;
      inum = name->meta_addr;
      bool last = *p == '\0' || p[strspn (p, "/")] == '\0';
      if (!last && name->type != TSK_FS_NAME_TYPE_DIR)
        rc = SCAN_ENOTDIR;
      else if (!last)
        {
          loaded_dir *next;
          rc = load_dir (image, inum, &next);
          unload_dir (at);
          at = rc == 0 ? next : NULL;
        }
    }
  if (at)
    unload_dir (at);
  if (rc == 0)
    {
      *out = tsk_fs_file_open_meta (image->fs, NULL, inum);
      tsk_error_reset ();
      if (!*out || !(*out)->meta)
        {
          if (*out)
            tsk_fs_file_close (*out);
          *out = NULL;
          rc = SCAN_EIO;
        }
    }
  return rc;
}

static int
tsk_hive_open (const char *path, size_t root_len, scan_hive **out)
{
  *out = NULL;
  scan_image *image = image_of (path, root_len);
  if (!image)
    return SCAN_ENOENT;
  TSK_FS_FILE *file;
  int rc = open_path (image, path + root_len, &file);
  if (rc < 0 || !file || !file->meta)
    return rc < 0 ? rc : SCAN_EIO;
  int fd = -1;
  rc = file->meta->type == TSK_FS_META_TYPE_REG   ? read_out (file, &fd)
       : file->meta->type == TSK_FS_META_TYPE_DIR ? SCAN_EHIVE
                                                  : SCAN_ENOTREG;
  tsk_fs_file_close (file);
  if (rc == 0)
    {
      rc = scan__posix_hive_from_fd (fd, out);
      close (fd); /* hivex holds its own descriptor of the memory file */
    }
  return rc;
}

static scan_registry_ops image_registry;
static pthread_once_t image_registry_once = PTHREAD_ONCE_INIT;

/* The offline registry's reader, but for how a hive file is reached. */
static void
make_image_registry (void)
{
  image_registry = *scan_platform_offline_registry ();
  image_registry.open = tsk_hive_open;
}

const scan_registry_ops *
scan_image_registry (void)
{
  pthread_once (&image_registry_once, make_image_registry);
  return &image_registry;
}
