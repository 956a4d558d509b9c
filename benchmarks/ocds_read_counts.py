"""Print, for every real OCDS file in the shared data folder, how many releases and rejections it gives.

    .venv/bin/python benchmarks/ocds_read_counts.py            # one line per file, then totals per folder
    .venv/bin/python benchmarks/ocds_read_counts.py --summary  # totals per folder only
"""

import argparse
import collections
from pathlib import Path

import harness

from tenderbridge.lib.ocds.readers import read_file  # noqa: E402  (after harness: the repo on sys.path)
from tenderbridge.lib.sources.base import SourceRecord  # noqa: E402

FOLDERS = (
    "ocds-real-examples-17-publishers-2014-2018",
    "ocds-uk-contracts-finder-bluetail-2020/ocds",
    "ocds-uk-contracts-finder-2025q1-cfserver",
    "ted-eforms-notices-norway-2022-2024/ocds",
)


def count(path: Path) -> tuple[int, collections.Counter]:
    releases, codes = 0, collections.Counter()
    for item in read_file(path):
        if isinstance(item, SourceRecord):
            releases += 1
        else:
            codes[item.code] += 1
    return releases, codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summary", action="store_true", help="totals per folder only")
    summary = parser.parse_args().summary
    data, totals = harness.data_dir(), []
    if not summary:
        print(f"{'file':<100} {'releases':>8} {'rejected':>8}  codes")
    for folder in FOLDERS:
        files = sorted((data / folder).rglob("*.json"))
        releases, codes = 0, collections.Counter()
        for path in files:
            file_releases, file_codes = count(path)
            releases, codes = releases + file_releases, codes + file_codes
            if not summary:
                print(f"{str(path.relative_to(data)):<100} {file_releases:>8} {file_codes.total():>8}  "
                      f"{dict(file_codes) or ''}")
        totals.append((folder, len(files), releases, codes))
    print(f"\n{'folder':<50} {'files':>6} {'releases':>8} {'rejected':>8}  codes")
    for folder, files, releases, codes in totals:
        print(f"{folder:<50} {files:>6} {releases:>8} {codes.total():>8}  {dict(codes) or ''}")


if __name__ == "__main__":
    main()
