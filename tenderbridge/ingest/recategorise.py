"""Recompute the UNSPSC categories stored notices take from their CPV codes (`manage.py recategorise_notices`).

Ingest maps each item's CPV code through the crosswalk (store.derive_categories) when it stores a notice; a
notice whose release does not change is never stored again, so after the crosswalk changes its `crosswalk`
categories are recomputed here from its stored classifications. Given and predicted categories are left alone
(a predicted code the crosswalk now reaches becomes a crosswalk one). Changed notices' search documents are
rebuilt (their category titles are indexed), which also moves them in the feeds.
"""

from dataclasses import dataclass

from django.db import transaction

from tenderbridge.lib.taxonomy.crosswalk import cpv_to_unspsc
from tenderbridge.opportunities.models import Classification, NoticeCategory
from tenderbridge.search.services import index_notices

CHUNK = 2000


@dataclass
class Recategorised:
    notices_with_cpv: int = 0
    notices_changed: int = 0
    added: int = 0
    removed: int = 0


def recategorise_notices() -> Recategorised:
    result = Recategorised()
    wanted = _wanted_by_notice()
    result.notices_with_cpv = len(wanted)
    ids = sorted(wanted)
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        with transaction.atomic():
            changed = [pk for pk in part if _apply(pk, wanted[pk], result)]
            if changed:
                index_notices(changed)
        result.notices_changed += len(changed)
    return result


def _wanted_by_notice() -> dict[int, list[str]]:
    """Per notice with CPV codes, the UNSPSC codes the crosswalk gives them now, in order, once each."""
    wanted: dict[int, list[str]] = {}
    rows = Classification.objects.filter(scheme="CPV").values_list("item__notice_id", "code").order_by("pk")
    for notice_id, code in rows.iterator(chunk_size=CHUNK):
        codes = wanted.setdefault(notice_id, [])
        codes += [c for c in cpv_to_unspsc(code) if c not in codes]
    return wanted


def _apply(notice_id: int, codes: list[str], result: Recategorised) -> bool:
    stored = {c.code: c for c in NoticeCategory.objects.filter(notice_id=notice_id)}
    given = {code for code, c in stored.items() if c.origin == NoticeCategory.Origin.GIVEN}
    target = [code for code in codes if code not in given]
    stale = [c.pk for code, c in stored.items() if c.origin == NoticeCategory.Origin.CROSSWALK and code not in target]
    NoticeCategory.objects.filter(pk__in=stale).delete()
    new = []
    for code in target:
        known = stored.get(code)
        if known is not None and known.origin == NoticeCategory.Origin.CROSSWALK:
            continue
        if known is not None:  # predicted before: the crosswalk now says so
            NoticeCategory.objects.filter(pk=known.pk).update(origin=NoticeCategory.Origin.CROSSWALK, score=None)
        else:
            new.append(_category(notice_id, code))
    NoticeCategory.objects.bulk_create(new)
    result.added += len(new)
    result.removed += len(stale)
    return bool(stale or new) or any(
        stored.get(code) is not None and stored[code].origin == NoticeCategory.Origin.PREDICTED for code in target
    )


def _category(notice_id: int, code: str) -> NoticeCategory:
    return NoticeCategory(
        notice_id=notice_id,
        code=code,
        segment=code[:2] + "000000",
        family=code[:4] + "0000" if code[2:4] != "00" else "",
        origin=NoticeCategory.Origin.CROSSWALK,
    )
