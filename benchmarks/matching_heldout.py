"""Held-out matching folds from publishers the ranker was never tuned on, and their figures: the product's
ranker, plain vector cosine, BM25 (and random, UNSPSC-only) on the same files.

    .venv/bin/python benchmarks/matching_heldout.py [--out var/matching-heldout] [--data-dir ../shared/data]

The ranker's weights were searched on UN ASR and NATO NSPA folds only (docs/matching.md). These folds are OCDS
publishers' awards with named suppliers:
- gacm-mx: Grupo Aeroportuario de la Ciudad de México (the new Mexico City airport; Spanish; consulting,
  engineering and construction services), ocds-real-examples-17-publishers-2014-2018/mexico/grupo-aeroportuario;
- uk-cf: UK Contracts Finder awards, 2020 (Bluetail's raw packages) and 2025 Q1 (cfserver), one publisher.

Each publisher's awards are too few for a time split (the UK sets share 3 suppliers), so the split is
leave-latest-out: a procurement (an ocid: its lots' and framework places' awards together) is one notice; every
supplier that won at least two has its latest (by date, then ocid) held out as a notice, and every supplier's
other procurements are its profile's history (titles only: what a supplier types as its
past contracts). A notice carries what a call for bids carries — the tender's title and description, the buyer,
the date, CPV codes as published (UK), an estimated value (the award's, to two significant digits) — never the
supplier. Its winners with a profile are its true pairs. Profiles get the families the product's classifier
predicts for their history as codes, as in matching_devset.py. Written under --out (never into git).

Then, per fold and direction, `lib/matching/evaluation.evaluate` — the function `manage.py evaluate_matching`
runs, same seed, same indexes — gives the product and its baselines, and on the same indexes this script adds
"cosine": the notice's sentence vector against the normalised mean of the supplier's past contracts' vectors
(the product's own `embedding_history` signal alone). `manage.py evaluate_matching --profiles …/P.jsonl
--notices …/N.jsonl --truth …/T.csv` prints the same product and BM25 figures.
"""

import argparse
import csv
import html
import json
import math
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tenderbridge.settings")

SOURCES = {
    "gacm-mx": ["ocds-real-examples-17-publishers-2014-2018/mexico/grupo-aeroportuario/sample/releases"],
    "uk-cf": ["ocds-uk-contracts-finder-bluetail-2020/ocds/json_1_1_raw", "ocds-uk-contracts-finder-2025q1-cfserver"],
}
COUNTRY = {"gacm-mx": "MX", "uk-cf": "GB"}
MAX_CODES = 10
KS = (1, 5, 10)


@dataclass(frozen=True)
class Award:
    key: str  # the ocid: one procurement (its awards together)
    date: str
    buyer: str
    title: str
    description: str
    amount: float | None
    currency: str
    cpv: tuple[str, ...]
    winners: tuple[tuple[str, str], ...]  # (normalised name, name as published)


