"""generator.render.structured: JSON-LD that parses back, carries Google's article fields, and cannot be broken out of."""

from __future__ import annotations

import json
import re

from generator.model.routes import plan_pages
from generator.render.pages import Renderer
from generator.render.structured import json_ld
from generator.render.themes import resolve_theme

from .helpers import assemble, make_article, make_author, make_config, make_page, write_files

HOSTILE = 'Chips </script><script>alert("x")</script> & “quotes”'
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld_of(html: str) -> list[dict]:
    return [json.loads(block) for block in SCRIPT.findall(html)]


def render_site(tmp_path, **config_values):
    write_files(tmp_path, {"content/images/lead.svg": "<svg/>", "content/images/logo.png": "png"})
    config = make_config(tmp_path, base_url="https://example.org/news/", logo="/images/logo.png",
                         description="Desk news", **config_values)
    article = make_article(config, "reviews/a.md", title=HOSTILE, tags=["AI", "Chips"], extra=(
        "summary: A summary.\nimage: /images/lead.svg\nimage_alt: A chip\n"
        "updates: [{date: 2024-05-03T10:00:00+00:00, note: Fixed., type: correction}]\n"))
    authors = [make_author(config, "authors/jane-doe.md", "---\nname: Jane Doe\n---\nBio.\n")]
    site, problems = assemble(config, [article], authors=authors, assets={"images/lead.svg", "images/logo.png"})
    assert not [p for p in problems if p.is_error]
    renderer = Renderer(site, resolve_theme(config))
    return {plan.url: renderer.render(plan).decode() for plan in plan_pages(site) if plan.template}


def test_article_page_carries_a_news_article_with_the_required_fields(tmp_path):
    pages = render_site(tmp_path)
    article, breadcrumbs = json_ld_of(pages["/2024/05/a/"])
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == HOSTILE.replace('"x"', "“x”")  # the title's quotes are curled
    assert article["description"] == "A summary."
    assert article["datePublished"] == "2024-05-01T09:30:00+00:00"
    assert article["dateModified"] == "2024-05-03T10:00:00+00:00"  # the correction
    assert article["author"] == [{"@type": "Person", "name": "Jane Doe",
                                  "url": "https://example.org/news/authors/jane-doe/"}]
    assert article["publisher"]["@type"] == "NewsMediaOrganization"  # a schema.org Organization
    assert article["publisher"]["logo"]["url"] == "https://example.org/news/images/logo.png"
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": "https://example.org/news/2024/05/a/"}
    assert article["image"][0]["url"] == "https://example.org/news/images/lead.svg"
    assert article["keywords"] == ["AI", "Chips"]
    assert article["articleSection"] == "Reviews"
    assert article["correction"] == [{"@type": "CorrectionComment", "datePublished": "2024-05-03T10:00:00+00:00",
                                      "text": "Fixed."}]
    assert [item["item"] for item in breadcrumbs["itemListElement"]] == [
        "https://example.org/news/", "https://example.org/news/reviews/", "https://example.org/news/2024/05/a/"]


def test_front_page_is_a_website_and_lists_have_breadcrumbs(tmp_path):
    pages = render_site(tmp_path)
    (website,) = json_ld_of(pages["/"])
    assert (website["@type"], website["url"], website["name"]) == ("WebSite", "https://example.org/news/", "Test Desk")
    (crumbs,) = json_ld_of(pages["/tags/ai/"])
    assert [(i["position"], i["name"]) for i in crumbs["itemListElement"]] == [(1, "Test Desk"), (2, "Tags"), (3, "AI")]


def test_no_value_can_close_the_script_element():
    markup = str(json_ld({"headline": HOSTILE, "x": "\u2028"}))
    assert markup.count("</script>") == 1 and markup.endswith("</script>")
    assert "<script>" not in markup.removeprefix('<script type="application/ld+json">')
    assert json.loads(SCRIPT.search(markup).group(1)) == {"headline": HOSTILE, "x": "\u2028"}


def test_open_graph_and_twitter_cards(tmp_path):
    pages = render_site(tmp_path, twitter="@desk", social_image="/images/logo.png")
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', pages["/2024/05/a/"]))
    assert meta["og:type"] == "article"
    assert meta["og:url"] == "https://example.org/news/2024/05/a/"
    assert meta["article:modified_time"].startswith("2024-05-03")
    assert meta["article:tag"] == "Chips"  # one per tag; the dict keeps the last
    assert (meta["twitter:card"], meta["twitter:site"]) == ("summary_large_image", "@desk")
    home = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', pages["/"]))
    assert home["og:image"] == "https://example.org/news/images/logo.png"
    assert home["twitter:card"] == "summary_large_image"  # X takes the picture from og:image
    assert home["og:type"] == "website"


