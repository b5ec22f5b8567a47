from __future__ import annotations

from dataclasses import dataclass

from .catalog import validate_code
from .orders import BackorderPolicy


@dataclass
class Channel:
    """A sales channel and the rules its orders follow."""

    code: str
    name: str | None = None
    backorder_policy: BackorderPolicy = BackorderPolicy.BACKORDER
    sourcing_strategy: str = "default"

    def __post_init__(self) -> None:
        validate_code(self.code, "channel code")
