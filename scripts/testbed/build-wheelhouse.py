#!/usr/bin/python3
"""Rebuild pure-Python wheels from Debian's python3-* packages and lay out a PEP 503 "simple" index.

PyPI is unreachable here; Debian's archive is not. Each package's files under usr/lib/python3/dist-packages
are zipped as NAME-VERSION-py3-none-any.whl with a real .dist-info (METADATA, WHEEL, RECORD and the
entry_points.txt, so pip generates console scripts such as `gunicorn`). Wheels are reproducible (fixed zip
timestamps): a rebuild serves the same bytes, so hashes in lock files made against the index stay valid.

The index is updated in place: wheels are replaced atomically and every page lists what packages/ holds, so wheels
other scripts add (build-native-wheels.py) survive a rebuild, and those a previous run built but this one does not are
removed (OUT_DIR/.wheelhouse-built lists them).

Project wheels carry no Requires-Dist: their requirements files name every package. The package managers (TOOLS) are
installed by name alone (`pip install pipenv==...`), so their wheels, and those of what they depend on, declare the
Debian Depends that are in the index as unversioned Requires-Dist.

Usage: build-wheelhouse.py DEB_DIR OUT_DIR      (OUT_DIR/packages/*.whl, OUT_DIR/simple/<name>/index.html)
"""
import base64
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

SITE = "usr/lib/python3/dist-packages"
# Debian splits what PyPI ships as one wheel: setuptools' wheel includes pkg_resources.
BUNDLED_WITH = {"python3-setuptools": ["python3-pkg-resources"], "python3-cffi": ["python3-cffi-backend"]}
# Virtual packages in Depends, and the real one that provides them.
PROVIDED_BY = {"python3-cffi-backend-api-min": "python3-cffi-backend", "python3-cffi-backend-api-max": "python3-cffi-backend",
               "python3-ply-lex-3.10": "python3-ply", "python3-ply-yacc-3.10": "python3-ply"}
TOOLS = {"pipenv", "python3-pdm", "python3-poetry"}
MANIFEST = ".wheelhouse-built"
# Zip entries get this date instead of the build time, so wheels are byte-for-byte reproducible.
EPOCH = (1980, 1, 1, 0, 0, 0)


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_metadata(info_path):
    """PKG-INFO/METADATA text from an .egg-info (dir or single file) or a .dist-info dir."""
    if os.path.isfile(info_path):
        return open(info_path, encoding="utf-8").read()
    for name in ("METADATA", "PKG-INFO"):
        candidate = os.path.join(info_path, name)
        if os.path.isfile(candidate):
            return open(candidate, encoding="utf-8").read()
    raise SystemExit(f"no metadata in {info_path}")


def header(metadata, key):
    match = re.search(rf"^{key}: *(.+)$", metadata, re.M)
    if not match:
        raise SystemExit(f"metadata has no {key}")
    return match.group(1).strip()


def debian_depends(deb):
    """Debian package names deb depends on; a group an `python3 (>> X)` alternative satisfies on Python 3.11 is left out."""
    field = subprocess.run(["dpkg-deb", "-f", deb, "Depends"], check=True, capture_output=True, text=True).stdout
    names = []
    for group in filter(None, (g.strip() for g in field.split(","))):
        alternatives = [re.sub(r"[ :(].*", "", a.strip()) for a in group.split("|")]
        alternatives = [PROVIDED_BY.get(a, a) for a in alternatives]
        if any(re.match(r"python3 \(>>", a.strip()) for a in group.split("|")):
            continue
        names.append(alternatives)
    return names


