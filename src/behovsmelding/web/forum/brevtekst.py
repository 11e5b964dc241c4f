"""The letters' standard text in bokmål and nynorsk (no Django, no database).

The phrases are enkeltvedtak text: the reasons (forvaltningsloven §§ 24–25), the notice
(§ 27), the appeal (§§ 28, 29, 32, 33, 42) and the right to see the case documents (§ 18).
Values in braces are filled in by :func:`tekster`. The scheme-specific text (title, legal
basis) is in the scheme's template, ``templates/forum/pdf/brev/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

MAANEDER = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def norsk_dato(d: dt.date) -> str:
    """``2026-12-07`` → ``"7. desember 2026"`` (the month names are the same in nynorsk)."""
    return f"{d.day}. {MAANEDER[d.month - 1]} {d.year}"


def nynorsk_navn(navn: str) -> str:
    """The agency's name in nynorsk: "Statsforvalteren i Nordland" → "Statsforvaltaren i …",
    "Oppvekst- og utdanningsavdelingen" → "… avdelinga"."""
    return navn.replace("Statsforvalteren", "Statsforvaltaren").replace("avdelingen", "avdelinga")


# The snapshot's reasons for a blocked payment are bokmål; a nynorsk letter says them so.
_SPERRET_NN = (
    ("finnes ikke i virksomhetsregisteret", "finst ikkje i verksemdsregisteret"),
    ("mangler kontonummer i virksomhetsregisteret", "manglar kontonummer i verksemdsregisteret"),
    ("er ikke gyldig", "er ikkje gyldig"),
)


def sperregrunn(grunn: str, maalform: str) -> str:
    if maalform == "nn":
        for nb, nn in _SPERRET_NN:
            grunn = grunn.replace(nb, nn)
    return grunn


NB: dict[str, str] = {
    "deres_ref": "Deres ref.",
    "vaar_ref": "Vår ref.",
    "vaar_dato": "Vår dato",
    "saksbehandler": "Saksbehandler",
    "telefon": "Telefon",
    "innledning": (
        "Vi viser til behovsmeldingen for {aar} og til innstillingen fra samarbeidsforumet i "
        "{region}{innstilling}. Statsforvalteren har nå behandlet saken og gjort følgende vedtak:"
    ),
    "vedtak_innvilget": (
        "{mottaker} får til sammen {sum} i tilskudd {rolle} til tiltakene i tabellen nedenfor."
    ),
    "vedtak_avslag": (
        "Statsforvalteren avslår søknaden om tilskudd for {aar} til tiltakene i tabellen "
        "nedenfor. {mottaker} får ikke tilskudd {rolle}."
    ),
    "rolle_eier": "som eier",
    "rolle_uh": "som universitet, høgskole eller kompetansemiljø i partnerskapet",
    "tabell_tittel": "Tiltak, søkt og innvilget beløp",
    "tiltak": "Tiltak",
    "partnerskap": "Partnerskap",
    "kompetansemiljo": "Kompetansemiljø",
    "soekt": "Søkt (alle år)",
    "innvilget": "Innvilget",
    "sum": "Sum",
    "vedtak": "Vedtak",
    "til_sammen": "Til sammen",
    "status_innvilget": "Innvilget",
    "status_redusert": "Redusert",
    "status_avslaatt": "Avslått",
    "begrunnelse_tittel": "Begrunnelse for vedtaket",
    "begrunnelse": (
        "Samarbeidsforumet i {region} har vurdert behovsmeldingene opp mot kriteriene for "
        "ordningen og prioritert tiltakene innenfor rammen for {aar}, og Statsforvalteren "
        "har lagt innstillingen til grunn. Der et tiltak har fått mindre enn det ble søkt "
        "om, eller avslag, står begrunnelsen for tiltaket nedenfor."
    ),
    "begrunnelse_tiltak": "Tiltak som har fått mindre enn søkt eller avslag",
    "standard_grunn": (
        "Rammen for {aar} gav ikke rom for hele beløpet etter samarbeidsforumets prioritering "
        "av tiltakene i regionen."
    ),
    "utbetaling_tittel": "Utbetaling",
    "utbetaling": (
        "Tilskuddet for {aar} utbetales når vedtaket er sendt. Beløp for senere år utbetales "
        "det året de gjelder, under forutsetning av at Stortinget bevilger midler."
    ),
    "mangler": "mangler – må registreres før utbetaling",
    "sperret": "Tilskuddet kan ikke utbetales før dette er rettet: {grunn}.",
    "egenandel_tittel": "Egenandel (Desentralisert ordning)",
    "egenandel": (
        "For tiltak i Desentralisert ordning skal eier bidra med en egenandel på minst "
        "{andel} av tilskuddet. Lønn og tid regnes med."
    ),
    "tilskudd": "Tilskudd",
    "krav": "Krav til egenandel",
    "oppgitt": "Oppgitt egenandel",
    "vilkaar_tittel": "Vilkår for tilskuddet",
    "vilkaar_bruk": (
        "Tilskuddet skal bare brukes til tiltakene i tabellen over, slik de er beskrevet i "
        "behovsmeldingen, og i tråd med retningslinjene for ordningen. Midlene kan ikke brukes "
        "til individuell etter- og videreutdanning."
    ),
    "vilkaar_rapport": (
        "Mottakeren skal rapportere om bruken av midlene og om måloppnåelse for hvert år med "
        "tilskudd innen {frist} året etter. Rapporten for {aar} skal være hos Statsforvalteren "
        "innen {frist_dato}."
    ),
    "vilkaar_tilbake": (
        "Midler som ikke er brukt innen utgangen av tilskuddsperioden, eller som er brukt i "
        "strid med vilkårene, skal betales tilbake til Statsforvalteren."
    ),
    "vilkaar_kontroll": (
        "Statsforvalteren og Riksrevisjonen kan kontrollere at midlene brukes etter "
        "forutsetningene, jf. bevilgningsreglementet § 10 andre ledd."
    ),
    "vilkaar_runde": "Særskilte vilkår for {aar}",
    "klage_tittel": "Dere kan klage på vedtaket",
    "klage_rett": (
        "Dere kan klage på vedtaket, jf. forvaltningsloven § 28. Klageinstans er {klageinstans}."
    ),
    "klage_frist": (
        "Fristen for å klage er tre uker fra den dagen dere mottok dette brevet, jf. "
        "forvaltningsloven § 29. Det er nok at klagen er postlagt eller sendt innen fristen."
    ),
    "klage_hvordan": (
        "Klagen skal være skriftlig og undertegnet. Skriv hvilket vedtak dere klager på, "
        "hvilken endring dere ønsker, og hvorfor dere klager, jf. forvaltningsloven § 32. "
        "Oppgi vår referanse {ref}."
    ),
    "klage_hvor": (
        "Send klagen til {avsender}, {adresse}{epost}. Statsforvalteren vurderer saken på nytt "
        "og kan endre vedtaket. Gir vi dere ikke medhold, sender vi klagen videre til "
        "{klageinstans}, som avgjør den, jf. forvaltningsloven § 33."
    ),
    "klage_epost": ", eller på e-post til {epost}",
    "klage_utsett": (
        "Dere kan be om at vedtaket ikke iverksettes før klagefristen er ute eller klagen er "
        "avgjort, jf. forvaltningsloven § 42."
    ),
    "innsyn_tittel": "Rett til å se dokumentene i saken",
    "innsyn": (
        "Dere har rett til å se dokumentene i saken, jf. forvaltningsloven § 18, med de "
        "unntakene som følger av §§ 18 a til 19. Ta kontakt med saksbehandleren hvis dere vil "
        "se dem."
    ),
    "underretning": (
        "Dette brevet er underretning om vedtaket, jf. forvaltningsloven § 27. Partnerne i "
        "partnerskapet får kopi."
    ),
    "hilsen": "Med hilsen",
    "elektronisk": "Dokumentet er elektronisk godkjent og har ingen håndskrevne signaturer.",
    "kopi_til": "Kopi til:",
    "mottaker_liste": "Adresseliste",
    "postadresse": "Postadresse",
    "besoksadresse": "Besøksadresse",
    "epost": "E-post",
    "orgnr": "Org.nr.",
    "organisasjonsnummer": "Organisasjonsnummer",
    "kontonummer": "Kontonummer",
    "i_dokumentet": "I dokumentet",
    "underskriver_mangler": "(underskriver er ikke satt: BREV_UNDERSKRIVER)",
    "utkast": "UTKAST – ikke sendt",
    "epost_emne": "{tittel} – {mottaker}",
    "epost_tekst": (
        "Vedlagt er vedtak fra {avsender} om tilskudd for {aar} ({tittel}).\n\n"
        "Vår referanse: {ref}\nMottaker: {mottaker}\n{kopi}\n"
        "Spørsmål om vedtaket kan rettes til {avsender}{kontakt}.\n\n"
        "Denne e-posten er sendt fra saksbehandlingssystemet for behovsmeldinger."
    ),
    "epost_kopi": "Kopi til: {navn}\n",
}

NN: dict[str, str] = {
    "deres_ref": "Dykkar ref.",
    "vaar_ref": "Vår ref.",
    "vaar_dato": "Vår dato",
    "saksbehandler": "Sakshandsamar",
    "telefon": "Telefon",
    "innledning": (
        "Vi viser til behovsmeldinga for {aar} og til innstillinga frå samarbeidsforumet i "
        "{region}{innstilling}. Statsforvaltaren har no handsama saka og gjort dette vedtaket:"
    ),
    "vedtak_innvilget": (
        "{mottaker} får til saman {sum} i tilskot {rolle} til tiltaka i tabellen nedanfor."
    ),
    "vedtak_avslag": (
        "Statsforvaltaren avslår søknaden om tilskot for {aar} til tiltaka i tabellen "
        "nedanfor. {mottaker} får ikkje tilskot {rolle}."
    ),
    "rolle_eier": "som eigar",
    "rolle_uh": "som universitet, høgskule eller kompetansemiljø i partnarskapet",
    "tabell_tittel": "Tiltak, søkt og innvilga beløp",
    "tiltak": "Tiltak",
    "partnerskap": "Partnarskap",
    "kompetansemiljo": "Kompetansemiljø",
    "soekt": "Søkt (alle år)",
    "innvilget": "Innvilga",
    "sum": "Sum",
    "vedtak": "Vedtak",
    "til_sammen": "Til saman",
    "status_innvilget": "Innvilga",
    "status_redusert": "Redusert",
    "status_avslaatt": "Avslått",
    "begrunnelse_tittel": "Grunngiving for vedtaket",
    "begrunnelse": (
        "Samarbeidsforumet i {region} har vurdert behovsmeldingane opp mot kriteria for "
        "ordninga og prioritert tiltaka innanfor ramma for {aar}, og Statsforvaltaren har "
        "lagt innstillinga til grunn. Der eit tiltak har fått mindre enn det vart søkt om, "
        "eller avslag, står grunngivinga for tiltaket nedanfor."
    ),
    "begrunnelse_tiltak": "Tiltak som har fått mindre enn søkt eller avslag",
    "standard_grunn": (
        "Ramma for {aar} gav ikkje rom for heile beløpet etter prioriteringa samarbeidsforumet "
        "gjorde av tiltaka i regionen."
    ),
    "utbetaling_tittel": "Utbetaling",
    "utbetaling": (
        "Tilskotet for {aar} blir utbetalt når vedtaket er sendt. Beløp for seinare år blir "
        "utbetalte det året dei gjeld, under føresetnad av at Stortinget løyver midlar."
    ),
    "mangler": "manglar – må registrerast før utbetaling",
    "sperret": "Tilskotet kan ikkje betalast ut før dette er retta: {grunn}.",
    "egenandel_tittel": "Eigendel (Desentralisert ordning)",
    "egenandel": (
        "For tiltak i Desentralisert ordning skal eigaren bidra med ein eigendel på minst "
        "{andel} av tilskotet. Løn og tid blir rekna med."
    ),
    "tilskudd": "Tilskot",
    "krav": "Krav til eigendel",
    "oppgitt": "Oppgitt eigendel",
    "vilkaar_tittel": "Vilkår for tilskotet",
    "vilkaar_bruk": (
        "Tilskotet skal berre brukast til tiltaka i tabellen over, slik dei er skildra i "
        "behovsmeldinga, og i tråd med retningslinjene for ordninga. Midlane kan ikkje brukast "
        "til individuell etter- og vidareutdanning."
    ),
    "vilkaar_rapport": (
        "Mottakaren skal rapportere om bruken av midlane og om måloppnåinga for kvart år med "
        "tilskot innan {frist} året etter. Rapporten for {aar} skal vere hos Statsforvaltaren "
        "innan {frist_dato}."
    ),
    "vilkaar_tilbake": (
        "Midlar som ikkje er brukte innan utgangen av tilskotsperioden, eller som er brukte i "
        "strid med vilkåra, skal betalast tilbake til Statsforvaltaren."
    ),
    "vilkaar_kontroll": (
        "Statsforvaltaren og Riksrevisjonen kan kontrollere at midlane blir brukte etter "
        "føresetnadene, jf. løyvingsreglementet § 10 andre ledd."
    ),
    "vilkaar_runde": "Særskilde vilkår for {aar}",
    "klage_tittel": "De kan klage på vedtaket",
    "klage_rett": (
        "De kan klage på vedtaket, jf. forvaltningslova § 28. Klageinstans er {klageinstans}."
    ),
    "klage_frist": (
        "Fristen for å klage er tre veker frå den dagen de fekk dette brevet, jf. "
        "forvaltningslova § 29. Det er nok at klaga er postlagd eller send innan fristen."
    ),
    "klage_hvordan": (
        "Klaga skal vere skriftleg og underteikna. Skriv kva vedtak de klagar på, kva endring "
        "de ønskjer, og kvifor de klagar, jf. forvaltningslova § 32. Oppgi referansen vår "
        "{ref}."
    ),
    "klage_hvor": (
        "Send klaga til {avsender}, {adresse}{epost}. Statsforvaltaren vurderer saka på nytt og "
        "kan endre vedtaket. Gir vi dykk ikkje medhald, sender vi klaga vidare til "
        "{klageinstans}, som avgjer ho, jf. forvaltningslova § 33."
    ),
    "klage_epost": ", eller på e-post til {epost}",
    "klage_utsett": (
        "De kan be om at vedtaket ikkje blir sett i verk før klagefristen er ute eller klaga er "
        "avgjord, jf. forvaltningslova § 42."
    ),
    "innsyn_tittel": "Rett til å sjå dokumenta i saka",
    "innsyn": (
        "De har rett til å sjå dokumenta i saka, jf. forvaltningslova § 18, med dei unntaka "
        "som følgjer av §§ 18 a til 19. Ta kontakt med sakshandsamaren dersom de vil sjå dei."
    ),
    "underretning": (
        "Dette brevet er underretning om vedtaket, jf. forvaltningslova § 27. Partnarane i "
        "partnarskapet får kopi."
    ),
    "hilsen": "Med helsing",
    "elektronisk": "Dokumentet er elektronisk godkjent og har ingen handskrivne signaturar.",
    "kopi_til": "Kopi til:",
    "mottaker_liste": "Adresseliste",
    "postadresse": "Postadresse",
    "besoksadresse": "Besøksadresse",
    "epost": "E-post",
    "orgnr": "Org.nr.",
    "organisasjonsnummer": "Organisasjonsnummer",
    "kontonummer": "Kontonummer",
    "i_dokumentet": "I dokumentet",
    "underskriver_mangler": "(underskrivar er ikkje sett: BREV_UNDERSKRIVER)",
    "utkast": "UTKAST – ikkje sendt",
    "epost_emne": "{tittel} – {mottaker}",
    "epost_tekst": (
        "Vedlagt er vedtak frå {avsender} om tilskot for {aar} ({tittel}).\n\n"
        "Referansen vår: {ref}\nMottakar: {mottaker}\n{kopi}\n"
        "Spørsmål om vedtaket kan rettast til {avsender}{kontakt}.\n\n"
        "Denne e-posten er send frå saksbehandlingssystemet for behovsmeldingar."
    ),
    "epost_kopi": "Kopi til: {navn}\n",
}

TEKSTER: Mapping[str, Mapping[str, str]] = {"nb": NB, "nn": NN}
assert NB.keys() == NN.keys()


class _Keep(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def tekster(maalform: str, **values: object) -> dict[str, str]:
    """Every phrase in ``maalform`` ("nb"/"nn", else bokmål) with ``values`` filled in; a
    value not given keeps its braces, for the caller to fill in."""
    keep = _Keep(values)
    # "§ 28" and "§§ 18 a" never break after the sign
    return {
        key: text.format_map(keep).replace("§ ", "§\u00a0")
        for key, text in TEKSTER.get(maalform, NB).items()
    }
