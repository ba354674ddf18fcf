"""generator.content.images: image facts from the header, variants at the right widths, the markup."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image as PILImage

from generator.content.images import (
    ResponsiveImage,
    UnreadableImage,
    encode,
    inspect,
    picture_html,
    plan_variants,
    stored_name,
)


def image_bytes(size: tuple[int, int], image_format: str = "JPEG", mode: str = "RGB", **save: object) -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, size, "teal" if mode != "P" else 3).save(buffer, format=image_format, **save)
    return buffer.getvalue()


def encoded(src: str, data: bytes, store: Path) -> ResponsiveImage:
    facts = inspect(src, data)
    assert isinstance(facts, ResponsiveImage)
    assert encode(facts, data, store) is None
    return facts


def stored_sizes(facts: ResponsiveImage, store: Path) -> dict[tuple[str, int], tuple[int, int]]:
    """(format, stated width) → the pixel size of the stored file, opened with Pillow."""
    sizes = {}
    for variant in facts.generated():
        with PILImage.open(store / stored_name(facts.content_key, variant)) as image:
            assert image.format == variant.format.upper()
            sizes[(variant.format, variant.width)] = image.size
    return sizes


def test_a_wide_photo_gets_every_width_as_webp_and_jpeg(tmp_path):
    facts = encoded("/images/photo.jpg", image_bytes((2400, 1200)), tmp_path)
    assert (facts.width, facts.height, facts.format) == (2400, 1200, "jpeg")
    assert stored_sizes(facts, tmp_path) == {
        (image_format, width): (width, width // 2) for image_format in ("webp", "jpeg") for width in (480, 960, 1600)}
    assert [v.path for v in facts.in_format("webp")] == [
        "/images/photo.jpg.480w.webp", "/images/photo.jpg.960w.webp", "/images/photo.jpg.1600w.webp"]


def test_no_upscaling_the_original_is_the_largest_candidate(tmp_path):
    facts = encoded("/images/chart.png", image_bytes((700, 350), "PNG"), tmp_path)
    assert [(v.format, v.width, v.height, v.path) for v in facts.variants] == [
        ("webp", 480, 240, "/images/chart.png.480w.webp"), ("webp", 700, 350, "/images/chart.png.700w.webp"),
        ("png", 480, 240, "/images/chart.png.480w.png"), ("png", 700, 350, "/images/chart.png")]
    assert stored_sizes(facts, tmp_path) == {("webp", 480): (480, 240), ("webp", 700): (700, 350),
                                             ("png", 480): (480, 240)}


def test_an_image_narrower_than_every_width_has_one_size():
    facts = inspect("/i/tiny.png", image_bytes((300, 200), "PNG"))
    assert isinstance(facts, ResponsiveImage)
    assert [(v.format, v.width) for v in facts.variants] == [("webp", 300), ("png", 300)]
    assert [v.path for v in facts.generated()] == ["/i/tiny.png.300w.webp"]


def test_a_webp_original_has_webp_variants_only(tmp_path):
    facts = encoded("/i/a.webp", image_bytes((1000, 500), "WEBP"), tmp_path)
    assert {v.format for v in facts.variants} == {"webp"}
    assert facts.in_format("webp")[-1].path == "/i/a.webp"
    assert stored_sizes(facts, tmp_path) == {("webp", 480): (480, 240), ("webp", 960): (960, 480)}


def test_a_palette_png_keeps_small_palette_variants(tmp_path):
    facts = encoded("/i/chart.png", image_bytes((1000, 600), "PNG", mode="P"), tmp_path)
    with PILImage.open(tmp_path / stored_name(facts.content_key, facts.in_format("png")[0])) as variant:
        assert variant.mode == "P"


def test_exif_rotation_swaps_the_stated_size_and_the_variants_follow_it(tmp_path):
    exif = PILImage.Exif()
    exif[0x0112] = 6  # rotated 90°: stored 1200 × 600, shown 600 × 1200
    facts = encoded("/i/phone.jpg", image_bytes((1200, 600), exif=exif), tmp_path)
    assert (facts.width, facts.height) == (600, 1200)
    assert stored_sizes(facts, tmp_path)[("jpeg", 480)] == (480, 960)


def test_the_social_image_is_the_largest_original_format_variant_up_to_1600():
    wide = inspect("/i/w.jpg", image_bytes((3000, 1500)))
    small = inspect("/i/s.png", image_bytes((800, 400), "PNG"))
    assert isinstance(wide, ResponsiveImage) and isinstance(small, ResponsiveImage)
    assert (wide.social.path, wide.social.width, wide.social.height) == ("/i/w.jpg.1600w.jpg", 1600, 800)
    assert (small.social.path, small.social.width, small.social.mime_type) == ("/i/s.png", 800, "image/png")


def test_gif_and_animated_images_are_left_as_they_are_with_their_size():
    gif = inspect("/i/a.gif", image_bytes((640, 480), "GIF", mode="P"))
    frames = [PILImage.new("RGB", (200, 100), color) for color in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="WEBP", save_all=True, append_images=frames[1:])
    animated = inspect("/i/b.webp", buffer.getvalue())
    assert gif == ResponsiveImage("/i/a.gif", 640, 480, "gif")
    assert animated == ResponsiveImage("/i/b.webp", 200, 100, "webp")


@pytest.mark.parametrize(("root", "size"), [
    ('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 600 300">', (1200, 675)),
    ("<svg xmlns='http://www.w3.org/2000/svg' width='40.6px' height='20px'>", (41, 20)),
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300.5 150">', (300, 150)),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="100%" viewBox="-10 -10 80 40">', (80, 40)),
])
def test_svg_size_comes_from_the_root_element_and_it_gets_no_variants(root, size):
    facts = inspect("/i/x.svg", f'<?xml version="1.0"?>\n{root}<rect width="1" height="1"/></svg>'.encode())
    assert facts == ResponsiveImage("/i/x.svg", *size, "svg")


def test_an_svg_without_a_usable_size_is_left_alone():
    assert inspect("/i/x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="100%"></svg>') is None
    assert inspect("/i/x.svg", b"not svg at all") is None


def test_a_file_that_is_not_an_image_is_unreadable_with_a_reason():
    facts = inspect("/images/broken.png", b"this is not a PNG file")
    assert isinstance(facts, UnreadableImage)
    assert facts.src == "/images/broken.png"
    assert "cannot identify image file" in facts.reason and "0x" not in facts.reason
    assert "/images/broken.png" in facts.message()


def test_a_truncated_file_fails_when_decoded_and_leaves_no_variant(tmp_path):
    data = image_bytes((2000, 1000), quality=95)
    truncated = data[: len(data) // 3]
    facts = inspect("/i/cut.jpg", truncated)
    assert isinstance(facts, ResponsiveImage)  # the header is intact
    failure = encode(facts, truncated, tmp_path)
    assert isinstance(failure, UnreadableImage) and "truncated" in failure.reason
    assert list(tmp_path.iterdir()) == []


def test_picture_has_a_webp_source_and_an_img_with_srcset_sizes_width_height():
    facts = plan_variants("/images/a b.png", 1200, 600, "png")
    image = ResponsiveImage("/images/a b.png", 1200, 600, "png", facts, "k")
    markup = picture_html("/news/images/a%20b.png", 'A "quoted" <alt>', image, base_path="/news/",
                          sizes="100vw", css_class="hero", lazy=True)
    assert markup == (
        '<picture><source type="image/webp" srcset="/news/images/a%20b.png.480w.webp 480w, '
        '/news/images/a%20b.png.960w.webp 960w, /news/images/a%20b.png.1200w.webp 1200w" sizes="100vw">'
        '<img src="/news/images/a%20b.png" srcset="/news/images/a%20b.png.480w.png 480w, '
        '/news/images/a%20b.png.960w.png 960w, /news/images/a%20b.png 1200w" sizes="100vw" width="1200" '
        'height="600" alt="A &quot;quoted&quot; &lt;alt&gt;" class="hero" loading="lazy" decoding="async">'
        "</picture>")


def test_picture_without_variants_or_facts_is_a_plain_img():
    svg = ResponsiveImage("/i/x.svg", 40, 20, "svg")
    assert picture_html("/i/x.svg", "X", svg, base_path="/", sizes="1px") == (
        '<img src="/i/x.svg" width="40" height="20" alt="X" decoding="async">')
    assert picture_html("https://cdn.example.net/y.jpg", "Y", None, base_path="/", sizes="1px") == (
        '<img src="https://cdn.example.net/y.jpg" alt="Y" decoding="async">')


@pytest.mark.parametrize("lazy", [False, True])
def test_a_priority_picture_is_fetched_first_and_never_lazily(lazy):
    image = ResponsiveImage("/i/a.jpg", 1600, 900, "jpeg", plan_variants("/i/a.jpg", 1600, 900, "jpeg"))
    markup = picture_html("/i/a.jpg", "A", image, base_path="/", sizes="100vw", lazy=lazy, priority=True)
    assert ' fetchpriority="high"' in markup
    assert "loading=" not in markup
    assert "fetchpriority" not in picture_html("/i/a.jpg", "A", image, base_path="/", sizes="100vw")


def test_commas_in_file_names_are_escaped_in_srcset():
    image = ResponsiveImage("/i/a,b.jpg", 500, 250, "jpeg", plan_variants("/i/a,b.jpg", 500, 250, "jpeg"), "k")
    markup = picture_html("/i/a,b.jpg", "", image, base_path="/", sizes="100vw")
    assert 'srcset="/i/a%2Cb.jpg.480w.jpg 480w, /i/a%2Cb.jpg 500w"' in markup
