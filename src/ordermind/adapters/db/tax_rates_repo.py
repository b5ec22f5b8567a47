"""Tax rates by ship-to country and tax class (`services.tax`)."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from ordermind.domain.catalog import TaxClass
from ordermind.domain.tax import DEFAULT_RATES_BP, Rates, TaxRateTable
from ordermind.services.unit_of_work import TaxRateRepository

from . import tables as t
from .sql import now


class SqlTaxRates(TaxRateRepository):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def table(self, country: str | None = None) -> TaxRateTable:
        c = t.tax_rates.c
        q = select(c.country, c.tax_class, c.rate_bp)
        if country is not None:  # one invoice's look-up: its country and the defaults
            q = q.where(c.country.in_([country, self.DEFAULT_ROW]))
        defaults = dict(DEFAULT_RATES_BP)
        countries: dict[str, dict[TaxClass, int]] = {}
        for row in self.conn.execute(q):
            tax_class = TaxClass(row.tax_class)
            if row.country == self.DEFAULT_ROW:
                defaults[tax_class] = row.rate_bp
            else:
                countries.setdefault(row.country, {})[tax_class] = row.rate_bp
        return TaxRateTable(defaults=defaults, countries=countries)

    def replace(self, country: str, rates: Rates, actor: str) -> None:
        self.conn.execute(delete(t.tax_rates).where(t.tax_rates.c.country == country))
        if rates:
            at = now()
            self.conn.execute(
                insert(t.tax_rates),
                [
                    {
                        "country": country,
                        "tax_class": str(tax_class),
                        "rate_bp": bp,
                        "updated_at": at,
                        "updated_by": actor,
                    }
                    for tax_class, bp in rates.items()
                ],
            )
