"""Large uploads are read in the background, by ``manage.py db_worker``.

The queue is django-tasks' database backend: its table lives in the project's own database,
so there is no broker to run. An upload of many files is staged first: each file is written
to ``settings.MOTTAK_DIR`` beside a waiting row (``OpplastetFil`` with ``Utfall.VENTER``), and
only then is one task per file put on the queue. The worker reads a file with the request's
own function (``services.receive_one``), so the outcomes and their messages are the same.

Nothing is read twice, whatever is killed when:

- a worker *claims* a file with a conditional update (``tatt_av`` empty → its ``host:pid``),
  so two workers never read the same file, and a file that already has an outcome is skipped;
- the outcome is written in the transaction that stores the record, and only while the claim
  holds (``services._lagre``), so a killed worker leaves either both or neither;
- a worker that starts (``gjenoppta``) releases the claims of dead workers (on this machine at
  once; elsewhere after ``BEHOVSMELDING_KO_LEIE_SEKUNDER``), puts back on the queue every
  waiting file no live task will read, marks dead workers' tasks failed and removes staged
  files nothing waits for.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.backends.database.models import DBTaskResult

from .models import OpplastetFil, Opplasting, Region, Utfall
from .services import InnkommendeFil, UtfallFinnesAllerede, begin_upload, receive_one

log = logging.getLogger(__name__)

_HOST = socket.gethostname()[:50]
# A staged file younger than this may belong to an upload still being staged.
_FERSK = timedelta(hours=1)


def worker_id() -> str:
    """This process as a queue worker: ``host:pid`` (also its django-tasks worker id)."""
    return f"{_HOST}:{os.getpid()}"


def _lever(wid: str) -> bool:
    """Whether the worker ``host:pid`` may still be running. Only a process on this machine
    can be seen to be dead; for another machine the lease decides."""
    host, _, pid = wid.rpartition(":")
    if host != _HOST or not pid.isdigit():
        return True
    if wid == worker_id():
        return False  # this process has just started: any claim under its id is a dead one's
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child its parent has not waited for yet
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def mottak_dir() -> Path:
    path = Path(settings.MOTTAK_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True, slots=True)
class StromFil:
    """One file of an upload as it arrives, in chunks; ``feil`` when it was refused before it
    was read (too big)."""

    filnavn: str
    chunks: Iterable[bytes] = ()
    feil: str = ""

    def innkommende(self) -> InnkommendeFil:
        """The file in memory, for reading in the request."""
        return InnkommendeFil(filnavn=self.filnavn, data=b"".join(self.chunks), feil=self.feil)


def i_bakgrunnen(
    files: Iterable[StromFil], *, by: User, region: Region | None = None
) -> Opplasting:
    """Stage every file of an upload beside its waiting row, then put one task per file on
    the queue; the upload's page shows how far the worker has come."""
    opplasting, alle = begin_upload(files, by=by, region=region, i_bakgrunnen=True)
    waiting = [_stage(opplasting, f) for f in alle]
    for row in waiting:
        if row.utfall == Utfall.VENTER:
            _enqueue(row)
    return opplasting


