"""Scale: ingest 1,000,000 notices into SQLite; report the time, the rate and the database size.

The notices are the 207,581 real UN ASR award rows, repeated with a copy number in the description (so each copy
is a new notice with a new ocid: the ASR source derives ocids from the row's content) until N rows are written.
Award rows are the smallest real notices we have; the figure is for notices + awards + parties, not for big
tenders with many items (see ingest_throughput.py for those).

    .venv/bin/python benchmarks/scale_1m.py [--n 1000000] [--keep]
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness

REPO = harness.REPO
ASR = harness.data_dir() / "un-asr-supplier-awards-2010-2016"


def write_rows(path: Path, n: int) -> None:
    with (ASR / "un_asr_supplier_awards_2010_2016.csv").open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    header, body = rows[0], rows[1:]
    description = header.index("description")
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for i in range(n):
            row = list(body[i % len(body)])
            copy = i // len(body)
            if copy:
                row[description] = f"{row[description]} (lot {copy + 1})"
            writer.writerow(row)
    for helper in ("normalize_un.json", "normalize_countries.json", "country_codes.json"):
        shutil.copy(ASR / helper, path.parent / helper)  # the ASR source reads them next to the CSV


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (database) afterwards")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tb-scale-"))
    data = folder / "asr_scaled.csv"
    write_rows(data, args.n)
    env = {**os.environ, "TENDERBRIDGE_VAR_DIR": str(folder), "DATABASE_URL": f"sqlite:///{folder}/scale.sqlite3",
           "LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], env=env, cwd=REPO, check=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "ingest", str(data), "--summary"], env=env, cwd=REPO, check=True)
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in folder.glob("scale.sqlite3*"))
    print(f"{args.n} rows ingested in {seconds:.0f} s ({args.n / seconds:.0f} notices/s); "
          f"SQLite database {size / 1e9:.2f} GB")
    if args.keep:
        print(f"kept: {folder}")
    else:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
