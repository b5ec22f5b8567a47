from enum import StrEnum


class BackorderPolicy(StrEnum):
    BACKORDER = "backorder"
    REJECT = "reject"
    SHIP_COMPLETE = "ship_complete"

    def __str__(self) -> str:
        return str(self.value)
