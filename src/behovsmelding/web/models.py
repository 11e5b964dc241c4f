# ruff: noqa: RUF012 - Django reads Meta options as plain class attributes
"""What the application stores: records, who may see them, and what happened to them.

The record itself is kept as behovsmelding-v1 JSON (``Innhold.data``); the columns on
:class:`Behovsmelding` are copies of what the overview filters, sorts and adds up, written by
:func:`behovsmelding.web.summary.summarise` whenever the record is stored. The large texts live
in :class:`Innhold` so that scanning the overview table stays cheap.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from .workflow import Status, Vedtaksutfall


class Rolle(models.TextChoices):
    SAKSBEHANDLER = "saksbehandler", "Saksbehandler"
    EIER = "eier", "Eier"
    UH = "uh", "UH / kompetansemiljø"
    FORUM = "forum", "Medlem av samarbeidsforum"


class Ordning(models.TextChoices):
    REGIONAL = "regional", "Regional ordning"
    DESENTRALISERT = "desentralisert", "Desentralisert ordning"
    KOMPETANSELOFTET = "kompetanseloftet", "Kompetanseløftet"
    KOLLEKTIV = "kollektiv", "Kollektiv kompetanseutvikling"
    UKJENT = "ukjent", "Ordning ikke oppgitt"


class Region(models.Model):
    navn = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["navn"]
        verbose_name_plural = "regioner"

    def __str__(self) -> str:
        return self.navn


class Virksomhetstype(models.TextChoices):
    KOMMUNE = "kommune", "Kommune"
    PRIVAT = "privat", "Privat eier"
    UH = "uh", "Universitet eller høgskole"
    KOMPETANSEMILJO = "kompetansemiljo", "Kompetansemiljø"
    FAGSKOLE = "fagskole", "Fagskole"


# The kinds that own kindergartens and schools, and the kinds that are the UH partner.
EIER_TYPER = frozenset({Virksomhetstype.KOMMUNE, Virksomhetstype.PRIVAT})
UH_TYPER = frozenset(
    {Virksomhetstype.UH, Virksomhetstype.KOMPETANSEMILJO, Virksomhetstype.FAGSKOLE}
)


class Maalform(models.TextChoices):
    BOKMAL = "nb", "Bokmål"
    NYNORSK = "nn", "Nynorsk"


class Virksomhet(models.Model):
    """An organisation in Statsforvalteren's register: an owner (kommune, private owner) or a
    UH institution / kompetansemiljø / fagskole. Letters and payments take the organisation's
    number, address and account from here, never from what a document says."""

    orgnr = models.CharField(max_length=9, unique=True, null=True, blank=True)
    navn = models.CharField(max_length=300)
    type = models.CharField(max_length=20, choices=Virksomhetstype.choices)
    # The region an owner belongs to; None for a national institution (most UH).
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="virksomheter"
    )
    organisasjonsform = models.CharField(max_length=10, blank=True)
    postadresse = models.CharField(max_length=200, blank=True)
    postnummer = models.CharField(max_length=4, blank=True)
    poststed = models.CharField(max_length=100, blank=True)
    kommunenummer = models.CharField(max_length=4, blank=True)
    epost = models.EmailField(blank=True, help_text="Offisiell adresse for brev")
    kontonummer = models.CharField(max_length=11, blank=True)
    kontonummer_endret = models.DateTimeField(null=True, blank=True)
    kontonummer_endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    maalform = models.CharField(max_length=2, choices=Maalform.choices, default=Maalform.BOKMAL)
    endret = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["navn", "id"]
        verbose_name_plural = "virksomheter"

    def __str__(self) -> str:
        return self.navn

    @property
    def er_eier(self) -> bool:
        return self.type in EIER_TYPER

    @property
    def er_uh(self) -> bool:
        return self.type in UH_TYPER

    @property
    def adresselinjer(self) -> list[str]:
        sted = " ".join(x for x in (self.postnummer, self.poststed) if x)
        return [x for x in (self.postadresse, sted) if x]


class Alias(models.Model):
    """A spelling of an organisation's name seen in documents ("HINN/ SePU"). An owner's alias
    matches a name whose folded words are exactly the alias's; a UH alias matches a name that
    contains its words (short aliases as whole words)."""

    virksomhet = models.ForeignKey(Virksomhet, on_delete=models.CASCADE, related_name="aliaser")
    navn = models.CharField(max_length=300)
    nokkel = models.CharField(max_length=300, unique=True)
    opprettet = models.DateTimeField(auto_now_add=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["virksomhet", "nokkel"]
        verbose_name_plural = "aliaser"

    def __str__(self) -> str:
        return f"{self.navn} → {self.virksomhet}"


class Kontonummerendring(models.Model):
    """Who changed an organisation's account number, when, from what to what."""

    virksomhet = models.ForeignKey(
        Virksomhet, on_delete=models.CASCADE, related_name="kontonummerendringer"
    )
    for_verdi = models.CharField(max_length=11, blank=True)
    etter_verdi = models.CharField(max_length=11, blank=True)
    endret = models.DateTimeField(auto_now_add=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kilde = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["endret", "id"]

    def __str__(self) -> str:
        return f"{self.virksomhet}: {self.for_verdi} → {self.etter_verdi}"


class Medlemsrolle(models.TextChoices):
    MEDLEM = "medlem", "Medlem"
    ADMINISTRATOR = "administrator", "Administrator"


class Medlemskap(models.Model):
    """A user works for an organisation; what the user sees follows from this alone."""

    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medlemskap"
    )
    virksomhet = models.ForeignKey(Virksomhet, on_delete=models.CASCADE, related_name="medlemskap")
    rolle = models.CharField(
        max_length=20, choices=Medlemsrolle.choices, default=Medlemsrolle.MEDLEM
    )
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["virksomhet", "bruker"]
        constraints = [
            models.UniqueConstraint(fields=["bruker", "virksomhet"], name="unikt_medlemskap")
        ]
        verbose_name_plural = "medlemskap"

    def __str__(self) -> str:
        return f"{self.bruker} i {self.virksomhet} ({self.get_rolle_display()})"


