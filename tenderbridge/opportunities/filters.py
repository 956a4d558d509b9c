"""What a search of the opportunities asks for: the query, the filters and the order, read from GET parameters.

One reader for the page and the API (`Search.from_querydict`), so both accept and refuse the same values with
the same messages. Every value is checked here; what is not allowed raises FilterError naming the parameter and,
for a choice, the allowed values. Unknown parameters are ignored (a shared link may carry tracking tags).
"""

import re
from dataclasses import dataclass, fields

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from tenderbridge.lib import countries, sources

from .models import Notice, Party

MAX_QUERY_CHARS = 500  # a longer query is refused with a message (never cut and echoed)

# What the source column holds (lib/sources module names), as readers know them.
SOURCE_LABELS = {
    "ocds": gettext_lazy("OCDS publishers"),
    "ungm": gettext_lazy("UN Global Marketplace (UNGM)"),
    "ted": gettext_lazy("Tenders Electronic Daily (TED, European Union)"),
    "asr": gettext_lazy("UN Annual Statistical Report"),
    "nato": gettext_lazy("NATO Support and Procurement Agency"),
}
STATUS_CHOICES = [
    ("open", gettext_lazy("Open for bids")),
    ("closed", gettext_lazy("Closed")),
    ("any", gettext_lazy("Open and closed")),
]
# "any": open and closed. Without a status the opportunities show the open ones (effective_status): a
# newcomer's first list is what one can still take part in; past contract awards have no deadline to pass.
STATUS_VALUES = [value for value, _label in STATUS_CHOICES]
# Deadline windows: open notices closing within so many days.
CLOSING_DAYS = (7, 14, 30, 90)


def closing_choices() -> list[tuple[str, str]]:
    return [(str(days), _("Closing within %(days)d days") % {"days": days}) for days in CLOSING_DAYS]


# What the list shows: the notices of calls for bids (plans and procurement notices, open by default), the
# awards (rows of award statistics — sources that report contracts awarded without the call: UN ASR, NATO
# NSPA; `Source.awards_only` — and notices that are only a contract award, notice type "contract_award"), or
# both. Opportunities by default: the award rows are 170 times as many as the
# tenders in the demo data, short ("Medical equipment") and close in meaning to any short query, so mixed in
# they took 520 of the 550 top-ten places of the cross-lingual test queries (docs/search.md).
KIND_CHOICES = [
    ("opportunities", gettext_lazy("Opportunities")),
    ("awards", gettext_lazy("Past contract awards")),
    ("all", gettext_lazy("All notices")),
]
KINDS = [value for value, _label in KIND_CHOICES]

YES_NO_CHOICES = [("yes", pgettext_lazy("filter value", "Yes")), ("no", pgettext_lazy("filter value", "No"))]
SORT_CHOICES = [
    ("relevance", gettext_lazy("Best match")),
    ("published", gettext_lazy("Newest first")),
    ("deadline", gettext_lazy("Closing soonest")),
    ("value", gettext_lazy("Highest value")),
]
SORTS = [value for value, _label in SORT_CHOICES]
MATCH_CHOICES = [
    ("", gettext_lazy("Words and meaning")),
    ("words", gettext_lazy("The words only")),
]


def source_names() -> list[str]:
    return sources.names()


def source_label(name: str) -> str:
    return str(SOURCE_LABELS.get(name, name))


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    allowed: list[str] | None = None
    max_length: int | None = None


class FilterError(ValueError):
    """One or more values are not allowed; each error says which values are. `search` is what remains valid
    (the page still lists it, with the message beside the filter at fault)."""

    def __init__(self, errors: list[FieldError], search: "Search | None" = None):
        super().__init__(" ".join(e.message for e in errors))
        self.errors = errors
        self.search = search

    @property
    def query_too_long(self) -> bool:
        return any(e.field == "q" for e in self.errors)

    def for_field(self, name: str) -> str:
        return " ".join(e.message for e in self.errors if e.field == name)

    @property
    def message(self) -> str:
        return " ".join(e.message for e in self.errors)


