# ruff: noqa: RUF012
"""The audit trail as data: ``Hendelse.handling`` (free text) with ``felt``, ``for_verdi``,
``etter_verdi``, ``beskrivelse`` and ``detaljer`` become a ``type`` from the closed set of
``web/hendelser.py``, a generic object reference and one JSON ``payload``.

The old rows keep their text as ``payload["tekst"]`` (prose cannot be turned back into facts),
so an entry the type's template cannot render from its payload shows the text it always had.
The mappings are frozen here, as they were when this migration was written. Reversible: the
reverse writes the old columns back from the payload."""

from typing import Any

from django.db import migrations, models

# handling before 0011 → type
GAMLE = {
    "mottatt": "behovsmelding.received",
    "kontrollert": "behovsmelding.checked",
    "status": "behovsmelding.status_changed",
    "kommentar": "behovsmelding.comment_added",
    "kommentar_delt": "behovsmelding.comment_shared",
    "eier_avklart": "behovsmelding.owner_settled",
    "uh_koblet": "behovsmelding.uh_linked",
    "samme_innhold": "behovsmelding.same_content",
    "egen_behovsmelding": "behovsmelding.separate",
    "ny_versjon": "behovsmelding.new_version",
    "markert": "behovsmelding.marked",
    "markering_fjernet": "behovsmelding.mark_removed",
    "vedtak_fattet": "behovsmelding.vedtak_made",
    "brev_sendt": "behovsmelding.letter_sent",
    "sendt_inn": "behovsmelding.sent_in",
    "videreført": "behovsmelding.carried_forward",
    "videreført_fra": "behovsmelding.carried_forward_from",
    "endret_fra_fjoraaret": "behovsmelding.changed_since_last_year",
    "kvittering_epost_sendt": "behovsmelding.receipt_mailed",
    "kvittering_epost_feilet": "behovsmelding.receipt_mail_failed",
    "utkast_kompetansemiljo": "utkast.uh_chosen",
    "utkast_slettet": "utkast.deleted",
    "vedlegg_lastet_opp": "utkast.attachment_added",
    "vedlegg_slettet": "utkast.attachment_removed",
    "virksomhet.kontonummer_endret": "virksomhet.account_changed",
    "virksomhet.endret": "virksomhet.changed",
    "virksomhet.alias_lagt_til": "virksomhet.alias_added",
    "virksomhet.alias_fjernet": "virksomhet.alias_removed",
    "virksomhet.importert": "virksomhet.imported",
    "forum.runde_opprettet": "runde.created",
    "forum.oppdatert": "runde.refreshed",
    "forum.ramme": "runde.ramme_set",
    "forum.innstilling": "post.innstilling_changed",
    "forum.vedtak": "post.vedtak_changed",
    "forum.innstilling_fullfort": "runde.innstilling_finished",
    "forum.vedtak_fullfort": "runde.vedtak_finished",
    "forum.uh_tilordnet": "post.uh_assigned",
    "forum.arkivsak": "partnerskap.archive_case_set",
    "forum.saksnummer": "runde.case_number_set",
    "invitasjon_sendt": "invitasjon.sent",
    "invitasjon_trukket": "invitasjon.withdrawn",
    "invitasjon_akseptert": "invitasjon.accepted",
    "medlem_fjernet": "medlemskap.removed",
    "bruker_opprettet": "bruker.created",
    "idporten_knyttet": "bruker.idporten_linked",
    "entra_knyttet": "bruker.entra_linked",
    "break_glass_satt": "bruker.break_glass_set",
    "break_glass_fjernet": "bruker.break_glass_removed",
}
ELDRE = "hendelse.eldre"
# A status change stored the labels; the payload stores the status codes.
STATUS = {
    "Mottatt": "mottatt",
    "Under behandling": "under_behandling",
    "Klar for samarbeidsforum": "klar_for_samarbeidsforum",
    "Behandlet": "behandlet",
    "Vedtak fattet": "vedtak_fattet",
    "Sendt": "sendt",
}
# The object an entry without a behovsmelding concerns, by the key its details named it with.
OBJEKT = (
    ("runde", "forum", "runde"),
    ("virksomhet", "web", "virksomhet"),
    ("utkast", "skjema", "utkast"),
    ("arkivsak", "forum", "arkivsak"),
    ("invitasjon", "web", "invitasjon"),
    ("bruker", "auth", "user"),
)
BATCH = 500


