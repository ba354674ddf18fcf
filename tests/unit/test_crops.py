"""Lead images cropped to 16:9, 4:3 and 1:1 around a focal point (content/crops.py), for large previews."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image as PILImage

from generator.build.variants import VariantStore
from generator.content.crops import CENTRE, crops_for, plan_crops, with_crops
from generator.content.images import ResponsiveImage, inspect, stored_name
from generator.content.sources import scan_sources

from .helpers import assemble, make_article, make_config, messages, parse


def _photo(width: int, height: int) -> ResponsiveImage:
    facts = inspect("/images/photo.jpg", _jpeg(width, height))
    assert isinstance(facts, ResponsiveImage)
    return facts


def _jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def test_each_ratio_keeps_the_most_of_the_picture_and_is_scaled_to_1200() -> None:
    crops = {c.tag: c for c in plan_crops(_photo(3000, 2000), CENTRE)}
    assert {tag: (c.box, c.width, c.height) for tag, c in crops.items()} == {
        "16x9": ((0, 156, 3000, 1843), 1200, 675),
        "4x3": ((167, 0, 2833, 2000), 1200, 900),
        "1x1": ((500, 0, 2500, 2000), 1200, 1200),
    }
    assert crops["16x9"].path == "/images/photo.jpg.16x9.1200w.jpg"


def test_the_focal_point_moves_the_crop_but_never_past_the_edge() -> None:
    crops = {c.tag: c for c in plan_crops(_photo(3000, 2000), (0.9, 0.1))}
    assert crops["1x1.f90-10"].box == (1000, 0, 3000, 2000), "pushed against the right edge"
    assert crops["16x9.f90-10"].box == (0, 0, 3000, 1687), "pushed against the top"


def test_a_small_picture_is_cropped_but_not_enlarged() -> None:
    assert [(c.width, c.height) for c in plan_crops(_photo(800, 600), CENTRE)] == [(800, 450), (800, 600), (600, 600)]


def test_crops_for_picks_one_focal_points_three_in_order() -> None:
    photo = with_crops(_photo(2000, 2000), [CENTRE, (0.2, 0.8)])
    assert [c.tag for c in crops_for(photo, (0.2, 0.8))] == ["16x9.f20-80", "4x3.f20-80", "1x1.f20-80"]
    assert [c.tag for c in crops_for(photo, CENTRE)] == ["16x9", "4x3", "1x1"]


@pytest.mark.parametrize(("typed", "focus"), [("30%, 40%", (0.3, 0.4)), ("0.25, 1", (0.25, 1.0)),
                                              ("[0.5, 0.2]", (0.5, 0.2))])
def test_image_focus_reads_fractions_and_percentages(tmp_path: Path, typed: str, focus: tuple[float, float]) -> None:
    config = make_config(tmp_path)
    story = make_article(config, "news/a.md", extra=f"image: /images/a.jpg\nimage_alt: A\nimage_focus: {typed}\n")
    assert story.image.focus == focus


def test_a_focus_outside_the_picture_is_an_error_at_its_line(tmp_path: Path) -> None:
    result = parse(make_config(tmp_path), "news/a.md", "---\ntitle: A\ndate: 2024-05-01\nauthor: Jane\n"
                   "image: /images/a.jpg\nimage_alt: A\nimage_focus: 130%, 20%\n---\nText.\n")
    assert result.value is None
    assert messages(result.problems)[0].startswith("content/news/a.md:7: error: image_focus: '130%, 20%' is not a "
                                                   "point of the picture")


def test_crops_are_encoded_into_the_store_and_a_narrow_lead_is_a_warning(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    folder = config.content_dir / "images"
    folder.mkdir(parents=True)
    (folder / "wide.jpg").write_bytes(_jpeg(1600, 1000))
    (folder / "narrow.jpg").write_bytes(_jpeg(900, 600))
    wide = make_article(config, "news/wide.md", extra="image: /images/wide.jpg\nimage_alt: W\nimage_focus: 20%, 50%\n")
    narrow = make_article(config, "news/narrow.md", date="2024-05-02T09:00:00+00:00",
                          extra="image: /images/narrow.jpg\nimage_alt: N\n")
    sources, _ = scan_sources(config.content_dir)
    store = VariantStore(tmp_path / "store")
    facts = store.for_content([wide, narrow], [], sources, 1, lambda *_: None)
    image = facts["images/wide.jpg"]
    for crop in crops_for(image, (0.2, 0.5)):
        with PILImage.open(tmp_path / "store" / stored_name(image.content_key, crop)) as encoded:
            assert encoded.size == (crop.width, crop.height)
    _, problems = assemble(config, [wide, narrow], assets={"images/wide.jpg", "images/narrow.jpg"}, images=facts)
    assert [m for m in messages(problems) if "image:" in m] == [
        "content/news/narrow.md:6: warning: image: '/images/narrow.jpg' is 900 px wide; large previews "
        "(Google Discover, Top stories) need a lead image at least 1200 px wide"]
