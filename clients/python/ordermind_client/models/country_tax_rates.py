from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.country_tax_rates_effective import CountryTaxRatesEffective
    from ..models.country_tax_rates_rates import CountryTaxRatesRates


T = TypeVar("T", bound="CountryTaxRates")


@_attrs_define
class CountryTaxRates:
    """
    Attributes:
        country (str): ISO 3166-1 alpha-2 ship-to country
        rates (CountryTaxRatesRates): the country's own rates: tax class (standard, reduced, zero) -> basis points (2000
            = 20 %)
        effective (CountryTaxRatesEffective): what invoices to this country charge: its own rates, the defaults for the
            classes it leaves out
    """

    country: str
    rates: CountryTaxRatesRates
    effective: CountryTaxRatesEffective
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        rates = self.rates.to_dict()

        effective = self.effective.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "rates": rates,
                "effective": effective,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.country_tax_rates_effective import CountryTaxRatesEffective  # noqa: PLC0415
        from ..models.country_tax_rates_rates import CountryTaxRatesRates  # noqa: PLC0415

        d = dict(src_dict)
        country = d.pop("country")

        rates = CountryTaxRatesRates.from_dict(d.pop("rates"))

        effective = CountryTaxRatesEffective.from_dict(d.pop("effective"))

        country_tax_rates = cls(
            country=country,
            rates=rates,
            effective=effective,
        )

        country_tax_rates.additional_properties = d
        return country_tax_rates

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
