"""Measure the UNSPSC family classifier on real labelled notices.

    .venv/bin/python benchmarks/taxonomy_classifier.py [DATA_DIR] [--protocol titles|titles+doffin|both] [--dev]

Test sets (never used to choose anything in the model):
- doffin-foucpv / doffin-alle: Norwegian Doffin notices labelled with one CPV code, truth = the CPV code
  mapped through our crosswalk. Only the held-out half (crc32 of the Doffin reference is odd) is scored.
  Where the crosswalk reaches only a UNSPSC segment (e.g. all of CPV 73 research), only the segment is scored.
- ungm: UNGM notices with their UNSPSC code lists (the 131 rows are 30 notices repeated; deduplicated here).
- ocds-colombia / ocds-paraguay / ocds-nsw: OCDS tenders whose items carry UNSPSC (Colombia gives only the
  Spanish UNSPSC title, matched back to a code; Paraguay's DNCP ids are a UNSPSC commodity plus a suffix).
Dev sets (used while building the model): the even half of Doffin, and English CPV-labelled UK notices
(Contracts Finder, Public Contracts Scotland, Sell2Wales) — printed only with --dev.

Protocols: "titles" trains on taxonomy titles only; "titles+doffin" adds the even (training) half of the
Doffin notices. A prediction is right at family level when a predicted family is one of the notice's
families, and at segment level likewise for segments (top-3 segments = the 3 best distinct segments).
A "majority" row per dataset (always answer its most frequent family/segment, counted on the test set
itself, so optimistic) is printed first for context.
"""

import argparse
import csv
import glob
import json
import re
import tempfile
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import harness

from tenderbridge.lib.taxonomy.classifier import FamilyClassifier  # noqa: E402
from tenderbridge.lib.taxonomy.crosswalk import cpv_to_unspsc  # noqa: E402
from tenderbridge.lib.taxonomy.training import Example, train_from_titles  # noqa: E402
from tenderbridge.lib.taxonomy.unspsc import read_unspsc_segments_es, read_unspsc_ungm, read_unspsc_v7  # noqa: E402

DOFFIN = "doffin-norway-notices-cpv-2020-2022"
OCDS = "ocds-real-examples-17-publishers-2014-2018"


@dataclass(frozen=True)
class Notice:
    key: str
    text: str
    families: frozenset[str]  # empty when the truth reaches only segments
    segments: frozenset[str]


def truth_from_unspsc(codes: list[str], families_known: set[str]) -> tuple[frozenset[str], frozenset[str]]:
    families = {c[:4] + "0000" for c in codes if c[2:4] != "00" and c[:4] + "0000" in families_known}
    segments = {c[:2] + "000000" for c in codes}
    return frozenset(families), frozenset(segments)


def is_test_half(key: str) -> bool:
    return zlib.crc32(key.encode("utf-8")) % 2 == 1


# -- Doffin -------------------------------------------------------------------------------------------


