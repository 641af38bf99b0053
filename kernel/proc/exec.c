/* Spawning a program: look the path up in the boot image, check the ELF,
 * create the process, load it, build the SysV initial stack, and start its
 * first thread. Nothing is created until the image has been checked. */
#include "exec.h"

#include "cobalt/abi.h"
#include "cobalt/errno.h"
#include "elf.h"
#include "fpu.h"
#include "initfs.h"
#include "kstring.h"
#include "msr.h"
#include "paging.h"
#include "percpu.h"
#include "pmm.h"
#include "process.h"
#include "sched.h"
#include "thread.h"
#include "vm.h"

#define AUXV_PAIRS 7
/* The pointer block: argc, argv[] + NULL, envp[] + NULL, auxv pairs. */
#define BLOCK_WORDS(argc, envc) (1 + (argc) + 1 + (envc) + 1 + 2 * AUXV_PAIRS)

static uint64_t random_state = 0x9E3779B97F4A7C15ULL;

/* AT_RANDOM bytes: a fixed-seed generator, so test runs repeat exactly. */
static void fill_random(uint8_t out[16])
{
    for (int i = 0; i < 16; i++) {
        random_state ^= random_state << 13;
        random_state ^= random_state >> 7;
        random_state ^= random_state << 17;
        out[i] = (uint8_t)random_state;
    }
}

static void put_pointers(uint64_t *block, unsigned *at, uint64_t strings_va, const char *s,
                         unsigned n)
{
    uint64_t off = 0;
    for (unsigned i = 0; i < n; i++) {
        block[(*at)++] = strings_va + off;
        off += strlen(s + off) + 1;
    }
    block[(*at)++] = 0;
}

/* Writes strings, random bytes and the pointer block below VM_STACK_TOP;
 * returns the initial rsp (pointing at argc), or 0 on failure. */
static uint64_t build_stack(struct vm_space *vm, const struct elf_image *img,
                            const struct exec_strings *a)
{
    uint64_t top = VM_STACK_TOP;
    uint64_t argv_va = top - a->argv_bytes - a->envp_bytes - 16;
    uint64_t envp_va = argv_va + a->argv_bytes;
    uint64_t random_va = envp_va + a->envp_bytes;
    unsigned words = BLOCK_WORDS(a->argc, a->envc);
    uint64_t sp = (argv_va - words * 8) & ~15ULL;

    uint64_t block[BLOCK_WORDS(SPAWN_ARGS_MAX, SPAWN_ARGS_MAX)];
    unsigned at = 0;
    block[at++] = a->argc;
    put_pointers(block, &at, argv_va, a->argv, a->argc);
    put_pointers(block, &at, envp_va, a->envp, a->envc);
    const uint64_t aux[AUXV_PAIRS][2] = {
        {AT_PHDR, img->phdr_addr},
        {AT_PHENT, 56},
        {AT_PHNUM, img->phnum},
        {AT_PAGESZ, PAGE_SIZE},
        {AT_ENTRY, img->entry},
        {AT_RANDOM, random_va},
        {AT_NULL, 0},
    };
    for (unsigned i = 0; i < AUXV_PAIRS; i++) {
        block[at++] = aux[i][0];
        block[at++] = aux[i][1];
    }
    uint8_t random[16];
    fill_random(random);
    if (!vm_write(vm, argv_va, a->argv, a->argv_bytes) ||
        !vm_write(vm, envp_va, a->envp, a->envp_bytes) ||
        !vm_write(vm, random_va, random, sizeof random) ||
        !vm_write(vm, sp, block, at * sizeof(uint64_t)))
        return 0;
    return sp;
}

static const char *base_name(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++) {
        if (*p == '/')
            b = p + 1;
    }
    return b;
}

/* Builds a fresh address space holding path's program and its initial
 * stack; on success *vm_out, *entry and *sp describe how to start it. */
static int build_image(const char *path, const struct exec_strings *args, struct vm_space **vm_out,
                       uint64_t *entry, uint64_t *sp)
{
    const uint8_t *data;
    size_t size;
    if (!initfs_find(path, &data, &size))
        return -ENOENT;
    struct elf_image img;
    int err = elf_check(data, size, &img);
    if (err)
        return err;
    if (args->argc > SPAWN_ARGS_MAX || args->envc > SPAWN_ARGS_MAX ||
        args->argv_bytes + args->envp_bytes > 2 * SPAWN_STRINGS_MAX)
        return -E2BIG;
    struct vm_space *vm = vm_create();
    if (!vm)
        return -ENOMEM;
    err = elf_load(vm, &img);
    if (!err)
        err = vm_add_region(vm, VM_STACK_TOP - VM_STACK_SIZE, VM_STACK_SIZE, VM_READ | VM_WRITE);
    *sp = err ? 0 : build_stack(vm, &img, args);
    if (!*sp) {
        vm_destroy(vm);
        return err ? err : -ENOMEM;
    }
    *vm_out = vm;
    *entry = img.entry;
    return 0;
}

static void set_name(struct process *p, const char *path)
{
    const char *b = base_name(path);
    size_t n = strlen(b);
    if (n >= PROCESS_NAME_MAX)
        n = PROCESS_NAME_MAX - 1;
    memcpy(p->name, b, n);
    p->name[n] = '\0';
}

int exec_spawn(struct process *parent, const char *path, const struct exec_strings *args,
               bool grant_io)
{
    struct vm_space *vm;
    uint64_t entry, sp;
    int err = build_image(path, args, &vm, &entry, &sp);
    if (err)
        return err;
    struct process *p = process_create(base_name(path), parent);
    if (!p) {
        vm_destroy(vm);
        return -EAGAIN;
    }
    vm_destroy(p->vm);
    p->vm = vm;
    p->may_do_io = grant_io;
    struct thread *t = thread_create_user(p, entry, sp, 0);
    if (!t) {
        p->parent = 0;
        process_discard(p);
        return -ENOMEM;
    }
    sched_make_runnable(t);
    return p->pid;
}

int exec_replace(const char *path, const struct exec_strings *args)
{
    struct vm_space *vm;
    uint64_t entry, sp;
    int err = build_image(path, args, &vm, &entry, &sp);
    if (err)
        return err;
    struct thread *me = current_thread();
    struct process *p = me->proc;
    /* Other threads do not survive exec. */
    for (struct thread *t = p->threads; t; t = t->proc_next) {
        if (t != me) {
            t->clear_tid = 0; /* its word lived in the old address space */
            thread_kill(t);
        }
    }
    struct vm_space *old = p->vm;
    p->vm = vm;
    paging_switch(vm->root);
    vm_destroy(old);
    set_name(p, path);
    struct trap_frame *f = thread_frame(me);
    uint64_t cs = f->cs, ss = f->ss;
    memset(f, 0, sizeof *f);
    f->rip = entry;
    f->rsp = sp;
    f->cs = cs;
    f->ss = ss;
    f->rflags = 0x202;
    me->fs_base = 0;
    wrmsr(MSR_FS_BASE, 0);
    me->clear_tid = 0;
    fpu_init_state(me->fpu);
    fpu_restore(me->fpu);
    /* Handlers do not survive exec (the code is gone); ignored signals stay ignored. */
    for (int sig = 1; sig < COBALT_NSIG; sig++) {
        if (p->signals.action[sig].handler > COBALT_SIG_IGN)
            p->signals.action[sig] = (struct cobalt_sigaction){0, 0, 0, 0};
    }
    return 0;
}
