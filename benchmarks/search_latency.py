"""Search latency and load over HTTP: /api/v1/opportunities?q=… on a real server (gunicorn) on loopback.

    DATABASE_URL=sqlite:///var/bench/s1m.sqlite3 TENDERBRIDGE_VAR_DIR=var/bench/var1m \\
        .venv/bin/python benchmarks/search_latency.py [--queries 200] [--load-seconds 60] [--clients 20]

1. Starts gunicorn (4 sync worker processes, `--preload`, the product's wsgi app, as docs/deploy.md) on the
   database the environment names, and warms the workers (the master loads the in-memory index before it
   forks: its time and the workers' memory are reported).
2. Builds 200 varied queries from the database: three quarters English (one to three words of real notice
   titles), one quarter Chinese (the cross-lingual sets' queries and Chinese UNSPSC titles), and runs each once,
   one at a time, as lexical (`match=words`) and as hybrid (words and meaning) requests, facets included (the
   API always counts them): p50 / p95 / p99 / max in milliseconds, as the client saw them.
   With --passes 2 they run again: the second pass shows the server with warm caches. BENCH_WORKERS and
   BENCH_THREADS change gunicorn's 4 sync workers (docs/deploy.md; until 2026-12-07 this ran 2 workers × 4
   threads, whose tail and memory were worse: docs/search.md). --warm-queries N runs N other queries first.
3. Page sizes: the list page (with and without words), the notice page (the newest notice, the one with the
   longest release and the one with the most items) and the category pages, in English and Chinese: bytes.
4. Load: N clients in threads for the given seconds, each in turn fetching the list page (/en/opportunities/,
   with and without a query) and the API: requests, errors (any status but 200, any exception), p50/p95/p99.
"""

import argparse
import dataclasses
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import harness

REPO = harness.REPO
harness.use_settings()


def build_queries(n: int, seed: int = 11) -> list[str]:
    harness.setup_django()
    from tenderbridge.opportunities.models import Notice
    from tenderbridge.taxonomy.models import UnspscCode
    from tests.search.crosslingual import DEV_QUERIES, QUERIES

    rng = random.Random(seed)
    # 5,000 titles of notices drawn by the seed (not ORDER BY RANDOM(): the same queries on every run and
    # on both databases, as long as they hold the same notices)
    highest = Notice.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    drawn = sorted(rng.sample(range(1, highest + 1), min(highest, 8000)))
    titles = list(Notice.objects.filter(pk__in=drawn).exclude(title="").values_list("title", flat=True)[:5000])
    english = []
    while len(english) < n * 3 // 4:
        words = [w for w in rng.choice(titles).split() if w.isalpha() and len(w) > 2]
        if words:
            start = rng.randrange(len(words))
            english.append(" ".join(words[start : start + rng.randint(1, 3)]))
    chinese = [q for q, _t in DEV_QUERIES + QUERIES]
    zh_titles = list(
        UnspscCode.objects.filter(level="family").exclude(title_zh="").values_list("title_zh", flat=True)
    )
    rng.shuffle(zh_titles)
    chinese += zh_titles
    queries = english + chinese[: n - len(english)]
    rng.shuffle(queries)
    return queries


def heavy_notices() -> dict[str, str]:
    """OCIDs of the notices whose pages could be the biggest: the newest, the longest release, the most items."""
    from django.db import connection
    from django.db.models import Count

    from tenderbridge.opportunities.models import Notice

    length = "pg_column_size(compiled_release)" if connection.vendor == "postgresql" else "length(compiled_release)"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ocid FROM opportunities_notice ORDER BY {length} DESC LIMIT 1")
        longest = cursor.fetchone()[0]
    return {
        "newest": Notice.objects.order_by("-published", "-pk").values_list("ocid", flat=True)[0],
        "longest release": longest,
        "most items": Notice.objects.annotate(n=Count("items")).order_by("-n").values_list("ocid", flat=True)[0],
    }


