"""Lexical search at scale: index build and query latency on SQLite FTS5 and PostgreSQL tsvector + GIN.

N notices are synthesised from the real notice texts of the data folder (UK Contracts Finder, Scotland, Wales,
UNGM, TED/Doffin Norway, the OCDS examples), each a real title and description with a tenth of its words swapped
for words of other notices, plus Chinese notices (about one in ten) composed from the Chinese UNSPSC titles. They
are written as bare notice rows into a scratch database (a SQLite file in /tmp; with --postgres also a scratch
PostgreSQL database that is created and dropped), then:
- the tokeniser is timed alone on the real texts;
- the index is built with the product's own `reindex_all()` (read, segment, upsert, engine index), and again
  from already-segmented rows (the engine's share alone);
- `index_notices()` re-indexes 1,000 notices (the ingest path for one batch);
- 200 queries (English and Chinese, one to three words) run through `search()` (limit 100), then again
  restricted to the open notices (about a fifth) through `candidate_ids`.

    .venv/bin/python benchmarks/search_lexical.py [--n 100000] [--postgres postgres://postgres@127.0.0.1:5432/tb_search_bench]
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

import harness

REPO = harness.REPO
DATA = harness.data_dir()
TEXT_FILES = [
    "ocds-uk-contracts-finder-2025q1-cfserver",
    "ungm-tender-notices-2024-03/ungm_notices_2024-03_scraped_with_header.csv",
    "ted-eforms-notices-norway-2022-2024/ocds",
    "ocds-real-examples-17-publishers-2014-2018",
    "ocds-uk-contracts-finder-bluetail-2020/ocds",
]
CHINESE_SHARE = 0.1
OPEN_SHARE = 0.2
SWAP_SHARE = 0.1
ZH_BUYERS = ["上海市卫生健康委员会", "江苏省政府采购中心", "浙江省教育厅", "苏州市公共资源交易中心", "联合国儿童基金会"]
ZH_PHRASES = ["采购项目", "供货及安装", "维修服务", "公开招标", "框架协议", "技术服务", "采购公告", "询价"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="notices to synthesise (default 100,000)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--postgres", help="also measure on this scratch PostgreSQL database (created, then dropped)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--run", help=argparse.SUPPRESS)  # internal: measure on this DATABASE_URL in this process
    args = parser.parse_args()
    if args.run:
        measure(args)
        return
    with tempfile.TemporaryDirectory(prefix="tb-search-bench-") as var_dir:
        targets = [f"sqlite:///{var_dir}/search-bench.sqlite3"] + ([args.postgres] if args.postgres else [])
        for url in targets:
            if url.startswith("postgres"):
                postgres_admin(url, "CREATE")
            try:
                child(args, url, var_dir)
            finally:
                if url.startswith("postgres"):
                    postgres_admin(url, "DROP")


def child(args, url: str, var_dir: str) -> None:
    # One process per database: Django's settings (and so the database) are fixed once per process.
    env = {**os.environ, "DATABASE_URL": url, "TENDERBRIDGE_VAR_DIR": var_dir, "LOG_LEVEL": "WARNING"}
    command = [sys.executable, __file__, "--run", url, "--n", str(args.n), "--queries", str(args.queries)]
    subprocess.run([*command, "--seed", str(args.seed)], env=env, cwd=REPO, check=True)


def postgres_admin(url: str, verb: str) -> None:
    name, admin = url.rsplit("/", 1)[1], url.rsplit("/", 1)[0] + "/postgres"
    if verb == "CREATE":
        subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'{verb} DATABASE "{name}"'], check=True)


def measure(args) -> None:
    import logging

    harness.setup_django()
    logging.disable(logging.WARNING)  # the readers' warnings about odd releases are not what is measured here
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    real = real_texts()
    zh_titles = chinese_titles()
    print(f"\n=== {connection.vendor}: {args.n:,} notices from {len(real)} real texts, {args.queries} queries")
    time_tokeniser(real)
    store_notices(synthesise(real, zh_titles, args.n, rng), rng)
    time_indexing(args.n, rng)
    time_queries(make_queries(real, zh_titles, args.queries, rng))


def real_texts() -> list[tuple[str, str]]:
    """(title, description) of every readable release with a title, via the product's own source readers."""
    from tenderbridge.ingest.services import expand
    from tenderbridge.lib import sources
    from tenderbridge.lib.sources.base import FileRejected, SourceRecord

    texts = {}
    for path in expand([DATA / name for name in TEXT_FILES]):
        try:
            records = [item for item in sources.detect(path).read(path) if isinstance(item, SourceRecord)]
        except (FileRejected, ValueError):
            continue
        for record in records:
            tender = record.release.get("tender") or {}
            title = tender.get("title") if isinstance(tender, dict) else None
            if isinstance(title, str) and title.strip():
                description = tender.get("description")
                texts[title] = description if isinstance(description, str) else ""
    return list(texts.items())


def chinese_titles() -> list[str]:
    from tenderbridge.lib.taxonomy.unspsc import read_unspsc_zh

    return list(read_unspsc_zh(DATA).values())


