"""generator.importers: the conversions one at a time (Liquid, shortcodes, WordPress HTML, links,
placement), and the import's user errors: one message naming the file and line, nothing written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.importers.convert import BodyPass, NoSyntax
from generator.importers.html import to_markdown
from generator.importers.hugo import urlize
from generator.importers.jekyll import _expand
from generator.importers.links import Resolver, site_path
from generator.importers.liquid import Liquid
from generator.importers.model import Archive, Note, Story
from generator.importers.place import place, story_text
from generator.importers.shortcodes import Shortcodes, arguments
from generator.importers.sources import to_moment

from .helpers import make_config, write_files

TORONTO = ZoneInfo("America/Toronto")
SITE = {"sitegen.toml": 'title = "Desk"\nbase_url = "https://example.org/"\n'}


def story(body: str = "", **fields: object) -> Story:
    made = Story("_posts/2019-03-04-x.md", 2, "article", "X", body, 10, date=datetime(2019, 3, 4, tzinfo=TORONTO),
                 old_urls=["/2019/03/04/x.html"])
    for name, value in fields.items():
        setattr(made, name, value)
    return made


def resolver(*targets: str) -> Resolver:
    """A resolver for the old site https://old.example.net whose imported files are TARGETS."""
    found = Resolver(Archive(origins=("https://old.example.net",)))
    found.targets.update(targets)
    return found


@pytest.mark.parametrize(("written", "expected"), [
    ("2016-01-28 17:21:50 -0800", datetime(2016, 1, 28, 17, 21, 50, tzinfo=timezone(timedelta(hours=-8)))),
    ("2016-01-28 9:05", datetime(2016, 1, 28, 9, 5, tzinfo=TORONTO)),
    ("2016-01-28T09:05:00Z", datetime(2016, 1, 28, 9, 5, tzinfo=UTC)),
    ("2016-01-28", datetime(2016, 1, 28, tzinfo=TORONTO)),
    ("2023-01-29 18:30:22 2023 -0800", None),
    ("2016-02-30", None),
])
def test_dates_as_peers_write_them(written, expected):
    assert to_moment(written, TORONTO) == expected


def convert_liquid(body: str, settings: dict | None = None, posts: dict | None = None) -> tuple[str, list[Note]]:
    notes: list[Note] = []
    found = resolver(*(posts or {}).values())
    liquid = Liquid(settings or {}, posts or {}, found, Path("/nowhere"))
    return BodyPass(story(body), found, liquid, notes).run(), notes


def test_liquid_values_and_filters():
    settings = {"title": "K&K", "author": {"name": "Priya"}, "baseurl": "/blog"}
    text, notes = convert_liquid("{{ site.title }} by {{ site.author.name }} at "
                                 "{{ '/x.css' | relative_url }}{{ site.baseurl }} {{ site.title | escape }}", settings)
    assert (text, notes) == ("K&K by Priya at /x.css K&amp;K", [])


def test_liquid_that_cannot_be_converted_is_listed_at_its_line_and_left():
    text, notes = convert_liquid("One\n\n{% assign x = 1 %}\n{{ x | plus: 2 }}\n{% if x %}y{% endif %}\n")
    assert text == "One\n\n{% assign x = 1 %}\n{{ x | plus: 2 }}\n{% if x %}y{% endif %}\n"
    assert [(note.line, note.message.split(" (")[0]) for note in notes] == [
        (12, "not converted: {% assign x = 1 %}"), (13, "not converted: {{ x | plus: 2 }}"),
        (14, "not converted: {% if x %}")]  # the body starts on line 10; {% endif %} closes what is listed


def test_highlight_raw_and_post_url():
    body = ("{% highlight ruby linenos %}\nputs '```'\n{% raw %}{{ x }}{% endraw %}\n{% endhighlight %}\n"
            "[next]({% post_url 2019-04-11-next %})")
    text, notes = convert_liquid(body, posts={"2019-04-11-next": "/news/next.md"})
    assert text == "````ruby\nputs '```'\n{{ x }}\n````\n[next](/news/next.md)"
    assert notes == []


def test_a_missing_post_url_target_is_listed():
    text, notes = convert_liquid("[x]({% post_url 2000-01-01-gone %})")
    assert text == "[x]({% post_url 2000-01-01-gone %})"
    assert notes[0].message.startswith("not converted: {% post_url 2000-01-01-gone %}: no such post")


