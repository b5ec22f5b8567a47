"""Order risk: two-stage fraud screening and operational anomaly alerts (plain data in/out).

At order placement::

    assessor = RiskAssessor(model_dir_or_registry_root_or_None, sku_norms=quantity_norms(lines))
    decision = assessor.assess(OrderFacts(...))   # RiskDecision(action, score, reasons, ...)

Reviewer decisions become labels: ``train_from_facts(facts, labels)`` (or ``train_from_frame``
in :mod:`ordermind.risk.registry`), stored with ``ModelRegistry(root).add(model)``, compared
with ``shadow_compare`` and switched with ``ModelRegistry.promote``.

Live stream health: ``OrderStreamMonitor`` — ``observe``/``observe_outcome``, then ``check``.
Fairness: :func:`ordermind.risk.fairness.audit`. Heavy libraries (LightGBM, pandas) load only
in the model, registry and CLI commands.
"""

from ordermind.risk.anomaly import Alert, OrderStreamMonitor
from ordermind.risk.assessment import RiskAssessor, RiskDecision
from ordermind.risk.facts import OrderFacts, OrderLineFacts
from ordermind.risk.rules import ScreenConfig, ScreenResult, quantity_norms, screen
from ordermind.risk.velocity import VelocityWindows

__all__ = [
    "Alert",
    "OrderFacts",
    "OrderLineFacts",
    "OrderStreamMonitor",
    "RiskDecision",
    "RiskAssessor",
    "ScreenConfig",
    "ScreenResult",
    "VelocityWindows",
    "quantity_norms",
    "screen",
]
