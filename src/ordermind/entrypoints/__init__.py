"""Entry points: the `ordermind` command line (`cli`, one module per command group) and the
HTTP application factory (`http_app`, served by `asgi`). The only code that wires adapters
(databases, files, the web) to the services and the intelligence modules; nothing below
imports this package.
"""
