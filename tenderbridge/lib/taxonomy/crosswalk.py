"""CPV 2008 → UNSPSC crosswalk at segment and family level (Django-free): the loader of
data/cpv_unspsc_crosswalk.csv (its provenance and review rules: data/README.md, docs/taxonomy.md).

Each row maps a CPV prefix (a division of 2 digits, a group of 3, a class of 4, a category of 5) to one UNSPSC
segment or family, ranked (1 = most likely); the CPV and UNSPSC titles ride along for review, and `review` says
why a mapping whose titles share few words is right. A CPV code resolves through its longest listed prefix.
"""

import csv
from pathlib import Path

from .cpv import cpv_code8

CROSSWALK_CSV = Path(__file__).with_name("data") / "cpv_unspsc_crosswalk.csv"
PREFIX_LENGTHS = (5, 4, 3, 2)  # tried longest first


def load_crosswalk(path: Path = CROSSWALK_CSV) -> dict[str, tuple[str, ...]]:
    """CPV prefix -> UNSPSC targets in rank order. Raises ValueError naming the line of a malformed row."""
    ranked: dict[str, list[tuple[int, str]]] = {}
    with open(path, newline="", encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            prefix, target = row["cpv_prefix"].strip(), row["unspsc"].strip()
            if not (prefix.isdigit() and len(prefix) in PREFIX_LENGTHS and target.isdigit() and len(target) == 8):
                raise ValueError(f"{path.name} line {line}: bad CPV prefix or UNSPSC code ({prefix!r}, {target!r})")
            ranked.setdefault(prefix, []).append((int(row["rank"]), target))
    return {prefix: tuple(t for _rank, t in sorted(targets)) for prefix, targets in ranked.items()}


def load_rows(path: Path = CROSSWALK_CSV) -> list[dict[str, str]]:
    """The crosswalk's rows as written (for the audit)."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


CPV_TO_UNSPSC: dict[str, tuple[str, ...]] = load_crosswalk()


def cpv_to_unspsc(cpv_code: str) -> list[str]:
    """UNSPSC segment/family codes for a CPV code ("45233120-6" or "45233120"), most specific mapping first.

    Returns [] for text that is not a CPV code or a division the table does not know.
    """
    try:
        code8 = cpv_code8(cpv_code)
    except ValueError:
        return []
    for length in PREFIX_LENGTHS:
        targets = CPV_TO_UNSPSC.get(code8[:length])
        if targets is not None:
            return list(targets)
    return []


def mapping_reaches_family(targets: list[str]) -> bool:
    """Whether every target is a family (so family-level accuracy can be scored against it)."""
    return bool(targets) and all(t[2:4] != "00" and t[4:] == "0000" for t in targets)
