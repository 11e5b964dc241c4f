"""Full-text search over all answers.

A query word matches every word of the answers that starts with it ("skolemilj" finds
"skolemiljø"), and a record must match all query words. On SQLite the words live in an FTS5
table (``web_sok``, migration 0002); on PostgreSQL in the stored, generated ``tsvector`` column
``web_innhold.sokevektor`` with a GIN index (migration 0003), which a prefix ``tsquery``
(``'skolemilj':* & 'lesing':*``) is answered from. On any other database each word is looked
for anywhere in ``Innhold.sokeetekst`` (a scan).
"""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .models import Behovsmelding
from .summary import words

TABLE = "web_sok"
MAX_WORDS = 10


def uses_fts(alias: str = "default") -> bool:
    return connections[alias].vendor == "sqlite"


def index(bm_id: int, text: str, alias: str = "default") -> None:
    """Put a record's words into the FTS table (replacing what was there)."""
    if not uses_fts(alias):
        return
    with connections[alias].cursor() as c:
        c.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [bm_id])
        c.execute(f"INSERT INTO {TABLE}(rowid, tekst) VALUES (%s, %s)", [bm_id, text])


def index_many(rows: list[tuple[int, str]], alias: str = "default") -> None:
    if not uses_fts(alias) or not rows:
        return
    with connections[alias].cursor() as c:
        c.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(r[0],) for r in rows])
        c.executemany(f"INSERT INTO {TABLE}(rowid, tekst) VALUES (%s, %s)", rows)


def apply(qs: QuerySet[Behovsmelding], query: str) -> QuerySet[Behovsmelding]:
    """Only the records whose answers contain every word of ``query``."""
    terms = words(query)[:MAX_WORDS]
    if not terms:
        return qs
    if uses_fts(qs.db):
        match = " AND ".join(f'"{t}"*' for t in terms)
        return qs.filter(
            id__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [match])
        )
    if connections[qs.db].vendor == "postgresql":
        # The terms are \w+ (summary.words), so they need no quoting beyond the quotes.
        tsquery = " & ".join(f"'{t}':*" for t in terms)
        return qs.filter(
            id__in=RawSQL(
                "SELECT behovsmelding_id FROM web_innhold "
                "WHERE sokevektor @@ to_tsquery('simple'::regconfig, %s)",
                [tsquery],
            )
        )
    for t in terms:
        qs = qs.filter(innhold__sokeetekst__contains=t)
    return qs
