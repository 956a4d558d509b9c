"""Write compiled, normalised notices into the opportunity tables and the search index with bulk statements.

Called inside the caller's transaction (see services._process_batch). A changed notice's items, categories and
awards are replaced whole: they come from one compiled release, so rewriting them is simpler and as fast as
diffing them. Its search document is built from the same data in the same transaction (search.services
document_rows: what `index_notices` would read back from these rows), so search never shows a notice that is
not stored, or misses one that is.
"""

import re
from dataclasses import dataclass, field

import orjson
from django.utils import timezone

from tenderbridge.lib import buyer_family
from tenderbridge.lib.ocds import dedupe, quality
from tenderbridge.lib.ocds.normalise import NoticeData, PartyData, normalise_name
from tenderbridge.lib.ocds.prepare import Compiled
from tenderbridge.lib.taxonomy.crosswalk import cpv_to_unspsc
from tenderbridge.opportunities.models import Award, Classification, Item, Notice, NoticeCategory, Party
from tenderbridge.search.models import SearchDocument
from tenderbridge.search.services import (
    INDEXED_CATEGORY_ORIGINS,
    NoticeText,
    document_rows,
    index_notices,
    stamp_indexed,
    withdraw_notices,
)

from . import bulk, duplicates

PARTY_COLUMNS = [
    "id",
    "name",
    "normalised_name",
    "scheme",
    "identifier",
    "country",
    "family",
    "is_buyer",
    "is_supplier",
    "created",
]
NOTICE_COLUMNS = [
    "source",
    "title",
    "description",
    "language",
    "notice_type",
    "procurement_method",
    "status",
    "published",
    "deadline",
    "deadline_timezone",
    "value_amount",
    "value_currency",
    ("countries", bulk.JSON),
    "url",
    ("documents", bulk.JSON),
    "sme_suitable",
    "sustainable",
    "buyer_id",
    "buyer_family",
    ("compiled_release", bulk.JSON),
    "fingerprint",
    "ingest_file_id",
    "updated",
    "block_key",
    "placeholder",
]


@dataclass
class Pending:
    """A notice to write: its id (reserved or existing), whether it is new, and its normalised data."""

    pk: int
    new: bool
    ocid: str
    release_json: str
    fingerprint: str
    data: NoticeData
    categories: list[dict] = field(default_factory=list)
    tokens: dict[str, str] | None = None  # made ahead by a worker process (see prepare.Compiled)
    embedding_hash: str | None = None
    old_block_key: str = ""
    block_key: str = ""
    placeholder: str = ""  # lib/ocds/quality.Placeholder reason, "" for a real notice
    hidden: bool = False  # a placeholder, or a copy of another notice (after regrouping)


