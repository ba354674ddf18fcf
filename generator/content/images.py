"""Responsive images: the size of each of the site's own images and its resized variants.

A phone should not download a 3000-pixel photo to show it 400 pixels wide, and a page should
not jump when an image arrives. So every raster image an article uses (lead or inline) gets
copies at a few widths, as WebP and in its own format, and pages name them in srcset with
the intrinsic width and height. Only the file's bytes decide a variant's bytes, so encoded
variants are stored by content hash (with the encoder settings and Pillow's version) and a
later build that finds them encodes nothing. GIFs (often animated), animated images and SVGs
are used as they are; SVGs still get a width and height from their root element.

Encoding happens in two steps so the caller can spread the expensive one over processes:
`inspect` reads only the header and plans the variants, `encode` decodes and writes those
the store lacks. Pure otherwise: no knowledge of articles, which live in later modules.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import PIL
from PIL import ExifTags, ImageOps
from PIL import Image as PILImage

from generator.urls import link

WIDTHS = (480, 960, 1600)  # candidate widths; an image narrower than one is its own largest
SOCIAL_MAX_WIDTH = 1600  # og:image: the largest variant up to this width
RESIZED_FORMATS = ("jpeg", "png", "webp")  # made into variants; gif and svg are used as they are
CANDIDATE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")
SUFFIXES = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif", "svg": "svg"}
MIME_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif",
              "svg": "image/svg+xml"}
_PILLOW_FORMATS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
_ENCODER_OPTIONS: dict[str, dict[str, object]] = {
    "jpeg": {"quality": 82, "optimize": True, "progressive": True},
    "png": {"optimize": True},
    "webp": {"quality": 80, "method": 4},
}
PALETTE_COLORS = 256  # a palette PNG's variants are quantized back to a palette this size
# Part of every stored variant's name: other settings or another Pillow make other bytes.
SETTINGS_KEY = repr((WIDTHS, sorted((k, sorted(v.items())) for k, v in _ENCODER_OPTIONS.items()),
                     PALETTE_COLORS, PIL.__version__))
# Inline images sit in the article's reading column (the default theme's --measure, 42rem).
PROSE_SIZES = "(min-width: 46em) 42rem, 100vw"
_OBJECT_REPR = re.compile(r"\s*<[^<>]* object at 0x[0-9a-fA-F]+>")
_ROTATED = (5, 6, 7, 8)  # EXIF orientations that swap width and height
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
_SVG_LENGTH = r"""\s{name}\s*=\s*["']\s*([0-9]*\.?[0-9]+)\s*(?:px)?\s*["']"""
_SVG_VIEWBOX = re.compile(rb"""\sviewBox\s*=\s*["']\s*[-+0-9.eE]+[\s,]+[-+0-9.eE]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)""")


@dataclass(frozen=True)
class Variant:
    """One resized copy, or the original file where it is one of the candidates; or a crop of
    it to an aspect ratio (content/crops.py), which names its box and tag."""

    width: int
    height: int
    format: str  # "webp", "jpeg" or "png"
    path: str  # site path: "/images/chip.png.480w.webp", or the original's own path
    box: tuple[int, int, int, int] | None = None  # a crop's (left, top, right, bottom) in the original
    tag: str = ""  # a crop's name in file names: "16x9", or "16x9.f30-40" around a focal point

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.format]


@dataclass(frozen=True)
class SocialImage:
    """The image to share (og:image, JSON-LD): a site path and its size in pixels."""

    path: str
    width: int
    height: int
    mime_type: str


@dataclass(frozen=True)
class ResponsiveImage:
    """What pages need to know about one of the site's images: its size and its variants.

    content_key names its stored variants; it is left out of comparisons and repr (which
    page fingerprints hash) because pages show the variants' paths, not where they are kept.
    """

    src: str  # site path of the original: "/images/chip.png"
    width: int  # intrinsic size, as displayed (EXIF rotation applied)
    height: int
    format: str  # "jpeg", "png", "webp", "gif" or "svg"
    variants: tuple[Variant, ...] = ()  # narrowest first, WebP before the original format
    content_key: str = field(default="", compare=False, repr=False)
    crops: tuple[Variant, ...] = ()  # a lead image's crops to 16:9, 4:3 and 1:1 (content/crops.py)

    def in_format(self, image_format: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.format == image_format)

    def generated(self) -> tuple[Variant, ...]:
        """The variants that are new files (the others are the original itself), crops too."""
        return tuple(v for v in self.variants if v.path != self.src) + self.crops

    @property
    def social(self) -> SocialImage:
        """Largest original-format variant up to SOCIAL_MAX_WIDTH; the file itself if it has none."""
        shareable = [v for v in self.in_format(self.format) if v.width <= SOCIAL_MAX_WIDTH]
        if shareable:
            best = shareable[-1]
            return SocialImage(best.path, best.width, best.height, best.mime_type)
        return SocialImage(self.src, self.width, self.height, MIME_TYPES[self.format])


