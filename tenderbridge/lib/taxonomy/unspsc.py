"""Readers for the UNSPSC code sets in the shared data folder, and the English → Chinese title join.

Files (see each folder's SOURCE.md):
- unspsc-ungm-codeset/unspsc_ungm.csv: the code set UNGM uses (key, parent_key, code, parent_code,
  level, title). 13,317 rows = 10 UNGM "groups" A–J (not UNSPSC codes) + 13,307 coded rows, of which
  19 repeat a code already listed (same title, sometimes a different parent key) → 13,288 codes.
  Its parent column follows UNGM's own tree, which nests some families under families and leaves
  18 humanitarian classes (segment 57) pointing at keys that are not in the file, so parents are
  derived here from the code structure instead.
- unspsc-v7-multilingual-en-zh-openacs/unspsc_v7_0901_multilingual.csv: UNSPSC v7 (2005) with
  titles in seven languages, UTF-8, one code per row; used only as a translation dictionary.
- unspsc-segments-en-es-ocp/unspsc_segments_en_es.csv: 56 segment titles in English and Spanish.
"""

import csv
import difflib
import re
from collections import Counter
from collections.abc import Iterator
from os import PathLike
from pathlib import Path

from .models import UNSPSC_LEVELS, JoinReport, LevelJoinCounts, UnspscCode, UnspscLevel, UnspscV7Titles
from .zh_titles_supplement import CORRECTIONS, SUPPLEMENT

UNGM_CSV = Path("unspsc-ungm-codeset") / "unspsc_ungm.csv"
V7_CSV = Path("unspsc-v7-multilingual-en-zh-openacs") / "unspsc_v7_0901_multilingual.csv"
SEGMENTS_ES_CSV = Path("unspsc-segments-en-es-ocp") / "unspsc_segments_en_es.csv"

_CODE = re.compile(r"\d{8}")
_SPACES = re.compile(r"\s+")


def unspsc_level(code: str) -> UnspscLevel:
    """Level from the zero padding of an 8-digit code (SSFFCCMM)."""
    if not _CODE.fullmatch(code) or code.startswith("00"):
        raise ValueError(f"not an 8-digit UNSPSC code: {code!r}")
    if code[2:] == "000000":
        return "segment"
    if code[4:] == "0000":
        return "family"
    if code[6:] == "00":
        return "class"
    return "commodity"


def structural_ancestors(code: str) -> list[str]:
    """Ancestor codes implied by the code itself, nearest first (a commodity has class, family, segment)."""
    depth = UNSPSC_LEVELS.index(unspsc_level(code))
    return [code[: 2 * k].ljust(8, "0") for k in range(depth, 0, -1)]


def segment_of(code: str) -> str:
    return code[:2] + "000000"


def family_of(code: str) -> str | None:
    """The family a code belongs to (itself for a family); None for a segment."""
    return None if unspsc_level(code) == "segment" else code[:4] + "0000"


def _clean(text: str | None) -> str:
    # Titles carry stray double spaces and trailing blanks ("Foundry  machines", "Tabaco ").
    return _SPACES.sub(" ", (text or "").replace("\u3000", " ")).strip()


