"""Responsive images in a real build: variants in output/, markup that names them, caching, errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from PIL import Image as PILImage

from generator.build.builder import Builder, BuildOptions
from tests.conftest import html_files, parse_html, run_sitegen, snapshot, write_files

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


@pytest.fixture
def illustrated(site: Path) -> Path:
    """The small site with a JPEG lead image on the first story and a PNG inline in the second."""
    PILImage.new("RGB", (2000, 1000), "teal").save(site / "content/lead.jpg")
    (site / "content/images").mkdir()
    PILImage.new("RGBA", (700, 400), "orange").save(site / "content/images/chart.png")
    first = site / "content/news/first.md"
    first.write_text(first.read_text().replace("tags:", "image: ../lead.jpg\nimage_alt: A <teal> field\ntags:"))
    second = site / "content/news/second.md"
    second.write_text(second.read_text() + "\n![A chart](../images/chart.png)\n")
    return site


def _candidates(srcset: str) -> list[tuple[str, int]]:
    """(URL, width) of each 'url 480w' candidate."""
    return [(url, int(width.removesuffix("w"))) for url, width in (c.split() for c in srcset.split(", "))]


def _file(output: Path, url: str) -> Path:
    assert url.startswith("/"), url
    return output / unquote(url.lstrip("/"))


def test_every_srcset_names_a_file_of_the_stated_width_and_images_have_their_size(illustrated: Path) -> None:
    output = illustrated / "output"
    Builder(BuildOptions(illustrated, cache=True)).build(NOW)
    checked: set[str] = set()
    pictures = 0
    for page in html_files(output):
        for picture in parse_html(page).iter("picture"):
            pictures += 1
            source, img = picture.find("source"), picture.find("img")
            assert source is not None and img is not None and source.get("type") == "image/webp"
            assert img.get("sizes") and source.get("sizes") == img.get("sizes")
            with PILImage.open(_file(output, img.get("src"))) as fallback:
                assert fallback.size[0] / fallback.size[1] == int(img.get("width")) / int(img.get("height"))
            for url, width in _candidates(source.get("srcset")) + _candidates(img.get("srcset")):
                with PILImage.open(_file(output, url)) as variant:
                    assert variant.size[0] == width, url
                checked.add(url)
    assert pictures >= 3  # the lead figure, its card on the list pages, the inline chart
    assert checked == {
        "/lead.jpg.480w.webp", "/lead.jpg.960w.webp", "/lead.jpg.1600w.webp",
        "/lead.jpg.480w.jpg", "/lead.jpg.960w.jpg", "/lead.jpg.1600w.jpg",
        "/images/chart.png.480w.webp", "/images/chart.png.700w.webp", "/images/chart.png.480w.png",
        "/images/chart.png"}
    article = parse_html(output / "2024/05/first/index.html")
    figure_img = article.find(".//figure/picture/img")
    assert (figure_img.get("width"), figure_img.get("height"), figure_img.get("alt")) == ("2000", "1000", "A <teal> field")
    meta = {m.get("property"): m.get("content") for m in article.iter("meta") if m.get("property")}
    assert meta["og:image"] == "https://test.example.org/lead.jpg.1600w.jpg"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1600", "800")


def test_feeds_name_variants_by_absolute_url(illustrated: Path) -> None:
    Builder(BuildOptions(illustrated)).build(NOW)
    feed = ElementTree.parse(illustrated / "output/feed.xml")
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    body = next(item.findtext(content) for item in feed.iter("item") if item.findtext("title") == "Second story")
    assert 'srcset="https://test.example.org/images/chart.png.480w.webp 480w, ' in body
    assert 'src="https://test.example.org/images/chart.png"' in body


def test_a_cached_build_after_an_edit_encodes_nothing_and_leaves_variants_alone(
        illustrated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = illustrated / "output"
    Builder(BuildOptions(illustrated, cache=True)).build(NOW)
    variants = {name: entry for name, entry in snapshot(output).items() if ".jpg." in name or ".png." in name}
    assert len(variants) == 12  # resized copies, and the lead image's three crops (content/crops.py)
    monkeypatch.setattr("generator.build.workers.encode", lambda *_: pytest.fail("an image was encoded again"))
    (illustrated / "content/news/first.md").write_text(
        (illustrated / "content/news/first.md").read_text() + "\nOne more line.\n")
    result = Builder(BuildOptions(illustrated, cache=True)).build(NOW)
    assert result.written and not [name for name in result.written if ".jpg" in name or ".png" in name]
    assert {name: entry for name, entry in snapshot(output).items() if name in variants} == variants


def test_a_corrupt_image_fails_the_build_naming_the_article_line_and_file(illustrated: Path) -> None:
    assert run_sitegen("build", "--site", illustrated).code == 0
    before = snapshot(illustrated / "output")
    (illustrated / "content/images/chart.png").write_bytes(b"\x89PNG\r\n\x1a\n but then nothing")
    done = run_sitegen("build", "--site", illustrated)
    assert done.code == 1
    assert "Traceback" not in done.stderr
    assert "content/news/second.md:9: error: image '/images/chart.png' cannot be read" in done.stderr
    assert snapshot(illustrated / "output") == before


def test_a_variant_name_taken_by_a_site_file_is_a_collision(illustrated: Path) -> None:
    write_files(illustrated, {"content/lead.jpg.480w.webp": "not really"})
    done = run_sitegen("build", "--site", illustrated)
    assert done.code == 1
    assert "would write /lead.jpg.480w.webp, which the resized copies of content/lead.jpg also writes" in done.stderr