def platform_tag(site):
    """py3-none-any, or for compiled modules (Debian's, built for its Python 3.11) the tag pip must match them by."""
    for _, _, filenames in os.walk(site):
        for filename in filenames:
            match = re.search(r"\.cpython-(\d)(\d+)-([a-z0-9_]+)-linux-gnu\.so$", filename)
            if match:
                py = f"cp{match.group(1)}{match.group(2)}"
                return f"{py}-{py}-linux_{match.group(3)}"
    for _, _, filenames in os.walk(site):
        if any(f.endswith(".abi3.so") for f in filenames):
            return f"cp{sys.version_info[0]}{sys.version_info[1]}-abi3-linux_{os.uname().machine}"
    return "py3-none-any"


def write_entry(whl, arcname, data):
    info = zipfile.ZipInfo(arcname, date_time=EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    whl.writestr(info, data)


def record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


def unpack(deb, tmp, bundled_debs=()):
    """Extracts deb, then the debs bundled into its wheel, into tmp: (site-packages folder, deb's own metadata folder)."""
    subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
    site = os.path.join(tmp, SITE)
    if not os.path.isdir(site):
        raise SystemExit(f"{deb}: no {SITE}")
    infos = [e for e in os.listdir(site) if e.endswith((".egg-info", ".dist-info"))]
    if len(infos) > 1:  # python3-cryptography ships both; the dist-info is the current one
        infos = [e for e in infos if e.endswith(".dist-info")]
    if len(infos) != 1:
        raise SystemExit(f"{deb}: expected one egg-info/dist-info, found {infos}")
    for extra in bundled_debs:
        subprocess.run(["dpkg-deb", "-x", extra, tmp], check=True)
    return site, os.path.join(site, infos[0])


def build_wheel(deb, out_dir, bundled_debs=(), requires=()):
    with tempfile.TemporaryDirectory() as tmp:
        site, info = unpack(deb, tmp, bundled_debs)
        metadata = read_metadata(info)
        name, version = header(metadata, "Name"), header(metadata, "Version")
        # Debian's metadata is not a dependency list we can honour offline: requirements files name every package.
        metadata = "".join(l for l in metadata.splitlines(True) if not l.startswith("Requires-Dist:"))
        if requires:
            head, sep, body = metadata.partition("\n\n")
            metadata = head.rstrip("\n") + "\n" + "".join(f"Requires-Dist: {r}\n" for r in requires) + sep + body
        dist_info = f"{re.sub(r'[-_.]+', '_', name)}-{version}.dist-info"
        tag = platform_tag(site)
        wheel_name = f"{re.sub(r'[-_.]+', '_', name)}-{version}-{tag}.whl"
        records = []
        path = os.path.join(out_dir, wheel_name)
        with zipfile.ZipFile(path + ".partial", "w", zipfile.ZIP_DEFLATED) as whl:
            def add(arcname, data):
                write_entry(whl, arcname, data)
                records.append(record_line(arcname, data))

            for dirpath, dirnames, filenames in os.walk(site, followlinks=True):
                dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and os.path.join(dirpath, d) != info)
                for filename in sorted(filenames):
                    full = os.path.join(dirpath, filename)
                    if full == info or filename.endswith(".pyc"):
                        continue
                    if not os.path.exists(full):  # dangling symlink (e.g. admin JS into /usr/share/javascript)
                        continue
                    add(os.path.relpath(full, site), open(full, "rb").read())
            add(f"{dist_info}/METADATA", metadata.encode())
            purelib = "true" if tag == "py3-none-any" else "false"
            add(f"{dist_info}/WHEEL", f"Wheel-Version: 1.0\nGenerator: dct-testbed\nRoot-Is-Purelib: {purelib}\nTag: {tag}\n".encode())
            entry_points = os.path.join(info, "entry_points.txt")
            if os.path.isfile(entry_points):
                add(f"{dist_info}/entry_points.txt", open(entry_points, "rb").read())
            top_level = os.path.join(info, "top_level.txt")
            if os.path.isfile(top_level):
                add(f"{dist_info}/top_level.txt", open(top_level, "rb").read())
            write_entry(whl, f"{dist_info}/RECORD", "\n".join(records + [f"{dist_info}/RECORD,,"]) + "\n")
        os.replace(path + ".partial", path)
        return name, wheel_name


