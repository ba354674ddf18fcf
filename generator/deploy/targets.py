"""Where `sitegen deploy` puts output/: a bucket (bucket.py) or a folder (folder.py), named in sitegen.toml.

Both keep a manifest beside the site (MANIFEST_KEY): what each file there is (its content
digest and headers, deploy/local.py LocalFile.state) and the listing's word for it when it was
put (a bucket's ETag, a file's size and mtime), so a deploy knows what changed without reading
the target's files, and can tell from a listing when someone else changed one.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Protocol
from urllib.parse import unquote, urlsplit

from generator.config import CONFIG_NAME, SiteConfig
from generator.deploy.local import LocalFile
from generator.errors import Problem, SiteError

MANIFEST_KEY = ".sitegen-deploy"  # gzipped JSON, in the target's root (deploy/plan.py)


class Listed(NamedTuple):
    """One file as the target's listing shows it."""

    size: int
    check: str  # what changes whenever the file is written: a bucket's ETag, a file's mtime


class Target(Protocol):
    url: str  # as sitegen.toml names it, for messages
    parallel: int  # uploads under way at once
    cheap_listing: bool  # listed in full on every deploy (a folder); a bucket is spot-checked
    gzip: bool  # text is stored compressed, served with Content-Encoding: gzip (sitegen.toml gzip)

    def read_manifest(self) -> bytes | None: ...

    def write_manifest(self, data: bytes) -> None: ...

    def listing(self, start_after: str = "", limit: int | None = None) -> tuple[dict[str, Listed], bool]:
        """The files after START_AFTER (in key order), at most LIMIT; and whether more follow.
        The manifest is not listed."""
        ...

    def put(self, file: LocalFile, body: bytes) -> str:
        """Store BODY as FILE with its headers, whole or not at all; returns its listing's check."""
        ...

    def delete(self, paths: list[str]) -> None: ...


def target_error(url: str, message: str) -> SiteError:
    """One clear message about the target, for the CLI to print (no traceback)."""
    return SiteError([Problem(url, message)])


def open_target(config: SiteConfig, name: str | None, output_dir: Path) -> Target:
    """The target NAME of sitegen.toml's [deploy.NAME] tables (None: the first one), opened.

    Raises SiteError for a name sitegen.toml does not have, or a target that cannot be used.
    """
    targets = config.deploy
    if not targets:
        raise SiteError([Problem(CONFIG_NAME, "names no deploy target; add one, e.g. [deploy.production] with "
                                 'url = "s3://bucket/prefix" (or "file:///srv/www"); see README: Deploying')])
    if name is None:
        name = next(iter(targets))
    if name not in targets:
        raise SiteError([Problem(CONFIG_NAME, f"has no deploy target '{name}'; it has "
                                 f"{', '.join(repr(n) for n in targets)} ([deploy.NAME] tables)")])
    settings = targets[name]
    url = settings["url"]
    parts = urlsplit(url)
    if parts.scheme == "file":
        from generator.deploy.folder import FolderTarget  # noqa: PLC0415 - the folder needs no AWS library

        return FolderTarget(url, Path(unquote(parts.path)), output_dir)
    from generator.deploy.bucket import BucketTarget  # noqa: PLC0415 - boto3 takes a third of a second to import

    return BucketTarget(url, parts.netloc, parts.path.strip("/"), settings.get("endpoint"), settings.get("region"),
                        settings.get("gzip", False))