@dataclass
class Stored:
    """What a batch did to the notices: the ids it created and changed (what later work, such as refreshing
    derived data, needs), and how many it found unchanged."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list = field(default_factory=list)  # Rejections of releases that conflict with stored ones
    placeholders: int = 0  # of the notices written, test or placeholder records (hidden)
    duplicates: int = 0  # of the notices written, copies of another notice of the same procurement (hidden)


def store_notices(report, kind: str, compiled: dict[str, Compiled]) -> Stored:
    stored = Stored()
    if not compiled:
        return stored
    existing = {
        o: (pk, fp, key)
        for o, pk, fp, key in bulk.select_in(
            f'SELECT ocid, id, fingerprint, block_key FROM "{Notice._meta.db_table}" WHERE ocid IN %s', compiled
        )
    }
    work: list[Pending] = []
    for ocid, notice in compiled.items():
        known = existing.get(ocid)
        if known and known[1] == notice.fingerprint:
            stored.unchanged += 1
            continue
        work.append(
            Pending(
                known[0] if known else 0,
                known is None,
                ocid,
                notice.json.decode(),
                notice.fingerprint,
                notice.notice,
                tokens=notice.tokens,
                embedding_hash=notice.embedding_hash,
                old_block_key=known[2] if known else "",
            )
        )
    if work:
        resolver = PartyResolver(kind)
        parties = resolver.resolve([p for item in work for p in item.data.parties])
        _judge(kind, work, resolver.names)
        _write(report, kind, work, parties)
        regrouped = _regroup(work)
        _index([w for w in work if not w.hidden], resolver.names)
        _sync_search(work, regrouped)
        for pending in work:
            (stored.created if pending.new else stored.updated).append(pending.pk)
        stored.placeholders = sum(1 for w in work if w.placeholder)
        stored.duplicates = sum(1 for w in work if w.hidden and not w.placeholder)
    return stored


def _judge(kind: str, work: list[Pending], party_names: dict[tuple, str]) -> None:
    """Each notice's placeholder reason and dedupe block (lib/ocds/quality.py, lib/ocds/dedupe.py)."""
    for w in work:
        d = w.data
        w.placeholder = quality.placeholder_reason(d.title, d.description, [i.description for i in d.items])
        buyer = (party_names.get(d.buyer.key) or d.buyer.name) if d.buyer else ""
        w.block_key = "" if w.placeholder else dedupe.block_key(kind, buyer, d.title)


def _regroup(work: list[Pending]) -> duplicates.Regrouped:
    """Group the touched blocks again (the notices' new and former blocks); mark the copies hidden."""
    regrouped = duplicates.regroup({w.block_key for w in work} | {w.old_block_key for w in work})
    copies = {m for g in regrouped.groups for m in g.members[1:]}
    for w in work:
        w.hidden = bool(w.placeholder) or w.pk in copies
    return regrouped


def _sync_search(work: list[Pending], regrouped: duplicates.Regrouped) -> None:
    """Notices of this batch that are hidden leave the search index (changed ones may be in it), and stored
    notices that regrouping hid or showed again leave or join it."""
    written = {w.pk for w in work}
    withdraw_notices({w.pk for w in work if w.hidden and not w.new} | (regrouped.hidden - written))
    shown = regrouped.shown - written
    if shown:
        index_notices(shown)


def _write(report, kind: str, work: list[Pending], parties: dict[tuple, int]) -> None:
    new = [w for w in work if w.new]
    for pending, pk in zip(new, bulk.reserve_ids(Notice, len(new)), strict=True):
        pending.pk = pk
    dt, dec = bulk.adapters()
    now = dt(timezone.now())
    rows = {w.pk: _notice_row(w, report, kind, parties, now, dt, dec) for w in work}
    bulk.insert(
        Notice, ["id", "ocid", "created", *NOTICE_COLUMNS], [(w.pk, w.ocid, now, *rows[w.pk]) for w in new]
    )
    old = [w.pk for w in work if not w.new]
    if old:
        bulk.update(Notice, NOTICE_COLUMNS, [(*rows[pk], pk) for pk in old])
        _delete_children(old)
    for pending in work:
        pending.categories = derive_categories(pending.data)
    _write_children(work, parties)


def _index(work: list[Pending], party_names: dict[tuple, str]) -> None:
    """The search documents of these notices, from the rows just written (the buyer's name is its party row's)."""
    texts = [
        NoticeText(
            w.pk,
            w.data.title,
            w.data.description,
            party_names.get(w.data.buyer.key, "") if w.data.buyer else "",
            [item.description for item in w.data.items],
            [c["code"] for c in w.categories if c["origin"] in INDEXED_CATEGORY_ORIGINS],
            w.tokens,
            w.embedding_hash,
        )
        for w in work
    ]
    rows = document_rows(texts)
    changed = {w.pk for w in work if not w.new}
    columns = ["notice_id", "title_tokens", "body_tokens"]
    bulk.insert(SearchDocument, columns, [row for row in rows if row[0] not in changed], triggered=True)
    bulk.upsert(SearchDocument, "notice_id", columns, [row for row in rows if row[0] in changed])
    # New index version on these notices (web processes load them), and the changed texts marked for the
    # embedding task, which starts when the batch commits.
    stamp_indexed(texts)


