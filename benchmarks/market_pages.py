"""Every market page's latency over the full demo data (goal: p95 ≤ 300 ms), and the pre-aggregation's build time.

    DEMO_NOW=2024-03-06T00:00:00Z .venv/bin/python benchmarks/market_pages.py [--runs 20] [--rebuild]

Runs Django's test client in-process against the demo database (var/), so the time is the page's own (queries,
template), without a network. Each page is timed twice over: "cold" with the market cache cleared before every
request (the figures computed from the tables), and "warm" (served from the cache, as after the first reader;
the unfiltered overview is warmed by every rebuild). --rebuild first times `services.rebuild()` (the whole
pre-aggregation, in one transaction) — minutes on the demo data. The machine is shared: say how busy it was.
"""

import argparse
import statistics
import time

import harness

harness.setup_django()

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from tenderbridge.accounts import personas  # noqa: E402
from tenderbridge.market import services  # noqa: E402
from tenderbridge.market.models import MarketAward, MarketCell  # noqa: E402


def pages() -> list[tuple[str, str, bool]]:
    """(label, url, signed in as the demo supplier)."""
    undp = MarketCell.objects.filter(buyer_name="UNDP").values_list("buyer_id", flat=True).first()
    nato = MarketCell.objects.filter(buyer_name__startswith="NATO").values_list("buyer_id", flat=True).first()
    busiest = (
        MarketAward.objects.suppliers_named().values_list("supplier_key", flat=True)
        .order_by("-id").first()
    )
    return [
        ("overview en", "/en/market/", False),
        ("overview zh", "/zh-hans/market/", False),
        ("overview year=2014 goods", "/en/market/?year=2014&kind=goods", False),
        ("overview for my company", "/zh-hans/market/", True),
        ("category segment 80 (services)", "/en/market/category/80000000/", False),
        ("category segment 42 (medical)", "/zh-hans/market/category/42000000/", False),
        ("category family 42130000", "/zh-hans/market/category/42130000/", False),
        ("agency UNDP", f"/en/market/agency/{undp}/", False),
        ("agency NSPA", f"/zh-hans/market/agency/{nato}/", False),
        ("supplier", f"/en/market/supplier/{busiest}/", False),
        ("csv agencies", "/en/market/?csv=agencies", False),
        ("api overview", "/api/v1/market/overview", False),
        ("api category 42", "/api/v1/market/category/42000000", False),
        ("api for-my-company", "/api/v1/market/for-my-company", True),
    ]


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]


def timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if args.rebuild:
        result = services.rebuild()
        print(f"rebuild: {result.lines:,} award lines, {result.cells:,} cells in {result.seconds:.1f} s")
    anonymous, supplier = Client(SERVER_NAME="127.0.0.1"), Client(SERVER_NAME="127.0.0.1")
    supplier.force_login(personas.ensure(personas.SUPPLIER_OWNER))
    print(f"{'page':34} {'cold p50':>9} {'cold p95':>9} {'warm p50':>9} {'warm p95':>9}  (ms)")
    for label, url, signed_in in pages():
        client = supplier if signed_in else anonymous
        cold = []
        for _ in range(args.cold_runs):
            cache.clear()
            cold.append(timed(client, url))
        warm = [timed(client, url) for _ in range(args.runs)]
        print(f"{label:34} {statistics.median(cold):9.0f} {p95(cold):9.0f} {statistics.median(warm):9.0f} {p95(warm):9.0f}")
    services.warm()


if __name__ == "__main__":
    main()