@dataclass(frozen=True)
class UnreadableImage:
    """An image file Pillow could not read: reported for every article that uses it."""

    src: str
    reason: str

    def message(self) -> str:
        return (f"image '{self.src}' cannot be read ({self.reason}); "
                "save it again as JPEG, PNG or WebP, or replace it")


ImageFacts = ResponsiveImage | UnreadableImage


def is_candidate(rel_path: str) -> bool:
    """Whether a content-relative path names an image whose size is worth knowing."""
    return rel_path.lower().endswith(CANDIDATE_SUFFIXES)


def content_key(data: bytes) -> str:
    """Identifies the variants DATA's image makes with these settings and this Pillow."""
    return hashlib.blake2b(SETTINGS_KEY.encode() + b"\0" + data, digest_size=16).hexdigest()


def variant_path(src: str, width: int, image_format: str) -> str:
    """Where a variant is published: beside the original, whose whole name it keeps.

    "/images/a.png" → "/images/a.png.480w.webp": variants of a.png and a.jpg cannot meet,
    and a site file that happens to have such a name is caught as a collision.
    """
    return f"{src}.{width}w.{SUFFIXES[image_format]}"


def stored_name(key: str, variant: Variant) -> str:
    tag = f".{variant.tag}" if variant.tag else ""
    return f"{key}{tag}.{variant.width}w.{SUFFIXES[variant.format]}"


def plan_variants(src: str, width: int, height: int, image_format: str) -> tuple[Variant, ...]:
    """Variants at WIDTHS, never wider than the original, which stands in at its own width."""
    widths = sorted({min(w, width) for w in WIDTHS})
    formats = ("webp",) if image_format == "webp" else ("webp", image_format)
    return tuple(
        Variant(w, max(1, round(height * w / width)), f,
                src if (f == image_format and w == width) else variant_path(src, w, f))
        for f in formats for w in widths
    )


def inspect(src: str, data: bytes) -> ImageFacts | None:
    """The facts of the image file DATA at site path SRC, from its header alone.

    None for a file whose size cannot be known cheaply (an SVG sized in percent).
    """
    if src.lower().endswith(".svg"):
        return _svg_facts(src, data)
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            image_format = _PILLOW_FORMATS.get(image.format or "")
            width, height = image.size
            if image.getexif().get(ExifTags.Base.Orientation) in _ROTATED:
                width, height = height, width
            animated = getattr(image, "is_animated", False)
    except Exception as error:  # Pillow raises many kinds for a bad file; each is the user's to fix
        return UnreadableImage(src, _reason(error))
    if image_format is None:
        return UnreadableImage(src, "not a JPEG, PNG, WebP or GIF file")
    if image_format not in RESIZED_FORMATS or animated:
        return ResponsiveImage(src, width, height, image_format)
    return ResponsiveImage(src, width, height, image_format, plan_variants(src, width, height, image_format),
                           content_key(data))


def missing_variants(image: ResponsiveImage, store: Path) -> tuple[Variant, ...]:
    return tuple(v for v in image.generated() if not (store / stored_name(image.content_key, v)).is_file())


def encode(image: ResponsiveImage, data: bytes, store: Path) -> UnreadableImage | None:
    """Decode DATA and write IMAGE's variants the STORE lacks; what went wrong, if anything.

    Each file is written under a temporary name and renamed, so a build killed mid-way never
    leaves a truncated variant that later builds would trust.
    """
    missing = missing_variants(image, store)
    if not missing:
        return None
    try:
        with PILImage.open(io.BytesIO(data)) as opened:
            icc_profile = opened.info.get("icc_profile") if opened.mode in ("RGB", "RGBA", "L") else None
            palette = opened.mode == "P"
            decoded = _displayable(ImageOps.exif_transpose(opened))
            store.mkdir(parents=True, exist_ok=True)
            for variant in missing:
                _save(decoded, variant, icc_profile, palette, store / stored_name(image.content_key, variant))
    except Exception as error:  # a truncated or corrupt file fails only when decoded
        return UnreadableImage(image.src, _reason(error))
    return None


