"""Checks that read the built HTML in output/: broken links, missing assets, alt attributes, Nu.

`sitegen check` looks at the site the way a static host serves it, so it catches what the
build's own checks cannot: a template linking a page that is not produced, a theme asset that
is not shipped, a fragment that names no element, a sub-path site linking outside its path.
Findings name the page (its site path, "/2024/05/story/") and the line in its HTML.
"""

from __future__ import annotations

import json
import os
import posixpath
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Where each element names another file; <a>/<area> are links to pages, the rest are assets.
_URL_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src", "srcset"),
    "source": ("src", "srcset"), "script": ("src",), "iframe": ("src",), "embed": ("src",),
    "audio": ("src",), "track": ("src",), "video": ("src", "poster"), "input": ("src",),
}
_LINK_ELEMENTS = frozenset({"a", "area"})
_FRAGMENTS_EVERY_PAGE_HAS = frozenset({"", "top"})  # the HTML spec scrolls to the top for these
NOT_FOUND_PAGE = "404.html"
OTHER_PAGES_NAMED = 3


@dataclass(frozen=True)
class Finding:
    """One thing `sitegen check` found wrong: where (page URL or source file), which check, what."""

    check: str
    where: str
    message: str
    line: int | None = None

    def location(self) -> str:
        return f"{self.where}:{self.line}" if self.line else self.where


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check; SKIPPED says why it could not run (which is not a failure)."""

    name: str
    findings: tuple[Finding, ...] = ()
    skipped: str | None = None
    note: str = ""  # something worth saying about a check that ran (a sample, say)

    @property
    def status(self) -> str:
        if self.skipped is not None:
            return "skipped"
        return "problems" if self.findings else "ok"


@dataclass(frozen=True)
class Reference:
    value: str  # as written in the attribute
    line: int
    is_link: bool  # <a>/<area>: a page; otherwise an asset the page loads


@dataclass(frozen=True)
class ImageTag:
    src: str
    alt: str | None  # None: no alt attribute at all
    line: int


@dataclass(frozen=True)
class ScannedPage:
    """What the checks need from one HTML file of output/."""

    file: str  # relative to output/, "2024/05/story/index.html"
    url: str  # its site path, "/2024/05/story/"
    references: tuple[Reference, ...]
    ids: frozenset[str]  # fragment targets: every id, and <a name>
    images: tuple[ImageTag, ...]


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[Reference] = []
        self.ids: set[str] = set()
        self.images: list[ImageTag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        line = self.getpos()[0]
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        for attribute in _URL_ATTRIBUTES.get(tag, ()):
            value = values.get(attribute)
            if not value or not value.strip():
                continue
            urls = _srcset_urls(value) if attribute == "srcset" else [value.strip()]
            self.references += [Reference(url, line, tag in _LINK_ELEMENTS) for url in urls]
        if tag == "img":
            self.images.append(ImageTag((values.get("src") or "").strip(), values.get("alt"), line))


def _srcset_urls(srcset: str) -> list[str]:
    """The URLs of "a.png 1x, b.png 2x" (each candidate's first word)."""
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]


def site_path_of(file: str) -> str:
    """The URL path a static host serves FILE at: "a/index.html" → "/a/", "404.html" → "/404.html"."""
    if file == "index.html" or file.endswith("/index.html"):
        return "/" + file[:-len("index.html")]
    return "/" + file


def scan_output(output_dir: Path) -> tuple[ScannedPage, ...]:
    """Every HTML file below OUTPUT_DIR, parsed once for all the checks.

    Hidden files and folders are not served as pages (and hold staging areas mid-build).
    """
    pages = []
    for path in sorted(output_dir.rglob("*.html")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(output_dir).parts):
            continue
        parser = _PageParser()
        parser.feed(path.read_bytes().decode("utf-8", errors="replace"))
        parser.close()
        file = path.relative_to(output_dir).as_posix()
        pages.append(ScannedPage(file, site_path_of(file), tuple(parser.references), frozenset(parser.ids),
                                 tuple(parser.images)))
    return tuple(pages)


@dataclass(frozen=True)
class _Target:
    file: str | None  # relative to output/; None: the reference leaves the site's base path
    fragment: str


def _resolve(base_url: str, page_url: str, reference: str) -> _Target | None:
    """Where REFERENCE on PAGE_URL lands in output/, as a static host resolves it; None if elsewhere.

    Other schemes (mailto:, tel:, data:) and other hosts are not ours to check; an absolute URL on
    our host outside the base path is another site there. A relative or root-relative one that
    leaves the base path is our mistake: the link would work only if the site sat at the root.
    """
    parts = urlsplit(urljoin(page_url, reference))
    base = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        return None
    fragment = unquote(parts.fragment)
    written_absolute = bool(urlsplit(reference).scheme) or reference.startswith("//")
    if not parts.path.startswith(base.path):
        return None if written_absolute else _Target(None, fragment)
    relative = unquote(parts.path[len(base.path):])
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    normal = posixpath.normpath(relative)
    if normal.startswith("../") or normal == "..":
        return _Target(None, fragment)
    return _Target(normal, fragment)


