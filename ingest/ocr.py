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

from .model import Line

DPI = 300
SCALE = DPI / 72
LANGUAGE = "eng"
MIN_CONFIDENCE = 20  # below this Tesseract's 'words' on photos and signatures are noise
TIMEOUT_SECONDS = 120
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
    return lines_from_tsv(done.stdout.decode("utf-8", "replace"), SCALE)


def lines_from_tsv(tsv: str, scale: float) -> list[Line]:
    """Tesseract's word rows grouped by its own block/paragraph/line, boxes turned into points."""
    lines: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text or float(row.get("conf") or -1) < MIN_CONFIDENCE:
            continue
        lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    out = []
    for words in lines.values():  # dicts keep Tesseract's reading order
        left = min(int(w["left"]) for w in words)
        top = min(int(w["top"]) for w in words)
        right = max(int(w["left"]) + int(w["width"]) for w in words)
        bottom = max(int(w["top"]) + int(w["height"]) for w in words)
        box = (left / scale, top / scale, right / scale, bottom / scale)
        out.append(Line(" ".join(w["text"].strip() for w in words), box))
    return out
