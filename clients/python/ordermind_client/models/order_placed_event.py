from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.order_placed_event_data import OrderPlacedEventData


T = TypeVar("T", bound="OrderPlacedEvent")


@_attrs_define
class OrderPlacedEvent:
    """An order was placed (or a draft placed)

    Attributes:
        id (int): event id (the webhook-id is `msg_<id>`)
        order_id (int):
        occurred_at (datetime.datetime):
        actor (str): who did it: a key's actor, `system`, or `care`
        type_ (Literal['order.placed']):
        data (OrderPlacedEventData): keys: lines: [{sku, quantity}], pickup_node, charges: [{kind (shipping|fee), title,
            code, amount, tax}] (minor units, before tax; a shop's shipping and fees)
        reason (None | str | Unset):
        status_before (None | str | Unset):
        status_after (None | str | Unset):
    """

    id: int
    order_id: int
    occurred_at: datetime.datetime
    actor: str
    type_: Literal["order.placed"]
    data: OrderPlacedEventData
    reason: None | str | Unset = UNSET
    status_before: None | str | Unset = UNSET
    status_after: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        order_id = self.order_id

        occurred_at = self.occurred_at.isoformat()

        actor = self.actor

        type_ = self.type_

        data = self.data.to_dict()

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        status_before: None | str | Unset
        if isinstance(self.status_before, Unset):
            status_before = UNSET
        else:
            status_before = self.status_before

        status_after: None | str | Unset
        if isinstance(self.status_after, Unset):
            status_after = UNSET
        else:
            status_after = self.status_after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "order_id": order_id,
                "occurred_at": occurred_at,
                "actor": actor,
                "type": type_,
                "data": data,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if status_before is not UNSET:
            field_dict["status_before"] = status_before
        if status_after is not UNSET:
            field_dict["status_after"] = status_after

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_placed_event_data import OrderPlacedEventData  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        order_id = d.pop("order_id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        actor = d.pop("actor")

        type_ = cast(Literal["order.placed"], d.pop("type"))
        if type_ != "order.placed":
            raise ValueError(f"type must match const 'order.placed', got '{type_}'")

        data = OrderPlacedEventData.from_dict(d.pop("data"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_status_before(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status_before = _parse_status_before(d.pop("status_before", UNSET))

        def _parse_status_after(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status_after = _parse_status_after(d.pop("status_after", UNSET))

        order_placed_event = cls(
            id=id,
            order_id=order_id,
            occurred_at=occurred_at,
            actor=actor,
            type_=type_,
            data=data,
            reason=reason,
            status_before=status_before,
            status_after=status_after,
        )

        order_placed_event.additional_properties = d
        return order_placed_event

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
