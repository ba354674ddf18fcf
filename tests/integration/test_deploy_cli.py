"""`sitegen deploy` as a user runs it: what it prints, and one clear message (exit 1, no traceback)
for every way it cannot go on."""

from __future__ import annotations

import errno
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.deploy.folder import FolderTarget
from tests.conftest import MINIMAL_CONFIG, CliRun, article, run_sitegen, write_files
from tests.s3_server import FAKE_CREDENTIALS, s3_server


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(name, value)


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with s3_server() as url:
        yield url


@pytest.fixture(scope="module")
def locked_endpoint() -> Iterator[tuple[str, dict[str, str]]]:
    """A server that checks credentials (moto's IAM): a bucket, and the keys of a user with no
    permission on it. Its first three requests, which make them, go unchecked."""
    with s3_server(INITIAL_NO_AUTH_ACTION_COUNT="3") as url:
        boto3.client("s3", endpoint_url=url, region_name="us-east-1").create_bucket(Bucket="locked")
        iam = boto3.client("iam", endpoint_url=url, region_name="us-east-1")
        iam.create_user(UserName="intern")
        key = iam.create_access_key(UserName="intern")["AccessKey"]
        yield url, {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}


def _site(root: Path, deploy_tables: str) -> Path:
    write_files(root, {
        "sitegen.toml": MINIMAL_CONFIG + "search = false\n" + deploy_tables,
        "content/news/first.md": article("First story"),
        "content/news/second.md": article("Second story", "2024-05-02T10:00:00+02:00"),
    })
    return root


def _built(root: Path, deploy_tables: str) -> Path:
    site = _site(root, deploy_tables)
    done = run_sitegen("build", "--site", site, "-q")
    assert done.code == 0, done.stderr
    return site


def _fails(done: CliRun, message: str) -> None:
    """One problem, said plainly: exit 1, MESSAGE on stderr, no traceback."""
    assert done.code == 1, (done.stdout, done.stderr)
    assert re.search(message, done.stderr), done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_deploy_to_a_folder_then_nothing_to_deploy(tmp_path: Path) -> None:
    site = _built(tmp_path / "site", f'[deploy.www]\nurl = "file://{tmp_path}/www"\n')
    first = run_sitegen("deploy", "--site", site)
    assert first.code == 0, first.stderr
    assert re.fullmatch(rf"Deployed to file://{tmp_path}/www in \d+\.\d\d s: \d+ uploaded \([\d.]+ MB\), 0 deleted, "
                        r"0 unchanged\.\n", first.stdout)
    assert (tmp_path / "www/2024/05/first/index.html").is_file()
    again = run_sitegen("deploy", "www", "--site", site)
    assert re.fullmatch(rf"Nothing to deploy: file://{tmp_path}/www already holds output/ \(\d+ files, checked "
                        r"against its whole listing\)\.\n", again.stdout)


def test_a_dry_run_lists_each_change_in_order(tmp_path: Path) -> None:
    site = _built(tmp_path / "site", f'[deploy.www]\nurl = "file://{tmp_path}/www"\n')
    assert run_sitegen("deploy", "--site", site).code == 0
    (site / "content/news/first.md").unlink()
    write_files(site, {"content/news/third.md": article("Third story", "2024-05-03T10:00:00+02:00")})
    assert run_sitegen("build", "--site", site, "-q").code == 0
    done = run_sitegen("deploy", "--site", site, "--dry-run", "--max-deletes", "0")
    lines = done.stdout.splitlines()
    assert done.code == 0 and "+ 2024/05/third/index.html" in lines and "~ index.html" in lines
    assert "- 2024/05/first/index.html" in lines
    assert lines.index("+ 2024/05/third/index.html") < lines.index("~ feed.xml") < lines.index(
        "- 2024/05/first/index.html")
    assert lines[-2].startswith("Would upload ") and lines[-2].endswith("Nothing was changed (--dry-run).")
    assert lines[-1] == "That is more than --max-deletes 0: a deploy would stop unless given --force."
    assert not (tmp_path / "www/2024/05/third").exists()


def test_too_many_deletions_stop_unless_forced(tmp_path: Path) -> None:
    site = _built(tmp_path / "site", f'[deploy.www]\nurl = "file://{tmp_path}/www"\n')
    assert run_sitegen("deploy", "--site", site).code == 0
    (site / "content/news/first.md").unlink()
    assert run_sitegen("build", "--site", site, "-q").code == 0
    _fails(run_sitegen("deploy", "--site", site, "--max-deletes", "0"),
           r"error: this deploy would delete 1 file \(e\.g\. 2024/05/first/index\.html\), more than --max-deletes 0")
    assert (tmp_path / "www/2024/05/first/index.html").is_file()
    assert run_sitegen("deploy", "--site", site, "--max-deletes", "0", "--force").code == 0
    assert not (tmp_path / "www/2024/05/first").exists()


