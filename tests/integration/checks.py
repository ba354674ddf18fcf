"""Inspections shared by the integration tests: links, list pages, validators."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.check.htmlcheck import NU_MISSING, NuTools, find_nu_tools
from tests.conftest import html_files, parse_html

_URL_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "srcset"}


def resolve(output_dir: Path, base_url: str, page_url: str, reference: str) -> Path | None:
    """The file in OUTPUT_DIR that REFERENCE (as written on PAGE_URL) points at; None if external."""
    absolute = urljoin(page_url, reference)
    parts = urlsplit(absolute)
    base = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc or not parts.path.startswith(base.path):
        return None  # another site, even on the same host
    relative = unquote(parts.path[len(base.path):])
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return output_dir / relative


def page_url_of(output_dir: Path, base_url: str, html_path: Path) -> str:
    relative = html_path.relative_to(output_dir).as_posix()
    return base_url + re.sub(r"(^|/)index\.html$", r"\1", relative)


def references(html_path: Path) -> list[str]:
    found = []
    for element in parse_html(html_path).iter():
        attribute = _URL_ATTRIBUTES.get(element.tag)
        value = element.get(attribute) if attribute else None
        if value and attribute == "srcset":
            found += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
        elif value:
            found.append(value)
    return found


def broken_links(output_dir: Path, base_url: str) -> list[str]:
    """Every internal link or asset reference in OUTPUT_DIR's HTML that names no file."""
    broken = []
    for html_path in html_files(output_dir):
        if html_path.name == "404.html":
            page_url = base_url + "some/missing/page/"  # served at any depth: links must be absolute
        else:
            page_url = page_url_of(output_dir, base_url, html_path)
        for reference in references(html_path):
            if reference.startswith(("#", "mailto:")):
                continue
            target = resolve(output_dir, base_url, page_url, reference)
            if target is not None and not target.is_file():
                broken.append(f"{html_path.relative_to(output_dir)}: {reference}")
    return broken


def article_links_in_main(html_path: Path, article_urls: set[str]) -> list[str]:
    """Article URLs linked from the page's <main>, once per article, in page order."""
    main = parse_html(html_path).find(".//main")
    assert main is not None, f"{html_path} has no <main>"
    seen: list[str] = []
    for anchor in main.iter("a"):
        path = urlsplit(anchor.get("href", "")).path
        if path in article_urls and path not in seen:
            seen.append(path)
    return seen


def list_pages(output_dir: Path, base_url: str, first: Path) -> list[Path]:
    """A paginated list's pages from FIRST on, as a reader pages through it: each page's
    <link rel="next"> (its older stories) to the next, whatever the pages are numbered."""
    pages = [first]
    while (link := parse_html(pages[-1]).find(".//link[@rel='next']")) is not None:
        target = resolve(output_dir, base_url, page_url_of(output_dir, base_url, pages[-1]), link.get("href", ""))
        assert target is not None and target.is_file() and target not in pages, (pages[-1], link.get("href"))
        pages.append(target)
    return pages


def nu_tools() -> NuTools:
    """Java and vnu.jar, found as `sitegen check` finds them (not on PATH).

    Without them the calling test fails: a skip would let CI pass without validating anything.
    """
    tools = find_nu_tools(shutil.which)
    if tools.jar is None or tools.java is None:
        missing = NU_MISSING if tools.jar is None else "Java not found (`make test` installs it)"
        pytest.fail(f"cannot validate the pages: {missing}", pytrace=False)
    return tools


def nu_errors(folder: Path) -> str:
    """Run the Nu HTML checker over every HTML file in FOLDER; '' when there are no errors."""
    tools = nu_tools()
    done = subprocess.run([str(tools.java), "-jar", str(tools.jar), "--errors-only", "--format", "text",
                           "--skip-non-html", str(folder)], capture_output=True, text=True, timeout=900, check=False)
    return "" if done.returncode == 0 else (done.stdout + done.stderr) or f"vnu exited with {done.returncode}"
