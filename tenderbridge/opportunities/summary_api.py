"""The notice summary's shape in the JSON twin (`summary`, an additive key of /api/v1/opportunities/<ocid>),
built from the same `NoticeSummary` the page shows (summary.py)."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from .summary import NoticeSummary


class SummaryLinkOut(Schema):
    text: str
    url: str


class SummaryFactOut(Schema):
    key: str = Field(
        description="what, items, buyer, where, value, deadline (awarded for a contract award), taking_part, "
        "notice_type, language, translation"
    )
    label: str
    text: str = Field(description="The sentences, in the request's language")
    sentences: list[str]
    note: str | None = Field(description="A short phrase shown apart: the countdown of the deadline")
    links: list[SummaryLinkOut]


class SummaryBuyerOut(Schema):
    name: str = Field(description="As the source wrote it")
    shown: str = Field(
        description="The official name in the request's language for an international organisation"
    )
    acronym: str | None
    family: str
    country: str | None = Field(description="ISO 3166-1 alpha-2")
    country_name: str | None
    name_source: str | None = Field(description="Where the official name comes from (lib/orgnames SOURCES)")


class NamedOut(Schema):
    code: str
    name: str = Field(description="CLDR's name in the request's language")


class SummaryCategoryOut(Schema):
    code: str
    title: str
    origin: str


class SummaryDeadlineOut(Schema):
    utc: datetime
    reader: datetime = Field(description="In the reader's time zone")
    reader_zone: str
    source: datetime | None = Field(description="In the notice's own zone (UTC when it gave none)")
    source_zone: str
    day_only: bool
    countdown: str


class SummaryOut(Schema):
    language: str = Field(description="The language the sentences are written in")
    headline: str
    facts: list[SummaryFactOut]
    buyer: SummaryBuyerOut | None
    categories: list[SummaryCategoryOut]
    countries: list[NamedOut]
    languages: list[NamedOut] = Field(description="The notice's language, named (never a bare code)")
    deadline: SummaryDeadlineOut | None
    taking_part: Literal["ocds", "ungm", "award", "planning", "none"] = Field(
        description="Where 'how to take part' came from; none: the data has nothing"
    )
    machine_translation: None = Field(
        description="Always null: no offline translation model is available (docs/decisions/)"
    )


def summary_out(summary: NoticeSummary | None) -> dict | None:
    if summary is None:
        return None
    b, d = summary.buyer, summary.deadline
    return {
        "language": summary.language,
        "headline": summary.headline,
        "facts": [
            {
                "key": f.key,
                "label": f.label,
                "text": f.text,
                "sentences": f.sentences,
                "note": f.note or None,
                "links": [{"text": link.text, "url": link.url} for link in f.links],
            }
            for f in summary.facts
        ],
        "buyer": None
        if b is None
        else {
            "name": b.name,
            "shown": b.shown,
            "acronym": b.acronym or None,
            "family": b.family,
            "country": b.country or None,
            "country_name": b.country_name or None,
            "name_source": b.name_source or None,
        },
        "categories": [{"code": c.code, "title": c.title, "origin": c.origin} for c in summary.categories],
        "countries": [{"code": n.code, "name": n.name} for n in summary.countries],
        "languages": [{"code": n.code, "name": n.name} for n in summary.languages],
        "deadline": None
        if d is None
        else {
            "utc": d.utc,
            "reader": d.reader,
            "reader_zone": d.reader_zone,
            "source": d.source,
            "source_zone": d.source_zone,
            "day_only": d.day_only,
            "countdown": d.countdown,
        },
        "taking_part": summary.taking_part,
        "machine_translation": None,
    }
