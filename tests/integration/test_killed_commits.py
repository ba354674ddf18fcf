"""A build killed while it puts its files in place never leaves output/ half old and half new.

A 1,000-article site is built, then changed (headlines edited, stories deleted and added) and
built again in a child process that dies at a seeded sample of the commit's renames and
deletions: by SIGKILL (nothing runs after it) or by Ctrl-C (KeyboardInterrupt, which runs the
rollback). The next command must then leave output/ exactly as a clean build of whatever the
content is by then: the new content, or the old one if the editor reverted the change, which
is what a cached build once got wrong ("nothing changed since the last build").

CI tries 30 points; `--soak` tries 200.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from generator.build.builder import Builder, BuildOptions
from tests.conftest import MINIMAL_CONFIG, article, write_files

NOW = datetime(2025, 1, 10, 12, tzinfo=UTC)
ARTICLES = 1000
SEED = int(os.environ.get("SITEGEN_KILL_SEED", "11"))
EDITED = [f"content/news/story-{n:04d}.md" for n in (3, 250, 500, 777, 999)]
DELETED = [f"content/news/story-{n:04d}.md" for n in (10, 600, 998)]
ADDED = ["content/news/breaking-one.md", "content/news/breaking-two.md"]


def _story(number: int, title: str | None = None) -> str:
    day = 1 + number % 28
    month = 1 + (number // 28) % 12
    return article(title or f"Story number {number}", date=f"2024-{month:02d}-{day:02d}T{10 + number % 10}:00:00+00:00",
                   author=("ana", "ben", "chen")[number % 3], tags=f"[{('ai', 'chips', 'phones', 'space')[number % 4]}]",
                   body=f"Paragraph one of story {number}.\n\nParagraph two.\n")


def _old_content() -> dict[str, str]:
    files = {f"content/news/story-{n:04d}.md": _story(n) for n in range(ARTICLES)}
    files["sitegen.toml"] = MINIMAL_CONFIG + "search = false\n"
    for author in ("ana", "ben", "chen"):
        files[f"content/authors/{author}.md"] = f"---\nname: {author.title()} Writer\n---\nReports.\n"
    return files


def _write(path: Path, text: str) -> None:
    """A new file at PATH: each run's site shares the template's files as hard links."""
    path.unlink(missing_ok=True)
    path.write_text(text, encoding="utf-8")


def _change(site: Path) -> None:
    for name in EDITED:
        number = int(name[-7:-3])
        _write(site / name, _story(number, f"Edited headline {number}"))
    for name in DELETED:
        (site / name).unlink()
    for number, name in enumerate(ADDED):
        _write(site / name, article(f"Breaking {number}", date=f"2024-12-30T1{number}:00:00+00:00",
                                    author="ana", tags="[ai]"))


def _revert(site: Path) -> None:
    for name in ADDED:
        (site / name).unlink()
    for name, text in _old_content().items():
        if name in EDITED + DELETED:
            _write(site / name, text)


def _tree(output: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under OUTPUT."""
    return {p.relative_to(output).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(output.rglob("*"))}


def _build(site: Path, output: Path | None = None, cache: bool = True, jobs: int = 1) -> None:
    Builder(BuildOptions(site, output, jobs=jobs, cache=cache)).build(NOW)


class _World:
    def __init__(self, root: Path) -> None:
        self.template = root / "template"  # the site after its first build, with output/ and cache
        write_files(self.template, _old_content())
        _build(self.template)
        self.old = _tree(self.template / "output")
        changed = root / "changed"
        shutil.copytree(self.template, changed, ignore=shutil.ignore_patterns("output", ".sitegen-cache"))
        _change(changed)
        _build(changed, root / "new-output", cache=False)
        self.new = _tree(root / "new-output")
        self.operations = _count_commit_operations(self.template, root / "counted")


def _counting(on_call: Any) -> None:
    """Route os.replace and os.unlink (what a commit does) through ON_CALL first."""
    real_replace, real_unlink = os.replace, os.unlink

    def replace(*args: Any, **kwargs: Any) -> None:
        on_call()
        real_replace(*args, **kwargs)

    def unlink(*args: Any, **kwargs: Any) -> None:
        on_call()
        real_unlink(*args, **kwargs)

    os.replace, os.unlink = replace, unlink


def _count_commit_operations(template: Path, scratch: Path) -> int:
    """The renames and deletions of the changed build's commit (and the cache's after it)."""
    shutil.copytree(template, scratch)
    _change(scratch)
    calls = multiprocessing.get_context("fork").Value("i", 0)

    def child() -> None:
        def count() -> None:
            calls.value += 1
        _counting(count)
        _build(scratch)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join()
    assert process.exitcode == 0
    return calls.value


def _killed_build(site: Path, at: int, how: str) -> int | None:
    """Build SITE in a child process that dies at its AT-th rename or deletion; its exit code."""

    def child() -> None:
        calls = 0

        def die() -> None:
            nonlocal calls
            calls += 1
            if calls == at:
                if how == "SIGKILL":
                    os.kill(os.getpid(), signal.SIGKILL)
                raise KeyboardInterrupt
        _counting(die)
        _build(site)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join()
    return process.exitcode


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> _World:
    return _World(tmp_path_factory.mktemp("killed-commits"))


def _points(world: _World, soak: bool) -> list[tuple[int, str, bool]]:
    rng = random.Random(SEED)
    # The first operations are the commit's renames and deletions; the cache is saved after them.
    commit = range(1, world.operations)
    picked = sorted(rng.sample(commit, min(200 if soak else 30, len(commit))))
    return [(at, rng.choice(["SIGKILL", "Ctrl-C"]), rng.random() < 0.5) for at in picked]


def test_a_killed_commit_leaves_the_old_or_the_new_site_never_a_mix(world: _World, tmp_path: Path,
                                                                    request: pytest.FixtureRequest) -> None:
    assert world.old != world.new
    assert world.operations > 30, "the change must give the commit enough steps to kill"
    for number, (at, how, reverted) in enumerate(_points(world, request.config.getoption("--soak"))):
        site = tmp_path / f"run-{number}"
        # Hard links: a build never writes into a file, it renames a new one over it.
        shutil.copytree(world.template, site, copy_function=os.link)
        _change(site)
        exit_code = _killed_build(site, at, how)
        assert exit_code != 0, f"the build was not stopped at operation {at}"
        if reverted:
            _revert(site)
        _build(site, jobs=2)  # the next command finishes or undoes the commit first
        expected = world.old if reverted else world.new
        found = _tree(site / "output")
        assert found == expected, (
            f"killed by {how} at operation {at} of {world.operations}, then "
            f"{'reverted' if reverted else 'built again'}: {sorted(set(found) ^ set(expected))[:5]} differ, or bytes")
        shutil.rmtree(site)