def _notice_row(w: Pending, report, kind: str, parties: dict[tuple, int], now, dt, dec) -> tuple:
    d = w.data
    return (
        kind,
        d.title,
        d.description,
        d.language,
        d.notice_type,
        d.procurement_method,
        d.status,
        dt(d.published),
        dt(d.deadline),
        d.deadline_timezone,
        dec(d.value_amount),
        d.value_currency,
        orjson.dumps(d.countries).decode(),
        d.url,
        orjson.dumps(d.documents).decode(),
        d.sme_suitable,
        d.sustainable,
        parties.get(d.buyer.key) if d.buyer else None,
        buyer_family.family(d.buyer.name if d.buyer else "", kind),
        w.release_json,
        w.fingerprint,
        report.pk,
        now,
        w.block_key,
        w.placeholder,
    )


def _delete_children(notice_ids: list[int]) -> None:
    item_ids = _ids_of(Item, notice_ids)
    award_ids = _ids_of(Award, notice_ids)
    bulk.delete_where_in(Classification, "item_id", item_ids)
    bulk.delete_where_in(Item, "id", item_ids)
    bulk.delete_where_in(Award.suppliers.through, "award_id", award_ids)
    bulk.delete_where_in(Award, "id", award_ids)
    bulk.delete_where_in(NoticeCategory, "notice_id", notice_ids)


def _ids_of(model, notice_ids: list[int]) -> list[int]:
    return [
        pk
        for (pk,) in bulk.select_in(
            f'SELECT id FROM "{model._meta.db_table}" WHERE notice_id IN %s', notice_ids
        )
    ]


def _write_children(work: list[Pending], parties: dict[tuple, int]) -> None:
    dt, dec = bulk.adapters()
    items = [(w.pk, item) for w in work for item in w.data.items]
    awards = [(w.pk, award) for w in work for award in w.data.awards]
    item_ids = bulk.reserve_ids(Item, len(items))
    award_ids = bulk.reserve_ids(Award, len(awards))
    bulk.insert(
        Item,
        ["id", "notice_id", "ocds_id", "lot_id", "description", "quantity", "unit"],
        [
            (pk, notice, i.ocds_id, i.lot_id, i.description, dec(i.quantity), i.unit)
            for pk, (notice, i) in zip(item_ids, items, strict=True)
        ],
    )
    bulk.insert(
        Classification,
        ["item_id", "scheme", "code", "description"],
        [
            (pk, c.scheme, c.code, c.description)
            for pk, (_, i) in zip(item_ids, items, strict=True)
            for c in i.classifications
        ],
    )
    bulk.insert(
        NoticeCategory,
        ["notice_id", "code", "segment", "family", "origin", "score"],
        [(w.pk, c["code"], c["segment"], c["family"], c["origin"], None) for w in work for c in w.categories],
    )
    bulk.insert(
        Award,
        ["id", "notice_id", "ocds_id", "title", "status", "date", "value_amount", "value_currency"],
        [
            (pk, notice, a.ocds_id, a.title, a.status, dt(a.date), dec(a.amount), a.currency)
            for pk, (notice, a) in zip(award_ids, awards, strict=True)
        ],
    )
    links = {
        (pk, parties[s.key])
        for pk, (_, a) in zip(award_ids, awards, strict=True)
        for s in a.suppliers
        if s.key in parties
    }
    bulk.insert(Award.suppliers.through, ["award_id", "party_id"], sorted(links))


def unspsc8(code: str) -> str | None:
    """An 8-digit UNSPSC code from what sources write ("42132203", "4213220300", "42-13-22-03", "421322")."""
    digits = re.sub(r"\D", "", code or "")
    if len(digits) >= 8:
        digits = digits[:8]
    elif len(digits) in (2, 4, 6):
        digits = digits.ljust(8, "0")
    else:
        return None
    return digits if digits[:2] != "00" else None


