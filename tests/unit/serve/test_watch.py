"""Which file changes a preview rebuilds for, and how bursts of saves become one batch."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest
from watchdog.events import DirModifiedEvent, FileModifiedEvent, FileMovedEvent

from generator.content.sources import ChangeKind, classify_change
from generator.serve.watch import ChangeBatcher

ROOT = Path("/site")


@pytest.mark.parametrize(("path", "kind"), [
    ("sitegen.toml", ChangeKind.CONFIG),
    ("content/news/a.md", ChangeKind.CONTENT),
    ("content/images/a.png", ChangeKind.CONTENT),
    ("themes/mine/templates/base.html", ChangeKind.TEMPLATE),
    ("themes/mine/static/site.css", ChangeKind.STYLESHEET),
    ("themes/mine/static/logo.svg", ChangeKind.THEME_FILE),
    ("themes/mine/theme.toml", ChangeKind.THEME_FILE),
    ("output/index.html", ChangeKind.IGNORED),
    (".sitegen-cache/x", ChangeKind.IGNORED),
    ("README.md", ChangeKind.IGNORED),
    ("content", ChangeKind.IGNORED),
    ("content/news/.a.md.swp", ChangeKind.IGNORED),
    ("content/news/a.md~", ChangeKind.IGNORED),
    ("content/news/#a.md#", ChangeKind.IGNORED),
    ("content/news/.#a.md", ChangeKind.IGNORED),
    ("content/news/4913", ChangeKind.IGNORED),
    ("content/news/a.md.tmp", ChangeKind.IGNORED),
    ("content/news/a.md___jb_tmp___", ChangeKind.IGNORED),
    ("content/.git/index", ChangeKind.IGNORED),
])
def test_classify(path: str, kind: ChangeKind) -> None:
    assert classify_change(ROOT / path, ROOT) is kind


def test_paths_outside_the_site_are_ignored() -> None:
    assert classify_change(Path("/elsewhere/content/a.md"), ROOT) is ChangeKind.IGNORED


def test_a_burst_of_saves_becomes_one_batch_with_the_final_names() -> None:
    batcher = ChangeBatcher(ROOT)
    batcher.on_any_event(FileModifiedEvent(str(ROOT / "content/news/a.md")))
    batcher.on_any_event(FileModifiedEvent(str(ROOT / "content/news/.a.md.swp")))
    batcher.on_any_event(FileMovedEvent(str(ROOT / "content/news/a.md.tmp"), str(ROOT / "content/news/b.md")))
    batcher.on_any_event(DirModifiedEvent(str(ROOT / "content/news")))
    batch = batcher.next_batch()
    assert batch.paths == {ROOT / "content/news/a.md", ROOT / "content/news/b.md"}
    assert set(batch.kinds.values()) == {ChangeKind.CONTENT} and batch.only(ChangeKind.CONTENT)


def test_batch_waits_for_quiet_then_releases() -> None:
    batcher = ChangeBatcher(ROOT)
    batches = []
    consumer = threading.Thread(target=lambda: batches.append(batcher.next_batch()))
    consumer.start()
    for _ in range(5):
        batcher.note(ROOT / "content/news/a.md")
        time.sleep(0.01)
    consumer.join(timeout=2)
    assert len(batches) == 1 and batches[0].paths == {ROOT / "content/news/a.md"}


def test_stylesheet_only_batches_are_recognised() -> None:
    batcher = ChangeBatcher(ROOT)
    batcher.note(ROOT / "themes/mine/static/site.css")
    assert batcher.next_batch().only(ChangeKind.STYLESHEET)
    batcher.note(ROOT / "themes/mine/static/site.css")
    batcher.note(ROOT / "content/news/a.md")
    assert not batcher.next_batch().only(ChangeKind.STYLESHEET)


def test_stop_releases_a_waiting_consumer() -> None:
    batcher = ChangeBatcher(ROOT)
    results = []
    consumer = threading.Thread(target=lambda: results.append(batcher.next_batch()))
    consumer.start()
    batcher.stop()
    consumer.join(timeout=2)
    assert results == [None]


def test_ctrl_c_caught_by_another_thread_still_ends_the_wait(tmp_path: Path) -> None:
    """The kernel may deliver a process's SIGINT to any thread; the waiting main thread must still see it."""
    batcher = ChangeBatcher(tmp_path)

    def interrupt_from_another_thread() -> None:
        time.sleep(0.1)
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)  # the C handler runs here, not in main
        time.sleep(5)
        batcher.stop()  # the guard: without it a broken wait would hang the test, not fail it

    # Python's own Ctrl-C handling, whatever a test before this one left (a library's handler, a
    # blocked mask): what is tested is the wait, not the process's state.
    handler = signal.signal(signal.SIGINT, signal.default_int_handler)
    mask = signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        threading.Thread(target=interrupt_from_another_thread, daemon=True).start()
        begun = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            batcher.next_batch()
        assert time.monotonic() - begun < 2
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        signal.signal(signal.SIGINT, handler)


def test_with_nothing_pending_the_deadline_brings_an_empty_batch(tmp_path: Path) -> None:
    """Serve's cue that the clock alone changed the site (an article came due)."""
    batcher = ChangeBatcher(tmp_path)
    begun = time.monotonic()
    batch = batcher.next_batch(until=begun + 0.3)
    assert batch is not None and batch.paths == frozenset() and 0.3 <= time.monotonic() - begun < 1
    batcher.note(tmp_path / "content/news/a.md")
    batch = batcher.next_batch(until=time.monotonic() - 1)  # a change waiting wins over a passed deadline
    assert batch is not None and batch.paths == {tmp_path / "content/news/a.md"}


def test_a_storm_of_saves_brings_at_most_two_batches_and_the_last_one_soon() -> None:
    """20 saves in a second (an editor saving on every keystroke): one batch for the first save,
    one once the storm is over, with the final state, well within a second of the last save."""
    batcher = ChangeBatcher(ROOT)
    released: list[float] = []

    def consume() -> None:
        while batcher.next_batch() is not None:
            released.append(time.monotonic())
            time.sleep(0.08)  # the rebuild

    consumer = threading.Thread(target=consume)
    consumer.start()
    for _ in range(20):
        batcher.note(ROOT / "content/news/a.md")
        time.sleep(0.05)
    last_save = time.monotonic()
    time.sleep(1.2)
    batcher.stop()
    consumer.join(timeout=2)
    assert 1 <= len(released) <= 2, f"{len(released)} batches for one storm"
    assert released[-1] - last_save < 1.0


def test_saves_a_moment_apart_are_not_a_storm() -> None:
    """An editor's next save, after reading the preview: the quick 25 ms wait, not the storm's."""
    batcher = ChangeBatcher(ROOT)
    batcher.note(ROOT / "content/news/a.md")
    assert batcher.next_batch() is not None
    time.sleep(0.3)
    batcher.note(ROOT / "content/news/a.md")
    saved = time.monotonic()
    assert batcher.next_batch() is not None
    assert time.monotonic() - saved < 0.2
