"""The stored feeds at scale: 100,000 open notices and 10,000 supplier profiles in SQLite (or PostgreSQL).

    DATABASE_URL=sqlite:///var/bench/feeds.sqlite3 TENDERBRIDGE_VAR_DIR=var/bench/feeds-var \\
        .venv/bin/python benchmarks/feed_update.py build [--notices 100000] [--suppliers 10000]
    ... benchmarks/feed_update.py measure [--new 1000] [--sample 100]

build (untimed set-up):
- the notices: the demo's real tender releases (UNGM, TED, UK and national OCDS publishers), copied under new
  ocids with a tenth of their words swapped (benchmarks/make_search_corpus.py's copy) and every deadline 7–90 days
  after --now, so all are open; taken in by `manage.py ingest` and embedded (`manage.py embed_notices`);
- the suppliers: the asr-2016 development profiles (benchmarks/matching_devset.py: real UN vendors' names,
  countries, past awards and the UNSPSC families predicted from them), written as supplier organisations and
  profiles with their past contracts and codes.

measure (each figure as the product computes it, through matching/services.py):
1. recompute_feed of a sample of suppliers against every open notice (the ranking, the explanations and the
   write of the feed), and the same for all of them (`manage.py refresh_feeds`: the nightly full ranking);
2. 1,000 new open notices ingested and embedded (untimed), then update_feeds(their ids): the open-notice index
   rebuilt, every supplier read and prepared, the new notices ranked and merged into the 10,000 feeds;
3. the feed page (/en/feed/) of sampled suppliers through Django's test client: p50 / p95.
Prints JSON lines; the machine's load average comes with each.
"""

import argparse
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import harness

REPO = harness.REPO
harness.use_settings()
NOW = "2026-12-01T00:00:00+00:00"


def say(**fields) -> None:
    print(json.dumps({**fields, "load": os.getloadavg()[0]}, ensure_ascii=False), flush=True)


def write_notices(path: Path, n: int, now: datetime, prefix: str, seed: int) -> None:
    import make_search_corpus as corpus

    tenders, _awards = corpus.read_groups(harness.data_dir())
    words = corpus.vocabulary(tenders)
    # Tender notices only: a process whose last release awards it is an award notice, never in a feed.
    tenders = [g for g in tenders if not {"award", "contract", "awardUpdate"} & set(g[-1].get("tag") or [])]
    rng = random.Random(seed)
    written = number = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=3) as out:
        while written < n:
            number += 1
            for release in corpus.copy_group(rng.choice(tenders), number, words, rng, now, True, prefix):
                tender = release.setdefault("tender", {})
                tender["tenderPeriod"] = {"endDate": (now + timedelta(days=rng.uniform(7, 90))).isoformat()}
                if written < n:
                    out.write(json.dumps(release, ensure_ascii=False) + "\n")
                    written += 1


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, check=True)


def build(args) -> None:
    data = Path(os.environ.get("TENDERBRIDGE_VAR_DIR", REPO / "var")) / "feed-notices.jsonl.gz"
    data.parent.mkdir(parents=True, exist_ok=True)
    manage("migrate", "-v", "0")
    manage("import_taxonomy")
    harness.setup_django()
    from tenderbridge.matching.notices import open_notices
    from tenderbridge.opportunities import clock

    # Several real releases of one process compile to one notice, and some compile to an award notice: write
    # until --notices notices are open.
    round_ = 0
    while (have := open_notices(clock.now()).count()) < args.notices:
        round_ += 1
        write_notices(data, int((args.notices - have) * 1.12) + 1, datetime.fromisoformat(NOW), f"tbfeed{int(time.time())}",
                      10 + round_)
        manage("ingest", str(data), "--summary")
    manage("embed_notices")
    if not suppliers_exist():
        make_suppliers(Path(args.dev) / "asr-2016" / "P.jsonl", args.suppliers)


def suppliers_exist() -> bool:
    from tenderbridge.suppliers.models import SupplierProfile

    return SupplierProfile.objects.exists()


