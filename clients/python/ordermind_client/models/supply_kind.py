from enum import StrEnum


class SupplyKind(StrEnum):
    PURCHASE_ORDER = "purchase_order"
    TRANSFER = "transfer"

    def __str__(self) -> str:
        return str(self.value)
