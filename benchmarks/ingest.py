"""Time the whole pipeline over the corpus's text-layer files, against plain pdfplumber.

Run: python benchmarks/ingest.py [--every 10] [--rounds 3] [--stages] [--cluster local]

Finds the corpus through ONRECORD_SHARED, else ../shared beside the repository, and prints
pages per second with one worker and with the default workers, plain pdfplumber's
extract_text on a deterministic sample of the same pages, peak memory, and the time of a
second run over the unchanged files; the pipeline with one worker and pdfplumber are timed in
turn for --rounds rounds, each round printed, and the ratio given best against best and as the
median of the rounds' ratios; with --stages, first the seconds spent in ingest and in
nlp apart, in one process. With --cluster local, instead: the text-layer files and the scanned
ones (OCR-bound) apart, each through the process pool and a Dask LocalCluster with 1 and 2
workers in the same run, pages per second, the cluster's overhead against the pool, and a
projection for a million papers from the measured seconds per page.
"""
from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from onrecord.pipeline import Summary, ingest_files


def shared() -> Path:
    path = Path(os.environ.get("ONRECORD_SHARED", ROOT.parent / "shared"))
    if not (path / "corpus" / "MANIFEST.tsv").exists():
        sys.exit(f"no corpus at {path}/corpus: set ONRECORD_SHARED")
    return path


def text_layer_files(corpus: Path) -> list[Path]:
    """The files the manifest says have a text layer (whole or partial), outside broken/ and scanned/."""
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return sorted(
        corpus / row["file"]
        for row in rows
        if row["has_text_layer"].startswith(("yes", "partial"))
        and not row["file"].startswith(("broken/", "scanned/"))
    )


def timed_ingest(database: Path, files: list[Path], jobs: int | None) -> tuple[Summary, float]:
    started = time.perf_counter()
    summary = ingest_files(database, files, jobs=jobs)
    return summary, time.perf_counter() - started


def stage_seconds(files: list[Path]) -> tuple[int, float, float]:
    """Pages, and seconds in ingest.read and in nlp.extract, in this process (model loaded first)."""
    from onrecord import ingest, nlp

    nlp.extract(ingest.read(files[0]))  # loads the language model outside the timing
    pages, read_s, extract_s = 0, 0.0, 0.0
    for path in files:
        started = time.perf_counter()
        try:
            doc = ingest.read(path)
        except ingest.IngestError:
            continue
        read = time.perf_counter()
        nlp.extract(doc)
        read_s += read - started
        extract_s += time.perf_counter() - read
        pages += len(doc.pages)
    return pages, read_s, extract_s


