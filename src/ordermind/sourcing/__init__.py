"""Sourcing: where each unit of an order should come from. Pure functions over plain data."""

from .strategies import plan, strategy_names
from .types import LineRequest, Location, NodeInfo, SourcingPlan, SourcingRequest

__all__ = ["LineRequest", "Location", "NodeInfo", "SourcingPlan", "SourcingRequest", "plan",
           "strategy_names"]
