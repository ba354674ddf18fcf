"""generator.build.cache: what the in-memory parse cache hands on, and how the state is kept on disk."""

from __future__ import annotations

from pathlib import Path

from generator.build.cache import (
    CACHE_DIR_NAME,
    CHANGES_FILE,
    STATE_FILE,
    CachedParse,
    CacheState,
    ParseCache,
    load_state,
    save_state,
)
from generator.content.model import ParseResult
from generator.content.sources import scan_sources
from generator.incremental.fingerprints import PageRecord

from .helpers import article_text, make_config, write_files


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress is not under test here."""


def test_articles_share_one_tag_object_per_tag(tmp_path):
    write_files(tmp_path, {"content/news/a.md": article_text("A", tags=["AI", "Chips"]),
                           "content/news/b.md": article_text("B", tags=["AI"])})
    config = make_config(tmp_path)
    sources, _ = scan_sources(config.content_dir)
    articles, _, _, problems = ParseCache().parse_all(sources, config, 1, _no_progress)
    assert not problems
    first, second = sorted(articles, key=lambda article: article.title)
    assert [tag.name for tag in first.tags] == ["AI", "Chips"]
    assert first.tags[0] is second.tags[0]


def _state(records: dict[str, PageRecord], output: str = "/site/output") -> CacheState:
    entries = {f"news/{n}.md": CachedParse((n, n), ParseResult(None)) for n in range(10)}
    return CacheState(ParseCache("config", entries), records, output)


def _records(count: int, fingerprint: str = "f") -> dict[str, PageRecord]:
    return {f"page-{n}/index.html": PageRecord(fingerprint, {("a", f"/a/{n}/"): frozenset({"title"})}, "g")
            for n in range(count)}


def _cache_files(site: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in (site / CACHE_DIR_NAME).iterdir()}


def test_a_few_changes_are_saved_beside_the_base_and_read_back_over_it(tmp_path):
    state = _state(_records(40))
    base = save_state(tmp_path, state, None)
    written = _cache_files(tmp_path)
    assert set(written) == {STATE_FILE}
    state.records["page-3/index.html"] = PageRecord("new", {}, "g")
    del state.records["page-4/index.html"]
    state.parse.entries.pop("news/5.md")
    assert save_state(tmp_path, state, base) is base
    assert _cache_files(tmp_path)[STATE_FILE] == written[STATE_FILE]  # the base is not written again
    assert CHANGES_FILE in _cache_files(tmp_path)
    loaded, loaded_base, note = load_state(tmp_path, Path("/site/output"))
    assert note == "" and loaded_base is not None
    assert loaded.records == state.records and loaded.parse.entries.keys() == state.parse.entries.keys()


def test_many_changes_write_a_new_base_and_drop_the_changes_file(tmp_path):
    state = _state(_records(40))
    base = save_state(tmp_path, state, None)
    state.records["page-0/index.html"] = PageRecord("new", {}, "g")
    save_state(tmp_path, state, base)
    state.records = _records(40, fingerprint="every page re-rendered")
    new_base = save_state(tmp_path, state, base)
    assert new_base.token != base.token
    assert set(_cache_files(tmp_path)) == {STATE_FILE}
    assert load_state(tmp_path, Path("/site/output"))[0].records == state.records


def test_changes_made_against_another_base_are_not_applied(tmp_path):
    """A build killed between writing a new base and removing the old changes file."""
    state = _state(_records(40))
    base = save_state(tmp_path, state, None)
    state.records["page-0/index.html"] = PageRecord("old change", {}, "g")
    save_state(tmp_path, state, base)
    stale_changes = (tmp_path / CACHE_DIR_NAME / CHANGES_FILE).read_bytes()
    state.records = _records(40, fingerprint="rebuilt")
    save_state(tmp_path, state, None)
    (tmp_path / CACHE_DIR_NAME / CHANGES_FILE).write_bytes(stale_changes)
    assert load_state(tmp_path, Path("/site/output"))[0].records == _records(40, fingerprint="rebuilt")
