"""The `sitegen` command: parses options, calls the pipeline, prints problems. No logic here.

Exit codes: 0 success, 1 a problem in the site (content, config, templates), 2 a usage error
(click's own). Colours only on a terminal; progress only on a terminal and without --quiet.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import webbrowser
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import click

from generator import __version__
from generator.build.builder import BuildOptions, BuildResult, load_site, run_build
from generator.check.htmlcheck import find_nu_tools
from generator.check.run import CHECKS, CheckOptions, CheckReport, run_checks
from generator.config import CONFIG_NAME, check_base_url, load_config
from generator.content.ledger import LEDGER_NAME
from generator.errors import Problem, SiteError, excerpt, excerpt_rows, printable
from generator.publish.output import recover
from generator.publish.search import SearchIndexError
from generator.scaffold import init_site, new_article
from generator.text import counted

_SITE_OPTION = click.option(
    "--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="Folder holding sitegen.toml, content/ and themes/.")


def _display_path(site_dir: Path, path: str) -> str:
    """Problems name files relative to the site; prefix the --site folder as the user typed it."""
    if os.path.isabs(path) or site_dir == Path(".") or "://" in path:  # a deploy target's URL is no file
        return path
    return os.path.join(site_dir, path)


MAX_WARNINGS_SHOWN = 20
MAX_EXCERPTS_SHOWN = 3  # the first errors' lines are shown; a run with hundreds stays readable


def report(problems: tuple[Problem, ...] | list[Problem], site_dir: Path) -> None:
    """Print every error, and warnings up to a screenful (a corpus can have thousands).

    Under each of the first errors that has a line, the lines around it (serve's overlay shows
    the same rows): warnings, which do not stop the build, stay one line each.
    """
    warnings = [p for p in problems if not p.is_error]
    hidden = len(warnings) - MAX_WARNINGS_SHOWN
    shown = [p for p in problems if p.is_error] + warnings[:MAX_WARNINGS_SHOWN]
    excerpts = 0
    for problem in shown:
        location = printable(_display_path(site_dir, problem.path)) + (f":{problem.line}" if problem.line else "")
        colour = "red" if problem.is_error else "yellow"
        label = click.style(f"{problem.severity.value}:", fg=colour, bold=True)
        click.echo(f"{location}: {label} {printable(problem.message)}", err=True)
        if problem.is_error and excerpts < MAX_EXCERPTS_SHOWN and (lines := excerpt(problem, site_dir)):
            excerpts += 1
            for line, row in zip(lines, excerpt_rows(lines), strict=True):
                click.echo("    " + click.style(row, bold=line.marked), err=True)
    if hidden > 0:
        click.echo(click.style(f"… and {counted(hidden, 'more warning')} (--strict turns them into errors)",
                               fg="yellow"), err=True)


def _fail(error: SiteError, site_dir: Path) -> None:
    report(error.problems, site_dir)
    count = sum(1 for problem in error.problems if problem.is_error)
    outcome = ("the pages were written, the search index was not updated" if isinstance(error, SearchIndexError)
               else "output/ was left as it was")
    click.echo(click.style(f"Build failed: {counted(count, 'error')}; {outcome}.", fg="red"), err=True)
    sys.exit(1)


class _Progress:
    """A one-line counter on stderr, shown only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.enabled:
            click.echo(f"\r{stage} {done:,}/{total:,}…\033[K", nl=False, err=True)

    def clear(self) -> None:
        if self.enabled:
            click.echo("\r\033[K", nl=False, err=True)


def _fail_plain(error: SiteError, site_dir: Path) -> None:
    report(error.problems, site_dir)
    sys.exit(1)


def _summary(result: BuildResult, output_dir: Path) -> str:
    stats = result.stats
    return (f"Built {counted(result.articles, 'article')}, {counted(result.pages, 'page')} and "
            f"{counted(result.feeds, 'feed')} in {result.seconds:.2f} s → {output_dir} ({stats.written:,} written, "
            f"{stats.unchanged:,} unchanged, {stats.removed:,} removed)")


def _validate_base_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and (complaint := check_base_url(value)):
        raise click.BadParameter(complaint)
    return value


def _build_choices(command: Callable[..., None]) -> Callable[..., None]:
    """--drafts, --future and --base-url: what to build, the same for `build` and `check`."""
    for option in reversed([
        click.option("--drafts", is_flag=True, help="Include articles marked draft: true."),
        click.option("--future", is_flag=True, help="Include articles dated in the future."),
        click.option("--base-url", callback=_validate_base_url, help="Override base_url from sitegen.toml."),
    ]):
        command = option(command)
    return command


_JOBS_OPTION = click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1,
                            show_default=True, help="Worker processes for parsing and rendering.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitegen")
def main() -> None:
    """sitegen: build a news site from Markdown articles."""


_ending: list[str] = []  # commands whose process may end without tearing its objects down


