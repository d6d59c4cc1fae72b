"""Which files a batch is given: the files named, and every file under the folders named.

Example::

    for path in files(["papers/"]):
        ...  # a Path to read, or a Refused to record
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["IGNORED_NAMES", "Refused", "file_kind", "files", "ignored"]

# Files in a folder that are not papers and not worth an errors row: system and editor litter.
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class Refused:
    """A file found in a folder given that is not read, and why: a link out of that folder."""

    path: str | Path  # a URI on a cluster
    reason: str


def files(paths: Iterable[str | Path]) -> Iterator[Path | Refused]:
    """Every file under the given files and folders, recursively, in a stable order, but those
    ignored(): a file of a format no reader takes is yielded too, for the batch to record.

    A link in a folder that leads out of it (to /etc/passwd, say) is not followed: it comes as a
    Refused, for the batch to record.
    """
    for path in map(Path, paths):
        if not path.is_dir():
            yield path
            continue
        root = path.resolve()
        for child in sorted(_walk(path)):
            if child.is_symlink():
                target = child.resolve()
                if not target.is_relative_to(root):
                    yield Refused(child, f"a link to {target}, outside {path}: not followed")
                    continue
            if child.is_file():
                yield child


def _walk(folder: Path) -> Iterator[Path]:
    """Files and links under a folder, not going down hidden or linked folders."""
    for parent, folders, names in os.walk(folder):  # does not follow links to folders
        here = Path(parent)
        linked = [name for name in folders if (here / name).is_symlink()]  # for files() to check
        folders[:] = [name for name in folders if not ignored(name) and name not in linked]
        yield from (here / name for name in [*names, *linked] if not ignored(name))


def ignored(name: str) -> bool:
    """Whether a name found in a folder is passed over without a word: hidden files and folders
    (.DS_Store, .git/), Office's lock files (~$report.docx), Thumbs.db and desktop.ini."""
    return name.startswith((".", "~$")) or name.lower() in IGNORED_NAMES


def file_kind(mode: int) -> str:
    """What a path is that is not a regular file, from its stat mode: "a FIFO", "a folder", ..."""
    kinds = [(stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")]
    return next((name for test, name in kinds if test(mode)), "not a file")
