#!/usr/bin/python3
"""Rebuild wheels from Debian's python3-* packages and lay out a PEP 503 "simple" index.

PyPI is unreachable here; Debian's archive is not. Each package's files under usr/lib/python3/dist-packages
are zipped as NAME-VERSION-py3-none-any.whl with a real .dist-info (METADATA, WHEEL, RECORD and the
entry_points.txt, so pip generates console scripts such as `gunicorn`).

Packages with C extensions (python3-psycopg2) become platform wheels for the Debian Python they were built for
(cp311-cp311-linux_x86_64), usable in the bookworm base image only; their shared libraries (libpq5) are not
bundled, so the image must carry them. ALSO_PUBLISHED_AS adds the same files under another distribution name.

Usage: build-wheelhouse.py DEB_DIR OUT_DIR      (OUT_DIR/packages/*.whl, OUT_DIR/simple/<name>/index.html)
"""
import base64
import hashlib
import html
import os
import re
import subprocess
import sys
import tempfile
import zipfile

SITE = "usr/lib/python3/dist-packages"
# psycopg2-binary is what most projects pin; the Debian build is the same module.
ALSO_PUBLISHED_AS = {"psycopg2": ["psycopg2-binary"]}


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


def record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


def wheel_tag(site):
    """py3-none-any, or the CPython/platform tag of the extension modules inside."""
    for dirpath, _, filenames in os.walk(site):
        for filename in filenames:
            match = re.search(r"\.cpython-(\d)(\d+)-([a-z0-9_]+)-linux-gnu\.so$", filename)
            if match:
                py = f"cp{match.group(1)}{match.group(2)}"
                return f"{py}-{py}-linux_{match.group(3)}"
    return "py3-none-any"


def build_wheel(deb, out_dir, published_name=None):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
        site = os.path.join(tmp, SITE)
        if not os.path.isdir(site):
            raise SystemExit(f"{deb}: no {SITE}")
        infos = [e for e in os.listdir(site) if e.endswith((".egg-info", ".dist-info"))]
        if len(infos) != 1:
            raise SystemExit(f"{deb}: expected one egg-info/dist-info, found {infos}")
        info = os.path.join(site, infos[0])
        metadata = read_metadata(info)
        name, version = header(metadata, "Name"), header(metadata, "Version")
        if published_name:
            metadata = re.sub(r"^Name: *.+$", f"Name: {published_name}", metadata, count=1, flags=re.M)
            name = published_name
        tag = wheel_tag(site)
        # Debian's metadata is not a dependency list we can honour offline: requirements files name every package.
        metadata = "".join(l for l in metadata.splitlines(True) if not l.startswith("Requires-Dist:"))
        dist_info = f"{re.sub(r'[-_.]+', '_', name)}-{version}.dist-info"
        wheel_name = f"{re.sub(r'[-_.]+', '_', name)}-{version}-{tag}.whl"
        records = []
        path = os.path.join(out_dir, wheel_name)
        with zipfile.ZipFile(path + ".partial", "w", zipfile.ZIP_DEFLATED) as whl:
            def add(arcname, data):
                whl.writestr(arcname, data)
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
            whl.writestr(f"{dist_info}/RECORD", "\n".join(records + [f"{dist_info}/RECORD,,"]) + "\n")
        os.replace(path + ".partial", path)
        return name, wheel_name


def write_index(out_dir, wheels):
    simple = os.path.join(out_dir, "simple")
    os.makedirs(simple, exist_ok=True)
    projects = {}
    for name, wheel in wheels:
        projects.setdefault(normalize(name), []).append(wheel)
    for project, files in projects.items():
        os.makedirs(os.path.join(simple, project), exist_ok=True)
        links = []
        for wheel in sorted(files):
            digest = hashlib.sha256(open(os.path.join(out_dir, "packages", wheel), "rb").read()).hexdigest()
            links.append(f'<a href="../../packages/{html.escape(wheel)}#sha256={digest}">{html.escape(wheel)}</a><br>')
        page = f"<!DOCTYPE html><html><body><h1>Links for {project}</h1>\n" + "\n".join(links) + "\n</body></html>\n"
        open(os.path.join(simple, project, "index.html"), "w").write(page)
    root = "".join(f'<a href="{p}/">{p}</a><br>\n' for p in sorted(projects))
    open(os.path.join(simple, "index.html"), "w").write(f"<!DOCTYPE html><html><body>\n{root}</body></html>\n")


def main():
    deb_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out_dir, "packages"), exist_ok=True)
    wheels = []
    for deb in sorted(os.listdir(deb_dir)):
        if not deb.endswith(".deb"):
            continue
        name, wheel = build_wheel(os.path.join(deb_dir, deb), os.path.join(out_dir, "packages"))
        wheels.append((name, wheel))
        for alias in ALSO_PUBLISHED_AS.get(normalize(name), []):
            wheels.append(build_wheel(os.path.join(deb_dir, deb), os.path.join(out_dir, "packages"), alias))
    write_index(out_dir, wheels)
    for name, wheel in wheels:
        print(wheel)


if __name__ == "__main__":
    main()
