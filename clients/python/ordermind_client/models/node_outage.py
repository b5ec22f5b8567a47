from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.node_outage_optimiser_type_0 import NodeOutageOptimiserType0


T = TypeVar("T", bound="NodeOutage")


@_attrs_define
class NodeOutage:
    """
    Attributes:
        node (str):
        orders (int):
        units_resourced (int):
        units_backordered (int):
        optimiser (NodeOutageOptimiserType0 | None):
    """

    node: str
    orders: int
    units_resourced: int
    units_backordered: int
    optimiser: NodeOutageOptimiserType0 | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.node_outage_optimiser_type_0 import NodeOutageOptimiserType0  # noqa: PLC0415

        node = self.node

        orders = self.orders

        units_resourced = self.units_resourced

        units_backordered = self.units_backordered

        optimiser: dict[str, Any] | None
        if isinstance(self.optimiser, NodeOutageOptimiserType0):
            optimiser = self.optimiser.to_dict()
        else:
            optimiser = self.optimiser

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "node": node,
                "orders": orders,
                "units_resourced": units_resourced,
                "units_backordered": units_backordered,
                "optimiser": optimiser,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.node_outage_optimiser_type_0 import NodeOutageOptimiserType0  # noqa: PLC0415

        d = dict(src_dict)
        node = d.pop("node")

        orders = d.pop("orders")

        units_resourced = d.pop("units_resourced")

        units_backordered = d.pop("units_backordered")

        def _parse_optimiser(data: object) -> NodeOutageOptimiserType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                optimiser_type_0 = NodeOutageOptimiserType0.from_dict(data)

                return optimiser_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NodeOutageOptimiserType0 | None, data)

        optimiser = _parse_optimiser(d.pop("optimiser"))

        node_outage = cls(
            node=node,
            orders=orders,
            units_resourced=units_resourced,
            units_backordered=units_backordered,
            optimiser=optimiser,
        )

        node_outage.additional_properties = d
        return node_outage

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
