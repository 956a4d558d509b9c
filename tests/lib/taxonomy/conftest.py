"""The real data folder for the taxonomy tests: TENDERBRIDGE_DATA_DIR, else <repo>/../shared/data."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def taxonomy_data() -> Path:
    configured = os.environ.get("TENDERBRIDGE_DATA_DIR")
    path = Path(configured) if configured else (REPO.parent / "shared" / "data").resolve()
    if not (path / "unspsc-ungm-codeset").is_dir():
        pytest.skip(f"the real data folder {path} (with unspsc-ungm-codeset/) is not here; set TENDERBRIDGE_DATA_DIR")
    return path
