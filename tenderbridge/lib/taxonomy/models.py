"""Small immutable records for the two procurement taxonomies (UNSPSC and CPV).

They are plain dataclasses (no Django) so that readers, the crosswalk and the classifier can be
used and tested on their own; the Django app copies them into its tables.
"""

from dataclasses import dataclass
from typing import Literal

UnspscLevel = Literal["segment", "family", "class", "commodity"]
CpvLevel = Literal["division", "group", "class", "category", "subcategory"]

UNSPSC_LEVELS: tuple[UnspscLevel, ...] = ("segment", "family", "class", "commodity")
CPV_LEVELS: tuple[CpvLevel, ...] = ("division", "group", "class", "category", "subcategory")


@dataclass(frozen=True, slots=True)
class UnspscCode:
    code: str  # 8 digits, SSFFCCMM, zero padded ("42130000")
    level: UnspscLevel
    parent: str | None  # nearest existing ancestor code; None for segments
    title_en: str
    title_zh: str | None = None


@dataclass(frozen=True, slots=True)
class CpvCode:
    code: str  # with check digit, "03000000-1"
    code8: str  # "03000000"
    level: CpvLevel
    parent: str | None  # code8 of the nearest existing ancestor; None for divisions
    title_en: str
    title_zh: str | None = None  # no official Chinese CPV exists; kept for symmetry with UnspscCode


@dataclass(frozen=True, slots=True)
class UnspscV7Titles:
    """One row of the 2005 multilingual UNSPSC v7 list (used as a translation dictionary, by code)."""

    code: str
    level: UnspscLevel
    title_en: str
    title_zh: str | None
    title_es: str | None
    title_fr: str | None
    title_pt: str | None


@dataclass(frozen=True, slots=True)
class LevelJoinCounts:
    total: int = 0
    from_v7: int = 0  # Chinese title taken from UNSPSC v7 (code and English title agree)
    rejected_v7: int = 0  # v7 has the code with a Chinese title, but its English title means something else
    not_in_v7: int = 0  # code absent from v7, or present without a Chinese title
    corrected: int = 0  # v7 title replaced by a hand-written CORRECTIONS entry
    supplemented: int = 0  # filled from the hand-written SUPPLEMENT
    with_zh: int = 0  # final count with a Chinese title

    @property
    def without_zh(self) -> int:
        return self.total - self.with_zh


@dataclass(frozen=True, slots=True)
class JoinReport:
    by_level: dict[str, LevelJoinCounts]

    def as_table(self) -> str:
        head = (
            f"{'level':<10} {'total':>6} {'from_v7':>8} {'rejected':>8} {'not_in_v7':>9} "
            f"{'corrected':>9} {'supplement':>10} {'with_zh':>7} {'no_zh':>6}"
        )
        rows = [head]
        for level, c in self.by_level.items():
            rows.append(
                f"{level:<10} {c.total:>6} {c.from_v7:>8} {c.rejected_v7:>8} {c.not_in_v7:>9} "
                f"{c.corrected:>9} {c.supplemented:>10} {c.with_zh:>7} {c.without_zh:>6}"
            )
        return "\n".join(rows)
