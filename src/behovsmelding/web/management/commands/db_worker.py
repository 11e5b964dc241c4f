"""``manage.py db_worker``: django-tasks' database worker, which first takes up what a killed
worker left (``bakgrunn.gjenoppta``) and is known on the queue as ``host:pid``, so that
another worker on this machine can tell that it died."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks.backends.database.management.commands.db_worker import Command as DbWorker

from ... import bakgrunn


class Command(DbWorker):
    help = (
        "Kjør bakgrunnsjobbene (lesing av store opplastinger): tar først opp det en stoppet "
        "arbeider etterlot, så køen til den stoppes."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=bakgrunn.worker_id())

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload the command runs again in a child process, which does this itself.
        if not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            g = bakgrunn.gjenoppta()
            if options.get("verbosity", 1) > 0 and (g.filer or g.oppgaver or g.mottak):
                self.stdout.write(
                    f"Tok opp igjen {g.filer} filer; {g.oppgaver} oppgaver fra stoppede "
                    f"arbeidere merket som feilet; {g.mottak} gamle filer i mottaket fjernet."
                )
        super().handle(*args, **options)
