"""A notice summed up in the reader's language from its structured data — what is bought, by whom, where, by
when, how to take part, in which language — so a Chinese reader understands a Norwegian, Spanish or Ukrainian
notice without reading it. Nothing is translated: every sentence is ours (gettext, whole sentences with named
placeholders) and every value comes from a column, a code or a name table:

- what: the notice's UNSPSC categories with their taxonomy titles (Chinese ones on the Chinese site), the
  strongest first and said for what they are (given, mapped from CPV, guessed from the text), and its items;
- buyer: international organisations by their official names (lib/orgnames: UNICEF 联合国儿童基金会…);
  any other buyer keeps its own name, with its country;
- where, languages: CLDR's names of the countries and languages (Babel), never a raw code such as "en-gb";
- when: the deadline in the reader's zone and in the notice's own (or UTC), with the countdown;
- how to take part: lib/ocds/participation's contacts and submission terms; for UNGM, whose export has none
  of them, the UNGM notice link and the registration level such notices usually ask for; for an award, that it
  cannot be bid for; else it says the data has nothing.

`notice_summary(page)` is built in `detail.notice_page` from what the page already read: no query of its own.
"""

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_name
from babel.lists import format_list
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from tenderbridge.lib import countries as country_codes
from tenderbridge.lib import orgnames
from tenderbridge.lib.ocds import notice_types as types
from tenderbridge.lib.ocds.normalise import parse_datetime

from .taking_part import Link, taking_part

SHOWN_CATEGORIES = 5
SHOWN_ITEMS = 3
NATIVE_LANGUAGES = ("es", "fr", "pt", "ru", "uk", "hy", "ro", "nb", "nn", "de", "it", "nl", "zh_Hans")
UK_NATIONS = {"ENGLAND", "SCOTLAND", "WALES", "NORTHERN IRELAND"}  # buyers' countryName in UK OCDS data


@dataclass(frozen=True)
class Fact:
    key: str  # what, items, buyer, where, value, deadline or awarded, taking_part, notice_type, language, translation
    label: str
    sentences: list[str]
    links: list[Link] = field(default_factory=list)
    note: str = ""  # a short phrase shown apart, such as the countdown ("19 天后截止")

    @property
    def text(self) -> str:
        """The sentences as one text: Chinese runs sentences together, English leaves a space."""
        gap = "" if (get_language() or "").startswith("zh") else " "
        return gap.join(self.sentences)


@dataclass(frozen=True)
class BuyerName:
    name: str  # as the source wrote it
    shown: str  # in the reader's language: the official name of an international organisation, else `name`
    acronym: str  # "" for a buyer not in lib/orgnames
    family: str  # un, development_bank, international, national
    country: str  # ISO alpha-2, "" when not known
    country_name: str
    name_source: str  # lib/orgnames.SOURCES key of the official name; "" when `shown` is the source's name


@dataclass(frozen=True)
class Named:
    code: str
    name: str


@dataclass(frozen=True)
class CategoryName:
    code: str
    title: str
    origin: str  # given, crosswalk, predicted
    parent_title: str = ""  # on the Chinese site, for a code without a Chinese title: its nearest ancestor's


@dataclass(frozen=True)
class DeadlineSummary:
    utc: datetime
    reader: datetime
    reader_zone: str
    source: datetime | None  # in the notice's own zone; None when the source named none it could be read in
    source_zone: str  # its label; "UTC" when the notice gave no zone
    day_only: bool
    countdown: str


@dataclass(frozen=True)
class NoticeSummary:
    language: str  # the language the sentences are written in
    headline: str
    facts: list[Fact]
    buyer: BuyerName | None
    categories: list[CategoryName]
    countries: list[Named]
    languages: list[Named]
    deadline: DeadlineSummary | None
    taking_part: str  # ocds, ungm, award, planning, none: where "how to take part" came from
    machine_translation: None = None  # no offline model carries usable weights (docs/decisions)

    def fact(self, key: str) -> Fact | None:
        return next((f for f in self.facts if f.key == key), None)


# --- Names: CLDR (Babel) ---------------------------------------------------------------------------------


