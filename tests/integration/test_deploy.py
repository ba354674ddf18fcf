"""`sitegen deploy` against a real S3 API (moto's server on loopback) and a folder: the same scenarios.

Each test builds a small site, deploys it, changes it the way a desk does (publishes, deletes,
breaks an upload half-way) and checks the target against output/: the same files with the
same bytes, served with the right headers, uploaded in an order no reader can notice.
"""

from __future__ import annotations

import gzip
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from PIL import Image as PILImage

from generator.build.builder import BuildOptions, run_build
from generator.config import load_config
from generator.deploy import plan as deploy_plan
from generator.deploy import run as deploy_run
from generator.deploy.bucket import BucketTarget
from generator.deploy.folder import FolderTarget
from generator.deploy.local import is_bookkeeping
from generator.deploy.policy import IMMUTABLE, REVALIDATE, Stage, stage
from generator.deploy.run import DeployOptions, DeployResult, deploy
from generator.deploy.targets import MANIFEST_KEY, open_target, target_error
from generator.errors import SiteError
from tests.conftest import MINIMAL_CONFIG, article, write_files
from tests.s3_server import FAKE_CREDENTIALS, s3_server


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with s3_server() as url:
        yield url


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(name, value)


@dataclass
class Place:
    """A deploy target and what the test reads back from it, whichever kind it is."""

    kind: str
    table: str  # the [deploy.live] table of sitegen.toml
    read: Callable[[], dict[str, bytes]]  # path → bytes as a reader gets them (decompressed)
    headers: Callable[[str], tuple[str, str, str]]  # path → (Content-Type, Cache-Control, Content-Encoding)
    write: Callable[[str, bytes], None]  # change a file behind sitegen's back


def _bucket_place(endpoint: str, gzip_text: bool = False) -> Place:
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    bucket = f"site-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)

    def read() -> dict[str, bytes]:
        found = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="www/"):
            for item in page.get("Contents", ()):
                answer = s3.get_object(Bucket=bucket, Key=item["Key"])
                body = answer["Body"].read()
                found[item["Key"][4:]] = gzip.decompress(body) if answer.get("ContentEncoding") == "gzip" else body
        return found

    def headers(path: str) -> tuple[str, str, str]:
        answer = s3.head_object(Bucket=bucket, Key=f"www/{path}")
        return answer["ContentType"], answer["CacheControl"], answer.get("ContentEncoding", "")

    return Place("bucket", f'url = "s3://{bucket}/www"\nendpoint = "{endpoint}"\nregion = "us-east-1"\n'
                 f"gzip = {'true' if gzip_text else 'false'}\n", read, headers,
                 lambda path, data: s3.put_object(Bucket=bucket, Key=f"www/{path}", Body=data))


def _folder_place(root: Path) -> Place:
    def read() -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    return Place("folder", f'url = "file://{root}"\n', read, lambda path: ("", "", ""),
                 lambda path, data: (root / path).write_bytes(data))


@pytest.fixture(params=["bucket", "folder"])
def place(request: pytest.FixtureRequest, tmp_path: Path) -> Place:
    if request.param == "bucket":
        return _bucket_place(request.getfixturevalue("s3_endpoint"))
    return _folder_place(tmp_path / "www")


def _photo(path: Path, color: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", (1300, 760), color).save(path)


def _make_site(root: Path, place: Place, search: bool = False) -> Path:
    write_files(root, {
        "sitegen.toml": MINIMAL_CONFIG + f"search = {'true' if search else 'false'}\n[deploy.live]\n" + place.table,
        "content/authors/ana.md": "---\nname: Ana Ruiz\n---\nAna covers chips.\n",
        "content/news/first.md": article("First story", tags="[chips]", image="/images/first.png",
                                         image_alt="A teal square"),
        "content/news/second.md": article("Second story", "2024-05-02T10:00:00+02:00", tags="[chips, ai]"),
        "content/news/third.md": article("Third story", "2024-05-03T10:00:00+02:00", tags="[ai]"),
        "content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
        "content/images/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>',
    })
    _photo(root / "content/images/first.png", "teal")
    _build(root)
    return root


@pytest.fixture
def site(tmp_path: Path, place: Place) -> Path:
    return _make_site(tmp_path / "site", place)


def _build(site: Path) -> set[str]:
    """Build as `sitegen build` does; the output files it wrote."""
    return set(run_build(BuildOptions(site, jobs=1, cache=True)).written)


def _deploy(site: Path, **options: object) -> DeployResult:
    output = site / "output"
    target = open_target(load_config(site), "live", output)
    return deploy(output, site / ".sitegen-cache", target, DeployOptions(**options))  # type: ignore[arg-type]


def _published(site: Path) -> dict[str, bytes]:
    """What the target must hold: every file of output/ but sitegen's bookkeeping."""
    output = site / "output"
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*")
            if p.is_file() and not any(is_bookkeeping(part) for part in p.relative_to(output).parts)}


