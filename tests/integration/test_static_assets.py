"""Theme files under content-hashed names: static_url(), the copies, /_headers, and incremental builds.

A small theme of its own (in tmp_path) links a stylesheet from every page and a script from
article pages only, through static_url(), and a font by its plain name from the stylesheet.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.build.builder import Builder, BuildOptions
from generator.errors import SiteError
from generator.render.themes import content_digest, fingerprinted
from tests.conftest import MINIMAL_CONFIG, article, write_files

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
OTHER_TEMPLATES = ("index", "section", "tag", "tags", "author", "authors", "archive", "archive_year", "404",
                   "search", "gone", "page")
PLAIN = "{% extends 'base.html' %}{% block main %}{{ page_url }}{% endblock %}"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write_files(root, {
        "sitegen.toml": MINIMAL_CONFIG + 'theme = "tiny"\nsearch = false\ntopic_feeds = false\n',
        "themes/tiny/templates/base.html": (
            "<!DOCTYPE html><html><head><link rel=stylesheet href=\"{{ static_url('app.css') }}\">"
            "{% block head %}{% endblock %}</head><body>{% block main %}{% endblock %}</body></html>"),
        "themes/tiny/templates/article.html": (
            "{% extends 'base.html' %}{% block head %}<script src=\"{{ static_url('/reader.js') }}\" defer></script>"
            "{% endblock %}{% block main %}<h1>{{ article.title }}</h1>{% endblock %}"),
        **{f"themes/tiny/templates/{name}.html": PLAIN for name in OTHER_TEMPLATES},
        "themes/tiny/static/app.css": "@font-face { src: url(fonts/serif.woff2) }\n",
        "themes/tiny/static/reader.js": "console.log('reader');\n",
        "themes/tiny/static/fonts/serif.woff2": "wOF2",
        "content/news/first.md": article("First story"),
        "content/news/second.md": article("Second story", "2024-05-02T10:00:00+02:00"),
    })
    return root


def _hashed(site: Path, name: str) -> str:
    """The output path of the theme's static/NAME under its content-hashed name."""
    return fingerprinted({f"static/{name}": site / "themes/tiny/static" / name})[f"static/{name}"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".sitegen")}


def _edit_static(site: Path, name: str, text: str) -> None:
    (site / "themes/tiny/static" / name).write_text(text, encoding="utf-8")


def test_a_fingerprinted_name_carries_the_start_of_the_content_digest(tmp_path: Path) -> None:
    write_files(tmp_path, {"site.css": "a", "LICENSE": "b", "vendor.min.js": "c"})
    names = fingerprinted({"static/site.css": tmp_path / "site.css", "static/LICENSE": tmp_path / "LICENSE",
                           "static/lib/vendor.min.js": tmp_path / "vendor.min.js"})
    assert names == {"static/site.css": f"static/site.{content_digest(b'a')[:8]}.css",
                     "static/LICENSE": f"static/LICENSE.{content_digest(b'b')[:8]}",
                     "static/lib/vendor.min.js": f"static/lib/vendor.min.{content_digest(b'c')[:8]}.js"}
    assert fingerprinted({"static/site.css": tmp_path / "site.css"}, enabled=False) == {
        "static/site.css": "static/site.css"}


def test_pages_link_the_hashed_names_and_both_copies_are_written(site: Path, tmp_path: Path) -> None:
    Builder(BuildOptions(site, tmp_path / "out")).build(NOW)
    out = tmp_path / "out"
    css, script = _hashed(site, "app.css"), _hashed(site, "reader.js")
    home = (out / "index.html").read_text()
    story = (out / "2024/05/first/index.html").read_text()
    assert f'href="/{css}"' in home and "reader" not in home
    assert f'href="/{css}"' in story and f'src="/{script}"' in story
    for plain, hashed in (("static/app.css", css), ("static/reader.js", script)):
        assert (out / hashed).read_bytes() == (out / plain).read_bytes()  # the plain name keeps working
    font = _hashed(site, "fonts/serif.woff2")
    assert (out / "static/fonts/serif.woff2").is_file() and (out / font).is_file()
    headers = (out / "_headers").read_text()
    assert f"\n/{css}\n  Cache-Control: public, max-age=31536000, immutable\n" in headers
    assert "\n/static/app.css\n" not in headers