def test_story_types_are_labelled_and_typed_for_machines(tmp_path):
    config = make_config(tmp_path)
    kinds = {"analysis": ("Analysis", "AnalysisNewsArticle"), "opinion": ("Opinion", "OpinionNewsArticle"),
             "review": ("Review", "ReviewNewsArticle"), "explainer": ("Explainer", "BackgroundNewsArticle"),
             "sponsored": ("Sponsored", "AdvertiserContentArticle"), "news": ("", "NewsArticle")}
    articles = [make_article(config, f"news/{kind}.md", title=f"A {kind} story", extra=f"type: {kind.title()}\n")
                for kind in kinds]
    site, problems = assemble(config, articles)
    assert not [p for p in problems if p.is_error]
    renderer = Renderer(site, resolve_theme(config))
    pages = {plan.url: renderer.render(plan).decode() for plan in plan_pages(site) if plan.template}
    for kind, (label, schema) in kinds.items():
        page = pages[f"/2024/05/{kind}/"]
        assert json_ld_of(page)[0]["@type"] == schema
        assert re.search(r'<h1 class="story-title">(.*?)</h1>', page, re.S).group(1) == f"A {kind} story"
        typed = re.search(r'<p class="story-type"[^>]*>(.*?)</p>', page, re.S)
        if label:
            assert typed.group(1).strip() == f'<span class="story-label story-label-{kind}">{label}</span>'
        else:
            assert typed is None
    assert '<span class="story-label story-label-sponsored">Sponsored</span> <a href=' in pages["/"]


def test_an_unknown_story_type_names_the_choices(tmp_path):
    from .helpers import parse  # noqa: PLC0415

    result = parse(make_config(tmp_path), "news/a.md", "---\ntitle: T\ndate: 2024-05-01\nauthor: a\ntype: rumour\n---\nx\n")
    assert result.value is None
    assert [(p.line, p.message) for p in result.problems] == [
        (5, "type: 'rumour' is not one of news, analysis, opinion, review, feature, explainer, interview, sponsored, "
         "live")]


def _trusted_site(tmp_path):
    """A site with its policies named, and an author with a role and profile links."""
    write_files(tmp_path, {"content/images/logo.png": "png"})
    config = make_config(tmp_path, policies={"corrections": "/policy/#corrections", "masthead": "/about/"})
    author = make_author(config, "authors/jane-doe.md", "---\nname: Jane Doe\nrole: Chips reporter\nlinks: "
                         "{Mastodon: 'https://example.social/@jane', Mail: 'mailto:jane@example.org'}\n---\nBio.\n")
    pages = [make_page(config, f"pages/{slug}.md", f"---\ntitle: {slug}\n---\nText.\n") for slug in ("policy", "about")]
    return config, [make_article(config, "news/a.md", author="jane-doe")], pages, [author]


def test_publisher_names_its_policies_and_authors_their_role_and_profiles(tmp_path):
    config, articles, pages, authors = _trusted_site(tmp_path)
    site, problems = assemble(config, articles, pages, authors)
    assert problems == []
    renderer = Renderer(site, resolve_theme(config))
    rendered = {plan.url: renderer.render(plan).decode() for plan in plan_pages(site) if plan.template}
    article = json_ld_of(rendered["/2024/05/a/"])[0]
    assert article["publisher"]["correctionsPolicy"] == "https://example.org/policy/#corrections"
    assert article["publisher"]["masthead"] == "https://example.org/about/"
    person = {"@type": "Person", "name": "Jane Doe", "url": "https://example.org/authors/jane-doe/",
              "jobTitle": "Chips reporter", "sameAs": ["https://example.social/@jane"]}
    assert article["author"] == [person]
    profile = json_ld_of(rendered["/authors/jane-doe/"])[0]
    assert (profile["@type"], profile["mainEntity"]) == ("ProfilePage", person)


def test_a_policy_that_is_no_page_is_an_error_naming_the_key(tmp_path):
    config, articles, _pages, authors = _trusted_site(tmp_path)
    _, problems = assemble(config, articles, [], authors)
    assert [str(p) for p in problems] == [
        f'sitegen.toml: error: policies: {key} = "{path}" is no page of the site; name a page of content/pages/ '
        '(its URL), e.g. "/editorial-policy/"' for key, path in (("corrections", "/policy/#corrections"),
                                                                 ("masthead", "/about/"))]
