"""generator.config: sitegen.toml validation, defaults and the derived paths."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.config import CONFIG_NAME, build_config, check_permalink, load_config
from generator.errors import SiteError

BASE = {"title": "Test Desk", "base_url": "https://example.org/"}


def problems_of(values: dict, text: str = "", root: Path = Path(".")) -> list[tuple[str, int | None, str]]:
    with pytest.raises(SiteError) as caught:
        build_config(root, values, text)
    return [(p.path, p.line, p.message) for p in caught.value.problems]


def test_minimal_config_gets_documented_defaults(tmp_path):
    config = build_config(tmp_path, BASE)
    assert config.root == tmp_path.resolve()
    assert config.title == "Test Desk"
    assert config.base_url == "https://example.org/"
    assert config.description == ""
    assert config.language == "en"
    assert config.timezone == ZoneInfo("UTC")
    assert config.theme == "default"
    assert config.permalink == "/{year}/{month}/{slug}/"
    assert config.paginate == 10
    assert config.feed_size == 20
    assert config.raw_html is True
    assert config.search is True
    assert dict(config.theme_settings) == {}


def test_folders_derive_from_the_root(tmp_path):
    config = build_config(tmp_path, BASE)
    assert config.content_dir == tmp_path.resolve() / "content"
    assert config.themes_dir == tmp_path.resolve() / "themes"


def test_base_url_gets_trailing_slash_and_splits_into_path_and_origin(tmp_path):
    config = build_config(tmp_path, {"title": "T", "base_url": "https://example.org:8080/news"})
    assert config.base_url == "https://example.org:8080/news/"
    assert config.base_path == "/news/"
    assert config.origin == "https://example.org:8080"


def test_root_base_url_has_base_path_slash(tmp_path):
    config = build_config(tmp_path, {"title": "T", "base_url": "http://localhost:8000"})
    assert config.base_path == "/"
    assert config.origin == "http://localhost:8000"


def test_values_are_converted(tmp_path):
    config = build_config(tmp_path, {**BASE, "timezone": "Asia/Singapore", "paginate": 3,
                                     "theme_settings": {"tagline": "Hi"}, "raw_html": False})
    assert config.timezone == ZoneInfo("Asia/Singapore")
    assert config.paginate == 3
    assert config.raw_html is False
    assert config.theme_settings["tagline"] == "Hi"


def test_config_and_theme_settings_are_read_only(tmp_path):
    config = build_config(tmp_path, {**BASE, "theme_settings": {"tagline": "Hi"}})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.title = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.theme_settings["tagline"] = "Changed"  # type: ignore[index]


def test_unknown_key_suggests_the_close_match_and_names_its_line():
    text = 'title = "T"\nbase_url = "https://example.org/"\npagiante = 5\n'
    assert problems_of({**BASE, "pagiante": 5}, text) == [
        (CONFIG_NAME, 3, "unknown key 'pagiante' (did you mean 'paginate'?)"),
    ]


def test_unknown_key_without_close_match_has_no_suggestion():
    assert problems_of({**BASE, "colour": "red"}) == [(CONFIG_NAME, None, "unknown key 'colour'")]


def test_unknown_table_is_located_at_its_header():
    text = 'title = "T"\nbase_url = "https://example.org/"\n\n[theme_setting]\ntagline = "x"\n'
    assert problems_of({**BASE, "theme_setting": {"tagline": "x"}}, text) == [
        (CONFIG_NAME, 4, "unknown key 'theme_setting' (did you mean 'theme_settings'?)"),
    ]


@pytest.mark.parametrize(("key", "value", "message"), [
    ("title", 5, "'title' must be a string"),
    ("title", "   ", "'title' must not be empty"),
    ("description", ["a"], "'description' must be a string"),
    ("language", 1, "'language' must be a string"),
    ("timezone", 2, "'timezone' must be a string"),
    ("paginate", "10", "'paginate' must be a whole number"),
    ("paginate", 2.5, "'paginate' must be a whole number"),
    ("paginate", True, "'paginate' must be a whole number"),
    ("paginate", 0, "'paginate' must be 1 or more"),
    ("feed_size", -1, "'feed_size' must be 1 or more"),
    ("raw_html", "yes", "'raw_html' must be true or false"),
    ("raw_html", 1, "'raw_html' must be true or false"),
    ("theme_settings", "dark", "'theme_settings' must be a table, e.g. [theme_settings]"),
    ("theme", "../evil", "'theme' '../evil' is not a folder name under themes/"),
    ("theme", "..", "'theme' '..' is not a folder name under themes/"),
    ("permalink", 7, "'permalink' must be a string"),
    ("topic_feeds", "no", "'topic_feeds' must be true or false"),
    ("logo", 3, "'logo' must be a string"),
    ("social_image", ["x"], "'social_image' must be a string"),
    ("twitter", "desk", "'twitter' 'desk' is not a handle like \"@desk\""),
    ("twitter", "@desk with spaces", "'twitter' '@desk with spaces' is not a handle like \"@desk\""),
    ("expired", "delete", "'expired' must be one of 'mark', 'gone'"),
    ("icon", 3, "'icon' must be a string"),
    ("policies", "/policy/", "'policies' must be a table, e.g. [policies] with corrections = \"/editorial-policy/\""),
    ("policies", {"fairness": "/policy/"}, "'policies' has an unknown key 'fairness'; use publishing_principles, "
     "corrections, ethics, masthead, diversity, ownership, verification, unnamed_sources, actionable_feedback"),
    ("policies", {"corrections": "policy"}, "'policies' corrections: 'policy' must be a path of the site, "
     "e.g. \"/editorial-policy/\""),
])
def test_wrong_types_and_values_are_reported_by_key(key, value, message):
    assert problems_of({**BASE, key: value}) == [(CONFIG_NAME, None, message)]


def test_wrong_value_is_located_on_its_line():
    text = 'title = "T"\nbase_url = "https://example.org/"\npaginate = "ten"\n'
    assert problems_of({**BASE, "paginate": "ten"}, text) == [
        (CONFIG_NAME, 3, "'paginate' must be a whole number"),
    ]


@pytest.mark.parametrize(("base_url", "message"), [
    ("example.org", "'base_url' 'example.org' is not an absolute http(s) URL, e.g. https://example.org/"),
    ("ftp://example.org/", "'base_url' 'ftp://example.org/' is not an absolute http(s) URL, "
                           "e.g. https://example.org/"),
    ("https:///news/", "'base_url' 'https:///news/' is not an absolute http(s) URL, e.g. https://example.org/"),
    ("https://example.org/?a=1", "'base_url' 'https://example.org/?a=1' must not have a query or fragment"),
    ("https://example.org/#top", "'base_url' 'https://example.org/#top' must not have a query or fragment"),
    (3, "'base_url' must be a string"),
])
def test_bad_base_url(base_url, message):
    assert problems_of({"title": "T", "base_url": base_url}) == [(CONFIG_NAME, None, message)]


def test_required_keys_are_all_reported():
    assert problems_of({}) == [
        (CONFIG_NAME, None, "'title' is required"),
        (CONFIG_NAME, None, "'base_url' is required"),
    ]


def test_bad_timezone_names_the_value_and_shows_an_example():
    assert problems_of({**BASE, "timezone": "Mars/Olympus_Mons"}) == [(
        CONFIG_NAME, None,
        "'timezone' 'Mars/Olympus_Mons' is not an IANA time zone name, e.g. Europe/Berlin or Asia/Singapore",
    )]


def test_every_bad_key_is_reported_at_once():
    found = problems_of({**BASE, "paginate": 0, "timezone": "Nowhere/City", "typo": 1})
    assert [message.split(" ")[0:3] for _, _, message in found] == [
        ["unknown", "key", "'typo'"], ["'timezone'", "'Nowhere/City'", "is"], ["'paginate'", "must", "be"],
    ]


@pytest.mark.parametrize("pattern", [
    "/{year}/{month}/{slug}/", "/{slug}/", "/{section}/{slug}/", "/{year}/{month}/{day}/{slug}/",
    "/news/{year}/{slug}/",
])
def test_good_permalinks_are_accepted(pattern, tmp_path):
    assert check_permalink(pattern) is None
    assert build_config(tmp_path, {**BASE, "permalink": pattern}).permalink == pattern


@pytest.mark.parametrize(("pattern", "message"), [
    ("/{year}/{title}/{slug}/",
     "'/{year}/{title}/{slug}/' uses unknown {title}; use {day}, {month}, {section}, {slug}, {year}"),
    ("/{author}/{hour}/{slug}/",
     "'/{author}/{hour}/{slug}/' uses unknown {author}, {hour}; use {day}, {month}, {section}, {slug}, {year}"),
    ("/{year}/{month}/", "'/{year}/{month}/' must contain {slug} so that every article gets its own URL"),
    ("{year}/{slug}/", "'{year}/{slug}/' must start and end with '/', e.g. /{year}/{month}/{slug}/"),
    ("/{year}/{slug}", "'/{year}/{slug}' must start and end with '/', e.g. /{year}/{month}/{slug}/"),
    ("/{slug}/{", "'/{slug}/{' has an unbalanced brace"),
    ("/{slug}}/", "'/{slug}}/' has an unbalanced brace"),
    ("/a//{slug}/", "'/a//{slug}/' must not contain empty, '.' or '..' segments"),
    ("/../{slug}/", "'/../{slug}/' must not contain empty, '.' or '..' segments"),
    ("/./{slug}/", "'/./{slug}/' must not contain empty, '.' or '..' segments"),
])
def test_bad_permalinks(pattern, message):
    assert check_permalink(pattern) == message
    assert problems_of({**BASE, "permalink": pattern}) == [(CONFIG_NAME, None, f"'permalink' {message}")]


# load_config: reading the file


def test_load_config_reads_the_file(tmp_path):
    (tmp_path / CONFIG_NAME).write_text(
        'title = "Desk"\nbase_url = "https://example.org/news"\ntimezone = "Europe/Berlin"\n'
        '[theme_settings]\ntagline = "Daily"\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert (config.title, config.base_path, config.timezone) == ("Desk", "/news/", ZoneInfo("Europe/Berlin"))
    assert config.theme_settings == {"tagline": "Daily"}


def test_load_config_missing_file(tmp_path):
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path)
    (problem,) = caught.value.problems
    assert problem.path == CONFIG_NAME
    assert problem.message.startswith(f"not found in {tmp_path}; run `sitegen init DIR`")


def test_load_config_invalid_toml_names_the_line(tmp_path):
    (tmp_path / CONFIG_NAME).write_text('title = "Desk"\nbase_url = "https://example.org/"\npaginate = = 3\n',
                                        encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == (CONFIG_NAME, 3)
    assert problem.message.startswith("is not valid TOML: ")


def test_load_config_problems_point_at_file_lines(tmp_path):
    (tmp_path / CONFIG_NAME).write_text(
        '# comment\ntitle = "Desk"\nbase_url = "https://example.org/"\n\nfeed_sise = 5\ntimezone = "Bad/Zone"\n',
        encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path)
    assert [(p.line, p.message.split(" (")[0]) for p in caught.value.problems] == [
        (5, "unknown key 'feed_sise'"),
        (6, "'timezone' 'Bad/Zone' is not an IANA time zone name, e.g. Europe/Berlin or Asia/Singapore"),
    ]
    assert "(did you mean 'feed_size'?)" in caught.value.problems[0].message


def test_overrides_win_and_none_overrides_are_ignored(tmp_path):
    (tmp_path / CONFIG_NAME).write_text('title = "Desk"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    assert load_config(tmp_path, {"base_url": "https://preview.example.net/pr-7"}).base_url == (
        "https://preview.example.net/pr-7/")
    assert load_config(tmp_path, {"base_url": None}).base_url == "https://example.org/"


def test_overrides_are_validated(tmp_path):
    (tmp_path / CONFIG_NAME).write_text('title = "Desk"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path, {"base_url": "not a url"})
    assert [p.message for p in caught.value.problems] == [
        "'base_url' 'not a url' is not an absolute http(s) URL, e.g. https://example.org/",
    ]


def test_search_can_be_turned_off_and_must_be_a_bool(tmp_path):
    assert build_config(tmp_path, {**BASE, "search": False}).search is False
    assert problems_of({**BASE, "search": "no"}, 'search = "no"\n') == [
        (CONFIG_NAME, 1, "'search' must be true or false")]


def test_logo_and_social_image_become_site_paths(tmp_path):
    config = build_config(tmp_path, {**BASE, "logo": "images/logo.png", "social_image": "https://cdn.example.net/c.png"})
    assert (config.logo, config.social_image) == ("/images/logo.png", "https://cdn.example.net/c.png")
