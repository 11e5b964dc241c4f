"""Seeds 002 and 004 as a careful person reads them, for the seed-level check test.

There are no golden records for these two seeds in the shared folder. These are read by hand
from ``seeds/002_8cc57b7b4ab8c520.txt`` and ``seeds/004_0f85f064c45cbb18.txt``; every field the
checks look at is as in the document, but the long free texts are shortened to their first
sentence (marked "…"): the checks only ask whether they are answered. Not a golden record for
the readers.
"""

from __future__ import annotations

from typing import Any

_EMPTY_CONTACT = {"telefon": None, "epost": None, "kontonr": None, "orgnr": None, "merkes": None}

SEED_002: dict[str, Any] = {
    "format": "behovsmelding-v1",
    "skjema": "kollektiv-2026",
    "kilde": {"fil": "002_8cc57b7b4ab8c520.txt", "format": "txt", "sha256": None},
    "aar": 2026,
    "tittel": None,
    "ordninger": None,
    "gjelder": "grunnskole",
    "eier": "Vefsn kommune",
    "kompetansenettverk": "RKK Vefsn",
    "uh": "Læringsmiljøsenteret",
    "kontaktpersoner": {
        "eier": {"navn": "Anita Aune Nestvold", "funksjon": "Rådgiver oppvekst", **_EMPTY_CONTACT},
        "uh": {
            "navn": "Solfrid H. Naustvik",
            "funksjon": "Seniorrådgiver ved Læringsmiljøsenteret",
            **_EMPTY_CONTACT,
        },
    },
    "flere_eiere": False,
    "flere_uh": False,
    "flere_ordninger": None,
    "videreforer_fjoraaret": True,
    "antall_tiltak": None,
    "budsjett": {
        "rader": [],
        "sum": {
            "etikett": "Sum",
            "eier": 15000,
            "uh": [{"belop": 464000, "institusjon": None}],
            "totalt": 479000,
        },
    },
    "kommentar": "Dette er siste året for samarbeidet med Læringsmiljøsenteret.",
    "tiltak": [],
    "behov": "Dette er en videreføring av tidligere innsendt behovsmelding.",
    "faser": ["gjennomforing"],
    "partnerskapsplan": "Vi hadde laget en tydelig plan sammen med Læringsmiljøsenteret (LMS) …",
    "egeninnsats": "Skolemiljøteamene består av ca 6 personer fra hver skole …",
    "maaloppnaaelse": {
        "a": "Tiltaket har fulgt plan for samlinger, men målgruppen … ble endret …",
        "b": "Skolene melder inn at lærerne er blitt mye bedre på observasjon i friminuttene …",
        "c": "Det at skolene har fått verktøy som de må prøve ut i sin skolehverdag …",
        "d": "Når lærere blir bedre på å oppdage sårbare grupper …",
        "e": "Læringsmiljøsenteret, UiS, får gjennom partnerskapet kunnskap og kompetanse …",
        "oppfolging": None,
    },
    "maalgruppe": "Lærere, assistenter/fagarbeidere, ledere, SFO-ledere, helsesykepleier …",
    "budsjett_i_vedlegg": False,
    "okonomi": "UH skal bruke sine midler til planlegging av tiltak, reise og gjennomføring …",
    "varighet": ["H2026", "V2027"],
    "koordinator_sum": None,
    "videreutdanning": "ja",
    "samiske_perspektiver": "ikke_relevant",
    "partnere": [],
    "medbestemmelse": {"droftet": None, "deltakere": [], "merknad": None},
    "enheter": {
        "kommunale_barnehager": None,
        "private_barnehager": None,
        "offentlige_skoler": None,
        "private_skoler": None,
        "ppt": None,
    },
}

_VIDERE_BEGRUNNELSE = (
    "Når vi har vlagt området inkluderende praksis – trygt og godt læringsmiljø som overskrift "
    "for perioden, favner det mange områder …"
)

