"""Measure how fast the OCDS reader streams files: releases per second, MB per second, peak memory.

    .venv/bin/python benchmarks/make_big_package.py --releases 50000 --out /tmp/tenderbridge-bench-50k.json
    .venv/bin/python benchmarks/ocds_read_speed.py /tmp/tenderbridge-bench-50k.json [more files ...]

Without arguments it measures the largest real OCDS files of the shared data folder.
"""

import argparse
import resource
import time
from pathlib import Path

import harness

from tenderbridge.lib.ocds.readers import read_file  # noqa: E402  (after harness: the repo on sys.path)
from tenderbridge.lib.sources.base import SourceRecord  # noqa: E402

# The largest real files (the Scottish one is the largest, but all its releases lack an id: rejections).
LARGEST_REAL = (
    "ocds-uk-contracts-finder-2025q1-cfserver/public_contracts_scotland_2019-03_04_release_package.json",
    "ocds-uk-contracts-finder-2025q1-cfserver/sell2wales_release_package.json",
    "ocds-real-examples-17-publishers-2014-2018/armenia/sample/releases/6.json",
    "ocds-uk-contracts-finder-2025q1-cfserver/contracts_finder_england_2025-01_2025-03_release_package.json",
)


def measure(path: Path, repeat: int) -> None:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        items = releases = 0
        for item in read_file(path):
            items += 1
            releases += isinstance(item, SourceRecord)
        best = min(best, time.perf_counter() - started)
    size = path.stat().st_size
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{path.name}: {size / 1e6:.1f} MB, {releases:,} releases, {items - releases:,} rejections; "
          f"best of {repeat}: {best:.2f} s = {items / best:,.0f} items/s, {size / best / 1e6:.0f} MB/s; "
          f"peak RSS so far {peak_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for path in args.files or [harness.data_dir() / name for name in LARGEST_REAL]:
        measure(path, args.repeat)


if __name__ == "__main__":
    main()
