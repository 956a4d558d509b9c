"""UNSPSC categories predicted from a notice's text, for notices whose source gave no usable code.

The classifier (lib/taxonomy/classifier.py) is trained on the UNSPSC and CPV titles of the data folder the first
time it is needed and kept in VAR_DIR, so later runs load it in a fraction of a second. Only the best family is
stored, with its score; search and matching treat it as weaker evidence than a given code (origin "predicted").
"""

import logging
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction

from tenderbridge.lib.taxonomy.classifier import FamilyClassifier
from tenderbridge.lib.taxonomy.training import train_from_titles
from tenderbridge.search.services import mark_changed

from .models import Notice, NoticeCategory

logger = logging.getLogger(__name__)

BATCH = 2000
MIN_SCORE = 0.02  # below this the text shares almost nothing with any family's titles: better no category


def model_path() -> Path:
    return Path(settings.VAR_DIR) / "taxonomy-family-classifier.npz"


@cache
def classifier() -> FamilyClassifier | None:
    path = model_path()
    if path.exists():
        return FamilyClassifier.load(path)
    if not Path(settings.DATA_DIR).is_dir():
        logger.warning("no data folder: notices without codes get no predicted category")
        return None
    model = train_from_titles(settings.DATA_DIR)
    path.parent.mkdir(parents=True, exist_ok=True)
    model.save(path)
    return model


def do_predict_categories() -> int:
    """Predict a family for every notice without a category; returns how many got one."""
    model = classifier()
    if model is None:
        return 0
    done, after = 0, 0
    while True:
        # Walk by primary key: notices whose text matches nothing stay uncategorised without being re-read.
        notices = list(
            Notice.objects.filter(categories=None, pk__gt=after)
            .order_by("pk")
            .values_list("pk", "title", "description")[:BATCH]
        )
        if not notices:
            return done
        done += _predict_batch(model, notices)
        after = notices[-1][0]


@transaction.atomic
def _predict_batch(model: FamilyClassifier, notices: list[tuple[int, str, str]]) -> int:
    rows = []
    for pk, title, description in notices:
        family, score = model.predict(f"{title}\n{description[:2000]}", k=1)[0]
        if score >= MIN_SCORE:
            rows.append(
                NoticeCategory(
                    notice_id=pk,
                    code=family,
                    segment=family[:2] + "000000",
                    family=family,
                    origin=NoticeCategory.Origin.PREDICTED,
                    score=round(score, 4),
                )
            )
    NoticeCategory.objects.bulk_create(rows)
    # Predicted categories are not in the lexical index, but they are facets: a new version tells the
    # in-memory index to load them.
    mark_changed([row.notice_id for row in rows])
    return len(rows)
