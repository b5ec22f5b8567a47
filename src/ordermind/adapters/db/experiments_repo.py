"""Experiments (`services.experiments`): definitions, and the assignments the trigger on
order_events writes (migration 0028). The running experiments are read on every order, so
they are cached per process while the network configuration version holds (a change to
`experiments` bumps it, whoever made it)."""

from __future__ import annotations

from sqlalchemy import Connection, func, insert, select, update

from ordermind.domain.experiments import Experiment
from ordermind.domain.orders import Order
from ordermind.services.experiment_store import Assignment, ExperimentRepository

from . import tables as t
from .catalog_repos import ConfigVersions
from .order_repo import SqlOrders
from .sql import aware

_RUNNING_CACHE: dict[str, tuple[int, list[Experiment]]] = {}
_CHUNK = 500  # orders loaded per statement by the report


def _experiment(row) -> Experiment:
    return Experiment(
        id=row.id,
        name=row.name,
        policy=row.policy,
        treatment=row.treatment,
        control=row.control,
        unit=row.unit,
        share=float(row.share),
        mode=row.mode,
        status=row.status,
        created_at=aware(row.created_at),
        created_by=row.created_by,
        stopped_at=aware(row.stopped_at),
    )


def _assignment(row) -> Assignment:
    return Assignment(row.experiment_id, row.order_id, row.arm, row.value, row.shadow)


class SqlExperiments(ExperimentRepository):
    def __init__(self, conn: Connection, versions: ConfigVersions) -> None:
        self.conn = conn
        self.key = str(conn.engine.url)
        self.versions = versions

    def running(self) -> list[Experiment]:
        version = self.versions.network()
        cacheable = self.versions.cacheable(version)
        hit = _RUNNING_CACHE.get(self.key)
        if cacheable and hit and hit[0] == version:
            return hit[1]
        e = t.experiments.c
        found = [
            _experiment(r)
            for r in self.conn.execute(
                select(t.experiments).where(e.status == "running").order_by(e.created_at)
            )
        ]
        if cacheable and version is not None:
            _RUNNING_CACHE[self.key] = (version, found)
        return found

    def get(self, experiment_id: str) -> Experiment | None:
        row = self.conn.execute(
            select(t.experiments).where(t.experiments.c.id == experiment_id)
        ).first()
        return None if row is None else _experiment(row)

    def all(self) -> list[Experiment]:
        e = t.experiments.c
        rows = self.conn.execute(select(t.experiments).order_by(e.created_at.desc(), e.id))
        return [_experiment(r) for r in rows]

    def add(self, experiment: Experiment) -> None:
        x = experiment
        self.conn.execute(
            insert(t.experiments).values(
                id=x.id,
                name=x.name,
                policy=x.policy,
                treatment=x.treatment,
                control=x.control,
                unit=x.unit,
                share=x.share,
                mode=x.mode,
                status=x.status,
                created_at=x.created_at,
                created_by=x.created_by,
                stopped_at=x.stopped_at,
            )
        )
        self.versions.dirty = True

    def stop(self, experiment_id: str, at) -> None:
        self.conn.execute(
            update(t.experiments)
            .where(t.experiments.c.id == experiment_id)
            .values(status="stopped", stopped_at=at)
        )
        self.versions.dirty = True

    def assignment(self, experiment_id: str, order_id: int) -> Assignment | None:
        a = t.experiment_assignments.c
        row = self.conn.execute(
            select(t.experiment_assignments).where(
                a.experiment_id == experiment_id, a.order_id == order_id
            )
        ).first()
        return None if row is None else _assignment(row)

    def counts(self, experiment_id: str) -> dict[str, int]:
        a = t.experiment_assignments.c
        rows = self.conn.execute(
            select(a.arm, func.count()).where(a.experiment_id == experiment_id).group_by(a.arm)
        )
        return {arm: int(n) for arm, n in rows}

    def orders(self, experiment_id: str) -> list[tuple[Assignment, Order]]:
        a = t.experiment_assignments.c
        found = [
            _assignment(r)
            for r in self.conn.execute(
                select(t.experiment_assignments)
                .where(a.experiment_id == experiment_id)
                .order_by(a.order_id)
            )
        ]
        orders = SqlOrders(self.conn)
        out: list[tuple[Assignment, Order]] = []
        for i in range(0, len(found), _CHUNK):
            chunk = found[i : i + _CHUNK]
            loaded = {o.id: o for o in orders._load([x.order_id for x in chunk])}
            out += [(x, loaded[x.order_id]) for x in chunk if x.order_id in loaded]
        return out