@pytest.mark.parametrize(("tables", "message"), [
    ("", r"sitegen\.toml: error: names no deploy target; add one, e\.g\. \[deploy\.production\]"),
    ('[deploy.www]\nurl = "file:///srv/www"\n', r"sitegen\.toml: error: has no deploy target 'live'; it has 'www'"),
])
def test_a_target_sitegen_toml_lacks(tmp_path: Path, tables: str, message: str) -> None:
    _fails(run_sitegen("deploy", "live", "--site", _built(tmp_path / "site", tables)), message)


def test_a_site_not_built_yet(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", f'[deploy.www]\nurl = "file://{tmp_path}/www"\n')
    _fails(run_sitegen("deploy", "--site", site), r"output: error: holds no site built by sitegen .*run `sitegen build`")


def test_a_folder_inside_the_output(tmp_path: Path) -> None:
    site = _built(tmp_path / "site", f'[deploy.www]\nurl = "file://{tmp_path}/site/output/www"\n')
    _fails(run_sitegen("deploy", "--site", site), r"error: cannot be .*output, nor a folder inside it or around it")


def test_a_folder_whose_parent_is_missing(tmp_path: Path) -> None:
    site = _built(tmp_path / "site", f'[deploy.www]\nurl = "file://{tmp_path}/mnt/share/www"\n')
    _fails(run_sitegen("deploy", "--site", site), rf"file://{tmp_path}/mnt/share/www: error: {tmp_path}/mnt/share "
                                                   r"does not exist; create it \(or mount the share\) first")


def test_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    site = _built(tmp_path / "site", f'[deploy.www]\nurl = "file://{tmp_path}/www"\n')
    (tmp_path / "www").write_text("not a folder")
    _fails(run_sitegen("deploy", "--site", site), rf"file://{tmp_path}/www: error: is a file, not a folder")


def test_a_full_disk_on_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _built(tmp_path / "site", f'[deploy.www]\nurl = "file://{tmp_path}/www"\n')

    def full(target: Path, data: bytes) -> str:
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(FolderTarget, "_write", staticmethod(full))
    result = CliRunner().invoke(main, ["deploy", "--site", str(site)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert re.search(r"error: .*: cannot read or write this file: the disk is full; free some space and try again "
                     r"\(ENOSPC\)", result.output), result.output


def _bucket_tables(endpoint: str, bucket: str) -> str:
    return f'[deploy.live]\nurl = "s3://{bucket}/site"\nendpoint = "{endpoint}"\nregion = "us-east-1"\n'


def test_deploy_to_a_bucket(tmp_path: Path, s3_endpoint: str) -> None:
    bucket = f"site-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    site = _built(tmp_path / "site", _bucket_tables(s3_endpoint, bucket))
    done = run_sitegen("deploy", "--site", site)
    assert done.code == 0 and done.stdout.startswith(f"Deployed to s3://{bucket}/site in "), done.stderr
    again = run_sitegen("deploy", "--site", site)
    assert "already holds output/" in again.stdout and "spot-checked against its listing" in again.stdout


def test_a_bucket_that_does_not_exist(tmp_path: Path, s3_endpoint: str) -> None:
    site = _built(tmp_path / "site", _bucket_tables(s3_endpoint, "no-such-bucket"))
    _fails(run_sitegen("deploy", "--site", site),
           rf"s3://no-such-bucket/site: error: the bucket 'no-such-bucket' does not exist at {s3_endpoint}")


def test_no_credentials(tmp_path: Path, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    site = _built(tmp_path / "site", _bucket_tables(s3_endpoint, "any"))
    _fails(run_sitegen("deploy", "--site", site), r"s3://any/site: error: no AWS credentials found: set "
                                                   r"AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")


def test_credentials_the_server_refuses(tmp_path: Path, locked_endpoint: tuple[str, dict[str, str]],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIANOSUCHKEY0000000")
    site = _built(tmp_path / "site", _bucket_tables(locked_endpoint[0], "locked"))
    _fails(run_sitegen("deploy", "--site", site),
           r"s3://locked/site: error: the AWS credentials were refused \(InvalidAccessKeyId: ")


def test_credentials_without_permission(tmp_path: Path, locked_endpoint: tuple[str, dict[str, str]],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    url, keys = locked_endpoint
    for name, value in keys.items():
        monkeypatch.setenv(name, value)
    site = _built(tmp_path / "site", _bucket_tables(url, "locked"))
    _fails(run_sitegen("deploy", "--site", site),
           r"s3://locked/site: error: access denied: the credentials may not do this on bucket 'locked'")


def test_an_endpoint_nobody_answers(tmp_path: Path) -> None:
    site = _built(tmp_path / "site", _bucket_tables("http://127.0.0.1:9", "any"))
    _fails(run_sitegen("deploy", "--site", site), r"s3://any/site: error: cannot reach http://127\.0\.0\.1:9: ")
