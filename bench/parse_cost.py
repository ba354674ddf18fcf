#!/usr/bin/env python3
"""What one parse step costs: parse a corpus's articles in one process, with and without a step.

    python bench/parse_cost.py [--size 1000] [--rounds 5] [--files 2000]

The step measured is the typographer (curly quotes in bodies, titles, summaries, key points,
credits): each round parses the same files twice, with it and with it switched off in this
process only, alternating which goes first, so load that comes and goes hits both. Prints
each round's seconds and the median cost per file. Parsing is where a cold build spends most
of its time, so this is the cost a cold build pays.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from compare import BENCH, ensure_corpus, make_tools

from generator.config import load_config
from generator.content import fields, markdown
from generator.content.parse import parse_source
from generator.content.sources import SourceKind, scan_sources


@contextmanager
def without_typographer() -> Iterator[None]:
    """Parsing as before the typographer: no smartquotes rule, plain text left as typed."""
    make_parser, typographic = markdown.make_parser, fields.typographic

    def plain_parser(raw_html: bool, language: str = "en") -> markdown.MarkdownIt:
        return make_parser(raw_html, language).disable("smartquotes", ignoreInvalid=True)

    markdown.make_parser.cache_clear()
    markdown.make_parser, fields.typographic = plain_parser, lambda text, _language: text  # type: ignore[assignment]
    try:
        yield
    finally:
        markdown.make_parser, fields.typographic = make_parser, typographic
        make_parser.cache_clear()  # the disabled parser must not be served to the next round


def parse_all(files: list[tuple[object, str]], config: object) -> float:
    started = time.perf_counter()
    for source, text in files:
        parse_source(source, text, config)  # type: ignore[arg-type]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1000, help="corpus size (bench/compare.py's corpus)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--files", type=int, default=2000, help="parse at most this many articles")
    options = parser.parse_args()
    work = BENCH / "corpora"
    site = ensure_corpus(make_tools(work)["sitegen"], options.size, 1, work)
    config = load_config(site)
    sources, _ = scan_sources(config.content_dir)
    articles = [s for s in sources if s.kind is SourceKind.ARTICLE][: options.files]
    files = [(s, Path(s.abs_path).read_text(encoding="utf-8")) for s in articles]
    with_step, without_step = [], []
    for number in range(options.rounds):
        order = ("with", "without") if number % 2 == 0 else ("without", "with")
        for which in order:
            if which == "with":
                with_step.append(parse_all(files, config))
            else:
                with without_typographer():
                    without_step.append(parse_all(files, config))
        print(f"round {number + 1}: with {with_step[-1]:.2f} s, without {without_step[-1]:.2f} s")
    on, off = statistics.median(with_step), statistics.median(without_step)
    print(f"{len(files)} articles, median: with {on:.2f} s, without {off:.2f} s; "
          f"the typographer costs {(on - off) / len(files) * 1e6:.0f} µs an article ({(on / off - 1) * 100:+.1f} %)")


if __name__ == "__main__":
    main()