def _held(place: Place) -> dict[str, bytes]:
    return {path: data for path, data in place.read().items() if path != MANIFEST_KEY}


def _uploaded(result: DeployResult) -> set[str]:
    return {file.path for file in result.plan.uploads}


def _publish_story(site: Path) -> None:
    write_files(site, {"content/news/fourth.md": article("Fourth story", "2024-05-04T10:00:00+02:00", tags="[ai]",
                                                         image="/images/fourth.png", image_alt="A red square")})
    _photo(site / "content/images/fourth.png", "red")


def test_the_first_deploy_uploads_everything(site: Path, place: Place) -> None:
    result = _deploy(site)
    assert _held(place) == _published(site)
    assert _uploaded(result) == set(_published(site)) and result.plan.deletions == ()


def test_a_deploy_with_nothing_changed_uploads_nothing(site: Path, place: Place) -> None:
    _deploy(site)
    before = place.read()
    again = _deploy(site)
    assert again.plan.empty and again.plan.unchanged == len(_published(site))
    assert place.read() == before  # the manifest was not even rewritten


def test_publishing_a_story_uploads_only_what_the_build_wrote(site: Path, place: Place) -> None:
    _deploy(site)
    _publish_story(site)
    written = _build(site)
    result = _deploy(site)
    assert _uploaded(result) == written
    assert "2024/05/fourth/index.html" in written and "images/fourth.png" in written
    assert _held(place) == _published(site)


def test_a_deleted_story_is_removed(site: Path, place: Place) -> None:
    _deploy(site)
    (site / "content/news/third.md").unlink()
    _build(site)
    result = _deploy(site)
    assert "2024/05/third/index.html" in result.plan.deletions
    assert "2024/05/third/index.html" not in _held(place)
    assert _held(place) == _published(site)


def _failing_after(count: int, monkeypatch: pytest.MonkeyPatch, error: BaseException) -> list[str]:
    """Make every target's put() raise ERROR once COUNT uploads went up; the paths that went up."""
    done: list[str] = []
    for kind in (BucketTarget, FolderTarget):
        original = kind.put

        def put(self: object, file: object, body: bytes, original: Callable[..., str] = original) -> str:
            if len(done) >= count:
                raise error
            done.append(file.path)  # type: ignore[attr-defined]
            return original(self, file, body)

        monkeypatch.setattr(kind, "put", put)
    return done


def test_an_upload_failing_half_way_keeps_old_pages_and_the_next_deploy_converges(
        site: Path, place: Place, monkeypatch: pytest.MonkeyPatch) -> None:
    _deploy(site)
    old_feed = _held(place)["feed.xml"]
    _publish_story(site)
    _build(site)
    with monkeypatch.context() as patch:
        done = _failing_after(3, patch, target_error("s3://any", "connection reset by peer"))
        with pytest.raises(SiteError) as caught:
            _deploy(site)
    assert caught.value.problems[0].message == "connection reset by peer"
    assert "the deploy stopped after 3 of" in str(caught.value) and "again to finish" in str(caught.value)
    assert len(done) == 3 and all(stage(path) is Stage.ASSETS for path in done)
    held = _held(place)
    assert "2024/05/fourth/index.html" not in held and held["feed.xml"] == old_feed  # no page before its pictures
    result = _deploy(site)
    assert _held(place) == _published(site)
    assert not set(done) & _uploaded(result)  # the manifest learnt what had gone up


