#!/usr/bin/env python3
"""What a newsroom does all day, timed: publish one story, edit one story, with the cache present.

    python bench/publish.py [--size 10000] [--runs 3] [--work DIR] [--no-hugo] [--search on|off|both]

A copy of bench/compare.py's sitegen corpus (same generator, seed and size) is built once with
its cache; then each run publishes one new article (the newest, in the busiest tags) and,
separately, edits the body of one existing article, each followed by `sitegen build` as a
fresh process, as an editor or a CI job runs it. For each step the table gives the wall time
(median of RUNS) and the files the build wrote: new or rewritten pages, feeds and sitemaps,
and, apart, the search index's files (Pagefind's output in output/pagefind/). A deploy
uploads exactly those.

Hugo always rebuilds everything: the same publish on its corpus (bench/compare.py's minimal
Hugo site) is timed beside it, in the same run, with the files it rewrote.

With --search both (the default) the sitegen steps run twice: with the search index (what a
site gets by default; Pagefind indexes the whole site again whenever a page changed) and
with search = false (the build alone).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from compare import BENCH, ensure_corpus, ensure_hugo, make_tools, progress

SEARCH_BUNDLE = "pagefind"


@dataclass(frozen=True)
class Step:
    seconds: float
    pages: int  # files outside the search index that are new, rewritten or removed
    index: int  # files of the search index that are new, rewritten or removed


def snapshot(output: Path) -> dict[str, tuple[int, int]]:
    """Every file under OUTPUT with its mtime and inode: a rewrite (a rename over it) changes one."""
    found = {}
    for path in output.rglob("*"):
        if path.is_file():
            stat = path.stat()
            found[str(path.relative_to(output))] = (stat.st_mtime_ns, stat.st_ino)
    return found


def changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> tuple[int, int]:
    names = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    index = sum(1 for name in names if name.startswith(SEARCH_BUNDLE + "/"))
    return len(names) - index, index


def timed(command: list[str], output: Path) -> Step:
    before = snapshot(output)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    return Step(seconds, *changed(before, snapshot(output)))


def scratch_copy(corpus: Path, where: Path, search: bool | None = None) -> Path:
    """A throwaway copy of CORPUS (its output and caches left behind); SEARCH sets sitegen's `search`."""
    shutil.rmtree(where, ignore_errors=True)
    shutil.copytree(corpus, where, ignore=shutil.ignore_patterns("output", "public", ".sitegen-cache", "resources",
                                                                 ".corpus-stamp"))
    if search is not None:
        config = where / "sitegen.toml"
        lines = [line for line in config.read_text().splitlines() if not line.startswith("search =")]
        config.write_text("\n".join([*lines, f"search = {'true' if search else 'false'}", ""]))
    return where


def newest_date(content: Path) -> dt.datetime:
    """The date of the newest article under CONTENT (its front matter's `date:` line)."""
    dates = []
    for path in content.rglob("*.md"):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("date: "):
                    dates.append(dt.datetime.fromisoformat(line[6:].strip()))
                    break
    return max(dates)


def new_article(number: int, fmt: str, after: dt.datetime) -> str:
    """An article dated just AFTER the newest one (the same year, as a publish is), in common tags."""
    date = (after + dt.timedelta(minutes=1 + number)).isoformat()
    front = [f'title: "Bench desk publishes story {number}"', f"slug: bench-story-{number}",
             'author: "Ana Weber"', f"date: {date}", "tags: [apple, ai, chips]", "section: news",
             'summary: "A story published by the benchmark."']
    body = "The benchmark publishes this story to measure what one publish costs.\n\nA second paragraph.\n"
    if fmt == "hugo":
        front = [line for line in front if not line.startswith("section")]
    return "---\n" + "\n".join(front) + "\n---\n\n" + body


def sitegen_steps(corpus: Path, site: Path, runs: int, search: bool) -> dict[str, list[Step]]:
    command = [sys.executable, "-m", "generator", "build", "--site", str(site), "-q"]
    progress(f"sitegen (search {'on' if search else 'off'}): first build of {site} with its cache")
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    output = site / "output"
    steps: dict[str, list[Step]] = {"publish one article": [], "edit one article's body": [],
                                    "nothing changed": []}
    bodies = sorted((site / "content" / "news").glob("*.md"))
    newest = newest_date(site / "content")
    for run in range(runs):
        (site / "content" / "news" / f"bench-story-{run}.md").write_text(new_article(run, "sitegen", newest))
        steps["publish one article"].append(timed(command, output))
        edited = bodies[len(bodies) // 2 + run]
        edited.write_text(edited.read_text() + f"\nA paragraph added by edit {run}.\n")
        steps["edit one article's body"].append(timed(command, output))
        steps["nothing changed"].append(timed(command, output))
    return steps


def hugo_steps(corpus: Path, site: Path, runs: int) -> list[Step]:
    command = ["hugo", "--source", str(site), "--quiet"]
    progress(f"hugo: first build of {site}")
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    steps = []
    newest = newest_date(site / "content")
    for run in range(runs):
        (site / "content" / "posts" / f"bench-story-{run}.md").write_text(new_article(run, "hugo", newest))
        steps.append(timed(command, site / "public"))
    return steps


def median(steps: list[Step]) -> Step:
    return Step(statistics.median(s.seconds for s in steps), int(statistics.median(s.pages for s in steps)),
                int(statistics.median(s.index for s in steps)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000, help="articles in the corpus")
    parser.add_argument("--runs", type=int, default=3, help="publishes and edits; medians are reported")
    parser.add_argument("--work", type=Path, default=BENCH / "corpora", help="where corpora live (as compare.py)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-hugo", action="store_true", help="leave Hugo out")
    parser.add_argument("--search", choices=["on", "off", "both"], default="both")
    args = parser.parse_args()
    tools = make_tools(args.work)
    corpus = ensure_corpus(tools["sitegen"], args.size, args.seed, args.work)
    scratch = args.work / str(args.size) / "publish-scratch"
    rows = []
    for search in {"on": [True], "off": [False], "both": [True, False]}[args.search]:
        site = scratch_copy(corpus, scratch, search)
        label = "sitegen" + ("" if search else ", search off")
        for step, runs in sitegen_steps(corpus, site, args.runs, search).items():
            m = median(runs)
            rows.append(f"| {label}: {step} | {m.seconds:.2f} | {m.pages} | {m.index} |")
    if not args.no_hugo:
        ensure_hugo()
        hugo_corpus = ensure_corpus(tools["hugo"], args.size, args.seed, args.work)
        m = median(hugo_steps(hugo_corpus, scratch_copy(hugo_corpus, scratch), args.runs))
        rows.append(f"| Hugo: publish one article (it rebuilds everything) | {m.seconds:.2f} | {m.pages} | - |")
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"{args.size:,} articles, medians of {args.runs} (`python bench/publish.py --size {args.size}"
          f" --runs {args.runs}`)\n")
    print("| step | wall s | files written | search index files written |")
    print("|---|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