def test_links_inside_code_are_left_as_written():
    text, _notes = convert_liquid("```\n[a](https://old.example.net/x.png)\n```\n`![b](https://old.example.net/y.png)`")
    assert "https://old.example.net/x.png" in text and "https://old.example.net/y.png" in text


@pytest.mark.parametrize(("pattern", "expected"), [
    ("/:categories/:year/:month/:day/:title:output_ext", "/hardware/boards/2019/03/04/Board-Up.html"),
    ("/:categories/:year/:month/:day/:title/", "/hardware/boards/2019/03/04/Board-Up/"),
    ("/:categories/:title:output_ext", "/hardware/boards/Board-Up.html"),
    ("/blog/:year/:i_month/:slug", "/blog/2019/3/board-up"),
])
def test_jekyll_permalinks(pattern, expected):
    moment = datetime(2019, 3, 4, 9, 15, tzinfo=TORONTO)
    assert _expand(pattern, moment, "Board-Up", "2019-03-04-Board-Up", ["Hardware", "boards"]) == expected


def convert_shortcodes(body: str, refs: dict | None = None) -> tuple[str, list[Note]]:
    notes: list[Note] = []
    found = resolver(*(refs or {}).values())
    item = story(body, origin="content/posts/a.md", front={"mood": "calm"})
    return BodyPass(item, found, Shortcodes({"newsletter": "Fridays"}, refs or {}, "content"), notes).run(), notes


def test_shortcode_arguments():
    assert arguments('src="a b.png" alt=`x "y"` 3 title=plain') == (["3"], {"src": "a b.png", "alt": 'x "y"',
                                                                         "title": "plain"})


def test_figure_with_a_link_and_a_credit():
    text, notes = convert_shortcodes('{{< figure src="https://cdn.example/i.png" alt="A" caption="Cap" '
                                     'link="https://cdn.example/big.png" attr="Ann" attrlink="https://ann.example" >}}')
    assert text == "[![A](https://cdn.example/i.png)](https://cdn.example/big.png)\\\n*Cap — [Ann](https://ann.example)*"
    assert notes == []


def test_ref_param_youtube_and_an_unknown_shortcode():
    body = ('[b]({{< relref "b.md#part" >}}) {{< param newsletter >}} {{< param mood >}} {{< youtube abc >}}\n'
            '{{% notice tip %}}Hi{{% /notice %}}\n{{</* figure src="x" */>}}')
    text, notes = convert_shortcodes(body, {"posts/b.md": "/news/b.md"})
    assert text == ("[b](/news/b.md#part) Fridays calm [Watch the video on YouTube](https://www.youtube.com/watch?v=abc)"
                    '\n{{% notice tip %}}Hi{{% /notice %}}\n{{< figure src="x" >}}')
    assert [(note.line, note.message) for note in notes] == [
        (11, "not converted: {{% notice tip %}} (a Hugo shortcode; left in the text)")]


def test_hugo_urlize():
    assert urlize("Spindle speeds, explained!") == "spindle-speeds-explained"


def test_wordpress_classic_html_becomes_markdown():
    html = ('First line\nsecond line.\n\n[caption id="a" width="300"]<a href="/big.jpg"><img src="/x.jpg" alt="X" />'
            '</a> The caption[/caption]\n\n<pre><code class="language-sql">select 1;</code></pre>\n\n'
            "https://video.example.org/v/1")
    assert to_markdown(html) == ("First line\\\nsecond line.\n\n[![X](/x.jpg)](/big.jpg)\\\n*The caption*\n\n"
                                 "```sql\nselect 1;\n```\n\n<https://video.example.org/v/1>\n")


def test_wordpress_blocks_markdown_would_lose_stay_html():
    html = ('<!-- wp:html -->\n<p>Text</p>\n<div class="embed"><iframe src="https://v.example/1" title="V">'
            '</iframe></div>\n<!-- /wp:html -->\n<table><tr><td rowspan="2">a</td><td>b</td></tr></table>')
    assert to_markdown(html) == ('Text\n\n<div class="embed"><iframe src="https://v.example/1" title="V"></iframe>'
                                 '</div>\n\n<table><tr><td rowspan="2">a</td><td>b</td></tr></table>\n')


