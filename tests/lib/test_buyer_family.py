import pytest

from tenderbridge.lib.buyer_family import family


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        ("UNICEF Supply Division", "ocds", "un"),
        ("United Nations Secretariat", "", "un"),
        ("UN Women", "", "un"),
        ("World Health Organization", "", "un"),
        ("Asian Development Bank", "", "development_bank"),
        ("IBRD", "", "development_bank"),
        ("NATO Support and Procurement Agency", "", "international"),
        ("THE UNIVERSITY OF BIRMINGHAM", "ocds", "national"),
        ("UNITED UTILITIES WATER LIMITED", "ocds", "national"),
        ("Hospital who cares", "ocds", "national"),
        ("Some agency", "ungm", "un"),
    ],
)
def test_buyers_are_put_in_their_family(name, source, expected):
    assert family(name, source) == expected
