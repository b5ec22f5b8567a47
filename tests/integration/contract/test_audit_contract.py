"""The audit trail on every store: an entry commits with its change or not at all, and
pages newest first by cursor with the same filters."""

from __future__ import annotations

from datetime import timedelta

from ordermind.domain.catalog import Product
from ordermind.services import audit, inventory
from ordermind.services.audit import AuditFilter

from .stores import ContractStore


def _page(store: ContractStore, flt: AuditFilter = AuditFilter(), cursor=None, limit=100):
    return store.read(lambda uow: uow.audit.page(flt, cursor, limit))


def test_a_configuration_change_and_its_entry_commit_together_or_not_at_all(
    seeded: ContractStore,
):
    before = len(_page(seeded))
    seeded.drop(
        lambda uow: inventory.upsert_product(uow, Product("A", "A", price=1500), actor="ann")
    )
    assert len(_page(seeded)) == before
    assert seeded.read(lambda uow: uow.products.get("A").price) == 1000

    seeded.commit(
        lambda uow: inventory.upsert_product(uow, Product("A", "A", price=1500), actor="ann")
    )
    [entry] = _page(seeded, AuditFilter(actor="ann"))
    assert (entry.action, entry.resource_type, entry.resource_id) == (
        "product.updated",
        "product",
        "A",
    )
    assert entry.before["price"] == 1000 and entry.after["price"] == 1500
    assert entry.id is not None


def test_entries_page_newest_first_with_filters(seeded: ContractStore):
    for price in (1, 2, 3):
        seeded.commit(
            lambda uow, p=price: audit.record(
                uow, "bob", "product.updated", "product", "B", {"price": p - 1}, {"price": p}
            )
        )
    mine = AuditFilter(actor="bob")
    first = _page(seeded, mine, limit=2)
    assert [e.after["price"] for e in first] == [3, 2]
    rest = _page(seeded, mine, cursor=first[-1].id)
    assert [e.after["price"] for e in rest] == [1]
    assert _page(seeded, AuditFilter(resource_type="product", resource_id="nope")) == []
    at = first[0].at
    assert len(_page(seeded, AuditFilter(actor="bob", at_from=at + timedelta(seconds=1)))) == 0
    assert len(_page(seeded, AuditFilter(actor="bob", at_to=at + timedelta(seconds=1)))) == 3


def test_repeating_what_is_stored_records_nothing(seeded: ContractStore):
    before = len(_page(seeded))
    seeded.commit(lambda uow: inventory.upsert_product(uow, Product("A", "A", price=1000)))
    assert len(_page(seeded)) == before