def test_a_block_editor_embed_becomes_a_link_to_what_it_showed():
    html = ('<!-- wp:embed -->\n<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
            "https://video.example.org/v/2\n</div></figure>\n<!-- /wp:embed -->\n<p><code>https://x.example/</code></p>")
    assert to_markdown(html) == "<https://video.example.org/v/2>\n\n`https://x.example/`\n"


def test_links_of_the_old_site_point_at_the_new_one(tmp_path):
    chart = tmp_path / "chart.png"
    chart.write_bytes(b"png")
    found = resolver()
    found.served = {"/assets/chart.png": chart}
    found.served_at = {chart.resolve(): "/assets/chart.png"}
    found.by_old_url = {site_path("/2019/01/01/other.html"): "/news/other.md"}
    notes: list[str] = []
    item = story()
    assert found.rewrite("https://www.old.example.net/2019/01/01/other.html#top", item, notes.append) \
        == "/news/other.md#top"
    assert found.rewrite("../../../assets/chart.png", item, notes.append) == "/assets/chart.png"
    assert found.copies == {"assets/chart.png": chart}
    assert found.rewrite("https://elsewhere.example/x.png", item, notes.append) == "https://elsewhere.example/x.png"
    assert found.rewrite("/files/gone.pdf", item, notes.append) == "https://old.example.net/files/gone.pdf"
    assert found.rewrite("notes/", item, notes.append) == "/2019/03/04/notes/"
    assert notes == ["links to '/files/gone.pdf', which is no file of the source: now a link to "
                     "https://old.example.net/files/gone.pdf on the old site"]


def test_wordpress_link_notes_name_the_export_line():
    notes: list[Note] = []
    item = story("![x](https://old.example.net/up/gone.jpg)", origin="export.xml")
    html = 'line one\n<img src="https://old.example.net/up/gone.jpg">'
    BodyPass(item, resolver(), NoSyntax(), notes, lambda _at, needle: 40 + html[:html.find(needle)].count("\n")).run()
    assert [(note.where, note.line) for note in notes] == [("export.xml", 41)]


def test_placing_keeps_slugs_and_urls_apart_and_lists_old_urls_no_page_can_answer(tmp_path):
    config = make_config(tmp_path)
    moment = datetime(2024, 5, 1, tzinfo=TORONTO)
    stories = [story(origin="a.md", slug="launch", section="news", date=moment, old_urls=["/2024/05/launch/"]),
               story(origin="b.md", slug="launch", section="reviews", date=moment + timedelta(days=1),
                     old_urls=["/?p=12"]),
               Story("c.md", 1, "page", "Tags", "", 1, slug="tags", old_urls=["/tags-page.html"])]
    notes: list[Note] = []
    place(stories, config, notes)
    assert [(s.file, s.url, s.aliases) for s in stories] == [
        ("news/launch.md", "/2024/05/launch/", []),
        ("reviews/launch-2.md", "/2024/05/launch-2/", []),
        ("pages/tags-2.md", "/tags-2/", ["/tags-page.html"]),
    ]
    assert [note.message for note in notes] == ["old URL /?p=12 cannot be kept: a static site has no page for a URL "
                                                 "with a query, a space or a fragment"]
    stories[1].authors = ["ann", "bo"]
    assert story_text(stories[1]) == ('---\ntitle: "X"\ndate: 2024-05-02T00:00:00-04:00\nauthor: ["ann", "bo"]\n'
                                      'tags: []\nsection: "reviews"\nslug: "launch-2"\ndraft: false\n---\n\n')


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.mark.parametrize(("kind", "files", "expected"), [
    ("jekyll", {"_config.yml": "title: X\n", "_posts/2020-01-01-a.md": '---\ntitle: "Open\ndate: x\n---\nA\n'},
     "src/_posts/2020-01-01-a.md:2: error: front matter is not valid YAML"),
    ("jekyll", {"README.md": "not a site\n"}, "src: error: is not a Jekyll site"),
    ("jekyll", {"_config.yml": "title: [X\n", "_posts/.keep": ""}, "src/_config.yml:2: error: is not valid YAML"),
    ("jekyll", {"_config.yml": "", "_posts/2020-02-30-a.md": "---\ntitle: A\n---\nA\n"},
     "src/_posts/2020-02-30-a.md:1: error: the file name's date '2020-02-30' is no day of the calendar"),
    ("hugo", {"hugo.toml": 'title = "X"\n', "content/posts/a.md": "+++\ntitle = 'A'\ndate = \n+++\nA\n"},
     "src/content/posts/a.md:3: error: front matter is not valid TOML"),
    ("hugo", {"hugo.toml": 'title = "X"\n', "content/posts/a.md": "---\ntitle: A\ndate: soon\n---\nA\n"},
     "src/content/posts/a.md:3: error: date: 'soon' is no date"),
    ("wordpress", {"export.xml": "<rss>\n<channel>\n</rss>\n"}, "src/export.xml:3: error: is not well-formed XML"),
    ("wordpress", {"export/site.xml": "<rss/>"}, "src/export: error: is not a file"),
    ("hugo", {"content/posts/a.md": "A\n"}, "src: error: is not a Hugo site"),
    ("wordpress", {"export.xml": "<rss><channel><title>X</title></channel></rss>"},
     "src/export.xml: error: is not a WordPress export (WXR)"),
])
def test_source_errors_name_the_file_and_line_and_write_nothing(tmp_path, monkeypatch, kind, files, expected):
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path / "site", SITE)
    write_files(tmp_path / "src", files)
    source = ("src/export" if "export/site.xml" in files else "src/export.xml") if kind == "wordpress" else "src"
    result = run("import", kind, source, "--site", "site")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(expected), result.stderr
    assert result.stderr.rstrip().endswith("nothing was written.")
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (tmp_path / "site").rglob("*")) == ["sitegen.toml"]


