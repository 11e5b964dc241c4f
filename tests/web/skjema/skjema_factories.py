"""Factories for the owners' form tests: owners, drafts, complete records, posted forms."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from web_factories import member, record_dict, region, register_owner, user

from behovsmelding.record import Behovsmelding as Record
from behovsmelding.record import Belop, Budsjettrad, Deltaker, Kilde, Partner
from behovsmelding.web.models import UH_TYPER, Partnerskap, Rolle, Virksomhet
from behovsmelding.web.skjema import forms, services
from behovsmelding.web.skjema.models import Utkast


def partnerskap(navn: str = "Bodø kommune") -> Partnerskap:
    """The owner's partnership in Nordland, owned by the register's organisation when the
    register knows the owner (as a caseworker's register would have it)."""
    from behovsmelding.web.register import partnerskap_for_virksomhet

    return partnerskap_for_virksomhet(region(), register_owner(navn))


def owner(p: Partnerskap | None = None, **kw: Any) -> User:
    p = p or partnerskap()
    return user(Rolle.EIER, region=p.region, partnerskap=p, **kw)


def uh_organisation(navn: str = "Nord universitet") -> Virksomhet:
    """A UH organisation of the register sample, found as a document's name would find it."""
    from behovsmelding.web.register import finn_uh

    v = finn_uh(navn)
    assert v is not None and v.type in UH_TYPER, navn
    return v


def uh_member(v: Virksomhet | None = None, **kw: Any) -> User:
    """A person working for a UH organisation (a member of it, as an accepted invitation
    makes)."""
    u = user(None, **kw)
    member(u, v or uh_organisation())
    return u


def complete_record(**changes: Any) -> Record:
    """A kollektiv-2026 behovsmelding without findings (the Bodø sample), as from the web."""
    rec = Record.from_dict(record_dict("sample_d_2026_bodo", **changes))
    rec.kilde = Kilde(format="web")
    return rec


def full_record(tiltak: int = 3) -> Record:
    """A complete record with ``tiltak`` budget rows (the second with two UH partners), three
    partners and three participants, and no findings (also used by bench/bench_skjema.py)."""
    rec = complete_record(flere_eiere=True, flere_uh=True)
    rec.budsjett.rader = []
    for i in range(tiltak):
        n = i + 1
        uh = [Belop(20000 * n, "Nord universitet")]
        if n == 2:
            uh.append(Belop(5000, "Høgskolen i Innlandet"))
        eier = 10000 * n
        rec.budsjett.rader.append(
            Budsjettrad(f"Tiltak {n}: tema {n}", eier, uh, eier + sum(b.belop or 0 for b in uh))
        )
    eier_sum = sum(r.eier or 0 for r in rec.budsjett.rader)
    uh_sum = sum(r.uh_sum or 0 for r in rec.budsjett.rader)
    rec.budsjett.sum = Budsjettrad("Sum", eier_sum, [Belop(uh_sum)], eier_sum + uh_sum)
    rec.partnere = [
        Partner("Saltdal kommune", "Per Hansen", "eier"),
        Partner("Nord universitet", "Ola Nordmann", "uh"),
        Partner("Høgskolen i Innlandet", "Siri Li", "uh"),
    ]
    rec.medbestemmelse.deltakere = [
        Deltaker("Utdanningsforbundet", "Kari Hansen"),
        Deltaker("Fagforbundet", "Jon Berg"),
        Deltaker("Skoleleder", "Anne Lund"),
    ]
    return rec


def post_of(rec: Record, **changes: str) -> dict[str, Any]:
    """The form as the browser posts it for ``rec`` (lists for every name)."""
    data: dict[str, Any] = {}
    for k, v in forms.values(rec).items():
        data[k] = v if isinstance(v, list) else [v]
    for k, v in changes.items():
        data[k] = [v]
    return data


def draft(by: User, rec: Record | None = None) -> Utkast:
    return services.create_draft(by=by, record=rec)


def save(u: Utkast, rec: Record, *, by: User, base: int | None = None) -> Utkast:
    return services.save_draft(
        u, forms.Utfylt(rec), base_versjon=u.versjon if base is None else base, by=by
    )


MINIMAL_PDF = (
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def attach(u: Utkast, by: User, name: str = "budsjett.pdf", data: bytes = MINIMAL_PDF) -> Any:
    """An attachment (a budget file) for the whole draft, uploaded through the service."""
    import io

    from behovsmelding.web.skjema import vedlegg

    return vedlegg.upload(
        u, filnavn=name, innhold=io.BytesIO(data), storrelse=len(data), rad="", by=by
    )


def skjema_world(own: Any, other: Any, eier: User, uh: User) -> dict[str, Any]:
    """Drafts for the access matrix (tests/web/test_web_access.py): the own partnership's draft
    (written together with the uh user's organisation, chosen by the owner), another
    partnership's draft, and a submitted one carried forward from the own record."""
    from behovsmelding.web import access

    utkast = draft(eier)
    services.choose_uh(utkast, access.uh_virksomheter(uh)[0], by=eier)
    other_owner = owner(other.partnerskap)
    other_utkast = draft(other_owner)
    sendt = draft(eier, complete_record())
    sendt.forrige = own
    sendt.save()
    # An attachment in each: the own draft's, the other partnership's, the submitted one's.
    vedlegg = attach(utkast, eier)
    other_vedlegg = attach(other_utkast, other_owner)
    sendt_vedlegg = attach(sendt, eier)
    bm = services.submit(sendt, by=eier)
    return {
        "utkast": utkast.pk,
        "other_utkast": other_utkast.pk,
        "sendt_utkast": sendt.pk,
        "skjema_bm": bm.pk,
        "vedlegg": vedlegg.pk,
        "other_vedlegg": other_vedlegg.pk,
        "sendt_vedlegg": sendt_vedlegg.pk,
    }