def _ungm_rows(data_dir: str | PathLike[str]) -> Iterator[dict[str, str]]:
    with open(Path(data_dir) / UNGM_CSV, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["level"] != "group":  # UNGM's A–J groups sit above the segments; not UNSPSC codes
                yield row


def read_unspsc_ungm(data_dir: str | PathLike[str]) -> Iterator[UnspscCode]:
    """Yield each UNSPSC code of the UNGM code set once, in file order, with English titles only.

    Two passes over the 0.9 MB file: the first collects the codes so that each parent can be the
    nearest ancestor that really exists (the 18 orphaned humanitarian classes hang off segment 57).
    """
    known = {row["code"] for row in _ungm_rows(data_dir)}
    seen: set[str] = set()
    for row in _ungm_rows(data_dir):
        code = row["code"].strip()
        if code in seen:
            continue  # 19 rows repeat an earlier code with the same title
        seen.add(code)
        parent = next((a for a in structural_ancestors(code) if a in known), None)
        yield UnspscCode(code=code, level=unspsc_level(code), parent=parent, title_en=_clean(row["title"]))


def read_unspsc_v7(data_dir: str | PathLike[str]) -> Iterator[UnspscV7Titles]:
    """Yield the rows of the 2005 multilingual list; empty titles become None."""
    with open(Path(data_dir) / V7_CSV, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code"].strip()
            yield UnspscV7Titles(
                code=code,
                level=unspsc_level(code),
                title_en=_clean(row["title_en"]),
                title_zh=_clean(row["title_zh"]) or None,
                title_es=_clean(row["title_es"]) or None,
                title_fr=_clean(row["title_fr"]) or None,
                title_pt=_clean(row["title_pt"]) or None,
            )


def read_unspsc_zh(data_dir: str | PathLike[str]) -> dict[str, str]:
    """Simplified-Chinese titles of UNSPSC v7 by code (19,683 of its 20,789 codes have one)."""
    return {row.code: row.title_zh for row in read_unspsc_v7(data_dir) if row.title_zh}


def read_unspsc_segments_es(data_dir: str | PathLike[str]) -> dict[str, tuple[str, str]]:
    """Segment code (8 digits) → (English title, Spanish title) from the OCP list."""
    with open(Path(data_dir) / SEGMENTS_ES_CSV, encoding="utf-8-sig", newline="") as handle:
        return {
            row["code"].strip().ljust(8, "0"): (_clean(row["description"]), _clean(row["description_es"]))
            for row in csv.DictReader(handle)
        }


_STOP = frozenset({"and", "or", "of", "for", "the", "a", "an", "in", "with", "to", "other", "general", "use"})


def _title_tokens(title: str) -> set[str]:
    tokens = set()
    for token in re.findall(r"[a-z0-9]+", title.lower()):
        if token not in _STOP:
            tokens.add(token[:-1] if len(token) > 3 and token.endswith("s") else token)
    return tokens


def english_titles_agree(current: str, old: str) -> bool:
    """Whether two English titles of one code name the same thing (so the old translation still fits).

    UNSPSC has reused or narrowed codes since v7 (42132201 was "Medical glove boxes", now an iron
    colorimetry reagent; 51100000 was all anti-infectives, now antiprotozoals). Token overlap catches
    rewording ("Castings" → "Castings and casting assemblies"); the character ratio catches spelling.
    """
    a, b = _title_tokens(current), _title_tokens(old)
    jaccard = len(a & b) / max(1, len(a | b))
    plain = [" ".join(re.findall(r"[a-z0-9]+", t.lower())) for t in (current, old)]
    return jaccard >= 0.5 or difflib.SequenceMatcher(None, *plain).ratio() >= 0.85


def _choose_zh(code: UnspscCode, v7: UnspscV7Titles | None) -> tuple[str | None, str]:
    """The Chinese title for one code and where it came from."""
    if code.code in CORRECTIONS:
        return CORRECTIONS[code.code], "corrected"
    if v7 is not None and v7.title_zh:
        if english_titles_agree(code.title_en, v7.title_en):
            return v7.title_zh, "from_v7"
        source = "rejected_v7"
    else:
        source = "not_in_v7"
    if code.code in SUPPLEMENT:
        return SUPPLEMENT[code.code], source
    return None, source


def unspsc_with_chinese(data_dir: str | PathLike[str]) -> tuple[list[UnspscCode], JoinReport]:
    """The UNGM code set with Chinese titles joined from v7 by code, plus hand-written titles.

    Order of preference: CORRECTIONS (v7 title wrong or stale), then v7 when the English titles still
    agree, then SUPPLEMENT (segments and families v7 lacks). Classes and commodities without an
    agreeing v7 title stay without a Chinese title.
    """
    v7 = {row.code: row for row in read_unspsc_v7(data_dir)}
    counts: dict[str, Counter[str]] = {level: Counter() for level in UNSPSC_LEVELS}
    joined = []
    for code in read_unspsc_ungm(data_dir):
        title_zh, source = _choose_zh(code, v7.get(code.code))
        tally = counts[code.level]
        tally["total"] += 1
        tally[source] += 1
        if source in ("rejected_v7", "not_in_v7") and title_zh:
            tally["supplemented"] += 1
        if title_zh:
            tally["with_zh"] += 1
        joined.append(UnspscCode(code.code, code.level, code.parent, code.title_en, title_zh))
    report = JoinReport({level: LevelJoinCounts(**counts[level]) for level in UNSPSC_LEVELS})
    return joined, report
