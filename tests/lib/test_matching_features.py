from datetime import date
from decimal import Decimal

from tenderbridge.lib.matching.features import NoticeFeatures, PastContract, SupplierFeatures


def test_the_ranker_input_types_import_and_take_only_what_is_known():
    contract = PastContract(title="Surgical gowns", date=date(2021, 1, 1), amount=Decimal("1200"), currency="USD")
    supplier = SupplierFeatures(id="7", name="Suzhou Medtex", history=(contract,))
    assert supplier.history[0].date == date(2021, 1, 1) and supplier.unspsc == () and supplier.women_owned is None
    assert supplier.names == () and supplier.founded_year is None and supplier.women_owned_verified is False
    assert NoticeFeatures(id="ocds-1").countries == ()