def run() -> None:
    """The `sitegen` command: main(), then, after a build, the quickest exit.

    A build leaves millions of objects (a 10,000-article site and its cache) that an orderly
    interpreter shutdown frees one by one: 0.4 s of a 3 s cached build, for nothing. Once
    the build command has returned, everything it writes is on disk and closed, so the
    process flushes what it printed and ends at once. Other commands (serve's clean-up in
    particular) exit the ordinary way.
    """
    try:
        main()
    except SystemExit as done:
        if not _ending:
            raise
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if done.code is not None and not isinstance(done.code, int):
            click.echo(done.code, err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


@main.command()
@_SITE_OPTION
@click.option("--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where the site is written.  [default: SITE/output]")
@_build_choices
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@_JOBS_OPTION
@click.option("--clean", is_flag=True, help="Ignore the build cache (.sitegen-cache/) and rebuild it.")
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
@click.option("--next-change", is_flag=True,
              help="Print only when the output next changes by the clock alone (ISO 8601, or 'none'), for a scheduler.")
@click.option("--record-urls", is_flag=True,
              help=f"Add the URLs this build publishes to {LEDGER_NAME} (commit it), so none of them breaks later.")
def build(site_dir: Path, output_dir: Path | None, drafts: bool, future: bool, base_url: str | None, strict: bool,
          jobs: int, clean: bool, quiet: bool, next_change: bool, record_urls: bool) -> None:
    """Build the site into output/ (only if every page builds)."""
    if record_urls and (drafts or future):
        raise click.UsageError("--record-urls records what readers get: build without --drafts and --future")
    options = BuildOptions(site_dir, output_dir, drafts, future, base_url, strict, jobs, cache=True, clean=clean,
                           record_urls=record_urls)
    _ending.append("build")
    progress = _Progress(not quiet and not next_change)
    try:
        result = run_build(options, progress)
    except SiteError as error:
        progress.clear()
        _fail(error, site_dir)
    progress.clear()
    report(result.warnings, site_dir)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if next_change:
        click.echo(result.valid_until.isoformat() if result.valid_until else "none")
    elif not quiet:
        click.echo(_summary(result, options.resolved_output))
        if result.valid_until:
            click.echo(f"The output changes by the clock alone at {result.valid_until.isoformat()} (a scheduled "
                       "story comes due, one leaves the news sitemap, or a story's expiry, lead slot, banner or "
                       "live coverage ends): build again then.")


def _quiet_about_interrupts(unraisable: sys.UnraisableHookArgs) -> None:
    """serve's stop() raising in a finalizer (a garbage-collected pipe, say): Python drops that
    exception and would print a traceback for it; the session stops anyway, so print nothing."""
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)


