"""Fail when the Chinese catalog has an untranslated or fuzzy entry (every string needs its zh-hans text)."""

import re
import sys
from pathlib import Path


def problems(text: str) -> list[str]:
    found = []
    for entry in text.split("\n\n"):
        if "msgid" not in entry or entry.lstrip().startswith('msgid ""\nmsgstr ""\n"'):
            continue
        msgid = re.search(r'^msgid "(.*)"', entry, re.M)
        if "#, fuzzy" in entry or re.search(r'msgstr(\[\d\])? ""\s*$', entry.strip()):
            found.append(msgid.group(1) if msgid else entry[:60])
    return found


def main(path: str) -> int:
    missing = problems(Path(path).read_text(encoding="utf-8"))
    for msgid in missing:
        print(f"untranslated or fuzzy: {msgid!r}", file=sys.stderr)
    if missing:
        print(f"{path}: {len(missing)} entries need a Chinese translation", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
