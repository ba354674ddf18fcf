#!/usr/bin/env python3
"""sitegen side by side with Hugo, Pelican and Eleventy: cold builds of the same generated articles.

    python bench/compare.py [--sizes 1000,10000] [--tools sitegen,hugo,pelican,eleventy] [--work DIR] [--runs 1]

Each tool gets the same articles from bench/make_corpus.py (same --seed) in its own format. The
sitegen corpus is a complete site; for Hugo, Pelican and Eleventy this script writes minimal sites
that render what a news site cannot do without: one page per article at /YYYY/MM/slug/, a home
page paginated 10 per page, paginated tag pages with a tag index, and one RSS feed of 20 items.
Hugo comes from Debian (installed if missing), Pelican with Markdown into WORK/.venv-pelican,
Eleventy and its RSS plugin with npm into WORK/.eleventy (Node.js must be installed).

Every timed build is cold (output and caches moved aside first). Each records wall time and
CPU time (user+sys of the child and the children it waited for, from wait4). Peak memory (the
largest sum of proportional set sizes over the child's process tree, so pages forked workers
share with their parent count once) comes from one more cold build per tool and size, sampled
every 50 ms or less often where sampling gets dear: reading it slows the build it watches, so
timed builds are not watched. For sitegen
it also times a warm rebuild, counts the output files that rebuild rewrote, and runs
bench/serve_latency.py for the save-to-browser time (skip with --no-serve).
The tables go to standard output and to bench/results/latest.md (or --out).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
MAKE_CORPUS = BENCH / "make_corpus.py"
SERVE_LATENCY = BENCH / "serve_latency.py"
TRASH = ".trash"  # in the work folder: old outputs, deleted after the timings (see clean())
RESULTS = BENCH / "results" / "latest.md"
TOOL_NAMES = ("sitegen", "hugo", "pelican", "eleventy")
# All the tools are configured to put an article at /YYYY/MM/slug/, so one pattern counts them.
ARTICLE_PAGE = re.compile(r"\d{4}/\d{2}/[^/]+/index\.html")
SAMPLE_SECONDS = 0.05
SAMPLE_COST_SHARE = 0.05  # of the time spent sampling memory, at most (see sample_peak)
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
SERVE_EDITS = 5
PELICAN_REQUIREMENTS = ("pelican==4.12.0", "markdown==3.11.3")
ELEVENTY_PACKAGES = {"@11ty/eleventy": "3.1.8", "@11ty/eleventy-plugin-rss": "3.0.0"}  # exact versions

HUGO_CONFIG = """\
baseURL = "https://corpus.example.org/"
title = "Corpus News"
languageCode = "en"
timeZone = "Asia/Singapore"
paginate = 10
rssLimit = 20
# Pages sitegen also makes but Pelican's minimal site doesn't: leave them out of both peers.
disableKinds = ["section", "sitemap", "robotsTXT", "404"]

[permalinks]
posts = "/:year/:month/:slug/"

[taxonomies]
tag = "tags"

[outputs]
home = ["HTML", "RSS"]
taxonomy = ["HTML"]
term = ["HTML"]
"""

# The smallest theme that renders the same pages as Pelican's "simple" theme does.
HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | absURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> · <a href="{{ "/tags/" | relURL }}">Tags</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "title" }}{{ .Title }}{{ end }}
{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time>
by {{ .Params.author }}</p>
{{ .Content }}
<p>Tags: {{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>{{ end }}
""",
    "_default/list.html": """\
{{ define "title" }}{{ .Title }} · {{ .Site.Title }}{{ end }}
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" . }}{{ end }}
""",
    "_default/terms.html": """\
{{ define "title" }}Tags · {{ .Site.Title }}{{ end }}
{{ define "main" }}<h1>Tags</h1>
<ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}
</ul>{{ end }}
""",
    "index.html": """\
{{ define "main" }}{{ range (.Paginate .Site.RegularPages).Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" . }}{{ end }}
""",
    "partials/summary.html": """\
<article>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time>{{ .Date.Format "2 January 2006" }}</time> by {{ .Params.author }}</p>
<p>{{ .Params.summary }}</p>
</article>
""",
    "partials/pager.html": """\
{{ with .Paginator }}<nav>{{ if .HasPrev }}<a href="{{ .Prev.URL }}">Newer</a>{{ end }}
Page {{ .PageNumber }} of {{ .TotalPages }}
{{ if .HasNext }}<a href="{{ .Next.URL }}">Older</a>{{ end }}</nav>{{ end }}
""",
}

