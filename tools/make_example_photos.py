"""Renders the example site's photo-style lead images: content/images/photos/<story-slug>.jpg.

Ten made-up "photographs", one per story, drawn with Pillow alone (no numpy, no 3D package):
studio sweeps and rooms lit with gradients, devices placed by a small pinhole camera and given
soft shadows, highlights and reflections, screens with their own interface, depth of field by
blurring what lies off the focal plane, bokeh, a vignette and film grain. They show the image
pipeline (resized WebP and JPEG copies, srcset) at work on real raster leads. They are
illustrations, not photos of real products: the stories credit them "Photo illustration".

Run from the repository root, with the project's venv:

    .venv/bin/python tools/make_example_photos.py            # all ten
    .venv/bin/python tools/make_example_photos.py kestrel-27-oled-monitor-review  # just some

Each file is 1600 × 900, progressive JPEG at quality 82 with an sRGB profile. Every random
choice comes from a generator seeded with the story's slug, so the same Pillow writes the
same bytes on every run.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from PIL import Image, ImageChops, ImageCms, ImageDraw, ImageFilter, ImageFont

W, H = 1600, 900
SIZE = (W, H)
OUT = Path(__file__).resolve().parent.parent / "content" / "images" / "photos"
AA = 4  # shapes are drawn this many times larger, then reduced: smooth edges
JPEG_OPTIONS = {"quality": 82, "progressive": True, "optimize": True, "subsampling": "4:2:0"}

Color = tuple[int, int, int]
Point = tuple[float, float]
Vec = tuple[float, float, float]
Stops = Sequence[tuple[float, Color]]


# --- Colours and gradients ------------------------------------------------------------------------

def hexc(code: str) -> Color:
    code = code.lstrip("#")
    return int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16)


def mix(a: Color, b: Color, t: float) -> Color:
    return round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t)


def ramp(stops: Stops) -> list[Color]:
    """256 colours running through STOPS: (position 0..1, colour) in increasing position."""
    colors = []
    for i in range(256):
        t = i / 255
        lower = max((s for s in stops if s[0] <= t), key=lambda s: s[0], default=stops[0])
        upper = min((s for s in stops if s[0] >= t), key=lambda s: s[0], default=stops[-1])
        span = upper[0] - lower[0]
        colors.append(mix(lower[1], upper[1], (t - lower[0]) / span if span else 0.0))
    return colors


def colorize(mask: Image.Image, stops: Stops) -> Image.Image:
    """An RGB image whose colour at each pixel is STOPS' colour at MASK's value there."""
    colors = ramp(stops)
    return Image.merge("RGB", [mask.point([c[channel] for c in colors]) for channel in range(3)])


def curve(mask: Image.Image, fn: Callable[[float], float]) -> Image.Image:
    """MASK's values remapped by FN (0..1 to 0..1)."""
    return mask.point([max(0, min(255, round(255 * fn(i / 255)))) for i in range(256)])


def smoothstep(edge0: float, edge1: float) -> Callable[[float], float]:
    def fn(t: float) -> float:
        x = max(0.0, min(1.0, (t - edge0) / (edge1 - edge0)))
        return x * x * (3 - 2 * x)
    return fn


_PAD = 256 * 16


@cache
def _ramp_column() -> Image.Image:
    """A tall strip: black, a 0-255 ramp, white. A linear gradient is an affine view of it."""
    column = Image.new("L", (4, 2 * _PAD + 256), 255)
    column.paste(0, (0, 0, 4, _PAD))
    column.paste(Image.linear_gradient("L").resize((4, 256)), (0, _PAD))
    return column


@cache
def _radial_disc() -> Image.Image:
    """0 at the centre of a 512-pixel square, rising to 255 at distance 256 and beyond."""
    data = bytearray()
    for y in range(512):
        for x in range(512):
            data.append(min(255, round(math.hypot(x - 255.5, y - 255.5) * 255 / 256)))
    return Image.frombytes("L", (512, 512), bytes(data))


def linear(p0: Point, p1: Point, size: tuple[int, int] = SIZE) -> Image.Image:
    """0 at P0 rising to 255 at P1 (and beyond), constant across the line between them."""
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    length2 = dx * dx + dy * dy
    d, e = 255 * dx / length2, 255 * dy / length2
    f = _PAD - d * p0[0] - e * p0[1]
    return _ramp_column().transform(size, Image.Transform.AFFINE, (0, 0, 2, d, e, f), Image.Resampling.BILINEAR)


def radial(center: Point, radii: tuple[float, float], size: tuple[int, int] = SIZE) -> Image.Image:
    """0 at CENTER rising to 255 on the ellipse of RADII, and 255 outside it."""
    sx, sy = 256 / radii[0], 256 / radii[1]
    coeffs = (sx, 0, 256 - sx * center[0], 0, sy, 256 - sy * center[1])
    return _radial_disc().transform(size, Image.Transform.AFFINE, coeffs, Image.Resampling.BILINEAR,
                                    fillcolor=255)


def falloff(center: Point, radii: tuple[float, float], power: float = 2.0,
            size: tuple[int, int] = SIZE) -> Image.Image:
    """255 at CENTER fading to 0 at RADII: a soft pool of light."""
    return curve(radial(center, radii, size), lambda t: (1 - t) ** power)


# --- Masks ----------------------------------------------------------------------------------------

def _shape(points: Sequence[Point], draw: Callable[[ImageDraw.ImageDraw, Callable[[Point], Point]], None],
           margin: float = 2, size: tuple[int, int] = SIZE) -> Image.Image:
    """A mask of what DRAW draws, drawn AA times larger inside the bounding box of POINTS."""
    x0 = math.floor(min(p[0] for p in points) - margin)
    y0 = math.floor(min(p[1] for p in points) - margin)
    x1 = math.ceil(max(p[0] for p in points) + margin)
    y1 = math.ceil(max(p[1] for p in points) + margin)
    # Only the part inside the frame is drawn (a shape may reach far outside it).
    x0, y0, x1, y1 = max(x0, -4), max(y0, -4), min(x1, size[0] + 4), min(y1, size[1] + 4)
    mask = Image.new("L", size, 0)
    if x1 <= x0 or y1 <= y0:
        return mask
    local = Image.new("L", ((x1 - x0) * AA, (y1 - y0) * AA), 0)
    draw(ImageDraw.Draw(local), lambda p: ((p[0] - x0) * AA, (p[1] - y0) * AA))
    mask.paste(local.reduce(AA), (x0, y0))
    return mask


def poly(points: Sequence[Point], size: tuple[int, int] = SIZE) -> Image.Image:
    return _shape(points, lambda d, t: d.polygon([t(p) for p in points], fill=255), size=size)


def ellipse(box: Sequence[float], size: tuple[int, int] = SIZE) -> Image.Image:
    corners = [(box[0], box[1]), (box[2], box[3])]
    return _shape(corners, lambda d, t: d.ellipse([*t(corners[0]), *t(corners[1])], fill=255), size=size)


def rrect(box: Sequence[float], radius: float, size: tuple[int, int] = SIZE) -> Image.Image:
    corners = [(box[0], box[1]), (box[2], box[3])]
    return _shape(corners, lambda d, t: d.rounded_rectangle([*t(corners[0]), *t(corners[1])],
                                                            radius=radius * AA, fill=255), size=size)


def stroke(points: Sequence[Point], width: float, size: tuple[int, int] = SIZE) -> Image.Image:
    return _shape(points, lambda d, t: d.line([t(p) for p in points], fill=255, width=round(width * AA),
                                              joint="curve"), margin=width, size=size)


def scaled(mask: Image.Image, k: float) -> Image.Image:
    return mask.point([min(255, round(i * k)) for i in range(256)])


def blur(image: Image.Image, radius: float) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(radius)) if radius > 0 else image


def shifted(mask: Image.Image, dx: int, dy: int) -> Image.Image:
    out = Image.new(mask.mode, mask.size, 0)
    out.paste(mask, (dx, dy))
    return out


def both(*masks: Image.Image) -> Image.Image:
    """Where every mask is on (their product)."""
    out = masks[0]
    for mask in masks[1:]:
        out = ImageChops.multiply(out, mask)
    return out


def either(*masks: Image.Image) -> Image.Image:
    out = masks[0]
    for mask in masks[1:]:
        out = ImageChops.lighter(out, mask)
    return out


def minus(mask: Image.Image, cut: Image.Image) -> Image.Image:
    return ImageChops.multiply(mask, ImageChops.invert(cut))


# --- Painting -------------------------------------------------------------------------------------

def fill(base: Image.Image, paint: Color | Image.Image, mask: Image.Image, opacity: float = 1.0) -> None:
    """Paint a colour or an image onto BASE through MASK, in place."""
    if opacity < 1:
        mask = scaled(mask, opacity)
    if isinstance(paint, Image.Image):
        base.paste(paint, (0, 0), mask)
    else:
        base.paste(paint, (0, 0, *base.size), mask)


def shadow(base: Image.Image, mask: Image.Image, radius: float, opacity: float,
           offset: tuple[int, int] = (0, 0), color: Color = (0, 0, 0)) -> None:
    fill(base, color, blur(shifted(mask, *offset), radius), opacity)


def light(base: Image.Image, mask: Image.Image, color: Color, strength: float = 1.0) -> Image.Image:
    """BASE lit by COLOR where MASK is on (screen blend): highlights and glows."""
    layer = Image.new("RGB", base.size, 0)
    layer.paste(color, (0, 0, *base.size), scaled(mask, strength) if strength != 1 else mask)
    return ImageChops.screen(base, layer)


def darken(base: Image.Image, mask: Image.Image, strength: float, tint: Color = (0, 0, 0)) -> Image.Image:
    """BASE multiplied down towards TINT where MASK is on."""
    layer = Image.new("RGB", base.size, (255, 255, 255))
    layer.paste(tint, (0, 0, *base.size), scaled(mask, strength))
    return ImageChops.multiply(base, layer)


def over(base: Image.Image, layer: Image.Image) -> None:
    """An RGBA LAYER composited onto BASE, in place."""
    base.paste(layer, (0, 0), layer)


def defocus(base: Image.Image, paint: Callable[[Image.Image], Image.Image], radius: float) -> None:
    """Something out of focus: PAINT draws on a copy of BASE and returns what it covered; that
    is blurred and laid back on BASE, so edges soften into what is behind them, not into black."""
    layer = base.copy()
    covered = paint(layer)
    base.paste(blur(layer, radius), (0, 0), blur(covered, radius))


def noise(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Uniform random values: an L image."""
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))


def value_noise(rng: random.Random, cells: tuple[int, int], size: tuple[int, int] = SIZE) -> Image.Image:
    """Smooth random blotches: CELLS random values stretched over SIZE."""
    return noise(rng, cells).resize(size, Image.Resampling.BICUBIC)


def bokeh(base: Image.Image, rng: random.Random, count: int, area: Sequence[float], colors: Sequence[Color],
          radii: tuple[float, float], strength: float = 0.6, softness: float = 2.0) -> Image.Image:
    """Out-of-focus point lights: discs with a slightly brighter rim, screened onto BASE."""
    layer = Image.new("RGB", base.size, 0)
    draw = ImageDraw.Draw(layer)
    for _ in range(count):
        r = rng.uniform(*radii)
        x, y = rng.uniform(area[0], area[2]), rng.uniform(area[1], area[3])
        color = rng.choice(colors)
        k = strength * rng.uniform(0.35, 1.0)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(round(c * k) for c in color))
        draw.ellipse((x - r, y - r, x + r, y + r), outline=tuple(round(min(255, c * k * 1.25)) for c in color),
                     width=max(1, round(r * 0.08)))
    return ImageChops.screen(base, blur(layer, softness))


# --- Text -----------------------------------------------------------------------------------------

@cache
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's own font (Aileron), so no system font decides the pixels."""
    return ImageFont.load_default(size)


def text(draw: ImageDraw.ImageDraw, xy: Point, words: str, size: int, color: Color | tuple[int, ...],
         anchor: str = "la", bold: bool = False) -> None:
    draw.text(xy, words, font=font(size), fill=color, anchor=anchor, stroke_width=1 if bold else 0,
              stroke_fill=color)


def euro(draw: ImageDraw.ImageDraw, xy: Point, amount: str, size: int, color: Color | tuple[int, ...],
         bold: bool = False) -> float:
    """A price in euros, left-aligned at XY (its vertical middle); Pillow's font has no euro sign,
    so the sign is drawn. Returns the x where the text ends."""
    x, y = xy
    r, weight = size * 0.3, max(2, round(size * (0.09 if bold else 0.07)))
    draw.arc((x + size * 0.06, y - r * 1.15, x + size * 0.06 + 2 * r, y + r * 1.15), 40, 320, fill=color,
             width=weight)
    for dy in (-0.17, 0.13):
        draw.line((x, y + dy * size, x + r * 1.15, y + dy * size), fill=color, width=max(2, round(weight * 0.8)))
    start = x + size * 0.62
    text(draw, (start, y), amount, size, color, anchor="lm", bold=bold)
    return start + draw.textlength(amount, font=font(size))


# --- Camera and perspective -----------------------------------------------------------------------

def _sub(a: Vec, b: Vec) -> Vec:
    return a[0] - b[0], a[1] - b[1], a[2] - b[2]


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _cross(a: Vec, b: Vec) -> Vec:
    return a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]


def _unit(a: Vec) -> Vec:
    n = math.sqrt(_dot(a, a))
    return a[0] / n, a[1] / n, a[2] / n


class Camera:
    """A pinhole camera: world y up, looking from EYE at TARGET, FOV degrees across the frame."""

    def __init__(self, eye: Vec, target: Vec, fov: float = 40.0, shift: Point = (0, 0)) -> None:
        self.eye = eye
        self.forward = _unit(_sub(target, eye))
        self.right = _unit(_cross(self.forward, (0.0, 1.0, 0.0)))
        self.up = _cross(self.right, self.forward)
        self.focal = (W / 2) / math.tan(math.radians(fov) / 2)
        self.center = (W / 2 + shift[0], H / 2 + shift[1])

    def __call__(self, p: Vec) -> Point:
        d = _sub(p, self.eye)
        z = _dot(d, self.forward)
        if z < 1e-3:
            raise ValueError(f"{p} is behind the camera")
        return (self.center[0] + self.focal * _dot(d, self.right) / z,
                self.center[1] - self.focal * _dot(d, self.up) / z)

    def depth(self, p: Vec) -> float:
        return _dot(_sub(p, self.eye), self.forward)


def rot_y(v: Vec, degrees: float) -> Vec:
    a = math.radians(degrees)
    return v[0] * math.cos(a) + v[2] * math.sin(a), v[1], -v[0] * math.sin(a) + v[2] * math.cos(a)


def along(p: Vec, *steps: tuple[Vec, float]) -> Vec:
    """P moved by each (direction, distance) in STEPS."""
    x, y, z = p
    for d, k in steps:
        x, y, z = x + d[0] * k, y + d[1] * k, z + d[2] * k
    return x, y, z


