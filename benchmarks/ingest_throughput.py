"""Ingest throughput: TenderBridge's `manage.py ingest` against `ocdskit compile` on the same package.

ocdskit compile only parses and merges; our ingest parses, merges, normalises, deduplicates parties and stores
notices, items, codes, awards and raw releases in the database. Each runs as its own process; wall time and
peak resident memory come from the OS (wait4). The package is real releases replicated under new ocids
(benchmarks/make_big_package.py), with multi-release processes kept together so merging is real work.

    .venv/bin/python benchmarks/ingest_throughput.py --releases 50000 [--postgres postgres://postgres@127.0.0.1/tb_bench]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
SCHEMA = REPO.parent / "shared" / "data" / "ocds-schema-1.1.5" / "release-schema.json"


def run(command: list[str], env: dict | None = None, stdin=None, stdout=subprocess.DEVNULL) -> tuple[float, int]:
    """(wall seconds, peak RSS in MB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL, cwd=REPO)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss // 1024


def count_releases(package: Path) -> int:
    sys.path.insert(0, str(REPO))
    from tenderbridge.lib.ocds.readers import read_releases

    return sum(1 for _ in read_releases(package))


def ocdskit(package: Path) -> tuple[float, int]:
    with package.open("rb") as stdin:
        return run([str(Path(PY).parent / "ocdskit"), "compile", "--schema", str(SCHEMA)], stdin=stdin)


def tenderbridge(package: Path, database_url: str, var_dir: Path) -> tuple[float, int]:
    env = {**os.environ, "DATABASE_URL": database_url, "TENDERBRIDGE_VAR_DIR": str(var_dir), "DEBUG": "true",
           "LOG_LEVEL": "WARNING"}
    run([PY, "manage.py", "migrate", "-v", "0"], env=env)
    return run([PY, "manage.py", "ingest", str(package), "--show-rejections", "0"], env=env)


def fresh_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--releases", type=int, default=50_000)
    parser.add_argument("--package", type=Path)
    parser.add_argument("--postgres", help="also measure on this (scratch) PostgreSQL database; it is recreated")
    args = parser.parse_args()
    package = args.package or Path(tempfile.gettempdir()) / f"tenderbridge-bench-{args.releases // 1000}k.json"
    if not package.exists():
        run([PY, "benchmarks/make_big_package.py", "--releases", str(args.releases), "--out", str(package)])
    releases = count_releases(package)
    size_mb = package.stat().st_size / 1e6
    print(f"package: {package} ({size_mb:.0f} MB, {releases} releases)")

    rows = [("ocdskit compile", *ocdskit(package))]
    var_dir = Path(tempfile.mkdtemp(prefix="tb-bench-"))
    rows.append(("TenderBridge ingest, SQLite", *tenderbridge(package, f"sqlite:///{var_dir}/bench.sqlite3", var_dir)))
    db_mb = (var_dir / "bench.sqlite3").stat().st_size / 1e6
    if args.postgres:
        fresh_postgres(args.postgres)
        rows.append(("TenderBridge ingest, PostgreSQL", *tenderbridge(package, args.postgres, var_dir)))
    shutil.rmtree(var_dir)

    print(f"{'':32} {'seconds':>8} {'releases/s':>11} {'peak MB':>8}")
    for name, seconds, peak in rows:
        print(f"{name:32} {seconds:8.1f} {releases / seconds:11.0f} {peak:8}")
    base = rows[0][1]
    for name, seconds, peak in rows[1:]:
        print(f"{name}: {base / seconds:.2f}x ocdskit's releases/s, {peak / rows[0][2]:.2f}x its peak memory")
    print(f"SQLite database after ingest: {db_mb:.0f} MB")


if __name__ == "__main__":
    main()
