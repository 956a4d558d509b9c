"""Write N notices for the search benchmarks: the demo's real notices, replicated under new ocids with varied text
and spread-out dates, as OCDS releases in gzipped JSON Lines files that `manage.py ingest` reads (give it the
folder).

The real releases are read by the product's own source modules from every file the demo loads (UNGM, TED
eForms, UK and national OCDS publishers, NATO and UN ASR awards). Each copy gets a new ocid
("tbscale-0000001", …) and release ids of its own; a tenth of the words of its title and description are
swapped for words of other real notices, so copies are not duplicates for the engines. Tender copies get a
publication date in the three years before --now and a deadline 7–90 days later (a fifth are published in the
last 60 days, so some are open); award rows keep their years. --tender-share sets the mix of tenders (the demo
has ~1,300 distinct ones) and awards (~210,000).

--n counts notices (ocids), not releases: a real process with several releases is copied whole, so one notice
may be several lines. The output is a folder of files of --per-file notices each (ingest caps a gzip file at
4 GB unpacked, and 250,000 tender copies are ~2 GB).

    .venv/bin/python benchmarks/make_search_corpus.py --n 1000000 --out var/bench/corpus-1m
"""

import argparse
import copy
import gzip
import json
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import harness

REPO = harness.REPO

from tenderbridge.lib import sources  # noqa: E402
from tenderbridge.lib.sources.base import SourceRecord  # noqa: E402

AWARD_SOURCES = {"asr", "nato"}
SWAP_SHARE = 0.1


def read_groups(data: Path) -> tuple[list[list[dict]], list[list[dict]]]:
    """(tender groups, award groups): the real releases, grouped by ocid."""
    groups: dict[tuple[str, str], dict[str, dict]] = {}
    for relative in harness.demo_data():
        root = data / relative
        files = (
            sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".json", ".csv", ".xml"))
            if root.is_dir()
            else [root]
        )
        for path in files:
            try:
                source = sources.detect(path)
            except sources.FileRejected:
                continue
            for item in source.read(path):
                if isinstance(item, SourceRecord) and isinstance(item.release.get("ocid"), str):
                    release = item.release
                    key = ("award" if source.name in AWARD_SOURCES else "tender", release["ocid"])
                    groups.setdefault(key, {}).setdefault(str(release.get("id")), release)
    tenders = [list(g.values()) for (kind, _o), g in groups.items() if kind == "tender"]
    awards = [list(g.values()) for (kind, _o), g in groups.items() if kind == "award"]
    return tenders, awards


def vocabulary(groups: list[list[dict]]) -> list[str]:
    words = []
    for group in groups:
        tender = group[-1].get("tender") or {}
        for field in ("title", "description"):
            words += str(tender.get(field) or "").split()[:60]
    return [w for w in words if w.isalpha()]


def vary_text(text: str, words: list[str], rng: random.Random) -> str:
    tokens = text.split()
    for index in range(len(tokens)):
        if rng.random() < SWAP_SHARE:
            tokens[index] = rng.choice(words)
    return " ".join(tokens)


def shift(value, delta: timedelta):
    if not isinstance(value, str) or len(value) < 10:
        return value
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment + delta).isoformat()


def copy_group(group, number, words, rng, now, is_tender, prefix="tbscale") -> list[dict]:
    ocid = f"{prefix}-{number:07d}"
    copies = []
    delta = None
    if is_tender:
        recent = rng.random() < 0.2
        published = now - timedelta(days=rng.uniform(0, 60) if recent else rng.uniform(0, 3 * 365))
        first = shift(group[0].get("date"), timedelta(0))
        base = datetime.fromisoformat(first) if isinstance(first, str) and first[:4].isdigit() else published
        delta = published - base
    for release in group:
        release = copy.deepcopy(release)
        release["ocid"], release["id"] = ocid, f"{ocid}-{release.get('id')}"
        tender = release.get("tender")
        if isinstance(tender, dict):
            for field in ("title", "description"):
                if isinstance(tender.get(field), str):
                    tender[field] = vary_text(tender[field], words, rng)
            if delta is not None:
                tender["datePublished"] = shift(tender.get("datePublished"), delta)
                period = tender.get("tenderPeriod")
                if isinstance(period, dict):
                    period["endDate"] = (published + timedelta(days=rng.uniform(7, 90))).isoformat()
                    period.pop("startDate", None)
        if delta is not None:
            release["date"] = shift(release.get("date"), delta)
        copies.append(release)
    return copies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="notices (ocids) to write")
    parser.add_argument("--out", type=Path, required=True, help="a folder (created) for the part-NN.jsonl.gz files")
    parser.add_argument("--per-file", type=int, default=250_000, help="notices per file")
    parser.add_argument("--tender-share", type=float, default=0.5)
    parser.add_argument("--now", default="2026-12-01T00:00:00+00:00")
    parser.add_argument("--data", type=Path, default=harness.data_dir())
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--prefix", default="tbscale", help="of the new ocids")
    args = parser.parse_args()
    started = time.perf_counter()
    tenders, awards = read_groups(args.data)
    words = vocabulary(tenders)
    print(f"real groups: {len(tenders)} tenders, {len(awards)} awards; {time.perf_counter() - started:.0f} s")
    rng, now = random.Random(args.seed), datetime.fromisoformat(args.now)
    args.out.mkdir(parents=True, exist_ok=True)
    written = 0
    out = None
    try:
        for number in range(1, args.n + 1):
            if (number - 1) % args.per_file == 0:
                if out:
                    out.close()
                out = gzip.open(
                    args.out / f"part-{(number - 1) // args.per_file:02d}.jsonl.gz", "wt", encoding="utf-8",
                    compresslevel=3,
                )  # fmt: skip
            is_tender = rng.random() < args.tender_share
            group = rng.choice(tenders if is_tender else awards)
            for release in copy_group(group, number, words, rng, now, is_tender, args.prefix):
                out.write(json.dumps(release, ensure_ascii=False) + "\n")
                written += 1
    finally:
        if out:
            out.close()
    print(
        f"wrote {args.n} notices ({written} releases) to {args.out} in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