def slab(bottom: Vec, width: float, height: float, yaw: float, tilt: float = 0.0
         ) -> tuple[list[Vec], Vec, Vec, Vec]:
    """A standing rectangle HEIGHT tall whose lower edge is centred on BOTTOM, turned YAW degrees
    and leaning back TILT degrees: its corners, across, up and facing directions."""
    t = math.radians(tilt)
    u = rot_y((1, 0, 0), yaw)
    v = rot_y((0, math.cos(t), -math.sin(t)), yaw)
    n = rot_y((0, math.sin(t), math.cos(t)), yaw)
    tl = along(bottom, (u, -width / 2), (v, height))
    return [tl, along(tl, (u, width)), along(tl, (u, width), (v, -height)), along(tl, (v, -height))], u, v, n


def mirrored(points: Sequence[Vec]) -> list[Vec]:
    """POINTS reflected in the floor (y = 0)."""
    return [(x, -y, z) for x, y, z in points]


def on_face(face3: Sequence[Vec], texture_size: tuple[int, int], box: Sequence[float], lift: float, n: Vec
            ) -> list[Vec]:
    """The corners of BOX (texture pixels) on the face, raised LIFT along N."""
    tl, tr, _, bl = face3
    tw, th = texture_size

    def at(x: float, y: float) -> Vec:
        return along(tl, (_sub(tr, tl), x / tw), (_sub(bl, tl), y / th), (n, lift))

    return [at(box[0], box[1]), at(box[2], box[1]), at(box[2], box[3]), at(box[0], box[3])]


def cylinder(cam: Camera, base: Vec, radius: float, height: float, n: int = 48
             ) -> tuple[list[Point], list[Point], list[Point]]:
    """A standing cylinder's outline in the frame: its top rim, its bottom rim, and its silhouette."""
    top = [cam((base[0] + radius * math.cos(a * math.tau / n), base[1] + height,
                base[2] + radius * math.sin(a * math.tau / n))) for a in range(n)]
    bottom = [cam((base[0] + radius * math.cos(a * math.tau / n), base[1],
                   base[2] + radius * math.sin(a * math.tau / n))) for a in range(n)]
    left = min(range(n), key=lambda i: top[i][0])
    right = max(range(n), key=lambda i: top[i][0])
    near_bottom = [p for p in bottom if p[1] >= (bottom[left][1] + bottom[right][1]) / 2 - 0.5]
    outline = [top[left], *sorted([p for p in top if p[1] <= (top[left][1] + top[right][1]) / 2], key=lambda p: p[0]),
               top[right], bottom[right], *sorted(near_bottom, key=lambda p: -p[0]), bottom[left]]
    return top, bottom, outline


def lathe(cam: Camera, base: Vec, profile: Sequence[tuple[float, float]], n: int = 40
          ) -> tuple[list[Point], list[Point]]:
    """A turned shape (vase, bottle) standing at BASE: PROFILE lists (height, radius) from the
    bottom up. Returns its outline in the frame and its top rim."""
    rings = [[cam((base[0] + r * math.cos(a * math.tau / n), base[1] + y, base[2] + r * math.sin(a * math.tau / n)))
              for a in range(n)] for y, r in profile]
    lefts = [min(ring, key=lambda p: p[0]) for ring in rings]
    rights = [max(ring, key=lambda p: p[0]) for ring in rings]
    front = sorted((p for p in rings[0] if p[1] >= (lefts[0][1] + rights[0][1]) / 2), key=lambda p: p[0])
    return [*rights, *reversed(lefts), *front], rings[-1]


