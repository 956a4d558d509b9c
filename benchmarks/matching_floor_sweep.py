"""Choose `bm25_floor` (lib/matching/weights.py) on the tuning folds of the development set, the other weights held.

text_bm25 is BM25 divided by the best score of the query; with bm25_floor > 0 it is divided by at least that share
of an ideal match's score, so that a supplier whose best notice shares only a generic word does not get the full
weight for it (real profiles in a small index of open notices showed it: docs/matching.md). This measures what
each candidate value costs or gains on the development set, with the product's own scoring function, on the
tuning folds only (the held-out folds are evaluated once, afterwards, with evaluate_matching).

    .venv/bin/python benchmarks/matching_floor_sweep.py [--dev var/matching-dev] [--queries 600] [--floors 0,0.1,0.25]

Prints, per fold and direction, the MRR of each value, and the mean over the (fold, direction) pairs.
"""

import argparse
import json
import time
from pathlib import Path

import harness

REPO = harness.REPO
harness.use_settings()

TUNE_FOLDS = ["nato-2015", "nato-2016", "nato-2017", "nato-2018", "asr-2012", "asr-2013", "asr-2014", "asr-2015"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", default=str(REPO / "var" / "matching-dev"))
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--floors", default="0,0.05,0.1,0.25")
    parser.add_argument("--folds", default=",".join(TUNE_FOLDS))
    parser.add_argument("--keep-function-words", action="store_true",
                        help="match on every word, as before function words were dropped (for comparison)")
    args = parser.parse_args()
    harness.setup_django()
    if args.keep_function_words:
        from tenderbridge.lib import segment

        segment.FUNCTION_WORDS = frozenset()
    import numpy as np

    from tenderbridge.lib.matching import evaluation
    from tenderbridge.lib.matching.ranker import score_notices, score_suppliers
    from tenderbridge.lib.matching.weights import WEIGHTS
    from tenderbridge.matching.evaluation import evaluation_encoder, family_predictor

    floors = [float(f) for f in args.floors.split(",")]
    encoder, predict = evaluation_encoder(), family_predictor()
    table = {}
    for fold in args.folds.split(","):
        folder = Path(args.dev) / fold
        started = time.perf_counter()
        fold = harness.read_dev_fold(folder, predict, encoder)
        s_index, n_index, truth = fold.s_index, fold.n_index, fold.truth
        for direction in evaluation.DIRECTIONS:
            queries = evaluation._queries(direction, s_index, n_index, truth, 0, args.queries)
            mrr = {}
            for floor in floors:
                weights, total = WEIGHTS.with_(bm25_floor=floor), 0.0
                for row, true_rows in queries:
                    if direction == "notice-to-supplier":
                        scores = score_suppliers(n_index.notices[row], s_index, None, weights)
                    else:
                        scores = score_notices(s_index.entry(row), n_index, None, weights)
                    best = float(evaluation.ranks(scores, true_rows).min())
                    total += 1.0 / best if np.isfinite(best) else 0.0
                mrr[floor] = round(total / max(len(queries), 1), 4)
            table[(fold, direction)] = mrr
            print(json.dumps({"fold": fold, "direction": direction, "queries": len(queries), "mrr": mrr,
                              "seconds": round(time.perf_counter() - started, 1)}), flush=True)
    means = {floor: round(sum(m[floor] for m in table.values()) / len(table), 4) for floor in floors}
    print(json.dumps({"mean_mrr": means}))


if __name__ == "__main__":
    main()
