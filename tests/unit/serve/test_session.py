"""PreviewSession stops through its batcher, so a Ctrl-C whose exception is lost still ends it."""

from __future__ import annotations

import threading
from pathlib import Path

from generator.serve import PreviewSession, ServeOptions


def test_request_stop_ends_a_waiting_session_without_any_exception(site: Path) -> None:
    """What the signal handler relies on: no KeyboardInterrupt needed, the wait returns by itself."""
    reports: list[str] = []
    session = PreviewSession(ServeOptions(site, port=0), lambda headline, _problems, _failed: reports.append(headline))
    serving = threading.Event()
    runner = threading.Thread(target=session.run, args=(lambda _url: serving.set(),), daemon=True)
    runner.start()
    assert serving.wait(30), reports
    session.request_stop()
    runner.join(timeout=2)
    assert not runner.is_alive(), "run() kept waiting after request_stop()"
    assert not session.preview_dir.exists()
    assert reports and reports[0].startswith("Built in ")
