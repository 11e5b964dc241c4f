"""The audit trail's vocabulary: every kind of entry (``Hendelse.type``) from one closed set,
each with its text in bokmål and nynorsk, rendered from the entry's payload when it is shown.

A type is namespaced by the object it concerns (``behovsmelding.status_changed``,
``virksomhet.alias_added``, ``runde.created``). ``services.audit`` refuses a type that is not
here, so a new kind of entry is one line in :data:`TYPES` (and its two texts).

A text is a ``str.format`` template over the payload, or a function of the payload and the
language for the few that read differently when a value is missing. An entry whose payload
lacks what its template asks for (an entry written before the types existed, kept with its
old text as ``tekst``) shows that stored text instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Sprak = Literal["nb", "nn"]
Payload = Mapping[str, Any]
Template = str | Callable[[Payload, "Sprak"], str]


class UkjentHendelse(ValueError):
    """A type that is not in :data:`TYPES` (refused at write time)."""


@dataclass(frozen=True, slots=True)
class HendelseType:
    kode: str
    nb: Template
    nn: Template
    # The ``handling`` an entry of this type had before migration 0011 (and that older callers
    # of ``services.audit`` still pass).
    gammel: str = ""

    def tekst(self, payload: Payload, sprak: Sprak = "nb") -> str:
        template = self.nn if sprak == "nn" else self.nb
        if callable(template):
            return template(payload, sprak)
        return template.format_map(_Verdier(payload, sprak))


class _Verdier(dict[str, Any]):
    """The payload as template values: status codes as their labels; a missing key raises."""

    def __init__(self, payload: Payload, sprak: Sprak) -> None:
        super().__init__(payload)
        self.sprak = sprak

    def __missing__(self, key: str) -> Any:
        raise KeyError(key)

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if key in ("for", "etter") and self.get("felt") == "status":
            return status_tekst(str(value), self.sprak)
        return value


def status_tekst(value: str, sprak: Sprak = "nb") -> str:
    from .workflow import status_label

    return status_label(value, sprak) if value else value


def _eier_avklart(p: Payload, sprak: Sprak) -> str:
    grunn = p.get("holdt", "")
    if sprak == "nn":
        return f"Eigar avklart: {p['etter']}." + (f" (Halde fordi: {grunn})" if grunn else "")
    return f"Eier avklart: {p['etter']}." + (f" (Holdt fordi: {grunn})" if grunn else "")


def _mottatt(p: Payload, sprak: Sprak) -> str:
    fil, funn, holdt = p.get("fil", ""), p["funn"], p.get("avklaring", "")
    if sprak == "nn":
        return (
            (f"Motteke frå fila «{fil}»" if fil else "Motteke")
            + f" med {funn} funn."
            + (f" Halde til avklaring: {holdt}" if holdt else "")
        )
    return (
        (f"Mottatt fra fila «{fil}»" if fil else "Mottatt")
        + f" med {funn} funn."
        + (f" Holdt til avklaring: {holdt}" if holdt else "")
    )


def _videreført(p: Payload, sprak: Sprak) -> str:
    finnes = p.get("finnes") or []
    if sprak == "nn":
        return f"Vidareført til eit nytt utkast for {p['aar']} (utkast {p['utkast']})." + (
            f" Stadfesta sjølv om utkast {finnes[0]} finst." if finnes else ""
        )
    return f"Videreført til et nytt utkast for {p['aar']} (utkast {p['utkast']})." + (
        f" Bekreftet selv om utkast {finnes[0]} finnes." if finnes else ""
    )


def _sendt_inn(p: Payload, sprak: Sprak) -> str:
    # The same words in both languages.
    nn = p.get("sprak") == "nn"
    return (
        f"Sendt inn på nett av {p['av']} til {p['mottaker']} (referanse {p['referanse']}, "
        f"utkast {p['utkast']}, versjon {p['versjon']}, {'nynorsk' if nn else 'bokmål'})."
    )


def _markert(p: Payload, sprak: Sprak) -> str:
    av = f" av {p['duplikat_navn']}" if p.get("duplikat_navn") else ""
    return f"Markert «{p['etter']}»{av}: {p['grunn']}"  # the same in both languages


def _markering_fjernet(p: Payload, sprak: Sprak) -> str:
    grunn = str(p.get("grunn", "")).strip()
    if sprak == "nn":
        return f"Markeringa «{p['for']}» er fjerna" + (f": {grunn}" if grunn else ".")
    return f"Markeringen «{p['for']}» er fjernet" + (f": {grunn}" if grunn else ".")


def _vedtak_fattet(p: Payload, sprak: Sprak) -> str:
    from .workflow import vedtaksutfall_label

    versjon = f" ({p['versjon']})" if p.get("versjon") else ""
    utfall = vedtaksutfall_label(p["utfall"], sprak).lower()
    if sprak == "nn":
        return f"Vedtak gjort{versjon}: {utfall}."
    return f"Vedtak fattet{versjon}: {utfall}."


def _brev_sendt(p: Payload, sprak: Sprak) -> str:
    # The same words in both languages.
    if "referanse" not in p:
        return "Tildelingsbrevet er sendt."
    brev = "Vedtaksbrev" if p.get("forste", True) else "Vedtaksbrev sendt på nytt"
    kind = "avslag" if p.get("avslag") else "tildeling"
    return (
        f"{brev} {p['referanse']} ({kind}) sendt til {p['mottaker']} på e-post ({p['mottakere']})."
    )


def _begrunnelse(prefix_nb: str, prefix_nn: str, som_innstilt: bool) -> Template:
    def render(p: Payload, sprak: Sprak) -> str:
        grunn = p.get("begrunnelse") or ""
        head = (prefix_nn if sprak == "nn" else prefix_nb).format(tittel=p["tittel"])
        if grunn:
            return f"{head} – {'grunngiving' if sprak == 'nn' else 'begrunnelse'}: {grunn}"
        if som_innstilt:
            return f"{head} – som innstilt"
        return head

    return render


def _fullfort(p: Payload, sprak: Sprak) -> str:
    # The same words in both languages.
    label = {"innstilling": "Innstilling", "vedtak": "Vedtak"}[str(p["felt"])]
    return f"{label} for {p['aar']} fullført som versjon {p['nummer']}."


def _saksnummer(p: Payload, sprak: Sprak) -> str:
    nummer = p.get("etter") or ("(blir laga automatisk)" if sprak == "nn" else "(lages automatisk)")
    return f"Saksnummer for runde {p['aar']}: {nummer}."


def _break_glass(on: bool) -> tuple[Template, Template]:
    return (
        f"{{brukernavn}} er {'nå' if on else 'ikke lenger'} nødtilgang (break-glass).",
        f"{{brukernavn}} er {'no' if on else 'ikkje lenger'} naudtilgang (break-glass).",
    )


def _dato(iso: object) -> str:
    """``2027-11-01`` (or ``2027-11-01 60,14 7``) as ``01.11.2027``."""
    text = str(iso).split(" ", 1)[0]
    parts = text.split("-")
    return ".".join(reversed(parts)) if len(parts) == 3 else text


def _rapportrunde(p: Payload, sprak: Sprak) -> str:
    if sprak == "nn":
        return f"Rapportrunde opna med frist {_dato(p['etter'])}."
    return f"Rapportrunde åpnet med frist {_dato(p['etter'])}."


def _rapportfrist(p: Payload, sprak: Sprak) -> str:
    if sprak == "nn":
        return f"Rapportfristen er sett til {_dato(p['etter'])}."
    return f"Rapportfristen er satt til {_dato(p['etter'])}."


def _rapport_lagret(p: Payload, sprak: Sprak) -> str:
    n = len([f for f in str(p.get("felt", "")).split(", ") if f])
    verb = "lagra" if sprak == "nn" else "lagret"
    return f"Rapporten er {verb} ({n} felt)."


def _paaminnelse(p: Payload, sprak: Sprak) -> str:
    kind, _, dager = str(p["felt"]).partition(":")
    if sprak == "nn":
        naar = "før" if kind == "foer" else "etter"
        return f"Påminning om rapporten send ({dager} dagar {naar} fristen) til {p['etter']}."
    naar = "før" if kind == "foer" else "etter"
    return f"Påminnelse om rapporten sendt ({dager} dager {naar} fristen) til {p['etter']}."


_T: list[HendelseType] = [
    # --- a behovsmelding ---------------------------------------------------------------------
    HendelseType("behovsmelding.received", _mottatt, _mottatt, "mottatt"),
    HendelseType(
        "behovsmelding.checked",
        "Kontrollene er kjørt på nytt.",
        "Kontrollane er køyrde på nytt.",
        "kontrollert",
    ),
    HendelseType(
        "behovsmelding.status_changed",
        "Status endret fra «{for}» til «{etter}».",
        "Status endra frå «{for}» til «{etter}».",
        "status",
    ),
    HendelseType(
        "behovsmelding.comment_added",
        "Intern kommentar lagt til.",
        "Intern kommentar lagd til.",
        "kommentar",
    ),
    HendelseType(
        "behovsmelding.comment_shared",
        "Kommentar delt med partnerskapet.",
        "Kommentar delt med partnarskapet.",
        "kommentar_delt",
    ),
    HendelseType("behovsmelding.owner_settled", _eier_avklart, _eier_avklart, "eier_avklart"),
    HendelseType(
        "behovsmelding.uh_linked",
        "UH-partneren «{for}» er koblet til {etter}.",
        "UH-partnaren «{for}» er kopla til {etter}.",
        "uh_koblet",
    ),
    HendelseType(
        "behovsmelding.same_content",
        "Fila «{etter}» har samme innhold og er lagt til som original.",
        "Fila «{etter}» har same innhald og er lagd til som original.",
        "samme_innhold",
    ),
    HendelseType(
        "behovsmelding.separate",
        "Ikke en ny versjon av {annen_navn}: en egen behovsmelding.",
        "Ikkje ein ny versjon av {annen_navn}: ei eiga behovsmelding.",
        "egen_behovsmelding",
    ),
    HendelseType(
        "behovsmelding.replaced",
        "Erstattet av ny versjon {ny_navn}.",
        "Erstatta av ny versjon {ny_navn}.",
    ),
    HendelseType(
        "behovsmelding.new_version",
        "Ny versjon av {gammel_navn}, som er beholdt og bare kan leses.",
        "Ny versjon av {gammel_navn}, som er halden på og berre kan lesast.",
        "ny_versjon",
    ),
    HendelseType("behovsmelding.marked", _markert, _markert, "markert"),
    HendelseType(
        "behovsmelding.mark_removed", _markering_fjernet, _markering_fjernet, "markering_fjernet"
    ),
    HendelseType("behovsmelding.vedtak_made", _vedtak_fattet, _vedtak_fattet, "vedtak_fattet"),
    HendelseType("behovsmelding.letter_sent", _brev_sendt, _brev_sendt, "brev_sendt"),
    HendelseType("behovsmelding.sent_in", _sendt_inn, _sendt_inn, "sendt_inn"),
    HendelseType("behovsmelding.carried_forward", _videreført, _videreført, "videreført"),
    HendelseType(
        "behovsmelding.carried_forward_from",
        "Videreført fra behovsmelding {forrige} ({forrige_aar}): {antall} felt er endret "
        "siden i fjor.",
        "Vidareført frå behovsmelding {forrige} ({forrige_aar}): {antall} felt er endra "
        "sidan i fjor.",
        "videreført_fra",
    ),
    HendelseType(
        "behovsmelding.changed_since_last_year",
        "Endret fra i fjor: {etikett}",
        "Endra frå i fjor: {etikett}",
        "endret_fra_fjoraaret",
    ),
    HendelseType(
        "behovsmelding.receipt_mailed",
        "Kvittering sendt på e-post til {til} ({referanse}).",
        "Kvittering sendt på e-post til {til} ({referanse}).",
        "kvittering_epost_sendt",
    ),
    HendelseType(
        "behovsmelding.receipt_mail_failed",
        "Kvitteringen på e-post til {til} kunne ikke sendes.",
        "Kvitteringa på e-post til {til} kunne ikkje sendast.",
        "kvittering_epost_feilet",
    ),
    # --- a draft of the owners' form ----------------------------------------------------------
    HendelseType(
        "utkast.uh_chosen",
        "Kompetansemiljø som skriver i utkast {utkast}: {navn}.",
        "Kompetansemiljø som skriv i utkast {utkast}: {navn}.",
        "utkast_kompetansemiljo",
    ),
    HendelseType(
        "utkast.deleted",
        "Utkast {utkast} ({partnerskap} {aar}, versjon {versjon}) er slettet.",
        "Utkast {utkast} ({partnerskap} {aar}, versjon {versjon}) er sletta.",
        "utkast_slettet",
    ),
    HendelseType(
        "utkast.attachment_added",
        "Vedlegg «{etter}» ({storrelse}) lastet opp til utkast {utkast}: {gjelder}.",
        "Vedlegg «{etter}» ({storrelse}) lasta opp til utkast {utkast}: {gjelder}.",
        "vedlegg_lastet_opp",
    ),
    HendelseType(
        "utkast.attachment_removed",
        "Vedlegg «{for}» ({storrelse}) slettet fra utkast {utkast}: {gjelder}.",
        "Vedlegg «{for}» ({storrelse}) sletta frå utkast {utkast}: {gjelder}.",
        "vedlegg_slettet",
    ),
    # --- the register --------------------------------------------------------------------------
    HendelseType(
        "virksomhet.account_changed",
        "Kontonummeret til {navn} endret fra {for} til {etter}.",
        "Kontonummeret til {navn} endra frå {for} til {etter}.",
        "virksomhet.kontonummer_endret",
    ),
    HendelseType(
        "virksomhet.changed",
        "{felt_navn} for {navn} endret.",
        "{felt_navn} for {navn} endra.",
        "virksomhet.endret",
    ),
    HendelseType(
        "virksomhet.alias_added",
        "«{etter}» er lagt til som navn på {navn}.",
        "«{etter}» er lagt til som namn på {navn}.",
        "virksomhet.alias_lagt_til",
    ),
    HendelseType(
        "virksomhet.alias_removed",
        "«{for}» er fjernet som navn på {navn}.",
        "«{for}» er fjerna som namn på {navn}.",
        "virksomhet.alias_fjernet",
    ),
    HendelseType(
        "virksomhet.imported",
        "Import av {fil}: {resultat}",
        "Import av {fil}: {resultat}",
        "virksomhet.importert",
    ),
    # --- the samarbeidsforum ---------------------------------------------------------------------
    HendelseType(
        "runde.created",
        "Runde {aar} opprettet (frist {frist}, innstilling {innstilling_frist}).",
        "Runde {aar} oppretta (frist {frist}, innstilling {innstilling_frist}).",
        "forum.runde_opprettet",
    ),
    HendelseType(
        "runde.refreshed",
        "Tiltakene hentet fra behovsmeldingene: {nye} nye, {oppdatert} oppdatert, {borte} borte.",
        "Tiltaka henta frå behovsmeldingane: {nye} nye, {oppdatert} oppdaterte, {borte} borte.",
        "forum.oppdatert",
    ),
    HendelseType(
        "runde.ramme_set",
        "Rammen «{ramme}» satt til {etter}.",
        "Ramma «{ramme}» sett til {etter}.",
        "forum.ramme",
    ),
    HendelseType(
        "post.innstilling_changed",
        _begrunnelse("Innstilling for «{tittel}»", "Innstilling for «{tittel}»", False),
        _begrunnelse("Innstilling for «{tittel}»", "Innstilling for «{tittel}»", False),
        "forum.innstilling",
    ),
    HendelseType(
        "post.vedtak_changed",
        _begrunnelse("Vedtak for «{tittel}»", "Vedtak for «{tittel}»", True),
        _begrunnelse("Vedtak for «{tittel}»", "Vedtak for «{tittel}»", True),
        "forum.vedtak",
    ),
    HendelseType("runde.innstilling_finished", _fullfort, _fullfort, "forum.innstilling_fullfort"),
    HendelseType("runde.vedtak_finished", _fullfort, _fullfort, "forum.vedtak_fullfort"),
    HendelseType(
        "post.uh_assigned",
        "UH-beløpet {belop}{merke} i «{tittel}» er tilordnet {etter}.",
        "UH-beløpet {belop}{merke} i «{tittel}» er tilordna {etter}.",
        "forum.uh_tilordnet",
    ),
    HendelseType(
        "partnerskap.archive_case_set",
        "Arkivets saksnummer for {partnerskap} {aar}: {etter}.",
        "Saksnummeret i arkivet for {partnerskap} {aar}: {etter}.",
        "forum.arkivsak",
    ),
    HendelseType("runde.case_number_set", _saksnummer, _saksnummer, "forum.saksnummer"),
    # --- memberships and login -------------------------------------------------------------------
    HendelseType(
        "invitasjon.sent",
        "{epost} invitert som {rolle_navn} i {navn} (gjelder til {utloper}).{erstatter}",
        "{epost} invitert som {rolle_navn} i {navn} (gjeld til {utloper}).{erstatter}",
        "invitasjon_sendt",
    ),
    HendelseType(
        "invitasjon.withdrawn",
        "Invitasjonen til {epost} i {navn} er trukket.",
        "Invitasjonen til {epost} i {navn} er trekt tilbake.",
        "invitasjon_trukket",
    ),
    HendelseType(
        "invitasjon.accepted",
        "{epost} tok imot invitasjonen og er {rolle_navn} i {navn}.",
        "{epost} tok imot invitasjonen og er {rolle_navn} i {navn}.",
        "invitasjon_akseptert",
    ),
    HendelseType(
        "medlemskap.removed",
        "{person} er ikke lenger {rolle_navn} i {navn}.",
        "{person} er ikkje lenger {rolle_navn} i {navn}.",
        "medlem_fjernet",
    ),
    HendelseType(
        "bruker.created",
        "Bruker {epost} opprettet fra en invitasjon til {navn}.",
        "Brukar {epost} oppretta frå ei invitasjon til {navn}.",
        "bruker_opprettet",
    ),
    HendelseType(
        "bruker.idporten_linked",
        "{epost} logger nå inn med ID-porten (fra invitasjonen til {navn}).",
        "{epost} loggar no inn med ID-porten (frå invitasjonen til {navn}).",
        "idporten_knyttet",
    ),
    HendelseType(
        "bruker.entra_linked",
        "{brukernavn} logger nå inn med Statsforvalterens innlogging.",
        "{brukernavn} loggar no inn med innlogginga til Statsforvaltaren.",
        "entra_knyttet",
    ),
    HendelseType("bruker.break_glass_set", *_break_glass(True), "break_glass_satt"),
    HendelseType("bruker.break_glass_removed", *_break_glass(False), "break_glass_fjernet"),
    # --- the statistics' themes (web/statistikk) -----------------------------------------------
    HendelseType(
        "tema.created",
        "Tema lagt til: {etter}.",
        "Tema lagt til: {etter}.",
    ),
    HendelseType(
        "tema.changed",
        "Tema endret fra {for} til {etter}.",
        "Tema endra frå {for} til {etter}.",
    ),
    HendelseType(
        "tiltak.themes_corrected",
        "Temaene for et tiltak er rettet av saksbehandler: {etter} (var: {for}).",
        "Temaa for eit tiltak er retta av sakshandsamar: {etter} (var: {for}).",
    ),
    # --- the recipients' report (web/rapport) -------------------------------------------------
    HendelseType("rapport.round_opened", _rapportrunde, _rapportrunde),
    HendelseType("rapport.deadline_changed", _rapportfrist, _rapportfrist),
    HendelseType("rapport.saved", _rapport_lagret, _rapport_lagret),
    HendelseType("rapport.sent_in", "Rapporten er sendt inn.", "Rapporten er send inn."),
    HendelseType("rapport.approved", "Rapporten er godkjent.", "Rapporten er godkjend."),
    HendelseType(
        "rapport.changes_requested",
        "Endring er bedt om: {melding}",
        "Endring er bede om: {melding}",
    ),
    HendelseType(
        "rapport.attachment_added",
        "Vedlegg «{etter}» er lastet opp til rapporten.",
        "Vedlegg «{etter}» er lasta opp til rapporten.",
    ),
    HendelseType(
        "rapport.attachment_removed",
        "Vedlegg «{for}» er slettet fra rapporten.",
        "Vedlegg «{for}» er sletta frå rapporten.",
    ),
    HendelseType("rapport.reminder_sent", _paaminnelse, _paaminnelse),
]
TYPES: dict[str, HendelseType] = {t.kode: t for t in _T}
# The handling strings of entries written before 0011 → their type.
GAMLE: dict[str, str] = {t.gammel: t.kode for t in _T if t.gammel}
assert len(TYPES) == len(_T) and len(GAMLE) == len([t for t in _T if t.gammel])


def type_for(handling: str) -> HendelseType:
    """The type named ``handling`` (or its name before 0011); :class:`UkjentHendelse` if none."""
    kode = GAMLE.get(handling, handling)
    try:
        return TYPES[kode]
    except KeyError:
        raise UkjentHendelse(f"Ukjent hendelsestype «{handling}».") from None


def tekst(kode: str, payload: Payload, sprak: Sprak = "nb") -> str:
    """An entry's text in ``sprak``: its type's template over the payload, else the stored
    text (entries from before 0011, callers that still pass their own text)."""
    t = TYPES.get(kode)
    if t is not None:
        try:
            return t.tekst(payload, sprak)
        except (KeyError, IndexError, TypeError, ValueError):
            pass
    return str(payload.get("tekst") or kode)
