"""The Chinese → English / Spanish / French word dictionary search uses (lib/taxonomy/translation.py), kept in
VAR_DIR: learnt by `import_taxonomy` from the UNSPSC v7 titles, with the reviewed product vocabulary
(lib/taxonomy/vocabulary.csv: 光伏 → photovoltaic, solar, PV …) put before the learnt words — on the saved file
and again when it is read, so a file saved before the vocabulary grew still gets it. A site without the file (the
data folder was never imported) searches without translated words."""

import logging
import time
from pathlib import Path

from django.conf import settings

from tenderbridge.lib.taxonomy import translation, unspsc, vocabulary

logger = logging.getLogger(__name__)

_cache: dict[str, tuple[float, translation.Dictionary]] = {}


def path() -> Path:
    return Path(settings.VAR_DIR) / "query-translation.json"


def _with_vocabulary(dictionary: translation.Dictionary) -> translation.Dictionary:
    return dictionary.merged(vocabulary.default().translation_tables())


def build(data_dir) -> translation.Dictionary:
    """Learn the dictionary from the data folder's UNSPSC v7 titles, add the vocabulary and save it (~10 s on
    2 cores)."""
    started = time.perf_counter()
    learnt = translation.Dictionary(translation.train_from_unspsc_v7(unspsc.read_unspsc_v7(data_dir)))
    dictionary = _with_vocabulary(learnt)
    dictionary.save(path())
    words = {lang: len(table) for lang, table in dictionary.tables.items()}
    logger.info(
        "query translation learnt", extra={"words": words, "seconds": round(time.perf_counter() - started, 1)}
    )
    return dictionary


def get() -> translation.Dictionary | None:
    """The saved dictionary with the vocabulary (read again when the file changes), or None when there is none."""
    file = path()
    try:
        mtime = file.stat().st_mtime
    except FileNotFoundError:
        return None
    cached = _cache.get(str(file))
    if cached is None or cached[0] != mtime:
        cached = (mtime, _with_vocabulary(translation.Dictionary.load(file)))
        _cache[str(file)] = cached
    return cached[1]
