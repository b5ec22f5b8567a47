"""The operations console (a static page over the public API) and interactive API docs
from the Swagger UI 5 assets that the `swagger-ui-py` package
ships, so /docs works on a machine without internet access."""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from .headers import docs_policy


def install(app: FastAPI) -> None:
    console = Path(__file__).parents[1] / "web" / "static"
    app.mount("/console", StaticFiles(directory=console, html=True), name="console")
    assets = Path(swagger_ui.__file__).parent / "static"
    app.mount("/static/swagger", StaticFiles(directory=assets), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs_page() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="ordermind API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )
        # its inline script, allowed by hash (headers.SecurityHeaders adds the rest)
        page.headers["Content-Security-Policy"] = docs_policy(bytes(page.body).decode())
        return page
