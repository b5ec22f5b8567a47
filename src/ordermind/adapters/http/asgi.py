"""ASGI entry point for uvicorn workers: `ordermind.adapters.http.asgi:app`."""

from .app import create_app

app = create_app()
