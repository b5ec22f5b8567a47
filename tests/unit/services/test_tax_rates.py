"""Tax rates as configuration on the in-memory store (the digital twin's and the service
tests'): the country's rates are looked up at invoicing, and a change that is not
committed leaves the rates as they were."""

from __future__ import annotations

import pytest

from ordermind.adapters.memory import FastUnitOfWork
from ordermind.domain.catalog import TaxClass
from ordermind.domain.errors import ValidationFailed
from ordermind.domain.tax import DEFAULT_RATES_BP, TaxRateTable, check_rates
from ordermind.services import fulfilment, tax
from ordermind.services.commands import ShipLines
from ordermind.services.ordering import place_order

from .helpers import order_cmd, store_with_stock


def _invoiced_tax(store) -> int:
    with FastUnitOfWork(store) as uow:
        order = place_order(uow, order_cmd(("A", 3)), "t")
        fulfilment.release_order(uow, order.id, "t")
        node = order.lines[0].allocations[0].node
        shipped, _ = fulfilment.ship(uow, ShipLines(order.id, node, [("A", 3)], "DPD"), "t")
        uow.commit()
    return shipped.invoices[0].tax


def test_an_order_is_invoiced_at_the_rates_of_its_ship_to_country():
    store = store_with_stock({("LDN", "A"): 10})
    assert _invoiced_tax(store) == 600  # 3000 at the built-in 20 %
    with FastUnitOfWork(store) as uow:
        tax.put_rates(uow, "gb", {TaxClass.STANDARD: 1750}, "admin")
        uow.commit()
    assert _invoiced_tax(store) == 525
    assert [e.action for e in store.audit][-1] == "tax_rates.created"


def test_rates_set_in_a_unit_of_work_that_is_not_committed_are_undone():
    store = store_with_stock({("LDN", "A"): 10})
    with FastUnitOfWork(store) as uow:
        tax.put_rates(uow, "GB", {TaxClass.STANDARD: 1000}, "admin")
        tax.put_rates(uow, "default", dict.fromkeys(TaxClass, 0), "admin")
    with FastUnitOfWork(store) as uow:
        assert uow.tax_rates.table() == TaxRateTable()
    assert store.tax_rates == {}


def test_a_country_takes_the_default_for_each_class_it_does_not_set():
    table = TaxRateTable(
        defaults=DEFAULT_RATES_BP | {TaxClass.REDUCED: 600},
        countries={"DE": {TaxClass.STANDARD: 1900}},
    )
    assert table.rates_for("de") == {
        TaxClass.STANDARD: 1900,
        TaxClass.REDUCED: 600,
        TaxClass.ZERO: 0,
    }
    assert table.rates_for("FR") == table.defaults


@pytest.mark.parametrize("bp", [-1, 10_001, 19.5, True])
def test_a_rate_outside_whole_basis_points_from_zero_to_a_hundred_percent_is_refused(bp):
    with pytest.raises(ValidationFailed, match="whole basis points"):
        check_rates({TaxClass.STANDARD: bp})
