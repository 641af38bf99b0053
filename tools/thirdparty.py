#!/usr/bin/python3
# tools/thirdparty.py: owns the third-party packages pinned in thirdparty/manifest. It
# fetches them from Debian (through a project-local apt configuration derived at run time
# from this machine's /etc/apt), checks every file's sha256, unpacks them into the cache
# outside the tree, and moves pins on request (repin). Standard library only.
# See docs/thirdparty.md.

import argparse
import contextlib
import difflib
import fcntl
import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MANIFEST = REPO / "thirdparty" / "manifest"
APT_ETC = Path("/etc/apt")
MARKER = ".cobalt-unpacked"
UNPINNED = "-"

KINDS = ("source", "binary")
APT_TYPE = {"source": "deb-src", "binary": "deb"}
APT_TARGET = {"source": "Sources", "binary": "Packages"}
UNPACK_DIR = {"source": "src", "binary": "pkg"}

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9+.-]*$")
VERSION_RE = re.compile(r"^[A-Za-z0-9.+~:-]+$")
FILE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9+.~_:%-]*$")
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
FALSE_WORDS = {"no", "false", "off", "without", "disable"}


class Error(Exception):
    """A failure reported as `thirdparty: error: ...` with exit status 1."""


def say(msg):
    print(msg, flush=True)


def warn(msg):
    print(f"thirdparty: warning: {msg}", file=sys.stderr, flush=True)


def report(err):
    print(f"thirdparty: error: {err}", file=sys.stderr, flush=True)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_atomic(path, text):
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text)
    os.replace(tmp, path)


def write_if_changed(path, text):
    if not path.is_file() or path.read_text() != text:
        write_atomic(path, text)


def output_tail(proc, lines=15):
    text = (proc.stdout or "") + (proc.stderr or "")
    return "\n".join("  | " + l for l in text.strip().splitlines()[-lines:])


# ---------------------------------------------------------------------------------------
# The manifest


class Package:
    """One pinned package: name, kind, version and its files' (name, sha256) pairs."""

    def __init__(self, name, kind, version):
        self.name, self.kind, self.version = name, kind, version
        self.files = []

    @property
    def pinned(self):
        return self.version != UNPINNED

    def label(self):
        return f"{self.name} {self.version}"

    def lines(self):
        out = [f"package {self.name} {self.kind} {self.version}"]
        out += [f"  file {name} {sha}" for name, sha in self.files]
        return out

    def main_file(self, suffix):
        found = [name for name, _ in self.files if name.endswith(suffix)]
        return found[0] if len(found) == 1 else None


def parse_package_line(words, where):
    if len(words) != 4:
        raise Error(f"{where}: expected 'package NAME KIND VERSION'")
    _, name, kind, version = words
    if not NAME_RE.match(name):
        raise Error(f"{where}: bad package name {name!r}")
    if kind not in KINDS:
        raise Error(f"{where}: kind must be 'source' or 'binary', not {kind!r}")
    if version != UNPINNED and not VERSION_RE.match(version):
        raise Error(f"{where}: bad version {version!r}")
    return Package(name, kind, version)


def parse_file_line(words, where):
    if len(words) != 3:
        raise Error(f"{where}: expected 'file NAME SHA256'")
    _, name, sha = words
    if not FILE_RE.match(name):
        raise Error(f"{where}: bad file name {name!r}")
    if not SHA_RE.match(sha):
        raise Error(f"{where}: bad sha256 {sha!r} (64 lower-case hex digits)")
    return name, sha


def check_package(pkg, path):
    names = [name for name, _ in pkg.files]
    if len(set(names)) != len(names):
        raise Error(f"{path}: {pkg.name} lists a file twice")
    if not pkg.pinned:
        if names:
            raise Error(f"{path}: {pkg.name} is unpinned ('-') but lists files")
        return
    suffix = ".dsc" if pkg.kind == "source" else ".deb"
    if pkg.main_file(suffix) is None:
        raise Error(f"{path}: {pkg.kind} package {pkg.name} must list exactly one "
                    f"{suffix} file")


