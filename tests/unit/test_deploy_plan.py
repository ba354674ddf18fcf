"""deploy/plan.py and deploy/local.py: the manifest, how far it is trusted, and what a deploy changes."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from generator.deploy import local
from generator.deploy import plan as deploy_plan
from generator.deploy.local import DIGESTS_FILE, LocalFile, scan
from generator.deploy.plan import Remote, make_plan, remote_state
from generator.deploy.policy import IMMUTABLE, REVALIDATE, Stage
from generator.deploy.targets import Listed
from generator.render.themes import content_digest
from tests.unit.helpers import write_files


def _file(path: str, text: str = "x") -> LocalFile:
    return LocalFile(path, len(text), content_digest(text.encode()), "text/html; charset=utf-8", REVALIDATE, False)


class _Bucket:
    """A target in memory that lists like S3: in key order, a page at a time."""

    url = "s3://fake"
    parallel = 1
    cheap_listing = False
    gzip = False

    def __init__(self, files: dict[str, Listed], manifest: bytes | None) -> None:
        self.files, self.manifest = files, manifest
        self.listings: list[tuple[str, int | None]] = []

    def read_manifest(self) -> bytes | None:
        return self.manifest

    def listing(self, start_after: str = "", limit: int | None = None) -> tuple[dict[str, Listed], bool]:
        self.listings.append((start_after, limit))
        after = sorted(path for path in self.files if path > start_after)
        shown = after[:limit] if limit else after
        return {path: self.files[path] for path in shown}, len(shown) < len(after)


def _deployed(count: int) -> tuple[Remote, dict[str, Listed]]:
    """A manifest of COUNT files and a listing that agrees with it."""
    remote = Remote({f"p{n:04}/index.html": (f"state{n}", 10, f'"etag{n}"') for n in range(count)})
    return remote, {path: Listed(size, check) for path, (_, size, check) in remote.files.items()}


def test_a_manifest_round_trips_and_a_foreign_one_is_ignored() -> None:
    remote = Remote({"index.html": ("d:h", 12, '"e"')}, {"feed.xml"})
    again = Remote.from_bytes(remote.to_bytes())
    assert again is not None and (again.files, again.pending) == (remote.files, remote.pending)
    assert remote.to_bytes() == Remote(dict(remote.files), set(remote.pending)).to_bytes()  # the same bytes each time
    for foreign in (b"not gzip", gzip.compress(b"[1, 2]"), gzip.compress(b'{"format": 99, "files": {}}'),
                    gzip.compress(b'{"format": 1, "files": {"a": [1]}, "pending": []}')):
        assert Remote.from_bytes(foreign) is None


def test_a_listing_that_differs_from_the_manifest_makes_files_unknown() -> None:
    remote = Remote({"same.html": ("s1", 5, '"a"'), "edited.html": ("s2", 5, '"b"'), "gone.html": ("s3", 5, '"c"')},
                    {"half.html"})
    remote.reconcile({"same.html": Listed(5, '"a"'), "edited.html": Listed(5, '"other"'),
                      "stray.html": Listed(1, '"d"'), "half.html": Listed(3, '"e"')})
    assert remote.files == {"same.html": ("s1", 5, '"a"')}
    assert remote.pending == {"edited.html", "stray.html", "half.html"}


def test_a_manifest_that_agrees_with_a_spot_check_is_trusted_without_listing_all() -> None:
    remote, listed = _deployed(1200)
    target = _Bucket(listed, remote.to_bytes())
    state = remote_state(target, verify=False)
    assert state.checked == "spot" and state.files == remote.files
    [(start, limit)] = target.listings
    assert limit == deploy_plan.SPOT_CHECK and start < sorted(listed)[-deploy_plan.SPOT_CHECK]


@pytest.mark.parametrize("tamper", ["emptied", "edited", "stray"])
def test_a_spot_check_that_disagrees_lists_everything(tamper: str, monkeypatch: pytest.MonkeyPatch) -> None:
    remote, listed = _deployed(1200)
    monkeypatch.setattr(deploy_plan.random, "choice", lambda options: options[300])  # look at p0300… p0799
    if tamper == "emptied":
        listed = {}
    elif tamper == "edited":
        listed["p0500/index.html"] = Listed(10, '"someone else"')
    else:
        listed["p0500/zzz.html"] = Listed(1, '"stray"')
    target = _Bucket(listed, remote.to_bytes())
    state = remote_state(target, verify=False)
    assert state.checked == "full" and target.listings[-1] == ("", None)
    assert len(state.files) == {"emptied": 0, "edited": 1199, "stray": 1200}[tamper]


def test_no_manifest_or_verify_lists_everything() -> None:
    remote, listed = _deployed(3)
    assert remote_state(_Bucket(listed, None), verify=False).pending == set(listed)
    assert remote_state(_Bucket(listed, remote.to_bytes()), verify=True).checked == "full"


def test_a_plan_uploads_new_changed_and_pending_files_in_stage_order_and_deletes_the_rest() -> None:
    local = {file.path: file for file in (_file("index.html", "new home"), _file("static/site.css"),
                                          _file("feed.xml"), _file("about/index.html"), _file("pending.html"))}
    remote = Remote({"static/site.css": (local["static/site.css"].state, 1, '"a"'),
                     "index.html": ("old state", 1, '"b"'), "about/index.html": (local["about/index.html"].state, 1,
                                                                                '"c"'),
                     "old/index.html": ("s", 1, '"d"')}, {"pending.html", "half-deleted.html"})
    plan = make_plan(local, remote)
    assert [(f.path, f.stage) for f in plan.uploads] == [
        ("index.html", Stage.PAGES), ("pending.html", Stage.PAGES), ("feed.xml", Stage.FEEDS)]
    assert plan.new == {"feed.xml"} and plan.unchanged == 2
    assert plan.deletions == ("half-deleted.html", "old/index.html")


def test_scan_skips_bookkeeping_and_reads_only_changed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, cache = tmp_path / "output", tmp_path / "cache"
    write_files(out, {"index.html": "<p>home</p>", "static/site.3f9a1c2b.css": "a", ".sitegen-manifest": "index.html",
                      ".sitegen-journal": "", "pagefind/.sitegen-index": "x", "2024/.x.html.sitegen-tmp": "half",
                      ".well-known/security.txt": "Contact: mailto:desk@example.org"})
    files = scan(out, cache, use_gzip=True)
    assert set(files) == {"index.html", "static/site.3f9a1c2b.css", ".well-known/security.txt"}
    assert files["index.html"].digest == content_digest(b"<p>home</p>") and files["index.html"].gzipped
    assert files["static/site.3f9a1c2b.css"].cache_control == REVALIDATE  # not this content's digest
    assert (cache / DIGESTS_FILE).is_file()
    read: list[bytes] = []
    monkeypatch.setattr(local, "content_digest", lambda data: read.append(data) or content_digest(data))
    scan(out, cache, use_gzip=True)
    assert read == []  # size, times and inode as at the last scan: the digest is known
    (out / "index.html").unlink()  # as a build renames a new file over the old one
    (out / "index.html").write_text("<p>HOME</p>")
    assert scan(out, cache, use_gzip=True)["index.html"].digest == content_digest(b"<p>HOME</p>")
    assert read == [b"<p>HOME</p>"]


def test_a_file_named_by_its_digest_is_immutable_and_gzip_leaves_pictures_alone(tmp_path: Path) -> None:
    digest = content_digest(b"body{}")
    write_files(tmp_path / "output", {f"static/site.{digest[:8]}.css": "body{}", "a.png": "png"})
    files = scan(tmp_path / "output", tmp_path / "cache", use_gzip=True)
    assert files[f"static/site.{digest[:8]}.css"].cache_control == IMMUTABLE
    assert not files["a.png"].gzipped
    assert gzip.decompress(files[f"static/site.{digest[:8]}.css"].body(tmp_path / "output")) == b"body{}"
