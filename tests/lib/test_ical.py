from datetime import UTC, date, datetime, timedelta, timezone

import icalendar
import pytest

from tenderbridge.lib import ical
from tests import ics_strict

STAMP = datetime(2024, 3, 5, 23, 4, 44, tzinfo=UTC)


def event(**changes) -> ical.Event:
    values = {
        "uid": "ocds-x/001.deadline@tenderbridge.example.org",
        "stamp": STAMP,
        "start": datetime(2024, 4, 2, 17, 0, tzinfo=timezone(timedelta(hours=8))),
        "summary": "Deadline: Gloves",
        "description": "Buyer: UNICEF\nhttps://example.org/n/1",
        "url": "https://tenderbridge.example.org/en/opportunities/ocds-x/001/",
        "alarm_text": "Closes tomorrow",
        **changes,
    }
    return ical.Event(**values)


def test_text_values_escape_backslash_semicolon_comma_and_new_lines():
    assert ical.escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "截止时间：医用检查手套" * 20  # 3-octet characters
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts) and len(parts) > 3
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    assert ical.fold("SHORT:x") == "SHORT:x"


def test_a_timed_deadline_is_an_event_at_its_utc_moment_with_an_alarm_a_day_before():
    data = ical.calendar(event()).encode("utf-8")
    cal = ics_strict.parse(data)
    vevent = cal.one("VEVENT")
    assert vevent.get("DTSTART") == "20240402T090000Z"  # 17:00 at +08:00
    assert vevent.get("DTSTAMP") == "20240305T230444Z"
    assert vevent.get("UID") == "ocds-x/001.deadline@tenderbridge.example.org"
    assert ics_strict.unescape_text(vevent.get("DESCRIPTION")) == "Buyer: UNICEF\nhttps://example.org/n/1"
    assert "DTEND" not in {n for n, _p, _v in vevent.properties}  # a deadline is a moment
    alarm = vevent.one("VALARM")
    assert (alarm.get("ACTION"), alarm.get("TRIGGER")) == ("DISPLAY", "-P1D")


def test_a_day_only_deadline_is_an_all_day_event():
    cal = ics_strict.parse(ical.calendar(event(start=date(2024, 3, 18))).encode())
    vevent = cal.one("VEVENT")
    assert vevent.get("DTSTART") == "20240318" and vevent.params("DTSTART") == {"VALUE": "DATE"}
    assert vevent.get("DTEND") == "20240319"


def test_hostile_text_stays_inside_its_property():
    nasty = "Gloves, masks; \\ and\nEND:VEVENT\r\nBEGIN:VEVENT"
    data = ical.calendar(event(summary=nasty, description=nasty, url="https://x.org/a b")).encode()
    cal = ics_strict.parse(data)
    assert len(cal.children) == 1
    vevent = cal.one("VEVENT")
    assert ics_strict.unescape_text(vevent.get("SUMMARY")) == nasty.replace("\r\n", "\n")
    assert "URL" not in {n for n, _p, _v in vevent.properties}  # a URI with a space is left out


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="aware"):
        ical.calendar(event(start=datetime(2024, 4, 2, 9, 0)))


def test_the_icalendar_package_reads_the_same_event():
    title = "截止时间：医用检查手套, 20 000 pairs; lot 1 " * 4
    data = ical.calendar(event(summary=title)).encode("utf-8")
    (parsed,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(parsed["SUMMARY"]) == title
    assert parsed.decoded("DTSTART") == datetime(2024, 4, 2, 9, 0, tzinfo=UTC)
    assert str(parsed["UID"]) == "ocds-x/001.deadline@tenderbridge.example.org"
    (alarm,) = parsed.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)
