"""The in-memory adapter: repositories and a unit of work with the same contract as
adapters/db, including rollback and conflicts; service tests and the digital twin."""

from .fast import FastUnitOfWork
from .store import FastStore

__all__ = ["FastStore", "FastUnitOfWork"]
