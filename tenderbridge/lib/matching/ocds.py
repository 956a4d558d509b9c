"""NoticeFeatures from an OCDS compiled release, through the product's own normaliser (lib/ocds/normalise.py).

Codes: UNSPSC classifications of the items are taken as given; CPV ones are mapped through the crosswalk
(lib/taxonomy/crosswalk.py: CPV → UNSPSC families or segments); other schemes are kept in `classifications`
only. A release that carries no usable code gets none here: `predict` (the taxonomy classifier in the product)
may add predicted families.
"""

from collections.abc import Callable

from tenderbridge.lib.ocds.normalise import normalise
from tenderbridge.lib.taxonomy.crosswalk import cpv_to_unspsc

from . import codes as C
from .features import NoticeFeatures

Predict = Callable[[str], tuple[str, ...]]


def notice_features(release: dict, predict: Predict | None = None) -> NoticeFeatures:
    data = normalise(release)
    classifications, unspsc = [], {}
    for item in data.items:
        for c in item.classifications:
            classifications.append((c.scheme, c.code))
            if c.scheme.startswith("UNSPSC"):
                unspsc.update(dict.fromkeys(C.cleaned([c.code])))
            elif c.scheme == "CPV":
                unspsc.update(dict.fromkeys(cpv_to_unspsc(c.code)))
    predicted = ()
    if not unspsc and predict is not None:
        predicted = predict(f"{data.title}\n{data.description[:2000]}")
    return NoticeFeatures(
        id=data.ocid,
        title=data.title,
        description=data.description,
        buyer=data.buyer.name if data.buyer else "",
        date=data.published,
        deadline=data.deadline,
        notice_type=data.notice_type,
        countries=tuple(data.countries),
        unspsc=tuple(unspsc),
        classifications=tuple(dict.fromkeys(classifications)),
        sme_suitable=data.sme_suitable,
        predicted_unspsc=tuple(predicted),
        value=data.value_amount,
        currency=data.value_currency,
    )
