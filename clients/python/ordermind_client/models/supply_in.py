from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.supply_kind import SupplyKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="SupplyIn")


@_attrs_define
class SupplyIn:
    """
    Attributes:
        sku (str):
        node (str):
        quantity (int):
        eta (datetime.datetime):
        kind (SupplyKind | Unset):
        source (None | str | Unset):
        reference (None | str | Unset):
    """

    sku: str
    node: str
    quantity: int
    eta: datetime.datetime
    kind: SupplyKind | Unset = UNSET
    source: None | str | Unset = UNSET
    reference: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        node = self.node

        quantity = self.quantity

        eta = self.eta.isoformat()

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sku": sku,
                "node": node,
                "quantity": quantity,
                "eta": eta,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if source is not UNSET:
            field_dict["source"] = source
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku = d.pop("sku")

        node = d.pop("node")

        quantity = d.pop("quantity")

        eta = datetime.datetime.fromisoformat(d.pop("eta"))

        _kind = d.pop("kind", UNSET)
        kind: SupplyKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = SupplyKind(_kind)

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        supply_in = cls(
            sku=sku,
            node=node,
            quantity=quantity,
            eta=eta,
            kind=kind,
            source=source,
            reference=reference,
        )

        return supply_in
