"""iCalendar (RFC 5545) files with one event: the deadline of a notice, for any calendar application.

Django-free: the caller gives the texts (already translated) and the moments; this module writes a strict
VCALENDAR — CRLF line ends, TEXT values escaped (backslash, semicolon, comma, new lines), content lines
folded at 75 octets without splitting a UTF-8 character — so that picky parsers (Outlook, Apple Calendar,
`icalendar`) read it as Google Calendar does.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

PRODID = "-//TenderBridge//Notice deadlines//EN"
MAX_OCTETS = 75  # RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break


@dataclass(frozen=True)
class Event:
    uid: str  # globally unique and stable: the same notice gives the same UID on every download
    stamp: datetime  # DTSTAMP: when the information was last revised (aware)
    start: datetime | date  # an aware datetime (written in UTC), or a date for an all-day event
    summary: str
    description: str = ""
    url: str = ""
    alarm_text: str = ""  # when given, a display alarm one day before the start


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, every line break as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line, folded into chunks of at most 75 octets (continuations start with a space)."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = MAX_OCTETS if not chunks else MAX_OCTETS - 1  # the leading space counts
        if size + width > limit:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("iCalendar times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _start_lines(start: datetime | date) -> list[str]:
    if isinstance(start, datetime):
        return [f"DTSTART:{_utc(start)}"]
    following = date.fromordinal(start.toordinal() + 1)
    return [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{following:%Y%m%d}"]


def calendar(event: Event) -> str:
    """The whole .ics file as text (encode it as UTF-8)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{_utc(event.stamp)}",
        *_start_lines(event.start),
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url and not any(char <= " " for char in event.url):
        lines.append(f"URL:{event.url}")  # a URI value: not TEXT, so not escaped (and never spaces)
    lines.append("TRANSP:TRANSPARENT")  # a deadline does not make anyone busy
    if event.alarm_text:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(event.alarm_text)}",
            "TRIGGER:-P1D",
            "END:VALARM",
        ]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
