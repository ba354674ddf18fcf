"""generator.content.markdown: the configured parser and the pass that rewrites links and collects text."""

from __future__ import annotations

import re

import pytest

from generator.content.markdown import (
    REF_SCHEME,
    Heading,
    LocalRef,
    RenderedBody,
    highlight_code,
    render_markdown,
    typographic,
)


def md(text: str, *, source_dir: str = "news", base_path: str = "/", first_line: int = 1,
       raw_html: bool = True) -> RenderedBody:
    return render_markdown(text, source_dir=source_dir, base_path=base_path, first_line=first_line,
                           raw_html=raw_html).body


def first_paragraph(text: str) -> str:
    return render_markdown(text, source_dir="news", base_path="/", first_line=1).first_paragraph


def test_paragraph():
    assert md("Hello *world*.").html == "<p>Hello <em>world</em>.</p>\n"


def test_tables_scroll_in_their_own_box():
    html = md("| a | b |\n|---|---|\n| 1 | 2 |\n").html
    # The wrapper may carry more attributes (tabindex, role), but it wraps exactly the table.
    assert re.fullmatch(r'<div class="table-scroll"[^>]*><table>\n<thead>\n<tr>\n<th>a</th>.*'
                        r"<td>2</td>\n</tr>\n</tbody>\n</table>\n</div>", html, re.S)
    assert html.count("<div") == 1


def test_strikethrough():
    assert md("~~gone~~ here").html == "<p><s>gone</s> here</p>\n"


def test_footnotes():
    html = md("A claim.[^1]\n\n[^1]: The source.\n").html
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>' in html
    assert '<section class="footnotes">' in html
    assert '<li id="fn1" class="footnote-item"><p>The source. <a href="#fnref1" class="footnote-backref" ' in html


def test_the_footnote_back_link_says_where_it_leads():
    html = md("A claim.[^1] Another.[^1]\n\n[^1]: The source.\n").html
    assert '<a href="#fnref1" class="footnote-backref" aria-label="Back to reference 1">\u21a9\ufe0e</a>' in html
    assert '<a href="#fnref1:1" class="footnote-backref" aria-label="Back to reference 1:1">' in html


@pytest.mark.parametrize(("text", "has_code"), [
    ("```python\nx = 1\n```\n", True),
    ("```JSON {.wide}\n{}\n```\n", True),  # the language, in any case, before other info
    ("```\nplain\n```\n", False),
    ("```klingon\nplain\n```\n", False),  # no lexer: escaped, no token spans
    ("    indented code\n", False),
    ("Some `inline` code.\n", False),
])
def test_has_code_says_whether_pygments_highlighted_a_block(text, has_code):
    body = md(text)
    assert body.has_code is has_code
    assert ('<span class="' in body.html) is has_code


def test_headings_h2_to_h4_get_ids_and_are_listed():
    body = md("# Title\n\n## Two Words\n\n### Zürich's AI\n\n#### Four\n\n##### Five\n\n###### Six\n")
    assert "<h1>Title</h1>" in body.html
    assert '<h2 id="two-words">Two Words</h2>' in body.html
    assert '<h3 id="zurichs-ai">Zürich’s AI</h3>' in body.html  # the typographer's apostrophe
    assert '<h4 id="four">Four</h4>' in body.html
    assert "<h5>Five</h5>" in body.html
    assert "<h6>Six</h6>" in body.html
    assert body.headings == (Heading(2, "two-words", "Two Words"), Heading(3, "zurichs-ai", "Zürich’s AI"),
                             Heading(4, "four", "Four"))


def test_repeated_headings_get_distinct_ids():
    ids = [h.id for h in md("## Update\n\n## Update\n").headings]
    assert len(set(ids)) == 2
    assert ids[0] == "update"


def test_python_fence_is_highlighted_by_pygments():
    html = md("```python\ndef answer():\n    return 42\n```\n").html
    assert re.match(r'<pre[^>]*><code class="language-python"><span class="k">def</span>', html)
    assert '<span class="nf">answer</span>' in html
    assert '<span class="mi">42</span>' in html


