from enum import StrEnum


class Disposition(StrEnum):
    REFURBISH = "refurbish"
    RESTOCK = "restock"
    SCRAP = "scrap"

    def __str__(self) -> str:
        return str(self.value)