class Invitasjon(models.Model):
    """An invitation into one organisation for one e-mail address: single-use, expiring. Only
    a hash of the token is stored; the token itself is only in the e-mail."""

    virksomhet = models.ForeignKey(
        Virksomhet, on_delete=models.CASCADE, related_name="invitasjoner"
    )
    epost = models.EmailField()
    rolle = models.CharField(
        max_length=20, choices=Medlemsrolle.choices, default=Medlemsrolle.MEDLEM
    )
    token_hash = models.CharField(max_length=64, unique=True)
    opprettet = models.DateTimeField(auto_now_add=True)
    utloper = models.DateTimeField()
    invitert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    brukt = models.DateTimeField(null=True, blank=True)
    brukt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    trukket = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opprettet", "-id"]
        verbose_name_plural = "invitasjoner"

    def __str__(self) -> str:
        return f"{self.epost} til {self.virksomhet}"


class Partnerskap(models.Model):
    """An owner's partnership in a region. Its owner is an organisation of the register; a
    partnership made from a name no register entry matched has none (and no owner user sees
    it until a caseworker settles who the owner is)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="partnerskap")
    navn = models.CharField(max_length=300)
    nokkel = models.CharField(max_length=300)
    virksomhet = models.ForeignKey(
        Virksomhet, on_delete=models.PROTECT, null=True, blank=True, related_name="partnerskap"
    )

    class Meta:
        ordering = ["navn"]
        constraints = [
            models.UniqueConstraint(fields=["region", "nokkel"], name="unik_partnerskap_i_region")
        ]
        verbose_name_plural = "partnerskap"

    def __str__(self) -> str:
        return self.navn


class Institusjon(models.Model):
    """A UH institution or kompetansemiljø, as named in the forms."""

    navn = models.CharField(max_length=300)
    nokkel = models.CharField(max_length=300, unique=True)
    # The register's organisation this name stands for (through its aliases); its members see
    # the behovsmeldinger that name it as the UH partner.
    virksomhet = models.ForeignKey(
        Virksomhet, on_delete=models.PROTECT, null=True, blank=True, related_name="institusjoner"
    )

    class Meta:
        ordering = ["navn"]
        verbose_name_plural = "institusjoner"

    def __str__(self) -> str:
        return self.navn


class Tilgang(models.Model):
    """Statsforvalteren's staff: a caseworker or a forum member, and the region they work in.
    Owners' and UH people get what they see from their :class:`Medlemskap` instead."""

    bruker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tilgang"
    )
    rolle = models.CharField(max_length=20, choices=Rolle.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.bruker} ({self.get_rolle_display()})"


