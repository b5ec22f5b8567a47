"""The API docs page renders in a real Chromium from packaged assets only (no CDN)."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser():  # noqa: ANN201
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium must be installed on CI (.ci/run installs it)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_docs_page_lists_every_operation_without_touching_the_internet(
    served, browser, tmp_path
):
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url))
    page.goto(f"{served.base}/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    operations = page.locator(".opblock").count()
    assert operations >= 35
    assert page.get_by_text("/v1/orders", exact=True).first.is_visible()
    page.screenshot(path=str(tmp_path / "docs.png"))
    foreign = [u for u in requested if not u.startswith(served.base) and not u.startswith("data:")]
    assert foreign == []