def page_sizes(base: str, notices: dict[str, str]) -> dict[str, int]:
    """Bytes of the pages a reader sees most, as served (HTML, uncompressed), in both languages."""
    paths = {
        "list": "opportunities/",
        "list, q=services": "opportunities/?q=services",
        "list, q=医疗设备": "opportunities/?" + urllib.parse.urlencode({"q": "医疗设备"}),
        **{f"notice ({k})": f"opportunities/{urllib.parse.quote(v)}/" for k, v in notices.items()},
        "categories": "categories/",
        "category segment 42000000": "categories/42000000/",
        "category family 42130000": "categories/42130000/",
        "category commodity 42132203": "categories/42132203/",
        "category search, q=gloves": "categories/search/?q=gloves",
        "CPV": "categories/cpv/",
        "CPV 33000000": "categories/cpv/33000000/",
    }
    sizes = {}
    for lang in ("en", "zh-hans"):
        for name, path in paths.items():
            status, _ms, body = fetch(f"{base}/{lang}/{path}")
            sizes[f"{lang} {name}"] = len(body) if status == 200 else f"HTTP {status}"
    return sizes


def server_env() -> dict:
    env = {**os.environ, "DEBUG": "false", "SECURE_SSL_REDIRECT": "false", "ALLOWED_HOSTS": "127.0.0.1"}
    env.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    env["LOG_LEVEL"] = "WARNING"
    env.setdefault("SEARCH_PRELOAD", "true")
    env.setdefault("DATABASE_CONN_MAX_AGE", "60")  # as docs/deploy.md: no new connection per request
    return env


def start_server(port: int) -> subprocess.Popen:
    # Production settings serve hashed static file names: collect them first, as a deployment does.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=REPO,
        env=server_env(),
        check=True,
    )
    command = [
        str(REPO / ".venv" / "bin" / "gunicorn"),
        "tenderbridge.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--preload",  # with SEARCH_PRELOAD the master loads the index once; the workers share it
        "--workers", os.environ.get("BENCH_WORKERS", "4"),  # as docs/deploy.md
        "--threads", os.environ.get("BENCH_THREADS", "1"),  # 1: gunicorn's sync workers
        "--timeout", "300",
        "--log-level", "warning",
    ]  # fmt: skip
    log = (REPO / "var" / "bench" / f"server-{port}.log").open("ab")  # the app's warnings and errors
    return subprocess.Popen(command, cwd=REPO, env=server_env(), stdout=log, stderr=log)


def fetch(url: str, timeout: float = 300) -> tuple[int, float, bytes]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return status, (time.perf_counter() - started) * 1000, body


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 1),
        "p95": round(at(0.95), 1),
        "p99": round(at(0.99), 1),
        "max": round(ordered[-1], 1),
    }


def _memory_mb(pid: int) -> dict[str, int]:
    """RSS and PSS (shared pages divided among the processes that share them) in MB."""
    found = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _sep, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            found[name.lower() + "_mb"] = int(rest.split()[0]) // 1024
    return found


