"""A notice's page on the loaded data (run after `manage.py load_demo`): the queries and time of related
notices for the hardest notices (the buyer with most notices, the largest and smallest UNSPSC families, a UNGM
notice), and the size of the page and JSON of the notice with the largest compiled release.

    .venv/bin/python benchmarks/notice_detail.py [--demo-now 2024-03-06] [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tb_x .venv/bin/python benchmarks/notice_detail.py

Times are the median of `--repeat` runs after one warm-up, in the process (no HTTP server); "in the database" is
the sum of the last run's query times as Django records them. On PostgreSQL, run ANALYZE after a bulk load:
the plans follow its statistics.
"""

import argparse
import logging
import statistics
import time
from datetime import UTC, datetime

import harness

REPO = harness.REPO


def timed(function, repeat: int) -> tuple[float, int, float, object]:
    """(median milliseconds, queries of the last run, their database milliseconds, result)."""
    from django.db import connection, reset_queries

    function()  # warm-up: caches, prepared plans
    times = []
    for _ in range(repeat):
        reset_queries()
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    in_database = sum(float(q["time"]) for q in connection.queries) * 1000
    return statistics.median(times), len(connection.queries), in_database, result


def hardest_notices() -> list[tuple[str, object]]:
    from django.db.models import Count

    from tenderbridge.opportunities.models import Notice, NoticeCategory

    buyer = Notice.objects.values("buyer").annotate(n=Count("id")).order_by("-n").first()
    families = NoticeCategory.objects.values("family").annotate(n=Count("id")).order_by("n")
    largest, smallest = families.last(), families.first()
    picks = [
        (f"buyer with most notices ({buyer['n']:,})", Notice.objects.filter(buyer=buyer["buyer"]).first()),
        (
            f"largest family {largest['family']} ({largest['n']:,} rows)",
            NoticeCategory.objects.filter(family=largest["family"]).order_by("id").first().notice,
        ),
        (
            f"smallest family {smallest['family']} ({smallest['n']} rows)",
            NoticeCategory.objects.filter(family=smallest["family"]).first().notice,
        ),
        ("a UNGM notice", Notice.objects.filter(source="ungm").order_by("id").first()),
    ]
    return [(label, notice) for label, notice in picks if notice is not None]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--demo-now", help="DEMO_NOW for the run (open notices change the plans)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    harness.setup_django()
    logging.disable(logging.WARNING)  # one JSON log line per request is not what is measured
    from django.conf import settings
    from django.db import connection
    from django.db.models import TextField
    from django.db.models.functions import Cast, Length
    from django.test import Client
    from django.utils import translation

    from tenderbridge.opportunities.detail import notice_page
    from tenderbridge.opportunities.models import Notice
    from tenderbridge.opportunities.related import related_notices

    settings.DEBUG = True  # records the queries
    if args.demo_now:
        settings.DEMO_NOW = datetime.fromisoformat(args.demo_now).replace(tzinfo=UTC)
    print(
        f"database: {connection.vendor}; notices: {Notice.objects.count():,}; now: {args.demo_now or 'real'}"
    )
    translation.activate("en")
    for label, notice in hardest_notices():
        loaded = Notice.objects.prefetch_related("categories").get(pk=notice.pk)
        ms, queries, db_ms, related = timed(lambda n=loaded: related_notices(n), args.repeat)
        page_ms, page_queries, page_db_ms, _ = timed(
            lambda o=notice.ocid: notice_page(o, limit=50), args.repeat
        )
        print(
            f"{label}: related {ms:.1f} ms ({db_ms:.0f} ms in the database) in {queries} queries "
            f"({len(related.same_buyer)} same buyer, {len(related.same_category)} same {related.category_level}); "
            f"whole notice_page {page_ms:.1f} ms ({page_db_ms:.0f} ms in the database) in {page_queries} queries"
        )
    client = Client()
    size = Length(Cast("compiled_release", TextField()))
    biggest = Notice.objects.only("ocid").order_by(size.desc()).first()
    for path in (
        f"/en/opportunities/{biggest.ocid}/",
        f"/zh-hans/opportunities/{biggest.ocid}/",
        f"/api/v1/opportunities/{biggest.ocid}",
    ):
        response = client.get(path, HTTP_HOST="127.0.0.1")
        print(
            f"largest compiled release {biggest.ocid}: {path} -> {response.status_code}, {len(response.content):,} bytes"
        )


if __name__ == "__main__":
    main()
