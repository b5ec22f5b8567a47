"""The API docs page renders in a real Chromium from packaged assets only (no CDN)."""

from __future__ import annotations

import pytest


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
