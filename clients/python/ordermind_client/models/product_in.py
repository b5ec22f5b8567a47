from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.tax_class import TaxClass
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProductIn")


@_attrs_define
class ProductIn:
    """
    Attributes:
        name (str):
        price (int): integer amount in the currency's minor units (ISO 4217 exponent: 1999 EUR = 19.99, 1999 JPY = 1999,
            1999 KWD = 1.999)
        currency (str | Unset):  Default: 'EUR'.
        gtin (None | str | Unset):
        weight_g (int | Unset):  Default: 0.
        length_mm (int | Unset):  Default: 0.
        width_mm (int | Unset):  Default: 0.
        height_mm (int | Unset):  Default: 0.
        tax_class (TaxClass | Unset):
        category (None | str | Unset):
        active (bool | Unset):  Default: True.
    """

    name: str
    price: int
    currency: str | Unset = "EUR"
    gtin: None | str | Unset = UNSET
    weight_g: int | Unset = 0
    length_mm: int | Unset = 0
    width_mm: int | Unset = 0
    height_mm: int | Unset = 0
    tax_class: TaxClass | Unset = UNSET
    category: None | str | Unset = UNSET
    active: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        price = self.price

        currency = self.currency

        gtin: None | str | Unset
        if isinstance(self.gtin, Unset):
            gtin = UNSET
        else:
            gtin = self.gtin

        weight_g = self.weight_g

        length_mm = self.length_mm

        width_mm = self.width_mm

        height_mm = self.height_mm

        tax_class: str | Unset = UNSET
        if not isinstance(self.tax_class, Unset):
            tax_class = self.tax_class.value

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        active = self.active

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "price": price,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if gtin is not UNSET:
            field_dict["gtin"] = gtin
        if weight_g is not UNSET:
            field_dict["weight_g"] = weight_g
        if length_mm is not UNSET:
            field_dict["length_mm"] = length_mm
        if width_mm is not UNSET:
            field_dict["width_mm"] = width_mm
        if height_mm is not UNSET:
            field_dict["height_mm"] = height_mm
        if tax_class is not UNSET:
            field_dict["tax_class"] = tax_class
        if category is not UNSET:
            field_dict["category"] = category
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        price = d.pop("price")

        currency = d.pop("currency", UNSET)

        def _parse_gtin(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gtin = _parse_gtin(d.pop("gtin", UNSET))

        weight_g = d.pop("weight_g", UNSET)

        length_mm = d.pop("length_mm", UNSET)

        width_mm = d.pop("width_mm", UNSET)

        height_mm = d.pop("height_mm", UNSET)

        _tax_class = d.pop("tax_class", UNSET)
        tax_class: TaxClass | Unset
        if isinstance(_tax_class, Unset):
            tax_class = UNSET
        else:
            tax_class = TaxClass(_tax_class)

        def _parse_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        active = d.pop("active", UNSET)

        product_in = cls(
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

        return product_in
