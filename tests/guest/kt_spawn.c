/* kt_spawn: spawn and wait (docs/syscalls.md), the SysV initial stack a new
 * process gets ("Process start"), and the ELF checks: every broken variant of
 * kt_tiny in bin/bad/ (tests/guest/mkbadelf.py) is refused. Owns USPN*. */
#include "kt.h"

struct elf_ehdr {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD    1
#define PF_X       1
#define IMAGE_BASE 0x400000UL /* the Makefile links every program here */
#define STACK_TOP  0x7FFFFFFFF000UL
#define STACK_SIZE (1UL << 20)

void _start(void);

static const char long_arg[] =
    "a-long-argument-of-two-hundred-bytes-0123456789abcdefghijklmnopqrstuvwxyz"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
    "KLMNOPQRSTUVWXYZ-0123456789abcdefghijklmnopqrstuvwxy";

static const char *const argv_sent[] = {KT_SELF, "argv", "", "two words", long_arg, "last", NULL};
static const char *const envp_sent[] = {"A=1", "EMPTY=", "PATH=/bin:/sbin", NULL};

/* Spawns `path` with argv/envp, waits, returns its wait status (or -1 and a failure). */
static int spawn_wait(const char *path, const char *const *argv, const char *const *envp)
{
    long pid = rt_spawn(path, argv, envp);
    if (pid < 0) {
        char b[32];
        KT_FAIL("spawn(%s) = %s", path, rt_fmt_result(b, sizeof b, pid));
        return -1;
    }
    int st = -1;
    long r = rt_wait(pid, &st, 0);
    if (r != pid) {
        char b[32];
        KT_FAIL("wait(%ld) = %s", pid, rt_fmt_result(b, sizeof b, r));
        return -1;
    }
    return st;
}

#define EXPECT_SPAWN_STATUS(path, argv, envp, want)                                                \
    do {                                                                                           \
        int st_ = spawn_wait(path, argv, envp);                                                    \
        KT_RETURN_IF_FAILED();                                                                     \
        if (st_ != (want)) {                                                                       \
            char g_[48], w_[48];                                                                   \
            FAIL("%s ended with %s, expected %s (its reason is on the kernel log)", path,          \
                 rt_fmt_status(g_, 48, st_), rt_fmt_status(w_, 48, want));                         \
        }                                                                                          \
    } while (0)

/* For spawns that must fail: a pid that comes back anyway is reaped at once,
 * so that one failed case leaves no child behind to confuse later ones. */
static long reaped(long r)
{
    if (r > 0)
        rt_wait(r, NULL, 0);
    return r;
}

static long spawn_err(const char *path, const char *const *argv, const char *const *envp)
{
    return reaped(rt_spawn(path, argv, envp));
}

/* ---- argv, envp, auxv, stack ---------------------------------------------- */

TEST(USPN0001, "the child sees argv exactly (empty, spaced and long strings)")
{
    const char *envp[] = {NULL};
    EXPECT_SPAWN_STATUS(KT_SELF, argv_sent, envp, RT_EXITED(0));
}

TEST(USPN0002, "the child sees envp exactly, NULL-terminated")
{
    const char *argv[] = {KT_SELF, "envp", NULL};
    EXPECT_SPAWN_STATUS(KT_SELF, argv, envp_sent, RT_EXITED(0));
}

TEST(USPN0003, "empty argv and envp arrays give argc 0 and an empty environment")
{
    const char *none[] = {NULL};
    EXPECT_SPAWN_STATUS(KT_SELF, none, none, RT_EXITED(0));
}

TEST(USPN0004, "auxv AT_PAGESZ is 4096")
{
    EXPECT_CHILD("pagesz", "", RT_EXITED(0));
}

TEST(USPN0005, "auxv AT_PHDR, AT_PHENT and AT_PHNUM describe the program headers")
{
    EXPECT_CHILD("phdr", "", RT_EXITED(0));
}

TEST(USPN0006, "auxv AT_ENTRY is the ELF entry (_start)")
{
    EXPECT_CHILD("entry", "", RT_EXITED(0));
}

TEST(USPN0007, "auxv AT_RANDOM points at 16 readable bytes, not all zero")
{
    EXPECT_CHILD("random", "", RT_EXITED(0));
}

TEST(USPN0008, "initial rsp is 16-byte aligned; argv, envp, auxv and strings are on the stack")
{
    const char *envp[] = {"K=V", NULL};
    const char *argv[] = {KT_SELF, "stack", NULL};
    EXPECT_SPAWN_STATUS(KT_SELF, argv, envp, RT_EXITED(0));
}

/* ---- spawn errors --------------------------------------------------------- */

TEST(USPN0009, "spawn of a path not in the boot image fails with -ENOENT")
{
    const char *argv[] = {"bin/no-such-program", NULL};
    const char *envp[] = {NULL};
    EXPECT_EQ(spawn_err("bin/no-such-program", argv, envp), -ENOENT);
}

TEST(USPN0010, "spawn of a non-ELF file (etc/motd) fails with -ENOEXEC")
{
    const char *argv[] = {"etc/motd", NULL};
    const char *envp[] = {NULL};
    EXPECT_EQ(spawn_err("etc/motd", argv, envp), -ENOEXEC);
}

TEST(USPN0011, "spawn uses exactly path_len bytes of path")
{
    const char *argv[] = {"bin/kt_tiny", NULL};
    const char *envp[] = {NULL};
    /* "bin/kt_tinyXYZ" cut to 11 bytes is bin/kt_tiny; cut to 10 it names nothing. */
    long pid = EXPECT_OK(sys_spawn((long)"bin/kt_tinyXYZ", 11, (long)argv, (long)envp, 0));
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(42));
    EXPECT_EQ(reaped(sys_spawn((long)"bin/kt_tiny", 10, (long)argv, (long)envp, 0)), -ENOENT);
}

