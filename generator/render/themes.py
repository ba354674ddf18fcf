"""Finds the theme chain: the site's own theme, the themes it extends, then the packaged default.

A site overrides one template by dropping a file of the same name into themes/<name>/ with
`extends = "default"` in theme.toml; lookups go child first. Sites without a themes/ folder use
the default theme shipped inside the installed package, so `pip install` + `sitegen init`
works anywhere.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.config import SiteConfig
from generator.errors import Problem, SiteError
from generator.frozen import FrozenDict

PACKAGED_THEMES = Path(__file__).resolve().parents[1] / "themes"
DEFAULT_THEME = "default"
THEME_FILE = "theme.toml"
_THEME_KEYS = frozenset({"name", "description", "extends", "settings"})


@dataclass(frozen=True, slots=True)
class ThemeChain:
    """Theme folders, most specific first, and the merged theme settings."""

    folders: tuple[Path, ...]
    settings: Mapping[str, Any]

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return tuple(folder / "templates" for folder in self.folders if (folder / "templates").is_dir())

    @property
    def static_dirs(self) -> tuple[Path, ...]:
        return tuple(folder / "static" for folder in self.folders if (folder / "static").is_dir())

    def static_files(self) -> dict[str, Path]:
        """Output path → file for the theme's static/ folders; a child theme's file wins."""
        files: dict[str, Path] = {}
        for folder in reversed(self.static_dirs):
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    files["static/" + path.relative_to(folder).as_posix()] = path
        return files


FINGERPRINT_LENGTH = 8  # hex digits of content_digest() in a static file's name: "site.3f9a1c2b.css"


def content_digest(data: bytes) -> str:
    """The digest a file's content is known by: its name's fingerprint is the start of it, and
    `sitegen deploy` compares files by it (deploy/policy.py tells a fingerprinted name by it)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprinted(files: Mapping[str, Path], enabled: bool = True) -> dict[str, str]:
    """Each static file's output path → the path templates link it by (static_url()).

    ENABLED: the content's digest goes before the last suffix ("static/site.css" →
    "static/site.3f9a1c2b.css"), so a changed file gets a new URL and any URL can be cached
    for a year (deploy/policy.py). Every file gets one, as which of them templates link is
    known only after every page rendered; a copy stays under the plain name too, for themes
    (and stylesheets' own url()s) that link it that way. Disabled (the preview), the plain name:
    a stylesheet edit then changes no page, and `sitegen serve` swaps it in without a reload.
    """
    if not enabled:
        return {path: path for path in files}
    names = {}
    for path, source in files.items():
        digest = content_digest(source.read_bytes())[:FINGERPRINT_LENGTH]
        folder, _, name = path.rpartition("/")
        stem, _, suffix = name.rpartition(".")
        names[path] = f"{folder}/{stem}.{digest}.{suffix}" if stem else f"{path}.{digest}"
    return names


def _theme_folder(config: SiteConfig, name: str) -> Path | None:
    own = config.themes_dir / name
    if own.is_dir():
        return own
    packaged = PACKAGED_THEMES / name
    return packaged if packaged.is_dir() else None


def _links_out(folder: Path, site_root: Path) -> list[Problem]:
    """Symbolic links in a site's theme that lead outside the site: refused, as in content/ (one
    rule everywhere: a build reads only the site's own files and the installed themes)."""
    real_root = site_root.resolve()
    return [Problem(path.relative_to(site_root).as_posix(), "is a link to something outside the site; it was "
                    "not used (copy the file in instead)")
            for path in sorted(folder.rglob("*")) if path.is_symlink() and not path.resolve().is_relative_to(real_root)]


def _read_theme_file(folder: Path, shown: str) -> tuple[dict[str, Any], list[Problem]]:
    path = folder / THEME_FILE
    if not path.is_file():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return {}, [Problem(shown, f"is not valid TOML: {error}")]
    problems = [Problem(shown, f"unknown key '{key}'; use {', '.join(sorted(_THEME_KEYS))}")
                for key in data if key not in _THEME_KEYS]
    if "extends" in data and not isinstance(data["extends"], str):
        problems.append(Problem(shown, "'extends' must be the name of another theme, e.g. \"default\""))
    if "settings" in data and not isinstance(data["settings"], dict):
        problems.append(Problem(shown, "'settings' must be a table: [settings]"))
    return data, problems


def resolve_theme(config: SiteConfig) -> ThemeChain:
    """Follow `extends` from the configured theme; raises SiteError on a missing theme or a cycle."""
    folders: list[Path] = []
    layered_settings: list[dict[str, Any]] = []
    name: str | None = config.theme
    asked_by = "sitegen.toml"  # the file that names the theme, for messages
    while name is not None:
        folder = _theme_folder(config, name)
        if folder is None:
            raise SiteError([Problem(asked_by, f"theme '{name}' not found: expected "
                                     f"themes/{name}/ in the site (or the built-in '{DEFAULT_THEME}')")])
        if folder in folders:
            raise SiteError([Problem(asked_by,
                                     f"themes extend each other in a loop at '{name}'")])
        folders.append(folder)
        own = folder.parent == config.themes_dir
        shown = f"themes/{name}/{THEME_FILE}" if own else str(folder / THEME_FILE)
        data, problems = _read_theme_file(folder, shown)
        if own:
            problems += _links_out(folder, config.root)
        if problems:
            raise SiteError(problems)
        layered_settings.append(dict(data.get("settings", {})))
        name = data.get("extends")
        asked_by = shown
    settings: dict[str, Any] = {}
    for layer in reversed(layered_settings):
        settings.update(layer)
    settings.update(config.theme_settings)
    return ThemeChain(tuple(folders), FrozenDict(settings))
