"""One notice per procurement: which stored notices are the same tender published more than once (Django-free).

Publishers put one procurement out under several ocids (the UK's Contracts Finder feed carries each process as
`ocds-b5fd17bodsmatch-<uuid>`, `…suppliermatch-<uuid>` and `…raw-<uuid>`; some publishers repeat a notice under a
new id). The rule set (docs/decisions/0015-one-notice-per-procurement.md has its measured precision):

1. Candidates share a block: the same buyer (normalised name) and the same normalised title (`block_key`).
   UN ASR and NATO award rows never take part: identical rows there are kept as separate awards by design
   (lib/sources/asr.py), and their titles ("Orders Awarded") are categories, not tenders.
2. Within a block, two notices are the same procurement when they are at the same stage (both awards, or both
   not) and either
   a. their ocids carry the same process id (the text after the publisher's prefix, `_process_id`), or
   b. all of: deadlines within a day of each other (or neither has one and they were published within
      PUBLISHED_DAYS days); descriptions of at least MIN_DESCRIPTION characters each and near-identical
      (rapidfuzz ratio >= DESCRIPTION_RATIO on the normalised text); values equal, or one of them unknown; for
      awards, the same named suppliers (awards without named suppliers are never merged by content).
   Titles alone are not enough: a buyer's plan lines (Armenia's ministry publishes 22 lines titled "Health and
   laboratory materials" in one second) and one framework's lots share titles and dates but not descriptions.
3. Groups are the connected sets of such pairs. Each group's canonical notice is the one with the longest
   description, then the most documents, then the latest publication, then the lowest id (stable on re-runs).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from hashlib import sha1

from rapidfuzz import fuzz

from .quality import decode_entities

EXCLUDED_SOURCES = frozenset({"asr", "nato"})
DESCRIPTION_RATIO = 90.0
MIN_DESCRIPTION = 30  # normalised characters: shorter texts say too little to tell two procurements apart
DESCRIPTION_CHARS = 3000  # compared; a copy that differs further in is still the same notice
DEADLINE_SLACK = timedelta(days=1)
PUBLISHED_DAYS = 14
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{8,12}")


@dataclass(frozen=True)
class Candidate:
    """What the rules read of one stored notice."""

    id: int
    ocid: str
    source: str
    is_award: bool
    buyer: str  # the buyer's name as stored
    title: str
    description: str
    published: datetime | None
    deadline: datetime | None
    value: Decimal | None
    documents: int = 0
    suppliers: frozenset[str] = frozenset()


@dataclass
class Group:
    canonical: int
    members: list[int]  # every notice of the group, canonical first
    reasons: dict[int, str] = field(default_factory=dict)  # member id -> the rule that joined it ("process_id", "content")


def normalised(value: str) -> str:
    """Case, accents' forms, punctuation and entities folded: what two copies of a text share."""
    value = unicodedata.normalize("NFKC", decode_entities(value or "")).casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", value)).strip()


def block_key(source: str, buyer: str, title: str) -> str:
    """The key notices are compared within (16 hex digits; "" when the notice takes no part)."""
    buyer_key, title_key = normalised(buyer), normalised(title)
    if source in EXCLUDED_SOURCES or not title_key:
        return ""
    return sha1(f"{buyer_key}\n{title_key}".encode()).hexdigest()[:16]


def _process_id(ocid: str) -> str:
    """The process id inside an ocid, when it is a UUID (the part publishers' prefixes are put in front of);
    cut to 30 characters: one feed truncates its ocids."""
    found = _UUID.search(ocid.casefold())
    return found.group()[:30] if found else ""


class _Texts:
    """The normalised descriptions of a block's notices, each distinct text normalised once and only when a
    pair gets as far as comparing texts (copies of one notice share one text)."""

    def __init__(self):
        self._done: dict[str, str] = {}
        self.process_ids: dict[str, str] = {}

    def process_id(self, ocid: str) -> str:
        found = self.process_ids.get(ocid)
        if found is None:
            found = self.process_ids[ocid] = _process_id(ocid)
        return found

    def __call__(self, description: str) -> str:
        found = self._done.get(description)
        if found is None:
            found = self._done[description] = normalised(description[: DESCRIPTION_CHARS * 2])[:DESCRIPTION_CHARS]
        return found


def same_procurement(a: Candidate, b: Candidate, texts: _Texts | None = None) -> str:
    """Which rule makes a and b one procurement ("process_id" or "content"), or "" when none does."""
    if a.is_award != b.is_award:
        return ""
    texts = texts or _Texts()
    process = texts.process_id(a.ocid)
    if process and process == texts.process_id(b.ocid):
        return "process_id"
    if not (_dates_agree(a, b) and _values_agree(a.value, b.value)):
        return ""
    if a.is_award and (not a.suppliers or a.suppliers != b.suppliers):
        return ""
    if _description_ratio(texts(a.description), texts(b.description)) < DESCRIPTION_RATIO:
        return ""
    return "content"


def _dates_agree(a: Candidate, b: Candidate) -> bool:
    if a.deadline and b.deadline:
        return abs(a.deadline - b.deadline) <= DEADLINE_SLACK
    if a.deadline or b.deadline:
        return False
    if a.published and b.published:
        return abs(a.published - b.published) <= timedelta(days=PUBLISHED_DAYS)
    return False


def _values_agree(a: Decimal | None, b: Decimal | None) -> bool:
    return not a or not b or a == b


def _description_ratio(a: str, b: str) -> float:
    """Of two normalised descriptions (see _Texts)."""
    if len(a) < MIN_DESCRIPTION or len(b) < MIN_DESCRIPTION:
        return 0.0
    return fuzz.ratio(a, b, score_cutoff=DESCRIPTION_RATIO)


def group(candidates: list[Candidate]) -> list[Group]:
    """The groups of two or more notices among candidates of one block (pairs joined transitively)."""
    parent = {c.id: c.id for c in candidates}
    reasons: dict[int, str] = {}
    texts = _Texts()

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(candidates):
        for b in candidates[i + 1 :]:
            if root(a.id) == root(b.id):
                continue  # already one group: no need to compare
            reason = same_procurement(a, b, texts)
            if reason:
                parent[root(b.id)] = root(a.id)
                reasons.setdefault(b.id, reason)
                reasons.setdefault(a.id, reason)
    members: dict[int, list[Candidate]] = {}
    for c in candidates:
        members.setdefault(root(c.id), []).append(c)
    groups = []
    for found in members.values():
        if len(found) < 2:
            continue
        ordered = sorted(found, key=_canonical_rank)
        groups.append(Group(ordered[0].id, [c.id for c in ordered], {c.id: reasons[c.id] for c in ordered}))
    return groups


def _canonical_rank(c: Candidate) -> tuple:
    published = c.published.timestamp() if c.published else 0.0
    return (-len(c.description), -c.documents, -published, c.id)
