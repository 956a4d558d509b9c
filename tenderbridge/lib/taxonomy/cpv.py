"""Readers for the EU Common Procurement Vocabulary (CPV 2008) in the shared data folder.

Files (cpv-2008/SOURCE.md): cpv_2008_en_ro.csv (9,454 codes, English and Romanian, derived from the
official SIMAP XML), cpv_2008_ver_2013_pl.csv (Polish, ";"-separated) and
cpv_2008_ver_2013_da_sv_plus_supplementary.xlsx (Danish and Swedish on its first sheet). The
translations feed the notice classifier: Danish and Swedish are close to Norwegian.
"""

import csv
import re
from collections.abc import Iterator
from os import PathLike
from pathlib import Path

from .models import CpvCode, CpvLevel
from .xlsx import read_rows

CPV_DIR = Path("cpv-2008")
EN_RO_CSV = CPV_DIR / "cpv_2008_en_ro.csv"
PL_CSV = CPV_DIR / "cpv_2008_ver_2013_pl.csv"
DA_SV_XLSX = CPV_DIR / "cpv_2008_ver_2013_da_sv_plus_supplementary.xlsx"

_CPV = re.compile(r"(\d{8})(?:-(\d))?")
_LEVELS: dict[int, CpvLevel] = {2: "division", 3: "group", 4: "class", 5: "category"}


def cpv_code8(code: str) -> str:
    """The 8 digits of a CPV code written as "03000000-1", "03000000" or " 03000000-1 "."""
    match = _CPV.fullmatch(code.strip())
    if not match:
        raise ValueError(f"not a CPV code: {code!r}")
    return match.group(1)


def significant_digits(code8: str) -> int:
    """How many leading digits carry meaning: 2 for a division … 8 for the finest subcategory."""
    return max(2, len(code8.rstrip("0")))


def cpv_level(code8: str) -> CpvLevel:
    # Digits 6–8 each refine a category further; CPV names them all "subcategory" here.
    return _LEVELS.get(significant_digits(code8), "subcategory")


def cpv_ancestors(code8: str) -> list[str]:
    """Codes of the possible ancestors, nearest first (a class "0311" has group "031", division "03")."""
    digits = significant_digits(code8)
    return [code8[:k].ljust(8, "0") for k in range(digits - 1, 1, -1)]


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _en_ro_rows(data_dir: str | PathLike[str]) -> Iterator[dict[str, str]]:
    with open(Path(data_dir) / EN_RO_CSV, encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def read_cpv(data_dir: str | PathLike[str]) -> Iterator[CpvCode]:
    """Yield the 9,454 CPV main-vocabulary codes with English titles, in file order.

    The parent is the nearest ancestor that exists: 35 codes skip a level (30192121 hangs off 30192100).
    """
    known = {row["code8"].strip() for row in _en_ro_rows(data_dir)}
    for row in _en_ro_rows(data_dir):
        code8 = cpv_code8(row["code"])
        parent = next((a for a in cpv_ancestors(code8) if a in known), None)
        yield CpvCode(
            code=row["code"].strip(),
            code8=code8,
            level=cpv_level(code8),
            parent=parent,
            title_en=_clean(row["title_en"]),
        )


def read_cpv_translations(data_dir: str | PathLike[str]) -> dict[str, dict[str, str]]:
    """code8 → {language: title} for en, ro, pl, da and sv, where the files give one."""
    titles: dict[str, dict[str, str]] = {}

    def put(code: str, lang: str, title: str) -> None:
        if _CPV.fullmatch(code.strip()) and _clean(title):
            titles.setdefault(cpv_code8(code), {})[lang] = _clean(title)

    for row in _en_ro_rows(data_dir):
        put(row["code"], "en", row["title_en"])
        put(row["code"], "ro", row["title_ro"])
    with open(Path(data_dir) / PL_CSV, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            put(row["CODE"], "pl", row["PL"])
    rows = read_rows(Path(data_dir) / DA_SV_XLSX, sheet=1)
    header = next(rows)
    columns = {name.strip().upper(): i for i, name in enumerate(header)}
    for row in rows:
        cells = row + [""] * (len(header) - len(row))
        for lang in ("da", "sv"):
            put(cells[columns["CODE"]], lang, cells[columns[lang.upper()]])
    return titles
