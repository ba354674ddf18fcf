"""Carries a deploy plan out: uploads stage by stage, deletions last, the manifest kept true throughout.

The order is what keeps readers safe while a deploy runs, and after one fails: every asset
(stylesheets, pictures, the search index) is up before the first page that uses it, every
page before the feeds and sitemaps that announce it, and nothing is deleted until everything
is up. A deploy that stops anywhere leaves old pages working and new pages complete, says
what failed, and the next one picks up from the manifest (deploy/plan.py).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from generator.deploy.local import LocalFile, scan
from generator.deploy.plan import Plan, Remote, make_plan, remote_state
from generator.deploy.targets import Target
from generator.errors import Problem, SiteError, os_problem
from generator.publish.output import MANIFEST_NAME, reading
from generator.text import counted

DEFAULT_MAX_DELETES = 256

Progress = Callable[[int, int, int], None]  # files done, files in all, bytes sent


def _no_progress(done: int, total: int, sent: int) -> None:
    """Default: deploys run silently unless the CLI shows a counter."""


@dataclass(frozen=True, slots=True)
class DeployOptions:
    dry_run: bool = False
    max_deletes: int = DEFAULT_MAX_DELETES
    force: bool = False  # delete more than max_deletes
    verify: bool = False  # compare the target's whole listing with its manifest


@dataclass(frozen=True, slots=True)
class DeployResult:
    plan: Plan
    sent: int  # bytes uploaded
    seconds: float
    checked: str  # how much of the listing was compared with the manifest (plan.Remote.checked)
    notes: tuple[str, ...] = ()


def deploy(output_dir: Path, cache_dir: Path, target: Target, options: DeployOptions,
           progress: Progress = _no_progress) -> DeployResult:
    """Make TARGET an exact copy of OUTPUT_DIR (or, with options.dry_run, say what that takes).

    CACHE_DIR keeps the digests of output/'s files between deploys (deploy/local.py). Raises
    SiteError, with one message per problem, when it cannot or must not go on.
    """
    started = time.perf_counter()
    if not (output_dir / MANIFEST_NAME).is_file():
        raise SiteError([Problem(str(output_dir), "holds no site built by sitegen (it has no "
                                 f"{MANIFEST_NAME}); run `sitegen build` first")])
    with reading(output_dir) as recovered:
        try:
            local = scan(output_dir, cache_dir, target.gzip)
        except OSError as error:
            raise SiteError([os_problem(error, output_dir)]) from None
        remote = remote_state(target, options.verify)
        plan = make_plan(local, remote)
        notes = (recovered,) if recovered else ()
        if options.dry_run or plan.empty:
            return DeployResult(plan, 0, time.perf_counter() - started, remote.checked, notes)
        if len(plan.deletions) > options.max_deletes and not options.force:
            raise SiteError([Problem(target.url, f"this deploy would delete {counted(len(plan.deletions), 'file')} "
                                     f"(e.g. {plan.deletions[0]}), more than --max-deletes {options.max_deletes}; "
                                     "nothing was changed. If output/ is the whole site (see `sitegen deploy "
                                     "--dry-run`), run again with --force or a higher --max-deletes")])
        sent = _carry_out(plan, remote, target, output_dir, progress)
    return DeployResult(plan, sent, time.perf_counter() - started, remote.checked, notes)


def _carry_out(plan: Plan, remote: Remote, target: Target, output_dir: Path, progress: Progress) -> int:
    """Upload and delete as PLAN says, keeping REMOTE (the manifest) true at every step; bytes sent."""
    remote.forget({file.path for file in plan.uploads} | set(plan.deletions))
    target.write_manifest(remote.to_bytes())  # from here on, what this deploy touches is pending
    uploader = _Uploader(remote, target, output_dir, progress, len(plan.uploads))
    try:
        for _stage, files in plan.stages():
            uploader.upload(files)
        if plan.deletions:
            target.delete(list(plan.deletions))
            remote.pending -= set(plan.deletions)
    except SiteError as error:
        _keep(remote, target)
        done = (f"the deploy stopped after {uploader.done:,} of {counted(len(plan.uploads), 'upload')} and deleted "
                "nothing" if uploader.done < len(plan.uploads) else "every file went up, some old ones are left")
        raise SiteError([*error.problems, Problem(target.url, f"{done}: readers still get whole pages, old or new, "
                                                  "with everything they link. Run `sitegen deploy` again to finish")]
                        ) from None
    except BaseException:  # Ctrl-C: the same, and the CLI says so
        _keep(remote, target)
        raise
    target.write_manifest(remote.to_bytes())
    return uploader.sent


def _keep(remote: Remote, target: Target) -> None:
    """Tell the target's manifest what a stopped deploy did: each upload that succeeded."""
    with contextlib.suppress(SiteError):  # else the manifest written before the first upload holds
        target.write_manifest(remote.to_bytes())


