from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from ordermind.services.unit_of_work import AbstractUnitOfWork

from .assistant_repo import SqlAssistant
from .audit_repo import SqlAudit
from .catalog_repos import ConfigVersions, SqlChannels, SqlNodes, SqlProducts
from .exceptions_repo import SqlCare
from .experiments_repo import SqlExperiments
from .intake_repo import SqlIntake
from .monitoring_repo import SqlMonitoring
from .notifications_repo import SqlNotifications
from .order_repo import SqlOrders
from .planning_repo import SqlPlanning
from .priority_repo import SqlPriorityReads
from .privacy_repo import SqlPrivacy
from .stock_repos import SqlIdempotency, SqlInventory, SqlSupply
from .tax_rates_repo import SqlTaxRates
from .velocity_repo import SqlVelocity

log = logging.getLogger(__name__)


class SqlUnitOfWork(AbstractUnitOfWork):
    """One connection, one transaction; rolled back on exit unless committed."""

    # The nodes' own repository, not only its port: commit adds their pending lines. (The
    # others stay typed as their ports: the placement unit of work swaps some of them.)
    nodes: SqlNodes

    def __init__(self, engine: Engine, readonly: bool = False) -> None:
        self.engine = engine
        self.readonly = readonly
        self.conn: Connection | None = None

    def __enter__(self) -> SqlUnitOfWork:
        conn = self.engine.connect()
        if self.readonly:
            conn = conn.execution_options(ordermind_readonly=True)
        conn.begin()
        self._repositories(conn)
        return self

    def _repositories(self, conn: Connection) -> None:
        self.conn = conn
        self.versions = ConfigVersions(conn)
        self.products = SqlProducts(conn)
        self.nodes = SqlNodes(conn, self.versions)
        self.channels = SqlChannels(conn, self.versions)
        self.inventory = SqlInventory(conn)
        self.supply = SqlSupply(conn)
        self.orders = SqlOrders(conn)
        self.idempotency = SqlIdempotency(conn)
        self.velocity = SqlVelocity(conn)
        self.intake = SqlIntake(conn)
        self.planning = SqlPlanning(conn)
        self.monitoring = SqlMonitoring(conn)
        self.priority = SqlPriorityReads(conn)
        self.notifications = SqlNotifications(conn)
        self.care = SqlCare(conn, self.orders)  # order care: exceptions, delay scores
        self.audit = SqlAudit(conn)  # configuration changes, erasures, exports
        self.privacy = SqlPrivacy(conn)  # a customer's rows: erasure, export; retention
        self.assistant = SqlAssistant(conn)  # conversations and the agent desk
        self.tax_rates = SqlTaxRates(conn)  # tax by ship-to country and tax class
        self.experiments = SqlExperiments(conn, self.versions)  # live pilots, their groups

    def __exit__(self, *args: object) -> None:
        try:
            self.rollback()
        finally:
            if self.conn is not None:
                self.conn.close()
                self.conn = None

    def commit(self) -> None:
        assert self.conn is not None
        self.conn.commit()
        if self.nodes.pending:
            # The day's lines per node are a count for sourcing, not part of the order:
            # added after it commits, so no order waits on another's counter row. Lost
            # only if this statement fails, which is logged, not raised (the order stands).
            try:
                self.nodes.flush_lines()
            except SQLAlchemyError:
                log.warning("node daily load not updated", exc_info=True)
                self.rollback()

    def rollback(self) -> None:
        if self.conn is not None:
            self.nodes.pending.clear()
            if self.conn.in_transaction():
                self.conn.rollback()
