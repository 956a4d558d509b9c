"""One notice per procurement, in the database: regroup the blocks a batch touched (rules: lib/ocds/dedupe.py).

A block is every stored notice with one `block_key` (same buyer, same normalised title): a few notices, read
whole and grouped again each time one of them is stored, so a group grows, shrinks or changes its canonical
notice as publications arrive. Runs inside the caller's transaction (ingest's batch, or `tidy_notices`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models.functions import Substr

from tenderbridge.lib.ocds import dedupe
from tenderbridge.opportunities.models import Award, Notice

from . import bulk


@dataclass
class Regrouped:
    """What a regrouping changed: notices that became copies (hidden) and that stopped being copies."""

    hidden: set[int] = field(default_factory=set)
    shown: set[int] = field(default_factory=set)
    groups: list[dedupe.Group] = field(default_factory=list)


_FIELDS = (
    "id", "ocid", "source", "notice_type", "buyer__name", "title", "head", "published", "deadline",
    "value_amount", "documents", "canonical_id",
)
# The rules compare the first DESCRIPTION_CHARS of a description: no need to read 100 kB dossiers.
_HEAD = dedupe.DESCRIPTION_CHARS * 2


def regroup(block_keys: Iterable[str]) -> Regrouped:
    """Group the notices of these blocks again and store each one's canonical notice (None for a canonical
    or lone notice)."""
    keys = sorted({k for k in block_keys if k})
    result = Regrouped()
    if not keys:
        return result
    rows = []
    for start in range(0, len(keys), bulk.IN_CHUNK):
        rows += (
            Notice.objects.filter(block_key__in=keys[start : start + bulk.IN_CHUNK])
            .annotate(head=Substr("description", 1, _HEAD))
            .values_list("block_key", *_FIELDS)
        )
    suppliers = _award_suppliers([r[1] for r in rows if r[4] == Notice.Type.CONTRACT_AWARD])
    blocks: dict[str, list[dedupe.Candidate]] = {}
    current: dict[int, int | None] = {}
    for key, pk, ocid, source, kind, buyer, title, description, published, deadline, value, docs, canon in rows:
        current[pk] = canon
        blocks.setdefault(key, []).append(
            dedupe.Candidate(
                pk, ocid, source, kind == Notice.Type.CONTRACT_AWARD, buyer or "", title, description,
                published, deadline, value, len(docs or ()), suppliers.get(pk, frozenset()),
            )
        )
    wanted: dict[int, int | None] = dict.fromkeys(current)
    for candidates in blocks.values():
        for found in dedupe.group(sorted(candidates, key=lambda c: c.id)):
            result.groups.append(found)
            for member in found.members[1:]:
                wanted[member] = found.canonical
    changes = [(canon, pk) for pk, canon in wanted.items() if current[pk] != canon]
    bulk.update(Notice, ["canonical_id"], changes)
    result.hidden = {pk for canon, pk in changes if canon is not None and current[pk] is None}
    result.shown = {pk for canon, pk in changes if canon is None}
    return result


def _award_suppliers(notice_ids: list[int]) -> dict[int, frozenset[str]]:
    found: dict[int, set[str]] = {}
    through = Award.suppliers.through
    for start in range(0, len(notice_ids), bulk.IN_CHUNK):
        part = notice_ids[start : start + bulk.IN_CHUNK]
        for notice_id, party in through.objects.filter(award__notice_id__in=part).values_list(
            "award__notice_id", "party__normalised_name"
        ):
            found.setdefault(notice_id, set()).add(party)
    return {pk: frozenset(names) for pk, names in found.items()}
