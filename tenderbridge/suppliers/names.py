"""Company names: splitting a mixed Chinese/English name, and the core of a name for matching award suppliers.

The core is the name as ingest normalises it (tenderbridge.lib.ocds.normalise.normalise_name: NFKC, case-folded,
punctuation to spaces) without its legal form at the end ("co ltd", "company limited", "s a", "有限公司"),
so "Peak International Trade (Tianjin) Co., Ltd." and "PEAK INTERNATIONAL TRADE (TIANJIN)" share a core.
"""

import re

from tenderbridge.lib.ocds.normalise import normalise_name

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(rf"[{_CJK}]")
_CJK_RUN = re.compile(rf"[{_CJK}][{_CJK}\s（）()·]*[{_CJK}）)]|[{_CJK}]")

# Legal forms, as normalised words; stripped from the end of a name, repeatedly ("co ltd", "company limited").
LEGAL_FORMS = {
    "co", "company", "companies", "ltd", "limited", "corp", "corporation", "inc", "incorporated", "llc",
    "plc", "gmbh", "ag", "sa", "sarl", "srl", "spa", "bv", "nv", "pvt", "pte", "private", "llp", "lp", "jsc",
    "ojsc", "pjsc", "oy", "ab", "kg", "sas", "sl", "cc", "pty", "bhd", "sdn", "kk", "ltda", "sac", "cia",
}
# Dotted forms split into letters by normalisation: "S.A." -> "s a", "S.R.L." -> "s r l".
LETTER_FORMS = ("s a r l", "s r l", "s p a", "s a s", "s a", "b v", "n v", "l l c", "p l c")
# Chinese legal forms, longest first.
CJK_FORMS = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "公司", "集团", "厂")

MIN_CORE_LETTERS = 3  # a shorter core ("a b", "中") would match too many unrelated suppliers
MIN_CORE_CJK = 2


def split_names(name: str) -> tuple[str, str]:
    """(Chinese, Latin) parts of a name such as "Suzhou Medtex Co., Ltd. 苏州美德纺织有限公司"; either may be ""."""
    name = " ".join((name or "").split())
    runs = _CJK_RUN.findall(name)
    chinese = max(runs, key=len).strip() if runs else ""
    latin = name.replace(chinese, " ") if chinese else name
    latin = " ".join(latin.split()).strip(" -–—/|,;")
    if not any(char.isalpha() for char in latin):
        latin = ""
    return chinese, latin


def core_name(name: str) -> str:
    """The normalised name without its legal form; "" when what is left is too short to match on."""
    words = normalise_name(name).split()
    changed = True
    while words and changed:
        changed = False
        tail = " ".join(words[-4:])
        for form in LETTER_FORMS:
            if tail == form or tail.endswith(" " + form):
                words = words[: -len(form.split())]
                changed = True
                break
        if not changed and len(words) > 1 and words[-1] in LEGAL_FORMS:
            words.pop()
            changed = True
        if not changed and words:
            for form in CJK_FORMS:
                if words[-1].endswith(form) and len(words[-1]) > len(form):
                    words[-1] = words[-1][: -len(form)]
                    changed = True
                    break
    core = " ".join(words)
    cjk = len(_HAS_CJK.findall(core))
    latin = sum(1 for char in core if char.isalnum()) - cjk
    return core if cjk >= MIN_CORE_CJK or latin >= MIN_CORE_LETTERS else ""


def has_letters(text: str) -> bool:
    """True when the text holds at least one letter or digit in any script (emoji alone are not a name)."""
    return any(char.isalnum() for char in text or "")
