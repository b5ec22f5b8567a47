from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Node")


@_attrs_define
class Node:
    """
    Attributes:
        code (str):
        name (str):
        kind (str): warehouse, store or supplier
        country (str):
        postal_code (None | str):
        lat (float | None):
        lon (float | None):
        daily_capacity (int): order lines a day
        handling_cost (int): integer amount in minor units of the currency, as its ISO 4217 exponent says: 1999 EUR =
            19.99, 1999 JPY = 1999, 1999 KWD = 1.999
        can_ship (bool):
        can_pickup (bool):
        priority (int): lower is preferred by the `priority` strategy
        active (bool):
        timezone (str): IANA name
        cutoff (None | str): HH:MM node-local; null: the kind's default
        processing_days (int | None): null: the kind's default
        holidays (None | str): the public holidays it does not work (GB-SCT)
    """

    code: str
    name: str
    kind: str
    country: str
    postal_code: None | str
    lat: float | None
    lon: float | None
    daily_capacity: int
    handling_cost: int
    can_ship: bool
    can_pickup: bool
    priority: int
    active: bool
    timezone: str
    cutoff: None | str
    processing_days: int | None
    holidays: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        kind = self.kind

        country = self.country

        postal_code: None | str
        postal_code = self.postal_code

        lat: float | None
        lat = self.lat

        lon: float | None
        lon = self.lon

        daily_capacity = self.daily_capacity

        handling_cost = self.handling_cost

        can_ship = self.can_ship

        can_pickup = self.can_pickup

        priority = self.priority

        active = self.active

        timezone = self.timezone

        cutoff: None | str
        cutoff = self.cutoff

        processing_days: int | None
        processing_days = self.processing_days

        holidays: None | str
        holidays = self.holidays

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "name": name,
                "kind": kind,
                "country": country,
                "postal_code": postal_code,
                "lat": lat,
                "lon": lon,
                "daily_capacity": daily_capacity,
                "handling_cost": handling_cost,
                "can_ship": can_ship,
                "can_pickup": can_pickup,
                "priority": priority,
                "active": active,
                "timezone": timezone,
                "cutoff": cutoff,
                "processing_days": processing_days,
                "holidays": holidays,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        kind = d.pop("kind")

        country = d.pop("country")

        def _parse_postal_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        postal_code = _parse_postal_code(d.pop("postal_code"))

        def _parse_lat(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        lat = _parse_lat(d.pop("lat"))

        def _parse_lon(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        lon = _parse_lon(d.pop("lon"))

        daily_capacity = d.pop("daily_capacity")

        handling_cost = d.pop("handling_cost")

        can_ship = d.pop("can_ship")

        can_pickup = d.pop("can_pickup")

        priority = d.pop("priority")

        active = d.pop("active")

        timezone = d.pop("timezone")

        def _parse_cutoff(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cutoff = _parse_cutoff(d.pop("cutoff"))

        def _parse_processing_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        processing_days = _parse_processing_days(d.pop("processing_days"))

        def _parse_holidays(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        holidays = _parse_holidays(d.pop("holidays"))

        node = cls(
            code=code,
            name=name,
            kind=kind,
            country=country,
            postal_code=postal_code,
            lat=lat,
            lon=lon,
            daily_capacity=daily_capacity,
            handling_cost=handling_cost,
            can_ship=can_ship,
            can_pickup=can_pickup,
            priority=priority,
            active=active,
            timezone=timezone,
            cutoff=cutoff,
            processing_days=processing_days,
            holidays=holidays,
        )

        node.additional_properties = d
        return node

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
