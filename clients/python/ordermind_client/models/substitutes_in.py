from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SubstitutesIn")


@_attrs_define
class SubstitutesIn:
    """
    Attributes:
        substitutes (list[str]): equivalent SKUs, preferred first
    """

    substitutes: list[str]

    def to_dict(self) -> dict[str, Any]:
        substitutes = self.substitutes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "substitutes": substitutes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        substitutes = cast(list[str], d.pop("substitutes"))

        substitutes_in = cls(
            substitutes=substitutes,
        )

        return substitutes_in
