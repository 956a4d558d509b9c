"""Which family a buyer belongs to: the UN system, a development bank, another international organisation,
or a national/local public buyer. Suppliers filter by it (UNGM covers only the first; TED, only EU buyers)."""

import re
from functools import lru_cache

UN = "un"
DEVELOPMENT_BANK = "development_bank"
INTERNATIONAL = "international"
NATIONAL = "national"

FAMILIES = [UN, DEVELOPMENT_BANK, INTERNATIONAL, NATIONAL]

# Acronyms match case-sensitively ("WHO", not "who"); words match in any case.
_BANK_ACRONYMS = re.compile(r"\b(?:IBRD|IDA|IFC|ADB|AfDB|IDB|IADB|EBRD|EIB|AIIB|NDB|IsDB)\b")
_BANK_WORDS = re.compile(r"world bank|development bank|investment bank|reconstruction and development", re.I)
# Listed, not patterned: "UN" + letters would also match UNIVERSITY, UNITED, UNIT…
_UN_ACRONYMS = re.compile(
    r"\bUN\b|\bUN-|\b(?:UNDP|UNICEF|UNOPS|UNHCR|UNFPA|UNESCO|UNIDO|UNRWA|UNEP|UNAIDS|UNFCCC|UNOG|UNON|UNOV|"
    r"UNSOS|UNMISS|UNAMA|UNAMI|UNIFIL|UNDOF|UNFICYP|UNMIK|UNSMIL|UNITAR|UNU|UNSSC|UNODC|UNCTAD|UNECE|UNESCAP|"
    r"UNECA|UNWTO|UNV|UNCDF|UNMAS|UNICC|UNOCHA|UNDSS|UNLB|UNGSC|UNHABITAT|UNWOMEN|UNOCT|UNRCO|"
    r"WFP|WHO|FAO|ILO|IOM|ITU|WIPO|IAEA|PAHO|IFAD|UPU|WMO|ICAO|IMO|OHCHR|ESCAP|ECLAC|ESCWA|ITC|OCHA|DPKO|"
    r"DPPA|DOS|MONUSCO|MINUSMA|MINUSCA|MINURSO|MINUJUSTH|MINUSTAH)\b"
)
_UN_WORDS = re.compile(
    r"united nations|UN Women|UN-?Habitat|world health organi[sz]ation|world food programme|"
    r"food and agriculture organi[sz]ation|international labour|international organi[sz]ation for migration|"
    r"international telecommunication|联合国",
    re.I,
)
_INTERNATIONAL = re.compile(
    r"\bNATO\b|\bNSPA\b|\bOECD\b|global fund|\bGavi\b|european commission|european union|\bOSCE\b|"
    r"red cross|\bICRC\b|\bIFRC\b",
    re.I,
)

# What a source publishes when the buyer's name does not say it.
SOURCE_DEFAULTS = {"ungm": UN, "asr": UN, "nato": INTERNATIONAL}


@lru_cache(maxsize=65536)  # called for every notice; buyers repeat
def family(buyer_name: str, source_name: str = "") -> str:
    name = buyer_name or ""
    if _BANK_ACRONYMS.search(name) or _BANK_WORDS.search(name):
        return DEVELOPMENT_BANK
    if _UN_ACRONYMS.search(name) or _UN_WORDS.search(name):
        return UN
    if _INTERNATIONAL.search(name):
        return INTERNATIONAL
    return SOURCE_DEFAULTS.get(source_name, NATIONAL)
