"""The generated sample forms with other contents read as well as the samples themselves.

Each case takes a sample .docx from ../shared/samples, changes what the owner wrote in
word/document.xml (other amount formats, empty answers, other ticks, long answers that cross
a page, tables with many rows, long e-mail addresses, names with æøå and hyphens), applies the
same change to the sample's golden record and reads the changed document. The .docx is read
always; a LibreOffice-made PDF of a few of them when ``soffice`` is installed.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from behovsmelding.readers import read_bytes

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
A = "sample_a_2024_bodo"
D = "sample_d_2026_bodo"
PH = "Klikk eller trykk her for å skrive inn tekst."
CHOICE = "Velg et element."

Rec = dict[str, Any]
Mutation = Callable[[str, Rec], str]

LONG = [
    f"Avsnitt {i} om arbeidet: "
    + " ".join(
        f"Skolene skal arbeide systematisk med observasjon og oppfølging i team {j}."
        for j in range(12)
    )
    for i in range(1, 7)
]
NAMES = ["Øystein Åsmund Kjærnes-Lie", "Bjørg-Åse Hæreid", "Ærlig Ødegård-Håland"]
ORGS = [
    "Sør-Varanger kommune, oppvekst- og kultursektoren",
    "Nord universitet, Fakultet for lærerutdanning, kunst- og kulturfag",
    "Ålesund og Sunnmøre barnehagedrift SA",
]


def _text(x: str, old: str, new: str, count: int = 1) -> str:
    pat = ">" + re.escape(old) + "</w:t>"
    assert len(re.findall(pat, x)) >= count, old
    return re.sub(pat, lambda m: ">" + new.replace("&", "&amp;") + "</w:t>", x, count=count)


def _tick(x: str, label: str, on: bool, at: int = 0) -> str:
    i = x.find(">" + label + "</w:t>", at)
    assert i > 0, label
    j = x.find("<w14:checked w14:val=", i)
    x = x[:j] + f'<w14:checked w14:val="{int(on)}"/>' + x[x.find("/>", j) + 2 :]
    k = x.find("<w:t>", j)
    return x[:k] + "<w:t>" + ("☒" if on else "☐") + x[k + 6 :]


def _fill(x: str, at: int, value: str, shown: str = ">" + PH + "<") -> str:
    """Type ``value`` into the first control at its placeholder after ``at``, as Word does."""
    i = x.find(shown, at)
    assert i > 0, shown
    s0 = x.rfind("<w:sdt>", 0, i)
    head = x[s0:i].replace("<w:showingPlcHdr/>", "")
    head = re.sub(r'<w:rPr><w:rStyle w:val="[^"]*"/></w:rPr>', "", head)
    return x[:s0] + head + ">" + value + "<" + x[i + len(shown) :]


def _paragraphs(x: str, old: str, texts: list[str]) -> str:
    """The paragraph holding ``old`` as several paragraphs holding ``texts``."""
    i = x.find(old)
    assert i > 0, old[:40]
    p0, p1 = x.rfind("<w:p>", 0, i), x.find("</w:p>", i) + 6
    para = x[p0:p1]
    return x[:p0] + "".join(para.replace(old, t) for t in texts) + x[p1:]


def _repeat_row(x: str, anchor: str, after: str, make: Callable[[str, int], str], n: int) -> str:
    """n rows made from the row holding ``anchor``, put after the row holding ``after``."""
    i = x.find(anchor)
    row = x[x.rfind("<w:tr>", 0, i) : x.find("</w:tr>", i) + 7]
    j = x.find("</w:tr>", x.find(after)) + 7
    return x[:j] + "".join(make(row, k) for k in range(n)) + x[j:]


def m_d_amounts(x: str, g: Rec) -> str:
    x = _text(x, "200 000,-", "1 250 000")
    x = _text(x, "401 500,-", "1.451.500,-")
    x = _text(x, "250 000,-", "NOK 250.000")
    x = _text(x, "80 000,-", "Kr 80 000")
    x = _text(x, "614 300,-", "614 300,00")
    x = _text(x, "880 000,-", "kr. 1 930 000,-")
    x = _text(x, "2 458 860,-", "3508860")
    rows, s = g["budsjett"]["rader"], g["budsjett"]["sum"]
    rows[0]["eier"], rows[0]["totalt"] = 1250000, 1451500
    s["eier"], s["totalt"] = 1930000, 3508860
    return x


def m_d_empty_and_ticks(x: str, g: Rec) -> str:
    x = _text(x, "Salten", PH)
    x = _text(x, "Seniorrådgiver", PH)
    x = _text(x, "150 000,-", PH)
    x = _tick(x, "Barnehage ", True)
    x = _tick(x, "Grunnskole ", False)
    x = _tick(x, "Vår 2026 ", True)
    x = _tick(x, "Videre ", True)
    x = _fill(x, x.find("Sum koordinator"), "Kr 45 000")
    g["kompetansenettverk"] = None
    g["kontaktpersoner"]["uh"]["funksjon"] = None
    g["budsjett"]["rader"][4]["eier"] = None
    g["gjelder"] = "barnehage"
    g["varighet"] = ["V2026", "H2026", "V2027", "videre"]
    g["koordinator_sum"] = 45000
    return x


def m_d_long_and_many(x: str, g: Rec) -> str:
    x = _paragraphs(x, g["behov"], LONG)
    g["behov"] = "\n".join(LONG)
    x = _paragraphs(x, g["kommentar"], LONG[:3])
    g["kommentar"] = "\n".join(LONG[:3])
    label = g["budsjett"]["rader"][2]["etikett"]
    x = _repeat_row(
        x,
        ">" + label + "<",
        ">" + label + "<",
        lambda r, k: r.replace(label, f"Tiltak {k + 4}: Språkløft i Åfjord-Ørland"),
        30,
    )
    extra = [
        dict(
            copy.deepcopy(g["budsjett"]["rader"][2]),
            etikett=f"Tiltak {k + 4}: Språkløft i Åfjord-Ørland",
        )
        for k in range(30)
    ]
    g["budsjett"]["rader"][3:3] = extra
    first = g["partnere"][1]
    last = g["partnere"][-1]

    def partner(row: str, k: int) -> str:
        nm, kp, uh = f"{ORGS[k % 3]} {k}", NAMES[k % 3], k % 3 == 2
        g["partnere"].append({"navn": nm, "kontaktperson": kp, "rolle": "uh" if uh else "eier"})
        row = row.replace(">" + first["navn"] + "<", ">" + nm + "<")
        row = row.replace(">" + first["kontaktperson"] + "<", ">" + kp + "<")
        if uh:
            row = row.replace('w:lastValue="Eier"', 'w:lastValue="UH"')
            row = row.replace('preserve">Eier<', 'preserve">UH<')
        return row

    x = _repeat_row(x, ">" + first["navn"] + "<", ">" + last["kontaktperson"] + "<", partner, 24)
    ref = g["medbestemmelse"]["deltakere"][2]
    last_p = g["medbestemmelse"]["deltakere"][-1]

    def member(row: str, k: int) -> str:
        rolle, navn = f"Hovedtillitsvalgt nr. {k}", f"{NAMES[k % 3]} {k}"
        g["medbestemmelse"]["deltakere"].append({"rolle": rolle, "navn": navn})
        row = row.replace(">" + ref["rolle"] + "<", ">" + rolle + "<")
        return row.replace(">" + ref["navn"] + "<", ">" + navn + "<")

    return _repeat_row(x, ">" + ref["navn"] + "<", ">" + last_p["navn"] + "<", member, 30)


def m_a_contacts(x: str, g: Rec) -> str:
    eier = g["kontaktpersoner"]["eier"]
    mail = "heidi.marie.kjaernes-johansen.oppvekst@aurskog-hoeland-oppvekstavdeling.kommune.no"
    x = _text(x, eier["epost"], mail)
    x = _text(x, eier["navn"], NAMES[0], count=2)
    x = _text(x, g["eier"], "Aurskog-Høland kommune")
    x = _text(x, g["kompetansenettverk"], PH)
    x = _text(x, g["kontaktpersoner"]["uh"]["telefon"], PH)
    x = _tick(x, "Regional ordning ", True)
    eier["epost"], eier["navn"] = mail, NAMES[0]
    g["partnere"][0]["kontaktperson"] = NAMES[0]
    g["eier"], g["kompetansenettverk"] = "Aurskog-Høland kommune", None
    g["kontaktpersoner"]["uh"]["telefon"] = None
    g["ordninger"] = ["regional", "kompetanseloftet"]
    return x


def m_a_tiltak(x: str, g: Rec) -> str:
    t = g["tiltak"][0]
    x = _text(x, "900.000, -", "1 250 000")
    x = _text(x, "624.914,-", "Kr 80 000")
    x = _text(x, "1.524.914,-", "1.330.000,-")
    t["eier"], t["uh"], t["totalt"] = 1250000, 80000, 1330000
    first = t["forankring"].split("\n")[0]
    x = _paragraphs(x, first, LONG)
    t["forankring"] = "\n".join([*LONG, *t["forankring"].split("\n")[1:]])
    at = x.find("Dersom tiltak ønskes videreført")
    vals = [
        "Kr 100 000",
        "Videre drift av samlingene, også for barnehagene i utkantene",
        "50000",
        "Veiledning",
    ]
    for v in vals:
        x = _fill(x, at, v)
    t["videreforing"] = [
        {
            "periode": "Høst 2025",
            "eier": vals[0],
            "eier_begrunnelse": vals[1],
            "uh": vals[2],
            "uh_begrunnelse": vals[3],
        }
    ]
    return x


def m_a_partners(x: str, g: Rec) -> str:
    at = x.find("Liste over andre eiere")
    for k in range(6):
        nm, kp, rolle = ORGS[k % 3] + f" {k}", NAMES[k % 3], "UH" if k % 2 else "Eier"
        x = _fill(x, at, nm)
        x = _fill(x, at, kp)
        x = _fill(x, at, rolle, ">" + CHOICE + "<")
        g["partnere"].append({"navn": nm, "kontaktperson": kp, "rolle": rolle.lower()})
    last = g["partnere"][-1]

    def partner(row: str, k: int) -> str:
        nm = f"{ORGS[k % 3]} avdeling {k + 10}"
        g["partnere"].append({"navn": nm, "kontaktperson": last["kontaktperson"], "rolle": "uh"})
        return row.replace("<w:t>9</w:t>", f"<w:t>{k + 10}</w:t>").replace(
            ">" + last["navn"] + "<", ">" + nm + "<"
        )

    return _repeat_row(x, ">" + last["navn"] + "<", ">" + last["navn"] + "<", partner, 30)


CASES: dict[str, tuple[str, Mutation]] = {
    "d_amounts": (D, m_d_amounts),
    "d_empty_and_ticks": (D, m_d_empty_and_ticks),
    "d_long_and_many": (D, m_d_long_and_many),
    "a_contacts": (A, m_a_contacts),
    "a_tiltak": (A, m_a_tiltak),
    "a_partners": (A, m_a_partners),
}


def _mutated(name: str) -> tuple[bytes, Rec]:
    base, mutation = CASES[name]
    docx, js = SAMPLES / f"{base}.docx", SAMPLES / f"{base}.json"
    if not (docx.is_file() and js.is_file()):
        pytest.skip(f"sample {base} not found in {SAMPLES}")
    golden: Rec = json.loads(js.read_text(encoding="utf-8"))
    out = io.BytesIO()
    with zipfile.ZipFile(docx) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.namelist():
            data = zin.read(item)
            if item == "word/document.xml":
                data = mutation(data.decode("utf-8"), golden).encode("utf-8")
            zout.writestr(item, data)
    return out.getvalue(), golden


def _check(data: bytes, filename: str, golden: Rec, score: Any) -> None:
    got = read_bytes(data, filename).to_dict()
    fraction, missed = score(golden, got)
    assert missed == [], missed
    assert fraction == 1.0


@pytest.mark.parametrize("name", sorted(CASES))
def test_mutated_docx_reads_as_changed(name: str, score: Any) -> None:
    data, golden = _mutated(name)
    _check(data, f"{name}.docx", golden, score)


@pytest.mark.parametrize("name", ["a_partners", "a_tiltak", "d_long_and_many"])
def test_mutated_pdf_reads_as_changed(name: str, score: Any, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is missing: scripts/install-system-deps.sh installs it")
    data, golden = _mutated(name)
    src = tmp_path / f"{name}.docx"
    src.write_bytes(data)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    _check((tmp_path / f"{name}.pdf").read_bytes(), f"{name}.pdf", golden, score)
