"""Fail when the Chinese catalog has an untranslated or fuzzy entry (every string needs its zh-hans text)."""

import sys
from pathlib import Path


def _field(lines: list[str], keyword: str) -> str | None:
    """The joined string of `keyword` ("msgid", "msgstr", "msgstr[0]") in one entry, with continuation lines."""
    for index, line in enumerate(lines):
        if line.startswith(keyword + " "):
            parts = [line[len(keyword) + 1 :].strip()[1:-1]]
            for continuation in lines[index + 1 :]:
                if not continuation.startswith('"'):
                    break
                parts.append(continuation.strip()[1:-1])
            return "".join(parts)
    return None


def problems(text: str) -> list[str]:
    found = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        msgid = _field(lines, "msgid")
        if not msgid:  # the header, or an obsolete entry
            continue
        translations = [_field(lines, key) for key in ("msgstr", "msgstr[0]")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if fuzzy or not any(translations):
            found.append(msgid)
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
