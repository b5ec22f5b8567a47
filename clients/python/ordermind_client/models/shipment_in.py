from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sku_qty import SkuQty


T = TypeVar("T", bound="ShipmentIn")


@_attrs_define
class ShipmentIn:
    """
    Attributes:
        order_id (int):
        node (str):
        lines (list[SkuQty]):
        carrier (str):
        service (None | str | Unset):
        tracking (None | str | Unset):
        packages (int | Unset):  Default: 1.
    """

    order_id: int
    node: str
    lines: list[SkuQty]
    carrier: str
    service: None | str | Unset = UNSET
    tracking: None | str | Unset = UNSET
    packages: int | Unset = 1

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        node = self.node

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        carrier = self.carrier

        service: None | str | Unset
        if isinstance(self.service, Unset):
            service = UNSET
        else:
            service = self.service

        tracking: None | str | Unset
        if isinstance(self.tracking, Unset):
            tracking = UNSET
        else:
            tracking = self.tracking

        packages = self.packages

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "order_id": order_id,
                "node": node,
                "lines": lines,
                "carrier": carrier,
            }
        )
        if service is not UNSET:
            field_dict["service"] = service
        if tracking is not UNSET:
            field_dict["tracking"] = tracking
        if packages is not UNSET:
            field_dict["packages"] = packages

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sku_qty import SkuQty  # noqa: PLC0415

        d = dict(src_dict)
        order_id = d.pop("order_id")

        node = d.pop("node")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = SkuQty.from_dict(lines_item_data)

            lines.append(lines_item)

        carrier = d.pop("carrier")

        def _parse_service(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service = _parse_service(d.pop("service", UNSET))

        def _parse_tracking(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tracking = _parse_tracking(d.pop("tracking", UNSET))

        packages = d.pop("packages", UNSET)

        shipment_in = cls(
            order_id=order_id,
            node=node,
            lines=lines,
            carrier=carrier,
            service=service,
            tracking=tracking,
            packages=packages,
        )

        return shipment_in