@dataclass(frozen=True)
class NoticeFilters:
    """What narrows the list. Empty means "any"; every value is checked by `from_querydict`."""

    source: str = ""
    notice_type: str = ""
    buyer_family: str = ""
    country: str = ""  # ISO 3166-1 alpha-2
    segment: str = ""  # UNSPSC segment, 8 digits ("42000000")
    family: str = ""  # UNSPSC family, 8 digits ("42130000")
    # "open": the deadline is still ahead; "closed": it has passed or is not given; "any": both; "": the default
    # (effective_status)
    status: str = ""
    closing: str = ""  # open and closing within so many days ("7", "14", "30", "90")
    sme: str = ""  # "yes": the source says it suits SMEs; "no": it says it does not
    sustainable: str = ""  # "yes"/"no": the source's sustainable-procurement flag
    buyer: int | None = None  # Party id
    kind: str = ""  # "opportunities", "awards", "all"; "" is the default (see effective_kind)

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def from_querydict(cls, data) -> "NoticeFilters":
        """Read the filters from GET parameters (other parameters are ignored); raise FilterError."""
        filters, errors = cls.read(data)
        if errors:
            raise FilterError(errors, Search(filters=filters))
        return filters

    @classmethod
    def read(cls, data) -> tuple["NoticeFilters", list[FieldError]]:
        """The valid filters of these GET parameters, and an error for each value that is not allowed (the
        others still apply: a reader's one mistyped value does not lose the rest)."""
        values, errors = {}, []
        for name in cls.names():
            raw = str(data.get(name) or "").strip()
            if not raw:
                continue
            try:
                values[name] = _PARSERS[name](raw)
            except ValueError as error:
                errors.append(error.args[0])
        return cls(**values), errors

    def as_query(self) -> dict[str, str]:
        """The filters as GET parameters, without the empty ones (for links that keep them)."""
        return {name: str(value) for name in self.names() if (value := getattr(self, name)) not in ("", None)}

    @property
    def active(self) -> bool:
        return bool(self.as_query())

    @property
    def effective_kind(self) -> str:
        """The kind shown: the one chosen; else every kind when a source is chosen (it says what it wants: a
        link to the UN award statistics must show them), else opportunities."""
        return self.kind or ("all" if self.source else "opportunities")

    @property
    def effective_status(self) -> str:
        """The status applied: the one chosen ("any": none); else open notices when opportunities are shown
        (awards have no deadline ahead: their tab shows them all)."""
        if self.status:
            return "" if self.status == "any" else self.status
        return "open" if self.effective_kind == "opportunities" else ""

    def without(self, name: str) -> "NoticeFilters":
        """These filters less one (a drill-down's parent drops its children: no family without its segment)."""
        changes = {name: None if name == "buyer" else ""}
        if name == "segment":
            changes["family"] = ""
        return type(self)(**{**{f: getattr(self, f) for f in self.names()}, **changes})


@dataclass(frozen=True)
class Search:
    """A whole search: the words, the filters and the order (the cursor travels beside it)."""

    q: str = ""
    filters: NoticeFilters = NoticeFilters()
    sort: str = ""  # "" is the default: relevance with words, newest first without
    match: str = ""  # "" finds the words and their meaning (other languages too); "words": the words only

    @classmethod
    def from_querydict(cls, data) -> "Search":
        """The search these GET parameters ask for; FilterError (with `.search`: the valid part, words
        included unless they are the fault) when a value is not allowed or the words are too long."""
        filters, errors = NoticeFilters.read(data)
        sort = _optional_choice(
            data, "sort", SORTS, _("“%(value)s” is not a known order. Allowed values: %(allowed)s."), errors
        )
        match = _optional_choice(
            data, "match", ["words"], _("“%(value)s” is not a known way to match. Allowed values: %(allowed)s."),
            errors,
        )
        # NUL is no character a reader types (and PostgreSQL refuses it in text); runs of spaces are one.
        q = " ".join(str(data.get("q") or "").replace("\x00", " ").split())
        if len(q) > MAX_QUERY_CHARS:
            errors.insert(0, FieldError("q", query_too_long_message(len(q)), max_length=MAX_QUERY_CHARS))
            q = ""  # refused, not cut: a cut query would search for something the reader did not ask
        search = cls(q=q, filters=filters, sort=sort, match=match)
        if errors:
            raise FilterError(errors, search)
        return search

    @property
    def effective_sort(self) -> str:
        return self.sort or ("relevance" if self.q else "published")

    def as_query(self) -> dict[str, str]:
        query = {"q": self.q} if self.q else {}
        query.update(self.filters.as_query())
        if self.sort:
            query["sort"] = self.sort
        if self.match:
            query["match"] = self.match
        return query


