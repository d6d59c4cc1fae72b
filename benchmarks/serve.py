"""How fast the published pages answer with 100,000 items: median and 90th percentile, in ms.

Generates a database of synthetic items (reused if it exists), starts `onrecord serve` on a free
local port as a subprocess, and times search, item, owner and document pages, the page image
and the canned queries over HTTP.

Example::

    python benchmarks/serve.py --items 100000 --db /tmp/bench.db
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from onrecord.db import open_db

PDF = ROOT / "samples" / "scrutiny-review-2025.pdf"
ITEMS_PER_DOCUMENT = 200
KINDS = ["recommendation", "action", "decision", "commitment"]
BODIES = [f"{place} Council" for place in ("Northbridge", "Eastford", "Westmere", "Southby")]
WORDS = [
    "council",
    "housing",
    "repairs",
    "plan",
    "publish",
    "report",
    "review",
    "tenants",
    "consult",
    "budget",
    "school",
    "transport",
    "road",
    "safety",
    "audit",
    "risk",
    "officer",
    "cabinet",
    "policy",
    "strategy",
    "homes",
    "damp",
    "mould",
    "children",
    "care",
    "adult",
    "health",
    "social",
    "workforce",
    "training",
    "data",
    "website",
    "complaints",
    "standards",
    "performance",
    "quarterly",
    "annual",
    "target",
    "deadline",
    "delivery",
    "library",
    "park",
    "waste",
    "recycling",
    "planning",
    "licensing",
    "enforcement",
    "flood",
    "climate",
    "energy",
    "carbon",
    "procurement",
    "contract",
    "supplier",
    "payment",
    "debt",
    "income",
    "grant",
    "funding",
    "capital",
    "revenue",
    "reserves",
]
RUNS = 60
VOCABULARY = WORDS + [f"{WORDS[i % len(WORDS)][:4]}{i:04d}" for i in range(3000 - len(WORDS))]
CUM_WEIGHTS = list(__import__("itertools").accumulate(1 / r**1.07 for r in range(1, 3001)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000, help="Items to generate")
    parser.add_argument("--db", type=Path, default=Path("/tmp/onrecord-bench.db"))
    args = parser.parse_args()
    if not args.db.exists():
        started = time.perf_counter()
        generate(args.db, args.items)
        print(
            f"generated {args.items:,} items in {time.perf_counter() - started:.0f}s",
            file=sys.stderr,
        )
    port = _free_port()
    command = [sys.executable, "-c", "from onrecord.cli import cli; cli()", "serve", str(args.db)]
    # A session of its own: `onrecord serve` runs Datasette as a child, which must stop too.
    server = subprocess.Popen(
        command + ["--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base)
        report(base, args.db)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def generate(path: Path, count: int) -> None:
    """A database of `count` synthetic items over documents that all point at one sample PDF."""
    rng = random.Random(5)
    database = open_db(path)
    owners = [f"Director of {w.capitalize()}" for w in WORDS] + [
        f"Head of {w.capitalize()}" for w in WORDS
    ]
    documents, pages, items, links = [], [], [], []
    for d in range(count // ITEMS_PER_DOCUMENT):
        doc_id = hashlib.sha256(f"doc{d}".encode()).hexdigest()
        year = 2010 + d % 16
        documents.append(
            {
                "id": doc_id,
                "path": str(PDF),
                "title": f"Scrutiny review {d}",
                "format": "pdf",
                "body": BODIES[d % len(BODIES)],
                "meeting_date": f"{year}-{1 + d % 12:02d}-15",
                "pages": 3,
                "ocr_pages": 0,
                "ingested_at": f"{year}-12-01T00:00:00+00:00",
            }
        )
        for n in range(1, 4):
            pages.append(
                {
                    "id": f"{doc_id}-{n}",
                    "document": doc_id,
                    "page": n,
                    "ocr": 0,
                    "text": _words(rng, 300),
                }
            )
        for i in range(ITEMS_PER_DOCUMENT):
            owner = owners[int(rng.paretovariate(1.2)) % len(owners)]
            due_year = year + rng.randint(0, 3)
            items.append(
                {
                    "id": hashlib.sha1(f"{doc_id}{i}".encode()).hexdigest()[:16],
                    "document": doc_id,
                    "page": 1 + i % 3,
                    "kind": KINDS[i % 4],
                    "ref": f"R{i + 1}",
                    "text": _words(rng, 30),
                    "owners": owner,
                    "due": f"March {due_year}",
                    "due_date": f"{due_year}-03",
                    "due_year": due_year,
                    "method": "table",
                    "confidence": 0.9,
                    "bbox": json.dumps([56.7, 100 + (i % 20) * 30, 538.6, 128 + (i % 20) * 30]),
                }
            )
    item_owners = [
        {"item": i["id"], "owner": _slug(i["owners"]), "printed": i["owners"]} for i in items
    ]
    counts: dict[str, int] = {}
    for row in item_owners:
        counts[row["owner"]] = counts.get(row["owner"], 0) + 1
    owner_rows = [
        {"id": _slug(o), "name": o, "aliases": json.dumps([o]), "items": counts.get(_slug(o), 0)}
        for o in owners
        if counts.get(_slug(o))
    ]
    for k in range(0, len(items) - ITEMS_PER_DOCUMENT, 7):
        links.append(
            {
                "id": f"l{k}",
                "item_from": items[k]["id"],
                "item_to": items[k + ITEMS_PER_DOCUMENT]["id"],
                "relation": "progress",
                "score": 0.8,
            }
        )
    with database.atomic():
        database["documents"].insert_all(documents)
        database["pages"].insert_all(pages)
        database["items"].insert_all(items, batch_size=2000)
        database["owners"].insert_all(owner_rows)
        database["item_owners"].insert_all(item_owners, batch_size=5000)
        database["links"].insert_all(links)
    # No ANALYZE: onrecord never runs it, so the query plans timed are the ones readers get.
    database.vacuum()


def _words(rng: random.Random, n: int) -> str:
    # Zipf's law over a vocabulary of 3,000 words, as in real papers: a few words are in
    # nearly every item, most in a few hundred.
    return " ".join(rng.choices(VOCABULARY, cum_weights=CUM_WEIGHTS, k=n))


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def report(base: str, path: Path) -> None:
    """Time each kind of page and print one line per kind."""
    import sqlite3

    conn = sqlite3.connect(path)
    item_ids = [
        r[0] for r in conn.execute("select id from items order by random() limit ?", [RUNS])
    ]
    doc_ids = [
        r[0] for r in conn.execute("select id from documents order by random() limit ?", [RUNS])
    ]
    owner_ids = [r[0] for r in conn.execute("select id from owners order by items desc limit 20")]
    # Words by how often Zipf's law makes them appear: the 10 commonest are in most items.
    rare, typical, common = VOCABULARY[500:1000], VOCABULARY[50:500], VOCABULARY[:10]
    hits = {
        w: conn.execute("select count(*) from items_fts where items_fts match ?", [w]).fetchone()[0]
        for w in common + typical + rare
    }
    conn.close()
    stem = path.stem
    cases = {
        f"search, rare word ({_span(hits, rare)} items)": [
            f"/-/onrecord/search?q={w}" for w in rare
        ],
        f"search, typical word ({_span(hits, typical)} items)": [
            f"/-/onrecord/search?q={w}" for w in typical
        ],
        f"search, 10 commonest words ({_span(hits, common)})": [
            f"/-/onrecord/search?q={w}" for w in common
        ],
        "search, common word + kind": [
            f"/-/onrecord/search?q={w}&kind={KINDS[n % 4]}" for n, w in enumerate(common)
        ],
        "search, no words (the page the menu opens)": ["/-/onrecord/search"],
        "search, two words + kind": [
            f"/-/onrecord/search?q={a}+{b}&kind=action" for a, b in zip(typical, reversed(typical))
        ],
        "item page": [f"/-/onrecord/item/{i}" for i in item_ids],
        "owner page (largest owners)": [f"/-/onrecord/owner/{o}" for o in owner_ids],
        "document page": [f"/-/onrecord/document/{d}" for d in doc_ids],
        "page image (cached)": [
            f"/-/onrecord/page/{doc_ids[0]}/{1 + n % 3}.png" for n in range(RUNS)
        ],
        "overdue feed": ["/-/onrecord/feed/overdue.atom"],
        "overdue page (newest overdue first)": ["/-/onrecord/overdue"],
        "overdue page (longest overdue first)": ["/-/onrecord/overdue?order=longest"],
        "home page": ["/"],
        f"canned query overdue (/{stem}/overdue)": [f"/{stem}/overdue"],
        "canned query search": [f"/{stem}/search?q={w}" for w in typical],
        "canned query unanswered_recommendations": [f"/{stem}/unanswered_recommendations"],
    }
    print(f"{'page (items a query matches)':50s} {'median ms':>9s} {'p90 ms':>7s}  (n={RUNS})")
    for name, urls in cases.items():
        failed: list[str] = []
        times = [_time(base + urls[n % len(urls)], failed) for n in range(RUNS)]
        q = statistics.quantiles(times, n=10)
        note = f"  {len(failed)} failed, e.g. {failed[0]}" if failed else ""
        print(f"{name:50s} {statistics.median(times):9.1f} {q[8]:7.1f}{note}")


def _span(hits: dict[str, int], words: list[str]) -> str:
    counts = [hits[w] for w in words]
    return f"{min(counts):,}-{max(counts):,}"


def _time(url: str, failed: list[str]) -> float:
    """Milliseconds to read the whole answer; an answer other than 200 is timed and noted."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url) as response:
            response.read()
    except urllib.error.HTTPError as error:
        error.read()
        failed.append(f"{error.code} {url}")
    return 1000 * (time.perf_counter() - started)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(base: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/-/versions.json").read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"onrecord serve did not answer at {base}")


if __name__ == "__main__":
    main()