def load_doffin(data_dir: Path, name: str, families_known: set[str]) -> list[Notice]:
    notices = []
    with open(data_dir / DOFFIN / name, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            targets = cpv_to_unspsc(row["cpv"])
            if not targets:
                continue  # 6 notices have cpv "NA"
            text = " ".join(filter(None, [row["navn"], row.get("beskrivelse", "")]))
            families, segments = truth_from_unspsc(targets, families_known)
            if any(t[2:] == "000000" for t in targets):
                families = frozenset()  # part of the truth is only a segment: score segments only
            notices.append(Notice(row["doffin_referanse"], text, families, segments))
    return notices


# -- UNGM ---------------------------------------------------------------------------------------------


def load_ungm(data_dir: Path, families_known: set[str]) -> list[Notice]:
    path = data_dir / "ungm-tender-notices-2024-03" / "ungm_notices_2024-03_scraped_with_header.csv"
    seen: dict[str, Notice] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            codes = [c.strip() for c in row["unspsc_codes"].split(",") if re.fullmatch(r"\d{8}", c.strip())]
            if row["reference"] in seen or not codes:
                continue
            families, segments = truth_from_unspsc(codes, families_known)
            seen[row["reference"]] = Notice(row["reference"], f"{row['title']}. {row['description']}", families, segments)
    return list(seen.values())


# -- OCDS ---------------------------------------------------------------------------------------------


def _releases(document: dict) -> Iterator[dict]:
    """Releases of a release package, compiled releases of a record package, or a bare release."""
    for release in document.get("releases") or []:
        if isinstance(release, dict):
            yield release
    for record in document.get("records") or []:
        if isinstance(record.get("compiledRelease"), dict):
            yield record["compiledRelease"]
        for release in record.get("releases") or []:
            if isinstance(release, dict) and "tender" in release:
                yield release
    if isinstance(document.get("compiledRelease"), dict):
        yield document["compiledRelease"]
    if "ocid" in document and "tender" in document:
        yield document


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return " ".join(re.findall(r"[a-z0-9\ufffd]+", "".join(c for c in text if not unicodedata.combining(c))))


def spanish_title_index(data_dir: Path) -> dict[str, str]:
    """Folded Spanish UNSPSC title → code, from the OCP segment list and the v7 titles."""
    index = {_fold(es): code for code, (_, es) in read_unspsc_segments_es(data_dir).items()}
    for row in read_unspsc_v7(data_dir):
        if row.title_es:
            index.setdefault(_fold(row.title_es), row.code)
    return index


# Current Spanish UNSPSC titles Colombia uses that the 2005 v7 list words differently; translated by hand.
COLOMBIA_TITLES = {
    "reclutamiento de personal": "80111700",  # Personnel recruitment
    "servicios de comunicacion masiva": "83121700",  # Mass communication services
    "servicios de mantenimiento y reparacion de equipo de manufactura": "73152100",  # Manufacturing equipment maintenance and repair services
}


def colombia_code(description: str, index: dict[str, str]) -> str | None:
    """The code whose Spanish title is this description (mis-decoded letters, shown as U+FFFD, match any)."""
    folded = _fold(description)
    if folded in index or folded in COLOMBIA_TITLES:
        return index.get(folded) or COLOMBIA_TITLES[folded]
    pattern = re.compile(re.escape(folded).replace("\ufffd", "[a-z]{1,2}"))
    return next((code for title, code in index.items() if pattern.fullmatch(title)), None)


def _item_codes(release: dict, publisher: str, index: dict[str, str]) -> list[str]:
    codes = []
    for item in (release.get("tender") or {}).get("items") or []:
        classification = item.get("classification") or {}
        identifier = str(classification.get("id") or "").strip()
        if publisher == "paraguay":
            identifier = identifier[:8]  # "43221806-002": UNSPSC commodity + DNCP suffix
        elif classification.get("scheme") != "UNSPSC":
            continue
        if not re.fullmatch(r"\d{8}", identifier) and publisher == "colombia":
            identifier = colombia_code(str(classification.get("description") or ""), index) or ""
        if re.fullmatch(r"\d{8}", identifier):
            codes.append(identifier)
    return codes


def load_ocds(data_dir: Path, folder: str, families_known: set[str], index: dict[str, str]) -> list[Notice]:
    publisher = folder.split("/")[0]
    by_ocid: dict[str, tuple[str, set[str]]] = {}
    for path in sorted(glob.glob(str(data_dir / OCDS / folder / "**" / "*.json"), recursive=True)):
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        for release in _releases(document):
            tender = release.get("tender") or {}
            codes = _item_codes(release, publisher, index)
            text = " ".join(str(tender.get(k) or "") for k in ("title", "description"))
            ocid = str(release.get("ocid"))
            old_text, old_codes = by_ocid.get(ocid, ("", set()))
            by_ocid[ocid] = (max(old_text, text, key=len), old_codes | set(codes))
    notices = []
    for ocid, (text, codes) in by_ocid.items():
        if codes and text.strip():
            families, segments = truth_from_unspsc(sorted(codes), families_known)
            notices.append(Notice(ocid, text, families, segments))
    return notices


def load_uk_dev(data_dir: Path, families_known: set[str]) -> list[Notice]:
    notices: dict[str, Notice] = {}
    for path in sorted(glob.glob(str(data_dir / "ocds-uk-contracts-finder-2025q1-cfserver" / "*.json"))):
        with open(path, encoding="utf-8") as handle:
            for release in json.load(handle).get("releases", []):
                tender = release.get("tender") or {}
                cpv = str((tender.get("classification") or {}).get("id") or "")
                targets = cpv_to_unspsc(cpv)
                if not targets or release["ocid"] in notices:
                    continue
                families, segments = truth_from_unspsc(targets, families_known)
                if any(t[2:] == "000000" for t in targets):
                    families = frozenset()
                text = f"{tender.get('title') or ''}. {tender.get('description') or ''}"
                notices[release["ocid"]] = Notice(release["ocid"], text, families, segments)
    return list(notices.values())


# -- scoring ------------------------------------------------------------------------------------------


@dataclass
class Score:
    n: int = 0
    n_family: int = 0
    family_top1: int = 0
    family_top3: int = 0
    segment_top1: int = 0
    segment_top3: int = 0


def evaluate(model: FamilyClassifier, notices: list[Notice]) -> Score:
    score = Score()
    for notice in notices:
        ranked = [f for f, _ in model.predict(notice.text, k=len(model.families))]
        families = ranked[:3]
        segments = list(dict.fromkeys(f[:2] + "000000" for f in ranked))[:3]  # as predict_segments ranks them
        score.n += 1
        score.segment_top1 += segments[0] in notice.segments
        score.segment_top3 += bool(set(segments) & notice.segments)
        if notice.families:
            score.n_family += 1
            score.family_top1 += families[0] in notice.families
            score.family_top3 += bool(set(families) & notice.families)
    return score


def majority_baseline(notices: list[Notice]) -> Score:
    """Score of always answering the dataset's most frequent family (and segment), top 3 likewise."""
    family_counts = Counter(f for n in notices for f in n.families)
    segment_counts = Counter(s for n in notices for s in n.segments)
    families = [f for f, _ in family_counts.most_common(3)]
    segments = [s for s, _ in segment_counts.most_common(3)]
    score = Score()
    for notice in notices:
        score.n += 1
        score.segment_top1 += bool(segments) and segments[0] in notice.segments
        score.segment_top3 += bool(set(segments) & notice.segments)
        if notice.families:
            score.n_family += 1
            score.family_top1 += families[0] in notice.families
            score.family_top3 += bool(set(families) & notice.families)
    return score


def throughput(model: FamilyClassifier, texts: list[str]) -> tuple[float, float]:
    """predict(text, k=3) calls per second: first pass (cold word cache), then a second pass."""
    rates = []
    for _ in range(2):
        started = time.perf_counter()
        for text in texts:
            model.predict(text, k=3)
        rates.append(len(texts) / (time.perf_counter() - started))
    return rates[0], rates[1]


def _pct(hits: int, n: int) -> str:
    return f"{100 * hits / n:5.1f}%" if n else "    – "


def print_table(title: str, rows: list[tuple[str, Score]]) -> None:
    print(f"\n{title}")
    print(f"{'dataset':<22} {'n_fam':>5} {'fam@1':>6} {'fam@3':>6} {'n_seg':>5} {'seg@1':>6} {'seg@3':>6}")
    for name, s in rows:
        print(
            f"{name:<22} {s.n_family:>5} {_pct(s.family_top1, s.n_family)} {_pct(s.family_top3, s.n_family)} "
            f"{s.n:>5} {_pct(s.segment_top1, s.n)} {_pct(s.segment_top3, s.n)}"
        )


def doffin_examples(notices: list[Notice]) -> list[Example]:
    """Training examples from labelled notices (family-level truth only; each family gets a share)."""
    return [Example(n.text, f, 1.0 / len(n.families)) for n in notices for f in sorted(n.families)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = str(harness.data_dir())
    parser.add_argument("data_dir", nargs="?", default=default)
    parser.add_argument("--protocol", choices=["titles", "titles+doffin", "both"], default="both")
    parser.add_argument("--dev", action="store_true", help="also print the development sets")
    args = parser.parse_args()
    data_dir = Path(args.data_dir)

    families_known = {c.code for c in read_unspsc_ungm(data_dir) if c.level == "family"}
    index = spanish_title_index(data_dir)
    doffin = {name: load_doffin(data_dir, f"doffin_{name}.csv", families_known)
              for name in ("foucpv_17032020-17032022", "alle_19022022-19032022")}
    test_sets = [(f"doffin-{name.split('_')[0]} (test ½)", [n for n in ns if is_test_half(n.key)]) for name, ns in doffin.items()]
    test_sets += [
        ("ungm", load_ungm(data_dir, families_known)),
        ("ocds-colombia", load_ocds(data_dir, "colombia", families_known, index)),
        ("ocds-paraguay", load_ocds(data_dir, "paraguay", families_known, index)),
        ("ocds-nsw", load_ocds(data_dir, "australia", families_known, index)),
    ]
    doffin_train = {n.key: n for ns in doffin.values() for n in ns if not is_test_half(n.key)}
    dev_sets = [(f"dev doffin-{name.split('_')[0]} (train ½)", [n for n in ns if not is_test_half(n.key)])
                for name, ns in doffin.items()] + [("dev uk-cf/scot/wales", load_uk_dev(data_dir, families_known))]

    print_table("baseline: always the most frequent family / segment of each dataset (context, not a model)",
                [(name, majority_baseline(notices)) for name, notices in test_sets])
    protocols = ["titles", "titles+doffin"] if args.protocol == "both" else [args.protocol]
    models = {}
    for protocol in protocols:
        extra = doffin_examples(list(doffin_train.values())) if protocol == "titles+doffin" else []
        started = time.perf_counter()
        models[protocol] = model = train_from_titles(data_dir, extra)
        trained = time.perf_counter() - started
        sets = test_sets + (dev_sets if args.dev and protocol == "titles" else [])
        rows = [(name, evaluate(model, notices)) for name, notices in sets]
        print_table(f"protocol: {protocol} (trained in {trained:.0f} s on taxonomy titles + {len(extra)} notice examples)", rows)
    texts = [n.text for _, notices in test_sets for n in notices]
    cold, warm = throughput(FamilyClassifier.load(_saved(models[protocols[0]])), texts)
    mean_chars = sum(map(len, texts)) / len(texts)
    print(f"\nthroughput on the {len(texts)} test notices (mean {mean_chars:.0f} characters), model loaded from .npz: "
          f"{cold:.0f} predictions/s cold, {warm:.0f}/s warm")

def _saved(model: FamilyClassifier) -> Path:
    path = Path(tempfile.mkdtemp()) / "taxonomy_classifier.npz"
    model.save(path)
    return path

if __name__ == "__main__":
    main()
