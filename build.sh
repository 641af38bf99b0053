#!/usr/bin/env bash
# Cobalt's single entry point: installs what is missing, fetches the pinned
# third-party sources, builds the kernel and the ISO, and runs, tests or
# benchmarks it. `./build.sh help` lists every subcommand.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD="$ROOT/build"
PY=/usr/bin/python3
FB_WIDTH=${COBALT_FB_WIDTH:-1024}
FB_HEIGHT=${COBALT_FB_HEIGHT:-768}
KERNEL_ARGS=${COBALT_KERNEL_ARGS:-}

# Debian packages the build and the tests need (qemu-system-gui only for a window; g++ and
# pkgconf for the graphics libraries: HarfBuzz is C++, cobalt-pkg-config runs pkg-config;
# autoconf and automake for dash: docs/shell.md).
PACKAGES=(gcc g++ make binutils pkgconf python3 python3-pil qemu-system-x86 grub-pc-bin
    grub-common xorriso mtools dpkg-dev clang-format autoconf automake)

say() { printf 'build: %s\n' "$*"; }
die() {
    printf 'build: error: %s\n' "$*" >&2
    exit 1
}

usage() {
    cat <<'TXT'
usage: ./build.sh <command> [options]

  run [OPTION...]     set up, build, and boot Cobalt in QEMU (a window when a display
                      is available, otherwise VNC on 127.0.0.1:5900); Ctrl-C stops it.
                      OPTIONs are boot options (docs/harness-channel.md), e.g.
                      start=hello: that app on the desktop instead of the demo
  test [FILTER...]    set up, build, then run every test (or those whose id or name
                      matches a FILTER); ends with "N passed, N failed"
       --update-golden NAME   rewrite tests/golden/NAME.png from this run (or "all")
       --list                 list the tests without running them
  bench               set up, build, and print BENCH lines (guest-ns under icount)
  fuzz [--calls N] [--seed S] [--trace]
                      set up, build, then run only the system-call fuzzer (FUZZ0001):
                      N random calls (default 100000) from seed S (default 1); ends with
                      "N passed, N failed". --trace logs every call (slow; for a panic)
  build               install what is missing, fetch, build build/cobalt.iso
  fetch               fetch and verify every pinned third-party package (build and
                      test fetch only what the image needs; bench adds the Linux kernel)
  repin [NAME...]     move pins in thirdparty/manifest to what the mirror has now
                      (a reviewed change: check the diff before committing)
  deps                install missing Debian packages only
  clean               remove build/ (the download cache outside the tree stays)
  help                this text

Environment: COBALT_KERNEL_ARGS (boot options on the kernel command line, e.g.
"init=bin/hello": docs/harness-channel.md lists them), COBALT_FB_WIDTH / COBALT_FB_HEIGHT
(default 1024x768),
XDG_CACHE_HOME (third-party cache: ${XDG_CACHE_HOME:-~/.cache}/cobalt).
TXT
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run: $* (install sudo or run as root)"
    fi
}

