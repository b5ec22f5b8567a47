from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.order import Order
    from ..models.return_line_out import ReturnLineOut


T = TypeVar("T", bound="ReturnWithOrder")


@_attrs_define
class ReturnWithOrder:
    """
    Attributes:
        id (str):
        order_id (int):
        status (str):
        node (None | str):
        refund_amount (int | None):
        lines (list[ReturnLineOut]):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        order (Order):
    """

    id: str
    order_id: int
    status: str
    node: None | str
    refund_amount: int | None
    lines: list[ReturnLineOut]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    order: Order
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        order_id = self.order_id

        status = self.status

        node: None | str
        node = self.node

        refund_amount: int | None
        refund_amount = self.refund_amount

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        order = self.order.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "order_id": order_id,
                "status": status,
                "node": node,
                "refund_amount": refund_amount,
                "lines": lines,
                "created_at": created_at,
                "updated_at": updated_at,
                "order": order,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order import Order  # noqa: PLC0415
        from ..models.return_line_out import ReturnLineOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        order_id = d.pop("order_id")

        status = d.pop("status")

        def _parse_node(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        node = _parse_node(d.pop("node"))

        def _parse_refund_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        refund_amount = _parse_refund_amount(d.pop("refund_amount"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = ReturnLineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        order = Order.from_dict(d.pop("order"))

        return_with_order = cls(
            id=id,
            order_id=order_id,
            status=status,
            node=node,
            refund_amount=refund_amount,
            lines=lines,
            created_at=created_at,
            updated_at=updated_at,
            order=order,
        )

        return_with_order.additional_properties = d
        return return_with_order

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