PELICAN_CONFIG = """\
SITENAME = "Corpus News"
SITEURL = "https://corpus.example.org"
PATH = "content"
TIMEZONE = "Asia/Singapore"
DEFAULT_LANG = "en"
THEME = "simple"
DEFAULT_PAGINATION = 10
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
# Home and tags only: the category, author and archive pages are left out, as in the Hugo site.
DIRECT_TEMPLATES = ["index", "tags"]
# Folder-style pagination: Pelican's default names page 2 of tag "topic-23" topic-232.html,
# which is also page 1 of tag "topic-232".
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
CATEGORY_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
FEED_ALL_RSS = "feeds/all.rss.xml"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 20
# A cold build every time, like the other tools'.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
"""

# ELEVENTY_PLUGIN becomes the RSS plugin's file URL: it is installed in the work folder, not in a
# node_modules above the corpus, so Node could not resolve "@11ty/eleventy-plugin-rss" from here.
ELEVENTY_CONFIG = """\
import rssPlugin from ELEVENTY_PLUGIN;

// Singapore time, as in the Hugo and Pelican sites: the corpus's dates are +08:00.
const TIME_ZONE = "Asia/Singapore";
const PER_PAGE = 10;
const numeric = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "longOffset",
});
const long = new Intl.DateTimeFormat("en-GB", {timeZone: TIME_ZONE, day: "numeric", month: "long", year: "numeric"});
const parts = (date) => Object.fromEntries(numeric.formatToParts(date).map((part) => [part.type, part.value]));

export const config = {
  dir: {input: ".", output: "_site"},
  // Bodies are plain Markdown, as Hugo and Pelican read them: no Liquid pass over each one first.
  markdownTemplateEngine: false,
  templateFormats: ["md", "njk"],
};

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(rssPlugin);
  eleventyConfig.addGlobalData("site", {title: "Corpus News", url: "https://corpus.example.org/", timeZone: TIME_ZONE});
  eleventyConfig.addFilter("yearMonth", (date) => { const p = parts(date); return `${p.year}/${p.month}`; });
  eleventyConfig.addFilter("isoDate", (date) => {
    const p = parts(date);
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${p.timeZoneName.slice(3) || "Z"}`;
  });
  eleventyConfig.addFilter("longDate", (date) => long.format(date));
  eleventyConfig.addFilter("head", (items, count) => items.slice(0, count));

  // Newest first, the order of every list on the site.
  const newestFirst = (api) => api.getFilteredByGlob("posts/*.md").reverse();
  const byTag = (api) => {
    const tags = new Map();
    for (const post of newestFirst(api)) {
      for (const tag of post.data.tags) {
        tags.has(tag) ? tags.get(tag).push(post) : tags.set(tag, [post]);
      }
    }
    return [...tags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  const slugify = eleventyConfig.getFilter("slugify");
  eleventyConfig.addCollection("posts", newestFirst);
  eleventyConfig.addCollection("tagList", (api) =>
    byTag(api).map(([tag, posts]) => ({tag, count: posts.length, href: `/tags/${slugify(tag)}/`})));
  // Eleventy paginates one list per template, so each tag's pages are spelled out here and
  // tags.njk makes one page of each.
  eleventyConfig.addCollection("tagPages", (api) => byTag(api).flatMap(([tag, posts]) => {
    const base = `/tags/${slugify(tag)}/`;
    const total = Math.ceil(posts.length / PER_PAGE);
    const href = (number) => (number === 1 ? base : `${base}page/${number}/`);
    return Array.from({length: total}, (_, index) => ({
      tag, number: index + 1, total, href: href(index + 1),
      newer: index > 0 ? href(index) : null, older: index + 1 < total ? href(index + 2) : null,
      posts: posts.slice(index * PER_PAGE, (index + 1) * PER_PAGE),
    }));
  }));
}
"""

