"""Moving about the owners' form in a browser: it shows one step (a section of the paper
form) at a time, and every field stays in the form."""

from __future__ import annotations

from typing import Any


def step_of(page: Any, selector: str) -> int:
    return int(
        page.evaluate("s => document.querySelector(s).closest('.steg').dataset.steg", selector)
    )


def to_step_of(page: Any, selector: str) -> None:
    """Open the step that holds ``selector`` with its link in the progress indicator."""
    n = step_of(page, selector)
    if not page.is_visible(f"#steg-{n}"):
        page.click(f"#stegnav a[data-steg='{n}']")
    page.wait_for_selector(selector, state="visible")