def _displayable(image: PILImage.Image) -> PILImage.Image:
    """IMAGE in a mode every encoder takes and that resizes smoothly (not palette or 16-bit)."""
    if image.mode in ("RGB", "RGBA", "L"):
        return image
    return image.convert("RGBA" if image.has_transparency_data or "A" in image.mode else "RGB")


def _save(image: PILImage.Image, variant: Variant, icc_profile: bytes | None, palette: bool, target: Path) -> None:
    """Write IMAGE at VARIANT's size and format; a PALETTE PNG (a chart) stays a palette PNG,
    or its smaller copies would be several times the original's size."""
    if variant.box is not None:
        image = image.crop(variant.box)
    resized = image if (variant.width, variant.height) == image.size else image.resize(
        (variant.width, variant.height), PILImage.Resampling.LANCZOS)
    if variant.format == "webp" and resized.mode == "L":
        resized = resized.convert("RGB")
    if variant.format == "png" and palette:
        resized = resized.quantize(PALETTE_COLORS, method=PILImage.Quantize.FASTOCTREE)
    options = dict(_ENCODER_OPTIONS[variant.format])
    if icc_profile:
        options["icc_profile"] = icc_profile
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        resized.save(temporary, format=variant.format.upper(), **options)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _reason(error: Exception) -> str:
    """Pillow's message without the in-memory file's repr, which means nothing to an editor."""
    return _OBJECT_REPR.sub("", str(error)).strip() or type(error).__name__


def _svg_facts(src: str, data: bytes) -> ResponsiveImage | None:
    """An SVG's size from its root element's width and height (in px), or else its viewBox."""
    root = _SVG_ROOT.search(data[:65536])
    if root is None:
        return None
    tag = root.group(0)
    width = re.search(_SVG_LENGTH.format(name="width").encode(), tag)
    height = re.search(_SVG_LENGTH.format(name="height").encode(), tag)
    box = _SVG_VIEWBOX.search(tag)
    if width and height:
        size = (float(width.group(1)), float(height.group(1)))
    elif box:
        size = (float(box.group(1)), float(box.group(2)))
    else:
        return None
    if min(size) <= 0:
        return None
    return ResponsiveImage(src, max(1, round(size[0])), max(1, round(size[1])), "svg")


def srcset(variants: tuple[Variant, ...], base_path: str) -> str:
    """"url 480w, url 960w": commas in file names escaped, as srcset splits on them."""
    return ", ".join(f"{link(base_path, v.path).replace(',', '%2C')} {v.width}w" for v in variants)


def picture_html(src_url: str, alt: str, image: ResponsiveImage | None, *, base_path: str, sizes: str,
                 css_class: str = "", lazy: bool = False, title: str | None = None, priority: bool = False) -> str:
    """The markup showing an image: <picture> with a WebP source where there are variants.

    Without facts (a remote URL, an SVG of unknown size) it is the plain <img> at SRC_URL;
    with a size but no variants (SVG, GIF) an <img> with width and height. PRIORITY
    (fetchpriority="high", never lazy) is for the picture that is the page's largest paint.
    """
    extra = f' class="{html.escape(css_class)}"' if css_class else ""
    extra += f' title="{html.escape(title)}"' if title else ""
    extra += ' fetchpriority="high"' if priority else ' loading="lazy"' if lazy else ""
    extra += ' decoding="async"'
    alt_attribute = f' alt="{html.escape(alt)}"'
    if image is None:
        return f'<img src="{html.escape(src_url)}"{alt_attribute}{extra}>'
    size = f' width="{image.width}" height="{image.height}"'
    if not image.variants:
        return f'<img src="{html.escape(src_url)}"{size}{alt_attribute}{extra}>'
    own = image.in_format(image.format)
    fallback = link(base_path, image.social.path)
    img = (f'<img src="{html.escape(fallback)}" srcset="{html.escape(srcset(own, base_path))}" '
           f'sizes="{html.escape(sizes)}"{size}{alt_attribute}{extra}>')
    if image.format == "webp":
        return img
    webp = srcset(image.in_format("webp"), base_path)
    return (f'<picture><source type="image/webp" srcset="{html.escape(webp)}" sizes="{html.escape(sizes)}">'
            f"{img}</picture>")
