"""The market pre-aggregation's UN ASR totals against the source file's own sums (goal: within 0.1 %).

    TENDERBRIDGE_DATA_DIR=/work/shared/data .venv/bin/python benchmarks/market_totals.py

Reads un_asr_supplier_awards_2010_2016.csv in place and sums amount_usd three ways: every row; the rows the
ingest accepts (year, agency, vendor name and a decimal amount present); and those rows once per identity (the
ASR source stores rows identical in agency, year, country, vendor, description and amount once: docs/data-sources.md).
Compares each with the sum of the pre-aggregation's `asr` lines (built by `manage.py build_market`).
"""

import csv

import harness

harness.setup_django()

from django.db.models import Count, Sum  # noqa: E402

from tenderbridge.lib.sources.asr import Lookups  # noqa: E402
from tenderbridge.market.models import MarketAward  # noqa: E402

PATH = harness.data_dir() / "un-asr-supplier-awards-2010-2016" / "un_asr_supplier_awards_2010_2016.csv"


def file_sums() -> dict[str, float]:
    every = accepted = 0.0
    rows = kept = 0
    seen: set[tuple] = set()
    distinct = 0.0
    agencies = Lookups.beside(PATH).agencies
    with PATH.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            rows += 1
            try:
                amount = float(row["amount_usd"])
            except ValueError:
                continue
            every += amount
            if not (row["year"].strip() and row["agency"].strip() and row["vendor_name"].strip()):
                continue
            kept += 1
            accepted += amount
            agency = agencies.get(row["agency"].strip(), row["agency"].strip())
            key = (agency,) + tuple(row[name].strip() for name in ("year", "vendor_country", "vendor_name", "description")) + (amount,)
            if key not in seen:
                seen.add(key)
                distinct += amount
    return {"rows": rows, "accepted_rows": kept, "distinct_rows": len(seen), "every": every, "accepted": accepted, "distinct": distinct}


def main() -> None:
    sums = file_sums()
    ours = MarketAward.objects.filter(source="asr").aggregate(total=Sum("amount_usd"), lines=Count("id"))
    print(f"file rows {sums['rows']:,}; accepted {sums['accepted_rows']:,}; distinct {sums['distinct_rows']:,}; "
          f"pre-aggregation asr lines {ours['lines']:,}")
    for name in ("every", "accepted", "distinct"):
        diff = (ours["total"] - sums[name]) / sums[name] * 100
        print(f"file sum ({name} rows) USD {sums[name]:,.2f}; pre-aggregation USD {ours['total']:,.2f}; difference {diff:+.4f} %")


if __name__ == "__main__":
    main()