TEST(USPN0012, "spawn of a directory-like or prefix path fails with -ENOENT")
{
    const char *argv[] = {"x", NULL};
    const char *envp[] = {NULL};
    EXPECT_EQ(spawn_err("bin", argv, envp), -ENOENT);
    EXPECT_EQ(spawn_err("bin/", argv, envp), -ENOENT);
    EXPECT_EQ(spawn_err("bin/kt_tinyy", argv, envp), -ENOENT);
    EXPECT_EQ(spawn_err("in/kt_tiny", argv, envp), -ENOENT);
}

TEST(USPN0013, "a valid program with a packed layout (unaligned data segment) runs")
{
    const char *argv[] = {"bin/kt_tiny_packed", NULL};
    const char *envp[] = {NULL};
    EXPECT_SPAWN_STATUS("bin/kt_tiny_packed", argv, envp, RT_EXITED(42));
}

TEST(USPN0014, "64 argv entries are accepted, 65 fail with -E2BIG")
{
    const char *argv[66];
    const char *envp[] = {NULL};
    argv[0] = "bin/kt_tiny";
    for (int i = 1; i < 66; i++)
        argv[i] = "x";
    argv[64] = NULL;
    EXPECT_SPAWN_STATUS("bin/kt_tiny", argv, envp, RT_EXITED(42));
    argv[64] = "x";
    argv[65] = NULL;
    EXPECT_EQ(spawn_err("bin/kt_tiny", argv, envp), -E2BIG);
}

TEST(USPN0015, "65 envp entries fail with -E2BIG")
{
    const char *argv[] = {"bin/kt_tiny", NULL};
    const char *envp[66];
    for (int i = 0; i < 65; i++)
        envp[i] = "V=1";
    envp[65] = NULL;
    EXPECT_EQ(spawn_err("bin/kt_tiny", argv, envp), -E2BIG);
}

static char big_a[9000], big_b[9000];

TEST(USPN0016, "argv strings over 16 KiB fail with -E2BIG; 9000 bytes are accepted")
{
    memset(big_a, 'a', sizeof big_a - 1);
    memset(big_b, 'b', sizeof big_b - 1);
    const char *envp[] = {NULL};
    const char *one[] = {"bin/kt_tiny", big_a, NULL};
    EXPECT_SPAWN_STATUS("bin/kt_tiny", one, envp, RT_EXITED(42));
    const char *two[] = {"bin/kt_tiny", big_a, big_b, NULL};
    EXPECT_EQ(spawn_err("bin/kt_tiny", two, envp), -E2BIG);
}

TEST(USPN0017, "envp strings over 16 KiB fail with -E2BIG")
{
    memset(big_a, 'a', sizeof big_a - 1);
    memset(big_b, 'b', sizeof big_b - 1);
    big_a[0] = 'A', big_a[1] = '=';
    big_b[0] = 'B', big_b[1] = '=';
    const char *argv[] = {"bin/kt_tiny", NULL};
    const char *envp[] = {big_a, big_b, NULL};
    EXPECT_EQ(spawn_err("bin/kt_tiny", argv, envp), -E2BIG);
}

/* ---- wait ------------------------------------------------------------------- */

TEST(USPN0018, "wait with WNOHANG fails with -EAGAIN while the child runs; wait then reaps it")
{
    long pid = EXPECT_OK(kt_spawn_self("linger", ""));
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, WAIT_NOHANG), -EAGAIN);
    EXPECT_EQ(st, -1); /* a failed call changes nothing */
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(0));
}

