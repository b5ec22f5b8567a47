"""ASGI entry point for uvicorn workers: `ordermind.entrypoints.asgi:app`."""

from ordermind.entrypoints.http_app import create_app

app = create_app()
