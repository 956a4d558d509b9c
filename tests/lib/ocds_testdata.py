"""Where the real (read-only) data is, for the OCDS tests, and small writers of synthetic OCDS files."""

import gzip
import json
import os
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

REAL_OCDS_FOLDERS = (
    "ocds-real-examples-17-publishers-2014-2018",
    "ocds-uk-contracts-finder-bluetail-2020/ocds",
    "ocds-uk-contracts-finder-2025q1-cfserver",
    "ted-eforms-notices-norway-2022-2024/ocds",
)


def data_dir() -> Path:
    """TENDERBRIDGE_DATA_DIR if set, else <repo>/../shared/data."""
    configured = os.environ.get("TENDERBRIDGE_DATA_DIR")
    return Path(configured) if configured else (REPO / ".." / "shared" / "data").resolve()


def require_data(*folders: str) -> Path:
    """The data folder; skips the test when it (or one of `folders` inside it) is absent."""
    path = data_dir()
    missing = [folder for folder in folders if not (path / folder).is_dir()]
    if not path.is_dir() or missing:
        pytest.skip(f"real data not found: {path} {missing or ''} (set TENDERBRIDGE_DATA_DIR)")
    return path


def release(n: int, **fields) -> dict:
    """A small valid OCDS 1.1 release."""
    data = {"ocid": f"ocds-test-{n}", "id": f"r{n}", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],
            "parties": [], "tender": {"id": f"t{n}", "title": f"Tender {n}"}}
    data.update(fields)
    return data


def package(releases: list, **fields) -> dict:
    return {"uri": "https://example.org/p.json", "version": "1.1", **fields, "releases": releases}


def write_json(path: Path, data, **kwargs) -> Path:
    path.write_text(json.dumps(data, **kwargs), encoding="utf-8")
    return path


def write_gzip(path: Path, data: bytes) -> Path:
    with gzip.open(path, "wb") as f:
        f.write(data)
    return path


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path