def test_unknown_language_fence_is_escaped_plain_text():
    html = md("```nosuchlang\n<b>x</b> & y\n```\n").html
    assert re.fullmatch(r'<pre[^>]*><code class="language-nosuchlang">&lt;b&gt;x&lt;/b&gt; &amp; y\n</code></pre>\n',
                        html)


def test_fence_without_language_is_escaped_plain_text():
    assert re.fullmatch(r"<pre[^>]*><code>&lt;i&gt;\n</code></pre>\n", md("```\n<i>\n```\n").html)


def test_highlight_code_returns_empty_for_plain_text():
    assert highlight_code("x = 1", "", "") == ""
    assert highlight_code("x = 1", "klingon", "") == ""
    assert highlight_code("x = 1", "PYTHON", "").startswith('<span class="n">x</span>')


def test_images_load_lazily():
    html = md('![A chart](https://cdn.example.net/chart.png "Title")').html
    assert html == ('<p><img src="https://cdn.example.net/chart.png" alt="A chart" title="Title" '
                    'loading="lazy" decoding="async" /></p>\n')


def test_relative_links_and_images_point_at_output_under_the_base_path():
    body = md("[chart](../images/chart.svg) ![photo](photo.jpg) [doc](/files/report.pdf)",
              source_dir="news", base_path="/news/")
    assert '<a href="/news/images/chart.svg">chart</a>' in body.html
    assert '<img src="/news/news/photo.jpg" alt="photo" loading="lazy" decoding="async" />' in body.html
    assert '<a href="/news/files/report.pdf">doc</a>' in body.html


def test_root_relative_links_at_site_root():
    html = md("[t](/tags/ai/) ![i](/images/x.png)", base_path="/").html
    assert '<a href="/tags/ai/">t</a>' in html
    assert '<img src="/images/x.png"' in html


def test_fragment_is_kept_and_folder_links_keep_their_slash():
    body = md("[a](../images/chart.svg#part) [b](../tags/) [c](./)", base_path="/news/")
    assert '<a href="/news/images/chart.svg#part">a</a>' in body.html
    assert '<a href="/news/tags/">b</a>' in body.html
    assert '<a href="/news/news/">c</a>' in body.html
    assert [ref.target for ref in body.local_refs] == ["images/chart.svg", "tags/", "news/"]


def test_query_string_is_kept_on_rewritten_links():
    html = md("[report](report.pdf?page=2)", base_path="/news/").html
    assert '<a href="/news/news/report.pdf?page=2">report</a>' in html


def test_percent_encoded_names_are_decoded_for_refs_and_encoded_in_links():
    body = md("![x](my%20photo.jpg)")
    assert body.local_refs == (LocalRef("news/my photo.jpg", 1, True),)
    assert 'src="/news/my%20photo.jpg"' in body.html


@pytest.mark.parametrize("url", [
    "https://example.com/x", "mailto:desk@example.org", "#section", "//cdn.example.net/x.png", "tel:+41",
])
def test_external_links_and_anchors_are_untouched_and_not_recorded(url):
    body = md(f"[x]({url})")
    assert f'<a href="{url}">x</a>' in body.html
    assert body.local_refs == ()


def test_links_to_markdown_files_become_placeholders():
    body = md("[a](other.md) [b](../reviews/x.markdown#verdict) [c](/pages/about.md)")
    assert f'<a href="{REF_SCHEME}news/other.md">a</a>' in body.html
    assert f'<a href="{REF_SCHEME}reviews/x.markdown#verdict">b</a>' in body.html
    assert f'<a href="{REF_SCHEME}pages/about.md">c</a>' in body.html


def test_links_outside_content_are_recorded_as_written_and_left_alone():
    body = md("[x](../../etc/passwd)")
    assert '<a href="../../etc/passwd">x</a>' in body.html
    assert body.local_refs == (LocalRef("../../etc/passwd", 1, False),)


