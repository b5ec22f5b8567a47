from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exception_detail_applied_type_0 import ExceptionDetailAppliedType0
    from ..models.exception_detail_details import ExceptionDetailDetails
    from ..models.exception_detail_ranking_type_0 import ExceptionDetailRankingType0
    from ..models.fix_option import FixOption


T = TypeVar("T", bound="ExceptionDetail")


@_attrs_define
class ExceptionDetail:
    """
    Attributes:
        id (int):
        order_id (int):
        channel (str):
        type_ (str):
        cause (str):
        status (str): open, closed or dismissed
        severity (str): low, medium, high or critical
        money_at_risk (int): in the order's currency, minor units
        currency (str):
        promise_at_risk (datetime.date | None): the promised date at risk, if any
        explanation (str):
        details (ExceptionDetailDetails):
        opened_at (datetime.datetime):
        updated_at (datetime.datetime):
        closed_at (datetime.datetime | None):
        close_reason (None | str):
        closed_by (None | str):
        applied (ExceptionDetailAppliedType0 | None):
        auto_applied (bool):
        evaluated_at (datetime.datetime | None):
        fixes (list[FixOption]): ranked best first
        ranking (ExceptionDetailRankingType0 | None): which ranker ordered them, and why
        evaluation_at (None | str): when the fixes were evaluated (ISO 8601)
    """

    id: int
    order_id: int
    channel: str
    type_: str
    cause: str
    status: str
    severity: str
    money_at_risk: int
    currency: str
    promise_at_risk: datetime.date | None
    explanation: str
    details: ExceptionDetailDetails
    opened_at: datetime.datetime
    updated_at: datetime.datetime
    closed_at: datetime.datetime | None
    close_reason: None | str
    closed_by: None | str
    applied: ExceptionDetailAppliedType0 | None
    auto_applied: bool
    evaluated_at: datetime.datetime | None
    fixes: list[FixOption]
    ranking: ExceptionDetailRankingType0 | None
    evaluation_at: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.exception_detail_applied_type_0 import ExceptionDetailAppliedType0  # noqa: PLC0415
        from ..models.exception_detail_ranking_type_0 import ExceptionDetailRankingType0  # noqa: PLC0415

        id = self.id

        order_id = self.order_id

        channel = self.channel

        type_ = self.type_

        cause = self.cause

        status = self.status

        severity = self.severity

        money_at_risk = self.money_at_risk

        currency = self.currency

        promise_at_risk: None | str
        if isinstance(self.promise_at_risk, datetime.date):
            promise_at_risk = self.promise_at_risk.isoformat()
        else:
            promise_at_risk = self.promise_at_risk

        explanation = self.explanation

        details = self.details.to_dict()

        opened_at = self.opened_at.isoformat()

        updated_at = self.updated_at.isoformat()

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        close_reason: None | str
        close_reason = self.close_reason

        closed_by: None | str
        closed_by = self.closed_by

        applied: dict[str, Any] | None
        if isinstance(self.applied, ExceptionDetailAppliedType0):
            applied = self.applied.to_dict()
        else:
            applied = self.applied

        auto_applied = self.auto_applied

        evaluated_at: None | str
        if isinstance(self.evaluated_at, datetime.datetime):
            evaluated_at = self.evaluated_at.isoformat()
        else:
            evaluated_at = self.evaluated_at

        fixes = []
        for fixes_item_data in self.fixes:
            fixes_item = fixes_item_data.to_dict()
            fixes.append(fixes_item)

        ranking: dict[str, Any] | None
        if isinstance(self.ranking, ExceptionDetailRankingType0):
            ranking = self.ranking.to_dict()
        else:
            ranking = self.ranking

        evaluation_at: None | str
        evaluation_at = self.evaluation_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "order_id": order_id,
                "channel": channel,
                "type": type_,
                "cause": cause,
                "status": status,
                "severity": severity,
                "money_at_risk": money_at_risk,
                "currency": currency,
                "promise_at_risk": promise_at_risk,
                "explanation": explanation,
                "details": details,
                "opened_at": opened_at,
                "updated_at": updated_at,
                "closed_at": closed_at,
                "close_reason": close_reason,
                "closed_by": closed_by,
                "applied": applied,
                "auto_applied": auto_applied,
                "evaluated_at": evaluated_at,
                "fixes": fixes,
                "ranking": ranking,
                "evaluation_at": evaluation_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exception_detail_applied_type_0 import ExceptionDetailAppliedType0  # noqa: PLC0415
        from ..models.exception_detail_details import ExceptionDetailDetails  # noqa: PLC0415
        from ..models.exception_detail_ranking_type_0 import ExceptionDetailRankingType0  # noqa: PLC0415
        from ..models.fix_option import FixOption  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        order_id = d.pop("order_id")

        channel = d.pop("channel")

        type_ = d.pop("type")

        cause = d.pop("cause")

        status = d.pop("status")

        severity = d.pop("severity")

        money_at_risk = d.pop("money_at_risk")

        currency = d.pop("currency")

        def _parse_promise_at_risk(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                promise_at_risk_type_0 = datetime.date.fromisoformat(data)

                return promise_at_risk_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        promise_at_risk = _parse_promise_at_risk(d.pop("promise_at_risk"))

        explanation = d.pop("explanation")

        details = ExceptionDetailDetails.from_dict(d.pop("details"))

        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))

        def _parse_close_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        close_reason = _parse_close_reason(d.pop("close_reason"))

        def _parse_closed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        closed_by = _parse_closed_by(d.pop("closed_by"))

        def _parse_applied(data: object) -> ExceptionDetailAppliedType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                applied_type_0 = ExceptionDetailAppliedType0.from_dict(data)

                return applied_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExceptionDetailAppliedType0 | None, data)

        applied = _parse_applied(d.pop("applied"))

        auto_applied = d.pop("auto_applied")

        def _parse_evaluated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                evaluated_at_type_0 = datetime.datetime.fromisoformat(data)

                return evaluated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        evaluated_at = _parse_evaluated_at(d.pop("evaluated_at"))

        fixes = []
        _fixes = d.pop("fixes")
        for fixes_item_data in _fixes:
            fixes_item = FixOption.from_dict(fixes_item_data)

            fixes.append(fixes_item)

        def _parse_ranking(data: object) -> ExceptionDetailRankingType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                ranking_type_0 = ExceptionDetailRankingType0.from_dict(data)

                return ranking_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExceptionDetailRankingType0 | None, data)

        ranking = _parse_ranking(d.pop("ranking"))

        def _parse_evaluation_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        evaluation_at = _parse_evaluation_at(d.pop("evaluation_at"))

        exception_detail = cls(
            id=id,
            order_id=order_id,
            channel=channel,
            type_=type_,
            cause=cause,
            status=status,
            severity=severity,
            money_at_risk=money_at_risk,
            currency=currency,
            promise_at_risk=promise_at_risk,
            explanation=explanation,
            details=details,
            opened_at=opened_at,
            updated_at=updated_at,
            closed_at=closed_at,
            close_reason=close_reason,
            closed_by=closed_by,
            applied=applied,
            auto_applied=auto_applied,
            evaluated_at=evaluated_at,
            fixes=fixes,
            ranking=ranking,
            evaluation_at=evaluation_at,
        )

        exception_detail.additional_properties = d
        return exception_detail

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
