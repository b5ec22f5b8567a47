from enum import StrEnum


class ChannelInPriority(StrEnum):
    DYNAMIC = "dynamic"
    FIFO = "fifo"

    def __str__(self) -> str:
        return str(self.value)
