# tests/cases/thirdparty.py: host-side cases for tools/thirdparty.py (the pinned
# third-party fetcher). They run after ./build.sh has fetched, work on copies of the real
# cache under t.workdir (never on the cache itself) and never use the network.

import hashlib
import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

from harness.registry import case, Fail

PYTHON = "/usr/bin/python3"


def tool_path(t):
    return t.repo / "tools" / "thirdparty.py"


def load_tool(t):
    """tools/thirdparty.py as a module, for its manifest parser and cache location."""
    spec = importlib.util.spec_from_file_location("cobalt_thirdparty_tool", tool_path(t))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_tool(t, cache_home, *args, manifest=None):
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home), COBALT_OFFLINE="1")
    env.pop("COBALT_MANIFEST", None)
    if manifest is not None:
        env["COBALT_MANIFEST"] = str(manifest)
    cmd = [PYTHON, str(tool_path(t))] + list(args)
    t.log(f"$ XDG_CACHE_HOME={cache_home} {' '.join(cmd)}")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    t.log(f"exit status {proc.returncode}\n--- stdout\n{proc.stdout}--- stderr\n{proc.stderr}")
    return proc


def sha256_of(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def real_package(t, tool, name):
    """The pinned package and the real cache's downloads folder (checked to be fetched)."""
    pkg = tool.parse_manifest(t.repo / "thirdparty" / "manifest")[name]
    downloads = tool.cache_root() / "downloads"
    for file_name, _ in pkg.files:
        if not (downloads / file_name).is_file():
            raise Fail(f"{downloads / file_name} is not in the real cache; "
                       "run ./build.sh (which fetches) before the tests")
    return pkg, downloads


def copy_downloads(t, tool, names, cache_home):
    """Real (not hard-linked) copies of the named packages' cached files."""
    dest = cache_home / "cobalt" / "downloads"
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        pkg, downloads = real_package(t, tool, name)
        for file_name, _ in pkg.files:
            shutil.copyfile(downloads / file_name, dest / file_name)
    return dest


def manifest_subset(path, names):
    """The manifest's text with only the blocks of the named packages."""
    out, keep = [], False
    for line in path.read_text().splitlines():
        words = line.split()
        if words and words[0] == "package":
            keep = words[1] in names
        if keep or not words or words[0].startswith("#"):
            out.append(line)
    return "\n".join(out) + "\n"


def flip_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def expect(condition, message):
    if not condition:
        raise Fail(message)


@case("TPTY0001", "a corrupted cached source file is refused", qemu=False)
def corrupted_cache_refused(t):
    tool = load_tool(t)
    cache_home = (t.workdir / "cache").resolve()
    downloads = copy_downloads(t, tool, ["musl"], cache_home)
    pkg, real_downloads = real_package(t, tool, "musl")
    victim, expected = max(pkg.files, key=lambda f: (downloads / f[0]).stat().st_size)
    flip_byte(downloads / victim)
    actual = sha256_of(downloads / victim)
    t.log(f"flipped one byte of the copy of {victim}: sha256 {expected} -> {actual}")
    proc = run_tool(t, cache_home, "fetch", "musl")
    expect(proc.returncode != 0, "fetch accepted a corrupted cached file")
    for needle in ("sha256 mismatch", victim, expected, actual, "rm "):
        expect(needle in proc.stderr, f"the error does not mention {needle!r}")
    expect(sha256_of(real_downloads / victim) == expected,
           f"the real cache's {victim} changed: the copy was not independent")


@case("TPTY0002", "verify and fetch accept an intact copy of the cache", qemu=False)
def intact_cache_accepted(t):
    tool = load_tool(t)
    cache_home = (t.workdir / "cache").resolve()
    # The packages ./build.sh build fetches (the benchmark kernel is fetched by bench only).
    names = ["musl", "fonts-dejavu-core"]
    manifest = t.workdir / "manifest"
    manifest.write_text(manifest_subset(t.repo / "thirdparty" / "manifest", names))
    copy_downloads(t, tool, names, cache_home)
    proc = run_tool(t, cache_home, "verify", manifest=manifest)
    expect(proc.returncode == 0, "verify failed on an intact copy of the cache")
    for name in names:
        expect(f"verify: {name} " in proc.stdout, f"verify did not report {name}")
    proc = run_tool(t, cache_home, "fetch", "musl")
    expect(proc.returncode == 0, "fetch (offline) failed on an intact copy of the cache")
    expect("ok (cached" in proc.stdout, "fetch did not report musl as cached")
    proc = run_tool(t, cache_home, "path", "musl")
    unpacked = Path(proc.stdout.strip())
    expect(proc.returncode == 0 and unpacked.is_relative_to(cache_home),
           f"path musl gave {unpacked}, not a folder under {cache_home}")
    expect((unpacked / "configure").is_file(), f"{unpacked} holds no unpacked musl")


def copy_apt_config(t, tool, kind, cache_home):
    real = tool.cache_root() / "apt" / tool.APT_TYPE[kind]
    if not (real / "lists.stamp").is_file():
        raise Fail(f"no apt lists in {real}; run ./build.sh (which fetches) first")
    dest = cache_home / "cobalt" / "apt" / tool.APT_TYPE[kind]
    shutil.copytree(real, dest, ignore=shutil.ignore_patterns("lock", "partial"))


@case("TPTY0003", "a pin the mirror no longer has names ./build.sh repin", qemu=False)
def vanished_version_names_repin(t):
    tool = load_tool(t)
    cache_home = (t.workdir / "cache").resolve()
    copy_apt_config(t, tool, "source", cache_home)
    version = "0.0.1-0cobalt1"
    manifest = t.workdir / "manifest"
    manifest.write_text("# a pin that no mirror has\n"
                        f"package musl source {version}\n"
                        f"  file musl_{version}.dsc {'0' * 64}\n"
                        f"  file musl_0.0.1.orig.tar.gz {'1' * 64}\n")
    proc = run_tool(t, cache_home, "fetch", "musl", manifest=manifest)
    expect(proc.returncode != 0, "fetch succeeded with a version the mirror does not have")
    for needle in (f"musl {version}", "no longer on the mirror", "./build.sh repin musl"):
        expect(needle in proc.stderr, f"the error does not say {needle!r}")


@case("TPTY0004", "apt sources are derived from the machine's, filtered per kind",
      qemu=False)
def sources_translation(t):
    tool = load_tool(t)
    etc = t.workdir / "etc-apt"
    (etc / "sources.list.d").mkdir(parents=True)
    (etc / "sources.list").write_text(
        "deb [arch=amd64 signed-by=/k.gpg] http://mirror.invalid/debian stable main\n")
    (etc / "sources.list.d" / "a.sources").write_text(
        "Types: deb\nURIs: http://mirror.invalid/debian\n"
        "Suites: stable stable-updates stable-security\nComponents: main\n"
        "Signed-By: /a.gpg\n\n"
        "Types: deb\nURIs: http://off.invalid/debian\nSuites: sid\nComponents: main\n"
        "Enabled: no\n")
    (etc / "sources.list.d" / "b.list.disabled-by-farm").write_text(
        "deb http://farm.invalid/debian stable main\n")
    entries = tool.machine_entries(etc)
    source = "\n".join(tool.project_sources(entries, "source"))
    binary = "\n".join(tool.project_sources(entries, "binary"))
    t.log(f"--- source\n{source}--- binary\n{binary}")
    expect("Types: deb-src" in source and "Types: deb\n" not in source,
           "source stanzas are not deb-src")
    expect("-security" not in source, "a -security suite was kept for sources")
    expect("stable-security" in binary, "the -security suite was dropped for binaries")
    expect("Signed-By: /a.gpg" in source and "Signed-By: /k.gpg" in binary,
           "Signed-By was not carried over")
    expect("Architectures: amd64" in binary, "the one-line arch= option was lost")
    expect("off.invalid" not in source + binary, "an 'Enabled: no' stanza was used")
    expect("farm.invalid" not in source + binary, "a *.disabled-by-farm file was read")