SEED_004: dict[str, Any] = {
    "format": "behovsmelding-v1",
    "skjema": "lokal-2024",
    "kilde": {"fil": "004_0f85f064c45cbb18.txt", "format": "txt", "sha256": None},
    "aar": 2024,
    "tittel": None,
    "ordninger": None,
    "gjelder": None,
    "eier": "Vefsn kommune",
    "kompetansenettverk": "Indre Helgeland",
    "uh": "Universitetet i Stavanger, Læringsmiljøsentret",
    "kontaktpersoner": {
        "eier": {
            "navn": "Anita Aune Nestvold",
            "funksjon": "Utviklingsveileder/koordinator DEKOM/Kompetanseløftet",
            "telefon": "97016497",
            "epost": "Anita.aune.nestvold@vefsn.kommune.no",
            "kontonr": "15069214549",
            "orgnr": "931112325",
            "merkes": None,
        },
        "uh": {
            "navn": "Solfrid H. Naustvik",
            "funksjon": "Seniorrådgiver ved Læringsmiljøsentret",
            "telefon": "51833122",
            "epost": "solfrid.h.naustvik@uis.no",
            "kontonr": "76940519655",
            "orgnr": "971564679",
            "merkes": "FUHNSLA",
        },
    },
    "flere_eiere": None,
    "flere_uh": None,
    "flere_ordninger": None,
    "videreforer_fjoraaret": None,
    "antall_tiltak": None,
    "budsjett": {
        "rader": [
            {
                "etikett": "Kompetanseløftet",
                "eier": None,
                "uh": [{"belop": 214900, "institusjon": None}],
                "totalt": None,
            }
        ],
        "sum": {
            "etikett": "Sum",
            "eier": None,
            "uh": [{"belop": 214900, "institusjon": None}],
            "totalt": None,
        },
    },
    "kommentar": None,
    "tiltak": [
        {
            "nr": 1,
            "navn": "Inkluderende praksis – trygt og godt læringsmiljø og ledelse – Vefsn kommune",
            "eier": None,
            "uh": 214900,
            "totalt": 229900,
            "formaal": "planlegging",
            "forankring": "Kommunen har felles møtepunkter mellom lærerspesialister, rektorer …",
            "kollektive_prosesser": "Skoleåret vil være preget av samhandling mellom kommunens "
            "DEKOM-gruppe … og Læringsmiljøsentret …",
            "laererutdanning": "Læringsmiljøsentret, UiS, får gjennom partnerskapet kunnskap …",
            "langsiktig_plan": "I langsiktig plan, under 7.1.4 Kompetanseløftet står det …",
            "eiers_bruk": "--",
            "uh_bruk": "Møter og planlegging\nGjennomføre opplegg\nReisekostnader\nArrangementer",
            "koordinator": None,
            "koordinator_begrunnelse": None,
            "varighet": None,
            "videreforing": [
                {
                    "periode": "Høst 2025",
                    "eier": None,
                    "eier_begrunnelse": _VIDERE_BEGRUNNELSE,
                    "uh": "Læringsmiljøsentret",
                    "uh_begrunnelse": None,
                },
                {
                    "periode": "2026",
                    "eier": None,
                    "eier_begrunnelse": _VIDERE_BEGRUNNELSE,
                    "uh": "Læringsmiljøsentret",
                    "uh_begrunnelse": None,
                },
            ],
            "maalgruppe": "Lærere, assistenter og ledere",
        }
    ],
    "behov": None,
    "faser": None,
    "partnerskapsplan": None,
    "egeninnsats": None,
    "maaloppnaaelse": None,
    "maalgruppe": None,
    "budsjett_i_vedlegg": None,
    "okonomi": None,
    "varighet": None,
    "koordinator_sum": None,
    "videreutdanning": None,
    "samiske_perspektiver": None,
    "partnere": [],
    "medbestemmelse": {
        "droftet": None,
        "deltakere": [
            {"rolle": "Harald Rørvik", "navn": "Utdanningsforbundet"},
            {"rolle": "Ronny Urheim", "navn": "Fagforbundet"},
        ],
        "merknad": None,
    },
    "enheter": {
        "kommunale_barnehager": None,
        "private_barnehager": None,
        "offentlige_skoler": 5,
        "private_skoler": None,
        "ppt": 1,
    },
}
