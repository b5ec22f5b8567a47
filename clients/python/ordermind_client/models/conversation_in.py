from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConversationIn")


@_attrs_define
class ConversationIn:
    """
    Attributes:
        locale (str | Unset):  Default: 'en'.
        customer_token (None | str | Unset):
    """

    locale: str | Unset = "en"
    customer_token: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        locale = self.locale

        customer_token: None | str | Unset
        if isinstance(self.customer_token, Unset):
            customer_token = UNSET
        else:
            customer_token = self.customer_token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if locale is not UNSET:
            field_dict["locale"] = locale
        if customer_token is not UNSET:
            field_dict["customer_token"] = customer_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        locale = d.pop("locale", UNSET)

        def _parse_customer_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        customer_token = _parse_customer_token(d.pop("customer_token", UNSET))

        conversation_in = cls(
            locale=locale,
            customer_token=customer_token,
        )

        return conversation_in