# The Nunjucks counterpart of HUGO_LAYOUTS: the same markup, page for page, but for what markdown-it
# leaves out and Goldmark adds: ids on headings and the highlighting of code blocks (a fifth of
# the articles have one). Hugo's /page/1/ redirects aren't made either, so Eleventy writes fewer files.
ELEVENTY_FILES = {
    "posts/posts.11tydata.mjs": """\
// Every article: its layout, and the /YYYY/MM/slug/ address the other tools give it.
export default {
  layout: "article.njk",
  permalink(data) { return `/${this.yearMonth(data.page.date)}/${data.slug}/`; },
};
""",
    "_includes/base.njk": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ site.title }}{% endblock %}</title>
<link rel="alternate" type="application/rss+xml" href="{{ "/index.xml" | absoluteUrl(site.url) }}">
</head>
<body>
<header><a href="/">{{ site.title }}</a> · <a href="/tags/">Tags</a></header>
<main>{% block main %}{% endblock %}</main>
</body>
</html>
""",
    "_includes/article.njk": """\
{% extends "base.njk" %}
{% block title %}{{ title }}{% endblock %}
{% block main %}<article>
<h1>{{ title }}</h1>
<p><time datetime="{{ page.date | isoDate }}">{{ page.date | longDate }}</time>
by {{ author }}</p>
{{ content | safe }}
<p>Tags: {% for tag in tags %}<a href="/tags/{{ tag | slugify }}/">{{ tag }}</a> {% endfor %}</p>
</article>{% endblock %}
""",
    "_includes/summary.njk": """\
<article>
<h2><a href="{{ post.url }}">{{ post.data.title }}</a></h2>
<p><time>{{ post.date | longDate }}</time> by {{ post.data.author }}</p>
<p>{{ post.data.summary }}</p>
</article>
""",
    "_includes/pager.njk": """\
<nav>{% if pager.newer %}<a href="{{ pager.newer }}">Newer</a>{% endif %}
Page {{ pager.number }} of {{ pager.total }}
{% if pager.older %}<a href="{{ pager.older }}">Older</a>{% endif %}</nav>
""",
    "index.njk": """\
---
pagination:
  data: collections.posts
  size: 10
  alias: articles
permalink: "/{% if pagination.pageNumber %}page/{{ pagination.pageNumber + 1 }}/{% endif %}"
---
{% extends "base.njk" %}
{% block main %}{% for post in articles %}{% include "summary.njk" %}{% endfor %}
{% set pager = {number: pagination.pageNumber + 1, total: pagination.pages.length,
                newer: pagination.href.previous, older: pagination.href.next} %}{% include "pager.njk" %}{% endblock %}
""",
    "tags.njk": """\
---
pagination:
  data: collections.tagPages
  size: 1
  alias: tagPage
permalink: "{{ tagPage.href }}"
---
{% extends "base.njk" %}
{% block title %}{{ tagPage.tag }} · {{ site.title }}{% endblock %}
{% block main %}<h1>{{ tagPage.tag }}</h1>
{% for post in tagPage.posts %}{% include "summary.njk" %}{% endfor %}
{% set pager = tagPage %}{% include "pager.njk" %}{% endblock %}
""",
    "tag-index.njk": """\
---
permalink: /tags/
---
{% extends "base.njk" %}
{% block title %}Tags · {{ site.title }}{% endblock %}
{% block main %}<h1>Tags</h1>
<ul>{% for entry in collections.tagList %}
<li><a href="{{ entry.href }}">{{ entry.tag }}</a> ({{ entry.count }})</li>{% endfor %}
</ul>{% endblock %}
""",
    # Hugo's RSS template, with the plugin's filters for the dates and absolute links.
    "feed.njk": """\
