"""Feed onrecord damaged copies of corpus PDFs and count what it makes of them.

Run: python benchmarks/fuzz.py [--per-kind 6] [--files 10] [--jobs 2] [--seed 12]

Mutants of the smallest text-layer corpus files, in five kinds: truncated, bytes flipped, the
cross-reference table damaged, the trailer missing, a /Length made wrong. They are written to a
temporary folder (never into the repository) and ingested with `onrecord ingest` as a user would
run it. Prints how many were stored, how many failed and why, the page-level errors, and what
must stay at 0: files not accounted for, tracebacks, causes that do not say what is wrong
("internal error", "success"), lines on stderr that are not onrecord's, and hangs.
"""
from __future__ import annotations

import argparse
import collections
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("truncated", "flipped", "xref", "trailer", "length")
OURS = re.compile(r"^(Error: |Links between documents: |\d+ documents, )")
VAGUE = re.compile(r"internal error|\bsuccess\b|Traceback", re.IGNORECASE)


def shared() -> Path:
    path = Path(os.environ.get("ONRECORD_SHARED", ROOT.parent / "shared"))
    if not (path / "corpus").is_dir():
        sys.exit(f"no corpus at {path}/corpus: set ONRECORD_SHARED")
    return path


def sources(corpus: Path, count: int) -> list[Path]:
    """The smallest PDFs outside broken/ and scanned/, so that a few hundred mutants read fast."""
    files = [p for p in corpus.glob("*/*.pdf") if p.parent.name not in ("broken", "scanned")]
    return sorted(files, key=lambda p: (p.stat().st_size, p.name))[:count]


def mutate(data: bytes, kind: str, rng: random.Random) -> bytes:
    """One damaged copy of a PDF's bytes."""
    if kind == "truncated":
        return data[: rng.randint(len(data) // 10, len(data) - 1)]
    if kind == "flipped":
        out = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            i = rng.randrange(16, len(out))  # past the header, which only says "not a PDF"
            out[i] = rng.randrange(256)
        return bytes(out)
    if kind == "xref":
        at = data.rfind(b"startxref")
        table = data.rfind(b"xref", 0, at) if at > 0 else -1
        if table >= 0 and rng.random() < 0.5:  # scramble the offsets of the table itself
            end = data.find(b"trailer", table)
            end = end if end > 0 else min(len(data), table + 2000)
            digits = bytes(rng.choice(b"0123456789") if c in b"0123456789" else c for c in data[table:end])
            return data[:table] + digits + data[end:]
        if at > 0:  # point startxref somewhere else
            return data[:at] + b"startxref\n%d\n%%%%EOF\n" % rng.randrange(len(data))
        return data
    if kind == "trailer":
        at = data.rfind(b"trailer")
        at = at if at > 0 else data.rfind(b"startxref")
        return data[:at] + b"%%EOF\n" if at > 0 else data
    lengths = [m for m in re.finditer(rb"/Length (\d+)", data)]
    if not lengths:
        return data
    m = rng.choice(lengths)
    wrong = rng.choice([0, 1, int(m.group(1)) // 2, int(m.group(1)) + rng.randint(1, 5000), 10**9])
    return data[: m.start(1)] + str(wrong).encode() + data[m.end(1):]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=6, help="mutants of each file in each kind")
    parser.add_argument("--files", type=int, default=10, help="corpus files to mutate")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--timeout", type=float, default=60, help="onrecord's --timeout")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="onrecord-fuzz-") as tmp:
        folder = Path(tmp) / "mutants"
        folder.mkdir()
        kinds: dict[str, str] = {}
        for source in sources(shared() / "corpus", args.files):
            data = source.read_bytes()
            for kind in KINDS:
                for n in range(args.per_kind):
                    name = f"{source.stem[:40]}-{kind}-{n}.pdf"
                    (folder / name).write_bytes(mutate(data, kind, rng))
                    kinds[str(folder / name)] = kind
        database = Path(tmp) / "fuzz.db"
        command = [sys.executable, "-c", "from onrecord.cli import cli; cli()", "ingest", str(folder),
                   "-d", str(database), "--silent", "--jobs", str(args.jobs), "--timeout", str(args.timeout)]
        started = time.monotonic()
        try:
            run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                                 timeout=60 + 10 * len(kinds), check=False)
            hung = False
        except subprocess.TimeoutExpired:
            run, hung = None, True
        seconds = time.monotonic() - started
        report(kinds, database, run, hung, seconds)


def report(kinds: dict[str, str], database: Path, run: subprocess.CompletedProcess | None, hung: bool,
           seconds: float) -> None:
    conn = sqlite3.connect(database)
    stored = {row[0] for row in conn.execute("select path from document_paths")}
    failed = dict(conn.execute("select path, reason from errors where page is null"))
    pages = conn.execute("select reason from errors where page is not null").fetchall()
    unaccounted = [path for path in kinds if path not in stored and path not in failed]
    print(f"{len(kinds)} mutants ({', '.join(f'{k} {list(kinds.values()).count(k)}' for k in KINDS)})"
          f" in {seconds:.0f} s, exit code {run.returncode if run else 'none (hung)'}")
    print(f"stored {len(stored)}, failed whole {len(failed)}, not accounted for {len(unaccounted)}")
    for kind in KINDS:
        mine = [p for p, k in kinds.items() if k == kind]
        print(f"  {kind:9s} stored {sum(p in stored for p in mine):3d}  failed {sum(p in failed for p in mine):3d}")
    print(f"page errors {len(pages)}:")
    for reason, n in collections.Counter(re.sub(r"\d+", "N", r[0]) for r in pages).most_common(8):
        print(f"  {n:4d}  {reason}")
    print("whole-file causes:")
    for reason, n in collections.Counter(re.sub(r"\d+", "N", r) for r in failed.values()).most_common(12):
        print(f"  {n:4d}  {reason}")
    stderr = run.stderr.splitlines() if run else []
    stray = [line for line in stderr if not OURS.match(line)]
    vague = [r for r in failed.values() if VAGUE.search(r)] + [r[0] for r in pages if VAGUE.search(r[0])]
    print(f"tracebacks {sum('Traceback' in line for line in stderr)}, vague causes {len(vague)}, "
          f"stray stderr lines {len(stray)}, hung {int(hung)}")
    for line in (vague + stray)[:10]:
        print(f"  ! {line[:160]}")


if __name__ == "__main__":
    main()
