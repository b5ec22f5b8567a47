"""Tax rates in memory: changed in place, put back if the unit of work rolls back."""

from __future__ import annotations

from ordermind.domain.catalog import TaxClass
from ordermind.domain.tax import DEFAULT_RATES_BP, Rates, TaxRateTable
from ordermind.services.unit_of_work import TaxRateRepository

from .fast_catalog import Undo


class MemoryTaxRates(TaxRateRepository):
    def __init__(self, rows: dict[str, dict[TaxClass, int]], undo: Undo) -> None:
        self.rows = rows  # country or DEFAULT_ROW -> class -> basis points
        self.undo = undo

    def table(self, country: str | None = None) -> TaxRateTable:
        defaults = DEFAULT_RATES_BP | self.rows.get(self.DEFAULT_ROW, {})
        countries = {
            c: dict(r)
            for c, r in self.rows.items()
            if c != self.DEFAULT_ROW and (country is None or c == country)
        }
        return TaxRateTable(defaults=defaults, countries=countries)

    def replace(self, country: str, rates: Rates, actor: str) -> None:
        previous = self.rows.pop(country, None)
        if rates:
            self.rows[country] = dict(rates)
        self.undo.append((self._put_back, (country, previous)))

    def _put_back(self, country: str, previous: dict[TaxClass, int] | None) -> None:
        self.rows.pop(country, None)
        if previous is not None:
            self.rows[country] = previous
