"""Reads sitegen.toml into a frozen `SiteConfig`; reports every bad key at once.

The schema is a declared table (`FIELDS`) rather than hand-written checks, so the README's
reference, the defaults and the validation cannot drift apart. Unknown keys are errors, not
warnings: a misspelt `paginate` silently ignored is worse than a failed build.
This module reads one file and knows nothing about content or themes.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.errors import Problem, SiteError
from generator.frozen import FrozenDict
from generator.text import CONTROL_CHARACTER, control_character_name

CONFIG_NAME = "sitegen.toml"
PERMALINK_TOKENS = frozenset({"year", "month", "day", "slug", "section"})


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything sitegen.toml says, validated, plus the folders it implies."""

    root: Path
    title: str
    base_url: str
    description: str = ""
    language: str = "en"
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    theme: str = "default"
    permalink: str = "/{year}/{month}/{slug}/"
    paginate: int = 10
    pagination: str = "stable"  # "stable": pages counted from the oldest story; "classic": from the newest
    feed_size: int = 20
    raw_html: bool = True
    search: bool = True  # build a Pagefind index and the /search/ page
    topic_feeds: bool = True  # RSS and Atom for every tag, author and section
    logo: str = ""  # the publication's logo (file in content/ or URL): publisher in structured data
    icon: str = ""  # a square picture (file in content/) the favicon and app icons are made from
    social_image: str = ""  # shared-link picture for pages without a lead image of their own
    twitter: str = ""  # the site's X/Twitter handle, "@desk", for twitter:site
    thin_tag_min: int = 2  # a tag page with fewer stories is noindex and out of the sitemap
    expired: str = "mark"  # an expired story's page: "mark" keeps it with a notice, "gone" removes it
    # A story without date: named YYYY-MM-DD-slug.md is dated by its name, as Jekyll does: files
    # copied from a peer's archive build as they are (content/peers.py).
    date_from_filename: bool = True
    # The pages where the newsroom states its standards ([policies], each a path of the site):
    # the publisher's structured data points at them, as Google's news guidance asks.
    policies: Mapping[str, str] = field(default_factory=lambda: FrozenDict({}))
    theme_settings: Mapping[str, Any] = field(default_factory=lambda: FrozenDict({}))
    # Left out of repr(), which page fingerprints and the parse cache digest: a header or a deploy
    # target changes no page, so editing one must not render or parse the site again.
    headers: Mapping[str, str] = field(default_factory=lambda: FrozenDict({}), repr=False)  # [headers]: /_headers
    deploy: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: FrozenDict({}), repr=False)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def themes_dir(self) -> Path:
        return self.root / "themes"

    @property
    def base_path(self) -> str:
        """The path part of base_url ("/" or "/news/"): every internal link starts with it."""
        return urlsplit(self.base_url).path

    @property
    def origin(self) -> str:
        """scheme://host[:port] of base_url, to make a root-relative link absolute."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"


def _check_text(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def _check_title(value: Any) -> str | None:
    return _check_text(value) or (None if value.strip() else "must not be empty")


def _check_positive_int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be a whole number"
    return None if value >= 1 else "must be 1 or more"


PAGINATIONS = ("stable", "classic")


def _check_pagination(value: Any) -> str | None:
    return None if value in PAGINATIONS else f"must be one of {', '.join(repr(p) for p in PAGINATIONS)}"


EXPIRED_PAGES = ("mark", "gone")


def _check_expired(value: Any) -> str | None:
    return None if value in EXPIRED_PAGES else f"must be one of {', '.join(repr(p) for p in EXPIRED_PAGES)}"


def _check_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _check_handle(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    return None if re.fullmatch(r"@\w{1,15}", value) else f"'{value}' is not a handle like \"@desk\""


# [policies] key → the schema.org property of a NewsMediaOrganization it becomes.
POLICY_PROPERTIES = FrozenDict({
    "publishing_principles": "publishingPrinciples", "corrections": "correctionsPolicy",
    "ethics": "ethicsPolicy", "masthead": "masthead", "diversity": "diversityPolicy",
    "ownership": "ownershipFundingInfo", "verification": "verificationFactCheckingPolicy",
    "unnamed_sources": "unnamedSourcesPolicy", "actionable_feedback": "actionableFeedbackPolicy",
})


def _check_policies(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be a table, e.g. [policies] with corrections = \"/editorial-policy/\""
    for key, path in value.items():
        if key not in POLICY_PROPERTIES:
            return f"has an unknown key '{key}'; use {', '.join(POLICY_PROPERTIES)}"
        if not isinstance(path, str) or not path.startswith("/"):
            return f"{key}: {path!r} must be a path of the site, e.g. \"/editorial-policy/\""
    return None


def _check_table(value: Any) -> str | None:
    return None if isinstance(value, dict) else "must be a table, e.g. [theme_settings]"


_HEADER_NAME = re.compile(r"[A-Za-z0-9-]+")
DEPLOY_SCHEMES = ("s3", "file")
_DEPLOY_KEYS = {"s3": ("url", "endpoint", "region", "gzip"), "file": ("url",)}


def _check_headers(value: Any) -> str | None:
    """[headers]: HTTP header name → value for every page in /_headers; "" drops a default one."""
    if not isinstance(value, dict):
        return 'must be a table, e.g. [headers] with Content-Security-Policy = "default-src \'self\'"'
    for name, text in value.items():
        if not _HEADER_NAME.fullmatch(name):
            return f"'{name}' is not an HTTP header name (letters, digits and '-')"
        if name.lower() in ("cache-control", "content-type"):
            return f"{name} is set file by file (README: Deploying), not for every URL"
        if not isinstance(text, str) or "\n" in text or "\r" in text:
            return f"{name}: the value must be a string on one line"
    return None


def _check_deploy(value: Any) -> str | None:
    """[deploy.NAME] tables: where `sitegen deploy NAME` puts output/ (credentials never live here)."""
    if not isinstance(value, dict) or not value:
        return 'must hold a table per target, e.g. [deploy.production] with url = "s3://bucket/prefix"'
    for name, target in value.items():
        if not isinstance(target, dict):
            return f"{name}: must be a table, e.g. [deploy.{name}] with url = \"s3://bucket/prefix\""
        url = target.get("url")
        scheme = urlsplit(url).scheme if isinstance(url, str) else ""
        if scheme not in DEPLOY_SCHEMES:
            return f"{name}: 'url' must be s3://bucket/prefix or file:///absolute/folder, not {url!r}"
        parts = urlsplit(url)
        if scheme == "s3" and not parts.netloc:
            return f"{name}: {url!r} names no bucket; write s3://bucket or s3://bucket/prefix"
        if scheme == "file" and (parts.netloc or not parts.path.startswith("/") or parts.path == "/"):
            return f"{name}: {url!r} must name an absolute folder other than /, e.g. file:///srv/www"
        if unknown := [key for key in target if key not in _DEPLOY_KEYS[scheme]]:
            allowed = ", ".join(_DEPLOY_KEYS[scheme])
            return f"{name}: unknown key '{unknown[0]}'; {scheme}:// targets take {allowed}"
        if "endpoint" in target and (complaint := check_base_url(target["endpoint"])):
            return f"{name}: 'endpoint' {complaint}"
        if not isinstance(target.get("region", ""), str) or not isinstance(target.get("gzip", False), bool):
            return f"{name}: 'region' must be a string and 'gzip' true or false"
    return None


def check_base_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"'{value}' is not an absolute http(s) URL, e.g. https://example.org/"
    if parts.query or parts.fragment:
        return f"'{value}' must not have a query or fragment"
    return None


def _check_timezone(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f"'{value}' is not an IANA time zone name, e.g. Europe/Berlin or Asia/Singapore"
    return None


def _check_theme_name(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    return None if re.fullmatch(r"[A-Za-z0-9_.-]+", value) and value not in (".", "..") else (
        f"'{value}' is not a folder name under themes/"
    )


def check_permalink(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    tokens = re.findall(r"\{([^{}]*)\}", value)
    unknown = sorted(set(tokens) - PERMALINK_TOKENS)
    if unknown:
        known = ", ".join("{" + token + "}" for token in sorted(PERMALINK_TOKENS))
        return f"'{value}' uses unknown {', '.join('{' + t + '}' for t in unknown)}; use {known}"
    if re.sub(r"\{[^{}]*\}", "", value).count("{") or re.sub(r"\{[^{}]*\}", "", value).count("}"):
        return f"'{value}' has an unbalanced brace"
    if "slug" not in tokens:
        return f"'{value}' must contain {{slug}} so that every article gets its own URL"
    if not value.startswith("/") or not value.endswith("/"):
        return f"'{value}' must start and end with '/', e.g. /{{year}}/{{month}}/{{slug}}/"
    if "//" in value or "/../" in value or "/./" in value:
        return f"'{value}' must not contain empty, '.' or '..' segments"
    return None


@dataclass(frozen=True, slots=True)
class ConfigField:
    name: str
    check: Callable[[Any], str | None]
    required: bool = False


FIELDS: tuple[ConfigField, ...] = (
    ConfigField("title", _check_title, required=True),
    ConfigField("base_url", check_base_url, required=True),
    ConfigField("description", _check_text),
    ConfigField("language", _check_text),
    ConfigField("timezone", _check_timezone),
    ConfigField("theme", _check_theme_name),
    ConfigField("permalink", check_permalink),
    ConfigField("paginate", _check_positive_int),
    ConfigField("pagination", _check_pagination),
    ConfigField("feed_size", _check_positive_int),
    ConfigField("raw_html", _check_bool),
    ConfigField("search", _check_bool),
    ConfigField("topic_feeds", _check_bool),
    ConfigField("logo", _check_text),
    ConfigField("icon", _check_text),
    ConfigField("social_image", _check_text),
    ConfigField("twitter", _check_handle),
    ConfigField("expired", _check_expired),
    ConfigField("date_from_filename", _check_bool),
    ConfigField("thin_tag_min", _check_positive_int),
    ConfigField("policies", _check_policies),
    ConfigField("theme_settings", _check_table),
    ConfigField("headers", _check_headers),
    ConfigField("deploy", _check_deploy),
)
_FIELDS_BY_NAME = {f.name: f for f in FIELDS}


def _did_you_mean(name: str) -> str:
    close = difflib.get_close_matches(name, list(_FIELDS_BY_NAME), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _key_line(text: str, key: str) -> int | None:
    """Line of `key = ...`, `[key]` or `[key.name]` in the TOML text; tomllib keeps no positions, so we look."""
    pattern = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=|^[ \t]*\[[ \t]*{re.escape(key)}[ \t]*[\].]", re.M)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def load_config(root: Path, overrides: Mapping[str, Any] | None = None) -> SiteConfig:
    """Read and validate ROOT/sitegen.toml; command-line OVERRIDES win over the file.

    Raises SiteError with one Problem per bad key.
    """
    path = root / CONFIG_NAME
    shown = CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SiteError([Problem(
            shown, f"not found in {root}; run `sitegen init DIR` to start a site, or pass --site DIR"
        )]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SiteError([Problem(shown, f"cannot be read: {error}")]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        # "(at end of document)": the last line, where the editor has to look.
        number = int(line.group(1)) if line else max(1, len(text.splitlines()))
        raise SiteError([Problem(shown, f"is not valid TOML: {error}", number)]) from None
    values = {**raw, **{k: v for k, v in (overrides or {}).items() if v is not None}}
    return build_config(root, values, text)


def build_config(root: Path, values: Mapping[str, Any], text: str = "") -> SiteConfig:
    """Validate already-parsed VALUES (TOML TEXT is only used to point at lines)."""
    problems = []
    for name in values:
        if name not in _FIELDS_BY_NAME:
            problems.append(Problem(
                CONFIG_NAME, f"unknown key '{name}'{_did_you_mean(name)}", _key_line(text, name)
            ))
    for name, value in values.items():
        if isinstance(value, str) and (bad := CONTROL_CHARACTER.search(value)):
            problems.append(Problem(CONFIG_NAME, f"'{name}' contains {control_character_name(bad.group())}; "
                                    "delete it", _key_line(text, name)))
    for config_field in FIELDS:
        if config_field.name not in values:
            if config_field.required:
                problems.append(Problem(
                    CONFIG_NAME, f"'{config_field.name}' is required", None
                ))
            continue
        complaint = config_field.check(values[config_field.name])
        if complaint:
            problems.append(Problem(
                CONFIG_NAME, f"'{config_field.name}' {complaint}", _key_line(text, config_field.name)
            ))
    if problems:
        raise SiteError(problems)
    known = {k: v for k, v in values.items() if k in _FIELDS_BY_NAME}
    base_url = known.pop("base_url")
    if not base_url.endswith("/"):
        base_url += "/"
    if "timezone" in known:
        known["timezone"] = ZoneInfo(known["timezone"])
    for table in ("theme_settings", "policies", "headers"):
        if table in known:
            known[table] = FrozenDict(dict(known[table]))
    if "deploy" in known:
        known["deploy"] = FrozenDict({name: FrozenDict(dict(target)) for name, target in known["deploy"].items()})
    for key in ("logo", "social_image", "icon"):  # a file of content/ as a site path, whatever its spelling
        value = known.get(key, "")
        if value and "://" not in value and not value.startswith("//"):
            known[key] = "/" + value.lstrip("/")
    return SiteConfig(root=root.resolve(), base_url=base_url, **known)
