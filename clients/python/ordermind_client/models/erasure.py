from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.erasure_rows import ErasureRows


T = TypeVar("T", bound="Erasure")


@_attrs_define
class Erasure:
    """
    Attributes:
        customer_id (str):
        orders (int):
        rows (ErasureRows): rows changed per table
        already_erased (bool):
    """

    customer_id: str
    orders: int
    rows: ErasureRows
    already_erased: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        orders = self.orders

        rows = self.rows.to_dict()

        already_erased = self.already_erased

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "orders": orders,
                "rows": rows,
                "already_erased": already_erased,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.erasure_rows import ErasureRows  # noqa: PLC0415

        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        orders = d.pop("orders")

        rows = ErasureRows.from_dict(d.pop("rows"))

        already_erased = d.pop("already_erased")

        erasure = cls(
            customer_id=customer_id,
            orders=orders,
            rows=rows,
            already_erased=already_erased,
        )

        erasure.additional_properties = d
        return erasure

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
