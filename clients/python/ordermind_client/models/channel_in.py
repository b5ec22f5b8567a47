from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.backorder_policy import BackorderPolicy
from ..models.channel_in_priority import ChannelInPriority
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.channel_in_priority_weights import ChannelInPriorityWeights
    from ..models.ring_fence_in import RingFenceIn


T = TypeVar("T", bound="ChannelIn")


@_attrs_define
class ChannelIn:
    """
    Attributes:
        name (None | str | Unset):
        backorder_policy (BackorderPolicy | Unset):
        sourcing_strategy (str | Unset):  Default: 'default'.
        ring_fences (list[RingFenceIn] | Unset):
        priority (ChannelInPriority | Unset):  Default: ChannelInPriority.FIFO.
        priority_weights (ChannelInPriorityWeights | Unset): factor -> weight, overriding the defaults (0 turns one off)
        ship_sla_hours (int | Unset):  Default: 48.
        price_override (bool | Unset): the channel's own key may set a unit_price other than the catalog's Default:
            False.
    """

    name: None | str | Unset = UNSET
    backorder_policy: BackorderPolicy | Unset = UNSET
    sourcing_strategy: str | Unset = "default"
    ring_fences: list[RingFenceIn] | Unset = UNSET
    priority: ChannelInPriority | Unset = ChannelInPriority.FIFO
    priority_weights: ChannelInPriorityWeights | Unset = UNSET
    ship_sla_hours: int | Unset = 48
    price_override: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        backorder_policy: str | Unset = UNSET
        if not isinstance(self.backorder_policy, Unset):
            backorder_policy = self.backorder_policy.value

        sourcing_strategy = self.sourcing_strategy

        ring_fences: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.ring_fences, Unset):
            ring_fences = []
            for ring_fences_item_data in self.ring_fences:
                ring_fences_item = ring_fences_item_data.to_dict()
                ring_fences.append(ring_fences_item)

        priority: str | Unset = UNSET
        if not isinstance(self.priority, Unset):
            priority = self.priority.value

        priority_weights: dict[str, Any] | Unset = UNSET
        if not isinstance(self.priority_weights, Unset):
            priority_weights = self.priority_weights.to_dict()

        ship_sla_hours = self.ship_sla_hours

        price_override = self.price_override

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if backorder_policy is not UNSET:
            field_dict["backorder_policy"] = backorder_policy
        if sourcing_strategy is not UNSET:
            field_dict["sourcing_strategy"] = sourcing_strategy
        if ring_fences is not UNSET:
            field_dict["ring_fences"] = ring_fences
        if priority is not UNSET:
            field_dict["priority"] = priority
        if priority_weights is not UNSET:
            field_dict["priority_weights"] = priority_weights
        if ship_sla_hours is not UNSET:
            field_dict["ship_sla_hours"] = ship_sla_hours
        if price_override is not UNSET:
            field_dict["price_override"] = price_override

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_in_priority_weights import ChannelInPriorityWeights  # noqa: PLC0415
        from ..models.ring_fence_in import RingFenceIn  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        _backorder_policy = d.pop("backorder_policy", UNSET)
        backorder_policy: BackorderPolicy | Unset
        if isinstance(_backorder_policy, Unset):
            backorder_policy = UNSET
        else:
            backorder_policy = BackorderPolicy(_backorder_policy)

        sourcing_strategy = d.pop("sourcing_strategy", UNSET)

        _ring_fences = d.pop("ring_fences", UNSET)
        ring_fences: list[RingFenceIn] | Unset = UNSET
        if _ring_fences is not UNSET:
            ring_fences = []
            for ring_fences_item_data in _ring_fences:
                ring_fences_item = RingFenceIn.from_dict(ring_fences_item_data)

                ring_fences.append(ring_fences_item)

        _priority = d.pop("priority", UNSET)
        priority: ChannelInPriority | Unset
        if isinstance(_priority, Unset):
            priority = UNSET
        else:
            priority = ChannelInPriority(_priority)

        _priority_weights = d.pop("priority_weights", UNSET)
        priority_weights: ChannelInPriorityWeights | Unset
        if isinstance(_priority_weights, Unset):
            priority_weights = UNSET
        else:
            priority_weights = ChannelInPriorityWeights.from_dict(_priority_weights)

        ship_sla_hours = d.pop("ship_sla_hours", UNSET)

        price_override = d.pop("price_override", UNSET)

        channel_in = cls(
            name=name,
            backorder_policy=backorder_policy,
            sourcing_strategy=sourcing_strategy,
            ring_fences=ring_fences,
            priority=priority,
            priority_weights=priority_weights,
            ship_sla_hours=ship_sla_hours,
            price_override=price_override,
        )

        return channel_in
