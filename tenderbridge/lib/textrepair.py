"""Repair of mojibake: UTF-8 text that was decoded as Windows-1252 (or Latin-1) somewhere upstream.

"Â£42,110,000" -> "£42,110,000", "â€¢" -> "•", "KÃ¤rcher" -> "Kärcher", "â€™" -> "’".

Only byte sequences that are *valid UTF-8 once re-encoded* are repaired, one sequence at a time, so good
text around them (accented letters, Chinese, ...) is never touched. Two-byte sequences are the ones that
can occur in honest text (e.g. "É»" in French quotes), so they are repaired only when the lead character is
one that mojibake produces all the time (Â Ã Ä Å Î Ï Ð Ñ) or the second one is a Windows-1252 punctuation
sign or a C1 control character, which honest text does not contain.
"""

import re
from typing import Any

# Characters that stand for the bytes 0x80-0x9F when UTF-8 is decoded as Windows-1252 (or Latin-1,
# which gives the C1 controls U+0080-U+009F, also for 0x81, 0x8D, 0x8F, 0x90, 0x9D that cp1252 lacks).
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_C1 = "\u0080-\u009f"
_CONT = f"[{_C1}\u00a0-\u00bf{_CP1252_HIGH}]"  # a UTF-8 continuation byte, as decoded
_STRONG_CONT = f"[{_C1}{_CP1252_HIGH}]"
_LEAD2_COMMON = "ÂÃÄÅÎÏÐÑ"  # Latin-1 supplement, Latin Extended-A, Greek, Cyrillic

_MOJIBAKE = re.compile(
    f"[\u00c2-\u00df]{_CONT}"  # 2-byte sequences: U+0080-U+07FF
    f"|[\u00e0-\u00ef]{_CONT}{{2}}"  # 3-byte: U+0800-U+FFFF (punctuation, CJK, ...)
    f"|[\u00f0-\u00f4]{_CONT}{{3}}"  # 4-byte: U+10000 and up (emoji, ...)
)
# What every _MOJIBAKE match starts with: a lead character and one continuation. A single two-class pattern
# scans a long text several times faster than the three-way alternation, so it screens whole releases.
_POSSIBLE = re.compile(f"[\u00c2-\u00f4]{_CONT}")
# The same screen over UTF-8 bytes, a little wider (any character starting with one of those lead bytes), and
# three times faster: it starts with a literal byte, which the regex engine finds with memchr. Â..ô are
# C3 82..C3 B4; C1 controls and U+00A0-U+00BF start with C2, the Windows-1252 punctuation signs with C5, C6, CB
# or E2.
_POSSIBLE_UTF8 = re.compile(rb"\xc3[\x82-\xb4][\xc2\xc5\xc6\xcb\xe2]")
_STRONG = re.compile(_STRONG_CONT)
_C1_CHARS = re.compile(f"[{_C1}]")
_CP1252_BYTE = {ord(ch): ch.encode("cp1252") for ch in _CP1252_HIGH}
_MAX_ROUNDS = 3  # text that went through the wrong decoding twice or three times


def repair_mojibake(text: str) -> str:
    """The text with double-encoded UTF-8 repaired; the same object when there is nothing to repair."""
    for _ in range(_MAX_ROUNDS):
        repaired = _MOJIBAKE.sub(_repair_match, text)
        if repaired == text or _badness(repaired) >= _badness(text):
            break
        text = repaired
    return text


def _badness(text: str) -> int:
    """How much a text looks like mojibake: sequences of mojibake shape, and C1 control characters."""
    return len(_MOJIBAKE.findall(text)) + len(_C1_CHARS.findall(text))


def _repair_match(match: re.Match) -> str:
    seq = match.group()
    if len(seq) == 2 and seq[0] not in _LEAD2_COMMON and not _STRONG.search(seq):
        return seq  # could be honest text such as "É»"
    raw = _to_bytes(seq)
    try:
        return raw.decode("utf-8") if raw is not None else seq
    except UnicodeDecodeError:  # e.g. an overlong form or a surrogate: not UTF-8, so not mojibake
        return seq


def _to_bytes(seq: str) -> bytes | None:
    """The bytes that decoded (as cp1252, or Latin-1 for the bytes cp1252 lacks) to `seq`."""
    out = bytearray()
    for ch in seq:
        code = ord(ch)
        if code < 0x100:
            out.append(code)
        elif code in _CP1252_BYTE:
            out += _CP1252_BYTE[code]
        else:
            return None
    return bytes(out)


def repair_release(release: dict, serialised: str | bytes | None = None) -> dict:
    """The release with every string value repaired. Unchanged parts are shared, not copied; the
    argument is never modified (copy-on-write along the paths that change).

    `serialised`: the release's JSON text (or its UTF-8 bytes) when the caller has it; one search over it rules
    out most releases (no mojibake anywhere) without walking every string."""
    if isinstance(serialised, bytes) and not _POSSIBLE_UTF8.search(serialised):
        return release
    if isinstance(serialised, str) and not _POSSIBLE.search(serialised):
        return release
    return _repair_value(release)


def _repair_value(value: Any) -> Any:
    if isinstance(value, str):
        return repair_mojibake(value) if _MOJIBAKE.search(value) else value
    if isinstance(value, dict):
        return _repair_dict(value)
    if isinstance(value, list):
        return _repair_list(value)
    return value


def _repair_dict(obj: dict) -> dict:
    copy = None
    for key, value in obj.items():
        new = _repair_value(value)
        if new is not value:
            if copy is None:
                copy = dict(obj)
            copy[key] = new
    return obj if copy is None else copy


def _repair_list(items: list) -> list:
    copy = None
    for i, value in enumerate(items):
        new = _repair_value(value)
        if new is not value:
            if copy is None:
                copy = list(items)
            copy[i] = new
    return items if copy is None else copy