def to_type(h: Any) -> None:
    payload: dict[str, Any] = dict(h.detaljer or {})
    if h.felt:
        payload["felt"] = h.felt
    for key, value in (("for", h.for_verdi), ("etter", h.etter_verdi)):
        if value:
            payload[key] = STATUS.get(value, value) if h.handling == "status" else value
    if h.beskrivelse:
        payload["tekst"] = h.beskrivelse
    kind = GAMLE.get(h.handling)
    if h.handling == "ny_versjon" and h.etter_verdi == "Erstattet":
        kind = "behovsmelding.replaced"
    if kind is None:
        kind = ELDRE
        payload["handling"] = h.handling
        payload.setdefault("tekst", h.handling)
    h.type, h.payload = kind, payload
    if h.behovsmelding_id is not None:
        h.objekt_app, h.objekt_modell, h.objekt_pk = "web", "behovsmelding", str(h.behovsmelding_id)
        return
    for key, app, model in OBJEKT:
        if payload.get(key) not in (None, "", []):
            h.objekt_app, h.objekt_modell, h.objekt_pk = app, model, str(payload[key])
            return


def from_type(h: Any) -> None:
    payload: dict[str, Any] = dict(h.payload or {})
    gammel = {v: k for k, v in GAMLE.items()}
    gammel["behovsmelding.replaced"] = "ny_versjon"
    label = {v: k for k, v in STATUS.items()}
    handling = payload.pop("handling", "") if h.type == ELDRE else gammel.get(h.type, h.type)
    h.handling = str(handling)[:40]
    h.felt = str(payload.pop("felt", ""))[:100]
    before, after = payload.pop("for", ""), payload.pop("etter", "")
    if h.type == "behovsmelding.status_changed":
        before, after = label.get(before, before), label.get(after, after)
    h.for_verdi, h.etter_verdi = str(before), str(after)
    tekst = payload.pop("tekst", "")
    if not tekst:
        from behovsmelding.web.hendelser import tekst as render

        tekst = render(h.type, h.payload)
    h.beskrivelse = tekst
    h.detaljer = payload


def convert(model: Any, fn: Any, fields: list[str]) -> None:
    batch = []
    for h in model.objects.order_by("pk").iterator(chunk_size=BATCH):
        fn(h)
        batch.append(h)
        if len(batch) >= BATCH:
            model.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        model.objects.bulk_update(batch, fields)


def forward(apps: Any, schema_editor: Any) -> None:
    convert(
        apps.get_model("web", "Hendelse"),
        to_type,
        ["type", "payload", "objekt_app", "objekt_modell", "objekt_pk"],
    )


def backward(apps: Any, schema_editor: Any) -> None:
    convert(
        apps.get_model("web", "Hendelse"),
        from_type,
        ["handling", "felt", "for_verdi", "etter_verdi", "beskrivelse", "detaljer"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0010_opplasting_i_bakgrunnen"),
    ]

    operations = [
        migrations.AddField(
            model_name="hendelse",
            name="type",
            field=models.CharField(default="", max_length=60),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="hendelse",
            name="payload",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="hendelse",
            name="objekt_app",
            field=models.CharField(blank=True, max_length=50),
        ),
        migrations.AddField(
            model_name="hendelse",
            name="objekt_modell",
            field=models.CharField(blank=True, max_length=50),
        ),
        migrations.AddField(
            model_name="hendelse",
            name="objekt_pk",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AlterField(
            model_name="hendelse",
            name="handling",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="hendelse", name="handling"),
        migrations.RemoveField(model_name="hendelse", name="felt"),
        migrations.RemoveField(model_name="hendelse", name="for_verdi"),
        migrations.RemoveField(model_name="hendelse", name="etter_verdi"),
        migrations.RemoveField(model_name="hendelse", name="beskrivelse"),
        migrations.RemoveField(model_name="hendelse", name="detaljer"),
        migrations.AddIndex(
            model_name="hendelse",
            index=models.Index(fields=["type", "tidspunkt"], name="web_hendels_type_349b50_idx"),
        ),
    ]
