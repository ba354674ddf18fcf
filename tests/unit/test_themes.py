"""generator.render.themes: the theme chain from the site's theme through `extends` to the packaged default."""

from __future__ import annotations

import jinja2
import pytest

from generator.errors import SiteError
from generator.render.themes import PACKAGED_THEMES, resolve_theme

from .helpers import make_config, write_files

PACKAGED_DEFAULT = PACKAGED_THEMES / "default"


def theme_problems(config):
    with pytest.raises(SiteError) as caught:
        resolve_theme(config)
    return [(p.path, p.message) for p in caught.value.problems]


def loader_for(chain):
    return jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in chain.template_dirs]))


def test_packaged_theme_has_the_templates_every_page_kind_needs():
    names = {path.name for path in (PACKAGED_DEFAULT / "templates").iterdir()}
    assert {"index.html", "article.html", "page.html", "section.html", "tag.html", "tags.html", "author.html",
            "authors.html", "archive.html", "archive_year.html", "404.html"} <= names


def test_packaged_default_is_used_without_a_themes_folder(tmp_path):
    chain = resolve_theme(make_config(tmp_path))
    assert chain.folders == (PACKAGED_DEFAULT,)
    assert chain.template_dirs == (PACKAGED_DEFAULT / "templates",)
    assert not (tmp_path / "themes").exists()


def test_site_theme_of_the_same_name_shadows_the_packaged_one(tmp_path):
    write_files(tmp_path, {"themes/default/templates/index.html": "own"})
    chain = resolve_theme(make_config(tmp_path))
    assert chain.folders == (tmp_path / "themes" / "default",)


def test_child_theme_extends_default_and_overrides_one_template(tmp_path):
    write_files(tmp_path, {
        "themes/desk/theme.toml": 'name = "desk"\nextends = "default"\n',
        "themes/desk/templates/article.html": "child article",
    })
    chain = resolve_theme(make_config(tmp_path, theme="desk"))
    assert chain.folders == (tmp_path / "themes" / "desk", PACKAGED_DEFAULT)
    assert chain.template_dirs == (tmp_path / "themes" / "desk" / "templates", PACKAGED_DEFAULT / "templates")
    env = loader_for(chain)
    assert env.get_template("article.html").render() == "child article"
    assert env.get_template("index.html").filename == str(PACKAGED_DEFAULT / "templates" / "index.html")


def test_child_without_templates_folder_has_only_the_parent_templates(tmp_path):
    write_files(tmp_path, {"themes/bare/theme.toml": 'extends = "default"\n'})
    chain = resolve_theme(make_config(tmp_path, theme="bare"))
    assert chain.template_dirs == (PACKAGED_DEFAULT / "templates",)


def test_static_dirs_child_first(tmp_path):
    write_files(tmp_path, {"themes/desk/theme.toml": 'extends = "default"\n', "themes/desk/static/site.css": "x"})
    chain = resolve_theme(make_config(tmp_path, theme="desk"))
    assert chain.static_dirs[0] == tmp_path / "themes" / "desk" / "static"


def test_settings_merge_parent_then_child_then_site(tmp_path):
    write_files(tmp_path, {
        "themes/base/theme.toml": '[settings]\naccent = "red"\nlogo = "base.svg"\nfooter = "base"\n',
        "themes/desk/theme.toml": 'extends = "base"\n[settings]\naccent = "blue"\nlogo = "desk.svg"\n',
    })
    chain = resolve_theme(make_config(tmp_path, theme="desk", theme_settings={"logo": "site.svg"}))
    assert dict(chain.settings) == {"accent": "blue", "logo": "site.svg", "footer": "base"}
    with pytest.raises(TypeError):
        chain.settings["accent"] = "green"  # type: ignore[index]


def test_missing_theme(tmp_path):
    assert theme_problems(make_config(tmp_path, theme="glossy")) == [
        ("sitegen.toml", "theme 'glossy' not found: expected themes/glossy/ in the site (or the built-in 'default')"),
    ]


def test_missing_parent_theme_names_the_child_theme_file(tmp_path):
    write_files(tmp_path, {"themes/desk/theme.toml": 'extends = "ghost"\n'})
    assert theme_problems(make_config(tmp_path, theme="desk")) == [
        ("themes/desk/theme.toml",
         "theme 'ghost' not found: expected themes/ghost/ in the site (or the built-in 'default')"),
    ]


def test_extends_loop(tmp_path):
    write_files(tmp_path, {"themes/a/theme.toml": 'extends = "b"\n', "themes/b/theme.toml": 'extends = "a"\n'})
    assert theme_problems(make_config(tmp_path, theme="a")) == [
        ("themes/b/theme.toml", "themes extend each other in a loop at 'a'"),
    ]


def test_theme_extending_itself(tmp_path):
    write_files(tmp_path, {"themes/a/theme.toml": 'extends = "a"\n'})
    assert theme_problems(make_config(tmp_path, theme="a")) == [
        ("themes/a/theme.toml", "themes extend each other in a loop at 'a'"),
    ]


@pytest.mark.parametrize(("toml", "message"), [
    ('extend = "default"\n', "unknown key 'extend'; use description, extends, name, settings"),
    ("extends = 3\n", "'extends' must be the name of another theme, e.g. \"default\""),
    ('settings = "dark"\n', "'settings' must be a table: [settings]"),
])
def test_bad_theme_file(tmp_path, toml, message):
    write_files(tmp_path, {"themes/desk/theme.toml": toml})
    assert theme_problems(make_config(tmp_path, theme="desk")) == [("themes/desk/theme.toml", message)]


def test_theme_file_that_is_not_toml(tmp_path):
    write_files(tmp_path, {"themes/desk/theme.toml": "extends = \n"})
    (problem,) = theme_problems(make_config(tmp_path, theme="desk"))
    assert problem[0] == "themes/desk/theme.toml"
    assert problem[1].startswith("is not valid TOML: ")
