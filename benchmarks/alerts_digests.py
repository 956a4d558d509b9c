"""Alerts at scale: 10,000 suppliers with 3 saved searches each, after an ingest of 1,000 new notices.

    cp var/tenderbridge.sqlite3 var/bench/alerts.sqlite3      # the loaded demo (210,595 real notices)
    DATABASE_URL=sqlite:///var/bench/alerts.sqlite3 TENDERBRIDGE_VAR_DIR=var/bench/alerts-var \\
        .venv/bin/python benchmarks/alerts_digests.py [--suppliers 10000] [--new 1000] [--send 3000]

1. set-up (untimed): 10,000 supplier organisations, users and profiles, 3 daily alerts each, all due now, their
   searches drawn from a pool of real words of the notices (English and Chinese) and the list's filters; 1,000
   tender notices of the demo copied under new ocids, deadlines 7–90 days ahead, taken in by `manage.py ingest`
   and embedded (`manage.py embed_notices`) — what the worker does after an ingest;
2. timed: versions recorded, the 1,000 versions matched against the 30,000 alerts (one pass, matcher.py), every
   due alert's sending planned and queued for the task workers — "computed and queued";
3. recall: each alert's digest items against the saved search re-run over the new notices with the search's own
   parts — the database's full-text engine (search/backends: every notice with all the words), the filter masks
   over the in-memory columns (search/facets), the stored vectors — restricted to the new notices;
4. sending: two `db_worker` processes send --send of the queued digests to a local aiosmtpd; messages/s over the
   wall clock, and the Message-IDs counted for duplicates;
5. a supplier with 200 saved notices: its calendar, its ranked feed and one alert's Atom feed through Django's
   test client, p50 / p95 of 50 requests each.
Prints JSON lines with the load average (the machine is shared).
"""

import argparse
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tenderbridge.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WORDS_ZH = ["医用手套", "太阳能", "办公家具", "计算机", "车辆", "药品", "帐篷", "发电机", "咨询服务", "建筑工程"]
FILTERS = ["", "", "", "status=open", "notice_type=rfq", "notice_type=itb", "notice_type=rfp", "buyer_family=un",
           "segment=42000000", "segment=43000000", "segment=80000000", "closing=30", "country=KE", "source=ungm"]


def say(**fields) -> None:
    print(json.dumps({**fields, "load": round(os.getloadavg()[0], 2)}, ensure_ascii=False), flush=True)


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, check=True, stdout=subprocess.DEVNULL)


def write_new_notices(path: Path, n: int, seed: int) -> None:
    """Tender notices of the demo, copied under new ocids (their compiled release as one release)."""
    from django.utils import timezone

    from tenderbridge.opportunities.models import Notice

    rng, now = random.Random(seed), timezone.now()
    pool = list(Notice.objects.exclude(source__in=["asr", "nato"]).exclude(title="").values_list("pk", flat=True))
    chosen = rng.sample(pool, n)
    stamp = int(time.time())
    with gzip.open(path, "wt", encoding="utf-8") as out:
        releases = []
        for number, pk in enumerate(chosen):
            release = dict(Notice.objects.values_list("compiled_release", flat=True).get(pk=pk))
            release.pop("awards", None)
            release.pop("contracts", None)
            release["ocid"] = f"ocds-tbalert{stamp}-{number}"
            release["id"] = f"{release['ocid']}-r1"
            release["tag"] = ["tender"]
            release["date"] = now.isoformat()
            tender = release.setdefault("tender", {})
            tender["tenderPeriod"] = {"endDate": (now + timedelta(days=rng.uniform(7, 90))).isoformat()}
            tender.pop("status", None)
            releases.append(release)
        json.dump({"version": "1.1", "releases": releases}, out, ensure_ascii=False)


def query_pool(new_ids: list[int], rng: random.Random) -> list[str]:
    from urllib.parse import urlencode

    from tenderbridge.opportunities.models import Notice

    words = []
    for title in Notice.objects.filter(pk__in=new_ids).values_list("title", flat=True):
        words += [w.lower() for w in title.split() if w.isalpha() and len(w) > 4]
    pool = []
    for _ in range(600):
        kind = rng.random()
        q = rng.choice(WORDS_ZH) if kind < 0.3 else " ".join(rng.sample(words, 1 if kind < 0.8 else 2)) if words else ""
        extra = rng.choice(FILTERS)
        pool.append(urlencode({"q": q}) + (f"&{extra}" if extra else ""))
    return pool


