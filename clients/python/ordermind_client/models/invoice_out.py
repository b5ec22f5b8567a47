from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.invoice_line_out import InvoiceLineOut


T = TypeVar("T", bound="InvoiceOut")


@_attrs_define
class InvoiceOut:
    """
    Attributes:
        id (str):
        number (str):
        order_id (int):
        shipment_id (str):
        currency (str):
        subtotal (int): integer amount in minor units of the currency, as its ISO 4217 exponent says: 1999 EUR = 19.99,
            1999 JPY = 1999, 1999 KWD = 1.999
        tax (int): integer amount in minor units of the currency, as its ISO 4217 exponent says: 1999 EUR = 19.99, 1999
            JPY = 1999, 1999 KWD = 1.999
        total (int): integer amount in minor units of the currency, as its ISO 4217 exponent says: 1999 EUR = 19.99,
            1999 JPY = 1999, 1999 KWD = 1.999
        issued_at (datetime.datetime):
        lines (list[InvoiceLineOut]):
    """

    id: str
    number: str
    order_id: int
    shipment_id: str
    currency: str
    subtotal: int
    tax: int
    total: int
    issued_at: datetime.datetime
    lines: list[InvoiceLineOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        number = self.number

        order_id = self.order_id

        shipment_id = self.shipment_id

        currency = self.currency

        subtotal = self.subtotal

        tax = self.tax

        total = self.total

        issued_at = self.issued_at.isoformat()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "number": number,
                "order_id": order_id,
                "shipment_id": shipment_id,
                "currency": currency,
                "subtotal": subtotal,
                "tax": tax,
                "total": total,
                "issued_at": issued_at,
                "lines": lines,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invoice_line_out import InvoiceLineOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        number = d.pop("number")

        order_id = d.pop("order_id")

        shipment_id = d.pop("shipment_id")

        currency = d.pop("currency")

        subtotal = d.pop("subtotal")

        tax = d.pop("tax")

        total = d.pop("total")

        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = InvoiceLineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        invoice_out = cls(
            id=id,
            number=number,
            order_id=order_id,
            shipment_id=shipment_id,
            currency=currency,
            subtotal=subtotal,
            tax=tax,
            total=total,
            issued_at=issued_at,
            lines=lines,
        )

        invoice_out.additional_properties = d
        return invoice_out

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
