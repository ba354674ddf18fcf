"""The site's icons (content/icons.py, build/icons.py): made from the icon, a square logo or a monogram."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from generator.build.icons import icon_files
from generator.content.icons import ICON_FILES, make_icons
from generator.errors import SiteError

from .helpers import make_config, messages


def _png(path: Path, size: tuple[int, int], color: str = "teal") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGBA", size, color).save(path)
    return path


def test_icons_have_the_sizes_browsers_and_phones_ask_for() -> None:
    made = make_icons(None, title="The Desk", color="#c0102c")
    assert set(made) == set(ICON_FILES)
    with Image.open(io.BytesIO(made["favicon.ico"])) as ico:
        assert ico.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
    with Image.open(io.BytesIO(made["apple-touch-icon.png"])) as apple:
        assert apple.size == (180, 180) and apple.mode == "RGB", "iOS shows transparency as black"
    with Image.open(io.BytesIO(made["icon-192.png"])) as png:
        assert png.size == (192, 192)
        assert png.convert("RGB").getpixel((5, 5)) == (192, 16, 44), "a monogram on the brand colour"


def test_the_icon_comes_from_the_icon_then_a_square_logo_then_a_monogram(tmp_path: Path) -> None:
    assets = {"images/icon.png": _png(tmp_path / "content/images/icon.png", (64, 64), "navy"),
              "images/wordmark.png": _png(tmp_path / "content/images/wordmark.png", (600, 60), "red"),
              "images/square-logo.png": _png(tmp_path / "content/images/square-logo.png", (100, 90), "green")}
    store = tmp_path / "store"

    def pixel(point: tuple[int, int], **config: str) -> tuple[int, int, int]:
        files = icon_files(make_config(tmp_path, **config), {}, assets, store)
        with Image.open(files["icon-192.png"]) as png:
            return png.convert("RGB").getpixel(point)

    assert pixel((96, 96), icon="/images/icon.png", logo="/images/square-logo.png") == (0, 0, 128)
    assert pixel((96, 96), logo="/images/square-logo.png") == (0, 128, 0)
    # A wordmark squeezed into a square is no icon: a monogram on the brand colour instead.
    assert pixel((5, 5), logo="/images/wordmark.png") == (192, 16, 44)
    assert len(list(store.iterdir())) == 1, "only the set in use is kept"


def test_a_sites_own_favicon_wins_and_unchanged_icons_are_not_made_again(tmp_path: Path) -> None:
    own = _png(tmp_path / "content/favicon.ico", (16, 16))
    config = make_config(tmp_path)
    files = icon_files(config, {}, {"favicon.ico": own}, tmp_path / "store")
    assert "favicon.ico" not in files and set(files) == {"apple-touch-icon.png", "icon-192.png"}
    stamp = files["icon-192.png"].stat().st_mtime_ns
    assert icon_files(config, {}, {}, tmp_path / "store")["icon-192.png"].stat().st_mtime_ns == stamp


def test_an_icon_that_is_no_image_is_an_error_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "content/images/icon.png"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not a picture")
    with pytest.raises(SiteError) as raised:
        icon_files(make_config(tmp_path, icon="/images/icon.png"), {}, {"images/icon.png": broken}, tmp_path / "s")
    assert messages(raised.value.problems)[0].startswith("sitegen.toml: error: icon: content/images/icon.png cannot "
                                                         "be read as an image")
