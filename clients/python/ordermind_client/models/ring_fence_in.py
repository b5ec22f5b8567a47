from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RingFenceIn")


@_attrs_define
class RingFenceIn:
    """Stock at `node` kept for this channel: a share of the free units and/or a quantity
    (the larger applies); no `sku` = every SKU at the node.

        Attributes:
            node (str):
            sku (None | str | Unset):
            share (float | int | Unset):  Default: 0.0.
            quantity (int | Unset):  Default: 0.
    """

    node: str
    sku: None | str | Unset = UNSET
    share: float | int | Unset = 0.0
    quantity: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        node = self.node

        sku: None | str | Unset
        if isinstance(self.sku, Unset):
            sku = UNSET
        else:
            sku = self.sku

        share: float | int | Unset
        if isinstance(self.share, Unset):
            share = UNSET
        else:
            share = self.share

        quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "node": node,
            }
        )
        if sku is not UNSET:
            field_dict["sku"] = sku
        if share is not UNSET:
            field_dict["share"] = share
        if quantity is not UNSET:
            field_dict["quantity"] = quantity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        node = d.pop("node")

        def _parse_sku(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sku = _parse_sku(d.pop("sku", UNSET))

        def _parse_share(data: object) -> float | int | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | int | Unset, data)

        share = _parse_share(d.pop("share", UNSET))

        quantity = d.pop("quantity", UNSET)

        ring_fence_in = cls(
            node=node,
            sku=sku,
            share=share,
            quantity=quantity,
        )

        return ring_fence_in
