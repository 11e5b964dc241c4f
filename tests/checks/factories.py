"""Complete, valid records of both form generations, to break one thing at a time.

Each call returns a new record, so a test may change it freely. The people, units and amounts
are made up; the organisation and account numbers are valid (MOD11).
"""

from __future__ import annotations

from behovsmelding.checks import Finding, check
from behovsmelding.record import (
    Behovsmelding,
    Belop,
    Budsjett,
    Budsjettrad,
    Deltaker,
    Enheter,
    Kilde,
    Kontakt,
    Kontaktpersoner,
    Maaloppnaaelse,
    Medbestemmelse,
    Partner,
    Tiltak,
)

ORGNR_EIER = "987 654 325"
ORGNR_UH = "923456783"
KONTONR_EIER = "1234.56.78903"
KONTONR_UH = "9876 54 32103"


def tiltak_2024(nr: int, eier: int, uh: int, *, koordinator: bool = False) -> Tiltak:
    return Tiltak(
        nr=nr,
        navn=f"Tiltak om lesing og skriving, del {nr}",
        eier=eier,
        uh=uh,
        totalt=eier + uh,
        formaal="gjennomforing",
        forankring="Rektorene og de tillitsvalgte har kartlagt behovet sammen med lærerne.",
        kollektive_prosesser="Lærerteamene prøver ut og drøfter undervisningen sammen.",
        laererutdanning="UH bruker erfaringene i praksisopplæringen i lærerutdanningen.",
        langsiktig_plan="Tiltaket følger punkt 7.1.2 i langsiktig plan.",
        eiers_bruk="Vikarutgifter og lokaler til samlingene.",
        uh_bruk="Planlegging, gjennomføring og evaluering av samlingene, reise.",
        koordinator=koordinator,
        koordinator_begrunnelse="Mange enheter krever samordning." if koordinator else None,
        varighet=["V2024", "H2024", "V2025"],
        maalgruppe="Alle lærere på 1.–7. trinn",
    )


def valid_2024() -> Behovsmelding:
    """A lokal-2024 record for one ordning (Desentralisert) with two tiltak; no finding."""
    t1 = tiltak_2024(1, 100_000, 150_000, koordinator=True)
    t2 = tiltak_2024(2, 50_000, 100_000)
    row = Budsjettrad("Desentralisert ordning", 150_000, [Belop(250_000, "Nord")], 400_000)
    return Behovsmelding(
        skjema="lokal-2024",
        kilde=Kilde(fil="eksempel.docx", format="docx"),
        aar=2024,
        ordninger=["desentralisert"],
        eier="Eksempel kommune",
        kompetansenettverk="Salten",
        uh="Nord universitet",
        kontaktpersoner=Kontaktpersoner(
            eier=Kontakt(
                navn="Kari Nordmann",
                funksjon="Rådgiver oppvekst",
                telefon="912 34 567",
                epost="kari.nordmann@eksempel.kommune.no",
                kontonr=KONTONR_EIER,
                orgnr=ORGNR_EIER,
                merkes="Prosjekt 1234",
            ),
            uh=Kontakt(
                navn="Ola Hansen",
                funksjon="Førsteamanuensis",
                telefon="+47 75 51 72 00",
                epost="ola.hansen@nord.no",
                kontonr=KONTONR_UH,
                orgnr=ORGNR_UH,
                merkes=None,
            ),
        ),
        flere_eiere=False,
        flere_uh=False,
        flere_ordninger=False,
        antall_tiltak=2,
        budsjett=Budsjett(
            rader=[row],
            sum=Budsjettrad("Sum", 150_000, [Belop(250_000, None)], 400_000),
        ),
        tiltak=[t1, t2],
        partnere=[],
        medbestemmelse=Medbestemmelse(
            droftet=True,
            deltakere=[
                Deltaker("Hovedtillitsvalgt Utdanningsforbundet", "Per Olsen"),
                Deltaker("Fagforbundet", "Anne Berg"),
            ],
        ),
        enheter=Enheter(0, 0, 7, 0, 1),
    )


def valid_2026() -> Behovsmelding:
    """A kollektiv-2026 record with two budget lines and every section answered; no finding."""
    return Behovsmelding(
        skjema="kollektiv-2026",
        kilde=Kilde(fil="eksempel.pdf", format="pdf"),
        aar=2026,
        tittel=None,
        gjelder="begge",
        eier="Eksempel kommune",
        kompetansenettverk="Indre Helgeland",
        uh="Nord universitet",
        kontaktpersoner=Kontaktpersoner(
            eier=Kontakt(navn="Kari Nordmann", funksjon="Rådgiver oppvekst"),
            uh=Kontakt(navn="Ola Hansen", funksjon="Førsteamanuensis"),
        ),
        flere_eiere=True,
        flere_uh=False,
        videreforer_fjoraaret=False,
        budsjett=Budsjett(
            rader=[
                Budsjettrad("Tiltak 1: Lesing", 100_000, [Belop(200_000, "Nord")], 300_000),
                Budsjettrad("Tiltak 2: Lek", 50_000, [Belop(150_000, "Nord")], 200_000),
            ],
            sum=Budsjettrad("Sum", 150_000, [Belop(350_000, None)], 500_000),
        ),
        kommentar=None,
        behov="Kartleggingen viser behov for arbeid med lesing og med lek i barnehagen.",
        faser=["planlegging", "gjennomforing"],
        partnerskapsplan="Kommunen og Nord planlegger samlingene sammen; Nord leder dem.",
        egeninnsats="Eier bidrar med koordinering og tid til forarbeid.",
        maaloppnaaelse=Maaloppnaaelse(
            a="Referater og aktivitetsplaner.",
            b="Observasjon og tilbakemeldinger fra ledere.",
            c="Teamenes egne refleksjonslogger.",
            d="Elevundersøkelsen og foreldreundersøkelsen.",
            e="Nord bruker erfaringene i lærerutdanningen.",
        ),
        maalgruppe="Lærere, barnehagelærere og ledere.",
        budsjett_i_vedlegg=False,
        okonomi="Eier: lokaler og vikarer. UH: planlegging, samlinger og reise.",
        varighet=["H2026", "V2027"],
        koordinator_sum=None,
        videreutdanning="nei",
        samiske_perspektiver="ikke_relevant",
        partnere=[
            Partner("Eksempel kommune", "Kari Nordmann", "eier"),
            Partner("Fjellbygda barnehage SA", "Liv Dahl", "eier"),
        ],
        medbestemmelse=Medbestemmelse(
            droftet=True,
            deltakere=[Deltaker("Utdanningsforbundet", "Per Olsen")],
        ),
        enheter=Enheter(4, 2, 6, 0, 1),
    )


def keys(findings: list[Finding]) -> set[tuple[str, str, str]]:
    """(kode, felt, alvorlighet) of each finding."""
    return {(f.kode, f.felt, f.alvorlighet) for f in findings}


def found(record: Behovsmelding, kode: str) -> list[Finding]:
    """The findings of one rule for ``record``."""
    return [f for f in check(record) if f.kode == kode]