def query_too_long_message(length: int) -> str:
    return _(
        "The search words are too long: %(length)d characters, at most %(limit)d are allowed. "
        "Use fewer, more specific words."
    ) % {"length": length, "limit": MAX_QUERY_CHARS}


def _optional_choice(data, name: str, allowed: list[str], message: str, errors: list[FieldError]) -> str:
    raw = str(data.get(name) or "").strip()
    if not raw:
        return ""
    try:
        return _choice(name, raw, allowed, message)
    except ValueError as error:
        errors.append(error.args[0])
        return ""


def _shown(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:40] + "…"


def _choice(name: str, raw: str, allowed: list[str], message: str) -> str:
    value = raw.lower()
    if value not in allowed:
        text = message % {"value": _shown(raw), "allowed": ", ".join(allowed)}
        raise ValueError(FieldError(name, text, allowed))
    return value


def _parse_source(raw: str) -> str:
    message = _("“%(value)s” is not a known source. Allowed values: %(allowed)s.")
    return _choice("source", raw, source_names(), message)


def _parse_notice_type(raw: str) -> str:
    message = _("“%(value)s” is not a known notice type. Allowed values: %(allowed)s.")
    return _choice("notice_type", raw, list(Notice.Type.values), message)


def _parse_buyer_family(raw: str) -> str:
    message = _("“%(value)s” is not a known buyer family. Allowed values: %(allowed)s.")
    return _choice("buyer_family", raw, list(Party.Family.values), message)


def _parse_status(raw: str) -> str:
    message = _("“%(value)s” is not a known status. Allowed values: %(allowed)s.")
    return _choice("status", raw, STATUS_VALUES, message)


def _parse_closing(raw: str) -> str:
    message = _("“%(value)s” is not a known deadline window. Allowed values: %(allowed)s (days).")
    return _choice("closing", raw, [str(days) for days in CLOSING_DAYS], message)


def _parse_kind(raw: str) -> str:
    message = _("“%(value)s” is not a kind of notice. Allowed values: %(allowed)s.")
    return _choice("kind", raw, KINDS, message)


def _yes_no(name: str):
    def parse(raw: str) -> str:
        message = _("“%(value)s” is not allowed here. Allowed values: %(allowed)s.")
        return _choice(name, raw, ["yes", "no"], message)

    return parse


def _parse_country(raw: str) -> str:
    code = raw.upper()
    if code not in countries.codes():
        message = _(
            "“%(value)s” is not a country code. Use the two-letter ISO 3166-1 code, such as CN or GB."
        )
        raise ValueError(FieldError("country", message % {"value": _shown(raw)}))
    return code


def _parse_segment(raw: str) -> str:
    if not re.fullmatch(r"\d{2}000000", raw) or raw.startswith("00"):
        message = _(
            "“%(value)s” is not a UNSPSC segment. Use the eight-digit code of a segment, such as 42000000."
        )
        raise ValueError(FieldError("segment", message % {"value": _shown(raw)}))
    return raw


def _parse_family(raw: str) -> str:
    if not re.fullmatch(r"\d{4}0000", raw) or raw.startswith("00") or raw.endswith("000000"):
        message = _(
            "“%(value)s” is not a UNSPSC family. Use the eight-digit code of a family, such as 42130000."
        )
        raise ValueError(FieldError("family", message % {"value": _shown(raw)}))
    return raw


def _parse_buyer(raw: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 2**63:
        message = _("“%(value)s” is not a buyer number. Use the number of a buyer, such as 12.")
        raise ValueError(FieldError("buyer", message % {"value": _shown(raw)}))
    return int(raw)


_PARSERS = {
    "source": _parse_source,
    "notice_type": _parse_notice_type,
    "buyer_family": _parse_buyer_family,
    "country": _parse_country,
    "segment": _parse_segment,
    "family": _parse_family,
    "status": _parse_status,
    "closing": _parse_closing,
    "sme": _yes_no("sme"),
    "sustainable": _yes_no("sustainable"),
    "buyer": _parse_buyer,
    "kind": _parse_kind,
}