class Originalfil(models.Model):
    """An uploaded file exactly as received; its SHA-256 is what makes an upload a repeat."""

    sha256 = models.CharField(max_length=64, unique=True)
    filnavn = models.CharField(max_length=255)
    lagret_som = models.CharField(max_length=80, unique=True)
    storrelse = models.PositiveIntegerField()
    mottatt = models.DateTimeField(auto_now_add=True)
    lastet_opp_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Another file with the same content as a stored record (the .pdf of a .docx already
    # received): kept as one more original of that record instead of a new record.
    ekstra_for = models.ForeignKey(
        "Behovsmelding",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="andre_originaler",
    )

    def __str__(self) -> str:
        return self.filnavn


class Markering(models.TextChoices):
    """Why a record is left out of the totals, the forum and the exports' default."""

    TRUKKET = "trukket", "Trukket"
    DUPLIKAT = "duplikat", "Duplikat"
    ERSTATTET = "erstattet", "Erstattet av ny versjon"


class Behovsmelding(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="behovsmeldinger")
    partnerskap = models.ForeignKey(
        Partnerskap, on_delete=models.PROTECT, related_name="behovsmeldinger"
    )
    institusjon = models.ForeignKey(
        Institusjon, on_delete=models.PROTECT, null=True, blank=True, related_name="behovsmeldinger"
    )
    original = models.OneToOneField(
        Originalfil, on_delete=models.PROTECT, null=True, blank=True, related_name="behovsmelding"
    )
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.MOTTATT)
    status_endret = models.DateTimeField(null=True, blank=True)
    status_endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mottatt = models.DateTimeField(auto_now_add=True)
    # Held "Til avklaring": the owner the document names is not the uploader's organisation, or
    # no register entry matched it for certain. Counted apart from the totals and out of the
    # forum until a caseworker confirms or corrects the owner.
    til_avklaring = models.BooleanField(default=False)
    avklaring_grunn = models.TextField(blank=True)
    # The normalised record's SHA-256 (services.fingeravtrykk): the same content from another
    # file (.docx and .pdf) is one record.
    fingeravtrykk = models.CharField(max_length=64, blank=True, db_index=True)
    # Withdrawn, a duplicate or replaced by a newer version: kept (read-only), out of the
    # totals, the forum and the exports' default.
    markert = models.CharField(max_length=20, choices=Markering.choices, blank=True)
    markert_grunn = models.TextField(blank=True)
    duplikat_av = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplikater"
    )
    erstattet_av = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="tidligere"
    )
    # An earlier record of the same owner, year and region, offered to the caseworker as the
    # one this may be a new version of (cleared when the caseworker has chosen).
    mulig_versjon_av = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vedtak_utfall = models.CharField(max_length=20, choices=Vedtaksutfall.choices, blank=True)

    # Copies of the record for the overview (see summary.summarise).
    tittel = models.CharField(max_length=300, blank=True)
    aar = models.PositiveSmallIntegerField(null=True, blank=True)
    skjema = models.CharField(max_length=20)
    eier = models.CharField(max_length=300, blank=True)
    kompetansenettverk = models.CharField(max_length=200, blank=True)
    uh = models.CharField(max_length=300, blank=True)
    ordninger = models.CharField(max_length=100, blank=True)
    antall_tiltak = models.PositiveIntegerField(default=0)
    sum_eier = models.BigIntegerField(default=0)
    sum_uh = models.BigIntegerField(default=0)
    sum_totalt = models.BigIntegerField(default=0)
    antall_feil = models.PositiveIntegerField(default=0)
    antall_advarsler = models.PositiveIntegerField(default=0)
    antall_merknader = models.PositiveIntegerField(default=0)
    har_feil = models.BooleanField(default=False)
    # The amounts split by ordning (see summary.belop_per_ordning): one aggregate over the
    # filtered rows then gives both the totals and the chart by ordning.
    regional_eier = models.BigIntegerField(default=0)
    regional_uh = models.BigIntegerField(default=0)
    regional_totalt = models.BigIntegerField(default=0)
    desentralisert_eier = models.BigIntegerField(default=0)
    desentralisert_uh = models.BigIntegerField(default=0)
    desentralisert_totalt = models.BigIntegerField(default=0)
    kompetanseloftet_eier = models.BigIntegerField(default=0)
    kompetanseloftet_uh = models.BigIntegerField(default=0)
    kompetanseloftet_totalt = models.BigIntegerField(default=0)
    kollektiv_eier = models.BigIntegerField(default=0)
    kollektiv_uh = models.BigIntegerField(default=0)
    kollektiv_totalt = models.BigIntegerField(default=0)
    ukjent_eier = models.BigIntegerField(default=0)
    ukjent_uh = models.BigIntegerField(default=0)
    ukjent_totalt = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-mottatt", "-id"]
        indexes = [
            models.Index(fields=["region", "aar"]),
            models.Index(fields=["region", "status"]),
            models.Index(fields=["region", "kompetansenettverk"]),
            models.Index(fields=["region", "eier"]),
            models.Index(fields=["region", "uh"]),
            models.Index(fields=["region", "skjema"]),
            models.Index(fields=["region", "har_feil"]),
            models.Index(fields=["region", "til_avklaring"]),
            models.Index(fields=["region", "markert"]),
            models.Index(fields=["region", "-mottatt"]),
            models.Index(fields=["-mottatt", "-id"]),
            models.Index(fields=["aar"]),
            # "Største beløp" over everything a national user sees: a page from the index
            # instead of sorting every row.
            models.Index(fields=["-sum_totalt", "-id"], name="web_bm_sum_totalt_id"),
        ]
        verbose_name_plural = "behovsmeldinger"

    def __str__(self) -> str:
        return f"{self.eier or 'Ukjent eier'} {self.aar or ''}".strip()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("detalj", args=[self.pk])

    @property
    def visningsnavn(self) -> str:
        return self.tittel or self.eier or f"Behovsmelding {self.pk}"

    @property
    def kun_les(self) -> bool:
        """A withdrawn, duplicate or replaced record is kept as it is."""
        return bool(self.markert)


