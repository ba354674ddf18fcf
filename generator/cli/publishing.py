"""`sitegen deploy`: output/ to a bucket or a folder, only what changed (generator/deploy/)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.build.cache import CACHE_DIR_NAME
from generator.cli import _SITE_OPTION, _fail_plain, _Progress, main
from generator.config import load_config
from generator.deploy.run import DEFAULT_MAX_DELETES, DeployOptions, deploy, dry_run_lines, summary
from generator.deploy.targets import open_target
from generator.errors import SiteError, printable


@main.command(name="deploy")
@click.argument("target_name", metavar="[TARGET]", required=False)
@_SITE_OPTION
@click.option("--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The built site to deploy.  [default: SITE/output]")
@click.option("--dry-run", is_flag=True, help="List what would be uploaded and deleted; change nothing.")
@click.option("--max-deletes", type=click.IntRange(min=0), default=DEFAULT_MAX_DELETES, show_default=True,
              help="Stop, changing nothing, if the deploy would delete more files than this.")
@click.option("--force", is_flag=True, help="Delete more than --max-deletes files.")
@click.option("--verify", is_flag=True,
              help="Compare the target's whole listing with its manifest (a bucket is otherwise spot-checked).")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
def deploy_command(target_name: str | None, site_dir: Path, output_dir: Path | None, dry_run: bool, max_deletes: int,
                   force: bool, verify: bool, quiet: bool) -> None:
    """Upload output/ to TARGET ([deploy.TARGET] in sitegen.toml; default: the first): only what changed."""
    output = output_dir if output_dir is not None else site_dir / "output"
    progress = _Progress(not quiet and not dry_run)
    try:
        target = open_target(load_config(site_dir), target_name, output)
        result = deploy(output, site_dir / CACHE_DIR_NAME, target, DeployOptions(dry_run, max_deletes, force, verify),
                        lambda done, total, sent: progress(f"Uploading ({sent / 1e6:.1f} MB)", done, total))
    except SiteError as error:
        progress.clear()
        _fail_plain(error, site_dir)
    except KeyboardInterrupt:
        progress.clear()
        click.echo("Deploy interrupted: readers still get whole pages. Run `sitegen deploy` again to finish.", err=True)
        sys.exit(1)
    progress.clear()
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if dry_run:
        click.echo("\n".join(printable(line) for line in dry_run_lines(result.plan, max_deletes, force)))
    elif not quiet:
        click.echo(summary(result, target.url))

