"""`sitegen check`: exit codes, findings named with their pages, the summary table, no Java."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import MAX_FINDINGS_SHOWN, main

from .helpers import article_text, write_files

AUTHOR = "---\nname: Jane Doe\n---\nJane covers chips.\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3"/></svg>\n'
LEAD = "image: ../images/lead.svg\nimage_alt: A black rectangle\nsummary: What happened, in one line.\n"
BROKEN_BODY = """The first paragraph.

<p><a href="/news/nowhere/">gone</a> <a href="/elsewhere/">outside</a> <a href="#no-such-part">jump</a></p>

<p><img src="/news/images/missing.png" alt="Missing"> <img src="/news/images/lead.svg"></p>

<p>text</span></p>

![](../images/lead.svg)
"""


def run(*args: str | Path):
    return CliRunner().invoke(main, ["check", "-j", "1", *map(str, args)])


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A clean site under a sub-path: every check passes on it."""
    root = tmp_path / "site"
    write_files(root, {
        "sitegen.toml": 'title = "Test Desk"\nbase_url = "https://example.org/news/"\n',
        "content/authors/jane-doe.md": AUTHOR,
        "content/images/lead.svg": SVG,
        "content/news/first.md": article_text("First story", extra=LEAD),
        "content/pages/about.md": "---\ntitle: About\nsummary: Who we are.\n---\nWho we are.\n",
    })
    monkeypatch.chdir(tmp_path)
    return root


@pytest.fixture
def no_java(monkeypatch):
    """A machine without Java: only the lookup of `java` fails, everything else is found as usual."""
    monkeypatch.delenv("JAVA_HOME", raising=False)
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs:
                        None if name == "java" else real_which(name, *args, **kwargs))


def table(output: str) -> dict[str, tuple[str, str]]:
    """The summary table's rows: check → (count, status)."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split() == ["check", "found", "status"])
    return {line.split()[0]: tuple(line.split()[1:3]) for line in lines[start + 1:] if line[:1].isalpha()
            and not line.startswith("Check ")}


def test_a_clean_site_passes_with_every_check_run(site):
    result = run("--site", site)
    assert result.exit_code == 0, result.output
    assert table(result.stdout) == {name: ("0", "ok") for name in
                                    ("links", "assets", "html", "alt-text", "summary", "lead-image", "titles", "scripts")}
    assert result.stdout.splitlines()[-1].startswith("Check passed: ")
    assert (site / "output" / "index.html").is_file()  # built first


def test_planted_problems_are_each_named_with_their_page_and_exit_1(site):
    write_files(site, {
        "content/news/broken.md": article_text("Broken story", "2024-05-02T09:30:00+00:00", extra=LEAD,
                                               body=BROKEN_BODY),
        "content/news/again.md": article_text("FIRST  story", "2024-05-03T09:30:00+00:00"),
    })
    result = run("--site", "site")
    assert result.exit_code == 1, result.output
    out = result.stdout
    page = "/2024/05/broken/"
    assert f'{page}:' in out and 'links: broken link "/news/nowhere/": output/ has no nowhere/index.html' in out
    assert 'links: "/elsewhere/" leads outside the site\'s base path /news/; start it with /news/' in out
    assert f'links: broken fragment "#no-such-part": {page} has no element with id="no-such-part"' in out
    assert 'assets: missing asset "/news/images/missing.png": output/ has no images/missing.png' in out
    assert f'{page}:' in next(line for line in out.splitlines() if "missing.png" in line)
    assert f'{page}:' in next(line for line in out.splitlines() if "has no alt attribute" in line)
    assert any(line.startswith(f"{page}:") and "html: Stray end tag" in line for line in out.splitlines())
    # the file is also in a raw <img> on the page, so which line is not known
    assert ('site/content/news/broken.md: alt-text: image "/news/images/lead.svg" in the text '
            f"(page {page}) has an empty alt text") in out
    assert "site/content/news/again.md: lead-image: no lead image" in out
    assert 'site/content/news/again.md: titles: title "FIRST  story" is also the title of content/news/first.md' \
        in out
    assert 'site/content/news/first.md: titles: title "First story" is also the title of content/news/again.md' \
        in out
    rows = table(out)
    assert rows.pop("html")[1] == "problems"  # how many errors one stray tag makes is the Nu checker's business
    assert rows == {"links": ("3", "problems"), "assets": ("1", "problems"), "alt-text": ("2", "problems"),
                    "summary": ("0", "ok"), "lead-image": ("1", "problems"), "titles": ("2", "problems"),
                    "scripts": ("0", "ok")}
    assert out.splitlines()[-1].startswith("Check failed: ")


def test_without_java_html_validation_is_skipped_said_and_not_a_failure(site, no_java):
    result = run("--site", site)
    assert result.exit_code == 0, result.output
    assert ("HTML validation skipped: Java not found; install a Java runtime, e.g. apt install "
            "default-jre-headless") in result.stdout
    assert table(result.stdout)["html"] == ("-", "skipped")


def test_a_site_that_does_not_build_reports_the_build_errors(site):
    write_files(site, {"content/news/bad.md": "---\ntitle: Bad\ndate: someday\nauthor: Jane Doe\n---\nBody\n"})
    result = run("--site", "site")
    assert result.exit_code == 1
    assert "site/content/news/bad.md:3: error: date: cannot read 'someday' as a date" in result.stderr
    assert result.stderr.endswith("Build failed: 1 error; output/ was left as it was.\n")
    assert "check" not in result.stdout


def test_no_build_checks_the_output_as_it_is_and_caps_long_lists(site, no_java):
    assert CliRunner().invoke(main, ["build", "--site", str(site), "-q", "-j", "1"]).exit_code == 0
    links = "\n".join(f'<a href="/news/gone-{n}/">{n}</a>' for n in range(MAX_FINDINGS_SHOWN + 5))
    write_files(site / "output", {"extra.html": f'<!DOCTYPE html><html lang="en"><title>x</title>\n{links}'})
    before = sorted(p.relative_to(site).as_posix() for p in (site / "output").rglob("*"))
    result = run("--site", site, "--no-build")
    assert result.exit_code == 1, result.output
    assert result.stdout.count("/extra.html:") == MAX_FINDINGS_SHOWN
    assert "… and 5 more (--all lists them)" in result.stdout
    assert table(result.stdout)["links"] == (str(MAX_FINDINGS_SHOWN + 5), "problems")
    assert sorted(p.relative_to(site).as_posix() for p in (site / "output").rglob("*")) == before
    every = run("--site", site, "--no-build", "--all")
    assert every.stdout.count("/extra.html:") == MAX_FINDINGS_SHOWN + 5
    assert "more (--all lists them)" not in every.stdout


def test_require_summary_reports_summaries_taken_from_the_first_paragraph(site, no_java):
    write_files(site, {"content/news/plain.md": article_text(
        "Plain story", "2024-05-02T09:30:00+00:00", extra="image: ../images/lead.svg\nimage_alt: A rectangle\n")})
    assert run("--site", site).exit_code == 0
    result = run("--site", site, "--require-summary", "--no-build")
    assert result.exit_code == 1
    assert "content/news/plain.md: summary: no summary: in the front matter" in result.stdout


@pytest.mark.parametrize("args", [("--no-build",), ("--html-sample", "0"), ("--no-such-option",)])
def test_usage_errors_exit_with_2(site, args):
    result = run("--site", site, *args)
    assert result.exit_code == 2, result.output
    assert "Error: " in result.stderr
