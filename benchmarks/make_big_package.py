"""Write a big OCDS 1.1 release package made of real releases, replicated under new ocids.

The real releases come from the shared data folder (UK Contracts Finder 2020 and 2025, TED/Doffin, 17
publishers). Releases of one real ocid stay together under one new ocid, so the package has processes with
several releases to merge, like real data. Every copy gets a new ocid ("ocds-tbbench-0000001", ...) and
keeps its release id, so (ocid, id) stays unique. Releases without a date are left out because merging
needs one. The output is written as it goes; memory stays small.

    .venv/bin/python benchmarks/make_big_package.py --releases 50000 --out /tmp/tenderbridge-bench-50k.json
"""

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import harness

from tenderbridge.lib.ocds.readers import read_releases  # noqa: E402  (after harness: the repo on sys.path)

FOLDERS = (
    "ocds-uk-contracts-finder-2025q1-cfserver",
    "ocds-uk-contracts-finder-bluetail-2020/ocds/json_1_1_raw",
    "ted-eforms-notices-norway-2022-2024/ocds",
    "ocds-real-examples-17-publishers-2014-2018",
)


def real_groups(data: Path) -> list[list[dict]]:
    """The real releases with a date, grouped by ocid, without duplicate (ocid, id) pairs."""
    groups: dict[str, dict[str, dict]] = {}
    for folder in FOLDERS:
        for path in sorted((data / folder).rglob("*.json")):
            for release in read_releases(path):
                if isinstance(release.get("date"), str):
                    groups.setdefault(release["ocid"], {}).setdefault(release["id"], release)
    return [list(group.values()) for group in groups.values()]


def replicated(groups: list[list[dict]], count: int) -> Iterator[dict]:
    """`count` releases: the groups again and again, each time under a new ocid."""
    written = copy_number = 0
    while True:
        for group in groups:
            copy_number += 1
            ocid = f"ocds-tbbench-{copy_number:07d}"
            for release in group:
                if written == count:
                    return
                yield {**release, "ocid": ocid}
                written += 1


def write_package(out: Path, releases: Iterator[dict]) -> int:
    count = 0
    with out.open("w", encoding="utf-8") as f:
        f.write('{"uri": "https://tenderbridge.example/bench.json", "version": "1.1", '
                '"publishedDate": "2025-01-01T00:00:00Z", "publisher": {"name": "TenderBridge benchmark"}, '
                '"releases": [\n')
        for release in releases:
            f.write(",\n" if count else "")
            f.write(json.dumps(release, ensure_ascii=False))
            count += 1
        f.write("\n]}\n")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=50_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/tenderbridge-bench-50k.json"))
    args = parser.parse_args()
    groups = real_groups(harness.data_dir())
    count = write_package(args.out, replicated(groups, args.releases))
    size = args.out.stat().st_size
    print(f"{args.out}: {count:,} releases from {sum(map(len, groups)):,} real ones in {len(groups):,} ocids, "
          f"{size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
