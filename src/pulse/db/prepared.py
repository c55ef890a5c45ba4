"""`Prepared`: a constant statement of the busiest requests, built once, run many times.

Through SQLAlchemy every statement pays for its execution machinery (an execution
context, a result object, a greenlet switch): about 0.11 ms of CPU for a lookup by id
whose own work on the asyncpg connection costs 0.06 ms (bench/README.md). On the
paths that run on nearly every request (a page, a lookup by id, a create written in
one statement) that machinery was a fifth of the request. So a `Prepared` statement
is compiled once for PostgreSQL, and a session outside a transaction
(`pulse.db.session`) runs it on the asyncpg connection itself: the same SQL, the same
parameter conversions, no per-call machinery. In a transaction, and on SQLite, it
runs through SQLAlchemy like any statement.

The rows come back as the driver gives them. That is only right when no column the
statement reads needs SQLAlchemy to convert it on the way out, which compiling checks.
"""

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any]


class Compiled:
    """The statement as PostgreSQL's driver runs it: its SQL with numbered parameters,
    and how to turn named parameters into their values in that order."""

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        self.sql = compiled.string
        self._compiled = compiled
        self._names = tuple(compiled.positiontup or ())
        self._processors: dict[str, Processor] = {}
        for name, bind in compiled.binds.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self._processors[name] = processor
        for column in getattr(statement, "selected_columns", ()):
            if column.type.dialect_impl(dialect).result_processor(dialect, None) is not None:
                raise TypeError(
                    f"{column} needs SQLAlchemy's result processing; run this statement "
                    "through Session.execute instead of as a Prepared one"
                )

    def arguments(self, parameters: Mapping[str, Any]) -> list[Any]:
        values = self._compiled.construct_params(dict(parameters))
        arguments = []
        for name in self._names:
            value = values[name]
            processor = self._processors.get(name)
            arguments.append(value if processor is None else processor(value))
        return arguments


class Prepared:
    """A statement built once; `Session.fetch` and `Session.run` run it.

    `writes` says the statement changes rows (an INSERT, or a SELECT whose WITH
    clauses insert): a session never runs such a statement twice.
    """

    def __init__(self, statement: Any, *, writes: bool = False) -> None:
        self.statement = statement
        self.writes = writes
        self._compiled: Compiled | None = None

    def compiled(self, dialect: Dialect) -> Compiled:
        if self._compiled is None:
            self._compiled = Compiled(self.statement, dialect)
        return self._compiled