def test_a_source_that_is_not_there_and_a_folder_that_is_no_site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path / "site", SITE)
    missing = run("import", "hugo", "nowhere", "--site", "site")
    assert (missing.exit_code, missing.stderr.splitlines()[0]) == (1, "nowhere: error: not found")
    no_site = run("import", "hugo", "nowhere", "--site", "elsewhere")
    assert no_site.exit_code == 1 and "sitegen.toml" in no_site.stderr and "not found in" in no_site.stderr


def test_a_bad_jekyll_date_falls_back_to_the_file_name_with_a_note(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path / "site", SITE)
    write_files(tmp_path / "src", {"_config.yml": "title: X\n", "_posts/2023-01-29-release.md":
                                   "---\ntitle: Release\ndate: 2023-01-29 18:30:22 2023 -0800\n---\nOut now.\n"})
    result = run("import", "jekyll", "src", "--site", "site")
    assert result.exit_code == 0, result.output
    assert ("src/_posts/2023-01-29-release.md:3: note: date: '2023-01-29 18:30:22 2023 -0800' is no date: the file "
            "name's date 2023-01-29 is used instead") in result.stderr
    assert "date: 2023-01-29T00:00:00+00:00\n" in (tmp_path / "site/content/news/release.md").read_text()


def test_an_export_with_a_doctype_is_refused(tmp_path, monkeypatch):
    """An entity could read a local file into a post; left unresolved, it would cut the text short."""
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path / "site", SITE)
    write_files(tmp_path, {"export.xml": '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY s SYSTEM '
                           '"file:///etc/hostname">\n]>\n<rss><channel><title>&s;</title></channel></rss>\n'})
    result = run("import", "wordpress", "export.xml", "--site", "site")
    assert result.exit_code == 1
    assert "export.xml:2: error: has a <!DOCTYPE>" in result.stderr


def test_a_hugo_page_without_front_matter_and_params_in_any_case(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path / "site", SITE)
    write_files(tmp_path / "src", {"config.yaml": "baseURL: https://h.example/\nParams:\n  Desk: The Desk\n",
                                   "content/desk.md": "By {{< param desk >}}.\n{{< gist someone 123 >}}\n"})
    result = run("import", "hugo", "src", "--site", "site")
    assert result.exit_code == 0, result.output
    assert "src/content/desk.md:2: note: not converted: {{< gist someone 123 >}}" in result.stderr
    assert "By The Desk." in (tmp_path / "site/content/pages/desk.md").read_text()