class UhTilordning(models.Model):
    """A caseworker's answer to "which institution is this UH amount?" for an amount of a
    record's budget that has no label, or one the register's aliases do not know."""

    behovsmelding = models.ForeignKey(
        Behovsmelding, on_delete=models.CASCADE, related_name="uh_tilordninger"
    )
    felt = models.CharField(max_length=100)  # "budsjett.rader[0].uh[1]"
    virksomhet = models.ForeignKey(Virksomhet, on_delete=models.PROTECT, related_name="+")
    tilordnet = models.DateTimeField(auto_now=True)
    tilordnet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["behovsmelding", "felt"], name="en_tilordning_per_felt")
        ]
        verbose_name_plural = "UH-tilordninger"

    def __str__(self) -> str:
        return f"{self.felt} → {self.virksomhet}"


class Innhold(models.Model):
    """The record as JSON, its findings, the fields the reader could not read with certainty,
    and the text the search looks in."""

    behovsmelding = models.OneToOneField(
        Behovsmelding, on_delete=models.CASCADE, primary_key=True, related_name="innhold"
    )
    data = models.JSONField()
    funn = models.JSONField(default=list)
    # Field path → the text as written, for values the reader saw but could not read with
    # certainty (readers.Lesing.uleselig). Kept beside the record (where such a field is null)
    # so that running the checks again still says "kunne ikke leses sikkert", not "ikke fylt ut".
    uleselig = models.JSONField(default=dict, blank=True)
    # Field path → where the reader found the value in the original (readers.Lesing.kilder:
    # the line, paragraph or cell, or the PDF page and box, and the words). Empty for records
    # read before it was kept, and for records from the owners' form.
    kilder = models.JSONField(default=dict, blank=True)
    sokeetekst = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Innhold for {self.behovsmelding_id}"


