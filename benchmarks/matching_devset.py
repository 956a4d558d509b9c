"""Build the matching development set (P.jsonl, N.jsonl, T.csv per fold) from the award histories in the data folder.

Time split, one fold per year Y+1: the suppliers' awards up to year Y are their profiles (history), the awards of
year Y+1 are the notices to find, each ranked among all notices of that year and all suppliers with a profile.

- UN ASR 2010–2016 (read with the product's ASR source, lib/sources/asr.py): folds asr-2012 … asr-2015 for tuning,
  asr-2016 held out.
- NATO NSPA 2008–2019 (lib/sources/nato.py): folds nato-2015 … nato-2018 for tuning, nato-2019 held out.
- The UK Contracts Finder awards are not used: the 2020 and 2025 sets share 3 suppliers, too few for a time split.

What each side carries (what a real open tender and a real supplier would know, nothing from the award itself):
- a notice: the buyer, the award's text as its title and item (the ASR's purchase description or category,
  NSPA's purpose), the year (or NSPA's half-year) as its date, and the amount rounded to two significant digits
  as an estimated value. Never the supplier, its country, the ASR table or NSPA's order type. Its id is a fresh
  neutral one (the source's ocid hashes the vendor's name).
- a profile: the vendor's name and country as published, no description, and as its UNSPSC codes the families
  that the product's taxonomy classifier predicts for its past contracts (what a supplier would register for),
  most frequent first, at most 10; its history: every award up to Y (title = the award text, buyer, date, amount,
  currency).
Suppliers are one per (normalised name, country), as the product deduplicates parties without identifiers.
Placeholder vendors ("Name withheld…", "Various") get no profile; their awards stay as notices without a winner.
Identical rows are one notice, as the product stores them.

    .venv/bin/python benchmarks/matching_devset.py [--out var/matching-dev] [--data-dir ../shared/data]

Writes only under --out (never into git); prints per fold the sizes and the leakage check (notices whose title
contains the winner's name).
"""

import argparse
import csv
import json
import math
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import harness

REPO = harness.REPO
harness.use_settings()

ASR_FILE = "un-asr-supplier-awards-2010-2016/un_asr_supplier_awards_2010_2016.csv"
NATO_FILE = "nato-nspa-awards-2008-2019/NATO.csv"
FOLDS = {
    "asr": {"tune": [2012, 2013, 2014, 2015], "held_out": [2016]},
    "nato": {"tune": [2015, 2016, 2017, 2018], "held_out": [2019]},
}
MAX_CODES = 10


@dataclass(frozen=True)
class Award:
    supplier: tuple[str, str]  # (normalised name, country) — who won
    name: str
    country: str
    buyer: str
    year: int
    date: str  # ISO date of the release (year or half-year start)
    text: str
    amount: float | None


def read_awards(source_name: str, path: Path) -> list[Award]:
    """The awards of a source file, read by the product's own source module."""
    from tenderbridge.lib.ocds.normalise import normalise_name
    from tenderbridge.lib.sources import asr, nato
    from tenderbridge.lib.sources.base import SourceRecord

    source = asr.SOURCE if source_name == "asr" else nato.SOURCE
    awards, seen = [], set()
    for item in source.read(path):
        if not isinstance(item, SourceRecord) or item.release["ocid"] in seen:
            continue  # identical rows share an ocid: one notice, as stored by the product
        release = item.release
        seen.add(release["ocid"])
        award = release["awards"][0]
        party = next(p for p in release["parties"] if "supplier" in p["roles"])
        address = party.get("address") or {}
        country = address.get("countryCode") or ""
        placeholder = (party.get("details") or {}).get("placeholderName") or asr.is_placeholder(party["name"])
        key = ("", "") if placeholder else (normalise_name(party["name"]), country or normalise_name(address.get("countryName", "")))
        amount = award.get("value", {}).get("amount")
        awards.append(Award(key, party["name"], country, release["buyer"]["name"], int(release["date"][:4]),
                            release["date"][:10], award.get("description") or "", amount))
    return awards


