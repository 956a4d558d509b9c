"""Cross-lingual recall@10 of discovery on the database the settings name (DATABASE_URL).

    DATABASE_URL=sqlite:///var/bench/xl.sqlite3 .venv/bin/python benchmarks/search_crosslingual.py [--set dev|test|both]

The database must hold the notices of tests/search/crosslingual.py's CORPUS (ingested, embedded: see
docs/search.md for the commands), or more (the full demo data). For each Chinese query it runs the product's
discover() and counts the wanted notices among the first ten; it also reports the meaning-only ranking (the
query vector against every notice's, no words) and the words-only ranking, to show what each part brings.
`--kind` is the list's kind filter (opportunities, the product's default; awards; all), applied to all three;
the status is "any" (open and closed: the sets' notices are historic), not the list's default of open notices.
It also reports, for the product, the share of the wanted notices found as close matches (above the "fewer
words matched" divider, search/relevance.py) and, with --similarities, the cosine of each wanted notice with
its query (to choose relevance.STRONG_SIMILARITY on the dev set).
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
    filters = NoticeFilters(kind=kind, status="any")
    allowed = discovery._passing(snap.size, facets.filter_masks(snap.columns, filters, clock.now()))
    totals = {"hybrid": 0.0, "meaning only": 0.0, "words only": 0.0, "close in top 10": 0.0}
    misses, similarities = [], []
    for query, wanted in queries:
        hits = discovery.discover(Search(q=query, filters=filters), page_size=10).hits
        hybrid = [ocid_of[h.notice_id] for h in hits]
        closes = [ocid_of[h.notice_id] for h in hits if h.close]
        totals["close in top 10"] += recall_at(closes, wanted)
        near, sims = discovery.nearest(snap.vectors, snap.size, embedding.encoder().query(query), allowed, k=200)
        for ocid in wanted:
            at = [i for i, pk in enumerate(snap.columns.ids[near].tolist()) if ocid_of[pk] == ocid]
            similarities.append((query, ocid, round(float(sims[at[0]]), 3) if at else None))
        near = near[:10]
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
    return {name: value / len(queries) for name, value in totals.items()}, misses, similarities


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--kind", choices=["", "opportunities", "awards", "all", "tenders"], default="")
    parser.add_argument("--strong", type=float, help="relevance.STRONG_SIMILARITY for the backend, for this run")
    parser.add_argument("--coverage", type=float, help="relevance.CLOSE_COVERAGE, for this run")
    parser.add_argument("--misses", action="store_true", help="list the queries that missed a notice")
    parser.add_argument("--similarities", action="store_true", help="each wanted notice's cosine with its query")
    args = parser.parse_args()
    if args.kind == "tenders":
        # Every notice but the rows of award statistics: what "opportunities" meant before 2026-12-08 (contract
        # award notices included, as many of the sets' notices are), to compare the ranking before and after.
        import numpy as np

        facets._is_award = lambda source, notice_type: np.isin(source, facets._award_sources())
        args.kind = "opportunities"
    if args.strong is not None:
        from django.conf import settings

        from tenderbridge.search import relevance

        relevance.STRONG_SIMILARITY[settings.EMBEDDING_BACKEND] = args.strong
    if args.coverage is not None:
        from tenderbridge.search import relevance

        relevance.CLOSE_COVERAGE = args.coverage
    ocid_of = dict(Notice.objects.values_list("pk", "ocid"))
    print(f"notices: {len(ocid_of)}; kind {args.kind or '(default)'}; similarity floor {discovery.SIMILARITY_FLOOR}")
    from tenderbridge.search import relevance

    print(f"strong similarity {relevance.STRONG_SIMILARITY}; close coverage {relevance.CLOSE_COVERAGE}")
    sets = {"dev": DEV_QUERIES, "test": QUERIES}
    for name in ("dev", "test") if args.set == "both" else (args.set,):
        recalls, misses, similarities = evaluate(sets[name], ocid_of, args.kind)
        shown = ", ".join(f"{k} {v:.3f}" for k, v in recalls.items())
        print(f"{name} ({len(sets[name])} queries) recall@10: {shown}")
        if args.misses:
            for miss in misses:
                print("   missed:", *miss)
        if args.similarities:
            found = sorted(s for _q, _o, s in similarities if s is not None)
            print(f"   wanted notices' cosine (in the 200 nearest: {len(found)} of {len(similarities)}):", found)


if __name__ == "__main__":
    main()
