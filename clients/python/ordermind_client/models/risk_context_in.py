from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RiskContextIn")


@_attrs_define
class RiskContextIn:
    """What the channel knows about the buyer, for the fraud screen (all optional).

    Attributes:
        device_id (None | str | Unset):
        ip (None | str | Unset):
        card_token (None | str | Unset):
        billing_country (None | str | Unset):
        account_created_at (datetime.datetime | None | Unset):
    """

    device_id: None | str | Unset = UNSET
    ip: None | str | Unset = UNSET
    card_token: None | str | Unset = UNSET
    billing_country: None | str | Unset = UNSET
    account_created_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        ip: None | str | Unset
        if isinstance(self.ip, Unset):
            ip = UNSET
        else:
            ip = self.ip

        card_token: None | str | Unset
        if isinstance(self.card_token, Unset):
            card_token = UNSET
        else:
            card_token = self.card_token

        billing_country: None | str | Unset
        if isinstance(self.billing_country, Unset):
            billing_country = UNSET
        else:
            billing_country = self.billing_country

        account_created_at: None | str | Unset
        if isinstance(self.account_created_at, Unset):
            account_created_at = UNSET
        elif isinstance(self.account_created_at, datetime.datetime):
            account_created_at = self.account_created_at.isoformat()
        else:
            account_created_at = self.account_created_at

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if device_id is not UNSET:
            field_dict["device_id"] = device_id
        if ip is not UNSET:
            field_dict["ip"] = ip
        if card_token is not UNSET:
            field_dict["card_token"] = card_token
        if billing_country is not UNSET:
            field_dict["billing_country"] = billing_country
        if account_created_at is not UNSET:
            field_dict["account_created_at"] = account_created_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("device_id", UNSET))

        def _parse_ip(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ip = _parse_ip(d.pop("ip", UNSET))

        def _parse_card_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        card_token = _parse_card_token(d.pop("card_token", UNSET))

        def _parse_billing_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        billing_country = _parse_billing_country(d.pop("billing_country", UNSET))

        def _parse_account_created_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                account_created_at_type_0 = datetime.datetime.fromisoformat(data)

                return account_created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        account_created_at = _parse_account_created_at(d.pop("account_created_at", UNSET))

        risk_context_in = cls(
            device_id=device_id,
            ip=ip,
            card_token=card_token,
            billing_country=billing_country,
            account_created_at=account_created_at,
        )

        return risk_context_in
