from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FixEffects")


@_attrs_define
class FixEffects:
    """What the fix would do, found by applying it and rolling back.

    Attributes:
        feasible (bool):
        error (None | str): why it could not be done
        resolves (bool): the exception's cause is gone afterwards
        new_promise (datetime.date | None):
        expected_delivery (datetime.date | None):
        promise_delta_days (int | None):
        cost_before (int | None): fulfilment cost of the open units
        cost_after (int | None):
        cost_delta (int | None):
        carbon_delta_kg (float | None):
        split_delta (int):
        backordered_after (int):
        remaining_causes (list[str]):
    """

    feasible: bool
    error: None | str
    resolves: bool
    new_promise: datetime.date | None
    expected_delivery: datetime.date | None
    promise_delta_days: int | None
    cost_before: int | None
    cost_after: int | None
    cost_delta: int | None
    carbon_delta_kg: float | None
    split_delta: int
    backordered_after: int
    remaining_causes: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        feasible = self.feasible

        error: None | str
        error = self.error

        resolves = self.resolves

        new_promise: None | str
        if isinstance(self.new_promise, datetime.date):
            new_promise = self.new_promise.isoformat()
        else:
            new_promise = self.new_promise

        expected_delivery: None | str
        if isinstance(self.expected_delivery, datetime.date):
            expected_delivery = self.expected_delivery.isoformat()
        else:
            expected_delivery = self.expected_delivery

        promise_delta_days: int | None
        promise_delta_days = self.promise_delta_days

        cost_before: int | None
        cost_before = self.cost_before

        cost_after: int | None
        cost_after = self.cost_after

        cost_delta: int | None
        cost_delta = self.cost_delta

        carbon_delta_kg: float | None
        carbon_delta_kg = self.carbon_delta_kg

        split_delta = self.split_delta

        backordered_after = self.backordered_after

        remaining_causes = self.remaining_causes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "feasible": feasible,
                "error": error,
                "resolves": resolves,
                "new_promise": new_promise,
                "expected_delivery": expected_delivery,
                "promise_delta_days": promise_delta_days,
                "cost_before": cost_before,
                "cost_after": cost_after,
                "cost_delta": cost_delta,
                "carbon_delta_kg": carbon_delta_kg,
                "split_delta": split_delta,
                "backordered_after": backordered_after,
                "remaining_causes": remaining_causes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        feasible = d.pop("feasible")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        resolves = d.pop("resolves")

        def _parse_new_promise(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                new_promise_type_0 = datetime.date.fromisoformat(data)

                return new_promise_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        new_promise = _parse_new_promise(d.pop("new_promise"))

        def _parse_expected_delivery(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expected_delivery_type_0 = datetime.date.fromisoformat(data)

                return expected_delivery_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        expected_delivery = _parse_expected_delivery(d.pop("expected_delivery"))

        def _parse_promise_delta_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        promise_delta_days = _parse_promise_delta_days(d.pop("promise_delta_days"))

        def _parse_cost_before(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cost_before = _parse_cost_before(d.pop("cost_before"))

        def _parse_cost_after(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cost_after = _parse_cost_after(d.pop("cost_after"))

        def _parse_cost_delta(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cost_delta = _parse_cost_delta(d.pop("cost_delta"))

        def _parse_carbon_delta_kg(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        carbon_delta_kg = _parse_carbon_delta_kg(d.pop("carbon_delta_kg"))

        split_delta = d.pop("split_delta")

        backordered_after = d.pop("backordered_after")

        remaining_causes = cast(list[str], d.pop("remaining_causes"))

        fix_effects = cls(
            feasible=feasible,
            error=error,
            resolves=resolves,
            new_promise=new_promise,
            expected_delivery=expected_delivery,
            promise_delta_days=promise_delta_days,
            cost_before=cost_before,
            cost_after=cost_after,
            cost_delta=cost_delta,
            carbon_delta_kg=carbon_delta_kg,
            split_delta=split_delta,
            backordered_after=backordered_after,
            remaining_causes=remaining_causes,
        )

        fix_effects.additional_properties = d
        return fix_effects

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
