#!/usr/bin/env python3
"""Time from saving an article to `sitegen serve` serving it, and to an open tab showing it.

    python bench/serve_latency.py --site .                       # the example site
    python bench/serve_latency.py --articles 10000               # a generated site
    python bench/serve_latency.py --articles 10000 --edits 10 --keep /tmp/corpus10k

It starts `sitegen serve --port 0` as a user would and edits the newest article EDITS times
each way, timing from just before the file is written:
- save → served: until a plain HTTP GET of the article (polled every 5 ms) returns the new
  text; once for a body edit (a sentence in the first paragraph, the commonest save) and once
  for a headline edit (the headline is on list pages and related blocks too, so more pages
  re-render);
- save → tab shows it: headline edits with the article open in headless Chromium (Debian's
  /usr/bin/chromium through Playwright), until the tab's <h1> shows the new headline, with no
  help from the test (live reload does the reloading).
Prints the medians and ranges, the serve process's resident memory and its peak.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]


def make_corpus(articles: int, folder: Path) -> Path:
    if not (folder / "sitegen.toml").exists():
        subprocess.run([sys.executable, str(REPO / "bench" / "make_corpus.py"), "--articles", str(articles),
                        "--out", str(folder)], check=True)
    return folder


def memory_kib(pid: int) -> tuple[int, int]:
    """(current, peak) resident memory of PID in KiB, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    return (int(re.search(r"VmRSS:\s+(\d+)", status).group(1)),
            int(re.search(r"VmHWM:\s+(\d+)", status).group(1)))


def newest_article(site: Path) -> tuple[Path, str]:
    """The most recently dated article file and its URL path, via the build's own model."""
    sys.path.insert(0, str(REPO))
    from generator.build.builder import BuildOptions, load_site  # noqa: PLC0415

    model = load_site(BuildOptions(site, drafts=True, future=True)).site
    article = model.articles[0]
    return site / article.source, article.url


def headline_edit(original: str, number: int) -> tuple[str, str]:
    """ORIGINAL with a new headline, and the headline."""
    headline = f"Edited headline number {number} at {time.time():.0f}"
    return re.sub(r"^title: .*$", f'title: "{headline}"', original, count=1, flags=re.M), headline


def body_edit(original: str, number: int) -> tuple[str, str]:
    """ORIGINAL with a sentence added after the front matter, and the sentence."""
    sentence = f"Edited sentence number {number} at {time.time():.0f}."
    head, separator, body = original.partition("\n---\n")
    return f"{head}{separator}{sentence}\n\n{body}", sentence


def wait_until_served(page_url: str, marker: str, timeout: float = 120.0) -> float:
    """The perf_counter time at which a GET of PAGE_URL first contains MARKER."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        with urllib.request.urlopen(page_url) as response:
            body = response.read().decode("utf-8")
        now = time.perf_counter()
        if marker in body:
            return now
        time.sleep(0.005)
    sys.exit(f"{page_url} never showed {marker!r}")


def measure_served(page_url: str, source: Path, original: str, edits: int) -> dict[str, list[float]]:
    """Seconds from save to the server returning the edit, for EDITS body and headline edits."""
    served: dict[str, list[float]] = {"body": [], "headline": []}
    # Body edits first: each is the original plus one sentence, so it changes the body alone
    # (after a headline edit, going back to the original would change the headline too).
    for kind, edit in (("body", body_edit), ("headline", headline_edit)):
        for number in range(1, edits + 1):
            text, marker = edit(original, number)
            saved = time.perf_counter()
            source.write_text(text, encoding="utf-8")
            served[kind].append(wait_until_served(page_url, marker) - saved)
            time.sleep(0.3)
    return served


def measure_shown(page_url: str, source: Path, original: str, edits: int) -> list[float]:
    """Seconds from save to an open Chromium tab showing the new headline, for EDITS edits."""
    shown = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page()
        page.goto(page_url)
        page.wait_for_selector("html[data-sitegen-live=connected]")
        for number in range(1, edits + 1):
            text, headline = headline_edit(original, 100 + number)
            saved = time.perf_counter()
            source.write_text(text, encoding="utf-8")
            page.wait_for_function(f"() => document.querySelector('h1')?.innerText === {headline!r}",
                                   timeout=120_000)
            shown.append(time.perf_counter() - saved)
            page.wait_for_selector("html[data-sitegen-live=connected]")
            time.sleep(0.3)
        browser.close()
    return shown


def summary(label: str, timings: list[float]) -> str:
    return (f"{label}, {len(timings)} edits: median {statistics.median(timings) * 1000:.0f} ms "
            f"(min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an existing site (default: generate one)")
    parser.add_argument("--articles", type=int, default=1000, help="size of the generated site")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    args = parser.parse_args()

    site = args.site or make_corpus(args.articles, args.keep or Path(tempfile.mkdtemp()) / "corpus")
    source, url = newest_article(site)
    original = source.read_text(encoding="utf-8")
    lines: list[str] = []
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO)
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    started = time.perf_counter()
    try:
        while not any("Serving" in line for line in lines):
            if process.poll() is not None:
                sys.exit("serve stopped:\n" + "".join(lines))
            time.sleep(0.05)
        first_build = time.perf_counter() - started
        base = re.search(r"Serving (http://\S+/)", "".join(lines)).group(1)
        page_url = base + url.lstrip("/")
        served = measure_served(page_url, source, original, args.edits)
        shown = measure_shown(page_url, source, original, args.edits)
        current, peak = memory_kib(process.pid)
    finally:
        source.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(timeout=30)
    articles = sum(1 for _ in (site / "content").rglob("*.md"))
    print(f"site: {site} ({articles:,} Markdown files)")
    print(f"first build until serving: {first_build:.2f} s")
    print(summary("save → served, body edit", served["body"]))
    print(summary("save → served, headline edit", served["headline"]))
    print(summary("save → tab shows the new headline", shown))
    print(f"serve process memory: {current / 1024:.0f} MiB resident, {peak / 1024:.0f} MiB peak")


if __name__ == "__main__":
    main()
