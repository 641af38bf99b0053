/* kfuzz: a worker's bookkeeping: the ranges it protects, its scratch area, and the handles,
 * endpoints, mappings, threads and children it keeps for later calls. */
#include "kfuzz.h"

uint64_t page_up(uint64_t v)
{
    return (v + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* [start, start+len) meets a range the worker needs to keep running. */
bool hits_protected(const struct worker *w, uint64_t start, uint64_t len)
{
    uint64_t end = start + page_up(len);
    if (end < start || page_up(len) < len)
        end = UINT64_MAX;
    for (int i = 0; i < w->nprotect; i++) {
        if (start < w->protect[i].end && end > w->protect[i].start)
            return true;
    }
    return false;
}

void protect(struct worker *w, uint64_t start, uint64_t len)
{
    w->protect[w->nprotect++] = (struct range){start & ~(PAGE_SIZE - 1), start + page_up(len)};
}

bool in_scratch(const struct worker *w, uint64_t p, uint64_t len)
{
    uint64_t s = (uint64_t)w->scratch;
    return p >= s && p + len >= p && p + len <= s + SCRATCH_PAGES * PAGE_SIZE;
}

/* Room for the current call's structures (argv arrays, wait items, a sigaction). */
uint8_t *area(struct worker *w, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (w->area_used + n > AREA_PAGES * PAGE_SIZE)
        w->area_used = 0;
    uint8_t *p = w->scratch + GENERAL_PAGES * PAGE_SIZE + w->area_used;
    w->area_used += n;
    return p;
}

void add_handle(struct worker *w, int h)
{
    for (int i = 0; i < w->nhandles; i++) {
        if (w->handles[i] == h)
            return;
    }
    if (w->nhandles == MAX_HANDLES) {
        /* Full: the oldest goes, so that handle tables do not fill for good. */
        if (w->handles[0] != endpoint_of(w))
            sys_handle_close(w->handles[0]);
        memmove(w->handles, w->handles + 1, sizeof w->handles[0] * (MAX_HANDLES - 1));
        w->nhandles--;
    }
    w->handles[w->nhandles++] = h;
}

void forget_handle(struct worker *w, int h)
{
    for (int i = 0; i < w->nhandles; i++) {
        if (w->handles[i] == h) {
            w->handles[i] = w->handles[--w->nhandles];
            return;
        }
    }
}

/* Replaces the endpoint read as `seen` by h; false if the other thread changed it first. */
bool swap_endpoint(struct worker *w, uint64_t seen, int h)
{
    uint64_t next = (((seen >> 32) + 1) << 32) | (uint32_t)h;
    return __sync_bool_compare_and_swap(&w->ep_word, seen, next);
}

/* The main thread's change: whatever the server thread did meanwhile, h wins. */
void set_endpoint(struct worker *w, int h)
{
    uint64_t seen;
    do
        seen = w->ep_word;
    while (!swap_endpoint(w, seen, h));
}

bool is_endpoint(const struct worker *w, int64_t h)
{
    if (h == endpoint_of(w))
        return h >= 0;
    for (int i = 0; i < w->nep_dups; i++) {
        if (w->ep_dups[i] == h)
            return true;
    }
    return false;
}

void forget_endpoint(struct worker *w, int h)
{
    for (int i = 0; i < w->nep_dups; i++) {
        if (w->ep_dups[i] == h) {
            w->ep_dups[i] = w->ep_dups[--w->nep_dups];
            return;
        }
    }
    /* The server's own handle: a duplicate takes over, else the server registers again. */
    if (h == endpoint_of(w))
        set_endpoint(w, w->nep_dups ? w->ep_dups[--w->nep_dups] : -1);
}

void add_endpoint_dup(struct worker *w, int h)
{
    if (is_endpoint(w, h))
        return;
    if (w->nep_dups == 4)
        sys_handle_close(h); /* enough of them */
    else
        w->ep_dups[w->nep_dups++] = h;
}

static void unmap_region(const struct region *r)
{
    if (r->kind == R_SHM)
        sys_shm_unmap((long)r->start);
    else
        sys_munmap((long)r->start, (long)r->len);
}

void add_region(struct worker *w, uint64_t start, uint64_t len, int kind)
{
    if (w->nregions == MAX_REGIONS) {
        unmap_region(&w->regions[0]);
        w->unmapped = w->regions[0].start;
        memmove(w->regions, w->regions + 1, sizeof w->regions[0] * (MAX_REGIONS - 1));
        w->nregions--;
    }
    w->regions[w->nregions++] = (struct region){start, page_up(len), kind};
}

void forget_regions(struct worker *w, uint64_t start, uint64_t len)
{
    uint64_t end = start + page_up(len);
    for (int i = 0; i < w->nregions;) {
        struct region *r = &w->regions[i];
        if (r->start < end && r->start + r->len > start) {
            w->unmapped = r->start;
            *r = w->regions[--w->nregions];
        } else {
            i++;
        }
    }
}

void add_tid(struct worker *w, int tid)
{
    w->tids[w->tid_next++ % 8] = tid;
    if (w->ntids < 8)
        w->ntids++;
}

void add_child(struct worker *w, int pid)
{
    if (w->nchildren < MAX_CHILDREN)
        w->children[w->nchildren++] = pid;
}

void forget_child(struct worker *w, int pid)
{
    for (int i = 0; i < w->nchildren; i++) {
        if (w->children[i] == pid) {
            w->children[i] = w->children[--w->nchildren];
            return;
        }
    }
}
