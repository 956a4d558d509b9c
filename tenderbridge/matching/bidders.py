"""For buyers and programme operators: the visible supplier profiles that fit a notice, ranked and explained —
to widen competition beyond the suppliers a buyer already knows.

Ranked on request against the index of visible profiles, which each process keeps until a visible profile
changes (profiles.visible_index): one notice against every supplier is one numpy pass, not all pairs.
"""

from dataclasses import dataclass

from tenderbridge.lib.matching.index import prepare_notices
from tenderbridge.lib.matching.ranker import rank_suppliers
from tenderbridge.opportunities import clock
from tenderbridge.opportunities.models import Notice
from tenderbridge.opportunities.queries import unspsc_titles
from tenderbridge.suppliers.models import SupplierProfile

from . import notices, profiles
from . import reasons as R

SHOWN = 10


@dataclass
class Bidder:
    profile: SupplierProfile
    score: float
    reasons: list[R.Reason]
    explanation: dict


def bidders(notice: Notice, k: int = SHOWN) -> list[Bidder]:
    """The k visible suppliers that fit this notice best, each with why."""
    index = profiles.visible_index()
    if not len(index):
        return []
    features, vectors = notices.features([notice.pk])
    if not features:
        return []
    prepared = prepare_notices(features, vectors)[0]
    # Only suppliers with a reason about what is bought: a buyer's list of "fits" is no place for background.
    matches = rank_suppliers(prepared, index, clock.now(), k=k, explain=True, require_evidence=True)
    found = SupplierProfile.objects.visible().select_related("organisation", "women_owned").in_bulk([int(m.id) for m in matches])
    titles = unspsc_titles(R.named_codes([m.explanation or {} for m in matches]))
    return [
        Bidder(found[int(m.id)], m.score, R.reasons(m.explanation or {}, titles, for_supplier=False),
               m.explanation or {})
        for m in matches if int(m.id) in found
    ]