def _solve(rows: list[list[float]], values: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting, for the eight perspective coefficients."""
    n = len(values)
    m = [[*row[:], value] for row, value in zip(rows, values, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col:
                k = m[r][col] / m[col][col]
                m[r] = [a - k * b for a, b in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def warp(texture: Image.Image, quad: Sequence[Point], resample: Image.Resampling = Image.Resampling.BICUBIC
         ) -> Image.Image:
    """TEXTURE laid onto QUAD (its corners top left, top right, bottom right, bottom left):
    an RGBA layer the size of the frame, transparent elsewhere."""
    x0 = max(0, math.floor(min(p[0] for p in quad)) - 1)
    y0 = max(0, math.floor(min(p[1] for p in quad)) - 1)
    x1 = min(W, math.ceil(max(p[0] for p in quad)) + 1)
    y1 = min(H, math.ceil(max(p[1] for p in quad)) + 1)
    # Pillow's transform samples without averaging: a texture much larger than its place on
    # screen is reduced first (to a little over that size), or fine detail would shimmer.
    across = max(math.dist(quad[0], quad[1]), math.dist(quad[3], quad[2]))
    down = max(math.dist(quad[0], quad[3]), math.dist(quad[1], quad[2]))
    if texture.size[0] > across * 1.5 or texture.size[1] > down * 1.5:
        texture = texture.resize((max(2, min(texture.size[0], round(across * 1.25))),
                                  max(2, min(texture.size[1], round(down * 1.25)))), Image.Resampling.LANCZOS)
    tw, th = texture.size
    rows, values = [], []
    for (x, y), (u, v) in zip(((px - x0, py - y0) for px, py in quad), ((0, 0), (tw, 0), (tw, th), (0, th)),
                              strict=True):
        rows += [[x, y, 1, 0, 0, 0, -x * u, -y * u], [0, 0, 0, x, y, 1, -x * v, -y * v]]
        values += [u, v]
    coeffs = _solve(rows, values)
    layer = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    if x1 > x0 and y1 > y0:
        layer.paste(texture.convert("RGBA").transform((x1 - x0, y1 - y0), Image.Transform.PERSPECTIVE, coeffs,
                                                      resample), (x0, y0))
    layer.putalpha(both(layer.getchannel("A"), poly(quad)))
    return layer


def alpha(layer: Image.Image) -> Image.Image:
    return layer.getchannel("A")


# --- Finishing ------------------------------------------------------------------------------------

def finish(image: Image.Image, rng: random.Random, vignette: float = 0.35, grain: float = 3.0,
           contrast: float = 0.12, warmth: float = 0.0) -> Image.Image:
    """The camera's part: darker corners, a gentle S-curve, a colour cast, and film grain."""
    edge = curve(radial((W / 2, H / 2), (W * 0.78, H * 0.95)), lambda t: t ** 2.2)
    image = darken(image, edge, vignette)

    def tone(channel: int) -> list[int]:
        lut = []
        for i in range(256):
            t = i / 255
            t = t + contrast * (t - 0.5) * (1 - abs(2 * t - 1))  # S-curve around the middle
            t = 0.015 + 0.975 * t  # blacks lifted a touch, like a print
            t *= 1 + warmth * (0.04, 0.0, -0.05)[channel]
            lut.append(max(0, min(255, round(255 * t))))
        return lut

    image = Image.merge("RGB", [band.point(tone(i)) for i, band in enumerate(image.split())])
    # Grain: the sum of two uniform noises (a softer, bell-like spread), slightly clumped.
    grains = blur(ImageChops.add(noise(rng, SIZE), noise(rng, SIZE), scale=2), 0.6)
    grains = grains.point([max(0, min(255, round(128 + (i - 128) * grain / 32))) for i in range(256)])
    return ImageChops.add(image, Image.merge("RGB", (grains, grains, grains)), scale=1, offset=-128)


@cache
def srgb_profile() -> bytes:
    """lcms's built-in sRGB profile with a fixed creation date, so the bytes never change."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes([0x07, 0xEA, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])  # 2026-01-01 00:00:00
    return bytes(data)


def save(image: Image.Image, slug: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{slug}.jpg"
    image.convert("RGB").save(path, "JPEG", icc_profile=srgb_profile(), **JPEG_OPTIONS)
    return path


# --- Solids and surfaces --------------------------------------------------------------------------

def extrude(base: Image.Image, texture_alpha: Image.Image, front: Sequence[Vec], normal: Vec, depth: float,
            cam: Camera, stops: Stops) -> Image.Image:
    """The sides of a slab whose face is FRONT, DEPTH deep behind it along NORMAL: the face's
    outline drawn at many depths (close enough to leave no steps) in a metal gradient. Returns
    the mask it covered."""
    back = [(p[0] - normal[0] * depth, p[1] - normal[1] * depth, p[2] - normal[2] * depth) for p in front]
    span = max(math.dist(cam(a), cam(b)) for a, b in zip(front, back, strict=True))
    steps = max(4, min(60, math.ceil(span / 1.5)))
    shape = Image.merge("RGBA", (texture_alpha,) * 4)
    covered = Image.new("L", SIZE, 0)
    for i in range(steps, 0, -1):
        k = depth * i / steps
        quad = [cam((p[0] - normal[0] * k, p[1] - normal[1] * k, p[2] - normal[2] * k)) for p in front]
        covered = either(covered, alpha(warp(shape, quad)))
    ys = [p[1] for p in (cam(q) for q in front)]
    metal = colorize(linear((0, min(ys)), (0, max(ys))), stops)
    fill(base, metal, covered)
    return covered


def draw_slab(scene: Image.Image, cam: Camera, texture: Image.Image, face3: Sequence[Vec], n: Vec, depth: float,
              sides: Stops) -> Image.Image:
    """A slab: its sides, then TEXTURE on the face. Returns the face's layer."""
    extrude(scene, texture.getchannel("A"), face3, n, depth, cam, sides)
    layer = warp(texture, [cam(p) for p in face3])
    over(scene, layer)
    return layer


def brushed(rng: random.Random, size: tuple[int, int], stops: Stops) -> Image.Image:
    """Brushed metal: fine streaks along the width, lit by STOPS from top to bottom."""
    w, h = size
    streaks = noise(rng, (max(2, w // 40), h)).resize(size, Image.Resampling.BILINEAR)
    streaks = streaks.point([round(128 + (i - 128) * 0.06) for i in range(256)])
    shade = colorize(linear((0, 0), (0, h), size), stops)
    return ImageChops.add(shade, Image.merge("RGB", (streaks,) * 3), scale=1, offset=-128)


def wood(rng: random.Random, size: tuple[int, int], stops: Stops, planks: int = 0, along_x: bool = True
         ) -> Image.Image:
    """A wood texture: stretched noise for the grain, optionally in planks of varying tone."""
    w, h = size
    cells = (max(2, w // 160), max(8, h // 6)) if along_x else (max(8, w // 6), max(2, h // 160))
    fine = (max(2, w // 40), max(8, h // 2)) if along_x else (max(8, w // 2), max(2, h // 40))
    grain = Image.blend(value_noise(rng, cells, size), value_noise(rng, fine, size), 0.35)
    grain = ImageChops.add(grain, curve(value_noise(rng, (max(2, w // 300), max(2, h // 300)), size),
                                        lambda t: t * 0.5), scale=1.4)
    texture = colorize(curve(grain, smoothstep(0.15, 0.85)), stops)
    if planks:
        draw = ImageDraw.Draw(texture)
        span = (h if along_x else w) / planks
        for i in range(1, planks):
            at = round(i * span)
            box = (0, at - 1, w, at + 1) if along_x else (at - 1, 0, at + 1, h)
            draw.rectangle(box, fill=mix(stops[0][1], (0, 0, 0), 0.5))
        for i in range(planks):
            tone = rng.uniform(-0.08, 0.08)
            box = (0, round(i * span) + 2, w, round((i + 1) * span) - 1) if along_x else \
                (round(i * span) + 2, 0, round((i + 1) * span) - 1, h)
            region = texture.crop(box)
            texture.paste(region.point(lambda v, k=tone: max(0, min(255, round(v * (1 + k))))), box[:2])
    return texture


# --- Shared props ---------------------------------------------------------------------------------

def lock_icon(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float, color: Color, hole: Color) -> None:
    """A padlock S wide centred on (CX, CY)."""
    body = (cx - s / 2, cy - s * 0.12, cx + s / 2, cy + s * 0.62)
    draw.arc((cx - s * 0.32, cy - s * 0.62, cx + s * 0.32, cy + s * 0.05), 180, 360, fill=color,
             width=max(2, round(s * 0.13)))
    draw.line((cx - s * 0.32 + s * 0.065, cy - s * 0.28, cx - s * 0.32 + s * 0.065, cy - s * 0.1), fill=color,
              width=max(2, round(s * 0.13)))
    draw.line((cx + s * 0.32 - s * 0.065, cy - s * 0.28, cx + s * 0.32 - s * 0.065, cy - s * 0.1), fill=color,
              width=max(2, round(s * 0.13)))
    draw.rounded_rectangle(body, radius=s * 0.12, fill=color)
    draw.ellipse((cx - s * 0.08, cy + s * 0.12, cx + s * 0.08, cy + s * 0.28), fill=hole)
    draw.rectangle((cx - s * 0.03, cy + s * 0.22, cx + s * 0.03, cy + s * 0.42), fill=hole)


def status_bar(draw: ImageDraw.ImageDraw, width: int, y: float, scale: float, color: Color) -> None:
    """A phone's status bar: the time on the left, signal and battery on the right."""
    text(draw, (44 * scale, y), "9:41", round(30 * scale), color, anchor="lm", bold=True)
    right = width - 44 * scale
    draw.rounded_rectangle((right - 48 * scale, y - 11 * scale, right - 6 * scale, y + 11 * scale),
                           radius=5 * scale, outline=color, width=max(1, round(2 * scale)))
    draw.rounded_rectangle((right - 44 * scale, y - 7 * scale, right - 16 * scale, y + 7 * scale),
                           radius=3 * scale, fill=color)
    draw.rectangle((right - 5 * scale, y - 4 * scale, right - 1 * scale, y + 4 * scale), fill=color)
    for i in range(4):
        x = right - 110 * scale + i * 12 * scale
        draw.rectangle((x, y + 10 * scale - (i + 1) * 5 * scale, x + 7 * scale, y + 10 * scale), fill=color)


def switch(draw: ImageDraw.ImageDraw, x: float, y: float, s: float, on: bool) -> None:
    """A toggle switch S tall with its left edge at X, centred on Y."""
    track = (52, 211, 153) if on else (72, 76, 104)
    draw.rounded_rectangle((x, y - s / 2, x + s * 1.75, y + s / 2), radius=s / 2, fill=track)
    knob = x + s * 1.25 if on else x + s * 0.5
    draw.ellipse((knob - s * 0.4, y - s * 0.4, knob + s * 0.4, y + s * 0.4), fill=(250, 250, 252))


def phone_front(screen: Image.Image, frame: Color, bezel: int = 18, radius: int = 92) -> Image.Image:
    """A phone seen face on: a metal frame, a thin black border, SCREEN and the camera hole."""
    w, h = screen.size[0] + 2 * bezel + 8, screen.size[1] + 2 * bezel + 8
    body = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    outline = rrect((0, 0, w, h), radius, size=(w, h))
    body.paste((*frame, 255), (0, 0, w, h), outline)
    fill(body, (6, 6, 8), rrect((4, 4, w - 4, h - 4), radius - 4, size=(w, h)))
    glass = rrect((bezel + 4, bezel + 4, w - bezel - 4, h - bezel - 4), radius - bezel, size=(w, h))
    placed = Image.new("RGB", (w, h))
    placed.paste(screen, (bezel + 4, bezel + 4))
    fill(body, placed, glass)
    cx, cy = w / 2, bezel + 4 + 44
    fill(body, (2, 2, 4), ellipse((cx - 17, cy - 17, cx + 17, cy + 17), size=(w, h)))
    fill(body, (40, 60, 110), ellipse((cx - 6, cy - 8, cx + 2, cy), size=(w, h)), 0.8)
    return body


def assistant_screen(rng: random.Random) -> Image.Image:
    """An on-device assistant: a glowing orb with a padlock, a summary, privacy switches."""
    w, h = 720, 1560
    size = (w, h)
    screen = colorize(linear((0, 0), (0, h), size), [(0, hexc("0b1233")), (0.5, hexc("1a1248")),
                                                     (1, hexc("261040"))])
    orb = (w / 2, 470)
    screen = light(screen, falloff(orb, (420, 380), 1.6, size), hexc("3a2a9a"), 0.9)
    screen = light(screen, falloff((orb[0] - 60, orb[1] - 40), (260, 240), 1.8, size), hexc("1fb6e0"), 0.55)
    screen = light(screen, falloff((orb[0] + 70, orb[1] + 60), (240, 220), 1.8, size), hexc("b04fe0"), 0.5)
    ring = either(*(stroke([(orb[0] + r * math.cos(a / 40 * math.tau), orb[1] + r * math.sin(a / 40 * math.tau))
                            for a in range(41)], 3, size) for r in (150, 158)))
    screen = light(screen, blur(ring, 1), hexc("9fe8ff"), 0.7)
    fill(screen, hexc("2a2470"), ellipse((orb[0] - 128, orb[1] - 128, orb[0] + 128, orb[1] + 128), size), 0.55)
    screen = light(screen, falloff(orb, (135, 135), 0.8, size), hexc("6f7dff"), 0.35)
    draw = ImageDraw.Draw(screen)
    lock_icon(draw, orb[0], orb[1] + 6, 118, (248, 248, 255), hexc("2b2a78"))
    status_bar(draw, w, 58, 1.0, (236, 238, 250))
    for _ in range(26):  # a few sparks around the orb
        a, r = rng.uniform(0, math.tau), rng.uniform(175, 260)
        x, y, s = orb[0] + r * math.cos(a), orb[1] + r * math.sin(a), rng.uniform(1.5, 4)
        draw.ellipse((x - s, y - s, x + s, y + s), fill=mix(hexc("9fe8ff"), hexc("e9b6ff"), rng.random()))
    text(draw, (w / 2, 700), "On-device assistant", 44, (246, 246, 255), anchor="mm", bold=True)
    draw.rounded_rectangle((138, 745, w - 138, 801), radius=28, fill=hexc("143a3a"))
    draw.ellipse((166, 764, 184, 782), fill=hexc("34d399"))
    text(draw, (198, 773), "Runs on this phone", 28, hexc("b9f5d8"), anchor="lm")
    draw.rounded_rectangle((250, 850, w - 44, 930), radius=34, fill=hexc("4150e0"))
    text(draw, (280, 890), "Summarise this thread", 29, (255, 255, 255), anchor="lm")
    draw.rounded_rectangle((44, 960, w - 44, 1222), radius=30, fill=hexc("1d2152"))
    lock_icon(draw, 84, 1004, 26, hexc("8fb0ff"), hexc("1d2152"))
    text(draw, (108, 1004), "Summary  ·  3 emails  ·  nothing sent", 24, hexc("8fb0ff"), anchor="lm")
    for i, line in enumerate(("Dinner moved to Friday, 19:00", "Maya sends the slides tonight",
                              "No reply needed from you")):
        y = 1062 + i * 52
        draw.ellipse((76, y - 5, 86, y + 5), fill=hexc("c9d3ff"))
        text(draw, (104, y), line, 29, (236, 238, 252), anchor="lm")
    for i, (label, on) in enumerate((("Cloud fallback", False), ("Keep data on device", True))):
        y = 1290 + i * 86
        draw.rounded_rectangle((44, y - 36, w - 44, y + 36), radius=22, fill=hexc("171b45"))
        text(draw, (76, y), label, 29, (226, 230, 248), anchor="lm")
        switch(draw, w - 150, y, 40, on)
    draw.rounded_rectangle((44, 1440, w - 44, 1516), radius=38, fill=hexc("23285c"))
    text(draw, (84, 1478), "Ask anything…", 29, hexc("9aa3d6"), anchor="lm")
    draw.rounded_rectangle((w - 106, 1458, w - 86, 1490), radius=10, fill=hexc("c9d3ff"))
    draw.arc((w - 114, 1462, w - 78, 1500), 0, 180, fill=hexc("c9d3ff"), width=4)
    return screen


# --- 1. On-device AI and privacy: a phone on a stand on a desk ------------------------------------

def _desk_room(rng: random.Random, cam: Camera) -> Image.Image:
    """A wall with window light and a lamp, an oak desk against it; not yet blurred."""
    edge_left, edge_right = cam((-90, 0, -40)), cam((90, 0, -40))
    horizon = max(edge_left[1], edge_right[1])
    room = colorize(linear((0, 0), (0, horizon)), [(0, hexc("23262e")), (1, hexc("3d3733"))])
    room = light(room, blur(rrect((-40, -60, 520, horizon - 70), 30), 50), hexc("b9cbe0"), 0.55)
    room = light(room, falloff((1390, 170), (380, 300), 2.0), hexc("ffb46b"), 0.45)
    draw = ImageDraw.Draw(room)
    draw.rectangle((80, 0, 96, horizon - 90), fill=hexc("59616e"))  # the window's mullion
    draw.rectangle((0, horizon - 96, 520, horizon - 80), fill=hexc("6b737f"))
    desk_texture = wood(rng, (1800, 850), [(0, hexc("6a4a30")), (0.45, hexc("8d6642")), (0.8, hexc("ad8458")),
                                             (1, hexc("c39b6c"))], planks=9, along_x=False)
    desk = warp(desk_texture, [cam((-90, 0, -40)), cam((90, 0, -40)), cam((90, 0, 45)), cam((-90, 0, 45))])
    over(room, desk)
    desk_mask = alpha(desk)
    room = light(room, both(desk_mask, falloff(cam((-45, 0, -30)), (900, 420), 1.4)), hexc("fff1dc"), 0.35)
    room = darken(room, both(desk_mask, linear((0, horizon), (0, H))), 0.3)
    room = darken(room, both(desk_mask, linear((horizon, 0), (W, 0))), 0.15)
    room = darken(room, blur(stroke([edge_left, edge_right], 6), 6), 0.5)  # where desk meets wall
    return room


def _mug(cam: Camera, layer: Image.Image) -> Image.Image:
    top, bottom, outline = cylinder(cam, (-23, 0, -24), 4.2, 9.5)
    shadow(layer, poly(bottom), 12, 0.5, (16, 4), hexc("1a0f08"))
    body = poly(outline)
    handle_c = cam((-27.6, 4.8, -24))
    handle = ellipse((handle_c[0] - 34, handle_c[1] - 44, handle_c[0] + 12, handle_c[1] + 44))
    fill(layer, hexc("d9d2c6"), minus(handle, ellipse((handle_c[0] - 22, handle_c[1] - 30, handle_c[0] + 4,
                                                       handle_c[1] + 30))))
    fill(layer, colorize(linear((min(p[0] for p in top), 0), (max(p[0] for p in top), 0)),
                         [(0, hexc("f4efe6")), (0.3, hexc("fffcf6")), (0.75, hexc("cfc8bc")), (1, hexc("9d968b"))]),
         body)
    fill(layer, hexc("f6f1e8"), poly(top))
    cx, cy = sum(q[0] for q in top) / len(top), sum(q[1] for q in top) / len(top)
    fill(layer, hexc("3a2416"), poly([((x - cx) * 0.9 + cx, (y - cy) * 0.84 + cy + 3) for x, y in top]))
    return either(body, poly(top), minus(handle, ellipse((handle_c[0] - 22, handle_c[1] - 30, handle_c[0] + 4,
                                                           handle_c[1] + 30))))


def _notebook(cam: Camera, layer: Image.Image) -> Image.Image:
    corners = ((-31, 3), (-13, 0.5), (-9, 22), (-27, 24.5))
    book = [cam((x, 1.4, z)) for x, z in corners]
    pages = poly([cam((x, 0, z)) for x, z in corners])
    pen = stroke([cam((-7, 0.6, 6)), cam((-3, 0.6, 24))], 15)
    fill(layer, hexc("e9e3d6"), pages)
    fill(layer, colorize(linear(book[0], book[2]), [(0, hexc("2c5247")), (1, hexc("1a332c"))]), poly(book))
    band = [cam(p) for p in ((-17.6, 1.45, 1.1), (-16.4, 1.45, 0.95), (-12.2, 1.45, 23.2), (-13.4, 1.45, 23.4))]
    fill(layer, hexc("0f1f1b"), poly(band))
    fill(layer, hexc("17171b"), pen)
    fill(layer, hexc("c8a35a"), stroke([cam((-6.6, 0.9, 7.6)), cam((-6.1, 0.9, 10))], 10))
    return either(pages, poly(book), pen)


def scene_phone_ai(rng: random.Random) -> Image.Image:
    cam = Camera((-15, 20, 66), (-5.5, 8.2, 0), fov=34)
    room = _desk_room(rng, cam)
    # Depth of field: the wall far behind is very soft, the desk sharpens towards the phone.
    horizon = max(cam((-90, 0, -40))[1], cam((90, 0, -40))[1])
    focus_y = cam((0, 0, 2))[1]
    far, mid = blur(room, 16), blur(room, 6)
    scene = Image.composite(far, mid, curve(linear((0, horizon + 40), (0, horizon - 20)), smoothstep(0, 1)))
    scene = Image.composite(scene, room, curve(linear((0, focus_y - 40), (0, horizon + 30)), smoothstep(0, 1)))
    scene = bokeh(scene, rng, 16, (900, 20, 1600, horizon - 120), [hexc("ffb36b"), hexc("ffd29a"),
                                                                   hexc("ff9a5a")], (14, 42), 0.5, 3)
    scene = bokeh(scene, rng, 8, (40, 40, 520, horizon - 150), [hexc("d7e6f5")], (10, 30), 0.25, 3)
    defocus(scene, lambda layer: _mug(cam, layer), 5)
    shadow(scene, either(poly([cam((x, 0, z)) for x, z in ((-31, 3), (-13, 0.5), (-9, 22), (-27, 24.5))]),
                         stroke([cam((-7, 0, 6)), cam((-3, 0, 24))], 15)), 16, 0.55, (22, 8), hexc("1a0f08"))
    defocus(scene, lambda layer: _notebook(cam, layer), 5)
    return _phone_on_stand(rng, cam, scene)


def _phone_on_stand(rng: random.Random, cam: Camera, scene: Image.Image) -> Image.Image:
    yaw, tilt = -24.0, 15.0
    u = rot_y((1, 0, 0), yaw)
    v = rot_y((0, math.cos(math.radians(tilt)), -math.sin(math.radians(tilt))), yaw)
    n = rot_y((0, math.sin(math.radians(tilt)), math.cos(math.radians(tilt))), yaw)
    front = along((0, 1.75, 0), (v, 16.2), (u, -3.8))  # top left corner; the phone is 7.6 × 16.2 cm
    face3 = [front, along(front, (u, 7.6)), along(front, (u, 7.6), (v, -16.2)), along(front, (v, -16.2))]
    face = [cam(p) for p in face3]
    # The stand: a block of dark aluminium with a low lip in front of the phone's lower edge.
    forward = rot_y((0, 0, 1), yaw)
    block = [along((0, 1.2, 0), (u, s), (forward, t)) for s, t in ((-4.6, -6), (4.6, -6), (4.6, 2.2), (-4.6, 2.2))]
    light_dir = (0.5, -1.0, -0.55)  # window light from the left, in front and above
    cast = [cam((p[0] + light_dir[0] * p[1], 0, p[2] + light_dir[2] * p[1])) for p in face3]
    shadow(scene, poly(cast), 14, 0.6, (0, 0), hexc("1a0f08"))
    shadow(scene, poly([cam((x, 0, z)) for x, _, z in block]), 6, 0.75, (3, 5), hexc("120a05"))
    top = Image.new("RGBA", (460, 410), (0, 0, 0, 0))
    top.paste(brushed(rng, top.size, [(0, hexc("3f434b")), (1, hexc("5d626c"))]), (0, 0),
              rrect((0, 0, *top.size), 40, top.size))
    draw_slab(scene, cam, top, block, (0, 1, 0), 1.2, [(0, hexc("2e3137")), (1, hexc("1b1d21"))])
    lip = [along(face3[3], (n, 0.35), (u, -0.3), (v, 0.45)), along(face3[2], (n, 0.35), (u, 0.3), (v, 0.45)),
           along(face3[2], (n, 0.35), (u, 0.3), (v, -0.55)), along(face3[3], (n, 0.35), (u, -0.3), (v, -0.55))]
    screen = assistant_screen(rng)
    texture = phone_front(screen, hexc("2b2d33"))
    extrude(scene, texture.getchannel("A"), face3, n, 0.8, cam,
            [(0, hexc("6c7079")), (0.5, hexc("3a3d45")), (1, hexc("1e2026"))])
    phone = warp(texture, face)
    over(scene, phone)
    glass = both(alpha(phone), curve(linear(face[0], face[2]), lambda t: max(0.0, 1 - abs(t - 0.32) * 7)))
    scene = light(scene, glass, (255, 255, 255), 0.09)
    scene = light(scene, both(alpha(phone), falloff(face[0], (300, 260), 1.5)), hexc("dfe8ff"), 0.13)
    rim = minus(alpha(phone), alpha(phone).filter(ImageFilter.MinFilter(5)))
    scene = light(scene, both(rim, curve(linear(face[1], face[3]), lambda t: t)), hexc("c4c9d4"), 0.55)
    spill = falloff(cam(along((0, 0, 3.5), (u, 0))), (430, 150), 1.6)
    scene = light(scene, spill, hexc("5b4bd6"), 0.28)
    lip_quad = [cam(p) for p in lip]
    shadow(scene, both(alpha(phone), poly(lip_quad)), 3, 0.6, (0, -5))
    fill(scene, colorize(linear(lip_quad[0], lip_quad[1]), [(0, hexc("4a4e57")), (0.55, hexc("6b707b")),
                                                             (1, hexc("33363d"))]), poly(lip_quad))
    fill(scene, hexc("b8bec8"), stroke([lip_quad[0], lip_quad[1]], 1.6), 0.8)
    return scene


# --- 2. Nimbus X review: the phone's back and front on a coloured sweep ---------------------------

def lens(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, tint: Color) -> None:
    """A camera lens seen from the front: metal ring, black glass, coated elements, a glint."""
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(150, 156, 164))
    draw.ellipse((cx - r * 0.9, cy - r * 0.9, cx + r * 0.9, cy + r * 0.9), fill=(12, 13, 16))
    draw.ellipse((cx - r * 0.66, cy - r * 0.66, cx + r * 0.66, cy + r * 0.66), outline=(44, 46, 54),
                 width=max(1, round(r * 0.05)))
    draw.ellipse((cx - r * 0.42, cy - r * 0.42, cx + r * 0.42, cy + r * 0.42), fill=mix((8, 8, 12), tint, 0.35))
    draw.ellipse((cx - r * 0.2, cy - r * 0.2, cx + r * 0.2, cy + r * 0.2), fill=(4, 4, 6))
    draw.chord((cx - r * 0.62, cy - r * 0.62, cx + r * 0.62, cy + r * 0.62), 200, 250,
               fill=mix((20, 20, 30), tint, 0.6))
    draw.ellipse((cx - r * 0.34, cy - r * 0.38, cx - r * 0.18, cy - r * 0.22), fill=(235, 240, 255))


def phone_back(rng: random.Random, body: Color, size: tuple[int, int] = (760, 1620)
               ) -> tuple[Image.Image, Image.Image, tuple[int, int, int, int]]:
    """The back of a phone (frosted glass and a wordmark) and its camera island, with the
    island's place on the back."""
    w, h = size
    back = Image.new("RGBA", size, (0, 0, 0, 0))
    glass = colorize(linear((0, 0), (w, h), size), [(0, mix(body, (255, 255, 255), 0.18)), (0.55, body),
                                                    (1, mix(body, (0, 0, 0), 0.25))])
    frosted = Image.blend(glass, colorize(blur(noise(rng, size), 1), [(0, mix(body, (0, 0, 0), 0.08)),
                                                                      (1, mix(body, (255, 255, 255), 0.08))]), 0.25)
    back.paste(frosted, (0, 0), rrect((0, 0, w, h), 92, size))
    draw = ImageDraw.Draw(back)
    text(draw, (w / 2, h * 0.72), "nimbus", 64, (*mix(body, (255, 255, 255), 0.22), 255), anchor="mm")
    box = (52, 52, 420, 470)
    island = Image.new("RGBA", (box[2] - box[0], box[3] - box[1]), (0, 0, 0, 0))
    iw, ih = island.size
    island.paste(colorize(linear((0, 0), (iw, ih), (iw, ih)), [(0, mix(body, (255, 255, 255), 0.12)),
                                                               (1, mix(body, (0, 0, 0), 0.35))]),
                 (0, 0), rrect((0, 0, iw, ih), 96, (iw, ih)))
    idraw = ImageDraw.Draw(island)
    lens(idraw, 112, 118, 82, (90, 60, 200))
    lens(idraw, 112, 300, 70, (40, 140, 120))
    lens(idraw, 270, 118, 56, (160, 90, 60))
    idraw.ellipse((246, 268, 294, 316), fill=(236, 226, 196))
    idraw.ellipse((254, 276, 286, 308), fill=(250, 244, 222))
    idraw.ellipse((264, 352, 276, 364), fill=(10, 10, 12))
    return back, island, box


def lock_screen(size: tuple[int, int] = (720, 1560)) -> Image.Image:
    """A lock screen: a warm abstract wallpaper, the time, and a two-day battery estimate."""
    w, h = size
    screen = colorize(linear((0, 0), (0, h), size), [(0, hexc("1b1036")), (0.5, hexc("5a1f5c")),
                                                     (1, hexc("f08a4b"))])
    for (x, y), r, color, k in (((120, 1200), (520, 300), hexc("ff9f5a"), 0.7), ((640, 520), (420, 360),
                                hexc("7a3cff"), 0.55), ((300, 820), (500, 160), hexc("ff5f7e"), 0.5)):
        screen = light(screen, falloff((x, y), r, 1.6, size), color, k)
    draw = ImageDraw.Draw(screen)
    status_bar(draw, w, 58, 1.0, (255, 255, 255))
    text(draw, (w / 2, 190), "Tuesday 9 September", 34, (255, 240, 235), anchor="mm")
    text(draw, (w / 2, 330), "9:41", 210, (255, 250, 246), anchor="mm", bold=True)
    draw.rounded_rectangle((150, 470, w - 150, 540), radius=35, fill=hexc("3b1742"))
    draw.rounded_rectangle((188, 490, 236, 520), radius=6, outline=(255, 255, 255), width=3)
    draw.rectangle((194, 496, 226, 514), fill=hexc("6ee7a8"))
    text(draw, (256, 505), "86%  ·  about 2 days left", 27, (255, 240, 240), anchor="lm")
    for x in (110, w - 110):
        draw.ellipse((x - 46, h - 176, x + 46, h - 84), fill=hexc("3a1e3a"))
    draw.rounded_rectangle((w / 2 - 110, h - 40, w / 2 + 110, h - 30), radius=5, fill=(255, 255, 255))
    return screen


def _nimbus_phones(rng: random.Random, cam: Camera, scene: Image.Image, floor: bool) -> Image.Image:
    """Both phones; with FLOOR, as the glossy floor reflects them (upside down). Returns their mask."""
    flip = mirrored if floor else list
    body = hexc("24566a")
    sides = [(0, hexc("9fb4bd")), (0.5, hexc("5d7480")), (1, hexc("2c3a42"))]
    covered = Image.new("L", SIZE, 0)
    # Behind: the second phone, face on, screen lit.
    face3, _u, _v, n = slab((7.5, 0, -7), 7.6, 16.2, -28, 4)
    texture = phone_front(lock_screen(), hexc("6f8793"))
    layer = draw_slab(scene, cam, texture, flip(face3), (n[0], -n[1], n[2]) if floor else n, 0.85, sides)
    covered = either(covered, alpha(layer))
    if not floor:
        quad = [cam(p) for p in face3]
        band = curve(linear(quad[0], quad[2]), lambda t: max(0.0, 1 - abs(t - 0.3) * 5) ** 1.5)
        scene.paste(light(scene, both(alpha(layer), band), (255, 255, 255), 0.12), (0, 0))
    # In front: the back, with its camera island standing proud.
    back, island, box = phone_back(rng, body)
    face3, _u, _v, n = slab((-3.2, 0, 4), 7.6, 16.2, 22, 3)
    n_used = (n[0], -n[1], n[2]) if floor else n
    layer = draw_slab(scene, cam, back, flip(face3), n_used, 0.85, sides)
    covered = either(covered, alpha(layer))
    if not floor:
        quad = [cam(p) for p in face3]
        sheen = curve(linear(quad[0], quad[2]), lambda t: max(0.0, 1 - abs(t - 0.42) * 3.2) ** 2)
        scene.paste(light(scene, both(alpha(layer), sheen), hexc("d8f0f6"), 0.22), (0, 0))
        edge = curve(linear(quad[1], quad[0]), lambda t: t ** 6)
        scene.paste(light(scene, both(alpha(layer), edge), (255, 255, 255), 0.35), (0, 0))
    raised = on_face(face3, back.size, box, 0.18, n)
    layer = draw_slab(scene, cam, island, flip(raised), n_used, 0.18, [(0, hexc("8aa0aa")), (1, hexc("30434c"))])
    if not floor:
        glint = both(alpha(layer), curve(linear(cam(raised[0]), cam(raised[2])), lambda t: max(0, 1 - t * 2.2)))
        scene.paste(light(scene, glint, (255, 255, 255), 0.25), (0, 0))
    return covered


def scene_nimbus(rng: random.Random) -> Image.Image:
    cam = Camera((-4, 15, 72), (1.0, 7.6, 0), fov=30)
    floor_y = cam((0, 0, 0))[1]
    sweep = colorize(linear((0, 0), (0, H)), [(0, hexc("c9603f")), (0.45, hexc("ec9a6a")), (0.7, hexc("f3b486")),
                                              (1, hexc("e9a272"))])
    sweep = light(sweep, falloff((W * 0.52, floor_y - 120), (820, 520), 1.5), hexc("ffe4c8"), 0.55)
    sweep = darken(sweep, curve(linear((W * 0.5, 0), (0, 0)), lambda t: t ** 1.5), 0.18, hexc("803020"))
    scene = sweep.copy()
    # The floor mirrors the phones faintly, fading with distance from them.
    mirror = sweep.copy()
    seen = _nimbus_phones(rng, cam, mirror, floor=True)
    fade = curve(linear((0, cam((7.5, 0, -7))[1]), (0, cam((-3.2, 0, 4))[1] + 240)), lambda t: (1 - t) ** 1.5)
    scene.paste(blur(mirror, 2.5), (0, 0), scaled(both(blur(seen, 2), fade), 0.32))
    # Soft shadows where the phones stand, spreading back and to the right, away from the key light.
    for base, yaw in (((7.5, 0, -7), -28), ((-3.2, 0, 4), 22)):
        foot = [cam(along(base, (rot_y((1, 0, 0), yaw), s), (rot_y((0, 0, 1), yaw), t)))
                for s, t in ((-3.9, -0.9), (3.9, -0.9), (3.9, 0.2), (-3.9, 0.2))]
        shadow(scene, poly(foot), 4, 0.55, (0, 2), hexc("5a2210"))
        spread = [cam(along(base, (rot_y((1, 0, 0), yaw), s), (rot_y((0, 0, 1), yaw), t), ((1, 0, -0.3), 6)))
                  for s, t in ((-3, -10), (5, -10), (4.5, 0), (-3.5, 0))]
        shadow(scene, poly(spread), 26, 0.3, (0, 0), hexc("7a3018"))
    _nimbus_phones(rng, cam, scene, floor=False)
    return scene


# --- 3. Aurora 14 review: a thin laptop, open, three-quarter view ---------------------------------

KEY_ROWS = ([1.0] * 13 + [2.0], [1.5] + [1.0] * 12 + [1.5], [1.75] + [1.0] * 11 + [2.25],
            [2.25] + [1.0] * 10 + [2.75], [1.0, 1.0, 1.0, 1.25, 5.5, 1.25, 1.0, 1.0, 1.0, 1.0])


def keyboard_deck(rng: random.Random, metal: Stops, key: Color, size: tuple[int, int] = (1560, 1100)
                  ) -> Image.Image:
    """A laptop's top case seen from above: keys in a shallow well, and a glass touchpad."""
    w, h = size
    deck = Image.new("RGBA", size, (0, 0, 0, 0))
    deck.paste(brushed(rng, size, metal), (0, 0), rrect((0, 0, w, h), 50, size))
    draw = ImageDraw.Draw(deck)
    x0, x1, top, pitch = 150, w - 150, 90, 76
    unit = (x1 - x0) / 15
    draw.rounded_rectangle((x0 - 14, top - 14, x1 + 14, top + pitch * 5.55 + 14), radius=16,
                           fill=mix(metal[-1][1], (0, 0, 0), 0.35))
    rows = [([1.0] * 15, top, pitch * 0.55)] + [(widths, top + pitch * (0.55 + r), pitch)
                                                for r, widths in enumerate(KEY_ROWS)]
    for widths, y, tall in rows:
        kx = x0
        for k in widths:
            draw.rounded_rectangle((kx + 4, y + 4, kx + k * unit - 4, y + tall - 4), radius=8, fill=key)
            draw.line((kx + 12, y + 7, kx + k * unit - 12, y + 7), fill=mix(key, (255, 255, 255), 0.16), width=2)
            kx += k * unit
    pad_box = (w / 2 - 330, top + pitch * 5.55 + 70, w / 2 + 330, h - 60)
    draw.rounded_rectangle(pad_box, radius=26, fill=mix(metal[1][1], (0, 0, 0), 0.05),
                           outline=mix(metal[1][1], (255, 255, 255), 0.3), width=3)
    return deck


def desktop(rng: random.Random, size: tuple[int, int] = (1280, 800)) -> Image.Image:
    """A laptop desktop: a pink-to-blue wallpaper, a document window, a battery readout, a dock."""
    w, h = size
    screen = colorize(linear((0, 0), (w, h), size), [(0, hexc("f06ba8")), (0.5, hexc("8a63e8")),
                                                     (1, hexc("2f7de1"))])
    screen = light(screen, falloff((w * 0.2, h * 0.8), (600, 400), 1.5, size), hexc("ffb27a"), 0.4)
    draw = ImageDraw.Draw(screen)
    draw.rectangle((0, 0, w, 34), fill=hexc("20163f"))
    text(draw, (22, 17), "Aurora", 20, (240, 240, 250), anchor="lm", bold=True)
    text(draw, (w - 22, 17), "19 h 06 min  ·  Fri 14:30", 20, (240, 240, 250), anchor="rm")
    draw.rounded_rectangle((150, 90, 900, 650), radius=14, fill=(250, 250, 252))
    draw.rounded_rectangle((150, 90, 900, 136), radius=14, fill=hexc("eceaf2"))
    draw.rectangle((150, 120, 900, 136), fill=hexc("eceaf2"))
    for i, color in enumerate(("ff5f57", "febc2e", "28c840")):
        draw.ellipse((172 + i * 26, 105, 188 + i * 26, 121), fill=hexc(color))
    text(draw, (525, 113), "Battery test notes", 20, (70, 70, 90), anchor="mm")
    text(draw, (200, 180), "Video playback, 150 nits", 34, (30, 30, 46), bold=True)
    for i in range(7):
        y = 246 + i * 40
        length = rng.uniform(420, 640) if i % 4 != 3 else rng.uniform(180, 300)
        draw.rounded_rectangle((200, y, 200 + length, y + 14), radius=7, fill=hexc("c9c8d6"))
    draw.rounded_rectangle((200, 560, 560, 620), radius=10, fill=hexc("e8f7ee"))
    text(draw, (220, 590), "Result: 19 h 06 min", 26, hexc("1c7a4a"), anchor="lm", bold=True)
    draw.rounded_rectangle((960, 90, 1220, 300), radius=16, fill=hexc("2a1f52"))
    text(draw, (985, 130), "Battery", 22, (230, 230, 250), anchor="lm", bold=True)
    draw.rounded_rectangle((985, 170, 1165, 230), radius=10, outline=(230, 230, 250), width=4)
    draw.rounded_rectangle((995, 180, 1120, 220), radius=6, fill=hexc("6ee7a8"))
    draw.rectangle((1167, 190, 1177, 210), fill=(230, 230, 250))
    text(draw, (985, 268), "72%  ·  13 h left", 22, (200, 200, 230), anchor="lm")
    draw.rounded_rectangle((w / 2 - 250, h - 84, w / 2 + 250, h - 16), radius=20, fill=hexc("2b2150"))
    for i, color in enumerate(("4f8ef7", "f7b84f", "5fd08a", "f06b6b", "b06bf0", "48c7d8", "eeeeee")):
        x = w / 2 - 220 + i * 66
        draw.rounded_rectangle((x, h - 72, x + 48, h - 28), radius=12, fill=hexc(color))
    return screen


def lid_front(screen: Image.Image, bezel: Color = (10, 10, 12), border: int = 36) -> Image.Image:
    """A laptop lid's inside: SCREEN in a thin black border with a webcam."""
    sw, sh = screen.size
    w, h = sw + 2 * border, sh + 2 * border + 12
    lid = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    lid.paste((*bezel, 255), (0, 0, w, h), rrect((0, 0, w, h), 40, (w, h)))
    lid.paste(screen, (border, border), rrect((0, 0, sw, sh), 10, (sw, sh)))
    draw = ImageDraw.Draw(lid)
    draw.ellipse((w / 2 - 7, border / 2 - 7, w / 2 + 7, border / 2 + 7), fill=(30, 32, 40))
    return lid


def laptop(scene: Image.Image, cam: Camera, rng: random.Random, origin: Vec, yaw: float, screen: Image.Image,
           metal: Stops, key: Color, opening: float = 110, size: tuple[float, float] = (31.2, 22.0),
           thickness: float = 1.3) -> tuple[Image.Image, list[Vec]]:
    """An open laptop whose base is centred on ORIGIN, turned YAW: its mask and its lid's corners."""
    width, depth = size
    u, fwd = rot_y((1, 0, 0), yaw), rot_y((0, 0, 1), yaw)
    top = [along(origin, (u, sx * width / 2), (fwd, sz * depth / 2), ((0, 1, 0), thickness))
           for sx, sz in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
    deck = keyboard_deck(rng, metal, key)
    covered = alpha(draw_slab(scene, cam, deck, top, (0, 1, 0), thickness,
                              [(0, mix(metal[-1][1], (0, 0, 0), 0.1)), (1, mix(metal[-1][1], (0, 0, 0), 0.55))]))
    chamfer = minus(covered, covered.filter(ImageFilter.MinFilter(3)))
    scene.paste(light(scene, chamfer, mix(metal[0][1], (255, 255, 255), 0.6), 0.6), (0, 0))
    a = math.radians(opening)
    lift = (math.cos(a) * fwd[0], math.sin(a), math.cos(a) * fwd[2])  # from the hinge to the lid's top
    facing = (math.sin(a) * fwd[0], -math.cos(a), math.sin(a) * fwd[2])
    hinge_l = along(origin, (u, -width / 2 + 0.4), (fwd, -depth / 2 + 0.3), ((0, 1, 0), thickness))
    height = depth - 1.2
    lid3 = [along(hinge_l, (lift, height)), along(hinge_l, (lift, height), (u, width - 0.8)),
            along(hinge_l, (u, width - 0.8)), hinge_l]
    texture = lid_front(screen)
    texture = texture.resize((texture.size[0], round(texture.size[0] * height / (width - 0.8))))
    lid = draw_slab(scene, cam, texture, lid3, facing, 0.55,
                    [(0, mix(metal[0][1], (0, 0, 0), 0.15)), (1, mix(metal[-1][1], (0, 0, 0), 0.3))])
    return either(covered, alpha(lid)), lid3


def slats(count: int = 12, size: int = 800) -> Image.Image:
    """Light through a blind: an RGBA texture of bright bands, to lay on a surface with warp."""
    bands = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(bands)
    pitch = size / count
    for i in range(count):
        draw.rectangle((0, i * pitch, size, i * pitch + pitch * 0.55), fill=255)
    return Image.merge("RGBA", (bands,) * 4)


def scene_aurora(rng: random.Random) -> Image.Image:
    cam = Camera((-16, 40, 100), (1, 7.5, -4), fov=32)
    wall = [(-150, 90, -45), (150, 90, -45), (150, 0, -45), (-150, 0, -45)]
    wall_y = cam((0, 0, -45))[1]
    room = colorize(linear((0, 0), (0, wall_y)), [(0, hexc("b9bec6")), (1, hexc("d6d8da"))])
    stone = colorize(curve(Image.blend(value_noise(rng, (60, 40), (1600, 1000)),
                                       value_noise(rng, (300, 200), (1600, 1000)), 0.4), smoothstep(0.2, 0.8)),
                     [(0, hexc("c2bcb4")), (1, hexc("d4cfc8"))])
    table = warp(stone, [cam(p) for p in (wall[3], wall[2], (150, 0, 70), (-150, 0, 70))])
    over(room, table)
    room = darken(room, both(alpha(table), linear((0, wall_y), (0, H))), 0.22, hexc("6a6660"))
    room = darken(room, falloff((W * 0.85, H * 0.3), (1100, 800), 0.7), 0.2, hexc("7d8aa0"))
    # Low sun through a blind on the left: bands of warm light across the table and the wall.
    on_table = alpha(warp(slats(), [cam(p) for p in ((-52, 0, -45), (-24, 0, -45), (-2, 0, 30), (-30, 0, 30))]))
    on_wall = alpha(warp(slats(9), [cam(p) for p in ((-70, 45, -45), (-38, 45, -45), (-24, 0, -45), (-56, 0, -45))]))
    room = light(room, both(blur(on_table, 4), alpha(table)), hexc("ffe2bc"), 0.7)
    room = light(room, minus(blur(on_wall, 6), alpha(table)), hexc("ffe2bc"), 0.5)
    room = darken(room, blur(stroke([cam(wall[3]), cam(wall[2])], 4), 5), 0.3)
    scene = Image.composite(blur(room, 7), room, curve(linear((0, wall_y + 220), (0, wall_y - 20)),
                                                       smoothstep(0, 1)))
    defocus(scene, lambda layer: _vase(cam, layer), 7)
    origin, yaw = (2, 0, -4), 30
    footprint = [cam(along(origin, (rot_y((1, 0, 0), yaw), sx * 16.2), (rot_y((0, 0, 1), yaw), sz * 11.6)))
                 for sx, sz in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
    shadow(scene, poly(footprint), 24, 0.4, (14, 4), hexc("3a3630"))
    shadow(scene, poly(footprint), 4, 0.6, (0, 3), hexc("2a2622"))
    metal = [(0, hexc("5d6470")), (0.5, hexc("4a505b")), (1, hexc("3b4049"))]
    seen, lid3 = laptop(scene, cam, rng, origin, yaw, desktop(rng), metal, hexc("1d2026"), thickness=1.0)
    # The glossy screen catches the window: a pale slanted reflection across it.
    glare = poly([cam(p) for p in on_face(lid3, (1, 1), (0.55, 0, 0.75, 1), 0, (0, 0, 0))][:2] +
                 [cam(p) for p in on_face(lid3, (1, 1), (0.4, 0, 0.5, 1), 0, (0, 0, 0))][2:])
    scene = light(scene, both(blur(glare, 10), seen), (255, 255, 255), 0.18)
    return scene


def _vase(cam: Camera, layer: Image.Image) -> Image.Image:
    """A stoneware vase with a few dried stems, far behind the laptop."""
    outline, rim = lathe(cam, (40, 0, -32), [(0, 4.0), (3, 5.6), (7, 6.2), (11, 5.0), (14, 3.0), (16, 2.6),
                                             (18, 3.1)])
    shadow(layer, poly(outline), 18, 0.3, (-30, 10), hexc("3a3630"))
    xs = [p[0] for p in outline]
    body = either(poly(outline), poly(rim))
    stems = either(*(stroke([cam((40, 17, -32)), cam((40 + dx, 17 + dy, -32 + dx / 2))], 5) for dx, dy in
                     ((-9, 22), (-3, 30), (4, 27), (10, 19), (1, 35))))
    fill(layer, hexc("b99a66"), stems)
    fill(layer, colorize(linear((min(xs), 0), (max(xs), 0)), [(0, hexc("efe4d3")), (0.35, hexc("f7efe4")),
                                                              (1, hexc("9e907c"))]), body)
    fill(layer, hexc("6f6352"), poly(rim), 0.8)
    return either(body, stems)


# --- 4. Halvard launch evening: a keynote stage, a big screen, the audience -----------------------

def keynote_slide(rng: random.Random) -> Image.Image:
    """The slide on the stage screen: a laptop on black, its name and its price."""
    slide = colorize(linear((0, 0), (0, H)), [(0, hexc("05060c")), (1, hexc("140d2a"))])
    slide = light(slide, falloff((W * 0.68, H * 0.6), (700, 360), 1.6), hexc("5b3fd0"), 0.6)
    cam = Camera((-6, 30, 120), (4, 7, -4), fov=30, shift=(330, 40))
    metal = [(0, hexc("c9ccd2")), (0.5, hexc("a9adb5")), (1, hexc("8a8f98"))]
    screen = colorize(linear((0, 0), (1280, 800), (1280, 800)), [(0, hexc("f06ba8")), (0.5, hexc("8a63e8")),
                                                                 (1, hexc("2f7de1"))])
    laptop(slide, cam, rng, (4, 0, -2), 24, screen, metal, hexc("2a2d33"))
    draw = ImageDraw.Draw(slide)
    text(draw, (110, 250), "Aurora 14", 118, (255, 255, 255), bold=True)
    text(draw, (114, 420), "Matte screen option", 46, hexc("cfc6ff"))
    text(draw, (114, 485), "75 Wh  ·  still fanless", 46, hexc("cfc6ff"))
    euro(draw, (114, 620), "1,499", 64, (255, 255, 255), bold=True)
    return slide


def person(cx: float, foot: float, height: float) -> Image.Image:
    """A standing presenter's mask, HEIGHT tall with feet at FOOT, centred on CX: head, jacket,
    trousers, one hand raised a little with a clicker."""
    h = height

    def at(dx: float, up: float) -> Point:
        return cx + dx * h, foot - up * h

    head = ellipse((*at(-0.065, 1.0), *at(0.065, 0.855)))
    neck = poly([at(-0.03, 0.88), at(0.03, 0.88), at(0.035, 0.8), at(-0.035, 0.8)])
    jacket = poly([at(-0.1, 0.83), at(0.1, 0.83), at(0.155, 0.8), at(0.165, 0.74), at(0.135, 0.5), at(0.14, 0.43),
                   at(-0.14, 0.43), at(-0.135, 0.5), at(-0.165, 0.74), at(-0.155, 0.8)])
    legs = either(poly([at(-0.125, 0.45), at(-0.005, 0.45), at(-0.02, 0.03), at(-0.095, 0.03)]),
                  poly([at(0.005, 0.45), at(0.125, 0.45), at(0.1, 0.03), at(0.025, 0.03)]))
    shoes = either(ellipse((*at(-0.115, 0.045), *at(-0.01, -0.005))), ellipse((*at(0.015, 0.045), *at(0.13, -0.005))))
    arm_l = stroke([at(-0.145, 0.76), at(-0.17, 0.6), at(-0.16, 0.46)], h * 0.07)
    arm_r = stroke([at(0.145, 0.76), at(0.18, 0.6), at(0.1, 0.55)], h * 0.07)
    hands = either(ellipse((*at(-0.19, 0.48), *at(-0.13, 0.42))), ellipse((*at(0.07, 0.58), *at(0.13, 0.52))))
    return blur(either(head, neck, jacket, legs, shoes, arm_l, arm_r, hands), 0.6)


def _audience_row(rng: random.Random, y: float, scale: float) -> tuple[Image.Image, Image.Image]:
    """Heads and shoulders along Y, and the rim of screen light on them."""
    heads = Image.new("L", SIZE, 0)
    x = rng.uniform(-60, 0)
    while x < W + 80:
        r = scale * rng.uniform(0.85, 1.1)
        cx, cy = x, y + rng.uniform(-0.15, 0.15) * scale
        heads = either(heads, ellipse((cx - r * 0.78, cy - r, cx + r * 0.78, cy + r)),
                       rrect((cx - r * 2.1, cy + r * 0.75, cx + r * 2.1, H + 40), r * 0.9))
        x += scale * rng.uniform(2.9, 3.6)
    rim = minus(heads, shifted(heads, 0, max(2, round(scale * 0.12))))
    return heads, rim


def scene_keynote(rng: random.Random) -> Image.Image:
    scene = colorize(linear((0, 0), (0, H)), [(0, hexc("06070c")), (0.6, hexc("0c0c16")), (1, hexc("050508"))])
    box = (300, 70, 1300, 570)
    slide = keynote_slide(rng).resize((box[2] - box[0], box[3] - box[1]), Image.Resampling.LANCZOS)
    lit = Image.new("RGB", SIZE, 0)
    lit.paste(slide, box[:2])
    screen_mask = rrect(box, 6)
    # Haze: the screen's light blooms into the air around it, and beams fall from the ceiling.
    scene = ImageChops.screen(scene, blur(lit, 60).point(lambda v: round(v * 0.9)))
    scene = ImageChops.screen(scene, blur(lit, 18).point(lambda v: round(v * 0.35)))
    for x_top, x_foot, color in ((180, 1150, hexc("fff0d8")), (1540, 1170, hexc("d8e4ff"))):
        cone = poly([(x_top - 16, -10), (x_top + 16, -10), (x_foot + 100, 650), (x_foot - 100, 650)])
        scene = light(scene, both(blur(cone, 26), curve(linear((0, 0), (0, 700)), lambda t: 0.3 + 0.7 * t)),
                      color, 0.2)
    fill(scene, lit, screen_mask)
    fill(scene, hexc("15151c"), stroke([(box[0] - 4, box[1] - 4), (box[2] + 4, box[1] - 4), (box[2] + 4, box[3] + 4),
                                        (box[0] - 4, box[3] + 4), (box[0] - 4, box[1] - 4)], 6))
    # The stage: a glossy black floor reflecting the screen, lit along its front edge.
    stage = poly([(120, 600), (1480, 600), (1600, 690), (0, 690)])
    fill(scene, hexc("0a0a10"), stage)
    mirror = Image.new("RGB", SIZE, 0)
    mirror.paste(blur(slide.transpose(Image.Transpose.FLIP_TOP_BOTTOM), 4).resize(
        (box[2] - box[0], 140)), (box[0], 602))
    scene = ImageChops.screen(scene, ImageChops.multiply(mirror, Image.merge("RGB", (
        scaled(both(stage, curve(linear((0, 600), (0, 690)), lambda t: (1 - t) ** 2)), 0.35),) * 3)))
    fill(scene, hexc("3b5bff"), blur(stroke([(0, 690), (1600, 690)], 3), 2), 0.9)
    scene = light(scene, blur(stroke([(0, 690), (1600, 690)], 10), 12), hexc("3b5bff"), 0.5)
    # The presenter, in a spotlight on the right of the screen.
    scene = light(scene, both(stage, falloff((1160, 650), (190, 38), 1.2)), hexc("fff0d8"), 0.6)
    figure = person(1160, 652, 215)
    shadow(scene, figure, 8, 0.6, (26, 0), hexc("000000"))
    fill(scene, colorize(linear((0, 440), (0, 652)), [(0, hexc("141218")), (1, hexc("09080b"))]), figure)
    scene = light(scene, blur(minus(figure, shifted(figure, -2, 3)), 0.8), hexc("ffd9a8"), 0.4)
    scene = light(scene, blur(minus(figure, shifted(figure, 2, 1)), 0.8), hexc("9fb4ff"), 0.2)
    # The audience: three rows of heads, softer the nearer they are, rimmed with screen light.
    for y, scale, radius in ((735, 26, 1.5), (800, 40, 4), (905, 64, 9)):
        heads, rim = _audience_row(rng, y, scale)
        layer = scene.copy()
        fill(layer, hexc("040406"), heads)
        layer = light(layer, rim, hexc("a9b8ff"), 0.55)
        scene.paste(blur(layer, radius), (0, 0), blur(heads, radius))
    for x, y, tilt in ((420, 700, -8), (1290, 735, 6)):
        _raised_phone(scene, slide, x, y, tilt)
    return bokeh(scene, rng, 10, (0, 0, W, 60), [hexc("ffcf8a"), hexc("ffe2b8")], (6, 14), 0.5, 1.5)


def _raised_phone(scene: Image.Image, slide: Image.Image, x: float, y: float, tilt: float) -> None:
    """Someone in the audience holding up a phone to film the slide."""
    w, h = 118, 66
    phone = Image.new("RGBA", (w + 16, h + 16), (0, 0, 0, 0))
    pd = ImageDraw.Draw(phone)
    pd.rounded_rectangle((0, 0, w + 15, h + 15), radius=12, fill=(14, 14, 18, 255))
    phone.paste(slide.resize((w, h), Image.Resampling.LANCZOS), (8, 8))
    phone = phone.rotate(tilt, resample=Image.Resampling.BICUBIC, expand=True)
    arm = either(stroke([(x + 10, H + 20), (x + 30, y + 160), (x + 6, y + 40)], 34),
                 ellipse((x - 26, y + 10, x + 40, y + 70)))
    fill(scene, hexc("08080c"), blur(arm, 3))
    scene.paste(light(scene, blur(minus(arm, shifted(arm, 0, 4)), 2), hexc("8f88ff"), 0.5), (0, 0))
    scene.paste(phone, (round(x - phone.size[0] / 2), round(y - phone.size[1] / 2)), phone)
    scene.paste(light(scene, falloff((x, y), (120, 90), 1.5), hexc("7d6bff"), 0.25), (0, 0))


# --- 5. Back-to-school deals: laptops in a row on a shop table, with price tags -------------------

def store_screen(rng: random.Random, stops: Stops, size: tuple[int, int] = (1280, 800)) -> Image.Image:
    """A demo-mode laptop screen: a wallpaper and a couple of windows."""
    w, h = size
    screen = colorize(linear((0, 0), (w, h), size), stops)
    screen = light(screen, falloff((w * rng.uniform(0.2, 0.8), h * 0.3), (600, 420), 1.5, size), (255, 255, 255),
                   0.25)
    draw = ImageDraw.Draw(screen)
    draw.rectangle((0, 0, w, 30), fill=(20, 20, 28))
    x, y = rng.uniform(120, 300), rng.uniform(110, 200)
    draw.rounded_rectangle((x, y, x + 620, y + 420), radius=14, fill=(248, 248, 250))
    draw.rectangle((x, y, x + 620, y + 44), fill=(232, 232, 238))
    for i in range(6):
        draw.rounded_rectangle((x + 40, y + 90 + i * 50, x + 40 + rng.uniform(250, 520), y + 108 + i * 50),
                               radius=8, fill=(205, 206, 218))
    draw.rounded_rectangle((w - 420, h - 300, w - 120, h - 110), radius=14, fill=(30, 30, 40))
    return screen


def price_tag(was: str, now: str, cut: str, size: tuple[int, int] = (420, 280)) -> Image.Image:
    """A shelf price card: a red band with the discount, the new price, the old one struck out."""
    w, h = size
    tag = Image.new("RGBA", size, (0, 0, 0, 0))
    tag.paste((250, 250, 247, 255), (0, 0, w, h), rrect((0, 0, w, h), 14, size))
    draw = ImageDraw.Draw(tag)
    draw.rounded_rectangle((0, 0, w, 74), radius=14, fill=hexc("d7263d"))
    draw.rectangle((0, 40, w, 74), fill=hexc("d7263d"))
    text(draw, (26, 38), "DEAL", 40, (255, 255, 255), anchor="lm", bold=True)
    text(draw, (w - 26, 38), cut, 40, (255, 255, 255), anchor="rm", bold=True)
    euro(draw, (26, 150), now, 86, hexc("1b1b22"), bold=True)
    end = euro(draw, (30, 232), was, 38, hexc("8a8a92"))
    draw.line((24, 234, end + 4, 228), fill=hexc("d7263d"), width=4)
    return tag


def _shop_background(rng: random.Random, horizon: float) -> Image.Image:
    """A shop floor far behind the table: shelves of boxes, a banner, ceiling lights; all soft."""
    back = colorize(linear((0, 0), (0, horizon)), [(0, hexc("d9dde3")), (1, hexc("b7b4ae"))])
    draw = ImageDraw.Draw(back)
    for row in range(3):
        y = 140 + row * 120
        draw.rectangle((0, y + 90, W, y + 100), fill=hexc("8e8a84"))
        x = rng.uniform(-40, 0)
        while x < W:
            bw = rng.uniform(40, 90)
            color = rng.choice([hexc("2f6fd6"), hexc("e8e8e8"), hexc("f0a030"), hexc("3a3a44"), hexc("d94a4a"),
                                hexc("48b07a")])
            draw.rectangle((x, y + 90 - rng.uniform(50, 85), x + bw, y + 90), fill=color)
            x += bw + rng.uniform(4, 16)
    draw.rectangle((820, 40, 1450, 140), fill=hexc("d7263d"))
    text(draw, (1135, 92), "BACK TO SCHOOL", 64, (255, 255, 255), anchor="mm", bold=True)
    back = blur(back, 12)
    return bokeh(back, rng, 14, (0, -20, W, 60), [(255, 255, 255), hexc("fff4e0")], (18, 34), 0.7, 2)


def scene_deals(rng: random.Random) -> Image.Image:
    cam = Camera((-100, 50, 128), (36, 3, -6), fov=30, shift=(185, 0))
    far_edge = [cam((-150, 0, -30)), cam((300, 0, -30))]
    horizon = max(p[1] for p in far_edge)
    scene = _shop_background(rng, horizon + 40)
    oak = wood(rng, (2000, 600), [(0, hexc("b48a5e")), (0.5, hexc("caa277")), (1, hexc("dcb98e"))], planks=4)
    top = warp(oak, [cam(p) for p in ((-150, 0, -30), (300, 0, -30), (300, 0, 50), (-100, 0, 50))])
    edge = [cam(p) for p in ((-100, 0, 50), (300, 0, 50), (300, -4, 50), (-100, -4, 50))]
    fill(scene, colorize(linear(edge[0], edge[3]), [(0, hexc("9a7048")), (1, hexc("6e4e31"))]), poly(edge))
    over(scene, top)
    scene = light(scene, both(alpha(top), falloff((W * 0.45, H * 0.55), (1200, 500), 1.2)), hexc("fff6e8"), 0.3)
    scene = darken(scene, blur(stroke(far_edge, 3), 3), 0.3)
    machines = [  # x, metal, key colour, wallpaper, was, now, discount
        (96, [(0, hexc("2f3136")), (1, hexc("1f2125"))], hexc("0f1012"),
         [(0, hexc("1c2a4a")), (1, hexc("5aa0d8"))], "1,099", "899", "-18%"),
        (60, [(0, hexc("9fb3c8")), (1, hexc("7b8ea3"))], hexc("2b3440"),
         [(0, hexc("0f766e")), (1, hexc("a3e635"))], "799", "649", "-19%"),
        (24, [(0, hexc("e3d3c4")), (1, hexc("c4ab96"))], hexc("3b342e"),
         [(0, hexc("f59e0b")), (1, hexc("db2777"))], "999", "849", "-15%"),
        (-12, [(0, hexc("5d6470")), (1, hexc("3b4049"))], hexc("1d2026"),
         [(0, hexc("f06ba8")), (1, hexc("2f7de1"))], "1,399", "1,229", "-12%"),
    ]
    for x, metal, key, stops, was, now, cut in machines:
        depth = cam.depth((x, 8, 0)) - cam.depth((-12, 8, 0))
        radius = max(0.0, depth / 14)

        def paint(layer: Image.Image, x: float = x, metal: Stops = metal, key: Color = key, stops: Stops = stops,
                  was: str = was, now: str = now, cut: str = cut) -> Image.Image:
            foot = [cam(p) for p in ((x - 16, 0, -12), (x + 16, 0, -12), (x + 16, 0, 11), (x - 16, 0, 11))]
            shadow(layer, poly(foot), 16, 0.35, (10, 4), hexc("5a5650"))
            seen, _ = laptop(layer, cam, rng, (x, 0, 0), 0, store_screen(rng, stops), metal, key,
                             size=(30.4, 21.4), thickness=1.2)
            card = [(x - 6.5, 6.6, 17.5), (x + 6.5, 6.6, 17.5), (x + 6.5, 0.2, 15.8), (x - 6.5, 0.2, 15.8)]
            shadow(layer, poly([cam((cx, 0, cz - 2)) for cx, _, cz in card]), 6, 0.35, (4, 2))
            tag = warp(price_tag(was, now, cut), [cam(p) for p in card])
            over(layer, tag)
            return either(seen, poly(foot), alpha(tag))

        defocus(scene, paint, radius)
    return scene


# --- 6. Vega Go review: a handheld gaming PC standing on a desk, screen lit -----------------------

def game_frame(rng: random.Random, size: tuple[int, int] = (960, 600)) -> Image.Image:
    """A game: a dusk valley in layers, a lone traveller on the path, and the game's HUD."""
    w, h = size
    frame = colorize(linear((0, 0), (0, h * 0.62), size), [(0, hexc("2b1b5a")), (0.55, hexc("c2508a")),
                                                           (1, hexc("ffb067"))])
    frame = light(frame, falloff((w * 0.64, h * 0.5), (200, 160), 1.4, size), hexc("ffe2a8"), 0.9)
    draw = ImageDraw.Draw(frame)
    draw.ellipse((w * 0.64 - 44, h * 0.5 - 44, w * 0.64 + 44, h * 0.5 + 44), fill=hexc("fff0cf"))
    for layer, (base, color) in enumerate(((0.55, hexc("8a3f7a")), (0.64, hexc("5b2a66")), (0.74, hexc("35204f")),
                                          (0.86, hexc("1b1533")))):
        points = [(0.0, float(h))]
        x, y = 0.0, h * base
        while x <= w:
            points.append((x, y))
            x += rng.uniform(30, 90)
            y = h * base + rng.uniform(-1, 1) * h * (0.09 - layer * 0.015)
        points += [(float(w), y), (float(w), float(h))]
        draw.polygon(points, fill=color)
    draw.polygon([(w * 0.46, h), (w * 0.54, h), (w * 0.51, h * 0.8), (w * 0.495, h * 0.8)], fill=hexc("c78a6a"))
    draw.ellipse((w * 0.497, h * 0.79, w * 0.513, h * 0.81), fill=hexc("0d0a18"))
    draw.polygon([(w * 0.495, h * 0.84), (w * 0.515, h * 0.84), (w * 0.512, h * 0.8), (w * 0.498, h * 0.8)],
                 fill=hexc("0d0a18"))
    draw.rounded_rectangle((26, 24, 246, 44), radius=10, fill=(20, 16, 30))
    draw.rounded_rectangle((30, 28, 190, 40), radius=6, fill=hexc("ff5a6e"))
    draw.ellipse((w - 126, 20, w - 24, 122), fill=(20, 16, 30), outline=(240, 230, 255), width=3)
    draw.polygon([(w - 75, 52), (w - 68, 76), (w - 82, 76)], fill=hexc("ffd36b"))
    text(draw, (w - 30, h - 30), "Ridgewalk", 26, (255, 240, 230), anchor="rb", bold=True)
    return frame


def handheld_front(rng: random.Random, screen: Image.Image) -> Image.Image:
    """The Vega Go face on: a charcoal body with grips, sticks, D-pad, face buttons, the screen."""
    w, h = 1400, 620
    size = (w, h)
    body = either(rrect((0, 0, w, h - 60), 150, size), ellipse((0, 180, 360, h)), ellipse((w - 360, 180, w, h)))
    shell = colorize(linear((0, 0), (0, h), size), [(0, hexc("3a3d44")), (0.5, hexc("2a2c31")), (1, hexc("1c1d21"))])
    shell = Image.blend(shell, colorize(blur(noise(rng, size), 0.8), [(0, hexc("24262b")), (1, hexc("3a3d44"))]), 0.15)
    face = Image.new("RGBA", size, (0, 0, 0, 0))
    face.paste(shell, (0, 0), body)
    sx0, sy0 = 330, 50
    fill(face, (8, 8, 10), rrect((sx0 - 16, sy0 - 16, w - sx0 + 16, sy0 + 460 + 16), 22, size))
    placed = Image.new("RGB", size)
    placed.paste(screen.resize((w - 2 * sx0, 460), Image.Resampling.LANCZOS), (sx0, sy0))
    fill(face, placed, rrect((sx0, sy0, w - sx0, sy0 + 460), 8, size))
    draw = ImageDraw.Draw(face)
    for cx, cy in ((165, 150), (w - 165, 370)):  # thumbsticks
        draw.ellipse((cx - 78, cy - 78, cx + 78, cy + 78), fill=(14, 14, 17))
        draw.ellipse((cx - 62, cy - 62, cx + 62, cy + 62), fill=(48, 50, 56))
        draw.ellipse((cx - 50, cy - 50, cx + 50, cy + 50), fill=(36, 38, 43))
        draw.ellipse((cx - 40, cy - 46, cx + 30, cy - 10), fill=(62, 65, 72))
    cx, cy = 165, 370  # D-pad
    draw.rounded_rectangle((cx - 22, cy - 70, cx + 22, cy + 70), radius=8, fill=(20, 20, 24))
    draw.rounded_rectangle((cx - 70, cy - 22, cx + 70, cy + 22), radius=8, fill=(20, 20, 24))
    for label, (dx, dy), color in (("Y", (0, -56), hexc("f2c94c")), ("B", (56, 0), hexc("eb5757")),
                                   ("A", (0, 56), hexc("6fcf97")), ("X", (-56, 0), hexc("56ccf2"))):
        bx, by = w - 165 + dx, 150 + dy
        draw.ellipse((bx - 28, by - 28, bx + 28, by + 28), fill=(22, 22, 26))
        text(draw, (bx, by + 1), label, 26, color, anchor="mm", bold=True)
    for x in (300, w - 300):
        draw.rounded_rectangle((x - 18, 545, x + 18, 562), radius=8, fill=(18, 18, 22))
    text(draw, (w / 2, 548), "VEGA", 26, hexc("ff7a3d"), anchor="mm", bold=True)
    return face


def scene_vega(rng: random.Random) -> Image.Image:
    cam = Camera((-11, 18, 70), (1.5, 6.2, 0), fov=34)
    horizon = cam((0, 0, -60))[1]
    scene = colorize(linear((0, 0), (0, horizon)), [(0, hexc("0b0a14")), (1, hexc("1a1530"))])
    scene = light(scene, falloff((260, horizon - 140), (520, 260), 1.5), hexc("7b2ff7"), 0.55)
    scene = light(scene, falloff((1380, horizon - 180), (480, 240), 1.5), hexc("00b3c7"), 0.45)
    scene = bokeh(scene, rng, 22, (0, 40, W, horizon - 40), [hexc("9b5cff"), hexc("2fd0e0"), hexc("ff7a3d")],
                  (10, 36), 0.55, 3)
    desk = colorize(linear((0, horizon), (0, H)), [(0, hexc("141220")), (1, hexc("07070b"))])
    fill(scene, desk, poly([(0, horizon), (W, horizon), (W, H), (0, H)]))
    scene = blur(scene, 2)
    face3, u, _v, n = slab((0, 0, 0), 28, 12.4, 14, 12)
    texture = handheld_front(rng, game_frame(rng))
    sides = [(0, hexc("4a4d55")), (1, hexc("16171a"))]
    # The glossy desk mirrors the handheld and its glow.
    mirror = scene.copy()
    seen = alpha(draw_slab(mirror, cam, texture, mirrored(face3), (n[0], -n[1], n[2]), 2.6, sides))
    base_y = cam((0, 0, 0))[1]
    scene.paste(blur(mirror, 3), (0, 0), scaled(both(blur(seen, 3), curve(linear((0, base_y), (0, base_y + 220)),
                                                                        lambda t: (1 - t) ** 2)), 0.3))
    shadow(scene, poly([cam(along((0, 0, 0), (u, s), (n, t))) for s, t in ((-14, -3), (14, -3), (14, 1), (-14, 1))]),
           10, 0.7)
    layer = draw_slab(scene, cam, texture, face3, n, 2.6, sides)
    body = alpha(layer)
    scene = light(scene, blur(minus(body, shifted(body, 5, 0)), 1.5), hexc("b57bff"), 0.8)
    scene = light(scene, blur(minus(body, shifted(body, -5, 0)), 1.5), hexc("3fe0f0"), 0.7)
    quad = [cam(p) for p in face3]
    sheen = curve(linear(quad[0], quad[2]), lambda t: max(0.0, 1 - abs(t - 0.35) * 6) ** 1.5)
    scene = light(scene, both(body, sheen), (255, 255, 255), 0.08)
    glow = falloff(cam((0, 0, 4)), (520, 110), 1.5)
    return light(scene, glow, hexc("ff8a5a"), 0.25)


# --- 7. Kestrel 27 OLED review: a monitor glowing on a desk in a dark room ------------------------

def night_city(rng: random.Random, size: tuple[int, int] = (1280, 720)) -> Image.Image:
    """A game at night: towers against the city's glow, lit windows, neon signs, a wet street."""
    w, h = size
    horizon = round(h * 0.64)
    frame = colorize(linear((0, 0), (0, horizon), size), [(0, hexc("03040c")), (0.6, hexc("1d1248")),
                                                          (1, hexc("a8337a"))])
    frame = light(frame, falloff((w * 0.55, horizon), (700, 260), 1.3, size), hexc("ff7a59"), 0.45)
    draw = ImageDraw.Draw(frame)
    for depth, (top_c, lit) in enumerate(((hexc("2a1d52"), 0.25), (hexc("160f33"), 0.4), (hexc("07060f"), 0.55))):
        x = rng.uniform(-60, 0)
        while x < w:
            bw = rng.uniform(60, 140) * (1 + depth * 0.35)
            top = horizon - rng.uniform(90, 330) * (1 - depth * 0.25)
            draw.rectangle((x, top, x + bw, horizon), fill=top_c)
            for wy in range(round(top) + 12, horizon - 8, 15):
                for wx in range(round(x) + 8, round(x + bw) - 8, 13):
                    if rng.random() < lit * 0.4:
                        draw.rectangle((wx, wy, wx + 6, wy + 7), fill=rng.choice(
                            [hexc("ffc46b"), hexc("ffe2b0"), hexc("7fc8ff")]))
            x += bw + rng.uniform(0, 24)
    signs = Image.new("RGB", size, 0)
    sdraw = ImageDraw.Draw(signs)
    for x, y, color, word in ((200, horizon - 150, hexc("ff3ea5"), "NOODLES"), (760, horizon - 220, hexc("2de2ff"),
                              "HOTEL"), (1060, horizon - 110, hexc("ffb02e"), "24H")):
        text(sdraw, (x, y), word, 42, color, anchor="mm", bold=True)
    frame = ImageChops.screen(frame, ImageChops.screen(signs, blur(signs, 12)))
    street = colorize(linear((0, horizon), (0, h), size), [(0, hexc("120c26")), (1, hexc("040308"))])
    wet = frame.crop((0, 2 * horizon - h, w, horizon)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    frame.paste(Image.blend(street.crop((0, horizon, w, h)), blur(wet, 6), 0.4), (0, horizon))
    lights = Image.new("RGB", size, 0)
    ldraw = ImageDraw.Draw(lights)
    for i in range(5):
        x = 380 + i * 130
        ldraw.ellipse((x - 7, h * 0.84 - 3, x + 7, h * 0.84 + 3), fill=hexc("ff3b30") if i % 2 else hexc("fff6e0"))
    return ImageChops.screen(frame, ImageChops.screen(lights, blur(lights, 10)))


def monitor_front(screen: Image.Image) -> Image.Image:
    sw, sh = screen.size
    border = 14
    w, h = sw + 2 * border, sh + 2 * border + 26
    face = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    face.paste((16, 16, 19, 255), (0, 0, w, h), rrect((0, 0, w, h), 10, (w, h)))
    face.paste(screen, (border, border))
    draw = ImageDraw.Draw(face)
    text(draw, (w / 2, h - 15), "KESTREL", 13, (120, 122, 130), anchor="mm")
    draw.ellipse((w - 40, h - 18, w - 34, h - 12), fill=(255, 255, 255))
    return face


def scene_kestrel(rng: random.Random) -> Image.Image:
    cam = Camera((-48, 58, 152), (6, 21, 0), fov=36, shift=(150, 0))
    wall_y = cam((0, 0, -32))[1]
    room = colorize(linear((0, 0), (0, wall_y)), [(0, hexc("07080d")), (1, hexc("111019"))])
    room = light(room, falloff(cam((3, 30, -32)), (700, 420), 1.3), hexc("4a34b0"), 0.65)
    room = light(room, falloff(cam((3, 30, -32)), (380, 240), 1.5), hexc("ff5db1"), 0.35)
    desk_texture = wood(rng, (1600, 900), [(0, hexc("140d09")), (0.5, hexc("23170f")), (1, hexc("342318"))])
    desk = warp(desk_texture, [cam(p) for p in ((-90, 0, -32), (100, 0, -32), (100, 0, 60), (-90, 0, 60))])
    over(room, desk)
    room = light(room, both(alpha(desk), falloff(cam((3, 0, -8)), (620, 170), 1.3)), hexc("6a5adf"), 0.5)
    room = blur(room, 3)
    panel3, u, _v, n = slab((4, 11.5, -15), 61.5, 36.4, -4, 4)
    base = [along((4, 1.2, -15), (u, sx), (rot_y((0, 0, 1), -4), sz)) for sx, sz in
            ((-13, -11), (13, -11), (13, 8), (-13, 8))]
    shadow(room, poly([cam((x, 0, z)) for x, _, z in base]), 10, 0.8)
    fill(room, hexc("1b1c20"), poly([cam((x, 0, z)) for x, _, z in base]))
    fill(room, colorize(linear(cam(base[0]), cam(base[2])), [(0, hexc("2e3036")), (1, hexc("3d4047"))]),
         poly([cam(p) for p in base]))
    neck = [cam(p) for p in (along((4, 30, -19), (u, -3.5)), along((4, 30, -19), (u, 3.5)),
                             along((4, 1.2, -18), (u, 3.5)), along((4, 1.2, -18), (u, -3.5)))]
    fill(room, colorize(linear(neck[0], neck[1]), [(0, hexc("3a3c42")), (1, hexc("1f2024"))]), poly(neck))
    screen = night_city(rng)
    face = draw_slab(room, cam, monitor_front(screen), panel3, n, 1.6, [(0, hexc("3a3b40")), (1, hexc("121316"))])
    quad = [cam(p) for p in panel3]
    room = light(room, both(alpha(face), curve(linear(quad[0], quad[2]), lambda t: max(0.0, 1 - abs(t - 0.3) * 5))),
                 (255, 255, 255), 0.05)
    bloom = Image.new("RGB", SIZE, 0)
    bloom.paste(face, (0, 0), face)
    room = ImageChops.screen(room, blur(bloom, 40).point(lambda c: round(c * 0.45)))
    defocus(room, lambda layer: _keyboard(cam, layer), 6)
    return room


def _keyboard(cam: Camera, layer: Image.Image) -> Image.Image:
    """A black keyboard and a mouse in front of the monitor, faintly lit by it."""
    size = (1500, 500)
    board = Image.new("RGBA", size, (0, 0, 0, 0))
    board.paste((22, 22, 26, 255), (0, 0, *size), rrect((0, 0, *size), 30, size))
    draw = ImageDraw.Draw(board)
    unit = (size[0] - 80) / 15
    for r, widths in enumerate(KEY_ROWS):
        kx, y = 40, 40 + r * 84
        for k in widths:
            draw.rounded_rectangle((kx + 5, y + 5, kx + k * unit - 5, y + 78), radius=10, fill=(120, 96, 220))
            draw.rounded_rectangle((kx + 9, y + 9, kx + k * unit - 9, y + 74), radius=8, fill=(44, 44, 52))
            draw.line((kx + 16, y + 12, kx + k * unit - 16, y + 12), fill=(92, 90, 120), width=3)
            kx += k * unit
    face3 = [(-22, 2.4, 20), (22, 2.4, 17), (22, 2.4, 31), (-22, 2.4, 34)]
    shadow(layer, poly([cam((x, 0, z)) for x, _, z in face3]), 8, 0.7, (0, 6))
    seen = alpha(draw_slab(layer, cam, board, face3, (0, 1, 0), 2.4, [(0, hexc("1a1a1e")), (1, hexc("0a0a0c"))]))
    c = cam((32.5, 1.5, 26))
    mouse = ellipse((c[0] - 42, c[1] - 30, c[0] + 42, c[1] + 30))
    shadow(layer, mouse, 8, 0.7, (0, 8))
    fill(layer, colorize(linear((0, cam((32.5, 3, 22))[1]), (0, cam((32.5, 0, 30))[1])),
                         [(0, hexc("4a4a55")), (1, hexc("141418"))]), mouse)
    return either(seen, mouse)


# --- 8. Pulse Band 3 review: a fitness band on wet slate ------------------------------------------

def slate(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Dark slate: layered blotches, a fine grain, and a few pale veins."""
    w, h = size
    blotches = Image.blend(value_noise(rng, (10, 8), size), value_noise(rng, (120, 90), size), 0.45)
    grain = blur(noise(rng, size), 0.8)
    stone = colorize(Image.blend(blotches, grain, 0.3), [(0, hexc("1f2428")), (0.5, hexc("30363b")),
                                                          (1, hexc("434a50"))])
    veins = Image.new("L", size, 0)
    vdraw = ImageDraw.Draw(veins)
    for _ in range(2):
        x, y = rng.uniform(0, w / 2), rng.uniform(0, h)
        points = [(x, y)]
        for _ in range(30):
            x += rng.uniform(10, 50)
            y += rng.uniform(-18, 18)
            points.append((x, y))
        vdraw.line(points, fill=255, width=2)
    return light(stone, blur(veins, 1.5), hexc("8a939c"), 0.2)


def band_strap(size: tuple[int, int], path: Sequence[Point], width: float, color: Color) -> Image.Image:
    """A silicone strap lying flat along PATH (texture pixels): soft edges, a sheen, buckle holes."""
    strap = Image.new("RGBA", size, (0, 0, 0, 0))
    shape = stroke(path, width, size)
    strap.paste((*color, 255), (0, 0, *size), shape)
    core = stroke(path, width * 0.45, size)
    strap.paste((*mix(color, (255, 255, 255), 0.12), 255), (0, 0, *size), blur(core, width * 0.2))
    edge = minus(shape, shape.filter(ImageFilter.MinFilter(5)))
    strap.paste((*mix(color, (0, 0, 0), 0.35), 255), (0, 0, *size), blur(edge, 2))
    draw = ImageDraw.Draw(strap)
    for i in range(3, 11):  # the holes along the tail
        x, y = path[i]
        draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill=(*mix(color, (0, 0, 0), 0.55), 255))
    hx, hy = path[-3]
    draw.rounded_rectangle((hx - 30, hy - width / 2 - 6, hx + 16, hy + width / 2 + 6), radius=14,
                           outline=(176, 182, 190, 255), width=10)
    return strap


def band_display(size: tuple[int, int] = (560, 300)) -> Image.Image:
    """The band's face: black glass around a small AMOLED screen with heart rate and a trace."""
    w, h = size
    face = Image.new("RGBA", size, (0, 0, 0, 0))
    face.paste((14, 15, 18, 255), (0, 0, w, h), rrect((0, 0, w, h), 110, size))
    draw = ImageDraw.Draw(face)
    draw.rounded_rectangle((70, 36, w - 70, h - 36), radius=40, fill=(3, 3, 5))
    hx, hy, r = 150, 128, 22
    draw.ellipse((hx - 2 * r, hy - r, hx, hy + r), fill=hexc("ff4d6d"))
    draw.ellipse((hx, hy - r, hx + 2 * r, hy + r), fill=hexc("ff4d6d"))
    draw.polygon([(hx - 2 * r + 2, hy + 6), (hx + 2 * r - 2, hy + 6), (hx, hy + 2.4 * r)], fill=hexc("ff4d6d"))
    text(draw, (300, 135), "62", 110, (245, 245, 250), anchor="mm", bold=True)
    text(draw, (410, 160), "bpm", 32, hexc("9aa3ad"), anchor="mm")
    trace = [(110, 222), (170, 222), (186, 200), (202, 246), (220, 186), (238, 222), (330, 222), (346, 208),
             (360, 236), (374, 222), (450, 222)]
    draw.line(trace, fill=hexc("2dd4bf"), width=7, joint="curve")
    return face


def scene_band(rng: random.Random) -> Image.Image:
    cam = Camera((-4, 24, 21), (0.8, 0, -1.0), fov=40, shift=(0, 80))
    area = [(-30, 0, -26), (30, 0, -26), (30, 0, 22), (-30, 0, 22)]
    stone = slate(rng, (1500, 1200))
    ground = warp(stone, [cam(p) for p in area])
    scene = Image.new("RGB", SIZE, hexc("1c2024"))
    over(scene, ground)
    scene = light(scene, falloff(cam((-14, 0, -14)), (1100, 700), 1.3), hexc("dbe6f0"), 0.3)
    scene = darken(scene, falloff(cam((14, 0, 16)), (900, 500), 1.0), 0.3)
    # The strap, lying flat: a texture on a plane just above the stone, with its shadow.
    tex_size = (1500, 1200)  # 25 px to the centimetre over the same 60 × 48 cm as the stone
    path = [(300 + i * 45, 600 + 150 * math.sin((i - 10) / 5.5) - 10 * (i - 10) ** 2 / 10) for i in range(21)]
    strap = band_strap(tex_size, path, 46, hexc("2f6f73"))
    shadow(scene, alpha(warp(strap, [cam(p) for p in area])), 6, 0.6, (6, 8))
    lifted = [(x, 0.3, z) for x, _, z in area]
    over(scene, warp(strap, [cam(p) for p in lifted]))
    # The pod on the middle of the strap, a thick pebble of black glass with its screen lit.
    mx, my = path[10]
    center = (mx / 25 - 30, 0, my / 25 - 26)
    dx, dz = path[11][0] - path[9][0], path[11][1] - path[9][1]
    length = math.hypot(dx, dz)
    ahead, across = (dx / length, 0.0, dz / length), (-dz / length, 0.0, dx / length)
    top = [along(center, (ahead, sx * 2.15), (across, sz * 1.15), ((0, 1, 0), 1.2)) for sx, sz in
           ((-1, -1), (1, -1), (1, 1), (-1, 1))]
    shadow(scene, poly([cam((x, 0, z)) for x, _, z in top]), 10, 0.7, (10, 12))
    face = draw_slab(scene, cam, band_display(), top, (0, 1, 0), 0.9, [(0, hexc("5a6068")), (1, hexc("1a1c20"))])
    quad = [cam(p) for p in top]
    glint = curve(linear(quad[0], quad[2]), lambda t: max(0.0, 1 - abs(t - 0.25) * 4) ** 2)
    scene = light(scene, both(alpha(face), glint), (255, 255, 255), 0.12)
    scene = light(scene, falloff(cam(center), (160, 120), 1.5), hexc("2dd4bf"), 0.08)
    _droplets(rng, cam, scene)
    # Depth of field: the far stone softens.
    focus = cam(center)[1]
    return Image.composite(blur(scene, 7), scene, curve(linear((0, focus - 120), (0, 0)), smoothstep(0, 1)))


def _droplets(rng: random.Random, cam: Camera, scene: Image.Image) -> None:
    """Beads of water on the slate: a dark lens, a bright glint, light focused on the far side."""
    for _ in range(14):
        x, z = rng.uniform(-13, 13), rng.uniform(-5, 9)
        if abs(z - 0.05 * x * x) < 3.5:
            continue
        c = cam((x, 0, z))
        r = rng.uniform(12, 34)
        box = (c[0] - r, c[1] - r * 0.8, c[0] + r, c[1] + r * 0.8)
        shadow(scene, ellipse(box), r * 0.25, 0.45, (round(r * 0.3), round(r * 0.35)))
        fill(scene, hexc("2a3036"), ellipse(box), 0.7)
        scene.paste(light(scene, blur(ellipse((c[0] - r * 0.2, c[1], c[0] + r * 0.8, c[1] + r * 0.7)), r * 0.2),
                          hexc("cfe0ea"), 0.35), (0, 0))
        fill(scene, (255, 255, 255), ellipse((c[0] - r * 0.55, c[1] - r * 0.5, c[0] - r * 0.15, c[1] - r * 0.2)),
             0.9)


# --- 9. Cloud outage: a data-centre aisle, racks of blinking servers, one in trouble --------------

def rack_front(rng: random.Random, trouble: bool, size: tuple[int, int] = (240, 800)
               ) -> tuple[Image.Image, Image.Image]:
    """A rack seen from the aisle: servers behind a black frame, and its lights alone (for glow)."""
    w, h = size
    face = Image.new("RGB", size, (12, 13, 16))
    lights = Image.new("RGB", size, 0)
    draw, ldraw = ImageDraw.Draw(face), ImageDraw.Draw(lights)
    draw.rectangle((0, 0, w - 1, h - 1), outline=(30, 32, 38), width=8)
    y = 20
    while y < h - 30:
        units = rng.choice((1, 1, 2, 2, 4))
        height = units * 14
        draw.rectangle((14, y, w - 14, y + height - 2), fill=rng.choice([(28, 30, 36), (22, 24, 28), (40, 42, 48)]))
        for vx in range(40, w - 60, 10):
            draw.line((vx, y + 3, vx, y + height - 5), fill=(16, 17, 20), width=3)
        for i in range(rng.randint(1, 3)):
            color = rng.choice([hexc("3da5ff"), hexc("3da5ff"), hexc("3cff8f"), hexc("5ad1ff")])
            if trouble and rng.random() < 0.7:
                color = hexc("ff2a2a")
            lx = w - 40 + i * 9
            ly = y + height / 2
            ldraw.rectangle((lx - 2, ly - 2, lx + 2, ly + 2), fill=color)
        y += height + rng.choice((0, 2, 2, 6))
    if trouble:  # the rack in trouble: its door's light bar has turned red
        ldraw.rectangle((w - 16, 30, w - 4, h - 30), fill=hexc("ff3030"))
    return ImageChops.screen(face, lights), lights


def scene_aisle(rng: random.Random) -> Image.Image:
    cam = Camera((-14, 160, 240), (6, 105, -900), fov=52)
    fog = hexc("0c1a2c")
    scene = Image.new("RGB", SIZE, fog)
    glow = Image.new("RGB", SIZE, 0)
    floor_tiles = Image.new("RGB", (240, 3200), hexc("272d35"))
    fdraw = ImageDraw.Draw(floor_tiles)
    for ty in range(0, 3200, 120):
        for tx in (0, 120):
            if (ty // 120 + tx // 120) % 3 == 0:  # perforated tiles
                for py in range(ty + 14, ty + 110, 10):
                    for px in range(tx + 14, tx + 110, 10):
                        fdraw.point((px, py), fill=hexc("14181d"))
        fdraw.line((0, ty, 240, ty), fill=hexc("15191e"), width=3)
    fdraw.line((120, 0, 120, 3200), fill=hexc("15191e"), width=3)
    floor = warp(floor_tiles, [cam(p) for p in ((-60, 0, -1400), (60, 0, -1400), (60, 0, 200), (-60, 0, 200))])
    over(scene, floor)
    ceiling = [cam(p) for p in ((-300, 250, 200), (300, 250, 200), (300, 250, -1400), (-300, 250, -1400))]
    fill(scene, hexc("0e1319"), poly(ceiling))
    for x in (-30, 30):  # cable trays over the racks, light strips over the aisle
        tray = poly([cam(p) for p in ((x * 2 - 12, 232, 200), (x * 2 + 12, 232, 200), (x * 2 + 12, 232, -1400),
                                       (x * 2 - 12, 232, -1400))])
        fill(scene, hexc("2a2f36"), tray)
    for z in range(200, -1400, -120):
        strip = poly([cam(p) for p in ((-18, 249, z), (18, 249, z), (18, 249, z - 60), (-18, 249, z - 60))])
        fill(scene, hexc("dfeeff"), strip, 0.8)
        fill(glow, hexc("6f9fd0"), strip)
    racks = []
    for i in range(26):
        z0 = 200 - i * 62
        for side in (-1, 1):
            racks.append((cam.depth((side * 60, 100, z0 - 30)), side, z0, i == 5 and side == 1))
    for depth, side, z0, trouble in sorted(racks, reverse=True):
        face, lights = rack_front(rng, trouble)
        haze = min(0.85, max(0.0, (depth - 250) / 1500))
        face = Image.blend(face, Image.new("RGB", face.size, fog), haze)
        lights = lights.point(lambda v, k=1 - haze * 0.7: round(v * k))
        near, far = (z0, z0 - 60) if side == -1 else (z0 - 60, z0)
        quad = [cam((side * 60, 215, near)), cam((side * 60, 215, far)), cam((side * 60, 0, far)),
                cam((side * 60, 0, near))]
        if side == 1:
            quad = [quad[1], quad[0], quad[3], quad[2]]
            face, lights = face.transpose(Image.Transpose.FLIP_LEFT_RIGHT), lights.transpose(
                Image.Transpose.FLIP_LEFT_RIGHT)
        over(scene, warp(face, quad))
        glow.paste(warp(lights, quad), (0, 0), warp(lights, quad))
        mirror = [(x, 2 * cam((side * 60, 0, near))[1] - y) for x, y in quad]
        reflection = warp(lights.point(lambda v: round(v * 0.7)), [mirror[3], mirror[2], mirror[1], mirror[0]])
        glow.paste(reflection, (0, 0), both(alpha(reflection), alpha(floor)))
    scene = ImageChops.screen(scene, blur(glow, 3))
    scene = ImageChops.screen(scene, blur(glow, 14).point(lambda v: min(255, v * 2)))
    alarm = cam((60, 110, 200 - 5 * 62 - 30))
    scene = light(scene, falloff(alarm, (260, 420), 1.6), hexc("ff2a2a"), 0.35)
    scene = light(scene, both(alpha(floor), falloff(cam((40, 0, 200 - 5 * 62 - 30)), (260, 90), 1.4)),
                  hexc("ff2a2a"), 0.35)
    vanish = cam((6, 105, -1400))
    scene = light(scene, both(alpha(floor), falloff((vanish[0], H), (240, 520), 1.2)), hexc("6fa8ff"), 0.18)
    scene = Image.composite(scene, blur(scene, 5), curve(radial(vanish, (520, 360)), lambda t: t ** 0.8))
    return light(scene, falloff(vanish, (700, 420), 1.5), hexc("2a6cff"), 0.2)


# --- 10. Battery recyclers: used lithium-ion cells packed upright in a crate ----------------------

CELL_WRAPS = [hexc("2d6cdf"), hexc("1f9d74"), hexc("7b4bd6"), hexc("d9483b"), hexc("25262b"), hexc("e68a2e"),
              hexc("4fb0e8"), hexc("d6589a"), hexc("2d6cdf"), hexc("25262b")]


def _cell(layer: Image.Image, cam: Camera, base: Vec, wrap: Color | None, covered: Image.Image) -> None:
    """One cylindrical cell (2.1 cm across, 6.5 cm tall) drawn on LAYER in a box around it."""
    r, tall = 1.04, 6.5
    top, _bottom, outline = cylinder(cam, base, r, tall, n=36)
    xs, ys = [p[0] for p in outline], [p[1] for p in outline]
    x0, y0 = math.floor(min(xs)) - 3, math.floor(min(ys)) - 3
    size = (math.ceil(max(xs)) + 3 - x0, math.ceil(max(ys)) + 3 - y0)
    if x0 > W or y0 > H or x0 + size[0] < 0 or y0 + size[1] < 0:
        return

    def local(points: Sequence[Point]) -> list[Point]:
        return [(x - x0, y - y0) for x, y in points]

    body_color = mix(wrap, hexc("6a6a6a"), 0.18) if wrap else hexc("8d949c")
    dark, pale = (0, 0, 0), (255, 255, 255)
    sprite = colorize(linear((min(xs) - x0, 0), (max(xs) - x0, 0), size),
                      [(0, mix(body_color, dark, 0.35)), (0.22, mix(body_color, pale, 0.35)), (0.35, body_color),
                       (0.8, mix(body_color, dark, 0.3)), (1, mix(body_color, dark, 0.6))])
    body = poly(local(outline), size)
    rim = poly(local(top), size)
    cx, cy = sum(p[0] for p in top) / len(top) - x0, sum(p[1] for p in top) / len(top) - y0
    rx = (max(p[0] for p in top) - min(p[0] for p in top)) / 2
    ry = (max(p[1] for p in top) - min(p[1] for p in top)) / 2
    fill(sprite, colorize(linear((cx - rx, cy - ry), (cx + rx, cy + ry), size),
                          [(0, mix(body_color, (255, 255, 255), 0.25)), (1, mix(body_color, (0, 0, 0), 0.2))]), rim)
    metal = colorize(linear((cx - rx, cy - ry), (cx + rx, cy + ry), size), [(0, hexc("c3c8ce")), (0.5, hexc("9aa1a9")),
                                                                           (1, hexc("6c737b"))])
    fill(sprite, hexc("17181b"), ellipse((cx - rx * 0.8, cy - ry * 0.8, cx + rx * 0.8, cy + ry * 0.8), size))
    fill(sprite, metal, ellipse((cx - rx * 0.66, cy - ry * 0.66, cx + rx * 0.66, cy + ry * 0.66), size))
    fill(sprite, hexc("5d646c"), ellipse((cx - rx * 0.36, cy - ry * 0.3, cx + rx * 0.36, cy + ry * 0.42), size))
    fill(sprite, metal, ellipse((cx - rx * 0.34, cy - ry * 0.4, cx + rx * 0.34, cy + ry * 0.28), size))
    fill(sprite, (255, 255, 255), ellipse((cx - rx * 0.28, cy - ry * 0.34, cx - rx * 0.02, cy - ry * 0.12), size), 0.55)
    mask = either(body, rim)
    layer.paste(sprite, (x0, y0), mask)
    covered.paste(255, (x0, y0, x0 + size[0], y0 + size[1]), mask)


def scene_cells(rng: random.Random) -> Image.Image:
    cam = Camera((-8, 30, 26), (0, 2, -10), fov=44)
    scene = colorize(linear((0, 0), (0, H)), [(0, hexc("15161a")), (1, hexc("0b0b0d"))])
    pitch = 2.14
    rows: dict[int, list[Vec]] = {}
    for j in range(-26, 8):
        for i in range(-22, 22):
            base = (i * pitch + (pitch / 2 if j % 2 else 0), 0.0, j * pitch * 0.87)
            try:
                x, y = cam(base)
            except ValueError:
                continue
            if -80 < x < W + 80 and -60 < y < H + 160:
                rows.setdefault(j, []).append(base)
    focus = -10 * 0.87 * pitch
    for j in sorted(rows):
        z = j * pitch * 0.87
        radius = min(9.0, abs(z - focus) * 0.3)

        def paint(layer: Image.Image, j: int = j) -> Image.Image:
            covered = Image.new("L", SIZE, 0)
            for base in sorted(rows[j], key=lambda b: b[0]):
                wrap = None if rng.random() < 0.1 else rng.choice(CELL_WRAPS)
                _cell(layer, cam, base, wrap, covered)
            return covered

        defocus(scene, paint, radius)
    scene = light(scene, falloff(cam((-10, 6, -16)), (900, 600), 1.3), hexc("ffd9a8"), 0.18)
    return darken(scene, curve(linear((0, H * 0.45), (0, -60)), smoothstep(0, 1)), 0.35)


SCENES: dict[str, Callable[[random.Random], Image.Image]] = {
    "on-device-ai-privacy-rules": scene_phone_ai,
    "nimbus-x-phone-review": scene_nimbus,
    "aurora-14-laptop-review": scene_aurora,
    "halvard-2027-laptops-live": scene_keynote,
    "back-to-school-laptop-deals": scene_deals,
    "vega-go-handheld-review": scene_vega,
    "kestrel-27-oled-monitor-review": scene_kestrel,
    "pulse-band-3-review": scene_band,
    "cloud-outage-config-push": scene_aisle,
    "battery-recyclers-lithium-prices": scene_cells,
}


def main(argv: Sequence[str]) -> int:
    unknown = [slug for slug in argv if slug not in SCENES]
    if unknown:
        print(f"unknown: {', '.join(unknown)}; choose from {', '.join(SCENES)}", file=sys.stderr)
        return 2
    for slug in argv or SCENES:
        rng = random.Random(slug)
        path = save(finish(SCENES[slug](rng), rng), slug)
        print(f"{path.relative_to(OUT.parent.parent.parent)}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