def test_links_carry_the_base_path(site: Path, tmp_path: Path) -> None:
    Builder(BuildOptions(site, tmp_path / "out", base_url="https://example.org/news/")).build(NOW)
    assert f'href="/news/{_hashed(site, "app.css")}"' in (tmp_path / "out/index.html").read_text()
    assert f"\n/news/{_hashed(site, 'app.css')}\n" in (tmp_path / "out/_headers").read_text()


def test_the_preview_links_plain_names(site: Path, tmp_path: Path) -> None:
    """sitegen serve: a stylesheet edit must change no page, so the tab can swap it in."""
    Builder(BuildOptions(site, tmp_path / "out", fingerprint_assets=False)).build(NOW)
    out = tmp_path / "out"
    assert 'href="/static/app.css"' in (out / "index.html").read_text()
    assert sorted(p.name for p in (out / "static").iterdir()) == ["app.css", "fonts", "reader.js"]


def test_a_changed_script_renders_again_only_the_pages_that_link_it(site: Path, tmp_path: Path) -> None:
    builder = Builder(BuildOptions(site, tmp_path / "out"))
    builder.build(NOW)
    old_script = _hashed(site, "reader.js")
    _edit_static(site, "reader.js", "console.log('reader, faster');\n")
    result = builder.build(NOW)
    new_script = _hashed(site, "reader.js")
    assert new_script != old_script
    assert result.rendered == 2  # the two articles: no list page links the script
    assert f'src="/{new_script}"' in (tmp_path / "out/2024/05/first/index.html").read_text()
    assert not (tmp_path / "out" / old_script).exists()  # an old name goes like any file no build makes
    assert f"\n/{new_script}\n" in (tmp_path / "out/_headers").read_text()
    Builder(BuildOptions(site, tmp_path / "clean")).build(NOW)
    assert _tree(tmp_path / "out") == _tree(tmp_path / "clean")


def test_a_changed_stylesheet_renders_again_every_page_and_a_font_none(site: Path, tmp_path: Path) -> None:
    builder = Builder(BuildOptions(site, tmp_path / "out"))
    first = builder.build(NOW)
    _edit_static(site, "app.css", "@font-face { src: url(fonts/serif.woff2) }\nbody { margin: 0 }\n")
    assert builder.build(NOW).rendered == first.pages  # every HTML page links it, no feed does
    _edit_static(site, "fonts/serif.woff2", "wOF2, hinted")
    result = builder.build(NOW)
    assert result.rendered == 0  # linked by the stylesheet, by its plain name: no page changes
    assert set(result.written) == {"static/fonts/serif.woff2", _hashed(site, "fonts/serif.woff2"), "_headers"}
    Builder(BuildOptions(site, tmp_path / "clean")).build(NOW)
    assert _tree(tmp_path / "out") == _tree(tmp_path / "clean")


def test_a_changed_script_is_seen_by_a_new_process_through_the_cache(site: Path, tmp_path: Path) -> None:
    """`sitegen build` starts a Builder each time: the records on disk must say who linked what."""
    options = BuildOptions(site, tmp_path / "out", cache=True)
    Builder(options).build(NOW)
    _edit_static(site, "reader.js", "console.log('v2');\n")
    result = Builder(options).build(NOW)
    assert result.rendered == 2
    assert f'src="/{_hashed(site, "reader.js")}"' in (tmp_path / "out/2024/05/second/index.html").read_text()


def test_a_static_file_the_theme_lacks_is_an_error_naming_the_template(site: Path, tmp_path: Path) -> None:
    write_files(site, {"themes/tiny/templates/article.html": (
        "{% extends 'base.html' %}{% block main %}<script src=\"{{ static_url('missing.js') }}\"></script>"
        "{% endblock %}")})
    with pytest.raises(SiteError) as caught:
        Builder(BuildOptions(site, tmp_path / "out")).build(NOW)
    messages = {(p.path, p.line, re.sub(r" \(while rendering .*", "", p.message)) for p in caught.value.problems}
    assert messages == {("themes/tiny/templates/article.html", 1,
                         "LookupError: static_url('missing.js'): the theme has no static/missing.js")}
    assert not (tmp_path / "out").exists()


def test_a_content_file_named_headers_collides(site: Path, tmp_path: Path) -> None:
    write_files(site, {"content/_headers": "/*\n  X-Test: 1\n"})
    with pytest.raises(SiteError) as caught:
        Builder(BuildOptions(site, tmp_path / "out")).build(NOW)
    assert any("_headers" in str(problem) for problem in caught.value.problems)
