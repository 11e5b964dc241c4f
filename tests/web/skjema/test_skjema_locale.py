"""The translations as shipped: the compiled catalogues (``django.mo``, committed; made with
``msgfmt``) say what the ``django.po`` files say, and every text the owners' pages and the
receipt mark for translation has a nynorsk translation."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

SKJEMA = Path(__file__).resolve().parents[3] / "src" / "behovsmelding" / "web" / "skjema"
LOCALE = SKJEMA / "locale"
TEMPLATES = SKJEMA / "templates" / "skjema"


def po_entries(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (no plurals or contexts: the project uses none)."""
    out: dict[str, str] = {}
    parts: dict[str, list[str]] = {}
    last = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgstr ")):
            last, _, text = line.partition(" ")
            parts[last] = [ast.literal_eval(text)]
        elif line.startswith('"'):
            parts[last].append(ast.literal_eval(line))
        elif not line.strip() and "msgstr" in parts:
            out["".join(parts["msgid"])] = "".join(parts["msgstr"])
            parts = {}
    out.pop("", None)  # the header
    return out


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_compiled_catalogue_is_the_po_file(lang: str) -> None:
    po = po_entries(LOCALE / lang / "LC_MESSAGES" / "django.po")
    with (LOCALE / lang / "LC_MESSAGES" / "django.mo").open("rb") as f:
        mo = gettext.GNUTranslations(f)
    translated = {k: v for k, v in po.items() if v}
    compiled = {k: v for k, v in mo._catalog.items() if k}  # type: ignore[attr-defined]
    assert compiled == translated, "run msgfmt -o django.mo django.po"


def template_texts() -> set[str]:
    """The msgids the owners' templates use ({% translate %} and {% blocktranslate %})."""
    out: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        out.update(m[1] for m in re.findall(r'{% translate (["\'])(.*?)\1', html))
        for body in re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", html):
            out.add(re.sub(r"{{ *(\w+) *}}", r"%(\1)s", body))
    return out


def test_every_text_of_the_owners_pages_and_the_receipt_has_a_nynorsk_translation() -> None:
    nn = po_entries(LOCALE / "nn" / "LC_MESSAGES" / "django.po")
    texts = template_texts()
    assert "Referanse" in texts and "Mottaker" in texts  # the scan finds them
    missing = sorted(t for t in texts if not nn.get(t))
    assert missing == []
