"""The notice summary (opportunities/summary.py) on the loaded demo data: how long it takes to build once the
page's data is read, and what it can say — per source, the share of notices whose buyer gets an official name,
whose categories all read in Chinese (their own title or their group's), whose language is named, and where "how to take part" comes from.

    .venv/bin/python benchmarks/notice_summary.py [--per-source 300] [--demo-now 2024-03-06]

Notices are the first `--per-source` of each source by id. Times: the summary alone (the page's data already
read by notice_page), median per notice over the sample, in Chinese with Asia/Shanghai active.
"""

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def in_chinese(category) -> bool:
    """The category reads in Chinese: its own title, or the Chinese title of the group it is in."""
    return bool(category.parent_title) or any("\u4e00" <= ch <= "\u9fff" for ch in category.title)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per-source", type=int, default=300)
    parser.add_argument("--demo-now", default="2024-03-06")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tenderbridge.settings")
    import django

    django.setup()
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.utils import timezone, translation

    from tenderbridge.opportunities.detail import notice_page
    from tenderbridge.opportunities.models import Notice
    from tenderbridge.opportunities.summary import notice_summary

    settings.DEMO_NOW = datetime.fromisoformat(args.demo_now).replace(tzinfo=UTC)
    translation.activate("zh-hans")
    timezone.activate(ZoneInfo("Asia/Shanghai"))
    print(
        f"{'source':8} {'notices':>7} {'ms/summary':>10} {'official name':>13} {'zh titles':>9} "
        f"{'language named':>14} taking part"
    )
    for source in Notice.objects.order_by().values_list("source", flat=True).distinct():
        ocids = list(
            Notice.objects.filter(source=source)
            .order_by("id")
            .values_list("ocid", flat=True)[: args.per_source]
        )
        times, named, titled, languages, kinds = [], 0, 0, 0, Counter()
        for ocid in ocids:
            page = notice_page(ocid, limit=50)
            started = time.perf_counter()
            summary = notice_summary(page)
            times.append((time.perf_counter() - started) * 1000)
            named += bool(summary.buyer and summary.buyer.acronym)
            titled += bool(summary.categories) and all(in_chinese(c) for c in summary.categories)
            languages += bool(summary.languages)
            kinds[summary.taking_part] += 1
        n = len(ocids)
        print(
            f"{source:8} {n:7} {statistics.median(times):10.2f} {named / n:13.0%} {titled / n:9.0%} "
            f"{languages / n:14.0%} {dict(kinds.most_common())}"
        )


if __name__ == "__main__":
    main()
