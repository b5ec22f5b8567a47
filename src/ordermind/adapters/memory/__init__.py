"""In-memory repositories and unit of work: service tests without a database, and the
digital twin's fast mode. Same contract as adapters/db, including rollback."""

from .unit_of_work import MemoryStore, MemoryUnitOfWork

__all__ = ["MemoryStore", "MemoryUnitOfWork"]
