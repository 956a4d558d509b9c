"""UNSPSC categories suggested from a company description (any language; written for Chinese ones).

Three readings of the text, added up per code:
- the product vocabulary (lib/taxonomy/vocabulary.csv): a concept the text names (光伏组件, LED路灯, 笔记本电脑)
  brings its codes, the best first — the strongest evidence, and the one a reader can check ("from 光伏组件");
- sentence vectors: each clause of the text (split at 。，、；; and new lines) against the vectors of the class
  and commodity titles (title_vectors.py), the best cosine per title — what finds codes the vocabulary lacks;
- the family classifier (lib/taxonomy/classifier.py, the one that gives notices their predicted family): a
  candidate in one of the text's three likeliest families gains a little.
score = VOCABULARY_WEIGHT × Σ concept weights + max(0, cosine − MEANING_FLOOR) × MEANING_WEIGHT + FAMILY_WEIGHT ×
the family's share. The weights were set by reading the suggestions for the descriptions of
benchmarks/category_suggestions.py (docs/taxonomy.md gives its figures), not searched.
"""

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings

from tenderbridge.lib import embeddings
from tenderbridge.lib.taxonomy import vocabulary
from tenderbridge.lib.taxonomy.classifier import FamilyClassifier

from . import title_vectors
from .models import UnspscCode, in_active_language

DEFAULT_K = 5
MAX_TEXT = 4_000  # characters read: what a company makes is said in its first paragraphs
MAX_CLAUSES = 40
VOCABULARY_WEIGHT = 1.0
CODE_DECAY = 0.8  # a concept's second code counts 0.8 of its first, the third 0.64 …
MEANING_WEIGHT = 2.0
MEANING_FLOOR = 0.3  # cosines below this are the background similarity of unrelated texts
FAMILY_WEIGHT = 0.3
MEANING_CANDIDATES = 30  # titles kept from the vector comparison

_CLAUSE = re.compile(r"[。，,、；;！!？?\n：:（）()]+")


@dataclass(frozen=True)
class Suggestion:
    code: str
    level: str
    title_en: str
    title_zh: str | None
    score: float
    words: tuple[str, ...] = ()  # the description's words that named it (vocabulary synonyms)
    sources: tuple[str, ...] = field(default=())  # "vocabulary", "meaning", "family"

    @property
    def title(self) -> str:
        return in_active_language(self.title_en, self.title_zh)


def clauses(text: str) -> list[str]:
    parts = [" ".join(p.split()) for p in _CLAUSE.split(text[:MAX_TEXT])]
    return [p for p in parts if len(p) >= 2][:MAX_CLAUSES]


def suggest_categories(text: str, k: int = DEFAULT_K, exclude: set[str] | frozenset = frozenset()) -> list[Suggestion]:
    """The k best codes for a description, best first, leaving out `exclude` (codes the profile has)."""
    text = (text or "")[:MAX_TEXT]
    if not text.strip():
        return []
    scores: dict[str, float] = {}
    words: dict[str, list[str]] = {}
    sources: dict[str, set[str]] = {}

    def add(code: str, value: float, source: str, said: tuple[str, ...] = ()) -> None:
        scores[code] = scores.get(code, 0.0) + value
        sources.setdefault(code, set()).add(source)
        words.setdefault(code, []).extend(w for w in said if w not in words[code])

    for hit in vocabulary.default().find(text):
        strength = VOCABULARY_WEIGHT * (1.0 + 0.25 * min(hit.count - 1, 2))
        for position, code in enumerate(hit.concept.unspsc):
            add(code, strength * CODE_DECAY**position, "vocabulary", hit.words)
    for code, cosine in _by_meaning(text):
        add(code, MEANING_WEIGHT * (cosine - MEANING_FLOOR), "meaning")
    families = dict(_families(text))
    for code in list(scores):
        share = families.get(code[:4] + "0000")
        if share:
            add(code, FAMILY_WEIGHT * share, "family")
    return _titled(sorted((c for c in scores if c not in exclude), key=lambda c: (-scores[c], c))[: 3 * k],
                   scores, words, sources, k)


def _titled(codes, scores, words, sources, k) -> list[Suggestion]:
    """Suggestions of the codes the loaded taxonomy has (a vocabulary code it lacks is skipped)."""
    rows = UnspscCode.objects.in_bulk(codes)
    out = [
        Suggestion(code=c, level=rows[c].level, title_en=rows[c].title_en, title_zh=rows[c].title_zh or None,
                   score=round(scores[c], 4), words=tuple(words[c]), sources=tuple(sorted(sources[c])))
        for c in codes if c in rows
    ]
    return out[:k]


def _by_meaning(text: str) -> list[tuple[str, float]]:
    """(code, best cosine over the text's clauses) for the titles closest in meaning, above MEANING_FLOOR."""
    parts = clauses(text)
    vectors = title_vectors.get()
    if not parts or not len(vectors.codes):
        return []
    encoder = embeddings.get_encoder(settings.EMBEDDING_BACKEND)
    queries = encoder.documents([embeddings.document_text(p) for p in parts])
    best = (queries @ vectors.vectors.T).max(axis=0)
    top = np.argsort(-best)[:MEANING_CANDIDATES]
    return [(vectors.codes[i], float(best[i])) for i in top if best[i] > MEANING_FLOOR]


# --- the family classifier, read from VAR_DIR (the file opportunities/categories.py trains and keeps) --------

_model: tuple[float, FamilyClassifier] | None = None
_model_lock = threading.Lock()


def _families(text: str) -> list[tuple[str, float]]:
    model = _classifier()
    return model.predict(text, k=3) if model is not None else []


def _classifier() -> FamilyClassifier | None:
    global _model
    file = Path(settings.VAR_DIR) / "taxonomy-family-classifier.npz"
    try:
        mtime = file.stat().st_mtime
    except FileNotFoundError:
        return None
    with _model_lock:
        if _model is None or _model[0] != mtime:
            _model = (mtime, FamilyClassifier.load(file))
        return _model[1]


# --- what the ranker reads from a description (cheap: no sentence vectors, run for every profile) -----------

MAX_DESCRIBED_CODES = 12


@dataclass(frozen=True)
class Described:
    codes: tuple[str, ...]  # the best first
    words: tuple[tuple[str, str], ...]  # (code, the description's words that named it, "、"-joined)
    translated: tuple[str, ...]  # the product words in English, Spanish and French, the most usual first


def read_description(text: str) -> Described:
    """The codes and the English / Spanish / French product words of a description, from the vocabulary: what
    lets a Chinese description meet English notices by code and by word (matching reads it through
    suppliers.services.features_for). The vocabulary only — no vectors (cheap enough for every profile of a
    feed update) and no classifier (on the demo supplier's description it was sure of "Insulation", which then
    matched roof and door notices)."""
    hits = vocabulary.default().find((text or "")[:MAX_TEXT])
    codes: dict[str, list[str]] = {}
    for hit in hits:
        for code in hit.concept.unspsc:
            codes.setdefault(code, []).extend(w for w in hit.words if w not in codes.get(code, []))
    kept = list(codes)[:MAX_DESCRIBED_CODES]
    for code in kept:  # "LED" said inside "LED照明" is one word, not two
        codes[code] = [w for w in codes[code] if not any(w != other and w in other for other in codes[code])]
    translated = vocabulary.words_of(phrase for lang in ("en", "es", "fr") for hit in hits
                                     for phrase in hit.concept.words(lang))
    return Described(codes=tuple(kept), words=tuple((c, "、".join(codes[c])) for c in kept if codes[c]),
                     translated=tuple(translated))
