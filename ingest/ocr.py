"""OCR of a rendered page with the Tesseract binary: lines of words with boxes in PDF points."""
from __future__ import annotations

import csv
import io
import logging
import os
import shutil
import subprocess
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image

from .chars import Word
from .layout import reading_order
from .model import Line

DPI = 300
SCALE = DPI / 72
LANGUAGE = "eng"
MIN_CONFIDENCE = 20  # below this Tesseract's 'words' on photos and signatures are noise
TIMEOUT_SECONDS = 120
# A dark run at least this long (an inch at DPI) is a drawn rule, not a letter: table rulings
# whitened before Tesseract reads the page, as words touching them are lost or read as "|".
RULE_PIXELS = DPI
INK = 160  # grey levels below this are ink
# What Tesseract makes of a rule too short to whiten (the side of a one-row cell): a word of its own
# or stuck to a word's end, as in "|Complete".
RULE_MARKS = "|"
# What it makes of a bullet at the start of a line: "e Officers updated ...", "¢ The Group noted ...",
# put back as the text layer has it, "• Officers updated ...", for the list's items to be told apart.
BULLETS = frozenset({"e", "¢", "©", "«", "°", "*"})
BULLET = "\u2022"
MISSING = "needs OCR: Tesseract is not installed (apt-get install tesseract-ocr)"

log = logging.getLogger(__name__)


class OCRError(Exception):
    """Tesseract ran but failed on a page; str(error) says how."""


@lru_cache(maxsize=1)
def tesseract() -> str | None:
    """The path of the tesseract binary, or None; warns once when it is missing."""
    found = shutil.which("tesseract")
    if found is None:
        log.warning("Tesseract is not installed, so scanned pages stay unread "
                    "(apt-get install tesseract-ocr)")
    return found


def ocr_page(pdf_page: Any, inked: bool = False) -> list[Line]:
    """Render a pypdfium2 page as it is displayed and read its lines with Tesseract.

    inked: the page is known to show something; if it renders all white (an image pdfium could
    not draw: too large for the memory left, or damaged), raise OCRError instead of reading nothing.
    """
    binary = tesseract()
    if binary is None:
        raise OCRError(MISSING)
    image = pdf_page.render(scale=SCALE, grayscale=True).to_pil()
    if inked and image.getextrema()[0] == 255:
        raise OCRError("OCR found nothing drawn (an image too large for --max-memory, or damaged)")
    pixels = np.asarray(image)
    image = Image.fromarray(unruled(pixels))
    png = io.BytesIO()
    image.save(png, format="PNG")
    try:
        done = subprocess.run(
            [binary, "stdin", "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"],
            input=png.getvalue(), capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
            # One thread: each worker runs its own Tesseract, and threads of several would fight
            # for the same cores.
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired as error:
        raise OCRError(f"OCR timed out after {TIMEOUT_SECONDS} s") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OCRError(f"OCR failed: {message[-1] if message else 'tesseract exit ' + str(done.returncode)}")
    return lines_from_tsv(done.stdout.decode("utf-8", "replace"), SCALE, pixels.shape[1] / SCALE)


def unruled(pixels: np.ndarray, length: int = RULE_PIXELS) -> np.ndarray:
    """A greyscale page with its long straight rules (table borders, underlines) made white."""
    dark = pixels < INK
    rules = _runs(dark, length) | _runs(dark.T, length).T
    out = pixels.copy()
    out[rules] = 255
    return out


def _runs(dark: np.ndarray, length: int) -> np.ndarray:
    """Where a pixel is in a run of at least `length` dark pixels along its row."""
    height, width = dark.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    step = np.diff(padded, axis=1)  # +1 where a run starts, -1 just past its end
    starts, ends = np.nonzero(step == 1), np.nonzero(step == -1)
    long = (ends[1] - starts[1]) >= length
    marks = np.zeros((height, width + 1), dtype=np.int32)
    np.add.at(marks, (starts[0][long], starts[1][long]), 1)
    np.add.at(marks, (ends[0][long], ends[1][long]), -1)
    return np.cumsum(marks, axis=1)[:, :width] > 0


def lines_from_tsv(tsv: str, scale: float, width: float | None = None) -> list[Line]:
    """Tesseract's words, boxes turned into points, made into lines in reading order as a text
    layer's words are (ingest.layout): a table's cells, which Tesseract reads as separate blocks,
    come back onto their row. width: the page's, in points (else the words' extent)."""
    words: list[Word] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip().strip(RULE_MARKS)
        if row.get("level") != "5" or not text or float(row.get("conf") or -1) < MIN_CONFIDENCE:
            continue
        left, top = int(row["left"]) / scale, int(row["top"]) / scale
        words.append({"text": text, "x0": left, "top": top,
                      "x1": left + int(row["width"]) / scale, "bottom": top + int(row["height"]) / scale})
    if not words:
        return []
    rows = reading_order(words, width or max(float(w["x1"]) for w in words))
    return [Line(_bulleted(row.text), (row.box[0], row.box[1], row.box[2], row.box[3])) for row in rows]


def _bulleted(text: str) -> str:
    """A line with the misread bullet it starts with read as the bullet it is."""
    first, _, rest = text.partition(" ")
    return f"{BULLET} {rest}" if first in BULLETS and rest[:1].isupper() else text