def make_suppliers(path: Path, n: int) -> None:
    from decimal import Decimal, InvalidOperation

    from django.db import transaction

    from tenderbridge.accounts.models import Organisation
    from tenderbridge.suppliers.models import PastContract, SupplierCategory, SupplierProfile

    rows = [json.loads(line) for line, _ in zip(path.open(encoding="utf-8"), range(n), strict=False)]
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [Organisation(name=f"{r['name'][:180]} #{i}", kind=Organisation.Kind.SUPPLIER, country=r.get("country") or "")
             for i, r in enumerate(rows)])
        profiles = SupplierProfile.objects.bulk_create(
            [SupplierProfile(organisation=o, name_en=r["name"][:200], country=(r.get("country") or "")[:2])
             for o, r in zip(orgs, rows, strict=True)])
        contracts, codes = [], []
        for profile, r in zip(profiles, rows, strict=True):
            for c in r.get("history", [])[:500]:
                try:
                    amount = Decimal(str(c["amount"])) if c.get("amount") not in (None, "") else None
                except InvalidOperation:
                    amount = None
                year = int(str(c.get("date") or "")[:4]) if str(c.get("date") or "")[:4].isdigit() else None
                contracts.append(PastContract(profile=profile, title=(c.get("title") or "")[:500], buyer=(c.get("buyer") or "")[:300],
                                              year=year, amount=amount, currency=(c.get("currency") or "") if amount else ""))
            codes += [SupplierCategory(profile=profile, code=code) for code in dict.fromkeys(r.get("unspsc", []))]
        PastContract.objects.bulk_create(contracts, batch_size=5000)
        SupplierCategory.objects.bulk_create(codes, batch_size=5000)
    say(step="suppliers written", suppliers=len(profiles), contracts=len(contracts), codes=len(codes))


def measure(args) -> None:
    harness.setup_django()
    from django.test import Client

    from tenderbridge.matching import notices, services
    from tenderbridge.matching.models import FeedItem
    from tenderbridge.opportunities.models import Notice
    from tenderbridge.suppliers.models import SupplierProfile

    ids = list(SupplierProfile.objects.order_by("pk").values_list("pk", flat=True))
    sample = random.Random(3).sample(ids, min(args.sample, len(ids)))
    started = time.perf_counter()
    index = notices.current()
    say(step="open notice index", notices=len(index.index), seconds=round(time.perf_counter() - started, 2))
    times = []
    for pk in sample:
        began = time.perf_counter()
        services.recompute_feed(pk)
        times.append((time.perf_counter() - began) * 1000)
    say(step="recompute_feed, one supplier against every open notice", suppliers=len(sample),
        p50_ms=round(statistics.median(times), 1), p95_ms=round(sorted(times)[int(len(times) * 0.95) - 1], 1),
        max_ms=round(max(times), 1))
    if not args.skip_full:
        began = time.perf_counter()
        services.recompute_feeds(ids)
        say(step="refresh_feeds: every supplier ranked against every open notice", suppliers=len(ids),
            seconds=round(time.perf_counter() - began, 1), items=FeedItem.objects.count())

    # Two ingests one after the other, as a worker meets them: the first update after the worker started
    # prepares every supplier; the next ones only those whose profile changed.
    for round_ in ("first after the worker started", "the next one"):
        data = Path(os.environ.get("TENDERBRIDGE_VAR_DIR", REPO / "var")) / "feed-new-notices.jsonl.gz"
        # several releases of one process make one notice: about 1.2 releases a notice among the tenders
        stamp = int(time.time())
        write_notices(data, int(args.new * 1.2), datetime.fromisoformat(NOW), f"tbnew{stamp}", stamp)
        before = set(Notice.objects.values_list("pk", flat=True))
        manage("ingest", str(data), "--summary")
        manage("embed_notices")
        new_ids = sorted(set(Notice.objects.values_list("pk", flat=True)) - before)
        began = time.perf_counter()
        report = services.update_feeds(new_ids)
        say(step=f"update_feeds after an ingest ({round_})", new_notices=len(new_ids),
            seconds=round(time.perf_counter() - began, 1), suppliers=report.suppliers, added=report.added,
            removed=report.removed)

    client, pages = Client(HTTP_HOST="localhost"), []
    from tenderbridge.accounts.models import User

    for pk in sample[:50]:
        profile = SupplierProfile.objects.select_related("organisation").get(pk=pk)
        user = User.objects.filter(memberships__organisation=profile.organisation).first()
        if user is None:
            user = User.objects.create_user(email=f"bench{pk}@example.org", password=None)
            profile.organisation.memberships.create(user=user, role="owner")
        client.force_login(user)
        began = time.perf_counter()
        response = client.get("/en/feed/")
        pages.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    say(step="feed page /en/feed/", pages=len(pages), p50_ms=round(statistics.median(pages), 1),
        p95_ms=round(sorted(pages)[int(len(pages) * 0.95) - 1], 1), bytes=len(response.content))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["build", "measure"])
    parser.add_argument("--notices", type=int, default=100_000)
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--dev", default=str(REPO / "var" / "matching-dev"))
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--skip-full", action="store_true", help="skip the full ranking of every supplier")
    args = parser.parse_args()
    os.environ.setdefault("DEMO_NOW", NOW)  # the notices are open at this moment
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")  # the feed page through the test client
    build(args) if args.step == "build" else measure(args)


if __name__ == "__main__":
    main()
