from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.node_kind import NodeKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="NodeIn")


@_attrs_define
class NodeIn:
    """
    Attributes:
        name (str):
        kind (NodeKind | Unset):
        country (str | Unset):  Default: 'GB'.
        postal_code (None | str | Unset):
        lat (float | None | Unset):
        lon (float | None | Unset):
        daily_capacity (int | Unset):  Default: 1000.
        handling_cost (int | Unset):  Default: 0.
        can_ship (bool | Unset):  Default: True.
        can_pickup (bool | Unset):  Default: False.
        priority (int | Unset):  Default: 100.
        active (bool | Unset):  Default: True.
        timezone (str | Unset): IANA time zone of the node's cut-offs Default: 'UTC'.
        cutoff (None | str | Unset):
        processing_days (int | None | Unset):
        holidays (None | str | Unset):
    """

    name: str
    kind: NodeKind | Unset = UNSET
    country: str | Unset = "GB"
    postal_code: None | str | Unset = UNSET
    lat: float | None | Unset = UNSET
    lon: float | None | Unset = UNSET
    daily_capacity: int | Unset = 1000
    handling_cost: int | Unset = 0
    can_ship: bool | Unset = True
    can_pickup: bool | Unset = False
    priority: int | Unset = 100
    active: bool | Unset = True
    timezone: str | Unset = "UTC"
    cutoff: None | str | Unset = UNSET
    processing_days: int | None | Unset = UNSET
    holidays: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        country = self.country

        postal_code: None | str | Unset
        if isinstance(self.postal_code, Unset):
            postal_code = UNSET
        else:
            postal_code = self.postal_code

        lat: float | None | Unset
        if isinstance(self.lat, Unset):
            lat = UNSET
        else:
            lat = self.lat

        lon: float | None | Unset
        if isinstance(self.lon, Unset):
            lon = UNSET
        else:
            lon = self.lon

        daily_capacity = self.daily_capacity

        handling_cost = self.handling_cost

        can_ship = self.can_ship

        can_pickup = self.can_pickup

        priority = self.priority

        active = self.active

        timezone = self.timezone

        cutoff: None | str | Unset
        if isinstance(self.cutoff, Unset):
            cutoff = UNSET
        else:
            cutoff = self.cutoff

        processing_days: int | None | Unset
        if isinstance(self.processing_days, Unset):
            processing_days = UNSET
        else:
            processing_days = self.processing_days

        holidays: None | str | Unset
        if isinstance(self.holidays, Unset):
            holidays = UNSET
        else:
            holidays = self.holidays

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if country is not UNSET:
            field_dict["country"] = country
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if lat is not UNSET:
            field_dict["lat"] = lat
        if lon is not UNSET:
            field_dict["lon"] = lon
        if daily_capacity is not UNSET:
            field_dict["daily_capacity"] = daily_capacity
        if handling_cost is not UNSET:
            field_dict["handling_cost"] = handling_cost
        if can_ship is not UNSET:
            field_dict["can_ship"] = can_ship
        if can_pickup is not UNSET:
            field_dict["can_pickup"] = can_pickup
        if priority is not UNSET:
            field_dict["priority"] = priority
        if active is not UNSET:
            field_dict["active"] = active
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if cutoff is not UNSET:
            field_dict["cutoff"] = cutoff
        if processing_days is not UNSET:
            field_dict["processing_days"] = processing_days
        if holidays is not UNSET:
            field_dict["holidays"] = holidays

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        _kind = d.pop("kind", UNSET)
        kind: NodeKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = NodeKind(_kind)

        country = d.pop("country", UNSET)

        def _parse_postal_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        postal_code = _parse_postal_code(d.pop("postal_code", UNSET))

        def _parse_lat(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        lat = _parse_lat(d.pop("lat", UNSET))

        def _parse_lon(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        lon = _parse_lon(d.pop("lon", UNSET))

        daily_capacity = d.pop("daily_capacity", UNSET)

        handling_cost = d.pop("handling_cost", UNSET)

        can_ship = d.pop("can_ship", UNSET)

        can_pickup = d.pop("can_pickup", UNSET)

        priority = d.pop("priority", UNSET)

        active = d.pop("active", UNSET)

        timezone = d.pop("timezone", UNSET)

        def _parse_cutoff(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cutoff = _parse_cutoff(d.pop("cutoff", UNSET))

        def _parse_processing_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        processing_days = _parse_processing_days(d.pop("processing_days", UNSET))

        def _parse_holidays(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        holidays = _parse_holidays(d.pop("holidays", UNSET))

        node_in = cls(
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

        return node_in
