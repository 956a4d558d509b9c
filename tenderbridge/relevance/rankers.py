"""The rankers the relevance benchmark compares, over the database's open notices (docs/relevance.md).

- the product, through its public calls only: search is `discover()` with the search a reader types
  (`Search.from_querydict({"q": …})`: the page's defaults, whatever they are on this branch); a feed is the one
  the product stores for a profile — the benchmark profile is written through the suppliers' services into a
  new supplier organisation, ranked by `matching.services.recompute_feed`, read back with
  `matching.feed.feed_page`, and the whole transaction is rolled back (nothing stays in the database);
- the baselines (lib/relevance_baselines.py), BM25 alone and vectors alone, over the same open notices.

Open notices are the ones a feed ranks (`matching.notices.open_notices(now)`: a deadline after `now`, no awards).
A ranking of the product may hold other notices (an award, a closed tender): they were not judged and count as 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

from tenderbridge.accounts.models import Organisation
from tenderbridge.lib import embeddings
from tenderbridge.lib.relevance import Profile
from tenderbridge.lib.relevance_baselines import BM25, Document, Vectors, profile_text
from tenderbridge.matching import feed as feeds
from tenderbridge.matching import services as matching
from tenderbridge.matching.notices import open_notices
from tenderbridge.opportunities.filters import Search
from tenderbridge.opportunities.models import Notice
from tenderbridge.search.discover import discover
from tenderbridge.suppliers import services as suppliers
from tenderbridge.taxonomy.models import UnspscCode

DEPTH = 20  # notices taken from each ranking (the figures read the first 10; the pooling 20)


def open_documents(now: datetime) -> list[Document]:
    rows = open_notices(now).order_by("pk").values_list("ocid", "title", "description")
    return [Document(ocid, title or "", description or "") for ocid, title, description in rows]


@dataclass
class Baselines:
    bm25: BM25
    vectors: Vectors

    @classmethod
    def build(cls, documents: list[Document]) -> Baselines:
        return cls(BM25(documents), Vectors(documents, embeddings.get_encoder("use")))


def search_product(q: str, now: datetime, k: int = DEPTH, only_open: bool = False) -> list[str]:
    """The OCIDs of the first k results the opportunity search shows for q (as a reader types it, the page's
    default filters; `only_open`: with the filter "open for bids" chosen, to tell ranking from filtering)."""
    data = {"q": q, "status": "open"} if only_open else {"q": q}
    results = discover(Search.from_querydict(data), page_size=k, now=now)
    ids = [hit.notice_id for hit in results.hits]
    ocid_of = dict(Notice.objects.filter(pk__in=ids).values_list("pk", "ocid"))
    return [ocid_of[pk] for pk in ids if pk in ocid_of]


class _RolledBack(Exception):
    pass


def feed_product(profile: Profile, now: datetime, k: int = DEPTH) -> list[str]:
    """The OCIDs of the first k items of the feed the product ranks for this profile (written, ranked and read
    back inside a transaction that is rolled back). What a save does after its commit (the suppliers' services
    send `profile_changed` on commit; the receivers may do more than queue the ranking) is run here, inside the
    transaction; the ranking task's own work, `recompute_feed`, is called directly rather than queued."""
    found: list[str] = []
    try:
        with transaction.atomic():
            hooks = len(connection.run_on_commit)
            stored = _write_profile(profile)
            _run_commit_hooks(hooks)
            matching.recompute_feed(stored.pk, now)
            page = feeds.feed_page(stored, page_size=k, now=now)
            found = [entry.row.notice.ocid for entry in page.entries]
            raise _RolledBack
    except _RolledBack:
        pass
    return found


def _run_commit_hooks(start: int) -> None:
    """Run the after-commit callbacks registered since `start`, once (those they register in turn — queueing
    a task — are dropped with the rollback)."""
    for entry in connection.run_on_commit[start:]:
        entry[1]()  # (savepoints, callback, robust)


def _write_profile(profile: Profile):
    organisation = Organisation.objects.create(
        name=profile.name or profile.id, kind=Organisation.Kind.SUPPLIER, country=profile.country
    )
    stored = suppliers.profile_for(organisation)
    company = {"name_zh": profile.name_zh, "name_en": profile.name_en, "country": profile.country,
               "province": profile.province, "city": profile.city, "description": profile.description}
    contracts = [(None, {"title": c.title, "buyer": c.buyer, "year": c.year, "description": c.description})
                 for c in profile.contracts]
    changes = suppliers.ProfileChanges(company=company, codes=list(profile.codes), contracts=contracts)
    return suppliers.do_save_profile(stored, changes)


def code_titles(codes: tuple[str, ...]) -> list[str]:
    """The English and Chinese titles of these UNSPSC codes (the baselines' words for a profile's codes)."""
    rows = dict(UnspscCode.objects.filter(code__in=codes).values_list("code", "title_en"))
    chinese = dict(UnspscCode.objects.filter(code__in=codes).values_list("code", "title_zh"))
    return [t for code in codes for t in (rows.get(code, ""), chinese.get(code, "")) if t]


def profile_query(profile: Profile) -> str:
    return profile_text([profile.name_zh, profile.name_en], profile.description,
                        [(c.title, c.description, c.buyer) for c in profile.contracts], code_titles(profile.codes))

