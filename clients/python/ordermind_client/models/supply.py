from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Supply")


@_attrs_define
class Supply:
    """
    Attributes:
        id (int):
        kind (str): purchase_order or transfer
        sku (str):
        node (str): destination
        quantity (int):
        eta (datetime.datetime):
        source (None | str):
        reference (None | str):
        received (bool):
    """

    id: int
    kind: str
    sku: str
    node: str
    quantity: int
    eta: datetime.datetime
    source: None | str
    reference: None | str
    received: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind

        sku = self.sku

        node = self.node

        quantity = self.quantity

        eta = self.eta.isoformat()

        source: None | str
        source = self.source

        reference: None | str
        reference = self.reference

        received = self.received

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "sku": sku,
                "node": node,
                "quantity": quantity,
                "eta": eta,
                "source": source,
                "reference": reference,
                "received": received,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        sku = d.pop("sku")

        node = d.pop("node")

        quantity = d.pop("quantity")

        eta = datetime.datetime.fromisoformat(d.pop("eta"))

        def _parse_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source = _parse_source(d.pop("source"))

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        received = d.pop("received")

        supply = cls(
            id=id,
            kind=kind,
            sku=sku,
            node=node,
            quantity=quantity,
            eta=eta,
            source=source,
            reference=reference,
            received=received,
        )

        supply.additional_properties = d
        return supply

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
