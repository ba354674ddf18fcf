"""generator.check.htmlcheck: links, assets, fragments and alt attributes in hand-written output trees."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from generator.check.htmlcheck import (
    JAVA_MISSING,
    NU_MISSING,
    VALIDATOR_MISSING,
    VNU_JAR_ENV,
    VNU_JAR_IN_PREFIX,
    VNU_VERSION,
    NuTools,
    check_alt_attributes,
    check_references,
    find_nu_tools,
    sample,
    scan_output,
    site_path_of,
    validate_html,
)
from tests.conftest import REPO_ROOT

from .helpers import write_files

BASE = "https://example.org/"


def page(body: str) -> str:
    return f'<!DOCTYPE html>\n<html lang="en"><head><title>T</title></head>\n<body>\n{body}\n</body></html>\n'


def findings(output: Path, base_url: str = BASE) -> dict[str, list[tuple[str, int | None, str]]]:
    links, assets = check_references(scan_output(output), output, base_url)
    return {result.name: [(f.where, f.line, f.message) for f in result.findings] for result in (links, assets)}


@pytest.mark.parametrize(("file", "url"), [
    ("index.html", "/"), ("a/b/index.html", "/a/b/"), ("404.html", "/404.html"), ("a/x.html", "/a/x.html"),
])
def test_site_path_of(file, url):
    assert site_path_of(file) == url


def test_a_clean_tree_has_no_findings(tmp_path):
    write_files(tmp_path, {
        "index.html": page('<a href="/a/">a</a> <a href="a/">rel</a> <a href="/a">no slash</a>\n'
                           '<a href="/a/?page=2#part">query and fragment</a> <a href="#top">top</a> <a href="#">#</a>\n'
                           '<a href="/caf%C3%A9/">encoded</a> <a href="https://example.org/a/">absolute</a>\n'
                           '<link rel="stylesheet" href="/static/site.css"><img src="/img/x.png" alt="x"\n'
                           'srcset="/img/x.png 1x, /img/x2.png 2x"><video poster="/img/x.png" src="/v.mp4"></video>'),
        "a/index.html": page('<h2 id="part">Part</h2><a href="../#main">home</a>'),
        "café/index.html": page("<main id=main></main>"),
        "static/site.css": "", "img/x.png": "", "img/x2.png": "", "v.mp4": "",
    })
    (tmp_path / "index.html").write_text(page('<main id="main"></main>') + (tmp_path / "index.html").read_text())
    assert findings(tmp_path) == {"links": [], "assets": []}


def test_broken_link_and_missing_asset_name_the_page_and_line(tmp_path):
    write_files(tmp_path, {
        "index.html": page('<a href="/gone/">gone</a>\n<img src="/img/missing.png" alt="">'),
        "a/index.html": page('<a href="../gone/">gone too</a>'),
    })
    assert findings(tmp_path) == {
        # pages are read in file order: a/index.html before index.html
        "links": [("/a/", 4, 'broken link "../gone/": output/ has no gone/index.html; also on / (line 4)')],
        "assets": [("/", 5, 'missing asset "/img/missing.png": output/ has no img/missing.png')],
    }


def test_every_asset_attribute_is_read(tmp_path):
    write_files(tmp_path, {"index.html": page(
        '<link rel="icon" href="/favicon.ico"><script src="/app.js"></script>\n'
        '<picture><source srcset="/a.webp 1x, /b.webp 2x"><img src="/c.png" alt="c"></picture>\n'
        '<video poster="/poster.jpg"><source src="/v.webm"></video>')})
    missing = sorted(message.split('"')[1] for _, _, message in findings(tmp_path)["assets"])
    assert missing == ["/a.webp", "/app.js", "/b.webp", "/c.png", "/favicon.ico", "/poster.jpg", "/v.webm"]


def test_a_target_linked_from_many_pages_is_one_finding(tmp_path):
    write_files(tmp_path, {f"p{n}/index.html": page('<a href="/gone/">x</a>') for n in range(6)})
    (finding,) = findings(tmp_path)["links"]
    assert finding[0] == "/p0/"
    assert finding[2].endswith("also on /p1/ (line 4), /p2/ (line 4), /p3/ (line 4) and 2 more")


def test_broken_fragments_on_the_same_and_another_page(tmp_path):
    write_files(tmp_path, {
        "index.html": page('<a href="#nowhere">x</a>\n<a href="/a/#missing">y</a>\n<a href="/a/#there">z</a>'
                           '\n<a href="/a/#named">n</a>'),
        "a/index.html": page('<h2 id="there">There</h2><a name="named"></a>'),
    })
    assert findings(tmp_path)["links"] == [
        ("/", 4, 'broken fragment "#nowhere": / has no element with id="nowhere"'),
        ("/", 5, 'broken fragment "/a/#missing": /a/ has no element with id="missing"'),
    ]


def test_a_fragment_in_a_non_html_file_is_not_read(tmp_path):
    write_files(tmp_path, {"index.html": page('<img src="/icons.svg#star" alt="star">'), "icons.svg": "<svg/>"})
    assert findings(tmp_path) == {"links": [], "assets": []}


def test_external_and_other_schemes_are_ignored(tmp_path):
    write_files(tmp_path, {"index.html": page(
        '<a href="https://other.example.net/x/">other host</a> <a href="//cdn.example.net/y">scheme-relative</a>\n'
        '<a href="mailto:desk@example.org">mail</a> <a href="tel:+4912345">phone</a>\n'
        '<img src="data:image/png;base64,AAAA" alt="dot"> <a href="javascript:void(0)">js</a>')})
    assert findings(tmp_path) == {"links": [], "assets": []}


def test_a_site_under_a_sub_path(tmp_path):
    base = "https://example.org/news/"
    write_files(tmp_path, {
        "index.html": page('<a href="/news/a/">ok</a> <a href="https://example.org/news/a/">ok absolute</a>\n'
                           '<a href="/a/">outside</a>\n'
                           '<a href="https://example.org/news/missing/">missing</a>\n'
                           '<a href="https://example.org/shop/">another site on our host</a>\n'
                           '<a href="../../up/">escapes</a>'),
        "a/index.html": page(""),
    })
    assert findings(tmp_path, base)["links"] == [
        ("/", 5, '"/a/" leads outside the site\'s base path /news/; start it with /news/'),
        ("/", 6, 'broken link "https://example.org/news/missing/": output/ has no missing/index.html'),
        ("/", 8, '"../../up/" leads outside the site\'s base path /news/; start it with /news/'),
    ]


def test_the_not_found_page_must_link_so_that_it_works_at_any_depth(tmp_path):
    write_files(tmp_path, {
        "404.html": page('<a href="#main">skip</a><main id="main"><a href="/">home</a> <a href="a/">relative</a></main>'),
        "a/index.html": page(""),
        "index.html": page(""),
    })
    assert findings(tmp_path)["links"] == [
        ("/404.html", 4, 'broken link "a/": output/ has no some/missing/page/a/index.html')]


def test_hidden_folders_are_not_pages(tmp_path):
    write_files(tmp_path, {".staging/index.html": page('<a href="/gone/">x</a>'), "index.html": page("")})
    assert [p.file for p in scan_output(tmp_path)] == ["index.html"]


def test_img_without_alt_is_a_finding_but_empty_alt_is_not(tmp_path):
    write_files(tmp_path, {
        "index.html": page('<img src="/a.png">\n<img src="/deco.png" alt="">\n<img src="/b.png" alt="B">'),
        "x/index.html": page('<img src="/a.png">'),
    })
    result = check_alt_attributes(scan_output(tmp_path))
    assert [(f.where, f.line, f.message) for f in result.findings] == [
        ("/", 4, '<img src="/a.png"> has no alt attribute; describe the image, or alt="" if it is decorative; '
                 "also on /x/ (line 4)")]


def test_sample_spreads_over_the_files():
    files = [f"{n:02d}.html" for n in range(10)]
    assert sample(files, None) == files
    assert sample(files, 20) == files
    assert sample(files, 5) == ["00.html", "02.html", "04.html", "06.html", "08.html"]


@pytest.fixture
def no_nu_settings(monkeypatch):
    """find_nu_tools as on a machine where neither JAVA_HOME nor SITEGEN_VNU_JAR is set."""
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.delenv(VNU_JAR_ENV, raising=False)


def make_file(path: Path, mode: int = 0o644) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("stand-in\n")
    path.chmod(mode)
    return path


def test_find_nu_tools_asks_the_lookup_for_java(no_nu_settings):
    assert find_nu_tools(lambda name: None).java is None
    assert find_nu_tools(lambda name: f"/opt/{name}").java == "/opt/java"


def test_find_nu_tools_prefers_java_home_when_it_has_a_java(tmp_path, monkeypatch, no_nu_settings):
    java = make_file(tmp_path / "jdk" / "bin" / "java", 0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk"))
    assert find_nu_tools(lambda name: f"/opt/{name}").java == str(java)
    java.chmod(0o644)  # not executable: JAVA_HOME is ignored, as the lookup's java still runs
    assert find_nu_tools(lambda name: f"/opt/{name}").java == "/opt/java"
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-such-jdk"))
    assert find_nu_tools(lambda name: f"/opt/{name}").java == "/opt/java"


def test_find_nu_tools_reads_the_jar_from_the_environment_prefix(tmp_path, monkeypatch, no_nu_settings):
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "venv"))
    assert find_nu_tools(shutil.which).jar is None
    jar = make_file(tmp_path / "venv" / VNU_JAR_IN_PREFIX)
    assert find_nu_tools(shutil.which).jar == jar


def test_sitegen_vnu_jar_names_the_jar_instead(tmp_path, monkeypatch, no_nu_settings):
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "venv"))
    make_file(tmp_path / "venv" / VNU_JAR_IN_PREFIX)
    shared = make_file(tmp_path / "shared" / "vnu.jar")
    monkeypatch.setenv(VNU_JAR_ENV, str(shared))
    assert find_nu_tools(shutil.which).jar == shared
    monkeypatch.setenv(VNU_JAR_ENV, str(tmp_path / "missing.jar"))  # a wrong setting is not overruled
    assert find_nu_tools(shutil.which).jar is None


def test_missing_java_or_validator_skips_with_a_clear_message(tmp_path):
    no_java = validate_html(tmp_path, ["index.html"], NuTools(None, tmp_path / "vnu.jar"), None)
    assert (no_java.status, no_java.skipped, no_java.findings) == ("skipped", JAVA_MISSING, ())
    assert "Java not found; install a Java runtime, e.g. apt install default-jre-headless" in JAVA_MISSING
    no_validator = validate_html(tmp_path, ["index.html"], NuTools("/usr/bin/java", None), None)
    assert (no_validator.status, no_validator.skipped) == ("skipped", VALIDATOR_MISSING)
    assert (f"`npm install --global --prefix {sys.prefix} --ignore-scripts --no-audit --no-fund "
            f"vnu-jar@{VNU_VERSION}`, or set SITEGEN_VNU_JAR to a vnu.jar") in VALIDATOR_MISSING


def test_the_install_hint_names_the_version_the_makefile_installs_and_the_readme_documents():
    assert f"VNU_VERSION := {VNU_VERSION}\n" in (REPO_ROOT / "Makefile").read_text()
    assert f"vnu-jar@{VNU_VERSION}`" in (REPO_ROOT / "README.md").read_text()


def test_a_validator_that_does_not_run_is_a_finding_not_a_pass(tmp_path):
    write_files(tmp_path, {"index.html": page("")})
    result = validate_html(tmp_path, ["index.html"], NuTools(shutil.which("false") or "false", tmp_path / "vnu.jar"),
                           None)
    assert result.status == "problems"
    assert result.findings[0].message.startswith("the Nu HTML checker did not run")


def test_nu_checker_reports_errors_per_page_and_line(tmp_path):
    tools = find_nu_tools(shutil.which)
    assert tools.java and tools.jar, f"the test suite needs Java and vnu.jar (make test installs them): {NU_MISSING}"
    write_files(tmp_path, {
        "index.html": page("<p>fine</p>"),
        "a/index.html": page("<p>text</span></p>"),
        "b/index.html": page("<div>"),
    })
    files = [p.file for p in scan_output(tmp_path)]
    result = validate_html(tmp_path, files, tools, None)
    assert sorted((f.where, f.line) for f in result.findings)[0] == ("/a/", 4)
    assert {f.where for f in result.findings} == {"/a/", "/b/"}
    assert any("Stray end tag" in f.message for f in result.findings)
    sampled = validate_html(tmp_path, files, tools, 1)
    assert sampled.note == "validated a sample of 1 of 3 pages"
    assert {f.where for f in sampled.findings} == {"/a/"}  # files sorted: a/, b/, index → the first
