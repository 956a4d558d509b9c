"""Ranking speed: one supplier against 100,000 notices, and the feeds of 10,000 suppliers after 1,000 new notices.

Notices are the UN ASR awards of the data folder turned into open notices the way the development set does it
(benchmarks/matching_devset.py: award text as title, agency as buyer, rounded amount as value, no supplier), each
with the family the product's classifier predicts, a publication date in 2016 and a deadline spread over the
next 60 days (a tenth already past). There are 207,581 ASR rows, so the first 100,000 distinct ones are used as
they are. Their vectors are computed once (cached like evaluate_matching's) and passed in, as the product passes
the vectors discovery stores. Suppliers are the profiles of the asr-2016 development fold (real award histories).

1. NoticeIndex.build over 100,000 notices (with their vectors) — once per ingest in the product;
2. rank_notices(prepared supplier, index, now, k=20) for --suppliers random suppliers: p50 / p95 / max ms
   (explanations included); for the 20 with the longest histories; and from a bare SupplierFeatures (its texts
   encoded in the call);
3. SupplierIndex.build for 10,000 suppliers (kept between ingests), then, for 1,000 new notices, NoticeIndex.build
   + rank_feeds (k=20 for each of the 10,000): seconds.

    .venv/bin/python benchmarks/matching_speed.py [--notices 100000] [--suppliers 200] [--feed-suppliers 10000]
"""

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import harness
import numpy as np

REPO = harness.REPO
harness.use_settings()
NOW = datetime(2016, 6, 1, tzinfo=UTC)


def notices_from_asr(data: Path, n: int, predict) -> list:
    from benchmarks.matching_devset import ASR_FILE, estimate, read_awards
    from tenderbridge.lib.matching.features import NoticeFeatures

    rng = np.random.default_rng(3)
    out = []
    for i, award in enumerate(read_awards("asr", data / ASR_FILE)[:n]):
        value = estimate(award.amount)
        out.append(NoticeFeatures(
            id=f"bench-{i}", title=award.text, buyer=award.buyer, date=NOW - timedelta(days=int(rng.integers(0, 30))),
            deadline=NOW + timedelta(days=float(rng.uniform(-6, 60))), notice_type="rfq",
            predicted_unspsc=predict(award.text), value=None if value is None else Decimal(str(value)),
            currency="USD"))
    return out


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notices", type=int, default=100_000)
    parser.add_argument("--suppliers", type=int, default=200)
    parser.add_argument("--feed-suppliers", type=int, default=10_000)
    parser.add_argument("--new-notices", type=int, default=1_000)
    parser.add_argument("--dev", type=Path, default=REPO / "var" / "matching-dev" / "asr-2016")
    args = parser.parse_args()
    harness.setup_django()
    from django.conf import settings

    from tenderbridge.lib.matching import evaluation
    from tenderbridge.lib.matching.index import NoticeIndex, SupplierIndex, encode, notice_text
    from tenderbridge.lib.matching.ranker import rank_feeds, rank_notices
    from tenderbridge.lib.matching.weights import WEIGHTS
    from tenderbridge.matching.evaluation import evaluation_encoder, family_predictor

    predict, encoder = family_predictor(), evaluation_encoder()
    notices = notices_from_asr(Path(settings.DATA_DIR), args.notices, predict)
    vectors, seconds = timed(encode, [notice_text(n) for n in notices], encoder)
    encoder.save()
    print(f"{len(notices):,} notices; vectors ready in {seconds:.1f} s (cached after the first run)")
    index, seconds = timed(NoticeIndex.build, notices, vectors)
    print(f"NoticeIndex.build({len(index):,} notices, vectors given): {seconds:.1f} s")

    profiles, _ = evaluation.read_profiles(args.dev / "P.jsonl")
    profiles = evaluation.with_predicted_history(profiles, predict)
    rng = np.random.default_rng(5)
    chosen = [profiles[i] for i in rng.choice(len(profiles), size=args.suppliers, replace=False)]
    sample = SupplierIndex.build(chosen, encoder)
    rank_notices(sample.entry(0), index, NOW, 20)  # warm caches built on first use (buyer groups, levels)
    times = []
    for row in range(len(sample)):
        _, seconds = timed(rank_notices, sample.entry(row), index, NOW, 20)
        times.append(seconds * 1000)
    times.sort()
    print(f"rank_notices, prepared supplier, {len(index):,} notices, k=20: p50 {statistics.median(times):.1f} ms, "
          f"p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms, max {times[-1]:.1f} ms over {len(times)} suppliers "
          f"(history {statistics.median(len(s.history) for s in chosen):.0f} contracts median, "
          f"{max(len(s.history) for s in chosen)} max)")
    longest = sorted(profiles, key=lambda p: -len(p.history))[:20]  # the heaviest histories (up to 500 kept)
    heavy_index = SupplierIndex.build(longest, encoder)
    heavy = sorted(timed(rank_notices, heavy_index.entry(row), index, NOW, 20)[1] * 1000 for row in range(len(heavy_index)))
    print(f"rank_notices for the {len(heavy)} suppliers with the longest histories "
          f"({min(len(p.history) for p in longest)}–{max(len(p.history) for p in longest)} contracts): "
          f"p50 {statistics.median(heavy):.1f} ms, max {heavy[-1]:.1f} ms")
    bare = []
    for supplier in chosen[:50]:
        _, seconds = timed(rank_notices, supplier, index, NOW, 20, WEIGHTS, encoder)
        bare.append(seconds * 1000)
    bare.sort()
    print(f"rank_notices from a bare SupplierFeatures (texts encoded in the call): p50 {statistics.median(bare):.1f} ms, "
          f"p95 {bare[int(0.95 * (len(bare) - 1))]:.1f} ms over {len(bare)}")

    feed_profiles = [profiles[i] for i in rng.choice(len(profiles), size=min(args.feed_suppliers, len(profiles)), replace=False)]
    suppliers, seconds = timed(SupplierIndex.build, feed_profiles, encoder)
    encoder.save()
    print(f"SupplierIndex.build({len(suppliers):,} suppliers): {seconds:.1f} s (kept between ingests)")
    fresh = slice(0, args.new_notices)
    started = time.perf_counter()
    new_index = NoticeIndex.build(notices[fresh], vectors[fresh])
    feeds = rank_feeds(suppliers, new_index, NOW, 20)
    seconds = time.perf_counter() - started
    print(f"feeds of {len(feeds):,} suppliers over {len(new_index):,} new notices (index + rank_feeds, k=20): "
          f"{seconds:.1f} s")


if __name__ == "__main__":
    main()
