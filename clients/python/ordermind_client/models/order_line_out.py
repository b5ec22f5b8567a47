from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.allocation_out import AllocationOut


T = TypeVar("T", bound="OrderLineOut")


@_attrs_define
class OrderLineOut:
    """
    Attributes:
        line_no (int):
        sku (str):
        unit_price (int): integer amount in minor units of the currency, as its ISO 4217 exponent says: 1999 EUR =
            19.99, 1999 JPY = 1999, 1999 KWD = 1.999
        status (str):
        ordered (int):
        allocated (int):
        backordered (int):
        released (int):
        shipped (int):
        delivered (int):
        cancelled (int):
        returned (int):
        allocations (list[AllocationOut]):
    """

    line_no: int
    sku: str
    unit_price: int
    status: str
    ordered: int
    allocated: int
    backordered: int
    released: int
    shipped: int
    delivered: int
    cancelled: int
    returned: int
    allocations: list[AllocationOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        line_no = self.line_no

        sku = self.sku

        unit_price = self.unit_price

        status = self.status

        ordered = self.ordered

        allocated = self.allocated

        backordered = self.backordered

        released = self.released

        shipped = self.shipped

        delivered = self.delivered

        cancelled = self.cancelled

        returned = self.returned

        allocations = []
        for allocations_item_data in self.allocations:
            allocations_item = allocations_item_data.to_dict()
            allocations.append(allocations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "line_no": line_no,
                "sku": sku,
                "unit_price": unit_price,
                "status": status,
                "ordered": ordered,
                "allocated": allocated,
                "backordered": backordered,
                "released": released,
                "shipped": shipped,
                "delivered": delivered,
                "cancelled": cancelled,
                "returned": returned,
                "allocations": allocations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.allocation_out import AllocationOut  # noqa: PLC0415

        d = dict(src_dict)
        line_no = d.pop("line_no")

        sku = d.pop("sku")

        unit_price = d.pop("unit_price")

        status = d.pop("status")

        ordered = d.pop("ordered")

        allocated = d.pop("allocated")

        backordered = d.pop("backordered")

        released = d.pop("released")

        shipped = d.pop("shipped")

        delivered = d.pop("delivered")

        cancelled = d.pop("cancelled")

        returned = d.pop("returned")

        allocations = []
        _allocations = d.pop("allocations")
        for allocations_item_data in _allocations:
            allocations_item = AllocationOut.from_dict(allocations_item_data)

            allocations.append(allocations_item)

        order_line_out = cls(
            line_no=line_no,
            sku=sku,
            unit_price=unit_price,
            status=status,
            ordered=ordered,
            allocated=allocated,
            backordered=backordered,
            released=released,
            shipped=shipped,
            delivered=delivered,
            cancelled=cancelled,
            returned=returned,
            allocations=allocations,
        )

        order_line_out.additional_properties = d
        return order_line_out

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
