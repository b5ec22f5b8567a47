from enum import StrEnum


class ListExceptionsTypeType0(StrEnum):
    ADDRESS_UNRESOLVED = "address_unresolved"
    BACKORDER_PAST_PROMISE = "backorder_past_promise"
    BACKORDER_UNCOVERED = "backorder_uncovered"
    CAPACITY_OVERRUN = "capacity_overrun"
    HOLD_AGEING = "hold_ageing"
    NODE_OUTAGE = "node_outage"
    PREDICTED_LATE = "predicted_late"
    REFUND_DUE = "refund_due"
    RELEASE_SLA = "release_sla"
    SCAN_GAP = "scan_gap"

    def __str__(self) -> str:
        return str(self.value)