def test_a_deploy_killed_half_way_converges(site: Path, place: Place, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGKILL: the manifest is the one written before the first upload, nothing after. The desk
    then takes the story back: the pictures the killed deploy had uploaded must go too."""
    _deploy(site)
    _publish_story(site)
    _build(site)
    with monkeypatch.context() as patch:
        patch.setattr(deploy_run, "_keep", lambda remote, target: None)
        done = _failing_after(5, patch, KeyboardInterrupt())
        with pytest.raises(KeyboardInterrupt):
            _deploy(site)
    assert all(path.startswith("images/fourth.png") for path in done)
    (site / "content/news/fourth.md").unlink()
    (site / "content/images/fourth.png").unlink()
    _build(site)
    # A big bucket's spot check looks at one page of 500 files: here, not where the pictures are.
    monkeypatch.setattr(deploy_plan, "_agrees", lambda remote, target: True)
    result = _deploy(site)
    assert _held(place) == _published(site)
    assert set(done) <= set(result.plan.deletions)


def test_more_deletions_than_allowed_stop_before_any_change(site: Path, place: Place) -> None:
    _deploy(site)
    before = place.read()
    for name in ("second", "third"):
        (site / f"content/news/{name}.md").unlink()
    _build(site)
    with pytest.raises(SiteError) as caught:
        _deploy(site, max_deletes=2)
    assert "more than --max-deletes 2; nothing was changed" in str(caught.value)
    assert place.read() == before
    assert len(_deploy(site, max_deletes=2, force=True).plan.deletions) > 2
    assert _held(place) == _published(site)


def test_uploads_go_assets_then_pages_then_feeds_then_deletions(
        site: Path, place: Place, monkeypatch: pytest.MonkeyPatch) -> None:
    _deploy(site)
    _publish_story(site)
    (site / "content/news/third.md").unlink()
    _build(site)
    log: list[Stage] = []
    for kind in (BucketTarget, FolderTarget):
        put, delete = kind.put, kind.delete
        monkeypatch.setattr(kind, "put", lambda self, file, body, put=put: (log.append(file.stage), put(self, file, body))[1])
        monkeypatch.setattr(kind, "delete", lambda self, paths, delete=delete: (log.append(Stage.DELETIONS), delete(self, paths))[1])
    _deploy(site)
    assert log == sorted(log) and set(log) == set(Stage)


def test_a_file_changed_by_hand_on_the_target_is_put_back(site: Path, place: Place) -> None:
    _deploy(site)
    place.write("2024/05/second/index.html", b"defaced")
    place.write("stray.html", b"left by someone")
    result = _deploy(site, verify=True)
    assert _uploaded(result) == {"2024/05/second/index.html"} and result.plan.deletions == ("stray.html",)
    assert _held(place) == _published(site)


def test_a_dry_run_changes_nothing(site: Path, place: Place) -> None:
    _deploy(site)
    before = place.read()
    _publish_story(site)
    written = _build(site)
    result = _deploy(site, dry_run=True)
    assert _uploaded(result) == written and place.read() == before
    assert "2024/05/fourth/index.html" in result.plan.new and "feed.xml" not in result.plan.new


def test_every_file_is_served_with_its_type_and_cache_policy(tmp_path: Path, s3_endpoint: str) -> None:
    place = _bucket_place(s3_endpoint, gzip_text=True)
    site = _make_site(tmp_path / "site", place, search=True)
    _deploy(site)
    assert _held(place) == _published(site)
    css = next(path for path in _published(site) if path.startswith("static/base.") and path != "static/base.css")
    fragment = next(path for path in _published(site) if path.startswith("pagefind/fragment/"))
    text = "; charset=utf-8"
    assert {path: place.headers(path) for path in (
        "index.html", css, "static/base.css", "feed.xml", "atom.xml", "feed.json", "sitemap.xml", "robots.txt",
        "_headers", "favicon.ico", "images/first.png", "images/first.png.480w.webp", "images/chart.svg",
        "pagefind/pagefind-entry.json", fragment)} == {
        "index.html": ("text/html" + text, REVALIDATE, "gzip"),
        css: ("text/css" + text, IMMUTABLE, "gzip"),
        "static/base.css": ("text/css" + text, REVALIDATE, "gzip"),
        "feed.xml": ("application/rss+xml" + text, REVALIDATE, "gzip"),
        "atom.xml": ("application/atom+xml" + text, REVALIDATE, "gzip"),
        "feed.json": ("application/feed+json" + text, REVALIDATE, "gzip"),
        "sitemap.xml": ("application/xml" + text, REVALIDATE, "gzip"),
        "robots.txt": ("text/plain" + text, REVALIDATE, "gzip"),
        "_headers": ("text/plain" + text, REVALIDATE, "gzip"),
        "favicon.ico": ("image/x-icon", REVALIDATE, ""),
        "images/first.png": ("image/png", REVALIDATE, ""),
        "images/first.png.480w.webp": ("image/webp", REVALIDATE, ""),
        "images/chart.svg": ("image/svg+xml", REVALIDATE, "gzip"),
        "pagefind/pagefind-entry.json": ("application/json" + text, REVALIDATE, "gzip"),
        fragment: ("application/octet-stream", IMMUTABLE, ""),
    }


def test_a_bucket_emptied_by_hand_is_noticed_without_verify(site: Path, place: Place) -> None:
    _deploy(site)
    if place.kind == "bucket":
        s3 = boto3.client("s3", endpoint_url=load_config(site).deploy["live"]["endpoint"], region_name="us-east-1")
        bucket = load_config(site).deploy["live"]["url"][5:].split("/")[0]
        keys = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket, Prefix="www/")["Contents"]]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys if not k.endswith(MANIFEST_KEY)]})
    else:
        for path in _published(site):
            (Path(load_config(site).deploy["live"]["url"][7:]) / path).unlink()
    result = _deploy(site)
    assert result.checked == "full" and len(result.plan.uploads) == len(_published(site))
    assert _held(place) == _published(site)
