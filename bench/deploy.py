#!/usr/bin/env python3
"""`sitegen deploy` of the 10,000-article bench site to a local S3 server, timed.

    python bench/deploy.py [--size 10000] [--runs 3] [--work DIR] [--scratch DIR]

A copy of bench/compare.py's sitegen corpus (same generator, seed and size) is built once with
its cache and deployed once to a bucket of moto's S3 server on loopback (the `moto[server]`
test package, started here): that first deploy uploads everything. Then, RUNS times, a
deploy with nothing changed, and a story published (as bench/publish.py does: a fresh `sitegen
build`, not timed) followed by a deploy, each a fresh `sitegen deploy` process as CI runs it.
Last, one `--verify` deploy, which compares the bucket's whole listing with the manifest.

Targets (issue 16): after a publish, at most 40 objects uploaded in under 3 s; a deploy with
nothing changed under 2 s. The server runs on the same machine and shares its CPUs.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from compare import BENCH, ensure_corpus, make_tools, progress
from publish import new_article, newest_date, scratch_copy

REPO = BENCH.parent
BUCKET = "bench-site"
ENVIRONMENT = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
               "AWS_EC2_METADATA_DISABLED": "true", "PYTHONPATH": str(REPO)}
UPLOADED = re.compile(r"Deployed to \S+ in [\d.]+ s: ([\d,]+) uploaded")


def sitegen(*args: str) -> tuple[float, str]:
    """Run `sitegen ARGS` as a fresh process; its wall time and what it printed."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, **ENVIRONMENT}, check=False)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"sitegen {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return seconds, done.stdout


def uploads(printed: str) -> int:
    found = UPLOADED.search(printed)
    return int(found.group(1).replace(",", "")) if found else 0


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **ENVIRONMENT})
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("moto's S3 server did not start (pip install 'moto[server]')")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000, help="articles in the corpus")
    parser.add_argument("--runs", type=int, default=3, help="deploys of each kind; medians are reported")
    parser.add_argument("--work", type=Path, default=BENCH / "corpora", help="where corpora live (as compare.py)")
    parser.add_argument("--scratch", type=Path, help="where the copy deployed from goes [default: WORK/SIZE/deploy]")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    corpus = ensure_corpus(make_tools(args.work)["sitegen"], args.size, args.seed, args.work)
    site = scratch_copy(corpus, args.scratch or args.work / str(args.size) / "deploy")
    server, endpoint = start_server()
    try:
        import boto3  # noqa: PLC0415 - only once the server runs

        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bench",
                     aws_secret_access_key="bench").create_bucket(Bucket=BUCKET)
        with (site / "sitegen.toml").open("a") as config:
            config.write(f'\n[deploy.bench]\nurl = "s3://{BUCKET}/www"\nendpoint = "{endpoint}"\n'
                         'region = "us-east-1"\n')
        progress(f"building {site} with its cache")
        sitegen("build", "--site", str(site), "-q")
        progress("first deploy: every file")
        first, printed = sitegen("deploy", "--site", str(site))
        rows = [f"| first deploy (everything) | {first:.2f} | {uploads(printed):,} |"]
        steady: list[tuple[float, int]] = []
        published: list[tuple[float, int]] = []
        newest = newest_date(site / "content")
        for run in range(args.runs):
            progress(f"run {run + 1} of {args.runs}")
            seconds, printed = sitegen("deploy", "--site", str(site))
            steady.append((seconds, uploads(printed)))
            (site / "content/news" / f"bench-story-{run}.md").write_text(new_article(run, "sitegen", newest))
            sitegen("build", "--site", str(site), "-q")
            seconds, printed = sitegen("deploy", "--site", str(site))
            published.append((seconds, uploads(printed)))
        for label, results in (("nothing changed", steady), ("after publishing one story", published)):
            rows.append(f"| {label} | {statistics.median(s for s, _ in results):.2f} | "
                        f"{int(statistics.median(n for _, n in results)):,} |")
        progress("a --verify deploy: the whole listing")
        seconds, printed = sitegen("deploy", "--site", str(site), "--verify")
        rows.append(f"| nothing changed, --verify (whole listing) | {seconds:.2f} | {uploads(printed):,} |")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{args.size:,} articles, medians of {args.runs} (`python bench/deploy.py --size {args.size} "
          f"--runs {args.runs}`), to moto's S3 server on loopback\n")
    print("| sitegen deploy | wall s | objects uploaded |\n|---|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
