"""The result of a readiness check, computed from its answers: the level the firm is ready for, a score per
level, the gaps in order and the next three actions. Pure: no database access (the caller loads the rows).

An item counts as met when the firm answers "yes" and, for an item that needs a document, has uploaded one.
A level is ready when every item of it and of the levels below is met. Gaps are ordered by level (the lowest
first: Basic gaps block everything), then by weight (heaviest first), then by the set's order.
"""

from dataclasses import dataclass

from .models import LEVEL_ORDER, Answer, Level, Requirement

NEXT_ACTIONS = 3


@dataclass(frozen=True)
class ItemState:
    requirement: Requirement
    status: str
    from_profile: bool
    documents: int
    answer: Answer | None = None  # the row, for pages that list its documents and note

    @property
    def met(self) -> bool:
        answered_yes = self.status == Answer.Status.MET
        return answered_yes and (self.documents > 0 or not self.requirement.evidence_required)

    @property
    def needs_document(self) -> bool:
        return self.status == Answer.Status.MET and not self.met


@dataclass(frozen=True)
class LevelScore:
    level: str
    label: str
    score: int  # 0–100: the share of the level's weight that is met
    met: int
    total: int
    ready: bool


@dataclass(frozen=True)
class Result:
    ready_level: str  # "" when not even Basic is ready
    ready_label: str
    score: int  # 0–100 over every level
    levels: list[LevelScore]
    items: list[ItemState]
    gaps: list[ItemState]
    next_actions: list[ItemState]


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 100


def compute(items: list[ItemState]) -> Result:
    levels, ready_so_far, ready_level = [], True, ""
    for level in LEVEL_ORDER:
        of_level = [item for item in items if item.requirement.level == level]
        total = sum(item.requirement.weight for item in of_level)
        met = sum(item.requirement.weight for item in of_level if item.met)
        ready_so_far = ready_so_far and all(item.met for item in of_level)
        if ready_so_far:
            ready_level = level
        levels.append(LevelScore(level, str(Level(level).label), _percent(met, total), met, total, ready_so_far))
    rank = {level: index for index, level in enumerate(LEVEL_ORDER)}
    gaps = sorted(
        (item for item in items if not item.met),
        key=lambda i: (rank[i.requirement.level], -i.requirement.weight, i.requirement.order, i.requirement.pk),
    )
    total = sum(item.requirement.weight for item in items)
    met = sum(item.requirement.weight for item in items if item.met)
    return Result(
        ready_level=ready_level,
        ready_label=str(Level(ready_level).label) if ready_level else "",
        score=_percent(met, total),
        levels=levels,
        items=items,
        gaps=gaps,
        next_actions=gaps[:NEXT_ACTIONS],
    )
