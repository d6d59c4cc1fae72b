import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ONRECORD_SHARED", ROOT.parent / "shared"))
SAMPLES = ROOT / "samples"
SAMPLE_PDFS = sorted(SAMPLES.glob("*.pdf"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.fail(f"the shared corpus is missing at {SHARED}: set ONRECORD_SHARED")
    return SHARED


@pytest.fixture
def papers(tmp_path) -> Path:
    """The sample PDFs, copied into a folder of their own."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for pdf in SAMPLE_PDFS:
        shutil.copy(pdf, folder / pdf.name)
    return folder
