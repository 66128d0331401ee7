#!/usr/bin/python3
"""Rebuild pure-Python wheels from Debian's python3-* packages and lay out a PEP 503 "simple" index.

PyPI is unreachable here; Debian's archive is not. Each package's files under usr/lib/python3/dist-packages
are zipped as NAME-VERSION-py3-none-any.whl with a real .dist-info (METADATA, WHEEL, RECORD and the
entry_points.txt, so pip generates console scripts such as `gunicorn`).

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
# Debian splits what PyPI ships as one wheel: setuptools' wheel includes pkg_resources.
BUNDLED_WITH = {"python3-setuptools": ["python3-pkg-resources"]}


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


def unpack(deb, tmp, bundled_debs=()):
    """Extracts deb, then the debs bundled into its wheel, into tmp: (site-packages folder, deb's own metadata folder)."""
    subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
    site = os.path.join(tmp, SITE)
    if not os.path.isdir(site):
        raise SystemExit(f"{deb}: no {SITE}")
    infos = [e for e in os.listdir(site) if e.endswith((".egg-info", ".dist-info"))]
    if len(infos) != 1:
        raise SystemExit(f"{deb}: expected one egg-info/dist-info, found {infos}")
    for extra in bundled_debs:
        subprocess.run(["dpkg-deb", "-x", extra, tmp], check=True)
    return site, os.path.join(site, infos[0])


def build_wheel(deb, out_dir, bundled_debs=()):
    with tempfile.TemporaryDirectory() as tmp:
        site, info = unpack(deb, tmp, bundled_debs)
        metadata = read_metadata(info)
        name, version = header(metadata, "Name"), header(metadata, "Version")
        # Debian's metadata is not a dependency list we can honour offline: requirements files name every package.
        metadata = "".join(l for l in metadata.splitlines(True) if not l.startswith("Requires-Dist:"))
        dist_info = f"{re.sub(r'[-_.]+', '_', name)}-{version}.dist-info"
        wheel_name = f"{re.sub(r'[-_.]+', '_', name)}-{version}-py3-none-any.whl"
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
            add(f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: dct-testbed\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
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
    debs = {deb.split("_")[0]: os.path.join(deb_dir, deb) for deb in sorted(os.listdir(deb_dir)) if deb.endswith(".deb")}
    bundled = {extra for extras in BUNDLED_WITH.values() for extra in extras}
    wheels = [build_wheel(path, os.path.join(out_dir, "packages"), [debs[e] for e in BUNDLED_WITH.get(package, [])])
              for package, path in debs.items() if package not in bundled]
    write_index(out_dir, wheels)
    for name, wheel in wheels:
        print(wheel)


if __name__ == "__main__":
    main()
