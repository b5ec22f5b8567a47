"""The digital twin's database mode: the run goes through `SqlUnitOfWork` and leaves its
whole history in the database, whose KPI facts it is measured by."""

from __future__ import annotations

from sqlalchemy import Engine

from ordermind.twin.scenario import Scenario
from ordermind.twin.store import StoreFor, TwinStore

from .kpi_facts import load_facts
from .unit_of_work import SqlUnitOfWork


def on_database(engine: Engine) -> StoreFor:
    """Runs on the database behind `engine` (every scenario on the same one)."""

    def store_for(scenario: Scenario) -> TwinStore:
        return TwinStore(uow=lambda: SqlUnitOfWork(engine), facts=lambda: load_facts(engine))

    return store_for
