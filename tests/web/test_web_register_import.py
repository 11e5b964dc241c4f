"""Importing organisations from Enhetsregisteret's bulk layout: CSV and JSON, idempotent."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from behovsmelding.web.models import Region, Virksomhet, Virksomhetstype
from behovsmelding.web.register_import import ImportFeil, import_units, read_units

pytestmark = pytest.mark.django_db

HEADER = (
    '"organisasjonsnummer","navn","organisasjonsform.kode","forretningsadresse.adresse",'
    '"forretningsadresse.postnummer","forretningsadresse.poststed",'
    '"forretningsadresse.kommunenummer"\n'
)
# Invented units; 998877660 and 912345602 pass MOD11, 123456789 does not.
CSV = HEADER + (
    '"998877660","FJELLVIK KOMMUNE","KOMM","Rådhusveien 1","8100","MISVÆR","1899"\n'
    '"912345602","Fjellvik Høgskole","STAT","Postboks 5","8101","MISVÆR","1899"\n'
    '"123456789","Ugyldig AS","AS","Gata 2","8102","MISVÆR","1899"\n'
)


def run(text: str, name: str = "enheter.csv") -> list[str]:
    region = Region.objects.get_or_create(navn="Nordland")[0]
    return import_units(read_units(text.encode(), name), region=region).linjer()


def test_csv_import_creates_units_and_refuses_invalid_numbers() -> None:
    lines = run(CSV)
    assert lines[0] == "2 nye, 0 endret, 0 uendret, 1 avvist."
    assert "Avvist: rad 3: «123456789» er ikke et gyldig organisasjonsnummer" in lines
    kommune = Virksomhet.objects.get(orgnr="998877660")
    assert kommune.navn == "Fjellvik kommune"  # Enhetsregisteret's capitals made readable
    assert kommune.type == Virksomhetstype.KOMMUNE
    assert kommune.region is not None and kommune.region.navn == "Nordland"
    assert (kommune.postadresse, kommune.postnummer, kommune.poststed) == (
        "Rådhusveien 1",
        "8100",
        "MISVÆR",
    )
    hogskole = Virksomhet.objects.get(orgnr="912345602")
    assert hogskole.type == Virksomhetstype.UH
    assert hogskole.region is None  # a UH institution is national


def test_the_same_file_twice_changes_nothing_and_a_change_is_reported() -> None:
    run(CSV)
    assert run(CSV)[0] == "0 nye, 0 endret, 2 uendret, 1 avvist."
    moved = CSV.replace("Rådhusveien 1", "Rådhusveien 3")
    lines = run(moved)
    assert lines[0] == "0 nye, 1 endret, 1 uendret, 1 avvist."
    assert any("«Rådhusveien 1» → «Rådhusveien 3»" in line for line in lines)


def test_an_import_never_touches_the_account_number_or_e_mail() -> None:
    run(CSV)
    v = Virksomhet.objects.get(orgnr="998877660")
    v.kontonummer, v.epost = "86011117947", "post@fjellvik.invalid"
    v.save()
    run(CSV.replace("FJELLVIK KOMMUNE", "NYE FJELLVIK KOMMUNE"))
    v.refresh_from_db()
    assert (v.navn, v.kontonummer, v.epost) == (
        "Nye Fjellvik kommune",
        "86011117947",
        "post@fjellvik.invalid",
    )


def test_json_in_the_api_layout_is_read_too() -> None:
    units = [
        {
            "organisasjonsnummer": "998877660",
            "navn": "FJELLVIK KOMMUNE",
            "organisasjonsform": {"kode": "KOMM"},
            "forretningsadresse": {
                "adresse": ["Rådhusveien 1"],
                "postnummer": "8100",
                "poststed": "MISVÆR",
                "kommunenummer": "1899",
            },
            "postadresse": {"adresse": ["Postboks 10"], "postnummer": "8109", "poststed": "MISVÆR"},
        }
    ]
    text = json.dumps({"_embedded": {"enheter": units}})
    assert run(text, "enheter.json")[0] == "1 nye, 0 endret, 0 uendret, 0 avvist."
    v = Virksomhet.objects.get(orgnr="998877660")
    # the postal address is the one for letters
    assert (v.postadresse, v.postnummer) == ("Postboks 10", "8109")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00", "ikke UTF-8"),
        (b"[1, 2", "ikke gyldig JSON"),
        (b'{"noe": 1}', "liste av enheter"),
        (b"navn;adresse\nA;B\n", "mangler kolonnen"),
    ],
)
def test_a_bad_file_is_refused_whole(data: bytes, message: str) -> None:
    before = Virksomhet.objects.count()
    with pytest.raises(ImportFeil, match=message):
        read_units(data, "fil.csv")
    assert Virksomhet.objects.count() == before


def test_the_command_prints_the_report(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "enheter.csv"
    path.write_text(CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("importer_virksomheter", str(path), "--region", "Nordland", stdout=out)
    assert "2 nye, 0 endret, 0 uendret, 1 avvist." in out.getvalue()
    with pytest.raises(CommandError, match="Kan ikke lese"):
        call_command("importer_virksomheter", str(path.with_name("finnes-ikke.csv")))
