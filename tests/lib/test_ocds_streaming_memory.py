"""Streaming: the memory used to read a package does not depend on how many releases it has."""

import json
import tracemalloc
from pathlib import Path

from tenderbridge.lib.ocds import readers
from tenderbridge.lib.ocds.readers import read_file
from tests.lib.ocds_testdata import release


def _peak_memory_reading(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_file(path))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _write_package(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        f.write('{"version": "1.1", "releases": [')
        f.write(",".join(json.dumps(release(i)) for i in range(count)))
        f.write("]}")
    return path


def test_memory_does_not_grow_with_the_number_of_releases(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "SMALL_BYTES", 0)  # stream even the small file
    small = _write_package(tmp_path / "small.json", 2_000)
    big = _write_package(tmp_path / "big.json", 8_000)  # about 1.6 MB
    (small_count, small_peak), (big_count, big_peak) = _peak_memory_reading(small), _peak_memory_reading(big)
    assert (small_count, big_count) == (2_000, 8_000)
    assert big_peak < small_peak * 1.5 + 100_000, f"peak {small_peak:,} bytes for 2,000 releases, {big_peak:,} for 8,000"
