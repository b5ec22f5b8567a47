"""Live experiments (pilot vs control): admins start and stop them; the report shows each
group's KPIs and the treatment − control deltas with 95 % confidence intervals."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request
from pydantic import Field, StrictFloat, StrictInt

from ordermind.services import experiments

from ..auth import Principal, require
from ..deps import idempotent_create, json_response, principal, uow, write
from ..permissions import Perm
from ..schemas import Strict

router = APIRouter(prefix="/v1/experiments", tags=["experiments"])
ExperimentId = Annotated[str, Path(min_length=1, max_length=32)]
Word = Annotated[str, Field(min_length=1, max_length=32)]


class ExperimentIn(Strict):
    name: Annotated[str, Field(min_length=1, max_length=120)]
    policy: Word = Field(description="sourcing_strategy | risk_screen")
    treatment: Word = Field(description="the policy value the treatment group is served by")
    control: Word | None = Field(
        default=None,
        description="the control group's value; default the rules (sourcing_strategy: "
        "`channel`, each channel's configured strategy; risk_screen: `rules`)",
    )
    unit: Word = Field(default="customer", description="customer | channel: what is split")
    share: StrictFloat | StrictInt = Field(
        default=0.5, description="the treatment group's share of the units, 0 < share < 1"
    )
    mode: Word = Field(
        default="live",
        description="live | shadow (every order served by the control; the treatment "
        "group's orders record what the treatment would have decided)",
    )


def _summary(work, e) -> dict:
    counts = work.experiments.counts(e.id)
    return experiments.view(e) | {"orders": {g: counts.get(g, 0) for g in ("treatment", "control")}}


@router.post("", status_code=201, summary="Start an experiment on live orders")
def create_experiment(
    body: ExperimentIn,
    request: Request,
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.EXPERIMENTS_MANAGE)
    cmd = experiments.NewExperiment(
        name=body.name,
        policy=body.policy,
        treatment=body.treatment,
        control=body.control,
        unit=body.unit,
        share=float(body.share),
        mode=body.mode,
    )

    def create(work):
        return 201, _summary(work, experiments.create(work, cmd, who.actor))

    return idempotent_create(request, who, idempotency_key, body.model_dump(), create)


@router.get("", summary="List experiments, newest first, with their orders per group")
def list_experiments(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.EXPERIMENTS_READ)
    with uow(request, readonly=True) as work:
        items = [_summary(work, e) for e in work.experiments.all()]
    return json_response({"items": items, "policies": experiments.POLICIES})


@router.get(
    "/{experiment_id}",
    summary="An experiment's report: KPIs per group, deltas with 95% CIs, money difference",
)
def get_experiment(
    experiment_id: ExperimentId, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.EXPERIMENTS_READ)
    with uow(request, readonly=True) as work:
        return json_response(experiments.report(work, experiment_id))


@router.post("/{experiment_id}/stop", summary="Stop an experiment: new orders keep the rules")
def stop_experiment(
    experiment_id: ExperimentId, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.EXPERIMENTS_MANAGE)

    def stop(work):
        return _summary(work, experiments.stop(work, experiment_id, who.actor))

    return json_response(write(request, stop))
