"""`python -m ordermind.entrypoints.openapi_schema [FILE]`: the API's OpenAPI document as
JSON, built from the application without a server or a database (`make client` feeds it
to the client generator)."""

from __future__ import annotations

import json
import sys
from typing import Any

from fastapi import FastAPI
from sqlalchemy import create_engine


def application() -> FastAPI:
    """The application, on an engine never connected: building the document reads no
    table."""
    from ordermind.entrypoints.http_app import create_app

    return create_app(create_engine("sqlite://"), webhooks_enabled=False)


def document() -> dict[str, Any]:
    """The document /openapi.json serves."""
    return application().openapi()


def main(argv: list[str]) -> int:
    text = json.dumps(document(), indent=2, sort_keys=False) + "\n"
    if argv:
        with open(argv[0], "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
