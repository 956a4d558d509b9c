"""How long the award import's candidate search takes on the full award data.

Needs a database with award data ingested (e.g. `manage.py ingest …/un_asr_supplier_awards_2010_2016.csv`);
uses the database the settings name (DATABASE_URL / TENDERBRIDGE_VAR_DIR). Each company gets a throw-away supplier
organisation inside a transaction that is rolled back, so nothing is left behind. The search scans supplier
parties by name prefix (index-assisted on PostgreSQL with a C collation; a scan on SQLite, whose LIKE is
case-insensitive), then keeps the exact name cores. On PostgreSQL run `ANALYZE` after a bulk ingest first (or
wait for autovacuum): with stale statistics it plans a hash join over every award.

    .venv/bin/python benchmarks/supplier_award_candidates.py [--runs 20]
"""

import argparse
import statistics
import time

import harness

harness.setup_django(LOG_LEVEL="WARNING")

from django.db import connection, transaction  # noqa: E402

from tenderbridge.accounts.models import Organisation  # noqa: E402
from tenderbridge.opportunities.models import Award, Party  # noqa: E402
from tenderbridge.suppliers import awards, services  # noqa: E402

# Real supplier names from the UN ASR data (as a company would type its own name), and one that is not there.
COMPANIES = [
    ("Peak International Trade (Tianjin) Co., Ltd.", "CN"),
    ("Haier Medical and Laboratory Products Co., Ltd.", "CN"),
    ("China National Medical Equipment Co., Ltd.", "CN"),
    ("Suzhou Medtex Co., Ltd. 苏州美德纺织有限公司", "CN"),
]


class Rollback(Exception):
    pass


def measure(name: str, country: str, runs: int) -> None:
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(name=name, kind="supplier", country=country)
            profile = services.profile_for(organisation)
            found = awards.find_candidates(profile)
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                awards.find_candidates(profile)
                times.append((time.perf_counter() - started) * 1000)
            chosen = [a.pk for a in found.awards][:100]
            started = time.perf_counter()
            result = services.do_import_awards(profile, chosen)
            imported_ms = (time.perf_counter() - started) * 1000
            times.sort()
            p95 = times[max(0, int(len(times) * 0.95) - 1)]
            print(
                f"{name[:48]:<48} parties {len(found.parties):>2}  awards {len(found.awards):>4}  "
                f"search median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
                f"import {result.created:>3} in {imported_ms:6.1f} ms"
            )
            raise Rollback
    except Rollback:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(
        f"database {connection.vendor}: {Party.objects.filter(is_supplier=True).count()} supplier parties, "
        f"{Award.objects.count()} awards"
    )
    for name, country in COMPANIES:
        measure(name, country, args.runs)


if __name__ == "__main__":
    main()
