"""PreviewSession: it stops through its batcher (so a lost Ctrl-C still ends it), and what a failed build sends the tabs."""

from __future__ import annotations

import threading
from pathlib import Path

from generator.errors import Problem, excerpt, excerpt_rows, warning
from generator.serve import MAX_EXCERPTS_SENT, PreviewSession, ServeOptions, problems_payload


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


def test_the_tabs_get_each_errors_excerpt_rows_as_the_terminal_prints_them(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text('---\ntitle: "Broken\ndate: x\n---\nBody\n', encoding="utf-8")
    problems = (Problem("content/a.md", "the title's quote is never closed", 2),
                warning("content/a.md", "unknown key", 3), Problem("content/gone.md", "not there", 4))
    error, warned, gone = problems_payload(problems, tmp_path)
    assert error == {"location": "content/a.md:2", "severity": "error", "message": "the title's quote is never closed",
                     "excerpt": [{"text": "  1 | ---", "marked": False},
                                 {"text": '> 2 | title: "Broken', "marked": True},
                                 {"text": "  3 | date: x", "marked": False},
                                 {"text": "  4 | ---", "marked": False}]}
    assert [row["text"] for row in error["excerpt"]] == excerpt_rows(excerpt(problems[0], tmp_path))
    assert "excerpt" not in warned and "excerpt" not in gone


def test_excerpts_sent_to_the_tabs_are_capped(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x\n" * 5, encoding="utf-8")
    payload = problems_payload(tuple(Problem("a.md", f"error {n}", 2) for n in range(MAX_EXCERPTS_SENT + 5)), tmp_path)
    assert sum("excerpt" in item for item in payload) == MAX_EXCERPTS_SENT
    assert len(payload) == MAX_EXCERPTS_SENT + 5
