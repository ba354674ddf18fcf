#!/usr/bin/env python3
"""Two versions of sitegen side by side: publish one story and edit one body, alternating.

    git worktree add /tmp/old <commit>
    python bench/ab_publish.py --old /tmp/old --new . [--size 10000] [--rounds 4]

Each version gets its own copy of bench/compare.py's sitegen corpus (same generator, seed and
size), built cold once with its cache. Then, ROUNDS times and alternating old, new, old, new,
each publishes one new story (a fresh `sitegen build -q` process, as bench/publish.py does)
and then appends a paragraph to one review. On a shared machine alternating is what makes the
two columns comparable: load that comes and goes hits both. Prints each step's wall times.
The first publish after a cold build also works out the digests the cold build left out.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from compare import BENCH, ensure_corpus, make_tools
from publish import new_article, newest_date, scratch_copy


def timed_build(code: Path, site: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(code.resolve())}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(site), "-q"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=site)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", type=Path, required=True, help="a checkout of the older version (git worktree)")
    parser.add_argument("--new", type=Path, required=True, help="a checkout of the newer version")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--work", type=Path, default=BENCH / "corpora")
    args = parser.parse_args()
    corpus = ensure_corpus(make_tools(args.work)["sitegen"], args.size, 1, args.work)
    sites = {name: scratch_copy(corpus, args.work / str(args.size) / f"ab-{name}", search=False)
             for name in ("old", "new")}
    codes = {"old": args.old, "new": args.new}
    for name, site in sites.items():
        print(f"{name}: cold build {timed_build(codes[name], site):.2f} s", flush=True)
    newest = newest_date(corpus / "content")
    reviews = sorted((corpus / "content" / "reviews").glob("*.md"))
    for number in range(args.rounds):
        for name, site in sites.items():
            (site / "content" / "news" / f"bench-story-{number}.md").write_text(new_article(number, "sitegen", newest))
            publish = timed_build(codes[name], site)
            edited = site / "content" / "reviews" / reviews[number].name
            edited.write_text(edited.read_text() + f"\nA paragraph added by edit {number}.\n")
            edit = timed_build(codes[name], site)
            print(f"round {number + 1}, {name}: publish {publish:.2f} s, edit one body {edit:.2f} s", flush=True)
    for site in sites.values():
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
