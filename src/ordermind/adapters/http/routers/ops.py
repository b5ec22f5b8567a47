from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlalchemy import text
from starlette.responses import Response

from ordermind.adapters.db.engine import read_engine_for

from ..auth import Principal, require
from ..deps import json_response, principal
from ..permissions import Perm

router = APIRouter(tags=["ops"])


@router.get("/healthz", summary="Liveness and database reachability")
def healthz(request: Request):
    # The read engine: a probe must answer while writers queue for the SQLite write lock
    # (a plain connection would begin IMMEDIATE and wait in that queue) or fill the pool.
    try:
        with read_engine_for(request.app.state.engine).connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # report, don't crash: the probe wants an answer
        return json_response({"status": "degraded", "database": str(type(exc).__name__)}, 503)
    return json_response({"status": "ok", "database": request.app.state.engine.dialect.name})


@router.get("/metrics", summary="Prometheus metrics (with a key: they name channels)")
def metrics(request: Request, who: Principal = Depends(principal)):
    # Prometheus sends the key as `authorization: {credentials: <key>}` in its scrape config
    require(who, Perm.METRICS_READ)
    return Response(
        request.app.state.metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8"
    )
