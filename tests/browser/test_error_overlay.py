"""The serve error overlay as an editor meets it: opaque, the offending lines and a plain hint,
dismissible by Escape and by its button, back on the next failed build, readable on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import article, write_files
from tests.serving import serving

OVERLAY = "#sitegen-error-overlay"
UNCLOSED_QUOTE = '---\ntitle: "Broken\ndate: 2024-05-01T09:30:00+02:00\nauthor: ana\n---\nBody\n'
TAB_INDENTED = "---\ntitle: Fine\n\tdate: 2024-05-01T09:30:00+02:00\nauthor: ana\n---\nBody\n"
HINT = 'the title\'s quote is never closed; add a closing " at the end of line 2'

# The alpha of an element's computed background colour ("rgb(…)" is opaque).
BACKGROUND_ALPHA = """element => {
  const colour = getComputedStyle(element).backgroundColor;
  return colour.startsWith("rgba(") ? parseFloat(colour.slice(5, -1).split(",")[3]) : 1;
}"""
# Whether the element is what a reader sees at its own centre: not covered, not off screen.
SEEN = """element => {
  const box = element.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth
    && element.contains(top);
}"""


def _break(site: Path, text: str) -> None:
    (site / "content/news/first.md").write_text(text, encoding="utf-8")


def test_the_overlay_is_opaque_shows_the_lines_and_hint_and_can_be_dismissed(site: Path, browser) -> None:
    with serving(site) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url + "2024/05/first/")
        page.wait_for_selector("html[data-sitegen-live=connected]")
        page.focus("a[href]")  # where the reader was; focus must come back here
        was_focused = page.evaluate("document.activeElement.outerHTML")

        _break(site, UNCLOSED_QUOTE)
        overlay = page.locator(OVERLAY)
        overlay.wait_for(state="visible", timeout=15000)
        assert overlay.evaluate(BACKGROUND_ALPHA) == 1
        assert page.evaluate("document.activeElement.id") == "sitegen-error-overlay"
        assert overlay.get_attribute("role") == "alertdialog"
        assert page.locator(f"{OVERLAY} .sg-title").inner_text() == "Build failed: 1 error"
        assert page.locator(f"{OVERLAY} .sg-where").inner_text() == "content/news/first.md:2: error:"
        assert page.locator(f"{OVERLAY} .sg-message").inner_text() == f"front matter is not valid YAML: {HINT}"
        rows = page.locator(f"{OVERLAY} .sg-row").all_inner_texts()
        assert rows == ["  1 | ---", '> 2 | title: "Broken', "  3 | date: 2024-05-01T09:30:00+02:00",
                        "  4 | author: ana"]
        assert page.locator(f"{OVERLAY} .sg-marked").inner_text() == '> 2 | title: "Broken'
        assert any(HINT in line for line in server.lines)  # the terminal has the same words
        assert any(line.endswith('> 2 | title: "Broken') for line in server.lines)

        page.keyboard.press("Escape")
        assert overlay.count() == 0
        assert page.evaluate("document.activeElement.outerHTML") == was_focused

        _break(site, TAB_INDENTED)  # the next failed build brings it back, with its own hint
        overlay.wait_for(state="visible", timeout=15000)
        assert "line 3 is indented with a tab" in page.locator(f"{OVERLAY} .sg-message").inner_text()
        assert page.locator(f"{OVERLAY} .sg-marked").inner_text() == "> 3 | →   date: 2024-05-01T09:30:00+02:00"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Close"
        page.keyboard.press("Tab")  # Tab stays inside the dialog (the excerpt, then round again)
        page.keyboard.press("Tab")
        assert page.evaluate(f"document.querySelector('{OVERLAY}').contains(document.activeElement)")
        page.locator(f"{OVERLAY} .sg-close").click()
        assert overlay.count() == 0
        assert page.evaluate("document.activeElement.outerHTML") == was_focused

        write_files(site, {"content/news/first.md": article("Fixed headline")})
        page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Fixed headline'", timeout=15000)
        page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_panel_covers_the_masthead_and_its_title_is_readable(site: Path, browser, scheme: str) -> None:
    with serving(site) as server:
        page = browser.new_page(viewport={"width": 360, "height": 800}, color_scheme=scheme)
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(server.url + "2024/05/first/")
        page.wait_for_selector("html[data-sitegen-live=connected]")
        _break(site, UNCLOSED_QUOTE)
        overlay = page.locator(OVERLAY)
        overlay.wait_for(state="visible", timeout=15000)

        assert overlay.evaluate(BACKGROUND_ALPHA) == 1
        background = overlay.evaluate("element => getComputedStyle(element).backgroundColor")
        assert background == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(22, 24, 29)")
        assert overlay.bounding_box() == {"x": 0, "y": 0, "width": 360, "height": 800}
        for selector in (".sg-title", ".sg-close", ".sg-message", ".sg-marked"):
            assert page.locator(f"{OVERLAY} {selector}").evaluate(SEEN), selector
        # Nothing of the page shows through or beside it: every point of the top of the screen,
        # where the masthead is, belongs to the overlay.
        assert page.evaluate(f"""() => [10, 100, 200, 350].every(x => [5, 60, 120, 250].every(y =>
            document.querySelector('{OVERLAY}').contains(document.elementFromPoint(x, y))))""")
        # Long lines scroll inside the excerpt; the panel itself does not scroll sideways.
        assert overlay.evaluate("element => element.scrollWidth <= element.clientWidth")
        assert all(url.startswith(server.url) for url in requested), requested
        page.close()
