from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.availability_skus import AvailabilitySkus


T = TypeVar("T", bound="Availability")


@_attrs_define
class Availability:
    """
    Attributes:
        location_precision (str): how the address was placed on the map
        quantity (int):
        skus (AvailabilitySkus):
    """

    location_precision: str
    quantity: int
    skus: AvailabilitySkus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        location_precision = self.location_precision

        quantity = self.quantity

        skus = self.skus.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "location_precision": location_precision,
                "quantity": quantity,
                "skus": skus,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.availability_skus import AvailabilitySkus  # noqa: PLC0415

        d = dict(src_dict)
        location_precision = d.pop("location_precision")

        quantity = d.pop("quantity")

        skus = AvailabilitySkus.from_dict(d.pop("skus"))

        availability = cls(
            location_precision=location_precision,
            quantity=quantity,
            skus=skus,
        )

        availability.additional_properties = d
        return availability

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
