from enum import StrEnum


class NodeKind(StrEnum):
    STORE = "store"
    SUPPLIER = "supplier"
    WAREHOUSE = "warehouse"

    def __str__(self) -> str:
        return str(self.value)
