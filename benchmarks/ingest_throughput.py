"""Ingest throughput: TenderBridge's `manage.py ingest` against `ocdskit compile` on the same package.

ocdskit compile only parses and merges; our ingest parses, merges, normalises, deduplicates parties and stores
notices, items, codes, awards and raw releases in the database. Each runs as its own process; wall time and
peak resident memory come from the OS (wait4). The package is real releases replicated under new ocids
(benchmarks/make_big_package.py), with multi-release processes kept together so merging is real work.

    .venv/bin/python benchmarks/ingest_throughput.py --releases 50000 [--postgres postgres://postgres@127.0.0.1/tb_bench]

Scratch files (the package unless --package is given, the SQLite database) go to the temporary directory
(TMPDIR). Run it under the machine's benchmark lock when others share the machine.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness

REPO = harness.REPO
PY = sys.executable
SCHEMA = harness.data_dir() / "ocds-schema-1.1.5" / "release-schema.json"


def run(command: list[str], env: dict | None = None, stdin=None, stdout=subprocess.DEVNULL) -> dict:
    """Wall seconds, CPU seconds (user + system, of the process and its children), the peak resident memory of
    its biggest process and the peak of all its processes together (sampled from /proc every 0.1 s)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL, cwd=REPO)
    peak_all = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak_all = max(peak_all, tree_rss(process.pid))
        time.sleep(0.1)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return {
        "seconds": elapsed,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss // 1024,
        "peak_all_mb": max(peak_all, usage.ru_maxrss) // 1024,
    }


def tree_rss(pid: int) -> int:
    """Resident KB of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def count_releases(package: Path) -> int:
    from tenderbridge.lib.ocds.readers import read_releases

    return sum(1 for _ in read_releases(package))


def ocdskit(package: Path) -> dict:
    with package.open("rb") as stdin:
        return run([str(Path(PY).parent / "ocdskit"), "compile", "--schema", str(SCHEMA)], stdin=stdin)


def tenderbridge(package: Path, database_url: str, var_dir: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "TENDERBRIDGE_VAR_DIR": str(var_dir), "DEBUG": "true",
           "LOG_LEVEL": "WARNING"}
    run([PY, "manage.py", "migrate", "-v", "0"], env=env)
    return run([PY, "manage.py", "ingest", str(package), "--show-rejections", "0"], env=env)


def fresh_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def postgres_mb(url: str) -> float:
    name = url.rsplit("/", 1)[1]
    out = subprocess.run(["psql", url, "-Atc", f"SELECT pg_database_size('{name}')"], capture_output=True, text=True)
    return int(out.stdout.strip() or 0) / 1e6


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


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

    rows, loads = [], [load()]
    rows.append(("ocdskit compile", ocdskit(package)))
    loads.append(load())
    var_dir = Path(tempfile.mkdtemp(prefix="tb-bench-"))
    rows.append(("TenderBridge ingest, SQLite", tenderbridge(package, f"sqlite:///{var_dir}/bench.sqlite3", var_dir)))
    loads.append(load())
    sizes = {"SQLite": sum(p.stat().st_size for p in var_dir.glob("bench.sqlite3*")) / 1e6}
    if args.postgres:
        fresh_postgres(args.postgres)
        rows.append(("TenderBridge ingest, PostgreSQL", tenderbridge(package, args.postgres, var_dir)))
        loads.append(load())
        sizes["PostgreSQL"] = postgres_mb(args.postgres)
    shutil.rmtree(var_dir)

    print(f"load averages (1, 5, 15 min) before and after each: {' | '.join(loads)}")
    print(f"{'':32} {'seconds':>8} {'releases/s':>11} {'CPU s':>7} {'peak MB':>8} {'all procs':>9}")
    for name, r in rows:
        print(f"{name:32} {r['seconds']:8.1f} {releases / r['seconds']:11.0f} {r['cpu']:7.1f} {r['peak_mb']:8} "
              f"{r['peak_all_mb']:9}")
    base = rows[0][1]
    for name, r in rows[1:]:
        print(f"{name}: {base['seconds'] / r['seconds']:.2f}x ocdskit's releases/s, "
              f"{r['peak_all_mb'] / base['peak_all_mb']:.2f}x its peak memory (all processes; the PostgreSQL "
              f"server's own not counted), {r['cpu'] / base['cpu']:.2f}x its CPU time")
    print("database after ingest: " + ", ".join(f"{k} {v:.0f} MB" for k, v in sizes.items()))


if __name__ == "__main__":
    main()
