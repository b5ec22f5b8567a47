"""Tax rates as configuration: an admin sets each ship-to country's rates per tax class
(`PUT /v1/tax-rates/{country}`), or the defaults that every class a country leaves out
takes (`PUT /v1/tax-rates/default`); invoicing reads the order's country's rates."""

from __future__ import annotations

from collections.abc import Mapping

from ordermind.domain.catalog import TaxClass
from ordermind.domain.errors import ValidationFailed
from ordermind.domain.orders import Order
from ordermind.domain.tax import TaxRateTable, check_rates
from ordermind.services import audit
from ordermind.services.countries import check_country
from ordermind.services.unit_of_work import AbstractUnitOfWork, TaxRateRepository

DEFAULTS = "default"  # the path word for the default rates


def put_rates(
    uow: AbstractUnitOfWork, country: str, rates: Mapping[TaxClass, int], actor: str
) -> TaxRateTable:
    """Replace a country's own rates (an empty mapping leaves it all on the defaults), or
    with `DEFAULTS` the defaults, which must name every class. Audited as one entry."""
    check_rates(rates)
    if country.lower() == DEFAULTS:
        missing = [str(c) for c in TaxClass if c not in rates]
        if missing:
            raise ValidationFailed(f"the default rates must set every class; missing: {missing}")
        key, name = TaxRateRepository.DEFAULT_ROW, DEFAULTS
        before: object = uow.tax_rates.table().defaults
    else:
        check_country(country, "country")
        key = name = country.upper()
        before = uow.tax_rates.table(key).countries.get(key)
    after = dict(rates) if rates or key == TaxRateRepository.DEFAULT_ROW else None
    if before is None and after is None:
        return uow.tax_rates.table()  # a country without rates of its own keeps none
    uow.tax_rates.replace(key, rates, actor)
    action = "tax_rates.cleared" if after is None else audit.created_or_updated(before, "tax_rates")
    audit.record(uow, actor, action, "tax_rates", name, before, after)
    return uow.tax_rates.table()


def rates_for_order(uow: AbstractUnitOfWork, order: Order) -> dict[TaxClass, int]:
    """The rates an invoice of `order` is taxed at: those of its ship-to country."""
    country = order.ship_to.country.upper()
    return uow.tax_rates.table(country).rates_for(country)
