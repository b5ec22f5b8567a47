from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.option_availability import OptionAvailability


T = TypeVar("T", bound="SkuAvailability")


@_attrs_define
class SkuAvailability:
    """
    Attributes:
        ship_to_home (OptionAvailability):
        ship_from_store (OptionAvailability):
        pick_up_in_store (OptionAvailability):
    """

    ship_to_home: OptionAvailability
    ship_from_store: OptionAvailability
    pick_up_in_store: OptionAvailability
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ship_to_home = self.ship_to_home.to_dict()

        ship_from_store = self.ship_from_store.to_dict()

        pick_up_in_store = self.pick_up_in_store.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ship_to_home": ship_to_home,
                "ship_from_store": ship_from_store,
                "pick_up_in_store": pick_up_in_store,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.option_availability import OptionAvailability  # noqa: PLC0415

        d = dict(src_dict)
        ship_to_home = OptionAvailability.from_dict(d.pop("ship_to_home"))

        ship_from_store = OptionAvailability.from_dict(d.pop("ship_from_store"))

        pick_up_in_store = OptionAvailability.from_dict(d.pop("pick_up_in_store"))

        sku_availability = cls(
            ship_to_home=ship_to_home,
            ship_from_store=ship_from_store,
            pick_up_in_store=pick_up_in_store,
        )

        sku_availability.additional_properties = d
        return sku_availability

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
