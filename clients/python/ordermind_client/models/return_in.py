from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.return_line_in import ReturnLineIn


T = TypeVar("T", bound="ReturnIn")


@_attrs_define
class ReturnIn:
    """
    Attributes:
        order_id (int):
        lines (list[ReturnLineIn]):
    """

    order_id: int
    lines: list[ReturnLineIn]

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "order_id": order_id,
                "lines": lines,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.return_line_in import ReturnLineIn  # noqa: PLC0415

        d = dict(src_dict)
        order_id = d.pop("order_id")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = ReturnLineIn.from_dict(lines_item_data)

            lines.append(lines_item)

        return_in = cls(
            order_id=order_id,
            lines=lines,
        )

        return return_in
