from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AddressOut")


@_attrs_define
class AddressOut:
    """
    Attributes:
        name (str):
        line1 (str):
        line2 (None | str):
        city (str):
        region (None | str):
        postal_code (str):
        country (str): ISO 3166-1 alpha-2
        lat (float | None):
        lon (float | None):
    """

    name: str
    line1: str
    line2: None | str
    city: str
    region: None | str
    postal_code: str
    country: str
    lat: float | None
    lon: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        line1 = self.line1

        line2: None | str
        line2 = self.line2

        city = self.city

        region: None | str
        region = self.region

        postal_code = self.postal_code

        country = self.country

        lat: float | None
        lat = self.lat

        lon: float | None
        lon = self.lon

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "line1": line1,
                "line2": line2,
                "city": city,
                "region": region,
                "postal_code": postal_code,
                "country": country,
                "lat": lat,
                "lon": lon,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        line1 = d.pop("line1")

        def _parse_line2(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        line2 = _parse_line2(d.pop("line2"))

        city = d.pop("city")

        def _parse_region(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        region = _parse_region(d.pop("region"))

        postal_code = d.pop("postal_code")

        country = d.pop("country")

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

        address_out = cls(
            name=name,
            line1=line1,
            line2=line2,
            city=city,
            region=region,
            postal_code=postal_code,
            country=country,
            lat=lat,
            lon=lon,
        )

        address_out.additional_properties = d
        return address_out

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