def parse_manifest(path):
    try:
        text = path.read_text()
    except OSError as e:
        raise Error(f"cannot read manifest {path}: {e.strerror}")
    packages, current = {}, None
    for num, raw in enumerate(text.splitlines(), 1):
        words = raw.split()
        if not words or words[0].startswith("#"):
            continue
        where = f"{path}:{num}"
        if words[0] == "package":
            current = parse_package_line(words, where)
            if current.name in packages:
                raise Error(f"{where}: package {current.name} is listed twice")
            packages[current.name] = current
        elif words[0] == "file":
            if current is None:
                raise Error(f"{where}: 'file' line before any 'package' line")
            current.files.append(parse_file_line(words, where))
        else:
            raise Error(f"{where}: expected a 'package' or 'file' line, got: {raw.strip()}")
    for pkg in packages.values():
        check_package(pkg, path)
    return packages


def rewrite_manifest(path, updated):
    """Replace the blocks of the packages in `updated` (name -> Package), keep all else."""
    out, skipping = [], False
    for raw in path.read_text().splitlines():
        words = raw.split()
        if len(words) > 1 and words[0] == "package" and words[1] in updated:
            out += updated[words[1]].lines()
            skipping = True
            continue
        if skipping and words and words[0] == "file":
            continue
        skipping = False
        out.append(raw)
    write_atomic(path, "\n".join(out) + "\n")


# ---------------------------------------------------------------------------------------
# The machine's apt sources, and the project-local configuration derived from them


def read_deb822(path):
    """Stanzas of a deb822 file as lists of (field, raw value); continuation lines kept."""
    stanzas, fields = [], []
    for raw in path.read_text().splitlines():
        if raw.startswith("#"):
            continue
        if not raw.strip():
            if fields:
                stanzas.append(fields)
            fields = []
            continue
        if raw[0] in " \t":
            if not fields:
                raise Error(f"{path}: continuation line outside a field: {raw}")
            name, value = fields[-1]
            fields[-1] = (name, value + "\n" + raw)
            continue
        name, sep, value = raw.partition(":")
        if not sep:
            raise Error(f"{path}: cannot parse line: {raw}")
        fields.append((name.strip(), value.strip()))
    if fields:
        stanzas.append(fields)
    return stanzas


CORE_FIELDS = ("types", "uris", "suites", "components", "enabled", "targets")


def entry_from_stanza(fields, where):
    core = {name.lower(): value for name, value in fields if name.lower() in CORE_FIELDS}
    return {
        "types": core.get("types", "").split(),
        "uris": core.get("uris", "").split(),
        "suites": core.get("suites", "").split(),
        "components": core.get("components", "").split(),
        "enabled": core.get("enabled", "yes").strip().lower() not in FALSE_WORDS,
        "extra": [(n, v) for n, v in fields if n.lower() not in CORE_FIELDS],
        "where": where,
    }


ONE_LINE_OPTIONS = {
    "arch": "Architectures", "lang": "Languages", "signed-by": "Signed-By",
    "trusted": "Trusted", "pdiffs": "PDiffs", "by-hash": "By-Hash",
    "check-valid-until": "Check-Valid-Until", "check-date": "Check-Date",
    "allow-insecure": "Allow-Insecure", "allow-weak": "Allow-Weak",
    "allow-downgrade-to-insecure": "Allow-Downgrade-To-Insecure",
    "valid-until-min": "Valid-Until-Min", "valid-until-max": "Valid-Until-Max",
    "date-max-future": "Date-Max-Future", "inrelease-path": "InRelease-Path",
    "snapshot": "Snapshot",
}


def parse_one_line_options(text, where):
    options = []
    for opt in text.split():
        key, sep, value = opt.partition("=")
        key = key.lower()
        if not sep or key.endswith(("+", "-")) or key == "target":
            warn(f"{where}: source option {opt!r} ignored")
            continue
        options.append((ONE_LINE_OPTIONS.get(key, key), value))
    return options


