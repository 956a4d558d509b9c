"""Apply today's data-quality rules to notices stored before them (`manage.py tidy_notices`).

Ingest applies the rules to what it stores (store.py). For notices already stored this re-runs them, in
transactions of CHUNK notices: the readable texts normalised again from the compiled release (entities
decoded once, lost letters restored, titles found where a publisher put them, buyers named rather than coded),
the placeholder reasons, the dedupe blocks, then every block grouped again, and the search index brought in
line (hidden notices out, notices shown again back in). Running it twice changes nothing the second time.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F, Q

from tenderbridge.lib.ocds import dedupe, quality
from tenderbridge.lib.ocds.normalise import normalise, normalise_name
from tenderbridge.opportunities.models import Item, Notice, Party
from tenderbridge.search.models import IndexEntry, SearchDocument
from tenderbridge.search.services import index_notices, withdraw_notices

from . import bulk, duplicates

CHUNK = 2000


@dataclass
class TidyReport:
    notices: int = 0
    texts_repaired: int = 0
    parties_renamed: int = 0
    placeholders: dict[str, int] = field(default_factory=dict)  # reason -> notices
    groups: list[dedupe.Group] = field(default_factory=list)
    withdrawn: int = 0
    indexed: int = 0

    @property
    def copies(self) -> int:
        return sum(len(g.members) - 1 for g in self.groups)


def tidy_notices() -> TidyReport:
    report = TidyReport()
    report.texts_repaired = _repair_texts()
    report.parties_renamed = _rename_parties()
    _judge_all(report)
    with transaction.atomic():
        keys = _shared_block_keys()
        clear = Notice.objects.exclude(canonical=None).exclude(block_key__in=keys)
        clear.update(canonical=None)  # a notice whose block has no other member is no one's copy
        for start in range(0, len(keys), CHUNK):
            report.groups += duplicates.regroup(keys[start : start + CHUNK]).groups
    report.withdrawn, report.indexed = _sync_search()
    return report


def _suspect_texts() -> Q:
    """Notices whose texts a rule may change: an entity, a '?', an empty title, or a buyer named by a code."""
    return (
        Q(title__contains="&") | Q(description__contains="&") | Q(title__contains="?")
        | Q(description__contains="?") | Q(title="") | Q(buyer__name__contains="&")
    )


def _repair_texts() -> int:
    """Title, description and item texts normalised again where they may have changed."""
    repaired = 0
    ids = list(Notice.objects.filter(_suspect_texts()).values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic():
            repaired += _repair_chunk(ids[start : start + CHUNK])
    return repaired


def _repair_chunk(ids: list[int]) -> int:
    changed = []
    for pk, title, description, release in Notice.objects.filter(pk__in=ids).values_list(
        "pk", "title", "description", "compiled_release"
    ):
        data = normalise(release)
        if (data.title, data.description) != (title, description):
            changed.append((data.title, data.description, pk))
        items = {i.ocds_id: i.description for i in data.items}
        updates = [
            (items[ocds_id], item_pk)
            for item_pk, ocds_id, text in Item.objects.filter(notice_id=pk).values_list("pk", "ocds_id", "description")
            if ocds_id in items and items[ocds_id] != text
        ]
        bulk.update(Item, ["description"], updates)
    bulk.update(Notice, ["title", "description"], changed)
    return len(changed)


def _rename_parties() -> int:
    """Party names with entities or lost letters repaired; buyers stored under their code ("01") get the name
    their notice's data gives (normalise._party_name)."""
    renamed = 0
    with transaction.atomic():
        for party in Party.objects.filter(Q(name__contains="&") | Q(name__contains="?")):
            renamed += _rename(party, quality.prose(party.name))
        for party in Party.objects.filter(is_buyer=True, name=F("identifier")):
            release = party.notices.values_list("compiled_release", flat=True).first()
            buyer = normalise(release).buyer if release else None
            renamed += _rename(party, buyer.name if buyer else "")
    return renamed


def _rename(party: Party, name: str) -> int:
    """Rename a party (its dedupe key too, unless another party has that key already: then only the name)."""
    name = name[:300]
    if not name or name == party.name:
        return 0
    key = normalise_name(name)[:300]
    taken = not party.identifier and Party.objects.filter(normalised_name=key, country=party.country, identifier="").exists()
    party.name = name
    fields = ["name"]
    if not taken:
        party.normalised_name = key
        fields.append("normalised_name")
    party.save(update_fields=fields)
    return 1


def _judge_all(report: TidyReport) -> None:
    """Every notice's placeholder reason and block key, from its stored columns (written where they differ)."""
    after = 0
    while True:
        rows = list(
            Notice.objects.filter(pk__gt=after).order_by("pk").values_list(
                "pk", "source", "title", "description", "buyer__name", "placeholder", "block_key"
            )[:CHUNK]
        )
        if not rows:
            return
        items = _item_texts([r[0] for r in rows])
        changes = []
        for pk, source, title, description, buyer, placeholder, key in rows:
            reason = quality.placeholder_reason(title, description, items.get(pk, []))
            new_key = "" if reason else dedupe.block_key(source, buyer or "", title)
            if reason:
                report.placeholders[reason] = report.placeholders.get(reason, 0) + 1
            if (reason, new_key) != (placeholder, key):
                changes.append((reason, new_key, pk))
        with transaction.atomic():
            bulk.update(Notice, ["placeholder", "block_key"], changes)
        report.notices += len(rows)
        after = rows[-1][0]


def _item_texts(ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for notice_id, text in Item.objects.filter(notice_id__in=ids).values_list("notice_id", "description"):
        found.setdefault(notice_id, []).append(text)
    return found


def _shared_block_keys() -> list[str]:
    return sorted(
        Notice.objects.exclude(block_key="").values("block_key").annotate(n=Count("pk")).filter(n__gt=1)
        .values_list("block_key", flat=True)
    )


def _sync_search() -> tuple[int, int]:
    """Hidden notices out of the search index; visible notices without a document (hidden before) back in."""
    indexed_hidden = list(
        IndexEntry.objects.filter(notice__in=Notice.objects.hidden()).values_list("notice_id", flat=True)
    )
    indexed_hidden += SearchDocument.objects.filter(notice__in=Notice.objects.hidden()).values_list(
        "notice_id", flat=True
    )
    withdrawn = withdraw_notices(indexed_hidden) if indexed_hidden else 0
    missing = list(
        Notice.objects.visible().filter(search_document__isnull=True).values_list("pk", flat=True)
    )
    return withdrawn, index_notices(missing) if missing else 0
