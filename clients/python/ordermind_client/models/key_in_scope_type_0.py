from enum import StrEnum


class KeyInScopeType0(StrEnum):
    ASSISTANT_ONLY = "assistant_only"
    INTAKE_ONLY = "intake_only"
    READ_ONLY = "read_only"

    def __str__(self) -> str:
        return str(self.value)