def _stage(opplasting: Opplasting, f: StromFil) -> OpplastetFil:
    from .services import _safe_name

    filnavn = _safe_name(f.filnavn)
    if f.feil:
        return OpplastetFil.objects.create(
            opplasting=opplasting, filnavn=filnavn, utfall=Utfall.IKKE_LEST, grunn=f.feil
        )
    name = uuid.uuid4().hex
    path = mottak_dir() / name
    try:
        with path.open("xb") as out:
            for chunk in f.chunks:
                out.write(chunk)
        return OpplastetFil.objects.create(
            opplasting=opplasting, filnavn=filnavn, utfall=Utfall.VENTER, mottak=name
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _enqueue(row: OpplastetFil) -> None:
    # run_after = now: the queue takes tasks by run_after, so uploads are read in the order
    # they came (without it the order among waiting tasks is the database's).
    t = les_fil
    if t.get_backend().supports_defer:
        t = t.using(run_after=timezone.now())
    result = t.enqueue(row.pk)
    OpplastetFil.objects.filter(pk=row.pk, utfall=Utfall.VENTER).update(oppgave=str(result.id))


@task()
def les_fil(fil_id: int) -> str:
    """The queue's task: read one waiting file of an upload."""
    return les_ventende(fil_id)


def les_ventende(fil_id: int) -> str:
    """Claim the file, read it with the request's own function, remove the staged copy.
    Returns the outcome, or why it was skipped."""
    me = worker_id()
    claimed = OpplastetFil.objects.filter(pk=fil_id, utfall=Utfall.VENTER, tatt_av="").update(
        tatt_av=me, tatt=timezone.now()
    )
    if not claimed:
        return "hoppet over: lest eller tatt av en annen"
    row = OpplastetFil.objects.select_related(
        "opplasting__region", "opplasting__partnerskap", "opplasting__lastet_opp_av"
    ).get(pk=fil_id)
    o = row.opplasting
    path = mottak_dir() / row.mottak
    try:
        f = InnkommendeFil(filnavn=row.filnavn, data=path.read_bytes())
    except OSError:
        f = InnkommendeFil(
            filnavn=row.filnavn,
            data=b"",
            feil="Fila forsvant fra mottaket før den ble lest; last den opp på nytt.",
        )
    try:
        receive_one(o, f, by=o.lastet_opp_av, region=o.region, partnerskap=o.partnerskap, row=row)
    except UtfallFinnesAllerede:
        return "hoppet over: lest av en annen"
    except Exception as e:  # one bad file never stops the batch: report it for this file
        log.exception("uventet feil ved lesing av %s i bakgrunnen", row.filnavn)
        row.utfall = Utfall.IKKE_LEST
        row.grunn = f"uventet feil ved lesing ({type(e).__name__}); dokumentet er ikke lagret"
        OpplastetFil.objects.filter(pk=fil_id, utfall=Utfall.VENTER, tatt_av=me).update(
            utfall=row.utfall, grunn=row.grunn, mottak=""
        )
    path.unlink(missing_ok=True)
    return str(row.utfall)


def _oppgave_lever(oppgave: str) -> bool:
    """Whether the queue will still run this task: waiting, or running in a live worker."""
    try:
        key = uuid.UUID(oppgave)
    except ValueError:  # none, or a task of a queue that keeps no table (tests' backends)
        return False
    t = DBTaskResult.objects.filter(pk=key).only("status", "worker_ids").first()
    if t is None:
        return False
    if t.status == TaskResultStatus.READY:
        return True
    return t.status == TaskResultStatus.RUNNING and bool(t.worker_ids) and _lever(t.worker_ids[-1])


@dataclass(frozen=True, slots=True)
class Gjenopptatt:
    filer: int  # waiting files put back on the queue
    oppgaver: int  # dead workers' tasks marked failed
    mottak: int  # staged files removed that nothing waited for


class ArbeiderenDode(Exception):
    """The worker running this task was killed; its file was put back on the queue."""


def gjenoppta() -> Gjenopptatt:
    """What a worker does as it starts: take up what dead workers left (module docstring)."""
    lease = timezone.now() - timedelta(seconds=settings.BEHOVSMELDING_KO_LEIE_SEKUNDER)
    filer = 0
    for row in OpplastetFil.objects.filter(utfall=Utfall.VENTER).only(
        "pk", "tatt_av", "tatt", "oppgave"
    ):
        if row.tatt_av:
            if _lever(row.tatt_av) and row.tatt is not None and row.tatt > lease:
                continue
            released = OpplastetFil.objects.filter(
                pk=row.pk, utfall=Utfall.VENTER, tatt_av=row.tatt_av
            ).update(tatt_av="", tatt=None)
            if not released:
                continue
        elif _oppgave_lever(row.oppgave):
            continue
        _enqueue(row)
        filer += 1
    oppgaver = 0
    for t in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        if t.worker_ids and not _lever(t.worker_ids[-1]):
            t.set_failed(ArbeiderenDode(t.worker_ids[-1]), None)
            oppgaver += 1
    return Gjenopptatt(filer=filer, oppgaver=oppgaver, mottak=_rydd_mottak())


def _rydd_mottak() -> int:
    waiting = set(
        OpplastetFil.objects.filter(utfall=Utfall.VENTER).values_list("mottak", flat=True)
    )
    old = (timezone.now() - _FERSK).timestamp()
    removed = 0
    for path in mottak_dir().iterdir():
        if path.name not in waiting and path.is_file() and path.stat().st_mtime < old:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


@dataclass(frozen=True, slots=True)
class Fremdrift:
    """How far the worker has come with an upload."""

    totalt: int
    lest: int
    ikke_lest: int
    kjent: int  # already received, or the same content as a received record
    igjen: int

    @property
    def ferdig(self) -> int:
        return self.totalt - self.igjen

    @property
    def prosent(self) -> int:
        return 100 if not self.totalt else self.ferdig * 100 // self.totalt


def fremdrift(opplasting: Opplasting) -> Fremdrift:
    c = OpplastetFil.objects.filter(opplasting=opplasting).aggregate(
        totalt=Count("id"),
        lest=Count("id", filter=Q(utfall=Utfall.LEST)),
        ikke_lest=Count("id", filter=Q(utfall=Utfall.IKKE_LEST)),
        kjent=Count("id", filter=Q(utfall__in=[Utfall.KJENT, Utfall.SAMME_INNHOLD])),
        igjen=Count("id", filter=Q(utfall=Utfall.VENTER)),
    )
    return Fremdrift(**c)
