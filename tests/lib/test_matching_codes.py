from tenderbridge.lib.matching import codes


def test_it_keeps_eight_digit_codes_and_drops_malformed_ones():
    assert codes.cleaned(["42132203", "4213-2203", 42130000, "abc", "4213", "00000000", None, 4.2, "42132203"]) == (
        "42132203",
        "42130000",
    )
    assert codes.clean("4213220300") == "42132203"  # UNSPSC with a business-function suffix
    assert codes.clean(True) is None


def test_a_code_is_cut_into_the_levels_it_specifies():
    assert codes.prefixes("42132203") == ["42", "4213", "421322", "42132203"]
    assert codes.prefixes("42130000") == ["42", "4213"]
    assert codes.prefixes("42000000") == ["42"]
    assert codes.prefixes("42003100") == ["42"]  # a gap ends the code
    assert (codes.family("42132203"), codes.segment("42132203")) == ("42130000", "42000000")
