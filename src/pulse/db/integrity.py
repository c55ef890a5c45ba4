"""Turn a unique-index violation into the domain's 409.

Services check uniqueness before writing, for a precise message; the unique index
is what decides when two requests race past that check together.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Index
from sqlalchemy.exc import IntegrityError

from pulse.core.errors import Conflict


def violates(exc: IntegrityError, index: Index) -> bool:
    # PostgreSQL names the index; SQLite names it for expression indexes and
    # otherwise lists the indexed columns as table.column.
    message = str(exc.orig)
    if index.name is not None and str(index.name) in message:
        return True
    table = index.table
    columns = (
        [f"{table.name}.{column.name}" for column in index.columns] if table is not None else []
    )
    return bool(columns) and "UNIQUE" in message and all(column in message for column in columns)


@contextmanager
def unique_or_conflict(index: Index, conflict: Conflict) -> Iterator[None]:
    try:
        yield
    except IntegrityError as exc:
        if violates(exc, index):
            raise conflict from None
        raise


def index_named(table_indexes: set[Index], name: str) -> Index:
    return next(index for index in table_indexes if index.name == name)
