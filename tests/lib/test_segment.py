import subprocess
import sys

import pytest

from tenderbridge.lib import segment
from tenderbridge.lib.segment import MAX_TOKEN_CHARS, for_index, for_query, tokenize
from tests.conftest import REPO


def test_mixed_chinese_and_latin_text_gives_words_of_both():
    assert tokenize("医用手套采购 Medical GLOVES, nitrile (size M)!") == [
        "医用", "手套", "采购", "medical", "gloves", "nitrile", "size", "m",
    ]


def test_indexing_adds_the_shorter_words_inside_a_long_chinese_word():
    indexed = tokenize("中华人民共和国卫生部", for_query=False)
    assert {"中华人民共和国", "人民", "共和国", "卫生", "卫生部"} <= set(indexed)
    assert tokenize("中华人民共和国卫生部", for_query=True) == ["中华人民共和国", "卫生部"]


@pytest.mark.parametrize(
    "text",
    [
        "一次性医用外科口罩二十万只，符合国家标准。",
        "医院影像设备和检验设备的维修与保养服务，为期三年。",
        "上海市卫生健康委员会 2024年度 办公家具采购项目（第二包）",
        "衛生福利部國民健康署",
    ],
)
def test_every_query_token_of_a_text_is_indexed_for_that_text(text):
    # So a query copied from a notice always finds it.
    assert set(tokenize(text, for_query=True)) <= set(tokenize(text))


def test_digits_stay_and_chinese_and_digits_are_split():
    assert tokenize("2024年度 lot 3 covid-19") == ["2024", "年度", "lot", "3", "covid", "19"]


def test_full_width_forms_and_case_are_normalised():
    assert tokenize("ＵＮＤＰ２０２４ ＩＴ Ｓｅｒｖｉｃｅｓ") == ["undp2024", "it", "services"]
    assert tokenize("Straße") == ["strasse"]


def test_latin_accents_are_folded_and_other_scripts_kept():
    assert tokenize("Kärcher Innkjøp café Łódź Œuvre") == ["karcher", "innkjop", "cafe", "lodz", "oeuvre"]
    assert tokenize("Привет καλημέρα") == ["привет", "καλημέρα"]


def test_words_with_combining_marks_stay_whole():
    assert tokenize("हिन्दी ภาษาไทย") == ["हिन्दी", "ภาษาไทย"]


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t\u3000", "!!! ... --- ()", "“”《》，。、；：？！", "👍😀", "_ __ ___"],
)
def test_punctuation_and_space_give_no_tokens(text):
    assert tokenize(text) == [] and for_index(text) == "" and for_query(text) == ""


def test_search_syntax_becomes_plain_words():
    assert tokenize('a"b* NEAR(c, 2) -d ^e title:f {g} snake_case') == [
        "a", "b", "near", "c", "2", "d", "e", "title", "f", "g", "snake", "case",
    ]


def test_markup_is_not_text():
    assert tokenize("Tea &amp; Coffee<br/><p class='x'>St Bede&apos;s</p> &lt;b&gt;bold&lt;/b&gt;") == [
        "tea", "coffee", "st", "bede", "s", "bold",
    ]


def test_overlong_tokens_are_dropped():
    assert tokenize("ok " + "x" * (MAX_TOKEN_CHARS + 1) + " " + "y" * MAX_TOKEN_CHARS) == ["ok", "y" * MAX_TOKEN_CHARS]


def test_the_strings_are_space_joined_tokens():
    assert for_index("医用手套 Gloves") == "医用 手套 gloves"
    assert for_query("中华人民共和国 Gloves") == "中华人民共和国 gloves"


def test_repeated_words_are_kept_as_frequencies():
    assert tokenize("office office Office") == ["office"] * 3


def test_the_module_does_not_need_django():
    code = "import sys, tenderbridge.lib.segment; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "False"


def _general_tokenize(text: str) -> list[str]:
    """tokenize() without its shortcut for ASCII text: the loop over every piece."""
    import html
    import unicodedata

    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = segment._TAG.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).casefold()
    pattern = segment._PIECE_WITH_MARKS if segment._HAS_MARK.search(text) else segment._PIECE
    tokens = []
    for piece in pattern.findall(text):
        if piece.isascii() or not segment._STARTS_HAN.match(piece):
            word = piece if piece.isascii() else segment._fold_accents(piece)
            if len(word) <= segment.MAX_TOKEN_CHARS:
                tokens.append(word)
        else:
            tokens.extend(segment.rjieba.cut_for_search(piece))
    return tokens


def test_the_shortcut_for_ascii_text_gives_what_the_loop_over_pieces_gives(real_data):
    from tenderbridge.lib.ocds.readers import read_releases
    from tests.lib.ocds_testdata import REAL_OCDS_FOLDERS

    texts = ["", "x" * 64 + " a " + "y" * 65, "A_B c-d 3.5 &amp; <br/>e", "\x00\x1f~", "Innkjøp", "中文 word"]
    for folder in REAL_OCDS_FOLDERS:
        for path in sorted((real_data / folder).rglob("*.json"))[:40]:
            for release in read_releases(path):
                tender = release.get("tender") if isinstance(release.get("tender"), dict) else {}
                texts += [str(tender.get(key) or "") for key in ("title", "description")]
    assert sum(text.isascii() for text in texts) > 500
    assert [segment.tokenize(text) for text in texts] == [_general_tokenize(text) for text in texts]


def test_joined_parts_give_the_tokens_of_the_joined_text(real_data):
    import random

    from tenderbridge.lib.ocds.readers import read_releases
    from tests.lib.ocds_testdata import REAL_OCDS_FOLDERS

    texts = [
        "a <b",
        "c> d",  # a tag that opens in one part and closes in the next
        "&lt;p",
        "x&gt; y",
        "R&D &amp; more",
        "a\u0301",
        "\u0301b",  # a combining mark at the start of a part
        "中华人民",
        "共和国 word",
        "Innkjøp",
        "ＵＮＤＰ２０２４",
        "x" * 70,
        "",
        " ",
    ]
    for folder in REAL_OCDS_FOLDERS:
        for path in sorted((real_data / folder).rglob("*.json"))[:20]:
            for release in read_releases(path):
                tender = release.get("tender") if isinstance(release.get("tender"), dict) else {}
                texts += [str(tender.get(key) or "") for key in ("title", "description")]
                texts += [str(i.get("description") or "") for i in tender.get("items") or [] if isinstance(i, dict)]
    chooser = random.Random(5)
    for _ in range(3000):
        parts = chooser.sample(texts, chooser.randint(1, 5))
        known = {part: for_index(part) for part in chooser.sample(parts, chooser.randint(0, len(parts)))}
        assert segment.for_index_joined(parts, known) == for_index("\n".join(parts)), parts
