"""The detail page's layout: the record arranged like the form, each finding at its field.

Every shown value carries its record path (``tiltak[0].totalt``); a finding is placed at the
shown element with the longest path that contains the finding's ``felt``, so a finding about
``tiltak[0]`` lands on the tiltak's section and one about an unknown path at the top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..readers.provenance import amount_paths, is_tick
from .templatetags.web_tags import kroner

FORMAAL = {
    "vurdering": "Vurdering/analyse",
    "planlegging": "Planlegging av tiltak",
    "gjennomforing": "Gjennomføring av tiltak",
}
FASER = {"analyse": "Analyse", "planlegging": "Planlegging", "gjennomforing": "Gjennomføring"}
GJELDER = {"barnehage": "Barnehage", "grunnskole": "Grunnskole", "begge": "Begge deler"}
ORDNINGER = {
    "regional": "Regional ordning",
    "desentralisert": "Desentralisert ordning",
    "kompetanseloftet": "Kompetanseløftet",
}
VIDEREUTDANNING = {"ja": "Ja", "nei": "Nei", "vet_ikke": "Vet ikke"}
SAMISKE = {"ja": "Ja", "nei": "Nei", "ikke_relevant": "Vurdert ikke relevant"}
SKJEMA = {
    "lokal-2024": "Behovsmelding – lokal kompetanseutvikling (til og med 2025)",
    "kollektiv-2026": "Behovsmelding – kollektiv kompetanseutvikling (fra 2026)",
}
ALVORLIGHET_ORDER = {"feil": 0, "advarsel": 1, "merknad": 2}

_PERIOD = re.compile(r"^([VH])(\d{4})$")
_LAST = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


def anchor(path: str) -> str:
    return "felt-" + (re.sub(r"[^a-zA-Z0-9]+", "-", path).strip("-") or "topp")


def parent(path: str) -> str:
    """``tiltak[0].totalt`` -> ``tiltak[0]`` -> ``tiltak`` -> ``""``."""
    up = _LAST.sub("", path)
    return "" if up == path else up


def periode(code: str) -> str:
    m = _PERIOD.match(code)
    if m:
        return f"{'Vår' if m.group(1) == 'V' else 'Høst'} {m.group(2)}"
    return code.replace("_", " ").capitalize()


@dataclass
class Kildevisning:
    """Where a shown value was read in the original: the words, the line or cell around them,
    the place in words, and for a PDF the field whose picture the page may show."""

    felt: str
    ord: str
    tekst: str
    sted: str
    bilde: bool = False
    alt: str = ""

    @property
    def anchor(self) -> str:
        return anchor("kilde-" + self.felt)


@dataclass
class Element:
    path: str
    funn: list[dict[str, str]] = field(default_factory=list)
    kilder: list[Kildevisning] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return anchor(self.path)

    @property
    def verste(self) -> str:
        if not self.funn:
            return ""
        return min(
            (f.get("alvorlighet", "merknad") for f in self.funn),
            key=lambda a: ALVORLIGHET_ORDER.get(a, 3),
        )


@dataclass
class Felt(Element):
    label: str = ""
    value: str | None = None
    long: bool = False
    kind: str = "felt"


@dataclass
class Celle(Element):
    value: str | None = None


@dataclass
class Tabell(Element):
    caption: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[str, list[Celle]]] = field(default_factory=list)
    kind: str = "tabell"


@dataclass
class Merknad(Element):
    text: str = ""
    kind: str = "merknad"


@dataclass
class Seksjon(Element):
    title: str = ""
    items: list[Felt | Tabell | Merknad] = field(default_factory=list)


def _fmt(value: Any, mapping: dict[str, str] | None = None) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    if isinstance(value, list):
        if not value:
            return "Ingen valgt"
        return ", ".join(str(_fmt(v, mapping)) for v in value)
    if mapping is not None:
        return mapping.get(str(value), str(value))
    return str(value)


def _kr(value: Any) -> str | None:
    return None if value is None else kroner(value)


def _uh_cell(belop: list[dict[str, Any]]) -> str | None:
    if not belop:
        return None
    parts = []
    for b in belop:
        text = kroner(b.get("belop"))
        if b.get("institusjon"):
            text += f" ({b['institusjon']})"
        parts.append(text)
    return "; ".join(parts)


def _f(path: str, label: str, value: str | None, long: bool = False) -> Felt:
    return Felt(path=path, label=label, value=value, long=long)


def build(data: dict[str, Any], *, show_contacts: bool) -> list[Seksjon]:
    """The sections of the detail page for one behovsmelding-v1 record (as a dict)."""
    d = data
    ny = d.get("skjema") == "kollektiv-2026"
    sections: list[Seksjon] = []

    head: list[Felt | Tabell | Merknad] = [
        _f("skjema", "Skjema", SKJEMA.get(d.get("skjema", ""), d.get("skjema"))),
        _f("aar", "År", _fmt(d.get("aar"))),
        _f("tittel", "Tittel", d.get("tittel")),
    ]
    if ny:
        head.append(_f("gjelder", "Gjelder", _fmt(d.get("gjelder"), GJELDER)))
    else:
        head.append(_f("ordninger", "Ordning", _fmt(d.get("ordninger"), ORDNINGER)))
    head += [
        _f("eier", "Eier", d.get("eier")),
        _f("kompetansenettverk", "Kompetansenettverk", d.get("kompetansenettverk")),
        _f("uh", "Kompetansemiljø" if ny else "UH", d.get("uh")),
        _f("flere_eiere", "Flere eiere", _fmt(d.get("flere_eiere"))),
        _f("flere_uh", "Flere kompetansemiljø" if ny else "Flere UH", _fmt(d.get("flere_uh"))),
    ]
    if ny:
        head.append(
            _f(
                "videreforer_fjoraaret",
                "Viderefører fjorårets tiltak",
                _fmt(d.get("videreforer_fjoraaret")),
            )
        )
    else:
        head += [
            _f("flere_ordninger", "Flere ordninger", _fmt(d.get("flere_ordninger"))),
            _f("antall_tiltak", "Antall tiltak", _fmt(d.get("antall_tiltak"))),
        ]
    sections.append(Seksjon(path="", title="Om behovsmeldingen", items=head))

    kp = d.get("kontaktpersoner") or {}
    if show_contacts:
        kfelt = [
            ("navn", "Navn"),
            ("funksjon", "Funksjon"),
            ("telefon", "Telefon"),
            ("epost", "E-post"),
            ("kontonr", "Kontonummer"),
            ("orgnr", "Org.nr."),
            ("merkes", "Ev. merkes"),
        ]
        rows = [
            (
                label,
                [
                    Celle(path=f"kontaktpersoner.{side}.{key}", value=(kp.get(side) or {}).get(key))
                    for side in ("eier", "uh")
                ],
            )
            for key, label in kfelt
        ]
        contact_items: list[Felt | Tabell | Merknad] = [
            Tabell(
                path="kontaktpersoner.tabell",
                caption="Kontaktpersoner",
                columns=["Eier", "Kompetansemiljø" if ny else "UH"],
                rows=rows,
            )
        ]
    else:
        contact_items = [
            Merknad(
                path="kontaktpersoner.skjult",
                text="Kontaktopplysninger vises bare for partnerskapet og Statsforvalteren.",
            )
        ]
    sections.append(Seksjon(path="kontaktpersoner", title="Kontaktpersoner", items=contact_items))

    b = d.get("budsjett") or {}
    brows: list[tuple[str, list[Celle]]] = []
    for i, r in enumerate(b.get("rader") or []):
        p = f"budsjett.rader[{i}]"
        brows.append(
            (
                r.get("etikett") or f"Rad {i + 1}",
                [
                    Celle(path=f"{p}.eier", value=_kr(r.get("eier"))),
                    Celle(path=f"{p}.uh", value=_uh_cell(r.get("uh") or [])),
                    Celle(path=f"{p}.totalt", value=_kr(r.get("totalt"))),
                ],
            )
        )
    s = b.get("sum")
    if s is not None:
        brows.append(
            (
                s.get("etikett") or "Sum",
                [
                    Celle(path="budsjett.sum.eier", value=_kr(s.get("eier"))),
                    Celle(path="budsjett.sum.uh", value=_uh_cell(s.get("uh") or [])),
                    Celle(path="budsjett.sum.totalt", value=_kr(s.get("totalt"))),
                ],
            )
        )
    budget_items: list[Felt | Tabell | Merknad] = [
        Tabell(
            path="budsjett.tabell",
            caption="Budsjett",
            columns=["Eier", "Kompetansemiljø" if ny else "UH", "Totalt"],
            rows=brows,
        )
    ]
    if ny or d.get("kommentar"):
        budget_items.append(_f("kommentar", "Kommentar", d.get("kommentar"), long=True))
    sections.append(Seksjon(path="budsjett", title="Budsjett", items=budget_items))

    if ny:
        mo = d.get("maaloppnaaelse") or {}
        sections += [
            Seksjon(
                path="behov",
                title="1 Vurdering av behov",
                items=[
                    _f("behov", "Vurdering av behov", d.get("behov"), long=True),
                    _f("faser", "Fase", _fmt(d.get("faser"), FASER)),
                ],
            ),
            Seksjon(
                path="partnerskapsplan",
                title="2 Plan for partnerskap",
                items=[
                    _f(
                        "partnerskapsplan",
                        "Plan for partnerskapet",
                        d.get("partnerskapsplan"),
                        long=True,
                    )
                ],
            ),
            Seksjon(
                path="egeninnsats",
                title="3 Eiers egeninnsats",
                items=[_f("egeninnsats", "Eiers egeninnsats", d.get("egeninnsats"), long=True)],
            ),
            Seksjon(
                path="maaloppnaaelse",
                title="4 Vurdering av måloppnåelse",
                items=[
                    _f(f"maaloppnaaelse.{k}", label, mo.get(k), long=True)
                    for k, label in (
                        ("a", "a) Gjennomført i tråd med planer og behovsmeldinger"),
                        ("b", "b) Bidratt til planlagt endring av praksis"),
                        ("c", "c) Styrket det profesjonelle læringsfellesskapet"),
                        ("d", "d) Kompetanse om utenforskap, inkludering og tilpasset opplæring"),
                        ("e", "e) Styrket og mer praksisnær lærerutdanning"),
                        ("oppfolging", "Oppfølging"),
                    )
                ],
            ),
            Seksjon(
                path="maalgruppe",
                title="5 Målgruppe",
                items=[_f("maalgruppe", "Målgruppe", d.get("maalgruppe"), long=True)],
            ),
            Seksjon(
                path="okonomi",
                title="6 Økonomi og varighet",
                items=[
                    _f(
                        "budsjett_i_vedlegg",
                        "Budsjett i vedlegg",
                        _fmt(d.get("budsjett_i_vedlegg")),
                    ),
                    _f("okonomi", "Økonomi", d.get("okonomi"), long=True),
                    _f(
                        "varighet",
                        "Varighet",
                        ", ".join(periode(v) for v in d["varighet"]) if d.get("varighet") else None,
                    ),
                    _f("koordinator_sum", "Sum til koordinator", _kr(d.get("koordinator_sum"))),
                ],
            ),
            Seksjon(
                path="annet",
                title="7 Annet",
                items=[
                    _f(
                        "videreutdanning",
                        "Knyttet til videreutdanning",
                        _fmt(d.get("videreutdanning"), VIDEREUTDANNING),
                    ),
                    _f(
                        "samiske_perspektiver",
                        "Samiske perspektiver",
                        _fmt(d.get("samiske_perspektiver"), SAMISKE),
                    ),
                ],
            ),
        ]

    for i, t in enumerate(d.get("tiltak") or []):
        sections.append(_tiltak_section(i, t))

    partner_rows = [
        (
            p.get("navn") or f"Partner {i + 1}",
            [
                Celle(
                    path=f"partnere[{i}].kontaktperson",
                    value=p.get("kontaktperson") if show_contacts else "Skjult",
                ),
                Celle(
                    path=f"partnere[{i}].rolle",
                    value={"eier": "Eier", "uh": "UH"}.get(p.get("rolle") or "", p.get("rolle")),
                ),
            ],
        )
        for i, p in enumerate(d.get("partnere") or [])
    ]
    sections.append(
        Seksjon(
            path="partnere",
            title="Partnere",
            items=[
                Tabell(
                    path="partnere.tabell",
                    caption="Partnere i partnerskapet",
                    columns=["Kontaktperson", "Rolle"],
                    rows=partner_rows,
                )
            ],
        )
    )

    mb = d.get("medbestemmelse") or {}
    deltakere = [
        (
            x.get("rolle") or f"Deltaker {i + 1}",
            [Celle(path=f"medbestemmelse.deltakere[{i}].navn", value=x.get("navn"))],
        )
        for i, x in enumerate(mb.get("deltakere") or [])
    ]
    sections.append(
        Seksjon(
            path="medbestemmelse",
            title="Medbestemmelse",
            items=[
                _f("medbestemmelse.droftet", "Drøftet med tillitsvalgte", _fmt(mb.get("droftet"))),
                Tabell(
                    path="medbestemmelse.deltakere",
                    caption="Deltakere i drøftingen",
                    columns=["Navn"],
                    rows=deltakere,
                ),
                _f("medbestemmelse.merknad", "Merknad", mb.get("merknad"), long=True),
            ],
        )
    )

    en = d.get("enheter") or {}
    sections.append(
        Seksjon(
            path="enheter",
            title="Enheter",
            items=[
                _f(f"enheter.{k}", label, _fmt(en.get(k)))
                for k, label in (
                    ("kommunale_barnehager", "Kommunale barnehager"),
                    ("private_barnehager", "Private barnehager"),
                    ("offentlige_skoler", "Offentlige skoler"),
                    ("private_skoler", "Private skoler"),
                    ("ppt", "PP-tjenester"),
                )
            ],
        )
    )
    return sections


def _tiltak_section(i: int, t: dict[str, Any]) -> Seksjon:
    p = f"tiltak[{i}]"
    nr = t.get("nr") or i + 1
    title = f"Tiltak {nr}" + (f": {t['navn']}" if t.get("navn") else "")
    vrows = [
        (
            v.get("periode") or "",
            [
                Celle(
                    path=f"{p}.videreforing[{j}].eier",
                    value=_join(v.get("eier"), v.get("eier_begrunnelse")),
                ),
                Celle(
                    path=f"{p}.videreforing[{j}].uh",
                    value=_join(v.get("uh"), v.get("uh_begrunnelse")),
                ),
            ],
        )
        for j, v in enumerate(t.get("videreforing") or [])
    ]
    items: list[Felt | Tabell | Merknad] = [
        _f(f"{p}.navn", "Navn på tiltaket", t.get("navn")),
        _f(f"{p}.eier", "Eier", _kr(t.get("eier"))),
        _f(f"{p}.uh", "UH", _kr(t.get("uh"))),
        _f(f"{p}.totalt", "Sum totalt", _kr(t.get("totalt"))),
        _f(f"{p}.formaal", "Formål", _fmt(t.get("formaal"), FORMAAL)),
        _f(f"{p}.forankring", "Forankring i enhetene", t.get("forankring"), long=True),
        _f(
            f"{p}.kollektive_prosesser",
            "Kollektive prosesser",
            t.get("kollektive_prosesser"),
            long=True,
        ),
        _f(f"{p}.laererutdanning", "Lærerutdanningen", t.get("laererutdanning"), long=True),
        _f(f"{p}.langsiktig_plan", "Langsiktig plan", t.get("langsiktig_plan"), long=True),
        _f(f"{p}.eiers_bruk", "Bruk av eiers midler", t.get("eiers_bruk"), long=True),
        _f(f"{p}.uh_bruk", "Bruk av UH-midler", t.get("uh_bruk"), long=True),
        _f(f"{p}.koordinator", "Koordinator", _fmt(t.get("koordinator"))),
        _f(
            f"{p}.koordinator_begrunnelse",
            "Begrunnelse for koordinator",
            t.get("koordinator_begrunnelse"),
            long=True,
        ),
        _f(
            f"{p}.varighet",
            "Varighet",
            ", ".join(periode(v) for v in t["varighet"]) if t.get("varighet") else None,
        ),
    ]
    if vrows:
        items.append(
            Tabell(
                path=f"{p}.videreforing", caption="Videreføring", columns=["Eier", "UH"], rows=vrows
            )
        )
    items.append(_f(f"{p}.maalgruppe", "Målgruppe", t.get("maalgruppe"), long=True))
    return Seksjon(path=p, title=title, items=items)


def _join(value: str | None, reason: str | None) -> str | None:
    if value and reason:
        return f"{value} – {reason}"
    return value or reason


def place_findings(
    sections: list[Seksjon], funn: list[dict[str, str]]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Attach each finding to its element.

    Returns every finding (most severe first) with ``anker``, the anchor of where it is shown,
    and those that fit no element (shown at the top of the page).
    """
    by_path: dict[str, Element] = {}
    for s in sections:
        if s.path:
            by_path[s.path] = s
        for item in s.items:
            by_path.setdefault(item.path, item)
            if isinstance(item, Tabell):
                for _, cells in item.rows:
                    for c in cells:
                        by_path.setdefault(c.path, c)
    placed: list[dict[str, str]] = []
    rest: list[dict[str, str]] = []
    ordered = sorted(funn, key=lambda f: ALVORLIGHET_ORDER.get(f.get("alvorlighet", ""), 3))
    for f in ordered:
        path = f.get("felt") or ""
        target = None
        while path:
            if path in by_path:
                target = by_path[path]
                break
            path = parent(path)
        if target is None:
            g = {**f, "anker": "funn-tittel"}
            rest.append(g)
        else:
            g = {**f, "anker": target.anchor}
            target.funn.append(g)
        placed.append(g)
    return placed, rest


