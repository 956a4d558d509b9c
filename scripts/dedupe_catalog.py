"""Drop repeated entries from a .po catalog, keeping the first (parallel branches append the same string).

Usage: python scripts/dedupe_catalog.py PATH.po  — prints each entry dropped and whether its text differed.
"""

import re
import sys
from pathlib import Path


def _key(block: str) -> tuple[str, str] | None:
    lines = [line for line in block.splitlines() if not line.startswith("#")]
    text = "\n".join(lines)
    msgid = re.search(r'^msgid ((?:".*"\n?)+)', text + "\n", re.M)
    if not msgid:
        return None
    ctxt = re.search(r'^msgctxt ((?:".*"\n?)+)', text + "\n", re.M)
    return (ctxt.group(1) if ctxt else "", msgid.group(1))


def main(path: str) -> int:
    file = Path(path)
    blocks = file.read_text(encoding="utf-8").split("\n\n")
    seen: dict[tuple[str, str], str] = {}
    kept = []
    for block in blocks:
        key = _key(block)
        if key is not None and key != ("", '""\n') and key in seen:
            same = seen[key].split("msgstr", 1)[-1] == block.split("msgstr", 1)[-1]
            print(f"dropped a repeat of {key[1].strip()[:70]} ({'same text' if same else 'other text'})")
            continue
        if key is not None:
            seen[key] = block
        kept.append(block)
    file.write_text("\n\n".join(kept), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