---
permalink: /index.xml
---
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{ site.title }}</title>
<link>{{ site.url }}</link>
<description>Recent content on {{ site.title }}</description>
<language>en</language>
{%- set newest = collections.posts | head(20) %}
<lastBuildDate>{{ newest[0].date | dateToRfc822(site.timeZone) }}</lastBuildDate>
<atom:link href="{{ permalink | absoluteUrl(site.url) }}" rel="self" type="application/rss+xml"/>
{%- for post in newest %}{% set url = post.url | absoluteUrl(site.url) %}
<item>
<title>{{ post.data.title }}</title>
<link>{{ url }}</link>
<pubDate>{{ post.date | dateToRfc822(site.timeZone) }}</pubDate>
<guid>{{ url }}</guid>
<description>{{ post.data.summary }}</description>
</item>{% endfor %}
</channel>
</rss>
""",
}


@dataclass(frozen=True, slots=True)
class Measurement:
    """What one build cost: seconds of wall and CPU time, and the tree's peak memory in KiB."""

    wall: float
    cpu: float
    peak_kib: int


@dataclass(frozen=True, slots=True)
class Tool:
    """How to set up, build and clean one generator's copy of a corpus."""

    name: str
    corpus_format: str
    output: str  # folder the build writes, inside the corpus
    caches: tuple[str, ...]  # deleted with the output so a build starts cold
    command: Callable[[Path], list[str]]
    write_site: Callable[[Path], None]


@dataclass(frozen=True, slots=True)
class Result:
    """One tool at one corpus size: the median cold build and what it wrote."""

    tool: str
    size: int
    cold: Measurement
    html_files: int


@dataclass(frozen=True, slots=True)
class SitegenExtras:
    """The numbers only sitegen has: warm rebuild, files it rewrote, edit-to-browser latency."""

    size: int
    warm: Measurement
    rewritten: int
    serve_ms: dict[str, float] | None  # SERVE_FIGURES name → median ms


# Process-tree memory ------------------------------------------------------------------------


def process_table() -> dict[int, tuple[int, int]]:
    """pid → (parent pid, resident KiB) for every process, from /proc/*/stat.

    One read per process gives both numbers (stat's rss is the VmRSS of /proc/PID/status),
    which keeps a 50 ms sampling loop cheap on a machine shared with other benchmarks.
    """
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # the process ended between the glob and the read
            continue
        table[int(stat.parent.name)] = (int(fields[1]), int(fields[21]) * PAGE_KIB)
    return table


def proportional_kib(pid: int, resident_kib: int) -> int:
    """PID's proportional set size: its private memory plus its share of pages it shares.

    Forked workers share the parent's pages copy-on-write; summing their RSS would count
    those pages once per process. Falls back to RSS where smaps_rollup cannot be read.
    """
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return resident_kib
    match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
    return int(match.group(1)) if match else resident_kib


def tree_memory_kib(root: int) -> int:
    """Memory of ROOT and all its descendants (worker processes count too), as summed PSS."""
    table = process_table()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        if pid in table:
            total += proportional_kib(pid, table[pid][1])
        pending.extend(children.get(pid, ()))
    return total


def sample_peak(root: int, done: threading.Event, peak: list[int]) -> None:
    """Keep the largest tree memory seen in peak[0] until DONE is set.

    Reading smaps_rollup walks a process's page tables under its memory lock, work that grows
    with the process: at 100k articles, three processes of a GB each, sampling every 50 ms
    would compete with the build it watches. So the pause after a sample is at least
    SAMPLE_COST_SHARE⁻¹ times as long as the sample, and timed builds are not sampled at all.
    """
    pause = SAMPLE_SECONDS
    while not done.wait(pause):
        started = time.perf_counter()
        peak[0] = max(peak[0], tree_memory_kib(root))
        pause = max(SAMPLE_SECONDS, (time.perf_counter() - started) / SAMPLE_COST_SHARE)


# Running and timing -------------------------------------------------------------------------


def measure(command: list[str], cwd: Path, log: Path, sample_memory: bool = False) -> Measurement:
    """Run COMMAND to completion and return its cost; exit with its log if it fails.

    wait4 rather than Popen.wait, because it hands back the child's own rusage: CPU time of
    the child and of the children it waited for, and its max RSS (a floor for the sampled
    peak, which can miss a spike shorter than the sampling interval). With SAMPLE_MEMORY,
    the process tree's PSS is sampled too (see sample_peak).
    """
    with log.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        done, peak = threading.Event(), [0]
        sampler = threading.Thread(target=sample_peak, args=(process.pid, done, peak)) if sample_memory else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        if sampler:
            sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed with {process.returncode}; its log ({log}) ends:\n"
                 + "\n".join(log.read_text(errors="replace").splitlines()[-30:]))
    return Measurement(wall, usage.ru_utime + usage.ru_stime, max(peak[0], usage.ru_maxrss))


