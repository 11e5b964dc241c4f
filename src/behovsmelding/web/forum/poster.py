"""The tiltak of a record as posts of a round. No Django here.

- lokal-2024 with tiltak: one post per tiltak. Its ordning is the one ticked; where the document
  ticks several (or none readable), the budget rows tell: the row whose ordning is the only one
  with money, or whose amounts equal the tiltak's sum.
- otherwise (kollektiv-2026, or lokal-2024 without tiltak amounts): one post per budget row
  ("Tiltak 2: Trygt og godt skolemiljø" gives nr 2 and the name); a record with only a Sum row
  gives one post for the whole behovsmelding.

The UH institution of a post is the label of its largest UH amount where the row has one, else
the record's UH, folded to one spelling (:mod:`behovsmelding.web.institusjoner`). A budget row
whose UH cell holds several amounts ("400.000 (Sepu) 120.000,- (Nord)") keeps each amount with
its own institution (``uh_deler``): each is credited its own amount all the way to the letters
and the payment list. An amount without a label, or with one the register does not know, has
no institution (``navn`` "") until a caseworker assigns one.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ...forum_calc import antall_aar
from ...record import Behovsmelding as Record
from ...record import Budsjettrad, Tiltak
from ..institusjoner import canonical
from ..summary import ordning_of_label

# Which kindergarten/school sector an ordning (to 2025) or the 2026 "gjelder" box is about.
SEKTOR_FOR_ORDNING = {
    "regional": "barnehage",
    "desentralisert": "skole",
    "kompetanseloftet": "begge",
}
SEKTOR_FOR_GJELDER = {"barnehage": "barnehage", "grunnskole": "skole", "begge": "begge"}
_TILTAK_LABEL = re.compile(r"^\s*tiltak\s*(\d+)\s*[:.\-–]?\s*(.*)$", re.IGNORECASE)
MAKS_TEKST = 1200
# Short labels the budget tables use for an institution that institusjoner.py does not fold.
_UH_KORTNAVN = {"nord": "Nord universitet"}

FORMAAL = {
    "vurdering": "Vurdering/analyse",
    "planlegging": "Planlegging av tiltak",
    "gjennomforing": "Gjennomføring av tiltak",
}
LOKAL_KRITERIER = (
    ("formaal", "Formål"),
    ("forankring", "Forankring i enhetene"),
    ("kollektive_prosesser", "Kollektive prosesser"),
    ("laererutdanning", "Lærerutdanning"),
    ("langsiktig_plan", "Langsiktig plan"),
)
KOLLEKTIV_KRITERIER = (
    ("behov", "Vurdering av behov"),
    ("partnerskapsplan", "Plan for partnerskap"),
    ("egeninnsats", "Eiers egeninnsats"),
)


@dataclass(slots=True)
class PostData:
    """What a round keeps of one tiltak: a snapshot taken when the round is refreshed."""

    kilde: str  # "tiltak" | "budsjettrad" | "sum"
    indeks: int
    nr: int | None
    navn: str
    ordning: str
    sektor: str
    eier_navn: str
    nettverk: str
    uh_navn: str
    soekt_eier: int
    soekt_uh: int
    soekt_totalt: int
    antall_aar: int
    varighet: list[str] = field(default_factory=list)
    maalgruppe: str = ""
    kriterier: dict[str, str] = field(default_factory=dict)
    partnere: list[str] = field(default_factory=list)
    eier_orgnr: str = ""
    eier_kontonr: str = ""
    uh_orgnr: str = ""
    uh_kontonr: str = ""
    eier_merkes: str = ""
    uh_merkes: str = ""
    # Several UH amounts in one cell: [{"felt", "etikett", "navn", "belop"}] (empty otherwise).
    uh_deler: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _text(value: str | None) -> str:
    return " ".join((value or "").split())[:MAKS_TEKST]


def _row_amounts(rad: Budsjettrad) -> tuple[int, int]:
    return rad.eier or 0, rad.uh_sum or 0


def _ordning_for_tiltak(record: Record, t: Tiltak) -> str:
    ticked = list(record.ordninger or [])
    if len(ticked) == 1:
        return ticked[0]
    rows = [(ordning_of_label(r.etikett), r) for r in record.budsjett.rader]
    with_money = {o for o, r in rows if o is not None and sum(_row_amounts(r)) > 0}
    if len(with_money) == 1:
        return with_money.pop()
    target = (t.eier or 0) + (t.uh or 0)
    for o, r in rows:
        if o is not None and (not ticked or o in ticked) and sum(_row_amounts(r)) == target:
            return o
    return ticked[0] if ticked else "ukjent"


def uh_navn_for_etikett(label: str) -> str:
    """The institution a budget cell's label stands for ("Sepu" → the register's name)."""
    return canonical(_UH_KORTNAVN.get(label.strip().casefold(), label))


def _uh_of_row(rad: Budsjettrad, fallback: str) -> str:
    labelled = [b for b in rad.uh if b.institusjon and b.belop]
    if labelled:
        return uh_navn_for_etikett(max(labelled, key=lambda b: b.belop).institusjon or "")
    return fallback


def _uh_deler(rad: Budsjettrad, path: str) -> list[dict[str, Any]]:
    """The UH amounts of a cell with more than one, each with its label and institution."""
    amounts = [(j, b) for j, b in enumerate(rad.uh) if b.belop]
    if len(amounts) < 2:
        return []
    return [
        {
            "felt": f"{path}.uh[{j}]",
            "etikett": (b.institusjon or "").strip(),
            "navn": uh_navn_for_etikett(b.institusjon) if b.institusjon else "",
            "belop": b.belop,
        }
        for j, b in amounts
    ]


_ROLLE = {"uh": "UH", "eier": "eier"}


def _partnere(record: Record) -> list[str]:
    """Who takes part, each once: the partner list often repeats the owner or the UH named in
    the header, in another case ("(uh)") or spelling."""
    out: list[str] = []
    seen: set[str] = set()

    def add(navn: str, rolle: str) -> None:
        key = " ".join(navn.casefold().split())
        if not key or key in seen:
            return
        seen.add(key)
        out.append(navn + (f" ({_ROLLE.get(rolle.casefold(), rolle)})" if rolle else ""))

    if record.eier:
        add(record.eier.strip(), "eier")
    if record.uh:
        add(canonical(record.uh), "UH")
    for p in record.partnere:
        if p.navn:
            rolle = (p.rolle or "").strip()
            navn = canonical(p.navn) if rolle.casefold() == "uh" else p.navn.strip()
            add(navn, rolle)
    return out


def _lokal_kriterier(t: Tiltak) -> dict[str, str]:
    out = {label: _text(getattr(t, key)) for key, label in LOKAL_KRITERIER}
    out["Formål"] = FORMAAL.get(out["Formål"], out["Formål"])
    return {k: v for k, v in out.items() if v}


def _kollektiv_kriterier(record: Record) -> dict[str, str]:
    out = {label: _text(getattr(record, key)) for key, label in KOLLEKTIV_KRITERIER}
    m = record.maaloppnaaelse
    if m is not None:
        for letter in "abcde":
            out[f"Måloppnåelse {letter})"] = _text(getattr(m, letter))
    return {k: v for k, v in out.items() if v}


def poster_fra_record(record: Record, runde_aar: int) -> list[PostData]:
    """The posts a record contributes to the round of ``runde_aar``."""
    k = record.kontaktpersoner
    record_uh = canonical(record.uh) if record.uh else ""
    common: dict[str, Any] = {
        "eier_navn": (record.eier or "").strip(),
        "nettverk": (record.kompetansenettverk or "").strip(),
        "partnere": _partnere(record),
        "eier_orgnr": _digits(k.eier.orgnr),
        "eier_kontonr": _digits(k.eier.kontonr),
        "eier_merkes": _text(k.eier.merkes),
    }
    uh_numbers: dict[str, Any] = {
        "uh_orgnr": _digits(k.uh.orgnr),
        "uh_kontonr": _digits(k.uh.kontonr),
        "uh_merkes": _text(k.uh.merkes),
    }
    with_amounts = [t for t in record.tiltak if t.eier is not None or t.uh is not None]
    if record.skjema == "lokal-2024" and with_amounts:
        out = []
        for i, t in enumerate(record.tiltak):
            ordning = _ordning_for_tiltak(record, t)
            eier, uh = t.eier or 0, t.uh or 0
            out.append(
                PostData(
                    kilde="tiltak",
                    indeks=i,
                    nr=t.nr,
                    navn=_text(t.navn) or f"Tiltak {t.nr or i + 1}",
                    ordning=ordning,
                    sektor=SEKTOR_FOR_ORDNING.get(ordning, ""),
                    uh_navn=record_uh,
                    soekt_eier=eier,
                    soekt_uh=uh,
                    soekt_totalt=eier + uh,
                    antall_aar=antall_aar(t.varighet or [], runde_aar),
                    varighet=list(t.varighet or []),
                    maalgruppe=_text(t.maalgruppe),
                    kriterier=_lokal_kriterier(t),
                    **common,
                    **uh_numbers,
                )
            )
        return out
    kollektiv = record.skjema == "kollektiv-2026"
    rows: list[tuple[str, int, Budsjettrad]] = [
        ("budsjettrad", i, r) for i, r in enumerate(record.budsjett.rader)
    ]
    if not rows and record.budsjett.sum is not None:
        rows = [("sum", 0, record.budsjett.sum)]
    paths = {"budsjettrad": "budsjett.rader[{}]", "sum": "budsjett.sum"}
    out = []
    for kilde, i, rad in rows:
        eier, uh = _row_amounts(rad)
        if kilde == "budsjettrad" and eier + uh == 0:
            continue
        m = _TILTAK_LABEL.match(rad.etikett or "")
        nr = int(m.group(1)) if m else None
        navn = _text(m.group(2)) if m else _text(rad.etikett)
        if kilde == "sum":
            navn = _text(record.tittel) or "Hele behovsmeldingen"
        if kollektiv:
            ordning = "kollektiv"
            sektor = SEKTOR_FOR_GJELDER.get(record.gjelder or "", "")
        else:
            ordning = ordning_of_label(rad.etikett) or (record.ordninger or ["ukjent"])[0]
            sektor = SEKTOR_FOR_ORDNING.get(ordning, "")
        uh_navn = _uh_of_row(rad, record_uh)
        same_uh = uh_navn == record_uh
        deler = _uh_deler(rad, paths[kilde].format(i))
        out.append(
            PostData(
                kilde=kilde,
                indeks=i,
                nr=nr,
                navn=navn or f"Budsjettrad {i + 1}",
                ordning=ordning,
                sektor=sektor,
                uh_navn=uh_navn,
                soekt_eier=eier,
                soekt_uh=uh,
                soekt_totalt=eier + uh,
                antall_aar=antall_aar(record.varighet or [], runde_aar),
                varighet=list(record.varighet or []),
                maalgruppe=_text(record.maalgruppe),
                kriterier=_kollektiv_kriterier(record) if kollektiv else {},
                **common,
                uh_orgnr=uh_numbers["uh_orgnr"] if same_uh else "",
                uh_kontonr=uh_numbers["uh_kontonr"] if same_uh else "",
                uh_merkes=uh_numbers["uh_merkes"] if same_uh else "",
                uh_deler=deler,
            )
        )
    return out


def _digits(value: str | None) -> str:
    """``"4500.55.00080"`` → ``"45005500080"``; the letters print them grouped again."""
    return "".join(c for c in (value or "") if c.isdigit())