def read_one_line(path):
    entries = []
    for num, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{path}:{num}"
        kind, _, rest = line.partition(" ")
        rest, options = rest.strip(), []
        if "cdrom:" in rest:
            continue  # a CD-ROM source can never serve a download
        if rest.startswith("["):
            close = rest.find("]")
            if close < 0:
                raise Error(f"{where}: unterminated [options]")
            options = parse_one_line_options(rest[1:close], where)
            rest = rest[close + 1:]
        words = rest.split()
        if len(words) < 2:
            raise Error(f"{where}: expected 'TYPE [OPTIONS] URI SUITE [COMPONENT...]'")
        entries.append({"types": [kind], "uris": [words[0]], "suites": [words[1]],
                        "components": words[2:], "enabled": True,
                        "extra": options, "where": where})
    return entries


def machine_entries(etc=APT_ETC):
    """Every source entry in etc/sources.list and etc/sources.list.d/*.{list,sources}."""
    entries = []
    if (etc / "sources.list").is_file():
        entries += read_one_line(etc / "sources.list")
    parts = etc / "sources.list.d"
    for path in sorted(parts.iterdir()) if parts.is_dir() else []:
        if path.suffix == ".list" and path.is_file():
            entries += read_one_line(path)
        elif path.suffix == ".sources" and path.is_file():
            entries += [entry_from_stanza(s, str(path)) for s in read_deb822(path)]
    return entries


def render_stanza(entry, kind, suites):
    lines = [f"Types: {APT_TYPE[kind]}", f"URIs: {' '.join(entry['uris'])}",
             f"Suites: {' '.join(suites)}"]
    if entry["components"]:
        lines.append(f"Components: {' '.join(entry['components'])}")
    lines.append(f"Targets: {APT_TARGET[kind]}")
    for name, value in entry["extra"]:
        lines.append(f"{name}:{value if value.startswith(chr(10)) else ' ' + value}")
    return "\n".join(lines) + "\n"


def project_sources(entries, kind):
    """The deb822 text of the project-local sources for one kind of package."""
    stanzas = []
    for entry in entries:
        if not entry["enabled"] or not {"deb", "deb-src"} & set(entry["types"]):
            continue
        suites = entry["suites"]
        if kind == "source":
            suites = [s for s in suites if not s.endswith("-security")]
        cdrom = any(u.startswith("cdrom:") for u in entry["uris"])
        if not suites or not entry["uris"] or cdrom:
            continue
        stanza = render_stanza(entry, kind, suites)
        if stanza not in stanzas:
            stanzas.append(stanza)
    return stanzas


APT_CONF = """\
// Written by tools/thirdparty.py: keep the machine's update hooks out of the
// project-local apt configuration.
#clear APT::Update::Pre-Invoke;
#clear APT::Update::Post-Invoke;
#clear APT::Update::Post-Invoke-Success;
"""