def median_measurement(runs: list[Measurement], peak_kib: int) -> Measurement:
    """Wall and CPU time's medians over the timed RUNS, so one disturbed run doesn't set the
    result, with the PEAK_KIB of the memory run."""
    return Measurement(statistics.median(m.wall for m in runs), statistics.median(m.cpu for m in runs), peak_kib)


def clean(tool: Tool, corpus: Path) -> None:
    """Move what a previous build left out of the way, so the next one is cold.

    Moved, not deleted: on ext4 without a journal (this machine's disk), creating files just
    after tens of thousands were deleted is several times slower, as the allocator skips
    recently freed inodes one by one (`recently_deleted` in the kernel's ialloc.c). Deleting
    before each run would time that artefact, not the tool. The trash goes at the very end.
    """
    for name in (tool.output, *tool.caches):
        path = corpus / name
        if path.exists() or path.is_symlink():
            trash = corpus.parent / TRASH
            trash.mkdir(exist_ok=True)
            path.rename(trash / f"{tool.name}-{time.monotonic_ns()}-{Path(name).name}")


def empty_trash(work: Path) -> None:
    """Delete what clean() moved aside: it keeps a trash folder beside each size's corpora."""
    for trash in work.glob(f"*/{TRASH}"):
        shutil.rmtree(trash, ignore_errors=True)


def cold_builds(tool: Tool, corpus: Path, runs: int) -> Measurement:
    """RUNS timed cold builds of CORPUS, then one with its memory sampled: the medians and the peak."""
    results = []
    log = corpus.parent / f"{tool.name}.log"
    for run in range(1, runs + 1):
        clean(tool, corpus)
        results.append(measure(tool.command(corpus), corpus, log))
        progress(f"{tool.name} cold build {run}/{runs}: {results[-1].wall:.2f} s")
    clean(tool, corpus)
    memory = measure(tool.command(corpus), corpus, log, sample_memory=True)
    progress(f"{tool.name} cold build with memory sampled: {memory.wall:.2f} s, {memory.peak_kib // 1024} MiB")
    return median_measurement(results, memory.peak_kib)


def count_pages(output: Path) -> tuple[int, int]:
    """(article pages, all HTML files) under OUTPUT: proof that the build did the whole job."""
    pages = [path.relative_to(output).as_posix() for path in output.rglob("*.html")]
    return sum(1 for page in pages if ARTICLE_PAGE.fullmatch(page)), len(pages)


def check_articles(tool: Tool, corpus: Path, size: int) -> int:
    """All HTML files the build wrote; exits if any article page is missing, as a fast build that
    skipped work is no result."""
    articles, html = count_pages(corpus / tool.output)
    if articles != size:
        sys.exit(f"{tool.name} wrote {articles} article pages for {size} articles in {corpus / tool.output}; "
                 f"see {corpus.parent / f'{tool.name}.log'}")
    return html


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# Corpora ------------------------------------------------------------------------------------


def corpus_stamp(size: int, seed: int, corpus_format: str) -> str:
    """What a corpus was made from; a different stamp means it must be made again."""
    generator = hashlib.sha256(MAKE_CORPUS.read_bytes()).hexdigest()[:12]
    return f"articles={size} seed={seed} format={corpus_format} make_corpus={generator}\n"


def ensure_corpus(tool: Tool, size: int, seed: int, work: Path) -> Path:
    """The tool's corpus of SIZE articles, made once and reused while its stamp still matches.

    The site files (config, theme) are rewritten every time: they are small, and that keeps them
    in step with this script.
    """
    corpus = work / str(size) / tool.name
    stamp, want = corpus / ".corpus-stamp", corpus_stamp(size, seed, tool.corpus_format)
    if not (stamp.is_file() and stamp.read_text() == want):
        progress(f"making the {size}-article {tool.corpus_format} corpus in {corpus}")
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run([sys.executable, str(MAKE_CORPUS), "--articles", str(size), "--out", str(corpus),
                        "--format", tool.corpus_format, "--seed", str(seed)], check=True)
        stamp.write_text(want)
    tool.write_site(corpus)
    return corpus


