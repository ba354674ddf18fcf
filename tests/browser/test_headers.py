"""The default theme under the Content-Security-Policy of /_headers, in headless Chromium.

The built site is served by a file server that applies /_headers as Netlify and Cloudflare
Pages do (a rule's path, or its prefix before a trailing `*`), so the browser enforces exactly
what the file says. Every kind of page loads with no violation: scripts from the site only,
JSON-LD (data, never run), style attributes of aligned table cells, and search, whose
Pagefind compiles WebAssembly in a worker.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

import pytest

from generator.build.builder import BuildOptions, run_build
from tests.conftest import MINIMAL_CONFIG, article, write_files

TABLE = "| Chip | Node |\n|:-----|-----:|\n| A18 | 3 nm |\n"
VIOLATIONS = """() => {
  window.cspViolations = [];
  document.addEventListener("securitypolicyviolation",
    (event) => window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
}"""


def _rules(headers_file: Path) -> list[tuple[str, dict[str, str]]]:
    rules: ClassVar[list[tuple[str, dict[str, str]]]] = []
    for line in headers_file.read_text().splitlines():
        if line.startswith("/"):
            rules.append((line, {}))
        elif line.startswith("  "):
            name, _, value = line.strip().partition(": ")
            rules[-1][1][name] = value
    return rules


class _HostHandler(http.server.SimpleHTTPRequestHandler):
    rules: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def end_headers(self) -> None:
        path = self.path.split("?")[0]
        for pattern, headers in self.rules:
            if path == pattern or (pattern.endswith("*") and path.startswith(pattern[:-1])):
                for name, value in headers.items():
                    self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output to failures."""


@contextmanager
def _host(root: Path) -> Iterator[str]:
    handler = type("Handler", (_HostHandler,), {"rules": _rules(root / "_headers")})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def hosted(tmp_path: Path) -> Iterator[str]:
    site, root = tmp_path / "site", tmp_path / "www"
    write_files(site, {
        "sitegen.toml": MINIMAL_CONFIG,
        "content/news/quokka.md": article("Rottnest island gets a quokka census", tags="[wildlife]",
                                          body="Rangers counted every marsupial on the island.\n\n" + TABLE),
        "content/news/chips.md": article("Chip exports rise again", "2024-05-02T10:00:00+02:00", tags="[chips]",
                                         body="Foundries shipped more wafers than in any quarter before.\n"),
        "content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
    })
    run_build(BuildOptions(site, root, jobs=1))
    with _host(root) as url:
        yield url


def _visit(browser, url: str) -> tuple[object, list[str]]:
    page = browser.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(f"({VIOLATIONS})()")
    response = page.goto(url)
    assert "default-src 'self'" in response.headers["content-security-policy"]  # the rule did reach the page
    return page, console


def test_every_kind_of_page_loads_without_a_violation(hosted: str, browser) -> None:
    for path in ("", "2024/05/quokka/", "tags/", "tags/chips/", "archive/", "about/", "404.html"):
        page, console = _visit(browser, hosted + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.cspViolations") == [], path
        assert not [line for line in console if "Content Security Policy" in line], path
        page.close()


def test_the_article_keeps_its_structured_data_and_table_alignment(hosted: str, browser) -> None:
    page, _ = _visit(browser, hosted + "2024/05/quokka/")
    assert page.locator('script[type="application/ld+json"]').count() >= 1
    assert page.locator("td", has_text="3 nm").evaluate("cell => getComputedStyle(cell).textAlign") == "right"
    assert page.evaluate("window.cspViolations") == []
    page.close()


def test_search_runs_under_the_policy(hosted: str, browser) -> None:
    page, console = _visit(browser, hosted + "search/?q=marsupial")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    assert page.locator(".pagefind-ui__result-link").all_inner_texts() == ["Rottnest island gets a quokka census"]
    assert page.evaluate("window.cspViolations") == []
    assert not [line for line in console if "Content Security Policy" in line]
    page.close()
