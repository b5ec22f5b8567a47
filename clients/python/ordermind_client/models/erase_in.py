from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EraseIn")


@_attrs_define
class EraseIn:
    """
    Attributes:
        email (str):
        force (bool | Unset):  Default: False.
    """

    email: str
    force: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        force = self.force

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
            }
        )
        if force is not UNSET:
            field_dict["force"] = force

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        force = d.pop("force", UNSET)

        erase_in = cls(
            email=email,
            force=force,
        )

        return erase_in
