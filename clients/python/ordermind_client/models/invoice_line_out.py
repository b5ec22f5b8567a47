from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InvoiceLineOut")


@_attrs_define
class InvoiceLineOut:
    """
    Attributes:
        sku (str):
        quantity (int):
        unit_price (int): integer amount in minor units of the currency, as its ISO 4217 exponent says: 1999 EUR =
            19.99, 1999 JPY = 1999, 1999 KWD = 1.999
        tax (int): integer amount in minor units of the currency, as its ISO 4217 exponent says: 1999 EUR = 19.99, 1999
            JPY = 1999, 1999 KWD = 1.999
    """

    sku: str
    quantity: int
    unit_price: int
    tax: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        quantity = self.quantity

        unit_price = self.unit_price

        tax = self.tax

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sku": sku,
                "quantity": quantity,
                "unit_price": unit_price,
                "tax": tax,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku = d.pop("sku")

        quantity = d.pop("quantity")

        unit_price = d.pop("unit_price")

        tax = d.pop("tax")

        invoice_line_out = cls(
            sku=sku,
            quantity=quantity,
            unit_price=unit_price,
            tax=tax,
        )

        invoice_line_out.additional_properties = d
        return invoice_line_out

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
