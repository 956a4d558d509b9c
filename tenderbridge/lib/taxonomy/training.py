"""Training texts for the family classifier, built from the taxonomies themselves.

Every UNSPSC title (UNGM English, plus the v7 Chinese, Spanish, French and Portuguese titles where the
code still means the same) is rolled up to its family; segment titles go to every family of the segment
(so that a vague notice still lands in the right segment); CPV titles in English, Danish, Swedish,
Polish and Romanian reach UNSPSC families through the hand-written crosswalk, which is what gives the
model any Norwegian-like vocabulary.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from os import PathLike

from .classifier import FamilyClassifier
from .cpv import read_cpv_translations
from .crosswalk import cpv_to_unspsc, mapping_reaches_family
from .models import UnspscCode, UnspscV7Titles
from .unspsc import english_titles_agree, read_unspsc_segments_es, read_unspsc_v7, unspsc_with_chinese

SEGMENT_TITLE_WEIGHT = 0.5  # a segment title says less about any one family than the family's own titles


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    family: str  # 8-digit UNSPSC family code
    weight: float = 1.0


def _unspsc_examples(data_dir: str | PathLike[str]) -> Iterator[Example]:
    codes, _ = unspsc_with_chinese(data_dir)
    by_code = {c.code: c for c in codes}
    families = [c.code for c in codes if c.level == "family"]
    v7 = {row.code: row for row in read_unspsc_v7(data_dir)}
    segments_es = read_unspsc_segments_es(data_dir)
    for code in codes:
        family = code.code[:4] + "0000"
        if code.level != "segment" and family not in by_code:
            continue  # 18 humanitarian classes have no family in the UNGM set
        texts = [code.title_en, code.title_zh]
        row = v7.get(code.code)
        if row is not None and english_titles_agree(code.title_en, row.title_en):
            texts += [row.title_es, row.title_fr, row.title_pt]
        if code.level == "segment":
            texts.append(segments_es.get(code.code, ("", ""))[1])
            members = [f for f in families if f[:2] == code.code[:2]]
            yield from (Example(t, f, SEGMENT_TITLE_WEIGHT) for t in texts if t for f in members)
        else:
            yield from (Example(t, family) for t in texts if t)
    yield from _retired_v7_examples(v7, by_code)


def _retired_v7_examples(v7: dict[str, UnspscV7Titles], by_code: dict[str, UnspscCode]) -> Iterator[Example]:
    """Titles of v7 classes and commodities that UNGM no longer lists, under a family that kept its meaning.

    UNGM uses a subset of UNSPSC; the dropped codes still describe goods of the same family.
    """
    for code, row in v7.items():
        family = by_code.get(code[:4] + "0000")
        old_family = v7.get(code[:4] + "0000")
        if code in by_code or row.level in ("segment", "family") or family is None or old_family is None:
            continue
        if english_titles_agree(family.title_en, old_family.title_en):
            for text in (row.title_en, row.title_zh, row.title_es, row.title_fr, row.title_pt):
                if text:
                    yield Example(text, family.code)


def _cpv_examples(data_dir: str | PathLike[str]) -> Iterator[Example]:
    for code8, titles in read_cpv_translations(data_dir).items():
        targets = cpv_to_unspsc(code8)
        if not mapping_reaches_family(targets):
            continue  # a segment-only target says nothing about which family
        for text in titles.values():
            for family in targets:
                yield Example(text, family, 1.0 / len(targets))


def title_examples(data_dir: str | PathLike[str], cpv: bool = True) -> list[Example]:
    """All taxonomy-derived training examples (about 190,000 short texts)."""
    examples = list(_unspsc_examples(data_dir))
    if cpv:
        examples += _cpv_examples(data_dir)
    return examples


def train_from_titles(data_dir: str | PathLike[str], extra: list[Example] | None = None) -> FamilyClassifier:
    """A FamilyClassifier trained on the taxonomy titles (plus any labelled notices given as `extra`)."""
    examples = title_examples(data_dir) + (extra or [])
    return FamilyClassifier().fit(
        [e.text for e in examples], [e.family for e in examples], [e.weight for e in examples]
    )
