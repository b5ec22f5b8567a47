"""Sales-tax rates by the ship-to country and the product's tax class, in basis points.

The rates are configuration (`services.tax`, `PUT /v1/tax-rates/{country}`): a country
lists the classes it sets, and every class it leaves out takes the default rate. The
defaults below hold until an admin stores others."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .catalog import TaxClass
from .errors import ValidationFailed

# The built-in defaults (UK rates): 20 % standard, 5 % reduced, zero-rated.
DEFAULT_RATES_BP: dict[TaxClass, int] = {
    TaxClass.STANDARD: 2000,
    TaxClass.REDUCED: 500,
    TaxClass.ZERO: 0,
}
MAX_RATE_BP = 10_000  # 100 %: no sales tax is higher than the price it is levied on

Rates = Mapping[TaxClass, int]


def check_rates(rates: Rates) -> None:
    """Each rate a whole number of basis points from 0 to 100 %, or ValidationFailed."""
    for tax_class, bp in rates.items():
        if isinstance(bp, bool) or not isinstance(bp, int) or not 0 <= bp <= MAX_RATE_BP:
            raise ValidationFailed(
                f"tax rate for {tax_class} must be whole basis points from 0 to {MAX_RATE_BP}",
                tax_class=str(tax_class),
            )


@dataclass(frozen=True)
class TaxRateTable:
    """The defaults (every class) and each country's own rates (some classes)."""

    defaults: Rates = field(default_factory=lambda: dict(DEFAULT_RATES_BP))
    countries: Mapping[str, Rates] = field(default_factory=dict)

    def rates_for(self, country: str) -> dict[TaxClass, int]:
        """Every class's rate for goods shipped to `country` (ISO 3166-1 alpha-2)."""
        own = self.countries.get(country.upper(), {})
        return {c: own.get(c, self.defaults.get(c, DEFAULT_RATES_BP[c])) for c in TaxClass}
