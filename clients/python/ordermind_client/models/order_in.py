from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_in import AddressIn
    from ..models.customer_in import CustomerIn
    from ..models.line_in import LineIn
    from ..models.risk_context_in import RiskContextIn


T = TypeVar("T", bound="OrderIn")


@_attrs_define
class OrderIn:
    """
    Attributes:
        channel (str):
        currency (str):
        customer (CustomerIn):
        ship_to (AddressIn):
        lines (list[LineIn]):
        external_id (None | str | Unset):
        requested_delivery_date (datetime.date | None | Unset):
        draft (bool | Unset):  Default: False.
        pickup_node (None | str | Unset):
        risk_context (None | RiskContextIn | Unset):
    """

    channel: str
    currency: str
    customer: CustomerIn
    ship_to: AddressIn
    lines: list[LineIn]
    external_id: None | str | Unset = UNSET
    requested_delivery_date: datetime.date | None | Unset = UNSET
    draft: bool | Unset = False
    pickup_node: None | str | Unset = UNSET
    risk_context: None | RiskContextIn | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.risk_context_in import RiskContextIn  # noqa: PLC0415

        channel = self.channel

        currency = self.currency

        customer = self.customer.to_dict()

        ship_to = self.ship_to.to_dict()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        requested_delivery_date: None | str | Unset
        if isinstance(self.requested_delivery_date, Unset):
            requested_delivery_date = UNSET
        elif isinstance(self.requested_delivery_date, datetime.date):
            requested_delivery_date = self.requested_delivery_date.isoformat()
        else:
            requested_delivery_date = self.requested_delivery_date

        draft = self.draft

        pickup_node: None | str | Unset
        if isinstance(self.pickup_node, Unset):
            pickup_node = UNSET
        else:
            pickup_node = self.pickup_node

        risk_context: dict[str, Any] | None | Unset
        if isinstance(self.risk_context, Unset):
            risk_context = UNSET
        elif isinstance(self.risk_context, RiskContextIn):
            risk_context = self.risk_context.to_dict()
        else:
            risk_context = self.risk_context

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
                "currency": currency,
                "customer": customer,
                "ship_to": ship_to,
                "lines": lines,
            }
        )
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if requested_delivery_date is not UNSET:
            field_dict["requested_delivery_date"] = requested_delivery_date
        if draft is not UNSET:
            field_dict["draft"] = draft
        if pickup_node is not UNSET:
            field_dict["pickup_node"] = pickup_node
        if risk_context is not UNSET:
            field_dict["risk_context"] = risk_context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address_in import AddressIn  # noqa: PLC0415
        from ..models.customer_in import CustomerIn  # noqa: PLC0415
        from ..models.line_in import LineIn  # noqa: PLC0415
        from ..models.risk_context_in import RiskContextIn  # noqa: PLC0415

        d = dict(src_dict)
        channel = d.pop("channel")

        currency = d.pop("currency")

        customer = CustomerIn.from_dict(d.pop("customer"))

        ship_to = AddressIn.from_dict(d.pop("ship_to"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LineIn.from_dict(lines_item_data)

            lines.append(lines_item)

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_requested_delivery_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                requested_delivery_date_type_0 = datetime.date.fromisoformat(data)

                return requested_delivery_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        requested_delivery_date = _parse_requested_delivery_date(
            d.pop("requested_delivery_date", UNSET)
        )

        draft = d.pop("draft", UNSET)

        def _parse_pickup_node(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pickup_node = _parse_pickup_node(d.pop("pickup_node", UNSET))

        def _parse_risk_context(data: object) -> None | RiskContextIn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                risk_context_type_0 = RiskContextIn.from_dict(data)

                return risk_context_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RiskContextIn | Unset, data)

        risk_context = _parse_risk_context(d.pop("risk_context", UNSET))

        order_in = cls(
            channel=channel,
            currency=currency,
            customer=customer,
            ship_to=ship_to,
            lines=lines,
            external_id=external_id,
            requested_delivery_date=requested_delivery_date,
            draft=draft,
            pickup_node=pickup_node,
            risk_context=risk_context,
        )

        return order_in