def test_raw_html_is_kept_when_allowed():
    html = md('<div class="note">Hi</div>\n\nText <kbd>Ctrl</kbd>\n', raw_html=True).html
    assert '<div class="note">Hi</div>' in html
    assert "<kbd>Ctrl</kbd>" in html


def test_raw_html_is_escaped_when_not_allowed():
    html = md('<div class="note">Hi</div>\n\nText <script>alert(1)</script>\n', raw_html=False).html
    assert "<div" not in html
    assert "<script>" not in html
    assert "&lt;div class=“note”&gt;Hi&lt;/div&gt;" in html  # shown as text, so its quotes are curled
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_local_refs_carry_file_line_numbers():
    text = "Intro.\n\n[chart](../images/chart.svg)\n\n| a |\n|---|\n| ![cell](cell.png) |\n"
    body = md(text, first_line=6)
    assert body.local_refs == (
        LocalRef("images/chart.svg", 8, False),
        LocalRef("news/cell.png", 12, True),
    )


def test_local_refs_in_lists_and_quotes_have_their_own_lines():
    body = md("- one [a](a.png)\n- two ![b](b.png)\n\n> [c](c.png)\n", first_line=10)
    assert [(ref.target, ref.line) for ref in body.local_refs] == [
        ("news/a.png", 10), ("news/b.png", 11), ("news/c.png", 13),
    ]


def test_local_ref_on_a_later_line_of_a_paragraph_has_that_line():
    text = "The first line of a paragraph,\nthe second line with [a link](missing.pdf),\nand a third.\n"
    body = md(text, first_line=20)
    assert body.local_refs == (LocalRef("news/missing.pdf", 21, False),)


def test_first_paragraph_skips_headings_quotes_and_lists():
    text = "## Heading\n\n> A quote.\n\n- item\n\nThe *real* [first](x.png) paragraph\nwraps.\n\nSecond.\n"
    assert first_paragraph(text) == "The real first paragraph wraps."


def test_first_paragraph_is_empty_without_paragraphs():
    assert first_paragraph("## Only a heading\n") == ""


def test_word_count_covers_headings_paragraphs_and_inline_code():
    assert md("## Two words\n\nThree `more` words.\n").word_count == 5


def test_html_is_packed_and_reads_back_the_same():
    html = "<p>Caf\u00e9 \u2014 " + "long body " * 200 + "</p>\n"
    body = RenderedBody.of(html, (), 0, ())
    assert body.html == html
    assert len(body.packed_html) < len(html) // 4
    assert body.with_html("<p>x</p>").html == "<p>x</p>"


def test_links_to_pages_is_true_only_with_placeholders():
    assert md("[a](other.MD)").links_to_pages
    assert REF_SCHEME in md("[a](other.MD)").html
    assert not md("[a](photo.png) [b](https://example.org/x.md)").links_to_pages


@pytest.mark.parametrize(("language", "typed", "printed"), [
    ("en", 'Apple\'s "M5" is \'fast\'', "Apple’s “M5” is ‘fast’"),
    ("de-CH", 'Der "Chip" ist \'neu\'', "Der „Chip“ ist ‚neu‘"),
    ("fr", 'Le "cloud" tombe', "Le «\u00a0cloud\u00a0» tombe"),
    ("xx", 'An "unknown" language', "An “unknown” language"),
    ("en", "No quotes -- and no dashes made", "No quotes -- and no dashes made"),
])
def test_plain_text_gets_the_languages_quotation_marks(language: str, typed: str, printed: str) -> None:
    assert typographic(typed, language) == printed


def test_bodies_curl_quotes_outside_code_and_keep_flags_as_typed() -> None:
    html = render_markdown('She said "ship it" -- use --future, or `"raw"`.\n', source_dir="news", base_path="/",
                           first_line=1, language="de").body.html
    assert "„ship it“" in html and "-- use --future" in html and "<code>&quot;raw&quot;</code>" in html