def derive_categories(data: NoticeData) -> list[dict]:
    """UNSPSC categories from the items' codes: UNSPSC as given, CPV through the crosswalk."""
    found: dict[str, dict] = {}
    for item in data.items:
        for c in item.classifications:
            if c.scheme == "UNSPSC":
                codes, origin = [unspsc8(c.code)], NoticeCategory.Origin.GIVEN
            elif c.scheme == "CPV":
                codes, origin = cpv_to_unspsc(c.code), NoticeCategory.Origin.CROSSWALK
            else:
                continue
            for code in filter(None, codes):
                if code not in found or origin == NoticeCategory.Origin.GIVEN:
                    found[code] = {
                        "code": code,
                        "segment": code[:2] + "000000",
                        "origin": origin,
                        "family": code[:4] + "0000" if code[2:4] != "00" else "",
                    }
    return list(found.values())


class PartyResolver:
    """Find or create the Party row of each party, deduplicated by identifier, else by name + country."""

    def __init__(self, kind: str):
        self.kind = kind
        self.now = bulk.dt(timezone.now())
        self.names: dict[
            tuple, str
        ] = {}  # key -> the name on the party's row (the first name it was seen with)

    def resolve(self, parties: list[PartyData]) -> dict[tuple, int]:
        wanted = {p.key: p for p in parties}
        found = self._existing(wanted)
        self._mark_roles({k: p for k, p in wanted.items() if k in found}, found)
        missing = [p for key, p in wanted.items() if key not in found]
        ids = bulk.reserve_ids(Party, len(missing))
        bulk.insert(Party, PARTY_COLUMNS, [self._row(pk, p) for pk, p in zip(ids, missing, strict=True)])
        found.update((p.key, pk) for pk, p in zip(ids, missing, strict=True))
        self.names.update((p.key, p.name) for p in missing)
        return found

    def _existing(self, wanted: dict[tuple, PartyData]) -> dict[tuple, int]:
        table = Party._meta.db_table
        by_id = {k[2] for k in wanted if k[0] == "id"}
        by_name = {k[1] for k in wanted if k[0] == "name"}
        rows = [
            (("id", scheme.upper(), ident), pk, name)
            for pk, scheme, ident, name in bulk.select_in(
                f'SELECT id, scheme, identifier, name FROM "{table}" WHERE identifier IN %s', by_id
            )
        ] + [
            (("name", normalised, country), pk, name)
            for pk, normalised, country, name in bulk.select_in(
                f'SELECT id, normalised_name, country, name FROM "{table}" WHERE identifier = %s AND '
                "normalised_name IN %s",
                by_name,
                [""],
            )
        ]
        found = {}
        for key, pk, name in rows:
            if key in wanted:
                found[key] = pk
                self.names[key] = name
        return found

    def _row(self, pk: int, party: PartyData) -> tuple:
        buyer = _is_buyer(party)
        family = buyer_family.family(party.name, self.kind) if buyer else Party.Family.NATIONAL
        return (
            pk,
            party.name,
            normalise_name(party.name)[:300],
            party.scheme.upper(),
            party.identifier,
            party.country,
            family,
            buyer,
            "supplier" in party.roles,
            self.now,
        )

    @staticmethod
    def _mark_roles(wanted: dict[tuple, PartyData], found: dict[tuple, int]) -> None:
        for column, ids in (
            ("is_buyer", [found[k] for k, p in wanted.items() if _is_buyer(p)]),
            ("is_supplier", [found[k] for k, p in wanted.items() if "supplier" in p.roles]),
        ):
            bulk.set_where_in(Party, column, True, ids)


def _is_buyer(party: PartyData) -> bool:
    return bool({"buyer", "procuringEntity"} & set(party.roles))