@cache
def _locale(language: str) -> Locale:
    return Locale.parse("zh_Hans" if language.startswith("zh") else "en")


def _lang() -> str:
    return get_language() or "en"


def country_name(code: str) -> str:
    locale = _locale(_lang())
    return locale.territories.get((code or "").upper()) or country_codes.name(code, _lang())


def language_name(code: str) -> str | None:
    """CLDR's name of a language tag ("en-gb" → 英语（英国）), None when it is not a language."""
    try:
        parsed = Locale.parse((code or "").strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    locale = _locale(_lang())
    name = locale.languages.get(parsed.language)
    if not name:
        return None
    region = locale.territories.get(parsed.territory or "")
    if region:
        return pgettext("language (region)", "%(language)s (%(region)s)") % {
            "language": name,
            "region": region,
        }
    return name


def listed(values: list[str]) -> str:
    """Values as the locale writes a list ("A、B和C", "A, B, and C")."""
    return format_list(values, locale=_locale(_lang())) if values else ""


def zone_label(moment: datetime, zone: str) -> str:
    """The reader's zone as CLDR names it at that moment, with its IANA name ("中国标准时间，Asia/Shanghai");
    the IANA name alone for UTC or a zone CLDR does not name."""
    try:
        name = get_timezone_name(moment, locale=_locale(_lang()))
    except (LookupError, ValueError, AttributeError):
        name = ""
    if not name or zone in ("UTC", "Etc/UTC") or name == zone:
        return zone
    return pgettext("time zone name and its IANA name", "%(name)s, %(zone)s") % {"name": name, "zone": zone}


def _when(moment: datetime) -> str:
    return formats.date_format(moment, "DATE_FORMAT") + " " + moment.strftime("%H:%M")


# --- The parts ---------------------------------------------------------------------------------------------


def buyer_name(notice) -> BuyerName | None:
    party = notice.buyer
    if party is None:
        return None
    match = orgnames.lookup(party.name)
    country = party.country or _release_buyer_country(notice.compiled_release)
    if match is None:
        return BuyerName(
            party.name,
            party.name,
            "",
            party.family or notice.buyer_family or "national",
            country,
            country_name(country) if country else "",
            "",
        )
    org = match.organisation
    shown = org.name_zh if _lang().startswith("zh") else org.name_en
    return BuyerName(
        party.name,
        shown,
        org.acronym,
        org.family,
        country,
        country_name(country) if country else "",
        org.source,
    )


def _release_buyer_country(release: dict) -> str:
    buyer_id = (release.get("buyer") or {}).get("id") if isinstance(release.get("buyer"), dict) else None
    for party in release.get("parties") or []:
        if not isinstance(party, dict) or (
            party.get("id") != buyer_id and "buyer" not in (party.get("roles") or [])
        ):
            continue
        written = (
            ((party.get("address") or {}).get("countryName") or "")
            if isinstance(party.get("address"), dict)
            else ""
        )
        written = written.strip() if isinstance(written, str) else ""
        if written.upper() in UK_NATIONS:
            return "GB"
        return country_codes.lookup(written) or _native_country_names().get(written.casefold(), "")
    return ""


@cache
def _native_country_names() -> dict[str, str]:
    """Country names as publishers write them in their own languages ("Украина", "México", "Norge") → ISO code,
    from CLDR's names in the languages of the demo data's publishers."""
    found: dict[str, str] = {}
    for tag in NATIVE_LANGUAGES:
        for code, name in Locale.parse(tag).territories.items():
            if len(code) == 2 and code.isalpha():
                found.setdefault(name.casefold(), code)
    return found


def _buyer_fact(buyer: BuyerName | None) -> Fact:
    label = _("Buyer")
    if buyer is None:
        return Fact("buyer", label, [_("The notice does not name its buyer.")])
    if buyer.acronym:
        values = {"name": buyer.shown, "acronym": buyer.acronym}
        sentence = {
            "un": _("%(name)s (%(acronym)s), an organisation of the United Nations system."),
            "development_bank": _("%(name)s (%(acronym)s), a multilateral development bank."),
        }.get(buyer.family, _("%(name)s (%(acronym)s), an international organisation.")) % values
        sentences = [sentence]
        if orgnames.normalise(buyer.name) not in {
            orgnames.normalise(buyer.shown),
            orgnames.normalise(buyer.acronym),
        }:
            sentences.append(_("The notice writes its name as “%(name)s”.") % {"name": buyer.name})
        return Fact("buyer", label, sentences)
    if buyer.country:
        return Fact(
            "buyer",
            label,
            [
                _("%(name)s, a public buyer in %(country)s.")
                % {"name": buyer.name, "country": buyer.country_name}
            ],
        )
    return Fact(
        "buyer", label, [_("%(name)s (the notice does not say in which country).") % {"name": buyer.name}]
    )


def _categories(row) -> list[CategoryName]:
    found = [CategoryName(c.code, c.title or c.code, c.origin) for c in row.categories]
    if not _lang().startswith("zh"):
        return found
    untitled = [
        c for c, given in zip(found, row.categories, strict=True) if given.title_en and not given.title_zh
    ]
    parents = _ancestor_titles([c.code for c in untitled]) if untitled else {}
    return [replace(c, parent_title=parents.get(c.code, "")) if c in untitled else c for c in found]


def _ancestors(code: str) -> list[str]:
    """The class, family and segment of an 8-digit UNSPSC code, nearest first."""
    return [a for a in (code[:6] + "00", code[:4] + "0000", code[:2] + "000000") if a != code]


def _ancestor_titles(codes: list[str]) -> dict[str, str]:
    """For codes without a Chinese title (UNSPSC's Chinese list stops at older codes), the Chinese title of the
    nearest ancestor that has one: one query, only when a category needs it."""
    from tenderbridge.taxonomy.models import UnspscCode  # the taxonomy is read here only

    wanted = {a for code in codes for a in _ancestors(code)}
    titles = dict(
        UnspscCode.objects.filter(code__in=wanted).exclude(title_zh="").values_list("code", "title_zh")
    )
    return {code: next((titles[a] for a in _ancestors(code) if a in titles), "") for code in codes}


def categories_listed(titles: list[str]) -> str:
    """Category titles one after another. Not the locale's list pattern: UNSPSC titles hold "and"/"和"
    themselves ("医疗设备、附件和用品"), so "A、B和C" would blur where one title ends."""
    return pgettext("separator between category titles", "; ").join(titles)


def _category_text(c: CategoryName) -> str:
    values = {"title": c.title, "code": c.code, "parent": c.parent_title}
    if c.parent_title:
        # Translators: a UNSPSC code with only an English title, and the Chinese title of the group it is in.
        return (
            pgettext("category without a Chinese title", "%(title)s (UNSPSC %(code)s, in “%(parent)s”)")
            % values
        )
    return pgettext("category title and code", "%(title)s (UNSPSC %(code)s)") % values


def _what_fact(categories: list[CategoryName]) -> Fact:
    label = _("What is bought")
    if not categories:
        return Fact(
            "what",
            label,
            [
                _(
                    "The notice gives no category of what is bought, and TenderBridge could not "
                    "guess one from its text."
                )
            ],
        )
    shown = categories[:SHOWN_CATEGORIES]
    sentences = []
    by_origin = {
        origin: [_category_text(c) for c in shown if c.origin == origin]
        for origin in ("given", "crosswalk", "predicted")
    }
    if by_origin["given"]:
        sentences.append(
            _("By the notice's own codes: %(categories)s.")
            % {"categories": categories_listed(by_origin["given"])}
        )
    if by_origin["crosswalk"]:
        sentences.append(
            _("By the UNSPSC categories of the notice's CPV codes: %(categories)s.")
            % {"categories": categories_listed(by_origin["crosswalk"])}
        )
    if by_origin["predicted"]:
        sentences.append(
            _("As TenderBridge guesses it from the notice's text (the notice gives no code): %(categories)s.")
            % {"categories": categories_listed(by_origin["predicted"])}
        )
    if len(categories) > len(shown):
        more = len(categories) - len(shown)
        sentences.append(
            ngettext("And %(count)d more category.", "And %(count)d more categories.", more) % {"count": more}
        )
    return Fact("what", label, sentences)


def _item_label(entry) -> str:
    titled = next((c.title for c in entry.classifications if c.title), "")
    text = titled or (entry.item.description or entry.item.ocds_id)[:80]
    if entry.item.quantity is None:
        return text
    quantity = formats.number_format(entry.item.quantity.normalize(), use_l10n=True, force_grouping=True)
    return pgettext("item and quantity", "%(item)s × %(quantity)s %(unit)s") % {
        "item": text,
        "quantity": quantity,
        "unit": entry.item.unit,
    }


def _items_fact(detail, categories: list[CategoryName]) -> Fact | None:
    entries = [e for e in detail.items if any(c.title for c in e.classifications)][:SHOWN_ITEMS]
    labels = list(dict.fromkeys(_item_label(entry) for entry in entries))
    # Only items with a taxonomy title say something in the reader's language; an item that is only the source's
    # words (a lot's name in Norwegian, "CST MIXCOAC") is left to the items table below, and one item that only
    # repeats the category says nothing more.
    if not labels or (detail.items_total == 1 and labels[0] in {c.title for c in categories}):
        return None
    sentence = ngettext(
        "The notice lists %(count)d item: %(items)s.",
        "The notice lists %(count)d items, among them: %(items)s.",
        detail.items_total,
    )
    return Fact("items", _("Items"), [sentence % {"count": detail.items_total, "items": listed(labels)}])


def _where_fact(places: list[Named]) -> Fact:
    if not places:
        return Fact(
            "where", _("Where"), [_("The notice does not say where the goods or services are delivered.")]
        )
    return Fact(
        "where",
        _("Where"),
        [_("Delivery to: %(countries)s.") % {"countries": listed([p.name for p in places])}],
    )


def deadline_summary(page) -> DeadlineSummary | None:
    notice, when = page.detail.notice, page.detail.deadline
    if notice.deadline is None:
        return None
    reader = timezone.localtime(notice.deadline)
    source = notice.deadline.astimezone(when.zone) if when.zone else None
    zone = when.zone_label if when.zone else ("" if when.zone_label else "UTC")
    if zone == "UTC":
        source = notice.deadline.astimezone(UTC)
    return DeadlineSummary(
        notice.deadline.astimezone(UTC),
        reader,
        timezone.get_current_timezone_name(),
        source,
        zone or when.zone_label,
        when.day_only,
        page.countdown.text if page.countdown else "",
    )


def _deadline_fact(page, summary: DeadlineSummary | None) -> Fact:
    label = _("Deadline")
    if summary is None:
        return Fact("deadline", label, [_("The notice gives no deadline.")])
    if summary.day_only:
        day = formats.date_format(summary.utc, "DATE_FORMAT")
        sentences = [
            _(
                "Deadline: %(day)s. The source gives the day only, not the time or the time zone: the "
                "original notice has the hour."
            )
            % {"day": day}
        ]
    else:
        sentences = [_deadline_sentence(page, summary)]
    return Fact("deadline", label, sentences, note=summary.countdown)


def _deadline_sentence(page, summary: DeadlineSummary) -> str:
    values = {"reader": _when(summary.reader), "reader_zone": zone_label(summary.reader, summary.reader_zone)}
    if summary.source is None:  # a zone named but not convertible
        values.update(utc=_when(summary.utc), zone=summary.source_zone)
        return (
            _(
                "Deadline: %(reader)s in your time zone (%(reader_zone)s), %(utc)s UTC. The notice names its time "
                "zone “%(zone)s”, which TenderBridge cannot convert."
            )
            % values
        )
    values.update(source=_when(summary.source), source_zone=summary.source_zone)
    if summary.source.utcoffset() == summary.reader.utcoffset():
        return (
            _(
                "Deadline: %(reader)s, in your time zone (%(reader_zone)s) and the notice's (%(source_zone)s) "
                "alike."
            )
            % values
        )
    if page.detail.deadline.zone is None:
        return (
            _(
                "Deadline: %(reader)s in your time zone (%(reader_zone)s), that is %(source)s UTC. The notice gives "
                "no time zone: its deadline was read as UTC."
            )
            % values
        )
    return (
        _(
            "Deadline: %(reader)s in your time zone (%(reader_zone)s), that is %(source)s in the notice's time "
            "zone (%(source_zone)s)."
        )
        % values
    )


def _is_award(notice) -> bool:
    return notice.notice_type == types.CONTRACT_AWARD or notice.source in ("asr", "nato")


def _award_when(award: dict) -> str:
    moment = parse_datetime(award.get("date"))[0] if isinstance(award, dict) else None
    if moment is None:
        return _("The record gives no date of the award.")
    precision = award.get("datePrecision")
    if precision == "year":
        return _("Awarded in %(year)d.") % {"year": moment.year}
    if precision == "halfYear":
        if moment.month < 7:
            return _("Awarded in the first half of %(year)d.") % {"year": moment.year}
        return _("Awarded in the second half of %(year)d.") % {"year": moment.year}
    return _("Awarded on %(date)s.") % {
        "date": formats.date_format(timezone.localtime(moment), "DATE_FORMAT")
    }


def _award_fact(detail) -> Fact:
    """For a contract award, when it was awarded and for how much, instead of a deadline."""
    awards = detail.notice.compiled_release.get("awards") or []
    sentences = [_award_when(awards[0] if awards else {})]
    if detail.awards and detail.awards[0].value:
        sentences.append(_("Contract value: %(value)s.") % {"value": detail.awards[0].value})
    return Fact("awarded", _("Awarded"), sentences)


def _named_languages(codes: list[str]) -> tuple[list[Named], list[str]]:
    known, unknown = [], []
    for code in dict.fromkeys(c.strip().lower() for c in codes if isinstance(c, str) and c.strip()):
        name = language_name(code)
        if name:
            known.append(Named(code, name))
        else:
            unknown.append(code)
    return known, unknown


def _document_languages(notice) -> list[str]:
    return [d.get("language") for d in notice.documents if isinstance(d, dict)]


def _language_fact(notice, known: list[Named], unknown: list[str]) -> Fact:
    sentences = []
    if known:
        sentences.append(
            _("The notice is written in %(languages)s.") % {"languages": listed([n.name for n in known])}
        )
    for code in unknown:
        sentences.append(
            _("The notice gives the language code “%(code)s”, which is not a known language.")
            % {"code": code}
        )
    if not sentences:
        sentences.append(_("The notice does not say in which language it is written."))
    documents, _unknown = _named_languages(_document_languages(notice))
    if documents and {n.code for n in documents} != {n.code for n in known}:
        sentences.append(
            _("Its documents are in %(languages)s.") % {"languages": listed([n.name for n in documents])}
        )
    if notice.source == "ungm":
        sentences.append(
            _(
                "The UNGM export TenderBridge reads gives the title and description in English (its "
                "scraper translated them); the documents on UNGM may be in another language."
            )
        )
    return Fact("language", _("Language"), sentences)


def _translation_fact(notice, known: list[Named]) -> Fact | None:
    """Said where the reader's language is not the notice's: its texts stay as published (no offline model)."""
    if not notice.title and not notice.description:
        return None
    reader = _lang().split("-")[0]
    if any(n.code.split("-")[0] == reader for n in known):
        return None
    base = language_name(known[0].code.split("-")[0]) if known else None
    language = base or _("the language of the source")
    return Fact(
        "translation",
        _("Title and description"),
        [
            _(
                "The title and description are shown as published, in %(language)s. TenderBridge does not translate "
                "them: no offline translation model is available to it yet, and nothing is sent to an online service."
            )
            % {"language": language}
        ],
    )


def notice_type_sentence(notice_type: str) -> str:
    """What a notice of this type asks of a supplier, in a sentence."""
    return {
        types.EOI: _(
            "The buyer asks suppliers to say they are interested and show their qualifications; the "
            "tender documents go later to the suppliers it shortlists."
        ),
        types.RFI: _(
            "The buyer is gathering information about the market; it is not buying yet, but answering "
            "makes the buyer aware of you."
        ),
        types.RFQ: _(
            "The buyer asks for prices for a clearly described need; the lowest price that meets the "
            "requirements usually wins."
        ),
        types.ITB: _(
            "The buyer invites formal bids against a full specification; bids are opened and compared by "
            "price among those that comply."
        ),
        types.RFP: _(
            "The buyer asks for proposals: the technical approach and the price are scored together."
        ),
        types.INDIVIDUAL_CONSULTANT: _("The buyer is hiring one person as a consultant, not a company."),
        types.CONTRACT_AWARD: _("The contract has been awarded: this notice says to whom."),
        types.PLANNING: _("The buyer announces a purchase it plans; bids are not invited yet."),
        types.GPN: _(
            "A development bank's borrower announces the purchases of a project; bids are invited later "
            "by specific notices."
        ),
        types.SPN: _(
            "A development bank's borrower invites bids or expressions of interest for one contract."
        ),
    }.get(notice_type, _("The source does not say which kind of notice this is."))


def _notice_type_fact(notice) -> Fact:
    label = str(notice.get_notice_type_display())
    return Fact(
        "notice_type",
        _("Notice type"),
        [_("Notice type: %(type)s.") % {"type": label}, notice_type_sentence(notice.notice_type)],
    )


def _headline(notice, buyer: BuyerName | None, categories: list[CategoryName], places: list[Named]) -> str:
    """One sentence: the kind of notice, who buys what, where (the parts the notice has)."""
    values = {
        "buyer": buyer.shown if buyer else _("A buyer the notice does not name"),
        "what": (categories[0].parent_title or categories[0].title) if categories else "",
        "where": listed([p.name for p in places]),
        "type": str(notice.get_notice_type_display()),
    }
    if _is_award(notice):
        if values["what"]:
            return _("Contract award: %(buyer)s bought %(what)s.") % values
        return _("Contract award: %(buyer)s awarded a contract.") % values
    if notice.notice_type == types.OTHER:
        values["type"] = _("Procurement notice")
    if values["what"] and values["where"]:
        return _("%(type)s: %(buyer)s buys %(what)s, delivered to %(where)s.") % values
    if values["what"]:
        return _("%(type)s: %(buyer)s buys %(what)s.") % values
    if values["where"]:
        return _("%(type)s: %(buyer)s buys for delivery to %(where)s.") % values
    return _("%(type)s: %(buyer)s.") % values


def _value_fact(row) -> Fact | None:
    if not row.value or not row.notice.value_amount:  # "0 GBP": publishers write 0 for "not given"
        return None
    return Fact("value", _("Estimated value"), [_("Estimated value: %(value)s.") % {"value": row.value}])


def notice_summary(page) -> NoticeSummary:
    """The summary of a notice page (detail.NoticePage) in the active language and time zone."""
    detail = page.detail
    notice = detail.notice
    buyer = buyer_name(notice)
    categories = _categories(detail.row)
    places = [Named(code, country_name(code)) for code in notice.countries or []]
    known, unknown = _named_languages([notice.language])
    deadline = deadline_summary(page)
    part = taking_part(page, listed)
    # In the order a supplier decides in: what, for whom, by when, how; then where, how much, what kind.
    facts = [
        _what_fact(categories),
        _items_fact(detail, categories),
        _buyer_fact(buyer),
        _award_fact(detail) if _is_award(notice) else _deadline_fact(page, deadline),
        Fact("taking_part", _("How to take part"), part.sentences, part.links),
        _where_fact(places),
        _value_fact(detail.row),
        _notice_type_fact(notice),
        _language_fact(notice, known, unknown),
        _translation_fact(notice, known),
    ]
    return NoticeSummary(
        language=_lang(),
        headline=_headline(notice, buyer, categories, places),
        facts=[f for f in facts if f is not None],
        buyer=buyer,
        categories=categories,
        countries=places,
        languages=known,
        deadline=deadline,
        taking_part=part.kind,
    )
