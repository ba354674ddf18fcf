"""Shared helpers: inline sites written into tmp_path, a CLI runner, output inspection."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--soak", action="store_true",
                     help="Run the seeded fuzz and signal suites at their long size, not the CI size.")


MINIMAL_CONFIG = 'title = "Test Desk"\nbase_url = "https://test.example.org/"\ntimezone = "Europe/Berlin"\n'


def article(title: str = "A story", date: str = "2024-05-01T09:30:00+02:00", author: str = "ana",
            body: str = "The first paragraph of the story.\n", **fields: str) -> str:
    """Markdown source of an article; extra FIELDS are written as raw YAML lines."""
    lines = ["---", f'title: "{title}"', f"date: {date}", f"author: {author}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join([*lines, "---", body])


def write_files(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small valid site: config, one author profile, two articles and an about page."""
    root = tmp_path / "site"
    write_files(root, {
        "sitegen.toml": MINIMAL_CONFIG,
        "content/authors/ana.md": "---\nname: Ana Ruiz\nrole: Reporter\n---\nAna covers chips.\n",
        "content/news/first.md": article("First story", tags="[chips, AI]"),
        "content/news/second.md": article("Second story", "2024-05-02T10:00:00+02:00", tags="[ai]"),
        "content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
    })
    return root


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small valid site (search off), built once per module with its cache; tests that break
    it start from linked_copy() of it."""
    from click.testing import CliRunner  # noqa: PLC0415

    from generator.cli import main  # noqa: PLC0415

    root = tmp_path_factory.mktemp("built") / "site"
    write_files(root, {
        "sitegen.toml": MINIMAL_CONFIG + "search = false\n",
        "content/authors/ana.md": "---\nname: Ana Ruiz\nrole: Reporter\n---\nAna covers chips.\n",
        "content/news/first.md": article("First story", tags="[chips, AI]"),
        "content/news/second.md": article("Second story", "2024-05-02T10:00:00+02:00", tags="[ai]"),
        "content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
    })
    result = CliRunner().invoke(main, ["build", "--site", str(root), "-q", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return root


def linked_copy(site: Path, where: Path, *, built: bool = True) -> Path:
    """A copy of SITE at WHERE whose files are hard links (a build never writes into a file, it
    renames a new one over it; a test that edits one must unlink it first). BUILT=False leaves
    output/ and the cache behind."""
    ignore = None if built else shutil.ignore_patterns("output", ".sitegen-cache")
    shutil.copytree(site, where, copy_function=os.link, ignore=ignore)
    return where


@dataclass(frozen=True)
class CliRun:
    code: int
    stdout: str
    stderr: str


def run_sitegen(*args: str | Path, cwd: Path | None = None) -> CliRun:
    """Run the real command in a subprocess, as a user would (exit codes, no tracebacks)."""
    done = subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600, check=False)
    return CliRun(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below FOLDER with its bytes and mtime: equal snapshots mean nothing changed."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def parse_html(path: Path) -> ElementTree.Element:
    return html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)


def text_of(element: ElementTree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def html_files(folder: Path) -> Iterator[Path]:
    return (p for p in sorted(folder.rglob("*.html")))
