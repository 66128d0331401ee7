#!/usr/bin/python3
"""Wheels with C extensions from Debian's python3-* packages, added to the index build-wheelhouse.py laid out.

python3-psycopg2's module is compiled for Debian's Python, so it becomes a cp311-cp311-linux_x86_64 wheel (the bookworm
base image only). Its shared libraries (libpq5) are not bundled: the image must carry them
(local/python:3.11-slim-bookworm-libpq from service-images.sh). ALSO_PUBLISHED_AS adds the same files under the
name most projects pin. Kept apart from build-wheelhouse.py so that index's stamp does not change.

Usage: build-native-wheels.py DEB_DIR INDEX_DIR      (adds INDEX_DIR/packages/*.whl and INDEX_DIR/simple/<name>/)
"""
import hashlib
import html
import importlib.util
import os
import re
import sys
import tempfile
import zipfile

_spec = importlib.util.spec_from_file_location("wheelhouse", os.path.join(os.path.dirname(__file__), "build-wheelhouse.py"))
wheelhouse = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wheelhouse)

ALSO_PUBLISHED_AS = {"psycopg2": ["psycopg2-binary"]}
# Debian splits what PyPI ships as one wheel: debugpy vendors pydevd (and its bytecode dependency) inside. The
# substitute wheel carries the three packages' files, as the real one carries its vendored copy.
BUNDLED_WITH = {"debugpy": ["python3-pydevd", "python3-bytecode"]}


def extension_tag(site):
    """cp311-cp311-linux_x86_64 (the tag build-wheelhouse.py gives compiled modules); these packages must have one."""
    tag = wheelhouse.platform_tag(site)
    if tag == "py3-none-any":
        raise SystemExit(f"{site}: no extension module; build-wheelhouse.py handles pure-Python packages")
    return tag


def build_wheel(deb, packages_dir, name_override=None, bundled_debs=()):
    with tempfile.TemporaryDirectory() as tmp:
        site, info = wheelhouse.unpack(deb, tmp, bundled_debs)
        # The bundled packages' own metadata folders stay out: the wheel is one distribution.
        skipped = {os.path.join(site, e) for e in os.listdir(site) if e.endswith((".egg-info", ".dist-info"))}
        metadata = wheelhouse.read_metadata(info)
        name, version = wheelhouse.header(metadata, "Name"), wheelhouse.header(metadata, "Version")
        if name_override:
            metadata = re.sub(r"^Name: *.+$", f"Name: {name_override}", metadata, count=1, flags=re.M)
            name = name_override
        metadata = "".join(l for l in metadata.splitlines(True) if not l.startswith("Requires-Dist:"))
        tag = extension_tag(site)
        stem = re.sub(r"[-_.]+", "_", name)
        dist_info = f"{stem}-{version}.dist-info"
        wheel_name = f"{stem}-{version}-{tag}.whl"
        path = os.path.join(packages_dir, wheel_name)
        records = []
        with zipfile.ZipFile(path + ".partial", "w", zipfile.ZIP_DEFLATED) as whl:
            def add(arcname, data):
                wheelhouse.write_entry(whl, arcname, data)
                records.append(wheelhouse.record_line(arcname, data))

            for dirpath, dirnames, filenames in os.walk(site):
                dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and os.path.join(dirpath, d) not in skipped)
                for filename in sorted(filenames):
                    full = os.path.join(dirpath, filename)
                    if full not in skipped and not filename.endswith(".pyc") and os.path.exists(full):
                        add(os.path.relpath(full, site), open(full, "rb").read())
            add(f"{dist_info}/METADATA", metadata.encode())
            add(f"{dist_info}/WHEEL", f"Wheel-Version: 1.0\nGenerator: dct-testbed\nRoot-Is-Purelib: false\nTag: {tag}\n".encode())
            wheelhouse.write_entry(whl, f"{dist_info}/RECORD", "\n".join(records + [f"{dist_info}/RECORD,,"]) + "\n")
        os.replace(path + ".partial", path)
        return name, wheel_name


def add_to_index(index_dir, name, wheel):
    project = wheelhouse.normalize(name)
    folder = os.path.join(index_dir, "simple", project)
    os.makedirs(folder, exist_ok=True)
    digest = hashlib.sha256(open(os.path.join(index_dir, "packages", wheel), "rb").read()).hexdigest()
    page = (f"<!DOCTYPE html><html><body><h1>Links for {project}</h1>\n"
            f'<a href="../../packages/{html.escape(wheel)}#sha256={digest}">{html.escape(wheel)}</a><br>\n</body></html>\n')
    open(os.path.join(folder, "index.html"), "w").write(page)
    root = os.path.join(index_dir, "simple", "index.html")
    listing = open(root).read() if os.path.exists(root) else "<!DOCTYPE html><html><body>\n</body></html>\n"
    link = f'<a href="{project}/">{project}</a><br>\n'
    if link not in listing:
        open(root, "w").write(listing.replace("</body>", link + "</body>", 1))


def main():
    deb_dir, index_dir = sys.argv[1], sys.argv[2]
    packages = os.path.join(index_dir, "packages")
    os.makedirs(packages, exist_ok=True)
    debs = sorted(d for d in os.listdir(deb_dir) if d.endswith(".deb"))
    package_of = {d.split("_")[0]: os.path.join(deb_dir, d) for d in debs}
    bundled = {p for parts in BUNDLED_WITH.values() for p in parts}
    for deb in debs:
        package = deb.split("_")[0]
        if package in bundled:
            continue
        extras = [package_of[p] for p in BUNDLED_WITH.get(package.removeprefix("python3-"), [])]
        name, wheel = build_wheel(os.path.join(deb_dir, deb), packages, bundled_debs=extras)
        built = [(name, wheel)] + [build_wheel(os.path.join(deb_dir, deb), packages, alias) for alias in ALSO_PUBLISHED_AS.get(wheelhouse.normalize(name), [])]
        for name, wheel in built:
            add_to_index(index_dir, name, wheel)
            print(wheel)


if __name__ == "__main__":
    main()
