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


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_docs_page_authorizes_with_an_api_key_and_then_tries_a_call(served, browser, tmp_path):
    page = browser.new_page()
    page.goto(f"{served.base}/docs")
    page.locator("button.authorize").first.click()
    dialog = page.locator(".modal-ux")
    assert dialog.get_by_text("bearerAuth").first.is_visible()
    dialog.locator("input").first.fill(served.headers["Authorization"].removeprefix("Bearer "))
    dialog.locator("button.authorize").first.click()
    dialog.locator("button.btn-done").first.click()

    nodes = page.locator("#operations-catalog-list_nodes")
    nodes.locator(".opblock-summary").first.click()
    nodes.locator("button.try-out__btn").first.click()
    nodes.locator("button.execute").first.click()
    status = nodes.locator(".live-responses-table tr.response .response-col_status").first
    status.wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "docs-authorized.png"), full_page=True)
    assert status.inner_text().strip() == "200"
