"""axe-core in the browser tests: WCAG 2.1 A/AA violations of the page that is open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations on the page as axe-core reports them."""
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def check_axe(page: Any) -> None:
    """Fail the test with the page's address and violations when axe finds any."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def new_page(browser: Any, **context: Any) -> Any:
    """A page in a browser context of its own (own cookies: another person), Norwegian, with
    downloads allowed; the console's errors are collected in ``page.console_errors``."""
    ctx = browser.new_context(accept_downloads=True, locale="nb-NO", **context)
    p = ctx.new_page()
    p.set_default_timeout(15000)
    errors: list[str] = []
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.console_errors = errors
    return p
