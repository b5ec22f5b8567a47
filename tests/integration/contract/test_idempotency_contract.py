"""Idempotency keys: the first claim owns the key, a later claim gets the first request's
stored response (or the pending claim), and a claim or response left without commit is
not there."""

from __future__ import annotations

from ordermind.services.unit_of_work import StoredResponse

from .stores import ContractStore


def claim(store: ContractStore, key: str, request_hash: str) -> StoredResponse | None:
    return store.commit(lambda u: u.idempotency.claim("orders", key, request_hash))


def test_the_first_claim_owns_the_key_and_a_second_gets_the_pending_claim(
    store: ContractStore,
) -> None:
    assert claim(store, "k1", "h1") is None
    assert claim(store, "k1", "h2") == StoredResponse("h1", 0, {})
    assert claim(store, "k2", "h1") is None  # another key
    assert store.commit(lambda u: u.idempotency.claim("other", "k1", "h1")) is None  # scope


def test_a_second_claim_gets_the_stored_response(store: ContractStore) -> None:
    claim(store, "k1", "h1")
    store.commit(lambda u: u.idempotency.store("orders", "k1", 201, {"id": 7}))
    assert claim(store, "k1", "h1") == StoredResponse("h1", 201, {"id": 7})


def test_a_claim_in_the_same_unit_of_work_is_answered_by_the_first(store: ContractStore) -> None:
    def twice(uow) -> StoredResponse | None:
        assert uow.idempotency.claim("orders", "k1", "h1") is None
        return uow.idempotency.claim("orders", "k1", "h2")

    assert store.commit(twice) == StoredResponse("h1", 0, {})


def test_an_uncommitted_claim_leaves_the_key_free(store: ContractStore) -> None:
    assert store.drop(lambda u: u.idempotency.claim("orders", "k1", "h1")) is None
    assert claim(store, "k1", "h2") is None  # owned by the second request now
    assert claim(store, "k1", "h3") == StoredResponse("h2", 0, {})


def test_an_uncommitted_response_leaves_the_claim_pending(store: ContractStore) -> None:
    claim(store, "k1", "h1")
    store.drop(lambda u: u.idempotency.store("orders", "k1", 201, {"id": 7}))
    assert claim(store, "k1", "h1") == StoredResponse("h1", 0, {})


def test_a_response_for_an_unclaimed_key_is_not_kept(store: ContractStore) -> None:
    store.commit(lambda u: u.idempotency.store("orders", "k9", 201, {"id": 7}))
    assert claim(store, "k9", "h1") is None
