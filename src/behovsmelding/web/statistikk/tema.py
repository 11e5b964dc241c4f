"""Keeping :class:`.models.PostTema` (which themes each tiltak is about) up to date.

A tiltak's themes are those whose words (:mod:`.temaord`) occur in its name or target group,
except where a caseworker has said otherwise (:class:`.models.Temakorreksjon`). They are worked
out again when the tiltak is saved (a round's refresh) and, for every tiltak, when the
vocabulary changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models.fields.json import KeyTextTransform

from ..forum.models import Post
from . import temaord
from .models import Kilde, PostTema, Tema, Temakorreksjon


def patterns() -> dict[int, re.Pattern[str]]:
    out = {}
    for t in Tema.objects.all():
        p = temaord.pattern(t.ordliste)
        if p is not None:
            out[t.pk] = p
    return out


def texts_of(navn: str, maalgruppe: object) -> list[str]:
    return [navn, str(maalgruppe or "")]


def wanted(found: set[int], korreksjoner: Iterable[tuple[int, bool]]) -> dict[int, str]:
    """Theme id → source: what the words found, with the caseworker's corrections applied."""
    out = dict.fromkeys(found, Kilde.ORD.value)
    for tema_id, valgt in korreksjoner:
        if valgt:
            out[tema_id] = Kilde.SAKSBEHANDLER.value
        else:
            out.pop(tema_id, None)
    return out


def _store(post_id: int, want: dict[int, str], have: dict[int, str]) -> None:
    gone = [t for t in have if t not in want]
    if gone:
        PostTema.objects.filter(post_id=post_id, tema_id__in=gone).delete()
    for t, kilde in want.items():
        if t not in have:
            PostTema.objects.create(post_id=post_id, tema_id=t, kilde=kilde)
        elif have[t] != kilde:
            PostTema.objects.filter(post_id=post_id, tema_id=t).update(kilde=kilde)


def oppdater_post(post: Post, pats: dict[int, re.Pattern[str]] | None = None) -> None:
    """Work out one tiltak's themes again."""
    pats = patterns() if pats is None else pats
    found = temaord.themes_in(texts_of(post.navn, post.detaljer.get("maalgruppe")), pats)
    korr = Temakorreksjon.objects.filter(post=post).values_list("tema_id", "valgt")
    have = dict(PostTema.objects.filter(post=post).values_list("tema_id", "kilde"))
    want = wanted(found, korr)
    if want != have:
        _store(post.pk, want, have)


@transaction.atomic
def oppdater_alle() -> int:
    """Work out every tiltak's themes again (after the vocabulary changed). Returns how many
    (tiltak, theme) pairs were added or removed."""
    pats = patterns()
    korr: dict[int, list[tuple[int, bool]]] = {}
    for post_id, tema_id, valgt in Temakorreksjon.objects.values_list(
        "post_id", "tema_id", "valgt"
    ):
        korr.setdefault(post_id, []).append((tema_id, valgt))
    have: dict[int, dict[int, str]] = {}
    for post_id, tema_id, kilde in PostTema.objects.values_list("post_id", "tema_id", "kilde"):
        have.setdefault(post_id, {})[tema_id] = kilde
    rows = Post.objects.annotate(maalgruppe=KeyTextTransform("maalgruppe", "detaljer"))
    new: list[PostTema] = []
    gone: list[tuple[int, int]] = []
    changed = 0
    for post_id, navn, maalgruppe in rows.values_list("pk", "navn", "maalgruppe").iterator(
        chunk_size=2000
    ):
        found = temaord.themes_in(texts_of(navn, maalgruppe), pats)
        want = wanted(found, korr.get(post_id, ()))
        old = have.get(post_id, {})
        if want == old:
            continue
        for t, kilde in want.items():
            if t not in old:
                new.append(PostTema(post_id=post_id, tema_id=t, kilde=kilde))
            elif old[t] != kilde:
                PostTema.objects.filter(post_id=post_id, tema_id=t).update(kilde=kilde)
                changed += 1
        gone += [(post_id, t) for t in old if t not in want]
    by_tema: dict[int, list[int]] = {}
    for post_id, t in gone:
        by_tema.setdefault(t, []).append(post_id)
    for t, posts in by_tema.items():
        for i in range(0, len(posts), 500):
            PostTema.objects.filter(tema_id=t, post_id__in=posts[i : i + 500]).delete()
    PostTema.objects.bulk_create(new, batch_size=1000)
    return len(new) + len(gone) + changed