def write_files(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write_hugo_site(corpus: Path) -> None:
    write_files(corpus, {"hugo.toml": HUGO_CONFIG} | {f"layouts/{k}": v for k, v in HUGO_LAYOUTS.items()})


def write_pelican_site(corpus: Path) -> None:
    write_files(corpus, {"pelicanconf.py": PELICAN_CONFIG})


def write_eleventy_site(corpus: Path, work: Path) -> None:
    plugin = eleventy_home(work) / "node_modules" / "@11ty" / "eleventy-plugin-rss" / ".eleventy.js"
    config = ELEVENTY_CONFIG.replace("ELEVENTY_PLUGIN", json.dumps(plugin.as_uri()))
    write_files(corpus, {"eleventy.config.mjs": config} | ELEVENTY_FILES)


def write_nothing(corpus: Path) -> None:
    """make_corpus.py already writes a complete sitegen site."""


# Tools --------------------------------------------------------------------------------------


def pelican_bin(work: Path) -> Path:
    return work / ".venv-pelican" / "bin" / "pelican"


def eleventy_home(work: Path) -> Path:
    """Where npm installs Eleventy: a package folder of its own, like Pelican's venv."""
    return work / ".eleventy"


def eleventy_bin(work: Path) -> Path:
    return eleventy_home(work) / "node_modules" / ".bin" / "eleventy"


def make_tools(work: Path) -> dict[str, Tool]:
    """The generators. sitegen runs as `python -m generator`, not through the `sitegen`
    script, whose pyenv shim would add a shell start-up to every timing."""
    return {
        "sitegen": Tool("sitegen", "sitegen", "output", (".sitegen-cache", ".output.sitegen-staging"),
                        lambda corpus: [sys.executable, "-m", "generator", "build", "--site", str(corpus), "-q"],
                        write_nothing),
        "hugo": Tool("hugo", "hugo", "public", ("resources", ".hugo_build.lock"),
                     lambda corpus: ["hugo", "--source", str(corpus), "--quiet"], write_hugo_site),
        "pelican": Tool("pelican", "pelican", "output", ("cache", "__pycache__"),
                        lambda corpus: [str(pelican_bin(work)), "content", "-s", "pelicanconf.py", "-o", "output",
                                        "-q"],
                        write_pelican_site),
        # .cache is where Eleventy's fetch plugin keeps downloads; this site fetches nothing, but
        # listing it keeps every build cold should a later version cache more there.
        "eleventy": Tool("eleventy", "eleventy", "_site", (".cache",),
                         lambda corpus: [str(eleventy_bin(work)), "--config=eleventy.config.mjs", "--quiet"],
                         lambda corpus: write_eleventy_site(corpus, work)),
    }


def ensure_hugo() -> None:
    """Debian's hugo; `apt-get update` only if the first install can't find the package."""
    if shutil.which("hugo"):
        return
    progress("installing hugo with apt-get")
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "hugo"]
    if subprocess.run(install, check=False).returncode:
        subprocess.run(["apt-get", "update", "-q"], check=True)
        subprocess.run(install, check=True)


def ensure_pelican(work: Path) -> None:
    """Pelican in a venv of its own, so its packages never touch the project's environment."""
    if pelican_bin(work).exists():
        return
    venv = pelican_bin(work).parents[1]
    progress(f"installing {' and '.join(PELICAN_REQUIREMENTS)} into {venv}")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *PELICAN_REQUIREMENTS], check=True)


