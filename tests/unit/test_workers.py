"""generator.build.workers: the process pool's behaviour that the build relies on."""

from __future__ import annotations

import signal

from generator.build.workers import _pooled


def _signal_dispositions(bounds: tuple[int, int]) -> list[object]:
    return [(signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT))] * (bounds[1] - bounds[0])


def _stop(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress is not under test here."""


def test_workers_die_on_sigterm_whatever_the_parent_installed_and_leave_ctrl_c_to_it():
    """`sitegen serve` turns SIGTERM into KeyboardInterrupt; a pool worker that inherited that
    could outlive the pool's terminate(), which then waited for it forever. Ctrl-C is the
    parent's to handle: it stops the pool."""
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        dispositions = list(_pooled(_signal_dispositions, 4, 2, {}, "Testing", _no_progress, chunk=1))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert dispositions == [(signal.SIG_DFL, signal.SIG_IGN)] * 4
