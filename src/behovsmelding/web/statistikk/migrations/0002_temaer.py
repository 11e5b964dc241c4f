# ruff: noqa: RUF012
"""The first themes vocabulary; the caseworkers change it on /statistikk/temaer/."""

from typing import Any

from django.db import migrations

TEMAER = [
    ("Språk", "Språk", "språk\nspråkmiljø\nspråkutvikling\nflerspråklig*\nnorsk som andrespråk"),
    (
        "Lesing og skriving",
        "Lesing og skriving",
        "lesing\nlese*\nskriving\nskrive*\nliteracy\nbokstav*",
    ),
    (
        "Inkludering og tilpasset opplæring",
        "Inkludering og tilpassa opplæring",
        "inkludering\ninkluderende*\ntilpasset opplæring\ntilpassa opplæring\nutenforskap",
    ),
    (
        "Spesialpedagogikk",
        "Spesialpedagogikk",
        "spesialpedagog*\nspesialundervisning\nPP-tjeneste*\nPPT\nsærskilt tilrettelegging",
    ),
    (
        "Skolemiljø",
        "Skulemiljø",
        "skolemiljø\nskulemiljø\nbarnehagemiljø\nlæringsmiljø\nmobbing\nklasseledelse\ntrivsel",
    ),
    ("Ledelse", "Leiing", "ledelse\nleiing\nledere\nleiarar\nledergruppe*\nskoleleder*"),
    (
        "Realfag",
        "Realfag",
        "realfag\nmatematikk\nregning\nrekning\nnaturfag\nteknologi\nprogrammering",
    ),
    (
        "Profesjonsfellesskap",
        "Profesjonsfellesskap",
        "profesjonsfellesskap*\nprofesjonsfelleskap*\nlærende fellesskap\nkollegaveiledning\n"
        "delingskultur",
    ),
    ("Samisk", "Samisk", "samisk*\nsamiske\nsámi\nsamegiella\nurfolk*"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    Tema = apps.get_model("statistikk", "Tema")
    for i, (navn, navn_nn, ord) in enumerate(TEMAER, start=1):
        Tema.objects.get_or_create(
            navn=navn, defaults={"navn_nn": navn_nn, "ord": ord, "rekkefolge": i}
        )
    # The tiltak of rounds opened before this migration get their themes too.
    from behovsmelding.web.statistikk import temaord

    Post = apps.get_model("forum", "Post")
    PostTema = apps.get_model("statistikk", "PostTema")
    pats = {}
    for t in Tema.objects.all():
        p = temaord.pattern(t.ord.splitlines())
        if p is not None:
            pats[t.pk] = p
    rows = []
    for post in Post.objects.all().iterator(chunk_size=2000):
        texts = [post.navn, str(post.detaljer.get("maalgruppe") or "")]
        rows += [PostTema(post_id=post.pk, tema_id=t) for t in temaord.themes_in(texts, pats)]
    PostTema.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("statistikk", "0001_initial"), ("forum", "0002_brev_utsending_arkiv")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
