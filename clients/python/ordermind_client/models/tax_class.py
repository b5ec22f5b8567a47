from enum import StrEnum


class TaxClass(StrEnum):
    REDUCED = "reduced"
    STANDARD = "standard"
    ZERO = "zero"

    def __str__(self) -> str:
        return str(self.value)
