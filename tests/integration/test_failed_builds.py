"""Every user mistake: one clear message naming the file (and line), exit 1, output/ untouched.

Each case first builds the valid site, then breaks it, then checks that the failed build left
output/ byte for byte (and mtime for mtime) as the good build wrote it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import article, run_sitegen, snapshot, write_files

# (case id, files to add or replace, expected "path:line" or path, expected words in the message)
CONTENT_ERRORS = [
    ("bad-yaml", {"content/news/bad.md": '---\ntitle: "Unclosed\ndate: 2024-05-01\nauthor: ana\n---\nx\n'},
     "content/news/bad.md:2", "not valid YAML"),
    ("yaml-colon", {"content/news/bad.md": "---\ntitle: Apple: the review\ndate: 2024-05-01\nauthor: ana\n---\nx\n"},
     "content/news/bad.md:2", "put it in quotes: title: \"Apple: the review\""),
    ("no-front-matter", {"content/news/bad.md": "Just a body, no front matter.\n"},
     "content/news/bad.md:1", "has no front matter"),
    ("missing-title", {"content/news/bad.md": "---\ndate: 2024-05-01\nauthor: ana\n---\nx\n"},
     "content/news/bad.md", "title: is required"),
    ("empty-title", {"content/news/bad.md": '---\ntitle: "  "\ndate: 2024-05-01\nauthor: ana\n---\nx\n'},
     "content/news/bad.md:2", "title: must not be empty"),
    ("missing-date", {"content/news/bad.md": "---\ntitle: T\nauthor: ana\n---\nx\n"},
     "content/news/bad.md", "date: is required"),
    ("missing-author", {"content/news/bad.md": "---\ntitle: T\ndate: 2024-05-01\n---\nx\n"},
     "content/news/bad.md", "author: is required"),
    ("empty-author-list", {"content/news/bad.md": "---\ntitle: T\ndate: 2024-05-01\nauthor: []\n---\nx\n"},
     "content/news/bad.md:4", "author: is an empty list"),
    ("unparsable-date", {"content/news/bad.md": article("T", date="2024-13-45")},
     "content/news/bad.md:3", "cannot read '2024-13-45' as a date"),
    ("updated-before-date", {"content/news/bad.md": article("T", updated="2024-04-01T00:00:00+02:00")},
     "content/news/bad.md:5", "is before the date"),
    ("tags-not-a-list", {"content/news/bad.md": article("T", tags="chips")},
     "content/news/bad.md:5", "tags: must be a list"),
    ("key-points-not-a-list", {"content/news/bad.md": article("T", key_points="one point")},
     "content/news/bad.md:5", "key_points: must be a list"),
    ("draft-not-boolean", {"content/news/bad.md": article("T", draft='"maybe"')},
     "content/news/bad.md:5", "draft: must be true or false"),
    ("bad-slug", {"content/news/bad.md": article("T", slug='"Not A Slug"')},
     "content/news/bad.md:5", "is not a URL slug; use 'not-a-slug'"),
    ("duplicate-url", {"content/news/copy.md": article("Copy", slug="first")},
     "content/news/copy.md", "would write /2024/05/first/, which content/news/first.md also writes"),
    ("page-collides-with-section", {"content/pages/news.md": "---\ntitle: News\n---\nx\n"},
     "content/pages/news.md", "would write /news/"),
    ("asset-collides-with-feed", {"content/feed.xml": "<rss/>"},
     "content/feed.xml", "would write /feed.xml"),
    ("missing-template", {"content/news/bad.md": article("T", template="special.html")},
     "content/news/bad.md", "template 'special.html' not found"),
    ("missing-lead-image", {"content/news/bad.md": article("T", image="/images/none.png", image_alt="x")},
     "content/news/bad.md", "image: '/images/none.png' is not a file in content/"),
    ("missing-body-image", {"content/news/bad.md": article("T", body="Text\n\n![Chart](chart.png)\n")},
     "content/news/bad.md:8", "image to 'news/chart.png': no such file"),
    ("link-to-missing-article", {"content/news/bad.md": article("T", body="See [this](gone.md).\n")},
     "content/news/bad.md:6", "link to 'news/gone.md': no such file"),
    ("link-to-draft", {"content/news/bad.md": article("T", body="See [this](secret.md).\n"),
                       "content/news/secret.md": article("Secret", draft="true")},
     "content/news/bad.md:6", "draft or scheduled for later"),
    ("not-utf8", {"content/news/bad.md": None}, "content/news/bad.md", "is not UTF-8"),
    ("config-unknown-key", {"sitegen.toml": 'title = "T"\nbase_url = "https://x.org/"\npaginte = 5\n'},
     "sitegen.toml:3", "unknown key 'paginte' (did you mean 'paginate'?)"),
    ("config-bad-timezone", {"sitegen.toml": 'title = "T"\nbase_url = "https://x.org/"\ntimezone = "Mars/Base"\n'},
     "sitegen.toml:3", "'timezone' 'Mars/Base' is not an IANA time zone name"),
    ("config-bad-permalink", {"sitegen.toml": 'title = "T"\nbase_url = "https://x.org/"\npermalink = "/{year}/{title}/"\n'},
     "sitegen.toml:3", "unknown {title}"),
    ("config-wrong-type", {"sitegen.toml": 'title = "T"\nbase_url = "https://x.org/"\npaginate = "ten"\n'},
     "sitegen.toml:3", "'paginate' must be a whole number"),
    ("config-missing-base-url", {"sitegen.toml": 'title = "T"\n'}, "sitegen.toml", "'base_url' is required"),
    ("config-bad-toml", {"sitegen.toml": 'title = "T\n'}, "sitegen.toml:1", "is not valid TOML"),
    ("template-syntax-error", {"sitegen.toml": 'title = "T"\nbase_url = "https://x.org/"\ntheme = "mine"\n',
                               "themes/mine/theme.toml": 'extends = "default"\n',
                               "themes/mine/templates/article.html": "{% extends 'base.html' %}\n{% block main %}\n{{ article.title \n{% endblock %}\n"},
     "themes/mine/templates/article.html:4", "template syntax"),
    ("template-undefined-variable", {"sitegen.toml": 'title = "T"\nbase_url = "https://x.org/"\ntheme = "mine"\n',
                                     "themes/mine/theme.toml": 'extends = "default"\n',
                                     "themes/mine/templates/page.html": "{% extends 'base.html' %}\n{% block main %}{{ page.headline }}{% endblock %}\n"},
     "themes/mine/templates/page.html:2", "page has no field 'headline'"),
    ("missing-theme", {"sitegen.toml": 'title = "T"\nbase_url = "https://x.org/"\ntheme = "nope"\n'},
     "sitegen.toml", "theme 'nope' not found"),
]


@pytest.mark.parametrize(("files", "where", "words"), [case[1:] for case in CONTENT_ERRORS],
                         ids=[case[0] for case in CONTENT_ERRORS])
def test_user_error_names_file_exits_1_and_keeps_output(site: Path, files: dict, where: str, words: str) -> None:
    good = run_sitegen("build", cwd=site)
    assert good.code == 0, good.stderr
    before = snapshot(site / "output")
    for name, text in files.items():
        if text is None:
            (site / name).write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
        else:
            write_files(site, {name: text})

    failed = run_sitegen("build", cwd=site)

    assert failed.code == 1
    assert "Traceback" not in failed.stderr
    error_lines = [line for line in failed.stderr.splitlines() if ": error: " in line]
    assert any(line.startswith(f"{where}: error: ") or (line.startswith(f"{where}:") and words in line)
               for line in error_lines), failed.stderr
    assert any(words in line for line in error_lines), failed.stderr
    assert snapshot(site / "output") == before


def test_all_errors_of_a_run_are_reported_together(site: Path) -> None:
    write_files(site, {
        "content/news/a.md": "---\ndate: 2024-05-01\nauthor: ana\n---\nx\n",
        "content/news/b.md": article("B", date="yesterday"),
        "content/news/c.md": article("C", tags="solo"),
    })
    failed = run_sitegen("build", cwd=site)
    assert failed.code == 1
    errors = [line for line in failed.stderr.splitlines() if ": error: " in line]
    assert [line.split(":")[0] for line in errors] == ["content/news/a.md", "content/news/b.md", "content/news/c.md"]
    assert "Build failed: 3 errors" in failed.stderr


def test_unknown_key_is_a_warning_and_strict_makes_it_an_error(site: Path) -> None:
    write_files(site, {"content/news/typo.md": article("T", sumary='"A typo"')})
    relaxed = run_sitegen("build", cwd=site)
    assert relaxed.code == 0, relaxed.stderr
    assert "content/news/typo.md:5: warning: unknown front-matter key 'sumary'" in relaxed.stderr
    before = snapshot(site / "output")
    strict = run_sitegen("build", "--strict", cwd=site)
    assert strict.code == 1
    assert "content/news/typo.md:5: error: unknown front-matter key 'sumary'" in strict.stderr
    assert snapshot(site / "output") == before


def test_author_without_profile_gets_a_page_and_a_warning(site: Path) -> None:
    write_files(site, {"content/news/guest.md": article("Guest", author='"Guest Writer"')})
    done = run_sitegen("build", "--site", site)
    assert done.code == 0, done.stderr
    assert "warning: author 'Guest Writer' has no profile" in done.stderr
    assert (site / "output" / "authors" / "guest-writer" / "index.html").is_file()


@pytest.mark.parametrize("output", [".", "content", "themes", "..", "content/out"])
def test_dangerous_output_folders_are_refused(site: Path, output: str) -> None:
    (site / "themes").mkdir(exist_ok=True)
    before = snapshot(site.parent)
    done = run_sitegen("build", "--site", site, "--output", site / output)
    assert done.code == 1
    assert "cannot be the output folder" in done.stderr
    assert snapshot(site.parent) == before


def test_usage_errors_exit_2(site: Path) -> None:
    assert run_sitegen("build", "--site", site, "--no-such-option").code == 2
    assert run_sitegen("build", "--site", site, "--base-url", "not-a-url").code == 2
