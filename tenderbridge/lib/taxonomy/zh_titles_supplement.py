"""Hand-written Simplified-Chinese UNSPSC titles: the loader of data/unspsc_zh_titles.csv (Django-free).

Provenance (data/README.md): written by TenderBridge, translating the UNGM English title (unspsc-ungm-codeset),
using the terminology of the UNSPSC v7 (2005) Chinese titles where they exist. They are ours, not UNDP/GS1
translations, and are used only where the v7 list cannot give a title for the code's current meaning.

- SUPPLEMENT (`kind` supplement): segments and families v7 lacks, has without a Chinese title, or has with an
  English title that no longer matches the current code (see unspsc.english_titles_agree).
- CORRECTIONS (`kind` correction): codes whose v7 Chinese title is present but wrong or stale for the current
  English title (39101603 "Solar lamps" is 太阳能灯, not v7's 日光灯 "fluorescent lamp"); these win over v7.
"""

import csv
from pathlib import Path

ZH_TITLES_CSV = Path(__file__).with_name("data") / "unspsc_zh_titles.csv"
KINDS = ("supplement", "correction")


def load_zh_titles(path: Path = ZH_TITLES_CSV) -> dict[str, dict[str, str]]:
    """kind -> {code: Chinese title}. Raises ValueError naming the line of a malformed row."""
    tables: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    with open(path, newline="", encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            code, kind, title = row["code"].strip(), row["kind"].strip(), row["title_zh"].strip()
            if not (code.isdigit() and len(code) == 8 and kind in KINDS and title):
                raise ValueError(f"{path.name} line {line}: bad code, kind or empty title ({code!r}, {kind!r})")
            if code in tables[kind]:
                raise ValueError(f"{path.name} line {line}: {code} is listed twice as a {kind}")
            tables[kind][code] = title
    return tables


_TABLES = load_zh_titles()
SUPPLEMENT: dict[str, str] = _TABLES["supplement"]
CORRECTIONS: dict[str, str] = _TABLES["correction"]
