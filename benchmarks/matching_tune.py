"""Choose the ranker's weights on the tuning folds of the development set (never the held-out ones).

For each tuning fold (benchmarks/matching_devset.py: asr-2012…2015, nato-2015…2018) and each direction, a seeded
sample of queries is scored with the product's own signal functions (lib/matching/signals.py, through
ranker.notice_signals / supplier_signals); per query the rows kept are the true ones plus the best POOL rows of
every signal (a row outside that pool is below the pool on every signal, so it rarely outranks a true row; the
figures here are for choosing only — the reported ones come from evaluate_matching). Then a coordinate search:
round after round, each weight in turn is set to each of its candidate values times the current one, and the
value with the best objective is kept. Objective: the mean MRR over the (fold, direction) pairs.

    .venv/bin/python benchmarks/matching_tune.py [--dev var/matching-dev] [--queries 600] [--rounds 3] [--reuse]

Searched: the weights of weights.py's "tuned" group except `code`. Held fixed: `code` (the development profiles'
codes are derived from their own histories, so the set cannot measure what declared codes are worth — the
unconstrained search drove it to 0 for +0.001 MRR), and the "not tuned" group (signals the set never shows).
Prints every step and the best weights; writes var/matching-tune.json, and the collected signals to
var/matching-tune-signals.pkl (--reuse starts from them).
"""

import argparse
import json
import pickle
import time
from pathlib import Path

import harness
import numpy as np

REPO = harness.REPO
harness.use_settings()

TUNE_FOLDS = ["asr-2012", "asr-2013", "asr-2014", "asr-2015", "nato-2015", "nato-2016", "nato-2017", "nato-2018"]
POOL = 200
FACTORS = (0.0, 0.25, 0.5, 0.75, 1.5, 2.0, 4.0)
START = 0.5  # a weight at 0 restarts from this when multiplied
FIXED_VALUES = {"code": 1.0, "local": 0.3, "sme": 0.2}


def collect(folder: Path, queries: int, encoder, predict, signals_names) -> list[dict]:
    from tenderbridge.lib.matching import evaluation, ranker

    fold = harness.read_dev_fold(folder, predict, encoder)
    s_index, n_index, truth = fold.s_index, fold.n_index, fold.truth
    blocks = []
    for direction in evaluation.DIRECTIONS:
        sample = evaluation._queries(direction, s_index, n_index, truth, 0, queries)
        stored = []
        for row, true_rows in sample:
            if direction == "notice-to-supplier":
                values = ranker.supplier_signals(n_index.notices[row], s_index)
            else:
                values = ranker.notice_signals(s_index.entry(row), n_index)
            size = len(values["days_left"])
            matrix = np.stack([np.zeros(size) if values[name] is None else values[name] for name in signals_names],
                              axis=1).astype(np.float32)
            pool = set(true_rows.tolist())
            for column in range(matrix.shape[1]):
                top = np.argpartition(-matrix[:, column], min(POOL, len(matrix) - 1))[:POOL]
                pool.update(top.tolist())
            rows = np.asarray(sorted(pool), dtype=np.int64)
            stored.append((matrix[rows], np.isin(rows, true_rows)))
        blocks.append({"fold": folder.name, "direction": direction, "queries": stored})
        print(f"{folder.name} {direction}: {len(stored)} queries", flush=True)
    return blocks


def measure(blocks: list[dict], w: np.ndarray) -> tuple[float, list[dict]]:
    per = []
    for block in blocks:
        rr, r5 = 0.0, 0.0
        for matrix, true in block["queries"]:
            scores = matrix @ w
            order = np.lexsort((np.arange(len(scores)), -scores))  # ties by row, as the ranker does
            rank = np.empty(len(scores), dtype=np.int64)
            rank[order] = np.arange(1, len(scores) + 1)
            true_ranks = rank[true]
            rr += 1.0 / true_ranks.min()
            r5 += float(np.mean(true_ranks <= 5))
        n = max(len(block["queries"]), 1)
        per.append({"fold": block["fold"], "direction": block["direction"], "mrr": rr / n, "recall@5": r5 / n})
    return float(np.mean([p["mrr"] for p in per])), per


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=REPO / "var" / "matching-dev")
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="start from the signals saved by the last run")
    parser.add_argument("--fix", action="append", default=[], metavar="NAME=VALUE",
                        help="hold one more weight at a value (repeatable)")
    args = parser.parse_args()
    fixed = dict(FIXED_VALUES, **{k: float(v) for k, v in (item.split("=") for item in args.fix)})
    harness.setup_django()
    from tenderbridge.lib.matching.signals import SIGNALS
    from tenderbridge.lib.matching.weights import WEIGHTS
    from tenderbridge.matching.evaluation import evaluation_encoder, family_predictor

    started = time.perf_counter()
    saved = REPO / "var" / "matching-tune-signals.pkl"
    if args.reuse and saved.exists():
        blocks = pickle.loads(saved.read_bytes())
    else:
        encoder, predict = evaluation_encoder(), family_predictor()
        blocks = [b for fold in TUNE_FOLDS for b in collect(args.dev / fold, args.queries, encoder, predict, SIGNALS)]
        saved.write_bytes(pickle.dumps(blocks))
    print(f"signals ready in {time.perf_counter() - started:.0f} s", flush=True)
    weights = np.asarray([fixed.get(name, getattr(WEIGHTS, name)) for name in SIGNALS], dtype=np.float64)
    best, per = measure(blocks, weights)
    log = [{"step": "start", "weights": dict(zip(SIGNALS, weights.tolist(), strict=True)), "objective": best}]
    print(f"start: mean MRR {best:.4f}", flush=True)
    for round_number in range(1, args.rounds + 1):
        for i, name in enumerate(SIGNALS):
            if name in fixed:
                continue
            current = weights[i]
            for factor in FACTORS:
                trial = weights.copy()
                trial[i] = (current or START) * factor
                score, _ = measure(blocks, trial)
                if score > best + 1e-5:
                    best, weights = score, trial
            print(f"round {round_number} {name}: {weights[i]:.4g} → mean MRR {best:.4f}", flush=True)
        log.append({"step": f"round {round_number}", "weights": dict(zip(SIGNALS, weights.tolist(), strict=True)),
                    "objective": best})
    best, per = measure(blocks, weights)
    for row in per:
        print(f"{row['fold']:<10} {row['direction']:<20} MRR {row['mrr']:.4f}  recall@5 {row['recall@5']:.4f}")
    print("weights:", json.dumps(dict(zip(SIGNALS, [round(x, 4) for x in weights.tolist()], strict=True))))
    out = REPO / "var" / "matching-tune.json"
    out.write_text(json.dumps({"log": log, "per_fold": per, "queries": args.queries, "pool": POOL, "fixed": fixed},
                              indent=1))


if __name__ == "__main__":
    main()
