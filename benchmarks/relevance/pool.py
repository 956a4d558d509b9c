"""Pool the candidates to judge: the top 20 of each ranker (the product — for searches also with the "open for
bids" filter —, BM25 alone, vectors alone) for every search and profile of the benchmark, plus a word scan (every
open notice whose title or description holds one of the query's own words), over the open notices of the
database the settings name.

    DEMO_NOW=2024-03-06T00:00:00Z .venv/bin/python benchmarks/relevance/pool.py [--out benchmarks/relevance/candidates.csv]

Writes candidates.csv (id, ocid, found_by: which rankers put it in their top 20, at which rank; "scan"; the
"judge" rows of the file it replaces — relevant notices the judge found outside the pool — are kept) and, for
the judge, var/relevance-batches/batch-NN.txt: 20 queries a file, each candidate with its title and the first
300 characters of its description; open.txt, every open notice; unjudged.txt, the candidates judgements.csv
does not grade yet (what a new pooling adds: judge those, append them to judgements.csv). No ranker score is
shown.
"""

import argparse
import csv
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tenderbridge.settings")

import django  # noqa: E402

django.setup()

from tenderbridge.lib import relevance as R  # noqa: E402
from tenderbridge.lib.relevance_baselines import words  # noqa: E402
from tenderbridge.opportunities import clock  # noqa: E402
from tenderbridge.relevance import evaluation, rankers  # noqa: E402

HERE = Path(__file__).resolve().parent
BATCH = 20


def scan(text: str, documents) -> list[str]:
    wanted = {w for w in words(text, for_query=True) if len(w) > 2 or not w.isascii()}
    return [d.ocid for d in documents if wanted & set(words(d.text))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(HERE / "candidates.csv"))
    parser.add_argument("--batches", default=str(REPO / "var" / "relevance-batches"))
    args = parser.parse_args()
    queries = R.read_queries(HERE / "queries.jsonl")
    profiles = R.read_profiles(HERE / "profiles.jsonl")
    now = clock.now()
    ranked = evaluation.rank_all(queries, profiles, now, depth=rankers.DEPTH, say=print)
    documents = rankers.open_documents(now)
    by_ocid = {d.ocid: d for d in documents}
    texts = {q.id: q.q for q in queries} | {p.id: rankers.profile_query(p) for p in profiles}
    pools: dict[str, dict[str, list[str]]] = {}
    for side in (ranked.search, ranked.feeds):
        for name, rankings in side.items():
            for ident, ocids in rankings.items():
                for rank, ocid in enumerate(ocids, 1):
                    if ocid in by_ocid:  # awards and closed notices are not judged
                        pools.setdefault(ident, {}).setdefault(ocid, []).append(f"{name}:{rank}")
    for ident, text in texts.items():
        for ocid in scan(text, documents):
            pools.setdefault(ident, {}).setdefault(ocid, []).append("scan")
    order = [q.id for q in queries] + [p.id for p in profiles]
    judge_found = []
    if Path(args.out).is_file():
        with open(args.out, encoding="utf-8", newline="") as handle:
            judge_found = [(r["id"], r["ocid"]) for r in csv.DictReader(handle) if r["found_by"] == "judge"]
    with open(args.out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "ocid", "found_by"])
        for ident in order:
            for ocid, found in sorted(pools.get(ident, {}).items()):
                writer.writerow([ident, ocid, " ".join(found)])
        writer.writerows([ident, ocid, "judge"] for ident, ocid in judge_found if ocid not in pools.get(ident, {}))
    out = Path(args.batches)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "open.txt", "w", encoding="utf-8") as handle:
        for d in documents:
            handle.write(f"{d.ocid} | {d.title} | {' '.join(d.description.split())[:300]}\n")
    for start in range(0, len(order), BATCH):
        with open(out / f"batch-{start // BATCH + 1:02d}.txt", "w", encoding="utf-8") as handle:
            for ident in order[start : start + BATCH]:
                handle.write(f"\n### {ident}: {texts[ident][:400]}\n")
                for ocid in sorted(pools.get(ident, {}), key=lambda o: by_ocid[o].title.lower()):
                    d = by_ocid[ocid]
                    handle.write(f"  {ocid} | {d.title[:120]} | {' '.join(d.description.split())[:300]}\n")
    judged = R.read_judgements(HERE / "judgements.csv") if (HERE / "judgements.csv").is_file() else {}
    unjudged = [(i, o) for i in order for o in sorted(pools.get(i, {})) if o not in judged.get(i, {})]
    with open(out / "unjudged.txt", "w", encoding="utf-8") as handle:
        for ident, ocid in unjudged:
            d = by_ocid[ocid]
            handle.write(f"{ident}: {texts[ident][:80]} || {ocid} | {d.title[:120]} | {' '.join(d.description.split())[:300]}\n")
    print(f"{len(unjudged)} candidates not judged yet → {out / 'unjudged.txt'}")
    print(f"{sum(map(len, pools.values()))} candidates for {len(order)} queries and profiles → {args.out}")


if __name__ == "__main__":
    main()
