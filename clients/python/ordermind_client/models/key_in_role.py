from enum import StrEnum


class KeyInRole(StrEnum):
    ADMIN = "admin"
    AGENT = "agent"
    CHANNEL = "channel"
    OPERATOR = "operator"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