def worker_memory(server: subprocess.Popen) -> dict[str, dict[str, int]]:
    """Memory of the gunicorn master and its workers (the children of the master)."""
    found = {"master": _memory_mb(server.pid)}
    for child in Path("/proc").glob("[0-9]*"):
        try:
            stat = (child / "stat").read_text().split()
            if int(stat[3]) == server.pid:
                found[f"worker {child.name}"] = _memory_mb(int(child.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def index_bytes() -> dict:
    """The in-memory index loaded in this process: its load time and its arrays' bytes."""
    from tenderbridge.search import postings, snapshot

    started = time.perf_counter()
    snap = snapshot.current()
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    postings.load(snap.columns)  # its share of the load, again on its own
    postings_seconds = time.perf_counter() - started
    columns = sum(getattr(getattr(snap.columns, f.name), "nbytes", 0) for f in dataclasses.fields(snap.columns))
    return {
        "load_seconds": round(seconds, 1),
        "columns_mb": round(columns / 1e6),
        "vectors_mb": round(snap.vectors.nbytes / 1e6),
        "vectors_with_vector": int(snap.vectors.present.sum()),
        "frequent_words": len(snap.postings.words),
        "frequent_words_mb": round(snap.postings.nbytes / 1e6),
        "frequent_words_seconds": round(postings_seconds, 1),
    }


def warm(base: str) -> float:
    """A few searches in parallel, so each worker has answered (the index itself is loaded by the master)."""
    started = time.perf_counter()
    threads = [
        threading.Thread(target=fetch, args=(f"{base}/api/v1/opportunities?q=warm",)) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for _ in range(20):
        fetch(f"{base}/api/v1/opportunities?q=gloves")
    return time.perf_counter() - started


def latency(base: str, queries: list[str], passes: int = 1) -> dict:
    """Each query once per pass, lexical then hybrid. The first pass meets the server as it starts (its
    connections' and the OS's page caches cold for these queries); a second one shows it warm."""
    results = {}
    for number in range(1, passes + 1):
        for mode, extra in (("lexical", {"match": "words"}), ("hybrid", {})):
            times, statuses = [], []
            for query in queries:
                status, ms, _body = fetch(
                    f"{base}/api/v1/opportunities?" + urllib.parse.urlencode({"q": query, **extra})
                )
                times.append(ms)
                statuses.append(status)
            name = mode if number == 1 else f"{mode}, pass {number}"
            results[name] = {**percentiles(times), "errors": sum(1 for s in statuses if s != 200)}
    return results


def load(base: str, queries: list[str], clients: int, seconds: float) -> dict:
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()
    times, errors, kinds = [], [], {"page": 0, "api": 0}

    def client(number: int):
        rng = random.Random(number)
        while time.perf_counter() < deadline:
            query = rng.choice(queries)
            if rng.random() < 0.5:
                url, kind = (
                    f"{base}/en/opportunities/?"
                    + urllib.parse.urlencode({"q": query} if rng.random() < 0.7 else {}),
                    "page",
                )
            else:
                url, kind = f"{base}/api/v1/opportunities?" + urllib.parse.urlencode({"q": query}), "api"
            try:
                status, ms, _body = fetch(url, timeout=60)
            except Exception as error:  # noqa: BLE001  (a benchmark counts every failure)
                status, ms = repr(error), 0.0
            with lock:
                kinds[kind] += 1
                if status == 200:
                    times.append(ms)
                else:
                    errors.append(status)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(times) + len(errors),
        "per_second": round((len(times) + len(errors)) / elapsed, 1),
        "errors": len(errors),
        "error_kinds": sorted({str(e) for e in errors})[:5],
        "kinds": kinds,
        **percentiles(times or [0.0]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--passes", type=int, default=1, help="run the queries this many times (default 1)")
    parser.add_argument(
        "--warm-queries",
        type=int,
        default=0,
        help="first run this many other queries (another seed; none of the measured ones): a server that has "
        "been up a while, meeting the measured queries for the first time",
    )
    args = parser.parse_args()
    queries = build_queries(args.queries)
    notices = heavy_notices()
    server = start_server(args.port)
    report = {}
    base = f"http://127.0.0.1:{args.port}"
    try:
        started = time.perf_counter()
        while True:  # with --preload the master loads the index before it listens (a minute at 1M notices)
            try:
                fetch(f"{base}/healthz", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 900:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.5)
        report["server_start_seconds"] = round(time.perf_counter() - started, 1)
        report["warm_seconds"] = round(warm(base), 1)
        report["memory_after_warm"] = worker_memory(server)
        _s, _ms, body = fetch(f"{base}/api/v1/opportunities?limit=1")
        report["notices"] = json.loads(body)["total"]
        if args.warm_queries:
            measured = set(queries)
            others = [q for q in build_queries(args.warm_queries * 2, seed=12) if q not in measured]
            report["warm_queries"] = min(args.warm_queries, len(others))
            latency(base, others[: args.warm_queries])
        report["load_average_before_latency"] = os.getloadavg()
        report["latency_ms"] = latency(base, queries, args.passes)
        report["load_average_after_latency"] = os.getloadavg()
        report["page_bytes"] = page_sizes(base, notices)
        report["load_average_before_load"] = os.getloadavg()
        report["load"] = load(base, queries, args.clients, args.load_seconds) if args.load_seconds else None
        report["memory_after_load"] = worker_memory(server)
        report["load_average_after_load"] = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    report["index_in_this_process"] = index_bytes()
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