class Apt:
    """The project-local apt configuration for one kind of package, under <cache>/apt/."""

    def __init__(self, root, kind, offline):
        self.kind, self.offline = kind, offline
        self.type = APT_TYPE[kind]
        self.dir = root / "apt" / self.type
        self.updated = False
        self.config_id = None

    def prepare(self):
        if self.config_id:
            return
        stanzas = project_sources(machine_entries(), self.kind)
        if not stanzas:
            raise Error(f"no usable apt sources found in {APT_ETC} for '{self.type}' "
                        "(read sources.list, sources.list.d/*.list and *.sources)")
        text = ("# Generated by tools/thirdparty.py from the machine's apt sources; "
                "rewritten on every run.\n\n" + "\n".join(stanzas))
        for sub in ("sources.list.d", "preferences.d", "lists/partial",
                    "cache/archives/partial"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        write_if_changed(self.dir / "sources.list.d" / "cobalt.sources", text)
        write_if_changed(self.dir / "apt.conf", APT_CONF)
        write_if_changed(self.dir / "status", "")
        self.config_id = hashlib.sha256(text.encode()).hexdigest()

    def options(self):
        d = self.dir
        opts = {
            "Dir::Etc::SourceList": "/dev/null",
            "Dir::Etc::SourceParts": d / "sources.list.d",
            "Dir::Etc::Preferences": "/dev/null",
            "Dir::Etc::PreferencesParts": d / "preferences.d",
            "Dir::State::Lists": d / "lists",
            "Dir::State::status": d / "status",
            "Dir::State::extended_states": d / "extended_states",
            "Dir::Cache": d / "cache",
            "Dir::Cache::archives": d / "cache" / "archives",
            "Dir::Cache::pkgcache": d / "cache" / "pkgcache.bin",
            "Dir::Cache::srcpkgcache": d / "cache" / "srcpkgcache.bin",
            "APT::Sandbox::User": "root",
            "Acquire::Languages": "none",
        }
        args = ["-c", str(d / "apt.conf")]
        for key, value in opts.items():
            args += ["-o", f"{key}={value}"]
        return args

    def run(self, tool, args, cwd=None):
        env = dict(os.environ, LC_ALL="C", LANG="C")
        env.pop("LANGUAGE", None)
        return subprocess.run([tool] + self.options() + args, cwd=cwd, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True)

    def lists_ready(self):
        stamp = self.dir / "lists.stamp"
        return stamp.is_file() and stamp.read_text().strip() == self.config_id

    def update(self, why):
        self.prepare()
        if self.offline:
            raise Error(f"the project-local apt lists need 'apt-get update' ({why}), "
                        "but offline mode (--offline / COBALT_OFFLINE=1) forbids it")
        say(f"apt: updating the project-local {self.type} lists ({why})")
        (self.dir / "lists.stamp").unlink(missing_ok=True)
        proc = self.run("apt-get", ["update", "--error-on=any"])
        if proc.returncode != 0:
            raise Error(f"apt-get update failed for the project-local {self.type} "
                        f"configuration in {self.dir}:\n{output_tail(proc)}")
        (self.dir / "lists.stamp").write_text(self.config_id + "\n")
        self.updated = True

    def ensure_lists(self):
        self.prepare()
        if not self.lists_ready():
            self.update(f"no lists yet in {self.dir / 'lists'}")

    def versions(self, name):
        """Every version of `name` in the lists (a source or a binary package)."""
        self.ensure_lists()
        if self.kind == "source":
            proc = self.run("apt-cache", ["showsrc", "--only-source", name])
        else:
            proc = self.run("apt-cache", ["show", name])
        if proc.returncode != 0:
            if re.search(r"No packages found|Unable to locate", proc.stderr):
                return []
            raise Error(f"apt-cache failed for {name}:\n{output_tail(proc)}")
        return parse_versions(proc.stdout, name)

    def candidate(self, name):
        """apt's choice: the policy candidate (binary), the highest version (source)."""
        if self.kind == "source":
            found = self.versions(name)
            return max(found, key=functools.cmp_to_key(compare_versions)) if found else None
        self.ensure_lists()
        proc = self.run("apt-cache", ["policy", name])
        match = re.search(r"^\s*Candidate:\s*(\S+)", proc.stdout, re.M)
        if not match or match.group(1) == "(none)":
            return None
        return match.group(1)

    def download(self, name, version, dest):
        if self.kind == "source":
            args = ["source", "--download-only", f"{name}={version}"]
        else:
            args = ["download", f"{name}={version}"]
        proc = self.run("apt-get", args, cwd=dest)
        if proc.returncode != 0:
            raise Error(f"apt-get {args[0]} {name}={version} failed:\n{output_tail(proc)}")


def parse_versions(text, name):
    found, package = [], None
    for line in text.splitlines():
        if line.startswith("Package:"):
            package = line.split(":", 1)[1].strip()
        elif line.startswith("Version:") and package == name:
            version = line.split(":", 1)[1].strip()
            if version not in found:
                found.append(version)
    return found


def compare_versions(a, b):
    if a == b:
        return 0
    proc = subprocess.run(["dpkg", "--compare-versions", a, "lt", b])
    return -1 if proc.returncode == 0 else 1


# ---------------------------------------------------------------------------------------
# The cache


def cache_root():
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base or not os.path.isabs(base):
        base = Path.home() / ".cache"
    return Path(base) / "cobalt"


@contextlib.contextmanager
def temp_dir(parent):
    parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=".tmp-", dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


class Context:
    """Everything one run needs: the manifest, the cache folders, the apt configs."""

    def __init__(self, manifest, offline):
        self.manifest = manifest
        self.offline = offline
        self.packages = parse_manifest(manifest)
        self.root = cache_root()
        self.downloads = self.root / "downloads"
        self.apts = {}

    def apt(self, kind):
        if kind not in self.apts:
            self.apts[kind] = Apt(self.root, kind, self.offline)
        return self.apts[kind]

    def select(self, names):
        unknown = [n for n in names if n not in self.packages]
        if unknown:
            raise Error(f"not in {self.manifest}: {' '.join(unknown)}")
        return [self.packages[n] for n in names] if names else list(self.packages.values())

    def unpack_dir(self, pkg):
        return self.root / UNPACK_DIR[pkg.kind] / f"{pkg.name}-{pkg.version}"

    @contextlib.contextmanager
    def lock(self):
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                say(f"thirdparty: waiting for another run holding {self.root / '.lock'}")
                fcntl.flock(f, fcntl.LOCK_EX)
            self.remove_stale_temps()
            yield

    def remove_stale_temps(self):
        for sub in ("downloads", "src", "pkg"):
            for path in (self.root / sub).glob(".tmp-*"):
                shutil.rmtree(path, ignore_errors=True)


def mismatch_message(ctx, pkg, path, expected, actual):
    return (f"sha256 mismatch for cached file {path} ({pkg.label()})\n"
            f"  expected (from {ctx.manifest}): {expected}\n"
            f"  actual:   {' ' * (len(str(ctx.manifest)) + 7)}{actual}\n"
            "  The cached copy is corrupt or was replaced. Delete it and fetch again to "
            "download it anew:\n"
            f"    rm {path} && tools/thirdparty.py fetch {pkg.name}")


def check_cached(ctx, pkg):
    """Hash every cached file of pkg; return the missing ones, raise on any mismatch."""
    missing, problems = [], []
    for name, expected in pkg.files:
        path = ctx.downloads / name
        if not path.is_file():
            missing.append(name)
            continue
        actual = sha256_of(path)
        if actual != expected:
            problems.append(mismatch_message(ctx, pkg, path, expected, actual))
    if problems:
        raise Error("\n".join(problems))
    return missing


def package_identity(ctx, pkg):
    """(name, version) as stated inside the package's .dsc or .deb."""
    if pkg.kind == "source":
        fields = {}
        for line in (ctx.downloads / pkg.main_file(".dsc")).read_text().splitlines():
            key, sep, value = line.partition(":")
            if sep and key in ("Source", "Version") and key not in fields:
                fields[key] = value.strip()
        return fields.get("Source"), fields.get("Version")
    deb = ctx.downloads / pkg.main_file(".deb")
    proc = subprocess.run(["dpkg-deb", "-f", str(deb), "Package", "Version"],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    fields = dict(l.split(": ", 1) for l in proc.stdout.splitlines() if ": " in l)
    return fields.get("Package"), fields.get("Version")


def check_identity(ctx, pkg):
    """The hashes match; make sure the files really are the pinned name and version."""
    name, version = package_identity(ctx, pkg)
    if (name, version) != (pkg.name, pkg.version):
        raise Error(f"{ctx.manifest} pins {pkg.label()}, but its files are {name} {version}; "
                    "versions and hashes must move together: run "
                    f"./build.sh repin {pkg.name} instead of editing by hand")


# ---------------------------------------------------------------------------------------
# fetch


def gone_message(pkg, available, apt):
    offers = (f"it offers {pkg.name} {', '.join(available)}" if available
              else f"it has no {pkg.kind} package {pkg.name} at all")
    note = "" if apt.updated else (
        f"\n  (offline: the lists in {apt.dir / 'lists'} were not refreshed)")
    return (f"{pkg.label()} is no longer on the mirror ({offers}).{note}\n"
            "  Pins move only by a deliberate, reviewed step: run\n"
            f"    ./build.sh repin {pkg.name}\n"
            "  then review and commit the change to thirdparty/manifest.")


def find_pinned_version(ctx, pkg):
    apt = ctx.apt(pkg.kind)
    available = apt.versions(pkg.name)
    if pkg.version not in available and not apt.updated and not ctx.offline:
        apt.update(f"{pkg.label()} is not in the lists")
        available = apt.versions(pkg.name)
    if pkg.version not in available:
        raise Error(gone_message(pkg, available, apt))
    return apt


def check_download(ctx, pkg, got):
    expected = dict(pkg.files)
    if set(got) != set(expected):
        raise Error(f"the mirror's files for {pkg.label()} differ from {ctx.manifest}: "
                    f"it has {' '.join(sorted(got))}; the manifest lists "
                    f"{' '.join(sorted(expected))}")
    for name, sha in got.items():
        if sha != expected[name]:
            raise Error(f"sha256 mismatch for downloaded file {name} ({pkg.label()})\n"
                        f"  expected (from {ctx.manifest}): {expected[name]}\n"
                        f"  actual: {sha}\n"
                        "  The mirror serves different content under the pinned version; "
                        "nothing was stored. Check the manifest; to accept the mirror's "
                        f"files deliberately, run ./build.sh repin {pkg.name}")


def download_missing(ctx, pkg, missing):
    apt = find_pinned_version(ctx, pkg)
    if ctx.offline:
        raise Error(f"{pkg.label()}: {' '.join(missing)} not cached, and offline mode "
                    "forbids downloading")
    say(f"fetch: {pkg.label()} downloading {len(missing)} file(s)")
    with temp_dir(ctx.downloads) as tmp:
        apt.download(pkg.name, pkg.version, tmp)
        got = {p.name: sha256_of(p) for p in tmp.iterdir() if p.is_file()}
        check_download(ctx, pkg, got)
        for name in missing:
            os.replace(tmp / name, ctx.downloads / name)


def marker_text(pkg):
    return "\n".join(pkg.lines()) + "\n"


def is_unpacked(ctx, pkg):
    marker = ctx.unpack_dir(pkg) / MARKER
    return marker.is_file() and marker.read_text() == marker_text(pkg)


def extract(ctx, pkg, tree):
    if pkg.kind == "source":
        cmd = ["dpkg-source", "--no-check", "--no-copy", "-x",
               str(ctx.downloads / pkg.main_file(".dsc")), str(tree)]
    else:
        tree.mkdir()
        cmd = ["dpkg-deb", "-x", str(ctx.downloads / pkg.main_file(".deb")), str(tree)]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          env=dict(os.environ, LC_ALL="C"))
    if proc.returncode != 0:
        raise Error(f"unpacking {pkg.label()} failed ({' '.join(cmd)}):\n{output_tail(proc)}")


def unpack(ctx, pkg):
    """Unpack once: into a temp dir, marker written last, then renamed into place."""
    if is_unpacked(ctx, pkg):
        return False
    dest = ctx.unpack_dir(pkg)
    with temp_dir(dest.parent) as tmp:
        tree = tmp / "tree"
        extract(ctx, pkg, tree)
        (tree / MARKER).write_text(marker_text(pkg))
        if dest.exists():
            os.rename(dest, tmp / "stale")
        os.rename(tree, dest)
    return True


def fetch_package(ctx, pkg):
    if not pkg.pinned:
        raise Error(f"{pkg.name} is not pinned yet; run ./build.sh repin {pkg.name}")
    missing = check_cached(ctx, pkg)
    if missing:
        download_missing(ctx, pkg, missing)
        check_cached(ctx, pkg)
    check_identity(ctx, pkg)
    state = "downloaded" if missing else "cached"
    if unpack(ctx, pkg):
        state += ", unpacked"
    say(f"fetch: {pkg.label()} ok ({state})")


def for_each(packages, action):
    """Run action on every package, report each failure, return the exit status."""
    status = 0
    for pkg in packages:
        try:
            action(pkg)
        except Error as err:
            report(err)
            status = 1
    return status


def cmd_fetch(ctx, args):
    packages = ctx.select(args.names)
    with ctx.lock():
        return for_each(packages, lambda pkg: fetch_package(ctx, pkg))


# ---------------------------------------------------------------------------------------
# path, verify, cache-dir


def cmd_path(ctx, args):
    pkg = ctx.select([args.name])[0]
    if not pkg.pinned or not is_unpacked(ctx, pkg):
        raise Error(f"{pkg.label()} is not unpacked in {ctx.root}; "
                    f"run tools/thirdparty.py fetch {pkg.name}")
    say(str(ctx.unpack_dir(pkg)))
    return 0


def verify_package(ctx, pkg):
    if not pkg.pinned:
        raise Error(f"{pkg.name} is not pinned yet; run ./build.sh repin {pkg.name}")
    absent = [n for n, _ in pkg.files if not (ctx.downloads / n).is_file()]
    if absent:
        raise Error(f"{pkg.label()}: not in the cache: {' '.join(absent)}; "
                    f"run tools/thirdparty.py fetch {pkg.name}")
    check_cached(ctx, pkg)
    check_identity(ctx, pkg)
    count = len(pkg.files)
    say(f"verify: {pkg.label()} ok ({count} file{'s' if count != 1 else ''})")


def cmd_verify(ctx, args):
    return for_each(ctx.select(args.names), lambda pkg: verify_package(ctx, pkg))


# ---------------------------------------------------------------------------------------
# repin


def repin_package(ctx, pkg, changed):
    apt = ctx.apt(pkg.kind)
    if not apt.updated and not ctx.offline:
        apt.update("repin reads what the mirror has now")
    version = apt.candidate(pkg.name)
    if version is None:
        raise Error(f"the mirror has no {pkg.kind} package {pkg.name}")
    new = Package(pkg.name, pkg.kind, version)
    with temp_dir(ctx.downloads) as tmp:
        apt.download(pkg.name, version, tmp)
        new.files = sorted((p.name, sha256_of(p)) for p in tmp.iterdir() if p.is_file())
        for name, _ in new.files:
            os.replace(tmp / name, ctx.downloads / name)
    if new.lines() == pkg.lines():
        say(f"repin: {pkg.label()} unchanged")
        return
    changed[pkg.name] = new
    diff = difflib.unified_diff(pkg.lines(), new.lines(), f"a/{ctx.manifest.name}",
                                f"b/{ctx.manifest.name}", n=0, lineterm="")
    say(f"repin: {pkg.name} {pkg.version} -> {version}")
    for line in list(diff)[3:]:
        say(f"  {line}")


def cmd_repin(ctx, args):
    packages, changed = ctx.select(args.names), {}
    with ctx.lock():
        status = for_each(packages, lambda pkg: repin_package(ctx, pkg, changed))
    if changed:
        rewrite_manifest(ctx.manifest, changed)
        say(f"repin: wrote {ctx.manifest}; review the diff, run fetch, then commit it")
    return status


# ---------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="thirdparty.py", description="Fetch, verify and pin Cobalt's third-party "
        "Debian packages (see docs/thirdparty.md).")
    parser.add_argument("--manifest", type=Path,
                        default=Path(os.environ.get("COBALT_MANIFEST") or DEFAULT_MANIFEST),
                        help="the manifest (default: $COBALT_MANIFEST or thirdparty/manifest)")
    parser.add_argument("--offline", action="store_true",
                        default=os.environ.get("COBALT_OFFLINE", "") not in ("", "0"),
                        help="never use the network (also COBALT_OFFLINE=1)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, text in (("fetch", cmd_fetch, "download, verify and unpack"),
                             ("verify", cmd_verify, "re-hash cached files, no network"),
                             ("repin", cmd_repin, "move pins to the mirror's versions")):
        p = sub.add_parser(name, help=text)
        p.add_argument("names", nargs="*", metavar="NAME")
        p.set_defaults(func=func)
    p = sub.add_parser("path", help="print a package's unpacked directory")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=cmd_path)
    sub.add_parser("cache-dir", help="print the cache root")
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    try:
        if args.command == "cache-dir":
            say(str(cache_root()))
            return 0
        ctx = Context(args.manifest.resolve(), args.offline)
        return args.func(ctx, args)
    except Error as err:
        report(err)
        return 1
    except KeyboardInterrupt:
        report("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
