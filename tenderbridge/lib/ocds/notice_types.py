"""Which kind of notice a compiled release is: UN / MDB / EU / OCDS vocabularies mapped to one list.

Order of evidence: our own `tender.noticeType` (set by the UNGM / TED / ASR converters, which know their
source's types), then the source's words in `tender.procurementMethodDetails` / `tender.title`, then the OCDS
tags and procurement method.
"""

import re

EOI = "eoi"
RFI = "rfi"
RFQ = "rfq"
ITB = "itb"
RFP = "rfp"
INDIVIDUAL_CONSULTANT = "individual_consultant"
CONTRACT_AWARD = "contract_award"
PLANNING = "planning"
GPN = "gpn"
SPN = "spn"
OTHER = "other"

KEYS = [EOI, RFI, RFQ, ITB, RFP, INDIVIDUAL_CONSULTANT, CONTRACT_AWARD, PLANNING, GPN, SPN, OTHER]

# Words the UN system, MDBs and national publishers use, most specific first.
_WORDS = [
    (INDIVIDUAL_CONSULTANT, r"individual consultan|consultor(?:ía)? individual|\bIC\b"),
    (EOI, r"expression[s]? of interest|\bR?EOI\b|manifestaci[oó]n de inter[eé]s|call for expression"),
    (RFI, r"request for information|\bRFI\b"),
    (RFQ, r"request for quotation|\bRFQ\b|invitation to quote|solicitud de cotizaci|cotizaci[oó]n|quotation"),
    (RFP, r"request for proposal|\bRFP\b|solicitud de propuesta|call for proposal"),
    (ITB, r"invitation (?:to|for) bid|\bITB\b|\bIFB\b|\bICB\b|\bNCB\b|invitation to tender|licitaci[oó]n"),
    (GPN, r"general procurement notice|\bGPN\b"),
    (SPN, r"specific procurement notice|\bSPN\b"),
    (CONTRACT_AWARD, r"contract award|award notice|adjudicaci[oó]n"),
]
_COMPILED = [(key, re.compile(pattern, re.IGNORECASE)) for key, pattern in _WORDS]


def from_words(words: str) -> str | None:
    for key, pattern in _COMPILED:
        if pattern.search(words or ""):
            return key
    return None


def classify(release: dict, tags: set[str] | None = None) -> str:
    """The notice type key; `tags` are the tags of the releases a compiled release was made from
    (a compiled release's own tag is just "compiled")."""
    tender = release.get("tender") if isinstance(release.get("tender"), dict) else {}
    own = tender.get("noticeType")
    if isinstance(own, str) and own in KEYS:
        return own
    details = tender.get("procurementMethodDetails")
    found = from_words(details if isinstance(details, str) else "")
    if found:
        return found
    tags = tags if tags is not None else {t for t in release.get("tag") or [] if isinstance(t, str)}
    has_tender = bool(tender.get("title") or tender.get("tenderPeriod") or tender.get("items"))
    if tags & {"award", "awardUpdate", "contract", "contractUpdate", "implementation"} or (
        release.get("awards") and not tender.get("tenderPeriod")
    ):
        return CONTRACT_AWARD
    if tags & {"planning", "planningUpdate"} and not has_tender:
        return PLANNING
    if tender.get("procurementMethod") == "open":
        return ITB  # an open call for bids is the national equivalent of an invitation to bid
    return OTHER
