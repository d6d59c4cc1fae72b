"""What ingest says on stderr: the progress bar (files and pages done, pages OCR'd, the file being
read now) and the closing lines.

Example::

    state = Progress(files=40)
    state.reading(Reading(Path("scan-1999.pdf"), page=3, pages=12, ocr_pages=3))
    state.line()  # "0/40 files, 0 pages, 3 OCR'd - scan-1999.pdf page 3/12"
"""
from __future__ import annotations

from pathlib import Path

from onrecord.pipeline import Done, Reading, Summary

NAME_CHARS = 40  # of a file's name, shown: the bar must fit a terminal line


class Progress:
    """Counts of a batch as it goes, fed by the pipeline's callbacks."""

    def __init__(self, files: int) -> None:
        self.files = files
        self.done = 0
        self.pages = 0
        self.ocr_pages = 0  # of the files done
        self.reading_now: dict[str | Path, Reading] = {}  # files being read, with their latest page
        self.current: Reading | None = None

    def finished(self, step: Done) -> None:
        self.done += 1
        self.pages += step.pages
        self.ocr_pages += step.ocr_pages
        self.reading_now.pop(step.path, None)
        if self.current and self.current.path == step.path:
            self.current = next(iter(self.reading_now.values()), None)

    def reading(self, page: Reading) -> None:
        self.reading_now[page.path] = page
        self.current = page

    def line(self, _item: object = None) -> str:
        """The text beside the bar."""
        ocr = self.ocr_pages + sum(page.ocr_pages for page in self.reading_now.values())
        text = f"{self.done}/{self.files} files, {self.pages} pages, {ocr} OCR'd"
        if self.current:
            name = Path(self.current.path).name  # a URI's last part too
            name = name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"
            page, pages = self.current.page, self.current.pages
            if page:
                text += f" - {name} page {page}/{pages}" if pages else f" - {name} page {page}"
            else:
                text += f" - {name} ({pages} pages)" if pages else f" - {name}"
        return text


def summary_lines(summary: Summary, database: str) -> list[str]:
    """What a finished batch says on stderr: each new error, the earlier ones in one line, the counts."""
    lines = []
    if summary.reextracted:
        lines.append(f"{summary.reextracted} documents re-extracted: their items were made by an older extractor")
    if summary.links is not None:  # papers added, changed or removed, now or by a run cut short
        lines.append(f"Links between documents: {summary.links[0]} written, {summary.links[1]} deleted")
    lines += [f"Error: {line} - recorded in table errors" for line in summary.new_errors]
    earlier = len(summary.errors) - len(summary.new_errors)
    if earlier:
        lines.append(f"{earlier} earlier errors still stand, not printed again ({summary.known_failures} files "
                     f"failed before, not read again) - `onrecord errors {database}` lists them")
    lines.append(
        f"{summary.documents} documents, {summary.pages} pages, {summary.items} items, "
        f"{summary.skipped} unchanged, {summary.duplicates} duplicates, {len(summary.new_errors)} new errors "
        f"({summary.known_failures} failed before, not read again) in {summary.seconds:.1f} s -> {database}"
    )
    return lines


def interrupted_lines(summary: Summary, database: str) -> list[str]:
    """What a batch stopped by Ctrl-C says: its new errors, then one line of what was stored and how to resume."""
    stopped = (f"Interrupted: {summary.documents} documents ({summary.pages} pages, {summary.items} items) "
               f"stored whole in {summary.seconds:.1f} s -> {database}; run the same command again to resume: "
               "stored files are not read again")
    return [f"Error: {line} - recorded in table errors" for line in summary.new_errors] + [stopped]


def exit_code(summary: Summary, interrupted: bool = False) -> int:
    """130 after Ctrl-C, as shells report SIGINT; 1 if the batch met a failure not recorded before; else 0."""
    return 130 if interrupted else 1 if summary.new_errors else 0
