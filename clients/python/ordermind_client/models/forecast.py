from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Forecast")


@_attrs_define
class Forecast:
    """
    Attributes:
        run_id (str):
        unique_id (str):
        ds (datetime.date): the day forecast
        sku (str):
        node (str):
        yhat (float): units expected
        yhat_lo_80 (float | None):
        yhat_hi_80 (float | None):
        yhat_lo_95 (float | None):
        yhat_hi_95 (float | None):
        model (str):
        backtest_rmsse (float | None):
        created_at (datetime.datetime):
    """

    run_id: str
    unique_id: str
    ds: datetime.date
    sku: str
    node: str
    yhat: float
    yhat_lo_80: float | None
    yhat_hi_80: float | None
    yhat_lo_95: float | None
    yhat_hi_95: float | None
    model: str
    backtest_rmsse: float | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        unique_id = self.unique_id

        ds = self.ds.isoformat()

        sku = self.sku

        node = self.node

        yhat = self.yhat

        yhat_lo_80: float | None
        yhat_lo_80 = self.yhat_lo_80

        yhat_hi_80: float | None
        yhat_hi_80 = self.yhat_hi_80

        yhat_lo_95: float | None
        yhat_lo_95 = self.yhat_lo_95

        yhat_hi_95: float | None
        yhat_hi_95 = self.yhat_hi_95

        model = self.model

        backtest_rmsse: float | None
        backtest_rmsse = self.backtest_rmsse

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "unique_id": unique_id,
                "ds": ds,
                "sku": sku,
                "node": node,
                "yhat": yhat,
                "yhat_lo_80": yhat_lo_80,
                "yhat_hi_80": yhat_hi_80,
                "yhat_lo_95": yhat_lo_95,
                "yhat_hi_95": yhat_hi_95,
                "model": model,
                "backtest_rmsse": backtest_rmsse,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        run_id = d.pop("run_id")

        unique_id = d.pop("unique_id")

        ds = datetime.date.fromisoformat(d.pop("ds"))

        sku = d.pop("sku")

        node = d.pop("node")

        yhat = d.pop("yhat")

        def _parse_yhat_lo_80(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        yhat_lo_80 = _parse_yhat_lo_80(d.pop("yhat_lo_80"))

        def _parse_yhat_hi_80(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        yhat_hi_80 = _parse_yhat_hi_80(d.pop("yhat_hi_80"))

        def _parse_yhat_lo_95(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        yhat_lo_95 = _parse_yhat_lo_95(d.pop("yhat_lo_95"))

        def _parse_yhat_hi_95(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        yhat_hi_95 = _parse_yhat_hi_95(d.pop("yhat_hi_95"))

        model = d.pop("model")

        def _parse_backtest_rmsse(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        backtest_rmsse = _parse_backtest_rmsse(d.pop("backtest_rmsse"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        forecast = cls(
            run_id=run_id,
            unique_id=unique_id,
            ds=ds,
            sku=sku,
            node=node,
            yhat=yhat,
            yhat_lo_80=yhat_lo_80,
            yhat_hi_80=yhat_hi_80,
            yhat_lo_95=yhat_lo_95,
            yhat_hi_95=yhat_hi_95,
            model=model,
            backtest_rmsse=backtest_rmsse,
            created_at=created_at,
        )

        forecast.additional_properties = d
        return forecast

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
