from enum import StrEnum


class HoldReason(StrEnum):
    ADDRESS = "address"
    CREDIT = "credit"
    FRAUD = "fraud"
    INTAKE_REVIEW = "intake_review"
    MANUAL = "manual"
    PAYMENT = "payment"

    def __str__(self) -> str:
        return str(self.value)