def ensure_eleventy(work: Path) -> None:
    """Eleventy and its RSS plugin at the pinned versions, with npm into WORK/.eleventy.

    Reinstalled when package.json there pins other versions, so changing ELEVENTY_PACKAGES
    takes effect without deleting the folder by hand.
    """
    home = eleventy_home(work)
    manifest = home / "package.json"
    if eleventy_bin(work).exists() and manifest.is_file() \
            and json.loads(manifest.read_text()).get("dependencies") == ELEVENTY_PACKAGES:
        return
    if not shutil.which("npm"):
        sys.exit("eleventy needs Node.js and npm (e.g. apt-get install nodejs npm)")
    packages = [f"{name}@{version}" for name, version in ELEVENTY_PACKAGES.items()]
    progress(f"installing {' and '.join(packages)} into {home}")
    home.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", str(home), "--save-exact", "--no-audit", "--no-fund",
                    "--loglevel=error", *packages], check=True)


def version_of(tool: str, work: Path) -> str:
    command = {"sitegen": [sys.executable, "-m", "generator", "--version"], "hugo": ["hugo", "version"],
               "pelican": [str(pelican_bin(work)), "--version"],
               "eleventy": [str(eleventy_bin(work)), "--version"]}[tool]
    first_line = subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip().splitlines()[0]
    version = first_line if first_line.lower().startswith(tool) else f"{tool} {first_line}"
    if tool == "eleventy":  # Node's version matters to it as Python's does to sitegen and Pelican
        node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout.strip()
        version += f" (plugin-rss {ELEVENTY_PACKAGES['@11ty/eleventy-plugin-rss']}, Node {node})"
    return version


# sitegen extras -----------------------------------------------------------------------------


def mtimes(output: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()}


def warm_builds(tool: Tool, corpus: Path, runs: int) -> tuple[Measurement, int]:
    """Rebuild RUNS times with nothing changed: the median, and the most files one rebuild rewrote.

    A file counts as rewritten when its mtime moved or it is new. A rewritten file is wasted
    work, and it makes a deploy that syncs by mtime upload it again.
    """
    results, rewritten = [], 0
    for run in range(1, runs + 1):
        before = mtimes(corpus / tool.output)
        results.append(measure(tool.command(corpus), corpus, corpus.parent / f"{tool.name}-warm.log"))
        after = mtimes(corpus / tool.output)
        rewritten = max(rewritten, sum(1 for path, mtime in after.items() if before.get(path) != mtime))
        progress(f"{tool.name} warm build {run}/{runs}: {results[-1].wall:.2f} s")
    return median_measurement(results, max(m.peak_kib for m in results)), rewritten


SERVE_FIGURES = {  # column → the line of serve_latency.py that has its median
    "served, body edit": "save → served, body edit",
    "served, headline edit": "save → served, headline edit",
    "tab shows it": "save → tab shows the new headline",
}


def serve_latency_ms(corpus: Path) -> dict[str, float]:
    """Median save-to-served and save-to-browser times from bench/serve_latency.py, run as a user would."""
    progress(f"sitegen serve: {SERVE_EDITS} edits of each kind")
    command = [sys.executable, str(SERVE_LATENCY), "--site", str(corpus), "--edits", str(SERVE_EDITS)]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    figures = {}
    for name, label in SERVE_FIGURES.items():
        found = re.search(re.escape(label) + r", \d+ edits: median (\d+) ms", finished.stdout)
        if finished.returncode or not found:
            sys.exit(f"serve_latency.py failed ({finished.returncode}):\n{finished.stdout}{finished.stderr}")
        figures[name] = float(found.group(1))
    return figures


# Reporting ----------------------------------------------------------------------------------


def table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    return lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]


def ratio(numerator: float | None, denominator: float | None) -> str:
    return f"{numerator / denominator:.2f}×" if numerator and denominator else "–"


def ratios(results: list[Result], sizes: list[int]) -> list[str]:
    """How many times slower or faster sitegen is than each peer, per size."""
    wall = {(r.tool, r.size): r.cold.wall for r in results}
    return table(["articles", "sitegen wall / hugo wall", "pelican wall / sitegen wall",
                  "eleventy wall / sitegen wall"],
                 [[f"{size:,}", ratio(wall.get(("sitegen", size)), wall.get(("hugo", size))),
                   ratio(wall.get(("pelican", size)), wall.get(("sitegen", size))),
                   ratio(wall.get(("eleventy", size)), wall.get(("sitegen", size)))] for size in sizes])


