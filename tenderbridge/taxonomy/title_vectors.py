"""Sentence vectors of the UNSPSC class and commodity titles (lib/embeddings.py, the offline multilingual
encoder), so a company description in Chinese can be compared with English titles by meaning.

Kept in VAR_DIR (`taxonomy-title-vectors-<backend>.npz`) with a hash of the codes and titles they were made
from: a reloaded taxonomy with other titles makes them stale, and they are computed again (~10 s for the 12,778
titles on 2 cores). `import_taxonomy` computes them; a site that never ran it computes them on first use.
"""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from tenderbridge.lib import embeddings

from .models import UnspscCode

logger = logging.getLogger(__name__)

LEVELS = (UnspscCode.Level.CLASS, UnspscCode.Level.COMMODITY)  # what a supplier picks; families are too broad


@dataclass(frozen=True)
class TitleVectors:
    codes: list[str]
    vectors: np.ndarray  # (len(codes), dim) float32, unit rows
    key: str


_cached: TitleVectors | None = None
_lock = threading.Lock()


def path() -> Path:
    return Path(settings.VAR_DIR) / f"taxonomy-title-vectors-{settings.EMBEDDING_BACKEND}.npz"


def _rows() -> list[tuple[str, str]]:
    return list(UnspscCode.objects.filter(level__in=LEVELS).order_by("code").values_list("code", "title_en"))


def _key(rows: list[tuple[str, str]]) -> str:
    digest = hashlib.blake2b(digest_size=12)
    for code, title in rows:
        digest.update(f"{code}\x1f{title}\x1e".encode())
    return digest.hexdigest()


def get() -> TitleVectors:
    """The vectors of the loaded titles: from memory, from the file, or computed (and saved) when stale."""
    global _cached
    rows = _rows()
    key = _key(rows)
    with _lock:
        if _cached is not None and _cached.key == key:
            return _cached
        _cached = _load(key) or _compute(rows, key)
        return _cached


def _load(key: str) -> TitleVectors | None:
    try:
        with np.load(path(), allow_pickle=False) as saved:
            if str(saved["key"]) != key:
                return None
            return TitleVectors([str(c) for c in saved["codes"]], saved["vectors"].astype(np.float32), key)
    except (FileNotFoundError, KeyError, ValueError, OSError):
        return None


def _compute(rows: list[tuple[str, str]], key: str) -> TitleVectors:
    started = time.perf_counter()
    encoder = embeddings.get_encoder(settings.EMBEDDING_BACKEND)
    texts = [embeddings.document_text(title) for _code, title in rows]
    vectors = encoder.documents(texts) if texts else np.zeros((0, encoder.dim), np.float32)
    found = TitleVectors([code for code, _title in rows], vectors.astype(np.float32), key)
    file = path()
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_name(file.stem + ".tmp.npz")
    np.savez(temporary, codes=np.array(found.codes), vectors=found.vectors, key=np.array(key))
    temporary.replace(file)  # whole or not at all
    logger.info("taxonomy title vectors computed",
                extra={"titles": len(rows), "seconds": round(time.perf_counter() - started, 1)})
    return found


def reset() -> None:
    global _cached
    with _lock:
        _cached = None
