from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Product")


@_attrs_define
class Product:
    """
    Attributes:
        sku (str):
        name (str):
        price (int): integer amount in minor units of the currency, as its ISO 4217 exponent says: 1999 EUR = 19.99,
            1999 JPY = 1999, 1999 KWD = 1.999
        currency (str): ISO 4217 code of `price`
        gtin (None | str):
        weight_g (int):
        length_mm (int):
        width_mm (int):
        height_mm (int):
        tax_class (str): standard, reduced or zero
        category (None | str):
        active (bool):
    """

    sku: str
    name: str
    price: int
    currency: str
    gtin: None | str
    weight_g: int
    length_mm: int
    width_mm: int
    height_mm: int
    tax_class: str
    category: None | str
    active: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        name = self.name

        price = self.price

        currency = self.currency

        gtin: None | str
        gtin = self.gtin

        weight_g = self.weight_g

        length_mm = self.length_mm

        width_mm = self.width_mm

        height_mm = self.height_mm

        tax_class = self.tax_class

        category: None | str
        category = self.category

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sku": sku,
                "name": name,
                "price": price,
                "currency": currency,
                "gtin": gtin,
                "weight_g": weight_g,
                "length_mm": length_mm,
                "width_mm": width_mm,
                "height_mm": height_mm,
                "tax_class": tax_class,
                "category": category,
                "active": active,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku = d.pop("sku")

        name = d.pop("name")

        price = d.pop("price")

        currency = d.pop("currency")

        def _parse_gtin(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gtin = _parse_gtin(d.pop("gtin"))

        weight_g = d.pop("weight_g")

        length_mm = d.pop("length_mm")

        width_mm = d.pop("width_mm")

        height_mm = d.pop("height_mm")

        tax_class = d.pop("tax_class")

        def _parse_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        category = _parse_category(d.pop("category"))

        active = d.pop("active")

        product = cls(
            sku=sku,
            name=name,
            price=price,
            currency=currency,
            gtin=gtin,
            weight_g=weight_g,
            length_mm=length_mm,
            width_mm=width_mm,
            height_mm=height_mm,
            tax_class=tax_class,
            category=category,
            active=active,
        )

        product.additional_properties = d
        return product

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
