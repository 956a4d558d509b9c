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