def synthesise(real, zh_titles, n: int, rng: random.Random) -> list[tuple[str, str]]:
    words = [word for title, description in real for word in f"{title} {description}".split()]
    split = [(title.split(), description.split()) for title, description in real]
    docs = []
    for _ in range(n):
        if rng.random() < CHINESE_SHARE:
            docs.append(chinese_notice(zh_titles, rng))
            continue
        title, description = rng.choice(split)
        docs.append((" ".join(vary(title, words, rng)), " ".join(vary(description, words, rng))))
    return docs


def vary(text: list[str], words: list[str], rng: random.Random) -> list[str]:
    varied = list(text)
    for _ in range(max(1, int(len(varied) * SWAP_SHARE)) if varied else 0):
        varied[rng.randrange(len(varied))] = rng.choice(words)
    return varied


def chinese_notice(zh_titles: list[str], rng: random.Random) -> tuple[str, str]:
    subject = rng.choice(zh_titles)
    title = f"{rng.choice(ZH_BUYERS)}{subject}{rng.choice(ZH_PHRASES)}"
    parts = [f"{rng.choice(zh_titles)}{rng.choice(ZH_PHRASES)}" for _ in range(rng.randint(3, 10))]
    return title, "，".join([subject, *parts]) + f"。项目编号 ZB{rng.randint(10000, 99999)}。"


def store_notices(docs: list[tuple[str, str]], rng: random.Random) -> None:
    from django.utils import timezone

    from tenderbridge.opportunities.models import Notice

    now = timezone.now()
    started = time.perf_counter()
    Notice.objects.bulk_create(
        (
            Notice(
                ocid=f"bench-{i}",
                source="bench",
                title=title,
                description=description,
                fingerprint="",
                deadline=now + timezone.timedelta(days=30 if rng.random() < OPEN_SHARE else -30),
            )
            for i, (title, description) in enumerate(docs)
        ),
        batch_size=5000,
    )
    print(f"notices written in {time.perf_counter() - started:.1f} s (setup, not measured below)")


def time_tokeniser(real) -> None:
    from tenderbridge.lib import segment

    texts = [f"{title}\n{description}" for title, description in real]
    best = min(_seconds(lambda: [segment.for_index(text) for text in texts]) for _ in range(3))
    chars = sum(map(len, texts)) / len(texts)
    print(f"tokeniser (index mode) on {len(texts)} real notice texts (mean {chars:.0f} chars): "
          f"{len(texts) / best:,.0f} docs/s")


def time_indexing(n: int, rng: random.Random) -> None:
    from django.db import connection

    from tenderbridge.opportunities.models import Notice
    from tenderbridge.search import services
    from tenderbridge.search.models import SearchDocument

    seconds = _seconds(services.reindex_all)
    print(f"index build, reindex_all(): {seconds:.1f} s, {n / seconds:,.0f} docs/s")
    rows = list(SearchDocument.objects.values_list("notice_id", "title_tokens", "body_tokens"))
    SearchDocument.objects.all().delete()
    seconds = _seconds(lambda: _insert_segmented(rows))
    print(f"engine index alone (insert of segmented rows): {seconds:.1f} s, {n / seconds:,.0f} docs/s")
    ids = rng.sample(list(Notice.objects.values_list("pk", flat=True)), min(1000, n))
    print(f"index_notices(1,000 ids), as after an ingest batch: {_seconds(lambda: services.index_notices(ids)):.2f} s")
    with connection.cursor() as cursor:
        # What autovacuum would have done by the time anyone searches (on PostgreSQL it also flushes the GIN
        # pending list); the timings above include no such step.
        cursor.execute("VACUUM ANALYZE search_searchdocument" if connection.vendor == "postgresql" else "ANALYZE")


def _insert_segmented(rows) -> None:
    from django.db import transaction

    from tenderbridge.search.models import SearchDocument

    with transaction.atomic():
        SearchDocument.objects.bulk_create(
            (SearchDocument(notice_id=pk, title_tokens=title, body_tokens=body) for pk, title, body in rows),
            batch_size=2000,
        )


def make_queries(real, zh_titles, count: int, rng: random.Random) -> list[str]:
    from tenderbridge.lib import segment
    from tenderbridge.search.engine import STOP_WORDS

    english = [w for title, _ in real for w in segment.tokenize(title) if w not in STOP_WORDS and not w.isdigit()]
    chinese = [w for title in zh_titles[:3000] for w in segment.tokenize(title, for_query=True) if len(w) > 1]
    queries = []
    for i in range(count):
        pool = chinese if i % 4 == 3 else english  # a quarter Chinese
        queries.append(" ".join(rng.choice(pool) for _ in range(rng.choice([1, 1, 2, 2, 3]))))
    return queries


def time_queries(queries: list[str]) -> None:
    from tenderbridge.opportunities.models import Notice
    from tenderbridge.search.engine import search

    for label, candidates in [("all notices", None), ("open notices only", Notice.objects.open())]:
        search(queries[0], candidate_ids=candidates)  # warm the connection and caches
        latencies, hits = [], 0
        for query in queries:
            started = time.perf_counter()
            hits += len(search(query, candidate_ids=candidates))
            latencies.append((time.perf_counter() - started) * 1000)
        cuts = statistics.quantiles(latencies, n=100)
        print(f"queries, {label}: p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, p99 {cuts[98]:.1f} ms, "
              f"mean {statistics.mean(latencies):.1f} ms, {hits / len(queries):.0f} hits/query")


def _seconds(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
