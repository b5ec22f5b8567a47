from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.kpi_total_by_status import KpiTotalByStatus


T = TypeVar("T", bound="KpiTotal")


@_attrs_define
class KpiTotal:
    """
    Attributes:
        orders (int):
        by_status (KpiTotalByStatus):
        otif (float | None): on time and in full, of the orders due
        otif_base (int):
        on_time_rate (float | None): 0-1; null when nothing to count
        on_time_base (int):
        late_deliveries (int):
        cycle_time_days_p50 (float | None):
        cycle_time_days_p90 (float | None):
        order_to_ship_hours_p50 (float | None):
        order_to_ship_hours_p90 (float | None):
        fill_rate (float | None): 0-1; null when nothing to count
        split_rate (float | None): 0-1; null when nothing to count
        backlog_rate (float | None): 0-1; null when nothing to count
        backlog_orders (int):
        cancellation_rate (float | None): 0-1; null when nothing to count
        return_rate (float | None): 0-1; null when nothing to count
        cost_per_order (float | None): fulfilment cost, minor units
        cost_coverage (float | None): 0-1; null when nothing to count
        carbon_kg_per_order (float | None):
        carbon_coverage (float | None): 0-1; null when nothing to count
        touchless_rate (float | None): 0-1; null when nothing to count
        stockout_days (int | None): position-days out of stock in the period
        position_days (int | None):
        stockout_rate (float | None): 0-1; null when nothing to count
    """

    orders: int
    by_status: KpiTotalByStatus
    otif: float | None
    otif_base: int
    on_time_rate: float | None
    on_time_base: int
    late_deliveries: int
    cycle_time_days_p50: float | None
    cycle_time_days_p90: float | None
    order_to_ship_hours_p50: float | None
    order_to_ship_hours_p90: float | None
    fill_rate: float | None
    split_rate: float | None
    backlog_rate: float | None
    backlog_orders: int
    cancellation_rate: float | None
    return_rate: float | None
    cost_per_order: float | None
    cost_coverage: float | None
    carbon_kg_per_order: float | None
    carbon_coverage: float | None
    touchless_rate: float | None
    stockout_days: int | None
    position_days: int | None
    stockout_rate: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        orders = self.orders

        by_status = self.by_status.to_dict()

        otif: float | None
        otif = self.otif

        otif_base = self.otif_base

        on_time_rate: float | None
        on_time_rate = self.on_time_rate

        on_time_base = self.on_time_base

        late_deliveries = self.late_deliveries

        cycle_time_days_p50: float | None
        cycle_time_days_p50 = self.cycle_time_days_p50

        cycle_time_days_p90: float | None
        cycle_time_days_p90 = self.cycle_time_days_p90

        order_to_ship_hours_p50: float | None
        order_to_ship_hours_p50 = self.order_to_ship_hours_p50

        order_to_ship_hours_p90: float | None
        order_to_ship_hours_p90 = self.order_to_ship_hours_p90

        fill_rate: float | None
        fill_rate = self.fill_rate

        split_rate: float | None
        split_rate = self.split_rate

        backlog_rate: float | None
        backlog_rate = self.backlog_rate

        backlog_orders = self.backlog_orders

        cancellation_rate: float | None
        cancellation_rate = self.cancellation_rate

        return_rate: float | None
        return_rate = self.return_rate

        cost_per_order: float | None
        cost_per_order = self.cost_per_order

        cost_coverage: float | None
        cost_coverage = self.cost_coverage

        carbon_kg_per_order: float | None
        carbon_kg_per_order = self.carbon_kg_per_order

        carbon_coverage: float | None
        carbon_coverage = self.carbon_coverage

        touchless_rate: float | None
        touchless_rate = self.touchless_rate

        stockout_days: int | None
        stockout_days = self.stockout_days

        position_days: int | None
        position_days = self.position_days

        stockout_rate: float | None
        stockout_rate = self.stockout_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orders": orders,
                "by_status": by_status,
                "otif": otif,
                "otif_base": otif_base,
                "on_time_rate": on_time_rate,
                "on_time_base": on_time_base,
                "late_deliveries": late_deliveries,
                "cycle_time_days_p50": cycle_time_days_p50,
                "cycle_time_days_p90": cycle_time_days_p90,
                "order_to_ship_hours_p50": order_to_ship_hours_p50,
                "order_to_ship_hours_p90": order_to_ship_hours_p90,
                "fill_rate": fill_rate,
                "split_rate": split_rate,
                "backlog_rate": backlog_rate,
                "backlog_orders": backlog_orders,
                "cancellation_rate": cancellation_rate,
                "return_rate": return_rate,
                "cost_per_order": cost_per_order,
                "cost_coverage": cost_coverage,
                "carbon_kg_per_order": carbon_kg_per_order,
                "carbon_coverage": carbon_coverage,
                "touchless_rate": touchless_rate,
                "stockout_days": stockout_days,
                "position_days": position_days,
                "stockout_rate": stockout_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kpi_total_by_status import KpiTotalByStatus  # noqa: PLC0415

        d = dict(src_dict)
        orders = d.pop("orders")

        by_status = KpiTotalByStatus.from_dict(d.pop("by_status"))

        def _parse_otif(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        otif = _parse_otif(d.pop("otif"))

        otif_base = d.pop("otif_base")

        def _parse_on_time_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        on_time_rate = _parse_on_time_rate(d.pop("on_time_rate"))

        on_time_base = d.pop("on_time_base")

        late_deliveries = d.pop("late_deliveries")

        def _parse_cycle_time_days_p50(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cycle_time_days_p50 = _parse_cycle_time_days_p50(d.pop("cycle_time_days_p50"))

        def _parse_cycle_time_days_p90(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cycle_time_days_p90 = _parse_cycle_time_days_p90(d.pop("cycle_time_days_p90"))

        def _parse_order_to_ship_hours_p50(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        order_to_ship_hours_p50 = _parse_order_to_ship_hours_p50(d.pop("order_to_ship_hours_p50"))

        def _parse_order_to_ship_hours_p90(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        order_to_ship_hours_p90 = _parse_order_to_ship_hours_p90(d.pop("order_to_ship_hours_p90"))

        def _parse_fill_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        fill_rate = _parse_fill_rate(d.pop("fill_rate"))

        def _parse_split_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        split_rate = _parse_split_rate(d.pop("split_rate"))

        def _parse_backlog_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        backlog_rate = _parse_backlog_rate(d.pop("backlog_rate"))

        backlog_orders = d.pop("backlog_orders")

        def _parse_cancellation_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cancellation_rate = _parse_cancellation_rate(d.pop("cancellation_rate"))

        def _parse_return_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        return_rate = _parse_return_rate(d.pop("return_rate"))

        def _parse_cost_per_order(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cost_per_order = _parse_cost_per_order(d.pop("cost_per_order"))

        def _parse_cost_coverage(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cost_coverage = _parse_cost_coverage(d.pop("cost_coverage"))

        def _parse_carbon_kg_per_order(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        carbon_kg_per_order = _parse_carbon_kg_per_order(d.pop("carbon_kg_per_order"))

        def _parse_carbon_coverage(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        carbon_coverage = _parse_carbon_coverage(d.pop("carbon_coverage"))

        def _parse_touchless_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        touchless_rate = _parse_touchless_rate(d.pop("touchless_rate"))

        def _parse_stockout_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        stockout_days = _parse_stockout_days(d.pop("stockout_days"))

        def _parse_position_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        position_days = _parse_position_days(d.pop("position_days"))

        def _parse_stockout_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        stockout_rate = _parse_stockout_rate(d.pop("stockout_rate"))

        kpi_total = cls(
            orders=orders,
            by_status=by_status,
            otif=otif,
            otif_base=otif_base,
            on_time_rate=on_time_rate,
            on_time_base=on_time_base,
            late_deliveries=late_deliveries,
            cycle_time_days_p50=cycle_time_days_p50,
            cycle_time_days_p90=cycle_time_days_p90,
            order_to_ship_hours_p50=order_to_ship_hours_p50,
            order_to_ship_hours_p90=order_to_ship_hours_p90,
            fill_rate=fill_rate,
            split_rate=split_rate,
            backlog_rate=backlog_rate,
            backlog_orders=backlog_orders,
            cancellation_rate=cancellation_rate,
            return_rate=return_rate,
            cost_per_order=cost_per_order,
            cost_coverage=cost_coverage,
            carbon_kg_per_order=carbon_kg_per_order,
            carbon_coverage=carbon_coverage,
            touchless_rate=touchless_rate,
            stockout_days=stockout_days,
            position_days=position_days,
            stockout_rate=stockout_rate,
        )

        kpi_total.additional_properties = d
        return kpi_total

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
