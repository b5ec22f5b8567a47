from enum import StrEnum


class ListExceptionsStatusType0(StrEnum):
    CLOSED = "closed"
    DISMISSED = "dismissed"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