def report(header: list[str], results: list[Result], extras: list[SitegenExtras], sizes: list[int]) -> str:
    lines = [*header, "", "Cold builds (output and caches deleted first):", ""]
    lines += table(["tool", "articles", "wall s", "CPU s", "peak MB", "HTML files"],
                   [[r.tool, f"{r.size:,}", f"{r.cold.wall:.2f}", f"{r.cold.cpu:.2f}", f"{r.cold.peak_kib / 1024:.0f}",
                     f"{r.html_files:,}"] for r in results])
    if extras:
        lines += ["", "sitegen only:", ""]
        lines += table(["articles", "warm build s", "files rewritten",
                        *(f"save → {name} (ms)" for name in SERVE_FIGURES)],
                       [[f"{e.size:,}", f"{e.warm.wall:.2f}", e.rewritten,
                         *("–" if e.serve_ms is None else f"{e.serve_ms[name]:.0f}" for name in SERVE_FIGURES)]
                        for e in extras])
    if "sitegen" in {r.tool for r in results} and len({r.tool for r in results}) > 1:
        lines += ["", "Ratios of cold wall time:", "", *ratios(results, sizes)]
    return "\n".join(lines) + "\n"


def header_lines(tools: list[str], work: Path, runs: int) -> list[str]:
    """Date, versions and how busy the machine was: a result means little without them."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return [f"# sitegen vs {', '.join(t for t in tools if t != 'sitegen') or 'nothing'}: "
            f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}", "",
            *(f"- {version_of(tool, work)}" for tool in tools),
            f"- Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load} at the start",
            f"- median of {runs} run(s) per cell; peak MB = largest memory (MiB, summed PSS) of the process tree,"
            " from one more cold build with its memory sampled (timed builds are not sampled)"]


# Main ---------------------------------------------------------------------------------------


def bench_size(tools: dict[str, Tool], size: int,
               args: argparse.Namespace) -> tuple[list[Result], SitegenExtras | None]:
    """Every chosen tool at one size; sitegen's extras come last, after its cold build."""
    results, extras = [], None
    for name in args.tools:
        tool = tools[name]
        corpus = ensure_corpus(tool, size, args.seed, args.work)
        cold = cold_builds(tool, corpus, args.runs)
        results.append(Result(name, size, cold, check_articles(tool, corpus, size)))
        if name == "sitegen":
            warm, rewritten = warm_builds(tool, corpus, args.runs)
            extras = SitegenExtras(size, warm, rewritten, None if args.no_serve else serve_latency_ms(corpus))
    return results, extras


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts (up to 100000)")
    parser.add_argument("--tools", default=",".join(TOOL_NAMES), help="comma-separated, from: " + ", ".join(TOOL_NAMES))
    parser.add_argument("--work", type=Path, default=BENCH / "corpora",
                        help="where corpora, Pelican's venv and Eleventy's packages live")
    parser.add_argument("--runs", type=int, default=1, help="cold builds per tool and size; the median is reported")
    parser.add_argument("--seed", type=int, default=1, help="make_corpus.py seed, the same for every tool")
    parser.add_argument("--no-serve", action="store_true", help="skip sitegen's edit-to-browser measurement")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the tables are written too")
    args = parser.parse_args()
    args.sizes = [int(size) for size in args.sizes.split(",")]
    args.tools = [name.strip() for name in args.tools.split(",")]
    if unknown := set(args.tools) - set(TOOL_NAMES):
        parser.error(f"unknown tool(s): {', '.join(sorted(unknown))}")
    if args.runs < 1 or min(args.sizes) < 1:
        parser.error("--runs and every size must be at least 1")
    args.work = args.work.resolve()
    return args


def main() -> None:
    args = parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if "hugo" in args.tools:
        ensure_hugo()
    if "pelican" in args.tools:
        ensure_pelican(args.work)
    if "eleventy" in args.tools:
        ensure_eleventy(args.work)
    tools = make_tools(args.work)
    header = header_lines(args.tools, args.work, args.runs)
    results: list[Result] = []
    extras: list[SitegenExtras] = []
    for size in args.sizes:
        size_results, size_extras = bench_size(tools, size, args)
        results += size_results
        extras += [size_extras] if size_extras else []
    empty_trash(args.work)
    text = report(header, results, extras, args.sizes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
