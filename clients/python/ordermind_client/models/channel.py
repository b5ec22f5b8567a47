from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.channel_priority_weights import ChannelPriorityWeights
    from ..models.ring_fence_out import RingFenceOut


T = TypeVar("T", bound="Channel")


@_attrs_define
class Channel:
    """
    Attributes:
        code (str):
        name (None | str):
        backorder_policy (str): backorder, reject or ship_complete
        sourcing_strategy (str):
        ring_fences (list[RingFenceOut]):
        priority (str): fifo or dynamic
        priority_weights (ChannelPriorityWeights):
        ship_sla_hours (int):
        price_override (bool):
    """

    code: str
    name: None | str
    backorder_policy: str
    sourcing_strategy: str
    ring_fences: list[RingFenceOut]
    priority: str
    priority_weights: ChannelPriorityWeights
    ship_sla_hours: int
    price_override: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name: None | str
        name = self.name

        backorder_policy = self.backorder_policy

        sourcing_strategy = self.sourcing_strategy

        ring_fences = []
        for ring_fences_item_data in self.ring_fences:
            ring_fences_item = ring_fences_item_data.to_dict()
            ring_fences.append(ring_fences_item)

        priority = self.priority

        priority_weights = self.priority_weights.to_dict()

        ship_sla_hours = self.ship_sla_hours

        price_override = self.price_override

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "name": name,
                "backorder_policy": backorder_policy,
                "sourcing_strategy": sourcing_strategy,
                "ring_fences": ring_fences,
                "priority": priority,
                "priority_weights": priority_weights,
                "ship_sla_hours": ship_sla_hours,
                "price_override": price_override,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_priority_weights import ChannelPriorityWeights  # noqa: PLC0415
        from ..models.ring_fence_out import RingFenceOut  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        backorder_policy = d.pop("backorder_policy")

        sourcing_strategy = d.pop("sourcing_strategy")

        ring_fences = []
        _ring_fences = d.pop("ring_fences")
        for ring_fences_item_data in _ring_fences:
            ring_fences_item = RingFenceOut.from_dict(ring_fences_item_data)

            ring_fences.append(ring_fences_item)

        priority = d.pop("priority")

        priority_weights = ChannelPriorityWeights.from_dict(d.pop("priority_weights"))

        ship_sla_hours = d.pop("ship_sla_hours")

        price_override = d.pop("price_override")

        channel = cls(
            code=code,
            name=name,
            backorder_policy=backorder_policy,
            sourcing_strategy=sourcing_strategy,
            ring_fences=ring_fences,
            priority=priority,
            priority_weights=priority_weights,
            ship_sla_hours=ship_sla_hours,
            price_override=price_override,
        )

        channel.additional_properties = d
        return channel

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
