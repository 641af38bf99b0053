/* tmpfs: a writable file system in memory, serving tmp: (/tmp) and home:
 * (/home), one tree each (docs/schemes.md). The declarations the three parts
 * share: tree.c (nodes, names, the lookup hash), data.c (file contents and
 * the size cap), ops.c (open files and the scheme handlers). */
#ifndef TMPFS_H
#define TMPFS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TMPFS_CAP       (64ull * 1024 * 1024) /* bytes of file data, both trees */
#define TMPFS_NODES_MAX 65536                 /* files and directories, both trees */

struct fs;

struct node {
    struct fs *fs;
    uint64_t ino;
    int is_dir;
    uint32_t mode;  /* permission bits (07777) */
    uint32_t nlink; /* files: 1 while named; directories: 2 + subdirectories */
    uint32_t refs;  /* open files on it; freed at 0 once removed */
    int removed;    /* unlinked, rmdir'ed or replaced: no name any more */
    struct node *parent;
    char *name;
    size_t name_len;
    struct node *hnext;               /* the fs's lookup hash chain */
    struct node *prev_sib, *next_sib; /* the parent's listing, oldest first */
    uint64_t cookie;                  /* this node's place in the parent's listing */
    /* directories */
    struct node *first, *last;
    uint64_t next_cookie;
    uint64_t children;
    /* files */
    unsigned char *data;
    uint64_t size, cap;
    struct timespec atime, mtime, ctime;
};

struct fs {
    const char *name; /* the scheme */
    uint64_t dev;
    struct node *root;
    struct node **hash;
    size_t hash_size, hash_count;
    uint64_t next_ino;
};

/* tree.c */
struct timespec tmpfs_now(void);
int fs_init(struct fs *fs, const char *name, uint64_t dev);
struct node *node_lookup(struct fs *fs, struct node *dir, const char *name, size_t len);
/* Resolves every component of a checked path but the last: *dir is the
 * directory it lives in and name/len the last component; for "" (the root)
 * *dir is NULL. 0, -ENOENT or -ENOTDIR. */
int fs_walk(struct fs *fs, const char *path, struct node **dir, const char **name, size_t *len);
/* A new file or directory named name in dir: the node, or NULL (-errno in
 * *err: ENOSPC, ENOMEM). */
struct node *node_create(struct fs *fs, struct node *dir, const char *name, size_t len, int is_dir,
                         uint32_t mode, int *err);
/* Takes the node's name away (unlink, rmdir, replaced by a rename); it is
 * freed once no open file refers to it. */
void node_remove(struct node *n);
/* Gives n the name `name` (malloc'ed, NUL-terminated; n owns it now) in dir:
 * a rename whose target name is free. */
void node_move(struct node *n, struct node *dir, char *name, size_t len);
void node_get(struct node *n);
void node_put(struct node *n);
/* Is a an ancestor of (or the same as) b? */
int node_is_ancestor(const struct node *a, const struct node *b);

/* data.c */
/* The bytes at pos (at most want): their count, and where they are in *from
 * (valid until the file changes). */
size_t data_read(struct node *n, uint64_t pos, size_t want, const void **from);
/* Writes len bytes at pos (zeros fill a hole before it): bytes written, or
 * -ENOSPC / -EFBIG / -ENOMEM. */
long data_write(struct node *n, uint64_t pos, const void *src, size_t len);
/* 0, or -ENOSPC / -EFBIG / -ENOMEM. */
long data_truncate(struct node *n, uint64_t size);
void data_free(struct node *n);
uint64_t data_used(void);

#endif
