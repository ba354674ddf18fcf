"""Ctrl-C and `kill` end `sitegen serve` cleanly at any moment: "Stopped.", exit 0, nothing left running.

A terminal's Ctrl-C reaches the whole foreground process group, so these tests start serve in
a group of its own and signal the group, as a terminal does. `--soak` repeats the moments many
more times (a lost signal showed up once in about 15 full test runs before it was fixed).
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import article, write_files
from tests.serving import ServeProcess

SEED = 20261202


def _children_named(pid: int, name: str) -> list[int]:
    """Processes whose parent is PID and whose command line mentions NAME (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # it ended while we looked
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and name.encode() in command:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _bigger_site(site: Path, count: int) -> Path:
    """SITE with COUNT more articles: the first build and Pagefind's run take long enough to hit."""
    write_files(site, {f"content/news/story-{n}.md": article(f"Story number {n}", body="Words of the story. " * 40)
                       for n in range(count)})
    return site


def _assert_stopped_cleanly(server: ServeProcess, code: int, since: int) -> None:
    after = server.lines[since:]
    assert code == 0, server.output
    assert after and after[-1] == "Stopped.", server.output
    assert [line for line in after if line.strip()] == ["Stopped."], server.output
    assert "Traceback" not in server.output and "KeyboardInterrupt" not in server.output, server.output


def test_ctrl_c_to_the_group_while_pagefind_indexes_ends_pagefind_too_and_prints_only_stopped(site: Path) -> None:
    """Pagefind runs in a group of its own: the Ctrl-C meant for serve never reaches it, serve kills it."""
    server = ServeProcess(_bigger_site(site, 60), own_group=True, wait=False)
    deadline = time.monotonic() + 60
    indexers: list[int] = []
    while not indexers and time.monotonic() < deadline and server.process.poll() is None:
        indexers = _children_named(server.process.pid, "pagefind")
        time.sleep(0.002)
    assert indexers, f"Pagefind was never seen running:\n{server.output}"
    mark = len(server.lines)
    code = server.stop(signal.SIGINT, group=True)
    _assert_stopped_cleanly(server, code, mark)
    time.sleep(0.2)
    assert not any(_alive(pid) for pid in indexers), "Pagefind outlived serve"


def _moments(count: int) -> list[float]:
    return [round(random.Random(SEED + n).uniform(0.0, 2.5), 3) for n in range(count)]


# Ctrl-C reaches the terminal's whole process group; `kill PID` reaches serve alone. (SIGTERM to
# the whole group, as `kill -TERM -PGID` sends it, can kill a pool worker while it holds the
# pool's task-queue lock, and multiprocessing's Pool.terminate() then waits for that lock for
# ever; not covered here.)
@pytest.mark.parametrize(("sig", "group"), [(signal.SIGINT, True), (signal.SIGTERM, False)])
def test_a_signal_at_any_moment_of_a_session_stops_it_cleanly(site: Path, sig: int, group: bool,
                                                              request: pytest.FixtureRequest) -> None:
    """During the first build, during indexing, while waiting, during a rebuild: always just "Stopped."."""
    soak = request.config.getoption("--soak")
    _bigger_site(site, 200)
    for moment in _moments(60 if soak else 4):
        server = ServeProcess(site, own_group=True, wait=False)
        server.wait_for_line("Building the preview in", timeout=60)
        time.sleep(moment)
        if server.process.poll() is None and any("Serving" in line for line in server.lines):
            write_files(site, {"content/news/story-0.md": article("Story number 0", body=f"Edited at {moment}.\n")})
            time.sleep(0.02)
        mark = next((n for n, line in enumerate(server.lines) if "Building the preview" in line), 0) + 1
        code = server.stop(sig, group=group)
        after = [line for line in server.lines[mark:] if line.strip()]
        assert code == 0, f"at {moment} s:\n{server.output}"
        assert after[-1] == "Stopped.", f"at {moment} s:\n{server.output}"
        assert "Traceback" not in server.output and "Search index not updated" not in server.output, server.output
