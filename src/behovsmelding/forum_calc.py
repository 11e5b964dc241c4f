"""The arithmetic of the samarbeidsforum's prioritisation and of the decision. No Django here.

A round (one year) has one or more budget frames (*rammer*). Each tiltak of the round's
behovsmeldinger is a *post* with the amounts asked for and, once the forum (or later the
caseworker) has set them, the amounts granted per year: year 1 is the round's year, years 2
and 3 the following ones (a grant covers up to three years). A frame is the year's money, so it
counts the **year 1** amounts (Eier + UH) of the prioritised posts it covers; later years are
shown as what the grant binds in the coming years.

A post belongs to the most specific frame that covers it (ordning and sector both given beats
one given beats neither); a post no frame covers cannot be prioritised.

Everything is ``int`` kroner.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from .belop import kroner as belop_kroner
from .checks.config import CheckConfig
from .checks.egenandel import egenandel_dekket, minste_egenandel

MAKS_AAR = 3

IKKE_VURDERT = "ikke_vurdert"
PRIORITERT = "prioritert"
IKKE_PRIORITERT = "ikke_prioritert"
STATUSER = (IKKE_VURDERT, PRIORITERT, IKKE_PRIORITERT)

DESENTRALISERT = "desentralisert"


def kr(belop: int) -> str:
    """``1234567`` → ``1 234 567 kr`` (no-break spaces between the groups)."""
    return belop_kroner(belop)


@dataclass(frozen=True, slots=True)
class Ramme:
    key: str
    navn: str
    belop: int
    ordning: str = ""  # "" = every ordning
    sektor: str = ""  # "" = every sector

    def dekker(self, ordning: str, sektor: str) -> bool:
        return (not self.ordning or self.ordning == ordning) and (
            not self.sektor or self.sektor == sektor
        )

    @property
    def presisjon(self) -> int:
        return int(bool(self.ordning)) + int(bool(self.sektor))


@dataclass(frozen=True, slots=True)
class Post:
    """One tiltak in the round with what was asked for and what is granted per year."""

    key: str
    navn: str = ""
    ordning: str = ""
    sektor: str = ""
    nettverk: str = ""
    eier_navn: str = ""
    uh_navn: str = ""
    soekt_eier: int = 0
    soekt_uh: int = 0
    antall_aar: int = 1
    status: str = IKKE_VURDERT
    eier: tuple[int, ...] = ()
    uh: tuple[int, ...] = ()
    begrunnelse: str = ""
    # Several UH institutions in one budget cell: (institution, amount asked for) each; the
    # UH amount granted is split between them in proportion (:func:`uh_fordeling`).
    uh_deler: tuple[tuple[str, int], ...] = ()

    @property
    def prioritert(self) -> bool:
        return self.status == PRIORITERT

    def aar_belop(self, i: int) -> tuple[int, int]:
        """(Eier, UH) granted for year ``i`` (0 = the round's year); 0 when not prioritised."""
        if not self.prioritert:
            return 0, 0
        e = self.eier[i] if i < len(self.eier) else 0
        u = self.uh[i] if i < len(self.uh) else 0
        return e, u

    @property
    def innstilt_eier(self) -> int:
        return sum(self.eier) if self.prioritert else 0

    @property
    def innstilt_uh(self) -> int:
        return sum(self.uh) if self.prioritert else 0

    @property
    def innstilt(self) -> int:
        return self.innstilt_eier + self.innstilt_uh

    @property
    def forste_aar(self) -> int:
        e, u = self.aar_belop(0)
        return e + u


def fordel(belop: int, vekter: Sequence[int]) -> list[int]:
    """``belop`` split in proportion to ``vekter``, in whole kroner that add up to ``belop``
    (largest remainder; ties to the first). All weights 0: everything to the first."""
    if not vekter:
        return []
    total = sum(vekter)
    if total <= 0:
        return [belop] + [0] * (len(vekter) - 1)
    shares = [belop * v // total for v in vekter]
    rest = belop - sum(shares)
    order = sorted(range(len(vekter)), key=lambda i: (-(belop * vekter[i] % total), i))
    for i in order[:rest]:
        shares[i] += 1
    return shares


def uh_fordeling(
    navn: str, uh: Sequence[int], deler: Sequence[tuple[str, int]]
) -> list[tuple[str, tuple[int, ...]]]:
    """Each UH institution with its amount per year. Without parts, everything is ``navn``'s;
    with parts, each year's UH amount is split in proportion to what each asked for, so a
    grant as requested gives each institution exactly its own amount."""
    if len(deler) < 2:
        return [(navn, tuple(uh))]
    per_aar = [fordel(b, [d[1] for d in deler]) for b in uh]
    return [(d[0], tuple(year[j] for year in per_aar)) for j, d in enumerate(deler)]


def replace_post(
    post: Post, status: str, eier: Sequence[int], uh: Sequence[int], begrunnelse: str
) -> Post:
    """The post with other amounts (to check them before they are saved)."""
    return replace(post, status=status, eier=tuple(eier), uh=tuple(uh), begrunnelse=begrunnelse)


def feil_i_post(post: Post) -> list[str]:
    """What is wrong with a post's amounts, in Norwegian; empty when it may be saved."""
    feil: list[str] = []
    if post.status not in STATUSER:
        return [f"Ukjent status «{post.status}»."]
    if post.status == IKKE_PRIORITERT and not post.begrunnelse.strip():
        feil.append("Skriv en kort begrunnelse for at tiltaket ikke prioriteres.")
    if post.status != PRIORITERT:
        return feil
    if len(post.eier) > MAKS_AAR or len(post.uh) > MAKS_AAR:
        feil.append(f"Et tilskudd kan gjelde høyst {MAKS_AAR} år.")
    if any(b < 0 for b in (*post.eier, *post.uh)):
        feil.append("Beløpene kan ikke være negative.")
    if post.innstilt == 0:
        feil.append("Et prioritert tiltak må ha et beløp; ellers merk det som ikke prioritert.")
    if not post.begrunnelse.strip():
        if post.innstilt_eier > post.soekt_eier:
            feil.append(
                f"Eier: {kr(post.innstilt_eier)} er mer enn søkt {kr(post.soekt_eier)}; "
                "skriv en begrunnelse."
            )
        if post.innstilt_uh > post.soekt_uh:
            feil.append(
                f"UH: {kr(post.innstilt_uh)} er mer enn søkt {kr(post.soekt_uh)}; "
                "skriv en begrunnelse."
            )
    return feil


def ramme_for(post: Post, rammer: Sequence[Ramme]) -> Ramme | None:
    """The most specific frame covering the post (the first of equals), or None."""
    best: Ramme | None = None
    for r in rammer:
        if r.dekker(post.ordning, post.sektor) and (best is None or r.presisjon > best.presisjon):
            best = r
    return best


@dataclass(slots=True)
class Rammestatus:
    ramme: Ramme
    brukt: int = 0
    antall: int = 0

    @property
    def rest(self) -> int:
        return self.ramme.belop - self.brukt

    @property
    def over(self) -> bool:
        return self.brukt > self.ramme.belop

    @property
    def overskridelse(self) -> int:
        return max(0, self.brukt - self.ramme.belop)


@dataclass(slots=True)
class Sum:
    eier: int = 0
    uh: int = 0
    antall: int = 0
    per_aar: list[int] = field(default_factory=lambda: [0] * MAKS_AAR)

    @property
    def totalt(self) -> int:
        return self.eier + self.uh

    @property
    def alle_aar(self) -> int:
        return sum(self.per_aar)


@dataclass(slots=True)
class Totaler:
    rammer: list[Rammestatus]
    per_nettverk: dict[str, Sum]
    per_uh: dict[str, Sum]
    totalt: Sum
    uten_ramme: list[str]  # keys of prioritised posts no frame covers
    ikke_vurdert: int
    feil: dict[str, list[str]]  # post key -> problems

    @property
    def over_ramme(self) -> list[Rammestatus]:
        return [r for r in self.rammer if r.over]

    def hindringer(self) -> list[str]:
        """Why the innstilling (or vedtak) cannot be finished; empty when it can."""
        out = [
            f"Rammen «{r.ramme.navn}» er overskredet med {kr(r.overskridelse)} "
            f"({kr(r.brukt)} av {kr(r.ramme.belop)})."
            for r in self.over_ramme
        ]
        if self.uten_ramme:
            out.append(f"{len(self.uten_ramme)} prioriterte tiltak hører ikke til noen ramme.")
        if self.ikke_vurdert:
            out.append(f"{self.ikke_vurdert} tiltak er ikke vurdert ennå.")
        if self.feil:
            out.append(f"{len(self.feil)} tiltak har feil i beløpene.")
        return out

    @property
    def kan_fullfores(self) -> bool:
        return not self.hindringer()


def _legg_til(s: Sum, post: Post, eier: int, uh: int) -> None:
    s.eier += eier
    s.uh += uh
    s.antall += 1
    for i in range(MAKS_AAR):
        e, u = post.aar_belop(i)
        s.per_aar[i] += e + u


def totaler(poster: Iterable[Post], rammer: Sequence[Ramme]) -> Totaler:
    """Totals per frame (year 1), per network (Eier + UH) and per UH institution (UH only)."""
    status = {r.key: Rammestatus(r) for r in rammer}
    per_nettverk: dict[str, Sum] = {}
    per_uh: dict[str, Sum] = {}
    totalt = Sum()
    uten: list[str] = []
    ikke_vurdert = 0
    feil: dict[str, list[str]] = {}
    for p in poster:
        problems = feil_i_post(p)
        if problems:
            feil[p.key] = problems
        if p.status == IKKE_VURDERT:
            ikke_vurdert += 1
        if not p.prioritert:
            continue
        e1, u1 = p.aar_belop(0)
        r = ramme_for(p, rammer)
        if r is None:
            uten.append(p.key)
        else:
            status[r.key].brukt += e1 + u1
            status[r.key].antall += 1
        _legg_til(totalt, p, e1, u1)
        _legg_til(per_nettverk.setdefault(p.nettverk or "Uten nettverk", Sum()), p, e1, u1)
        if p.innstilt_uh:
            for navn, aar in uh_fordeling(p.uh_navn, p.uh, p.uh_deler):
                if not sum(aar):
                    continue
                uh = per_uh.setdefault(navn or "UH ikke oppgitt", Sum())
                uh.uh += aar[0] if aar else 0
                uh.antall += 1
                for i, b in enumerate(aar[:MAKS_AAR]):
                    uh.per_aar[i] += b
    return Totaler(
        rammer=list(status.values()),
        per_nettverk=dict(sorted(per_nettverk.items())),
        per_uh=dict(sorted(per_uh.items())),
        totalt=totalt,
        uten_ramme=uten,
        ikke_vurdert=ikke_vurdert,
        feil=feil,
    )


def antall_aar(perioder: Iterable[str], runde_aar: int) -> int:
    """How many grant years a duration covers: ``["H2026", "V2027"]`` in 2026 → 2.

    Years before the round's year do not count, later ones up to year 3; at least 1.
    """
    years: set[int] = set()
    for p in perioder:
        digits = "".join(c for c in p if c.isdigit())
        if len(digits) == 4:
            years.add(int(digits))
    relevant = [y for y in years if runde_aar <= y < runde_aar + MAKS_AAR]
    if not relevant:
        return 1
    return max(relevant) - runde_aar + 1


# --- the decision -------------------------------------------------------------------------


def egenandel_krav(tilskudd: int, config: CheckConfig | None = None) -> int:
    """The least own contribution for a Desentralisert ordning grant (config's share)."""
    return minste_egenandel(tilskudd, config)


def egenandel_feil(
    ordning: str, tilskudd: int, egenandel: int | None, config: CheckConfig | None = None
) -> str:
    """Why a DEKOM grant's own contribution falls short ("" when fine or not DEKOM)."""
    if ordning != DESENTRALISERT or tilskudd <= 0:
        return ""
    krav = minste_egenandel(tilskudd, config)
    if egenandel is None:
        return f"Eiers egenandel er ikke oppgitt (minst {kr(krav)})."
    if not egenandel_dekket(tilskudd, egenandel, config):
        return f"Eiers egenandel {kr(egenandel)} er under kravet på {kr(krav)}."
    return ""


@dataclass(frozen=True, slots=True)
class Tilskuddslinje:
    """One tiltak's money to one recipient."""

    post: str
    tiltak: str
    per_aar: tuple[int, ...]

    @property
    def totalt(self) -> int:
        return sum(self.per_aar)


@dataclass(slots=True)
class Mottaker:
    """An owner or UH institution that receives money, with what it needs for the payment."""

    type: str  # "eier" | "uh"
    navn: str
    orgnr: str = ""
    kontonr: str = ""
    linjer: list[Tilskuddslinje] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.type}:{self.navn}"

    @property
    def per_aar(self) -> list[int]:
        out = [0] * MAKS_AAR
        for linje in self.linjer:
            for i, b in enumerate(linje.per_aar[:MAKS_AAR]):
                out[i] += b
        return out

    @property
    def totalt(self) -> int:
        return sum(self.per_aar)

    @property
    def mangler(self) -> list[str]:
        out = []
        if not self.orgnr:
            out.append("organisasjonsnummer")
        if not self.kontonr:
            out.append("kontonummer")
        return out


@dataclass(frozen=True, slots=True)
class Utbetalingspost:
    """A decided post as the recipients see it (amounts per year, 0 = not granted)."""

    key: str
    tiltak: str
    eier_navn: str
    uh_navn: str
    eier: tuple[int, ...]
    uh: tuple[int, ...]
    eier_orgnr: str = ""
    eier_kontonr: str = ""
    uh_orgnr: str = ""
    uh_kontonr: str = ""
    # The UH amounts per institution where a cell names several: (name, per year) each.
    uh_deler: tuple[tuple[str, tuple[int, ...]], ...] = ()


def mottakere(poster: Iterable[Utbetalingspost]) -> list[Mottaker]:
    """Group granted amounts by recipient (owner or UH), owners first, then by name.

    A recipient's org and account numbers are the first ones any of its posts gives.
    """
    by_key: dict[str, Mottaker] = {}
    for p in poster:
        uh_parts = [(n, b, "", "") for n, b in p.uh_deler] or [
            (p.uh_navn, p.uh, p.uh_orgnr, p.uh_kontonr)
        ]
        for typ, navn, belop, orgnr, kontonr in (
            ("eier", p.eier_navn, p.eier, p.eier_orgnr, p.eier_kontonr),
            *(("uh", *part) for part in uh_parts),
        ):
            if sum(belop) <= 0:
                continue
            navn = navn or ("Eier ikke oppgitt" if typ == "eier" else "UH ikke oppgitt")
            m = by_key.setdefault(f"{typ}:{navn}", Mottaker(type=typ, navn=navn))
            m.orgnr = m.orgnr or orgnr
            m.kontonr = m.kontonr or kontonr
            m.linjer.append(Tilskuddslinje(p.key, p.tiltak, tuple(belop)))
    return sorted(by_key.values(), key=lambda m: (m.type != "eier", m.navn.casefold()))