TEST(USPN0019, "wait with WNOHANG returns the pid once the child has exited")
{
    long pid = EXPECT_OK(kt_spawn_self("exit", "3"));
    int st = -1;
    long r = -EAGAIN;
    for (int i = 0; i < 200000 && r == -EAGAIN; i++) {
        r = rt_wait(pid, &st, WAIT_NOHANG);
        if (r == -EAGAIN && rt_sleep_ns(1 * MS) != 0)
            sys_yield();
    }
    EXPECT_EQ(r, pid);
    EXPECT_EQ(st, RT_EXITED(3));
}

TEST(USPN0020, "wait for a process that is not a child fails with -ECHILD")
{
    int st = -1;
    EXPECT_EQ(rt_wait(sys_getppid(), &st, 0), -ECHILD); /* our parent */
    EXPECT_EQ(rt_wait(sys_getpid(), &st, 0), -ECHILD);  /* ourselves */
    EXPECT_EQ(rt_wait(999999, &st, 0), -ECHILD);        /* nobody */
    EXPECT_EQ(rt_wait(999999, &st, WAIT_NOHANG), -ECHILD);
}

TEST(USPN0021, "a reaped child cannot be waited for again (-ECHILD)")
{
    long pid = EXPECT_OK(kt_spawn_self("exit", "0"));
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(rt_wait(pid, &st, 0), -ECHILD);
    EXPECT_EQ(rt_wait(pid, &st, WAIT_NOHANG), -ECHILD);
}

TEST(USPN0022, "wait(-1) reaps any child and returns its pid")
{
    long pid = EXPECT_OK(kt_spawn_self("exit", "5"));
    int st = -1;
    EXPECT_EQ(rt_wait(-1, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(5));
}

TEST(USPN0023, "wait(-1) with no children fails with -ECHILD")
{
    int st = -1;
    EXPECT_EQ(rt_wait(-1, &st, 0), -ECHILD);
    EXPECT_EQ(rt_wait(-1, &st, WAIT_NOHANG), -ECHILD);
}

TEST(USPN0024, "wait with a NULL status pointer reaps without storing")
{
    long pid = EXPECT_OK(kt_spawn_self("exit", "9"));
    EXPECT_EQ(rt_wait(pid, NULL, 0), pid);
    EXPECT_EQ(rt_wait(pid, NULL, 0), -ECHILD);
}

TEST(USPN0025, "20 exited children are kept until waited for, each with its own status")
{
    long pids[20];
    for (int i = 0; i < 20; i++) {
        char code[8];
        ksnprintf(code, sizeof code, "%d", 100 + i);
        pids[i] = EXPECT_OK(kt_spawn_self("exit", code));
    }
    for (int i = 19; i >= 0; i--) { /* reap in reverse order of creation */
        int st = -1;
        EXPECT_EQ(rt_wait(pids[i], &st, 0), pids[i]);
        EXPECT_EQ(st, RT_EXITED(100 + i));
    }
    int st = -1;
    EXPECT_EQ(rt_wait(-1, &st, WAIT_NOHANG), -ECHILD);
}

TEST(USPN0026, "200 spawn+wait in a row all succeed (nothing leaks)")
{
    const char *argv[] = {"bin/kt_tiny", NULL};
    const char *envp[] = {NULL};
    for (int i = 0; i < 200; i++) {
        long pid = rt_spawn("bin/kt_tiny", argv, envp);
        if (pid < 0) {
            char b[32];
            FAIL("spawn number %d failed: %s", i + 1, rt_fmt_result(b, sizeof b, pid));
        }
        int st = -1;
        long r = rt_wait(pid, &st, 0);
        if (r != pid || st != RT_EXITED(42)) {
            char b[32], s[48];
            FAIL("round %d: wait = %s, status %s", i + 1, rt_fmt_result(b, sizeof b, r),
                 rt_fmt_status(s, sizeof s, st));
        }
    }
}

/* ---- broken ELF files: each must be refused with -ENOEXEC ----------------- */

static void expect_noexec(const char *variant)
{
    char path[48];
    ksnprintf(path, sizeof path, "bin/bad/%s", variant);
    const char *argv[] = {path, NULL};
    const char *envp[] = {NULL};
    long r = rt_spawn(path, argv, envp);
    if (r >= 0) {
        int st = -1;
        rt_wait(r, &st, 0);
        char s[48];
        KT_FAIL("spawn(%s) succeeded (pid %ld, then %s); expected -ENOEXEC", path, r,
                rt_fmt_status(s, sizeof s, st));
        return;
    }
    if (r != -ENOEXEC) {
        char b[32];
        KT_FAIL("spawn(%s) = %s, expected -ENOEXEC", path, rt_fmt_result(b, sizeof b, r));
    }
}

#define BAD_ELF(ID, variant, what)                                                                 \
    TEST(ID, "spawn refuses " what " with -ENOEXEC (bin/bad/" variant ")")                         \
    {                                                                                              \
        expect_noexec(variant);                                                                    \
    }

BAD_ELF(USPN0030, "empty", "an empty file")
BAD_ELF(USPN0031, "short", "a file cut inside the ELF header")
BAD_ELF(USPN0032, "class32", "a 32-bit ELF")
BAD_ELF(USPN0033, "bigendian", "a big-endian ELF")
BAD_ELF(USPN0034, "machine", "an ELF for another machine (EM_386)")
BAD_ELF(USPN0035, "dyn", "an ET_DYN (PIE) ELF")
BAD_ELF(USPN0036, "rel", "an ET_REL object file")
BAD_ELF(USPN0037, "phentsize", "a program header size other than 56")
BAD_ELF(USPN0038, "phoff", "program headers past the end of the file")
BAD_ELF(USPN0039, "phnum", "65535 program headers running past the file")
BAD_ELF(USPN0040, "noload", "an ELF with no program headers")
BAD_ELF(USPN0041, "wx", "a PT_LOAD both writable and executable")
BAD_ELF(USPN0042, "kernel", "a PT_LOAD in the kernel half")
BAD_ELF(USPN0043, "low", "a PT_LOAD below 0x200000")
BAD_ELF(USPN0044, "crosstop", "a PT_LOAD running past the top of user space")
BAD_ELF(USPN0045, "wrap", "a PT_LOAD whose vaddr + memsz wraps around")
BAD_ELF(USPN0046, "filesz", "a PT_LOAD with filesz > memsz")
BAD_ELF(USPN0047, "pasteof", "a PT_LOAD whose file bytes run past the end of the file")
BAD_ELF(USPN0048, "interp", "a dynamically linked ELF (PT_INTERP)")

TEST(USPN0049, "the unbroken original of bin/bad/* (bin/kt_tiny) runs and exits 42")
{
    const char *argv[] = {"bin/kt_tiny", NULL};
    const char *envp[] = {NULL};
    EXPECT_SPAWN_STATUS("bin/kt_tiny", argv, envp, RT_EXITED(42));
}

/* ---- the child side: each mode checks one thing, logs why, exits 0 if right */

#define CHILD_CHECK(cond, code, ...)                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            rt_log("kt_spawn child: " __VA_ARGS__);                                                \
            return code;                                                                           \
        }                                                                                          \
    } while (0)

