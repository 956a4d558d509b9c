import numpy as np
import pytest

from tenderbridge.lib import embeddings


@pytest.fixture(scope="module", params=["use", "e5"])
def encoder(request):
    return embeddings.get_encoder(request.param)


def test_vectors_are_unit_length_and_an_empty_text_is_a_zero_row(encoder):
    vectors = encoder.documents(["Supply of nitrile examination gloves", "", "   "])
    assert vectors.shape == (3, encoder.dim) and vectors.dtype == np.float32
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)
    assert not vectors[1].any() and not vectors[2].any()
    assert not encoder.query("").any()


def test_a_chinese_query_is_nearer_its_english_translation_than_an_unrelated_text(encoder):
    documents = encoder.documents(["Supply of nitrile examination gloves", "Office chairs for the country office"])
    scores = documents @ encoder.query("医用手套")
    assert scores[0] > scores[1]


def test_the_document_text_is_the_title_then_the_rest_cut_and_without_markup():
    assert embeddings.document_text("Gloves", "gloves", "<p>Nitrile &amp; latex</p>") == "Gloves. Nitrile & latex"
    assert len(embeddings.document_text("x" * 50, "y" * 500)) == embeddings.DOCUMENT_CHARS
    assert embeddings.document_text(None, "", None) == ""


def test_an_unknown_backend_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="use, e5"):
        embeddings.get_encoder("word2vec")


def _reference_clean(text):
    """clean() as first written (a loop over every character): the fast one must give exactly this, or every
    stored text hash would change and each notice be embedded again."""
    import html
    import re

    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = embeddings._TAG.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    letters = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    shouting = len(letters) >= 4 and sum(c.isupper() for c in letters) > 0.6 * len(letters)
    return text.lower() if shouting else text


def test_clean_gives_what_the_character_loop_gave_for_every_character_and_real_texts(real_data):
    import re
    import sys

    from tenderbridge.lib.ocds.readers import read_releases
    from tests.lib.ocds_testdata import REAL_OCDS_FOLDERS

    every = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    # White space: str.split() splits exactly where the regular expression \s matches.
    assert " ".join(f"a{every}b".split()) == re.sub(r"\s+", " ", f"a{every}b")
    # Cased letters and capitals, counted for every character (in runs of 16 to keep it quick).
    for start in range(0, len(every), 16):
        run = every[start : start + 16]
        letters = [c for c in run if c.isalpha() and c.lower() != c.upper()]
        assert embeddings.cased_letters(run) == (len(letters), sum(c.isupper() for c in letters)), run
    texts = ["", "  ", "A\u00a0B\u2028C\x1cD\u3000E", "ÉCOLE DE LA RÉPUBLIQUE", "École", "ǅǅǅǅ", "ªªªª", "ABCª"]
    for folder in REAL_OCDS_FOLDERS:
        for path in sorted((real_data / folder).rglob("*.json"))[:40]:
            for release in read_releases(path):
                tender = release.get("tender") if isinstance(release.get("tender"), dict) else {}
                texts += [str(tender.get(key) or "") for key in ("title", "description")]
    assert [embeddings.clean(t) for t in texts] == [_reference_clean(t) for t in texts]
