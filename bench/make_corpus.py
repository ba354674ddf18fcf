#!/usr/bin/env python3
"""Generate a deterministic, realistic site of tech-news articles for tests and benchmarks.

    python bench/make_corpus.py --articles 1000 --out /tmp/corpus [--format sitegen|hugo|pelican]

With --format sitegen (the default) the folder is a complete site: sitegen.toml, content/ with
articles in news/, reviews/ and features/, the lead images they reference, and a profile for
some of the authors (the others exercise the "author without a profile" path).
Text is assembled from word lists; no real article is reproduced.
"""

import argparse
import datetime as dt
import random
from pathlib import Path

FIRST = [
    "Kyle",
    "Mia",
    "Arjun",
    "Sofia",
    "Wei",
    "Lena",
    "Omar",
    "Priya",
    "Jonas",
    "Hana",
    "Diego",
    "Aisha",
    "Tom",
    "Yuki",
    "Nadia",
]
LAST = [
    "Chua",
    "Tan",
    "Rao",
    "Novak",
    "Lim",
    "Berg",
    "Haddad",
    "Kapoor",
    "Weber",
    "Sato",
    "Ruiz",
    "Khan",
    "Hill",
    "Mori",
    "Petrov",
]
COMPANIES = [
    "Apple",
    "Samsung",
    "Xiaomi",
    "Lenovo",
    "Huawei",
    "Google",
    "Microsoft",
    "Sony",
    "Nvidia",
    "Intel",
    "AMD",
    "Qualcomm",
    "DJI",
    "Oppo",
    "Vivo",
    "Meta",
    "Amazon",
    "Tesla",
    "Asus",
    "Acer",
]
TOPICS = [
    "smartphones",
    "laptops",
    "chips",
    "sanctions",
    "ai",
    "gaming",
    "drones",
    "wearables",
    "cameras",
    "cloud",
    "security",
    "privacy",
    "5g",
    "batteries",
    "displays",
    "foldables",
    "tablets",
    "streaming",
    "semiconductors",
    "robotics",
    "ev",
    "startups",
    "policy",
    "export-controls",
    "supply-chain",
    "earnings",
    "software",
    "open-source",
    "browsers",
    "headphones",
    "tv",
]
VERBS = [
    "launches",
    "unveils",
    "cuts",
    "halts",
    "expands",
    "delays",
    "confirms",
    "denies",
    "teases",
    "ships",
    "recalls",
    "doubles",
]
NOUNS = [
    "supplies",
    "shipments",
    "prices",
    "production",
    "sales",
    "plans",
    "support",
    "features",
    "updates",
    "orders",
    "investment",
]
ADJ = [
    "new",
    "flagship",
    "budget",
    "foldable",
    "rugged",
    "premium",
    "compact",
    "quiet",
    "silent",
    "record",
    "global",
    "regional",
]
WORDS = [
    "the",
    "market",
    "report",
    "sources",
    "company",
    "devices",
    "analysts",
    "quarter",
    "growth",
    "demand",
    "pressure",
    "export",
    "controls",
    "partners",
    "trade",
    "ministry",
    "regulators",
    "consumers",
    "retailers",
    "shipments",
    "chip",
    "suppliers",
    "production",
    "facility",
    "display",
    "battery",
    "software",
    "update",
    "network",
    "platform",
    "launch",
    "price",
]


def sentence(rng: random.Random, n: int | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(8, 20))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words) - 1), rng.choice(COMPANIES))
    return " ".join(words) + "."


def paragraph(rng: random.Random) -> str:
    text = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
    if rng.random() < 0.4:
        text += f" Read more about [{rng.choice(COMPANIES)}](https://example.com/{rng.randint(1, 999)})."
    if rng.random() < 0.3:
        text = text.replace(" market ", " *market* ", 1)
    return text


def body(rng: random.Random) -> str:
    parts = [paragraph(rng) for _ in range(3)]
    for h in range(rng.randint(2, 3)):
        parts.append(f"## {sentence(rng, 4)[:-1]}")
        parts.extend(paragraph(rng) for _ in range(rng.randint(2, 3)))
        if h == 0:
            parts.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(3)))
    parts.insert(4, "> " + sentence(rng, 14))
    if rng.random() < 0.2:
        parts.append("```python\nfor device in shipments:\n    print(device.price * 1.1)\n```")
    return "\n\n".join(parts) + "\n"


def article(i: int, rng: random.Random, start: dt.datetime) -> dict:
    company = rng.choice(COMPANIES)
    title = f"{company} {rng.choice(VERBS)} {rng.choice(ADJ)} {rng.choice(NOUNS)} amid {rng.choice(TOPICS)} push"
    date = start + dt.timedelta(minutes=rng.randint(0, 6 * 365 * 24 * 60))
    updated = date + dt.timedelta(hours=rng.randint(1, 72)) if rng.random() < 0.4 else None
    tags = sorted({company.lower(), *rng.sample(TOPICS, rng.randint(2, 4))} | {f"topic-{rng.randint(1, 270)}"})
    return {
        "slug": f"{company.lower()}-{i:06d}",
        "title": title,
        "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "date": date,
        "updated": updated,
        "tags": tags,
        "section": rng.choice(["news", "news", "news", "reviews", "features"]),
        "summary": sentence(rng, 18),
        "key_points": [sentence(rng, 10) for _ in range(rng.randint(3, 4))],
        "image": f"/images/lead-{i % IMAGE_COUNT}.svg",
        "image_credit": rng.choice(["Unsplash", "Company handout", "Staff photo"]),
        "body": body(rng),
    }


