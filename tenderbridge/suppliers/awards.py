"""Finding a supplier's own awards in the award data (UN ASR, NATO, UK Contracts Finder …) to import them.

Award suppliers are `opportunities.Party` rows, deduplicated at ingest by normalised name + country. A party is
a candidate when it is a supplier, its name has the same core as one of the company's names (names.core_name:
normalised, legal form dropped) and — when both are known — the same country. Matching is deliberately exact on
the core: the owner confirms every award, and a looser match on short names ("China …") would bury the right
ones. Reads only; services.do_import_awards writes.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q

from tenderbridge.opportunities.models import Award, Party

from .models import SupplierProfile
from .names import core_name, split_names

MAX_PARTIES = 50
MAX_AWARDS = 500  # listed for confirmation; a supplier with more imports them in several rounds
# What a candidate shows, through the award–supplier link table.
AWARD_COLUMNS = (
    "party_id", "award__ocds_id", "award__title", "award__date", "award__value_amount", "award__value_currency",
    "award__notice__ocid", "award__notice__title", "award__notice__buyer__name",
)


@dataclass
class AwardCandidate:
    pk: int
    ocid: str
    award_id: str
    title: str
    buyer: str
    year: int | None
    amount: Decimal | None
    currency: str
    already_imported: bool = False


@dataclass
class PartyCandidate:
    pk: int
    name: str
    country: str
    awards: list[AwardCandidate] = field(default_factory=list)


@dataclass
class Candidates:
    cores: list[str]  # the name cores searched for
    parties: list[PartyCandidate]
    more: bool = False  # more awards than MAX_AWARDS matched

    @property
    def awards(self) -> list[AwardCandidate]:
        return [award for party in self.parties for award in party.awards]


MAX_EXTRA_NAMES = 5  # other names the owner searches under ("the name we won under in 2012")


def name_cores(profile: SupplierProfile, extra_names: tuple[str, ...] = ()) -> list[str]:
    """The cores of every name and name part the company goes by (Chinese and Latin parts separately), and of
    the other names the owner asked to search under."""
    cores = []
    for name in [*profile.names, *extra_names[:MAX_EXTRA_NAMES]]:
        chinese, latin = split_names(name)
        for part in (name, chinese, latin):
            core = core_name(part) if part else ""
            if core and core not in cores:
                cores.append(core)
    return cores


def matching_parties(profile: SupplierProfile, extra_names: tuple[str, ...] = ()) -> tuple[list[str], list[Party]]:
    cores = name_cores(profile, extra_names)
    if not cores:
        return cores, []
    starts = Q()
    for core in cores:
        starts |= Q(normalised_name__startswith=core)
    parties = Party.objects.filter(starts, is_supplier=True)
    if profile.country:
        parties = parties.filter(country__in=[profile.country, ""])
    # The prefix narrows in the database; the exact core decides ("acme" must not match "acme tools").
    found = [p for p in parties.order_by("normalised_name", "pk")[: MAX_PARTIES * 10] if core_name(p.name) in cores]
    return cores, found[:MAX_PARTIES]


def find_candidates(profile: SupplierProfile, extra_names: tuple[str, ...] = ()) -> Candidates:
    cores, parties = matching_parties(profile, extra_names)
    if not parties:
        return Candidates(cores=cores, parties=[])
    by_party = {p.pk: PartyCandidate(p.pk, p.name, p.country) for p in parties}
    imported = set(profile.contracts.exclude(source_ocid="").values_list("source_ocid", "source_award_id"))
    links = (
        Award.suppliers.through.objects.filter(party_id__in=by_party)
        .select_related("award__notice__buyer")
        .only(*AWARD_COLUMNS)  # not the notice's compiled release: it is most of the row
        .order_by(F("award__date").desc(nulls_last=True), "award_id")
    )
    seen, more = set(), False
    for link in links[: MAX_AWARDS + 1]:
        if len(seen) == MAX_AWARDS:
            more = True
            break
        if link.award_id in seen:
            continue
        seen.add(link.award_id)
        by_party[link.party_id].awards.append(award_candidate(link.award, imported))
    return Candidates(cores=cores, parties=[p for p in by_party.values() if p.awards], more=more)


def award_candidate(award: Award, imported: set[tuple[str, str]]) -> AwardCandidate:
    notice = award.notice
    return AwardCandidate(
        pk=award.pk,
        ocid=notice.ocid,
        award_id=award.ocds_id,
        title=(award.title or notice.title or award.ocds_id)[:500],
        buyer=(notice.buyer.name if notice.buyer else "")[:300],
        year=award.date.year if award.date else None,
        amount=award.value_amount,
        currency=award.value_currency,
        already_imported=(notice.ocid, award.ocds_id) in imported,
    )