static bool in_stack(uintptr_t p)
{
    return p >= STACK_TOP - STACK_SIZE && p < STACK_TOP;
}

static int check_argv(int argc, char **argv)
{
    int want = (int)(sizeof argv_sent / sizeof argv_sent[0]) - 1;
    CHILD_CHECK(argc == want, 1, "argc %d, expected %d", argc, want);
    for (int i = 0; i < argc; i++)
        CHILD_CHECK(strcmp(argv[i], argv_sent[i]) == 0, 2, "argv[%d] is '%s'", i, argv[i]);
    CHILD_CHECK(argv[argc] == NULL, 3, "argv[argc] is not NULL");
    return 0;
}

static int check_envp(void)
{
    int i = 0;
    for (; envp_sent[i]; i++) {
        CHILD_CHECK(rt_envp[i] != NULL, 1, "envp has only %d entries", i);
        CHILD_CHECK(strcmp(rt_envp[i], envp_sent[i]) == 0, 2, "envp[%d] is '%s'", i, rt_envp[i]);
    }
    CHILD_CHECK(rt_envp[i] == NULL, 3, "envp has more than %d entries", i);
    return 0;
}

static int check_phdr(void)
{
    unsigned long phdr = 0, phent = 0, phnum = 0;
    CHILD_CHECK(rt_getauxval(AT_PHDR, &phdr), 1, "no AT_PHDR");
    CHILD_CHECK(rt_getauxval(AT_PHENT, &phent), 2, "no AT_PHENT");
    CHILD_CHECK(rt_getauxval(AT_PHNUM, &phnum), 3, "no AT_PHNUM");
    /* The first PT_LOAD maps the ELF header at IMAGE_BASE (see the Makefile). */
    const struct elf_ehdr *eh = (const struct elf_ehdr *)IMAGE_BASE;
    CHILD_CHECK(phent == sizeof(struct elf_phdr), 4, "AT_PHENT %lu", phent);
    CHILD_CHECK(phnum == eh->phnum, 5, "AT_PHNUM %lu, the ELF header says %u", phnum, eh->phnum);
    CHILD_CHECK(phdr == IMAGE_BASE + eh->phoff, 6, "AT_PHDR %#lx, expected %#lx", phdr,
                IMAGE_BASE + eh->phoff);
    const struct elf_phdr *ph = (const struct elf_phdr *)phdr;
    uintptr_t entry = (uintptr_t)_start;
    bool found = false;
    for (unsigned long i = 0; i < phnum; i++) {
        if (ph[i].type == PT_LOAD && (ph[i].flags & PF_X) && entry >= ph[i].vaddr &&
            entry < ph[i].vaddr + ph[i].memsz)
            found = true;
    }
    CHILD_CHECK(found, 7, "no executable PT_LOAD at AT_PHDR holds _start");
    return 0;
}

