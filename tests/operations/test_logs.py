"""What reaches a log line through an exception: a failed statement's error names the
statement, never its values (a person's fields, a key's hash)."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine


async def test_a_failed_statement_does_not_name_its_values(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        with pytest.raises(DBAPIError) as failure:
            await conn.execute(
                text("SELECT no_such_column FROM employees WHERE full_name = :name"),
                {"name": "Zelda Quietperson"},
            )
    assert "no_such_column" in str(failure.value)
    assert "Zelda" not in str(failure.value)
