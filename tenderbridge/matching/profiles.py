"""Supplier profiles as the ranker sees them (lib/matching PreparedSupplier), with their vectors kept.

A supplier's two vectors (name + description; the mean of its past contracts) are kept in its FeedState with the
hash of the texts they were made from, so ranking many suppliers (a feed update, a buyer's list) encodes only
the profiles whose texts changed.
"""

import hashlib
import threading

import numpy as np
from django.db.models import Count, Max

from tenderbridge.lib import embeddings
from tenderbridge.lib.matching.features import SupplierFeatures
from tenderbridge.lib.matching.index import (
    PreparedSupplier,
    SupplierIndex,
    prepare_suppliers,
    supplier_texts_key,
)
from tenderbridge.search.embedding import from_bytes, to_bytes
from tenderbridge.suppliers.models import SupplierProfile
from tenderbridge.suppliers.services import features_for_many

from .models import FeedState


def texts_hash(supplier: SupplierFeatures) -> str:
    return hashlib.blake2b(supplier_texts_key(supplier).encode(), digest_size=8).hexdigest()


def prepared(profiles) -> list[PreparedSupplier]:
    """PreparedSupplier of these profiles (a queryset), ordered by id: stored vectors where still current, each
    one's bm25_best from its last full ranking. Vectors computed here are not stored (the recompute does)."""
    features = features_for_many(profiles)
    states = {
        state.pk: state
        for state in FeedState.objects.filter(profile_id__in=[int(f.id) for f in features])
    }
    vectors = []
    for supplier in features:
        state = states.get(int(supplier.id))
        fresh = state is not None and state.profile_vector is not None and state.texts_hash == texts_hash(supplier)
        vectors.append((from_bytes(state.profile_vector).astype(np.float32),
                        from_bytes(state.history_vector).astype(np.float32)) if fresh else None)
    out = prepare_suppliers(features, _encoder(), vectors)
    for supplier in out:
        state = states.get(int(supplier.features.id))
        supplier.bm25_best = state.bm25_best if state is not None else 0.0
    return out


# Suppliers made ready for ranking, kept per process with the profile's `updated` stamp (every write to a profile
# moves it): a feed update after each ingest reads and prepares only the profiles that changed since the last one.
_kept: dict[int, tuple[object, PreparedSupplier]] = {}


def prepared_for_update(profile_ids: list[int]) -> list[PreparedSupplier]:
    """prepared() of these profiles, ordered by id, reusing those unchanged since they were last prepared here;
    each with the bm25_best of its current FeedState."""
    stamps = dict(SupplierProfile.objects.filter(pk__in=profile_ids).values_list("pk", "updated"))
    changed = [pk for pk, stamp in stamps.items() if _kept.get(pk, (None,))[0] != stamp]
    for supplier in prepared(SupplierProfile.objects.filter(pk__in=changed)) if changed else []:
        pk = int(supplier.features.id)
        _kept[pk] = (stamps[pk], supplier)
    best = dict(FeedState.objects.filter(pk__in=list(stamps)).values_list("pk", "bm25_best"))
    out = []
    for pk in sorted(stamps):
        supplier = _kept[pk][1]
        supplier.bm25_best = best.get(pk, 0.0)
        out.append(supplier)
    return out


def vector_fields(supplier: PreparedSupplier) -> dict:
    """The FeedState fields that keep this supplier's vectors."""
    return {
        "texts_hash": texts_hash(supplier.features),
        "profile_vector": to_bytes(supplier.profile_vector),
        "history_vector": to_bytes(supplier.history_vector),
    }


def _encoder():
    from django.conf import settings

    return embeddings.get_encoder(settings.EMBEDDING_BACKEND)


# --- the index of visible profiles, for buyers (kept per process) --------------------------------------------

_cached: tuple[tuple, SupplierIndex] | None = None
_lock = threading.Lock()


def _visible_key() -> tuple:
    """Changes whenever a visible profile or what it holds changes (every write to a profile bumps `updated`)."""
    row = SupplierProfile.objects.visible().aggregate(n=Count("pk"), latest=Max("updated"), top=Max("pk"))
    vectors = FeedState.objects.filter(profile__visible=True).aggregate(latest=Max("updated"))
    return (row["n"], row["latest"], row["top"], vectors["latest"])


def visible_index() -> SupplierIndex:
    """The SupplierIndex of every profile buyers may see, rebuilt when one changes."""
    global _cached
    key = _visible_key()
    with _lock:
        if _cached is None or _cached[0] != key:
            _cached = (key, SupplierIndex.from_prepared(prepared(SupplierProfile.objects.visible())))
        return _cached[1]


def reset() -> None:
    global _cached
    with _lock:
        _cached = None
        _kept.clear()