package_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# Installs the named Debian packages that are not installed yet.
ensure_packages() {
    local missing=() p
    for p in "$@"; do
        package_installed "$p" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

cmd_deps() { ensure_packages "${PACKAGES[@]}"; }

# Third-party packages the image is built from; the benchmarks also need the
# pinned Linux kernel (fetched by `bench` only: it is large).
BUILD_PACKAGES=(musl fonts-dejavu-core zlib libpng1.6 freetype harfbuzz dash)

cmd_fetch() {
    cmd_deps
    "$PY" "$ROOT/tools/thirdparty.py" fetch "${BUILD_PACKAGES[@]}"
}

font_dir() {
    local pkg
    pkg=$("$PY" "$ROOT/tools/thirdparty.py" path fonts-dejavu-core)
    echo "$pkg/usr/share/fonts/truetype/dejavu"
}

build_kernel() {
    make -s -C "$ROOT/kernel" -j"$(nproc)" BUILD="$BUILD/kernel" FONT_DIR="$(font_dir)" \
        FB_WIDTH="$FB_WIDTH" FB_HEIGHT="$FB_HEIGHT"
}

# Cobalt's libc and SDK: musl with the platform layer (lib/libc/build.py, cached outside the
# tree) installed into sysroot/usr, then the libc tests (tests/libc) built with
# sysroot/bin/cobalt-cc into $BUILD/libc/root. docs/libc.md, docs/sdk.md.
build_libc() {
    "$PY" "$ROOT/lib/libc/build.py" --sysroot "$ROOT/sysroot"
    make -s -C "$ROOT/tests/libc" -j"$(nproc)" BUILD="$BUILD/libc"
}

# libscheme, the server side of schemes (lib/libscheme, docs/libscheme.md), into sysroot/usr.
build_libscheme() {
    make -s -C "$ROOT/lib/libscheme" -j"$(nproc)" BUILD="$BUILD/libscheme"
}

# libtest, what the in-guest test programs built with the SDK share (lib/libtest:
# run_under_init; docs/testing.md), into sysroot/usr.
build_libtest() {
    make -s -C "$ROOT/lib/libtest" -j"$(nproc)" BUILD="$BUILD/libtest"
}

# The graphics libraries (zlib, libpng, FreeType, HarfBuzz; cached outside the tree) and
# the C++ runtime into sysroot/usr, the fonts into $BUILD/fonts/root (tools/build_gfxlibs.py),
# then their tests (tests/gfx) into $BUILD/gfx/root. docs/graphics-libs.md.
build_gfx() {
    "$PY" "$ROOT/tools/build_gfxlibs.py" --sysroot "$ROOT/sysroot" --build "$BUILD"
    make -s -C "$ROOT/tests/gfx" -j"$(nproc)" BUILD="$BUILD/gfx"
}

# libtext (lib/libtext: text shaped with HarfBuzz, rendered with FreeType; docs/libtext.md)
# into sysroot/usr, then its tests (tests/text) into $BUILD/text/root and the graphics
# benchmark (tests/bench/gfx: gfxbench and its PNG) into $BUILD/gfxbench/root.
build_text() {
    make -s -C "$ROOT/lib/libtext" -j"$(nproc)" BUILD="$BUILD/libtext"
    make -s -C "$ROOT/tests/text" -j"$(nproc)" BUILD="$BUILD/text"
    make -s -C "$ROOT/tests/bench/gfx" -j"$(nproc)" BUILD="$BUILD/gfxbench"
}

# Orbital, the window server (orbital/), libwindow, its client library (lib/libwindow), and
# Orbital's test programs, into $BUILD/orbital/root. docs/orbital-protocol.md.
build_orbital() {
    make -s -C "$ROOT/orbital" -j"$(nproc)" BUILD="$BUILD/orbital" server
    make -s -C "$ROOT/lib/libwindow" -j"$(nproc)" BUILD="$BUILD/libwindow"
    make -s -C "$ROOT/orbital" -j"$(nproc)" BUILD="$BUILD/orbital" tests
}

# The desktop apps (apps/: the demo) into $BUILD/apps/root, after Orbital's libwindow.
build_apps() {
    make -s -C "$ROOT/apps" -j"$(nproc)" BUILD="$BUILD/apps"
}

# The system servers (servers/: init, nullzero, their tests) built with sysroot/bin/cobalt-cc
# into $BUILD/servers/root. docs/init.md.
build_servers() {
    make -s -C "$ROOT/servers" -j"$(nproc)" BUILD="$BUILD/servers"
}

# The shell and the commands (docs/shell.md, docs/commands.md): Debian's dash built with the
# SDK (commands/dash/build.py, cached outside the tree) as bin/sh and bin/dash in
# $BUILD/dash/root; commands/ into $BUILD/commands/root; the shell-script tests (tests/shell:
# the runner and the scripts) into $BUILD/shell/root.
build_shell() {
    "$PY" "$ROOT/commands/dash/build.py" --root "$BUILD/dash/root"
    make -s -C "$ROOT/commands" -j"$(nproc)" BUILD="$BUILD/commands"
    make -s -C "$ROOT/tests/shell" -j"$(nproc)" BUILD="$BUILD/shell"
}

# The user-space drivers (drivers/: serial, i8042, vmmouse, display, their test) built with
# sysroot/bin/cobalt-cc into $BUILD/drivers/root. docs/drivers.md.
build_drivers() {
    make -s -C "$ROOT/drivers" -j"$(nproc)" BUILD="$BUILD/drivers"
}

# The guest test programs (tests/guest): the boot-image tree in $BUILD/guest/root.
build_guest() {
    make -s -C "$ROOT/tests/guest" -j"$(nproc)" BUILD="$BUILD/guest"
}

build_iso() {
    local iso="$BUILD/iso"
    rm -rf "$iso"
    mkdir -p "$iso/boot/grub"
    cp "$BUILD/kernel/kernel.elf" "$iso/boot/kernel.elf"
    # The boot image (docs/initfs.md): every file under build/guest/root, by its path there.
    local root="$BUILD/guest/root" initfs=() f
    while IFS= read -r f; do
        initfs+=("$f=$root/$f")
    done < <(cd "$root" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
    # Also the libc and graphics tests, the fonts, the servers and your own programs
    # (build/extra/root: docs/sdk.md).
    local tree
    for tree in "$BUILD/libc/root" "$BUILD/gfx/root" "$BUILD/text/root" "$BUILD/fonts/root" \
        "$BUILD/gfxbench/root" "$BUILD/servers/root" "$BUILD/drivers/root" "$BUILD/dash/root" \
        "$BUILD/commands/root" "$BUILD/shell/root" "$BUILD/orbital/root" "$BUILD/apps/root" "$BUILD/extra/root"; do
        [ -d "$tree" ] || continue
        while IFS= read -r f; do
            initfs+=("$f=$tree/$f")
        done < <(cd "$tree" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
    done
    "$PY" "$ROOT/tools/mkinitfs.py" -o "$iso/boot/initfs" "${initfs[@]}" || die "mkinitfs failed"
    # Rule: boot options are key=value words of [A-Za-z0-9_./=-] (no sed or GRUB specials).
    [[ $KERNEL_ARGS =~ ^[A-Za-z0-9_./=\ -]*$ ]] ||
        die "COBALT_KERNEL_ARGS may hold only letters, digits and _ . / = - and spaces"
    local args_escaped=${KERNEL_ARGS//\//\\/}
    sed -e "s/@FB_MODE@/${FB_WIDTH}x${FB_HEIGHT}x32/" -e "s/@KERNEL_ARGS@/$args_escaped/" \
        "$ROOT/tools/grub.cfg.in" >"$iso/boot/grub/grub.cfg"
    grub-mkrescue -d /usr/lib/grub/i386-pc -o "$BUILD/cobalt.iso.tmp" "$iso" 2>"$BUILD/grub-mkrescue.log" ||
        die "grub-mkrescue failed: see $BUILD/grub-mkrescue.log"
    mv "$BUILD/cobalt.iso.tmp" "$BUILD/cobalt.iso"
}

cmd_build() {
    cmd_fetch
    mkdir -p "$BUILD"
    build_kernel
    build_libc
    build_libscheme
    build_libtest
    build_gfx
    build_text
    build_servers
    build_shell
    build_drivers
    build_orbital
    build_apps
    build_guest
    build_iso
    say "built $BUILD/cobalt.iso"
}

cmd_run() {
    cmd_build
    local display=(-display none) serial=(-serial "file:$BUILD/com1.log")
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        ensure_packages qemu-system-gui
        display=(-display gtk)
    else
        display=(-display vnc=127.0.0.1:0)
        say "no display found: serving the screen over VNC at 127.0.0.1:5900 (vnc://127.0.0.1:5900)"
    fi
    if [ -t 0 ]; then
        serial=(-chardev stdio,id=console,signal=on -serial chardev:console)
        say "COM1 (the console) is on this terminal; Ctrl-C stops QEMU"
    else
        say "COM1 is logged to $BUILD/com1.log; Ctrl-C stops QEMU"
    fi
    say "kernel log: $BUILD/debugcon.log"
    local options=()
    if [ $# -gt 0 ]; then # boot options, as the harness passes them (commas doubled)
        options=(-fw_cfg "name=opt/cobalt/args,string=${*//,/,,}")
        say "boot options: $*"
    fi
    exec qemu-system-x86_64 -machine pc -m 256M -vga std -no-reboot "${options[@]}" \
        -cdrom "$BUILD/cobalt.iso" "${display[@]}" "${serial[@]}" -serial null \
        -debugcon "file:$BUILD/debugcon.log" -device isa-debug-exit,iobase=0xf4,iosize=0x04
}

cmd_test() {
    cmd_build
    exec "$PY" "$ROOT/tests/run.py" "$@"
}

# The system-call fuzzer (docs/testing.md, "The syscall fuzzer"): FUZZ0001 reads its call
# count, seed and tracing from the environment.
cmd_fuzz() {
    local calls="" seed="" trace=""
    while [ $# -gt 0 ]; do
        case "$1" in
        --calls | --seed)
            [ $# -ge 2 ] && [[ $2 =~ ^[0-9]{1,19}$ ]] || die "fuzz: $1 needs a decimal number"
            if [ "$1" = --calls ]; then calls=$2; else seed=$2; fi
            shift 2
            ;;
        --trace)
            trace=1
            shift
            ;;
        *) die "fuzz: unknown option '$1' (./build.sh fuzz [--calls N] [--seed S] [--trace])" ;;
        esac
    done
    [[ ! $calls =~ ^0+$ ]] || die "fuzz: --calls must be at least 1"
    cmd_build
    COBALT_FUZZ_CALLS=$calls COBALT_FUZZ_SEED=$seed COBALT_FUZZ_TRACE=$trace \
        exec "$PY" "$ROOT/tests/run.py" FUZZ0001
}

cmd_bench() {
    # Only BENCH lines go to stdout: set-up messages go to stderr.
    cmd_build >&2
    ensure_packages libpixman-1-dev pkgconf >&2 # the host-native blend figures against pixman
    "$PY" "$ROOT/tools/thirdparty.py" fetch >&2
    [ -f "$ROOT/tests/bench/run.py" ] ||
        die "no benchmarks yet: the kernel core issue adds tests/bench/run.py (see docs/status.md)"
    exec "$PY" "$ROOT/tests/bench/run.py" "$@"
}

cmd_repin() {
    cmd_deps
    "$PY" "$ROOT/tools/thirdparty.py" repin "$@"
}

cmd_clean() {
    rm -rf "$BUILD"
    say "removed build/ (cache kept: $("$PY" "$ROOT/tools/thirdparty.py" cache-dir 2>/dev/null || echo '~/.cache/cobalt'))"
}

main() {
    local cmd=${1:-help}
    [ $# -gt 0 ] && shift
    cd "$ROOT"
    case "$cmd" in
    run) cmd_run "$@" ;;
    test) cmd_test "$@" ;;
    bench) cmd_bench "$@" ;;
    fuzz) cmd_fuzz "$@" ;;
    build) cmd_build ;;
    fetch)
        cmd_deps
        "$PY" "$ROOT/tools/thirdparty.py" fetch
        ;;
    repin) cmd_repin "$@" ;;
    deps) cmd_deps ;;
    clean) cmd_clean ;;
    help | -h | --help) usage ;;
    *)
        usage >&2
        die "unknown command '$cmd'"
        ;;
    esac
}

main "$@"