def make_suppliers(n: int, pool: list[str], rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from tenderbridge.accounts.models import Membership, Organisation, User
    from tenderbridge.alerts.models import Alert, Recipient
    from tenderbridge.suppliers.models import SupplierProfile

    created = timezone.now() - timedelta(hours=1)
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create([Organisation(name=f"Bench supplier {i}", kind="supplier", country="CN")
                                                 for i in range(n)], batch_size=2000)
        users = User.objects.bulk_create([User(email=f"bench-alerts-{i}@example.org", username=f"bench-alerts-{i}@example.org",
                                               password="!") for i in range(n)], batch_size=2000)
        Membership.objects.bulk_create([Membership(user=u, organisation=o, role="owner") for u, o in zip(users, orgs, strict=True)],
                                       batch_size=2000)
        profiles = SupplierProfile.objects.bulk_create([SupplierProfile(organisation=o, name_en=o.name, country="CN")
                                                        for o in orgs], batch_size=2000)
        Recipient.objects.bulk_create([Recipient(user=u) for u in users], batch_size=2000)
        Alert.objects.bulk_create([Alert(user=u, profile=p, name=f"Search {k}", query=rng.choice(pool), frequency="daily",
                                         hour=8, language=rng.choice(["en", "zh-hans"]), time_zone="Asia/Shanghai",
                                         created=created, next_send=created)
                                   for u, p in zip(users, profiles, strict=True) for k in range(3)], batch_size=5000)
    say(step="suppliers written", suppliers=n, alerts=3 * n)


def reference(alert_queries: list[str], new_ids: list[int], now) -> dict[str, set[int]]:
    """Each saved search re-run over the new notices with the search's own parts (see the module docstring)."""
    import numpy as np
    from django.conf import settings

    from tenderbridge.alerts.matcher import ALERT_SIMILARITY
    from tenderbridge.alerts.services import saved_search
    from tenderbridge.search import embedding, facets, snapshot
    from tenderbridge.search.backends import get_backend
    from tenderbridge.search.engine import query_terms

    snap = snapshot.current()
    columns = snap.columns
    positions = columns.positions(new_ids)
    new_set, floor = set(new_ids), ALERT_SIMILARITY[settings.EMBEDDING_BACKEND]
    out = {}
    for query in set(alert_queries):
        search = saved_search("list", query).search
        masks = facets.filter_masks(columns, search.filters, now)
        passing = np.ones(len(positions), bool)
        for mask in masks.values():
            passing &= mask[positions]
        ids = {int(columns.ids[p]) for p, ok in zip(positions, passing, strict=True) if ok}
        if search.q:
            terms = query_terms(search.q)
            lexical = set(get_backend().match_all(terms, require_all=True)) & new_set if terms else set()
            meaning = set()
            if search.match != "words":
                qv = embedding.encoder().query(search.q)
                for p in positions:
                    if snap.vectors.present[p] and float(snap.vectors.matrix[p].astype(np.float32) @ qv) >= floor:
                        meaning.add(int(columns.ids[p]))
            ids &= lexical | meaning
        out[query] = ids
    return out


class Counting:
    def __init__(self):
        self.ids, self.lock, self.first, self.last = Counter(), threading.Lock(), None, None

    async def handle_DATA(self, server, session, envelope):
        import email

        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.ids[message["Message-ID"]] += 1
            self.first = self.first or time.perf_counter()
            self.last = time.perf_counter()
        return "250 OK"


def send_phase(count: int) -> None:
    from aiosmtpd.controller import Controller
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from tenderbridge.alerts import tasks
    from tenderbridge.alerts.models import Sending
    from tests.ops.subprocesses import free_port

    # The demo copy's own queued work (embeddings, feed rankings) is not what is measured: only sending.
    DBTaskResult.objects.filter(status="READY").exclude(task_path__startswith="tenderbridge.alerts.tasks.send").delete()
    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    pending = list(Sending.objects.filter(status="pending").order_by("pk").values_list("pk", flat=True))
    Sending.objects.filter(pk__in=pending[count:]).update(status="skipped", error="benchmark: not sent")
    with transaction.atomic():  # as tick_task queues them: BATCH sendings to a task
        for start in range(0, count, tasks.BATCH):
            tasks.send_batch_task.enqueue(pending[start : min(start + tasks.BATCH, count)])
    env = {**os.environ, "EMAIL_BACKEND": "smtp", "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(controller.port),
           "SITE_URL": "https://tenders.example.org"}
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0.05",
               "-v", "0"]
    began = time.perf_counter()
    workers = [subprocess.Popen([*command, "--worker-id", f"bench{i}"], cwd=REPO, env=env) for i in range(2)]
    for worker in workers:
        worker.wait()
    elapsed = time.perf_counter() - began
    controller.stop()
    sent = sum(handler.ids.values())
    say(step="digests sent by two db_workers to a local aiosmtpd", messages=sent, distinct=len(handler.ids),
        duplicates=sent - len(handler.ids), seconds=round(elapsed, 1), per_second=round(sent / elapsed, 1),
        per_second_first_to_last=round(sent / (handler.last - handler.first), 1) if sent > 1 else None,
        sendings_sent=Sending.objects.filter(status="sent").count())


