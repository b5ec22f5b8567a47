from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.receive_in_dispositions import ReceiveInDispositions


T = TypeVar("T", bound="ReceiveIn")


@_attrs_define
class ReceiveIn:
    """
    Attributes:
        dispositions (ReceiveInDispositions | Unset):
    """

    dispositions: ReceiveInDispositions | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        dispositions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.dispositions, Unset):
            dispositions = self.dispositions.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if dispositions is not UNSET:
            field_dict["dispositions"] = dispositions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.receive_in_dispositions import ReceiveInDispositions  # noqa: PLC0415

        d = dict(src_dict)
        _dispositions = d.pop("dispositions", UNSET)
        dispositions: ReceiveInDispositions | Unset
        if isinstance(_dispositions, Unset):
            dispositions = UNSET
        else:
            dispositions = ReceiveInDispositions.from_dict(_dispositions)

        receive_in = cls(
            dispositions=dispositions,
        )

        return receive_in
