"""What the Content-Security-Policy relies on, read from the source: no template writes inline
script, event handlers, style attributes or unescaped values; the scripts build elements from
text, never from HTML strings; the two places that make markup in Python escape it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from behovsmelding.web.overview import select_options
from behovsmelding.web.skjema.templatetags.skjema_tags import avsnitt
from behovsmelding.web.statistikk.diagram import Gruppe, Serie, grupperte_stolper

WEB = Path(__file__).resolve().parents[2] / "src" / "behovsmelding" / "web"
# Printed by WeasyPrint into PDFs, never sent to a browser: their <style> is no page's.
PDF_TEMPLATES = {
    "forum/templates/forum/pdf/_stil.html",
    "forum/templates/forum/pdf/innstilling.html",
    "forum/templates/forum/pdf/brev/_brev.html",
    "forum/templates/forum/pdf/brev/lokal-2024.html",
    "forum/templates/forum/pdf/brev/kollektiv-2026.html",
    "skjema/templates/skjema/kvittering.html",
    "rapport/templates/rapport/kvittering.html",
}
TEMPLATES = sorted(p for p in WEB.rglob("templates/**/*.html"))
PAGE_TEMPLATES = [p for p in TEMPLATES if str(p.relative_to(WEB)) not in PDF_TEMPLATES]
SCRIPTS = sorted(WEB.rglob("static/**/*.js"))

FORBIDDEN_IN_TEMPLATES = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)", re.I),
    "an event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "a style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style\b", re.I),
    "|safe": re.compile(r"\|\s*safe\b"),
    "autoescape off": re.compile(r"{%\s*autoescape\s+off"),
    "a javascript: URL": re.compile(r"javascript:", re.I),
    "htmx's hx-on (needs eval)": re.compile(r"\shx-on", re.I),
}
FORBIDDEN_IN_SCRIPTS = {
    "innerHTML/outerHTML": re.compile(r"\.(inner|outer)HTML\s*\+?="),
    "insertAdjacentHTML": re.compile(r"insertAdjacentHTML"),
    "document.write": re.compile(r"document\.write"),
    "eval": re.compile(r"\beval\s*\("),
    "new Function": re.compile(r"\bFunction\s*\("),
    "a string timer": re.compile(r"set(Timeout|Interval)\s*\(\s*['\"`]"),
}


def test_the_scan_finds_the_templates_and_scripts() -> None:
    names = {str(p.relative_to(WEB)) for p in TEMPLATES}
    assert names >= PDF_TEMPLATES
    assert "templates/web/base.html" in names
    assert len(PAGE_TEMPLATES) > 25
    assert {p.name for p in SCRIPTS} >= {"skjema.js", "summer.js"}


@pytest.mark.parametrize("template", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(WEB)))
def test_no_page_template_has_inline_script_style_or_unescaped_output(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    # json_script blocks are data, not script: Django writes them with type="application/json".
    found = [what for what, rx in FORBIDDEN_IN_TEMPLATES.items() if rx.search(text)]
    assert found == [], f"{template.relative_to(WEB)}: {found}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_build_elements_from_text(script: Path) -> None:
    text = script.read_text(encoding="utf-8")
    found = [what for what, rx in FORBIDDEN_IN_SCRIPTS.items() if rx.search(text)]
    assert found == [], f"{script.name}: {found}"


def test_markup_is_made_in_python_only_where_it_is_escaped() -> None:
    uses = sorted(
        f"{p.relative_to(WEB)}"
        for p in WEB.rglob("*.py")
        if re.search(r"\b(mark_safe|SafeString\(|format_html)\b", p.read_text(encoding="utf-8"))
    )
    assert uses == ["overview.py", "skjema/templatetags/skjema_tags.py", "statistikk/views.py"]


def test_the_statistics_charts_escape_every_text() -> None:
    # statistikk/views.py marks the SVG of web/statistikk/diagram.py safe: every name in it
    # (themes, networks, series, notes) is typed by people and must come out as text.
    svg = grupperte_stolper(
        PAYLOAD,
        PAYLOAD,
        PAYLOAD,
        [Serie(PAYLOAD, "serie-0")],
        [Gruppe(PAYLOAD, (1_000,), merknad=PAYLOAD)],
    )
    assert "<img" not in svg and "onerror=alert(1)>" not in svg
    assert svg.count("&lt;img src=x onerror=alert(1)&gt;") >= 4


PAYLOAD = "</option><img src=x onerror=alert(1)>\"'&"


def test_select_options_escapes_values_and_labels() -> None:
    html = select_options([PAYLOAD, "ok"], PAYLOAD, labels={PAYLOAD: PAYLOAD})
    assert "<img" not in html and "</option><img" not in html
    assert 'value="&lt;/option&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;"' in html
    assert html.count("<option") == 2 and " selected" in html


def test_avsnitt_escapes_each_paragraph() -> None:
    html = avsnitt(f"Første\n{PAYLOAD}")
    assert "<img" not in html
    assert html.count('<p class="svar">') == 2
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