@main.command()
@_SITE_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes drafts to your network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one.")
@click.option("--drafts/--no-drafts", default=True, show_default=True, help="Show draft articles.")
@click.option("--future/--no-future", default=True, show_default=True, help="Show articles dated later.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
def serve(site_dir: Path, host: str, port: int, drafts: bool, future: bool, open_browser: bool) -> None:
    """Preview the site: rebuild what changed on every save and reload the browser."""
    from generator.serve import PortInUseError, PreviewSession, ServeOptions, is_loopback  # noqa: PLC0415

    if not (site_dir / CONFIG_NAME).is_file():
        try:  # not a site at all: say so (load_config's message) instead of watching nothing
            load_config(site_dir)
        except SiteError as error:
            _fail_plain(error, site_dir)
    if not is_loopback(host):
        click.echo(click.style(f"warning: serving on {host}: anyone who can reach this machine can read "
                               "the preview, drafts included", fg="yellow"), err=True)

    def on_build(headline: str, problems: tuple[Problem, ...], failed: bool) -> None:
        click.echo(click.style(headline, fg="red") if failed else headline, err=True)
        report(problems, site_dir)

    def ready(url: str) -> None:
        click.echo(click.style(f"Serving {url}", bold=True) + " (Ctrl-C to stop)", err=True)
        if open_browser:
            webbrowser.open(url)

    session: PreviewSession | None = None
    stop_requested = False

    def stop(_signum: int, _frame: object) -> None:
        """Ctrl-C or `kill`: the first ends the session cleanly; more while it cleans up are ignored.

        The KeyboardInterrupt only cuts short what is running; the flag and request_stop() are
        what end the session, because the exception is dropped when it lands in a finalizer.
        """
        nonlocal stop_requested
        if stop_requested:
            return
        stop_requested = True
        if session is not None:
            session.request_stop()
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    unraisable_before = sys.unraisablehook
    sys.unraisablehook = _quiet_about_interrupts
    try:
        try:
            session = PreviewSession(ServeOptions(site_dir, host, port, drafts, future), on_build)
        except PortInUseError as error:
            click.echo(click.style(f"error: {error}", fg="red"), err=True)
            sys.exit(1)
        if stop_requested:  # the signal came while the session was being made, and may have been dropped
            session.request_stop()
        click.echo(f"Building the preview in {session.preview_dir}", err=True)
        session.run(ready)
    except KeyboardInterrupt:
        pass
    finally:
        sys.unraisablehook = unraisable_before
    click.echo("Stopped.", err=True)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new site in DIRECTORY that builds as it is."""
    try:
        written = init_site(directory, datetime.now(UTC).replace(microsecond=0))
    except SiteError as error:
        _fail_plain(error, Path.cwd())
    for path in written:
        click.echo(f"created {path}")
    click.echo(f"Next: cd {directory} && sitegen build")


@main.command()
@click.argument("title")
@_SITE_OPTION
@click.option("--section", default="news", show_default=True, help="Folder under content/.")
@click.option("--author", "authors", multiple=True, help="Author id or name (repeat for several).")
@click.option("--tags", default="", help="Comma-separated tags, e.g. ai,chips.")
def new(title: str, site_dir: Path, section: str, authors: tuple[str, ...], tags: str) -> None:
    """Start a new article (a draft) titled TITLE."""
    try:
        config = load_config(site_dir)
        path = new_article(config, title, section, list(authors),
                           [t.strip() for t in tags.split(",") if t.strip()], datetime.now(UTC))
    except SiteError as error:
        _fail_plain(error, site_dir)
    click.echo(f"created {path} (draft: set `draft: false` to publish)")


MAX_FINDINGS_SHOWN = 20  # per check, unless --all


@main.command()
@_SITE_OPTION
@click.option("--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The built site to check.  [default: SITE/output]")
@click.option("--no-build", is_flag=True, help="Check the output folder as it is, without building first.")
@_build_choices
@click.option("--strict", is_flag=True, help="Treat build warnings as errors.")
@_JOBS_OPTION
@click.option("--html-sample", type=click.IntRange(min=1), metavar="N",
              help="Run the Nu HTML checker on N pages spread over the site, not all (for very large sites).")
@click.option("--require-summary", is_flag=True,
              help="Also report articles whose summary is their first paragraph, not written in front matter.")
@click.option("--all", "show_all", is_flag=True,
              help=f"List every finding, not the first {MAX_FINDINGS_SHOWN} of each check.")
def check(site_dir: Path, output_dir: Path | None, no_build: bool, drafts: bool, future: bool,
          base_url: str | None, strict: bool, jobs: int, html_sample: int | None, require_summary: bool,
          show_all: bool) -> None:
    """Build, then report broken links, missing assets, HTML errors and content gaps."""
    options = BuildOptions(site_dir, output_dir, drafts, future, base_url, strict, jobs, cache=True)
    output = options.resolved_output
    if no_build and not output.is_dir():
        raise click.UsageError(f"--no-build: there is no {output} to check; build first, or drop --no-build")
    if no_build and (note := recover(output)):  # a killed build's commit, finished or undone first
        click.echo(f"note: {note}", err=True)
    now = datetime.now(UTC)
    try:
        if not no_build:
            progress = _Progress(True)
            result = run_build(options, progress, now)
            progress.clear()
            report(result.warnings, site_dir)
        site = load_site(options, now).site
    except SiteError as error:
        if no_build:  # the sources have errors: the model the content checks read cannot be made
            _fail_plain(error, site_dir)
        _fail(error, site_dir)
    findings = run_checks(output, site, CheckOptions(find_nu_tools(shutil.which), html_sample, require_summary))
    _print_check_report(findings, site_dir, show_all)
    sys.exit(1 if findings.failed else 0)


def _print_check_report(check_report: CheckReport, site_dir: Path, show_all: bool) -> None:
    """Findings grouped by check (a screenful each unless --all), then one table row per check."""
    for result in check_report.results:
        if result.skipped:
            click.echo(click.style(result.skipped, fg="yellow"))
        if not result.findings:
            continue
        click.echo(click.style(f"{result.name}: {len(result.findings):,} found ({CHECKS[result.name]})",
                               bold=True))
        shown = result.findings if show_all else result.findings[:MAX_FINDINGS_SHOWN]
        for finding in shown:
            location = _display_path(site_dir, finding.where) + (f":{finding.line}" if finding.line else "")
            click.echo(f"{location}: {click.style(finding.check + ':', fg='red', bold=True)} {finding.message}")
        if hidden := len(result.findings) - len(shown):
            click.echo(f"… and {hidden:,} more (--all lists them)")
        click.echo()
    width = max(len(name) for name in CHECKS)
    click.echo(click.style(f"{'check':<{width}}  {'found':>6}  status", bold=True))
    for result in check_report.results:
        count = "-" if result.skipped else f"{len(result.findings):,}"
        colour = {"ok": "green", "problems": "red", "skipped": "yellow"}[result.status]
        note = f"  ({result.note})" if result.note else ""
        click.echo(f"{result.name:<{width}}  {count:>6}  {click.style(result.status, fg=colour)}{note}")
    total = check_report.finding_count
    if check_report.failed:
        click.echo(click.style(f"Check failed: {counted(total, 'problem')} in {counted(check_report.pages, 'page')}.",
                               fg="red"))
    else:
        click.echo(click.style(f"Check passed: {counted(check_report.pages, 'page')}, no problems.", fg="green"))


# The commands that move a site in and out: defined beside this module, registered on main here.
from generator.cli import moving, publishing  # noqa: E402, F401
