from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SupplierTermsIn")


@_attrs_define
class SupplierTermsIn:
    """
    Attributes:
        supplier_id (str):
        moq (int | Unset):  Default: 1.
        pack_size (int | Unset):  Default: 1.
        unit_cost (int | Unset): integer amount in the currency's minor units (ISO 4217 exponent: 1999 EUR = 19.99, 1999
            JPY = 1999, 1999 KWD = 1.999) Default: 0.
        currency (str | Unset):  Default: 'EUR'.
        lead_time_days (float | Unset):  Default: 7.0.
        lead_time_std_days (float | Unset):  Default: 0.0.
    """

    supplier_id: str
    moq: int | Unset = 1
    pack_size: int | Unset = 1
    unit_cost: int | Unset = 0
    currency: str | Unset = "EUR"
    lead_time_days: float | Unset = 7.0
    lead_time_std_days: float | Unset = 0.0

    def to_dict(self) -> dict[str, Any]:
        supplier_id = self.supplier_id

        moq = self.moq

        pack_size = self.pack_size

        unit_cost = self.unit_cost

        currency = self.currency

        lead_time_days = self.lead_time_days

        lead_time_std_days = self.lead_time_std_days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "supplier_id": supplier_id,
            }
        )
        if moq is not UNSET:
            field_dict["moq"] = moq
        if pack_size is not UNSET:
            field_dict["pack_size"] = pack_size
        if unit_cost is not UNSET:
            field_dict["unit_cost"] = unit_cost
        if currency is not UNSET:
            field_dict["currency"] = currency
        if lead_time_days is not UNSET:
            field_dict["lead_time_days"] = lead_time_days
        if lead_time_std_days is not UNSET:
            field_dict["lead_time_std_days"] = lead_time_std_days

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        supplier_id = d.pop("supplier_id")

        moq = d.pop("moq", UNSET)

        pack_size = d.pop("pack_size", UNSET)

        unit_cost = d.pop("unit_cost", UNSET)

        currency = d.pop("currency", UNSET)

        lead_time_days = d.pop("lead_time_days", UNSET)

        lead_time_std_days = d.pop("lead_time_std_days", UNSET)

        supplier_terms_in = cls(
            supplier_id=supplier_id,
            moq=moq,
            pack_size=pack_size,
            unit_cost=unit_cost,
            currency=currency,
            lead_time_days=lead_time_days,
            lead_time_std_days=lead_time_std_days,
        )

        return supplier_terms_in
