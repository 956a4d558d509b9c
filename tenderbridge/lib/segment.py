"""Text → search tokens for mixed Chinese/Latin text: the one tokeniser both search engines rely on.

Both engines (SQLite FTS5, PostgreSQL `to_tsvector('simple', …)`) index a space-joined string of the tokens made
here, and the query goes through the same function, so the engines never need to understand Chinese or
accents themselves — and they agree on what a word is.

- HTML entities decoded and tags dropped ("&amp;" is "&", "<br/>" is a space): sources embed markup.
- NFKC: full-width letters and digits typed with a Chinese input method become plain ones ("ＵＮＤＰ２０２４"
  → "undp2024"), ligatures split ("ﬁ" → "fi").
- casefold, then accents dropped from Latin letters ("Kärcher" → "karcher", "Innkjøp" → "innkjop"): PostgreSQL's
  `simple` configuration keeps accents, FTS5's `remove_diacritics` drops them; folding here makes them equal.
- a word is a run of letters or digits of any script; punctuation, `_` and spaces separate words and are dropped.
- Chinese runs are segmented with rjieba: `cut_for_search` for indexing (the words *and* the shorter words inside
  them: 中华人民共和国 → 中华, 人民, 共和国, …, so a query for 共和国 finds the longer word), `cut` for queries (one
  token per word: a query is not broken into fragments that would match unrelated words).
"""

import html
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

import rjieba

# Han ideographs: Extension A, the unified block, compatibility ideographs, Extensions B–F.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"


def _mark_ranges(below: int = 0x3000) -> str:
    """The combining marks (Mn, Mc, Me) of the scripts below U+3000 as regex ranges: \\w lacks them, so without
    them Hindi, Thai or Arabic words would fall apart at every vowel sign (computed once, ~5 ms)."""
    marks = [c for c in range(below) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")]
    ranges, start = [], marks[0]
    for previous, current in zip(marks, marks[1:] + [-1], strict=True):
        if current != previous + 1:
            ranges.append(f"{chr(start)}-{chr(previous)}")
            start = current
    return "".join(ranges)


# A Han run, or a word: letters/digits of any other script (\w minus "_" minus Han). Text with combining marks
# takes the slower pattern that keeps them inside words; most text has none.
_PIECE = re.compile(rf"[{_HAN}]+|[^\W_{_HAN}]+")
_MARKS = _mark_ranges()
_HAS_MARK = re.compile(f"[{_MARKS}]")
_PIECE_WITH_MARKS = re.compile(rf"[{_HAN}]+|[^\W_{_HAN}](?:[^\W_{_HAN}]|[{_MARKS}])*")
_STARTS_HAN = re.compile(f"[{_HAN}]")
# Markup that notice texts carry (UNGM descriptions have <br/>, UK titles &amp;): not words of the notice.
_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ACCENTED_LATIN = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")
# Latin letters with no Unicode decomposition into letter + accent.
_UNDECOMPOSABLE = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"})

# Words that say nothing of what is bought or made: a search query drops STOP_WORDS (the index keeps them);
# matching (lib/matching/text.py) drops FUNCTION_WORDS from both sides, so "and", "with" or "we" never make a
# supplier and a notice look alike.
STOP_WORDS = frozenset(
    "a an and are as at be by for from in into is of on or the to with 的 和 与 及 或 等 之 在 为 对 了".split()
)
FUNCTION_WORDS = STOP_WORDS | frozenset(
    """about after all also am any been before being both but can could did do does each every has have having he
    her here his how i if its it's it may more most must no nor not now our ours out over own per she should so
    some such than that their them then there these they this those through under until up upon us very via was
    we were what when where which while who whom why will would you your
    de des du la le les et en un une pour par au aux sur dans avec est
    el los las y del al por para con una su se que
    og i på til av for med som er en et det den
    我们 我 你 您 他 它 是 有 也 都 就 将 从 把 被 其 这 那 该 以 于 并 而 及其 以及 可 能 可以""".split()
)

MAX_TOKEN_CHARS = 64  # longer "words" are hashes, base64 or glued text: noise, and PostgreSQL caps lexemes


def tokenize(text: str, *, for_query: bool = False) -> list[str]:
    """The tokens of a text, in order (duplicates kept: they are term frequencies)."""
    if not text:
        return []
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).casefold()
    ascii_text = text.isascii()
    pieces = (_PIECE if ascii_text or not _HAS_MARK.search(text) else _PIECE_WITH_MARKS).findall(text)
    if ascii_text or "".join(pieces).isascii():
        # Most notice texts (their only other characters are dashes, quotes or £): every piece is a word as it is.
        if not pieces or max(map(len, pieces)) <= MAX_TOKEN_CHARS:
            return pieces
        return [piece for piece in pieces if len(piece) <= MAX_TOKEN_CHARS]
    cut = rjieba.cut if for_query else rjieba.cut_for_search
    tokens: list[str] = []
    # findall + isascii (a flag check) is twice as fast as finditer with groups: this runs on every notice.
    for piece in pieces:
        if piece.isascii():
            if len(piece) <= MAX_TOKEN_CHARS:
                tokens.append(piece)
        elif _STARTS_HAN.match(piece):
            tokens.extend(cut(piece))
        else:
            word = _fold_accents(piece)
            if len(word) <= MAX_TOKEN_CHARS:
                tokens.append(word)
    return tokens


def for_index(text: str) -> str:
    """The space-joined tokens to store for a document text."""
    return " ".join(tokenize(text))


def for_index_joined(parts: list[str], known: Mapping[str, str] | None = None) -> str:
    """`for_index("\n".join(parts))`, taking the tokens of a part from `known` (text -> its `for_index`, made
    elsewhere: ingest's worker processes segment the long texts) where they can be reused.

    A line break ends every word and Han run and is inert to NFKC, casefold and entities, so the tokens of joined
    parts are the parts' tokens joined — unless markup could span parts (a "<" in one, once entities are read,
    may open a tag that ends in another), in which case the joined text is segmented whole."""
    if not known or any("<" in (html.unescape(part) if "&" in part else part) for part in parts):
        return for_index("\n".join(parts))
    return " ".join(filter(None, (known[part] if part in known else for_index(part) for part in parts)))


def for_query(text: str) -> str:
    """The space-joined tokens of a query."""
    return " ".join(tokenize(text, for_query=True))


@lru_cache(maxsize=65536)  # words repeat across notices; folding one is two normalisations and a filter
def _fold_accents(word: str) -> str:
    if not _ACCENTED_LATIN.search(word):
        return word  # Cyrillic, Greek, kana…: left as they are (NFKC already made them canonical)
    decomposed = unicodedata.normalize("NFD", word.translate(_UNDECOMPOSABLE))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
