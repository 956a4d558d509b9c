"""What the ranker knows of a supplier and of a notice: plain values, the same whether they come from the
database (supplier profiles, stored notices) or from evaluation files (P.jsonl, N.jsonl).

Ids are carried for joining results back, never as a signal. Any field may be empty: a name-only supplier
still gets ranked by what is known.
"""

# Lazy annotations: PastContract's field `date` would otherwise shadow the type `date` in its own annotation
# (`date: date | None` evaluated to `None | None` and failed at import).
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class PastContract:
    """A contract the supplier won (typed in its profile, or imported from award data)."""

    title: str = ""
    description: str = ""
    buyer: str = ""  # the buyer's name as published
    date: date | None = None
    amount: Decimal | None = None
    currency: str = ""
    # UNSPSC codes of what was bought: from the award's notice, or predicted from the contract's text by the
    # taxonomy classifier (lib/taxonomy/classifier.py) when it has none. The first one is the contract's category.
    unspsc: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupplierFeatures:
    id: str
    name: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, upper case; "" when unknown
    description: str = ""  # what it makes or does, any language
    unspsc: tuple[str, ...] = ()  # 8-digit UNSPSC codes (commodity, class, family or segment)
    history: tuple[PastContract, ...] = ()
    size_class: str = ""  # "micro", "small", "medium", "large" or ""
    ungm_level: str = ""  # "", "basic", "level_1", "level_2"
    certificates: tuple[str, ...] = ()  # e.g. "ISO 9001", "ISO 14001"
    women_owned: bool | None = None
    languages: tuple[str, ...] = ()  # BCP 47 codes such as "zh", "en"
    # Added by the supplier profile (all optional): every name the company goes by (Chinese and English),
    # the year it was founded, the countries it has exported to (ISO alpha-2), and whether an operator has
    # verified the women-owned declaration (women_owned is True only when it meets IWA 34, self-declared or not).
    names: tuple[str, ...] = ()
    founded_year: int | None = None
    export_countries: tuple[str, ...] = ()
    women_owned_verified: bool = False
    # Read from the description by the product (optional; the evaluation files have none): UNSPSC codes its
    # words name or its meaning suggests (taxonomy/suggest.py), counted as half a declared code; its product
    # words in English, Spanish and French (the vocabulary's), matched like its own words; and
    # (code, words) pairs saying which of its words named which code, for the explanation.
    described_unspsc: tuple[str, ...] = ()
    translated_terms: tuple[str, ...] = ()
    described_words: tuple[tuple[str, str], ...] = ()
    # The supplier wants UN and development-bank work: such notices rank above equally fitting national ones.
    prefers_international: bool = False


@dataclass(frozen=True)
class NoticeFeatures:
    id: str  # the OCID
    title: str = ""
    description: str = ""
    buyer: str = ""  # the buyer's name as published
    date: datetime | None = None  # of the compiled release (publication)
    deadline: datetime | None = None  # submission deadline, aware (UTC)
    notice_type: str = ""  # tenderbridge.lib.ocds.notice_types
    countries: tuple[str, ...] = ()  # of delivery, ISO alpha-2
    unspsc: tuple[str, ...] = ()  # 8-digit UNSPSC codes: given, mapped from CPV, or predicted
    classifications: tuple[tuple[str, str], ...] = field(default=())  # (scheme, code) as published
    sme_suitable: bool | None = None
    # Families predicted from the text for a notice that has no given or mapped code: weaker evidence.
    predicted_unspsc: tuple[str, ...] = ()
    value: Decimal | None = None  # estimated value, as published
    currency: str = ""
    # Supplier countries the notice admits (a national or restricted tender), ISO alpha-2; () = no restriction.
    eligible_countries: tuple[str, ...] = ()
    # tenderbridge.lib.buyer_family of the buyer ("un", "development_bank", …); "" = read from the buyer's name.
    buyer_family: str = ""