def _sted(src: dict[str, Any]) -> str:
    if "linjer" in src:
        lines = src["linjer"] or [0]
        return f"linje {lines[0]}" if len(lines) == 1 else f"linje {lines[0]}–{lines[-1]}"
    if "tabell" in src:
        return f"tabell {src['tabell']}, rad {src['rad']}, celle {src['celle']}"
    if "side" in src:
        return f"side {src['side']}"
    if "avsnitt" in src:
        return f"avsnitt {src['avsnitt']}"
    return ""


def place_sources(sections: list[Seksjon], kilder: dict[str, Any]) -> None:
    """Beside each amount and tick box: where in the original it was read (``Innhold.kilder``,
    path → source); a record without sources (read before they were kept, or from the form)
    shows none."""
    if not kilder:
        return
    wanted = {
        path: src
        for path, src in kilder.items()
        if isinstance(src, dict) and (amount_paths().search(path) or is_tick(path))
    }
    if not wanted:
        return
    elements: list[Element] = []
    for s in sections:
        for item in s.items:
            if isinstance(item, Tabell):
                elements.extend(c for _, cells in item.rows for c in cells)
            elif isinstance(item, Felt):
                elements.append(item)
    for el in elements:
        for path, src in wanted.items():
            if path == el.path or path.startswith((el.path + "[", el.path + ".")):
                bilde = "boks" in src and "side" in src
                el.kilder.append(
                    Kildevisning(
                        felt=path,
                        ord=str(src.get("ord", "")),
                        tekst=str(src.get("tekst", "")),
                        sted=_sted(src),
                        bilde=bilde,
                        alt=(
                            f"Utsnitt av side {src['side']} i originalen; "
                            f"«{src.get('ord', '')}» er rammet inn i rødt."
                            if bilde
                            else ""
                        ),
                    )
                )