def estimate(amount: float | None) -> float | None:
    """The amount to two significant digits: an estimated value, not the award's exact figure."""
    if amount is None or not math.isfinite(amount) or amount <= 0:
        return None
    digits = 1 - int(math.floor(math.log10(amount)))
    return float(round(amount, digits))


def notice_release(notice_id: str, award: Award) -> dict:
    release = {
        "ocid": notice_id,
        "id": f"{notice_id}-tender",
        "date": f"{award.date}T00:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "language": "en",
        "buyer": {"id": "buyer-1", "name": award.buyer},
        "parties": [{"id": "buyer-1", "name": award.buyer, "roles": ["buyer", "procuringEntity"]}],
        "tender": {"id": notice_id, "title": award.text, "description": "",
                   "items": [{"id": "1", "description": award.text}] if award.text else []},
    }
    value = estimate(award.amount)
    if value is not None:
        release["tender"]["value"] = {"amount": value, "currency": "USD"}
    return release


def profile(supplier_id: str, history: list[Award], predict) -> dict:
    latest = max(history, key=lambda a: a.year)
    families = Counter(code for a in history for code in predict(a.text))
    return {
        "id": supplier_id,
        "name": latest.name,
        "country": latest.country,
        "description": "",
        "unspsc": [code for code, _ in families.most_common(MAX_CODES)],
        "history": [{"title": a.text, "description": "", "buyer": a.buyer, "date": a.date,
                     "amount": a.amount, "currency": "USD"} for a in sorted(history, key=lambda a: a.date)],
    }


def write_fold(out: Path, name: str, awards: list[Award], year: int, predict, seed: int) -> dict:
    rng = random.Random(f"{seed}-{name}")
    histories: dict[tuple, list[Award]] = defaultdict(list)
    for award in awards:
        if award.year < year and award.supplier[0]:
            histories[award.supplier].append(award)
    targets = [a for a in awards if a.year == year]
    suppliers = sorted(histories)
    rng.shuffle(suppliers)
    supplier_ids = {key: f"s{i:06d}" for i, key in enumerate(suppliers)}
    rng.shuffle(targets)
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "P.jsonl", "w", encoding="utf-8") as handle:
        for key in suppliers:
            handle.write(json.dumps(profile(supplier_ids[key], histories[key], predict), ensure_ascii=False) + "\n")
    pairs, leaks = [], 0
    with open(folder / "N.jsonl", "w", encoding="utf-8") as handle:
        for i, award in enumerate(targets):
            notice_id = f"dev-{name}-{i:06d}"
            handle.write(json.dumps(notice_release(notice_id, award), ensure_ascii=False) + "\n")
            if award.supplier in supplier_ids:
                pairs.append((supplier_ids[award.supplier], notice_id))
                leaks += _names_winner(award)
    with open(folder / "T.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["profile_id", "ocid"])
        writer.writerows(pairs)
    return {"fold": name, "profiles": len(suppliers), "notices": len(targets), "true_pairs": len(pairs),
            "notices_with_a_known_winner": len({n for _, n in pairs}),
            "suppliers_with_a_true_notice": len({s for s, _ in pairs}), "titles_naming_the_winner": leaks}


def _names_winner(award: Award) -> int:
    from tenderbridge.lib.ocds.normalise import normalise_name

    name = award.supplier[0]
    return int(len(name) >= 4 and name in normalise_name(award.text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "var" / "matching-dev")
    parser.add_argument("--data-dir", type=Path, default=None, help="default: settings.DATA_DIR")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    harness.setup_django()
    from django.conf import settings

    from tenderbridge.matching.evaluation import family_predictor

    data = args.data_dir or Path(settings.DATA_DIR)
    predict = family_predictor()
    if predict is None:
        sys.exit(f"The taxonomy classifier cannot be trained: no data folder at {settings.DATA_DIR}.")
    summary = []
    for source, files in (("asr", ASR_FILE), ("nato", NATO_FILE)):
        awards = read_awards(source, data / files)
        for split, years in FOLDS[source].items():
            for year in years:
                row = write_fold(args.out, f"{source}-{year}", awards, year, predict, args.seed)
                row["split"] = split
                summary.append(row)
                print(json.dumps(row))
    (args.out / "folds.json").write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
