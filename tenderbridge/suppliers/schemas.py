"""The shapes of /api/v1/suppliers (documented in the OpenAPI document). Bodies and answers share their keys,
so what GET returns can be PUT back; read-only keys in a body are ignored."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from .models import MAX_CERTIFICATES, MAX_CODES, MAX_CONTRACTS


class MoneyOut(Schema):
    amount: str = Field(description="A decimal string, such as 1250000.00")
    currency: str = Field(description="ISO 4217")


class MoneyIn(Schema):
    amount: Decimal | str = Field(description='A number or a decimal string ("1250000.00", "1,250,000")')
    currency: str = Field("", description="ISO 4217, such as CNY or USD; required with an amount")


class CodeOut(Schema):
    code: str
    title: str | None = Field(description="In the request's language; null when the code list lacks the code")
    title_en: str | None
    title_zh: str | None


class CodeRef(Schema):
    code: str


class ContractIn(Schema):
    id: int | None = Field(None, description="An existing past contract's id, to keep it (and its award link)")
    title: str = ""
    buyer: str = ""
    year: int | None = None
    value: MoneyIn | None = None
    description: str = ""


class SourceOut(Schema):
    ocid: str
    award_id: str
    opportunity_url: str = Field(description="The award's notice in the API")


class ContractOut(ContractIn):
    id: int
    value: MoneyOut | None
    imported: bool = Field(description="Imported from the award data (then `source` says from where)")
    source: SourceOut | None


class CertificateIn(Schema):
    id: int | None = Field(None, description="An existing certificate's id, to keep it")
    kind: str = Field("", description="iso_9001, iso_14001, iso_45001, sa8000 or other")
    name: str = Field("", description="The certificate's name; required for `other`")
    number: str = ""
    issuer: str = ""
    issued: date | None = None
    expires: date | None = None


class CertificateOut(CertificateIn):
    id: int
    label: str = Field(description='"ISO 9001", or the name of an other certificate')
    expired: bool


class WomenOwnedIn(Schema):
    ownership_percent: Decimal | str = Field(description="Share owned by women, 0–100")
    ownership_evidence: str = ""
    women_managed: bool = False
    management_evidence: str = ""
    women_controlled: bool = False
    control_evidence: str = ""


class WomenOwnedOut(WomenOwnedIn):
    ownership_percent: str
    meets_iwa34: bool = Field(description="More than 50% owned, and managed and controlled by women (IWA 34)")
    status: str = Field(description="self_declared or verified (by a programme operator)")
    verified_at: datetime | None
    declared_at: datetime


class ProfileIn(Schema):
    """PUT sends every part (a part left out is emptied); PATCH only the parts to change."""

    name_zh: str = ""
    name_en: str = ""
    country: str = Field("", description="ISO 3166-1 alpha-2")
    province: str = ""
    city: str = ""
    size_class: str = Field("", description="micro, small, medium or large; empty: set from the headcount")
    employees: int | None = None
    turnover: MoneyIn | None = None
    founded_year: int | None = None
    description: str = Field("", description="Any language, at most 20,000 characters")
    unspsc: list[str | CodeRef] = Field([], description=f"UNSPSC codes (8 digits), at most {MAX_CODES}")
    past_contracts: list[ContractIn] = Field([], description=f"At most {MAX_CONTRACTS}")
    certificates: list[CertificateIn] = Field([], description=f"At most {MAX_CERTIFICATES}")
    women_owned: WomenOwnedIn | None = Field(None, description="null withdraws the declaration")
    ungm_level: str = Field("", description="none, basic, level_1 or level_2; empty: not answered")
    ungm_number: str = ""
    languages: list[str] = Field([], description="zh, en, fr, es, ru, ar, pt, de, ja, ko")
    export_countries: list[str] = Field([], description="ISO 3166-1 alpha-2 codes")
    export_years: int | None = None
    export_notes: str = ""
    wants_international: bool = Field(
        False, description="The feed puts UN and development-bank notices above national ones that fit as well"
    )
    visible: bool = Field(False, description="Shown to buyers and programme operators")


class OrganisationOut(Schema):
    id: int
    name: str


class ChecklistItemOut(Schema):
    key: str
    label: str
    hint: str
    weight: int
    done: bool
    section: str


class CompletenessOut(Schema):
    score: int = Field(description="0–100: the weights of the items that are done")
    next: ChecklistItemOut | None = Field(description="What to add next; null when complete")
    items: list[ChecklistItemOut]


class ProfileOut(Schema):
    id: int
    organisation: OrganisationOut
    names: list[str]
    name_zh: str
    name_en: str
    country: str | None
    country_name: str | None = Field(description="In the request's language")
    province: str
    city: str
    size_class: str | None
    employees: int | None
    turnover: MoneyOut | None
    founded_year: int | None
    description: str
    unspsc: list[CodeOut]
    past_contracts: list[ContractOut]
    certificates: list[CertificateOut]
    women_owned: WomenOwnedOut | None
    ungm_level: str | None
    ungm_number: str
    languages: list[str]
    export_countries: list[str]
    export_years: int | None
    export_notes: str
    wants_international: bool
    visible: bool
    updated: datetime
    completeness: CompletenessOut
    page_url: str = Field(description="The profile's read-only page, in the request's language")


class SupplierSummaryOut(Schema):
    id: int
    name: str
    names: list[str]
    country: str | None
    size_class: str | None
    women_owned: bool | None = Field(description="Meets IWA 34 (self-declared or verified); null: no answer")
    updated: datetime
    api_url: str


class DirectoryOut(Schema):
    items: list[SupplierSummaryOut]
    page: int
    pages: int
    total: int


class DirectoryParams(Schema):
    page: int = Field(1, ge=1)


class AwardCandidateOut(Schema):
    id: int = Field(description="Pass in `awards` to import it")
    ocid: str
    award_id: str
    title: str
    buyer: str
    year: int | None
    value: MoneyOut | None
    already_imported: bool


class PartyCandidateOut(Schema):
    id: int
    name: str
    country: str | None
    awards: list[AwardCandidateOut]


class CandidatesOut(Schema):
    searched: list[str] = Field(description="The name cores searched for (normalised, legal form dropped)")
    parties: list[PartyCandidateOut]
    more: bool = Field(description="More awards matched than are listed (500)")


class CandidateParams(Schema):
    name: str = Field("", max_length=200, description="Also search under this name (a former or trading name)")


class ImportIn(Schema):
    awards: list[int] = Field(description="Ids of awards from the candidates")
    name: str = Field("", max_length=200, description="The other name the candidates were searched under")


class ImportOut(Schema):
    created: int
    already: int = Field(description="Chosen awards that were imported before (never duplicated)")
    profile: ProfileOut
