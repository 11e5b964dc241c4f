"""The register pages' forms: they parse and check at the edge; the services save."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import QuerySet

from .models import Maalform, Region, Virksomhet, Virksomhetstype
from .register_services import Endringer, kontonummer_digits, kontonummer_feil

_INPUT = {"class": "ds-input"}


class VirksomhetForm(forms.Form):
    postadresse = forms.CharField(
        label="Postadresse", max_length=200, required=False, widget=forms.TextInput(_INPUT)
    )
    postnummer = forms.CharField(
        label="Postnummer",
        max_length=4,
        required=False,
        widget=forms.TextInput({**_INPUT, "inputmode": "numeric"}),
    )
    poststed = forms.CharField(
        label="Poststed", max_length=100, required=False, widget=forms.TextInput(_INPUT)
    )
    epost = forms.EmailField(
        label="E-post for brev",
        required=False,
        error_messages={"invalid": "Skriv en gyldig e-postadresse."},
        widget=forms.EmailInput(_INPUT),
    )
    maalform = forms.ChoiceField(
        label="Målform", choices=Maalform.choices, widget=forms.Select(_INPUT)
    )
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.none(),
        required=False,
        empty_label="Ingen region (nasjonal)",
        widget=forms.Select(_INPUT),
    )
    type = forms.ChoiceField(
        label="Type", choices=Virksomhetstype.choices, widget=forms.Select(_INPUT)
    )
    kontonummer = forms.CharField(
        label="Kontonummer",
        max_length=20,
        required=False,
        help_text="11 sifre; punktum og mellomrom tas bort.",
        widget=forms.TextInput(
            {
                **_INPUT,
                "inputmode": "numeric",
                "autocomplete": "off",
                "aria-describedby": "id_kontonummer-hjelp",
            }
        ),
    )
    endret = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, regioner: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        region_field.queryset = regioner

    @classmethod
    def initial_for(cls, v: Virksomhet) -> dict[str, Any]:
        return {
            "postadresse": v.postadresse,
            "postnummer": v.postnummer,
            "poststed": v.poststed,
            "epost": v.epost,
            "maalform": v.maalform,
            "region": v.region_id,
            "type": v.type,
            "kontonummer": v.kontonummer,
            "endret": v.endret.isoformat(),
        }

    def clean_postnummer(self) -> str:
        value: str = self.cleaned_data["postnummer"].strip()
        if value and not re.fullmatch(r"\d{4}", value):
            raise forms.ValidationError("Postnummeret må ha fire sifre.")
        return value

    def clean_kontonummer(self) -> str:
        value = kontonummer_digits(self.cleaned_data["kontonummer"])
        feil = kontonummer_feil(value)
        if feil:
            raise forms.ValidationError(feil)
        return value

    def clean_endret(self) -> dt.datetime:
        try:
            value = dt.datetime.fromisoformat(self.cleaned_data["endret"])
        except ValueError as e:
            raise forms.ValidationError("Skjemaet mangler versjonen det bygger på.") from e
        if value.tzinfo is None:
            raise forms.ValidationError("Skjemaet mangler versjonen det bygger på.")
        return value

    def endringer(self) -> Endringer:
        d = self.cleaned_data
        return Endringer(
            postadresse=d["postadresse"].strip(),
            postnummer=d["postnummer"],
            poststed=d["poststed"].strip(),
            epost=d["epost"].strip(),
            maalform=d["maalform"],
            region=d["region"],
            type=d["type"],
            kontonummer=d["kontonummer"],
        )


class AliasForm(forms.Form):
    navn = forms.CharField(
        label="Nytt navn (slik det står i dokumentene)",
        max_length=300,
        error_messages={"required": "Skriv navnet slik det står i dokumentet."},
        widget=forms.TextInput(_INPUT),
    )


class ImportForm(forms.Form):
    fil = forms.FileField(
        label="Fil fra Enhetsregisteret (CSV eller JSON)",
        error_messages={"required": "Velg en fil.", "empty": "Filen er tom."},
        widget=forms.ClearableFileInput({**_INPUT, "accept": ".csv,.json,text/csv"}),
    )
    region = forms.ModelChoiceField(
        label="Region for nye eiere (kommuner og private)",
        queryset=Region.objects.none(),
        required=False,
        empty_label="Ingen region",
        widget=forms.Select(_INPUT),
    )

    def __init__(self, *args: Any, regioner: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        region_field.queryset = regioner
