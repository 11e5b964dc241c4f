"""The browser tests' helpers: axe-core (WCAG 2.1 A/AA violations of the open page) and a
watch on the Content-Security-Policy: every violation the application causes fails the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Installed in every document before its own scripts run (Playwright's init scripts are not
# subject to the page's CSP); reports each violation to Python at once, so that one on a page
# the test has already left is not lost.
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation({
    directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
    line: e.lineNumber, sample: e.sample, page: document.location.href,
  });
});
"""


@cache
def _axe_source() -> str:
    # Ends in an expression, so that evaluating it returns something serialisable.
    return AXE.read_text(encoding="utf-8") + "\n;true"


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations on the page as axe-core reports them.

    axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy
    does not govern (a <script> tag with axe's text, as add_script_tag makes, would be refused
    under ``script-src 'self'``), so the application's policy is tested as it is served."""
    try:
        page.wait_for_load_state("networkidle", timeout=15_000)
    except Exception as e:  # playwright's TimeoutError
        # A page that polls (the upload's progress) or a keep-alive request the live server
        # holds open never gets half a second without traffic; the loaded page is checked.
        if type(e).__name__ != "TimeoutError":
            raise
        page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
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
    """Fail the test with the page's address and violations when axe finds any, or when the
    page broke its Content-Security-Policy."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"
    check_csp(page)


def check_csp(page: Any) -> None:
    """Fail the test when any page of this page's context broke its Content-Security-Policy
    (an inline script or style, eval, a resource from elsewhere)."""
    violations = getattr(page, "csp_violations", None)
    assert violations is not None, "the page was not made by new_page(): its CSP is not watched"
    assert violations == [], f"Content-Security-Policy violated: {violations}"


def new_page(browser: Any, **context: Any) -> Any:
    """A page in a browser context of its own (own cookies: another person), Norwegian, with
    downloads allowed; the console's errors are collected in ``page.console_errors`` and the
    Content-Security-Policy violations of every document it shows in ``page.csp_violations``
    (``check_csp``, ``close_page``)."""
    ctx = browser.new_context(accept_downloads=True, locale="nb-NO", **context)
    violations: list[dict[str, Any]] = []
    ctx.expose_binding("__cspViolation", lambda source, v: violations.append(v))
    ctx.add_init_script(CSP_WATCH)
    p = ctx.new_page()
    # Generous: a busy 2-core CI machine renders a PDF or runs a round slowly; a wait that
    # succeeds returns at once.
    p.set_default_timeout(30000)
    errors: list[str] = []

    def on_console(m: Any) -> None:
        if m.type != "error":
            return
        errors.append(m.text)
        if "Content Security Policy" in m.text:  # also when the event did not reach us
            violations.append({"console": m.text, "page": p.url})

    p.on("console", on_console)
    p.console_errors = errors
    p.csp_violations = violations
    return p


def close_page(page: Any) -> None:
    """Close the page's context, failing the test if any of its documents broke the CSP."""
    try:
        page.wait_for_timeout(100)  # lets Playwright deliver reports still on their way
        check_csp(page)
    finally:
        page.context.close()


def opened_pages(
    browser: Any, *, expected: tuple[str, ...] = (), accept_dialogs: bool = False
) -> Iterator[Callable[..., Any]]:
    """For a ``pages`` fixture: yields a maker of pages (``make(**context)``); afterwards each
    page must have logged no console error but those containing one of ``expected`` (refused
    on purpose), and is closed with its CSP checked (a tab the test closed: its context).
    ``accept_dialogs``: the person answers yes to "Leave the page?"."""
    opened: list[Any] = []

    def make(**context: Any) -> Any:
        p = new_page(browser, **context)
        if accept_dialogs:
            p.on("dialog", lambda d: d.accept())
        opened.append(p)
        return p

    yield make
    for p in opened:
        errors = [e for e in p.console_errors if not any(x in e for x in expected)]
        assert errors == [], errors
        if p.is_closed():
            check_csp(p)
            p.context.close()
        else:
            close_page(p)
