"""The behovsmelding-v1 record as typed Python objects.

The field names are the format's own (see ``format/README.md`` in the shared folder): the form's
words, ASCII-folded. ``to_dict`` writes every key in schema order, so that a record read from a
document, dumped, loaded and dumped again gives identical JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

FORMAT = "behovsmelding-v1"
# The largest amount in kroner the web accepts where people type one (the owners' form, the
# forum's frames and grants): far above any real amount (the whole scheme is a few hundred
# million a year) and far below what the database's 64-bit columns hold, so that sums of many
# amounts cannot overflow either.
MAKS_BELOP = 999_999_999_999

Skjema = Literal["lokal-2024", "kollektiv-2026"]
SKJEMAER: tuple[str, ...] = ("lokal-2024", "kollektiv-2026")
ORDNINGER: tuple[str, ...] = ("regional", "desentralisert", "kompetanseloftet")
GJELDER: tuple[str, ...] = ("barnehage", "grunnskole", "begge")
FORMAAL: tuple[str, ...] = ("vurdering", "planlegging", "gjennomforing")
FASER: tuple[str, ...] = ("analyse", "planlegging", "gjennomforing")
VIDEREUTDANNING: tuple[str, ...] = ("ja", "nei", "vet_ikke")
SAMISKE: tuple[str, ...] = ("ja", "nei", "ikke_relevant")
ROLLER: tuple[str, ...] = ("eier", "uh")
ENHET_FELT: tuple[str, ...] = (
    "kommunale_barnehager",
    "private_barnehager",
    "offentlige_skoler",
    "private_skoler",
    "ppt",
)

Json = dict[str, Any]
Enhet = int | str | None


class RecordError(ValueError):
    """A JSON document that is not a behovsmelding-v1 record."""


def _obj(d: Any, where: str, allowed: Iterable[str] | None = None) -> Json:
    """``d`` as a JSON object; unknown keys are refused as the schema does."""
    if not isinstance(d, dict):
        raise RecordError(f"{where}: forventet et objekt")
    if allowed is not None:
        unknown = sorted(set(d) - set(allowed))
        if unknown:
            raise RecordError(f"{where}: ukjente felt {', '.join(unknown)}")
    return d


def _opt_str(d: Json, key: str) -> str | None:
    v = d.get(key)
    if v is not None and not isinstance(v, str):
        raise RecordError(f"{key}: forventet tekst eller null")
    return v


def _opt_int(d: Json, key: str) -> int | None:
    v = d.get(key)
    if v is not None and (isinstance(v, bool) or not isinstance(v, int)):
        raise RecordError(f"{key}: forventet heltall eller null")
    return v


def _opt_bool(d: Json, key: str) -> bool | None:
    v = d.get(key)
    if v is not None and not isinstance(v, bool):
        raise RecordError(f"{key}: forventet ja/nei (true/false) eller null")
    return v


def _opt_enum(d: Json, key: str, allowed: tuple[str, ...]) -> str | None:
    v = d.get(key)
    if v is not None and v not in allowed:
        raise RecordError(f"{key}: ugyldig verdi {v!r}")
    return v


def _opt_enum_list(d: Json, key: str, allowed: tuple[str, ...] | None) -> list[str] | None:
    v = d.get(key)
    if v is None:
        return None
    if not isinstance(v, list) or any(not isinstance(x, str) for x in v):
        raise RecordError(f"{key}: forventet en liste med tekster")
    if allowed is not None and any(x not in allowed for x in v):
        raise RecordError(f"{key}: ugyldig verdi i {v!r}")
    return list(v)


@dataclass
class Kontakt:
    navn: str | None = None
    funksjon: str | None = None
    telefon: str | None = None
    epost: str | None = None
    kontonr: str | None = None
    orgnr: str | None = None
    merkes: str | None = None

    def to_dict(self) -> Json:
        return {
            "navn": self.navn,
            "funksjon": self.funksjon,
            "telefon": self.telefon,
            "epost": self.epost,
            "kontonr": self.kontonr,
            "orgnr": self.orgnr,
            "merkes": self.merkes,
        }

    @classmethod
    def from_dict(cls, d: Any) -> Kontakt:
        d = _obj(d, "kontakt", _KONTAKT_KEYS)
        return cls(**{k: _opt_str(d, k) for k in cls().to_dict()})


@dataclass
class Kontaktpersoner:
    eier: Kontakt = field(default_factory=Kontakt)
    uh: Kontakt = field(default_factory=Kontakt)

    def to_dict(self) -> Json:
        return {"eier": self.eier.to_dict(), "uh": self.uh.to_dict()}

    @classmethod
    def from_dict(cls, d: Any) -> Kontaktpersoner:
        d = _obj(d, "kontaktpersoner", ("eier", "uh"))
        return cls(eier=Kontakt.from_dict(d.get("eier", {})), uh=Kontakt.from_dict(d.get("uh", {})))


@dataclass
class Belop:
    belop: int
    institusjon: str | None = None

    def to_dict(self) -> Json:
        return {"belop": self.belop, "institusjon": self.institusjon}

    @classmethod
    def from_dict(cls, d: Any) -> Belop:
        d = _obj(d, "belop", ("belop", "institusjon"))
        b = _opt_int(d, "belop")
        if b is None:
            raise RecordError("belop: mangler beløp")
        return cls(belop=b, institusjon=_opt_str(d, "institusjon"))


@dataclass
class Budsjettrad:
    etikett: str | None = None
    eier: int | None = None
    uh: list[Belop] = field(default_factory=list)
    totalt: int | None = None

    @property
    def uh_sum(self) -> int | None:
        """The UH amounts added up; None when the UH cell is empty."""
        return sum(b.belop for b in self.uh) if self.uh else None

    def to_dict(self) -> Json:
        return {
            "etikett": self.etikett,
            "eier": self.eier,
            "uh": [b.to_dict() for b in self.uh],
            "totalt": self.totalt,
        }

    @classmethod
    def from_dict(cls, d: Any) -> Budsjettrad:
        d = _obj(d, "budsjettrad", ("etikett", "eier", "uh", "totalt"))
        return cls(
            etikett=_opt_str(d, "etikett"),
            eier=_opt_int(d, "eier"),
            uh=[Belop.from_dict(x) for x in d.get("uh") or []],
            totalt=_opt_int(d, "totalt"),
        )


@dataclass
class Budsjett:
    rader: list[Budsjettrad] = field(default_factory=list)
    sum: Budsjettrad | None = None

    def to_dict(self) -> Json:
        return {
            "rader": [r.to_dict() for r in self.rader],
            "sum": self.sum.to_dict() if self.sum is not None else None,
        }

    @classmethod
    def from_dict(cls, d: Any) -> Budsjett:
        d = _obj(d, "budsjett", ("rader", "sum"))
        s = d.get("sum")
        return cls(
            rader=[Budsjettrad.from_dict(x) for x in d.get("rader") or []],
            sum=Budsjettrad.from_dict(s) if s is not None else None,
        )


@dataclass
class Videreforing:
    periode: str
    eier: str | None = None
    eier_begrunnelse: str | None = None
    uh: str | None = None
    uh_begrunnelse: str | None = None

    def to_dict(self) -> Json:
        return {
            "periode": self.periode,
            "eier": self.eier,
            "eier_begrunnelse": self.eier_begrunnelse,
            "uh": self.uh,
            "uh_begrunnelse": self.uh_begrunnelse,
        }

    @classmethod
    def from_dict(cls, d: Any) -> Videreforing:
        d = _obj(d, "videreforing", _VIDEREFORING_KEYS)
        periode = d.get("periode")
        if not isinstance(periode, str):
            raise RecordError("videreforing.periode: mangler")
        return cls(
            periode=periode,
            eier=_opt_str(d, "eier"),
            eier_begrunnelse=_opt_str(d, "eier_begrunnelse"),
            uh=_opt_str(d, "uh"),
            uh_begrunnelse=_opt_str(d, "uh_begrunnelse"),
        )


@dataclass
class Tiltak:
    nr: int | None = None
    navn: str | None = None
    eier: int | None = None
    uh: int | None = None
    totalt: int | None = None
    formaal: str | None = None
    forankring: str | None = None
    kollektive_prosesser: str | None = None
    laererutdanning: str | None = None
    langsiktig_plan: str | None = None
    eiers_bruk: str | None = None
    uh_bruk: str | None = None
    koordinator: bool | None = None
    koordinator_begrunnelse: str | None = None
    varighet: list[str] | None = None
    videreforing: list[Videreforing] = field(default_factory=list)
    maalgruppe: str | None = None

    _TEXTS = (
        "navn",
        "forankring",
        "kollektive_prosesser",
        "laererutdanning",
        "langsiktig_plan",
        "eiers_bruk",
        "uh_bruk",
        "koordinator_begrunnelse",
        "maalgruppe",
    )

    def to_dict(self) -> Json:
        return {
            "nr": self.nr,
            "navn": self.navn,
            "eier": self.eier,
            "uh": self.uh,
            "totalt": self.totalt,
            "formaal": self.formaal,
            "forankring": self.forankring,
            "kollektive_prosesser": self.kollektive_prosesser,
            "laererutdanning": self.laererutdanning,
            "langsiktig_plan": self.langsiktig_plan,
            "eiers_bruk": self.eiers_bruk,
            "uh_bruk": self.uh_bruk,
            "koordinator": self.koordinator,
            "koordinator_begrunnelse": self.koordinator_begrunnelse,
            "varighet": list(self.varighet) if self.varighet is not None else None,
            "videreforing": [v.to_dict() for v in self.videreforing],
            "maalgruppe": self.maalgruppe,
        }

    @classmethod
    def from_dict(cls, d: Any) -> Tiltak:
        d = _obj(d, "tiltak", _TILTAK_KEYS)
        t = cls(
            nr=_opt_int(d, "nr"),
            eier=_opt_int(d, "eier"),
            uh=_opt_int(d, "uh"),
            totalt=_opt_int(d, "totalt"),
            formaal=_opt_enum(d, "formaal", FORMAAL),
            koordinator=_opt_bool(d, "koordinator"),
            varighet=_opt_enum_list(d, "varighet", None),
            videreforing=[Videreforing.from_dict(x) for x in d.get("videreforing") or []],
        )
        for key in cls._TEXTS:
            setattr(t, key, _opt_str(d, key))
        return t


@dataclass
class Maaloppnaaelse:
    a: str | None = None
    b: str | None = None
    c: str | None = None
    d: str | None = None
    e: str | None = None
    oppfolging: str | None = None

    def to_dict(self) -> Json:
        return {
            "a": self.a,
            "b": self.b,
            "c": self.c,
            "d": self.d,
            "e": self.e,
            "oppfolging": self.oppfolging,
        }

    @classmethod
    def from_dict(cls, d: Any) -> Maaloppnaaelse:
        d = _obj(d, "maaloppnaaelse", ("a", "b", "c", "d", "e", "oppfolging"))
        return cls(**{k: _opt_str(d, k) for k in cls().to_dict()})


@dataclass
class Partner:
    navn: str | None = None
    kontaktperson: str | None = None
    rolle: str | None = None

    def to_dict(self) -> Json:
        return {"navn": self.navn, "kontaktperson": self.kontaktperson, "rolle": self.rolle}

    @classmethod
    def from_dict(cls, d: Any) -> Partner:
        d = _obj(d, "partner", ("navn", "kontaktperson", "rolle"))
        return cls(
            navn=_opt_str(d, "navn"),
            kontaktperson=_opt_str(d, "kontaktperson"),
            rolle=_opt_enum(d, "rolle", ROLLER),
        )


@dataclass
class Deltaker:
    rolle: str | None = None
    navn: str | None = None

    def to_dict(self) -> Json:
        return {"rolle": self.rolle, "navn": self.navn}

    @classmethod
    def from_dict(cls, d: Any) -> Deltaker:
        d = _obj(d, "deltaker", ("rolle", "navn"))
        return cls(rolle=_opt_str(d, "rolle"), navn=_opt_str(d, "navn"))


@dataclass
class Medbestemmelse:
    droftet: bool | None = None
    deltakere: list[Deltaker] = field(default_factory=list)
    merknad: str | None = None

    def to_dict(self) -> Json:
        return {
            "droftet": self.droftet,
            "deltakere": [x.to_dict() for x in self.deltakere],
            "merknad": self.merknad,
        }

    @classmethod
    def from_dict(cls, d: Any) -> Medbestemmelse:
        d = _obj(d, "medbestemmelse", ("droftet", "deltakere", "merknad"))
        return cls(
            droftet=_opt_bool(d, "droftet"),
            deltakere=[Deltaker.from_dict(x) for x in d.get("deltakere") or []],
            merknad=_opt_str(d, "merknad"),
        )


@dataclass
class Enheter:
    kommunale_barnehager: Enhet = None
    private_barnehager: Enhet = None
    offentlige_skoler: Enhet = None
    private_skoler: Enhet = None
    ppt: Enhet = None

    def to_dict(self) -> Json:
        return {k: getattr(self, k) for k in ENHET_FELT}

    @classmethod
    def from_dict(cls, d: Any) -> Enheter:
        d = _obj(d, "enheter", ENHET_FELT)
        out = cls()
        for k in ENHET_FELT:
            v = d.get(k)
            if v is not None and (isinstance(v, bool) or not isinstance(v, int | str)):
                raise RecordError(f"enheter.{k}: forventet tall, tekst eller null")
            setattr(out, k, v)
        return out


@dataclass
class Kilde:
    fil: str | None = None
    format: str | None = None
    sha256: str | None = None

    def to_dict(self) -> Json:
        return {"fil": self.fil, "format": self.format, "sha256": self.sha256}

    @classmethod
    def from_dict(cls, d: Any) -> Kilde:
        d = _obj(d, "kilde", ("fil", "format", "sha256"))
        return cls(
            fil=_opt_str(d, "fil"),
            format=_opt_enum(d, "format", ("txt", "docx", "pdf", "web", "json")),
            sha256=_opt_str(d, "sha256"),
        )


@dataclass
class Behovsmelding:
    """One behovsmelding as the owner filled it in, faithful to the document."""

    skjema: str = "kollektiv-2026"
    kilde: Kilde | None = None
    aar: int | None = None
    tittel: str | None = None
    ordninger: list[str] | None = None
    gjelder: str | None = None
    eier: str | None = None
    kompetansenettverk: str | None = None
    uh: str | None = None
    kontaktpersoner: Kontaktpersoner = field(default_factory=Kontaktpersoner)
    flere_eiere: bool | None = None
    flere_uh: bool | None = None
    flere_ordninger: bool | None = None
    videreforer_fjoraaret: bool | None = None
    antall_tiltak: int | None = None
    budsjett: Budsjett = field(default_factory=Budsjett)
    kommentar: str | None = None
    tiltak: list[Tiltak] = field(default_factory=list)
    behov: str | None = None
    faser: list[str] | None = None
    partnerskapsplan: str | None = None
    egeninnsats: str | None = None
    maaloppnaaelse: Maaloppnaaelse | None = None
    maalgruppe: str | None = None
    budsjett_i_vedlegg: bool | None = None
    okonomi: str | None = None
    varighet: list[str] | None = None
    koordinator_sum: int | None = None
    videreutdanning: str | None = None
    samiske_perspektiver: str | None = None
    partnere: list[Partner] = field(default_factory=list)
    medbestemmelse: Medbestemmelse = field(default_factory=Medbestemmelse)
    enheter: Enheter = field(default_factory=Enheter)

    _TEXTS = (
        "tittel",
        "eier",
        "kompetansenettverk",
        "uh",
        "kommentar",
        "behov",
        "partnerskapsplan",
        "egeninnsats",
        "maalgruppe",
        "okonomi",
    )

    def to_dict(self) -> Json:
        return {
            "format": FORMAT,
            "skjema": self.skjema,
            "kilde": self.kilde.to_dict() if self.kilde is not None else None,
            "aar": self.aar,
            "tittel": self.tittel,
            "ordninger": list(self.ordninger) if self.ordninger is not None else None,
            "gjelder": self.gjelder,
            "eier": self.eier,
            "kompetansenettverk": self.kompetansenettverk,
            "uh": self.uh,
            "kontaktpersoner": self.kontaktpersoner.to_dict(),
            "flere_eiere": self.flere_eiere,
            "flere_uh": self.flere_uh,
            "flere_ordninger": self.flere_ordninger,
            "videreforer_fjoraaret": self.videreforer_fjoraaret,
            "antall_tiltak": self.antall_tiltak,
            "budsjett": self.budsjett.to_dict(),
            "kommentar": self.kommentar,
            "tiltak": [t.to_dict() for t in self.tiltak],
            "behov": self.behov,
            "faser": list(self.faser) if self.faser is not None else None,
            "partnerskapsplan": self.partnerskapsplan,
            "egeninnsats": self.egeninnsats,
            "maaloppnaaelse": (
                self.maaloppnaaelse.to_dict() if self.maaloppnaaelse is not None else None
            ),
            "maalgruppe": self.maalgruppe,
            "budsjett_i_vedlegg": self.budsjett_i_vedlegg,
            "okonomi": self.okonomi,
            "varighet": list(self.varighet) if self.varighet is not None else None,
            "koordinator_sum": self.koordinator_sum,
            "videreutdanning": self.videreutdanning,
            "samiske_perspektiver": self.samiske_perspektiver,
            "partnere": [p.to_dict() for p in self.partnere],
            "medbestemmelse": self.medbestemmelse.to_dict(),
            "enheter": self.enheter.to_dict(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: Any) -> Behovsmelding:
        d = _obj(d, "behovsmelding", _BEHOVSMELDING_KEYS)
        if d.get("format") != FORMAT:
            raise RecordError(f"format: forventet {FORMAT!r}")
        skjema = d.get("skjema")
        if skjema not in SKJEMAER:
            raise RecordError(f"skjema: ugyldig verdi {skjema!r}")
        kilde = d.get("kilde")
        mo = d.get("maaloppnaaelse")
        bm = cls(
            skjema=skjema,
            kilde=Kilde.from_dict(kilde) if kilde is not None else None,
            aar=_opt_int(d, "aar"),
            ordninger=_opt_enum_list(d, "ordninger", ORDNINGER),
            gjelder=_opt_enum(d, "gjelder", GJELDER),
            kontaktpersoner=Kontaktpersoner.from_dict(d.get("kontaktpersoner", {})),
            flere_eiere=_opt_bool(d, "flere_eiere"),
            flere_uh=_opt_bool(d, "flere_uh"),
            flere_ordninger=_opt_bool(d, "flere_ordninger"),
            videreforer_fjoraaret=_opt_bool(d, "videreforer_fjoraaret"),
            antall_tiltak=_opt_int(d, "antall_tiltak"),
            budsjett=Budsjett.from_dict(d.get("budsjett", {})),
            tiltak=[Tiltak.from_dict(x) for x in d.get("tiltak") or []],
            faser=_opt_enum_list(d, "faser", FASER),
            maaloppnaaelse=Maaloppnaaelse.from_dict(mo) if mo is not None else None,
            budsjett_i_vedlegg=_opt_bool(d, "budsjett_i_vedlegg"),
            varighet=_opt_enum_list(d, "varighet", None),
            koordinator_sum=_opt_int(d, "koordinator_sum"),
            videreutdanning=_opt_enum(d, "videreutdanning", VIDEREUTDANNING),
            samiske_perspektiver=_opt_enum(d, "samiske_perspektiver", SAMISKE),
            partnere=[Partner.from_dict(x) for x in d.get("partnere") or []],
            medbestemmelse=Medbestemmelse.from_dict(d.get("medbestemmelse", {})),
            enheter=Enheter.from_dict(d.get("enheter", {})),
        )
        for key in cls._TEXTS:
            setattr(bm, key, _opt_str(d, key))
        return bm

    @classmethod
    def from_json(cls, text: str) -> Behovsmelding:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise RecordError(f"ikke gyldig JSON: {e.msg} (linje {e.lineno})") from e
        return cls.from_dict(data)


_KONTAKT_KEYS = tuple(Kontakt().to_dict())
_VIDEREFORING_KEYS = tuple(Videreforing(periode="").to_dict())
_TILTAK_KEYS = tuple(Tiltak().to_dict())
_BEHOVSMELDING_KEYS = tuple(Behovsmelding().to_dict())
