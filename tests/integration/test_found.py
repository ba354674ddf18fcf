"""What search engines are told (issue 15): robots meta, canonical, sitemap exclusions and the
structured data of stories marked `noindex` or first published elsewhere, and thin tag pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

from generator.build.builder import BuildOptions, run_build
from tests.conftest import parse_html, run_sitegen, write_files

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _head(page: Path) -> tuple[str, str]:
    """(canonical href, robots content) of PAGE."""
    head = parse_html(page).find(".//head")
    canonical = head.find(".//link[@rel='canonical']").get("href")
    (robots,) = [m.get("content") for m in head.iter("meta") if m.get("name") == "robots"]
    return canonical, robots


def _types(page: Path) -> list[str]:
    return [json.loads(block)["@type"] for block in SCRIPT.findall(page.read_text(encoding="utf-8"))]


def test_noindex_canonical_and_thin_tags_reach_the_head_the_sitemaps_and_the_json_ld(site: Path) -> None:
    write_files(site, {
        "content/news/syndicated.md": "---\ntitle: Syndicated\ndate: 2024-05-03T09:00:00+02:00\nauthor: ana\n"
                                      "tags: [ai]\ncanonical: https://partner.example.com/2024/chips\n---\nText.\n",
        "content/news/hidden.md": "---\ntitle: Hidden\ndate: 2024-05-04T09:00:00+02:00\nauthor: ana\n"
                                  "tags: [ai]\nnoindex: true\n---\nText.\n",
    })
    run_build(BuildOptions(site))
    output = site / "output"
    assert _head(output / "2024/05/syndicated/index.html") == ("https://partner.example.com/2024/chips",
                                                               "max-image-preview:large")
    assert _head(output / "2024/05/hidden/index.html") == ("https://test.example.org/2024/05/hidden/", "noindex")
    assert _head(output / "tags/chips/index.html")[1] == "noindex, follow", "one story: a thin tag"
    assert _head(output / "tags/ai/index.html")[1] == "max-image-preview:large"
    assert _head(output / "404.html")[1] == "noindex"
    sitemap = (output / "sitemap.xml").read_text()
    for url in ("/2024/05/syndicated/", "/2024/05/hidden/", "/tags/chips/"):
        assert f"https://test.example.org{url}<" not in sitemap, url
    assert "https://test.example.org/tags/ai/<" in sitemap
    assert "NewsArticle" not in _types(output / "2024/05/hidden/index.html")
    syndicated = json.loads(SCRIPT.findall((output / "2024/05/syndicated/index.html").read_text())[0])
    assert syndicated["mainEntityOfPage"]["@id"] == syndicated["url"] == "https://partner.example.com/2024/chips"


def test_a_canonical_that_is_no_address_is_an_error_at_its_line(site: Path) -> None:
    write_files(site, {"content/news/bad.md": "---\ntitle: Bad\ndate: 2024-05-03T09:00:00+02:00\nauthor: ana\n"
                                              "canonical: partner.example.com/story\n---\nText.\n"})
    done = run_sitegen("build", "--site", site)
    assert done.code == 1
    assert "content/news/bad.md:5: error: canonical: 'partner.example.com/story' must be the full address" in done.stderr


def test_browsers_can_add_the_sites_search_when_search_is_on(site: Path) -> None:
    run_build(BuildOptions(site))
    description = ElementTree.parse(site / "output/opensearch.xml").getroot()
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    assert len(description.findtext("os:ShortName", namespaces=ns)) <= 16
    assert description.find("os:Url", ns).get("template") == "https://test.example.org/search/?q={searchTerms}"
    head = parse_html(site / "output/index.html").find(".//head")
    assert [link.get("href") for link in head.iter("link") if link.get("rel") == "search"] == ["/opensearch.xml"]
    write_files(site, {"sitegen.toml": (site / "sitegen.toml").read_text() + "search = false\n"})
    run_build(BuildOptions(site))
    assert not (site / "output/opensearch.xml").exists()