LINKING_SHARE = 0.1  # of articles that link to 1-3 others, as stories cite earlier coverage


def see_also(earlier: list[dict], rng: random.Random, fmt: str) -> str:
    """A closing paragraph linking 1-3 EARLIER articles, for LINKING_SHARE of articles; else "".

    sitegen links the other article's Markdown file (it resolves the link to the page); the
    other tools get the page's URL. A separate RNG keeps every other byte of the corpus as it was.
    """
    if not earlier or rng.random() >= LINKING_SHARE:
        return ""
    targets = rng.sample(earlier, min(len(earlier), rng.randint(1, 3)))
    if fmt == "sitegen":
        links = [f"[{t['slug']}](../{t['section']}/{t['slug']}.md)" for t in targets]
    else:
        links = [f"[{t['slug']}](/{t['date']:%Y/%m}/{t['slug']}/)" for t in targets]
    return "\nEarlier coverage: " + ", ".join(links) + ".\n"


def yaml_front(a: dict) -> str:
    def q(s):
        return '"' + s.replace('"', '\\"') + '"'

    lines = [
        "---",
        f"title: {q(a['title'])}",
        f"slug: {a['slug']}",
        f"author: {q(a['author'])}",
        f"date: {a['date'].isoformat()}",
    ]
    if a["updated"]:
        lines.append(f"updated: {a['updated'].isoformat()}")
    lines += [
        f"tags: [{', '.join(a['tags'])}]",
        f"section: {a['section']}",
        f"summary: {q(a['summary'])}",
        "key_points:",
        *[f"  - {q(k)}" for k in a["key_points"]],
        f"image: {a['image']}",
        f"image_alt: {q('Illustration for ' + a['title'])}",
        f"image_credit: {q(a['image_credit'])}",
        "---",
        "",
    ]
    return "\n".join(lines)


def write(a: dict, out: Path, fmt: str) -> None:
    if fmt == "pelican":
        meta = [
            f"Title: {a['title']}",
            f"Date: {a['date']:%Y-%m-%d %H:%M}",
            f"Author: {a['author']}",
            f"Tags: {', '.join(a['tags'])}",
            f"Slug: {a['slug']}",
            f"Category: {a['section']}",
            f"Summary: {a['summary']}",
        ]
        if a["updated"]:
            meta.append(f"Modified: {a['updated']:%Y-%m-%d %H:%M}")
        path, text = out / "content" / f"{a['slug']}.md", "\n".join(meta) + "\n\n" + a["body"]
    else:
        folder = {"sitegen": f"content/{a['section']}", "hugo": "content/posts", "eleventy": "posts"}[fmt]
        path, text = out / folder / f"{a['slug']}.md", yaml_front(a) + a["body"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


IMAGE_COUNT = 50
PROFILED_FIRST_NAMES = FIRST[:12]  # the others exercise "author without a profile"


def write_site_files(out: Path) -> None:
    """sitegen.toml, lead images and author profiles: what turns articles into a whole site."""
    (out / "sitegen.toml").write_text(
        'title = "Corpus News"\nbase_url = "https://corpus.example.org/"\ntimezone = "Asia/Singapore"\n'
        # Like the peers' minimal sites in compare.py: one site feed, no search index.
        'search = false\ntopic_feeds = false\n',
        encoding="utf-8",
    )
    images = out / "content" / "images"
    images.mkdir(parents=True, exist_ok=True)
    for n in range(IMAGE_COUNT):
        hue = n * 360 // IMAGE_COUNT
        (images / f"lead-{n}.svg").write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675">'
            f'<rect width="1200" height="675" fill="hsl({hue},45%,40%)"/>'
            f'<circle cx="{300 + n * 12}" cy="338" r="180" fill="hsl({hue},60%,70%)"/></svg>\n',
            encoding="utf-8",
        )
    authors = out / "content" / "authors"
    authors.mkdir(parents=True, exist_ok=True)
    for first in PROFILED_FIRST_NAMES:
        for last in LAST:
            (authors / f"{first.lower()}-{last.lower()}.md").write_text(
                f"---\nname: {first} {last}\nrole: Reporter\n---\n{first} covers devices and policy.\n",
                encoding="utf-8",
            )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--format", choices=["sitegen", "hugo", "pelican", "eleventy"], default="sitegen")
    p.add_argument("--content-only", action="store_true", help="write only the articles")
    args = p.parse_args()
    rng = random.Random(args.seed)
    start = dt.datetime(2019, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    written: list[dict] = []  # what a later article may link to: slug, section, date
    for i in range(args.articles):
        a = article(i, rng, start)
        a["body"] += see_also(written, random.Random(args.seed * 7919 + i), args.format)
        write(a, args.out, args.format)
        written.append({key: a[key] for key in ("slug", "section", "date")})
    if args.format == "sitegen" and not args.content_only:
        write_site_files(args.out)


if __name__ == "__main__":
    main()
