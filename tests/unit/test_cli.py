"""generator.cli: exit codes (0 ok, 1 site problem, 2 usage), messages, and never overwriting."""

from __future__ import annotations

import gc
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli import _quiet_about_interrupts, main

from .helpers import article_text, write_files

AUTHOR = "---\nname: Jane Doe\n---\nJane covers chips.\n"
CONFIG = 'title = "Test Desk"\nbase_url = "https://example.org/"\n'


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A valid site in tmp_path/site, with the working directory at tmp_path."""
    root = tmp_path / "site"
    write_files(root, {
        "sitegen.toml": CONFIG,
        "content/authors/jane-doe.md": AUTHOR,
        "content/news/first.md": article_text("First story", "2024-05-01T09:30:00+00:00"),
    })
    monkeypatch.chdir(tmp_path)
    return root


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_version():
    result = run("--version")
    assert (result.exit_code, result.output) == (0, f"sitegen, version {__version__}\n")


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_main_help_lists_the_commands(flag):
    result = run(flag)
    assert result.exit_code == 0
    assert "Usage:" in result.output
    for command in ("build", "init", "new"):
        assert f"  {command} " in result.output


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert f" {command} [OPTIONS]" in result.output
    assert "Options:" in result.output
    assert main.commands[command].get_short_help_str(limit=200) in " ".join(result.output.split())


@pytest.mark.parametrize("args", [
    ("publish",),
    ("build", "--no-such-option"),
    ("build", "--base-url", "ftp://example.org/"),
    ("build", "--base-url", "example.org"),
    ("new",),
    ("init",),
])
def test_usage_errors_exit_with_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Error: " in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_base_url_option_says_why():
    result = run("build", "--base-url", "ftp://example.org/")
    assert "Invalid value for '--base-url': 'ftp://example.org/' is not an absolute http(s) URL" in result.stderr


def test_build_succeeds_with_a_summary(site):
    result = run("build", "--site", site)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built 1 article, ")
    assert f"→ {site / 'output'} (" in result.stdout
    assert result.stderr == ""
    assert (site / "output" / "2024" / "05" / "first" / "index.html").is_file()


def test_build_quiet_prints_nothing(site):
    result = run("build", "--site", site, "--quiet")
    assert (result.exit_code, result.output) == (0, "")
    assert (site / "output" / "index.html").is_file()


def test_build_into_another_output_folder(site, tmp_path):
    result = run("build", "--site", site, "--output", tmp_path / "public", "-q")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "public" / "index.html").is_file()
    assert not (site / "output").exists()


def test_build_refuses_content_as_output(site):
    before = files_of(site / "content")
    result = run("build", "--site", site, "--output", site / "content")
    assert result.exit_code == 1
    assert "cannot be the output folder: it is or contains content/" in result.stderr
    assert files_of(site / "content") == before


def test_build_without_a_site_exits_with_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr.startswith("sitegen.toml: error: not found in ")
    assert result.stderr.endswith("Build failed: 1 error; output/ was left as it was.\n")
    assert list(tmp_path.iterdir()) == []  # not even a cache folder in what is not a site


def test_content_error_exits_with_1_names_file_and_line_and_keeps_output(site):
    assert run("build", "--site", site, "-q").exit_code == 0
    before = files_of(site / "output")
    (site / "content" / "news" / "bad.md").write_text(
        "---\ntitle: Bad\ndate: someday\nauthor: Jane Doe\nsubtitel: x\n---\nBody\n", encoding="utf-8")
    result = run("build", "--site", "site")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert "site/content/news/bad.md:3: error: date: cannot read 'someday' as a date; use ISO 8601, " \
           "e.g. 2024-05-01T09:30" in lines
    assert any(line.startswith("site/content/news/bad.md:5: warning: unknown front-matter key 'subtitel'")
               for line in lines)
    assert lines[-1] == "Build failed: 1 error; output/ was left as it was."
    assert files_of(site / "output") == before


def test_paths_are_shown_relative_to_the_working_directory(site, monkeypatch):
    (site / "content" / "news" / "bad.md").write_text("no front matter\n", encoding="utf-8")
    monkeypatch.chdir(site)
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr.startswith("content/news/bad.md:1: error: has no front matter")


def test_warnings_do_not_fail_a_build_unless_strict(site):
    write_files(site, {"content/news/typo.md": article_text("Typo", extra="colour: red\n")})
    result = run("build", "--site", "site")
    assert result.exit_code == 0
    assert "site/content/news/typo.md:6: warning: unknown front-matter key 'colour'" in result.stderr
    strict = run("build", "--site", "site", "--strict")
    assert strict.exit_code == 1
    assert "site/content/news/typo.md:6: error: unknown front-matter key 'colour'" in strict.stderr
    assert "Build failed: 1 error;" in strict.stderr


def test_base_url_option_overrides_the_config(site):
    result = run("build", "--site", site, "-q", "--base-url", "https://preview.example.net/pr-7")
    assert result.exit_code == 0, result.output
    feed = (site / "output" / "feed.xml").read_text(encoding="utf-8")
    assert "https://preview.example.net/pr-7/2024/05/first/" in feed
    assert "https://example.org/" not in feed


def test_drafts_and_future_flags(site):
    write_files(site, {
        "content/news/wip.md": article_text("WIP", extra="draft: true\n"),
        "content/news/later.md": article_text("Later", "2999-01-01T00:00:00+00:00"),
    })
    assert run("build", "--site", site, "-q").exit_code == 0
    assert not (site / "output" / "2024" / "05" / "wip").exists()
    assert not (site / "output" / "2999").exists()
    assert run("build", "--site", site, "-q", "--drafts", "--future").exit_code == 0
    assert (site / "output" / "2024" / "05" / "wip" / "index.html").is_file()
    assert (site / "output" / "2999" / "01" / "later" / "index.html").is_file()


def test_init_creates_a_site_that_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "mysite")
    assert result.exit_code == 0, result.output
    assert "created mysite/sitegen.toml\n" in result.stdout
    assert result.stdout.endswith("Next: cd mysite && sitegen build\n")
    build = run("build", "--site", "mysite", "-q")
    assert build.exit_code == 0, build.output
    assert (tmp_path / "mysite" / "output" / "index.html").is_file()


def test_init_refuses_to_overwrite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path, {"mysite/sitegen.toml": "# my own\n"})
    result = run("init", "mysite")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.endswith("mysite/sitegen.toml: error: already exists; sitegen init never overwrites a file, "
                         "choose an empty folder")
    assert files_of(tmp_path / "mysite") == {"sitegen.toml": b"# my own\n"}


def test_new_creates_a_draft(site):
    result = run("new", "Chip Act: round two", "--site", site, "--section", "Policy", "--author", "Jane Doe",
                 "--tags", "AI, EU ,")
    assert result.exit_code == 0, result.output
    path = site / "content" / "policy" / "chip-act-round-two.md"
    assert result.stdout == f"created {path} (draft: set `draft: false` to publish)\n"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Chip Act: round two"\n' in text
    assert 'author: "Jane Doe"\n' in text
    assert 'tags: ["AI", "EU"]\n' in text
    assert "draft: true\n" in text
    assert run("build", "--site", site, "-q", "--drafts").exit_code == 0


def test_new_refuses_to_overwrite(site):
    assert run("new", "Hello", "--site", "site").exit_code == 0
    path = site / "content" / "news" / "hello.md"
    path.write_text("my edits", encoding="utf-8")
    result = run("new", "Hello", "--site", "site")
    assert result.exit_code == 1
    assert result.stderr == "site/content/news/hello.md: error: already exists; sitegen never overwrites a file\n"
    assert path.read_text(encoding="utf-8") == "my edits"


def test_new_outside_a_site_exits_with_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "Hello")
    assert result.exit_code == 1
    assert result.stderr.startswith("sitegen.toml: error: not found in ")
    assert list(tmp_path.iterdir()) == []


def test_build_says_when_the_output_next_changes_by_the_clock(site):
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    write_files(site, {"content/news/later.md": article_text("Later", due.isoformat())})
    result = run("build", "--site", site, "--next-change")
    assert result.exit_code == 0, result.output
    assert datetime.fromisoformat(result.stdout.strip()) == due
    told = run("build", "--site", site)
    assert f"The output changes by the clock alone at {due.isoformat()}" in told.stdout


def test_with_nothing_scheduled_the_next_change_is_none(site):
    assert run("build", "--site", site, "--next-change").stdout.strip() == "none"


def test_an_error_with_a_line_is_shown_with_its_lines_and_the_same_hint(site):
    (site / "content" / "news" / "bad.md").write_text(
        '---\ntitle: "Broken\ndate: 2024-05-01T09:30:00+00:00\nauthor: Jane Doe\n---\nBody\n', encoding="utf-8")
    result = run("build", "--site", "site")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "site/content/news/bad.md:2: error: front matter is not valid YAML: the title's quote is never closed; "
        'add a closing " at the end of line 2',
        "      1 | ---",
        '    > 2 | title: "Broken',
        "      3 | date: 2024-05-01T09:30:00+00:00",
        "      4 | author: Jane Doe",
        "Build failed: 1 error; output/ was left as it was.",
    ]


def test_only_the_first_errors_get_excerpts_and_warnings_none(site):
    for name in "abcde":
        write_files(site, {f"content/news/{name}.md": article_text(name.upper(), "someday", extra="colour: red\n")})
    lines = run("build", "--site", "site").stderr.splitlines()
    assert sum(": error: " in line for line in lines) == 5
    assert sum(line.startswith("    > ") for line in lines) == 3  # date: someday, with the lines around it
    warnings = [index for index, line in enumerate(lines) if ": warning: " in line]
    assert len(warnings) == 5 and all(not line.startswith(" ") for line in lines[warnings[0]:])


def test_serve_hides_an_interrupt_dropped_in_a_finalizer_and_reports_any_other(capsys) -> None:
    """stop() can raise inside a finalizer, where Python drops the exception and prints a
    traceback; serve stops anyway, so only that one kind of unraisable exception goes unprinted."""
    class Finalized:
        def __init__(self, error: BaseException) -> None:
            self.error = error

        def __del__(self) -> None:
            raise self.error

    previous, sys.unraisablehook = sys.unraisablehook, _quiet_about_interrupts
    try:
        Finalized(KeyboardInterrupt())
        gc.collect()
        assert "KeyboardInterrupt" not in capsys.readouterr().err
        Finalized(ValueError("a real bug"))
        gc.collect()
        assert "ValueError: a real bug" in capsys.readouterr().err
    finally:
        sys.unraisablehook = previous