def pdfplumber_rate(files: list[Path], every: int) -> tuple[int, float]:
    """Pages and seconds of pdfplumber's extract_text on every `every`-th page, opening included."""
    import pdfplumber

    pages = 0
    started = time.perf_counter()
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages[::every]:
                page.extract_text()
                pages += 1
    return pages, time.perf_counter() - started


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child, in MB (Linux reports KB)."""
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 2**20
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return own, children


def scanned_files(corpus: Path) -> list[Path]:
    return sorted((corpus / "scanned").glob("*.pdf"))


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (workers, readers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cluster_comparison(sets: dict[str, list[Path]]) -> None:
    """The pool and a LocalCluster with 1 and 2 workers, in turn, on the same files; then the projection.

    Wall seconds give pages per second; CPU seconds (every process, readers included) give the
    overhead with less noise from other work on the machine.
    """
    import dask
    from distributed import Client, LocalCluster

    from onrecord.cluster import ingest_on_cluster

    per_page: dict[str, float] = {}
    for name, files in sets.items():
        for workers in (1, 2):
            plural = "s" if workers > 1 else " "
            cpu = cpu_seconds()
            with tempfile.TemporaryDirectory() as tmp:
                summary, pool_s = timed_ingest(Path(tmp) / "pool.db", files, jobs=workers)
            pool_cpu, pages = cpu_seconds() - cpu, summary.pages
            print(f"{name:5} pool, {workers} job{plural}      {pages} pages in {pool_s:.1f} s = {pages / pool_s:.2f}"
                  f" pages/s, {pool_cpu / pages:.3f} CPU s a page")
            if workers == 1:
                per_page[name] = pool_cpu / pages
            cpu, started = cpu_seconds(), time.perf_counter()
            with dask.config.set({"distributed.worker.daemon": False}), LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=40,
            ) as cluster, Client(cluster) as client, tempfile.TemporaryDirectory() as tmp:
                start_s, started = time.perf_counter() - started, time.perf_counter()
                summary = ingest_on_cluster(Path(tmp) / "cluster.db", files, client)
                seconds = time.perf_counter() - started
            dask_cpu = cpu_seconds() - cpu  # the cluster's start (the model loaded in each worker) included
            print(f"{name:5} dask, {workers} worker{plural}   {summary.pages} pages in {seconds:.1f} s ="
                  f" {summary.pages / seconds:.2f} pages/s, {dask_cpu / summary.pages:.3f} CPU s a page;"
                  f" against the pool {100 * (seconds / pool_s - 1):+.1f}% wall, {100 * (dask_cpu / pool_cpu - 1):+.1f}%"
                  f" CPU (cluster start {start_s:.1f} s not in wall, in CPU)")
    pages_a_paper = 20
    print(f"projection          a million papers of {pages_a_paper} pages on N one-core workers, at the CPU"
          " seconds a page of the pool with 1 job:")
    for name in sets:
        core_hours = 1_000_000 * pages_a_paper * per_page[name] / 3600
        spans = ", ".join(f"N={n}: {core_hours / n:,.0f} h" for n in (10, 100, 1000))
        print(f"  {name:5} {per_page[name]:.3f} s a page: {core_hours:,.0f} core-hours; {spans}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=10, help="time pdfplumber on every Nth page")
    parser.add_argument("--rounds", type=int, default=3, help="time the pipeline and pdfplumber in turn, this often")
    parser.add_argument("--stages", action="store_true", help="also time ingest and nlp apart")
    parser.add_argument("--cluster", choices=["local"], help="compare the pool and a Dask LocalCluster")
    args = parser.parse_args()
    files = text_layer_files(shared() / "corpus")
    if args.cluster:
        return cluster_comparison({"text": files, "ocr": scanned_files(shared() / "corpus")})
    if args.stages:
        pages, read_s, extract_s = stage_seconds(files)
        print(f"ingest alone        {pages} pages in {read_s:.1f} s = {pages / read_s:.2f} pages/s")
        print(f"nlp alone           {pages} pages in {extract_s:.1f} s = {pages / extract_s:.2f} pages/s")
    with tempfile.TemporaryDirectory() as tmp:
        one, one_s = timed_ingest(Path(tmp) / "one.db", files, jobs=1)
        print(f"files               {len(files)} ({one.documents} stored, {len(one.errors)} error lines)")
        again, again_s = timed_ingest(Path(tmp) / "one.db", files, jobs=1)
        print(
            f"second run          {again_s:.2f} s = {100 * again_s / one_s:.2f}% of the first "
            f"({again.skipped} unchanged, {again.documents} read)"
        )
        jobs = os.cpu_count() or 1
        many, many_s = timed_ingest(Path(tmp) / "many.db", files, jobs=None)
        print(f"pipeline, {jobs} jobs    {many.pages} pages in {many_s:.1f} s = {many.pages / many_s:.2f} pages/s")
        # The ratio from rounds that time the pipeline and pdfplumber in turn: on a shared machine
        # the speed of both drifts by a fifth over minutes, and timing them side by side, several
        # times, keeps one side's bad minute from deciding the ratio.
        own, child = peak_rss_mb()  # the pipeline's alone: pdfplumber runs in this process next
        rounds = [(one.pages / one_s, *pdfplumber_rate(files, args.every))]
        for n in range(2, args.rounds + 1):
            again_one, again_one_s = timed_ingest(Path(tmp) / f"round{n}.db", files, jobs=1)
            rounds.append((again_one.pages / again_one_s, *pdfplumber_rate(files, args.every)))
    print(f"peak RSS            main {own:.0f} MB, largest worker {child:.0f} MB")
    for n, (rate, pages, seconds) in enumerate(rounds, 1):
        print(f"round {n}             pipeline, 1 job {rate:.2f} pages/s; pdfplumber {pages / seconds:.2f} pages/s "
              f"(extract_text on 1 page in {args.every}, {pages} pages, opening each file included); "
              f"ratio {rate * seconds / pages:.2f}")
    best_rate = max(rate for rate, _, _ in rounds)
    best_plain = max(pages / seconds for _, pages, seconds in rounds)
    ratios = sorted(rate * seconds / pages for rate, pages, seconds in rounds)
    print(f"pipeline, 1 job     {one.pages} pages, best of {len(rounds)}: {best_rate:.2f} pages/s")
    print(f"pdfplumber          best of {len(rounds)}: {best_plain:.2f} pages/s")
    print(f"ratio               pipeline (1 job) / pdfplumber: best against best {best_rate / best_plain:.2f}, "
          f"median of the rounds {ratios[len(ratios) // 2]:.2f}")


if __name__ == "__main__":
    main()
