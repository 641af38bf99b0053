/* tmpfs's tree: nodes, their names and the per-directory listing, and one
 * hash per file system from (directory, name) to node, so a lookup costs one
 * component's hash whatever the number of files. A removed node stays
 * allocated while open files refer to it (unlink of an open file). */
#include "tmpfs.h"

#include <cobalt/sys.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static uint64_t node_count;

struct timespec tmpfs_now(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(1, (long)&ns);
    return (struct timespec){(time_t)(ns / 1000000000), (long)(ns % 1000000000)};
}

static size_t hash_of(const struct node *dir, const char *name, size_t len)
{
    uint64_t h = 1469598103934665603ull ^ dir->ino * 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)name[i]) * 1099511628211ull;
    return (size_t)(h ^ h >> 29);
}

static void hash_insert(struct fs *fs, struct node *n)
{
    size_t i = hash_of(n->parent, n->name, n->name_len) & (fs->hash_size - 1);
    n->hnext = fs->hash[i];
    fs->hash[i] = n;
    fs->hash_count++;
}

static void hash_delete(struct fs *fs, struct node *n)
{
    size_t i = hash_of(n->parent, n->name, n->name_len) & (fs->hash_size - 1);
    for (struct node **p = &fs->hash[i]; *p; p = &(*p)->hnext) {
        if (*p == n) {
            *p = n->hnext;
            fs->hash_count--;
            return;
        }
    }
}

/* Doubles the table when it holds more names than buckets (best effort:
 * without memory the chains just grow longer). */
static void hash_grow(struct fs *fs)
{
    if (fs->hash_count < fs->hash_size)
        return;
    size_t size = fs->hash_size * 2;
    struct node **h = calloc(size, sizeof *h);
    if (!h)
        return;
    for (size_t i = 0; i < fs->hash_size; i++) {
        for (struct node *n = fs->hash[i], *next; n; n = next) {
            next = n->hnext;
            size_t j = hash_of(n->parent, n->name, n->name_len) & (size - 1);
            n->hnext = h[j];
            h[j] = n;
        }
    }
    free(fs->hash);
    fs->hash = h;
    fs->hash_size = size;
}

int fs_init(struct fs *fs, const char *name, uint64_t dev)
{
    *fs = (struct fs){.name = name, .dev = dev, .hash_size = 256, .next_ino = 2};
    fs->hash = calloc(fs->hash_size, sizeof *fs->hash);
    struct node *root = calloc(1, sizeof *root);
    if (!fs->hash || !root)
        return -ENOMEM;
    struct timespec t = tmpfs_now();
    *root = (struct node){.fs = fs,
                          .ino = 1,
                          .is_dir = 1,
                          .mode = 01777,
                          .nlink = 2,
                          .next_cookie = 2,
                          .atime = t,
                          .mtime = t,
                          .ctime = t};
    fs->root = root;
    node_count++;
    return 0;
}

struct node *node_lookup(struct fs *fs, struct node *dir, const char *name, size_t len)
{
    size_t i = hash_of(dir, name, len) & (fs->hash_size - 1);
    for (struct node *n = fs->hash[i]; n; n = n->hnext) {
        if (n->parent == dir && n->name_len == len && memcmp(n->name, name, len) == 0)
            return n;
    }
    return NULL;
}

int fs_walk(struct fs *fs, const char *path, struct node **dir, const char **name, size_t *len)
{
    if (!*path) {
        *dir = NULL;
        *name = path;
        *len = 0;
        return 0;
    }
    struct node *d = fs->root;
    for (;;) {
        const char *slash = strchr(path, '/');
        if (!slash) {
            *dir = d;
            *name = path;
            *len = strlen(path);
            return 0;
        }
        struct node *n = node_lookup(fs, d, path, (size_t)(slash - path));
        if (!n)
            return -ENOENT;
        if (!n->is_dir)
            return -ENOTDIR;
        d = n;
        path = slash + 1;
    }
}

static void list_append(struct node *dir, struct node *n)
{
    n->parent = dir;
    n->cookie = dir->next_cookie++;
    n->prev_sib = dir->last;
    n->next_sib = NULL;
    if (dir->last)
        dir->last->next_sib = n;
    else
        dir->first = n;
    dir->last = n;
    dir->children++;
    if (n->is_dir)
        dir->nlink++;
    dir->mtime = dir->ctime = tmpfs_now();
}

static void list_remove(struct node *n)
{
    struct node *dir = n->parent;
    if (n->prev_sib)
        n->prev_sib->next_sib = n->next_sib;
    else
        dir->first = n->next_sib;
    if (n->next_sib)
        n->next_sib->prev_sib = n->prev_sib;
    else
        dir->last = n->prev_sib;
    dir->children--;
    if (n->is_dir)
        dir->nlink--;
    dir->mtime = dir->ctime = tmpfs_now();
}

struct node *node_create(struct fs *fs, struct node *dir, const char *name, size_t len, int is_dir,
                         uint32_t mode, int *err)
{
    if (node_count >= TMPFS_NODES_MAX) {
        *err = -ENOSPC;
        return NULL;
    }
    struct node *n = calloc(1, sizeof *n);
    char *copy = malloc(len + 1);
    if (!n || !copy) {
        free(n);
        free(copy);
        *err = -ENOMEM;
        return NULL;
    }
    memcpy(copy, name, len);
    copy[len] = 0;
    struct timespec t = tmpfs_now();
    *n = (struct node){.fs = fs,
                       .ino = fs->next_ino++,
                       .is_dir = is_dir,
                       .mode = mode & 07777,
                       .nlink = is_dir ? 2 : 1,
                       .name = copy,
                       .name_len = len,
                       .next_cookie = 2,
                       .atime = t,
                       .mtime = t,
                       .ctime = t};
    node_count++;
    list_append(dir, n);
    hash_grow(fs);
    hash_insert(fs, n);
    return n;
}

static void node_free(struct node *n)
{
    data_free(n);
    free(n->name);
    free(n);
    node_count--;
}

void node_remove(struct node *n)
{
    hash_delete(n->fs, n);
    list_remove(n);
    n->parent = NULL;
    n->removed = 1;
    n->nlink = 0;
    n->ctime = tmpfs_now();
    if (!n->refs)
        node_free(n);
}

void node_move(struct node *n, struct node *dir, char *name, size_t len)
{
    hash_delete(n->fs, n);
    list_remove(n);
    free(n->name);
    n->name = name;
    n->name_len = len;
    list_append(dir, n);
    hash_grow(n->fs);
    hash_insert(n->fs, n);
    n->ctime = tmpfs_now();
}

void node_get(struct node *n)
{
    n->refs++;
}

void node_put(struct node *n)
{
    if (--n->refs == 0 && n->removed)
        node_free(n);
}

int node_is_ancestor(const struct node *a, const struct node *b)
{
    for (; b; b = b->parent) {
        if (a == b)
            return 1;
    }
    return 0;
}
