"""Crops of a lead image to 16:9, 4:3 and 1:1, around its focal point, for large previews.

Google shows a story large (Discover, Top stories) when its structured data offers the lead
image in those three shapes, each at least 1,200 pixels wide. A crop keeps the most of the
picture that the shape allows, centred on the focal point the editor gives (`image_focus:`,
the middle by default) as far as the picture's edges let it, and is scaled to CROP_WIDTH
(never up). Crops are variants like the resized copies (content/images.py): planned from the
image's size, encoded once into the store, named by ratio and focal point.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.content.images import RESIZED_FORMATS, SUFFIXES, ResponsiveImage, Variant
from generator.frozen import evolve

RATIOS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
CROP_WIDTH = 1200  # Google: images for large previews at least 1,200 pixels wide
CENTRE = (0.5, 0.5)
Focus = tuple[float, float]  # the focal point, as fractions of the width and height from the top left


def plan_crops(image: ResponsiveImage, focus: Focus) -> tuple[Variant, ...]:
    """IMAGE's crops to each of RATIOS around FOCUS, in its own format; none for a GIF or SVG."""
    if image.format not in RESIZED_FORMATS:
        return ()
    crops = []
    for name, (across, down) in RATIOS.items():
        if image.width * down > image.height * across:  # wider than the ratio: keep the whole height
            width, height = image.height * across // down, image.height
        else:
            width, height = image.width, image.width * down // across
        left = _place(focus[0], width, image.width)
        top = _place(focus[1], height, image.height)
        out_width = min(width, CROP_WIDTH)
        tag = _tag(name, focus)
        crops.append(Variant(out_width, max(1, round(height * out_width / width)), image.format,
                             f"{image.src}.{tag}.{out_width}w.{SUFFIXES[image.format]}",
                             (left, top, left + width, top + height), tag))
    return tuple(crops)


def _place(centre: float, size: int, whole: int) -> int:
    """Where a span of SIZE starts so that its middle is at CENTRE (a fraction) of WHOLE, inside it."""
    return max(0, min(whole - size, round(centre * whole - size / 2)))


def with_crops(image: ResponsiveImage, focuses: Iterable[Focus]) -> ResponsiveImage:
    """IMAGE with its crops around each of FOCUSES (the lead images that show it)."""
    crops = tuple(crop for focus in sorted(set(focuses)) for crop in plan_crops(image, focus))
    return evolve(image, crops=crops) if crops else image


def crops_for(image: ResponsiveImage, focus: Focus) -> tuple[Variant, ...]:
    """IMAGE's crops around FOCUS, in RATIOS' order; () if it has none for it."""
    tags = [_tag(name, focus) for name in RATIOS]
    return tuple(sorted((crop for crop in image.crops if crop.tag in tags), key=lambda crop: tags.index(crop.tag)))


def _tag(ratio: str, focus: Focus) -> str:
    """A crop's name in file names: its ratio, and its focal point in percent unless the centre."""
    return ratio if focus == CENTRE else f"{ratio}.f{round(focus[0] * 100)}-{round(focus[1] * 100)}"