static int check_random(void)
{
    unsigned long p = 0;
    CHILD_CHECK(rt_getauxval(AT_RANDOM, &p), 1, "no AT_RANDOM");
    CHILD_CHECK(p >= USER_SPACE_BASE && p + 16 <= USER_SPACE_TOP, 2, "AT_RANDOM %#lx", p);
    const volatile unsigned char *r = (const volatile unsigned char *)p;
    unsigned char any = 0;
    for (int i = 0; i < 16; i++)
        any |= r[i];
    CHILD_CHECK(any != 0, 3, "the 16 AT_RANDOM bytes are all zero");
    return 0;
}

static int check_stack(int argc, char **argv)
{
    CHILD_CHECK(rt_initial_sp % 16 == 0, 1, "initial rsp %#lx is not 16-byte aligned",
                rt_initial_sp);
    CHILD_CHECK(in_stack(rt_initial_sp), 2, "initial rsp %#lx is outside the stack", rt_initial_sp);
    for (int i = 0; i < argc; i++)
        CHILD_CHECK(in_stack((uintptr_t)argv[i]), 4, "argv[%d] at %p", i, argv[i]);
    for (int i = 0; rt_envp[i]; i++)
        CHILD_CHECK(in_stack((uintptr_t)rt_envp[i]), 5, "envp[%d] at %p", i, rt_envp[i]);
    CHILD_CHECK(in_stack((uintptr_t)rt_auxv), 6, "auxv at %p", (const void *)rt_auxv);
    /* The strings lie above the auxv vector. */
    const uint64_t *end = rt_auxv;
    while (end[0] != AT_NULL)
        end += 2;
    CHILD_CHECK((uintptr_t)argv[0] >= (uintptr_t)(end + 2), 7, "strings below auxv");
    return 0;
}

static int child(int argc, char **argv)
{
    if (argc == 0) /* USPN0003 */
        return rt_envp[0] == NULL && argv[0] == NULL ? 0 : 1;
    if (argc < 2)
        return 98;
    const char *mode = argv[1];
    unsigned long v = 0;
    if (strcmp(mode, "argv") == 0)
        return check_argv(argc, argv);
    if (strcmp(mode, "envp") == 0)
        return check_envp();
    if (strcmp(mode, "pagesz") == 0) {
        CHILD_CHECK(rt_getauxval(AT_PAGESZ, &v), 1, "no AT_PAGESZ");
        CHILD_CHECK(v == 4096, 2, "AT_PAGESZ %lu", v);
        return 0;
    }
    if (strcmp(mode, "phdr") == 0)
        return check_phdr();
    if (strcmp(mode, "entry") == 0) {
        CHILD_CHECK(rt_getauxval(AT_ENTRY, &v), 1, "no AT_ENTRY");
        CHILD_CHECK(v == (uintptr_t)_start, 2, "AT_ENTRY %#lx, _start %p", v, (void *)_start);
        return 0;
    }
    if (strcmp(mode, "random") == 0)
        return check_random();
    if (strcmp(mode, "stack") == 0)
        return check_stack(argc, argv);
    if (strcmp(mode, "exit") == 0)
        return (int)rt_atol(argc > 2 ? argv[2] : "0");
    if (strcmp(mode, "linger") == 0) {
        /* Runs for a while (300 ms), so that the parent sees it running. */
        if (rt_sleep_ns(300 * MS) != 0) {
            for (volatile long i = 0; i < 20000000; i++)
                ;
        }
        return 0;
    }
    return 99;
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    if (argc != 1)
        return child(argc, argv);
    return kt_run_all() ? 1 : 0;
}

const char kt_self[] = KT_SELF;
