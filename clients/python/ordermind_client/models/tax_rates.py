from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.country_tax_rates import CountryTaxRates
    from ..models.tax_rates_defaults import TaxRatesDefaults


T = TypeVar("T", bound="TaxRates")


@_attrs_define
class TaxRates:
    """
    Attributes:
        defaults (TaxRatesDefaults): for every class a country does not set: tax class (standard, reduced, zero) ->
            basis points (2000 = 20 %)
        countries (list[CountryTaxRates]): the countries with rates of their own
    """

    defaults: TaxRatesDefaults
    countries: list[CountryTaxRates]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        defaults = self.defaults.to_dict()

        countries = []
        for countries_item_data in self.countries:
            countries_item = countries_item_data.to_dict()
            countries.append(countries_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "defaults": defaults,
                "countries": countries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.country_tax_rates import CountryTaxRates  # noqa: PLC0415
        from ..models.tax_rates_defaults import TaxRatesDefaults  # noqa: PLC0415

        d = dict(src_dict)
        defaults = TaxRatesDefaults.from_dict(d.pop("defaults"))

        countries = []
        _countries = d.pop("countries")
        for countries_item_data in _countries:
            countries_item = CountryTaxRates.from_dict(countries_item_data)

            countries.append(countries_item)

        tax_rates = cls(
            defaults=defaults,
            countries=countries,
        )

        tax_rates.additional_properties = d
        return tax_rates

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
