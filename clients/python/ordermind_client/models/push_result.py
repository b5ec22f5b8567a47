from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.push_result_available import PushResultAvailable


T = TypeVar("T", bound="PushResult")


@_attrs_define
class PushResult:
    """
    Attributes:
        requests (int):
        accepted (int):
        failed (int):
        errors (list[str]): the first errors the shop answered
        available (PushResultAvailable): the units pushed, by SKU and location
    """

    requests: int
    accepted: int
    failed: int
    errors: list[str]
    available: PushResultAvailable
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        requests = self.requests

        accepted = self.accepted

        failed = self.failed

        errors = self.errors

        available = self.available.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requests": requests,
                "accepted": accepted,
                "failed": failed,
                "errors": errors,
                "available": available,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.push_result_available import PushResultAvailable  # noqa: PLC0415

        d = dict(src_dict)
        requests = d.pop("requests")

        accepted = d.pop("accepted")

        failed = d.pop("failed")

        errors = cast(list[str], d.pop("errors"))

        available = PushResultAvailable.from_dict(d.pop("available"))

        push_result = cls(
            requests=requests,
            accepted=accepted,
            failed=failed,
            errors=errors,
            available=available,
        )

        push_result.additional_properties = d
        return push_result

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
