"""Every HTML page (the console and the API docs) is sent with a Content-Security-Policy
that allows what the page needs and nothing else, cannot be framed, sends no referrer and
may not be sniffed into another type."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from ordermind.adapters import web as console_static

FRAME_AND_REFERRER = {
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
}


def _policy(header: str) -> dict[str, list[str]]:
    directives = (d.split() for d in header.split(";") if d.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("path", ["/console/", "/console/index.html", "/docs"])
def test_each_html_page_cannot_be_framed_sends_no_referrer_and_is_not_sniffed(api, path):
    r = api.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert {k: r.headers.get(k) for k in FRAME_AND_REFERRER} == FRAME_AND_REFERRER
    policy = _policy(r.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]  # the API it calls, on its own origin
    assert not [v for values in policy.values() for v in values if "unsafe" in v or v == "*"]


def test_the_console_loads_only_its_own_script_and_style_sheet(api):
    r = api.get("/console/")
    html = r.text
    policy = _policy(r.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    # what the policy allows is all the page uses: no inline script, style or handler
    assert re.findall(r"<script\b[^>]*>", html) == [
        '<script src="vendor/uPlot.iife.min.js">',
        '<script type="module" src="js/main.js">',
    ]
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)
    for asset in ("js/main.js", "console.css", "vendor/uPlot.min.css"):
        assert f'"{asset}"' in html
        served = api.get(f"/console/{asset}")
        assert served.status_code == 200 and served.headers["x-content-type-options"] == "nosniff"
    static = Path(console_static.__file__).parent / "static"
    scripts = sorted(static.rglob("*.js"))
    assert len(scripts) > 5  # the modules and the chart library
    for path in scripts:
        served = api.get(f"/console/{path.relative_to(static).as_posix()}")
        assert served.status_code == 200 and "javascript" in served.headers["content-type"]
        assert "eval(" not in served.text and "new Function" not in served.text  # 'self' forbids


def test_the_docs_page_allows_its_one_inline_script_by_hash_and_nothing_from_elsewhere(api):
    r = api.get("/docs")
    inline = re.findall(r"<script>(.*?)</script>", r.text, re.DOTALL)
    assert len(inline) == 1 and "SwaggerUIBundle(" in inline[0]
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    policy = _policy(r.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'", f"'sha256-{digest}'"]
    assert policy["img-src"] == ["'self'", "data:"]  # Swagger UI's icons are data: URIs
    sources = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert sources and all(s.startswith("/static/swagger/") for s in sources)
    assert api.get(sources[0]).status_code == 200


def test_api_answers_are_not_sniffed_and_carry_no_page_policy(api):
    r = api.get("/v1/orders")
    assert r.status_code == 200 and r.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in r.headers
