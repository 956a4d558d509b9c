"""What the evaluation (`manage.py evaluate_matching`) needs from the product, so it ranks as the feeds do.

`family_predictor()` gives notices and past contracts without codes the family the taxonomy classifier predicts
— the very classifier and threshold that give stored notices their "predicted" category
(opportunities/categories.py), so an evaluated notice carries what a stored one would.
"""

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from tenderbridge.opportunities import categories


def family_predictor() -> Callable[[str], tuple[str, ...]] | None:
    """text → (best family,) when its score reaches categories.MIN_SCORE, else (); None without a classifier."""
    model = categories.classifier()
    if model is None:
        return None

    @lru_cache(maxsize=200_000)  # award texts repeat (the ASR's category titles thousands of times)
    def predict(text: str) -> tuple[str, ...]:
        if not text or not text.strip():
            return ()
        family, score = model.predict(text, k=1)[0]
        return (family,) if score >= categories.MIN_SCORE else ()

    return predict


class CachedEncoder:
    """An encoder that remembers the vectors of texts it has seen in a file (the evaluation re-encodes the same
    names and award texts fold after fold). The vectors are the wrapped encoder's, only not computed twice."""

    def __init__(self, encoder, path):
        import numpy as np

        self.encoder, self.path, self.dim, self.name = encoder, Path(path), encoder.dim, encoder.name
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path, allow_pickle=False) as saved:
                self.vectors = dict(zip(saved["texts"].tolist(), saved["vectors"], strict=True))
        self.added = 0

    def documents(self, texts: list[str]):
        import numpy as np

        missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            for text, vector in zip(missing, self.encoder.documents(missing), strict=True):
                self.vectors[text] = vector
            self.added += len(missing)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self.vectors[text]
        return out

    def query(self, text: str):
        return self.encoder.query(text)

    def save(self) -> None:
        import numpy as np

        if not self.added:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        texts = list(self.vectors)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, texts=np.array(texts), vectors=np.stack([self.vectors[t] for t in texts]))
        tmp.replace(self.path)
        self.added = 0


def evaluation_encoder(cache: bool = True):
    """The product's encoder (USE), wrapped in a cache under VAR_DIR unless cache=False."""
    from django.conf import settings

    from tenderbridge.lib import embeddings

    encoder = embeddings.get_encoder("use")
    return CachedEncoder(encoder, Path(settings.VAR_DIR) / "matching-embedding-cache-use.npz") if cache else encoder
