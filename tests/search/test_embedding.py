"""Notice vectors (search/embedding.py): each distinct text is encoded once."""

import pytest

from tenderbridge.search import embedding
from tenderbridge.search.models import IndexEntry
from tests.opportunities.packages import ingest, release

pytestmark = pytest.mark.django_db


def test_notices_with_the_same_text_are_encoded_once_and_get_the_same_vector(tmp_path, monkeypatch):
    ingest(
        tmp_path,
        release("e-1", "Not identified"),
        release("e-2", "Not identified"),
        release("e-3", "Solar lanterns"),
    )
    monkeypatch.setattr(embedding, "_recent", {})
    encoded = []
    documents = embedding.encoder().documents

    def counting(texts):
        encoded.extend(texts)
        return documents(texts)

    monkeypatch.setattr(embedding.encoder(), "documents", counting)
    ids = list(IndexEntry.objects.order_by("notice_id").values_list("notice_id", flat=True))
    assert embedding.embed_notices(ids) == 3
    assert sorted(encoded) == ["Not identified", "Solar lanterns"]
    vectors = {ocid: bytes(v) for ocid, v in IndexEntry.objects.values_list("notice__ocid", "vector")}
    assert vectors["e-1"] == vectors["e-2"] != vectors["e-3"]
    # Again, after the texts changed back and forth: nothing is encoded twice while the process remembers it.
    IndexEntry.objects.update(stale=True)
    assert embedding.embed_notices(ids) == 3
    assert sorted(encoded) == ["Not identified", "Solar lanterns"]
