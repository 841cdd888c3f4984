"""Driving the workbench as a person would: sign in, state a purpose, click in the chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support import RunningHub


class Workbench:
    """One signed-in browser context on a running hub, failing on any outside request."""

    def __init__(self, chromium: Any, hub: RunningHub, sub: str, agency: str, role: str,
                 purpose: str, justification: str) -> None:
        self.hub = hub
        self.context = chromium.new_context(viewport={"width": 1400, "height": 950},
                                            accept_downloads=True)
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", self._request)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(f"{hub.url}/workbench")
        self.page.wait_for_selector("#dev-signin")
        self.page.fill("input[name=sub]", sub)
        self.page.select_option("select[name=agency]", agency)
        self.page.select_option("select[name=role]", role)
        self.page.click("#dev-signin button")
        self.page.wait_for_selector("#purpose-dialog[open]")
        self.page.select_option("#purpose", purpose)
        self.page.fill("#justification", justification)
        self.page.click("#purpose-ok")
        self.ready()

    def _request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.hub.url) or url.startswith(("data:", "blob:"))):
            self.outside.append(url)

    def go(self, hash_: str) -> None:
        self.page.evaluate("""h => { document.getElementById('view').dataset.ready = '';
            if (window.location.hash === h) window.dispatchEvent(new HashChangeEvent('hashchange'));
            else window.location.hash = h; }""", hash_)
        self.ready()

    def ready(self) -> None:
        self.page.wait_for_function(
            "() => document.getElementById('view').dataset.ready === '1'", timeout=60_000)
        error = self.page.query_selector("#view > p.error")
        assert error is None, error.inner_text()

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Where a chart node is on the screen, to click it with the mouse."""
        box = self.page.eval_on_selector("#cy", "el => el.getBoundingClientRect().toJSON()")
        pos = self.page.evaluate(
            "id => window.workbench.cy.getElementById(id).renderedPosition()", node_id)
        return box["x"] + pos["x"], box["y"] + pos["y"]

    def click_node(self, node_id: str) -> None:
        self.page.evaluate("id => { const cy = window.workbench.cy; cy.center(cy.getElementById(id)); }",
                           node_id)
        x, y = self.node_point(node_id)
        self.page.mouse.click(x, y)

    def drawn(self) -> dict[str, Any]:
        """The chart as drawn: node ids and the edges between them, with their kinds."""
        return self.page.evaluate("""() => { const cy = window.workbench.cy;
            return { nodes: cy.nodes().map(n => n.id()),
                     edges: cy.edges().map(e => ({ source: e.data('source'),
                       target: e.data('target'), kind: e.data('kind') })) }; }""")

    def download(self, button: str, into: Path) -> Path:
        with self.page.expect_download(timeout=60_000) as info:
            self.page.click(button)
        target = into / info.value.suggested_filename
        info.value.save_as(target)
        return target

    def shot(self, shots: Path | None, name: str, full_page: bool = False) -> None:
        if shots is not None:
            self.page.mouse.move(1, 1)
            self.page.evaluate("() => { const t = document.getElementById('tip'); if (t) t.hidden = true;"
                               " if (window.workbench.cy && document.getElementById('cy'))"
                               " window.workbench.cy.fit(undefined, 30); }")
            self.page.screenshot(path=str(shots / f"{name}.png"), full_page=full_page)

    def close(self) -> None:
        self.context.close()
