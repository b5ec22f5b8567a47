"""After placement: delay risk of open orders (exceptions, priority and notifications build on it).

Delay risk, plain data in and out (nothing here touches the database)::

    from ordermind.care import DelayScorer, Leg, OrderState

    scorer = DelayScorer(model_dir)            # a trained model directory, or None
    scores = scorer.score([OrderState(...)])   # one DelayScore per state, input order
    scores[0].late_probability, scores[0].top_factors, scores[0].model_version,
    scores[0].fallback_used

An :class:`OrderState` says what is known about one open order at one moment (``as_of``): its
stage (placed / released / shipped), promise, ship-to region, lines and legs (one per shipment
or planned node, each with its carrier scan once shipped and the node's load at that moment).
A :class:`NetworkState` passed to ``score`` overrides node loads and adds what the network
reports now (node outages, carrier delays), so an order is re-scored as it moves and as the
network changes. Without a model (or for a row the model cannot score) the rule of
:mod:`ordermind.care.delay_rules` answers and the score says so (``fallback_used``).

Training: :func:`ordermind.care.delay_training.train_from_history` on past orders (the store's
delivered orders or another system's export read by :mod:`ordermind.care.sources`).
"""

from ordermind.care.delay_features import (
    Leg,
    NetworkState,
    NodeLoad,
    OrderState,
    Outcome,
)
from ordermind.care.lanes import LaneTable
from ordermind.care.scorer import DelayScore, DelayScorer, LegScore

__all__ = [
    "DelayScore",
    "DelayScorer",
    "LaneTable",
    "Leg",
    "LegScore",
    "NetworkState",
    "NodeLoad",
    "OrderState",
    "Outcome",
]
