"""Every request body in the OpenAPI document carries an example, and each example is one
its model accepts (so /docs never shows a body the API would refuse)."""

from __future__ import annotations

import importlib
import pkgutil

import pydantic
import pytest

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.http.examples import REQUEST_EXAMPLES
from ordermind.entrypoints.http_app import create_app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('spec') / 'spec.db'}")
    return create_app(engine, webhooks_enabled=False)


def _body_schema_names(spec: dict) -> dict[str, str]:
    """operation -> the component name of each JSON request body."""
    names = {}
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            content = op.get("requestBody", {}).get("content", {}).get("application/json")
            if content is None:
                continue
            refs = [content["schema"], *content["schema"].get("anyOf", [])]
            found = [r["$ref"].rsplit("/", 1)[1] for r in refs if "$ref" in r]
            if not found:  # a body in another system's shape (a shop's order) documents
                assert content.get("example") or content.get("examples"), f"{method} {path}"
                continue  # its own example inline
            assert len(found) == 1, f"{method} {path} has two body schemas"
            names[f"{method.upper()} {path}"] = found[0]
    return names


def _models_named(names: set[str]) -> dict[str, type[pydantic.BaseModel]]:
    """The pydantic classes of those names in the HTTP adapter's modules."""
    import ordermind.adapters.http.routers as routers
    from ordermind.adapters.http import assistant_schemas, schemas

    modules = [schemas, assistant_schemas] + [
        importlib.import_module(f"{routers.__name__}.{m.name}")
        for m in pkgutil.iter_modules(routers.__path__)
    ]
    return {
        name: getattr(module, name)
        for module in modules
        for name in names
        if isinstance(getattr(module, name, None), type)
    }


def test_every_request_body_schema_in_the_document_has_an_example(app):
    spec = app.openapi()
    schemas = spec["components"]["schemas"]
    bodies = _body_schema_names(spec)
    assert len(bodies) >= 30
    assert [op for op, name in bodies.items() if not schemas[name].get("examples")] == []


def test_each_example_is_accepted_by_its_model_and_none_is_left_over(app):
    names = set(_body_schema_names(app.openapi()).values())
    models = _models_named(names)
    assert set(models) == names
    for name, model in models.items():
        model.model_validate(REQUEST_EXAMPLES[name])  # raises if the model refuses it
    assert set(REQUEST_EXAMPLES) == names, set(REQUEST_EXAMPLES) ^ names
