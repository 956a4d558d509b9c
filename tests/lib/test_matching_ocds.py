from tenderbridge.lib.matching.ocds import notice_features
from tenderbridge.lib.taxonomy.crosswalk import cpv_to_unspsc


def release(items):
    return {"ocid": "ocds-x", "date": "2024-01-02T00:00:00Z", "buyer": {"name": "Crown Commercial Service"},
            "tender": {"title": "Desks", "description": "Office desks", "items": items,
                       "value": {"amount": 1200, "currency": "GBP"}, "tenderPeriod": {"endDate": "2024-02-01T12:00:00Z"}}}


def test_unspsc_codes_are_given_cpv_codes_mapped_and_text_predicted_only_without_either():
    given = notice_features(release([{"id": "1", "classification": {"scheme": "UNSPSC", "id": "56101703"}}]))
    assert given.unspsc == ("56101703",) and given.predicted_unspsc == ()
    mapped = notice_features(release([{"id": "1", "classification": {"scheme": "CPV", "id": "39121100-7"}}]),
                             predict=lambda text: ("99990000",))
    assert mapped.unspsc == tuple(cpv_to_unspsc("39121100")) and mapped.predicted_unspsc == ()
    predicted = notice_features(release([]), predict=lambda text: ("56100000",) if "desks" in text else ())
    assert predicted.unspsc == () and predicted.predicted_unspsc == ("56100000",)
    assert (str(predicted.value), predicted.currency, predicted.deadline.isoformat()) == (
        "1200.00", "GBP", "2024-02-01T12:00:00+00:00")
