"""sitegen.toml's [headers] and [deploy.NAME] tables: validated, and kept out of what pages digest."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from generator.config import build_config, load_config
from generator.errors import SiteError

BASE = {"title": "Test Desk", "base_url": "https://example.org/"}


def _config_problem(tmp_path: Path, toml: str) -> str:
    (tmp_path / "sitegen.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n' + toml)
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path)
    [problem] = caught.value.problems
    return f"{problem.line}: {problem.message}"


@pytest.mark.parametrize(("toml", "message"), [
    ('[headers]\n"Bad Name" = "x"\n', "3: 'headers' 'Bad Name' is not an HTTP header name"),
    ('[headers]\nX-Test = "a\\nb"\n', "3: 'headers' X-Test: the value must be a string on one line"),
    ('[headers]\nCache-Control = "no-store"\n', "3: 'headers' Cache-Control is set file by file"),
    ('[deploy.live]\nurl = "ftp://host/"\n', "3: 'deploy' live: 'url' must be s3://bucket/prefix or file:///"),
    ('[deploy.live]\nendpoint = "https://x"\n', "3: 'deploy' live: 'url' must be"),
    ('[deploy.live]\nurl = "s3:///prefix"\n', "3: 'deploy' live: 's3:///prefix' names no bucket"),
    ('[deploy.live]\nurl = "file://relative/www"\n', "3: 'deploy' live: 'file://relative/www' must name an absolute"),
    ('[deploy.live]\nurl = "file:///"\n', "3: 'deploy' live: 'file:///' must name an absolute folder other than /"),
    ('[deploy.live]\nurl = "file:///srv/www"\nregion = "eu"\n', "3: 'deploy' live: unknown key 'region'; file:// targets take url"),
    ('[deploy.live]\nurl = "s3://b"\nsecret_access_key = "x"\n', "3: 'deploy' live: unknown key 'secret_access_key'; s3:// targets take url, endpoint"),
    ('[deploy.live]\nurl = "s3://b"\nendpoint = "localhost:9000"\n', "3: 'deploy' live: 'endpoint' 'localhost:9000'"),
    ('[deploy.live]\nurl = "s3://b"\ngzip = "yes"\n', "3: 'deploy' live: 'region' must be a string and 'gzip'"),
    ('deploy = "s3://b"\n', "3: 'deploy' must hold a table per target"),
])
def test_bad_deploy_and_headers_settings_are_errors_naming_the_line(tmp_path: Path, toml: str, message: str) -> None:
    assert _config_problem(tmp_path, toml).startswith(message)


def test_deploy_targets_and_headers_are_read_in_order(tmp_path: Path) -> None:
    toml = ('[deploy.production]\nurl = "s3://news-site/www"\nendpoint = "https://r2.example.com"\n'
            'region = "auto"\ngzip = true\n[deploy.mirror]\nurl = "file:///srv/www"\n'
            '[headers]\nPermissions-Policy = "camera=()"\n')
    (tmp_path / "sitegen.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n' + toml)
    config = load_config(tmp_path)
    assert list(config.deploy) == ["production", "mirror"]
    assert dict(config.deploy["production"]) == tomllib.loads(toml)["deploy"]["production"]
    assert dict(config.headers) == {"Permissions-Policy": "camera=()"}


def test_deploy_and_headers_settings_stay_out_of_what_pages_digest(tmp_path: Path) -> None:
    """Page fingerprints and the parse cache digest repr(config): a new target must not rebuild the site."""
    plain = build_config(tmp_path, BASE)
    with_deploy = build_config(tmp_path, {**BASE, "deploy": {"live": {"url": "s3://b"}},
                                          "headers": {"Permissions-Policy": "camera=()"}})
    assert repr(plain) == repr(with_deploy)
