from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Proposal")


@_attrs_define
class Proposal:
    """
    Attributes:
        id (int):
        run_id (str):
        kind (str): purchase_order or transfer
        sku (str):
        node (str): destination
        source (str): supplier id or origin node
        quantity (int):
        unit_cost (int | None):
        lead_time_days (float):
        reason (str):
        status (str): proposed, approved, rejected or superseded
        inbound_id (int | None):
        created_at (datetime.datetime):
        decided_by (None | str):
    """

    id: int
    run_id: str
    kind: str
    sku: str
    node: str
    source: str
    quantity: int
    unit_cost: int | None
    lead_time_days: float
    reason: str
    status: str
    inbound_id: int | None
    created_at: datetime.datetime
    decided_by: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        run_id = self.run_id

        kind = self.kind

        sku = self.sku

        node = self.node

        source = self.source

        quantity = self.quantity

        unit_cost: int | None
        unit_cost = self.unit_cost

        lead_time_days = self.lead_time_days

        reason = self.reason

        status = self.status

        inbound_id: int | None
        inbound_id = self.inbound_id

        created_at = self.created_at.isoformat()

        decided_by: None | str
        decided_by = self.decided_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "run_id": run_id,
                "kind": kind,
                "sku": sku,
                "node": node,
                "source": source,
                "quantity": quantity,
                "unit_cost": unit_cost,
                "lead_time_days": lead_time_days,
                "reason": reason,
                "status": status,
                "inbound_id": inbound_id,
                "created_at": created_at,
                "decided_by": decided_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        run_id = d.pop("run_id")

        kind = d.pop("kind")

        sku = d.pop("sku")

        node = d.pop("node")

        source = d.pop("source")

        quantity = d.pop("quantity")

        def _parse_unit_cost(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        unit_cost = _parse_unit_cost(d.pop("unit_cost"))

        lead_time_days = d.pop("lead_time_days")

        reason = d.pop("reason")

        status = d.pop("status")

        def _parse_inbound_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        inbound_id = _parse_inbound_id(d.pop("inbound_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_decided_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_by = _parse_decided_by(d.pop("decided_by"))

        proposal = cls(
            id=id,
            run_id=run_id,
            kind=kind,
            sku=sku,
            node=node,
            source=source,
            quantity=quantity,
            unit_cost=unit_cost,
            lead_time_days=lead_time_days,
            reason=reason,
            status=status,
            inbound_id=inbound_id,
            created_at=created_at,
            decided_by=decided_by,
        )

        proposal.additional_properties = d
        return proposal

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