def dry_run_lines(plan: Plan, max_deletes: int, force: bool) -> list[str]:
    """What --dry-run prints: every change in the order a deploy makes it ("+" new, "~" changed,
    "-" deleted), then the totals."""
    lines = [f"{'+' if file.path in plan.new else '~'} {file.path}" for file in plan.uploads]
    lines += [f"- {path}" for path in plan.deletions]
    size = sum(file.size for file in plan.uploads)
    lines.append(f"Would upload {counted(len(plan.uploads), 'file')} ({size / 1e6:.1f} MB before compression) and "
                 f"delete {len(plan.deletions):,}; {plan.unchanged:,} unchanged. Nothing was changed (--dry-run).")
    if len(plan.deletions) > max_deletes and not force:
        lines.append(f"That is more than --max-deletes {max_deletes}: a deploy would stop unless given --force.")
    return lines


def summary(result: DeployResult, url: str) -> str:
    """The line a deploy ends with."""
    plan = result.plan
    if plan.empty:
        checked = {"spot": ", spot-checked against its listing", "full": ", checked against its whole listing"}
        return (f"Nothing to deploy: {url} already holds output/ ({counted(plan.unchanged, 'file')}"
                f"{checked.get(result.checked, '')}).")
    return (f"Deployed to {url} in {result.seconds:.2f} s: {len(plan.uploads):,} uploaded "
            f"({result.sent / 1e6:.1f} MB), {len(plan.deletions):,} deleted, {plan.unchanged:,} unchanged.")


class _Uploader:
    """Uploads one stage's files at once, TARGET.parallel at a time; stops at the first failure."""

    def __init__(self, remote: Remote, target: Target, output_dir: Path, progress: Progress, total: int) -> None:
        self.remote, self.target, self.output_dir = remote, target, output_dir
        self.progress, self.total = progress, total
        self.done = 0
        self.sent = 0

    def upload(self, files: list[LocalFile]) -> None:
        pool = ThreadPoolExecutor(self.target.parallel)
        futures: dict[Future[tuple[int, str]], LocalFile] = {}
        try:
            futures = {pool.submit(self._put, file): file for file in files}
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in finished:
                    self._record(futures[future], future.result())  # raises what the upload raised
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            for future, file in futures.items():  # uploads that ended after another failed
                if future.done() and not future.cancelled() and future.exception() is None \
                        and file.path in self.remote.pending:
                    self._record(file, future.result())

    def _put(self, file: LocalFile) -> tuple[int, str]:
        try:
            body = file.body(self.output_dir)
        except OSError as error:
            raise SiteError([os_problem(error, self.output_dir)]) from None
        return len(body), self.target.put(file, body)

    def _record(self, file: LocalFile, outcome: tuple[int, str]) -> None:
        size, check = outcome
        self.remote.files[file.path] = (file.state, size, check)
        self.remote.pending.discard(file.path)
        self.done += 1
        self.sent += size
        self.progress(self.done, self.total, self.sent)
