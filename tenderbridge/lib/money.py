"""Amounts in different currencies, made comparable for one purpose: ordering notices by value.

Notices are published in their own currency (GBP, NOK, COP, USD…) and are always shown that way. To sort a
mixed list by value, each amount is converted to US dollars with the rates below: rounded approximations of
2024 average market rates (US dollars per unit), good to about ±5 %, which is plenty for putting a
GBP 2 million notice above a NOK 500,000 one and never used to display or compute a price. A currency not
listed has no dollar value: its notices sort after those with one.
"""

from decimal import Decimal

USD_PER_UNIT = {
    "USD": 1.0,
    "EUR": 1.08,
    "GBP": 1.28,
    "CHF": 1.14,
    "NOK": 0.093,
    "SEK": 0.095,
    "DKK": 0.145,
    "ISK": 0.0073,
    "PLN": 0.25,
    "CZK": 0.043,
    "HUF": 0.0027,
    "RON": 0.22,
    "BGN": 0.55,
    "UAH": 0.025,
    "MDL": 0.056,
    "AMD": 0.0026,
    "GEL": 0.37,
    "TRY": 0.031,
    "CNY": 0.139,
    "HKD": 0.128,
    "TWD": 0.031,
    "JPY": 0.0066,
    "KRW": 0.00073,
    "SGD": 0.75,
    "THB": 0.028,
    "VND": 0.00004,
    "IDR": 0.000063,
    "PHP": 0.0175,
    "INR": 0.012,
    "PKR": 0.0036,
    "BDT": 0.0087,
    "AUD": 0.66,
    "NZD": 0.61,
    "CAD": 0.73,
    "MXN": 0.055,
    "BRL": 0.186,
    "COP": 0.000246,
    "PYG": 0.000133,
    "CLP": 0.00106,
    "PEN": 0.266,
    "ZAR": 0.055,
    "NGN": 0.00067,
    "KES": 0.0076,
    "UGX": 0.00027,
    "TZS": 0.00038,
    "ETB": 0.0125,
    "EGP": 0.021,
    "MAD": 0.1,
    "XOF": 0.00165,
    "XAF": 0.00165,
}


def usd_value(amount: Decimal | float | None, currency: str) -> float | None:
    """The amount in US dollars for ordering only (None when the amount or the currency's rate is unknown)."""
    if amount is None:
        return None
    rate = USD_PER_UNIT.get((currency or "").upper())
    return None if rate is None else float(amount) * rate