def subscriptions_phase(new_ids: list[int]) -> None:
    from django.core.cache import cache
    from django.test import Client

    from tenderbridge.accounts.models import User
    from tenderbridge.alerts import reads
    from tenderbridge.matching.models import FeedItem, Mark

    user = User.objects.get(email="bench-alerts-0@example.org")
    profile = user.organisation.supplier_profile
    Mark.objects.bulk_create([Mark(profile=profile, notice_id=pk, state="saved") for pk in new_ids[:200]], ignore_conflicts=True)
    FeedItem.objects.bulk_create([FeedItem(profile=profile, notice_id=pk, score=1.0 - i / 1000) for i, pk in enumerate(new_ids[:100])],
                                 ignore_conflicts=True)
    page = reads.alerts_page(user)
    client = Client(HTTP_HOST="127.0.0.1")
    calendar = page.calendar_url.replace("webcal://", "https://")
    urls = {"calendar (200 saved), rendered each time (cache cleared)": calendar, "calendar (200 saved)": calendar,
            "ranked feed atom": page.feed_urls["atom"], "alert feed atom": page.rows[0].feed_urls["atom"]}
    for name, url in urls.items():
        path = "/" + url.split("/", 3)[3]
        times = []
        for _ in range(51):
            if "cache cleared" in name:
                cache.clear()
            began = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        times = sorted(times[1:])  # the first warms the process (the search index for the alert feed)
        say(step=f"served: {name}", requests=len(times), p50_ms=round(statistics.median(times), 1),
            p95_ms=round(times[int(len(times) * 0.95) - 1], 1), bytes=len(response.content))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--send", type=int, default=3000)
    parser.add_argument("--profile", help="write a cProfile of the timed phase (computed and queued) to this file")
    parser.add_argument("--only-send", action="store_true",
                        help="on a database a full run left: send --send of its digests again (phases 4 and 5)")
    args = parser.parse_args()
    manage("migrate", "-v", "0")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from tenderbridge.alerts import delivery, tasks, versions
    from tenderbridge.alerts.models import DigestItem, Sending
    from tenderbridge.opportunities.models import Notice

    if args.only_send:
        again = list(Sending.objects.filter(alert__name__startswith="Search ").order_by("pk").values_list("pk", flat=True)[: args.send])
        Sending.objects.filter(pk__in=again).update(status="pending", claimed=None, attempts=0, next_attempt=None, sent=None)
        send_phase(args.send)
        subscriptions_phase(sorted(Notice.objects.filter(ocid__startswith="ocds-tbalert").values_list("pk", flat=True)))
        return
    rng = random.Random(7)
    data = Path(os.environ.get("TENDERBRIDGE_VAR_DIR", REPO / "var")) / "alerts-new-notices.json.gz"
    data.parent.mkdir(parents=True, exist_ok=True)
    write_new_notices(data, args.new, seed=11)
    before = set(Notice.objects.values_list("pk", flat=True))
    manage("ingest", str(data), "--summary")
    manage("embed_notices")
    new_ids = sorted(set(Notice.objects.values_list("pk", flat=True)) - before)
    say(step="new notices ingested and embedded (untimed)", notices=len(new_ids), stored=Notice.objects.count())
    make_suppliers(args.suppliers, query_pool(new_ids, rng), rng)

    now = timezone.now()
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    began, cpu = time.perf_counter(), time.process_time()
    recorded = versions.record(new_ids, now)
    t_record = time.perf_counter()
    items = delivery.match_versions(now)
    t_match = time.perf_counter()
    planned = delivery.plan_digests(now)
    t_plan = time.perf_counter()
    with transaction.atomic():
        queued = tasks.queue_pending()
    done = time.perf_counter()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    say(step="digests computed and queued", versions=recorded, alerts=3 * args.suppliers, items=items,
        sendings=len(planned), queued_tasks=-(-queued // tasks.BATCH), queued=queued, seconds=round(done - began, 1),
        cpu_seconds=round(time.process_time() - cpu, 1), record_s=round(t_record - began, 2),
        match_s=round(t_match - t_record, 2), plan_s=round(t_plan - t_match, 2), queue_s=round(done - t_plan, 2))

    from tenderbridge.alerts.models import Alert

    alerts = list(Alert.objects.filter(name__startswith="Search ").values_list("pk", "query"))
    ref = reference([q for _pk, q in alerts], new_ids, now)
    got: dict[int, set[int]] = {}
    for alert_id, notice_id in DigestItem.objects.values_list("alert_id", "notice_id"):
        got.setdefault(alert_id, set()).add(notice_id)
    expected = sum(len(ref[q]) for _pk, q in alerts)
    found = sum(len(got.get(pk, set()) & ref[q]) for pk, q in alerts)
    extra = sum(len(got.get(pk, set()) - ref[q]) for pk, q in alerts)
    exact = sum(got.get(pk, set()) == ref[q] for pk, q in alerts)
    say(step="recall against the search re-run over the new notices", expected_items=expected, found=found,
        recall=round(found / expected, 4) if expected else None, extra_items=extra, alerts_exactly_equal=exact,
        alerts=len(alerts), distinct_searches=len(ref), with_items=sum(1 for pk, _q in alerts if got.get(pk)))
    send_phase(args.send)
    subscriptions_phase(new_ids)
    say(step="sendings by status", **dict(Counter(Sending.objects.values_list("status", flat=True))))


if __name__ == "__main__":
    main()