class Kommentar(models.Model):
    behovsmelding = models.ForeignKey(
        Behovsmelding, on_delete=models.CASCADE, related_name="kommentarer"
    )
    forfatter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    tekst = models.TextField()
    skrevet = models.DateTimeField(auto_now_add=True)
    # Internal (Statsforvalteren and the forum) unless shared with the partnership.
    delt = models.BooleanField(default=False)

    class Meta:
        ordering = ["skrevet", "id"]

    def __str__(self) -> str:
        return self.tekst[:50]


class Opplasting(models.Model):
    """One upload of one or many files, and what became of each."""

    lastet_opp_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    region = models.ForeignKey(Region, on_delete=models.PROTECT)
    partnerskap = models.ForeignKey(Partnerskap, on_delete=models.PROTECT, null=True, blank=True)
    tidspunkt = models.DateTimeField(auto_now_add=True)
    # Read by the background worker (bakgrunn.py) rather than in the request.
    i_bakgrunnen = models.BooleanField(default=False)

    class Meta:
        ordering = ["-tidspunkt", "-id"]

    def __str__(self) -> str:
        return f"Opplasting {self.pk}"


class Utfall(models.TextChoices):
    VENTER = "venter", "Venter"  # staged for the background worker, not read yet
    LEST = "lest", "Lest"
    IKKE_LEST = "ikke_lest", "Ikke lest"
    KJENT = "kjent", "Allerede mottatt"
    SAMME_INNHOLD = "samme_innhold", "Samme innhold"


class OpplastetFil(models.Model):
    opplasting = models.ForeignKey(Opplasting, on_delete=models.CASCADE, related_name="filer")
    filnavn = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    utfall = models.CharField(max_length=20, choices=Utfall.choices)
    grunn = models.TextField(blank=True)
    behovsmelding = models.ForeignKey(
        Behovsmelding, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # While it waits for the background worker: the staged file's name under
    # settings.MOTTAK_DIR, the queue's task, and the worker reading it now ("host:pid") since when.
    mottak = models.CharField(max_length=64, blank=True)
    oppgave = models.CharField(max_length=64, blank=True)
    tatt_av = models.CharField(max_length=100, blank=True)
    tatt = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["opplasting"],
                condition=models.Q(utfall="venter"),
                name="web_opplastetfil_venter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filnavn}: {self.utfall}"


class Hendelse(models.Model):
    """One audit entry: who did what when, with the value before and after."""

    behovsmelding = models.ForeignKey(
        Behovsmelding, on_delete=models.CASCADE, null=True, blank=True, related_name="hendelser"
    )
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    tidspunkt = models.DateTimeField(auto_now_add=True)
    handling = models.CharField(max_length=40)
    felt = models.CharField(max_length=100, blank=True)
    for_verdi = models.TextField(blank=True)
    etter_verdi = models.TextField(blank=True)
    beskrivelse = models.TextField(blank=True)
    detaljer = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["tidspunkt", "id"]
        indexes = [models.Index(fields=["behovsmelding", "tidspunkt"])]

    def __str__(self) -> str:
        return f"{self.tidspunkt:%Y-%m-%d %H:%M} {self.handling}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "handling": self.handling,
            "felt": self.felt,
            "for": self.for_verdi,
            "etter": self.etter_verdi,
        }
