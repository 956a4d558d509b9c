from datetime import UTC, datetime

from tenderbridge.lib.ocds.participation import Contact, contacts, participation, web_url

BUYER = {
    "id": "B1",
    "name": "UNICEF Supply Division",
    "roles": ["buyer"],
    "contactPoint": {
        "name": "Procurement desk",
        "email": "supply@unicef.org",
        "telephone": "+45 45 33 55 00",
        "faxNumber": "+45 35 26 94 21",
        "url": "https://www.unicef.org/supply",
    },
}


def test_the_buyer_and_procuring_entity_contact_points_are_read():
    entity = {"id": "P1", "name": "UNOPS", "contactPoint": {"email": "bids@unops.org"}}
    release = {
        "buyer": {"id": "B1"},
        "parties": [
            BUYER,
            entity,
            {"id": "S1", "name": "Supplier", "roles": ["supplier"], "contactPoint": {"email": "x@y.z"}},
        ],
        "tender": {"procuringEntity": {"id": "P1"}},
    }
    found = contacts(release)
    assert found == [
        Contact(
            organisation="UNICEF Supply Division",
            roles=("buyer",),
            name="Procurement desk",
            email="supply@unicef.org",
            telephone="+45 45 33 55 00",
            fax="+45 35 26 94 21",
            url="https://www.unicef.org/supply",
        ),
        Contact(organisation="UNOPS", roles=("procuringEntity",), email="bids@unops.org"),
    ]  # the supplier's contact is not a contact for bidders
    assert found[0].tel_uri == "tel:+4545335500"


def test_one_party_in_both_roles_is_listed_once_with_both():
    party = {**BUYER, "roles": ["buyer", "procuringEntity"]}
    (contact,) = contacts({"parties": [party, party], "buyer": {"id": "B1"}})
    assert contact.roles == ("buyer", "procuringEntity")


def test_odd_values_are_dropped_never_linked():
    party = {
        "id": "B1",
        "name": "Buyer",
        "roles": ["buyer"],
        "contactPoint": {
            "email": "not an email",
            "url": "javascript:alert(1)",
            "telephone": 12345,
            "name": ["x"],
        },
    }
    (contact,) = contacts({"parties": [party]})
    assert (contact.email, contact.url, contact.name) == ("", "", "")
    assert contact.telephone == "12345" and contact.tel_uri == "tel:12345"
    assert contacts({"parties": [{"id": "B2", "name": "Silent", "roles": ["buyer"]}]}) == []
    assert contacts({"parties": "nonsense"}) == [] and contacts({}) == []
    assert web_url("https://example.org/a") == "https://example.org/a"
    assert web_url("javascript:alert(1)") == web_url("ftp://x") == web_url("https://a b") == ""


def test_submission_eligibility_and_periods_are_read_as_published():
    release = {
        "tender": {
            "submissionMethod": ["electronicSubmission", "written", "electronicSubmission"],
            "submissionMethodDetails": "https://etendering.example.org/t/12",
            "eligibilityCriteria": "Registered on UNGM at Level 1. " * 400,
            "tenderPeriod": {
                "startDate": "2024-03-01T09:00:00+01:00",
                "endDate": "2024-04-02T17:00:00+08:00",
            },
            "enquiryPeriod": {"endDate": "2024-03-20"},
        }
    }
    found = participation(release)
    assert found.submission_methods == ["electronicSubmission", "written"]
    assert found.submission_details == "https://etendering.example.org/t/12"
    assert len(found.eligibility) == 5000 and found.eligibility_cut
    assert participation(release, criteria_limit=None).eligibility.endswith("Level 1.")
    assert found.tender_period.start == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    assert (
        found.enquiry_period.end == datetime(2024, 3, 20, tzinfo=UTC) and found.enquiry_period.start is None
    )
    assert found


def test_a_release_that_says_nothing_gives_nothing():
    found = participation({"tender": {"submissionMethod": "written", "tenderPeriod": "soon"}})
    assert found.submission_methods == ["written"]  # a string where a list belongs still counts
    assert not found.tender_period
    assert not participation({})
    # The deadline alone is shown on its own, not as something more to know about taking part.
    assert not participation({"tender": {"tenderPeriod": {"endDate": "2024-03-18T00:00:00Z"}}})
