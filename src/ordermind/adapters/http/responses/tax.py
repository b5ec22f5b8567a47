"""Tax rates by ship-to country and tax class."""

from __future__ import annotations

from pydantic import Field

from .base import Out

RATES = "tax class (standard, reduced, zero) -> basis points (2000 = 20 %)"


class CountryTaxRates(Out):
    country: str = Field(description="ISO 3166-1 alpha-2 ship-to country")
    rates: dict[str, int] = Field(description=f"the country's own rates: {RATES}")
    effective: dict[str, int] = Field(
        description="what invoices to this country charge: its own rates, the defaults "
        "for the classes it leaves out"
    )


class TaxRates(Out):
    defaults: dict[str, int] = Field(description=f"for every class a country does not set: {RATES}")
    countries: list[CountryTaxRates] = Field(description="the countries with rates of their own")