class _Files:
    """Which files exist in output/, asked once each (a theme links the same files from every page)."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self._known: dict[str, str | None] = {}

    def served(self, file: str) -> str | None:
        """The file a static host answers with: FILE, or FILE/index.html (hosts redirect "/x" to "/x/")."""
        if file not in self._known:
            path = self.output_dir / file
            if path.is_file():
                self._known[file] = file
            else:
                index = f"{file}/index.html"
                self._known[file] = index if (path / "index.html").is_file() else None
        return self._known[file]


@dataclass
class _Broken:
    """One missing target and every place that refers to it (reported once, naming the pages)."""

    check: str
    message: str
    places: list[tuple[str, int]]


def check_references(pages: Sequence[ScannedPage], output_dir: Path, base_url: str) -> tuple[CheckResult, ...]:
    """Broken links (and fragments) and missing assets, each missing target once with its pages."""
    files = _Files(output_dir)
    by_file = {page.file: page for page in pages}
    broken: dict[tuple[str, str, str], _Broken] = {}
    for page in pages:
        own_url = base_url + page.url.lstrip("/")
        # The not-found page is served at any depth: only links that work from anywhere may pass.
        served_at = base_url + "some/missing/page/" if page.file == NOT_FOUND_PAGE else own_url
        for reference in page.references:
            in_page = reference.value.startswith("#")  # the document itself, wherever it is served
            target = _resolve(base_url, own_url if in_page else served_at, reference.value)
            if target is None:
                continue
            check = "links" if reference.is_link else "assets"
            problem = _problem_with(target, reference, files, by_file, base_url)
            if problem is not None:
                key, message = problem
                entry = broken.setdefault((check, *key), _Broken(check, message, []))
                entry.places.append((page.url, reference.line))
    results = []
    for check in ("links", "assets"):
        findings = [_finding(entry) for entry in broken.values() if entry.check == check]
        results.append(CheckResult(check, tuple(findings)))
    return tuple(results)


def _problem_with(target: _Target, reference: Reference, files: _Files, pages: dict[str, ScannedPage],
                  base_url: str) -> tuple[tuple[str, str], str] | None:
    """(what is missing, message) when TARGET does not exist; None when it does."""
    written = reference.value
    if target.file is None:
        path = urlsplit(base_url).path
        return (("outside", written), f'"{written}" leads outside the site\'s base path {path}; '
                f"start it with {path}")
    served = files.served(target.file)
    if served is None:
        kind = "broken link" if reference.is_link else "missing asset"
        return ((target.file, ""), f'{kind} "{written}": output/ has no {target.file}')
    if target.fragment in _FRAGMENTS_EVERY_PAGE_HAS or served not in pages:
        return None  # fragments of non-HTML files (an SVG's #icon) are not ours to read
    if target.fragment in pages[served].ids:
        return None
    return ((served, target.fragment), f'broken fragment "{written}": {site_path_of(served)} has no '
            f'element with id="{target.fragment}"')


def _finding(entry: _Broken) -> Finding:
    (first_url, first_line), *others = entry.places
    message = entry.message
    if others:
        named = ", ".join(f"{url} (line {line})" for url, line in others[:OTHER_PAGES_NAMED])
        more = len(others) - OTHER_PAGES_NAMED
        message += f"; also on {named}" + (f" and {more:,} more" if more > 0 else "")
    return Finding(entry.check, first_url, message, first_line)


def check_alt_attributes(pages: Iterable[ScannedPage]) -> CheckResult:
    """<img> without any alt attribute: screen readers then read out the file name.

    An empty alt="" is fine here (the theme's decorative thumbnails and avatars use it); content
    images with an empty alt are found from the site model (check/run.py), where we know which
    images are the writers'. One finding per image source, naming every page that shows it.
    """
    missing: dict[str, _Broken] = {}
    for page in pages:
        for image in page.images:
            if image.alt is None:
                entry = missing.setdefault(image.src, _Broken(
                    "alt-text", f'<img src="{image.src}"> has no alt attribute; describe the image, or alt="" '
                    "if it is decorative", []))
                entry.places.append((page.url, image.line))
    return CheckResult("alt-text", tuple(_finding(entry) for entry in missing.values()))


VNU_VERSION = "26.9.27"  # as the Makefile installs it
VNU_JAR_ENV = "SITEGEN_VNU_JAR"
# Where `npm install --global --prefix PREFIX vnu-jar` puts the jar; `make test` uses the venv as PREFIX.
VNU_JAR_IN_PREFIX = Path("lib/node_modules/vnu-jar/build/dist/vnu.jar")
JAVA_MISSING = ("HTML validation skipped: Java not found; install a Java runtime, "
                "e.g. apt install default-jre-headless")
# --ignore-scripts: the package's install script would download a Java; the system's runs the jar.
VNU_INSTALL = (f"npm install --global --prefix {sys.prefix} --ignore-scripts --no-audit --no-fund "
               f"vnu-jar@{VNU_VERSION}")
NU_MISSING = ("the Nu HTML checker (vnu.jar) is not installed; install it into this environment with "
              f"`{VNU_INSTALL}`, or set {VNU_JAR_ENV} to a vnu.jar")
VALIDATOR_MISSING = f"HTML validation skipped: {NU_MISSING}"
MAX_COMMAND_CHARS = 100_000  # well under Linux's limits for one argument list


@dataclass(frozen=True)
class NuTools:
    """What running the Nu HTML checker takes: a `java` executable and vnu.jar."""

    java: str | None
    jar: Path | None


def find_nu_tools(which: Callable[[str], str | None]) -> NuTools:
    """The checker as this environment has it, never whatever happens to be on PATH.

    vnu.jar: SITEGEN_VNU_JAR if set (a jar shared between environments), else the one npm put
    into this environment's prefix (the venv, by `make test`). Java: $JAVA_HOME's, else WHICH's
    (shutil.which, or a stand-in in tests): the runtime is a system tool, not part of the venv.
    """
    configured = os.environ.get(VNU_JAR_ENV)
    jar = Path(configured) if configured else Path(sys.prefix) / VNU_JAR_IN_PREFIX
    java_home = os.environ.get("JAVA_HOME")
    home_java = Path(java_home, "bin", "java") if java_home else None
    java = str(home_java) if home_java and home_java.is_file() and os.access(home_java, os.X_OK) else which("java")
    return NuTools(java, jar if jar.is_file() else None)


def sample(files: Sequence[str], size: int | None) -> list[str]:
    """SIZE files spread evenly over FILES (sorted by path, so every kind of page is represented)."""
    if size is None or size >= len(files):
        return list(files)
    step = len(files) / size
    return [files[int(index * step)] for index in range(size)]


def validate_html(output_dir: Path, files: Sequence[str], tools: NuTools, sample_size: int | None) -> CheckResult:
    """Nu HTML checker errors, per page and line; one Java run for the whole site.

    The file list is split only if it would not fit one command line (tens of thousands of
    pages). SAMPLE_SIZE validates that many pages instead of all, for very large sites.
    """
    if tools.jar is None:
        return CheckResult("html", skipped=VALIDATOR_MISSING)
    if tools.java is None:
        return CheckResult("html", skipped=JAVA_MISSING)
    chosen = sample(files, sample_size)
    note = f"validated a sample of {len(chosen):,} of {len(files):,} pages" if len(chosen) < len(files) else ""
    findings: list[Finding] = []
    for batch in _batches(chosen):
        command = [tools.java, "-jar", str(tools.jar), "--errors-only", "--format", "json", "--stdout",
                   "--exit-zero-always", *batch]
        done = subprocess.run(command, cwd=output_dir, capture_output=True, text=True, check=False)
        try:
            messages = json.loads(done.stdout)["messages"]
        except (ValueError, KeyError):
            detail = " ".join((done.stderr or done.stdout).split())[:300]
            return CheckResult("html", (Finding("html", str(tools.jar), f"the Nu HTML checker did not run: "
                                                f"{detail or f'exit code {done.returncode}'}"),))
        findings += [_nu_finding(message, output_dir) for message in messages]
    return CheckResult("html", tuple(findings), note=note)


def _batches(files: list[str]) -> Iterable[list[str]]:
    batch: list[str] = []
    size = 0
    for file in files:
        if batch and size + len(file) + 1 > MAX_COMMAND_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(file)
        size += len(file) + 1
    if batch:
        yield batch


def _nu_finding(message: dict[str, object], output_dir: Path) -> Finding:
    """A Nu message ({"url": "file:/…/a/index.html", "lastLine": 3, "message": …}) as a finding."""
    url = str(message.get("url", ""))
    path = unquote(urlsplit(url).path) if url.startswith("file:") else url
    try:
        where = site_path_of(Path(path).resolve().relative_to(output_dir.resolve()).as_posix())
    except ValueError:
        where = path or os.fspath(output_dir)
    line = message.get("lastLine")
    return Finding("html", where, str(message.get("message", "")), line if isinstance(line, int) else None)
