"""`sitegen import`: each fixture site (tests/data/import/) imported into a new site and built.

Every article is there with its date and authors, each old URL answers (a redirect page, or the
story itself where the URL did not change), the source's syntax is gone from the pages except
what the import listed, the pages are valid HTML, and a second import writes nothing.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import REPO_ROOT, CliRun, html_files, parse_html, run_sitegen, snapshot, text_of
from tests.integration.checks import nu_errors

DATA = REPO_ROOT / "tests" / "data" / "import"
WXR = "kiln-notes.WordPress.2026-11-30.xml"
# Pictures the fixtures link, made here rather than kept as binaries: (kind, path, size).
PICTURES = [
    ("jekyll", "assets/img/board.png", (1200, 675)),
    ("hugo", "static/images/lathe.png", (1200, 675)),
    ("hugo", "content/posts/tool-steel/chips.png", (800, 600)),
    ("wordpress", "wp-content/uploads/2023/09/kiln.png", (1200, 675)),
]
SOURCE_SYNTAX = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\[(?:gallery|caption|embed)\b[^\]]*\]")


@dataclass(frozen=True)
class Imported:
    source: Path  # what was given to sitegen import
    site: Path
    imported: CliRun
    built: CliRun

    @property
    def output(self) -> Path:
        return self.site / "output"

    def page(self, url: str) -> Path:
        return self.output / url.lstrip("/") / ("index.html" if url.endswith("/") else "")

    def front(self, path: str) -> str:
        return (self.site / "content" / path).read_text(encoding="utf-8")


def make_source(kind: str, where: Path) -> Path:
    shutil.copytree(DATA / kind, where)
    for owner, path, size in PICTURES:
        if owner == kind:
            (where / path).parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", size, (60, 110, 150)).save(where / path)
    return where / WXR if kind == "wordpress" else where


def import_and_build(kind: str, root: Path) -> Imported:
    source = make_source(kind, root / "source")
    site = root / "site"
    assert run_sitegen("init", site).code == 0
    (site / "content" / "pages" / "about.md").unlink()  # the new site's own about page: not what is tested
    imported = run_sitegen("import", kind, source, "--site", site)
    assert imported.code == 0, imported.stderr
    assert "Traceback" not in imported.stderr
    built = run_sitegen("build", "--site", site, "--record-urls")  # as the import's last line says to
    assert built.code == 0, built.stderr
    return Imported(source, site, imported, built)


@pytest.fixture(scope="module")
def jekyll(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    return import_and_build("jekyll", tmp_path_factory.mktemp("jekyll"))


@pytest.fixture(scope="module")
def hugo(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    return import_and_build("hugo", tmp_path_factory.mktemp("hugo"))


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    return import_and_build("wordpress", tmp_path_factory.mktemp("wordpress"))


def title_of(page: Path) -> str:
    heading = parse_html(page).find(".//h1")
    assert heading is not None, page
    return text_of(heading)


def redirects_to(done: Imported, old: str, new: str) -> bool:
    page = done.output / old.lstrip("/")
    page = page / "index.html" if old.endswith("/") else page
    return page.is_file() and f'http-equiv="refresh" content="0; url={new}"' in page.read_text(encoding="utf-8")


def source_syntax_left(done: Imported) -> set[str]:
    """The Liquid, shortcode and WordPress-shortcode syntax readers see on the built pages."""
    found = set()
    for page in html_files(done.output):
        main = parse_html(page).find(".//main")
        if main is not None:
            found |= {re.sub(r"[“”„]", '"', hit) for hit in SOURCE_SYNTAX.findall(text_of(main))}
    return found


def notes(done: Imported) -> list[str]:
    return [line for line in done.imported.stderr.splitlines() if ": note: " in line]


# Jekyll ---------------------------------------------------------------------------------------------

def test_jekyll_articles_with_their_dates_sections_and_authors(jekyll: Imported) -> None:
    assert title_of(jekyll.page("/2019/03/board-bring-up/")) == "Board bring-up: the first power-on"
    assert title_of(jekyll.page("/2019/04/fan-curves/")) == "Fan curves for a quiet bench"
    assert title_of(jekyll.page("/2020/01/plans/")) == "Plans for the year"
    bring_up = jekyll.front("hardware/board-bring-up.md")
    assert "date: 2019-03-04T09:15:00-05:00\n" in bring_up
    assert 'section: "hardware"\ntags: ' not in bring_up and 'tags: ["boards", "rp2040", "prototyping"]' in bring_up
    assert "date: 2019-04-11T00:00:00-04:00\n" in jekyll.front("hardware/fan-curves.md")  # the file name's, in Toronto
    assert 'author: "priya"' in jekyll.front("news/plans.md")  # _config.yml's author for a post with none
    assert 'name: "Priya Raman"' in jekyll.front("authors/priya.md")
    assert "Priya Raman" in jekyll.page("/2019/03/board-bring-up/").read_text(encoding="utf-8")
    draft = jekyll.front("news/thermal-paste.md")
    assert "draft: true" in draft and not jekyll.page("/2021/06/thermal-paste/").exists()


def test_jekyll_old_urls_redirect_to_the_new_pages(jekyll: Imported) -> None:
    assert redirects_to(jekyll, "/hardware/boards/2019/03/04/board-bring-up.html", "/2019/03/board-bring-up/")
    assert redirects_to(jekyll, "/hardware/2019/04/11/Fan-Curves.html", "/2019/04/fan-curves/")
    assert redirects_to(jekyll, "/plans-2020/", "/2020/01/plans/")
    assert redirects_to(jekyll, "/colophon.html", "/colophon/")
    ledger = (jekyll.site / "published-urls.txt").read_text(encoding="utf-8").splitlines()
    assert "/hardware/boards/2019/03/04/board-bring-up.html content/hardware/board-bring-up.md" in ledger
    assert "/2019/03/board-bring-up/ content/hardware/board-bring-up.md" in ledger


def test_jekyll_liquid_is_converted_and_the_rest_listed(jekyll: Imported) -> None:
    page = jekyll.page("/2019/03/board-bring-up/").read_text(encoding="utf-8")
    assert "kettle-desk/notes" in page  # {{ site.repository }}
    assert '<pre tabindex="0"><code class="language-python">' in page and "highlight" not in page
    assert 'href="/2019/04/fan-curves/"' in page  # post_url
    assert 'href="/assets/files/schematic.pdf"' in page and (jekyll.output / "assets/files/schematic.pdf").is_file()
    assert (jekyll.output / "assets/img/board.png").is_file()
    assert 'href="/2019/03/board-bring-up/"' in jekyll.page("/2020/01/plans/").read_text(encoding="utf-8")
    # Left: the listed include, and what {% raw %} asked to show as it is.
    assert source_syntax_left(jekyll) == {'{% include note.html text="Measured at one metre." %}', "{{ page.title }}"}
    listed = notes(jekyll)
    assert any(line.endswith("_posts/2019-04-11-Fan-Curves.markdown:8: note: not converted: {% include note.html "
                             'text="Measured at one metre." %} (Liquid; left in the text)') for line in listed), listed
    assert any("contact.html:1: note: not imported: an HTML page" in line for line in listed)
    assert any("_posts/2019-03-04-board-bring-up.md:10: note: front-matter key 'comments'" in line for line in listed)


# Hugo -----------------------------------------------------------------------------------------------

def test_hugo_articles_pages_and_bundles(hugo: Imported) -> None:
    assert title_of(hugo.page("/2024/02/spindle-speeds/")) == "Spindle speeds, explained"
    assert title_of(hugo.page("/2024/03/tool-steel/")) == "Choosing tool steel"
    assert "Fridays at noon" in hugo.page("/masthead/").read_text(encoding="utf-8")  # {{< param >}}
    steel = hugo.front("posts/tool-steel.md")
    assert "date: 2024-03-05T17:00:00+01:00\nupdated: 2024-03-06T09:00:00+01:00\n" in steel
    assert 'author: "jonas-weber"' in steel
    assert 'author: "mara-okafor"' in hugo.front("workshop/spindle-speeds.md")  # params.author
    assert 'section: "workshop"' in hugo.front("workshop/spindle-speeds.md")  # the first category
    assert "draft: true" in hugo.front("posts/coolant.md")
    assert (hugo.output / "2024/03/choosing-tool-steel/chips.png").is_file()  # the bundle's picture, where it was


def test_hugo_old_urls_redirect(hugo: Imported) -> None:
    assert redirects_to(hugo, "/2024/02/spindle-speeds-explained/", "/2024/02/spindle-speeds/")  # :slug from title
    assert redirects_to(hugo, "/2024/03/choosing-tool-steel/", "/2024/03/tool-steel/")
    assert redirects_to(hugo, "/old/tool-steel/", "/2024/03/tool-steel/")  # its aliases:


def test_hugo_shortcodes_are_converted_and_the_rest_listed(hugo: Imported) -> None:
    speeds = hugo.page("/2024/02/spindle-speeds/").read_text(encoding="utf-8")
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">A cut at three speeds</a>' in speeds
    assert "<iframe" not in speeds and 'class="language-python"' in speeds
    assert 'href="/2024/03/tool-steel/"' in speeds  # {{< ref >}}
    assert "The bench lathe in the back room" in speeds
    assert 'href="/2024/02/spindle-speeds/"' in hugo.page("/2024/03/tool-steel/").read_text(encoding="utf-8")
    assert source_syntax_left(hugo) == {'{{< tweet user="lathe_weekly" id="1234567890" >}}'}
    listed = notes(hugo)
    assert any(line.endswith('content/posts/tool-steel/index.md:16: note: not converted: {{< tweet '
                             'user="lathe_weekly" id="1234567890" >}} (a Hugo shortcode; left in the text)')
               for line in listed), listed


# WordPress ------------------------------------------------------------------------------------------

def test_wordpress_posts_pages_and_authors(wordpress: Imported) -> None:
    assert title_of(wordpress.page("/2023/09/firing-schedule/")) == "Firing schedule for stoneware"
    assert title_of(wordpress.page("/2023/10/glaze-chemistry/")) == "Glaze chemistry in plain words"
    assert title_of(wordpress.page("/about-the-studio/")) == "About the studio"
    firing = wordpress.front("studio/firing-schedule.md")
    for line in ('date: 2023-09-08T07:30:00+00:00', 'updated: 2023-09-10T11:00:00+00:00', 'author: "hana-ito"',
                 'tags: ["Firing", "cone 6"]', 'section: "studio"', 'image: "/wp-content/uploads/2023/09/kiln.png"',
                 'image_alt: "The studio kiln with its lid open"', "featured: true",
                 'summary: "How we fire stoneware to cone 6 without cracking it."'):
        assert f"\n{line}\n" in firing, line
    assert 'section: "news"' in wordpress.front("news/glaze-chemistry.md")  # Uncategorized: no section of its own
    assert 'name: "Olu Bankole"' in wordpress.front("authors/olu-bankole.md")
    assert "Hana Ito" in wordpress.page("/2023/09/firing-schedule/").read_text(encoding="utf-8")


def test_wordpress_drafts_and_the_scheduled_post(wordpress: Imported) -> None:
    assert "draft: true" in wordpress.front("studio/kiln-wash-recipes.md")
    assert "draft: true" in wordpress.front("news/members-prices.md")  # private in WordPress
    scheduled = wordpress.front("studio/spring-open-studio.md")
    assert "date: 2031-01-15T10:00:00+00:00" in scheduled and "draft: false" in scheduled
    assert not wordpress.page("/2031/01/spring-open-studio/").exists()  # held back until then
    assert not (wordpress.site / "content" / "news" / "old-rant.md").exists()  # the trash stays behind


def test_wordpress_old_urls_answer(wordpress: Imported) -> None:
    assert wordpress.page("/2023/09/firing-schedule/").is_file()  # the same URL as before
    assert redirects_to(wordpress, "/about-the-studio/visiting/", "/visiting/")


def test_wordpress_html_attachments_and_what_is_listed(wordpress: Imported) -> None:
    firing = wordpress.page("/2023/09/firing-schedule/").read_text(encoding="utf-8")
    assert (wordpress.output / "wp-content/uploads/2023/09/kiln.png").is_file()
    assert "The kiln, cooling overnight" in firing and "[caption" not in firing
    assert 'href="/2023/10/glaze-chemistry/"' in firing
    glaze = wordpress.page("/2023/10/glaze-chemistry/").read_text(encoding="utf-8")
    assert 'src="https://kiln.example.com/wp-content/uploads/2023/10/glaze-test.jpg"' in glaze  # not in the copy
    assert '<th colspan="2">Recipe 14</th>' in glaze  # kept as HTML: Markdown has no merged cells
    assert 'href="/2023/09/firing-schedule/"' in glaze
    assert source_syntax_left(wordpress) == {'[gallery ids="10,11" columns="2"]'}
    listed = notes(wordpress)
    for expected in (f"{WXR}:67: note: not converted: [gallery", f"{WXR}:97: note: links to https://kiln.example.com/"
                     "wp-content/uploads/2023/10/glaze-test.jpg", f"{WXR}:164: note: not imported: 'An old rant'",
                     f"{WXR}: note: not imported: 1 approved comment", f"{WXR}:151: note: 'Members' prices' is private"):
        assert any(expected in line for line in listed), (expected, listed)


# Every importer -------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("kind", ["jekyll", "hugo", "wordpress"])
def test_imported_sites_pass_the_nu_html_checker(kind: str, request: pytest.FixtureRequest) -> None:
    assert nu_errors(request.getfixturevalue(kind).output) == ""


@pytest.mark.parametrize("kind", ["jekyll", "hugo", "wordpress"])
def test_a_second_import_writes_nothing(kind: str, tmp_path: Path) -> None:
    source = make_source(kind, tmp_path / "source")
    site = tmp_path / "site"
    assert run_sitegen("init", site).code == 0
    first = run_sitegen("import", kind, source, "--site", site)
    assert first.code == 0, first.stderr
    (site / "content" / "authors" / next(p.name for p in (site / "content" / "authors").glob("*.md")
                                         if p.name != "sam-editor.md")).write_text("---\nname: Edited\n---\n")
    before = snapshot(site)
    again = run_sitegen("import", kind, source, "--site", site)
    assert again.code == 0, again.stderr
    assert snapshot(site) == before
    assert "wrote " not in again.stdout and again.stdout.count("exists, left as it was:") >= 5
    assert ": 0 new files written," in again.stdout


def test_dry_run_lists_and_writes_nothing(tmp_path: Path) -> None:
    source = make_source("jekyll", tmp_path / "source")
    site = tmp_path / "site"
    assert run_sitegen("init", site).code == 0
    before = snapshot(site)
    done = run_sitegen("import", "jekyll", source, "--site", site, "--dry-run")
    assert done.code == 0, done.stderr
    assert snapshot(site) == before
    assert f"would write {site}/content/hardware/board-bring-up.md" in done.stdout
    assert "Would import 4 articles, 1 page, 2 authors and 2 files" in done.stdout
    assert "note: not converted: {% include" in done.stderr
