from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.scan_report_closed import ScanReportClosed
    from ..models.scan_report_notified import ScanReportNotified
    from ..models.scan_report_opened import ScanReportOpened
    from ..models.scan_report_released import ScanReportReleased
    from ..models.scan_report_updated import ScanReportUpdated


T = TypeVar("T", bound="ScanReport")


@_attrs_define
class ScanReport:
    """
    Attributes:
        orders (int):
        scored (int):
        fallback_scores (int):
        batches (int):
        opened (ScanReportOpened):
        updated (ScanReportUpdated):
        closed (ScanReportClosed):
        released (ScanReportReleased):
        notified (ScanReportNotified):
        seconds (float):
    """

    orders: int
    scored: int
    fallback_scores: int
    batches: int
    opened: ScanReportOpened
    updated: ScanReportUpdated
    closed: ScanReportClosed
    released: ScanReportReleased
    notified: ScanReportNotified
    seconds: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        orders = self.orders

        scored = self.scored

        fallback_scores = self.fallback_scores

        batches = self.batches

        opened = self.opened.to_dict()

        updated = self.updated.to_dict()

        closed = self.closed.to_dict()

        released = self.released.to_dict()

        notified = self.notified.to_dict()

        seconds = self.seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orders": orders,
                "scored": scored,
                "fallback_scores": fallback_scores,
                "batches": batches,
                "opened": opened,
                "updated": updated,
                "closed": closed,
                "released": released,
                "notified": notified,
                "seconds": seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scan_report_closed import ScanReportClosed  # noqa: PLC0415
        from ..models.scan_report_notified import ScanReportNotified  # noqa: PLC0415
        from ..models.scan_report_opened import ScanReportOpened  # noqa: PLC0415
        from ..models.scan_report_released import ScanReportReleased  # noqa: PLC0415
        from ..models.scan_report_updated import ScanReportUpdated  # noqa: PLC0415

        d = dict(src_dict)
        orders = d.pop("orders")

        scored = d.pop("scored")

        fallback_scores = d.pop("fallback_scores")

        batches = d.pop("batches")

        opened = ScanReportOpened.from_dict(d.pop("opened"))

        updated = ScanReportUpdated.from_dict(d.pop("updated"))

        closed = ScanReportClosed.from_dict(d.pop("closed"))

        released = ScanReportReleased.from_dict(d.pop("released"))

        notified = ScanReportNotified.from_dict(d.pop("notified"))

        seconds = d.pop("seconds")

        scan_report = cls(
            orders=orders,
            scored=scored,
            fallback_scores=fallback_scores,
            batches=batches,
            opened=opened,
            updated=updated,
            closed=closed,
            released=released,
            notified=notified,
            seconds=seconds,
        )

        scan_report.additional_properties = d
        return scan_report

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
