"""Cross-lingual recall@10 of discovery on the database the settings name (DATABASE_URL).

    DATABASE_URL=sqlite:///var/bench/xl.sqlite3 .venv/bin/python benchmarks/search_crosslingual.py [--set dev|test|both]

The database must hold the notices of tests/search/crosslingual.py's CORPUS (ingested, embedded: see
docs/search.md for the commands), or more (the full demo data). For each Chinese query it runs the product's
discover() and counts the wanted notices among the first ten; it also reports the meaning-only ranking (the
query vector against every notice's, no words) and the words-only ranking, to show what each part brings.
`--kind` is the list's kind filter (opportunities, the product's default; awards; all), applied to all three.
"""

import argparse

import harness

harness.setup_django()

from tenderbridge.opportunities import clock  # noqa: E402
from tenderbridge.opportunities.filters import NoticeFilters, Search  # noqa: E402
from tenderbridge.opportunities.models import Notice  # noqa: E402
from tenderbridge.search import discover as discovery  # noqa: E402
from tenderbridge.search import embedding, facets, snapshot  # noqa: E402
from tenderbridge.search.backends import get_backend  # noqa: E402
from tenderbridge.search.engine import query_terms  # noqa: E402
from tests.search.crosslingual import DEV_QUERIES, QUERIES, recall_at  # noqa: E402


def evaluate(queries, ocid_of, kind: str = "") -> dict[str, float]:
    snap = snapshot.current()
    filters = NoticeFilters(kind=kind)
    allowed = discovery._passing(snap.size, facets.filter_masks(snap.columns, filters, clock.now()))
    totals = {"hybrid": 0.0, "meaning only": 0.0, "words only": 0.0}
    misses = []
    for query, wanted in queries:
        hybrid = [ocid_of[h.notice_id] for h in discovery.discover(Search(q=query, filters=filters), page_size=10).hits]
        near, _sims = discovery.nearest(snap.vectors, snap.size, embedding.encoder().query(query), allowed, k=10)
        meaning = [ocid_of[int(pk)] for pk in snap.columns.ids[near]]
        terms = query_terms(query)
        words = []
        if terms:
            ids = get_backend().match_all(terms, require_all=False)
            ids = ids[allowed[snap.columns.positions(ids)]]
            ranked = get_backend().rank(terms, require_all=False, limit=10, ids=ids) if len(ids) else []
            words = [ocid_of[pk] for pk, _score in ranked]
        for name, found in (("hybrid", hybrid), ("meaning only", meaning), ("words only", words)):
            totals[name] += recall_at(found, wanted)
        if recall_at(hybrid, wanted) < 1:
            misses.append((query, wanted, hybrid[:3]))
    return {name: value / len(queries) for name, value in totals.items()}, misses


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--kind", choices=["", "opportunities", "awards", "all"], default="")
    parser.add_argument("--misses", action="store_true", help="list the queries that missed a notice")
    args = parser.parse_args()
    ocid_of = dict(Notice.objects.values_list("pk", "ocid"))
    print(f"notices: {len(ocid_of)}; kind {args.kind or '(default)'}; similarity floor {discovery.SIMILARITY_FLOOR}")
    sets = {"dev": DEV_QUERIES, "test": QUERIES}
    for name in ("dev", "test") if args.set == "both" else (args.set,):
        recalls, misses = evaluate(sets[name], ocid_of, args.kind)
        shown = ", ".join(f"{k} {v:.3f}" for k, v in recalls.items())
        print(f"{name} ({len(sets[name])} queries) recall@10: {shown}")
        if args.misses:
            for miss in misses:
                print("   missed:", *miss)


if __name__ == "__main__":
    main()
