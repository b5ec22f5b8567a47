"""Live experiments and their reports."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .base import Out


class Experiment(Out):
    id: str
    name: str
    policy: str = Field(description="sourcing_strategy | risk_screen")
    treatment: str = Field(description="the value that serves the treatment group")
    control: str = Field(description="the value that serves the control group (the rules)")
    unit: str = Field(description="customer | channel: the unit the split hashes")
    share: float = Field(description="the treatment group's share of the units")
    mode: str = Field(description="live | shadow (the treatment recorded, not applied)")
    status: str = Field(description="running | stopped")
    created_at: datetime
    created_by: str
    stopped_at: datetime | None


class ExperimentSummary(Experiment):
    orders: dict[str, int] = Field(description="group (treatment, control) -> orders assigned")


class ExperimentList(Out):
    items: list[ExperimentSummary]
    policies: dict[str, list[str]] = Field(description="policy -> the values it may take")


class ExperimentGroupKpis(Out):
    orders: int
    otif: float | None = Field(description="on time in full ÷ due orders (`otif_base`)")
    otif_base: int
    fill_rate: float | None = Field(
        description="units shipped ÷ units ordered over orders in a final state"
    )
    fill_rate_base: int
    cost_per_order: float | None = Field(
        description="mean shipping + handling of the recorded sourcing decision, minor units, "
        "over the group's orders not cancelled that carry one (`cost_base`)"
    )
    cost_base: int
    fulfilment_cost: int = Field(description="the sum of those costs, minor units")
    hold_rate: float | None = Field(description="held or rejected ÷ screened orders")


class ExperimentInterval(Out):
    value: float | None = Field(description="treatment − control; null when a group is too small")
    low: float | None = Field(description="the 95% confidence interval's lower end")
    high: float | None


class ExperimentDeltas(Out):
    otif: ExperimentInterval
    fill_rate: ExperimentInterval
    cost_per_order: ExperimentInterval
    hold_rate: ExperimentInterval


class ExperimentMoney(Out):
    unit: str
    orders: int = Field(description="the treatment group's costed orders")
    difference: int | None = Field(
        description="what those orders cost under the treatment minus what they would have "
        "cost under control (cost-per-order delta × orders); negative is a saving"
    )
    low: int | None
    high: int | None


class ExperimentGroups(Out):
    treatment: ExperimentGroupKpis
    control: ExperimentGroupKpis


class ExperimentReport(Experiment):
    ci_method: str = Field(description="how the 95% confidence intervals are computed")
    groups: ExperimentGroups
    delta: ExperimentDeltas
    money: ExperimentMoney
    shadow: dict | None = Field(
        default=None,
        description="shadow mode: on the treatment group's orders, how many of the "
        "treatment's decisions differ from the applied ones and the paired cost delta",
    )
