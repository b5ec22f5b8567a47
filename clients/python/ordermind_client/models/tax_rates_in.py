from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.tax_rates_in_rates import TaxRatesInRates


T = TypeVar("T", bound="TaxRatesIn")


@_attrs_define
class TaxRatesIn:
    """
    Attributes:
        rates (TaxRatesInRates): basis points per tax class (2000 = 20 %); a class left out takes the default rate, and
            `{}` leaves the country wholly on the defaults
    """

    rates: TaxRatesInRates

    def to_dict(self) -> dict[str, Any]:
        rates = self.rates.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rates": rates,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tax_rates_in_rates import TaxRatesInRates  # noqa: PLC0415

        d = dict(src_dict)
        rates = TaxRatesInRates.from_dict(d.pop("rates"))

        tax_rates_in = cls(
            rates=rates,
        )

        return tax_rates_in