def write_atomically(path, text):
    with open(path + ".partial", "w") as f:
        f.write(text)
    os.replace(path + ".partial", path)


def write_index(out_dir):
    """Pages for every wheel in out_dir/packages, whoever built it."""
    simple = os.path.join(out_dir, "simple")
    os.makedirs(simple, exist_ok=True)
    projects = {}
    for wheel in sorted(os.listdir(os.path.join(out_dir, "packages"))):
        if wheel.endswith(".whl"):
            projects.setdefault(normalize(wheel.split("-")[0]), []).append(wheel)
    for project, files in projects.items():
        os.makedirs(os.path.join(simple, project), exist_ok=True)
        links = []
        for wheel in files:
            digest = hashlib.sha256(open(os.path.join(out_dir, "packages", wheel), "rb").read()).hexdigest()
            links.append(f'<a href="../../packages/{html.escape(wheel)}#sha256={digest}">{html.escape(wheel)}</a><br>')
        page = f"<!DOCTYPE html><html><body><h1>Links for {project}</h1>\n" + "\n".join(links) + "\n</body></html>\n"
        write_atomically(os.path.join(simple, project, "index.html"), page)
    for gone in set(os.listdir(simple)) - set(projects) - {"index.html"}:
        shutil.rmtree(os.path.join(simple, gone))
    root = "".join(f'<a href="{p}/">{p}</a><br>\n' for p in sorted(projects))
    write_atomically(os.path.join(simple, "index.html"), f"<!DOCTYPE html><html><body>\n{root}</body></html>\n")


def tool_closure(debs):
    """The tools' debs and, recursively, the debs among `debs` they depend on."""
    closure, todo = set(), [p for p in TOOLS if p in debs]
    while todo:
        package = todo.pop()
        if package not in closure:
            closure.add(package)
            todo += [a for alternatives in debian_depends(debs[package]) for a in alternatives[:1] if a in debs]
    return closure


def main():
    deb_dir, out_dir = sys.argv[1], sys.argv[2]
    packages = os.path.join(out_dir, "packages")
    os.makedirs(packages, exist_ok=True)
    debs = {deb.split("_")[0]: os.path.join(deb_dir, deb) for deb in sorted(os.listdir(deb_dir)) if deb.endswith(".deb")}
    bundled = {extra: host for host, extras in BUNDLED_WITH.items() for extra in extras}
    # A deb with no dist-packages (python3-pip-whl and the like) is a dependency the index does not serve.
    names = {}
    for package, path in debs.items():
        listing = subprocess.run(["dpkg-deb", "-c", path], check=True, capture_output=True, text=True).stdout
        if f"./{SITE}/" in listing and package not in bundled:
            with tempfile.TemporaryDirectory() as tmp:
                names[package] = header(read_metadata(unpack(path, tmp)[1]), "Name")
    for extra, host in bundled.items():
        if host in names:
            names[extra] = names[host]
    tools = tool_closure(debs)
    wheels = []
    for package in names:
        if package in bundled:
            continue
        requires = []
        if package in tools:
            for alternatives in debian_depends(debs[package]):
                found = next((names[a] for a in alternatives if a in names), None)
                if found and found != names[package] and found not in requires:
                    requires.append(found)
        wheels.append(build_wheel(debs[package], packages, [debs[e] for e in BUNDLED_WITH.get(package, [])], requires))
    manifest = os.path.join(out_dir, MANIFEST)
    previous = set(open(manifest).read().split()) if os.path.exists(manifest) else set()
    current = {wheel for _, wheel in wheels}
    for stale in previous - current:
        if os.path.exists(os.path.join(packages, stale)):
            os.remove(os.path.join(packages, stale))
    write_index(out_dir)
    write_atomically(manifest, "".join(f"{w}\n" for w in sorted(current)))
    for name, wheel in wheels:
        print(wheel)


if __name__ == "__main__":
    main()
