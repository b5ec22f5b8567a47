from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.order_event_data_type_0 import OrderEventDataType0


T = TypeVar("T", bound="OrderEvent")


@_attrs_define
class OrderEvent:
    """
    Attributes:
        id (int):
        type_ (str):
        actor (str):
        at (datetime.datetime):
        reason (None | str):
        status_before (None | str):
        status_after (None | str):
        data (None | OrderEventDataType0):
    """

    id: int
    type_: str
    actor: str
    at: datetime.datetime
    reason: None | str
    status_before: None | str
    status_after: None | str
    data: None | OrderEventDataType0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.order_event_data_type_0 import OrderEventDataType0  # noqa: PLC0415

        id = self.id

        type_ = self.type_

        actor = self.actor

        at = self.at.isoformat()

        reason: None | str
        reason = self.reason

        status_before: None | str
        status_before = self.status_before

        status_after: None | str
        status_after = self.status_after

        data: dict[str, Any] | None
        if isinstance(self.data, OrderEventDataType0):
            data = self.data.to_dict()
        else:
            data = self.data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "actor": actor,
                "at": at,
                "reason": reason,
                "status_before": status_before,
                "status_after": status_after,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_event_data_type_0 import OrderEventDataType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_status_before(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status_before = _parse_status_before(d.pop("status_before"))

        def _parse_status_after(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status_after = _parse_status_after(d.pop("status_after"))

        def _parse_data(data: object) -> None | OrderEventDataType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = OrderEventDataType0.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderEventDataType0, data)

        data = _parse_data(d.pop("data"))

        order_event = cls(
            id=id,
            type_=type_,
            actor=actor,
            at=at,
            reason=reason,
            status_before=status_before,
            status_after=status_after,
            data=data,
        )

        order_event.additional_properties = d
        return order_event

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
