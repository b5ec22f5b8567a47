from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SupplierTerms")


@_attrs_define
class SupplierTerms:
    """
    Attributes:
        sku (str):
        supplier_id (str):
        moq (int):
        pack_size (int):
        unit_cost (int): integer amount in minor units of the currency, as its ISO 4217 exponent says: 1999 EUR = 19.99,
            1999 JPY = 1999, 1999 KWD = 1.999
        currency (str):
        lead_time_days (float):
        lead_time_std_days (float):
    """

    sku: str
    supplier_id: str
    moq: int
    pack_size: int
    unit_cost: int
    currency: str
    lead_time_days: float
    lead_time_std_days: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        supplier_id = self.supplier_id

        moq = self.moq

        pack_size = self.pack_size

        unit_cost = self.unit_cost

        currency = self.currency

        lead_time_days = self.lead_time_days

        lead_time_std_days = self.lead_time_std_days

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sku": sku,
                "supplier_id": supplier_id,
                "moq": moq,
                "pack_size": pack_size,
                "unit_cost": unit_cost,
                "currency": currency,
                "lead_time_days": lead_time_days,
                "lead_time_std_days": lead_time_std_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku = d.pop("sku")

        supplier_id = d.pop("supplier_id")

        moq = d.pop("moq")

        pack_size = d.pop("pack_size")

        unit_cost = d.pop("unit_cost")

        currency = d.pop("currency")

        lead_time_days = d.pop("lead_time_days")

        lead_time_std_days = d.pop("lead_time_std_days")

        supplier_terms = cls(
            sku=sku,
            supplier_id=supplier_id,
            moq=moq,
            pack_size=pack_size,
            unit_cost=unit_cost,
            currency=currency,
            lead_time_days=lead_time_days,
            lead_time_std_days=lead_time_std_days,
        )

        supplier_terms.additional_properties = d
        return supplier_terms

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
