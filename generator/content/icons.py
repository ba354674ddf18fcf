"""The site's icons, made from one square picture: what browsers ask for on every page.

Every browser requests /favicon.ico whether a page links it or not (a 404 and a console
error on every page without one), phones want an apple-touch icon for the home screen, and
browsers' tabs and menus use a PNG. All are made here with Pillow from the site's `icon`
(sitegen.toml), or from its `logo` when that is square, or else from a monogram: the title's
first letter on the theme's brand colour. Pure: bytes in, bytes out (build/icons.py stores them).
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

# Output file → its size in pixels; favicon.ico holds 16, 32 and 48 (the sizes Windows and
# browsers pick from), the apple-touch icon is 180 (iPhone home screens, opaque).
ICON_FILES = {"favicon.ico": 48, "apple-touch-icon.png": 180, "icon-192.png": 192}
ICONS_VERSION = "1"  # change when the icons are made differently: stored sets are made again
_SQUARE_ENOUGH = 1.25  # a logo this close to square is an icon as it is; a wordmark is not
_MASTER = 512


class IconError(Exception):
    """The icon's picture cannot be read: the message says why, for the editor."""


def is_square_enough(width: int, height: int) -> bool:
    return max(width, height) <= _SQUARE_ENOUGH * min(width, height)


def make_icons(picture: bytes | None, *, title: str, color: str) -> dict[str, bytes]:
    """Output file name → bytes of each of ICON_FILES, from PICTURE (a raster image's bytes) or,
    with None, a monogram of TITLE on COLOR (a CSS hex colour)."""
    master = _square(picture) if picture is not None else _monogram(title, color)
    icons: dict[str, bytes] = {}
    buffer = io.BytesIO()
    master.save(buffer, "ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    icons["favicon.ico"] = buffer.getvalue()
    for name, size in ICON_FILES.items():
        if name.endswith(".png"):
            image = master.resize((size, size), Image.Resampling.LANCZOS)
            if name.startswith("apple"):  # iOS paints transparency black: put it on white
                image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image).convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, "PNG", optimize=True)
            icons[name] = buffer.getvalue()
    return icons


def _square(picture: bytes) -> Image.Image:
    """PICTURE as a square RGBA master: centred on a transparent square if it is not one."""
    try:
        with Image.open(io.BytesIO(picture)) as opened:
            image = opened.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise IconError(f"cannot be read as an image ({error})") from None
    side = max(image.size)
    square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    square.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    return square.resize((_MASTER, _MASTER), Image.Resampling.LANCZOS)


def _monogram(title: str, color: str) -> Image.Image:
    """The first letter of TITLE, white, centred on a square of COLOR."""
    image = Image.new("RGBA", (_MASTER, _MASTER), color)
    letter = next((ch for ch in title if ch.isalnum()), "•").upper()
    font = ImageFont.load_default(size=int(_MASTER * 0.62))
    draw = ImageDraw.Draw(image)
    draw.text((_MASTER / 2, _MASTER / 2), letter, fill="white", font=font, anchor="mm")
    return image
