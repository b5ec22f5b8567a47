from enum import StrEnum


class ScanEventInStatus(StrEnum):
    ARRIVED_AT_HUB = "arrived_at_hub"
    ATTEMPTED_DELIVERY = "attempted_delivery"
    DELAYED = "delayed"
    EXCEPTION = "exception"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"

    def __str__(self) -> str:
        return str(self.value)
