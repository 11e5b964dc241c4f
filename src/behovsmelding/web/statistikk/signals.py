"""A tiltak saved by the forum's round (a refresh) gets its themes worked out again."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from ..forum.models import Post


def _post_saved(sender: Any, instance: Post, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading a fixture or a backup: the themes come with it
        return
    from .tema import oppdater_post

    oppdater_post(instance)


def connect() -> None:
    post_save.connect(_post_saved, sender=Post, dispatch_uid="statistikk-post-tema")