def _releases(folder: Path):
    for path in sorted(folder.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        releases = data.get("releases", [data]) if isinstance(data, dict) else []
        yield from (r for r in releases if isinstance(r, dict))


def read_awards(folders: list[Path]) -> list[Award]:
    from tenderbridge.lib.ocds.normalise import normalise_name
    from tenderbridge.lib.textrepair import repair_mojibake

    def repair(text) -> str:  # "&amp;" and mojibake, as the ingest repairs them
        return html.unescape(repair_mojibake(str(text or "")))

    latest: dict[str, tuple[str, dict, dict]] = {}
    for folder in folders:
        for release in _releases(folder):
            for award in release.get("awards") or []:
                if not isinstance(award, dict) or not award.get("suppliers"):
                    continue
                key = f"{release.get('ocid')}/{award.get('id')}"
                stamp = release.get("date") or ""
                if key not in latest or stamp >= latest[key][0]:
                    latest[key] = (stamp, release, award)
    by_ocid: dict[str, list[tuple[str, dict, dict]]] = defaultdict(list)
    for key, entry in sorted(latest.items()):
        by_ocid[key.rsplit("/", 1)[0]].append(entry)
    out = []
    for ocid, entries in sorted(by_ocid.items()):
        # One procurement, one notice: its lots' and framework places' awards together (a supplier's history
        # never holds another award of the very tender it is to find).
        stamp, release, _award = max(entries, key=lambda e: e[0])
        tender = release.get("tender") or {}
        winners = tuple(dict.fromkeys(
            (normalise_name(repair(s.get("name") or "")), repair(s.get("name") or "").strip())
            for _s, _r, award in entries for s in award["suppliers"]
            if isinstance(s, dict) and (s.get("name") or "").strip()))
        first = entries[0][2]
        title = repair(tender.get("title") or first.get("title") or "").strip()
        if not winners or not title:
            continue
        amounts = [a.get("value", {}).get("amount") for _s, _r, a in entries if isinstance(a.get("value"), dict)]
        amounts = [a for a in amounts if isinstance(a, int | float)]
        currency = next((a["value"].get("currency") for _s, _r, a in entries
                         if isinstance(a.get("value"), dict) and a["value"].get("currency")), "")
        cpv = tuple(dict.fromkeys(
            c["id"] for item in tender.get("items") or [] if isinstance(item, dict)
            for c in [item.get("classification") or {}] if str(c.get("scheme", "")).upper() == "CPV" and c.get("id")))
        date = min((a.get("date") or "")[:10] for _s, _r, a in entries) or stamp[:10]
        out.append(Award(ocid, date, repair((release.get("buyer") or {}).get("name") or ""), title,
                         repair(tender.get("description") or "").strip(), max(amounts) if amounts else None,
                         currency or "", cpv, winners))
    return out


def estimate(amount) -> float | None:
    try:
        amount = float(amount)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(amount) or amount <= 0:
        return None
    return float(round(amount, 1 - int(math.floor(math.log10(amount)))))


def notice_release(notice_id: str, award: Award) -> dict:
    tender = {"id": notice_id, "title": award.title, "description": award.description,
              "items": [{"id": str(i), "description": award.title, "classification": {"scheme": "CPV", "id": code}}
                        for i, code in enumerate(award.cpv, 1)]}
    value = estimate(award.amount)
    if value is not None:
        tender["value"] = {"amount": value, "currency": award.currency or "GBP"}
    return {"ocid": notice_id, "id": f"{notice_id}-tender", "date": f"{award.date or '2000-01-01'}T00:00:00Z",
            "tag": ["tender"], "initiationType": "tender", "buyer": {"id": "buyer-1", "name": award.buyer},
            "parties": [{"id": "buyer-1", "name": award.buyer, "roles": ["buyer"]}], "tender": tender}


def write_fold(out: Path, name: str, awards: list[Award], predict) -> dict:
    by_supplier: dict[str, list[Award]] = defaultdict(list)
    names: dict[str, str] = {}
    for award in awards:
        for key, shown in award.winners:
            if key:
                by_supplier[key].append(award)
                names.setdefault(key, shown)
    held = {max(history, key=lambda a: (a.date, a.key)).key
            for history in by_supplier.values() if len({a.key for a in history}) >= 2}
    notices = [a for a in awards if a.key in held]
    profiles = {key: [a for a in history if a.key not in held] for key, history in sorted(by_supplier.items())}
    profiles = {key: history for key, history in profiles.items() if history}
    ids = {key: f"s{i:05d}" for i, key in enumerate(profiles)}
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "P.jsonl", "w", encoding="utf-8") as handle:
        for key, history in profiles.items():
            families = Counter(code for a in history for code in predict(a.title))
            handle.write(json.dumps({
                "id": ids[key], "name": names[key], "country": COUNTRY[name], "description": "",
                "unspsc": [code for code, _ in families.most_common(MAX_CODES)],
                "history": [{"title": a.title, "buyer": a.buyer, "date": a.date or None, "amount": a.amount,
                             "currency": a.currency} for a in sorted(history, key=lambda a: a.date)],
            }, ensure_ascii=False) + "\n")
    pairs, leaks = [], 0
    with open(folder / "N.jsonl", "w", encoding="utf-8") as handle:
        for i, award in enumerate(notices):
            notice_id = f"heldout-{name}-{i:05d}"
            handle.write(json.dumps(notice_release(notice_id, award), ensure_ascii=False) + "\n")
            for key, _shown in award.winners:
                if key in ids:
                    pairs.append((ids[key], notice_id))
                    leaks += len(key) >= 4 and key in (award.title + " " + award.description).casefold()
    with open(folder / "T.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["profile_id", "ocid"])
        writer.writerows(pairs)
    return {"fold": name, "procurements": len(awards), "profiles": len(profiles), "notices": len(notices),
            "true_pairs": len(pairs), "texts_naming_the_winner": int(leaks)}


def cosine_figures(folder: Path, predict, seed: int = 0) -> dict:
    """The product, its baselines (evaluate_matching's function) and plain vector cosine, on one fold."""
    from tenderbridge.lib.matching import evaluation
    from tenderbridge.matching.evaluation import evaluation_encoder

    profiles, _ = evaluation.read_profiles(folder / "P.jsonl")
    notices, _ = evaluation.read_notices(folder / "N.jsonl", predict)
    truth, _ = evaluation.read_truth(folder / "T.csv", {p.id for p in profiles}, {n.id for n in notices})
    profiles = evaluation.with_predicted_history(profiles, predict)
    encoder = evaluation_encoder(cache=True)
    result = evaluation.evaluate(profiles, notices, truth, ks=KS, seed=seed, encoder=encoder)
    s_index, n_index = evaluation.build_indexes(profiles, notices, seed, encoder)
    if hasattr(encoder, "save"):
        encoder.save()
    history = np.stack([s.history_vector for s in s_index.suppliers])
    vectors = np.stack([n.vector for n in n_index.notices])
    for direction, block in result["directions"].items():
        tally = evaluation._Tally(KS)
        for row, true_rows in evaluation._queries(direction, s_index, n_index, truth, seed, None):
            scores = history @ vectors[row] if direction == "notice-to-supplier" else vectors @ history[row]
            tally.add(evaluation.ranks(scores.astype(np.float64), true_rows))
        block["rankers"]["cosine"] = tally.result()
    return result


def main() -> None:
    # Quiet logs for the run only: set at import, the tests that import this file passed it to every server
    # they started afterwards (the gunicorn test lost its request log).
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "var" / "matching-heldout")
    parser.add_argument("--data-dir", type=Path, default=None, help="default: settings.DATA_DIR")
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings

    from tenderbridge.matching.evaluation import family_predictor

    data = args.data_dir or Path(settings.DATA_DIR)
    predict = family_predictor()
    if predict is None:
        sys.exit(f"The taxonomy classifier cannot be trained: no data folder at {settings.DATA_DIR}.")
    summary = []
    for name, folders in SOURCES.items():
        missing = [str(data / f) for f in folders if not (data / f).is_dir()]
        if missing:
            sys.exit(f"Not in the data folder: {', '.join(missing)} (give --data-dir).")
        row = write_fold(args.out, name, read_awards([data / f for f in folders]), predict)
        result = cosine_figures(args.out / name, predict)
        row["directions"] = {d: {"queries": b["queries"], "candidates": b["candidates"], **b["rankers"]}
                             for d, b in result["directions"].items()}
        summary.append(row)
        print(json.dumps(row, ensure_ascii=False))
    (args.out / "folds.json").write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
