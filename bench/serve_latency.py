#!/usr/bin/env python3
"""Time from saving an article to an open browser tab showing the change, under `sitegen serve`.

    python bench/serve_latency.py --site .                       # the example site
    python bench/serve_latency.py --articles 10000               # a generated site
    python bench/serve_latency.py --articles 10000 --edits 10 --keep /tmp/corpus10k

It starts `sitegen serve --port 0` as a user would, opens an article in headless Chromium
(Debian's /usr/bin/chromium through Playwright), then edits the article's headline EDITS times.
Each edit is timed from just before the file is written to the moment the tab's <h1> shows
the new headline, with no help from the test (live reload does the reloading). Prints the
median and range, the serve process's resident memory and its peak.
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
    from generator.build import BuildOptions, load_site  # noqa: PLC0415

    model = load_site(BuildOptions(site, drafts=True, future=True)).site
    article = model.articles[0]
    return site / article.source, article.url


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
        timings = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page()
            page.goto(base + url.lstrip("/"))
            page.wait_for_selector("html[data-sitegen-live=connected]")
            for number in range(1, args.edits + 1):
                headline = f"Edited headline number {number} at {time.time():.0f}"
                text = re.sub(r'^title: .*$', f'title: "{headline}"', original, count=1, flags=re.M)
                saved = time.perf_counter()
                source.write_text(text, encoding="utf-8")
                page.wait_for_function(f"() => document.querySelector('h1')?.innerText === {headline!r}",
                                       timeout=120_000)
                timings.append(time.perf_counter() - saved)
                page.wait_for_selector("html[data-sitegen-live=connected]")
                time.sleep(0.3)
            browser.close()
        current, peak = memory_kib(process.pid)
    finally:
        source.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(timeout=30)
    articles = sum(1 for _ in (site / "content").rglob("*.md"))
    print(f"site: {site} ({articles:,} Markdown files)")
    print(f"first build until serving: {first_build:.2f} s")
    print(f"save → tab shows the new headline, {len(timings)} edits: median {statistics.median(timings) * 1000:.0f} ms "
          f"(min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f})")
    print(f"serve process memory: {current / 1024:.0f} MiB resident, {peak / 1024:.0f} MiB peak")


if __name__ == "__main__":
    main()
