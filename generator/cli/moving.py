"""`sitegen import`: a Jekyll, Hugo or WordPress archive brought over as sitegen content."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli import _SITE_OPTION, _display_path, _fail_plain, main, report
from generator.config import load_config
from generator.content.ledger import LEDGER_NAME
from generator.errors import SiteError, printable
from generator.importers import KINDS
from generator.text import counted


@main.command("import")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.argument("source", type=click.Path(path_type=Path))
@_SITE_OPTION
@click.option("--dry-run", is_flag=True, help="List what would be written and what cannot be converted; write nothing.")
def import_archive(kind: str, source: Path, site_dir: Path, dry_run: bool) -> None:
    """Bring a Jekyll or Hugo site folder, or a WordPress export (WXR file), into content/ (never over a file)."""
    from generator.importers.place import write  # noqa: PLC0415  (see importers.KINDS)
    from generator.importers.run import run_import  # noqa: PLC0415

    try:
        config = load_config(site_dir)
    except SiteError as error:
        _fail_plain(error, site_dir)
    try:
        result = run_import(kind, source, config)
        if not dry_run:
            write(result.written, site_dir)
    except SiteError as error:  # the source's files, named as typed: nothing was written
        report(error.problems, Path("."))
        click.echo(click.style(f"Import failed: {counted(len(error.problems), 'error')}; nothing was written.",
                               fg="red"), err=True)
        sys.exit(1)
    for item in result.written:
        verb = "exists, left as it was:" if item.exists else "would write" if dry_run else "wrote"
        click.echo(f"{verb} {printable(_display_path(site_dir, item.path))}")
    for note in result.notes:
        click.echo(f"{printable(note.location())}: {click.style('note:', fg='yellow')} {printable(note.message)}",
                   err=True)
    click.echo(result.summary(source, dry_run))
    if not dry_run:
        click.echo(f"Next: sitegen build --site {site_dir} --record-urls (the old URLs answer as redirects; "
                   f"{LEDGER_NAME} keeps every URL from then on)")
