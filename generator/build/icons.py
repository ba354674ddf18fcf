"""Keeps the site's icons between builds: made once per picture (content/icons.py), then copied.

A set is stored under a key of what it is made from (the picture's bytes, or the title and
colour of a monogram), so a build whose icon did not change makes nothing and writes nothing.
A file of the site's own with an icon's name (content/favicon.ico) wins over the made one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from generator.config import CONFIG_NAME, SiteConfig
from generator.content.icons import ICON_FILES, ICONS_VERSION, IconError, is_square_enough, make_icons
from generator.errors import Problem, SiteError
from generator.urls import is_remote

ICONS_FOLDER = "icons"  # in the image variant store's folder: the variants' pruning leaves folders alone
DEFAULT_BRAND_COLOR = "#c0102c"  # the default theme's red, for a monogram (theme setting brand_color)


def icon_files(config: SiteConfig, theme_settings: Mapping[str, Any], assets: Mapping[str, Path],
               folder: Path) -> dict[str, Path]:
    """Output path → stored file of each icon the site gets, made in FOLDER if not there yet."""
    picture, named = _picture(config, assets)
    data = picture.read_bytes() if picture is not None else None
    color = str(theme_settings.get("brand_color", DEFAULT_BRAND_COLOR))
    key = hashlib.blake2b(ICONS_VERSION.encode() + b"\0" + (data if data is not None else
                          f"{config.title}\0{color}".encode()), digest_size=12).hexdigest()
    stored = folder / key
    if not all((stored / name).is_file() for name in ICON_FILES):
        try:
            made = make_icons(data, title=config.title, color=color)
        except IconError as error:
            raise SiteError([Problem(CONFIG_NAME, f"{named}: content/{(config.icon or config.logo).lstrip('/')} "
                                                  f"{error}")]) from None
        _store(folder, stored, made)
    for old in folder.iterdir():  # the sets of earlier icons
        if old.name != key:
            shutil.rmtree(old, ignore_errors=True)
    return {name: stored / name for name in ICON_FILES if name not in assets}


def _picture(config: SiteConfig, assets: Mapping[str, Path]) -> tuple[Path | None, str]:
    """The file the icons are made from and the sitegen.toml key naming it; None for a monogram."""
    if config.icon:
        return assets[config.icon.lstrip("/")], "icon"
    logo = assets.get(config.logo.lstrip("/")) if config.logo and not is_remote(config.logo) else None
    if logo is None or logo.suffix.lower() == ".svg":
        return None, ""
    try:
        with Image.open(logo) as image:
            square = is_square_enough(*image.size)
    except (UnidentifiedImageError, OSError):
        return None, ""  # the logo's own problems are reported where it is used
    return (logo, "logo") if square else (None, "")


def _store(folder: Path, stored: Path, made: Mapping[str, bytes]) -> None:
    """Write MADE as the set STORED, whole or not at all (a folder renamed into place)."""
    folder.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=".icons-", dir=folder))
    try:
        for name, data in made.items():
            (temporary / name).write_bytes(data)
        shutil.rmtree(stored, ignore_errors=True)  # an incomplete set a killed build left
        os.rename(temporary, stored)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
