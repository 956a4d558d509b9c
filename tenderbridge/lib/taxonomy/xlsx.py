"""A minimal streaming reader for the first-level rows of an .xlsx sheet, with the standard library only.

Only what the CPV workbook needs: shared and inline strings and plain numbers, no dates or styles.
"""

import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from os import PathLike

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    root = ET.fromstring(book.read("xl/sharedStrings.xml"))
    # Rich-text strings are split over several <t> runs; join them.
    return ["".join(t.text or "" for t in si.iter(f"{_NS}t")) for si in root.iter(f"{_NS}si")]


def _column(ref: str) -> int:
    index = 0
    for char in ref:
        if not char.isalpha():
            break
        index = index * 26 + ord(char.upper()) - 64
    return index - 1


def _cell_value(cell: ET.Element, strings: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_NS}t"))
    value = cell.find(f"{_NS}v")
    if value is None or value.text is None:
        return ""
    return strings[int(value.text)] if kind == "s" else value.text


def read_rows(path: str | PathLike[str], sheet: int = 1) -> Iterator[list[str]]:
    """Yield each row of sheet number `sheet` (1-based) as a list of cell texts ("" when empty)."""
    with zipfile.ZipFile(path) as book:
        strings = _shared_strings(book)
        with book.open(f"xl/worksheets/sheet{sheet}.xml") as stream:
            for _, element in ET.iterparse(stream):
                if element.tag != f"{_NS}row":
                    continue
                row: list[str] = []
                for cell in element.iter(f"{_NS}c"):
                    column = _column(cell.get("r", "")) if cell.get("r") else len(row)
                    row.extend([""] * (column - len(row)))
                    row.append(_cell_value(cell, strings))
                yield row
                element.clear()  # keep memory flat on the 9,455-row sheet
