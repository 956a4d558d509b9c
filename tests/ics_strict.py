"""A strict reader of the iCalendar files we write (RFC 5545), for tests: it fails on anything a picky
calendar could choke on — a bare LF, a line over 75 octets, a fold inside a UTF-8 character, an unescaped
comma or semicolon in TEXT, an unbalanced BEGIN/END, a missing or repeated required property."""

import re
from dataclasses import dataclass, field

NAME = r"[A-Za-z0-9-]+"
LINE = re.compile(rf"^(?P<name>{NAME})(?P<params>(?:;{NAME}=(?:\"[^\"]*\"|[^\";:,]*))*):(?P<value>.*)$")
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "UID", "LOCATION", "COMMENT"}
REQUIRED = {
    "VCALENDAR": {"VERSION", "PRODID"},
    "VEVENT": {"UID", "DTSTAMP", "DTSTART"},
    "VALARM": {"ACTION", "TRIGGER"},
}
UTC_TIME = re.compile(r"^\d{8}T\d{6}Z$")
DATE = re.compile(r"^\d{8}$")


@dataclass
class Component:
    name: str
    properties: list[tuple[str, dict[str, str], str]] = field(default_factory=list)  # (name, params, value)
    children: list["Component"] = field(default_factory=list)

    def get(self, name: str) -> str:
        (value,) = [v for n, _p, v in self.properties if n == name]
        return value

    def params(self, name: str) -> dict[str, str]:
        (params,) = [p for n, p, _v in self.properties if n == name]
        return params

    def one(self, name: str) -> "Component":
        (child,) = [c for c in self.children if c.name == name]
        return child


def unescape_text(value: str) -> str:
    """A TEXT value, unescaped; AssertionError on an unescaped , ; or a stray backslash."""
    out, index = [], 0
    while index < len(value):
        char = value[index]
        if char == "\\":
            following = value[index + 1 : index + 2]
            assert following in ("\\", ";", ",", "n", "N"), f"bad escape \\{following} in {value!r}"
            out.append("\n" if following in "nN" else following)
            index += 2
            continue
        assert char not in ",;", f"unescaped {char!r} in TEXT {value!r}"
        out.append(char)
        index += 1
    return "".join(out)


def _physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n"), "the file must end with CRLF"
    lines = data[:-2].split(b"\r\n")
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, f"bare LF or CR in {line!r}"
        assert len(line) <= 75, f"line of {len(line)} octets (over 75): {line!r}"
        line.decode("utf-8")  # a fold never splits a character: each physical line decodes on its own
    return lines


def _logical_lines(data: bytes) -> list[str]:
    logical: list[bytes] = []
    for line in _physical_lines(data):
        if line[:1] in (b" ", b"\t"):
            assert logical, "a continuation line cannot come first"
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]


def _params(text: str) -> dict[str, str]:
    found = {}
    for part in filter(None, text.split(";")):
        key, _eq, value = part.partition("=")
        found[key.upper()] = value
    return found


def _check(component: Component) -> None:
    names = [n for n, _p, _v in component.properties]
    for required in REQUIRED.get(component.name, set()):
        assert names.count(required) == 1, f"{component.name} needs exactly one {required}"
    for name, params, value in component.properties:
        if name in TEXT_PROPERTIES:
            unescape_text(value)
        if name == "DTSTAMP":
            assert UTC_TIME.match(value), f"DTSTAMP {value!r} is not a UTC time"
        if name in ("DTSTART", "DTEND"):
            pattern = DATE if params.get("VALUE") == "DATE" else UTC_TIME
            assert pattern.match(value), f"{name} {value!r} does not match its VALUE type"


def parse(data: bytes) -> Component:
    """The VCALENDAR of `data`, checked; AssertionError naming the first problem."""
    stack: list[Component] = []
    root = None
    for line in _logical_lines(data):
        match = LINE.match(line)
        assert match, f"not a content line: {line!r}"
        name, params, value = match["name"].upper(), _params(match["params"]), match["value"]
        if name == "BEGIN":
            component = Component(value.upper())
            if stack:
                stack[-1].children.append(component)
            else:
                assert root is None, "one VCALENDAR per file"
                root = component
            stack.append(component)
        elif name == "END":
            assert stack and stack[-1].name == value.upper(), f"END:{value} does not close {stack[-1].name}"
            _check(stack.pop())
        else:
            assert stack, f"{name} outside any component"
            stack[-1].properties.append((name, params, value))
    assert root is not None and root.name == "VCALENDAR" and not stack, "unbalanced BEGIN/END"
    assert root.get("VERSION") == "2.0"
    return root
