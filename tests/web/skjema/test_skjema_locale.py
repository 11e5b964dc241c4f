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


def po_entries(path: Path) -> dict[str | tuple[str, int], str]:
    """msgid → msgstr of a .po file; a plural entry as (msgid, n) → msgstr[n], as gettext's
    catalogue holds it (no contexts: the project uses none)."""
    out: dict[str | tuple[str, int], str] = {}
    parts: dict[str, list[str]] = {}
    last = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[")):
            last, _, text = line.partition(" ")
            parts[last] = [ast.literal_eval(text)]
        elif line.startswith('"'):
            parts[last].append(ast.literal_eval(line))
        elif not line.strip() and "msgid" in parts:
            msgid = "".join(parts["msgid"])
            if "msgid_plural" in parts:
                for key, text in parts.items():
                    n = re.fullmatch(r"msgstr\[(\d+)\]", key)
                    if n:
                        out[(msgid, int(n[1]))] = "".join(text)
            elif "msgstr" in parts:
                out[msgid] = "".join(parts["msgstr"])
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
            singular = body.split("{% plural %}")[0]  # a plural entry is known by its singular
            out.add(re.sub(r"{{ *(\w+) *}}", r"%(\1)s", singular))
    return out


def test_every_text_of_the_owners_pages_and_the_receipt_has_a_nynorsk_translation() -> None:
    nn = po_entries(LOCALE / "nn" / "LC_MESSAGES" / "django.po")
    texts = template_texts()
    assert "Referanse" in texts and "Mottaker" in texts  # the scan finds them
    missing = sorted(t for t in texts if not (nn.get(t) or nn.get((t, 0))))
    assert missing == []
